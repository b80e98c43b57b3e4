#!/bin/sh
# The rendered site in a real browser: headless Chromium opens each of the
# site's own pages and a document page, takes a screenshot of each, and
# the test fails on any console message or script execution. CI installs
# Chromium (ci/install-deps --browser); elsewhere the test skips.
. "$(dirname "$0")/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "1..0 # SKIP chromium is not installed (ci/install-deps --browser)"
	exit 0
fi

# browse PAGE PNG: open PAGE headless; $log gets Chromium's log.
browse() {
	log=$(timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$TMP/profile" --window-size=1200,1400 \
		--enable-logging=stderr --v=0 --screenshot="$2" "file://$1" 2>&1)
}

R="$TMP/r"
starter_repo "$R"
S="$TMP/site"
run isms-render site -C "$R" -o "$S" --now 2026-11-01
is "$rc" 0 "the starter ISMS renders"

# The site's own pages (its page table) and a document's page.
for page in $(site_files | grep '\.html$') policies/access-control.html; do
	png="$TMP/$(echo "$page" | tr / _).png"
	browse "$S/$page" "$png"
	ok $([ -s "$png" ] && [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = "211PNG" ]; echo $?) \
		"$page: a screenshot is taken"
	unlike "$log" ':CONSOLE' "$page: no console message, no script ran"
done

# The audit page of the same ISMS a year on: the verdict with gaps of
# every grade (an overdue management review, overdue reviews), drawn by
# the browser like the other pages. ISMS_UPDATE_DOC=1 keeps its
# screenshot as doc/site-audit.png, the README's picture.
run isms-render site -C "$R" -o "$TMP/later" --now 2027-11-20
is "$rc" 0 "the starter ISMS a year on renders"
like "$(cat "$TMP/later/audit.html")" 'class="state bad">major non-conformity</span>' \
	"its audit page grades a major non-conformity"
browse "$TMP/later/audit.html" "$TMP/audit-later.png"
ok $([ -s "$TMP/audit-later.png" ]; echo $?) "audit.html with gaps: a screenshot is taken"
unlike "$log" ':CONSOLE' "audit.html with gaps: no console message, no script ran"
if [ "${ISMS_UPDATE_DOC:-}" = 1 ]; then
	cp "$TMP/audit-later.png" "$ISMS_SRC/doc/site-audit.png"
fi

# A script smuggled into a document with --unsafe is still blocked by the
# page's Content-Security-Policy, and the browser says so.
cat >> "$R/policies/access-control.md" <<'EOF'

<script>console.log("xss-ran")</script>
EOF
run isms-render site -C "$R" -o "$TMP/unsafe" --now 2026-11-01 --unsafe
browse "$TMP/unsafe/policies/access-control.html" "$TMP/unsafe.png"
unlike "$log" 'xss-ran' "an injected script does not run"
like "$log" 'Content Security Policy' "the page's policy blocked it"

done_testing
