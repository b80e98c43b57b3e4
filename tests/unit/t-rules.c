/*
 * t-rules.c - the rule table (lib/rules.c) against the rules' ids and
 * documentation, and the rules themselves on real small ISMS repositories:
 * tests/data/good brought in through an approved pull request
 * (tests/repo.sh), then one defect each, linted from the work tree, the
 * index or the branch's history.
 */
#include "rule-check.h"
#include "tap.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char tmp[PATH_MAX];   /* canonical temporary folder */
static const char *src_dir;  /* $ISMS_SRC, the source tree */
static long today;           /* 2026-11-01, the CLI tests' --now */

/* ---------------------------------------------------------------- helpers */

/* Run a shell command built from `fmt` in the temporary folder, with
 * tests/repo.sh's functions at hand; 0 when it exited 0. */
#define END "\n} >/dev/null"
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	isms_buf cmd = ISMS_BUF_INIT;
	size_t at;
	va_list ap;
	int rc;

	isms_buf_printf(&cmd, "cd '%s' && DATA='%s/tests/data' && "
		". '%s/tests/repo.sh' && { ", tmp, src_dir, src_dir);
	at = cmd.len;
	va_start(ap, fmt);
	isms_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	isms_buf_puts(&cmd, END);
	fflush(stdout);
	rc = system(cmd.ptr);
	if (rc != 0)
		printf("# command failed (%d): %.*s\n", rc,
			(int)(cmd.len - at - strlen(END)), cmd.ptr + at);
	isms_buf_release(&cmd);
	return rc == 0 ? 0 : -1;
}

/* A new repository `name` holding the good fixture, approved. */
static void fresh(const char *name)
{
	sh("new_repo '%s' good", name);
}

/* Lint repository `name` from `source` on day `now` into *r (initialised
 * here, the caller's to release). */
static int lint_at(isms_report *r, const char *name, isms_source_kind source,
	long now)
{
	char dir[PATH_MAX + 64];
	isms_lint_opts o = { 0 };
	isms_error err = { 0 };
	int rc;

	snprintf(dir, sizeof(dir), "%s/%s", tmp, name);
	o.dir = dir;
	o.source = source;
	o.at = -1;
	o.now = now;
	isms_report_init(r);
	rc = isms_lint(r, &o, &err);
	if (rc < 0)
		printf("# lint of %s failed: %s: %s\n", name, err.path, err.msg);
	return rc;
}

static int lint(isms_report *r, const char *name)
{
	return lint_at(r, name, ISMS_SRC_WORKTREE, today);
}

/* The findings of rule `id` at `path` (any path when NULL). */
static size_t count(const isms_report *r, isms_rule_id id, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->findings[i].id == id &&
			(!path || !strcmp(r->findings[i].path, path));
	return n;
}

static void show(const isms_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		printf("#   %s:%d:%d [%s] %s\n", r->findings[i].path,
			r->findings[i].line, r->findings[i].col, r->findings[i].rule,
			r->findings[i].message);
}

/* ---------------------------------------------------------------- table */

static int row_has(const isms_rule_row *row, isms_rule_id id)
{
	size_t k;

	for (k = 0; k < ISMS_RULE_MAX_IDS && row->ids[k] != ISMS_NRULES; k++)
		if (row->ids[k] == id)
			return 1;
	return 0;
}

