/*
 * report.c - lint findings: collect, sort, count, and write them as text,
 * JSON, SARIF 2.1.0, JUnit XML or GitHub workflow commands.
 *
 * Every writer is a pure function of the finished report, so the same
 * findings give the same bytes: the order is the sort of
 * isms_report_finish, numbers are printed in C, and nothing depends on
 * the locale, the clock or the environment.
 */
#include "model.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- report */

void isms_report_init(isms_report *r)
{
	memset(r, 0, sizeof(*r));
	r->arena = isms_arena_new();
}

void isms_report_release(isms_report *r)
{
	free(r->findings);
	isms_buf_release(&r->notes);
	isms_arena_free(r->arena);
	memset(r, 0, sizeof(*r));
}

void isms_report_note(isms_report *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(&r->notes, fmt, ap);
	va_end(ap);
	isms_buf_putc(&r->notes, '\n');
}

/*
 * Messages quote front matter values, which may be any bytes; JSON, SARIF
 * and XML readers reject invalid UTF-8, so a message is repaired once,
 * when it is added.
 */
static char *copy_utf8(isms_arena *a, const char *s)
{
	isms_buf fixed = ISMS_BUF_INIT;
	char *out;

	if (isms_utf8_valid(s))
		return isms_arena_strdup(a, s);
	isms_utf8_repair(&fixed, s);
	out = isms_arena_strndup(a, fixed.ptr, fixed.len);
	isms_buf_release(&fixed);
	return out;
}

/*
 * A path as the writers show it. Paths stay raw bytes in the report,
 * since isms_lint matches them against documents (suppressions) and PATH
 * filters; only their display is repaired, into `tmp` when needed.
 */
static const char *shown_path(isms_buf *tmp, const char *path)
{
	if (isms_utf8_valid(path))
		return path;
	isms_buf_truncate(tmp, 0);
	isms_utf8_repair(tmp, path);
	return tmp->ptr;
}

static void add(isms_report *r, const char *path, int line, int col,
	const isms_rule_info *info, const char *fmt, va_list ap)
{
	isms_buf msg = ISMS_BUF_INIT;
	isms_finding *f;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->findings = realloc(r->findings,
			r->cap * sizeof(*r->findings));
		if (!r->findings)
			abort();  /* as isms_buf does: no half-written report */
	}
	isms_buf_vprintf(&msg, fmt, ap);
	f = &r->findings[r->n++];
	f->path = isms_arena_strdup(r->arena, path ? path : "");
	f->line = line > 0 ? line : 0;
	f->col = f->line && col > 0 ? col : 0;
	f->severity = info->severity;
	f->id = (isms_rule_id)(info - isms_rules(NULL));
	f->rule = info->id;   /* static, in the table: no copy needed */
	f->message = copy_utf8(r->arena, msg.ptr);
	isms_buf_release(&msg);
}

void isms_report_rule(isms_report *r, const char *path, int line, int col,
	isms_rule_id rule, const char *fmt, ...)
{
	va_list ap;

	assert(rule < ISMS_NRULES);
	va_start(ap, fmt);
	add(r, path, line, col, &isms_rules(NULL)[rule], fmt, ap);
	va_end(ap);
}

void isms_report_add(isms_report *r, const char *path, int line, int col,
	const char *rule, const char *fmt, ...)
{
	const isms_rule_info *info = isms_rule_find(rule);
	va_list ap;

	if (!info) {
		/* Rule ids come from our code, not from input: a bug. */
		assert(!"rule id not in the rule table (lib/ruletab.c)");
		abort();
	}
	va_start(ap, fmt);
	add(r, path, line, col, info, fmt, ap);
	va_end(ap);
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

/* strcmp is bytewise, so the order does not depend on the locale. */
static int cmp_finding(const void *pa, const void *pb)
{
	const isms_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->path, b->path)))
		return c;
	if ((c = cmp_int(a->line, b->line)))
		return c;
	if ((c = cmp_int(a->col, b->col)))
		return c;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return strcmp(a->message, b->message);
}

