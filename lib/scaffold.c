/*
 * scaffold.c - a new ISMS repository from the templates, a new document of
 * a type (isms-new).
 *
 * The repository and its first commit are made by running the git command,
 * not through libgit2: only lib/git.c may include <git2.h>, and the first
 * commit should be made the way the user's own commits are, by their git
 * with their identity (user.name, includeIf, user.useConfigOnly), hooks and
 * signing settings, none of which libgit2 applies by itself. git is a hard
 * dependency of the project anyway (the history rules read what it wrote).
 */
#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef ISMS_PREFIX
#define ISMS_PREFIX "/usr/local"
#endif

#define PLACEHOLDER "{{organisation}}"
#define DEFAULT_ORG "Example Ltd"
#define MAX_DEPTH 32             /* folders in the templates, deeper is a loop */
#define MAX_SLUG 80              /* characters of a file name from a title */

extern char **environ;

/* ---------------------------------------------------------------- helpers */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* One line of text: no control characters (a name goes into YAML, a
 * commit subject and Markdown). */
static int one_line(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * A scalar YAML reads back as written when left unquoted: not empty, no
 * indicator first, none of the characters that end or split a plain scalar
 * (": ", " #", flow punctuation), no spaces around, not a null.
 */
static int plain_safe(const char *s)
{
	size_t n = strlen(s);

	if (!n || strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) || s[0] == ' ' ||
	    s[n - 1] == ' ' || strpbrk(s, ":#,[]{}"))
		return 0;
	return strcmp(s, "~") && strcmp(s, "null") && strcmp(s, "Null") &&
		strcmp(s, "NULL");
}

/* `s` as a double-quoted YAML scalar (s has no control characters). */
static void put_quoted(isms_buf *out, const char *s)
{
	isms_buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			isms_buf_putc(out, '\\');
		isms_buf_putc(out, *s);
	}
	isms_buf_putc(out, '"');
}

/* `s` as a YAML scalar: plain when that reads back the same, else quoted. */
static void put_scalar(isms_buf *out, const char *s)
{
	if (plain_safe(s))
		isms_buf_puts(out, s);
	else
		put_quoted(out, s);
}

/* ---------------------------------------------------------------- git */

/* Variables that would point git at another repository than the one named
 * with -C (set when isms-new runs from a git hook, say). */
static int scrubbed(const char *var)
{
	static const char *const names[] = { "GIT_DIR=", "GIT_WORK_TREE=",
		"GIT_INDEX_FILE=", "GIT_OBJECT_DIRECTORY=", "GIT_COMMON_DIR=",
		"GIT_PREFIX=", NULL };
	size_t i;

	for (i = 0; names[i]; i++)
		if (!strncmp(var, names[i], strlen(names[i])))
			return 1;
	return 0;
}

/*
 * Run git with `argv` (argv[0] is "git"), standard input and output on
 * /dev/null and its standard error captured: on failure, git's message
 * becomes ours, since the library never prints.
 */
static int run_git(const char *const *argv, isms_error *err)
{
	posix_spawn_file_actions_t fa;
	isms_buf msg = ISMS_BUF_INIT;
	char **env, chunk[4096];
	size_t n, i, k = 0;
	int fds[2], status = 0, e;
	pid_t pid;

	for (n = 0; environ[n]; n++)
		;
	env = calloc(n + 1, sizeof(*env));
	if (!env)
		abort();
	for (i = 0; i < n; i++)
		if (!scrubbed(environ[i]))
			env[k++] = environ[i];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		free(env);
		return isms_error_set(err, "", 0, 0, "cannot run git: %s",
			strerror(errno));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	e = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		return isms_error_set(err, "", 0, 0, "cannot run git: %s",
			strerror(e));
	}
	for (;;) {
		ssize_t got = read(fds[0], chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		isms_buf_add(&msg, chunk, (size_t)got);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		isms_buf_release(&msg);
		return 0;
	}
	while (msg.len && (msg.ptr[msg.len - 1] == '\n' || msg.ptr[msg.len - 1] == ' '))
		isms_buf_truncate(&msg, msg.len - 1);
	if (msg.len)
		isms_error_set(err, "", 0, 0, "%s", msg.ptr);
	else
		isms_error_set(err, "", 0, 0, "git %s failed", argv[1]);
	isms_buf_release(&msg);
	return -1;
}

/* ---------------------------------------------------------------- templates */

