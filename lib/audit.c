/*
 * audit.c - the auditor's verdict (PRODUCT.md section 7): the checklist
 * an ISO/IEC 27001 auditor walks, each item answered once from the facts
 * (lib/facts.c) and the lint findings, each gap graded major, minor or
 * observation. The site's audit page and dashboard (lib/site-audit.c,
 * lib/site-dash.c) and `isms-render audit` read the one verdict built
 * here; this file also writes it as Markdown and JSON, and draws the
 * document-control sample.
 *
 * Every lint finding is a gap of exactly one item: an item takes the
 * findings of its rules on its documents (the items in checklist order,
 * the first to take one keeps it), and the last answerable item takes
 * what is left. A judgement no rule makes (were resources ever decided?)
 * is one of the verdict's own checks (isms_audit_check) and lives here.
 */
#include "site.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- keys */

static const char *const check_names[ISMS_NCHECKS] = {
	[ISMS_CHECK_PROCESSES] = "audit/processes",
	[ISMS_CHECK_POLICY] = "audit/policy",
	[ISMS_CHECK_RESOURCES] = "audit/resources",
	[ISMS_CHECK_CORRECTIVE_ACTION] = "audit/corrective-action",
	[ISMS_CHECK_OBJECTIVES] = "audit/objectives",
	[ISMS_CHECK_IMPROVEMENT] = "audit/improvement",
};

#define CHECK(c) (ISMS_NRULES + (c))

/*
 * The guide's grading (PRODUCT.md section 7), by rule id constant and
 * check. Major: no management review (or internal audit) within the
 * interval, resources never decided, a process (any document) without
 * an owner of a known role, no process or policy at all, an unapproved
 * change to a document in force, a site not covered, a high risk left
 * untreated or accepted without its owner's approval. Minor: stale
 * records, overdue reviews, overdue non-conformities. A key not named
 * here is graded by its finding's severity: an error minor, a warning
 * an observation.
 */
static const unsigned char default_grades[ISMS_AUDIT_NKEYS] = {
	[ISMS_RULE_RECORD_OVERDUE] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_OWNER_UNKNOWN] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_APPROVAL_MISSING] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_APPROVAL_SELF] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_REVIEW_OVERDUE] = ISMS_GRADE_MINOR,
	[ISMS_RULE_NONCONFORMITY_OVERDUE] = ISMS_GRADE_MINOR,
	[ISMS_RULE_TRAINING_OVERDUE] = ISMS_GRADE_MINOR,
	[ISMS_RULE_SITE_UNCOVERED] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_RISK_UNTREATED] = ISMS_GRADE_MAJOR,
	[ISMS_RULE_RISK_ACCEPTANCE] = ISMS_GRADE_MAJOR,
	[CHECK(ISMS_CHECK_PROCESSES)] = ISMS_GRADE_MAJOR,
	[CHECK(ISMS_CHECK_POLICY)] = ISMS_GRADE_MAJOR,
	[CHECK(ISMS_CHECK_RESOURCES)] = ISMS_GRADE_MAJOR,
	[CHECK(ISMS_CHECK_CORRECTIVE_ACTION)] = ISMS_GRADE_MINOR,
	[CHECK(ISMS_CHECK_OBJECTIVES)] = ISMS_GRADE_MINOR,
	[CHECK(ISMS_CHECK_IMPROVEMENT)] = ISMS_GRADE_OBSERVATION,
};

const char *isms_grade_name(isms_grade g)
{
	static const char *const names[] = { "none", "observation", "minor",
		"major" };

	return (size_t)g < ISMS_NGRADES ? names[g] : "none";
}

const char *isms_audit_state_name(isms_audit_state s)
{
	static const char *const names[] = { "met", "gap", "not-answerable" };

	return (size_t)s < 3 ? names[s] : "gap";
}

const char *isms_audit_owner_name(isms_audit_owner o, int label)
{
	static const char *const names[][2] = {
		{ "ciso", "CISO" }, { "top-management", "top management" },
		{ "finance", "finance" },
		{ "compliance-manager", "compliance manager" },
	};

	return names[(size_t)o < 4 ? o : 0][label != 0];
}

int isms_audit_key_find(const char *name)
{
	const isms_rule_info *r = isms_rule_find(name);
	size_t n, i;

	if (r)
		return (int)(r - isms_rules(&n));
	for (i = 0; name && i < ISMS_NCHECKS; i++)
		if (!strcmp(check_names[i], name))
			return CHECK((int)i);
	return -1;
}

const char *isms_audit_key_suggest(const char *name)
{
	isms_suggest s;
	size_t i;

	isms_suggest_init(&s, name);
	isms_suggest_add(&s, isms_rule_suggest(name));
	for (i = 0; i < ISMS_NCHECKS; i++)
		isms_suggest_add(&s, check_names[i]);
	return s.best;
}

const char *isms_audit_key_name(int key)
{
	size_t n;

	if (key >= 0 && key < ISMS_NRULES)
		return isms_rules(&n)[key].id;
	if (key >= ISMS_NRULES && key < ISMS_AUDIT_NKEYS)
		return check_names[key - ISMS_NRULES];
	return "";
}

static isms_grade by_severity(isms_severity s)
{
	return s == ISMS_ERROR ? ISMS_GRADE_MINOR : ISMS_GRADE_OBSERVATION;
}

isms_grade isms_audit_default_grade(int key)
{
	size_t n;

	if (key < 0 || key >= ISMS_AUDIT_NKEYS)
		return ISMS_GRADE_NONE;
	if (default_grades[key])
		return (isms_grade)default_grades[key];
	return by_severity(key < ISMS_NRULES ? isms_rules(&n)[key].severity :
		ISMS_WARNING);
}

