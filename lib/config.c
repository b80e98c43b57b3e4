/*
 * config.c - isms.yml over the embedded default.
 *
 * The default is itself YAML (so the README can show it verbatim) and goes
 * through the same loader as the user's file: one code path, one set of
 * checks. A type the user defines replaces the default type of that name.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char isms_default_config[] =
	"include: [\"**/*.md\"]\n"
	"exclude: [\"README.md\"]\n"
	"review_interval: 12 months\n"
	"types:\n"
	"  policy:\n"
	"    fields: [id, title, type, owner, version, status]\n"
	"    sections:\n"
	"      - {title: Management Intent, match: '(?i)^management\\s+(intent|commitment)'}\n"
	"      - {title: Process Definition, match: '(?i)^process(es)?\\s+definition'}\n"
	"      - {title: Resource Allocation, match: '(?i)^resource(s)?\\s+allocation'}\n"
	"      - {title: Interaction Methodology, match: '(?i)^interaction'}\n"
	"      - {title: Continuous Improvement, match: '(?i)^continu(al|ous)\\s+improvement'}\n"
	"  process:\n"
	"    fields: [id, title, type, owner, version, status]\n"
	"  procedure:\n"
	"    fields: [id, title, type, owner, version, status]\n"
	"  management-review:\n"
	"    fields: [id, title, type, owner, date, attendees, decisions]\n"
	"  internal-audit:\n"
	"    fields: [id, title, type, owner, date, scope, auditor]\n"
	"  nonconformity:\n"
	"    fields: [id, title, type, owner, raised, status]\n"
	"  training:\n"
	"    fields: [id, title, type, owner, date, course, attendees]\n"
	"  kpi:\n"
	"    fields: [id, title, type, owner, target, frequency]\n"
	"  measurement:\n"
	"    fields: [id, type, kpi, date, value]\n"
	"  risk:\n"
	"    fields: [id, title, type, owner, likelihood, impact, review]\n"
	"approval:\n"
	"  branch: main\n"
	"  sources: [merge, trailer]\n"
	"  separation_of_duties: true\n"
	"  require: claimed\n"
	"  allowed_signers: .isms/allowed_signers\n"
	"records:\n"
	"  management-review: 12 months\n"
	"  internal-audit: 12 months\n"
	"  training: 12 months\n"
	"  nonconformity-due: 30 days\n"
	"tickets:\n"
	"  pattern: '\\b[A-Z][A-Z0-9]+-[0-9]+\\b'\n"
	"  require_in_commits: false\n"
	"  label: isms\n"
	"  closed: [Done, Closed, Resolved]\n"
	"soa: soa.yml\n"
	"site_kinds:\n"
	"  office: {controls: [A.7.1, A.7.2, A.7.3, A.7.7]}\n"
	"  home: {controls: [A.6.7, A.8.1]}\n"
	"  cloud: {controls: [A.5.23]}\n"
	"risk:\n"
	"  threshold: 12\n";

/*
 * Loader state: where messages point, and the errors found. A loader goes
 * on after an error, to the next key or list item, so that one run names
 * every mistake in isms.yml with its line and column; it leaves out what
 * it could not read, and the load fails at the end.
 */
struct ld {
	isms_config *cfg;
	const char *path;
	isms_error *err;
	const char *text;        /* the YAML being loaded, for positions */
	size_t len;
	int nerr;
};

static int fail_at(struct ld *ld, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct ld *ld, int line, int col, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ld->nerr++;
	return isms_error_add(ld->err, ld->path, line, col, "%s", msg);
}

#define fail(ld, at, ...) \
	fail_at((ld), (at) ? (at)->line : 0, (at) ? (at)->col : 0, __VA_ARGS__)

static int want_str(const char **out, struct ld *ld, const isms_ynode *v,
	const char *what)
{
	if (!v || v->kind != ISMS_Y_SCALAR)
		return fail(ld, v, "%s must be a string", what);
	*out = v->str;
	return 0;
}

