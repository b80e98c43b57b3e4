/*
 * site-doc.c - a document's page: its metadata, its body, and its version
 * history with the approval records; and a governed file's page (what it
 * holds, and its history). The manual is made of the same parts.
 */
#include "site.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- document */

static void meta_row(isms_buf *o, const char *label)
{
	isms_buf_puts(o, "<dt>");
	isms_buf_puts(o, label);
	isms_buf_puts(o, "</dt><dd>");
}

/* Controls, each linked to its row of the Statement of Applicability. */
static void meta_controls(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "controls");
	size_t i, n = list_len(v), shown = 0;
	const isms_control *c;
	const char *ref, *id;

	if (!n)
		return;
	meta_row(o, "Controls");
	for (i = 0; i < n; i++) {
		if (!(ref = list_str(v, i)))
			continue;
		isms_buf_puts(o, shown++ ? "<br>\n" : "");
		if (!(c = isms_catalog_find(ref, NULL))) {
			isms_html_text(o, ref);
			isms_buf_puts(o, " <span class=\"state bad\">not in the "
				"catalog</span>");
			continue;
		}
		/* The SoA page's row of control 5.1 has id="A.5.1". */
		id = isms_arena_printf(s->a, "A.%s", c->id);
		isms_site_put_link(o, page, "soa.html", id, id);
		isms_buf_putc(o, ' ');
		isms_html_text(o, c->title);
	}
	isms_buf_puts(o, "</dd>\n");
}

static void meta_clauses(isms_buf *o, const isms_doc *d)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "clauses");
	size_t i, n = list_len(v), shown = 0;
	const isms_clause *c;
	const char *ref;

	if (!n)
		return;
	meta_row(o, "Clauses");
	for (i = 0; i < n; i++) {
		if (!(ref = list_str(v, i)))
			continue;
		isms_buf_puts(o, shown++ ? "<br>\n" : "");
		isms_html_text(o, ref);
		if ((c = isms_catalog_clause(ref))) {
			isms_buf_putc(o, ' ');
			isms_html_text(o, c->title);
		}
	}
	isms_buf_puts(o, "</dd>\n");
}

/* A document's ticket: linked through tickets.url, with its state in the
 * tracker (isms_site_put_ticket) and, for a non-conformity that disagrees
 * with it, a badge that says so: what ticket/mismatch judges. */
static void meta_ticket(isms_buf *o, struct site *s, const isms_doc *d)
{
	const char *ticket = fm_str(d, "ticket");
	isms_nc_ticket nc = isms_facts_nc_ticket(s->m, d);

	meta_row(o, "Ticket");
	if (!ticket || !*ticket)
		isms_site_put_value(o, NULL);
	else
		isms_site_put_ticket(o, s->m, ticket);
	if (nc == ISMS_NC_TICKET_STILL_OPEN || nc == ISMS_NC_TICKET_CLOSED)
		isms_buf_puts(o, " <span class=\"state bad\">the record and the "
			"ticket disagree</span>");
	isms_buf_puts(o, "</dd>\n");
}

/* Shelf-ware: a document still the starter template says so, as
 * template/unchanged does; a ticket on a document that is not a
 * non-conformity (whose evidence rows show it) is shown too. */
static void meta_evidence(isms_buf *o, struct site *s, const isms_doc *d)
{
	const isms_template_match *t = isms_facts_template(s->m, d);
	const char *ticket = fm_str(d, "ticket");

	if (ticket && *ticket && !is_type(d, "nonconformity"))
		meta_ticket(o, s, d);
	if (t && t->percent >= ISMS_TEMPLATE_UNCHANGED_PERCENT) {
		meta_row(o, "Template");
		isms_buf_printf(o, "<span class=\"state warn\">%d%% the starter "
			"template</span> <code>", t->percent);
		isms_html_text(o, t->template);
		isms_buf_puts(o, "</code></dd>\n");
	}
}

/* ---------------------------------------------------------------- evidence */

