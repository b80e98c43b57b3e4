/*
 * cache.c - the persistent cache: what an object id yields, kept between
 * runs (PRODUCT.md section 10).
 *
 * Git objects never change, so what is read from one (a commit's parents,
 * a tree comparison, a blob's front matter and headings) holds forever.
 * One file a kind of record, in a folder of the repository's git
 * directory, each:
 *
 *   header  "ISMSCACH", u32 format, u32 kind, build[48], u64 count,
 *           u64 payload length, u64 checksum of the payload
 *   entry   key[28] (an object id and 8 bytes of context), u32 length,
 *           the value
 *
 * - A file is read whole, once, when its kind is first asked for; one of
 *   another format, build or kind, a short one, or one whose checksum
 *   does not match is ignored as if absent (and rewritten at the end).
 * - What a run adds is written at isms_cache_save: the new entries and
 *   the ones this run used first, then the others while the file stays
 *   under its bound; to a temporary file in the same folder, renamed
 *   over the old one. Readers see the old file or the new, never half;
 *   of two runs saving at once the later rename wins, and what the
 *   other added is computed again next time.
 * - The build id changes with every change of the library's sources, so
 *   a cache written by one version is never read by another.
 * - Lookups are safe from several threads; the file's entries are
 *   read-only, new ones are kept under a lock.
 * It is a cache: nothing here is trouble, every failure is a miss.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ISMS_CACHE_BUILD
#define ISMS_CACHE_BUILD "dev"
#endif

#define MAGIC "ISMSCACH"
#define FORMAT 1
#define HEADER 96                      /* 8 + 4 + 4 + 48 + 8 + 8 + 8 + 8 */
#define DEFAULT_BOUND (256u << 20)     /* bytes a file may hold */

static const char *const kind_names[ISMS_CACHE_KINDS] = {
	"commits", "diffs", "versions", "documents", "reports",
};

struct slot {
	const unsigned char *key;      /* ISMS_CACHE_KEY bytes, or NULL */
	const char *val;
	uint32_t len;
	uint32_t entry;                /* index into the kind's entries */
};

struct entry {
	const unsigned char *key;
	const char *val;
	uint32_t len;
	char used;                     /* read this run (kept first) */
	char fresh;                    /* added this run */
};

struct kind {
	int loaded;
	char *file;                    /* the file's bytes, or NULL */
	size_t file_len;
	struct entry *e;
	size_t n, cap;
	struct slot *tab;              /* open addressing over e */
	size_t tcap;
	size_t fresh;                  /* entries added this run */
};

struct isms_cache {
	char *dir;                     /* with trailing '/', NULL: disabled */
	size_t bound;
	pthread_mutex_t lock;
	struct kind k[ISMS_CACHE_KINDS];
};

/* ---------------------------------------------------------------- hash */

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* A fast 64-bit hash (multiply and shift, a word at a time): the
 * checksum that tells a damaged file; not a defence against an attacker,
 * who could as well write any value (the cache is theirs to spoil). */
uint64_t isms_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL);
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		h ^= rd64(p + i) * 0xff51afd7ed558ccdULL;
		h = (h << 31 | h >> 33) * 0xc4ceb9fe1a85ec53ULL;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static size_t key_hash(const unsigned char *key)
{
	return (size_t)rd64(key) ^ (size_t)rd64(key + 20);
}

/* ---------------------------------------------------------------- table */

static struct slot *find_slot(struct kind *k, const unsigned char *key)
{
	size_t i = key_hash(key) & (k->tcap - 1);

	while (k->tab[i].key && memcmp(k->tab[i].key, key, ISMS_CACHE_KEY))
		i = (i + 1) & (k->tcap - 1);
	return &k->tab[i];
}

static void grow_table(struct kind *k)
{
	struct slot *old = k->tab;
	size_t oc = k->tcap, i;

	k->tcap = k->tcap ? k->tcap * 2 : 1024;
	k->tab = calloc(k->tcap, sizeof(*k->tab));
	if (!k->tab)
		abort();
	for (i = 0; i < oc; i++)
		if (old[i].key)
			*find_slot(k, old[i].key) = old[i];
	free(old);
}

/* Add an entry; an existing key keeps its first value. */
static void add(struct kind *k, const unsigned char *key, const char *val,
	uint32_t len, int fresh)
{
	struct slot *s;

	if (2 * (k->n + 1) > k->tcap)
		grow_table(k);
	s = find_slot(k, key);
	if (s->key)
		return;
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 1024;
		k->e = realloc(k->e, k->cap * sizeof(*k->e));
		if (!k->e)
			abort();
	}
	k->e[k->n] = (struct entry){ key, val, len, 0, (char)fresh };
	*s = (struct slot){ key, val, len, (uint32_t)k->n };
	k->n++;
	k->fresh += fresh != 0;
}

