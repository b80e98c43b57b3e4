#!/bin/sh
# What an adopter meets first: rules: severities in isms.yml, the counts
# by rule at the end of a long report, and "did you mean" for a misspelt
# command, rule id, isms.yml key or enum value. Before, `rules:` was an
# unknown key, and every one of these misspellings got no hint.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" defects

# ---------------------------------------------------------------- rules:
run isms-lint -C "$R" --now "$NOW"
like "$out" '\[link/broken\]$' "the defects fixture has a broken link"
like "$out" 'warning: .*\[process/isolated\]$' "and an isolated process (a warning)"
like "$err" '^isms-lint: by rule: id/duplicate 2, control/legacy 1, control/unknown 1, ' \
	"the summary ends with the counts by rule, the most frequent first"
cat >> "$R/isms.yml" <<'YML'
rules:
  link/broken: off
  process/isolated: error
YML
run isms-lint -C "$R" --now "$NOW"
unlike "$out" 'link/broken' "rules: link/broken: off reports no broken link"
like "$out" 'error: .*\[process/isolated\]$' "rules: process/isolated: error makes it an error"
unlike "$err" 'link/broken' "  and the counts leave the rule out"
run isms-lint -C "$R" --now "$NOW" --format json
unlike "$out" 'by rule' "the counts are for the text format only"

printf 'rules:\n  link/brokn: off\n  section/missing: loud\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
is "$rc" 2 "an unknown rule or severity in rules: is trouble"
like "$err" 'bad.yml:2:3: unknown rule "link/brokn" in rules; did you mean "link/broken"\?' \
	"  the misspelt rule with line, column and a suggestion"
like "$err" 'bad.yml:3:20: unknown severity "loud" for section/missing \(off, warning, error\)' \
	"  the bad severity with line and column, every error reported"

# ---------------------------------------------------------------- did you mean
printf 'reveiw_interval: 6 months\n' > "$TMP/typo.yml"
run isms-lint -C "$R" --config "$TMP/typo.yml"
like "$err" 'typo.yml:1:1: unknown key "reveiw_interval" in isms.yml; did you mean "review_interval"\?' \
	"a misspelt isms.yml key gets a suggestion"
run isms-lint --explain review/overdu
is "$rc" 2 "--explain of an unknown rule is usage trouble"
is "$err" "isms-lint: unknown rule 'review/overdu'; did you mean 'review/overdue'?" \
	"--explain suggests the rule"
run isms-render sit
is "$err" "isms-render: unknown command 'sit'; did you mean 'site'?" "isms-render sit suggests site"
run isms-hook instal
is "$rc" 2 "isms-hook instal is usage trouble"
is "$err" "isms-hook: unknown command 'instal'; did you mean 'install'?" \
	"isms-hook instal suggests install, instead of printing the usage alone"
run isms-new adpot
is "$err" "isms-new: unknown command 'adpot'; did you mean 'adopt'?" "isms-new adpot suggests adopt"
run isms-render frobnicate
is "$err" "isms-render: unknown command 'frobnicate'" "nothing close: no suggestion"

G="$TMP/g"
new_repo "$G" good
sed -i 's/^status: approved$/status: Approved/' "$G/policies/information-security.md"
sed -i 's/^classification: internal$/classification: Internl/' "$G/policies/information-security.md"
run isms-lint -C "$G" --now "$NOW"
like "$out" 'status "Approved" is not one of: draft, approved, retired; did you mean "approved"\? \[field/invalid\]' \
	"an enum in the wrong case suggests the right one"

# Control lists as adopters bring them: one string, or ids with titles.
sed -i 's/^controls: \[A.5.1, A.5.2\]$/controls: "A.5.1, A.5.2"/' "$G/policies/information-security.md"
sed -i 's/^controls: \["8.13"\]$/controls: ["A.8.13 - Information backup"]/' "$G/procedures/backup.md"
run isms-lint -C "$G" --now "$NOW"
like "$out" 'controls must be a list: "A.5.1, A.5.2" is one string; write \[A.5.1, A.5.2\] \[field/invalid\]' \
	"a control list given as one string: the list to write"
like "$out" '"A.8.13 - Information backup" is not an Annex A id, but it opens with one: list the id alone, as A.8.13 \(A.8.13 Information backup\) \[control/unknown\]' \
	"an id with its title: the id is valid, list it alone"

# ---------------------------------------------------------------- YAML
# What libyaml says, and what to do: a comply-style block without its
# opening "---", an unquoted ": " in a value, a "---" that is a thematic
# break above a table. Before, the generic message or libyaml's alone.
Y="$TMP/y"
new_repo "$Y" good
printf 'id: POL-7\ntitle: Comply style\ntype: policy\n---\n# Comply style\n' > "$Y/policies/comply.md"
printf -- '---\nid: POL-8\ntitle: Scope: all sites\n---\n# Scope\n' > "$Y/policies/colon.md"
printf -- '---\n\n| *a | b |\n|---|---|\n\n---\n\nText.\n' > "$Y/policies/rule.md"
run isms-lint -C "$Y" --now "$NOW"
like "$out" '^policies/comply.md:1:1: error: no front matter: .*; the file opens with YAML fields but no "---" line above them: add "---" as its first line' \
	"YAML fields without an opening ---: the one line to add"
like "$out" '^policies/colon.md:3:[0-9]+: error: mapping values are not allowed in this context; a value that holds ": " must be quoted, as in title: "Scope: all sites"' \
	"an unquoted colon: quote the value"
like "$out" '^policies/rule.md:[0-9]+:[0-9]+: error: .*; if the first "---" is a Markdown thematic break, not front matter, put text or a blank line above it \[front-matter/syntax\]' \
	"a thematic break read as front matter: says what happened"

done_testing
