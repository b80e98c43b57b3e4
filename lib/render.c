/*
 * render.c - what isms-render's commands read before they write: the
 * ISMS at two revisions for a diff, and whether soa.yml can be published.
 * The writers themselves are in soa.c, graph-out.c, diff.c, history-out.c and
 * site*.c; this is what stands between a command line and them.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* So that an empty render is not taken for a broken one. */
static void documents_note(isms_buf *notes, size_t documents)
{
	if (!documents)
		isms_buf_puts(notes, "0 documents in scope (isms.yml's include "
			"and exclude)\n");
}

int isms_render_load(isms_model **m, isms_buf *notes,
	const isms_lint_opts *opts, isms_error *err)
{
	if (isms_model_load(m, opts, err) < 0)
		return -1;
	isms_model_notes(notes, *m);
	documents_note(notes, (*m)->ndocs);
	return 0;
}

/* The site into `dir`, or with `manual` the manual in `mo`'s paper;
 * what was written in *done. */
static int published(isms_published *done, isms_buf *manual,
	isms_buf *notes, const char *dir, const isms_lint_opts *opts,
	const isms_manual_opts *mo, isms_error *err)
{
	isms_report report;
	int rc;

	memset(done, 0, sizeof(*done));
	isms_report_init(&report);
	rc = manual ? isms_manual_render(&report, manual, opts, mo, err) :
		isms_site_render(&report, dir, opts, mo->unsafe, err);
	if (rc == 0) {
		isms_buf_add(notes, report.notes.ptr, report.notes.len);
		documents_note(notes, report.documents);
		done->documents = report.documents;
		done->pages = manual ? 0 : isms_fs_count(dir, ".html");
	}
	isms_report_release(&report);
	return rc;
}

int isms_render_published(isms_published *done, isms_buf *manual,
	isms_buf *notes, const char *dir, const isms_lint_opts *opts,
	int unsafe, isms_error *err)
{
	isms_manual_opts mo = ISMS_MANUAL_OPTS_INIT;

	mo.unsafe = unsafe;
	return published(done, manual, notes, dir, opts, &mo, err);
}

int isms_render_manual(isms_published *done, isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, const isms_manual_opts *mo, isms_error *err)
{
	return published(done, out, notes, NULL, opts, mo, err);
}

int isms_render_history(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, const char *arg, int json, isms_error *err)
{
	isms_model *m = NULL;
	const isms_doc_history *dh;
	char *path = NULL;
	int rc = -1;

	if (isms_render_load(&m, notes, opts, err) < 0)
		goto done;
	if (!arg) {
		isms_history_write_all(out, m, json);
		rc = 0;
		goto done;
	}
	if (isms_source_path(&path, m->src, opts->dir, arg, err) < 0)
		goto done;
	/* A document's, or a governed file's (isms.yml, soa.yml, keys). */
	if (!(dh = isms_history_doc(m->history, path))) {
		isms_error_set(err, path, 0, 0, "not a document or governed "
			"file of the ISMS");
		goto done;
	}
	isms_history_write(out, m, dh, json);
	isms_buf_puts(out, json ? "\n" : "");
	rc = 0;
done:
	free(path);
	isms_model_free(m);
	return rc;
}

int isms_render_diff(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	const char *rev1, const char *rev2, isms_diff_format fmt, isms_error *err)
{
	isms_model *m1 = NULL, *m2 = NULL;
	isms_lint_opts o = *opts;
	int rc = -1;

	o.source = ISMS_SRC_REV;
	o.rev = rev1;
	if (isms_render_load(&m1, notes, &o, err) < 0)
		return -1;
	o.rev = rev2;
	if (isms_render_load(&m2, notes, &o, err) == 0)
		rc = isms_diff_write(out, m1, m2, rev1, rev2, fmt, err);
	isms_model_free(m1);
	isms_model_free(m2);
	return rc;
}

/*
 * A soa.yml that does not parse would show every control as undecided:
 * that is trouble to report, not a Statement of Applicability to publish.
 * A missing or empty one is published (all undecided), with a warning.
 */
static int soa_check(isms_buf *notes, const isms_model *m, isms_error *err)
{
	const isms_problem *p = m->soa_problems;

	if (m->soa_missing)
		isms_buf_printf(notes, "warning: %s does not exist: all controls "
			"are undecided\n", m->soa_path);
	else if (m->soa)
		return 0;
	else if (p)
		return isms_error_set(err, m->soa_path, p->line,
			p->line ? p->col : 0, "%s", p->msg);
	else
		isms_buf_printf(notes, "warning: %s is empty: all controls are "
			"undecided\n", m->soa_path);
	return 0;
}

int isms_render_soa(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	isms_soa_format fmt, isms_error *err)
{
	isms_model *m = NULL;
	int rc = -1;

	if (isms_render_load(&m, notes, opts, err) == 0 &&
	    soa_check(notes, m, err) == 0) {
		isms_soa_write(out, m, fmt);
		rc = 0;
	}
	isms_model_free(m);
	return rc;
}

int isms_render_graph(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, isms_graph_format fmt, isms_error *err)
{
	isms_model *m = NULL;
	int rc = -1;

	if (isms_render_load(&m, notes, opts, err) == 0)
		rc = isms_graph_write(out, m, fmt, err);
	isms_model_free(m);
	return rc;
}

/* The verdict on the lint of the ISMS: the site's audit page for html,
 * else Markdown or JSON; with the document-control sample when asked. */
int isms_render_audit(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, isms_audit_format fmt, size_t sample,
	unsigned long long seed, isms_error *err)
{
	isms_audit_draw draw = { seed, sample, 0, 0, NULL };
	isms_report report;
	isms_model *m = NULL;
	isms_arena *a = NULL;
	isms_audit *v;
	size_t *idx = NULL;
	int rc = -1;

	isms_report_init(&report);
	if (isms_lint_model(&report, &m, opts, err) < 0)
		goto done;
	isms_buf_add(notes, report.notes.ptr, report.notes.len);
	documents_note(notes, m->ndocs);
	if (sample) {
		if (!(idx = calloc(m->ndocs + 1, sizeof(*idx))))
			abort();
		isms_history_read_versions(m);
		draw.n = isms_audit_sample(idx, sample, &draw.population, m, seed);
		draw.idx = idx;
	}
	if (fmt == ISMS_AUDIT_HTML) {
		rc = isms_audit_html(out, m, &report, sample ? &draw : NULL, err);
		goto done;
	}
	a = isms_arena_new();
	isms_audit_build(&v, a, m, &report);
	isms_audit_write(out, v, m, sample ? &draw : NULL, fmt);
	rc = 0;
done:
	isms_arena_free(a);
	free(idx);
	isms_model_free(m);
	isms_report_release(&report);
	return rc;
}
