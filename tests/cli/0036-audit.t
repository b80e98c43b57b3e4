#!/bin/sh
# isms-render audit: the auditor's verdict on real repositories whose
# answers are known. A clean ISMS meets every answerable item; no
# management review is a major non-conformity, resources never decided
# too; an overdue review is minor; a warning is an observation; isms.yml's
# audit.grades overrides a grade, and an unknown rule id there is trouble
# with its line and column. The md, json and html outputs say the same,
# the html is the site's audit page byte for byte (one home), and the
# dashboard counts the gaps by grade.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
audit() { run isms-render audit --now "$NOW" "$@"; }
# jq-like: print the Python expression $2 over the JSON in $1 (d).
py() { printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }
item() { echo "[i for i in d['items'] if i['id']=='$1'][0]"; }

# ---------------------------------------------------------------- clean
R="$TMP/good"
new_repo "$R" good
audit -C "$R" --format json
is "$rc" 0 "audit: exit 0 on a clean ISMS"
J=$out
is "$(py "$J" "d['summary']")" \
	"{'items': 15, 'met': 10, 'gaps': 0, 'not_answerable': 5, 'major': 0, 'minor': 0, 'observation': 0}" \
	"json: the 10 answerable items met, 5 not answerable, no gap"
is "$(py "$J" "[i['id'] for i in d['items'] if i['state']=='not-answerable']")" \
	"['sites', 'risks', 'top-management', 'staff', 'practice']" \
	"json: sites and risks (none in this repository), the interviews and the observation of practice are not answerable from the repository"
is "$(py "$J" "[(i['id'], i['owner']) for i in d['items'][:4]]")" \
	"[('processes', 'ciso'), ('management-review', 'top-management'), ('resources', 'finance'), ('internal-audit', 'compliance-manager')]" \
	"json: each item names its owner role"
is "$(py "$J" "[(e['path'], e['page']) for e in $(item processes)['evidence']]")" \
	"[(None, 'graph.html'), ('processes/capa.md', 'processes/capa.html'), ('processes/risk.md', 'processes/risk.html')]" \
	"json: the process map's evidence links the graph and each process"
like "$(py "$J" "$(item document-control)['evidence'][0]")" \
	"'commit': '[0-9a-f]{40}'" "json: document control's evidence names the approving commit"

audit -C "$R"
like "$out" '^# Audit verdict$' "md: a title"
like "$out" '^\| Process map \| 4\.4 \| CISO \| met \|  \|$' "md: the checklist, one row an item"
like "$out" '^\| Interview with top management \| 5\.1 \| top management \| not-answerable \|  \|$' \
	"md: an item the repository cannot answer says so"
like "$out" '^- found `records/management-reviews/2026-09.md` dated 2026-09-15; 1 decision; resources approved: One extra security engineer$' \
	"md: the management review minutes with their resources"

# ---------------------------------------------------------------- same bytes
A=$(isms-render -C "$R" --now "$NOW" audit --format json)
B=$(isms-render audit -C "$R" --now "$NOW" --format json)
ok $([ -n "$A" ] && [ "$A" = "$B" ]; echo $?) \
	"-C DIR --now DATE audit gives the same bytes as audit -C DIR --now DATE"

# ---------------------------------------------------------------- html
audit -C "$R" --format html -o "$TMP/audit.html"
is "$rc" 0 "html: written with -o"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
run cmp "$TMP/audit.html" "$TMP/site/audit.html"
is "$rc" 0 "html: the site's audit page, byte for byte"
like "$(cat "$TMP/site/audit.html")" '<tr><td><a href="#audit-resources">Budget and resources</a></td><td>5\.1, 7\.1</td><td>finance</td><td><span class="state ok">found</span></td><td></td></tr>' \
	"html: the checklist row links its section, with owner and state"
like "$(cat "$TMP/site/dashboard.html")" '<tr id="kpi-audit-major"><th>Major non-conformities</th><td>0</td>' \
	"dashboard: no major non-conformity"

# ---------------------------------------------------------------- major
M="$TMP/no-review"
new_repo "$M" good
git -C "$M" rm -q records/management-reviews/2026-09.md
approved_commit "$M" "Drop the management review"
audit -C "$M" --format json
J=$out
is "$(py "$J" "($(item management-review)['state'], $(item management-review)['grade'])")" \
	"('gap', 'major')" "no management review: a major non-conformity"
