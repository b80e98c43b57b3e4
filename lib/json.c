/*
 * json.c - JSON text (RFC 8259) into isms_ynode trees.
 *
 * JSON is meant to be YAML's flow subset, and isms_yaml_parse reads what
 * the forges usually send. But libyaml 0.2.5 refuses parts of JSON that a
 * forge's review JSON can hold, and a refusal there loses an approval's
 * record:
 *   - surrogate-pair escapes ("\ud83d\udc4d", what an ASCII-only encoder
 *     writes for an emoji in a name or a review body);
 *   - raw U+007F..U+009F and U+FFFE/U+FFFF in strings (JSON allows them;
 *     a reviewer decides what a review body holds);
 *   - the pages of `gh api --paginate`, one JSON array after another;
 * and it folds a raw U+2028 in a string into a space and stops a string at
 * "\u0000". This parser is strict RFC 8259 instead, builds the same nodes
 * (objects are maps, arrays sequences, strings quoted scalars, numbers and
 * true/false plain scalars as written, null a null scalar) with 1-based
 * lines and columns in characters, and refuses duplicate keys rather than
 * guess which one a forge meant.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>

struct jp {
	const char *p, *end;
	int line, col;             /* of *p */
	isms_arena *a;
	isms_error *err;
	isms_buf kids;             /* isms_ynode * of the open containers */
	isms_buf str;              /* the string being decoded */
	size_t nodes;
	int depth;
};

static int fail(struct jp *j, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct jp *j, int line, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return isms_error_set(j->err, NULL, line, col, "%s", msg);
}

#define fail_here(j, ...) fail((j), (j)->line, (j)->col, __VA_ARGS__)

/* Step over one byte that is not a line break; columns count characters,
 * so UTF-8 continuation bytes do not move the column. */
static void step(struct jp *j)
{
	if (((unsigned char)*j->p & 0xC0) != 0x80)
		j->col++;
	j->p++;
}

static void skip_ws(struct jp *j)
{
	while (j->p < j->end) {
		char c = *j->p;

		if (c == '\n') {
			j->p++;
			j->line++;
			j->col = 1;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			j->p++;
			j->col++;
		} else {
			break;
		}
	}
}

/* What stands at the cursor, for a message. */
static const char *what_here(struct jp *j, char buf[16])
{
	unsigned char c;

	if (j->p >= j->end)
		return "the end of the input";
	c = (unsigned char)*j->p;
	if (c >= 0x21 && c < 0x7F)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02X", c);
	return buf;
}

static isms_ynode *node_new(struct jp *j, isms_ykind kind, int line, int col)
{
	isms_ynode *n;

	if (++j->nodes > ISMS_JSON_MAX_NODES) {
		fail(j, line, col, "JSON has more than %d values",
			ISMS_JSON_MAX_NODES);
		return NULL;
	}
	n = isms_arena_alloc(j->a, sizeof(*n));
	n->kind = kind;
	n->line = line;
	n->col = col;
	n->str = "";
	return n;
}

static void push(struct jp *j, isms_ynode *n)
{
	isms_buf_add(&j->kids, &n, sizeof(n));
}

static size_t nkids(const struct jp *j)
{
	return j->kids.len / sizeof(isms_ynode *);
}

/* The children pushed since `base`, copied into an exact arena array. */
static isms_ynode **take(struct jp *j, size_t base, size_t *n)
{
	isms_ynode **out;

	*n = nkids(j) - base;
	out = isms_arena_alloc(j->a, (*n ? *n : 1) * sizeof(*out));
	if (*n)
		memcpy(out, (isms_ynode **)j->kids.ptr + base, *n * sizeof(*out));
	isms_buf_truncate(&j->kids, base * sizeof(isms_ynode *));
	return out;
}

