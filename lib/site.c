/*
 * site.c - isms-render site: the ISMS as a static web site.
 *
 * index.html lists the documents by type with their owner, version,
 * status, last approval and review state; each document has a page at its
 * path with .md turned into .html (so relative links between documents
 * keep working) with its metadata, its body, and its version history with
 * the approval records; findings.html lists the lint findings.
 *
 * This file writes the folder; the pages are made in lib/site-*.c (the
 * map is in lib/site.h).
 *
 * The site is written into a new folder beside the output folder and
 * swapped in only once every page is written: a render that fails leaves
 * the previous site as it was. Pages depend on the repository state and
 * the evaluation date only (no clock, no order of threads), so the same
 * state gives the same bytes.
 */
#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Marks an output folder as a site this tool wrote, which it may
 * replace; any other non-empty folder is left alone. */
#define MARKER ".isms-site"

/* ---------------------------------------------------------------- pages */

/* The writer of each row of isms_site_pages (lib/site-names.c). */
static int (*const writers[ISMS_SITE_NPAGES])(isms_buf *o, struct site *s) = {
	[ISMS_PAGE_INDEX] = isms_site_index_page,
	[ISMS_PAGE_SOA] = isms_site_soa_page,
	[ISMS_PAGE_GRAPH] = isms_site_graph_page,
	[ISMS_PAGE_DASHBOARD] = isms_site_dashboard_page,
	[ISMS_PAGE_AUDIT] = isms_site_audit_page,
	[ISMS_PAGE_RISKS] = isms_site_risks_page,
	[ISMS_PAGE_FINDINGS] = isms_site_findings_page,
	[ISMS_PAGE_RULES] = isms_site_rules_page,
};

/* ---------------------------------------------------------------- files */

/* A folder name a page may be written under: not "", "." or "..". */
static int name_ok(const char *seg, size_t len)
{
	return len && !(len == 1 && seg[0] == '.') &&
		!(len == 2 && seg[0] == '.' && seg[1] == '.');
}

/*
 * A page the site being replaced holds with the same bytes is linked into
 * the new folder, not written anew: most pages of a render are the last
 * render's, and a file system makes a link cheaper than a file (ext4
 * searches past recently freed inodes for each new one). Only a regular
 * file is linked, never what a symbolic link names.
 *
 * Until a page is new or differs, the same ones are only listed: a render
 * that changes nothing leaves the old site as it is, and neither links a
 * thousand files nor removes them again. From the first difference on,
 * each is linked as it comes, and the ones listed before are linked once
 * every page is written (relink_one).
 */
struct relink {
	pthread_mutex_t lock;
	int changed;             /* a page is new or differs */
	char **same;             /* the pages listed meanwhile (malloc) */
	size_t nsame, cap;
};

