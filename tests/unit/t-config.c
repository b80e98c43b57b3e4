/*
 * t-config.c - isms_config_load: the embedded default, a user's isms.yml
 * over it, and errors that point at path:line:col with a useful message.
 * The suite runs under ASan with leak detection, so every error path here
 * also proves that the half-built configuration is freed.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define PATH "conf/isms.yml"

static isms_config *cfg;
static isms_error err;

/* Load `text` (NULL: the default alone) as PATH into the global cfg. */
static int load(const char *text)
{
	isms_config_free(cfg);
	cfg = (isms_config *)1;   /* must be overwritten */
	memset(&err, 0, sizeof(err));
	return isms_config_load(&cfg, PATH, text, text ? strlen(text) : 0, &err);
}

/* Load `text` expecting success; print the error when it fails. */
static int loads(const char *text)
{
	int rc = load(text);

	if (rc != 0 || !cfg)
		printf("#   unexpected error %s:%d:%d: %s\n", err.path, err.line,
			err.col, err.msg);
	return rc == 0 && cfg != NULL && cfg != (isms_config *)1;
}

/*
 * Load `text` expecting an error at line:col whose message holds `words`;
 * the error must name PATH and the output pointer must be NULL.
 */
static int fails_at(const char *text, int line, int col, const char *words)
{
	int rc = load(text);
	int good = rc == -1 && cfg == NULL && !strcmp(err.path, PATH) &&
		err.line == line && err.col == col && strstr(err.msg, words);

	if (!good)
		printf("#   got rc %d, %s:%d:%d: %s\n#  want %s:%d:%d: ...%s...\n",
			rc, err.path, err.line, err.col, err.msg, PATH, line, col, words);
	return good;
}

/* Whether section `i` of `t` matches heading `text`. */
static int section_matches(const isms_type *t, size_t i, const char *text)
{
	return t && i < t->nsections && t->sections[i].re &&
		isms_re_match(t->sections[i].re, text, strlen(text)) == 1;
}

/* How many sections of `t` match heading `text`. */
static int sections_matching(const isms_type *t, const char *text)
{
	size_t i;
	int n = 0;

	for (i = 0; t && i < t->nsections; i++)
		n += section_matches(t, i, text);
	return n;
}

static int has_fields(const isms_type *t, const char *const *want, size_t n)
{
	size_t i;

	if (!t || t->nfields != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(t->fields[i], want[i]))
			return 0;
	return 1;
}

static int interval_is(isms_interval iv, int n, char unit)
{
	return iv.n == n && iv.unit == unit;
}

static int re_matches(const isms_re *re, const char *text)
{
	return re && isms_re_match(re, text, strlen(text)) == 1;
}

/* ---------------------------------------------------------------- default */

static const char *const measurement_fields[] = { "id", "type", "kpi",
	"date", "value" };

static const char *const default_types[] = { "policy", "process",
	"procedure", "management-review", "internal-audit", "nonconformity",
	"training", "kpi", "measurement", "risk" };
#define NDEFAULT_TYPES (sizeof(default_types) / sizeof(*default_types))

static int has_default_types(void)
{
	size_t i;

	for (i = 0; i < NDEFAULT_TYPES; i++)
		if (!isms_config_type(cfg, default_types[i]))
			return 0;
	return 1;
}

