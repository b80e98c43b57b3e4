/*
 * t-sign.c - isms_keyring_verify (lib/sign.c) with real keys: made fresh
 * in a temporary folder with ssh-keygen and gpg, signatures made as git
 * makes them (ssh-keygen -Y sign -n git, gpg --detach-sign --armor).
 */
#include "model.h"
#include "tap.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmp[PATH_MAX];
static char gnupg[PATH_MAX + 16];
static char orig_path[8192];

/* Run a shell command (a test fixture, not the library) quietly. */
static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		printf("# command failed (%d): %s\n", rc, cmd);
	return rc;
}

/* The bytes of file tmp/`rel` (malloc'd, NUL-terminated), length in *len. */
static char *slurp(const char *rel, size_t *len)
{
	char path[PATH_MAX + 256];
	FILE *f;
	char *p;
	long n;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	f = fopen(path, "rb");
	if (!f) {
		printf("# cannot read %s\n", path);
		*len = 0;
		return calloc(1, 1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = calloc((size_t)n + 1, 1);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

/* A string of the bytes of tmp/`rel` (kept until exit: the fixtures). */
typedef struct text { char *p; size_t n; } text;
static text fixtures[256];
static int nfixtures;

static text file(const char *rel)
{
	text t;

	t.p = slurp(rel, &t.n);
	if (nfixtures < 256)
		fixtures[nfixtures++] = t;
	return t;
}

static text str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static text str(const char *fmt, ...)
{
	isms_buf b = ISMS_BUF_INIT;
	va_list ap;
	text t;

	va_start(ap, fmt);
	isms_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	t.n = b.len;
	t.p = isms_buf_detach(&b);
	if (nfixtures < 256)
		fixtures[nfixtures++] = t;
	return t;
}

static isms_keyring *keyring(text as, text rev, text pgp)
{
	isms_keyring *k = NULL;
	isms_error err = { 0 };

	if (isms_keyring_new(&k, as.p, as.n, rev.p, rev.n, pgp.p, pgp.n, &err) < 0)
		printf("# keyring: %s\n", err.msg);
	return k;
}

static isms_verdict verify(isms_keyring *k, text payload, text sig,
	long long when)
{
	isms_verdict v;
	isms_error err = { 0 };

	if (!k) {
		memset(&v, 0, sizeof(v));
		snprintf(v.why, sizeof(v.why), "no keyring");
		return v;
	}
	if (isms_keyring_verify(&v, k, payload.p, payload.n, sig.p, sig.n,
			when, &err) < 0)
		printf("# verify: %s\n", err.msg);
	if (!v.ok)
		printf("#   why: %s\n", v.why);
	return v;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

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

#define GPG "gpg --batch --no-tty --quiet --homedir %s"

static int make_fixtures(void)
{
	long long now = time(NULL);
	int rc = 0;

	/* The payload: a commit without its gpgsig header, as git passes it. */
	rc |= sh("cd %s && printf 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\\n"
		"author Ann Lee <ann@example.com> 1700000000 +0000\\n"
		"committer Ann Lee <ann@example.com> 1700000000 +0000\\n\\n"
		"policy: approve the access control policy\\n' > payload && "
		"cp payload payload2 && echo 'and one more line' >> payload2", tmp);
	/* ssh keys: ann is listed, bob is not. */
	rc |= sh("cd %s && ssh-keygen -q -t ed25519 -N '' -C ann -f ann && "
		"ssh-keygen -q -t ed25519 -N '' -C bob -f bob && "
		"ssh-keygen -Y sign -n git -f ann payload 2>/dev/null </dev/null && mv payload.sig ann.sig && "
		"ssh-keygen -Y sign -n file -f ann payload 2>/dev/null </dev/null && mv payload.sig ann-file.sig && "
		"ssh-keygen -Y sign -n git -f bob payload 2>/dev/null </dev/null && mv payload.sig bob.sig && "
		"ssh-keygen -Y sign -n git -f ann payload2 2>/dev/null </dev/null && mv payload2.sig ann2.sig && "
		"ssh-keygen -q -k -f ann.krl ann.pub", tmp);
	/* OpenPGP keys: ann (valid), old (expired since it signed), rev
	 * (revoked after it signed), eve (not in the keyring). */
	rc |= sh("mkdir -m 700 %s", gnupg);
	rc |= sh(GPG " --passphrase '' --quick-gen-key 'Ann Lee <ann@example.com>' ed25519 sign 1y 2>/dev/null", gnupg);
	rc |= sh(GPG " --passphrase '' --quick-add-uid ann@example.com 'Ann Lee <ann.lee@example.org>' 2>/dev/null", gnupg);
	rc |= sh(GPG " --passphrase '' --faked-system-time %lld --quick-gen-key 'Old Key <old@example.com>' ed25519 sign 1y 2>/dev/null",
		gnupg, now - 2 * 365 * 86400LL);
	rc |= sh(GPG " --passphrase '' --quick-gen-key 'Rev Oked <rev@example.com>' ed25519 sign 1y 2>/dev/null", gnupg);
	rc |= sh(GPG " --passphrase '' --quick-gen-key 'Eve <eve@example.com>' ed25519 sign 1y 2>/dev/null", gnupg);
	rc |= sh("cd %s && " GPG " --local-user ann@example.com --armor --detach-sign -o ann.asc-sig payload && "
		GPG " --local-user ann@example.com --armor --detach-sign -o ann2.asc-sig payload2 && "
		GPG " --faked-system-time %lld --local-user old@example.com --armor --detach-sign -o old.asc-sig payload 2>/dev/null && "
		GPG " --local-user rev@example.com --armor --detach-sign -o rev.asc-sig payload && "
		GPG " --local-user eve@example.com --armor --detach-sign -o eve.asc-sig payload",
		tmp, gnupg, gnupg, gnupg, now - 18 * 30 * 86400LL, gnupg, gnupg);
	/* Revoke rev with the certificate gpg made for it. */
	rc |= sh("cd %s && fpr=$(" GPG " --with-colons --list-keys rev@example.com | awk -F: '/^fpr/{print $10; exit}') && "
		"sed 's/^:-----/-----/' %s/openpgp-revocs.d/$fpr.rev | " GPG " --import 2>/dev/null",
		tmp, gnupg, gnupg, gnupg);
	rc |= sh("cd %s && " GPG " --armor --export ann@example.com old@example.com rev@example.com > keys.asc && "
		GPG " --armor --export eve@example.com > eve.asc",
		tmp, gnupg, gnupg);
	/* A tool that hangs. */
	rc |= sh("mkdir %s/hang && printf '#!/bin/sh\\nexec sleep 30\\n' > %s/hang/ssh-keygen && "
		"chmod +x %s/hang/ssh-keygen && mkdir %s/private", tmp, tmp, tmp, tmp);
	return rc;
}

typedef struct job {
	isms_keyring *k;
	text payload, ssh, pgp;
	long long when;
	int ok;
} job;

static void *worker(void *arg)
{
	job *j = arg;
	isms_verdict v1, v2;
	isms_error err = { 0 };

	isms_keyring_verify(&v1, j->k, j->payload.p, j->payload.n, j->ssh.p,
		j->ssh.n, j->when, &err);
	isms_keyring_verify(&v2, j->k, j->payload.p, j->payload.n, j->pgp.p,
		j->pgp.n, j->when, &err);
	j->ok = v1.ok && v2.ok && !strcmp(v1.principal, "ann@example.com") &&
		isms_verdict_names(&v2, "ann@example.com");
	return NULL;
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	long long now = time(NULL), in2019 = 1559347200;   /* 2019-06-01 */
	text none = { NULL, 0 }, payload, payload2, annpub, bobpub, as, sig, keys;
	isms_keyring *k, *k2;
	isms_verdict v, w;
	struct timespec t0;
	double ms;
	int i;

	snprintf(tmp, sizeof(tmp), "%s/t-sign-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(gnupg, sizeof(gnupg), "%s/gnupg", tmp);
	snprintf(orig_path, sizeof(orig_path), "%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	if (make_fixtures() != 0) {
		ok(0, "fixtures made with ssh-keygen and gpg");
		return done_testing();
	}
	payload = file("payload");
	payload2 = file("payload2");
	annpub = file("ann.pub");
	bobpub = file("bob.pub");
	keys = file("keys.asc");

	/* ---- ssh */
	as = str("# approvers\nann@example.com namespaces=\"git\" %s", annpub.p);
	k = keyring(as, none, keys);
	ok(k != NULL, "a keyring is made from allowed_signers and openpgp keys");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	v = verify(k, payload, file("ann.sig"), now);
	ms = ms_since(&t0);
	ok(v.ok && v.status == ISMS_SIG_GOOD, "a good ssh signature by a listed key is ok");
	is_str(v.principal, "ann@example.com", "its principal is the e-mail in allowed_signers");
	is_str(v.format, "ssh", "its format is ssh");
	ok(!strncmp(v.fingerprint, "SHA256:", 7), "its fingerprint is ssh-keygen's SHA256:...");
	printf("# ssh verify (uncached): %.1f ms\n", ms);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	setenv("PATH", "/nonexistent", 1);
	w = verify(k, payload, file("ann.sig"), now);
	setenv("PATH", orig_path, 1);
	ms = ms_since(&t0);
	ok(w.ok && !strcmp(w.principal, v.principal) &&
		!strcmp(w.fingerprint, v.fingerprint),
		"asked again, the cache gives the same verdict without running ssh-keygen");
	printf("# ssh verify (cached): %.3f ms\n", ms);

	v = verify(k, payload2, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_BAD && strstr(v.why, "does not match"),
		"the same signature over tampered content does not match (not the cached verdict)");
	v = verify(k, payload, file("bob.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_UNLISTED && strstr(v.why, "not listed"),
		"a signature by a key not in allowed_signers is not ok");
	ok(strstr(v.why, "SHA256:") != NULL, "the reason names the unlisted key's fingerprint");
	v = verify(k, payload, file("ann-file.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_NAMESPACE && strstr(v.why, "namespace"),
		"a signature for namespace file, not git, is not ok");
	isms_keyring_free(k);

	k = keyring(str("ann@example.com namespaces=\"file\" %s", annpub.p), none, none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_NAMESPACE && strstr(v.why, "namespaces="),
		"a key listed only for namespace file does not sign for git");
	v = verify(k, payload, file("ann-file.sig"), now);
	ok(!v.ok, "... nor does its file signature count for git");
	isms_keyring_free(k);

	k = keyring(str("ann@example.com valid-before=\"20200101\" %s", annpub.p), none, none);
	v = verify(k, payload, file("ann.sig"), in2019);
	ok(v.ok, "a key whose valid-before has passed verifies a signature made before it");
	v = verify(k, payload, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_EXPIRED && strstr(v.why, "expired"),
		"the same key does not verify a signature made after its valid-before");
	isms_keyring_free(k);

	k = keyring(str("ann@example.com valid-after=\"20990101\" %s", annpub.p), none, none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_NOT_YET_VALID && strstr(v.why, "not yet valid"),
		"a key with valid-after in the future is not ok");
	isms_keyring_free(k);
	k = keyring(str("ann@example.com valid-after=\"20200101\" %s", annpub.p), none, none);
	v = verify(k, payload, file("ann.sig"), in2019);
	ok(!v.ok && v.status == ISMS_SIG_NOT_YET_VALID,
		"a signature made before the key's valid-after is not ok");
	isms_keyring_free(k);

	k = keyring(str("ann@example.com %s", annpub.p), annpub, none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_REVOKED && strstr(v.why, "revoked"),
		"a key in the revocation file (public keys) is revoked");
	isms_keyring_free(k);
	k = keyring(str("ann@example.com %s", annpub.p), file("ann.krl"), none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_REVOKED, "a key in a KRL (ssh-keygen -k) is revoked");
	isms_keyring_free(k);
	k = keyring(str("ann@example.com %s", annpub.p), bobpub, none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(v.ok, "a revocation list that names another key does not revoke this one");
	isms_keyring_free(k);

	k = keyring(str("Ann.Lee@Example.COM,ann@example.com %s"
		"*@corp.example,!mallory@corp.example %s", annpub.p, bobpub.p), none, none);
	v = verify(k, payload, file("ann.sig"), now);
	ok(v.ok && !strcmp(v.principal, "ann.lee@example.com,ann@example.com"),
		"a line with two principals gives both, lowercased, in file order");
	ok(isms_verdict_names(&v, "ANN@example.com") && isms_verdict_names(&v, "ann.lee@example.com")
		&& !isms_verdict_names(&v, "lee@example.com") && !isms_verdict_names(&v, "ann"),
		"isms_verdict_names matches each principal whole, without regard to case");
	ok(isms_keyring_names(k, "ann@EXAMPLE.com") && isms_keyring_names(k, "jo@corp.example")
		&& !isms_keyring_names(k, "mallory@corp.example")
		&& !isms_keyring_names(k, "jo@example.com"),
		"isms_keyring_names reads principals, patterns and !negations");

	v = verify(k, payload, none, now);
	ok(!v.ok && v.status == ISMS_SIG_NONE && !strcmp(v.why, "no signature"),
		"no signature is not ok: no signature");
	v = verify(k, payload, str("hello, I approve"), now);
	ok(!v.ok && v.status == ISMS_SIG_FORMAT && strstr(v.why, "unknown signature format"),
		"text that is no armored signature is an unknown format");
	v = verify(k, payload, str("-----BEGIN SSH SIGNATURE-----\nnot base64 at all!\n"
		"-----END SSH SIGNATURE-----\n"), now);
	ok(!v.ok && v.status == ISMS_SIG_MALFORMED, "garbage inside ssh armor is malformed, no crash");
	sig = file("ann.sig");
	sig.p[sig.n / 2] ^= 0x20;
	v = verify(k, payload, sig, now);
	ok(!v.ok && v.status == ISMS_SIG_MALFORMED, "an ssh signature with a flipped byte is not ok: malformed");
	{
		static char bin[] = "-----BEGIN SSH SIGNATURE-----\n\0\1\2\377\n";

		v = verify(k, payload, (text){ bin, sizeof(bin) - 1 }, now);
		ok(!v.ok && v.status == ISMS_SIG_MALFORMED,
			"binary bytes and NULs in the armor are malformed, no crash");
	}
	isms_keyring_free(k);

	/* ---- OpenPGP */
	k = keyring(str("ann@example.com %s", annpub.p), none, keys);
	ok(isms_keyring_names(k, "ann.lee@example.org") && isms_keyring_names(k, "old@example.com")
		&& !isms_keyring_names(k, "eve@example.com"),
		"isms_keyring_names knows the e-mails of the openpgp keys' user ids");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	v = verify(k, payload, file("ann.asc-sig"), now);
	ms = ms_since(&t0);
	ok(v.ok && v.status == ISMS_SIG_GOOD, "a good gpg signature by a key given is ok");
	ok(isms_verdict_names(&v, "ann@example.com") && isms_verdict_names(&v, "Ann.Lee@example.org")
		&& strlen(v.principal) == strlen("ann@example.com,ann.lee@example.org"),
		"its principals are the e-mails of the key's user ids (%s)", v.principal);
	is_str(v.format, "openpgp", "its format is openpgp");
	ok(strlen(v.fingerprint) == 40, "its fingerprint is the key's (40 hex digits)");
	printf("# gpg verify (uncached): %.1f ms\n", ms);
	v = verify(k, payload2, file("ann.asc-sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_BAD && strstr(v.why, "bad signature"),
		"a gpg signature over tampered content is a bad signature");
	v = verify(k, payload, file("eve.asc-sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_NO_PUBKEY && strstr(v.why, "no public key"),
		"a gpg signature by a key not in the keyring is not ok: no public key");
	v = verify(k, payload, file("rev.asc-sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_REVOKED && strstr(v.why, "revoked"),
		"a gpg signature by a key revoked since is not ok");
	/* old expired a year ago; it signed 18 months ago, at that commit time */
	v = verify(k, payload, file("old.asc-sig"), now - 18 * 30 * 86400LL);
	ok(v.ok && !strcmp(v.principal, "old@example.com"),
		"a gpg signature made while the key was valid counts after it expired");
	v = verify(k, payload, file("old.asc-sig"), 0);
	ok(v.ok, "... and with no commit time, the signature's own time decides");
	v = verify(k, payload, file("old.asc-sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_EXPIRED && strstr(v.why, "expired"),
		"the same signature on a commit dated after the key's expiry does not count");
	v = verify(k, payload, str("-----BEGIN PGP SIGNATURE-----\n\nZ2FyYmFnZQ==\n"
		"-----END PGP SIGNATURE-----\n"), now);
	ok(!v.ok && v.status == ISMS_SIG_MALFORMED, "garbage inside pgp armor is malformed, no crash");
	v = verify(k, payload, file("ann.sig"), now);
	ok(v.ok, "one keyring verifies ssh and openpgp signatures");

	/* ---- threads: distinct questions (times), so that the tools run */
	{
		pthread_t th[8];
		job jobs[8];
		int all = 1;

		for (i = 0; i < 8; i++) {
			jobs[i] = (job){ k, payload2, file("ann2.sig"),
				file("ann2.asc-sig"), now + i, 0 };
			pthread_create(&th[i], NULL, worker, &jobs[i]);
		}
		for (i = 0; i < 8; i++) {
			pthread_join(th[i], NULL);
			all &= jobs[i].ok;
		}
		ok(all, "eight threads verify ssh and gpg signatures on one keyring at once");
	}
	isms_keyring_free(k);

	/* ---- the user's environment does not leak in */
	setenv("GNUPGHOME", gnupg, 1);   /* holds eve's key */
	k = keyring(as, none, keys);
	v = verify(k, payload, file("eve.asc-sig"), now);
	ok(!v.ok && v.status == ISMS_SIG_NO_PUBKEY,
		"the caller's GNUPGHOME is not used: only the keys given count");
	unsetenv("GNUPGHOME");
	isms_keyring_free(k);

	/* ---- the private folder */
	{
		char priv[PATH_MAX + 32];
		DIR *d;
		struct dirent *e;
		int mode_ok = 0;

		snprintf(priv, sizeof(priv), "%s/private", tmp);
		setenv("TMPDIR", priv, 1);
		k = keyring(as, annpub, keys);
		if ((d = opendir(priv))) {
			while ((e = readdir(d)))
				if (!strncmp(e->d_name, "isms-sign-", 10)) {
					char p[PATH_MAX + 300];
					struct stat st;

					snprintf(p, sizeof(p), "%s/%s", priv, e->d_name);
					mode_ok = stat(p, &st) == 0 && (st.st_mode & 0777) == 0700;
				}
			closedir(d);
		}
		ok(mode_ok, "the keyring's private folder is in TMPDIR, mode 0700");
		verify(k, payload, file("ann.sig"), now);
		verify(k, payload, file("ann.asc-sig"), now);
		verify(k, payload, file("bob.sig"), now);
		isms_keyring_free(k);
		is_int(entries(priv), 0, "free removes the private folder and all the tools wrote");
		if (base)
			setenv("TMPDIR", base, 1);
		else
			unsetenv("TMPDIR");
	}

	/* ---- tools missing or hung */
	{
		char hang[PATH_MAX + 8192 + 16];
		isms_error err = { 0 };

		k = keyring(as, none, none);
		setenv("PATH", "/nonexistent", 1);
		v = verify(k, payload, file("ann.sig"), now);
		setenv("PATH", orig_path, 1);
		ok(!v.ok && v.status == ISMS_SIG_TOOL &&
			!strcmp(v.why, "ssh-keygen not found: install openssh-client"),
			"without ssh-keygen: not ok, and the reason says what to install");
		v = verify(k, payload, file("ann.sig"), now);
		ok(v.ok, "a missing tool's verdict is not cached: with the tool it verifies");

		snprintf(hang, sizeof(hang), "%s/hang:%s", tmp, orig_path);
		setenv("PATH", hang, 1);
		isms_keyring_set_timeout(k, 300);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		v = verify(k, payload, file("ann2.sig"), now);
		ms = ms_since(&t0);
		setenv("PATH", orig_path, 1);
		ok(!v.ok && v.status == ISMS_SIG_TOOL && strstr(v.why, "timed out"),
			"a hung ssh-keygen is killed at the time limit");
		ok(ms < 2000, "... and the call returns soon after it (%.0f ms)", ms);
		isms_keyring_free(k);

		setenv("PATH", "/nonexistent", 1);
		k2 = keyring(as, none, keys);
		ok(k2 != NULL, "without gpg, a keyring with openpgp keys is still made");
		v = verify(k2, payload, file("ann.asc-sig"), now);
		setenv("PATH", orig_path, 1);
		ok(!v.ok && v.status == ISMS_SIG_TOOL &&
			!strcmp(v.why, "gpg not found: install gnupg"),
			"... and its openpgp verdicts say to install gnupg");
		isms_keyring_free(k2);

		k2 = NULL;
		ok(isms_keyring_new(&k2, as.p, as.n, NULL, 0, "not a key", 9, &err) < 0
			&& k2 == NULL && strstr(err.msg, "openpgp"),
			"openpgp text with no key in it is an error");
	}
	ok(!strcmp(isms_sig_status_name(ISMS_SIG_REVOKED), "revoked") &&
		!strcmp(isms_sig_status_name(ISMS_SIG_GOOD), "good"),
		"status names for JSON");

	sh("gpgconf --homedir %s --kill all 2>/dev/null; rm -rf %s", gnupg, tmp);
	for (i = 0; i < nfixtures; i++)
		free(fixtures[i].p);
	return done_testing();
}
