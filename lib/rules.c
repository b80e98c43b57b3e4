/*
 * rules.c - the lint rules: one function a rule (or a family that shares a
 * walk), all registered in one table (at the end, with the runner that
 * isms_lint calls over a loaded model): per document (on the worker
 * threads), per document with its history (those in lib/approval.c), and
 * across documents (once, on the extracted facts).
 */
#include "rule-check.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- fields */

/* How a known front matter key is checked. */
enum shape {
	S_STR, S_VERSION, S_STATUS, S_CLASS, S_INTERVAL, S_DATE, S_IDLIST,
	S_CLAUSES, S_EDGES_FROM, S_EDGES_TO, S_LIST, S_ANY,
	S_LINT, S_SITES, S_SCALE, S_TREATMENT
};

static const struct field {
	const char *key;
	enum shape shape;
} fields[] = {
	{ "id", S_STR }, { "title", S_STR }, { "type", S_STR }, { "owner", S_STR },
	{ "version", S_VERSION }, { "status", S_STATUS },
	{ "classification", S_CLASS }, { "review_interval", S_INTERVAL },
	{ "next_review", S_DATE }, { "controls", S_IDLIST },
	{ "clauses", S_CLAUSES }, { "inputs", S_EDGES_FROM },
	{ "outputs", S_EDGES_TO }, { "date", S_DATE }, { "attendees", S_LIST },
	{ "decisions", S_ANY }, { "resources", S_ANY },
	{ "scope", S_STR }, { "auditor", S_STR }, { "raised", S_DATE },
	{ "due", S_DATE }, { "ticket", S_STR }, { "corrective_action", S_STR },
	{ "course", S_STR }, { "lint", S_LINT },
	/* Objectives and records (section 7): decisions, resources, target,
	 * frequency and value are judged by lib/rules-records.c. */
	{ "planned", S_DATE }, { "closed", S_DATE }, { "target", S_ANY },
	{ "unit", S_STR }, { "frequency", S_ANY }, { "kpi", S_STR },
	{ "value", S_ANY },
	/* Sites and risks (PRODUCT.md section 7). */
	{ "sites", S_SITES }, { "likelihood", S_SCALE }, { "impact", S_SCALE },
	{ "treatment", S_TREATMENT }, { "review", S_DATE },
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static const struct field *field_find(const char *key)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (fields[i].key[0] == key[0] && !strcmp(fields[i].key, key))
			return &fields[i];
	return NULL;
}

int isms_field_known(const isms_config *cfg, const char *key)
{
	size_t t, i;

	if (field_find(key))
		return 1;
	for (t = 0; t < cfg->ntypes; t++) {
		for (i = 0; i < cfg->types[t].nfields; i++)
			if (!strcmp(cfg->types[t].fields[i], key))
				return 1;
		for (i = 0; i < cfg->types[t].noptional; i++)
			if (!strcmp(cfg->types[t].optional[i], key))
				return 1;
	}
	return 0;
}

static const char *closest_key(const isms_config *cfg, const char *key)
{
	isms_suggest s;
	size_t i, t;

	isms_suggest_init(&s, key);
	for (i = 0; i < NFIELDS; i++)
		isms_suggest_add(&s, fields[i].key);
	for (t = 0; t < cfg->ntypes; t++) {
		for (i = 0; i < cfg->types[t].nfields; i++)
			isms_suggest_add(&s, cfg->types[t].fields[i]);
		for (i = 0; i < cfg->types[t].noptional; i++)
			isms_suggest_add(&s, cfg->types[t].optional[i]);
	}
	return s.best;
}

static int is_version(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && digits)
			digits = 0;
		else
			return 0;
	}
	return digits > 0;
}

/* The statuses a document of type `type` may have. */
static const char *const *statuses(const char *type)
{
	static const char *const doc[] = { "draft", "approved", "retired", NULL };
	static const char *const nc[] = { "open", "closed", NULL };

	return type && !strcmp(type, "nonconformity") ? nc : doc;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

static void join(char *out, size_t n, const char *const *list)
{
	size_t len = 0;

	out[0] = '\0';
	for (; *list && len + 1 < n; list++)
		len += (size_t)snprintf(out + len, n - len, "%s%s",
			len ? ", " : "", *list);
}

/* field/invalid for value `v` of field `what` that is none of `values`
 * (NULL-terminated): the list, and "did you mean" the closest. */
static void check_enum(isms_report *r, const isms_doc *d, const isms_ynode *v,
	const char *what, const char *const *values)
{
	char list[128];
	const char *dym;

	if (in_list(values, v->str))
		return;
	join(list, sizeof(list), values);
	dym = isms_suggest_list(v->str, values);
	isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
		"%s \"%s\" is not one of: %s%s%s%s", what, v->str, list,
		ISMS_DID_YOU_MEAN(dym));
}

/* control/unknown, saying so when the value opens with a valid id and
 * a title follows ("A.5.17 - Authentication information"). */
static void check_unknown_control(isms_report *r, const isms_doc *d,
	const isms_ynode *v)
{
	size_t n = strcspn(v->str, " \t,;");
	char id[16];
	const isms_control *c = NULL;

	if (n < sizeof(id) && v->str[n]) {
		memcpy(id, v->str, n);
		id[n] = '\0';
		c = isms_catalog_find(id, NULL);
	}
	if (c)
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_CONTROL_UNKNOWN,
			"\"%s\" is not an Annex A id, but it opens with one: list the "
			"id alone, as %s (A.%s %s)", v->str, id, c->id, c->title);
	else
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_CONTROL_UNKNOWN,
			"\"%s\" is not an ISO/IEC 27001:2022 Annex A control "
			"(A.5.1 to A.8.34)", v->str);
}

