/*
 * hook-install.c - putting the hook shims in place and taking them out.
 *
 * install writes small shims (hooks/shim.sh, compiled in) that call
 * isms-hook; a hook that was there before is kept beside the shim as
 * NAME.isms-kept and run first, never lost. uninstall removes the shims
 * and puts the kept hooks back.
 *
 * Two installs (or an install and an uninstall) at once could lose the
 * user's hook: both saw the foreign hook, and the second renamed the
 * first's fresh shim over the kept hook. So every change of a hooks folder
 * happens under an flock() of a lock file in it, which the kernel releases
 * when the process dies, and a kept hook is moved only by a rename that
 * refuses to replace a file.
 */
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHIM_MARK "isms-hook-shim"
#define KEPT ".isms-kept"
#define LOCK ".isms-hook.lock"

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

static int is_shim(const char *path)
{
	isms_buf b = ISMS_BUF_INIT;
	int yes = isms_fs_read(&b, path, NULL) == 0 && b.ptr && strstr(b.ptr, SHIM_MARK);

	isms_buf_release(&b);
	return yes;
}

/*
 * Rename `from` to `to` unless `to` exists (errno EEXIST then): a kept
 * hook is never replaced. renameat2 does it in one step where the file
 * system can; else a hard link, which refuses an existing name too; else
 * (no hard links: vfat, some FUSE) a check and a rename, which the lock
 * keeps safe from other isms-hook runs.
 */
static int rename_noreplace(const char *from, const char *to)
{
	struct stat st;
	int e;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
#endif
	if (link(from, to) == 0) {
		if (unlink(from) == 0)
			return 0;
		e = errno;
		unlink(to);
		errno = e;
		return -1;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP)
		return -1;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/*
 * Take the lock of hooks folder `hooks` into *fd (-1 when the folder does
 * not exist and `need` is 0: nothing to guard). The lock file is removed
 * by its holder when done, so a lock taken on a file that is no longer
 * the one at the path guards nothing: take it again on the one there.
 */
static int lock_hooks(int *fd, const char *hooks, int need, isms_error *err)
{
	isms_buf path = ISMS_BUF_INIT;
	struct stat a, b;
	int rc = 0;

	isms_buf_printf(&path, "%s/%s", hooks, LOCK);
	for (;;) {
		*fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
		if (*fd < 0) {
			if (errno != ENOENT || need)
				rc = isms_error_set(err, hooks, 0, 0, "cannot lock the "
					"hooks folder: %s", strerror(errno));
			break;
		}
		while (flock(*fd, LOCK_EX) < 0) {
			if (errno == EINTR)
				continue;
			rc = isms_error_set(err, hooks, 0, 0, "cannot lock the "
				"hooks folder: %s", strerror(errno));
			close(*fd);
			*fd = -1;
			goto done;
		}
		if (fstat(*fd, &a) == 0 && stat(path.ptr, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			break;
		close(*fd);
	}
done:
	isms_buf_release(&path);
	return rc;
}

/* Remove the lock file, then let the next run in. */
static void unlock_hooks(int fd, const char *hooks)
{
	isms_buf path = ISMS_BUF_INIT;

	if (fd < 0)
		return;
	isms_buf_printf(&path, "%s/%s", hooks, LOCK);
	unlink(path.ptr);
	close(fd);
	isms_buf_release(&path);
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
	int force, const isms_buf *shim, isms_error *err)
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
		if (rename_noreplace(path.ptr, kept.ptr) < 0) {
			if (errno == EEXIST)
				rc = isms_error_set(err, kept.ptr, 0, 0, "a kept hook is "
					"already there; run `isms-hook uninstall` first");
			else
				rc = isms_error_set(err, path.ptr, 0, 0, "cannot keep the "
					"existing hook: %s", strerror(errno));
			goto done;
		}
		isms_buf_printf(log, "kept the existing %s hook as %s%s; it runs "
			"first\n", name, name, KEPT);
	}
	if (isms_fs_read(&cur, path.ptr, NULL) == 0 && cur.len == shim->len &&
	    !memcmp(cur.ptr, shim->ptr, shim->len)) {
		isms_buf_printf(log, "%s: already installed\n", path.ptr);
		goto done;
	}
	if (isms_fs_write_atomic(path.ptr, shim->ptr, shim->len, 0755, err) < 0) {
		rc = isms_error_set(err, path.ptr, 0, 0, "cannot write the hook: %s",
			strerror(errno));
		goto done;
	}
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
	int rc = -1, lock = -1;

	if (isms_source_open(&src, dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	if (isms_source_hooks_dir(&hooks, src) < 0) {
		isms_error_set(err, "", 0, 0, "cannot find the hooks folder");
		goto done;
	}
	if (isms_fs_mkdirs(hooks, NULL) < 0) {
		isms_error_set(err, hooks, 0, 0, "cannot make the hooks folder: %s",
			strerror(errno));
		goto done;
	}
	if (lock_hooks(&lock, hooks, 1, err) < 0)
		goto done;
	shim_text(&shim, self);
	for (i = 0; i < n; i++)
		if (install_one(log, hooks, names[i], force, &shim, err) < 0)
			goto done;
	rc = 0;
done:
	unlock_hooks(lock, hooks);
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
	int rc = 0, lock = -1;

	if (isms_source_open(&src, dir, ISMS_SRC_WORKTREE, NULL, err) < 0)
		return -1;
	if (isms_source_hooks_dir(&hooks, src) < 0) {
		rc = isms_error_set(err, "", 0, 0, "cannot find the hooks folder");
		goto done;
	}
	/* No hooks folder: nothing installed, nothing to lock. */
	if ((rc = lock_hooks(&lock, hooks, 0, err)) < 0 || lock < 0)
		goto done;
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
			if (rename_noreplace(kept.ptr, path.ptr) == 0)
				isms_buf_printf(log, "restored %s\n", path.ptr);
			else if (errno == EEXIST)
				rc = isms_error_set(err, path.ptr, 0, 0, "a hook is in the "
					"way of the kept one, %s", kept.ptr);
			else
				rc = isms_error_set(err, kept.ptr, 0, 0, "%s", strerror(errno));
		}
	}
done:
	unlock_hooks(lock, hooks);
	free(hooks);
	isms_buf_release(&path);
	isms_buf_release(&kept);
	isms_source_free(src);
	return rc;
}
