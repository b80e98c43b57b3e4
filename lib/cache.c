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
 *   payload the entries in key order: key[28] (an object id and 8 bytes
 *           of context), u32 length, the value; then the index, in the
 *           same order: each key's first 8 bytes as a number (u64) and
 *           its entry's offset (u32)
 *
 * - A file is mapped, once, when its kind is first asked for, and its
 *   header and checksum checked; a lookup is a binary search of its index,
 *   so nothing is built from the file and a run that needs one entry pays
 *   for the reading only. A file of another format, build or kind, a short
 *   one, or one whose checksum does not match is ignored as if absent (and
 *   rewritten at the end); an offset or a length out of bounds is a miss.
 * - What a run adds is written at isms_cache_save: the new entries and the
 *   ones this run used first, then the others while the file stays under
 *   its bound, in key order; to a temporary file in the same folder,
 *   renamed over the old one. Readers see the old file or the new, never
 *   half; of two runs saving at once the later rename wins, and what the
 *   other added is computed again next time.
 * - The build id changes with every change of the library's sources, so
 *   a cache written by one version is never read by another.
 * - Lookups are safe from several threads: the file is read-only and,
 *   once loaded, looked up without a lock; new entries are kept under one.
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ISMS_CACHE_BUILD
#define ISMS_CACHE_BUILD "dev"
#endif

#define MAGIC "ISMSCACH"
#define FORMAT 5
#define HEADER 96                      /* 8 + 4 + 4 + 48 + 8 + 8 + 8 + 8 */
#define ENTRY (ISMS_CACHE_KEY + 4)     /* an entry's key and length */
#define SLOT 12                        /* an index entry: prefix, offset */
#define DEFAULT_BOUND (256u << 20)     /* bytes a file may hold */

static const char *const kind_names[ISMS_CACHE_KINDS] = {
	"commits", "diffs", "versions", "documents", "reports", "bodies",
	"templates", "walks", "files", "graphs",
};

/* An entry added this run: key and value in one allocation. */
struct fresh {
	const unsigned char *key;
	const char *val;
	uint32_t len;
};

struct kind {
	int loaded;
	char *file;                    /* the file, mapped, or NULL */
	size_t file_len;
	const unsigned char *ents;     /* its entries */
	size_t ents_len;
	const unsigned char *index;    /* their offsets, in key order */
	size_t nfile;
	char *used;                    /* per file entry: read this run */
	struct fresh *fr;              /* added this run */
	size_t nfr, frcap;
	size_t *tab;                   /* open addressing: fr index + 1 */
	size_t tcap;
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

static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v * 0xff51afd7ed558ccdULL;
	return (h << 31 | h >> 33) * 0xc4ceb9fe1a85ec53ULL;
}

/* A fast 64-bit hash (multiply and shift, a word at a time, in four
 * independent lanes so that the multiplications overlap): the checksum
 * that tells a damaged file; not a defence against an attacker, who
 * could as well write any value (the cache is theirs to spoil). */
uint64_t isms_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL);
	uint64_t l[4] = { h, h + 1, h + 2, h + 3 };
	size_t i = 0;
	int j;

	if (len >= 32) {
		for (; i + 32 <= len; i += 32)
			for (j = 0; j < 4; j++)
				l[j] = mix(l[j], rd64(p + i + 8 * j));
		for (j = 0; j < 4; j++)
			h = mix(h, l[j]);
	}
	for (; i + 8 <= len; i += 8)
		h = mix(h, rd64(p + i));
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/* ---------------------------------------------------------------- lookups */

/* The first 8 bytes of a key as a number, in key order. */
static uint64_t prefix(const unsigned char *key)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | key[i];
	return v;
}

static uint64_t slot_prefix(const struct kind *k, size_t i)
{
	return rd64(k->index + SLOT * i);
}

/* The file's entry i, or 0 when the index points out of the entries (a
 * damaged file). */
