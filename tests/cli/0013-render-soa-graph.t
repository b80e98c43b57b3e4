#!/bin/sh
# isms-render soa and graph: the Statement of Applicability lists all 93
# controls with their decisions and implementing documents, the graph shows
# the processes and their interactions; every format matches its golden
# file, undecided rows stand out, output is deterministic and escaped.
. "$(dirname "$0")/lib.sh"

new_repo "$TMP/r" good
R="$TMP/r"
G="$DATA/golden"

golden() {   # golden FILE NAME: $TMP/FILE matches $G/FILE
	if [ "${ISMS_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/$1" "$G/$1"
	fi
	if cmp -s "$TMP/$1" "$G/$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		diff "$G/$1" "$TMP/$1" | sed 's/^/#   /' | head -20
	fi
}

# ---------------------------------------------------------------- golden files

for fmt in csv md json; do
	run isms-render soa -C "$R" --format $fmt -o "$TMP/soa.$fmt"
	is "$rc" 0 "soa --format $fmt exits 0"
	is "$out$err" "" "soa --format $fmt -o writes nothing to the terminal"
	golden soa.$fmt "soa $fmt matches the golden file soa.$fmt"
done
for fmt in dot mermaid json; do
	run isms-render graph -C "$R" --format $fmt -o "$TMP/graph.$fmt"
	is "$rc" 0 "graph --format $fmt exits 0"
	golden graph.$fmt "graph $fmt matches the golden file graph.$fmt"
done
run isms-render soa -C "$R"
is "$out" "$(cat "$TMP/soa.csv")" "soa writes CSV to standard output by default"
run isms-render graph -C "$R"
is "$out" "$(cat "$TMP/graph.dot")" "graph writes DOT to standard output by default"

# ---------------------------------------------------------------- SoA content

python3 - "$TMP/soa.csv" >"$TMP/csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], newline="").read()
rows = list(csv.reader(raw.splitlines(keepends=True)))
print(len(rows), set(len(r) for r in rows), raw.count("\r\n"),
      ",".join(rows[0]))
PY
is "$(cat "$TMP/csv")" "94 {10} 94 id,title,theme,applicable,status,justification,documents,owners,flag,risks" \
	"CSV: a header and 93 rows of 10 fields, CRLF line ends (RFC 4180)"
like "$(cat "$TMP/soa.csv")" '^A\.5\.1,Policies for information security,Organizational,yes,implemented,Required by our risk assessment,POL-001 Information Security Policy,ciso \(Jane Roe\),' \
	"CSV: a row has id, title, theme, decision, justification, documents and their owners"
like "$(cat "$TMP/soa.csv")" '^A\.7\.4,.*,no,,"?Fully remote' "CSV: an excluded control says no, with its justification"
is "$(sed -n 2p "$TMP/soa.csv" | cut -d, -f1)$(tail -n 1 "$TMP/soa.csv" | cut -d, -f1)" "A.5.1A.8.34" \
	"CSV: controls in the standard's order, A.5.1 to A.8.34"

python3 -m json.tool "$TMP/soa.json" >/dev/null
ok $? "the SoA JSON parses"
python3 - "$TMP/soa.json" >"$TMP/j" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["controls"]
by = {x["id"]: x for x in c}
print(len(c), sum(x["undecided"] for x in c), by["A.7.4"]["applicable"],
      [d["id"] for d in by["A.5.1"]["documents"]],
      by["A.8.13"]["documents"][0]["owner"], by["A.8.13"]["documents"][0]["owner_name"])
PY
is "$(cat "$TMP/j")" "93 0 False ['POL-001'] it-lead Sam Poe" \
	"JSON: 93 controls, none undecided, A.7.4 excluded, documents with owners (\"8.13\" normalised)"

is "$(grep -c '^## A\.[5-8] ' "$TMP/soa.md")" 4 "Markdown: one table per theme"
is "$(grep -c '^| A\.[5-8]\.[0-9]* |' "$TMP/soa.md")" 93 "Markdown: 93 rows"

run isms-render soa -C "$R" --format html -o "$TMP/soa.html"
is "$rc" 0 "soa --format html exits 0"
H=$(cat "$TMP/soa.html")
is "$(grep -c '<tr id="A\.' "$TMP/soa.html")" 93 "HTML: 93 control rows"
unlike "$H" '<script|<link|src=' "HTML: self-contained, no script"
like "$H" '<style>' "HTML: the CSS is inline"
like "$H" '<a href="policies/information-security.html">POL-001 Information Security Policy</a>' \
	"HTML: implementing documents link to their pages"

# ---------------------------------------------------------------- undecided

# A row removed from soa.yml (in the working tree) and a justification
# emptied: both rows stand out in every format.
grep -v '^  A\.5\.3:' "$R/soa.yml" |
	sed 's/^  A\.5\.4: .*/  A.5.4: {applicable: true, status: planned}/' >"$TMP/soa.yml"
cp "$TMP/soa.yml" "$R/soa.yml"
run isms-render soa -C "$R" --format csv
like "$out" '^A\.5\.3,Segregation of duties,Organizational,undecided,,,,,undecided' "CSV: a control without a row is undecided"
like "$out" '^A\.5\.4,.*,yes,planned,,,,unjustified' "CSV: a decision without justification is flagged unjustified"
is "$(printf '%s\n' "$out" | grep -c ",undecided,.$")" 1 "CSV: only that row is undecided"
run isms-render soa -C "$R" --format json
like "$out" '"id":"A\.5\.3".*"applicable":null.*"undecided":true,"unjustified":false' "JSON: undecided: applicable null, undecided true"
like "$out" '"id":"A\.5\.4".*"justification":null.*"undecided":false,"unjustified":true' "JSON: unjustified true"
run isms-render soa -C "$R" --format md
like "$out" '^\| A\.5\.3 \| Segregation of duties \| undecided \|.*\| \*\*undecided\*\* \|$' "Markdown: the undecided row is flagged in bold"
like "$out" '1 undecided, 1 unjustified' "Markdown: the summary counts them"
run isms-render soa -C "$R" --format html
like "$out" '<tr id="A\.5\.3" class="soa-undecided">.*soa-flag.*undecided' "HTML: the undecided row has a class and a visible marker"
like "$out" '<tr id="A\.5\.4" class="soa-applicable soa-unjustified">.*no justification' "HTML: the unjustified row has a class and a visible marker"

# --rev reads the committed soa.yml, not the working tree.
run isms-render soa -C "$R" --rev HEAD --format csv
like "$out" '^A\.5\.3,.*,yes,planned,' "--rev HEAD: the committed decision"
run isms-render soa -C "$R" --at 2026-10-01 --format csv
like "$out" '^A\.5\.3,.*,yes,planned,' "--at DATE: the decision as the branch held it"
git -C "$R" checkout -q -- soa.yml

# A soa.yml that does not parse is trouble, and -o keeps the last output.
cp "$TMP/soa.csv" "$TMP/keep.csv"
printf 'controls:\n  A.5.1: {applicable: true\n' >"$R/soa.yml"
run isms-render soa -C "$R" -o "$TMP/keep.csv"
is "$rc" 2 "a soa.yml that does not parse exits 2"
like "$err" '^isms-render: soa\.yml:[0-9]+:[0-9]+: ' "the message names soa.yml with line and column"
cmp -s "$TMP/keep.csv" "$TMP/soa.csv"
ok $? "a failed render leaves the previous output intact"
ok $([ ! -e "$TMP/keep.csv.tmp" ]; echo $?) "and no temporary file behind"
rm "$R/soa.yml"
run isms-render soa -C "$R" --format json
is "$rc" 0 "without soa.yml the SoA is still written"
like "$err" 'soa\.yml does not exist' "with a warning"
is "$(printf '%s\n' "$out" | grep -c '"undecided":true')" 93 "and all 93 controls undecided"
git -C "$R" checkout -q -- soa.yml

# ---------------------------------------------------------------- graph

python3 - "$TMP/graph.json" >"$TMP/g" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
print(len(g["nodes"]), len(g["edges"]), g["edges"][0])
PY
is "$(cat "$TMP/g")" "2 1 {'from': 'PRC-RISK', 'to': 'PRC-CAPA', 'what': 'risk treatment actions'}" \
	"an edge declared on both ends (outputs and inputs) appears once"
like "$(cat "$TMP/graph.dot")" '"PRC-RISK" \[label="Risk Management\\nciso \(Jane Roe\)", URL="processes/risk\.html", tooltip=' \
	"DOT: node label title and owner, URL to the document page, tooltip"

# An ISMS in a subfolder of its repository: paths stay repository-relative,
# links are relative to the ISMS root (where the site puts its pages).
M="$TMP/mono"
git init -q -b main "$M"
mkdir "$M/isms"
cp -R "$DATA/good/." "$M/isms/"
git -C "$M" add -A
git -C "$M" commit -q -m "start"
run isms-render graph -C "$M/isms" --format json
like "$out" '"path":"isms/processes/risk\.md"' "a subfolder ISMS: JSON paths are repository-relative"
run isms-render graph -C "$M/isms" --format dot
like "$out" 'URL="processes/risk\.html"' "a subfolder ISMS: links are relative to the ISMS root"

# The starter ISMS: 13 processes, one connected picture.
T="$TMP/t"
git init -q -b main "$T"
cp -R "$ISMS_SRC/policy-templates/." "$T/"
git -C "$T" add -A
git -C "$T" commit -q -m "start"
run isms-render graph -C "$T" --format json
is "$rc" 0 "graph of the templates exits 0"
printf '%s\n' "$out" >"$TMP/tg.json"
python3 - "$TMP/tg.json" >"$TMP/tg" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
ids = {n["id"] for n in g["nodes"]}
adj = {i: set() for i in ids}
for e in g["edges"]:
    assert e["from"] in ids and e["to"] in ids
    adj[e["from"]].add(e["to"]); adj[e["to"]].add(e["from"])
seen, todo = set(), [min(ids)]
while todo:
    n = todo.pop()
    if n not in seen:
        seen.add(n); todo += adj[n]
print(len(ids), len(seen) == len(ids))
PY
is "$(cat "$TMP/tg")" "13 True" "the templates' graph has 13 nodes and is connected"

isms-render graph -C "$T" --format svg -o "$TMP/one.svg"
ok $? "graph --format svg exits 0"
isms-render graph -C "$T" --format svg >"$TMP/two.svg"
cmp -s "$TMP/one.svg" "$TMP/two.svg"
ok $? "SVG: two runs give the same bytes"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/one.svg"
ok $? "SVG: well-formed XML"
# Labels are measured with Graphviz's own metrics, not this machine's
# fonts: with no font at all the SVG is the same, on any machine.
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/none</dir><cachedir>%s/fc</cachedir></fontconfig>\n' \
	"$TMP" "$TMP" >"$TMP/nofonts.conf"
FONTCONFIG_FILE="$TMP/nofonts.conf" isms-render graph -C "$T" --format svg --no-cache >"$TMP/nofonts.svg"
cmp -s "$TMP/one.svg" "$TMP/nofonts.svg"
ok $? "SVG: the same bytes without any font installed"
is "$(grep -c '<g id="node[0-9]*" class="node">' "$TMP/one.svg")" 13 "SVG: 13 process nodes"
like "$(cat "$TMP/one.svg")" 'xlink:href="processes/risk-assessment\.html"' "SVG: nodes link to their pages"
run isms-render graph -C "$T" --format mermaid
like "$out" '^flowchart LR$' "Mermaid: a flowchart"
is "$(printf '%s\n' "$out" | grep -c '^    n[0-9]*\["')" 13 "Mermaid: 13 nodes with safe ids"

# ---------------------------------------------------------------- hostile text

# A process whose title, owner name and edge text are markup, an edge to an
# unknown id, and a document whose file name reads as a URL scheme.
cat >"$R/processes/evil.md" <<'EOF'
---
id: PRC-EVIL
title: '<script>alert(1)</script> "quoted" [x] {y} | #1; \N'
type: process
owner: ciso
version: "1.0"
status: approved
controls: [A.5.1]
outputs:
  - to: PRC-RISK
    what: '"]; n0 --> n1["<img src=x onerror=alert(2)>'
  - to: PRC-NOWHERE
    what: lost
---
# Evil
EOF
cat >"$R/javascript:alert(3).md" <<'EOF'
---
id: PRC-URL
title: Scheme
type: process
owner: ciso
version: "1.0"
status: approved
controls: [A.5.1]
inputs:
  - from: PRC-EVIL
    what: x
---
# Scheme
EOF
run isms-render graph -C "$R" --format svg
is "$rc" 0 "SVG of hostile titles exits 0"
printf '%s\n' "$out" >"$TMP/evil.svg"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/evil.svg"
ok $? "SVG of hostile titles is well-formed XML"
unlike "$out" '<script|<img' "SVG: no markup from titles"
unlike "$out" 'href="javascript:' "SVG: a file name is never a URL scheme"
like "$out" 'xlink:href="javascript%3Aalert%283%29\.html"' "SVG: the href is percent-encoded"
like "$out" '>&lt;script&gt;alert\(1\)&lt;/script&gt; &quot;quoted&quot; \[x\] \{y\} \| #1; \\N</text>' \
	"SVG: the title is shown as written, escaped (Graphviz's \\N not expanded)"
run isms-render soa -C "$R" --format html
unlike "$out" '<script|<img' "SoA HTML: no markup from titles"
unlike "$out" 'href="javascript:' "SoA HTML: a file name is never a URL scheme"
like "$out" 'PRC-EVIL &lt;script&gt;' "SoA HTML: the title is shown, escaped"
run isms-render graph -C "$R" --format mermaid
unlike "$out" '<script|<img' "Mermaid: no markup from titles"
like "$out" '#60;script#62;alert\(1\)#60;/script#62; #34;quoted#34; #91;x#93; #123;y#125; #124; #35;1#59; #92;N<br>ciso' \
	"Mermaid: the title's markup as entity codes"
is "$(printf '%s\n' "$out" | grep -c '^    n[0-9]* -->|"[^"|]*"| n[0-9]*$')" 3 \
	"Mermaid: every edge label stays inside its quotes"
run isms-render graph -C "$R" --format json
like "$out" '"from":"PRC-EVIL","to":"PRC-RISK"' "JSON: the edge to a known process is kept"
unlike "$out" 'PRC-NOWHERE' "JSON: an edge to an unknown id is left out"
run isms-render graph -C "$R" --format dot
if command -v dot >/dev/null; then
	printf '%s\n' "$out" | dot -Tcanon >/dev/null 2>"$TMP/doterr"
	ok $? "DOT of hostile titles parses with dot(1)"
else
	ok 0 "# SKIP dot(1) is not installed"
fi
rm "$R/processes/evil.md" "$R/javascript:alert(3).md"

# ---------------------------------------------------------------- usage

run isms-render soa -C "$R" --format pdf
is "$rc" 2 "an unknown soa format exits 2"
like "$err" 'soa formats are csv, md, json and html' "and names the formats"
run isms-render graph -C "$R" --format png
is "$rc" 2 "an unknown graph format exits 2"
run isms-render soa -C "$R" policies
is "$rc" 2 "soa takes no PATH"
run isms-render history -C "$R" --format json policies/information-security.md
is "$rc" 0 "history still works"
like "$out" '"id":"POL-001"' "history still writes its JSON"

# Common options may stand before the command, as in git.
run isms-render soa -C "$R" --format json
want=$out
run isms-render -C "$R" --now 2026-11-01 soa --format json
is "$rc" 0 "options before the command: exits 0"
is "$out" "$want" "  and renders what the options after it render"
run isms-render -C "$R" bogus
is "$rc" 2 "an unknown command after options exits 2"
like "$err" "unknown command 'bogus'" "  and names it"

done_testing
