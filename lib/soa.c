/*
 * soa.c - the Statement of Applicability: every ISO/IEC 27001:2022 Annex A
 * control with its decision from soa.yml and the documents that implement
 * it, as CSV, Markdown, JSON or HTML (isms-render soa; the site embeds the
 * HTML fragment).
 *
 * The rows are the model's facts (isms_facts_soa, lib/facts.c), which the
 * SoA rules read too: the four formats and the lint cannot disagree
 * about a control.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

int isms_soa_format_parse(isms_soa_format *out, const char *name)
{
	static const char *const names[] = { "csv", "md", "json", "html", NULL };
	int i = isms_name_index(names, name);

	if (i < 0)
		return -1;
	*out = (isms_soa_format)i;
	return 0;
}

/* ---------------------------------------------------------------- helpers */

static const char *applicable_word(const isms_soa_row *r)
{
	return r->applicable == 1 ? "yes" : r->applicable == 0 ? "no" : "undecided";
}

/* "undecided", "unjustified", both joined by "; ", or "". */
static const char *flag_words(const isms_soa_row *r)
{
	if (r->applicable < 0 && r->unjustified)
		return "undecided; unjustified";
	return r->applicable < 0 ? "undecided" : r->unjustified ? "unjustified" : "";
}

void isms_owner_text(isms_buf *out, const isms_model *m, const char *key)
{
	const isms_role *role;

	if (!key)
		return;
	isms_buf_puts(out, key);
	role = isms_config_role(m->cfg, key);
	if (role && role->name && *role->name)
		isms_buf_printf(out, " (%s)", role->name);
}

/* A document as "POL-001 Information Security Policy" (its path when it
 * has no id). */
static void doc_label(isms_buf *out, const isms_doc *d)
{
	isms_buf_puts(out, d->id ? d->id : d->path);
	if (d->title)
		isms_buf_printf(out, " %s", d->title);
}

/* A treating risk as "RSK-001 Laptop theft (score 16)". */
static void risk_label(isms_buf *out, const isms_model *m, const isms_doc *d)
{
	const isms_risk *k = isms_facts_risk(m, d);

	doc_label(out, d);
	if (k && k->score)
		isms_buf_printf(out, " (score %d)", k->score);
}

/* The control's clause ("5" of "5.1"), for theme headings and anchors. */
static int clause_of(const isms_control *c)
{
	return atoi(c->id);
}

/* ---------------------------------------------------------------- CSV */

/*
 * One RFC 4180 field. A field that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) gets a leading apostrophe: the SoA is
 * opened in spreadsheets by auditors, and its text comes from any
 * contributor's pull request.
 */
static void csv_field(isms_buf *out, const char *s, int last)
{
	int formula = *s && strchr("=+-@\t\r", *s);

	if (formula || strpbrk(s, ",\"\r\n")) {
		isms_buf_putc(out, '"');
		if (formula)
			isms_buf_putc(out, '\'');
		for (; *s; s++) {
			if (*s == '"')
				isms_buf_putc(out, '"');
			isms_buf_putc(out, *s);
		}
		isms_buf_putc(out, '"');
	} else {
		isms_buf_puts(out, s);
	}
	isms_buf_puts(out, last ? "\r\n" : ",");
}

