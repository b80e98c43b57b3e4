/*
 * t-source.c - isms_source_* (lib/git.c) on real git repositories made with
 * the git command line in a temporary folder: the work tree, the index and
 * revisions, the ISMS root, path safety, and bare repositories.
 */
#include "model.h"
#include "tap.h"

#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[PATH_MAX];   /* canonical temporary folder, no trailing '/' */
static isms_error err;

/* ---------------------------------------------------------------- helpers */

/* Run a shell command built from `fmt`; 0 when it exited 0. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	rc = system(cmd);
	if (rc != 0)
		printf("# command failed (%d): %s\n", rc, cmd);
	return rc == 0 ? 0 : -1;
}

/* The absolute path of `rel` under the temporary folder (static buffer). */
static const char *at(const char *rel)
{
	static char buf[4][PATH_MAX + 256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmp, rel);
	return buf[i];
}

/* Write `text` to `path` (relative to tmp), making its folders. */
static void put(const char *path, const char *text)
{
	char *p, full[PATH_MAX];
	FILE *f;

	snprintf(full, sizeof(full), "%s", at(path));
	for (p = full + strlen(tmp) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	f = fopen(full, "w");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0)
		printf("# cannot write %s\n", full);
}

/* A new repository with branch main at tmp/name. */
static void new_repo(const char *name)
{
	sh("git init -q -b main '%s'", at(name));
}

/* Stage everything in `name` and commit it. */
static void commit_all(const char *name, const char *msg)
{
	sh("git -C '%s' add -A && git -C '%s' commit -q -m '%s'",
		at(name), at(name), msg);
}

/* The commit id git itself gives for `rev` in repo `name`. */
static const char *rev_parse(const char *name, const char *rev)
{
	static char id[4][64];
	static int i;
	char cmd[PATH_MAX + 100];
	FILE *p;

	i = (i + 1) % 4;
	id[i][0] = '\0';
	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse '%s^{commit}'", at(name), rev);
	if ((p = popen(cmd, "r"))) {
		if (fgets(id[i], sizeof(id[i]), p))
			id[i][strcspn(id[i], "\n")] = '\0';
		pclose(p);
	}
	return id[i];
}

/* Open a source on tmp/dir; NULL with `err` set on failure. */
static isms_source *open_src(const char *dir, isms_source_kind kind,
	const char *rev)
{
	isms_source *src = (isms_source *)1;

	memset(&err, 0, sizeof(err));
	if (isms_source_open(&src, at(dir), kind, rev, &err) < 0) {
		if (src != NULL)
			printf("# a failed open left *out set\n");
		return NULL;
	}
	return src;
}

/* Open, printing the error when it fails unexpectedly. */
static isms_source *must_open(const char *dir, isms_source_kind kind,
	const char *rev)
{
	isms_source *src = open_src(dir, kind, rev);

	if (!src)
		printf("# cannot open %s: %s\n", dir, err.msg);
	return src;
}

/* Whether the listing of `src` holds `path`. */
static int listed(isms_source *src, const char *path)
{
	const isms_file *files;
	size_t n, i;
	isms_error e = { 0 };

	if (!src || isms_source_list(&files, &n, src, &e) < 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(files[i].path, path))
			return 1;
	return 0;
}

/* The listing as one string, paths joined by ' ' ("(error)" on failure). */
static const char *listing(isms_source *src)
{
	static char out[4096];
	const isms_file *files;
	size_t n, i;
	isms_error e = { 0 };

	out[0] = '\0';
	if (!src || isms_source_list(&files, &n, src, &e) < 0)
		return "(error)";
	for (i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", sizeof(out) - strlen(out) - 1);
		strncat(out, files[i].path, sizeof(out) - strlen(out) - 1);
	}
	return out;
}

static int sorted(isms_source *src)
{
	const isms_file *files;
	size_t n, i;
	isms_error e = { 0 };

	if (!src || isms_source_list(&files, &n, src, &e) < 0)
		return 0;
	for (i = 1; i < n; i++)
		if (strcmp(files[i - 1].path, files[i].path) >= 0)
			return 0;
	return 1;
}

/* Read `path`; the return code, with the content in a static buffer. */
static isms_buf content;
static int read_rc(isms_source *src, const char *path)
{
	memset(&err, 0, sizeof(err));
	if (!src)
		return -99;
	return isms_source_read(&content, src, path, &err);
}

