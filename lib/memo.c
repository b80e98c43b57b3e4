/*
 * memo.c - what a blob yields, read once and kept in the persistent cache
 * (lib/cache.c): a document's facts (front matter with positions,
 * headings, anchors, links, what reading it found), a blob's version
 * with its body's hash, and the files a commit changed.
 *
 * A value is written field by field and read back bounded: a value that
 * does not read back whole (damaged, or of another shape) is a miss, and
 * the blob is read again.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- yaml */

static void put_node(isms_buf *b, const isms_ynode *y)
{
	size_t i;

	if (!y) {
		isms_rec_u32(b, UINT32_MAX);
		return;
	}
	isms_rec_u32(b, (uint32_t)y->kind);
	isms_rec_u32(b, (uint32_t)y->line);
	isms_rec_u32(b, (uint32_t)y->col);
	isms_rec_str(b, y->str, y->len);
	isms_rec_u32(b, (uint32_t)(y->quoted | y->null << 1));
	isms_rec_u32(b, (uint32_t)y->n);
	for (i = 0; i < y->n; i++) {
		if (y->kind == ISMS_Y_MAP)
			put_node(b, y->keys[i]);
		put_node(b, y->items[i]);
	}
}

/* Nodes read back at most: the parser's own bound. */
static isms_ynode *get_node(isms_rec *r, isms_arena *a, int depth,
	size_t *budget)
{
	uint32_t kind = isms_rec_get_u32(r), flags, n, i;
	isms_ynode *y;

	if (r->bad || kind == UINT32_MAX)
		return NULL;
	if (kind > ISMS_Y_MAP || depth > ISMS_YAML_MAX_DEPTH || !*budget) {
		r->bad = 1;
		return NULL;
	}
	--*budget;
	y = isms_arena_alloc(a, sizeof(*y));
	y->kind = (isms_ykind)kind;
	y->line = (int)isms_rec_get_u32(r);
	y->col = (int)isms_rec_get_u32(r);
	y->str = isms_rec_get_str(r, &y->len);
	flags = isms_rec_get_u32(r);
	y->quoted = flags & 1;
	y->null = (flags >> 1) & 1;
	n = isms_rec_get_u32(r);
	if (r->bad || n > (size_t)(r->end - r->p) / 4) {
		r->bad = 1;
		return NULL;
	}
	y->n = n;
	if (kind == ISMS_Y_MAP)
		y->keys = isms_arena_alloc(a, (n + 1) * sizeof(*y->keys));
	if (kind != ISMS_Y_SCALAR)
		y->items = isms_arena_alloc(a, (n + 1) * sizeof(*y->items));
	for (i = 0; i < n && !r->bad; i++) {
		if (kind == ISMS_Y_MAP)
			y->keys[i] = get_node(r, a, depth + 1, budget);
		if (kind != ISMS_Y_SCALAR)
			y->items[i] = get_node(r, a, depth + 1, budget);
	}
	return y;
}

/* ---------------------------------------------------------------- documents */

static void put_text(isms_buf *b, const char *s)
{
	isms_rec_str(b, s, s ? strlen(s) : 0);
}

void isms_memo_doc_put(isms_cache *c, const unsigned char *key,
	const isms_doc *d)
{
	isms_buf b = ISMS_BUF_INIT;
	const isms_problem *p;
	size_t i, n = 0;

	isms_rec_u32(&b, (uint32_t)d->has_fm);
	isms_rec_u32(&b, (uint32_t)d->fm_line);
	isms_rec_u32(&b, (uint32_t)d->body_line);
	for (p = d->problems; p; p = p->next)
		n++;
	isms_rec_u32(&b, (uint32_t)n);
	for (p = d->problems; p; p = p->next) {
		isms_rec_u32(&b, (uint32_t)p->kind);
		isms_rec_u32(&b, (uint32_t)p->line);
		isms_rec_u32(&b, (uint32_t)p->col);
		put_text(&b, p->msg);
	}
	put_node(&b, d->fm);
	isms_rec_u32(&b, d->md ? 1 : 0);
	if (d->md) {
		const isms_md *md = d->md;
		isms_rec_u32(&b, (uint32_t)md->nheadings);
		for (i = 0; i < md->nheadings; i++) {
			const isms_heading *h = &md->headings[i];
			isms_rec_u32(&b, (uint32_t)h->level);
			isms_rec_u32(&b, (uint32_t)h->line);
			isms_rec_u32(&b, (uint32_t)h->col);
			put_text(&b, h->text);
			put_text(&b, h->anchor);
			isms_rec_u32(&b, (uint32_t)h->end_line);
			isms_rec_u32(&b, (uint32_t)h->empty);
		}
		isms_rec_u32(&b, (uint32_t)md->nlinks);
		for (i = 0; i < md->nlinks; i++) {
			const isms_link *l = &md->links[i];
			isms_rec_u32(&b, (uint32_t)l->line);
			isms_rec_u32(&b, (uint32_t)l->col);
			put_text(&b, l->url);
			isms_rec_u32(&b, (uint32_t)l->image);
		}
	}
	isms_cache_put(c, ISMS_CACHE_DOC, key, b.ptr, b.len);
	isms_buf_release(&b);
}

