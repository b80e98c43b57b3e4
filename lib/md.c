/*
 * md.c - headings, sections and links of a Markdown body, through cmark-gfm.
 *
 * The only file that includes cmark-gfm. One parse per document: the tree
 * is walked once, the few facts the rules need (headings with their
 * sections, links with their positions) are copied into the caller's arena,
 * and the tree is freed before returning, so memory stays small however
 * many documents a run reads. At the end, isms_md_html renders a body
 * as HTML for the site, with GitHub's extensions and heading anchors.
 *
 * Positions: cmark's block positions are reliable, its inline positions
 * are not (lazy continuation lines shift columns, a destination that
 * spans lines puts later links on the wrong line, autolinks have none).
 * So a link's position is that of its destination in the source text:
 * each block's "](" and "<" are listed once, and its links, visited in
 * document order, claim them in turn; a reference link's is its
 * definition's "[label]: url". Each link looks at a bounded number of
 * candidates (a reference link also at the definitions), so hostile
 * input costs no more than a few passes over the body.
 *
 * Columns are 1-based byte columns of the file line.
 */
#include "base.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Parse options: plain CommonMark, no GFM extensions, no UTF-8 validation.
 *
 * Measured on a 7 KB policy (five sections, tables, lists, links) parsed
 * 10,000 times on one core, best of seven runs: no extensions 38 us a
 * document; table and tasklist 59 us (+57 %, nearly all of it the table
 * extension); all four (table, tasklist, autolink, strikethrough) 73 us
 * (+94 %). The whole of isms_md_parse, without extensions, 46 us.
 * CMARK_OPT_VALIDATE_UTF8 adds 4 us (+10 %). The extensions change
 * neither headings nor links the rules look at: a table is a paragraph
 * without the table extension, with the same links in it, and counts as
 * content all the same; strikethrough only keeps "~~" in a heading's text
 * (GitHub drops '~' from anchors anyway); autolink only adds bare URLs,
 * which are absolute and so never a link the rules check. They also carry
 * a hazard: cmark-gfm 0.29 keeps the special characters of inline
 * extensions ('~', ':', 'w') in a process-wide table that each parse
 * switches on and off (blocks.c process_inlines; github/cmark-gfm PR
 * #176), a data race when documents are parsed from several threads: two
 * threads parsing a line with a URL and ~~x~~ lost the autolink or the
 * strikethrough in up to one parse in twenty. So none are attached, and
 * no registration (which is not thread-safe either) is needed.
 *
 * Without validation cmark passes invalid UTF-8 through unchanged (it is
 * safe with any bytes): strings keep the bytes of the file, like paths do.
 */
#define MD_OPTIONS CMARK_OPT_DEFAULT

/* ---------------------------------------------------------------- anchors */

/*
 * GitHub's anchors (its html-pipeline's table-of-contents filter): the
 * heading's text lowercased (Unicode), every character that is not a
 * "word" character (a letter, a mark, a decimal digit, connector
 * punctuation such as '_'), a '-' or a space removed, and each space made
 * a '-'. So "## 👥 Roles" is "-roles" and "5.1 Diagrama (C4 — Nível 2)"
 * is "51-diagrama-c4--nível-2". ASCII text, nearly every heading, takes
 * the short way; other text goes through PCRE2's Unicode tables.
 */
static isms_re *slug_drop, *slug_lower;
static pthread_once_t slug_once = PTHREAD_ONCE_INIT;

static void slug_compile(void)
{
	/* Fixed, valid patterns: a failure is a broken PCRE2 build. */
	if (isms_re_compile(&slug_drop, "[^\\p{L}\\p{M}\\p{Nd}\\p{Pc} -]+",
	    NULL) < 0 || isms_re_compile(&slug_lower, "(?s).+", NULL) < 0)
		abort();
}

static int ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

void isms_md_anchor(isms_buf *out, const char *text)
{
	isms_buf kept = ISMS_BUF_INIT;
	size_t at = out->len, i;
	const char *p;

	if (ascii(text)) {
		for (p = text; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				isms_buf_putc(out, *p - 'A' + 'a');
			else if ((*p >= 'a' && *p <= 'z') ||
				(*p >= '0' && *p <= '9') || *p == '-' ||
				*p == '_' || *p == ' ')
				isms_buf_putc(out, *p);
	} else {
		pthread_once(&slug_once, slug_compile);
		/* A match limit (never on a heading) leaves the text as is. */
		if (isms_re_replace(&kept, slug_drop, text, strlen(text), "") < 0)
			isms_buf_puts(&kept, text);
		if (isms_re_replace(out, slug_lower, kept.ptr, kept.len,
		    "\\L$0") < 0)
			isms_buf_add(out, kept.ptr, kept.len);
		isms_buf_release(&kept);
	}
	for (i = at; i < out->len; i++)
		if (out->ptr[i] == ' ')
			out->ptr[i] = '-';
}

/*
 * The anchor of a heading whose text is `text` into `anchor` (emptied
 * first). With ISMS_MD_HEADING_IDS, a text that ends in an attribute
 * "{#id}" (or "{#id .class key=value}") has the anchor "id", and loses the
 * attribute and the blanks before it. Returns the number of bytes cut
 * from the end of `text`.
 */
static size_t heading_anchor(isms_buf *anchor, isms_buf *text, int flags)
{
	size_t n = text->len, open, id, idlen, keep;
	const char *t = text->ptr;

	isms_buf_truncate(anchor, 0);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	if (!(flags & ISMS_MD_HEADING_IDS) || !n || t[n - 1] != '}')
		goto plain;
	for (open = n - 1; open && t[open - 1] != '{'; open--)
		if (t[open - 1] == '}' || t[open - 1] == '\n')
			goto plain;
	if (!open || t[open] != '#')
		goto plain;
	id = open + 1;
	idlen = strcspn(t + id, " \t}");
	if (!idlen)
		goto plain;
	isms_buf_add(anchor, t + id, idlen);
	keep = open - 1;
	while (keep && (t[keep - 1] == ' ' || t[keep - 1] == '\t'))
		keep--;
	n = text->len - keep;
	isms_buf_truncate(text, keep);
	return n;
plain:
	isms_md_anchor(anchor, text->ptr);
	return 0;
}

struct slot {
	const char *key;
	int count;
};

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/*
 * Make anchors unique as GitHub does: the n-th repeat of an anchor (n >= 1)
 * gets "-n". Like GitHub, a generated "intro-1" may still equal the anchor
 * of a heading titled "intro-1"; links resolve the same way on both.
 */
static void unique_anchors(isms_heading *h, size_t n, isms_arena *a)
{
	size_t size = 16, mask, i, j;
	struct slot *t;
	int k;

	if (!n)
		return;
	while (size < 2 * n)
		size *= 2;
	mask = size - 1;
	t = calloc(size, sizeof(*t));
	if (!t)
		abort();
	for (i = 0; i < n; i++) {
		for (j = hash(h[i].anchor) & mask; t[j].key; j = (j + 1) & mask)
			if (strcmp(t[j].key, h[i].anchor) == 0)
				break;
		t[j].key = h[i].anchor;
		k = t[j].count++;
		if (k)
			h[i].anchor = isms_arena_printf(a, "%s-%d", h[i].anchor, k);
	}
	free(t);
}

/* ---------------------------------------------------------------- lines */

/*
 * Where each line of the body starts, counting line ends as cmark does
 * (\n, \r\n and a lone \r). start[n] == len.
 */
struct lines {
	const char *s;
	size_t len;
	size_t *start;
	size_t n;
};

static void lines_push(struct lines *l, size_t *cap, size_t off)
{
	if (l->n + 2 > *cap) {
		*cap *= 2;
		l->start = realloc(l->start, *cap * sizeof(*l->start));
		if (!l->start)
			abort();
	}
	l->start[++l->n] = off;
}

/* Offset of the next `c` at or after `from`, or len. */
static size_t next_of(const char *s, size_t len, size_t from, int c)
{
	const char *p = memchr(s + from, c, len - from);

	return p ? (size_t)(p - s) : len;
}

/*
 * memchr rather than a byte loop: this pass is a tenth of our own time
 * otherwise. The next \n and the next \r are each searched again only
 * once passed, so a stray \r costs no second scan of the body.
 */
static void lines_init(struct lines *l, const char *s, size_t len)
{
	size_t cap = 64, nl, cr, e;

	l->s = s;
	l->len = len;
	l->n = 0;
	l->start = malloc(cap * sizeof(*l->start));
	if (!l->start)
		abort();
	l->start[0] = 0;
	nl = next_of(s, len, 0, '\n');
	cr = next_of(s, len, 0, '\r');
	while ((e = nl < cr ? nl : cr) < len) {
		if (e == cr && e + 1 == nl && nl < len)
			e = nl;
		lines_push(l, &cap, e + 1);
		if (nl <= e)
			nl = next_of(s, len, e + 1, '\n');
		if (cr <= e)
			cr = next_of(s, len, e + 1, '\r');
	}
	/* A last line without a line end is a line too; start[n] == len. */
	if (l->start[l->n] < len)
		lines_push(l, &cap, len);
}

/* Offset of (line, col), both 1-based and clamped into the body. */
static size_t lines_off(const struct lines *l, int line, int col)
{
	size_t s, e;

	if (l->n == 0 || line < 1)
		return 0;
	if ((size_t)line > l->n)
		return l->len;
	s = l->start[line - 1];
	e = l->start[line];
	if (col > 1 && (size_t)(col - 1) < e - s)
		s += (size_t)(col - 1);
	return s;
}

/* The 1-based line holding offset `off` (binary search). */
static int lines_at(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->n, mid;

	if (l->n == 0)
		return 1;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (l->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo + 1;
}

/* ---------------------------------------------------------------- links */

/*
 * Candidate destinations in the source, in source order: each place where
 * a destination may start, and whether a link has claimed it already.
 */
struct cands {
	size_t *pos;
	unsigned char *used;
	size_t n, cap;
	size_t next;             /* the first unclaimed one */
};

struct finder {
	const struct lines *l;
	cmark_node *block;       /* the block whose candidates are listed */
	struct cands inl;        /* "](" in the block: inline links */
	struct cands angle;      /* "<" in the block: autolinks */
	struct cands defs;       /* "]:" in the body: reference definitions */
	int defs_listed;
	size_t budget;           /* bytes definitions may still be compared on */
};

/*
 * A link visited before the links nested in it (an image inside a link)
 * has its destination after theirs, and some "](" are no link's (in code
 * spans, after escaped brackets): look this many unclaimed ones ahead.
 */
#define LOOKAHEAD 64

/* The destination starts after blanks, at most one line end, and a '<'. */
static size_t skip_to_dest(const char *s, size_t i, size_t end)
{
	while (i < end && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < end && (s[i] == '\r' || s[i] == '\n')) {
		if (s[i] == '\r' && i + 1 < end && s[i + 1] == '\n')
			i++;
		i++;
		while (i < end && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	if (i < end && s[i] == '<')
		i++;
	return i;
}

static void cands_push(struct cands *c, size_t pos)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->pos = realloc(c->pos, c->cap * sizeof(*c->pos));
		c->used = realloc(c->used, c->cap);
		if (!c->pos || !c->used)
			abort();
	}
	c->used[c->n] = 0;
	c->pos[c->n++] = pos;
}

/*
 * List where `pat` (one or two bytes) is followed by a destination in
 * s[from, to). memchr for its first byte: memmem on needles this short
 * showed as 5 % of the whole parse in a profile.
 */
static void cands_list(struct cands *c, const struct lines *l, size_t from,
	size_t to, const char *pat)
{
	const char *p;
	size_t at;

	c->n = c->next = 0;
	while (from < to && (p = memchr(l->s + from, pat[0], to - from))) {
		at = (size_t)(p - l->s) + 1;
		from = at;
		if (!pat[1])
			/* An autolink's URL follows its '<' at once. */
			cands_push(c, at);
		else if (at < l->len && l->s[at] == pat[1])
			cands_push(c, skip_to_dest(l->s, at + 1, l->len));
	}
}

static int is_punct(int c)
{
	return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

/* Length of an entity "&name;" or "&#123;" at s[d..], or 0. */
static size_t entity_at(const struct lines *l, size_t d)
{
	size_t i = d + 1;
	char c;

	while (i < l->len && i - d < 32 && ((c = l->s[i]) == '#' ||
		(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9')))
		i++;
	return i < l->len && l->s[i] == ';' && i > d + 1 ? i + 1 - d : 0;
}

/* Bytes of the UTF-8 character that starts with c (1 when invalid). */
static size_t u8len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Whether the destination written at s[d..] reads as `url` and ends there.
 * cmark's URL has backslash escapes and entities resolved: "\_" stands
 * for '_', and an entity for one character.
 */
static int url_at(const struct lines *l, size_t d, const char *url, size_t ulen)
{
	const char *s = l->s;
	size_t u = 0, e;

	while (u < ulen && d < l->len) {
		if (s[d] == '\\' && d + 1 < l->len && is_punct(s[d + 1]) &&
			s[d + 1] == url[u]) {
			d += 2;
			u++;
		} else if (s[d] == '&' && (e = entity_at(l, d))) {
			d += e;
			u += u8len((unsigned char)url[u]);
		} else if (s[d] == url[u]) {
			d++;
			u++;
		} else {
			return 0;
		}
	}
	return u >= ulen && (d == l->len || strchr(") \t\r\n>", s[d]));
}

static size_t cands_claim(struct cands *c, size_t i)
{
	c->used[i] = 1;
	while (c->next < c->n && c->used[c->next])
		c->next++;
	return c->pos[i];
}

/*
 * Among the next `ahead` unclaimed candidates, the first where `url` is
 * written at or after `after` (where cmark puts the link: its position is
 * no more than a hint, but it tells a link from the same text in a code
 * span before it), else the first where `url` is written at all; its
 * index, or SIZE_MAX.
 */
static size_t cands_find(const struct cands *c, const struct lines *l,
	const char *url, size_t ulen, size_t ahead, size_t after)
{
	size_t i, k = 0, first = SIZE_MAX;

	for (i = c->next; i < c->n && k < ahead; i++) {
		if (c->used[i])
			continue;
		k++;
		if (!url_at(l, c->pos[i], url, ulen))
			continue;
		if (c->pos[i] >= after)
			return i;
		if (first == SIZE_MAX)
			first = i;
	}
	return first;
}

static void cands_free(struct cands *c)
{
	free(c->pos);
	free(c->used);
}

/* The nearest enclosing block: its lines bound the search. */
static cmark_node *block_of(cmark_node *node)
{
	while (node && (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) !=
		CMARK_NODE_TYPE_BLOCK)
		node = cmark_node_parent(node);
	return node;
}

/*
 * Lines [first, last] of a node, clamped into the body. cmark ends a
 * setext heading at column 0 of the line after it, and leaves some end
 * lines before the start line.
 */
static void node_lines(cmark_node *node, const struct lines *l,
	int *first, int *last)
{
	int max = l->n ? (int)l->n : 1;

	*first = cmark_node_get_start_line(node);
	*last = cmark_node_get_end_line(node);
	if (cmark_node_get_end_column(node) == 0)
		(*last)--;
	if (*first < 1)
		*first = 1;
	if (*first > max)
		*first = max;
	if (*last < *first)
		*last = *first;
	if (*last > max)
		*last = max;
}

/* A new block: list its candidates once, so each link costs little. */
static void enter_block(struct finder *f, cmark_node *block, size_t *from)
{
	const struct lines *l = f->l;
	int first = 1, last = 1;
	size_t to;

	if (block)
		node_lines(block, l, &first, &last);
	*from = lines_off(l, first, 1);
	if (block == f->block && f->block)
		return;
	f->block = block;
	to = lines_off(l, last + 1, 1);
	cands_list(&f->inl, l, *from, to, "](");
	cands_list(&f->angle, l, *from, to, "<");
}

/*
 * The offset of a link's destination. Links are visited in document order,
 * so within a block they claim the "](" candidates in turn: an inline link
 * "](url"; else an autolink "<url>"; else a reference definition
 * "[label]: url" anywhere in the body; else where cmark puts the link
 * (its '['), or its block's start.
 */
static size_t locate(struct finder *f, cmark_node *link, const char *url)
{
	const struct lines *l = f->l;
	size_t ulen = strlen(url), mlen = ulen, i, from, hint;
	const char *mail = url;
	int line = cmark_node_get_start_line(link);

	enter_block(f, block_of(link), &from);
	hint = from;
	if (line >= 1 && (size_t)line <= l->n && lines_off(l, line, 1) >= from)
		hint = lines_off(l, line, cmark_node_get_start_column(link));
	if ((i = cands_find(&f->inl, l, url, ulen, LOOKAHEAD, hint)) != SIZE_MAX)
		return cands_claim(&f->inl, i);
	/* An e-mail autolink is written without its "mailto:". */
	if (ulen > 7 && strncmp(url, "mailto:", 7) == 0) {
		mail += 7;
		mlen -= 7;
	}
	if ((i = cands_find(&f->angle, l, mail, mlen, LOOKAHEAD, hint)) != SIZE_MAX)
		return cands_claim(&f->angle, i);
	if (!f->defs_listed) {
		cands_list(&f->defs, l, 0, l->len, "]:");
		f->defs_listed = 1;
		f->budget = 64 * l->len + (1 << 20);
	}
	/*
	 * Every reference link compares its URL with every definition: a
	 * body made of thousands of both would take seconds. Past a budget
	 * far above what real documents use, the link's own place will do.
	 */
	if (f->defs.n * (ulen + 1) > f->budget)
		return hint;
	f->budget -= f->defs.n * (ulen + 1);
	if ((i = cands_find(&f->defs, l, url, ulen, SIZE_MAX, 0)) != SIZE_MAX)
		return f->defs.pos[i];
	return hint;
}

/* ---------------------------------------------------------------- walk */

struct walk {
	isms_arena *a;
	struct lines l;
	struct finder f;
	int first_line;
	isms_buf headings;       /* isms_heading[] */
	isms_buf links;          /* isms_link[] */
	isms_buf text;           /* text of the heading being read */
	isms_buf anchor;         /* its anchor */
	size_t open[6];          /* headings whose sections are open */
	size_t nopen;
	int in_heading;
	int in_image;            /* alt text is no part of a heading's text */
	int flags;               /* ISMS_MD_* */
};

#define HEADING(w, i) (((isms_heading *)(w)->headings.ptr)[i])

/* An HTML block of nothing but comments shows no text: a placeholder. */
static int only_comments(const char *s)
{
	const char *end;

	for (;;) {
		s += strspn(s, " \t\r\n");
		if (!*s)
			return 1;
		if (strncmp(s, "<!--", 4) != 0 || !(end = strstr(s + 4, "-->")))
			return 0;
		s = end + 3;
	}
}

/* Whether a block is something a reader sees under a heading. */
static int is_content(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM:
	case CMARK_NODE_HEADING:
	case CMARK_NODE_THEMATIC_BREAK:
		return 0;
	case CMARK_NODE_HTML_BLOCK:
		return !only_comments(cmark_node_get_literal(node));
	default:
		/* Paragraphs, code blocks, and extension blocks (tables). */
		return 1;
	}
}

/* Content fills every open section; the innermost tells for all. */
static void saw_content(struct walk *w)
{
	size_t i;

	if (!w->nopen || !HEADING(w, w->open[w->nopen - 1]).empty)
		return;
	for (i = 0; i < w->nopen; i++)
		HEADING(w, w->open[i]).empty = 0;
}

static void close_section(isms_heading *h, int end_line)
{
	h->end_line = end_line > h->line ? end_line : h->line;
}

/* A heading closes the open sections of its level and deeper ones. */
static void enter_heading(struct walk *w, cmark_node *node)
{
	isms_heading h = { 0 };

	h.level = cmark_node_get_heading_level(node);
	h.line = cmark_node_get_start_line(node) + w->first_line - 1;
	h.col = cmark_node_get_start_column(node);
	h.empty = 1;
	while (w->nopen && HEADING(w, w->open[w->nopen - 1]).level >= h.level)
		close_section(&HEADING(w, w->open[--w->nopen]), h.line - 1);
	w->open[w->nopen++] = w->headings.len / sizeof(h);
	isms_buf_add(&w->headings, &h, sizeof(h));
	isms_buf_truncate(&w->text, 0);
	w->in_heading = 1;
}

static void exit_heading(struct walk *w)
{
	isms_heading *h = &HEADING(w, w->open[w->nopen - 1]);
	size_t i;

	/* GitHub takes the anchor from the rendered text, where a line
	 * break is "\n" and so vanishes; the text we keep reads better with
	 * a space there. */
	heading_anchor(&w->anchor, &w->text, w->flags);
	h->anchor = isms_arena_strndup(w->a, w->anchor.ptr, w->anchor.len);
	for (i = 0; i < w->text.len; i++)
		if (w->text.ptr[i] == '\n')
			w->text.ptr[i] = ' ';
	h->text = isms_arena_strndup(w->a, w->text.ptr,
		w->text.len);
	w->in_heading = 0;
}

static void add_link(struct walk *w, cmark_node *node, int image)
{
	const char *url = cmark_node_get_url(node);
	isms_link k = { 0 };
	size_t d;

	if (!url)
		url = "";
	d = locate(&w->f, node, url);
	k.line = lines_at(&w->l, d);
	k.col = (int)(d - w->l.start[k.line - 1]) + 1;
	k.line += w->first_line - 1;
	k.url = isms_arena_strdup(w->a, url);
	k.image = image;
	isms_buf_add(&w->links, &k, sizeof(k));
}

static void enter(struct walk *w, cmark_node *node)
{
	cmark_node_type type = cmark_node_get_type(node);
	const char *lit;

	if (type == CMARK_NODE_HEADING) {
		enter_heading(w, node);
	} else if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
		add_link(w, node, type == CMARK_NODE_IMAGE);
		w->in_image += type == CMARK_NODE_IMAGE;
	} else if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
		if (is_content(node))
			saw_content(w);
	} else if (w->in_heading && !w->in_image) {
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
			lit = cmark_node_get_literal(node);
			if (lit)
				isms_buf_puts(&w->text, lit);
		} else if (type == CMARK_NODE_SOFTBREAK ||
			type == CMARK_NODE_LINEBREAK) {
			isms_buf_putc(&w->text, '\n');
		}
	}
}

static void leave(struct walk *w, cmark_node *node)
{
	cmark_node_type type = cmark_node_get_type(node);

	if (type == CMARK_NODE_HEADING)
		exit_heading(w);
	else if (type == CMARK_NODE_IMAGE)
		w->in_image--;
}

/* Walk the tree; sections still open end with the body. */
static int walk_tree(struct walk *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int last = (int)w->l.n + w->first_line - 1;

	if (!it)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev == CMARK_EVENT_ENTER)
			enter(w, cmark_iter_get_node(it));
		else if (ev == CMARK_EVENT_EXIT)
			leave(w, cmark_iter_get_node(it));
	}
	cmark_iter_free(it);
	while (w->nopen)
		close_section(&HEADING(w, w->open[--w->nopen]), last);
	return 0;
}

/* ---------------------------------------------------------------- parse */

/* cmark reports failure as NULL; this is the one place that converts it. */
static cmark_node *parse_cmark(const char *body, size_t len)
{
	cmark_parser *p = cmark_parser_new(MD_OPTIONS);
	cmark_node *doc;

	if (!p)
		return NULL;
	cmark_parser_feed(p, body, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

static void *arena_copy(isms_arena *a, const isms_buf *b)
{
	void *p;

	if (!b->len)
		return NULL;
	p = isms_arena_alloc(a, b->len);
	memcpy(p, b->ptr, b->len);
	return p;
}

int isms_md_parse(isms_md **out, isms_arena *a, const char *body, size_t len,
	int first_line, int flags, isms_error *err)
{
	struct walk w = { 0 };
	cmark_node *doc;
	isms_md *md;
	int rc = -1;

	*out = NULL;
	if (!body)
		body = "";
	/* cmark counts bytes in an int. */
	if (len > INT32_MAX / 2)
		return isms_error_set(err, NULL, first_line, 0,
			"markdown body too large");
	if (!(doc = parse_cmark(body, len)))
		return isms_error_set(err, NULL, first_line, 0,
			"markdown parser: out of memory");
	w.a = a;
	w.first_line = first_line;
	w.flags = flags;
	isms_buf_init(&w.text);
	isms_buf_init(&w.anchor);
	lines_init(&w.l, body, len);
	w.f.l = &w.l;
	if (walk_tree(&w, doc) < 0) {
		isms_error_set(err, NULL, first_line, 0,
			"markdown parser: out of memory");
		goto done;
	}
	md = isms_arena_alloc(a, sizeof(*md));
	md->headings = arena_copy(a, &w.headings);
	md->nheadings = w.headings.len / sizeof(isms_heading);
	md->links = arena_copy(a, &w.links);
	md->nlinks = w.links.len / sizeof(isms_link);
	unique_anchors(md->headings, md->nheadings, a);
	*out = md;
	rc = 0;
done:
	cmark_node_free(doc);
	free(w.l.start);
	cands_free(&w.f.inl);
	cands_free(&w.f.angle);
	cands_free(&w.f.defs);
	isms_buf_release(&w.headings);
	isms_buf_release(&w.links);
	isms_buf_release(&w.text);
	isms_buf_release(&w.anchor);
	return rc;
}

/* ---------------------------------------------------------------- html */

/*
 * HTML for the site (isms-render). Unlike isms_md_parse, the page must look
 * as GitHub shows it, so the GFM extensions GitHub renders with are
 * attached: table, strikethrough, autolink, tasklist. Registering them and
 * parsing with them touch process-wide state in cmark-gfm 0.29 (see
 * MD_OPTIONS above), so registration is done once under pthread_once and
 * the steps that touch it are serialised inside isms_md_html.
 *
 * Without CMARK_OPT_UNSAFE, cmark replaces raw HTML by a comment and
 * empties javascript:, vbscript:, file: and data: (except images) URLs.
 * Its UTF-8 validation is on here: the page says charset=utf-8.
 */
static pthread_once_t gfm_once = PTHREAD_ONCE_INIT;

static void gfm_register(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static const char *const gfm_names[] = {
	"table", "strikethrough", "autolink", "tasklist",
};

/* What the HTML pass changes in the tree: heading anchors, .md links. */
struct html_walk {
	isms_arena *a;
	isms_buf nodes;          /* cmark_node *[] of the headings */
	isms_buf headings;       /* isms_heading[], anchors only */
	isms_buf text;           /* text of the heading being read */
	isms_buf anchor;         /* also a link's new URL */
	int in_heading, in_image;
	int flags;               /* ISMS_MD_* */
	cmark_node *last_text;   /* the heading's last text node */
	isms_md_link_fn *link;
	void *link_arg;
};

/* The caller's new URL for a link, when it gives one. */
static void rewrite_link(struct html_walk *w, cmark_node *link)
{
	const char *url = cmark_node_get_url(link);

	if (!w->link || !url)
		return;
	isms_buf_truncate(&w->anchor, 0);
	if (w->link(&w->anchor, url, w->link_arg))
		cmark_node_set_url(link, w->anchor.ptr);
}

/* The heading's text is read as isms_md_parse reads it, so that its
 * anchor is the one the link/broken rule checks links against. */
static void html_enter(struct html_walk *w, cmark_node *node)
{
	cmark_node_type type = cmark_node_get_type(node);
	const char *lit;

	if (type == CMARK_NODE_HEADING) {
		isms_buf_add(&w->nodes, &node, sizeof(node));
		isms_buf_truncate(&w->text, 0);
		w->in_heading = 1;
		w->last_text = NULL;
	} else if (type == CMARK_NODE_LINK) {
		rewrite_link(w, node);
	} else if (type == CMARK_NODE_IMAGE) {
		w->in_image++;
	} else if (w->in_heading && !w->in_image) {
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
			if ((lit = cmark_node_get_literal(node)))
				isms_buf_puts(&w->text, lit);
			w->last_text = type == CMARK_NODE_TEXT ? node : NULL;
		} else if (type == CMARK_NODE_SOFTBREAK ||
			type == CMARK_NODE_LINEBREAK) {
			isms_buf_putc(&w->text, '\n');
			w->last_text = NULL;
		}
	}
}

/* A heading's attribute "{#id}", cut from its text, is not shown: it is
 * cut from its last text node (which holds all of it, or it is shown). */
static void cut_attribute(struct html_walk *w, size_t cut)
{
	const char *lit;
	size_t n;

	if (!cut || !w->last_text ||
	    !(lit = cmark_node_get_literal(w->last_text)) ||
	    (n = strlen(lit)) < cut)
		return;
	isms_buf_truncate(&w->text, 0);
	isms_buf_add(&w->text, lit, n - cut);
	cmark_node_set_literal(w->last_text, w->text.ptr);
}

static void html_leave(struct html_walk *w, cmark_node *node)
{
	cmark_node_type type = cmark_node_get_type(node);
	isms_heading h = { 0 };

	if (type == CMARK_NODE_IMAGE) {
		w->in_image--;
	} else if (type == CMARK_NODE_HEADING) {
		cut_attribute(w, heading_anchor(&w->anchor, &w->text, w->flags));
		h.anchor = isms_arena_strndup(w->a, w->anchor.ptr,
			w->anchor.len);
		isms_buf_add(&w->headings, &h, sizeof(h));
		w->in_heading = 0;
	}
}

/*
 * cmark-gfm gives headings no id. Each gets a custom inline node as its
 * first child: unlike raw HTML, a custom node's text is emitted even in
 * safe mode. The anchor holds only [a-z0-9_-] and bytes >= 0x80, so it
 * needs no escaping in an attribute.
 */
static int add_anchors(struct html_walk *w)
{
	cmark_node **nodes = (cmark_node **)w->nodes.ptr;
	isms_heading *h = (isms_heading *)w->headings.ptr;
	size_t n = w->headings.len / sizeof(*h), i;
	cmark_node *a;

	unique_anchors(h, n, w->a);
	for (i = 0; i < n; i++) {
		isms_buf_truncate(&w->text, 0);
		isms_buf_printf(&w->text, "<a id=\"%s\" class=\"anchor\" "
			"href=\"#%s\" aria-hidden=\"true\"></a>", h[i].anchor,
			h[i].anchor);
		if (!(a = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)))
			return -1;
		if (!cmark_node_set_on_enter(a, w->text.ptr) ||
		    !cmark_node_prepend_child(nodes[i], a)) {
			cmark_node_free(a);
			return -1;
		}
	}
	return 0;
}

static int html_walk_tree(struct html_walk *w, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	if (!it)
		return -1;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev == CMARK_EVENT_ENTER)
			html_enter(w, cmark_iter_get_node(it));
		else if (ev == CMARK_EVENT_EXIT)
			html_leave(w, cmark_iter_get_node(it));
	}
	cmark_iter_free(it);
	/* The tree changes only once the iterator is done with it. */
	return add_anchors(w);
}

