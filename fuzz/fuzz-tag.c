/*
 * fuzz-tag.c - libFuzzer target: any bytes are a raw tag object. Runs
 * isms_gitobj_tag_parse and checks the promises isms.h makes: the spans
 * lie inside the input, payload and signature split it in two at the
 * start of a line, the signature opens with the last armor line there
 * is. abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char *lo, *hi;

static void check_span(const char *p, size_t len)
{
	CHECK(p >= lo && p <= hi && len <= (size_t)(hi - p));
}

static const char *const armor[] = {
	"-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----",
	"-----BEGIN SIGNED MESSAGE-----", "-----BEGIN SSH SIGNATURE-----",
};

static int armor_line(const char *p, const char *end)
{
	size_t i, n;

	for (i = 0; i < 4; i++) {
		n = strlen(armor[i]);
		if ((size_t)(end - p) >= n && !memcmp(p, armor[i], n))
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *q, *nl;
	isms_gitobj_tag t;
	int rc;

	lo = p;
	hi = p + size;
	rc = isms_gitobj_tag_parse(&t, p, size);
	CHECK(rc == 0 || rc == -1);
	if (rc < 0)
		return 0;
	CHECK(!strncmp(p, "object ", 7));
	CHECK(strlen(t.object) == 40 && strspn(t.object, "0123456789abcdef") == 40);
	check_span(t.type, t.type_len);
	check_span(t.name, t.name_len);
	CHECK(!memchr(t.type, '\n', t.type_len) && !memchr(t.name, '\n', t.name_len));
	check_span(t.tagger.name, t.tagger.name_len);
	check_span(t.tagger.email, t.tagger.email_len);
	CHECK(t.has_tagger || (t.tagger.name_len == 0 && t.tagger.time == 0));
	CHECK(t.tagger.time >= 0);
	check_span(t.message, t.message_len);
	CHECK(t.message_len == 0 || t.message + t.message_len <= p + t.payload_len);

	/* Payload and signature: the input cut in two at a line start. */
	CHECK(t.payload_len <= size && t.sig == p + t.payload_len);
	CHECK(t.payload_len + t.sig_len == size);
	CHECK(t.payload_len == 0 || t.payload_len == size || p[t.payload_len - 1] == '\n');
	if (t.sig_len) {
		CHECK(armor_line(t.sig, hi));
		/* No later line opens a signature: git takes the last. */
		for (q = t.sig; (nl = memchr(q, '\n', (size_t)(hi - q))); q = nl + 1)
			CHECK(nl + 1 == hi || !armor_line(nl + 1, hi));
	} else {
		for (q = p; q < hi; q = nl ? nl + 1 : hi) {
			CHECK(!armor_line(q, hi));
			nl = memchr(q, '\n', (size_t)(hi - q));
		}
	}
	return 0;
}
