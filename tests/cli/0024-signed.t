#!/bin/sh
# signed: a merge signed by a key that .isms/allowed_signers lists for an
# approver is a signed approval; a signature by an unlisted key is a claim
# that says why; approval.require: signed makes claims not count.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
R="$TMP/r"
new_repo "$R" good
hist() { isms-render history -C "$R" --format json "$POL" |
	python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"][0]; a=c["approvers"]; print(c["approval"], c["evidence"], a[0]["evidence"] if a else "-", (a[0]["why"] or "") if a else "")'; }
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

merge_signed "$TMP/jane" firmly
is "$(hist)" "merge signed signed " "a merge signed with the approver's listed key is signed"
merge_signed "$TMP/other" boldly
got=$(hist)
like "$got" "^merge claimed claimed its signature does not count: " "a merge signed with an unlisted key stays claimed"
like "$got" "not listed|no principal|unlisted" "  and says the key is not listed"

sed -i 's/^tickets:/approval: {require: signed}\ntickets:/' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "Require signatures"
merge_signed "$TMP/other" calmly
run isms-lint -C "$R" --now 2026-11-01
like "$out" "^$POL:1:1: error: changed on main .*without approval \\(approved only by Jane Roe: ciso, merge, claimed, below approval.require; its signature does not count" \
	"with approval.require: signed, a claimed merge does not count, and lint says why"
merge_signed "$TMP/jane" surely
run isms-lint -C "$R" --now 2026-11-01
unlike "$out" "$POL:1:1: error: changed on main" "a merge signed by Jane's listed key counts"

done_testing
