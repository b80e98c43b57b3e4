/*
 * site-manual.c - isms-render manual: the ISMS as one printable page,
 * made of the document page's parts (lib/site-doc.c).
 */
#include "site.h"

#include <string.h>

/*
 * The whole ISMS as one printable page: a contents list by type, then
 * every document as an article (metadata, body, version history) that
 * starts a new printed page. Links between documents still name the
 * site's pages; the manual is for paper and PDF.
 */
static int manual_write(isms_buf *o, struct site *s)
{
	size_t g, k;
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin_manual(o, "Manual", s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>");
	if (s->m->cfg->organisation) {
		isms_html_text(o, s->m->cfg->organisation);
		isms_buf_puts(o, " \xe2\x80\x93 ");
	}
	isms_buf_printf(o, "Information Security Management System</h1>\n"
		"<p>The manual as of %s: %zu documents, each with its version "
		"history and approvals.</p>\n<nav class=\"toc\">\n<h2>Contents</h2>\n",
		now, s->m->ndocs);
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
	const isms_lint_opts *opts, int unsafe, isms_error *err)
{
	isms_model *m = NULL;
	struct site s;
	int rc;

	if (isms_lint_model(report, &m, opts, err) < 0)
		return -1;
	isms_history_read_versions(m);
	isms_site_init(&s, m, report, unsafe, err);
	s.manual = 1;
	rc = manual_write(out, &s);
	isms_arena_free(s.a);
	isms_model_free(m);
	return rc;
}
