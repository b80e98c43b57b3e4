/*
 * model.c - read the ISMS: configuration, documents, SoA, history. No rule
 * runs here: what cannot be read is noted as a problem of its file, and
 * the lint runs the rules over the model (lib/rules.c).
 *
 * Documents are independent, so they are read and parsed by a few
 * threads, each with its own arena. A document's text and cmark tree live
 * only while its facts (front matter tree, headings, links) are extracted;
 * the facts are small, so memory stays a fraction of the corpus.
 */
#include "model.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Documents per thread below which another thread is not worth starting. */
#define DOCS_PER_THREAD 32

struct worker {
	isms_model *m;
	isms_report report;
	isms_arena *arena;
	isms_buf text;           /* the document being read */
	void (*fn)(struct worker *, isms_doc *, isms_buf *);
	/* isms_model_each_doc's functions and their argument */
	size_t nfirst;
	void (*first)(isms_report *, size_t, void *);
	void (*each)(isms_report *, isms_doc *, void *);
	void *arg;
	isms_cache *cache;       /* the source's, once a document is read */
};

/* Append to *list why a file could not be read. */
static void problem(isms_problem **list, isms_arena *a, int line, int col,
	isms_problem_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static void problem(isms_problem **list, isms_arena *a, int line, int col,
	isms_problem_kind kind, const char *fmt, ...)
{
	isms_problem *p = isms_arena_alloc(a, sizeof(*p));
	isms_buf msg = ISMS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	p->kind = kind;
	p->line = line;
	p->col = col;
	p->msg = isms_arena_strndup(a, msg.ptr, msg.len);
	isms_buf_release(&msg);
	while (*list)
		list = &(*list)->next;
	*list = p;
}

/* Fill the convenience fields from the front matter. */
static void take_fields(isms_doc *d, const isms_config *cfg)
{
	const isms_ynode *fm = d->fm;

	d->id = isms_yaml_str(isms_yaml_get(fm, "id"));
	d->title = isms_yaml_str(isms_yaml_get(fm, "title"));
	d->type = isms_yaml_str(isms_yaml_get(fm, "type"));
	d->owner = isms_yaml_str(isms_yaml_get(fm, "owner"));
	d->version = isms_yaml_str(isms_yaml_get(fm, "version"));
	d->status = isms_yaml_str(isms_yaml_get(fm, "status"));
	d->def = isms_config_type(cfg, d->type);
}

/* Whether the line at `s` (of `n` bytes at most) is "key: value" or
 * "key:": a YAML field. */
static int field_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    s[i] == '-'))
		i++;
	return i > 0 && i < n && s[i] == ':' &&
		(i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n' ||
		 s[i + 1] == '\r');
}

/* Whether a "---" line follows the text at `s` before `end`. */
static int has_fence(const char *s, const char *end)
{
	const char *p = s;

	while (p && p < end) {
		if (end - p >= 3 && !memcmp(p, "---", 3) &&
		    (end - p == 3 || p[3] == '\n' || p[3] == '\r'))
			return 1;
		if ((p = memchr(p, '\n', (size_t)(end - p))))
			p++;
	}
	return 0;
}

/*
 * What to do about front matter that is missing or does not parse, when
 * the text shows why: YAML fields with no opening "---" (strongdm/comply's
 * shape), a value holding ": " unquoted, a first "---" that is a Markdown
 * thematic break. "" when none applies.
 */
static const char *fm_hint(const isms_split *sp, const char *yaml_msg)
{
	if (!sp->has_fm && sp->body_len &&
	    field_line(sp->body, sp->body_len) &&
	    has_fence(sp->body, sp->body + sp->body_len))
		return "; the file opens with YAML fields but no \"---\" line "
			"above them: add \"---\" as its first line (isms-new adopt "
			"does it for every such file)";
	if (yaml_msg && strstr(yaml_msg, "mapping values are not allowed"))
		return "; a value that holds \": \" must be quoted, as in "
			"title: \"Scope: all sites\"";
	if (sp->has_fm && sp->fm_len && !field_line(sp->fm, sp->fm_len))
		return "; if the first \"---\" is a Markdown thematic break, not "
			"front matter, put text or a blank line above it";
	return "";
}

