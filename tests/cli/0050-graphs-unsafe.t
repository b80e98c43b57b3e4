#!/bin/sh
# Publishing for auditors (PRODUCT.md section 9): each process page shows
# its neighbourhood graph (its inputs and outputs, the subgraph of the
# whole process graph) at a readable size; the whole graph page stays
# legible (the SVG at its natural size, in a frame that scrolls, and a
# link to it at full size); --unsafe drops every <meta> tag of a body, so
# a meta refresh cannot take a reader elsewhere. Headless Chromium, when
# installed, measures the labels' rendered size and watches for the
# refresh.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
starter_repo "$R"
S="$TMP/site"
run isms-render site -C "$R" -o "$S" --now "$NOW"
is "$rc" 0 "the starter ISMS renders"
P=$(cat "$S/processes/risk-assessment.html")

# ---------------------------------------------------------------- neighbourhood
like "$P" '<h2 id="isms-neighbourhood">Neighbouring processes</h2>' \
	"a process page has its neighbourhood section"
like "$P" '<div class="nbhd-graph"><svg xmlns="http://www.w3.org/2000/svg" width="[0-9]+" height="[0-9]+" viewBox="0 0 [0-9]+ [0-9]+"' \
	"an inline SVG with its natural width and height"
# The neighbours it links to are those of the whole graph's edges.
isms-render graph -C "$R" --format json --now "$NOW" > "$TMP/graph.json"
want=$(python3 - "$TMP/graph.json" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
path = {n["id"]: n["path"] for n in g["nodes"]}
me = "PRC-RISK-ASSESS"
ins = sorted(path[e["from"]] for e in g["edges"] if e["to"] == me and e["from"] != me)
outs = sorted(path[e["to"]] for e in g["edges"] if e["from"] == me and e["to"] != me)
print("in", " ".join(p[:-3] + ".html" for p in ins))
print("out", " ".join(p[:-3] + ".html" for p in outs))
PY
)
got=$(python3 - "$S/processes/risk-assessment.html" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
svg = re.search(r'<div class="nbhd-graph">(.*?)</svg>', t, re.S).group(1)
# Boxes left of the process are its inputs, right of it its outputs.
boxes = re.findall(r'<a href="\.\./([^"]+)"><title>[^<]*</title><rect x="(\d+)"', svg)
me = int(re.search(r'<g class="self"><title>[^<]*</title><rect x="(\d+)"', svg).group(1))
print("in", " ".join(sorted(h for h, x in boxes if int(x) < me)))
print("out", " ".join(sorted(h for h, x in boxes if int(x) > me)))
PY
)
is "$got" "$want" "its inputs (left) and outputs (right) are the whole graph's edges of it, each linked to its page"
like "$P" '<title>PRC-CHANGE → PRC-RISK-ASSESS: significant changes' \
	"each arrow says what passes on it"
like "$P" '<a href="../graph.html">process graph</a>' "it links the whole graph"
unlike "$(cat "$S/policies/access-control.html")" 'isms-neighbourhood' \
	"a policy has no neighbourhood graph"
run isms-render manual -C "$R" -o "$TMP/manual.html" --now "$NOW"
unlike "$(cat "$TMP/manual.html")" 'isms-neighbourhood' "nor does the manual"

# A process nothing names: says so.
cat > "$R/processes/lonely.md" <<'EOF2'
---
id: PRC-LONELY
title: Lonely
type: process
owner: ciso
version: "1.0"
status: draft
---
# Lonely
EOF2
run isms-render site -C "$R" -o "$TMP/lonely" --now "$NOW"
like "$(cat "$TMP/lonely/processes/lonely.html")" 'No process hands it anything and it hands nothing to another' \
	"a process with no inputs or outputs says so, without a picture"
rm "$R/processes/lonely.md"
is "$(python3 "$ISMS_SRC/tests/site-check.py" "$S" | grep -v '^pages ')" "" \
	"site-check: the neighbourhood graphs' links resolve, every page is balanced"

# ---------------------------------------------------------------- whole graph
G=$(cat "$S/graph.html")
like "$G" '<a href="graph.svg">open the graph at full size</a>' \
	"graph.html offers the graph at full size"
like "$G" '<svg width="[0-9]+pt" height="[0-9]+pt"' "the inline SVG keeps Graphviz's natural size"
like "$G" '\.graph\{overflow:auto;' "in a frame that scrolls"
unlike "$(sed -n '/<style>/,/<\/style>/p' "$S/graph.html" | sed 's/@media print{[^}]*}[^}]*}}//g')" \
	'\.graph svg\{max-width:100%' "and is not squeezed to the page's width on screen"

