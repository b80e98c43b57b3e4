/*
 * sign.c - verify the signatures that make an approval `signed`: OpenSSH
 * signatures with ssh-keygen -Y, as git does for gpg.format=ssh, and
 * OpenPGP signatures with gpg, against keys read out of the repository.
 *
 * The tools are the authority: a signature is good only when ssh-keygen
 * says "Good" or gpg reports one GOODSIG (or EXPKEYSIG for a key that
 * expired after the signature) with its VALIDSIG. What they print besides
 * only chooses the reason given when a signature is not good, so a tool
 * whose wording changes can make a reason vaguer, never a verdict wrong.
 *
 * Everything the tools read or write lives in one private folder made by
 * isms_keyring_new (mkdtemp, mode 0700) and removed by isms_keyring_free:
 * the allowed signers, the revoked keys, a GNUPGHOME of its own with the
 * OpenPGP keys imported, and per call the signature and the payload. The
 * tools run without a shell (posix_spawnp, arguments as arrays), in a
 * process group of their own, with an environment made here (HOME and
 * GNUPGHOME in the private folder, no SSH_AUTH_SOCK, GPG_AGENT_INFO or
 * user GNUPGHOME, LC_ALL=C for messages we can read), the payload on stdin
 * from a file (so an early exit is no SIGPIPE for the caller), stdout and
 * stderr captured, and a time limit after which the group is killed: a
 * hung tool cannot hang a hook.
 */
#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SSH_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define PGP_BEGIN "-----BEGIN PGP SIGNATURE-----"
#define CACHE_BUCKETS 256
#define OUTPUT_MAX (256 * 1024)   /* of each stream of a tool; the rest is read and dropped */

typedef struct centry {
	struct centry *next;
	uint64_t hash;
	long long when;
	char *sig, *payload;
	size_t slen, plen;
	isms_verdict v;
} centry;

typedef struct pgpkey {
	char *fpr;               /* primary key fingerprint */
	char **emails;           /* of its user ids that are not revoked, lowercased */
	size_t nemails;
} pgpkey;

struct isms_keyring {
	char *dir;               /* the private folder */
	char *signers, *revoked, *gnupg;   /* paths in it (revoked may be NULL) */
	char **env;              /* the tools' environment, NULL-terminated */
	int openpgp;             /* OpenPGP keys were given */
	int gpg_missing;         /* ... but gpg was not found to import them */
	char **principals;       /* the principals field of each allowed_signers line */
	size_t nprincipals;
	pgpkey *keys;
	size_t nkeys;
	int timeout_ms;
	pthread_mutex_t lock;    /* the cache */
	centry *cache[CACHE_BUCKETS];
};

/* ---------------------------------------------------------------- memory */

/* Allocation failure aborts, as isms_buf does. */
static void oom(void)
{
	fputs("isms: out of memory\n", stderr);
	abort();
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

/* Room for `n` items of `size` at `p`. */
static void *xrealloc(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	p = realloc(p, n * size > 0 ? n * size : 1);
	if (!p)
		oom();
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xcalloc(n + 1, 1);

	memcpy(p, s, n);
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
	isms_buf b = ISMS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	isms_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return isms_buf_detach(&b);
}

static int has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ---------------------------------------------------------------- files */

/* A new file of a unique name "DIR/PREFIX-XXXXXX" holding `data`; the
 * name is the caller's to unlink and free. */
static char *write_temp(const char *dir, const char *prefix, const char *data,
	size_t len, isms_error *err)
{
	char *path = xprintf("%s/%s-XXXXXX", dir, prefix);
	int fd = mkostemp(path, O_CLOEXEC);

	if (fd < 0 || isms_fs_write_fd(fd, data, len) < 0 || close(fd) < 0) {
		isms_error_set(err, path, 0, 0, "cannot write it: %s",
			strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		return NULL;
	}
	return path;
}

/* ---------------------------------------------------------------- tools */

typedef struct run {
	isms_buf out, err;       /* what the tool printed (at most OUTPUT_MAX each) */
	int status;              /* exit status, or -1 (killed, unknown) */
	int timed_out;
	int spawn_errno;         /* the tool could not be run: ENOENT when not found */
} run;

static void run_release(run *r)
{
	isms_buf_release(&r->out);
	isms_buf_release(&r->err);
}

static void drain(int *fd, isms_buf *b)
{
	char chunk[4096];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return;
	}
	if (b->len < OUTPUT_MAX)
		isms_buf_add(b, chunk, (size_t)n < OUTPUT_MAX - b->len ?
			(size_t)n : OUTPUT_MAX - b->len);
}

/*
 * Run argv (argv[0] found in PATH) with stdin from `stdin_path` (NULL:
 * /dev/null), capturing stdout and stderr, for at most k->timeout_ms.
 * Returns 0 when the tool ran or could not be started (r->spawn_errno),
 * -1 on trouble of our own (no pipe).
 */
static int run_tool(run *r, const isms_keyring *k, char *const argv[],
	const char *stdin_path, isms_error *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	long long deadline;
	pid_t pid;
	int rc, st = 0, reaped = 0;

	memset(r, 0, sizeof(*r));
	isms_buf_init(&r->out);
	isms_buf_init(&r->err);
	r->status = -1;
	/* Close-on-exec, so that a tool another thread starts meanwhile does
	 * not hold our pipes open (we would wait for its EOF). */
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		rc = errno;
		if (po[0] >= 0) {
			close(po[0]);
			close(po[1]);
		}
		return isms_error_set(err, NULL, 0, 0, "cannot run %s: %s",
			argv[0], strerror(rc));
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0,
		stdin_path ? stdin_path : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	isms_spawnattr_group(&at);
	rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, k->env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		r->spawn_errno = rc;
		return 0;
	}

	deadline = isms_clock_ms() + k->timeout_ms;
	while (po[0] >= 0 || pe[0] >= 0) {
		struct pollfd fds[2];
		int n = 0, left = (int)(deadline - isms_clock_ms());

		if (left <= 0) {
			r->timed_out = 1;
			break;
		}
		if (po[0] >= 0)
			fds[n++] = (struct pollfd){ .fd = po[0], .events = POLLIN };
		if (pe[0] >= 0)
			fds[n++] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
		if (poll(fds, (nfds_t)n, left) < 0) {
			if (errno == EINTR)
				continue;
			r->timed_out = 1;   /* cannot watch it: do not wait for it */
			break;
		}
		for (int i = 0; i < n; i++) {
			if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (fds[i].fd == po[0])
				drain(&po[0], &r->out);
			else
				drain(&pe[0], &r->err);
		}
	}
	if (po[0] >= 0)
		close(po[0]);
	if (pe[0] >= 0)
		close(pe[0]);

	/* The streams are closed; the tool exits now, or it hangs past the
	 * deadline with them closed. */
	while (!r->timed_out) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid) {
			reaped = 1;
			break;
		}
		if (w < 0 && errno != EINTR) {
			reaped = -1;   /* SIGCHLD ignored by the caller: reaped already */
			break;
		}
		if (isms_clock_ms() >= deadline) {
			r->timed_out = 1;
			break;
		}
		nanosleep(&(struct timespec){ 0, 500000 }, NULL);
	}
	if (r->timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		return 0;
	}
	if (reaped == 1 && WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	return 0;
}

