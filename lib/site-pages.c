/*
 * site-pages.c - the site's pages that are not documents: index.html (the
 * documents by type with their owner, version, status, last approval and
 * review state, and the governed files), findings.html (the lint
 * findings by file), and the frames around the SoA (lib/soa.c) and the
 * process graph (lib/graph-out.c).
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- index */

static int known_type(const char *type)
{
	size_t i;

	for (i = 0; i < isms_site_ngroups; i++)
		if (type && !strcmp(type, isms_site_groups[i].type))
			return 1;
	return 0;
}

static void toc_row(isms_buf *o, struct site *s, size_t k)
{
	const isms_doc *d = &s->m->docs[k];
	const isms_review *rv = isms_facts_review(s->m, d);

	isms_buf_puts(o, "<tr><td class=\"nowrap\">");
	isms_site_put_value(o, d->id);
	isms_buf_puts(o, "</td><td>");
	isms_site_put_link(o, s->page, s->pages[k], NULL, title_of(d));
	isms_buf_puts(o, "</td><td>");
	isms_site_put_owner(o, s->m->cfg, d->owner);
	isms_buf_puts(o, "</td><td>");
	isms_site_put_value(o, d->version);
	isms_buf_puts(o, "</td><td>");
	isms_site_put_status(o, s, d, 0);
	isms_buf_puts(o, "</td><td class=\"nowrap\">");
	isms_site_put_date(o, rv->last);
	isms_buf_puts(o, "</td><td>");
	isms_site_put_review(o, s, rv, 0);
	isms_buf_puts(o, "</td></tr>\n");
}

/* One group of the table of contents: the documents whose type is
 * `type` (NULL: those without a type). */
