/*
 * facts-risk.c - the judgements of PRODUCT.md section 7 about where data
 * lives and what threatens it: which documents cover each site's required
 * controls, and each risk's score, treatment, review and acceptance.
 *
 * Like lib/facts.c, each part is made once per model and kept in its
 * arena; the rules (lib/rules-risk.c) and the renderers (the audit page's
 * site table, the risk register, the heat map, the SoA) all read these.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- sites */

int isms_facts_doc_at_site(const isms_doc *d, const char *site)
{
	const isms_ynode *v;
	size_t i, n;

	if (!d->has_fm || !d->status || strcmp(d->status, "approved") ||
	    is_type(d, "risk"))
		return 0;
	v = isms_yaml_get(d->fm, "sites");
	if (!v || (v->kind == ISMS_Y_SCALAR && v->null))
		return 1;
	for (i = 0, n = list_len(v); i < n; i++) {
		const char *s = list_str(v, i);
		if (s && !strcmp(s, site))
			return 1;
	}
	return 0;
}

/* Whether `d`'s controls list `c`. */
static int lists(const isms_doc *d, const isms_control *c)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "controls");
	size_t i;

	for (i = 0; v && v->kind == ISMS_Y_SEQ && i < v->n; i++) {
		const char *s = isms_yaml_str(v->items[i]);
		if (s && isms_catalog_find(s, NULL) == c)
			return 1;
	}
	return 0;
}

static void cover(isms_site_need *nd, const isms_model *m, const isms_site *st)
{
	size_t i, n = 0;

	nd->docs = isms_arena_alloc(m->arena, (m->ndocs + 1) * sizeof(*nd->docs));
	for (i = 0; i < m->ndocs; i++)
		if (isms_facts_doc_at_site(&m->docs[i], st->key) &&
		    lists(&m->docs[i], nd->control))
			nd->docs[n++] = &m->docs[i];
	nd->ndocs = n;
}

static void *make_sites(const isms_model *m)
{
	const isms_config *c = m->cfg;
	const isms_soa *soa = isms_facts_soa(m);
	size_t ncat, i, k;
	const isms_control *cat = isms_catalog_controls(&ncat);
	isms_sites *ss = isms_arena_alloc(m->arena, sizeof(*ss));

	ss->sites = isms_arena_alloc(m->arena,
		(c->nsites + 1) * sizeof(*ss->sites));
	for (i = 0; i < c->nsites; i++) {
		const isms_site *st = &c->sites[i];
		isms_site_cover *sc = &ss->sites[ss->n++];

		sc->site = st;
		if (!st->def)
			continue;
		sc->needs = isms_arena_alloc(m->arena,
			(st->def->ncontrols + 1) * sizeof(*sc->needs));
		for (k = 0; k < st->def->ncontrols; k++) {
			isms_site_need *nd = &sc->needs[sc->n++];

			nd->control = st->def->controls[k];
			nd->excluded = soa->rows[nd->control - cat].applicable == 0;
			cover(nd, m, st);
			sc->uncovered += !nd->ndocs;
		}
		ss->uncovered += sc->uncovered;
	}
	return ss;
}

const isms_sites *isms_facts_sites(const isms_model *m)
{
	/* The SoA first: make_sites reads it under the facts' lock. */
	isms_facts_soa(m);
	return isms_facts_slot(m, ISMS_FACTS_SITES, make_sites);
}

/* ---------------------------------------------------------------- risks */

const char *isms_treatment_name(isms_treatment t)
{
	static const char *const names[] = { "none", "mitigate", "accept",
		"transfer", "avoid" };

	return (unsigned)t < 5 ? names[t] : "none";
}

/* A `likelihood` or `impact` of 1 to 5, or 0. */
static int scale(const isms_doc *d, const char *key)
{
	const char *s = fm_str(d, key);

	return s && s[0] >= '1' && s[0] <= '5' && !s[1] ? s[0] - '0' : 0;
}

static isms_treatment treatment(const isms_doc *d)
{
	const char *s = fm_str(d, "treatment");
	int i;

	for (i = ISMS_TREAT_MITIGATE; s && i <= ISMS_TREAT_AVOID; i++)
		if (!strcmp(s, isms_treatment_name((isms_treatment)i)))
			return (isms_treatment)i;
	return ISMS_TREAT_NONE;
}

