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
	/* Extra handles on the same repository, one per thread at a time:
	 * libgit2 objects must not be shared between threads. */
	git_repository *pool[16];
	int npool;
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
	if (git_libgit2_init() < 0)
		return -1;
	/* Trees of a folder of hundreds of documents exceed libgit2's default
	 * 4 KiB cache limit; a history walk reads the same trees again and
	 * again, so keep them parsed. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
		(size_t)4 << 20);
	return 0;
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
	while (src->npool > 0)
		git_repository_free(src->pool[--src->npool]);
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

/* ---------------------------------------------------------------- history */

/* A repository handle for the calling thread: from the pool, or new. */
static git_repository *repo_get(isms_source *src)
{
	git_repository *r = NULL;

	pthread_mutex_lock(&src->lock);
	if (src->npool > 0)
		r = src->pool[--src->npool];
	pthread_mutex_unlock(&src->lock);
	if (!r && git_repository_open(&r, git_repository_path(src->repo)) < 0)
		return NULL;
	return r;
}

static void repo_put(isms_source *src, git_repository *r)
{
	pthread_mutex_lock(&src->lock);
	if (src->npool < (int)(sizeof(src->pool) / sizeof(src->pool[0]))) {
		src->pool[src->npool++] = r;
		r = NULL;
	}
	pthread_mutex_unlock(&src->lock);
	git_repository_free(r);
}

/* Open addressing from object id to index; ids are uniformly random. */
struct idmap {
	git_oid *ids;
	size_t *idx;
	size_t cap;
};

static size_t idmap_slot(const struct idmap *m, const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	for (h &= m->cap - 1; m->idx[h] != ISMS_NOPARENT; h = (h + 1) & (m->cap - 1))
		if (git_oid_equal(&m->ids[m->idx[h]], id))
			break;
	return h;
}

/* A commit gathered by the walk, before topological ordering. */
struct raw {
	isms_commit c;
	git_oid *pids;           /* parent ids */
	size_t children;         /* for Kahn's algorithm */
};

static char *dup_sig(isms_arena *a, const char *s)
{
	return isms_arena_strdup(a, s ? s : "");
}

static void take_commit(struct raw *r, isms_arena *a, git_commit *c)
{
	const git_signature *au = git_commit_author(c), *co = git_commit_committer(c);
	size_t i;

	git_oid_tostr(r->c.id, sizeof(r->c.id), git_commit_id(c));
	git_oid_tostr(r->c.tree, sizeof(r->c.tree), git_commit_tree_id(c));
	r->c.time = (long long)git_commit_time(c);
	r->c.author = dup_sig(a, au ? au->name : "");
	r->c.author_email = dup_sig(a, au ? au->email : "");
	r->c.committer = dup_sig(a, co ? co->name : "");
	r->c.committer_email = dup_sig(a, co ? co->email : "");
	r->c.message = dup_sig(a, git_commit_message(c));
	r->c.nparents = git_commit_parentcount(c);
	r->pids = isms_arena_alloc(a, (r->c.nparents + 1) * sizeof(git_oid));
	for (i = 0; i < r->c.nparents; i++)
		git_oid_cpy(&r->pids[i], git_commit_parent_id(c, (unsigned)i));
}

/* Max-heap of indexes by commit time: Kahn's algorithm takes the newest
 * ready commit first, as git log does. */
static void heap_push(size_t *heap, size_t *n, const struct raw *raw, size_t v)
{
	size_t i = (*n)++;

	while (i > 0 && raw[heap[(i - 1) / 2]].c.time < raw[v].c.time) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = v;
}

static size_t heap_pop(size_t *heap, size_t *n, const struct raw *raw)
{
	size_t top = heap[0], v = heap[--*n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && raw[heap[c + 1]].c.time > raw[heap[c]].c.time)
			c++;
		if (raw[heap[c]].c.time <= raw[v].c.time)
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (*n)
		heap[i] = v;
	return top;
}