/* The tool's environment: nothing of the user's agent, keys or locale. */
static char **make_env(const char *dir, const char *gnupg)
{
	const char *path = getenv("PATH"), *tz = getenv("TZ");
	char **env = xcalloc(8, sizeof(*env));
	int n = 0;

	env[n++] = xprintf("PATH=%s", path && *path ? path : "/usr/bin:/bin");
	env[n++] = xprintf("HOME=%s", dir);
	env[n++] = xprintf("GNUPGHOME=%s", gnupg);
	env[n++] = xstrdup("LC_ALL=C");
	env[n++] = xstrdup("LANG=C");
	/* ssh-keygen reads valid-after/valid-before and verify-time in local
	 * time: the same zone as ours. */
	if (tz)
		env[n++] = xprintf("TZ=%s", tz);
	return env;
}

/* ---------------------------------------------------------------- verdicts */

static void set_why(isms_verdict *v, isms_sig_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_why(isms_verdict *v, isms_sig_status st, const char *fmt, ...)
{
	va_list ap;

	v->ok = 0;
	v->status = st;
	v->principal[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
}

static void tool_trouble(isms_verdict *v, const run *r, const char *tool,
	const char *package, int timeout_ms)
{
	if (r->spawn_errno == ENOENT)
		set_why(v, ISMS_SIG_TOOL, "%s not found: install %s", tool, package);
	else if (r->spawn_errno)
		set_why(v, ISMS_SIG_TOOL, "cannot run %s: %s", tool,
			strerror(r->spawn_errno));
	else
		set_why(v, ISMS_SIG_TOOL, "%s timed out after %d ms", tool,
			timeout_ms);
}

/* Add `p` (lowercased) to the verdict's comma-separated principals, unless
 * it is there or would not fit whole. */
static void add_principal(isms_verdict *v, const char *p, size_t n)
{
	char low[sizeof(v->principal)];
	size_t have = strlen(v->principal);

	if (n == 0 || n >= sizeof(low))
		return;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)lower((unsigned char)p[i]);
	low[n] = '\0';
	for (const char *s = v->principal; *s; ) {
		size_t m = strcspn(s, ",");

		if (m == n && memcmp(s, low, n) == 0)
			return;
		s += m + (s[m] == ',');
	}
	if (have + (have > 0) + n + 1 > sizeof(v->principal))
		return;
	if (have)
		v->principal[have++] = ',';
	memcpy(v->principal + have, low, n + 1);
}

/* The first line of `b` that is not `skip`, for a reason quoted. */
static void first_line(char *out, size_t size, const isms_buf *b,
	const char *skip)
{
	const char *s = b->ptr;

	out[0] = '\0';
	while (*s) {
		size_t n = strcspn(s, "\r\n");

		if (n > 0 && !(skip && strlen(skip) == n && !memcmp(s, skip, n))) {
			snprintf(out, size, "%.*s", (int)n, s);
			return;
		}
		s += n;
		s += strspn(s, "\r\n");
	}
}

static int contains(const isms_buf *b, const char *what)
{
	return b->ptr && strstr(b->ptr, what);
}

/* ssh-keygen could not read the signature (its armor or its blob). */
static int ssh_unreadable(const isms_buf *err)
{
	return contains(err, "invalid format") || contains(err, "sshsig_armor")
		|| contains(err, "sshsig_dearmor") || contains(err, "missing footer")
		|| contains(err, "parse signature") || contains(err, "incomplete message");
}

/* An OpenSSH signature's armor is ASCII: base64 between two lines. */
static int ssh_armor_chars(const char *sig, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)sig[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				(c >= '0' && c <= '9') || strchr("+/=- \t\r\n", c)) || !c)
			return 0;
	}
	return 1;
}

