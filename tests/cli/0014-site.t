#!/bin/sh
# isms-render site: a self-contained static site (index, a page per
# document with its approvals, findings) that is well-formed, links only to
# itself, escapes every value, is the same bytes for the same repository,
# and replaces the previous site only when the new one is complete.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
site() { run isms-render site --now "$NOW" "$@"; }

# check SITE: tests/site-check.py's report, kept in $TMP/check.out.
check() { python3 "$ISMS_SRC/tests/site-check.py" "$1" > "$TMP/check.out"; cat "$TMP/check.out"; }
# pages_of REPO SITE: the documents (every .md but README.md) without a page.
pages_of() {
	(cd "$1" && git ls-files '*.md' | grep -v 'README\.md$') | while read -r f; do
		[ -f "$2/${f%.md}.html" ] || echo "$f"
	done
}

# ---------------------------------------------------------------- the good ISMS
R="$TMP/good"
new_repo "$R" good
sed -i 's/^Top management commits/Top management firmly commits/' \
	"$R/policies/information-security.md"
git -C "$R" add -A
approved_commit "$R" "Firmer management intent (ISMS-7)"
S="$TMP/site-good"
site -C "$R" -o "$S"
is "$rc" 0 "the good ISMS renders (exit 0)"
is "$err" "isms-render: wrote $(find "$S" -name '*.html' | wc -l) pages to $S/ (10 documents)" \
	"and closes with one line on stderr saying what it wrote where"
is "$(pages_of "$R" "$S")" "" "every document has a page at its path, .md -> .html"
is "$(site_files | while read -r f; do [ -f "$S/$f" ] || echo "$f"; done)" "" \
	"every file of the site's page table is written (index, findings, soa.csv, ...)"
is "$(cd "$S" && find . -maxdepth 1 -type f ! -name .isms-site | sed 's|^\./||' | sort)" \
	"$(site_files | sort)" "and no other file at the top of the site"
check "$S" >/dev/null
own=$(site_files | grep -c '\.html$')
is "$(head -1 "$TMP/check.out")" "pages $((10 + own + 2))" \
	"10 documents, the page table's $own pages, and the governed isms.yml and soa.yml: no more pages"
ok $([ -f "$S/governed/isms.yml.html" ] && [ -f "$S/governed/soa.yml.html" ]; echo $?) \
	"each governed file has a page under governed/"
like "$(cat "$S/governed/isms.yml.html")" 'Version history and approvals' "  with its version history and approvals"
like "$(cat "$S/index.html")" 'href="governed/soa\.yml\.html"' "the index lists the governed files"
is "$(grep -E '^(unbalanced|missing|fragment)' "$TMP/check.out")" "" \
	"every page is well-formed, every local link and #fragment resolves"
is "$(grep -E '^(script|external|handler)' "$TMP/check.out")" "" \
	"no script, nothing loaded from outside the site"
is "$(grep -c '<tr id="A\.' "$S/soa.html")" 93 "soa.html has the 93 Annex A rows"
is "$(($(wc -l < "$S/soa.csv")))" 94 "soa.csv has a header and 93 rows"
ok $(grep -q '<svg' "$S/graph.html"; echo $?) "graph.html holds the SVG inline, so its links work"

I="$(cat "$S/index.html")"
like "$I" '<h1>Example Ltd' "the index names the organisation"
like "$I" '<h2>Policies</h2>' "the table of contents groups policies"
like "$I" '<h2>Processes</h2>' "... processes"
like "$I" '<h2>Procedures</h2>' "... procedures"
like "$I" '<h2>Records</h2>' "... and records"
like "$I" '<td class="nowrap">POL-001</td><td><a href="policies/information-security.html">Information Security Policy</a></td><td>Jane Roe <span class="muted">\(ciso\)</span></td><td>1\.3</td><td><span class="state ok">approved</span></td><td class="nowrap">2026-10-01</td><td><span class="state ok">current</span>' \
	"each entry: id, title linked, owner with name, version, status, last approval, review state"
like "$I" 'Scope:' "the index states where the scope is determined"

P="$(cat "$S/policies/information-security.html")"
like "$P" '<title>Information Security Policy – Example Ltd ISMS</title>' "a document page has its title"
like "$P" '<dt>Owner</dt><dd>Jane Roe <span class="muted">\(ciso\)</span></dd>' "metadata: owner with name"
like "$P" '<dt>Version</dt><dd>1\.3</dd>' "metadata: version"
like "$P" '<dt>Classification</dt><dd>internal</dd>' "metadata: classification"
like "$P" '<a href="\.\./soa\.html#A\.5\.1">A\.5\.1</a> Policies for information security' \
	"controls link to their SoA rows"