/* Collect every commit reachable from `start` (no revwalk: libgit2 1.5
 * stops at a missing parent, and a shallow clone has them). */
static int gather(struct raw **out, size_t *n, struct idmap *map, int *shallow,
	isms_arena *a, git_repository *repo, const git_oid *start, isms_error *err)
{
	git_oid *stack = NULL;
	struct raw *raw = NULL;
	size_t sp = 0, scap = 0, cap = 0, i;
	int rc = 0;

	map->cap = 1024;
	map->idx = malloc(map->cap * sizeof(size_t));
	memset(map->idx, 0xff, map->cap * sizeof(size_t));
	stack = malloc(sizeof(git_oid));
	git_oid_cpy(&stack[sp++], start);
	scap = 1;
	*n = 0;
	while (sp > 0) {
		git_oid id = stack[--sp];
		git_commit *c;
		size_t slot;

		if (map->idx[idmap_slot(map, &id)] != ISMS_NOPARENT)
			continue;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			if (*n == 0) {
				rc = git_fail(err, "reading the tip commit");
				break;
			}
			*shallow = 1;   /* a parent the repository does not have */
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			raw = realloc(raw, cap * sizeof(*raw));
			map->ids = realloc(map->ids, cap * sizeof(git_oid));
			if (!raw || !map->ids)
				abort();
		}
		memset(&raw[*n], 0, sizeof(*raw));
		take_commit(&raw[*n], a, c);
		git_commit_free(c);
		git_oid_cpy(&map->ids[*n], &id);
		slot = idmap_slot(map, &id);
		map->idx[slot] = (*n)++;
		if (*n * 2 > map->cap) {
			/* Grow and rehash. */
			size_t k;
			free(map->idx);
			map->cap *= 2;
			map->idx = malloc(map->cap * sizeof(size_t));
			memset(map->idx, 0xff, map->cap * sizeof(size_t));
			for (k = 0; k < *n; k++)
				map->idx[idmap_slot(map, &map->ids[k])] = k;
		}
		for (i = 0; i < raw[*n - 1].c.nparents; i++) {
			if (sp == scap) {
				scap *= 2;
				stack = realloc(stack, scap * sizeof(git_oid));
				if (!stack)
					abort();
			}
			git_oid_cpy(&stack[sp++], &raw[*n - 1].pids[i]);
		}
	}
	free(stack);
	*out = raw;
	return rc;
}

int isms_source_commits(isms_commit **out, size_t *n, int *shallow,
	isms_arena *a, isms_source *src, const char *tip, isms_error *err)
{
	struct idmap map = { NULL, NULL, 0 };
	struct raw *raw = NULL;
	git_object *obj = NULL, *commit = NULL;
	size_t count = 0, i, k, *heap = NULL, nheap = 0, *order = NULL, *pos = NULL;
	int rc = -1;

	*out = NULL;
	*n = 0;
	*shallow = 0;
	if (git_revparse_single(&obj, src->repo, tip) < 0) {
		git_error_clear();
		return ISMS_ENOTFOUND;
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0)
		return isms_error_set(err, "", 0, 0, "\"%s\" does not name a commit", tip);
	rc = -1;
	if (gather(&raw, &count, &map, shallow, a, src->repo, git_object_id(commit), err) < 0)
		goto done;
	/* Parent ids to indexes; count children. */
	for (i = 0; i < count; i++) {
		raw[i].c.parents = isms_arena_alloc(a, (raw[i].c.nparents + 1) * sizeof(size_t));
		for (k = 0; k < raw[i].c.nparents; k++) {
			size_t p = map.idx[idmap_slot(&map, &raw[i].pids[k])];
			raw[i].c.parents[k] = p;
			if (p != ISMS_NOPARENT)
				raw[p].children++;
		}
	}
	/* Topological order, newest ready commit first; the tip is index 0
	 * and nothing reachable points at it. */
	heap = malloc((count + 1) * sizeof(size_t));
	order = malloc((count + 1) * sizeof(size_t));
	pos = malloc((count + 1) * sizeof(size_t));
	if (!heap || !order || !pos)
		abort();
	if (count)
		heap_push(heap, &nheap, raw, 0);
	for (i = 0; nheap > 0; i++) {
		size_t v = heap_pop(heap, &nheap, raw);
		order[i] = v;
		pos[v] = i;
		for (k = 0; k < raw[v].c.nparents; k++) {
			size_t p = raw[v].c.parents[k];
			if (p != ISMS_NOPARENT && --raw[p].children == 0)
				heap_push(heap, &nheap, raw, p);
		}
	}
	*out = isms_arena_alloc(a, (count + 1) * sizeof(isms_commit));
	for (i = 0; i < count; i++) {
		isms_commit *c = &(*out)[i];
		*c = raw[order[i]].c;
		for (k = 0; k < c->nparents; k++)
			if (c->parents[k] != ISMS_NOPARENT)
				c->parents[k] = pos[c->parents[k]];
	}
	*n = count;
	rc = 0;
done:
	free(heap);
	free(order);
	free(pos);
	free(raw);
	free(map.ids);
	free(map.idx);
	git_object_free(commit);
	return rc;
}

