/*
 * site-common.c - what the pages of the site share: the pieces of HTML
 * they are written with (dates, values, badges, owners, links). The facts
 * they show (the review state, records, training) are the model's
 * (lib/facts.c), the ones the rules judge by.
 */
#include "site.h"

#include <string.h>

/* ---------------------------------------------------------------- pieces */

void isms_site_put_date(isms_buf *o, long day)
{
	char s[11];

	if (day < 0) {
		isms_buf_puts(o, "\xe2\x80\x94");
		return;
	}
	isms_date_format(s, day);
	isms_buf_puts(o, s);
}

/* A value, or a dash when there is none. */
void isms_site_put_value(isms_buf *o, const char *s)
{
	if (s && *s)
		isms_html_text(o, s);
	else
		isms_buf_puts(o, "<span class=\"muted\">\xe2\x80\x94</span>");
}

void isms_site_put_badge(isms_buf *o, const char *cls, const char *text)
{
	isms_buf_puts(o, "<span class=\"state ");
	isms_buf_puts(o, cls);
	isms_buf_puts(o, "\">");
	isms_html_text(o, text);
	isms_buf_puts(o, "</span>");
}

/* The status as written, except that "approved" shows only while the
 * text in force is approved (isms_facts_in_force): over a change with no
 * approval it is "change pending approval", over a text no change of
 * which was ever approved "not approved". `full` adds why. */
void isms_site_put_status(isms_buf *o, const struct site *s, const isms_doc *d,
	int full)
{
	const isms_model *m = s->m;
	const char *status = d->status;
	const isms_review *rv;

	if (!status) {
		isms_site_put_value(o, NULL);
		return;
	}
	if (strcmp(status, "approved")) {
		isms_site_put_badge(o, !strcmp(status, "draft") ? "warn" : "none",
			status);
		return;
	}
	switch (isms_facts_in_force(m, d)) {
	case ISMS_IN_FORCE_CHANGED:
		rv = isms_facts_review(m, d);
		isms_site_put_badge(o, "warn", "change pending approval");
		if (full) {
			isms_buf_printf(o, " <span class=\"muted\">the status says "
				"approved, but %zu change%s since the approval in ",
				rv->unapproved, rv->unapproved == 1 ? "" : "s");
			isms_site_put_commit(o, s, rv->approved->commit);
			isms_buf_printf(o, " ha%s none</span>",
				rv->unapproved == 1 ? "s" : "ve");
		}
		break;
	case ISMS_IN_FORCE_UNMERGED:
		isms_site_put_badge(o, "warn", "change pending approval");
		if (full)
			isms_buf_puts(o, " <span class=\"muted\">the status says "
				"approved, but this text is not the approval branch's: "
				"an edit not merged yet</span>");
		break;
	case ISMS_IN_FORCE_NEVER:
		isms_site_put_badge(o, "bad", "not approved");
		if (full)
			isms_buf_puts(o, " <span class=\"muted\">the status says "
				"approved, but no change of it has an approval</span>");
		break;
	default:
		isms_site_put_badge(o, "ok", status);
	}
}

/* The review state as a badge; `full` adds the dates. */
void isms_site_put_review(isms_buf *o, const struct site *s,
	const isms_review *rv, int full)
{
	char due[11];

	isms_date_format(due, rv->due >= 0 ? rv->due : 0);
	switch (rv->state) {
	case ISMS_REVIEW_NONE:
		isms_site_put_badge(o, "none", rv->why);
		break;
	case ISMS_REVIEW_NEVER:
		isms_site_put_badge(o, "bad", "never approved");
		break;
	case ISMS_REVIEW_OVERDUE:
		isms_site_put_badge(o, "bad", "overdue");
		if (full)
			isms_buf_printf(o, " the review was due by %s", due);
		break;
	default:
		isms_site_put_badge(o, rv->state == ISMS_REVIEW_SOON ? "warn" : "ok",
			rv->state == ISMS_REVIEW_SOON ? "due soon" : "current");
		if (full)
			isms_buf_printf(o, " next review by %s", due);
	}
	if (full && rv->last >= 0) {
		isms_buf_puts(o, "; last approved ");
		isms_site_put_date(o, rv->last);
		isms_buf_puts(o, " in ");
		isms_site_put_commit(o, s, rv->approved->commit);
	}
	if (rv->unapproved)
		isms_buf_printf(o, " <span class=\"state warn\">%zu unapproved "
			"change%s</span>", rv->unapproved,
			rv->unapproved == 1 ? "" : "s");
}

