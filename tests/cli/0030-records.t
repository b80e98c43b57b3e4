#!/bin/sh
# Records that say something (PRODUCT.md section 7): record/empty for each
# kind of record, the shapes of a management review's decisions and
# resources, the due date isms-new gives a non-conformity, and the record
# pages and audit page showing every evidence field.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-01
lint() { run isms-lint -C "$R" --now "$NOW" "$@"; }
MR=records/management-reviews/2026-09.md
IA=records/audits/2026-06.md
NC=records/nonconformities/nc-001.md
TR=records/training/2026-03-awareness.md
# fresh: the good fixture, approved, in $R.
n=0
fresh() { n=$((n + 1)); R="$TMP/r$n"; new_repo "$R" good; }

# ---------------------------------------------------------------- silent
fresh
lint
is "$rc" 0 "the good fixture's records say something: lint exits 0"
unlike "$out" 'record/empty' "record/empty is silent on complete records"

# ---------------------------------------------------------------- empty
fresh
sed -i -e 's/^attendees: .*/attendees: []/' -e 's/^resources: .*/resources: ""/' "$R/$MR"
lint "$MR"
is "$rc" 1 "an empty attendee list is an error"
like "$out" "^$MR:7:12: error: the management-review's attendees is empty: it must say who attended the review \\[record/empty\\]$" \
	"record/empty names the empty attendees, at the value"
like "$out" "^$MR:10:12: error: .*resources is empty: it must say whether resources were decided" \
	"record/empty: empty resources say nothing about resources"

fresh
sed -i '/^resources:/d' "$R/$MR"
lint "$MR"
like "$out" "^$MR:1:1: error: the management-review's resources is missing: it must say whether resources were decided.*\\[record/empty\\]$" \
	"record/empty: a management review that never says whether resources were decided"

fresh
sed -i 's/^decisions:$/decisions: []/; /^  - Approve the risk/d' "$R/$MR"
lint "$MR"
like "$out" "decisions is empty: it must say the decisions taken.*\\[record/empty\\]$" \
	"record/empty: a management review without decisions"

fresh
sed -i -e 's/^scope: .*/scope: ""/' -e 's/^auditor: .*/auditor:/' "$R/$IA"
lint "$IA"
like "$out" "^$IA:7:8: error: the internal-audit's scope is empty" "record/empty: an audit without scope"
like "$out" "^$IA:8:.*auditor is empty: it must say who audited" "record/empty: an audit without auditor"

fresh
sed -i -e 's/^course: .*/course: " "/' -e 's/^attendees: .*/attendees: ["", ""]/' "$R/$TR"
lint "$TR"
like "$out" "course is empty: it must say what was taught" "record/empty: a training without course"
like "$out" "attendees is empty: it must say who attended, by e-mail" \
	"record/empty: a list of blanks is empty"

fresh
sed -i 's/^corrective_action: .*/corrective_action: ""/' "$R/$NC"
lint "$NC"
like "$out" "^$NC:10:.*corrective_action is empty: it must say the corrective action taken, before the non-conformity is closed \\[record/empty\\]$" \
	"record/empty: a closed non-conformity without its corrective action"
sed -i 's/^status: closed/status: open/; s/^due: .*/due: 2026-12-01/' "$R/$NC"
lint "$NC"
unlike "$out" 'record/empty' "an open non-conformity may not have its corrective action yet"

# ---------------------------------------------------------------- shapes
fresh
sed -i 's/^resources: .*/resources: {budget: 5000}/' "$R/$MR"
lint "$MR"
like "$out" "^$MR:10:12: error: resources must be a sentence, or a list of \\{item: \\.\\.\\., amount: \\.\\.\\., approved: true\\|false\\} \\(amount optional\\) \\[field/invalid\\]$" \
	"resources as a map: field/invalid shows the accepted shapes"

fresh
sed -i 's/^resources: .*/resources:\n  - {item: Security engineer, amount: 90000 EUR, approved: true}\n  - {item: SIEM licence, approved: maybe}\n  - Just a line/' "$R/$MR"
lint "$MR"
like "$out" "^$MR:12:5: error: a resource says whether it was approved: approved: true or approved: false \\[field/invalid\\]$" \
	"a resource whose approval is neither true nor false"
like "$out" "^$MR:13:5: error: resources must be a sentence, or a list of" \
	"a list item that is no {item, ...} map"
is "$(printf '%s\n' "$out" | grep -c "^$MR:11:")" 0 "a complete resource item is silent"

fresh
sed -i 's/^  - Approve the risk treatment plan/  - {decision: Approve the plan, owner: ceo, due: 2026-10-15, done: 2026-10-01}\n  - {decision: Hire, owner: cfo, due: soon}\n  - {owner: ciso}\n  - {decision: Buy, owner: ciso, when: now}/' "$R/$MR"
lint "$MR"
like "$out" "^$MR:10:29: error: the decision's owner \"cfo\" is not a role defined in isms.yml \\[owner/unknown\\]$" \
	"a decision's owner must be a role"
