/*
 * git.c - the source of documents: work tree, index or a revision's tree.
 *
 * The only file that includes <git2.h>. Index and tree sources list every
 * blob of the whole repository once into a sorted table (path -> object
 * id), so that listing, reading and the existence checks of link targets
 * are lookups. Nothing is ever checked out.
 */
#include "isms.h"

#include <git2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
	char *path;
	git_oid id;
};

struct isms_source {
	isms_source_kind kind;
	git_repository *repo;
	char *workdir;           /* with trailing '/', or NULL when bare */
	char *root;              /* "" or "dir/" relative to the top */
	char commit[GIT_OID_HEXSZ + 1];
	struct entry *all;       /* index/tree: every blob, sorted by path */
	size_t nall;
	isms_file *files;        /* listed files under root */
	size_t nfiles;
	isms_arena *arena;
	pthread_mutex_t lock;    /* libgit2 object reads from worker threads */
};

static int git_fail(isms_error *err, const char *what)
{
	const git_error *e = git_error_last();

	return isms_error_set(err, "", 0, 0, "%s: %s", what,
		e && e->message ? e->message : "unknown libgit2 error");
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		((const struct entry *)b)->path);
}

static struct entry *find_entry(const isms_source *src, const char *path)
{
	struct entry key = { (char *)path, { { 0 } } };

	if (!src->nall)
		return NULL;
	return bsearch(&key, src->all, src->nall, sizeof(*src->all), cmp_entry);
}

/* The first entry whose path sorts at or after `key`. */
static size_t lower_bound(const isms_source *src, const char *key)
{
	size_t lo = 0, hi = src->nall;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(src->all[mid].path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void push_entry(isms_source *src, size_t *cap, const char *path,
	const git_oid *id)
{
	if (src->nall == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		src->all = realloc(src->all, *cap * sizeof(*src->all));
		if (!src->all)
			abort();
	}
	src->all[src->nall].path = isms_arena_strdup(src->arena, path);
	git_oid_cpy(&src->all[src->nall].id, id);
	src->nall++;
}

/* ---------------------------------------------------------------- tree */

struct walk { isms_source *src; size_t cap; isms_buf path; };

static int tree_cb(const char *dir, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(e);

	/* Symlinks and submodules are not documents; skip them. */
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	isms_buf_truncate(&w->path, 0);
	isms_buf_puts(&w->path, dir);
	isms_buf_puts(&w->path, git_tree_entry_name(e));
	push_entry(w->src, &w->cap, w->path.ptr, git_tree_entry_id(e));
	return 0;
}

static int load_tree(isms_source *src, const char *rev, isms_error *err)
{
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	struct walk w = { src, 0, ISMS_BUF_INIT };
	int rc = -1;

	if (git_revparse_single(&obj, src->repo, rev) < 0) {
		if (git_repository_head_unborn(src->repo) == 1)
			isms_error_set(err, "", 0, 0,
				"revision \"%s\": the repository has no commits yet", rev);
		else
			isms_error_set(err, "", 0, 0, "unknown revision \"%s\"", rev);
		goto done;
	}
	if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		isms_error_set(err, "", 0, 0, "\"%s\" does not name a commit", rev);
		goto done;
	}
	git_oid_tostr(src->commit, sizeof(src->commit), git_commit_id(commit));
	if (git_commit_tree(&tree, commit) < 0) {
		git_fail(err, "reading the commit's tree");
		goto done;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w) < 0) {
		git_fail(err, "walking the tree");
		goto done;
	}
	if (src->nall)
		qsort(src->all, src->nall, sizeof(*src->all), cmp_entry);
	rc = 0;
done:
	isms_buf_release(&w.path);
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}

/* ---------------------------------------------------------------- index */

static int load_index(isms_source *src, isms_error *err)
{
	git_index *idx = NULL;
	size_t i, n, cap = 0;

	if (git_repository_index(&idx, src->repo) < 0)
		return git_fail(err, "reading the index");
	n = git_index_entrycount(idx);
	for (i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		unsigned mode = e->mode & 0170000;

		/* Stage 0 only: a conflicted path has no staged content yet. */
		if (git_index_entry_stage(e) != 0 || mode != 0100000)
			continue;
		push_entry(src, &cap, e->path, &e->id);
	}
	git_index_free(idx);
	if (src->nall)
		qsort(src->all, src->nall, sizeof(*src->all), cmp_entry);
	return 0;
}

