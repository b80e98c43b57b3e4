#!/bin/sh
# The dashboard's built-in KPIs and the ISMS's own KPIs, on a repository
# whose answers are known: each figure as the facts compute it, and each
# KPI plotted over time against its target in inline SVG (no script, the
# same bytes twice, every value escaped).
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good
MR="$R/records/management-reviews"
# Three decisions {decision, owner, due, done} of a review on 2026-06-01:
# done within 90 days (by 2026-08-30) twice, once late. A sentence and a
# young open decision of a later review are not counted.
cat > "$MR/2026-06.md" <<'DOC'
---
id: MR-2026-06
title: Management Review June 2026
type: management-review
owner: ceo
date: 2026-06-01
attendees: [Max Mustermann, Jane Roe]
decisions:
  - {decision: Hire a security engineer, owner: ceo, due: 2026-07-31, done: 2026-07-01}
  - {decision: Buy a SIEM, owner: ciso, due: 2026-08-31, done: 2026-08-15}
  - {decision: Run a DR test, owner: it-lead, due: 2026-08-31, done: 2026-10-01}
  - Keep the scope as it is
resources:
  - {item: Security engineer, amount: 90000 EUR, approved: true}
---
# Minutes

Three actions.
DOC
sed -i 's/^  - Approve the risk treatment plan/  - {decision: Approve the plan, owner: ceo, due: 2026-12-01}/' "$MR/2026-09.md"
# Audits: one held before its planned date, one after, one planned later.
A="$R/records/audits"
sed -i 's/^date: 2026-06-10/date: 2026-06-10\nplanned: 2026-06-15/' "$A/2026-06.md"
sed -e '/^planned: 2026-06-15/d' -e 's/^id: .*/id: IA-2026-09/' \
	-e 's/^date: .*/date: 2026-09-20\nplanned: 2026-09-01/' \
	"$A/2026-06.md" > "$A/2026-09.md"
sed -e 's/^id: .*/id: IA-2026-12/' -e 's/^date: .*/date: 2026-06-01\nplanned: 2026-12-01/' \
	-e '/^planned: 2026-06-15/d' "$A/2026-06.md" > "$A/2026-12.md"
# Non-conformities closed in 20 and 10 days.
N="$R/records/nonconformities"
sed -i 's/^due: 2026-08-01/due: 2026-08-01\nclosed: 2026-07-21/' "$N/nc-001.md"
sed -e 's/^id: .*/id: NC-002/' -e 's/^raised: .*/raised: 2026-08-01/' \
	-e 's/^closed: .*/closed: 2026-08-11/' "$N/nc-001.md" > "$N/nc-002.md"
# A KPI with an escaped title, measured four times, off target at the end.
mkdir -p "$R/kpis" "$R/records/measurements"
printf -- '---\nid: KPI-PATCH\ntitle: "Patch <fast> & often"\ntype: kpi\nowner: it-lead\ntarget: "<= 14 days"\nunit: days\nfrequency: quarterly\n---\n# Patch\n\nMedian days.\n' \
	> "$R/kpis/patch.md"
q=0
for m in 2025-12-31:21 2026-03-31:12 2026-06-30:9 2026-09-30:15; do
	q=$((q + 1))
	printf -- '---\nid: M-PATCH-%s\ntype: measurement\nkpi: KPI-PATCH\ndate: %s\nvalue: %s\n---\n' \
		"$q" "${m%:*}" "${m#*:}" > "$R/records/measurements/patch-$q.md"
done
git -C "$R" add -A
approved_commit "$R" "records with known answers" >/dev/null

run isms-lint -C "$R" --now "$NOW"
is "$rc" 0 "the repository lints without errors"
is "$(printf '%s\n' "$out" | grep -c 'kpi/off-target')" 1 "its KPI is off target at the end (a warning)"

S="$TMP/site"
run isms-render site -C "$R" --now "$NOW" -o "$S"
is "$rc" 0 "the site renders"
D=$(cat "$S/dashboard.html")
like "$D" '<tr id="kpi-action-rate"><th>Management review actions done within 90 days</th><td>67 % \(2 of 3\)</td></tr>' \
	"action rate: 2 of 3 decisions done within 90 days is 67 %"
like "$D" '<tr id="kpi-audit-completion"><th>Internal audits done on schedule</th><td>50 % \(1 of 2\)</td></tr>' \
	"audit completion: 1 of the 2 audits planned by now was held by its planned date"
