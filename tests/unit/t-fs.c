/*
 * t-fs.c - isms_fs_read(_fd), isms_fs_mkdirs, isms_fs_write_new,
 * isms_fs_write_atomic and isms_fs_remove_tree (lib/fs.c) on real files in
 * a temporary folder.
 */
#include "model.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[PATH_MAX];

/* The path of `rel` under the temporary folder (one of four static buffers). */
static const char *at(const char *rel)
{
	static char buf[4][PATH_MAX + 256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmp, rel);
	return buf[i];
}

/* The number of entries of folder `dir`, without . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---------------------------------------------------------------- read */

static void test_read(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_error err = { 0 };
	char big[20000];
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i % 251);   /* NUL bytes included */
	f = fopen(at("big"), "wb");
	fwrite(big, 1, sizeof(big), f);
	fclose(f);
	isms_buf_puts(&b, "old content");
	is_int(isms_fs_read(&b, at("big"), &err), 0, "read a file larger than one chunk");
	ok(b.len == sizeof(big) && !memcmp(b.ptr, big, sizeof(big)) && !b.ptr[b.len],
		"every byte, NUL bytes too, replacing what the buffer held; NUL-terminated");

	f = fopen(at("empty"), "wb");
	fclose(f);
	is_int(isms_fs_read(&b, at("empty"), &err), 0, "read an empty file");
	is_int(b.len, 0, "an empty file reads as nothing");

	errno = 0;
	is_int(isms_fs_read(&b, at("missing"), &err), -1, "a missing file is an error");
	is_int(errno, ENOENT, "errno says why, for the caller's own message");
	is_str(err.path, at("missing"), "the error names the file");
	ok(strstr(err.msg, "No such file") != NULL, "and the reason: %s", err.msg);

	/* fopen opens a folder for reading; only the read fails (EISDIR),
	 * which fread reports as the end of the file. */
	mkdir(at("folder"), 0755);
	isms_buf_puts(&b, "x");
	memset(&err, 0, sizeof(err));
	is_int(isms_fs_read(&b, at("folder"), &err), -1,
		"a read error midway is an error, not an empty file (ferror checked)");
	is_int(b.len, 0, "and the buffer holds none of it");
	is_int(isms_fs_read(&b, at("missing"), NULL), -1, "err may be NULL");
	isms_buf_release(&b);
}

/* ---------------------------------------------------------------- mkdirs */

static void test_mkdirs(void)
{
	isms_error err = { 0 };
	FILE *f;

	is_int(isms_fs_mkdirs(at("m/a/b/c"), &err), 0, "mkdirs makes the missing parents");
	ok(is_dir(at("m/a/b/c")), "the whole path is there");
	is_int(isms_fs_mkdirs(at("m/a/b/c"), &err), 0, "a folder that exists is fine");
	is_int(isms_fs_mkdirs(at("m/a/b"), &err), 0, "so is an existing parent alone");
	is_int(isms_fs_mkdirs(at("m/x//y/"), &err), 0, "doubled and trailing slashes are fine");
	ok(is_dir(at("m/x/y")), "and make the same folders");
	is_int(isms_fs_mkdirs("/", &err), 0, "the root folder exists");

	f = fopen(at("m/file"), "w");
	fclose(f);
	errno = 0;
	is_int(isms_fs_mkdirs(at("m/file/sub"), &err), -1, "a file in the way is an error");
	is_int(errno, ENOTDIR, "saying it is not a folder");
	is_str(err.path, at("m/file"), "and naming the file in the way");
	is_int(isms_fs_mkdirs(at("m/file"), &err), -1, "a file where the folder should be is an error");
	is_int(isms_fs_mkdirs("", &err), -1, "an empty path is an error");
}

/* ---------------------------------------------------------------- new, tree */

