/*
 * lint.c - isms_lint: read the model, run the rules, apply suppressions and
 * PATH filters, sort.
 */
#include "isms.h"

#include <limits.h>
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

/* Lexically normalise an absolute path (no "." or ".." segments). */
static void normalise(isms_buf *out, const char *path)
{
	const char *p = path;

	isms_buf_truncate(out, 0);
	while (*p) {
		const char *e;
		size_t n;

		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && *p == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out->len && out->ptr[out->len - 1] != '/')
				out->len--;
			if (out->len)
				out->len--;
			out->ptr[out->len] = '\0';
		} else {
			isms_buf_putc(out, '/');
			isms_buf_add(out, p, n);
		}
		p += n;
	}
	if (!out->len)
		isms_buf_putc(out, '/');
}

/* PATH arguments as repository-relative prefixes ("" for the top). */
static int filter_prefixes(char ***out, const isms_lint_opts *opts,
	const isms_model *m, isms_error *err)
{
	const char *wd = isms_source_workdir(m->src);
	char base[PATH_MAX];
	isms_buf abs = ISMS_BUF_INIT, norm = ISMS_BUF_INIT;
	char **pre = calloc(opts->npaths + 1, sizeof(char *));
	size_t i, wl;

	if (!pre)
		abort();
	*out = pre;
	if (!wd) {
		/* Bare repository: paths are repository-relative already. */
		for (i = 0; i < opts->npaths; i++) {
			normalise(&norm, opts->paths[i]);
			pre[i] = strdup(norm.ptr + 1);
		}
		isms_buf_release(&norm);
		return 0;
	}
	if (!realpath(opts->dir ? opts->dir : ".", base))
		return isms_error_set(err, "", 0, 0, "cannot resolve %s",
			opts->dir ? opts->dir : ".");
	wl = strlen(wd);
	for (i = 0; i < opts->npaths; i++) {
		isms_buf_truncate(&abs, 0);
		if (opts->paths[i][0] != '/')
			isms_buf_printf(&abs, "%s/", base);
		isms_buf_puts(&abs, opts->paths[i]);
		normalise(&norm, abs.ptr);
		isms_buf_putc(&norm, '/');
		if (strncmp(norm.ptr, wd, wl) != 0) {
			isms_buf_release(&abs);
			isms_buf_release(&norm);
			return isms_error_set(err, "", 0, 0,
				"%s is outside the repository", opts->paths[i]);
		}
		norm.ptr[norm.len - 1] = '\0';
		pre[i] = strdup(norm.ptr + wl);
	}
	isms_buf_release(&abs);
	isms_buf_release(&norm);
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

int isms_lint(isms_report *report, const isms_lint_opts *opts, isms_error *err)
{
	isms_model *m = NULL;
	char **pre = NULL;
	size_t i, keep = 0;
	int rc = -1;

	if (isms_model_load(&m, report, opts, err) < 0)
		return -1;
	if (filter_prefixes(&pre, opts, m, err) < 0)
		goto done;
	isms_rules_repo(report, m);
	isms_rules_records(report, m);
	for (i = 0; i < report->n; i++) {
		isms_finding *f = &report->findings[i];
		if (suppressed(m, f) || !wanted(pre, opts->npaths, f->path))
			continue;
		report->findings[keep++] = *f;
	}
	report->n = keep;
	isms_report_finish(report);
	rc = 0;
done:
	for (i = 0; pre && i < opts->npaths; i++)
		free(pre[i]);
	free(pre);
	isms_model_free(m);
	return rc;
}