/* ---------------------------------------------------------------- build */

struct cx {
	const isms_model *m;
	const isms_report *findings;
	isms_arena *a;
	char *taken;             /* findings->n flags */
	size_t maxgaps, maxev;   /* what one item can hold */
};

/* A key's grade: isms.yml's audit.grades, else the default; a finding's
 * severity (`sev`, 0: none) stands for the default of an unnamed rule. */
static isms_grade grade_of(const struct cx *cx, int key, isms_severity sev)
{
	const unsigned char *g = cx->m->cfg->audit_grades;

	if (g && g[key])
		return (isms_grade)g[key];
	if (!default_grades[key] && sev)
		return by_severity(sev);
	return isms_audit_default_grade(key);
}

static void add_gap(struct cx *cx, isms_audit_item *it, int key,
	isms_severity sev, const char *reason, const char *path, int line,
	int col)
{
	isms_audit_gap *g;

	if (it->ngaps >= cx->maxgaps)
		abort();         /* maxgaps counts every finding and check */
	g = &it->gaps[it->ngaps++];
	g->key = key;
	g->grade = grade_of(cx, key, sev);
	g->reason = reason;
	g->path = path;
	g->line = line;
	g->col = col;
	g->doc = path ? isms_model_doc(cx->m, path) : NULL;
}

static void check_gap(struct cx *cx, isms_audit_item *it,
	isms_audit_check c, const char *reason, const isms_doc *d)
{
	add_gap(cx, it, CHECK(c), 0, reason, d ? d->path : NULL, 0, 0);
}

static isms_audit_evidence *add_ev(struct cx *cx, isms_audit_item *it,
	const isms_doc *d, const char *text)
{
	isms_audit_evidence *e;

	if (it->nevidence >= cx->maxev)
		abort();
	e = &it->evidence[it->nevidence++];
	e->doc = d;
	e->path = d ? d->path : NULL;
	e->text = text;
	e->good = 1;
	return e;
}

/* A page of the site as evidence. */
static void add_page(struct cx *cx, isms_audit_item *it, const char *page,
	const char *text)
{
	add_ev(cx, it, NULL, text)->page = page;
}

static int in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

static int has_rule(isms_rule_id id, const isms_rule_id *ids)
{
	for (; *ids != ISMS_NRULES; ids++)
		if (*ids == id)
			return 1;
	return 0;
}

#define RULES(...) (const isms_rule_id[]){ __VA_ARGS__, ISMS_NRULES }
#define TYPES(...) (const char *const[]){ __VA_ARGS__, NULL }

/*
 * Take into `it` the findings not yet taken whose rule is in `ids` and
 * which are about a document of one of `types` (NULL: about anything;
 * `path`, when not NULL, instead: about that file).
 */
static void take(struct cx *cx, isms_audit_item *it, const isms_rule_id *ids,
	const char *const *types, const char *path)
{
	size_t i;

	for (i = 0; i < cx->findings->n; i++) {
		const isms_finding *f = &cx->findings->findings[i];
		const isms_doc *d;

		if (cx->taken[i] || (ids && !has_rule(f->id, ids)))
			continue;
		if (path && strcmp(f->path, path))
			continue;
		if (types && (!(d = isms_model_doc(cx->m, f->path)) ||
		    !in_list(d->type, types)))
			continue;
		cx->taken[i] = 1;
		add_gap(cx, it, (int)f->id, f->severity, f->message, f->path,
			f->line, f->col);
	}
}

/* Mark the findings of rule `id` taken: an item states the same
 * judgement from the facts (lib/facts.c) the rule reads. */
static void subsume(struct cx *cx, isms_rule_id id)
{
	size_t i;

	for (i = 0; i < cx->findings->n; i++)
		if (cx->findings->findings[i].id == id)
			cx->taken[i] = 1;
}

/* Whether a gap of `it` is about document `d`. */
static int gap_on(const isms_audit_item *it, const isms_doc *d)
{
	size_t i;

	for (i = 0; i < it->ngaps; i++)
		if (it->gaps[i].doc == d)
			return 1;
	return 0;
}

/* Evidence of every document of `type`, marked by the item's gaps; the
 * text from `note`. Returns how many. */
static size_t docs_of(struct cx *cx, isms_audit_item *it, const char *type,
	const char *(*note)(struct cx *, const isms_doc *))
{
	size_t i, n = 0;

	for (i = 0; i < cx->m->ndocs; i++) {
		const isms_doc *d = &cx->m->docs[i];

		if (!is_type(d, type))
			continue;
		n++;
		add_ev(cx, it, d, note(cx, d))->good = !gap_on(it, d);
	}
	return n;
}

static const char *day(struct cx *cx, long d)
{
	char s[11];

	if (d < 0)
		return "(no date)";
	isms_date_format(s, d);
	return isms_arena_strdup(cx->a, s);
}

/* ---------------------------------------------------------------- items */

static const char *process_note(struct cx *cx, const isms_doc *d)
{
	return isms_arena_printf(cx->a, "owner %s", d->owner ? d->owner : "none");
}

static void answer_processes(struct cx *cx, isms_audit_item *it)
{
	isms_graph *g;
	size_t n;

	take(cx, it, RULES(ISMS_RULE_OWNER_UNKNOWN, ISMS_RULE_PROCESS_ISOLATED,
		ISMS_RULE_REF_UNKNOWN, ISMS_RULE_FIELD_MISSING),
		TYPES("process"), NULL);
	isms_graph_build(&g, cx->m);
	add_page(cx, it, "graph.html", isms_arena_printf(cx->a, "Process "
		"interaction graph: %zu interaction%s", g->nedges,
		g->nedges == 1 ? "" : "s"));
	isms_graph_free(g);
	n = docs_of(cx, it, "process", process_note);
	if (!n)
		check_gap(cx, it, ISMS_CHECK_PROCESSES, "No document of type "
			"process defines the ISMS's processes.", NULL);
}

