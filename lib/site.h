/*
 * site.h - what the files of the site share (internal to lib/site*.c).
 *
 *   site.c         orchestration: the folder, writing pages, swapping the
 *                  new site in, the pages on every core
 *   site-names.c   the site's own pages (the table) and every page's name
 *   site-common.c  the pieces the pages are written with (the facts
 *                  they show are the model's: lib/facts.c)
 *   site-pages.c   index.html, findings.html, the SoA and graph pages
 *   site-doc.c     a document's page, and a governed file's
 *   site-dash.c    dashboard.html
 *   site-audit.c   audit.html
 *   site-manual.c  isms-render manual, from the document page's parts
 *   site-risk.c    risks.html, the heat map, the audit page's site table
 *   site-rules.c   rules.html, and the links of rule ids to it
 *   site-graph.c   a process page's neighbourhood graph
 *
 * Pages append to an isms_buf and borrow everything from struct site;
 * strings they make live in its arena. The one-line readers of the model
 * are inline here; what is shared across files is isms_site_*.
 */
#ifndef ISMS_SITE_H
#define ISMS_SITE_H

#include "model.h"

#include <pthread.h>
#include <string.h>

struct site {
	const isms_model *m;
	const isms_report *findings;
	int unsafe;
	const char *tmp;         /* the folder being written */
	const char *prev;        /* the site it replaces, or NULL */
	struct relink *relink;   /* its pages found the same (lib/site.c),
	                            when prev */
	const char *made;        /* the folder this copy made last, or NULL */
	const char *root;        /* the ISMS root: "" or "dir/" */
	const char *footer;
	isms_arena *a;
	const char *const *pages;  /* site path of each document's page
	                              (isms_facts_pages) */
	isms_error *err;
	const char *page;        /* the site's own page being written */
	int manual;              /* one page (the manual): a link to a
	                            document goes to its article, #doc-K */
	const isms_audit *audit; /* the auditor's verdict, in s->a */
	const isms_graph *graph; /* the process graph (isms_graph_build), in
	                            s->a */
	const struct site_bodies *bodies;  /* rendered ahead, or NULL */
};

/*
 * The bodies rendered ahead (lib/site-doc.c): the lint reads the history
 * long after the documents (isms_lint_opts.docs_read), and a body needs
 * only the documents, so a thread of its own renders them all meanwhile
 * (the Markdown renderer runs one body at a time anyway). A page takes
 * its body from here; one that could not be rendered is rendered again
 * by its page, which then says why.
 */
struct site_bodies {
	struct site s;           /* what a body reads: m, pages, unsafe */
	isms_error err;
	size_t n;                /* documents */
	struct site_body {
		const char *html;    /* without its <div>: in the cache, or */
		size_t len;
		isms_buf own;        /* rendered here; released by its page
		                        once used (once a render) */
	} *body;                 /* per document */
	char *ok;                /* per document: body[k] is its body */
	pthread_t tid;
	int running;
};
struct site_bodies *isms_site_bodies_start(const isms_model *m, int unsafe);
/* Until every body is rendered (then the model may go). */
void isms_site_bodies_wait(struct site_bodies *b);
/* Waits, and frees; reads nothing of the model. */
void isms_site_bodies_free(struct site_bodies *b);

/*
 * A page of the site's own (lib/site-names.c:isms_site_pages, the table
 * the navigation, the reserved names, the writer loop and the tests
 * read): its site path, its label in the navigation, and the files its
 * writer (lib/site.c, one per row) writes beside it with
 * isms_site_write_page. A writer fills `o` with the page (s->page is
 * `file` meanwhile) and returns 0, or -1 with s->err set.
 */