static void test_table(void)
{
	size_t n, ndoc, i, id;
	const isms_rule_row *t = isms_rule_table(&n);
	const isms_rule_info *docs = isms_rules(&ndoc);
	int rows_ok = 1, judged = 1, documented = 1, indexed = 1;

	is_int(ndoc, ISMS_NRULES, "the documentation has a row for every rule id");
	for (i = 0; i < n; i++) {
		int good = t[i].name && t[i].ids[0] != ISMS_NRULES &&
			(t[i].phase == ISMS_PHASE_SELF ? t[i].self && !t[i].fn :
			 t[i].fn && !t[i].self) &&
			(t[i].phase == ISMS_PHASE_SELF || t[i].phase == ISMS_PHASE_FILE ||
			 t[i].phase == ISMS_PHASE_DOC ||
			 t[i].phase == ISMS_PHASE_HISTORY || t[i].phase == ISMS_PHASE_REPO);
		size_t k;

		/* The list ends within the array, and names documented rules. */
		for (k = 0; good && k < ISMS_RULE_MAX_IDS && t[i].ids[k] != ISMS_NRULES; k++)
			good = t[i].ids[k] < ISMS_NRULES && docs[t[i].ids[k]].id;
		good = good && k < ISMS_RULE_MAX_IDS;
		if (!good)
			printf("# bad row: %s\n", t[i].name ? t[i].name : "(unnamed)");
		rows_ok &= good;
	}
	ok(rows_ok, "every row of the rule table has a function, a phase and "
		"documented rules");
	for (id = 0; id < ISMS_NRULES; id++) {
		int found = 0;

		for (i = 0; i < n; i++)
			found |= row_has(&t[i], (isms_rule_id)id);
		if (!found)
			printf("# no function reports %s\n", docs[id].id);
		judged &= found;
		documented &= docs[id].id && docs[id].summary && docs[id].explain;
		indexed &= docs[id].id && isms_rule_find(docs[id].id) == &docs[id];
	}
	ok(judged, "every documented rule has a function that reports it");
	ok(documented, "every rule id has its documentation row (none left empty)");
	ok(indexed, "a rule's id text finds the row its constant indexes");
	is_str(docs[ISMS_RULE_FIELD_INVALID].id, "field/invalid",
		"ISMS_RULE_FIELD_INVALID is field/invalid");
	is_str(docs[ISMS_RULE_SUPPRESSION_EXPIRED].id, "suppression/expired",
		"the last constant is the last rule");
}

static void test_branch_rules(void)
{
	isms_finding f = { 0 };
	size_t id;
	int only = 1;

	/* What a hook leaves to pull requests, CI and the server. */
	for (id = 0; id < ISMS_NRULES; id++) {
		int want = id == ISMS_RULE_APPROVAL_MISSING ||
			id == ISMS_RULE_APPROVAL_SELF || id == ISMS_RULE_REVIEW_OVERDUE ||
			id == ISMS_RULE_RISK_ACCEPTANCE;

		f.id = (isms_rule_id)id;
		only &= !isms_finding_on_branch(&f) == !want;
	}
	ok(only, "only approval/missing, approval/self, review/overdue and "
		"risk/acceptance judge the approval branch");
}

/* ---------------------------------------------------------------- rules */

/* A risk register entry records/risks/r1.md owned by OWNER with the
 * front matter lines FIELDS (for a shell printf). */
#define RISK_OF(owner, fields) \
	"mkdir -p records/risks && printf -- '---\\nid: RSK-001\\n" \
	"title: Laptop theft\\ntype: risk\\nowner: " owner "\\n" fields \
	"\\n---\\n# Laptop theft\\n' > records/risks/r1.md"
#define RISK(fields) RISK_OF("ciso", fields)
/* A shell edit that points tickets.export at tickets.jsonl holding the
 * JSON lines `lines`. */
#define EXPORT(lines) \
	"sed -i 's/^tickets:/tickets:\\n  export: tickets.jsonl/' isms.yml && " \
	"printf '%s\\n' '" lines "' > tickets.jsonl"

/* A shell edit that names the source tree's starter templates in
 * isms.yml: wherever the test binary runs from (build/tests,
 * build/sanitize/tests), template/unchanged compares with them. */
#define TEMPLATES \
	"echo \"templates: $ISMS_SRC/policy-templates\" >> isms.yml && "

/* One defect made by a shell edit in a fresh repository, and the rule
 * that must then fire at `path`. */
