/*
 * util.c - errors, the growable buffer and the arena.
 */
#include "base.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static void oom(void)
{
	fputs("isms: out of memory\n", stderr);
	abort();
}

int isms_error_set(isms_error *err, const char *path, int line, int col,
	const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	if (path)
		snprintf(err->path, sizeof(err->path), "%s", path);
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->count = 1;
	err->more[0] = '\0';
	return -1;
}

int isms_error_add(isms_error *err, const char *path, int line, int col,
	const char *fmt, ...)
{
	char msg[sizeof(err->msg)], one[sizeof(err->path) + sizeof(msg) + 32];
	size_t len;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!err->count)
		return isms_error_set(err, path, line, col, "%s", msg);
	err->count++;
	if (!path)
		path = err->path;
	if (line)
		snprintf(one, sizeof(one), "%s:%d:%d: %s\n", path, line, col, msg);
	else
		snprintf(one, sizeof(one), "%s: %s\n", path, msg);
	len = strlen(err->more);
	if (len + strlen(one) < sizeof(err->more))
		memcpy(err->more + len, one, strlen(one) + 1);
	return -1;
}

/* ---------------------------------------------------------------- buf */

/* What an empty buffer points at (git's strbuf_slopbuf): never written
 * (truncate and add write only into memory of their own) and never freed
 * (cap 0 says nothing is allocated). */
char isms_buf_slopbuf[1];

void isms_buf_init(isms_buf *b)
{
	b->ptr = isms_buf_slopbuf;
	b->len = b->cap = 0;
}

void isms_buf_release(isms_buf *b)
{
	if (b->cap)
		free(b->ptr);
	isms_buf_init(b);
}

char *isms_buf_detach(isms_buf *b)
{
	char *p = b->cap ? b->ptr : calloc(1, 1);

	if (!p)
		oom();
	isms_buf_init(b);
	return p;
}

void isms_buf_grow(isms_buf *b, size_t extra)
{
	size_t want;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	if (want < b->cap + b->cap / 2)
		want = b->cap + b->cap / 2;
	if (want < 64)
		want = 64;
	b->ptr = realloc(b->cap ? b->ptr : NULL, want);
	if (!b->ptr)
		oom();
	b->cap = want;
}