/* A row with a front matter scalar, or a dash. */
static void meta_field(isms_buf *o, const isms_doc *d, const char *label,
	const char *key)
{
	meta_row(o, label);
	isms_site_put_value(o, fm_str(d, key));
	isms_buf_puts(o, "</dd>\n");
}

/* A row with a front matter list, one item a line. */
static void meta_list(isms_buf *o, const isms_doc *d, const char *label,
	const char *key)
{
	const isms_ynode *v = isms_yaml_get(d->fm, key);
	size_t i, n = list_len(v), shown = 0;
	const char *x;

	meta_row(o, label);
	for (i = 0; i < n; i++)
		if ((x = list_str(v, i))) {
			isms_buf_puts(o, shown++ ? "<br>\n" : "");
			isms_html_text(o, x);
		}
	if (!shown)
		isms_site_put_value(o, NULL);
	isms_buf_puts(o, "</dd>\n");
}

static void put_day_label(isms_buf *o, const char *label, long day)
{
	if (day < 0)
		return;
	isms_buf_printf(o, "; %s ", label);
	isms_site_put_date(o, day);
}

/* A management review's decisions and resources, as the facts read them. */
static void meta_minutes(isms_buf *o, struct site *s, const isms_doc *d)
{
	const isms_minutes *mn = isms_facts_minutes(s->m, d);
	isms_buf res = ISMS_BUF_INIT;
	size_t i;

	meta_field(o, d, "Date", "date");
	meta_list(o, d, "Attendees", "attendees");
	meta_row(o, "Decisions");
	if (!mn || !mn->ndecisions)
		isms_site_put_value(o, NULL);
	for (i = 0; mn && i < mn->ndecisions; i++) {
		const isms_decision *dc = &mn->decisions[i];

		isms_buf_puts(o, i ? "<br>\n" : "");
		isms_site_put_value(o, dc->text);
		if (dc->owner) {
			isms_buf_puts(o, " <span class=\"muted\">(owner ");
			isms_site_put_owner(o, s->m->cfg, dc->owner);
			put_day_label(o, "due", dc->due);
			put_day_label(o, "done", dc->done);
			isms_buf_puts(o, dc->done < 0 ? "; not done yet)</span>" :
				")</span>");
		}
	}
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Resources");
	if (mn && !mn->resources_text && mn->nresources) {
		for (i = 0; i < mn->nresources; i++) {
			const isms_resource *r = &mn->resources[i];

			isms_buf_puts(o, i ? "<br>\n" : "");
			isms_site_put_value(o, r->item);
			if (r->amount) {
				isms_buf_puts(o, ": ");
				isms_html_text(o, r->amount);
			}
			isms_buf_putc(o, ' ');
			isms_site_put_badge(o, r->approved == 1 ? "ok" : r->approved ?
				"warn" : "bad", r->approved == 1 ? "approved" :
				r->approved ? "approval not said" : "not approved");
		}
	} else {
		isms_minutes_resources(&res, mn);
		isms_html_text(o, res.ptr);
	}
	isms_buf_puts(o, "</dd>\n");
	isms_buf_release(&res);
}

/* A KPI: its target and frequency, and its latest measurement. */
static void meta_kpi(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const isms_kpis *ks = isms_facts_kpis(s->m);
	const isms_kpi *k = NULL;
	char num[40];
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (ks->kpis[i].doc == d)
			k = &ks->kpis[i];
	meta_field(o, d, "Target", "target");
	meta_field(o, d, "Unit", "unit");
	meta_field(o, d, "Frequency", "frequency");
	meta_row(o, "Latest");
	if (!k || !k->latest) {
		isms_buf_puts(o, "<span class=\"state bad\">no measurement</span>");
	} else {
		isms_kpi_number(num, sizeof(num), k->latest->value);
		isms_html_text(o, num);
		isms_buf_puts(o, " on ");
		isms_site_put_date(o, k->latest->day);
		isms_buf_puts(o, " (");
		isms_site_put_link(o, page, s->pages[k->latest->doc - s->m->docs],
			NULL, title_of(k->latest->doc));
		isms_buf_puts(o, ") ");
		if (k->latest->met >= 0)
			isms_site_put_badge(o, k->latest->met ? "ok" : "bad",
				k->latest->met ? "on target" : "off target");
		if (k->stale)
			isms_site_put_badge(o, "bad", "stale");
	}
	isms_buf_puts(o, "</dd>\n");
}

