/*
 * ruletab.c - the lint rules' ids, default severities and documentation.
 *
 * One row a rule of PRODUCT.md section 3, in that order, at the index of
 * its isms_rule_id constant (the function that reports it is in
 * lib/rules.c's table): `isms-lint --list-rules` prints them in this
 * order, SARIF lists them in it (results refer to a rule by its index
 * here), and the report takes a finding's severity from its row. The explain text is plain text wrapped at 72
 * columns, saying what the rule checks, why an auditor cares, and a failing
 * example with its fix. isms_rule_explain adds what is the same for every
 * rule - the header, what a warning means and how to suppress the rule,
 * with the row's example reason - to make what `isms-lint --explain RULE`
 * prints. tests/unit/t-report.c holds the table to those shapes.
 */
#include "model.h"

#include <string.h>

static const isms_rule_info rules[] = {
	[ISMS_RULE_FRONT_MATTER_MISSING] = {
		"front-matter/missing", ISMS_ERROR,
		"a document in scope has no YAML front matter",
		NULL,
		"Every file in scope (by default every *.md except README.md; see include\n"
		"and exclude in isms.yml) must open with YAML front matter: a first line\n"
		"that is exactly ---, the fields, and a closing --- line. Without it the\n"
		"document has no id, owner, type, version or status.\n"
		"\n"
		"Clause 7.5.2 asks that documented information be identified and\n"
		"described, and reviewed and approved; clause 7.5.3 asks that it be\n"
		"controlled. An auditor cannot tell who owns a file with no metadata,\n"
		"whether it is current, or whether anyone approved it.\n"
		"\n"
		"Example that fails (policies/access-control.md):\n"
		"\n"
		"    # Access Control Policy\n"
		"\n"
		"    Access is granted on a need-to-know basis.\n"
		"\n"
		"Fix: start the file with front matter:\n"
		"\n"
		"    ---\n"
		"    id: POL-004\n"
		"    title: Access Control Policy\n"
		"    type: policy\n"
		"    owner: ciso\n"
		"    version: \"1.0\"\n"
		"    status: draft\n"
		"    ---\n"
		"    # Access Control Policy\n"
		"\n"
		"A suppression lives in the front matter, so this rule cannot be\n"
		"suppressed that way. If the file is not an ISMS document, leave it out\n"
		"of scope instead, with an exclude glob in isms.yml.\n",
	},
	[ISMS_RULE_FRONT_MATTER_SYNTAX] = {
		"front-matter/syntax", ISMS_ERROR,
		"the front matter is not valid YAML",
		NULL,
		"The text between the opening and closing --- lines must parse as one\n"
		"YAML mapping. The message gives the parser's complaint and points at the\n"
		"line and column in the file, not in the YAML block.\n"
		"\n"
		"Nothing else can be checked in a document whose front matter does not\n"
		"parse: its owner, type, review dates and controls are all unknown, so it\n"
		"drops out of the evidence an auditor is shown.\n"
		"\n"
		"Example that fails (the closing quote is missing):\n"
		"\n"
		"    ---\n"
		"    id: POL-001\n"
		"    title: \"Information Security Policy\n"
		"    type: policy\n"
		"    ---\n"
		"\n"
		"Fix: close the quote. Other common causes are tabs used for indentation\n"
		"(YAML allows only spaces), a colon followed by a space inside an\n"
		"unquoted value, and an unbalanced [ or {. The rule also fires when the\n"
		"front matter is never closed by a --- line, and when a key is given\n"
		"twice (the first one counts).\n"
		"\n"
		"This rule cannot be suppressed in the front matter, since the\n"
		"suppression itself could not be read: fix the YAML.\n",
	},
	[ISMS_RULE_FIELD_MISSING] = {
		"field/missing", ISMS_ERROR,
		"a field required for the document's type is absent",
		"Owner to be named at the next steering meeting",
		"Each document type lists its required fields in isms.yml\n"
		"(types.<type>.fields). By default a policy, process or procedure needs\n"
		"id, title, type, owner, version and status, and each kind of record\n"
		"needs its evidence fields, such as date, attendees and decisions for a\n"
		"management review.\n"
		"\n"
		"These fields are how the ISMS answers an auditor's first questions about\n"
		"any document: what is it, who owns it, which version is in force, and is\n"
		"it approved (clause 7.5.2). Records without their evidence fields prove\n"
		"nothing.\n"
		"\n"
		"Example that fails (a policy without an owner):\n"
		"\n"
		"    ---\n"
		"    id: POL-002\n"
		"    title: Acceptable Use Policy\n"
		"    type: policy\n"
		"    version: \"2.0\"\n"
		"    status: approved\n"
		"    ---\n"
		"\n"
		"Fix: add the field, here owner: ciso (a key of roles in isms.yml).\n",
	},
	[ISMS_RULE_FIELD_INVALID] = {
		"field/invalid", ISMS_ERROR,
		"a value has the wrong shape: date, enum, version or list",
		"Legacy value kept until the migration in ISMS-7",
		"Some fields only make sense in one shape: dates such as next_review must\n"
		"be ISO dates (YYYY-MM-DD); status must be draft, approved or retired;\n"
		"classification must be public, internal or confidential; version is a\n"
		"version string such as \"1.3\"; and controls, clauses, attendees and\n"
		"decisions are lists.\n"
		"\n"
		"A value the tools cannot read is a value they cannot check: a review\n"
		"date written as 01/03/2027 could mean January or March, and an unknown\n"
		"status hides whether the document is in force.\n"
		"\n"
		"Example that fails:\n"
		"\n"
		"    next_review: 01/03/2027\n"
		"    status: final\n"
		"\n"
		"Fix:\n"
		"\n"
		"    next_review: 2027-03-01\n"
		"    status: approved\n",
	},
	[ISMS_RULE_FIELD_UNKNOWN] = {
		"field/unknown", ISMS_WARNING,
		"a front matter key that no type defines",
		"Field read by our intranet importer",
		"A front matter key that no document type in isms.yml defines, and that\n"
		"the tools do not know, is probably a typo. The message suggests the\n"
		"closest known key.\n"
		"\n"
		"A misspelt key hides a value: with ownr: ciso the document has no owner\n"
		"as far as every check and report is concerned, and nobody notices until\n"
		"an auditor asks.\n"
		"\n"
		"Example that warns:\n"
		"\n"
		"    ownr: ciso\n"
		"    nxt_review: 2027-03-01\n"
		"\n"
		"Fix: spell the keys as intended (owner, next_review). To keep a field of\n"
		"your own, define it in a type in isms.yml (types.<type>.fields); note\n"
		"that the fields listed there are required for that type.\n",
	},
	[ISMS_RULE_ID_DUPLICATE] = {
		"id/duplicate", ISMS_ERROR,
		"two documents share an id",
		"Renumbering in ISMS-31",
		"Each document's id must be unique across the repository. When two\n"
		"documents share one, both are reported, each naming the other.\n"
		"\n"
		"Processes refer to each other by id (inputs and outputs), and approvals,\n"
		"the Statement of Applicability and the published manual identify\n"
		"documents by it. With a duplicate, every such reference is ambiguous,\n"
		"and an auditor cannot trace a requirement to one document.\n"
		"\n"
		"Example that fails: policies/access.md and policies/remote-work.md both\n"
		"declare\n"
		"\n"
		"    id: POL-004\n"
		"\n"
		"Fix: give one of them a free id. isms-new doc TYPE TITLE picks the next\n"
		"free id for a new document.\n"
		"\n"
		"A suppression is rarely right here, since ids must be unique for any\n"
		"reference to mean something.\n",
	},
	[ISMS_RULE_OWNER_UNKNOWN] = {
		"owner/unknown", ISMS_ERROR,
		"owner is not a role defined in isms.yml",
		"Role being created in the new org chart",
		"The owner field must be a key of roles in isms.yml, such as ciso, not a\n"
		"person's name or e-mail.\n"
		"\n"
		"Clause 5.3 asks that responsibilities and authorities be assigned, and\n"
		"an auditor asks of every process who owns it. An owner that names a role\n"
		"ties the document to a defined responsibility and a person (the role's\n"
		"name and e-mail), and survives staff changes: update the role, not every\n"
		"document.\n"
		"\n"
		"Example that fails, when isms.yml defines only the roles ciso and\n"
		"it-lead:\n"
		"\n"
		"    owner: jane.roe\n"
		"\n"
		"Fix: use a role key (owner: ciso), or add the missing role to roles in\n"
		"isms.yml.\n",
	},
	[ISMS_RULE_SECTION_MISSING] = {
		"section/missing", ISMS_ERROR,
		"a section required for the document's type is absent",
		"Section added in the 2027 revision",
		"A document type may require sections (types.<type>.sections in\n"
		"isms.yml). A section is present when a heading of any level matches its\n"
		"pattern; the message names the section by its title. By default a policy\n"
		"needs five: Management Intent, Process Definition, Resource Allocation,\n"
		"Interaction Methodology and Continuous Improvement.\n"
		"\n"
		"These are the parts a lead auditor checks a policy for: top management's\n"
		"intent and commitment (clauses 5.1 and 5.2), how the processes are\n"
		"defined and how they interact (4.4), the resources provided (7.1), and\n"
		"how the policy is improved (10.1).\n"
		"\n"
		"Example that fails: a policy whose headings are\n"
		"\n"
		"    # Information Security Policy\n"
		"    ## Management Intent\n"
		"    ## Process Definition\n"
		"    ## Resource Allocation\n"
		"    ## Interaction Methodology\n"
		"\n"
		"Fix: add the missing section; the default pattern also accepts\n"
		"\"Continual Improvement\":\n"
		"\n"
		"    ## Continual Improvement\n"
		"\n"
		"    Findings from audits and reviews are tracked as non-conformities\n"
		"    and reviewed at each management review.\n",
	},
	[ISMS_RULE_SECTION_EMPTY] = {
		"section/empty", ISMS_ERROR,
		"a required section has no content",
		"Budget section waits for the 2027 plan",
		"A required section is empty when no text follows its heading before the\n"
		"next heading of the same or a higher level. Text under a subheading\n"
		"counts as content of the section.\n"
		"\n"
		"A heading with nothing under it passes a glance but not an audit: the\n"
		"section exists only to say something (who provides which resources, how\n"
		"processes interact), and an empty one is a gap in the documented ISMS.\n"
		"\n"
		"Example that fails:\n"
		"\n"
		"    ## Resource Allocation\n"
		"\n"
		"    ## Interaction Methodology\n"
		"\n"
		"    Processes exchange inputs and outputs as listed in the process map.\n"
		"\n"
		"Fix: write the content of Resource Allocation: the budget, people and\n"
		"tools the ISMS has, and who decides on them.\n",
	},
	[ISMS_RULE_SECTION_ORDER] = {
		"section/order", ISMS_ERROR,
		"a required section comes before one isms.yml lists ahead of it",
		"The template of the regulator puts Scope last",
		"Only for a type whose isms.yml definition says `ordered: true`: its\n"
		"required sections must appear in the order isms.yml lists them. A\n"
		"section found before one listed ahead of it is reported at its heading.\n"
		"\n"
		"Some frameworks and regulators prescribe the structure of a document,\n"
		"and a reader (or an auditor with a checklist) finds each part where\n"
		"the structure says it is.\n"
		"\n"
		"Example that fails, with sections [Purpose, Scope] and ordered: true:\n"
		"\n"
		"    ## 1. Scope\n"
		"    ...\n"
		"    ## 2. Purpose\n"
		"\n"
		"Fix: move the section, or change the order in isms.yml (or drop\n"
		"`ordered`).\n",
	},
	[ISMS_RULE_LINK_BROKEN] = {
		"link/broken", ISMS_ERROR,
		"a relative link points to a missing file or heading",
		"Target document is being written in ISMS-58",
		"Relative links and images are resolved from the document's folder\n"
		"against the files of the same revision; a link with a #fragment must\n"
		"also name a heading of the target, by its GitHub anchor (lowercase,\n"
		"punctuation removed, spaces as hyphens, -1, -2 appended to repeats).\n"
		"Links with a scheme, such as https:, are not checked.\n"
		"\n"
		"Documents that refer to procedures, forms or sections that do not exist\n"
		"leave the reader, and the auditor, without the referenced control.\n"
		"Broken links typically appear when a file or heading is renamed.\n"
		"\n"
		"Example that fails, when processes/risk.md has no heading \"Risk\n"
		"Treatment\":\n"
		"\n"
		"    See [risk treatment](../processes/risk.md#risk-treatment).\n"
		"\n"
		"Fix: point the link at the file and heading as they are now named, or\n"
		"restore the heading.\n",
	},
	[ISMS_RULE_REF_UNKNOWN] = {
		"ref/unknown", ISMS_ERROR,
		"an inputs/outputs entry names an unknown process id",
		"Supplier process is documented in ISMS-40",
		"A process declares how it interacts with others: each inputs entry names\n"
		"a process in from, each outputs entry one in to. The id must be the id\n"
		"of another process document.\n"
		"\n"
		"These entries are the process-interaction graph that clause 4.4 asks\n"
		"for, published in the manual. An edge to a process that does not exist\n"
		"makes the map an auditor is shown wrong.\n"
		"\n"
		"Example that fails (the id is misspelt):\n"
		"\n"
		"    inputs:\n"
		"      - from: PRC-RSIK\n"
		"        what: risk treatment plan\n"
		"\n"
		"Fix: from: PRC-RISK, the id in the risk process's front matter.\n",
	},
	[ISMS_RULE_PROCESS_ISOLATED] = {
		"process/isolated", ISMS_WARNING,
		"a process has no interaction with any other process",
		"Standalone by design: quarterly inventory only",
		"A process that declares no inputs and no outputs, and that no other\n"
		"process names in theirs, stands alone in the process-interaction graph.\n"
		"\n"
		"Clause 4.4 asks for the processes of the ISMS and their interactions. An\n"
		"island in the process map usually means the interactions were not\n"
		"written down, and an auditor will ask how the process gets its inputs\n"
		"and where its results go.\n"
		"\n"
		"Example that warns: processes/asset-management.md has no inputs or\n"
		"outputs, and no process lists PRC-ASSET.\n"
		"\n"
		"Fix: declare what it exchanges with other processes:\n"
		"\n"
		"    outputs:\n"
		"      - to: PRC-RISK\n"
		"        what: asset inventory\n",
	},
	[ISMS_RULE_CONTROL_UNKNOWN] = {
		"control/unknown", ISMS_ERROR,
		"a control id is not in the ISO/IEC 27001:2022 catalog",
		"Company-specific control, mapped in ISMS-77",
		"Control ids must name one of the 93 controls of ISO/IEC 27001:2022 Annex\n"
		"A, 5.1 to 8.34, written as A.5.1 or 5.1 (no leading zeros). Ids of the\n"
		"2013 edition are reported by control/legacy instead.\n"
		"\n"
		"The Statement of Applicability is built from these ids: an id that names\n"
		"no control cannot be matched to a decision, so the document's claim to\n"
		"implement a control goes nowhere.\n"
		"\n"
		"Example that fails (Annex A has 37 organizational controls):\n"
		"\n"
		"    controls: [A.5.1, A.5.38]\n"
		"\n"
		"Fix: use the intended control, here perhaps A.5.37 (Documented operating\n"
		"procedures).\n",
	},
	[ISMS_RULE_CONTROL_LEGACY] = {
		"control/legacy", ISMS_WARNING,
		"a control id is from ISO/IEC 27001:2013",
		"Customer contract still cites the 2013 ids",
		"An id such as A.9.2.1 is an Annex A control of the 2013 edition. The\n"
		"message names its successor in the 2022 edition, following the mapping\n"
		"of ISO/IEC 27002:2022 Annex B (A.9.2.1 became 5.16, Identity management;\n"
		"A.18.2.3 became 5.36 and 8.8).\n"
		"\n"
		"The 2013 edition has been withdrawn and the transition period for\n"
		"certificates ended on 31 October 2025. A Statement of Applicability and\n"
		"documents that still cite 2013 controls show an auditor that the ISMS\n"
		"was not moved to the current standard.\n"
		"\n"
		"Example that warns:\n"
		"\n"
		"    controls: [A.9.2.1]\n"
		"\n"
		"Fix:\n"
		"\n"
		"    controls: [A.5.16]\n",
	},
	[ISMS_RULE_SOA_UNDECIDED] = {
		"soa/undecided", ISMS_WARNING,
		"an Annex A control has no decision in soa.yml",
		NULL,
		"Every one of the 93 Annex A controls needs a decision in the Statement\n"
		"of Applicability (soa.yml, or the file named by soa in isms.yml):\n"
		"applicable or not, with a justification, and for applicable ones a\n"
		"status.\n"
		"\n"
		"Clause 6.1.3 d) asks for a Statement of Applicability covering the\n"
		"necessary controls with the justification for including them, whether\n"
		"they are implemented, and the justification for excluding any Annex A\n"
		"control. A control with no decision is a gap in the SoA, which is one of\n"
		"the first documents an auditor reads.\n"
		"\n"
		"Example that warns: soa.yml has no entry for A.8.12.\n"
		"\n"
		"Fix: decide, and record it:\n"
		"\n"
		"    controls:\n"
		"      A.8.12:\n"
		"        applicable: true\n"
		"        status: planned\n"
		"        justification: \"Customer data leaves by e-mail and storage\"\n"
		"\n"
		"The finding is about soa.yml, which has no front matter, so a lint:\n"
		"suppression does not apply: record a decision instead (a control may be\n"
		"excluded, with a justification).\n",
	},
	[ISMS_RULE_SOA_UNJUSTIFIED] = {
		"soa/unjustified", ISMS_ERROR,
		"an SoA decision has no justification",
		NULL,
		"Each decision in soa.yml, applicable or not, must carry a non-empty\n"
		"justification.\n"
		"\n"
		"Clause 6.1.3 d) requires the justification for including each necessary\n"
		"control and for excluding any Annex A control. An exclusion without a\n"
		"reason is the first thing an auditor challenges.\n"
		"\n"
		"Example that fails:\n"
		"\n"
		"    A.7.4: {applicable: false}\n"
		"\n"
		"Fix:\n"
		"\n"
		"    A.7.4: {applicable: false, justification: \"No offices: all remote\"}\n"
		"\n"
		"The finding is about soa.yml, which has no front matter, so a lint:\n"
		"suppression does not apply: write the justification.\n",
	},
	[ISMS_RULE_SOA_UNIMPLEMENTED] = {
		"soa/unimplemented", ISMS_WARNING,
		"an implemented control is listed by no document",
		NULL,
		"A control that soa.yml marks applicable with status implemented should\n"
		"be listed in the controls of at least one document: the policy, process\n"
		"or procedure that implements it.\n"
		"\n"
		"An auditor tests the SoA by asking to see how each implemented control\n"
		"is done. A claim with no document behind it cannot be shown, and may not\n"
		"be true.\n"
		"\n"
		"Example that warns: soa.yml has\n"
		"\n"
		"    A.5.15: {applicable: true, status: implemented, justification: ...}\n"
		"\n"
		"but no document lists A.5.15 in controls.\n"
		"\n"
		"Fix: add A.5.15 to the controls of the document that implements it (here\n"
		"the access control policy), or correct the status to partial or planned.\n"
		"\n"
		"The finding is about soa.yml, which has no front matter, so a lint:\n"
		"suppression does not apply.\n",
	},
	[ISMS_RULE_SOA_CONTRADICTION] = {
		"soa/contradiction", ISMS_WARNING,
		"an excluded control is claimed by a document",
		NULL,
		"A control that soa.yml marks not applicable is listed in the controls of\n"
		"a document, which claims to implement it.\n"
		"\n"
		"The SoA and the documents must tell the same story. An exclusion\n"
		"contradicted by a document means one of them is wrong, and an auditor\n"
		"will ask which.\n"
		"\n"
		"Example that warns: soa.yml has\n"
		"\n"
		"    A.7.4: {applicable: false, justification: \"No offices: all remote\"}\n"
		"\n"
		"while policies/physical-security.md lists controls: [A.7.4].\n"
		"\n"
		"Fix: if the control is implemented, change the decision in soa.yml; if\n"
		"not, remove it from the document's controls.\n"
		"\n"
		"The finding is reported in soa.yml, at the decision, which has no front\n"
		"matter, so a lint: suppression does not apply: make the decision and the\n"
		"documents agree.\n",
	},
	[ISMS_RULE_REVIEW_OVERDUE] = {
		"review/overdue", ISMS_ERROR,
		"a document is past its review date",
		"Review deferred by management review MR-2026-1",
		"A document is overdue when its last approved change is older than its\n"
		"review interval (review_interval in its front matter, else in isms.yml;\n"
		"12 months by default), or when its next_review date has passed. Dates\n"
		"are judged as of today, or of the date given with --now or --at.\n"
		"\n"
		"Policies must be reviewed at planned intervals and kept current (Annex A\n"
		"5.1, clause 7.5). An auditor samples documents and checks the dates of\n"
		"their last review and approval.\n"
		"\n"
		"Example that fails, on 2026-03-01, with a 12-month interval: a policy\n"
		"whose last approved change was merged on 2025-01-10.\n"
		"\n"
		"Fix: review the document and record the review as an approved change:\n"
		"update what needs updating (at least next_review, or version) in a pull\n"
		"request that an approver merges.\n",
		.branch = 1,
	},
	[ISMS_RULE_APPROVAL_MISSING] = {
		"approval/missing", ISMS_ERROR,
		"a document changed after its last approval",
		"Typo fix; approval follows in ISMS-12",
		"Every change to a document on the approval branch (approval.branch, main\n"
		"by default) must be approved: brought in by a pull or merge request\n"
		"merged by a person in an approver role, or carrying an Approved-by: or\n"
		"Reviewed-by: trailer naming one, as approval.sources allows. This rule\n"
		"fires when the document's latest change has no such approval.\n"
		"\n"
		"Clause 7.5.2 asks that documented information be reviewed and approved\n"
		"for suitability and adequacy, and policies must be approved by\n"
		"management (clause 5.2). Git history is the approval record an auditor\n"
		"is shown: a direct push leaves a version in force that nobody approved.\n"
		"\n"
		"Example that fails: a commit that edits policies/access.md is pushed\n"
		"straight to main, without a pull request and without a trailer.\n"
		"\n"
		"Fix: have the current text approved, for example through a pull request\n"
		"with the next change, merged by an approver, or a commit carrying\n"
		"\n"
		"    Approved-by: Jane Roe <jane@example.com>\n"
		"\n"
		"where jane@example.com belongs to a role with approver: true.\n",
		.branch = 1,
	},
	[ISMS_RULE_APPROVAL_SELF] = {
		"approval/self", ISMS_ERROR,
		"a change was approved only by its own author",
		"Sole approver until the deputy CISO starts",
		"With approval.separation_of_duties (on by default) the author of a\n"
		"change never approves it. This rule fires when the only approval a\n"
		"change has comes from its author: a pull request the author merged\n"
		"alone, or an Approved-by: trailer naming the author.\n"
		"\n"
		"Segregation of duties (Annex A 5.3) applies to the ISMS itself: an\n"
		"auditor will not accept a policy approved by the person who wrote it.\n"
		"\n"
		"Example that fails: Jane Roe (ciso, an approver) edits the information\n"
		"security policy and merges her own pull request.\n"
		"\n"
		"Fix: another approver reviews and approves the change, for example in a\n"
		"follow-up pull request that they merge.\n",
		.branch = 1,
	},
	[ISMS_RULE_VERSION_UNCHANGED] = {
		"version/unchanged", ISMS_WARNING,
		"the body changed but version did not",
		"Formatting-only changes, no new version",
		"When a change alters a document's body, its version field should change\n"
		"with it.\n"
		"\n"
		"Clause 7.5.3 asks for control of changes, such as version control.\n"
		"Readers, and an auditor comparing a printed copy with the manual, tell\n"
		"versions apart by this number; two different texts with the same version\n"
		"cannot be told apart.\n"
		"\n"
		"Example that warns: a change rewrites the Access Control section of a\n"
		"policy and leaves version: \"1.3\".\n"
		"\n"
		"Fix: bump the version in the same change, for example to \"1.4\".\n",
	},
	[ISMS_RULE_RECORD_OVERDUE] = {
		"record/overdue", ISMS_ERROR,
		"no management review or internal audit within its interval",
		NULL,
		"The ISMS must hold a management review and an internal audit at least\n"
		"once in each interval set under records in isms.yml (12 months by\n"
		"default), shown by a document of type management-review or\n"
		"internal-audit with its date. The rule fires when the latest such record\n"
		"is older than the interval, or when there is none.\n"
		"\n"
		"Clauses 9.2 and 9.3 require internal audits and management reviews at\n"
		"planned intervals. They are among the first records an auditor asks for,\n"
		"and a missed one is a non-conformity.\n"
		"\n"
		"Example that fails, on 2026-03-01: the latest management review record\n"
		"has date: 2025-01-20.\n"
		"\n"
		"Fix: hold the review and commit its record:\n"
		"\n"
		"    ---\n"
		"    id: MR-2026-1\n"
		"    title: Management review 2026\n"
		"    type: management-review\n"
		"    owner: ciso\n"
		"    date: 2026-03-05\n"
		"    attendees: [Jane Roe, Sam Poe]\n"
		"    decisions: [\"Approve the 2026 risk treatment plan\"]\n"
		"    ---\n"
		"\n"
		"This rule is about the ISMS as a whole rather than one document: the\n"
		"remedy is the missing record, not a suppression.\n",
	},
	[ISMS_RULE_NONCONFORMITY_OVERDUE] = {
		"nonconformity/overdue", ISMS_ERROR,
		"an open non-conformity is past its due date",
		"Extension agreed in MR-2026-1",
		"A non-conformity record with status: open whose due date has passed.\n"
		"Dates are judged as of today, or of the date given with --now or --at.\n"
		"\n"
		"Clause 10.2 requires that non-conformities be corrected and their causes\n"
		"dealt with. An auditor follows open non-conformities to see whether\n"
		"corrective actions are completed as planned; one left open past its date\n"
		"shows they are not.\n"
		"\n"
		"Example that fails, on 2026-03-01:\n"
		"\n"
		"    status: open\n"
		"    raised: 2025-11-03\n"
		"    due: 2026-01-31\n"
		"\n"
		"Fix: complete the corrective action and close the record (status:\n"
		"closed, with corrective_action describing what was done), or, if the\n"
		"plan changed, agree a new due date and record it in an approved change.\n",
	},
	[ISMS_RULE_NONCONFORMITY_NO_TICKET] = {
		"nonconformity/no-ticket", ISMS_WARNING,
		"a non-conformity has no issue-tracker key",
		"Tracked on paper until the tracker migration",
		"A non-conformity record should carry a ticket: a key in the issue\n"
		"tracker (matching tickets.pattern in isms.yml), such as ISMS-42.\n"
		"\n"
		"The ticket links the record to the real work of the corrective action\n"
		"(clause 10.2), so an auditor can follow it from the finding to the\n"
		"change that fixed it.\n"
		"\n"
		"Example that warns: a non-conformity with no ticket field.\n"
		"\n"
		"Fix:\n"
		"\n"
		"    ticket: ISMS-42\n",
	},
	[ISMS_RULE_TRAINING_OVERDUE] = {
		"training/overdue", ISMS_WARNING,
		"a person has no training record within the interval",
		NULL,
		"Each person in staff in isms.yml, and each role's person, should appear,\n"
		"by e-mail, in the attendees of a training record dated within\n"
		"records.training (12 months by default), with or without a staff list\n"
		"or any training record yet; an isms.yml naming nobody is reported too.\n"
		"\n"
		"Clauses 7.2 and 7.3 require competence and awareness, and Annex A 6.3\n"
		"requires awareness training. An auditor asks for the training records of\n"
		"sampled staff.\n"
		"\n"
		"Example that warns, on 2026-03-01: ann@example.com is in staff, and the\n"
		"latest training record listing her is dated 2024-11-15.\n"
		"\n"
		"Fix: train her and commit the record:\n"
		"\n"
		"    ---\n"
		"    id: TRN-2026-1\n"
		"    title: Security awareness 2026\n"
		"    type: training\n"
		"    owner: ciso\n"
		"    date: 2026-03-10\n"
		"    course: Security awareness\n"
		"    attendees: [ann@example.com]\n"
		"    ---\n"
		"\n"
		"This rule is about people rather than one document: the remedy is the\n"
		"training record, not a suppression.\n",
	},
	/* Records that say something, and objectives (PRODUCT.md section 7). */
	[ISMS_RULE_RECORD_EMPTY] = {
		"record/empty", ISMS_ERROR,
		"a record's evidence fields are empty",
		"Minutes are being typed up from the recording",
		"A record is evidence only if it says something. The rule fires when an\n"
		"evidence field of a record is empty (blank, an empty list, or a list of\n"
		"blanks), or absent when its type does not already require it:\n"
		"\n"
		"  management-review  date, attendees, decisions, and resources: a list\n"
		"                     of {item, amount, approved} or a sentence saying\n"
		"                     what was decided (\"No new resources needed\")\n"
		"  internal-audit     date, scope, auditor\n"
		"  nonconformity      raised; and corrective_action once closed\n"
		"  training           date, course, attendees\n"
		"\n"
		"Clause 9.3.3 requires the results of management review to include\n"
		"decisions on improvement and any need for changes, and clause 7.1 that\n"
		"resources be determined and provided. An auditor reading minutes with\n"
		"no decisions, or a closed non-conformity with no corrective action,\n"
		"records a non-conformity of their own.\n"
		"\n"
		"Example that fails:\n"
		"\n"
		"    type: management-review\n"
		"    date: 2026-09-15\n"
		"    attendees: []\n"
		"    decisions: []\n"
		"\n"
		"Fix: write what happened:\n"
		"\n"
		"    attendees: [Max Mustermann, Jane Roe]\n"
		"    decisions:\n"
		"      - {decision: Hire a security engineer, owner: ciso,\n"
		"         due: 2026-12-15}\n"
		"    resources:\n"
		"      - {item: Security engineer, amount: 90000 EUR, approved: true}\n",
	},
	[ISMS_RULE_KPI_STALE] = {
		"kpi/stale", ISMS_ERROR,
		"a KPI has no measurement within its frequency",
		"Measured by the new monitoring tool from Q1",
		"A KPI (a document of type kpi) declares how often it is measured\n"
		"(frequency: monthly, quarterly, half-yearly, yearly, or an interval\n"
		"such as \"2 weeks\"). Each measurement is a record of type measurement\n"
		"with kpi: the KPI's id, a date and a value. The rule fires when the\n"
		"latest measurement dated on or before today is older than the\n"
		"frequency, or when there is none.\n"
		"\n"
		"Clause 9.1 requires the organisation to determine what is monitored\n"
		"and measured and when, and clause 6.2 that objectives be monitored. A\n"
		"KPI nobody measures is an objective on paper only.\n"
		"\n"
		"Example that fails, on 2026-11-01: KPI-PATCH is quarterly and its\n"
		"latest measurement is dated 2026-06-30.\n"
		"\n"
		"Fix: measure it and commit the record:\n"
		"\n"
		"    ---\n"
		"    id: MEAS-PATCH-2026-Q3\n"
		"    type: measurement\n"
		"    kpi: KPI-PATCH\n"
		"    date: 2026-09-30\n"
		"    value: 4 days\n"
		"    ---\n",
	},
	[ISMS_RULE_KPI_OFF_TARGET] = {
		"kpi/off-target", ISMS_WARNING,
		"a KPI's latest measurement misses its target",
		"Agreed in MR-2026-2: new tooling first, target from Q1",
		"A KPI's target is a comparison and a number, with an optional unit:\n"
		"\">= 95\", \"<= 5 days\", \"< 2 %\" (quote a target that starts with >,\n"
		"which YAML reads otherwise). The rule warns when the latest measurement\n"
		"of the KPI misses it; the finding is at that measurement's value.\n"
		"\n"
		"Clause 6.2 requires objectives to be measurable and monitored, and\n"
		"clause 9.3 that management reviews their fulfilment. A KPI off its\n"
		"target is an input to the next management review, and usually a\n"
		"corrective action (clause 10.2).\n"
		"\n"
		"Example that warns: KPI-PATCH has target: \"<= 5 days\" and its latest\n"
		"measurement has value: 9 days.\n"
		"\n"
		"Fix: act on it (a non-conformity or a decision of the management\n"
		"review), and record the next measurement once the action works. Never\n"
		"edit the measurement: it is evidence.\n",
	},
	[ISMS_RULE_SUPPRESSION_EXPIRED] = {
		"suppression/expired", ISMS_ERROR,
		"a suppression is past its until date",
		NULL,
		"A suppression (the lint key in a document's front matter) whose until\n"
		"date has passed. Dates are judged as of today, or of the date given with\n"
		"--now or --at.\n"
		"\n"
		"A suppression is an accepted, time-limited exception. When it expires\n"
		"the exception was meant to be resolved; an auditor reading the history\n"
		"sees a deadline that was missed.\n"
		"\n"
		"Example that fails, on 2027-02-01:\n"
		"\n"
		"    lint:\n"
		"      ignore: [section/empty]\n"
		"      reason: \"Budget figures follow in Q4\"\n"
		"      until: 2027-01-31\n"
		"\n"
		"Once expired, a suppression no longer hides anything: the findings it\n"
		"covered are reported again alongside this one.\n"
		"\n"
		"Fix: resolve the findings and delete the lint key, or, if the exception\n"
		"still holds, set a new until date with a reason that is still true, in\n"
		"an approved change.\n",
	},
	[ISMS_RULE_SITE_UNKNOWN] = {
		"site/unknown", ISMS_ERROR,
		"a document names a site isms.yml does not define",
		"the site is being added to isms.yml in the next change",
		"A document's sites: list names the sites it applies at; each must be a\n"
		"key of sites: in isms.yml. A document without sites: applies at every\n"
		"site.\n"
		"\n"
		"Clause 4.3 asks that the scope of the ISMS be determined, and the sites\n"
		"are where its boundaries lie. A document that applies at a site nobody\n"
		"defined says nothing an auditor can check, and it covers no site's\n"
		"controls (site/uncovered).\n"
		"\n"
		"Example that fails (isms.yml defines hq and aws only):\n"
		"\n"
		"    sites: [hq, paris]\n"
		"\n"
		"Fix: define the site in isms.yml (sites: {paris: {kind: office, name:\n"
		"Paris office}}), or correct the key.\n",
	},
	[ISMS_RULE_SITE_UNCOVERED] = {
		"site/uncovered", ISMS_ERROR,
		"a site's kind requires a control no document covers there",
		NULL,
		"Each site in isms.yml has a kind (office, home, cloud, or one defined\n"
		"under site_kinds), and each kind lists the Annex A controls a site of it\n"
		"needs: an office its perimeter, entry, visitors and clear desk (A.7.1,\n"
		"A.7.2, A.7.3, A.7.7); home working remote working and endpoints (A.6.7,\n"
		"A.8.1); a cloud provider cloud services (A.5.23). For each site and each\n"
		"of those controls, some applicable approved document at that site must\n"
		"list the control in controls:. Applicable approved means: status\n"
		"approved (so not draft, not retired), not a risk (a risk names the\n"
		"controls that treat it; it implements none), and applying at the site\n"
		"(its sites: names it, or it has no sites:). A control the SoA excludes\n"
		"is still required: the finding says so.\n"
		"\n"
		"The ISMS must reflect where data actually lives. An office with no\n"
		"physical security policy, or home working with no remote working rule,\n"
		"is a site the ISMS does not cover, and an auditor grades it a major\n"
		"non-conformity.\n"
		"\n"
		"Example that fails: isms.yml has\n"
		"\n"
		"    sites:\n"
		"      hq: {kind: office, name: London HQ}\n"
		"\n"
		"and no approved document lists A.7.3.\n"
		"\n"
		"Fix: list the control in the approved document that covers it at the\n"
		"site (controls: [A.7.1, A.7.2, A.7.3, A.7.7], sites: [hq]), or write\n"
		"that document. The finding is about isms.yml, which has no front matter,\n"
		"so a lint: suppression does not apply.\n",
	},
	[ISMS_RULE_RISK_UNTREATED] = {
		"risk/untreated", ISMS_ERROR,
		"a risk at or above the threshold has no treatment",
		"the treatment is decided at the next risk meeting",
		"A risk (type risk) scores likelihood x impact, each 1 to 5. A score at\n"
		"or above risk.threshold in isms.yml (default 12) needs a treatment:\n"
		"mitigate, accept, transfer or avoid. A risk to be mitigated must name\n"
		"the Annex A controls that mitigate it in controls:, whatever its score.\n"
		"\n"
		"Clause 6.1.3 asks for a risk treatment plan: every significant risk gets\n"
		"an option and, when it is mitigated, the controls that do it. Those\n"
		"controls are what the SoA lists against the risk.\n"
		"\n"
		"Example that fails:\n"
		"\n"
		"    likelihood: 4\n"
		"    impact: 4\n"
		"\n"
		"with no treatment, or\n"
		"\n"
		"    treatment: mitigate\n"
		"\n"
		"with no controls.\n"
		"\n"
		"Fix: add treatment: mitigate with controls: [A.8.7, A.8.8], or another\n"
		"treatment.\n",
	},
	[ISMS_RULE_RISK_ACCEPTANCE] = {
		"risk/acceptance", ISMS_ERROR,
		"an accepted risk was not approved by its owner",
		"the owner's approval is recorded on the pull request",
		"A risk with treatment: accept is accepted only when the person of its\n"
		"owner role approved it: the last change of the risk on the approval\n"
		"branch must carry an approval that counts (approval.require) by that\n"
		"person - a merge, an Approved-by trailer, a review note or a signed tag,\n"
		"matched by the owner role's key or e-mail. A risk that has not reached\n"
		"the approval branch yet (a new risk in a pull request) is not judged:\n"
		"its merge will be the approval. Without the branch's history nothing is\n"
		"judged.\n"
		"\n"
		"Clause 6.1.3 f) asks that the risk owners approve the treatment plan and\n"
		"accept the residual risks. An acceptance nobody with the authority\n"
		"approved is a decision nobody took.\n"
		"\n"
		"Example that fails: a risk with owner: cto and treatment: accept, merged\n"
		"by the CISO.\n"
		"\n"
		"Fix: have the CTO approve the change (merge it, or add Approved-by: with\n"
		"the CTO's e-mail in isms.yml), or change the treatment.\n",
		.branch = 1,
	},
	[ISMS_RULE_RISK_OVERDUE] = {
		"risk/overdue", ISMS_WARNING,
		"a risk's review date has passed",
		"the risk review is scheduled for next week",
		"A risk carries review:, the date of its next review. When that date has\n"
		"passed the risk's likelihood, impact and treatment are stale.\n"
		"\n"
		"Clause 8.2 asks that risk assessments be performed at planned intervals;\n"
		"a register of risks nobody looked at since their review date is not\n"
		"evidence of that.\n"
		"\n"
		"Example that fails (today 2026-11-01):\n"
		"\n"
		"    review: 2026-06-30\n"
		"\n"
		"Fix: review the risk and set the next review date, in an approved\n"
		"change.\n",
	},
	/* Tracker evidence and shelf-ware (lib/rules-evidence.c). */
	[ISMS_RULE_TICKET_UNKNOWN] = {
		"ticket/unknown", ISMS_ERROR,
		"a non-conformity's ticket is not in the tracker export",
		"The tracker project was migrated; the old key is kept",
		"With tickets.export set in isms.yml (a Jira CSV export, or JSON lines\n"
		"that CI refreshes from the tracker), every non-conformity's ticket must\n"
		"be a ticket of that export. A key the tracker does not have proves no\n"
		"corrective action (clause 10.2): it may be mistyped, deleted, or lack\n"
		"the label the export is made from (tickets.label, default isms).\n"
		"\n"
		"Example that fails: NC-007 has \"ticket: ISMS-77\", and the export\n"
		"has ISMS-7 and ISMS-78 but no ISMS-77.\n"
		"\n"
		"Fix: correct the key, or label the ticket in the tracker and refresh\n"
		"the export. Without tickets.export this rule is silent.\n",
	},
	[ISMS_RULE_TICKET_MISMATCH] = {
		"ticket/mismatch", ISMS_ERROR,
		"a non-conformity and its ticket disagree on whether it is closed",
		"Closed by the CAB; the tracker follows at the next sync",
		"A non-conformity with status closed whose ticket is still open in the\n"
		"tracker, or an open one whose ticket is closed. A ticket is closed when\n"
		"its Resolved field is set, or its status is one of tickets.closed (by\n"
		"default Done, Closed, Resolved; case ignored).\n"
		"\n"
		"The record and the work must tell one story: a record closed before the\n"
		"corrective action is done claims an effectiveness nobody verified; a\n"
		"ticket closed while the record stays open leaves the verification\n"
		"unwritten.\n"
		"\n"
		"Example that fails: NC-003 says \"status: closed\" and \"ticket:\n"
		"ISMS-12\", and the export has ISMS-12 \"In Progress\", not resolved.\n"
		"\n"
		"Fix: finish the work and close the ticket, or reopen the record; or\n"
		"write the verification and close the record. Without tickets.export\n"
		"this rule is silent.\n",
	},
	[ISMS_RULE_TICKET_UNTRACKED] = {
		"ticket/untracked", ISMS_WARNING,
		"a ticket with the ISMS label has no record",
		NULL,
		"A ticket of the tracker export that carries tickets.label (default\n"
		"isms) but that no document names in its ticket field. The label says\n"
		"the ticket is ISMS work - a non-conformity, an audit finding, a\n"
		"corrective action - and the ISMS should hold its record, so that the\n"
		"improvement log (clause 10) is complete.\n"
		"\n"
		"Example that warns: the export has ISMS-31 labelled isms, and no\n"
		"record has \"ticket: ISMS-31\".\n"
		"\n"
		"Fix: write the record (isms-new doc nonconformity ...) with \"ticket:\n"
		"ISMS-31\", or remove the label if the ticket is not ISMS work. The\n"
		"finding points at the ticket's line in the export, which no front\n"
		"matter can suppress. Without tickets.export this rule is silent.\n",
	},
	[ISMS_RULE_TEMPLATE_UNCHANGED] = {
		"template/unchanged", ISMS_WARNING,
		"a document is still, to 90 % of its lines, the starter template",
		"Adopted as written after review by the CISO",
		"A document whose body is still, to 90 % of its lines or more, the\n"
		"starter template it came from: the installed starter ISMS that\n"
		"isms-new repo copies (or the folder isms.yml's templates key names),\n"
		"matched by id, else by path. Lines are compared with whitespace\n"
		"collapsed and blank lines left out, the organisation's name read as\n"
		"the template's placeholder and dates as any date; the share is the\n"
		"lines in common over the lines of the longer of the two bodies.\n"
		"\n"
		"A generic ISMS out of the box is the checkbox trap auditors refuse:\n"
		"the policies must say what this organisation does (clause 5.2, 7.5).\n"
		"\n"
		"Example that warns: policies/access-control.md as isms-new repo wrote\n"
		"it, with only the owner changed.\n"
		"\n"
		"Fix: rewrite the document for the organisation. \"templates: false\"\n"
		"in isms.yml turns the comparison off; the template set itself (an\n"
		"ISMS root that is the set) is never compared with itself.\n",
	},
};

