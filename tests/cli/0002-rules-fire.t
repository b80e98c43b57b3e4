#!/bin/sh
# Each rule fires on a defect, at the right path, line and column.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
n=0
# fresh: a new repository holding the good fixture, in $R.
fresh() {
	n=$((n + 1))
	R="$TMP/r$n"
	new_repo "$R" good
}
lint() { run isms-lint -C "$R" --now "$NOW" "$@"; }
# expect RULE PATH:LINE:COL NAME: the text output has that finding.
expect() {
	like "$out" "^$2: (error|warning): .* \\[$1\\]\$" "$1: $3"
}
POL=policies/information-security.md

fresh
printf '# Just a heading\n\nNo front matter here.\n' > "$R/policies/plain.md"
lint
expect front-matter/missing "policies/plain.md:1:1" "a document without front matter"
is "$rc" 1 "an error-level finding exits 1"

fresh
printf -- '---\nid: POL-009\ntitle: [unclosed\n---\n# x\n' > "$R/policies/bad.md"
lint
like "$out" '^policies/bad.md:[34]:[0-9]+: error: .*\[front-matter/syntax\]$' "front-matter/syntax: broken YAML, with its line in the file"

fresh
printf -- '---\nid: POL-009\ntitle: No end\n# x\n' > "$R/policies/open.md"
lint
expect front-matter/syntax "policies/open.md:1:1" "front matter without a closing line"

fresh
printf -- '---\nid: POL-009\nid: POL-010\n---\n' > "$R/policies/dup.md"
lint
expect front-matter/syntax "policies/dup.md:3:1" "a duplicate key is reported at the second key"

fresh
sed -i '/^version:/d' "$R/$POL"
lint
expect field/missing "$POL:1:1" "a policy without version"
like "$out" 'needs the field "version"' "field/missing names the field"

fresh
sed -i 's/^version: "1.3"/version: one/' "$R/$POL"
lint
expect field/invalid "$POL:6:10" "a version that is not a number"

fresh
sed -i 's/^status: approved/status: done/' "$R/$POL"
lint
expect field/invalid "$POL:7:9" "a status outside the enum"

fresh
sed -i 's/^classification: internal/classification: secret/' "$R/$POL"
lint
expect field/invalid "$POL:8:17" "a classification outside the enum"

fresh
sed -i 's/^date: 2026-09-15/date: 2026-09-31/' "$R/records/management-reviews/2026-09.md"
lint
expect field/invalid "records/management-reviews/2026-09.md:6:7" "an impossible date"

fresh
sed -i 's/^controls: \[A.5.1, A.5.2\]/controls: A.5.1/' "$R/$POL"
lint
expect field/invalid "$POL:9:11" "controls that are not a list"

fresh
sed -i 's/^classification: internal/clasification: internal/' "$R/$POL"
lint
expect field/unknown "$POL:8:1" "a misspelt key"
like "$out" 'did you mean "classification"' "field/unknown suggests the closest known key"

fresh
sed -i 's/^id: PRO-001/id: POL-001/' "$R/procedures/backup.md"
lint
expect id/duplicate "$POL:2:5" "a duplicate id is reported at the first place"
expect id/duplicate "procedures/backup.md:2:5" "and at the second place"

fresh
sed -i 's/^owner: ciso/owner: cfo/' "$R/$POL"
lint
expect owner/unknown "$POL:5:8" "an owner that is not a role"

fresh
sed -i 's/^## Resource Allocation/## Budget/' "$R/$POL"
lint
expect section/missing "$POL:1:1" "a policy without Resource Allocation"
like "$out" 'required section "Resource Allocation"' "section/missing names the section"

fresh
sed -i '/^Non-conformities lead/d' "$R/$POL"
lint
expect section/empty "$POL:34:1" "an empty Continuous Improvement section"

fresh
sed -i 's/(#continuous-improvement)/(#continual-improvement)/' "$R/$POL"
lint
expect link/broken "$POL:17:59" "a link to a missing anchor in the same document"

fresh
sed -i 's|(../processes/risk.md)|(../processes/risks.md)|' "$R/$POL"
lint
expect link/broken "$POL:21:53" "a link to a missing file"

fresh
sed -i 's|capa.md#objective|capa.md#objectives|' "$R/$POL"
lint
expect link/broken "$POL:22:25" "a link to a missing anchor in another document"

fresh
sed -i 's/to: PRC-CAPA/to: PRC-NOPE/' "$R/processes/risk.md"
lint
expect ref/unknown "processes/risk.md:11:9" "an output to an unknown process"

fresh
sed -i 's/to: PRC-CAPA/to: POL-001/' "$R/processes/risk.md"
lint
like "$out" 'processes/risk.md:11:9: error: outputs: "POL-001" is a policy .*\[ref/unknown\]' "an output to a document that is not a process"

fresh
sed -i '/^outputs:/,$d' "$R/processes/risk.md"
printf -- '---\n# Risk Management\n\n## Objective\n\nRisks.\n' >> "$R/processes/risk.md"
sed -i '/^inputs:/,/what: risk/d' "$R/processes/capa.md"
lint
expect process/isolated "processes/risk.md:4:7" "a process with no interaction"
expect process/isolated "processes/capa.md:4:7" "its former partner is isolated too"

fresh
sed -i 's/^controls: \[A.5.1, A.5.2\]/controls: [A.5.1, A.5.99]/' "$R/$POL"
lint
expect control/unknown "$POL:9:19" "a control id not in the catalog"

fresh
sed -i 's/^controls: \[A.5.1, A.5.2\]/controls: [A.5.1, A.9.2.1, A.5.2]/' "$R/$POL"
lint
expect control/legacy "$POL:9:19" "a 2013 control id"
like "$out" 'successor is A\.5\.16' "control/legacy names the 2022 successor"

fresh
sed -i '/^  A.5.3:/d' "$R/soa.yml"
lint
expect soa/undecided "soa.yml:1:1" "a control without decision"
like "$out" 'A\.5\.3 Segregation of duties has no decision' "soa/undecided names the control"

fresh
: > "$R/soa.yml"
lint
expect field/invalid "soa.yml:1:1" "an empty soa.yml says the SoA is empty"

fresh
sed -i 's/^  A.5.3: .*/  A.5.3: {applicable: true, status: planned}/' "$R/soa.yml"
lint
expect soa/unjustified "soa.yml:4:3" "a decision without justification"

fresh
sed -i 's/^  A.5.3: .*/  A.5.3: {applicable: true, status: implemented, justification: "x"}/' "$R/soa.yml"
lint
expect soa/unimplemented "soa.yml:4:3" "implemented but listed by no document"

fresh
sed -i 's/^  A.5.7: .*/  A.5.7: {applicable: false, justification: "not needed"}/' "$R/soa.yml"
lint
expect soa/contradiction "soa.yml:8:3" "excluded but claimed by a document"
like "$out" 'processes/risk.md lists it' "soa/contradiction names the document"

fresh
sed -i 's/^status: closed/status: open/' "$R/records/nonconformities/nc-001.md"
lint
expect nonconformity/overdue "records/nonconformities/nc-001.md:8:6" "an open non-conformity past due"

fresh
sed -i '/^ticket:/d' "$R/records/nonconformities/nc-001.md"
lint
expect nonconformity/no-ticket "records/nonconformities/nc-001.md:1:1" "a non-conformity without a ticket"

fresh
sed -i 's/^status: approved/status: approved\nlint: {ignore: [section\/empty], reason: "being rewritten", until: 2026-10-01}/' "$R/$POL"
lint
expect suppression/expired "$POL:8:67" "a suppression past its until date"

done_testing