static void check_control(isms_report *r, const isms_doc *d,
	const isms_ynode *v)
{
	const isms_legacy *old = NULL;

	if (v->kind != ISMS_Y_SCALAR || v->null) {
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"controls must list Annex A ids such as A.5.1");
		return;
	}
	if (isms_catalog_find(v->str, &old))
		return;
	if (old)
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_CONTROL_LEGACY,
			"%s is an ISO/IEC 27001:2013 control (%s); its 2022 "
			"successor is A.%s", old->old_id, old->old_title, old->new_ids);
	else
		check_unknown_control(r, d, v);
}

static void check_edges(isms_report *r, const isms_doc *d, const isms_ynode *v,
	const char *key, const char *dir)
{
	size_t i;

	if (v->kind != ISMS_Y_SEQ) {
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"%s must be a list of {%s: PROCESS-ID, what: ...}", key, dir);
		return;
	}
	for (i = 0; i < v->n; i++) {
		const isms_ynode *e = v->items[i];

		if (e->kind != ISMS_Y_MAP || !isms_yaml_str(isms_yaml_get(e, dir)))
			isms_report_rule(r, d->path, e->line, e->col, ISMS_RULE_FIELD_INVALID,
				"each entry of %s needs \"%s:\" naming a process id",
				key, dir);
	}
}

static void check_lint(isms_report *r, isms_doc *d, const isms_ynode *v,
	long now);

/* Check one front matter field against its shape. */
static void check_field(isms_report *r, isms_doc *d, const isms_ynode *k,
	const isms_ynode *v, const struct field *f, long now)
{
	isms_interval iv;
	long day;
	size_t i;

	switch (f->shape) {
	case S_STR: case S_VERSION: case S_STATUS: case S_CLASS:
	case S_INTERVAL: case S_DATE: case S_SCALE: case S_TREATMENT:
		if (v->kind != ISMS_Y_SCALAR || v->null) {
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"%s must be a single value", k->str);
			return;
		}
		break;
	default:
		break;
	}
	switch (f->shape) {
	case S_VERSION:
		if (!is_version(v->str))
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"version \"%s\" is not a version number such as \"1.3\"",
				v->str);
		break;
	case S_STATUS:
		check_enum(r, d, v, "status", statuses(d->type));
		break;
	case S_CLASS: {
		static const char *const cls[] = { "public", "internal",
			"confidential", NULL };

		check_enum(r, d, v, "classification", cls);
		break;
	}
	case S_INTERVAL:
		if (isms_interval_parse(&iv, v->str) < 0)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"%s \"%s\" is not an interval such as \"12 months\"",
				k->str, v->str);
		break;
	case S_DATE:
		if (isms_date_parse(v->str, &day) < 0)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"%s \"%s\" is not a date (YYYY-MM-DD)", k->str, v->str);
		break;
	case S_IDLIST:
		if (v->kind != ISMS_Y_SEQ) {
			if (v->kind == ISMS_Y_SCALAR && !v->null && strchr(v->str, ','))
				isms_report_rule(r, d->path, v->line, v->col,
					ISMS_RULE_FIELD_INVALID, "controls must be a list: "
					"\"%s\" is one string; write [%s]", v->str, v->str);
			else
				isms_report_rule(r, d->path, v->line, v->col,
					ISMS_RULE_FIELD_INVALID, "controls must be a list, "
					"such as [A.5.1, A.5.2]");
			break;
		}
		for (i = 0; i < v->n; i++)
			check_control(r, d, v->items[i]);
		break;
	case S_CLAUSES:
		if (v->kind != ISMS_Y_SEQ) {
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"clauses must be a list, such as [\"4.4\", \"5.2\"]");
			break;
		}
		for (i = 0; i < v->n; i++) {
			const isms_ynode *c = v->items[i];
			if (c->kind != ISMS_Y_SCALAR || !isms_catalog_clause(c->str))
				isms_report_rule(r, d->path, c->line, c->col, ISMS_RULE_FIELD_INVALID,
					"\"%s\" is not a clause of ISO/IEC 27001:2022 "
					"(4 to 10.2)", c->kind == ISMS_Y_SCALAR ? c->str : "");
		}
		break;
	case S_EDGES_FROM:
		check_edges(r, d, v, k->str, "from");
		break;
	case S_EDGES_TO:
		check_edges(r, d, v, k->str, "to");
		break;
	case S_LIST:
		if (v->kind != ISMS_Y_SEQ)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"%s must be a list", k->str);
		break;
	case S_LINT:
		check_lint(r, d, v, now);
		break;
	case S_SITES:
		if (v->kind == ISMS_Y_MAP)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"sites must be a list of site keys, such as [hq, aws]");
		for (i = 0; v->kind == ISMS_Y_SEQ && i < v->n; i++)
			if (v->items[i]->kind != ISMS_Y_SCALAR || v->items[i]->null)
				isms_report_rule(r, d->path, v->items[i]->line,
					v->items[i]->col, ISMS_RULE_FIELD_INVALID,
					"sites must list site keys of isms.yml");
		break;
	case S_SCALE:
		if (v->str[0] < '1' || v->str[0] > '5' || v->str[1])
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
				"%s \"%s\" is not a whole number from 1 to 5", k->str,
				v->str);
		break;
	case S_TREATMENT: {
		static const char *const tr[] = { "mitigate", "accept", "transfer",
			"avoid", NULL };

		check_enum(r, d, v, "treatment", tr);
		break;
	}
	default:
		break;
	}
}

