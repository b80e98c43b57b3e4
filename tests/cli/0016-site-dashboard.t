#!/bin/sh
# isms-render site: dashboard.html (the KPIs for management review) and
# audit.html (the clause 4.4 evidence checklist) are well-formed, script-
# free, link only inside the site, compute their figures from the
# repository as of --now, show a gap when a record goes, and are the same
# bytes for the same repository.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
site() { run isms-render site --now "$NOW" "$@"; }

check() { python3 "$ISMS_SRC/tests/site-check.py" "$1" | grep -v '^pages '; }
# section SITE ID: the lines of audit.html's section id="audit-ID".
section() { sed -n "/<section id=\"audit-$2\">/,/<\/section>/p" "$1/audit.html"; }

# ---------------------------------------------------------------- good
R="$TMP/good"
new_repo "$R" good
# A change committed on 2026-10-03 and merged on 2026-10-05: two days.
git -C "$R" checkout -q -b late
# (its version raised with it: a body changed under the same version is
# version/unchanged, an observation of the audit page)
sed -i 's/^Top management commits/Top management firmly commits/; s/^version: "1.3"$/version: "1.4"/' \
	"$R/policies/information-security.md"
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL=sam@example.com \
GIT_AUTHOR_DATE=2026-10-03T12:00:00Z GIT_COMMITTER_DATE=2026-10-03T12:00:00Z \
	git -C "$R" commit -q -am "Firmer management intent (ISMS-7)"
git -C "$R" checkout -q main
GIT_AUTHOR_DATE=2026-10-05T12:00:00Z GIT_COMMITTER_DATE=2026-10-05T12:00:00Z \
	git -C "$R" merge -q --no-ff late -m "Merge pull request #9 from example/late" \
	-m "Approved-by: Jane Roe <jane@example.com>"
S="$TMP/site-good"
site -C "$R" -o "$S"
is "$rc" 0 "the good ISMS renders"
ok $([ -f "$S/dashboard.html" ] && [ -f "$S/audit.html" ]; echo $?) \
	"dashboard.html and audit.html are written"
is "$(check "$S")" "" "both are well-formed, every link resolves, no script or handler"
is "$(grep -c '<script' "$S/dashboard.html" "$S/audit.html" | grep -v ':0$')" "" \
	"no <script anywhere in them"
like "$(cat "$S/index.html")" 'href="dashboard.html">Dashboard</a> · <a href="audit.html">Audit</a>' \
	"the navigation has Dashboard and Audit"
like "$(cat "$S/policies/information-security.html")" 'href="../audit.html"' \
	"and links to them from pages in folders"

D="$(cat "$S/dashboard.html")"
like "$D" '<tr id="kpi-review"><th>Documents within review</th><td>4 of 4</td>' \
	"4 of the 4 controlled documents are within review"
like "$D" '<tr id="kpi-overdue">.*<td>0</td>' "none overdue"
like "$D" '<tr id="kpi-latency">.*median 1\.0 days, max 2\.0 days over 2 approved changes' \
	"approval latency: median 1 day, max 2, over the two approving merges"
like "$D" '<tr id="kpi-changes">.*<td>11</td>' "11 document changes in the last 12 months"
like "$D" '<svg class="chart".*aria-label="Document changes by the month they landed"' \
	"changes per month are drawn as inline SVG"
like "$D" '<text x="0" y="[0-9]+">2026-10</text><rect class="bar" x="120" y="[0-9]+" width="300" height="16"/><text x="[0-9]+" y="[0-9]+">11</text>' \
	"all 11 in October 2026, the tallest bar"
like "$D" '<text x="0" y="[0-9]+">2025-12</text>' "the chart starts 12 months back"
like "$D" '<tr id="kpi-management-review">.*2026-09-15 \(<a href="records/management-reviews/2026-09.html">' \
	"the last management review: 2026-09-15, linked"