/* The evidence fields of a record (and a KPI's), every one shown, a dash
 * for one left empty: what an auditor reads the record for. */
static void doc_evidence(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const isms_kpis *ks;
	size_t i;

	if (is_type(d, "management-review")) {
		meta_minutes(o, s, d);
	} else if (is_type(d, "internal-audit")) {
		meta_field(o, d, "Date", "date");
		if (fm_str(d, "planned"))
			meta_field(o, d, "Planned", "planned");
		meta_field(o, d, "Scope", "scope");
		meta_field(o, d, "Auditor", "auditor");
	} else if (is_type(d, "nonconformity")) {
		meta_field(o, d, "Raised", "raised");
		meta_field(o, d, "Due", "due");
		if (fm_str(d, "closed"))
			meta_field(o, d, "Closed", "closed");
		meta_ticket(o, s, d);
		meta_field(o, d, "Corrective action", "corrective_action");
	} else if (is_type(d, "training")) {
		meta_field(o, d, "Date", "date");
		meta_field(o, d, "Course", "course");
		meta_list(o, d, "Attendees", "attendees");
	} else if (is_type(d, "kpi")) {
		meta_kpi(o, s, d, page);
	} else if (is_type(d, "measurement")) {
		ks = isms_facts_kpis(s->m);
		meta_row(o, "KPI");
		for (i = 0; i < ks->n; i++)
			if (fm_str(d, "kpi") && !strcmp(ks->kpis[i].id, fm_str(d, "kpi")))
				break;
		if (i < ks->n)
			isms_site_put_link(o, page, s->pages[ks->kpis[i].doc -
				s->m->docs], NULL, title_of(ks->kpis[i].doc));
		else
			isms_site_put_value(o, fm_str(d, "kpi"));
		isms_buf_puts(o, "</dd>\n");
		meta_field(o, d, "Date", "date");
		meta_field(o, d, "Value", "value");
	}
}

static void doc_meta(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	int record = is_record(d);

	const char *cls = isms_yaml_str(isms_yaml_get(d->fm, "classification"));
	const isms_review *rv = isms_facts_review(s->m, d);

	isms_buf_puts(o, "<dl class=\"meta\">\n");
	meta_row(o, "ID");
	isms_site_put_value(o, d->id);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Owner");
	isms_site_put_owner(o, s->m->cfg, d->owner);
	isms_buf_puts(o, "</dd>\n");
	if (!record) {
		meta_row(o, "Version");
		isms_site_put_value(o, d->version);
		isms_buf_puts(o, "</dd>\n");
	}
	meta_row(o, "Status");
	isms_site_put_status(o, s, d, 1);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Classification");
	isms_site_put_value(o, cls);
	isms_buf_puts(o, "</dd>\n");
	meta_controls(o, s, d, page);
	isms_site_risk_meta(o, s, d);
	meta_clauses(o, d);
	doc_evidence(o, s, d, page);
	meta_evidence(o, s, d);
	/* A record is evidence of a day: it is not reviewed. */
	if (!record) {
		meta_row(o, "Review");
		isms_site_put_review(o, s, rv, 1);
		isms_buf_puts(o, "</dd>\n");
	}
	meta_row(o, "Source");
	isms_buf_puts(o, "<code>");
	isms_html_text(o, d->path);
	isms_buf_puts(o, "</code></dd>\n</dl>\n");
}

/*
 * A body's link as the site serves it (isms_md_link_fn). To a document
 * (isms_facts_link, as link/broken judges it): the relative URL of its
 * page (isms_doc_page: a root index.md's page is index.md.html, never the
 * site's own index), or in the manual its article. Any other relative
 * "x.md" becomes "x.html"; the rest is left as written.
 */
struct body_links {
	struct site *s;
	const isms_doc *d;
	isms_link_target t;
};

