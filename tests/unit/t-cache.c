/*
 * t-cache.c - the persistent cache (lib/cache.c) and the records kept in
 * it (lib/memo.c), on real files in a temporary folder.
 */
#include "model.h"
#include "tap.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[PATH_MAX];

static void key_of(unsigned char *key, int i)
{
	char hex[41];

	snprintf(hex, sizeof(hex), "%040x", i);
	isms_cache_key_make(key, hex, 7);
}

/* The value of entry i: its number, repeated to `len` bytes. */
static void value_of(char *v, size_t len, int i)
{
	size_t k;

	for (k = 0; k < len; k++)
		v[k] = (char)('a' + (i + (int)k) % 26);
}

static int has(isms_cache *c, int i, size_t len)
{
	unsigned char key[ISMS_CACHE_KEY];
	char want[256];
	const char *v;
	size_t n;

	key_of(key, i);
	value_of(want, len, i);
	return isms_cache_get(c, ISMS_CACHE_DOC, key, &v, &n) && n == len &&
		!memcmp(v, want, len);
}

static void put(isms_cache *c, int i, size_t len)
{
	unsigned char key[ISMS_CACHE_KEY];
	char v[256];

	key_of(key, i);
	value_of(v, len, i);
	isms_cache_put(c, ISMS_CACHE_DOC, key, v, len);
}

static char *file_of(const char *name)
{
	static char p[PATH_MAX + 64];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static long size_of(const char *name)
{
	struct stat st;

	return stat(file_of(name), &st) == 0 ? (long)st.st_size : -1;
}

struct worker {
	isms_cache *c;
	int from, hits;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = w->from; i < w->from + 500; i++) {
		put(w->c, i, 40);
		w->hits += has(w->c, i, 40);
	}
	return NULL;
}