/* ---------------------------------------------------------------- ssh */

/* "Good "git" signature for P with ED25519 key SHA256:..." -> the
 * fingerprint after the last "key ". */
static void ssh_fingerprint(isms_verdict *v, const isms_buf *out)
{
	const char *line = out->ptr, *key = NULL, *s;
	size_t n;

	if (!line)
		return;
	n = strcspn(line, "\r\n");
	for (s = line; (s = memmem(s, n - (size_t)(s - line), "key ", 4)); s += 4)
		key = s + 4;
	if (key)
		snprintf(v->fingerprint, sizeof(v->fingerprint), "%.*s",
			(int)(n - (size_t)(key - line)), key);
}

/* What git runs: ssh-keygen -Y verify -n git -f ALLOWED -I PRINCIPAL -s
 * SIG [-Overify-time=T] [-r REVOKED], the payload on stdin. */
static void ssh_verify_args(char **argv, const isms_keyring *k,
	const char *principal, const char *sigpath, const char *vt,
	int with_revoked)
{
	int a = 0;

	argv[a++] = "ssh-keygen";
	argv[a++] = "-Y";
	argv[a++] = "verify";
	argv[a++] = "-n";
	argv[a++] = "git";
	argv[a++] = "-f";
	argv[a++] = k->signers;
	argv[a++] = "-I";
	argv[a++] = (char *)principal;
	argv[a++] = "-s";
	argv[a++] = (char *)sigpath;
	if (vt[0])
		argv[a++] = (char *)vt;
	if (with_revoked && k->revoked) {
		argv[a++] = "-r";
		argv[a++] = k->revoked;
	}
	argv[a] = NULL;
}