static cmark_parser *html_parser(int options)
{
	cmark_parser *p;
	cmark_syntax_extension *ext;
	size_t i;

	pthread_once(&gfm_once, gfm_register);
	if (!(p = cmark_parser_new(options)))
		return NULL;
	for (i = 0; i < sizeof(gfm_names) / sizeof(gfm_names[0]); i++)
		if (!(ext = cmark_find_syntax_extension(gfm_names[i])) ||
		    !cmark_parser_attach_syntax_extension(p, ext)) {
			cmark_parser_free(p);
			return NULL;
		}
	return p;
}

/* ---------------------------------------------------------------- meta */

static int html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* Whether a meta start tag opens at p: "<meta" in any case, then a space,
 * "/", ">" or the end, where a browser's tokenizer ends the tag name. */
static int meta_at(const char *p, const char *end)
{
	return end - p >= 5 && !strncasecmp(p, "<meta", 5) &&
		(end - p == 5 || html_space(p[5]) || p[5] == '/' || p[5] == '>');
}

/* Past the '>' that ends the tag whose attributes start at p, read as a
 * browser's tokenizer reads them (a '>' inside a quoted value does not end
 * it); `end` when nothing does. */
static const char *tag_end(const char *p, const char *end)
{
	char q;

	for (;;) {
		while (p < end && (html_space(*p) || *p == '/'))
			p++;
		if (p == end)
			return end;
		if (*p == '>')
			return p + 1;
		/* An attribute's name (its first character may be '='). */
		for (p++; p < end && !html_space(*p) && *p != '/' && *p != '>' &&
		    *p != '='; p++)
			;
		while (p < end && html_space(*p))
			p++;
		if (p == end || *p != '=')
			continue;
		for (p++; p < end && html_space(*p); p++)
			;
		if (p == end)
			return end;
		if (*p == '"' || *p == '\'') {
			q = *p++;
			if (!(p = memchr(p, q, (size_t)(end - p))))
				return end;
			p++;
		} else if (*p == '>') {
			return p + 1;
		} else {
			while (p < end && !html_space(*p) && *p != '>')
				p++;
		}
	}
}