int main(void)
{
	isms_cache *c;
	unsigned char key[ISMS_CACHE_KEY];
	const char *v;
	size_t n;
	int i, all;

	snprintf(dir, sizeof(dir), "%s/t-cache.XXXXXX",
		getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;

	/* Off: nothing is kept, nothing written. */
	c = isms_cache_open(NULL);
	put(c, 1, 10);
	ok(!has(c, 1, 10) && !isms_cache_enabled(c), "a cache that is off never hits");
	isms_cache_free(c);

	/* Kept in the run, written, read back by the next. */
	c = isms_cache_open(dir);
	ok(isms_cache_enabled(c), "a cache with a folder is on");
	put(c, 1, 10);
	put(c, 2, 20);
	put(c, 1, 30);
	ok(has(c, 1, 10) && has(c, 2, 20), "a value put is found in the same run");
	ok(!has(c, 3, 10), "a key never put is not found");
	isms_cache_save(c);
	isms_cache_free(c);
	ok(size_of("documents") > 0 && size_of("commits") < 0,
		"only the kind that gained entries is written, as its own file");
	c = isms_cache_open(dir);
	ok(has(c, 1, 10) && has(c, 2, 20), "the next run finds them (the first value of a key kept)");
	key_of(key, 1);
	ok(!isms_cache_get(c, ISMS_CACHE_DIFF, key, &v, &n), "kinds do not mix");
	isms_cache_key_make(key, "0000000000000000000000000000000000000001", 8);
	ok(!isms_cache_get(c, ISMS_CACHE_DOC, key, &v, &n), "another context is another key");
	isms_cache_free(c);

	/* Damage: every kind of it is a cache that holds nothing. */
	{
		FILE *f = fopen(file_of("documents"), "r+b");
		fseek(f, 100, SEEK_SET);
		fputc('X', f);
		fclose(f);
	}
	c = isms_cache_open(dir);
	ok(!has(c, 1, 10) && !has(c, 2, 20), "a changed byte: the file is ignored");
	put(c, 4, 10);
	isms_cache_save(c);
	isms_cache_free(c);
	c = isms_cache_open(dir);
	ok(has(c, 4, 10) && !has(c, 1, 10), "and replaced by the next save");
	isms_cache_free(c);
	if (truncate(file_of("documents"), 60) != 0)
		return 1;
	c = isms_cache_open(dir);
	ok(!has(c, 4, 10), "a cut file is ignored");
	isms_cache_free(c);

	/* The bound: what this run used and added is kept first. */
	setenv("ISMS_CACHE_MAX_BYTES", "4000", 1);
	unlink(file_of("documents"));
	c = isms_cache_open(dir);
	for (i = 0; i < 100; i++)
		put(c, i, 100);
	isms_cache_save(c);
	isms_cache_free(c);
	ok(size_of("documents") > 0 && size_of("documents") <= 4000,
		"a file never grows past its bound (%ld bytes)", size_of("documents"));
	c = isms_cache_open(dir);
	for (i = all = 0; i < 100; i++)
		all += has(c, i, 100);
	ok(all > 0 && all < 100, "it keeps what fits (%d of 100)", all);
	isms_cache_free(c);
	c = isms_cache_open(dir);
	for (i = 0; i < 100 && !has(c, i, 100); i++)
		;
	put(c, 500, 100);
	isms_cache_save(c);
	isms_cache_free(c);
	c = isms_cache_open(dir);
	ok(has(c, 500, 100) && has(c, i, 100),
		"a new entry and one the run used are kept before the others");
	isms_cache_free(c);
	unsetenv("ISMS_CACHE_MAX_BYTES");

	/* Several threads at once. */
	unlink(file_of("documents"));
	c = isms_cache_open(dir);
	{
		struct worker w[4];
		pthread_t t[4];
		int k;

		for (k = 0; k < 4; k++) {
			w[k] = (struct worker){ c, k * 500, 0 };
			pthread_create(&t[k], NULL, work, &w[k]);
		}
		for (k = 0, all = 0; k < 4; k++) {
			pthread_join(t[k], NULL);
			all += w[k].hits;
		}
		ok(all == 2000, "four threads put and find 2000 values");
	}
	isms_cache_save(c);
	isms_cache_free(c);
	c = isms_cache_open(dir);
	for (i = all = 0; i < 2000; i++)
		all += has(c, i, 40);
	is_int(all, 2000, "and the next run finds every one");
	isms_cache_free(c);

	/* Records read back bounded. */
	{
		isms_buf b = ISMS_BUF_INIT;
		isms_rec r;
		size_t len;
		const char *s;

		isms_rec_u32(&b, 42);
		isms_rec_str(&b, "hello", 5);
		isms_rec_str(&b, NULL, 0);
		r = (isms_rec){ b.ptr, b.ptr + b.len, 0 };
		ok(isms_rec_get_u32(&r) == 42 && (s = isms_rec_get_str(&r, &len)) &&
			!strcmp(s, "hello") && len == 5 && !isms_rec_get_str(&r, NULL) &&
			!r.bad && r.p == r.end, "a record reads back what was written");
		r = (isms_rec){ b.ptr, b.ptr + 6, 0 };
		isms_rec_get_u32(&r);
		ok(!isms_rec_get_str(&r, NULL) && r.bad,
			"a string longer than what is left is bad, not read");
		r = (isms_rec){ b.ptr, b.ptr + 2, 0 };
		isms_rec_get_u32(&r);
		ok(r.bad, "a number cut short is bad");
		isms_buf_release(&b);
	}

	/* A document's facts: put and found whole; a damaged value misses. */
	{
		isms_arena *a = isms_arena_new();
		isms_doc d = { 0 }, back = { 0 };
		isms_error e = { 0 };
		const char *fm = "id: POL-1\ntitle: \"A: b\"\ncontrols: [A.5.1, A.5.2]\n"
			"owner:\n  role: ciso\n";
		const char *body = "# Title\n\n## Purpose\n\nSee [x](other.md#scope).\n";
		unsigned char k2[ISMS_CACHE_KEY];
		const char *val;
		size_t vlen;
		char *copy;

		c = isms_cache_open(dir);
		isms_yaml_parse((isms_ynode **)&d.fm, NULL, a, fm, strlen(fm), 2, &e);
		isms_md_parse(&d.md, a, body, strlen(body), 8, 0, &e);
		d.has_fm = 1;
		d.fm_line = 2;
		d.body_line = 8;
		isms_cache_key_make(key, "00000000000000000000000000000000000000aa", 1);
		isms_memo_doc_put(c, key, &d);
		ok(isms_memo_doc_get(&back, c, key, a), "a document's facts are found");
		ok(back.has_fm && back.fm_line == 2 && back.body_line == 8 &&
			!strcmp(isms_yaml_str(isms_yaml_get(back.fm, "title")), "A: b") &&
			isms_yaml_get(back.fm, "controls")->n == 2 &&
			isms_yaml_get(back.fm, "title")->line == 3 &&
			isms_yaml_get(back.fm, "title")->quoted,
			"its front matter comes back with values, positions and quoting");
		ok(back.md && back.md->nheadings == 2 &&
			!strcmp(back.md->headings[1].anchor, "purpose") &&
			back.md->headings[1].line == 10 && back.md->nlinks == 1 &&
			!strcmp(back.md->links[0].url, "other.md#scope"),
			"and its headings, anchors and links");
		/* Every prefix of the value is a miss, never a crash. */
		isms_cache_get(c, ISMS_CACHE_DOC, key, &val, &vlen);
		copy = malloc(vlen);
		memcpy(copy, val, vlen);
		for (n = 0, all = 0; n < vlen; n++) {
			isms_doc cut = { 0 };
			char hex[41];

			snprintf(hex, sizeof(hex), "%040zx", n + 1000);
			isms_cache_key_make(k2, hex, 1);
			isms_cache_put(c, ISMS_CACHE_DOC, k2, copy, n);
			all += isms_memo_doc_get(&cut, c, k2, a);
		}
		is_int(all, 0, "a value cut anywhere is a miss");
		free(copy);
		isms_cache_free(c);
		isms_arena_free(a);
	}

	{
		char cmd[PATH_MAX + 16];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return done_testing();
}