/* field/unknown, field/invalid over every key of the front matter. */
static void rule_fields(isms_report *r, const isms_self_ctx *sx, isms_doc *d)
{
	const isms_config *cfg = sx->cfg;
	const isms_ynode *fm = d->fm;
	long now = sx->now;
	size_t i;

	for (i = 0; i < fm->n; i++) {
		const isms_ynode *k = fm->keys[i], *v = fm->items[i];
		const struct field *f = field_find(k->str);

		if (f) {
			check_field(r, d, k, v, f, now);
		} else if (!isms_field_known(cfg, k->str)) {
			const char *near = closest_key(cfg, k->str);
			if (near)
				isms_report_rule(r, d->path, k->line, k->col, ISMS_RULE_FIELD_UNKNOWN,
					"unknown field \"%s\"; did you mean \"%s\"?", k->str, near);
			else
				isms_report_rule(r, d->path, k->line, k->col, ISMS_RULE_FIELD_UNKNOWN,
					"unknown field \"%s\"", k->str);
		}
	}
}

/* field/missing: the type's required fields; type itself must be known. */
static void rule_required(isms_report *r, const isms_self_ctx *sx, isms_doc *d)
{
	const isms_config *cfg = sx->cfg;
	static const char *const basic[] = { "id", "title", "type", "owner" };
	const isms_ynode *t = isms_yaml_get(d->fm, "type");
	size_t i;

	if (t && d->type && !d->def) {
		char known[512];
		size_t len = 0;

		known[0] = '\0';
		for (i = 0; i < cfg->ntypes && len + 1 < sizeof(known); i++)
			len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s",
				i ? ", " : "", cfg->types[i].name);
		isms_report_rule(r, d->path, t->line, t->col, ISMS_RULE_FIELD_INVALID,
			"unknown type \"%s\" (types: %s)", d->type, known);
	}
	if (d->def) {
		for (i = 0; i < d->def->nfields; i++)
			if (!isms_yaml_get(d->fm, d->def->fields[i]))
				isms_report_rule(r, d->path, d->fm_line - 1, 1, ISMS_RULE_FIELD_MISSING,
					"a %s needs the field \"%s\"", d->def->name,
					d->def->fields[i]);
		return;
	}
	for (i = 0; i < 4; i++)
		if (!isms_yaml_get(d->fm, basic[i]))
			isms_report_rule(r, d->path, d->fm_line - 1, 1, ISMS_RULE_FIELD_MISSING,
				"a document needs the field \"%s\"", basic[i]);
}

static void rule_owner(isms_report *r, const isms_self_ctx *sx, isms_doc *d)
{
	const isms_config *cfg = sx->cfg;
	const isms_ynode *v = isms_yaml_get(d->fm, "owner");

	if (!d->owner || isms_config_role(cfg, d->owner))
		return;
	if (cfg->nroles == 0)
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_OWNER_UNKNOWN,
			"owner \"%s\" is not a role: isms.yml defines no roles",
			d->owner);
	else
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_OWNER_UNKNOWN,
			"owner \"%s\" is not a role defined in isms.yml", d->owner);
}

/* The heading's text after a leading section number ("1. ", "5.2 ",
 * "3) "), or NULL when it has none. */
static const char *unnumbered(const char *text)
{
	const char *p = text;

	if (*p < '0' || *p > '9')
		return NULL;
	while ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9'))
		p++;
	if (*p == '.' || *p == ')')
		p++;
	if (*p != ' ' && *p != '\t')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p ? p : NULL;
}

/* Whether heading `hd` is the required section `req`: its text, or its
 * text without a leading number, matches. */
static int is_section(const isms_section_req *req, const isms_heading *hd)
{
	const char *bare = unnumbered(hd->text);

	return isms_re_match(req->re, hd->text, strlen(hd->text)) == 1 ||
		(bare && isms_re_match(req->re, bare, strlen(bare)) == 1);
}

static void rule_sections(isms_report *r, const isms_self_ctx *sx, isms_doc *d)
{
	const isms_section_req *prev_req = NULL;
	const isms_heading *prev = NULL;
	size_t s, h;

	if (!d->def || !d->md)
		return;
	for (s = 0; s < d->def->nsections; s++) {
		const isms_section_req *req = &d->def->sections[s];
		const isms_heading *found = NULL;

		for (h = 0; h < d->md->nheadings && !found; h++)
			if (is_section(req, &d->md->headings[h]))
				found = &d->md->headings[h];
		if (!found) {
			isms_report_rule(r, d->path, d->fm_line > 1 ? d->fm_line - 1 : 1, 1,
				ISMS_RULE_SECTION_MISSING, "the required section \"%s\" is missing "
				"(a heading matching /%s/)", req->title, req->match);
			continue;
		}
		if (found->empty)
			isms_report_rule(r, d->path, found->line, found->col,
				ISMS_RULE_SECTION_EMPTY, "the section \"%s\" has no content",
				found->text);
		if (d->def->ordered && prev && found < prev)
			isms_report_rule(r, d->path, found->line, found->col,
				ISMS_RULE_SECTION_ORDER, "the section \"%s\" comes before "
				"\"%s\" (line %d); a %s has them in the order of isms.yml",
				req->title, prev_req->title, prev->line, d->def->name);
		else
			prev = found, prev_req = req;
	}
}