/* ---------------------------------------------------------------- diff */

struct dlist {
	isms_delta *d;
	size_t n, cap;
	isms_arena *a;
};

static void push_delta(struct dlist *l, const char *path, const git_oid *old,
	const git_oid *new)
{
	isms_delta *d;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->d = realloc(l->d, l->cap * sizeof(*l->d));
		if (!l->d)
			abort();
	}
	d = &l->d[l->n++];
	d->path = isms_arena_strdup(l->a, path);
	d->old_blob[0] = d->new_blob[0] = '\0';
	if (old)
		git_oid_tostr(d->old_blob, sizeof(d->old_blob), old);
	if (new)
		git_oid_tostr(d->new_blob, sizeof(d->new_blob), new);
}

static int is_blob(const git_tree_entry *e)
{
	git_filemode_t m = git_tree_entry_filemode(e);
	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int diff_trees(git_repository *r, git_tree *ta, git_tree *tb,
	isms_buf *path, struct dlist *l, int depth);

/* One side of an entry pair: a blob is a delta; a tree recurses with the
 * other side empty. Entries of other kinds are not documents. */
static int diff_entry(git_repository *r, const git_tree_entry *ea,
	const git_tree_entry *eb, isms_buf *path, struct dlist *l, int depth)
{
	size_t keep = path->len;
	const git_tree_entry *e = ea ? ea : eb;
	git_tree *ta = NULL, *tb = NULL;
	int rc = 0;

	isms_buf_puts(path, git_tree_entry_name(e));
	if (is_blob(e)) {
		push_delta(l, path->ptr, ea ? git_tree_entry_id(ea) : NULL,
			eb ? git_tree_entry_id(eb) : NULL);
	} else if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		isms_buf_putc(path, '/');
		if ((ea && git_tree_lookup(&ta, r, git_tree_entry_id(ea)) < 0) ||
		    (eb && git_tree_lookup(&tb, r, git_tree_entry_id(eb)) < 0))
			rc = -1;
		else
			rc = diff_trees(r, ta, tb, path, l, depth + 1);
		git_tree_free(ta);
		git_tree_free(tb);
	}
	isms_buf_truncate(path, keep);
	return rc;
}

static int diff_pair(const git_tree_entry *ea, const git_tree_entry *eb,
	isms_buf *path, struct dlist *l)
{
	size_t keep = path->len;

	isms_buf_puts(path, git_tree_entry_name(ea));
	push_delta(l, path->ptr, git_tree_entry_id(ea), git_tree_entry_id(eb));
	isms_buf_truncate(path, keep);
	return 0;
}

