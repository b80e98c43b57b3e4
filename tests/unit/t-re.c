/*
 * t-re.c - lib/re.c: compile errors, matching, finding, invalid UTF-8,
 * and sharing one compiled pattern between threads.
 */
#include "model.h"
#include "tap.h"

#include <pthread.h>
#include <string.h>

static isms_re *compile(const char *pattern)
{
	isms_re *re = NULL;
	isms_error err = { 0 };

	if (isms_re_compile(&re, pattern, &err) < 0)
		printf("# compile %s: %s (col %d)\n", pattern, err.msg, err.col);
	return re;
}

static int matches(const char *pattern, const char *subject)
{
	isms_re *re = compile(pattern);
	int r = re ? isms_re_match(re, subject, strlen(subject)) : -2;

	isms_re_free(re);
	return r;
}

static void test_compile_errors(void)
{
	isms_re *re = (isms_re *)1;
	isms_error err;

	memset(&err, 0, sizeof(err));
	is_int(isms_re_compile(&re, "ab(c", &err), -1,
		"unbalanced parenthesis fails to compile");
	ok(re == NULL, "a failed compile leaves *out NULL");
	ok(strstr(err.msg, "missing closing parenthesis") != NULL,
		"error message is PCRE2's text");
	is_int(err.col, 5, "error column is PCRE2's offset + 1 (end of pattern)");

	memset(&err, 0, sizeof(err));
	is_int(isms_re_compile(&re, "x[z-a]", &err), -1,
		"reversed class range fails to compile");
	is_int(err.col, 5, "error column points at the range's upper end");
	ok(strstr(err.msg, "range out of order") != NULL,
		"reversed range message names the problem");

	memset(&err, 0, sizeof(err));
	is_int(isms_re_compile(&re, "ab\xff", &err), -1,
		"invalid UTF-8 in the pattern fails to compile");
	ok(err.msg[0] != '\0', "invalid UTF-8 pattern has a message");
	is_int(err.col, 3, "invalid UTF-8 pattern column is the bad byte");

	is_int(isms_re_compile(&re, "a(", NULL), -1,
		"compile failure with a NULL error does not crash");
	ok(re == NULL, "NULL error: *out still NULL");
}

static void test_match(void)
{
	static const char *const heading = "(?i)^management\\s+(intent|commitment)";

	is_int(matches(heading, "Management Intent"), 1,
		"case-insensitive section pattern matches its heading");
	is_int(matches(heading, "MANAGEMENT   commitment and more"), 1,
		"anchored pattern matches a heading with a longer tail");
	is_int(matches(heading, "Top management intent"), 0,
		"anchored pattern does not match in the middle");
	is_int(matches("^continu(al|ous)\\s+improvement", "continual improvement"),
		1, "alternation in a group matches");
	is_int(matches("abc", ""), 0, "empty subject does not match a literal");
	is_int(matches("^$", ""), 1, "empty pattern anchors match an empty subject");
	is_int(matches("^caf\u00e9$", "caf\u00e9"), 1,
		"UTF-8 literal matches (pattern compiled as UTF)");
	is_int(matches("^caf.$", "caf\u00e9"), 1,
		"dot matches one multibyte character");
	is_int(matches("(?i)^\u00c9T\u00c9$", "\u00e9t\u00e9"), 1,
		"caseless matching folds non-ASCII letters");
}

static void test_embedded_nul(void)
{
	isms_re *re = compile("b");
	const char subject[] = { 'a', '\0', 'b' };

	ok(re != NULL, "literal compiles");
	is_int(isms_re_match(re, subject, 3), 1,
		"length is honoured past an embedded NUL");
	is_int(isms_re_match(re, subject, 2), 0,
		"length limits the subject (no NUL-terminated scan)");
	is_int(isms_re_match(re, NULL, 0), 0, "NULL empty subject is no match");
	isms_re_free(re);
}