static void test_new_and_tree(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_error err = { 0 };
	struct stat st;
	mode_t mask = umask(022);
	int fd;

	isms_fs_mkdirs(at("n/sub"), NULL);
	is_int(isms_fs_write_new(at("n/sub/f"), "new\n", 4, 0666, &err), 0,
		"write_new creates a file");
	ok(stat(at("n/sub/f"), &st) == 0 && (st.st_mode & 0777) == 0644,
		"with its mode less the umask");
	errno = 0;
	is_int(isms_fs_write_new(at("n/sub/f"), "x", 1, 0666, &err), -1,
		"but never replaces one");
	is_int(errno, EEXIST, "saying it exists");
	is_int(isms_fs_read(&b, at("n/sub/f"), &err), 0, "which reads back");
	is_str(b.ptr, "new\n", "unchanged");
	fd = open(at("n/sub/f"), O_RDONLY);
	is_int(isms_fs_read_fd(&b, fd, "f", &err), 0, "read_fd reads an open file");
	is_str(b.ptr, "new\n", "the same bytes");
	close(fd);
	symlink(at("m"), at("n/link"));
	isms_fs_remove_tree(at("n"), 1);
	ok(is_dir(at("n")) && entries(at("n")) == 0,
		"remove_tree with keep_top empties the folder");
	ok(is_dir(at("m/a/b/c")), "and does not follow a link out of it");
	isms_fs_write_new(at("n/g"), "", 0, 0666, NULL);
	isms_fs_remove_tree(at("n"), 0);
	ok(!is_dir(at("n")), "without keep_top the folder goes too");
	/* Counting pages: files with the suffix, in every folder, not
	 * through links. */
	isms_fs_mkdirs(at("c/x/y"), NULL);
	isms_fs_write_new(at("c/a.html"), "", 0, 0666, NULL);
	isms_fs_write_new(at("c/x/b.html"), "", 0, 0666, NULL);
	isms_fs_write_new(at("c/x/y/c.html"), "", 0, 0666, NULL);
	isms_fs_write_new(at("c/x/y/d.txt"), "", 0, 0666, NULL);
	symlink(at("c/a.html"), at("c/x/e.html"));
	symlink(at("c/x"), at("c/z"));
	is_int((int)isms_fs_count(at("c"), ".html"), 3,
		"count: three pages in three folders, none through a link");
	isms_fs_remove_tree(at("c"), 0);
	ok(!is_dir(at("c")) && access(at("c"), F_OK) != 0,
		"remove_tree takes folders inside folders");
	/* The top itself a link or a file: it goes, not what it names. */
	symlink(at("m"), at("top"));
	isms_fs_remove_tree(at("top"), 0);
	ok(access(at("top"), F_OK) != 0 && is_dir(at("m/a/b/c")),
		"a link given as the top goes, its target stays");
	isms_fs_write_new(at("file"), "", 0, 0666, NULL);
	isms_fs_remove_tree(at("file"), 1);
	ok(access(at("file"), F_OK) == 0, "a file as the top stays with keep_top");
	isms_fs_remove_tree(at("file"), 0);
	ok(access(at("file"), F_OK) != 0, "and goes without");
	umask(mask);
	isms_buf_release(&b);
}

/* ---------------------------------------------------------------- write */

