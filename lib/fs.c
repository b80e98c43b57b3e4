/*
 * fs.c - files and folders: read a whole file, make a folder and its
 * parents, write a new file, replace a file atomically, remove a tree,
 * count the files of a tree.
 */
#include "base.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int isms_fs_read_fd(isms_buf *out, int fd, const char *name,
	isms_error *err)
{
	ssize_t n;
	int e;

	isms_buf_truncate(out, 0);
	for (;;) {
		isms_buf_grow(out, 65536);
		n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	out->ptr[out->len] = '\0';
	/* A read error midway (EIO, EISDIR) is an error, never a short file. */
	if (n < 0) {
		e = errno;
		isms_buf_truncate(out, 0);
		isms_error_set(err, name, 0, 0, "cannot read it: %s", strerror(e));
		errno = e;
		return -1;
	}
	return 0;
}

int isms_fs_read(isms_buf *out, const char *path, isms_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, e;

	if (fd < 0) {
		e = errno;
		isms_error_set(err, path, 0, 0, "cannot read it: %s", strerror(e));
		errno = e;
		return -1;
	}
	rc = isms_fs_read_fd(out, fd, path, err);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int isms_fs_mkdirs(const char *dir, isms_error *err)
{
	isms_buf p = ISMS_BUF_INIT;
	struct stat st;
	size_t i;
	int e, rc = 0;

	if (!*dir) {
		errno = ENOENT;
		return isms_error_set(err, dir, 0, 0, "cannot make the folder: %s",
			strerror(ENOENT));
	}
	isms_buf_puts(&p, dir);
	/* Each parent in turn, then the folder itself; one that is there (or
	 * made meanwhile by another process) is fine if it is a folder. */
	for (i = 1; i <= p.len && rc == 0; i++) {
		if (p.ptr[i] != '/' && p.ptr[i] != '\0')
			continue;
		if (p.ptr[i - 1] == '/')
			continue;   /* "a//b", or a trailing slash */
		p.ptr[i] = '\0';
		if (mkdir(p.ptr, 0777) < 0 && (errno != EEXIST ||
		    stat(p.ptr, &st) < 0 || !S_ISDIR(st.st_mode))) {
			e = errno == EEXIST ? ENOTDIR : errno;
			rc = isms_error_set(err, p.ptr, 0, 0, "cannot make the "
				"folder: %s", strerror(e));
			errno = e;
		}
		if (i < p.len)
			p.ptr[i] = '/';
	}
	isms_buf_release(&p);
	return rc;
}

int isms_fs_write_fd(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int isms_fs_write_atomic(const char *path, const char *data, size_t len,
	int mode, isms_error *err)
{
	isms_buf tmp = ISMS_BUF_INIT;
	const char *slash = strrchr(path, '/');
	int fd, e, rc = 0;

	/* A hidden name beside the file, unique to this writer: two writers
	 * never share a temporary file, and the rename stays in one file
	 * system. The data is flushed before the rename, so that after a
	 * crash of the machine the name holds the old file or the whole new
	 * one; the folder is not flushed (which would make the rename itself
	 * durable at the cost of a second flush a write). */
	if (slash)
		isms_buf_printf(&tmp, "%.*s/.%s.tmp-XXXXXX", (int)(slash - path),
			path, slash + 1);
	else
		isms_buf_printf(&tmp, ".%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		e = errno;
		rc = isms_error_set(err, path, 0, 0, "cannot write it: %s",
			strerror(e));
		goto done;
	}
	if (isms_fs_write_fd(fd, data, len) < 0 || fchmod(fd, (mode_t)mode) < 0 ||
	    fsync(fd) < 0) {
		e = errno;
		close(fd);
		goto undo;
	}
	if (close(fd) < 0 || rename(tmp.ptr, path) < 0) {
		e = errno;
		goto undo;
	}
	goto done;
undo:
	unlink(tmp.ptr);
	rc = isms_error_set(err, path, 0, 0, "cannot write it: %s", strerror(e));
	errno = e;
done:
	isms_buf_release(&tmp);
	return rc;
}

int isms_fs_write_new(const char *path, const char *data, size_t len,
	int mode, isms_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		(mode_t)mode), e;

	if (fd < 0)
		goto fail;
	if (isms_fs_write_fd(fd, data, len) < 0) {
		e = errno;
		close(fd);
		unlink(path);
		errno = e;
		goto fail;
	}
	if (close(fd) < 0)
		goto fail;
	return 0;
fail:
	e = errno;
	isms_error_set(err, path, 0, 0, "cannot write it: %s", strerror(e));
	errno = e;
	return -1;
}

/* Whether entry `e` of folder `d` is a folder (not a link to one): the
 * file system says so in readdir's answer, else lstat does. */
static int is_dir(DIR *d, const struct dirent *e)
{
	struct stat st;

	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	return fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		S_ISDIR(st.st_mode);
}

static int dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]));
}

