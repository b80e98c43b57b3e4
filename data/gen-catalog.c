/*
 * gen-catalog.c - turn the ISO/IEC 27001:2022 reference CSVs into C tables.
 *
 *   gen-catalog ANNEX-A.csv 2013-TO-2022.csv CLAUSES.csv > catalog-data.c
 *
 * A host tool run by the Makefile: standard C11 only, no library. It reads
 * RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line
 * breaks; one header row), checks the data hard, and prints the tables with
 * the three accessors isms_catalog_controls/legacy/clauses.
 *
 * The checks are what lib/catalog.c relies on: every id is dotted decimal
 * without leading zeros, and each table is in strictly ascending numeric
 * order (which is also the standard's order), so lookups can binary-search
 * the generated tables as they are. A bad edit to a CSV fails the build
 * here, with the file and line, instead of misbehaving at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-id.h"

#define NCONTROLS 93
#define NLEGACY 114
#define NCLAUSES 41
#define MAXCOLS 6

typedef struct row {
	char *field[MAXCOLS];
	int line;                /* line of the record's start */
} row;

typedef struct table {
	const char *path;
	row *rows;               /* data rows (the header is checked, dropped) */
	size_t n;
} table;

static void die(const char *path, int line, const char *msg, const char *arg)
{
	fprintf(stderr, "gen-catalog: %s", path);
	if (line)
		fprintf(stderr, ":%d", line);
	fprintf(stderr, ": %s", msg);
	if (arg)
		fprintf(stderr, " '%s'", arg);
	fputc('\n', stderr);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("gen-catalog: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		die(path, 0, "cannot open", NULL);
	do {
		if (cap - n < 4096)
			text = xrealloc(text, cap = cap * 2 + 4096);
		got = fread(text + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		die(path, 0, "read error", NULL);
	fclose(f);
	if (memchr(text, '\0', n))
		die(path, 0, "NUL byte in CSV", NULL);
	*len = n;
	return text;
}

/* A growing string for one field. */
typedef struct field {
	char *s;
	size_t n, cap;
} field;

static void field_add(field *f, char c)
{
	if (f->n + 2 > f->cap)
		f->s = xrealloc(f->s, f->cap = f->cap * 2 + 32);
	f->s[f->n++] = c;
	f->s[f->n] = '\0';
}

static char *field_take(field *f)
{
	char *s = f->s ? f->s : xrealloc(NULL, 1);

	if (!f->s)
		s[0] = '\0';
	f->s = NULL;
	f->n = f->cap = 0;
	return s;
}

static int field_end(char c)
{
	return c == ',' || c == '\n' || c == '\r';
}

/* A quoted field at text[*i] == '"': "" is one quote; line breaks count. */
static void parse_quoted(field *f, const char *path, const char *text,
	size_t len, size_t *i, int *line, int start)
{
	size_t at = *i + 1;

	for (;; at++) {
		if (at >= len)
			die(path, start, "unterminated quoted field", NULL);
		if (text[at] == '"') {
			if (at + 1 >= len || text[at + 1] != '"')
				break;
			at++;
		} else if (text[at] == '\n') {
			(*line)++;
		}
		field_add(f, text[at]);
	}
	at++;
	if (at < len && !field_end(text[at]))
		die(path, *line, "text after a closing quote", NULL);
	*i = at;
}

/* An unquoted field: up to a comma or line break; no quotes inside. */
static void parse_plain(field *f, const char *path, const char *text,
	size_t len, size_t *i, int line)
{
	size_t at = *i;

	for (; at < len && !field_end(text[at]); at++) {
		if (text[at] == '"')
			die(path, line, "quote inside an unquoted field", NULL);
		field_add(f, text[at]);
	}
	*i = at;
}

/*
 * Parse one record starting at *pos into r (exactly `ncols` fields);
 * advance *pos past its line break and *line by the lines consumed.
 */
static void parse_record(row *r, const char *path, const char *text,
	size_t len, size_t *pos, int *line, int ncols)
{
	size_t i = *pos;
	int col = 0;
	field f = { NULL, 0, 0 };

	r->line = *line;
	do {
		if (col > 0)
			i++;   /* the comma */
		if (i < len && text[i] == '"')
			parse_quoted(&f, path, text, len, &i, line, r->line);
		else
			parse_plain(&f, path, text, len, &i, *line);
		if (col == ncols)
			die(path, r->line, "too many fields", NULL);
		r->field[col++] = field_take(&f);
	} while (i < len && text[i] == ',');
	if (col != ncols)
		die(path, r->line, "too few fields", NULL);
	if (i < len && text[i] == '\r')
		i++;
	if (i < len && text[i] != '\n')
		die(path, *line, "stray carriage return", NULL);
	if (i < len)
		i++;
	(*line)++;
	*pos = i;
}

/* The fields of a header row joined with commas, for comparison. */
static const char *join(const row *r, int ncols)
{
	static char out[256];
	int c;

	out[0] = '\0';
	for (c = 0; c < ncols; c++) {
		if (strlen(out) + strlen(r->field[c]) + 2 > sizeof(out))
			return "";
		if (c)
			strcat(out, ",");
		strcat(out, r->field[c]);
	}
	return out;
}

/*
 * Read a CSV whose header must be exactly `header` (comma-separated) and
 * which must have `want` data rows.
 */
static void read_table(table *t, const char *path, const char *header,
	size_t want)
{
	size_t len, pos = 0;
	char *text = slurp(path, &len);
	int line = 1, ncols = 1;
	row head;
	const char *h;

	for (h = header; *h; h++)
		ncols += *h == ',';
	t->path = path;
	t->rows = xrealloc(NULL, (want + 1) * sizeof(row));
	t->n = 0;
	if (len == 0)
		die(path, 0, "empty file", NULL);
	parse_record(&head, path, text, len, &pos, &line, ncols);
	if (strcmp(join(&head, ncols), header) != 0)
		die(path, 1, "header must be", header);
	/* rows has room for one too many: parse it, so a bad line is named. */
	while (pos < len && t->n <= want) {
		row *r = &t->rows[t->n++];
		parse_record(r, path, text, len, &pos, &line, ncols);
	}
	if (t->n != want) {
		char msg[64];
		snprintf(msg, sizeof(msg), "expected %zu data rows, "
			"found %s%zu", want, t->n > want ? "at least " : "", t->n);
		die(path, 0, msg, NULL);
	}
	free(text);
}

static void check_nonempty(const table *t, size_t ncols)
{
	size_t i, c;

	for (i = 0; i < t->n; i++)
		for (c = 0; c < ncols; c++)
			if (!t->rows[i].field[c][0])
				die(t->path, t->rows[i].line, "empty field", NULL);
}

/* Each id valid and greater than the one before. */
static void check_ids(const table *t, int skip, int min, int max)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const char *id = t->rows[i].field[0];
		if (skip && strncmp(id, "A.", 2) != 0)
			die(t->path, t->rows[i].line, "id must start with A.", id);
		if (!valid_id(id + skip, min, max))
			die(t->path, t->rows[i].line, "malformed id", id);
		if (i && idcmp(t->rows[i - 1].field[0] + skip, id + skip) >= 0)
			die(t->path, t->rows[i].line, "id out of order or repeated", id);
	}
}

static const char *const themes[] = {
	"Organizational", "People", "Physical", "Technological"
};

static void check_controls(const table *t)
{
	size_t i;

	check_nonempty(t, 6);
	check_ids(t, 0, 2, 2);
	for (i = 0; i < t->n; i++) {
		const row *r = &t->rows[i];
		int major = atoi(r->field[0]);
		if (major < 5 || major > 8)
			die(t->path, r->line, "control outside themes 5-8", r->field[0]);
		if (strcmp(r->field[2], themes[major - 5]) != 0)
			die(t->path, r->line, "wrong theme", r->field[2]);
	}
}

static int find_control(const table *controls, const char *id)
{
	size_t i;

	for (i = 0; i < controls->n; i++)
		if (strcmp(controls->rows[i].field[0], id) == 0)
			return 1;
	return 0;
}

/* Every 2022 id a 2013 control maps to ("5.36;8.8") must exist. */
static void check_legacy(const table *t, const table *controls)
{
	size_t i;

	check_nonempty(t, 3);
	check_ids(t, 2, 3, 3);
	for (i = 0; i < t->n; i++) {
		char *ids = t->rows[i].field[2];
		size_t at = 0;
		while (ids[at]) {
			size_t n = strcspn(ids + at, ";");
			char id[32];
			if (n == 0 || n >= sizeof(id))
				die(t->path, t->rows[i].line, "malformed new_id", ids);
			memcpy(id, ids + at, n);
			id[n] = '\0';
			if (!find_control(controls, id))
				die(t->path, t->rows[i].line, "maps to unknown control", id);
			at += n + (ids[at + n] == ';');
		}
	}
}

static void check_clauses(const table *t)
{
	size_t i;

	check_nonempty(t, 2);
	check_ids(t, 0, 1, 3);
	for (i = 0; i < t->n; i++) {
		int major = atoi(t->rows[i].field[0]);
		if (major < 4 || major > 10)
			die(t->path, t->rows[i].line, "clause outside 4-10",
				t->rows[i].field[0]);
	}
}

/*
 * A C string literal. Octal escapes are always three digits, so a digit
 * after one is never swallowed; '?' is escaped because -std=c11 turns on
 * trigraphs ("??=" would become '#').
 */
static void put_cstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putchar('"');
	for (; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static void put_row(const row *r, int ncols)
{
	int c;

	putchar('\t');
	putchar('{');
	for (c = 0; c < ncols; c++) {
		if (c)
			fputs(", ", stdout);
		put_cstr(r->field[c]);
	}
	fputs("},\n", stdout);
}

static void put_table(const table *t, int ncols, const char *type,
	const char *name, const char *accessor)
{
	size_t i;

	printf("static const %s %s[%zu] = {\n", type, name, t->n);
	for (i = 0; i < t->n; i++)
		put_row(&t->rows[i], ncols);
	printf("};\n\n");
	printf("const %s *%s(size_t *n)\n{\n", type, accessor);
	printf("\tif (n)\n\t\t*n = %zu;\n\treturn %s;\n}\n\n", t->n, name);
}

int main(int argc, char **argv)
{
	table controls, legacy, clauses;

	if (argc != 4) {
		fputs("usage: gen-catalog ANNEX-A.csv 2013-TO-2022.csv "
			"CLAUSES.csv > catalog-data.c\n", stderr);
		return 2;
	}
	read_table(&controls, argv[1],
		"id,title,theme,control_type,properties,concepts", NCONTROLS);
	read_table(&legacy, argv[2], "old_id,old_title,new_id", NLEGACY);
	read_table(&clauses, argv[3], "id,title", NCLAUSES);
	check_controls(&controls);
	check_legacy(&legacy, &controls);
	check_clauses(&clauses);

	printf("/*\n * Generated by data/gen-catalog.c from the data/ CSVs; "
		"do not edit.\n * Each table is in ascending numeric id order "
		"(checked by the generator):\n * lib/catalog.c binary-searches "
		"them.\n */\n#include \"base.h\"\n\n");
	put_table(&controls, 6, "isms_control", "controls",
		"isms_catalog_controls");
	put_table(&legacy, 3, "isms_legacy", "legacy", "isms_catalog_legacy");
	put_table(&clauses, 2, "isms_clause", "clauses", "isms_catalog_clauses");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("gen-catalog: write error\n", stderr);
		return 1;
	}
	return 0;
}
