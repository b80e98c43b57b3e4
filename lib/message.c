/*
 * message.c - commit messages: the subject, git's trailers, the pull or
 * merge request a merge stands for, "Name <email>" identities and tracker
 * keys.
 *
 * Anyone can write a commit message, and these functions decide whether a
 * change was approved, so they take any bytes: NULL, empty, CRLF, invalid
 * UTF-8, megabyte lines. Each one scans the message in linear time and
 * copies only its results into the caller's arena.
 *
 * Like `git log`, the message is read from its first non-blank line: git
 * skips leading blank lines before the subject, and a commit written
 * with --cleanup=verbatim may still have them.
 */
#include "repo.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One line of a message: [p, p + len), without its "\n" or "\r\n". */
typedef struct line {
	const char *p;
	size_t len;
} line;

/* git's isspace(): CR counts, so a CRLF message has the same blank lines. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		(c >= 'a' && c <= 'z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read the line at *s into *l and move *s past it; 0 at the end. */
static int next_line(line *l, const char **s)
{
	const char *p = *s;
	size_t len;

	if (!p || !*p)
		return 0;
	len = strcspn(p, "\n");
	*s = p + len + (p[len] == '\n');
	if (len && p[len - 1] == '\r')
		len--;
	l->p = p;
	l->len = len;
	return 1;
}

static int is_blank(const line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (!is_space(l->p[i]))
			return 0;
	return 1;
}

static void trim(line *l)
{
	while (l->len && is_space(l->p[0])) {
		l->p++;
		l->len--;
	}
	while (l->len && is_space(l->p[l->len - 1]))
		l->len--;
}

static int has_prefix(const line *l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l->len >= n && memcmp(l->p, prefix, n) == 0;
}

/* The message after its leading blank lines (see the top of the file). */
static const char *skip_blank_lines(const char *msg)
{
	const char *s = msg, *at = msg;
	line l;

	while (next_line(&l, &s) && is_blank(&l))
		at = s;
	return at;
}

/* The subject line, trimmed at the end; 0 when the message is empty. */
static int subject_line(line *l, const char *msg)
{
	const char *s = skip_blank_lines(msg);

	if (!next_line(l, &s))
		return 0;
	while (l->len && is_space(l->p[l->len - 1]))
		l->len--;
	return 1;
}

const char *isms_msg_subject(isms_arena *a, const char *msg)
{
	line l;

	if (!subject_line(&l, msg))
		return isms_arena_strdup(a, "");
	return isms_arena_strndup(a, l.p, l.len);
}

/* ---------------------------------------------------------------- trailers */

/*
 * The offset of the ':' when `l` is a "Key: value" line, else 0 (the key
 * is never empty, so 0 cannot be a separator). As git's find_separator
 * with the default separator, except that a key may not start with '-'.
 * *keylen is the key's length without the blanks before the ':'.
 */
static size_t trailer_sep(const line *l, size_t *keylen)
{
	size_t i = 0, k;

	while (i < l->len && (is_alnum(l->p[i]) || (i && l->p[i] == '-')))
		i++;
	if (i == 0)
		return 0;
	k = i;
	while (i < l->len && (l->p[i] == ' ' || l->p[i] == '\t'))
		i++;
	if (i == l->len || l->p[i] != ':')
		return 0;
	*keylen = k;
	return i;
}

/*
 * Lines git itself writes (git's own list, matched as git does: case and
 * the space included). They mark a paragraph as trailers even amid prose.
 */
static int git_generated(const line *l)
{
	return has_prefix(l, "Signed-off-by: ") ||
		has_prefix(l, "(cherry picked from commit ");
}

/* Our keys, which do the same (as if configured with trailer.<key>.*). */
static int recognised_key(const char *key, size_t len)
{
	static const char *const keys[] = {
		"Approved-by", "Reviewed-by", "Co-authored-by"
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == len &&
		    strncasecmp(key, keys[i], len) == 0)
			return 1;
	return 0;
}

/*
 * Find the last paragraph after the title: [*start, *end) from the start
 * of its first line to past its last. 0 when there is none, which includes
 * a message of one paragraph, because git never takes the title for
 * trailers.
 */