static const struct defect {
	const char *what;
	const char *edit;
	isms_rule_id rule;
	const char *path;
} defects[] = {
	{ "a document without front matter",
	  "printf '# Plain\\n' > policies/plain.md",
	  ISMS_RULE_FRONT_MATTER_MISSING, "policies/plain.md" },
	{ "front matter never closed",
	  "printf -- '---\\nid: POL-9\\n# x\\n' > policies/open.md",
	  ISMS_RULE_FRONT_MATTER_SYNTAX, "policies/open.md" },
	{ "soa.yml that does not parse",
	  "printf 'controls: [\\n' > soa.yml",
	  ISMS_RULE_FRONT_MATTER_SYNTAX, "soa.yml" },
	{ "a policy without version",
	  "sed -i '/^version:/d' policies/information-security.md",
	  ISMS_RULE_FIELD_MISSING, "policies/information-security.md" },
	{ "a status outside the enum",
	  "sed -i 's/^status: approved/status: done/' policies/information-security.md",
	  ISMS_RULE_FIELD_INVALID, "policies/information-security.md" },
	{ "a misspelt key",
	  "sed -i 's/^classification:/clasification:/' policies/information-security.md",
	  ISMS_RULE_FIELD_UNKNOWN, "policies/information-security.md" },
	{ "two documents with one id",
	  "sed -i 's/^id: PRO-001/id: POL-001/' procedures/backup.md",
	  ISMS_RULE_ID_DUPLICATE, "procedures/backup.md" },
	{ "an owner that is no role",
	  "sed -i 's/^owner: ciso/owner: nobody/' policies/information-security.md",
	  ISMS_RULE_OWNER_UNKNOWN, "policies/information-security.md" },
	{ "a required section renamed away",
	  "sed -i 's/^## Resource Allocation/## Money/' policies/information-security.md",
	  ISMS_RULE_SECTION_MISSING, "policies/information-security.md" },
	{ "a required section left empty",
	  "sed -i '/^|/d' policies/information-security.md",
	  ISMS_RULE_SECTION_EMPTY, "policies/information-security.md" },
	{ "required sections out of the order of an ordered type",
	  "printf 'types:\\n  policy:\\n    ordered: true\\n    sections:\\n"
	  "      - {title: Intent, match: \"(?i)^management\"}\\n"
	  "      - {title: Roles, match: \"(?i)^interaction\"}\\n"
	  "      - {title: Definition, match: \"(?i)^process\"}\\n' >> isms.yml",
	  ISMS_RULE_SECTION_ORDER, "policies/information-security.md" },
	{ "a link to a file that does not exist",
	  "printf '\\nSee [gone](gone.md).\\n' >> policies/information-security.md",
	  ISMS_RULE_LINK_BROKEN, "policies/information-security.md" },
	{ "an output to an unknown process",
	  "sed -i 's/to: PRC-CAPA/to: PRC-NONE/' processes/risk.md",
	  ISMS_RULE_REF_UNKNOWN, "processes/risk.md" },
	{ "a process nothing connects",
	  "printf -- '---\\nid: PRC-X\\ntitle: X\\ntype: process\\nowner: ciso\\n"
	  "version: \"1.0\"\\nstatus: draft\\n---\\n# X\\n' > processes/x.md",
	  ISMS_RULE_PROCESS_ISOLATED, "processes/x.md" },
	{ "a control that is not in Annex A",
	  "sed -i 's/^controls: \\[A.5.1, A.5.2\\]/controls: [A.5.1, A.9.99]/' "
	  "policies/information-security.md",
	  ISMS_RULE_CONTROL_UNKNOWN, "policies/information-security.md" },
	{ "a 2013 control",
	  "sed -i 's/^controls: \\[A.5.1, A.5.2\\]/controls: [A.5.1, A.9.2.1]/' "
	  "policies/information-security.md",
	  ISMS_RULE_CONTROL_LEGACY, "policies/information-security.md" },
	{ "no Statement of Applicability",
	  "rm soa.yml",
	  ISMS_RULE_SOA_UNDECIDED, "soa.yml" },
	{ "a decision without justification",
	  "sed -i 's/^  A.5.3: .*/  A.5.3: {applicable: true, status: planned}/' soa.yml",
	  ISMS_RULE_SOA_UNJUSTIFIED, "soa.yml" },
	{ "a non-conformity without a ticket",
	  "sed -i '/^ticket:/d' records/nonconformities/nc-001.md",
	  ISMS_RULE_NONCONFORMITY_NO_TICKET, "records/nonconformities/nc-001.md" },
	{ "a management review with no attendees",
	  "sed -i 's/^attendees: .*/attendees: []/' "
	  "records/management-reviews/2026-09.md",
	  ISMS_RULE_RECORD_EMPTY, "records/management-reviews/2026-09.md" },
	{ "resources given as a map",
	  "sed -i 's/^resources: .*/resources: {budget: 1}/' "
	  "records/management-reviews/2026-09.md",
	  ISMS_RULE_FIELD_INVALID, "records/management-reviews/2026-09.md" },
	{ "a KPI never measured",
	  "mkdir -p kpis && printf -- '---\\nid: KPI-X\\ntitle: X\\ntype: kpi\\n"
	  "owner: ciso\\ntarget: <= 5\\nfrequency: monthly\\n---\\n' > kpis/x.md",
	  ISMS_RULE_KPI_STALE, "kpis/x.md" },
	{ "a KPI whose latest measurement misses its target",
	  "mkdir -p kpis && printf -- '---\\nid: KPI-X\\ntitle: X\\ntype: kpi\\n"
	  "owner: ciso\\ntarget: <= 5\\nfrequency: monthly\\n---\\n' > kpis/x.md && "
	  "printf -- '---\\nid: M-1\\ntype: measurement\\nkpi: KPI-X\\n"
	  "date: 2026-10-20\\nvalue: 7\\n---\\n' > m1.md",
	  ISMS_RULE_KPI_OFF_TARGET, "m1.md" },
	{ "a measurement of no KPI",
	  "printf -- '---\\nid: M-1\\ntype: measurement\\nkpi: KPI-NONE\\n"
	  "date: 2026-10-20\\nvalue: 7\\n---\\n' > m1.md",
	  ISMS_RULE_REF_UNKNOWN, "m1.md" },
	{ "an expired suppression",
	  "sed -i 's/^classification: internal/lint: {ignore: [field\\/unknown], "
	  "reason: \"later\", until: 2026-01-01}/' policies/information-security.md",
	  ISMS_RULE_SUPPRESSION_EXPIRED, "policies/information-security.md" },
	/* Tracker evidence and shelf-ware. */
	{ "a non-conformity's ticket the export does not have",
	  EXPORT("{\"key\":\"ISMS-41\",\"status\":\"Done\",\"labels\":[]}"),
	  ISMS_RULE_TICKET_UNKNOWN, "records/nonconformities/nc-001.md" },
	{ "a closed non-conformity whose ticket is open",
	  EXPORT("{\"key\":\"ISMS-42\",\"status\":\"In Progress\","
	  "\"resolved\":null,\"labels\":[\"isms\"]}"),
	  ISMS_RULE_TICKET_MISMATCH, "records/nonconformities/nc-001.md" },
	{ "an open non-conformity whose ticket is resolved",
	  EXPORT("{\"key\":\"ISMS-42\",\"status\":\"Verified\","
	  "\"resolved\":\"2026-08-01\",\"labels\":[\"isms\"]}") " && "
	  "sed -i 's/^status: closed/status: open/' records/nonconformities/nc-001.md",
	  ISMS_RULE_TICKET_MISMATCH, "records/nonconformities/nc-001.md" },
	{ "a ticket labelled isms that no record names",
	  EXPORT("{\"key\":\"ISMS-42\",\"status\":\"Done\",\"labels\":[\"isms\"]}\n"
	  "{\"key\":\"ISMS-43\",\"status\":\"To Do\",\"labels\":[\"isms\"]}"),
	  ISMS_RULE_TICKET_UNTRACKED, "tickets.jsonl" },
	{ "a starter policy copied as it is",
	  TEMPLATES "cp \"$ISMS_SRC/policy-templates/policies/cryptography.md\" policies/",
	  ISMS_RULE_TEMPLATE_UNCHANGED, "policies/cryptography.md" },
	{ "a change straight onto the branch",
	  "printf '\\nMore.\\n' >> procedures/backup.md && "
	  "git commit -qam 'unreviewed'",
	  ISMS_RULE_APPROVAL_MISSING, "procedures/backup.md" },
	{ "a document at a site isms.yml does not define",
	  "sed -i 's/^status: approved/status: approved\\nsites: [mars]/' "
	  "policies/information-security.md",
	  ISMS_RULE_SITE_UNKNOWN, "policies/information-security.md" },
	{ "an office no approved document covers",
	  "printf 'sites:\\n  hq: {kind: office, name: HQ}\\n' >> isms.yml",
	  ISMS_RULE_SITE_UNCOVERED, "isms.yml" },
	{ "a risk of score 16 without a treatment",
	  RISK("likelihood: 4\\nimpact: 4\\nreview: 2027-06-30"),
	  ISMS_RULE_RISK_UNTREATED, "records/risks/r1.md" },
	{ "a risk to mitigate with no control",
	  RISK("likelihood: 1\\nimpact: 2\\ntreatment: mitigate\\n"
	  "review: 2027-06-30"),
	  ISMS_RULE_RISK_UNTREATED, "records/risks/r1.md" },
	{ "a risk past its review date",
	  RISK("likelihood: 1\\nimpact: 2\\nreview: 2026-06-30"),
	  ISMS_RULE_RISK_OVERDUE, "records/risks/r1.md" },
	{ "a likelihood of 6",
	  RISK("likelihood: 6\\nimpact: 2\\nreview: 2027-06-30"),
	  ISMS_RULE_FIELD_INVALID, "records/risks/r1.md" },
	{ "a risk of the CEO accepted by the CISO's merge",
	  RISK_OF("ceo", "likelihood: 3\\nimpact: 4\\ntreatment: accept\\n"
	  "review: 2027-06-30") " && git add -A && approved_commit . 'accept r1'",
	  ISMS_RULE_RISK_ACCEPTANCE, "records/risks/r1.md" },
	{ "an approved body change that kept its version",
	  "printf '\\nMore.\\n' >> procedures/backup.md && git add -A && "
	  "approved_commit . 'more backups'",
	  ISMS_RULE_VERSION_UNCHANGED, "procedures/backup.md" },
};

