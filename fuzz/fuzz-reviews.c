/*
 * fuzz-reviews.c - libFuzzer target: any bytes are a forge's review JSON
 * and a review note. Runs the JSON parser, the effective-approval
 * computation for GitHub and GitLab, and the note parser on them, and
 * checks what isms.h promises: a well-formed tree, and notes that survive
 * the round trip write -> parse unchanged (so the quoting holds whatever a
 * display name holds). abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

#define HEAD "0123456789abcdef0123456789abcdef01234567"

static void check_tree(const isms_ynode *n, int depth)
{
	size_t i;

	CHECK(n && depth <= ISMS_YAML_MAX_DEPTH + 1);
	CHECK(n->line >= 1 && n->col >= 1);
	CHECK(n->str && n->str[n->len] == '\0');
	switch (n->kind) {
	case ISMS_Y_SCALAR:
		CHECK(n->n == 0 && !n->keys);
		CHECK(!n->null || (n->len == 0 && !n->quoted));
		break;
	case ISMS_Y_SEQ:
		CHECK(!n->keys && (n->n == 0 || n->items));
		for (i = 0; i < n->n; i++)
			check_tree(n->items[i], depth + 1);
		break;
	case ISMS_Y_MAP:
		CHECK(n->n == 0 || (n->keys && n->items));
		for (i = 0; i < n->n; i++) {
			CHECK(n->keys[i]->kind == ISMS_Y_SCALAR && n->keys[i]->quoted);
			check_tree(n->keys[i], depth + 1);
			check_tree(n->items[i], depth + 1);
		}
		break;
	default:
		abort();
	}
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void check_list(const isms_review_approval *a,
	const isms_review_approval *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		CHECK(a[i].login && a[i].login[0] && !strpbrk(a[i].login, " \"\n"));
		CHECK(same(a[i].login, b[i].login) && same(a[i].name, b[i].name) &&
		      same(a[i].at, b[i].at) && same(a[i].commit, b[i].commit));
		CHECK(a[i].time == b[i].time && (a[i].at || a[i].time == 0));
	}
}

/* Written and parsed back, a note is the same note. */
static void round_trip(isms_arena *a, const isms_review_note *n)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_review_note *m = NULL;
	isms_error err = { 0 };

	isms_reviews_note_write(&b, n);
	if (isms_reviews_note_parse(&m, a, b.ptr, b.len, &err) < 0) {
		/* Only a note without a pull request number may fail. */
		CHECK(n->pull_request <= 0);
		isms_buf_release(&b);
		return;
	}
	CHECK(m->forge == n->forge && m->pull_request == n->pull_request);
	CHECK(same(m->merge, n->merge) && same(m->head, n->head) &&
	      same(m->recorded, n->recorded));
	CHECK(m->napprovals == n->napprovals && m->nstale == n->nstale);
	check_list(n->approvals, m->approvals, n->napprovals);
	check_list(n->stale, m->stale, n->nstale);
	isms_buf_release(&b);
}

static void reviews(isms_arena *a, const char *data, size_t size,
	isms_forge forge, long pr, const char *head)
{
	isms_review_note *n = NULL;
	isms_error err = { 0 };
	size_t i;

	if (isms_reviews_parse(&n, a, forge, pr, head, data, size, &err) < 0) {
		CHECK(!n && err.msg[0]);
		return;
	}
	CHECK(n && (n->forge == ISMS_FORGE_GITHUB || n->forge == ISMS_FORGE_GITLAB));
	CHECK(!pr || n->pull_request == pr);
	for (i = 0; i < n->nstale; i++)
		CHECK(n->forge == ISMS_FORGE_GITHUB && head &&
		      !same(n->stale[i].commit, HEAD));
	for (i = 0; i < n->napprovals; i++)
		CHECK(!head || n->forge == ISMS_FORGE_GITLAB ||
		      same(n->approvals[i].commit, HEAD));
	n->merge = HEAD;
	n->recorded = "2026-10-02T08:00:00Z";
	round_trip(a, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_arena *a = isms_arena_new();
	isms_ynode *root = NULL;
	isms_review_note *n = NULL;
	isms_error err = { 0 };
	char *text = malloc(size ? size : 1);   /* no terminator: lengths rule */

	if (!text)
		return 0;
	memcpy(text, data, size);

	if (isms_json_parse(&root, a, text, size, ISMS_JSON_CONCAT, &err) == 0) {
		CHECK(root && root->kind == ISMS_Y_SEQ && root->n >= 1);
		check_tree(root, 0);
	} else {
		CHECK(!root && err.msg[0] && err.line >= 1 && err.col >= 1);
	}
	memset(&err, 0, sizeof(err));
	if (isms_json_parse(&root, a, text, size, 0, &err) == 0)
		check_tree(root, 0);

	reviews(a, text, size, ISMS_FORGE_ANY, 0, NULL);
	reviews(a, text, size, ISMS_FORGE_GITHUB, 12, HEAD);
	reviews(a, text, size, ISMS_FORGE_GITLAB, 7, HEAD);

	memset(&err, 0, sizeof(err));
	if (isms_reviews_note_parse(&n, a, text, size, &err) == 0) {
		CHECK(n && n->pull_request > 0);
		round_trip(a, n);
	}

	isms_arena_free(a);
	free(text);
	return 0;
}
