/*
 * diff.c - what changed in the ISMS between two revisions (isms-render
 * diff): documents added, removed and changed (versions, the changes that
 * came in with their approvals, a line diff of the body), Statement of
 * Applicability decisions changed, process interactions added or removed.
 * Markdown, JSON or one self-contained HTML page; the same two models give
 * the same bytes.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONTEXT 3

/* ---------------------------------------------------------------- model */

typedef struct line { const char *s; size_t len; } line;

typedef struct op {
	char kind;               /* ' ' same, '-' removed, '+' added */
	size_t a, b;             /* index of the line in the old / new body */
} op;

typedef struct hunk {
	size_t first, last;      /* ops[first..last) */
	long old_start, old_lines, new_start, new_lines;   /* file lines */
} hunk;

enum { BODY_SAME, BODY_DIFF, BODY_TOO_LARGE, BODY_UNREADABLE };

typedef struct body {
	int state;
	line *a, *b;
	op *ops;
	hunk *hunks;
	size_t nhunks;
} body;

typedef struct entry {
	const isms_doc *a, *b;   /* old and new document (NULL: absent) */
	const isms_change **changes;   /* new since REV1, newest first */
	size_t nchanges;
	body body;               /* changed documents only */
} entry;

typedef struct edge { const char *from, *to, *what; } edge;

typedef struct soachange { const isms_soa_row *a, *b; } soachange;

struct governed;

typedef struct diff {
	const isms_model *ma, *mb;
	const char *reva, *revb;
	entry *added, *removed, *changed;
	size_t nadded, nremoved, nchanged;
	soachange *soa;
	size_t nsoa;
	edge *eadded, *eremoved;
	size_t neadded, neremoved;
	struct governed *gov;    /* governed files whose content changed */
	size_t ngov;
	const char **old;        /* REV1's commits, sorted */
	size_t nold;
	isms_arena *arena;
} diff;

/* A governed file (isms.yml, soa.yml, keys) that changed, with the changes
 * (and removal) REV2's history has since REV1. */
typedef struct governed {
	const char *path;
	const char *state;       /* "added", "removed", "changed" */
	const isms_change **changes;
	size_t nchanges;
} governed_t;

int isms_diff_format_parse(isms_diff_format *out, const char *name)
{
	static const char *const names[] = { "md", "html", "json", NULL };
	int i = isms_name_index(names, name);

	if (i < 0)
		return -1;
	*out = (isms_diff_format)i;
	return 0;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* ---------------------------------------------------------------- matching */

typedef struct dkey { const isms_doc *d; } dkey;

/* Documents with an id first, by id; then the others by path. Equal ids
 * keep path order, so duplicates pair up in order. */
static int cmp_key(const void *x, const void *y)
{
	const isms_doc *a = ((const dkey *)x)->d, *b = ((const dkey *)y)->d;
	int c;

	if (!a->id != !b->id)
		return a->id ? -1 : 1;
	if (a->id && (c = strcmp(a->id, b->id)))
		return c;
	return strcmp(a->path, b->path);
}

static int same_key(const isms_doc *a, const isms_doc *b)
{
	if (!a->id != !b->id)
		return 0;
	return a->id ? !strcmp(a->id, b->id) : !strcmp(a->path, b->path);
}

static dkey *keys(const isms_model *m)
{
	dkey *k = calloc(m->ndocs + 1, sizeof(*k));
	size_t i;

	if (!k)
		abort();
	for (i = 0; i < m->ndocs; i++)
		k[i].d = &m->docs[i];
	qsort(k, m->ndocs, sizeof(*k), cmp_key);
	return k;
}

static const char *entry_path(const entry *e)
{
	return e->b ? e->b->path : e->a->path;
}

static int cmp_entry(const void *x, const void *y)
{
	return strcmp(entry_path(x), entry_path(y));
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Whether REV1 has commit `id`. */
static int in_old(const diff *df, const char *id)
{
	return df->nold && bsearch(&id, df->old, df->nold, sizeof(*df->old),
		cmp_str);
}

/* The changes of `path` in REV2's history (its removals too) whose commit
 * REV1 lacks, newest first. */
static size_t changes_since(const isms_change ***out, diff *df, const char *path)
{
	const isms_history *h = df->mb->history;
	const isms_doc_history *dh = h ? isms_history_doc(h, path) : NULL;
	size_t i, n = 0;

	*out = NULL;
	if (!h)
		return 0;
	*out = isms_arena_alloc(df->arena, ((dh ? dh->n : 0) + h->nremoved + 1) *
		sizeof(**out));
	for (i = 0; dh && i < dh->n; i++)
		if (!in_old(df, dh->changes[i].commit))
			(*out)[n++] = &dh->changes[i];
	for (i = 0; !dh && i < h->nremoved; i++)
		if (!strcmp(h->removed[i].path, path) &&
		    !in_old(df, h->removed[i].commit))
			(*out)[n++] = &h->removed[i];
	return n;
}

/* The changes of b's document in REV2's history whose commit REV1 lacks. */
static void new_changes(diff *df, entry *e)
{
	e->nchanges = changes_since(&e->changes, df, e->b->path);
}

/* ---------------------------------------------------------------- body diff */

/* The body lines of `path` in `src` (arena-owned); -1 when unreadable. */
static long body_lines(line **out, int *first, isms_arena *a, isms_source *src,
	const char *path)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_split sp;
	const char *p, *end, *nl, *copy;
	size_t n = 0, cap = 64;
	line *l;

	if (isms_source_read(&text, src, path, NULL) < 0) {
		isms_buf_release(&text);
		return -1;
	}
	isms_split_text(&sp, text.ptr, text.len);
	copy = isms_arena_strndup(a, sp.body, sp.body_len);
	*first = sp.body_line;
	isms_buf_release(&text);
	l = malloc(cap * sizeof(*l));
	if (!l)
		abort();
	for (p = copy, end = copy + sp.body_len; p < end; p = nl + 1) {
		size_t len;
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (n == cap && !(l = realloc(l, (cap *= 2) * sizeof(*l))))
			abort();
		l[n].s = p;
		l[n++].len = len;
	}
	*out = isms_arena_alloc(a, (n + 1) * sizeof(line));
	memcpy(*out, l, n * sizeof(line));
	free(l);
	return (long)n;
}

static int line_eq(const line *x, const line *y)
{
	return x->len == y->len && !memcmp(x->s, y->s, x->len);
}

/*
 * The edit script from a[0..na) to b[0..nb): common head and tail, and a
 * longest common subsequence of what lies between (a table of
 * ISMS_DIFF_MAX_CELLS cells at most). -1 when that is too large.
 */
static long edit_script(op **out, isms_arena *ar, const line *a, size_t na,
	const line *b, size_t nb)
{
	size_t head = 0, tail = 0, n, m, i, j, k = 0;
	uint32_t *t;
	op *ops;

	while (head < na && head < nb && line_eq(&a[head], &b[head]))
		head++;
	while (tail < na - head && tail < nb - head &&
	    line_eq(&a[na - 1 - tail], &b[nb - 1 - tail]))
		tail++;
	n = na - head - tail;
	m = nb - head - tail;
	if (n && m && (n + 1) * (m + 1) > ISMS_DIFF_MAX_CELLS)
		return -1;
	ops = isms_arena_alloc(ar, (na + nb + 1) * sizeof(*ops));
	t = calloc((n + 1) * (m + 1), sizeof(*t));
	if (!t)
		abort();
	/* t[i][j]: LCS length of the middles' suffixes from i and j. */
#define T(i, j) t[(i) * (m + 1) + (j)]
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = line_eq(&a[head + i], &b[head + j]) ?
				T(i + 1, j + 1) + 1 :
				T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) : T(i, j + 1);
	for (i = 0; i < head; i++)
		ops[k++] = (op){ ' ', i, i };
	for (i = 0, j = 0; i < n || j < m;) {
		if (i < n && j < m && line_eq(&a[head + i], &b[head + j])) {
			ops[k++] = (op){ ' ', head + i, head + j };
			i++, j++;
		} else if (j >= m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
			ops[k++] = (op){ '-', head + i, head + j };
			i++;
		} else {
			ops[k++] = (op){ '+', head + i, head + j };
			j++;
		}
	}
#undef T
	free(t);
	for (i = 0; i < tail; i++)
		ops[k++] = (op){ ' ', head + n + i, head + m + i };
	*out = ops;
	return (long)k;
}

