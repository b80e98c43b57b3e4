/*
 * rules-evidence.c - the rules on evidence kept outside the documents:
 * the tracker's export (ticket/unknown, ticket/mismatch, ticket/untracked)
 * and the starter templates (template/unchanged). Each reads its facts
 * (lib/facts-tickets.c, lib/facts-template.c); none judges anew.
 */
#include "rule-check.h"

#include <string.h>

/* A non-conformity's ticket against the export: there, and in the same
 * state as the record. Silent without an export. */
void isms_rule_tickets(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	const isms_ynode *ticket = isms_yaml_get(d->fm, "ticket");
	const char *key = isms_yaml_str(ticket);
	isms_nc_ticket st = isms_facts_nc_ticket(m, d);

	if (st == ISMS_NC_TICKET_UNKNOWN)
		isms_report_rule(r, d->path, ticket->line, ticket->col,
			ISMS_RULE_TICKET_UNKNOWN, "ticket %s is not in the tracker "
			"export %s (does it exist, and carry the label \"%s\"?)", key,
			m->tickets->path, m->cfg->tickets_label ?
			m->cfg->tickets_label : "");
	else if (st == ISMS_NC_TICKET_STILL_OPEN)
		isms_report_rule(r, d->path, ticket->line, ticket->col,
			ISMS_RULE_TICKET_MISMATCH, "the non-conformity is closed but "
			"its ticket %s is still open in the tracker", key);
	else if (st == ISMS_NC_TICKET_CLOSED)
		isms_report_rule(r, d->path, ticket->line, ticket->col,
			ISMS_RULE_TICKET_MISMATCH, "the non-conformity is open but "
			"its ticket %s is closed in the tracker: close the record "
			"with its verification, or reopen the ticket", key);
}

/* Every ticket with the ISMS label is named by a record. */
void isms_rule_untracked(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_ticket_facts *tf = isms_facts_tickets(cx->m);
	size_t i;

	for (i = 0; i < tf->n; i++) {
		const isms_ticket_fact *f = &tf->tickets[i];

		if (!f->labelled || f->record)
			continue;
		isms_report_rule(r, tf->export->path, f->t->line, f->t->col,
			ISMS_RULE_TICKET_UNTRACKED, "ticket %s (%s) carries the label "
			"\"%s\" but no record names it in \"ticket:\"", f->t->key,
			f->closed ? "closed" : "open", cx->m->cfg->tickets_label);
	}
}

/* A document that is still, to ISMS_TEMPLATE_UNCHANGED_PERCENT of its
 * lines, the starter template it came from. */
void isms_rule_templates(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	size_t i;

	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *doc = &m->docs[i];
		const isms_template_match *t;

		if (!doc->has_fm || !(t = isms_facts_template(m, doc)) ||
		    t->percent < ISMS_TEMPLATE_UNCHANGED_PERCENT)
			continue;
		isms_report_rule(r, doc->path, doc->body_line, 1,
			ISMS_RULE_TEMPLATE_UNCHANGED, "%d%% of the body's lines "
			"(%zu of %zu) are still the starter template %s (matched by "
			"%s): write what this organisation really does",
			t->percent, t->shared, t->lines, t->template,
			t->by_id ? "id" : "path");
	}
}
