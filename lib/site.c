/*
 * site.c - isms-render site: the ISMS as a static web site.
 *
 * index.html lists the documents by type with their owner, version,
 * status, last approval and review state; each document has a page at its
 * path with .md turned into .html (so relative links between documents
 * keep working) with its metadata, its body, and its version history with
 * the approval records; findings.html lists the lint findings.
 *
 * The site is written into a new folder beside the output folder and
 * swapped in only once every page is written: a render that fails leaves
 * the previous site as it was. Pages depend on the repository state and
 * the evaluation date only (no clock, no order of threads), so the same
 * state gives the same bytes.
 */
#include "isms.h"

#include <pthread.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Marks an output folder as a site this tool wrote, which it may
 * replace; any other non-empty folder is left alone. */
#define MARKER ".isms-site"

/* A review due within this many days is shown as due soon. */
#define DUE_SOON_DAYS 30

struct site {
	const isms_model *m;
	const isms_report *findings;
	int unsafe;
	const char *tmp;         /* the folder being written */
	const char *root;        /* the ISMS root: "" or "dir/" */
	const char *footer;
	isms_arena *a;
	const char **pages;      /* site path of each document's page */
	isms_error *err;
};

/* ---------------------------------------------------------------- facts */

static long day_of(long long t)
{
	return (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

static const isms_doc_history *history_of(const isms_model *m,
	const isms_doc *d)
{
	return m->history ? isms_history_doc(m->history, d->path) : NULL;
}

enum { RV_NONE, RV_CURRENT, RV_SOON, RV_OVERDUE, RV_NEVER };

struct review {
	int state;
	long last;               /* day the last approved change landed, or -1 */
	const char *last_commit; /* its commit */
	long due;                /* day the next review is due, or -1 */
	size_t unapproved;       /* changes since the last approved one */
	const char *why;         /* RV_NONE: why it is not reviewed */
};

/*
 * The review state as the review/overdue rule judges it (lib/approval.c):
 * controlled documents (a version or a review date of their own, not
 * retired) are due an interval after their last approved change, or on
 * next_review when that comes first. Computed here rather than taken
 * from the findings, so that a page also shows when the next review is.
 */
static void review_of(struct review *rv, const isms_model *m,
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
		rv->last = day_of(dh->changes[i].landed);
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

/* ---------------------------------------------------------------- pieces */

static void put_date(isms_buf *o, long day)
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
static void put_value(isms_buf *o, const char *s)
{
	if (s && *s)
		isms_html_text(o, s);
	else
		isms_buf_puts(o, "<span class=\"muted\">\xe2\x80\x94</span>");
}

static void put_badge(isms_buf *o, const char *cls, const char *text)
{
	isms_buf_printf(o, "<span class=\"state %s\">", cls);
	isms_html_text(o, text);
	isms_buf_puts(o, "</span>");
}

static void put_status(isms_buf *o, const char *status)
{
	if (!status)
		put_value(o, NULL);
	else
		put_badge(o, !strcmp(status, "approved") ? "ok" :
			!strcmp(status, "draft") ? "warn" : "none", status);
}

/* The review state as a badge; `full` adds the dates. */
static void put_review(isms_buf *o, const struct review *rv, int full)
{
	char due[11];

	isms_date_format(due, rv->due >= 0 ? rv->due : 0);
	switch (rv->state) {
	case RV_NONE:
		put_badge(o, "none", rv->why);
		break;
	case RV_NEVER:
		put_badge(o, "bad", "never approved");
		break;
	case RV_OVERDUE:
		put_badge(o, "bad", "overdue");
		if (full)
			isms_buf_printf(o, " the review was due by %s", due);
		break;
	default:
		put_badge(o, rv->state == RV_SOON ? "warn" : "ok",
			rv->state == RV_SOON ? "due soon" : "current");
		if (full)
			isms_buf_printf(o, " next review by %s", due);
	}
	if (full && rv->last >= 0) {
		isms_buf_puts(o, "; last approved ");
		put_date(o, rv->last);
		isms_buf_printf(o, " in <code>%.10s</code>", rv->last_commit);
	}
	if (rv->unapproved)
		isms_buf_printf(o, " <span class=\"state warn\">%zu unapproved "
			"change%s</span>", rv->unapproved,
			rv->unapproved == 1 ? "" : "s");
}

/* "Jane Roe (ciso)" for a role with a name, else the role key. */
static void put_owner(isms_buf *o, const isms_config *cfg, const char *key)
{
	const isms_role *r = key ? isms_config_role(cfg, key) : NULL;

	if (!r || !r->name || !*r->name) {
		put_value(o, key);
		return;
	}
	isms_html_text(o, r->name);
	isms_buf_puts(o, " <span class=\"muted\">(");
	isms_html_text(o, key);
	isms_buf_puts(o, ")</span>");
}

/* A link from the page at `from` to the page `to`, with text `text`. */
static void put_link(isms_buf *o, const char *from, const char *to,
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

static const char *title_of(const isms_doc *d)
{
	return d->title && *d->title ? d->title : d->path;
}

/* A front matter list, where a lone scalar is a list of one. */
static size_t list_len(const isms_ynode *v)
{
	return v && v->kind == ISMS_Y_SEQ ? v->n : isms_yaml_str(v) ? 1 : 0;
}

/* Its i-th item's text, or NULL when that is not a scalar. */
static const char *list_str(const isms_ynode *v, size_t i)
{
	return isms_yaml_str(v->kind == ISMS_Y_SEQ ? v->items[i] : v);
}

/* ---------------------------------------------------------------- files */

/* Site path of a document's page: its path under the ISMS root, .md
 * replaced by .html; a name the site uses at the top gets ".html" added. */
static const char *page_of(struct site *s, const isms_doc *d)
{
	static const char *const taken[] = { "index.html", "findings.html",
		"soa.html", "soa.csv", "graph.html", "graph.svg", "graph.dot",
		"dashboard.html", "audit.html" };
	size_t rl = strlen(s->root), n, i;
	const char *rel = d->path, *p;

	if (!strncmp(rel, s->root, rl))
		rel += rl;
	n = strlen(rel);
	if (n > 3 && !strcmp(rel + n - 3, ".md"))
		n -= 3;
	p = isms_arena_printf(s->a, "%.*s.html", (int)n, rel);
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
		if (!strcmp(p, taken[i]))
			return isms_arena_printf(s->a, "%s.html", rel);
	return p;
}

/* A folder name a page may be written under: not "", "." or "..". */
static int name_ok(const char *seg, size_t len)
{
	return len && !(len == 1 && seg[0] == '.') &&
		!(len == 2 && seg[0] == '.' && seg[1] == '.');
}

/*
 * Write `text` to `rel` (a site path) in the temporary folder, making its
 * folders. Paths come from git, which refuses "." and ".." components;
 * they are refused here too, so nothing is ever written outside the
 * folder. O_EXCL: two documents never silently share a page.
 */
static int write_page(struct site *s, const char *rel, const isms_buf *text)
{
	char *path = isms_arena_printf(s->a, "%s/%s", s->tmp, rel);
	char *p = path + strlen(s->tmp) + 1, *seg = p;
	ssize_t w = 0;
	size_t done = 0;
	int fd;

	errno = 0;
	for (; *p; p++) {
		if (*p != '/')
			continue;
		if (!name_ok(seg, (size_t)(p - seg)))
			return isms_error_set(s->err, rel, 0, 0,
				"cannot render a document at this path");
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*p = '/';
			goto fail;
		}
		*p = '/';
		seg = p + 1;
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
		goto fail;
	while (done < text->len &&
	       (w = write(fd, text->ptr + done, text->len - done)) > 0)
		done += (size_t)w;
	if (close(fd) < 0 || done < text->len)
		goto fail;
	return 0;
fail:
	return isms_error_set(s->err, "", 0, 0, "cannot write %s of the site: %s",
		rel, strerror(errno ? errno : EIO));
}

static int rm_entry(const char *path, const struct stat *st, int flag,
	struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path) < 0 ? -1 : 0;
}

/* Remove a folder this render made, without following symlinks. */
static void remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int has_marker(struct site *s, const char *dir)
{
	return access(isms_arena_printf(s->a, "%s/" MARKER, dir), F_OK) == 0;
}

/*
 * Put the new site in place of the old one. RENAME_EXCHANGE swaps the two
 * folders in one step, so a reader never sees no site; where the file
 * system cannot (EINVAL), the old one is moved aside first and moved back
 * if the new one cannot follow.
 */
static int swap_in(struct site *s, const char *out)
{
	struct stat st;
	char *old;

	if (lstat(out, &st) == 0 && !S_ISDIR(st.st_mode))
		return isms_error_set(s->err, "", 0, 0, "cannot write the site "
			"to %s: it exists and is not a folder", out);
	/* No folder, or an empty one (rmdir removes only those): move in. */
	if ((lstat(out, &st) < 0 && errno == ENOENT) || rmdir(out) == 0) {
		if (rename(s->tmp, out) < 0)
			goto fail;
		return 0;
	}
	if (!has_marker(s, out))
		return isms_error_set(s->err, "", 0, 0, "will not replace %s: "
			"the folder is not empty and holds no site written by "
			"isms-render (no " MARKER " file)", out);
	if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
		remove_tree(s->tmp);
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS)
		goto fail;
	old = isms_arena_printf(s->a, "%s.old-XXXXXX", out);
	if (!mkdtemp(old))
		goto fail;
	if (rename(out, old) < 0) {
		int e = errno;
		rmdir(old);
		errno = e;
		goto fail;
	}
	if (rename(s->tmp, out) < 0) {
		int e = errno;
		rename(old, out);
		errno = e;
		goto fail;
	}
	remove_tree(old);
	return 0;
fail:
	return isms_error_set(s->err, "", 0, 0, "cannot put the site in %s: %s",
		out, strerror(errno));
}

/* ---------------------------------------------------------------- index */

/* Document types in the order of the table of contents; the others
 * follow in name order, and documents without a type last. */
static const struct { const char *type, *label; int record; } groups[] = {
	{ "policy", "Policies", 0 },
	{ "process", "Processes", 0 },
	{ "procedure", "Procedures", 0 },
	{ "management-review", "Management reviews", 1 },
	{ "internal-audit", "Internal audits", 1 },
	{ "nonconformity", "Non-conformities", 1 },
	{ "training", "Training", 1 },
};

static int known_type(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (type && !strcmp(type, groups[i].type))
			return 1;
	return 0;
}

static void toc_row(isms_buf *o, struct site *s, size_t k)
{
	const isms_doc *d = &s->m->docs[k];
	struct review rv;

	review_of(&rv, s->m, d);
	isms_buf_puts(o, "<tr><td class=\"nowrap\">");
	put_value(o, d->id);
	isms_buf_puts(o, "</td><td>");
	put_link(o, "index.html", s->pages[k], NULL, title_of(d));
	isms_buf_puts(o, "</td><td>");
	put_owner(o, s->m->cfg, d->owner);
	isms_buf_puts(o, "</td><td>");
	put_value(o, d->version);
	isms_buf_puts(o, "</td><td>");
	put_status(o, d->status);
	isms_buf_puts(o, "</td><td class=\"nowrap\">");
	put_date(o, rv.last);
	isms_buf_puts(o, "</td><td>");
	put_review(o, &rv, 0);
	isms_buf_puts(o, "</td></tr>\n");
}

/* One group of the table of contents: the documents whose type is
 * `type` (NULL: those without a type). */
static void toc_group(isms_buf *o, struct site *s, const char *type,
	const char *label, int level)
{
	size_t i, n = 0;

	for (i = 0; i < s->m->ndocs; i++) {
		const char *t = s->m->docs[i].type;
		if (type ? !t || strcmp(t, type) : t != NULL)
			continue;
		if (!n++) {
			isms_buf_printf(o, "<h%d>", level);
			isms_html_text(o, label);
			isms_buf_printf(o, "</h%d>\n<table>\n<thead><tr><th>ID</th>"
				"<th>Title</th><th>Owner</th><th>Version</th>"
				"<th>Status</th><th>Last approval</th><th>Review</th>"
				"</tr></thead>\n<tbody>\n", level);
		}
		toc_row(o, s, i);
	}
	if (n)
		isms_buf_puts(o, "</tbody>\n</table>\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Types no group names, each once, in name order. */
static size_t other_types(struct site *s, const char ***out)
{
	const char **t = isms_arena_alloc(s->a, (s->m->ndocs + 1) * sizeof(*t));
	size_t i, n = 0, k = 0;

	for (i = 0; i < s->m->ndocs; i++)
		if (s->m->docs[i].type && !known_type(s->m->docs[i].type))
			t[n++] = s->m->docs[i].type;
	qsort(t, n, sizeof(*t), cmp_str);
	for (i = 0; i < n; i++)
		if (!k || strcmp(t[k - 1], t[i]))
			t[k++] = t[i];
	*out = t;
	return k;
}

/* The scope: the documents that say they address clause 4.3. */
static void index_scope(isms_buf *o, struct site *s)
{
	const isms_ynode *v;
	const char *c;
	size_t i, j, n, found = 0;

	isms_buf_puts(o, "<p><strong>Scope:</strong> ");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		v = isms_yaml_get(d->fm, "clauses");
		n = list_len(v);
		for (j = 0; j < n; j++)
			if ((c = list_str(v, j)) && !strcmp(c, "4.3"))
				break;
		if (j == n)
			continue;
		isms_buf_puts(o, found++ ? ", " : "determined in ");
		put_link(o, "index.html", s->pages[i], NULL, title_of(d));
	}
	isms_buf_puts(o, found ? " (clause 4.3)." :
		"no document addresses clause 4.3 (the scope of the ISMS).");
	isms_buf_puts(o, "</p>\n");
}

static void index_governed(isms_buf *o, struct site *s);

static void index_page(isms_buf *o, struct site *s)
{
	const isms_model *m = s->m;
	const char **types;
	size_t i, n;
	int records = 0;

	isms_html_begin(o, "index.html", "Index", m->cfg->organisation);
	isms_buf_puts(o, "<h1>");
	if (m->cfg->organisation && *m->cfg->organisation) {
		isms_html_text(o, m->cfg->organisation);
		isms_buf_puts(o, " \xe2\x80\x93 ");
	}
	isms_buf_puts(o, "Information Security Management System</h1>\n");
	index_scope(o, s);
	isms_buf_printf(o, "<p>%zu document%s. ", m->ndocs, m->ndocs == 1 ? "" : "s");
	isms_buf_puts(o, "Lint: ");
	put_link(o, "index.html", "findings.html", NULL, "findings");
	isms_buf_printf(o, " \xe2\x80\x93 %zu error%s, %zu warning%s.</p>\n",
		s->findings->errors, s->findings->errors == 1 ? "" : "s",
		s->findings->warnings, s->findings->warnings == 1 ? "" : "s");
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (groups[i].record && !records++)
			isms_buf_puts(o, "<h2>Records</h2>\n");
		toc_group(o, s, groups[i].type, groups[i].label,
			groups[i].record ? 3 : 2);
	}
	n = other_types(s, &types);
	for (i = 0; i < n; i++)
		toc_group(o, s, types[i], types[i], 2);
	toc_group(o, s, NULL, "Documents without a type", 2);
	index_governed(o, s);
	isms_html_end(o, s->footer);
}

/* ---------------------------------------------------------------- document */

static void meta_row(isms_buf *o, const char *label)
{
	isms_buf_puts(o, "<dt>");
	isms_buf_puts(o, label);
	isms_buf_puts(o, "</dt><dd>");
}

/* Controls, each linked to its row of the Statement of Applicability. */
static void meta_controls(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "controls");
	size_t i, n = list_len(v), shown = 0;
	const isms_control *c;
	const char *ref, *id;

	if (!n)
		return;
	meta_row(o, "Controls");
	for (i = 0; i < n; i++) {
		if (!(ref = list_str(v, i)))
			continue;
		isms_buf_puts(o, shown++ ? "<br>\n" : "");
		if (!(c = isms_catalog_find(ref, NULL))) {
			isms_html_text(o, ref);
			isms_buf_puts(o, " <span class=\"state bad\">not in the "
				"catalog</span>");
			continue;
		}
		/* The SoA page's row of control 5.1 has id="A.5.1". */
		id = isms_arena_printf(s->a, "A.%s", c->id);
		put_link(o, page, "soa.html", id, id);
		isms_buf_putc(o, ' ');
		isms_html_text(o, c->title);
	}
	isms_buf_puts(o, "</dd>\n");
}

static void meta_clauses(isms_buf *o, const isms_doc *d)
{
	const isms_ynode *v = isms_yaml_get(d->fm, "clauses");
	size_t i, n = list_len(v), shown = 0;
	const isms_clause *c;
	const char *ref;

	if (!n)
		return;
	meta_row(o, "Clauses");
	for (i = 0; i < n; i++) {
		if (!(ref = list_str(v, i)))
			continue;
		isms_buf_puts(o, shown++ ? "<br>\n" : "");
		isms_html_text(o, ref);
		if ((c = isms_catalog_clause(ref))) {
			isms_buf_putc(o, ' ');
			isms_html_text(o, c->title);
		}
	}
	isms_buf_puts(o, "</dd>\n");
}

static void doc_meta(isms_buf *o, struct site *s, const isms_doc *d,
	const char *page)
{
	const char *cls = isms_yaml_str(isms_yaml_get(d->fm, "classification"));
	struct review rv;

	review_of(&rv, s->m, d);
	isms_buf_puts(o, "<dl class=\"meta\">\n");
	meta_row(o, "ID");
	put_value(o, d->id);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Owner");
	put_owner(o, s->m->cfg, d->owner);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Version");
	put_value(o, d->version);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Status");
	put_status(o, d->status);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Classification");
	put_value(o, cls);
	isms_buf_puts(o, "</dd>\n");
	meta_controls(o, s, d, page);
	meta_clauses(o, d);
	meta_row(o, "Review");
	put_review(o, &rv, 1);
	isms_buf_puts(o, "</dd>\n");
	meta_row(o, "Source");
	isms_buf_puts(o, "<code>");
	isms_html_text(o, d->path);
	isms_buf_puts(o, "</code></dd>\n</dl>\n");
}

/* The document's body as HTML, read again from the source: the model
 * keeps only the facts the rules need, not the text. */
static int doc_body(isms_buf *o, struct site *s, const isms_doc *d)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_split sp;
	int rc;

	if ((rc = isms_source_read(&text, s->m->src, d->path, s->err)) < 0) {
		isms_buf_release(&text);
		if (rc == ISMS_ENOTFOUND)
			isms_error_set(s->err, d->path, 0, 0, "no such file");
		return -1;
	}
	isms_split_text(&sp, text.ptr ? text.ptr : "", text.len);
	/* A body that opens with the title as its h1 shows it once. */
	isms_buf_puts(o, d->md && d->md->nheadings && d->md->headings[0].level == 1 &&
		d->title && !strcmp(d->md->headings[0].text, d->title) ?
		"<div class=\"prose dup-title\">\n" : "<div class=\"prose\">\n");
	if (sp.binary)
		isms_buf_puts(o, "<p class=\"muted\">A binary file, not a "
			"Markdown document.</p>\n");
	else if ((rc = isms_md_html(o, sp.body, sp.body_len, s->unsafe, s->err)) < 0
	    && s->err)
		snprintf(s->err->path, sizeof(s->err->path), "%s", d->path);
	isms_buf_puts(o, "</div>\n");
	isms_buf_release(&text);
	return rc;
}

