/*
 * adopt.c - bring an existing repository of Markdown into the conventions
 * (isms-new adopt).
 *
 * Only front matter is written: a document's new text is its old text up
 * to its YAML, the new YAML, and its old text from the end of the YAML on,
 * byte for byte. The YAML is edited line by line (keys renamed, a few
 * values replaced, missing fields appended), so that comments and the
 * order of what was there survive, and the diff an approver reads is
 * short. Ids, type folders and prefixes come from lib/scaffold.c, as for
 * isms-new doc.
 */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_MAP 64
#define MAX_SLUG 40
#define DEFAULT_OWNER "ciso"

/* Files that are about the repository, not documents: skipped without an
 * isms.yml, and excluded in the one written (README.md is the default). */
static const char *const not_documents[] = { "README.md", "CHANGELOG.md",
	"CONTRIBUTING.md", "LICENSE.md", "CODE_OF_CONDUCT.md", NULL };

/* ---------------------------------------------------------------- pure parts */

static int key_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		(!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* Whether the line [s, e) is "key:" or "key: ..." at column 1. */
static int key_line(const char *s, const char *e)
{
	if (s == e || !key_char(*s, 1))
		return 0;
	while (s < e && key_char(*s, 0))
		s++;
	return s < e && *s == ':' && (s + 1 == e || s[1] == ' ' ||
		s[1] == '\t' || s[1] == '\r');
}

int isms_adopt_bare_block(size_t *yaml_end, size_t *body, const char *text,
	size_t len)
{
	size_t at = len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0;
	int first = 1;

	*yaml_end = *body = 0;
	while (at < len) {
		const char *s = text + at, *nl = memchr(s, '\n', len - at),
			*e = nl ? nl : text + len, *t = e;

		while (t > s && (t[-1] == '\r' || t[-1] == ' '))
			t--;
		if (!first && t - s == 3 && !memcmp(s, "---", 3)) {
			*yaml_end = at;
			*body = nl ? (size_t)(nl + 1 - text) : len;
			return 1;
		}
		if (first ? !key_line(s, t) : !(key_line(s, t) || t == s ||
		    *s == ' ' || *s == '\t' || *s == '#' || *s == '-'))
			return 0;
		first = 0;
		at = nl ? (size_t)(nl + 1 - text) : len;
	}
	return 0;
}

/* The next control reference in s from *at: "A.5.1", "5.1", "A.9.2.1";
 * its text into ref (NUL-terminated), *at moved past it. 0 when none. */
static int next_ref(char ref[16], const char *s, size_t *at)
{
	size_t i = *at, n;

	for (; s[i]; i++) {
		size_t j = i, dots = 0;

		if ((s[j] == 'A' || s[j] == 'a') && s[j + 1] == '.' &&
		    (i == 0 || !key_char(s[i - 1], 0)))
			j += 2;
		else if (!(s[j] >= '0' && s[j] <= '9') ||
		    (i > 0 && (key_char(s[i - 1], 0) || s[i - 1] == '.')))
			continue;
		if (!(s[j] >= '0' && s[j] <= '9'))
			continue;
		while ((s[j] >= '0' && s[j] <= '9') || (s[j] == '.' &&
		    s[j + 1] >= '0' && s[j + 1] <= '9' && ++dots))
			j++;
		if (!dots)
			continue;
		n = j - i;
		if (n >= 16)
			n = 15;
		memcpy(ref, s + i, n);
		ref[n] = '\0';
		*at = j;
		return 1;
	}
	*at = i;
	return 0;
}

size_t isms_adopt_controls(isms_buf *ids, isms_buf *unknown, const char *s)
{
	char ref[16];
	size_t at = 0, n = 0;

	isms_buf_putc(ids, '[');
	while (next_ref(ref, s, &at)) {
		const isms_control *c = isms_catalog_find(ref, NULL);

		/* "A.5.17 - Authentication information 5.1 of the policy":
		 * only the first reference of each item separated by , ; or a
		 * new line counts, so that numbers in a title do not. */
		isms_buf_puts(ids, n++ ? ", " : "");
		if (c) {
			isms_buf_printf(ids, "A.%s", c->id);
		} else {
			isms_buf_puts(ids, ref);
			isms_buf_printf(unknown, "%s, ", ref);
		}
		while (s[at] && !strchr(",;\n", s[at]))
			at++;
	}
	isms_buf_putc(ids, ']');
	return n;
}

/* Split a table row [s, e) into cells: trimmed, "\|" unescaped. */
static size_t cells(char **out, size_t max, char *s, char *e)
{
	size_t n = 0;
	char *w, *start;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (s < e && *s == '|')
		s++;
	if (e > s && e[-1] == '|' && (e - 1 == s || e[-2] != '\\'))
		e--;
	while (s <= e && n < max) {
		start = w = s;
		while (s < e && *s != '|') {
			if (*s == '\\' && s + 1 < e && s[1] == '|')
				s++;
			*w++ = *s++;
		}
		while (start < w && (*start == ' ' || *start == '\t'))
			start++;
		while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
			w--;
		*w = '\0';
		out[n++] = start;
		s++;
	}
	return n;
}

static int is_delimiter_row(char **c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = c[i];
		if (*s == ':')
			s++;
		if (*s != '-')
			return 0;
		while (*s == '-')
			s++;
		if (*s == ':')
			s++;
		if (*s)
			return 0;
	}
	return n > 0;
}

/* The first column whose header holds one of `words` (case ignored), or -1. */
static int column(char **h, size_t n, const char *const *words)
{
	size_t i, w;

	for (w = 0; words[w]; w++)
		for (i = 0; i < n; i++)
			if (strcasestr(h[i], words[w]))
				return (int)i;
	return -1;
}

/* A cell's yes/no: 1, 0, or -1 when it says neither. */
static int yes_no(const char *s)
{
	static const char *const yes[] = { "yes", "y", "true", "x", "\xe2\x9c\x93",
		"\xe2\x9c\x94", "applicable", "included", "in scope", NULL };
	static const char *const no[] = { "no", "n", "false", "-", "n/a",
		"\xe2\x9c\x97", "\xe2\x9c\x98", "not applicable", "excluded",
		"out of scope", NULL };
	size_t i, k;

	for (i = 0; no[i]; i++)
		if (!strncasecmp(s, no[i], k = strlen(no[i])) && !key_char(s[k], 0))
			return 0;
	for (i = 0; yes[i]; i++)
		if (!strncasecmp(s, yes[i], k = strlen(yes[i])) && !key_char(s[k], 0))
			return 1;
	return -1;
}

