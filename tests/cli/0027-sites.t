#!/bin/sh
# Sites and environments (PRODUCT.md section 7): isms.yml's sites and
# site_kinds, a document's sites, site/unknown and site/uncovered on real
# repositories, and the audit page's site x control table, which reads the
# same coverage as the lint.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
lint() { run isms-lint --now "$NOW" "$@"; }
rules() { printf '%s\n' "$out" | grep -o "\[$1\]" | wc -l | tr -d ' '; }
table() { sed -n '/<section id="audit-sites">/,/<\/section>/p' "$1/audit.html"; }

R="$TMP/r"
new_repo "$R" good
cat >> "$R/isms.yml" <<'YML'
sites:
  hq:    {kind: office, name: London HQ}
  home:  {kind: home,   name: Home working}
  aws:   {kind: cloud,  name: AWS eu-west-2, provider: AWS}
YML
git -C "$R" add -A
approved_commit "$R" "Sites"

# ---------------------------------------------------------------- uncovered
lint -C "$R"
is "$rc" 1 "sites whose controls nobody covers fail the lint"
is "$(rules site/uncovered)" 7 "site/uncovered: 4 office, 2 home and 1 cloud control"
like "$out" '^isms.yml:12:3: error: site hq \(office, London HQ\) needs A\.7\.1 Physical security perimeters' \
	"the finding points at the site's key in isms.yml, names the site, its kind and the control"
like "$out" '^isms.yml:14:3: error: site aws \(cloud, AWS eu-west-2\) needs A\.5\.23' \
	"the cloud site needs A.5.23"

# A policy for the office only, one for home and cloud.
sed -i 's/^controls: .*/controls: [A.5.1, A.5.2, A.7.1, A.7.2, A.7.3, A.7.7]\nsites: [hq]/' \
	"$R/policies/information-security.md"
sed -i 's/^controls: .*/controls: [A.8.13, A.6.7, A.8.1, A.5.23]\nsites: [home, aws]/' \
	"$R/procedures/backup.md"
lint -C "$R"
is "$(rules site/uncovered)" 0 "site/uncovered is silent once each site's controls are listed at it"
is "$(rules site/unknown)" 0 "site/unknown is silent on sites isms.yml defines"

# The same control at the wrong site does not count.
sed -i 's/^sites: \[hq\]/sites: [home]/' "$R/policies/information-security.md"
lint -C "$R"
is "$(rules site/uncovered)" 4 "a document at home covers no office control"
sed -i 's/^sites: \[home\]/sites: [hq]/' "$R/policies/information-security.md"

# Not approved, or retired: covers nothing.
sed -i 's/^status: approved/status: draft/' "$R/procedures/backup.md"
lint -C "$R"
is "$(rules site/uncovered)" 3 "a draft document covers no site"
sed -i 's/^status: draft/status: retired/' "$R/procedures/backup.md"
lint -C "$R"
is "$(rules site/uncovered)" 3 "a retired document covers no site"
sed -i 's/^status: retired/status: approved/' "$R/procedures/backup.md"

# Excluded in the SoA, still required.
sed -i 's/^  A\.5\.23: .*/  A.5.23: {applicable: false, justification: "no cloud"}/' "$R/soa.yml"
grep -q 'A.5.23' "$R/soa.yml" || printf '  A.5.23: {applicable: false, justification: "no cloud"}\n' >> "$R/soa.yml"
sed -i 's/^controls: \[A.8.13, A.6.7, A.8.1, A.5.23\]/controls: [A.8.13, A.6.7, A.8.1]/' "$R/procedures/backup.md"
lint -C "$R"
like "$out" 'needs A\.5\.23 .*\(the SoA excludes it, yet the site.s kind requires it\) \[site/uncovered\]' \
	"a control the SoA excludes is still required, and the finding says so"
git -C "$R" checkout -q soa.yml
sed -i 's/^controls: \[A.8.13, A.6.7, A.8.1\]/controls: [A.8.13, A.6.7, A.8.1, A.5.23]/' "$R/procedures/backup.md"

