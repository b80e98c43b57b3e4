/*
 * t-message.c - lib/message.c: subjects, git's trailer rules, pull and
 * merge request forms, identities and ticket keys.
 *
 * The trailer cases were checked against `git interpret-trailers --parse
 * --no-divider` (git 2.39, with Approved-by, Reviewed-by and
 * Co-authored-by configured) and `git log --format=%(trailers)`; the few
 * places where the library chooses otherwise say so.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static isms_arena *arena;

/* The trailers of `msg` as "Key=value|Key=value", for one is_str. */
static const char *trailers(const char *msg)
{
	static char out[1024];
	isms_trailer *t = (isms_trailer *)1;
	size_t n = isms_msg_trailers(&t, arena, msg), i, used = 0;

	out[0] = '\0';
	if (n == 0 && t != NULL)
		return "(out not NULL)";
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%s=%s",
			i ? "|" : "", t[i].key, t[i].value);
	return out;
}

static void test_trailers_paragraphs(void)
{
	is_str(trailers("Subject\n\nBody text.\n\nApproved-by: A <a@x>\n"
		"Reviewed-by: R <r@x>\n"),
		"Approved-by=A <a@x>|Reviewed-by=R <r@x>",
		"trailers are read from the last paragraph");
	is_str(trailers("Subject\n\nApproved-by: A <a@x>\n\nClosing prose.\n"),
		"", "trailers in an earlier paragraph are not trailers");
	is_str(trailers("Approved-by: A <a@x>\n"), "",
		"a subject-only message has no trailers, even shaped Key: value");
	is_str(trailers("Subject\nApproved-by: A <a@x>\n"), "",
		"lines of the first paragraph are the title, never trailers");
	is_str(trailers("Subject\n\nKey: v\n\n\n \t\n"), "Key=v",
		"trailing blank and whitespace-only lines are ignored");
	is_str(trailers("\n\nSubject\n\nKey: v\n"), "Key=v",
		"leading blank lines come before the title (as in git log)");
	is_str(trailers("\n\nKey: v\n"), "",
		"after leading blank lines a lone Key: v line is still the title");
	is_str(trailers("Subject\n\nKey: v\n---\nOther: w\n"), "",
		"a --- line is prose, not a patch divider (as in git log)");
	is_str(trailers(""), "", "an empty message has no trailers");
	is_str(trailers(NULL), "", "a NULL message has no trailers");
}

static void test_trailers_counting(void)
{
	is_str(trailers("S\n\nOne\nTwo\nThree\nSigned-off-by: J <j@x>\n"),
		"Signed-off-by=J <j@x>",
		"1 of 4 lines being Signed-off-by is enough (25%%)");
	is_str(trailers("S\n\nOne\nTwo\nThree\nFour\nSigned-off-by: J <j@x>\n"),
		"", "1 of 5 lines being Signed-off-by is not (20%%)");
	is_str(trailers("S\n\nOne\nTwo\nThree\napproved-BY: J <j@x>\n"),
		"approved-BY=J <j@x>",
		"our recognised keys count like git's, case-insensitively");
	is_str(trailers("S\n\nSome prose here\nmore prose\nNote: x\n"), "",
		"a prose paragraph with one Note: x line is not a trailer block");
	is_str(trailers("S\n\nOne\nTwo\nThree\nsigned-off-by: J <j@x>\n"), "",
		"git's Signed-off-by prefix is matched as git writes it");
	is_str(trailers("S\n\nProse\n(cherry picked from commit abc)\n"
		"Key: v\n"), "Key=v",
		"a cherry-pick line marks the block and is not a trailer itself");
	is_str(trailers("S\n\nKey: v\na sentence: with colon\n"), "",
		"a sentence with a colon is prose (the key has a space)");
	is_str(trailers("S\n\nKey: v\n-foo: x\n"), "",
		"a key may not start with '-' (git would accept it)");
	is_str(trailers("S\n\nFixes: #1\nSee: http://x/y\n"),
		"Fixes=#1|See=http://x/y",
		"any Key: value lines make a block when all lines are trailers");
	is_str(trailers("S\n\nKey\t : spaced\nEmpty:\n"), "Key=spaced|Empty=",
		"blanks before the colon leave the key; an empty value is one");
	is_str(trailers("S\n\n# heading\nKey: v\n"), "",
		"'#' lines are message text, not comments to skip");
}

