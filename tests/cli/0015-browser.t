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
git init -q -b main "$R"
git -C "$R" commit -q --allow-empty -m start
cp -R "$ISMS_SRC/policy-templates/." "$R/"
git -C "$R" add -A
APPROVER_NAME="Jane Roe" APPROVER_EMAIL=ciso@example.com approved_commit "$R" "Adopt the starter ISMS"
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