/* Group the script into hunks with CONTEXT lines around each change. */
static void make_hunks(body *bd, isms_arena *ar, size_t nops, int fa, int fb)
{
	size_t i = 0, nh = 0;

	bd->hunks = isms_arena_alloc(ar, (nops + 1) * sizeof(hunk));
	while (i < nops) {
		size_t start, end, k;
		hunk *h;
		while (i < nops && bd->ops[i].kind == ' ')
			i++;
		if (i == nops)
			break;
		start = i > CONTEXT ? i - CONTEXT : 0;
		/* extend while the next change is within 2 * CONTEXT lines */
		end = i;
		for (;;) {
			while (end < nops && bd->ops[end].kind != ' ')
				end++;
			k = end;
			while (k < nops && bd->ops[k].kind == ' ' && k - end <= 2 * CONTEXT)
				k++;
			if (k < nops && bd->ops[k].kind != ' ' && k - end <= 2 * CONTEXT)
				end = k;
			else
				break;
		}
		end = end + CONTEXT < nops ? end + CONTEXT : nops;
		h = &bd->hunks[nh++];
		h->first = start;
		h->last = end;
		h->old_start = (long)bd->ops[start].a + fa;
		h->new_start = (long)bd->ops[start].b + fb;
		for (k = start; k < end; k++) {
			h->old_lines += bd->ops[k].kind != '+';
			h->new_lines += bd->ops[k].kind != '-';
		}
		i = end;
	}
	bd->nhunks = nh;
}

static void body_diff(diff *df, entry *e)
{
	body *bd = &e->body;
	int fa = 1, fb = 1;
	long na, nb, nops;

	na = body_lines(&bd->a, &fa, df->arena, df->ma->src, e->a->path);
	nb = body_lines(&bd->b, &fb, df->arena, df->mb->src, e->b->path);
	if (na < 0 || nb < 0) {
		bd->state = BODY_UNREADABLE;
		return;
	}
	if (na > ISMS_DIFF_MAX_LINES || nb > ISMS_DIFF_MAX_LINES ||
	    (nops = edit_script(&bd->ops, df->arena, bd->a, (size_t)na, bd->b,
	    (size_t)nb)) < 0) {
		bd->state = BODY_TOO_LARGE;
		return;
	}
	make_hunks(bd, df->arena, (size_t)nops, fa, fb);
	bd->state = bd->nhunks ? BODY_DIFF : BODY_SAME;
}

/* ---------------------------------------------------------------- collect */

static void push(entry **arr, size_t *n, isms_arena *a, size_t cap, entry e)
{
	if (!*arr)
		*arr = isms_arena_alloc(a, (cap + 1) * sizeof(entry));
	(*arr)[(*n)++] = e;
}

