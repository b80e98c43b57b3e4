#!/bin/sh
# The files users copy into their ISMS repositories (.pre-commit-hooks.yaml,
# ci/github-actions.yml, ci/gitlab-ci.yml) name only tools that exist, and
# their command lines, run as written, work on real repositories the way CI
# checkouts and the pre-commit framework present them. Their YAML shape is
# tests/unit/t-templates.c's job.
. "$(dirname "$0")/lib.sh"

HOOKS="$ISMS_SRC/.pre-commit-hooks.yaml"
GH="$ISMS_SRC/ci/github-actions.yml"
GL="$ISMS_SRC/ci/gitlab-ci.yml"

# The lines run as written, so "today" comes from the environment: the day
# the fixtures' reviews and records are current (2026-11-01T00:00:00Z).
SOURCE_DATE_EPOCH=1793491200
export SOURCE_DATE_EPOCH

skip() { # skip REASON
	_n=$((_n + 1))
	echo "ok $_n # skip $1"
}

# The isms-NAME words that are commands: not part of a URL
# (github.com/isms-tools), a file name (isms-junit.xml) or a longer id
# (isms-lint-all).
commands() {
	grep -oE '(^|[^-./A-Za-z0-9_])isms-[a-z]+([^-.A-Za-z0-9_]|$)' "$1" |
		sed -E 's/^[^i]*//; s/[^a-z]$//' | sort -u
}

# The isms-lint command lines of a CI template: a `run:` value, a script
# item, or a line of a `run: |` block.
lint_lines() {
	sed -nE 's/^[[:space:]]*(-[[:space:]]+|run:[[:space:]]+)?(isms-lint([[:space:]].*)?)$/\2/p' "$1"
}

# run_in DIR LINE: run a template's shell line in DIR, as CI does.
run_in() {
	run sh -c "cd \"\$1\" && $2" sh "$1"
}

# ----------------------------------------------------------- tools named