/* soa.yml's status for a cell, "" for an empty one, NULL when unknown. */
static const char *status_of(const char *s)
{
	static const struct { const char *says, *status; } st[] = {
		{ "not implemented", "not-implemented" },
		{ "not-implemented", "not-implemented" }, { "no", "not-implemented" },
		{ "none", "not-implemented" }, { "partial", "partial" },
		{ "in progress", "partial" }, { "planned", "planned" },
		{ "to do", "planned" }, { "todo", "planned" },
		{ "implemented", "implemented" }, { "fully", "implemented" },
		{ "done", "implemented" }, { "yes", "implemented" },
	};
	size_t i;

	if (!*s)
		return "";
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (!strncasecmp(s, st[i].says, strlen(st[i].says)))
			return st[i].status;
	return NULL;
}

static void put_dquoted(isms_buf *out, const char *s)
{
	isms_buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			isms_buf_putc(out, '\\');
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			isms_buf_putc(out, ' ');
		else
			isms_buf_putc(out, *s);
	}
	isms_buf_putc(out, '"');
}

#define MAX_CELLS 32

size_t isms_adopt_soa_table(isms_buf *soa, isms_buf *problems,
	const char *path, const char *body, size_t len, int first_line)
{
	static const char *const w_id[] = { "control id", "id", "ref",
		"control", "annex", NULL };
	static const char *const w_app[] = { "applicab", "included", "in scope",
		"selected", NULL };
	static const char *const w_just[] = { "justif", "reason", "rationale",
		NULL };
	static const char *const w_st[] = { "status", "implement", NULL };
	char *copy = malloc(len + 1), *line = copy, *c[MAX_CELLS];
	size_t nh = 0, rows = 0;
	int lineno = first_line, in_table = 0, cid = -1, capp = -1, cjust = -1,
		cst = -1, prev_header = 0;
	char prev[4096];

	if (!copy)
		abort();
	memcpy(copy, body, len);
	copy[len] = '\0';
	prev[0] = '\0';
	while (line <= copy + len) {
		char *nl = strchr(line, '\n'), *e = nl ? nl : copy + len;
		size_t n;
		char raw[4096];
		int fits = e - line < (long)sizeof(raw);

		/* cells() cuts the line up: the header is kept as it was. */
		if (fits) {
			memcpy(raw, line, (size_t)(e - line));
			raw[e - line] = '\0';
		}

		if (in_table) {
			n = memchr(line, '|', (size_t)(e - line)) ? cells(c, MAX_CELLS,
				line, e) : 0;
			if (n == 0) {
				in_table = 0;
			} else {
				char ref[16];
				size_t at = 0;
				const isms_control *ctl = NULL;
				const isms_legacy *old = NULL;
				int app = capp < (int)n ? yes_no(c[capp]) : -1;
				const char *st = cst >= 0 && cst < (int)n ?
					status_of(c[cst]) : "";

				if (cid < (int)n && next_ref(ref, c[cid], &at))
					ctl = isms_catalog_find(ref, &old);
				if (!ctl) {
					isms_buf_printf(problems, "%s:%d:1: no ISO/IEC 27001:2022 "
						"control in \"%.60s\"%s%s%s; row left out\n", path,
						lineno, cid < (int)n ? c[cid] : "",
						old ? " (a 2013 id; its 2022 successor is " : "",
						old ? old->new_ids : "", old ? ")" : "");
				} else if (app < 0) {
					isms_buf_printf(problems, "%s:%d:1: A.%s: applicability "
						"\"%.40s\" is neither yes nor no; row left out\n",
						path, lineno, ctl->id, capp < (int)n ? c[capp] : "");
				} else {
					isms_buf_printf(soa, "  A.%s: {applicable: %s", ctl->id,
						app ? "true" : "false");
					if (!st)
						isms_buf_printf(problems, "%s:%d:1: A.%s: status "
							"\"%.40s\" is not one of implemented, partial, "
							"planned, not-implemented; left out\n", path,
							lineno, ctl->id, c[cst]);
					else if (*st && app)
						isms_buf_printf(soa, ", status: %s", st);
					if (cjust >= 0 && cjust < (int)n && *c[cjust]) {
						isms_buf_puts(soa, ", justification: ");
						put_dquoted(soa, c[cjust]);
					}
					isms_buf_puts(soa, "}\n");
					rows++;
				}
			}
		}
		if (!in_table) {
			/* A header row, then a delimiter row of as many cells. */
			n = memchr(line, '|', (size_t)(e - line)) ? cells(c, MAX_CELLS,
				line, e) : 0;
			if (prev_header && n == nh && is_delimiter_row(c, n)) {
				char *hc[MAX_CELLS];
				char hb[4096];

				memcpy(hb, prev, sizeof(hb));
				if (cells(hc, MAX_CELLS, hb, hb + strlen(hb)) != nh)
					nh = 0;
				cid = column(hc, nh, w_id);
				capp = column(hc, nh, w_app);
				cjust = column(hc, nh, w_just);
				cst = column(hc, nh, w_st);
				if (cst == capp)
					cst = -1;
				in_table = cid >= 0 && capp >= 0 && cid != capp;
				prev_header = 0;
			} else if (n > 0 && fits) {
				memcpy(prev, raw, sizeof(prev));
				nh = n;
				prev_header = 1;
			} else {
				prev_header = 0;
			}
		}
		lineno++;
		if (!nl)
			break;
		line = nl + 1;
	}
	free(copy);
	return rows;
}

/* ---------------------------------------------------------------- documents */

enum shape { NONE, FM, BARE };

struct adoc {
	const char *path;        /* repository-relative */
	const char *rel;         /* relative to the ISMS root */
	isms_buf text;
	enum shape shape;
	size_t ys, ye;           /* the YAML text */
	size_t body;             /* the body's offset */
	int yline, bline;        /* file lines of the YAML and the body */
	const isms_ynode *fm;    /* its map, or NULL */
	isms_md *md;
	const char *type, *id;
	int title_heading;       /* the heading that gave the title, or -1 */
	int skip;                /* broken, or the SoA table's file */
	isms_buf plan;           /* its lines of the plan */
	isms_buf add;            /* YAML lines to append */
	const char **rename;     /* per top-level key: its new name, or NULL */
	const char **value;      /* per top-level key: its new value, or NULL */
};

struct adopt {
	const isms_adopt_opts *opts;
	isms_config *cfg;
	int have_cfg;
	isms_arena *a;
	const char *map_from[MAX_MAP], *map_to[MAX_MAP];
	size_t nmap;
	const char *role_key[256], *role_name[256];
	size_t nroles;
	isms_buf decide;         /* what is left for a person */
	isms_buf soa, soa_problems;
	const char *soa_from;
	char today[11];
};