static int documents(diff *df, isms_error *err)
{
	const isms_model *ma = df->ma, *mb = df->mb;
	dkey *ka = keys(ma), *kb = keys(mb);
	size_t i = 0, j = 0, cap = ma->ndocs + mb->ndocs, nold = 0, n;
	isms_commit *commits = NULL;
	int shallow = 0, rc;

	rc = isms_source_commits(&commits, &n, &shallow, df->arena, ma->src,
		isms_source_commit(ma->src), err);
	if (rc < 0 && rc != ISMS_ENOTFOUND) {
		free(ka);
		free(kb);
		return -1;
	}
	if (rc == 0 && n) {
		df->old = isms_arena_alloc(df->arena, n * sizeof(*df->old));
		for (nold = 0; nold < n; nold++)
			df->old[nold] = commits[nold].id;
		qsort(df->old, nold, sizeof(*df->old), cmp_str);
		df->nold = nold;
	}
	while (i < ma->ndocs || j < mb->ndocs) {
		entry e = { 0 };
		int c = i == ma->ndocs ? 1 : j == mb->ndocs ? -1 :
			same_key(ka[i].d, kb[j].d) ? 0 : cmp_key(&ka[i], &kb[j]);
		if (c < 0) {
			e.a = ka[i++].d;
			push(&df->removed, &df->nremoved, df->arena, cap, e);
			continue;
		}
		if (c > 0) {
			e.b = kb[j++].d;
			new_changes(df, &e);
			push(&df->added, &df->nadded, df->arena, cap, e);
			continue;
		}
		e.a = ka[i++].d;
		e.b = kb[j++].d;
		{
			char ba[41], bb[41];
			if (!strcmp(e.a->path, e.b->path) &&
			    isms_source_id(ba, ma->src, e.a->path) == 0 &&
			    isms_source_id(bb, mb->src, e.b->path) == 0 &&
			    !strcmp(ba, bb))
				continue;
		}
		new_changes(df, &e);
		body_diff(df, &e);
		push(&df->changed, &df->nchanged, df->arena, cap, e);
	}
	free(ka);
	free(kb);
	if (df->nadded)
		qsort(df->added, df->nadded, sizeof(entry), cmp_entry);
	if (df->nremoved)
		qsort(df->removed, df->nremoved, sizeof(entry), cmp_entry);
	if (df->nchanged)
		qsort(df->changed, df->nchanged, sizeof(entry), cmp_entry);
	return 0;
}

/* The governed files of either side whose content differs. */
static void governed_files(diff *df)
{
	const isms_model *ma = df->ma, *mb = df->mb;
	size_t i = 0, j = 0;

	df->gov = isms_arena_alloc(df->arena, (ma->ngoverned + mb->ngoverned + 1) *
		sizeof(*df->gov));
	while (i < ma->ngoverned || j < mb->ngoverned) {
		int c = i == ma->ngoverned ? 1 : j == mb->ngoverned ? -1 :
			strcmp(ma->governed[i], mb->governed[j]);
		governed_t *g = &df->gov[df->ngov];
		char ba[41], bb[41];

		g->path = c <= 0 ? ma->governed[i] : mb->governed[j];
		g->state = c < 0 ? "removed" : c > 0 ? "added" : "changed";
		i += c <= 0;
		j += c >= 0;
		if (c == 0 && isms_source_id(ba, ma->src, g->path) == 0 &&
		    isms_source_id(bb, mb->src, g->path) == 0 && !strcmp(ba, bb))
			continue;
		g->nchanges = changes_since(&g->changes, df, g->path);
		df->ngov++;
	}
}

/* The controls whose decision differs, from each model's SoA facts. */
static void soa(diff *df)
{
	const isms_soa *sa = isms_facts_soa(df->ma), *sb = isms_facts_soa(df->mb);
	size_t i;

	df->soa = isms_arena_alloc(df->arena, (sa->n + 1) * sizeof(soachange));
	for (i = 0; i < sa->n && i < sb->n; i++) {
		const isms_soa_row *a = &sa->rows[i], *b = &sb->rows[i];
		if (a->applicable != b->applicable || strcmp0(a->status, b->status) ||
		    strcmp0(a->justification, b->justification))
			df->soa[df->nsoa++] = (soachange){ a, b };
	}
}

static int cmp_edge(const void *x, const void *y)
{
	const edge *a = x, *b = y;
	int c = strcmp(a->from, b->from);

	if (!c)
		c = strcmp(a->to, b->to);
	return c ? c : strcmp(a->what, b->what);
}

static edge *edges(const isms_graph *g, isms_arena *a)
{
	edge *e = isms_arena_alloc(a, (g->nedges + 1) * sizeof(*e));
	size_t i;

	for (i = 0; i < g->nedges; i++) {
		e[i].from = g->nodes[g->edges[i].from]->id;
		e[i].to = g->nodes[g->edges[i].to]->id;
		e[i].what = g->edges[i].what ? g->edges[i].what : "";
	}
	qsort(e, g->nedges, sizeof(*e), cmp_edge);
	return e;
}

static void graph(diff *df)
{
	isms_graph *ga, *gb;
	edge *ea, *eb;
	size_t i = 0, j = 0;

	isms_graph_build(&ga, df->ma);
	isms_graph_build(&gb, df->mb);
	ea = edges(ga, df->arena);
	eb = edges(gb, df->arena);
	df->eadded = isms_arena_alloc(df->arena, (gb->nedges + 1) * sizeof(edge));
	df->eremoved = isms_arena_alloc(df->arena, (ga->nedges + 1) * sizeof(edge));
	while (i < ga->nedges || j < gb->nedges) {
		int c = i == ga->nedges ? 1 : j == gb->nedges ? -1 :
			cmp_edge(&ea[i], &eb[j]);
		if (c < 0)
			df->eremoved[df->neremoved++] = ea[i++];
		else if (c > 0)
			df->eadded[df->neadded++] = eb[j++];
		else
			i++, j++;
	}
	/* the ids stay the models'; the graphs can go */
	isms_graph_free(ga);
	isms_graph_free(gb);
}