static int body_link(isms_buf *out, const char *url, void *arg)
{
	struct body_links *bl = arg;
	const isms_model *m = bl->s->m;
	size_t n;

	switch (isms_facts_link(&bl->t, m, bl->d, url)) {
	case ISMS_LINK_DOC:
		if (bl->t.doc == bl->d && (*url == '#' || *url == '?'))
			return 0;
		if (bl->s->manual) {
			isms_buf_printf(out, "#doc-%zu",
				(size_t)(bl->t.doc - m->docs));
			return 1;
		}
		isms_html_rel(out, bl->s->pages[bl->d - m->docs],
			bl->s->pages[bl->t.doc - m->docs]);
		isms_buf_puts(out, bl->t.rest);
		return 1;
	case ISMS_LINK_FILE:
		n = (size_t)(bl->t.rest - url);
		if (*url == '/' || n < 4 || memcmp(url + n - 3, ".md", 3))
			return 0;
		isms_buf_add(out, url, n - 3);
		isms_buf_puts(out, ".html");
		isms_buf_puts(out, bl->t.rest);
		return 1;
	default:
		return 0;
	}
}

/*
 * A body's HTML is kept in the cache under its blob id and what else it
 * is rendered with (the configuration, --unsafe, site or manual), with
 * every link the rendering rewrote: each link's answer (body_link) as it
 * was then. It is used again only while every one of those links gets
 * the same answer now (no document they lead to moved).
 */
struct recorded {
	struct body_links *bl;
	isms_buf log;            /* per link: url, answer, rewritten url */
	uint32_t n;              /* links in the log */
};

static int record_link(isms_buf *out, const char *url, void *arg)
{
	struct recorded *r = arg;
	size_t at = out->len;
	int rc = body_link(out, url, r->bl);

	isms_rec_str(&r->log, url, strlen(url));
	isms_rec_u32(&r->log, (uint32_t)rc);
	isms_rec_str(&r->log, out->ptr + at, rc ? out->len - at : 0);
	r->n++;
	return rc;
}

/* The cached HTML of the body, when every link recorded with it gets the
 * same answer now: 1, with *html and *len its bytes in the cache. */
static int cached_body(const char **html, size_t *len, struct body_links *bl,
	const unsigned char *key)
{
	isms_cache *c = isms_source_cache(bl->s->m->src);
	isms_buf now = ISMS_BUF_INIT;
	const char *h;
	size_t hl;
	uint32_t n, i;
	isms_rec r;
	int same = 0;

	if (!isms_cache_rec(&r, c, ISMS_CACHE_HTML, key))
		return 0;
	n = isms_rec_get_u32(&r);
	for (i = 0; i < n && !r.bad; i++) {
		const char *url = isms_rec_get_str(&r, NULL), *was;
		uint32_t rc = isms_rec_get_u32(&r);
		size_t wl;

		was = isms_rec_get_str(&r, &wl);
		isms_buf_truncate(&now, 0);
		if (!url || !was || (uint32_t)body_link(&now, url, bl) != rc ||
		    now.len != wl || memcmp(now.ptr, was, wl))
			r.bad = 1;
	}
	h = isms_rec_get_str(&r, &hl);
	if (!r.bad && h && r.p == r.end) {
		*html = h;
		*len = hl;
		same = 1;
	}
	isms_buf_release(&now);
	return same;
}

/* The document's body as HTML, without its <div>: from the cache, where
 * *html points while the model's source is open, else read again from
 * the source (the model keeps only the facts the rules need, not the
 * text) and rendered into `own`, where *html then points. */
static int body_html(const char **html, size_t *len, isms_buf *own,
	struct site *s, const isms_doc *d)
{
	isms_buf text = ISMS_BUF_INIT, v = ISMS_BUF_INIT;
	struct body_links bl = { s, d, ISMS_LINK_TARGET_INIT };
	struct recorded rec = { &bl, ISMS_BUF_INIT, 0 };
	unsigned char key[ISMS_CACHE_KEY];
	uint64_t ctx[3] = { s->m->cfg->hash, (uint64_t)s->unsafe,
		(uint64_t)s->manual };
	isms_split sp;
	int rc = 0;