/* A management review's `resources` as the facts read them (the minutes:
 * a sentence, or items with amounts and approval), or NULL when it does
 * not say. */
static const char *resources_of(struct cx *cx, const isms_doc *d)
{
	const isms_minutes *mn = isms_facts_minutes(cx->m, d);
	isms_buf b = ISMS_BUF_INIT;
	const char *s;

	if (!mn || !mn->resources_said)
		return NULL;
	isms_minutes_resources(&b, mn);
	s = isms_arena_strdup(cx->a, b.ptr);
	isms_buf_release(&b);
	return s;
}

static const char *review_note(struct cx *cx, const isms_doc *d)
{
	const char *res = resources_of(cx, d);

	return isms_arena_printf(cx->a, "dated %s; %zu decision%s; resources "
		"approved: %s", day(cx, fm_day(d, "date")),
		list_len(isms_yaml_get(d->fm, "decisions")),
		list_len(isms_yaml_get(d->fm, "decisions")) == 1 ? "" : "s",
		res ? res : "none recorded");
}

static const char *audit_note(struct cx *cx, const isms_doc *d)
{
	const char *scope = fm_str(d, "scope"), *who = fm_str(d, "auditor");

	return isms_arena_printf(cx->a, "dated %s; scope %s; auditor %s",
		day(cx, fm_day(d, "date")), scope ? scope : "none",
		who ? who : "none");
}

/* A record that proves the ISMS runs (clause 9.2, 9.3), as the facts
 * judge it: the gap is record/overdue's. */
static void answer_record(struct cx *cx, isms_audit_item *it, int which,
	const char *(*note)(struct cx *, const isms_doc *))
{
	const isms_record *rec = &isms_facts_records(cx->m)[which];
	const isms_ynode *at;

	subsume(cx, ISMS_RULE_RECORD_OVERDUE);
	take(cx, it, RULES(ISMS_RULE_FIELD_MISSING, ISMS_RULE_FIELD_INVALID),
		TYPES(rec->type), NULL);
	if (!rec->doc)
		add_gap(cx, it, ISMS_RULE_RECORD_OVERDUE, 0, isms_arena_printf(
			cx->a, "No %s is on record (a document of type %s with a "
			"date).", rec->what, rec->type), cx->m->config_file, 0, 0);
	else if (rec->overdue) {
		at = isms_yaml_get(rec->doc->fm, "date");
		add_gap(cx, it, ISMS_RULE_RECORD_OVERDUE, 0, isms_arena_printf(
			cx->a, "The last %s was on %s; the next was due by %s "
			"(records.%s in isms.yml).", rec->what, day(cx, rec->last),
			day(cx, rec->due), rec->type), rec->doc->path,
			at ? at->line : 0, at ? at->col : 0);
	}
	docs_of(cx, it, rec->type, note);
}

static void answer_review(struct cx *cx, isms_audit_item *it)
{
	answer_record(cx, it, ISMS_RECORD_REVIEW, review_note);
}

static void answer_internal_audit(struct cx *cx, isms_audit_item *it)
{
	answer_record(cx, it, ISMS_RECORD_AUDIT, audit_note);
}

static void answer_resources(struct cx *cx, isms_audit_item *it)
{
	const isms_doc *newest = isms_facts_records(cx->m)[ISMS_RECORD_REVIEW].doc;
	size_t i, decided = 0;

	for (i = 0; i < cx->m->ndocs; i++) {
		const isms_doc *d = &cx->m->docs[i];
		const char *res;

		if (!is_type(d, "management-review"))
			continue;
		res = resources_of(cx, d);
		decided += res != NULL;
		add_ev(cx, it, d, isms_arena_printf(cx->a, "dated %s; resources "
			"approved: %s", day(cx, fm_day(d, "date")), res ? res :
			"none recorded"))->good = res != NULL;
	}
	if (!decided)
		check_gap(cx, it, ISMS_CHECK_RESOURCES, "No management review on "
			"record decided the ISMS's resources (resources: in its "
			"front matter): clause 7.1 asks that they be determined "
			"and provided.", newest);
}

static const char *const controlled[] = { "policy", "process", "procedure",
	NULL };

static void answer_documents(struct cx *cx, isms_audit_item *it)
{
	size_t i, npolicy = 0;
	char s[11];

	take(cx, it, RULES(ISMS_RULE_APPROVAL_MISSING, ISMS_RULE_APPROVAL_SELF,
		ISMS_RULE_REVIEW_OVERDUE, ISMS_RULE_VERSION_UNCHANGED,
		ISMS_RULE_FIELD_MISSING, ISMS_RULE_FIELD_INVALID,
		ISMS_RULE_OWNER_UNKNOWN, ISMS_RULE_SECTION_MISSING,
		ISMS_RULE_SECTION_EMPTY, ISMS_RULE_LINK_BROKEN), controlled, NULL);
	/* Governed files, and what left the ISMS without approval. */
	take(cx, it, RULES(ISMS_RULE_APPROVAL_MISSING, ISMS_RULE_APPROVAL_SELF),
		NULL, NULL);
	for (i = 0; i < cx->m->ndocs; i++) {
		const isms_doc *d = &cx->m->docs[i];
		const isms_review *rv;
		isms_audit_evidence *e;

		if (!in_list(d->type, controlled))
			continue;
		npolicy += is_type(d, "policy");
		rv = isms_facts_review(cx->m, d);
		if (rv->approved) {
			isms_date_format(s, rv->last);
			e = add_ev(cx, it, d, isms_arena_printf(cx->a, "version %s; "
				"last approved %s (%s, %s)", d->version ? d->version :
				"none", s, isms_approval_name(rv->approved->approval),
				isms_evidence_name(rv->approved->evidence)));
			e->commit = rv->approved->commit;
		} else {
			e = add_ev(cx, it, d, isms_arena_printf(cx->a, "version %s; "
				"never approved", d->version ? d->version : "none"));
		}
		e->good = !gap_on(it, d);
	}
	if (!npolicy)
		check_gap(cx, it, ISMS_CHECK_POLICY, "No document of type policy "
			"is on record: clause 5.2 asks for an information security "
			"policy.", NULL);
}