static void rule_nonconformity(isms_report *r, const isms_self_ctx *sx,
	isms_doc *d)
{
	const isms_config *cfg = sx->cfg;
	long now = sx->now;
	const isms_ynode *due = isms_yaml_get(d->fm, "due");
	const isms_ynode *ticket = isms_yaml_get(d->fm, "ticket");
	const char *t = isms_yaml_str(ticket);
	long day;

	if (!d->type || strcmp(d->type, "nonconformity") != 0)
		return;
	if (d->status && !strcmp(d->status, "open") && isms_yaml_str(due) &&
	    isms_date_parse(due->str, &day) == 0 && day < now)
		isms_report_rule(r, d->path, due->line, due->col,
			ISMS_RULE_NONCONFORMITY_OVERDUE, "open non-conformity was due on %s",
			due->str);
	if (!t || !*t)
		isms_report_rule(r, d->path, d->fm_line > 1 ? d->fm_line - 1 : 1, 1,
			ISMS_RULE_NONCONFORMITY_NO_TICKET, "no tracker key: add \"ticket:\" "
			"with the issue that tracks the corrective action");
	else if (cfg->ticket_re && isms_re_match(cfg->ticket_re, t, strlen(t)) != 1)
		isms_report_rule(r, d->path, ticket->line, ticket->col,
			ISMS_RULE_NONCONFORMITY_NO_TICKET, "ticket \"%s\" does not match the "
			"tracker key pattern /%s/", t, cfg->ticket_pattern);
}

/* lint: {ignore: [...], reason: ..., until: ...}: shape, expiry, and the
 * suppression put in force on the document. */
static void check_lint(isms_report *r, isms_doc *d, const isms_ynode *v,
	long now)
{
	const isms_ynode *ign, *reason, *until;
	long day;
	size_t i;
	int ok = 1;

	if (v->kind != ISMS_Y_MAP) {
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"lint must be {ignore: [RULE, ...], reason: \"...\", "
			"until: YYYY-MM-DD}");
		return;
	}
	ign = isms_yaml_get(v, "ignore");
	reason = isms_yaml_get(v, "reason");
	until = isms_yaml_get(v, "until");
	for (i = 0; i < v->n; i++) {
		const char *key = v->keys[i]->str;
		if (strcmp(key, "ignore") && strcmp(key, "reason") && strcmp(key, "until"))
			isms_report_rule(r, d->path, v->keys[i]->line, v->keys[i]->col,
				ISMS_RULE_FIELD_INVALID, "unknown key \"%s\" in lint (ignore, "
				"reason, until)", key);
	}
	if (!ign || ign->kind != ISMS_Y_SEQ) {
		isms_report_rule(r, d->path, (ign ? ign : v)->line, (ign ? ign : v)->col,
			ISMS_RULE_FIELD_INVALID, "lint needs \"ignore:\", a list of rule ids");
		return;
	}
	for (i = 0; i < ign->n; i++) {
		const char *id = isms_yaml_str(ign->items[i]);
		if (!id || !isms_rule_find(id)) {
			isms_report_rule(r, d->path, ign->items[i]->line,
				ign->items[i]->col, ISMS_RULE_FIELD_INVALID,
				"\"%s\" is not a rule id (isms-lint --list-rules)",
				id ? id : "");
			ok = 0;
		}
	}
	if (!isms_yaml_str(reason) || !*reason->str) {
		isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_FIELD_INVALID,
			"a suppression needs a \"reason:\" an auditor can read");
		ok = 0;
	}
	if (until) {
		if (!isms_yaml_str(until) || isms_date_parse(until->str, &day) < 0) {
			isms_report_rule(r, d->path, until->line, until->col,
				ISMS_RULE_FIELD_INVALID, "until \"%s\" is not a date (YYYY-MM-DD)",
				isms_yaml_str(until) ? until->str : "");
			ok = 0;
		} else if (day < now) {
			isms_report_rule(r, d->path, until->line, until->col,
				ISMS_RULE_SUPPRESSION_EXPIRED, "the suppression of %zu rule%s "
				"expired on %s", ign->n, ign->n == 1 ? "" : "s", until->str);
			ok = 0;
		}
	}
	if (!ok)
		return;
	d->ignore = ign;
}

/* ---------------------------------------------------------------- across */

/* front-matter/missing, front-matter/syntax: what the model could not
 * read, in the documents and in soa.yml. */
static void report_problems(isms_report *r, const char *path,
	const isms_problem *p)
{
	for (; p; p = p->next)
		isms_report_rule(r, path, p->line, p->col,
			p->kind == ISMS_PROBLEM_SYNTAX ? ISMS_RULE_FRONT_MATTER_SYNTAX :
			ISMS_RULE_FRONT_MATTER_MISSING, "%s", p->msg);
}

static void rule_read(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	size_t i;

	for (i = 0; i < cx->m->ndocs; i++)
		report_problems(r, cx->m->docs[i].path, cx->m->docs[i].problems);
	report_problems(r, cx->m->soa_path, cx->m->soa_problems);
}

static int cmp_id(const void *a, const void *b)
{
	const isms_doc *x = *(const isms_doc *const *)a;
	const isms_doc *y = *(const isms_doc *const *)b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

/* The document with `id`; when the id is (wrongly) shared, a process is
 * preferred, so that id/duplicate is reported once, not also as ref/unknown. */
static const isms_doc *by_id(const isms_rule_ctx *ix, const char *id)
{
	size_t lo = 0, hi = ix->nid, i;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->by_id[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == ix->nid || strcmp(ix->by_id[lo]->id, id) != 0)
		return NULL;
	for (i = lo; i < ix->nid && !strcmp(ix->by_id[i]->id, id); i++)
		if (ix->by_id[i]->type && !strcmp(ix->by_id[i]->type, "process"))
			return ix->by_id[i];
	return ix->by_id[lo];
}

static void rule_duplicate_ids(isms_report *r, const isms_rule_ctx *ix,
	isms_doc *unused, const isms_doc_history *dh)
{
	size_t i, j;

	for (i = 0; i < ix->nid; i = j) {
		for (j = i + 1; j < ix->nid && !strcmp(ix->by_id[i]->id, ix->by_id[j]->id); j++)
			;
		if (j - i < 2)
			continue;
		for (size_t k = i; k < j; k++) {
			const isms_doc *d = ix->by_id[k], *o = ix->by_id[k == i ? i + 1 : i];
			const isms_ynode *v = isms_yaml_get(d->fm, "id");
			const isms_ynode *ov = isms_yaml_get(o->fm, "id");

			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_ID_DUPLICATE,
				"id \"%s\" is also used by %s:%d%s", d->id, o->path,
				ov->line, j - i > 2 ? " and others" : "");
		}
	}
}

