#!/bin/sh
# Objectives and KPIs (PRODUCT.md section 7): a KPI (type kpi) and its
# measurements (type measurement): kpi/stale, kpi/off-target, a
# measurement of no KPI, and a target, frequency or value that does not
# parse, each at its line and column.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
lint() { run isms-lint -C "$R" --now "$NOW" "$@"; }
K=kpis/patch.md
# kpi TARGET FREQUENCY: the KPI KPI-PATCH.
kpi() {
	mkdir -p "$R/kpis"
	printf -- '---\nid: KPI-PATCH\ntitle: Time to patch\ntype: kpi\nowner: it-lead\ntarget: %s\nunit: days\nfrequency: %s\n---\n# Time to patch\n\nMedian days.\n' \
		"$1" "$2" > "$R/$K"
}
# measure ID KPI DATE VALUE: a measurement record.
measure() {
	mkdir -p "$R/records/measurements"
	printf -- '---\nid: %s\ntype: measurement\nkpi: %s\ndate: %s\nvalue: %s\n---\n' \
		"$1" "$2" "$3" "$4" > "$R/records/measurements/$1.md"
}
n=0
fresh() { n=$((n + 1)); R="$TMP/r$n"; new_repo "$R" good; }

# ---------------------------------------------------------------- silent
fresh
kpi '"<= 14 days"' quarterly
measure m1 KPI-PATCH 2026-06-30 "16 days"
measure m2 KPI-PATCH 2026-09-30 9
lint
is "$rc" 0 "a KPI measured within its frequency and on target: lint exits 0"
is "$out" "" "kpi/stale and kpi/off-target are silent (an old miss does not count)"

# ---------------------------------------------------------------- stale
measure m2 KPI-PATCH 2026-07-15 9
lint
is "$rc" 1 "a KPI whose latest measurement is older than its frequency is an error"
like "$out" "^$K:8:12: error: KPI KPI-PATCH was last measured on 2026-07-15 \\(records/measurements/m2.md\\); the next measurement was due by 2026-10-15 \\[kpi/stale\\]$" \
	"kpi/stale says when it was last measured and when the next was due, at frequency"
run isms-lint -C "$R" --now 2026-10-10
unlike "$out" 'kpi/stale' "kpi/stale is silent while the next measurement is not yet due"
measure m3 KPI-PATCH 2026-12-31 5
lint
like "$out" 'kpi/stale' "a measurement dated after today does not count"

fresh
kpi '"<= 14 days"' monthly
lint
like "$out" "^$K:8:12: error: KPI KPI-PATCH has no measurement: record one \\(type measurement, kpi: KPI-PATCH\\) at least monthly \\[kpi/stale\\]$" \
	"kpi/stale: a KPI never measured"

# ---------------------------------------------------------------- off-target
fresh
kpi '"<= 14 days"' quarterly
measure m1 KPI-PATCH 2026-06-30 9
measure m2 KPI-PATCH 2026-09-30 "21 days"
lint
is "$rc" 0 "kpi/off-target is a warning: lint exits 0"
like "$out" "^records/measurements/m2.md:6:8: warning: KPI KPI-PATCH misses its target: 21 on 2026-09-30, target <= 14 days \\[kpi/off-target\\]$" \
	"kpi/off-target at the latest measurement's value, with value and target"
run isms-lint -C "$R" --now "$NOW" --strict
is "$rc" 1 "--strict makes an off-target KPI fail"
kpi '">= 95"' quarterly
measure m2 KPI-PATCH 2026-09-30 95
lint
is "$out" "" "kpi/off-target: >= is met by an equal value"
kpi '"> 95"' quarterly
lint
like "$out" 'kpi/off-target' "kpi/off-target: > is not"

# ---------------------------------------------------------------- unknown
fresh
kpi '"<= 14 days"' quarterly
measure m1 KPI-PATCH 2026-09-30 9
measure m2 KPI-PACTH 2026-09-30 9
lint
is "$rc" 1 "a measurement of an unknown KPI is an error"
like "$out" "^records/measurements/m2.md:4:6: error: kpi: \"KPI-PACTH\" is not the id of a KPI \\(a document of type kpi\\) \\[ref/unknown\\]$" \
	"ref/unknown names the unknown KPI, at its value"
measure m2 PRC-RISK 2026-09-30 9
lint
like "$out" 'm2.md:4:6: error: kpi: "PRC-RISK" is not the id of a KPI' "a process is no KPI"

# ---------------------------------------------------------------- parse
fresh
kpi '"about 95"' quarterly
lint
like "$out" "^$K:6:10: error: target \"about 95\": a target starts with a comparison: >=, >, <=, < or == .*\\[field/invalid\\]$" \
	"a target without comparison: field/invalid at its line and column"
kpi '"<= lots"' quarterly
lint
like "$out" "^$K:6:13: error: target \"<= lots\": a number must follow the comparison" \
	"the column points at the missing number"
kpi '>= 95' quarterly
lint
like "$out" "^$K:6:10: error: .*block scalar.*\\[front-matter/syntax\\]$" "an unquoted > is YAML syntax, not a target: the message says where"
kpi '"<= 5days"' quarterly
lint
like "$out" "^$K:6:14: error: target \"<= 5days\": the number must end before its unit" \
	"a unit glued to the number"
kpi '"<= 5 days"' fortnightly
lint
like "$out" "^$K:8:12: error: frequency \"fortnightly\" is not monthly, quarterly, half-yearly, yearly or an interval such as \"2 weeks\" \\[field/invalid\\]$" \
	"a frequency that is no interval"
kpi '"<= 5 days"' '2 weeks'
measure m1 KPI-PATCH 2026-10-25 3
measure m2 KPI-PATCH 2026-10-26 three
lint
like "$out" "^records/measurements/m2.md:6:8: error: value \"three\" is not a number such as 97.5 \\(a unit may follow: \"4 days\"\\) \\[field/invalid\\]$" \
	"a value that is no number"
unlike "$out" 'kpi/stale' "an interval frequency (2 weeks) is met by the last good measurement"

done_testing
