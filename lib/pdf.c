/*
 * pdf.c - print an HTML page (the manual) to PDF with a headless Chromium.
 *
 * The page is written into a new private folder (mkdtemp under $TMPDIR or
 * /tmp), and the browser runs there: its own profile in that folder (the
 * user's is never touched), no shell (posix_spawn, arguments as an
 * array), standard input from /dev/null, its output into a log in the
 * folder (read for the message when it fails), in a process group of its
 * own that is killed when it runs past the time limit: a hung browser
 * never hangs isms-render. Chromium's own header and footer (the date, the
 * file:// address) are switched off; the page's size and margins are the
 * page's (@page). The PDF it wrote must be one (it starts "%PDF-"); it is
 * then written to its place atomically, and the folder removed.
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The browsers looked for on PATH, in this order. */
static const char *const browsers[] = {
	"chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
	NULL
};

static int executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		access(path, X_OK) == 0;
}

/* `name` (a path, or a name found in PATH) into `path`; -1 when there is
 * no such executable file. */
static int lookup(isms_buf *path, const char *name)
{
	const char *dirs = getenv("PATH"), *p, *colon;

	isms_buf_truncate(path, 0);
	if (strchr(name, '/')) {
		isms_buf_puts(path, name);
		return executable(name) ? 0 : -1;
	}
	for (p = dirs ? dirs : "/usr/bin:/bin"; ; p = colon + 1) {
		colon = strchr(p, ':');
		isms_buf_truncate(path, 0);
		if (colon == p || !*p)
			isms_buf_puts(path, ".");   /* an empty entry: here */
		else
			isms_buf_add(path, p, colon ? (size_t)(colon - p) : strlen(p));
		isms_buf_printf(path, "/%s", name);
		if (executable(path->ptr))
			return 0;
		if (!colon)
			return -1;
	}
}

int isms_pdf_browser(isms_buf *path, const isms_pdf_opts *po, isms_error *err)
{
	size_t i;

	if (po->browser && *po->browser) {
		if (lookup(path, po->browser) == 0)
			return 0;
		return isms_error_set(err, NULL, 0, 0, "cannot print the PDF: "
			"the browser '%s' (ISMS_CHROMIUM) is not an executable "
			"file", po->browser);
	}
	for (i = 0; browsers[i]; i++)
		if (lookup(path, browsers[i]) == 0)
			return 0;
	return isms_error_set(err, NULL, 0, 0, "cannot print the PDF: no "
		"headless browser found (chromium, chromium-browser, "
		"google-chrome); install Chromium (Debian and Ubuntu: apt-get "
		"install chromium) or name one in ISMS_CHROMIUM");
}

/* The last line of the browser's log that says something, into `out`
 * (at most 300 bytes), for a message; nothing when there is none. */
static void log_tail(isms_buf *out, const char *log)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_error ignored = { 0 };
	size_t end, start;

	if (isms_fs_read(&text, log, &ignored) == 0) {
		end = text.len;
		while (end && (text.ptr[end - 1] == '\n' || text.ptr[end - 1] == ' '))
			end--;
		for (start = end; start && text.ptr[start - 1] != '\n'; start--)
			;
		if (end - start > 300)
			start = end - 300;
		if (end > start) {
			isms_buf_puts(out, ": ");
			isms_buf_add(out, text.ptr + start, end - start);
		}
	}
	isms_buf_release(&text);
}

/*
 * Run the browser `argv` with its output into `log`, for at most
 * `timeout` seconds; its wait status into *status. A browser still
 * running then, and whatever its process group left running in any case,
 * is killed. Returns 0, 1 when it timed out, or an errno when it could
 * not start.
 */
static int run_browser(char *const argv[], const char *log, unsigned timeout,
	int *status)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	long long deadline;
	pid_t pid, w;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT |
		O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	isms_spawnattr_group(&at);
	rc = posix_spawn(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0)
		return rc;
	deadline = isms_clock_ms() + (long long)timeout * 1000;
	for (;;) {
		struct timespec nap = { 0, 20 * 1000000 };

		w = waitpid(pid, status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (isms_clock_ms() >= deadline) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, status, 0) < 0 && errno == EINTR)
				;
			return 1;
		}
		nanosleep(&nap, NULL);
	}
	kill(-pid, SIGKILL);     /* a helper process left behind */
	return w == pid ? 0 : errno;
}

