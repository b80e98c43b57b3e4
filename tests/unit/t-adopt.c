/*
 * t-adopt.c - the pure parts of isms-new adopt: the comply-style block,
 * control strings, Markdown SoA tables.
 */
#include "model.h"
#include "tap.h"

#include <string.h>

static int block(const char *text, size_t *yaml_end, size_t *body)
{
	return isms_adopt_bare_block(yaml_end, body, text, strlen(text));
}

static void test_bare_block(void)
{
	const char *t = "name: Access Policy\nsatisfies:\n  TSC:\n    - CC6.1\n"
		"# note\n\n---\n# Body\n";
	size_t ye, b;

	ok(block(t, &ye, &b), "a comply block: key lines, nested lines, a comment, then ---");
	is_int((int)ye, (int)(strstr(t, "---") - t), "the YAML ends where the --- line starts");
	is_str(t + b, "# Body\n", "the body starts after the --- line");
	ok(block("\xef\xbb\xbfname: X\n---\r\nbody", &ye, &b) && !strcmp(
		"\xef\xbb\xbfname: X\n---\r\nbody" + b, "body"),
		"a BOM first and a CRLF --- line are fine");
	ok(!block("# Title\nname: x\n---\n", &ye, &b), "a heading first is no block");
	ok(!block("Note: read this\nand this sentence\n---\n", &ye, &b),
		"a sentence that is no key line is no block");
	ok(!block("name: x\ntitle: y\n", &ye, &b), "no --- line, no block");
	ok(!block("name:x\n---\n", &ye, &b), "\"key:\" needs a space or the line's end");
	ok(!block("", &ye, &b), "empty text is no block");
	ok(!block("---\nname: x\n---\n", &ye, &b), "front matter with its opening --- is no bare block");
}

static const char *controls(const char *s, char *unknown_out, size_t size)
{
	static char out[256];
	isms_buf ids = ISMS_BUF_INIT, unknown = ISMS_BUF_INIT;

	isms_adopt_controls(&ids, &unknown, s);
	snprintf(out, sizeof(out), "%s", ids.ptr);
	snprintf(unknown_out, size, "%s", unknown.ptr ? unknown.ptr : "");
	isms_buf_release(&ids);
	isms_buf_release(&unknown);
	return out;
}

static void test_controls(void)
{
	char unk[128];

	is_str(controls("A.5.29, A.5.30", unk, sizeof(unk)), "[A.5.29, A.5.30]",
		"a comma-separated string of ids");
	is_str(controls("A.5.17 - Authentication information", unk, sizeof(unk)),
		"[A.5.17]", "an id with its title");
	is_str(controls("5.1; a.8.2", unk, sizeof(unk)), "[A.5.1, A.8.2]",
		"ids without A., lower case, separated by ;");
	is_str(controls("A.8.13 - Backup 2.0 of the data", unk, sizeof(unk)),
		"[A.8.13]", "numbers in a title are no ids");
	is_str(controls("A.9.99, A.5.1", unk, sizeof(unk)), "[A.9.99, A.5.1]",
		"an id the catalog lacks is kept as written");
	is_str(unk, "A.9.99, ", "and named as unknown");
	is_str(controls("none yet", unk, sizeof(unk)), "[]", "no id: an empty list");
}

static const char *soa(const char *body, const char **problems)
{
	static char out[1024], prob[1024];
	isms_buf s = ISMS_BUF_INIT, p = ISMS_BUF_INIT;

	isms_adopt_soa_table(&s, &p, "soa.md", body, strlen(body), 10);
	snprintf(out, sizeof(out), "%s", s.ptr ? s.ptr : "");
	snprintf(prob, sizeof(prob), "%s", p.ptr ? p.ptr : "");
	*problems = prob;
	isms_buf_release(&s);
	isms_buf_release(&p);
	return out;
}

static void test_soa(void)
{
	const char *p;

	is_str(soa("| Control | Applicable | Justification | Status |\n"
		"|---|:---:|---|---|\n"
		"| A.5.1 Policies | Yes | The base | Implemented |\n"
		"| 7.4 | No | Remote \\| no office | |\n", &p),
		"  A.5.1: {applicable: true, status: implemented, justification: \"The base\"}\n"
		"  A.7.4: {applicable: false, justification: \"Remote | no office\"}\n",
		"a table in the usual order; an escaped pipe stays in its cell");
	is_str(p, "", "no problem");
	is_str(soa("Intro\n\nStatus | Reason | Included | Ref\n--- | --- | --- | ---\n"
		"Partially implemented | \"quoted\" | \xe2\x9c\x93 | A.8.2\n", &p),
		"  A.8.2: {applicable: true, status: partial, justification: \"\\\"quoted\\\"\"}\n",
		"columns in another order, found by their names; no outer pipes");
	is_str(soa("| Control | Applicable |\n|---|---|\n| A.9.2.1 | Yes |\n"
		"| A.5.2 | maybe |\n| Total | |\n", &p), "",
		"rows that cannot be read are left out");
	is_str(p, "soa.md:12:1: no ISO/IEC 27001:2022 control in \"A.9.2.1\" (a 2013 id; "
		"its 2022 successor is 5.16); row left out\n"
		"soa.md:13:1: A.5.2: applicability \"maybe\" is neither yes nor no; row left out\n"
		"soa.md:14:1: no ISO/IEC 27001:2022 control in \"Total\"; row left out\n",
		"each with file, line and column");
	is_str(soa("| Name | Value |\n|---|---|\n| A.5.1 | Yes |\n", &p), "",
		"a table without control and applicability columns is no SoA");
	is_str(soa("| Control | Applicable |\n| A.5.1 | Yes |\n", &p), "",
		"no delimiter row, no table");
}

int main(void)
{
	test_bare_block();
	test_controls();
	test_soa();
	return done_testing();
}
