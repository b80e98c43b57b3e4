/*
 * t-yaml.c - isms_yaml_parse: trees with file positions, and hostile YAML
 * (alias bombs, deep nesting, tabs, bad UTF-8) refused quickly and cleanly.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static isms_arena *arena;
static isms_yissue *issues;
static isms_error err;

/* Parse `text` as front matter starting on file line 2. */
static int parse_n(const isms_ynode **root, const char *text, size_t len)
{
	isms_ynode *r = (isms_ynode *)1;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_yaml_parse(&r, &issues, arena, text, len, 2, &err);
	*root = r;
	return rc;
}

static int parse(const isms_ynode **root, const char *text)
{
	return parse_n(root, text, strlen(text));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int at(const isms_ynode *n, int line, int col)
{
	return n && n->line == line && n->col == col;
}

/* `quoted` of the value of `key`, or -1 when there is none. */
static int quoted(const isms_ynode *map, const char *key)
{
	const isms_ynode *v = isms_yaml_get(map, key);

	return v ? v->quoted : -1;
}

static int err_at(int line, int col)
{
	return err.line == line && err.col == col && err.msg[0];
}

static void test_positions(void)
{
	const isms_ynode *r, *v;
	int rc = parse(&r,
		"id: POL-001\n"
		"title:   Information Security Policy\n"
		"  # comment\n"
		"owner: ciso\n");

	ok(rc == 0 && r && r->kind == ISMS_Y_MAP && r->n == 3,
		"a policy front matter parses to a map of 3 pairs");
	ok(at(r, 2, 1), "root map is at file line 2, column 1");
	ok(at(isms_yaml_key(r, "id"), 2, 1), "key id at 2:1");
	ok(at(isms_yaml_get(r, "id"), 2, 5), "value of id at 2:5");
	v = isms_yaml_get(r, "title");
	ok(at(v, 3, 10), "value after extra spaces at its own column 3:10");
	is_str(isms_yaml_str(v), "Information Security Policy", "plain text kept");
	ok(at(isms_yaml_key(r, "owner"), 5, 1), "comment lines still count");
	ok(!isms_yaml_get(r, "missing") && !isms_yaml_key(r, "missing"),
		"absent key gives NULL");
	ok(!isms_yaml_get(NULL, "id") && !isms_yaml_get(v, "id") &&
	   !isms_yaml_str(NULL) && !isms_yaml_str(r),
		"get on NULL or a scalar, str on NULL or a map give NULL");
	ok(issues == NULL, "no issues for a clean document");
}

static void test_nested(void)
{
	const isms_ynode *r, *in, *e;
	int rc = parse(&r,
		"inputs:\n"
		"  - from: PRC-RISK\n"
		"    what: risk treatment plan\n"
		"  - from: PRC-CAPA\n"
		"outputs:\n"
		"- to: PRC-X\n");

	in = isms_yaml_get(r, "inputs");
	ok(rc == 0 && in && in->kind == ISMS_Y_SEQ && in->n == 2 && !in->keys,
		"a block sequence of maps under a key");
	ok(at(in, 3, 3), "block sequence starts at its first dash");
	e = in ? in->items[0] : NULL;
	ok(e && e->kind == ISMS_Y_MAP && e->n == 2 && at(e, 3, 5),
		"sequence item is a map at the first key after the dash");
	is_str(isms_yaml_str(isms_yaml_get(e, "what")), "risk treatment plan",
		"nested value text");
	ok(at(isms_yaml_get(e, "what"), 4, 11), "nested value position");
	e = isms_yaml_get(r, "outputs");
	ok(e && e->kind == ISMS_Y_SEQ && e->n == 1 && at(e, 7, 1),
		"an indentless sequence is a sequence at its dash");
}

static void test_flow(void)
{
	const isms_ynode *r, *c;
	int rc = parse(&r, "controls: [A.5.1, \"5.2\" ,'A.8.1']\n"
		"roles: {ciso: {name: Jane, approver: true}}\n");

	c = isms_yaml_get(r, "controls");
	ok(rc == 0 && c && c->kind == ISMS_Y_SEQ && c->n == 3 && at(c, 2, 11),
		"flow sequence of three at its bracket");
	ok(c && at(c->items[0], 2, 12) && at(c->items[1], 2, 19) &&
	   at(c->items[2], 2, 26), "each flow item at its own column");
	is_str(isms_yaml_str(c ? c->items[1] : NULL), "5.2",
		"quotes are not part of the text");
	c = isms_yaml_get(isms_yaml_get(r, "roles"), "ciso");
	ok(c && c->kind == ISMS_Y_MAP && at(c, 3, 15), "flow map inside a flow map");
	is_str(isms_yaml_str(isms_yaml_get(c, "approver")), "true",
		"no type resolution: true stays text");
}

static void test_quoted(void)
{
	const isms_ynode *r;
	int rc = parse(&r, "a: 1.3\nb: \"1.3\"\nc: '1.3'\nd: |\n  1.3\n"
		"e: \"x\\0y\"\n");

	const isms_ynode *e;

	ok(rc == 0 && quoted(r, "a") == 0, "plain scalar is not quoted");
	ok(quoted(r, "b") == 1, "double-quoted scalar is quoted");
	ok(quoted(r, "c") == 1, "single-quoted scalar is quoted");
	is_str(isms_yaml_str(isms_yaml_get(r, "a")), "1.3",
		"plain 1.3 is the string 1.3");
	ok(quoted(r, "d") == 0, "block scalar is not quoted");
	is_str(isms_yaml_str(isms_yaml_get(r, "d")), "1.3\n",
		"literal block keeps its newline");
	e = isms_yaml_get(r, "e");
	ok(e && e->len == 3 && e->str[1] == '\0' && e->str[3] == '\0',
		"escaped NUL is kept, len counts it, text still NUL-terminated");
}

static void test_null(void)
{
	static const char *const yes[] = { "a: ~\n", "a: null\n", "a: Null\n",
		"a: NULL\n", "a:\n", "a: # comment\n" };
	static const char *const no[] = { "a: \"null\"\n", "a: ''\n", "a: nULL\n",
		"a: none\n" };
	const isms_ynode *r, *v;
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		parse(&r, yes[i]);
		v = isms_yaml_get(r, "a");
		ok(v && v->null && !isms_yaml_str(v) && v->str && !*v->str,
			"null form %zu is null with text \"\"", i);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		parse(&r, no[i]);
		v = isms_yaml_get(r, "a");
		ok(v && !v->null && isms_yaml_str(v), "non-null form %zu has text", i);
	}
	parse(&r, "a:\nb: 1\n");
	ok(at(isms_yaml_get(r, "a"), 2, 3), "an empty value sits after its colon");
}