is "$(py "$J" "[(g['key'], g['path']) for g in $(item management-review)['gaps']]")" \
	"[('record/overdue', 'isms.yml')]" "graded by record/overdue, where records.management-review is set"
like "$(py "$J" "$(item management-review)['reason']")" '^No management review is on record' \
	"with the reason"
is "$(py "$J" "($(item resources)['grade'], [g['key'] for g in $(item resources)['gaps']])")" \
	"('major', ['audit/resources'])" "and so resources were never decided: major too"
is "$(py "$J" "d['summary']['major']")" 2 "two major non-conformities in all"
is "$(py "$J" "[g['key'] for i in d['items'] for g in i['gaps'] if g['key']=='record/overdue']")" \
	"['record/overdue']" "the lint's record/overdue finding is not counted twice"
run isms-render site -C "$M" --now "$NOW" -o "$TMP/site-m"
like "$(cat "$TMP/site-m/dashboard.html")" '<tr id="kpi-audit-major"><th>Major non-conformities</th><td>2 <span class="state bad">open</span>' \
	"dashboard: 2 major non-conformities"
S=$(sed -n '/<section id="audit-management-review">/,/<\/section>/p' "$TMP/site-m/audit.html")
like "$S" '<strong>Gap:</strong> No management review is on record.*<span class="state bad">major non-conformity</span>' \
	"audit page: the gap, its reason and its grade"
like "$S" '<td class="nowrap"><span class="state bad">major non-conformity</span></td><td><a href="rules.html#record-overdue"><code>record/overdue</code></a></td><td><a href="governed/isms.yml.html">isms.yml</a>' \
	"audit page: the gap's rule and where, linked"
like "$S" 'owner: top management' "audit page: the item's owner role"

# ---------------------------------------------------------------- minor
# Fourteen months on, the documents approved in October 2026 are overdue.
audit -C "$R" --format json --now 2027-12-01
J=$out
is "$(py "$J" "sorted(set((g['key'], g['grade']) for g in $(item document-control)['gaps']))")" \
	"[('review/overdue', 'minor')]" "an overdue review: a minor non-conformity"
is "$(py "$J" "$(item document-control)['evidence'][0]['good']")" False \
	"and the overdue document's evidence is marked"

# ---------------------------------------------------------------- observation
O="$TMP/observation"
new_repo "$O" good
sed -i 's/^Top management commits/Top management firmly commits/' "$O/policies/information-security.md"
git -C "$O" add -A
approved_commit "$O" "Firmer intent, same version"
audit -C "$O" --format json
is "$(py "$J" "1")" 1 "(json parses)"
is "$(py "$out" "[(g['key'], g['grade']) for g in $(item document-control)['gaps']]")" \
	"[('version/unchanged', 'observation')]" "a warning: an observation"
is "$(py "$out" "(d['summary']['major'], d['summary']['minor'], d['summary']['observation'])")" \
	"(0, 0, 1)" "counted as one observation"

# ---------------------------------------------------------------- override
cat >> "$O/isms.yml" <<'EOF'
audit:
  grades:
    version/unchanged: minor
    audit/resources: observation
EOF
git -C "$O" add isms.yml
approved_commit "$O" "Grade unchanged versions minor"
audit -C "$O" --format json
is "$(py "$out" "[(g['key'], g['grade']) for g in $(item document-control)['gaps']]")" \
	"[('version/unchanged', 'minor')]" "audit.grades in isms.yml overrides a rule's grade"
audit -C "$O"
like "$out" '^- \*\*minor\*\* `version/unchanged` `policies/information-security.md:1:1`: the body changed' \
	"md: the gap with its grade, rule and place"
printf 'audit:\n  grades:\n    version/unchanged: minor\n    review/overdu: major\n' > "$TMP/bad.yml"
audit -C "$O" --config "$TMP/bad.yml"
is "$rc" 2 "an unknown rule id in audit.grades is trouble"
like "$err" 'bad.yml:4:5: unknown rule "review/overdu" in audit.grades; did you mean "review/overdue"\?' \
	"named with its line and column"
audit -C "$O" --format yaml
is "$rc" 2 "an unknown format is a usage error"
like "$err" 'audit formats are md, json and html' "naming the formats"

done_testing