static int diff_subtrees(git_repository *r, const git_tree_entry *ea,
	const git_tree_entry *eb, isms_buf *path, struct dlist *l, int depth)
{
	size_t keep = path->len;
	git_tree *ta = NULL, *tb = NULL;
	int rc = -1;

	isms_buf_puts(path, git_tree_entry_name(ea));
	isms_buf_putc(path, '/');
	if (git_tree_lookup(&ta, r, git_tree_entry_id(ea)) == 0 &&
	    git_tree_lookup(&tb, r, git_tree_entry_id(eb)) == 0)
		rc = diff_trees(r, ta, tb, path, l, depth + 1);
	git_tree_free(ta);
	git_tree_free(tb);
	isms_buf_truncate(path, keep);
	return rc;
}

/* Trees are sorted the git way, so one merge pass finds what differs;
 * equal ids mean equal content, and such subtrees are never opened. */
static int diff_trees(git_repository *r, git_tree *ta, git_tree *tb,
	isms_buf *path, struct dlist *l, int depth)
{
	size_t na = ta ? git_tree_entrycount(ta) : 0;
	size_t nb = tb ? git_tree_entrycount(tb) : 0, i = 0, j = 0;

	if (depth > 256)
		return 0;
	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(tb, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
		int rc = 0;

		if (c < 0) {
			rc = diff_entry(r, ea, NULL, path, l, depth);
			i++;
		} else if (c > 0) {
			rc = diff_entry(r, NULL, eb, path, l, depth);
			j++;
		} else {
			if (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb))) {
				if (git_tree_entry_type(ea) == git_tree_entry_type(eb) &&
				    (git_tree_entry_type(ea) == GIT_OBJECT_TREE ||
				     (is_blob(ea) && is_blob(eb)))) {
					rc = git_tree_entry_type(ea) == GIT_OBJECT_TREE ?
						diff_subtrees(r, ea, eb, path, l, depth) :
						diff_pair(ea, eb, path, l);
				} else {
					/* A kind change: the old one went, the new one came. */
					rc = diff_entry(r, ea, NULL, path, l, depth);
					if (!rc)
						rc = diff_entry(r, NULL, eb, path, l, depth);
				}
			}
			i++;
			j++;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The tree `hex` narrowed to `prefix` ("" or "dir/"): *out stays NULL when
 * the tree is empty or has no such folder. */
static int prefix_tree(git_tree **out, git_repository *r, const char *hex,
	const char *prefix)
{
	git_oid id;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	size_t n = strlen(prefix);
	char *dir;
	int rc;

	*out = NULL;
	if (!hex || !*hex)
		return 0;
	if (git_oid_fromstr(&id, hex) < 0 || git_tree_lookup(&t, r, &id) < 0)
		return -1;
	if (!n) {
		*out = t;
		return 0;
	}
	dir = strndup(prefix, n - 1);
	if (!dir)
		abort();
	rc = git_tree_entry_bypath(&e, t, dir);
	free(dir);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(out, r, git_tree_entry_id(e));
	else
		rc = 0;
	git_tree_entry_free(e);
	git_tree_free(t);
	return rc < 0 ? -1 : 0;
}

int isms_source_diff(isms_delta **out, size_t *n, isms_arena *a,
	isms_source *src, const char *from, const char *to, const char *prefix,
	isms_error *err)
{
	git_repository *r = repo_get(src);
	git_tree *ta = NULL, *tb = NULL;
	struct dlist l = { NULL, 0, 0, a };
	isms_buf path = ISMS_BUF_INIT;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (!r)
		return git_fail(err, "opening the repository");
	if (prefix_tree(&ta, r, from, prefix) < 0 || prefix_tree(&tb, r, to, prefix) < 0) {
		git_fail(err, "reading a tree");
		goto done;
	}
	isms_buf_puts(&path, prefix);
	if (diff_trees(r, ta, tb, &path, &l, 0) < 0) {
		git_fail(err, "comparing trees");
		goto done;
	}
	if (l.n) {
		*out = isms_arena_alloc(a, l.n * sizeof(**out));
		memcpy(*out, l.d, l.n * sizeof(**out));
	}
	*n = l.n;
	rc = 0;
done:
	free(l.d);
	isms_buf_release(&path);
	git_tree_free(ta);
	git_tree_free(tb);
	repo_put(src, r);
	return rc;
}

int isms_source_blob_at(char out[41], isms_source *src, const char *tree,
	const char *path)
{
	git_repository *r = repo_get(src);
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_oid id;

	out[0] = '\0';
	if (!r)
		return -1;
	if (git_oid_fromstr(&id, tree) == 0 && git_tree_lookup(&t, r, &id) == 0 &&
	    git_tree_entry_bypath(&e, t, path) == 0 && is_blob(e))
		git_oid_tostr(out, 41, git_tree_entry_id(e));
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(t);
	repo_put(src, r);
	return 0;
}

int isms_source_blob(isms_buf *buf, isms_source *src, const char *hex,
	isms_error *err)
{
	git_repository *r = repo_get(src);
	git_blob *blob = NULL;
	git_oid id;
	int rc = 0;

	if (!r)
		return git_fail(err, "opening the repository");
	if (git_oid_fromstr(&id, hex) < 0 || git_blob_lookup(&blob, r, &id) < 0) {
		rc = git_fail(err, hex);
	} else {
		isms_buf_truncate(buf, 0);
		isms_buf_add(buf, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	repo_put(src, r);
	return rc;
}

/* The approval branch as a ref: the local branch, else origin's (a CI
 * checkout often has only the remote-tracking one). */
int isms_source_branch(const char **out, isms_source *src, const char *branch)
{
	static const char *const forms[] = { "refs/heads/%s", "refs/remotes/origin/%s" };
	git_reference *ref = NULL;
	char name[512];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), forms[i], branch);
		if (git_reference_lookup(&ref, src->repo, name) == 0) {
			git_reference_free(ref);
			*out = isms_arena_strdup(src->arena, name);
			return 0;
		}
	}
	git_error_clear();
	return git_repository_head_unborn(src->repo) == 1 ? ISMS_ENOTFOUND : -1;
}

