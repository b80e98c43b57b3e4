/*
 * fuzz-tree.c - libFuzzer target: any bytes are a raw tree object. Reads
 * its entries with isms_gitobj_tree_next and checks the promises isms.h
 * makes: each entry lies inside the input and is exactly what was read
 * past, a malformed one moves nothing, the reading ends; entries compare
 * as an order does. abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	isms_gitobj_tree_entry e, prev;
	int have_prev = 0, rc;
	size_t n = 0;

	for (;;) {
		const char *at = p;
		char mode[16];
		int m;

		rc = isms_gitobj_tree_next(&e, &p, end);
		CHECK(rc == 1 || rc == 0 || rc == -1);
		if (rc == 0)
			CHECK(at == end && p == end);
		if (rc <= 0) {
			CHECK(p == at);
			break;
		}
		/* "<mode> <name>\0<20 bytes>", all of it inside the input. */
		CHECK(e.len > 0 && e.name > at && e.name + e.len < end);
		CHECK(!memchr(e.name, '\0', e.len) && e.name[e.len] == '\0');
		CHECK(p == e.name + e.len + 1 + ISMS_GITOBJ_RAWSZ && p <= end);
		CHECK(!memcmp(e.id, e.name + e.len + 1, ISMS_GITOBJ_RAWSZ));
		CHECK(e.mode < 010000000);
		m = snprintf(mode, sizeof(mode), "%o", e.mode);
		/* The mode as written, but for leading zeros. */
		CHECK(e.name - 1 - at >= m && e.name[-1] == ' ' &&
			!memcmp(e.name - 1 - m, mode, (size_t)m));
		CHECK(isms_gitobj_tree_cmp(&e, &e) == 0);
		if (have_prev)
			CHECK(sign(isms_gitobj_tree_cmp(&prev, &e)) ==
				-sign(isms_gitobj_tree_cmp(&e, &prev)));
		prev = e;
		have_prev = 1;
		CHECK(++n <= size / 24 + 1);
	}
	return 0;
}