static int want_bool(int *out, struct ld *ld, const isms_ynode *v,
	const char *what)
{
	static const char *yes[] = { "true", "yes", "on" };
	static const char *no[] = { "false", "no", "off" };
	size_t i;

	if (v && v->kind == ISMS_Y_SCALAR && !v->quoted) {
		for (i = 0; i < 3; i++) {
			if (!strcasecmp(v->str, yes[i]))
				return *out = 1, 0;
			if (!strcasecmp(v->str, no[i]))
				return *out = 0, 0;
		}
	}
	return fail(ld, v, "%s must be true or false", what);
}

static int want_interval(isms_interval *out, struct ld *ld,
	const isms_ynode *v, const char *what)
{
	if (!v || v->kind != ISMS_Y_SCALAR || isms_interval_parse(out, v->str) < 0)
		return fail(ld, v, "%s must be an interval such as \"12 months\", "
			"\"90 days\", \"2 weeks\" or \"1 year\"", what);
	return 0;
}

/* A list of strings; a single string counts as a list of one. An item
 * that is no string is an error, and left out. */
static int want_list(const char ***out, size_t *n, struct ld *ld,
	const isms_ynode *v, const char *what)
{
	size_t i;
	int rc = 0;

	if (v && v->kind == ISMS_Y_SCALAR && !v->null) {
		*out = isms_arena_alloc(ld->cfg->arena, sizeof(char *));
		(*out)[0] = v->str;
		*n = 1;
		return 0;
	}
	if (!v || v->kind != ISMS_Y_SEQ)
		return fail(ld, v, "%s must be a list of strings", what);
	*out = isms_arena_alloc(ld->cfg->arena, (v->n + 1) * sizeof(char *));
	for (*n = 0, i = 0; i < v->n; i++)
		if (want_str(&(*out)[*n], ld, v->items[i], what) == 0)
			++*n;
		else
			rc = -1;
	return rc;
}

/* Reject keys the loader does not know, naming each: a typo in isms.yml
 * must not silently switch a check off. */
static int check_keys(struct ld *ld, const isms_ynode *map, const char *what,
	const char *const *known)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < map->n; i++) {
		for (k = 0; known[k]; k++)
			if (!strcmp(map->keys[i]->str, known[k]))
				break;
		if (!known[k]) {
			const char *dym = isms_suggest_list(map->keys[i]->str,
				known);

			rc = fail(ld, map->keys[i], "unknown key \"%s\" in %s%s%s%s",
				map->keys[i]->str, what, ISMS_DID_YOU_MEAN(dym));
		}
	}
	return rc;
}

/* A mapping, its unknown keys reported (0 also then: its known keys are
 * still read); -1 when it is no mapping at all. */
static int want_map(struct ld *ld, const isms_ynode *v, const char *what,
	const char *const *known)
{
	if (!v || v->kind != ISMS_Y_MAP)
		return fail(ld, v, "%s must be a mapping", what);
	if (known)
		check_keys(ld, v, what, known);
	return 0;
}

/* The string at `key` of map `m` into *out, when there is one. */
static void opt_str(const char **out, struct ld *ld, const isms_ynode *m,
	const char *key)
{
	const isms_ynode *x = isms_yaml_get(m, key);

	if (x)
		want_str(out, ld, x, key);
}

static void opt_bool(int *out, struct ld *ld, const isms_ynode *m,
	const char *key)
{
	const isms_ynode *x = isms_yaml_get(m, key);

	if (x)
		want_bool(out, ld, x, key);
}

static void opt_interval(isms_interval *out, struct ld *ld,
	const isms_ynode *m, const char *key)
{
	const isms_ynode *x = isms_yaml_get(m, key);

	if (x)
		want_interval(out, ld, x, key);
}

static void opt_list(const char ***out, size_t *n, struct ld *ld,
	const isms_ynode *m, const char *key)
{
	const isms_ynode *x = isms_yaml_get(m, key);

	if (x)
		want_list(out, n, ld, x, key);
}