static void test_defects(void)
{
	size_t i;

	for (i = 0; i < sizeof(defects) / sizeof(defects[0]); i++) {
		const struct defect *d = &defects[i];
		char name[32];
		isms_report r;

		snprintf(name, sizeof(name), "d%zu", i);
		fresh(name);
		sh("cd %s && %s", name, d->edit);
		lint(&r, name);
		if (!ok(count(&r, d->rule, d->path) > 0, "%s: %s fires at %s",
		    isms_rules(NULL)[d->rule].id, d->what, d->path))
			show(&r);
		isms_report_release(&r);
	}
}

static void test_good(void)
{
	isms_report r;

	fresh("good");
	lint(&r, "good");
	if (!ok(r.n == 0, "every rule is silent on the good fixture"))
		show(&r);
	is_int(r.documents, 10, "the report counts the model's documents");
	isms_report_release(&r);
}

/* Records, training and reviews fall due as time passes. */
static void test_time(void)
{
	isms_report r;
	long later = today + 2 * 366;

	lint_at(&r, "good", ISMS_SRC_WORKTREE, later);
	ok(count(&r, ISMS_RULE_RECORD_OVERDUE, NULL) == 2,
		"record/overdue: the management review and the audit, two years on");
	ok(count(&r, ISMS_RULE_TRAINING_OVERDUE, NULL) > 0,
		"training/overdue: nobody is trained two years on");
	ok(count(&r, ISMS_RULE_REVIEW_OVERDUE, "policies/information-security.md") == 1,
		"review/overdue: the policy is past its review interval");
	ok(count(&r, ISMS_RULE_NONCONFORMITY_OVERDUE, NULL) == 0,
		"nonconformity/overdue stays silent on a closed non-conformity");
	isms_report_release(&r);
}