# ---------------------------------------------------------------- unknown
sed -i 's/^sites: \[home, aws\]/sites: [home, aws, paris]/' "$R/procedures/backup.md"
lint -C "$R"
like "$out" '^procedures/backup.md:9:20: error: site "paris" is not one of the sites isms.yml defines \[site/unknown\]' \
	"site/unknown points at the undefined site in the document"
sed -i 's/, paris\]/]/' "$R/procedures/backup.md"
lint -C "$R"
is "$rc" 0 "the repository with covered sites lints clean"

# ---------------------------------------------------------------- config
cp "$R/isms.yml" "$TMP/isms.yml"
printf '  lab:   {kind: lab, name: Lab}\n' >> "$R/isms.yml"
lint -C "$R"
is "$rc" 2 "a site of an undefined kind is trouble"
like "$err" 'isms.yml:15:17: site "lab" is of kind "lab", which site_kinds does not define \(kinds: office, home, cloud\)' \
	"the error names the file, line and column of the kind"
printf 'site_kinds:\n  lab: {controls: [A.7.4]}\n' >> "$R/isms.yml"
lint -C "$R"
is "$rc" 1 "a kind isms.yml defines is used"
like "$out" 'site lab \(lab, Lab\) needs A\.7\.4 Physical security monitoring' \
	"its controls are required at its sites"
cp "$TMP/isms.yml" "$R/isms.yml"

# ---------------------------------------------------------------- audit page
sed -i 's/^controls: \[A.8.13, A.6.7, A.8.1, A.5.23\]/controls: [A.8.13, A.6.7, A.8.1]/' "$R/procedures/backup.md"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
is "$rc" 0 "the site renders"
T=$(table "$TMP/site")
like "$T" '<h2>Sites and environments <span class="state bad">gap</span></h2>' \
	"the audit page shows the site gap the lint reports"
run isms-render audit -C "$R" --now "$NOW" --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys
v=json.load(sys.stdin); it=[i for i in v["items"] if i["id"]=="sites"][0]
print(it["state"], it["grade"], sorted(set(g["key"] for g in it["gaps"])))')" \
	"gap major ['site/uncovered']" \
	"the verdict: a site not covered is a major non-conformity of the sites item"
like "$T" '<tr id="site-aws"><td>AWS eu-west-2 <code>aws</code> \(AWS\)</td><td>cloud</td>' \
	"a row per site, with its name, key, provider and kind"
is "$(printf '%s\n' "$T" | grep -o '<th title="[^"]*">A\.[0-9.]*</th>' | sed 's/.*>\(A[^<]*\)<.*/\1/' | tr '\n' ' ')" \
	"A.5.23 A.6.7 A.7.1 A.7.2 A.7.3 A.7.7 A.8.1 " "a column per required control, in catalog order"
is "$(printf '%s\n' "$T" | grep -o "POL-001</a>" | wc -l | tr -d " ")" 4 "the office's controls link the policy that covers them"
is "$(printf '%s\n' "$T" | grep -o '<span class="state bad">gap</span></td>' | wc -l | tr -d ' ')" 1 \
	"the one uncovered cell says gap"
sed -i 's/^controls: \[A.8.13, A.6.7, A.8.1\]/controls: [A.8.13, A.6.7, A.8.1, A.5.23]/' "$R/procedures/backup.md"
run isms-render site -C "$R" --now "$NOW" -o "$TMP/site"
like "$(table "$TMP/site")" 'Sites and environments <span class="state ok">found</span>' \
	"covered sites are found"
new_repo "$TMP/nosites" good
run isms-render site -C "$TMP/nosites" --now "$NOW" -o "$TMP/site2"
like "$(table "$TMP/site2")" 'Sites and environments <span class="state none">not answerable</span>' \
	"an ISMS without sites: the verdict cannot say where data lives, and it is no gap"
like "$(table "$TMP/site2")" 'isms.yml names no site' "  and says why"

done_testing