static void write_csv(isms_buf *out, const isms_model *m, const isms_soa *soa)
{
	isms_buf docs = ISMS_BUF_INIT, owners = ISMS_BUF_INIT, id = ISMS_BUF_INIT,
		risks = ISMS_BUF_INIT;
	size_t i, k;

	/* risks is the last column: readers of the first nine keep working. */
	isms_buf_puts(out, "id,title,theme,applicable,status,justification,"
		"documents,owners,flag,risks\r\n");
	for (i = 0; i < soa->n; i++) {
		const isms_soa_row *r = &soa->rows[i];

		isms_buf_truncate(&docs, 0);
		isms_buf_truncate(&owners, 0);
		isms_buf_truncate(&id, 0);
		isms_buf_puts(&docs, "");
		isms_buf_puts(&owners, "");
		/* One owner per document, in the same order. */
		for (k = 0; k < r->ndocs; k++) {
			isms_buf_puts(&docs, k ? "; " : "");
			doc_label(&docs, r->docs[k]);
			isms_buf_puts(&owners, k ? "; " : "");
			isms_owner_text(&owners, m, r->docs[k]->owner);
		}
		isms_buf_truncate(&risks, 0);
		isms_buf_puts(&risks, "");
		for (k = 0; k < r->nrisks; k++) {
			isms_buf_puts(&risks, k ? "; " : "");
			risk_label(&risks, m, r->risks[k]);
		}
		isms_buf_printf(&id, "A.%s", r->control->id);
		csv_field(out, id.ptr, 0);
		csv_field(out, r->control->title, 0);
		csv_field(out, r->control->theme, 0);
		csv_field(out, applicable_word(r), 0);
		csv_field(out, r->status ? r->status : "", 0);
		csv_field(out, r->justification ? r->justification : "", 0);
		csv_field(out, docs.ptr, 0);
		csv_field(out, owners.ptr, 0);
		csv_field(out, flag_words(r), 0);
		csv_field(out, risks.ptr, 1);
	}
	isms_buf_release(&risks);
	isms_buf_release(&docs);
	isms_buf_release(&owners);
	isms_buf_release(&id);
}

/* ---------------------------------------------------------------- Markdown */

/*
 * Text in a GFM table cell, shown as written: '|' would end the cell, a
 * newline the row (it becomes <br>), and the characters that Markdown reads
 * as emphasis, code, links or raw HTML are backslash-escaped.
 */
static void md_cell(isms_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			isms_buf_puts(out, "<br>");
		else if (c == '\r')
			continue;
		else if (c < 0x20 || c == 0x7f)
			isms_buf_putc(out, ' ');
		else if (strchr("\\|*_`[]<>&", c))
			isms_buf_printf(out, "\\%c", c);
		else
			isms_buf_putc(out, c);
	}
}

static void write_summary_md(isms_buf *out, const isms_soa *soa)
{
	isms_buf_printf(out, "%zu controls of ISO/IEC 27001:2022 Annex A: "
		"%zu applicable, %zu excluded, %zu undecided, %zu unjustified.\n",
		soa->n, soa->applicable, soa->excluded, soa->undecided,
		soa->unjustified);
}

static void write_md(isms_buf *out, const isms_model *m, const isms_soa *soa)
{
	isms_buf cell = ISMS_BUF_INIT;
	const char *theme = NULL;
	size_t i, k;

	isms_buf_puts(out, "# Statement of Applicability\n\n");
	if (m->cfg->organisation && *m->cfg->organisation) {
		md_cell(out, m->cfg->organisation);
		isms_buf_puts(out, "\n\n");
	}
	write_summary_md(out, soa);
	for (i = 0; i < soa->n; i++) {
		const isms_soa_row *r = &soa->rows[i];
		const char *flag = flag_words(r);

		if (!theme || strcmp(theme, r->control->theme)) {
			theme = r->control->theme;
			isms_buf_printf(out, "\n## A.%d %s controls\n\n",
				clause_of(r->control), theme);
			isms_buf_puts(out, "| Control | Title | Applicable | Status | "
				"Justification | Documents (owner) | Treated risks | "
				"Flag |\n|---|---|---|---|---|---|---|---|\n");
		}
		isms_buf_printf(out, "| A.%s | ", r->control->id);
		md_cell(out, r->control->title);
		isms_buf_printf(out, " | %s | ", applicable_word(r));
		md_cell(out, r->status ? r->status : "");
		isms_buf_puts(out, " | ");
		md_cell(out, r->justification ? r->justification : "");
		isms_buf_puts(out, " | ");
		for (k = 0; k < r->ndocs; k++) {
			isms_buf_truncate(&cell, 0);
			doc_label(&cell, r->docs[k]);
			if (r->docs[k]->owner) {
				isms_buf_puts(&cell, " \xE2\x80\x94 ");
				isms_owner_text(&cell, m, r->docs[k]->owner);
			}
			isms_buf_puts(out, k ? "<br>" : "");
			md_cell(out, cell.ptr);
		}
		isms_buf_puts(out, " | ");
		for (k = 0; k < r->nrisks; k++) {
			isms_buf_truncate(&cell, 0);
			risk_label(&cell, m, r->risks[k]);
			isms_buf_puts(out, k ? "<br>" : "");
			md_cell(out, cell.ptr);
		}
		isms_buf_puts(out, " | ");
		if (*flag)
			isms_buf_printf(out, "**%s**", flag);
		isms_buf_puts(out, " |\n");
	}
	isms_buf_release(&cell);
}

