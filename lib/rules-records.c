/*
 * rules-records.c - the rules of records that say something and of
 * objectives (PRODUCT.md section 7): the shapes of a management review's
 * decisions and resources, record/empty, and the KPIs (kpi/stale,
 * kpi/off-target, a target or frequency that does not parse, a
 * measurement of no KPI). The judgements are the facts' (lib/facts-kpi.c);
 * the rows are in lib/rules.c's table.
 */
#include "rule-check.h"

#include <string.h>

/* ---------------------------------------------------------------- shapes */

static const char resources_shapes[] = "resources must be a sentence, or "
	"a list of {item: ..., amount: ..., approved: true|false} (amount "
	"optional)";
static const char decisions_shapes[] = "decisions must be a list of "
	"sentences, or of {decision: ..., owner: ROLE, due: YYYY-MM-DD, done: "
	"YYYY-MM-DD} (due and done optional)";

/* field/invalid for each key of map `x` not in `keys` ("a decision"). */
static void unknown_keys(isms_report *r, const isms_doc *d,
	const isms_ynode *x, const char *const *keys, const char *what,
	const char *list)
{
	size_t i, k;

	for (i = 0; i < x->n; i++) {
		for (k = 0; keys[k] && strcmp(x->keys[i]->str, keys[k]); k++)
			;
		if (!keys[k])
			isms_report_rule(r, d->path, x->keys[i]->line,
				x->keys[i]->col, ISMS_RULE_FIELD_INVALID, "unknown key "
				"\"%s\" in %s (%s)", x->keys[i]->str, what, list);
	}
}

static void check_date(isms_report *r, const isms_doc *d, const isms_ynode *v,
	const char *what)
{
	long day;

	if (v && (!isms_yaml_str(v) || isms_date_parse(v->str, &day) < 0))
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"%s \"%s\" is not a date (YYYY-MM-DD)", what,
			isms_yaml_str(v) ? v->str : "");
}

static void check_decision(isms_report *r, const isms_model *m,
	const isms_doc *d, const isms_ynode *x)
{
	static const char *const keys[] = { "decision", "owner", "due", "done",
		NULL };
	const isms_ynode *v;

	if (x->kind == ISMS_Y_SCALAR)
		return;
	if (x->kind != ISMS_Y_MAP || !isms_yaml_str(isms_yaml_get(x, "decision"))) {
		isms_report_rule(r, d->path, x->line, x->col, ISMS_RULE_FIELD_INVALID,
			"%s", decisions_shapes);
		return;
	}
	unknown_keys(r, d, x, keys, "a decision", "decision, owner, due, done");
	if ((v = isms_yaml_get(x, "owner")) && (!isms_yaml_str(v) ||
	    !isms_config_role(m->cfg, v->str)))
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_OWNER_UNKNOWN,
			"the decision's owner \"%s\" is not a role defined in isms.yml",
			isms_yaml_str(v) ? v->str : "");
	check_date(r, d, isms_yaml_get(x, "due"), "due");
	check_date(r, d, isms_yaml_get(x, "done"), "done");
}

static void check_resource(isms_report *r, const isms_doc *d,
	const isms_ynode *x)
{
	static const char *const keys[] = { "item", "amount", "approved", NULL };
	const char *ap;

	if (x->kind != ISMS_Y_MAP || !isms_yaml_str(isms_yaml_get(x, "item"))) {
		isms_report_rule(r, d->path, x->line, x->col, ISMS_RULE_FIELD_INVALID,
			"%s", resources_shapes);
		return;
	}
	unknown_keys(r, d, x, keys, "a resource", "item, amount, approved");
	ap = isms_yaml_str(isms_yaml_get(x, "approved"));
	if (!ap || (strcmp(ap, "true") && strcmp(ap, "false")))
		isms_report_rule(r, d->path, x->line, x->col, ISMS_RULE_FIELD_INVALID,
			"a resource says whether it was approved: approved: true or "
			"approved: false");
}

/* field/invalid, owner/unknown: decisions and resources, whatever the
 * document's type (a key means the same everywhere). */
void isms_rule_record_shapes(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "decisions");
	size_t i;

	(void)dh;
	if (v && (v->kind == ISMS_Y_MAP || (v->kind == ISMS_Y_SCALAR && v->null)))
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"%s", decisions_shapes);
	for (i = 0; v && v->kind == ISMS_Y_SEQ && i < v->n; i++)
		check_decision(r, cx->m, d, v->items[i]);
	v = isms_yaml_get(d->fm, "resources");
	if (v && v->kind == ISMS_Y_MAP)
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"%s", resources_shapes);
	for (i = 0; v && v->kind == ISMS_Y_SEQ && i < v->n; i++)
		check_resource(r, d, v->items[i]);
}

