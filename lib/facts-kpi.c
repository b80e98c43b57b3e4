/*
 * facts-kpi.c - the judgements of objectives, KPIs and records: what a
 * management review's minutes say (decisions with their owners and dates,
 * the resources decided), which evidence a record leaves empty, each KPI
 * with its measurements against its target and frequency, and the figures
 * computed from the repository (audits on schedule, review actions done,
 * time to close a non-conformity, training, approval latency).
 *
 * lib/facts.c keeps the parts; the rules (lib/rules-records.c), the
 * dashboard, the audit page and the document pages read them, so that a
 * figure has one meaning wherever it is shown.
 */
#include "site.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- values */

/* Whether a value says nothing: absent, null, blank, or an empty list or
 * map, or a list of such. */
static int empty(const isms_ynode *v)
{
	size_t i;

	if (!v)
		return 1;
	if (v->kind == ISMS_Y_SCALAR) {
		const char *s = v->null ? "" : v->str;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		return !*s;
	}
	for (i = 0; i < v->n; i++)
		if (!empty(v->items[i]))
			return 0;
	return 1;
}

static const char *str_of(const isms_ynode *v)
{
	return v && v->kind == ISMS_Y_SCALAR && !v->null && *v->str ?
		v->str : NULL;
}

static long day_of(const isms_ynode *v)
{
	long day;

	return str_of(v) && isms_date_parse(v->str, &day) == 0 ? day : -1;
}

/* ---------------------------------------------------------------- minutes */

static void read_decisions(isms_minutes *mn, const isms_model *m,
	const isms_ynode *v)
{
	size_t i;

	if (!v || v->kind == ISMS_Y_MAP)
		return;
	if (v->kind == ISMS_Y_SCALAR) {
		if (empty(v))
			return;
		mn->decisions = isms_arena_alloc(m->arena, sizeof(*mn->decisions));
		mn->decisions[0] = (isms_decision){ v, v->str, NULL, -1, -1 };
		mn->ndecisions = 1;
		return;
	}
	mn->decisions = isms_arena_alloc(m->arena,
		(v->n + 1) * sizeof(*mn->decisions));
	for (i = 0; i < v->n; i++) {
		const isms_ynode *x = v->items[i];
		isms_decision *dc = &mn->decisions[mn->ndecisions];

		if (empty(x))
			continue;
		*dc = (isms_decision){ x, NULL, NULL, -1, -1 };
		if (x->kind == ISMS_Y_SCALAR) {
			dc->text = x->str;
		} else if (x->kind == ISMS_Y_MAP) {
			dc->text = str_of(isms_yaml_get(x, "decision"));
			dc->owner = str_of(isms_yaml_get(x, "owner"));
			dc->due = day_of(isms_yaml_get(x, "due"));
			dc->done = day_of(isms_yaml_get(x, "done"));
		}
		mn->ndecisions++;
	}
}

static void read_resources(isms_minutes *mn, const isms_model *m,
	const isms_ynode *v)
{
	size_t i;

	mn->resources_said = !empty(v);
	if (!mn->resources_said)
		return;
	if (v->kind == ISMS_Y_SCALAR) {
		mn->resources_text = v->str;
		return;
	}
	if (v->kind != ISMS_Y_SEQ)
		return;
	mn->resources = isms_arena_alloc(m->arena,
		(v->n + 1) * sizeof(*mn->resources));
	for (i = 0; i < v->n; i++) {
		const isms_ynode *x = v->items[i];
		const char *ap = str_of(isms_yaml_get(x, "approved"));
		isms_resource *r = &mn->resources[mn->nresources];

		if (x->kind != ISMS_Y_MAP || empty(x))
			continue;
		r->at = x;
		r->item = str_of(isms_yaml_get(x, "item"));
		r->amount = str_of(isms_yaml_get(x, "amount"));
		r->approved = !ap ? -1 : !strcmp(ap, "true") ? 1 :
			!strcmp(ap, "false") ? 0 : -1;
		mn->napproved += r->approved == 1;
		mn->nresources++;
	}
}

void *isms_facts_make_minutes(const isms_model *m)
{
	isms_minutes *all = isms_arena_alloc(m->arena,
		(m->ndocs + 1) * sizeof(*all));
	size_t i;

	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		isms_minutes *mn = &all[i];

		if (!d->has_fm || !is_type(d, "management-review"))
			continue;
		mn->doc = d;
		mn->date = fm_day(d, "date");
		read_decisions(mn, m, isms_yaml_get(d->fm, "decisions"));
		read_resources(mn, m, isms_yaml_get(d->fm, "resources"));
	}
	return all;
}

