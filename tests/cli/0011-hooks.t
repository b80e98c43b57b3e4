#!/bin/sh
# isms-hook: real hooks in real repositories, driven by real git commands.
. "$(dirname "$0")/lib.sh"

POL=policies/information-security.md

blocked() { # blocked MESSAGE NAME: git commit -m MESSAGE in $R is refused
	run git -C "$R" commit -q -m "$1"
	ok $([ "$rc" -ne 0 ]; echo $?) "$2"
}
R="$TMP/r"
new_repo "$R" good
HOOKS="$R/.git/hooks"

# A hook runs at every commit: it loads only what it uses, not the site's
# renderer and Graphviz (a millisecond of every start).
for t in isms-hook isms-lint; do
	ldd "$ISMS_BUILD/$t" | grep -q 'libgvc\|libcgraph'
	ok $([ $? -ne 0 ]; echo $?) "$t does not load Graphviz"
done

run isms-hook install -C "$R"
is "$rc" 0 "install into a fresh repository"
ok $([ -x "$HOOKS/pre-commit" ] && [ -x "$HOOKS/commit-msg" ] && [ -x "$HOOKS/pre-push" ]; echo $?) \
	"pre-commit, commit-msg and pre-push are installed by default"
before=$(md5sum "$HOOKS"/pre-commit "$HOOKS"/commit-msg "$HOOKS"/pre-push)
run isms-hook install -C "$R"
is "$(md5sum "$HOOKS"/pre-commit "$HOOKS"/commit-msg "$HOOKS"/pre-push)" "$before" "installing twice changes nothing"

# A policy missing a required section is blocked; the fix, staged, passes.
head=$(git -C "$R" rev-parse HEAD)
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL"
git -C "$R" add "$POL"
blocked "Drop a section" "git commit of a policy without Resource Allocation is blocked"
like "$err" "^$POL:1:1: error: the required section \"Resource Allocation\" is missing" "the hook says what is wrong and where"
like "$err" 'git commit --no-verify' "and names git's own escape"
is "$(git -C "$R" rev-parse HEAD)" "$head" "no commit was made"
is "$(git -C "$R" diff --cached --name-only)" "$POL" "the index is left as it was"
sed -i 's/^## Budget/## Resource Allocation/' "$R/$POL"
blocked "Drop a section" "a fix in the work tree that is not staged does not count"
git -C "$R" add "$POL"
sed -i 's/^Top management commits/Top management visibly commits/' "$R/$POL"
git -C "$R" add "$POL"
sed -i 's/^version: "1.3"/version: "1.4"/' "$R/$POL"
git -C "$R" add "$POL"
run git -C "$R" commit -q -m "Sharpen the intent"
is "$rc" 0 "once the fix is staged the commit is allowed"

# A staged change that breaks another document's link counts.
git -C "$R" rm -q processes/risk.md
sed -i '/^inputs:/,/what: risk treatment actions/d' "$R/processes/capa.md"
git -C "$R" add processes/capa.md
blocked "Drop risk management" "deleting a document another one links to is blocked"
like "$err" "^$POL:21:53: error: .*risk.md.*does not exist \\[link/broken\\]" "the broken link in the other document is reported"
git -C "$R" reset -q --hard

# The rules that read only a document, isms.yml and the day are not run
# again on a document the index leaves as HEAD has it. isms.yml changed in
# the same commit changes their judgement of every document: an owner
# whose role it drops, a section it now requires.
sed -i '/^  it-lead:/d' "$R/isms.yml"
git -C "$R" add isms.yml
blocked "Drop the IT lead" "isms.yml dropping a role that owns unchanged documents is blocked"
like "$err" "^procedures/backup.md:[0-9]*:[0-9]*: error: owner \"it-lead\" is not a role" "the unchanged document's owner is reported"
git -C "$R" reset -q --hard
sed -i 's/^types:$/types:\n  procedure:\n    fields: [id, title, type, owner, version, status]\n    sections:\n      - {title: Records, match: "(?i)^records$"}/' "$R/isms.yml"
grep -q '^  procedure:' "$R/isms.yml" ||
	printf 'types:\n  procedure:\n    fields: [id, title, type, owner, version, status]\n    sections:\n      - {title: Records, match: "(?i)^records$"}\n' >>"$R/isms.yml"