/* ---------------------------------------------------------------- empty */

/* record/empty: a record whose evidence fields say nothing. */
void isms_rule_record_empty(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	isms_record_gap gaps[ISMS_RECORD_GAPS_MAX];
	size_t n = isms_record_gaps(gaps, d), i;

	(void)cx;
	(void)dh;
	for (i = 0; i < n; i++) {
		const isms_ynode *at = gaps[i].at;

		isms_report_rule(r, d->path, at ? at->line : d->fm_line > 1 ?
			d->fm_line - 1 : 1, at ? at->col : 1, ISMS_RULE_RECORD_EMPTY,
			"the %s's %s %s: it must say %s", d->type, gaps[i].field,
			at ? "is empty" : "is missing", gaps[i].why);
	}
}

/* ---------------------------------------------------------------- KPIs */

static void kpi_parse(isms_report *r, const isms_kpi *k)
{
	const isms_ynode *v = k->target_at;
	const char *path = k->doc->path;

	if (v && !k->has_target)
		isms_report_rule(r, path, v->line, v->col + (k->target_col > 0 ?
			k->target_col - 1 : 0) + (v->quoted ? 1 : 0),
			ISMS_RULE_FIELD_INVALID, "target \"%s\": %s (such as \">= 95\" "
			"or \"<= 5 days\"; quote a target that starts with >)",
			isms_yaml_str(v) ? v->str : "", k->target_why ? k->target_why :
			"not a target");
	v = k->every_at;
	if (v && !k->has_every)
		isms_report_rule(r, path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"frequency \"%s\" is not monthly, quarterly, half-yearly, "
			"yearly or an interval such as \"2 weeks\"",
			isms_yaml_str(v) ? v->str : "");
}

static void kpi_judge(isms_report *r, const isms_model *m, const isms_kpi *k)
{
	const isms_ynode *at = k->every_at ? k->every_at :
		isms_yaml_get(k->doc->fm, "id");
	char d1[11], d2[11], num[40], tgt[80];

	if (k->stale && !k->latest)
		isms_report_rule(r, k->doc->path, at->line, at->col,
			ISMS_RULE_KPI_STALE, "KPI %s has no measurement: record one "
			"(type measurement, kpi: %s) at least %s", k->id, k->id,
			isms_yaml_str(k->every_at));
	else if (k->stale) {
		isms_date_format(d1, k->latest->day);
		isms_date_format(d2, k->due);
		isms_report_rule(r, k->doc->path, at->line, at->col,
			ISMS_RULE_KPI_STALE, "KPI %s was last measured on %s (%s); the "
			"next measurement was due by %s", k->id, d1,
			k->latest->doc->path, d2);
	}
	if (k->off_target) {
		const isms_ynode *v = isms_yaml_get(k->latest->doc->fm, "value");

		isms_date_format(d1, k->latest->day);
		isms_kpi_number(num, sizeof(num), k->latest->value);
		isms_target_format(tgt, sizeof(tgt), &k->target);
		isms_report_rule(r, k->latest->doc->path, v->line, v->col,
			ISMS_RULE_KPI_OFF_TARGET, "KPI %s misses its target: %s on %s, "
			"target %s", k->id, num, d1, tgt);
	}
	(void)m;
}

/* kpi/stale, kpi/off-target; field/invalid for a target, frequency or
 * value that does not parse; ref/unknown for a measurement of no KPI. */
void isms_rule_kpis(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_kpis *k = isms_facts_kpis(cx->m);
	size_t i;

	(void)d;
	(void)dh;
	for (i = 0; i < k->n; i++) {
		kpi_parse(r, &k->kpis[i]);
		kpi_judge(r, cx->m, &k->kpis[i]);
	}
	for (i = 0; i < k->norphans; i++) {
		const isms_ynode *v = isms_yaml_get(k->orphans[i]->fm, "kpi");

		isms_report_rule(r, k->orphans[i]->path, v->line, v->col,
			ISMS_RULE_REF_UNKNOWN, "kpi: \"%s\" is not the id of a KPI "
			"(a document of type kpi)", v->str);
	}
	for (i = 0; i < k->nbad_values; i++) {
		const isms_ynode *v = isms_yaml_get(k->bad_values[i]->fm, "value");

		isms_report_rule(r, k->bad_values[i]->path, v->line, v->col,
			ISMS_RULE_FIELD_INVALID, "value \"%s\" is not a number such as "
			"97.5 (a unit may follow: \"4 days\")",
			isms_yaml_str(v) ? v->str : "");
	}
}