static int parse_map(struct adopt *ad, const char *map, isms_error *err)
{
	char *copy = isms_arena_strdup(ad->a, map), *item, *save = NULL;

	for (item = strtok_r(copy, ",", &save); item;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '='), *s;

		while (*item == ' ')
			item++;
		if (!eq || eq == item || !eq[1])
			return isms_error_set(err, "", 0, 0, "--map: \"%s\" is not "
				"OLD=NEW", item);
		*eq = '\0';
		for (s = item; *s; s++)
			if (!key_char(*s, s == item))
				return isms_error_set(err, "", 0, 0, "--map: \"%s\" is "
					"not a front matter key", item);
		for (s = eq + 1; *s; s++)
			if (!key_char(*s, s == eq + 1))
				return isms_error_set(err, "", 0, 0, "--map: \"%s\" is "
					"not a front matter key", eq + 1);
		if (ad->nmap == MAX_MAP)
			return isms_error_set(err, "", 0, 0, "--map: more than %d "
				"keys", MAX_MAP);
		ad->map_from[ad->nmap] = item;
		ad->map_to[ad->nmap++] = eq + 1;
	}
	return 0;
}

/* The name key `k` of `d` goes by after the mapping. */
static const char *mapped(const struct adopt *ad, const struct adoc *d,
	size_t k)
{
	const char *key = d->fm->keys[k]->str;
	size_t i;

	if (d->rename[k])
		return d->rename[k];
	for (i = 0; i < ad->nmap; i++)
		if (!strcmp(ad->map_from[i], key))
			return ad->map_to[i];
	return key;
}

/* The index of the top-level key that is `name` after the mapping, or -1. */
static int find(const struct adopt *ad, const struct adoc *d, const char *name)
{
	size_t k;

	for (k = 0; d->fm && k < d->fm->n; k++)
		if (!strcmp(mapped(ad, d, k), name))
			return (int)k;
	return -1;
}

static const char *str_at(const struct adoc *d, int k)
{
	return k < 0 ? NULL : isms_yaml_str(d->fm->items[k]);
}

/* A role for owner `name`: an existing key of isms.yml, else its slug,
 * noted as a role to complete. */
static const char *role_for(struct adopt *ad, const char *name)
{
	isms_buf s = ISMS_BUF_INIT;
	const char *key;
	size_t i;

	if (isms_config_role(ad->cfg, name))
		return name;
	isms_scaffold_slug(&s, name, MAX_SLUG);
	key = isms_arena_strdup(ad->a, s.len ? s.ptr : DEFAULT_OWNER);
	isms_buf_release(&s);
	if (isms_config_role(ad->cfg, key))
		return key;
	for (i = 0; i < ad->nroles; i++)
		if (!strcmp(ad->role_key[i], key))
			return key;
	if (ad->nroles < 256) {
		ad->role_key[ad->nroles] = key;
		ad->role_name[ad->nroles++] = isms_arena_strdup(ad->a, name);
	}
	return key;
}

static void set_value(struct adopt *ad, struct adoc *d, int k,
	const char *value, const char *why);
static int find(const struct adopt *ad, const struct adoc *d,
	const char *name);

/* Add `key` with `value`; a key that is there without a usable value (a
 * list where a text belongs, say) gets the value instead. */
static void add_field(struct adopt *ad, struct adoc *d, const char *key,
	const char *value, const char *why)
{
	int k = find(ad, d, key);

	if (k >= 0) {
		set_value(ad, d, k, value, why ? why : "not a usable value");
		return;
	}
	isms_buf_printf(&d->add, "%s: %s\n", key, value);
	isms_buf_printf(&d->plan, "    + %s: %s%s%s%s\n", key, value,
		why ? "  (" : "", why ? why : "", why ? ")" : "");
}

static void set_value(struct adopt *ad, struct adoc *d, int k,
	const char *value, const char *why)
{
	d->value[k] = isms_arena_strdup(ad->a, value);
	isms_buf_printf(&d->plan, "    ~ %s: %s  (%s)\n", mapped(ad, d, k),
		value, why);
}

