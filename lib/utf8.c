/*
 * utf8.c - the one UTF-8 decoder (well-formed sequences only, as Unicode's
 * table 3-7 and RFC 3629 define them), its checks and its encoder.
 */
#include "base.h"

size_t isms_utf8_seq(const char *s, const char *end, unsigned long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	unsigned long c;
	size_t n, i;

	if (p[0] < 0x80) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if (end && (size_t)(end - s) < n)
		return 0;
	/* No overlong forms, surrogates or code points above U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	/* Each byte is checked before the next is read: a NUL stops it. */
	c = ((unsigned long)p[0] & (0x7fu >> n)) << 6 | (p[1] & 0x3f);
	for (i = 2; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (cp)
		*cp = c;
	return n;
}

int isms_utf8_valid(const char *s)
{
	size_t n;

	for (; *s; s += n)
		if (!(n = isms_utf8_seq(s, NULL, NULL)))
			return 0;
	return 1;
}

void isms_utf8_repair(isms_buf *out, const char *s)
{
	size_t n;

	for (; *s; s += n ? n : 1) {
		n = isms_utf8_seq(s, NULL, NULL);
		if (n)
			isms_buf_add(out, s, n);
		else
			isms_buf_puts(out, "\xef\xbf\xbd");
	}
}

void isms_utf8_put(isms_buf *out, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	isms_buf_add(out, u, n);
}