/* A row for every isms_rule_id; t-rules checks that none is left empty. */
_Static_assert(sizeof(rules) / sizeof(rules[0]) == ISMS_NRULES,
	"lib/ruletab.c documents every rule of isms_rule_id");

const isms_rule_info *isms_rules(size_t *n)
{
	if (n)
		*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

/*
 * What every rule's text would otherwise repeat is written here, once: a
 * warning's paragraph (an error needs none: it fails the run, as a reader
 * expects), and the suppression example, which differs only in the id and
 * the row's reason. Every example expires on the same date: 2027-01-31.
 */
void isms_rule_explain(isms_buf *out, const isms_rule_info *r)
{
	isms_buf_printf(out, "%s (%s by default)\n\n%s\n\n%s", r->id,
		r->severity == ISMS_ERROR ? "error" : "warning", r->summary,
		r->explain);
	if (r->severity == ISMS_WARNING)
		isms_buf_puts(out, "\n"
			"This is a warning: it is reported but does not make isms-lint fail\n"
			"unless --strict is given.\n");
	if (r->reason_example)
		isms_buf_printf(out, "\n"
			"To suppress it in one document, add to that document's front matter (a\n"
			"reason is required; until makes the exception expire):\n"
			"\n"
			"    lint:\n"
			"      ignore: [%s]\n"
			"      reason: \"%s\"\n"
			"      until: 2027-01-31\n", r->id, r->reason_example);
}

void isms_rule_anchor(isms_buf *out, const isms_rule_info *r)
{
	const char *s;

	for (s = r->id; *s; s++)
		isms_buf_putc(out, *s == '/' ? '-' : *s);
}

int isms_rule_on_branch(isms_rule_id id)
{
	return rules[id].branch;
}

int isms_finding_on_branch(const isms_finding *f)
{
	return isms_rule_on_branch(f->id);
}

const char *isms_rule_suggest(const char *id)
{
	isms_suggest s;
	size_t i;

	isms_suggest_init(&s, id);
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		isms_suggest_add(&s, rules[i].id);
	return s.best;
}

/* A linear scan: some 30 rows, and callers look a rule up once per finding. */
const isms_rule_info *isms_rule_find(const char *id)
{
	size_t i;

	for (i = 0; id && i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}
