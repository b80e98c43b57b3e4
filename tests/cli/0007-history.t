#!/bin/sh
# Version history and approval records from git: how each change reached
# the approval branch, who approved it, and the rules that read history.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
NOW=2026-11-01
lint() { run isms-lint -C "$R" --now "$NOW" "$@"; }
hist() { isms-render history -C "$R" --format json "$@" "$POL"; }
# field EXPR: evaluate a Python expression over the JSON history `h` of $POL.
field() {
	hist | python3 -c "import json,sys; h=json.load(sys.stdin); c=h['changes']; print($1)"
}
edit() { sed -i "s/^Top management .*commits/Top management $1 commits/" "$R/$POL"; }
as_sam() { GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" "$@"; }
as_max() { GIT_AUTHOR_NAME="Max Mustermann" GIT_AUTHOR_EMAIL="max@example.com" \
	GIT_COMMITTER_NAME="Max Mustermann" GIT_COMMITTER_EMAIL="max@example.com" "$@"; }
# branch NAME WORD: a branch with one change of the policy by Sam.
branch() {
	git -C "$R" checkout -q -b "$1"
	edit "$2"
	git -C "$R" add "$POL"
	as_sam git -C "$R" commit -q -m "$3"
	git -C "$R" checkout -q main
}
n=0
fresh() { n=$((n + 1)); R="$TMP/r$n"; new_repo "$R" good; }

# A pull-request merge by an approver, without trailer: approved by merge.
fresh
branch pr-a really "Strengthen intent ISMS-11"
git -C "$R" merge -q --no-ff pr-a -m "Merge pull request #2 from example/pr-a"
is "$(field "c[0]['approval'], c[0]['pull_request'], c[0]['approvers'][0]['role']")" \
	"merge 2 ciso" "a PR merged by an approver is approved by the merge"
is "$(field "c[0]['tickets']")" "['ISMS-11']" "the change's ticket key is found"
is "$(field "c[0]['merge'] == '$(git -C "$R" rev-parse HEAD)'")" "True" \
	"the change names the merge that brought it in"
lint
is "$rc" 0 "approved changes lint clean"

# A merge by someone who is no approver: approved only through a trailer.
fresh
branch pr-b really "Strengthen intent"
as_sam git -C "$R" merge -q --no-ff pr-b -m "Merge pull request #3 from example/pr-b" \
	-m "Reviewed-by: Jane Roe <JANE@example.com>"
is "$(field "c[0]['approval'], c[0]['approvers'][0]['name']")" "trailer Jane Roe" \
	"a Reviewed-by trailer on the merge names the approver (e-mail case ignored)"
sed -i 's/ceo: {name: Max Mustermann, email: max@example.com, approver: true}/ceo: {name: Max Mustermann, email: max@example.com}/' "$R/isms.yml"
git -C "$R" add isms.yml && approved_commit "$R" "ceo no longer approves"
branch pr-c truly "Strengthen intent again"
as_max git -C "$R" merge -q --no-ff pr-c -m "Merge pull request #4 from example/pr-c"
is "$(field "c[0]['approval']")" "none" "a PR merged by a role without approver: true is not approved"
lint
like "$out" "^$POL:1:1: error: changed on main in [0-9a-f]{7} \"Strengthen intent again\" .*without approval; the last approved change is [0-9a-f]{7} \\[approval/missing\\]" \
	"approval/missing names the unapproved commit and the last approved one"
git -C "$R" checkout -q -b pr-d
sed -i 's/version: "1.3"/version: "1.4"/' "$R/$POL"
git -C "$R" commit -qam "Bump version" -m "Approved-by: Sam Poe <sam@example.com>"
git -C "$R" checkout -q main
as_max git -C "$R" merge -q --no-ff pr-d -m "Merge pull request #5 from example/pr-d"
is "$(field "c[0]['approval']")" "none" "an Approved-by naming a non-approver role does not approve"
git -C "$R" checkout -q -b pr-e
sed -i 's/version: "1.4"/version: "1.5"/' "$R/$POL"
as_sam git -C "$R" commit -qam "Bump version again" -m "Approved-by: Jane Roe <jane@example.com>"
git -C "$R" checkout -q main
as_max git -C "$R" merge -q --no-ff pr-e -m "Merge pull request #6 from example/pr-e"
is "$(field "c[0]['approval']")" "trailer" "an Approved-by trailer on the change itself approves it"
lint
unlike "$out" 'approval/missing' "approval/missing is silent once the latest change is approved"

# A merge that is no pull request does not approve by merging.
fresh
branch topic really "Strengthen intent"
git -C "$R" merge -q --no-ff topic -m "Merge branch 'topic'"
is "$(field "c[0]['approval'], c[0]['pull_request']")" "none None" "a plain merge is no pull request and approves nothing"

# A squash merge: one commit on main whose subject ends in (#7).
fresh
edit really
git -C "$R" add "$POL"
as_sam git -C "$R" commit -q -m "Strengthen intent (#7)"
is "$(field "c[0]['approval'], c[0]['pull_request'], c[0]['merge']")" "merge 7 None" \
	"a squash merge committed by an approver is approved"
edit truly
git -C "$R" add "$POL"
GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com as_sam \
	git -C "$R" commit -q -m "Strengthen intent again (#8)"
is "$(field "c[0]['approval']")" "none" "a squash committed by a non-approver (GitHub) needs a trailer"

# A fast-forward is a change committed straight to the branch.
fresh
branch ff really "Strengthen intent"
git -C "$R" merge -q --ff-only ff
is "$(field "c[0]['approval'], c[0]['merge']")" "none None" "a fast-forward brings unapproved changes"
lint
like "$out" "\\[approval/missing\\]" "approval/missing fires on a fast-forwarded change"

# Self-approval: the approver merges her own change.
fresh
edit really
git -C "$R" checkout -q -b own
git -C "$R" commit -qam "My own change" -m "Approved-by: Jane Roe <jane@example.com>"
git -C "$R" checkout -q main
git -C "$R" merge -q --no-ff own -m "Merge pull request #9 from example/own"
is "$(field "c[0]['approval'], c[0]['self_approved']")" "none True" "an author never approves her own change"
lint
like "$out" "^$POL:1:1: error: changed in [0-9a-f]{7} \"My own change\" .* by Jane Roe, approved only by that same person \\[approval/self\\]" \
	"approval/self fires"
unlike "$out" "approval/missing" "and approval/missing does not repeat it"
printf 'approval: {separation_of_duties: false}\n' >> "$R/isms.yml"
lint
like "$out" "approval/self" "an isms.yml edited in the work tree does not change who approves"
git -C "$R" add isms.yml
approved_commit "$R" "Allow self-approval"
edit fully
git -C "$R" checkout -q -b own2
git -C "$R" commit -qam "My own change again" -m "Approved-by: Jane Roe <jane@example.com>"
git -C "$R" checkout -q main
git -C "$R" merge -q --no-ff own2 -m "Merge pull request #10 from example/own2"
is "$(field "c[0]['approval'], c[1]['approval'], c[1]['self_approved']")" "merge none True" \
	"once an approved isms.yml turns separation of duties off, self-approval counts, but not before"
lint
unlike "$out" "approval/self" "without separation of duties, self-approval counts"

# Renames are followed.
fresh
git -C "$R" mv "$POL" policies/security-policy.md
sed -i 's|information-security.md|security-policy.md|' "$R"/records/*/*.md
git -C "$R" add -A
approved_commit "$R" "Rename the policy"
POL=policies/security-policy.md
is "$(field "len(c), c[0]['path'], c[1]['path']")" \
	"2 policies/security-policy.md policies/information-security.md" \
	"a renamed document keeps its history"
lint
is "$rc" 0 "a renamed, approved document lints clean"
POL=policies/information-security.md

# Deletion and re-creation: both lives are the document's history.
fresh
git -C "$R" rm -q "$POL"
approved_commit "$R" "Retire the policy"
git -C "$R" checkout -q HEAD~1 -- "$POL"
approved_commit "$R" "Bring the policy back"
is "$(field "len(c), c[0]['subject'], c[1]['subject'], c[2]['subject']")" \
	"3 Bring the policy back Retire the policy initial ISMS" \
	"deletion and re-creation are both changes of the document"

# An evil merge: the merge itself changes the document.
fresh
branch side really "Side change"
git -C "$R" merge -q --no-ff --no-commit side
edit "very"
git -C "$R" add "$POL"
as_max git -C "$R" commit -q -m "Merge pull request #10 from example/side"
is "$(field "c[0]['evil_merge'], c[0]['author']['name'], c[0]['commit'] == '$(git -C "$R" rev-parse HEAD)'")" \
	"True Max Mustermann True" "a merge that changes a document against both parents is a change by the merger"

# version/unchanged: the body changed but the version did not.
fresh
edit really
git -C "$R" add "$POL"
approved_commit "$R" "Reword"
lint
like "$out" "^$POL:1:1: warning: the body changed in [0-9a-f]{7} \"Reword\", but version stayed \"1.3\" \\[version/unchanged\\]" \
	"version/unchanged fires on the latest change"
sed -i 's/version: "1.3"/version: "1.4"/' "$R/$POL"
edit truly
git -C "$R" add "$POL"
approved_commit "$R" "Reword and bump"
lint
unlike "$out" "version/unchanged" "version/unchanged is silent when the version moves"
edit very
git -C "$R" add "$POL"
lint --staged
like "$out" "^$POL:1:1: warning: the body changed since HEAD, but version is still \"1.4\" \\[version/unchanged\\]" \
	"--staged compares the staged body with HEAD"

# review/overdue: from the last approval, or a passed next_review.
fresh
lint --now 2027-10-02
like "$out" "^$POL:1:1: error: last approved on 2026-10-01 \\([0-9a-f]{7}\\); the review was due by 2027-10-01 \\(every 12 months\\) \\[review/overdue\\]" \
	"review/overdue fires a day after the interval"
unlike "$out" "^records/.*review/overdue" "records are evidence, not reviewed"
lint --now 2027-09-30
unlike "$out" "$POL.*review/overdue" "and is silent within it"
sed -i 's/^status: approved/status: retired/' "$R/$POL"
lint --now 2027-10-02
unlike "$out" "$POL.*review/overdue" "a retired document is not reviewed"
git -C "$R" checkout -q -- "$POL"
sed -i 's/^status: approved/status: approved\nreview_interval: 1 month/' "$R/$POL"
lint --now 2026-11-05
like "$out" "$POL:1:1: error: .*every 1 month\\) \\[review/overdue\\]" "a document's review_interval overrides isms.yml"
git -C "$R" checkout -q -- "$POL"
sed -i 's/^status: approved/status: approved\nnext_review: 2026-10-15/' "$R/$POL"
lint
like "$out" "^$POL:8:14: error: the review planned for 2026-10-15 has not happened \\[review/overdue\\]" \
	"review/overdue fires when next_review has passed"

# record/overdue: management reviews and internal audits within their interval.
fresh
lint --now 2027-09-16
like "$out" "^records/management-reviews/2026-09.md:6:7: error: the last management review was on 2026-09-15; the next was due by 2027-09-15 \\[record/overdue\\]" \
	"record/overdue fires when the last management review is too old"
like "$out" "^records/audits/2026-06.md:6:7: error: the last internal audit was on 2026-06-10.*\\[record/overdue\\]" \
	"and when the last internal audit is"
git -C "$R" rm -q -r records/management-reviews
lint
like "$out" "^isms.yml: error: no management review on record .*\\[record/overdue\\]" "no management review at all is reported on isms.yml"

# training/overdue: everyone in staff, and every role's person.
fresh
sed -i 's/^staff:/staff:\n  - {name: Bo Ek, email: bo@example.com}/' "$R/isms.yml"
lint
like "$out" "^isms.yml: warning: Bo Ek <bo@example.com> has no training record since 2025-11-01 \\[training/overdue\\]" \
	"training/overdue names a person of staff without training"
lint --now 2027-03-13
like "$out" "Jane Roe <jane@example.com> has no training record.*\\[training/overdue\\]" "a role's person needs training too"

# --at DATE: the ISMS as the branch held it then, judged as of then.
fresh
GIT_COMMITTER_DATE="2026-12-01T09:00:00Z" GIT_AUTHOR_DATE="2026-12-01T09:00:00Z"
export GIT_COMMITTER_DATE GIT_AUTHOR_DATE
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL"
git -C "$R" add "$POL"
approved_commit "$R" "Drop the resources heading"
run isms-lint -C "$R" --at 2026-11-15
is "$rc" 0 "--at before the change lints the earlier state"
run isms-lint -C "$R" --at 2026-12-01
like "$out" "\\[section/missing\\]" "--at on the day of the change sees it"
run isms-lint -C "$R" --at 2027-12-01
like "$out" "\\[review/overdue\\]" "--at judges dates as of that day"
run isms-lint -C "$R" --at 2020-01-01
is "$rc" 2 "--at before the first commit exits 2"
like "$err" 'has no commit on or before 2020-01-01' "and says why"
GIT_COMMITTER_DATE="2026-10-01T12:00:00Z" GIT_AUTHOR_DATE="2026-10-01T12:00:00Z"

# The approval branch: configurable, and its absence is trouble.
fresh
git -C "$R" branch -q -m main trunk
lint
is "$rc" 2 "a missing approval branch exits 2"
like "$err" 'the approval branch "main" does not exist' "and says which"
# The site renders the bodies while it reads the history: when the
# history fails, that work ends before the model goes (ASan, TSan).
run isms-render site -C "$R" -o "$TMP/no-branch-site"
is "$rc" 2 "a site without its approval branch exits 2"
like "$err" 'the approval branch "main" does not exist' "and says which, nothing else"
printf 'approval: {branch: trunk}\n' >> "$R/isms.yml"
lint
is "$rc" 0 "approval.branch names another branch"

# An empty repository has no history, and no history findings.
R="$TMP/empty"
git init -q -b main "$R"
cp -R "$DATA/good/." "$R/"
lint
is "$rc" 0 "a repository without commits lints (no history yet)"
is "$(field "len(c)")" 0 "and a document has no changes yet"

# Nothing here writes to the repository: with --no-cache not even the
# cache, and otherwise nothing but the cache (.git/isms/cache/).
fresh
before=$(cd "$R" && find .git -type f -exec md5sum {} + | sort)
lint --no-cache
lint --staged --no-cache
isms-render history -C "$R" --all --format json --no-cache > /dev/null
after=$(cd "$R" && find .git -type f -exec md5sum {} + | sort)
is "$after" "$before" "lint and history with --no-cache leave .git untouched"
[ ! -e "$R/.git/isms" ]; ok $? "and write no cache"
lint
lint --staged
isms-render history -C "$R" --all --format json > /dev/null
after=$(cd "$R" && find .git -type f ! -path '.git/isms/cache/*' -exec md5sum {} + | sort)
is "$after" "$before" "with the cache, only .git/isms/cache/ is written"
[ -s "$R/.git/isms/cache/documents" ] && [ -s "$R/.git/isms/cache/commits" ]
ok $? "and the cache holds documents and commits"

done_testing