/* The tracker and template rules stay silent where the evidence holds:
 * an export that agrees with the records, a policy rewritten from its
 * template; and without an export, the ticket rules say nothing. */
static void test_evidence(void)
{
	isms_report r;

	fresh("ev");
	sh("cd ev && %s", EXPORT("{\"key\":\"ISMS-42\",\"status\":\"done\","
		"\"labels\":[\"isms\",\"backup\"]}\n"
		"{\"key\":\"OPS-7\",\"status\":\"To Do\",\"labels\":[\"ops\"]}"));
	lint(&r, "ev");
	if (!ok(r.n == 0, "ticket/*: silent when every labelled ticket has its "
	    "record and states agree (status compared without case)"))
		show(&r);
	isms_report_release(&r);
	sh("cd ev && rm tickets.jsonl");
	lint(&r, "ev");
	ok(count(&r, ISMS_RULE_TICKET_UNKNOWN, NULL) + count(&r,
		ISMS_RULE_TICKET_MISMATCH, NULL) + count(&r,
		ISMS_RULE_TICKET_UNTRACKED, NULL) == 0 && strstr(r.notes.ptr,
		"tickets.jsonl (tickets.export) is missing"),
		"ticket/*: silent, with a note, when the export is missing");
	isms_report_release(&r);
	sh("cd ev && " TEMPLATES "cp \"$ISMS_SRC/policy-templates/policies/cryptography.md\" "
		"policies/ && printf '\\nOur own words.\\n' >> policies/cryptography.md");
	lint(&r, "ev");
	ok(count(&r, ISMS_RULE_TEMPLATE_UNCHANGED, NULL) == 1,
		"template/unchanged: a line added leaves it the template");
	isms_report_release(&r);
	sh("cd ev && sed -i '12,$ s/e/E/' policies/cryptography.md");
	lint(&r, "ev");
	ok(count(&r, ISMS_RULE_TEMPLATE_UNCHANGED, NULL) == 0,
		"template/unchanged: silent once the policy is rewritten");
	isms_report_release(&r);
}

