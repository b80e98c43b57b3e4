/*
 * tickets.c - the tracker's export (isms.yml tickets.export): a Jira CSV
 * export, or JSON lines, read into a table of tickets sorted by key.
 *
 * A Jira CSV export ("Export > CSV (all fields)") has a header row and
 * one row an issue; the columns this reader needs are found by name, in
 * any order, among the many others: "Issue key", "Status", "Resolved"
 * and "Labels", which Jira repeats once per label of the issue that has
 * the most. Fields follow RFC 4180: quoted when they hold a comma, a
 * quote (doubled) or a line break; the file may start with a UTF-8 BOM
 * and end lines with CRLF. JSON lines are one object a ticket, {"key",
 * "status", "resolved", "labels"} (other members are allowed), as the CI
 * templates write them with jq from Jira's REST search API.
 *
 * The export is evidence, so it is read strictly: a malformed file is
 * trouble with its line and column, never half a table.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- common */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

int isms_tickets_format(const char *path, const char *text, size_t len)
{
	size_t i = 0;

	if (ends_with(path, ".csv"))
		return ISMS_TICKETS_CSV;
	if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ||
	    ends_with(path, ".json"))
		return ISMS_TICKETS_JSONL;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
	    text[i] == '\r' || text[i] == '\n'))
		i++;
	return i < len && text[i] == '{' ? ISMS_TICKETS_JSONL : ISMS_TICKETS_CSV;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const isms_ticket *)a)->key,
		((const isms_ticket *)b)->key);
}

/* Sort by key; a key twice is trouble (which row would be the truth?). */
static int finish(isms_tickets *t, const char *path, isms_error *err)
{
	size_t i;

	if (t->n > 1)
		qsort(t->items, t->n, sizeof(*t->items), cmp_key);
	for (i = 1; i < t->n; i++)
		if (!strcmp(t->items[i - 1].key, t->items[i].key)) {
			const isms_ticket *a = &t->items[i - 1], *b = &t->items[i];

			if (a->line > b->line) {
				const isms_ticket *x = a;
				a = b;
				b = x;
			}
			return isms_error_set(err, path, b->line, b->col,
				"ticket %s is in the export twice (also on line %d)",
				b->key, a->line);
		}
	return 0;
}

static void add_ticket(isms_tickets *t, isms_arena *a, const isms_ticket *tk)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		isms_ticket *items = isms_arena_alloc(a, cap * sizeof(*items));

		if (t->n)
			memcpy(items, t->items, t->n * sizeof(*items));
		t->items = items;
		t->cap = cap;
	}
	t->items[t->n++] = *tk;
}

/* ---------------------------------------------------------------- CSV */

/* A field of the row being read, with where it starts. */
struct field {
	size_t off, len;         /* in the reader's `val` buffer */
	int line, col;
};

struct csv {
	const char *p, *end, *path;
	int line, col;           /* of *p */
	isms_error *err;
	isms_buf val;            /* the row's decoded fields, NUL-separated */
	struct field *f;
	size_t nf, capf;
};

/* One character on: columns count characters, not bytes. Returns -1 on
 * bytes that are not UTF-8. */
static int csv_step(struct csv *c)
{
	size_t n;

	if (*c->p == '\n') {
		c->p++;
		c->line++;
		c->col = 1;
		return 0;
	}
	if (!(n = isms_utf8_seq(c->p, c->end, NULL)) || (n == 1 && !*c->p))
		return isms_error_set(c->err, c->path, c->line, c->col,
			"not UTF-8 text (a CSV export must be saved as UTF-8)");
	isms_buf_add(&c->val, c->p, n);
	c->p += n;
	c->col++;
	return 0;
}

static void new_field(struct csv *c, int line, int col)
{
	if (c->nf == c->capf) {
		c->capf = c->capf ? 2 * c->capf : 32;
		if (!(c->f = realloc(c->f, c->capf * sizeof(*c->f))))
			abort();
	}
	c->f[c->nf++] = (struct field){ c->val.len, 0, line, col };
}