static void risk_controls(isms_risk *k, const isms_model *m)
{
	const isms_ynode *v = isms_yaml_get(k->doc->fm, "controls");
	size_t i, j;

	if (!v || v->kind != ISMS_Y_SEQ)
		return;
	k->controls = isms_arena_alloc(m->arena, (v->n + 1) * sizeof(*k->controls));
	for (i = 0; i < v->n; i++) {
		const char *s = isms_yaml_str(v->items[i]);
		const isms_control *c = s ? isms_catalog_find(s, NULL) : NULL;

		for (j = 0; c && j < k->ncontrols && k->controls[j] != c; j++)
			;
		if (c && j == k->ncontrols)
			k->controls[k->ncontrols++] = c;
	}
}

/* Whether approver `a` is the person of role `owner`: the approval names
 * that role, or the role's e-mail (a person may hold two roles). */
static int is_owner(const isms_config *cfg, const isms_approver *a,
	const char *owner)
{
	const isms_role *r = isms_config_role(cfg, owner);

	if (!a->counts)
		return 0;
	if (a->role && owner && !strcmp(a->role, owner))
		return 1;
	return r && r->email && a->email && !strcasecmp(r->email, a->email);
}

/* An `accept`: its last change on the approval branch must be approved
 * (with evidence that counts) by the person of the owner role. */
static void judge_acceptance(isms_risk *k, const isms_model *m)
{
	const isms_doc_history *dh = history_of(m, k->doc);
	const isms_change *c;
	size_t i;

	if (k->treatment != ISMS_TREAT_ACCEPT)
		return;
	if (!dh || !dh->n) {
		k->acceptance = ISMS_ACCEPT_PENDING;
		return;
	}
	c = &dh->changes[0];
	for (i = 0; i < c->napprovers; i++)
		if (is_owner(m->cfg, &c->approvers[i], k->doc->owner)) {
			k->acceptance = ISMS_ACCEPT_APPROVED;
			k->accepted_by = &c->approvers[i];
			return;
		}
	k->acceptance = ISMS_ACCEPT_UNAPPROVED;
	k->why = isms_arena_printf(m->arena, "its last change (%.7s \"%s\") was "
		"%s, not by the risk owner %s", c->commit, c->subject ? c->subject :
		"", c->approval == ISMS_APPROVAL_NONE ? "not approved" :
		"approved", k->doc->owner ? k->doc->owner : "(none)");
}

static void *make_risks(const isms_model *m)
{
	isms_risks *rs = isms_arena_alloc(m->arena, sizeof(*rs));
	size_t i;

	rs->threshold = m->cfg->risk_threshold;
	rs->risks = isms_arena_alloc(m->arena, (m->ndocs + 1) * sizeof(*rs->risks));
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		isms_risk *k;

		/* A retired risk is out of the register (and of the SoA's
		 * treating risks): nothing left to treat or review. */
		if (!d->has_fm || !is_type(d, "risk") ||
		    (d->status && !strcmp(d->status, "retired")))
			continue;
		k = &rs->risks[rs->n++];
		k->doc = d;
		k->likelihood = scale(d, "likelihood");
		k->impact = scale(d, "impact");
		k->score = k->likelihood * k->impact;
		k->treatment = treatment(d);
		risk_controls(k, m);
		k->review = fm_day(d, "review");
		k->untreated = (k->score >= rs->threshold &&
			k->treatment == ISMS_TREAT_NONE) ||
			(k->treatment == ISMS_TREAT_MITIGATE && !k->ncontrols);
		k->overdue = k->review >= 0 && k->review < m->now;
		judge_acceptance(k, m);
		if (k->score)
			rs->cells[k->likelihood - 1][k->impact - 1]++;
		else
			rs->unscored++;
		rs->untreated += k->untreated;
		rs->unaccepted += k->acceptance == ISMS_ACCEPT_UNAPPROVED;
		rs->overdue += k->overdue;
	}
	return rs;
}

const isms_risks *isms_facts_risks(const isms_model *m)
{
	return isms_facts_slot(m, ISMS_FACTS_RISKS, make_risks);
}

const isms_risk *isms_facts_risk(const isms_model *m, const isms_doc *d)
{
	const isms_risks *rs = isms_facts_risks(m);
	size_t lo = 0, hi = rs->n;

	/* Risks are in path order, as the documents are. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rs->risks[mid].doc->path, d->path);

		if (!c)
			return &rs->risks[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