static void load_roles(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "name", "email", "login",
		"approver", NULL };
	isms_config *cfg = ld->cfg;
	size_t i;

	if ((v->kind == ISMS_Y_SCALAR && v->null) ||
	    want_map(ld, v, "roles", NULL) < 0)
		return;
	cfg->roles = isms_arena_alloc(cfg->arena, (v->n + 1) * sizeof(*cfg->roles));
	for (i = 0; i < v->n; i++) {
		isms_role *r = &cfg->roles[cfg->nroles];
		const isms_ynode *m = v->items[i];

		memset(r, 0, sizeof(*r));
		if (want_map(ld, m, "a role", known) < 0)
			continue;
		r->key = v->keys[i]->str;
		opt_str(&r->name, ld, m, "name");
		opt_str(&r->email, ld, m, "email");
		opt_str(&r->login, ld, m, "login");
		opt_bool(&r->approver, ld, m, "approver");
		cfg->nroles++;
	}
}

static void load_staff(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "name", "email", NULL };
	isms_config *cfg = ld->cfg;
	size_t i;

	if (v->kind == ISMS_Y_SCALAR && v->null)
		return;
	if (v->kind != ISMS_Y_SEQ) {
		fail(ld, v, "staff must be a list of {name, email}");
		return;
	}
	cfg->staff = isms_arena_alloc(cfg->arena, (v->n + 1) * sizeof(*cfg->staff));
	for (i = 0; i < v->n; i++) {
		const isms_ynode *m = v->items[i], *x;
		isms_person *p = &cfg->staff[cfg->nstaff];

		memset(p, 0, sizeof(*p));   /* a slot an error left is reused */
		if (want_map(ld, m, "a staff entry", known) < 0)
			continue;
		opt_str(&p->name, ld, m, "name");
		if (!(x = isms_yaml_get(m, "email")))
			fail(ld, m, "a staff entry needs an email");
		else if (want_str(&p->email, ld, x, "email") == 0)
			cfg->nstaff++;
	}
}

/* The file column of byte `off` of the pattern written as scalar `v`. A
 * quoted scalar holds escapes ("\\d", 'it''s'), so walk its source line,
 * counting an escape as the one character it stands for. */
static int pattern_col(const struct ld *ld, const isms_ynode *v, size_t off)
{
	const char *p = ld->text, *end = ld->text + ld->len;
	char q;
	int line = 1, col;

	while (p < end && line < v->line)
		if (*p++ == '\n')
			line++;
	if (!v->quoted || p + v->col > end)
		return v->col + (int)off;
	p += v->col - 1;
	q = *p++;
	col = v->col + 1;
	for (; off > 0 && p < end && *p != '\n'; off--, p++, col++) {
		if ((q == '"' && *p == '\\') || (q == '\'' && *p == '\'' && p[1] == '\'')) {
			p++;
			col++;
		}
	}
	return col;
}

/* The pattern at `x`, compiled into *out; an invalid one is an error at
 * the place in the pattern the compiler names. */
static int want_re(isms_re **out, const char **str, struct ld *ld,
	const isms_ynode *x, const char *what)
{
	isms_error rerr = { 0 };

	if (want_str(str, ld, x, what) < 0)
		return -1;
	if (isms_re_compile(out, *str, &rerr) < 0)
		return fail_at(ld, x->line, pattern_col(ld, x, rerr.col ?
			(size_t)rerr.col - 1 : 0), "invalid pattern: %s", rerr.msg);
	return 0;
}

static void load_sections(struct ld *ld, isms_type *t, const isms_ynode *v)
{
	static const char *const known[] = { "title", "match", NULL };
	size_t i;

	if (v->kind != ISMS_Y_SEQ) {
		fail(ld, v, "sections must be a list of {title, match}");
		return;
	}
	t->sections = isms_arena_alloc(ld->cfg->arena, (v->n + 1) * sizeof(*t->sections));
	for (i = 0; i < v->n; i++) {
		const isms_ynode *m = v->items[i], *x;
		isms_section_req *s = &t->sections[t->nsections];

		memset(s, 0, sizeof(*s));
		if (want_map(ld, m, "a section", known) < 0)
			continue;
		if (!(x = isms_yaml_get(m, "match"))) {
			fail(ld, m, "a section needs a match pattern");
			continue;
		}
		if (want_re(&s->re, &s->match, ld, x, "match") < 0)
			continue;
		t->nsections++;
		s->title = s->match;
		opt_str(&s->title, ld, m, "title");
	}
}