enum {
	ISMS_PAGE_INDEX, ISMS_PAGE_SOA, ISMS_PAGE_GRAPH, ISMS_PAGE_DASHBOARD,
	ISMS_PAGE_AUDIT, ISMS_PAGE_RISKS, ISMS_PAGE_FINDINGS, ISMS_PAGE_RULES,
	ISMS_SITE_NPAGES
};
#define SITE_ALSO_MAX 3
struct site_page {
	const char *file;
	const char *label;
	const char *also[SITE_ALSO_MAX];  /* NULL-terminated when shorter */
};
extern const struct site_page isms_site_pages[ISMS_SITE_NPAGES];
extern const size_t isms_site_npages;
/* Whether `name` (a site path) is a file of a row of isms_site_pages. */
int isms_site_reserved(const char *name);

/* ---------------------------------------------------------------- site-names.c */

/* isms_doc_page for the document at repository path `path` under the
 * ISMS root `root` ("" or "dir/"): never a name of the site's own pages
 * (isms_site_reserved) nor the page of one of the `ngoverned` files
 * `governed` (repository paths). */
void isms_site_page_name(isms_buf *out, const char *root, const char *path,
	const char *const *governed, size_t ngoverned);
/* The page of governed file `path` (a repository path): governed/PATH.html,
 * PATH under the ISMS root `root`. */
void isms_site_governed_name(isms_buf *out, const char *root,
	const char *path);

/* ---------------------------------------------------------------- site.c */

/* Set up `s` to render `m`: a new arena (the caller frees s->a), the
 * footer, the page of every document (isms_facts_pages), the rest of
 * the model's facts, made before the pages' threads start, and the
 * auditor's verdict on them and `findings`. */
void isms_site_init(struct site *s, const isms_model *m,
	const isms_report *findings, int unsafe, isms_error *err);
/* Write `text` to the site path `rel` in the folder being written. */
int isms_site_write_page(struct site *s, const char *rel, const isms_buf *text);

/* ---------------------------------------------------------------- facts */

/* The approval branch's history of `d`, or NULL. */
static inline const isms_doc_history *history_of(const isms_model *m,
	const isms_doc *d)
{
	return m->history ? isms_history_doc(m->history, d->path) : NULL;
}

/* A front matter scalar, or NULL. */
static inline const char *fm_str(const isms_doc *d, const char *key)
{
	return isms_yaml_str(isms_yaml_get(d->fm, key));
}

/* A `date`-like field as a day, or -1. */
static inline long fm_day(const isms_doc *d, const char *key)
{
	const char *v = fm_str(d, key);
	long day;

	return v && isms_date_parse(v, &day) == 0 ? day : -1;
}

static inline int is_type(const isms_doc *d, const char *type)
{
	return d->type && !strcmp(d->type, type);
}

/* Document types in the order of the table of contents (and of the
 * manual's); `record` marks the types that are records. */
struct site_group { const char *type, *label; int record; };
extern const struct site_group isms_site_groups[];
extern const size_t isms_site_ngroups;

/* Whether documents of d's type are records (isms_site_groups). */
static inline int is_record(const isms_doc *d)
{
	size_t i;

	for (i = 0; d->type && i < isms_site_ngroups; i++)
		if (!strcmp(isms_site_groups[i].type, d->type))
			return isms_site_groups[i].record;
	return 0;
}

/* ---------------------------------------------------------------- pieces */

static inline const char *title_of(const isms_doc *d)
{
	return d->title && *d->title ? d->title : d->path;
}

/* A front matter list, where a lone scalar is a list of one. */
static inline size_t list_len(const isms_ynode *v)
{
	return v && v->kind == ISMS_Y_SEQ ? v->n : isms_yaml_str(v) ? 1 : 0;
}

/* Its i-th item's text, or NULL when that is not a scalar. */
static inline const char *list_str(const isms_ynode *v, size_t i)
{
	return isms_yaml_str(v->kind == ISMS_Y_SEQ ? v->items[i] : v);
}

/* A day, or a dash for -1. */
void isms_site_put_date(isms_buf *o, long day);
/* A value, or a dash when there is none. */
void isms_site_put_value(isms_buf *o, const char *s);
void isms_site_put_badge(isms_buf *o, const char *cls, const char *text);
/* d's status as a badge: "approved" only while the text in force is
 * (isms_facts_in_force), else "change pending approval" or "not
 * approved"; `full` adds why. */