/* The folder of the running executable, without a trailing '/'. */
static int exe_dir(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	out[n] = '\0';
	if (!(slash = strrchr(out, '/')))
		return -1;
	*slash = '\0';
	return 0;
}

int isms_scaffold_templates(char **out, isms_error *err)
{
	isms_buf p = ISMS_BUF_INIT, tried = ISMS_BUF_INIT;
	char bin[PATH_MAX];
	int have_bin = exe_dir(bin, sizeof(bin)) == 0, up;

	*out = NULL;
	/* Installed: PREFIX/bin/isms-new -> PREFIX/share/isms/policy-templates,
	 * wherever PREFIX was moved to. */
	if (have_bin) {
		isms_buf_printf(&p, "%s/../share/isms/policy-templates", bin);
		if (is_dir(p.ptr))
			goto found;
		isms_buf_printf(&tried, "%s, ", p.ptr);
	}
	/* The build tree: build/isms-new or build/sanitize/isms-new in the
	 * source tree, recognised by its lib/isms.h. Before the compiled-in
	 * PREFIX, so that a developer's build uses its own templates. */
	for (up = 1; have_bin && up <= 2; up++) {
		isms_buf_truncate(&p, 0);
		isms_buf_printf(&p, "%s/..%s/lib/isms.h", bin, up == 2 ? "/.." : "");
		if (access(p.ptr, F_OK) != 0)
			continue;
		isms_buf_truncate(&p, 0);
		isms_buf_printf(&p, "%s/..%s/policy-templates", bin, up == 2 ? "/.." : "");
		if (is_dir(p.ptr))
			goto found;
		isms_buf_printf(&tried, "%s, ", p.ptr);
	}
	isms_buf_truncate(&p, 0);
	isms_buf_puts(&p, ISMS_PREFIX "/share/isms/policy-templates");
	if (is_dir(p.ptr))
		goto found;
	isms_error_set(err, "", 0, 0, "no templates folder found (looked for "
		"%s%s); name one with --templates DIR", tried.ptr,
		p.ptr);
	isms_buf_release(&p);
	isms_buf_release(&tried);
	return -1;
found:
	*out = realpath(p.ptr, NULL);
	if (!*out)
		*out = isms_buf_detach(&p);
	isms_buf_release(&p);
	isms_buf_release(&tried);
	return 0;
}

/* ---------------------------------------------------------------- repo */

/* The example dates the templates use, and the day they are written
 * against: each moves to the same number of days before today. */
static const char *const template_dates[] = {
	"2026-10-15",            /* management review */
	"2026-09-20",            /* internal audit */
	"2026-09-01",            /* training */
	"2026-09-22",            /* non-conformity raised */
	"2026-10-31",            /* non-conformity due; review actions done */
	"2026-12-15",            /* a review action due */
	"2026-10-12",            /* non-conformity closed */
	"2027-04-15",            /* review actions due */
	"2025-12-31",            /* KPI measurements, quarterly */
	"2026-03-31",
	"2026-06-30",
	"2026-09-30",            /* ... and the internal audit's plan */
};
#define NDATES (sizeof(template_dates) / sizeof(template_dates[0]))
#define TEMPLATE_TODAY "2026-11-01"

struct copy {
	const char *org;
	char dates[NDATES][11];  /* template_dates[i] moved to today */
	size_t nfiles;
	isms_error *err;
};

/*
 * The organisation name where the placeholder at text[at] stands in YAML:
 * as written in a comment, escaped inside a quoted scalar, quoted when it
 * is a whole plain scalar that would not read back. The quoting state is
 * read from the start of the line: the templates keep each scalar that
 * holds the placeholder on one line.
 */
