#!/bin/sh
# isms-render manual: its paper (--paper), its parts (the SoA, the process
# graph, the heat map, every record's evidence), and how --pdf runs the
# browser and fails: no browser, a browser that fails, hangs or writes no
# PDF. The browsers here are small scripts standing in for Chromium (the
# real one prints in 0046), so this runs everywhere.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
starter_repo "$R"
M="$TMP/manual.html"

# ---------------------------------------------------------------- paper
run isms-render manual -C "$R" --now 2026-11-01 -o "$M"
is "$rc" 0 "the starter ISMS's manual renders"
like "$(cat "$M")" '@page\{size:A4;' "it prints on A4 by default"
like "$(cat "$M")" '@page wide\{size:A4 landscape' "its wide parts on A4 landscape"
run isms-render manual -C "$R" --now 2026-11-01 --paper letter
like "$out" '@page\{size:letter;' "--paper letter prints on US Letter"
like "$out" '@page wide\{size:letter landscape' "its wide parts on Letter landscape"
run isms-render manual -C "$R" --now 2026-11-01 --paper A4
is "$rc" 0 "--paper A4 (any case) is taken"
run isms-render manual -C "$R" --paper leter
is "$rc" 2 "an unknown paper size is exit 2"
is "$err" "isms-render: unknown paper size 'leter'; did you mean 'letter'?" \
	"and says which it meant"
is "$out" "" "and writes nothing"
run isms-render manual -C "$R" --paper tabloid
is "$err" "isms-render: unknown paper size 'tabloid' (a4 or letter)" \
	"a size near none says which there are"
run isms-render soa -C "$R" --paper letter
is "$rc" 2 "--paper is the manual's only"
run isms-render site -C "$R" -o "$TMP/site" --pdf "$TMP/x.pdf"
is "$rc" 2 "--pdf too"
run isms-render site -C "$R" -o "$TMP/site" --now 2026-11-01
like "$(cat "$TMP/site/index.html")" '@page\{size:A4;' "the site's pages print on A4 too"

# The running header is in the page's margin (CSS margin boxes), where
# it cannot cover text; the organisation's name is escaped as a CSS
# string.
like "$(cat "$M")" '@top-left\{content:"Northwind Cloud Ltd ISMS – Manual"' \
	"the running header names the organisation and the manual"
like "$(cat "$M")" '@top-right\{content:"as of 2026-11-01"' "and the day it is as of"
like "$(cat "$M")" '@bottom-right\{content:"Page " counter\(page\) " of " counter\(pages\)' \
	"each page has its number"
like "$(cat "$M")" '@page d[0-9]+\{@top-right\{content:"POL-001 version [0-9.]+ · as of 2026-11-01"' \
	"a document's pages name it and its version in the header"
unlike "$(cat "$M")" 'position:fixed' "no fixed element lies over the text"
cp -R "$R" "$TMP/q"
sed -i 's/^organisation: .*/organisation: "Q\\\\\\" <\/style><script>x()<\/script>"/' "$TMP/q/isms.yml"
run isms-render manual -C "$TMP/q" --now 2026-11-01
like "$out" '@top-left\{content:"Q\\5c \\22  \\3c /style\\3e \\3c script\\3e x\(\)\\3c /script\\3e  ISMS' \
	"a hostile organisation's name stays inside its CSS string"
is "$(printf '%s\n' "$out" | grep -c '<script')" 0 "and starts no script"

# ---------------------------------------------------------------- parts
python3 - "$M" > "$TMP/parts" <<'PY'
import html.parser, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
ids, hrefs = set(), []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a: ids.add(a["id"])
        h = a.get("href") or a.get("xlink:href") or ""
        if h.startswith("#"): hrefs.append(h[1:])
P().feed(s)
soa = s[s.index('id="soa">'):]
soa = soa[:soa.index("</section>")]
print(len(set(re.findall(r'<tr id="(A\.[5-8]\.\d+)"', soa))))
print("no premises" if "No premises of our own to monitor" in soa else "-")
graph = s[s.index('id="process-graph"'):]
graph = graph[:graph.index("</section>")]
print(len(re.findall(r"<svg", graph)), len(set(re.findall(r'xlink:href="#doc-\d+"', graph))),
      len(re.findall(r'xlink:href="processes/', graph)))
print(len([h for h in hrefs if h not in ids]))
print(len(re.findall(r'\sid="', graph)) - len(set(re.findall(r'\sid="([^"]*)"', graph))))
for art in re.findall(r'<article class="doc" id="doc-\d+">\n<p class="kicker">(.*?)</article>', s, re.S):
    kid = art.split("<", 1)[0]
    if kid in ("MR-001", "NC-001", "TR-001"):
        dl = re.search(r'<dl class="meta">(.*?)</dl>', art, re.S).group(1)
        print(kid, ",".join(re.sub("<.*?>", "", d) for d in re.findall(r"<dt>(.*?)</dt>", dl)))
PY
is "$(sed -n 1p "$TMP/parts")" 93 "the manual's SoA has a row for each of the 93 controls"
is "$(sed -n 2p "$TMP/parts")" "no premises" "with the justification of an excluded one (A.7.4)"
like "$(sed -n 3p "$TMP/parts")" '^[2-9][0-9]* 13 0$' \
	"the process graph is drawn, its 13 processes lead to their articles, none to a site page"