static const char *nc_note(struct cx *cx, const isms_doc *d)
{
	const char *st = fm_str(d, "status"), *t = fm_str(d, "ticket"),
		*ca = fm_str(d, "corrective_action");

	isms_ticket_state ts = isms_facts_ticket(NULL, cx->m, t);

	/* With a tracker export, the ticket's state as the facts judge it
	 * (ticket/unknown and ticket/mismatch are gaps of this item). */
	return isms_arena_printf(cx->a, "%s; ticket %s%s%s%s; corrective "
		"action: %s", st ? st : "open", t ? t : "none",
		ts != ISMS_TICKET_NONE ? " (" : "", isms_ticket_state_name(ts),
		ts != ISMS_TICKET_NONE ? ")" : "", ca ? ca : "none");
}

static void answer_improvement(struct cx *cx, isms_audit_item *it)
{
	size_t i;

	take(cx, it, RULES(ISMS_RULE_NONCONFORMITY_OVERDUE,
		ISMS_RULE_NONCONFORMITY_NO_TICKET, ISMS_RULE_FIELD_MISSING,
		ISMS_RULE_FIELD_INVALID, ISMS_RULE_TICKET_UNKNOWN,
		ISMS_RULE_TICKET_MISMATCH), TYPES("nonconformity"), NULL);
	for (i = 0; i < cx->m->ndocs; i++) {
		const isms_doc *d = &cx->m->docs[i];
		const char *st = fm_str(d, "status"), *ca;

		ca = fm_str(d, "corrective_action");
		if (is_type(d, "nonconformity") && st && !strcmp(st, "closed") &&
		    (!ca || !*ca))
			check_gap(cx, it, ISMS_CHECK_CORRECTIVE_ACTION,
				isms_arena_printf(cx->a, "%s is closed without a "
				"corrective action (corrective_action).", d->id ?
				d->id : d->path), d);
	}
	if (!docs_of(cx, it, "nonconformity", nc_note))
		check_gap(cx, it, ISMS_CHECK_IMPROVEMENT, "No non-conformity is "
			"on record, so the improvement log shows no corrective "
			"action.", NULL);
}

static void answer_training(struct cx *cx, isms_audit_item *it)
{
	const isms_training *t = isms_facts_training(cx->m);
	size_t i;

	take(cx, it, RULES(ISMS_RULE_TRAINING_OVERDUE), NULL, NULL);
	/* Nobody named is a gap too (the facts'); the rule leaves an ISMS
	 * without documents alone, the verdict does not. */
	if (!t->n && !it->ngaps)
		add_gap(cx, it, ISMS_RULE_TRAINING_OVERDUE, 0, "isms.yml lists no "
			"staff and no role with an e-mail, so nobody's training can "
			"be shown", cx->m->config_file, 0, 0);
	take(cx, it, RULES(ISMS_RULE_FIELD_MISSING, ISMS_RULE_FIELD_INVALID),
		TYPES("training"), NULL);
	for (i = 0; i < t->n; i++) {
		const isms_trainee *p = &t->people[i];
		isms_audit_evidence *e = add_ev(cx, it, p->trained,
			isms_arena_printf(cx->a, "%s <%s>", p->name && *p->name ?
			p->name : p->email, p->email));

		e->good = p->trained != NULL;
		if (!p->trained)
			e->text = isms_arena_printf(cx->a, "%s: no training since %s",
				e->text, day(cx, t->since));
	}
}

/* Objectives measured (clauses 6.2, 9.1): the built-in figures and each
 * KPI against its target, as the facts judge them (isms_facts_kpis). */
static void answer_kpis(struct cx *cx, isms_audit_item *it)
{
	const isms_figures *fs = isms_facts_figures(cx->m);
	const isms_kpis *ks = isms_facts_kpis(cx->m);
	isms_buf b = ISMS_BUF_INIT;
	char target[64], value[32];
	size_t i;

	take(cx, it, RULES(ISMS_RULE_KPI_STALE, ISMS_RULE_KPI_OFF_TARGET), NULL,
		NULL);
	take(cx, it, RULES(ISMS_RULE_FIELD_MISSING, ISMS_RULE_FIELD_INVALID,
		ISMS_RULE_REF_UNKNOWN), TYPES("kpi", "measurement"), NULL);
	if (!ks->n)
		check_gap(cx, it, ISMS_CHECK_OBJECTIVES, "No KPI (a document of "
			"type kpi with a target and a frequency) makes an objective "
			"measurable: clause 6.2 asks for measurable objectives, 9.1 "
			"that they be measured.", NULL);
	for (i = 0; i < ISMS_NFIGURES; i++) {
		isms_buf_truncate(&b, 0);
		isms_figure_text(&b, &fs->fig[i]);
		add_page(cx, it, "dashboard.html", isms_arena_printf(cx->a,
			"%s: %s", fs->fig[i].label, b.ptr));
	}
	for (i = 0; i < ks->n; i++) {
		const isms_kpi *k = &ks->kpis[i];

		if (k->has_target)
			isms_target_format(target, sizeof(target), &k->target);
		if (k->latest)
			isms_kpi_number(value, sizeof(value), k->latest->value);
		add_ev(cx, it, k->doc, !k->latest ? "no measurement yet" :
			isms_arena_printf(cx->a, "%s on %s, target %s%s", value,
			day(cx, k->latest->day), k->has_target ? target : "none",
			k->stale ? "; stale" : k->off_target ? "; off target" :
			""))->good = k->latest && !k->stale && !k->off_target;
	}
	isms_buf_release(&b);
}

