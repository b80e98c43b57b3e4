#!/bin/sh
# isms-render audit --sample N --seed S: the internal auditor's
# document-control sample. N policies, processes and procedures drawn by
# the seed (the same seed, the same documents; another seed, others),
# each printed with its full version history, approvals and evidence
# level; in md, json and html.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
py() { printf '%s' "$1" | python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"; }
drawn() { py "$1" "' '.join(x['path'] for x in d['sample']['documents'])"; }

# The starter ISMS: 32 controlled documents, a second change to one.
R="$TMP/r"
starter_repo "$R"
sed -i 's/^version: .*/version: "1.1"/' "$R/policies/access-control.md"
git -C "$R" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$R" "Access control 1.1"

run isms-render audit -C "$R" --now "$NOW" --format json --sample 3 --seed 42
is "$rc" 0 "audit --sample 3 --seed 42: exit 0"
A=$out
is "$(py "$A" "(d['sample']['seed'], d['sample']['size'], d['sample']['population'])")" \
	"(42, 3, 32)" "json: 3 of the 32 policies, processes and procedures, with the seed"
is "$(py "$A" "all(x['path'].split('/')[0] in ('policies','processes','procedures') for x in d['sample']['documents'])")" \
	True "json: only controlled documents are drawn"
is "$(py "$A" "len(set(x['path'] for x in d['sample']['documents']))")" 3 \
	"json: three different documents"
run isms-render audit -C "$R" --now "$NOW" --format json --sample 3 --seed 42
is "$(drawn "$out")" "$(drawn "$A")" "the same seed draws the same documents"
run isms-render audit -C "$R" --now "$NOW" --format json --sample 3 --seed 43
B=$out
ok $([ "$(drawn "$B")" != "$(drawn "$A")" ]; echo $?) "another seed draws others"
run isms-render audit -C "$R" --now "$NOW" --format json --sample 3
is "$(drawn "$out")" "$(drawn "$(isms-render audit -C "$R" --now "$NOW" --format json --sample 3 --seed 0)")" \
	"without --seed the seed is 0"

# Every document once, with its history: approvals and evidence level.
run isms-render audit -C "$R" --now "$NOW" --format json --sample 100 --seed 5
is "$(py "$out" "(d['sample']['size'], d['sample']['population'])")" "(32, 32)" \
	"asked for more than there are: all of them"
is "$(py "$out" "[len(x['changes']) for x in d['sample']['documents'] if x['path']=='policies/access-control.md']")" \
	"[2]" "each with its full version history (both changes)"
is "$(py "$out" "[(c['version'], c['approval'], c['evidence'], c['approvers'][0]['role']) for x in d['sample']['documents'] if x['path']=='policies/access-control.md' for c in x['changes']]")" \
	"[('1.1', 'merge', 'claimed', 'ciso'), ('1.0', 'merge', 'claimed', 'ciso')]" \
	"each change with its version, approval, evidence level and approver's role"

run isms-render audit -C "$R" --now "$NOW" --sample 2 --seed 42
like "$out" '^## Document-control sample$' "md: a sample section"
like "$out" '^2 of 32 controlled documents, drawn with seed 42 \(isms-render audit --sample 2 --seed 42\)\.$' \
	"md: says how to draw it again"
like "$out" '^            approved by Jane Roe <ciso@example.com> \(ciso, merge, claimed\); pull request #[0-9]+; merged in [0-9a-f]{10}$' \
	"md: each change's approval with its evidence level"
is "$(printf '%s\n' "$out" | grep -c '^### ')" 2 "md: one heading a drawn document"
first=$(py "$A" "d['sample']['documents'][0]['path']")
like "$out" "^$first " "md: the seed's first document leads, as in json"

run isms-render audit -C "$R" --now "$NOW" --format html --sample 2 --seed 42
like "$out" '<section id="audit-sample">' "html: a sample section"
is "$(printf '%s\n' "$out" | grep -c '<h2 id="isms-history">Version history and approvals</h2>')" 2 \
	"html: a version history table a drawn document"
like "$out" 'class="state warn">claimed</span>' "html: with the evidence level"

# Usage.
run isms-render audit -C "$R" --seed 3
is "$rc" 2 "--seed without --sample is a usage error"
like "$err" '^isms-render: --seed needs --sample$' "saying so"
run isms-render audit -C "$R" --sample 0
is "$rc" 2 "--sample 0 is a usage error"
like "$err" "isms-render: --sample needs a number from 1 to [0-9]+, not '0'" "saying what it needs"
run isms-render audit -C "$R" --sample 2 --seed -1
is "$rc" 2 "a negative seed is a usage error"
run isms-render soa -C "$R" --sample 2
is "$rc" 2 "--sample belongs to audit only"

done_testing
