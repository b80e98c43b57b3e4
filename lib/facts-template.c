/*
 * facts-template.c - shelf-ware: how much of each document is still the
 * starter template it came from (template/unchanged; see lib/isms.h).
 *
 * The template set is read once a run: its Markdown files, each one's id
 * and the hashes of its body's lines. Only a document that matches a
 * template (by id, else by path) is read again and compared, line hashes
 * against line hashes, as multisets.
 */
#include "model.h"
#include "repo.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tpl {
	const char *path;        /* relative to the set */
	const char *id;          /* its front matter's id, or NULL */
	uint64_t *lines;         /* sorted hashes of its body's lines */
	size_t n;
};

struct templates {
	const char *dir;         /* the set (realpath), or NULL: no comparison */
	const char *inside;      /* the set's repository-relative folder
	                            with a '/', when the repository holds it */
	struct tpl *t;
	size_t n;
	const isms_template_match **match;   /* per document, or NULL */
};

/* ---------------------------------------------------------------- lines */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A date YYYY-MM-DD at s (bounded by end), not inside a longer number. */
static int date_at(const char *s, const char *end, const char *start)
{
	static const char shape[] = "dddd-dd-dd";
	int i;

	if (end - s < 10 || (s > start && is_digit(s[-1])) ||
	    (end - s > 10 && is_digit(s[10])))
		return 0;
	for (i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != '-')
			return 0;
	return 1;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

#define FNV_START 14695981039346656037ULL

/*
 * The hash of one line, normalised: whitespace runs as one space, none at
 * either end; `org` (the organisation's name, or NULL) as the template's
 * placeholder; any date as one token. 0 for a blank line.
 */
static uint64_t line_hash(const char *s, const char *end, const char *org)
{
	static const char ph[] = "{{organisation}}";
	size_t olen = org ? strlen(org) : 0;
	const char *start = s;
	uint64_t h = FNV_START;
	int any = 0, space = 0;

	while (s < end) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' ||
		    *s == '\v') {
			space = any;
			s++;
			continue;
		}
		if (space)
			h = fnv(h, " ", 1);
		space = 0;
		any = 1;
		if (olen && (size_t)(end - s) >= olen && !memcmp(s, org, olen)) {
			h = fnv(h, ph, sizeof(ph) - 1);
			s += olen;
		} else if ((size_t)(end - s) >= sizeof(ph) - 1 &&
		    !memcmp(s, ph, sizeof(ph) - 1)) {
			h = fnv(h, ph, sizeof(ph) - 1);
			s += sizeof(ph) - 1;
		} else if (*s == '2' && date_at(s, end, start)) {
			h = fnv(h, "\0date", 5);
			s += 10;
		} else {
			h = fnv(h, s++, 1);
		}
	}
	return any ? (h ? h : 1) : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The sorted hashes of the body's non-blank lines (malloc'd). */
static uint64_t *body_lines(size_t *n, const char *text, size_t len,
	const char *org)
{
	isms_split sp;
	const char *p, *end, *nl;
	uint64_t *out, h;
	size_t cap = 16;

	isms_split_text(&sp, text, len);
	p = sp.body;
	end = sp.body + sp.body_len;
	*n = 0;
	if (!(out = malloc(cap * sizeof(*out))))
		abort();
	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		if (!(h = line_hash(p, nl, org)))
			continue;
		if (*n == cap && !(out = realloc(out, (cap *= 2) * sizeof(*out))))
			abort();
		out[(*n)++] = h;
	}
	qsort(out, *n, sizeof(*out), cmp_u64);
	return out;
}

/* Lines two sorted multisets share. */
static size_t shared(const uint64_t *a, size_t na, const uint64_t *b,
	size_t nb)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j])
			k++, i++, j++;
		else if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return k;
}

/* ---------------------------------------------------------------- the set */

/*
 * What a template yields (its id, its lines' hashes) is kept in the cache
 * under its text's blob id and the organisation's name (the placeholder
 * its lines are read with): a run reads the set's files, not parses them.
 */
static int template_cached(struct tpl *t, isms_cache *c,
	const unsigned char *key)
{
	const char *id, *lines;
	size_t len;
	isms_rec r;

	if (!isms_cache_rec(&r, c, ISMS_CACHE_TEMPLATE, key))
		return 0;
	id = isms_rec_get_str(&r, NULL);
	lines = isms_rec_get_str(&r, &len);
	if (r.bad || !lines || r.p != r.end || len % sizeof(uint64_t))
		return 0;
	t->id = id;
	t->n = len / sizeof(uint64_t);
	if (!(t->lines = malloc(len + 1)))
		abort();
	memcpy(t->lines, lines, len);
	return 1;
}