static void parse_front_matter(struct worker *w, isms_doc *d,
	const isms_split *sp)
{
	isms_problem **r = &d->problems;
	isms_arena *a = w->arena;
	isms_error yerr = { 0 };
	isms_ynode *root = NULL;
	isms_yissue *issues = NULL, *i;

	if (sp->binary) {
		problem(r, a, 0, 0, ISMS_PROBLEM_NO_FRONT_MATTER,
			"binary file, not a Markdown document (exclude it in isms.yml)");
		return;
	}
	if (!sp->has_fm) {
		problem(r, a, 1, 1, ISMS_PROBLEM_NO_FRONT_MATTER,
			"no front matter: a document starts with a \"---\" line, "
			"its YAML fields, and a closing \"---\" line%s",
			fm_hint(sp, NULL));
		return;
	}
	if (sp->unterminated) {
		problem(r, a, 1, 1, ISMS_PROBLEM_SYNTAX,
			"front matter is not closed: no \"---\" line after the "
			"fields%s", fm_hint(sp, NULL));
		return;
	}
	if (isms_yaml_parse(&root, &issues, a, sp->fm, sp->fm_len,
	    sp->fm_line, &yerr) < 0) {
		problem(r, a, yerr.line, yerr.col, ISMS_PROBLEM_SYNTAX, "%s%s",
			yerr.msg, fm_hint(sp, yerr.msg));
		return;
	}
	for (i = issues; i; i = i->next)
		problem(r, a, i->line, i->col, ISMS_PROBLEM_SYNTAX, "%s", i->msg);
	if (!root || root->kind != ISMS_Y_MAP) {
		problem(r, a, root ? root->line : sp->fm_line,
			root ? root->col : 1, ISMS_PROBLEM_SYNTAX,
			"front matter must be a mapping of fields (key: value)");
		return;
	}
	d->fm = root;
	d->has_fm = 1;
	take_fields(d, w->m->cfg);
}

/* A document's facts from the cache, when its blob's are there: 1. */
static int cached_doc(struct worker *w, isms_doc *d, const char *blob,
	unsigned char *key)
{
	isms_cache_key_make(key, blob, w->m->cfg->hash);
	if (!isms_memo_doc_get(d, w->cache, key, w->arena))
		return 0;
	if (d->has_fm)
		take_fields(d, w->m->cfg);
	return 1;
}

/* Read and parse a document; what its blob yields is cached (by blob id:
 * the index's or the tree's without reading it, the work tree's from
 * its text). */
static void load_doc_fn(struct worker *w, isms_doc *d, isms_buf *text)
{
	isms_model *m = w->m;
	isms_error e = { 0 };
	unsigned char key[ISMS_CACHE_KEY];
	char *blob = d->blob;
	isms_split sp;
	int rc;

	if (!w->cache)
		w->cache = isms_source_cache(m->src);
	/* The text only when its facts are not cached. */
	rc = isms_source_read_id(text, blob, m->src, d->path, 0, &e);
	if (rc == 1) {
		if (cached_doc(w, d, blob, key))
			return;
		rc = isms_source_read_id(text, blob, m->src, d->path, 1, &e);
	}
	if (rc < 0) {
		problem(&d->problems, w->arena, 0, 0, ISMS_PROBLEM_NO_FRONT_MATTER,
			"cannot read the document: %s",
			rc == ISMS_ENOTFOUND ? "no such file" : e.msg);
		return;
	}
	if (cached_doc(w, d, blob, key))
		return;
	isms_split_text(&sp, text->ptr, text->len);
	isms_doc_text_version(d, m->src, text->ptr, text->len, w->arena);
	d->fm_line = sp.fm_line;
	d->body_line = sp.body_line;
	parse_front_matter(w, d, &sp);
	if (!sp.binary &&
	    isms_md_parse(&d->md, w->arena, sp.body, sp.body_len, sp.body_line,
	    w->m->cfg->heading_ids ? ISMS_MD_HEADING_IDS : 0, &e) < 0)
		problem(&d->problems, w->arena, 0, 0, ISMS_PROBLEM_SYNTAX,
			"cannot parse the Markdown body: %s", e.msg);
	isms_memo_doc_put(w->cache, key, d);
}

