/*
 * site-audit.c - audit.html: the evidence of clause 4.4 an auditor walks
 * (processes, management reviews, document control, improvement,
 * training), each item linking the documents found or saying what is
 * missing, as of m->now.
 */
#include "site.h"

#include <string.h>

/* An item's heading with its badge; `gap` is NULL when it is found, else
 * the one sentence that explains it. */
static void audit_head(isms_buf *o, const char *id, const char *title,
	const char *clause, const char *gap)
{
	isms_buf_printf(o, "<section id=\"audit-%s\">\n<h2>", id);
	isms_html_text(o, title);
	isms_buf_puts(o, " ");
	isms_site_put_badge(o, gap ? "bad" : "ok", gap ? "gap" : "found");
	isms_buf_puts(o, "</h2>\n<p class=\"muted\">");
	isms_html_text(o, clause);
	isms_buf_puts(o, "</p>\n");
	if (gap) {
		isms_buf_puts(o, "<p class=\"gap\"><strong>Gap:</strong> ");
		isms_html_text(o, gap);
		isms_buf_puts(o, "</p>\n");
	}
}

/* An evidence line: a link to document k, then `note` (escaped). */
/* An item of a list of documents, left open for more. */
static void audit_doc_start(isms_buf *o, struct site *s, size_t k, int good,
	const char *note)
{
	isms_buf_puts(o, "<li>");
	isms_site_put_badge(o, good ? "ok" : "bad", good ? "found" : "gap");
	isms_buf_putc(o, ' ');
	isms_site_put_link(o, s->page, s->pages[k], NULL, title_of(&s->m->docs[k]));
	if (note && *note) {
		isms_buf_puts(o, " \xe2\x80\x94 ");
		isms_html_text(o, note);
	}
}

static void audit_doc(isms_buf *o, struct site *s, size_t k, int good,
	const char *note)
{
	audit_doc_start(o, s, k, good, note);
	isms_buf_puts(o, "</li>\n");
}

/* Whether process `d` is an end of an edge of `g`. */
static int linked(const isms_graph *g, const isms_doc *d)
{
	size_t i;

	for (i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from] == d || g->nodes[g->edges[i].to] == d)
			return 1;
	return 0;
}

static void audit_processes(isms_buf *o, struct site *s)
{
	isms_graph *g;
	size_t i, n = 0, bad = 0;

	isms_graph_build(&g, s->m);
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		if (!is_type(d, "process"))
			continue;
		n++;
		bad += !d->owner || !isms_config_role(s->m->cfg, d->owner) ||
			!linked(g, d);
	}
	audit_head(o, "processes", "Process map", "Clause 4.4: every process "
		"is defined, has an owner and is linked to the others.", !n ?
		"No document of type process defines the ISMS's processes." : bad ?
		"Some processes have no owner of a known role or no interaction "
		"with another process." : NULL);
	isms_buf_puts(o, "<ul>\n<li>");
	isms_site_put_link(o, s->page, "graph.html", NULL,
		"Process interaction graph");
	isms_buf_printf(o, ": %zu process%s, %zu interaction%s</li>\n", n,
		n == 1 ? "" : "es", g->nedges, g->nedges == 1 ? "" : "s");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		int owned = d->owner && isms_config_role(s->m->cfg, d->owner);
		if (!is_type(d, "process"))
			continue;
		audit_doc(o, s, i, owned && linked(g, d), isms_arena_printf(s->a,
			"owner %s; %s", owned ? d->owner : "unknown", linked(g, d) ?
			"linked" : "no interaction"));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
	isms_graph_free(g);
}

