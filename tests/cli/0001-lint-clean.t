#!/bin/sh
# A correct ISMS lints clean: exit 0, no findings, every rule silent.
. "$(dirname "$0")/lib.sh"

new_repo "$TMP/r" good
run isms-lint -C "$TMP/r" --now 2026-11-01
is "$rc" 0 "a correct repository exits 0"
is "$out" "" "a correct repository has no findings"
like "$err" '^isms-lint: 10 documents, 0 errors, 0 warnings$' "the summary counts documents on stderr"

run isms-lint -C "$TMP/r" --now 2026-11-01 --strict
is "$rc" 0 "--strict is also clean: there are no warnings"

for rule in $(isms-lint --list-rules | awk '{print $1}'); do
	unlike "$out" "\[$rule\]" "$rule stays silent on a correct repository"
done

# From a subfolder, the repository and the ISMS root are found upward.
run isms-lint -C "$TMP/r/policies" --now 2026-11-01
is "$rc" 0 "linting from a subfolder finds the repository upward"
like "$err" '10 documents' "from a subfolder all documents are read"

done_testing
