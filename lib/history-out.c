/*
 * history-out.c - a document's version history with its approval records,
 * as text or JSON (isms-render history).
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void isms_time_iso(char out[21], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *isms_approval_name(isms_approval_kind k)
{
	static const char *const names[] = { "none", "merge", "trailer",
		"forge-review", "tag" };

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "none";
}

void isms_approver_detail(isms_buf *out, const isms_approver *a, int evidence)
{
	const char *src = isms_approval_name(a->source),
		*ev = isms_evidence_name(a->evidence);

	isms_buf_puts(out, a->role ? a->role : "(null)");
	isms_buf_puts(out, ", ");
	isms_buf_puts(out, src);
	if (evidence && strcmp(ev, src)) {   /* a forge review is one */
		isms_buf_puts(out, ", ");
		isms_buf_puts(out, ev);
	}
	if (!a->counts)
		isms_buf_puts(out, ", below approval.require");
	if (a->why) {
		isms_buf_puts(out, "; ");
		isms_buf_puts(out, a->why);
	}
}

const char *isms_evidence_name(isms_evidence e)
{
	static const char *const names[] = { "none", "claimed", "forge-review",
		"signed" };

	return (size_t)e < sizeof(names) / sizeof(names[0]) ? names[e] : "none";
}

/* "key":"value", NULL as "". */
static void json_str(isms_buf *out, const char *key, const char *value)
{
	isms_buf_json_field(out, key, value ? value : "", 0);
}

void isms_change_json(isms_buf *out, const isms_change *c, const char *version)
{
	char t[21];
	size_t i;

	isms_buf_puts(out, "{");
	json_str(out, "commit", c->commit);
	isms_time_iso(t, c->time);
	isms_buf_puts(out, ",");
	json_str(out, "date", t);
	isms_time_iso(t, c->landed);
	isms_buf_puts(out, ",");
	json_str(out, "landed", t);
	isms_buf_puts(out, ",\"author\":{");
	json_str(out, "name", c->author);
	isms_buf_puts(out, ",");
	json_str(out, "email", c->author_email);
	isms_buf_puts(out, "},");
	json_str(out, "subject", c->subject);
	isms_buf_puts(out, ",");
	json_str(out, "path", c->path);
	isms_buf_puts(out, ",");
	json_str(out, "version", version);
	if (c->merge[0]) {
		isms_buf_puts(out, ",");
		json_str(out, "merge", c->merge);
	} else {
		isms_buf_puts(out, ",\"merge\":null");
	}
	if (c->pr)
		isms_buf_printf(out, ",\"pull_request\":%ld", c->pr);
	else
		isms_buf_puts(out, ",\"pull_request\":null");
	isms_buf_puts(out, ",");
	json_str(out, "approval", isms_approval_name(c->approval));
	isms_buf_puts(out, ",");
	json_str(out, "evidence", isms_evidence_name(c->evidence));
	isms_buf_puts(out, ",\"approvers\":[");
	for (i = 0; i < c->napprovers; i++) {
		const isms_approver *a = &c->approvers[i];
		isms_buf_puts(out, i ? ",{" : "{");
		json_str(out, "name", a->name);
		isms_buf_puts(out, ",");
		json_str(out, "email", a->email);
		isms_buf_puts(out, ",");
		json_str(out, "role", a->role);
		isms_buf_puts(out, ",");
		json_str(out, "source", isms_approval_name(a->source));
		isms_buf_puts(out, ",");
		json_str(out, "evidence", isms_evidence_name(a->evidence));
		isms_buf_printf(out, ",\"counts\":%s", a->counts ? "true" : "false");
		isms_buf_json_field(out, "why", a->why, 1);
		isms_buf_puts(out, "}");
	}
	isms_buf_printf(out, "],\"self_approved\":%s,\"evil_merge\":%s,\"tickets\":[",
		c->self_only ? "true" : "false", c->evil ? "true" : "false");
	for (i = 0; i < c->ntickets; i++) {
		isms_buf_puts(out, i ? ",\"" : "\"");
		isms_buf_json(out, c->tickets[i]);
		isms_buf_puts(out, "\"");
	}
	isms_buf_puts(out, "]}");
}

static void text_change(isms_buf *out, const isms_change *c, const char *version,
	const char *path)
{
	char t[21];
	size_t i;

	isms_time_iso(t, c->time);
	isms_buf_printf(out, "%.10s  %.10s  %-6s %s <%s>  %s\n", c->commit, t,
		*version ? version : "-", c->author, c->author_email, c->subject);
	isms_buf_puts(out, "            ");
	if (c->approval == ISMS_APPROVAL_NONE)
		isms_buf_puts(out, c->self_only ? "approved only by its author" :
			"not approved");
	for (i = 0; i < c->napprovers; i++) {
		isms_buf_printf(out, "%s%s <%s> (", i ? ", " :
			c->approval == ISMS_APPROVAL_NONE ? ": " : "approved by ",
			c->approvers[i].name, c->approvers[i].email);
		isms_approver_detail(out, &c->approvers[i], 1);
		isms_buf_putc(out, ')');
	}
	if (c->pr)
		isms_buf_printf(out, "; pull request #%ld", c->pr);
	if (c->merge[0])
		isms_buf_printf(out, "; merged in %.10s", c->merge);
	else
		isms_buf_puts(out, "; committed straight to the branch");
	for (i = 0; i < c->ntickets; i++)
		isms_buf_printf(out, "%s%s", i ? ", " : "; tickets ", c->tickets[i]);
	if (c->evil)
		isms_buf_puts(out, "; changed by the merge itself");
	if (strcmp(c->path, path))
		isms_buf_printf(out, "; as %s", c->path);
	isms_buf_putc(out, '\n');
}