void isms_report_finish(isms_report *r)
{
	size_t i;

	/*
	 * qsort is not stable, but the key is every field but severity, which
	 * follows from the rule: findings that compare equal are identical.
	 */
	if (r->n > 1)
		qsort(r->findings, r->n, sizeof(*r->findings), cmp_finding);
	r->errors = r->warnings = 0;
	for (i = 0; i < r->n; i++) {
		if (r->findings[i].severity == ISMS_ERROR)
			r->errors++;
		else if (r->findings[i].severity == ISMS_WARNING)
			r->warnings++;
	}
}

/* ---------------------------------------------------------------- formats */

static const char *const format_names[] = {
	[ISMS_FMT_TEXT] = "text",
	[ISMS_FMT_JSON] = "json",
	[ISMS_FMT_SARIF] = "sarif",
	[ISMS_FMT_JUNIT] = "junit",
	[ISMS_FMT_GITHUB] = "github",
	NULL
};

int isms_format_parse(isms_format *out, const char *name)
{
	int i = isms_name_index(format_names, name);

	if (i < 0)
		return -1;
	*out = (isms_format)i;
	return 0;
}

static const char *severity_name(isms_severity s)
{
	return s == ISMS_ERROR ? "error" : "warning";
}

/* ---------------------------------------------------------------- text */

#define SGR_BOLD "\033[1m"
#define SGR_RED "\033[31m"
#define SGR_YELLOW "\033[33m"
#define SGR_DIM "\033[2m"
#define SGR_RESET "\033[0m"

/*
 * Control characters are shown as escapes: a newline in a message would
 * break "one finding a line", and a file name holding ESC must not drive
 * the user's terminal.
 */
static void put_plain(isms_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p == '\n')
			isms_buf_puts(b, "\\n");
		else if (*p == '\r')
			isms_buf_puts(b, "\\r");
		else if (*p == '\t')
			isms_buf_puts(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			isms_buf_printf(b, "\\x%02x", *p);
		else
			isms_buf_putc(b, *p);
	}
}

static void sgr(isms_buf *b, int color, const char *code)
{
	if (color)
		isms_buf_puts(b, code);
}

/*
 * path:line:col: severity: message [rule]. The whole location is bold, as
 * in compiler diagnostics; a finding with no path has no location.
 */
static void text_finding(isms_buf *b, const isms_finding *f, int color)
{
	isms_buf tmp = ISMS_BUF_INIT;

	if (*f->path) {
		sgr(b, color, SGR_BOLD);
		put_plain(b, shown_path(&tmp, f->path));
		if (f->line)
			isms_buf_printf(b, ":%d", f->line);
		if (f->line && f->col)
			isms_buf_printf(b, ":%d", f->col);
		isms_buf_putc(b, ':');
		sgr(b, color, SGR_RESET);
		isms_buf_putc(b, ' ');
	}
	sgr(b, color, f->severity == ISMS_ERROR ? SGR_RED : SGR_YELLOW);
	isms_buf_puts(b, severity_name(f->severity));
	sgr(b, color, SGR_RESET);
	isms_buf_puts(b, ": ");
	put_plain(b, f->message);
	isms_buf_putc(b, ' ');
	sgr(b, color, SGR_DIM);
	isms_buf_printf(b, "[%s]", f->rule);
	sgr(b, color, SGR_RESET);
	isms_buf_putc(b, '\n');
	isms_buf_release(&tmp);
}

static void write_text(isms_buf *b, const isms_report *r, int color)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		text_finding(b, &r->findings[i], color);
}

/* A rule's count, for isms_report_by_rule. */
struct rule_count {
	const char *rule;
	size_t n;
};

static int cmp_count(const void *a, const void *b)
{
	const struct rule_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->rule, y->rule);
}

void isms_report_by_rule(isms_buf *out, const isms_report *r)
{
	struct rule_count c[ISMS_NRULES];
	size_t i, n = 0;

	memset(c, 0, sizeof(c));
	for (i = 0; i < r->n; i++) {
		c[r->findings[i].id].rule = r->findings[i].rule;
		c[r->findings[i].id].n++;
	}
	for (i = 0; i < ISMS_NRULES; i++)
		if (c[i].n)
			c[n++] = c[i];
	qsort(c, n, sizeof(*c), cmp_count);
	for (i = 0; i < n; i++)
		isms_buf_printf(out, "%s%s %zu", i ? ", " : "by rule: ", c[i].rule,
			c[i].n);
}

/* ---------------------------------------------------------------- json */