/* Whether the old site holds `text` at `rel`, as a regular file. */
static int same_as_old(const struct site *s, const char *rel,
	const isms_buf *text)
{
	isms_buf was = ISMS_BUF_INIT;
	struct stat st;
	int fd, same;

	if ((fd = open(isms_arena_printf(s->a, "%s/%s", s->prev, rel),
	    O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		(size_t)st.st_size == text->len &&
		(isms_buf_grow(&was, text->len + 1),
		 isms_fs_read_fd(&was, fd, rel, NULL) == 0) &&
		was.len == text->len && !memcmp(was.ptr, text->ptr, text->len);
	close(fd);
	isms_buf_release(&was);
	return same;
}

/* 1 when page `rel`, the same as the old site's, is listed: nothing has
 * changed yet. Else (same == 0) the render changes the site from now on. */
static int listed(struct relink *rl, const char *rel, int same)
{
	int list;

	pthread_mutex_lock(&rl->lock);
	rl->changed |= !same;
	if ((list = same && !rl->changed)) {
		if (rl->nsame == rl->cap) {
			rl->cap = rl->cap ? rl->cap * 2 : 256;
			if (!(rl->same = realloc(rl->same, rl->cap * sizeof(*rl->same))))
				abort();
		}
		if (!(rl->same[rl->nsame++] = strdup(rel)))
			abort();
	}
	pthread_mutex_unlock(&rl->lock);
	return list;
}

/* Link page `rel` of the old site into the new folder at `path`, or copy
 * it where the file system cannot link. */
static int link_old(const struct site *s, const char *rel, const char *path)
{
	const char *old = isms_arena_printf(s->a, "%s/%s", s->prev, rel);
	isms_buf copy = ISMS_BUF_INIT;
	int rc;

	if (linkat(AT_FDCWD, old, AT_FDCWD, path, 0) == 0)
		return 0;
	rc = isms_fs_read(&copy, old, NULL) < 0 ? -1 :
		isms_fs_write_new(path, copy.ptr, copy.len, 0666, NULL);
	isms_buf_release(&copy);
	return rc;
}

/*
 * Write `text` to `rel` (a site path) in the temporary folder, making its
 * folders, or link the old site's same page there (above). Paths come from
 * git, which refuses "." and ".." components; they are refused here too,
 * so nothing is ever written outside the folder. O_EXCL: two documents
 * never silently share a page.
 */
static int put_page(struct site *s, const char *rel, const isms_buf *text,
	int same)
{
	char *path = isms_arena_printf(s->a, "%s/%s", s->tmp, rel);
	char *p = path + strlen(s->tmp) + 1, *seg = p, *slash = NULL;

	for (; *p; p++) {
		if (*p != '/')
			continue;
		if (!name_ok(seg, (size_t)(p - seg)))
			return isms_error_set(s->err, rel, 0, 0,
				"cannot render a document at this path");
		slash = p;
		seg = p + 1;
	}
	errno = 0;
	/* Pages come folder by folder: a folder made for the last page is
	 * not made again. */
	if (slash) {
		*slash = '\0';
		if ((!s->made || strcmp(s->made, path)) &&
		    isms_fs_mkdirs(path, NULL) < 0) {
			*slash = '/';
			goto fail;
		}
		s->made = isms_arena_strdup(s->a, path);
		*slash = '/';
	}
	if ((same && link_old(s, rel, path) == 0) ||
	    (text && isms_fs_write_new(path, text->ptr, text->len, 0666,
	    NULL) == 0))
		return 0;
fail:
	return isms_error_set(s->err, "", 0, 0, "cannot write %s of the site: %s",
		rel, strerror(errno ? errno : EIO));
}

int isms_site_write_page(struct site *s, const char *rel, const isms_buf *text)
{
	int same = s->prev && same_as_old(s, rel, text);

	if (s->relink && listed(s->relink, rel, same))
		return 0;
	return put_page(s, rel, text, same);
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
		isms_fs_remove_tree(s->tmp, 0);
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
	isms_fs_remove_tree(old, 0);
	return 0;
fail:
	return isms_error_set(s->err, "", 0, 0, "cannot put the site in %s: %s",
		out, strerror(errno));
}

/* ---------------------------------------------------------------- site */

/* "Rendered by isms-render ... as of DATE." (in s->a). */
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

/* The process graph of `m`, its arrays in the arena `a`. */
static const isms_graph *graph_in(isms_arena *a, const isms_model *m)
{
	isms_graph *g, *copy = isms_arena_alloc(a, sizeof(*copy));

	isms_graph_build(&g, m);
	*copy = *g;
	copy->nodes = isms_arena_alloc(a, (g->nnodes + 1) * sizeof(*g->nodes));
	copy->edges = isms_arena_alloc(a, (g->nedges + 1) * sizeof(*g->edges));
	if (g->nnodes)
		memcpy(copy->nodes, g->nodes, g->nnodes * sizeof(*g->nodes));
	if (g->nedges)
		memcpy(copy->edges, g->edges, g->nedges * sizeof(*g->edges));
	isms_graph_free(g);
	return copy;
}

void isms_site_init(struct site *s, const isms_model *m,
	const isms_report *findings, int unsafe, isms_error *err)
{
	isms_audit *audit;

	*s = (struct site){ .m = m, .findings = findings, .unsafe = unsafe,
		.root = isms_source_root(m->src), .a = isms_arena_new(),
		.err = err, .pages = isms_facts_pages(m) };
	s->footer = footer_of(s);
	/* Made here, once, rather than by the first of the pages' threads. */
	if (m->ndocs) {
		isms_facts_review(m, &m->docs[0]);
		isms_facts_in_force(m, &m->docs[0]);
	}
	isms_facts_records(m);
	isms_facts_training(m);
	isms_facts_soa(m);
	isms_facts_sites(m);
	isms_facts_risks(m);
	isms_facts_kpis(m);
	isms_facts_figures(m);     /* and the minutes it reads */
	isms_audit_build(&audit, s->a, m, findings);
	s->audit = audit;
	s->graph = graph_in(s->a, m);
}

/* Work on -j threads (isms_pool_run) where each worker has its own copy
 * of the site, with its own arena, buffer and error. */
struct page_worker {
	struct site local;
	isms_error err;
	isms_buf out;
};

static int on_workers(struct site *s, size_t n, size_t block,
	isms_pool_fn *fn)
{
	int nw = isms_pool_size(s->m->jobs, n, 0), t, rc;
	struct page_worker *w = calloc((size_t)nw, sizeof(*w));

	if (!w)
		abort();
	for (t = 0; t < nw; t++) {
		w[t].local = *s;
		w[t].local.a = isms_arena_new();
		w[t].local.err = &w[t].err;
		w[t].local.made = NULL;
		isms_buf_init(&w[t].out);
	}
	rc = isms_pool_run(nw, n, block, fn, w);
	for (t = 0; t < nw; t++) {
		if (rc < 0 && w[t].err.msg[0] && !s->err->msg[0])
			*s->err = w[t].err;
		isms_buf_release(&w[t].out);
		isms_arena_free(w[t].local.a);
	}
	free(w);
	return rc;
}

/* The pages: first the site's own (the process graph's layout, the
 * longest, runs beside the others), then the documents'; the reading,
 * the history tables and the writing run side by side (the Markdown
 * parsing and Graphviz's layouts are serialised where they are called). */
static int page_one(void *arg, int worker, size_t i)
{
	struct page_worker *w = (struct page_worker *)arg + worker;
	struct site *s = &w->local;
	const char *file;
	int rc;

	isms_buf_truncate(&w->out, 0);
	if (i < isms_site_npages) {
		s->page = file = isms_site_pages[i].file;
		rc = writers[i](&w->out, s);
		s->page = NULL;
	} else {
		file = s->pages[i - isms_site_npages];
		rc = isms_site_doc_page(&w->out, s, i - isms_site_npages);
	}
	return rc < 0 || isms_site_write_page(s, file, &w->out) < 0 ? -1 : 0;
}

/* The pages listed while nothing changed, linked into the new folder now
 * that something has. */
static int relink_one(void *arg, int worker, size_t i)
{
	struct page_worker *w = (struct page_worker *)arg + worker;

	return put_page(&w->local, w->local.relink->same[i], NULL, 1);
}

/* The marker, the site's own pages and the documents', then the governed
 * files' pages. */
static int write_all(struct site *s)
{
	isms_buf o = ISMS_BUF_INIT;
	int rc = -1;

	isms_buf_puts(&o, "isms-render " ISMS_VERSION "\n");
	if (isms_site_write_page(s, MARKER, &o) < 0 ||
	    on_workers(s, isms_site_npages + s->m->ndocs, 1, page_one) < 0 ||
	    isms_site_governed_pages(&o, s) < 0)
		goto done;
	rc = 0;
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

static int write_site(const char *outdir, const isms_model *m,
	const isms_report *findings, int unsafe, struct site_bodies *bodies,
	isms_error *err)
{
	struct site s;
	struct relink rl = { .changed = 0 };
	char *out, *tmp;
	size_t n;
	mode_t mask;
	int rc = -1;

	pthread_mutex_init(&rl.lock, NULL);
	isms_site_init(&s, m, findings, unsafe, err);
	isms_site_bodies_wait(bodies);
	s.bodies = bodies;
	out = isms_arena_strdup(s.a, outdir);
	n = strlen(out);

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
	if (has_marker(&s, out)) {
		s.prev = out;
		s.relink = &rl;
	}
	/* mkdtemp makes it private; a site is as readable as any new folder. */
	mask = umask(0);
	umask(mask);
	chmod(tmp, 0777 & ~mask);
	if (write_all(&s) < 0)
		isms_fs_remove_tree(tmp, 0);
	else if (s.prev && !rl.changed &&
	    isms_fs_plain_files(out) == (long)rl.nsame) {
		/* Every page as it was, and no other file: nothing to swap. */
		isms_fs_remove_tree(tmp, 0);
		rc = 0;
	} else if ((rl.nsame && on_workers(&s, rl.nsame, 16, relink_one) < 0) ||
	    swap_in(&s, out) < 0)
		isms_fs_remove_tree(tmp, 0);
	else
		rc = 0;
done:
	while (rl.nsame)
		free(rl.same[--rl.nsame]);
	free(rl.same);
	pthread_mutex_destroy(&rl.lock);
	isms_arena_free(s.a);
	return rc;
}

int isms_site_write(const char *outdir, const isms_model *m,
	const isms_report *findings, int unsafe, isms_error *err)
{
	return write_site(outdir, m, findings, unsafe, NULL, err);
}

/* The bodies start rendering as soon as the documents are read. */
struct ahead {
	struct site_bodies *bodies;
	int unsafe;
};

static void stop_bodies(void *arg)
{
	isms_site_bodies_wait(((struct ahead *)arg)->bodies);
}

static void start_bodies(isms_model *m, void *arg)
{
	struct ahead *ah = arg;

	ah->bodies = isms_site_bodies_start(m, ah->unsafe);
	m->stop = stop_bodies;
	m->stop_arg = ah;
}

int isms_site_render(isms_report *report, const char *outdir,
	const isms_lint_opts *opts, int unsafe, isms_error *err)
{
	struct ahead ah = { NULL, unsafe };
	isms_lint_opts o = *opts;
	isms_model *m = NULL;
	int rc = -1;

	/* Each change's version is read by the page that shows it; the
	 * bodies are rendered while the lint reads the history. */
	o.docs_read = start_bodies;
	o.docs_read_arg = &ah;
	if (isms_lint_model(report, &m, &o, err) == 0)
		rc = write_site(outdir, m, report, unsafe, ah.bodies, err);
	isms_model_free(m);
	isms_site_bodies_free(ah.bodies);
	return rc;
}