/* A count that the rest of the value could hold (each item at least
 * `min` bytes), or bad. */
static uint32_t get_count(isms_rec *r, size_t min)
{
	uint32_t n = isms_rec_get_u32(r);

	if (!r->bad && n > (size_t)(r->end - r->p) / min)
		r->bad = 1;
	return r->bad ? 0 : n;
}

static isms_md *get_md(isms_rec *r, isms_arena *a)
{
	isms_md *md = isms_arena_alloc(a, sizeof(*md));
	size_t i;

	md->nheadings = get_count(r, 28);
	md->headings = isms_arena_alloc(a, (md->nheadings + 1) *
		sizeof(*md->headings));
	for (i = 0; i < md->nheadings && !r->bad; i++) {
		isms_heading *h = &md->headings[i];
		h->level = (int)isms_rec_get_u32(r);
		h->line = (int)isms_rec_get_u32(r);
		h->col = (int)isms_rec_get_u32(r);
		h->text = isms_rec_get_str(r, NULL);
		h->anchor = isms_rec_get_str(r, NULL);
		h->end_line = (int)isms_rec_get_u32(r);
		h->empty = (int)isms_rec_get_u32(r);
		r->bad |= !h->text || !h->anchor;
	}
	md->nlinks = get_count(r, 16);
	md->links = isms_arena_alloc(a, (md->nlinks + 1) * sizeof(*md->links));
	for (i = 0; i < md->nlinks && !r->bad; i++) {
		isms_link *l = &md->links[i];
		l->line = (int)isms_rec_get_u32(r);
		l->col = (int)isms_rec_get_u32(r);
		l->url = isms_rec_get_str(r, NULL);
		l->image = (int)isms_rec_get_u32(r);
		r->bad |= !l->url;
	}
	return md;
}