/* --staged: the index's text against HEAD's. */
static void test_staged(void)
{
	isms_report r;

	fresh("staged");
	sh("cd staged && printf '\\nStaged.\\n' >> procedures/backup.md && "
		"git add procedures/backup.md");
	lint_at(&r, "staged", ISMS_SRC_INDEX, today);
	ok(count(&r, ISMS_RULE_VERSION_UNCHANGED, "procedures/backup.md") == 1,
		"version/unchanged: a staged body change that kept its version");
	isms_report_release(&r);
	sh("cd staged && sed -i 's/^version: \"1.1\"/version: \"1.2\"/' "
		"procedures/backup.md && git add procedures/backup.md");
	lint_at(&r, "staged", ISMS_SRC_INDEX, today);
	ok(count(&r, ISMS_RULE_VERSION_UNCHANGED, NULL) == 0,
		"version/unchanged stays silent once the version moves with it");
	isms_report_release(&r);
}

/* A suppression in force hides its rule in its document, and only there. */
static void test_suppression(void)
{
	isms_report r;

	fresh("sup");
	sh("cd sup && sed -i 's/^classification:/clasification:/' "
		"policies/information-security.md && sed -i 's/^status: approved/"
		"status: approved\\nlint: {ignore: [field\\/unknown], reason: \"x\", "
		"until: 2027-01-31}/' policies/information-security.md");
	lint(&r, "sup");
	if (!ok(r.n == 0, "a suppression in force hides the finding it names"))
		show(&r);
	isms_report_release(&r);
}

/* Sites and risks stay silent when they are in order, and judge the
 * acceptance by who approved it (PRODUCT.md section 7). */
static void test_sites_risks(void)
{
	isms_report r;
	fresh("sr");
	sh("cd sr && printf 'sites:\\n  hq: {kind: office, name: HQ}\\n"
		"  home: {kind: home, name: Home}\\n' >> isms.yml && "
		"sed -i 's/^controls: \\[A.5.1, A.5.2\\]/controls: [A.5.1, A.5.2, "
		"A.6.7, A.8.1]/' policies/information-security.md && "
		"sed -i 's/^status: approved/status: approved\\nsites: [home]/' "
		"policies/information-security.md && git add -A && "
		"approved_commit . 'home working'");
	lint(&r, "sr");
	is_int(count(&r, ISMS_RULE_SITE_UNCOVERED, "isms.yml"), 4,
		"site/uncovered: the office's four controls, not home's");
	is_int(count(&r, ISMS_RULE_SITE_UNKNOWN, NULL), 0,
		"site/unknown stays silent on a defined site");
	isms_report_release(&r);
	sh("cd sr && sed -i 's/^controls: .*/controls: [A.8.13, "
		"A.7.1, A.7.2, A.7.3, A.7.7]/' procedures/backup.md && "
		"sed -i 's/^status: .*/status: draft/' procedures/backup.md");
	lint(&r, "sr");
	is_int(count(&r, ISMS_RULE_SITE_UNCOVERED, "isms.yml"), 4,
		"a draft document covers no site");
	isms_report_release(&r);
	sh("cd sr && git checkout -q procedures/backup.md && "
		"sed -i 's/^controls: .*/controls: [A.8.13, "
		"A.7.1, A.7.2, A.7.3, A.7.7]/' procedures/backup.md");
	lint(&r, "sr");
	is_int(count(&r, ISMS_RULE_SITE_UNCOVERED, NULL), 0,
		"site/uncovered stays silent once an approved document covers the office");
	isms_report_release(&r);

	fresh("risk");
	sh("cd risk && " RISK_OF("ceo", "likelihood: 3\\nimpact: 4\\n"
		"treatment: accept\\nreview: 2027-06-30") " && git add -A && "
		"APPROVER_NAME='Max Mustermann' APPROVER_EMAIL=max@example.com "
		"approved_commit . 'accept r1'");
	lint(&r, "risk");
	if (!ok(r.n == 0, "an acceptance approved by the owner's person is silent"))
		show(&r);
	isms_report_release(&r);
	sh("cd risk && " RISK_OF("ceo", "likelihood: 3\\nimpact: 4\\n"
		"treatment: accept\\nreview: 2027-06-30\\ncontrols: [A.8.1]"));
	lint(&r, "risk");
	is_int(count(&r, ISMS_RULE_RISK_ACCEPTANCE, NULL), 0,
		"risk/acceptance judges the branch, not the work tree's edit");
	isms_report_release(&r);
	sh("cd risk && git add -A && approved_commit . 'ciso edits r1'");
	lint(&r, "risk");
	is_int(count(&r, ISMS_RULE_RISK_ACCEPTANCE, "records/risks/r1.md"), 1,
		"a later change approved by someone else needs the owner again");
	isms_report_release(&r);
	sh("cd risk && " RISK("likelihood: 3\\nimpact: 4\\ntreatment: mitigate\\n"
		"controls: [A.8.1]\\nreview: 2027-06-30") " && git add -A && "
		"approved_commit . 'mitigate r1'");
	lint(&r, "risk");
	if (!ok(r.n == 0, "a mitigated risk with controls and a review ahead is silent"))
		show(&r);
	isms_report_release(&r);
}