static void each_doc_fn(struct worker *w, isms_doc *d, isms_buf *text)
{
	w->each(&w->report, d, w->arg);
}

static int work(void *arg, int worker, size_t i)
{
	struct worker *w = (struct worker *)arg + worker;

	if (i < w->nfirst)
		w->first(&w->report, i, w->arg);
	else
		w->fn(w, &w->m->docs[i - w->nfirst], &w->text);
	return 0;
}

static void merge_report(isms_report *dst, const isms_report *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const isms_finding *f = &src->findings[i];
		isms_report_rule(dst, f->path, f->line, f->col, f->id, "%s",
			f->message);
	}
}

/* Links, references and findings name documents by path, thousands of
 * times a run: found by hash, not by bisection. */
static void index_paths(isms_model *m)
{
	size_t i;

	isms_strindex_init(&m->by_path, m->docs, sizeof(*m->docs),
		offsetof(isms_doc, path), m->ndocs);
	for (i = 0; i < m->ndocs; i++)
		isms_strindex_add(&m->by_path, i);
}

static int list_docs(isms_model *m, isms_error *err)
{
	const isms_file *files;
	size_t nfiles, i, rl;

	if (isms_source_list(&files, &nfiles, m->src, err) < 0)
		return -1;
	rl = strlen(isms_source_root(m->src));
	m->docs = isms_arena_alloc(m->arena, (nfiles + 1) * sizeof(*m->docs));
	m->governed = isms_arena_alloc(m->arena, (nfiles + 1) * sizeof(char *));
	for (i = 0; i < nfiles; i++) {
		if (isms_config_in_scope(m->cfg, files[i].path + rl))
			m->docs[m->ndocs++].path = files[i].path;
		else if (isms_config_governed(m->cfg, files[i].path + rl))
			m->governed[m->ngoverned++] = files[i].path;
	}
	index_paths(m);
	return 0;
}

/* The documents and governed files, in path order: what history follows. */
static const char **controlled_paths(const isms_model *m, size_t *n)
{
	const char **paths = calloc(m->ndocs + m->ngoverned + 1, sizeof(char *));
	size_t i = 0, k = 0;

	if (!paths)
		abort();
	*n = 0;
	while (i < m->ndocs || k < m->ngoverned) {
		if (k == m->ngoverned ||
		    (i < m->ndocs && strcmp(m->docs[i].path, m->governed[k]) < 0))
			paths[(*n)++] = m->docs[i++].path;
		else
			paths[(*n)++] = m->governed[k++];
	}
	return paths;
}

/* The approval branch's history of every document; for a revision, the
 * history that led to it. */
static int load_history(isms_model *m, isms_error *err)
{
	size_t n, i;
	const char **paths = controlled_paths(m, &n);
	int rc;

	rc = isms_history_begin(&m->history, m->src, m->cfg,
		isms_source_commit(m->src), paths, n, err);
	free(paths);
	/* A configuration that does not come from the branch itself judges
	 * every approval: a file on disk, or the revision pre-receive names. */
	if (rc == 0)
		m->history->jobs = m->jobs;
	if (rc == 0 && m->judge_fixed)
		isms_history_judge(m->history, m->cfg, m->judge_tree);
	for (i = 0; rc == 0 && i < m->ngoverned; i++)
		((isms_doc_history *)isms_history_doc(m->history,
			m->governed[i]))->governed = 1;
	return rc;
}

/* Run `first` nfirst times and `fn` over every document on the worker
 * threads, each with its own report (merged into `report`, when there is
 * one) and arena (kept by the model); `each` and `arg` are for `fn`. */