/* ---------------------------------------------------------------- strings */

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* A string at the opening quote, decoded into j->str. */
static int string(struct jp *j)
{
	int line = j->line, col = j->col;

	isms_buf_truncate(&j->str, 0);
	step(j);
	for (;;) {
		unsigned char c;

		if (j->p >= j->end)
			return fail(j, line, col, "unterminated string");
		c = (unsigned char)*j->p;
		if (c == '"') {
			step(j);
			return 0;
		}
		if (c < 0x20)
			return fail_here(j, c == '\n' ? "line break in a string "
				"(write \\n)" : "control character U+%04X in a string "
				"(escape it)", c);
		if (c >= 0x80) {
			size_t n = isms_utf8_seq(j->p, j->end, NULL);

			if (!n)
				return fail_here(j, "invalid UTF-8 in a string");
			isms_buf_add(&j->str, j->p, n);
			j->p += n;
			j->col++;
			continue;
		}
		if (c != '\\') {
			isms_buf_putc(&j->str, c);
			step(j);
			continue;
		}
		if (j->end - j->p < 2)
			return fail(j, line, col, "unterminated string");
		switch (j->p[1]) {
		case '"': isms_buf_putc(&j->str, '"'); break;
		case '\\': isms_buf_putc(&j->str, '\\'); break;
		case '/': isms_buf_putc(&j->str, '/'); break;
		case 'b': isms_buf_putc(&j->str, '\b'); break;
		case 'f': isms_buf_putc(&j->str, '\f'); break;
		case 'n': isms_buf_putc(&j->str, '\n'); break;
		case 'r': isms_buf_putc(&j->str, '\r'); break;
		case 't': isms_buf_putc(&j->str, '\t'); break;
		case 'u': {
			unsigned cp, lo;

			if (j->end - j->p < 6 || hex4(j->p + 2, &cp) < 0)
				return fail_here(j, "\\u needs four hex digits");
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return fail_here(j, "\\u%04X is the second half of a "
					"surrogate pair without the first", cp);
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (j->end - j->p < 12 || j->p[6] != '\\' ||
				    j->p[7] != 'u' || hex4(j->p + 8, &lo) < 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					return fail_here(j, "\\u%04X is the first half of a "
						"surrogate pair without the second", cp);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				j->p += 6;
				j->col += 6;
			}
			isms_utf8_put(&j->str, cp);
			j->p += 4;
			j->col += 4;
			break;
		}
		default:
			return fail_here(j, "unknown escape \\%c in a string",
				j->p[1] > 0x20 && j->p[1] < 0x7F ? j->p[1] : '?');
		}
		j->p += 2;
		j->col += 2;
	}
}

static isms_ynode *scalar_from_str(struct jp *j, int line, int col)
{
	isms_ynode *n = node_new(j, ISMS_Y_SCALAR, line, col);

	if (!n)
		return NULL;
	n->quoted = 1;
	n->len = j->str.len;
	n->str = isms_arena_strndup(j->a, j->str.ptr, j->str.len);
	return n;
}

/* ---------------------------------------------------------------- values */

static int digits(struct jp *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		step(j);
	return j->p > s;
}

static isms_ynode *number(struct jp *j)
{
	int line = j->line, col = j->col;
	const char *s = j->p;
	isms_ynode *n;

	if (*j->p == '-')
		step(j);
	if (j->p < j->end && *j->p == '0')
		step(j);
	else if (!digits(j))
		goto bad;
	if (j->p < j->end && *j->p == '.') {
		step(j);
		if (!digits(j))
			goto bad;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		step(j);
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			step(j);
		if (!digits(j))
			goto bad;
	}
	if (!(n = node_new(j, ISMS_Y_SCALAR, line, col)))
		return NULL;
	n->len = (size_t)(j->p - s);
	n->str = isms_arena_strndup(j->a, s, n->len);
	return n;
bad:
	fail(j, line, col, "invalid number");
	return NULL;
}

static isms_ynode *literal(struct jp *j)
{
	static const char *const words[] = { "true", "false", "null" };
	int line = j->line, col = j->col;
	size_t i, len;
	isms_ynode *n;

	for (i = 0; i < 3; i++) {
		len = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= len && !memcmp(j->p, words[i], len))
			break;
	}
	if (i == 3) {
		char buf[16];

		fail_here(j, "expected a value, found %s", what_here(j, buf));
		return NULL;
	}
	j->p += len;
	j->col += (int)len;
	if (!(n = node_new(j, ISMS_Y_SCALAR, line, col)))
		return NULL;
	if (i == 2) {
		n->null = 1;
	} else {
		n->str = words[i];
		n->len = len;
	}
	return n;
}

static isms_ynode *value(struct jp *j);

