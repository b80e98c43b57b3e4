/*
 * hook.c - the git hooks that guard an ISMS repository.
 *
 * install/uninstall write and remove small shims (hooks/shim.sh, compiled
 * in) that call isms-hook; a hook that was there before is kept beside the
 * shim and run first, never lost. The hooks themselves are lint runs over
 * the right snapshot: the index (pre-commit), the pushed tips (pre-push,
 * pre-receive), plus the approval check of the commits a push adds to the
 * approval branch.
 */
#include "isms.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHIM_MARK "isms-hook-shim"
#define KEPT ".isms-kept"

static const char *const known_hooks[] = {
	"pre-commit", "commit-msg", "pre-push", "pre-receive", NULL
};

int isms_hook_known(const char *name)
{
	size_t i;

	for (i = 0; known_hooks[i]; i++)
		if (!strcmp(known_hooks[i], name))
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- files */

static int read_file(isms_buf *out, const char *path)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	isms_buf_truncate(out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

static int is_shim(const char *path)
{
	isms_buf b = ISMS_BUF_INIT;
	int yes = read_file(&b, path) == 0 && b.ptr && strstr(b.ptr, SHIM_MARK);

	isms_buf_release(&b);
	return yes;
}

/* Write `text` to `path` (mode 0755) through a temporary file and a
 * rename, so that git never runs half a hook. */
static int write_hook(const char *path, const char *text, isms_error *err)
{
	isms_buf tmp = ISMS_BUF_INIT;
	size_t len = strlen(text);
	int fd, rc = 0;

	isms_buf_printf(&tmp, "%s.isms-tmp", path);
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fchmod(fd, 0755) < 0 ||
	    close(fd) < 0 || rename(tmp.ptr, path) < 0) {
		rc = isms_error_set(err, path, 0, 0, "cannot write the hook: %s",
			strerror(errno));
		if (fd >= 0)
			unlink(tmp.ptr);
	}
	isms_buf_release(&tmp);
	return rc;
}

static int mkdirs(const char *dir)
{
	char p[PATH_MAX];
	size_t i;

	if (snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
		return -1;
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -1;
		p[i] = '/';
	}
	return mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* The shim for this installation: the path of isms-hook, single-quoted. */
static void shim_text(isms_buf *out, const char *self)
{
	const char *at = strstr(isms_hook_shim, "@ISMS_HOOK@"), *p;

	isms_buf_add(out, isms_hook_shim, (size_t)(at - isms_hook_shim));
	isms_buf_putc(out, '\'');
	for (p = self; *p; p++) {
		if (*p == '\'')
			isms_buf_puts(out, "'\\''");
		else
			isms_buf_putc(out, *p);
	}
	isms_buf_putc(out, '\'');
	isms_buf_puts(out, at + strlen("@ISMS_HOOK@"));
}

/* ---------------------------------------------------------------- install */

static int install_one(isms_buf *log, const char *dir, const char *name,
	int force, const char *shim, isms_error *err)
{
	isms_buf path = ISMS_BUF_INIT, kept = ISMS_BUF_INIT, cur = ISMS_BUF_INIT;
	struct stat st;
	int rc = 0;

	isms_buf_printf(&path, "%s/%s", dir, name);
	isms_buf_printf(&kept, "%s%s", path.ptr, KEPT);
	if (lstat(path.ptr, &st) == 0 && !is_shim(path.ptr)) {
		if (!force) {
			rc = isms_error_set(err, path.ptr, 0, 0, "a %s hook is already "
				"there and is not ours; `isms-hook install --force` keeps "
				"it as %s%s and runs it before ours", name, name, KEPT);
			goto done;
		}
		if (lstat(kept.ptr, &st) == 0) {
			rc = isms_error_set(err, kept.ptr, 0, 0, "a kept hook is "
				"already there; run `isms-hook uninstall` first");
			goto done;
		}
		if (rename(path.ptr, kept.ptr) < 0) {
			rc = isms_error_set(err, path.ptr, 0, 0, "cannot keep the "
				"existing hook: %s", strerror(errno));
			goto done;
		}
		isms_buf_printf(log, "kept the existing %s hook as %s%s; it runs "
			"first\n", name, name, KEPT);
	}
	if (read_file(&cur, path.ptr) == 0 && cur.ptr && !strcmp(cur.ptr, shim)) {
		isms_buf_printf(log, "%s: already installed\n", path.ptr);
		goto done;
	}
	if ((rc = write_hook(path.ptr, shim, err)) == 0)
		isms_buf_printf(log, "installed %s\n", path.ptr);
done:
	isms_buf_release(&path);
	isms_buf_release(&kept);
	isms_buf_release(&cur);
	return rc;
}

int isms_hook_install(isms_buf *log, const char *dir, const char *const *names,
	size_t n, int force, const char *self, isms_error *err)
{
	isms_source *src = NULL;
	isms_buf shim = ISMS_BUF_INIT;
	char *hooks = NULL;
	size_t i;
	int rc = -1;

	if (isms_source_open(&src, dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	if (isms_source_hooks_dir(&hooks, src) < 0) {
		isms_error_set(err, "", 0, 0, "cannot find the hooks folder");
		goto done;
	}
	if (mkdirs(hooks) < 0) {
		isms_error_set(err, hooks, 0, 0, "cannot make the hooks folder: %s",
			strerror(errno));
		goto done;
	}
	shim_text(&shim, self);
	for (i = 0; i < n; i++)
		if (install_one(log, hooks, names[i], force, shim.ptr, err) < 0)
			goto done;
	rc = 0;
done:
	free(hooks);
	isms_buf_release(&shim);
	isms_source_free(src);
	return rc;
}

int isms_hook_uninstall(isms_buf *log, const char *dir, isms_error *err)
{
	isms_source *src = NULL;
	isms_buf path = ISMS_BUF_INIT, kept = ISMS_BUF_INIT;
	char *hooks = NULL;
	struct stat st;
	size_t i;
	int rc = 0;

	if (isms_source_open(&src, dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	if (isms_source_hooks_dir(&hooks, src) < 0) {
		isms_source_free(src);
		return isms_error_set(err, "", 0, 0, "cannot find the hooks folder");
	}
	for (i = 0; known_hooks[i] && rc == 0; i++) {
		isms_buf_truncate(&path, 0);
		isms_buf_truncate(&kept, 0);
		isms_buf_printf(&path, "%s/%s", hooks, known_hooks[i]);
		isms_buf_printf(&kept, "%s%s", path.ptr, KEPT);
		if (is_shim(path.ptr)) {
			if (unlink(path.ptr) < 0)
				rc = isms_error_set(err, path.ptr, 0, 0, "%s", strerror(errno));
			else
				isms_buf_printf(log, "removed %s\n", path.ptr);
		}
		if (rc == 0 && lstat(kept.ptr, &st) == 0) {
			if (lstat(path.ptr, &st) == 0)
				rc = isms_error_set(err, path.ptr, 0, 0, "a hook is in the "
					"way of the kept one, %s", kept.ptr);
			else if (rename(kept.ptr, path.ptr) < 0)
				rc = isms_error_set(err, kept.ptr, 0, 0, "%s", strerror(errno));
			else
				isms_buf_printf(log, "restored %s\n", path.ptr);
		}
	}
	free(hooks);
	isms_buf_release(&path);
	isms_buf_release(&kept);
	isms_source_free(src);
	return rc;
}

/* ---------------------------------------------------------------- checks */

/* Whether report `old` has a finding like `f` (same path, rule, message;
 * lines move when a document changes). */
static int had(const isms_report *old, const isms_finding *f)
{
	size_t i;

	for (i = 0; old && i < old->n; i++)
		if (!strcmp(old->findings[i].path, f->path) &&
		    !strcmp(old->findings[i].rule, f->rule) &&
		    !strcmp(old->findings[i].message, f->message))
			return 1;
	return 0;
}

static int listed(const char **paths, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(paths[i], path))
			return 1;
	return 0;
}

/*
 * Keep the findings a change is answerable for: every finding in a file it
 * changes, and every error elsewhere that the `before` snapshot did not
 * have (a link the change broke); not those about approvals and reviews.
 * Returns the errors kept.
 */
static size_t answerable(isms_report *r, const isms_report *before,
	const char **changed, size_t nchanged)
{
	size_t i, keep = 0, errors = 0;

	for (i = 0; i < r->n; i++) {
		isms_finding *f = &r->findings[i];
		int mine = listed(changed, nchanged, f->path);

		/* Approvals and reviews judge the branch's history, which no
		 * commit can mend: pull requests, CI and the server see them. */
		if (!strncmp(f->rule, "approval/", 9) || !strcmp(f->rule, "review/overdue"))
			continue;
		if (!mine && (f->severity != ISMS_ERROR || had(before, f)))
			continue;
		errors += f->severity == ISMS_ERROR;
		r->findings[keep++] = *f;
	}
	r->n = keep;
	isms_report_finish(r);
	return errors;
}

/* Lint revision `rev` into `r` (initialised by the caller). */
static int lint_rev(isms_report *r, const isms_lint_opts *base,
	const char *rev, isms_error *err)
{
	isms_lint_opts o = *base;

	o.source = ISMS_SRC_REV;
	o.rev = rev;
	return isms_lint(r, &o, err);
}

int isms_hook_pre_commit(isms_report *out, const isms_lint_opts *opts,
	isms_error *err)
{
	isms_lint_opts o = *opts;
	isms_report before;
	isms_source *src = NULL;
	const char **changed = NULL;
	size_t nchanged = 0;
	char head[41];
	int have_head, rc = -1;

	o.source = ISMS_SRC_INDEX;
	if (isms_lint(out, &o, err) < 0)
		return -1;
	if (isms_source_open(&src, opts->dir, ISMS_SRC_INDEX, NULL, err) < 0)
		return -1;
	have_head = isms_source_tree(head, src, "HEAD") == 0;
	if (isms_source_changed(&changed, &nchanged, src, have_head ? head : NULL) < 0) {
		isms_error_set(err, "", 0, 0, "cannot compare the index with HEAD");
		goto done;
	}
	isms_report_init(&before);
	if (have_head && lint_rev(&before, opts, "HEAD", err) < 0) {
		isms_report_release(&before);
		goto done;
	}
	answerable(out, have_head ? &before : NULL, changed, nchanged);
	isms_report_release(&before);
	rc = 0;
done:
	isms_source_free(src);
	return rc;
}

/* The message as git will record it: without '#' comment lines (git's
 * default cleanup) and surrounding blank space. */
static void clean_message(isms_buf *out, const char *msg)
{
	const char *p = msg;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (*p != '#') {
			isms_buf_add(out, p, n);
			isms_buf_putc(out, '\n');
		}
		p += n + (eol ? 1 : 0);
	}
	while (out->len && strchr(" \t\r\n", out->ptr[out->len - 1]))
		out->len--;
	if (out->ptr)
		out->ptr[out->len] = '\0';
}

int isms_hook_commit_msg(isms_buf *why, const isms_lint_opts *opts,
	const char *file, isms_error *err)
{
	isms_buf raw = ISMS_BUF_INIT, msg = ISMS_BUF_INIT, path = ISMS_BUF_INIT;
	isms_report report;
	isms_model *m = NULL;
	isms_lint_opts o = *opts;
	const char **changed = NULL;
	size_t nchanged = 0, i, rl;
	char head[41];
	int rc = -1, docs = 0;
	struct stat st;

	if (read_file(&raw, file) < 0)
		return isms_error_set(err, file, 0, 0, "cannot read the commit "
			"message: %s", strerror(errno));
	clean_message(&msg, raw.ptr ? raw.ptr : "");
	isms_report_init(&report);
	o.source = ISMS_SRC_INDEX;
	if (isms_model_load(&m, &report, &o, err) < 0)
		goto done;
	rc = 0;
	if (!msg.len) {
		isms_buf_puts(why, "the commit message is empty\n");
		goto done;
	}
	/* A merge, or a fixup to be squashed later, is judged as git does:
	 * by what it will become, not by its own message. */
	isms_buf_printf(&path, "%sMERGE_HEAD", isms_source_gitdir(m->src));
	if (stat(path.ptr, &st) == 0 || !strncmp(msg.ptr, "fixup! ", 7) ||
	    !strncmp(msg.ptr, "squash! ", 8) || !strncmp(msg.ptr, "amend! ", 7))
		goto done;
	if (!m->cfg->require_tickets || !m->cfg->ticket_re)
		goto done;
	if (isms_source_changed(&changed, &nchanged, m->src,
	    isms_source_tree(head, m->src, "HEAD") == 0 ? head : NULL) < 0) {
		rc = isms_error_set(err, "", 0, 0, "cannot compare the index with HEAD");
		goto done;
	}
	rl = strlen(isms_source_root(m->src));
	for (i = 0; i < nchanged && !docs; i++)
		docs = !strncmp(changed[i], isms_source_root(m->src), rl) &&
			isms_config_in_scope(m->cfg, changed[i] + rl);
	if (docs && isms_re_match(m->cfg->ticket_re, msg.ptr, msg.len) != 1)
		isms_buf_printf(why, "this commit changes ISMS documents, so its "
			"message needs a tracker key (tickets.pattern /%s/), such as "
			"ISMS-42\n", m->cfg->ticket_pattern);
done:
	isms_model_free(m);
	isms_report_release(&report);
	isms_buf_release(&raw);
	isms_buf_release(&msg);
	isms_buf_release(&path);
	return rc;
}

/* ---------------------------------------------------------------- pushes */

static int zero_id(const char *hex)
{
	return strspn(hex, "0") == strlen(hex);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A ref moving from `old` to `new`: no lint errors at `new`, and, when
 * `approvals` (the approval branch), every change of a document made by a
 * commit it adds comes with an approval. Explains each refusal in `why`.
 */
static int check_update(isms_buf *why, const isms_lint_opts *opts,
	const char *old, const char *new, int approvals, isms_error *err)
{
	isms_lint_opts o = *opts;
	isms_report report;
	isms_model *m = NULL;
	isms_arena *a = isms_arena_new();
	isms_commit *prev = NULL;
	const char **ids = NULL;
	size_t nprev = 0, d, k;
	int shallow, rc = -1;
	char s1[8];

	o.source = ISMS_SRC_REV;
	o.rev = new;
	/* One read of the pushed tip: its lint errors, and the model whose
	 * history says what was approved. */
	isms_report_init(&report);
	if (isms_lint_model(&report, approvals ? &m : NULL, &o, err) < 0)
		goto done;
	for (d = k = 0; k < report.n; k++)
		if (report.findings[k].severity == ISMS_ERROR)
			report.findings[d++] = report.findings[k];
	report.n = d;
	isms_report_finish(&report);
	isms_report_write(why, &report, ISMS_FMT_TEXT, 0);
	if (!approvals) {
		rc = 0;
		goto done;
	}
	if (!zero_id(old) &&
	    isms_source_commits(&prev, &nprev, &shallow, a, m->src, old, err) < 0)
		nprev = 0;  /* the old tip is unknown here: judge every commit */
	/* The commits the branch had, sorted for lookups. */
	ids = isms_arena_alloc(a, (nprev + 1) * sizeof(*ids));
	for (k = 0; k < nprev; k++)
		ids[k] = prev[k].id;
	qsort(ids, nprev, sizeof(*ids), cmp_str);
	for (d = 0; m->history && d < m->history->ndocs; d++) {
		const isms_doc_history *dh = &m->history->docs[d];

		for (k = 0; k < dh->n; k++) {
			const isms_change *c = &dh->changes[k];
			const char *key = c->commit;

			if (c->approval != ISMS_APPROVAL_NONE ||
			    bsearch(&key, ids, nprev, sizeof(*ids), cmp_str))
				continue;
			memcpy(s1, c->commit, 7);
			s1[7] = '\0';
			isms_buf_printf(why, "%s: commit %s \"%s\" changes it without "
				"approval%s: bring it in through a pull request approved "
				"by an approver role\n", dh->path, s1, c->subject,
				c->self_only ? " (approved only by its author)" : "");
		}
	}
	rc = 0;
done:
	isms_model_free(m);
	isms_report_release(&report);
	isms_arena_free(a);
	return rc;
}

/*
 * Ref update lines ("<a> <b> <c> <d>" for pre-push: local ref, local id,
 * remote ref, remote id; "<old> <new> <ref>" for pre-receive) checked one
 * by one: pre-push lints every pushed tip, both check the approvals of
 * what reaches the approval branch, and pre-receive lets every other ref
 * through. A deletion is let through.
 */
int isms_hook_refs(isms_buf *why, const isms_lint_opts *opts, const char *lines,
	int receive, isms_error *err)
{
	isms_source *src = NULL;
	isms_config *cfg = NULL;
	isms_buf text = ISMS_BUF_INIT, branch = ISMS_BUF_INIT;
	const char *p = lines;
	int rc = 0;

	/* The approval branch comes from isms.yml at the server's HEAD (or
	 * the work tree), which is what the branch is governed by. */
	if (isms_source_open(&src, opts->dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	isms_buf_printf(&text, "%sisms.yml", isms_source_root(src));
	if (isms_source_read(&branch, src, text.ptr, NULL) == 0)
		rc = isms_config_load(&cfg, text.ptr, branch.ptr ? branch.ptr : "",
			branch.len, err);
	else
		rc = isms_config_load(&cfg, NULL, NULL, 0, err);
	isms_source_free(src);
	if (rc < 0)
		goto done;
	isms_buf_truncate(&branch, 0);
	isms_buf_printf(&branch, "refs/heads/%s", cfg->approval_branch);
	while (*p && rc == 0) {
		char f[4][1024];
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[4200];
		int got;

		snprintf(line, sizeof(line), "%.*s", (int)(n < 4199 ? n : 4199), p);
		p += n + (eol ? 1 : 0);
		got = sscanf(line, "%1023s %1023s %1023s %1023s", f[0], f[1], f[2], f[3]);
		if (got < (receive ? 3 : 4))
			continue;
		if (zero_id(f[1]))
			continue;   /* a deletion */
		if (receive && strcmp(f[2], branch.ptr))
			continue;   /* the server guards the approval branch only */
		rc = check_update(why, opts, receive ? f[0] : f[3], f[1],
			!strcmp(f[2], branch.ptr), err);
	}
done:
	isms_config_free(cfg);
	isms_buf_release(&text);
	isms_buf_release(&branch);
	return rc;
}
