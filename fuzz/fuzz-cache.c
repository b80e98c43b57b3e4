/*
 * fuzz-cache.c - libFuzzer target: any bytes are a value in the
 * persistent cache (lib/memo.c) read back as a document's facts, a
 * commit's changed files and a blob's version, and a cache file
 * (lib/cache.c) read from disk. Checks what the headers promise: a value
 * is found whole or is a miss (nothing set), and what is found is well
 * formed (strings terminated, blob ids empty or 40 digits, front matter
 * a map). abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static char dir[] = "/tmp/fuzz-cache.XXXXXX";

static void check_node(const isms_ynode *y)
{
	size_t i;

	if (!y)
		return;
	CHECK(y->kind == ISMS_Y_SCALAR || y->kind == ISMS_Y_SEQ ||
		y->kind == ISMS_Y_MAP);
	for (i = 0; i < y->n; i++) {
		if (y->kind == ISMS_Y_MAP)
			check_node(y->keys[i]);
		if (y->kind != ISMS_Y_SCALAR)
			check_node(y->items[i]);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int made;
	isms_arena *a;
	isms_cache *c;
	unsigned char key[ISMS_CACHE_KEY];
	isms_doc d = { 0 };
	isms_delta *dl = NULL;
	const char *v;
	size_t n = 0, i, len;
	char path[sizeof(dir) + 16];
	FILE *f;

	if (!made && !(made = mkdtemp(dir) != NULL))
		abort();
	a = isms_arena_new();
	c = isms_cache_open(dir);
	isms_cache_key_make(key, "0123456789abcdef0123456789abcdef01234567", 1);
	isms_cache_put(c, ISMS_CACHE_DOC, key, data, size);
	isms_cache_put(c, ISMS_CACHE_DIFF, key, data, size);
	if (isms_memo_doc_get(&d, c, key, a)) {
		const isms_problem *p;
		CHECK(!d.has_fm || (d.fm && d.fm->kind == ISMS_Y_MAP));
		check_node(d.fm);
		for (p = d.problems; p; p = p->next)
			CHECK(p->msg);
		for (i = 0; d.md && i < d.md->nlinks; i++)
			CHECK(d.md->links[i].url);
	} else {
		CHECK(!d.fm && !d.md && !d.problems && !d.has_fm);
	}
	if (isms_memo_diff_get(&dl, &n, c, key, a)) {
		for (i = 0; i < n; i++) {
			CHECK(dl[i].path);
			CHECK(strlen(dl[i].old_blob) == 0 || strlen(dl[i].old_blob) == 40);
			CHECK(strlen(dl[i].new_blob) == 0 || strlen(dl[i].new_blob) == 40);
		}
	} else {
		CHECK(!dl && !n);
	}
	isms_cache_free(c);
	/* The same bytes as a file: read or ignored whole. */
	snprintf(path, sizeof(path), "%s/documents", dir);
	if ((f = fopen(path, "wb"))) {
		fwrite(data, 1, size, f);
		fclose(f);
	}
	c = isms_cache_open(dir);
	if (isms_cache_get(c, ISMS_CACHE_DOC, key, &v, &len))
		CHECK(v && len <= size);
	isms_cache_free(c);
	unlink(path);
	isms_arena_free(a);
	return 0;
}
