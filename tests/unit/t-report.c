/*
 * t-report.c - the rule table, the report (sorting, counting, copying) and
 * its five writers, checked byte for byte against golden files.
 *
 * Goldens live in $ISMS_SRC/tests/data/golden/report.*; run with
 * ISMS_UPDATE_GOLDEN=1 to rewrite them after an intended change (then
 * review the diff, and check that the JSON and SARIF still parse).
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* PRODUCT.md section 3, in its order, with default severities, and the
 * rules of the later sections where they belong. */
static const struct { const char *id; isms_severity sev; } product_rules[] = {
	{ "front-matter/missing", ISMS_ERROR },
	{ "front-matter/syntax", ISMS_ERROR },
	{ "field/missing", ISMS_ERROR },
	{ "field/invalid", ISMS_ERROR },
	{ "field/unknown", ISMS_WARNING },
	{ "id/duplicate", ISMS_ERROR },
	{ "owner/unknown", ISMS_ERROR },
	{ "section/missing", ISMS_ERROR },
	{ "section/empty", ISMS_ERROR },
	{ "section/order", ISMS_ERROR },
	{ "link/broken", ISMS_ERROR },
	{ "ref/unknown", ISMS_ERROR },
	{ "process/isolated", ISMS_WARNING },
	{ "control/unknown", ISMS_ERROR },
	{ "control/legacy", ISMS_WARNING },
	{ "soa/undecided", ISMS_WARNING },
	{ "soa/unjustified", ISMS_ERROR },
	{ "soa/unimplemented", ISMS_WARNING },
	{ "soa/contradiction", ISMS_WARNING },
	{ "review/overdue", ISMS_ERROR },
	{ "approval/missing", ISMS_ERROR },
	{ "approval/self", ISMS_ERROR },
	{ "version/unchanged", ISMS_WARNING },
	{ "record/overdue", ISMS_ERROR },
	{ "nonconformity/overdue", ISMS_ERROR },
	{ "nonconformity/no-ticket", ISMS_WARNING },
	{ "training/overdue", ISMS_WARNING },
	{ "record/empty", ISMS_ERROR },
	{ "kpi/stale", ISMS_ERROR },
	{ "kpi/off-target", ISMS_WARNING },
	{ "suppression/expired", ISMS_ERROR },
	{ "site/unknown", ISMS_ERROR },
	{ "site/uncovered", ISMS_ERROR },
	{ "risk/untreated", ISMS_ERROR },
	{ "risk/acceptance", ISMS_ERROR },
	{ "risk/overdue", ISMS_WARNING },
	/* Tracker evidence and shelf-ware (PRODUCT.md section 7). */
	{ "ticket/unknown", ISMS_ERROR },
	{ "ticket/mismatch", ISMS_ERROR },
	{ "ticket/untracked", ISMS_WARNING },
	{ "template/unchanged", ISMS_WARNING },
};
#define NPRODUCT (sizeof(product_rules) / sizeof(product_rules[0]))

/* Rules that no front matter can suppress: they fire before it is read,
 * on soa.yml, or on the ISMS as a whole; suppression/expired never. */
static const char *const unsuppressible[] = {
	"front-matter/missing", "front-matter/syntax", "soa/undecided",
	"soa/unjustified", "soa/unimplemented", "soa/contradiction",
	"record/overdue", "training/overdue", "suppression/expired",
	"site/uncovered",
	"ticket/untracked",
};

static int suppressible(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(unsuppressible) / sizeof(*unsuppressible); i++)
		if (!strcmp(unsuppressible[i], id))
			return 0;
	return 1;
}

/* Wrapped at 72 columns, no tabs, no trailing blanks, ends in one newline. */
static int explain_well_formed(const char *s)
{
	size_t len = strlen(s);
	const char *line, *nl;

	if (len < 200 || s[len - 1] != '\n' || s[len - 2] == '\n' ||
	    strchr(s, '\t'))
		return 0;
	for (line = s; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl - line > 72 || (nl > line && nl[-1] == ' '))
			return 0;
	}
	return 1;
}