/* ---------------------------------------------------------------- helpers */

/* The day (YYYY-MM-DD) of a commit time. */
static void iso_date(char out[11], long long t)
{
	char full[21];

	isms_time_iso(full, t);
	memcpy(out, full, 10);
	out[10] = '\0';
}

static const char *decision(int applicable)
{
	return applicable > 0 ? "applicable" : applicable == 0 ?
		"not applicable" : "undecided";
}

static const char *doc_title(const entry *e)
{
	const isms_doc *d = e->b ? e->b : e->a;
	return d->title ? d->title : "";
}

static const char *short_rev(const isms_model *m)
{
	const char *c = isms_source_commit(m->src);
	return c ? c : "";
}

/* The longest run of backticks in the body lines of hunks, plus one (at
 * least 3): a fence the lines cannot close. */
static int fence_len(const body *bd)
{
	size_t h, k, i;
	int best = 2;

	for (h = 0; h < bd->nhunks; h++)
		for (k = bd->hunks[h].first; k < bd->hunks[h].last; k++) {
			const op *o = &bd->ops[k];
			const line *l = o->kind == '+' ? &bd->b[o->b] : &bd->a[o->a];
			int run = 0;
			for (i = 0; i < l->len; i++) {
				run = l->s[i] == '`' ? run + 1 : 0;
				if (run > best)
					best = run;
			}
		}
	return best + 1;
}

static const line *op_line(const body *bd, const op *o)
{
	return o->kind == '+' ? &bd->b[o->b] : &bd->a[o->a];
}

/* Markdown text on one line: no line breaks, no HTML. */
static void md_text(isms_buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			isms_buf_putc(out, ' ');
		else if (*s == '<')
			isms_buf_puts(out, "&lt;");
		else if (*s == '&')
			isms_buf_puts(out, "&amp;");
		else
			isms_buf_putc(out, *s);
	}
}

/* One change as a sentence: date, commit, author, subject, approvals. */
static void change_text(isms_buf *out, const isms_change *c,
	void (*esc)(isms_buf *, const char *))
{
	isms_buf detail = ISMS_BUF_INIT;
	char d[11];
	size_t i;

	iso_date(d, c->time);
	isms_buf_printf(out, "%s %.10s ", d, c->commit);
	esc(out, c->author ? c->author : "");
	isms_buf_puts(out, ": \xe2\x80\x9c");
	esc(out, c->subject ? c->subject : "");
	isms_buf_puts(out, "\xe2\x80\x9d \xe2\x80\x94 ");
	if (c->approval == ISMS_APPROVAL_NONE)
		isms_buf_puts(out, c->self_only ? "approved only by its author" :
			"not approved");
	for (i = 0; i < c->napprovers; i++) {
		isms_buf_puts(out, i ? ", " : "approved by ");
		esc(out, c->approvers[i].name ? c->approvers[i].name : "");
		/* Markdown shows <email> as an autolink; HTML escapes it */
		if (esc == md_text)
			isms_buf_puts(out, " <");
		else
			esc(out, " <");
		esc(out, c->approvers[i].email ? c->approvers[i].email : "");
		esc(out, "> (");
		isms_buf_truncate(&detail, 0);
		isms_approver_detail(&detail, &c->approvers[i], 1);
		esc(out, detail.ptr);
		esc(out, ")");
	}
	isms_buf_release(&detail);
	if (c->pr)
		isms_buf_printf(out, "; pull request #%ld", c->pr);
	for (i = 0; i < c->ntickets; i++) {
		isms_buf_puts(out, i ? ", " : "; tickets ");
		esc(out, c->tickets[i]);
	}
}

static void soa_decision_text(isms_buf *out, const isms_soa_row *r,
	void (*esc)(isms_buf *, const char *))
{
	isms_buf_puts(out, decision(r->applicable));
	if (r->status) {
		isms_buf_puts(out, ", ");
		esc(out, r->status);
	}
	if (r->justification) {
		isms_buf_puts(out, ", \xe2\x80\x9c");
		esc(out, r->justification);
		isms_buf_puts(out, "\xe2\x80\x9d");
	}
}

/* How a page format marks up a document's entry. */
struct markup {
	void (*text)(isms_buf *, const char *);
	const char *head, *head_end;   /* around the heading */
	const char *item, *item_end;   /* around an item of its list */
	const char *code, *code_end;   /* around a path */
};

/* A document's heading and its path, type, version and status items. */
static void doc_head(isms_buf *out, const struct markup *mk, const entry *e,
	int kind)
{
	const isms_doc *d = e->b ? e->b : e->a;

	isms_buf_puts(out, mk->head);
	if (d->id) {
		mk->text(out, d->id);
		isms_buf_putc(out, ' ');
	}
	mk->text(out, doc_title(e));
	isms_buf_printf(out, "%s%sPath: %s", mk->head_end, mk->item, mk->code);
	mk->text(out, d->path);
	isms_buf_puts(out, mk->code_end);
	if (kind == 2 && strcmp(e->a->path, e->b->path)) {
		isms_buf_printf(out, " (renamed from %s", mk->code);
		mk->text(out, e->a->path);
		isms_buf_printf(out, "%s)", mk->code_end);
	}
	isms_buf_puts(out, mk->item_end);
	if (d->type) {
		isms_buf_printf(out, "%sType: ", mk->item);
		mk->text(out, d->type);
		isms_buf_puts(out, mk->item_end);
	}
	isms_buf_printf(out, "%sVersion: ", mk->item);
	if (kind == 2) {
		mk->text(out, e->a->version ? e->a->version : "-");
		isms_buf_puts(out, " \xe2\x86\x92 ");
	}
	mk->text(out, d->version ? d->version : "-");
	isms_buf_puts(out, mk->item_end);
	if (kind == 2 && strcmp0(e->a->status, e->b->status)) {
		isms_buf_printf(out, "%sStatus: ", mk->item);
		mk->text(out, e->a->status ? e->a->status : "-");
		isms_buf_puts(out, " \xe2\x86\x92 ");
		mk->text(out, e->b->status ? e->b->status : "-");
		isms_buf_puts(out, mk->item_end);
	}
}

