#!/bin/sh
# isms-new adopt on a repository of a foreign shape (tests/data/foreign: a
# comply-style block without an opening ---, Hugo front matter, a file
# without any, other key names with control strings, numbered headings,
# a Markdown SoA table with its columns in another order): the plan
# changes nothing; --write gives front matter that lints without
# front-matter/*, field/* or section/* errors, keeps every body byte for
# byte, maps keys, and makes soa.yml; isms.yml and soa.yml that exist are
# never overwritten.
. "$(dirname "$0")/lib.sh"

MAP=document_id=id,annex_a_controls=controls,last_updated=last_reviewed
R="$TMP/foreign"
git init -q -b main "$R"
cp -R "$DATA/foreign/." "$R/"
git -C "$R" add -A
git -C "$R" commit -q -m "our policies"
cp -R "$R" "$TMP/before"

# errors_of DIR: the front-matter/*, field/*, section/* and link/broken
# errors of the lint.
errors_of() {
	isms-lint -C "$1" --now 2026-12-01 --format json 2>/dev/null |
	python3 -c "
import json, sys
for f in json.load(sys.stdin)['findings']:
    if f['severity'] == 'error' and f['rule'].split('/')[0] in ('front-matter', 'field', 'section') or f['rule'] == 'link/broken':
        print(f['path'], f['line'], f['rule'])
"
}

# ---------------------------------------------------------------- the plan
run isms-new adopt "$R" --map "$MAP" --now 2026-12-01
is "$rc" 0 "the plan exits 0"
is "$(git -C "$R" status --porcelain)" "" "the plan changes nothing (git status is clean)"
like "$out" "^policies/incident-response.md: front matter added \(it had none\)$" \
	"the plan names a file without front matter"
like "$out" "^policies/access-control.md: its YAML block made front matter" \
	"the plan names the comply-style block"
like "$out" '^    \+ title: "Incident Response Policy"  \(the heading on line 1\)$' \
	"the title comes from the first heading, with its line"
like "$out" '^    \+ type: policy  \(from the folder\)$' "the type comes from the folder"
like "$out" '^    ~ document_id -> id  \(--map\)$' "the plan shows a --map rename"
like "$out" '^soa.yml: new; 4 decisions from the table in soa.md$' "the plan names soa.yml and its source"
like "$out" "^Left for a person to decide:$" "the plan ends with what is left to decide"
like "$out" "^  isms.yml:4:1: roles sam-poe, jane-roe, ciso, it-lead: each one's name, e-mail, and approver: true" \
	"the roles to complete are named, with their place in the isms.yml to be written"
like "$out" "^  policies/incident-response.md:1:1: owner ciso assumed: no owner or author found$" \
	"an owner assumed is left to decide, with its place"
like "$out" '^    \+ owner: sam-poe  \(from author\)$' "the plan says where the owner came from"
like "$out" "type policy are its documents' own headings \(Purpose, Scope, Policy, Enforcement\), not the default 5" \
	"the plan says which sections replace the default five"
like "$out" "^Nothing written: run again with --write" "the plan says nothing was written"
like "$(isms-new adopt -C "$R" 2>&1)" "^Plan for $R/:" "adopt works from -C as well"

# ---------------------------------------------------------------- --write
run isms-new adopt "$R" --write --map "$MAP" --now 2026-12-01
is "$rc" 0 "--write exits 0"
like "$out" "^Wrote 4 documents, isms.yml, soa.yml\." "--write says what it wrote"
is "$(errors_of "$R")" "" "the adopted repository lints without front-matter/*, field/*, section/* or link/broken errors"

# Bodies byte for byte: everything after the front matter (after the
# comply block's --- line; the whole file where there was none).
changed=$(python3 - "$TMP/before" "$R" <<'PY'
import sys, os
before, after = sys.argv[1], sys.argv[2]
def body_after_fm(b):
    assert b.startswith(b"---\n"), "no front matter written"
    end = b.index(b"\n---\n", 3)
    return b[end + 5:]
bad = 0
for rel, shape in [("policies/access-control.md", "bare"),
                   ("policies/acceptable-use.md", "fm"),
                   ("policies/incident-response.md", "none"),
                   ("procedures/backup.md", "fm")]:
    old = open(os.path.join(before, rel), "rb").read()
    new = open(os.path.join(after, rel), "rb").read()
    if shape == "none":
        want = old
    elif shape == "bare":
        want = old[old.index(b"\n---\n") + 5:]
    else:
        want = body_after_fm(old)
    if body_after_fm(new) != want:
        print("body changed:", rel)
PY
)
is "$changed" "" "every body is byte for byte what it was (four shapes)"
cmp -s "$TMP/before/soa.md" "$R/soa.md" && cmp -s "$TMP/before/README.md" "$R/README.md"
ok $? "files that are no documents are left as they were (soa.md, README.md)"