/* The model loads without running a rule; the lint runs them over it. */
static void test_model_alone(void)
{
	char dir[PATH_MAX + 64];
	isms_lint_opts o = { 0 };
	isms_error err = { 0 };
	isms_model *m = NULL;
	isms_report r;
	const isms_doc *d;

	fresh("alone");
	sh("cd alone && printf '# Plain\\n' > policies/plain.md && "
		"sed -i 's/^classification:/lint: {ignore: [field\\/unknown], "
		"reason: \"x\"}\\nclassification:/' policies/information-security.md");
	snprintf(dir, sizeof(dir), "%s/alone", tmp);
	o.dir = dir;
	o.at = -1;
	o.now = today;
	if (!ok(isms_model_load(&m, &o, &err) == 0, "the model loads alone"))
		printf("# %s\n", err.msg);
	if (!m)
		return;
	d = isms_model_doc(m, "policies/plain.md");
	ok(d && d->problems && d->problems->kind == ISMS_PROBLEM_NO_FRONT_MATTER &&
		!d->problems->next, "what it could not read is a problem of the "
		"document, not a finding");
	d = isms_model_doc(m, "policies/information-security.md");
	ok(d && !d->ignore, "no rule ran: no suppression is in force");
	isms_report_init(&r);
	isms_rules_run(&r, m, &o);
	is_int(count(&r, ISMS_RULE_FRONT_MATTER_MISSING, "policies/plain.md"), 1,
		"the rules report it");
	ok(d && d->ignore, "the rules put the document's suppression in force");
	isms_report_release(&r);
	isms_model_free(m);
}

int main(void)
{
	char tmpl[] = "/tmp/isms-t-rules-XXXXXX";

	src_dir = getenv("ISMS_SRC");
	if (!src_dir || !mkdtemp(tmpl) || !realpath(tmpl, tmp) ||
	    isms_date_parse("2026-11-01", &today) < 0) {
		printf("Bail out! needs ISMS_SRC and a temporary folder\n");
		return 1;
	}
	/* tests/cli/lib.sh's git: no user configuration, fixed people and
	 * dates. */
	setenv("HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Jane Roe", 1);
	setenv("GIT_AUTHOR_EMAIL", "jane@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Jane Roe", 1);
	setenv("GIT_COMMITTER_EMAIL", "jane@example.com", 1);
	setenv("GIT_AUTHOR_DATE", "2026-10-01T12:00:00Z", 1);
	setenv("GIT_COMMITTER_DATE", "2026-10-01T12:00:00Z", 1);
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	unsetenv("SOURCE_DATE_EPOCH");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	test_table();
	test_branch_rules();
	test_good();
	test_evidence();
	test_defects();
	test_time();
	test_staged();
	test_suppression();
	test_sites_risks();
	test_model_alone();
	sh("rm -rf '%s'", tmp);
	return done_testing();
}