/* ---------------------------------------------------------------- file */

static char *kind_path(const isms_cache *c, int kind)
{
	size_t n = strlen(c->dir) + strlen(kind_names[kind]) + 1;
	char *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s%s", c->dir, kind_names[kind]);
	return p;
}

static void header(unsigned char h[HEADER], int kind, uint64_t count,
	uint64_t len, uint64_t sum)
{
	uint32_t fmt = FORMAT, kd = (uint32_t)kind;

	memset(h, 0, HEADER);
	memcpy(h, MAGIC, 8);
	memcpy(h + 8, &fmt, 4);
	memcpy(h + 12, &kd, 4);
	snprintf((char *)h + 16, 48, "%s %s", ISMS_VERSION, ISMS_CACHE_BUILD);
	memcpy(h + 64, &count, 8);
	memcpy(h + 72, &len, 8);
	memcpy(h + 80, &sum, 8);
}

/* The entries of a file that is whole and ours; nothing otherwise. */
static void parse_file(struct kind *k, int kind)
{
	unsigned char want[HEADER];
	const unsigned char *p = (const unsigned char *)k->file, *end;
	uint64_t count, len, sum, i;

	if (k->file_len < HEADER)
		return;
	memcpy(&count, p + 64, 8);
	memcpy(&len, p + 72, 8);
	memcpy(&sum, p + 80, 8);
	header(want, kind, count, len, sum);
	if (memcmp(want, p, HEADER) || len != k->file_len - HEADER ||
	    isms_hash64(p + HEADER, len, 0) != sum)
		return;
	end = p + k->file_len;
	for (p += HEADER, i = 0; i < count; i++) {
		uint32_t vl;

		if ((size_t)(end - p) < ISMS_CACHE_KEY + 4)
			break;
		memcpy(&vl, p + ISMS_CACHE_KEY, 4);
		if (vl > (size_t)(end - p) - ISMS_CACHE_KEY - 4)
			break;
		add(k, p, (const char *)p + ISMS_CACHE_KEY + 4, vl, 0);
		p += ISMS_CACHE_KEY + 4 + vl;
	}
	if (i < count) {
		/* Not what the header says: as good as absent. */
		free(k->e);
		free(k->tab);
		k->e = NULL;
		k->tab = NULL;
		k->n = k->cap = k->tcap = 0;
	}
}

/* Called with the lock held. */
static struct kind *load(isms_cache *c, int kind)
{
	struct kind *k = &c->k[kind];
	isms_buf text = ISMS_BUF_INIT;
	char *path;
	int fd;

	if (k->loaded)
		return k;
	k->loaded = 1;
	path = kind_path(c, kind);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (isms_fs_read_fd(&text, fd, path, NULL) == 0 && text.len) {
			k->file_len = text.len;
			k->file = isms_buf_detach(&text);
			parse_file(k, kind);
		}
		close(fd);
	}
	isms_buf_release(&text);
	free(path);
	return k;
}

/* ---------------------------------------------------------------- public */

isms_cache *isms_cache_open(const char *dir)
{
	isms_cache *c = calloc(1, sizeof(*c));
	const char *b = getenv("ISMS_CACHE_MAX_BYTES");

	if (!c)
		abort();
	pthread_mutex_init(&c->lock, NULL);
	c->bound = b && *b ? strtoul(b, NULL, 10) : DEFAULT_BOUND;
	if (dir) {
		size_t n = strlen(dir);
		c->dir = malloc(n + 2);
		if (!c->dir)
			abort();
		memcpy(c->dir, dir, n);
		c->dir[n] = n && dir[n - 1] == '/' ? '\0' : '/';
		c->dir[n + 1] = '\0';
	}
	return c;
}

int isms_cache_enabled(const isms_cache *c)
{
	return c && c->dir;
}

void isms_cache_key_make(unsigned char key[ISMS_CACHE_KEY], const char *hex,
	uint64_t ctx)
{
	size_t i;

	memset(key, 0, ISMS_CACHE_KEY);
	for (i = 0; i < 40 && hex[i]; i++) {
		int c = hex[i], v = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
		key[i / 2] |= (unsigned char)(i % 2 ? v : v << 4);
	}
	memcpy(key + 20, &ctx, 8);
}