/* ---------------------------------------------------------------- work tree */

static int ignored(isms_source *src, const char *rel)
{
	int ign = 0;

	if (git_ignore_path_is_ignored(&ign, src->repo, rel) < 0)
		return 0;
	return ign;
}

static void push_file(isms_source *src, size_t *cap, const char *path)
{
	if (src->nfiles == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		src->files = realloc(src->files, *cap * sizeof(*src->files));
		if (!src->files)
			abort();
	}
	src->files[src->nfiles++].path = isms_arena_strdup(src->arena, path);
}

/* git ignores nothing it tracks: the files of an ignored folder that are
 * in the index are still listed (when they are regular files on disk). */
static void push_tracked_below(isms_source *src, size_t *cap, const char *dir)
{
	isms_buf abs = ISMS_BUF_INIT;
	size_t i, n = strlen(dir);
	struct stat st;

	for (i = lower_bound(src, dir); i < src->nall &&
	     !strncmp(src->all[i].path, dir, n); i++) {
		isms_buf_truncate(&abs, 0);
		isms_buf_puts(&abs, src->workdir);
		isms_buf_puts(&abs, src->all[i].path);
		if (lstat(abs.ptr, &st) == 0 && S_ISREG(st.st_mode))
			push_file(src, cap, src->all[i].path);
	}
	isms_buf_release(&abs);
}

/* Walk `rel` (relative to the top, "" or ending in '/') on disk. */
static int walk_dir(isms_source *src, size_t *cap, isms_buf *rel, int depth,
	isms_error *err)
{
	isms_buf abs = ISMS_BUF_INIT;
	DIR *d;
	struct dirent *de;
	size_t keep = rel->len;

	if (depth > 64)
		return 0;
	isms_buf_puts(&abs, src->workdir);
	isms_buf_add(&abs, rel->ptr ? rel->ptr : "", rel->len);
	d = opendir(abs.ptr);
	if (!d) {
		isms_error_set(err, rel->ptr ? rel->ptr : "", 0, 0,
			"cannot read folder: %s", strerror(errno));
		isms_buf_release(&abs);
		return -1;
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		isms_buf_truncate(rel, keep);
		isms_buf_puts(rel, de->d_name);
		isms_buf_truncate(&abs, strlen(src->workdir));
		isms_buf_add(&abs, rel->ptr, rel->len);
		if (lstat(abs.ptr, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			isms_buf_putc(rel, '/');
			if (ignored(src, rel->ptr)) {
				push_tracked_below(src, cap, rel->ptr);
				continue;
			}
			/* A nested repository (submodule) is not ours. */
			isms_buf_puts(&abs, "/.git");
			if (access(abs.ptr, F_OK) == 0)
				continue;
			if (walk_dir(src, cap, rel, depth + 1, err) < 0)
				break;
		} else if (S_ISREG(st.st_mode) &&
		           (find_entry(src, rel->ptr) || !ignored(src, rel->ptr))) {
			push_file(src, cap, rel->ptr);
		}
	}
	closedir(d);
	isms_buf_truncate(rel, keep);
	isms_buf_release(&abs);
	return err && err->msg[0] ? -1 : 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const isms_file *)a)->path, ((const isms_file *)b)->path);
}

/* ---------------------------------------------------------------- open */

/* The folder of `dir` relative to the work tree top ("" or "x/y/"). */
static char *relative_prefix(isms_source *src, const char *dir)
{
	char real[PATH_MAX];
	size_t n;

	if (!src->workdir || !realpath(dir, real))
		return isms_arena_strdup(src->arena, "");
	n = strlen(src->workdir);
	strcat(real, "/");
	if (strncmp(real, src->workdir, n) != 0)
		return isms_arena_strdup(src->arena, "");
	return isms_arena_strdup(src->arena, real + n);
}

