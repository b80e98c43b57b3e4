/*
 * rules-risk.c - the rules of PRODUCT.md section 7 about sites and risks:
 * site/unknown, site/uncovered, risk/untreated, risk/acceptance,
 * risk/overdue. Each turns a fact of lib/facts-risk.c into findings; the
 * rows that run them are in lib/rules.c's table.
 */
#include "rule-check.h"

#include <string.h>

/* Where a finding about `d` goes when it names no field: the front
 * matter's first line. */
static const isms_ynode *at_key(const isms_doc *d, const char *key)
{
	const isms_ynode *v = isms_yaml_get(d->fm, key);

	return v ? v : isms_yaml_get(d->fm, "type");
}

#define AT(d, v) (v) ? (v)->line : (d)->fm_line, (v) ? (v)->col : 1

/* site/unknown: each name in a document's `sites` must be a site of
 * isms.yml. */
void isms_rule_site_unknown(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_config *cfg = cx->m->cfg;
	const isms_ynode *v = isms_yaml_get(d->fm, "sites");
	size_t i, n = v && v->kind == ISMS_Y_SEQ ? v->n :
		isms_yaml_str(v) && !v->null ? 1 : 0;

	for (i = 0; i < n; i++) {
		const isms_ynode *it = v->kind == ISMS_Y_SEQ ? v->items[i] : v;
		const char *s = isms_yaml_str(it);

		if (!s || isms_config_site(cfg, s))
			continue;
		if (!cfg->nsites)
			isms_report_rule(r, d->path, it->line, it->col,
				ISMS_RULE_SITE_UNKNOWN, "site \"%s\" is not defined: "
				"isms.yml defines no sites", s);
		else
			isms_report_rule(r, d->path, it->line, it->col,
				ISMS_RULE_SITE_UNKNOWN, "site \"%s\" is not one of the "
				"sites isms.yml defines", s);
	}
}

/* site/uncovered: a control a site's kind requires that no applicable
 * approved document at the site lists; reported at the site in isms.yml. */
void isms_rule_site_uncovered(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	const isms_sites *ss = isms_facts_sites(m);
	const char *path = m->cfg->path ? m->cfg->path : "isms.yml";
	size_t i, k;

	for (i = 0; i < ss->n; i++) {
		const isms_site_cover *sc = &ss->sites[i];

		for (k = 0; k < sc->n; k++) {
			const isms_site_need *nd = &sc->needs[k];

			if (nd->ndocs)
				continue;
			isms_report_rule(r, path, sc->site->line, sc->site->col,
				ISMS_RULE_SITE_UNCOVERED, "site %s (%s, %s) needs A.%s %s: "
				"no approved document that applies at the site lists it "
				"in its controls%s", sc->site->key, sc->site->kind,
				sc->site->name, nd->control->id, nd->control->title,
				nd->excluded ? " (the SoA excludes it, yet the site's "
				"kind requires it)" : "");
		}
	}
}

/* risk/untreated, risk/acceptance, risk/overdue: a risk's facts. */
void isms_rule_risk(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_risk *k = isms_facts_risk(cx->m, d);
	const isms_ynode *v;

	if (!k)
		return;
	if (k->untreated) {
		v = at_key(d, "treatment");
		if (k->treatment == ISMS_TREAT_MITIGATE)
			isms_report_rule(r, d->path, AT(d, v), ISMS_RULE_RISK_UNTREATED,
				"the risk is to be mitigated, but names no control: list "
				"the Annex A controls that treat it in \"controls:\"");
		else
			isms_report_rule(r, d->path, AT(d, v), ISMS_RULE_RISK_UNTREATED,
				"score %d (likelihood %d x impact %d) reaches the "
				"threshold %d, and the risk has no treatment (mitigate, "
				"accept, transfer or avoid)", k->score, k->likelihood,
				k->impact, cx->m->cfg->risk_threshold);
	}
	if (k->acceptance == ISMS_ACCEPT_UNAPPROVED) {
		v = at_key(d, "treatment");
		isms_report_rule(r, d->path, AT(d, v), ISMS_RULE_RISK_ACCEPTANCE,
			"the risk is accepted, but %s", k->why);
	}
	if (k->overdue) {
		v = isms_yaml_get(d->fm, "review");
		isms_report_rule(r, d->path, AT(d, v), ISMS_RULE_RISK_OVERDUE,
			"the risk's review was due on %s", isms_yaml_str(v));
	}
}