/* The process interactions added, then those removed, an item each. */
static void edge_items(isms_buf *out, const struct markup *mk, const diff *df)
{
	size_t i, k;

	for (k = 0; k < 2; k++) {
		const edge *e = k ? df->eremoved : df->eadded;
		size_t n = k ? df->neremoved : df->neadded;

		for (i = 0; i < n; i++) {
			isms_buf_printf(out, "%s%s: ", mk->item, k ? "Removed" : "Added");
			mk->text(out, e[i].from);
			isms_buf_puts(out, " \xe2\x86\x92 ");
			mk->text(out, e[i].to);
			if (*e[i].what) {
				isms_buf_puts(out, ": ");
				mk->text(out, e[i].what);
			}
			isms_buf_puts(out, mk->item_end);
		}
	}
}

/* The documents added, removed and changed (k = 0, 1, 2), with their
 * headings. */
static const char *const list_heads[] = { "Documents added",
	"Documents removed", "Documents changed" };

static const entry *doc_list(const diff *df, int k, size_t *n)
{
	*n = k == 0 ? df->nadded : k == 1 ? df->nremoved : df->nchanged;
	return k == 0 ? df->added : k == 1 ? df->removed : df->changed;
}

/* ---------------------------------------------------------------- markdown */

static const struct markup md_markup = { md_text, "### ", "\n\n", "- ", "\n",
	"`", "`" };

static void md_doc(isms_buf *out, const entry *e, int kind)
{
	size_t i, h, k;

	doc_head(out, &md_markup, e, kind);
	if (kind != 1) {
		isms_buf_puts(out, "- Changes:");
		if (!e->nchanges)
			isms_buf_puts(out, " none recorded on the approval branch");
		isms_buf_puts(out, "\n");
		for (i = 0; i < e->nchanges; i++) {
			isms_buf_puts(out, "  - ");
			change_text(out, e->changes[i], md_text);
			isms_buf_puts(out, "\n");
		}
	}
	if (kind == 2) {
		const body *bd = &e->body;
		isms_buf_puts(out, "- Body: ");
		if (bd->state == BODY_SAME)
			isms_buf_puts(out, "unchanged\n");
		else if (bd->state == BODY_TOO_LARGE)
			isms_buf_puts(out, "changed (too large for a line diff)\n");
		else if (bd->state == BODY_UNREADABLE)
			isms_buf_puts(out, "changed (could not be read)\n");
		else {
			int f = fence_len(bd), x;
			isms_buf_puts(out, "changed\n\n");
			for (x = 0; x < f; x++)
				isms_buf_putc(out, '`');
			isms_buf_puts(out, "diff\n");
			for (h = 0; h < bd->nhunks; h++) {
				const hunk *hk = &bd->hunks[h];
				isms_buf_printf(out, "@@ -%ld,%ld +%ld,%ld @@\n",
					hk->old_start, hk->old_lines, hk->new_start,
					hk->new_lines);
				for (k = hk->first; k < hk->last; k++) {
					const line *l = op_line(bd, &bd->ops[k]);
					isms_buf_putc(out, bd->ops[k].kind);
					isms_buf_add(out, l->s, l->len);
					isms_buf_putc(out, '\n');
				}
			}
			for (x = 0; x < f; x++)
				isms_buf_putc(out, '`');
			isms_buf_puts(out, "\n");
		}
	}
	isms_buf_puts(out, "\n");
}

static void md_summary(isms_buf *out, const diff *df)
{
	isms_buf_printf(out, "## Summary\n\n"
		"- Documents added: %zu\n- Documents removed: %zu\n"
		"- Documents changed: %zu\n- SoA decisions changed: %zu\n"
		"- Process interactions added: %zu\n"
		"- Process interactions removed: %zu\n\n",
		df->nadded, df->nremoved, df->nchanged, df->nsoa, df->neadded,
		df->neremoved);
}

static void write_md(isms_buf *out, const diff *df)
{
	const entry *list;
	size_t i, n;
	int k;

	isms_buf_puts(out, "# ISMS changes: ");
	md_text(out, df->reva);
	isms_buf_puts(out, " \xe2\x86\x92 ");
	md_text(out, df->revb);
	isms_buf_printf(out, "\n\nFrom commit %.10s to commit %.10s",
		short_rev(df->ma), short_rev(df->mb));
	if (df->mb->cfg->organisation) {
		isms_buf_puts(out, ", the ISMS of ");
		md_text(out, df->mb->cfg->organisation);
	}
	isms_buf_puts(out, ".\n\n");
	md_summary(out, df);
	for (k = 0; k < 3; k++) {
		list = doc_list(df, k, &n);
		isms_buf_printf(out, "## %s\n\n", list_heads[k]);
		if (!n)
			isms_buf_puts(out, "None.\n\n");
		for (i = 0; i < n; i++)
			md_doc(out, &list[i], k);
	}
	isms_buf_puts(out, "## Governed files\n\n");
	if (!df->ngov)
		isms_buf_puts(out, "None changed.\n");
	for (i = 0; i < df->ngov; i++) {
		size_t c;

		isms_buf_puts(out, "- ");
		md_text(out, df->gov[i].path);
		isms_buf_printf(out, " %s\n", df->gov[i].state);
		for (c = 0; c < df->gov[i].nchanges; c++) {
			isms_buf_puts(out, "  - ");
			change_text(out, df->gov[i].changes[c], md_text);
			isms_buf_puts(out, "\n");
		}
	}
	isms_buf_puts(out, "\n## Statement of Applicability\n\n");
	if (!df->nsoa)
		isms_buf_puts(out, "No decision changed.\n");
	for (i = 0; i < df->nsoa; i++) {
		isms_buf_printf(out, "- **A.%s** ", df->soa[i].b->control->id);
		md_text(out, df->soa[i].b->control->title);
		isms_buf_puts(out, ": ");
		soa_decision_text(out, df->soa[i].a, md_text);
		isms_buf_puts(out, " \xe2\x86\x92 ");
		soa_decision_text(out, df->soa[i].b, md_text);
		isms_buf_puts(out, "\n");
	}
	isms_buf_puts(out, "\n## Process interactions\n\n");
	if (!df->neadded && !df->neremoved)
		isms_buf_puts(out, "No interaction changed.\n");
	edge_items(out, &md_markup, df);
}

