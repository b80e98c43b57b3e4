#!/bin/sh
# Publishing for auditors (PRODUCT.md section 9): isms.yml's forge links
# commits and pull/merge requests wherever the site and the manual show
# them; rules.html lists every lint rule with its --explain text, and rule
# ids on the findings, dashboard and audit pages link to it.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good
POL=policies/information-security.html
# forge KIND URL: set isms.yml's forge (committed, approved).
forge() {
	sed -i '/^forge:/d' "$R/isms.yml"
	printf 'forge: {kind: %s, url: "%s"}\n' "$1" "$2" >> "$R/isms.yml"
	git -C "$R" add -A && approved_commit "$R" "forge $1" >/dev/null
}
site() { run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"; S="$TMP/site"; }
MERGE=$(git -C "$R" rev-parse HEAD)
CHANGE=$(git -C "$R" rev-parse HEAD^2)

# ---------------------------------------------------------------- no forge
site
is "$rc" 0 "without a forge the site renders"
like "$(cat "$S/$POL")" "<td><code>${CHANGE%??????????????????????????????}</code></td>" \
	"a commit id is shown, not linked"
like "$(cat "$S/$POL")" '<td>#1</td>' "a pull request number is shown, not linked"

# ---------------------------------------------------------------- github
forge github https://github.com/example/isms/
site
is "$rc" 0 "with forge github the site renders"
P=$(cat "$S/$POL")
like "$P" "<a href=\"https://github.com/example/isms/commit/$CHANGE\"><code>${CHANGE%??????????????????????????????}</code></a>" \
	"github: the history's commit links to URL/commit/SHA (a trailing / dropped)"
like "$P" '<a href="https://github.com/example/isms/pull/1">#1</a>' \
	"github: the pull request links to URL/pull/N"
like "$P" "merged in <a href=\"https://github.com/example/isms/commit/$MERGE\">" \
	"github: the approval record's merge commit links too"
like "$P" "last approved [0-9-]+ in <a href=\"https://github.com/example/isms/commit/" \
	"github: the review's last approval links"
like "$(cat "$S/index.html")" 'merged in <a href="https://github.com/example/isms/commit/' \
	"the index's governed files link their approval's merge commit"
like "$(cat "$S/audit.html")" 'commit <a href="https://github.com/example/isms/commit/[0-9a-f]{40}"><code>' \
	"the audit page's evidence links its commit"
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
like "$(cat "$TMP/manual.html")" '<a href="https://github.com/example/isms/pull/1">#1</a>' \
	"the manual links pull requests too"

# ---------------------------------------------------------------- gitlab, gitea
forge gitlab https://gitlab.example.com/grp/isms
site
P=$(cat "$S/$POL")
like "$P" "<a href=\"https://gitlab.example.com/grp/isms/-/commit/$CHANGE\">" "gitlab: URL/-/commit/SHA"
like "$P" '<a href="https://gitlab.example.com/grp/isms/-/merge_requests/1">#1</a>' \
	"gitlab: URL/-/merge_requests/N"
forge gitea 'http://git.example.com/o/isms?x=1&y=2'
site
P=$(cat "$S/$POL")
like "$P" "<a href=\"http://git.example.com/o/isms\\?x=1&amp;y=2/commit/$CHANGE\">" \
	"gitea: URL/commit/SHA, an http:// URL accepted, escaped for HTML"
like "$P" '<a href="http://git.example.com/o/isms\?x=1&amp;y=2/pulls/1">#1</a>' "gitea: URL/pulls/N"

# ---------------------------------------------------------------- strict
bad() {  # bad YAML-LINE: lint with that forge line in isms.yml
	cp "$R/isms.yml" "$TMP/keep.yml"
	sed -i '/^forge:/d' "$R/isms.yml"
	printf '%s\n' "$1" >> "$R/isms.yml"
	L=$(wc -l < "$R/isms.yml")
	run isms-lint -C "$R" --now "$NOW"
	cp "$TMP/keep.yml" "$R/isms.yml"
}
bad 'forge: {kind: githb, url: "https://github.com/x/y"}'
is "$rc" 2 "a misspelt forge.kind is trouble: exit 2"
like "$err" "isms.yml:$L:15: forge.kind \"githb\" is not github, gitlab or gitea; did you mean \"github\"\\?" \
	"with its line and column and a suggestion"
bad 'forge: {kind: gitea, url: "javascript:alert(1)"}'
is "$rc" 2 "a javascript: forge.url is refused"
like "$err" "isms.yml:$L:27: forge.url must be the repository's web address, starting with https://" \
	"at the url's line and column"
bad 'forge: {kind: github, url: "https://x.example/a b"}'
like "$err" "forge.url must be" "a URL with a space is refused"
bad 'forge: {kind: github}'
like "$err" "isms.yml:$L:8: forge needs a kind \\(github, gitlab or gitea\\) and a url" \
	"a forge without url is refused"
bad 'forge: {kind: github, url: "https://github.com/x/y", branch: main}'
like "$err" "isms.yml:$L:54: unknown key \"branch\" in forge" "an unknown key under forge is refused"
bad 'forge: github'
like "$err" "isms.yml:$L:8: forge must be a mapping" "forge must be a mapping"

# ---------------------------------------------------------------- rules.html
sed -i '/^forge:/d' "$R/isms.yml"
printf 'rules: {section/missing: "off", review/overdue: warning}\n' >> "$R/isms.yml"
rm "$R/records/training/2026-03-awareness.md"
git -C "$R" add -A && approved_commit "$R" "rules" >/dev/null
site
is "$rc" 0 "the site with a finding renders"
ok $([ -s "$S/rules.html" ]; echo $?) "rules.html is written"
like "$(site_files)" '^rules.html$' "it is a row of the site's page table"
like "$(cat "$S/index.html")" '<a href="rules.html">Rules</a>' "the navigation names it"
# Every rule isms-lint lists has its entry, at its id with / as - (the
# anchor SARIF's helpUri names).
missing=$(isms-lint --list-rules | awk '{print $1}' | while read -r id; do
	a=$(printf '%s' "$id" | tr / -)
	grep -qF "<section class=\"rule\" id=\"$a\">" "$S/rules.html" || echo "$id"; done)
is "$missing" "" "every rule of isms-lint --list-rules has an entry with its anchor"
# The entry's text is what isms-lint --explain prints, escaped.
python3 - "$S/rules.html" > "$TMP/explain.html" <<'PY'
import html, re, sys
t = open(sys.argv[1]).read()
m = re.search(r'<section class="rule" id="link-broken">.*?<pre class="explain">(.*?)</pre>', t, re.S)
print(html.unescape(m.group(1)) if m else "", end="")
PY
isms-lint --explain link/broken > "$TMP/explain.txt"
ok $(cmp -s "$TMP/explain.txt" "$TMP/explain.html"; echo $?) \
	"link/broken's entry is the text isms-lint --explain link/broken prints"
like "$(grep -A2 'id="review-overdue"' "$S/rules.html")" \
	'<span class="state warn">warning</span> <span class="muted">\(isms.yml; by default error\)' \
	"a severity isms.yml changes shows, with the default"
like "$(grep -A2 'id="section-missing"' "$S/rules.html")" '<span class="state none">off</span>' \
	"a rule isms.yml turns off says off"
like "$(cat "$S/findings.html")" '<a href="rules.html#training-overdue"><code>training/overdue</code></a>' \
	"the findings page links a rule id to its entry"
like "$(cat "$S/audit.html")" '<a href="rules.html#training-overdue"><code>training/overdue</code></a>' \
	"the audit page's gaps link theirs"
is "$(python3 "$ISMS_SRC/tests/site-check.py" "$S" | grep -v '^pages ')" "" \
	"site-check: every link and #fragment resolves, rules.html is balanced"

done_testing