int isms_source_tree(char out[41], isms_source *src, const char *rev)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int rc = ISMS_ENOTFOUND;

	out[0] = '\0';
	if (git_revparse_single(&obj, src->repo, rev) == 0 &&
	    git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_tostr(out, 41, git_commit_tree_id(c));
		rc = 0;
	}
	git_error_clear();
	git_commit_free(c);
	git_object_free(obj);
	return rc;
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

int isms_source_path(char **out, isms_source *src, const char *dir,
	const char *arg, isms_error *err)
{
	isms_buf abs = ISMS_BUF_INIT, norm = ISMS_BUF_INIT;
	char base[PATH_MAX];
	size_t wl;
	int rc = 0;

	*out = NULL;
	if (!src->workdir) {
		/* A bare repository: paths are repository-relative already. */
		normalise(&norm, arg);
		*out = strdup(norm.ptr + 1);
	} else if (!realpath(dir ? dir : ".", base)) {
		rc = isms_error_set(err, "", 0, 0, "cannot resolve %s", dir ? dir : ".");
	} else {
		if (arg[0] != '/')
			isms_buf_printf(&abs, "%s/", base);
		isms_buf_puts(&abs, arg);
		normalise(&norm, abs.ptr);
		isms_buf_putc(&norm, '/');
		wl = strlen(src->workdir);
		if (strncmp(norm.ptr, src->workdir, wl) != 0) {
			rc = isms_error_set(err, "", 0, 0, "%s is outside the repository",
				arg);
		} else {
			norm.ptr[norm.len - 1] = '\0';
			*out = strdup(norm.ptr + wl);
		}
	}
	if (rc == 0 && !*out)
		abort();
	isms_buf_release(&abs);
	isms_buf_release(&norm);
	return rc;
}