git -C "$R" add isms.yml
blocked "Procedures keep records" "isms.yml requiring a section unchanged documents lack is blocked"
like "$err" "^procedures/backup.md:[0-9]*:[0-9]*: error: the required section \"Records\" is missing" "the unchanged document's missing section is reported"
git -C "$R" reset -q --hard
# The same finding already in HEAD does not block a commit that does not
# touch that document, and is not reported for it.
sed -i '/^  it-lead:/d' "$R/isms.yml"
git -C "$R" add isms.yml
git -C "$R" commit -q --no-verify -m "Drop the IT lead"
sed -i 's/^Top management visibly commits/Top management firmly commits/; s/^version: "1.4"/version: "1.5"/' "$R/$POL"
git -C "$R" add "$POL"
run git -C "$R" commit -q -m "Firm up the intent"
is "$rc" 0 "an unchanged document's finding that HEAD has does not block another change"
unlike "$err" "procedures/backup.md" "and is not reported"
sed -i 's/^version: "1.5"/version: "1.6"/; s/^owner: ciso/owner: it-lead/' "$R/$POL"
git -C "$R" add "$POL"
blocked "Hand the policy over" "a staged document with the same fault is judged again and blocked"
like "$err" "^$POL:[0-9]*:[0-9]*: error: owner \"it-lead\" is not a role" "its finding is reported"
git -C "$R" reset -q --hard HEAD~2
# An unchanged document's suppression stays in force though its own
# front matter is not judged again: its suppressed link error, which HEAD
# does not report, does not block a commit of another document.
sed -i 's/^controls: \["8.13"\]$/controls: ["8.13"]\nlint: {ignore: [link\/broken], reason: "the runbook moves next quarter"}/' \
	"$R/procedures/backup.md"
printf '\nSee the [runbook](runbook.md).\n' >>"$R/procedures/backup.md"
git -C "$R" commit -q --no-verify -am "Point to the runbook"
run isms-lint -C "$R" procedures/backup.md
unlike "$out" "link/broken" "the suppressed link error is not in HEAD's findings"
sed -i 's/^Top management visibly commits/Top management firmly commits/; s/^version: "1.4"/version: "1.5"/' "$R/$POL"
git -C "$R" add "$POL"
run git -C "$R" commit -q -m "Firm up the intent"
is "$rc" 0 "an unchanged document's suppression still covers its findings"
git -C "$R" reset -q --hard HEAD~2

# commit-msg: a tracker key when documents change and tickets are required.
sed -i 's/^tickets:/tickets:\n  require_in_commits: true/' "$R/isms.yml"
git -C "$R" add isms.yml
run git -C "$R" commit -q -m "Require tickets ISMS-1"
is "$rc" 0 "commit-msg accepts a message with a key"
sed -i 's/^Top management visibly commits/Top management clearly commits/; s/^version: "1.4"/version: "1.5"/' "$R/$POL"
git -C "$R" add "$POL"
blocked "Reword the intent" "commit-msg refuses a document change without a key"
like "$err" 'needs a tracker key' "and says why"
run git -C "$R" commit -q -m "Reword the intent (ISMS-7)"
is "$rc" 0 "the same change with a key is accepted"
printf 'x\n' > "$R/notes.txt" && git -C "$R" add notes.txt
run git -C "$R" commit -q -m "Add notes"
is "$rc" 0 "a commit that changes no document needs no key"
run git -C "$R" commit -q --allow-empty -m "# only a comment"
ok $([ "$rc" -ne 0 ]; echo $?) "an empty message is refused"

# A foreign hook: refused without --force, kept and chained with it.
printf '#!/bin/sh\necho foreign-hook-ran >&2\nexit ${FOREIGN_EXIT:-0}\n' > "$HOOKS/pre-commit"
chmod +x "$HOOKS/pre-commit"
run isms-hook install -C "$R"
is "$rc" 2 "a foreign hook is not overwritten without --force"
like "$err" 'not ours; `isms-hook install --force` keeps it' "and the message says how"
run isms-hook install -C "$R" --force
is "$rc" 0 "--force installs"
ok $(grep -q foreign-hook-ran "$HOOKS/pre-commit.isms-kept"; echo $?) "the foreign hook is kept beside the shim"
printf 'y\n' >> "$R/notes.txt" && git -C "$R" add notes.txt
run git -C "$R" commit -q -m "More notes"
is "$rc" 0 "the chained commit passes"
like "$err" 'foreign-hook-ran' "the kept hook ran first"
printf 'z\n' >> "$R/notes.txt" && git -C "$R" add notes.txt
FOREIGN_EXIT=3 blocked "Even more notes" "the kept hook's failure blocks the commit"
run isms-hook uninstall -C "$R"
is "$rc" 0 "uninstall"
ok $(grep -q foreign-hook-ran "$HOOKS/pre-commit"; echo $?) "uninstall puts the foreign hook back"
ok $([ ! -e "$HOOKS/commit-msg" ] && [ ! -e "$HOOKS/pre-push" ]; echo $?) "and removes only our shims"