static void test_trailers_lines(void)
{
	is_str(trailers("S\n\nApproved-by: Jane\n  Roe <jr@x>\n\tCISO\n"
		"Key: v\n"), "Approved-by=Jane Roe <jr@x> CISO|Key=v",
		"continuation lines join the trailer above with one space");
	is_str(trailers("S\n\n  indented: x\nKey: v\n"), "",
		"a continuation line first in the paragraph is prose");
	is_str(trailers("S\n\nProse\n cont\nApproved-by: A <a@x>\n"),
		"Approved-by=A <a@x>",
		"a continuation after prose is prose, not part of a trailer");
	is_str(trailers("S\r\n\r\nBody\r\n\r\nApproved-by: A <a@x>\r\n"
		"Key: v\r\n  more\r\n"), "Approved-by=A <a@x>|Key=v more",
		"CRLF line ends: same paragraphs, no CR in values");
	is_str(trailers("S\n\nApproved-by: A <a@x>\nApproved-by: B <b@x>\n"
		"approved-by: C <c@x>\n"),
		"Approved-by=A <a@x>|Approved-by=B <b@x>|approved-by=C <c@x>",
		"several Approved-by trailers are all kept, in order");
	is_str(trailers("S\n\nREVIEWED-BY:   R <r@x>   \n"),
		"REVIEWED-BY=R <r@x>", "keys keep their case; values are trimmed");
	is_str(trailers("S\n\nKey: \xff\xfe\xc3\n"), "Key=\xff\xfe\xc3",
		"invalid UTF-8 in a value is kept as bytes");
}

static void test_trailers_long(void)
{
	size_t big = 1 << 20;
	char *msg = malloc(big + 64);
	isms_trailer *t;

	strcpy(msg, "S\n\nKey: ");
	memset(msg + 8, 'x', big);
	strcpy(msg + 8 + big, "\nSigned-off-by: J <j@x>\n");
	is_int(isms_msg_trailers(&t, arena, msg), 2,
		"a 1 MiB trailer line is read whole");
	ok(strlen(t[0].value) == big, "the long value is not truncated");
	free(msg);
}

static void test_subject(void)
{
	is_str(isms_msg_subject(arena, "Fix the thing  \t\r\n\nBody\n"),
		"Fix the thing", "subject is the first line without trailing blanks");
	is_str(isms_msg_subject(arena, "\n \nFix\n"), "Fix",
		"subject skips leading blank lines");
	is_str(isms_msg_subject(arena, "  Indented"), "  Indented",
		"subject keeps leading blanks and needs no newline");
	is_str(isms_msg_subject(arena, ""), "", "empty message: empty subject");
	is_str(isms_msg_subject(arena, NULL), "", "NULL message: empty subject");
}

/* The pull request number and squash flag as "N/s". */
static const char *pr(const char *msg)
{
	static char out[64];
	int squash = -1;
	long n = isms_msg_pull_request(msg, &squash);

	snprintf(out, sizeof(out), "%ld/%d", n, squash);
	return out;
}