static void decide(struct adopt *ad, const struct adoc *d, int line, int col,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void decide(struct adopt *ad, const struct adoc *d, int line, int col,
	const char *fmt, ...)
{
	va_list ap;

	isms_buf_printf(&ad->decide, "  %s:%d:%d: ", d->path, line, col);
	va_start(ap, fmt);
	isms_buf_vprintf(&ad->decide, fmt, ap);
	va_end(ap);
	isms_buf_putc(&ad->decide, '\n');
}

static int ends_with_word(const char *s, const char *word)
{
	size_t n = strlen(s), k = strlen(word);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	return n >= k && !strncasecmp(s + n - k, word, k) &&
		(n == k || s[n - k - 1] == ' ');
}

static int is_version(const char *s)
{
	size_t n = strlen(s);

	return n && strspn(s, "0123456789.") == n && s[0] != '.' &&
		s[n - 1] != '.' && !strstr(s, "..");
}

/* Work out what `d`'s front matter lacks or holds in another shape. */
static void plan_doc(struct adopt *ad, struct adoc *d)
{
	static const char *const owner_keys[] = { "owner", "author", "authors",
		"maintainer", "owners", "responsible", NULL };
	static const char *const dates[] = { "date", "next_review", "raised",
		"due", NULL };
	/* A title's last words that name its type. */
	static const struct { const char *word, *type; } title_words[] = {
		{ "policy", "policy" }, { "procedure", "procedure" },
		{ "process", "process" }, { "management review", "management-review" },
		{ "internal audit", "internal-audit" }, { "audit report", "internal-audit" },
		{ "nonconformity", "nonconformity" }, { "non-conformity", "nonconformity" },
		{ "training record", "training" }, { NULL, NULL },
	};
	const isms_type *t;
	isms_buf v = ISMS_BUF_INIT, unknown = ISMS_BUF_INIT;
	const char *title, *s;
	int k, line = d->yline > 1 ? d->yline - 1 : 1;
	size_t i;

	/* comply's name is the title. */
	if (find(ad, d, "title") < 0 && (k = find(ad, d, "name")) >= 0 &&
	    d->fm->keys[k]->col == 1) {
		d->rename[k] = "title";
		isms_buf_printf(&d->plan, "    ~ name -> title\n");
	}
	for (i = 0; d->fm && i < d->fm->n; i++) {
		const char *key = d->fm->keys[i]->str, *to = mapped(ad, d, i);
		size_t j;

		if (!strcmp(to, key) || d->rename[i])
			continue;
		for (j = 0; j < d->fm->n; j++)
			if (j != i && !strcmp(mapped(ad, d, j), to))
				break;
		if (j < d->fm->n) {
			/* Two keys would become one: keep this one as it is. */
			d->rename[i] = key;
			decide(ad, d, d->fm->keys[i]->line, d->fm->keys[i]->col,
				"%s not renamed to %s: the front matter has %s already",
				key, to, to);
			continue;
		}
		isms_buf_printf(&d->plan, "    ~ %s -> %s  (--map)\n", key, to);
	}
	/* Title: as written, else the first heading, else the file name. */
	title = str_at(d, find(ad, d, "title"));
	if (!title && d->md && d->md->nheadings && *d->md->headings[0].text) {
		title = d->md->headings[0].text;
		d->title_heading = 0;
		isms_buf_truncate(&v, 0);
		isms_buf_puts(&v, "");
		put_dquoted(&v, title);
		isms_buf_printf(&d->plan, "    + title: %s  (the heading on line "
			"%d)\n", v.ptr, d->md->headings[0].line);
		if ((k = find(ad, d, "title")) >= 0)
			d->value[k] = isms_arena_strdup(ad->a, v.ptr);
		else
			isms_buf_printf(&d->add, "title: %s\n", v.ptr);
	} else if (!title) {
		const char *base = strrchr(d->path, '/');

		base = base ? base + 1 : d->path;
		title = isms_arena_strndup(ad->a, base, strcspn(base, "."));
		isms_buf_truncate(&v, 0);
		put_dquoted(&v, title);
		add_field(ad, d, "title", v.ptr, "the file name: no heading");
		decide(ad, d, 1, 1, "title %s taken from the file name", v.ptr);
	}
	/* Type: a type as written, else the folder, else the title. */
	k = find(ad, d, "type");
	s = str_at(d, k);
	if (s && isms_config_type(ad->cfg, s)) {
		d->type = s;
	} else {
		const char *why = "from the folder";

		if (!(d->type = isms_scaffold_type_of(d->rel))) {
			why = "from the title";
			for (i = 0; title_words[i].word; i++)
				if (ends_with_word(title, title_words[i].word))
					break;
			d->type = title_words[i].type;
		}
		if (!d->type || !isms_config_type(ad->cfg, d->type)) {
			d->type = "policy";
			why = "assumed: neither the folder nor the title says";
			decide(ad, d, k >= 0 ? d->fm->items[k]->line : line,
				k >= 0 ? d->fm->items[k]->col : 1, "type policy "
				"assumed: neither its folder nor its title names a type");
		}
		if (k >= 0) {
			char w[128];

			snprintf(w, sizeof(w), "\"%.40s\" is no type; from %s", s ? s :
				"", why);
			set_value(ad, d, k, d->type, w);
		} else {
			add_field(ad, d, "type", d->type, why);
		}
	}
	t = isms_config_type(ad->cfg, d->type);
	/* Id: as written, else assigned once every id is known. */
	d->id = str_at(d, find(ad, d, "id"));
	/* Owner: a role; a name becomes one, to complete in isms.yml. */
	for (i = 0; owner_keys[i]; i++) {
		const isms_ynode *o;

		if ((k = find(ad, d, owner_keys[i])) < 0)
			continue;
		o = d->fm->items[k];
		if (o->kind == ISMS_Y_SEQ && o->n)
			o = o->items[0];
		if (!(s = isms_yaml_str(o)))
			continue;
		s = role_for(ad, s);
		if (i == 0 && strcmp(s, str_at(d, k) ? str_at(d, k) : ""))
			set_value(ad, d, k, s, "a role of isms.yml");
		else if (i > 0)
			add_field(ad, d, "owner", s, isms_arena_printf(ad->a,
				"from %s", owner_keys[i]));
		break;
	}
	if (!owner_keys[i]) {
		s = ad->cfg->nroles ? ad->cfg->roles[0].key : role_for(ad,
			DEFAULT_OWNER);
		add_field(ad, d, "owner", s, "none found");
		decide(ad, d, line, 1, "owner %s assumed: no owner or author found",
			s);
	}
	/* version and status: valid values, or a start. */
	if ((k = find(ad, d, "version")) >= 0 && (!(s = str_at(d, k)) ||
	    !is_version(s))) {
		set_value(ad, d, k, "\"1.0\"", "not a version");
		decide(ad, d, d->fm->items[k]->line, d->fm->items[k]->col,
			"version \"%s\" is not a version: \"1.0\" written",
			s ? s : "");
	}
	if ((k = find(ad, d, "status")) >= 0) {
		static const char *const doc_st[] = { "draft", "approved",
			"retired", NULL }, *const nc_st[] = { "open", "closed", NULL };
		const char *const *ok = strcmp(d->type, "nonconformity") ? doc_st :
			nc_st;

		s = str_at(d, k);
		for (i = 0; s && ok[i] && strcasecmp(s, ok[i]); i++)
			;
		if (!s || !ok[i]) {
			set_value(ad, d, k, ok[0], "not a status");
			decide(ad, d, d->fm->items[k]->line, d->fm->items[k]->col,
				"status \"%s\" is not a status: %s written", s ? s : "",
				ok[0]);
		} else if (strcmp(s, ok[i])) {
			set_value(ad, d, k, ok[i], "lower case");
		}
	}
	/* controls as a string, or a list of "A.5.17 - Title". */
	if ((k = find(ad, d, "controls")) >= 0) {
		const isms_ynode *c = d->fm->items[k];
		isms_buf all = ISMS_BUF_INIT;
		int reshape = c->kind == ISMS_Y_SCALAR && !c->null;

		if (c->kind == ISMS_Y_SEQ)
			for (i = 0; i < c->n; i++) {
				s = isms_yaml_str(c->items[i]);
				if (s && !isms_catalog_find(s, NULL))
					reshape = 1;
				isms_buf_printf(&all, "%s%s", i ? "," : "", s ? s : "");
			}
		else if (reshape)
			isms_buf_puts(&all, c->str);
		if (reshape) {
			isms_buf_truncate(&v, 0);
			isms_adopt_controls(&v, &unknown, all.ptr ? all.ptr : "");
			set_value(ad, d, k, v.ptr, "a list of catalog ids");
			if (unknown.len)
				decide(ad, d, c->line, c->col, "controls %.*s: not in "
					"the ISO/IEC 27001:2022 catalog, kept as written",
					(int)unknown.len - 2, unknown.ptr);
		}
		isms_buf_release(&all);
	}
	/* Dates: Hugo's may be a date and time; one that is no date at all
	 * ("Jun 1 2018") keeps its value under another key. */
	for (i = 0; dates[i]; i++) {
		long day;
		char ten[11];

		if ((k = find(ad, d, dates[i])) < 0)
			continue;
		s = str_at(d, k);
		snprintf(ten, sizeof(ten), "%s", s ? s : "");
		if (s && isms_date_parse(s, &day) == 0)
			continue;
		if (s && isms_date_parse(ten, &day) == 0) {
			set_value(ad, d, k, ten, "the day of a date and time");
			continue;
		}
		d->rename[k] = isms_arena_printf(ad->a, "%s_as_written", dates[i]);
		isms_buf_printf(&d->plan, "    ~ %s -> %s  (not a date)\n",
			dates[i], d->rename[k]);
		decide(ad, d, d->fm->items[k]->line, d->fm->items[k]->col,
			"%s is not a date (YYYY-MM-DD): kept as %s", dates[i],
			d->rename[k]);
	}
	/* The type's other required fields. */
	for (i = 0; t && i < t->nfields; i++) {
		const char *f = t->fields[i];

		if (find(ad, d, f) >= 0 || !strcmp(f, "id") || !strcmp(f, "title") ||
		    !strcmp(f, "type") || !strcmp(f, "owner"))
			continue;
		isms_buf_truncate(&v, 0);
		if (!strcmp(f, "version"))
			isms_buf_puts(&v, "\"1.0\"");
		else
			isms_scaffold_value(&v, ad->cfg, d->type, f, ad->today);
		add_field(ad, d, f, v.ptr, NULL);
		if (!strcmp(f, "status"))
			decide(ad, d, line, 1, "status draft: set approved once the "
				"pull request that adopts it is merged");
		else if (!strcmp(v.ptr, ad->today))
			decide(ad, d, line, 1, "%s: today written in its place; set "
				"the record's own date", f);
		else if (strcmp(f, "version"))
			decide(ad, d, line, 1, "%s: fill in", f);
	}
	isms_buf_release(&v);
	isms_buf_release(&unknown);
}

/* The new YAML of `d` into `out`: its lines with keys renamed and values
 * replaced, then the fields added. */
static void new_yaml(const struct adopt *ad, const struct adoc *d,
	isms_buf *out)
{
	const char *s = d->text.ptr + d->ys, *end = d->text.ptr + d->ye;
	int line = d->yline, cur = -1;
	size_t k;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s)),
			*e = nl ? nl + 1 : end;

		for (k = 0; d->fm && k < d->fm->n; k++)
			if (d->fm->keys[k]->line == line && d->fm->keys[k]->col == 1)
				cur = (int)k;
		if (cur >= 0 && d->fm->keys[cur]->line == line) {
			const isms_ynode *key = d->fm->keys[cur];
			const char *name = mapped(ad, d, (size_t)cur);
			size_t kl = strlen(key->str);

			if (d->value[cur]) {
				isms_buf_printf(out, "%s: %s\n", name, d->value[cur]);
			} else if (!key->quoted && (size_t)(e - s) > kl &&
			    !memcmp(s, key->str, kl)) {
				isms_buf_puts(out, name);
				isms_buf_add(out, s + kl, (size_t)(e - s) - kl);
			} else {
				isms_buf_add(out, s, (size_t)(e - s));
			}
		} else if (cur < 0 || !d->value[cur]) {
			isms_buf_add(out, s, (size_t)(e - s));
		}
		if (!nl && e > s && out->len && out->ptr[out->len - 1] != '\n')
			isms_buf_putc(out, '\n');
		line++;
		s = e;
	}
	isms_buf_add(out, d->add.ptr, d->add.len);
}