int isms_memo_doc_get(isms_doc *d, isms_cache *c, const unsigned char *key,
	isms_arena *a)
{
	isms_problem **tail = &d->problems;
	size_t budget = ISMS_YAML_MAX_NODES;
	uint32_t n, i;
	isms_rec r;

	if (!isms_cache_rec(&r, c, ISMS_CACHE_DOC, key))
		return 0;
	d->has_fm = (int)isms_rec_get_u32(&r);
	d->fm_line = (int)isms_rec_get_u32(&r);
	d->body_line = (int)isms_rec_get_u32(&r);
	n = get_count(&r, 16);
	for (i = 0; i < n && !r.bad; i++) {
		isms_problem *p = isms_arena_alloc(a, sizeof(*p));
		p->kind = (isms_problem_kind)isms_rec_get_u32(&r);
		p->line = (int)isms_rec_get_u32(&r);
		p->col = (int)isms_rec_get_u32(&r);
		p->msg = isms_rec_get_str(&r, NULL);
		r.bad |= !p->msg || p->kind > ISMS_PROBLEM_SYNTAX;
		*tail = p;
		tail = &p->next;
	}
	d->fm = get_node(&r, a, 0, &budget);
	if (isms_rec_get_u32(&r))
		d->md = get_md(&r, a);
	if (r.bad || r.p != r.end || (d->has_fm && (!d->fm ||
	    d->fm->kind != ISMS_Y_MAP))) {
		d->has_fm = d->fm_line = d->body_line = 0;
		d->problems = NULL;
		d->fm = NULL;
		d->md = NULL;
		return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------- versions */

/* The version of a text (isms_blob_version). */
static void version_of(isms_blob_version *v, isms_arena *a, const char *text,
	size_t len)
{
	isms_split sp;

	isms_split_text(&sp, text, len);
	v->front = sp.has_fm && !sp.unterminated;
	v->version = isms_text_version(a, &sp);
}

/* Keep blob `key`'s version `v`. */
static void version_put(isms_cache *c, const unsigned char *key,
	const isms_blob_version *v)
{
	isms_buf b = ISMS_BUF_INIT;

	isms_rec_u32(&b, (uint32_t)v->front);
	put_text(&b, v->version);
	isms_cache_put(c, ISMS_CACHE_VERSION, key, b.ptr, b.len);
	isms_buf_release(&b);
}

int isms_blob_version_of(isms_blob_version *v, isms_source *src,
	const char *blob, isms_arena *a)
{
	isms_cache *c = isms_source_cache(src);
	unsigned char key[ISMS_CACHE_KEY];
	isms_buf text = ISMS_BUF_INIT;
	isms_rec r;

	memset(v, 0, sizeof(*v));
	if (!blob || !*blob)
		return -1;
	isms_cache_key_make(key, blob, 0);
	if (isms_cache_rec(&r, c, ISMS_CACHE_VERSION, key)) {
		v->front = (int)isms_rec_get_u32(&r);
		v->version = isms_rec_get_str(&r, NULL);
		if (!r.bad && r.p == r.end)
			return 0;
		memset(v, 0, sizeof(*v));
	}
	if (isms_source_blob(&text, src, blob, NULL) < 0) {
		isms_buf_release(&text);
		return -1;
	}
	version_of(v, a, text.ptr, text.len);
	version_put(c, key, v);
	isms_buf_release(&text);
	return 0;
}

void isms_doc_text_version(isms_doc *d, isms_source *src, const char *text,
	size_t len, isms_arena *a)
{
	isms_cache *c = isms_source_cache(src);
	unsigned char key[ISMS_CACHE_KEY];
	const char *was;
	size_t n;

	if (!d->blob[0])
		return;
	version_of(&d->text_version, a, text, len);
	d->text_read = 1;
	isms_cache_key_make(key, d->blob, 0);
	if (!isms_cache_get(c, ISMS_CACHE_VERSION, key, &was, &n))
		version_put(c, key, &d->text_version);
}

int isms_doc_blob_version(isms_blob_version *v, isms_source *src,
	const isms_doc *d, const char *blob, isms_arena *a)
{
	if (d->text_read && blob && !strcmp(blob, d->blob)) {
		*v = d->text_version;
		return 0;
	}
	return isms_blob_version_of(v, src, blob, a);
}

void isms_text_body(char out[41], const char *text, size_t len)
{
	isms_split sp;

	isms_split_text(&sp, text, len);
	isms_source_hash(out, sp.body, sp.body_len);
}

/* Kept beside the blob's version, under context 1. */
int isms_blob_body_of(char out[41], isms_source *src, const char *blob)
{
	isms_cache *c = isms_source_cache(src);
	unsigned char key[ISMS_CACHE_KEY];
	isms_buf text = ISMS_BUF_INIT;
	const char *was;
	size_t len;

	out[0] = '\0';
	if (!blob || !*blob)
		return -1;
	isms_cache_key_make(key, blob, 1);
	if (isms_cache_get(c, ISMS_CACHE_VERSION, key, &was, &len) && len == 40) {
		memcpy(out, was, 40);
		out[40] = '\0';
		return 0;
	}
	if (isms_source_blob(&text, src, blob, NULL) < 0) {
		isms_buf_release(&text);
		return -1;
	}
	isms_text_body(out, text.ptr, text.len);
	isms_cache_put(c, ISMS_CACHE_VERSION, key, out, 40);
	isms_buf_release(&text);
	return 0;
}

const char *isms_version_at(isms_source *src, const char *blob,
	isms_arena *a)
{
	isms_blob_version v;

	return isms_blob_version_of(&v, src, blob, a) == 0 && v.version ?
		v.version : "";
}

void isms_text_blob_version(isms_blob_version *v, const char *text,
	size_t len, isms_arena *a)
{
	memset(v, 0, sizeof(*v));
	version_of(v, a, text, len);
}

/* ---------------------------------------------------------------- diffs */

void isms_memo_diff_put(isms_cache *c, const unsigned char *key,
	const isms_delta *d, size_t n)
{
	isms_buf b = ISMS_BUF_INIT;
	size_t k;

	isms_rec_u32(&b, (uint32_t)n);
	for (k = 0; k < n; k++) {
		put_text(&b, d[k].path);
		put_text(&b, d[k].old_blob);
		put_text(&b, d[k].new_blob);
	}
	isms_cache_put(c, ISMS_CACHE_DIFF, key, b.ptr, b.len);
	isms_buf_release(&b);
}

/* A blob id as written: "" or 40 hex digits. */
static int get_blob(isms_rec *r, char out[41])
{
	size_t len;
	const char *s = isms_rec_get_str(r, &len);

	if (!s || (len != 0 && len != 40) || strlen(s) != len)
		return r->bad = 1, -1;
	memcpy(out, s, len + 1);
	return 0;
}

int isms_memo_diff_get(isms_delta **out, size_t *n, isms_cache *c,
	const unsigned char *key, isms_arena *a)
{
	isms_delta *d;
	size_t k;
	isms_rec r;

	if (!isms_cache_rec(&r, c, ISMS_CACHE_DIFF, key))
		return 0;
	*n = get_count(&r, 12);
	d = *n ? isms_arena_alloc(a, *n * sizeof(*d)) : NULL;
	for (k = 0; k < *n && !r.bad; k++) {
		d[k].path = isms_rec_get_str(&r, NULL);
		r.bad |= !d[k].path;
		get_blob(&r, d[k].old_blob);
		get_blob(&r, d[k].new_blob);
	}
	if (r.bad || r.p != r.end) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	*out = d;
	return 1;
}
