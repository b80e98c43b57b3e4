#!/bin/sh
# Tracker evidence (tickets.export): a Jira CSV export with its quirks and
# JSON lines, read from the same source as the documents; ticket/unknown,
# ticket/mismatch and ticket/untracked fire on an export made to break
# them and stay silent on one that agrees; a malformed export is trouble
# with file, line and column.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
NC=records/nonconformities/nc-001.md
lint() { run isms-lint --now "$NOW" "$@"; }
tickets() { printf '%s\n' "$out" | grep -E '\[ticket/' ; }

R="$TMP/r"
new_repo "$R" good
sed -i 's/^tickets:/tickets:\n  export: tracker\/jira.csv/' "$R/isms.yml"
mkdir -p "$R/tracker"

# ---------------------------------------------------------------- no export
lint -C "$R"
is "$rc" 0 "no export in the work tree: lint runs"
is "$(tickets)" "" "no export: the ticket rules are silent"
like "$err" "warning: the tracker export tracker/jira.csv \\(tickets.export\\) is missing: the ticket rules are silent" \
	"a missing export is said, not hidden"

# ---------------------------------------------------------------- Jira CSV
# What Jira writes: a BOM, CRLF, many columns in its own order, Labels
# once per label, quoted fields holding commas, quotes and line breaks.
# jira STATUS RESOLVED [ROW]
jira() {
	printf '\357\273\277Summary,Issue key,Issue id,Issue Type,Status,Labels,Labels,Resolved,Description\r\n'
	printf '"Restore test, Q2",ISMS-42,10042,Task,%s,backup,isms,%s,"He said ""done""\r\nand it was, mostly"\r\n' "$1" "$2"
	printf 'Patch the VPN,OPS-7,10007,Task,To Do,ops,,,\r\n'
	[ -z "${3:-}" ] || printf '%s\r\n' "$3"
}
jira Done "01/Aug/26 10:00 AM" > "$R/tracker/jira.csv"
lint -C "$R" --strict
is "$rc" 0 "a Jira CSV export that agrees with the records lints clean, --strict"
is "$out" "" "no finding: the closed NC-001 has its resolved ticket, and OPS-7 lacks the label"

jira "In Review" "" > "$R/tracker/jira.csv"
lint -C "$R"
is "$rc" 1 "ticket/mismatch is an error"
like "$out" "^$NC:9:9: error: the non-conformity is closed but its ticket ISMS-42 is still open in the tracker \\[ticket/mismatch\\]" \
	"ticket/mismatch: a closed non-conformity whose ticket is open, at its ticket field"

jira "In Review" "02/Aug/26 9:00 AM" > "$R/tracker/jira.csv"
lint -C "$R"
is "$(tickets)" "" "a ticket with Resolved set is closed, whatever its status"

jira "done" "" > "$R/tracker/jira.csv"
lint -C "$R"
is "$(tickets)" "" "a status of tickets.closed is closed, case ignored"

jira "Verified" "" > "$R/tracker/jira.csv"
lint -C "$R"
like "$(tickets)" "ticket/mismatch" "Verified is not closed by default"
sed -i 's/^tickets:/tickets:\n  closed: [Verified]/' "$R/isms.yml"
lint -C "$R"
is "$(tickets)" "" "tickets.closed: [Verified] makes it closed"

sed -i 's/^status: closed/status: open/' "$R/$NC"
lint -C "$R"
like "$out" "^$NC:9:9: error: the non-conformity is open but its ticket ISMS-42 is closed in the tracker: close the record with its verification, or reopen the ticket \\[ticket/mismatch\\]" \
	"ticket/mismatch: an open non-conformity whose ticket is closed"
sed -i 's/^status: open/status: closed/' "$R/$NC"

sed -i 's/^ticket: ISMS-42/ticket: ISMS-41/' "$R/$NC"
lint -C "$R"
like "$out" "^$NC:9:9: error: ticket ISMS-41 is not in the tracker export tracker/jira.csv \\(does it exist, and carry the label \"isms\"\\?\\) \\[ticket/unknown\\]" \
	"ticket/unknown: a non-conformity's ticket the export does not have"
like "$out" "^tracker/jira.csv:2:20: warning: ticket ISMS-42 \\(closed\\) carries the label \"isms\" but no record names it in \"ticket:\" \\[ticket/untracked\\]" \
	"ticket/untracked: a labelled ticket no record names, at its key in the export"
