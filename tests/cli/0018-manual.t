#!/bin/sh
# isms-render manual: the whole ISMS as one self-contained printable page.
. "$(dirname "$0")/lib.sh"

R="$TMP/r"
new_repo "$R" good
run isms-render manual -C "$R" --now 2026-11-01 -o "$TMP/manual.html"
is "$rc" 0 "the manual renders"
M="$TMP/manual.html"
is "$(grep -c '<article class="doc" id="doc-' "$M")" 10 "every document is an article of the manual"
ok $(grep -q '@top-left{content:"Example Ltd ISMS' "$M"; echo $?) "a running header is in the margin of every printed page"
ok $(grep -q '@page{size:A4;' "$M"; echo $?) "the manual prints on A4"
ok $(grep -q 'article.doc{break-before:page}' "$M"; echo $?) "each document starts a new printed page"
ok $(grep -q 'Version history' "$M"; echo $?) "documents carry their version history"
ok $(grep -q 'Jane Roe' "$M"; echo $?) "and their approvers"
python3 - "$M" > "$TMP/check" <<'PY'
import html.parser, sys
ids, hrefs, scripts, external = set(), [], 0, 0
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        global scripts, external
        a = dict(attrs)
        if "id" in a: ids.add(a["id"])
        if tag == "script": scripts += 1
        for k in ("src", "href"):
            v = a.get(k) or ""
            if tag in ("link", "img", "script") and v.startswith(("http:", "https:", "//")):
                external += 1
        if tag == "a" and (a.get("href") or "").startswith("#"):
            hrefs.append(a["href"][1:])
P().feed(open(sys.argv[1], encoding="utf-8").read())
print(scripts, external, len([h for h in hrefs if h.startswith("doc-") and h not in ids]))
PY
is "$(cat "$TMP/check")" "0 0 0" "no script, nothing external, every contents link has its article"
isms-render manual -C "$R" --now 2026-11-01 -o "$TMP/again.html"
cmp -s "$M" "$TMP/again.html"
ok $? "two renders give the same bytes"

# Without --now a render is judged as of the rendered commit's day, not
# the day it runs: the same repository state gives the same bytes.
run isms-render manual -C "$R" -o "$TMP/noclock.html"
like "$(cat "$TMP/noclock.html")" 'The manual as of 2026-10-01' "without --now, dates are judged as of the commit's day"
SOURCE_DATE_EPOCH=1795000000 run isms-render manual -C "$R" -o "$TMP/sde.html"
like "$(cat "$TMP/sde.html")" 'The manual as of 2026-11-18' "SOURCE_DATE_EPOCH says otherwise"

# The manual as it stood: --at an earlier day leaves later changes out.
GIT_COMMITTER_DATE="2026-12-01T10:00:00Z" GIT_AUTHOR_DATE="2026-12-01T10:00:00Z"
export GIT_COMMITTER_DATE GIT_AUTHOR_DATE
sed -i 's/^title: Backup Procedure/title: Backup and Restore Procedure/' "$R/procedures/backup.md"
git -C "$R" add procedures/backup.md
approved_commit "$R" "Rename the backup procedure"
run isms-render manual -C "$R" --at 2026-11-15 -o "$TMP/then.html"
ok $(grep -q 'Backup Procedure' "$TMP/then.html" && ! grep -q 'Backup and Restore Procedure' "$TMP/then.html"; echo $?) \
	"--at shows the manual as the branch held it that day"

# Hostile values stay inert.
sed -i 's/^title: Backup and Restore Procedure/title: "<script>alert(1)<\/script>"/' "$R/procedures/backup.md"
run isms-render manual -C "$R" -o "$TMP/xss.html"
ok $(grep -q '<script' "$TMP/xss.html"; [ $? -ne 0 ]; echo $?) "a hostile title is escaped"

done_testing