like "$out" "^$MR:10:39: error: due \"soon\" is not a date \\(YYYY-MM-DD\\) \\[field/invalid\\]$" \
	"a decision's due date must be a date"
like "$out" "^$MR:11:5: error: decisions must be a list of sentences, or of \\{decision: " \
	"a decision map without its decision"
like "$out" "^$MR:12:.*unknown key \"when\" in a decision \\(decision, owner, due, done\\) \\[field/invalid\\]$" \
	"an unknown key in a decision"
is "$(printf '%s\n' "$out" | grep -c "^$MR:9:")" 0 "a complete {decision, owner, due, done} is silent"

# ---------------------------------------------------------------- isms-new
fresh
run isms-new doc nonconformity "Badge left at reception" -C "$R" --now 2026-11-01
p=records/nonconformities/badge-left-at-reception.md
like "$(cat "$R/$p")" '^raised: 2026-11-01$' "a new non-conformity is raised today"
like "$(cat "$R/$p")" '^due: 2026-12-01$' "and due 30 days later by default"
printf 'records:\n  nonconformity-due: 2 weeks\n' >> "$R/isms.yml"
run isms-new doc nonconformity "Second one" -C "$R" --now 2026-11-01
like "$(cat "$R/records/nonconformities/second-one.md")" '^due: 2026-11-15$' \
	"records.nonconformity-due sets the interval"
printf 'records:\n  nonconformity-due: soon\n' > "$TMP/bad.yml"
run isms-lint -C "$R" --config "$TMP/bad.yml" --now 2026-11-01
is "$rc" 2 "a bad records.nonconformity-due is configuration trouble"
like "$err" 'bad.yml:2:' "with its line"

# ---------------------------------------------------------------- pages
fresh
sed -i 's/^  - Approve the risk treatment plan/  - {decision: Approve the plan, owner: ceo, due: 2026-10-15, done: 2026-10-01}\n  - Keep the scope/; s/^resources: .*/resources:\n  - {item: "Engineer <b>", amount: 90000 EUR, approved: true}\n  - {item: SIEM, approved: false}/' "$R/$MR"
git -C "$R" add -A && approved_commit "$R" "structured minutes" >/dev/null
S="$TMP/site"
run isms-render site -C "$R" --now "$NOW" -o "$S"
is "$rc" 0 "the site renders"
P=$(cat "$S/records/management-reviews/2026-09.html")
like "$P" '<dt>Date</dt><dd>2026-09-15</dd>' "a review page shows its date"
like "$P" '<dt>Attendees</dt><dd>Max Mustermann<br>' "its attendees"
like "$P" 'Approve the plan <span class="muted">\(owner Max Mustermann <span class="muted">\(ceo\)</span>; due 2026-10-15; done 2026-10-01\)</span>' \
	"each decision with its owner, due and done dates"
like "$P" 'Engineer &lt;b&gt;: 90000 EUR <span class="state ok">approved</span>' \
	"each resource with its amount and approval, escaped"
like "$P" 'SIEM <span class="state bad">not approved</span>' "a resource not approved says so"
unlike "$P" '<dt>Review</dt>' "a record shows no Review line"
unlike "$P" '<dt>Version</dt>' "nor a Version line"
P=$(cat "$S/records/nonconformities/nc-001.html")
like "$P" '<dt>Raised</dt><dd>2026-07-01</dd>' "a non-conformity page shows raised"
like "$P" '<dt>Due</dt><dd>2026-08-01</dd>' "due"
like "$P" '<dt>Ticket</dt><dd><a href="https://tracker.example.com/browse/ISMS-42">ISMS-42</a></dd>' "ticket, linked through tickets.url"
like "$P" '<dt>Corrective action</dt><dd>Quarterly restore test' "and corrective action"
P=$(cat "$S/records/audits/2026-06.html")
like "$P" '<dt>Scope</dt><dd>All ISMS processes</dd>' "an audit page shows scope"
like "$P" '<dt>Auditor</dt><dd>External Auditor GmbH</dd>' "and auditor"
P=$(cat "$S/records/training/2026-03-awareness.html")
like "$P" '<dt>Course</dt><dd>Annual security awareness</dd>' "a training page shows its course"
like "$P" '<dt>Attendees</dt><dd>jane@example.com<br>' "and attendees"
like "$(cat "$S/policies/information-security.html")" '<dt>Review</dt>' \
	"a policy keeps its Review line"
like "$(cat "$S/audit.html")" 'resources approved: 1 of 2 items approved \(Engineer &lt;b&gt; 90000 EUR, approved; SIEM, not approved\)' \
	"the audit page reads a list of resources (not \"none recorded\")"
run isms-render manual -C "$R" --now "$NOW" -o "$TMP/manual.html"
like "$(cat "$TMP/manual.html")" 'Approve the plan <span class="muted">\(owner' \
	"the manual shows the same evidence"

done_testing
