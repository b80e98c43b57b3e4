/*
 * t-split.c - isms_split_text: fences, positions, BOM, CRLF, binary.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

/* Split a NUL-free literal. */
static isms_split split(const char *text)
{
	isms_split s;

	isms_split_text(&s, text, strlen(text));
	return s;
}

/* The front matter or body as a string, for is_str. */
static const char *part(char *buf, size_t size, const char *p, size_t len)
{
	if (!p)
		return NULL;
	snprintf(buf, size, "%.*s", (int)len, p);
	return buf;
}

#define FM(s) part(fm_buf, sizeof(fm_buf), (s).fm, (s).fm_len)
#define BODY(s) part(body_buf, sizeof(body_buf), (s).body, (s).body_len)

static char fm_buf[256], body_buf[256];

static void test_plain(void)
{
	isms_split s = split("---\nid: POL-001\ntitle: T\n---\n# Policy\n");

	ok(s.has_fm && !s.unterminated && !s.binary,
		"front matter found between --- fences");
	is_str(FM(s), "id: POL-001\ntitle: T\n", "fm is the text between the fences");
	is_int(s.fm_line, 2, "fm starts on file line 2");
	is_str(BODY(s), "# Policy\n", "body is the text after the closing fence");
	is_int(s.body_line, 5, "body starts on the line after the closing fence");
}

static void test_dots_and_blanks(void)
{
	isms_split s = split("--- \t\na: 1\n...  \nbody");

	ok(s.has_fm && !s.unterminated, "... closes, blanks after fences allowed");
	is_str(FM(s), "a: 1\n", "fm before a ... fence");
	is_str(BODY(s), "body", "body without final newline is kept whole");
	is_int(s.body_line, 4, "body line after a ... fence");

	s = split("--- # comment\na: 1\n---\n");
	ok(!s.has_fm, "--- followed by text is not an opening fence");
	s = split("----\na: 1\n---\n");
	ok(!s.has_fm, "---- is not an opening fence");
	s = split("---\na: 1\n--- x\n---\nbody\n");
	is_str(FM(s), "a: 1\n--- x\n", "--- followed by text does not close");
	is_int(s.body_line, 5, "body line counts the lines skipped");
}

static void test_no_front_matter(void)
{
	isms_split s = split("# Title\n\ntext\n");

	ok(!s.has_fm && !s.unterminated, "no opening fence: no front matter");
	is_str(BODY(s), "# Title\n\ntext\n", "no front matter: body is everything");
	is_int(s.body_line, 1, "no front matter: body starts on line 1");
	s = split("\n---\na: 1\n---\n");
	ok(!s.has_fm, "fence must be on the first line");
}

static void test_bom_crlf(void)
{
	isms_split s = split("\xEF\xBB\xBF---\r\nid: X\r\n---\r\nbody\r\n");

	ok(s.has_fm && !s.unterminated, "BOM and CRLF fences are recognised");
	is_str(FM(s), "id: X\r\n", "CRLF fm keeps its CRs for the YAML parser");
	is_int(s.fm_line, 2, "BOM does not shift the fm line");
	is_str(BODY(s), "body\r\n", "CRLF body after the closing fence");
	is_int(s.body_line, 4, "CRLF body line");

	s = split("\xEF\xBB\xBF# no fm\n");
	is_str(BODY(s), "# no fm\n", "BOM is not part of the body");
	s = split("\xEF\xBB");
	ok(!s.has_fm && s.body_len == 2, "a partial BOM is text, not a BOM");
}

static void test_unterminated(void)
{
	isms_split s = split("---\nid: X\ntitle: Y\n");

	ok(s.has_fm && s.unterminated, "opening fence without closing: unterminated");
	is_str(FM(s), "id: X\ntitle: Y\n", "unterminated: fm is the rest of the text");
	ok(s.body_len == 0 && s.body == s.fm + s.fm_len,
		"unterminated: body is empty, at the end");
	is_int(s.body_line, 4, "unterminated: body line is after the last line");

	s = split("---");
	ok(s.has_fm && s.unterminated && s.fm_len == 0,
		"a lone --- without newline is unterminated and empty");
	s = split("---\n---");
	ok(s.has_fm && !s.unterminated && s.fm_len == 0 && s.body_len == 0,
		"empty front matter, closing fence without newline");
	is_int(s.body_line, 3, "body line after a closing fence at end of text");
}

static void test_binary(void)
{
	static const char bin[] = "---\na: 1\n---\nx\0y";
	char *big = calloc(1, 9000);
	isms_split s;

	isms_split_text(&s, bin, sizeof(bin) - 1);
	ok(s.binary, "NUL byte marks the text binary");
	s = split("---\na: 1\n---\n");
	ok(!s.binary, "text without NUL is not binary");
	memset(big, 'a', 8500);
	isms_split_text(&s, big, 9000);
	ok(!s.binary, "NUL after the first 8000 bytes is not looked for");
	big[7999] = '\0';
	isms_split_text(&s, big, 9000);
	ok(s.binary, "NUL as the 8000th byte is found");
	free(big);
}

static void test_empty(void)
{
	char *exact = malloc(3);
	isms_split s;

	isms_split_text(&s, "", 0);
	ok(!s.has_fm && !s.binary && s.body_len == 0 && s.body_line == 1,
		"empty text: no front matter, empty body on line 1");
	isms_split_text(&s, NULL, 0);
	ok(s.body != NULL && s.body_len == 0, "NULL text of length 0 is empty");
	/* A heap block of exactly len bytes: ASan sees any read past it. */
	memcpy(exact, "---", 3);
	isms_split_text(&s, exact, 3);
	ok(s.has_fm && s.unterminated && s.fm_len == 0,
		"len is honoured: nothing is read past it");
	free(exact);
}

/* The version of a text, read quickly when plain, through YAML when not. */
static const char *version_of(isms_arena *a, const char *text)
{
	isms_split s;

	isms_split_text(&s, text, strlen(text));
	return isms_text_version(a, &s);
}

static void test_version(void)
{
	isms_arena *a = isms_arena_new();

	is_str(version_of(a, "---\nid: X\nversion: 1.3\n---\n"), "1.3",
		"version: a plain scalar");
	is_str(version_of(a, "---\nversion: \"1.10\"\r\n---\n"), "1.10",
		"version: double-quoted, CRLF");
	is_str(version_of(a, "---\nversion: '2.0'  # reviewed\n---\n"), "2.0",
		"version: single-quoted with a comment");
	is_str(version_of(a, "---\nversion: 3.1 # comment\n---\n"), "3.1",
		"version: a plain scalar's comment goes through YAML");
	is_str(version_of(a, "---\n{id: X, version: 4.2}\n---\n"), "4.2",
		"version: flow style goes through YAML");
	is_str(version_of(a, "---\nmeta:\n  version: 9\n---\n"), NULL,
		"version: a nested key is not the document's version");
	is_str(version_of(a, "---\nid: X\n---\n"), NULL, "version: absent");
	is_str(version_of(a, "no front matter\n"), NULL, "version: no front matter");
	isms_arena_free(a);
}

int main(void)
{
	test_version();
	test_plain();
	test_dots_and_blanks();
	test_no_front_matter();
	test_bom_crlf();
	test_unterminated();
	test_binary();
	test_empty();
	return done_testing();
}
