#!/bin/sh
# The persistent cache (PRODUCT.md section 10) never changes a result:
# every output, cold, warm, after an edit, after `git gc`, after a forced
# rewrite of the branch, with a damaged cache file and with one written by
# another build, is byte for byte the output of --no-cache.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
CACHE="$R/.git/isms/cache"
POL=policies/information-security.md

# outputs DIR [--no-cache]: every output the cache could change, into DIR.
outputs() {
	_d=$1
	shift
	mkdir -p "$_d"
	for f in text json sarif; do
		isms-lint -C "$R" --now "$NOW" --format $f "$@" >"$_d/lint.$f" 2>&1
		echo "rc $?" >>"$_d/lint.$f"
	done
	isms-lint -C "$R" --now "$NOW" --staged "$@" >"$_d/staged" 2>&1
	isms-lint -C "$R" --now "$NOW" --rev HEAD~1 "$@" >"$_d/rev" 2>&1
	isms-render history -C "$R" --all --format json "$@" >"$_d/history" 2>&1
	isms-render soa -C "$R" --now "$NOW" "$@" >"$_d/soa" 2>&1
	isms-render site -C "$R" --now "$NOW" -o "$_d/site" "$@" >/dev/null 2>&1
	isms-render manual -C "$R" --now "$NOW" -o "$_d/manual.html" "$@" >/dev/null 2>&1
	(cd "$R" && isms-hook pre-commit --now "$NOW" "$@") >"$_d/pre-commit" 2>&1
	echo "rc $?" >>"$_d/pre-commit"
}

# same NAME: the outputs with the cache as it is, twice (the run that
# fills it and the run that reads it), against --no-cache.
same() {
	rm -rf "$TMP/want" "$TMP/got1" "$TMP/got2"
	outputs "$TMP/want" --no-cache
	outputs "$TMP/got1"
	outputs "$TMP/got2"
	diff -r "$TMP/want" "$TMP/got1" >"$TMP/diff1" 2>&1
	ok $? "$1: the run that writes the cache gives --no-cache's bytes"
	diff -r "$TMP/want" "$TMP/got2" >"$TMP/diff2" 2>&1
	ok $? "$1: the run that reads it gives them too"
	[ -s "$TMP/diff1" ] && sed 's/^/# /' "$TMP/diff1" | head -20
	[ -s "$TMP/diff2" ] && sed 's/^/# /' "$TMP/diff2" | head -20
	return 0
}

# A history with approvals, a direct commit, a rename and a staged edit.
new_repo "$R" good
git -C "$R" checkout -q -b reword
sed -i 's/^Top management .*commits/Top management really commits/' "$R/$POL"
git -C "$R" commit -qam "Reword the intent"
git -C "$R" checkout -q main
approved_merge "$R" reword
git -C "$R" mv "$POL" policies/infosec.md
git -C "$R" commit -qm "Rename the policy without approval"
sed -i 's/^Top management .*commits/Top management fully commits/' "$R/policies/infosec.md"
git -C "$R" add -A

rm -rf "$CACHE"
same "cold"
for k in commits diffs versions documents reports bodies walks graphs; do
	[ -s "$CACHE/$k" ]
	ok $? "the cache holds $k"
done

# A new commit: new blobs and commits, the old ones still cached.
git -C "$R" commit -qm "Edit without approval"
same "after an edit"

# A document others link to moves and their text stays: the bodies' HTML
# kept in the cache must not lead to its old page (a body is used again
# only while each of its links gets the same answer).
grep -q "procedures/backup.md" "$R/records/nonconformities/nc-001.md"
ok $? "(a record links to the backup procedure)"
git -C "$R" mv procedures/backup.md procedures/backup-and-restore.md
git -C "$R" commit -qm "Move the backup procedure"
same "after a linked document moves"

# Repacked: the objects move into a pack; their ids do not change.
git -C "$R" gc -q --aggressive --prune=now
same "after git gc"

# A forced rewrite: the branch is reset and rebuilt; the cache still holds
# the commits that are no longer on it.
git -C "$R" reset -q --hard HEAD~2
sed -i 's/^Top management .*commits/Top management truly commits/' "$R/policies/infosec.md"
git -C "$R" commit -qam "A rewritten change"
ok $? "(the rewritten branch has a new commit)"
git -C "$R" reflog expire --expire=now --all
git -C "$R" gc -q --prune=now
same "after a forced rewrite"

# Damaged files: a flipped byte, a cut file, garbage, an empty file.
for k in commits diffs versions documents reports; do
	printf '\377' | dd of="$CACHE/$k" bs=1 seek=200 conv=notrunc 2>/dev/null
done
same "with flipped bytes"
for k in commits diffs versions documents reports; do
	head -c 150 "$CACHE/$k" >"$CACHE/$k.cut" && mv "$CACHE/$k.cut" "$CACHE/$k"
done
same "with cut files"
for k in commits diffs documents; do
	head -c 5000 /dev/urandom >"$CACHE/$k"
done
: >"$CACHE/versions"
same "with garbage and an empty file"

# A cache written by another build: its header names another build, the
# rest is well formed (the checksum is of the entries only).
outputs "$TMP/fill"
cp "$CACHE/documents" "$TMP/documents.ours"
printf 'another-build-0' | dd of="$CACHE/documents" bs=1 seek=16 conv=notrunc 2>/dev/null
cmp -s "$CACHE/documents" "$TMP/documents.ours"
[ $? -ne 0 ]
ok $? "(the header now names another build)"
same "with another build's cache"
cmp -s "$CACHE/documents" "$TMP/documents.ours"
ok $? "another build's file is replaced by this build's"

