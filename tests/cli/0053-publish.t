#!/bin/sh
# What publishing leaves behind, and says: isms-render site and manual close
# with one line on stderr saying what they wrote where (-q: none); make
# install into a DESTDIR puts the tools, man pages and share/isms there, and
# make uninstall removes exactly that, leaving nothing behind; make deb
# packages the same files.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/good"
new_repo "$R" good

# ---------------------------------------------------------------- summary lines
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
is "$rc" 0 "site: exit 0"
pages=$(find "$TMP/site" -name '*.html' | wc -l)
is "$err" "isms-render: wrote $pages pages to $TMP/site/ (10 documents)" \
	"site: one line on stderr, the pages written, where, and the documents"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site/" -q
is "$rc:$err" "0:" "site -q: nothing on stderr"
(cd "$R" && isms-render site --now "$NOW" >/dev/null 2>"$TMP/e")
like "$(cat "$TMP/e")" '^isms-render: wrote [0-9]+ pages to site/ \(10 documents\)$' \
	"site without -o: names the default folder, site/"

run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
kb=$(( ($(wc -c < "$TMP/manual.html") + 1023) / 1024 ))
is "$err" "isms-render: wrote the manual (10 documents, $kb KB) to $TMP/manual.html" \
	"manual -o FILE: one line, its documents and size, and the file"
run isms-render manual -C "$R" --now "$NOW"
like "$err" '^isms-render: wrote the manual \(10 documents, [0-9]+ KB\) to standard output$' \
	"manual to stdout: says so on stderr"
is "$(printf '%s\n' "$err" | wc -l)" 1 "... in exactly one line"
is "$out" "$(cat "$TMP/manual.html")" "... and stdout holds the manual only"
run isms-render manual -C "$R" --now "$NOW" -q -o "$TMP/m2.html"
is "$rc:$err" "0:" "manual -q: nothing on stderr"
run isms-render soa -C "$R" -q
is "$rc" 2 "-q is for site and manual only (soa -q: usage, exit 2)"
run isms-render site -C "$R" --now "$NOW" -o /proc/no/such/dir
is "$rc" 2 "a site that cannot be written: exit 2"
unlike "$err" 'wrote' "... and no line claims it was written"

# ---------------------------------------------------------------- install, uninstall
M="make --no-print-directory -C $ISMS_SRC BUILD=$ISMS_BUILD"
D="$TMP/destdir"
run $M install DESTDIR="$D" PREFIX=/usr/local
is "$rc" 0 "make install into a DESTDIR"
for t in isms-lint isms-render isms-hook isms-new; do
	test -x "$D/usr/local/bin/$t" && test -f "$D/usr/local/share/man/man1/$t.1"
	ok $? "make install: $t and its man page"
done
test -f "$D/usr/local/share/isms/policy-templates/isms.yml" &&
	test -x "$D/usr/local/share/isms/jira-export"
ok $? "make install: share/isms (the starter templates, jira-export)"
is "$("$D/usr/local/bin/isms-new" --version)" "$(isms-new --version)" \
	"the installed tools run"
run $M uninstall DESTDIR="$D" PREFIX=/usr/local
is "$rc" 0 "make uninstall with the same DESTDIR and PREFIX"
is "$(find "$D" ! -type d | sort)" "" "make uninstall leaves no file behind"
is "$(cd "$D" && find . -name '*isms*')" "" "... and no isms folder"
run $M uninstall DESTDIR="$D" PREFIX=/usr/local
is "$rc" 0 "make uninstall again: nothing to remove, still exit 0"
mkdir -p "$D/usr/local/bin"
echo keep > "$D/usr/local/bin/other-tool"
$M install DESTDIR="$D" PREFIX=/usr/local >/dev/null 2>&1
$M uninstall DESTDIR="$D" PREFIX=/usr/local >/dev/null 2>&1
is "$(find "$D" ! -type d)" "$D/usr/local/bin/other-tool" \
	"make uninstall removes only what make install put"

# ---------------------------------------------------------------- make deb
if command -v dpkg-deb >/dev/null 2>&1 && [ -z "${ASAN_OPTIONS:-}" ]; then
	run $M deb
	is "$rc" 0 "make deb builds a package"
	deb=$(ls "$ISMS_BUILD"/isms_*.deb 2>/dev/null | head -1)
	is "$(dpkg-deb -f "$deb" Package)" isms "the package is named isms"
	like "$(dpkg-deb -f "$deb" Depends)" 'libgit2' "it depends on the libraries the tools link"
	is "$(dpkg-deb -c "$deb" | awk '{print $6}' | grep -E '^\./usr/(bin|share/man/man1)/isms-' | sort | tr '\n' ' ')" \
		"./usr/bin/isms-hook ./usr/bin/isms-lint ./usr/bin/isms-new ./usr/bin/isms-render ./usr/share/man/man1/isms-hook.1 ./usr/share/man/man1/isms-lint.1 ./usr/share/man/man1/isms-new.1 ./usr/share/man/man1/isms-render.1 " \
		"it holds the tools and their man pages under /usr"
	dpkg-deb -x "$deb" "$TMP/x"
	is "$("$TMP/x/usr/bin/isms-lint" --version)" "$(isms-lint --version)" "the packaged tools run"
else
	_n=$((_n + 1)); echo "ok $_n # skip no dpkg-deb, or a sanitized build"
fi

done_testing
