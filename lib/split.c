/*
 * split.c - cut a document into YAML front matter and Markdown body.
 *
 * Pure pointer arithmetic over the caller's text: no allocation, no
 * copies, so a 10 MB document costs one pass of memchr.
 */
#include "base.h"

#include <string.h>

/* git and most editors treat a NUL in the first 8000 bytes as binary. */
#define BINARY_PROBE 8000

/* End of the line starting at p: the '\n', or `end` for a last line. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* Start of the next line: past the '\n', or `end`. */
static const char *next_line(const char *eol, const char *end)
{
	return eol < end ? eol + 1 : end;
}

/*
 * Whether [p, eol) is `fence` followed only by blanks: editors leave
 * trailing spaces, and CRLF files leave a '\r' before the '\n'.
 */
static int is_fence(const char *p, const char *eol, const char *fence)
{
	if (eol - p < 3 || memcmp(p, fence, 3) != 0)
		return 0;
	for (p += 3; p < eol; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

void isms_split_text(isms_split *out, const char *text, size_t len)
{
	const char *p, *end, *eol;
	int line;

	memset(out, 0, sizeof(*out));
	if (!text)
		text = "";
	p = text;
	end = text + len;
	out->binary = memchr(text, '\0', len < BINARY_PROBE ? len : BINARY_PROBE)
		!= NULL;

	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;

	eol = line_end(p, end);
	if (!is_fence(p, eol, "---")) {
		out->body = p;
		out->body_len = (size_t)(end - p);
		out->body_line = 1;
		return;
	}

	out->has_fm = 1;
	out->fm = next_line(eol, end);
	out->fm_line = 2;
	for (p = out->fm, line = 2; p < end; line++) {
		eol = line_end(p, end);
		if (is_fence(p, eol, "---") || is_fence(p, eol, "...")) {
			out->fm_len = (size_t)(p - out->fm);
			out->body = next_line(eol, end);
			out->body_len = (size_t)(end - out->body);
			out->body_line = line + 1;
			return;
		}
		p = next_line(eol, end);
	}

	/* No closing fence: everything after the opening one is YAML. */
	out->unterminated = 1;
	out->fm_len = (size_t)(end - out->fm);
	out->body = end;
	out->body_len = 0;
	out->body_line = line;
}

/*
 * A plain `version: 1.3` line at the top level of the front matter, with
 * quotes and a trailing comment removed; NULL when the line is absent or
 * not that simple (flow style, block scalar, anchor, alias...).
 */
static const char *quick_version(isms_arena *a, const isms_split *sp)
{
	const char *p = sp->fm, *end = sp->fm + sp->fm_len;

	while (p < end) {
		const char *eol = line_end(p, end), *v = p + 8, *e = eol;

		if (eol - p > 8 && !memcmp(p, "version:", 8)) {
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				e--;
			if (v < e && (*v == '"' || *v == '\'')) {
				const char *q = memchr(v + 1, *v, (size_t)(e - v - 1));
				/* An escaped quote or trailing text: let YAML decide. */
				if (!q || memchr(v + 1, '\\', (size_t)(q - v - 1)) ||
				    (q + 1 < e && q[1] != ' ' && q[1] != '\t'))
					return NULL;
				return isms_arena_strndup(a, v + 1, (size_t)(q - v - 1));
			}
			if (v == e || strchr("|>&*[{!#%@`", *v) || memchr(v, '#', (size_t)(e - v)) ||
			    memchr(v, ':', (size_t)(e - v)))
				return NULL;
			return isms_arena_strndup(a, v, (size_t)(e - v));
		}
		p = next_line(eol, end);
	}
	return NULL;
}

const char *isms_text_version(isms_arena *a, const isms_split *sp)
{
	isms_ynode *root = NULL;
	const char *v;

	if (!sp->has_fm || sp->unterminated)
		return NULL;
	if ((v = quick_version(a, sp)))
		return v;
	if (isms_yaml_parse(&root, NULL, a, sp->fm, sp->fm_len, sp->fm_line, NULL) < 0)
		return NULL;
	return isms_yaml_str(isms_yaml_get(root, "version"));
}