/* ---------------------------------------------------------------- JSON */



static void json_side(isms_buf *out, const char *key, const isms_doc *d)
{
	isms_buf_printf(out, "\"%s\":", key);
	if (!d) {
		isms_buf_puts(out, "null");
		return;
	}
	isms_buf_puts(out, "{");
	isms_buf_json_field(out, "path", d->path, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "title", d->title, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "type", d->type, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "version", d->version, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "status", d->status, 0);
	isms_buf_puts(out, "}");
}

static void json_body(isms_buf *out, const entry *e)
{
	static const char *const states[] = {
		"unchanged", "changed", "too_large", "unreadable"
	};
	const body *bd = &e->body;
	isms_buf line_buf = ISMS_BUF_INIT;
	size_t h, k;

	if (!e->a || !e->b) {
		isms_buf_puts(out, "null");
		return;
	}
	isms_buf_puts(out, "{");
	isms_buf_json_field(out, "state", states[bd->state], 0);
	isms_buf_puts(out, ",\"hunks\":[");
	for (h = 0; bd->state == BODY_DIFF && h < bd->nhunks; h++) {
		const hunk *hk = &bd->hunks[h];
		isms_buf_printf(out, "%s{\"old_start\":%ld,\"old_lines\":%ld,"
			"\"new_start\":%ld,\"new_lines\":%ld,\"lines\":[", h ? "," : "",
			hk->old_start, hk->old_lines, hk->new_start, hk->new_lines);
		for (k = hk->first; k < hk->last; k++) {
			const line *l = op_line(bd, &bd->ops[k]);
			isms_buf_truncate(&line_buf, 0);
			isms_buf_putc(&line_buf, bd->ops[k].kind);
			isms_buf_add(&line_buf, l->s, l->len);
			/* a NUL inside a line would cut it short: JSON-escape it */
			isms_buf_puts(out, k > hk->first ? ",\"" : "\"");
			{
				size_t p = 0;
				while (p < line_buf.len) {
					size_t q = strlen(line_buf.ptr + p);
					isms_buf_json(out, line_buf.ptr + p);
					p += q;
					if (p < line_buf.len) {
						isms_buf_puts(out, "\\u0000");
						p++;
					}
				}
			}
			isms_buf_puts(out, "\"");
		}
		isms_buf_puts(out, "]}");
	}
	isms_buf_puts(out, "]}");
	isms_buf_release(&line_buf);
}

static void json_doc(isms_buf *out, const entry *e)
{
	const isms_doc *d = e->b ? e->b : e->a;
	size_t i;

	isms_buf_puts(out, "{");
	isms_buf_json_field(out, "id", d->id, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "title", d->title, 0);
	isms_buf_puts(out, ",");
	json_side(out, "old", e->a);
	isms_buf_puts(out, ",");
	json_side(out, "new", e->b);
	isms_buf_puts(out, ",\"changes\":[");
	for (i = 0; i < e->nchanges; i++) {
		if (i)
			isms_buf_putc(out, ',');
		isms_change_json(out, e->changes[i],
			e->changes[i]->version ? e->changes[i]->version : "");
	}
	isms_buf_puts(out, "],\"body\":");
	json_body(out, e);
	isms_buf_puts(out, "}");
}

static void json_decision(isms_buf *out, const char *key, const isms_soa_row *r)
{
	isms_buf_printf(out, "\"%s\":{\"applicable\":%s,", key,
		r->applicable > 0 ? "true" : r->applicable == 0 ? "false" : "null");
	isms_buf_json_field(out, "status", r->status, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "justification", r->justification, 0);
	isms_buf_puts(out, "}");
}