static int verify_ssh(isms_verdict *v, isms_keyring *k, const char *sigpath,
	const char *msgpath, long long when, isms_error *err)
{
	char vt[64] = "", why[200];
	run find, r, fail;
	int good = 0, tried = 0, rc;
	const char *line, *failed_principal = NULL;
	char *failed_copy = NULL;

	memset(&fail, 0, sizeof(fail));
	isms_buf_init(&fail.out);
	isms_buf_init(&fail.err);
	v->format = "ssh";
	/* As git: ssh-keygen judges the key's validity at the signing
	 * commit's time, written in local time (allowed_signers has no zone). */
	if (when > 0) {
		time_t t = (time_t)when;
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(vt, sizeof(vt), "-Overify-time=%Y%m%d%H%M%S", &tm);
	}

	{
		char *argv[] = { "ssh-keygen", "-Y", "find-principals",
			"-f", k->signers, "-s", (char *)sigpath,
			vt[0] ? vt : NULL, NULL };

		if (run_tool(&find, k, argv, NULL, err) < 0)
			return -1;
	}
	if (find.spawn_errno || find.timed_out) {
		tool_trouble(v, &find, "ssh-keygen", "openssh-client", k->timeout_ms);
		run_release(&find);
		return 0;
	}

	/* Each principal the key stands for at that time (one a line): git
	 * verifies with each until one is good; we try them all, so that a
	 * key listed for two e-mails is known as both. */
	for (line = find.status == 0 ? find.out.ptr : "";
			*line; ) {
		size_t n = strcspn(line, "\r\n");
		char *principal = xstrndup(line, n);

		line += n;
		line += strspn(line, "\r\n");
		if (!*principal) {
			free(principal);
			continue;
		}
		{
			char *argv[16];

			ssh_verify_args(argv, k, principal, sigpath, vt, 1);
			if (run_tool(&r, k, argv, msgpath, err) < 0) {
				free(principal);
				run_release(&find);
				run_release(&fail);
				free(failed_copy);
				return -1;
			}
		}
		tried++;
		if ((r.spawn_errno || r.timed_out) && good) {
			/* Good for a principal already: that one stands. */
			run_release(&r);
			free(principal);
			break;
		}
		if (r.spawn_errno || r.timed_out) {
			tool_trouble(v, &r, "ssh-keygen", "openssh-client", k->timeout_ms);
			run_release(&r);
			free(principal);
			run_release(&find);
			run_release(&fail);
			free(failed_copy);
			return 0;
		}
		if (r.status == 0 && has_prefix(r.out.ptr,
				r.out.len, "Good")) {
			if (!good)
				ssh_fingerprint(v, &r.out);
			good = 1;
			add_principal(v, principal, strlen(principal));
			run_release(&r);
			free(principal);
			continue;
		}
		if (!failed_copy) {
			failed_copy = principal;
			fail = r;
		} else {
			run_release(&r);
			free(principal);
		}
	}
	failed_principal = failed_copy;

	if (good) {
		v->ok = 1;
		v->status = ISMS_SIG_GOOD;
		v->why[0] = '\0';
		rc = 0;
		goto done;
	}
	rc = 0;
	if (tried) {
		/* The key stands for a principal then, yet the signature is not
		 * good for it. */
		if (contains(&fail.err, "not permitted for use in signature namespace"))
			set_why(v, ISMS_SIG_NAMESPACE,
				"key not allowed to sign for namespace \"git\" (namespaces= in allowed_signers)");
		else if (contains(&fail.err, "namespace"))
			set_why(v, ISMS_SIG_NAMESPACE,
				"signature made for another namespace than \"git\"");
		else if (contains(&fail.err, "incorrect signature"))
			set_why(v, ISMS_SIG_BAD, "signature does not match the content");
		else if (ssh_unreadable(&fail.err))
			set_why(v, ISMS_SIG_MALFORMED, "malformed ssh signature");
		else if (contains(&fail.err, "key has expired"))
			set_why(v, ISMS_SIG_EXPIRED,
				"key expired before the signing time (valid-before in allowed_signers)");
		else if (contains(&fail.err, "not yet valid"))
			set_why(v, ISMS_SIG_NOT_YET_VALID,
				"key not yet valid at the signing time (valid-after in allowed_signers)");
		else {
			int revoked = 0;

			/* ssh-keygen says nothing of a revoked key: it is revoked
			 * when the same check without the revocation list is good. */
			if (k->revoked) {
				char *argv[16];

				ssh_verify_args(argv, k, failed_principal, sigpath,
					vt, 0);
				if (run_tool(&r, k, argv, msgpath, err) < 0) {
					rc = -1;
					goto done;
				}
				revoked = r.status == 0 && has_prefix(r.out.ptr ?
					r.out.ptr : "", r.out.len, "Good");
				if (revoked)
					ssh_fingerprint(v, &r.out);
				run_release(&r);
			}
			if (revoked)
				set_why(v, ISMS_SIG_REVOKED,
					"key revoked (in the revocation list)");
			else {
				first_line(why, sizeof(why), &fail.err,
					"Could not verify signature.");
				set_why(v, ISMS_SIG_UNVERIFIED, "not verified: %s",
					why[0] ? why : "ssh-keygen refused the signature");
			}
		}
		goto done;
	}

	/* No principal: the key is not listed, or not at that time. */
	if (ssh_unreadable(&find.err)) {
		set_why(v, ISMS_SIG_MALFORMED, "malformed ssh signature");
		goto done;
	}
	if (contains(&find.err, "key has expired"))
		set_why(v, ISMS_SIG_EXPIRED,
			"key expired before the signing time (valid-before in allowed_signers)");
	else if (contains(&find.err, "not yet valid"))
		set_why(v, ISMS_SIG_NOT_YET_VALID,
			"key not yet valid at the signing time (valid-after in allowed_signers)");
	else {
		int listed = 0;

		if (vt[0]) {
			/* A wording we do not know: is it listed at another time? */
			char *argv[] = { "ssh-keygen", "-Y", "find-principals",
				"-f", k->signers, "-s", (char *)sigpath, NULL };

			if (run_tool(&r, k, argv, NULL, err) < 0) {
				rc = -1;
				goto done;
			}
			listed = r.status == 0 && r.out.len > 0;
			run_release(&r);
		}
		if (listed)
			set_why(v, ISMS_SIG_EXPIRED,
				"key not valid at the signing time (see valid-after/valid-before)");
		else
			set_why(v, ISMS_SIG_UNLISTED, "key not listed in allowed_signers");
	}
	/* Which key it was, for the message: check-novalidate names it. */
	{
		char *argv[] = { "ssh-keygen", "-Y", "check-novalidate", "-n", "git",
			"-s", (char *)sigpath, NULL };

		if (run_tool(&r, k, argv, msgpath, err) < 0) {
			rc = -1;
			goto done;
		}
		if (r.status == 0 && has_prefix(r.out.ptr,
				r.out.len, "Good")) {
			ssh_fingerprint(v, &r.out);
			if (v->status == ISMS_SIG_UNLISTED && v->fingerprint[0])
				set_why(v, ISMS_SIG_UNLISTED,
					"key %s not listed in allowed_signers",
					v->fingerprint);
		}
		run_release(&r);
	}
done:
	run_release(&find);
	run_release(&fail);
	free(failed_copy);
	return rc;
}

/* ---------------------------------------------------------------- openpgp */

/* Decode gpg's %XX (status lines) or \xHH (colon listings) escapes of
 * `n` bytes of `s`. */
static char *unescape(const char *s, size_t n, char esc)
{
	char *out = xcalloc(n + 1, 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		unsigned hi, lo;
		const char *h = s + i + (esc == '\\' ? 2 : 1);
		size_t need = esc == '\\' ? 4 : 3;

		if (s[i] == esc && i + need <= n &&
				(esc != '\\' || s[i + 1] == 'x') &&
				sscanf(h, "%1x%1x", &hi, &lo) == 2) {
			*o++ = (char)(hi * 16 + lo);
			i += need - 1;
		} else
			*o++ = s[i];
	}
	return out;
}

/* The e-mail of a user id "Name <mail>" (or a bare "mail"), lowercased,
 * or NULL. */
static char *uid_email(const char *uid)
{
	const char *lt = strrchr(uid, '<'), *gt;
	char *mail;

	if (lt && (gt = strchr(lt, '>')))
		mail = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	else if (strchr(uid, '@') && !strpbrk(uid, " \t"))
		mail = xstrdup(uid);
	else
		return NULL;
	for (char *p = mail; *p; p++)
		*p = (char)lower((unsigned char)*p);
	if (!*mail) {
		free(mail);
		return NULL;
	}
	return mail;
}

