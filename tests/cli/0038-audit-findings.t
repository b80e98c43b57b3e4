#!/bin/sh
# The verdict and the lint judge one ISMS alike: every lint finding is a
# gap of exactly one checklist item, with the finding's rule, place and
# message (record/overdue once, stated from the facts); a closed
# non-conformity without a corrective action is the verdict's own
# minor gap; --rev gives the verdict on the ISMS as a commit holds it;
# an empty repository meets nothing.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
py() { printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }

R="$TMP/defects"
new_repo "$R" defects
run isms-lint -C "$R" --now "$NOW" --format json
L=$out
ok $([ "$(py "$L" "len(d['findings'])")" -gt 10 ]; echo $?) "the defects fixture has findings"
run isms-render audit -C "$R" --now "$NOW" --format json
is "$rc" 0 "audit: exit 0 however many findings"
A=$out
printf '%s' "$L" > "$TMP/lint.json"
printf '%s' "$A" > "$TMP/audit.json"
is "$(python3 - "$TMP/lint.json" "$TMP/audit.json" <<'EOF'
import json, sys
lint = json.load(open(sys.argv[1]))["findings"]
audit = json.load(open(sys.argv[2]))["items"]
gaps = [(g["path"], g["key"], g["reason"]) for i in audit for g in i["gaps"]]
bad = []
for f in lint:
    if f["rule"] == "record/overdue":
        continue
    n = gaps.count((f["path"], f["rule"], f["message"]))
    if n != 1:
        bad.append("%s %s: %d" % (f["path"], f["rule"], n))
rules = [g for g in gaps if not g[1].startswith("audit/") and g[1] != "record/overdue"]
print(len(bad), len(rules) == len([f for f in lint if f["rule"] != "record/overdue"]), bad[:3])
EOF
)" "0 True []" "every lint finding is a gap of exactly one item, and no gap is made up"
is "$(py "$A" "[i['id'] for i in d['items'] if i['state']=='gap' and i['grade'] is None]")" "[]" \
	"every item with a gap has a grade"
is "$(py "$A" "d['summary']['major']+d['summary']['minor']+d['summary']['observation']==sum(len(i['gaps']) for i in d['items'])")" \
	True "the summary counts every gap once"

# ---------------------------------------------------------------- corrective action
G="$TMP/good"
new_repo "$G" good
sed -i '/^corrective_action:/d' "$G/records/nonconformities/"*.md
git -C "$G" add -A
approved_commit "$G" "The corrective action is lost"
run isms-render audit -C "$G" --now "$NOW" --format json
is "$(py "$out" "[(g['key'], g['grade'], g['reason']) for i in d['items'] if i['id']=='improvement' for g in i['gaps']]")" \
	"[('audit/corrective-action', 'minor', 'NC-001 is closed without a corrective action (corrective_action).')]" \
	"a closed non-conformity without a corrective action: the verdict's own minor gap"

# ---------------------------------------------------------------- --rev
# Before the corrective action was lost, the improvement log was met.
run isms-render audit -C "$G" --now "$NOW" --format json --rev HEAD~1
is "$(py "$out" "[i['state'] for i in d['items'] if i['id']=='improvement']")" "['met']" \
	"audit --rev: the verdict on the ISMS as that commit holds it"

# ---------------------------------------------------------------- empty
# A repository without documents meets nothing an auditor asks for, even
# where the lint, having no document to judge, stays silent.
E="$TMP/empty"
git init -q -b main "$E"
run isms-render audit -C "$E" --now "$NOW" --format json
is "$rc" 0 "an empty repository: exit 0"
like "$err" '0 documents in scope' "with the note that nothing is in scope"
is "$(py "$out" "[i['id'] for i in d['items'] if i['state']=='met']")" "['findings']" \
	"only \"no other lint finding\" is met"
is "$(py "$out" "[(g['key'], g['grade']) for i in d['items'] if i['id'] in ('training', 'soa') for g in i['gaps']]")" \
	"[('training/overdue', 'minor'), ('soa/undecided', 'observation')]" \
	"nobody's training shown and no SoA decision are gaps, as the facts say"

done_testing