/* The version in a blob of the document ("" when it has none). */
static const char *version_at(struct site *s, const char *blob, isms_buf *tmp)
{
	isms_split sp;
	const char *v;

	if (!*blob || isms_source_blob(tmp, s->m->src, blob, NULL) < 0)
		return "";
	isms_split_text(&sp, tmp->ptr ? tmp->ptr : "", tmp->len);
	v = isms_text_version(s->a, &sp);
	return v ? v : "";
}

/* Tracker keys, linked through tickets.url when it is a web address
 * (never a javascript: or other URL a configuration could slip in); the
 * key replaces "{key}", or is appended when there is none. */
static void put_tickets(isms_buf *o, struct site *s, const isms_change *c)
{
	const char *url = s->m->cfg->ticket_url, *k;
	int web = url && (!strncmp(url, "https://", 8) ||
		!strncmp(url, "http://", 7));
	size_t i;

	k = web ? strstr(url, "{key}") : NULL;
	for (i = 0; i < c->ntickets; i++) {
		isms_buf_puts(o, i ? ", " : "");
		if (!web) {
			isms_html_text(o, c->tickets[i]);
			continue;
		}
		isms_buf_puts(o, "<a href=\"");
		isms_html_text(o, k ? isms_arena_strndup(s->a, url,
			(size_t)(k - url)) : url);
		isms_html_url(o, c->tickets[i]);
		if (k)
			isms_html_text(o, k + 5);
		isms_buf_puts(o, "\">");
		isms_html_text(o, c->tickets[i]);
		isms_buf_puts(o, "</a>");
	}
}