static void free_type(isms_type *t)
{
	size_t i;

	for (i = 0; i < t->nsections; i++)
		isms_re_free(t->sections[i].re);
	t->nsections = 0;
}

static void load_types(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "fields", "optional", "sections",
		"ordered", NULL };
	isms_config *cfg = ld->cfg;
	size_t i, j;
	isms_type *all;

	if (want_map(ld, v, "types", NULL) < 0)
		return;
	all = isms_arena_alloc(cfg->arena, (cfg->ntypes + v->n + 1) * sizeof(*all));
	if (cfg->ntypes)
		memcpy(all, cfg->types, cfg->ntypes * sizeof(*all));
	cfg->types = all;
	for (i = 0; i < v->n; i++) {
		const isms_ynode *m = v->items[i], *x;
		isms_type *t = NULL;

		for (j = 0; j < cfg->ntypes; j++)
			if (!strcmp(cfg->types[j].name, v->keys[i]->str))
				t = &cfg->types[j];
		if (t)
			free_type(t);
		else
			t = &cfg->types[cfg->ntypes++];
		memset(t, 0, sizeof(*t));
		t->name = v->keys[i]->str;
		if ((m->kind == ISMS_Y_SCALAR && m->null) ||
		    want_map(ld, m, "a type", known) < 0)
			continue;
		opt_list(&t->fields, &t->nfields, ld, m, "fields");
		opt_list(&t->optional, &t->noptional, ld, m, "optional");
		opt_bool(&t->ordered, ld, m, "ordered");
		if ((x = isms_yaml_get(m, "sections")))
			load_sections(ld, t, x);
	}
}

static void load_approval(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "branch", "sources",
		"separation_of_duties", "require", "allowed_signers",
		"revoked_signers", "openpgp_keys", "forge_signers", "governed",
		NULL };
	static const char *const levels[] = { "claimed", "forge-review",
		"signed", NULL };
	isms_config *cfg = ld->cfg;
	const isms_ynode *x;
	const char **src, *level = NULL;
	size_t n, i;
	int k, merge = 0, trailer = 0;

	if (want_map(ld, v, "approval", known) < 0)
		return;
	opt_str(&cfg->approval_branch, ld, v, "branch");
	opt_bool(&cfg->separation_of_duties, ld, v, "separation_of_duties");
	if ((x = isms_yaml_get(v, "require")) &&
	    want_str(&level, ld, x, "require") == 0) {
		if ((k = isms_name_index(levels, level)) < 0)
			fail(ld, x, "unknown evidence level \"%s\" (claimed, "
				"forge-review, signed)", level);
		else
			cfg->require = (isms_evidence)(k + 1);
	}
	opt_str(&cfg->allowed_signers, ld, v, "allowed_signers");
	opt_str(&cfg->revoked_signers, ld, v, "revoked_signers");
	opt_str(&cfg->openpgp_keys, ld, v, "openpgp_keys");
	opt_list(&cfg->forge_signers, &cfg->nforge_signers, ld, v, "forge_signers");
	opt_list(&cfg->governed, &cfg->ngoverned, ld, v, "governed");
	if (!(x = isms_yaml_get(v, "sources")) ||
	    want_list(&src, &n, ld, x, "sources") < 0)
		return;
	for (i = 0; i < n; i++) {
		if (!strcmp(src[i], "merge"))
			merge = 1;
		else if (!strcmp(src[i], "trailer"))
			trailer = 1;
		else
			fail(ld, x->kind == ISMS_Y_SEQ ? x->items[i] : x,
				"unknown approval source \"%s\" (merge, trailer)",
				src[i]);
	}
	cfg->approve_merge = merge;
	cfg->approve_trailer = trailer;
}

static void load_records(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "management-review",
		"internal-audit", "training", "nonconformity-due", NULL };
	isms_config *cfg = ld->cfg;

	if (want_map(ld, v, "records", known) < 0)
		return;
	opt_interval(&cfg->nc_due, ld, v, "nonconformity-due");
	opt_interval(&cfg->rec_review, ld, v, "management-review");
	opt_interval(&cfg->rec_audit, ld, v, "internal-audit");
	opt_interval(&cfg->rec_training, ld, v, "training");
}