static void test_pull_request_forms(void)
{
	is_str(pr("Merge pull request #12 from org/branch\n\nTitle\n"), "12/0",
		"GitHub merge commit");
	is_str(pr("Merge branch 'f' into 'main'\n\nTitle\n\n"
		"See merge request group/sub/project!34\n"), "34/0",
		"GitLab merge request line anywhere in the message");
	is_str(pr("Merge branch 'f'\n\nSee merge request a/b!3\n\n"
		"See merge request a/b!4\n"), "4/0",
		"GitLab: the last merge request line is the merge's own");
	is_str(pr("Merged in feature/x (pull request #56)\n\nApproved-by: A\n"),
		"56/0", "Bitbucket merge commit");
	is_str(pr("Merge pull request 'Add policy' (#78) from fix into main\n"),
		"78/0", "Gitea merge commit");
	is_str(pr("Merge pull request 'Say (#1) from x' (#9) from b into main"),
		"9/0", "Gitea: a number inside the quoted title is not taken");
	is_str(pr("Add access control policy (#90)\n\n* commit one\n"), "90/1",
		"squash or rebase subject ending (#N) sets squash");
	is_str(pr("Add policy (#91)  \r\n"), "91/1",
		"squash form allows trailing blanks and CRLF");
	is_str(pr("\n\nMerge pull request #5 from a/b\n"), "5/0",
		"leading blank lines before the subject are skipped");
	ok(isms_msg_pull_request("Fix (#7)", NULL) == 7,
		"squash may be NULL");
}

static void test_pull_request_numbers(void)
{
	is_str(pr("Merge branch 'x'\n"), "0/0", "Merge branch 'x' is no PR");
	is_str(pr("Fix parser (#abc)\n"), "0/0", "(#abc) is no PR");
	is_str(pr("Fix parser #12\n"), "0/0", "#12 alone is no PR");
	is_str(pr("Fix parser (#0)\n"), "0/0", "(#0) is no PR");
	is_str(pr("Fix parser (#-3)\n"), "0/0", "a negative number is no PR");
	is_str(pr("Fix parser (#99999999999999999999999)\n"), "0/0",
		"a number beyond a long is no PR");
	is_str(pr("Fix parser (#12) and more\n"), "0/0",
		"(#N) must end the subject");
	is_str(pr("Fix parser\n\nSee (#12)\n"), "0/0",
		"(#N) in the body is not the squash form");
	is_str(pr("Merge pull request #12\n"), "0/0",
		"GitHub form without \" from branch\" is no PR");
	is_str(pr("Merge pull request #x12 from a/b\n"), "0/0",
		"GitHub form without digits is no PR");
	is_str(pr("Merge\n\nSee merge request group/project!0\n"), "0/0",
		"GitLab !0 is no merge request");
	is_str(pr("Merge\n\nSee merge request !12\n"), "0/0",
		"GitLab line without a project path is no merge request");
	is_str(pr("Merge\n\nPlease See merge request a/b!12\n"), "0/0",
		"GitLab text must start the line");
	is_str(pr("Merged in x (pull request #abc)\n"), "0/0",
		"Bitbucket form without digits is no PR");
	is_str(pr(""), "0/0", "empty message: no PR");
	is_str(pr(NULL), "0/0", "NULL message: no PR");
}

/* isms_msg_ident as "rc|name|email". */
static const char *ident(const char *value)
{
	static char out[256];
	const char *name = "unset", *email = "unset";
	int rc = isms_msg_ident(&name, &email, arena, value);

	snprintf(out, sizeof(out), "%d|%s|%s", rc, name ? name : "(null)",
		email ? email : "(null)");
	return out;
}