static int last_paragraph(const char **start, const char **end,
	const char *msg)
{
	const char *s = skip_blank_lines(msg), *at;
	int gap = 0;
	line l;

	*start = *end = NULL;
	while (!gap && next_line(&l, &s))
		gap = is_blank(&l);
	for (at = s; next_line(&l, &s); at = s) {
		if (is_blank(&l)) {
			gap = 1;
			continue;
		}
		if (gap)
			*start = at;
		gap = 0;
		*end = s;
	}
	return *start != NULL;
}

/*
 * Whether the paragraph [s, end) is a trailer block by git's counts: all
 * its lines are trailers, or one is git-generated or ours and at least a
 * quarter are trailers. A continuation line belongs to the trailer above
 * it and is not counted; after prose, or first in the paragraph, it is
 * prose.
 */
static int is_trailer_block(const char *s, const char *end)
{
	size_t trailers = 0, prose = 0, keylen;
	int recognised = 0, after_trailer = 0;
	line l;

	while (s < end && next_line(&l, &s)) {
		if (git_generated(&l)) {
			trailers++;
			recognised = after_trailer = 1;
		} else if (trailer_sep(&l, &keylen)) {
			trailers++;
			recognised |= recognised_key(l.p, keylen);
			after_trailer = 1;
		} else if (l.len && is_space(l.p[0])) {
			if (!after_trailer)
				prose++;
		} else {
			prose++;
			after_trailer = 0;
		}
	}
	if (trailers && !prose)
		return 1;
	return recognised && trailers * 3 >= prose;
}

/* Append a continuation's text to the value being built, one space apart. */
static void add_value(isms_buf *value, line l)
{
	trim(&l);
	if (value->len && l.len)
		isms_buf_putc(value, ' ');
	isms_buf_add(value, l.p, l.len);
}

/* Give the trailer being built its value, if one is being built. */
static void finish(isms_trailer *cur, isms_arena *a, isms_buf *value)
{
	if (cur)
		cur->value = isms_arena_strndup(a, value->ptr,
			value->len);
	isms_buf_truncate(value, 0);
}

/* Copy the trailers of the block [s, end) into out[]; returns the count. */
static size_t collect(isms_trailer *out, isms_arena *a, const char *s,
	const char *end)
{
	isms_buf value = ISMS_BUF_INIT;
	isms_trailer *cur = NULL;
	size_t n = 0, sep, keylen;
	line l;

	while (s < end && next_line(&l, &s)) {
		sep = trailer_sep(&l, &keylen);
		if (!sep && cur && l.len && is_space(l.p[0])) {
			add_value(&value, l);
			continue;
		}
		finish(cur, a, &value);
		cur = NULL;
		/* A line without a key (prose, cherry-pick) ends a trailer. */
		if (!sep)
			continue;
		cur = &out[n++];
		cur->key = isms_arena_strndup(a, l.p, keylen);
		add_value(&value, (line){ l.p + sep + 1, l.len - sep - 1 });
	}
	finish(cur, a, &value);
	isms_buf_release(&value);
	return n;
}

size_t isms_msg_trailers(isms_trailer **out, isms_arena *a, const char *msg)
{
	const char *start, *end, *s;
	size_t count = 0, keylen;
	line l;

	*out = NULL;
	if (!msg || !last_paragraph(&start, &end, msg) ||
	    !is_trailer_block(start, end))
		return 0;
	for (s = start; s < end && next_line(&l, &s); )
		if (trailer_sep(&l, &keylen))
			count++;
	if (!count)
		return 0;
	*out = isms_arena_alloc(a, count * sizeof(**out));
	return collect(*out, a, start, end);
}

/* ---------------------------------------------------------------- pull requests */

/* A pull request number: all digits, positive, fits in a long; else 0. */
static long number(const char *p, size_t len)
{
	long n = 0;
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		if (!is_digit(p[i]) || n > (LONG_MAX - (p[i] - '0')) / 10)
			return 0;
		n = n * 10 + (p[i] - '0');
	}
	return n;
}