static void write_json(isms_buf *out, const diff *df)
{
	static const char *const names[] = { "added", "removed", "changed" };
	const entry *lists[] = { df->added, df->removed, df->changed };
	size_t counts[] = { df->nadded, df->nremoved, df->nchanged };
	size_t i;
	int k;

	isms_buf_puts(out, "{\"from\":{");
	isms_buf_json_field(out, "rev", df->reva, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "commit", short_rev(df->ma), 0);
	isms_buf_puts(out, "},\"to\":{");
	isms_buf_json_field(out, "rev", df->revb, 0);
	isms_buf_puts(out, ",");
	isms_buf_json_field(out, "commit", short_rev(df->mb), 0);
	isms_buf_printf(out, "},\"summary\":{\"documents_added\":%zu,"
		"\"documents_removed\":%zu,\"documents_changed\":%zu,"
		"\"soa_changed\":%zu,\"edges_added\":%zu,\"edges_removed\":%zu},"
		"\"documents\":{", df->nadded, df->nremoved, df->nchanged, df->nsoa,
		df->neadded, df->neremoved);
	for (k = 0; k < 3; k++) {
		isms_buf_printf(out, "%s\"%s\":[", k ? "," : "", names[k]);
		for (i = 0; i < counts[k]; i++) {
			if (i)
				isms_buf_putc(out, ',');
			json_doc(out, &lists[k][i]);
		}
		isms_buf_puts(out, "]");
	}
	isms_buf_puts(out, "},\"governed\":[");
	for (i = 0; i < df->ngov; i++) {
		size_t c;

		isms_buf_puts(out, i ? ",{" : "{");
		isms_buf_json_field(out, "path", df->gov[i].path, 0);
		isms_buf_json_field(out, "state", df->gov[i].state, 1);
		isms_buf_puts(out, ",\"changes\":[");
		for (c = 0; c < df->gov[i].nchanges; c++) {
			if (c)
				isms_buf_putc(out, ',');
			isms_change_json(out, df->gov[i].changes[c],
				df->gov[i].changes[c]->version ?
				df->gov[i].changes[c]->version : "");
		}
		isms_buf_puts(out, "]}");
	}
	isms_buf_puts(out, "],\"soa\":[");
	for (i = 0; i < df->nsoa; i++) {
		isms_buf_printf(out, "%s{\"control\":\"A.%s\",", i ? "," : "",
			df->soa[i].b->control->id);
		isms_buf_json_field(out, "title", df->soa[i].b->control->title, 0);
		isms_buf_puts(out, ",");
		json_decision(out, "old", df->soa[i].a);
		isms_buf_puts(out, ",");
		json_decision(out, "new", df->soa[i].b);
		isms_buf_puts(out, "}");
	}
	isms_buf_puts(out, "],\"graph\":{");
	for (k = 0; k < 2; k++) {
		const edge *e = k ? df->eremoved : df->eadded;
		size_t n = k ? df->neremoved : df->neadded;
		isms_buf_puts(out, k ? "],\"removed\":[" : "\"added\":[");
		for (i = 0; i < n; i++) {
			isms_buf_puts(out, i ? ",{" : "{");
			isms_buf_json_field(out, "from", e[i].from, 0);
			isms_buf_puts(out, ",");
			isms_buf_json_field(out, "to", e[i].to, 0);
			isms_buf_puts(out, ",");
			isms_buf_json_field(out, "what", e[i].what, 0);
			isms_buf_puts(out, "}");
		}
	}
	isms_buf_puts(out, "]}}\n");
}

/* ---------------------------------------------------------------- HTML */

static const char css[] =
	"body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
	"padding:0 1rem;color:#1b1f23}\n"
	"h1,h2,h3{line-height:1.25}h2{border-bottom:1px solid #d0d7de;"
	"padding-bottom:.3rem;margin-top:2rem}\n"
	"code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:0 .2rem}\n"
	"pre.diff{font:13px/1.4 ui-monospace,monospace;background:#f6f8fa;"
	"padding:.5rem;overflow:auto;border:1px solid #d0d7de}\n"
	"pre.diff span{display:block;white-space:pre}\n"
	".del{background:#ffebe9;color:#82071e}.add{background:#dafbe1;"
	"color:#116329}.hunk{color:#6e7781}\n"
	"table{border-collapse:collapse}td,th{border:1px solid #d0d7de;"
	"padding:.2rem .5rem;text-align:left;vertical-align:top}\n"
	".none{color:#6e7781}\n";

static void xml(isms_buf *out, const char *s)
{
	isms_buf_xml(out, s ? s : "");
}

/* Escape a line of `len` bytes (may hold NULs: shown as '?'). */
static void xml_n(isms_buf *out, const char *s, size_t len)
{
	isms_buf tmp = ISMS_BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++)
		isms_buf_putc(&tmp, s[i] ? s[i] : '?');
	xml(out, tmp.ptr);
	isms_buf_release(&tmp);
}

static const struct markup html_markup = { xml, "<section class=\"doc\">\n<h3>",
	"</h3>\n<ul>\n", "<li>", "</li>\n", "<code>", "</code>" };

static void html_doc(isms_buf *out, const entry *e, int kind)
{
	size_t i, h, k;

	doc_head(out, &html_markup, e, kind);
	if (kind != 1) {
		isms_buf_puts(out, "<li>Changes:");
		if (!e->nchanges)
			isms_buf_puts(out, " none recorded on the approval branch");
		else
			isms_buf_puts(out, "\n<ul>\n");
		for (i = 0; i < e->nchanges; i++) {
			isms_buf_puts(out, "<li>");
			change_text(out, e->changes[i], xml);
			isms_buf_puts(out, "</li>\n");
		}
		isms_buf_puts(out, e->nchanges ? "</ul></li>\n" : "</li>\n");
	}
	if (kind == 2) {
		const body *bd = &e->body;
		isms_buf_puts(out, "<li>Body: ");
		if (bd->state == BODY_SAME)
			isms_buf_puts(out, "unchanged</li>\n");
		else if (bd->state == BODY_TOO_LARGE)
			isms_buf_puts(out, "changed (too large for a line diff)</li>\n");
		else if (bd->state == BODY_UNREADABLE)
			isms_buf_puts(out, "changed (could not be read)</li>\n");
		else {
			isms_buf_puts(out, "changed</li>\n</ul>\n<pre class=\"diff\">");
			for (h = 0; h < bd->nhunks; h++) {
				const hunk *hk = &bd->hunks[h];
				isms_buf_printf(out, "<span class=\"hunk\">@@ -%ld,%ld "
					"+%ld,%ld @@</span>", hk->old_start, hk->old_lines,
					hk->new_start, hk->new_lines);
				for (k = hk->first; k < hk->last; k++) {
					const line *l = op_line(bd, &bd->ops[k]);
					char kd = bd->ops[k].kind;
					isms_buf_printf(out, "<span%s>%c",
						kd == '-' ? " class=\"del\"" :
						kd == '+' ? " class=\"add\"" : "", kd);
					xml_n(out, l->s, l->len);
					isms_buf_puts(out, "</span>");
				}
			}
			isms_buf_puts(out, "</pre>\n</section>\n");
			return;
		}
	}
	isms_buf_puts(out, "</ul>\n</section>\n");
}