static void test_rule_table(void)
{
	size_t n, i, j;
	const isms_rule_info *rules = isms_rules(&n);
	int same = 1, unique = 1, documented = 1, shared = 1, found = 1;
	isms_buf text = ISMS_BUF_INIT, ignore = ISMS_BUF_INIT;

	is_int(n, NPRODUCT, "the table has as many rules as PRODUCT.md");
	for (i = 0; i < n && i < NPRODUCT; i++)
		same &= strcmp(rules[i].id, product_rules[i].id) == 0 &&
			rules[i].severity == product_rules[i].sev;
	ok(same, "rules are PRODUCT.md's, in its order, with its severities");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			unique &= strcmp(rules[i].id, rules[j].id) != 0;
	ok(unique, "rule ids are unique");
	/* The rows hold only what is their own; a reason sits in a YAML
	 * double-quoted string, so it needs no escaping there. */
	for (i = 0; i < n; i++) {
		const char *reason = rules[i].reason_example;
		int good, own;

		isms_buf_truncate(&text, 0);
		isms_rule_explain(&text, &rules[i]);
		isms_buf_truncate(&ignore, 0);
		isms_buf_printf(&ignore, "\n      ignore: [%s]\n", rules[i].id);
		good = rules[i].summary && *rules[i].summary &&
			!strchr(rules[i].summary, '\n') &&
			strlen(rules[i].summary) <= 72 && rules[i].explain &&
			explain_well_formed(text.ptr) &&
			strstr(text.ptr, "Fix") && strstr(text.ptr, "xample");
		own = good && !reason == !suppressible(rules[i].id) &&
			!strstr(rules[i].explain, "This is a warning") &&
			!strstr(rules[i].explain, "To suppress it") &&
			!strstr(rules[i].explain, "until makes") &&
			!strstr(text.ptr, "\n\n\n") &&
			!strstr(text.ptr, "This is a warning") ==
				(rules[i].severity != ISMS_WARNING) &&
			!strstr(text.ptr, ignore.ptr) == !reason &&
			(!reason || (*reason && !strpbrk(reason, "\"\\\n")));
		if (!good)
			printf("# badly documented: %s\n", rules[i].id);
		else if (!own)
			printf("# boilerplate wrong: %s\n", rules[i].id);
		documented &= good;
		shared &= own;
	}
	ok(documented, "every rule has a one-line summary and an explain text "
		"with an example and a fix, wrapped at 72 columns");
	ok(shared, "only isms_rule_explain writes the warning paragraph and the "
		"suppression example, the latter for every rule a document can "
		"suppress");
	isms_buf_release(&text);
	isms_buf_release(&ignore);
	for (i = 0; i < n; i++)
		found &= isms_rule_find(rules[i].id) == &rules[i];
	ok(found, "isms_rule_find finds every rule");
	ok(!isms_rule_find("section") && !isms_rule_find("") &&
		!isms_rule_find(NULL), "isms_rule_find rejects unknown ids");
}

static void test_format_parse(void)
{
	static const char *const names[] = {
		"text", "json", "sarif", "junit", "github"
	};
	isms_format f = ISMS_FMT_TEXT;
	int all = 1;
	size_t i;

	for (i = 0; i < 5; i++)
		all &= isms_format_parse(&f, names[i]) == 0 && f == (isms_format)i;
	ok(all, "text, json, sarif, junit and github parse to their formats");
	ok(isms_format_parse(&f, "xml") < 0 && isms_format_parse(&f, "") < 0 &&
		isms_format_parse(&f, "JSON") < 0 &&
		isms_format_parse(&f, NULL) < 0, "other format names are refused");
}

/* The golden report: awkward strings, added out of order. */
static void build_fixture(isms_report *r)
{
	isms_report_add(r, "soa.yml", 0, 0, "soa/undecided",
		"control A.8.12 (Data leakage prevention) has no decision");
	isms_report_add(r, "policies/sécurité, v2.md", 4, 0, "field/invalid",
		"next_review: \"%s\" is not a date (YYYY-MM-DD)", "01/03/2027");
	isms_report_add(r, "policies/access control.md", 12, 3, "section/empty",
		"required section \"Resource Allocation\" has no content");
	isms_report_add(r, "processes/r&d <lab>.md", 9, 11, "ref/unknown",
		"inputs[0].from: unknown process id 'PRC-RSIK'; did you mean "
		"'PRC-RISK'?");
	isms_report_add(r, "policies/access control.md", 0, 0, "review/overdue",
		"last approved change 2024-01-10 is older than review_interval: "
		"12 months, 100%% past due");
	isms_report_add(r, "processes/r&d <lab>.md", 3, 1, "front-matter/syntax",
		"did not find expected key\r\nwhile parsing a block mapping "
		"at line 2, column 1");
	isms_report_add(r, "processes/lonely.md", 1, 1, "process/isolated",
		"process PRC-LONE has no inputs or outputs & no process names it");
	isms_report_add(r, "policies/access control.md", 12, 3, "link/broken",
		"link to <../processes/risk.md#treatment>: no heading "
		"\"treatment\"");
	isms_report_add(r, "records/audits/2025:Q1 100%.md", 7, 2,
		"control/legacy", "A.9.2.1 is an ISO 27001:2013 id → use A.5.16 "
		"(Identity management)\tnow");
	isms_report_add(r, "policies/access control.md", 12, 3, "section/empty",
		"required section \"Interaction Methodology\" has no content");
	isms_report_add(r, "processes/lonely.md", 5, 1, "field/unknown",
		"unknown key \"ownr\", did you mean \"owner\"?");
	r->documents = 7;
	isms_report_finish(r);
}

