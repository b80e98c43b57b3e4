/*
 * re.c - regular expressions: the only file that includes pcre2.
 *
 * Patterns come from isms.yml (section titles, ticket keys) and are matched
 * against heading text and commit messages, which may hold any bytes. So a
 * pattern is compiled with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF: the pattern
 * itself must be valid UTF-8 (a compile error otherwise), but an invalid
 * subject simply cannot match across its bad bytes instead of failing.
 *
 * PCRE2 reports a match as a positive count, no match as
 * PCRE2_ERROR_NOMATCH and trouble as other negative numbers; match() below
 * converts that once into 1 / 0 / -1 for the rest of the library.
 *
 * A compiled isms_re is shared read-only between the lint threads. The
 * pcre2_code is never modified by matching; the mutable state (ovector,
 * backtracking frames) lives in each thread's own match data.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "base.h"

#include <pthread.h>

#include <stdint.h>
#include <stdlib.h>

struct isms_re {
	pcre2_code *code;
};

int isms_re_compile(isms_re **out, const char *pattern, isms_error *err)
{
	pcre2_code *code;
	int errcode;
	PCRE2_SIZE erroffset;
	PCRE2_UCHAR msg[256];
	isms_re *re;

	*out = NULL;
	if (!pattern)
		return isms_error_set(err, NULL, 0, 0, "no pattern");
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
		PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &erroffset, NULL);
	if (!code) {
		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", errcode);
		return isms_error_set(err, NULL, 0, (int)erroffset + 1, "%s",
			(const char *)msg);
	}
	/*
	 * JIT is several times faster on the per-heading matches; where it is
	 * unavailable (no JIT support built in, W^X policy) the interpreter
	 * gives the same results, so a JIT failure is not an error.
	 */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);

	re = malloc(sizeof(*re));
	if (!re) {
		pcre2_code_free(code);
		return isms_error_set(err, NULL, 0, 0, "out of memory");
	}
	re->code = code;
	*out = re;
	return 0;
}

/* A thread's match data, made at its first match and freed when it
 * ends: one pair is enough, only the whole match is reported, and the
 * rules match every heading of every document. */
static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

static void md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void md_key_make(void)
{
	if (pthread_key_create(&md_key, md_free) != 0)
		abort();
}

static pcre2_match_data *thread_md(void)
{
	pcre2_match_data *md;

	pthread_once(&md_once, md_key_make);
	if (!(md = pthread_getspecific(md_key)) &&
	    (md = pcre2_match_data_create(1, NULL)) &&
	    pthread_setspecific(md_key, md) != 0) {
		pcre2_match_data_free(md);
		md = NULL;
	}
	return md;
}

/* Match once at or after `start`; 1 with [*so, *eo) set, 0, or -1. */
static int match(const isms_re *re, const char *subject, size_t len,
	size_t start, size_t *so, size_t *eo)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	int rc;

	if (!re || start > len)
		return -1;
	if (!subject)   /* PCRE2 10.42 refuses NULL even with length 0 */
		subject = "";
	if (!(md = thread_md()))
		return -1;
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, start, 0, md,
		NULL);
	/* rc == 0: matched, but the ovector is too small for the groups. */
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(md);
		if (so)
			*so = ov[0];
		if (eo)
			*eo = ov[1];
		rc = 1;
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		rc = 0;
	} else {
		rc = -1;   /* match or depth limit, out of memory */
	}
	return rc;
}

int isms_re_match(const isms_re *re, const char *subject, size_t len)
{
	return match(re, subject, len, 0, NULL, NULL);
}

int isms_re_find(const isms_re *re, const char *subject, size_t len,
	size_t start, size_t *so, size_t *eo)
{
	return match(re, subject, len, start, so, eo);
}

int isms_re_replace(isms_buf *out, const isms_re *re, const char *subject,
	size_t len, const char *replacement)
{
	uint32_t opts = PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_EXTENDED |
		PCRE2_SUBSTITUTE_OVERFLOW_LENGTH;
	PCRE2_SIZE n = len + 16 + 1;
	size_t at = out->len;
	int rc;

	if (!subject)
		subject = "";
	/* Replacing may lengthen: a too small buffer says how much it needs,
	 * and the second call fits. */
	for (;;) {
		isms_buf_grow(out, n);
		n = out->cap - at;
		rc = pcre2_substitute(re->code, (PCRE2_SPTR)subject, len, 0, opts,
			NULL, NULL, (PCRE2_SPTR)replacement, PCRE2_ZERO_TERMINATED,
			(PCRE2_UCHAR *)out->ptr + at, &n);
		if (rc != PCRE2_ERROR_NOMEMORY)
			break;
	}
	if (rc < 0) {
		out->ptr[at] = '\0';
		return -1;
	}
	out->len = at + n;
	out->ptr[out->len] = '\0';
	return 0;
}

void isms_re_free(isms_re *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}