static void put_approval(isms_buf *o, const isms_change *c)
{
	size_t i;

	if (c->approval == ISMS_APPROVAL_NONE)
		put_badge(o, "bad", c->self_only ? "approved only by its author" :
			"not approved");
	for (i = 0; i < c->napprovers; i++) {
		isms_buf detail = ISMS_BUF_INIT;

		isms_approver_detail(&detail, &c->approvers[i], 0);
		isms_buf_puts(o, i || c->approval == ISMS_APPROVAL_NONE ? "<br>\n" : "");
		isms_html_text(o, c->approvers[i].name);
		/* A claim proves nothing against a dishonest author: say so in
		 * colour, as the review states do. */
		isms_buf_putc(o, ' ');
		put_badge(o, c->approvers[i].evidence == ISMS_EVIDENCE_CLAIMED ?
			"warn" : "ok", isms_evidence_name(c->approvers[i].evidence));
		isms_buf_puts(o, " <span class=\"muted\">(");
		isms_html_text(o, detail.ptr);
		isms_buf_puts(o, ")</span>");
		isms_buf_release(&detail);
	}
	if (c->merge[0])
		isms_buf_printf(o, "<br>\n<span class=\"muted\">merged in "
			"<code>%.10s</code></span>", c->merge);
	else
		isms_buf_puts(o, "<br>\n<span class=\"muted\">committed straight "
			"to the branch</span>");
	if (c->evil)
		isms_buf_puts(o, "<br>\n<span class=\"muted\">changed by the "
			"merge itself</span>");
}

static void history_row(isms_buf *o, struct site *s, const isms_change *c,
	const char *path, isms_buf *tmp)
{
	isms_buf_printf(o, "<tr><td><code>%.10s</code></td><td class=\"nowrap\">",
		c->commit);
	put_date(o, day_of(c->time));
	isms_buf_puts(o, "</td><td>");
	isms_html_text(o, c->author);
	isms_buf_puts(o, "</td><td>");
	put_approval(o, c);
	isms_buf_puts(o, "</td><td>");
	if (c->pr)
		isms_buf_printf(o, "#%ld", c->pr);
	isms_buf_puts(o, "</td><td>");
	put_tickets(o, s, c);
	isms_buf_puts(o, "</td><td>");
	isms_html_text(o, c->subject);
	if (strcmp(c->path, path)) {
		isms_buf_puts(o, " <span class=\"muted\">(as ");
		isms_html_text(o, c->path);
		isms_buf_puts(o, ")</span>");
	}
	isms_buf_puts(o, "</td><td>");
	put_value(o, c->version ? c->version : version_at(s, c->blob, tmp));
	isms_buf_puts(o, "</td></tr>\n");
}