static void end_field(struct csv *c)
{
	struct field *f = &c->f[c->nf - 1];

	f->len = c->val.len - f->off;
	isms_buf_putc(&c->val, '\0');
}

/* At the end of a record: a line break (LF or CRLF) or the end. */
static int at_eol(const struct csv *c)
{
	return c->p == c->end || *c->p == '\n' ||
		(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
}

/* Read one record into c->f; 1 when one was read, 0 at the end, -1 on
 * trouble. A blank line is no record. */
static int csv_row(struct csv *c)
{
	c->nf = 0;
	isms_buf_truncate(&c->val, 0);
	while (c->p < c->end && (*c->p == '\n' || (*c->p == '\r' &&
	    c->p + 1 < c->end && c->p[1] == '\n'))) {
		if (*c->p == '\r')
			c->p++;
		csv_step(c);
	}
	if (c->p == c->end)
		return 0;
	for (;;) {
		new_field(c, c->line, c->col);
		if (c->p < c->end && *c->p == '"') {
			int qline = c->line, qcol = c->col;

			c->p++;
			c->col++;
			for (;;) {
				if (c->p == c->end)
					return isms_error_set(c->err, c->path, qline,
						qcol, "quoted field not closed");
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						isms_buf_putc(&c->val, '"');
						c->p += 2;
						c->col += 2;
						continue;
					}
					c->p++;
					c->col++;
					break;
				}
				if (*c->p == '\n') {
					isms_buf_putc(&c->val, '\n');
				}
				if (csv_step(c) < 0)
					return -1;
			}
			if (c->p < c->end && *c->p != ',' && !at_eol(c))
				return isms_error_set(c->err, c->path, c->line, c->col,
					"unexpected text after a quoted field (a quote "
					"inside a field is written \"\")");
		} else {
			while (c->p < c->end && *c->p != ',' && !at_eol(c)) {
				if (*c->p == '"')
					return isms_error_set(c->err, c->path, c->line,
						c->col, "a quote inside an unquoted field "
						"(quote the field and double the quote)");
				if (csv_step(c) < 0)
					return -1;
			}
		}
		end_field(c);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			c->col++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end)
			csv_step(c);   /* the '\n' */
		return 1;
	}
}

static const char *fval(const struct csv *c, size_t i)
{
	return c->val.ptr + c->f[i].off;
}

/* The columns the reader needs, by header name (spaces around it and
 * case ignored, as a person would read it). */
struct cols {
	long key, status, resolved;
	long *labels;
	size_t nlabels;
	size_t ncols;
};

static int same_name(const char *field, const char *name)
{
	size_t n = strlen(name);

	while (*field == ' ' || *field == '\t')
		field++;
	if (strncasecmp(field, name, n))
		return 0;
	for (field += n; *field == ' ' || *field == '\t'; field++)
		;
	return !*field;
}

static int csv_header(struct cols *k, struct csv *c)
{
	size_t i;
	int rc = csv_row(c);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return isms_error_set(c->err, c->path, 1, 1, "an empty export: "
			"a CSV export starts with a header row");
	k->key = k->status = k->resolved = -1;
	k->ncols = c->nf;
	if (!(k->labels = calloc(c->nf, sizeof(*k->labels))))
		abort();
	for (i = 0; i < c->nf; i++) {
		long *slot = same_name(fval(c, i), "Issue key") ? &k->key :
			same_name(fval(c, i), "Status") ? &k->status :
			same_name(fval(c, i), "Resolved") ? &k->resolved : NULL;

		if (same_name(fval(c, i), "Labels")) {
			k->labels[k->nlabels++] = (long)i;
			continue;
		}
		if (!slot)
			continue;
		if (*slot >= 0)
			return isms_error_set(c->err, c->path, c->f[i].line,
				c->f[i].col, "the column \"%s\" is in the header twice",
				fval(c, i));
		*slot = (long)i;
	}
	if (k->key < 0 || k->status < 0)
		return isms_error_set(c->err, c->path, 1, 1, "the header has no "
			"\"%s\" column (a Jira CSV export has \"Issue key\", "
			"\"Status\", \"Resolved\" and \"Labels\")",
			k->key < 0 ? "Issue key" : "Status");
	return 0;
}