static int put_org_yaml(isms_buf *out, const struct copy *c, const char *file,
	const char *text, size_t len, size_t at)
{
	enum { PLAIN, SQ, DQ, COMMENT } st = PLAIN;
	size_t ls = at, p, end = at + strlen(PLACEHOLDER), q;
	const char *s;
	int line = 1;

	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	for (p = ls; p < at; p++) {
		char ch = text[p], prev = p > ls ? text[p - 1] : ' ';

		if (st == PLAIN) {
			if (ch == '#' && (prev == ' ' || prev == '\t'))
				st = COMMENT;
			else if ((ch == '"' || ch == '\'') && strchr(" \t[{,", prev))
				st = ch == '"' ? DQ : SQ;
		} else if (st == DQ) {
			if (ch == '\\')
				p++;
			else if (ch == '"')
				st = PLAIN;
		} else if (st == SQ && ch == '\'') {
			if (p + 1 < at && text[p + 1] == '\'')
				p++;
			else
				st = PLAIN;
		}
	}
	switch (st) {
	case COMMENT:
		isms_buf_puts(out, c->org);
		return 0;
	case DQ:
		for (s = c->org; *s; s++) {
			if (*s == '"' || *s == '\\')
				isms_buf_putc(out, '\\');
			isms_buf_putc(out, *s);
		}
		return 0;
	case SQ:
		for (s = c->org; *s; s++) {
			if (*s == '\'')
				isms_buf_putc(out, '\'');
			isms_buf_putc(out, *s);
		}
		return 0;
	case PLAIN:
		break;
	}
	if (plain_safe(c->org)) {
		isms_buf_puts(out, c->org);
		return 0;
	}
	/* A whole plain scalar: after "key:", "-", "[", "{" or ",", and
	 * followed by the end of the line, a comment, or more flow items. */
	for (p = at; p > ls && (text[p - 1] == ' ' || text[p - 1] == '\t'); p--)
		;
	for (q = end; q < len && (text[q] == ' ' || text[q] == '\t'); q++)
		;
	if ((p == ls || strchr(":-[{,", text[p - 1])) &&
	    (q == len || strchr("\r\n,]}", text[q]) || (text[q] == '#' && q > end))) {
		put_quoted(out, c->org);
		return 0;
	}
	for (p = 0; p < at; p++)
		line += text[p] == '\n';
	return isms_error_set(c->err, "", 0, 0, "%s:%d: the organisation name "
		"\"%s\" cannot stand unquoted in this YAML; write \"" PLACEHOLDER
		"\" in quotes in the template", file, line, c->org);
}

/* A template text file with the organisation filled in and the example
 * dates moved; `file` is its path, for its kind and messages. */
static int fill(isms_buf *out, const struct copy *c, const char *file,
	const char *text, size_t len)
{
	size_t i = 0, yaml_from = 0, yaml_to = 0, k, plen = strlen(PLACEHOLDER);

	if (ends_with(file, ".yml") || ends_with(file, ".yaml")) {
		yaml_to = len;
	} else if (ends_with(file, ".md")) {
		isms_split sp;

		isms_split_text(&sp, text, len);
		if (sp.has_fm && !sp.unterminated) {
			yaml_from = (size_t)(sp.fm - text);
			yaml_to = yaml_from + sp.fm_len;
		}
	}
	isms_buf_truncate(out, 0);
	while (i < len) {
		if (len - i >= plen && !memcmp(text + i, PLACEHOLDER, plen)) {
			if (i >= yaml_from && i < yaml_to) {
				if (put_org_yaml(out, c, file, text, len, i) < 0)
					return -1;
			} else {
				isms_buf_puts(out, c->org);
			}
			i += plen;
			continue;
		}
		/* A date stands alone: no digit on either side. */
		if (len - i >= 10 && text[i] == '2' && (i == 0 ||
		    text[i - 1] < '0' || text[i - 1] > '9') && (len - i == 10 ||
		    text[i + 10] < '0' || text[i + 10] > '9')) {
			for (k = 0; k < NDATES; k++)
				if (!memcmp(text + i, template_dates[k], 10))
					break;
			if (k < NDATES) {
				isms_buf_add(out, c->dates[k], 10);
				i += 10;
				continue;
			}
		}
		isms_buf_putc(out, text[i++]);
	}
	return 0;
}

