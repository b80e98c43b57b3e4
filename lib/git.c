/*
 * git.c - the source of documents: work tree, index or a revision's tree.
 *
 * The only file that includes <git2.h>. Index and tree sources list every
 * blob of the whole repository once into a sorted table (path -> object
 * id), so that listing, reading and the existence checks of link targets
 * are lookups. Nothing is ever checked out.
 */
#include "repo.h"

#include <git2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#ifdef __linux__
#include <linux/openat2.h>
#endif
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct entry {
	char *path;
	git_oid id;
};

struct handle;
static void handle_free(struct handle *h);
struct notes;
static void notes_free(struct notes *n);

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
	struct handle *pool[16];
	int npool;
	int from_env;            /* opened from GIT_DIR & co. (in a hook) */
	struct notes *notes;     /* notes refs listed so far (isms_source_note) */
	isms_cache *cache;       /* opened when first asked (isms_source_cache) */
	int no_cache;
	int top;                 /* the work tree, opened (O_PATH), or -1 */
};

static int open_repo(git_repository **out, int from_env, const char *dir)
{
	return git_repository_open_ext(out, from_env ? NULL : dir,
		from_env ? GIT_REPOSITORY_OPEN_FROM_ENV : 0, NULL);
}

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
	isms_buf_add(&abs, rel->ptr, rel->len);
	d = opendir(abs.ptr);
	if (!d) {
		isms_error_set(err, rel->ptr, 0, 0,
			"cannot read folder: %s", strerror(errno));
		isms_buf_release(&abs);
		return -1;
	}
	while ((de = readdir(d))) {
		struct stat st;
		unsigned char type = de->d_type;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".git"))
			continue;
		isms_buf_truncate(rel, keep);
		isms_buf_puts(rel, de->d_name);
		/* The folder says what each entry is; a file system that does
		 * not is asked, without following a link. */
		if (type == DT_UNKNOWN) {
			if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			type = S_ISDIR(st.st_mode) ? DT_DIR :
				S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type == DT_DIR) {
			isms_buf_putc(rel, '/');
			if (ignored(src, rel->ptr)) {
				push_tracked_below(src, cap, rel->ptr);
				continue;
			}
			/* A nested repository (submodule) is not ours. */
			isms_buf_truncate(&abs, strlen(src->workdir));
			isms_buf_add(&abs, rel->ptr, rel->len);
			isms_buf_puts(&abs, ".git");
			if (access(abs.ptr, F_OK) == 0)
				continue;
			if (walk_dir(src, cap, rel, depth + 1, err) < 0)
				break;
		} else if (type == DT_REG &&
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

/*
 * Started at the top (or in a bare repository, or in a hook) with no
 * isms.yml there: the ISMS of a monorepo lives in a folder, such as isms/.
 * The shallowest folder holding an isms.yml is the root, when it is the
 * only one that deep; else the top.
 */
static char *below_top(isms_source *src)
{
	size_t i, best = (size_t)-1, depth, found = 0;
	const char *at = NULL, *slash;

	for (i = 0; i < src->nall; i++) {
		const char *p = src->all[i].path;
		size_t len = strlen(p);

		if (len < 9 || strcmp(p + len - 9, "/isms.yml"))
			continue;
		for (depth = 0, slash = p; (slash = strchr(slash, '/')); slash++)
			depth++;
		if (depth < best) {
			best = depth;
			at = p;
			found = 1;
		} else if (depth == best) {
			found++;
		}
	}
	if (found != 1)
		return isms_arena_strdup(src->arena, "");
	return isms_arena_strndup(src->arena, at, strlen(at) - 8);
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
			src->root = below_top(src);
			break;
		}
		/* Drop the last "name/" of the prefix. */
		len--;
		while (len > 0 && prefix[len - 1] != '/')
			len--;
	}
	isms_buf_release(&p);
}

/*
 * isms opens no network connection: it reads repositories on disk. Yet
 * libgit2 built with mbedTLS (Debian's) parses the system's whole CA
 * bundle in git_libgit2_init(), about 4 ms of every start, a fifth of a
 * pre-commit hook; no option turns it off. This definition, exported from
 * the executable, comes before libmbedx509's in the dynamic linker's
 * lookup, so that libgit2 loads an empty list of trusted authorities. Had
 * anything ever opened an HTTPS transport, every server certificate would
 * fail to verify: it fails closed. With libgit2 on OpenSSL nothing calls
 * it. The chain argument is mbedTLS's mbedtls_x509_crt, left as its
 * mbedtls_x509_crt_init() made it.
 */