static void test_default(void)
{
	static const char *const doc_fields[] = { "id", "title", "type", "owner",
		"version", "status" };
	static const char *const review_fields[] = { "id", "title", "type",
		"owner", "date", "attendees", "decisions" };
	static const char *const headings[] = { "Management Intent",
		"Processes Definition", "Resource Allocation",
		"Interaction Methodology", "Continual Improvement" };
	const isms_type *pol;
	size_t i;
	int each = 1;

	ok(loads(NULL), "the embedded default loads with text NULL");
	ok(cfg->path == NULL, "the default alone has no path");
	is_int(cfg->ntypes, NDEFAULT_TYPES, "the default defines its types");
	ok(has_default_types(), "the default types are policy, process, "
		"procedure, management-review, internal-audit, nonconformity, "
		"training, kpi, measurement, risk");
	ok(!isms_config_type(cfg, "asset") && !isms_config_type(cfg, NULL),
		"an unknown or NULL type name gives NULL");

	pol = isms_config_type(cfg, "policy");
	ok(has_fields(pol, doc_fields, 6),
		"policy requires id, title, type, owner, version, status");
	is_int(pol ? pol->nsections : 0, 5, "policy requires 5 sections");
	for (i = 0; i < 5 && pol && pol->nsections == 5; i++)
		each &= pol->sections[i].re != NULL;
	ok(each, "every policy section pattern is compiled");
	for (i = 0; i < 5; i++)
		ok(section_matches(pol, i, headings[i]),
			"policy section %zu matches \"%s\"", i + 1, headings[i]);
	ok(section_matches(pol, 0, "management commitment") &&
	   section_matches(pol, 4, "CONTINUOUS IMPROVEMENT"),
		"the section patterns ignore case and allow the variants");
	ok(sections_matching(pol, "Scope") == 0 &&
	   sections_matching(pol, "Our management intent") == 0,
		"the section patterns are anchored and reject other headings");
	ok(pol && pol->nsections == 5 &&
	   !strcmp(pol->sections[0].title, "Management Intent") &&
	   !strcmp(pol->sections[4].title, "Continuous Improvement"),
		"the sections carry titles for messages");
	ok(has_fields(isms_config_type(cfg, "process"), doc_fields, 6) &&
	   isms_config_type(cfg, "process")->nsections == 0,
		"process requires the document fields and no sections");
	ok(has_fields(isms_config_type(cfg, "management-review"), review_fields, 7),
		"management-review requires date, attendees and decisions");

	ok(interval_is(cfg->review_interval, 12, 'm'), "review interval is 12 months");
	ok(interval_is(cfg->rec_review, 12, 'm') && interval_is(cfg->rec_audit, 12, 'm') &&
	   interval_is(cfg->rec_training, 12, 'm'),
		"management reviews, audits and training are due every 12 months");
	ok(interval_is(cfg->nc_due, 30, 'd'),
		"a new non-conformity is due 30 days after it is raised");
	ok(has_fields(isms_config_type(cfg, "measurement"), measurement_fields, 5),
		"measurement requires id, type, kpi, date and value");
	is_str(cfg->approval_branch, "main", "approvals are read from branch main");
	ok(cfg->approve_merge && cfg->approve_trailer,
		"approvals come from merges and trailers");
	ok(cfg->separation_of_duties, "separation of duties is on");
	ok(re_matches(cfg->ticket_re, "ISMS-42"), "the ticket pattern matches ISMS-42");
	ok(!re_matches(cfg->ticket_re, "isms-42"),
		"the ticket pattern does not match isms-42");
	ok(re_matches(cfg->ticket_re, "fix: close ISMS-42."),
		"the ticket pattern finds a key inside a commit message");
	ok(!cfg->require_tickets && cfg->ticket_url == NULL,
		"tickets are not required and have no URL");
	is_str(cfg->soa, "soa.yml", "the SoA is soa.yml");
	ok(cfg->ninclude == 1 && !strcmp(cfg->include[0], "**/*.md") &&
	   cfg->nexclude == 1 && !strcmp(cfg->exclude[0], "README.md"),
		"documents are every *.md except README.md");
	ok(cfg->nroles == 0 && cfg->nstaff == 0 && cfg->organisation == NULL,
		"the default has no roles, staff or organisation");
	ok(!isms_config_role(cfg, "ciso") && !isms_config_role(cfg, NULL),
		"role lookup in the default finds nothing");
}

static void test_empty_files(void)
{
	ok(loads("") && cfg->ntypes == NDEFAULT_TYPES && has_default_types() &&
	   interval_is(cfg->review_interval, 12, 'm'),
		"an empty isms.yml gives the default");
	is_str(cfg ? cfg->path : NULL, PATH, "a loaded file's path is kept");
	ok(loads("# nothing configured yet\n") && cfg->ntypes == NDEFAULT_TYPES,
		"an isms.yml of comments only gives the default");
	ok(loads("---\n") && cfg->ntypes == NDEFAULT_TYPES,
		"an isms.yml holding an empty document gives the default");
	ok(loads("roles:\nstaff:\n") && cfg->nroles == 0 && cfg->nstaff == 0,
		"empty roles and staff are allowed");
	/* Found by fuzz-config: an empty flow collection at the top once did
	 * pointer arithmetic on NULL in lib/yaml.c (UBSan, clang). */
	ok(loads("{}") && cfg->ntypes == NDEFAULT_TYPES && has_default_types(),
		"an isms.yml of {} gives the default");
	ok(load("[]") == -1 && strstr(err.msg, "isms.yml must be a mapping"),
		"an isms.yml of [] is a shape error");
}