/* Whether reading `path` succeeds with exactly `want`. */
static int reads(isms_source *src, const char *path, const char *want)
{
	int rc = read_rc(src, path);

	if (rc != 0) {
		printf("#   read %s: rc %d, %s\n", path, rc, err.msg);
		return 0;
	}
	if (content.len != strlen(want) || memcmp(content.ptr, want, content.len)) {
		printf("#   read %s: got \"%.*s\"\n", path, (int)content.len, content.ptr);
		return 0;
	}
	return content.ptr[content.len] == '\0';
}

static int is_hex40(const char *s)
{
	size_t i;

	if (!s || strlen(s) != 40)
		return 0;
	for (i = 0; i < 40; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Paths that must never reach outside a source, whatever its kind. */
static void test_hostile_paths(isms_source *src, const char *kind)
{
	is_int(read_rc(src, "../x"), ISMS_ENOTFOUND, "%s: read of ../x is not found", kind);
	is_int(read_rc(src, "/etc/passwd"), ISMS_ENOTFOUND,
		"%s: read of /etc/passwd is not found", kind);
	is_int(read_rc(src, "policies/../../outside.txt"), ISMS_ENOTFOUND,
		"%s: read through a/../.. is not found", kind);
	is_int(read_rc(src, ""), ISMS_ENOTFOUND, "%s: read of \"\" is not found", kind);
	ok(!isms_source_exists(src, "../outside.txt") &&
	   !isms_source_exists(src, "/etc/passwd"),
		"%s: exists is false for ../ and absolute paths", kind);
}

/* ---------------------------------------------------------------- setup */

static int setup(void)
{
	char tmpl[] = "/tmp/isms-t-source-XXXXXX";

	if (!mkdtemp(tmpl) || !realpath(tmpl, tmp))
		return -1;
	/* A private, predictable git: no user or system configuration. */
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "author@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test Committer", 1);
	setenv("GIT_COMMITTER_EMAIL", "committer@example.com", 1);
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	put("outside.txt", "secret outside the repository\n");
	return 0;
}

/* ---------------------------------------------------------------- work tree */

static void test_worktree(void)
{
	isms_source *src;
	char want[PATH_MAX + 2];

	new_repo("wt");
	put("wt/.gitignore", "ignored.md\nbuild/\ndrafts/\n");
	put("wt/policies/a.md", "committed\n");
	put("wt/drafts/kept.md", "force-added\n");
	sh("git -C '%s' add -f drafts/kept.md", at("wt"));
	commit_all("wt", "first");
	put("wt/policies/a.md", "modified on disk\n");
	put("wt/notes.md", "untracked\n");
	put("wt/ignored.md", "ignored\n");
	put("wt/build/out.md", "ignored folder\n");
	put("wt/drafts/new.md", "ignored, untracked\n");
	put("wt/empty.md", "");
	sh("ln -s policies/a.md '%s'", at("wt/link.md"));
	sh("ln -s '%s' '%s'", at("outside.txt"), at("wt/escape.md"));
	sh("ln -s ../../outside.txt '%s'", at("wt/policies/up.md"));
	new_repo("wt/vendor");
	put("wt/vendor/x.md", "nested repository\n");

	src = must_open("wt", ISMS_SRC_WORKTREE, NULL);
	ok(src != NULL, "worktree: opens a repository with untracked changes");
	if (!src)
		return;
	snprintf(want, sizeof(want), "%s/", at("wt"));
	is_str(isms_source_workdir(src), want, "worktree: workdir is the canonical top");
	ok(isms_source_commit(src) == NULL, "worktree: there is no commit id");
	is_str(isms_source_root(src), "", "worktree: without isms.yml the root is the top");

	ok(listed(src, "policies/a.md"), "worktree: a committed file is listed");
	ok(listed(src, "notes.md"), "worktree: an untracked file is listed");
	ok(listed(src, ".gitignore"), "worktree: .gitignore itself is listed");
	ok(listed(src, "empty.md"), "worktree: an empty file is listed");
	ok(!listed(src, "ignored.md"), "worktree: a .gitignore'd file is not listed");
	ok(!listed(src, "build/out.md"),
		"worktree: a file in a .gitignore'd folder is not listed");
	ok(!listed(src, "drafts/new.md"),
		"worktree: an untracked file in an ignored folder is not listed");
	ok(!listed(src, "link.md") && !listed(src, "escape.md") &&
	   !listed(src, "policies/up.md"),
		"worktree: symlinks are not listed");
	ok(!listed(src, "vendor/x.md"),
		"worktree: a file in a nested git repository is not listed");
	ok(sorted(src), "worktree: the listing is in strict path order");
	/* git ignores only untracked files: a tracked file matching .gitignore
	 * is in the index, in every commit, and must be in the work tree too. */
	ok(listed(src, "drafts/kept.md"),
		"worktree: a tracked file matching .gitignore is listed");

	ok(reads(src, "policies/a.md", "modified on disk\n"),
		"worktree: read of a modified unstaged file gives the disk content");
	ok(reads(src, "notes.md", "untracked\n"), "worktree: an untracked file is read");
	ok(reads(src, "empty.md", "") && content.ptr != NULL,
		"worktree: an empty file reads as an allocated \"\"");
	isms_buf_puts(&content, "stale text that must go");
	ok(reads(src, "notes.md", "untracked\n"),
		"worktree: read replaces what the buffer held");
	ok(reads(src, "link.md", "modified on disk\n"),
		"worktree: a symlink to a file inside the repository is read");
	ok(read_rc(src, "escape.md") == -1 && strstr(err.msg, "outside"),
		"worktree: an absolute symlink out of the repository is refused");
	ok(read_rc(src, "policies/up.md") == -1 && strstr(err.msg, "outside"),
		"worktree: a relative symlink out of the repository is refused");
	is_str(err.path, "policies/up.md", "worktree: the refusal names the path");
	is_int(read_rc(src, "missing.md"), ISMS_ENOTFOUND,
		"worktree: a missing file is not found");
	is_int(read_rc(src, "policies/missing/x.md"), ISMS_ENOTFOUND,
		"worktree: a file in a missing folder is not found");
	test_hostile_paths(src, "worktree");

	is_int(isms_source_exists(src, "policies/a.md"), 1, "worktree: exists for a file");
	is_int(isms_source_exists(src, "policies"), 1, "worktree: exists for a folder");
	is_int(isms_source_exists(src, "policies/"), 1,
		"worktree: exists for a folder with a trailing slash");
	is_int(isms_source_exists(src, "nope.md"), 0,
		"worktree: exists is false for a missing path");
	isms_source_free(src);
}

/* ---------------------------------------------------------------- index */

static void test_index(void)
{
	isms_source *src;

	new_repo("idx");
	put("idx/a.md", "committed\n");
	put("idx/gone.md", "deleted on disk only\n");
	commit_all("idx", "first");
	put("idx/a.md", "staged\n");
	put("idx/docs/added.md", "new and staged\n");
	sh("git -C '%s' add a.md docs/added.md", at("idx"));
	sh("ln -s a.md '%s' && git -C '%s' add link.md", at("idx/link.md"), at("idx"));
	put("idx/a.md", "changed again on disk\n");
	put("idx/new.md", "not staged\n");
	unlink(at("idx/gone.md"));

	src = must_open("idx", ISMS_SRC_INDEX, NULL);
	ok(src != NULL, "index: opens");
	if (!src)
		return;
	ok(isms_source_commit(src) == NULL && isms_source_workdir(src) != NULL,
		"index: no commit id, but a work tree");
	ok(reads(src, "a.md", "staged\n"),
		"index: read gives the staged bytes, not the disk's");
	ok(listed(src, "docs/added.md") && reads(src, "docs/added.md", "new and staged\n"),
		"index: a newly staged file is listed and read");
	ok(!listed(src, "new.md"), "index: an unstaged new file is not listed");
	is_int(read_rc(src, "new.md"), ISMS_ENOTFOUND,
		"index: an unstaged new file is not found");
	ok(listed(src, "gone.md") && reads(src, "gone.md", "deleted on disk only\n"),
		"index: a file deleted on disk but not staged is still read");
	ok(!listed(src, "link.md"), "index: a staged symlink is not listed");
	is_str(listing(src), "a.md docs/added.md gone.md",
		"index: the listing is exactly the staged regular files, in order");
	is_int(isms_source_exists(src, "docs"), 1, "index: exists for a folder");
	is_int(isms_source_exists(src, "docs/"), 1,
		"index: exists for a folder with a trailing slash");
	is_int(isms_source_exists(src, "doc"), 0,
		"index: a prefix of a folder's name is not a folder");
	is_int(isms_source_exists(src, "new.md"), 0,
		"index: exists is false for an unstaged file");
	test_hostile_paths(src, "index");
	isms_source_free(src);
}

/* ---------------------------------------------------------------- revisions */

static void make_rev_repo(void)
{
	new_repo("rev");
	put("rev/a.md", "one\n");
	put("rev/old.md", "old\n");
	commit_all("rev", "first");
	sh("git -C '%s' tag v1 && git -C '%s' tag -a -m 'release 1' v1-annotated",
		at("rev"), at("rev"));
	put("rev/a.md", "two\n");
	unlink(at("rev/old.md"));
	put("rev/docs/sub/b.md", "b\n");
	put("rev/docs-extra.md", "sorts between docs and docs/\n");
	put("rev/run.sh", "#!/bin/sh\n");
	sh("chmod +x '%s'", at("rev/run.sh"));
	sh("ln -s a.md '%s'", at("rev/link.md"));
	commit_all("rev", "second");
	/* A submodule entry (gitlink) pointing at the first commit. */
	sh("git -C '%s' update-index --add --cacheinfo 160000,%s,module && "
		"git -C '%s' commit -q -m 'add a submodule'",
		at("rev"), rev_parse("rev", "HEAD~1"), at("rev"));
	/* Uncommitted changes a revision must not see. */
	put("rev/a.md", "three, on disk only\n");
}

/* A worker reading from a shared source: the count of correct reads. */
struct reader { isms_source *src; int good; };

static void *read_many(void *arg)
{
	struct reader *r = arg;
	isms_buf b = ISMS_BUF_INIT;
	isms_error e = { 0 };
	int i;

	for (i = 0; i < 200; i++) {
		const char *path = i % 2 ? "a.md" : "docs/sub/b.md";
		const char *want = i % 2 ? "two\n" : "b\n";

		if (isms_source_read(&b, r->src, path, &e) == 0 && !strcmp(b.ptr, want))
			r->good++;
	}
	isms_buf_release(&b);
	return NULL;
}

/* isms.h promises that reads are safe from several threads at once. */
static void test_rev_threads(isms_source *src)
{
	struct reader r[4];
	pthread_t t[4];
	int i, started = 0, good = 0;

	for (i = 0; i < 4; i++) {
		r[i].src = src;
		r[i].good = 0;
		if (pthread_create(&t[i], NULL, read_many, &r[i]) == 0)
			started++;
		else
			break;
	}
	for (i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		good += r[i].good;
	}
	is_int(good, 800, "rev: 4 threads reading at once each read correctly");
}

static void test_rev(void)
{
	isms_source *src;
	const char *head;

	src = must_open("rev", ISMS_SRC_REV, "HEAD");
	ok(src != NULL, "rev: opens HEAD");
	if (!src)
		return;
	head = rev_parse("rev", "HEAD");
	ok(is_hex40(isms_source_commit(src)), "rev: the commit id is 40 hex digits");
	is_str(isms_source_commit(src), head, "rev: the commit id is HEAD's");
	ok(reads(src, "a.md", "two\n"), "rev: HEAD's content, not the disk's");
	is_int(read_rc(src, "old.md"), ISMS_ENOTFOUND,
		"rev: a file deleted before HEAD is not found");
	is_str(listing(src), "a.md docs-extra.md docs/sub/b.md run.sh",
		"rev: the listing holds nested and executable files in order, "
		"without symlinks or submodules");
	is_int(isms_source_exists(src, "docs"), 1, "rev: exists for a folder in a tree");
	is_int(isms_source_exists(src, "docs/sub"), 1,
		"rev: exists for a nested folder in a tree");
	is_int(isms_source_exists(src, "docs/sub/b.md"), 1, "rev: exists for a file");
	is_int(isms_source_exists(src, "doc"), 0,
		"rev: a prefix of a folder's name does not exist");
	is_int(isms_source_exists(src, "docs/nope"), 0,
		"rev: exists is false for a missing path");
	is_int(isms_source_exists(src, "old.md"), 0,
		"rev: exists is false for a file deleted before HEAD");
	ok(isms_source_workdir(src) != NULL, "rev: a non-bare repository keeps its workdir");
	test_hostile_paths(src, "rev");
	test_rev_threads(src);
	isms_source_free(src);

	src = must_open("rev", ISMS_SRC_REV, NULL);
	ok(src && !strcmp(isms_source_commit(src), head),
		"rev: a NULL revision means HEAD");
	isms_source_free(src);

	src = must_open("rev", ISMS_SRC_REV, "HEAD~2");
	ok(src && reads(src, "a.md", "one\n") && reads(src, "old.md", "old\n"),
		"rev: HEAD~2 reads the old content");
	ok(src && !strcmp(isms_source_commit(src), rev_parse("rev", "HEAD~2")),
		"rev: HEAD~2's commit id");
	ok(src && !listed(src, "docs/sub/b.md"), "rev: HEAD~2 lists no later file");
	isms_source_free(src);

	src = must_open("rev", ISMS_SRC_REV, "HEAD~1");
	ok(src && reads(src, "a.md", "two\n") && !listed(src, "module"),
		"rev: HEAD~1 is the second commit");
	isms_source_free(src);

	src = must_open("rev", ISMS_SRC_REV, "v1");
	ok(src && reads(src, "a.md", "one\n"), "rev: a lightweight tag reads its commit");
	isms_source_free(src);

	src = must_open("rev", ISMS_SRC_REV, "v1-annotated");
	ok(src && reads(src, "old.md", "old\n"), "rev: an annotated tag reads its commit");
	ok(src && !strcmp(isms_source_commit(src), rev_parse("rev", "v1")),
		"rev: an annotated tag gives the commit's id, not the tag object's");
	isms_source_free(src);

	src = open_src("rev", ISMS_SRC_REV, "no-such-branch");
	ok(!src && strstr(err.msg, "unknown revision") && strstr(err.msg, "no-such-branch"),
		"rev: an unknown revision fails, naming it");
	isms_source_free(src);

	src = open_src("rev", ISMS_SRC_REV, "HEAD^{tree}");
	ok(!src && strstr(err.msg, "does not name a commit"),
		"rev: a revision naming a tree fails");
	isms_source_free(src);
}

static void test_not_a_repo(void)
{
	isms_source *src;

	mkdir(at("plain"), 0755);
	src = open_src("plain", ISMS_SRC_WORKTREE, NULL);
	ok(!src && strstr(err.msg, "not a git repository"),
		"a folder outside any repository fails to open");
	isms_source_free(src);
}

/* ---------------------------------------------------------------- ISMS root */

static void test_root(void)
{
	static const struct { const char *dir; isms_source_kind kind;
		const char *root, *name; } cases[] = {
		{ "root", ISMS_SRC_WORKTREE, "sub/",
			"worktree from the top, with no isms.yml there: the only one below" },
		{ "root/sub", ISMS_SRC_WORKTREE, "sub/", "worktree from the folder of isms.yml" },
		{ "root/sub/deeper", ISMS_SRC_WORKTREE, "sub/", "worktree from deeper" },
		{ "root/other", ISMS_SRC_WORKTREE, "sub/",
			"worktree from a sibling folder: the only one below the top" },
		{ "root/sub/deeper", ISMS_SRC_INDEX, "sub/", "index from deeper" },
		{ "root/sub/deeper", ISMS_SRC_REV, "sub/", "rev from deeper" },
		{ "root", ISMS_SRC_REV, "sub/", "rev from the top: the only one below" },
		{ "root/fresh", ISMS_SRC_WORKTREE, "fresh/",
			"worktree sees an uncommitted isms.yml" },
		{ "root/fresh", ISMS_SRC_REV, "sub/",
			"rev ignores an isms.yml that is not committed" },
		{ "two", ISMS_SRC_REV, "",
			"rev from the top, two isms.yml equally deep: the top" },
		{ "two/b", ISMS_SRC_REV, "b/", "rev from one of two: that one" },
		{ "two.git", ISMS_SRC_WORKTREE, "a/",
			"bare: the shallowest isms.yml, when it is the only one that deep" },
	};
	isms_source *src;
	size_t i;

	new_repo("root");
	put("root/top.md", "top\n");
	put("root/sub/isms.yml", "organisation: Sub\n");
	put("root/sub/p.md", "p\n");
	put("root/sub/deeper/x.md", "x\n");
	put("root/other/y.md", "y\n");
	commit_all("root", "first");
	put("root/fresh/isms.yml", "organisation: Fresh\n");
	new_repo("two");
	put("two/a/isms.yml", "organisation: A\n");
	put("two/deep/er/isms.yml", "organisation: Deeper\n");
	commit_all("two", "first");
	sh("git clone -q --bare '%s' '%s'", at("two"), at("two.git"));
	put("two/b/isms.yml", "organisation: B\n");
	commit_all("two", "second");

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		src = must_open(cases[i].dir, cases[i].kind, NULL);
		is_str(src ? isms_source_root(src) : "(no source)", cases[i].root,
			"root: %s is \"%s\"", cases[i].name, cases[i].root);
		isms_source_free(src);
	}

	src = must_open("root/sub/deeper", ISMS_SRC_WORKTREE, NULL);
	is_str(listing(src), "sub/deeper/x.md sub/isms.yml sub/p.md",
		"root: the work tree lists only under the root, paths from the top");
	isms_source_free(src);
	src = must_open("root/sub", ISMS_SRC_REV, "HEAD");
	is_str(listing(src), "sub/deeper/x.md sub/isms.yml sub/p.md",
		"root: a revision lists only under the root, paths from the top");
	ok(reads(src, "top.md", "top\n"),
		"root: files outside the root can still be read (link targets)");
	is_int(isms_source_exists(src, "other"), 1,
		"root: folders outside the root still exist (link targets)");
	isms_source_free(src);
}

