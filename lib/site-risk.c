/*
 * site-risk.c - what the site shows of sites and risks (PRODUCT.md
 * section 7): the site x control table (the audit page's), the 5x5 risk
 * heat map (the dashboard's, the manual's and risks.html's), and
 * risks.html itself: the risk register, the heat map and the risk ->
 * control graph. Every judgement shown is lib/facts-risk.c's.
 */
#include "site.h"

#include <string.h>

/* ---------------------------------------------------------------- sites */

/* Whether control `c` is among the first `n` of `list`. */
static int has_control(const isms_control *const *list, size_t n,
	const isms_control *c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == c)
			return 1;
	return 0;
}

/* The need of site cover `sc` for control `c`, or NULL. */
static const isms_site_need *need_of(const isms_site_cover *sc,
	const isms_control *c)
{
	size_t k;

	for (k = 0; k < sc->n; k++)
		if (sc->needs[k].control == c)
			return &sc->needs[k];
	return NULL;
}

/* The cell of one site and one control: the covering documents, a gap,
 * or a dash when the site's kind does not require the control. */
static void site_cell(isms_buf *o, struct site *s, const isms_site_need *nd)
{
	size_t k;

	isms_buf_puts(o, "<td>");
	if (!nd) {
		isms_buf_puts(o, "<span class=\"muted\">\xe2\x80\x94</span></td>");
		return;
	}
	if (!nd->ndocs)
		isms_site_put_badge(o, "bad", nd->excluded ? "gap (excluded in "
			"the SoA)" : "gap");
	for (k = 0; k < nd->ndocs; k++) {
		const isms_doc *d = nd->docs[k];

		isms_buf_puts(o, k ? "<br>" : "");
		isms_site_put_link(o, s->page, s->pages[d - s->m->docs], NULL,
			d->id ? d->id : title_of(d));
	}
	isms_buf_puts(o, "</td>");
}

