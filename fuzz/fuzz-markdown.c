/*
 * fuzz-markdown.c - libFuzzer target for isms_md_parse.
 *
 * Any bytes are a Markdown body. Each input gets a new arena, every field
 * of the result is read (so ASan sees any bad pointer), and the invariants
 * the rules rely on are checked: abort() makes a violation a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_LINE 4   /* as after a three-line front matter */

static void check(int cond)
{
	if (!cond)
		abort();
}

static size_t touch_headings(const isms_md *md)
{
	size_t i, sum = 0;
	int prev = FIRST_LINE;

	for (i = 0; i < md->nheadings; i++) {
		const isms_heading *h = &md->headings[i];
		check(h->level >= 1 && h->level <= 6);
		check(h->line >= prev && h->col >= 1);
		check(h->end_line >= h->line);
		check(h->empty == 0 || h->empty == 1);
		check(h->text && h->anchor);
		prev = h->line;
		sum += strlen(h->text) + strlen(h->anchor) + (size_t)h->col;
	}
	return sum;
}

static size_t touch_links(const isms_md *md)
{
	size_t i, sum = 0;

	for (i = 0; i < md->nlinks; i++) {
		const isms_link *k = &md->links[i];
		check(k->line >= FIRST_LINE && k->col >= 1);
		check(k->url && (k->image == 0 || k->image == 1));
		sum += strlen(k->url) + (size_t)k->line;
	}
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_arena *a = isms_arena_new();
	isms_error err = { 0 };
	isms_md *md = NULL;
	volatile size_t sink;

	/* The first byte's low bit chooses markdown.heading_ids. */
	int flags = size && (data[0] & 1) ? ISMS_MD_HEADING_IDS : 0;

	if (isms_md_parse(&md, a, (const char *)data, size, FIRST_LINE, flags,
	    &err) == 0)
		sink = touch_headings(md) + touch_links(md);
	else
		sink = strlen(err.msg);
	(void)sink;
	isms_arena_free(a);
	return 0;
}