static void history_table(isms_buf *o, struct site *s,
	const isms_doc_history *dh, const char *path)
{
	isms_buf tmp = ISMS_BUF_INIT;
	size_t i;

	isms_buf_puts(o, "<section>\n<h2 id=\"isms-history\">Version history "
		"and approvals</h2>\n");
	if (!dh || !dh->n) {
		isms_buf_puts(o, "<p class=\"muted\">No change on the approval "
			"branch yet.</p>\n</section>\n");
		return;
	}
	isms_buf_puts(o, "<table>\n<thead><tr><th>Commit</th><th>Date</th>"
		"<th>Author</th><th>Approval</th><th>Pull request</th>"
		"<th>Tickets</th><th>Subject</th><th>Version</th></tr></thead>\n"
		"<tbody>\n");
	for (i = 0; i < dh->n; i++)
		history_row(o, s, &dh->changes[i], path, &tmp);
	isms_buf_puts(o, "</tbody>\n</table>\n</section>\n");
	isms_buf_release(&tmp);
}

static int doc_page(isms_buf *o, struct site *s, size_t k)
{
	const isms_doc *d = &s->m->docs[k];
	const char *page = s->pages[k];

	isms_html_begin(o, page, title_of(d), s->m->cfg->organisation);
	isms_buf_puts(o, "<article class=\"doc\">\n<p class=\"kicker\">");
	isms_html_text(o, d->id ? d->id : d->path);
	if (d->type) {
		isms_buf_puts(o, " \xc2\xb7 ");
		isms_html_text(o, d->type);
	}
	isms_buf_puts(o, "</p>\n<h1>");
	isms_html_text(o, title_of(d));
	isms_buf_puts(o, "</h1>\n");
	doc_meta(o, s, d, page);
	if (doc_body(o, s, d) < 0)
		return -1;
	history_table(o, s, history_of(s->m, d), d->path);
	isms_buf_puts(o, "</article>\n");
	isms_html_end(o, s->footer);
	return 0;
}

/* ---------------------------------------------------------------- governed */

/* Site path of a governed file's page: governed/PATH.html, PATH under
 * the ISMS root (no document page can be there: documents end in .md). */
static const char *governed_page_of(struct site *s, const char *path)
{
	size_t rl = strlen(s->root);

	return isms_arena_printf(s->a, "governed/%s.html",
		strncmp(path, s->root, rl) ? path : path + rl);
}

/* A governed file (isms.yml, soa.yml, the signers' keys, ...): what it
 * holds now, and every change with its approval, as a document's. */
static int governed_page(isms_buf *o, struct site *s, const char *path)
{
	const char *page = governed_page_of(s, path);
	isms_buf text = ISMS_BUF_INIT;
	isms_error e = { 0 };

	isms_html_begin(o, page, path, s->m->cfg->organisation);
	isms_buf_puts(o, "<article class=\"doc\">\n<p class=\"kicker\">governed "
		"file \xc2\xb7 each change needs approval</p>\n<h1>");
	isms_html_text(o, path);
	isms_buf_puts(o, "</h1>\n<pre><code>");
	if (isms_source_read(&text, s->m->src, path, &e) == 0)
		isms_html_text(o, text.ptr);
	isms_buf_puts(o, "</code></pre>\n");
	history_table(o, s, s->m->history ? isms_history_doc(s->m->history, path) :
		NULL, path);
	isms_buf_puts(o, "</article>\n");
	isms_html_end(o, s->footer);
	isms_buf_release(&text);
	return write_page(s, page, o);
}

static int governed_pages(isms_buf *o, struct site *s)
{
	size_t i;

	for (i = 0; i < s->m->ngoverned; i++) {
		isms_buf_truncate(o, 0);
		if (governed_page(o, s, s->m->governed[i]) < 0)
			return -1;
	}
	return 0;
}

