#!/bin/sh
# Risks that trigger controls (PRODUCT.md section 7): the risk type, its
# fields, risk/untreated, risk/acceptance (judged on the approval branch's
# history: who approved the risk's last change), risk/overdue, and the SoA
# listing the risks each control treats.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
lint() { run isms-lint --now "$NOW" "$@"; }
rules() { printf '%s\n' "$out" | grep -o "\[$1\]" | wc -l | tr -d ' '; }
# risk FILE ID OWNER FIELDS...: a risk in $R/records/risks/FILE.
risk() {
	f=$1 id=$2 owner=$3
	shift 3
	mkdir -p "$R/records/risks"
	{
		printf -- '---\nid: %s\ntitle: Risk %s\ntype: risk\nowner: %s\n' "$id" "$id" "$owner"
		for x in "$@"; do printf '%s\n' "$x"; done
		printf -- '---\n# Risk %s\n\nWhat could happen.\n' "$id"
	} > "$R/records/risks/$f.md"
}

R="$TMP/r"
new_repo "$R" good

# ---------------------------------------------------------------- untreated
risk a RSK-A ciso "likelihood: 4" "impact: 3" "review: 2027-06-30"
risk b RSK-B ciso "likelihood: 2" "impact: 2" "review: 2027-06-30"
risk c RSK-C ciso "likelihood: 1" "impact: 1" "treatment: mitigate" "review: 2027-06-30"
risk d RSK-D ciso "likelihood: 5" "impact: 5" "treatment: mitigate" "controls: [A.8.8]" "review: 2027-06-30"
lint -C "$R"
like "$out" '^records/risks/a.md:4:7: error: score 12 \(likelihood 4 x impact 3\) reaches the threshold 12, and the risk has no treatment' \
	"risk/untreated: a score at the threshold without a treatment"
unlike "$out" '^records/risks/b.md' "a score below the threshold needs no treatment"
like "$out" '^records/risks/c.md:8:12: error: the risk is to be mitigated, but names no control' \
	"risk/untreated: mitigate without controls, whatever the score"
unlike "$out" '^records/risks/d.md' "a mitigated risk with controls is treated"
run isms-render audit -C "$R" --now 2026-11-01 --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys
v=json.load(sys.stdin); it=[i for i in v["items"] if i["id"]=="risks"][0]
print(it["state"], it["grade"], len([e for e in it["evidence"] if e["path"]]))')" \
	"gap major 4" \
	"the verdict: the risks item lists the 4 risks; an untreated high risk is a major non-conformity"
printf 'risk: {threshold: 15}\n' >> "$R/isms.yml"
lint -C "$R"
unlike "$out" '^records/risks/a.md' "risk.threshold in isms.yml moves the threshold"
git -C "$R" checkout -q isms.yml

risk z RSK-Z ciso "likelihood: 5" "impact: 5" "status: retired" "review: 2026-01-01"
lint -C "$R"
unlike "$out" '^records/risks/z.md' "a retired risk is neither untreated nor overdue"
rm "$R/records/risks/z.md"

# ---------------------------------------------------------------- fields
risk e RSK-E ciso "likelihood: 6" "impact: high" "treatment: ignore" "review: soon"
lint -C "$R"
like "$out" '^records/risks/e.md:6:13: error: likelihood "6" is not a whole number from 1 to 5 \[field/invalid\]' \
	"a likelihood beyond 5 is field/invalid"
like "$out" '^records/risks/e.md:7:9: error: impact "high" is not a whole number' "an impact in words is field/invalid"
like "$out" 'treatment "ignore" is not one of: mitigate, accept, transfer, avoid \[field/invalid\]' \
	"an unknown treatment is field/invalid"
like "$out" 'review "soon" is not a date' "review must be a date"
rm "$R/records/risks/e.md"
risk e RSK-E ciso "likelihood: 1"
lint -C "$R"
like "$out" '^records/risks/e.md:.*a risk needs the field "impact" \[field/missing\]' "a risk needs impact"
like "$out" 'a risk needs the field "review" \[field/missing\]' "and its next review"
rm "$R/records/risks/e.md" "$R/records/risks/a.md" "$R/records/risks/c.md"

# ---------------------------------------------------------------- overdue
risk o RSK-O ciso "likelihood: 1" "impact: 1" "review: 2026-06-30"
lint -C "$R"
like "$out" '^records/risks/o.md:8:9: warning: the risk.s review was due on 2026-06-30 \[risk/overdue\]' \
	"risk/overdue: a review date passed"