like "$D" '<tr id="kpi-nc-close"><th>Non-conformity time to close</th><td>median 15.0 days, max 20.0 days over 2</td></tr>' \
	"time to close: the median and the longest, in days"
like "$D" '<tr id="kpi-training-completion"><th>Training completion</th><td>100 % \(4 of 4\)</td></tr>' \
	"training completion: everyone in staff and roles"
like "$D" '<tr id="kpi-approval-latency"><th>Approval latency, last 12 months</th><td>median 0.0 days' \
	"approval latency, from the same fact as before"
like "$D" '<tr id="kpi-nonconformities"><th>Open non-conformities</th><td>0 open, 0 overdue, 2 closed</td></tr>' \
	"the non-conformity counts come from the facts"

# The KPI, its state and its chart.
like "$D" '<tr id="kpi-KPI-PATCH"><th><a href="kpis/patch.html">Patch &lt;fast&gt; &amp; often</a></th><td>15 days on 2026-09-30, target &lt;= 14 days <span class="state bad">off target</span></td></tr>' \
	"the KPI's row: latest value, date, target, off target; the title escaped"
svg=$(sed -n '/aria-label="KPI-PATCH over time"/,/<\/svg>/p' "$S/dashboard.html")
is "$(printf '%s\n' "$svg" | grep -c '<circle ')" 4 "the chart has a point per measurement"
is "$(printf '%s\n' "$svg" | grep -c '<circle class="b-bad"')" 2 "the points that missed the target are marked"
like "$svg" '<line class="target" .*stroke-dasharray' "the target is a dashed line"
like "$svg" 'target &lt;= 14 days</text>' "labelled with the target, escaped"
like "$svg" '<polyline fill="none" stroke="#36c" points="64.0,[0-9.]+ [0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+ 464.0,[0-9.]+"/>' \
	"the line runs from the first to the last measurement by date"
like "$svg" 'KPI-PATCH: Patch &lt;fast&gt; &amp; often' "the chart's caption is escaped"
unlike "$D" '<script|onload=|onclick=' "no script in the dashboard"
is "$(python3 "$ISMS_SRC/tests/site-check.py" "$S" | grep -v '^pages ')" "" \
	"the site stays well-formed, every link resolving"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site2"
ok $(cmp -s "$S/dashboard.html" "$TMP/site2/dashboard.html"; echo $?) \
	"the dashboard is the same bytes twice"

# One notion of each figure: lint, dashboard and audit page agree.
like "$(cat "$S/audit.html")" 'resources approved: 1 of 1 item approved \(Security engineer 90000 EUR, approved\)' \
	"the audit page reads the resources from the same facts"
P=$(cat "$S/kpis/patch.html")
like "$P" '<dt>Target</dt><dd>&lt;= 14 days</dd>' "the KPI's page shows its target"
like "$P" '<dt>Latest</dt><dd>15 on 2026-09-30 .*<span class="state bad">off target</span>' \
	"and its latest measurement, off target like the lint says"

# Without any KPI or data: the built-in figures say what is missing.
R2="$TMP/r2"
new_repo "$R2" good
git -C "$R2" rm -q kpis/restore.md records/measurements/restore-2026.md
approved_commit "$R2" "No KPI"
run isms-render site -C "$R2" --now "$NOW" -o "$TMP/site3"
D=$(cat "$TMP/site3/dashboard.html")
like "$D" 'kpi-action-rate.*no decision \{decision, owner, due, done\} due for 90 days yet' \
	"no structured decision: the action rate says so, not 0 %"
like "$D" 'No KPI is defined' "no KPI: the dashboard says so"
# and the auditor's verdict: objectives not measurable (clause 6.2).
run isms-render audit -C "$R2" --now "$NOW" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys
v=json.load(sys.stdin); it=[i for i in v["items"] if i["id"]=="kpis"][0]
print(it["state"], [(g["key"], g["grade"]) for g in it["gaps"]])')" \
	"gap [('audit/objectives', 'minor')]" \
	"no KPI: the verdict's objectives item is a minor gap (audit/objectives)"
run isms-render audit -C "$R" --now "$NOW" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys
v=json.load(sys.stdin); it=[i for i in v["items"] if i["id"]=="kpis"][0]
print(it["state"], len(it["evidence"]) >= 5)')" "gap True" \
	"with KPIs: the item shows the built-in figures and each KPI, and the off-target one is a gap"

done_testing