static int file_entry(const struct kind *k, size_t i, const unsigned char **key,
	const char **val, uint32_t *len)
{
	uint32_t off = rd32(k->index + SLOT * i + 8);

	if (off > k->ents_len || k->ents_len - off < ENTRY)
		return 0;
	*key = k->ents + off;
	*len = rd32(*key + ISMS_CACHE_KEY);
	if (*len > k->ents_len - off - ENTRY)
		return 0;
	*val = (const char *)*key + ENTRY;
	return 1;
}

/*
 * The file's entry of `key`: its place, or -1. Keys open with an object
 * id, spread evenly, so the search guesses the place from the key's
 * first 8 bytes (an interpolation search: a few probes of the index, not
 * log n of the entries), then looks at the entries that share them.
 */
static long file_find(const struct kind *k, const unsigned char *key,
	const char **val, uint32_t *len)
{
	const unsigned char *mk;
	uint64_t want = prefix(key), plo, phi, p;
	size_t lo = 0, hi = k->nfile, pos;

	while (lo < hi) {
		plo = slot_prefix(k, lo);
		phi = slot_prefix(k, hi - 1);
		if (want < plo || want > phi)
			return -1;
		pos = phi > plo ? lo + (size_t)((unsigned __int128)(want - plo) *
			(hi - 1 - lo) / (phi - plo)) : lo;
		p = slot_prefix(k, pos);
		if (p < want) {
			lo = pos + 1;
		} else if (p > want) {
			hi = pos;
		} else {
			while (pos > lo && slot_prefix(k, pos - 1) == want)
				pos--;
			for (; pos < hi && slot_prefix(k, pos) == want; pos++)
				if (file_entry(k, pos, &mk, val, len) &&
				    !memcmp(mk, key, ISMS_CACHE_KEY))
					return (long)pos;
			return -1;
		}
	}
	return -1;
}

static size_t *fresh_slot(struct kind *k, const unsigned char *key)
{
	size_t i = (size_t)(rd64(key) ^ rd64(key + 20)) & (k->tcap - 1);

	while (k->tab[i] && memcmp(k->fr[k->tab[i] - 1].key, key, ISMS_CACHE_KEY))
		i = (i + 1) & (k->tcap - 1);
	return &k->tab[i];
}

static void grow_table(struct kind *k)
{
	size_t *old = k->tab, oc = k->tcap, i;

	k->tcap = k->tcap ? k->tcap * 2 : 1024;
	k->tab = calloc(k->tcap, sizeof(*k->tab));
	if (!k->tab)
		abort();
	for (i = 0; i < oc; i++)
		if (old[i])
			*fresh_slot(k, k->fr[old[i] - 1].key) = old[i];
	free(old);
}

/* Keep `copy` (key, then value) as an entry of this run; a key the kind
 * has already keeps its first value. */
