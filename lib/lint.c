/*
 * lint.c - isms_lint: read the model, run the rules over it (they apply
 * the documents' suppressions), apply the PATH filters, sort.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

/* PATH arguments as repository-relative prefixes ("" for the top). */
static int filter_prefixes(char ***out, const isms_lint_opts *opts,
	const isms_model *m, isms_error *err)
{
	char **pre = calloc(opts->npaths + 1, sizeof(char *));
	size_t i;

	if (!pre)
		abort();
	*out = pre;
	for (i = 0; i < opts->npaths; i++)
		if (isms_source_path(&pre[i], m->src, opts->dir, opts->paths[i], err) < 0)
			return -1;
	return 0;
}

static int wanted(char **pre, size_t n, const char *path)
{
	size_t i, l;

	if (!n)
		return 1;
	for (i = 0; i < n; i++) {
		l = strlen(pre[i]);
		if (!l || (!strncmp(path, pre[i], l) && (!path[l] || path[l] == '/')))
			return 1;
	}
	return 0;
}

int isms_lint_model(isms_report *report, isms_model **out,
	const isms_lint_opts *opts, isms_error *err)
{
	isms_model *m = NULL;
	char **pre = NULL;
	size_t i, keep = 0;
	int rc = -1;

	if (out)
		*out = NULL;
	if (isms_model_load(&m, opts, err) < 0)
		return -1;
	report->documents = m->ndocs;
	if (m->cfg->site_url)
		report->site_url = isms_arena_strdup(report->arena, m->cfg->site_url);
	isms_model_notes(&report->notes, m);
	if (filter_prefixes(&pre, opts, m, err) < 0)
		goto done;
	isms_rules_run(report, m, opts);
	for (i = 0; i < report->n; i++) {
		isms_finding *f = &report->findings[i];
		if (!wanted(pre, opts->npaths, f->path))
			continue;
		report->findings[keep++] = *f;
	}
	report->n = keep;
	isms_report_finish(report);
	rc = 0;
	if (out) {
		*out = m;
		m = NULL;
	}
done:
	for (i = 0; pre && i < opts->npaths; i++)
		free(pre[i]);
	free(pre);
	isms_model_free(m);
	return rc;
}

int isms_lint(isms_report *report, const isms_lint_opts *opts, isms_error *err)
{
	return isms_lint_model(report, NULL, opts, err);
}