static void test_sort_and_count(void)
{
	static const struct {
		const char *path;
		int line, col;
		const char *rule, *message;   /* a prefix of the message */
	} want[] = {
		{ "policies/access control.md", 0, 0, "review/overdue", "" },
		{ "policies/access control.md", 12, 3, "link/broken", "" },
		{ "policies/access control.md", 12, 3, "section/empty",
		  "required section \"Interaction" },
		{ "policies/access control.md", 12, 3, "section/empty",
		  "required section \"Resource" },
		{ "policies/sécurité, v2.md", 4, 0, "field/invalid", "" },
		{ "processes/lonely.md", 1, 1, "process/isolated", "" },
		{ "processes/lonely.md", 5, 1, "field/unknown", "" },
		{ "processes/r&d <lab>.md", 3, 1, "front-matter/syntax", "" },
		{ "processes/r&d <lab>.md", 9, 11, "ref/unknown", "" },
		{ "records/audits/2025:Q1 100%.md", 7, 2, "control/legacy", "" },
		{ "soa.yml", 0, 0, "soa/undecided", "" },
	};
	isms_report r;
	size_t i;
	int sorted = 1;

	isms_report_init(&r);
	build_fixture(&r);
	is_int(r.n, 11, "every finding added is kept");
	for (i = 0; i < r.n && i < 11; i++) {
		const isms_finding *f = &r.findings[i];
		sorted &= strcmp(f->path, want[i].path) == 0 &&
			f->line == want[i].line && f->col == want[i].col &&
			strcmp(f->rule, want[i].rule) == 0 &&
			strncmp(f->message, want[i].message,
				strlen(want[i].message)) == 0;
	}
	ok(sorted, "findings sort by path, line, column, rule, then message");
	is_int(r.errors, 7, "errors are counted");
	is_int(r.warnings, 4, "warnings are counted");
	ok(r.findings[9].severity == ISMS_WARNING &&
		r.findings[4].severity == ISMS_ERROR,
		"a finding takes its rule's default severity");
	isms_report_release(&r);
	ok(r.findings == NULL && r.n == 0 && r.arena == NULL,
		"release leaves an empty report");
}

static void test_copies_and_cleans(void)
{
	isms_report r;
	isms_buf b = ISMS_BUF_INIT;
	char path[] = "policies/a.md";
	const char bad[] = "bad \xff byte, cut \xe2\x82 and overlong \xc0\xaf";

	isms_report_init(&r);
	isms_report_add(&r, path, -4, 9, "field/missing", "%s", bad);
	isms_report_add(&r, path, 2, -1, "field/missing", "ok \xe2\x82\xac");
	isms_report_add(&r, "x/\xffname.md", 1, 1, "field/missing", "m");
	path[0] = 'X';
	is_str(r.findings[0].path, "policies/a.md", "the path is copied");
	is_str(r.findings[0].message, "bad \xef\xbf\xbd byte, cut "
		"\xef\xbf\xbd\xef\xbf\xbd and overlong \xef\xbf\xbd\xef\xbf\xbd",
		"invalid UTF-8 in a message becomes U+FFFD when added");
	is_str(r.findings[1].message, "ok \xe2\x82\xac", "valid UTF-8 is kept");
	ok(r.findings[0].line == 0 && r.findings[0].col == 0,
		"a negative line is unknown, and so is a column without a line");
	is_int(r.findings[1].col, 0, "a negative column is unknown");
	is_str(r.findings[2].path, "x/\xffname.md",
		"a path keeps its bytes, so suppressions and PATH filters match it");
	isms_report_finish(&r);
	isms_report_write(&b, &r, ISMS_FMT_JSON, 0);
	ok(strstr(b.ptr, "\"x/\xef\xbf\xbdname.md\"") && !strchr(b.ptr, '\xff'),
		"writers show an invalid UTF-8 path with U+FFFD");
	isms_buf_truncate(&b, 0);
	isms_report_write(&b, &r, ISMS_FMT_SARIF, 0);
	ok(strstr(b.ptr, "\"uri\":\"x/%FFname.md\"") != NULL,
		"SARIF percent-encodes the path's raw bytes");
	isms_buf_release(&b);
	isms_report_release(&r);
}

