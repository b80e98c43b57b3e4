#!/bin/sh
# signed: a merge signed by a key that .isms/allowed_signers lists for an
# approver is a signed approval, and so is a tag the approver signed on the
# commit; a signature by an unlisted key is a claim that says why; a web
# merge signed by a forge's key (approval.forge_signers) is the forge's word
# for its author; approval.require: signed makes weaker approvals not count.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
R="$TMP/r"
new_repo "$R" good
hist() { isms-render history -C "$R" --format json "$POL" |
	python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"][0]; a=c["approvers"]; print(c["approval"], c["evidence"], a[0]["evidence"] if a else "-", (a[0]["why"] or "") if a else "")'; }
ssh-keygen -q -t ed25519 -N '' -C forge -f "$TMP/forge"
ssh-keygen -q -t ed25519 -N '' -C jane -f "$TMP/jane"
ssh-keygen -q -t ed25519 -N '' -C other -f "$TMP/other"
mkdir -p "$R/.isms"
printf 'jane@example.com namespaces="git" %s\n' "$(cut -d' ' -f1,2 "$TMP/jane.pub")" > "$R/.isms/allowed_signers"
git -C "$R" add .isms
approved_commit "$R" "List Jane's signing key"

# merge_signed KEY WORD: Sam's change, merged by Jane and signed with KEY.
n=0
merge_signed() {
	n=$((n + 1))
	sed -i "s/^Top management .*commits/Top management $2 commits/; s/^version: .*/version: \"2.$n\"/" "$R/$POL"
	git -C "$R" checkout -q -b "s$n"
	GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL=sam@example.com git -C "$R" commit -q -am "Change $n"
	git -C "$R" checkout -q main
	git -C "$R" -c gpg.format=ssh -c user.signingkey="$1" merge -q --no-ff -S "s$n" \
		-m "Merge pull request #$((40 + n)) from example/s$n"
}

# direct WORD: Sam's change committed straight onto main, unapproved.
direct() {
	n=$((n + 1))
	sed -i "s/^Top management .*commits/Top management $1 commits/; s/^version: .*/version: \"2.$n\"/" "$R/$POL"
	GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL=sam@example.com git -C "$R" commit -q -am "Change $n"
}
# tag_signed KEY NAME: an annotated tag by Jane on HEAD, signed with KEY.
tag_signed() {
	GIT_COMMITTER_NAME="Jane Roe" GIT_COMMITTER_EMAIL=jane@example.com \
		git -C "$R" -c gpg.format=ssh -c user.signingkey="$1" tag -s -m "Approved" "$2"
}

merge_signed "$TMP/jane" firmly
is "$(hist)" "merge signed signed " "a merge signed with the approver's listed key is signed"
merge_signed "$TMP/other" boldly
got=$(hist)
like "$got" "^merge claimed claimed its signature does not count: " "a merge signed with an unlisted key stays claimed"
like "$got" "not listed|no principal|unlisted" "  and says the key is not listed"

direct plainly
is "$(hist)" "none none - " "a change committed straight onto main has no approval"
tag_signed "$TMP/jane" approve-1
is "$(hist)" "tag signed signed " "a tag Jane signed with her listed key on the commit is a signed approval"
direct gladly
tag_signed "$TMP/other" approve-2
got=$(hist)
like "$got" "^tag claimed claimed the signature of tag approve-2 does not count: " \
	"a tag signed with an unlisted key is its tagger's claim, saying why"
direct quietly
git -C "$R" tag -m "Release" release-1
is "$(hist)" "none none - " "an unsigned tag is no approval"

# The forge signs its web merges with its own key; the author of a web
# merge is the person who pressed the button.
printf 'noreply@forge.example namespaces="git" %s\n' "$(cut -d' ' -f1,2 "$TMP/forge.pub")" > "$R/.isms/forge_signers"
sed -i 's/^tickets:/approval: {forge_signers: [.isms\/forge_signers]}\ntickets:/' "$R/isms.yml"
git -C "$R" add isms.yml .isms/forge_signers
approved_commit "$R" "Trust the forge's web merges"
merge_signed "$TMP/forge" warmly
is "$(hist)" "merge forge-review forge-review " "a merge signed by the forge's key is the forge's word for its author"
merge_signed "$TMP/other" coolly
like "$(hist)" "^merge claimed claimed its signature does not count: .*; nor as a forge's: " \
	"a merge signed by neither an approver's nor the forge's key says both"

sed -i 's/^approval: {forge_signers/approval: {require: signed, forge_signers/' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "Require signatures"
merge_signed "$TMP/other" calmly
run isms-lint -C "$R" --now 2026-11-01
like "$out" "^$POL:1:1: error: changed on main .*without approval \\(approved only by Jane Roe: ciso, merge, claimed, below approval.require; its signature does not count" \
	"with approval.require: signed, a claimed merge does not count, and lint says why"
merge_signed "$TMP/forge" kindly
run isms-lint -C "$R" --now 2026-11-01
like "$out" "approved only by Jane Roe: ciso, merge, forge-review, below approval.require" \
	"with approval.require: signed, a forge-signed merge does not count"
merge_signed "$TMP/jane" surely
run isms-lint -C "$R" --now 2026-11-01
unlike "$out" "$POL:1:1: error: changed on main" "a merge signed by Jane's listed key counts"
direct truly
run isms-lint -C "$R" --now 2026-11-01
like "$out" "$POL:1:1: error: changed on main" "a change straight onto main is unapproved"
tag_signed "$TMP/jane" approve-3
run isms-lint -C "$R" --now 2026-11-01
unlike "$out" "$POL:1:1: error: changed on main" "a change Jane tagged with a signed tag counts under require: signed"

# On a server with pre-receive: a signed approval tag pushed before the
# branch approves the change the branch then brings; a forged one does not.
S="$TMP/server.git"
C="$TMP/clone"
git clone -q --bare "$R" "$S"
isms-hook install -C "$S" pre-receive >/dev/null
git clone -q "$S" "$C"
sed -i 's/^Top management .*commits/Top management finally commits/; s/^version: .*/version: "3.0"/' "$C/$POL"
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL=sam@example.com git -C "$C" commit -q -am "Final"
R=$C
run git -C "$C" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "pre-receive refuses an unsigned change under require: signed"
tag_signed "$TMP/other" approve-4
git -C "$C" push -q origin approve-4 2>/dev/null
run git -C "$C" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "  and still refuses it with a tag signed by a key not listed"
like "$err" "without approval" "  saying the change is unapproved"
tag_signed "$TMP/jane" approve-5
git -C "$C" push -q origin approve-5 2>/dev/null
run git -C "$C" push -q origin main
is "$rc" 0 "pre-receive accepts the change once Jane's signed tag is on the server"
is "$(git -C "$S" rev-parse main)" "$(git -C "$C" rev-parse main)" "  and the branch moves"

done_testing