static void test_invalid_utf8_subject(void)
{
	isms_re *re = compile("\\b[A-Z][A-Z0-9]+-[0-9]+\\b");
	const char bad[] = "fix \xff\xfe ISMS-42 \xc3(";
	size_t so = 0, eo = 0;

	ok(re != NULL, "ticket pattern compiles");
	is_int(isms_re_find(re, bad, strlen(bad), 0, &so, &eo), 1,
		"match is found in a subject with invalid UTF-8");
	is_int(so, 7, "match start is a byte offset past the invalid bytes");
	is_int(eo, 14, "match end is a byte offset");
	is_int(isms_re_match(re, "\xff\xfe\xfd", 3), 0,
		"an all-invalid subject is no match, not an error");
	isms_re_free(re);

	re = compile(".");
	is_int(isms_re_match(re, "\x80", 1), 0,
		"a lone continuation byte is not a character");
	is_int(isms_re_match(re, "\xe2\x82", 2), 0,
		"a truncated sequence is not a character");
	isms_re_free(re);
}

static void test_find(void)
{
	isms_re *re = compile("[A-Z]+-[0-9]+");
	const char *s = "ISMS-1, ops-2, SEC-33";
	size_t so = 99, eo = 99, len = strlen(s);

	is_int(isms_re_find(re, s, len, 0, &so, &eo), 1, "first key is found");
	is_int(so, 0, "first key starts at 0");
	is_int(eo, 6, "first key ends at 6");
	is_int(isms_re_find(re, s, len, eo, &so, &eo), 1,
		"search continues from the previous end");
	is_int(so, 15, "lowercase ops-2 is skipped: next key starts at 15");
	is_int(eo, 21, "second key ends at the end of the subject");
	so = eo = 77;
	is_int(isms_re_find(re, s, len, len, &so, &eo), 0,
		"no match from the end of the subject");
	is_int(so, 77, "no match leaves *so untouched");
	is_int(isms_re_find(re, s, len, len + 1, &so, &eo), -1,
		"start beyond the subject is an error");
	is_int(isms_re_find(re, s, len, 2, NULL, NULL), 1,
		"find accepts NULL offsets");
	isms_re_free(re);

	re = compile("x*");
	is_int(isms_re_find(re, "abc", 3, 3, &so, &eo), 1,
		"an empty match at the end of the subject is found");
	is_int(so, 3, "empty match start is the subject length");
	is_int(eo, 3, "empty match end equals its start");
	isms_re_free(re);
}

static void test_limits(void)
{
	isms_re *re = compile("^(a+)+$");
	char s[64];

	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 2] = 'b';
	s[sizeof(s) - 1] = '\0';
	/* With JIT or not, PCRE2's limits stop this; it must not hang. */
	ok(isms_re_match(re, s, strlen(s)) <= 0,
		"catastrophic backtracking ends in no match or an error");
	isms_re_free(re);
	isms_re_free(NULL);
	ok(1, "freeing NULL is a no-op");
}

struct worker {
	const isms_re *re;
	int hits;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char line[64];
	int i;

	for (i = 0; i < 2000; i++) {
		snprintf(line, sizeof(line), "Process Definition %d", i);
		w->hits += isms_re_match(w->re, line, strlen(line)) == 1;
		w->hits -= isms_re_match(w->re, "Scope", 5) != 0;
	}
	return NULL;
}

static void test_threads(void)
{
	isms_re *re = compile("(?i)^process(es)?\\s+definition");
	struct worker w[4];
	pthread_t t[4];
	int i, all = 1;

	for (i = 0; i < 4; i++) {
		w[i].re = re;
		w[i].hits = 0;
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		all &= w[i].hits == 2000;
	}
	ok(all, "one compiled pattern matches correctly from four threads");
	isms_re_free(re);
}

int main(void)
{
	test_compile_errors();
	test_match();
	test_embedded_nul();
	test_invalid_utf8_subject();
	test_find();
	test_limits();
	test_threads();
	return done_testing();
}