/* "Jane Roe (ciso)" for a role with a name, else the role key. */
void isms_site_put_owner(isms_buf *o, const isms_config *cfg, const char *key)
{
	const isms_role *r = key ? isms_config_role(cfg, key) : NULL;

	if (!r || !r->name || !*r->name) {
		isms_site_put_value(o, key);
		return;
	}
	isms_html_text(o, r->name);
	isms_buf_puts(o, " <span class=\"muted\">(");
	isms_html_text(o, key);
	isms_buf_puts(o, ")</span>");
}

/* A link from the page at `from` to the page `to`, with text `text`. */
void isms_site_put_link(isms_buf *o, const char *from, const char *to,
	const char *fragment, const char *text)
{
	isms_buf_puts(o, "<a href=\"");
	isms_html_href(o, from, to);
	if (fragment) {
		isms_buf_putc(o, '#');
		isms_html_url(o, fragment);
	}
	isms_buf_puts(o, "\">");
	isms_html_text(o, text);
	isms_buf_puts(o, "</a>");
}

/* A commit id, shortened to 10 characters, linked to the forge's page of
 * it when isms.yml names a forge (isms_forge_url). */
void isms_site_put_commit(isms_buf *o, const struct site *s, const char *sha)
{
	isms_buf url = ISMS_BUF_INIT;
	int linked = isms_forge_url(&url, s->m->cfg, ISMS_FORGE_COMMIT, sha) == 0;

	if (linked) {
		isms_buf_puts(o, "<a href=\"");
		isms_html_text(o, url.ptr);
		isms_buf_puts(o, "\">");
	}
	isms_buf_puts(o, "<code>");
	isms_buf_add(o, sha, strnlen(sha, 10));
	isms_buf_puts(o, "</code>");
	if (linked)
		isms_buf_puts(o, "</a>");
	isms_buf_release(&url);
}

/* A pull request's number as "#N", linked likewise. */
void isms_site_put_pr(isms_buf *o, const struct site *s, long pr)
{
	isms_buf url = ISMS_BUF_INIT;
	char n[24];

	snprintf(n, sizeof(n), "%ld", pr);
	if (isms_forge_url(&url, s->m->cfg, ISMS_FORGE_PULL, n) < 0) {
		isms_buf_putc(o, '#');
		isms_buf_puts(o, n);
	} else {
		isms_buf_puts(o, "<a href=\"");
		isms_html_text(o, url.ptr);
		isms_buf_puts(o, "\">#");
		isms_buf_puts(o, n);
		isms_buf_puts(o, "</a>");
	}
	isms_buf_release(&url);
}

/* ---------------------------------------------------------------- groups */

/* Document types in the order of the table of contents; the others
 * follow in name order, and documents without a type last. */
const struct site_group isms_site_groups[] = {
	{ "policy", "Policies", 0 },
	{ "process", "Processes", 0 },
	{ "procedure", "Procedures", 0 },
	{ "management-review", "Management reviews", 1 },
	{ "internal-audit", "Internal audits", 1 },
	{ "nonconformity", "Non-conformities", 1 },
	{ "training", "Training", 1 },
	{ "kpi", "KPIs", 0 },
	{ "measurement", "Measurements", 1 },
	{ "risk", "Risks", 1 },
};

const size_t isms_site_ngroups =
	sizeof(isms_site_groups) / sizeof(isms_site_groups[0]);

/* Linked through tickets.url when it is a web address (never a javascript:
 * or other URL a configuration could slip in); the key replaces "{key}",
 * or is appended when there is none. */
void isms_site_put_ticket(isms_buf *o, const isms_model *m, const char *key)
{
	const char *url = m->cfg->ticket_url, *k;
	isms_buf pre = ISMS_BUF_INIT;
	isms_ticket_state st = isms_facts_ticket(NULL, m, key);

	if (!url || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))) {
		isms_html_text(o, key);
	} else {
		k = strstr(url, "{key}");
		isms_buf_add(&pre, url, k ? (size_t)(k - url) : strlen(url));
		isms_buf_puts(o, "<a href=\"");
		isms_html_text(o, pre.ptr);
		isms_html_url(o, key);
		if (k)
			isms_html_text(o, k + 5);
		isms_buf_puts(o, "\">");
		isms_html_text(o, key);
		isms_buf_puts(o, "</a>");
		isms_buf_release(&pre);
	}
	if (st == ISMS_TICKET_NONE)
		return;
	isms_buf_putc(o, ' ');
	isms_site_put_badge(o, st == ISMS_TICKET_CLOSED ? "ok" :
		st == ISMS_TICKET_OPEN ? "warn" : "bad", isms_ticket_state_name(st));
}
