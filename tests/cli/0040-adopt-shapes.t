#!/bin/sh
# isms-new adopt on awkward files: CRLF line ends, a BOM, a first line
# that reads like a key but starts a sentence, an empty file, a binary
# file named .md, a file already in the conventions, README.md and the
# like. Bodies stay byte for byte, and the result lints without
# front-matter/*, field/* or section/* errors.
. "$(dirname "$0")/lib.sh"

R="$TMP/odd"
git init -q -b main "$R"
mkdir -p "$R/procedures" "$R/docs"
printf '# Change Procedure\r\n\r\nEvery change has a ticket.\r\n' > "$R/procedures/change.md"
printf '\357\273\277# Remote Working Policy\n\n## Purpose\n\nWork from anywhere, safely.\n' > "$R/docs/remote.md"
printf 'Note: this page is a draft\nand goes on here.\n\n---\n\n# Clean Desk Policy\n\n## Purpose\n\nClear desks.\n' > "$R/docs/desk.md"
: > "$R/docs/empty.md"
printf 'GIF\0\0binary' > "$R/docs/logo.md"
printf '# Our repository\n' > "$R/README.md"
printf '# Changes\n' > "$R/CHANGELOG.md"
cp -R "$R" "$TMP/before"
git -C "$R" add -A && git -C "$R" commit -q -m start

run isms-new adopt "$R" --write --now 2026-12-01
is "$rc" 1 "a binary file named .md is not adopted: exit 1"
like "$out" "^docs/logo.md:1:1: not text \(a NUL byte\): left out$" "the binary file is named with its place"
unlike "$out" "^(README|CHANGELOG).md:" "README.md and CHANGELOG.md are no documents"

# errors_of DIR: the lint's front-matter/*, field/* and section/* errors.
errors_of() {
	isms-lint -C "$1" --now 2026-12-01 --format json 2>/dev/null | python3 -c "
import json, sys
for f in json.load(sys.stdin)['findings']:
    if f['severity'] == 'error' and f['rule'].split('/')[0] in ('front-matter', 'field', 'section'):
        print(f['path'], f['line'], f['rule'], f['message'])
"
}
body_of() { # body_of FILE: what follows the front matter's closing line
	awk 'n == 2 { print; next } NR == 1 { sub(/^\357\273\277/, "") } /^---\r?$/ { n++ }' "$1"
}
is "$(body_of "$R/procedures/change.md" | od -c)" "$(od -c < "$TMP/before/procedures/change.md")" \
	"a CRLF file's body keeps its CRs"
like "$(cat "$R/procedures/change.md")" '^type: procedure$' "the folder names the type"
is "$(head -c 3 "$R/docs/remote.md" | od -An -tx1 | tr -d ' ')" "efbbbf" "the BOM stays first"
is "$(body_of "$R/docs/remote.md")" "$(tail -c +4 "$TMP/before/docs/remote.md")" \
	"the body after a BOM is kept"
like "$(cat "$R/docs/remote.md")" '^type: policy  *# |^type: policy$' "a title ending in Policy names the type"
is "$(body_of "$R/docs/desk.md")" "$(cat "$TMP/before/docs/desk.md")" \
	"a first line that only looks like a key is body, kept whole"
like "$(cat "$R/docs/desk.md")" '^title: "Clean Desk Policy"|^title: "Note: this page' "the sentence is not taken for front matter"
like "$(cat "$R/docs/empty.md")" '^title: "empty"$' "an empty file gets its title from its name"
like "$out" "docs/empty.md:1:1: title \"empty\" taken from the file name" "and that is left to decide"
is "$(stat -c %a "$R/procedures/change.md")" "$(stat -c %a "$TMP/before/procedures/change.md")" \
	"a rewritten file keeps its permissions"
is "$(ls "$R/procedures")" "change.md" "no temporary file is left beside it"
cmp -s "$R/README.md" "$TMP/before/README.md"
ok $? "README.md is left as it was"
errs=$(errors_of "$R" | grep -v "^docs/logo.md ")
is "$errs" "" "the adopted files lint without front-matter/*, field/* or section/* errors"