static void check_anchor(isms_report *r, const isms_doc *d,
	const isms_link *l, const isms_doc *target, const char *frag)
{
	const char *near = NULL;
	size_t h;

	if (!target->md)
		return;
	for (h = 0; h < target->md->nheadings; h++) {
		const char *a = target->md->headings[h].anchor;
		if (!strcmp(a, frag))
			return;
		if (!strcasecmp(a, frag))
			near = a;
	}
	if (near)
		isms_report_rule(r, d->path, l->line, l->col, ISMS_RULE_LINK_BROKEN,
			"%s has no heading anchor \"#%s\"; did you mean \"#%s\"?",
			target == d ? "this document" : target->path, frag, near);
	else
		isms_report_rule(r, d->path, l->line, l->col, ISMS_RULE_LINK_BROKEN,
			"%s has no heading anchor \"#%s\"",
			target == d ? "this document" : target->path, frag);
}

static void check_link(isms_report *r, const isms_model *m, const isms_doc *d,
	const isms_link *l, isms_link_target *t)
{
	switch (isms_facts_link(t, m, d, l->url)) {
	case ISMS_LINK_EXTERNAL:
		break;
	case ISMS_LINK_OUTSIDE:
		isms_report_rule(r, d->path, l->line, l->col, ISMS_RULE_LINK_BROKEN,
			"\"%s\" points outside the repository", l->url);
		break;
	case ISMS_LINK_DOC:
		if (t->frag.len)
			check_anchor(r, d, l, t->doc, t->frag.ptr);
		break;
	case ISMS_LINK_FILE:
		if (!t->path.len || !isms_source_exists(m->src, t->path.ptr))
			isms_report_rule(r, d->path, l->line, l->col,
				ISMS_RULE_LINK_BROKEN,
				"\"%s\" links to %s, which does not exist", l->url,
				t->path.len ? t->path.ptr : "(the repository top)");
		break;
	}
}

static void rule_links(isms_report *r, const isms_rule_ctx *ix,
	isms_doc *d, const isms_doc_history *dh)
{
	isms_link_target t = ISMS_LINK_TARGET_INIT;
	size_t k;

	for (k = 0; d->md && k < d->md->nlinks; k++)
		check_link(r, ix->m, d, &d->md->links[k], &t);
	isms_link_target_release(&t);
}

/* Resolve the edges of `d`'s `key`, marking in `referenced` the processes
 * they name. */
static void check_refs(isms_report *r, const isms_rule_ctx *ix,
	char *referenced, const isms_doc *d, const char *key, const char *dir)
{
	const isms_ynode *list = isms_yaml_get(d->fm, key);
	size_t i;

	if (!list || list->kind != ISMS_Y_SEQ)
		return;
	for (i = 0; i < list->n; i++) {
		const isms_ynode *v = isms_yaml_get(list->items[i], dir);
		const char *id = isms_yaml_str(v);
		const isms_doc *t;

		if (!id)
			continue;
		t = by_id(ix, id);
		if (!t)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_REF_UNKNOWN,
				"%s: \"%s\" is not the id of any document", key, id);
		else if (!t->type || strcmp(t->type, "process") != 0)
			isms_report_rule(r, d->path, v->line, v->col, ISMS_RULE_REF_UNKNOWN,
				"%s: \"%s\" is a %s (%s), not a process", key, id,
				t->type ? t->type : "document", t->path);
		else
			referenced[t - ix->m->docs] = 1;
	}
}

static int has_edges(const isms_doc *d)
{
	const isms_ynode *in = isms_yaml_get(d->fm, "inputs");
	const isms_ynode *out = isms_yaml_get(d->fm, "outputs");

	return (in && in->kind == ISMS_Y_SEQ && in->n) ||
		(out && out->kind == ISMS_Y_SEQ && out->n);
}

static void rule_processes(isms_report *r, const isms_rule_ctx *ix,
	isms_doc *unused, const isms_doc_history *dh)
{
	const isms_model *m = ix->m;
	char *referenced = calloc(m->ndocs + 1, 1);
	size_t i;

	if (!referenced)
		abort();
	for (i = 0; i < m->ndocs; i++) {
		if (!m->docs[i].has_fm)
			continue;
		check_refs(r, ix, referenced, &m->docs[i], "inputs", "from");
		check_refs(r, ix, referenced, &m->docs[i], "outputs", "to");
	}
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const isms_ynode *at;

		if (!d->type || strcmp(d->type, "process") || has_edges(d) ||
		    referenced[i])
			continue;
		at = isms_yaml_get(d->fm, "type");
		isms_report_rule(r, d->path, at->line, at->col, ISMS_RULE_PROCESS_ISOLATED,
			"process %s has no inputs or outputs, and no process names it: "
			"how does it interact with the others (clause 4.4)?",
			d->id ? d->id : d->path);
	}
	free(referenced);
}

/* ---------------------------------------------------------------- SoA */