int isms_cache_get(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const char **val, size_t *len)
{
	struct kind *k;
	struct slot *s;
	int hit = 0;

	if (!isms_cache_enabled(c) || (unsigned)kind >= ISMS_CACHE_KINDS)
		return 0;
	pthread_mutex_lock(&c->lock);
	k = load(c, kind);
	if (k->tcap && (s = find_slot(k, key))->key) {
		*val = s->val;
		*len = s->len;
		k->e[s->entry].used = 1;
		hit = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void isms_cache_put(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const void *val, size_t len)
{
	char *copy;

	if (!isms_cache_enabled(c) || (unsigned)kind >= ISMS_CACHE_KINDS ||
	    len > UINT32_MAX)
		return;
	copy = malloc(ISMS_CACHE_KEY + len + 1);
	if (!copy)
		abort();
	memcpy(copy, key, ISMS_CACHE_KEY);
	memcpy(copy + ISMS_CACHE_KEY, val, len);
	pthread_mutex_lock(&c->lock);
	add(load(c, kind), (unsigned char *)copy, copy + ISMS_CACHE_KEY,
		(uint32_t)len, 1);
	pthread_mutex_unlock(&c->lock);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Append entry `e` to `out` when it fits the bound. */
static int keep(isms_buf *out, const struct entry *e, size_t bound,
	uint64_t *count)
{
	if (out->len + ISMS_CACHE_KEY + 4 + e->len > bound)
		return 0;
	isms_buf_add(out, e->key, ISMS_CACHE_KEY);
	isms_buf_add(out, &e->len, 4);
	isms_buf_add(out, e->val, e->len);
	(*count)++;
	return 1;
}

static void save_kind(isms_cache *c, int kind)
{
	struct kind *k = &c->k[kind];
	isms_buf out = ISMS_BUF_INIT;
	unsigned char h[HEADER];
	uint64_t count = 0;
	char *path, *tmp;
	size_t i, n;
	int fd, pass;

	if (!k->fresh)
		return;
	/* Header room first; then what this run added or used, then the
	 * rest, in their order, while under the bound. */
	isms_buf_add(&out, h, HEADER);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < k->n; i++)
			if ((k->e[i].fresh || k->e[i].used) == (pass == 0))
				keep(&out, &k->e[i], c->bound, &count);
	header(h, kind, count, out.len - HEADER,
		isms_hash64(out.ptr + HEADER, out.len - HEADER, 0));
	memcpy(out.ptr, h, HEADER);
	path = kind_path(c, kind);
	n = strlen(path) + 16;
	tmp = malloc(n);
	if (!tmp)
		abort();
	snprintf(tmp, n, "%s.XXXXXX", path);
	if (isms_fs_mkdirs(c->dir, NULL) == 0 && (fd = mkstemp(tmp)) >= 0) {
		/* Readable as the repository's other files are (mkstemp makes
		 * it the owner's only). */
		mode_t mask = umask(0);
		int ok;

		umask(mask);
		ok = fchmod(fd, 0666 & ~mask) == 0 &&
			write_all(fd, out.ptr, out.len) == 0;
		ok = close(fd) == 0 && ok;
		if (!ok || rename(tmp, path) < 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	isms_buf_release(&out);
}

void isms_cache_save(isms_cache *c)
{
	int kind;

	if (!isms_cache_enabled(c))
		return;
	pthread_mutex_lock(&c->lock);
	for (kind = 0; kind < ISMS_CACHE_KINDS; kind++)
		save_kind(c, kind);
	pthread_mutex_unlock(&c->lock);
}

void isms_cache_free(isms_cache *c)
{
	int kind;
	size_t i;

	if (!c)
		return;
	for (kind = 0; kind < ISMS_CACHE_KINDS; kind++) {
		struct kind *k = &c->k[kind];
		for (i = 0; i < k->n; i++)
			if (k->e[i].fresh)
				free((void *)k->e[i].key);
		free(k->e);
		free(k->tab);
		free(k->file);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}

/* ---------------------------------------------------------------- records */

void isms_rec_u32(isms_buf *b, uint32_t v)
{
	isms_buf_add(b, &v, 4);
}

void isms_rec_str(isms_buf *b, const char *s, size_t len)
{
	isms_rec_u32(b, s ? (uint32_t)len : UINT32_MAX);
	if (s)
		isms_buf_add(b, s, len);
}

uint32_t isms_rec_get_u32(isms_rec *r)
{
	uint32_t v = 0;

	if ((size_t)(r->end - r->p) < 4) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, 4);
	r->p += 4;
	return v;
}

const char *isms_rec_get_str(isms_rec *r, isms_arena *a, size_t *len)
{
	uint32_t n = isms_rec_get_u32(r);
	const char *s;

	if (len)
		*len = 0;
	if (r->bad || n == UINT32_MAX)
		return NULL;
	if (n > (size_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	s = isms_arena_strndup(a, r->p, n);
	r->p += n;
	if (len)
		*len = n;
	return s;
}