static void write_json(isms_buf *b, const isms_report *r)
{
	isms_buf tmp = ISMS_BUF_INIT;
	size_t i;

	isms_buf_puts(b, "{\"findings\":[");
	for (i = 0; i < r->n; i++) {
		const isms_finding *f = &r->findings[i];
		isms_buf_puts(b, i ? ",{\"path\":" : "{\"path\":");
		isms_buf_json_str(b, shown_path(&tmp, f->path));
		isms_buf_printf(b, ",\"line\":%d,\"column\":%d,\"severity\":",
			f->line, f->col);
		isms_buf_json_str(b, severity_name(f->severity));
		isms_buf_puts(b, ",\"rule\":");
		isms_buf_json_str(b, f->rule);
		isms_buf_puts(b, ",\"message\":");
		isms_buf_json_str(b, f->message);
		isms_buf_putc(b, '}');
	}
	isms_buf_printf(b, "],\"summary\":{\"documents\":%zu,\"errors\":%zu,"
		"\"warnings\":%zu}}\n", r->documents, r->errors, r->warnings);
	isms_buf_release(&tmp);
}

/* ---------------------------------------------------------------- sarif */

/*
 * The --explain text as Markdown: it is paragraphs and 4-space indented
 * examples already, so only the characters Markdown reads as markup in a
 * paragraph line are backslash-escaped; example lines stay as written.
 */
static void sarif_markdown(isms_buf *b, const char *text)
{
	int code = !strncmp(text, "    ", 4);
	const char *s;

	for (s = text; *s; s++) {
		if (!code && strchr("\\*_`[]<>&#", *s))
			isms_buf_putc(b, '\\');
		isms_buf_putc(b, *s);
		if (*s == '\n')
			code = !strncmp(s + 1, "    ", 4);
	}
}

/*
 * Each rule with its --explain text as `help` (text and Markdown, which
 * GitHub code scanning shows), and with site.url its section of the
 * published site's rules page as `helpUri`.
 */
static void sarif_rules(isms_buf *b, const isms_report *r)
{
	size_t i, n;
	const isms_rule_info *rules = isms_rules(&n);
	isms_buf text = ISMS_BUF_INIT, md = ISMS_BUF_INIT;

	for (i = 0; i < n; i++) {
		isms_buf_truncate(&text, 0);
		isms_buf_truncate(&md, 0);
		isms_rule_explain(&text, &rules[i]);
		sarif_markdown(&md, text.ptr);
		isms_buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		isms_buf_json_str(b, rules[i].id);
		isms_buf_puts(b, ",\"shortDescription\":{\"text\":");
		isms_buf_json_str(b, rules[i].summary);
		isms_buf_puts(b, "},\"fullDescription\":{\"text\":");
		isms_buf_json_str(b, rules[i].explain);
		isms_buf_puts(b, "},\"help\":{\"text\":");
		isms_buf_json_str(b, text.ptr);
		isms_buf_puts(b, ",\"markdown\":");
		isms_buf_json_str(b, md.ptr);
		isms_buf_putc(b, '}');
		if (r->site_url) {
			isms_buf_truncate(&text, 0);
			isms_buf_printf(&text, "%s/rules.html#", r->site_url);
			isms_rule_anchor(&text, &rules[i]);
			isms_buf_puts(b, ",\"helpUri\":");
			isms_buf_json_str(b, text.ptr);
		}
		isms_buf_puts(b, ",\"defaultConfiguration\":{\"level\":");
		isms_buf_json_str(b, severity_name(rules[i].severity));
		isms_buf_puts(b, "}}");
	}
	isms_buf_release(&text);
	isms_buf_release(&md);
}

/* A result's location; SARIF lines and columns start at 1, so 0 is left out. */
static void sarif_location(isms_buf *b, const isms_finding *f)
{
	if (!*f->path)
		return;
	isms_buf_puts(b, ",\"locations\":[{\"physicalLocation\":"
		"{\"artifactLocation\":{\"uri\":\"");
	isms_buf_url(b, f->path);
	isms_buf_puts(b, "\",\"uriBaseId\":\"%SRCROOT%\"}");
	if (f->line) {
		isms_buf_printf(b, ",\"region\":{\"startLine\":%d", f->line);
		if (f->col)
			isms_buf_printf(b, ",\"startColumn\":%d", f->col);
		isms_buf_putc(b, '}');
	}
	isms_buf_puts(b, "}}]");
}

