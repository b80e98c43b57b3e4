#!/bin/sh
# Hostile input (PRODUCT.md §5): a clear finding or message with a
# position and exit 1 or 2 — never a crash, a hang or a sanitizer report.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
new_repo "$R" good
POL=policies/information-security.md
lint() { run timeout 20 isms-lint -C "$R" --now 2026-11-01 "$@"; }
# A document whose front matter is the given YAML lines and body is "x".
doc() { f=$1; shift; { echo ---; printf '%s\n' "$@"; echo ---; echo x; } > "$R/$f"; }

# CRLF line ends and a UTF-8 BOM are accepted.
{ printf '\357\273\277'; sed 's/$/\r/' "$DATA/good/$POL"; } > "$R/$POL.tmp" && mv "$R/$POL.tmp" "$R/$POL"
lint
is "$rc" 0 "a policy with a BOM and CRLF line ends lints clean"
git -C "$R" checkout -q -- "$POL"

# Invalid UTF-8 in the front matter: a syntax finding with a position.
printf -- '---\nid: POL-9\ntitle: caf\351\n---\nx\n' > "$R/policies/latin1.md"
lint
like "$out" '^policies/latin1.md:[0-9]+:[0-9]+: error: .*\[front-matter/syntax\]$' "invalid UTF-8 in YAML is a syntax finding"
is "$rc" 1 "and exits 1"
# Invalid UTF-8 in the body is no problem for the parse.
printf -- '---\nid: POL-9\n---\n# caf\351\n' > "$R/policies/latin1.md"
lint
unlike "$out" 'latin1.md.*front-matter/syntax' "invalid UTF-8 in the body parses"
rm "$R/policies/latin1.md"

# Tabs used for indentation in YAML.
printf -- '---\nid: POL-9\nroles:\n\tx: 1\n---\n' > "$R/policies/tabs.md"
lint
like "$out" '^policies/tabs.md:4:[0-9]+: error: .*\[front-matter/syntax\]$' "a tab indentation is a syntax finding on its line"
rm "$R/policies/tabs.md"

# A YAML alias bomb finishes at once.
doc policies/bomb.md 'a: &a ["x","x","x","x","x","x","x","x","x"]' \
	'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]' 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]' \
	'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]' 'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]' \
	'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]' 'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]' \
	'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]' 'i: [*h,*h,*h,*h,*h,*h,*h,*h,*h]'
lint
like "$out" '^policies/bomb.md:[0-9]+:[0-9]+: error: .*\[front-matter/syntax\]$' "a billion-laughs front matter is refused"
is "$rc" 1 "and the lint finishes (exit 1, not a timeout)"
rm "$R/policies/bomb.md"

# Deep nesting.
deep=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "["; for (i = 0; i < 5000; i++) printf "]" }')
doc policies/deep.md "x: $deep"
lint
like "$out" '^policies/deep.md:[0-9]+:[0-9]+: error: .*\[front-matter/syntax\]$' "5000 levels of nesting are refused"
rm "$R/policies/deep.md"

# Binary file named .md.
head -c 4096 /dev/urandom > "$R/policies/blob.md"; printf '\0' >> "$R/policies/blob.md"
lint
like "$out" '^policies/blob.md: error: binary file.*\[front-matter/missing\]$' "a binary file named .md is reported, not parsed"
rm "$R/policies/blob.md"

# Unterminated front matter.
printf -- '---\nid: POL-9\ntitle: x\n' > "$R/policies/open.md"
lint
like "$out" '^policies/open.md:1:1: error: front matter is not closed' "unterminated front matter is reported at line 1"
rm "$R/policies/open.md"

# Empty file and a front matter that is not a mapping.
: > "$R/policies/empty.md"
printf -- '---\n- a\n- b\n---\n' > "$R/policies/list.md"
lint
like "$out" '^policies/empty.md:1:1: error: .*\[front-matter/missing\]$' "an empty document has no front matter"
like "$out" '^policies/list.md:2:1: error: front matter must be a mapping' "a list as front matter is reported"
rm "$R/policies/empty.md" "$R/policies/list.md"

# A 10 MB document lints, and fast.
{ sed -n '1,/^## Continuous Improvement/p' "$DATA/good/$POL"
  awk 'BEGIN { for (i = 0; i < 140000; i++) print "Improvement line " i " with [a link](#management-intent) and text." }'
} > "$R/$POL"
lint
is "$rc" 0 "a 10 MB policy lints clean"
git -C "$R" checkout -q -- "$POL"

# File names with spaces and non-ASCII characters.
cp "$DATA/good/procedures/backup.md" "$R/procedures/Sauvegarde été.md"
sed -i 's/^id: PRO-001/id: PRO-002/' "$R/procedures/Sauvegarde été.md"
printf '\nSee [the French one](Sauvegarde%%20%s.md).\n' "été" >> "$R/procedures/backup.md"
lint
is "$rc" 0 "file names with spaces and accents are read, and %%20 links resolve"
git -C "$R" add -A && approved_commit "$R" "accents"
lint --rev HEAD
is "$rc" 0 "the same names read from a commit's tree"
# An escape cut short or not hex stays as written.
printf '\nSee [a](Sauvegarde%%20%s.md%%2) and [b](Sauvegarde%%zz.md).\n' "été" >> "$R/procedures/backup.md"
lint
like "$out" "Sauvegarde été\.md%2, which does not exist \[link/broken\]" "a '%%' with one hex digit after it is kept"
like "$out" "Sauvegarde%zz\.md, which does not exist \[link/broken\]" "a '%%' without hex digits is kept"
git -C "$R" checkout -q -- procedures/backup.md

# A symlink pointing out of the repository is never read.
printf 'SECRET: 1\n' > "$TMP/outside.md"
ln -s "$TMP/outside.md" "$R/policies/link.md"
ln -s "$TMP/outside.md" "$R/soa-link.yml"
lint
unlike "$out" 'link.md' "a symlinked document is skipped"
printf 'soa: soa-link.yml\n' >> "$R/isms.yml"
lint
like "$out" 'soa-link.yml.*outside the repository' "a symlinked soa.yml pointing outside is refused"
git -C "$R" checkout -q -- isms.yml
# The same through a relative link, and through a linked folder: the
# kernel's check (openat2) and realpath()'s must agree.
ln -s ../outside.md "$R/soa-rel.yml"
printf 'soa: soa-rel.yml\n' >> "$R/isms.yml"
lint
like "$out" 'soa-rel.yml.*outside the repository' "a relative link climbing out of the repository is refused"
git -C "$R" checkout -q -- isms.yml
mkdir "$TMP/outdir" && printf 'SECRET: 1\n' > "$TMP/outdir/soa.yml"
ln -s ../outdir "$R/ext"
printf 'soa: ext/soa.yml\n' >> "$R/isms.yml"
lint
like "$out" 'ext/soa.yml.*outside the repository' "a file under a linked folder outside the repository is refused"
git -C "$R" checkout -q -- isms.yml
# A link that stays inside is read like the file it names.
mv "$R/soa.yml" "$R/soa-real.yml"
ln -s soa-real.yml "$R/soa.yml"
lint
unlike "$out" 'outside the repository' "a link inside the repository is followed"
is "$rc" 0 "and the lint is clean"
rm "$R/soa.yml" && mv "$R/soa-real.yml" "$R/soa.yml"

done_testing
