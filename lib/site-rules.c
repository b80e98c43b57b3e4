/*
 * site-rules.c - rules.html: every lint rule with its id, severity and
 * the text `isms-lint --explain RULE` prints (isms_rule_explain, from
 * lib/ruletab.c), each at its anchor (isms_rule_anchor: rules.html#link-broken,
 * the same that SARIF's helpUri names);
 * and the link to it that the findings and audit pages put on a rule id.
 */
#include "site.h"

#include <string.h>

void isms_site_put_rule(isms_buf *o, const struct site *s, const char *id)
{
	const isms_rule_info *r = isms_rule_find(id);

	if (!r) {
		isms_buf_puts(o, "<code>");
		isms_html_text(o, id);
		isms_buf_puts(o, "</code>");
		return;
	}
	isms_buf_puts(o, "<a href=\"");
	isms_html_href(o, s->page, "rules.html");
	isms_buf_putc(o, '#');
	isms_rule_anchor(o, r);
	isms_buf_puts(o, "\"><code>");
	isms_html_text(o, id);
	isms_buf_puts(o, "</code></a>");
}

static void put_severity(isms_buf *o, isms_severity sev)
{
	isms_site_put_badge(o, sev == ISMS_ERROR ? "bad" : sev == ISMS_WARNING ?
		"warn" : "none", sev == ISMS_ERROR ? "error" : sev == ISMS_WARNING ?
		"warning" : "off");
}

/* The severity a rule reports at here: isms.yml's `rules`, else its
 * default (as lib/rules.c applies it). */
static isms_severity severity_of(const struct site *s, size_t i,
	const isms_rule_info *r)
{
	int set = s->m->cfg->severity ? s->m->cfg->severity[i] : 0;

	return set ? (isms_severity)(set - 1) : r->severity;
}

int isms_site_rules_page(isms_buf *o, struct site *s)
{
	size_t n, i;
	const isms_rule_info *rules = isms_rules(&n);
	isms_buf text = ISMS_BUF_INIT;

	isms_html_begin(o, s->page, "Lint rules", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Lint rules</h1>\n<p>The %zu rules isms-lint "
		"checks, each with what <code>isms-lint --explain RULE</code> "
		"prints: what it checks, why an auditor cares, an example and its "
		"fix. A rule's entry is at its id with / as -: <code>rules.html#link-broken"
		"</code>. The severity is the one this ISMS lints at "
		"(<code>rules</code> in isms.yml may change a rule's default).</p>\n"
		"<table>\n<thead><tr><th>Rule</th><th>Severity</th><th>Fires when"
		"</th></tr></thead>\n<tbody>\n", n);
	for (i = 0; i < n; i++) {
		isms_buf_puts(o, "<tr><td class=\"nowrap\">");
		isms_site_put_rule(o, s, rules[i].id);
		isms_buf_puts(o, "</td><td>");
		put_severity(o, severity_of(s, i, &rules[i]));
		isms_buf_puts(o, "</td><td>");
		isms_html_text(o, rules[i].summary);
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
	for (i = 0; i < n; i++) {
		const isms_rule_info *r = &rules[i];
		isms_severity sev = severity_of(s, i, r);

		isms_buf_puts(o, "<section class=\"rule\" id=\"");
		isms_rule_anchor(o, r);
		isms_buf_puts(o, "\">\n<h2><code>");
		isms_html_text(o, r->id);
		isms_buf_puts(o, "</code></h2>\n<p>");
		put_severity(o, sev);
		if (sev != r->severity) {
			isms_buf_puts(o, " <span class=\"muted\">(isms.yml; by default ");
			isms_buf_puts(o, r->severity == ISMS_ERROR ? "error" : "warning");
			isms_buf_puts(o, ")</span>");
		}
		isms_buf_puts(o, "</p>\n<pre class=\"explain\">");
		isms_buf_truncate(&text, 0);
		isms_rule_explain(&text, r);
		isms_html_text(o, text.ptr);
		isms_buf_puts(o, "</pre>\n</section>\n");
	}
	isms_buf_release(&text);
	isms_html_end(o, s->footer);
	return 0;
}