void isms_minutes_resources(isms_buf *out, const isms_minutes *mn)
{
	size_t i;

	if (!mn || !mn->resources_said) {
		isms_buf_puts(out, "none recorded");
		return;
	}
	if (mn->resources_text) {
		isms_buf_puts(out, mn->resources_text);
		return;
	}
	isms_buf_printf(out, "%zu of %zu item%s approved", mn->napproved,
		mn->nresources, mn->nresources == 1 ? "" : "s");
	for (i = 0; i < mn->nresources; i++) {
		const isms_resource *r = &mn->resources[i];

		isms_buf_puts(out, i ? "; " : " (");
		isms_buf_puts(out, r->item ? r->item : "(no item)");
		if (r->amount)
			isms_buf_printf(out, " %s", r->amount);
		isms_buf_puts(out, r->approved == 1 ? ", approved" :
			r->approved == 0 ? ", not approved" : ", approval not said");
	}
	isms_buf_puts(out, mn->nresources ? ")" : "");
}

void isms_figure_text(isms_buf *out, const isms_figure *f)
{
	if (!f->known)
		isms_buf_puts(out, f->none);
	else if (!strcmp(f->unit, "%"))
		isms_buf_printf(out, "%.0f %% (%zu of %zu)", f->value, f->num,
			f->den);
	else
		isms_buf_printf(out, "median %.1f days, max %.1f days over %zu",
			f->value, f->max, f->num);
}

/* ---------------------------------------------------------------- gaps */

/* The evidence fields of each record type, and what each must say. */
static const struct evidence {
	const char *type, *field, *why;
} evidence[] = {
	{ "management-review", "date", "the day the review was held" },
	{ "management-review", "attendees", "who attended the review" },
	{ "management-review", "decisions", "the decisions taken (clause "
	  "9.3.3)" },
	{ "management-review", "resources", "whether resources were "
	  "decided: a list of {item, amount, approved}, or a sentence such as "
	  "\"No new resources needed\"" },
	{ "internal-audit", "date", "the day the audit was held" },
	{ "internal-audit", "scope", "what the audit covered" },
	{ "internal-audit", "auditor", "who audited" },
	{ "training", "date", "the day of the training" },
	{ "training", "course", "what was taught" },
	{ "training", "attendees", "who attended, by e-mail" },
	{ "nonconformity", "raised", "the day it was raised" },
};

static int requires(const isms_doc *d, const char *field)
{
	size_t i;

	for (i = 0; d->def && i < d->def->nfields; i++)
		if (!strcmp(d->def->fields[i], field))
			return 1;
	return 0;
}

size_t isms_record_gaps(isms_record_gap *out, const isms_doc *d)
{
	const char *st = fm_str(d, "status");
	size_t i, n = 0;

	if (!d->has_fm || !d->type)
		return 0;
	for (i = 0; i < sizeof(evidence) / sizeof(evidence[0]); i++) {
		const isms_ynode *v = isms_yaml_get(d->fm, evidence[i].field);

		if (strcmp(d->type, evidence[i].type) || !empty(v) ||
		    (!v && requires(d, evidence[i].field)) ||
		    n == ISMS_RECORD_GAPS_MAX)
			continue;
		out[n++] = (isms_record_gap){ evidence[i].field, v,
			evidence[i].why };
	}
	/* A closed non-conformity says what was done about it. */
	if (is_type(d, "nonconformity") && st && !strcmp(st, "closed") &&
	    empty(isms_yaml_get(d->fm, "corrective_action")) &&
	    n < ISMS_RECORD_GAPS_MAX)
		out[n++] = (isms_record_gap){ "corrective_action",
			isms_yaml_get(d->fm, "corrective_action"), "the corrective "
			"action taken, before the non-conformity is closed" };
	return n;
}

/* ---------------------------------------------------------------- KPIs */

static int cmp_measurement(const void *a, const void *b)
{
	const isms_measurement *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->doc->path, y->doc->path);
}

static isms_kpi *kpi_find(isms_kpis *k, const char *id)
{
	size_t i;

	for (i = 0; id && i < k->n; i++)
		if (!strcmp(k->kpis[i].id, id))
			return &k->kpis[i];
	return NULL;
}

static void read_kpi(isms_kpi *k, const isms_doc *d)
{
	const char *s;

	k->doc = d;
	k->id = d->id;
	k->due = -1;
	k->target_at = isms_yaml_get(d->fm, "target");
	k->every_at = isms_yaml_get(d->fm, "frequency");
	if ((s = str_of(k->target_at)))
		k->has_target = isms_target_parse(&k->target, s,
			&k->target_col, &k->target_why) == 0;
	else if (k->target_at)
		k->target_why = "a target is text such as \">= 95\"";
	if ((s = str_of(k->every_at)))
		k->has_every = isms_frequency_parse(&k->every, s) == 0;
}