	isms_cache_key_make(key, d->blob, isms_hash64(ctx, sizeof(ctx), 3));
	if (*d->blob && cached_body(html, len, &bl, key))
		goto done;
	if ((rc = isms_source_read(&text, s->m->src, d->path, s->err)) < 0) {
		if (rc == ISMS_ENOTFOUND)
			isms_error_set(s->err, d->path, 0, 0, "no such file");
		rc = -1;
		goto done;
	}
	isms_split_text(&sp, text.ptr, text.len);
	if (sp.binary)
		isms_buf_puts(own, "<p class=\"muted\">A binary file, not a "
			"Markdown document.</p>\n");
	else if ((rc = isms_md_html(own, sp.body, sp.body_len, s->unsafe,
	    s->m->cfg->heading_ids ? ISMS_MD_HEADING_IDS : 0, record_link, &rec,
	    s->err)) < 0) {
		if (s->err)
			snprintf(s->err->path, sizeof(s->err->path), "%s", d->path);
		goto done;
	}
	*html = own->ptr ? own->ptr : "";
	*len = own->len;
	if (*d->blob) {
		isms_rec_u32(&v, rec.n);
		isms_buf_add(&v, rec.log.ptr, rec.log.len);
		isms_rec_str(&v, own->ptr, own->len);
		isms_cache_put(isms_source_cache(s->m->src), ISMS_CACHE_HTML, key,
			v.ptr, v.len);
	}
done:
	isms_buf_release(&text);
	isms_buf_release(&v);
	isms_buf_release(&rec.log);
	isms_link_target_release(&bl.t);
	return rc;
}

/* The <div> a body goes in: a body that opens with the title as its h1
 * shows it once. */
static void body_open(isms_buf *o, const isms_doc *d)
{
	isms_buf_puts(o, d->md && d->md->nheadings && d->md->headings[0].level == 1 &&
		d->title && !strcmp(d->md->headings[0].text, d->title) ?
		"<div class=\"prose dup-title\">\n" : "<div class=\"prose\">\n");
}

static int doc_body(isms_buf *o, struct site *s, const isms_doc *d)
{
	isms_buf own = ISMS_BUF_INIT;
	const char *html;
	size_t len;
	int rc;

	body_open(o, d);
	if ((rc = body_html(&html, &len, &own, s, d)) == 0)
		isms_buf_add(o, html, len);
	isms_buf_puts(o, "</div>\n");
	isms_buf_release(&own);
	return rc;
}

/* Tracker keys of a change, each linked, with its state when there is an
 * export (isms_site_put_ticket). */
static void put_tickets(isms_buf *o, struct site *s, const isms_change *c)
{
	size_t i;

	for (i = 0; i < c->ntickets; i++) {
		isms_buf_puts(o, i ? ", " : "");
		isms_site_put_ticket(o, s->m, c->tickets[i]);
	}
}

void isms_site_put_approval(isms_buf *o, const struct site *s,
	const isms_change *c)
{
	size_t i;

	if (c->approval == ISMS_APPROVAL_NONE)
		isms_site_put_badge(o, "bad", c->self_only ?
			"approved only by its author" : "not approved");
	for (i = 0; i < c->napprovers; i++) {
		isms_buf detail = ISMS_BUF_INIT;

		isms_approver_detail(&detail, &c->approvers[i], 0);
		isms_buf_puts(o, i || c->approval == ISMS_APPROVAL_NONE ? "<br>\n" : "");
		isms_html_text(o, c->approvers[i].name);
		/* A claim proves nothing against a dishonest author: say so in
		 * colour, as the review states do. */
		isms_buf_putc(o, ' ');
		isms_site_put_badge(o, c->approvers[i].evidence ==
			ISMS_EVIDENCE_CLAIMED ? "warn" : "ok",
			isms_evidence_name(c->approvers[i].evidence));
		isms_buf_puts(o, " <span class=\"muted\">(");
		isms_html_text(o, detail.ptr);
		isms_buf_puts(o, ")</span>");
		isms_buf_release(&detail);
	}
	if (c->merge[0]) {
		isms_buf_puts(o, "<br>\n<span class=\"muted\">merged in ");
		isms_site_put_commit(o, s, c->merge);
		isms_buf_puts(o, "</span>");
	} else
		isms_buf_puts(o, "<br>\n<span class=\"muted\">committed straight "
			"to the branch</span>");
	if (c->evil)
		isms_buf_puts(o, "<br>\n<span class=\"muted\">changed by the "
			"merge itself</span>");
}