/* Copy a trimmed field into the arena, or NULL when it is empty. */
static const char *field_str(isms_arena *a, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? isms_arena_strndup(a, s, n) : NULL;
}

static int csv_record(isms_tickets *t, isms_arena *a, struct csv *c,
	const struct cols *k)
{
	isms_ticket tk = { 0 };
	size_t i;

	if (c->nf != k->ncols)
		return isms_error_set(c->err, c->path, c->f[0].line, c->f[0].col,
			"this row has %zu fields, the header %zu", c->nf, k->ncols);
	tk.line = c->f[k->key].line;
	tk.col = c->f[k->key].col;
	if (!(tk.key = field_str(a, fval(c, (size_t)k->key))) ||
	    strpbrk(tk.key, " \t\n\r"))
		return isms_error_set(c->err, c->path, tk.line, tk.col,
			"%s issue key", tk.key ? "a malformed" : "an empty");
	tk.status = field_str(a, fval(c, (size_t)k->status));
	if (!tk.status)
		tk.status = "";
	if (k->resolved >= 0)
		tk.resolved = field_str(a, fval(c, (size_t)k->resolved));
	tk.labels = isms_arena_alloc(a, (k->nlabels + 1) * sizeof(*tk.labels));
	for (i = 0; i < k->nlabels; i++) {
		const char *l = field_str(a, fval(c, (size_t)k->labels[i]));

		if (l)
			tk.labels[tk.nlabels++] = l;
	}
	add_ticket(t, a, &tk);
	return 0;
}

static int parse_csv(isms_tickets *t, isms_arena *a, const char *path,
	const char *text, size_t len, isms_error *err)
{
	struct csv c = { text, text + len, path, 1, 1, err, ISMS_BUF_INIT,
		NULL, 0, 0 };
	struct cols k = { 0 };
	int rc = -1, got;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.p += 3;
	if (csv_header(&k, &c) < 0)
		goto done;
	while ((got = csv_row(&c)) > 0)
		if (csv_record(t, a, &c, &k) < 0)
			goto done;
	rc = got;
done:
	free(k.labels);
	free(c.f);
	isms_buf_release(&c.val);
	return rc;
}

/* ---------------------------------------------------------------- JSON */

static int want_string(const char **out, const isms_ynode *obj,
	const char *name, int required, const char *path, isms_error *err)
{
	const isms_ynode *v = isms_yaml_get(obj, name);

	*out = NULL;
	if (!v || (v->kind == ISMS_Y_SCALAR && v->null)) {
		if (required)
			return isms_error_set(err, path, obj->line, obj->col,
				"a ticket without \"%s\"", name);
		return 0;
	}
	if (v->kind != ISMS_Y_SCALAR || !v->quoted || strlen(v->str) != v->len)
		return isms_error_set(err, path, v->line, v->col,
			"\"%s\" must be a string", name);
	*out = v->len ? v->str : NULL;
	return 0;
}

