/*
 * glob.c - path globs for isms.yml's include / exclude, as in .gitignore.
 *
 *   *  ?  [abc] [a-z] [!x] [^x]   within one path segment ('/' never matches)
 *   **                           a whole segment: zero or more segments;
 *                                as the last segment: one or more
 *   \c                           the character c itself
 *   name                         no '/' in the pattern: the base name, at
 *                                any depth
 *   /name                        a leading '/' anchors to the root
 *   dir/                         a trailing '/': everything below dir (at
 *                                any depth when that is the only '/')
 *
 * Both levels (characters within a segment, segments within a path) use
 * the iterative two-pointer wildcard algorithm: on a mismatch, only the
 * most recent star takes one more element. That is enough because any
 * element an earlier star could take, the later star can take as well; so
 * the work is bounded by pattern length times subject length, without
 * recursion, whatever the number of stars ("**" chains included).
 *
 * `?` and classes match whole UTF-8 characters; bytes that are not valid
 * UTF-8 count as one character each.
 */
#include "base.h"

#include <string.h>

/* One character at s (< end): its length, its code point in *cp; a byte
 * outside a well-formed sequence is a character of its own. */
static size_t utf8_char(const char *s, const char *end, unsigned long *cp)
{
	size_t n = isms_utf8_seq(s, end, cp);

	if (!n) {
		*cp = (unsigned char)*s;
		n = 1;
	}
	return n;
}

/*
 * Match the class starting at p ('[') against character c. Sets *next past
 * the closing ']' and returns 1 / 0, or returns -1 when there is no closing
 * ']' (then '[' is an ordinary character).
 */
static int class_match(const char *p, const char *pend, unsigned long c,
	const char **next)
{
	const char *q = p + 1;
	int negate = 0, hit = 0, first = 1;
	unsigned long lo, hi;

	if (q < pend && (*q == '!' || *q == '^')) {
		negate = 1;
		q++;
	}
	while (q < pend && (*q != ']' || first)) {
		first = 0;
		if (*q == '\\' && q + 1 < pend)
			q++;
		q += utf8_char(q, pend, &lo);
		hi = lo;
		if (q + 1 < pend && *q == '-' && q[1] != ']') {
			q++;
			if (*q == '\\' && q + 1 < pend)
				q++;
			q += utf8_char(q, pend, &hi);
		}
		if (lo <= c && c <= hi)
			hit = 1;
	}
	if (q >= pend)
		return -1;
	*next = q + 1;
	return hit != negate;
}

/*
 * One pattern element at p against the character at s: returns 1 with
 * *pn / *sn past both on a match, else 0. Not called for '*'.
 */
static int elem_match(const char *p, const char *pend, const char *s,
	const char *send, const char **pn, const char **sn)
{
	unsigned long c, pc;
	size_t slen = utf8_char(s, send, &c);
	int r;

	if (*p == '?') {
		*pn = p + 1;
		*sn = s + slen;
		return 1;
	}
	if (*p == '[') {
		r = class_match(p, pend, c, pn);
		if (r >= 0) {
			*sn = s + slen;
			return r;
		}
		/* unterminated: a literal '[' */
	}
	if (*p == '\\' && p + 1 < pend)
		p++;
	*pn = p + utf8_char(p, pend, &pc);
	*sn = s + slen;
	return pc == c && (size_t)(*pn - p) == slen && !memcmp(p, s, slen);
}

/* Glob [p, pend) against one path segment [s, send). */
static int seg_match(const char *p, const char *pend, const char *s,
	const char *send)
{
	const char *bp = NULL, *bs = NULL, *pn, *sn;
	unsigned long c;

	for (;;) {
		if (p < pend && *p == '*') {
			while (p < pend && *p == '*')
				p++;
			if (p == pend)
				return 1;       /* a trailing star takes the rest */
			bp = p;
			bs = s;
			continue;
		}
		if (p == pend) {
			if (s == send)
				return 1;
		} else if (s < send && elem_match(p, pend, s, send, &pn, &sn)) {
			p = pn;
			s = sn;
			continue;
		}
		/* mismatch: the last star takes one more character */
		if (!bp || bs == send)
			return 0;
		bs += utf8_char(bs, send, &c);
		p = bp;
		s = bs;
	}
}

/* The end of the segment starting at s: the next '/' or end. */
static const char *seg_end(const char *s, const char *end)
{
	const char *slash = memchr(s, '/', (size_t)(end - s));

	return slash ? slash : end;
}

/* The segment after the one [s, e), or NULL when that was the last. */
static const char *seg_next(const char *e, const char *end)
{
	return e == end ? NULL : e + 1;
}

/*
 * Segments of [p, pend) against segments of [s, send); a NULL position
 * means "no segments left". With `dir`, the pattern must leave at least one
 * path segment over (the pattern named a folder).
 */
static int path_match(const char *p, const char *pend, const char *s,
	const char *send, int dir)
{
	const char *bp = NULL, *bs = NULL, *pe, *se;
	int bset = 0;

	for (;;) {
		if (!p) {
			if (!s ? !dir : dir)
				return 1;
			goto backtrack;
		}
		pe = seg_end(p, pend);
		if (pe - p == 2 && p[0] == '*' && p[1] == '*') {
			if (!seg_next(pe, pend)) {
				/*
				 * a trailing ** takes one or more segments;
				 * after it, `dir` wants one more still
				 */
				if (s && (!dir || seg_next(seg_end(s, send), send)))
					return 1;
				goto backtrack;
			}
			/* ** takes no segment for now; more on backtrack */
			bp = seg_next(pe, pend);
			bs = s;
			bset = 1;
			p = bp;
			continue;
		}
		if (s) {
			se = seg_end(s, send);
			if (seg_match(p, pe, s, se)) {
				p = seg_next(pe, pend);
				s = seg_next(se, send);
				continue;
			}
		}
backtrack:
		if (!bset || !bs)
			return 0;
		bs = seg_next(seg_end(bs, send), send);
		p = bp;
		s = bs;
	}
}

int isms_glob_match(const char *pattern, const char *path)
{
	const char *pend, *send, *s, *e;
	int dir = 0;

	if (!pattern || !path || !*pattern)
		return 0;
	pend = pattern + strlen(pattern);
	send = path + strlen(path);
	if (pend > pattern && pend[-1] == '/') {
		dir = 1;
		pend--;
	}
	if (*pattern == '/') {
		pattern++;
		if (pattern >= pend)
			return 0;
		return path_match(pattern, pend, path, send, dir);
	}
	if (pattern == pend)
		return 0;
	if (memchr(pattern, '/', (size_t)(pend - pattern)))
		return path_match(pattern, pend, path, send, dir);

	/* no '/': the base name, or with `dir` any folder on the way */
	for (s = path;; s = e + 1) {
		e = seg_end(s, send);
		if (e == send)
			return dir ? 0 : seg_match(pattern, pend, s, e);
		if (dir && seg_match(pattern, pend, s, e))
			return 1;
	}
}