static size_t digits(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && is_digit(p[i]))
		i++;
	return i;
}

/* The number of a subject ending "<open>N<close>", or 0. */
static long number_at_end(const line *subj, const char *open, char close)
{
	size_t i = subj->len, d, olen = strlen(open);

	if (!i || subj->p[i - 1] != close)
		return 0;
	d = --i;
	while (d && is_digit(subj->p[d - 1]))
		d--;
	if (d < olen || memcmp(subj->p + d - olen, open, olen) != 0)
		return 0;
	return number(subj->p + d, i - d);
}

/* GitHub: "Merge pull request #12 from org/branch". */
static long github(const line *subj)
{
	static const char prefix[] = "Merge pull request #";
	line rest;
	size_t d;

	if (!has_prefix(subj, prefix))
		return 0;
	rest = (line){ subj->p + strlen(prefix), subj->len - strlen(prefix) };
	d = digits(rest.p, rest.len);
	rest.p += d;
	rest.len -= d;
	if (!has_prefix(&rest, " from ") || rest.len == strlen(" from "))
		return 0;
	return number(rest.p - d, d);
}

/*
 * Gitea and Forgejo: "Merge pull request 'title' (#12) from branch into
 * main". The title is free text that may hold "' (#3) from " itself, but a
 * branch name holds no space, so the last such number is the real one.
 */
static long gitea(const line *subj)
{
	static const char open[] = "' (#", close[] = ") from ";
	size_t i, d, olen = strlen(open), clen = strlen(close);
	const char *p = subj->p;

	if (!has_prefix(subj, "Merge pull request '"))
		return 0;
	for (i = subj->len; i-- > olen; ) {
		if (memcmp(p + i - olen, open, olen) != 0)
			continue;
		d = digits(p + i, subj->len - i);
		if (subj->len - i - d > clen &&
		    memcmp(p + i + d, close, clen) == 0)
			return number(p + i, d);
	}
	return 0;
}

/* Bitbucket: "Merged in branch (pull request #12)". */
static long bitbucket(const line *subj)
{
	if (!has_prefix(subj, "Merged in "))
		return 0;
	return number_at_end(subj, " (pull request #", ')');
}

/*
 * GitLab: a line "See merge request group/sub/project!12" anywhere. The
 * last one is the merge's own; earlier ones come from quoted messages.
 */
static long gitlab(const char *msg)
{
	static const char prefix[] = "See merge request ";
	const char *s = msg, *bang;
	long n, found = 0;
	line l, ref;

	while (next_line(&l, &s)) {
		trim(&l);
		if (!has_prefix(&l, prefix))
			continue;
		ref = (line){ l.p + strlen(prefix), l.len - strlen(prefix) };
		bang = memrchr(ref.p, '!', ref.len);
		if (!bang || bang == ref.p || memchr(ref.p, ' ', ref.len) ||
		    memchr(ref.p, '\t', ref.len))
			continue;
		n = number(bang + 1, ref.len - (size_t)(bang + 1 - ref.p));
		if (n)
			found = n;
	}
	return found;
}

long isms_msg_pull_request(const char *msg, int *squash)
{
	line subj;
	long n;

	if (squash)
		*squash = 0;
	if (!msg || !subject_line(&subj, msg))
		return 0;
	/* Merge commits first: their forms say so explicitly. */
	if ((n = github(&subj)) || (n = gitea(&subj)) ||
	    (n = bitbucket(&subj)) || (n = gitlab(msg)))
		return n;
	n = number_at_end(&subj, "(#", ')');
	if (n && squash)
		*squash = 1;
	return n;
}

/* ---------------------------------------------------------------- identities */