__attribute__((visibility("default"))) int mbedtls_x509_crt_parse_file(
	void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

static int init_libgit2(void)
{
	if (git_libgit2_init() < 0)
		return -1;
	/* libgit2 hashes every object it reads to verify its id; git does
	 * not (git fsck does). For a history walk that reads each tree of
	 * every commit, the hashing is 15 times the cost of the reading. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	return 0;
}

int isms_source_open(isms_source **out, const char *dir, isms_source_kind kind,
	const char *rev, isms_error *err)
{
	isms_source *src;
	const char *wd;
	char *prefix, real[PATH_MAX];
	int empty = 0, rc;

	*out = NULL;
	if (init_libgit2() < 0)
		return isms_error_set(err, "", 0, 0, "cannot initialise libgit2");
	src = calloc(1, sizeof(*src));
	if (!src)
		abort();
	src->arena = isms_arena_new();
	src->kind = kind;
	src->top = -1;
	pthread_mutex_init(&src->lock, NULL);
	/* Inside a git hook, git says which repository, index and object
	 * directories to use (a pre-receive hook sees the pushed objects only
	 * in a quarantine directory, a partial commit stages into a temporary
	 * index): follow the environment as git's own commands do. */
	src->from_env = getenv("GIT_DIR") || getenv("GIT_INDEX_FILE") ||
		getenv("GIT_OBJECT_DIRECTORY");
	if ((rc = open_repo(&src->repo, src->from_env, dir ? dir : ".")) < 0) {
		/* Not found is the common case; anything else (a repository
		 * owned by another user, a broken .git) is libgit2's to say. */
		if (rc == GIT_ENOTFOUND)
			isms_error_set(err, "", 0, 0, "not a git repository (or any "
				"parent up to /): %s", dir ? dir : ".");
		else
			git_fail(err, dir ? dir : ".");
		goto fail;
	}
	/* Canonical, so that resolved paths can be compared against it. */
	wd = git_repository_workdir(src->repo);
	if (wd && realpath(wd, real))
		src->workdir = isms_arena_printf(src->arena, "%s/", real);
	else if (wd)
		src->workdir = isms_arena_strdup(src->arena, wd);
	if (src->workdir)
		src->top = open(src->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* A bare repository has no work tree: read its HEAD instead (nothing,
	 * while it has no commits). */
	if (!src->workdir && kind == ISMS_SRC_WORKTREE) {
		src->kind = kind = ISMS_SRC_REV;
		rev = "HEAD";
		empty = git_repository_head_unborn(src->repo) == 1;
	}
	if (kind == ISMS_SRC_REV && !empty && load_tree(src, rev ? rev : "HEAD", err) < 0)
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
		handle_free(src->pool[--src->npool]);
	notes_free(src->notes);
	isms_cache_save(src->cache);
	isms_cache_free(src->cache);
	git_repository_free(src->repo);
	if (src->top >= 0)
		close(src->top);
	pthread_mutex_destroy(&src->lock);
	free(src->all);
	free(src->files);
	isms_arena_free(src->arena);
	free(src);
	git_libgit2_shutdown();
}

int isms_source_reads_disk(const isms_source *src)
{
	return src->kind == ISMS_SRC_WORKTREE;
}

void isms_source_no_cache(isms_source *src)
{
	src->no_cache = 1;
}

isms_cache *isms_source_cache(isms_source *src)
{
	isms_buf dir = ISMS_BUF_INIT;

	pthread_mutex_lock(&src->lock);
	if (!src->cache) {
		if (!src->no_cache)
			isms_buf_printf(&dir, "%sisms/cache/",
				git_repository_commondir(src->repo));
		src->cache = isms_cache_open(dir.len ? dir.ptr : NULL);
	}
	pthread_mutex_unlock(&src->lock);
	isms_buf_release(&dir);
	return src->cache;
}

void isms_source_hash(char out[41], const char *data, size_t len)
{
	git_oid id;

	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&id, 0, sizeof(id));
	git_oid_tostr(out, 41, &id);
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

#ifdef SYS_openat2
	/* The kernel resolves the path and refuses to leave the work tree
	 * (EXDEV) in one call; where it cannot say (an absolute link, an
	 * older kernel, a filter), realpath() below decides. */
	if (src->top >= 0) {
		struct open_how how = { .flags = O_RDONLY | O_CLOEXEC,
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };

		fd = (int)syscall(SYS_openat2, src->top, path, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno == ENOENT || errno == ENOTDIR)
			return ISMS_ENOTFOUND;
	}
#endif
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

/* A work-tree file, opened as read_disk opens it, and its status. */
static int open_file(struct stat *st, isms_source *src, const char *path,
	isms_error *err)
{
	int fd = open_inside(src, path, err);

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return isms_error_set(err, path, 0, 0, "not a regular file");
	}
	return fd;
}

/* The whole of open file `fd` of status `st` into `buf`: room for it up
 * front, one read() for most. */
static int read_whole(isms_buf *buf, int fd, const struct stat *st,
	const char *path, isms_error *err)
{
	isms_buf_truncate(buf, 0);
	isms_buf_grow(buf, (size_t)st->st_size);
	return isms_fs_read_fd(buf, fd, path, err);
}

static int read_disk(isms_buf *buf, isms_source *src, const char *path,
	isms_error *err)
{
	struct stat st;
	int fd = open_file(&st, src, path, err), rc;

	if (fd < 0)
		return fd;
	rc = read_whole(buf, fd, &st, path, err);
	close(fd);
	return rc;
}

/*
 * A work-tree file's blob id, kept in the cache under its path and its
 * status (device, inode, size, mode, modification and change times, to
 * the nanosecond), as git's index keeps it: the same status is the same
 * bytes. Kept only for a file changed more than two seconds before it was
 * read, so that a change within the clock's resolution cannot share a
 * status with the bytes read (git's "racy" files); a change time cannot
 * be set back.
 */
static void stat_key(unsigned char *key, const char *path,
	const struct stat *st)
{
	uint64_t v[8] = { (uint64_t)st->st_dev, (uint64_t)st->st_ino,
		(uint64_t)st->st_size, (uint64_t)st->st_mode,
		(uint64_t)st->st_mtim.tv_sec, (uint64_t)st->st_mtim.tv_nsec,
		(uint64_t)st->st_ctim.tv_sec, (uint64_t)st->st_ctim.tv_nsec };
	char hex[41];

	snprintf(hex, sizeof(hex), "%016llx%016llx%08x",
		(unsigned long long)isms_hash64(path, strlen(path), 5),
		(unsigned long long)isms_hash64(path, strlen(path), 6), 0u);
	isms_cache_key_make(key, hex, isms_hash64(v, sizeof(v), 7));
}

int isms_file_known_id(char out[41], isms_cache *c, const struct stat *st,
	const char *path)
{
	unsigned char key[ISMS_CACHE_KEY];
	const char *v;
	size_t len;

	out[0] = '\0';
	stat_key(key, path, st);
	if (!isms_cache_get(c, ISMS_CACHE_STAT, key, &v, &len) || len != 40)
		return 0;
	memcpy(out, v, 40);
	out[40] = '\0';
	return 1;
}

int isms_file_read_id(isms_buf *buf, char out[41], isms_cache *c, int fd,
	const struct stat *st, const char *path, isms_error *err)
{
	unsigned char key[ISMS_CACHE_KEY];
	int rc;

	out[0] = '\0';
	stat_key(key, path, st);
	if ((rc = read_whole(buf, fd, st, path, err)) < 0)
		return rc;
	isms_source_hash(out, buf->ptr, buf->len);
	if (st->st_mtim.tv_sec + 2 < time(NULL) && st->st_ctim.tv_sec + 2 < time(NULL))
		isms_cache_put(c, ISMS_CACHE_STAT, key, out, 40);
	return 0;
}

int isms_source_read_id(isms_buf *buf, char out[41], isms_source *src,
	const char *path, int want_text, isms_error *err)
{
	struct stat st;
	int fd, rc;

	out[0] = '\0';
	if (src->kind != ISMS_SRC_WORKTREE) {
		if (!want_text && isms_source_id(out, src, path) == 0)
			return 1;
		if ((rc = isms_source_read(buf, src, path, err)) == 0)
			isms_source_id(out, src, path);
		return rc;
	}
	if (!safe_path(path))
		return ISMS_ENOTFOUND;
	if ((fd = open_file(&st, src, path, err)) < 0)
		return fd;
	if (!want_text && isms_file_known_id(out, isms_source_cache(src), &st, path))
		rc = 1;
	else
		rc = isms_file_read_id(buf, out, isms_source_cache(src), fd, &st,
			path, err);
	close(fd);
	return rc;
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

/*
 * A thread's handle on the repository, with a small cache of raw tree
 * objects: a history walk reads the same trees (a commit's, its parent's,
 * a merge's two sides) again within a few commits, and each read of a
 * packed tree applies its whole delta chain again. The cache keeps the
 * TCACHE trees used last (on the scale corpora, 64 turn 29 % of the
 * reads into hits, 4 direct-mapped slots 1 %); an entry holds a reference
 * to the odb object, and a caller that keeps a tree across further
 * lookups takes its own.
 */
#define TCACHE 64

struct handle {
	git_repository *repo;
	git_odb *odb;
	git_odb_object *tree[TCACHE];
	unsigned long used[TCACHE];   /* when each was last used (tick) */
	unsigned long tick;
};

static void handle_free(struct handle *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < TCACHE; i++)
		git_odb_object_free(h->tree[i]);
	git_odb_free(h->odb);
	git_repository_free(h->repo);
	free(h);
}

/* A handle for the calling thread: from the pool, or new. */
static struct handle *repo_get(isms_source *src)
{
	struct handle *h = NULL;

	pthread_mutex_lock(&src->lock);
	if (src->npool > 0)
		h = src->pool[--src->npool];
	pthread_mutex_unlock(&src->lock);
	if (h)
		return h;
	if (!(h = calloc(1, sizeof(*h))))
		abort();
	if ((src->from_env ? open_repo(&h->repo, 1, NULL) :
	     git_repository_open(&h->repo, git_repository_path(src->repo))) < 0 ||
	    git_repository_odb(&h->odb, h->repo) < 0) {
		handle_free(h);
		return NULL;
	}
	return h;
}

static void repo_put(isms_source *src, struct handle *h)
{
	pthread_mutex_lock(&src->lock);
	if (src->npool < (int)(sizeof(src->pool) / sizeof(src->pool[0]))) {
		src->pool[src->npool++] = h;
		h = NULL;
	}
	pthread_mutex_unlock(&src->lock);
	handle_free(h);
}

/* The raw tree `id`, with a reference the caller frees. */
static git_odb_object *tree_get(struct handle *h, const git_oid *id)
{
	size_t i, slot = 0;
	git_odb_object *o;

	for (i = 0; i < TCACHE; i++) {
		if (h->tree[i] && git_oid_equal(git_odb_object_id(h->tree[i]), id))
			break;
		if (h->used[i] < h->used[slot])
			slot = i;     /* the least recently used, or an empty one */
	}
	if (i < TCACHE) {
		slot = i;
	} else {
		if (git_odb_read(&o, h->odb, id) < 0)
			return NULL;
		if (git_odb_object_type(o) != GIT_OBJECT_TREE) {
			git_odb_object_free(o);
			return NULL;
		}
		git_odb_object_free(h->tree[slot]);
		h->tree[slot] = o;
	}
	h->used[slot] = ++h->tick;
	git_odb_object_dup(&o, h->tree[slot]);
	return o;
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

/*
 * A raw commit into the walk's record (isms_gitobj_commit_parse). Reading
 * raw objects spares libgit2's commit parsing and object cache, a third
 * of the cost of a history walk; the parse itself allocates nothing, and
 * the strings kept are copied into the arena once.
 */
static int parse_commit(struct raw *r, isms_arena *a, const git_oid *id,
	const char *p, size_t len)
{
	isms_gitobj_commit gc;
	size_t i;

	if (isms_gitobj_commit_parse(&gc, p, len) < 0)
		return -1;
	git_oid_tostr(r->c.id, sizeof(r->c.id), id);
	memcpy(r->c.tree, gc.tree, sizeof(r->c.tree));
	r->c.author = isms_arena_strndup(a, gc.author.name, gc.author.name_len);
	r->c.author_email = isms_arena_strndup(a, gc.author.email,
		gc.author.email_len);
	r->c.committer = isms_arena_strndup(a, gc.committer.name,
		gc.committer.name_len);
	r->c.committer_email = isms_arena_strndup(a, gc.committer.email,
		gc.committer.email_len);
	r->c.time = gc.committer.time;
	r->c.message = isms_arena_strndup(a, gc.message, gc.message_len);
	r->c.is_signed = gc.is_signed;
	r->c.nparents = gc.nparents;
	r->pids = isms_arena_alloc(a, (gc.nparents + 1) * sizeof(git_oid));
	for (i = 0; i < gc.nparents; i++) {
		unsigned char raw[ISMS_GITOBJ_RAWSZ];

		/* Checked by the parse: every parent line is 40 hex digits. */
		isms_gitobj_commit_parent(raw, &gc, i);
		git_oid_fromraw(&r->pids[i], raw);
	}
	return 0;
}

/*
 * A commit as parsed, kept in the cache (its bytes never change): the
 * tree, the parents, the committer's time, the people and the message.
 * Its strings are read back in place. 1 when found whole.
 */
static void commit_keep(isms_cache *c, const unsigned char *key,
	const struct raw *r)
{
	isms_buf b = ISMS_BUF_INIT;
	const char *s[5] = { r->c.author, r->c.author_email, r->c.committer,
		r->c.committer_email, r->c.message };
	size_t i;

	isms_rec_str(&b, r->c.tree, strlen(r->c.tree));
	isms_rec_u32(&b, (uint32_t)r->c.nparents);
	for (i = 0; i < r->c.nparents; i++)
		isms_rec_str(&b, (const char *)r->pids[i].id, GIT_OID_RAWSZ);
	isms_rec_u32(&b, (uint32_t)((unsigned long long)r->c.time & 0xffffffffu));
	isms_rec_u32(&b, (uint32_t)((unsigned long long)r->c.time >> 32));
	for (i = 0; i < 5; i++)
		isms_rec_str(&b, s[i], strlen(s[i]));
	isms_rec_u32(&b, (uint32_t)r->c.is_signed);
	isms_cache_put(c, ISMS_CACHE_COMMIT, key, b.ptr, b.len);
	isms_buf_release(&b);
}

static int commit_cached(struct raw *r, isms_cache *c, const unsigned char *key,
	const char *hex, isms_arena *a)
{
	const char **s[5] = { &r->c.author, &r->c.author_email, &r->c.committer,
		&r->c.committer_email, &r->c.message };
	const char *tree, *pid;
	unsigned long long lo, hi;
	size_t len, i;
	isms_rec rec;

	if (!isms_cache_rec(&rec, c, ISMS_CACHE_COMMIT, key))
		return 0;
	tree = isms_rec_get_str(&rec, &len);
	if (!tree || len != GIT_OID_HEXSZ)
		return 0;
	r->c.nparents = isms_rec_get_u32(&rec);
	if (r->c.nparents > (size_t)(rec.end - rec.p) / (GIT_OID_RAWSZ + 5))
		return 0;
	r->pids = isms_arena_alloc(a, (r->c.nparents + 1) * sizeof(git_oid));
	for (i = 0; i < r->c.nparents && !rec.bad; i++)
		if ((pid = isms_rec_get_str(&rec, &len)) && len == GIT_OID_RAWSZ)
			git_oid_fromraw(&r->pids[i], (const unsigned char *)pid);
		else
			rec.bad = 1;
	lo = isms_rec_get_u32(&rec);
	hi = isms_rec_get_u32(&rec);
	r->c.time = (long long)(hi << 32 | lo);
	for (i = 0; i < 5; i++)
		rec.bad |= !(*s[i] = isms_rec_get_str(&rec, NULL));
	r->c.is_signed = (int)isms_rec_get_u32(&rec);
	if (rec.bad || rec.p != rec.end)
		return 0;
	memcpy(r->c.id, hex, sizeof(r->c.id));
	memcpy(r->c.tree, tree, sizeof(r->c.tree));
	return 1;
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
	isms_arena *a, git_repository *repo, isms_cache *cache,
	const git_oid *start, isms_error *err)
{
	git_oid *stack = NULL;
	struct raw *raw = NULL;
	git_odb *odb = NULL;
	size_t sp = 0, scap = 0, cap = 0, i;
	unsigned char key[ISMS_CACHE_KEY];
	char hex[GIT_OID_HEXSZ + 1];
	int rc = 0, bad = 0, shallow_repo = git_repository_is_shallow(repo) != 0;

	if (git_repository_odb(&odb, repo) < 0)
		return git_fail(err, "opening the object database");
	map->cap = 1024;
	map->idx = malloc(map->cap * sizeof(size_t));
	memset(map->idx, 0xff, map->cap * sizeof(size_t));
	stack = malloc(sizeof(git_oid));
	git_oid_cpy(&stack[sp++], start);
	scap = 1;
	*n = 0;
	while (sp > 0) {
		git_oid id = stack[--sp];
		git_odb_object *o;
		size_t slot;

		if (map->idx[idmap_slot(map, &id)] != ISMS_NOPARENT)
			continue;
		git_oid_tostr(hex, sizeof(hex), &id);
		isms_cache_key_make(key, hex, 0);
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			raw = realloc(raw, cap * sizeof(*raw));
			map->ids = realloc(map->ids, cap * sizeof(git_oid));
			if (!raw || !map->ids)
				abort();
		}
		memset(&raw[*n], 0, sizeof(*raw));
		/* A commit never changes; whether a shallow repository still
		 * has it is asked each time (a complete one has every commit
		 * its tip reaches). */
		o = NULL;
		bad = 0;
		if ((!shallow_repo || git_odb_exists(odb, &id)) &&
		    commit_cached(&raw[*n], cache, key, hex, a)) {
			/* as parsed before */
		} else if (git_odb_read(&o, odb, &id) < 0) {
			git_error_clear();
			if (*n == 0) {
				rc = isms_error_set(err, "", 0, 0, "cannot read the tip commit");
				break;
			}
			*shallow = 1;   /* a parent the repository does not have */
			continue;
		} else {
			bad = git_odb_object_type(o) != GIT_OBJECT_COMMIT ||
				parse_commit(&raw[*n], a, &id, git_odb_object_data(o),
				git_odb_object_size(o)) < 0;
			if (!bad)
				commit_keep(cache, key, &raw[*n]);
			git_odb_object_free(o);
		}
		if (bad) {
			rc = isms_error_set(err, "", 0, 0, "commit %s is malformed",
				hex);
			break;
		}
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
	git_odb_free(odb);
	free(stack);
	*out = raw;
	return rc;
}

/*
 * The walk from a tip, kept whole: a complete repository's commits that
 * a tip reaches, and their order, never change. One record, read in
 * order (its strings in place), instead of a lookup for each commit.
 */
static void walk_keep(isms_cache *c, const unsigned char *key,
	const isms_commit *cs, size_t n)
{
	isms_buf b = ISMS_BUF_INIT;
	size_t i, k;

	isms_rec_u32(&b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const isms_commit *cm = &cs[i];
		const char *s[7] = { cm->id, cm->tree, cm->author, cm->author_email,
			cm->committer, cm->committer_email, cm->message };

		for (k = 0; k < 7; k++)
			isms_rec_str(&b, s[k], strlen(s[k]));
		isms_rec_u32(&b, (uint32_t)((unsigned long long)cm->time & 0xffffffffu));
		isms_rec_u32(&b, (uint32_t)((unsigned long long)cm->time >> 32));
		isms_rec_u32(&b, (uint32_t)cm->is_signed);
		isms_rec_u32(&b, (uint32_t)cm->nparents);
		for (k = 0; k < cm->nparents; k++)
			isms_rec_u32(&b, (uint32_t)cm->parents[k]);
	}
	isms_cache_put(c, ISMS_CACHE_WALK, key, b.ptr, b.len);
	isms_buf_release(&b);
}

static int walk_cached(isms_commit **out, size_t *n, isms_arena *a,
	isms_cache *c, const unsigned char *key)
{
	isms_commit *cs;
	isms_rec r;
	size_t i, k, count;
	unsigned long long lo, hi;

	if (!isms_cache_rec(&r, c, ISMS_CACHE_WALK, key))
		return 0;
	count = isms_rec_get_u32(&r);
	if (r.bad || !count || count > (size_t)(r.end - r.p) / 44)
		return 0;
	cs = isms_arena_alloc(a, (count + 1) * sizeof(*cs));
	for (i = 0; i < count && !r.bad; i++) {
		isms_commit *cm = &cs[i];
		const char **s[5] = { &cm->author, &cm->author_email,
			&cm->committer, &cm->committer_email, &cm->message };
		size_t il, tl;
		const char *id = isms_rec_get_str(&r, &il);
		const char *tree = isms_rec_get_str(&r, &tl);

		if (!id || !tree || il != GIT_OID_HEXSZ || tl != GIT_OID_HEXSZ) {
			r.bad = 1;
			break;
		}
		memcpy(cm->id, id, sizeof(cm->id));
		memcpy(cm->tree, tree, sizeof(cm->tree));
		for (k = 0; k < 5; k++)
			r.bad |= !(*s[k] = isms_rec_get_str(&r, NULL));
		lo = isms_rec_get_u32(&r);
		hi = isms_rec_get_u32(&r);
		cm->time = (long long)(hi << 32 | lo);
		cm->is_signed = (int)isms_rec_get_u32(&r);
		cm->nparents = isms_rec_get_u32(&r);
		if (r.bad || cm->nparents > (size_t)(r.end - r.p) / 4) {
			r.bad = 1;
			break;
		}
		cm->parents = isms_arena_alloc(a, (cm->nparents + 1) *
			sizeof(size_t));
		for (k = 0; k < cm->nparents; k++) {
			/* Parents come after their children: a walk in order. */
			cm->parents[k] = isms_rec_get_u32(&r);
			r.bad |= cm->parents[k] <= i || cm->parents[k] >= count;
		}
	}
	if (r.bad || r.p != r.end)
		return 0;
	*out = cs;
	*n = count;
	return 1;
}

int isms_source_commits(isms_commit **out, size_t *n, int *shallow,
	isms_arena *a, isms_source *src, const char *tip, isms_error *err)
{
	struct idmap map = { NULL, NULL, 0 };
	struct raw *raw = NULL;
	git_object *obj = NULL, *commit = NULL;
	size_t count = 0, i, k, *heap = NULL, nheap = 0, *order = NULL, *pos = NULL;
	unsigned char key[ISMS_CACHE_KEY];
	char hex[GIT_OID_HEXSZ + 1];
	int rc = -1, complete;

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
	complete = git_repository_is_shallow(src->repo) == 0;
	git_oid_tostr(hex, sizeof(hex), git_object_id(commit));
	isms_cache_key_make(key, hex, 0);
	if (complete && walk_cached(out, n, a, isms_source_cache(src), key)) {
		rc = 0;
		goto done;
	}
	if (gather(&raw, &count, &map, shallow, a, src->repo,
	    isms_source_cache(src), git_object_id(commit), err) < 0)
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
	if (complete && !*shallow && count)
		walk_keep(isms_source_cache(src), key, *out, count);
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

/* Raw tree entries are read with isms_gitobj_tree_next, in place. */
typedef isms_gitobj_tree_entry rent;

#define MODE_TREE ISMS_GITOBJ_MODE_TREE

/* The next entry, or 0 at the end; a malformed entry ends the tree. */
static int rent_next(rent *e, const char **p, const char *end)
{
	return isms_gitobj_tree_next(e, p, end) > 0;
}

static int rent_blob(const rent *e)
{
	return e->mode == 0100644 || e->mode == 0100755 || e->mode == 0100664;
}

struct dlist {
	isms_delta *d;
	size_t n, cap;
	isms_arena *a;
	struct handle *h;
	isms_buf path;
};

static void push_delta(struct dlist *l, const unsigned char *old,
	const unsigned char *new)
{
	isms_delta *d;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->d = realloc(l->d, l->cap * sizeof(*l->d));
		if (!l->d)
			abort();
	}
	d = &l->d[l->n++];
	d->path = isms_arena_strndup(l->a, l->path.ptr, l->path.len);
	d->old_blob[0] = d->new_blob[0] = '\0';
	if (old)
		isms_gitobj_hex(d->old_blob, old);
	if (new)
		isms_gitobj_hex(d->new_blob, new);
}

static int diff_trees(struct dlist *l, const git_oid *a, const git_oid *b,
	int depth);

/* One entry pair (either side may be NULL): blobs become deltas, folders
 * are compared in turn. Symlinks and submodules are not documents. */
static int diff_entry(struct dlist *l, const rent *ea, const rent *eb,
	int depth)
{
	const rent *e = ea ? ea : eb;
	size_t keep = l->path.len;
	git_oid ia, ib;
	int rc = 0;

	/* A change of kind (a file became a symlink, a folder a file): the
	 * old one went, the new one came. */
	if (ea && eb && !(rent_blob(ea) && rent_blob(eb)) &&
	    !(ea->mode == MODE_TREE && eb->mode == MODE_TREE)) {
		rc = diff_entry(l, ea, NULL, depth);
		return rc ? rc : diff_entry(l, NULL, eb, depth);
	}
	isms_buf_add(&l->path, e->name, e->len);
	if (ea && eb && rent_blob(ea) && rent_blob(eb)) {
		push_delta(l, ea->id, eb->id);
	} else if (ea && eb && ea->mode == MODE_TREE && eb->mode == MODE_TREE) {
		isms_buf_putc(&l->path, '/');
		git_oid_fromraw(&ia, ea->id);
		git_oid_fromraw(&ib, eb->id);
		rc = diff_trees(l, &ia, &ib, depth + 1);
	} else if (rent_blob(e)) {
		push_delta(l, ea ? ea->id : NULL, eb ? eb->id : NULL);
	} else if (e->mode == MODE_TREE) {
		isms_buf_putc(&l->path, '/');
		git_oid_fromraw(&ia, e->id);
		rc = diff_trees(l, ea ? &ia : NULL, eb ? &ia : NULL, depth + 1);
	}
	isms_buf_truncate(&l->path, keep);
	return rc;
}

/* The length of the common prefix of a[0..n) and b[0..n). */
static size_t mismatch(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/*
 * Skip the entries both raw trees have next, byte for byte: find the first
 * differing byte, then walk one side's entry boundaries (to the NUL that
 * ends a name, then the 20-byte id) up to the entry that holds it.
 */
static void skip_common(const char **pa, const char **pb, const char *ea,
	const char *eb)
{
	const char *a = *pa;
	size_t na = (size_t)(ea - a), nb = (size_t)(eb - *pb);
	size_t same = mismatch(a, *pb, na < nb ? na : nb);

	for (;;) {
		const char *nul = memchr(a, '\0', (size_t)(ea - a));

		if (!nul || ea - nul < 21 || (size_t)(nul + 21 - *pa) > same)
			break;
		a = nul + 21;
	}
	*pb += a - *pa;
	*pa = a;
}

/* Trees are sorted, so one merge pass finds what differs; equal ids mean
 * equal content, and such folders are never opened. Between differences,
 * identical runs of entries are skipped as raw bytes. A NULL id is the
 * empty tree. */
static int diff_trees(struct dlist *l, const git_oid *a, const git_oid *b,
	int depth)
{
	git_odb_object *oa = NULL, *ob = NULL;
	const char *pa = "", *ea = pa, *pb = "", *eb = pb;
	rent ra, rb;
	int rc = 0;

	if (depth > 256)
		return 0;
	if ((a && !(oa = tree_get(l->h, a))) || (b && !(ob = tree_get(l->h, b)))) {
		git_odb_object_free(oa);
		return -1;
	}
	if (oa) {
		pa = git_odb_object_data(oa);
		ea = pa + git_odb_object_size(oa);
	}
	if (ob) {
		pb = git_odb_object_data(ob);
		eb = pb + git_odb_object_size(ob);
	}
	while (rc == 0) {
		const char *na, *nb;
		int ha, hb, c;

		skip_common(&pa, &pb, ea, eb);
		na = pa;
		nb = pb;
		ha = rent_next(&ra, &na, ea);
		hb = rent_next(&rb, &nb, eb);
		if (!ha && !hb)
			break;
		c = !ha ? 1 : !hb ? -1 : isms_gitobj_tree_cmp(&ra, &rb);
		if (c < 0) {
			rc = diff_entry(l, &ra, NULL, depth);
			pa = na;
		} else if (c > 0) {
			rc = diff_entry(l, NULL, &rb, depth);
			pb = nb;
		} else {
			if (memcmp(ra.id, rb.id, sizeof(ra.id)) || ra.mode != rb.mode)
				rc = diff_entry(l, &ra, &rb, depth);
			pa = na;
			pb = nb;
		}
	}
	git_odb_object_free(oa);
	git_odb_object_free(ob);
	return rc;
}

/* Follow `path` ("a/b/" or "a/b.md") down from tree `id`; *out is the id
 * of what it names, *mode its mode. Returns 1 found, 0 absent, -1 error. */
static int lookup_path(git_oid *out, unsigned *mode, struct handle *h,
	const git_oid *id, const char *path)
{
	git_oid cur = *id;

	while (*path) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path);
		git_odb_object *o = tree_get(h, &cur);
		const char *p, *end;
		rent e;
		int found = 0;

		if (!o)
			return -1;
		p = git_odb_object_data(o);
		end = p + git_odb_object_size(o);
		while (rent_next(&e, &p, end))
			if (e.len == n && !memcmp(e.name, path, n)) {
				found = 1;
				break;
			}
		git_odb_object_free(o);
		if (!found || (slash && e.mode != MODE_TREE))
			return 0;
		git_oid_fromraw(&cur, e.id);
		*mode = e.mode;
		path = slash ? slash + 1 : path + n;
	}
	*out = cur;
	return 1;
}

/* The subtree of tree `hex` at `prefix` ("" or "dir/"), or NULL (*none)
 * when the tree is empty or has no such folder. */
static int prefix_id(git_oid *out, int *none, struct handle *h,
	const char *hex, const char *prefix)
{
	unsigned mode = MODE_TREE;
	git_oid root;
	int rc;

	*none = 1;
	if (!hex || !*hex)
		return 0;
	if (git_oid_fromstr(&root, hex) < 0)
		return -1;
	rc = lookup_path(out, &mode, h, &root, prefix);
	if (rc < 0)
		return -1;
	*none = rc == 0 || mode != MODE_TREE;
	return 0;
}

int isms_source_diff(isms_delta **out, size_t *n, isms_arena *a,
	isms_source *src, const char *from, const char *to, const char *prefix,
	isms_error *err)
{
	struct dlist l = { NULL, 0, 0, a, repo_get(src), ISMS_BUF_INIT };
	git_oid ia, ib;
	int na, nb, rc = -1;

	*out = NULL;
	*n = 0;
	if (!l.h)
		return git_fail(err, "opening the repository");
	if (prefix_id(&ia, &na, l.h, from, prefix) < 0 ||
	    prefix_id(&ib, &nb, l.h, to, prefix) < 0) {
		git_fail(err, "reading a tree");
		goto done;
	}
	isms_buf_puts(&l.path, prefix);
	if (diff_trees(&l, na ? NULL : &ia, nb ? NULL : &ib, 0) < 0) {
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
	isms_buf_release(&l.path);
	repo_put(src, l.h);
	return rc;
}

int isms_source_blob_at(char out[41], isms_source *src, const char *tree,
	const char *path)
{
	struct handle *h = repo_get(src);
	unsigned mode = 0;
	git_oid root, id;

	out[0] = '\0';
	if (!h)
		return -1;
	if (git_oid_fromstr(&root, tree) == 0 &&
	    lookup_path(&id, &mode, h, &root, path) == 1 &&
	    mode != MODE_TREE && (mode & 0170000) == 0100000)
		git_oid_tostr(out, 41, &id);
	git_error_clear();
	repo_put(src, h);
	return 0;
}

int isms_source_blob(isms_buf *buf, isms_source *src, const char *hex,
	isms_error *err)
{
	struct handle *h = repo_get(src);
	git_blob *blob = NULL;
	git_oid id;
	int rc = 0;

	if (!h)
		return git_fail(err, "opening the repository");
	if (git_oid_fromstr(&id, hex) < 0 || git_blob_lookup(&blob, h->repo, &id) < 0) {
		rc = git_fail(err, hex);
	} else {
		isms_buf_truncate(buf, 0);
		isms_buf_add(buf, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	repo_put(src, h);
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
			size_t len = out->len;

			while (len && out->ptr[len - 1] != '/')
				len--;
			isms_buf_truncate(out, len ? len - 1 : 0);
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

int isms_source_id(char out[41], isms_source *src, const char *path)
{
	struct entry *e = find_entry(src, path);

	out[0] = '\0';
	if (e)
		git_oid_tostr(out, 41, &e->id);
	return e ? 0 : ISMS_ENOTFOUND;
}

static int cmp_delta_path(const void *a, const void *b)
{
	return strcmp(((const isms_delta *)a)->path, ((const isms_delta *)b)->path);
}

int isms_source_changed(const char ***out, size_t *n, isms_source *src,
	const char *tree)
{
	struct dlist l = { NULL, 0, 0, src->arena, NULL, ISMS_BUF_INIT };
	const char **paths;
	size_t i = 0, j = 0;
	git_oid root;
	int rc = 0;

	*out = NULL;
	*n = 0;
	/* Every file of the tree, as if deleted, sorted like the source's. */
	if (tree && *tree) {
		if (git_oid_fromstr(&root, tree) < 0 || !(l.h = repo_get(src)))
			return -1;
		rc = diff_trees(&l, &root, NULL, 0);
		repo_put(src, l.h);
		if (l.n)
			qsort(l.d, l.n, sizeof(*l.d), cmp_delta_path);
	}
	paths = isms_arena_alloc(src->arena, (src->nall + l.n + 1) * sizeof(*paths));
	/* One merge pass: a path on one side only, or with another blob. */
	while (rc == 0 && (i < src->nall || j < l.n)) {
		int c = i == src->nall ? 1 : j == l.n ? -1 :
			strcmp(src->all[i].path, l.d[j].path);
		git_oid id;

		if (c < 0) {
			paths[(*n)++] = src->all[i++].path;
		} else if (c > 0) {
			paths[(*n)++] = l.d[j++].path;
		} else {
			if (git_oid_fromstr(&id, l.d[j].old_blob) < 0 ||
			    !git_oid_equal(&id, &src->all[i].id))
				paths[(*n)++] = src->all[i].path;
			i++;
			j++;
		}
	}
	free(l.d);
	isms_buf_release(&l.path);
	*out = paths;
	return rc;
}

int isms_source_hooks_dir(char **out, isms_source *src)
{
	git_config *cfg = NULL;
	git_buf buf = { 0 };
	int rc = -1;

	*out = NULL;
	/* core.hooksPath, relative to the work tree top (or the git dir of
	 * a bare repository), else the common git dir's hooks/ (shared by
	 * linked worktrees). */
	if (git_repository_config_snapshot(&cfg, src->repo) == 0 &&
	    git_config_get_path(&buf, cfg, "core.hooksPath") == 0) {
		const char *base = src->workdir ? src->workdir :
			git_repository_path(src->repo);
		if (buf.ptr[0] == '/')
			*out = strdup(buf.ptr);
		else if (asprintf(out, "%s%s", base, buf.ptr) < 0)
			*out = NULL;
	} else {
		git_error_clear();
		if (asprintf(out, "%shooks", git_repository_commondir(src->repo)) < 0)
			*out = NULL;
	}
	rc = *out ? 0 : -1;
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return rc;
}

const char *isms_source_gitdir(const isms_source *src)
{
	return git_repository_path(src->repo);
}

/* ---------------------------------------------------------------- guard */

int isms_source_descends(isms_source *src, const char *rev, const char *ancestor)
{
	git_object *a = NULL, *b = NULL, *ca = NULL, *cb = NULL;
	int rc = -1;

	if (git_revparse_single(&a, src->repo, rev) == 0 &&
	    git_revparse_single(&b, src->repo, ancestor) == 0 &&
	    git_object_peel(&ca, a, GIT_OBJECT_COMMIT) == 0 &&
	    git_object_peel(&cb, b, GIT_OBJECT_COMMIT) == 0) {
		rc = git_oid_equal(git_object_id(ca), git_object_id(cb)) ? 1 :
			git_graph_descendant_of(src->repo, git_object_id(ca),
				git_object_id(cb));
		if (rc < 0)
			rc = -1;
	}
	git_error_clear();
	git_object_free(ca);
	git_object_free(cb);
	git_object_free(a);
	git_object_free(b);
	return rc;
}

struct values {
	char **v;
	size_t n;
};

static int value_cb(const git_config_entry *e, void *payload)
{
	struct values *vs = payload;

	vs->v = realloc(vs->v, (vs->n + 2) * sizeof(char *));
	if (!vs->v || !(vs->v[vs->n] = strdup(e->value)))
		abort();
	vs->v[++vs->n] = NULL;
	return 0;
}

int isms_source_config(char ***out, size_t *n, isms_source *src, const char *key)
{
	git_config *cfg = NULL;
	struct values vs = { NULL, 0 };

	if (git_repository_config_snapshot(&cfg, src->repo) == 0)
		git_config_get_multivar_foreach(cfg, key, NULL, value_cb, &vs);
	git_error_clear();
	git_config_free(cfg);
	*out = vs.v;
	*n = vs.n;
	return 0;
}

int isms_source_commit_time(long long *out, isms_source *src, const char *rev)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int rc = ISMS_ENOTFOUND;

	if (git_revparse_single(&obj, src->repo, rev) == 0 &&
	    git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) == 0) {
		*out = (long long)git_commit_time(c);
		rc = 0;
	}
	git_error_clear();
	git_commit_free(c);
	git_object_free(obj);
	return rc;
}

/* ---------------------------------------------------------------- signatures */

/* A full hex object id into *out; -1 when `hex` is not 40 hex digits. */
static int full_oid(git_oid *out, const char *hex)
{
	unsigned char raw[ISMS_GITOBJ_RAWSZ];

	if (!hex || strlen(hex) != ISMS_GITOBJ_HEXSZ || isms_gitobj_unhex(raw, hex) < 0)
		return -1;
	git_oid_fromraw(out, raw);
	return 0;
}

int isms_source_commit_signature(isms_buf *payload, isms_buf *sig,
	isms_source *src, const char *commit_hex, isms_error *err)
{
	struct handle *h;
	git_odb_object *o = NULL;
	git_oid id;
	int rc;

	isms_buf_truncate(payload, 0);
	isms_buf_truncate(sig, 0);
	if (full_oid(&id, commit_hex) < 0)
		return ISMS_ENOTFOUND;
	if (!(h = repo_get(src)))
		return git_fail(err, "opening the repository");
	rc = git_odb_read(&o, h->odb, &id);
	if (rc == GIT_ENOTFOUND ||
	    (rc == 0 && git_odb_object_type(o) != GIT_OBJECT_COMMIT)) {
		git_error_clear();
		rc = ISMS_ENOTFOUND;
	} else if (rc < 0) {
		rc = git_fail(err, commit_hex);
	} else {
		rc = isms_gitobj_commit_signature(payload, sig,
			git_odb_object_data(o), git_odb_object_size(o));
	}
	git_odb_object_free(o);
	repo_put(src, h);
	return rc;
}

struct tags {
	isms_tag *t;
	size_t n, cap;
};

/* The annotated tag of commit `ref` points at, if it is one, into `l`.
 * What is not one (a lightweight tag, a tag of a tree, a dangling or
 * malformed tag) is left out: it signs no commit. */
static void add_tag(struct tags *l, isms_arena *a, struct handle *h,
	git_reference *ref)
{
	git_reference *res = NULL;
	git_odb_object *o = NULL;
	const git_oid *target;
	isms_gitobj_tag gt;
	const char *data;
	isms_tag *t;

	if (git_reference_resolve(&res, ref) < 0 ||
	    !(target = git_reference_target(res)) ||
	    git_odb_read(&o, h->odb, target) < 0 ||
	    git_odb_object_type(o) != GIT_OBJECT_TAG)
		goto done;
	data = git_odb_object_data(o);
	if (isms_gitobj_tag_parse(&gt, data, git_odb_object_size(o)) < 0 ||
	    gt.type_len != 6 || memcmp(gt.type, "commit", 6))
		goto done;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->t = realloc(l->t, l->cap * sizeof(*l->t));
		if (!l->t)
			abort();
	}
	t = &l->t[l->n++];
	t->name = isms_arena_strdup(a, git_reference_name(ref) + strlen("refs/tags/"));
	t->tag_name = isms_arena_strndup(a, gt.name, gt.name_len);
	git_oid_tostr(t->id, sizeof(t->id), target);
	memcpy(t->target, gt.object, sizeof(t->target));
	t->tagger = isms_arena_strndup(a, gt.tagger.name, gt.tagger.name_len);
	t->tagger_email = isms_arena_strndup(a, gt.tagger.email,
		gt.tagger.email_len);
	t->time = gt.tagger.time;
	t->payload = isms_arena_strndup(a, data, gt.payload_len);
	t->payload_len = gt.payload_len;
	t->sig = isms_arena_strndup(a, gt.sig, gt.sig_len);
	t->sig_len = gt.sig_len;
done:
	git_error_clear();
	git_odb_object_free(o);
	git_reference_free(res);
}

static int cmp_tag(const void *a, const void *b)
{
	return strcmp(((const isms_tag *)a)->name, ((const isms_tag *)b)->name);
}

int isms_source_tags(isms_tag **out, size_t *n, isms_arena *a,
	isms_source *src, isms_error *err)
{
	struct tags l = { NULL, 0, 0 };
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct handle *h;
	int rc = 0, r;

	*out = NULL;
	*n = 0;
	if (!(h = repo_get(src)))
		return git_fail(err, "opening the repository");
	/* libgit2's glob is not a path glob: "*" matches "/" too. */
	if (git_reference_iterator_glob_new(&it, h->repo, "refs/tags/*") < 0) {
		rc = git_fail(err, "listing tags");
		goto done;
	}
	while ((r = git_reference_next(&ref, it)) == 0) {
		add_tag(&l, a, h, ref);
		git_reference_free(ref);
	}
	if (r != GIT_ITEROVER) {
		rc = git_fail(err, "listing tags");
		goto done;
	}
	git_error_clear();
	if (l.n) {
		qsort(l.t, l.n, sizeof(*l.t), cmp_tag);
		*out = isms_arena_alloc(a, l.n * sizeof(**out));
		memcpy(*out, l.t, l.n * sizeof(**out));
	}
	*n = l.n;
done:
	git_reference_iterator_free(it);
	free(l.t);
	repo_put(src, h);
	return rc;
}

/* ---------------------------------------------------------------- notes */

/*
 * Git notes: the forge's review records (lib/reviews.c) are notes on the
 * commits pull requests landed as. A history reads the note of every merge,
 * so a notes ref is listed once (git_note_foreach follows git's fan-out
 * folders) into a table sorted by annotated commit, and each note is then
 * one lookup and one blob read. A write marks the ref's table stale rather
 * than freeing it: another thread may be reading it.
 */
struct note_entry {
	git_oid commit, blob;
};

struct notes {
	struct notes *next;
	char *ref;
	struct note_entry *e;    /* sorted by commit */
	size_t n, cap;
	int stale;               /* written since listed: list again */
};

static void notes_free(struct notes *n)
{
	while (n) {
		struct notes *next = n->next;

		free(n->ref);
		free(n->e);
		free(n);
		n = next;
	}
}

static int note_cb(const git_oid *blob, const git_oid *annotated, void *payload)
{
	struct notes *n = payload;

	if (n->n == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 64;
		n->e = realloc(n->e, n->cap * sizeof(*n->e));
		if (!n->e)
			abort();
	}
	git_oid_cpy(&n->e[n->n].commit, annotated);
	git_oid_cpy(&n->e[n->n].blob, blob);
	n->n++;
	return 0;
}

static int cmp_note(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct note_entry *)a)->commit,
		&((const struct note_entry *)b)->commit);
}

