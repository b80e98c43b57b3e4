#!/bin/sh
# policy-templates/: a starter ISMS that lints clean, decides every control,
# and whose processes form one connected picture.
. "$(dirname "$0")/lib.sh"

T="$ISMS_SRC/policy-templates"
R="$TMP/r"
git init -q -b main "$R"
git -C "$R" commit -q --allow-empty -m start
cp -R "$T/." "$R/"
git -C "$R" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$R" "Adopt the starter ISMS"

# A copy of the templates is the starter ISMS left as it is: every
# document warns template/unchanged (shelf-ware), and nothing else is
# found; with the comparison turned off it lints clean with --strict.
run isms-lint -C "$R" --now 2026-11-01
is "$rc" 0 "the templates, brought in through an approved pull request, lint without errors"
is "$(printf '%s\n' "$out" | grep -vc '\[template/unchanged\]$')" 0 \
	"every finding is template/unchanged: the copy is the template set, unchanged"
like "$err" 'isms-lint: ([0-9]+) documents, 0 errors, \1 warnings' "all documents are read, each one shelf-ware"
printf 'templates: false\n' >> "$R/isms.yml"
run isms-lint -C "$R" --now 2026-11-01 --strict
is "$rc" 0 "with templates: false they lint clean with --strict"
is "$out" "" "with no finding at all, warnings included"
like "$err" 'isms-lint: [0-9]+ documents, 0 errors, 0 warnings' "all documents are read"

# The example records go before an audit, as the README says: removing
# them all breaks no link (the processes name the records' folders, not
# the examples). Before, five processes linked an example record.
X="$TMP/x"
cp -R "$R" "$X"
git -C "$X" rm -q -r records/audits records/management-reviews \
	records/nonconformities records/training records/measurements
run isms-lint -C "$X" --now 2026-11-01
unlike "$out" 'link/broken' "removing the example records leaves no broken link"

is "$(grep -c '^  A\.[5-8]\.[0-9]*: *{' "$T/soa.yml")" 93 "soa.yml decides all 93 controls"
run isms-lint -C "$R" --now 2026-11-01 --format json
like "$out" '"warnings":0' "no control is undecided, unjustified or contradicted"

# The template set itself, linted where it lies (its ISMS root is the set
# isms-new copies), is not shelf-ware of itself.
run isms-lint -C "$T" --now 2026-11-01
is "$(printf '%s\n' "$out" | grep -c 'template/unchanged')" 0 \
	"the template set in place is not compared with itself"

# The process-interaction graph is connected, ignoring direction.
python3 - "$T" > "$TMP/graph" <<'PY'
import os, re, sys
root = sys.argv[1]
ids, edges = set(), set()
for name in sorted(os.listdir(os.path.join(root, "processes"))):
    text = open(os.path.join(root, "processes", name)).read().split("\n---", 1)[0]
    me = re.search(r"^id: *(\S+)", text, re.M).group(1)
    ids.add(me)
    for other in re.findall(r"(?:from|to): *([A-Z][A-Z0-9-]+)", text):
        edges.add(frozenset((me, other)))
seen, todo = set(), [min(ids)]
while todo:
    n = todo.pop()
    if n in seen:
        continue
    seen.add(n)
    todo += [x for e in edges if n in e for x in e if x != n]
print(len(ids), len(seen))
PY
set -- $(cat "$TMP/graph")
is "$1" 13 "the templates have the 13 core processes of clause 4.4"
is "$2" "$1" "every process reaches every other through inputs and outputs"

# Every policy has the five required sections, with content.
run isms-lint -C "$R" --now 2026-11-01 policies
is "$rc" 0 "the policies lint clean on their own"
ok $(grep -rLE '^## Management Intent' "$T/policies" | grep -q .; [ $? -ne 0 ]; echo $?) \
	"every policy has a Management Intent section"
ok $(grep -rlE 'TBD|lorem ipsum|TODO' "$T" | grep -q .; [ $? -ne 0 ]; echo $?) \
	"no placeholder prose (TBD, TODO, lorem ipsum)"

done_testing