int isms_msg_ident(const char **name, const char **email, isms_arena *a,
	const char *value)
{
	const char *lt, *gt, *at;
	line nm, em, rest;

	*name = *email = NULL;
	/* An identity is one line, as in a trailer value. */
	if (!value || strchr(value, '\n') || !(lt = strchr(value, '<')) ||
	    !(gt = strchr(lt, '>')))
		return -1;
	nm = (line){ value, (size_t)(lt - value) };
	em = (line){ lt + 1, (size_t)(gt - lt - 1) };
	rest = (line){ gt + 1, strlen(gt + 1) };
	trim(&nm);
	trim(&em);
	trim(&rest);
	/* Exactly one <email>, last: anything else is not an identity. */
	if (rest.len || memchr(nm.p, '>', nm.len) || !em.len ||
	    memchr(em.p, '<', em.len) || memchr(em.p, ' ', em.len) ||
	    memchr(em.p, '\t', em.len))
		return -1;
	at = memchr(em.p, '@', em.len);
	if (!at || at == em.p || em.p[em.len - 1] == '@')
		return -1;
	*name = isms_arena_strndup(a, nm.p, nm.len);
	*email = isms_arena_strndup(a, em.p, em.len);
	return 0;
}

/* ---------------------------------------------------------------- tickets */

/*
 * The keys seen so far, for deduplication: open addressing over a power
 * of two slots. A hostile message may hold millions of keys, so a linear
 * search per match would be quadratic.
 */
typedef struct keyset {
	const char **slot;
	size_t cap, n;
} keyset;

static size_t hash(const char *s, size_t len)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot holding the key [s, s + len), or the empty slot for it. */
static const char **keyset_slot(const keyset *ks, const char *s, size_t len)
{
	size_t i = hash(s, len) & (ks->cap - 1);

	while (ks->slot[i] && (strncmp(ks->slot[i], s, len) != 0 ||
	    ks->slot[i][len] != '\0'))
		i = (i + 1) & (ks->cap - 1);
	return &ks->slot[i];
}

static int keyset_has(const keyset *ks, const char *s, size_t len)
{
	return ks->cap && *keyset_slot(ks, s, len);
}

/* Add a key known to be absent, growing to stay at most half full. */
static void keyset_add(keyset *ks, const char *key)
{
	keyset old = *ks;
	size_t i;

	if (2 * (ks->n + 1) > ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 64;
		ks->slot = calloc(ks->cap, sizeof(*ks->slot));
		if (!ks->slot)
			abort();   /* as isms_arena: out of memory aborts */
		ks->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.slot[i])
				keyset_add(ks, old.slot[i]);
		free(old.slot);
	}
	*keyset_slot(ks, key, strlen(key)) = key;
	ks->n++;
}

/* Where to look for the next key: past this match, or past an empty one. */
static size_t next_start(const char *msg, size_t len, size_t so, size_t eo)
{
	if (eo > so)
		return eo;
	/* Step over a whole UTF-8 character, not into the middle of one. */
	do
		so++;
	while (so < len && ((unsigned char)msg[so] & 0xc0) == 0x80);
	return so;
}

void isms_msg_tickets(const char ***keys, size_t *n, isms_arena *a,
	const isms_re *re, const char *msg)
{
	keyset seen = { NULL, 0, 0 };
	isms_buf added = ISMS_BUF_INIT;   /* new keys, as const char * */
	size_t i, len = msg ? strlen(msg) : 0, start = 0, so, eo, nnew;
	const char **all, *key;

	if (!keys || !n)
		return;
	for (i = 0; *keys && i < *n; i++)
		keyset_add(&seen, (*keys)[i]);
	while (msg && start <= len &&
	    isms_re_find(re, msg, len, start, &so, &eo) == 1 && eo <= len) {
		if (eo > so && !keyset_has(&seen, msg + so, eo - so)) {
			key = isms_arena_strndup(a, msg + so, eo - so);
			keyset_add(&seen, key);
			isms_buf_add(&added, &key, sizeof(key));
		}
		start = next_start(msg, len, so, eo);
	}
	free(seen.slot);
	nnew = added.len / sizeof(key);
	/* The array stays NULL-terminated even when nothing was found. */
	if (nnew || !*keys) {
		all = isms_arena_alloc(a, (*n + nnew + 1) * sizeof(*all));
		if (*keys && *n)
			memcpy(all, *keys, *n * sizeof(*all));
		if (nnew)
			memcpy(all + *n, added.ptr, nnew * sizeof(*all));
		*keys = all;
		*n += nnew;
	}
	isms_buf_release(&added);
}