/* ---------------------------------------------------------------- user file */

static const char full_example[] =
	"organisation: Example Ltd\n"
	"include: [\"**/*.md\"]\n"
	"exclude: [\"README.md\", \"drafts/**\"]\n"
	"review_interval: 6 months\n"
	"roles:\n"
	"  ciso: {name: Jane Roe, email: jane@example.com, approver: true}\n"
	"  it-lead: {name: Sam Poe, email: sam@example.com}\n"
	"  dpo:\n"
	"    name: Dee Poe\n"
	"    approver: no\n"
	"staff:\n"
	"  - {name: Ann Lee, email: ann@example.com}\n"
	"  - email: bob@example.com\n"
	"approval:\n"
	"  branch: release\n"
	"  sources: [merge, trailer]\n"
	"  separation_of_duties: false\n"
	"records:\n"
	"  management-review: 6 months\n"
	"  internal-audit: 1 year\n"
	"  training: 2 weeks\n"
	"  nonconformity-due: 2 weeks\n"
	"tickets:\n"
	"  pattern: '\\bSEC-[0-9]+\\b'\n"
	"  url: 'https://tracker.example.com/browse/{key}'\n"
	"  require_in_commits: true\n"
	"soa: isms/soa.yml\n";

static void test_full_example(void)
{
	const isms_role *r;

	ok(loads(full_example), "a full isms.yml loads");
	is_str(cfg->organisation, "Example Ltd", "organisation is read");
	ok(cfg->nexclude == 2 && !strcmp(cfg->exclude[1], "drafts/**"),
		"exclude is replaced by the user's list");
	ok(interval_is(cfg->review_interval, 6, 'm'), "review interval is overridden");
	is_int(cfg->nroles, 3, "three roles are read");
	r = isms_config_role(cfg, "ciso");
	ok(r && !strcmp(r->name, "Jane Roe") && !strcmp(r->email, "jane@example.com"),
		"a role has its name and email");
	ok(r && r->approver == 1, "approver: true makes a role an approver");
	r = isms_config_role(cfg, "it-lead");
	ok(r && r->approver == 0, "a role without approver is not an approver");
	r = isms_config_role(cfg, "dpo");
	ok(r && r->approver == 0 && !strcmp(r->name, "Dee Poe") && r->email == NULL,
		"a block-style role with approver: no and no email");
	ok(!isms_config_role(cfg, "ceo"), "an undefined role gives NULL");
	is_int(cfg->nstaff, 2, "two staff entries are read");
	ok(cfg->nstaff == 2 && !strcmp(cfg->staff[0].name, "Ann Lee") &&
	   !strcmp(cfg->staff[0].email, "ann@example.com"),
		"a staff entry has name and email");
	ok(cfg->nstaff == 2 && cfg->staff[1].name == NULL &&
	   !strcmp(cfg->staff[1].email, "bob@example.com"),
		"a staff entry may omit the name");
	is_str(cfg->approval_branch, "release", "approval branch is overridden");
	ok(!cfg->separation_of_duties, "separation_of_duties: false turns it off");
	ok(interval_is(cfg->rec_review, 6, 'm') && interval_is(cfg->rec_audit, 1, 'y') &&
	   interval_is(cfg->rec_training, 2, 'w'),
		"record intervals are overridden");
	ok(interval_is(cfg->nc_due, 2, 'w'), "records.nonconformity-due is read");
	ok(re_matches(cfg->ticket_re, "SEC-7") && !re_matches(cfg->ticket_re, "ISMS-42"),
		"the ticket pattern is replaced");
	ok(cfg->require_tickets && cfg->ticket_url &&
	   strstr(cfg->ticket_url, "{key}"),
		"ticket URL and require_in_commits are read");
	is_str(cfg->soa, "isms/soa.yml", "soa path is overridden");
	ok(cfg->ntypes == NDEFAULT_TYPES && has_default_types(),
		"a file without types keeps the default types");
}

