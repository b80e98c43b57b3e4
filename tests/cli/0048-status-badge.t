#!/bin/sh
# A document's status badge never says "approved" while an unapproved
# change is in force (PRODUCT.md section 9): the site's document page, the
# index and the manual read the judgement from the facts
# (isms_facts_in_force), as approval/missing does. And the record pages
# (and the manual) show every evidence field.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
POL=policies/information-security.md
R="$TMP/r"
new_repo "$R" good
S="$TMP/site"
site() { run isms-render site -C "$R" --now "$NOW" -o "$S"; }
# badge FILE: the Status row of the page at FILE of the site.
badge() { grep -o '<dt>Status</dt><dd>.*' "$S/$1" | head -1; }
# index_badge: the status cell of the policy's row in the index.
index_badge() { grep -A0 'information-security.html' "$S/index.html" | head -1; }

# ---------------------------------------------------------------- approved
site
is "$rc" 0 "the good fixture renders"
like "$(badge policies/information-security.html)" '<span class="state ok">approved</span>' \
	"an approved policy, approved through a pull request: its badge says approved"
like "$(index_badge)" '<span class="state ok">approved</span>' "and the index says so"

# ---------------------------------------------------------------- changed
sed -i 's/^## Management Intent/## Management Intent\n\nA sentence nobody approved./' "$R/$POL"
git -C "$R" commit -q -am "Tweak the policy straight on main"
run isms-lint -C "$R" --now "$NOW"
like "$out" "^$POL:1:1: error: changed on main in .* without approval.*\\[approval/missing\\]" \
	"lint: approval/missing for the direct commit"
site
B=$(badge policies/information-security.html)
unlike "$B" '>approved<' "the page's badge no longer says approved"
like "$B" '<span class="state warn">change pending approval</span>' \
	"it says a change is pending approval"
like "$B" 'the status says approved, but 1 change since the approval in <code>[0-9a-f]{10}</code> has none' \
	"and why, with the last approval's commit"
unlike "$(index_badge)" '>approved<' "the index's badge does not say approved"
like "$(index_badge)" 'change pending approval' "the index says a change is pending approval"
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
like "$(grep -o '<dt>Status</dt><dd>.*' "$TMP/manual.html" | grep -m1 pending)" \
	'change pending approval' "the manual's badge says so too"
unlike "$(grep -A30 'Information Security Policy</h1>' "$TMP/manual.html" | grep '<dt>Status')" \
	'>approved<' "and not approved"

# ---------------------------------------------------------------- approved again
sed -i 's/A sentence nobody approved./A sentence now approved./' "$R/$POL"
git -C "$R" add -A && approved_commit "$R" "Word the sentence"
site
like "$(badge policies/information-security.html)" '<span class="state ok">approved</span>' \
	"after an approved merge the badge says approved again"
like "$(index_badge)" '<span class="state ok">approved</span>' "and so does the index"

# ---------------------------------------------------------------- unmerged
# The text shown is not the approval branch's: an edit in the work tree,
# then a pull request's branch checked out (as CI renders it).
echo "An edit nobody committed." >> "$R/$POL"
site
B=$(badge policies/information-security.html)
like "$B" '<span class="state warn">change pending approval</span>' \
	"an uncommitted edit of an approved policy: change pending approval"
like "$B" "this text is not the approval branch's" "and why"
git -C "$R" checkout -q -b proposal
git -C "$R" commit -q -am "Propose a sentence"
site
unlike "$(badge policies/information-security.html)" '>approved<' \
	"a pull request's branch checked out: the badge does not say approved"
run isms-render site -C "$R" --now "$NOW" -o "$S" --rev proposal
unlike "$(badge policies/information-security.html)" '>approved<' \
	"nor when the branch is rendered as a revision"
git -C "$R" checkout -q main
site
like "$(badge policies/information-security.html)" '<span class="state ok">approved</span>' \
	"back on the approval branch, the badge says approved"

# ---------------------------------------------------------------- never
R2="$TMP/never"
git init -q -b main "$R2"
cp -R "$DATA/good/." "$R2/"
git -C "$R2" add -A && git -C "$R2" commit -q -m "everything straight on main"
run isms-render site -C "$R2" --now "$NOW" -o "$S"
B=$(badge policies/information-security.html)
like "$B" '<span class="state bad">not approved</span>' \
	"a policy whose status says approved but that no one approved: not approved"
unlike "$B" '>approved<' "never approved"
like "$(badge procedures/backup.html)" '<span class="state (ok|bad|warn|none)">' \
	"another document's status still shows"

# ---------------------------------------------------------------- evidence
# Every evidence field of each kind of record, on its page and in the
# manual (the good fixture's plain decisions and resources text; 0030
# covers the structured ones).
run isms-render site -C "$R" --now "$NOW" -o "$S"
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
M=$(cat "$TMP/manual.html")
# field PAGE LABEL VALUE: the page's <dt>LABEL</dt> row shows VALUE, and
# so does the manual's.
field() {
	like "$(cat "$S/$1")" "<dt>$2</dt><dd>$3" "$1: $2 shows"
	like "$M" "<dt>$2</dt><dd>$3" "the manual: $2 of $1 shows"
}
field records/management-reviews/2026-09.html Date 2026-09-15
field records/management-reviews/2026-09.html Attendees 'Max Mustermann<br>'
field records/management-reviews/2026-09.html Decisions 'Approve the risk treatment plan'
field records/management-reviews/2026-09.html Resources 'One extra security engineer'
field records/nonconformities/nc-001.html Raised 2026-07-01
field records/nonconformities/nc-001.html Due 2026-08-01
field records/nonconformities/nc-001.html Ticket '<a href="https://tracker.example.com/browse/ISMS-42">ISMS-42</a>'
field records/nonconformities/nc-001.html 'Corrective action' 'Quarterly restore test added'
field records/training/2026-03-awareness.html Date 2026-03-12
field records/training/2026-03-awareness.html Course 'Annual security awareness'
field records/training/2026-03-awareness.html Attendees 'jane@example.com<br>'
# A field left out shows a dash, not nothing.
sed -i '/^due:/d; /^corrective_action:/d' "$R/records/nonconformities/nc-001.md"
run isms-render site -C "$R" --now "$NOW" -o "$S"
like "$(cat "$S/records/nonconformities/nc-001.html")" '<dt>Due</dt><dd><span class="muted">—</span></dd>' \
	"a missing due date shows a dash"
like "$(cat "$S/records/nonconformities/nc-001.html")" '<dt>Corrective action</dt><dd><span class="muted">—</span></dd>' \
	"a missing corrective action shows a dash"

done_testing
