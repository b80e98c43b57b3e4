#!/bin/sh
# The adopter's route end to end: a repository of foreign-shaped policies
# with its own history; isms-new adopt --write on a branch; the decisions
# it lists filled in (the roles' people and approver); the branch merged
# by the approver through a pull request. The lint then has no
# front-matter/*, field/*, section/*, owner/* or approval/* finding.
. "$(dirname "$0")/lib.sh"

R="$TMP/route"
git init -q -b main "$R"
cp -R "$DATA/foreign/." "$R/"
git -C "$R" add -A
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	git -C "$R" commit -q -m "our policies, as they were"

git -C "$R" checkout -q -b adopt-isms
run isms-new adopt "$R" --write --map document_id=id,annex_a_controls=controls,last_updated=last_reviewed
is "$rc" 0 "adopt --write exits 0"
# What is left to decide: who the roles are, and who approves.
sed -i -e 's/^  jane-roe: {name: "Jane Roe", email: ""}.*/  jane-roe: {name: "Jane Roe", email: jane@example.com, approver: true}/' \
	-e 's/^  sam-poe: {name: "Sam Poe", email: ""}.*/  sam-poe: {name: "Sam Poe", email: sam@example.com}/' \
	-e 's/^  ciso: {name: "", email: ""}.*/  ciso: {name: "Jane Roe", email: jane@example.com}/' \
	-e 's/^  it-lead: {name: "IT Lead", email: ""}.*/  it-lead: {name: "Ann Lee", email: ann@example.com}/' "$R/isms.yml"
git -C "$R" add -A
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	git -C "$R" commit -q -m "Adopt the ISMS conventions"
git -C "$R" checkout -q main
_pr=$((_pr + 1)); approved_merge "$R" adopt-isms

got=$(isms-lint -C "$R" --now 2026-12-01 --format json 2>/dev/null | python3 -c "
import json, sys
for f in json.load(sys.stdin)['findings']:
    if f['rule'].split('/')[0] in ('front-matter', 'field', 'section', 'owner', 'approval') and f['severity'] == 'error':
        print(f['path'], f['line'], f['rule'], f['message'])
")
is "$got" "" "after the approved merge: no front-matter, field, section, owner or approval error"
like "$(isms-render history -C "$R" policies/access-control.md 2>&1)" "approved by Jane Roe" \
	"the adoption is on record as approved"

done_testing