static char *const *gpg_args(const isms_keyring *k, const char **extra,
	char **argv, size_t cap)
{
	const char *base[] = { "gpg", "--batch", "--no-tty", "--no-options",
		"--no-autostart", "--no-auto-key-retrieve", "--homedir", k->gnupg,
		"--trust-model", "always", "--keyid-format=long", "--status-fd=1" };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(base) / sizeof(*base) && n + 1 < cap; i++)
		argv[n++] = (char *)base[i];
	for (; *extra && n + 1 < cap; extra++)
		argv[n++] = (char *)*extra;
	argv[n] = NULL;
	return argv;
}

/* The n-th (0-based) space-separated field of a status line. */
static int field(const char *line, int nth, const char **start, size_t *len)
{
	const char *s = line;

	for (int i = 0; i < nth; i++) {
		s += strcspn(s, " \n");
		if (*s != ' ')
			return 0;
		s++;
	}
	*start = s;
	*len = strcspn(s, " \n");
	return *len > 0;
}

static void gpg_principals(isms_verdict *v, const isms_keyring *k,
	const char *uid)
{
	char *mail = uid ? uid_email(uid) : NULL;

	if (mail) {
		add_principal(v, mail, strlen(mail));
		free(mail);
	}
	for (size_t i = 0; i < k->nkeys; i++) {
		if (strcasecmp(k->keys[i].fpr, v->fingerprint))
			continue;
		for (size_t j = 0; j < k->keys[i].nemails; j++)
			add_principal(v, k->keys[i].emails[j],
				strlen(k->keys[i].emails[j]));
	}
}

static int verify_pgp(isms_verdict *v, isms_keyring *k, const char *sigpath,
	const char *msgpath, long long when, isms_error *err)
{
	const char *extra[] = { "--verify", sigpath, "-", NULL };
	char *argv[32], keyid[64] = "", errsig_rc[16] = "?", why[200];
	char *uid = NULL;
	int nsig = 0, good = 0, expkey = 0, revkey = 0, expsig = 0, bad = 0;
	int errsig = 0, nopub = 0, validsig = 0;
	long long sigtime = 0, keyexp = LLONG_MAX;
	const char *line;
	run r;

	v->format = "openpgp";
	if (!k->openpgp) {
		set_why(v, ISMS_SIG_NO_PUBKEY, "gpg: no public key (no openpgp keys are listed)");
		return 0;
	}
	if (k->gpg_missing) {
		set_why(v, ISMS_SIG_TOOL, "gpg not found: install gnupg");
		return 0;
	}
	if (run_tool(&r, k, gpg_args(k, extra, argv, 32), msgpath, err) < 0)
		return -1;
	if (r.spawn_errno || r.timed_out) {
		tool_trouble(v, &r, "gpg", "gnupg", k->timeout_ms);
		run_release(&r);
		return 0;
	}

	for (line = r.out.ptr; *line;
			line += strcspn(line, "\n"), line += *line == '\n') {
		const char *f, *rest = line + 9;
		size_t n;
		int *flag = NULL;

		if (strncmp(line, "[GNUPG:] ", 9))
			continue;
		if (!strncmp(rest, "NEWSIG", 6) && (rest[6] == ' ' || rest[6] == '\n' || !rest[6]))
			nsig++;
		else if (!strncmp(rest, "GOODSIG ", 8))
			flag = &good;
		else if (!strncmp(rest, "EXPKEYSIG ", 10))
			flag = &expkey;
		else if (!strncmp(rest, "REVKEYSIG ", 10))
			flag = &revkey;
		else if (!strncmp(rest, "EXPSIG ", 7))
			flag = &expsig;
		else if (!strncmp(rest, "BADSIG ", 7))
			flag = &bad;
		else if (!strncmp(rest, "ERRSIG ", 7))
			flag = &errsig;
		else if (!strncmp(rest, "NO_PUBKEY ", 10))
			nopub = 1;
		else if (!strncmp(rest, "KEYREVOKED", 10))
			revkey = 1;
		else if (!strncmp(rest, "KEYEXPIRED ", 11)) {
			long long t = strtoll(rest + 11, NULL, 10);

			if (t > 0 && t < keyexp)
				keyexp = t;
		} else if (!strncmp(rest, "VALIDSIG ", 9)) {
			validsig++;
			if (field(rest, 10, &f, &n) || field(rest, 1, &f, &n))
				snprintf(v->fingerprint, sizeof(v->fingerprint),
					"%.*s", (int)n, f);
			if (field(rest, 3, &f, &n))
				sigtime = strtoll(f, NULL, 10);
		}
		if (flag) {
			(*flag)++;
			if (field(rest, 1, &f, &n))
				snprintf(keyid, sizeof(keyid), "%.*s", (int)n, f);
			if (flag == &errsig && field(rest, 6, &f, &n))
				snprintf(errsig_rc, sizeof(errsig_rc), "%.*s", (int)n, f);
			if (flag != &errsig && field(rest, 2, &f, &n)) {
				free(uid);
				uid = unescape(f, strcspn(f, "\n"), '%');
			}
		}
	}

	if (nsig == 0)
		set_why(v, ISMS_SIG_MALFORMED, "malformed openpgp signature");
	else if (nsig > 1 || good + expkey + revkey + expsig + bad + errsig > 1
			|| validsig > 1)
		/* As git: one signature, or something is fishy. */
		set_why(v, ISMS_SIG_UNVERIFIED, "not verified: more than one signature");
	else if (revkey)
		set_why(v, ISMS_SIG_REVOKED, "key revoked");
	else if (bad)
		set_why(v, ISMS_SIG_BAD, "bad signature: does not match the content");
	else if (nopub)
		set_why(v, ISMS_SIG_NO_PUBKEY,
			"gpg: no public key %s among the openpgp keys", keyid);
	else if (errsig)
		/* ERRSIG's last field is why: 4 an unknown algorithm, ... */
		set_why(v, ISMS_SIG_UNVERIFIED,
			"not verified: gpg could not check the signature (ERRSIG %s)",
			errsig_rc);
	else if (expsig)
		set_why(v, ISMS_SIG_EXPIRED, "signature expired");
	else if (expkey && !(validsig && sigtime > 0 && sigtime < keyexp &&
			(when <= 0 || when < keyexp)))
		/* gpg says expired as of now; what counts is whether it was
		 * valid when the signature was made. */
		set_why(v, ISMS_SIG_EXPIRED, "key expired before the signing time");
	else if ((good || expkey) && validsig) {
		v->ok = 1;
		v->status = ISMS_SIG_GOOD;
		v->why[0] = '\0';
		gpg_principals(v, k, uid);
	} else {
		first_line(why, sizeof(why), &r.err, NULL);
		set_why(v, ISMS_SIG_UNVERIFIED, "not verified: %s",
			why[0] ? why : "gpg refused the signature");
	}
	free(uid);
	run_release(&r);
	return 0;
}