static void test_write(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_error err = { 0 };
	struct stat st;
	mode_t old = umask(077);

	mkdir(at("w"), 0755);
	is_int(isms_fs_write_atomic(at("w/hook"), "#!/bin/sh\n", 10, 0755, &err), 0,
		"write a new file");
	ok(isms_fs_read(&b, at("w/hook"), NULL) == 0 && !strcmp(b.ptr, "#!/bin/sh\n"),
		"with its content");
	ok(stat(at("w/hook"), &st) == 0 && (st.st_mode & 07777) == 0755,
		"and exactly the mode asked for, whatever the umask");
	is_int(isms_fs_write_atomic(at("w/hook"), "new\0bytes", 9, 0600, &err), 0,
		"replace an existing file");
	ok(isms_fs_read(&b, at("w/hook"), NULL) == 0 && b.len == 9 &&
		!memcmp(b.ptr, "new\0bytes", 9), "with the new bytes, NUL included");
	ok(stat(at("w/hook"), &st) == 0 && (st.st_mode & 07777) == 0600,
		"and the new mode");
	is_int(isms_fs_write_atomic(at("w/empty"), "", 0, 0644, &err), 0,
		"write an empty file");
	ok(stat(at("w/empty"), &st) == 0 && st.st_size == 0, "it is empty");
	is_int(entries(at("w")), 2, "no temporary file is left beside them");

	/* A rename over a folder fails after the temporary file is written. */
	mkdir(at("w/dir"), 0755);
	errno = 0;
	is_int(isms_fs_write_atomic(at("w/dir"), "x", 1, 0644, &err), -1,
		"a failing rename is an error");
	ok(errno != 0 && strstr(err.msg, "cannot write it") && !strcmp(err.path, at("w/dir")),
		"naming the file and why: %s", err.msg);
	ok(is_dir(at("w/dir")), "what was there is left as it was");
	is_int(entries(at("w")), 3, "and the temporary file is removed");
	is_int(isms_fs_write_atomic(at("nowhere/f"), "x", 1, 0644, &err), -1,
		"a missing folder is an error");
	umask(old);
	isms_buf_release(&b);
}

/*
 * Writers replacing one file at once with different contents, and a
 * reader beside them: every read sees one whole version. With a fixed
 * temporary name the writers would share (and rename) each other's
 * half-written file.
 */
#define BIG (256 * 1024)
#define ROUNDS 40

struct writer {
	char fill;
	int failed;
	const char *path;        /* at() is not for threads: its own copy */
};
static int finished;   /* writers done, atomically */

static void *write_loop(void *arg)
{
	struct writer *w = arg;
	char *data = malloc(BIG);
	int i;

	memset(data, w->fill, BIG);
	for (i = 0; i < ROUNDS; i++) {
		isms_error e = { 0 };

		if (isms_fs_write_atomic(w->path, data, BIG, 0644, &e) < 0) {
			w->failed++;
			printf("# writer %c: %s: %s\n", w->fill, e.path, e.msg);
		}
	}
	free(data);
	__atomic_add_fetch(&finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void test_concurrent(void)
{
	char file[PATH_MAX + 256];
	struct writer w[3] = { { 'a', 0, file }, { 'b', 0, file },
		{ 'c', 0, file } };
	pthread_t t[3];
	isms_buf b = ISMS_BUF_INIT;
	int i, reads = 0, torn = 0;
	size_t k;

	snprintf(file, sizeof(file), "%s", at("c/file"));
	mkdir(at("c"), 0755);
	isms_fs_write_atomic(file, "start", 5, 0644, NULL);
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, write_loop, &w[i]);
	while (__atomic_load_n(&finished, __ATOMIC_SEQ_CST) < 3) {
		if (isms_fs_read(&b, file, NULL) == 0) {
			reads++;
			if (b.len == 5 ? memcmp(b.ptr, "start", 5) != 0 : b.len != BIG)
				torn++;
			for (k = 1; b.len == BIG && k < b.len && !torn; k++)
				torn += b.ptr[k] != b.ptr[0];
		}
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	is_int(w[0].failed + w[1].failed + w[2].failed, 0,
		"three writers replacing one file at once all succeed");
	is_int(torn, 0, "a reader beside them never sees a half or mixed file (%d reads)",
		reads);
	is_int(entries(at("c")), 1, "and no temporary file is left");
	isms_buf_release(&b);
}

int main(void)
{
	char *dir;

	snprintf(tmp, sizeof(tmp), "%s/isms-t-fs.XXXXXX",
		getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!(dir = mkdtemp(tmp))) {
		printf("Bail out! cannot make a temporary folder\n");
		return 1;
	}
	test_read();
	test_mkdirs();
	test_new_and_tree();
	test_write();
	test_concurrent();
	{
		char cmd[PATH_MAX + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		if (system(cmd) != 0)
			printf("# cannot remove %s\n", tmp);
	}
	return done_testing();
}
