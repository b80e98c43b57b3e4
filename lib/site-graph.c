/*
 * site-graph.c - a process page's neighbourhood: the processes that hand
 * it something (its inputs, on the left) and those it hands something to
 * (its outputs, on the right), with what passes on each arrow; the
 * subgraph of the whole process graph (isms_graph_neighbours), drawn here
 * as an inline SVG at its natural size (labels 11 to 13 px at 100 %, in a
 * container that scrolls rather than shrinks). Drawn by hand, not by
 * Graphviz: three columns need no layout engine, and the pages are
 * written on every core while Graphviz is not thread-safe.
 */
#include "site.h"

#include <string.h>

#define BOX_W 200        /* a process's box */
#define BOX_H 40
#define GAP 200          /* between the columns, where the arrows run */
#define ROW 56           /* a row: a box and the space under it */
#define PAD 4
#define TITLE_MAX 27     /* characters of a title in a box (13 px) */
#define WHAT_MAX 30      /* characters of what passes on an arrow (12 px) */

/* `text` (NULL as ""), at most `max` characters, an ellipsis for the rest:
 * the whole text is in the <title> beside it. */
static void put_short(isms_buf *o, const char *text, size_t max)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	isms_buf cut = ISMS_BUF_INIT;
	size_t chars = 0, n;

	for (n = 0; p[n]; n++)
		if ((p[n] & 0xc0) != 0x80 && ++chars > max)
			break;
	if (!p[n]) {
		isms_html_text(o, (const char *)p);
		return;
	}
	/* max - 1 characters and the ellipsis. */
	for (n = 0, chars = 0; p[n]; n++)
		if ((p[n] & 0xc0) != 0x80 && ++chars == max)
			break;
	isms_buf_add(&cut, p, n);
	isms_html_text(o, cut.ptr);
	isms_buf_release(&cut);
	isms_buf_puts(o, "\xe2\x80\xa6");
}

/* A process's box at (x, y): its title and id, linked to its page unless
 * it is the page's own process. */
static void put_box(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page, int x, int y, int self)
{
	if (self)
		isms_buf_puts(o, "<g class=\"self\">");
	else {
		isms_buf_puts(o, "<a href=\"");
		isms_html_href(o, page, s->pages[d - s->m->docs]);
		isms_buf_puts(o, "\">");
	}
	isms_buf_puts(o, "<title>");
	isms_html_text(o, d->id);
	isms_buf_puts(o, ": ");
	isms_html_text(o, title_of(d));
	isms_buf_printf(o, "</title><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		"height=\"%d\" rx=\"6\"/><text x=\"%d\" y=\"%d\" font-size=\"13\">",
		x, y, BOX_W, BOX_H, x + 8, y + 17);
	put_short(o, title_of(d), TITLE_MAX);
	isms_buf_printf(o, "</text><text class=\"id\" x=\"%d\" y=\"%d\" "
		"font-size=\"11\">", x + 8, y + 33);
	put_short(o, d->id, TITLE_MAX + 4);
	isms_buf_puts(o, self ? "</text></g>\n" : "</text></a>\n");
}

/* An arrow from (x1, y1) to (x2, y2) that leaves and arrives level, its
 * head at (x2, y2); `what` passes on it, written at its `at` end. */
static void put_arrow(isms_buf *o, const char *from, const char *to,
	const char *what, int x1, int y1, int x2, int y2, int at_start)
{
	isms_buf_puts(o, "<g class=\"edge\"><title>");
	isms_html_text(o, from);
	isms_buf_puts(o, " \xe2\x86\x92 ");
	isms_html_text(o, to);
	if (*what) {
		isms_buf_puts(o, ": ");
		isms_html_text(o, what);
	}
	isms_buf_printf(o, "</title><path d=\"M%d %dC%d %d %d %d %d %d\"/>"
		"<polygon points=\"%d,%d %d,%d %d,%d\"/>", x1, y1, x1 + 70, y1,
		x2 - 78, y2, x2 - 8, y2, x2, y2, x2 - 9, y2 - 4, x2 - 9, y2 + 4);
	if (*what) {
		isms_buf_printf(o, "<text class=\"what\" x=\"%d\" y=\"%d\" "
			"font-size=\"12\"%s>", at_start ? x1 + 6 : x2 - 12,
			(at_start ? y1 : y2) - 6,
			at_start ? "" : " text-anchor=\"end\"");
		put_short(o, what, WHAT_MAX);
		isms_buf_puts(o, "</text>");
	}
	isms_buf_puts(o, "</g>\n");
}

