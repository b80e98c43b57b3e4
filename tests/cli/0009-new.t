#!/bin/sh
# isms-new: a new ISMS repository from the templates (organisation filled
# in, example dates moved to today, one first commit), and new documents of
# every type that lint clean once their owner is set.
. "$(dirname "$0")/lib.sh"

# findings DIR NOW [PATH]: the rules isms-lint reports (for PATH only, when
# given), one a line, sorted and counted.
findings() {
	isms-lint -C "$1" --now "$2" --strict --format json 2>/dev/null |
	python3 -c "
import json, sys
want = sys.argv[1] if len(sys.argv) > 1 else None
rules = [f['rule'] for f in json.load(sys.stdin)['findings']
         if want is None or f['path'] == want]
for r in sorted(set(rules)):
    print(r, rules.count(r))
" ${3:+"$3"}
}

# ---------------------------------------------------------------- repo
# A small template that holds every case: the placeholder in YAML (inside
# double and single quotes, as a whole plain value, in a comment), in
# Markdown, the five example dates, a binary file and a script.
T="$TMP/tpl"
mkdir -p "$T/policies" "$T/bin"
cat > "$T/isms.yml" <<'EOF'
# the {{organisation}} ISMS
organisation: "{{organisation}}"
EOF
cat > "$T/names.yaml" <<'EOF'
double: "ISMS of {{organisation}}"
single: '{{organisation}}'
plain: {{organisation}}
EOF
cat > "$T/policies/dates.md" <<'EOF'
---
id: DATES
review: 2026-10-15
audit: 2026-09-20
training: 2026-09-01
raised: 2026-09-22
due: 2026-10-31
other: 2026-10-16
---
Written for {{organisation}}; reviewed 2026-10-15, not 12026-10-15 or 2026-10-155.
EOF
printf 'GIF\0{{organisation}} 2026-10-15' > "$T/logo.bin"
printf '#!/bin/sh\necho {{organisation}}\n' > "$T/bin/hello"
chmod +x "$T/bin/hello"
ORG='Smith "Q" & Sons: Ltd'

R="$TMP/new"
run isms-new repo "$R" --templates "$T" --org "$ORG" --now 2027-03-01
is "$rc" 0 "repo exits 0"
like "$out" "^Made a new ISMS for Smith \"Q\" & Sons: Ltd in $R: 5 files, on branch adopt-isms over an empty first commit on main\\.$" \
	"repo says what it made"
like "$out" "Edit isms.yml: the roles" "repo names the next step: roles and staff in isms.yml"
like "$out" "pull requests" "repo names the next step: changes through pull requests"
is "$(git -C "$R" rev-list --count main)" 1 "main has one commit"
is "$(git -C "$R" log -1 --format=%s main)" "Start the ISMS repository" "main's commit is the start of the repository"
is "$(git -C "$R" ls-tree -r main)" "" "main's first commit is empty"
is "$(git -C "$R" rev-list --count HEAD)" 2 "adopt-isms holds one more commit"
is "$(git -C "$R" rev-parse HEAD^)" "$(git -C "$R" rev-parse main)" "adopt-isms grows from main's first commit"
is "$(git -C "$R" log -1 --format=%s)" "Start the ISMS of $ORG" "the first commit's subject names the organisation"
is "$(git -C "$R" log -1 --format='%an <%ae>')" "Jane Roe <jane@example.com>" \
	"the first commit is the user's, by git's identity"
is "$(git -C "$R" symbolic-ref HEAD)" refs/heads/adopt-isms "HEAD is left on adopt-isms"
is "$(git -C "$R" status --porcelain)" "" "every file is committed"
is "$(git -C "$R" ls-files | tr '\n' ' ')" \
	"bin/hello isms.yml logo.bin names.yaml policies/dates.md " "every template file is copied"
is "$(grep -rl --exclude-dir=.git '{{organisation}}' "$R" | grep -v logo.bin)" "" \
	"no {{organisation}} remains in a text file"
is "$(sed -n 2p "$R/isms.yml")" 'organisation: "Smith \"Q\" & Sons: Ltd"' \
	"inside double quotes the name is escaped"