/* Read and split `d`; 0, or -1 when it cannot be adopted (said why). */
static int load_doc(struct adopt *ad, struct adoc *d, isms_source *src,
	isms_buf *out)
{
	isms_split sp;
	isms_error e = { 0 };
	isms_ynode *fm = NULL;
	const char *t;
	size_t yend, body;

	if (isms_source_read(&d->text, src, d->path, &e) < 0) {
		isms_buf_printf(out, "%s:0:0: cannot read: %s\n", d->path, e.msg);
		return -1;
	}
	if (d->text.len && memchr(d->text.ptr, '\0', d->text.len)) {
		isms_buf_printf(out, "%s:1:1: not text (a NUL byte): left out\n",
			d->path);
		return -1;
	}
	t = d->text.ptr ? d->text.ptr : "";
	isms_split_text(&sp, t, d->text.len);
	if (sp.has_fm && sp.unterminated) {
		isms_buf_printf(out, "%s:1:1: the front matter has no closing --- "
			"line: add it, then adopt\n", d->path);
		return -1;
	}
	if (sp.has_fm) {
		d->shape = FM;
		d->ys = (size_t)(sp.fm - t);
		d->ye = d->ys + sp.fm_len;
		d->yline = sp.fm_line;
	} else if (isms_adopt_bare_block(&yend, &body, t, d->text.len)) {
		d->shape = BARE;
		d->ys = d->text.len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3) ? 3 : 0;
		d->ye = yend;
		d->yline = 1;
	} else {
		d->shape = NONE;
		d->ys = d->ye = d->text.len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3) ?
			3 : 0;
		d->yline = 1;
	}
	if (d->shape != NONE) {
		if (isms_yaml_parse(&fm, NULL, ad->a, t + d->ys, d->ye - d->ys,
		    d->yline, &e) < 0) {
			isms_buf_printf(out, "%s:%d:%d: the front matter does not "
				"parse: %s; fix it, then adopt\n", d->path, e.line, e.col,
				e.msg);
			return -1;
		}
		if (fm && fm->kind != ISMS_Y_MAP) {
			isms_buf_printf(out, "%s:%d:%d: the front matter is not a map "
				"of keys; fix it, then adopt\n", d->path, fm->line, fm->col);
			return -1;
		}
		d->fm = fm;
	}
	d->body = sp.has_fm ? (size_t)(sp.body - t) : d->shape == BARE ? body :
		d->ys;
	d->bline = 1;
	for (yend = 0; yend < d->body; yend++)
		d->bline += t[yend] == '\n';
	if (isms_md_parse(&d->md, ad->a, t + d->body, d->text.len - d->body,
	    d->bline, ad->cfg->heading_ids ? ISMS_MD_HEADING_IDS : 0, &e) < 0)
		d->md = NULL;
	d->rename = isms_arena_alloc(ad->a, (fm ? fm->n : 0) * sizeof(char *) + 1);
	d->value = isms_arena_alloc(ad->a, (fm ? fm->n : 0) * sizeof(char *) + 1);
	memset(d->rename, 0, (fm ? fm->n : 0) * sizeof(char *));
	memset(d->value, 0, (fm ? fm->n : 0) * sizeof(char *));
	return 0;
}

/* ---------------------------------------------------------------- sections */

/* A heading's text without a leading number ("1.", "5.2") and spaces. */
static const char *unnumbered(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.')
			p++;
	}
	if (p != s && (*p == ' ' || *p == '\t')) {
		while (*p == ' ' || *p == '\t')
			p++;
		return p;
	}
	return s;
}

/* Whether `d` has a non-empty heading whose unnumbered text is `text`. */
static int has_heading(const struct adoc *d, const char *text)
{
	size_t h;

	for (h = 0; d->md && h < d->md->nheadings; h++)
		if ((int)h != d->title_heading && !d->md->headings[h].empty &&
		    !strcasecmp(unnumbered(d->md->headings[h].text), text))
			return 1;
	return 0;
}

/* Whether every document of `t` has every required section, filled. */
static int sections_fit(struct adoc *docs, size_t n, const isms_type *t)
{
	size_t i, s, h;

	for (i = 0; i < n; i++) {
		if (docs[i].skip || strcmp(docs[i].type, t->name))
			continue;
		for (s = 0; s < t->nsections; s++) {
			const isms_md *md = docs[i].md;

			for (h = 0; md && h < md->nheadings; h++)
				if (isms_re_match(t->sections[s].re, md->headings[h].text,
				    strlen(md->headings[h].text)) == 1 &&
				    !md->headings[h].empty)
					break;
			if (!md || h == md->nheadings)
				return 0;
		}
	}
	return 1;
}

