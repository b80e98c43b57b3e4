/*
 * t-util.c - the growable buffer, the arena, isms_error_set and
 * isms_color_wanted (lib/util.c).
 */
#include "model.h"
#include "tap.h"

#include <fcntl.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The invariant isms.h states for every buffer after every call. */
static int buf_sane(const isms_buf *b)
{
	if (!b->ptr)
		return 0;
	if (b->cap == 0)
		return b->ptr == isms_buf_slopbuf && b->len == 0 && !b->ptr[0];
	return b->len < b->cap && b->ptr[b->len] == '\0';
}

/* Empty with nothing allocated: at the shared "", never NULL. */
static int unallocated(const isms_buf *b)
{
	return b->ptr == isms_buf_slopbuf && b->len == 0 && b->cap == 0 &&
		b->ptr[0] == '\0';
}

/* A buffer holding exactly `want` (which may not hold NUL bytes). */
static int buf_is(const isms_buf *b, const char *want)
{
	return buf_sane(b) && b->len == strlen(want) &&
		memcmp(b->ptr, want, b->len) == 0;
}

/* ---------------------------------------------------------------- buf */

static void test_buf_init(void)
{
	isms_buf a = ISMS_BUF_INIT, b;

	memset(&b, 0x5a, sizeof(b));
	isms_buf_init(&b);
	ok(unallocated(&a),
		"ISMS_BUF_INIT is empty with nothing allocated, ptr at \"\" (never NULL)");
	ok(unallocated(&b),
		"isms_buf_init empties a garbage struct without allocating, ptr at \"\"");
	is_str(a.ptr, "", "an empty buffer reads as the empty string");
	isms_buf_release(&b);
	ok(unallocated(&b), "release of an unallocated buffer is a no-op (never frees the \"\")");
}

static void test_buf_add(void)
{
	isms_buf b = ISMS_BUF_INIT;

	isms_buf_add(&b, "abc", 3);
	ok(buf_is(&b, "abc"), "add appends bytes and NUL-terminates");
	isms_buf_add(&b, "xyz", 0);
	ok(buf_is(&b, "abc"), "add of zero bytes leaves the content");
	isms_buf_puts(&b, "def");
	ok(buf_is(&b, "abcdef"), "puts appends a string");
	isms_buf_putc(&b, 'g');
	ok(buf_is(&b, "abcdefg"), "putc appends one character");
	isms_buf_add(&b, "h\0i", 3);
	ok(b.len == 10 && memcmp(b.ptr + 7, "h\0i", 3) == 0 && buf_sane(&b),
		"add copies embedded NUL bytes and counts them");
	isms_buf_release(&b);
	ok(unallocated(&b), "release empties the buffer");

	isms_buf_add(&b, "", 0);
	ok(b.ptr != NULL && buf_is(&b, ""),
		"add of nothing to an empty buffer gives an allocated \"\"");
	isms_buf_release(&b);
	isms_buf_putc(&b, '\0');
	ok(b.len == 1 && b.ptr[0] == '\0' && buf_sane(&b),
		"putc of NUL stores a byte and still terminates");
	isms_buf_release(&b);
}

