/*
 * graph.c - the process-interaction graph (ISO/IEC 27001 clause 4.4): the
 * documents of type process as nodes, their `inputs` and `outputs` as
 * edges, and a process's neighbourhood in it. Written out (DOT, SVG,
 * Mermaid, JSON) by lib/graph-out.c.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- build */

static int cmp_node(const void *a, const void *b)
{
	const isms_doc *x = *(const isms_doc *const *)a;
	const isms_doc *y = *(const isms_doc *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

static int cmp_edge(const void *a, const void *b)
{
	const isms_graph_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return strcmp(x->what, y->what);
}

/* The index of the node with id `id`, or -1 (nodes are sorted, unique). */
static long find_node(const isms_graph *g, const char *id)
{
	size_t lo = 0, hi = g->nnodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->nodes[mid]->id, id);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct edges {
	isms_graph_edge *v;
	size_t n, cap;
};

static void add_edge(struct edges *e, long from, long to, const char *what)
{
	if (from < 0 || to < 0)
		return;   /* an unknown id: isms-lint reports it as ref/unknown */
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 16;
		e->v = realloc(e->v, e->cap * sizeof(*e->v));
		if (!e->v)
			abort();
	}
	e->v[e->n++] = (isms_graph_edge){ (size_t)from, (size_t)to, what };
}

/* The edges node `self` declares in its list `key` (inputs/outputs), whose
 * entries name the other end in `dir` (from/to). */
static void declared(struct edges *e, const isms_graph *g, size_t self,
	const char *key, const char *dir)
{
	const isms_ynode *list = isms_yaml_get(g->nodes[self]->fm, key);
	size_t i;

	if (!list || list->kind != ISMS_Y_SEQ)
		return;
	for (i = 0; i < list->n; i++) {
		const char *other = isms_yaml_str(isms_yaml_get(list->items[i], dir));
		const char *what = isms_yaml_str(isms_yaml_get(list->items[i], "what"));
		long o;

		if (!other)
			continue;
		o = find_node(g, other);
		if (!strcmp(dir, "to"))
			add_edge(e, (long)self, o, what ? what : "");
		else
			add_edge(e, o, (long)self, what ? what : "");
	}
}

void isms_graph_build(isms_graph **out, const isms_model *m)
{
	isms_graph *g = calloc(1, sizeof(*g));
	struct edges e = { NULL, 0, 0 };
	size_t i, k;

	if (!g || !(g->nodes = calloc(m->ndocs + 1, sizeof(*g->nodes))))
		abort();
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		if (d->id && d->type && !strcmp(d->type, "process"))
			g->nodes[g->nnodes++] = d;
	}
	qsort(g->nodes, g->nnodes, sizeof(*g->nodes), cmp_node);
	/* Two processes with one id (id/duplicate): the first in path order
	 * stands for it, as a reference to the id cannot tell them apart. */
	for (i = k = 0; i < g->nnodes; i++)
		if (!k || strcmp(g->nodes[k - 1]->id, g->nodes[i]->id))
			g->nodes[k++] = g->nodes[i];
	g->nnodes = k;
	for (i = 0; i < g->nnodes; i++) {
		declared(&e, g, i, "outputs", "to");
		declared(&e, g, i, "inputs", "from");
	}
	if (e.n)
		qsort(e.v, e.n, sizeof(*e.v), cmp_edge);
	/* Declared on both ends with the same `what`: one edge. */
	for (i = k = 0; i < e.n; i++)
		if (!k || cmp_edge(&e.v[k - 1], &e.v[i]))
			e.v[k++] = e.v[i];
	g->edges = e.v;
	g->nedges = k;
	*out = g;
}

long isms_graph_find(const isms_graph *g, const isms_doc *d)
{
	long k = d->id ? find_node(g, d->id) : -1;

	return k >= 0 && g->nodes[k] == d ? k : -1;
}

void isms_graph_neighbours(isms_graph **out, size_t *center,
	const isms_graph *g, size_t k)
{
	isms_graph *sub = calloc(1, sizeof(*sub));
	size_t *at = malloc((g->nnodes + 1) * sizeof(*at)), i;

	if (!sub || !at || !(sub->nodes = calloc(g->nnodes + 1,
	    sizeof(*sub->nodes))) || !(sub->edges = calloc(g->nedges + 1,
	    sizeof(*sub->edges))))
		abort();
	/* Which nodes are k's neighbours (SIZE_MAX: not), in g's order. */
	for (i = 0; i < g->nnodes; i++)
		at[i] = i == k ? 0 : SIZE_MAX;
	for (i = 0; i < g->nedges; i++)
		if (g->edges[i].from == k || g->edges[i].to == k)
			at[g->edges[i].from] = at[g->edges[i].to] = 0;
	for (i = 0; i < g->nnodes; i++)
		if (at[i] != SIZE_MAX) {
			at[i] = sub->nnodes;
			sub->nodes[sub->nnodes++] = g->nodes[i];
		}
	/* The mapping keeps the order, so the edges stay sorted. */
	for (i = 0; i < g->nedges; i++)
		if (g->edges[i].from == k || g->edges[i].to == k)
			sub->edges[sub->nedges++] = (isms_graph_edge){
				at[g->edges[i].from], at[g->edges[i].to],
				g->edges[i].what };
	*center = at[k];
	free(at);
	*out = sub;
}

void isms_graph_free(isms_graph *g)
{
	if (!g)
		return;
	free(g->nodes);
	free(g->edges);
	free(g);
}