static int cmp_key(const void *a, const void *b)
{
	const isms_ynode *x = *(isms_ynode *const *)a, *y = *(isms_ynode *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->str, y->str, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Equal keys in the order they were written. */
	return x->line != y->line ? (x->line < y->line ? -1 : 1) :
		x->col < y->col ? -1 : x->col > y->col;
}

/* Sorting the keys finds duplicates in n log n: a hostile object with many
 * keys must not make this quadratic. */
static int check_keys(struct jp *j, isms_ynode *map)
{
	isms_ynode **k;
	size_t i;

	if (map->n < 2)
		return 0;
	k = malloc(map->n * sizeof(*k));
	if (!k)
		abort();
	memcpy(k, map->keys, map->n * sizeof(*k));
	qsort(k, map->n, sizeof(*k), cmp_key);
	for (i = 1; i < map->n; i++)
		if (k[i]->len == k[i - 1]->len &&
		    !memcmp(k[i]->str, k[i - 1]->str, k[i]->len)) {
			int line = k[i - 1]->line, rc;

			rc = fail(j, k[i]->line, k[i]->col, "duplicate key \"%.*s\" "
				"(first at line %d)", k[i]->len > 64 ? 64 : (int)k[i]->len,
				k[i]->str, line);
			free(k);
			return rc;
		}
	free(k);
	return 0;
}

static isms_ynode *container(struct jp *j, int object)
{
	int line = j->line, col = j->col;
	char close = object ? '}' : ']', buf[16];
	size_t base = nkids(j), i, n;
	isms_ynode *node, *v, **kids;

	if (j->depth == ISMS_YAML_MAX_DEPTH) {
		fail_here(j, "JSON nests deeper than %d levels", ISMS_YAML_MAX_DEPTH);
		return NULL;
	}
	if (!(node = node_new(j, object ? ISMS_Y_MAP : ISMS_Y_SEQ, line, col)))
		return NULL;
	j->depth++;
	step(j);
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		step(j);
		goto done;
	}
	for (;;) {
		skip_ws(j);
		if (object) {
			int kl = j->line, kc = j->col;

			if (j->p >= j->end || *j->p != '"') {
				fail_here(j, "expected a string key, found %s",
					what_here(j, buf));
				return NULL;
			}
			if (string(j) < 0 || !(v = scalar_from_str(j, kl, kc)))
				return NULL;
			push(j, v);
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				fail_here(j, "expected ':' after a key, found %s",
					what_here(j, buf));
				return NULL;
			}
			step(j);
		}
		if (!(v = value(j)))
			return NULL;
		push(j, v);
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			step(j);
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			step(j);
			break;
		}
		fail_here(j, "expected ',' or '%c' after %s, found %s", close,
			object ? "a member" : "an item", what_here(j, buf));
		return NULL;
	}
done:
	j->depth--;
	kids = take(j, base, &n);
	if (!object) {
		node->n = n;
		node->items = kids;
		return node;
	}
	node->n = n / 2;
	node->keys = isms_arena_alloc(j->a, (node->n ? node->n : 1) * sizeof(*kids));
	node->items = isms_arena_alloc(j->a, (node->n ? node->n : 1) * sizeof(*kids));
	for (i = 0; i < node->n; i++) {
		node->keys[i] = kids[2 * i];
		node->items[i] = kids[2 * i + 1];
	}
	return check_keys(j, node) < 0 ? NULL : node;
}

static isms_ynode *value(struct jp *j)
{
	char c;

	skip_ws(j);
	if (j->p >= j->end) {
		fail_here(j, "expected a value, found the end of the input");
		return NULL;
	}
	c = *j->p;
	if (c == '{' || c == '[')
		return container(j, c == '{');
	if (c == '"') {
		int line = j->line, col = j->col;

		return string(j) < 0 ? NULL : scalar_from_str(j, line, col);
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return number(j);
	return literal(j);
}

/* ---------------------------------------------------------------- api */

int isms_json_parse(isms_ynode **out, isms_arena *a, const char *text,
	size_t len, int flags, isms_error *err)
{
	struct jp j;
	isms_ynode *v, *seq = NULL;
	char buf[16];
	int rc = -1;

	*out = NULL;
	memset(&j, 0, sizeof(j));
	isms_buf_init(&j.str);
	j.p = text ? text : "";
	j.end = j.p + (text ? len : 0);
	j.line = j.col = 1;
	j.a = a;
	j.err = err;
	/* RFC 8259 lets a parser ignore a byte order mark. */
	if (j.end - j.p >= 3 && !memcmp(j.p, "\xEF\xBB\xBF", 3))
		j.p += 3;
	if (flags & ISMS_JSON_CONCAT) {
		seq = node_new(&j, ISMS_Y_SEQ, 1, 1);
		seq->items = isms_arena_alloc(a, sizeof(*seq->items));
	}
	skip_ws(&j);
	if (j.p >= j.end) {
		fail_here(&j, "no JSON value (the input is empty)");
		goto done;
	}
	do {
		if (!(v = value(&j)))
			goto done;
		skip_ws(&j);
		if (!seq) {
			if (j.p < j.end) {
				fail_here(&j, "text after the JSON value: %s",
					what_here(&j, buf));
				goto done;
			}
			*out = v;
		} else {
			push(&j, v);
		}
	} while (seq && j.p < j.end);
	if (seq) {
		seq->items = take(&j, 0, &seq->n);
		*out = seq;
	}
	rc = 0;
done:
	isms_buf_release(&j.kids);
	isms_buf_release(&j.str);
	return rc;
}
