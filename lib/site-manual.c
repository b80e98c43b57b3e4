/*
 * site-manual.c - isms-render manual: the ISMS as one printable page,
 * made of the site's parts: the document page's (lib/site-doc.c), the
 * heat map (lib/site-risk.c), the SoA (lib/soa.c) and the process graph
 * (lib/graph-out.c).
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const isms_paper_names[] = { "a4", "letter", NULL };

int isms_paper_parse(isms_paper *out, const char *name)
{
	size_t i;

	for (i = 0; name && isms_paper_names[i]; i++)
		if (!strcasecmp(name, isms_paper_names[i])) {
			*out = (isms_paper)i;
			return 0;
		}
	return -1;
}

/* ---------------------------------------------------------------- graph */

/* As many processes as the site's graph page still lays out
 * (lib/site-pages.c): past that, no one reads the picture. */
#define MANUAL_GRAPH_MAX 400

/*
 * The landscape page's area (the page less its margins, lib/html.c), in
 * mm; the whole picture leaves WHOLE_ROOM of it for the heading and the
 * text above it, a part PART_ROOM for its caption. LEGIBLE is the
 * smallest scale at which Graphviz's 11 pt process names still print at
 * 8 pt: a graph that would print smaller on one page is also printed in
 * parts at that scale.
 */
static const struct { double w, h; } area[] = {
	[ISMS_PAPER_A4] = { 297 - 28, 210 - 30 },
	[ISMS_PAPER_LETTER] = { 279.4 - 28, 215.9 - 30 },
};
#define WHOLE_ROOM 40
#define PART_ROOM 12
#define LEGIBLE (8.0 / 11.0)
#define PT_PER_MM (72 / 25.4)
#define OVERLAP 0.04             /* of a part's size, on each inner side */

static double dmin(double a, double b) { return a < b ? a : b; }
static double dmax(double a, double b) { return a > b ? a : b; }
static int up(double x) { return (int)x + ((double)(int)x < x); }

/*
 * The links of the graph's processes lead to their pages on the site;
 * in the manual, to their articles: each xlink:href="PAGE" of a process
 * becomes "#doc-K". Anything else is copied as it is.
 */
static void graph_links(isms_buf *o, struct site *s, const isms_graph *g,
	const char *svg)
{
	static const char attr[] = "xlink:href=\"";
	isms_buf page = ISMS_BUF_INIT, esc = ISMS_BUF_INIT;
	const char *p = svg, *at, *end;
	size_t i;

	while ((at = strstr(p, attr)) && (end = strchr(at + sizeof(attr) - 1, '"'))) {
		at += sizeof(attr) - 1;
		isms_buf_add(o, p, (size_t)(at - p));
		for (i = 0; i < g->nnodes; i++) {
			isms_buf_truncate(&page, 0);
			isms_buf_truncate(&esc, 0);
			isms_doc_href(&page, s->m, g->nodes[i], "");
			isms_buf_xml(&esc, page.ptr);
			if (esc.len == (size_t)(end - at) &&
			    !memcmp(esc.ptr, at, esc.len))
				break;
		}
		if (i < g->nnodes)
			isms_buf_printf(o, "#doc-%zu", (size_t)(g->nodes[i] -
				s->m->docs));
		else
			isms_buf_add(o, at, (size_t)(end - at));
		p = end;
	}
	isms_buf_puts(o, p);
	isms_buf_release(&page);
	isms_buf_release(&esc);
}

/* The picture's size in pt from Graphviz's <svg width="Wpt" height="Hpt">;
 * -1 when it does not say. */
static int svg_size(const char *svg, double *w, double *h)
{
	const char *pw = strstr(svg, " width=\""), *ph = strstr(svg, " height=\"");

	if (!pw || !ph)
		return -1;
	*w = strtod(pw + 8, NULL);
	*h = strtod(ph + 9, NULL);
	return *w > 0 && *h > 0 ? 0 : -1;
}

/*
 * One part of the picture: the same drawing (`inner`, the content of the
 * <svg> element) through a window of it, scaled to the page's area. Its
 * ids become data-ids, so that the page's ids stay unique.
 */
static void graph_part(isms_buf *o, const char *inner, size_t len,
	double x, double y, double w, double h, const char *caption)
{
	const char *p = inner, *end = inner + len, *id;

	isms_buf_puts(o, "<figure class=\"graph-part\">\n<figcaption>");
	isms_html_text(o, caption);
	isms_buf_printf(o, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"%.2f %.2f "
		"%.2f %.2f\" preserveAspectRatio=\"xMidYMid meet\">", x, y, w, h);
	while ((id = memmem(p, (size_t)(end - p), " id=\"", 5))) {
		isms_buf_add(o, p, (size_t)(id - p));
		isms_buf_puts(o, " data-id=\"");
		p = id + 5;
	}
	isms_buf_add(o, p, (size_t)(end - p));
	isms_buf_puts(o, "</svg>\n</figure>\n");
}