static void template_keep(const struct tpl *t, isms_cache *c,
	const unsigned char *key)
{
	isms_buf v = ISMS_BUF_INIT;

	isms_rec_str(&v, t->id, t->id ? strlen(t->id) : 0);
	isms_rec_str(&v, (const char *)t->lines, t->n * sizeof(uint64_t));
	isms_cache_put(c, ISMS_CACHE_TEMPLATE, key, v.ptr, v.len);
	isms_buf_release(&v);
}

/* The template at `full`, of status `at`: its facts from the cache when
 * its status (or else its text's blob id) is known there, without opening
 * it; read and parsed otherwise. */
static void add_template(struct templates *ts, isms_buf *tmp,
	const isms_model *m, const char *full, const struct stat *at,
	const char *rel, size_t *cap)
{
	isms_cache *c = isms_source_cache(m->src);
	const char *org = m->cfg->organisation ? m->cfg->organisation : "";
	unsigned char key[ISMS_CACHE_KEY];
	char blob[41];
	isms_split sp;
	isms_ynode *fm = NULL;
	isms_error e = { 0 };
	struct tpl t = { 0 };
	struct stat st;
	int fd, rc = -1, cached = 0;

	if (isms_file_known_id(blob, c, at, full)) {
		isms_cache_key_make(key, blob, isms_hash64(org, strlen(org), 4));
		cached = template_cached(&t, c, key);
	}
	/* Its facts not known: read it (its status again from what is
	 * opened, which is what is read). */
	if (!cached) {
		if ((fd = open(full, O_RDONLY | O_CLOEXEC)) < 0)
			return;
		if (fstat(fd, &st) == 0)
			rc = isms_file_read_id(tmp, blob, c, fd, &st, full, NULL);
		close(fd);
		if (rc < 0)
			return;
		isms_cache_key_make(key, blob, isms_hash64(org, strlen(org), 4));
		cached = template_cached(&t, c, key);
	}
	if (!cached) {
		isms_split_text(&sp, tmp->ptr, tmp->len);
		if (sp.has_fm && !sp.unterminated && isms_yaml_parse(&fm, NULL,
		    m->arena, sp.fm, sp.fm_len, sp.fm_line, &e) == 0 &&
		    isms_yaml_str(isms_yaml_get(fm, "id")))
			t.id = isms_yaml_str(isms_yaml_get(fm, "id"));
		/* Both sides are read alike: the placeholder and the name as one. */
		t.lines = body_lines(&t.n, tmp->ptr, tmp->len, m->cfg->organisation);
		template_keep(&t, c, key);
	}
	t.path = isms_arena_strdup(m->arena, rel);
	if (ts->n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		if (!(ts->t = realloc(ts->t, *cap * sizeof(*ts->t))))
			abort();
	}
	ts->t[ts->n++] = t;
}

/* Every *.md below `dir` (hidden entries skipped), `rel` its path in the
 * set so far. Bounded in depth: a template set is a few folders. */
