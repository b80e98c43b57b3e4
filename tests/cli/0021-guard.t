#!/bin/sh
# The server's guard as an attacker meets it: a bare repository with the
# pre-receive hook, pushes by Sam Poe (it-lead, no approver) trying every
# ordinary way round it, and the honest, approved changes that must pass.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md
R="$TMP/r"
S="$TMP/server.git"
C="$TMP/clone"
new_repo "$R" good
# Jane's forge login, so that a server naming the pusher can tell her.
sed -i 's/ciso: {name: Jane Roe, email: jane@example.com,/ciso: {name: Jane Roe, email: jane@example.com, login: jroe,/' "$R/isms.yml"
git -C "$R" add isms.yml
approved_commit "$R" "Jane's login"
git clone -q --bare "$R" "$S"
isms-hook install -C "$S" pre-receive >/dev/null
git clone -q "$S" "$C"

as_sam() { GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	GIT_COMMITTER_NAME="Sam Poe" GIT_COMMITTER_EMAIL="sam@example.com" "$@"; }
as_jane() { GIT_AUTHOR_NAME="Jane Roe" GIT_AUTHOR_EMAIL="jane@example.com" \
	GIT_COMMITTER_NAME="Jane Roe" GIT_COMMITTER_EMAIL="jane@example.com" "$@"; }
# bump WORD: an edit of the policy with its version moved on.
v=10
bump() {
	v=$((v + 1))
	sed -i "s/^Top management .*commits/Top management $1 commits/; s/^version: .*/version: \"1.$v\"/" "$C/$POL"
}