like "$D" '<tr id="kpi-internal-audit">.*2026-06-10 \(<a href="records/audits/2026-06.html">' \
	"the last internal audit: 2026-06-10, linked"
like "$D" '<tr id="kpi-nonconformities">.*<td>0 open, 0 overdue, 1 closed</td>' \
	"no open non-conformity"
like "$D" '<tr id="kpi-training">.*<td>4/4 staff trained since 2025-11-01</td>' \
	"training completion 4/4"
like "$D" '<tr><td>Physical</td><td>14</td><td>13</td><td>0</td><td>1</td><td>0</td></tr>' \
	"SoA coverage by theme (Physical: 14 controls, 13 applicable, 1 excluded)"

A="$(cat "$S/audit.html")"
is "$(grep -c 'class="state bad">gap' "$S/audit.html")" 0 "the good ISMS has no gap"
for id in processes management-review document-control improvement training; do
	like "$(section "$S" $id)" '<h2>.*<span class="state ok">found</span></h2>' \
		"audit item $id: found"
done
like "$(section "$S" management-review)" \
	'href="records/management-reviews/2026-09.html">.*resources approved: One extra security engineer' \
	"the management review minutes are linked with the resources they approved"
like "$(section "$S" document-control)" 'href="policies/information-security.html">.*version 1\.4; last approved 2026-10-05' \
	"document control: the policy's version and last approval"
like "$(section "$S" improvement)" 'ticket ISMS-42; corrective action: Quarterly restore' \
	"the improvement log: ticket and corrective action"
is "$(section "$S" training | grep -c 'href="records/training/2026-03-awareness.html"')" 4 \
	"training: each of the 4 people linked to their training record"

# ---------------------------------------------------------------- determinism
site -C "$R" -o "$TMP/again"
run diff -r "$S" "$TMP/again"
is "$rc" 0 "two renders of the same repository are the same bytes"

# ---------------------------------------------------------------- a gap
git -C "$R" rm -q records/management-reviews/2026-09.md
approved_commit "$R" "Drop the management review"
site -C "$R" -o "$TMP/gap"
is "$rc" 0 "the ISMS without a management review still renders"
is "$(check "$TMP/gap")" "" "and its pages stay well-formed"
like "$(section "$TMP/gap" management-review)" '<h2>Management review minutes <span class="state bad">gap</span></h2>' \
	"audit.html marks the management review a gap"
like "$(section "$TMP/gap" management-review)" '<strong>Gap:</strong> No management review is on record' \
	"and says why in one sentence"
like "$(cat "$TMP/gap/dashboard.html")" '<tr id="kpi-management-review">.*none on record' \
	"the dashboard shows no management review"
like "$(section "$TMP/gap" training)" 'state ok">found</span></h2>' "the other items stay found"

# ---------------------------------------------------------------- templates
T="$TMP/templates"
git init -q -b main "$T"
git -C "$T" commit -q --allow-empty -m start
cp -R "$ISMS_SRC/policy-templates/." "$T/"
git -C "$T" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$T" "Adopt the starter ISMS"
site -C "$T" -o "$TMP/site-templates"
is "$rc" 0 "policy-templates renders"
is "$(check "$TMP/site-templates")" "" \
	"its dashboard and audit pages are well-formed, links resolve, no script"
# A copy of the templates is shelf-ware: template/unchanged warns on every
# document, which the verdict shows as observations among the other lint
# findings, and is its only gap.
is "$(grep 'class="state bad">gap' "$TMP/site-templates/audit.html" | grep -vc 'audit-findings\|Other lint findings')" 0 \
	"the starter ISMS has no audit gap but the other lint findings"
is "$(section "$TMP/site-templates" findings | grep 'state bad">gap' | grep -vc 'template/unchanged\|<h2>')" 0 \
	"... and those are its template/unchanged observations (shelf-ware)"
like "$(cat "$TMP/site-templates/dashboard.html")" '<tr id="kpi-nonconformities">' \
	"and a dashboard"

done_testing