static void add_fresh(struct kind *k, unsigned char *copy, uint32_t len)
{
	const char *v;
	uint32_t vl;
	size_t *slot;

	if (file_find(k, copy, &v, &vl) >= 0) {
		free(copy);
		return;
	}
	if (2 * (k->nfr + 1) > k->tcap)
		grow_table(k);
	if (*(slot = fresh_slot(k, copy))) {
		free(copy);
		return;
	}
	if (k->nfr == k->frcap) {
		k->frcap = k->frcap ? k->frcap * 2 : 256;
		k->fr = realloc(k->fr, k->frcap * sizeof(*k->fr));
		if (!k->fr)
			abort();
	}
	k->fr[k->nfr] = (struct fresh){ copy, (const char *)copy + ISMS_CACHE_KEY,
		len };
	*slot = ++k->nfr;
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

/* The file's entries when it is whole and ours; none otherwise. */
static void parse_file(struct kind *k, int kind, size_t file_len)
{
	unsigned char want[HEADER];
	const unsigned char *p = (const unsigned char *)k->file;
	uint64_t count, len, sum;

	if (file_len < HEADER)
		return;
	memcpy(&count, p + 64, 8);
	memcpy(&len, p + 72, 8);
	memcpy(&sum, p + 80, 8);
	header(want, kind, count, len, sum);
	if (memcmp(want, p, HEADER) || len != file_len - HEADER ||
	    count > len / (ENTRY + SLOT) || isms_hash64(p + HEADER, len, 0) != sum)
		return;
	k->nfile = (size_t)count;
	k->ents = p + HEADER;
	k->ents_len = (size_t)len - SLOT * k->nfile;
	k->index = k->ents + k->ents_len;
	k->used = calloc(k->nfile + 1, 1);
	if (!k->used)
		abort();
}

/*
 * Called with the lock held. The file is mapped, not copied: most runs
 * read a few of its entries, and a mapping costs neither a copy nor a
 * buffer. The files are only ever replaced whole (a rename, never a write
 * in place), so the mapped one stays as it was for the run.
 */
static struct kind *load(isms_cache *c, int kind)
{
	struct kind *k = &c->k[kind];
	struct stat st;
	char *path;
	void *map;
	int fd;

	if (k->loaded)
		return k;
	path = kind_path(c, kind);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size >= HEADER && (uint64_t)st.st_size <= SIZE_MAX &&
		    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0)) != MAP_FAILED) {
			k->file = map;
			k->file_len = (size_t)st.st_size;
			parse_file(k, kind, k->file_len);
		}
		close(fd);
	}
	free(path);
	/* Published whole: a reader that sees it loaded reads the file part
	 * without the lock. */
	__atomic_store_n(&k->loaded, 1, __ATOMIC_RELEASE);
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

/* A hex digit's value (any other character counts as 0): a table, as
 * every lookup turns a 40-digit id into its 20 bytes. */
