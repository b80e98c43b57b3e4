#!/bin/sh
# Options stand anywhere, as in git: before the command or after it (and,
# for isms-lint, among the PATHs), with the same bytes on stdout and the
# same exit status either way, whatever POSIXLY_CORRECT says. Every tool
# lists --now once in --help, and its --help and man page list the same
# options.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/good"
new_repo "$R" good

# same NAME CMD1... ::: CMD2...: both give the same stdout and exit status.
same() {
	_name=$1; shift
	_a=; while [ "$1" != ::: ]; do _a="$_a $(printf '%s' "$1" | sed "s/'/'\\\\''/g; s/^/'/; s/\$/'/")"; shift; done
	shift
	eval "run $_a"; _o1=$out; _r1=$rc
	run "$@"; _o2=$out; _r2=$rc
	if [ "$_o1" = "$_o2" ] && [ "$_r1" = "$_r2" ] && [ -n "$_o1$_r1" ]; then
		ok 0 "$_name (exit $_r1)"
	else
		ok 1 "$_name"
		printf '#   before: exit %s, %s bytes\n#   after:  exit %s, %s bytes\n' \
			"$_r1" "${#_o1}" "$_r2" "${#_o2}"
	fi
}

# ---------------------------------------------------------------- isms-render
same "render: isms-render -C DIR --now DATE soa is soa -C DIR --now DATE" \
	isms-render -C "$R" --now "$NOW" soa ::: isms-render soa -C "$R" --now "$NOW"
same "render: graph --format json, before and after" \
	isms-render -C "$R" --format json --now "$NOW" graph ::: \
	isms-render graph --now "$NOW" --format json -C "$R"
same "render: history PATH with its options on either side" \
	isms-render --format json -C "$R" history policies/information-security.md ::: \
	isms-render history -C "$R" policies/information-security.md --format json
same "render: audit, options split around the command" \
	isms-render -C "$R" audit --now "$NOW" --format json ::: \
	isms-render --now "$NOW" --format json audit -C "$R"
same "render: after --, soa is still the command" \
	isms-render -C "$R" --now "$NOW" -- soa ::: isms-render soa -C "$R" --now "$NOW"
same "render: an unknown option fails the same before and after" \
	isms-render --bogus soa -C "$R" ::: isms-render soa -C "$R" --bogus
run isms-render --bogus soa
is "$rc" 2 "render: an unknown option exits 2"
run isms-render -C "$R" -o "$TMP/s1" --now "$NOW" site
r1=$rc
run isms-render site -o "$TMP/s2" --now "$NOW" -C "$R"
is "$r1 $rc" "0 0" "render: site with options before and after both exit 0"
ok $(diff -r "$TMP/s1" "$TMP/s2" >/dev/null; echo $?) \
	"render: and write the same site"
POSIXLY_CORRECT=1 same "render: POSIXLY_CORRECT changes nothing" \
	isms-render -C "$R" --now "$NOW" soa ::: isms-render soa -C "$R" --now "$NOW"

# ---------------------------------------------------------------- isms-lint
same "lint: options before, between and after the PATHs" \
	isms-lint -C "$R" --now "$NOW" --format json policies processes ::: \
	isms-lint policies --now "$NOW" processes --format json -C "$R"
same "lint: --format sarif after the PATH" \
	isms-lint -C "$R" --format sarif --now "$NOW" policies ::: \
	isms-lint policies -C "$R" --now "$NOW" --format sarif
POSIXLY_CORRECT=1 same "lint: POSIXLY_CORRECT changes nothing" \
	isms-lint -C "$R" --now "$NOW" policies --format json ::: \
	isms-lint --format json policies -C "$R" --now "$NOW"

# ---------------------------------------------------------------- isms-hook
same "hook: isms-hook -C DIR pre-commit is pre-commit -C DIR (clean)" \
	isms-hook -C "$R" --now "$NOW" pre-commit ::: isms-hook pre-commit -C "$R" --now "$NOW"