/* Each KPI's measurements in date order, its latest, and the verdicts. */
static void judge_kpi(isms_kpi *k, const isms_model *m)
{
	size_t i;

	qsort(k->m, k->n, sizeof(*k->m), cmp_measurement);
	for (i = 0; i < k->n; i++)
		k->m[i].met = k->has_target ?
			isms_target_met(&k->target, k->m[i].value) : -1;
	k->latest = k->n ? &k->m[k->n - 1] : NULL;
	if (k->latest && k->has_every)
		k->due = isms_interval_add(k->latest->day, &k->every);
	k->stale = k->has_every && (!k->latest || k->due < m->now);
	k->off_target = k->latest && k->latest->met == 0;
}

void *isms_facts_make_kpis(const isms_model *m)
{
	isms_kpis *k = isms_arena_alloc(m->arena, sizeof(*k));
	size_t i, *counts;

	k->kpis = isms_arena_alloc(m->arena, (m->ndocs + 1) * sizeof(*k->kpis));
	k->orphans = isms_arena_alloc(m->arena, (m->ndocs + 1) * sizeof(*k->orphans));
	k->bad_values = isms_arena_alloc(m->arena,
		(m->ndocs + 1) * sizeof(*k->bad_values));
	for (i = 0; i < m->ndocs; i++)
		if (m->docs[i].has_fm && is_type(&m->docs[i], "kpi") &&
		    m->docs[i].id && !kpi_find(k, m->docs[i].id))
			read_kpi(&k->kpis[k->n++], &m->docs[i]);
	counts = calloc(k->n + 1, sizeof(*counts));
	if (!counts)
		abort();
	/* Two passes: count each KPI's measurements, then fill. */
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		isms_kpi *kp;

		if (!d->has_fm || !is_type(d, "measurement"))
			continue;
		if (!(kp = kpi_find(k, fm_str(d, "kpi")))) {
			if (str_of(isms_yaml_get(d->fm, "kpi")))
				k->orphans[k->norphans++] = d;
			continue;
		}
		counts[kp - k->kpis]++;
	}
	for (i = 0; i < k->n; i++)
		k->kpis[i].m = isms_arena_alloc(m->arena,
			(counts[i] + 1) * sizeof(*k->kpis[i].m));
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const isms_ynode *vn = isms_yaml_get(d->fm, "value");
		const char *v = isms_yaml_str(vn);
		isms_kpi *kp;
		double val;
		long day;

		if (!d->has_fm || !is_type(d, "measurement") ||
		    !(kp = kpi_find(k, fm_str(d, "kpi"))))
			continue;
		if (vn && (!v || isms_kpi_value_parse(&val, v) < 0)) {
			k->bad_values[k->nbad_values++] = d;
			continue;
		}
		if (!v || (day = fm_day(d, "date")) < 0 || day > m->now)
			continue;
		kp->m[kp->n++] = (isms_measurement){ d, day, val, -1 };
	}
	free(counts);
	for (i = 0; i < k->n; i++)
		judge_kpi(&k->kpis[i], m);
	return k;
}

/* ---------------------------------------------------------------- figures */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A percentage figure from its counts. */
static void percent(isms_figure *f, size_t num, size_t den)
{
	f->unit = "%";
	f->num = num;
	f->den = den;
	f->known = den > 0;
	f->value = den ? 100.0 * (double)num / (double)den : 0;
}

/* A days figure: the median of v[0..n) (sorted here) and its maximum. */
static void median(isms_figure *f, double *v, size_t n)
{
	f->unit = "days";
	f->num = n;
	f->known = n > 0;
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_double);
	f->value = (v[(n - 1) / 2] + v[n / 2]) / 2;
	f->max = v[n - 1];
}

/* Internal audits with a `planned` date on or before now: done on
 * schedule when held (`date`) on or before it. */
static void fig_audits(isms_figure *f, const isms_model *m)
{
	size_t i, num = 0, den = 0;

	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		long planned = fm_day(d, "planned"), held = fm_day(d, "date");

		if (!is_type(d, "internal-audit") || planned < 0 || planned > m->now)
			continue;
		den++;
		num += held >= 0 && held <= planned;
	}
	percent(f, num, den);
}

/* Decisions {decision, owner, due, done} of management reviews: done
 * within ISMS_ACTION_DAYS of the review, of those done or whose 90 days
 * have passed (one still open and young is not yet late). */
