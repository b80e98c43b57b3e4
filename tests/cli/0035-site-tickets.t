#!/bin/sh
# The site shows the tracker as the lint judges it (one set of facts): a
# document's ticket linked through tickets.url with its state, the
# history's ticket keys with theirs, and the audit page's improvement log,
# where a non-conformity that disagrees with its ticket is a gap graded by
# ticket/mismatch or ticket/unknown (lib/audit.c's verdict). Without
# an export the keys are linked and nothing more is claimed.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
NC=records/nonconformities/nc-001.md
site() { rm -rf "$S"; run isms-render site -C "$R" --now "$NOW" -o "$S"; }
section() { sed -n "/<section id=\"audit-$1\">/,/<\/section>/p" "$S/audit.html"; }
page() { cat "$S/records/nonconformities/nc-001.html"; }
LINK='<a href="https://tracker.example.com/browse/ISMS-42">ISMS-42</a>'

R="$TMP/r"
S="$TMP/site"
new_repo "$R" good

# ---------------------------------------------------------------- no export
site
is "$rc" 0 "the site renders without an export"
like "$(page)" "<dt>Ticket</dt><dd>$LINK</dd>" \
	"the non-conformity's page links its ticket through tickets.url, with no state claimed"
like "$(section improvement)" "state ok\">found</span>.*closed; ticket ISMS-42; corrective action" \
	"the improvement log names the ticket, with no state claimed"

# ---------------------------------------------------------------- an export that agrees
sed -i 's/^tickets:/tickets:\n  export: tracker.csv/' "$R/isms.yml"
printf 'Issue key,Status,Resolved,Labels\nISMS-42,Done,2026-08-01,isms\nISMS-7,In Progress,,isms\n' > "$R/tracker.csv"
printf '\nReviewed again.\n' >> "$R/procedures/backup.md"
sed -i 's/^version: "1.1"/version: "1.2"/' "$R/procedures/backup.md"
git -C "$R" add -A
approved_commit "$R" "Backup restore reviewed (ISMS-7)"
site
is "$rc" 0 "the site renders with an export"
like "$(page)" "<dt>Ticket</dt><dd>$LINK <span class=\"state ok\">closed</span></dd>" \
	"the page shows the ticket closed, as the tracker has it"
like "$(cat "$S/procedures/backup.html")" '<a href="https://tracker.example.com/browse/ISMS-7">ISMS-7</a> <span class="state warn">open</span>' \
	"the history's ticket key shows its state too"
like "$(section improvement)" "state ok\">found</span>.*closed; ticket ISMS-42 \\(closed\\); corrective action" \
	"the improvement log: found, the ticket closed in the tracker"
lint_out=$(isms-lint -C "$R" --now "$NOW" 2>/dev/null)
like "$lint_out" 'ISMS-7 \(open\) carries the label "isms" but no record names it' \
	"(the lint's ticket/untracked for ISMS-7, named only in a commit message)"

# ---------------------------------------------------------------- disagreement
sed -i 's/^ISMS-42,Done,2026-08-01,isms$/ISMS-42,In Progress,,isms/' "$R/tracker.csv"
site
like "$(page)" "<dt>Ticket</dt><dd>$LINK <span class=\"state warn\">open</span> <span class=\"state bad\">the record and the ticket disagree</span></dd>" \
	"a closed record with an open ticket: the page says they disagree"
like "$(section improvement)" "state bad\">gap</span>.*closed; ticket ISMS-42 \\(open\\); corrective action" \
	"the improvement log counts it a gap, the ticket open in the tracker"
like "$(section improvement)" "<td><a href=\"rules.html#ticket-mismatch\"><code>ticket/mismatch</code></a></td>" \
	"the verdict grades it by ticket/mismatch (a minor non-conformity, as an error)"
run isms-lint -C "$R" --now "$NOW"
like "$out" "^$NC:9:9: error: .*\\[ticket/mismatch\\]" "the lint says the same"

sed -i 's/^ticket: ISMS-42/ticket: ISMS-43/' "$R/$NC"
site
like "$(page)" '<a href="https://tracker.example.com/browse/ISMS-43">ISMS-43</a> <span class="state bad">not in the export</span>' \
	"a ticket the export lacks: not in the export"
like "$(section improvement)" "state bad\">gap</span>" "a gap of the improvement log, as ticket/unknown is an error"

# A tickets.url that is no web address is never a link.
sed -i "s|^  url: .*|  url: 'javascript:alert(1)/{key}'|" "$R/isms.yml"
site
like "$(page)" '<dt>Ticket</dt><dd>ISMS-43 <span class="state bad">not in the export</span></dd>' \
	"a tickets.url that is not http(s) is not linked"

done_testing