/* The first three documents listing a control, and how many more. */
static void describe(isms_buf *out, const isms_soa_row *row)
{
	size_t i;

	isms_buf_truncate(out, 0);
	isms_buf_puts(out, "");
	for (i = 0; i < row->ndocs && i < 3; i++)
		isms_buf_printf(out, "%s%s", i ? ", " : "", row->docs[i]->path);
	if (row->ndocs > 3)
		isms_buf_printf(out, " and %zu more", row->ndocs - 3);
}

/* A control's decision (the SoA's facts, isms_soa_row): its shape, and
 * whether it agrees with the documents that list the control. */
static void check_decision(isms_report *r, const isms_model *m,
	const isms_soa_row *dc, const char *listed)
{
	static const char *const st[] = { "implemented", "partial", "planned",
		"not-implemented", NULL };
	const isms_control *c = dc->control;
	const isms_ynode *row = dc->row, *x;
	const char *path = m->soa_path;

	if (row->kind != ISMS_Y_MAP) {
		isms_report_rule(r, path, row->line, row->col, ISMS_RULE_FIELD_INVALID,
			"A.%s: a decision is {applicable: true|false, status: ..., "
			"justification: \"...\"}", c->id);
		return;
	}
	x = isms_yaml_get(row, "applicable");
	if (dc->applicable < 0)
		isms_report_rule(r, path, (x ? x : row)->line, (x ? x : row)->col,
			ISMS_RULE_FIELD_INVALID, "A.%s: applicable must be true or false", c->id);
	x = isms_yaml_get(row, "status");
	if (x && (!isms_yaml_str(x) || !in_list(st, x->str)))
		isms_report_rule(r, path, x->line, x->col, ISMS_RULE_FIELD_INVALID,
			"A.%s: status must be implemented, partial, planned or "
			"not-implemented", c->id);
	if (dc->unjustified)
		isms_report_rule(r, path, dc->key->line, dc->key->col,
			ISMS_RULE_SOA_UNJUSTIFIED, "A.%s %s: the decision has no justification",
			c->id, c->title);
	if (dc->applicable == 1 && dc->status && !strcmp(dc->status, "implemented") &&
	    !dc->ndocs)
		isms_report_rule(r, path, dc->key->line, dc->key->col,
			ISMS_RULE_SOA_UNIMPLEMENTED, "A.%s %s is marked implemented, but no "
			"document lists it in its controls", c->id, c->title);
	if (dc->applicable == 0 && dc->ndocs)
		isms_report_rule(r, path, dc->key->line, dc->key->col,
			ISMS_RULE_SOA_CONTRADICTION, "A.%s %s is excluded, yet %s list%s it "
			"among its controls", c->id, c->title, listed,
			dc->ndocs > 1 ? "" : "s");
}

static void rule_soa(isms_report *r, const isms_rule_ctx *ix,
	isms_doc *unused, const isms_doc_history *dh)
{
	const isms_model *m = ix->m;
	const isms_control *cat;
	const isms_ynode *rows, *at;
	const isms_soa *soa;
	isms_buf listed = ISMS_BUF_INIT;
	size_t n, i;

	if (m->soa_missing) {
		if (m->ndocs)
			isms_report_rule(r, m->soa_path, 0, 0, ISMS_RULE_SOA_UNDECIDED,
				"no Statement of Applicability: %s does not exist, so all "
				"93 Annex A controls are undecided", m->soa_path);
		return;
	}
	if (!m->soa) {
		if (m->soa_empty)
			isms_report_rule(r, m->soa_path, 1, 1, ISMS_RULE_FIELD_INVALID,
				"the Statement of Applicability is empty: it needs "
				"\"controls:\", a mapping of control ids to decisions");
		return;
	}
	rows = isms_yaml_get(m->soa, "controls");
	if (!rows || rows->kind != ISMS_Y_MAP) {
		isms_report_rule(r, m->soa_path, (rows ? rows : m->soa)->line,
			(rows ? rows : m->soa)->col, ISMS_RULE_FIELD_INVALID,
			"the SoA needs \"controls:\", a mapping of control ids to "
			"decisions");
		return;
	}
	at = isms_yaml_key(m->soa, "controls");
	cat = isms_catalog_controls(&n);
	soa = isms_facts_soa(m);
	/* The keys that decide nothing: 2013 ids, unknown ids, and a control's
	 * second row (its first is the decision). */
	for (i = 0; i < rows->n; i++) {
		const isms_ynode *k = rows->keys[i];
		const isms_legacy *old = NULL;
		const isms_control *c = isms_catalog_find(k->str, &old);

		if (!c && old)
			isms_report_rule(r, m->soa_path, k->line, k->col, ISMS_RULE_CONTROL_LEGACY,
				"%s is an ISO/IEC 27001:2013 control (%s); decide its 2022 "
				"successor A.%s instead", old->old_id, old->old_title,
				old->new_ids);
		else if (!c)
			isms_report_rule(r, m->soa_path, k->line, k->col, ISMS_RULE_CONTROL_UNKNOWN,
				"\"%s\" is not an ISO/IEC 27001:2022 Annex A control", k->str);
		else if (soa->rows[c - cat].key != k)
			isms_report_rule(r, m->soa_path, k->line, k->col, ISMS_RULE_FIELD_INVALID,
				"A.%s is decided twice (first at line %d)", c->id,
				soa->rows[c - cat].key->line);
	}
	for (i = 0; i < soa->n; i++) {
		const isms_soa_row *row = &soa->rows[i];

		if (!row->key) {
			isms_report_rule(r, m->soa_path, at->line, at->col, ISMS_RULE_SOA_UNDECIDED,
				"A.%s %s has no decision", row->control->id,
				row->control->title);
			continue;
		}
		describe(&listed, row);
		check_decision(r, m, row, listed.ptr);
	}
	isms_buf_release(&listed);
}

