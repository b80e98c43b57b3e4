# lib.sh - shared helpers for the command-line tests (TAP out).
#
# Each test file sources this, gets a fresh temporary folder in $TMP (removed
# at exit), and the built tools on PATH. Repositories are real: made with
# git init, real commits.
set -u

: "${ISMS_BUILD:=$(cd "$(dirname "$0")/../.." && pwd)/build}"
: "${ISMS_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
PATH="$ISMS_BUILD:$PATH"
DATA="$ISMS_SRC/tests/data"
export ISMS_BUILD ISMS_SRC PATH DATA
# Reproducible git: no user config, fixed identities and dates.
export GIT_CONFIG_NOSYSTEM=1 HOME="${TMPDIR:-/tmp}/isms-test-home-$$"
export GIT_AUTHOR_NAME="Jane Roe" GIT_AUTHOR_EMAIL="jane@example.com"
export GIT_COMMITTER_NAME="Jane Roe" GIT_COMMITTER_EMAIL="jane@example.com"
export GIT_AUTHOR_DATE="2026-10-01T12:00:00Z" GIT_COMMITTER_DATE="2026-10-01T12:00:00Z"
export NO_COLOR=1
unset SOURCE_DATE_EPOCH GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

TMP=$(mktemp -d "${TMPDIR:-/tmp}/isms-t.XXXXXX")
mkdir -p "$HOME"
trap 'rm -rf "$TMP" "$HOME"' EXIT

_n=0
_failed=0

ok() {   # ok STATUS NAME: pass when STATUS is 0
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

is() {   # is GOT WANT NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '3,$s/^/#   /'
	fi
}

like() { # like TEXT REGEX NAME: TEXT has a line matching the ERE
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   | /' | head -20
		printf '#   no line matches: %s\n' "$2"
	fi
}

unlike() { # unlike TEXT REGEX NAME: no line of TEXT matches
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '%s\n' "$1" | grep -E -- "$2" | sed 's/^/#   | /' | head -5
	else
		ok 0 "$3"
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}

. "$ISMS_SRC/tests/repo.sh"

# site_files: every file the site's page table (lib/site.c) names, one a
# line, as the unit test that reads the table prints them (make check
# builds it).
site_files() { "$ISMS_BUILD/tests/t-site" --files; }

# run CMD...: sets $out (stdout), $err (stderr) and $rc.
run() {
	"$@" >"$TMP/.out" 2>"$TMP/.err"
	rc=$?
	out=$(cat "$TMP/.out")
	err=$(cat "$TMP/.err")
}