void isms_site_put_status(isms_buf *o, const struct site *s, const isms_doc *d,
	int full);
/* The review state as a badge; `full` adds the dates. */
void isms_site_put_review(isms_buf *o, const struct site *s,
	const isms_review *rv, int full);
/* A commit id (10 characters, in <code>) and a pull request's "#N", each
 * linked to its page on the forge isms.yml names (isms_forge_url). */
void isms_site_put_commit(isms_buf *o, const struct site *s, const char *sha);
void isms_site_put_pr(isms_buf *o, const struct site *s, long pr);
/* "Jane Roe (ciso)" for a role with a name, else the role key. */
void isms_site_put_owner(isms_buf *o, const isms_config *cfg, const char *key);
/* Tracker key `key`, linked through tickets.url when it is a web address,
 * and with an export (tickets.export) its state as a badge. */
void isms_site_put_ticket(isms_buf *o, const isms_model *m, const char *key);
/* A link from the page at `from` to the page `to`, with text `text`. */
void isms_site_put_link(isms_buf *o, const char *from, const char *to,
	const char *fragment, const char *text);

/* ---------------------------------------------------------------- pages */

/* Document k's page (at s->pages[k]). */
int isms_site_doc_page(isms_buf *o, struct site *s, size_t k);
/* The rest of a document's <article>, after its kicker's text: the
 * title, the metadata, the body and the version history, links made
 * from `page`; the manual shares it. */
int isms_site_doc_article(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page);
/* A version history with its approvals as a table (`dh` may be NULL: no
 * change yet); `path` is the file's path at the tip. */
void isms_site_history_table(isms_buf *o, struct site *s,
	const isms_doc_history *dh, const char *path);
/* A change's approval: who approved it, with what evidence, how it landed. */
void isms_site_put_approval(isms_buf *o, const struct site *s,
	const isms_change *c);

/* Governed files: their site paths, and their pages written. */
const char *isms_site_governed_page_of(struct site *s, const char *path);
int isms_site_governed_pages(isms_buf *o, struct site *s);

/* The writers of isms_site_pages. */
int isms_site_index_page(isms_buf *o, struct site *s);
int isms_site_soa_page(isms_buf *o, struct site *s);
int isms_site_graph_page(isms_buf *o, struct site *s);
int isms_site_dashboard_page(isms_buf *o, struct site *s);
int isms_site_audit_page(isms_buf *o, struct site *s);
int isms_site_findings_page(isms_buf *o, struct site *s);
/* A process's neighbourhood on its page (lib/site-graph.c): its inputs
 * and outputs as an inline SVG at its natural size, each process linked
 * to its page; nothing for a document that is not a process of the graph,
 * nor in the manual. */
void isms_site_neighbourhood(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page);
/* rules.html (lib/site-rules.c): every rule, at an anchor that is its id. */
int isms_site_rules_page(isms_buf *o, struct site *s);
/* A rule id in <code>, linked to its entry on rules.html when it is a
 * lint rule's (a check of the verdict's is not). */
void isms_site_put_rule(isms_buf *o, const struct site *s, const char *id);

/* ---------------------------------------------------------------- site-risk.c */

/* Sites and risks (PRODUCT.md section 7). The site x control table, in
 * the verdict's "sites" item on the audit page (nothing without sites). */
void isms_site_sites_table(isms_buf *o, struct site *s);
/* The 5x5 risk heat map (likelihood x impact), each cell with its count
 * and links to its risks: their pages, or with `manual` their articles
 * (#doc-K) in the manual. */
void isms_site_heatmap(isms_buf *o, struct site *s, int manual);
/* A risk's assessment on its page (rows of a <dl class="meta">: score,
 * treatment and acceptance, next review); nothing for other documents. */
void isms_site_risk_meta(isms_buf *o, struct site *s, const isms_doc *d);
/* risks.html: the register, the heat map, the risk -> control graph. */
int isms_site_risks_page(isms_buf *o, struct site *s);

#endif