static void test_type_override(void)
{
	static const char *const two[] = { "id", "title" };
	static const char *const doc_fields[] = { "id", "title", "type", "owner",
		"version", "status" };
	const isms_type *pol;

	ok(loads("types:\n"
		"  policy:\n"
		"    fields: [id, title]\n"
		"    sections:\n"
		"      - {title: Scope, match: '^Scope$'}\n"
		"  risk-register:\n"
		"    fields: id\n"),
		"a file overriding policy and adding a type loads");
	pol = isms_config_type(cfg, "policy");
	ok(has_fields(pol, two, 2), "the user's policy replaces the default fields");
	ok(pol && pol->nsections == 1 && !strcmp(pol->sections[0].title, "Scope") &&
	   section_matches(pol, 0, "Scope") &&
	   !section_matches(pol, 0, "Management Intent"),
		"the user's policy replaces the default sections");
	ok(has_fields(isms_config_type(cfg, "process"), doc_fields, 6) &&
	   has_fields(isms_config_type(cfg, "procedure"), doc_fields, 6),
		"types the file does not define keep their default");
	ok(cfg->ntypes == NDEFAULT_TYPES + 1 && has_default_types(),
		"a new type is added beside the defaults");
	ok(isms_config_type(cfg, "risk-register") &&
	   isms_config_type(cfg, "risk-register")->nfields == 1 &&
	   !strcmp(isms_config_type(cfg, "risk-register")->fields[0], "id"),
		"a single string counts as a list of one field");

	ok(loads("types:\n  policy:\n    fields: [id]\n"), "a type with fields only loads");
	pol = isms_config_type(cfg, "policy");
	ok(pol && pol->nsections == 0,
		"overriding a type without sections drops the default sections");

	ok(loads("types:\n  policy:\n    sections:\n"
		"      - match: '(?i)^scope'\n"), "a section without title loads");
	pol = isms_config_type(cfg, "policy");
	ok(pol && pol->nsections == 1 && !strcmp(pol->sections[0].title, "(?i)^scope"),
		"a section without title is named by its pattern");
}

static void test_approval_sources(void)
{
	ok(loads("approval:\n  sources: [trailer]\n") &&
	   !cfg->approve_merge && cfg->approve_trailer,
		"sources [trailer] turns merge off and keeps trailer");
	ok(cfg && cfg->separation_of_duties && !strcmp(cfg->approval_branch, "main"),
		"keys of approval not given keep their default");
	ok(loads("approval:\n  sources: merge\n") &&
	   cfg->approve_merge && !cfg->approve_trailer,
		"a single source as a string turns the other off");
	ok(loads("approval:\n  sources: []\n") &&
	   !cfg->approve_merge && !cfg->approve_trailer,
		"an empty list of sources turns both off");
	ok(loads("approval: {separation_of_duties: off}\n") &&
	   !cfg->separation_of_duties,
		"the YAML 1.1 boolean off is accepted");
	ok(loads("organization: Example Inc\n") &&
	   !strcmp(cfg->organisation, "Example Inc"),
		"the US spelling organization is accepted");
}

/* site.url: where the published site lives (SARIF's helpUri). */
static void test_site_url(void)
{
	ok(loads("organisation: X\n") && cfg->site_url == NULL,
		"without site, no site.url");
	ok(loads("site: {url: 'https://isms.example.com/handbook//'}\n") &&
	   !strcmp(cfg->site_url, "https://isms.example.com/handbook"),
		"site.url is kept without its trailing '/'");
	ok(loads("site:\n  url: http://intranet/isms\n") &&
	   !strcmp(cfg->site_url, "http://intranet/isms"),
		"an http:// site.url is accepted");
	ok(fails_at("site:\n  url: isms.example.com\n", 2, 8,
		"site.url must be an http:// or https:// address"),
		"a site.url without a scheme is an error at its value");
	ok(fails_at("site:\n  url: [a]\n", 2, 8, "site.url must be a string"),
		"a site.url that is not a string is an error");
	ok(fails_at("site:\n  path: /x\n", 2, 3, "unknown key \"path\""),
		"an unknown key under site is named");
}

/* ---------------------------------------------------------------- errors */