# What was written.
is "$(sed -n 1,2p "$R/policies/access-control.md")" "---
title: Access Control Policy" "comply's block gets its opening --- and name becomes title"
like "$(cat "$R/policies/access-control.md")" '^controls: \[A\.5\.15, A\.5\.18, A\.8\.2\]$' \
	'a control string "A.5.15, A.5.18 - Access rights, A.8.2" becomes a list of ids'
like "$(cat "$R/procedures/backup.md")" '^id: PRO-7$' "--map document_id=id keeps the value under the new key"
like "$(cat "$R/procedures/backup.md")" '^controls: \[A\.8\.13\]$' \
	'a list of "A.8.13 - Information backup" becomes a list of ids'
like "$(cat "$R/procedures/backup.md")" '^last_reviewed: 2024-05-01$' "--map last_updated=last_reviewed"
like "$(cat "$R/policies/acceptable-use.md")" '^date: 2024-03-01$' "Hugo's date and time becomes a date"
like "$(cat "$R/policies/acceptable-use.md")" '^weight: 20$' "Hugo's other keys are kept"
like "$(cat "$R/policies/acceptable-use.md")" '^owner: sam-poe$' "author becomes the owner role"
is "$(grep -h '^id:' "$R"/policies/*.md | sort | tr '\n' ' ')" "id: POL-001 id: POL-002 id: POL-003 " \
	"each policy gets the next free id of POL-"
like "$(cat "$R/isms.yml")" '^  jane-roe: \{name: "Jane Roe", email: ""\}   # to complete$' \
	"owners found become roles to complete in isms.yml"
like "$(cat "$R/isms.yml")" "^      - \\{title: \"Enforcement\", match: " \
	"isms.yml requires the documents' own sections"
like "$(cat "$R/isms.yml")" '^    optional: \[weight, slug, draft, author, acronym, majorRevisions\]$' \
	"the keys the policies keep become the type's optional fields"
is "$(isms-lint -C "$R" --now 2026-12-01 --format json 2>/dev/null | python3 -c '
import json, sys
print(sum(1 for f in json.load(sys.stdin)["findings"] if f["rule"] == "field/unknown"))')" 0 \
	"so field/unknown has nothing to say"
like "$(cat "$R/isms.yml")" '^exclude: \[.*"soa.md"\]$' "the SoA table's file is excluded from the documents"
is "$(sed -n '3,6p' "$R/soa.yml")" '  A.5.1: {applicable: true, status: implemented, justification: "Policies are the base of the ISMS"}
  A.5.18: {applicable: true, status: partial, justification: "Access rights follow the access control policy"}
  A.7.4: {applicable: false, justification: "Fully remote: no offices"}
  A.8.13: {applicable: true, status: implemented, justification: "Nightly snapshots"}' \
	"the SoA table, columns in another order, becomes soa.yml"
is "$(isms-lint -C "$R" --now 2026-12-01 --format json 2>/dev/null | python3 -c '
import json, sys
print(sum(1 for f in json.load(sys.stdin)["findings"] if f["path"] == "soa.yml" and f["severity"] == "error"))')" 0 \
	"soa.yml lints without errors"

# ---------------------------------------------------------------- again
cp "$R/isms.yml" "$TMP/isms.yml.1"
cp "$R/soa.yml" "$TMP/soa.yml.1"
git -C "$R" add -A && git -C "$R" commit -q -m adopted
printf '# Extra Policy\n\n## Purpose\n\nText.\n' > "$R/policies/extra.md"
run isms-new adopt "$R" --write --now 2026-12-01
is "$rc" 0 "a second run exits 0"
like "$out" "^isms.yml: exists, left as it is; add this to it:$" "an existing isms.yml is never overwritten: the plan says so"
cmp -s "$TMP/isms.yml.1" "$R/isms.yml"
ok $? "isms.yml is unchanged"
like "$out" "^policies/access-control.md: nothing to change$" "an adopted document needs nothing more"
like "$(cat "$R/policies/extra.md")" '^id: POL-004$' "a new document gets the next id after the adopted ones"

# ---------------------------------------------------------------- trouble
B="$TMP/broken"
git init -q -b main "$B"
printf -- '---\ntitle: [unclosed\n---\n# T\n' > "$B/bad.md"
printf '# Good Policy\n\n## Purpose\n\nText.\n' > "$B/good.md"
run isms-new adopt "$B" --write
is "$rc" 1 "a file whose front matter does not parse exits 1"
like "$out" "^bad.md:[0-9]+:[0-9]+: the front matter does not parse: " "the message has file, line and column"
like "$(head -1 "$B/bad.md")" "^---$" "the broken file is left as it was"
like "$(cat "$B/good.md")" "^id: POL-001$" "the other files are adopted"
run isms-new adopt "$B" --map "=id"
is "$rc" 2 "a bad --map exits 2"
like "$err" '^isms-new: --map: "=id" is not OLD=NEW$' "the message names the bad item"
run isms-new adopt "$TMP/nowhere"
is "$rc" 2 "a folder that is no repository exits 2"
run isms-new adopt "$B" --org X
is "$rc" 2 "an option of repo is refused with exit 2"

done_testing