static void audit_reviews(isms_buf *o, struct site *s)
{
	const isms_record *rec = &isms_facts_records(s->m)[ISMS_RECORD_REVIEW];
	size_t i;

	audit_head(o, "management-review", "Management review minutes", "Clause "
		"9.3: management reviews the ISMS within the interval and decides "
		"on its resources.", !rec->doc ? "No management review is on record "
		"(a document of type management-review with a date)." :
		rec->overdue ? "The last management review is older than the "
		"interval isms.yml allows (records.management-review)." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *res = fm_str(d, "resources");
		if (!is_type(d, "management-review"))
			continue;
		audit_doc(o, s, i, fm_day(d, "date") >= 0, isms_arena_printf(s->a,
			"dated %s; resources approved: %s", fm_str(d, "date") ?
			fm_str(d, "date") : "(no date)", res ? res : "none recorded"));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

/* A controlled document is in order when it is approved and current. */
static int policy_ok(const isms_review *rv)
{
	return (rv->state == ISMS_REVIEW_CURRENT ||
		rv->state == ISMS_REVIEW_SOON) && !rv->unapproved;
}

static void audit_policies(isms_buf *o, struct site *s)
{
	size_t i, n = 0, bad = 0;
	char day[11];

	for (i = 0; i < s->m->ndocs; i++)
		if (is_type(&s->m->docs[i], "policy")) {
			n++;
			bad += !s->m->docs[i].version ||
				!policy_ok(isms_facts_review(s->m, &s->m->docs[i]));
		}
	audit_head(o, "document-control", "Document control", "Clause 7.5: "
		"every policy has a version history and its current version is "
		"approved and within review.", !n ? "No document of type policy "
		"is on record." : bad ? "Some policies lack a version, an "
		"approval of their current text, or a review within the "
		"interval." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const isms_review *rv;

		if (!is_type(d, "policy"))
			continue;
		rv = isms_facts_review(s->m, d);
		isms_date_format(day, rv->last >= 0 ? rv->last : 0);
		audit_doc(o, s, i, d->version && policy_ok(rv),
			isms_arena_printf(s->a, "version %s; %s%s", d->version ?
			d->version : "none", rv->last >= 0 ? "last approved " :
			"never approved", rv->last >= 0 ? day : ""));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

static int nc_ok(const isms_model *m, const isms_doc *d)
{
	const char *st = fm_str(d, "status");
	long due = fm_day(d, "due");
	int open = !st || strcmp(st, "closed");
	isms_nc_ticket t = isms_facts_nc_ticket(m, d);

	return fm_str(d, "ticket") && fm_str(d, "corrective_action") &&
		!(open && due >= 0 && due < m->now) &&
		t != ISMS_NC_TICKET_UNKNOWN && t != ISMS_NC_TICKET_STILL_OPEN &&
		t != ISMS_NC_TICKET_CLOSED;
}

static void audit_improvement(isms_buf *o, struct site *s)
{
	size_t i, n = 0, bad = 0;

	for (i = 0; i < s->m->ndocs; i++)
		if (is_type(&s->m->docs[i], "nonconformity")) {
			n++;
			bad += !nc_ok(s->m, &s->m->docs[i]);
		}
	audit_head(o, "improvement", "Improvement log", "Clause 10.2: each "
		"non-conformity has a ticket and a corrective action, and none is "
		"open past its due date; with a tracker export, each ticket is in "
		"it and agrees with its record.", !n ? "No non-conformity is on "
		"record, so the improvement log shows no corrective action." : bad ?
		"Some non-conformities lack a ticket or a corrective action, are "
		"open past their due date, or disagree with the tracker." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *t = fm_str(d, "ticket"), *ca = fm_str(d, "corrective_action");
		if (!is_type(d, "nonconformity"))
			continue;
		audit_doc_start(o, s, i, nc_ok(s->m, d), isms_arena_printf(s->a,
			"%s; ticket ", fm_str(d, "status") ? fm_str(d, "status") :
			"open"));
		if (t)
			isms_site_put_ticket(o, s->m, t);
		else
			isms_buf_puts(o, "none");
		isms_buf_puts(o, "; corrective action: ");
		isms_html_text(o, ca ? ca : "none");
		isms_buf_puts(o, "</li>\n");
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

static void audit_training(isms_buf *o, struct site *s)
{
	const isms_training *t = isms_facts_training(s->m);
	size_t i;
	char day[11];

	isms_date_format(day, t->since);
	audit_head(o, "training", "Training records", "Clause 7.2: everyone "
		"on the staff list and in a role attended training within the "
		"interval.", !t->n ? "isms.yml lists no staff and no role with an "
		"e-mail, so training cannot be checked." : t->ntrained < t->n ?
		"Some people have no training record within the interval." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < t->n; i++) {
		const isms_trainee *p = &t->people[i];

		isms_buf_puts(o, "<li>");
		isms_site_put_badge(o, p->trained ? "ok" : "bad",
			p->trained ? "found" : "gap");
		isms_buf_putc(o, ' ');
		isms_html_text(o, p->name && *p->name ? p->name : p->email);
		isms_buf_puts(o, " &lt;");
		isms_html_text(o, p->email);
		isms_buf_puts(o, "&gt; \xe2\x80\x94 ");
		if (p->trained)
			isms_site_put_link(o, s->page, s->pages[p->trained - s->m->docs],
				NULL, title_of(p->trained));
		else
			isms_buf_printf(o, "no training since %s", day);
		isms_buf_puts(o, "</li>\n");
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

int isms_site_audit_page(isms_buf *o, struct site *s)
{
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin(o, s->page, "Audit", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Audit checklist</h1>\n<p>The evidence of "
		"clause 4.4 (the ISMS and its processes) as of %s: each item links "
		"the documents found, or says what is missing.</p>\n", now);
	audit_processes(o, s);
	audit_reviews(o, s);
	audit_policies(o, s);
	audit_improvement(o, s);
	audit_training(o, s);
	isms_html_end(o, s->footer);
	return 0;
}