# ---------------------------------------------------------------- --unsafe meta
cat >> "$R/policies/access-control.md" <<'EOF2'

<meta http-equiv="refresh" content="0;url=elsewhere.html">
<META HTTP-EQUIV=Refresh CONTENT='0; url=elsewhere.html'>

A paragraph with <meta/http-equiv=refresh content=0;url=elsewhere.html> inline
and <meta content=">" http-equiv=refresh> after a quoted ">".

<div><Meta
  http-equiv = 'refresh' content = "0;url=elsewhere.html">kept text</div>
EOF2
run isms-render site -C "$R" -o "$TMP/unsafe" --now "$NOW" --unsafe
is "$rc" 0 "--unsafe renders"
B=$(sed -n '/<div class="prose/,$p' "$TMP/unsafe/policies/access-control.html")
unlike "$B" '<[mM][eE][tT][aA][[:space:]/>]' "no <meta> tag is left in the body, in any case or quoting"
like "$B" '<div><!---->kept text</div>' "the raw HTML around it stays"
like "$B" 'after a quoted' "the text after a tag with a quoted > stays"
run isms-render manual -C "$R" -o "$TMP/unsafe-manual.html" --now "$NOW" --unsafe
is "$(grep -ci '<meta' "$TMP/unsafe-manual.html")" 4 \
	"the manual under --unsafe keeps only its own four <meta> tags of the head"

# ---------------------------------------------------------------- browser
if ! command -v chromium >/dev/null 2>&1; then
	echo "# chromium is not installed: the browser's measures are skipped"
	done_testing
	exit $?
fi
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$TMP/profile" --window-size=1200,1000 "$@" 2>/dev/null
}
# measure PAGE: the smallest rendered size (CSS px at 100 %) of a text of
# the whole graph or of a neighbourhood graph, as "texts=N min=PX". The
# page as the site wrote it, with a script appended that measures and
# without the Content-Security-Policy that would stop that script.
measure() {
	grep -v 'Content-Security-Policy' "$1" | sed "/<\\/body>/e cat $TMP/measure.js" \
		> "${1%.html}.measure.html"
	chrome --dump-dom "file://${1%.html}.measure.html" | grep -o 'texts=[0-9]* min=[0-9.]*'
}
cat > "$TMP/measure.js" <<'EOF2'
<script>
var min = 1e9, n = 0;
document.querySelectorAll('.graph svg text, .nbhd svg text').forEach(function (t) {
	var m = t.getScreenCTM(), fs = parseFloat(getComputedStyle(t).fontSize);
	var px = fs * Math.sqrt(m.a * m.a + m.b * m.b);
	n++;
	if (px < min) min = px;
});
document.body.insertAdjacentHTML('beforeend', '<pre>texts=' + n + ' min=' +
	(n ? min.toFixed(2) : 0) + '</pre>');
</script>
EOF2
# ge10 "texts=N min=PX": some texts, none under 10 px.
ge10() { echo "$1" | awk '{ split($1, a, "="); split($2, b, "="); exit !(a[2] > 0 && b[2] >= 10) }'; }
m=$(measure "$S/graph.html")
ok $(ge10 "$m"; echo $?) "graph.html in a 1200 px window: every label is at least 10 px ($m)"
m=$(measure "$S/processes/risk-assessment.html")
ok $(ge10 "$m"; echo $?) "a process page's neighbourhood: every label is at least 10 px ($m)"

# A meta refresh navigates in this browser (the control) but not from a
# page rendered with --unsafe.
echo '<!DOCTYPE html><title>elsewhere</title><p>ELSEWHERE-REACHED</p>' > "$TMP/unsafe/policies/elsewhere.html"
printf '<!DOCTYPE html><meta http-equiv="refresh" content="0;url=elsewhere.html"><title>x</title><p>stayed</p>\n' \
	> "$TMP/unsafe/policies/control.html"
like "$(chrome --virtual-time-budget=3000 --dump-dom "file://$TMP/unsafe/policies/control.html")" \
	'ELSEWHERE-REACHED' "control: a plain page's meta refresh navigates"
D=$(chrome --virtual-time-budget=3000 --dump-dom "file://$TMP/unsafe/policies/access-control.html")
unlike "$D" 'ELSEWHERE-REACHED' "the --unsafe page with meta refresh tags does not navigate"
like "$D" 'kept text' "it stays on the document"

done_testing