static void test_buf_growth(void)
{
	isms_buf b = ISMS_BUF_INIT;
	size_t i, want_len = 0;
	int sane = 1, content = 1;
	char line[64];

	/* About 300 KB through printf, puts and add, checked as it grows. */
	for (i = 0; i < 10000; i++) {
		isms_buf_printf(&b, "line %05zu: ", i);
		isms_buf_puts(&b, "some text");
		isms_buf_add(&b, "\n", 1);
		want_len += 22;
		sane &= buf_sane(&b) && b.len == want_len;
	}
	ok(sane, "the invariant and the length hold after each of 30000 appends");
	for (i = 0; i < 10000; i += 997) {
		snprintf(line, sizeof(line), "line %05zu: some text\n", i);
		content &= memcmp(b.ptr + i * 22, line, 22) == 0;
	}
	ok(content, "every sampled line of the grown buffer is intact");
	is_int(b.len, 220000, "the grown buffer holds 220000 bytes");
	isms_buf_release(&b);

	/* One printf larger than any growth step so far. */
	isms_buf_puts(&b, "<");
	isms_buf_printf(&b, "%*s>", 100000, "x");
	ok(b.len == 100002 && b.ptr[0] == '<' && b.ptr[100000] == 'x' &&
	   b.ptr[100001] == '>' && buf_sane(&b),
		"one printf of 100 KB grows the buffer in one go");
	isms_buf_release(&b);

	isms_buf_printf(&b, "%s", "");
	ok(b.ptr != NULL && buf_is(&b, ""),
		"printf of nothing to an empty buffer gives an allocated \"\"");
	isms_buf_printf(&b, "%d-%s-%c", 42, "x", 'y');
	ok(buf_is(&b, "42-x-y"), "printf formats its arguments");
	isms_buf_release(&b);

	isms_buf_grow(&b, 5000);
	ok(b.cap >= 5001 && b.len == 0, "grow reserves room for extra bytes and a NUL");
	isms_buf_release(&b);
}

static void test_buf_truncate(void)
{
	isms_buf b = ISMS_BUF_INIT;

	isms_buf_truncate(&b, 0);
	ok(unallocated(&b) && buf_sane(&b), "truncate of an unallocated buffer is a no-op");
	isms_buf_puts(&b, "hello world");
	isms_buf_truncate(&b, 5);
	ok(buf_is(&b, "hello"), "truncate shortens and NUL-terminates");
	isms_buf_truncate(&b, 50);
	ok(buf_is(&b, "hello"), "truncate beyond the length changes nothing");
	isms_buf_truncate(&b, 0);
	ok(b.ptr != NULL && buf_is(&b, ""), "truncate to 0 keeps the allocation, empty");
	isms_buf_puts(&b, "again");
	ok(buf_is(&b, "again"), "a truncated buffer is reused for new text");
	isms_buf_release(&b);
}

static void test_buf_detach(void)
{
	isms_buf b = ISMS_BUF_INIT;
	char *s;

	s = isms_buf_detach(&b);
	ok(s != NULL && s[0] == '\0', "detach of an empty buffer returns \"\"");
	/* It is the caller's to free: ASan reports a leak or a bad free. */
	free(s);
	ok(s != isms_buf_slopbuf && unallocated(&b),
		"detach of an empty buffer returns a malloc'd \"\", not the shared one, and leaves it empty");

	isms_buf_puts(&b, "payload");
	s = isms_buf_detach(&b);
	is_str(s, "payload", "detach hands over the content");
	ok(unallocated(&b),
		"detach leaves the buffer empty, without the old pointer");
	isms_buf_puts(&b, "new");
	ok(buf_is(&b, "new") && b.ptr != s,
		"a detached buffer can be used again");
	free(s);
	isms_buf_release(&b);
}

/* Escape `in` with `fn` into a fresh buffer and compare. */
static int escapes_to(void (*fn)(isms_buf *, const char *), const char *in,
	const char *want)
{
	isms_buf b = ISMS_BUF_INIT;
	int same;

	isms_buf_puts(&b, "[");
	fn(&b, in);
	isms_buf_puts(&b, "]");
	same = buf_sane(&b) && b.len == strlen(want) + 2 &&
		memcmp(b.ptr + 1, want, strlen(want)) == 0;
	if (!same)
		printf("#   escaped to %s\n", b.ptr);
	isms_buf_release(&b);
	return same;
}