static struct notes *notes_find(isms_source *src, const char *ref)
{
	struct notes *n;

	for (n = src->notes; n; n = n->next)
		if (!n->stale && !strcmp(n->ref, ref))
			break;
	return n;
}

/* The listed notes of `ref` (an empty table when the ref does not exist),
 * or NULL when they cannot be read. */
static struct notes *notes_list(isms_source *src, const char *ref)
{
	struct notes *n, *have;
	struct handle *h;
	int rc;

	pthread_mutex_lock(&src->lock);
	have = notes_find(src, ref);
	pthread_mutex_unlock(&src->lock);
	if (have)
		return have;
	if (!(n = calloc(1, sizeof(*n))) || !(n->ref = strdup(ref)))
		abort();
	if (!(h = repo_get(src))) {
		notes_free(n);
		return NULL;
	}
	rc = git_note_foreach(h->repo, ref, note_cb, n);
	git_error_clear();
	repo_put(src, h);
	if (rc < 0 && rc != GIT_ENOTFOUND) {
		notes_free(n);
		return NULL;
	}
	if (n->n)
		qsort(n->e, n->n, sizeof(*n->e), cmp_note);
	/* Listed by two threads at once: the first one in is kept. */
	pthread_mutex_lock(&src->lock);
	if (!(have = notes_find(src, ref))) {
		n->next = src->notes;
		src->notes = have = n;
		n = NULL;
	}
	pthread_mutex_unlock(&src->lock);
	notes_free(n);
	return have;
}