void isms_site_neighbourhood(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const isms_graph *g = s->graph;
	isms_graph *sub;
	size_t c, i, nin = 0, nout = 0, rows, k;
	long at = g && !s->manual ? isms_graph_find(g, d) : -1;
	int width = 3 * BOX_W + 2 * GAP + 2 * PAD, height, cy, y0;
	const isms_doc *self;

	if (at < 0)
		return;
	isms_graph_neighbours(&sub, &c, g, (size_t)at);
	self = sub->nodes[c];
	for (i = 0; i < sub->nedges; i++) {
		nin += sub->edges[i].to == c && sub->edges[i].from != c;
		nout += sub->edges[i].from == c && sub->edges[i].to != c;
	}
	isms_buf_puts(o, "<section class=\"nbhd\">\n<h2 id=\"isms-neighbourhood\">"
		"Neighbouring processes</h2>\n");
	if (!nin && !nout) {
		isms_buf_puts(o, "<p class=\"muted\">No process hands it anything "
			"and it hands nothing to another: no <code>inputs</code> or "
			"<code>outputs</code> entry names a process. The ");
		isms_site_put_link(o, page, "graph.html", NULL, "process graph");
		isms_buf_puts(o, " shows them all.</p>\n</section>\n");
		isms_graph_free(sub);
		return;
	}
	isms_buf_printf(o, "<p>What %zu process%s hand%s it (left) and what it "
		"hands %zu (right), from the <code>inputs</code> and "
		"<code>outputs</code> of their front matter; the ", nin,
		nin == 1 ? "" : "es", nin == 1 ? "s" : "", nout);
	isms_site_put_link(o, page, "graph.html", NULL, "process graph");
	isms_buf_puts(o, " shows them all.</p>\n");
	rows = nin > nout ? nin : nout;
	height = (int)rows * ROW - (ROW - BOX_H) + 2 * PAD;
	cy = PAD + ((int)rows - 1) * ROW / 2;
	isms_buf_printf(o, "<div class=\"nbhd-graph\"><svg xmlns=\"http://www.w3.org"
		"/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-label=\"", width, height, width, height);
	isms_buf_puts(o, "Inputs and outputs of ");
	isms_html_text(o, title_of(self));
	isms_buf_puts(o, "\">\n");
	/* Inputs: the left column, centred on the process. */
	y0 = PAD + (int)(rows - nin) * ROW / 2;
	for (i = k = 0; i < sub->nedges; i++) {
		const isms_graph_edge *e = &sub->edges[i];
		int y = y0 + (int)k * ROW;

		if (e->to != c || e->from == c)
			continue;
		put_box(o, s, sub->nodes[e->from], page, PAD, y, 0);
		put_arrow(o, sub->nodes[e->from]->id, self->id, e->what,
			PAD + BOX_W, y + BOX_H / 2, PAD + BOX_W + GAP, cy + BOX_H / 2, 1);
		k++;
	}
	put_box(o, s, self, page, PAD + BOX_W + GAP, cy, 1);
	y0 = PAD + (int)(rows - nout) * ROW / 2;
	for (i = k = 0; i < sub->nedges; i++) {
		const isms_graph_edge *e = &sub->edges[i];
		int y = y0 + (int)k * ROW, x = PAD + 2 * (BOX_W + GAP);

		if (e->from != c || e->to == c)
			continue;
		put_arrow(o, self->id, sub->nodes[e->to]->id, e->what,
			PAD + 2 * BOX_W + GAP, cy + BOX_H / 2, x, y + BOX_H / 2, 0);
		put_box(o, s, sub->nodes[e->to], page, x, y, 0);
		k++;
	}
	isms_buf_puts(o, "</svg></div>\n</section>\n");
	isms_graph_free(sub);
}