static void walk(struct templates *ts, isms_buf *tmp, const isms_model *m,
	const char *dir, const char *rel, size_t *cap, int depth)
{
	DIR *dp = depth < 16 ? opendir(dir) : NULL;
	struct dirent *e;

	while (dp && (e = readdir(dp))) {
		char *full, *r;
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		full = isms_arena_printf(m->arena, "%s/%s", dir, e->d_name);
		r = isms_arena_printf(m->arena, "%s%s%s", rel, *rel ? "/" : "",
			e->d_name);
		if (stat(full, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(ts, tmp, m, full, r, cap, depth + 1);
		else if (S_ISREG(st.st_mode) && len > 3 &&
		    !strcmp(e->d_name + len - 3, ".md"))
			add_template(ts, tmp, m, full, &st, r, cap);
	}
	if (dp)
		closedir(dp);
}

/* The template set's folder (realpath, arena-owned), or NULL. */
static const char *find_set(struct templates *ts, const isms_model *m)
{
	const isms_config *cfg = m->cfg;
	const char *work = isms_source_workdir(m->src);
	const char *root = isms_source_root(m->src);
	char *dir = NULL, *here, *top;
	const char *out = NULL;
	isms_error e = { 0 };
	size_t n;

	if (cfg->templates_off)
		return NULL;
	if (cfg->templates && cfg->templates[0] == '/') {
		dir = realpath(cfg->templates, NULL);
	} else if (cfg->templates) {
		if (!work)
			return NULL;
		here = isms_arena_printf(m->arena, "%s/%s%s", work, root,
			cfg->templates);
		dir = realpath(here, NULL);
	} else if (isms_scaffold_templates(&here, &e) == 0) {
		dir = realpath(here, NULL);
		free(here);
	}
	if (!dir)
		return NULL;
	/* The set itself is not shelf-ware of itself: an ISMS root that is
	 * the set compares with nothing, and a repository that holds the
	 * set (the project's own) skips the documents inside it. */
	if (work && (top = realpath(work, NULL))) {
		here = isms_arena_printf(m->arena, "%s/%s", top, root);
		n = strlen(top);
		if (!strncmp(dir, top, n) && dir[n] == '/')
			ts->inside = isms_arena_printf(m->arena, "%s/", dir + n + 1);
		free(top);
		top = realpath(here, NULL);
		if (top && !strcmp(top, dir)) {
			free(top);
			free(dir);
			return NULL;
		}
		free(top);
	}
	out = isms_arena_strdup(m->arena, dir);
	free(dir);
	return out;
}

/* The templates ordered by id or by path, the first found first among
 * equals: a document finds its template by bisection. */
struct order {
	const char *key;
	size_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static struct order *order_by(const struct templates *ts, int id, size_t *n)
{
	struct order *o = calloc(ts->n + 1, sizeof(*o));
	size_t i;

	if (!o)
		abort();
	for (i = *n = 0; i < ts->n; i++)
		if (id ? ts->t[i].id != NULL : 1)
			o[(*n)++] = (struct order){ id ? ts->t[i].id : ts->t[i].path, i };
	qsort(o, *n, sizeof(*o), cmp_order);
	return o;
}

static const struct tpl *find(const struct templates *ts,
	const struct order *o, size_t n, const char *key)
{
	size_t lo = 0, hi = n;

	while (key && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(o[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return key && lo < n && !strcmp(o[lo].key, key) ? &ts->t[o[lo].i] : NULL;
}

static const isms_template_match *compare(const isms_model *m,
	const isms_doc *d, const struct tpl *t, int id, isms_buf *tmp)
{
	isms_template_match *mt;
	uint64_t *lines;
	size_t n, longer;

	if (isms_source_read(tmp, m->src, d->path, NULL) != 0)
		return NULL;
	lines = body_lines(&n, tmp->ptr, tmp->len, m->cfg->organisation);
	mt = isms_arena_alloc(m->arena, sizeof(*mt));
	mt->template = t->path;
	mt->by_id = id;
	mt->shared = shared(lines, n, t->lines, t->n);
	mt->lines = longer = n > t->n ? n : t->n;
	mt->percent = longer ? (int)(mt->shared * 100 / longer) : 0;
	free(lines);
	return mt;
}

void *isms_facts_make_templates(const isms_model *m)
{
	struct templates *ts = isms_arena_alloc(m->arena, sizeof(*ts));
	const char *root = isms_source_root(m->src);
	isms_buf tmp = ISMS_BUF_INIT;
	struct order *ids, *paths;
	size_t i, cap = 0, rl = strlen(root), nids, npaths;

	ts->match = isms_arena_alloc(m->arena, (m->ndocs + 1) *
		sizeof(*ts->match));
	if (!(ts->dir = find_set(ts, m)))
		return ts;
	walk(ts, &tmp, m, ts->dir, "", &cap, 0);
	ids = order_by(ts, 1, &nids);
	paths = order_by(ts, 0, &npaths);
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const struct tpl *t;
		int id = 1;

		if (ts->inside && !strncmp(d->path, ts->inside,
		    strlen(ts->inside)))
			continue;
		if (!(t = find(ts, ids, nids, d->id))) {
			id = 0;
			t = strncmp(d->path, root, rl) ? NULL :
				find(ts, paths, npaths, d->path + rl);
		}
		if (t)
			ts->match[i] = compare(m, d, t, id, &tmp);
	}
	free(ids);
	free(paths);
	for (i = 0; i < ts->n; i++)
		free(ts->t[i].lines);
	free(ts->t);
	ts->t = NULL;
	ts->n = 0;
	isms_buf_release(&tmp);
	return ts;
}

const isms_template_match *isms_facts_template(const isms_model *m,
	const isms_doc *d)
{
	const struct templates *ts = isms_facts_templates(m);

	return ts->match[isms_facts_index(m, d)];
}

const char *isms_facts_template_dir(const isms_model *m)
{
	const struct templates *ts = isms_facts_templates(m);

	return ts->dir;
}