static void fig_actions(isms_figure *f, const isms_model *m)
{
	size_t i, k, num = 0, den = 0;

	for (i = 0; i < m->ndocs; i++) {
		const isms_minutes *mn = isms_facts_minutes(m, &m->docs[i]);

		if (!mn || mn->date < 0 || mn->date > m->now)
			continue;
		for (k = 0; k < mn->ndecisions; k++) {
			const isms_decision *dc = &mn->decisions[k];
			long limit = mn->date + ISMS_ACTION_DAYS;
			int done = dc->done >= 0 && dc->done <= m->now;

			if (dc->at->kind != ISMS_Y_MAP || (!done && limit >= m->now))
				continue;
			den++;
			num += done && dc->done <= limit;
		}
	}
	percent(f, num, den);
}

/* Closed non-conformities with `raised` and `closed` dates: days
 * between; and the counts of open, overdue and closed ones. */
static void fig_nonconformities(isms_figures *fs, const isms_model *m)
{
	double *v = calloc(m->ndocs + 1, sizeof(*v));
	size_t i, n = 0;

	if (!v)
		abort();
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const char *st = fm_str(d, "status");
		long raised = fm_day(d, "raised"), closed = fm_day(d, "closed"),
			due = fm_day(d, "due");

		if (!is_type(d, "nonconformity"))
			continue;
		if (st && !strcmp(st, "closed")) {
			fs->nc_closed++;
			if (raised >= 0 && closed >= raised)
				v[n++] = (double)(closed - raised);
			continue;
		}
		fs->nc_open++;
		fs->nc_overdue += due >= 0 && due < m->now;
	}
	median(&fs->fig[ISMS_FIG_NC_CLOSE], v, n);
	free(v);
}

struct lat { const char *commit; double days; };

/* The approved changes that landed in the year up to now, each commit
 * once (a commit changing five documents is one approval): days from
 * the change to its landing on the approval branch. */
static void fig_latency(isms_figure *f, const isms_model *m)
{
	const isms_history *h = m->history;
	isms_interval year = { 12, 'm' };
	long from = isms_interval_sub(m->now, &year), day;
	size_t i, k, n = 0, cap = 0, u = 0;
	isms_strindex seen;
	struct lat *l;
	double *v;

	for (i = 0; h && i < h->ndocs; i++)
		cap += h->docs[i].n;
	l = calloc(cap + 1, sizeof(*l));
	v = calloc(cap + 1, sizeof(*v));
	if (!l || !v)
		abort();
	for (i = 0; h && i < h->ndocs; i++)
		for (k = 0; !h->docs[i].governed && k < h->docs[i].n; k++) {
			const isms_change *c = &h->docs[i].changes[k];

			day = isms_date_of(c->landed);
			if (c->approval == ISMS_APPROVAL_NONE || day <= from ||
			    day > m->now)
				continue;
			l[n].commit = c->commit;
			l[n++].days = (double)(c->landed > c->time ?
				c->landed - c->time : 0) / 86400.0;
		}
	/* Each commit once (the documents it changed share its times). */
	isms_strindex_init(&seen, l, sizeof(*l), offsetof(struct lat, commit), n);
	for (i = 0; i < n; i++)
		if (isms_strindex_add(&seen, i))
			v[u++] = l[i].days;
	median(f, v, u);
	isms_strindex_release(&seen);
	free(l);
	free(v);
}

void *isms_facts_make_figures(const isms_model *m)
{
	/* Each figure's key, label, and what it says with nothing to count. */
	static const char *const keys[ISMS_NFIGURES][3] = {
		{ "audit-completion", "Internal audits done on schedule",
		  "no internal audit with a planned date yet" },
		{ "action-rate", "Management review actions done within 90 days",
		  "no decision {decision, owner, due, done} due for 90 days yet" },
		{ "nc-close", "Non-conformity time to close",
		  "no closed non-conformity with raised and closed dates" },
		{ "training-completion", "Training completion", "nobody to train" },
		{ "approval-latency", "Approval latency, last 12 months",
		  "no approved change" },
	};
	const isms_training *t = isms_facts_training(m);
	isms_figures *fs = isms_arena_alloc(m->arena, sizeof(*fs));
	size_t i;

	for (i = 0; i < ISMS_NFIGURES; i++) {
		fs->fig[i].key = keys[i][0];
		fs->fig[i].label = keys[i][1];
		fs->fig[i].none = keys[i][2];
	}
	fig_audits(&fs->fig[ISMS_FIG_AUDITS], m);
	fig_actions(&fs->fig[ISMS_FIG_ACTIONS], m);
	fig_nonconformities(fs, m);
	percent(&fs->fig[ISMS_FIG_TRAINING], t->ntrained, t->n);
	fig_latency(&fs->fig[ISMS_FIG_LATENCY], m);
	return fs;
}