static void test_errors(void)
{
	ok(fails_at("organisation: Example\n  bad: indent\n", 2, 6, "not allowed"),
		"a YAML syntax error is reported at its line:col");
	ok(fails_at("soa: a.yml\nsoa: b.yml\n", 2, 1,
		"duplicate key \"soa\" (first at line 1)"),
		"a duplicate key is an error at the second key");
	ok(fails_at("roles:\n  ciso: {name: A}\n  ciso: {name: B}\n", 3, 3,
		"duplicate key \"ciso\""),
		"a duplicate role is an error at the second key");
	ok(fails_at("organisation: X\nreview-interval: 6 months\n", 2, 1,
		"unknown key \"review-interval\" in isms.yml"),
		"an unknown top-level key is named at its position");
	ok(fails_at("roles:\n  ciso: {name: Jane, mail: j@example.com}\n", 2, 22,
		"unknown key \"mail\" in a role"),
		"an unknown key in a role is named at its position");
	ok(fails_at("roles:\n  - ciso\n  - dpo\n", 2, 3, "roles must be a mapping"),
		"roles given as a list is a shape error");
	ok(fails_at("roles:\n  ciso: Jane Roe\n", 2, 9, "a role must be a mapping"),
		"a role given as a string is a shape error");
	ok(fails_at("isms: yes\n", 1, 1, "unknown key \"isms\""),
		"the message of an unknown key names it");
	ok(fails_at("- organisation\n", 1, 1, "isms.yml must be a mapping"),
		"a top-level list is a shape error");
	ok(fails_at("review_interval: twelve months\n", 1, 18,
		"review_interval must be an interval such as \"12 months\""),
		"a bad interval names the key and shows an example");
	ok(fails_at("records:\n  training: 3 fortnights\n", 2, 13,
		"training must be an interval"),
		"a bad record interval points at its value");
	ok(fails_at("approval:\n  separation_of_duties: maybe\n", 2, 25,
		"separation_of_duties must be true or false"),
		"a boolean that is not a boolean is an error at its value");
	ok(fails_at("roles:\n  ciso: {approver: 1}\n", 2, 20,
		"approver must be true or false"),
		"approver: 1 is not a boolean");
	ok(fails_at("tickets:\n  require_in_commits: \"true\"\n", 2, 23,
		"require_in_commits must be true or false"),
		"a quoted \"true\" is a string, not a boolean");
	ok(fails_at("staff:\n  - {name: Ann Lee}\n", 2, 5,
		"a staff entry needs an email"),
		"a staff entry without email is an error at the entry");
	ok(fails_at("staff:\n  - {name: A, email: a@x}\n  - name: B\n", 3, 5,
		"a staff entry needs an email"),
		"the second staff entry without email is reported, not the first");
	ok(fails_at("staff:\n  - {email: a@x, phone: 1}\n", 2, 18,
		"unknown key \"phone\" in a staff entry"),
		"an unknown key in a staff entry is named");
	ok(fails_at("staff: {ann: ann@example.com}\n", 1, 8, "staff must be a list"),
		"staff given as a mapping is a shape error");
	ok(fails_at("approval:\n  sources: [merge, email]\n", 2, 20,
		"unknown approval source \"email\""),
		"an unknown approval source is named at its position");
	ok(fails_at("include: {a: b}\n", 1, 10, "include must be a list of strings"),
		"include given as a mapping is a shape error");
	ok(fails_at("types:\n  policy:\n    sections: {title: X}\n", 3, 15,
		"sections must be a list"),
		"sections given as a mapping is a shape error");
	ok(fails_at("types:\n  policy:\n    sections:\n      - {title: X}\n", 4, 9,
		"a section needs a match pattern"),
		"a section without match is an error at the section");
	ok(fails_at("types:\n  policy:\n    required: [id]\n", 3, 5,
		"unknown key \"required\" in a type"),
		"an unknown key in a type is named");
}

