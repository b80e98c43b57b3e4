#!/bin/sh
# The CI report formats: SARIF that the OASIS SARIF 2.1.0 schema
# (tests/data/sarif-schema-2.1.0.json) accepts, whose rules carry their
# --explain text as help and, with isms.yml's site.url, a helpUri into the
# site's rules page; no invented informationUri; JUnit testcases that carry
# the document's path as file.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
SCHEMA="$DATA/sarif-schema-2.1.0.json"

# A Python with jsonschema (Debian's python3-jsonschema: ci/install-deps).
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
ok $([ -n "$PY" ]; echo $?) "a python3 with jsonschema validates SARIF (ci/install-deps installs python3-jsonschema)"
[ -n "$PY" ] || PY=python3

# valid FILE: the schema's verdict on FILE, "valid" or the errors.
valid() {
	"$PY" - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    print("/".join(map(str, e.path)), e.message[:200])
print("valid" if not errors else "%d errors" % len(errors))
PY
}

# rule FILE ID KEY: the rule's KEY ("help.text", "helpUri") in a SARIF file,
# or "-" when it has none.
rule() {
	"$PY" - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["runs"][0]["tool"]["driver"]["rules"]:
    if r["id"] == sys.argv[2]:
        v = r
        for k in sys.argv[3].split("."):
            v = v.get(k, "-") if isinstance(v, dict) else "-"
        sys.stdout.write(v if isinstance(v, str) else json.dumps(v))
PY
}

D="$TMP/defects"
new_repo "$D" defects
G="$TMP/good"
new_repo "$G" good

# ---------------------------------------------------------------- SARIF
isms-lint -C "$D" --now "$NOW" --format sarif > "$TMP/d.sarif" 2>/dev/null
is "$?" 1 "the defects ISMS: SARIF with findings (exit 1)"
is "$(valid "$TMP/d.sarif" | tail -1)" valid "it is valid SARIF 2.1.0 (OASIS schema)"
isms-lint -C "$G" --now "$NOW" --format sarif > "$TMP/g.sarif" 2>/dev/null
is "$(valid "$TMP/g.sarif" | tail -1)" valid "the good ISMS's SARIF is valid too"
is "$(valid "$DATA/golden/defects.sarif" | tail -1)" valid "the SARIF golden is valid"
is "$(valid "$DATA/golden/report.sarif" | tail -1)" valid "the unit test's SARIF golden is valid"

n=$(isms-lint --list-rules | wc -l)
is "$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]))' "$TMP/d.sarif")" \
	"$n" "every rule of --list-rules is in tool.driver.rules"
bad=
for id in $(isms-lint --list-rules | cut -d' ' -f1); do
	[ "$(rule "$TMP/d.sarif" "$id" help.text)" = "$(isms-lint --explain "$id")" ] ||
		bad="$bad $id"
done
is "$bad" "" "each rule's help.text is its --explain text"
md=$(rule "$TMP/d.sarif" link/broken help.markdown)
like "$md" '^    See \[risk treatment\]\(\.\./processes/risk\.md#risk-treatment\)\.$' \
	"help.markdown keeps the examples as indented code, as written"
like "$md" '^link/broken \(error by default\)$' "help.markdown opens with the rule and its severity"
is "$(rule "$TMP/d.sarif" link/broken helpUri)" "-" "without site.url there is no helpUri"
unlike "$(cat "$TMP/d.sarif")" 'isms-tools' "no invented address in SARIF"
unlike "$(cat "$TMP/d.sarif")" '"informationUri"' \
	"informationUri is left out when the build names no home (ISMS_HOME_URL)"

# site.url gives each rule a helpUri into the site's rules page.
cat >> "$D/isms.yml" <<'EOF'
site:
  url: https://isms.example.com/handbook/
EOF
isms-lint -C "$D" --now "$NOW" --format sarif > "$TMP/u.sarif" 2>/dev/null
is "$(rule "$TMP/u.sarif" link/broken helpUri)" \
	"https://isms.example.com/handbook/rules.html#link-broken" \
	"with site.url: helpUri is site.url/rules.html#ID, '/' as '-'"
is "$(rule "$TMP/u.sarif" front-matter/missing helpUri)" \
	"https://isms.example.com/handbook/rules.html#front-matter-missing" \
	"for every rule"
is "$(valid "$TMP/u.sarif" | tail -1)" valid "and the SARIF is still valid"
run isms-lint -C "$D" --now "$NOW"
is "$rc" 1 "site.url is a known isms.yml key (lint runs: exit 1 on the defects)"

# A site.url that is not a web address is trouble, with line and column.
sed -i 's|url: https://isms.example.com/handbook/|url: isms.example.com|' "$D/isms.yml"
run isms-lint -C "$D" --now "$NOW" --format sarif
is "$rc" 2 "a site.url without http(s):// exits 2"
like "$err" 'isms\.yml:[0-9]+:[0-9]+: site\.url must be an http:// or https:// address' \
	"and says where"
sed -i 's|^  url: isms.example.com|  link: https://x|' "$D/isms.yml"
run isms-lint -C "$D" --now "$NOW"
is "$rc" 2 "an unknown key under site exits 2"

# ---------------------------------------------------------------- JUnit
git -C "$D" checkout -q isms.yml
isms-lint -C "$D" --now "$NOW" --format junit > "$TMP/d.xml" 2>/dev/null
"$PY" - "$TMP/d.xml" "$D" > "$TMP/cases" <<'PY'
import os, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for c in root.iter("testcase"):
    f = c.get("file")
    state = "none" if f is None else "same" if f == c.get("name") else "differs"
    there = "exists" if f and os.path.exists(os.path.join(sys.argv[2], f)) else "-"
    print(c.get("name"), state, there)
PY
is "$?" 0 "the JUnit report is well-formed XML"
like "$(cat "$TMP/cases")" ' same exists$' "testcases carry file=, the document's path"
unlike "$(cat "$TMP/cases")" ' (none|differs)|same -$' \
	"every testcase with a path has file = its name, a file of the repository"
isms-lint -C "$G" --now "$NOW" --format junit > "$TMP/e.xml" 2>/dev/null
like "$(cat "$TMP/e.xml")" '<testcase classname="isms-lint" name="isms"/>' \
	"the passing testcase of a clean run names no file"

done_testing