static void write_html(isms_buf *out, const diff *df)
{
	const entry *list;
	size_t i, n;
	int k;

	isms_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
		"'none'; style-src 'unsafe-inline'; base-uri 'none'; "
		"form-action 'none'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"isms-render " ISMS_VERSION "\">\n"
		"<title>ISMS changes: ");
	xml(out, df->reva);
	isms_buf_puts(out, " \xe2\x86\x92 ");
	xml(out, df->revb);
	isms_buf_puts(out, "</title>\n<style>\n");
	isms_buf_puts(out, css);
	isms_buf_puts(out, "</style>\n</head>\n<body>\n<h1>ISMS changes: ");
	xml(out, df->reva);
	isms_buf_puts(out, " \xe2\x86\x92 ");
	xml(out, df->revb);
	isms_buf_printf(out, "</h1>\n<p>From commit <code>%.10s</code> to commit "
		"<code>%.10s</code>", short_rev(df->ma), short_rev(df->mb));
	if (df->mb->cfg->organisation) {
		isms_buf_puts(out, ", the ISMS of ");
		xml(out, df->mb->cfg->organisation);
	}
	isms_buf_printf(out, ".</p>\n<h2>Summary</h2>\n<ul>\n"
		"<li>Documents added: %zu</li>\n<li>Documents removed: %zu</li>\n"
		"<li>Documents changed: %zu</li>\n<li>SoA decisions changed: %zu</li>\n"
		"<li>Process interactions added: %zu</li>\n"
		"<li>Process interactions removed: %zu</li>\n</ul>\n",
		df->nadded, df->nremoved, df->nchanged, df->nsoa, df->neadded,
		df->neremoved);
	for (k = 0; k < 3; k++) {
		list = doc_list(df, k, &n);
		isms_buf_printf(out, "<h2>%s</h2>\n", list_heads[k]);
		if (!n)
			isms_buf_puts(out, "<p class=\"none\">None.</p>\n");
		for (i = 0; i < n; i++)
			html_doc(out, &list[i], k);
	}
	isms_buf_puts(out, "<h2>Governed files</h2>\n");
	if (!df->ngov)
		isms_buf_puts(out, "<p class=\"none\">None changed.</p>\n");
	for (i = 0; i < df->ngov; i++) {
		size_t c;

		isms_buf_puts(out, i ? "<li><code>" : "<ul>\n<li><code>");
		xml(out, df->gov[i].path);
		isms_buf_printf(out, "</code> %s", df->gov[i].state);
		for (c = 0; c < df->gov[i].nchanges; c++) {
			isms_buf_puts(out, c ? "</li>\n<li>" : "<ul>\n<li>");
			change_text(out, df->gov[i].changes[c], xml);
		}
		isms_buf_puts(out, df->gov[i].nchanges ? "</li>\n</ul></li>\n" :
			"</li>\n");
		if (i + 1 == df->ngov)
			isms_buf_puts(out, "</ul>\n");
	}
	isms_buf_puts(out, "<h2>Statement of Applicability</h2>\n");
	if (!df->nsoa)
		isms_buf_puts(out, "<p class=\"none\">No decision changed.</p>\n");
	else
		isms_buf_puts(out, "<table>\n<tr><th>Control</th><th>Title</th>"
			"<th>Before</th><th>After</th></tr>\n");
	for (i = 0; i < df->nsoa; i++) {
		isms_buf_printf(out, "<tr><td>A.%s</td><td>", df->soa[i].b->control->id);
		xml(out, df->soa[i].b->control->title);
		isms_buf_puts(out, "</td><td>");
		soa_decision_text(out, df->soa[i].a, xml);
		isms_buf_puts(out, "</td><td>");
		soa_decision_text(out, df->soa[i].b, xml);
		isms_buf_puts(out, "</td></tr>\n");
	}
	if (df->nsoa)
		isms_buf_puts(out, "</table>\n");
	isms_buf_puts(out, "<h2>Process interactions</h2>\n");
	if (!df->neadded && !df->neremoved)
		isms_buf_puts(out, "<p class=\"none\">No interaction changed.</p>\n");
	else
		isms_buf_puts(out, "<ul>\n");
	edge_items(out, &html_markup, df);
	if (df->neadded || df->neremoved)
		isms_buf_puts(out, "</ul>\n");
	isms_buf_puts(out, "</body>\n</html>\n");
}

/* ---------------------------------------------------------------- entry */

int isms_diff_write(isms_buf *out, const isms_model *old,
	const isms_model *new, const char *old_rev, const char *new_rev,
	isms_diff_format fmt, isms_error *err)
{
	diff df = { 0 };
	int rc = -1;

	/* Each change carries the document's version then, as in history. */
	isms_history_read_versions(new);
	df.ma = old;
	df.mb = new;
	df.reva = old_rev ? old_rev : short_rev(old);
	df.revb = new_rev ? new_rev : short_rev(new);
	df.arena = isms_arena_new();
	if (documents(&df, err) < 0)
		goto done;
	governed_files(&df);
	soa(&df);
	graph(&df);
	if (fmt == ISMS_DIFF_JSON)
		write_json(out, &df);
	else if (fmt == ISMS_DIFF_HTML)
		write_html(out, &df);
	else
		write_md(out, &df);
	rc = 0;
done:
	isms_arena_free(df.arena);
	return rc;
}