is "$(sed -n 1p "$R/isms.yml")" '# the Smith "Q" & Sons: Ltd ISMS' "in a YAML comment the name is as written"
is "$(cat "$R/names.yaml")" 'double: "ISMS of Smith \"Q\" & Sons: Ltd"
single: '"'"'Smith "Q" & Sons: Ltd'"'"'
plain: "Smith \"Q\" & Sons: Ltd"' "in YAML the name is escaped for its quotes, and quoted where plain"
like "$(cat "$R/policies/dates.md")" '^Written for Smith "Q" & Sons: Ltd;' "in Markdown the name is as written"
is "$(sed -n '3,8p' "$R/policies/dates.md" | tr '\n' ' ')" \
	"review: 2027-02-12 audit: 2027-01-18 training: 2026-12-30 raised: 2027-01-20 due: 2027-02-28 other: 2026-10-16 " \
	"the five example dates keep their distance from today (--now); other dates stay"
like "$(cat "$R/policies/dates.md")" 'reviewed 2027-02-12, not 12026-10-15 or 2026-10-155\.$' \
	"a date inside a longer number stays"
cmp -s "$T/logo.bin" "$R/logo.bin"
ok $? "a binary file is copied as it is"
test -x "$R/bin/hello"
ok $? "an executable file stays executable"
isms-lint -C "$R" --now 2027-03-01 >/dev/null 2>&1
ok $(( $? == 2 )) "the filled-in isms.yml loads"

R="$TMP/sde"
SOURCE_DATE_EPOCH=1803902400 isms-new repo "$R" --templates "$T" >/dev/null 2>&1
is "$(sed -n 3p "$R/policies/dates.md")" "review: 2027-02-12" "without --now, dates move to SOURCE_DATE_EPOCH's day"
is "$(sed -n 2p "$R/isms.yml")" 'organisation: "Example Ltd"' "the organisation defaults to Example Ltd"

mkdir "$TMP/empty"
run isms-new repo empty -C "$TMP" --templates "$T"
is "$rc" 0 "an existing empty folder becomes the repository (relative to -C)"
is "$(git -C "$TMP/empty" rev-list --count HEAD)" 2 "the empty folder has the first commits"

mkdir "$TMP/full" && echo keep > "$TMP/full/notes.txt"
run isms-new repo "$TMP/full" --templates "$T"
is "$rc" 2 "a non-empty folder is refused with exit 2"
like "$err" "^isms-new: $TMP/full exists and is not empty$" "the refusal names the folder"
is "$(ls -A "$TMP/full")" "notes.txt" "the non-empty folder is left as it was"
echo x > "$TMP/file"
run isms-new repo "$TMP/file" --templates "$T"
is "$rc" 2 "a file in the way is refused with exit 2"

run isms-new repo "$TMP/none" --templates "$TMP/no-such-templates"
is "$rc" 2 "a missing templates folder exits 2"
like "$err" "^isms-new: templates folder $TMP/no-such-templates: No such file or directory$" \
	"a missing templates folder is named"
test ! -e "$TMP/none"
ok $? "nothing is made when the templates are missing"

# Without a git identity the commit fails: git's message, nothing left.
# (user.useConfigOnly stops git guessing one from the host name.)
env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
	GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.useConfigOnly GIT_CONFIG_VALUE_0=true \
	isms-new repo "$TMP/anon" --templates "$T" >"$TMP/.out" 2>"$TMP/.err"
is "$?" 2 "without a git identity, repo exits 2"
like "$(cat "$TMP/.err")" "Please tell me who you are" "without a git identity, git's own message is shown"
test ! -e "$TMP/anon"
ok $? "a failed repo leaves nothing behind"

# The placeholder inside a longer plain YAML scalar cannot take a name
# that needs quotes: the template is named, nothing is left.
T2="$TMP/tpl2"
mkdir -p "$T2"
printf 'title: Policy of {{organisation}}\n' > "$T2/isms.yml"
run isms-new repo "$TMP/bad" --templates "$T2" --org "A: B"
is "$rc" 2 "a name that cannot stand unquoted in a template's YAML exits 2"
like "$err" "^isms-new: isms.yml:1: the organisation name \"A: B\" cannot stand unquoted" \
	"the template line is named"
test ! -e "$TMP/bad"
ok $? "nothing is left of the refused repository"
run isms-new repo "$TMP/bad" --templates "$T2" --org "A B"
is "$rc" 0 "a plain name fits a plain scalar"
run isms-new repo "$TMP/nl" --templates "$T" --org "A
B"
is "$rc" 2 "an organisation name of two lines is refused"

# The fixture through isms-new: the documents wait on adopt-isms (main
# holds none yet, so nothing is unapproved); once Jane merges the pull
# request that Sam opened, the ISMS lints clean, approvals included.
R="$TMP/fromgood"
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	isms-new repo "$R" --templates "$DATA/good" --now 2026-11-01 >/dev/null
is "$(findings "$R" 2026-11-01)" "" \
	"on adopt-isms the fixture lints clean: main holds no document yet"
