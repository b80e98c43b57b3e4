#!/bin/sh
# The risks on the site (PRODUCT.md section 7): the 5x5 heat map on the
# dashboard, on risks.html and in the manual, counted on a repository
# whose answers are known; risks.html's register and its risk -> control
# graph; the starter ISMS's register.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
risk() {
	f=$1 id=$2 l=$3 i=$4
	shift 4
	mkdir -p "$R/records/risks"
	{
		printf -- '---\nid: %s\ntitle: Risk %s\ntype: risk\nowner: ciso\n' "$id" "$id"
		printf 'likelihood: %s\nimpact: %s\nreview: 2027-06-30\n' "$l" "$i"
		for x in "$@"; do printf '%s\n' "$x"; done
		printf -- '---\n# Risk %s\n' "$id"
	} > "$R/records/risks/$f.md"
}
# cells FILE: "L-I:N" for every cell of the heat map in FILE, in page order.
cells() {
	grep -o 'data-likelihood="[0-9]" data-impact="[0-9]" data-count="[0-9]*"' "$1" |
		sed 's/data-likelihood="\(.\)" data-impact="\(.\)" data-count="\(.*\)"/\1-\2:\3/' |
		tr '\n' ' '
}
nonzero() { cells "$1" | tr ' ' '\n' | grep -v ':0$' | tr '\n' ' '; }

R="$TMP/r"
new_repo "$R" good
risk r1 RSK-1 4 3 "treatment: mitigate" "controls: [A.8.13, A.5.3]"
risk r2 RSK-2 4 3 "treatment: transfer"
risk r3 RSK-3 1 1
risk r4 RSK-4 5 5 "treatment: mitigate" "controls: [A.8.13]"
risk r5 RSK-5 x 2
git -C "$R" add -A
approved_commit "$R" "Risk register"

run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
is "$rc" 0 "the site renders"
S="$TMP/site"
is "$(cells "$S/risks.html" | wc -w | tr -d ' ')" 25 "the heat map has 25 cells"
is "$(nonzero "$S/risks.html")" "5-5:1 4-3:2 1-1:1 " \
	"the counts: two at likelihood 4 x impact 3, one at 5 x 5, one at 1 x 1"
is "$(nonzero "$S/dashboard.html")" "5-5:1 4-3:2 1-1:1 " "the dashboard shows the same heat map"
is "$(cells "$S/risks.html" | cut -d' ' -f1,5,21,25)" "5-1:0 5-5:1 1-1:1 1-5:0" \
	"rows run from likelihood 5 down to 1, columns from impact 1 to 5"
like "$(cat "$S/risks.html")" 'without a valid likelihood and impact is not placed' \
	"a risk without a valid score is said to be left out"
cell=$(sed -n 's/.*\(<td id="heat-4-3"[^>]*>.*\)/\1/p' "$S/risks.html" | sed 's/<\/td>.*//')
like "$cell" '<a href="records/risks/r1.html" title="Risk RSK-1">RSK-1</a><br><a href="records/risks/r2.html" title="Risk RSK-2">RSK-2</a>' \
	"a cell links to its risks"
like "$(grep 'id="heat-5-5"' "$S/risks.html")" 'background:#f4b6b6' "a cell at or over the threshold is red"
like "$(grep 'id="heat-1-1"' "$S/risks.html")" 'background:#cfe8cf' "a low cell is green"

# The register: one row a risk, with its state.
is "$(grep -c '^<tr><td><a href="records/risks/' "$S/risks.html")" 5 "the register has a row per risk"
like "$(cat "$S/risks.html")" '<td>4</td><td>3</td><td>12</td><td>transfer</td>' "a row shows likelihood, impact, score and treatment"

like "$(cat "$S/records/risks/r1.html")" '<dt>Risk</dt><dd>likelihood 4 × impact 3 = score 12 \(threshold 12\)</dd>' \
	"a risk's page shows its score against the threshold"
like "$(cat "$S/records/risks/r1.html")" '<dt>Treatment</dt><dd>mitigate</dd>' "and its treatment"
unlike "$(cat "$S/records/risks/r3.html")" 'untreated</span>' \
	"a risk below the threshold without a treatment is not flagged untreated"

# The graph: risks to the controls that treat them.
like "$(cat "$S/risks.dot")" '^	"risk:records/risks/r1.md" -> "A.8.13";$' "risks.dot: an edge from a risk to each of its controls"
is "$(grep -c -- '->' "$S/risks.dot")" 3 "risks.dot: three edges"
like "$(cat "$S/risks.dot")" 'URL="soa.html#A.5.3"' "a control links to its SoA row"
like "$(cat "$S/risks.html")" '<svg' "risks.html holds the laid-out graph, inline"
unlike "$(cat "$S/risks.html")" '(src|href)="https?:' "and no external asset"
like "$(grep -o '<nav.*</nav>' "$S/index.html")" 'href="risks.html"' "the navigation links risks.html"

# The same map in the manual, linking the risks' articles.
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
M="$TMP/manual.html"
is "$(nonzero "$M")" "5-5:1 4-3:2 1-1:1 " "the manual shows the heat map with the same counts"
like "$(grep 'id="heat-5-5"' "$M")" '<a href="#doc-[0-9]*" title="Risk RSK-4">RSK-4</a>' \
	"the manual's cells link the risks' articles"

# Two runs write the same pages.
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site2"
cmp -s "$S/risks.html" "$TMP/site2/risks.html"
ok $? "risks.html is the same in two runs"

# The starter ISMS: its register on the heat map.
R="$TMP/starter"
git init -q -b main "$R"
git -C "$R" commit -q --allow-empty -m start
cp -R "$ISMS_SRC/policy-templates/." "$R/"
git -C "$R" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$R" "Adopt the starter ISMS"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/s3"
total=$(cells "$TMP/s3/risks.html" | tr ' ' '\n' | sed 's/.*://' | awk '{n += $1} END {print n}')
ok $([ "$total" -ge 12 ]; echo $?) "the starter's heat map places its $total risks (at least 12)"
like "$(cat "$TMP/s3/risks.html")" 'accepted by the owner' "its accepted risk is shown accepted"
unlike "$(cat "$TMP/s3/risks.html")" 'untreated</span>' "none of its risks is untreated"

done_testing
