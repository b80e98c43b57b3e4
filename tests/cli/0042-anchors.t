#!/bin/sh
# Heading anchors are GitHub's, Unicode included: an emoji or an em dash
# is dropped, non-ASCII letters are lowercased and kept. Links written
# against GitHub's anchors hold in lint and lead to the same ids in the
# site. Before, "#-roles-and-responsibilities" and
# "#51-diagrama-c4--nível-2" were link/broken (the emoji and the dash were
# kept). markdown.heading_ids: true honours "{#id}" attributes.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
R="$TMP/r"
new_repo "$R" good
P="$R/policies/information-security.md"
cat >> "$P" <<'MD'

## 👥 **Roles and Responsibilities**

### 5.1 Diagrama (C4 — Nível 2)

### ÄRGER «Übersicht» € 2

### Custom {#custom-id}

See [roles](#-roles-and-responsibilities), [the diagram](#51-diagrama-c4--nível-2)
and [the overview](#ärger-übersicht--2).
MD
echo 'Also [the roles](../policies/information-security.md#-roles-and-responsibilities).' \
	>> "$R/processes/risk.md"
git -C "$R" add -A
approved_commit "$R" "Headings with emoji, dashes and accents"

run isms-lint -C "$R" --now "$NOW"
unlike "$out" 'roles-and-responsibilities' "lint: the link to #-roles-and-responsibilities holds"
unlike "$out" 'diagrama' "lint: the link to #51-diagrama-c4--nível-2 holds"
unlike "$out" 'übersicht' "lint: the link to #ärger-übersicht--2 holds (lowercased Ä, € dropped)"
unlike "$out" 'processes/risk.md.*link/broken' "lint: the link from another document holds"

S="$TMP/site"
run isms-render site -C "$R" -o "$S" --now "$NOW"
page="$S/policies/information-security.html"
like "$(cat "$page")" 'id="-roles-and-responsibilities"' "site: the same id as GitHub's"
like "$(cat "$page")" 'id="51-diagrama-c4--nível-2"' "site: the diagram's id as GitHub's"
like "$(cat "$page")" 'id="ärger-übersicht--2"' "site: Unicode lowercase as GitHub's"

# {#id}: GitHub shows it as text, so without the key the anchor is
# GitHub's and a link to #custom-id is broken, with the anchor it has.
echo 'And [custom](#custom-id).' >> "$P"
git -C "$R" add -A
approved_commit "$R" "A link to a custom id"
run isms-lint -C "$R" --now "$NOW"
like "$out" 'this document has no heading anchor "#custom-id" \[link/broken\]' \
	"without markdown.heading_ids, {#custom-id} is text, as on GitHub"
printf 'markdown:\n  heading_ids: true\n' >> "$R/isms.yml"
git -C "$R" add -A
approved_commit "$R" "Honour heading ids"
run isms-lint -C "$R" --now "$NOW"
unlike "$out" 'custom-id' "with markdown.heading_ids: true, the link to #custom-id holds"
run isms-render site -C "$R" -o "$S" --now "$NOW"
like "$(cat "$page")" '<h3><a id="custom-id" class="anchor" href="#custom-id" aria-hidden="true"></a>Custom</h3>' \
	"the site: the attribute's id, the attribute not shown"

printf 'markdown:\n  heading_ids: perhaps\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
is "$rc" 2 "a markdown.heading_ids that is not a boolean is trouble"
like "$err" 'bad.yml:2:16: ' "  with its line and column"
printf 'markdown:\n  headings: true\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
like "$err" 'bad.yml:2:3: .*headings' "an unknown markdown key is trouble with line and column"

done_testing
