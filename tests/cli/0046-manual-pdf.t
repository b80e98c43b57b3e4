#!/bin/sh
# isms-render manual --pdf: the starter ISMS's manual printed by a real
# headless Chromium, and the PDF read back with poppler-utils: A4 (Letter
# with --paper letter), the SoA's 93 controls, the process graph drawn on
# landscape pages, a running header that covers no text on any page, and
# none of the browser's own header and footer. CI installs both
# (ci/install-deps --browser); elsewhere the test skips.
. "$(dirname "$0")/lib.sh"

for tool in chromium pdftotext pdfinfo pdftoppm; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool is not installed (ci/install-deps --browser)"
		exit 0
	fi
done

R="$TMP/r"
starter_repo "$R"
P="$TMP/manual.pdf"
run isms-render manual -C "$R" --now 2026-11-01 --pdf "$P"
is "$rc" 0 "the starter ISMS's manual prints to PDF"
is "$out" "" "with --pdf and no -o, nothing goes to standard output"
ok $([ "$(head -c 5 "$P")" = "%PDF-" ]; echo $?) "the file is a PDF"
pages=$(pdfinfo "$P" | sed -n 's/^Pages: *//p')
like "$(pdfinfo "$P")" '^Page size: +59[45]\.[0-9]* x 84[12]\.[0-9]* pts \(A4\)' \
	"its pages are A4 (595 x 842 pt)"

run isms-render manual -C "$R" --now 2026-11-01 --paper letter --pdf "$TMP/letter.pdf"
is "$rc" 0 "--paper letter prints"
like "$(pdfinfo "$TMP/letter.pdf")" '^Page size: +612 x 792 pts \(letter\)' \
	"its pages are US Letter (612 x 792 pt)"

# Each page's size, and the text of each page (pages are split by form
# feeds).
pdfinfo -f 1 -l "$pages" "$P" > "$TMP/sizes"
pdftotext -layout "$P" "$TMP/text"
pdftotext -raw "$P" "$TMP/plain"   # in the order drawn: a cell's words together

# The SoA's pages: from its summary to the process graph's page.
python3 - "$TMP/plain" > "$TMP/soa" <<'PY'
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
start = next(i for i, p in enumerate(pages) if "controls of ISO/IEC 27001:2022 Annex A" in p)
end = next(i for i, p in enumerate(pages) if i > start and "processes of the ISMS (clause 4.4)" in p)
text = "\n".join(pages[start:end])
ids = set(re.findall(r"\bA\.[5-8]\.[0-9]+\b", text))
want = {"A.5.%d" % i for i in range(1, 38)} | {"A.6.%d" % i for i in range(1, 9)} | \
       {"A.7.%d" % i for i in range(1, 15)} | {"A.8.%d" % i for i in range(1, 35)}
print(len(want & ids), len(want))
print("justified" if "No premises of our own to monitor" in " ".join(text.split()) else "no justification")
PY
is "$(sed -n 1p "$TMP/soa")" "93 93" "the SoA's pages hold all 93 Annex A controls"
is "$(sed -n 2p "$TMP/soa")" "justified" "with their justifications (A.7.4's exclusion)"

# The wide parts, the SoA and the process graph (Graphviz's SVG, its text
# still text), are on landscape pages.
landscape=$(sed -n 's/^Page *\([0-9]*\) size: *841\.[0-9]* x 59[45]\.[0-9]* .*/\1/p' "$TMP/sizes")
at() {   # at TEXT: the number of the first page that holds TEXT
	python3 - "$TMP/plain" "$1" <<'PY'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
print(next(i for i, p in enumerate(pages) if sys.argv[2] in " ".join(p.split())) + 1)
PY
}
soa=$(at "controls of ISO/IEC 27001:2022 Annex A")
first=$(at "processes of the ISMS (clause 4.4)")
ok $(echo "$landscape" | grep -qx "$soa"; echo $?) "the SoA is on landscape pages"
ok $(echo "$landscape" | grep -qx "$first"; echo $?) "the process graph too"
G=$(pdftotext -f "$first" -l "$first" -layout "$P" -)
like "$G" 'Process interaction' "its page has its heading"
like "$G" 'Risk Treatment' "it draws the processes (a node's name)"
like "$G" 'ciso \(Jane Roe\)' "with their owners (a node's second line)"
like "$G" 'residual risk acceptance' "and what they hand each other (an edge's label)"
ok $(echo "$landscape" | grep -qx $((first + 1)); echo $?) \
	"a graph too large to read on one page is shown again in parts"
