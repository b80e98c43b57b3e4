/*
 * site-dash.c - dashboard.html: the figures management reviews (clause
 * 9.3): the model's facts as of m->now (lib/facts.c, which the record
 * rules judge by). Charts are inline SVG bars with text labels:
 * no script.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

/* Month number (year * 12 + month - 1) of a day. */
static long month_of(long day)
{
	char s[11];

	isms_date_format(s, day);
	return atol(s) * 12 + atol(s + 5) - 1;
}

/* A horizontal bar chart: one bar per value with its label and count;
 * `cls` (may be NULL) colours each bar. */
static void put_chart(isms_buf *o, const char *title, const char *const *labels,
	const long *vals, const char *const *cls, size_t n)
{
	long max = 1;
	size_t i;
	int h = (int)n * 22 + 8;

	for (i = 0; i < n; i++)
		if (vals[i] > max)
			max = vals[i];
	isms_buf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
		" role=\"img\" width=\"480\" height=\"%d\" viewBox=\"0 0 480 %d\" "
		"aria-label=\"", h, h);
	isms_html_text(o, title);
	isms_buf_puts(o, "\"><title>");
	isms_html_text(o, title);
	isms_buf_puts(o, "</title>\n");
	for (i = 0; i < n; i++) {
		int y = (int)i * 22 + 4, w = (int)(vals[i] * 300 / max);
		isms_buf_printf(o, "<text x=\"0\" y=\"%d\">", y + 13);
		isms_html_text(o, labels[i]);
		isms_buf_printf(o, "</text><rect class=\"bar%s%s\" x=\"120\" y=\"%d\" "
			"width=\"%d\" height=\"16\"/><text x=\"%d\" y=\"%d\">%ld</text>\n",
			cls ? " " : "", cls ? cls[i] : "", y, w, 126 + w, y + 13, vals[i]);
	}
	isms_buf_puts(o, "</svg>\n");
}

/* A KPI row: id, label, then the caller writes the value and closes. */
static void kpi_row(isms_buf *o, const char *id, const char *label)
{
	isms_buf_printf(o, "<tr id=\"kpi-%s\"><th>", id);
	isms_html_text(o, label);
	isms_buf_puts(o, "</th><td>");
}