/* ---------------------------------------------------------------- table */

#define IDS(...) { __VA_ARGS__, ISMS_NRULES }
#define ROW(phase, fn, ...) { #fn, phase, fn, IDS(__VA_ARGS__), NULL }
#define SELF(fn, ...) { #fn, ISMS_PHASE_SELF, NULL, IDS(__VA_ARGS__), fn }

/*
 * Every rule, by the function that judges it: adding a rule is its
 * constant (isms_rule_id) and a row here, its function, its documentation
 * (lib/ruletab.c's row, the man page, README) and its test
 * (tests/unit/t-rules.c). Every row runs on the worker threads: the
 * per-document ones once a document, the others once, beside them.
 */
static const isms_rule_row table[] = {
	SELF(rule_fields, ISMS_RULE_FIELD_UNKNOWN,
		ISMS_RULE_FIELD_INVALID, ISMS_RULE_CONTROL_UNKNOWN,
		ISMS_RULE_CONTROL_LEGACY, ISMS_RULE_SUPPRESSION_EXPIRED),
	SELF(rule_required, ISMS_RULE_FIELD_MISSING,
		ISMS_RULE_FIELD_INVALID),
	SELF(rule_owner, ISMS_RULE_OWNER_UNKNOWN),
	SELF(rule_sections, ISMS_RULE_SECTION_MISSING,
		ISMS_RULE_SECTION_ORDER,
		ISMS_RULE_SECTION_EMPTY),
	SELF(rule_nonconformity, ISMS_RULE_NONCONFORMITY_OVERDUE,
		ISMS_RULE_NONCONFORMITY_NO_TICKET),
	ROW(ISMS_PHASE_DOC, isms_rule_version_staged, ISMS_RULE_VERSION_UNCHANGED),
	ROW(ISMS_PHASE_DOC, isms_rule_record_shapes, ISMS_RULE_FIELD_INVALID,
		ISMS_RULE_OWNER_UNKNOWN),
	ROW(ISMS_PHASE_DOC, isms_rule_record_empty, ISMS_RULE_RECORD_EMPTY),
	ROW(ISMS_PHASE_DOC, isms_rule_site_unknown, ISMS_RULE_SITE_UNKNOWN),
	ROW(ISMS_PHASE_DOC, isms_rule_risk, ISMS_RULE_RISK_UNTREATED,
		ISMS_RULE_RISK_ACCEPTANCE, ISMS_RULE_RISK_OVERDUE),
	ROW(ISMS_PHASE_HISTORY, isms_rule_approval, ISMS_RULE_APPROVAL_MISSING,
		ISMS_RULE_APPROVAL_SELF),
	ROW(ISMS_PHASE_DOC, isms_rule_review, ISMS_RULE_REVIEW_OVERDUE),
	ROW(ISMS_PHASE_HISTORY, isms_rule_version, ISMS_RULE_VERSION_UNCHANGED),
	ROW(ISMS_PHASE_REPO, rule_read, ISMS_RULE_FRONT_MATTER_MISSING,
		ISMS_RULE_FRONT_MATTER_SYNTAX),
	ROW(ISMS_PHASE_REPO, rule_duplicate_ids, ISMS_RULE_ID_DUPLICATE),
	ROW(ISMS_PHASE_FILE, rule_links, ISMS_RULE_LINK_BROKEN),
	ROW(ISMS_PHASE_REPO, rule_processes, ISMS_RULE_REF_UNKNOWN,
		ISMS_RULE_PROCESS_ISOLATED),
	ROW(ISMS_PHASE_REPO, rule_soa, ISMS_RULE_SOA_UNDECIDED,
		ISMS_RULE_FIELD_INVALID, ISMS_RULE_CONTROL_LEGACY,
		ISMS_RULE_CONTROL_UNKNOWN, ISMS_RULE_SOA_UNJUSTIFIED,
		ISMS_RULE_SOA_UNIMPLEMENTED, ISMS_RULE_SOA_CONTRADICTION),
	ROW(ISMS_PHASE_REPO, isms_rule_records, ISMS_RULE_RECORD_OVERDUE),
	ROW(ISMS_PHASE_REPO, isms_rule_training, ISMS_RULE_TRAINING_OVERDUE),
	ROW(ISMS_PHASE_REPO, isms_rule_kpis, ISMS_RULE_KPI_STALE,
		ISMS_RULE_KPI_OFF_TARGET, ISMS_RULE_FIELD_INVALID,
		ISMS_RULE_REF_UNKNOWN),
	ROW(ISMS_PHASE_REPO, isms_rule_governed, ISMS_RULE_APPROVAL_MISSING,
		ISMS_RULE_APPROVAL_SELF),
	ROW(ISMS_PHASE_REPO, isms_rule_site_uncovered, ISMS_RULE_SITE_UNCOVERED),
	ROW(ISMS_PHASE_DOC, isms_rule_tickets, ISMS_RULE_TICKET_UNKNOWN,
		ISMS_RULE_TICKET_MISMATCH),
	ROW(ISMS_PHASE_REPO, isms_rule_untracked, ISMS_RULE_TICKET_UNTRACKED),
	ROW(ISMS_PHASE_REPO, isms_rule_templates, ISMS_RULE_TEMPLATE_UNCHANGED),
};
#define NTABLE (sizeof(table) / sizeof(table[0]))

const isms_rule_row *isms_rule_table(size_t *n)
{
	*n = NTABLE;
	return table;
}

/* ---------------------------------------------------------------- run */