git -C "$R" checkout -q main
_pr=$((_pr + 1)); approved_merge "$R" adopt-isms
is "$(findings "$R" 2026-11-01)" "" \
	"after the approved merge of adopt-isms the fixture lints clean on main"

# The real starter ISMS, found next to the build (policy-templates/).
R="$TMP/starter"
GIT_AUTHOR_NAME="Sam Poe" GIT_AUTHOR_EMAIL="sam@example.com" \
	run isms-new repo "$R" --org "Acme GmbH" --now 2027-03-01
is "$rc" 0 "repo with the installed templates exits 0"
is "$(grep -rl --exclude-dir=.git '{{organisation}}' "$R")" "" \
	"no {{organisation}} remains in the starter ISMS"
like "$out" "open a pull request from adopt-isms into" "repo prints the next step: a pull request from adopt-isms"
git -C "$R" checkout -q main
findings "$R" 2027-03-01 >/dev/null
_pr=$((_pr + 1)); APPROVER_EMAIL=ciso@example.com approved_merge "$R" adopt-isms
# Clean of errors; its documents are still the templates as they are, so
# template/unchanged warns (shelf-ware) until they are rewritten.
is "$(findings "$R" 2027-03-01 | awk '{print $1}')" "template/unchanged" \
	"the starter ISMS lints after the approved merge of adopt-isms with template/unchanged only"
run isms-lint -C "$R" --now 2027-03-01
is "$rc" 0 "... which is a warning: lint passes"

# ---------------------------------------------------------------- doc
R="$TMP/r"
new_repo "$R" good
head=$(git -C "$R" rev-parse HEAD)
# type folder id: what `doc` makes in the fixture (POL-001, PRO-001 and NC-001 are
# taken; PRC-RISK and MR-2026-09 are not numbered ids).
while read -r type folder id; do
	run isms-new doc "$type" "New $type" -C "$R" --now 2026-11-01
	p="$folder/new-$type.md"
	is "$rc" 0 "doc $type exits 0"
	is "$out" "$p" "doc $type prints the path it made, in the type's folder"
	like "$err" "^isms-new: made $p \\($id\\):" "doc $type names the id"
	is "$(sed -n 2p "$R/$p")" "id: $id" "doc $type takes the next free id $id"
	like "$(findings "$R" 2026-11-01 "$p")" "^owner/unknown 1$" \
		"doc $type leaves the owner for the user to set"
	sed -i 's/^owner: .*/owner: ciso/' "$R/$p"
	# What else the lint wants the user to write: a process's interactions,
	# a non-conformity's ticket.
	[ "$type" = process ] && sed -i 's/^inputs: \[\]/inputs: [{from: PRC-RISK, what: risks}]/' "$R/$p"
	[ "$type" = nonconformity ] && sed -i 's/^ticket: .*/ticket: ISMS-7/' "$R/$p"
	# A record says something (record/empty) once its evidence is written.
	case $type in
	management-review|internal-audit|training)
		like "$(findings "$R" 2026-11-01 "$p")" "^record/empty [0-9]$" \
			"doc $type starts with its evidence fields empty, for the user to write";;
	esac
	[ "$type" = management-review ] && sed -i -e 's/^attendees: \[\]/attendees: [Jane Roe]/' \
		-e 's/^decisions: \[\]/decisions: [Keep the scope]/' \
		-e 's/^resources: .*/resources: No new resources needed/' "$R/$p"
	[ "$type" = internal-audit ] && sed -i -e 's/^scope: .*/scope: All processes/' \
		-e 's/^auditor: .*/auditor: Lee Park/' "$R/$p"
	[ "$type" = training ] && sed -i -e 's/^course: .*/course: Awareness/' \
		-e 's/^attendees: \[\]/attendees: [jane@example.com]/' "$R/$p"
	is "$(findings "$R" 2026-11-01 "$p")" "" "doc $type lints clean once its owner is set"
done <<'EOF'
policy policies POL-002
process processes PRC-001
procedure procedures PRO-002
management-review records/management-reviews MR-001
internal-audit records/audits IA-001
nonconformity records/nonconformities NC-002
training records/training TR-001
EOF
is "$(findings "$R" 2026-11-01)" "" "the whole repository lints clean with the new documents"
is "$(git -C "$R" rev-parse HEAD)" "$head" "doc commits nothing"
is "$(git -C "$R" status --porcelain | wc -l)" 7 "the new documents are left untracked"
P="$R/policies/new-policy.md"
is "$(grep -c '^## ' "$P")" 5 "a policy has a heading per required section"
like "$(cat "$P")" '^## Management Intent$' "a required section is headed by its title"
like "$(cat "$P")" '^version: "0\.1"$' "a new policy is version 0.1"
like "$(cat "$P")" '^status: draft$' "a new policy is a draft"
like "$(cat "$R/records/management-reviews/new-management-review.md")" '^date: 2026-11-01$' \
	"a record is dated today (--now)"

