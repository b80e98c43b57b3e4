#!/bin/sh
# A site rendered again over the last one links the pages whose bytes have
# not changed (a link is cheaper than a new file), writes the others anew,
# and never takes over what a symbolic link in the old site names. A render
# that changes nothing leaves the site as it is; one more file or folder in
# the old site is a change.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
S="$TMP/site"
new_repo "$R" good
render() { isms-render site -C "$R" --now "$NOW" -o "$S" -q "$@"; }
ino() { stat -c %i "$S/$1"; }

render
ok $? "the site is rendered"
soa=$(ino soa.html)
pol=$(ls "$S/policies" | head -1)
before=$(ino "policies/$pol")
cp "$S/soa.html" "$TMP/soa.before"

# The policy's text changes; the SoA page does not.
sed -i 's/^Top management .*commits/Top management truly commits/' \
	"$R/policies/information-security.md"
render
is "$(ino soa.html)" "$soa" "an unchanged page is the same file, linked into the new site"
cmp -s "$S/soa.html" "$TMP/soa.before"
ok $? "with the same bytes"
[ "$(ino policies/information-security.html)" != "$before" ]
ok $? "a changed page is a new file"
grep -q "truly commits" "$S/policies/information-security.html"
ok $? "holding the new text"

# The same site with --no-cache and into a fresh folder: the same bytes.
isms-render site -C "$R" --now "$NOW" -o "$TMP/fresh" -q --no-cache
diff -r "$S" "$TMP/fresh" >/dev/null
ok $? "a site rendered over the last one is byte for byte a fresh one"

# A symbolic link planted in the old site, to a file with the page's
# bytes: the new site holds a regular file, not the link.
cp "$S/soa.html" "$TMP/outside.html"
rm "$S/soa.html"
ln -s "$TMP/outside.html" "$S/soa.html"
render
[ -f "$S/soa.html" ] && [ ! -L "$S/soa.html" ]
ok $? "a symbolic link in the old site is not taken over"
[ "$(stat -c %i "$S/soa.html")" != "$(stat -c %i "$TMP/outside.html")" ]
ok $? "nor the file it names"

# Nothing changed: the same folder and files, nothing left beside them.
dir=$(stat -c %i "$S")
before=$(ino policies/information-security.html)
render
is "$(stat -c %i "$S")" "$dir" "a render that changes nothing leaves the folder"
is "$(ino policies/information-security.html)" "$before" "and its pages"
is "$(ls -d "$S".* 2>/dev/null)" "" "with nothing left beside it"

# A file or an empty folder more in the old site: the next render swaps in
# a site without it, its unchanged pages linked.
echo stray >"$S/stray.html"
render
ok $([ ! -e "$S/stray.html" ]; echo $?) "a file the render does not make goes"
[ "$(stat -c %i "$S")" != "$dir" ]
ok $? "in a new folder"
is "$(ino policies/information-security.html)" "$before" "which links the unchanged pages"
mkdir "$S/policies/empty"
render
ok $([ ! -e "$S/policies/empty" ]; echo $?) "an empty folder the render does not make goes"

# The last document in page order changes, after every other page was
# found the same: the pages listed by then are all linked in.
sed -i 's/^# \(.*\)$/# \1 (revised)/' "$R/records/nonconformities/"*.md
render
ok $? "a render whose last page changes"
isms-render site -C "$R" --now "$NOW" -o "$TMP/fresh2" -q --no-cache
diff -r "$S" "$TMP/fresh2" >/dev/null
ok $? "is byte for byte a fresh one"
is "$(ino policies/information-security.html)" "$before" "its unchanged pages linked"

done_testing
