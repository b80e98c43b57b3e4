/*
 * lint.c - isms_lint: read the model, run the rules, apply suppressions and
 * PATH filters, sort.
 */
#include "isms.h"

#include <stdlib.h>
#include <string.h>

/* A finding is dropped when its document suppresses its rule. An expired
 * or unjustified suppression is never in force (rules.c), and the finding
 * that says so cannot be suppressed. */
static int suppressed(const isms_model *m, const isms_finding *f)
{
	const isms_doc *d;
	size_t i;

	if (!strcmp(f->rule, "suppression/expired"))
		return 0;
	d = isms_model_doc(m, f->path);
	if (!d || !d->ignore)
		return 0;
	for (i = 0; i < d->ignore->n; i++)
		if (!strcmp(d->ignore->items[i]->str, f->rule))
			return 1;
	return 0;
}

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
	if (isms_model_load(&m, report, opts, err) < 0)
		return -1;
	if (filter_prefixes(&pre, opts, m, err) < 0)
		goto done;
	isms_rules_repo(report, m);
	isms_rules_records(report, m);
	isms_rules_governed(report, m);
	for (i = 0; i < report->n; i++) {
		isms_finding *f = &report->findings[i];
		if (suppressed(m, f) || !wanted(pre, opts->npaths, f->path))
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