/* The nearest folder at or above `prefix` whose isms.yml the source has. */
static void find_root(isms_source *src, const char *prefix)
{
	isms_buf p = ISMS_BUF_INIT;
	size_t len = strlen(prefix);

	for (;;) {
		isms_buf_truncate(&p, 0);
		isms_buf_add(&p, prefix, len);
		isms_buf_puts(&p, "isms.yml");
		if (isms_source_exists(src, p.ptr) == 1) {
			src->root = isms_arena_strndup(src->arena, prefix, len);
			break;
		}
		if (len == 0) {
			src->root = isms_arena_strdup(src->arena, "");
			break;
		}
		/* Drop the last "name/" of the prefix. */
		len--;
		while (len > 0 && prefix[len - 1] != '/')
			len--;
	}
	isms_buf_release(&p);
}

static int init_libgit2(void)
{
	return git_libgit2_init() < 0 ? -1 : 0;
}

int isms_source_open(isms_source **out, const char *dir, isms_source_kind kind,
	const char *rev, isms_error *err)
{
	isms_source *src;
	const char *wd;
	char *prefix, real[PATH_MAX];

	*out = NULL;
	if (init_libgit2() < 0)
		return isms_error_set(err, "", 0, 0, "cannot initialise libgit2");
	src = calloc(1, sizeof(*src));
	if (!src)
		abort();
	src->arena = isms_arena_new();
	src->kind = kind;
	pthread_mutex_init(&src->lock, NULL);
	if (git_repository_open_ext(&src->repo, dir ? dir : ".", 0, NULL) < 0) {
		isms_error_set(err, "", 0, 0, "not a git repository (or any parent "
			"up to /): %s", dir ? dir : ".");
		goto fail;
	}
	/* Canonical, so that resolved paths can be compared against it. */
	wd = git_repository_workdir(src->repo);
	if (wd && realpath(wd, real))
		src->workdir = isms_arena_printf(src->arena, "%s/", real);
	else if (wd)
		src->workdir = isms_arena_strdup(src->arena, wd);
	/* A bare repository has no work tree: read its HEAD instead. */
	if (!src->workdir && kind == ISMS_SRC_WORKTREE) {
		src->kind = kind = ISMS_SRC_REV;
		rev = "HEAD";
	}
	if (kind == ISMS_SRC_REV && load_tree(src, rev ? rev : "HEAD", err) < 0)
		goto fail;
	/* The work tree needs the index too: tracked files are never ignored. */
	if (kind != ISMS_SRC_REV && load_index(src, err) < 0)
		goto fail;
	prefix = relative_prefix(src, dir ? dir : ".");
	find_root(src, prefix);
	*out = src;
	return 0;
fail:
	isms_source_free(src);
	return -1;
}

void isms_source_free(isms_source *src)
{
	if (!src)
		return;
	git_repository_free(src->repo);
	pthread_mutex_destroy(&src->lock);
	free(src->all);
	free(src->files);
	isms_arena_free(src->arena);
	free(src);
	git_libgit2_shutdown();
}

const char *isms_source_root(const isms_source *src)
{
	return src->root;
}

const char *isms_source_workdir(const isms_source *src)
{
	return src->workdir;
}

const char *isms_source_commit(const isms_source *src)
{
	return src->commit[0] ? src->commit : NULL;
}

int isms_source_list(const isms_file **out, size_t *n, isms_source *src,
	isms_error *err)
{
	size_t cap = 0, i, rl = strlen(src->root);

	if (!src->files) {
		if (src->kind == ISMS_SRC_WORKTREE) {
			isms_buf rel = ISMS_BUF_INIT;
			int rc;

			isms_buf_puts(&rel, src->root);
			rc = walk_dir(src, &cap, &rel, 0, err);
			isms_buf_release(&rel);
			if (rc < 0)
				return -1;
			if (src->files)
				qsort(src->files, src->nfiles, sizeof(*src->files), cmp_file);
		} else {
			for (i = 0; i < src->nall; i++)
				if (!strncmp(src->all[i].path, src->root, rl))
					push_file(src, &cap, src->all[i].path);
		}
		if (!src->files)
			src->files = calloc(1, sizeof(*src->files));
	}
	*out = src->files;
	*n = src->nfiles;
	return 0;
}