/* A run's contexts; with only_changed, the rows of ISMS_PHASE_SELF run
 * on the documents the index changes only; with no_branch, the rows
 * whose every rule judges the branch do not run. */
struct run {
	isms_rule_ctx cx;
	isms_self_ctx sx;
	int only_changed, no_branch;
};

/* Whether every rule of `row` judges the approval branch's history. */
static int on_branch(const isms_rule_row *row)
{
	size_t k;

	for (k = 0; row->ids[k] != ISMS_NRULES; k++)
		if (!isms_rule_on_branch(row->ids[k]))
			return 0;
	return 1;
}

/* A row's function reports only the rules the row lists: the table is
 * what the tests and the documentation trust. */
static void run_row(isms_report *r, const isms_rule_row *row,
	const struct run *rn, isms_doc *d, const isms_doc_history *dh)
{
	size_t i = r->n, k;

	if (rn->no_branch && on_branch(row))
		return;
	if (row->self)
		row->self(r, &rn->sx, d);
	else
		row->fn(r, &rn->cx, d, dh);
	for (; i < r->n; i++) {
		for (k = 0; row->ids[k] != ISMS_NRULES; k++)
			if (row->ids[k] == r->findings[i].id)
				break;
		if (row->ids[k] == ISMS_NRULES) {
			assert(!"a rule reported an id its row in the table lacks");
			abort();
		}
	}
}

/* Put document d's suppression in force as rule_fields does (check_lint),
 * when rule_fields does not judge d this run: its findings on d are
 * HEAD's, but what the other rules find on d is still suppressed. */
static void suppression(isms_doc *d, long now)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "lint");
	isms_report scratch;

	if (!v)
		return;
	isms_report_init(&scratch);
	check_lint(&scratch, d, v, now);
	isms_report_release(&scratch);
}

static void run_doc(isms_report *r, isms_doc *d, void *arg)
{
	const struct run *rn = arg;
	const isms_model *m = rn->cx.m;
	const isms_doc_history *dh = NULL;
	int self;
	size_t i;

	for (i = 0; i < NTABLE; i++)
		if (table[i].phase == ISMS_PHASE_FILE)
			run_row(r, &table[i], rn, d, NULL);
	/* Without front matter a document has no type: nothing more to
	 * check beyond the finding that says so (rule_read). */
	if (!d->has_fm)
		return;
	if (m->history && (dh = isms_history_doc(m->history, d->path)) &&
	    !dh->n)
		dh = NULL;
	self = !rn->only_changed || isms_model_staged(m, d->path);
	if (!self)
		suppression(d, rn->sx.now);
	for (i = 0; i < NTABLE; i++)
		if ((table[i].phase == ISMS_PHASE_SELF && self) ||
		    table[i].phase == ISMS_PHASE_DOC ||
		    (table[i].phase == ISMS_PHASE_HISTORY && dh))
			run_row(r, &table[i], rn, d, dh);
}

/* The k-th of the rows across the repository. */
static void run_repo(isms_report *r, size_t k, void *arg)
{
	size_t i;

	for (i = 0; i < NTABLE; i++)
		if (table[i].phase == ISMS_PHASE_REPO && k-- == 0) {
			run_row(r, &table[i], arg, NULL, NULL);
			return;
		}
}

/* A finding is dropped when its document suppresses its rule. An expired
 * or unjustified suppression is never in force (check_lint), and the
 * finding that says so cannot be suppressed. */
static int suppressed(const isms_model *m, const isms_finding *f)
{
	const isms_doc *d;
	size_t i;

	if (f->id == ISMS_RULE_SUPPRESSION_EXPIRED)
		return 0;
	d = isms_model_doc(m, f->path);
	if (!d || !d->ignore)
		return 0;
	for (i = 0; i < d->ignore->n; i++)
		if (!strcmp(d->ignore->items[i]->str, f->rule))
			return 1;
	return 0;
}

void isms_rules_run(isms_report *r, isms_model *m, const isms_lint_opts *opts)
{
	struct run rn = { { m, NULL, 0 }, { m->cfg, m->now }, 0,
		opts->no_history };
	const isms_doc **ids = calloc(m->ndocs + 1, sizeof(*ids));
	size_t i, first = r->n, keep, nrepo = 0;

	if (!ids)
		abort();
	for (i = 0; i < m->ndocs; i++)
		if (m->docs[i].id)
			ids[rn.cx.nid++] = &m->docs[i];
	qsort(ids, rn.cx.nid, sizeof(*ids), cmp_id);
	rn.cx.by_id = ids;
	/* A document the index leaves as HEAD has it, judged under HEAD's
	 * isms.yml, has HEAD's findings of these rows: when the caller
	 * compares with HEAD's, only the changed documents need them. */
	rn.only_changed = opts->unchanged_as_head && m->head_tree[0] &&
		!isms_model_staged(m, m->config_file);
	/* The rows across the repository run beside the documents': the
	 * report's order is its sort, whoever finds first. */
	for (i = 0; i < NTABLE; i++)
		nrepo += table[i].phase == ISMS_PHASE_REPO;
	isms_model_each_doc(m, r, opts, nrepo, run_repo, run_doc, &rn);
	/* isms.yml's rules: a rule set to off reports nothing; the others at
	 * the severity it gives. Then the documents' own suppressions. */
	for (i = keep = first; i < r->n; i++) {
		isms_finding *f = &r->findings[i];
		int set = m->cfg->severity ? m->cfg->severity[f->id] : 0;

		if (set)
			f->severity = (isms_severity)(set - 1);
		if (f->severity != ISMS_OFF && !suppressed(m, f))
			r->findings[keep++] = *f;
	}
	r->n = keep;
	free(ids);
}