for f in "$HOOKS" "$GH" "$GL"; do
	name=${f#"$ISMS_SRC"/}
	cmds=$(commands "$f")
	like "$cmds" '^isms-lint$' "$name names isms-lint"
	for c in $cmds; do
		test -x "$ISMS_BUILD/$c"
		ok $? "$name: $c is a tool this project builds"
	done
done
like "$(commands "$GH")" '^isms-render$' "ci/github-actions.yml names isms-render"
like "$(commands "$GL")" '^isms-render$' "ci/gitlab-ci.yml names isms-render"

# The subcommands of isms-render named, against its own --help.
help=$(isms-render --help 2>&1)
subs=$(grep -ohE 'isms-render [a-z]+' "$GH" "$GL" | awk '{print $2}' | sort -u)
like "$subs" '^site$' "the CI templates publish with isms-render site"
for sub in $subs; do
	printf '%s\n' "$help" | grep -Eq "^(usage:)? *(isms-render )?$sub( |\$)"
	ok $? "isms-render --help lists $sub"
done

# The same for isms-hook (record-reviews, after a merge), and its options.
help=$(isms-hook --help 2>&1)
for f in "$GH" "$GL"; do
	name=${f#"$ISMS_SRC"/}
	subs=$(grep -ohE 'isms-hook [a-z-]+' "$f" | awk '{print $2}' | sort -u)
	like "$subs" '^record-reviews$' "$name records the reviews with isms-hook record-reviews"
	for sub in $subs; do
		printf '%s\n' "$help" | grep -Eq "^(usage:)? *(isms-hook )?$sub( |\$)"
		ok $? "$name: isms-hook --help lists $sub"
	done
	for o in $(grep -oE 'isms-hook record-reviews .*' "$f" | grep -oE -- '--[a-z]+' | sort -u); do
		printf '%s\n' "$help" | grep -q -- "\\[$o"
		ok $? "$name: isms-hook --help lists record-reviews $o"
	done
done

# How the templates install the tools: built once (make deb, after
# ci/install-deps) from ISMS_TOOLS_REPO, which the adopter must set: its
# check, run as written, fails with what to set; the other jobs install the
# package with apt.
for f in "$GH" "$GL"; do
	name=${f#"$ISMS_SRC"/}
	like "$(cat "$f")" '/tmp/isms/ci/install-deps$' "$name runs ci/install-deps"
	like "$(cat "$f")" 'make -C /tmp/isms -j"\$\(nproc\)" deb$' \
		"$name builds the package with make deb"
	is "$(grep -c 'install-deps' "$f")" 1 "$name builds in one job only"
	like "$(cat "$f")" 'apt-get install .*isms\.deb$' "$name installs the package with apt"
	unlike "$(cat "$f")" 'isms-tools/isms|ISMS_REPO:' "$name names no invented home of the tools"
	check=$(sed -nE "s/^[[:space:]]*(- ')?(\[ -n \"\\\$ISMS_TOOLS_REPO\" \] \|\| .*\})'?\$/\2/p" "$f")
	like "$check" 'exit 1; }$' "$name checks ISMS_TOOLS_REPO at the start"
	run env -u ISMS_TOOLS_REPO sh -c "$check"
	is "$rc" 1 "$name: without ISMS_TOOLS_REPO the tools job fails (exit 1)"
	like "$err" '^set ISMS_TOOLS_REPO to the git URL of the isms tools source' \
		"$name: ... and says what to set"
	run env ISMS_TOOLS_REPO="$TMP/tools.git" sh -c "$check"
	is "$rc" 0 "$name: with ISMS_TOOLS_REPO set it goes on"
done
test -x "$ISMS_SRC/ci/install-deps"
ok $? "ci/install-deps exists and is executable"
run make -n -C "$ISMS_SRC" install PREFIX="$TMP/prefix" DESTDIR=
like "$out" "install .*isms-lint .*isms-render .*$TMP/prefix/bin/\$" \
	"make install PREFIX=DIR installs the tools into DIR/bin"
like "$out" "install -m 755 ci/jira-export $TMP/prefix/share/isms/jira-export\$" \
	"make install puts ci/jira-export where the templates run it (share/isms)"

# ----------------------------------------------------------- CI lint lines

# A CI checkout: a clone at a detached HEAD with no local main, only
# origin/main (what actions/checkout with fetch-depth: 0 gives a pull request).
ci_clone() { # ci_clone FIXTURE DIR
	new_repo "$TMP/origin-$1" "$1"
	git clone -q "$TMP/origin-$1" "$2"
	git -C "$2" checkout -q --detach
	git -C "$2" branch -q -D main
}
ci_clone good "$TMP/ci"
ci_clone defects "$TMP/ci-bad"

for f in "$GH" "$GL"; do
	name=${f#"$ISMS_SRC"/}
	lines=$(lint_lines "$f")
	is "$(printf '%s\n' "$lines" | grep -c .)" 2 "$name runs isms-lint twice: a report and the gate"
	printf '%s\n' "$lines" > "$TMP/lines"
	while IFS= read -r line; do
		run_in "$TMP/ci" "$line"
		is "$rc" 0 "$name: \`$line\` passes on a correct ISMS in a CI checkout"
		run_in "$TMP/ci-bad" "$line"
		case $line in
		*"|| true") is "$rc" 0 "$name: \`$line\` writes its report and goes on when there are errors" ;;
		*) is "$rc" 1 "$name: \`$line\` fails the job on errors" ;;
		esac
	done < "$TMP/lines"
done

sarif_ok() { # sarif_ok FILE: prints the number of error results
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and len(d["runs"]) == 1
print(sum(r["level"] == "error" for r in d["runs"][0]["results"]))' "$1" 2>&1
}
junit_ok() { # junit_ok FILE: prints the failures the report counts
	python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
assert r.tag == "testsuites"
print(r.get("failures"))' "$1" 2>&1
}
is "$(sarif_ok "$TMP/ci/isms.sarif")" 0 "isms.sarif is SARIF 2.1.0 with no error on a correct ISMS"
like "$(sarif_ok "$TMP/ci-bad/isms.sarif")" '^[1-9][0-9]*$' "isms.sarif holds the errors of a defective ISMS"
is "$(junit_ok "$TMP/ci/isms-junit.xml")" 0 "isms-junit.xml is JUnit XML with no failure on a correct ISMS"
like "$(junit_ok "$TMP/ci-bad/isms-junit.xml")" '^[1-9][0-9]*$' "isms-junit.xml counts the failures of a defective ISMS"
run_in "$TMP/ci-bad" "isms-lint --format github"
like "$out" '^::error file=policies/[^,]+\.md,line=[0-9]+,col=[0-9]+,title=owner/unknown::' \
	"the annotations name the file, line and rule"

# GitLab fetches only the pipeline's own branch: without the template's fetch
# of the approval branch, lint has no history to read approvals from.
git -C "$TMP/ci" update-ref -d refs/remotes/origin/main
run_in "$TMP/ci" "isms-lint"
is "$rc" 2 "a GitLab checkout without the approval branch cannot be linted"
like "$err" 'approval branch "main" does not exist' "... and isms-lint says why"
fetch=$(sed -nE 's/^[[:space:]]*-[[:space:]]+(git fetch .*origin .*)$/\1/p' "$GL")
branch=$(sed -nE 's/^[[:space:]]+ISMS_BRANCH:[[:space:]]*([^[:space:]#]+).*$/\1/p' "$GL")
is "$branch" main "ci/gitlab-ci.yml: the approval branch is main by default"
run env ISMS_BRANCH="$branch" sh -c "cd \"\$1\" && $fetch" sh "$TMP/ci"
is "$rc" 0 "ci/gitlab-ci.yml: \`$fetch\` fetches the approval branch"
run_in "$TMP/ci" "isms-lint"
is "$rc" 0 "... after which the ISMS lints clean again"

# The runner makes the work tree as another user than the job's (root in a
# container): libgit2 then refuses the repository until it is trusted.
if [ "$(id -u)" -eq 0 ]; then
	for f in "$GH" "$GL"; do
		name=${f#"$ISMS_SRC"/}
		rm -rf "$TMP/own" "$HOME/.gitconfig"
		git clone -q "$TMP/origin-good" "$TMP/own"
		chown -R 65534 "$TMP/own"
		run_in "$TMP/own" "isms-lint"
		is "$rc" 2 "$name: a work tree owned by another user is refused"
		trust=$(sed -nE 's/^[[:space:]]*(-|run:)[[:space:]]+(git config --global --add safe\.directory .*)$/\2/p' "$f" | sort -u)
		run env GITHUB_WORKSPACE="$TMP/own" CI_PROJECT_DIR="$TMP/own" sh -c "$trust"
		run_in "$TMP/own" "isms-lint"
		is "$rc" 0 "$name: \`$trust\` makes it readable"
	done
	rm -rf "$HOME/.gitconfig"
else
	skip "not root: cannot make a work tree owned by another user"
fi

# ----------------------------------------------------------- pre-commit

entries=$(sed -nE 's/^[[:space:]]*entry:[[:space:]]*(.*)$/\1/p' "$HOOKS")
is "$(printf '%s\n' "$entries" | sort -u)" "isms-hook pre-commit" \
	"both hooks run isms-hook pre-commit: they judge what the commit changes"
entry=$(printf '%s\n' "$entries" | head -1)

new_repo "$TMP/pc" good
run_in "$TMP/pc" "$entry"
is "$rc" 0 "\`$entry\` passes on a correct ISMS"

sed -i 's/^owner: ciso$/owner: cfo/' "$TMP/pc/policies/information-security.md"
git -C "$TMP/pc" add policies/information-security.md
run_in "$TMP/pc" "$entry"
is "$rc" 1 "a staged error blocks the commit"
like "$err$out" 'policies/information-security\.md:[0-9]+:[0-9]+: error: .*\[owner/unknown\]' \
	"... naming file, line and rule"
git -C "$TMP/pc" reset -q
git -C "$TMP/pc" checkout -q -- .
run_in "$TMP/pc" "$entry"
is "$rc" 0 "an error left unstaged is not in the commit and does not block it"

# A policy past its review elsewhere in the ISMS: isms-lint --staged says
# so (an error), but a commit that changes another document is not
# blocked for it: the review is mended on the approval branch. Before,
# the framework hooks ran isms-lint --staged and blocked every commit.
sed -i 's/^version: "2.0"$/version: "2.0"\nnext_review: 2020-01-01/' "$TMP/pc/processes/risk.md"
grep -q '^next_review: 2020-01-01' "$TMP/pc/processes/risk.md"
ok $? "a process whose planned review passed in 2020"
git -C "$TMP/pc" add -A
approved_commit "$TMP/pc" "Plan the risk process's review"
echo "More on backups." >> "$TMP/pc/procedures/backup.md"
git -C "$TMP/pc" add procedures/backup.md
run_in "$TMP/pc" "isms-lint --staged"
like "$out" 'processes/risk\.md.*\[review/overdue\]' "isms-lint --staged reports the overdue review"
run_in "$TMP/pc" "$entry"
is "$rc" 0 "the hooks let a commit of another document through"

# ----------------------------------------------------------- the framework

# When pre-commit is installed: the manifest as the framework reads it, and a
# commit blocked by the hooks through `pre-commit install`.
if command -v pre-commit >/dev/null 2>&1; then
	export PRE_COMMIT_HOME="$TMP/pre-commit-home"
	run pre-commit validate-manifest "$HOOKS"
	is "$rc" 0 "pre-commit accepts .pre-commit-hooks.yaml"

	# A hook repository: the manifest is all that language: system needs.
	git init -q -b main "$TMP/hooks"
	cp "$HOOKS" "$TMP/hooks/"
	git -C "$TMP/hooks" add -A
	git -C "$TMP/hooks" commit -q -m "hooks"
	new_repo "$TMP/fw" good
	cat > "$TMP/fw/.pre-commit-config.yaml" <<-EOF
	repos:
	  - repo: $TMP/hooks
	    rev: $(git -C "$TMP/hooks" rev-parse HEAD)
	    hooks:
	      - id: isms-lint
	      - id: isms-lint-all
	EOF
	git -C "$TMP/fw" add .pre-commit-config.yaml
	git -C "$TMP/fw" commit -q -m "pre-commit hooks"
	run sh -c 'cd "$1" && pre-commit install' sh "$TMP/fw"
	is "$rc" 0 "pre-commit install sets the hooks up"

	sed -i 's/^owner: ciso$/owner: cfo/' "$TMP/fw/policies/information-security.md"
	git -C "$TMP/fw" add -A
	run git -C "$TMP/fw" commit -q -m "a defect"
	is "$rc" 1 "pre-commit blocks a commit with an error"
	# git runs hooks with their standard output on its standard error.
	like "$err" '^isms-lint \(changed documents\)\.+Failed$' "... in isms-lint"
	like "$err" '^isms-lint \(whole ISMS\)\.+Failed$' "... and in isms-lint-all"
	like "$err" '\[owner/unknown\]$' "... and shows the finding"

	git -C "$TMP/fw" reset -q
	run git -C "$TMP/fw" commit -q -a -m "a defect, committed with -a"
	is "$rc" 1 "pre-commit blocks git commit -a with an error (the index git prepared)"

	git -C "$TMP/fw" checkout -q -- .
	echo "How we keep the ISMS." > "$TMP/fw/README.md"
	git -C "$TMP/fw" add README.md
	run git -C "$TMP/fw" commit -q -m "readme"
	is "$rc" 0 "pre-commit lets a correct commit through"
	like "$err" '^isms-lint \(whole ISMS\)\.+Passed$' "... after isms-lint-all ran"
else
	skip "pre-commit is not installed"
fi

# ----------------------------------------------------------- Jira export
# ci/jira-export against a fake Jira (tests/data/jira/fake-jira.py): the
# search paged by startAt (API 2) and by nextPageToken (Cloud's API 3),
# the token sent as basic or bearer authentication, JSON lines that
# isms-lint reads as tickets.export; and the templates' refresh lines, run
# as written, replace the export only when the whole search succeeded.
python3 "$DATA/jira/fake-jira.py" "$TMP/port" "$TMP/jira.log" &
jira_pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	[ -s "$TMP/port" ] && break
	sleep 0.2
done
JIRA="http://127.0.0.1:$(cat "$TMP/port")"
X="$ISMS_SRC/ci/jira-export"
test -x "$X"
ok $? "ci/jira-export exists and is executable"

run env JIRA_URL="$JIRA" JIRA_USER=ci@example.com JIRA_TOKEN=s3cret "$X"
is "$rc" 0 "jira-export: the paged search (API 2) succeeds"
is "$out" '{"key":"ISMS-40","status":"To Do","resolved":null,"labels":["isms"]}
{"key":"ISMS-41","status":"To Do","resolved":null,"labels":["isms"]}
{"key":"ISMS-42","status":"Done","resolved":"2026-08-01T10:00:00.000+0000","labels":["isms","backup"]}' \
	"jira-export: every page, one JSON line a ticket"
is "$(grep -c '^/rest/api/2/search labels = "isms" ORDER BY key ASC Basic$' "$TMP/jira.log")" 2 \
	"jira-export: JQL labels = \"isms\" in key order, two pages, basic authentication with JIRA_USER"
: > "$TMP/jira.log"
run env JIRA_URL="$JIRA/" JIRA_SEARCH=/rest/api/3/search/jql JIRA_TOKEN=s3cret "$X" 'iso "27001"'
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3 "jira-export: nextPageToken paging (Cloud's API 3) reads every page"
is "$(sort -u "$TMP/jira.log")" '/rest/api/3/search/jql labels = "iso \"27001\"" ORDER BY key ASC Bearer' \
	"jira-export: the label quoted for JQL; without JIRA_USER a bearer token"
run env JIRA_URL="$JIRA" JIRA_TOKEN=wrong "$X"
ok $((rc == 0)) "jira-export: a refused token fails"
like "$err" "jira-export: the search at $JIRA/rest/api/2/search failed" "... and says which search"
run env JIRA_TOKEN=s3cret "$X"
ok $((rc == 0)) "jira-export: without JIRA_URL it fails"
like "$err" "set JIRA_URL" "... and says what to set"

# The templates' refresh lines, as written, in a CI checkout.
sed -i 's|^tickets:|tickets:\n  export: tracker/jira.jsonl|' "$TMP/ci/isms.yml"
for f in "$GH" "$GL"; do
	name=${f#"$ISMS_SRC"/}
	exp=$(sed -nE 's/^[[:space:]]+TICKETS_EXPORT:[[:space:]]*([^[:space:]#]+).*$/\1/p' "$f")
	lab=$(sed -nE 's/^[[:space:]]+TICKETS_LABEL:[[:space:]]*([^[:space:]#]+).*$/\1/p' "$f")
	is "$exp $lab" "tracker/jira.jsonl isms" "$name: the export is tracker/jira.jsonl, label isms"
	# Its lines in order, once each (GitHub repeats the step per job).
	refresh=$(grep -E '^[[:space:]]+(mkdir -p "\$\(dirname "\$TICKETS_EXPORT"\)"|/usr/share/isms/jira-export |mv "\$TICKETS_EXPORT\.tmp")' "$f" |
		sed -E 's/^[[:space:]]+//; s|/usr/share/isms/jira-export|"$X"|' | awk '!seen[$0]++' | paste -sd';' -)
	like "$refresh" '^mkdir .*;"\$X" "\$TICKETS_LABEL" > "\$TICKETS_EXPORT.tmp";mv ' \
		"$name refreshes the export with ci/jira-export into a temporary file, then moves it"
	rm -rf "$TMP/ci/tracker"
	run env X="$X" JIRA_URL="$JIRA" JIRA_TOKEN=s3cret TICKETS_EXPORT="$exp" TICKETS_LABEL="$lab" \
		sh -ec "cd \"\$1\"; $refresh" sh "$TMP/ci"
	is "$rc" 0 "$name: the refresh lines run"
	run_in "$TMP/ci" "isms-lint --now 2026-11-01"
	like "$out" "^tracker/jira.jsonl:1:1: warning: ticket ISMS-40 \\(open\\) carries the label \"isms\"" \
		"$name: isms-lint reads the refreshed export"
	run env X="$X" JIRA_URL="$JIRA/broken" JIRA_TOKEN=s3cret TICKETS_EXPORT="$exp" TICKETS_LABEL="$lab" \
		sh -ec "cd \"\$1\"; $refresh" sh "$TMP/ci"
	ok $((rc == 0)) "$name: a failing search fails the refresh"
	is "$(wc -l < "$TMP/ci/tracker/jira.jsonl" | tr -d ' ')" 3 "$name: ... and leaves the last export whole"
done
kill "$jira_pid" 2>/dev/null

done_testing