/* A full hex commit id, or -1. */
static int oid_of_hex(git_oid *out, const char *hex)
{
	return hex && strlen(hex) == GIT_OID_HEXSZ &&
		git_oid_fromstrn(out, hex, GIT_OID_HEXSZ) == 0 ? 0 : -1;
}

int isms_source_note(isms_buf *out, isms_source *src, const char *notes_ref,
	const char *commit_hex)
{
	struct notes *n = notes_list(src, notes_ref);
	struct note_entry key, *e;
	struct handle *h;
	git_blob *blob = NULL;
	int rc = 0;

	if (!n)
		return -1;
	if (oid_of_hex(&key.commit, commit_hex) < 0 || !n->n ||
	    !(e = bsearch(&key, n->e, n->n, sizeof(*n->e), cmp_note)))
		return ISMS_ENOTFOUND;
	if (!(h = repo_get(src)))
		return -1;
	if (git_blob_lookup(&blob, h->repo, &e->blob) < 0) {
		rc = -1;
	} else {
		isms_buf_truncate(out, 0);
		isms_buf_add(out, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
	}
	git_error_clear();
	git_blob_free(blob);
	repo_put(src, h);
	return rc;
}

/* Who writes a note, as git would have it: GIT_<WHO>_NAME and _EMAIL,
 * else user.name and user.email, else a name of our own. */
static int note_ident(git_signature **out, git_repository *repo,
	const char *who)
{
	char key[32];
	const char *name, *email;
	git_config *cfg = NULL;
	git_buf bn = { 0 }, be = { 0 };
	int rc;

	snprintf(key, sizeof(key), "GIT_%s_NAME", who);
	name = getenv(key);
	snprintf(key, sizeof(key), "GIT_%s_EMAIL", who);
	email = getenv(key);
	if ((!name || !*name || !email || !*email) &&
	    git_repository_config_snapshot(&cfg, repo) == 0) {
		if ((!name || !*name) &&
		    git_config_get_string_buf(&bn, cfg, "user.name") == 0)
			name = bn.ptr;
		if ((!email || !*email) &&
		    git_config_get_string_buf(&be, cfg, "user.email") == 0)
			email = be.ptr;
	}
	rc = git_signature_now(out, name && *name ? name : "isms-hook",
		email && *email ? email : "isms-hook@localhost");
	/* A name libgit2 refuses (angle brackets) is not worth failing for. */
	if (rc < 0)
		rc = git_signature_now(out, "isms-hook", "isms-hook@localhost");
	git_buf_dispose(&bn);
	git_buf_dispose(&be);
	git_config_free(cfg);
	git_error_clear();
	return rc;
}

int isms_source_note_write(isms_source *src, const char *notes_ref,
	const char *commit_hex, const char *text, isms_error *err)
{
	git_signature *author = NULL, *committer = NULL;
	git_commit *c = NULL;
	git_oid id, note;
	struct notes *n;
	int rc = 0;

	if (oid_of_hex(&id, commit_hex) < 0)
		return ISMS_ENOTFOUND;
	pthread_mutex_lock(&src->lock);
	if (git_commit_lookup(&c, src->repo, &id) < 0) {
		git_error_clear();
		rc = ISMS_ENOTFOUND;
	} else if (note_ident(&author, src->repo, "AUTHOR") < 0 ||
	    note_ident(&committer, src->repo, "COMMITTER") < 0) {
		rc = git_fail(err, "making the note's signature");
	} else if (git_note_create(&note, src->repo, notes_ref, author,
	    committer, &id, text, 1) < 0) {
		rc = git_fail(err, notes_ref);
	}
	for (n = src->notes; n; n = n->next)
		if (!strcmp(n->ref, notes_ref))
			n->stale = 1;
	pthread_mutex_unlock(&src->lock);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(c);
	return rc;
}

int isms_source_commit_meta(char (*parents)[41], size_t max, size_t *nparents,
	const char **message, isms_arena *a, isms_source *src, const char *hex)
{
	git_commit *c = NULL;
	git_oid id;
	size_t i;
	int rc = ISMS_ENOTFOUND;

	*nparents = 0;
	if (message)
		*message = NULL;
	if (oid_of_hex(&id, hex) < 0)
		return rc;
	pthread_mutex_lock(&src->lock);
	if (git_commit_lookup(&c, src->repo, &id) == 0) {
		*nparents = git_commit_parentcount(c);
		for (i = 0; i < max && i < *nparents; i++)
			git_oid_tostr(parents[i], 41, git_commit_parent_id(c, (unsigned)i));
		if (message)
			*message = isms_arena_strdup(a, git_commit_message(c));
		rc = 0;
	}
	git_error_clear();
	pthread_mutex_unlock(&src->lock);
	git_commit_free(c);
	return rc;
}