static void test_text_details(void)
{
	isms_report r;
	isms_buf b = ISMS_BUF_INIT;

	isms_report_init(&r);
	isms_report_add(&r, "a.md", 2, 0, "section/missing", "no \x1b[31mred");
	isms_report_add(&r, "a.md", 3, 4, "control/legacy", "old");
	isms_report_add(&r, "", 0, 0, "record/overdue", "no review");
	isms_report_finish(&r);
	isms_report_write(&b, &r, ISMS_FMT_TEXT, 1);
	is_str(b.ptr,
		"\033[31merror\033[0m: no review \033[2m[record/overdue]\033[0m\n"
		"\033[1ma.md:2:\033[0m \033[31merror\033[0m: no \\x1b[31mred "
		"\033[2m[section/missing]\033[0m\n"
		"\033[1ma.md:3:4:\033[0m \033[33mwarning\033[0m: old "
		"\033[2m[control/legacy]\033[0m\n",
		"color: bold location, red error, yellow warning, dim rule; "
		"control characters escaped; no path, no location");
	isms_buf_release(&b);
	isms_report_release(&r);
}

static void test_empty_report(void)
{
	isms_report r;
	isms_buf b = ISMS_BUF_INIT;

	isms_report_init(&r);
	r.documents = 3;
	isms_report_finish(&r);
	isms_report_write(&b, &r, ISMS_FMT_TEXT, 1);
	isms_report_write(&b, &r, ISMS_FMT_GITHUB, 0);
	ok(b.len == 0, "a clean report writes no text and no annotations");
	isms_report_write(&b, &r, ISMS_FMT_JSON, 0);
	is_str(b.ptr, "{\"findings\":[],\"summary\":{\"documents\":3,"
		"\"errors\":0,\"warnings\":0}}\n", "a clean report in JSON");
	isms_buf_truncate(&b, 0);
	isms_report_write(&b, &r, ISMS_FMT_JUNIT, 0);
	ok(strstr(b.ptr, "tests=\"1\" failures=\"0\"") &&
		strstr(b.ptr, "<testcase classname=\"isms-lint\" name=\"isms\"/>"),
		"a clean report in JUnit has one passing testcase");
	isms_buf_truncate(&b, 0);
	isms_report_write(&b, &r, ISMS_FMT_SARIF, 0);
	ok(strstr(b.ptr, "\"results\":[]}]}\n") != NULL,
		"a clean report in SARIF has an empty results list");
	isms_buf_release(&b);
	isms_report_release(&r);
}

static int read_file(isms_buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

static int write_file(const char *path, const isms_buf *b)
{
	FILE *f = fopen(path, "wb");
	int bad;

	if (!f)
		return -1;
	bad = fwrite(b->ptr, 1, b->len, f) != b->len;
	return fclose(f) != 0 || bad ? -1 : 0;
}

static void check_golden(const isms_report *r, isms_format fmt,
	const char *ext)
{
	const char *src = getenv("ISMS_SRC");
	const char *update = getenv("ISMS_UPDATE_GOLDEN");
	char path[1024];
	isms_buf got = ISMS_BUF_INIT, want = ISMS_BUF_INIT;
	size_t i;

	snprintf(path, sizeof(path), "%s/tests/data/golden/report.%s",
		src && *src ? src : ".", ext);
	isms_report_write(&got, r, fmt, 0);
	if (update && strcmp(update, "1") == 0) {
		ok(write_file(path, &got) == 0, "%s format: golden rewritten", ext);
		goto done;
	}
	if (read_file(&want, path) < 0) {
		ok(0, "%s format: golden file %s readable", ext, path);
		goto done;
	}
	for (i = 0; i < got.len && i < want.len && got.ptr[i] == want.ptr[i]; i++)
		;
	if (!ok(got.len == want.len && i == got.len,
		"%s format matches %s byte for byte", ext, path))
		printf("#   first difference at byte %zu\n", i);
done:
	isms_buf_release(&got);
	isms_buf_release(&want);
}

static void test_goldens(void)
{
	isms_report r, again;
	isms_buf a = ISMS_BUF_INIT, b = ISMS_BUF_INIT;
	isms_format f;

	isms_report_init(&r);
	build_fixture(&r);
	check_golden(&r, ISMS_FMT_TEXT, "txt");
	check_golden(&r, ISMS_FMT_JSON, "json");
	check_golden(&r, ISMS_FMT_SARIF, "sarif");
	check_golden(&r, ISMS_FMT_JUNIT, "junit.xml");
	check_golden(&r, ISMS_FMT_GITHUB, "github");

	isms_report_init(&again);
	build_fixture(&again);
	for (f = ISMS_FMT_TEXT; f <= ISMS_FMT_GITHUB; f++) {
		isms_report_write(&a, &r, f, 1);
		isms_report_write(&b, &again, f, 1);
	}
	ok(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0,
		"two runs over the same findings write the same bytes");
	isms_buf_release(&a);
	isms_buf_release(&b);
	isms_report_release(&again);
	isms_report_release(&r);
}

int main(void)
{
	test_rule_table();
	test_format_parse();
	test_sort_and_count();
	test_copies_and_cleans();
	test_text_details();
	test_empty_report();
	test_goldens();
	return done_testing();
}
