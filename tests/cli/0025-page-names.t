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

done_testing
