#!/bin/sh
# Governed files and removals, as lint, history and diff see them: isms.yml,
# soa.yml and the signers' keys need approval like documents; a document
# that leaves the ISMS (deleted, renamed out of scope, excluded) without
# approval is approval/missing; who approves is judged by the last approved
# isms.yml, never by the one being changed.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
NOW=2026-11-01
lint() { run isms-lint -C "$R" --now "$NOW" "$@"; }
as_sam() { GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	GIT_COMMITTER_NAME="Sam Poe" GIT_COMMITTER_EMAIL="sam@example.com" "$@"; }
n=0
fresh() { n=$((n + 1)); R="$TMP/r$n"; new_repo "$R" good; }

fresh
lint
is "$rc" 0 "an ISMS brought in by an approved pull request lints clean, governed files included"

# A direct change of soa.yml.
sed -i '0,/applicable: true/s/applicable: true/applicable: false/' "$R/soa.yml"
as_sam git -C "$R" commit -q -am "Exclude a control"
lint
like "$out" '^soa.yml:1:1: error: changed on main in [0-9a-f]{7} "Exclude a control" .* without approval.*\[approval/missing\]' \
	"a direct change of soa.yml is approval/missing"
run isms-render history -C "$R" --all --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(" ".join(d["path"] for d in h["governed"]), len(h["documents"]))')" \
	"isms.yml soa.yml 10" "history --all lists the governed files apart from the 10 documents"
run isms-render history -C "$R" --format json soa.yml
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"]; print(len(c), c[0]["approval"], c[1]["approval"], c[1]["evidence"])')" \
	"2 none merge claimed" "history of soa.yml: the direct change, and the approved adoption (claimed)"

# diff names the governed file and the change that came in.
run isms-render diff -C "$R" HEAD~1 HEAD --format md
like "$out" '^- soa\.yml changed$' "diff md: soa.yml changed"
like "$out" '^  - .*Exclude a control.* not approved' "  with its unapproved change"
run isms-render diff -C "$R" HEAD~1 HEAD --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; g=json.load(sys.stdin)["governed"]; print(g[0]["path"], g[0]["state"], g[0]["changes"][0]["approval"])')" \
	"soa.yml changed none" "diff json: governed files with their changes"

# A deletion and a rename out of scope.
fresh
git -C "$R" rm -q procedures/backup.md
as_sam git -C "$R" commit -q -m "Drop the backup procedure"
git -C "$R" mv processes/capa.md processes/capa.txt
as_sam git -C "$R" commit -q -m "Keep CAPA as text"
lint
like "$out" '^procedures/backup.md: error: removed in [0-9a-f]{7} "Drop the backup procedure" \(.*\) by Sam Poe without approval \[approval/missing\]' \
	"a document deleted without approval is approval/missing at its old path"
like "$out" '^processes/capa.md: error: removed in [0-9a-f]{7} "Keep CAPA as text"' \
	"a document renamed to a non-document path is a removal"
git -C "$R" checkout -q -b restore
git -C "$R" mv processes/capa.txt processes/capa.md
as_sam git -C "$R" commit -q -m "CAPA back as a document"
git -C "$R" checkout -q main
git -C "$R" merge -q --no-ff restore -m "Merge pull request #9 from example/restore" -m "Approved-by: Jane Roe <jane@example.com>"
lint
unlike "$out" 'processes/capa.md: error: removed' "a removed path that comes back through an approved change is followed as the document again"

# An approved removal is fine.
fresh
git -C "$R" checkout -q -b drop
git -C "$R" rm -q procedures/backup.md
as_sam git -C "$R" commit -q -m "Retire the backup procedure"
git -C "$R" checkout -q main
git -C "$R" merge -q --no-ff drop -m "Merge pull request #4 from example/drop" -m "Approved-by: Jane Roe <jane@example.com>"
lint
unlike "$out" 'removed in' "a removal approved through a pull request is no finding"

# Excluding documents in an unapproved isms.yml.
fresh
printf 'exclude: ["README.md", "policies/**"]\n' >> "$R/isms.yml"
as_sam git -C "$R" commit -q -am "Out of scope"
lint
like "$out" "^$POL: error: put out of the ISMS by [0-9a-f]{7} \"Out of scope\", a change of isms.yml without approval" \
	"a document an unapproved isms.yml excludes is approval/missing"
like "$out" '^isms.yml:1:1: error: .*"Out of scope".*\[approval/missing\]' "  and so is the change of isms.yml"