/* ---------------------------------------------------------------- JSON */


static void write_json(isms_buf *out, const isms_model *m, const isms_soa *soa)
{
	isms_buf id = ISMS_BUF_INIT;
	size_t i, k;

	/* One control a line: diffs of two SoAs read line by line. */
	isms_buf_puts(out, "{\"controls\":[\n");
	for (i = 0; i < soa->n; i++) {
		const isms_soa_row *r = &soa->rows[i];

		isms_buf_truncate(&id, 0);
		isms_buf_printf(&id, "A.%s", r->control->id);
		isms_buf_puts(out, "{");
		isms_buf_json_field(out, "id", id.ptr, 0);
		isms_buf_json_field(out, "title", r->control->title, 1);
		isms_buf_json_field(out, "theme", r->control->theme, 1);
		isms_buf_printf(out, ",\"applicable\":%s", r->applicable == 1 ? "true" :
			r->applicable == 0 ? "false" : "null");
		isms_buf_json_field(out, "status", r->status, 1);
		isms_buf_json_field(out, "justification", r->justification, 1);
		isms_buf_puts(out, ",\"documents\":[");
		for (k = 0; k < r->ndocs; k++) {
			const isms_doc *d = r->docs[k];
			const isms_role *role = d->owner ?
				isms_config_role(m->cfg, d->owner) : NULL;

			isms_buf_puts(out, k ? ",{" : "{");
			isms_buf_json_field(out, "path", d->path, 0);
			isms_buf_json_field(out, "id", d->id, 1);
			isms_buf_json_field(out, "title", d->title, 1);
			isms_buf_json_field(out, "owner", d->owner, 1);
			isms_buf_json_field(out, "owner_name", role && role->name && *role->name ?
				role->name : NULL, 1);
			isms_buf_puts(out, "}");
		}
		isms_buf_puts(out, "],\"risks\":[");
		for (k = 0; k < r->nrisks; k++) {
			const isms_doc *d = r->risks[k];
			const isms_risk *rk = isms_facts_risk(m, d);

			isms_buf_puts(out, k ? ",{" : "{");
			isms_buf_json_field(out, "path", d->path, 0);
			isms_buf_json_field(out, "id", d->id, 1);
			isms_buf_json_field(out, "title", d->title, 1);
			isms_buf_printf(out, ",\"score\":%d", rk ? rk->score : 0);
			isms_buf_json_field(out, "treatment", rk && rk->treatment ?
				isms_treatment_name(rk->treatment) : NULL, 1);
			isms_buf_puts(out, "}");
		}
		isms_buf_printf(out, "],\"undecided\":%s,\"unjustified\":%s}%s\n",
			r->applicable < 0 ? "true" : "false",
			r->unjustified ? "true" : "false", i + 1 < soa->n ? "," : "");
	}
	isms_buf_puts(out, "]}\n");
	isms_buf_release(&id);
}

/* ---------------------------------------------------------------- HTML */

