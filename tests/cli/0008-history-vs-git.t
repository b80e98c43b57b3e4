#!/bin/sh
# On a generated repository (bench/gen: pull requests, trailers, direct
# commits, renames), every document's changes and the merges that brought
# them in are exactly what git itself says.
. "$(dirname "$0")/lib.sh"

R="$TMP/gen"
SOURCE_DATE_EPOCH=1793534400 "$ISMS_SRC/bench/gen" "$R" --docs 60 --commits 600 --history >/dev/null 2>&1
ok $? "bench/gen makes a repository with history"
isms-render history -C "$R" --all --format json > "$TMP/h.json" 2>"$TMP/err"
ok $? "isms-render history --all runs"

# Python compares our JSON with git's own answers.
python3 - "$R" "$TMP/h.json" > "$TMP/cmp" <<'PY'
import json, subprocess, sys
repo, path = sys.argv[1], sys.argv[2]
def git(*a):
    return subprocess.run(["git", "-C", repo] + list(a), check=True,
                          capture_output=True, text=True).stdout.split()
docs = json.load(open(path))["documents"]
# The merge that brought each commit in: walk the first-parent chain.
chain = git("rev-list", "--first-parent", "main")
owner = {c: None for c in chain}
for m in reversed(chain):
    parents = git("rev-list", "--parents", "-n", "1", m)[1:]
    for p in parents[1:]:
        for c in git("rev-list", p, "^" + parents[0]):
            owner.setdefault(c, m)
bad_changes = bad_merges = changes = 0
for d in docs:
    ours = [c for c in d["changes"] if not c["evil_merge"]]
    paths = sorted({c["path"] for c in d["changes"]} | {d["path"]})
    theirs = git("log", "--no-merges", "--full-history", "--format=%H", "--", *paths)
    if sorted(c["commit"] for c in ours) != sorted(theirs):
        bad_changes += 1
        print("# changes differ:", d["path"], len(ours), len(theirs))
    for c in ours:
        changes += 1
        if c["merge"] != owner.get(c["commit"]):
            bad_merges += 1
print(len(docs), changes, bad_changes, bad_merges)
PY
set -- $(tail -n 1 "$TMP/cmp")
grep '^#' "$TMP/cmp" | head -5
is "$1" 60 "every document has a history"
ok $(( $2 < 60 )) "the documents have changes beyond their creation ($2 changes)"
is "$3" 0 "each document's changes are exactly git log --no-merges --full-history's commits"
is "$4" 0 "each change names the first-parent merge that brought it in, as git's graph says"

# Approvals: every change that came through an approved pull request says
# so; every change committed straight to main does not.
python3 - "$TMP/h.json" > "$TMP/appr" <<'PY'
import json, sys
docs = json.load(open(sys.argv[1]))["documents"]
wrong = 0
for d in docs:
    for c in d["changes"]:
        merged = c["merge"] is not None and c["pull_request"] is not None
        approved = c["approval"] != "none"
        if merged != approved:
            wrong += 1
print(wrong)
PY
is "$(cat "$TMP/appr")" 0 "changes from approved pull requests are approved, direct ones are not"

# The generator's own record (renames followed, merges not counted).
python3 - "$R/.git/gen-manifest.tsv" "$TMP/h.json" > "$TMP/man" <<'PY'
import csv, json, sys
rows = [r for r in csv.reader((l for l in open(sys.argv[1]) if not l.startswith("#")), delimiter="\t")]
head, rows = rows[0], rows[1:]
want = {r[head.index("path")]: r for r in rows}
docs = {d["path"]: d for d in json.load(open(sys.argv[2]))["documents"]}
bad = renamed = 0
for path, r in want.items():
    ch = [c for c in docs[path]["changes"] if not c["evil_merge"]]
    unapproved = sum(1 for c in ch if c["approval"] == "none")
    if r[head.index("renamed_from")]:
        renamed += 1
    if len(ch) != int(r[head.index("changes")]) or \
       unapproved != int(r[head.index("unapproved")]) or \
       len({c["commit"] for c in ch}) != len(ch):
        bad += 1
        print("#", path, len(ch), r[head.index("changes")], unapproved)
print(renamed, bad)
PY
set -- $(tail -n 1 "$TMP/man")
grep '^#' "$TMP/man" | head -5
ok $(( $1 < 1 )) "the generated history renames documents ($1)"
is "$2" 0 "change and unapproved counts equal the generator's, renames followed, no change twice"

done_testing
