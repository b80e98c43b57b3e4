#!/bin/sh
# The lint and the site judge one ISMS alike (lib/facts.c): training
# without a staff list or any training record, with nobody named at all,
# and the review of a document whose version key has no value. Before,
# the lint was silent on training without a staff list and a training
# record while the audit page showed a gap and the dashboard "0/3 staff
# trained"; and the site called a document with `version:` left empty
# "not reviewed" while the lint reported it overdue.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
lint() { run isms-lint --now "$NOW" "$@"; }
site() { run isms-render site --now "$NOW" "$@"; }
section() { sed -n "/<section id=\"audit-$2\">/,/<\/section>/p" "$1/audit.html"; }
training() { printf '%s\n' "$out" | grep 'training/overdue'; }

# ---------------------------------------------------------------- training
# No staff list and no training record: the roles' three people still
# need training (clause 7.2), and the lint says so as the site does.
R="$TMP/r"
new_repo "$R" good
sed -i '/^staff:/,/^  - /d' "$R/isms.yml"
git -C "$R" rm -q records/training/2026-03-awareness.md
git -C "$R" add isms.yml
approved_commit "$R" "No staff list, no training record"
! grep -q '^staff:' "$R/isms.yml"
ok $? "the repository has no staff list"

lint -C "$R"
is "$(training | wc -l)" 3 "lint: one training/overdue for each of the 3 roles' people"
like "$out" '^isms.yml: warning: Jane Roe <jane@example.com> has no training record since 2025-11-01 \[training/overdue\]' \
	"lint names each of them"
S="$TMP/s"
site -C "$R" -o "$S"
is "$rc" 0 "the site renders"
like "$(cat "$S/dashboard.html")" '<td>0/3 staff trained since 2025-11-01</td>' \
	"the dashboard counts the same 3 people, none trained"
like "$(section "$S" training)" 'state bad">gap</span></h2>' "the audit page shows the same gap"
is "$(section "$S" training | grep -c 'state bad">gap</span> ')" 3 \
	"for the same 3 people"

# A training record for everyone, still no staff list: both are content.
git -C "$R" checkout -q HEAD~1 -- records/training/2026-03-awareness.md
approved_commit "$R" "The training record is back"
lint -C "$R"
is "$(training)" "" "lint: everyone trained, no training/overdue"
site -C "$R" -o "$S"
like "$(cat "$S/dashboard.html")" '<td>3/3 staff trained since 2025-11-01</td>' \
	"the dashboard: 3/3"
like "$(section "$S" training)" 'state ok">found</span></h2>' "the audit page: found"

# Nobody named: no staff and no role with an e-mail. Nobody's training
# can be shown, and both say so.
sed -i 's/, email: [a-z@.]*//' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "No e-mail for any role"
lint -C "$R"
like "$out" '^isms.yml: warning: isms.yml lists no staff and no role with an e-mail, so nobody.s training can be shown \[training/overdue\]' \
	"lint: nobody named is a training/overdue finding"
site -C "$R" -o "$S"
like "$(section "$S" training)" 'lists no staff and no role with an e-mail' \
	"the audit page: the same gap"

# ---------------------------------------------------------------- review
# A policy whose version key has no value is still a controlled document:
# reviewed by both, overdue by both 14 months after its approval.
R="$TMP/v"
new_repo "$R" good
sed -i 's/^version: "1.3"$/version:/' "$R/policies/information-security.md"
git -C "$R" add policies/information-security.md
approved_commit "$R" "The policy's version left empty"
run isms-lint -C "$R" --now 2027-12-01
like "$out" '^policies/information-security.md:1:1: error: last approved on 2026-10-01 .*\[review/overdue\]' \
	"lint: the policy's review is overdue"
run isms-render site -C "$R" -o "$TMP/vs" --now 2027-12-01
like "$(grep 'href="policies/information-security.html"' "$TMP/vs/index.html")" \
	'state bad">overdue</span>' "the site's index: overdue too, not \"not reviewed\""
like "$(cat "$TMP/vs/policies/information-security.html")" \
	'state bad">overdue</span> the review was due by 2027-10-01' \
	"its page: due a review interval after its approval, as lint says"

# A document with no history yet (written, not committed) whose planned
# review has passed: the site calls it overdue, and so does the lint
# (before, review/overdue ran only for documents with history).
R="$TMP/n"
new_repo "$R" good
sed -e 's/^id: POL-001$/id: POL-901/' -e 's/^next_review: .*$//' \
	-e 's/^version: "1.3"$/version: "1.3"\nnext_review: 2026-06-01/' \
	"$R/policies/information-security.md" > "$R/policies/new-policy.md"
grep -q '^next_review: 2026-06-01$' "$R/policies/new-policy.md"
ok $? "a new, uncommitted policy plans its review for 2026-06-01"
lint -C "$R"
like "$out" '^policies/new-policy.md:[0-9]+:[0-9]+: error: the review planned for 2026-06-01 has not happened \[review/overdue\]' \
	"lint: its review is overdue without any history"
site -C "$R" -o "$TMP/ns"
like "$(grep 'href="policies/new-policy.html"' "$TMP/ns/index.html")" \
	'state bad">overdue</span>' "the site's index says the same"

done_testing