static void for_docs(isms_model *m, isms_report *report,
	const isms_lint_opts *opts, size_t nfirst,
	void (*first)(isms_report *, size_t, void *),
	void (*fn)(struct worker *, isms_doc *, isms_buf *),
	void (*each)(isms_report *, isms_doc *, void *), void *arg)
{
	struct worker *w;
	int nw = isms_pool_size(opts->jobs, nfirst + m->ndocs, DOCS_PER_THREAD),
		t, base = m->narenas;

	w = calloc((size_t)nw, sizeof(*w));
	m->arenas = realloc(m->arenas, (size_t)(base + nw) * sizeof(*m->arenas));
	if (!w || !m->arenas)
		abort();
	m->narenas = base + nw;
	for (t = 0; t < nw; t++) {
		w[t].m = m;
		w[t].arena = m->arenas[base + t] = isms_arena_new();
		isms_buf_init(&w[t].text);
		w[t].fn = fn;
		w[t].nfirst = nfirst;
		w[t].first = first;
		w[t].each = each;
		w[t].arg = arg;
		isms_report_init(&w[t].report);
	}
	isms_pool_run(nw, nfirst + m->ndocs, 1, work, w);
	for (t = 0; t < nw; t++) {
		if (report)
			merge_report(report, &w[t].report);
		isms_report_release(&w[t].report);
		isms_buf_release(&w[t].text);
	}
	free(w);
}

struct history_job {
	isms_model *m;
	isms_error err;
	int rc;
};

static void *history_thread(void *arg)
{
	struct history_job *j = arg;

	j->rc = load_history(j->m, &j->err);
	return NULL;
}

/* The documents are parsed while the commits are read (one thread, little
 * memory); the trees are compared after, on every core, so that the two
 * phases' peaks of memory do not add up. */
static int read_docs(isms_model *m, const isms_lint_opts *opts,
	isms_error *err)
{
	struct history_job job = { .m = m, .rc = 0 };
	pthread_t tid;

	if (opts->no_history) {
		for_docs(m, NULL, opts, 0, NULL, load_doc_fn, NULL, NULL);
		if (opts->docs_read)
			opts->docs_read(m, opts->docs_read_arg);
		return 0;
	}
	if (pthread_create(&tid, NULL, history_thread, &job) != 0)
		abort();
	for_docs(m, NULL, opts, 0, NULL, load_doc_fn, NULL, NULL);
	if (opts->docs_read)
		opts->docs_read(m, opts->docs_read_arg);
	pthread_join(tid, NULL);
	if (job.rc < 0) {
		*err = job.err;
		return -1;
	}
	return isms_history_finish(m->history, err);
}

void isms_model_each_doc(isms_model *m, isms_report *report,
	const isms_lint_opts *opts, size_t nfirst,
	void (*first)(isms_report *r, size_t k, void *arg),
	void (*fn)(isms_report *r, isms_doc *d, void *arg), void *arg)
{
	for_docs(m, report, opts, nfirst, first, each_doc_fn, fn, arg);
}

void isms_model_notes(isms_buf *out, const isms_model *m)
{
	if (m->cfg->tickets_export && !m->tickets)
		isms_buf_printf(out, "warning: the tracker export %s%s "
			"(tickets.export) is missing: the ticket rules are "
			"silent\n", isms_source_root(m->src), m->cfg->tickets_export);
	if (m->cfg->templates && !m->cfg->templates_off &&
	    !isms_facts_template_dir(m))
		isms_buf_printf(out, "warning: the templates folder %s "
			"(templates in isms.yml) is not found, or is the ISMS "
			"itself: template/unchanged compares with nothing\n",
			m->cfg->templates);
	if (m->history && m->history->shallow)
		isms_buf_puts(out, "warning: the history is cut short (a shallow "
			"clone): changes and approvals before its oldest commit are "
			"not seen; fetch with --unshallow for all of them\n");
}

int isms_config_read(isms_config **out, int *found, isms_source *src,
	const char *file, isms_error *err)
{
	isms_buf text = ISMS_BUF_INIT, path = ISMS_BUF_INIT;
	int rc;

	if (file) {
		rc = isms_fs_read(&text, file, err);
		isms_buf_puts(&path, file);
	} else {
		isms_buf_printf(&path, "%sisms.yml", isms_source_root(src));
		rc = isms_source_read(&text, src, path.ptr, err);
	}
	if (found)
		*found = rc == 0;
	if (rc == ISMS_ENOTFOUND && !file)
		rc = isms_config_load(out, NULL, NULL, 0, err);
	else if (rc == 0)
		rc = isms_config_load(out, path.ptr, text.ptr, text.len, err);
	else
		rc = -1;
	isms_buf_release(&text);
	isms_buf_release(&path);
	return rc;
}

