/*
 * t-site.c - the site's page table (lib/site.c): its names are unique
 * and reserved, and the navigation of every page lists its pages in its
 * order, marking the page it is on.
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

	each_file(see_file, &s);
	ok(isms_site_npages > 0, "the site has pages of its own");
	is_int(s.dup, 0, "no file is named twice in the page table");
	is_int(s.unreserved, 0, "every file of the table is a reserved name");
	ok(!isms_site_reserved("policies/index.html"),
		"a page's name is reserved at the top of the site only");
	ok(!isms_site_reserved("index"), "and only as a whole name");
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
	for (i = 0; i < isms_site_npages; i++)
		test_nav(isms_site_pages[i].file);
	test_nav("policies/information-security.html");
	return done_testing();
}