/* The keys the documents of type `t` keep that no rule knows (Hugo's
 * weight, comply's acronym), as "a, b" into `out`: they become the type's
 * optional fields, so that field/unknown stays quiet about them. */
static void foreign_keys(isms_buf *out, const struct adopt *ad,
	const struct adoc *docs, size_t n, const isms_type *t)
{
	const char *seen[64];
	size_t ns = 0, i, k, j;

	for (i = 0; i < t->noptional && ns < 64; i++)
		seen[ns++] = t->optional[i];
	for (i = 0; i < n; i++) {
		const struct adoc *d = &docs[i];

		if (d->skip || strcmp(d->type, t->name))
			continue;
		for (k = 0; d->fm && k < d->fm->n && ns < 64; k++) {
			const char *name = mapped(ad, d, k);

			for (j = 0; j < ns && strcmp(seen[j], name); j++)
				;
			if (j < ns || isms_field_known(ad->cfg, name))
				continue;
			seen[ns++] = name;
		}
	}
	for (i = 0; i < ns; i++)
		isms_buf_printf(out, "%s%s", i ? ", " : "", seen[i]);
}

/* Type `t` as isms.yml declares it, into `yml`: its fields, `optional`
 * (when not empty), and, with `own`, the sections taken from its
 * documents' headings common to all (their titles into `names`), else its
 * own sections. */
static void write_type(isms_buf *yml, isms_buf *names, struct adoc *docs,
	size_t n, const isms_type *t, int own, const char *optional)
{
	const struct adoc *first = NULL;
	size_t i, h, j, count = 0;

	for (i = 0; i < n && !first; i++)
		if (!docs[i].skip && !strcmp(docs[i].type, t->name))
			first = &docs[i];
	isms_buf_printf(yml, "  %s:\n    fields: [", t->name);
	for (i = 0; i < t->nfields; i++)
		isms_buf_printf(yml, "%s%s", i ? ", " : "", t->fields[i]);
	isms_buf_puts(yml, "]\n");
	if (optional && *optional)
		isms_buf_printf(yml, "    # keys the documents keep: known, not "
			"required\n    optional: [%s]\n", optional);
	if (!own) {
		isms_buf_puts(yml, "    sections:");
		for (i = 0; i < t->nsections; i++) {
			isms_buf_puts(yml, "\n      - {title: ");
			put_dquoted(yml, t->sections[i].title);
			isms_buf_puts(yml, ", match: '");
			for (h = 0; t->sections[i].match[h]; h++) {
				if (t->sections[i].match[h] == '\'')
					isms_buf_putc(yml, '\'');
				isms_buf_putc(yml, t->sections[i].match[h]);
			}
			isms_buf_puts(yml, "'}");
		}
		isms_buf_puts(yml, t->nsections ? "\n" : " []\n");
		return;
	}
	isms_buf_puts(yml, "    # the headings every document of this "
		"type has, in place of the default sections\n    sections:");
	for (h = 0; first && first->md && h < first->md->nheadings; h++) {
		const char *text = unnumbered(first->md->headings[h].text), *c;

		if ((int)h == first->title_heading || !*text)
			continue;
		for (i = 0; i < n; i++)
			if (!docs[i].skip && !strcmp(docs[i].type, t->name) &&
			    !has_heading(&docs[i], text))
				break;
		for (j = 0; j < h && strcasecmp(unnumbered(
		    first->md->headings[j].text), text); j++)
			;
		if (i < n || j < h)
			continue;
		isms_buf_puts(yml, "\n      - {title: ");
		put_dquoted(yml, text);
		isms_buf_puts(yml, ", match: '(?i)^(\\d+(\\.\\d+)*\\.?\\s+)?");
		for (c = text; *c; c++) {
			if (*c == '\'')
				isms_buf_puts(yml, "''");
			else if (*c == ' ')
				isms_buf_puts(yml, "\\s+");
			else if ((unsigned char)*c < 0x80 && (*c == '.' ||
			    !key_char(*c, 0)))
				isms_buf_printf(yml, "\\%c", *c);
			else
				isms_buf_putc(yml, *c);
		}
		isms_buf_puts(yml, "\\s*$'}");
		isms_buf_printf(names, "%s%s", count++ ? ", " : "", text);
	}
	isms_buf_puts(yml, count ? "\n" : " []\n");
	if (!count)
		isms_buf_puts(names, "none common to all");
}

/* ---------------------------------------------------------------- writing */

/* Replace the file at `path` with `data` atomically, keeping its mode:
 * a temporary file beside it, renamed over it (a symbolic link is
 * replaced, never followed). */
static int replace_file(const char *path, const isms_buf *data, isms_error *err)
{
	isms_buf tmp = ISMS_BUF_INIT;
	struct stat st;
	int fd, rc = 0;

	isms_buf_printf(&tmp, "%s.adopt-XXXXXX", path);
	if ((fd = mkstemp(tmp.ptr)) < 0) {
		rc = isms_error_set(err, path, 0, 0, "cannot write beside it: %s",
			strerror(errno));
		goto done;
	}
	if (isms_fs_write_fd(fd, data->ptr ? data->ptr : "", data->len) < 0 ||
	    (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	     fchmod(fd, st.st_mode & 07777) < 0)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0 || close(fd) < 0 || rename(tmp.ptr, path) < 0) {
		rc = isms_error_set(err, path, 0, 0, "cannot replace it: %s",
			strerror(errno));
		unlink(tmp.ptr);
	}
done:
	isms_buf_release(&tmp);
	return rc;
}

/* The line of `text` that starts with `start` (1-based), or 1. */
static int line_in(const char *text, const char *start)
{
	const char *s;
	int line = 1;

	for (s = text; *s; s++) {
		if ((s == text || s[-1] == '\n') && !strncmp(s, start,
		    strlen(start)))
			return line;
		line += *s == '\n';
	}
	return 1;
}

/* Each line of `notes` as a line of what is left to decide: indented,
 * and placed at `path`:`line`:1 when `path` is not NULL. */
static void notes_at(isms_buf *decide, const char *path, int line,
	const char *notes)
{
	while (notes && *notes) {
		size_t n = strcspn(notes, "\n");

		if (path)
			isms_buf_printf(decide, "  %s:%d:1: %.*s\n", path, line,
				(int)n, notes);
		else
			isms_buf_printf(decide, "  %.*s\n", (int)n, notes);
		notes += n + (notes[n] == '\n');
	}
}