# refused DESC REGEX [PUSH-ARGS...]: Sam's push (of main) is refused with a
# message matching REGEX, and the server's branch does not move.
refused() {
	_d=$1 _re=$2
	shift 2
	_tip=$(git -C "$S" rev-parse main)
	[ $# -gt 0 ] || set -- origin main
	run as_sam git -C "$C" push -q "$@"
	ok $([ "$rc" -ne 0 ]; echo $?) "refused: $_d"
	like "$err" "$_re" "  and the refusal says why ($_d)"
	is "$(git -C "$S" rev-parse main)" "$_tip" "  and the branch is unchanged ($_d)"
	git -C "$C" fetch -q origin
	git -C "$C" checkout -q main
	git -C "$C" reset -q --hard origin/main
}

# accepted DESC: the push of main goes through and the branch moves.
accepted() {
	_d=$1
	run git -C "$C" push -q origin main
	is "$rc" 0 "accepted: $_d"
	[ "$rc" -eq 0 ] || printf '%s\n' "$err" | sed 's/^/#   | /' | head -20
	is "$(git -C "$S" rev-parse main)" "$(git -C "$C" rev-parse main)" "  and the branch moves ($_d)"
}

# pr NAME SUBJECT [MERGER]: Sam's committed change merged as a pull request
# by Jane (or the merger given as "Name <email>"), with an Approved-by.
pr() {
	git -C "$C" checkout -q -b "$1"
	as_sam git -C "$C" commit -q -am "$2"
	git -C "$C" checkout -q main
	as_jane git -C "$C" merge -q --no-ff "$1" -m "Merge pull request #7 from example/$1" \
		-m "Approved-by: Jane Roe <jane@example.com>"
}

# ---------------------------------------------------------------- honest

bump firmly
pr firm "Firm intent (ISMS-1)"
GL_USERNAME=jroe accepted "an approved pull request merged and pushed by the approver"

# ---------------------------------------------------------------- 2. configuration

sed -i 's/it-lead: {name: Sam Poe, email: sam@example.com}/it-lead: {name: Sam Poe, email: sam@example.com, approver: true}/' "$C/isms.yml"
as_sam git -C "$C" commit -q -am "Make it-lead an approver"
refused "making oneself an approver in isms.yml" 'isms.yml: commit [0-9a-f]{7} "Make it-lead an approver" changes it without approval'

sed -i 's/it-lead: {name: Sam Poe, email: sam@example.com}/it-lead: {name: Sam Poe, email: sam@example.com, approver: true}/' "$C/isms.yml"
as_sam git -C "$C" commit -q -am "Make it-lead an approver"
bump boldly
git -C "$C" checkout -q -b bold
as_sam git -C "$C" commit -q -am "Bold intent"
git -C "$C" checkout -q main
as_sam git -C "$C" merge -q --no-ff bold -m "Merge pull request #8 from example/bold"
refused "an approver role and a merge by it in the same push" "$POL: commit [0-9a-f]{7} \"Bold intent\" changes it without approval"

printf 'approval: {separation_of_duties: false}\n' >> "$C/isms.yml"
as_sam git -C "$C" commit -q -am "No separation of duties"
refused "turning separation of duties off" 'isms.yml: .*"No separation of duties" changes it without approval'

printf 'types:\n  policy:\n    fields: [id]\n    sections: []\n' >> "$C/isms.yml"
sed -i '/^## Resource Allocation/,/^## Interaction/{/^## Interaction/!d}' "$C/$POL"
as_sam git -C "$C" commit -q -am "Policies need no sections"
refused "emptying a type's required sections (and dropping one)" 'isms.yml: .*"Policies need no sections" changes it without approval'

printf 'exclude: ["README.md", "policies/**"]\n' >> "$C/isms.yml"
bump quietly
as_sam git -C "$C" commit -q -am "Out of scope"
refused "excluding policies/** from scope" "$POL: commit [0-9a-f]{7} \"Out of scope\" changes it without approval"

printf 'approval: {branch: other}\n' >> "$C/isms.yml"
as_sam git -C "$C" commit -q -am "Guard another branch"
refused "moving approval.branch away" 'isms.yml: .*"Guard another branch" changes it without approval'

sed -i '0,/applicable: true/s/applicable: true/applicable: false/' "$C/soa.yml"
as_sam git -C "$C" commit -q -am "Exclude a control"
refused "changing a decision in soa.yml" 'soa.yml: commit [0-9a-f]{7} "Exclude a control" changes it without approval'

mkdir -p "$C/.isms"
ssh-keygen -q -t ed25519 -N '' -C sam -f "$TMP/sam-key"
printf 'jane@example.com %s\n' "$(cut -d' ' -f1,2 "$TMP/sam-key.pub")" > "$C/.isms/allowed_signers"
git -C "$C" add .isms/allowed_signers
as_sam git -C "$C" commit -q -m "Trust my key as Jane's"
refused "adding one's own key as an approver's to allowed_signers" '.isms/allowed_signers: commit [0-9a-f]{7} "Trust my key as Jane.s" changes it without approval'

# ---------------------------------------------------------------- 3. removal

git -C "$C" rm -q "$POL"
sed -i 's|(\.\./policies/information-security.md)||; s|(policies/information-security.md)||' "$C"/processes/*.md "$C"/records/*/*.md 2>/dev/null
as_sam git -C "$C" commit -q -am "Drop the policy"
refused "deleting a policy" "$POL: commit [0-9a-f]{7} \"Drop the policy\" removes it without approval"

tr=$(cd "$C" && ls records/training/*.md | head -1)
git -C "$C" rm -q "$tr"
as_sam git -C "$C" commit -q -m "Drop a training record"
refused "deleting a training record" "$tr: commit [0-9a-f]{7} \"Drop a training record\" removes it"

git -C "$C" mv "$POL" policies/information-security.txt
as_sam git -C "$C" commit -q -m "Rename to txt"
echo "Anything goes." >> "$C/policies/information-security.txt"
as_sam git -C "$C" commit -q -am "Edit the txt"
refused "renaming a policy out of scope, then editing it" "$POL: commit [0-9a-f]{7} \"Rename to txt\" removes it"

first=$(git -C "$C" rev-list --max-parents=0 HEAD)
git -C "$C" reset -q --hard "$first"
refused "a force-push that rewinds the branch to before the ISMS" 'non-fast-forward update of the approval branch is refused' --force origin main

git -C "$C" reset -q --hard HEAD~1 2>/dev/null || git -C "$C" reset -q --hard origin/main~1
git -C "$C" reset -q --hard origin/main~1
refused "a force-push that reverts the approved version" 'non-fast-forward' --force origin main

git -C "$S" branch -q other main~1
git -C "$S" symbolic-ref HEAD refs/heads/other
refused "deleting the approval branch while HEAD names another" 'deleting the approval branch is refused' origin :main
git -C "$S" symbolic-ref HEAD refs/heads/main

# ---------------------------------------------------------------- 4. forged approvals

bump surely
as_sam git -C "$C" commit -q -am "Sure intent" -m "Approved-by: Jane Roe <jane@example.com>"
GL_USERNAME=sam refused "an Approved-by naming the CISO in the author's own commit, pushed by the author" 'only by a claim of Jane Roe .* but sam pushes it'

bump surely
git -C "$C" checkout -q -b sure
as_sam git -C "$C" commit -q -am "Sure intent"
git -C "$C" checkout -q main
env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	git -C "$C" -c user.name="Jane Roe" -c user.email=jane@example.com \
	merge -q --no-ff sure -m "Merge pull request #99 from example/sure"
GITEA_PUSHER_NAME=sam refused "a merge authored as the CISO with git -c user.email, pushed by someone else" 'only by a claim of Jane Roe .*but sam pushes it'

bump surely
git -C "$C" checkout -q -b sure2
as_sam git -C "$C" commit -q -am "Sure intent"
git -C "$C" checkout -q main
as_sam git -C "$C" merge -q --no-ff sure2 -m "Merge pull request #99 from example/sure2"
refused "a self-authored 'Merge pull request' merge by a non-approver" "$POL: commit [0-9a-f]{7} \"Sure intent\" changes it without approval"

bump evenly
pr even "Even intent"
GL_USERNAME=jroe accepted "the same change merged by the CISO herself"
run isms-render history -C "$S" --format json "$POL"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin)["changes"][0]; print(c["approval"], [a["evidence"] for a in c["approvers"]])')" \
	"merge ['claimed']" "an e-mail in a merge or trailer is evidence level claimed"

# approval.require: claims stop counting once the approved isms.yml asks more.
sed -i 's/^tickets:/approval: {require: forge-review}\ntickets:/' "$C/isms.yml"
pr strict "Require forge reviews"
accepted "an approved change of isms.yml raising approval.require"
bump strictly
pr strictly "Strict intent"
refused "a claimed approval once approval.require is forge-review" 'approved only by Jane Roe \(merge, claimed\); approval.require is forge-review'

# ---------------------------------------------------------------- 5. old errors

# The branch already has an error (a link broken by a direct push before
# the guard was there); an approved merge must still pass, and a push
# adding a new error must not.
R5="$TMP/r5" S5="$TMP/s5.git" C5="$TMP/c5"
new_repo "$R5" good
echo "See [the missing page](missing.md)." >> "$R5/procedures/backup.md"
git -C "$R5" commit -q -am "A broken link"
git clone -q --bare "$R5" "$S5"
isms-hook install -C "$S5" pre-receive >/dev/null
git clone -q "$S5" "$C5"
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.3"/version: "1.4"/' "$C5/$POL"
git -C "$C5" checkout -q -b firm
as_sam git -C "$C5" commit -q -am "Firm intent"
git -C "$C5" checkout -q main
as_jane git -C "$C5" merge -q --no-ff firm -m "Merge pull request #2 from example/firm" -m "Approved-by: Jane Roe <jane@example.com>"
run git -C "$C5" push -q origin main
is "$rc" 0 "an approved merge is accepted although the branch already had an error"
echo "See [another missing page](gone.md)." >> "$C5/$POL"
git -C "$C5" checkout -q -b gone
as_sam git -C "$C5" commit -q -am "Another link"
git -C "$C5" checkout -q main
as_jane git -C "$C5" merge -q --no-ff gone -m "Merge pull request #3 from example/gone" -m "Approved-by: Jane Roe <jane@example.com>"
run git -C "$C5" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "an approved merge that adds an error is refused"
like "$err" "gone.md.*does not exist" "  naming the error it adds"
unlike "$err" "missing.md" "  and not the one that was there"

# ---------------------------------------------------------------- 6. monorepo

M="$TMP/mono" MS="$TMP/mono.git" MC="$TMP/mono-clone"
git init -q -b main "$M"
mkdir -p "$M/isms" "$M/src"
cp -R "$DATA/good/." "$M/isms/"
echo "code" > "$M/src/main.c"
echo "# The product" > "$M/README.md"
git -C "$M" add -A
git -C "$M" commit -q -m "start"
git -C "$M" checkout -q -b adopt
echo "x" >> "$M/src/main.c"
as_sam git -C "$M" commit -q -am "touch"
git -C "$M" checkout -q main
as_jane git -C "$M" merge -q --no-ff adopt -m "Merge pull request #1 from example/adopt" -m "Approved-by: Jane Roe <jane@example.com>"
git clone -q --bare "$M" "$MS"
isms-hook install -C "$MS" pre-receive >/dev/null
git clone -q "$MS" "$MC"
isms-hook install -C "$MC" pre-commit >/dev/null
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.3"/version: "1.4"/' "$MC/isms/$POL"
git -C "$MC" checkout -q -b firm
run as_sam git -C "$MC" commit -q -am "Firm intent"
is "$rc" 0 "monorepo: pre-commit allows a valid change of isms/"
sed -i 's/^## Resource Allocation/## Budget/' "$MC/isms/$POL"
run as_sam git -C "$MC" commit -q -am "Drop a section"
ok $([ "$rc" -ne 0 ]; echo $?) "monorepo: pre-commit blocks a policy missing a section"
like "$err" "isms/$POL:.*Resource Allocation" "  naming the file from the repository's top"
git -C "$MC" reset -q --hard
git -C "$MC" checkout -q main
as_jane git -C "$MC" merge -q --no-ff firm -m "Merge pull request #2 from example/firm" -m "Approved-by: Jane Roe <jane@example.com>"
run git -C "$MC" push -q origin main
is "$rc" 0 "monorepo: the server accepts an approved pull request (ISMS root isms/ found in the bare repository)"
sed -i 's/^Top management .*commits/Top management boldly commits/; s/^version: "1.4"/version: "1.5"/' "$MC/isms/$POL"
as_sam git -C "$MC" commit -q --no-verify -am "Direct"
run git -C "$MC" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "monorepo: the server refuses an unapproved change"
like "$err" "isms/$POL: commit [0-9a-f]{7} \"Direct\" changes it without approval" "  naming the document from the top"

# ---------------------------------------------------------------- notes

git -C "$C" fetch -q origin && git -C "$C" reset -q --hard origin/main
git -C "$C" notes --ref isms/reviews add -m "forge: github" HEAD
run env GL_USERNAME=sam git -C "$C" push -q origin refs/notes/isms/reviews
ok $([ "$rc" -ne 0 ]; echo $?) "refused: review notes pushed by someone isms.notesPusher does not name"
like "$err" 'isms.notesPusher' "  and it says how to allow CI"
git -C "$S" config isms.notesPusher ci-bot
run env GL_USERNAME=ci-bot git -C "$C" push -q origin refs/notes/isms/reviews
is "$rc" 0 "accepted: review notes pushed by the CI pusher"

done_testing