void isms_html_drop_meta(isms_buf *out, const char *html, size_t len)
{
	const char *p = html, *end = html + len, *from = html;

	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		if (!meta_at(p, end)) {
			p++;
			continue;
		}
		isms_buf_add(out, from, (size_t)(p - from));
		/* An empty comment in its place: the text on either side can
		 * never join into a new "<meta". */
		isms_buf_puts(out, "<!---->");
		p = from = tag_end(p + 5, end);
	}
	isms_buf_add(out, from, (size_t)(end - from));
}

/* cmark-gfm 0.29's extensions change process-wide state while a parser
 * with them is made, parses and is freed: those steps one thread at a
 * time. Walking and rendering the tree made are a thread's own. */
static pthread_mutex_t html_lock = PTHREAD_MUTEX_INITIALIZER;

static int md_html(isms_buf *out, const char *body, size_t len, int unsafe,
	struct html_walk *w, isms_error *err);

int isms_md_html(isms_buf *out, const char *body, size_t len, int unsafe,
	int flags, isms_md_link_fn *link, void *arg, isms_error *err)
{
	struct html_walk w = { 0 };

	w.flags = flags;
	w.link = link;
	w.link_arg = arg;
	return md_html(out, body, len, unsafe, &w, err);
}

static int md_html(isms_buf *out, const char *body, size_t len, int unsafe,
	struct html_walk *wp, isms_error *err)
{
	int options = CMARK_OPT_VALIDATE_UTF8 |
		(unsafe ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT);
	struct html_walk w = *wp;
	cmark_parser *p = NULL;
	cmark_node *doc = NULL;
	char *html = NULL;
	int rc = -1;

