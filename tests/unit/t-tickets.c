/*
 * t-tickets.c - the tracker export reader (lib/tickets.c): Jira's CSV
 * with its quirks (BOM, CRLF, columns in any order, Labels repeated,
 * quoted commas, quotes and line breaks), JSON lines, and every malformed
 * export refused with its line and column.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static isms_arena *a;

static isms_tickets *parse(const char *path, const char *text, isms_error *err)
{
	isms_tickets *t = NULL;

	memset(err, 0, sizeof(*err));
	if (isms_tickets_parse(&t, a, path, text, strlen(text), err) < 0)
		return NULL;
	return t;
}

/* The error of a malformed export: "line:col: msg". */
static const char *trouble(const char *path, const char *text)
{
	static char buf[2048];
	isms_error err;

	if (parse(path, text, &err))
		return "(parsed)";
	snprintf(buf, sizeof(buf), "%s:%d:%d: %s", err.path, err.line, err.col,
		err.msg);
	return buf;
}

static void test_jira_csv(void)
{
	/* What Jira writes: a BOM, CRLF, many columns, Labels three times,
	 * a summary with a comma, quotes and a line break. */
	const char *csv =
		"\xEF\xBB\xBFSummary,Issue key,Issue id,Labels,Labels,Labels,"
		"Status,Resolved,Custom field (Story Points)\r\n"
		"\"Restore test, Q2\",ISMS-42,10042,isms,backup,,Done,"
		"01/Aug/26 10:00 AM,3\r\n"
		"\"He said \"\"no\"\"\r\nthen yes\",ISMS-7,10007,,,,In Progress,,\r\n"
		"Plain,OPS-1,10001,ops,,,To Do,,5\r\n";
	isms_error err;
	isms_tickets *t = parse("tickets.csv", csv, &err);
	const isms_ticket *k;

	if (!ok(t != NULL, "a Jira CSV export parses"))
		printf("# %s:%d:%d: %s\n", err.path, err.line, err.col, err.msg);
	if (!t)
		return;
	is_int(t->format, ISMS_TICKETS_CSV, "by its .csv extension it is CSV");
	is_int(t->n, 3, "three tickets");
	k = isms_tickets_find(t, "ISMS-42");
	ok(k && !strcmp(k->status, "Done") && k->resolved &&
		!strcmp(k->resolved, "01/Aug/26 10:00 AM"),
		"columns are found by header name, whatever their order");
	ok(k && k->nlabels == 2 && !strcmp(k->labels[0], "isms") &&
		!strcmp(k->labels[1], "backup"),
		"every Labels column is read; empty ones are no label");
	ok(isms_ticket_labelled(k, "isms") && !isms_ticket_labelled(k, "ism"),
		"a label matches exactly");
	k = isms_tickets_find(t, "ISMS-7");
	ok(k && !strcmp(k->status, "In Progress") && !k->resolved &&
		k->nlabels == 0, "a quoted field with quotes and a CRLF inside "
		"does not shift the columns");
	ok(k && k->line == 4 && k->col == 11, "a ticket knows where its key "
		"stands (line 4, after the quoted line break; column 11)");
	k = isms_tickets_find(t, "OPS-1");
	is_int(k ? k->line : 0, 5, "lines count the breaks inside quoted fields");
	ok(!isms_tickets_find(t, "ISMS-4") && !isms_tickets_find(NULL, "X-1"),
		"an unknown key is not found");
}

static void test_jsonl(void)
{
	const char *jl =
		"{\"key\":\"ISMS-2\",\"status\":\"Done\",\"resolved\":\"2026-08-01T10:00:00.000+0000\",\"labels\":[\"isms\"]}\n"
		"\n"
		"{\"key\":\"ISMS-1\",\"status\":\"To Do\",\"resolved\":null,\"labels\":[],\"summary\":\"x\"}\n";
	isms_error err;
	isms_tickets *t = parse("export/tickets", jl, &err);

	if (!ok(t != NULL, "JSON lines parse"))
		printf("# %s:%d:%d: %s\n", err.path, err.line, err.col, err.msg);
	if (!t)
		return;
	is_int(t->format, ISMS_TICKETS_JSONL, "without an extension, a '{' "
		"first makes it JSON lines");
	is_int(t->n, 2, "blank lines are no ticket");
	ok(t->n == 2 && !strcmp(t->items[0].key, "ISMS-1"), "tickets are sorted "
		"by key");
	ok(t->n == 2 && !t->items[0].resolved && t->items[1].resolved,
		"resolved null is not resolved");
	is_int(t->n == 2 ? t->items[0].line : 0, 3, "a ticket knows its line");
	t = parse("t.jsonl", "", &err);
	ok(t && t->n == 0, "an empty JSON lines export has no ticket");
	is_int(isms_tickets_format("x.txt", "Issue key,Status\n", 17),
		ISMS_TICKETS_CSV, "without an extension, other text is CSV");
}