/* An item the repository holds nothing for: not answerable from it, and
 * `why` (a finding it took is still a gap). */
static void none_in_repo(isms_audit_item *it, const char *why)
{
	if (it->ngaps)
		return;
	it->state = ISMS_AUDIT_NA;
	it->reason = why;
}

/* Where information lives (clause 4.3; PRODUCT.md section 7): each site
 * and how much of what its kind requires is covered, as the facts judge
 * it (isms_facts_sites); site/unknown and site/uncovered are its gaps. A
 * repository that names no site cannot say where its data lives. */
static void answer_sites(struct cx *cx, isms_audit_item *it)
{
	const isms_sites *ss = isms_facts_sites(cx->m);
	size_t i;

	take(cx, it, RULES(ISMS_RULE_SITE_UNKNOWN, ISMS_RULE_SITE_UNCOVERED),
		NULL, NULL);
	for (i = 0; i < ss->n; i++) {
		const isms_site_cover *sc = &ss->sites[i];
		isms_audit_evidence *e = add_ev(cx, it, NULL, isms_arena_printf(
			cx->a, "%s (%s): %zu of %zu required control%s covered",
			sc->site->name, sc->site->kind, sc->n - sc->uncovered, sc->n,
			sc->n == 1 ? "" : "s"));

		e->good = !sc->uncovered;
		e->path = cx->m->config_file;   /* the site is defined in isms.yml */
	}
	if (!ss->n)
		none_in_repo(it, "isms.yml names no site (sites: offices, home "
			"working, cloud providers), so where the information lives "
			"is not in the repository: ask for it, or name them.");
}

/* Risk assessment and treatment (clauses 6.1.2, 6.1.3, 8.2, 8.3): each
 * risk with its score and treatment, as the facts judge it
 * (isms_facts_risks); the risk rules are its gaps. A register kept
 * outside the repository cannot be judged from it. */
static void answer_risks(struct cx *cx, isms_audit_item *it)
{
	const isms_risks *rs = isms_facts_risks(cx->m);
	size_t i;

	take(cx, it, RULES(ISMS_RULE_RISK_UNTREATED, ISMS_RULE_RISK_ACCEPTANCE,
		ISMS_RULE_RISK_OVERDUE), NULL, NULL);
	take(cx, it, RULES(ISMS_RULE_FIELD_MISSING, ISMS_RULE_FIELD_INVALID),
		TYPES("risk"), NULL);
	if (rs->n)
		add_page(cx, it, "risks.html", isms_arena_printf(cx->a, "Risk "
			"register and heat map: %zu risk%s, %zu untreated",
			rs->n, rs->n == 1 ? "" : "s", rs->untreated));
	for (i = 0; i < rs->n; i++) {
		const isms_risk *k = &rs->risks[i];

		add_ev(cx, it, k->doc, isms_arena_printf(cx->a, "score %d, %s%s",
			k->score, isms_treatment_name(k->treatment),
			k->acceptance == ISMS_ACCEPT_APPROVED ? ", accepted" : ""))
			->good = !k->untreated && !k->overdue &&
			k->acceptance != ISMS_ACCEPT_UNAPPROVED;
	}
	if (!rs->n)
		none_in_repo(it, "No document of type risk: the risk register is "
			"kept outside the repository, or there is none; ask for "
			"the risk assessment and treatment plan.");
}

static void answer_soa(struct cx *cx, isms_audit_item *it)
{
	const isms_soa *soa = isms_facts_soa(cx->m);

	take(cx, it, RULES(ISMS_RULE_SOA_UNDECIDED, ISMS_RULE_SOA_UNJUSTIFIED,
		ISMS_RULE_SOA_UNIMPLEMENTED, ISMS_RULE_SOA_CONTRADICTION), NULL,
		NULL);
	take(cx, it, RULES(ISMS_RULE_CONTROL_UNKNOWN, ISMS_RULE_CONTROL_LEGACY,
		ISMS_RULE_FIELD_INVALID), NULL, cx->m->soa_path);
	/* Undecided controls the lint did not report (an ISMS without
	 * documents): still no Statement of Applicability. */
	if (soa->undecided && !it->ngaps)
		add_gap(cx, it, ISMS_RULE_SOA_UNDECIDED, 0, isms_arena_printf(cx->a,
			"%zu of the %zu Annex A controls have no decision in %s",
			soa->undecided, soa->n, cx->m->soa_path), cx->m->soa_path, 0, 0);
	add_page(cx, it, "soa.html", isms_arena_printf(cx->a, "Statement of "
		"Applicability: %zu controls, %zu applicable, %zu excluded, %zu "
		"undecided", soa->n, soa->applicable, soa->excluded,
		soa->undecided));
}

static void answer_findings(struct cx *cx, isms_audit_item *it)
{
	take(cx, it, NULL, NULL, NULL);
	add_page(cx, it, "findings.html", isms_arena_printf(cx->a, "Lint "
		"findings: %zu error%s, %zu warning%s", cx->findings->errors,
		cx->findings->errors == 1 ? "" : "s", cx->findings->warnings,
		cx->findings->warnings == 1 ? "" : "s"));
}