/* A path that stays inside the repository: no "..", no absolute path. */
static int safe_path(const char *path)
{
	const char *p = path;

	if (*path == '/' || !*path)
		return 0;
	while (*p) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return 0;
		p = strchr(p, '/');
		if (!p)
			break;
		p++;
	}
	return 1;
}

/* Open a work-tree file without following a symlink out of the work tree. */
static int open_inside(isms_source *src, const char *path, isms_error *err)
{
	isms_buf abs = ISMS_BUF_INIT;
	char real[PATH_MAX];
	int fd = -1;

	isms_buf_puts(&abs, src->workdir);
	isms_buf_puts(&abs, path);
	if (!realpath(abs.ptr, real)) {
		fd = errno == ENOENT || errno == ENOTDIR ? ISMS_ENOTFOUND :
			isms_error_set(err, path, 0, 0, "%s", strerror(errno));
	} else if (strncmp(real, src->workdir, strlen(src->workdir)) != 0) {
		fd = isms_error_set(err, path, 0, 0,
			"refusing to read a symbolic link that points outside the repository");
	} else if ((fd = open(real, O_RDONLY | O_CLOEXEC)) < 0) {
		fd = isms_error_set(err, path, 0, 0, "%s", strerror(errno));
	}
	isms_buf_release(&abs);
	return fd;
}

static int read_disk(isms_buf *buf, isms_source *src, const char *path,
	isms_error *err)
{
	struct stat st;
	int fd = open_inside(src, path, err);

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return isms_error_set(err, path, 0, 0, "not a regular file");
	}
	isms_buf_truncate(buf, 0);
	isms_buf_grow(buf, (size_t)st.st_size);
	for (;;) {
		ssize_t r;

		isms_buf_grow(buf, 65536);
		r = read(fd, buf->ptr + buf->len, buf->cap - buf->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return isms_error_set(err, path, 0, 0, "read: %s", strerror(errno));
		}
		if (r == 0)
			break;
		buf->len += (size_t)r;
	}
	buf->ptr[buf->len] = '\0';
	close(fd);
	return 0;
}

int isms_source_read(isms_buf *buf, isms_source *src, const char *path,
	isms_error *err)
{
	struct entry *e;
	git_blob *blob;
	int rc = 0;

	if (!safe_path(path))
		return ISMS_ENOTFOUND;
	if (src->kind == ISMS_SRC_WORKTREE)
		return read_disk(buf, src, path, err);
	if (!(e = find_entry(src, path)))
		return ISMS_ENOTFOUND;
	pthread_mutex_lock(&src->lock);
	if (git_blob_lookup(&blob, src->repo, &e->id) < 0) {
		rc = git_fail(err, path);
	} else {
		isms_buf_truncate(buf, 0);
		isms_buf_add(buf, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
	}
	pthread_mutex_unlock(&src->lock);
	return rc;
}

int isms_source_exists(isms_source *src, const char *path)
{
	isms_buf key = ISMS_BUF_INIT;
	size_t lo;
	int found;

	if (!safe_path(path))
		return 0;
	if (src->kind == ISMS_SRC_WORKTREE) {
		struct stat st;

		isms_buf_puts(&key, src->workdir);
		isms_buf_puts(&key, path);
		found = lstat(key.ptr, &st) == 0;
		isms_buf_release(&key);
		return found;
	}
	if (find_entry(src, path))
		return 1;
	/* A folder exists when some path lies below it: look for the first
	 * entry at or after "path/" in sorted order. */
	isms_buf_puts(&key, path);
	if (key.ptr[key.len - 1] != '/')
		isms_buf_putc(&key, '/');
	lo = lower_bound(src, key.ptr);
	found = lo < src->nall && !strncmp(src->all[lo].path, key.ptr, key.len);
	isms_buf_release(&key);
	return found;
}