# core.hooksPath is honoured.
git -C "$R" config core.hooksPath .githooks
run isms-hook install -C "$R" pre-commit
ok $([ -x "$R/.githooks/pre-commit" ]; echo $?) "install writes into core.hooksPath"
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL" && git -C "$R" add "$POL"
blocked "Drop a section" "and git runs it from there"
git -C "$R" reset -q --hard
git -C "$R" config --unset core.hooksPath

# A linked worktree shares the repository's hooks.
rm -f "$HOOKS/pre-commit"
W="$TMP/wt"
git -C "$R" worktree add -q "$W" -b feature 2>/dev/null
run isms-hook install -C "$W" pre-commit
is "$rc" 0 "install from a linked worktree"
ok $(grep -q isms-hook-shim "$R/.git/hooks/pre-commit" 2>/dev/null; echo $?) "the shim goes to the common hooks folder"
sed -i 's/^## Resource Allocation/## Budget/' "$W/$POL" && git -C "$W" add "$POL"
run git -C "$W" commit -q -m "Drop a section"
ok $([ "$rc" -ne 0 ]; echo $?) "a commit in the linked worktree is checked"
like "$err" 'Resource Allocation' "against the worktree's own index"
git -C "$W" reset -q --hard

# A server: pre-receive on a bare repository.
S="$TMP/server.git"
git clone -q --bare "$R" "$S"
run isms-hook install -C "$S" pre-receive
is "$rc" 0 "install pre-receive into a bare repository"
C="$TMP/clone"
git clone -q "$S" "$C"
tip=$(git -C "$S" rev-parse main)
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.5"/version: "1.6"/' "$C/$POL"
git -C "$C" commit -q -am "Direct change to main (ISMS-9)"
run git -C "$C" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "an unapproved direct change to main is rejected"
like "$err" "$POL: commit [0-9a-f]{7} \"Direct change to main \\(ISMS-9\\)\" changes it without approval" "the rejection names commit and document"
is "$(git -C "$S" rev-parse main)" "$tip" "the branch is unchanged after the rejection"
git -C "$C" reset -q --hard origin/main
git -C "$C" checkout -q -b change
sed -i 's/^Top management .*commits/Top management firmly commits/; s/^version: "1.5"/version: "1.6"/' "$C/$POL"
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL=sam@example.com git -C "$C" commit -q -am "Firm intent (ISMS-9)"
run git -C "$C" push -q origin change
is "$rc" 0 "a feature branch is let through"
git -C "$C" checkout -q main
git -C "$C" merge -q --no-ff change -m "Merge pull request #5 from example/change" -m "Approved-by: Jane Roe <jane@example.com>"
run git -C "$C" push -q origin main
is "$rc" 0 "an approved pull-request merge is accepted"
is "$(git -C "$S" rev-parse main)" "$(git -C "$C" rev-parse main)" "and the branch moves"

# pre-push on the client: the same check before anything leaves.
run isms-hook install -C "$C" pre-push
sed -i 's/^Top management .*commits/Top management clearly commits/; s/^version: "1.6"/version: "1.7"/' "$C/$POL"
git -C "$C" commit -q -am "Another direct change (ISMS-10)"
run git -C "$C" push -q origin main
ok $([ "$rc" -ne 0 ]; echo $?) "pre-push refuses an unapproved direct push to main"
like "$err" 'isms-hook: push refused' "and says so"

# A broken isms.yml staged is trouble for pre-commit (exit 2, with the
# file and line), never a lint by the defaults.
B="$TMP/broken"
git init -q "$B"
printf 'roles: [oops\n' > "$B/isms.yml"
git -C "$B" add isms.yml
run sh -c "cd '$B' && isms-hook pre-commit"
is "$rc" 2 "pre-commit: a broken isms.yml exits 2"
like "$err" "isms.yml:2:1: " "  naming the file and line"

done_testing