/* Remove what the open folder `fd` holds, depth first (closes fd). */
static void remove_in(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	if (!d) {
		close(fd);
		return;
	}
	while ((e = readdir(d))) {
		int sub;

		if (dot_or_dotdot(e->d_name))
			continue;
		if (!is_dir(d, e)) {
			unlinkat(dirfd(d), e->d_name, 0);
			continue;
		}
		if (depth < 512 && (sub = openat(dirfd(d), e->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			remove_in(sub, depth + 1);
		unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

void isms_fs_remove_tree(const char *path, int keep_top)
{
	/* Depth first and without following symbolic links: a link to a
	 * folder elsewhere goes, never what it points to. */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (!keep_top && (errno == ENOTDIR || errno == ELOOP))
			unlink(path);
		return;
	}
	remove_in(fd, 0);
	if (!keep_top)
		rmdir(path);
}

size_t isms_fs_count(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	isms_buf path = ISMS_BUF_INIT;
	size_t n = 0, l, sl = strlen(suffix);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		struct stat st;

		if (dot_or_dotdot(e->d_name))
			continue;
		l = strlen(e->d_name);
		if (is_dir(d, e)) {
			isms_buf_truncate(&path, 0);
			isms_buf_printf(&path, "%s/%s", dir, e->d_name);
			n += isms_fs_count(path.ptr, suffix);
		} else if (l >= sl && !strcmp(e->d_name + l - sl, suffix) &&
		    (e->d_type == DT_REG || (fstatat(dirfd(d), e->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)))) {
			n++;
		}
	}
	closedir(d);
	isms_buf_release(&path);
	return n;
}

/* The regular files the open folder `fd` holds (closes fd), or -1. */
static long plain_in(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	long n = 0, sub;
	int any = 0, f;
	struct stat st;

	if (!d) {
		close(fd);
		return -1;
	}
	while (n >= 0 && (e = readdir(d))) {
		if (dot_or_dotdot(e->d_name))
			continue;
		any = 1;
		if (is_dir(d, e)) {
			f = depth < 512 ? openat(dirfd(d), e->d_name, O_RDONLY |
				O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
			sub = f >= 0 ? plain_in(f, depth + 1) : -1;
			n = sub < 0 ? -1 : n + sub;
		} else if (e->d_type == DT_REG || (e->d_type == DT_UNKNOWN &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode))) {
			n++;
		} else {
			n = -1;
		}
	}
	closedir(d);
	return any ? n : -1;
}

long isms_fs_plain_files(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	return fd < 0 ? -1 : plain_in(fd, 0);
}

long long isms_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void isms_spawnattr_group(posix_spawnattr_t *at)
{
	sigset_t none, all;

	posix_spawnattr_init(at);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(at, &none);
	posix_spawnattr_setsigdefault(at, &all);
	posix_spawnattr_setpgroup(at, 0);
	posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP |
		POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}
