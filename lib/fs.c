/*
 * fs.c - files and folders: read a whole file, make a folder and its
 * parents, replace a file atomically.
 */
#include "isms.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int isms_fs_read(isms_buf *out, const char *path, isms_error *err)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;
	int e;

	if (!f)
		goto fail;
	isms_buf_truncate(out, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_add(out, chunk, n);
	/* fread says 0 both at the end and on an error (EIO, EISDIR): only
	 * ferror tells a short read from the whole file. */
	if (ferror(f)) {
		e = errno ? errno : EIO;
		fclose(f);
		isms_buf_truncate(out, 0);
		errno = e;
		goto fail;
	}
	fclose(f);
	return 0;
fail:
	e = errno;
	isms_error_set(err, path, 0, 0, "cannot read it: %s", strerror(e));
	errno = e;
	return -1;
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

int isms_fs_write_atomic(const char *path, const char *data, size_t len,
	int mode, isms_error *err)
{
	isms_buf tmp = ISMS_BUF_INIT;
	const char *slash = strrchr(path, '/');
	size_t done = 0;
	ssize_t n;
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
	errno = 0;
	while (done < len) {
		n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fchmod(fd, (mode_t)mode) < 0 || fsync(fd) < 0) {
		e = done < len && errno == 0 ? EIO : errno;
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