static void test_pattern_errors(void)
{
	/* Pattern x[b-a]y: PCRE2 reports the range at offset 4, the 'a'. */
	ok(fails_at("types:\n  policy:\n    sections:\n"
		"      - {title: X, match: 'x[b-a]y'}\n", 4, 32,
		"invalid pattern: range out of order"),
		"a bad single-quoted section pattern points at the offending character");
	ok(fails_at("types:\n  policy:\n    sections:\n"
		"      - title: X\n"
		"        match: x[b-a]y\n", 5, 20, "invalid pattern"),
		"a bad plain section pattern points at the offending character");
	ok(fails_at("types:\n  policy:\n    sections:\n"
		"      - {title: A, match: '^a'}\n"
		"      - {title: B, match: '^(b'}\n", 5, 31,
		"missing closing parenthesis"),
		"an error at the end of a pattern points at its closing quote");
	ok(fails_at("types:\n  policy:\n    sections:\n"
		"      - {title: A, match: '^a', note: x}\n", 4, 33,
		"unknown key \"note\" in a section"),
		"an unknown key in a section is named");
	ok(fails_at("tickets:\n  pattern: '[A-Z'\n", 2, 17,
		"invalid pattern: missing terminating ]"),
		"a bad ticket pattern is reported at the end of the pattern");
	/* In a double-quoted scalar "\\" is two columns of file for one
	 * character of pattern: the column must still land on the 'a'. */
	ok(fails_at("types:\n  policy:\n    sections:\n"
		"      - {title: X, match: \"\\\\dx[b-a]\"}\n", 4, 35,
		"range out of order"),
		"a bad double-quoted pattern with an escape points at the character");
}

static void test_error_path(void)
{
	isms_config *c = (isms_config *)1;
	isms_error e;

	memset(&e, 0, sizeof(e));
	ok(isms_config_load(&c, "sub/dir/isms.yml", "bogus: 1\n", 9, &e) == -1 &&
	   c == NULL && !strcmp(e.path, "sub/dir/isms.yml"),
		"err->path is the path passed in");
	memset(&e, 0, sizeof(e));
	ok(isms_config_load(&c, NULL, "bogus: 1\n", 9, &e) == -1 &&
	   !strcmp(e.path, "isms.yml"),
		"without a path, errors name isms.yml");
	ok(isms_config_load(&c, PATH, "bogus: 1\n", 9, NULL) == -1 && c == NULL,
		"a NULL err is allowed on failure");
	ok(isms_config_load(&c, PATH, "soa: x.yml\n", 11, NULL) == 0 && c &&
	   !strcmp(c->soa, "x.yml"),
		"a NULL err is allowed on success");
	isms_config_free(c);
	/* len is honoured: the text after it is not read. */
	ok(isms_config_load(&c, PATH, "soa: x.yml\nbogus: 1\n", 11, &e) == 0 && c &&
	   !strcmp(c->soa, "x.yml"),
		"only len bytes of the text are read");
	isms_config_free(c);
	isms_config_free(NULL);
	ok(1, "isms_config_free(NULL) is a no-op");
}

/* Error paths after partial work must free it all: load many broken files
 * (ASan's leak check at exit is the real assertion). */
static void test_error_paths_free(void)
{
	static const char *const broken[] = {
		"types:\n  policy:\n    sections:\n      - {match: a}\n      - {match: '('}\n",
		"types:\n  policy:\n    sections:\n      - {match: a, title: [x]}\n",
		"types:\n  new:\n    sections: [{match: a}, {match: b}, {title: c}]\n",
		"roles: {a: {name: x}}\nstaff: [{name: y}]\n",
		"tickets: {pattern: 'X-[0-9]+'}\nsoa: [a]\n",
		"tickets: {pattern: '(('}\n",
		"organisation: [x]\n",
		"a: &x [*x]\n",
		"{ unterminated\n",
	};
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof(broken) / sizeof(*broken); i++)
		all &= load(broken[i]) == -1 && cfg == NULL && err.msg[0];
	ok(all, "each of %zu broken files fails with a message and no config",
		sizeof(broken) / sizeof(*broken));
}