/* `tip` is the history's path string (isms_doc_history.path), which a
 * change at the same path shares. */
static void history_row(isms_buf *o, struct site *s, const isms_change *c,
	const char *tip, const char *path)
{
	isms_buf_puts(o, "<tr><td>");
	isms_site_put_commit(o, s, c->commit);
	isms_buf_puts(o, "</td><td class=\"nowrap\">");
	isms_site_put_date(o, isms_date_of(c->time));
	isms_buf_puts(o, "</td><td>");
	isms_html_text(o, c->author);
	isms_buf_puts(o, "</td><td>");
	isms_site_put_approval(o, s, c);
	isms_buf_puts(o, "</td><td>");
	if (c->pr)
		isms_site_put_pr(o, s, c->pr);
	isms_buf_puts(o, "</td><td>");
	put_tickets(o, s, c);
	isms_buf_puts(o, "</td><td>");
	isms_html_text(o, c->subject);
	if (c->path != tip && strcmp(c->path, path)) {
		isms_buf_puts(o, " <span class=\"muted\">(as ");
		isms_html_text(o, c->path);
		isms_buf_puts(o, ")</span>");
	}
	isms_buf_puts(o, "</td><td>");
	isms_site_put_value(o, c->version ? c->version :
		isms_version_at(s->m->src, c->blob, s->a));
	isms_buf_puts(o, "</td></tr>\n");
}

void isms_site_history_table(isms_buf *o, struct site *s,
	const isms_doc_history *dh, const char *path)
{
	size_t i;

	isms_buf_puts(o, "<section>\n<h2 id=\"isms-history\">Version history "
		"and approvals</h2>\n");
	if (!dh || !dh->n) {
		isms_buf_puts(o, "<p class=\"muted\">No change on the approval "
			"branch yet.</p>\n</section>\n");
		return;
	}
	isms_buf_puts(o, "<table>\n<thead><tr><th>Commit</th><th>Date</th>"
		"<th>Author</th><th>Approval</th><th>Pull request</th>"
		"<th>Tickets</th><th>Subject</th><th>Version</th></tr></thead>\n"
		"<tbody>\n");
	for (i = 0; i < dh->n; i++)
		history_row(o, s, &dh->changes[i], dh->path, path);
	isms_buf_puts(o, "</tbody>\n</table>\n</section>\n");
}

/* ---------------------------------------------------------------- ahead */

static void *bodies_thread(void *arg)
{
	struct site_bodies *b = arg;
	size_t k;

	for (k = 0; k < b->n; k++)
		b->ok[k] = body_html(&b->body[k].html, &b->body[k].len,
			&b->body[k].own, &b->s, &b->s.m->docs[k]) == 0;
	return NULL;
}

struct site_bodies *isms_site_bodies_start(const isms_model *m, int unsafe)
{
	struct site_bodies *b = calloc(1, sizeof(*b));

	if (!b || !(b->body = calloc(m->ndocs + 1, sizeof(*b->body))) ||
	    !(b->ok = calloc(m->ndocs + 1, 1)))
		abort();
	/* What doc_body reads of a site; the pages' names are made here,
	 * on the loading thread, before the thread starts. */
	b->s = (struct site){ .m = m, .unsafe = unsafe, .a = isms_arena_new(),
		.err = &b->err, .pages = isms_facts_pages(m) };
	b->n = m->ndocs;
	if (pthread_create(&b->tid, NULL, bodies_thread, b) != 0)
		abort();
	b->running = 1;
	return b;
}

