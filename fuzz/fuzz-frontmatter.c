/*
 * fuzz-frontmatter.c - libFuzzer target: split a document, parse its front
 * matter, walk the tree, and check the promises isms.h makes about both.
 * A broken promise aborts, so the fuzzer reports it like a crash.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Maps bigger than this are not cross-checked with isms_yaml_get, whose
 * linear lookup would make the walk quadratic. */
#define GET_CHECK_MAX 64

static int inside(const char *p, size_t len, const char *start, size_t size)
{
	return p && p >= start && (size_t)(p - start) <= size &&
		len <= size - (size_t)(p - start);
}

static void check_split(const isms_split *s, const char *text, size_t len)
{
	size_t probe = len < 8000 ? len : 8000;

	CHECK(s->binary == (memchr(text, '\0', probe) != NULL));
	CHECK(inside(s->body, s->body_len, text, len));
	CHECK(s->body_line >= 1);
	if (!s->has_fm) {
		CHECK(!s->unterminated && s->body_line == 1);
		return;
	}
	CHECK(inside(s->fm, s->fm_len, text, len));
	CHECK(s->fm_line == 2 && s->body_line >= 2);
	CHECK(s->body >= s->fm + s->fm_len);
	if (s->unterminated)
		CHECK(s->body_len == 0);
}

/* Visit every node as a consumer would (aliases expanded); count them. */
static void walk(const isms_ynode *n, int depth, int first_line, size_t *count)
{
	size_t i;

	CHECK(n && n->line >= first_line && n->col >= 1);
	CHECK(++*count <= ISMS_YAML_MAX_NODES);
	if (n->kind == ISMS_Y_SCALAR) {
		CHECK(n->str && n->str[n->len] == '\0' && n->n == 0);
		CHECK(!n->null || (n->len == 0 && !n->quoted));
		CHECK((isms_yaml_str(n) == NULL) == n->null);
		return;
	}
	CHECK(depth < ISMS_YAML_MAX_DEPTH);
	CHECK((n->kind == ISMS_Y_MAP) == (n->keys != NULL) || n->n == 0);
	for (i = 0; i < n->n; i++) {
		if (n->kind == ISMS_Y_MAP) {
			const isms_ynode *k = n->keys[i];

			CHECK(k && k->kind == ISMS_Y_SCALAR);
			/* Keys are unique, so the lookup finds this very pair
			 * (unless an escaped NUL hides the key's tail). */
			if (n->n <= GET_CHECK_MAX && strlen(k->str) == k->len) {
				CHECK(isms_yaml_get(n, k->str) == n->items[i]);
				CHECK(isms_yaml_key(n, k->str) == k);
			}
			walk(k, depth + 1, first_line, count);
		}
		walk(n->items[i], depth + 1, first_line, count);
	}
}

static void check_yaml(const char *text, size_t len, int first_line)
{
	isms_arena *a = isms_arena_new();
	isms_ynode *root = NULL;
	isms_yissue *issues = NULL, *is;
	isms_error err;
	size_t count = 0;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_yaml_parse(&root, &issues, a, text, len, first_line, &err);
	if (rc < 0) {
		CHECK(rc == -1 && !root && !issues && err.msg[0]);
		CHECK(err.line == 0 || err.line >= first_line);
		CHECK(memchr(err.msg, '\0', sizeof(err.msg)));
	} else {
		CHECK(rc == 0 && !err.msg[0]);
		if (root)
			walk(root, 0, first_line, &count);
		for (is = issues; is; is = is->next)
			CHECK(is->msg && is->line >= first_line && is->col >= 1);
	}
	isms_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	isms_split s;

	isms_split_text(&s, text, size);
	check_split(&s, text, size);
	/* Without a fence, parse everything: that is how isms.yml and soa.yml
	 * are read, and mutations that break the fence still reach libyaml. */
	if (s.has_fm)
		check_yaml(s.fm, s.fm_len, s.fm_line);
	else
		check_yaml(text, size, 1);
	return 0;
}
