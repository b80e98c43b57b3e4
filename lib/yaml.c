/*
 * yaml.c - YAML text into isms_ynode trees; the only user of libyaml.
 *
 * libyaml's event parser drives a small builder. Each open map or sequence
 * is a frame; finished children wait on one heap stack until their parent
 * closes and gets exact-size arena arrays, so the arena holds no waste.
 *
 * Aliases share the anchored node, which makes an alias bomb cheap to
 * *build* but ruinous to *walk*: every consumer that recurses into the tree
 * would expand it. So each node carries its expanded cost (nodes, text,
 * height) and the whole document is refused as soon as the expanded total
 * passes a limit; a billion-laughs file fails after a few dozen events.
 */
#include "base.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

/*
 * Text that aliases may add, on top of the document's own. Counting nodes
 * alone misses the "quadratic" bomb: one large scalar aliased many times
 * stays under the node limit but multiplies the text every writer copies.
 */
#define MAX_ALIAS_TEXT (1024 * 1024)

/* Keys shown in messages are cut to this many bytes. */
#define MAX_SHOWN 64

/* What a node costs once its aliases are expanded. */
struct cost {
	size_t nodes;              /* nodes, itself included */
	size_t text;               /* bytes of scalar text */
	int height;                /* levels of maps/sequences; 0 for a scalar */
};

/* A name in the lookup table: an anchor, or a key of one map. */
struct entry {
	struct entry *next;
	const isms_ynode *scope;   /* the map holding the key; NULL: an anchor */
	const char *name;
	size_t len;
	isms_ynode *node;
	int line;                  /* keys: file line where it was written */
	struct cost cost;          /* anchors: what an alias to it adds */
};

/* A map or sequence whose end has not been seen yet. */
struct frame {
	isms_ynode *node;
	size_t base;               /* index of its first child on the stack */
	struct cost cost;
	const char *anchor;        /* registered once the node is complete */
	int want_value;            /* map: the next child is a value */
	int drop_value;            /* map: ...of a duplicate key, not kept */
};

struct builder {
	isms_arena *arena;
	isms_error *err;
	const char *text;
	size_t len;
	int first_line;
	struct frame frames[ISMS_YAML_MAX_DEPTH];
	int depth;
	isms_buf children;         /* isms_ynode * of the open frames */
	isms_arena *scratch;       /* lives only while parsing: the table */
	struct entry **table;      /* chained hash of anchors and map keys */
	size_t mask;
	size_t nodes;              /* expanded node count so far */
	size_t alias_text;         /* text added by aliases so far */
	int documents;
	isms_ynode *root;
	isms_yissue *issues, **issue_tail;
};

/* ---------------------------------------------------------------- positions */

static int file_line(const struct builder *b, size_t line)
{
	return line > (size_t)(INT32_MAX - b->first_line) ?
		0 : (int)line + b->first_line;
}

static int file_col(size_t col)
{
	return col >= INT32_MAX ? 0 : (int)col + 1;
}

