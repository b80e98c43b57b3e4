/*
 * html.c - the frame of every page of the site: head, one inline style
 * sheet, navigation, footer; and the escaping and link helpers the pages
 * are written with.
 *
 * The site must work offline and air-gapped and print well, so a page
 * carries everything it needs: no external style sheet, script, font or
 * image. The style uses the system's fonts, a readable column that widens
 * for tables on large screens, tables that scroll sideways on a phone
 * instead of squeezing, a dark scheme when the reader's system asks for
 * one, and a print style without navigation.
 */
#include "site.h"

#include <string.h>

static const char style[] =
	":root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--soft:#f6f8fa;"
	"--line:#d1d9e0;--link:#0969da;--ok:#1a7f37;--okbg:#dafbe1;"
	"--warn:#9a6700;--warnbg:#fff8c5;--bad:#cf222e;--badbg:#ffebe9}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;"
	"--bg:#0d1117;--soft:#151b23;--line:#3d444d;--link:#4493f8;"
	"--ok:#3fb950;--okbg:#12261e;--warn:#d29922;--warnbg:#272115;"
	"--bad:#f85149;--badbg:#25171c}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0;color:var(--fg);background:var(--bg);"
	"font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,\"Noto Sans\",sans-serif}\n"
	"a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}\n"
	".site{border-bottom:1px solid var(--line);background:var(--soft)}\n"
	".site div{max-width:72rem;margin:0 auto;padding:.6rem 1rem;display:flex;"
	"flex-wrap:wrap;gap:.4rem 1.2rem;align-items:baseline}\n"
	".site .org{font-weight:600;color:var(--fg);margin-right:auto}\n"
	".site a[aria-current]{color:var(--fg);font-weight:600}\n"
	"main{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}\n"
	".prose{max-width:48rem}\n"
	"h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .6em}\n"
	"h1{font-size:1.9rem;margin-top:.8em}h2{font-size:1.45rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.25em}\n"
	"h3{font-size:1.2rem}\n"
	".anchor{float:left;margin-left:-1.1em;width:1.1em;color:var(--muted);"
	"visibility:hidden}\n"
	".anchor::before{content:\"#\"}\n"
	"h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor,"
	"h5:hover .anchor,h6:hover .anchor{visibility:visible}\n"
	".kicker{color:var(--muted);margin:1.2rem 0 0;font-size:.95rem}\n"
	".kicker+h1{margin-top:.2em}\n"
	"table{border-collapse:collapse;display:block;max-width:100%;"
	"overflow-x:auto;margin:1rem 0;font-size:.95rem}\n"
	"th,td{border:1px solid var(--line);padding:.35rem .6rem;text-align:left;"
	"vertical-align:top}\n"
	"th{background:var(--soft);font-weight:600}\n"
	"tbody tr:nth-child(even) td{background:var(--soft)}\n"
	"code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
	"\"Liberation Mono\",monospace;font-size:.9em}\n"
	"code{background:var(--soft);padding:.1em .3em;border-radius:4px}\n"
	"pre{background:var(--soft);padding:.8rem 1rem;overflow-x:auto;"
	"border-radius:6px}pre code{background:none;padding:0}\n"
	"blockquote{margin:1rem 0;padding:0 1rem;color:var(--muted);"
	"border-left:.25rem solid var(--line)}\n"
	"img{max-width:100%}\n"
	"li:has(>input[type=checkbox]:first-child){list-style:none}\n"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem;"
	"margin:1rem 0 1.5rem;padding:.8rem 1rem;background:var(--soft);"
	"border:1px solid var(--line);border-radius:6px}\n"
	"dl.meta dt{color:var(--muted)}dl.meta dd{margin:0}\n"
	".state{display:inline-block;padding:0 .45em;border-radius:1em;"
	"font-size:.85em;font-weight:600;white-space:nowrap}\n"
	".ok{color:var(--ok);background:var(--okbg)}"
	".warn{color:var(--warn);background:var(--warnbg)}"
	".bad{color:var(--bad);background:var(--badbg)}"
	".none{color:var(--muted);background:var(--soft)}\n"
	".muted{color:var(--muted)}.nowrap{white-space:nowrap}\n"
	".dup-title>h1:first-child{display:none}\n"
	"footer{max-width:72rem;margin:0 auto;padding:1rem;color:var(--muted);"
	"font-size:.85rem;border-top:1px solid var(--line)}\n"
	"@media (max-width:40rem){body{font-size:15px}main{padding:.5rem .75rem 2rem}"
	"dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:.4rem}"
	".anchor{display:none}}\n"
	/* Printed, every page is A4 (the manual may ask for Letter). */
	"@page{size:A4;margin:18mm 16mm}\n"
	"@media print{body{font-size:11pt;background:#fff;color:#000}"
	".site,.anchor{display:none}main,footer,.prose{max-width:none;padding:0}"
	"a{color:inherit}table{display:table;overflow:visible}"
	"tr,dl.meta,pre{break-inside:avoid}h1,h2,h3{break-after:avoid}"
	"article.doc{break-before:page}"
	"th,.state,dl.meta,tbody tr:nth-child(even) td{background:none}}\n"
	/* The process graph at its natural size (labels 11 pt: 14.7 px at
	 * 100 %), in a box that scrolls rather than shrinks it; on paper it
	 * fits the page. Its links stay live. */
	".graph{overflow:auto;max-width:100%;border:1px solid var(--line);"
	"border-radius:6px;max-height:85vh}.graph svg{display:block;max-width:none}\n"
	"@media print{.graph{overflow:visible;border:0}"
	".graph svg{max-width:100%;height:auto}}\n"
	/* A process page's inputs and outputs (lib/site-graph.c). */
	".nbhd-graph{overflow-x:auto;max-width:100%}"
	".nbhd-graph svg{display:block;max-width:none}"
	".nbhd text{fill:var(--fg);font-size:13px}"
	".nbhd text.id,.nbhd text.what{fill:var(--muted)}"
	".nbhd text.id{font-size:11px}.nbhd text.what{font-size:12px}"
	".nbhd rect{fill:var(--soft);stroke:var(--link)}"
	".nbhd .self rect{fill:var(--okbg);stroke:var(--ok);stroke-width:2}"
	".nbhd path{fill:none;stroke:var(--muted);stroke-width:1.3}"
	".nbhd polygon{fill:var(--muted)}\n"
	"@media print{nav.toc{break-after:page}}\n"
	/* The dashboard's bar charts. */
	".chart{display:block;max-width:100%;height:auto;margin:.5rem 0 1rem}"
	".chart text{fill:currentColor;font-size:12px}"
	".chart .bar{fill:var(--link)}.chart .b-ok{fill:var(--ok)}"
	".chart .b-warn{fill:var(--warn)}.chart .b-bad{fill:var(--bad)}\n"
	"table.kpi th{width:22rem}\n";