static void test_ident(void)
{
	is_str(ident("Jane Roe <jane@example.com>"),
		"0|Jane Roe|jane@example.com", "Name <email> splits in two");
	is_str(ident("<jane@example.com>"), "0||jane@example.com",
		"<email> alone gives an empty name");
	is_str(ident("  Jane Roe   < jane@example.com >  "),
		"0|Jane Roe|jane@example.com", "leading and trailing blanks trimmed");
	is_str(ident("Jane Roe"), "-1|(null)|(null)",
		"no <email>: -1 and both outputs NULL");
	is_str(ident("Jane <jane@example.com"), "-1|(null)|(null)",
		"no closing '>': -1");
	is_str(ident("Jane jane@example.com>"), "-1|(null)|(null)",
		"no opening '<': -1");
	is_str(ident("Jane <jane.example.com>"), "-1|(null)|(null)",
		"an email without '@': -1");
	is_str(ident("Jane <@example.com>"), "-1|(null)|(null)",
		"an email with nothing before '@': -1");
	is_str(ident("Jane <>"), "-1|(null)|(null)", "an empty email: -1");
	is_str(ident("Jane <j@x> (CISO)"), "-1|(null)|(null)",
		"text after the email: -1");
	is_str(ident("Jane <j@x> <k@y>"), "-1|(null)|(null)",
		"two emails: -1");
	is_str(ident("Jane <j @x>"), "-1|(null)|(null)",
		"a blank inside the email: -1");
	is_str(ident("Jane\nRoe <j@x>"), "-1|(null)|(null)",
		"a value of two lines: -1");
	is_str(ident(NULL), "-1|(null)|(null)", "NULL value: -1");
}

static void test_tickets(void)
{
	isms_re *re = NULL;
	isms_error err;
	const char **keys = NULL;
	size_t n = 0;

	memset(&err, 0, sizeof(err));
	if (isms_re_compile(&re, "\\b[A-Z][A-Z0-9]+-[0-9]+\\b", &err) < 0)
		printf("# compile: %s\n", err.msg);

	isms_msg_tickets(&keys, &n, arena, re, "Fix ISMS-12 and OPS-3\n\n"
		"Refs ISMS-12, SEC2-7; not isms-5 or X-1 or ABC-\n");
	is_int(n, 3, "tickets: three distinct keys found");
	is_str(keys[0], "ISMS-12", "tickets: first key first");
	is_str(keys[1], "OPS-3", "tickets: order of first appearance");
	is_str(keys[2], "SEC2-7", "tickets: a repeated key is kept once");
	ok(keys[3] == NULL, "tickets: the array is NULL-terminated");

	isms_msg_tickets(&keys, &n, arena, re, "Merge pull request #4\n\n"
		"OPS-3 done, see AUD-1\n");
	is_int(n, 4, "tickets: a second message adds only new keys");
	is_str(keys[3], "AUD-1", "tickets: accumulated keys are appended");
	ok(keys[4] == NULL, "tickets: still NULL-terminated after appending");

	isms_msg_tickets(&keys, &n, arena, re, "nothing here");
	is_int(n, 4, "tickets: a message without keys adds none");

	keys = NULL;
	n = 0;
	isms_msg_tickets(&keys, &n, arena, re, NULL);
	ok(keys != NULL && keys[0] == NULL && n == 0,
		"tickets: a NULL message leaves an empty NULL-terminated array");
	isms_msg_tickets(&keys, &n, arena, NULL, "ISMS-1");
	is_int(n, 0, "tickets: no pattern finds nothing");
	isms_msg_tickets(&keys, &n, arena, re, "\xff ISMS-9 \xc3(");
	is_int(n, 1, "tickets: keys are found around invalid UTF-8");
	isms_re_free(re);

	/* A pattern that can match empty must still move on. */
	memset(&err, 0, sizeof(err));
	isms_re_compile(&re, "[A-Z]*", &err);
	keys = NULL;
	n = 0;
	isms_msg_tickets(&keys, &n, arena, re, "ab \xc3\xa9 CD ab CD");
	is_int(n, 1, "tickets: empty matches are skipped, not looped on");
	is_str(keys[0], "CD", "tickets: the non-empty match is found");
	isms_re_free(re);
}

int main(void)
{
	arena = isms_arena_new();
	test_trailers_paragraphs();
	test_trailers_counting();
	test_trailers_lines();
	test_trailers_long();
	test_subject();
	test_pull_request_forms();
	test_pull_request_numbers();
	test_ident();
	test_tickets();
	isms_arena_free(arena);
	return done_testing();
}