const char isms_soa_css[] =
	".isms-soa table{border-collapse:collapse;width:100%;margin:0 0 1.5em;"
	"font-size:.9em}\n"
	".isms-soa th,.isms-soa td{border:1px solid #c8c8c8;padding:.3em .5em;"
	"text-align:left;vertical-align:top}\n"
	".isms-soa th{background:#eef0f3}\n"
	".isms-soa td.soa-id{white-space:nowrap}\n"
	".isms-soa tr.soa-excluded td{color:#555}\n"
	".isms-soa tr.soa-undecided td,.isms-soa tr.soa-unjustified td"
	"{background:#fff1dc}\n"
	".isms-soa .soa-flag{color:#a30000;font-weight:bold}\n"
	".isms-soa ul{margin:0;padding-left:1.1em}\n"
	".isms-soa .soa-owner{color:#555}\n";

/* Document `d`'s page under `prefix`, or with NULL its article in the
 * manual. */
static void soa_href(isms_buf *out, const isms_model *m, const isms_doc *d,
	const char *prefix)
{
	if (prefix)
		isms_doc_href(out, m, d, prefix);
	else
		isms_buf_printf(out, "#doc-%zu", (size_t)(d - m->docs));
}

static void html_row(isms_buf *out, const isms_model *m, const isms_soa_row *r,
	const char *prefix)
{
	isms_buf tmp = ISMS_BUF_INIT;
	size_t k;

	isms_buf_printf(out, "<tr id=\"A.%s\" class=\"%s%s\">", r->control->id,
		r->applicable == 1 ? "soa-applicable" : r->applicable == 0 ?
		"soa-excluded" : "soa-undecided",
		r->unjustified ? " soa-unjustified" : "");
	isms_buf_printf(out, "<td class=\"soa-id\">A.%s</td><td>", r->control->id);
	isms_buf_xml(out, r->control->title);
	isms_buf_puts(out, "</td><td>");
	if (r->applicable < 0)
		isms_buf_puts(out, "<strong class=\"soa-flag\">\xE2\x9A\xA0 "
			"undecided</strong>");
	else
		isms_buf_puts(out, applicable_word(r));
	isms_buf_puts(out, "</td><td>");
	isms_buf_xml(out, r->status ? r->status : "");
	isms_buf_puts(out, "</td><td>");
	if (r->unjustified)
		isms_buf_puts(out, "<strong class=\"soa-flag\">\xE2\x9A\xA0 no "
			"justification</strong>");
	else
		isms_buf_xml(out, r->justification ? r->justification : "");
	isms_buf_puts(out, "</td><td>");
	if (r->ndocs)
		isms_buf_puts(out, "<ul>");
	for (k = 0; k < r->ndocs; k++) {
		const isms_doc *d = r->docs[k];

		isms_buf_truncate(&tmp, 0);
		soa_href(&tmp, m, d, prefix);
		isms_buf_puts(out, "<li><a href=\"");
		isms_buf_xml(out, tmp.ptr);
		isms_buf_puts(out, "\">");
		isms_buf_truncate(&tmp, 0);
		doc_label(&tmp, d);
		isms_buf_xml(out, tmp.ptr);
		isms_buf_puts(out, "</a>");
		if (d->owner) {
			isms_buf_truncate(&tmp, 0);
			isms_owner_text(&tmp, m, d->owner);
			isms_buf_puts(out, " <span class=\"soa-owner\">owner: ");
			isms_buf_xml(out, tmp.ptr);
			isms_buf_puts(out, "</span>");
		}
		isms_buf_puts(out, "</li>");
	}
	if (r->ndocs)
		isms_buf_puts(out, "</ul>");
	isms_buf_puts(out, "</td><td>");
	if (r->nrisks)
		isms_buf_puts(out, "<ul>");
	for (k = 0; k < r->nrisks; k++) {
		isms_buf_truncate(&tmp, 0);
		soa_href(&tmp, m, r->risks[k], prefix);
		isms_buf_puts(out, "<li><a href=\"");
		isms_buf_xml(out, tmp.ptr);
		isms_buf_puts(out, "\">");
		isms_buf_truncate(&tmp, 0);
		risk_label(&tmp, m, r->risks[k]);
		isms_buf_xml(out, tmp.ptr);
		isms_buf_puts(out, "</a></li>");
	}
	if (r->nrisks)
		isms_buf_puts(out, "</ul>");
	isms_buf_puts(out, "</td></tr>\n");
	isms_buf_release(&tmp);
}