is "$(sed -n 4p "$TMP/parts")" 0 "every link inside the manual has its target"
is "$(sed -n 5p "$TMP/parts")" 0 "no id of the graph is used twice (its parts carry none)"
like "$(cat "$M")" '<h2 id="heat-map">Risk heat map</h2>' "the manual holds the risk heat map"
like "$(cat "$TMP/parts")" '^MR-001 .*Date,Attendees,Decisions,Resources' \
	"the management review's article shows its date, attendees, decisions and resources"
like "$(cat "$TMP/parts")" '^NC-001 .*Raised,Due,Closed,Ticket,Corrective action' \
	"the non-conformity's shows raised, due, ticket and corrective action"
like "$(cat "$TMP/parts")" '^TR-001 .*Date,Course,Attendees' \
	"the training record's shows its course and attendees"

# ---------------------------------------------------------------- --pdf
# No browser: a clear error that names what to install, before anything
# is rendered, and no file.
mkdir "$TMP/empty"
run env PATH="$TMP/empty" "$ISMS_BUILD/isms-render" manual -C "$R" --pdf "$TMP/none.pdf"
is "$rc" 2 "without a browser --pdf is exit 2"
like "$err" 'no headless browser found.*install Chromium \(Debian and Ubuntu: apt-get install chromium\)' \
	"and says what to install"
ok $([ ! -e "$TMP/none.pdf" ]; echo $?) "and writes no file"
ISMS_CHROMIUM="$TMP/nothing-here" run isms-render manual -C "$R" --pdf "$TMP/none.pdf"
is "$rc" 2 "an ISMS_CHROMIUM that is not there is exit 2"
like "$err" "the browser '.*nothing-here' \(ISMS_CHROMIUM\) is not an executable file" "and says so"

# A browser that prints: it is given the page by file:// address, its own
# header and footer switched off, headless, a profile of its own, and the
# PDF path; what it writes lands in FILE; its folder is removed.
B="$TMP/bin"
mkdir "$B" "$TMP/tmpdir"
cat > "$B/good" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" > "$ARGS"
for a; do
	case $a in --print-to-pdf=*) out=${a#--print-to-pdf=} ;; esac
done
url=$(printf '%s\n' "$@" | tail -n 1)
page=${url#file://}
grep -q 'Statement of Applicability' "$page" || exit 9
printf '%%PDF-1.7 fake\n' > "$out"
EOF
cat > "$B/failing" <<'EOF'
#!/bin/sh
echo "[1:1:ERROR] the display is gone" >&2
exit 3
EOF
cat > "$B/silent" <<'EOF'
#!/bin/sh
exit 0
EOF
cat > "$B/hanging" <<'EOF'
#!/bin/sh
sleep 60 &
echo $! > "$PIDS"
wait
EOF
chmod +x "$B"/*
export ARGS="$TMP/args" PIDS="$TMP/pids"
TMPDIR="$TMP/tmpdir" ISMS_CHROMIUM="$B/good" run isms-render manual -C "$R" \
	--now 2026-11-01 --pdf "$TMP/out.pdf" -o "$TMP/also.html"
is "$rc" 0 "a browser that prints: exit 0"
is "$(cat "$TMP/out.pdf")" "%PDF-1.7 fake" "its PDF is written to FILE"
cmp -s "$TMP/also.html" "$M"
ok $? "-o FILE writes the manual's HTML as well"
A=$(cat "$ARGS")
like "$A" '^--headless$' "the browser runs headless"
like "$A" '^--no-pdf-header-footer$' "without its own header and footer (date, address)"
like "$A" "^--user-data-dir=.*/tmpdir/isms-pdf\.[^/]*/profile$" "with a profile of its own in a private folder"
like "$A" "^--print-to-pdf=/" "printing to a path"
like "$A" "^file:///.*/manual\.html$" "the page by its file:// address"
is "$(ls -A "$TMP/tmpdir")" "" "the private folder is removed"

# A browser that fails, writes nothing or hangs is exit 2 with its story,
# and FILE keeps what it held.
for b in failing silent; do
	ISMS_CHROMIUM="$B/$b" run isms-render manual -C "$R" --pdf "$TMP/out.pdf"
	is "$rc" 2 "a $b browser is exit 2"
	is "$(cat "$TMP/out.pdf")" "%PDF-1.7 fake" "a $b browser leaves FILE as it was"
done
ISMS_CHROMIUM="$B/failing" run isms-render manual -C "$R" --pdf "$TMP/out.pdf"
like "$err" 'browser .*failing failed \(exit status 3\): \[1:1:ERROR\] the display is gone' \
	"a failing browser: its exit status and last words"
ISMS_CHROMIUM="$B/silent" run isms-render manual -C "$R" --pdf "$TMP/out.pdf"
like "$err" 'browser .*silent wrote no PDF' "a browser that writes nothing: says so"
start=$(date +%s)
ISMS_PDF_TIMEOUT=2 ISMS_CHROMIUM="$B/hanging" run isms-render manual -C "$R" --pdf "$TMP/out.pdf"
took=$(( $(date +%s) - start ))
is "$rc" 2 "a hung browser is exit 2"
like "$err" 'did not finish within 2 seconds and was stopped' "after the time limit"
ok $([ "$took" -lt 30 ]; echo $?) "isms-render does not wait for it (${took}s)"
sleep 1
# Gone, or a zombie that no one reaps (PID 1 in a container).
ok $(ps -o stat= -p "$(cat "$PIDS")" | grep -qv '^Z'; [ $? -ne 0 ]; echo $?) \
	"what the browser started is stopped with it"

done_testing