/*
 * The process graph on landscape pages: the whole picture on one, scaled
 * to fit; when that would print the process names smaller than 8 pt, the
 * picture again in a grid of parts at a legible scale, each overlapping
 * its neighbours a little so that no edge label is cut unseen.
 */
static int manual_graph(isms_buf *o, struct site *s, isms_paper paper)
{
	isms_buf svg = ISMS_BUF_INIT, linked = ISMS_BUF_INIT;
	const char *start, *open_end, *close;
	double w, h, fit, cw, ch, pw, ph, ox, oy;
	isms_graph *g;
	int rc = -1, cols, rows, c, r;
	char caption[160];

	cw = area[paper].w * PT_PER_MM;
	ch = (area[paper].h - PART_ROOM) * PT_PER_MM;
	isms_graph_build(&g, s->m);
	isms_buf_puts(o, "<section class=\"manual-part wide\" id=\"process-graph\">\n"
		"<h1>Process interaction</h1>\n");
	if (!g->nnodes) {
		isms_buf_puts(o, "<p>No document of type process: the ISMS has no "
			"process graph yet (clause 4.4).</p>\n");
		rc = 0;
		goto done;
	}
	if (g->nnodes > MANUAL_GRAPH_MAX) {
		isms_buf_printf(o, "<p>With %zu processes the picture would be "
			"unreadable, so it is not drawn; <code>isms-render graph</code> "
			"gives it in DOT.</p>\n", g->nnodes);
		rc = 0;
		goto done;
	}
	if (isms_graph_write(&svg, s->m, ISMS_GRAPH_SVG, s->err) < 0)
		goto done;
	/* The SVG element, linked to the articles. */
	start = isms_svg_element(&svg);
	graph_links(&linked, s, g, start ? start : "");
	start = linked.ptr;
	isms_buf_printf(o, "<p>The %zu processes of the ISMS (clause 4.4) and "
		"what they hand each other, from their <code>inputs</code> and "
		"<code>outputs</code>; a process leads to its document.", g->nnodes);
	if (svg_size(start, &w, &h) < 0 || !(open_end = strchr(start, '>')) ||
	    !(close = strstr(start, "</svg>"))) {
		isms_buf_puts(o, "</p>\n<div class=\"graph\">\n");
		isms_buf_puts(o, start);
		isms_buf_puts(o, "</div>\n");
		rc = 0;
		goto done;
	}
	fit = dmin(cw / w, ch / h);
	cols = fit >= LEGIBLE ? 1 : up(w * LEGIBLE / cw);
	rows = fit >= LEGIBLE ? 1 : up(h * LEGIBLE / ch);
	if (cols * rows > 1)
		isms_buf_printf(o, " The whole picture is on this page; the "
			"%d pages after it show it again in %d part%s across and "
			"%d down, large enough to read.", cols * rows, cols,
			cols == 1 ? "" : "s", rows);
	isms_buf_puts(o, "</p>\n<div class=\"graph graph-whole\">\n");
	isms_buf_add(o, start, (size_t)(close - start) + 6);
	isms_buf_puts(o, "\n</div>\n");
	open_end++;
	pw = w / cols;
	ph = h / rows;
	ox = cols > 1 ? pw * OVERLAP : 0;
	oy = rows > 1 ? ph * OVERLAP : 0;
	for (r = 0; cols * rows > 1 && r < rows; r++)
		for (c = 0; c < cols; c++) {
			double x0 = dmax(0, c * pw - ox), y0 = dmax(0, r * ph - oy),
				x1 = dmin(w, (c + 1) * pw + ox),
				y1 = dmin(h, (r + 1) * ph + oy);

			snprintf(caption, sizeof(caption), "Process interaction, "
				"part %d of %d: row %d of %d, column %d of %d",
				r * cols + c + 1, cols * rows, r + 1, rows, c + 1, cols);
			graph_part(o, open_end, (size_t)(close - open_end), x0, y0,
				x1 - x0, y1 - y0, caption);
		}
	rc = 0;
done:
	isms_buf_puts(o, "</section>\n");
	isms_buf_release(&svg);
	isms_buf_release(&linked);
	isms_graph_free(g);
	return rc;
}

/* ---------------------------------------------------------------- manual */

/* The manual's own layout on paper: its parts start a page; the graph's
 * pictures fill the landscape page's area (see `area`); a document's
 * pages name it, and its version, at the right of the running header (a
 * loose page says what it is part of). */