# A cache that cannot be written only misses (not as root, who writes
# anyway).
chmod 500 "$CACHE"
[ -w "$CACHE" ] || same "with a cache folder that cannot be written"
chmod 700 "$CACHE"

# A bare repository keeps its cache in its own folder.
git clone -q --bare "$R" "$TMP/bare.git"
isms-lint -C "$TMP/bare.git" --now "$NOW" >"$TMP/bare1" 2>&1
isms-lint -C "$TMP/bare.git" --now "$NOW" --no-cache >"$TMP/bare2" 2>&1
cmp -s "$TMP/bare1" "$TMP/bare2"
ok $? "a bare repository lints the same with and without the cache"
[ -s "$TMP/bare.git/isms/cache/documents" ]
ok $? "and keeps the cache in its git directory"

# The starter ISMS, its documents still the templates: the templates' ids
# and lines come from the cache and template/unchanged says the same.
isms-new repo "$TMP/starter" >/dev/null 2>&1
git -C "$TMP/starter" checkout -q adopt-isms
isms-lint -C "$TMP/starter" --now "$NOW" --no-cache >"$TMP/st0" 2>&1
isms-lint -C "$TMP/starter" --now "$NOW" >"$TMP/st1" 2>&1
isms-lint -C "$TMP/starter" --now "$NOW" >"$TMP/st2" 2>&1
grep -q "template/unchanged" "$TMP/st0" && cmp -s "$TMP/st0" "$TMP/st1" &&
	cmp -s "$TMP/st0" "$TMP/st2"
ok $? "template/unchanged is the same cold, warm and with --no-cache"
[ -s "$TMP/starter/.git/isms/cache/templates" ]
ok $? "and the templates' facts are in the cache"

# A shallow clone, then the same clone made whole: the walk and the
# commits at the clone's edge are not taken from the cache while the
# history is cut short, and are all there once it is not.
git clone -q --depth 2 "file://$R" "$TMP/shallow"
is "$(git -C "$TMP/shallow" rev-parse --is-shallow-repository)" true \
	"(the clone is shallow)"
for pass in shallow deepened; do
	isms-lint -C "$TMP/shallow" --now "$NOW" --format json --no-cache >"$TMP/sh0" 2>&1
	isms-lint -C "$TMP/shallow" --now "$NOW" --format json >"$TMP/sh1" 2>&1
	isms-lint -C "$TMP/shallow" --now "$NOW" --format json >"$TMP/sh2" 2>&1
	cmp -s "$TMP/sh0" "$TMP/sh1" && cmp -s "$TMP/sh0" "$TMP/sh2"
	ok $? "a $pass clone lints the same cold, warm and with --no-cache"
	[ $pass = deepened ] || git -C "$TMP/shallow" fetch -q --unshallow
done
isms-lint -C "$R" --now "$NOW" --format json --no-cache >"$TMP/full" 2>&1
isms-lint -C "$TMP/shallow" --now "$NOW" --format json >"$TMP/sh3" 2>&1
cmp -s "$TMP/full" "$TMP/sh3"
ok $? "and once whole it lints as the repository it was cloned from"

# A work-tree file unchanged since the cache saw it is not read again (its
# blob id is kept under its status); one rewritten with the same size and
# its old modification time put back is read again (its change time moved).
W="$TMP/stat"
new_repo "$W" good
sleep 3
isms-lint -C "$W" --now "$NOW" --format json >"$TMP/w1" 2>&1
[ -s "$W/.git/isms/cache/files" ]
ok $? "the work tree's files are kept by their status"
isms-lint -C "$W" --now "$NOW" --format json >"$TMP/w2" 2>&1
isms-lint -C "$W" --now "$NOW" --format json --no-cache >"$TMP/w0" 2>&1
cmp -s "$TMP/w0" "$TMP/w1" && cmp -s "$TMP/w0" "$TMP/w2"
ok $? "and read back as --no-cache reads them"
F="$W/policies/information-security.md"
old=$(stat -c %y "$F")
size=$(stat -c %s "$F")
ino=$(stat -c %i "$F")
sed 's/^owner: ciso$/owner: cisx/' "$F" >"$TMP/edited"
cat "$TMP/edited" >"$F"
touch -d "$old" "$F"
is "$(stat -c '%i %s %y' "$F")" "$ino $size $old" \
	"(the same file, size and modification time)"
isms-lint -C "$W" --now "$NOW" --format json >"$TMP/w3" 2>&1
isms-lint -C "$W" --now "$NOW" --format json --no-cache >"$TMP/w4" 2>&1
cmp -s "$TMP/w3" "$TMP/w4" && ! cmp -s "$TMP/w0" "$TMP/w3"
ok $? "a file rewritten with its old modification time is read again"

# Two runs at once both finish with the same result, and leave a cache
# that a third reads whole.
rm -rf "$CACHE"
for i in 1 2 3 4; do
	isms-lint -C "$R" --now "$NOW" --format json >"$TMP/par$i" 2>&1 &
done
wait
isms-lint -C "$R" --now "$NOW" --format json --no-cache >"$TMP/par0" 2>&1
for i in 1 2 3 4; do
	cmp -s "$TMP/par0" "$TMP/par$i" || break
done
ok $? "four runs at once give --no-cache's bytes"
isms-lint -C "$R" --now "$NOW" --format json >"$TMP/par5" 2>&1
cmp -s "$TMP/par0" "$TMP/par5"
ok $? "and the cache they leave reads back the same"
ls "$CACHE" | grep -q '\.' && fail=1 || fail=0
ok $fail "no temporary file is left in the cache folder"

done_testing