/* Import the armored keys at `path` into the private GNUPGHOME and list
 * their fingerprints and e-mails. */
static int pgp_import(isms_keyring *k, const char *path, isms_error *err)
{
	const char *imp[] = { "--import", path, NULL };
	const char *list[] = { "--with-colons", "--fixed-list-mode",
		"--list-keys", NULL };
	char *argv[32], why[200];
	const char *res, *line;
	long imported = 0;
	pgpkey *key = NULL;
	int want_fpr = 0;
	run r;

	if (run_tool(&r, k, gpg_args(k, imp, argv, 32), NULL, err) < 0)
		return -1;
	if (r.spawn_errno == ENOENT) {
		/* Not an error here: only OpenPGP signatures cannot be
		 * checked, and each verdict will say why. */
		k->gpg_missing = 1;
		run_release(&r);
		return 0;
	}
	if (r.spawn_errno || r.timed_out) {
		isms_verdict v;

		tool_trouble(&v, &r, "gpg", "gnupg", k->timeout_ms);
		run_release(&r);
		return isms_error_set(err, NULL, 0, 0, "openpgp keys: %s", v.why);
	}
	res = r.out.ptr ? strstr(r.out.ptr, "[GNUPG:] IMPORT_RES ") : NULL;
	if (res)
		imported = strtol(res + 20, NULL, 10);
	if (imported <= 0) {
		first_line(why, sizeof(why), &r.err, NULL);
		run_release(&r);
		return isms_error_set(err, NULL, 0, 0,
			"openpgp keys: no public key could be read%s%s",
			why[0] ? ": " : "", why);
	}
	run_release(&r);

	if (run_tool(&r, k, gpg_args(k, list, argv, 32), NULL, err) < 0)
		return -1;
	for (line = r.out.ptr; *line;
			line += strcspn(line, "\n"), line += *line == '\n') {
		size_t n = strcspn(line, "\n");

		if (!strncmp(line, "pub:", 4)) {
			k->keys = xrealloc(k->keys, k->nkeys + 1,
				sizeof(*k->keys));
			key = &k->keys[k->nkeys++];
			memset(key, 0, sizeof(*key));
			want_fpr = 1;
		} else if (!strncmp(line, "sub:", 4)) {
			want_fpr = 0;
		} else if (key && want_fpr && !strncmp(line, "fpr:", 4)) {
			/* fpr:::::::::FPR: -- field 10 */
			const char *f = line;

			for (int i = 0; i < 9 && f; i++) {
				f = memchr(f, ':', n - (size_t)(f - line));
				f = f ? f + 1 : NULL;
			}
			if (f)
				key->fpr = xstrndup(f, strcspn(f, ":\n"));
			want_fpr = 0;
		} else if (key && !strncmp(line, "uid:", 4) && line[4] != 'r') {
			const char *f = line;
			char *text, *mail;

			for (int i = 0; i < 9 && f; i++) {
				f = memchr(f, ':', n - (size_t)(f - line));
				f = f ? f + 1 : NULL;
			}
			if (!f)
				continue;
			text = unescape(f, strcspn(f, ":\n"), '\\');
			mail = uid_email(text);
			free(text);
			if (!mail)
				continue;
			key->emails = xrealloc(key->emails, key->nemails + 1,
				sizeof(*key->emails));
			key->emails[key->nemails++] = mail;
		}
	}
	for (size_t i = 0; i < k->nkeys; i++)
		if (!k->keys[i].fpr)
			k->keys[i].fpr = xstrdup("");
	run_release(&r);
	return 0;
}

