#!/bin/sh
# isms-render diff: what changed between two revisions, for a management
# review: documents added, removed and changed (versions, approved changes,
# a line diff of the body), SoA decisions, process interactions; in md,
# json and html; deterministic, escaped, and a clear refusal of an unknown
# revision.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
new_repo "$R" good
git -C "$R" tag v1
# 1. the policy: a body line edited, its version bumped
sed -i 's/^version: "1.3"/version: "1.4"/; s/^Processes exchange outputs as listed in their front matter\.$/Processes exchange outputs as listed in their front matter and the graph./' \
	"$R/policies/information-security.md"
git -C "$R" add -A
approved_commit "$R" "Policy: name the graph"
# 2. a new procedure, with a hostile title
cat >"$R/procedures/incident.md" <<'DOC'
---
id: PRO-002
title: Incident <script>alert(1)</script> & Response
type: procedure
owner: it-lead
version: "1.0"
status: approved
controls: ["5.24"]
---
# Incident Response

Report incidents to the CISO within one hour.
DOC
git -C "$R" add -A
approved_commit "$R" "Add the incident procedure"
# 3. a record removed
git -C "$R" rm -q records/training/2026-03-awareness.md
approved_commit "$R" "Remove the training record"
# 4. one SoA decision
sed -i 's/^  A\.5\.3: {applicable: true, status: planned,/  A.5.3: {applicable: true, status: implemented,/' "$R/soa.yml"
git -C "$R" add -A
approved_commit "$R" "SoA: A.5.3 implemented"
# 5. a process interaction: CAPA feeds new risks back
python3 - "$R/processes/capa.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('clauses: ["10.2"]\n',
              'clauses: ["10.2"]\noutputs:\n  - to: PRC-RISK\n    what: new risks found\n', 1)
open(p, "w").write(s)
PY
git -C "$R" add -A
approved_commit "$R" "CAPA feeds risks back"
git -C "$R" tag v2

# ---------------------------------------------------------------- md

run isms-render diff -C "$R" v1 v2
is "$rc" 0 "diff v1 v2 exits 0"
is "$err" "" "diff writes nothing to stderr"
MD=$out
is "$(printf '%s\n' "$MD" | grep -c '^### ')" 4 "md: four documents (1 added, 1 removed, 2 changed)"
is "$(printf '%s\n' "$MD" | sed -n '/^## Documents added/,/^## Documents removed/p' | grep '^### ')" \
	"### PRO-002 Incident &lt;script>alert(1)&lt;/script> &amp; Response" "md: the procedure is added"
is "$(printf '%s\n' "$MD" | sed -n '/^## Documents removed/,/^## Documents changed/p' | grep '^### ')" \
	"### TR-2026-03 Security Awareness Training March 2026" "md: the record is removed"
is "$(printf '%s\n' "$MD" | sed -n '/^## Documents changed/,/^## Statement/p' | grep '^### ' | tr '\n' '|')" \
	"### POL-001 Information Security Policy|### PRC-CAPA Non-conformity and Corrective Action|" \
	"md: the policy and the process that gained an output are changed"
like "$MD" '^- Version: 1\.3 → 1\.4$' "md: the policy's version change"
like "$MD" '^```diff$' "md: the body diff is a fenced diff block"
like "$MD" '^-Processes exchange outputs as listed in their front matter\.$' "md: the removed line"
like "$MD" '^\+Processes exchange outputs as listed in their front matter and the graph\.$' "md: the added line"
is "$(printf '%s\n' "$MD" | grep -c '^[-+][^-+ ]')" 2 "md: exactly one line removed and one added"
like "$MD" '^@@ -[0-9]+,[0-9]+ \+[0-9]+,[0-9]+ @@$' "md: the hunk has file line numbers"
like "$MD" '“Policy: name the graph” — approved by Jane Roe <jane@example\.com> \(ciso, merge, claimed\); pull request #2$' \
	"md: the policy's change with its approver and pull request"
like "$MD" '“Add the incident procedure” — approved by Jane Roe .*pull request #3$' \
	"md: the added document's change with its approval"
unlike "$MD" 'start|initial ISMS|pull request #1' "md: changes already in v1 are not listed"
like "$MD" '^- \*\*A\.5\.3\*\* Segregation of duties: applicable, planned, .* → applicable, implemented, ' \
	"md: the SoA decision changed"
is "$(printf '%s\n' "$MD" | grep -c '^- \*\*A\.')" 1 "md: exactly one SoA decision changed"
is "$(printf '%s\n' "$MD" | grep '^- \(Added\|Removed\): ')" "- Added: PRC-CAPA → PRC-RISK: new risks found" \
	"md: exactly the added process interaction"
like "$MD" '^- Body: unchanged$' "md: the process changed only in its front matter"

# ---------------------------------------------------------------- json