void isms_site_bodies_wait(struct site_bodies *b)
{
	if (b && b->running) {
		pthread_join(b->tid, NULL);
		b->running = 0;
	}
}

void isms_site_bodies_free(struct site_bodies *b)
{
	size_t k;

	if (!b)
		return;
	isms_site_bodies_wait(b);
	for (k = 0; k < b->n; k++)
		isms_buf_release(&b->body[k].own);
	free(b->body);
	free(b->ok);
	isms_arena_free(b->s.a);
	free(b);
}

int isms_site_doc_article(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	isms_buf_puts(o, "</p>\n<h1>");
	isms_html_text(o, title_of(d));
	isms_buf_puts(o, "</h1>\n");
	doc_meta(o, s, d, page);
	isms_site_neighbourhood(o, s, d, page);
	if (s->bodies && s->bodies->ok[d - s->m->docs]) {
		struct site_body *b = &s->bodies->body[d - s->m->docs];

		body_open(o, d);
		isms_buf_add(o, b->html, b->len);
		isms_buf_puts(o, "</div>\n");
		/* Each document's page is rendered once: a body rendered
		 * ahead goes as it is used, on the page's thread, not all at
		 * the end. */
		isms_buf_release(&b->own);
		s->bodies->ok[d - s->m->docs] = 0;
	} else if (doc_body(o, s, d) < 0)
		return -1;
	isms_site_history_table(o, s, history_of(s->m, d), d->path);
	isms_buf_puts(o, "</article>\n");
	return 0;
}

int isms_site_doc_page(isms_buf *o, struct site *s, size_t k)
{
	const isms_doc *d = &s->m->docs[k];
	const char *page = s->pages[k];

	isms_html_begin(o, page, title_of(d), s->m->cfg->organisation);
	isms_buf_puts(o, "<article class=\"doc\">\n<p class=\"kicker\">");
	isms_html_text(o, d->id ? d->id : d->path);
	if (d->type) {
		isms_buf_puts(o, " \xc2\xb7 ");
		isms_html_text(o, d->type);
	}
	if (isms_site_doc_article(o, s, d, page) < 0)
		return -1;
	isms_html_end(o, s->footer);
	return 0;
}

/* ---------------------------------------------------------------- governed */

/* Site path of a governed file's page (isms_site_governed_name: no
 * document's page takes it), in s->a. */
const char *isms_site_governed_page_of(struct site *s, const char *path)
{
	isms_buf b = ISMS_BUF_INIT;
	const char *page;

	isms_site_governed_name(&b, s->root, path);
	page = isms_arena_strdup(s->a, b.ptr);
	isms_buf_release(&b);
	return page;
}

/* A governed file (isms.yml, soa.yml, the signers' keys, ...): what it
 * holds now, and every change with its approval, as a document's. */
static int governed_page(isms_buf *o, struct site *s, const char *path)
{
	const char *page = isms_site_governed_page_of(s, path);
	isms_buf text = ISMS_BUF_INIT;
	isms_error e = { 0 };

	isms_html_begin(o, page, path, s->m->cfg->organisation);
	isms_buf_puts(o, "<article class=\"doc\">\n<p class=\"kicker\">governed "
		"file \xc2\xb7 each change needs approval</p>\n<h1>");
	isms_html_text(o, path);
	isms_buf_puts(o, "</h1>\n<pre><code>");
	if (isms_source_read(&text, s->m->src, path, &e) == 0)
		isms_html_text(o, text.ptr);
	isms_buf_puts(o, "</code></pre>\n");
	isms_site_history_table(o, s, s->m->history ? isms_history_doc(s->m->history, path) :
		NULL, path);
	isms_buf_puts(o, "</article>\n");
	isms_html_end(o, s->footer);
	isms_buf_release(&text);
	return isms_site_write_page(s, page, o);
}

int isms_site_governed_pages(isms_buf *o, struct site *s)
{
	size_t i;

	for (i = 0; i < s->m->ngoverned; i++) {
		isms_buf_truncate(o, 0);
		if (governed_page(o, s, s->m->governed[i]) < 0)
			return -1;
	}
	return 0;
}