static int copy_file(struct copy *c, const char *from, const char *to,
	const char *rel, mode_t mode)
{
	isms_buf text = ISMS_BUF_INIT, filled = ISMS_BUF_INIT;
	const isms_buf *data = &text;
	int rc = -1;

	if (isms_fs_read(&text, from, NULL) < 0) {
		isms_error_set(c->err, "", 0, 0, "cannot read %s: %s", from,
			strerror(errno));
		goto done;
	}
	/* Text files only: a NUL byte marks a binary file, copied as is. */
	if (text.len && !memchr(text.ptr, '\0', text.len)) {
		if (fill(&filled, c, rel, text.ptr, text.len) < 0)
			goto done;
		data = &filled;
	}
	if (isms_fs_write_new(to, data->ptr, data->len,
	    mode & 0111 ? 0777 : 0666, NULL) < 0) {
		isms_error_set(c->err, "", 0, 0, "cannot write %s: %s", to,
			strerror(errno));
		goto done;
	}
	c->nfiles++;
	rc = 0;
done:
	isms_buf_release(&text);
	isms_buf_release(&filled);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Copy the folder `from` into the existing folder `to`: folders and
 * regular files (symbolic links and other special files are not part of a
 * template). `rel` is the path inside the templates, for messages. The
 * templates' own .git, if any, is not copied.
 */
static int copy_tree(struct copy *c, const char *from, const char *to,
	const char *rel, int depth)
{
	isms_buf f = ISMS_BUF_INIT, t = ISMS_BUF_INIT, r = ISMS_BUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;
	int rc = -1;

	if (depth > MAX_DEPTH)
		return isms_error_set(c->err, "", 0, 0, "%s: folders nested too "
			"deep", from);
	if (!(d = opendir(from)))
		return isms_error_set(c->err, "", 0, 0, "cannot read %s: %s", from,
			strerror(errno));
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (depth == 0 && !strcmp(e->d_name, ".git")))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(names = realloc(names, cap * sizeof(*names))))
				abort();
		}
		if (!(names[n++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		struct stat st;

		isms_buf_truncate(&f, 0);
		isms_buf_truncate(&t, 0);
		isms_buf_truncate(&r, 0);
		isms_buf_printf(&f, "%s/%s", from, names[i]);
		isms_buf_printf(&t, "%s/%s", to, names[i]);
		isms_buf_printf(&r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
		if (lstat(f.ptr, &st) < 0) {
			isms_error_set(c->err, "", 0, 0, "cannot read %s: %s", f.ptr,
				strerror(errno));
			goto done;
		}
		if (S_ISDIR(st.st_mode)) {
			if (mkdir(t.ptr, 0777) < 0) {
				isms_error_set(c->err, "", 0, 0, "cannot make %s: %s",
					t.ptr, strerror(errno));
				goto done;
			}
			if (copy_tree(c, f.ptr, t.ptr, r.ptr, depth + 1) < 0)
				goto done;
		} else if (S_ISREG(st.st_mode)) {
			if (copy_file(c, f.ptr, t.ptr, r.ptr, st.st_mode) < 0)
				goto done;
		}
	}
	rc = 0;
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	isms_buf_release(&f);
	isms_buf_release(&t);
	isms_buf_release(&r);
	return rc;
}

/* Undo a failed `repo`: everything in `dir` is ours (it was empty or not
 * there); the folder itself goes too when we made it. */
static void undo(const char *dir, int made)
{
	isms_fs_remove_tree(dir, !made);
}

/* `dir` may become the repository: absent, or an empty folder. */
static int check_target(int *exists, const char *dir, isms_error *err)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	*exists = 0;
	if (stat(dir, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return isms_error_set(err, "", 0, 0, "%s: %s", dir, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return isms_error_set(err, "", 0, 0, "%s exists and is not a folder",
			dir);
	if (!(d = opendir(dir)))
		return isms_error_set(err, "", 0, 0, "cannot read %s: %s", dir,
			strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			break;
	closedir(d);
	if (e)
		return isms_error_set(err, "", 0, 0, "%s exists and is not empty",
			dir);
	*exists = 1;
	return 0;
}

/* The new repository must not lie inside the templates it copies. */
static int inside(const char *dir, const char *templates)
{
	char *a = realpath(dir, NULL), *b = realpath(templates, NULL);
	size_t n = b ? strlen(b) : 0;
	int in = a && b && !strncmp(a, b, n) && (a[n] == '/' || a[n] == '\0');

	free(a);
	free(b);
	return in;
}

int isms_scaffold_repo(size_t *nfiles, const isms_scaffold_opts *opts,
	const char *path, isms_error *err)
{
	struct copy c = { 0 };
	isms_buf dir = ISMS_BUF_INIT, subject = ISMS_BUF_INIT;
	char *templates = NULL;
	long anchor, day;
	size_t i;
	int exists = 0, made = 0, rc = -1;

	*nfiles = 0;
	c.org = opts->org ? opts->org : DEFAULT_ORG;
	c.err = err;
	if (!*c.org || !one_line(c.org))
		return isms_error_set(err, "", 0, 0, "the organisation name must be "
			"one line of text");
	if (opts->dir && path[0] != '/')
		isms_buf_printf(&dir, "%s/%s", opts->dir, path);
	else
		isms_buf_puts(&dir, path);
	if (opts->templates) {
		if (!is_dir(opts->templates)) {
			isms_error_set(err, "", 0, 0, "templates folder %s: %s",
				opts->templates, access(opts->templates, F_OK) == 0 ?
				"not a folder" : strerror(errno));
			goto done;
		}
		if (!(templates = strdup(opts->templates)))
			abort();
	} else if (isms_scaffold_templates(&templates, err) < 0) {
		goto done;
	}
	isms_date_parse(TEMPLATE_TODAY, &anchor);
	for (i = 0; i < NDATES; i++) {
		isms_date_parse(template_dates[i], &day);
		isms_date_format(c.dates[i], isms_date_now(opts->now, -1, -1) -
			(anchor - day));
	}
	if (check_target(&exists, dir.ptr, err) < 0)
		goto done;
	if (!exists) {
		if (isms_fs_mkdirs(dir.ptr, NULL) < 0) {
			isms_error_set(err, "", 0, 0, "cannot make %s: %s", dir.ptr,
				strerror(errno));
			goto done;
		}
		made = 1;
	}
	if (inside(dir.ptr, templates)) {
		isms_error_set(err, "", 0, 0, "%s lies inside the templates folder "
			"%s", dir.ptr, templates);
		goto fail;
	}
	isms_buf_printf(&subject, "Start the ISMS of %s", c.org);
	{
		/* The approval branch starts with an empty commit and the
		 * starter ISMS waits on its own branch: its first version comes
		 * in the normal way, through an approved pull request, and is
		 * approved like every later change. */
		const char *init[] = { "git", "init", "-q", "-b",
			ISMS_SCAFFOLD_MAIN, "--", dir.ptr, NULL };
		const char *empty[] = { "git", "-C", dir.ptr, "commit", "-q",
			"--allow-empty", "-m", "Start the ISMS repository", NULL };
		const char *branch[] = { "git", "-C", dir.ptr, "checkout", "-q",
			"-b", ISMS_SCAFFOLD_BRANCH, NULL };
		const char *add[] = { "git", "-C", dir.ptr, "add", "-A", NULL };
		const char *commit[] = { "git", "-C", dir.ptr, "commit", "-q",
			"-m", subject.ptr, NULL };

		if (run_git(init, err) < 0 || run_git(empty, err) < 0 ||
		    run_git(branch, err) < 0 ||
		    copy_tree(&c, templates, dir.ptr, "", 0) < 0)
			goto fail;
		if (c.nfiles == 0) {
			isms_error_set(err, "", 0, 0, "the templates folder %s holds "
				"no files", templates);
			goto fail;
		}
		if (run_git(add, err) < 0 || run_git(commit, err) < 0)
			goto fail;
	}
	*nfiles = c.nfiles;
	rc = 0;
	goto done;
fail:
	undo(dir.ptr, made);
done:
	free(templates);
	isms_buf_release(&dir);
	isms_buf_release(&subject);
	return rc;
}

/* ---------------------------------------------------------------- doc */

static const struct kind {
	const char *type, *prefix, *folder, *guidance;
} kinds[] = {
	{ "policy", "POL-", "policies/",
	  "What this policy requires, of whom, and why." },
	{ "process", "PRC-", "processes/",
	  "What this process achieves, its activities, and how it is measured." },
	{ "procedure", "PRO-", "procedures/",
	  "The steps in order: who does each, and what evidence each leaves." },
	{ "management-review", "MR-", "records/management-reviews/",
	  "The inputs reviewed (clause 9.3.2), and the decisions taken with "
	  "their owners and dates." },
	{ "internal-audit", "IA-", "records/audits/",
	  "Scope, criteria, method, findings and conclusions of the audit "
	  "(clause 9.2)." },
	{ "nonconformity", "NC-", "records/nonconformities/",
	  "What happened, its root cause, the correction and the corrective "
	  "action (clause 10.2)." },
	{ "training", "TR-", "records/training/",
	  "What was taught, how, and how understanding was checked (clauses "
	  "7.2 and 7.3)." },
	{ "kpi", "KPI-", "kpis/",
	  "What is measured, from which source, by whom, and why the target "
	  "is what it is (clauses 6.2 and 9.1)." },
	{ "measurement", "M-", "records/measurements/",
	  "How the value was obtained, and anything that explains it." },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Guidance under the headings of the sections the templates require. */
static const struct { const char *title, *text; } guidance[] = {
	{ "Management Intent", "What top management commits to, and why "
	  "(clause 5.1)." },
	{ "Process Definition", "The ISMS processes that carry this out, and "
	  "who owns each (clause 4.4)." },
	{ "Resource Allocation", "The people, time, tools and budget this "
	  "needs, and who provides them (clause 7.1)." },
	{ "Interaction Methodology", "How the processes involved hand work to "
	  "each other: inputs, outputs, records." },
	{ "Continuous Improvement", "How this is measured, reviewed and "
	  "improved (clause 10)." },
	{ "Objective", "What this process achieves, in a sentence or two." },
	{ "Scope", "What this covers, and what it does not." },
	{ "Activities", "The steps, who carries out each, and when." },
	{ "KPIs", "How this is measured: indicators, targets, who reports "
	  "them." },
	{ "Records", "The records kept as evidence, and where." },
};
#define NGUIDANCE (sizeof(guidance) / sizeof(guidance[0]))

static const struct kind *kind_of(const char *type)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].type, type))
			return &kinds[i];
	return NULL;
}

void isms_scaffold_slug(isms_buf *out, const char *s, size_t max)
{
	size_t start = out->len;

	for (; *s && out->len - start < max; s++) {
		char ch = *s;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			isms_buf_putc(out, ch);
		else if (out->len > start && out->ptr[out->len - 1] != '-')
			isms_buf_putc(out, '-');
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		isms_buf_truncate(out, out->len - 1);
}

long isms_scaffold_id_number(const char *id, const char *prefix)
{
	size_t k, pl = strlen(prefix);

	if (strncmp(id, prefix, pl))
		return 0;
	for (k = pl; id[k] >= '0' && id[k] <= '9'; k++)
		;
	/* Nine digits at most: the number stays a long. */
	return !id[k] && k > pl && k - pl <= 9 ? atol(id + pl) : 0;
}

void isms_scaffold_prefix(isms_buf *out, const char *type)
{
	const struct kind *k = kind_of(type);
	const char *s;

	if (k) {
		isms_buf_puts(out, k->prefix);
		return;
	}
	for (s = type; *s; s++)
		isms_buf_putc(out, *s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
	isms_buf_putc(out, '-');
}

const char *isms_scaffold_type_of(const char *rel)
{
	size_t i, fl, tl;
	const char *seg;

	/* Each folder of the path against the types' folders' last part
	 * ("policies", "audits") and the type's own name ("policy"). */
	for (seg = rel; strchr(seg, '/'); seg = strchr(seg, '/') + 1) {
		size_t sl = (size_t)(strchr(seg, '/') - seg);

		for (i = 0; i < NKINDS; i++) {
			const char *f = kinds[i].folder, *last;

			fl = strlen(f) - 1;
			for (last = f + fl; last > f && last[-1] != '/'; last--)
				;
			fl = (size_t)(f + fl - last);
			tl = strlen(kinds[i].type);
			if ((sl == fl && !strncasecmp(seg, last, fl)) ||
			    (sl == tl && !strncasecmp(seg, kinds[i].type, tl)))
				return kinds[i].type;
		}
	}
	return NULL;
}

/*
 * The highest number N of an id PREFIX + N (digits only) among the
 * documents. Documents that cannot be read or parsed are the lint's
 * business; they simply hold no id here.
 */
static int highest_id(long *out, isms_source *src, const isms_config *cfg,
	const char *prefix, isms_error *err)
{
	const isms_file *files;
	isms_buf text = ISMS_BUF_INIT;
	isms_error ignored;
	size_t nfiles, i, rl = strlen(isms_source_root(src));

	*out = 0;
	if (isms_source_list(&files, &nfiles, src, err) < 0)
		return -1;
	for (i = 0; i < nfiles; i++) {
		isms_arena *a;
		isms_split sp;
		isms_ynode *fm = NULL;
		const char *id;

		if (!isms_config_in_scope(cfg, files[i].path + rl) ||
		    isms_source_read(&text, src, files[i].path, &ignored) < 0)
			continue;
		isms_split_text(&sp, text.ptr, text.len);
		if (!sp.has_fm || sp.unterminated || sp.binary)
			continue;
		a = isms_arena_new();
		if (isms_yaml_parse(&fm, NULL, a, sp.fm, sp.fm_len, sp.fm_line,
		    &ignored) == 0 && (id = isms_yaml_str(isms_yaml_get(fm, "id"))) &&
		    isms_scaffold_id_number(id, prefix) > *out)
			*out = isms_scaffold_id_number(id, prefix);
		isms_arena_free(a);
	}
	isms_buf_release(&text);
	return 0;
}

void isms_scaffold_value(isms_buf *out, const isms_config *cfg,
	const char *type, const char *field, const char *today)
{
	static const char *const dates[] = { "date", "raised", "due",
		"next_review", NULL };
	static const char *const lists[] = { "attendees", "decisions",
		"controls", "clauses", "inputs", "outputs", NULL };
	const isms_interval *iv = &cfg->review_interval;
	size_t i, j;
	long day;

	for (i = 0; dates[i] && strcmp(field, dates[i]); i++)
		;
	for (j = 0; lists[j] && strcmp(field, lists[j]); j++)
		;
	if (!strcmp(field, "due") && !strcmp(type, "nonconformity") &&
	    isms_date_parse(today, &day) == 0) {
		/* Raised today, due records.nonconformity-due later. */
		char due[11];

		isms_date_format(due, isms_interval_add(day, &cfg->nc_due));
		isms_buf_puts(out, due);
	} else if (dates[i])
		isms_buf_puts(out, today);
	else if (lists[j])
		isms_buf_puts(out, "[]");
	else if (!strcmp(field, "version"))
		isms_buf_puts(out, "\"0.1\"");
	else if (!strcmp(field, "status"))
		isms_buf_puts(out, strcmp(type, "nonconformity") ? "draft" : "open");
	else if (!strcmp(field, "classification"))
		isms_buf_puts(out, "internal");
	else if (!strcmp(field, "review_interval"))
		isms_buf_printf(out, "%d %s%s", iv->n, iv->unit == 'd' ? "day" :
			iv->unit == 'w' ? "week" : iv->unit == 'm' ? "month" : "year",
			iv->n == 1 ? "" : "s");
	else
		isms_buf_puts(out, "\"\"");
}

static int has_field(const isms_type *t, const char *field)
{
	size_t i;

	for (i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i], field))
			return 1;
	return 0;
}

/* The new document's text. */
static void compose(isms_buf *out, const isms_config *cfg,
	const isms_type *t, const char *id, const char *title, const char *today)
{
	static const char *const first[] = { "id", "title", "type", "owner" };
	const struct kind *k = kind_of(t->name);
	const char *extra[3] = { NULL, NULL, NULL };
	size_t i, j;

	/* A process is isolated until its edges are filled in; a
	 * non-conformity needs its tracker key: both are for the user to
	 * write, so the fields are there to be seen. */
	if (!strcmp(t->name, "process")) {
		extra[0] = "inputs";
		extra[1] = "outputs";
	} else if (!strcmp(t->name, "nonconformity")) {
		extra[0] = "due";
		extra[1] = "ticket";
	} else if (!strcmp(t->name, "management-review")) {
		/* Whether resources were decided: record/empty asks. */
		extra[0] = "resources";
	}
	isms_buf_printf(out, "---\nid: %s\ntitle: ", id);
	put_scalar(out, title);
	isms_buf_puts(out, "\ntype: ");
	put_scalar(out, t->name);
	isms_buf_puts(out, "\nowner: \"\"  # set to a role of isms.yml");
	for (i = 0; i < cfg->nroles && i < 6; i++)
		isms_buf_printf(out, "%s%s", i ? ", " : ": ", cfg->roles[i].key);
	isms_buf_puts(out, cfg->nroles > 6 ? ", ...\n" : "\n");
	for (i = 0; i < t->nfields; i++) {
		for (j = 0; j < 4 && strcmp(t->fields[i], first[j]); j++)
			;
		if (j < 4)
			continue;
		isms_buf_printf(out, "%s: ", t->fields[i]);
		isms_scaffold_value(out, cfg, t->name, t->fields[i], today);
		isms_buf_putc(out, '\n');
	}
	for (i = 0; extra[i]; i++) {
		if (has_field(t, extra[i]))
			continue;
		isms_buf_printf(out, "%s: ", extra[i]);
		isms_scaffold_value(out, cfg, t->name, extra[i], today);
		isms_buf_putc(out, '\n');
	}
	isms_buf_printf(out, "---\n# %s\n", title);
	if (t->nsections == 0)
		isms_buf_printf(out, "\n%s\n", k ? k->guidance :
			"What this document is about.");
	for (i = 0; i < t->nsections; i++) {
		const char *title_i = t->sections[i].title, *g = NULL;

		for (j = 0; j < NGUIDANCE && !g; j++)
			if (!strcmp(guidance[j].title, title_i))
				g = guidance[j].text;
		isms_buf_printf(out, "\n## %s\n\n", title_i);
		if (g)
			isms_buf_printf(out, "%s\n", g);
		else
			isms_buf_printf(out, "Write the %s here.\n", title_i);
	}
}

int isms_scaffold_doc(char **path, char **id, const isms_scaffold_opts *opts,
	const char *type, const char *title, isms_error *err)
{
	isms_source *src = NULL;
	isms_config *cfg = NULL;
	const isms_type *t;
	const struct kind *k;
	isms_buf rel = ISMS_BUF_INIT, abs = ISMS_BUF_INIT, prefix = ISMS_BUF_INIT,
		ident = ISMS_BUF_INIT, text = ISMS_BUF_INIT;
	char today[11];
	size_t i, folder_end;
	long top;
	int rc = -1;

	*path = *id = NULL;
	if (!*title || !one_line(title))
		return isms_error_set(err, "", 0, 0, "the title must be one line of "
			"text");
	if (isms_source_open(&src, opts->dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		goto done;
	if (!isms_source_workdir(src)) {
		isms_error_set(err, "", 0, 0, "a bare repository has no work tree "
			"to add a document to");
		goto done;
	}
	if (isms_config_read(&cfg, NULL, src, opts->config, err) < 0)
		goto done;
	if (!(t = isms_config_type(cfg, type))) {
		isms_buf known = ISMS_BUF_INIT;

		for (i = 0; i < cfg->ntypes; i++)
			isms_buf_printf(&known, "%s%s", i ? ", " : "",
				cfg->types[i].name);
		isms_error_set(err, "", 0, 0, "unknown type \"%s\" (types: %s)",
			type, known.ptr ? known.ptr : "none");
		isms_buf_release(&known);
		goto done;
	}
	k = kind_of(type);
	isms_scaffold_prefix(&prefix, type);
	isms_buf_puts(&rel, isms_source_root(src));
	if (k) {
		isms_buf_puts(&rel, k->folder);
	} else {
		/* A file name from a type name of isms.yml: never a path. */
		isms_scaffold_slug(&rel, type, MAX_SLUG);
		isms_buf_puts(&rel, "s/");
	}
	folder_end = rel.len;
	isms_scaffold_slug(&rel, title, MAX_SLUG);
	if (rel.len == folder_end) {
		isms_error_set(err, "", 0, 0, "the title \"%s\" has no letter or "
			"digit to name its file after", title);
		goto done;
	}
	isms_buf_puts(&rel, ".md");
	if (highest_id(&top, src, cfg, prefix.ptr, err) < 0)
		goto done;
	isms_buf_printf(&ident, "%s%03ld", prefix.ptr, top + 1);
	isms_date_format(today, isms_date_now(opts->now, -1, -1));
	compose(&text, cfg, t, ident.ptr, title, today);
	isms_buf_printf(&abs, "%s%.*s", isms_source_workdir(src),
		(int)folder_end, rel.ptr);
	if (isms_fs_mkdirs(abs.ptr, NULL) < 0) {
		isms_error_set(err, "", 0, 0, "cannot make %s: %s", abs.ptr,
			strerror(errno));
		goto done;
	}
	isms_buf_puts(&abs, rel.ptr + folder_end);
	if (isms_fs_write_new(abs.ptr, text.ptr, text.len, 0666, NULL) < 0) {
		if (errno == EEXIST)
			isms_error_set(err, rel.ptr, 0, 0, "already exists; choose "
				"another title");
		else
			isms_error_set(err, rel.ptr, 0, 0, "cannot write: %s",
				strerror(errno));
		goto done;
	}
	*path = isms_buf_detach(&rel);
	*id = isms_buf_detach(&ident);
	rc = 0;
done:
	isms_config_free(cfg);
	isms_source_free(src);
	isms_buf_release(&rel);
	isms_buf_release(&abs);
	isms_buf_release(&prefix);
	isms_buf_release(&ident);
	isms_buf_release(&text);
	return rc;
}