void isms_buf_add(isms_buf *b, const void *data, size_t len)
{
	isms_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void isms_buf_puts(isms_buf *b, const char *s)
{
	isms_buf_add(b, s, strlen(s));
}

void isms_buf_putc(isms_buf *b, int c)
{
	char ch = (char)c;
	isms_buf_add(b, &ch, 1);
}

void isms_buf_vprintf(isms_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	isms_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void isms_buf_printf(isms_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void isms_buf_truncate(isms_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

void isms_buf_json(isms_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		switch (*p) {
		case '"': isms_buf_puts(b, "\\\""); break;
		case '\\': isms_buf_puts(b, "\\\\"); break;
		case '\n': isms_buf_puts(b, "\\n"); break;
		case '\r': isms_buf_puts(b, "\\r"); break;
		case '\t': isms_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				isms_buf_printf(b, "\\u%04x", *p);
			else
				isms_buf_putc(b, *p);
		}
	}
}

void isms_buf_url(isms_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			isms_buf_putc(b, *p);
		else
			isms_buf_printf(b, "%%%02X", *p);
	}
}

void isms_buf_json_field(isms_buf *b, const char *key, const char *value,
	int comma)
{
	isms_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
	if (value)
		isms_buf_json_str(b, value);
	else
		isms_buf_puts(b, "null");
}

void isms_buf_json_str(isms_buf *b, const char *s)
{
	isms_buf_putc(b, '"');
	isms_buf_json(b, s);
	isms_buf_putc(b, '"');
}

void isms_buf_xml(isms_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	/* The runs between the characters to escape go whole: a page is
	 * mostly text. */
	for (;; p++) {
		unsigned char c = *p;

		if (c >= 0x20 ? c != '<' && c != '>' && c != '&' && c != '"' &&
		    c != '\'' : c == '\n' || c == '\t')
			continue;
		if (p > run)
			isms_buf_add(b, run, (size_t)(p - run));
		if (!c)
			return;
		run = p + 1;
		switch (c) {
		case '<': isms_buf_puts(b, "&lt;"); break;
		case '>': isms_buf_puts(b, "&gt;"); break;
		case '&': isms_buf_puts(b, "&amp;"); break;
		case '"': isms_buf_puts(b, "&quot;"); break;
		case '\'': isms_buf_puts(b, "&#39;"); break;
		/* XML 1.0 forbids most control characters even escaped. */
		default: isms_buf_putc(b, '?');
		}
	}
}

/* ---------------------------------------------------------------- arena */

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct isms_arena {
	struct chunk *head;
	size_t total;
	int shared;
	pthread_mutex_t lock;    /* when shared */
};

#define CHUNK_MIN (64 * 1024)

isms_arena *isms_arena_new(void)
{
	isms_arena *a = calloc(1, sizeof(*a));

	if (!a)
		oom();
	return a;
}

isms_arena *isms_arena_new_shared(void)
{
	isms_arena *a = isms_arena_new();

	a->shared = 1;
	pthread_mutex_init(&a->lock, NULL);
	return a;
}

void isms_arena_free(isms_arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	if (a->shared)
		pthread_mutex_destroy(&a->lock);
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *isms_arena_alloc(isms_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	struct chunk *c;
	void *p;

	size = (size + align - 1) / align * align;
	if (!size)
		size = align;
	if (a->shared)
		pthread_mutex_lock(&a->lock);
	c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
		c = malloc(sizeof(*c) + want);
		if (!c)
			oom();
		c->used = 0;
		c->size = want;
		/* A big one-off block goes behind the head, keeping its space. */
		if (a->head && size > CHUNK_MIN) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		a->total += want;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	if (a->shared)
		pthread_mutex_unlock(&a->lock);
	memset(p, 0, size);
	return p;
}

char *isms_arena_strndup(isms_arena *a, const char *s, size_t n)
{
	char *p = isms_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *isms_arena_strdup(isms_arena *a, const char *s)
{
	return isms_arena_strndup(a, s, strlen(s));
}

char *isms_arena_printf(isms_arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	p = isms_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t isms_arena_size(const isms_arena *a)
{
	size_t n;

	if (a->shared)
		pthread_mutex_lock((pthread_mutex_t *)&a->lock);
	n = a->total;
	if (a->shared)
		pthread_mutex_unlock((pthread_mutex_t *)&a->lock);
	return n;
}

/* ---------------------------------------------------------------- strindex */

static const char *item_str(const isms_strindex *x, size_t i)
{
	return *(const char *const *)(const void *)(x->items + i * x->size +
		x->off);
}

void isms_strindex_init(isms_strindex *x, const void *items, size_t size,
	size_t off, size_t n)
{
	x->items = items;
	x->size = size;
	x->off = off;
	for (x->cap = 16; x->cap < 2 * n; x->cap *= 2)
		;
	if (!(x->slot = calloc(x->cap, sizeof(*x->slot))))
		oom();
}

/* Where `key` is, or would go. */
static uint32_t *strindex_slot(const isms_strindex *x, const char *key)
{
	size_t k = (size_t)isms_hash64(key, strlen(key), 5) & (x->cap - 1);

	while (x->slot[k] && strcmp(item_str(x, x->slot[k] - 1), key))
		k = (k + 1) & (x->cap - 1);
	return &x->slot[k];
}

int isms_strindex_add(isms_strindex *x, size_t i)
{
	uint32_t *s = strindex_slot(x, item_str(x, i));

	if (*s)
		return 0;
	*s = (uint32_t)i + 1;
	return 1;
}

long isms_strindex_find(const isms_strindex *x, const char *key)
{
	const uint32_t *s;

	if (!x->cap)
		return -1;
	s = strindex_slot(x, key);
	return *s ? (long)*s - 1 : -1;
}

void isms_strindex_release(isms_strindex *x)
{
	free(x->slot);
	x->slot = NULL;
	x->cap = 0;
}

int isms_color_wanted(const char *when, int fd)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (!strcmp(when, "always"))
		return 1;
	if (!strcmp(when, "never"))
		return 0;
	/* https://no-color.org: present and not empty disables colour. */
	if (nc && *nc)
		return 0;
	return isatty(fd) && !(term && !strcmp(term, "dumb"));
}

int isms_name_index(const char *const *names, const char *name)
{
	int i;

	for (i = 0; name && names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* ---------------------------------------------------------------- suggest */

/* Levenshtein distance, ASCII letters compared without case, capped:
 * words are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];

	if (la > 63 || lb > 63)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] +
				(tolower((unsigned char)a[i - 1]) !=
				 tolower((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) :
				(del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

void isms_suggest_init(isms_suggest *s, const char *word)
{
	size_t n = word ? strlen(word) : 0;

	s->word = word ? word : "";
	s->best = NULL;
	/* A third of the word, at most 3 edits: "instal" -> "install",
	 * "overdu" -> "overdue", never "ab" -> "cd". */
	s->bound = n / 3 + 1 > 3 ? 3 : n / 3 + 1;
}

void isms_suggest_add(isms_suggest *s, const char *candidate)
{
	size_t d;

	if (!candidate || !strcmp(candidate, s->word))
		return;
	d = distance(s->word, candidate);
	/* The same word in another case is always the suggestion. */
	if (!strcasecmp(candidate, s->word))
		d = 0;
	if (d <= s->bound && (!s->best || d < s->dist)) {
		s->best = candidate;
		s->dist = d;
	}
}

const char *isms_suggest_list(const char *word, const char *const *names)
{
	isms_suggest s;

	isms_suggest_init(&s, word);
	for (; names && *names; names++)
		isms_suggest_add(&s, *names);
	return s.best;
}
