/*
 * site-names.c - the site's names: its own pages (the table the
 * navigation, the writer loop in lib/site.c and the tests read), and the
 * page of each document and governed file. Apart from the writers, so
 * that naming a document's page (isms_facts_pages) does not bring the
 * whole site, and Graphviz, into the lint and the hooks.
 */
#include "site.h"

#include <string.h>

/*
 * The site's own pages, in the order of the navigation (lib/html.c) and
 * of writing. Every file a row names, `also` too, is reserved: no
 * document's page takes its name. Adding a page is a row here, its
 * writer in lib/site.c's table, and its test; the tests read this table
 * (tests/unit/t-site.c).
 */
const struct site_page isms_site_pages[ISMS_SITE_NPAGES] = {
	[ISMS_PAGE_INDEX] = { "index.html", "Index", { NULL } },
	[ISMS_PAGE_SOA] = { "soa.html", "SoA", { "soa.csv" } },
	[ISMS_PAGE_GRAPH] = { "graph.html", "Graph", { "graph.svg", "graph.dot" } },
	[ISMS_PAGE_DASHBOARD] = { "dashboard.html", "Dashboard", { NULL } },
	[ISMS_PAGE_AUDIT] = { "audit.html", "Audit", { NULL } },
	[ISMS_PAGE_RISKS] = { "risks.html", "Risks", { "risks.dot" } },
	[ISMS_PAGE_FINDINGS] = { "findings.html", "Findings", { NULL } },
	[ISMS_PAGE_RULES] = { "rules.html", "Rules", { NULL } },
};

const size_t isms_site_npages = ISMS_SITE_NPAGES;

int isms_site_reserved(const char *name)
{
	size_t i, k;

	for (i = 0; i < isms_site_npages; i++) {
		const struct site_page *p = &isms_site_pages[i];

		if (!strcmp(name, p->file))
			return 1;
		for (k = 0; k < SITE_ALSO_MAX && p->also[k]; k++)
			if (!strcmp(name, p->also[k]))
				return 1;
	}
	return 0;
}

void isms_site_governed_name(isms_buf *out, const char *root,
	const char *path)
{
	size_t rl = strlen(root);

	isms_buf_puts(out, "governed/");
	isms_buf_puts(out, strncmp(path, root, rl) ? path : path + rl);
	isms_buf_puts(out, ".html");
}

/* Whether site path `name` is the page of one of the governed files. */
static int governed_taken(const char *name, const char *root,
	const char *const *governed, size_t ngoverned)
{
	isms_buf g = ISMS_BUF_INIT;
	size_t i;
	int taken = 0;

	if (strncmp(name, "governed/", 9))
		return 0;
	for (i = 0; !taken && i < ngoverned; i++) {
		isms_buf_truncate(&g, 0);
		isms_site_governed_name(&g, root, governed[i]);
		taken = !strcmp(g.ptr, name);
	}
	isms_buf_release(&g);
	return taken;
}

void isms_site_page_name(isms_buf *out, const char *root, const char *path,
	const char *const *governed, size_t ngoverned)
{
	size_t rl = strlen(root), n, at = out->len;

	if (!strncmp(path, root, rl))
		path += rl;
	n = strlen(path);
	if (n > 3 && !strcmp(path + n - 3, ".md"))
		n -= 3;
	isms_buf_add(out, path, n);
	isms_buf_puts(out, ".html");
	/* index.md's page would clash with the site's index.html, and a
	 * link to it would lead there; governed/isms.yml.md's with the page
	 * of isms.yml: the whole name, ".html" added (and again, should a
	 * governed file's page have that name too). */
	if (isms_site_reserved(out->ptr + at) ||
	    governed_taken(out->ptr + at, root, governed, ngoverned)) {
		isms_buf_truncate(out, at);
		isms_buf_puts(out, path);
		isms_buf_puts(out, ".html");
	}
	while (governed_taken(out->ptr + at, root, governed, ngoverned))
		isms_buf_puts(out, ".html");
}