# Who approves: an unapproved isms.yml that makes Sam an approver gives
# him no power, also over the change of isms.yml that follows.
fresh
sed -i 's/it-lead: {name: Sam Poe, email: sam@example.com}/it-lead: {name: Sam Poe, email: sam@example.com, approver: true}/' "$R/isms.yml"
as_sam git -C "$R" commit -q -am "Make it-lead an approver"
sed -i 's/^organisation: .*/organisation: Example Group/' "$R/isms.yml"
git -C "$R" checkout -q -b rename
GIT_AUTHOR_NAME="Ann Lee" GIT_AUTHOR_EMAIL=ann@example.com git -C "$R" commit -q -am "Rename the organisation"
git -C "$R" checkout -q main
as_sam git -C "$R" merge -q --no-ff rename -m "Merge pull request #5 from example/rename"
lint
like "$out" '^isms.yml:1:1: error: changed on main in [0-9a-f]{7} "Rename the organisation" .*\(and earlier changes\); the last approved change is' \
	"a merge by someone only an unapproved isms.yml made an approver approves nothing"
run isms-render history -C "$R" --format json isms.yml
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"]; print(c[0]["approval"], c[1]["approval"])')" \
	"none none" "  neither change of isms.yml is approved"

# The signers' allowed_signers file is governed from its default path.
fresh
mkdir -p "$R/.isms"
echo "jane@example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBX3fQ6gyR7j+zXh3mK6oY2m3fQ1b3Q2y5v7Jx0m6b1c" > "$R/.isms/allowed_signers"
git -C "$R" add .isms
as_sam git -C "$R" commit -q -m "Add signers"
lint
like "$out" '^.isms/allowed_signers:1:1: error: .*"Add signers".*\[approval/missing\]' \
	".isms/allowed_signers is governed"
# approval.governed adds more.
printf 'approval: {governed: ["CODEOWNERS"]}\n' >> "$R/isms.yml"
echo "* @jroe" > "$R/CODEOWNERS"
git -C "$R" add -A
git -C "$R" checkout -q -b owners
as_sam git -C "$R" commit -q -m "Govern CODEOWNERS"
git -C "$R" checkout -q main
git -C "$R" merge -q --no-ff owners -m "Merge pull request #6 from example/owners" -m "Approved-by: Jane Roe <jane@example.com>"
echo "* @sam" > "$R/CODEOWNERS"
as_sam git -C "$R" commit -q -am "Own everything"
lint
like "$out" '^CODEOWNERS:1:1: error: changed on main in [0-9a-f]{7} "Own everything"' \
	"a file approval.governed names needs approval"

# approval.require: once an approved isms.yml asks for forge reviews, a
# claimed approval is shown but does not count.
fresh
sed -i 's/^tickets:/approval: {require: forge-review}\ntickets:/' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "Require forge reviews"
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.3"/version: "1.4"/' "$R/$POL"
git -C "$R" add "$POL"
approved_commit "$R" "Firm intent"
lint
like "$out" "^$POL:1:1: error: changed on main in [0-9a-f]{7} \"Firm intent\" .* without approval \(approved only by Jane Roe: ciso, merge, claimed, below approval.require\)" \
	"a claimed approval below approval.require is approval/missing, and says what it had"
run isms-render history -C "$R" --format json "$POL"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"][0]; a=c["approvers"][0]; print(c["approval"], a["evidence"], a["counts"])')" \
	"none claimed False" "history: the approval is there, claimed, and does not count"

# forge-review: a pull request merged in the forge's web interface by a
# non-approver records no approver in git; the forge's review, recorded by
# CI as a note, approves it, for the approver whose login it names.
fresh
sed -i 's/ciso: {name: Jane Roe, email: jane@example.com,/ciso: {name: Jane Roe, email: jane@example.com, login: jroe,/' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "Jane's login"
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.3"/version: "1.4"/' "$R/$POL"
git -C "$R" checkout -q -b pr-12
as_sam git -C "$R" commit -q -am "Firm intent"
git -C "$R" checkout -q main
as_sam git -C "$R" merge -q --no-ff pr-12 -m "Merge pull request #12 from example/pr-12"
lint
like "$out" "^$POL:1:1: error: changed on main .*\"Firm intent\".* without approval" "a web merge by a non-approver is not approved"
sed "s/6dcb09b5b57875f334f61aebed695e2e4193db5e/$(git -C "$R" rev-parse HEAD^2)/g" "$DATA/reviews/github-approved.json" > "$TMP/reviews.json"
run isms-hook record-reviews -C "$R" --forge github --pr 12 < "$TMP/reviews.json"
is "$rc" 0 "record-reviews writes the forge's approvals as a note"
lint
unlike "$out" "$POL:1:1: error: changed on main" "with the note, the change is approved"
run isms-render history -C "$R" --format json "$POL"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"][0]; print(c["approval"], c["evidence"], [a["name"] for a in c["approvers"]])')" \
	"forge-review forge-review ['Jane Roe']" "history: approved by Jane Roe, evidence forge-review"

done_testing