int isms_pdf_print(const char *file, const isms_buf *html,
	const char *browser, const isms_pdf_opts *po, isms_error *err)
{
	const char *tmpdir = getenv("TMPDIR");
	unsigned timeout = po->timeout ? po->timeout : ISMS_PDF_TIMEOUT;
	isms_buf dir = ISMS_BUF_INIT, page = ISMS_BUF_INIT, pdf = ISMS_BUF_INIT,
		log = ISMS_BUF_INIT, url = ISMS_BUF_INIT, profile = ISMS_BUF_INIT,
		out = ISMS_BUF_INIT, why = ISMS_BUF_INIT, data = ISMS_BUF_INIT;
	isms_error ignored = { 0 };
	char *real = NULL;
	char *argv[16];
	int n = 0, rc = -1, status = 0, ran;

	isms_buf_printf(&dir, "%s/isms-pdf.XXXXXX", tmpdir && *tmpdir ?
		tmpdir : "/tmp");
	if (!mkdtemp(dir.ptr)) {
		isms_error_set(err, dir.ptr, 0, 0, "cannot make a temporary "
			"folder for the PDF: %s", strerror(errno));
		isms_buf_truncate(&dir, 0);
		goto done;
	}
	/* The browser is given an absolute file:// address. */
	if (!(real = realpath(dir.ptr, NULL))) {
		isms_error_set(err, dir.ptr, 0, 0, "cannot resolve it: %s",
			strerror(errno));
		goto done;
	}
	isms_buf_printf(&page, "%s/manual.html", real);
	isms_buf_printf(&pdf, "%s/manual.pdf", real);
	isms_buf_printf(&log, "%s/browser.log", real);
	isms_buf_printf(&profile, "--user-data-dir=%s/profile", real);
	isms_buf_printf(&out, "--print-to-pdf=%s", pdf.ptr);
	isms_buf_puts(&url, "file://");
	isms_buf_url(&url, page.ptr);
	if (isms_fs_write_new(page.ptr, html->ptr, html->len, 0600, err) < 0)
		goto done;

	argv[n++] = (char *)browser;
	argv[n++] = "--headless";
	/* Chromium refuses to run as root with its sandbox. */
	if (geteuid() == 0)
		argv[n++] = "--no-sandbox";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--no-first-run";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = "--disable-extensions";
	argv[n++] = profile.ptr;
	/* No date, title, address or page number of the browser's own: the
	 * flag's name since Chromium 120, and before. */
	argv[n++] = "--no-pdf-header-footer";
	argv[n++] = "--print-to-pdf-no-header";
	argv[n++] = out.ptr;
	argv[n++] = url.ptr;
	argv[n] = NULL;

	ran = run_browser(argv, log.ptr, timeout, &status);
	if (ran == 1) {
		isms_error_set(err, NULL, 0, 0, "cannot print the PDF: the "
			"browser %s did not finish within %u second%s and was "
			"stopped", browser, timeout, timeout == 1 ? "" : "s");
		goto done;
	}
	if (ran != 0) {
		isms_error_set(err, NULL, 0, 0, "cannot print the PDF: cannot "
			"run the browser %s: %s", browser, strerror(ran));
		goto done;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			isms_buf_printf(&why, "was killed by signal %d",
				WTERMSIG(status));
		else
			isms_buf_printf(&why, "failed (exit status %d)",
				WEXITSTATUS(status));
		log_tail(&why, log.ptr);
		isms_error_set(err, NULL, 0, 0, "cannot print the PDF: the "
			"browser %s %s", browser, why.ptr);
		goto done;
	}
	if (isms_fs_read(&data, pdf.ptr, &ignored) < 0 || data.len < 5 ||
	    memcmp(data.ptr, "%PDF-", 5)) {
		isms_buf_puts(&why, "wrote no PDF");
		log_tail(&why, log.ptr);
		isms_error_set(err, NULL, 0, 0, "cannot print the PDF: the "
			"browser %s %s", browser, why.ptr);
		goto done;
	}
	rc = isms_fs_write_atomic(file, data.ptr, data.len, 0644, err);
done:
	if (dir.len)
		isms_fs_remove_tree(dir.ptr, 0);
	free(real);
	isms_buf_release(&dir);
	isms_buf_release(&page);
	isms_buf_release(&pdf);
	isms_buf_release(&log);
	isms_buf_release(&url);
	isms_buf_release(&profile);
	isms_buf_release(&out);
	isms_buf_release(&why);
	isms_buf_release(&data);
	return rc;
}
