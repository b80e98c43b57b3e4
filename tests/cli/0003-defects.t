#!/bin/sh
# An ISMS with injected defects: every defect is reported with the right
# rule, path and line, and nothing else — in each of the five formats.
. "$(dirname "$0")/lib.sh"

new_repo "$TMP/r" defects
G="$DATA/golden"
for fmt in text json sarif junit github; do
	case $fmt in
	text) gold=defects.txt ;;
	junit) gold=defects.junit.xml ;;
	*) gold=defects.$fmt ;;
	esac
	isms-lint -C "$TMP/r" --now 2026-11-01 --format $fmt >"$TMP/$gold" 2>"$TMP/err"
	rc=$?
	is "$rc" 1 "$fmt: errors exit 1"
	if [ "${ISMS_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$TMP/$gold" "$G/$gold"
	fi
	if cmp -s "$TMP/$gold" "$G/$gold"; then
		ok 0 "$fmt: output matches the golden file $gold"
	else
		ok 1 "$fmt: output matches the golden file $gold"
		diff "$G/$gold" "$TMP/$gold" | sed 's/^/#   /' | head -20
	fi
done
like "$(cat "$TMP/err")" '^isms-lint: 10 documents, 10 errors, 6 warnings$' "the summary counts documents, errors and warnings"

# Two runs give the same bytes (deterministic, whatever the thread count).
isms-lint -C "$TMP/r" --now 2026-11-01 --format json -j 1 >"$TMP/one" 2>/dev/null
isms-lint -C "$TMP/r" --now 2026-11-01 --format json -j 4 >"$TMP/four" 2>/dev/null
cmp -s "$TMP/one" "$TMP/four"
ok $? "the report is the same with 1 and 4 threads"

done_testing