like "$P" '5\.2 Policy' "clauses with their titles"
like "$P" '<h2><a id="management-intent" class="anchor" href="#management-intent"' \
	"headings carry GitHub's anchors"
like "$P" '<a href="\.\./processes/capa\.html#objective">' \
	"relative links to documents point at their pages, fragment kept"
like "$P" '<th>Resource</th>' "GFM tables are rendered"
tip=$(git -C "$R" log --format=%H --no-merges -1 -- policies/information-security.md)
like "$P" "<tr><td><code>$(echo "$tip" | cut -c1-10)</code></td><td class=\"nowrap\">2026-10-01</td><td>Sam Poe</td><td>Jane Roe <span class=\"state warn\">claimed</span> <span class=\"muted\">\\(ciso, merge\\)</span>" \
	"history: commit, date, author, approver with role"
like "$P" '<td>#2</td><td><a href="https://tracker\.example\.com/browse/ISMS-7">ISMS-7</a></td><td>Firmer management intent \(ISMS-7\)</td><td>1\.3</td>' \
	"history: pull request, ticket linked through tickets.url, subject, version"
like "$P" '<td>#1</td><td></td><td>initial ISMS</td>' "every change is listed, the first too"
like "$P" '<dt>Review</dt><dd><span class="state ok">current</span> next review by 2027-10-01; last approved 2026-10-01' \
	"the review state: current, when the next review is due, when last approved"

run isms-render site -C "$R" -o "$TMP/late" --now 2027-12-01
like "$(cat "$TMP/late/policies/information-security.html")" \
	'<span class="state bad">overdue</span> the review was due by 2027-10-01' \
	"a document past its review interval is overdue (--now)"
like "$(cat "$TMP/late/index.html")" 'information-security\.html.*state bad">overdue' \
	"and the index says so"

# Determinism: the same repository state gives the same bytes.
site -C "$R" -o "$TMP/again"
run diff -r "$S" "$TMP/again"
is "$rc" 0 "two renders of the same state are byte-identical"
site -C "$R" -o "$S"
run diff -r "$TMP/again" "$S"
is "$rc" 0 "rendering over the previous site replaces it with the same bytes"
is "$(ls "$TMP" | grep -c -- '-good\.\(tmp\|old\)-')" "0" "no temporary folder is left beside it"

site -C "$R" -o "$TMP/rev" --rev HEAD~1
like "$(cat "$TMP/rev/index.html")" "from commit $(git -C "$R" rev-parse --short=10 HEAD~1)" \
	"--rev renders the ISMS at that commit, and says which"