/* ---------------------------------------------------------------- keyring */

/* The principals field of each line of an allowed_signers text (for
 * isms_keyring_names; ssh-keygen itself reads the file). */
static void read_principals(isms_keyring *k, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t eol = i, start, end;

		while (eol < len && text[eol] != '\n')
			eol++;
		start = i;
		while (start < eol && (text[start] == ' ' || text[start] == '\t'))
			start++;
		if (start < eol && text[start] != '#' && text[start] != '\r') {
			if (text[start] == '"') {
				start++;
				end = start;
				while (end < eol && text[end] != '"')
					end++;
			} else {
				end = start;
				while (end < eol && text[end] != ' ' &&
						text[end] != '\t' && text[end] != '\r')
					end++;
			}
			k->principals = xrealloc(k->principals, k->nprincipals + 1,
				sizeof(*k->principals));
			k->principals[k->nprincipals++] =
				xstrndup(text + start, end - start);
		}
		i = eol + 1;
	}
}

int isms_keyring_new(isms_keyring **out, const char *allowed_signers,
	size_t len, const char *revoked, size_t rlen, const char *openpgp_keys,
	size_t plen, isms_error *err)
{
	const char *tmp = getenv("TMPDIR");
	isms_keyring *k;
	char *path;
	size_t i;

	*out = NULL;
	k = xcalloc(1, sizeof(*k));
	pthread_mutex_init(&k->lock, NULL);
	k->timeout_ms = ISMS_SIGN_TIMEOUT_MS;
	k->dir = xprintf("%s/isms-sign-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(k->dir)) {
		isms_error_set(err, NULL, 0, 0,
			"cannot make a private folder in %s: %s",
			tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(k->dir);
		k->dir = NULL;
		goto fail;
	}
	k->signers = xprintf("%s/allowed_signers", k->dir);
	k->gnupg = xprintf("%s/gnupg", k->dir);
	k->env = make_env(k->dir, k->gnupg);
	if (isms_fs_write_new(k->signers, allowed_signers ?
			allowed_signers : "", allowed_signers ? len : 0, 0600, err) < 0)
		goto fail;
	if (allowed_signers)
		read_principals(k, allowed_signers, len);
	if (revoked && rlen > 0) {
		k->revoked = xprintf("%s/revoked", k->dir);
		if (isms_fs_write_new(k->revoked, revoked, rlen, 0600, err) < 0)
			goto fail;
	}
	if (mkdir(k->gnupg, 0700) < 0) {
		isms_error_set(err, k->gnupg, 0, 0, "cannot make the folder: %s",
			strerror(errno));
		goto fail;
	}
	for (i = 0; openpgp_keys && i < plen; i++)
		if (!strchr(" \t\r\n", openpgp_keys[i]))
			break;
	if (openpgp_keys && i < plen) {
		int rc;

		k->openpgp = 1;
		path = xprintf("%s/openpgp-keys.asc", k->dir);
		rc = isms_fs_write_new(path, openpgp_keys, plen, 0600, err);
		if (rc == 0)
			rc = pgp_import(k, path, err);
		unlink(path);
		free(path);
		if (rc < 0)
			goto fail;
	}
	*out = k;
	return 0;
fail:
	isms_keyring_free(k);
	return -1;
}

void isms_keyring_set_timeout(isms_keyring *k, int ms)
{
	k->timeout_ms = ms > 0 ? ms : ISMS_SIGN_TIMEOUT_MS;
}

void isms_keyring_free(isms_keyring *k)
{
	size_t i, j;

	if (!k)
		return;
	if (k->dir)
		isms_fs_remove_tree(k->dir, 0);
	for (i = 0; i < CACHE_BUCKETS; i++)
		while (k->cache[i]) {
			centry *e = k->cache[i];

			k->cache[i] = e->next;
			free(e->sig);
			free(e->payload);
			free(e);
		}
	for (i = 0; k->env && k->env[i]; i++)
		free(k->env[i]);
	free(k->env);
	for (i = 0; i < k->nprincipals; i++)
		free(k->principals[i]);
	free(k->principals);
	for (i = 0; i < k->nkeys; i++) {
		for (j = 0; j < k->keys[i].nemails; j++)
			free(k->keys[i].emails[j]);
		free(k->keys[i].emails);
		free(k->keys[i].fpr);
	}
	free(k->keys);
	pthread_mutex_destroy(&k->lock);
	free(k->dir);
	free(k->signers);
	free(k->revoked);
	free(k->gnupg);
	free(k);
}

/* ---------------------------------------------------------------- patterns */

/* OpenSSH's wildcard match ('*', '?'), here without regard to case. */
static int wild(const char *s, const char *p, size_t plen)
{
	while (plen > 0) {
		if (*p == '*') {
			while (plen > 0 && *p == '*')
				p++, plen--;
			if (plen == 0)
				return 1;
			for (; *s; s++)
				if (wild(s, p, plen))
					return 1;
			return 0;
		}
		if (!*s || (*p != '?' && lower((unsigned char)*p) !=
				lower((unsigned char)*s)))
			return 0;
		s++, p++, plen--;
	}
	return !*s;
}

/* A comma list of patterns, '!' negating: 1 match, 0 none, -1 negated. */
static int pattern_list(const char *s, const char *list)
{
	int got = 0;

	while (*list) {
		size_t n = strcspn(list, ",");
		int neg = *list == '!';

		if (wild(s, list + neg, n - (size_t)neg)) {
			if (neg)
				return -1;
			got = 1;
		}
		list += n + (list[n] == ',');
	}
	return got;
}

int isms_keyring_names(const isms_keyring *k, const char *email)
{
	size_t i, j;

	if (!k || !email || !*email)
		return 0;
	for (i = 0; i < k->nprincipals; i++)
		if (pattern_list(email, k->principals[i]) == 1)
			return 1;
	for (i = 0; i < k->nkeys; i++)
		for (j = 0; j < k->keys[i].nemails; j++)
			if (!strcasecmp(k->keys[i].emails[j], email))
				return 1;
	return 0;
}

int isms_verdict_names(const isms_verdict *v, const char *email)
{
	const char *s = v->principal;
	size_t n = email ? strlen(email) : 0;

	if (!v->ok || n == 0)
		return 0;
	while (*s) {
		size_t m = strcspn(s, ",");

		if (m == n && !strncasecmp(s, email, n))
			return 1;
		s += m + (s[m] == ',');
	}
	return 0;
}

/* ---------------------------------------------------------------- verify */

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static centry *cache_find(isms_keyring *k, uint64_t h, const char *sig,
	size_t slen, const char *payload, size_t plen, long long when)
{
	for (centry *e = k->cache[h % CACHE_BUCKETS]; e; e = e->next)
		if (e->hash == h && e->when == when && e->slen == slen &&
				e->plen == plen && !memcmp(e->sig, sig, slen) &&
				(plen == 0 || !memcmp(e->payload, payload, plen)))
			return e;
	return NULL;
}

int isms_keyring_verify(isms_verdict *out, isms_keyring *k,
	const char *payload, size_t plen, const char *sig, size_t slen,
	long long when, isms_error *err)
{
	char *sigpath = NULL, *msgpath = NULL;
	int ssh, rc;
	uint64_t h;
	centry *e;

	memset(out, 0, sizeof(*out));
	out->format = "";
	if (!payload)
		plen = 0;
	if (!sig || slen == 0) {
		set_why(out, ISMS_SIG_NONE, "no signature");
		return 0;
	}
	ssh = has_prefix(sig, slen, SSH_BEGIN);
	if (!ssh && !has_prefix(sig, slen, PGP_BEGIN)) {
		set_why(out, ISMS_SIG_FORMAT,
			"unknown signature format (neither ssh nor openpgp)");
		return 0;
	}

	if (ssh && !ssh_armor_chars(sig, slen)) {
		out->format = "ssh";
		set_why(out, ISMS_SIG_MALFORMED, "malformed ssh signature");
		return 0;
	}

	/* Keyed by the signature and by what it is checked against: the
	 * same signature over other content, or at another time, is another
	 * question. */
	h = fnv(14695981039346656037ULL, sig, slen);
	h = fnv(h, "\0", 1);
	h = fnv(h, payload ? payload : "", plen);
	h = fnv(h, &when, sizeof(when));
	pthread_mutex_lock(&k->lock);
	e = cache_find(k, h, sig, slen, payload, plen, when);
	if (e)
		*out = e->v;
	pthread_mutex_unlock(&k->lock);
	if (e)
		return 0;

	sigpath = write_temp(k->dir, "sig", sig, slen, err);
	msgpath = sigpath ? write_temp(k->dir, "payload", payload ? payload : "",
		plen, err) : NULL;
	if (!msgpath)
		rc = -1;
	else if (ssh)
		rc = verify_ssh(out, k, sigpath, msgpath, when, err);
	else
		rc = verify_pgp(out, k, sigpath, msgpath, when, err);
	if (sigpath) {
		unlink(sigpath);
		free(sigpath);
	}
	if (msgpath) {
		unlink(msgpath);
		free(msgpath);
	}
	if (rc < 0) {
		out->ok = 0;
		out->status = ISMS_SIG_TOOL;
		snprintf(out->why, sizeof(out->why), "not verified: %.200s",
			err ? err->msg : "trouble");
		return -1;
	}
	/* A missing or hung tool is no answer about the signature: asked
	 * again, it may be there. */
	if (out->status == ISMS_SIG_TOOL)
		return 0;

	pthread_mutex_lock(&k->lock);
	if (!cache_find(k, h, sig, slen, payload, plen, when)) {
		e = xcalloc(1, sizeof(*e));
		e->hash = h;
		e->when = when;
		e->sig = xstrndup(sig, slen);
		e->slen = slen;
		e->payload = xstrndup(payload ? payload : "", plen);
		e->plen = plen;
		e->v = *out;
		e->next = k->cache[h % CACHE_BUCKETS];
		k->cache[h % CACHE_BUCKETS] = e;
	}
	pthread_mutex_unlock(&k->lock);
	return 0;
}

const char *isms_sig_status_name(isms_sig_status st)
{
	static const char *const names[] = {
		"good", "none", "unknown-format", "malformed", "unlisted",
		"no-pubkey", "expired", "not-yet-valid", "revoked", "bad",
		"namespace", "tool", "unverified",
	};

	return (unsigned)st < sizeof(names) / sizeof(*names) ? names[st] : "?";
}