/* A loader that goes on: every error of one file, each with its place. */
static void test_all_errors(void)
{
	static const char text[] =
		"bogus: 1\n"                                   /* 1:1 */
		"review_interval: soon\n"                      /* 2:18 */
		"roles:\n"
		"  ciso: {name: Jane, approver: maybe}\n"     /* 4:32 */
		"  ceo: {name: Max, approver: true}\n"
		"types:\n"
		"  policy:\n"
		"    sections: [{match: '('}, {title: x}]\n"  /* 8:26, 8:30 */
		"approval: {require: strong, sources: [merge, fax]}\n"; /* 9:21, 9:46 */
	static const char *const want[] = { PATH ":2:18: review_interval must",
		PATH ":4:32: approver must be true or false",
		PATH ":8:26: invalid pattern", PATH ":8:30: a section needs a match",
		PATH ":9:21: unknown evidence level \"strong\"",
		PATH ":9:46: unknown approval source \"fax\"" };
	size_t i;
	int all = 1;

	ok(load(text) == -1 && cfg == NULL, "a file with seven errors fails");
	is_int(err.count, 7, "and counts them all");
	ok(err.line == 1 && err.col == 1 && strstr(err.msg, "unknown key \"bogus\""),
		"the first is in line, col and msg (%d:%d: %s)", err.line, err.col,
		err.msg);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(err.more, want[i])) {
			printf("#   no \"%s\" in:\n%s", want[i], err.more);
			all = 0;
		}
	ok(all, "each of the others is a line of more, with its path, line and column");
}

/* Sites, site kinds and the risk threshold (PRODUCT.md section 7). */
static void test_sites(void)
{
	const isms_site_kind *k;

	ok(loads(NULL) && cfg->nsites == 0 && cfg->risk_threshold == 12,
		"the default has no sites and a risk threshold of 12");
	k = isms_config_site_kind(cfg, "office");
	ok(k && k->ncontrols == 4 && !strcmp(k->controls[0]->id, "7.1") &&
	   !strcmp(k->controls[3]->id, "7.7"),
		"the embedded office kind requires A.7.1, A.7.2, A.7.3, A.7.7");
	ok((k = isms_config_site_kind(cfg, "home")) && k->ncontrols == 2 &&
	   (k = isms_config_site_kind(cfg, "cloud")) && k->ncontrols == 1 &&
	   !strcmp(k->controls[0]->id, "5.23"),
		"home requires two controls, cloud A.5.23");
	ok(loads("sites:\n"
		"  hq: {kind: office, name: London HQ}\n"
		"  aws: {kind: cloud, name: AWS eu-west-2, provider: AWS}\n"
		"  lab: {kind: lab}\n"
		"site_kinds:\n"
		"  lab: {controls: [A.7.4, 7.4, A.8.9]}\n"
		"  home: {controls: [A.6.7]}\n"
		"risk: {threshold: 15}\n"), "sites, site kinds and risk load");
	ok(cfg->nsites == 3 && !strcmp(cfg->sites[1].provider, "AWS") &&
	   !strcmp(cfg->sites[0].name, "London HQ") &&
	   !strcmp(cfg->sites[2].name, "lab") && cfg->sites[0].line == 2,
		"sites keep their order, name (the key when none), provider and line");
	ok(cfg->sites[2].def && cfg->sites[2].def->ncontrols == 2,
		"a kind the file defines is the site's; a control listed twice counts once");
	ok(isms_config_site_kind(cfg, "home")->ncontrols == 1 &&
	   isms_config_site_kind(cfg, "office")->ncontrols == 4,
		"a kind the file defines replaces the embedded one, the others stay");
	is_int(cfg->risk_threshold, 15, "risk.threshold is read");
	ok(load("sites:\n  hq: {kind: castle}\n") == -1 && err.line == 2 &&
	   err.col == 14 && strstr(err.msg, "\"castle\", which site_kinds"),
		"a site of an undefined kind is an error at its kind's line and column");
	ok(load("site_kinds:\n  lab: {controls: [A.9.9]}\n") == -1 &&
	   err.line == 2 && strstr(err.msg, "A.9.9"),
		"a site kind's control must be an Annex A control");
	ok(load("sites:\n  hq: {name: x}\n") == -1 && strstr(err.msg, "needs a kind"),
		"a site needs a kind");
	ok(load("risk: {threshold: 30}\n") == -1 && err.line == 1,
		"a threshold beyond 25 is an error");
	ok(load("sites:\n  hq: {kind: office, floor: 2}\n") == -1 &&
	   strstr(err.msg, "floor"), "an unknown key of a site is an error");
}

int main(void)
{
	test_default();
	test_empty_files();
	test_full_example();
	test_type_override();
	test_approval_sources();
	test_errors();
	test_pattern_errors();
	test_error_path();
	test_error_paths_free();
	test_all_errors();
	test_sites();
	test_site_url();
	isms_config_free(cfg);
	return done_testing();
}