static void load_tickets(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "pattern", "url",
		"require_in_commits", "export", "label", "closed", NULL };
	isms_config *cfg = ld->cfg;
	const isms_ynode *x;
	isms_re *re;

	if (want_map(ld, v, "tickets", known) < 0)
		return;
	if ((x = isms_yaml_get(v, "pattern")) &&
	    want_re(&re, &cfg->ticket_pattern, ld, x, "pattern") == 0) {
		isms_re_free(cfg->ticket_re);
		cfg->ticket_re = re;
	}
	opt_str(&cfg->ticket_url, ld, v, "url");
	opt_bool(&cfg->require_tickets, ld, v, "require_in_commits");
	opt_str(&cfg->tickets_export, ld, v, "export");
	opt_str(&cfg->tickets_label, ld, v, "label");
	opt_list(&cfg->tickets_closed, &cfg->ntickets_closed, ld, v, "closed");
}

/* templates: DIR (the starter template set template/unchanged compares
 * with), or false: no comparison. */
static void load_templates(struct ld *ld, const isms_ynode *v)
{
	isms_config *cfg = ld->cfg;
	int on = 1;

	if (v->kind == ISMS_Y_SCALAR && !v->quoted && (!strcasecmp(v->str,
	    "false") || !strcasecmp(v->str, "no") || !strcasecmp(v->str, "off") ||
	    !strcasecmp(v->str, "true") || !strcasecmp(v->str, "yes") ||
	    !strcasecmp(v->str, "on"))) {
		want_bool(&on, ld, v, "templates");
		cfg->templates_off = !on;
		cfg->templates = NULL;
		return;
	}
	if (want_str(&cfg->templates, ld, v, "templates") == 0 &&
	    !*cfg->templates)
		fail(ld, v, "templates must name a folder, or be false");
	cfg->templates_off = 0;
}

static void load_markdown(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "heading_ids", NULL };

	if (want_map(ld, v, "markdown", known) < 0)
		return;
	opt_bool(&ld->cfg->heading_ids, ld, v, "heading_ids");
}

/*
 * A map of keys (rule ids, or the verdict's grade keys) to levels named in
 * `levels` (NULL-terminated, weakest first), into (*out)[key] as the
 * level's index + 1; *out, of `nkeys` bytes, is made on first use. `find`
 * gives a key's index or -1, `suggest` the closest key to a misspelt one.
 * Every unknown key and level is an error with its line and column.
 */
static void load_levels(struct ld *ld, const isms_ynode *map,
	const char *what, unsigned char **out, size_t nkeys,
	int (*find)(const char *), const char *(*suggest)(const char *),
	const char *const *levels, const char *level_what)
{
	isms_config *cfg = ld->cfg;
	const char *name = NULL, *dym;
	char list[64] = "";
	size_t i, len = 0;
	int key, k;

	if (want_map(ld, map, what, NULL) < 0)
		return;
	for (k = 0; levels[k]; k++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
			k ? ", " : "", levels[k]);
	if (!*out)
		*out = isms_arena_alloc(cfg->arena, nkeys);
	for (i = 0; i < map->n; i++) {
		const isms_ynode *kn = map->keys[i], *vn = map->items[i];

		if ((key = find(kn->str)) < 0) {
			dym = suggest(kn->str);
			fail(ld, kn, "unknown rule \"%s\" in %s%s%s%s "
				"(isms-lint --list-rules)", kn->str, what,
				ISMS_DID_YOU_MEAN(dym));
		} else if (want_str(&name, ld, vn, kn->str) == 0) {
			if ((k = isms_name_index(levels, name)) < 0)
				fail(ld, vn, "unknown %s \"%s\" for %s (%s)",
					level_what, name, kn->str, list);
			else
				(*out)[key] = (unsigned char)(k + 1);
		}
	}
}

static int rule_index(const char *id)
{
	const isms_rule_info *r = isms_rule_find(id);
	size_t n;

	return r ? (int)(r - isms_rules(&n)) : -1;
}

/* rules: {RULE: error|warning|off}: a rule's severity for the whole
 * repository, over its default (isms-lint --list-rules). */
