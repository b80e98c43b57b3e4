/*
 * site-audit.c - audit.html: the auditor's verdict (lib/audit.c) as a
 * page: the checklist with each item's state, grade and owner role, then
 * each item with its evidence linked and its gaps graded, with their
 * reasons. `isms-render audit --format html` writes the same page, with
 * the document-control sample when one is drawn.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

static const char *grade_class(isms_grade g)
{
	return g == ISMS_GRADE_MAJOR ? "bad" : g == ISMS_GRADE_MINOR ? "warn" :
		"none";
}

static void put_grade(isms_buf *o, isms_grade g)
{
	static const char *const text[] = { "", "observation",
		"minor non-conformity", "major non-conformity" };

	if (g)
		isms_site_put_badge(o, grade_class(g), text[g]);
}

/* An item's state as its badge: found, gap, or not answerable. */
static void put_state(isms_buf *o, const isms_audit_item *it)
{
	if (it->state == ISMS_AUDIT_NA)
		isms_site_put_badge(o, "none", "not answerable");
	else
		isms_site_put_badge(o, it->state == ISMS_AUDIT_GAP ? "bad" : "ok",
			it->state == ISMS_AUDIT_GAP ? "gap" : "found");
}

static int governed(const isms_model *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->ngoverned; i++)
		if (!strcmp(m->governed[i], path))
			return 1;
	return 0;
}

/* A link to what a piece of evidence or a gap is about: the document's
 * page, a governed file's page, or a page of the site. */
static void put_target(isms_buf *o, struct site *s, const isms_doc *d,
	const char *path, const char *page)
{
	if (d)
		isms_site_put_link(o, s->page, s->pages[d - s->m->docs], NULL,
			title_of(d));
	else if (page)
		isms_site_put_link(o, s->page, page, NULL, page);
	else if (path && governed(s->m, path))
		isms_site_put_link(o, s->page, isms_site_governed_page_of(s, path),
			NULL, path);
	else if (path) {
		isms_buf_puts(o, "<code>");
		isms_html_text(o, path);
		isms_buf_puts(o, "</code>");
	}
}

static void put_evidence(isms_buf *o, struct site *s,
	const isms_audit_evidence *e)
{
	isms_buf_puts(o, "<li>");
	isms_site_put_badge(o, e->good ? "ok" : "bad", e->good ? "found" : "gap");
	isms_buf_putc(o, ' ');
	if (e->doc || e->page || e->path) {
		put_target(o, s, e->doc, e->path, e->page);
		isms_buf_puts(o, " \xe2\x80\x94 ");
	}
	isms_html_text(o, e->text);
	if (e->commit) {
		isms_buf_puts(o, " <span class=\"muted\">commit ");
		isms_site_put_commit(o, s, e->commit);
		isms_buf_puts(o, "</span>");
	}
	isms_buf_puts(o, "</li>\n");
}