void isms_html_text(isms_buf *out, const char *s)
{
	isms_buf_xml(out, s ? s : "");
}

void isms_html_url(isms_buf *out, const char *s)
{
	isms_buf_url(out, s ? s : "");
}

void isms_doc_href(isms_buf *out, const isms_model *m, const isms_doc *d,
	const char *prefix)
{
	isms_buf page = ISMS_BUF_INIT;

	if (prefix)
		isms_buf_puts(out, prefix);
	isms_doc_page(&page, m, d);
	isms_html_url(out, page.ptr);
	isms_buf_release(&page);
}

void isms_html_href(isms_buf *out, const char *from, const char *to)
{
	const char *p;

	/* Up to the site's top, then down: always right, and the same
	 * bytes for the same two pages. */
	for (p = from; (p = strchr(p, '/')); p++)
		isms_buf_puts(out, "../");
	isms_html_url(out, to);
}

void isms_html_rel(isms_buf *out, const char *from, const char *to)
{
	size_t common = 0, i;
	const char *p;

	/* The folders both share: up to and including the last '/' where
	 * they still agree. */
	for (i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (p = from + common; (p = strchr(p, '/')); p++)
		isms_buf_puts(out, "../");
	isms_html_url(out, to + common);
}

/* "ORG ISMS", or "ISMS" when isms.yml names no organisation. */
static void put_site_name(isms_buf *out, const char *org)
{
	if (org && *org) {
		isms_html_text(out, org);
		isms_buf_putc(out, ' ');
	}
	isms_buf_puts(out, "ISMS");
}

/* The document head: policy, style sheet (the site's, then `more`, which
 * may be NULL), title. */
static void head(isms_buf *out, const char *title, const char *org,
	const isms_buf *more)
{
	isms_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		/* No script may run, even one that slipped in (--unsafe). */
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
		"'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
		"base-uri 'none'; form-action 'none'\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"isms-render " ISMS_VERSION "\">\n"
		"<title>");
	isms_html_text(out, title);
	isms_buf_puts(out, " \xe2\x80\x93 ");
	put_site_name(out, org);
	isms_buf_puts(out, "</title>\n<style>\n");
	isms_buf_puts(out, style);
	isms_buf_puts(out, isms_soa_css);
	if (more)
		isms_buf_add(out, more->ptr, more->len);
	isms_buf_puts(out, "</style>\n</head>\n<body>\n");
}