static void test_trouble(void)
{
	is_str(trouble("t.csv", "Issue key,Status\nA-1,\"Done\n"),
		"t.csv:2:5: quoted field not closed",
		"an unclosed quote: where it opens");
	is_str(trouble("t.csv", "Issue key,Status\nA-1,Do\"ne\n"),
		"t.csv:2:7: a quote inside an unquoted field (quote the field and "
		"double the quote)", "a bare quote: where it stands");
	is_str(trouble("t.csv", "Issue key,Status\nA-1,\"Done\"x\n"),
		"t.csv:2:11: unexpected text after a quoted field (a quote inside "
		"a field is written \"\")", "text after a closing quote");
	is_str(trouble("t.csv", "Issue key,Status\nA-1,Done,extra\n"),
		"t.csv:2:1: this row has 3 fields, the header 2",
		"a row longer than the header");
	is_str(trouble("t.csv", "Key,Status\nA-1,Done\n"),
		"t.csv:1:1: the header has no \"Issue key\" column (a Jira CSV "
		"export has \"Issue key\", \"Status\", \"Resolved\" and \"Labels\")",
		"a missing column is named");
	is_str(trouble("t.csv", "Issue key,Status,Status\nA-1,a,b\n"),
		"t.csv:1:18: the column \"Status\" is in the header twice",
		"a column twice (other than Labels) is ambiguous");
	is_str(trouble("t.csv", "Issue key,Status\n,Done\n"),
		"t.csv:2:1: an empty issue key", "an empty key");
	is_str(trouble("t.csv", "Issue key,Status\nA-1,Done\nA-1,To Do\n"),
		"t.csv:3:1: ticket A-1 is in the export twice (also on line 2)",
		"a key twice: which row would be the truth?");
	is_str(trouble("t.csv", "Issue key,Status\nA-1,D\xC3one\n"),
		"t.csv:2:6: not UTF-8 text (a CSV export must be saved as UTF-8)",
		"bytes that are not UTF-8");
	is_str(trouble("t.csv", ""), "t.csv:1:1: an empty export: a CSV export "
		"starts with a header row", "an empty CSV has no header");
	is_str(trouble("t.jsonl", "{\"key\":\"A-1\",\"status\":\"Done\"}\n"
		"{\"key\":\"A-2\",\"status\":\"Done\",}\n"),
		"t.jsonl:2:30: expected a string key, found '}'",
		"JSON that does not parse: the parser's line and column");
	is_str(trouble("t.jsonl", "{\"key\":\"A-1\"}\n"),
		"t.jsonl:1:1: a ticket without \"status\"", "a missing member");
	is_str(trouble("t.jsonl", "{\"key\":\"A-1\",\"status\":3}\n"),
		"t.jsonl:1:23: \"status\" must be a string", "a member of the "
		"wrong type");
	is_str(trouble("t.jsonl", "{\"key\":\"A-1\",\"status\":\"x\",\"labels\":[1]}"),
		"t.jsonl:1:37: \"labels\" must be a list of strings",
		"labels that are not strings");
	is_str(trouble("t.jsonl", "[1]\n"), "t.jsonl:1:1: each line of the "
		"export must be an object {\"key\", \"status\", \"resolved\", "
		"\"labels\"}", "a line that is not an object");
	is_str(trouble("t.csv", "Issue key,Status\nA 1,Done\n"),
		"t.csv:2:1: a malformed issue key", "a key with a space");
}

int main(void)
{
	isms_error err;
	isms_tickets *t;
	char *big;

	a = isms_arena_new();
	test_jira_csv();
	test_jsonl();
	test_trouble();
	big = calloc(1, ISMS_TICKETS_MAX_BYTES + 2);
	memset(big, 'x', ISMS_TICKETS_MAX_BYTES + 1);
	memset(&err, 0, sizeof(err));
	ok(isms_tickets_parse(&t, a, "big.csv", big, ISMS_TICKETS_MAX_BYTES + 1,
		&err) < 0 && !t && strstr(err.msg, "larger than 64 MiB"),
		"an export larger than 64 MiB is refused");
	free(big);
	memset(&err, 0, sizeof(err));
	ok(isms_tickets_parse(&t, a, "nul.csv", "Issue key\0", 10, &err) < 0 &&
		strstr(err.msg, "NUL"), "a NUL byte: not a text file");
	isms_arena_free(a);
	return done_testing();
}
