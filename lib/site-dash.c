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

struct lat { const char *commit; long long secs; };

static int cmp_lat_commit(const void *a, const void *b)
{
	return strcmp(((const struct lat *)a)->commit,
		((const struct lat *)b)->commit);
}

static int cmp_lat_secs(const void *a, const void *b)
{
	long long x = ((const struct lat *)a)->secs, y = ((const struct lat *)b)->secs;

	return x < y ? -1 : x > y;
}

/* The approved changes that landed in the year up to now, each commit
 * once (a commit changing five documents is one approval). */
static size_t latencies(struct site *s, struct lat **out)
{
	const isms_history *h = s->m->history;
	isms_interval year = { 12, 'm' };
	long from = isms_interval_sub(s->m->now, &year), day;
	size_t i, k, n = 0, cap = 0, u = 0;
	struct lat *l;

	for (i = 0; h && i < h->ndocs; i++)
		cap += h->docs[i].n;
	l = isms_arena_alloc(s->a, (cap + 1) * sizeof(*l));
	for (i = 0; h && i < h->ndocs; i++)
		for (k = 0; !h->docs[i].governed && k < h->docs[i].n; k++) {
			const isms_change *c = &h->docs[i].changes[k];
			day = isms_date_of(c->landed);
			if (c->approval == ISMS_APPROVAL_NONE || day <= from ||
			    day > s->m->now)
				continue;
			l[n].commit = c->commit;
			l[n++].secs = c->landed > c->time ? c->landed - c->time : 0;
		}
	qsort(l, n, sizeof(*l), cmp_lat_commit);
	for (i = 0; i < n; i++)
		if (!u || strcmp(l[u - 1].commit, l[i].commit))
			l[u++] = l[i];
	qsort(l, u, sizeof(*l), cmp_lat_secs);
	*out = l;
	return u;
}

static void dash_latency(isms_buf *o, struct site *s)
{
	struct lat *l;
	size_t n = latencies(s, &l);
	long long med2;

	isms_buf_puts(o, "<h2>Approval</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "latency", "Approval latency, last 12 months");
	if (!n) {
		isms_buf_puts(o, "no approved change</td></tr>\n</table>\n");
		return;
	}
	med2 = l[(n - 1) / 2].secs + l[n / 2].secs;
	isms_buf_printf(o, "median %.1f days, max %.1f days over %zu approved "
		"change%s</td></tr>\n</table>\n", med2 / 2 / 86400.0,
		l[n - 1].secs / 86400.0, n, n == 1 ? "" : "s");
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
	long open = 0, overdue = 0, closed = 0, due;
	size_t i;

	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *st = fm_str(d, "status");
		if (!is_type(d, "nonconformity"))
			continue;
		if (st && !strcmp(st, "closed")) {
			closed++;
			continue;
		}
		open++;
		overdue += (due = fm_day(d, "due")) >= 0 && due < s->m->now;
	}
	isms_buf_puts(o, "<h2>Records</h2>\n<table class=\"kpi\">\n");
	dash_record(o, s, "management-review", "Last management review",
		&rec[ISMS_RECORD_REVIEW]);
	dash_record(o, s, "internal-audit", "Last internal audit",
		&rec[ISMS_RECORD_AUDIT]);
	kpi_row(o, "nonconformities", "Open non-conformities");
	isms_buf_printf(o, "%ld open, %ld overdue, %ld closed</td></tr>\n", open,
		overdue, closed);
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

int isms_site_dashboard_page(isms_buf *o, struct site *s)
{
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin(o, s->page, "Dashboard", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Dashboard</h1>\n<p>The figures of the ISMS as "
		"of %s, for management review (clause 9.3), from the documents "
		"and their history on the approval branch.</p>\n", now);
	dash_audit(o, s);
	dash_review(o, s);
	dash_latency(o, s);
	dash_changes(o, s);
	dash_records(o, s);
	dash_soa(o, s);
	isms_html_end(o, s->footer);
	return 0;
}