static int fail_at(struct builder *b, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct builder *b, int line, int col, const char *fmt, ...)
{
	char msg[sizeof(b->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return isms_error_set(b->err, NULL, line, col, "%s", msg);
}

#define fail(b, mark, ...) \
	fail_at((b), file_line((b), (mark).line), file_col((mark).column), \
		__VA_ARGS__)

/*
 * Key text fit for a one-line message: control characters become '?' and
 * a long key is cut, at a character boundary since libyaml has already
 * checked that the text is UTF-8.
 */
static const char *shown(char buf[MAX_SHOWN + 4], const char *s, size_t len)
{
	size_t i, n = len;

	if (n > MAX_SHOWN) {
		n = MAX_SHOWN;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	strcpy(buf + n, n < len ? "..." : "");
	return buf;
}

/* ---------------------------------------------------------------- table */

/*
 * Anchors and keys are looked up once per alias and per key; a linear
 * search would make a large map or many anchors quadratic.
 */
static void table_init(struct builder *b)
{
	size_t n = 64;

	/* About one bucket per 16 bytes of YAML, capped by the node limit. */
	while (n < b->len / 16 && n < ISMS_YAML_MAX_NODES)
		n *= 2;
	b->table = isms_arena_alloc(b->scratch, n * sizeof(*b->table));
	b->mask = n - 1;
}

static size_t hash(const isms_ynode *scope, const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL ^ (uintptr_t)scope;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static struct entry *table_find(struct builder *b, const isms_ynode *scope,
	const char *s, size_t len)
{
	struct entry *e = b->table[hash(scope, s, len) & b->mask];

	for (; e; e = e->next)
		if (e->scope == scope && e->len == len &&
		    memcmp(e->name, s, len) == 0)
			return e;
	return NULL;
}

/* New entries go first, so a redefined anchor hides the older one. */
static struct entry *table_add(struct builder *b, const isms_ynode *scope,
	const char *s, size_t len)
{
	struct entry **head = &b->table[hash(scope, s, len) & b->mask];
	struct entry *e = isms_arena_alloc(b->scratch, sizeof(*e));

	e->scope = scope;
	e->name = s;
	e->len = len;
	e->next = *head;
	*head = e;
	return e;
}

/* ---------------------------------------------------------------- building */

static void cost_add(struct cost *to, const struct cost *c)
{
	to->nodes += c->nodes;
	to->text += c->text;
	if (to->height < c->height + 1)
		to->height = c->height + 1;
}

/* Account for `nodes` more expanded nodes, written at `mark`. */
static int count(struct builder *b, size_t nodes, const yaml_mark_t *mark)
{
	b->nodes += nodes;
	if (b->nodes > ISMS_YAML_MAX_NODES)
		return fail(b, *mark, "YAML has more than %d nodes "
			"(counting each alias as a copy)", ISMS_YAML_MAX_NODES);
	return 0;
}

static isms_ynode *node_new(struct builder *b, isms_ykind kind,
	const yaml_mark_t *mark)
{
	isms_ynode *n = isms_arena_alloc(b->arena, sizeof(*n));

	n->kind = kind;
	n->line = file_line(b, mark->line);
	n->col = file_col(mark->column);
	n->str = "";
	return n;
}

static void push(struct builder *b, isms_ynode *node)
{
	isms_buf_add(&b->children, &node, sizeof(node));
}

static void add_issue(struct builder *b, const yaml_mark_t *mark,
	const char *msg)
{
	isms_yissue *is = isms_arena_alloc(b->arena, sizeof(*is));

	is->line = file_line(b, mark->line);
	is->col = file_col(mark->column);
	is->msg = msg;
	*b->issue_tail = is;
	b->issue_tail = &is->next;
}

/*
 * A key of the open map `f`. The first of duplicate keys is kept (the one
 * a reader sees first), the later pair is dropped and reported.
 */
static int add_key(struct builder *b, struct frame *f, isms_ynode *key,
	const yaml_mark_t *mark)
{
	struct entry *e;
	char buf[MAX_SHOWN + 4];

	if (key->kind != ISMS_Y_SCALAR)
		return fail(b, *mark, "a map key must be a scalar, not an alias "
			"to a %s", key->kind == ISMS_Y_MAP ? "map" : "sequence");
	f->want_value = 1;
	e = table_find(b, f->node, key->str, key->len);
	if (e) {
		add_issue(b, mark, isms_arena_printf(b->arena,
			"duplicate key \"%s\" (first at line %d)",
			shown(buf, key->str, key->len), e->line));
		f->drop_value = 1;
		return 0;
	}
	e = table_add(b, f->node, key->str, key->len);
	e->node = key;
	e->line = file_line(b, mark->line);
	push(b, key);
	return 0;
}

/* A finished node (`mark` is where it was written) joins its parent. */
static int add_child(struct builder *b, isms_ynode *node,
	const struct cost *c, const yaml_mark_t *mark)
{
	struct frame *f;

	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	f = &b->frames[b->depth - 1];
	cost_add(&f->cost, c);
	if (f->node->kind == ISMS_Y_SEQ)
		push(b, node);
	else if (!f->want_value)
		return add_key(b, f, node, mark);
	else if (f->drop_value)
		f->want_value = f->drop_value = 0;
	else {
		f->want_value = 0;
		push(b, node);
	}
	return 0;
}

static void add_anchor(struct builder *b, const char *name, isms_ynode *node,
	const struct cost *c)
{
	struct entry *e;

	if (!name)
		return;
	e = table_add(b, NULL, name, strlen(name));
	e->node = node;
	e->cost = *c;
}

static const char *anchor_copy(struct builder *b, const yaml_char_t *anchor)
{
	return anchor ? isms_arena_strdup(b->arena, (const char *)anchor) : NULL;
}

static int is_null(const char *s, size_t len)
{
	static const char *const forms[] = { "~", "null", "Null", "NULL" };
	size_t i;

	if (len == 0)
		return 1;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strlen(forms[i]) == len && memcmp(s, forms[i], len) == 0)
			return 1;
	return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	yaml_scalar_style_t style = ev->data.scalar.style;
	struct cost c = { 1, len, 0 };
	isms_ynode *n;

	if (count(b, 1, &ev->start_mark) < 0)
		return -1;
	n = node_new(b, ISMS_Y_SCALAR, &ev->start_mark);
	n->quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	n->null = style == YAML_PLAIN_SCALAR_STYLE && is_null(s, len);
	if (!n->null) {
		n->str = isms_arena_strndup(b->arena, s, len);
		n->len = len;
	}
	add_anchor(b, anchor_copy(b, ev->data.scalar.anchor), n, &c);
	return add_child(b, n, &c, &ev->start_mark);
}

/* Why an alias has no usable anchor: none yet, or it is still open. */
static int unknown_alias(struct builder *b, const yaml_event_t *ev,
	const char *name)
{
	int i;

	for (i = 0; i < b->depth; i++)
		if (b->frames[i].anchor && strcmp(b->frames[i].anchor, name) == 0)
			return fail(b, ev->start_mark, "alias *%.*s refers to "
				"a node that contains it", MAX_SHOWN, name);
	return fail(b, ev->start_mark, "unknown alias *%.*s", MAX_SHOWN, name);
}

static int on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct entry *e = table_find(b, NULL, name, strlen(name));

	if (!e)
		return unknown_alias(b, ev, name);
	if (b->depth + e->cost.height > ISMS_YAML_MAX_DEPTH)
		return fail(b, ev->start_mark, "alias *%.*s nests deeper than "
			"%d levels", MAX_SHOWN, name, ISMS_YAML_MAX_DEPTH);
	if (count(b, e->cost.nodes, &ev->start_mark) < 0)
		return -1;
	b->alias_text += e->cost.text;
	if (b->alias_text > MAX_ALIAS_TEXT)
		return fail(b, ev->start_mark, "aliases expand to more than "
			"%d bytes of text", MAX_ALIAS_TEXT);
	return add_child(b, e->node, &e->cost, &ev->start_mark);
}

static int on_open(struct builder *b, const yaml_event_t *ev, isms_ykind kind,
	const yaml_char_t *anchor)
{
	struct frame *f;

	if (b->depth > 0 && b->frames[b->depth - 1].node->kind == ISMS_Y_MAP &&
	    !b->frames[b->depth - 1].want_value)
		return fail(b, ev->start_mark, "a map key must be a scalar, "
			"not a %s", kind == ISMS_Y_MAP ? "map" : "sequence");
	if (b->depth == ISMS_YAML_MAX_DEPTH)
		return fail(b, ev->start_mark, "YAML nests deeper than %d levels",
			ISMS_YAML_MAX_DEPTH);
	if (count(b, 1, &ev->start_mark) < 0)
		return -1;
	f = &b->frames[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = node_new(b, kind, &ev->start_mark);
	f->base = b->children.len / sizeof(isms_ynode *);
	f->cost.nodes = 1;
	f->cost.height = 1;
	f->anchor = anchor_copy(b, anchor);
	return 0;
}

/* The innermost frame is complete: give it its children and close it. */
static int on_close(struct builder *b, const yaml_event_t *ev)
{
	struct frame f = b->frames[--b->depth];
	/* An empty {} or [] as the whole document has no children buffer. */
	isms_ynode **kids = b->children.ptr ?
		(isms_ynode **)b->children.ptr + f.base : NULL;
	size_t i, n = b->children.len / sizeof(isms_ynode *) - f.base;
	isms_ynode *node = f.node;

	if (node->kind == ISMS_Y_MAP) {
		/* Pairs were pushed whole (a dropped key drops its value). */
		node->n = n / 2;
		node->keys = isms_arena_alloc(b->arena, node->n * sizeof(*kids));
		node->items = isms_arena_alloc(b->arena, node->n * sizeof(*kids));
		for (i = 0; i < node->n; i++) {
			node->keys[i] = kids[2 * i];
			node->items[i] = kids[2 * i + 1];
		}
	} else {
		node->n = n;
		node->items = isms_arena_alloc(b->arena, n * sizeof(*kids));
		if (n)
			memcpy(node->items, kids, n * sizeof(*kids));
	}
	isms_buf_truncate(&b->children, f.base * sizeof(isms_ynode *));
	add_anchor(b, f.anchor, node, &f.cost);
	return add_child(b, node, &f.cost, &ev->start_mark);
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->documents++ > 0)
			return fail(b, ev->start_mark, "front matter holds more "
				"than one YAML document");
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(b, ev, ISMS_Y_SEQ, ev->data.sequence_start.anchor);
	case YAML_MAPPING_START_EVENT:
		return on_open(b, ev, ISMS_Y_MAP, ev->data.mapping_start.anchor);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_close(b, ev);
	default:
		return 0;
	}
}

/* ---------------------------------------------------------------- errors */

/*
 * The reader (encoding errors, control characters) reports a byte offset
 * instead of a mark: count lines and characters up to it ourselves.
 */
static int reader_error(struct builder *b, const yaml_parser_t *p)
{
	size_t i, off = p->problem_offset < b->len ? p->problem_offset : b->len;
	size_t line = 0, col = 0;

	for (i = 0; i < off; i++) {
		if (b->text[i] == '\n') {
			line++;
			col = 0;
		} else if (((unsigned char)b->text[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	if (p->problem_value != -1)
		return fail_at(b, file_line(b, line), file_col(col),
			"%s (#x%X)", p->problem, (unsigned)p->problem_value);
	return fail_at(b, file_line(b, line), file_col(col), "%s", p->problem);
}

/* The byte at a libyaml mark (0-based line and character), or -1. */
static int byte_at(const struct builder *b, const yaml_mark_t *mark)
{
	const char *p = b->text, *end = b->text + b->len;
	size_t line, col = 0;

	for (line = 0; line < mark->line && p < end; p++)
		if (*p == '\n')
			line++;
	for (; p < end && *p != '\n'; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (col++ == mark->column)
			return (unsigned char)*p;
	}
	return -1;
}

static int parser_error(struct builder *b, const yaml_parser_t *p)
{
	char ctx[256] = "";
	const char *hint = "";

	if (p->error == YAML_READER_ERROR)
		return reader_error(b, p);
	if (!p->problem)
		return fail_at(b, 0, 0, "YAML parser failed (out of memory?)");
	/* libyaml's words for a tab in the indentation seldom say "tab". */
	if (byte_at(b, &p->problem_mark) == '\t' && !strstr(p->problem, "tab"))
		hint = "; YAML indents with spaces, not tabs";
	if (p->context && p->context_mark.index == p->problem_mark.index)
		snprintf(ctx, sizeof(ctx), " (%s)", p->context);
	else if (p->context)
		snprintf(ctx, sizeof(ctx), " (%s at line %d, column %d)",
			p->context, file_line(b, p->context_mark.line),
			file_col(p->context_mark.column));
	return fail(b, p->problem_mark, "%s%s%s", p->problem, ctx, hint);
}

/* ---------------------------------------------------------------- api */

static int build(struct builder *b, yaml_parser_t *parser)
{
	yaml_event_t ev;
	int rc, end;

	do {
		/* libyaml says 1 for success; from here on it is 0 / -1. */
		if (!yaml_parser_parse(parser, &ev))
			return parser_error(b, parser);
		end = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(b, &ev);
		yaml_event_delete(&ev);
	} while (rc == 0 && !end);
	return rc;
}

int isms_yaml_parse(isms_ynode **out, isms_yissue **issues, isms_arena *a,
	const char *text, size_t len, int first_line, isms_error *err)
{
	struct builder b;
	yaml_parser_t parser;
	int rc;

	*out = NULL;
	if (issues)
		*issues = NULL;
	/* The split strips a BOM, but whole-file YAML (isms.yml) keeps it;
	 * libyaml would count it as a column of line 1. */
	if (text && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	memset(&b, 0, sizeof(b));
	b.arena = a;
	b.err = err;
	b.text = text ? text : "";
	b.len = len;
	b.first_line = first_line;
	b.issue_tail = &b.issues;
	/* The hash table is needed only while parsing; the tree is kept. */
	b.scratch = isms_arena_new();
	table_init(&b);

	if (!yaml_parser_initialize(&parser)) {
		isms_arena_free(b.scratch);
		return isms_error_set(err, NULL, 0, 0, "out of memory");
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)b.text, len);
	/* Never guess UTF-16 from stray leading bytes: front matter is UTF-8. */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	rc = build(&b, &parser);
	yaml_parser_delete(&parser);
	isms_buf_release(&b.children);
	isms_arena_free(b.scratch);
	if (rc < 0)
		return -1;

	/* A document that is only `---`, or `~`, holds nothing. */
	if (b.root && !(b.root->kind == ISMS_Y_SCALAR && b.root->null))
		*out = b.root;
	if (issues)
		*issues = b.issues;
	return 0;
}

static const isms_ynode *find(const isms_ynode *map, const char *key,
	int want_key)
{
	size_t i, len;

	if (!map || map->kind != ISMS_Y_MAP || !key)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->len == len &&
		    memcmp(map->keys[i]->str, key, len) == 0)
			return want_key ? map->keys[i] : map->items[i];
	return NULL;
}

const isms_ynode *isms_yaml_get(const isms_ynode *map, const char *key)
{
	return find(map, key, 0);
}

const isms_ynode *isms_yaml_key(const isms_ynode *map, const char *key)
{
	return find(map, key, 1);
}

const char *isms_yaml_str(const isms_ynode *node)
{
	if (!node || node->kind != ISMS_Y_SCALAR || node->null)
		return NULL;
	return node->str;
}