static void sarif_result(isms_buf *b, const isms_finding *f)
{
	isms_buf_puts(b, "{\"ruleId\":");
	isms_buf_json_str(b, f->rule);
	isms_buf_printf(b, ",\"ruleIndex\":%d,\"level\":", (int)f->id);
	isms_buf_json_str(b, severity_name(f->severity));
	isms_buf_puts(b, ",\"message\":{\"text\":");
	isms_buf_json_str(b, f->message);
	isms_buf_putc(b, '}');
	sarif_location(b, f);
	isms_buf_putc(b, '}');
}

/* The project's home (the tools' informationUri), set when they are
 * built (make ISMS_HOME_URL=https://...); empty: none is named. */
#ifndef ISMS_HOME_URL
#define ISMS_HOME_URL ""
#endif

static void write_sarif(isms_buf *b, const isms_report *r)
{
	size_t i;

	isms_buf_puts(b, "{\"version\":\"2.1.0\",\"$schema\":"
		"\"https://json.schemastore.org/sarif-2.1.0.json\",\"runs\":[{"
		"\"tool\":{\"driver\":{\"name\":\"isms-lint\",\"version\":\""
		ISMS_VERSION "\"");
	if (*ISMS_HOME_URL) {
		isms_buf_puts(b, ",\"informationUri\":");
		isms_buf_json_str(b, ISMS_HOME_URL);
	}
	isms_buf_puts(b, ",\"rules\":[");
	sarif_rules(b, r);
	isms_buf_puts(b, "]}},\"results\":[");
	for (i = 0; i < r->n; i++) {
		if (i)
			isms_buf_putc(b, ',');
		sarif_result(b, &r->findings[i]);
	}
	isms_buf_puts(b, "]}]}\n");
}

/* ---------------------------------------------------------------- junit */

/*
 * JUnit shape. PRODUCT.md asks for one testcase per document, but the
 * report does not list clean documents, so there is one testcase per path
 * with findings (name = path, classname "isms-lint", and file = path, the
 * attribute GitLab, Jenkins and action-junit-report link from), and a single passing
 * testcase named "isms" when there are none, so the suite is never empty.
 * Errors fail the testcase; warnings must not fail CI, so they go to its
 * <system-out>. A testcase with errors has exactly one <failure> (message
 * and type from its first error, "and N more" when there are several; the
 * body lists every error in text format): Jenkins, Azure DevOps and
 * action-junit-report show only a testcase's first <failure>, and some
 * parsers reject a second, so more would be lost or fatal.
 * Counts: tests = testcases, failures = failing testcases.
 */

/* End of the run of findings sharing findings[i]'s path (sorted input). */
static size_t path_end(const isms_report *r, size_t i)
{
	const char *path = r->findings[i].path;
	size_t j = i;

	while (j < r->n && strcmp(r->findings[j].path, path) == 0)
		j++;
	return j;
}

static void junit_lines(isms_buf *b, const isms_finding *f, size_t n,
	isms_severity sev)
{
	isms_buf line = ISMS_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].severity != sev)
			continue;
		isms_buf_truncate(&line, 0);
		text_finding(&line, &f[i], 0);
		isms_buf_xml(b, line.ptr);
	}
	isms_buf_release(&line);
}

static void junit_failure(isms_buf *b, const isms_finding *f, size_t n,
	size_t nerr)
{
	const isms_finding *first = f;
	isms_buf msg = ISMS_BUF_INIT;

	while (first->severity != ISMS_ERROR)
		first++;
	put_plain(&msg, first->message);
	isms_buf_printf(&msg, " [%s]", first->rule);
	if (nerr > 1)
		isms_buf_printf(&msg, " (and %zu more)", nerr - 1);
	isms_buf_puts(b, "      <failure message=\"");
	isms_buf_xml(b, msg.ptr);
	isms_buf_puts(b, "\" type=\"");
	isms_buf_xml(b, first->rule);
	isms_buf_puts(b, "\">");
	junit_lines(b, f, n, ISMS_ERROR);
	isms_buf_puts(b, "</failure>\n");
	isms_buf_release(&msg);
}

