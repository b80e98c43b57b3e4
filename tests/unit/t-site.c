/*
 * t-site.c - the site's page table (lib/site.c): its names are unique
 * and reserved, no document's page takes one, and the navigation of
 * every page lists its pages in its order, marking the page it is on.
 *
 * `t-site --files` prints instead every file the table names, one a
 * line: the command-line tests check a rendered site against it
 * (tests/cli/lib.sh: site_files), so a new page needs no test edited to
 * be counted.
 */
#include "site.h"
#include "tap.h"

/* Call `fn` with each file the table names: a row's file, then its also. */
static void each_file(void (*fn)(const char *file, void *arg), void *arg)
{
	size_t i, k;

	for (i = 0; i < isms_site_npages; i++) {
		fn(isms_site_pages[i].file, arg);
		for (k = 0; k < SITE_ALSO_MAX && isms_site_pages[i].also[k]; k++)
			fn(isms_site_pages[i].also[k], arg);
	}
}

static void print_file(const char *file, void *arg)
{
	(void)arg;
	printf("%s\n", file);
}

static int is_html(const char *file)
{
	size_t n = strlen(file);

	return n > 5 && !strcmp(file + n - 5, ".html");
}

struct seen { const char *names[64]; size_t n; int dup, unreserved; };

static void see_file(const char *file, void *arg)
{
	struct seen *s = arg;
	size_t i;

	for (i = 0; i < s->n; i++)
		s->dup += !strcmp(s->names[i], file);
	if (s->n < sizeof(s->names) / sizeof(s->names[0]))
		s->names[s->n++] = file;
	s->unreserved += !isms_site_reserved(file);
}

static void test_names(void)
{
	struct seen s = { { NULL }, 0, 0, 0 };
	size_t i, html = 0;

	each_file(see_file, &s);
	ok(isms_site_npages > 0, "the site has pages of its own");
	for (i = 0; i < isms_site_npages; i++)
		html += is_html(isms_site_pages[i].file);
	is_int(html, isms_site_npages, "each is an HTML page, X.html");
	is_int(s.dup, 0, "no file is named twice in the page table");
	is_int(s.unreserved, 0, "every file of the table is a reserved name");
	ok(!isms_site_reserved("policies/index.html"),
		"a page's name is reserved at the top of the site only");
	ok(!isms_site_reserved("index"), "and only as a whole name");
}

static isms_buf name;

/* The governed files of the tests below. */
static const char *const governed[] = { "isms.yml", "isms/soa.yml",
	"isms/governed/x.yml" };

/* isms_site_page_name of `path` under `root`, after `before` (in name). */
static const char *page_name(const char *before, const char *root,
	const char *path)
{
	isms_buf_truncate(&name, 0);
	isms_buf_puts(&name, before);
	isms_site_page_name(&name, root, path, governed, 3);
	return name.ptr;
}

static void test_page_names(void)
{
	size_t i, bad = 0;

	is_str(page_name("", "", "policies/access.md"), "policies/access.html",
		"a document's page is its path with .md replaced by .html");
	is_str(page_name("", "isms/", "isms/policies/a b.md"), "policies/a b.html",
		"under the ISMS root, not encoded (isms_doc_href encodes)");
	is_str(page_name("", "", "notes"), "notes.html",
		"a path without .md gets .html added");
	is_str(page_name("", "", "index.md"), "index.md.html",
		"index.md does not take the site's index.html");
	is_str(page_name("", "isms/", "isms/soa.md"), "soa.md.html",
		"nor soa.md the SoA's page, under a root too");
	is_str(page_name("", "", "policies/index.md"), "policies/index.html",
		"a reserved name below the top is the document's");
	is_str(page_name("../", "", "graph.md"), "../graph.md.html",
		"the name is appended to what the buffer holds");
	is_str(page_name("", "", "governed/isms.yml.md"),
		"governed/isms.yml.md.html",
		"a document does not take the page of governed isms.yml");
	is_str(page_name("", "isms/", "isms/governed/soa.yml.md"),
		"governed/soa.yml.md.html", "nor of soa.yml, under a root");
	is_str(page_name("", "isms/", "isms/governed/governed/x.yml.md"),
		"governed/governed/x.yml.md.html",
		"nor of governed/x.yml (whose page is governed/governed/x.yml.html)");
	is_str(page_name("", "", "governed/policy.md"), "governed/policy.html",
		"a document under governed/ whose page no governed file has keeps it");
	/* Each page of the table is an X.html (test_names). */
	for (i = 0; i < isms_site_npages; i++) {
		const char *f = isms_site_pages[i].file;
		char md[128];

		snprintf(md, sizeof(md), "%.*s.md", (int)(strlen(f) - 5), f);
		bad += isms_site_reserved(page_name("", "", md));
	}
	is_int(bad, 0, "no document takes a page of the table: each X.md "
		"for an X.html of the table gets another page");
	isms_buf_release(&name);
}

/* `p` past `s`, or NULL when `p` (may be NULL) does not start with it. */
static const char *skip(const char *p, const char *s)
{
	size_t n = strlen(s);

	return p && !strncmp(p, s, n) ? p + n : NULL;
}

/*
 * Read the links of a page's navigation back: each must be the next row
 * of the table, <a href="FILE, linked from page">LABEL</a>, with
 * aria-current="page" when it is `page`; and there are no others.
 */
static int nav_is_table(const char *nav, const char *page)
{
	isms_buf href = ISMS_BUF_INIT;
	size_t i;

	for (i = 0; nav && i < isms_site_npages; i++) {
		const struct site_page *p = &isms_site_pages[i];

		isms_buf_truncate(&href, 0);
		isms_html_href(&href, page, p->file);
		nav = skip(strstr(nav, "<a href=\""), "<a href=\"");
		nav = skip(nav, href.ptr);
		nav = skip(nav, strcmp(page, p->file) ? "\">" :
			"\" aria-current=\"page\">");
		nav = skip(nav, p->label);
		nav = skip(nav, "</a>");
	}
	isms_buf_release(&href);
	return nav && !strstr(nav, "<a ");
}

static void test_nav(const char *page)
{
	isms_buf b = ISMS_BUF_INIT, nav = ISMS_BUF_INIT;
	const char *start, *end;

	isms_html_begin(&b, page, "Title", "Example Ltd");
	start = strstr(b.ptr, "<nav aria-label=\"Site\">");
	end = start ? strstr(start, "</nav>") : NULL;
	if (end)
		isms_buf_add(&nav, start, (size_t)(end - start));
	ok(end && nav_is_table(nav.ptr, page), "the navigation of %s lists "
		"the table's pages in order, marking its own", page);
	isms_buf_release(&b);
	isms_buf_release(&nav);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "--files")) {
		each_file(print_file, NULL);
		return fflush(stdout) || ferror(stdout) ? 2 : 0;
	}
	test_names();
	test_page_names();
	for (i = 0; i < isms_site_npages; i++)
		test_nav(isms_site_pages[i].file);
	test_nav("policies/information-security.html");
	return done_testing();
}
