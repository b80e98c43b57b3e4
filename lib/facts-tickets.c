/*
 * facts-tickets.c - the tracker's tickets judged once: which are closed,
 * which carry the ISMS label, and which record names each. The rules
 * (ticket/unknown, ticket/mismatch, ticket/untracked) and the site's
 * ticket links read these facts; see lib/isms.h.
 */
#include "model.h"

#include <string.h>
#include <strings.h>

static int closed(const isms_config *cfg, const isms_ticket *t)
{
	size_t i;

	if (t->resolved)
		return 1;
	for (i = 0; i < cfg->ntickets_closed; i++)
		if (!strcasecmp(cfg->tickets_closed[i], t->status))
			return 1;
	return 0;
}

/* The `ticket` of a document: a key, or a list of keys. */
static void each_key(const isms_ticket_facts *tf, const isms_doc *d)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "ticket");
	size_t i, n = v && v->kind == ISMS_Y_SEQ ? v->n : 1;

	for (i = 0; v && i < n; i++) {
		const isms_ynode *x = v->kind == ISMS_Y_SEQ ? v->items[i] : v;
		const isms_ticket *t = isms_tickets_find(tf->export,
			isms_yaml_str(x));

		if (t && !tf->tickets[t - tf->export->items].record)
			tf->tickets[t - tf->export->items].record = d;
	}
}

void *isms_facts_make_tickets(const isms_model *m)
{
	isms_ticket_facts *tf = isms_arena_alloc(m->arena, sizeof(*tf));
	size_t i;

	if (!(tf->export = m->tickets))
		return tf;
	tf->n = m->tickets->n;
	tf->tickets = isms_arena_alloc(m->arena, (tf->n + 1) *
		sizeof(*tf->tickets));
	for (i = 0; i < tf->n; i++) {
		const isms_ticket *t = &m->tickets->items[i];

		tf->tickets[i].t = t;
		tf->tickets[i].closed = closed(m->cfg, t);
		tf->tickets[i].labelled = isms_ticket_labelled(t,
			m->cfg->tickets_label);
	}
	for (i = 0; i < m->ndocs; i++)
		each_key(tf, &m->docs[i]);
	return tf;
}

isms_ticket_state isms_facts_ticket(const isms_ticket_fact **fact,
	const isms_model *m, const char *key)
{
	const isms_ticket_facts *tf = isms_facts_tickets(m);
	const isms_ticket *t;

	if (fact)
		*fact = NULL;
	if (!tf->export || !key || !*key)
		return ISMS_TICKET_NONE;
	if (!(t = isms_tickets_find(tf->export, key)))
		return ISMS_TICKET_UNKNOWN;
	if (fact)
		*fact = &tf->tickets[t - tf->export->items];
	return tf->tickets[t - tf->export->items].closed ? ISMS_TICKET_CLOSED :
		ISMS_TICKET_OPEN;
}

const char *isms_ticket_state_name(isms_ticket_state s)
{
	return s == ISMS_TICKET_OPEN ? "open" : s == ISMS_TICKET_CLOSED ?
		"closed" : s == ISMS_TICKET_UNKNOWN ? "not in the export" : "";
}

isms_nc_ticket isms_facts_nc_ticket(const isms_model *m, const isms_doc *d)
{
	isms_ticket_state st;
	int closed_nc;

	if (!d->type || strcmp(d->type, "nonconformity") != 0)
		return ISMS_NC_TICKET_NONE;
	st = isms_facts_ticket(NULL, m, isms_yaml_str(isms_yaml_get(d->fm,
		"ticket")));
	if (st == ISMS_TICKET_NONE)
		return ISMS_NC_TICKET_NONE;
	if (st == ISMS_TICKET_UNKNOWN)
		return ISMS_NC_TICKET_UNKNOWN;
	/* Another status is field/invalid's to report. */
	if (!d->status || (strcmp(d->status, "open") &&
	    strcmp(d->status, "closed")))
		return ISMS_NC_TICKET_NONE;
	closed_nc = !strcmp(d->status, "closed");
	if (closed_nc && st == ISMS_TICKET_OPEN)
		return ISMS_NC_TICKET_STILL_OPEN;
	if (!closed_nc && st == ISMS_TICKET_CLOSED)
		return ISMS_NC_TICKET_CLOSED;
	return ISMS_NC_TICKET_AGREES;
}