E="$TMP/empty"
git init -q -b main "$E"
run isms-new adopt "$E"
is "$rc" 0 "a repository without documents exits 0"
like "$out" "^No Markdown document found under $E/\.$" "and says it found none"
git init -q --bare "$TMP/bare.git"
run isms-new adopt "$TMP/bare.git"
is "$rc" 2 "a bare repository exits 2"
like "$err" "^isms-new: a bare repository has no work tree to adopt$" "and says why"

# An existing soa.yml is never overwritten: the plan says so.
S="$TMP/soa"
git init -q -b main "$S"
printf 'controls:\n  A.5.1: {applicable: true, status: planned, justification: "ours"}\n' > "$S/soa.yml"
cp "$S/soa.yml" "$TMP/soa.yml.before"
cp "$DATA/foreign/soa.md" "$S/controls.md"
run isms-new adopt "$S" --write
like "$out" "^soa.yml: exists, left as it is; the 4 decisions of controls.md are not merged$" \
	"an existing soa.yml is left alone, and the plan says so"
like "$out" "^  soa.yml:1:1: bring in the decisions of controls.md by hand$" "and lists it to decide"
cmp -s "$S/soa.yml" "$TMP/soa.yml.before"
ok $? "soa.yml is unchanged"

# Records: the type from the records' folders or from the title; a date
# it cannot know is today's, and named to be set.
V="$TMP/records"
git init -q -b main "$V"
mkdir -p "$V/records/audits" "$V/notes"
printf '# Audit of 2026\n\nFindings.\n' > "$V/records/audits/2026.md"
printf '# 2026 Management Review\n\nDecisions.\n' > "$V/notes/review.md"
run isms-new adopt "$V" --write --now 2026-12-01
like "$(cat "$V/records/audits/2026.md")" '^type: internal-audit$' "records/audits/ names an internal audit"
like "$(cat "$V/notes/review.md")" '^type: management-review$' "a title ending in Management Review names its type"
like "$out" "^  notes/review.md:1:1: date: today written in its place; set the record's own date$" \
	"a record's date written as today is left to decide"
errs=$(errors_of "$V")
is "$errs" "" "adopted records lint without front-matter/*, field/* or section/* errors"

# Values of the wrong shape: a title that is a list, a date that is no
# date, a status in another case, a --map onto a key that exists.
W="$TMP/shapes"
git init -q -b main "$W"
mkdir -p "$W/policies"
printf -- '---\ntitle: [a, b]\ndate: Jun 1 2018\nstatus: Approved\nref: X-1\nid: POL-009\n---\n# Shaped Policy\n\n## Purpose\n\nText.\n\n## 2. Roles (v1.0)\n\nWho.\n' \
	> "$W/policies/shaped.md"
run isms-new adopt "$W" --write --map ref=id --now 2026-12-01
is "$rc" 0 "wrong shapes are adopted: exit 0"
like "$(cat "$W/policies/shaped.md")" '^title: "Shaped Policy"$' "a title that is a list is replaced by the heading"
like "$(cat "$W/policies/shaped.md")" '^date_as_written: Jun 1 2018$' "a date that is no date keeps its value under another key"
like "$out" "policies/shaped.md:3:7: date is not a date \(YYYY-MM-DD\): kept as date_as_written" \
	"and that is left to decide, with its place"
like "$(cat "$W/policies/shaped.md")" '^status: approved$' "a status in another case is lower-cased"
like "$out" "policies/shaped.md:5:1: ref not renamed to id: the front matter has id already" \
	"--map never makes two keys one"
is "$(grep -c '^id:' "$W/policies/shaped.md")" 1 "the file keeps one id"
like "$(cat "$W/isms.yml")" "^      - \\{title: \"Roles \\(v1\\.0\\)\", match: '\\(\\?i\\)\\^\\(.*\\)\\?Roles\\\\s\\+\\\\\\(v1\\\\\\.0\\\\\\)\\\\s\\*\\$'\\}$" \
	"a section's pattern escapes the heading's punctuation, and ignores its number"
errs=$(errors_of "$W")
is "$errs" "" "the reshaped file lints without front-matter/*, field/* or section/* errors"

done_testing