static void load_rules(struct ld *ld, const isms_ynode *v)
{
	static const char *const levels[] = { "off", "warning", "error", NULL };

	load_levels(ld, v, "rules", &ld->cfg->severity, ISMS_NRULES,
		rule_index, isms_rule_suggest, levels, "severity");
}

/* audit: {grades: {KEY: major|minor|observation}}: the grade of the gaps
 * of a lint rule or of a check of the verdict (lib/audit.c). */
static void load_audit(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "grades", NULL };
	static const char *const grades[] = { "observation", "minor", "major",
		NULL };
	const isms_ynode *g;

	if (want_map(ld, v, "audit", known) < 0 ||
	    !(g = isms_yaml_get(v, "grades")))
		return;
	load_levels(ld, g, "audit.grades", &ld->cfg->audit_grades,
		ISMS_AUDIT_NKEYS, isms_audit_key_find, isms_audit_key_suggest,
		grades, "grade");
}

/* ---- sites and risks (PRODUCT.md section 7) */

/* site_kinds: {KIND: {controls: [A.x.y, ...]}}; a kind isms.yml defines
 * replaces the embedded one of that name. */
static void load_site_kinds(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "controls", NULL };
	isms_config *cfg = ld->cfg;
	isms_site_kind *all;
	size_t i, j, k;

	if (want_map(ld, v, "site_kinds", NULL) < 0)
		return;
	all = isms_arena_alloc(cfg->arena,
		(cfg->nsite_kinds + v->n + 1) * sizeof(*all));
	if (cfg->nsite_kinds)
		memcpy(all, cfg->site_kinds, cfg->nsite_kinds * sizeof(*all));
	cfg->site_kinds = all;
	for (i = 0; i < v->n; i++) {
		const isms_ynode *m = v->items[i], *c;
		isms_site_kind *t = NULL;

		for (j = 0; j < cfg->nsite_kinds; j++)
			if (!strcmp(cfg->site_kinds[j].name, v->keys[i]->str))
				t = &cfg->site_kinds[j];
		if (!t)
			t = &cfg->site_kinds[cfg->nsite_kinds++];
		memset(t, 0, sizeof(*t));
		t->name = v->keys[i]->str;
		if (want_map(ld, m, "a site kind", known) < 0)
			continue;
		if (!(c = isms_yaml_get(m, "controls")) || c->kind != ISMS_Y_SEQ) {
			fail(ld, c ? c : m, "a site kind needs \"controls:\", a list "
				"of Annex A ids such as [A.7.1, A.7.2]");
			continue;
		}
		t->controls = isms_arena_alloc(cfg->arena,
			(c->n + 1) * sizeof(*t->controls));
		for (k = 0; k < c->n; k++) {
			const char *s = isms_yaml_str(c->items[k]);
			const isms_control *ct = s ? isms_catalog_find(s, NULL) : NULL;

			if (!ct) {
				fail(ld, c->items[k], "\"%s\" is not an ISO/IEC "
					"27001:2022 Annex A control (A.5.1 to A.8.34)",
					s ? s : "");
				continue;
			}
			for (j = 0; j < t->ncontrols && t->controls[j] != ct; j++)
				;
			if (j == t->ncontrols)
				t->controls[t->ncontrols++] = ct;
		}
	}
}

/* sites: {KEY: {kind, name, provider?}}: replaces any earlier list. */
static void load_sites(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "kind", "name", "provider", NULL };
	isms_config *cfg = ld->cfg;
	size_t i;

	if (v->kind == ISMS_Y_SCALAR && v->null) {
		cfg->nsites = 0;
		return;
	}
	if (want_map(ld, v, "sites", NULL) < 0)
		return;
	cfg->sites = isms_arena_alloc(cfg->arena, (v->n + 1) * sizeof(*cfg->sites));
	cfg->nsites = 0;
	for (i = 0; i < v->n; i++) {
		const isms_ynode *m = v->items[i], *x;
		isms_site *st = &cfg->sites[cfg->nsites];

		memset(st, 0, sizeof(*st));
		st->key = v->keys[i]->str;
		st->line = v->keys[i]->line;
		st->col = v->keys[i]->col;
		if (want_map(ld, m, "a site", known) < 0)
			continue;
		if (!(x = isms_yaml_get(m, "kind"))) {
			fail(ld, m, "site \"%s\" needs a kind (office, home, cloud, "
				"or one of site_kinds)", st->key);
			continue;
		}
		if (want_str(&st->kind, ld, x, "kind") < 0)
			continue;
		/* Its kind is looked up once every kind is loaded, and a
		 * kind nobody defines is then an error at this value. */
		st->kind_line = x->line;
		st->kind_col = x->col;
		st->name = st->key;
		opt_str(&st->name, ld, m, "name");
		opt_str(&st->provider, ld, m, "provider");
		cfg->nsites++;
	}
}