void isms_history_write(isms_buf *out, const isms_model *m,
	const isms_doc_history *dh, int json)
{
	isms_arena *a = isms_arena_new();
	const isms_doc *d = isms_model_doc(m, dh->path);
	const char *id = d && d->id ? d->id : "";
	size_t i;

	if (json) {
		isms_buf_puts(out, "{");
		json_str(out, "path", dh->path);
		isms_buf_puts(out, ",");
		json_str(out, "id", id);
		isms_buf_puts(out, ",\"changes\":[");
	} else {
		isms_buf_printf(out, "%s%s%s: %zu change%s\n", dh->path, *id ? " " : "",
			id, dh->n, dh->n == 1 ? "" : "s");
	}
	for (i = 0; i < dh->n; i++) {
		const char *v = dh->changes[i].version ? dh->changes[i].version :
			isms_version_at(m->src, dh->changes[i].blob, a);
		if (json) {
			if (i)
				isms_buf_puts(out, ",");
			isms_change_json(out, &dh->changes[i], v);
		} else {
			text_change(out, &dh->changes[i], v, dh->path);
		}
	}
	isms_buf_puts(out, json ? "]}" : "");
	isms_arena_free(a);
}

/* Work over every document's history on -j threads: each takes the next
 * document and runs `fn` on it with its own arena. */
struct each {
	const isms_model *m;
	void (*fn)(struct each *, size_t doc, isms_arena *a);
	isms_buf *parts;
	int json;
	int nt;
	isms_arena *arenas[ISMS_POOL_MAX];
};

static int each_one(void *arg, int t, size_t i)
{
	struct each *e = arg;

	e->fn(e, i, e->arenas[t]);
	return 0;
}

static void each_doc(struct each *e)
{
	int t;

	e->nt = isms_pool_size(e->m->jobs, e->m->history->ndocs, 0);
	for (t = 0; t < e->nt; t++)
		e->arenas[t] = isms_arena_new();
	isms_pool_run(e->nt, e->m->history->ndocs, 1, each_one, e);
}

static void write_one(struct each *e, size_t i, isms_arena *a)
{
	(void)a;
	isms_history_write(&e->parts[i], e->m, &e->m->history->docs[i], e->json);
}

/* Every document's history, written on every core (each change's version
 * is a blob to read and parse) into one buffer per document, then joined
 * in path order. */
void isms_history_write_all(isms_buf *out, const isms_model *m, int json)
{
	struct each e = { .m = m, .fn = write_one, .json = json };
	size_t i, n = m->history->ndocs;
	int t, g;

	e.parts = calloc(n + 1, sizeof(*e.parts));
	if (!e.parts)
		abort();
	for (i = 0; i < n; i++)
		isms_buf_init(&e.parts[i]);
	each_doc(&e);
	/* The documents, then the governed files (JSON: "governed"). */
	for (g = 0; g < 2; g++) {
		int first = 1;

		isms_buf_puts(out, json ? (g ? ",\"governed\":[" :
			"{\"documents\":[") : "");
		for (i = 0; i < n; i++) {
			if (m->history->docs[i].governed != g)
				continue;
			if (!first || (g && !json && out->len))
				isms_buf_puts(out, json ? "," : "\n");
			first = 0;
			isms_buf_add(out, e.parts[i].ptr,
				e.parts[i].len);
			isms_buf_release(&e.parts[i]);
		}
		isms_buf_puts(out, json ? "]" : "");
	}
	isms_buf_puts(out, json ? "}\n" : "");
	free(e.parts);
	for (t = 0; t < e.nt; t++)
		isms_arena_free(e.arenas[t]);
}

static void read_one(struct each *e, size_t i, isms_arena *a)
{
	isms_doc_history *dh = &e->m->history->docs[i];
	size_t k;

	for (k = 0; k < dh->n; k++)
		dh->changes[k].version = isms_version_at(e->m->src,
			dh->changes[k].blob, a);
}

void isms_history_read_versions(const isms_model *m)
{
	struct each e = { .m = m, .fn = read_one };
	isms_history *h = m->history;
	int t;

	if (!h || !h->ndocs)
		return;
	each_doc(&e);
	/* The versions live as long as the history: it keeps the arenas. */
	h->arenas = realloc(h->arenas, (size_t)(h->narenas + e.nt) *
		sizeof(*h->arenas));
	if (!h->arenas)
		abort();
	for (t = 0; t < e.nt; t++)
		h->arenas[h->narenas++] = e.arenas[t];
}