static const unsigned char hexval[256] = {
	['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5,
	['6'] = 6, ['7'] = 7, ['8'] = 8, ['9'] = 9,
	['a'] = 10, ['b'] = 11, ['c'] = 12, ['d'] = 13, ['e'] = 14, ['f'] = 15,
	['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14, ['F'] = 15,
};

void isms_cache_key_make(unsigned char key[ISMS_CACHE_KEY], const char *hex,
	uint64_t ctx)
{
	const unsigned char *h = (const unsigned char *)hex;
	size_t i;

	memset(key, 0, 20);
	for (i = 0; i < 40 && h[i] && h[i + 1]; i += 2)
		key[i / 2] = (unsigned char)(hexval[h[i]] << 4 | hexval[h[i + 1]]);
	memcpy(key + 20, &ctx, 8);
}

int isms_cache_get(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const char **val, size_t *len)
{
	struct kind *k;
	size_t *slot;
	uint32_t n;
	long i;
	int hit = 0;

	if (!isms_cache_enabled(c) || (unsigned)kind >= ISMS_CACHE_KINDS)
		return 0;
	/* The file part never changes once loaded: looked up without the
	 * lock, which guards only what this run adds. */
	k = &c->k[kind];
	if (!__atomic_load_n(&k->loaded, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&c->lock);
		load(c, kind);
		pthread_mutex_unlock(&c->lock);
	}
	if ((i = file_find(k, key, val, &n)) >= 0) {
		__atomic_store_n(&k->used[i], 1, __ATOMIC_RELAXED);
		*len = n;
		return 1;
	}
	pthread_mutex_lock(&c->lock);
	if (k->tcap && *(slot = fresh_slot(k, key))) {
		*val = k->fr[*slot - 1].val;
		*len = k->fr[*slot - 1].len;
		hit = 1;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void isms_cache_put(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const void *val, size_t len)
{
	unsigned char *copy;

	if (!isms_cache_enabled(c) || (unsigned)kind >= ISMS_CACHE_KINDS ||
	    len > UINT32_MAX - ENTRY)
		return;
	copy = malloc(ISMS_CACHE_KEY + len + 1);
	if (!copy)
		abort();
	memcpy(copy, key, ISMS_CACHE_KEY);
	memcpy(copy + ISMS_CACHE_KEY, val, len);
	pthread_mutex_lock(&c->lock);
	add_fresh(load(c, kind), copy, (uint32_t)len);
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

/* An entry to write. */
struct out {
	const unsigned char *key;
	const char *val;
	uint32_t len;
};

static int cmp_out(const void *x, const void *y)
{
	return memcmp(((const struct out *)x)->key, ((const struct out *)y)->key,
		ISMS_CACHE_KEY);
}

/* Take entry `e` when it fits the bound. */
static void take(struct out *o, size_t *n, size_t *size, const struct out *e,
	size_t bound)
{
	size_t need = ENTRY + e->len + SLOT;

	if (*size + need > bound)
		return;
	*size += need;
	o[(*n)++] = *e;
}

/* The file's bytes: what this run added or used, then the rest, while
 * under the bound; in key order, then the index. */
static void compose(isms_buf *out, const struct kind *k, int kind,
	size_t bound)
{
	unsigned char h[HEADER];
	struct out *o, e;
	size_t n = 0, size = HEADER, i, len;
	uint32_t off;
	int pass;

	o = malloc((k->nfr + k->nfile + 1) * sizeof(*o));
	if (!o)
		abort();
	for (i = 0; i < k->nfr; i++) {
		e = (struct out){ k->fr[i].key, k->fr[i].val, k->fr[i].len };
		take(o, &n, &size, &e, bound);
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < k->nfile; i++)
			if ((k->used[i] != 0) == (pass == 0) &&
			    file_entry(k, i, &e.key, &e.val, &e.len))
				take(o, &n, &size, &e, bound);
	qsort(o, n, sizeof(*o), cmp_out);
	isms_buf_add(out, h, HEADER);
	for (i = 0; i < n; i++) {
		isms_buf_add(out, o[i].key, ISMS_CACHE_KEY);
		isms_buf_add(out, &o[i].len, 4);
		isms_buf_add(out, o[i].val, o[i].len);
	}
	for (i = 0, off = 0; i < n; i++) {
		uint64_t pre = prefix(o[i].key);

		isms_buf_add(out, &pre, 8);
		isms_buf_add(out, &off, 4);
		off += (uint32_t)(ENTRY + o[i].len);
	}
	free(o);
	len = out->len - HEADER;
	header(h, kind, n, len, isms_hash64(out->ptr + HEADER, len, 0));
	memcpy(out->ptr, h, HEADER);
}

static void save_kind(isms_cache *c, int kind)
{
	struct kind *k = &c->k[kind];
	isms_buf out = ISMS_BUF_INIT;
	char *path, *tmp;
	size_t n;
	int fd;

	if (!k->nfr)
		return;
	compose(&out, k, kind, c->bound);
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
		for (i = 0; i < k->nfr; i++)
			free((void *)k->fr[i].key);
		free(k->fr);
		free(k->tab);
		free(k->used);
		if (k->file)
			munmap(k->file, k->file_len);
	}
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}

/* ---------------------------------------------------------------- records */

int isms_cache_rec(isms_rec *r, isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY])
{
	size_t len;

	if (!isms_cache_get(c, kind, key, &r->p, &len))
		return 0;
	r->end = r->p + len;
	r->bad = 0;
	return 1;
}

void isms_rec_u32(isms_buf *b, uint32_t v)
{
	isms_buf_add(b, &v, 4);
}

void isms_rec_str(isms_buf *b, const char *s, size_t len)
{
	isms_rec_u32(b, s ? (uint32_t)len : UINT32_MAX);
	if (s) {
		isms_buf_add(b, s, len);
		isms_buf_putc(b, '\0');
	}
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

const char *isms_rec_get_str(isms_rec *r, size_t *len)
{
	uint32_t n = isms_rec_get_u32(r);
	const char *s;

	if (len)
		*len = 0;
	if (r->bad || n == UINT32_MAX)
		return NULL;
	if (n >= (size_t)(r->end - r->p) || r->p[n] != '\0') {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += n + 1;
	if (len)
		*len = n;
	return s;
}