/* ---------------------------------------------------------------- bare */

static void test_bare(void)
{
	isms_source *src;

	sh("git clone -q --bare '%s' '%s'", at("rev"), at("rev.git"));
	src = must_open("rev.git", ISMS_SRC_WORKTREE, NULL);
	ok(src != NULL, "bare: a bare repository opens as a work-tree source");
	if (!src)
		return;
	ok(isms_source_workdir(src) == NULL, "bare: there is no workdir");
	is_str(isms_source_commit(src), rev_parse("rev", "HEAD"),
		"bare: HEAD is read, with its commit id");
	ok(reads(src, "a.md", "two\n"), "bare: files are read from HEAD");
	ok(listed(src, "docs/sub/b.md") && !listed(src, "link.md"),
		"bare: the listing is HEAD's tree");
	is_int(isms_source_exists(src, "docs"), 1, "bare: exists for a folder of HEAD");
	test_hostile_paths(src, "bare");
	isms_source_free(src);
}

/* ---------------------------------------------------------------- empty */

/*
 * Last, because an empty index or tree once passed NULL to qsort, which
 * UBSan aborts on: the other tests should have run by then.
 */
static void test_empty_repo(void)
{
	isms_source *src;

	new_repo("empty");
	src = open_src("empty", ISMS_SRC_REV, "HEAD");
	ok(!src && strstr(err.msg, "no commits"),
		"empty: a revision of a repository without commits fails with \"no commits\"");
	isms_source_free(src);

	put("empty/draft.md", "x\n");
	src = must_open("empty", ISMS_SRC_WORKTREE, NULL);
	is_str(src ? listing(src) : "(no source)", "draft.md",
		"empty: the work tree of a repository without commits is listed");
	isms_source_free(src);

	src = must_open("empty", ISMS_SRC_INDEX, NULL);
	is_str(src ? listing(src) : "(no source)", "",
		"empty: an empty index lists nothing");
	ok(src && !isms_source_exists(src, "draft.md") &&
	   read_rc(src, "draft.md") == ISMS_ENOTFOUND,
		"empty: nothing exists in an empty index");
	isms_source_free(src);

	sh("git -C '%s' commit -q --allow-empty -m 'nothing yet'", at("empty"));
	src = must_open("empty", ISMS_SRC_REV, "HEAD");
	ok(src && is_hex40(isms_source_commit(src)),
		"empty: a commit with an empty tree opens");
	is_str(src ? listing(src) : "(no source)", "",
		"empty: a commit with an empty tree lists nothing");
	ok(src && !isms_source_exists(src, "draft.md") && !isms_source_exists(src, "x"),
		"empty: nothing exists in an empty tree");
	isms_source_free(src);
}

int main(void)
{
	if (setup() < 0) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	test_worktree();
	test_index();
	make_rev_repo();
	test_rev();
	test_not_a_repo();
	test_root();
	test_bare();
	test_empty_repo();
	isms_buf_release(&content);
	sh("rm -rf '%s'", tmp);
	return done_testing();
}
