#!/bin/sh
# A document whose page would take a name of the site's own (index.md,
# soa.md) gets another page (index.md.html), and every link to it says so:
# the index, the SoA (in the site and from isms-render soa), the process
# graph (its DOT and SVG, in the site and from isms-render graph). Before,
# the SoA and the graph named the page themselves and linked index.md to
# the site's index.html.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good
# A process at index.md (it implements A.5.7 and hands CAPA its actions)
# and a policy at soa.md (it implements A.5.1).
git -C "$R" mv processes/risk.md index.md
git -C "$R" mv policies/information-security.md soa.md
# A body link to the process at index.md, as the lint checks it.
echo 'Risks are [managed](../index.md#objective).' >> "$R/procedures/backup.md"
git -C "$R" add procedures/backup.md
approved_commit "$R" "Move the risk process and the policy to the top"

S="$TMP/site"
run isms-render site -C "$R" -o "$S" --now "$NOW"
is "$rc" 0 "the site renders"
ok $([ -f "$S/index.md.html" ] && [ -f "$S/soa.md.html" ]; echo $?) \
	"index.md and soa.md have pages of their own: index.md.html, soa.md.html"
like "$(cat "$S/index.html")" '<a href="index\.md\.html">Risk Management</a>' \
	"the index links the process to its page"

# The SoA row of a control and the documents that implement it.
row() { grep "<tr id=\"A\\.$2\"" "$1"; }
like "$(row "$S/soa.html" 5.7)" 'href="index\.md\.html"' \
	"the site's SoA links the process at index.md to its page"
unlike "$(row "$S/soa.html" 5.7)" 'href="index\.html"' "  not to the site's index"
like "$(row "$S/soa.html" 5.1)" 'href="soa\.md\.html"' \
	"the site's SoA links the policy at soa.md to its page, not to itself"

like "$(cat "$S/graph.dot")" 'URL="index\.md\.html"' \
	"the site's graph.dot links the process to its page"
like "$(cat "$S/graph.svg")" 'href="index\.md\.html"' "  and so does graph.svg"
like "$(cat "$S/graph.html")" 'href="index\.md\.html"' "  and graph.html"
unlike "$(cat "$S/graph.dot")" 'URL="index\.html"' "  none links the site's index"

run isms-render soa -C "$R" --format html
like "$(printf '%s\n' "$out" | grep '<tr id="A\.5\.7"')" 'href="index\.md\.html"' \
	"isms-render soa --format html links the same page"
run isms-render graph -C "$R" --format dot
like "$out" 'URL="index\.md\.html"' "isms-render graph --format dot links the same page"

# A body's link to index.md leads to its page too (before, the site
# rewrote "index.md" to "index.html", the site's own index), and in the
# manual to its article.
run isms-lint -C "$R" --now "$NOW" procedures/backup.md
unlike "$out" 'link/broken' "lint: the link from the procedure to ../index.md#objective holds"
like "$(cat "$S/procedures/backup.html")" '<a href="\.\./index\.md\.html#objective">managed</a>' \
	"the procedure's page links index.md's page, with the anchor"
unlike "$(grep managed "$S/procedures/backup.html")" 'href="\.\./index\.html' "  never the site's index"
like "$(cat "$S/records/nonconformities/nc-001.html")" '<a href="\.\./\.\./procedures/backup\.html">' \
	"a link to another document keeps its short relative form"
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
k=$(grep -o '<a href="#doc-[0-9]*">managed</a>' "$TMP/manual.html" | grep -o 'doc-[0-9]*')
like "$(grep -A1 "<article class=\"doc\" id=\"$k\">" "$TMP/manual.html")" 'PRC-RISK' \
	"the manual links the same text to index.md's article ($k)"

# A document under governed/ whose page would be the governed isms.yml's
# page (governed/isms.yml.html) takes another, and both pages are there.
# Before, the document's page overwrote the governed file's.
mkdir -p "$R/governed"
git -C "$R" mv procedures/backup.md governed/isms.yml.md
approved_commit "$R" "A procedure under governed/"
S2="$TMP/site2"
run isms-render site -C "$R" -o "$S2" --now "$NOW"
is "$rc" 0 "the site renders"
like "$(grep '<h1>' "$S2/governed/isms.yml.html")" 'isms\.yml' \
	"governed/isms.yml.html is the governed isms.yml's page"
like "$(grep '<h1>' "$S2/governed/isms.yml.md.html")" 'Backup' \
	"the document has governed/isms.yml.md.html"
like "$(cat "$S2/index.html")" 'href="governed/isms\.yml\.md\.html"' \
	"the index links the document to its page"

done_testing