/*
 * The configuration: --config (a file on disk, which then judges every
 * approval too), else the isms.yml of opts->judge_rev (pre-receive: the
 * old tip, already approved, judges the push; while that revision has no
 * isms.yml, the pushed one bootstraps itself), else the source's own.
 */
static int pick_config(isms_model *m, const isms_lint_opts *opts,
	isms_error *err)
{
	isms_source *judge = NULL;
	int rc, found;

	if (opts->config) {
		m->judge_fixed = 1;
		return isms_config_read(&m->cfg, NULL, m->src, opts->config, err);
	}
	if (opts->judge_rev) {
		if (isms_source_open(&judge, opts->dir, ISMS_SRC_REV, opts->judge_rev,
		    err) < 0)
			return -1;
		rc = isms_config_read(&m->cfg, &found, judge, NULL, err);
		if (rc == 0 && found &&
		    isms_source_tree(m->judge_tree, judge, opts->judge_rev) == 0) {
			m->judge_fixed = 1;
			isms_source_free(judge);
			return 0;
		}
		isms_source_free(judge);
		isms_config_free(m->cfg);
		m->cfg = NULL;
		if (rc < 0)
			return -1;
	}
	return isms_config_read(&m->cfg, NULL, m->src, NULL, err);
}

/* The configuration, and the file findings about it name: isms.yml,
 * where it is or where it would be. */
static int load_config(isms_model *m, const isms_lint_opts *opts,
	isms_error *err)
{
	if (pick_config(m, opts, err) < 0)
		return -1;
	m->config_file = m->cfg->path ? m->cfg->path : isms_arena_printf(m->arena,
		"%sisms.yml", isms_source_root(m->src));
	return 0;
}

static void load_soa(isms_model *m)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_error e = { 0 };
	isms_ynode *root = NULL;
	isms_yissue *issues = NULL, *i;
	int rc;

	m->soa_path = isms_arena_printf(m->arena, "%s%s",
		isms_source_root(m->src), m->cfg->soa);
	rc = isms_source_read(&text, m->src, m->soa_path, &e);
	if (rc == ISMS_ENOTFOUND) {
		m->soa_missing = 1;
	} else if (rc < 0) {
		problem(&m->soa_problems, m->arena, 0, 0, ISMS_PROBLEM_SYNTAX,
			"cannot read the Statement of Applicability: %s", e.msg);
	} else if (isms_yaml_parse(&root, &issues, m->arena, text.ptr,
	    text.len, 1, &e) < 0) {
		problem(&m->soa_problems, m->arena, e.line, e.col,
			ISMS_PROBLEM_SYNTAX, "%s", e.msg);
	} else {
		for (i = issues; i; i = i->next)
			problem(&m->soa_problems, m->arena, i->line, i->col,
				ISMS_PROBLEM_SYNTAX, "%s", i->msg);
		m->soa = root;
		m->soa_empty = root == NULL;
	}
	isms_buf_release(&text);
}

/* The tracker's export (tickets.export), read from the source as the
 * documents are: absent, the ticket rules are silent (a note says so);
 * malformed, it is trouble. */
static int load_tickets(isms_model *m, isms_error *err)
{
	isms_buf text = ISMS_BUF_INIT;
	const char *path;
	int rc;

	if (!m->cfg->tickets_export)
		return 0;
	path = isms_arena_printf(m->arena, "%s%s", isms_source_root(m->src),
		m->cfg->tickets_export);
	rc = isms_source_read(&text, m->src, path, err);
	if (rc == ISMS_ENOTFOUND) {
		if (err)
			memset(err, 0, sizeof(*err));
		rc = 0;
	} else if (rc == 0) {
		rc = isms_tickets_parse(&m->tickets, m->arena, path, text.ptr,
			text.len, err);
	}
	isms_buf_release(&text);
	return rc;
}