/* The index's list of governed files, each with its latest change. */
static void index_governed(isms_buf *o, struct site *s)
{
	size_t i;

	if (!s->m->ngoverned)
		return;
	isms_buf_puts(o, "<h2>Governed files</h2>\n<table>\n<thead><tr><th>File"
		"</th><th>Latest change</th><th>Approval</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < s->m->ngoverned; i++) {
		const char *path = s->m->governed[i];
		const isms_doc_history *dh = s->m->history ?
			isms_history_doc(s->m->history, path) : NULL;

		isms_buf_puts(o, "<tr><td>");
		put_link(o, "index.html", governed_page_of(s, path), NULL, path);
		isms_buf_puts(o, "</td><td>");
		if (dh && dh->n) {
			put_date(o, day_of(dh->changes[0].landed));
			isms_buf_puts(o, "</td><td>");
			put_approval(o, &dh->changes[0]);
		} else {
			isms_buf_puts(o, "\xe2\x80\x93</td><td>");
		}
		isms_buf_puts(o, "</td></tr>\n");
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
}

/* ---------------------------------------------------------------- findings */

/* The page of the document at repository path `path`, or NULL. */
static const char *page_at(struct site *s, const char *path)
{
	const isms_doc *d = path ? isms_model_doc(s->m, path) : NULL;

	return d ? s->pages[d - s->m->docs] : NULL;
}

static void findings_group(isms_buf *o, struct site *s, const char *path)
{
	const char *page = page_at(s, path);

	isms_buf_puts(o, "<h2>");
	if (page)
		put_link(o, "findings.html", page, NULL, path);
	else
		isms_html_text(o, *path ? path : "the repository");
	isms_buf_puts(o, "</h2>\n<table>\n<thead><tr><th>Line</th>"
		"<th>Severity</th><th>Rule</th><th>Message</th></tr></thead>\n"
		"<tbody>\n");
}

static void findings_page(isms_buf *o, struct site *s)
{
	const isms_report *r = s->findings;
	const char *last = NULL;
	size_t i;

	isms_html_begin(o, "findings.html", "Findings", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Findings</h1>\n<p>isms-lint found %zu error%s "
		"and %zu warning%s in %zu document%s.</p>\n", r->errors,
		r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s",
		r->documents, r->documents == 1 ? "" : "s");
	for (i = 0; i < r->n; i++) {
		const isms_finding *f = &r->findings[i];
		const char *path = f->path ? f->path : "";
		if (!last || strcmp(last, path)) {
			if (last)
				isms_buf_puts(o, "</tbody>\n</table>\n");
			findings_group(o, s, path);
			last = path;
		}
		isms_buf_puts(o, "<tr><td>");
		if (f->line)
			isms_buf_printf(o, "%d:%d", f->line, f->col);
		isms_buf_puts(o, "</td><td>");
		put_badge(o, f->severity == ISMS_ERROR ? "bad" : "warn",
			f->severity == ISMS_ERROR ? "error" : "warning");
		isms_buf_puts(o, "</td><td><code>");
		isms_html_text(o, f->rule);
		isms_buf_puts(o, "</code></td><td>");
		isms_html_text(o, f->message);
		isms_buf_puts(o, "</td></tr>\n");
	}
	if (last)
		isms_buf_puts(o, "</tbody>\n</table>\n");
	isms_html_end(o, s->footer);
}

/* ---------------------------------------------------------------- dashboard */

/*
 * dashboard.html and audit.html: the figures management reviews and the
 * evidence an auditor walks, computed from the model as of m->now (the
 * record rules' reading of dates, lib/approval.c). Charts are inline SVG
 * bars with text labels: no script.
 */

static const char *fm_str(const isms_doc *d, const char *key)
{
	return isms_yaml_str(isms_yaml_get(d->fm, key));
}

static int is_type(const isms_doc *d, const char *type)
{
	return d->type && !strcmp(d->type, type);
}

/* A `date`-like field as a day, or -1. */
static long fm_day(const isms_doc *d, const char *key)
{
	const char *v = fm_str(d, key);
	long day;

	return v && isms_date_parse(v, &day) == 0 ? day : -1;
}

/* The newest record of `type` dated on or before now, or -1 (*at: it). */
static long newest_record(const isms_model *m, const char *type, size_t *at)
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
static long trained_in(const isms_model *m, const char *email, long since)
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
static size_t staff_of(struct site *s, const isms_person **out)
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

/* Month number (year * 12 + month - 1) of a day. */
static long month_of(long day)
{
	char s[11];

	isms_date_format(s, day);
	return atol(s) * 12 + atol(s + 5) - 1;
}

/* A horizontal bar chart: one bar per value with its label and count;
 * `cls` (may be NULL) colours each bar. */
static void put_chart(isms_buf *o, const char *title, const char *const *labels,
	const long *vals, const char *const *cls, size_t n)
{
	long max = 1;
	size_t i;
	int h = (int)n * 22 + 8;

	for (i = 0; i < n; i++)
		if (vals[i] > max)
			max = vals[i];
	isms_buf_printf(o, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""
		" role=\"img\" width=\"480\" height=\"%d\" viewBox=\"0 0 480 %d\" "
		"aria-label=\"", h, h);
	isms_html_text(o, title);
	isms_buf_puts(o, "\"><title>");
	isms_html_text(o, title);
	isms_buf_puts(o, "</title>\n");
	for (i = 0; i < n; i++) {
		int y = (int)i * 22 + 4, w = (int)(vals[i] * 300 / max);
		isms_buf_printf(o, "<text x=\"0\" y=\"%d\">", y + 13);
		isms_html_text(o, labels[i]);
		isms_buf_printf(o, "</text><rect class=\"bar%s%s\" x=\"120\" y=\"%d\" "
			"width=\"%d\" height=\"16\"/><text x=\"%d\" y=\"%d\">%ld</text>\n",
			cls ? " " : "", cls ? cls[i] : "", y, w, 126 + w, y + 13, vals[i]);
	}
	isms_buf_puts(o, "</svg>\n");
}

/* A KPI row: id, label, then the caller writes the value and closes. */
static void kpi_row(isms_buf *o, const char *id, const char *label)
{
	isms_buf_printf(o, "<tr id=\"kpi-%s\"><th>", id);
	isms_html_text(o, label);
	isms_buf_puts(o, "</th><td>");
}

static void dash_review(isms_buf *o, struct site *s)
{
	static const char *const labels[] = { "current", "due soon", "overdue",
		"never approved" };
	static const char *const cls[] = { "b-ok", "b-warn", "b-bad", "b-bad" };
	long v[4] = { 0 };
	struct review rv;
	size_t i;

	for (i = 0; i < s->m->ndocs; i++) {
		review_of(&rv, s->m, &s->m->docs[i]);
		v[0] += rv.state == RV_CURRENT;
		v[1] += rv.state == RV_SOON;
		v[2] += rv.state == RV_OVERDUE;
		v[3] += rv.state == RV_NEVER;
	}
	isms_buf_puts(o, "<h2>Document review</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "review", "Documents within review");
	isms_buf_printf(o, "%ld of %ld</td></tr>\n", v[0] + v[1],
		v[0] + v[1] + v[2] + v[3]);
	kpi_row(o, "overdue", "Documents overdue or never approved");
	isms_buf_printf(o, "%ld</td></tr>\n</table>\n", v[2] + v[3]);
	put_chart(o, "Controlled documents by review state", labels, v, cls, 4);
}

struct lat { const char *commit; long long secs; };

static int cmp_lat_commit(const void *a, const void *b)
{
	return strcmp(((const struct lat *)a)->commit,
		((const struct lat *)b)->commit);
}

static int cmp_lat_secs(const void *a, const void *b)
{
	long long x = ((const struct lat *)a)->secs, y = ((const struct lat *)b)->secs;

	return x < y ? -1 : x > y;
}

/* The approved changes that landed in the year up to now, each commit
 * once (a commit changing five documents is one approval). */
static size_t latencies(struct site *s, struct lat **out)
{
	const isms_history *h = s->m->history;
	isms_interval year = { 12, 'm' };
	long from = isms_interval_sub(s->m->now, &year), day;
	size_t i, k, n = 0, cap = 0, u = 0;
	struct lat *l;

	for (i = 0; h && i < h->ndocs; i++)
		cap += h->docs[i].n;
	l = isms_arena_alloc(s->a, (cap + 1) * sizeof(*l));
	for (i = 0; h && i < h->ndocs; i++)
		for (k = 0; !h->docs[i].governed && k < h->docs[i].n; k++) {
			const isms_change *c = &h->docs[i].changes[k];
			day = day_of(c->landed);
			if (c->approval == ISMS_APPROVAL_NONE || day <= from ||
			    day > s->m->now)
				continue;
			l[n].commit = c->commit;
			l[n++].secs = c->landed > c->time ? c->landed - c->time : 0;
		}
	qsort(l, n, sizeof(*l), cmp_lat_commit);
	for (i = 0; i < n; i++)
		if (!u || strcmp(l[u - 1].commit, l[i].commit))
			l[u++] = l[i];
	qsort(l, u, sizeof(*l), cmp_lat_secs);
	*out = l;
	return u;
}

static void dash_latency(isms_buf *o, struct site *s)
{
	struct lat *l;
	size_t n = latencies(s, &l);
	long long med2;

	isms_buf_puts(o, "<h2>Approval</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "latency", "Approval latency, last 12 months");
	if (!n) {
		isms_buf_puts(o, "no approved change</td></tr>\n</table>\n");
		return;
	}
	med2 = l[(n - 1) / 2].secs + l[n / 2].secs;
	isms_buf_printf(o, "median %.1f days, max %.1f days over %zu approved "
		"change%s</td></tr>\n</table>\n", med2 / 2 / 86400.0,
		l[n - 1].secs / 86400.0, n, n == 1 ? "" : "s");
}

static void dash_changes(isms_buf *o, struct site *s)
{
	const isms_history *h = s->m->history;
	long first = month_of(s->m->now) - 11, v[12] = { 0 }, mo, total = 0;
	char lab[12][24];
	const char *labels[12];
	size_t i, k;

	for (i = 0; h && i < h->ndocs; i++)
		for (k = 0; !h->docs[i].governed && k < h->docs[i].n; k++) {
			long day = day_of(h->docs[i].changes[k].landed);
			mo = month_of(day) - first;
			if (day <= s->m->now && mo >= 0 && mo < 12) {
				v[mo]++;
				total++;
			}
		}
	for (i = 0; i < 12; i++) {
		mo = first + (long)i;
		snprintf(lab[i], sizeof(lab[i]), "%04ld-%02ld", mo / 12, mo % 12 + 1);
		labels[i] = lab[i];
	}
	isms_buf_puts(o, "<h2>Changes per month</h2>\n<table class=\"kpi\">\n");
	kpi_row(o, "changes", "Document changes, last 12 months");
	isms_buf_printf(o, "%ld</td></tr>\n</table>\n", total);
	put_chart(o, "Document changes by the month they landed", labels, v,
		NULL, 12);
}

/* A record KPI: the newest record of `type`, linked, and when the next
 * is due. */
static void dash_record(isms_buf *o, struct site *s, const char *id,
	const char *label, const char *type, const isms_interval *iv)
{
	size_t at = 0;
	long last = newest_record(s->m, type, &at), due;

	kpi_row(o, id, label);
	if (last < 0) {
		isms_buf_puts(o, "<span class=\"state bad\">none on record</span>"
			"</td></tr>\n");
		return;
	}
	due = isms_interval_add(last, iv);
	put_date(o, last);
	isms_buf_puts(o, " (");
	put_link(o, "dashboard.html", s->pages[at], NULL, title_of(&s->m->docs[at]));
	isms_buf_puts(o, ") ");
	put_badge(o, due < s->m->now ? "bad" : "ok", due < s->m->now ?
		"overdue" : "current");
	isms_buf_puts(o, " next due by ");
	put_date(o, due);
	isms_buf_puts(o, "</td></tr>\n");
}

static void dash_records(isms_buf *o, struct site *s)
{
	const isms_person *p;
	size_t n = staff_of(s, &p), i, trained = 0;
	long since = isms_interval_sub(s->m->now, &s->m->cfg->rec_training);
	long open = 0, overdue = 0, closed = 0, due;

	for (i = 0; i < n; i++)
		trained += trained_in(s->m, p[i].email, since) >= 0;
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *st = fm_str(d, "status");
		if (!is_type(d, "nonconformity"))
			continue;
		if (st && !strcmp(st, "closed")) {
			closed++;
			continue;
		}
		open++;
		overdue += (due = fm_day(d, "due")) >= 0 && due < s->m->now;
	}
	isms_buf_puts(o, "<h2>Records</h2>\n<table class=\"kpi\">\n");
	dash_record(o, s, "management-review", "Last management review",
		"management-review", &s->m->cfg->rec_review);
	dash_record(o, s, "internal-audit", "Last internal audit",
		"internal-audit", &s->m->cfg->rec_audit);
	kpi_row(o, "nonconformities", "Open non-conformities");
	isms_buf_printf(o, "%ld open, %ld overdue, %ld closed</td></tr>\n", open,
		overdue, closed);
	kpi_row(o, "training", "Training completion");
	isms_buf_printf(o, "%zu/%zu staff trained since ", trained, n);
	put_date(o, since);
	isms_buf_puts(o, "</td></tr>\n</table>\n");
}

static void soa_theme_row(isms_buf *o, const char *theme, const long *v)
{
	isms_buf_puts(o, "<tr><td>");
	isms_html_text(o, theme);
	isms_buf_printf(o, "</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td>"
		"<td>%ld</td></tr>\n", v[0], v[1], v[2], v[3], v[4]);
}

/* Per theme: controls, applicable, applicable with a document, excluded,
 * undecided. */
static void dash_soa(isms_buf *o, struct site *s)
{
	isms_soa *soa;
	const char *theme = NULL, *labels[8];
	long v[5] = { 0 }, cov[8];
	size_t i, nt = 0;

	isms_soa_build(&soa, s->m);
	isms_buf_puts(o, "<h2>SoA coverage by theme</h2>\n<table>\n<thead><tr>"
		"<th>Theme</th><th>Controls</th><th>Applicable</th><th>Applicable "
		"with a document</th><th>Excluded</th><th>Undecided</th></tr>"
		"</thead>\n<tbody>\n");
	for (i = 0; i <= soa->n; i++) {
		const isms_soa_row *r = i < soa->n ? &soa->rows[i] : NULL;
		if (theme && (!r || strcmp(theme, r->control->theme))) {
			soa_theme_row(o, theme, v);
			if (nt < 8) {
				labels[nt] = theme;
				cov[nt++] = v[1] ? v[2] * 100 / v[1] : 0;
			}
			memset(v, 0, sizeof(v));
		}
		if (!r)
			break;
		theme = r->control->theme;
		v[0]++;
		v[1] += r->applicable == 1;
		v[2] += r->applicable == 1 && r->ndocs;
		v[3] += r->applicable == 0;
		v[4] += r->applicable < 0;
	}
	isms_buf_puts(o, "</tbody>\n</table>\n");
	put_chart(o, "Applicable controls with a document, per cent", labels,
		cov, NULL, nt);
	isms_soa_free(soa);
}

static void dashboard_page(isms_buf *o, struct site *s)
{
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin(o, "dashboard.html", "Dashboard", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Dashboard</h1>\n<p>The figures of the ISMS as "
		"of %s, for management review (clause 9.3), from the documents "
		"and their history on the approval branch.</p>\n", now);
	dash_review(o, s);
	dash_latency(o, s);
	dash_changes(o, s);
	dash_records(o, s);
	dash_soa(o, s);
	isms_html_end(o, s->footer);
}

/* ---------------------------------------------------------------- audit */

/* An item's heading with its badge; `gap` is NULL when it is found, else
 * the one sentence that explains it. */
static void audit_head(isms_buf *o, const char *id, const char *title,
	const char *clause, const char *gap)
{
	isms_buf_printf(o, "<section id=\"audit-%s\">\n<h2>", id);
	isms_html_text(o, title);
	isms_buf_puts(o, " ");
	put_badge(o, gap ? "bad" : "ok", gap ? "gap" : "found");
	isms_buf_puts(o, "</h2>\n<p class=\"muted\">");
	isms_html_text(o, clause);
	isms_buf_puts(o, "</p>\n");
	if (gap) {
		isms_buf_puts(o, "<p class=\"gap\"><strong>Gap:</strong> ");
		isms_html_text(o, gap);
		isms_buf_puts(o, "</p>\n");
	}
}

/* An evidence line: a link to document k, then `note` (escaped). */
static void audit_doc(isms_buf *o, struct site *s, size_t k, int good,
	const char *note)
{
	isms_buf_puts(o, "<li>");
	put_badge(o, good ? "ok" : "bad", good ? "found" : "gap");
	isms_buf_putc(o, ' ');
	put_link(o, "audit.html", s->pages[k], NULL, title_of(&s->m->docs[k]));
	if (note && *note) {
		isms_buf_puts(o, " \xe2\x80\x94 ");
		isms_html_text(o, note);
	}
	isms_buf_puts(o, "</li>\n");
}

/* Whether process `d` is an end of an edge of `g`. */
static int linked(const isms_graph *g, const isms_doc *d)
{
	size_t i;

	for (i = 0; i < g->nedges; i++)
		if (g->nodes[g->edges[i].from] == d || g->nodes[g->edges[i].to] == d)
			return 1;
	return 0;
}

static void audit_processes(isms_buf *o, struct site *s)
{
	isms_graph *g;
	size_t i, n = 0, bad = 0;

	isms_graph_build(&g, s->m);
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		if (!is_type(d, "process"))
			continue;
		n++;
		bad += !d->owner || !isms_config_role(s->m->cfg, d->owner) ||
			!linked(g, d);
	}
	audit_head(o, "processes", "Process map", "Clause 4.4: every process "
		"is defined, has an owner and is linked to the others.", !n ?
		"No document of type process defines the ISMS's processes." : bad ?
		"Some processes have no owner of a known role or no interaction "
		"with another process." : NULL);
	isms_buf_puts(o, "<ul>\n<li>");
	put_link(o, "audit.html", "graph.html", NULL, "Process interaction graph");
	isms_buf_printf(o, ": %zu process%s, %zu interaction%s</li>\n", n,
		n == 1 ? "" : "es", g->nedges, g->nedges == 1 ? "" : "s");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		int owned = d->owner && isms_config_role(s->m->cfg, d->owner);
		if (!is_type(d, "process"))
			continue;
		audit_doc(o, s, i, owned && linked(g, d), isms_arena_printf(s->a,
			"owner %s; %s", owned ? d->owner : "unknown", linked(g, d) ?
			"linked" : "no interaction"));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
	isms_graph_free(g);
}

static void audit_reviews(isms_buf *o, struct site *s)
{
	size_t at = 0, i;
	long last = newest_record(s->m, "management-review", &at);
	long due = last < 0 ? -1 : isms_interval_add(last, &s->m->cfg->rec_review);

	audit_head(o, "management-review", "Management review minutes", "Clause "
		"9.3: management reviews the ISMS within the interval and decides "
		"on its resources.", last < 0 ? "No management review is on record "
		"(a document of type management-review with a date)." :
		due < s->m->now ? "The last management review is older than the "
		"interval isms.yml allows (records.management-review)." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *res = fm_str(d, "resources");
		if (!is_type(d, "management-review"))
			continue;
		audit_doc(o, s, i, fm_day(d, "date") >= 0, isms_arena_printf(s->a,
			"dated %s; resources approved: %s", fm_str(d, "date") ?
			fm_str(d, "date") : "(no date)", res ? res : "none recorded"));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

/* A controlled document is in order when it is approved and current. */
static int policy_ok(const struct review *rv)
{
	return (rv->state == RV_CURRENT || rv->state == RV_SOON) &&
		!rv->unapproved;
}

static void audit_policies(isms_buf *o, struct site *s)
{
	struct review rv;
	size_t i, n = 0, bad = 0;
	char day[11];

	for (i = 0; i < s->m->ndocs; i++)
		if (is_type(&s->m->docs[i], "policy")) {
			review_of(&rv, s->m, &s->m->docs[i]);
			n++;
			bad += !s->m->docs[i].version || !policy_ok(&rv);
		}
	audit_head(o, "document-control", "Document control", "Clause 7.5: "
		"every policy has a version history and its current version is "
		"approved and within review.", !n ? "No document of type policy "
		"is on record." : bad ? "Some policies lack a version, an "
		"approval of their current text, or a review within the "
		"interval." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		if (!is_type(d, "policy"))
			continue;
		review_of(&rv, s->m, d);
		isms_date_format(day, rv.last >= 0 ? rv.last : 0);
		audit_doc(o, s, i, d->version && policy_ok(&rv),
			isms_arena_printf(s->a, "version %s; %s%s", d->version ?
			d->version : "none", rv.last >= 0 ? "last approved " :
			"never approved", rv.last >= 0 ? day : ""));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

static int nc_ok(const isms_model *m, const isms_doc *d)
{
	const char *st = fm_str(d, "status");
	long due = fm_day(d, "due");
	int open = !st || strcmp(st, "closed");

	return fm_str(d, "ticket") && fm_str(d, "corrective_action") &&
		!(open && due >= 0 && due < m->now);
}

static void audit_improvement(isms_buf *o, struct site *s)
{
	size_t i, n = 0, bad = 0;

	for (i = 0; i < s->m->ndocs; i++)
		if (is_type(&s->m->docs[i], "nonconformity")) {
			n++;
			bad += !nc_ok(s->m, &s->m->docs[i]);
		}
	audit_head(o, "improvement", "Improvement log", "Clause 10.2: each "
		"non-conformity has a ticket and a corrective action, and none is "
		"open past its due date.", !n ? "No non-conformity is on record, "
		"so the improvement log shows no corrective action." : bad ?
		"Some non-conformities lack a ticket or a corrective action, or "
		"are open past their due date." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < s->m->ndocs; i++) {
		const isms_doc *d = &s->m->docs[i];
		const char *t = fm_str(d, "ticket"), *ca = fm_str(d, "corrective_action");
		if (!is_type(d, "nonconformity"))
			continue;
		audit_doc(o, s, i, nc_ok(s->m, d), isms_arena_printf(s->a,
			"%s; ticket %s; corrective action: %s", fm_str(d, "status") ?
			fm_str(d, "status") : "open", t ? t : "none", ca ? ca : "none"));
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

static void audit_training(isms_buf *o, struct site *s)
{
	const isms_person *p;
	size_t n = staff_of(s, &p), i, bad = 0;
	long since = isms_interval_sub(s->m->now, &s->m->cfg->rec_training), k;
	char day[11];

	for (i = 0; i < n; i++)
		bad += trained_in(s->m, p[i].email, since) < 0;
	isms_date_format(day, since);
	audit_head(o, "training", "Training records", "Clause 7.2: everyone "
		"on the staff list and in a role attended training within the "
		"interval.", !n ? "isms.yml lists no staff and no role with an "
		"e-mail, so training cannot be checked." : bad ? "Some people have "
		"no training record within the interval." : NULL);
	isms_buf_puts(o, "<ul>\n");
	for (i = 0; i < n; i++) {
		k = trained_in(s->m, p[i].email, since);
		isms_buf_puts(o, "<li>");
		put_badge(o, k >= 0 ? "ok" : "bad", k >= 0 ? "found" : "gap");
		isms_buf_putc(o, ' ');
		isms_html_text(o, p[i].name && *p[i].name ? p[i].name : p[i].email);
		isms_buf_puts(o, " &lt;");
		isms_html_text(o, p[i].email);
		isms_buf_puts(o, "&gt; \xe2\x80\x94 ");
		if (k >= 0)
			put_link(o, "audit.html", s->pages[k],
				NULL, title_of(&s->m->docs[k]));
		else
			isms_buf_printf(o, "no training since %s", day);
		isms_buf_puts(o, "</li>\n");
	}
	isms_buf_puts(o, "</ul>\n</section>\n");
}

static void audit_page(isms_buf *o, struct site *s)
{
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin(o, "audit.html", "Audit", s->m->cfg->organisation);
	isms_buf_printf(o, "<h1>Audit checklist</h1>\n<p>The evidence of "
		"clause 4.4 (the ISMS and its processes) as of %s: each item links "
		"the documents found, or says what is missing.</p>\n", now);
	audit_processes(o, s);
	audit_reviews(o, s);
	audit_policies(o, s);
	audit_improvement(o, s);
	audit_training(o, s);
	isms_html_end(o, s->footer);
}

static int dashboard_pages(isms_buf *o, struct site *s)
{
	isms_buf_truncate(o, 0);
	dashboard_page(o, s);
	if (write_page(s, "dashboard.html", o) < 0)
		return -1;
	isms_buf_truncate(o, 0);
	audit_page(o, s);
	return write_page(s, "audit.html", o);
}

/* ---------------------------------------------------------------- site */

static const char *footer_of(struct site *s)
{
	const char *commit = isms_source_commit(s->m->src);
	char now[11];

	isms_date_format(now, s->m->now);
	if (commit)
		return isms_arena_printf(s->a, "Rendered by isms-render "
			ISMS_VERSION " from commit %.10s, as of %s.", commit, now);
	return isms_arena_printf(s->a, "Rendered by isms-render " ISMS_VERSION
		" from the working tree, as of %s.", now);
}

/* The document pages, on every core: reading, the history tables and the
 * writing run side by side (the Markdown rendering itself is serialised
 * by isms_md_html). Each thread has its own arena and error. */
struct pages_job {
	struct site *s;
	size_t next;
	pthread_mutex_t lock;
	int failed;
	isms_error err;
};

static void *pages_run(void *arg)
{
	struct pages_job *j = arg;
	struct site local = *j->s;
	isms_error err = { 0 };
	isms_buf o = ISMS_BUF_INIT;

	local.a = isms_arena_new();
	local.err = &err;
	for (;;) {
		size_t i;

		pthread_mutex_lock(&j->lock);
		i = j->failed ? local.m->ndocs : j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= local.m->ndocs)
			break;
		isms_buf_truncate(&o, 0);
		if (doc_page(&o, &local, i) < 0 ||
		    write_page(&local, local.pages[i], &o) < 0) {
			pthread_mutex_lock(&j->lock);
			if (!j->failed)
				j->err = err;
			j->failed = 1;
			pthread_mutex_unlock(&j->lock);
			break;
		}
	}
	isms_buf_release(&o);
	isms_arena_free(local.a);
	return NULL;
}

static int doc_pages(struct site *s)
{
	struct pages_job j = { .s = s, .lock = PTHREAD_MUTEX_INITIALIZER };
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (int)ncpu, t;
	pthread_t tid[8];

	for (t = 1; t < nt; t++)
		if (pthread_create(&tid[t], NULL, pages_run, &j) != 0)
			abort();
	pages_run(&j);
	for (t = 1; t < nt; t++)
		pthread_join(tid[t], NULL);
	if (j.failed) {
		*s->err = j.err;
		return -1;
	}
	return 0;
}

/* soa.html, and soa.csv for spreadsheets. */
static int soa_pages(isms_buf *o, struct site *s)
{
	isms_buf_truncate(o, 0);
	isms_html_begin(o, "soa.html", "Statement of Applicability",
		s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>Statement of Applicability</h1>\n<p>Also as "
		"<a href=\"soa.csv\">CSV</a>.</p>\n");
	isms_soa_html(o, s->m, "");
	isms_html_end(o, s->footer);
	if (write_page(s, "soa.html", o) < 0)
		return -1;
	isms_buf_truncate(o, 0);
	isms_soa_write(o, s->m, ISMS_SOA_CSV);
	return write_page(s, "soa.csv", o);
}

#define GRAPH_MAX_LAYOUT 400     /* processes the site still lays out */

/* graph.dot and graph.svg, and graph.html with the SVG inline: inline,
 * its links to the process pages work (an <img> would disable them). */
static int graph_pages(isms_buf *o, struct site *s)
{
	isms_buf svg = ISMS_BUF_INIT;
	const char *start;
	int rc = -1;

	isms_graph *g;
	size_t nodes;

	isms_graph_build(&g, s->m);
	nodes = g->nnodes;
	isms_graph_free(g);
	isms_buf_truncate(o, 0);
	if (isms_graph_write(o, s->m, ISMS_GRAPH_DOT, s->err) < 0 ||
	    write_page(s, "graph.dot", o) < 0)
		goto done;
	/* Graphviz's layout grows much faster than the graph: past a few
	 * hundred processes it takes seconds, and no one reads the picture.
	 * The DOT file is still there for tools. */
	if (nodes <= GRAPH_MAX_LAYOUT &&
	    (isms_graph_write(&svg, s->m, ISMS_GRAPH_SVG, s->err) < 0 ||
	     write_page(s, "graph.svg", &svg) < 0))
		goto done;
	isms_buf_truncate(o, 0);
	isms_html_begin(o, "graph.html", "Process interaction",
		s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>Process interaction</h1>\n<p>The processes of the "
		"ISMS (clause 4.4) and what they hand each other, from their "
		"<code>inputs</code> and <code>outputs</code>. ");
	if (nodes > GRAPH_MAX_LAYOUT)
		isms_buf_printf(o, "With %zu processes the picture would be "
			"unreadable, so it is not drawn here; the graph is in "
			"<a href=\"graph.dot\">DOT</a>.</p>\n<div class=\"graph\">\n",
			nodes);
	else
		isms_buf_puts(o, "Select a process to open it; also as "
			"<a href=\"graph.svg\">SVG</a> and <a href=\"graph.dot\">DOT</a>."
			"</p>\n<div class=\"graph\">\n");
	/* The SVG without its XML prolog and doctype. */
	start = svg.ptr ? strstr(svg.ptr, "<svg") : NULL;
	if (start)
		isms_buf_puts(o, start);
	isms_buf_puts(o, "</div>\n");
	isms_html_end(o, s->footer);
	rc = write_page(s, "graph.html", o);
done:
	isms_buf_release(&svg);
	return rc;
}

static int write_all(struct site *s)
{
	isms_buf o = ISMS_BUF_INIT;
	int rc = -1;

	isms_buf_puts(&o, "isms-render " ISMS_VERSION "\n");
	if (write_page(s, MARKER, &o) < 0)
		goto done;
	isms_buf_truncate(&o, 0);
	index_page(&o, s);
	if (write_page(s, "index.html", &o) < 0)
		goto done;
	if (doc_pages(s) < 0 || governed_pages(&o, s) < 0)
		goto done;
	isms_buf_truncate(&o, 0);
	findings_page(&o, s);
	if (write_page(s, "findings.html", &o) < 0 || soa_pages(&o, s) < 0 ||
	    dashboard_pages(&o, s) < 0)
		goto done;
	rc = graph_pages(&o, s);
done:
	isms_buf_release(&o);
	return rc;
}

/* The site replaces the folder it is given, so that folder must have a
 * name of its own: not "/", ".", "..", or one ending so. */
static int dir_ok(const char *out)
{
	const char *base = strrchr(out, '/');

	base = base ? base + 1 : out;
	return name_ok(base, strlen(base));
}

int isms_site_write(const char *outdir, const isms_model *m,
	const isms_report *findings, int unsafe, isms_error *err)
{
	struct site s = { m, findings, unsafe, NULL, isms_source_root(m->src),
		NULL, isms_arena_new(), NULL, err };
	char *out = isms_arena_strdup(s.a, outdir), *tmp;
	size_t n = strlen(out), i;
	mode_t mask;
	int rc = -1;

	/* "site/" names the folder "site": the new one goes beside it. */
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	if (!dir_ok(out)) {
		isms_error_set(err, "", 0, 0, "'%s' cannot be the site's folder",
			outdir);
		goto done;
	}
	tmp = isms_arena_printf(s.a, "%s.tmp-XXXXXX", out);
	if (!mkdtemp(tmp)) {
		isms_error_set(err, "", 0, 0, "cannot make a folder beside %s: %s",
			out, strerror(errno));
		goto done;
	}
	s.tmp = tmp;
	/* mkdtemp makes it private; a site is as readable as any new folder. */
	mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask);
	s.footer = footer_of(&s);
	s.pages = isms_arena_alloc(s.a, (m->ndocs + 1) * sizeof(*s.pages));
	for (i = 0; i < m->ndocs; i++)
		s.pages[i] = page_of(&s, &m->docs[i]);
	if (write_all(&s) < 0 || swap_in(&s, out) < 0)
		remove_tree(tmp);
	else
		rc = 0;
done:
	isms_arena_free(s.a);
	return rc;
}

int isms_site_render(isms_report *report, const char *outdir,
	const isms_lint_opts *opts, int unsafe, isms_error *err)
{
	isms_model *m = NULL;
	int rc;

	if (isms_lint_model(report, &m, opts, err) < 0)
		return -1;
	isms_history_read_versions(m);
	rc = isms_site_write(outdir, m, report, unsafe, err);
	isms_model_free(m);
	return rc;
}

/* ---------------------------------------------------------------- manual */

/*
 * The whole ISMS as one printable page: a contents list by type, then
 * every document as an article (metadata, body, version history) that
 * starts a new printed page. Links between documents still name the
 * site's pages; the manual is for paper and PDF.
 */
static int manual_write(isms_buf *o, struct site *s)
{
	size_t g, k;
	char now[11];

	isms_date_format(now, s->m->now);
	isms_html_begin_manual(o, "Manual", s->m->cfg->organisation);
	isms_buf_puts(o, "<h1>");
	if (s->m->cfg->organisation) {
		isms_html_text(o, s->m->cfg->organisation);
		isms_buf_puts(o, " \xe2\x80\x93 ");
	}
	isms_buf_printf(o, "Information Security Management System</h1>\n"
		"<p>The manual as of %s: %zu documents, each with its version "
		"history and approvals.</p>\n<nav class=\"toc\">\n<h2>Contents</h2>\n",
		now, s->m->ndocs);
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		int any = 0;

		for (k = 0; k < s->m->ndocs; k++) {
			const isms_doc *d = &s->m->docs[k];

			if (!d->type || strcmp(d->type, groups[g].type))
				continue;
			if (!any++) {
				isms_buf_puts(o, "<h3>");
				isms_html_text(o, groups[g].label);
				isms_buf_puts(o, "</h3>\n<ul>\n");
			}
			isms_buf_printf(o, "<li><a href=\"#doc-%zu\">", k);
			isms_html_text(o, d->id ? d->id : d->path);
			isms_buf_puts(o, "</a> ");
			isms_html_text(o, title_of(d));
			isms_buf_puts(o, "</li>\n");
		}
		if (any)
			isms_buf_puts(o, "</ul>\n");
	}
	isms_buf_puts(o, "</nav>\n");
	for (k = 0; k < s->m->ndocs; k++) {
		const isms_doc *d = &s->m->docs[k];

		isms_buf_printf(o, "<article class=\"doc\" id=\"doc-%zu\">\n"
			"<p class=\"kicker\">", k);
		isms_html_text(o, d->id ? d->id : d->path);
		isms_buf_puts(o, "</p>\n<h1>");
		isms_html_text(o, title_of(d));
		isms_buf_puts(o, "</h1>\n");
		doc_meta(o, s, d, "manual.html");
		if (doc_body(o, s, d) < 0)
			return -1;
		history_table(o, s, history_of(s->m, d), d->path);
		isms_buf_puts(o, "</article>\n");
	}
	isms_html_end(o, s->footer);
	return 0;
}

int isms_manual_render(isms_report *report, isms_buf *out,
	const isms_lint_opts *opts, int unsafe, isms_error *err)
{
	isms_model *m = NULL;
	struct site s = { 0 };
	size_t i;
	int rc;

	if (isms_lint_model(report, &m, opts, err) < 0)
		return -1;
	isms_history_read_versions(m);
	s.m = m;
	s.findings = report;
	s.unsafe = unsafe;
	s.root = isms_source_root(m->src);
	s.a = isms_arena_new();
	s.err = err;
	s.footer = footer_of(&s);
	s.pages = isms_arena_alloc(s.a, (m->ndocs + 1) * sizeof(*s.pages));
	for (i = 0; i < m->ndocs; i++)
		s.pages[i] = page_of(&s, &m->docs[i]);
	rc = manual_write(out, &s);
	isms_arena_free(s.a);
	isms_model_free(m);
	return rc;
}