static void put_gaps(isms_buf *o, struct site *s, const isms_audit_item *it)
{
	size_t i;

	if (!it->ngaps)
		return;
	isms_buf_puts(o, "<table class=\"gaps\">\n<thead><tr><th>Grade</th>"
		"<th>Rule</th><th>Where</th><th>Reason</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < it->ngaps; i++) {
		const isms_audit_gap *g = &it->gaps[i];

		isms_buf_puts(o, "<tr><td class=\"nowrap\">");
		put_grade(o, g->grade);
		isms_buf_puts(o, "</td><td>");
		isms_site_put_rule(o, s, isms_audit_key_name(g->key));
		isms_buf_puts(o, "</td><td>");
		put_target(o, s, g->doc, g->path, NULL);
		if (g->line)
			isms_buf_printf(o, " <span class=\"muted\">line %d</span>",
				g->line);
		isms_buf_puts(o, "</td><td>");
		isms_html_text(o, g->reason);
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

/* What an item's section shows beyond the verdict's evidence: the sites'
 * site x control table (lib/site-risk.c). */
static const struct {
	const char *id;
	void (*write)(isms_buf *o, struct site *s);
} extras[] = {
	{ "sites", isms_site_sites_table },
};

static void put_item(isms_buf *o, struct site *s, const isms_audit_item *it)
{
	size_t i;

	isms_buf_printf(o, "<section id=\"audit-%s\">\n<h2>", it->id);
	isms_html_text(o, it->title);
	isms_buf_putc(o, ' ');
	put_state(o, it);
	isms_buf_puts(o, "</h2>\n<p class=\"muted\">Clause ");
	isms_html_text(o, it->clause);
	isms_buf_puts(o, " \xc2\xb7 owner: ");
	isms_html_text(o, isms_audit_owner_name(it->owner, 1));
	isms_buf_puts(o, " \xc2\xb7 ");
	isms_html_text(o, it->question);
	isms_buf_puts(o, "</p>\n");
	if (it->state == ISMS_AUDIT_NA) {
		isms_buf_puts(o, "<p>Not answerable from the repository: ");
		isms_html_text(o, it->reason);
		isms_buf_puts(o, "</p>\n");
	} else if (it->state == ISMS_AUDIT_GAP) {
		isms_buf_puts(o, "<p class=\"gap\"><strong>Gap:</strong> ");
		isms_html_text(o, it->reason);
		isms_buf_puts(o, " ");
		put_grade(o, it->grade);
		isms_buf_printf(o, "%s</p>\n", it->ngaps > 1 ? isms_arena_printf(
			s->a, " (%zu gaps, below)", it->ngaps) : "");
	}
	if (it->nevidence) {
		isms_buf_puts(o, "<ul>\n");
		for (i = 0; i < it->nevidence; i++)
			put_evidence(o, s, &it->evidence[i]);
		isms_buf_puts(o, "</ul>\n");
	}
	for (i = 0; i < sizeof(extras) / sizeof(extras[0]); i++)
		if (!strcmp(extras[i].id, it->id))
			extras[i].write(o, s);
	put_gaps(o, s, it);
	isms_buf_puts(o, "</section>\n");
}

/* The checklist: one row an item, linking its section. */
static void put_checklist(isms_buf *o, const isms_audit *v)
{
	size_t i;

	isms_buf_printf(o, "<table class=\"kpi\" id=\"audit-summary\">\n"
		"<tr id=\"audit-major\"><th>Major non-conformities</th><td>%zu"
		"</td></tr>\n<tr id=\"audit-minor\"><th>Minor non-conformities</th>"
		"<td>%zu</td></tr>\n<tr id=\"audit-observation\"><th>Observations"
		"</th><td>%zu</td></tr>\n</table>\n<table id=\"audit-checklist\">\n"
		"<thead><tr><th>Item</th><th>Clause</th><th>Owner</th><th>State</th>"
		"<th>Grade</th></tr></thead>\n<tbody>\n",
		v->grades[ISMS_GRADE_MAJOR], v->grades[ISMS_GRADE_MINOR],
		v->grades[ISMS_GRADE_OBSERVATION]);
	for (i = 0; i < v->nitems; i++) {
		const isms_audit_item *it = &v->items[i];

		isms_buf_printf(o, "<tr><td><a href=\"#audit-%s\">", it->id);
		isms_html_text(o, it->title);
		isms_buf_puts(o, "</a></td><td>");
		isms_html_text(o, it->clause);
		isms_buf_puts(o, "</td><td>");
		isms_html_text(o, isms_audit_owner_name(it->owner, 1));
		isms_buf_puts(o, "</td><td>");
		put_state(o, it);
		isms_buf_puts(o, "</td><td>");
		put_grade(o, it->grade);
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

/* The document-control sample: each drawn document's full history. */
static void put_sample(isms_buf *o, struct site *s, const isms_audit_draw *dr)
{
	size_t i;

	isms_buf_printf(o, "<section id=\"audit-sample\">\n<h2>Document-control "
		"sample</h2>\n<p>%zu of %zu controlled documents, drawn with seed "
		"%llu (<code>isms-render audit --sample %zu --seed %llu</code>)."
		"</p>\n", dr->n, dr->population, dr->seed, dr->asked, dr->seed);
	for (i = 0; i < dr->n; i++) {
		const isms_doc *d = &s->m->docs[dr->idx[i]];

		isms_buf_printf(o, "<h3>%zu. ", i + 1);
		put_target(o, s, d, NULL, NULL);
		isms_buf_puts(o, "</h3>\n");
		isms_site_history_table(o, s, history_of(s->m, d), d->path);
	}
	isms_buf_puts(o, "</section>\n");
}

static void page(isms_buf *o, struct site *s, const isms_audit_draw *draw)
{
	char now[11];
	size_t i;

	isms_date_format(now, s->m->now);
	isms_html_begin(o, s->page, "Audit", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Audit checklist</h1>\n<p>The auditor's verdict "
		"as of %s: each item of the ISO/IEC 27001 checklist answered from "
		"the repository, with the evidence found and each gap graded "
		"(major non-conformity, minor non-conformity, observation; "
		"isms.yml's <code>audit.grades</code>).</p>\n", now);
	put_checklist(o, s->audit);
	for (i = 0; i < s->audit->nitems; i++)
		put_item(o, s, &s->audit->items[i]);
	if (draw)
		put_sample(o, s, draw);
	isms_html_end(o, s->footer);
}

int isms_site_audit_page(isms_buf *o, struct site *s)
{
	page(o, s, NULL);
	return 0;
}

int isms_audit_html(isms_buf *out, const isms_model *m,
	const isms_report *findings, const isms_audit_draw *draw, isms_error *err)
{
	struct site s;

	isms_site_init(&s, m, findings, 0, err);
	s.page = "audit.html";
	page(out, &s, draw);
	isms_arena_free(s.a);
	return 0;
}