/*
 * The checklist, one row an item: its id (the site's anchor), title,
 * question, clause, owner role, and the function that answers it; or,
 * with no function, why the repository cannot answer it. Adding an item
 * (sites, KPIs, risks) is a row here and its function; the page, the
 * JSON and the Markdown read the table. answer_findings stays the last
 * answerable row: it takes every finding no other row took.
 */
static const struct item_row {
	const char *id, *title, *question, *clause;
	isms_audit_owner owner;
	void (*answer)(struct cx *cx, isms_audit_item *it);
	const char *na;          /* no answer: why */
} rows[] = {
	{ "processes", "Process map", "Are the ISMS's processes defined, "
		"each owned by a role and linked to the others?", "4.4",
		ISMS_AUDIT_CISO, answer_processes, NULL },
	{ "management-review", "Management review minutes", "Does top "
		"management review the ISMS within the interval, with minutes "
		"of who attended and what was decided?", "9.3",
		ISMS_AUDIT_TOP_MANAGEMENT, answer_review, NULL },
	{ "resources", "Budget and resources", "Has management decided the "
		"budget and the people the ISMS needs?", "5.1, 7.1",
		ISMS_AUDIT_FINANCE, answer_resources, NULL },
	{ "internal-audit", "Internal audit", "Is the ISMS audited "
		"internally within the interval, with a scope and an auditor?",
		"9.2", ISMS_AUDIT_COMPLIANCE, answer_internal_audit, NULL },
	{ "document-control", "Document control", "Is every policy, process "
		"and procedure versioned, its current text approved and "
		"reviewed within the interval?", "7.5",
		ISMS_AUDIT_COMPLIANCE, answer_documents, NULL },
	{ "improvement", "Improvement log", "Does each non-conformity have a "
		"ticket and a corrective action, none open past its due date?",
		"10.2", ISMS_AUDIT_COMPLIANCE, answer_improvement, NULL },
	{ "sites", "Sites and environments", "Does the ISMS cover every site "
		"where information lives, each with the controls its kind "
		"requires?", "4.3", ISMS_AUDIT_CISO, answer_sites, NULL },
	{ "risks", "Risk assessment and treatment", "Is every risk assessed, "
		"treated by controls or accepted by its owner, and reviewed?",
		"6.1.2, 6.1.3, 8.2", ISMS_AUDIT_CISO, answer_risks, NULL },
	{ "kpis", "Objectives and KPIs", "Are the ISMS's objectives measurable, "
		"measured as often as planned, and on target?", "6.2, 9.1",
		ISMS_AUDIT_TOP_MANAGEMENT, answer_kpis, NULL },
	{ "training", "Training records", "Was everyone on the staff list and "
		"in a role trained within the interval?", "7.2",
		ISMS_AUDIT_CISO, answer_training, NULL },
	{ "soa", "Statement of Applicability", "Is every Annex A control "
		"decided and justified, and is what is applied documented?",
		"6.1.3", ISMS_AUDIT_CISO, answer_soa, NULL },
	{ "findings", "Other lint findings", "Is the rest of the documented "
		"information complete and consistent?", "7.5",
		ISMS_AUDIT_COMPLIANCE, answer_findings, NULL },
	{ "top-management", "Interview with top management", "Can top "
		"management state the policy and objectives, and show how it "
		"leads the ISMS?", "5.1", ISMS_AUDIT_TOP_MANAGEMENT, NULL,
		"Answered by interviewing top management: the repository holds "
		"the minutes, not the conversation." },
	{ "staff", "Interviews with staff", "Do people know the policy, "
		"their part in the ISMS and how to report an incident?", "7.3",
		ISMS_AUDIT_CISO, NULL, "Answered by interviewing staff at their "
		"work." },
	{ "practice", "Observation of practice", "Is what the documents say "
		"done in practice (access granted as the procedure says, clear "
		"desks, visitors signed in)?", "8.1", ISMS_AUDIT_COMPLIANCE,
		NULL, "Answered by observing the work and sampling operational "
		"records kept outside the ISMS repository." },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void finish_item(isms_audit *v, isms_audit_item *it)
{
	size_t i;

	for (i = 0; i < it->ngaps; i++) {
		v->grades[it->gaps[i].grade]++;
		if (it->gaps[i].grade > it->grade) {
			it->grade = it->gaps[i].grade;
			it->reason = it->gaps[i].reason;
		}
	}
	if (it->state != ISMS_AUDIT_NA)
		it->state = it->ngaps ? ISMS_AUDIT_GAP : ISMS_AUDIT_MET;
	v->states[it->state]++;
}

void isms_audit_build(isms_audit **out, isms_arena *a, const isms_model *m,
	const isms_report *findings)
{
	static const isms_report none;
	isms_audit *v = isms_arena_alloc(a, sizeof(*v));
	const isms_training *t = isms_facts_training(m);
	struct cx cx = { m, findings ? findings : &none, a, NULL, 0, 0 };
	size_t i;

	cx.taken = isms_arena_alloc(a, cx.findings->n + 1);
	cx.maxgaps = cx.findings->n + m->ndocs + ISMS_NCHECKS + 4;
	/* An item's evidence: a document, a person, a figure, a site each. */
	cx.maxev = m->ndocs + t->n + ISMS_NFIGURES + m->cfg->nsites + 4;
	v->now = m->now;
	v->nitems = NROWS;
	v->items = isms_arena_alloc(a, NROWS * sizeof(*v->items));
	for (i = 0; i < NROWS; i++) {
		isms_audit_item *it = &v->items[i];

		it->id = rows[i].id;
		it->title = rows[i].title;
		it->question = rows[i].question;
		it->clause = rows[i].clause;
		it->owner = rows[i].owner;
		if (!rows[i].answer) {
			it->state = ISMS_AUDIT_NA;
			it->reason = rows[i].na;
		} else {
			it->gaps = isms_arena_alloc(a, cx.maxgaps * sizeof(*it->gaps));
			it->evidence = isms_arena_alloc(a,
				cx.maxev * sizeof(*it->evidence));
			rows[i].answer(&cx, it);
		}
		finish_item(v, it);
	}
	*out = v;
}

/* ---------------------------------------------------------------- sample */

unsigned long long isms_audit_rand(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A partial Fisher-Yates shuffle of the controlled documents in path
 * order: the i-th draw picks uniformly (up to a modulo bias below 2^-40
 * for any ISMS) among those not drawn yet. */
size_t isms_audit_sample(size_t *idx, size_t n, size_t *population,
	const isms_model *m, unsigned long long seed)
{
	size_t *pool = calloc(m->ndocs + 1, sizeof(*pool)), np = 0, i, j, tmp;
	unsigned long long st = seed;

	if (!pool)
		abort();
	for (i = 0; i < m->ndocs; i++)
		if (in_list(m->docs[i].type, controlled))
			pool[np++] = i;
	*population = np;
	if (n > np)
		n = np;
	for (i = 0; i < n; i++) {
		j = i + (size_t)(isms_audit_rand(&st) % (np - i));
		tmp = pool[i];
		pool[i] = pool[j];
		pool[j] = tmp;
		idx[i] = pool[i];
	}
	free(pool);
	return n;
}

/* ---------------------------------------------------------------- write */

int isms_audit_format_parse(isms_audit_format *out, const char *name)
{
	static const char *const names[] = { "md", "json", "html", NULL };
	int k = isms_name_index(names, name);

	if (k < 0)
		return -1;
	*out = (isms_audit_format)k;
	return 0;
}

/* A drawn document's version history (none yet: no change). */
static void sample_history(isms_buf *o, const isms_model *m,
	const isms_doc *d, int json)
{
	const isms_doc_history *dh = history_of(m, d);
	isms_doc_history none = { d->path, 0, NULL, 0 };

	isms_history_write(o, m, dh ? dh : &none, json);
}

static void json_evidence(isms_buf *o, const isms_model *m,
	const isms_audit_evidence *e)
{
	isms_buf_puts(o, "{");
	isms_buf_json_field(o, "text", e->text, 0);
	isms_buf_json_field(o, "path", e->path, 1);
	isms_buf_json_field(o, "page", e->doc ? isms_facts_pages(m)[e->doc -
		m->docs] : e->page, 1);
	isms_buf_json_field(o, "commit", e->commit, 1);
	isms_buf_printf(o, ",\"good\":%s}", e->good ? "true" : "false");
}

static void json_gap(isms_buf *o, const isms_audit_gap *g)
{
	isms_buf_puts(o, "{");
	isms_buf_json_field(o, "grade", isms_grade_name(g->grade), 0);
	isms_buf_json_field(o, "key", isms_audit_key_name(g->key), 1);
	isms_buf_json_field(o, "reason", g->reason, 1);
	isms_buf_json_field(o, "path", g->path, 1);
	isms_buf_printf(o, ",\"line\":%d,\"column\":%d}", g->line, g->col);
}

static void json_item(isms_buf *o, const isms_model *m,
	const isms_audit_item *it)
{
	size_t i;

	isms_buf_puts(o, "{");
	isms_buf_json_field(o, "id", it->id, 0);
	isms_buf_json_field(o, "title", it->title, 1);
	isms_buf_json_field(o, "question", it->question, 1);
	isms_buf_json_field(o, "clause", it->clause, 1);
	isms_buf_json_field(o, "owner", isms_audit_owner_name(it->owner, 0), 1);
	isms_buf_json_field(o, "state", isms_audit_state_name(it->state), 1);
	isms_buf_json_field(o, "grade", it->grade ?
		isms_grade_name(it->grade) : NULL, 1);
	isms_buf_json_field(o, "reason", it->reason, 1);
	isms_buf_puts(o, ",\"evidence\":[");
	for (i = 0; i < it->nevidence; i++) {
		isms_buf_puts(o, i ? "," : "");
		json_evidence(o, m, &it->evidence[i]);
	}
	isms_buf_puts(o, "],\"gaps\":[");
	for (i = 0; i < it->ngaps; i++) {
		isms_buf_puts(o, i ? "," : "");
		json_gap(o, &it->gaps[i]);
	}
	isms_buf_puts(o, "]}");
}

static void write_json(isms_buf *o, const isms_audit *v, const isms_model *m,
	const isms_audit_draw *draw)
{
	char now[11];
	size_t i;

	isms_date_format(now, v->now);
	isms_buf_printf(o, "{\"as_of\":\"%s\",\"summary\":{\"items\":%zu,"
		"\"met\":%zu,\"gaps\":%zu,\"not_answerable\":%zu,\"major\":%zu,"
		"\"minor\":%zu,\"observation\":%zu},\"items\":[", now, v->nitems,
		v->states[ISMS_AUDIT_MET], v->states[ISMS_AUDIT_GAP],
		v->states[ISMS_AUDIT_NA], v->grades[ISMS_GRADE_MAJOR],
		v->grades[ISMS_GRADE_MINOR], v->grades[ISMS_GRADE_OBSERVATION]);
	for (i = 0; i < v->nitems; i++) {
		isms_buf_puts(o, i ? "," : "");
		json_item(o, m, &v->items[i]);
	}
	isms_buf_puts(o, "]");
	if (draw) {
		isms_buf_printf(o, ",\"sample\":{\"seed\":%llu,\"size\":%zu,"
			"\"population\":%zu,\"documents\":[", draw->seed, draw->n,
			draw->population);
		for (i = 0; i < draw->n; i++) {
			isms_buf_puts(o, i ? "," : "");
			sample_history(o, m, &m->docs[draw->idx[i]], 1);
		}
		isms_buf_puts(o, "]}");
	}
	isms_buf_puts(o, "}\n");
}

/* Markdown text: a value on one line, its | and backquotes harmless. */
static void md_text(isms_buf *o, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r')
			isms_buf_putc(o, ' ');
		else if (strchr("|\\`*_[]<>#", *s)) {
			isms_buf_putc(o, '\\');
			isms_buf_putc(o, *s);
		} else
			isms_buf_putc(o, *s);
	}
}

static void md_item(isms_buf *o, const isms_audit_item *it)
{
	size_t i;

	isms_buf_printf(o, "\n## %s\n\n", it->title);
	isms_buf_puts(o, "Clause ");
	md_text(o, it->clause);
	isms_buf_printf(o, ", owner: %s. ", isms_audit_owner_name(it->owner, 1));
	md_text(o, it->question);
	isms_buf_printf(o, "\n\n**%s**", it->state == ISMS_AUDIT_NA ?
		"Not answerable from the repository" : it->state == ISMS_AUDIT_MET ?
		"Met" : "Gap");
	if (it->grade)
		isms_buf_printf(o, " (%s)", isms_grade_name(it->grade));
	if (it->reason) {
		isms_buf_puts(o, ": ");
		md_text(o, it->reason);
	}
	isms_buf_puts(o, "\n");
	if (it->nevidence)
		isms_buf_puts(o, "\nEvidence:\n\n");
	for (i = 0; i < it->nevidence; i++) {
		const isms_audit_evidence *e = &it->evidence[i];

		isms_buf_printf(o, "- %s ", e->good ? "found" : "**gap**");
		if (e->path || e->page)
			isms_buf_printf(o, "`%s` ", e->path ? e->path : e->page);
		md_text(o, e->text);
		if (e->commit)
			isms_buf_printf(o, " (commit `%.10s`)", e->commit);
		isms_buf_puts(o, "\n");
	}
	if (it->ngaps)
		isms_buf_puts(o, "\nGaps:\n\n");
	for (i = 0; i < it->ngaps; i++) {
		const isms_audit_gap *g = &it->gaps[i];

		isms_buf_printf(o, "- **%s** `%s`", isms_grade_name(g->grade),
			isms_audit_key_name(g->key));
		if (g->path)
			isms_buf_printf(o, g->line ? " `%s:%d:%d`" : " `%s`",
				g->path, g->line, g->col);
		isms_buf_puts(o, ": ");
		md_text(o, g->reason);
		isms_buf_puts(o, "\n");
	}
}

static void write_md(isms_buf *o, const isms_audit *v, const isms_model *m,
	const isms_audit_draw *draw)
{
	char now[11];
	size_t i;

	isms_date_format(now, v->now);
	isms_buf_printf(o, "# Audit verdict\n\nAs of %s: %zu items, %zu met, "
		"%zu with gaps, %zu not answerable from the repository. Gaps: %zu "
		"major non-conformit%s, %zu minor non-conformit%s, %zu "
		"observation%s.\n\n| Item | Clause | Owner | State | Grade |\n"
		"|---|---|---|---|---|\n", now, v->nitems, v->states[ISMS_AUDIT_MET],
		v->states[ISMS_AUDIT_GAP], v->states[ISMS_AUDIT_NA],
		v->grades[ISMS_GRADE_MAJOR], v->grades[ISMS_GRADE_MAJOR] == 1 ?
		"y" : "ies", v->grades[ISMS_GRADE_MINOR],
		v->grades[ISMS_GRADE_MINOR] == 1 ? "y" : "ies",
		v->grades[ISMS_GRADE_OBSERVATION],
		v->grades[ISMS_GRADE_OBSERVATION] == 1 ? "" : "s");
	for (i = 0; i < v->nitems; i++) {
		const isms_audit_item *it = &v->items[i];

		isms_buf_printf(o, "| %s | %s | %s | %s | %s |\n", it->title,
			it->clause, isms_audit_owner_name(it->owner, 1),
			isms_audit_state_name(it->state), it->grade ?
			isms_grade_name(it->grade) : "");
	}
	for (i = 0; i < v->nitems; i++)
		md_item(o, &v->items[i]);
	if (!draw)
		return;
	isms_buf_printf(o, "\n## Document-control sample\n\n%zu of %zu "
		"controlled documents, drawn with seed %llu (isms-render audit "
		"--sample %zu --seed %llu).\n", draw->n, draw->population,
		draw->seed, draw->asked, draw->seed);
	for (i = 0; i < draw->n; i++) {
		isms_buf_printf(o, "\n### %zu. ", i + 1);
		md_text(o, title_of(&m->docs[draw->idx[i]]));
		isms_buf_puts(o, "\n\n```\n");
		sample_history(o, m, &m->docs[draw->idx[i]], 0);
		isms_buf_puts(o, "```\n");
	}
}

void isms_audit_write(isms_buf *out, const isms_audit *v, const isms_model *m,
	const isms_audit_draw *draw, isms_audit_format fmt)
{
	if (fmt == ISMS_AUDIT_JSON)
		write_json(out, v, m, draw);
	else
		write_md(out, v, m, draw);
}