void isms_html_begin(isms_buf *out, const char *page, const char *title,
	const char *org)
{
	size_t i;

	head(out, title, org, NULL);
	isms_buf_puts(out, "<header class=\"site\"><div>\n<a class=\"org\" href=\"");
	isms_html_href(out, page, "index.html");
	isms_buf_puts(out, "\">");
	put_site_name(out, org);
	/* The site's own pages, from its page table (lib/site-names.c). */
	isms_buf_puts(out, "</a>\n<nav aria-label=\"Site\">");
	for (i = 0; i < isms_site_npages; i++) {
		const struct site_page *p = &isms_site_pages[i];

		isms_buf_puts(out, i ? " \xc2\xb7 <a href=\"" : "<a href=\"");
		isms_html_href(out, page, p->file);
		isms_buf_puts(out, strcmp(page, p->file) ? "\">" :
			"\" aria-current=\"page\">");
		isms_buf_puts(out, p->label);
		isms_buf_puts(out, "</a>");
	}
	isms_buf_puts(out, "</nav>\n</div></header>\n<main>\n");
}

/* `s` as a CSS string: a byte that could end it (a quote, a backslash, a
 * line break) or the style element (a '<'), and every control, as a hex
 * escape; the rest, UTF-8 too, as it is. */
static void css_str(isms_buf *out, const char *s)
{
	const unsigned char *p;

	isms_buf_putc(out, '"');
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || strchr("\"'\\<>&", *p))
			isms_buf_printf(out, "\\%x ", *p);
		else
			isms_buf_putc(out, (char)*p);
	isms_buf_putc(out, '"');
}

/*
 * The manual on paper: the page size, and the running header and the page
 * numbers in the page's margin boxes (CSS Paged Media; Chromium draws them
 * since version 131). A margin box lies outside the page area, so the
 * header never covers the text, whatever the page holds; a browser that
 * draws no margin boxes prints no header, and still covers nothing. Pages
 * named "wide" (the process graph) are landscape.
 */
static const char box[] = "font:8pt/1.2 system-ui,\"Noto Sans\","
	"\"DejaVu Sans\",sans-serif;color:#59636e;vertical-align:bottom;"
	"padding-bottom:3mm";

static void manual_style(isms_buf *o, const char *title, const char *org,
	const char *asof, isms_paper paper)
{
	const char *size = paper == ISMS_PAPER_LETTER ? "letter" : "A4";
	isms_buf t = ISMS_BUF_INIT;

	if (org && *org) {
		isms_buf_puts(&t, org);
		isms_buf_putc(&t, ' ');
	}
	isms_buf_puts(&t, "ISMS \xe2\x80\x93 ");
	isms_buf_puts(&t, title);
	isms_buf_printf(o, "@page{size:%s;margin:20mm 16mm 18mm;@top-left{"
		"content:", size);
	css_str(o, t.ptr);
	isms_buf_printf(o, ";%s}@top-right{content:", box);
	isms_buf_truncate(&t, 0);
	isms_buf_printf(&t, "as of %s", asof);
	css_str(o, t.ptr);
	isms_buf_printf(o, ";%s}@bottom-right{content:\"Page \" counter(page) "
		"\" of \" counter(pages);%s;vertical-align:top;padding:3mm 0 0}}\n"
		"@page wide{size:%s landscape;margin:16mm 14mm 14mm}\n"
		"@media print{.wide{page:wide}}\n", box, box, size);
	isms_buf_release(&t);
}

void isms_html_page_right(isms_buf *css, const char *page, const char *text)
{
	isms_buf_printf(css, "@page %s{@top-right{content:", page);
	css_str(css, text);
	isms_buf_printf(css, ";%s}}\n", box);
}

void isms_html_begin_manual(isms_buf *out, const char *title, const char *org,
	const char *asof, isms_paper paper, const isms_buf *css)
{
	isms_buf more = ISMS_BUF_INIT;

	manual_style(&more, title, org, asof, paper);
	isms_buf_add(&more, css->ptr, css->len);
	head(out, title, org, &more);
	isms_buf_release(&more);
	isms_buf_puts(out, "<main>\n");
}

void isms_html_end(isms_buf *out, const char *footer)
{
	isms_buf_puts(out, "</main>\n<footer>");
	isms_html_text(out, footer);
	isms_buf_puts(out, "</footer>\n</body>\n</html>\n");
}
