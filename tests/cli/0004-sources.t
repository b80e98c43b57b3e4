#!/bin/sh
# The same loader reads the work tree, the index, or any commit's tree.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
new_repo "$R" good
POL=policies/information-security.md
lint() { run isms-lint -C "$R" --now 2026-11-01 "$@"; }

# An unstaged break: only the work tree shows it.
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL"
lint
like "$out" "^$POL:1:1: error: .*\\[section/missing\\]" "work tree: an unstaged change is linted"
lint --staged
is "$rc" 0 "index: an unstaged change does not count"
lint --rev HEAD
is "$rc" 0 "revision: HEAD is clean"

# Staged: the index shows it, HEAD does not.
git -C "$R" add "$POL"
git -C "$R" checkout -q -- . 2>/dev/null
sed -i 's/^## Budget/## Resource Allocation/' "$R/$POL"
lint
is "$rc" 0 "work tree: fixed on disk but not staged is clean on disk"
lint --staged
like "$out" "\\[section/missing\\]" "index: the staged break is linted"

# Committed: --rev reads that commit; older commits stay clean.
git -C "$R" checkout -q -- "$POL"
approved_commit "$R" "break the policy"
git -C "$R" tag broken
lint --rev HEAD
like "$out" "\\[section/missing\\]" "revision: HEAD has the committed break"
lint --rev HEAD~1
is "$rc" 0 "revision: HEAD~1 is clean"
lint --rev broken
is "$rc" 1 "revision: a tag names a commit"
sed -i 's/^## Budget/## Resource Allocation/' "$R/$POL"
git -C "$R" add "$POL"
approved_commit "$R" "mend the policy"

# Untracked and ignored files in the work tree.
printf 'no front matter\n' > "$R/policies/draft.md"
lint
like "$out" '^policies/draft.md:1:1: .*\[front-matter/missing\]' "work tree: an untracked document is linted"
lint --staged
is "$rc" 0 "index: an untracked document is not"
printf 'drafts/\n' > "$R/.gitignore"
mkdir -p "$R/drafts" && printf 'no front matter\n' > "$R/drafts/x.md"
rm "$R/policies/draft.md"
lint
is "$rc" 0 "work tree: ignored files are skipped"

# Trouble: unknown revision, not a repository, empty repository.
lint --rev no-such-rev
is "$rc" 2 "an unknown revision exits 2"
like "$err" '^isms-lint: unknown revision "no-such-rev"$' "and says which"
run isms-lint -C "$TMP" --rev HEAD
is "$rc" 2 "outside a repository exits 2"
like "$err" 'not a git repository' "and says so"
git init -q -b main "$TMP/empty"
run isms-lint -C "$TMP/empty" --rev HEAD
is "$rc" 2 "an empty repository has no HEAD to read"
like "$err" 'no commits yet' "and says so"
run isms-lint -C "$TMP/empty"
is "$rc" 0 "an empty repository's work tree lints (nothing to report)"

# A bare repository is read at HEAD.
git clone -q --bare "$R" "$TMP/bare.git"
run isms-lint -C "$TMP/bare.git" --now 2026-11-01
is "$rc" 0 "a bare repository is linted at HEAD"
like "$err" '10 documents' "with all its documents"

# A shallow clone reads fine.
git clone -q --depth 1 "file://$R" "$TMP/shallow"
run isms-lint -C "$TMP/shallow" --now 2026-11-01 --rev HEAD
is "$rc" 0 "a shallow clone is linted"
like "$err" 'warning: the history is cut short \(a shallow clone\)' "and a shallow history is said once"

# The ISMS root: the nearest isms.yml at or above; paths stay repo-relative.
M="$TMP/mono"
git init -q -b main "$M"
mkdir -p "$M/isms" "$M/docs"
cp -R "$DATA/good/." "$M/isms/"
printf 'no front matter\n' > "$M/docs/guide.md"
run isms-lint -C "$M/isms/policies" --now 2026-11-01
is "$rc" 0 "a monorepo's ISMS in isms/ is linted alone"
like "$err" '10 documents' "only the documents under the ISMS root are read"
sed -i 's/^owner: ciso/owner: cfo/' "$M/isms/$POL"
run isms-lint -C "$M/isms" --now 2026-11-01
like "$out" "^isms/$POL:5:8: error" "findings are relative to the repository's top"

# PATH filters narrow the report, not what is read.
lint policies
is "$rc" 0 "PATH: a clean folder reports nothing"
sed -i 's/^to: PRC-CAPA/to: PRC-NOPE/' "$R/processes/risk.md"
sed -i 's/    what: risk treatment actions//' "$R/processes/risk.md"
printf '%s\n' '---' 'id: PRC-X' 'title: X' 'type: process' 'owner: ciso' 'version: "1"' 'status: draft' 'inputs: [{from: PRC-RISK}]' '---' 'x' > "$R/processes/x.md"
lint processes/x.md
is "$rc" 0 "PATH: a document whose references resolve elsewhere is clean"
lint "$R/processes/x.md"
is "$rc" 0 "PATH: an absolute path is accepted"
run isms-lint -C "$R" /etc
is "$rc" 2 "PATH: outside the repository exits 2"

done_testing