static void dash_review(isms_buf *o, struct site *s)
{
	static const char *const labels[] = { "current", "due soon", "overdue",
		"never approved" };
	static const char *const cls[] = { "b-ok", "b-warn", "b-bad", "b-bad" };
	long v[4] = { 0 };
	size_t i;

	for (i = 0; i < s->m->ndocs; i++) {
		const isms_review *rv = isms_facts_review(s->m, &s->m->docs[i]);

		v[0] += rv->state == ISMS_REVIEW_CURRENT;
		v[1] += rv->state == ISMS_REVIEW_SOON;
		v[2] += rv->state == ISMS_REVIEW_OVERDUE;
		v[3] += rv->state == ISMS_REVIEW_NEVER;
	}
	isms_buf_puts(o, "<h2>Document review</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "review", "Documents within review");
	isms_buf_printf(o, "%ld of %ld</td></tr>\n", v[0] + v[1],
		v[0] + v[1] + v[2] + v[3]);
	kpi_row(o, "overdue", "Documents overdue or never approved");
	isms_buf_printf(o, "%ld</td></tr>\n</table>\n", v[2] + v[3]);
	put_chart(o, "Controlled documents by review state", labels, v, cls, 4);
}

static void dash_latency(isms_buf *o, struct site *s)
{
	const isms_figure *f = &isms_facts_figures(s->m)->fig[ISMS_FIG_LATENCY];

	isms_buf_puts(o, "<h2>Approval</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "latency", "Approval latency, last 12 months");
	if (!f->known) {
		isms_buf_puts(o, "no approved change</td></tr>\n</table>\n");
		return;
	}
	isms_buf_printf(o, "median %.1f days, max %.1f days over %zu approved "
		"change%s</td></tr>\n</table>\n", f->value, f->max, f->num,
		f->num == 1 ? "" : "s");
}

static void dash_changes(isms_buf *o, struct site *s)
{
	const isms_history *h = s->m->history;
	long first = month_of(s->m->now) - 11, v[12] = { 0 }, mo, total = 0;
	char lab[12][24];
	const char *labels[12];
	size_t i, k;

	for (i = 0; h && i < h->ndocs; i++)
		for (k = 0; !h->docs[i].governed && k < h->docs[i].n; k++) {
			long day = isms_date_of(h->docs[i].changes[k].landed);
			mo = month_of(day) - first;
			if (day <= s->m->now && mo >= 0 && mo < 12) {
				v[mo]++;
				total++;
			}
		}
	for (i = 0; i < 12; i++) {
		mo = first + (long)i;
		snprintf(lab[i], sizeof(lab[i]), "%04ld-%02ld", mo / 12, mo % 12 + 1);
		labels[i] = lab[i];
	}
	isms_buf_puts(o, "<h2>Changes per month</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "changes", "Document changes, last 12 months");
	isms_buf_printf(o, "%ld</td></tr>\n</table>\n", total);
	put_chart(o, "Document changes by the month they landed", labels, v,
		NULL, 12);
}

/* A record KPI: the newest record, linked, and when the next is due. */
static void dash_record(isms_buf *o, struct site *s, const char *id,
	const char *label, const isms_record *rec)
{
	kpi_row(o, id, label);
	if (!rec->doc) {
		isms_buf_puts(o, "<span class=\"state bad\">none on record</span>"
			"</td></tr>\n");
		return;
	}
	isms_site_put_date(o, rec->last);
	isms_buf_puts(o, " (");
	isms_site_put_link(o, s->page, s->pages[rec->doc - s->m->docs], NULL,
		title_of(rec->doc));
	isms_buf_puts(o, ") ");
	isms_site_put_badge(o, rec->overdue ? "bad" : "ok", rec->overdue ?
		"overdue" : "current");
	isms_buf_puts(o, " next due by ");
	isms_site_put_date(o, rec->due);
	isms_buf_puts(o, "</td></tr>\n");
}

static void dash_records(isms_buf *o, struct site *s)
{
	const isms_record *rec = isms_facts_records(s->m);
	const isms_training *t = isms_facts_training(s->m);
	const isms_figures *fs = isms_facts_figures(s->m);
	isms_buf_puts(o, "<h2>Records</h2>\n<table class=\"kpi\">\n");
	dash_record(o, s, "management-review", "Last management review",
		&rec[ISMS_RECORD_REVIEW]);
	dash_record(o, s, "internal-audit", "Last internal audit",
		&rec[ISMS_RECORD_AUDIT]);
	kpi_row(o, "nonconformities", "Open non-conformities");
	isms_buf_printf(o, "%zu open, %zu overdue, %zu closed</td></tr>\n",
		fs->nc_open, fs->nc_overdue, fs->nc_closed);
	kpi_row(o, "training", "Training completion");
	isms_buf_printf(o, "%zu/%zu staff trained since ", t->ntrained, t->n);
	isms_site_put_date(o, t->since);
	isms_buf_puts(o, "</td></tr>\n</table>\n");
}

/* The auditor's verdict (lib/audit.c), counted: its gaps by grade. */
static void dash_audit(isms_buf *o, struct site *s)
{
	static const struct { const char *id, *label; isms_grade g; } rows[] = {
		{ "audit-major", "Major non-conformities", ISMS_GRADE_MAJOR },
		{ "audit-minor", "Minor non-conformities", ISMS_GRADE_MINOR },
		{ "audit-observation", "Observations", ISMS_GRADE_OBSERVATION },
	};
	size_t i, n;

	isms_buf_puts(o, "<h2>Audit verdict</h2>\n<table class=\"kpi\">\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		n = s->audit->grades[rows[i].g];
		kpi_row(o, rows[i].id, rows[i].label);
		isms_buf_printf(o, "%zu", n);
		if (n) {
			isms_buf_putc(o, ' ');
			isms_site_put_badge(o, rows[i].g == ISMS_GRADE_MAJOR ? "bad" :
				rows[i].g == ISMS_GRADE_MINOR ? "warn" : "none", "open");
		}
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</table>\n<p>");
	isms_site_put_link(o, s->page, "audit.html", NULL, "The audit checklist");
	isms_buf_printf(o, ": %zu items met, %zu with gaps, %zu not answerable "
		"from the repository.</p>\n", s->audit->states[ISMS_AUDIT_MET],
		s->audit->states[ISMS_AUDIT_GAP], s->audit->states[ISMS_AUDIT_NA]);
}

static void soa_theme_row(isms_buf *o, const char *theme, const long *v)
{
	isms_buf_puts(o, "<tr><td>");
	isms_html_text(o, theme);
	isms_buf_printf(o, "</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>"
		"<td>%ld</td></tr>\n", v[0], v[1], v[2], v[3], v[4]);
}

/* Per theme: controls, applicable, applicable with a document, excluded,
 * undecided. */
static void dash_soa(isms_buf *o, struct site *s)
{
	const isms_soa *soa = isms_facts_soa(s->m);
	const char *theme = NULL, *labels[8];
	long v[5] = { 0 }, cov[8];
	size_t i, nt = 0;

	isms_buf_puts(o, "<h2>SoA coverage by theme</h2>\n<table>\n<thead><tr>"
		"<th>Theme</th><th>Controls</th><th>Applicable</th><th>Applicable "
		"with a document</th><th>Excluded</th><th>Undecided</th></tr>"
		"</thead>\n<tbody>\n");
	for (i = 0; i <= soa->n; i++) {
		const isms_soa_row *r = i < soa->n ? &soa->rows[i] : NULL;
		if (theme && (!r || strcmp(theme, r->control->theme))) {
			soa_theme_row(o, theme, v);
			if (nt < 8) {
				labels[nt] = theme;
				cov[nt++] = v[1] ? v[2] * 100 / v[1] : 0;
			}
			memset(v, 0, sizeof(v));
		}
		if (!r)
			break;
		theme = r->control->theme;
		v[0]++;
		v[1] += r->applicable == 1;
		v[2] += r->applicable == 1 && r->ndocs;
		v[3] += r->applicable == 0;
		v[4] += r->applicable < 0;
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
	put_chart(o, "Applicable controls with a document, per cent", labels,
		cov, NULL, nt);
}

/* ---------------------------------------------------------------- KPIs */

/* The figures computed from the repository (isms_facts_figures). */
static void dash_builtin(isms_buf *o, struct site *s)
{
	const isms_figures *fs = isms_facts_figures(s->m);
	isms_buf tmp = ISMS_BUF_INIT;
	size_t i;

	isms_buf_puts(o, "<h2>Built-in KPIs</h2>\n<p class=\"muted\">Computed "
		"from the records and the history: audits done by their planned "
		"date, management review decisions done within 90 days of the "
		"review, days from raised to closed, people trained within the "
		"interval, days from a change to its approval.</p>\n"
		"<table class=\"kpi\">\n");
	for (i = 0; i < ISMS_NFIGURES; i++) {
		kpi_row(o, fs->fig[i].key, fs->fig[i].label);
		isms_figure_text(&tmp, &fs->fig[i]);
		isms_html_text(o, tmp.ptr);
		isms_buf_truncate(&tmp, 0);
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</table>\n");
	isms_buf_release(&tmp);
}

#define CW 480                   /* chart width, height, plot margins */
#define CH 180
#define CL 64
#define CR 16
#define CT 24
#define CB 36

/* y of value v on a plot of [lo, hi]. */
static double y_of(double v, double lo, double hi)
{
	return CT + (CH - CT - CB) * (hi - v) / (hi - lo);
}

/* A KPI over time against its target: inline SVG, points at their dates
 * (x from the first to the last measurement), the target a dashed line,
 * each point coloured by whether it met the target. */
static void put_kpi_chart(isms_buf *o, const isms_kpi *k)
{
	double lo = k->m[0].value, hi = lo, x, y;
	long first = k->m[0].day, span = k->m[k->n - 1].day - first;
	char num[40], tgt[80];
	size_t i;

	for (i = 0; i < k->n; i++) {
		lo = k->m[i].value < lo ? k->m[i].value : lo;
		hi = k->m[i].value > hi ? k->m[i].value : hi;
	}
	if (k->has_target) {
		lo = k->target.value < lo ? k->target.value : lo;
		hi = k->target.value > hi ? k->target.value : hi;
	}
	if (hi - lo < 1e-9) {
		lo -= 1;
		hi += 1;
	}
	isms_buf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/"
		"svg\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
		"%d\" aria-label=\"", CW, CH, CW, CH);
	isms_html_text(o, k->id);
	isms_buf_puts(o, " over time\"><title>");
	isms_html_text(o, k->id);
	isms_buf_puts(o, " over time</title>\n<text x=\"0\" y=\"12\">");
	isms_html_text(o, k->id);
	isms_buf_puts(o, ": ");
	isms_html_text(o, title_of(k->doc));
	isms_buf_puts(o, "</text>\n");
	isms_kpi_number(num, sizeof(num), hi);
	isms_buf_printf(o, "<text x=\"0\" y=\"%d\">", CT + 4);
	isms_html_text(o, num);
	isms_kpi_number(num, sizeof(num), lo);
	isms_buf_printf(o, "</text>\n<text x=\"0\" y=\"%d\">", CH - CB + 4);
	isms_html_text(o, num);
	isms_buf_puts(o, "</text>\n");
	if (k->has_target) {
		y = y_of(k->target.value, lo, hi);
		isms_target_format(tgt, sizeof(tgt), &k->target);
		isms_buf_printf(o, "<line class=\"target\" x1=\"%d\" y1=\"%.1f\" "
			"x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray="
			"\"4 3\"/><text x=\"%d\" y=\"%.1f\">target ", CL, y, CW - CR,
			y, CL, y - 4);
		isms_html_text(o, tgt);
		isms_buf_puts(o, "</text>\n");
	}
	isms_buf_puts(o, "<polyline fill=\"none\" stroke=\"#36c\" points=\"");
	for (i = 0; i < k->n; i++) {
		x = CL + (span ? (double)(CW - CL - CR) * (double)(k->m[i].day -
			first) / (double)span : (CW - CL - CR) / 2.0);
		isms_buf_printf(o, "%s%.1f,%.1f", i ? " " : "", x,
			y_of(k->m[i].value, lo, hi));
	}
	isms_buf_puts(o, "\"/>\n");
	for (i = 0; i < k->n; i++) {
		char day[11];

		x = CL + (span ? (double)(CW - CL - CR) * (double)(k->m[i].day -
			first) / (double)span : (CW - CL - CR) / 2.0);
		isms_date_format(day, k->m[i].day);
		isms_kpi_number(num, sizeof(num), k->m[i].value);
		isms_buf_printf(o, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
			"r=\"4\"><title>%s: ", k->m[i].met == 0 ? "b-bad" : "b-ok", x,
			y_of(k->m[i].value, lo, hi), day);
		isms_html_text(o, num);
		isms_buf_puts(o, "</title></circle>\n");
		if (i == 0 || i + 1 == k->n)
			isms_buf_printf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor="
				"\"%s\">%s</text>\n", x, CH - 12, i ? "end" : "start", day);
	}
	isms_buf_puts(o, "</svg>\n");
}

/* The KPIs the ISMS defines (type kpi), each with its state and chart. */
static void dash_kpis(isms_buf *o, struct site *s)
{
	const isms_kpis *ks = isms_facts_kpis(s->m);
	char num[40];
	size_t i;

	isms_buf_puts(o, "<h2>Objectives and KPIs</h2>\n");
	if (!ks->n) {
		isms_buf_puts(o, "<p class=\"muted\">No KPI is defined (a document "
			"of type kpi, with its measurements as records of type "
			"measurement).</p>\n");
		return;
	}
	isms_buf_puts(o, "<table class=\"kpi\">\n");
	for (i = 0; i < ks->n; i++) {
		const isms_kpi *k = &ks->kpis[i];

		isms_buf_printf(o, "<tr id=\"kpi-");
		isms_html_text(o, k->id);
		isms_buf_puts(o, "\"><th>");
		isms_site_put_link(o, s->page, s->pages[k->doc - s->m->docs], NULL,
			title_of(k->doc));
		isms_buf_puts(o, "</th><td>");
		if (!k->latest) {
			isms_site_put_badge(o, "bad", "no measurement");
		} else {
			isms_kpi_number(num, sizeof(num), k->latest->value);
			isms_html_text(o, num);
			if (fm_str(k->doc, "unit")) {
				isms_buf_putc(o, ' ');
				isms_html_text(o, fm_str(k->doc, "unit"));
			}
			isms_buf_puts(o, " on ");
			isms_site_put_date(o, k->latest->day);
			isms_buf_puts(o, ", target ");
			isms_site_put_value(o, isms_yaml_str(k->target_at));
			isms_buf_putc(o, ' ');
			if (k->latest->met >= 0)
				isms_site_put_badge(o, k->off_target ? "bad" : "ok",
					k->off_target ? "off target" : "on target");
		}
		if (k->stale) {
			isms_buf_putc(o, ' ');
			isms_site_put_badge(o, "bad", "stale");
		}
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</table>\n");
	for (i = 0; i < ks->n; i++)
		if (ks->kpis[i].n)
			put_kpi_chart(o, &ks->kpis[i]);
}

int isms_site_dashboard_page(isms_buf *o, struct site *s)
{
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin(o, s->page, "Dashboard", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Dashboard</h1>\n<p>The figures of the ISMS as "
		"of %s, for management review (clause 9.3), from the documents "
		"and their history on the approval branch.</p>\n", now);
	dash_audit(o, s);
	dash_builtin(o, s);
	dash_kpis(o, s);
	dash_review(o, s);
	dash_latency(o, s);
	dash_changes(o, s);
	dash_records(o, s);
	dash_soa(o, s);
	isms_html_end(o, s->footer);
	return 0;
}