/* --at DATE: the ISMS as the approval branch held it at the end of DATE. */
static int reopen_at(isms_model *m, const isms_lint_opts *opts, isms_error *err)
{
	char commit[41];

	if (isms_history_at(commit, m->src, m->cfg->approval_branch, opts->at,
	    err) < 0)
		return -1;
	isms_config_free(m->cfg);
	isms_source_free(m->src);
	m->cfg = NULL;
	m->src = NULL;
	if (isms_source_open(&m->src, opts->dir, ISMS_SRC_REV, commit, err) < 0)
		return -1;
	if (opts->no_cache)
		isms_source_no_cache(m->src);
	return load_config(m, opts, err);
}

/* The day dates are judged by (isms_date_now), once the source is open. */
static int judge_day(isms_model *m, const isms_lint_opts *opts)
{
	const char *rev = isms_source_commit(m->src);
	long long t = -1;

	if (opts->commit_day &&
	    isms_source_commit_time(&t, m->src, rev ? rev : "HEAD") < 0)
		t = -1;
	m->now = isms_date_now(opts->now, opts->at, t);
	return 0;
}

/* --staged compares each document with HEAD (version/unchanged), and
 * the hooks judge what the index changes: both known once, here. */
static int head_tree(isms_model *m, isms_error *err)
{
	int rc = isms_source_tree(m->head_tree, m->src, "HEAD");

	if (rc < 0 && rc != ISMS_ENOTFOUND)
		return isms_error_set(err, "", 0, 0, "cannot read HEAD");
	if (isms_source_changed(&m->staged, &m->nstaged, m->src,
	    m->head_tree[0] ? m->head_tree : NULL) < 0)
		return isms_error_set(err, "", 0, 0, "cannot compare the index "
			"with HEAD");
	return 0;
}

int isms_model_staged(const isms_model *m, const char *path)
{
	size_t lo = 0, hi = m->nstaged;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->staged[mid], path);
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The source opened, its configuration read, the day set: all that a
 * model needs before its documents (and all a hook needs). */
static isms_model *open_model(const isms_lint_opts *opts, isms_error *err)
{
	isms_model *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	m->arena = isms_arena_new_shared();
	m->jobs = opts->jobs;
	if (isms_source_open(&m->src, opts->dir, opts->source, opts->rev, err) < 0 ||
	    (opts->no_cache && (isms_source_no_cache(m->src), 0)) ||
	    load_config(m, opts, err) < 0 ||
	    (opts->at >= 0 && reopen_at(m, opts, err) < 0) ||
	    judge_day(m, opts) < 0) {
		isms_model_free(m);
		return NULL;
	}
	return m;
}

int isms_model_load(isms_model **out, const isms_lint_opts *opts,
	isms_error *err)
{
	isms_model *m;

	*out = NULL;
	if (!(m = open_model(opts, err)))
		return -1;
	if ((opts->source == ISMS_SRC_INDEX && head_tree(m, err) < 0) ||
	    list_docs(m, err) < 0 ||
	    read_docs(m, opts, err) < 0) {
		isms_model_free(m);
		return -1;
	}
	load_soa(m);
	if (load_tickets(m, err) < 0) {
		isms_model_free(m);
		return -1;
	}
	*out = m;
	return 0;
}

int isms_model_load_config(isms_model **out, const isms_lint_opts *opts,
	isms_error *err)
{
	return (*out = open_model(opts, err)) ? 0 : -1;
}

void isms_model_free(isms_model *m)
{
	int t;

	if (!m)
		return;
	if (m->stop)
		m->stop(m->stop_arg);
	for (t = 0; t < m->narenas; t++)
		isms_arena_free(m->arenas[t]);
	free(m->arenas);
	isms_history_free(m->history);
	isms_strindex_release(&m->by_path);
	isms_config_free(m->cfg);
	isms_source_free(m->src);
	isms_arena_free(m->arena);
	free(m);
}

const isms_doc *isms_model_doc(const isms_model *m, const char *path)
{
	long i = isms_strindex_find(&m->by_path, path);

	return i < 0 ? NULL : &m->docs[i];
}
