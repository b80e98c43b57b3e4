/*
 * hook.c - the git hooks that guard an ISMS repository.
 *
 * (Installing the shims that call isms-hook is lib/hook-install.c.)
 * The hooks themselves are lint runs over
 * the right snapshot: the index (pre-commit), the pushed tips (pre-push,
 * pre-receive), plus the approval check of the commits a push adds to the
 * approval branch.
 */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- checks */

/* Whether report `old` has a finding like `f` (same path, rule, message;
 * lines move when a document changes). */
static int had(const isms_report *old, const isms_finding *f)
{
	size_t i;

	for (i = 0; old && i < old->n; i++)
		if (!strcmp(old->findings[i].path, f->path) &&
		    old->findings[i].id == f->id &&
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
		if (isms_finding_on_branch(f))
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

/*
 * The findings of HEAD's tree, which pre-commit compares the index's
 * with: a pure function of the tree, the configuration file given
 * (--config), the day and the ISMS root, so cached under those; linted
 * (without the branch's history, like the index) only when not cached.
 */
static int head_findings(isms_report *before, const isms_lint_opts *o,
	const isms_model *m, isms_error *err)
{
	isms_cache *c = isms_source_cache(m->src);
	const char *root = isms_source_root(m->src);
	unsigned char key[ISMS_CACHE_KEY];
	uint64_t ctx[3];
	isms_buf v = ISMS_BUF_INIT;
	size_t i;
	uint32_t n;
	isms_rec r;

	ctx[0] = o->config ? m->cfg->hash : 0;
	ctx[1] = (uint64_t)m->now;
	ctx[2] = isms_hash64(root, strlen(root), 0);
	isms_cache_key_make(key, m->head_tree, isms_hash64(ctx, sizeof(ctx), 2));
	if (isms_cache_rec(&r, c, ISMS_CACHE_REPORT, key)) {
		n = isms_rec_get_u32(&r);
		for (i = 0; i < n && !r.bad; i++) {
			const char *path = isms_rec_get_str(&r, NULL);
			uint32_t id = isms_rec_get_u32(&r);
			const char *msg = isms_rec_get_str(&r, NULL);
			if (path && msg && id < ISMS_NRULES)
				isms_report_rule(before, path, 0, 0, (isms_rule_id)id,
					"%s", msg);
			else
				r.bad = 1;
		}
		if (!r.bad && r.p == r.end)
			return 0;
		isms_report_release(before);
		isms_report_init(before);
	}
	if (lint_rev(before, o, "HEAD", err) < 0)
		return -1;
	isms_rec_u32(&v, (uint32_t)before->n);
	for (i = 0; i < before->n; i++) {
		const isms_finding *f = &before->findings[i];
		isms_rec_str(&v, f->path, strlen(f->path));
		isms_rec_u32(&v, (uint32_t)f->id);
		isms_rec_str(&v, f->message, strlen(f->message));
	}
	isms_cache_put(c, ISMS_CACHE_REPORT, key, v.ptr, v.len);
	isms_buf_release(&v);
	return 0;
}

/*
 * pre-commit: the index linted without the branch's history (what no
 * commit can mend is left to the branch), each document's facts from
 * the cache unless the index changes it; then kept what the commit is
 * answerable for, against HEAD's findings (cached by tree).
 */
int isms_hook_pre_commit(isms_report *out, const isms_lint_opts *opts,
	isms_error *err)
{
	isms_lint_opts o = *opts;
	isms_report before;
	isms_model *m = NULL;
	int rc = -1;

	o.source = ISMS_SRC_INDEX;
	o.no_history = 1;
	o.unchanged_as_head = 1;
	if (isms_lint_model(out, &m, &o, err) < 0)
		return -1;
	isms_report_init(&before);
	if (m->head_tree[0] && head_findings(&before, &o, m, err) < 0) {
		isms_report_release(&before);
		goto done;
	}
	answerable(out, m->head_tree[0] ? &before : NULL, m->staged, m->nstaged);
	isms_report_release(&before);
	rc = 0;
done:
	isms_model_free(m);
	return rc;
}

/* The message as git will record it: without '#' comment lines (git's
 * default cleanup) and surrounding blank space. */
static void clean_message(isms_buf *out, const char *msg)
{
	const char *p = msg;
	size_t len;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (*p != '#') {
			isms_buf_add(out, p, n);
			isms_buf_putc(out, '\n');
		}
		p += n + (eol ? 1 : 0);
	}
	len = out->len;
	while (len && strchr(" \t\r\n", out->ptr[len - 1]))
		len--;
	isms_buf_truncate(out, len);
}

int isms_hook_commit_msg(isms_buf *why, const isms_lint_opts *opts,
	const char *file, isms_error *err)
{
	isms_buf raw = ISMS_BUF_INIT, msg = ISMS_BUF_INIT, path = ISMS_BUF_INIT;
	isms_model *m = NULL;
	isms_lint_opts o = *opts;
	const char **changed = NULL;
	size_t nchanged = 0, i, rl;
	char head[41];
	int rc = -1, docs = 0;
	struct stat st;

	if (isms_fs_read(&raw, file, err) < 0)
		return -1;
	clean_message(&msg, raw.ptr);
	o.source = ISMS_SRC_INDEX;
	/* The configuration and the staged paths are all it needs. */
	if (isms_model_load_config(&m, &o, err) < 0)
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

/* What a push is checked with: the options, and on a server the person
 * the hosting environment authenticated (login or e-mail), if it says. */
struct push {
	const isms_lint_opts *opts;
	int receive;
	const char *pusher;      /* NULL when nobody says who pushes */
	isms_source *src;        /* the repository (configuration, ancestry) */
};

/* The pusher as GitLab, Gitea/Forgejo, GitHub Enterprise, gitolite or an
 * authenticating web server name it; ISMS_PUSHER first, for others. */
static const char *find_pusher(void)
{
	static const char *const vars[] = { "ISMS_PUSHER", "GL_USERNAME",
		"GITEA_PUSHER_NAME", "GITHUB_USER_LOGIN", "GL_USER", "REMOTE_USER",
		NULL };
	size_t i;

	for (i = 0; vars[i]; i++)
		if (getenv(vars[i]) && *getenv(vars[i]))
			return getenv(vars[i]);
	return NULL;
}

/* Whether the pusher is the person of role `key`. */
static int pushed_by(const struct push *p, const isms_config *cfg,
	const char *key)
{
	const isms_role *r = isms_config_role(cfg, key);

	return r && ((r->login && !strcasecmp(r->login, p->pusher)) ||
		(r->email && !strcasecmp(r->email, p->pusher)));
}

/*
 * Why change `c` (of `path`, made by a commit the push adds) is not
 * approved, into `why`; nothing when it is. On a server that names the
 * pusher, a claim (an e-mail anyone can write) counts only when the
 * person it names is the one pushing it.
 */
static void judge_change(isms_buf *why, const struct push *p,
	const isms_config *cfg, const char *path, const isms_change *c)
{
	isms_buf who = ISMS_BUF_INIT;
	size_t i;
	int counts = 0, weak = 0, claimed_other = 0;
	char s1[8];

	for (i = 0; i < c->napprovers; i++) {
		const isms_approver *a = &c->approvers[i];

		if (!a->counts) {
			weak = 1;
		} else if (p->pusher && a->evidence == ISMS_EVIDENCE_CLAIMED &&
		    !pushed_by(p, cfg, a->role)) {
			claimed_other = 1;
		} else {
			counts = 1;
			break;
		}
		isms_buf_printf(&who, "%s%s (%s, %s)", who.len ? ", " : "",
			a->name, isms_approval_name(a->source),
			isms_evidence_name(a->evidence));
	}
	if (counts)
		goto done;
	memcpy(s1, c->commit, 7);
	s1[7] = '\0';
	isms_buf_printf(why, "%s: commit %s \"%s\" %s without approval", path,
		s1, c->subject, c->blob[0] ? "changes it" : "removes it");
	if (claimed_other)
		isms_buf_printf(why, ": it is approved only by a claim of %s, but "
			"%s pushes it (a claimed approval counts only from the person "
			"it names)", who.ptr, p->pusher);
	else if (weak)
		isms_buf_printf(why, ": approved only by %s; approval.require is "
			"%s", who.ptr, isms_evidence_name(cfg->require));
	else if (c->self_only)
		isms_buf_puts(why, " (approved only by its author)");
	isms_buf_puts(why, ": bring it in through a pull request approved by an "
		"approver role\n");
done:
	isms_buf_release(&who);
}

/* Lint revision `rev`, judged by revision `judge`'s configuration. */
static int lint_judged(isms_report *r, isms_model **m, const isms_lint_opts *base,
	const char *rev, const char *judge, isms_error *err)
{
	isms_lint_opts o = *base;

	o.source = ISMS_SRC_REV;
	o.rev = rev;
	o.judge_rev = judge;
	return isms_lint_model(r, m, &o, err);
}

/* Findings of `r` at error level, less those about approvals and reviews
 * (judged change by change instead), into `why`; those `old` had too are
 * not the push's doing. */
static void added_errors(isms_buf *why, isms_report *r, const isms_report *old)
{
	size_t i, keep = 0;

	for (i = 0; i < r->n; i++) {
		const isms_finding *f = &r->findings[i];

		if (f->severity != ISMS_ERROR || isms_finding_on_branch(f) ||
		    had(old, f))
			continue;
		r->findings[keep++] = *f;
	}
	r->n = keep;
	isms_report_finish(r);
	isms_report_write(why, r, ISMS_FMT_TEXT, 0);
}

/*
 * An update of the approval branch from `old` (zero: its creation) to
 * `new`: judged with the configuration of `old` (already approved; the
 * pushed one's only at creation), it may add no lint error and no change
 * of a document or governed file, removals included, without approval.
 */
static int check_branch(isms_buf *why, const struct push *p, const char *old,
	const char *new, isms_error *err)
{
	isms_report now, before;
	isms_model *m = NULL;
	isms_arena *a = isms_arena_new();
	isms_commit *prev = NULL;
	const char **ids = NULL, *key;
	size_t nprev = 0, d, k;
	int shallow, rc = -1, created = zero_id(old);

	isms_report_init(&now);
	isms_report_init(&before);
	if (lint_judged(&now, &m, p->opts, new, created ? NULL : old, err) < 0 ||
	    (!created && lint_judged(&before, NULL, p->opts, old, old, err) < 0))
		goto done;
	added_errors(why, &now, created ? NULL : &before);
	if (!created &&
	    isms_source_commits(&prev, &nprev, &shallow, a, m->src, old, err) < 0)
		goto done;
	/* The commits the branch had, sorted for lookups. */
	ids = isms_arena_alloc(a, (nprev + 1) * sizeof(*ids));
	for (k = 0; k < nprev; k++)
		ids[k] = prev[k].id;
	qsort(ids, nprev, sizeof(*ids), cmp_str);
	for (d = 0; m->history && d < m->history->ndocs; d++) {
		const isms_doc_history *dh = &m->history->docs[d];

		for (k = 0; k < dh->n; k++) {
			key = dh->changes[k].commit;
			if (!bsearch(&key, ids, nprev, sizeof(*ids), cmp_str))
				judge_change(why, p, m->cfg, dh->path, &dh->changes[k]);
		}
	}
	for (k = 0; m->history && k < m->history->nremoved; k++) {
		const isms_change *c = &m->history->removed[k];

		key = c->commit;
		if (!bsearch(&key, ids, nprev, sizeof(*ids), cmp_str))
			judge_change(why, p, m->cfg, c->path, c);
	}
	rc = 0;
done:
	isms_model_free(m);
	isms_report_release(&now);
	isms_report_release(&before);
	isms_arena_free(a);
	return rc;
}

/* pre-push, a branch other than the approval branch: no lint errors at
 * the pushed tip. */
static int check_tip(isms_buf *why, const struct push *p, const char *new,
	isms_error *err)
{
	isms_report r;
	int rc;

	isms_report_init(&r);
	rc = lint_judged(&r, NULL, p->opts, new, NULL, err);
	if (rc == 0)
		added_errors(why, &r, NULL);
	isms_report_release(&r);
	return rc;
}

/* The approval branch's full ref name as revision `rev`'s configuration
 * names it (`rev` NULL or unresolvable: the server's HEAD's, else the
 * default), unless the server's git config isms.branch says. */
static int branch_of(isms_buf *out, const struct push *p, const char *rev,
	isms_error *err)
{
	isms_lint_opts o = *p->opts;
	isms_model *m = NULL;
	char **v, tree[41];
	size_t n, i;
	int rc = 0;

	isms_buf_truncate(out, 0);
	isms_source_config(&v, &n, p->src, "isms.branch");
	if (n)
		isms_buf_printf(out, "refs/heads/%s", v[n - 1]);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	if (out->len)
		return 0;
	if (rev && isms_source_tree(tree, p->src, rev) != 0)
		rev = NULL;      /* pre-push: a remote tip we do not have */
	if (!rev && isms_source_tree(tree, p->src, "HEAD") == 0)
		rev = "HEAD";
	if (!rev) {
		isms_buf_puts(out, "refs/heads/main");
		return 0;
	}
	o.source = ISMS_SRC_REV;
	o.rev = rev;
	o.at = -1;
	rc = isms_model_load_config(&m, &o, err);
	if (rc == 0)
		isms_buf_printf(out, "refs/heads/%s", m->cfg->approval_branch);
	isms_model_free(m);
	return rc;
}

/* A server's guard for the notes that carry forge reviews: only the
 * pushers git config isms.notesPusher names (CI) may write them. */
static void check_notes(isms_buf *why, const struct push *p, const char *ref)
{
	char **v;
	size_t n, i;
	int allowed = 0;

	isms_source_config(&v, &n, p->src, "isms.notesPusher");
	for (i = 0; i < n; i++) {
		allowed = allowed || (p->pusher && !strcasecmp(v[i], p->pusher));
		free(v[i]);
	}
	free(v);
	if (!allowed)
		isms_buf_printf(why, "%s: the forge's review records may be written "
			"only by a pusher that git config isms.notesPusher names (CI)%s\n",
			ref, p->pusher ? "" : "; this push names no pusher");
}

/*
 * Ref update lines ("<a> <b> <c> <d>" for pre-push: local ref, local id,
 * remote ref, remote id; "<old> <new> <ref>" for pre-receive) checked one
 * by one. The approval branch may not be deleted or rewound (its history
 * is the evidence) and takes only approved changes that add no lint
 * error; on the server the review notes are guarded too, and every other
 * ref goes through; pre-push lints every other pushed tip.
 */
int isms_hook_refs(isms_buf *why, const isms_lint_opts *opts, const char *lines,
	int receive, isms_error *err)
{
	struct push p = { opts, receive, receive ? find_pusher() : NULL, NULL };
	isms_buf branch = ISMS_BUF_INIT;
	const char *q = lines;
	int rc = 0;

	if (isms_source_open(&p.src, opts->dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	if (opts->no_cache)
		isms_source_no_cache(p.src);
	while (*q && rc == 0) {
		char f[4][1024];
		const char *eol = strchr(q, '\n'), *old, *new, *ref;
		size_t n = eol ? (size_t)(eol - q) : strlen(q);
		char line[4200], tip[41];
		int got, guarded;

		snprintf(line, sizeof(line), "%.*s", (int)(n < 4199 ? n : 4199), q);
		q += n + (eol ? 1 : 0);
		got = sscanf(line, "%1023s %1023s %1023s %1023s", f[0], f[1], f[2], f[3]);
		if (got < (receive ? 3 : 4))
			continue;
		old = receive ? f[0] : f[3];
		new = f[1];
		ref = f[2];
		/* pre-push: a remote tip this clone does not have is judged as
		 * a new branch (the server judges it properly). */
		if (!receive && !zero_id(old) && isms_source_tree(tip, p.src, old) != 0)
			old = "0000000000000000000000000000000000000000";
		if (receive && !strncmp(ref, "refs/notes/isms/", 16)) {
			check_notes(why, &p, ref);
			continue;
		}
		if (strncmp(ref, "refs/heads/", 11)) {
			if (!receive && !zero_id(new))
				rc = check_tip(why, &p, new, err);
			continue;
		}
		if ((rc = branch_of(&branch, &p, zero_id(old) ? NULL : old, err)) < 0)
			break;
		guarded = !strcmp(ref, branch.ptr);
		if (guarded && zero_id(new))
			isms_buf_printf(why, "%s: deleting the approval branch is "
				"refused: its history is the ISMS's evidence\n", ref);
		else if (guarded && !zero_id(old) &&
		    isms_source_descends(p.src, new, old) != 1)
			isms_buf_printf(why, "%s: a non-fast-forward update of the "
				"approval branch is refused: its history is the ISMS's "
				"evidence (revert in a new, approved change instead)\n", ref);
		else if (guarded)
			rc = check_branch(why, &p, old, new, err);
		else if (!receive && !zero_id(new))
			rc = check_tip(why, &p, new, err);
	}
	isms_source_free(p.src);
	isms_buf_release(&branch);
	return rc;
}
