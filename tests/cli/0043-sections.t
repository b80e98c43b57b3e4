#!/bin/sh
# Policies as real organisations number them: a required section matches
# its heading without the leading number ("## 1. Management Intent",
# "### 5.2 Process Definition"); types.T.optional names known fields that
# are not required (no field/unknown); types.T.ordered checks the order of
# the required sections (section/order).
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good
P="$R/policies/information-security.md"
sed -i -e 's/^## Management Intent/## 1. Management Intent/' \
	-e 's/^## Process Definition/### 5.2 Process Definition/' \
	-e 's/^## Resource Allocation/## 3) Resource Allocation/' "$P"
git -C "$R" add -A
approved_commit "$R" "Numbered headings"
run isms-lint -C "$R" --now "$NOW"
unlike "$out" 'section/missing' "numbered headings still match their required sections"
is "$rc" 0 "lint is clean"

# A number alone, or digits glued to the word, is no section number.
sed -i 's/^## 3) Resource Allocation/## 3Resource Allocation/' "$P"
run isms-lint -C "$R" --now "$NOW"
like "$out" 'the required section "Resource Allocation" is missing.*\[section/missing\]' \
	"\"3Resource Allocation\" is not a numbered heading"
sed -i 's/^## 3Resource Allocation/## 3) Resource Allocation/' "$P"

# optional: Hugo's weight and slug are known, not required.
sed -i 's/^title: \(.*\)$/title: \1\nweight: 10\nslug: security/' "$P"
run isms-lint -C "$R" --now "$NOW"
like "$out" '"weight".*\[field/unknown\]' "without optional, weight is field/unknown"
cat >> "$R/isms.yml" <<'YML'
types:
  policy:
    fields: [id, title, type, owner, version, status]
    optional: [weight, slug]
    ordered: true
    sections:
      - {title: Management Intent, match: '(?i)^management\s+intent'}
      - {title: Process Definition, match: '(?i)^process\s+definition'}
      - {title: Resource Allocation, match: '(?i)^resources?\s+allocation'}
YML
run isms-lint -C "$R" --now "$NOW"
unlike "$out" 'field/unknown' "with optional: [weight, slug], both are known"
unlike "$out" 'field/missing' "  and not required"
unlike "$out" 'section/order' "ordered: the sections in isms.yml's order pass"

# Resource Allocation moved to the top: out of order.
awk '/^## 3\) Resource Allocation/{skip=1} /^## Interaction/{skip=0} !skip' "$P" > "$TMP/p"
sed -n '/^## 3) Resource Allocation/,/^## Interaction/p' "$P" | sed '$d' > "$TMP/ra"
awk -v f="$TMP/ra" '/^## 1\. Management Intent/{while ((getline l < f) > 0) print l} {print}' "$TMP/p" > "$P"
run isms-lint -C "$R" --now "$NOW"
like "$out" "^policies/information-security.md:[0-9]+:1: error: the section \"Resource Allocation\" comes before \"Process Definition\" \\(line [0-9]+\\); a policy has them in the order of isms.yml \\[section/order\\]" \
	"a section before one listed ahead of it is section/order, at its heading"
is "$rc" 1 "section/order is an error"

printf 'types:\n  policy:\n    ordered: maybe\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
is "$rc" 2 "ordered must be a boolean"
like "$err" 'bad.yml:3:14: ' "  said with line and column"

done_testing