void isms_site_sites_table(isms_buf *o, struct site *s)
{
	const isms_sites *ss = isms_facts_sites(s->m);
	const isms_control **cols;
	size_t ncat, ncols = 0, i, k;
	const isms_control *cat = isms_catalog_controls(&ncat);

	if (!ss->n)
		return;
	/* The columns: every control some site requires, in catalog order. */
	cols = isms_arena_alloc(s->a, (ncat + 1) * sizeof(*cols));
	for (i = 0; i < ncat; i++)
		for (k = 0; k < ss->n; k++)
			if (need_of(&ss->sites[k], &cat[i]) &&
			    !has_control(cols, ncols, &cat[i])) {
				cols[ncols++] = &cat[i];
				break;
			}
	isms_buf_puts(o, "<table class=\"site-controls\">\n<thead><tr>"
		"<th>Site</th><th>Kind</th>");
	for (i = 0; i < ncols; i++) {
		isms_buf_printf(o, "<th title=\"");
		isms_html_text(o, cols[i]->title);
		isms_buf_printf(o, "\">A.%s</th>", cols[i]->id);
	}
	isms_buf_puts(o, "</tr></thead>\n<tbody>\n");
	for (k = 0; k < ss->n; k++) {
		const isms_site_cover *sc = &ss->sites[k];

		isms_buf_puts(o, "<tr id=\"site-");
		isms_html_text(o, sc->site->key);
		isms_buf_puts(o, "\"><td>");
		isms_html_text(o, sc->site->name);
		isms_buf_puts(o, " <code>");
		isms_html_text(o, sc->site->key);
		isms_buf_puts(o, "</code>");
		if (sc->site->provider) {
			isms_buf_puts(o, " (");
			isms_html_text(o, sc->site->provider);
			isms_buf_puts(o, ")");
		}
		isms_buf_puts(o, "</td><td>");
		isms_html_text(o, sc->site->kind);
		isms_buf_puts(o, "</td>");
		for (i = 0; i < ncols; i++)
			site_cell(o, s, need_of(sc, cols[i]));
		isms_buf_puts(o, "</tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

/* ---------------------------------------------------------------- heat map */

/* A cell's colour by its score against the threshold. */
static const char *heat(int score, int threshold)
{
	return score >= threshold ? "#f4b6b6" : score * 2 >= threshold ?
		"#fbe3b0" : "#cfe8cf";
}

/* A link to risk `d`: its page on the site, its article in the manual. */
static void risk_link(isms_buf *o, struct site *s, const isms_doc *d,
	int manual)
{
	size_t k = (size_t)(d - s->m->docs);

	if (manual) {
		isms_buf_printf(o, "<a href=\"#doc-%zu\" title=\"", k);
		isms_html_text(o, title_of(d));
		isms_buf_puts(o, "\">");
		isms_html_text(o, d->id ? d->id : d->path);
		isms_buf_puts(o, "</a>");
		return;
	}
	isms_buf_puts(o, "<a href=\"");
	isms_html_href(o, s->page, s->pages[k]);
	isms_buf_puts(o, "\" title=\"");
	isms_html_text(o, title_of(d));
	isms_buf_puts(o, "\">");
	isms_html_text(o, d->id ? d->id : d->path);
	isms_buf_puts(o, "</a>");
}

void isms_site_heatmap(isms_buf *o, struct site *s, int manual)
{
	const isms_risks *rs = isms_facts_risks(s->m);
	int l, i;
	size_t k, n;

	isms_buf_printf(o, "<h2 id=\"heat-map\">Risk heat map</h2>\n<p>%zu "
		"risk%s by likelihood and impact (1 to 5 each); a score "
		"(likelihood \xc3\x97 impact) of %d or more must be treated "
		"(risk.threshold).", rs->n, rs->n == 1 ? "" : "s", rs->threshold);
	if (rs->unscored)
		isms_buf_printf(o, " %zu risk%s without a valid likelihood and "
			"impact %s not placed.", rs->unscored, rs->unscored == 1 ?
			"" : "s", rs->unscored == 1 ? "is" : "are");
	isms_buf_puts(o, "</p>\n<table class=\"heat-map\">\n<thead><tr>"
		"<th>Likelihood \xe2\x86\x93 / impact \xe2\x86\x92</th>");
	for (i = 1; i <= 5; i++)
		isms_buf_printf(o, "<th>%d</th>", i);
	isms_buf_puts(o, "</tr></thead>\n<tbody>\n");
	for (l = 5; l >= 1; l--) {
		isms_buf_printf(o, "<tr><th>%d</th>", l);
		for (i = 1; i <= 5; i++) {
			n = rs->cells[l - 1][i - 1];
			isms_buf_printf(o, "<td id=\"heat-%d-%d\" class=\"heat-cell\" "
				"data-likelihood=\"%d\" data-impact=\"%d\" data-count="
				"\"%zu\" style=\"background:%s;text-align:center\">"
				"<strong>%zu</strong>", l, i, l, i, n,
				heat(l * i, rs->threshold), n);
			for (k = 0; n && k < rs->n; k++)
				if (rs->risks[k].likelihood == l &&
				    rs->risks[k].impact == i) {
					isms_buf_puts(o, "<br>");
					risk_link(o, s, rs->risks[k].doc, manual);
				}
			isms_buf_puts(o, "</td>");
		}
		isms_buf_puts(o, "</tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

/* ---------------------------------------------------------------- graph */

void isms_risk_graph_dot(isms_buf *out, const isms_model *m)
{
	const isms_risks *rs = isms_facts_risks(m);
	const isms_control **seen;
	isms_buf t = ISMS_BUF_INIT;
	size_t i, j, nseen = 0, ncat;

	isms_catalog_controls(&ncat);
	seen = isms_arena_alloc(m->arena, (ncat + 1) * sizeof(*seen));
	isms_buf_puts(out, "digraph risks {\n"
		"\tgraph [rankdir=LR, nodesep=0.3, ranksep=1.2, "
		"fontname=\"Helvetica,Arial,sans-serif\"];\n"
		"\tnode [shape=box, style=\"rounded,filled\", "
		"fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, "
		"target=\"_top\"];\n\tedge [color=\"#555555\"];\n");
	for (i = 0; i < rs->n; i++) {
		const isms_risk *k = &rs->risks[i];
		const isms_doc *d = k->doc;

		isms_buf_puts(out, "\t");
		isms_buf_truncate(&t, 0);
		isms_buf_printf(&t, "risk:%s", d->path);
		isms_dot_str(out, t.ptr, 0);
		isms_buf_truncate(&t, 0);
		isms_buf_printf(&t, "%s\n%s\nscore %d, %s", d->id ? d->id : d->path,
			title_of(d), k->score, isms_treatment_name(k->treatment));
		isms_buf_puts(out, " [label=");
		isms_dot_str(out, t.ptr, 0);
		isms_buf_printf(out, ", fillcolor=\"%s\", color=\"#a05050\", URL=",
			k->score ? heat(k->score, rs->threshold) : "#eeeeee");
		isms_buf_truncate(&t, 0);
		isms_doc_href(&t, m, d, "");
		isms_dot_str(out, t.ptr, 0);
		isms_buf_puts(out, "];\n");
		for (j = 0; j < k->ncontrols; j++) {
			const isms_control *c = k->controls[j];

			if (!has_control(seen, nseen, c)) {
				seen[nseen++] = c;
				isms_buf_printf(out, "\t\"A.%s\" [label=", c->id);
				isms_buf_truncate(&t, 0);
				isms_buf_printf(&t, "A.%s\n%s", c->id, c->title);
				isms_dot_str(out, t.ptr, 28);
				isms_buf_printf(out, ", fillcolor=\"#eef3fb\", "
					"color=\"#4a6fa5\", URL=\"soa.html#A.%s\"];\n", c->id);
			}
			isms_buf_puts(out, "\t");
			isms_buf_truncate(&t, 0);
			isms_buf_printf(&t, "risk:%s", d->path);
			isms_dot_str(out, t.ptr, 0);
			isms_buf_printf(out, " -> \"A.%s\";\n", c->id);
		}
	}
	isms_buf_puts(out, "}\n");
	isms_buf_release(&t);
}

/* ---------------------------------------------------------------- page */

static const char *acceptance_text(const isms_risk *k)
{
	switch (k->acceptance) {
	case ISMS_ACCEPT_APPROVED:  return "accepted by the owner";
	case ISMS_ACCEPT_UNAPPROVED: return "not accepted by the owner";
	case ISMS_ACCEPT_PENDING:   return "not on the approval branch yet";
	default:                    return NULL;
	}
}

/* The treatment with the acceptance and untreated badges. */
static void put_treatment(isms_buf *o, const isms_risk *k)
{
	const char *acc = acceptance_text(k);

	if (k->treatment)
		isms_html_text(o, isms_treatment_name(k->treatment));
	else
		isms_site_put_value(o, NULL);
	if (acc) {
		isms_buf_puts(o, " ");
		isms_site_put_badge(o, k->acceptance == ISMS_ACCEPT_APPROVED ? "ok" :
			k->acceptance == ISMS_ACCEPT_UNAPPROVED ? "bad" : "warn", acc);
	}
	if (k->untreated) {
		isms_buf_puts(o, " ");
		isms_site_put_badge(o, "bad", "untreated");
	}
}

/* The next review, with an overdue badge. */
static void put_review(isms_buf *o, const isms_risk *k)
{
	isms_site_put_date(o, k->review);
	if (k->overdue) {
		isms_buf_puts(o, " ");
		isms_site_put_badge(o, "bad", "overdue");
	}
}

static void register_row(isms_buf *o, struct site *s, const isms_risk *k)
{
	const isms_doc *d = k->doc;
	size_t j;

	isms_buf_puts(o, "<tr><td>");
	risk_link(o, s, d, 0);
	isms_buf_puts(o, "</td><td>");
	isms_html_text(o, title_of(d));
	isms_buf_puts(o, "</td><td>");
	isms_site_put_owner(o, s->m->cfg, d->owner);
	if (k->score)
		isms_buf_printf(o, "</td><td>%d</td><td>%d</td><td>%d</td><td>",
			k->likelihood, k->impact, k->score);
	else
		isms_buf_puts(o, "</td><td>\xe2\x80\x94</td><td>\xe2\x80\x94</td>"
			"<td>\xe2\x80\x94</td><td>");
	put_treatment(o, k);
	isms_buf_puts(o, "</td><td>");
	for (j = 0; j < k->ncontrols; j++) {
		char frag[16];

		snprintf(frag, sizeof(frag), "A.%s", k->controls[j]->id);
		isms_buf_puts(o, j ? ", " : "");
		isms_site_put_link(o, s->page, "soa.html", frag, frag);
	}
	isms_buf_puts(o, "</td><td>");
	put_review(o, k);
	isms_buf_puts(o, "</td></tr>\n");
}

void isms_site_risk_meta(isms_buf *o, struct site *s, const isms_doc *d)
{
	const isms_risk *k = is_type(d, "risk") ? isms_facts_risk(s->m, d) : NULL;

	if (!k)
		return;
	isms_buf_puts(o, "<dt>Risk</dt><dd>");
	if (k->score)
		isms_buf_printf(o, "likelihood %d \xc3\x97 impact %d = score %d "
			"(threshold %d)", k->likelihood, k->impact, k->score,
			s->m->cfg->risk_threshold);
	else
		isms_buf_puts(o, "no valid likelihood and impact");
	isms_buf_puts(o, "</dd>\n<dt>Treatment</dt><dd>");
	put_treatment(o, k);
	isms_buf_puts(o, "</dd>\n<dt>Next review</dt><dd>");
	put_review(o, k);
	isms_buf_puts(o, "</dd>\n");
}

int isms_site_risks_page(isms_buf *o, struct site *s)
{
	const isms_risks *rs = isms_facts_risks(s->m);
	isms_buf dot = ISMS_BUF_INIT, svg = ISMS_BUF_INIT;
	const char *start;
	size_t i;
	int rc = -1;

	isms_risk_graph_dot(&dot, s->m);
	if (isms_site_write_page(s, "risks.dot", &dot) < 0)
		goto done;
	if (rs->n && isms_graph_svg(&svg, isms_source_cache(s->m->src), dot.ptr,
	    s->err) < 0)
		goto done;
	isms_html_begin(o, s->page, "Risks", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Risks</h1>\n<p>The risk register (clause 6.1.2) "
		"and its treatment (6.1.3): %zu risk%s, %zu untreated, %zu "
		"accepted without the owner's approval, %zu past their review.</p>\n",
		rs->n, rs->n == 1 ? "" : "s", rs->untreated, rs->unaccepted,
		rs->overdue);
	isms_buf_puts(o, "<h2 id=\"register\">Register</h2>\n<table class=\"risks\">\n"
		"<thead><tr><th>Risk</th><th>Title</th><th>Owner</th>"
		"<th>Likelihood</th><th>Impact</th><th>Score</th><th>Treatment</th>"
		"<th>Controls</th><th>Next review</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < rs->n; i++)
		register_row(o, s, &rs->risks[i]);
	isms_buf_puts(o, "</tbody>\n</table>\n");
	isms_site_heatmap(o, s, 0);
	isms_buf_puts(o, "<h2 id=\"risk-graph\">Risks and the controls that treat "
		"them</h2>\n<p>Each risk points to the Annex A controls in its "
		"<code>controls</code>; select one to open it (also as "
		"<a href=\"risks.dot\">DOT</a>).</p>\n<div class=\"graph\">\n");
	start = isms_svg_element(&svg);
	if (start)
		isms_buf_puts(o, start);
	else
		isms_buf_puts(o, "<p class=\"muted\">No risk is on record.</p>\n");
	isms_buf_puts(o, "</div>\n");
	isms_html_end(o, s->footer);
	rc = 0;
done:
	isms_buf_release(&dot);
	isms_buf_release(&svg);
	return rc;
}