static size_t count_errors(const isms_finding *f, size_t n)
{
	size_t i, nerr = 0;

	for (i = 0; i < n; i++)
		nerr += f[i].severity == ISMS_ERROR;
	return nerr;
}

static void junit_case(isms_buf *b, const isms_finding *f, size_t n)
{
	size_t nerr = count_errors(f, n);
	isms_buf tmp = ISMS_BUF_INIT;

	isms_buf_puts(b, "    <testcase classname=\"isms-lint\" name=\"");
	isms_buf_xml(b, *f->path ? shown_path(&tmp, f->path) : "isms");
	if (*f->path) {
		isms_buf_puts(b, "\" file=\"");
		isms_buf_xml(b, shown_path(&tmp, f->path));
	}
	isms_buf_puts(b, "\">\n");
	isms_buf_release(&tmp);
	if (nerr)
		junit_failure(b, f, n, nerr);
	if (nerr < n) {
		isms_buf_puts(b, "      <system-out>");
		junit_lines(b, f, n, ISMS_WARNING);
		isms_buf_puts(b, "</system-out>\n");
	}
	isms_buf_puts(b, "    </testcase>\n");
}

static void write_junit(isms_buf *b, const isms_report *r)
{
	size_t i, j, tests = 0, failures = 0;

	for (i = 0; i < r->n; i = j) {
		j = path_end(r, i);
		tests++;
		failures += count_errors(&r->findings[i], j - i) > 0;
	}
	if (!tests)
		tests = 1;   /* the passing "isms" testcase */
	isms_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	isms_buf_printf(b, "<testsuites name=\"isms-lint\" tests=\"%zu\" "
		"failures=\"%zu\" errors=\"0\">\n", tests, failures);
	isms_buf_printf(b, "  <testsuite name=\"isms-lint\" tests=\"%zu\" "
		"failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", tests, failures);
	for (i = 0; i < r->n; i = j) {
		j = path_end(r, i);
		junit_case(b, &r->findings[i], j - i);
	}
	if (!r->n)
		isms_buf_puts(b, "    <testcase classname=\"isms-lint\" "
			"name=\"isms\"/>\n");
	isms_buf_puts(b, "  </testsuite>\n</testsuites>\n");
}

/* ---------------------------------------------------------------- github */

/*
 * Workflow-command escaping, as GitHub's runner decodes it: data (the
 * message) escapes %, CR and LF; property values also ':' and ','.
 */
static void gh_escape(isms_buf *b, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': isms_buf_puts(b, "%25"); break;
		case '\r': isms_buf_puts(b, "%0D"); break;
		case '\n': isms_buf_puts(b, "%0A"); break;
		case ':':
			isms_buf_puts(b, property ? "%3A" : ":");
			break;
		case ',':
			isms_buf_puts(b, property ? "%2C" : ",");
			break;
		default: isms_buf_putc(b, *s);
		}
	}
}

static void gh_finding(isms_buf *b, const isms_finding *f)
{
	isms_buf tmp = ISMS_BUF_INIT;

	isms_buf_printf(b, "::%s ", severity_name(f->severity));
	if (*f->path) {
		isms_buf_puts(b, "file=");
		gh_escape(b, shown_path(&tmp, f->path), 1);
		if (f->line)
			isms_buf_printf(b, ",line=%d", f->line);
		if (f->line && f->col)
			isms_buf_printf(b, ",col=%d", f->col);
		isms_buf_putc(b, ',');
	}
	isms_buf_puts(b, "title=");
	gh_escape(b, f->rule, 1);
	isms_buf_puts(b, "::");
	gh_escape(b, f->message, 0);
	isms_buf_putc(b, '\n');
	isms_buf_release(&tmp);
}

static void write_github(isms_buf *b, const isms_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		gh_finding(b, &r->findings[i]);
}

/* ---------------------------------------------------------------- write */

void isms_report_write(isms_buf *out, const isms_report *r, isms_format fmt,
	int color)
{
	switch (fmt) {
	case ISMS_FMT_TEXT: write_text(out, r, color); break;
	case ISMS_FMT_JSON: write_json(out, r); break;
	case ISMS_FMT_SARIF: write_sarif(out, r); break;
	case ISMS_FMT_JUNIT: write_junit(out, r); break;
	case ISMS_FMT_GITHUB: write_github(out, r); break;
	}
}