static int json_ticket(isms_tickets *t, isms_arena *a, const isms_ynode *o,
	const char *path, isms_error *err)
{
	isms_ticket tk = { 0 };
	const isms_ynode *l;
	size_t i;

	if (o->kind != ISMS_Y_MAP)
		return isms_error_set(err, path, o->line, o->col, "each line of "
			"the export must be an object {\"key\", \"status\", "
			"\"resolved\", \"labels\"}");
	tk.line = o->line;
	tk.col = o->col;
	if (want_string(&tk.key, o, "key", 1, path, err) < 0 ||
	    want_string(&tk.status, o, "status", 1, path, err) < 0 ||
	    want_string(&tk.resolved, o, "resolved", 0, path, err) < 0)
		return -1;
	if (!tk.key || strpbrk(tk.key, " \t\n\r"))
		return isms_error_set(err, path, o->line, o->col,
			"%s ticket key", tk.key ? "a malformed" : "an empty");
	if (!tk.status)
		tk.status = "";
	l = isms_yaml_get(o, "labels");
	if (l && !(l->kind == ISMS_Y_SCALAR && l->null) && l->kind != ISMS_Y_SEQ)
		return isms_error_set(err, path, l->line, l->col,
			"\"labels\" must be a list of strings");
	tk.labels = isms_arena_alloc(a, ((l && l->kind == ISMS_Y_SEQ ? l->n : 0)
		+ 1) * sizeof(*tk.labels));
	for (i = 0; l && l->kind == ISMS_Y_SEQ && i < l->n; i++) {
		const isms_ynode *x = l->items[i];

		if (x->kind != ISMS_Y_SCALAR || !x->quoted ||
		    strlen(x->str) != x->len)
			return isms_error_set(err, path, x->line, x->col,
				"\"labels\" must be a list of strings");
		if (x->len)
			tk.labels[tk.nlabels++] = x->str;
	}
	add_ticket(t, a, &tk);
	return 0;
}

static int parse_jsonl(isms_tickets *t, isms_arena *a, const char *path,
	const char *text, size_t len, isms_error *err)
{
	isms_ynode *all = NULL;
	size_t i, skip = 0;
	int blank = 1;

	/* A BOM is no JSON, but an editor may add one: step over it (the
	 * column of a first-line error is then off by one, no more). */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		skip = 3;
	for (i = skip; i < len && blank; i++)
		blank = text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
			text[i] == '\n';
	if (blank)
		return 0;    /* no ticket at all: an empty result is an answer */
	if (isms_json_parse(&all, a, text + skip, len - skip, ISMS_JSON_CONCAT,
	    err) < 0) {
		if (err)
			snprintf(err->path, sizeof(err->path), "%s", path);
		return -1;
	}
	for (i = 0; i < all->n; i++)
		if (json_ticket(t, a, all->items[i], path, err) < 0)
			return -1;
	return 0;
}

/* ---------------------------------------------------------------- API */

int isms_tickets_parse(isms_tickets **out, isms_arena *a, const char *path,
	const char *text, size_t len, isms_error *err)
{
	isms_tickets *t = isms_arena_alloc(a, sizeof(*t));
	int rc;

	*out = NULL;
	t->path = isms_arena_strdup(a, path);
	if (len > ISMS_TICKETS_MAX_BYTES)
		return isms_error_set(err, path, 0, 0, "the export is larger than "
			"%d MiB", ISMS_TICKETS_MAX_BYTES >> 20);
	if (len && memchr(text, '\0', len))
		return isms_error_set(err, path, 0, 0, "the export holds a NUL "
			"byte: not a text file");
	t->format = isms_tickets_format(path, text, len);
	rc = t->format == ISMS_TICKETS_CSV ?
		parse_csv(t, a, path, text, len, err) :
		parse_jsonl(t, a, path, text, len, err);
	if (rc < 0 || finish(t, path, err) < 0)
		return -1;
	*out = t;
	return 0;
}

const isms_ticket *isms_tickets_find(const isms_tickets *t, const char *key)
{
	size_t lo = 0, hi = t ? t->n : 0;

	while (key && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->items[mid].key, key);

		if (c == 0)
			return &t->items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int isms_ticket_labelled(const isms_ticket *tk, const char *label)
{
	size_t i;

	for (i = 0; tk && label && i < tk->nlabels; i++)
		if (!strcmp(tk->labels[i], label))
			return 1;
	return 0;
}
