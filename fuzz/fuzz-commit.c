/*
 * fuzz-commit.c - libFuzzer target: any bytes are a raw commit object.
 * Runs the commit parser, the ident parser and the signature split on
 * them and checks the promises isms.h makes about their results (spans
 * inside the input, ids in hex, a payload that no longer holds a
 * signature); abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char *lo, *hi;   /* the input, for span checks */

static void check_span(const char *p, size_t len)
{
	CHECK(p >= lo && p <= hi && len <= (size_t)(hi - p));
}

static void check_hex(const char *hex)
{
	CHECK(strlen(hex) == ISMS_GITOBJ_HEXSZ);
	CHECK(strspn(hex, "0123456789abcdef") == ISMS_GITOBJ_HEXSZ);
}

static void check_ident(const isms_gitobj_ident *id)
{
	check_span(id->name, id->name_len);
	check_span(id->email, id->email_len);
	CHECK(!memchr(id->name, '\n', id->name_len));
	CHECK(!memchr(id->name, '<', id->name_len));
	CHECK(id->name_len == 0 || (id->name[id->name_len - 1] != ' ' &&
		id->name[id->name_len - 1] != '\t'));
	CHECK(!memchr(id->email, '\n', id->email_len));
	CHECK(!memchr(id->email, '>', id->email_len));
	CHECK(id->time >= 0);
	CHECK(id->tz >= -(99 * 60 + 99) && id->tz <= 99 * 60 + 99);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl;
	isms_buf payload = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	isms_buf payload2 = ISMS_BUF_INIT, sig2 = ISMS_BUF_INIT;
	isms_gitobj_commit c, c2;
	isms_gitobj_ident id;
	unsigned char raw[ISMS_GITOBJ_RAWSZ];
	char hex[ISMS_GITOBJ_HEXSZ + 1];
	size_t i;
	int rc;

	lo = p;
	hi = p + size;

	/* The first line as a person line, as the parsers pass them. */
	nl = memchr(p, '\n', size);
	if (isms_gitobj_ident_parse(&id, p, nl ? (size_t)(nl - p) : size) == 0)
		check_ident(&id);
	else
		CHECK(id.name_len == 0 && id.email_len == 0 && id.time == 0);

	rc = isms_gitobj_commit_parse(&c, p, size);
	CHECK(rc == 0 || rc == -1);
	if (rc == 0) {
		check_hex(c.tree);
		CHECK(!strncmp(p, "tree ", 5));
		check_span(c.parents, c.nparents * 48);
		for (i = 0; i < c.nparents; i++) {
			CHECK(!memcmp(c.parents + i * 48, "parent ", 7));
			CHECK(isms_gitobj_commit_parent(raw, &c, i) == 0);
			isms_gitobj_hex(hex, raw);
			CHECK(!strncasecmp(hex, c.parents + i * 48 + 7, 40));
		}
		CHECK(isms_gitobj_commit_parent(raw, &c, c.nparents) == -1);
		check_ident(&c.author);
		check_ident(&c.committer);
		check_span(c.message, c.message_len);
		CHECK(c.message_len == 0 || c.message + c.message_len == hi);
		CHECK(c.message_len == 0 || c.message[-1] == '\n');
	}

	CHECK(isms_gitobj_commit_signature(&payload, &sig, p, size) == 0);
	CHECK(payload.len + sig.len <= size);
	CHECK(sig.len == 0 || payload.len < size);
	CHECK(payload.len != size || (sig.len == 0 &&
		(size == 0 || !memcmp(payload.ptr, p, size))));
	if (rc == 0 && sig.len > 0)
		CHECK(c.is_signed);
	/* The payload carries no signature header any more: a second split
	 * leaves it as it is. */
	CHECK(isms_gitobj_commit_signature(&payload2, &sig2, payload.ptr,
		payload.len) == 0);
	CHECK(sig2.len == 0 && payload2.len == payload.len &&
		(payload.len == 0 || !memcmp(payload2.ptr, payload.ptr, payload.len)));
	if (rc == 0 && payload.len) {
		lo = payload.ptr;
		hi = payload.ptr + payload.len;
		if (isms_gitobj_commit_parse(&c2, payload.ptr, payload.len) == 0) {
			CHECK(!c2.is_signed || !sig.len);
			CHECK(!strcmp(c2.tree, c.tree));
		}
	}

	isms_buf_release(&payload);
	isms_buf_release(&sig);
	isms_buf_release(&payload2);
	isms_buf_release(&sig2);
	return 0;
}
