#!/bin/sh
# bench/gen --small --per-folder K (the corpora of the scaling benchmark):
# documents of about 2-3 KB, at most K to a folder, every link and section
# still right, and without the options the output is what it was.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1793534400
S="$TMP/small"
D="$TMP/default"
"$ISMS_SRC/bench/gen" "$S" --docs 120 --commits 30 --small --per-folder 10 >/dev/null 2>&1
ok $? "bench/gen --small --per-folder 10 makes a repository"
"$ISMS_SRC/bench/gen" "$D" --docs 120 --commits 30 >/dev/null 2>&1
ok $? "bench/gen without them too"

is "$(git -C "$S" ls-files '*.md' | wc -l)" 120 "exactly the documents asked for"
is "$(git -C "$S" ls-files '*.md' | sed 's,/[^/]*$,,' | sort | uniq -c | awk '$1 > 10' | wc -l)" 0 \
	"no folder holds more than 10 documents"
like "$(git -C "$S" ls-files '*.md')" '^policies/008/pol-00' "policies are spread over numbered folders"
like "$(git -C "$D" ls-files '*.md')" '^policies/pol-00' "without --per-folder they are not"

size() { (cd "$1" && git ls-files -z '*.md' | xargs -0 cat | wc -c); }
small=$(size "$S")
big=$(size "$D")
ok $([ "$small" -lt $((120 * 3500)) ] && [ $((small * 2)) -lt "$big" ]; echo $?) \
	"--small documents are under 3.5 KB on average and less than half the default ($small and $big bytes)"

run isms-lint -C "$S"
unlike "$out" '\[(link|section|front-matter|field|id|ref|soa|control|process|template)/' \
	"the small corpus has no link, section, front-matter, id, reference, SoA or process finding"
like "$err" '^isms-lint: 120 documents' "isms-lint reads all of them"

done_testing