static void test_duplicate(void)
{
	const isms_ynode *r;
	int rc = parse(&r, "id: X\nowner: ciso\ntitle: T\nowner: it-lead\n"
		"m: {k: 1, k: 2}\n");

	ok(rc == 0 && r && r->n == 4, "duplicate key is dropped from the map");
	is_str(isms_yaml_str(isms_yaml_get(r, "owner")), "ciso",
		"the first value is kept");
	ok(issues && issues->line == 5 && issues->col == 1,
		"issue is at the later key (5:1)");
	is_str(issues ? issues->msg : NULL,
		"duplicate key \"owner\" (first at line 3)",
		"issue names the key and the first line");
	ok(issues && issues->next && issues->next->line == 6 &&
	   issues->next->col == 11 && !issues->next->next,
		"duplicate in a flow map reported too, in document order");
	parse(&r, "a: 1\n\"a\": 2\n");
	ok(issues && r && r->n == 1, "a quoted key duplicates the same plain key");
}

static void test_aliases(void)
{
	const isms_ynode *r, *a, *b;
	int rc = parse(&r, "a: &x [1, 2]\nb: *x\n&k key: v\n*k : w\n");

	a = isms_yaml_get(r, "a");
	b = isms_yaml_get(r, "b");
	ok(rc == 0 && a && a == b, "an alias shares the anchored node");
	ok(issues && issues->line == 5,
		"an alias used as key is a duplicate of its anchor");

	rc = parse(&r, "a: *nope\n");
	ok(rc < 0 && err_at(2, 4) && strstr(err.msg, "unknown alias *nope"),
		"unknown alias fails at its position");
	rc = parse(&r, "a: &x [1, *x]\n");
	ok(rc < 0 && strstr(err.msg, "contains it"),
		"recursive alias fails, no cycle");
	rc = parse(&r, "a: &x [1]\n*x : 2\n");
	ok(rc < 0 && err_at(3, 1) && strstr(err.msg, "map key must be a scalar"),
		"alias to a sequence as a key fails");
	rc = parse(&r, "? [a, b]\n: c\n");
	ok(rc < 0 && err_at(2, 3) && strstr(err.msg, "map key must be a scalar"),
		"sequence as a key fails at the key");
	rc = parse(&r, "{a: 1}: c\n");
	ok(rc < 0 && err_at(2, 1), "flow map as a key fails");
	rc = parse(&r, "a: &x 1\nb: &x 2\nc: *x\n");
	is_str(isms_yaml_str(isms_yaml_get(r, "c")), "2", "a redefined anchor wins");
}