run isms-render diff -C "$R" --format json v1 v2 -o "$TMP/d.json"
is "$rc$out$err" "0" "json -o: exits 0, writes nothing to the terminal"
python3 - "$TMP/d.json" >"$TMP/j" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
docs = d["documents"]
print(d["from"]["rev"], d["to"]["rev"], len(d["from"]["commit"]))
print(sorted(d["summary"].items()))
print([x["id"] for x in docs["added"]], [x["id"] for x in docs["removed"]],
      [x["id"] for x in docs["changed"]])
pol = docs["changed"][0]
print(pol["old"]["version"], pol["new"]["version"], pol["body"]["state"])
lines = [l for h in pol["body"]["hunks"] for l in h["lines"] if l[0] in "+-"]
print(lines)
c = pol["changes"]
print(len(c), c[0]["pull_request"], c[0]["approval"],
      [(a["name"], a["role"]) for a in c[0]["approvers"]], c[0]["author"]["name"])
print(docs["added"][0]["old"], docs["added"][0]["changes"][0]["pull_request"],
      docs["removed"][0]["new"], docs["removed"][0]["old"]["path"])
s = d["soa"]
print(len(s), s[0]["control"], s[0]["old"]["status"], s[0]["new"]["status"],
      s[0]["new"]["applicable"])
print(d["graph"])
PY
is "$(cat "$TMP/j")" "v1 v2 40
[('documents_added', 1), ('documents_changed', 2), ('documents_removed', 1), ('edges_added', 1), ('edges_removed', 0), ('soa_changed', 1)]
['PRO-002'] ['TR-2026-03'] ['POL-001', 'PRC-CAPA']
1.3 1.4 changed
['-Processes exchange outputs as listed in their front matter.', '+Processes exchange outputs as listed in their front matter and the graph.']
1 2 merge [('Jane Roe', 'ciso')] Sam Poe
None 3 None records/training/2026-03-awareness.md
1 A.5.3 planned implemented True
{'added': [{'from': 'PRC-CAPA', 'to': 'PRC-RISK', 'what': 'new risks found'}], 'removed': []}" \
	"json: the same changes, in the documented fields"

# ---------------------------------------------------------------- html

run isms-render diff -C "$R" --format html v1 v2 -o "$TMP/d.html"
is "$rc$out$err" "0" "html -o: exits 0"
H=$(cat "$TMP/d.html")
unlike "$H" '<script|<link|src=' "html: self-contained, no script"
like "$H" '<style>' "html: the CSS is inline"
like "$H" 'Incident &lt;script&gt;alert\(1\)&lt;/script&gt; &amp; Response' "html: the hostile title is escaped"
like "$H" '<span class="del">-Processes exchange outputs as listed in their front matter\.</span>' "html: the removed line"
like "$H" '<span class="add">\+Processes exchange outputs as listed in their front matter and the graph\.</span>' "html: the added line"
like "$H" 'approved by Jane Roe &lt;jane@example\.com&gt; \(ciso, merge, claimed\); pull request #2' "html: the approval"
like "$H" '<td>A\.5\.3</td>' "html: the SoA decision"
like "$H" 'Added: PRC-CAPA → PRC-RISK: new risks found' "html: the added interaction"
python3 -c 'import sys, html.parser; html.parser.HTMLParser().feed(open(sys.argv[1]).read())' "$TMP/d.html"
ok $? "html: parses"

# ---------------------------------------------------------------- determinism, errors

for fmt in md json html; do
	isms-render diff -C "$R" --format $fmt v1 v2 >"$TMP/a.$fmt" 2>&1
	isms-render diff -C "$R" --format $fmt v1 v2 >"$TMP/b.$fmt" 2>&1
	cmp -s "$TMP/a.$fmt" "$TMP/b.$fmt"
	ok $? "$fmt: two runs give the same bytes"
done
run isms-render diff -C "$R" v2 v2 --format json
like "$out" '"summary":\{"documents_added":0,"documents_removed":0,"documents_changed":0,"soa_changed":0,"edges_added":0,"edges_removed":0\}' \
	"a revision against itself: nothing changed"
run isms-render diff -C "$R" v2 v1
like "$out" '^- Added: .*training|^### TR-2026-03' "reversed: the removed record comes back as added"
run isms-render diff -C "$R" v1 no-such-rev
is "$rc" 2 "an unknown revision exits 2"
like "$err" 'unknown revision "no-such-rev"' "with a clear message"
is "$out" "" "and writes nothing"
run isms-render diff -C "$R" v1
is "$rc" 2 "one revision is a usage error"
run isms-render diff -C "$R" v1 v2 --format csv
is "$rc" 2 "an unknown format exits 2"
like "$err" 'diff formats are md, html and json' "naming the formats"
run isms-render diff -C "$R" --rev v1 v1 v2
is "$rc" 2 "--rev does not apply to diff"

done_testing