run isms-new doc policy "Access: Control #1" -C "$R/policies" --now 2026-11-01
is "$out" "policies/access-control-1.md" "the file name is the title's slug; from a subfolder, the ISMS is found upward"
like "$(cat "$R/policies/access-control-1.md")" '^title: "Access: Control #1"$' "a title YAML would misread is quoted"
like "$(cat "$R/policies/access-control-1.md")" '^id: POL-003$' "the next free id increments"
sed -i 's/^owner: .*/owner: ciso/' "$R/policies/access-control-1.md"
is "$(findings "$R" 2026-11-01 policies/access-control-1.md)" "" "the quoted title lints clean"

sum=$(cksum < "$P")
run isms-new doc policy "New Policy" -C "$R"
is "$rc" 2 "an existing file is refused with exit 2"
like "$err" "^isms-new: policies/new-policy.md: already exists" "the refusal names the file"
is "$(cksum < "$P")" "$sum" "the existing file is not overwritten"

run isms-new doc asset "Register" -C "$R"
is "$rc" 2 "an unknown type exits 2"
like "$err" '^isms-new: unknown type "asset" \(types: policy, process, procedure, management-review, internal-audit, nonconformity, training, kpi, measurement, risk\)$' \
	"an unknown type lists the types"
run isms-new doc policy "%%%" -C "$R"
is "$rc" 2 "a title without a letter or digit exits 2"

# A type of the user's own: upper-cased prefix, plural folder, its fields.
cat > "$TMP/custom.yml" <<'EOF'
roles:
  ciso: {name: Jane Roe, email: jane@example.com, approver: true}
types:
  risk:
    fields: [id, title, type, owner, date, likelihood]
    sections:
      - {title: Treatment, match: '(?i)^treatment$'}
EOF
run isms-new doc risk "Laptop theft" -C "$R" --config "$TMP/custom.yml" --now 2026-11-01
is "$out" "risks/laptop-theft.md" "another type goes to its plural folder"
like "$(cat "$R/risks/laptop-theft.md")" '^id: RISK-001$' "another type's prefix is its name upper-cased"
like "$(cat "$R/risks/laptop-theft.md")" '^likelihood: ""$' "a field the lint does not know starts empty"
like "$(cat "$R/risks/laptop-theft.md")" '^## Treatment$' "another type's sections come from --config"

# An ISMS in a subfolder of its repository: the document goes under its root.
R="$TMP/mono"
git init -q -b main "$R"
mkdir -p "$R/isms" && cp -R "$DATA/good/." "$R/isms/"
run isms-new doc procedure "Key rotation" -C "$R/isms"
is "$out" "isms/procedures/key-rotation.md" "in a monorepo the document goes under the ISMS root"
is "$(sed -n 2p "$R/isms/procedures/key-rotation.md")" "id: PRO-002" "ids are counted in the ISMS root"

run isms-new doc policy "X" -C "$TMP/full"
is "$rc" 2 "doc outside a repository exits 2"

# ---------------------------------------------------------------- options
run isms-new
is "$rc" 2 "no command exits 2"
run isms-new frobnicate
is "$rc" 2 "an unknown command exits 2"
like "$err" "^isms-new: unknown command 'frobnicate'$" "an unknown command is named"
run isms-new doc policy
is "$rc" 2 "doc without a title exits 2"
run isms-new repo "$TMP/x" --config x.yml
is "$rc" 2 "--config with repo exits 2"
run isms-new doc policy T --now 2026-13-01 -C "$TMP/r"
is "$rc" 2 "a bad --now exits 2"
run isms-new --help
is "$rc" 0 "--help exits 0"
like "$out" "^usage: isms-new repo DIR" "--help prints the usage"
run isms-new --version
like "$out" "^isms-new [0-9]" "--version prints the version"

# --config is read as every tool reads the configuration: a broken file
# is trouble with its line, never the defaults.
printf 'bogus: 1\n' > "$TMP/broken.yml"
run isms-new doc policy "Broken Config" -C "$R" --config "$TMP/broken.yml" --now 2026-11-01
is "$rc" 2 "doc --config with a broken file exits 2"
like "$err" "broken.yml:1:1: unknown key \"bogus\"" "  naming the file, line and column"

done_testing
