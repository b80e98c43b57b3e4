#!/bin/sh
# Shelf-ware (template/unchanged): the starter ISMS that isms-new repo
# writes, left as it is, warns on every document; a rewritten policy stops
# warning; whitespace, blank lines, the organisation's name and the moved
# dates do not hide the template; `templates` in isms.yml points at
# another set or turns the comparison off; the site shows it.
. "$(dirname "$0")/lib.sh"

NOW=2027-03-01
lint() { run isms-lint --now "$NOW" "$@"; }
shelf() { printf '%s\n' "$out" | grep '\[template/unchanged\]'; }
P=policies/cryptography.md

R="$TMP/starter"
isms-new repo "$R" --org "Acme GmbH" --now "$NOW" >/dev/null
ndocs=$(git -C "$R" ls-files '*.md' | grep -vc '^README.md$')
lint -C "$R"
is "$(shelf | wc -l | tr -d ' ')" "$ndocs" "isms-new repo output left as it is: every one of the $ndocs documents warns"
like "$out" "^$P:12:1: warning: 100% of the body's lines \\([0-9]+ of [0-9]+\\) are still the starter template $P \\(matched by id\\): write what this organisation really does \\[template/unchanged\\]" \
	"the finding says how much, which template, and how it was matched"
is "$(printf '%s\n' "$out" | grep -c 'error: ' )" "$(printf '%s\n' "$out" | grep -c '\[approval/missing\]$')" \
	"template/unchanged is a warning; the errors are only approval/missing (the first commit is unapproved)"

# Whitespace, blank lines and a reflowed table cell do not make it new.
sed -i '12,$ s/^\([^#]\)/  \1/; 12,$ s/$/   /; 12,$ s/ the / the  /g' "$R/$P"
printf '\n\n\n' >> "$R/$P"
lint -C "$R" "$P"
like "$(shelf)" "^$P:.*100% of the body's lines" "whitespace and blank lines are not a rewrite"

# A few lines of one's own do not either: still 90 % or more.
printf 'We use AES-256 for backups.\n' >> "$R/$P"
lint -C "$R" "$P"
like "$(shelf)" "^$P:.*9[0-9]% of the body's lines" "a line added leaves it 90 % or more the template"

# Moved and renamed, it is found by its id.
git -C "$R" mv "$P" policies/crypto.md
lint -C "$R" policies/crypto.md
like "$(shelf)" "^policies/crypto.md:.*starter template $P \\(matched by id\\)" "moved, it is matched by id"

# A new id at the template's path: matched by path.
sed -i 's/^id: .*/id: POL-CRYPTO/' "$R/policies/crypto.md"
git -C "$R" mv policies/crypto.md "$P"
lint -C "$R" "$P"
like "$(shelf)" "\\(matched by path\\)" "with another id, it is matched by its path"

# Rewritten: silent. Its sections stay; the prose is the organisation's.
awk 'BEGIN { body = 0 } /^---$/ { n++; print; next } n < 2 { print; next }
	/^#/ { print; print ""; print "Acme GmbH encrypts " NR " things its own way."; next }' \
	"$R/$P" > "$TMP/p" && mv "$TMP/p" "$R/$P"
lint -C "$R" "$P"
is "$(shelf)" "" "once the policy is rewritten it no longer warns"
lint -C "$R"
is "$(shelf | wc -l | tr -d ' ')" "$((ndocs - 1))" "the other documents still warn"

# The site shows what the lint says, from the same facts.
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
is "$rc" 0 "the site renders"
like "$(cat "$TMP/site/policies/access-control.html")" '<dt>Template</dt><dd><span class="state warn">100% the starter template</span> <code>policies/access-control.md</code>' \
	"an unchanged document's page says it is the starter template"
unlike "$(cat "$TMP/site/policies/cryptography.html")" '<dt>Template</dt>' "a rewritten one's does not"

# templates: false turns the comparison off; templates: DIR names the set.
printf 'templates: false\n' >> "$R/isms.yml"
lint -C "$R"
is "$(shelf)" "" "templates: false: silent"
sed -i 's/^templates: false$/templates: our-templates/' "$R/isms.yml"
mkdir -p "$R/our-templates/policies"
cp "$R/$P" "$R/our-templates/policies/"
lint -C "$R"
is "$(shelf | sed 's/:.*//')" "$P" "templates: DIR: the documents are compared with that set (the rewritten policy is its template)"
sed -i 's/^templates: our-templates$/templates: no-such-folder/' "$R/isms.yml"
lint -C "$R"
is "$(shelf)" "" "a templates folder that does not exist compares with nothing"
like "$err" "warning: the templates folder no-such-folder \\(templates in isms.yml\\) is not found, or is the ISMS itself: template/unchanged compares with nothing" \
	"... and says so"
printf 'templates: [a]\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
is "$rc" 2 "templates must be a folder or false"
like "$err" "bad.yml:1:12: templates must be a string" "with its line and column"

# The template set itself is no shelf-ware of itself: linted in place, and
# in a repository that holds it (the project's own).
run isms-lint -C "$ISMS_SRC/policy-templates" --now 2026-11-01
is "$(shelf)" "" "the template set linted in place is not compared with itself"
G="$TMP/project"
git init -q -b main "$G"
cp -R "$ISMS_SRC/policy-templates" "$G/"
printf '# Project\n' > "$G/README.md"
git -C "$G" add -A
git -C "$G" commit -q -m start
printf 'templates: policy-templates\ninclude: ["**/*.md"]\n' > "$G/isms.yml"
lint -C "$G"
is "$(shelf)" "" "documents inside the template set a repository holds are not compared"

done_testing