static void toc_group(isms_buf *o, struct site *s, const char *type,
	const char *label, int level)
{
	size_t i, n = 0;

	for (i = 0; i < s->m->ndocs; i++) {
		const char *t = s->m->docs[i].type;
		if (type ? !t || strcmp(t, type) : t != NULL)
			continue;
		if (!n++) {
			isms_buf_printf(o, "<h%d>", level);
			isms_html_text(o, label);
			isms_buf_printf(o, "</h%d>\n<table>\n<thead><tr><th>ID</th>"
				"<th>Title</th><th>Owner</th><th>Version</th>"
				"<th>Status</th><th>Last approval</th><th>Review</th>"
				"</tr></thead>\n<tbody>\n", level);
		}
		toc_row(o, s, i);
	}
	if (n)
		isms_buf_puts(o, "</tbody>\n</table>\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Types no group names, each once, in name order. */
static size_t other_types(struct site *s, const char ***out)
{
	const char **t = isms_arena_alloc(s->a, (s->m->ndocs + 1) * sizeof(*t));
	size_t i, n = 0, k = 0;

	for (i = 0; i < s->m->ndocs; i++)
		if (s->m->docs[i].type && !known_type(s->m->docs[i].type))
			t[n++] = s->m->docs[i].type;
	qsort(t, n, sizeof(*t), cmp_str);
	for (i = 0; i < n; i++)
		if (!k || strcmp(t[k - 1], t[i]))
			t[k++] = t[i];
	*out = t;
	return k;
}

/* The scope: the documents that say they address clause 4.3. */
static void index_scope(isms_buf *o, struct site *s)
{
	const isms_ynode *v;
	const char *c;
	size_t i, j, n, found = 0;

	isms_buf_puts(o, "<p><strong>Scope:</strong> ");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		v = isms_yaml_get(d->fm, "clauses");
		n = list_len(v);
		for (j = 0; j < n; j++)
			if ((c = list_str(v, j)) && !strcmp(c, "4.3"))
				break;
		if (j == n)
			continue;
		isms_buf_puts(o, found++ ? ", " : "determined in ");
		isms_site_put_link(o, s->page, s->pages[i], NULL, title_of(d));
	}
	isms_buf_puts(o, found ? " (clause 4.3)." :
		"no document addresses clause 4.3 (the scope of the ISMS).");
	isms_buf_puts(o, "</p>\n");
}

/* The index's list of governed files, each with its latest change. */
static void index_governed(isms_buf *o, struct site *s)
{
	size_t i;

	if (!s->m->ngoverned)
		return;
	isms_buf_puts(o, "<h2>Governed files</h2>\n<table>\n<thead><tr><th>File"
		"</th><th>Latest change</th><th>Approval</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < s->m->ngoverned; i++) {
		const char *path = s->m->governed[i];
		const isms_doc_history *dh = s->m->history ?
			isms_history_doc(s->m->history, path) : NULL;

		isms_buf_puts(o, "<tr><td>");
		isms_site_put_link(o, s->page,
			isms_site_governed_page_of(s, path), NULL, path);
		isms_buf_puts(o, "</td><td>");
		if (dh && dh->n) {
			isms_site_put_date(o, isms_date_of(dh->changes[0].landed));
			isms_buf_puts(o, "</td><td>");
			isms_site_put_approval(o, s, &dh->changes[0]);
		} else {
			isms_buf_puts(o, "\xe2\x80\x93</td><td>");
		}
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

int isms_site_index_page(isms_buf *o, struct site *s)
{
	const isms_model *m = s->m;
	const char **types;
	size_t i, n;
	int records = 0;

	isms_html_begin(o, s->page, "Index", m->cfg->organisation);
	isms_buf_puts(o, "<h1>");
	if (m->cfg->organisation && *m->cfg->organisation) {
		isms_html_text(o, m->cfg->organisation);
		isms_buf_puts(o, " \xe2\x80\x93 ");
	}
	isms_buf_puts(o, "Information Security Management System</h1>\n");
	index_scope(o, s);
	isms_buf_printf(o, "<p>%zu document%s. ", m->ndocs, m->ndocs == 1 ? "" : "s");
	isms_buf_puts(o, "Lint: ");
	isms_site_put_link(o, s->page, "findings.html", NULL, "findings");
	isms_buf_printf(o, " \xe2\x80\x93 %zu error%s, %zu warning%s.</p>\n",
		s->findings->errors, s->findings->errors == 1 ? "" : "s",
		s->findings->warnings, s->findings->warnings == 1 ? "" : "s");
	for (i = 0; i < isms_site_ngroups; i++) {
		if (isms_site_groups[i].record && !records++)
			isms_buf_puts(o, "<h2>Records</h2>\n");
		toc_group(o, s, isms_site_groups[i].type, isms_site_groups[i].label,
			isms_site_groups[i].record ? 3 : 2);
	}
	n = other_types(s, &types);
	for (i = 0; i < n; i++)
		toc_group(o, s, types[i], types[i], 2);
	toc_group(o, s, NULL, "Documents without a type", 2);
	index_governed(o, s);
	isms_html_end(o, s->footer);
	return 0;
}

/* ---------------------------------------------------------------- findings */

/* The page of the document at repository path `path`, or NULL. */
static const char *page_at(struct site *s, const char *path)
{
	const isms_doc *d = path ? isms_model_doc(s->m, path) : NULL;

	return d ? s->pages[d - s->m->docs] : NULL;
}

static void findings_group(isms_buf *o, struct site *s, const char *path)
{
	const char *page = page_at(s, path);

	isms_buf_puts(o, "<h2>");
	if (page)
		isms_site_put_link(o, s->page, page, NULL, path);
	else
		isms_html_text(o, *path ? path : "the repository");
	isms_buf_puts(o, "</h2>\n<table>\n<thead><tr><th>Line</th>"
		"<th>Severity</th><th>Rule</th><th>Message</th></tr></thead>\n"
		"<tbody>\n");
}

int isms_site_findings_page(isms_buf *o, struct site *s)
{
	const isms_report *r = s->findings;
	const char *last = NULL;
	size_t i;

	isms_html_begin(o, s->page, "Findings", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Findings</h1>\n<p>isms-lint found %zu error%s "
		"and %zu warning%s in %zu document%s.</p>\n", r->errors,
		r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s",
		r->documents, r->documents == 1 ? "" : "s");
	for (i = 0; i < r->n; i++) {
		const isms_finding *f = &r->findings[i];
		const char *path = f->path ? f->path : "";
		if (!last || strcmp(last, path)) {
			if (last)
				isms_buf_puts(o, "</tbody>\n</table>\n");
			findings_group(o, s, path);
			last = path;
		}
		isms_buf_puts(o, "<tr><td>");
		if (f->line)
			isms_buf_printf(o, "%d:%d", f->line, f->col);
		isms_buf_puts(o, "</td><td>");
		isms_site_put_badge(o, f->severity == ISMS_ERROR ? "bad" : "warn",
			f->severity == ISMS_ERROR ? "error" : "warning");
		isms_buf_puts(o, "</td><td>");
		isms_site_put_rule(o, s, f->rule);
		isms_buf_puts(o, "</td><td>");
		isms_html_text(o, f->message);
		isms_buf_puts(o, "</td></tr>\n");
	}
	if (last)
		isms_buf_puts(o, "</tbody>\n</table>\n");
	isms_html_end(o, s->footer);
	return 0;
}

/* soa.html, and soa.csv beside it for spreadsheets. */
int isms_site_soa_page(isms_buf *o, struct site *s)
{
	isms_soa_write(o, s->m, ISMS_SOA_CSV);
	if (isms_site_write_page(s, "soa.csv", o) < 0)
		return -1;
	isms_buf_truncate(o, 0);
	isms_html_begin(o, s->page, "Statement of Applicability",
		s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>Statement of Applicability</h1>\n<p>Also as "
		"<a href=\"soa.csv\">CSV</a>.</p>\n");
	isms_soa_html(o, s->m, "");
	isms_html_end(o, s->footer);
	return 0;
}

#define GRAPH_MAX_LAYOUT 400     /* processes the site still lays out */

/* graph.dot and graph.svg beside it, and graph.html with the SVG inline:
 * inline, its links to the process pages work (an <img> would disable
 * them). */
int isms_site_graph_page(isms_buf *o, struct site *s)
{
	isms_buf svg = ISMS_BUF_INIT;
	const char *start;
	int rc = -1;

	isms_graph *g;
	size_t nodes;

	isms_graph_build(&g, s->m);
	nodes = g->nnodes;
	isms_graph_free(g);
	if (isms_graph_write(o, s->m, ISMS_GRAPH_DOT, s->err) < 0 ||
	    isms_site_write_page(s, "graph.dot", o) < 0)
		goto done;
	/* Graphviz's layout grows much faster than the graph: past a few
	 * hundred processes it takes seconds, and no one reads the picture.
	 * The DOT file is still there for tools. */
	if (nodes <= GRAPH_MAX_LAYOUT &&
	    (isms_graph_write(&svg, s->m, ISMS_GRAPH_SVG, s->err) < 0 ||
	     isms_site_write_page(s, "graph.svg", &svg) < 0))
		goto done;
	isms_buf_truncate(o, 0);
	isms_html_begin(o, s->page, "Process interaction",
		s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>Process interaction</h1>\n<p>The processes of the "
		"ISMS (clause 4.4) and what they hand each other, from their "
		"<code>inputs</code> and <code>outputs</code>. ");
	if (nodes > GRAPH_MAX_LAYOUT)
		isms_buf_printf(o, "With %zu processes the picture would be "
			"unreadable, so it is not drawn here; the graph is in "
			"<a href=\"graph.dot\">DOT</a>.</p>\n<div class=\"graph\">\n",
			nodes);
	else
		isms_buf_puts(o, "Select a process to open it. The graph is "
			"drawn at its natural size (scroll inside the frame); "
			"<a href=\"graph.svg\">open the graph at full size</a> on a "
			"page of its own, or take it as <a href=\"graph.dot\">DOT</a>."
			"</p>\n<div class=\"graph\">\n");
	start = isms_svg_element(&svg);
	if (start)
		isms_buf_puts(o, start);
	isms_buf_puts(o, "</div>\n");
	isms_html_end(o, s->footer);
	rc = 0;
done:
	isms_buf_release(&svg);
	return rc;
}
