/*
 * fuzz-message.c - libFuzzer target: any bytes are a commit message. Runs
 * the subject, trailer, pull-request, identity and ticket functions on it
 * and checks the promises isms.h makes about their results; abort() makes
 * a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static isms_re *ticket_re;

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* No line break inside, no blanks at the end (nor the start, if `both`). */
static void check_trimmed(const char *s, int both)
{
	size_t len;

	CHECK(s && !strchr(s, '\n'));
	len = strlen(s);
	CHECK(len == 0 || !blank(s[len - 1]));
	CHECK(!both || len == 0 || !blank(s[0]));
}

static void check_ident(isms_arena *a, const char *value)
{
	const char *name, *email;

	if (isms_msg_ident(&name, &email, a, value) < 0) {
		CHECK(!name && !email);
		return;
	}
	check_trimmed(name, 1);
	check_trimmed(email, 1);
	CHECK(!strchr(name, '<') && !strchr(name, '>'));
	CHECK(email[0] && email[0] != '@' && strchr(email, '@'));
	CHECK(!strpbrk(email, "<> \t"));
}

static void check_trailers(isms_arena *a, const char *msg)
{
	isms_trailer *t;
	size_t n = isms_msg_trailers(&t, a, msg), i, k;

	CHECK((n == 0) == (t == NULL));
	for (i = 0; i < n; i++) {
		/* Keys are [A-Za-z0-9][A-Za-z0-9-]*, as the rules are written. */
		k = strspn(t[i].key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"abcdefghijklmnopqrstuvwxyz0123456789-");
		CHECK(k > 0 && t[i].key[k] == '\0' && t[i].key[0] != '-');
		check_trimmed(t[i].value, 1);
		check_ident(a, t[i].value);
	}
}

static void check_tickets(isms_arena *a, const char *msg)
{
	const char **keys = NULL;
	size_t n = 0, i, j, first;

	/* Twice: the second call must find every key already there. */
	isms_msg_tickets(&keys, &n, a, ticket_re, msg);
	first = n;
	isms_msg_tickets(&keys, &n, a, ticket_re, msg);
	CHECK(keys && n == first && keys[n] == NULL);
	for (i = 0; i < n && i < 64; i++) {
		CHECK(keys[i][0] && strstr(msg, keys[i]));
		for (j = 0; j < i; j++)
			CHECK(strcmp(keys[i], keys[j]) != 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_arena *a;
	char *msg;
	const char *subject;
	int squash = -1;
	long pr;

	if (!ticket_re &&
	    isms_re_compile(&ticket_re, "\\b[A-Z][A-Z0-9]+-[0-9]+\\b", NULL) < 0)
		abort();
	msg = malloc(size + 1);
	if (!msg)
		return 0;
	memcpy(msg, data, size);
	msg[size] = '\0';
	a = isms_arena_new();

	subject = isms_msg_subject(a, msg);
	check_trimmed(subject, 0);
	CHECK(strlen(subject) <= strlen(msg));

	pr = isms_msg_pull_request(msg, &squash);
	CHECK(pr >= 0 && (squash == 0 || (squash == 1 && pr > 0)));
	CHECK(isms_msg_pull_request(msg, NULL) == pr);

	check_trailers(a, msg);
	check_ident(a, msg);
	check_tickets(a, msg);

	isms_arena_free(a);
	free(msg);
	return 0;
}