static void html_count(isms_buf *out, size_t n, const char *what, int flag)
{
	if (flag && n)
		isms_buf_printf(out, "<strong class=\"soa-flag\">%zu %s</strong>",
			n, what);
	else
		isms_buf_printf(out, "%zu %s", n, what);
}

static void write_section(isms_buf *out, const isms_model *m,
	const isms_soa *soa, const char *prefix)
{
	const char *theme = NULL;
	size_t i;

	isms_buf_puts(out, "<section class=\"isms-soa\">\n<p class=\"soa-summary\">");
	isms_buf_printf(out, "%zu controls of ISO/IEC 27001:2022 Annex A: ", soa->n);
	html_count(out, soa->applicable, "applicable", 0);
	isms_buf_puts(out, ", ");
	html_count(out, soa->excluded, "excluded", 0);
	isms_buf_puts(out, ", ");
	html_count(out, soa->undecided, "undecided", 1);
	isms_buf_puts(out, ", ");
	html_count(out, soa->unjustified, "unjustified", 1);
	isms_buf_puts(out, ".</p>\n");
	for (i = 0; i < soa->n; i++) {
		const isms_soa_row *r = &soa->rows[i];

		if (!theme || strcmp(theme, r->control->theme)) {
			if (theme)
				isms_buf_puts(out, "</tbody>\n</table>\n");
			theme = r->control->theme;
			isms_buf_printf(out, "<h2 id=\"soa-a%d\">A.%d ",
				clause_of(r->control), clause_of(r->control));
			isms_buf_xml(out, theme);
			isms_buf_puts(out, " controls</h2>\n<table class=\"soa\">\n"
				"<thead><tr><th>Control</th><th>Title</th>"
				"<th>Applicable</th><th>Status</th><th>Justification</th>"
				"<th>Implementing documents</th><th>Treated risks</th>"
				"</tr></thead>\n<tbody>\n");
		}
		html_row(out, m, r, prefix);
	}
	if (theme)
		isms_buf_puts(out, "</tbody>\n</table>\n");
	isms_buf_puts(out, "</section>\n");
}

void isms_soa_html(isms_buf *out, const isms_model *m,
	const char *doc_href_prefix)
{
	write_section(out, m, isms_facts_soa(m), doc_href_prefix);
}

static void write_page(isms_buf *out, const isms_model *m, const isms_soa *soa)
{
	const char *org = m->cfg->organisation;

	isms_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
		"'none'; style-src 'unsafe-inline'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, "
		"initial-scale=1\">\n<title>Statement of Applicability");
	if (org && *org) {
		isms_buf_puts(out, " \xE2\x80\x94 ");
		isms_buf_xml(out, org);
	}
	isms_buf_puts(out, "</title>\n<style>\n"
		"body{font-family:system-ui,-apple-system,\"Segoe UI\",Helvetica,"
		"Arial,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;"
		"color:#1a1a1a}\n");
	isms_buf_puts(out, isms_soa_css);
	isms_buf_puts(out, "</style>\n</head>\n<body>\n"
		"<h1>Statement of Applicability</h1>\n");
	if (org && *org) {
		isms_buf_puts(out, "<p class=\"soa-org\">");
		isms_buf_xml(out, org);
		isms_buf_puts(out, "</p>\n");
	}
	write_section(out, m, soa, "");
	isms_buf_puts(out, "</body>\n</html>\n");
}

void isms_soa_write(isms_buf *out, const isms_model *m, isms_soa_format fmt)
{
	const isms_soa *soa = isms_facts_soa(m);

	switch (fmt) {
	case ISMS_SOA_CSV: write_csv(out, m, soa); break;
	case ISMS_SOA_MD: write_md(out, m, soa); break;
	case ISMS_SOA_JSON: write_json(out, m, soa); break;
	case ISMS_SOA_HTML: write_page(out, m, soa); break;
	}
}
