#!/bin/sh
# The command line: help, version, rules, formats, strictness, colour,
# configuration and its errors, exit codes.
. "$(dirname "$0")/lib.sh"

run isms-lint --help
is "$rc" 0 "--help exits 0"
like "$out" '^usage: isms-lint' "--help prints the usage on stdout"
run isms-lint --version
like "$out" '^isms-lint [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"
run isms-lint --no-such-option
is "$rc" 2 "an unknown option exits 2"
like "$err" '^usage:' "and prints the usage on stderr"
run isms-lint --format yaml
is "$rc" 2 "an unknown format exits 2"
run isms-lint --now 2026-02-30
is "$rc" 2 "an impossible --now date exits 2"
run isms-lint --staged --rev HEAD
is "$rc" 2 "--staged and --rev together exit 2"

run isms-lint --list-rules
nrules=$(grep -c '^[[:space:]]*\[ISMS_RULE_' "$ISMS_SRC/lib/ruletab.c")
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "$nrules" "--list-rules lists every rule of lib/ruletab.c ($nrules)"
like "$out" '^section/missing +error +' "--list-rules shows default severities"
run isms-lint --explain control/legacy
is "$rc" 0 "--explain a known rule exits 0"
like "$out" '^control/legacy \(warning by default\)$' "--explain names the rule and severity"
like "$out" '^ +ignore: \[control/legacy\]' "--explain says how to suppress"
like "$out" '^This is a warning:' "--explain says what a warning means"
run isms-lint --explain soa/undecided
unlike "$out" 'ignore:' "--explain shows no suppression for a rule reported in soa.yml"
run isms-lint --explain no/such
is "$rc" 2 "--explain an unknown rule exits 2"

# --strict: warnings alone exit 0, or 1 with --strict.
R="$TMP/r"
new_repo "$R" good
sed -i 's/^classification: internal/clasification: internal/' "$R/policies/information-security.md"
run isms-lint -C "$R"
is "$rc" 0 "warnings alone exit 0"
run isms-lint -C "$R" --strict
is "$rc" 1 "--strict: warnings exit 1"

# Colour: never by default in a pipe or with NO_COLOR; always on request.
run isms-lint -C "$R" --color=always
like "$out" "$(printf '\033')\\[" "--color=always colours the text"
run isms-lint -C "$R" --color=never
unlike "$out" "$(printf '\033')" "--color=never does not"
run isms-lint -C "$R"
unlike "$out" "$(printf '\033')" "auto does not colour a pipe"

# --config replaces the root's isms.yml.
cat > "$TMP/strict.yml" <<'YML'
roles:
  ciso: {name: Jane Roe, email: jane@example.com, approver: true}
types:
  policy:
    fields: [id, title, type, owner, version, status, classification, review_interval]
YML
run isms-lint -C "$R" --config "$TMP/strict.yml"
like "$out" 'a policy needs the field "review_interval".*\[field/missing\]' "--config: the given file's types apply"
like "$out" 'owner "it-lead" is not a role.*\[owner/unknown\]' "--config: the given file's roles apply"
run isms-lint -C "$R" --config "$TMP/none.yml"
is "$rc" 2 "--config: a missing file exits 2"

# Configuration errors: exit 2 with file:line:col.
cp "$DATA/good/isms.yml" "$TMP/good.yml"
conf_error() { # YAML-TEXT REGEX NAME
	printf '%s\n' "$1" > "$R/isms.yml"
	run isms-lint -C "$R"
	is "$rc" 2 "config: $3 exits 2"
	like "$err" "$2" "config: $3 says where"
}
conf_error 'roles: [unclosed' '^isms-lint: isms.yml:[12]:[0-9]+: ' "a YAML syntax error"
conf_error "$(printf 'organisation: A\norganisation: B')" '^isms-lint: isms.yml:2:1: duplicate key' "a duplicate key"
conf_error "$(printf 'organisation: A\nrolse: {}')" '^isms-lint: isms.yml:2:1: unknown key "rolse"' "an unknown key"
conf_error "$(printf 'review_interval: twelve months')" '^isms-lint: isms.yml:1:18: review_interval must be an interval' "a bad interval"
conf_error "$(printf 'types:\n  policy:\n    sections:\n      - {title: X, match: "(unclosed"}')" '^isms-lint: isms.yml:4:37: invalid pattern' "an invalid section pattern"
conf_error "$(printf 'roles:\n  ciso: {approver: maybe}')" '^isms-lint: isms.yml:2:20: approver must be true or false' "a bad boolean"
conf_error "$(printf 'rolse: {}\nreview_interval: soon\napproval: {require: strong}')" \
	'^isms-lint: isms.yml:1:1: unknown key "rolse".*
isms-lint: isms.yml:2:18: review_interval must be an interval.*
isms-lint: isms.yml:3:21: unknown evidence level "strong"' "three mistakes: each is named, with its line and column"
cp "$TMP/good.yml" "$R/isms.yml"

# Without isms.yml, the embedded defaults apply (and there are no roles).
rm "$R/isms.yml"
run isms-lint -C "$R"
like "$out" 'isms.yml defines no roles.*\[owner/unknown\]' "no isms.yml: defaults apply, owners cannot resolve"
like "$out" 'policies/information-security.md:.*\[field/unknown\]' "no isms.yml: the five-section policy type still applies"

done_testing