/* Each site's kind, now that the file's site_kinds are loaded too. */
static void resolve_sites(struct ld *ld)
{
	isms_config *cfg = ld->cfg;
	size_t i, k;

	for (i = 0; i < cfg->nsites; i++) {
		isms_site *st = &cfg->sites[i];
		isms_buf kinds = ISMS_BUF_INIT;

		if (st->def || (st->def = isms_config_site_kind(cfg, st->kind)))
			continue;
		for (k = 0; k < cfg->nsite_kinds; k++)
			isms_buf_printf(&kinds, "%s%s", k ? ", " : "",
				cfg->site_kinds[k].name);
		fail_at(ld, st->kind_line, st->kind_col, "site \"%s\" is of kind \"%s\", which site_kinds "
			"does not define (kinds: %s)", st->key, st->kind, kinds.ptr);
		isms_buf_release(&kinds);
	}
}

/* risk: {threshold: N}, a score from 1 to 25. */
static void load_risk(struct ld *ld, const isms_ynode *v)
{
	static const char *const known[] = { "threshold", NULL };
	const isms_ynode *x;
	char *end;
	long n;

	if (want_map(ld, v, "risk", known) < 0 ||
	    !(x = isms_yaml_get(v, "threshold")))
		return;
	n = x->kind == ISMS_Y_SCALAR && !x->null ? strtol(x->str, &end, 10) : 0;
	if (x->kind != ISMS_Y_SCALAR || x->null || *end || n < 1 || n > 25) {
		fail(ld, x, "threshold must be a risk score from 1 to 25 "
			"(likelihood x impact)");
		return;
	}
	ld->cfg->risk_threshold = (int)n;
}

const isms_site *isms_config_site(const isms_config *cfg, const char *key)
{
	size_t i;

	for (i = 0; key && i < cfg->nsites; i++)
		if (!strcmp(cfg->sites[i].key, key))
			return &cfg->sites[i];
	return NULL;
}

const isms_site_kind *isms_config_site_kind(const isms_config *cfg,
	const char *name)
{
	size_t i;

	for (i = 0; name && i < cfg->nsite_kinds; i++)
		if (!strcmp(cfg->site_kinds[i].name, name))
			return &cfg->site_kinds[i];
	return NULL;
}

/* ---- end of sites and risks */

static void load_root(struct ld *ld, const isms_ynode *root)
{
	static const char *const known[] = { "organisation", "organization",
		"include", "exclude", "review_interval", "roles", "staff", "types",
		"approval", "records", "tickets", "markdown", "soa", "audit",
		"sites", "site_kinds", "risk", "templates", "rules", NULL };
	static const struct {
		const char *key;
		void (*load)(struct ld *, const isms_ynode *);
	} parts[] = {
		{ "roles", load_roles }, { "staff", load_staff },
		{ "types", load_types }, { "approval", load_approval },
		{ "records", load_records }, { "tickets", load_tickets },
		{ "markdown", load_markdown }, { "audit", load_audit },
		{ "rules", load_rules },
		{ "site_kinds", load_site_kinds }, { "sites", load_sites },
		{ "risk", load_risk },
		{ "templates", load_templates },
	};
	isms_config *cfg = ld->cfg;
	const isms_ynode *x;
	size_t i;

	if (!root || want_map(ld, root, "isms.yml", known) < 0)
		return;
	if ((x = isms_yaml_get(root, "organisation")) ||
	    (x = isms_yaml_get(root, "organization")))
		want_str(&cfg->organisation, ld, x, "organisation");
	opt_list(&cfg->include, &cfg->ninclude, ld, root, "include");
	opt_list(&cfg->exclude, &cfg->nexclude, ld, root, "exclude");
	opt_interval(&cfg->review_interval, ld, root, "review_interval");
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((x = isms_yaml_get(root, parts[i].key)))
			parts[i].load(ld, x);
	resolve_sites(ld);
	opt_str(&cfg->soa, ld, root, "soa");
}