lint -C "$R" --now 2026-06-30
is "$(rules risk/overdue)" 0 "not on the day itself"
rm "$R/records/risks/o.md"

# ---------------------------------------------------------------- acceptance
# The CEO's risk, accepted. A change the CISO merges is not the CEO's
# acceptance; one the CEO merges is.
risk x RSK-X ceo "likelihood: 3" "impact: 4" "treatment: accept" "review: 2027-06-30"
lint -C "$R"
is "$(rules risk/acceptance)" 0 "a risk not on the approval branch yet is not judged (its merge will be)"
git -C "$R" add -A
approved_commit "$R" "Risks, accepted by the CISO"
lint -C "$R"
like "$out" '^records/risks/x.md:8:12: error: the risk is accepted, but its last change \([0-9a-f]{7} "Risks, accepted by the CISO"\) was approved, not by the risk owner ceo \[risk/acceptance\]' \
	"risk/acceptance: a history where someone else approved the acceptance"
sed -i 's/^impact: 4/impact: 3/' "$R/records/risks/x.md"
git -C "$R" add -A
APPROVER_NAME="Max Mustermann" APPROVER_EMAIL=max@example.com approved_commit "$R" "CEO accepts RSK-X"
lint -C "$R"
is "$(rules risk/acceptance)" 0 "risk/acceptance is silent when the owner's person approved the last change"
is "$rc" 0 "the repository with treated, accepted, current risks lints clean"
printf '\nMore.\n' >> "$R/records/risks/x.md"
git -C "$R" commit -qam "unreviewed edit"
lint -C "$R"
is "$(rules risk/acceptance)" 1 "a later unapproved change on the branch undoes the acceptance"
like "$out" 'was not approved, not by the risk owner ceo' "and says it was not approved at all"
printf '\nStaged.\n' >> "$R/records/risks/x.md"
git -C "$R" add -A
(cd "$R" && "$ISMS_BUILD/isms-hook" pre-commit) > "$TMP/hook.out" 2>&1
is "$?" 0 "pre-commit passes a staged edit of the accepted risk"
unlike "$(cat "$TMP/hook.out")" 'risk/acceptance' "a hook leaves risk/acceptance to the branch (pull requests, CI, the server)"

# ---------------------------------------------------------------- SoA
R="$TMP/soa"
new_repo "$R" good
risk t RSK-T ciso "likelihood: 4" "impact: 4" "treatment: mitigate" "controls: [A.5.3, A.8.13]" "review: 2027-06-30"
sed -i 's/^  A\.5\.3: .*/  A.5.3: {applicable: true, status: planned}/' "$R/soa.yml"
lint -C "$R"
is "$(rules soa/unjustified)" 0 "soa/unjustified: an applicable control with a treating risk is justified by it"
sed -i 's/^  A\.5\.3: .*/  A.5.3: {applicable: false}/' "$R/soa.yml"
lint -C "$R"
is "$(rules soa/unjustified)" 1 "an exclusion still needs its justification"
sed -i 's/^  A\.5\.3: .*/  A.5.3: {applicable: true, status: planned}/' "$R/soa.yml"
run isms-render soa -C "$R" --format csv
like "$out" '^A\.5\.3,Segregation of duties,.*,RSK-T Risk RSK-T \(score 16\).$' "CSV: the control's risks, last column"
like "$out" '^A\.8\.13,.*,PRO-001 Backup Procedure,.*,RSK-T Risk RSK-T \(score 16\).$' \
	"CSV: a control both implemented and treating lists both"
run isms-render soa -C "$R" --format json
like "$out" '"id":"A.5.3".*"documents":\[\],"risks":\[\{"path":"records/risks/t.md","id":"RSK-T","title":"Risk RSK-T","score":16,"treatment":"mitigate"\}\]' \
	"JSON: the risks, apart from the implementing documents"
run isms-render soa -C "$R" --format md
like "$out" '^\| A\.5\.3 \| Segregation of duties \| yes \| planned \|  \|  \| RSK-T Risk RSK-T \(score 16\) \|  \|$' \
	"Markdown: a Treated risks column"
run isms-render soa -C "$R" --format html
like "$out" '<th>Treated risks</th>' "HTML: a Treated risks column"
like "$out" '<a href="records/risks/t.html">RSK-T Risk RSK-T \(score 16\)</a>' "HTML: each risk links to its page"

done_testing