static void manual_css(isms_buf *o, struct site *s, const char *now,
	isms_paper paper)
{
	isms_buf t = ISMS_BUF_INIT;
	char page[32];
	size_t k;

	for (k = 0; k < s->m->ndocs; k++) {
		const isms_doc *d = &s->m->docs[k];

		isms_buf_truncate(&t, 0);
		isms_buf_puts(&t, d->id ? d->id : d->path);
		if (d->version && !is_record(d))
			isms_buf_printf(&t, " version %s", d->version);
		isms_buf_printf(&t, " \xc2\xb7 as of %s", now);
		snprintf(page, sizeof(page), "d%zu", k);
		isms_html_page_right(o, page, t.ptr);
		isms_buf_printf(o, "@media print{#doc-%zu{page:d%zu}}\n", k, k);
	}
	isms_buf_release(&t);
	isms_buf_printf(o, ".manual-part{break-before:page}\n"
		".graph-whole svg{display:block;width:100%%;height:auto;"
		"max-height:%.0fmm}\n"
		".graph-part{margin:0;break-before:page}"
		".graph-part figcaption{color:#59636e;font-size:.85em}"
		".graph-part svg{display:block;width:100%%;height:%.0fmm}\n",
		area[paper].h - WHOLE_ROOM, area[paper].h - PART_ROOM);
}

/* The contents: the parts, then every document by type. */
static void manual_toc(isms_buf *o, struct site *s)
{
	size_t g, k;

	isms_buf_puts(o, "<nav class=\"toc\">\n<h2>Contents</h2>\n"
		"<h3>The ISMS at a glance</h3>\n<ul>\n"
		"<li><a href=\"#heat-map\">Risk heat map</a></li>\n"
		"<li><a href=\"#soa\">Statement of Applicability</a></li>\n"
		"<li><a href=\"#process-graph\">Process interaction</a></li>\n"
		"</ul>\n");
	for (g = 0; g < isms_site_ngroups; g++) {
		int any = 0;

		for (k = 0; k < s->m->ndocs; k++) {
			const isms_doc *d = &s->m->docs[k];

			if (!d->type || strcmp(d->type, isms_site_groups[g].type))
				continue;
			if (!any++) {
				isms_buf_puts(o, "<h3>");
				isms_html_text(o, isms_site_groups[g].label);
				isms_buf_puts(o, "</h3>\n<ul>\n");
			}
			isms_buf_printf(o, "<li><a href=\"#doc-%zu\">", k);
			isms_html_text(o, d->id ? d->id : d->path);
			isms_buf_puts(o, "</a> ");
			isms_html_text(o, title_of(d));
			isms_buf_puts(o, "</li>\n");
		}
		if (any)
			isms_buf_puts(o, "</ul>\n");
	}
	isms_buf_puts(o, "</nav>\n");
}

/*
 * The whole ISMS as one printable page: a contents list by type, the
 * risk heat map, the Statement of Applicability, the process graph on
 * landscape pages, then every document as an article (metadata with a
 * record's evidence, body, version history) that starts a new printed
 * page. Links between documents lead to their articles.
 */
static int manual_write(isms_buf *o, struct site *s, isms_paper paper)
{
	isms_buf css = ISMS_BUF_INIT;
	size_t k;
	char now[11];

	isms_date_format(now, s->m->now);
	manual_css(&css, s, now, paper);
	isms_html_begin_manual(o, "Manual", s->m->cfg->organisation, now, paper,
		&css);
	isms_buf_release(&css);
	isms_buf_puts(o, "<h1>");
	if (s->m->cfg->organisation) {
		isms_html_text(o, s->m->cfg->organisation);
		isms_buf_puts(o, " \xe2\x80\x93 ");
	}
	isms_buf_printf(o, "Information Security Management System</h1>\n"
		"<p>The manual as of %s: %zu documents, each with its version "
		"history and approvals.</p>\n", now, s->m->ndocs);
	manual_toc(o, s);
	isms_buf_puts(o, "<section class=\"risk-heat-map\">\n");
	isms_site_heatmap(o, s, 1);
	isms_buf_puts(o, "</section>\n<section class=\"manual-part wide\" id=\"soa\">\n"
		"<h1>Statement of Applicability</h1>\n");
	isms_soa_html(o, s->m, NULL);
	isms_buf_puts(o, "</section>\n");
	if (manual_graph(o, s, paper) < 0)
		return -1;
	for (k = 0; k < s->m->ndocs; k++) {
		const isms_doc *d = &s->m->docs[k];

		isms_buf_printf(o, "<article class=\"doc\" id=\"doc-%zu\">\n"
			"<p class=\"kicker\">", k);
		isms_html_text(o, d->id ? d->id : d->path);
		if (isms_site_doc_article(o, s, d, "manual.html") < 0)
			return -1;
	}
	isms_html_end(o, s->footer);
	return 0;
}

int isms_manual_render(isms_report *report, isms_buf *out,
	const isms_lint_opts *opts, const isms_manual_opts *mo, isms_error *err)
{
	isms_model *m = NULL;
	struct site s;
	int rc;

	if (isms_lint_model(report, &m, opts, err) < 0)
		return -1;
	isms_history_read_versions(m);
	isms_site_init(&s, m, report, mo->unsafe, err);
	s.manual = 1;
	rc = manual_write(out, &s, mo->paper);
	isms_arena_free(s.a);
	isms_model_free(m);
	return rc;
}
