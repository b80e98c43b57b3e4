#!/bin/sh
# GitHub's heading anchors, a table of them: emoji, accents, CJK and other
# scripts, punctuation, repeats, inline code, emphasis and links. Each
# expectation follows GitHub's documented algorithm (the table-of-contents
# filter of github/html-pipeline, which github.com uses for Markdown
# headings; the same rules as the github-slugger package): the heading's
# text lowercased, every character that is not a letter, a mark, a
# decimal digit or connector punctuation, nor '-' or ' ', removed, each
# space made '-', the n-th repeat suffixed "-n". The two examples of the
# issue (#-roles-and-responsibilities, #51-diagrama-c4--nível-2) are
# GitHub's own, seen on github.com. Every anchor is checked in lint (a
# link to it holds) and in the site (the heading has that id).
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good

# heading text | GitHub's anchor
cat > "$TMP/table" <<'TABLE'
Introduction|introduction
Introduction|introduction-1
introduction|introduction-2
👥 **Roles and Responsibilities**|-roles-and-responsibilities
5.1 Diagrama (C4 — Nível 2)|51-diagrama-c4--nível-2
Café & Crème|café--crème
日本語の見出し|日本語の見出し
中文 标题|中文-标题
Ünïcödé Ärger|ünïcödé-ärger
`code` in heading|code-in-heading
*Emphasis* and _more_|emphasis-and-more
A.5.1 (Policies)|a51-policies
What's new?|whats-new
100% sure!|100-sure
C++ & C#|c--c
snake_case_name|snake_case_name
dash-separated-words|dash-separated-words
Émoji 🎉 party|émoji--party
Ελληνικά Κεφαλίδα|ελληνικά-κεφαλίδα
Русский заголовок|русский-заголовок
Question: why?|question-why
[Link text](https://example.com) inside|link-text-inside
Price: €5 (approx.)|price-5-approx
«Quoted» “smart”|quoted-smart
Ω Omega|ω-omega
Straße|straße
ÀÉÎÕÜ|àéîõü
---dashes---|---dashes---
Über-Größe|über-größe
Q&A|qa
Q&A|qa-1
Tabs → arrows ✓ done|tabs--arrows--done
TABLE
n=$(wc -l < "$TMP/table")
ok $([ "$n" -ge 30 ]; echo $?) "the table has $n headings (at least 30)"

P="$R/policies/anchors.md"
{
	printf -- '---\nid: POL-090\ntitle: Anchors\ntype: policy\nowner: ciso\nversion: "1.0"\nstatus: draft\n---\n# Anchors\n\n'
	while IFS='|' read -r text anchor; do
		printf '## %s\n\nText.\n\n' "$text"
	done < "$TMP/table"
} > "$P"
{
	printf -- '---\nid: PRO-090\ntitle: Links\ntype: procedure\nowner: ciso\nversion: "1.0"\nstatus: draft\n---\n# Links\n\n'
	while IFS='|' read -r text anchor; do
		printf -- '- [%s](../policies/anchors.md#%s)\n' "$anchor" "$anchor"
	done < "$TMP/table"
} > "$R/procedures/links.md"
git -C "$R" add -A
approved_commit "$R" "A page of headings, and links to each"

run isms-lint -C "$R" --now "$NOW" procedures/links.md
is "$(printf '%s\n' "$out" | grep -c 'link/broken')" 0 \
	"lint: a link to each of the $n anchors holds"
S="$TMP/site"
run isms-render site -C "$R" -o "$S" --now "$NOW"
page="$S/policies/anchors.html"
missing=0
while IFS='|' read -r text anchor; do
	grep -qF "id=\"$anchor\"" "$page" || { missing=$((missing + 1)); echo "# no id=\"$anchor\" ($text)"; }
done < "$TMP/table"
is "$missing" 0 "site: each of the $n headings has GitHub's anchor as its id"
# And a link to an anchor GitHub would not make is still broken.
echo '- [old](../policies/anchors.md#-roles--responsibilities)' >> "$R/procedures/links.md"
run isms-lint -C "$R" --now "$NOW" procedures/links.md
is "$(printf '%s\n' "$out" | grep -c 'link/broken')" 1 "lint: an anchor GitHub does not make is link/broken"

done_testing