	if (!body)
		body = "";
	if (len > INT32_MAX / 2)
		return isms_error_set(err, NULL, 0, 0, "markdown body too large");
	w.a = isms_arena_new();
	pthread_mutex_lock(&html_lock);
	if ((p = html_parser(options))) {
		cmark_parser_feed(p, body, len);
		doc = cmark_parser_finish(p);
	}
	pthread_mutex_unlock(&html_lock);
	if (!doc || html_walk_tree(&w, doc) < 0)
		goto done;
	if (!(html = cmark_render_html(doc, options,
	    cmark_parser_get_syntax_extensions(p))))
		goto done;
	/* The page's Content-Security-Policy stops scripts, not a <meta
	 * http-equiv=refresh> that would take the reader elsewhere: raw HTML
	 * keeps no <meta> tag at all. */
	if (unsafe)
		isms_html_drop_meta(out, html, strlen(html));
	else
		isms_buf_puts(out, html);
	rc = 0;
done:
	if (rc < 0)
		isms_error_set(err, NULL, 0, 0, "markdown renderer: out of memory");
	if (html)
		cmark_get_default_mem_allocator()->free(html);
	if (doc)
		cmark_node_free(doc);
	pthread_mutex_lock(&html_lock);
	if (p)
		cmark_parser_free(p);
	pthread_mutex_unlock(&html_lock);
	isms_buf_release(&w.nodes);
	isms_buf_release(&w.headings);
	isms_buf_release(&w.text);
	isms_buf_release(&w.anchor);
	isms_arena_free(w.a);
	return rc;
}
