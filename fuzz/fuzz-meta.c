/*
 * fuzz-meta.c - libFuzzer target for isms_html_drop_meta, the pass that
 * takes every <meta> tag out of raw HTML under --unsafe.
 *
 * Any bytes are HTML. The output must hold no meta start tag ("<meta" in
 * any case followed by a space, "/", ">" or the end), and dropping is
 * idempotent: a second pass changes nothing.
 */
#include "base.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int has_meta(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 5 <= n; i++)
		if (!strncasecmp(p + i, "<meta", 5) && (i + 5 == n ||
		    (p[i + 5] && strchr(" \t\n\f\r/>", p[i + 5]))))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_buf once = ISMS_BUF_INIT, twice = ISMS_BUF_INIT;

	isms_html_drop_meta(&once, (const char *)data, size);
	if (once.len && has_meta(once.ptr, once.len))
		abort();
	isms_html_drop_meta(&twice, once.ptr ? once.ptr : "", once.len);
	if (twice.len != once.len || (once.len &&
	    memcmp(once.ptr, twice.ptr, once.len)))
		abort();
	isms_buf_release(&once);
	isms_buf_release(&twice);
	return 0;
}
