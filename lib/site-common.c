/*
 * site-common.c - what the pages of the site share: the facts they show
 * (the review state, records, training) and the pieces of HTML they are
 * written with (dates, values, badges, owners, links).
 */
#include "site.h"

#include <string.h>
#include <strings.h>

/* A review due within this many days is shown as due soon. */
#define DUE_SOON_DAYS 30

/* ---------------------------------------------------------------- facts */

/*
 * The review state as the review/overdue rule judges it (lib/approval.c):
 * controlled documents (a version or a review date of their own, not
 * retired) are due an interval after their last approved change, or on
 * next_review when that comes first. Computed here rather than taken
 * from the findings, so that a page also shows when the next review is.
 */
void isms_site_review(struct review *rv, const isms_model *m,
	const isms_doc *d)
{
	const isms_doc_history *dh = history_of(m, d);
	const char *nr = isms_yaml_str(isms_yaml_get(d->fm, "next_review"));
	const char *ri = isms_yaml_str(isms_yaml_get(d->fm, "review_interval"));
	isms_interval iv = m->cfg->review_interval, t;
	size_t n = dh ? dh->n : 0, i;
	long day;

	memset(rv, 0, sizeof(*rv));
	rv->last = rv->due = -1;
	for (i = 0; i < n && dh->changes[i].approval == ISMS_APPROVAL_NONE; i++)
		;
	rv->unapproved = i;
	if (i < n) {
		rv->last = isms_date_of(dh->changes[i].landed);
		rv->last_commit = dh->changes[i].commit;
	}
	if (!d->has_fm || (d->status && !strcmp(d->status, "retired")) ||
	    !(d->version || nr || ri)) {
		rv->state = RV_NONE;
		rv->why = !d->has_fm ? "no front matter" : d->status &&
			!strcmp(d->status, "retired") ? "retired" : "not reviewed";
		return;
	}
	if (ri && isms_interval_parse(&t, ri) == 0)
		iv = t;
	if (rv->last >= 0)
		rv->due = isms_interval_add(rv->last, &iv);
	if (nr && isms_date_parse(nr, &day) == 0 && (rv->due < 0 || day < rv->due))
		rv->due = day;
	if (rv->due >= 0 && rv->due < m->now)
		rv->state = RV_OVERDUE;
	else if (rv->last < 0)
		rv->state = RV_NEVER;
	else if (rv->due - m->now <= DUE_SOON_DAYS)
		rv->state = RV_SOON;
	else
		rv->state = RV_CURRENT;
}

/* ---------------------------------------------------------------- records */

/* The newest record of `type` dated on or before now, or -1 (*at: it). */
long isms_site_newest_record(const isms_model *m, const char *type, size_t *at)
{
	long best = -1, day;
	size_t i;

	for (i = 0; i < m->ndocs; i++) {
		if (!is_type(&m->docs[i], type) ||
		    (day = fm_day(&m->docs[i], "date")) < 0 || day > m->now ||
		    day <= best)
			continue;
		best = day;
		*at = i;
	}
	return best;
}

/* Whether a training attendee entry ("a@b" or "Name <a@b>") is `email`. */
static int attendee_is(const char *who, const char *email)
{
	const char *lt = who ? strchr(who, '<') : NULL;
	size_t n = strlen(email);

	return who && (!strcasecmp(who, email) || (lt &&
		!strncasecmp(lt + 1, email, n) && lt[1 + n] == '>'));
}

/* The newest training `email` attended since `since`: its document's
 * index, or -1. */
long isms_site_trained_in(const isms_model *m, const char *email, long since)
{
	long best = -1, at = -1, day;
	size_t i, k;

	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const isms_ynode *att = isms_yaml_get(d->fm, "attendees");

		if (!is_type(d, "training") || (day = fm_day(d, "date")) < since ||
		    day > m->now || !att || att->kind != ISMS_Y_SEQ || day <= best)
			continue;
		for (k = 0; k < att->n; k++)
			if (attendee_is(isms_yaml_str(att->items[k]), email)) {
				best = day;
				at = (long)i;
				break;
			}
	}
	return at;
}

/* The people who must be trained: staff, then the roles' people, each
 * e-mail once (as training/overdue counts them). */
size_t isms_site_staff(struct site *s, const isms_person **out)
{
	const isms_config *c = s->m->cfg;
	isms_person *p = isms_arena_alloc(s->a,
		(c->nstaff + c->nroles + 1) * sizeof(*p));
	size_t n = 0, i, k;

	for (i = 0; i < c->nstaff + c->nroles; i++) {
		isms_person q = i < c->nstaff ? c->staff[i] : (isms_person){
			c->roles[i - c->nstaff].name, c->roles[i - c->nstaff].email };
		for (k = 0; q.email && k < n; k++)
			if (!strcasecmp(p[k].email, q.email))
				break;
		if (q.email && k == n)
			p[n++] = q;
	}
	*out = p;
	return n;
}

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
	isms_buf_printf(o, "<span class=\"state %s\">", cls);
	isms_html_text(o, text);
	isms_buf_puts(o, "</span>");
}

void isms_site_put_status(isms_buf *o, const char *status)
{
	if (!status)
		isms_site_put_value(o, NULL);
	else
		isms_site_put_badge(o, !strcmp(status, "approved") ? "ok" :
			!strcmp(status, "draft") ? "warn" : "none", status);
}

/* The review state as a badge; `full` adds the dates. */
void isms_site_put_review(isms_buf *o, const struct review *rv, int full)
{
	char due[11];

	isms_date_format(due, rv->due >= 0 ? rv->due : 0);
	switch (rv->state) {
	case RV_NONE:
		isms_site_put_badge(o, "none", rv->why);
		break;
	case RV_NEVER:
		isms_site_put_badge(o, "bad", "never approved");
		break;
	case RV_OVERDUE:
		isms_site_put_badge(o, "bad", "overdue");
		if (full)
			isms_buf_printf(o, " the review was due by %s", due);
		break;
	default:
		isms_site_put_badge(o, rv->state == RV_SOON ? "warn" : "ok",
			rv->state == RV_SOON ? "due soon" : "current");
		if (full)
			isms_buf_printf(o, " next review by %s", due);
	}
	if (full && rv->last >= 0) {
		isms_buf_puts(o, "; last approved ");
		isms_site_put_date(o, rv->last);
		isms_buf_printf(o, " in <code>%.10s</code>", rv->last_commit);
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
};

const size_t isms_site_ngroups =
	sizeof(isms_site_groups) / sizeof(isms_site_groups[0]);