sed -i 's/^owner: .*/owner: nobody-at-all/' "$R/policies/information-security.md"
git -C "$R" add -A
run isms-hook -C "$R" --now "$NOW" pre-commit
e1=$err
is "$rc" 1 "hook: options before pre-commit: a staged error blocks (exit 1)"
run isms-hook pre-commit --now "$NOW" -C "$R"
is "$rc" 1 "hook: options after pre-commit: blocked the same"
is "$err" "$e1" "hook: and says the same"
git -C "$R" reset -q --hard
printf 'Change the policy\n' > "$TMP/msg"
same "hook: commit-msg FILE with -C before and after" \
	isms-hook -C "$R" commit-msg "$TMP/msg" ::: isms-hook commit-msg "$TMP/msg" -C "$R"
same "hook: an unknown option fails the same before and after" \
	isms-hook --bogus -C "$R" pre-commit ::: isms-hook pre-commit -C "$R" --bogus
same "hook: a bad --now fails the same before and after" \
	isms-hook --now 2026-13-01 pre-commit ::: isms-hook pre-commit --now 2026-13-01
run isms-hook -C "$R" pre-commit
unlike "$err" "unknown command" "hook: -C before the command is not taken for a command"

# ---------------------------------------------------------------- isms-new
mkdir "$TMP/n1" "$TMP/n2"
same "new: isms-new --now DATE repo DIR is repo DIR --now DATE" \
	isms-new --now 2026-01-01 -C "$TMP/n1" --org "Acme Ltd" repo r ::: \
	isms-new repo r --org "Acme Ltd" -C "$TMP/n2" --now 2026-01-01
is "$(git -C "$TMP/n1/r" rev-parse adopt-isms)" "$(git -C "$TMP/n2/r" rev-parse adopt-isms)" \
	"new: and makes the same commit"
run isms-new --now 2026-01-01 repo
is "$rc" 2 "new: repo without its folder still exits 2 with options first"
git clone -q "$R" "$TMP/d1"
git clone -q "$R" "$TMP/d2"
same "new: doc TYPE TITLE with its options on either side" \
	isms-new --now 2026-01-01 -C "$TMP/d1" doc policy "Cryptography Policy" ::: \
	isms-new doc policy "Cryptography Policy" -C "$TMP/d2" --now 2026-01-01
ok $(diff -r -x .git "$TMP/d1" "$TMP/d2" >/dev/null; echo $?) "new: and writes the same document"
same "new: adopt, options before and after" \
	isms-new --now 2026-01-01 -C "$TMP/d1" adopt ::: isms-new adopt -C "$TMP/d1" --now 2026-01-01
same "new: an unknown option fails the same before and after" \
	isms-new --bogus repo x ::: isms-new repo x --bogus

# ---------------------------------------------------------------- --help, man
# help_opts TOOL: the options its --help lists, one a line, sorted.
help_opts() {
	"$1" --help | sed -n 's/^  \(-[-A-Za-z]*\).*/\1/p' | sort
}
# man_opts TOOL: the options of its man page's OPTIONS section, sorted.
man_opts() {
	awk '/^\.SH OPTIONS/ { on = 1; next } /^\.SH/ { on = 0 }
		on && prev == ".TP" { print } { prev = $0 }' "$ISMS_SRC/man/$1.1" |
	sed 's/\\-/-/g' | sed -n 's/^\.[A-Z]* *\(-[-A-Za-z]*\).*/\1/p' | sort
}
for t in isms-lint isms-render isms-hook isms-new; do
	is "$("$t" --help | grep -c '^  --now ')" 1 "$t --help lists --now, once"
	like "$(man_opts "$t")" '^--now$' "man $t lists --now"
	is "$(help_opts "$t" | tr '\n' ' ')" "$(man_opts "$t" | tr '\n' ' ')" \
		"$t: --help and the man page list the same options"
	like "$("$t" -C "$R" --version)" "^$t [0-9]" "$t: --version after another option"
	run "$t" --now "$NOW" --help
	is "$rc" 0 "$t: --help after --now exits 0"
done

done_testing