static void test_billion_laughs(void)
{
	static const char *const level = "abcdefghij";
	isms_buf b = ISMS_BUF_INIT;
	const isms_ynode *r;
	double t;
	int i, j, rc;

	isms_buf_puts(&b, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (i = 1; i < 10; i++) {
		isms_buf_printf(&b, "%c: &%c [", level[i], level[i]);
		for (j = 0; j < 9; j++)
			isms_buf_printf(&b, "%s*%c", j ? ", " : "", level[i - 1]);
		isms_buf_puts(&b, "]\n");
	}
	t = now();
	rc = parse_n(&r, b.ptr, b.len);
	t = now() - t;
	ok(rc < 0 && r == NULL, "billion laughs is refused");
	ok(t < 1.0, "billion laughs fails fast (%.3f s)", t);
	ok(strstr(err.msg, "100000 nodes") && err.line == 7,
		"billion laughs: message names the node limit, at the alias that "
		"passes it");

	/* One big scalar aliased often: few nodes, much text. */
	isms_buf_truncate(&b, 0);
	isms_buf_puts(&b, "a: &a \"");
	for (i = 0; i < 20000; i++)
		isms_buf_puts(&b, "lol");
	isms_buf_puts(&b, "\"\nb: [*a");
	for (i = 0; i < 5000; i++)
		isms_buf_puts(&b, ", *a");
	isms_buf_puts(&b, "]\n");
	t = now();
	rc = parse_n(&r, b.ptr, b.len);
	t = now() - t;
	ok(rc < 0 && strstr(err.msg, "bytes of text") && t < 1.0,
		"aliasing a large scalar thousands of times is refused (%.3f s)", t);
	isms_buf_release(&b);
}

static void test_node_limit(void)
{
	isms_buf b = ISMS_BUF_INIT;
	const isms_ynode *r;
	int i, rc;

	isms_buf_puts(&b, "a: [0");
	for (i = 1; i < ISMS_YAML_MAX_NODES; i++)
		isms_buf_puts(&b, ",0");
	isms_buf_puts(&b, "]\n");
	rc = parse_n(&r, b.ptr, b.len);
	ok(rc < 0 && strstr(err.msg, "nodes"),
		"more than the node limit without aliases also fails");
	isms_buf_release(&b);
}

/* Append a line "<key>[[[...<inner>]]]" with `depth` brackets. */
static void nest(isms_buf *b, const char *key, int depth, const char *inner)
{
	int i;

	isms_buf_puts(b, key);
	for (i = 0; i < depth; i++)
		isms_buf_putc(b, '[');
	isms_buf_puts(b, inner);
	for (i = 0; i < depth; i++)
		isms_buf_putc(b, ']');
	isms_buf_putc(b, '\n');
}

static void test_depth(void)
{
	isms_buf b = ISMS_BUF_INIT;
	const isms_ynode *r;
	double t;
	int i, rc;

	for (i = 0; i < ISMS_YAML_MAX_DEPTH; i++)
		isms_buf_putc(&b, '[');
	for (i = 0; i < ISMS_YAML_MAX_DEPTH; i++)
		isms_buf_putc(&b, ']');
	ok(parse_n(&r, b.ptr, b.len) == 0 && r, "nesting of exactly the limit parses");

	isms_buf_truncate(&b, 0);
	for (i = 0; i < 10000; i++)
		isms_buf_putc(&b, '[');
	t = now();
	rc = parse_n(&r, b.ptr, b.len);
	t = now() - t;
	ok(rc < 0 && r == NULL && t < 1.0,
		"10000 open brackets fail cleanly (%.3f s)", t);
	ok(err_at(2, ISMS_YAML_MAX_DEPTH + 1) && strstr(err.msg, "deeper than 64"),
		"depth error at the first bracket too many");

	/* Each anchor is legal alone; the aliases stack them past the limit. */
	isms_buf_truncate(&b, 0);
	nest(&b, "a: &a ", 30, "1");
	nest(&b, "b: &b ", 30, "*a");
	nest(&b, "c: ", 5, "*b");
	rc = parse_n(&r, b.ptr, b.len);
	ok(rc < 0 && err_at(4, 9) && strstr(err.msg, "alias *b nests deeper"),
		"aliases cannot nest past the limit either");
	isms_buf_release(&b);
}

static void test_syntax_errors(void)
{
	const isms_ynode *r;
	int rc;

	rc = parse(&r, "id: X\ntitle: a: b\n");
	ok(rc < 0 && r == NULL, "syntax error fails with no tree");
	ok(err_at(3, 9), "syntax error at its file position (3:9)");
	is_str(err.msg, "mapping values are not allowed in this context",
		"syntax error message is libyaml's");
	ok(err.path[0] == '\0', "err->path is left to the caller");

	rc = parse(&r, "a: [b, c\nd: e\n");
	ok(rc < 0 && strstr(err.msg,
		"(while parsing a flow sequence at line 2, column 4)"),
		"message carries libyaml's context with a file position");

	rc = parse(&r, "id: X\nmeta:\n\tb: c\n");
	ok(rc < 0 && err_at(4, 1), "tab indentation fails at the tab");
	ok(strstr(err.msg, "tab") != NULL, "tab indentation message says tab");

	rc = parse(&r, "id: X\ntitle: caf\xC3\n");
	ok(rc < 0 && err_at(3, 12), "truncated UTF-8 fails at the byte that cuts it");
	rc = parse(&r, "id: X\ntitle: \xC3\xA9t\xE9\n");
	ok(rc < 0 && err_at(3, 10) && strstr(err.msg, "UTF-8"),
		"invalid UTF-8 fails, columns count characters");
	rc = parse(&r, "id: X\x01\n");
	ok(rc < 0 && err_at(2, 6) && strstr(err.msg, "control characters"),
		"control character fails at its position");
	rc = parse(&r, "\xFF\xFE" "a\0: 1\0");
	ok(rc < 0 && err_at(2, 1), "a UTF-16 BOM is not taken as an encoding switch");

	rc = parse(&r, "id: X\n--- \ntitle: Y\n");
	ok(rc < 0 && err_at(3, 1), "second document fails at its ---");
	is_str(err.msg, "front matter holds more than one YAML document",
		"second document message");
}

static void test_empty(void)
{
	const isms_ynode *r;

	ok(parse_n(&r, "", 0) == 0 && r == NULL && issues == NULL,
		"empty text: no tree, success");
	ok(parse_n(&r, NULL, 0) == 0 && r == NULL, "NULL text of length 0: no tree");
	ok(parse(&r, "# only\n  # comments\n") == 0 && r == NULL,
		"only comments: no tree");
	ok(parse(&r, "---\n") == 0 && r == NULL,
		"an empty explicit document: no tree");
	ok(parse(&r, "just text\n") == 0 && r && r->kind == ISMS_Y_SCALAR,
		"a scalar document is a scalar root");
}

static void test_crlf_bom(void)
{
	const isms_ynode *r;
	int rc = parse(&r, "\xEF\xBB\xBFid: X\r\ntitle: Y\r\n");

	ok(rc == 0 && at(isms_yaml_key(r, "id"), 2, 1),
		"leading BOM is not counted as a column");
	ok(at(isms_yaml_get(r, "title"), 3, 8), "CRLF lines count once");
	is_str(isms_yaml_str(isms_yaml_get(r, "title")), "Y", "CR is not part of the value");
}

int main(void)
{
	arena = isms_arena_new();
	test_positions();
	test_nested();
	test_flow();
	test_quoted();
	test_null();
	test_duplicate();
	test_aliases();
	test_billion_laughs();
	test_node_limit();
	test_depth();
	test_syntax_errors();
	test_empty();
	test_crlf_bom();
	isms_arena_free(arena);
	return done_testing();
}