static int load_text(struct ld *ld, const char *text, size_t len)
{
	isms_ynode *root = NULL;
	isms_yissue *issues = NULL, *is;

	ld->text = text;
	ld->len = len;
	if (isms_yaml_parse(&root, &issues, ld->cfg->arena, text, len, 1, ld->err) < 0) {
		if (ld->err)
			snprintf(ld->err->path, sizeof(ld->err->path), "%s", ld->path);
		return -1;
	}
	/* A duplicate key in the configuration is ambiguous: refuse it. */
	for (is = issues; is; is = is->next)
		fail_at(ld, is->line, is->col, "%s", is->msg);
	load_root(ld, root);
	return ld->nerr ? -1 : 0;
}

int isms_config_load(isms_config **out, const char *path, const char *text,
	size_t len, isms_error *err)
{
	isms_config *cfg = calloc(1, sizeof(*cfg));
	struct ld ld = { cfg, "(embedded default)", err, NULL, 0, 0 };

	if (!cfg)
		return isms_error_set(err, path, 0, 0, "out of memory");
	cfg->arena = isms_arena_new();
	*out = NULL;
	if (load_text(&ld, isms_default_config, strlen(isms_default_config)) < 0)
		goto fail;
	cfg->hash = isms_hash64(isms_default_config, strlen(isms_default_config), 0);
	if (text) {
		cfg->path = path ? isms_arena_strdup(cfg->arena, path) : NULL;
		ld.path = path ? path : "isms.yml";
		if (load_text(&ld, text, len) < 0)
			goto fail;
		cfg->hash = isms_hash64(text, len, cfg->hash);
	}
	*out = cfg;
	return 0;
fail:
	isms_config_free(cfg);
	return -1;
}

void isms_config_free(isms_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->ntypes; i++)
		free_type(&cfg->types[i]);
	isms_re_free(cfg->ticket_re);
	isms_arena_free(cfg->arena);
	free(cfg);
}

const isms_type *isms_config_type(const isms_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; name && i < cfg->ntypes; i++)
		if (!strcmp(cfg->types[i].name, name))
			return &cfg->types[i];
	return NULL;
}

const isms_role *isms_config_role(const isms_config *cfg, const char *key)
{
	size_t i;

	for (i = 0; key && i < cfg->nroles; i++)
		if (!strcmp(cfg->roles[i].key, key))
			return &cfg->roles[i];
	return NULL;
}

int isms_config_in_scope(const isms_config *cfg, const char *rel)
{
	size_t i;
	int in = 0;

	for (i = 0; i < cfg->ninclude && !in; i++)
		in = isms_glob_match(cfg->include[i], rel);
	for (i = 0; i < cfg->nexclude && in; i++)
		in = !isms_glob_match(cfg->exclude[i], rel);
	return in;
}

int isms_config_trust(const isms_config *cfg, const char *rel)
{
	const char *one[4] = { "isms.yml", cfg->allowed_signers,
		cfg->revoked_signers, cfg->openpgp_keys };
	size_t i;

	for (i = 0; i < 4; i++)
		if (one[i] && !strcmp(one[i], rel))
			return 1;
	for (i = 0; i < cfg->nforge_signers; i++)
		if (!strcmp(cfg->forge_signers[i], rel))
			return 1;
	return 0;
}

int isms_config_governed(const isms_config *cfg, const char *rel)
{
	size_t i;

	if (isms_config_trust(cfg, rel) || !strcmp(cfg->soa, rel))
		return 1;
	for (i = 0; i < cfg->ngoverned; i++)
		if (isms_glob_match(cfg->governed[i], rel))
			return 1;
	return 0;
}

int isms_config_controls(const isms_config *cfg, const char *rel)
{
	return isms_config_in_scope(cfg, rel) || isms_config_governed(cfg, rel);
}