like "$(pdftotext -f $((first + 1)) -l $((first + 1)) "$P" -)" 'part 1 of [0-9]+' \
	"each part says which it is"

# The running header and the page numbers, word by word: on every page,
# each word of the header lies above every other word, the page number
# below; no box of theirs touches another word's.
# layout PDF: the problems found, a line each, then "PAGES HEADED
# NUMBERED COVERED".
layout() {
	pdftotext -bbox "$1" "$TMP/bbox"
	python3 - "$TMP/bbox" <<'PY'
import html, re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
HEAD = ["Northwind", "Cloud", "Ltd", "ISMS", "\u2013", "Manual"]
pages = re.findall(r'<page width="[\d.]+" height="[\d.]+">(.*?)</page>', doc, re.S)
headed = numbered = covered = 0
def seq(words, want):
    for i in range(len(words) - len(want) + 1):
        if [w[4] for w in words[i:i + len(want)]] == want:
            return list(range(i, i + len(want)))
    return None
def meets(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
for n, body in enumerate(pages, 1):
    words = [(float(a), float(b), float(c), float(d), html.unescape(t))
             for a, b, c, d, t in re.findall(
                 r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body)]
    head = seq(words, HEAD)
    date = seq(words, ["as", "of", "2026-11-01"])
    foot = seq(words, ["Page", str(n), "of", str(len(pages))])
    if not head or not date or not foot:
        print("page %d: header or page number missing" % n)
        continue
    headed += 1
    numbered += 1
    # The header's line: the words on the known string's baseline (a
    # document's page adds its id and version).
    line = [i for i, w in enumerate(words) if abs(w[1] - words[head[0]][1]) < 0.5]
    top = [words[i] for i in line]
    bottom = [words[i] for i in foot]
    rest = [w for i, w in enumerate(words) if i not in line + foot]
    bad = [w[4] for w in rest for h in top + bottom if meets(h, w)]
    if rest and (max(w[3] for w in top) > min(w[1] for w in rest) or
                 min(w[1] for w in bottom) < max(w[3] for w in rest) or bad):
        covered += 1
        print("page %d: the header or page number meets the text: %s" % (n, " ".join(bad[:5])))
print("%d %d %d %d" % (len(pages), headed, numbered, covered))
PY
}
layout "$P" > "$TMP/layout"
is "$(tail -n 1 "$TMP/layout")" "$pages $pages $pages 0" \
	"every page has the running header and its number, and neither covers any text"
lpages=$(pdfinfo "$TMP/letter.pdf" | sed -n 's/^Pages: *//p')
layout "$TMP/letter.pdf" > "$TMP/layout"
is "$(tail -n 1 "$TMP/layout")" "$lpages $lpages $lpages 0" "on Letter too"

# The browser's own header and footer are not printed.
T=$(cat "$TMP/text")
unlike "$T" 'file://' "no file:// address of the browser's footer"
unlike "$T" '[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},? +[0-9]{1,2}:[0-9]{2}' "no date line of the browser's header"
unlike "$T" 'manual\.html' "no page address"

# A document's pages name it and its version in the header.
like "$T" 'POL-001 version [0-9.]+ · as of 2026-11-01' "a policy's pages name it and its version in the header"
like "$T" 'NC-001 · as of 2026-11-01' "a record's name it"

# Records show their evidence in the PDF too.
like "$T" 'Corrective action' "a non-conformity's corrective action is printed"
like "$T" 'Course' "a training record's course is printed"
like "$T" 'Decisions' "a management review's decisions are printed"

# ISMS_UPDATE_DOC=1 keeps pictures of the printed manual as the README's:
# the SoA's first (landscape) page, the process graph's landscape page, and
# the second A4 page of the Information Security Policy: its text going on
# under the running header.
if [ "${ISMS_UPDATE_DOC:-}" = 1 ]; then
	pdftoppm -png -r 60 -singlefile -f "$soa" -l "$soa" "$P" "$ISMS_SRC/doc/manual-soa"
	doc=$(( $(at "POL-001 version") + 1 ))
	pdftoppm -png -r 60 -singlefile -f "$doc" -l "$doc" "$P" "$ISMS_SRC/doc/manual-a4"
	pdftoppm -png -r 60 -singlefile -f "$first" -l "$first" "$P" "$ISMS_SRC/doc/manual-graph"
fi

done_testing
