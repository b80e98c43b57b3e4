/*
 * fuzz-adopt.c - libFuzzer target: the parsers of isms-new adopt (the
 * comply-style block, control strings, Markdown SoA tables) on any input,
 * and the promises model.h makes about them. A broken promise aborts, so
 * the fuzzer reports it like a crash.
 */
#include "model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static int printable_ascii(const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((d[i] < 0x20 && d[i] != '\n') || d[i] >= 0x7f)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	isms_buf ids = ISMS_BUF_INIT, unknown = ISMS_BUF_INIT,
		soa = ISMS_BUF_INIT, problems = ISMS_BUF_INIT;
	size_t yaml_end, body, n;
	char *s;

	/* The block: its "---" line lies inside, the body after it. */
	if (isms_adopt_bare_block(&yaml_end, &body, text, size)) {
		CHECK(yaml_end < body && body <= size);
		CHECK(yaml_end + 3 <= size && !memcmp(text + yaml_end, "---", 3));
		CHECK(yaml_end == 0 || text[yaml_end - 1] == '\n');
	}

	/* Control strings: a flow list of as many items as ids. */
	if (!(s = malloc(size + 1)))
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	n = isms_adopt_controls(&ids, &unknown, s);
	CHECK(ids.len >= 2 && ids.ptr[0] == '[' && ids.ptr[ids.len - 1] == ']');
	CHECK(n == 0 || ids.len > 2);
	free(s);

	/* SoA tables: one soa.yml line a row, and YAML that reads back. */
	n = isms_adopt_soa_table(&soa, &problems, "f.md", text, size, 1);
	if (n) {
		size_t lines = 0, i;

		for (i = 0; i < soa.len; i++)
			lines += soa.ptr[i] == '\n';
		CHECK(lines == n);
		if (printable_ascii(data, size)) {
			isms_arena *a = isms_arena_new();
			isms_buf doc = ISMS_BUF_INIT;
			isms_ynode *root = NULL;
			isms_error err = { 0 };

			isms_buf_puts(&doc, "controls:\n");
			isms_buf_add(&doc, soa.ptr, soa.len);
			CHECK(isms_yaml_parse(&root, NULL, a, doc.ptr, doc.len, 1,
				&err) == 0);
			isms_buf_release(&doc);
			isms_arena_free(a);
		}
	}
	isms_buf_release(&ids);
	isms_buf_release(&unknown);
	isms_buf_release(&soa);
	isms_buf_release(&problems);
	return 0;
}