/* `text`'s lines, each indented by four spaces. */
static void indent(isms_buf *out, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		isms_buf_printf(out, "    %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

static int is_not_document(const char *rel)
{
	const char *base = strrchr(rel, '/');
	size_t i;

	base = base ? base + 1 : rel;
	for (i = 0; not_documents[i]; i++)
		if (!strcasecmp(base, not_documents[i]))
			return 1;
	return 0;
}

int isms_adopt(isms_buf *out, const isms_adopt_opts *opts, isms_error *err)
{
	struct adopt ad = { 0 };
	isms_source *src = NULL;
	const isms_file *files;
	struct adoc *docs = NULL;
	isms_buf yml = ISMS_BUF_INIT, tmp = ISMS_BUF_INIT, types = ISMS_BUF_INIT,
		tnotes = ISMS_BUF_INIT,
		problems = ISMS_BUF_INIT, abs = ISMS_BUF_INIT;
	size_t nfiles, n = 0, i, j, rl, nsoa = 0, nchanged = 0;
	const char *root, *top;
	int rc = -1, have_soa;
	struct stat st;

	ad.opts = opts;
	ad.a = isms_arena_new();
	isms_date_format(ad.today, isms_date_now(opts->now, -1, -1));
	if (opts->map && parse_map(&ad, opts->map, err) < 0)
		goto done;
	if (isms_source_open(&src, opts->dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		goto done;
	if (!(top = isms_source_workdir(src))) {
		isms_error_set(err, "", 0, 0, "a bare repository has no work tree "
			"to adopt");
		goto done;
	}
	if (isms_config_read(&ad.cfg, &ad.have_cfg, src, NULL, err) < 0)
		goto done;
	root = isms_source_root(src);
	rl = strlen(root);
	isms_buf_printf(&abs, "%s%s%s", top, root, ad.cfg->soa);
	have_soa = stat(abs.ptr, &st) == 0;
	if (isms_source_list(&files, &nfiles, src, err) < 0)
		goto done;
	docs = calloc(nfiles + 1, sizeof(*docs));
	if (!docs)
		abort();
	for (i = 0; i < nfiles; i++) {
		const char *rel = files[i].path + rl;
		struct adoc *d = &docs[n];
		size_t len = strlen(rel);

		if (strncmp(files[i].path, root, rl) || len < 3 ||
		    strcmp(rel + len - 3, ".md") ||
		    !isms_config_in_scope(ad.cfg, rel) ||
		    (!ad.have_cfg && is_not_document(rel)))
			continue;
		d->path = files[i].path;
		d->rel = rel;
		d->title_heading = -1;
		n++;
		if (load_doc(&ad, d, src, &problems) < 0) {
			d->skip = 1;
			continue;
		}
		/* A file whose body holds the SoA table becomes soa.yml. */
		isms_buf_truncate(&tmp, 0);
		if (isms_adopt_soa_table(&tmp, &ad.soa_problems, d->path,
		    d->text.ptr + d->body, d->text.len - d->body, d->bline) > 0) {
			if (ad.soa_from) {
				isms_buf_printf(&ad.soa_problems, "%s:1:1: a second SoA "
					"table (the first is in %s): left out\n", d->path,
					ad.soa_from);
				continue;
			}
			ad.soa_from = d->path;
			isms_buf_add(&ad.soa, tmp.ptr, tmp.len);
			for (j = 0; j < tmp.len; j++)
				nsoa += tmp.ptr[j] == '\n';
			d->skip = 2;
		}
	}
	for (i = 0; i < n; i++)
		if (!docs[i].skip)
			plan_doc(&ad, &docs[i]);
	/* Ids: the next free number of each type's prefix, in path order. */
	for (i = 0; i < n; i++) {
		long top_n = 0;

		if (docs[i].skip || docs[i].id)
			continue;
		isms_buf_truncate(&tmp, 0);
		isms_scaffold_prefix(&tmp, docs[i].type);
		for (j = 0; j < n; j++)
			if (!docs[j].skip && docs[j].id &&
			    isms_scaffold_id_number(docs[j].id, tmp.ptr) > top_n)
				top_n = isms_scaffold_id_number(docs[j].id, tmp.ptr);
		docs[i].id = isms_arena_printf(ad.a, "%s%03ld", tmp.ptr, top_n + 1);
		isms_buf_truncate(&tmp, 0);
		isms_buf_printf(&tmp, "id: %s\n", docs[i].id);
		isms_buf_add(&tmp, docs[i].add.ptr, docs[i].add.len);
		{ isms_buf x = tmp; tmp = docs[i].add; docs[i].add = x; }
		isms_buf_truncate(&tmp, 0);
		isms_buf_printf(&tmp, "    + id: %s  (the next free id)\n",
			docs[i].id);
		isms_buf_add(&tmp, docs[i].plan.ptr, docs[i].plan.len);
		{ isms_buf x = tmp; tmp = docs[i].plan; docs[i].plan = x; }
	}
	/* Types whose documents' headings are not the required sections, or
	 * whose documents keep keys no rule knows. */
	for (i = 0; i < ad.cfg->ntypes; i++) {
		const isms_type *t = &ad.cfg->types[i];
		isms_buf names = ISMS_BUF_INIT;

		for (j = 0; j < n && (docs[j].skip || strcmp(docs[j].type,
		    t->name)); j++)
			;
		int own;

		if (j == n)
			continue;
		isms_buf_truncate(&tmp, 0);
		foreign_keys(&tmp, &ad, docs, n, t);
		own = t->nsections && !sections_fit(docs, n, t);
		if (!own && !tmp.len)
			continue;
		write_type(&types, &names, docs, n, t, own, tmp.ptr);
		if (own)
			isms_buf_printf(&tnotes, "the required sections of type %s "
				"are its documents' own headings (%s), not the default "
				"%zu: check them\n", t->name, names.ptr, t->nsections);
		if (tmp.len)
			isms_buf_printf(&tnotes, "the keys %s that %s documents keep "
				"are its optional fields: drop those you do not need\n",
				tmp.ptr, t->name);
		isms_buf_release(&names);
	}

	/* The plan, file by file. */
	isms_buf_printf(out, "%s %s:\n\n", opts->write ? "Adopted" :
		"Plan for", top);
	if (n == 0)
		isms_buf_printf(out, "No Markdown document found under %s%s.\n",
			top, root);
	for (i = 0; i < n; i++) {
		struct adoc *d = &docs[i];

		if (d->skip == 2) {
			isms_buf_printf(out, "%s: its SoA table becomes %s; left out "
				"of the documents (exclude in isms.yml)\n", d->path,
				ad.cfg->soa);
			if (ad.have_cfg)
				isms_buf_printf(&ad.decide, "  %s:1:1: add it to exclude "
					"in isms.yml (its table is now %s)\n", d->path,
					ad.cfg->soa);
			continue;
		}
		if (d->skip)
			continue;
		if (!d->plan.len && d->shape == FM) {
			isms_buf_printf(out, "%s: nothing to change\n", d->path);
			continue;
		}
		isms_buf_printf(out, "%s: %s\n", d->path, d->shape == FM ?
			"front matter completed" : d->shape == BARE ? "its YAML block "
			"made front matter (--- added before line 1)" : "front matter "
			"added (it had none)");
		isms_buf_add(out, d->plan.ptr, d->plan.len);
		nchanged++;
	}
	if (ad.nroles || types.len) {
		isms_buf_printf(&yml, "# isms.yml, written by isms-new adopt on "
			"%s. Complete the roles:\n# each one's name and e-mail, and "
			"approver: true for who approves changes.\n", ad.today);
		isms_buf_puts(&yml, "exclude: [");
		for (i = 0; not_documents[i]; i++)
			isms_buf_printf(&yml, "%s\"%s\"", i ? ", " : "", not_documents[i]);
		if (ad.soa_from)
			isms_buf_printf(&yml, ", \"%s\"", ad.soa_from + rl);
		isms_buf_puts(&yml, "]\nroles:");
		for (i = 0; i < ad.nroles; i++) {
			isms_buf_printf(&yml, "\n  %s: {name: ", ad.role_key[i]);
			put_dquoted(&yml, strcmp(ad.role_name[i], ad.role_key[i]) ?
				ad.role_name[i] : "");
			isms_buf_puts(&yml, ", email: \"\"}   # to complete");
		}
		isms_buf_puts(&yml, ad.nroles ? "\n" : " {}\n");
		if (types.len)
			isms_buf_printf(&yml, "types:\n%s", types.ptr);
	}
	if (yml.len) {
		if (ad.have_cfg) {
			isms_buf_printf(out, "%s: exists, left as it is; add this to "
				"it:\n", ad.cfg->path);
			indent(out, yml.ptr);
			isms_buf_printf(&ad.decide, "  %s:1:1: add the roles and "
				"types shown above\n", ad.cfg->path);
			notes_at(&ad.decide, ad.cfg->path, 1, tnotes.ptr);
		} else {
			isms_buf_printf(out, "%sisms.yml: new; roles ", root);
			for (i = 0; i < ad.nroles; i++)
				isms_buf_printf(&out[0], "%s%s", i ? ", " : "",
					ad.role_key[i]);
			isms_buf_printf(out, "%s%s:\n", ad.nroles ? "" : "none",
				types.len ? "; types (see below)" : "");
			indent(out, yml.ptr);
			isms_buf_printf(&ad.decide, "  %sisms.yml:%d:1: roles ", root,
				line_in(yml.ptr, "roles:"));
			for (i = 0; i < ad.nroles; i++)
				isms_buf_printf(&ad.decide, "%s%s", i ? ", " : "",
					ad.role_key[i]);
			isms_buf_puts(&ad.decide, ": each one's name, e-mail, and "
				"approver: true for who approves\n");
			isms_buf_truncate(&abs, 0);
			isms_buf_printf(&abs, "%sisms.yml", root);
			notes_at(&ad.decide, abs.ptr, line_in(yml.ptr, "types:"),
				tnotes.ptr);
		}
	}
	if (ad.soa_from) {
		if (have_soa) {
			isms_buf_printf(out, "%s%s: exists, left as it is; the %zu "
				"decisions of %s are not merged\n", root, ad.cfg->soa, nsoa,
				ad.soa_from);
			isms_buf_printf(&ad.decide, "  %s%s:1:1: bring in the "
				"decisions of %s by hand\n", root, ad.cfg->soa, ad.soa_from);
		} else {
			isms_buf_printf(out, "%s%s: new; %zu decisions from the table "
				"in %s\n", root, ad.cfg->soa, nsoa, ad.soa_from);
			isms_buf_printf(&ad.decide, "  %s%s:2:1: the controls the "
				"table leaves out are undecided (soa/undecided)\n", root,
				ad.cfg->soa);
		}
	}
	notes_at(&ad.decide, NULL, 0, ad.soa_problems.ptr);

	if (opts->write) {
		for (i = 0; i < n; i++) {
			struct adoc *d = &docs[i];

			if (d->skip || (!d->plan.len && d->shape == FM))
				continue;
			isms_buf_truncate(&tmp, 0);
			isms_buf_add(&tmp, d->text.ptr, d->ys);
			if (d->shape != FM)
				isms_buf_puts(&tmp, "---\n");
			new_yaml(&ad, d, &tmp);
			if (d->shape == NONE)
				isms_buf_puts(&tmp, "---\n");
			isms_buf_add(&tmp, d->text.ptr + d->ye, d->text.len - d->ye);
			isms_buf_truncate(&abs, 0);
			isms_buf_printf(&abs, "%s%s", top, d->path);
			if (replace_file(abs.ptr, &tmp, err) < 0)
				goto done;
		}
		isms_buf_truncate(&abs, 0);
		isms_buf_printf(&abs, "%s%sisms.yml", top, root);
		if (yml.len && !ad.have_cfg && isms_fs_write_new(abs.ptr, yml.ptr,
		    yml.len, 0666, err) < 0)
			goto done;
		isms_buf_truncate(&abs, 0);
		isms_buf_printf(&abs, "%s%s%s", top, root, ad.cfg->soa);
		isms_buf_truncate(&tmp, 0);
		isms_buf_printf(&tmp, "# soa.yml, written by isms-new adopt from the "
			"table in %s\ncontrols:\n", ad.soa_from);
		isms_buf_add(&tmp, ad.soa.ptr, ad.soa.len);
		if (ad.soa_from && !have_soa && isms_fs_write_new(abs.ptr, tmp.ptr,
		    tmp.len, 0666, err) < 0)
			goto done;
	}
	if (problems.len)
		isms_buf_printf(out, "\nNot adopted (fix, then run again):\n%s",
			problems.ptr);
	if (ad.decide.len)
		isms_buf_printf(out, "\nLeft for a person to decide:\n%s",
			ad.decide.ptr);
	if (opts->write)
		isms_buf_printf(out, "\nWrote %zu document%s%s%s. Review with git "
			"diff, commit on a branch, and open a pull request.\n", nchanged,
			nchanged == 1 ? "" : "s", yml.len && !ad.have_cfg ?
			", isms.yml" : "", ad.soa_from && !have_soa ? ", soa.yml" : "");
	else
		isms_buf_puts(out, "\nNothing written: run again with --write to "
			"apply this plan.\n");
	rc = problems.len ? 1 : 0;
done:
	for (i = 0; i < n; i++) {
		isms_buf_release(&docs[i].text);
		isms_buf_release(&docs[i].plan);
		isms_buf_release(&docs[i].add);
	}
	free(docs);
	isms_buf_release(&yml);
	isms_buf_release(&tmp);
	isms_buf_release(&types);
	isms_buf_release(&tnotes);
	isms_buf_release(&problems);
	isms_buf_release(&abs);
	isms_buf_release(&ad.decide);
	isms_buf_release(&ad.soa);
	isms_buf_release(&ad.soa_problems);
	isms_config_free(ad.cfg);
	isms_source_free(src);
	isms_arena_free(ad.a);
	return rc;
}
