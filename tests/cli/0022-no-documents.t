#!/bin/sh
# A repository with commits but no document in scope — a fresh repository
# with a README, a revision before the first document — is an empty ISMS:
# every command says "0 documents" and exits 0; nothing crashes (this used
# to be SIGSEGV in every tool, and with the hooks, every commit blocked).
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
git init -q -b main "$R"
echo "# A project" > "$R/README.md"
git -C "$R" add README.md
git -C "$R" commit -q -m "start"

# each NAME CMD...: exit 0 and "0 documents" on stderr.
each() {
	_name=$1
	shift
	run "$@"
	is "$rc" 0 "$_name exits 0"
	like "$err" "0 documents" "$_name says 0 documents"
}

each "lint" isms-lint -C "$R"
each "lint --staged" isms-lint -C "$R" --staged
each "lint --rev HEAD" isms-lint -C "$R" --rev HEAD
each "lint --format json" isms-lint -C "$R" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["documents"])')" \
	0 "the JSON summary counts 0 documents"
each "render site" isms-render site -C "$R" -o "$TMP/site"
ok $([ -f "$TMP/site/index.html" ]; echo $?) "the site of an empty ISMS still has its index"
each "render manual" isms-render manual -C "$R" -o "$TMP/manual.html"
each "render soa" isms-render soa -C "$R"
each "render graph" isms-render graph -C "$R"
each "render history --all" isms-render history -C "$R" --all --format json
run isms-render diff -C "$R" HEAD HEAD --format json
is "$rc" 0 "render diff of two empty revisions exits 0"

# The first document arrives later: the revision before it, and --at a day
# before it, are empty too.
GIT_COMMITTER_DATE="2026-10-05T12:00:00Z" GIT_AUTHOR_DATE="2026-10-05T12:00:00Z" \
	git -C "$R" commit -q --allow-empty -m "later"
mkdir -p "$R/policies"
cp "$DATA/good/policies/information-security.md" "$R/policies/"
git -C "$R" add policies
GIT_COMMITTER_DATE="2026-10-10T12:00:00Z" GIT_AUTHOR_DATE="2026-10-10T12:00:00Z" \
	git -C "$R" commit -q -m "The first policy"
each "lint --rev of the revision before the first document" isms-lint -C "$R" --rev HEAD~1
each "lint --at a day before the first document" isms-lint -C "$R" --at 2026-10-06
each "render site --at a day before the first document" isms-render site -C "$R" --at 2026-10-06 -o "$TMP/site2"

# A bare repository: HEAD is read, and --staged has no index to read.
git clone -q --bare "$R" "$TMP/bare.git"
git -C "$TMP/bare.git" update-ref refs/heads/main "$(git -C "$R" rev-parse HEAD~1)"
each "lint in a bare repository" isms-lint -C "$TMP/bare.git"
each "lint --staged in a bare repository" isms-lint -C "$TMP/bare.git" --staged

# With the hooks installed, commits in an ISMS without documents go through.
E="$TMP/e"
git init -q -b main "$E"
isms-hook install -C "$E" >/dev/null
echo "notes" > "$E/notes.txt"
git -C "$E" add notes.txt
run git -C "$E" commit -q -m "First commit"
is "$rc" 0 "the first commit of a repository with the hooks goes through"
echo "more" >> "$E/notes.txt"
run git -C "$E" commit -q -am "Second commit"
is "$rc" 0 "a later commit goes through too"
unlike "$err" "signal|died" "no hook died"
S="$TMP/s.git"
git init -q --bare -b main "$S"
git -C "$S" symbolic-ref HEAD refs/heads/main
run git -C "$E" push -q "$S" main
is "$rc" 0 "the first push to an empty server goes through"
isms-hook install -C "$S" pre-receive >/dev/null
echo "again" >> "$E/notes.txt"
git -C "$E" commit -q --no-verify -am "Third commit"
run git -C "$E" push -q "$S" main
is "$rc" 0 "pre-receive lets a change of no document through"

done_testing