# ---------------------------------------------------------------- findings
D="$TMP/defects"
APPROVER_EMAIL=jane@example.com new_repo "$D" defects
site -C "$D" -o "$TMP/site-defects"
is "$rc" 0 "an ISMS with findings renders all the same (exit 0)"
F="$(cat "$TMP/site-defects/findings.html")"
n=$(isms-lint -C "$D" --now "$NOW" --format json 2>/dev/null |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
is "$(printf '%s\n' "$F" | grep -c '<tr><td>')" "$n" "findings.html lists every lint finding"
like "$F" '<h2><a href="policies/information-security\.html">policies/information-security\.md</a></h2>' \
	"findings are grouped by document, linked to its page"
like "$F" '<code>section/missing</code>' "each with its rule"
check "$TMP/site-defects" >/dev/null
is "$(grep -E '^(unbalanced|script|external|handler)' "$TMP/check.out")" "" \
	"the defects' site is well-formed too"
is "$(grep -E '^(missing|fragment)' "$TMP/check.out")" \
	"fragment policies/information-security.html -> #continual-improvement" \
	"its one unresolved link is the broken anchor isms-lint reports"

# ---------------------------------------------------------------- templates
T="$TMP/templates"
git init -q -b main "$T"
git -C "$T" commit -q --allow-empty -m start
cp -R "$ISMS_SRC/policy-templates/." "$T/"
git -C "$T" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$T" "Adopt the starter ISMS"
site -C "$T" -o "$TMP/site-templates"
is "$rc" 0 "the starter ISMS renders"
is "$(pages_of "$T" "$TMP/site-templates")" "" "every template document has a page"
check "$TMP/site-templates" >/dev/null
is "$(grep -E '^(unbalanced|missing|fragment)' "$TMP/check.out")" "" \
	"its pages are well-formed and every link and #fragment between them resolves"
is "$(grep -E '^(script|external|handler)' "$TMP/check.out")" "" "and nothing loads from outside"
like "$(cat "$TMP/site-templates/index.html")" 'determined in <a href="processes/context-and-scope\.html">Context and Scope</a>' \
	"the scope is the document that addresses clause 4.3"

# ---------------------------------------------------------------- markdown
X="$TMP/gfm"
new_repo "$X" good
cat >> "$X/policies/information-security.md" <<'MD'

## Notes

- [x] reviewed by legal
- [ ] translated

~~old rule~~ and https://example.com/x and a [section](#notes) link.

## Notes

See [the risk process](../processes/risk.md#objective) and [the web](https://example.org/a.md).
MD
git -C "$X" add -A
approved_commit "$X" "Notes"
site -C "$X" -o "$TMP/site-gfm"
G="$(cat "$TMP/site-gfm/policies/information-security.html")"
like "$G" '<input type="checkbox" checked="" disabled="" /> reviewed by legal' "task lists"
like "$G" '<del>old rule</del>' "strikethrough"
like "$G" '<a href="https://example.com/x">https://example.com/x</a>' "autolinks"
like "$G" '<a id="notes-1" class="anchor"' "a repeated heading's anchor is numbered as on GitHub"
like "$G" '<a href="https://example.org/a.md">' "absolute links are left as written"
check "$TMP/site-gfm" >/dev/null
is "$(grep -E '^(unbalanced|missing|fragment)' "$TMP/check.out")" "" "all of it well-formed and resolving"

# ---------------------------------------------------------------- hostile values
H="$TMP/xss"
new_repo "$H" good
sed -i 's/^  it-lead: {name: Sam Poe/  it-lead: {name: "<img src=x onerror=alert(1)>"/' "$H/isms.yml"
sed -i 's/^title: .*/title: "<script>alert(1)<\/script> Backup"/' "$H/procedures/backup.md"
cat >> "$H/procedures/backup.md" <<'MD'

<script>alert(1)</script>

<img src=x onerror=alert(1)>

A [link](javascript:alert(1)) and <a href="javascript:alert(2)">raw</a>.
MD
git -C "$H" add -A
approved_commit "$H" "Hostile <b>subject</b> \"quoted\" & more"
site -C "$H" -o "$TMP/site-xss"
is "$rc" 0 "a repository with hostile values renders"
run grep -rlE --include='*.html' --include='*.svg' '<script|<img src=x|javascript:' "$TMP/site-xss"
is "$out" "" "no <script, no raw <img, no javascript: in any page or SVG of the site (CSV and DOT hold the text as data)"
check "$TMP/site-xss" >/dev/null
is "$(grep -E '^(script|handler|unbalanced)' "$TMP/check.out")" "" \
	"no script element, no on* attribute, no javascript: URL; still well-formed"
like "$(cat "$TMP/site-xss/index.html")" '&lt;script&gt;alert\(1\)&lt;/script&gt; Backup' \
	"the title is shown, escaped"
like "$(cat "$TMP/site-xss/procedures/backup.html")" 'Hostile &lt;b&gt;subject&lt;/b&gt; &quot;quoted&quot; &amp; more' \
	"a commit subject is escaped"
like "$(cat "$TMP/site-xss/procedures/backup.html")" '&lt;img src=x onerror=alert\(1\)&gt; <span class="muted">\(it-lead\)' \
	"an owner's name from isms.yml is escaped"
site -C "$H" -o "$TMP/site-unsafe" --unsafe
U="$(cat "$TMP/site-unsafe/procedures/backup.html")"
like "$U" '^<script>alert\(1\)</script>$' "--unsafe passes raw HTML through"
like "$U" '<img src=x onerror=alert\(1\)>' "... all of it"
like "$U" '&lt;script&gt;alert\(1\)&lt;/script&gt; Backup' "but values outside the body stay escaped"

# ---------------------------------------------------------------- hostile names
N="$TMP/names"
new_repo "$N" good
sed 's/^id: POL-001/id: POL-009/' "$N/policies/information-security.md" > "$N/policies/my policy ü.md"
printf '\n## Weiter\n\nSee [it](my%%20policy%%20%%C3%%BC.md#weiter), [it again](<my policy ü.md>), bad bytes \377\376.\n' \
	>> "$N/policies/my policy ü.md"
printf 'bin\000ary' > "$N/policies/binary.md"
printf -- '---\nid: POL-010\ntitle: At the top\ntype: policy\nowner: ciso\nversion: "1.0"\nstatus: draft\n---\n# Top\n' \
	> "$N/index.md"
git -C "$N" add -A
approved_commit "$N" "Awkward names"
site -C "$N" -o "$TMP/site-names"
is "$rc" 0 "names with spaces and non-ASCII, a binary .md, a root index.md: it renders"
ok $([ -f "$TMP/site-names/policies/my policy ü.html" ]; echo $?) "a page keeps its document's name"
like "$(cat "$TMP/site-names/index.html")" 'href="policies/my%20policy%20%C3%BC\.html"' \
	"and is linked percent-encoded"
ok $([ -f "$TMP/site-names/index.md.html" ] && grep -q '<h1>Example Ltd' "$TMP/site-names/index.html"; echo $?) \
	"a document named index.md does not take the site's index.html"
like "$(cat "$TMP/site-names/policies/binary.html")" 'A binary file, not a Markdown document' \
	"a binary .md gets a page saying so"
ok $(grep -q "$(printf '\357\277\275')" "$TMP/site-names/policies/my policy ü.html"; echo $?) \
	"invalid UTF-8 in a body becomes U+FFFD"
check "$TMP/site-names" >/dev/null
is "$(grep -E '^(unbalanced|missing|fragment)' "$TMP/check.out")" "" \
	"links between such names resolve"

# ---------------------------------------------------------------- atomicity
A="$TMP/pub/site"
mkdir -p "$TMP/pub"
site -C "$R" -o "$A"
cp -a "$A" "$TMP/before"
# Two documents whose pages collide: a folder named a.html (its page
# written first) and a.md. The render fails half-way through.
cp -R "$R" "$TMP/clash"
mkdir -p "$TMP/clash/policies/a.html"
sed 's/^id: POL-001/id: POL-002/' "$R/policies/information-security.md" > "$TMP/clash/policies/a.md"
sed 's/^id: POL-001/id: POL-003/' "$R/policies/information-security.md" > "$TMP/clash/policies/a.html/b.md"
git -C "$TMP/clash" add -A
approved_commit "$TMP/clash" "Clashing names"
site -C "$TMP/clash" -o "$A"
is "$rc" 2 "a render that fails half-way exits 2"
like "$err" '^isms-render: (cannot write policies/a\.html|policies/a\.html/b\.html: cannot render)' "and says what it could not write (which clashing page comes first varies)"
run diff -r "$TMP/before" "$A"
is "$rc" 0 "the previous site is untouched"
is "$(ls "$TMP/pub")" "site" "and the half-written one is removed"

echo keep > "$TMP/pub/file"
site -C "$R" -o "$TMP/pub/file"
is "$rc" 2 "a file in the way: exit 2"
is "$(cat "$TMP/pub/file")" "keep" "the file is untouched"
site -C "$R" -o "$TMP/pub/file/site"
is "$rc" 2 "a folder that cannot be made: exit 2"

mkdir -p "$TMP/pub/mine"
echo precious > "$TMP/pub/mine/notes.txt"
site -C "$R" -o "$TMP/pub/mine"
is "$rc" 2 "a non-empty folder that is no site is not replaced (exit 2)"
like "$err" 'holds no site written by isms-render' "and the message says why"
is "$(cat "$TMP/pub/mine/notes.txt")" "precious" "its files are kept"
mkdir -p "$TMP/pub/empty"
site -C "$R" -o "$TMP/pub/empty/"
is "$rc" 0 "an empty folder is filled (a trailing slash is fine)"
is "$(ls "$TMP/pub" | grep -c 'tmp-\|old-')" "0" "no temporary folder is left anywhere"

if [ "$(id -u)" -ne 0 ]; then
	chmod 555 "$TMP/pub"
	site -C "$R" -o "$A"
	is "$rc" 2 "a read-only parent folder: exit 2"
	chmod 755 "$TMP/pub"
	run diff -r "$TMP/before" "$A"
	is "$rc" 0 "and the previous site is untouched"
else
	ok 0 "a read-only parent folder: exit 2 # SKIP root writes anywhere"
	ok 0 "and the previous site is untouched # SKIP root writes anywhere"
fi

# ---------------------------------------------------------------- usage
run isms-render site -C "$R" --format html
is "$rc" 2 "site has no --format"
run isms-render site -C "$R" extra
is "$rc" 2 "site takes no operand"
run isms-render history -C "$R" --unsafe policies/information-security.md
is "$rc" 2 "--unsafe belongs to site alone"
run isms-render --help
like "$out" 'isms-render site ' "the usage names site"

done_testing