static void test_buf_json(void)
{
	ok(escapes_to(isms_buf_json, "plain text", "plain text"),
		"json: plain text is copied");
	ok(escapes_to(isms_buf_json, "", ""), "json: empty string adds nothing");
	ok(escapes_to(isms_buf_json, "say \"hi\"", "say \\\"hi\\\""),
		"json: double quotes are escaped");
	ok(escapes_to(isms_buf_json, "C:\\dir\\", "C:\\\\dir\\\\"),
		"json: backslashes are doubled");
	ok(escapes_to(isms_buf_json, "a\nb\rc\td", "a\\nb\\rc\\td"),
		"json: newline, carriage return and tab use short escapes");
	ok(escapes_to(isms_buf_json, "\x01\x08\x0c\x1f", "\\u0001\\u0008\\u000c\\u001f"),
		"json: other control characters become \\u00XX");
	ok(escapes_to(isms_buf_json, "del\x7f", "del\\u007f"),
		"json: DEL becomes \\u007f");
	ok(escapes_to(isms_buf_json, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac"),
		"json: UTF-8 bytes pass unchanged");
	ok(escapes_to(isms_buf_json, "a/b 'q'", "a/b 'q'"),
		"json: slash and single quote need no escape");
}

static void test_buf_xml(void)
{
	isms_buf b = ISMS_BUF_INIT;

	ok(escapes_to(isms_buf_xml, "plain text", "plain text"),
		"xml: plain text is copied");
	ok(escapes_to(isms_buf_xml, "a<b>c", "a&lt;b&gt;c"),
		"xml: angle brackets are escaped");
	ok(escapes_to(isms_buf_xml, "R&D", "R&amp;D"), "xml: ampersand is escaped");
	ok(escapes_to(isms_buf_xml, "\"it's\"", "&quot;it&#39;s&quot;"),
		"xml: both quotes are escaped, for attribute values");
	ok(escapes_to(isms_buf_xml, "&lt;", "&amp;lt;"),
		"xml: an existing entity is escaped again, not trusted");
	ok(escapes_to(isms_buf_xml, "a\nb\tc", "a\nb\tc"),
		"xml: newline and tab are kept");
	ok(escapes_to(isms_buf_xml, "a\x01" "b\x1f" "c", "a?b?c"),
		"xml: control characters XML 1.0 forbids become '?'");
	ok(escapes_to(isms_buf_xml, "<", "&lt;") &&
		escapes_to(isms_buf_xml, "a&", "a&amp;") &&
		escapes_to(isms_buf_xml, "\x02x\x03", "?x?"),
		"xml: an escape first, last, alone");
	ok(escapes_to(isms_buf_xml, "caf\xc3\xa9", "caf\xc3\xa9"),
		"xml: UTF-8 bytes pass unchanged");
	isms_buf_xml(&b, "");
	ok(unallocated(&b) && buf_sane(&b), "xml: escaping \"\" allocates nothing");
	isms_buf_release(&b);
}

/* ---------------------------------------------------------------- arena */

static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static int all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

static void test_arena_alloc(void)
{
	isms_arena *a = isms_arena_new();
	unsigned char *p[500];
	size_t sizes[500], i, j, total = 0;
	int align_ok = 1, zero_ok = 1, intact = 1;

	ok(a != NULL && isms_arena_size(a) == 0, "a new arena reserves nothing");
	/* Odd sizes, dirtied after each allocation so that a later block
	 * only reads as zero if the arena zeroed it. */
	for (i = 0; i < 500; i++) {
		sizes[i] = (i * 37) % 301 + 1;
		total += sizes[i];
		p[i] = isms_arena_alloc(a, sizes[i]);
		align_ok &= aligned(p[i]);
		zero_ok &= all_zero(p[i], sizes[i]);
		memset(p[i], (int)(i & 0xff), sizes[i]);
	}
	ok(align_ok, "500 allocations of odd sizes are aligned to max_align_t");
	ok(zero_ok, "every allocation is zeroed");
	for (i = 0; i < 500; i++)
		for (j = 0; j < sizes[i]; j++)
			intact &= p[i][j] == (unsigned char)(i & 0xff);
	ok(intact, "allocations do not overlap: each keeps what was written");
	ok(isms_arena_size(a) >= total,
		"the reported size covers every byte handed out");

	p[0] = isms_arena_alloc(a, 0);
	p[1] = isms_arena_alloc(a, 0);
	ok(p[0] && p[1] && p[0] != p[1] && aligned(p[0]) && aligned(p[1]),
		"alloc(0) gives distinct aligned pointers");
	isms_arena_free(a);

	/* Freed chunks come back from malloc dirty: zeroing must still hold. */
	a = isms_arena_new();
	p[0] = isms_arena_alloc(a, 4000);
	ok(all_zero(p[0], 4000), "a fresh arena's first block is zeroed");
	isms_arena_free(a);
	isms_arena_free(NULL);
	ok(1, "isms_arena_free(NULL) is a no-op");
}

static void test_arena_big(void)
{
	isms_arena *a = isms_arena_new();
	size_t big = 1024 * 1024 + 3, before;
	unsigned char *small1, *blk, *small2;

	small1 = isms_arena_alloc(a, 100);
	memset(small1, 0xab, 100);
	before = isms_arena_size(a);
	blk = isms_arena_alloc(a, big);
	ok(blk && aligned(blk) && all_zero(blk, big),
		"a block larger than a chunk is aligned and zeroed");
	/* Every byte writable: ASan would report an overflow. */
	memset(blk, 0xcd, big);
	ok(isms_arena_size(a) >= before + big,
		"the size grows by at least the big block");
	small2 = isms_arena_alloc(a, 100);
	ok(small2 && aligned(small2) && all_zero(small2, 100) &&
	   (small2 + 100 <= blk || small2 >= blk + big) &&
	   (small2 + 100 <= small1 || small2 >= small1 + 100),
		"a small block after the big one overlaps neither");
	ok(blk[0] == 0xcd && blk[big - 1] == 0xcd && small1[99] == 0xab,
		"earlier blocks are untouched by later allocations");
	isms_arena_free(a);
}

static void test_arena_strings(void)
{
	isms_arena *a = isms_arena_new();
	char *s, *t, *big;
	size_t i;
	int filled = 1;

	s = isms_arena_strndup(a, "hello world", 5);
	is_str(s, "hello", "strndup copies n bytes and terminates");
	ok(aligned(s), "strndup's copy is aligned like any allocation");
	s = isms_arena_strndup(a, "ab\0cd", 5);
	ok(memcmp(s, "ab\0cd", 6) == 0, "strndup copies n bytes even past a NUL");
	t = isms_arena_strndup(a, "", 0);
	is_str(t, "", "strndup of 0 bytes gives \"\"");
	s = isms_arena_strdup(a, "policy");
	t = isms_arena_strdup(a, "policy");
	ok(s != t && !strcmp(s, t), "strdup returns a fresh copy each time");
	s = isms_arena_printf(a, "%s:%d:%d: %s", "a.md", 3, 7, "msg");
	is_str(s, "a.md:3:7: msg", "printf formats into the arena");
	s = isms_arena_printf(a, "%s", "");
	is_str(s, "", "printf of nothing gives \"\"");
	big = isms_arena_printf(a, "%0*d", 200000, 7);
	for (i = 0; i < 199999; i++)
		filled &= big[i] == '0';
	ok(strlen(big) == 200000 && filled && big[199999] == '7',
		"printf of a string larger than a chunk is complete");
	isms_arena_free(a);
}

/* ---------------------------------------------------------------- error */

static void test_error_set(void)
{
	isms_error err;
	char longmsg[5000], longpath[2000];
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_error_set(&err, "policies/a.md", 3, 14, "bad %s %d", "value", 7);
	is_int(rc, -1, "error_set returns -1");
	is_str(err.path, "policies/a.md", "error_set fills the path");
	ok(err.line == 3 && err.col == 14, "error_set fills line and column");
	is_str(err.msg, "bad value 7", "error_set formats the message");

	rc = isms_error_set(&err, NULL, 0, 0, "other");
	is_str(err.path, "policies/a.md", "a NULL path leaves the path as it was");
	ok(rc == -1 && err.line == 0 && err.col == 0 && !strcmp(err.msg, "other"),
		"a NULL path still sets position and message");

	is_int(isms_error_set(NULL, "x", 1, 1, "ignored %d", 1), -1,
		"a NULL err is allowed and still gives -1");

	memset(longmsg, 'm', sizeof(longmsg) - 1);
	longmsg[sizeof(longmsg) - 1] = '\0';
	memset(longpath, 'p', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	isms_error_set(&err, longpath, 1, 1, "%s", longmsg);
	ok(strlen(err.msg) == sizeof(err.msg) - 1 && err.msg[0] == 'm',
		"a 5000-byte message is cut to fit msg, NUL-terminated");
	ok(strlen(err.path) == sizeof(err.path) - 1 && err.path[0] == 'p',
		"a 2000-byte path is cut to fit path, NUL-terminated");
}

/* ---------------------------------------------------------------- color */

/* A terminal to ask about; -1 when the system has no pseudo-terminals. */
static int open_tty(int *master)
{
	char *name;
	int fd;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0)
		return -1;
	if (grantpt(*master) < 0 || unlockpt(*master) < 0 ||
	    !(name = ptsname(*master)) || (fd = open(name, O_RDWR | O_NOCTTY)) < 0) {
		close(*master);
		return -1;
	}
	return fd;
}

static void test_color(void)
{
	int pipefd[2], master = -1, tty;

	if (pipe(pipefd) < 0)
		pipefd[0] = pipefd[1] = -1;
	tty = open_tty(&master);

	setenv("TERM", "xterm", 1);
	setenv("NO_COLOR", "1", 1);
	is_int(isms_color_wanted("always", pipefd[1]), 1,
		"always colours a pipe even with NO_COLOR set");
	unsetenv("NO_COLOR");
	is_int(isms_color_wanted("auto", pipefd[1]), 0, "auto does not colour a pipe");

	if (tty < 0) {
		ok(1, "auto on a terminal # SKIP no pseudo-terminal");
		ok(1, "never on a terminal # SKIP no pseudo-terminal");
		ok(1, "NO_COLOR on a terminal # SKIP no pseudo-terminal");
		ok(1, "empty NO_COLOR on a terminal # SKIP no pseudo-terminal");
		ok(1, "TERM=dumb on a terminal # SKIP no pseudo-terminal");
	} else {
		is_int(isms_color_wanted("auto", tty), 1,
			"auto colours a terminal without NO_COLOR");
		is_int(isms_color_wanted("never", tty), 0,
			"never does not colour even a terminal");
		setenv("NO_COLOR", "1", 1);
		is_int(isms_color_wanted("auto", tty), 0,
			"auto with NO_COLOR=1 does not colour a terminal");
		setenv("NO_COLOR", "", 1);
		is_int(isms_color_wanted("auto", tty), 1,
			"auto with NO_COLOR set but empty still colours a terminal");
		unsetenv("NO_COLOR");
		setenv("TERM", "dumb", 1);
		is_int(isms_color_wanted("auto", tty), 0,
			"auto with TERM=dumb does not colour a terminal");
		close(tty);
		close(master);
	}
	unsetenv("NO_COLOR");
	unsetenv("TERM");
	close(pipefd[0]);
	close(pipefd[1]);
}

/* ---------------------------------------------------------------- utf8, url */

static void test_utf8(void)
{
	isms_buf b = ISMS_BUF_INIT;
	unsigned long cp = 0;
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

	is_int((int)isms_utf8_seq(s, NULL, &cp), 1, "ASCII is one byte");
	is_int((int)isms_utf8_seq(s + 1, NULL, &cp), 2, "e-acute is two");
	is_int((int)cp, 0xe9, "U+00E9");
	is_int((int)isms_utf8_seq(s + 3, NULL, &cp), 3, "the euro sign three");
	is_int((int)cp, 0x20ac, "U+20AC");
	is_int((int)isms_utf8_seq(s + 6, NULL, &cp), 4, "an emoji four");
	is_int((int)cp, 0x1f600, "U+1F600");
	is_int((int)isms_utf8_seq(s + 6, s + 8, &cp), 0, "a sequence cut by `end` is not one");
	is_int((int)isms_utf8_seq("\xc0\xaf", NULL, NULL), 0, "an overlong form is not one");
	is_int((int)isms_utf8_seq("\xe0\x80\xaf", NULL, NULL), 0, "nor a 3-byte overlong");
	is_int((int)isms_utf8_seq("\xed\xa0\x80", NULL, NULL), 0, "nor a surrogate");
	is_int((int)isms_utf8_seq("\xf4\x90\x80\x80", NULL, NULL), 0, "nor past U+10FFFF");
	is_int((int)isms_utf8_seq("\xe2\x82", NULL, NULL), 0, "a NUL ends a sequence early");
	ok(isms_utf8_valid(s), "the whole string is valid");
	ok(!isms_utf8_valid("ok\xff"), "a stray byte is not");
	isms_utf8_repair(&b, "a\xff" "b\xc3\xa9");
	is_str(b.ptr, "a\xef\xbf\xbd" "b\xc3\xa9", "repair turns a stray byte into U+FFFD");
	isms_buf_truncate(&b, 0);
	isms_utf8_put(&b, 0x61);
	isms_utf8_put(&b, 0xe9);
	isms_utf8_put(&b, 0x20ac);
	isms_utf8_put(&b, 0x1f600);
	is_str(b.ptr, s, "put encodes what seq decodes");
	isms_buf_truncate(&b, 0);
	isms_buf_url(&b, "a b/c%d#e~f.-_\xc3\xa9");
	is_str(b.ptr, "a%20b/c%25d%23e~f.-_%C3%A9", "url keeps unreserved bytes and '/', encodes the rest");
	isms_buf_release(&b);
}

static void test_strindex(void)
{
	struct item { int n; const char *name; } items[3000];
	static char names[3000][24];
	isms_strindex x, empty = { 0 };
	size_t i;
	int found = 1, added = 1;

	for (i = 0; i < 3000; i++) {
		snprintf(names[i], sizeof(names[i]), "policies/%zu.md", i % 2000);
		items[i] = (struct item){ (int)i, names[i] };
	}
	isms_strindex_init(&x, items, sizeof(*items), offsetof(struct item, name),
		3000);
	for (i = 0; i < 3000; i++)
		added &= isms_strindex_add(&x, i) == (i < 2000);
	ok(added, "add keeps the first item of each string, refuses a repeat");
	for (i = 0; i < 2000; i++)
		found &= isms_strindex_find(&x, names[i]) == (long)i;
	ok(found, "find gives each string's first item, among 2000");
	ok(isms_strindex_find(&x, "policies/2000.md") == -1 &&
	   isms_strindex_find(&x, "") == -1, "a string not added is not found");
	isms_strindex_release(&x);
	ok(isms_strindex_find(&x, "policies/1.md") == -1 &&
	   isms_strindex_find(&empty, "a") == -1,
	   "a released or never made index finds nothing");
}

int main(void)
{
	test_buf_init();
	test_buf_add();
	test_buf_growth();
	test_buf_truncate();
	test_buf_detach();
	test_buf_json();
	test_buf_xml();
	test_utf8();
	test_arena_alloc();
	test_arena_big();
	test_arena_strings();
	test_error_set();
	test_color();
	test_strindex();
	return done_testing();
}