sed -i 's/^ticket: ISMS-41/ticket: ISMS-42/' "$R/$NC"

jira Done "x" 'New risk,ISMS-50,10050,Task,To Do,isms,,,' > "$R/tracker/jira.csv"
lint -C "$R"
is "$rc" 0 "ticket/untracked is a warning"
like "$out" "^tracker/jira.csv:5:10: warning: ticket ISMS-50 \\(open\\) carries the label \"isms\"" \
	"the row after a quoted line break is placed on its own line"
sed -i 's/^tickets:/tickets:\n  label: iso27001/' "$R/isms.yml"
lint -C "$R"
is "$(tickets)" "" "tickets.label names the label: with another, ISMS-50 is not ISMS work"

# ---------------------------------------------------------------- JSON lines
sed -i 's/^  export: tracker\/jira.csv/  export: tracker\/issues.jsonl/; /^  label: iso27001/d' "$R/isms.yml"
cat > "$R/tracker/issues.jsonl" <<'JSON'
{"key":"ISMS-42","status":"Done","resolved":"2026-08-01T10:00:00.000+0000","labels":["isms"]}
{"key":"OPS-7","status":"To Do","resolved":null,"labels":["ops"]}
JSON
lint -C "$R" --strict
is "$rc" 0 "JSON lines that agree: clean"
printf '%s\n' '{"key":"ISMS-51","status":"Backlog","resolved":null,"labels":["isms","risk"]}' >> "$R/tracker/issues.jsonl"
lint -C "$R"
like "$out" "^tracker/issues.jsonl:3:1: warning: ticket ISMS-51 \\(open\\) carries the label \"isms\"" \
	"JSON lines: ticket/untracked at the ticket's line"

# ---------------------------------------------------------------- trouble
printf '%s\n' '{"key":"ISMS-52","status":"Done",,}' >> "$R/tracker/issues.jsonl"
lint -C "$R"
is "$rc" 2 "a malformed JSON lines export is trouble (exit 2)"
like "$err" "tracker/issues.jsonl:4:34: expected a string key" "with its file, line and column"
cp "$R/tracker/issues.jsonl" "$TMP/broken.jsonl"
head -3 "$TMP/broken.jsonl" > "$R/tracker/issues.jsonl"
printf '%s\n' '{"key":"ISMS-42","status":"Done"}' >> "$R/tracker/issues.jsonl"
lint -C "$R"
is "$rc" 2 "a key twice is trouble"
like "$err" "tracker/issues.jsonl:4:1: ticket ISMS-42 is in the export twice \\(also on line 1\\)" \
	"it names both lines"

sed -i 's/^  export: tracker\/issues.jsonl/  export: tracker\/jira.csv/' "$R/isms.yml"
jira Done x '"Unclosed,ISMS-53,1,Task,To Do,isms,,,' > "$R/tracker/jira.csv"
lint -C "$R"
is "$rc" 2 "an unclosed quote in the CSV is trouble"
like "$err" "tracker/jira.csv:5:1: quoted field not closed" "where the quote opens"
jira Done x 'Short,ISMS-54,1' > "$R/tracker/jira.csv"
lint -C "$R"
like "$err" "tracker/jira.csv:5:1: this row has 3 fields, the header 9" "a short row"
printf 'Key,Status\r\nA-1,Done\r\n' > "$R/tracker/jira.csv"
lint -C "$R"
like "$err" "tracker/jira.csv:1:1: the header has no \"Issue key\" column" "an export without Issue key"
printf 'tickets:\n  export: [a]\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml"
is "$rc" 2 "tickets.export must be a string"
like "$err" "bad.yml:2:11: export must be a string" "isms.yml trouble has its line and column"

# ---------------------------------------------------------------- sources
# The export is read as the documents are: from the index, or a revision.
jira Done x > "$R/tracker/jira.csv"
git -C "$R" add -A
approved_commit "$R" "Track NC-001 in Jira"
jira "In Review" "" > "$R/tracker/jira.csv"
lint -C "$R" --staged
is "$(tickets)" "" "--staged reads the staged export (it agrees)"
lint -C "$R"
like "$(tickets)" "ticket/mismatch" "the work tree reads the changed one"
git -C "$R" add -A
approved_commit "$R" "Reopen ISMS-42"
lint -C "$R" --rev HEAD~1
is "$(tickets)" "" "--rev reads the export of that revision"
lint -C "$R" --rev HEAD
like "$(tickets)" "ticket/mismatch" "and HEAD's"

done_testing
