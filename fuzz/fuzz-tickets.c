/*
 * fuzz-tickets.c - libFuzzer target: any bytes are a tracker export, read
 * as CSV (path tickets.csv) and as JSON lines (tickets.jsonl), and by
 * content (a path without an extension). Checks what isms.h promises: on
 * success a table sorted by key, each key once, non-empty and without
 * blanks, every string terminated, positions 1-based; on failure an error
 * with a message and no table. abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static void one(isms_arena *a, const char *path, const char *text,
	size_t size)
{
	isms_tickets *t = NULL;
	isms_error err = { 0 };
	size_t i, k;

	if (isms_tickets_parse(&t, a, path, text, size, &err) < 0) {
		CHECK(!t && err.msg[0] && !strcmp(err.path, path));
		return;
	}
	CHECK(t && (t->format == ISMS_TICKETS_CSV ||
		t->format == ISMS_TICKETS_JSONL));
	for (i = 0; i < t->n; i++) {
		const isms_ticket *tk = &t->items[i];

		CHECK(tk->key && tk->key[0] && !strpbrk(tk->key, " \t\r\n"));
		CHECK(tk->status && tk->line >= 1 && tk->col >= 1);
		CHECK(!tk->resolved || tk->resolved[0]);
		CHECK(i == 0 || strcmp(t->items[i - 1].key, tk->key) < 0);
		CHECK(isms_tickets_find(t, tk->key) == tk);
		for (k = 0; k < tk->nlabels; k++)
			CHECK(tk->labels[k] && tk->labels[k][0] &&
				isms_ticket_labelled(tk, tk->labels[k]));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_arena *a = isms_arena_new();
	char *text = malloc(size ? size : 1);   /* no terminator: lengths rule */

	if (!text)
		return 0;
	memcpy(text, data, size);
	one(a, "tickets.csv", text, size);
	one(a, "tickets.jsonl", text, size);
	one(a, "export/tickets", text, size);
	isms_arena_free(a);
	free(text);
	return 0;
}
