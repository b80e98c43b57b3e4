/*
 * reviews.c - the forge's review record: approvals from GitHub's or
 * GitLab's review JSON, kept in git as a note (isms-hook record-reviews),
 * and read back for the history.
 *
 * An approval is the reviewer's latest verdict, as the forge itself
 * counts it: a GitHub approval followed by "changes requested", or
 * dismissed, approves nothing. When the head commit that was merged is
 * known, an approval of another commit is kept in the note as `stale` and
 * does not count: the approver did not see what was merged (GitHub's
 * "dismiss stale approvals" setting makes the forge enforce the same
 * before the merge).
 */
#include "repo.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>


int isms_forge_parse(isms_forge *out, const char *name)
{
	static const char *const names[] = { "any", "github", "gitlab", NULL };
	int i = name ? isms_name_index(names, name) : -1;

	if (i <= 0)
		return -1;
	*out = (isms_forge)i;
	return 0;
}

const char *isms_forge_name(isms_forge f)
{
	return f == ISMS_FORGE_GITHUB ? "github" : f == ISMS_FORGE_GITLAB ?
		"gitlab" : "any";
}

/* "pull request #12", "merge request !12" */
static const char *request_name(isms_arena *a, isms_forge f, long n)
{
	return f == ISMS_FORGE_GITLAB ? isms_arena_printf(a, "merge request !%ld", n) :
		isms_arena_printf(a, "pull request #%ld", n);
}

/* ---------------------------------------------------------------- values */

static int fail_at(isms_error *err, const isms_ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(isms_error *err, const isms_ynode *n, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return isms_error_set(err, NULL, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

/* Scalar text without a NUL inside, or NULL. */
static const char *sv(const isms_ynode *n)
{
	const char *s = isms_yaml_str(n);

	return s && strlen(s) == n->len ? s : NULL;
}

/* A value that is absent or null. */
static int none(const isms_ynode *n)
{
	return !n || (n->kind == ISMS_Y_SCALAR && n->null);
}

/* Text cut and cleaned for a one-line message. */
static const char *shown(isms_arena *a, const char *s)
{
	char *c = isms_arena_strndup(a, s, strlen(s) > 64 ? 64 : strlen(s));
	char *p;

	for (p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = '?';
	return c;
}

/*
 * A forge login: GitHub's letters, digits and '-' (an app's with "[bot]"
 * after it), GitLab's also '_' and '.'. Anything else in the place of a
 * login means the JSON is not the forge's own.
 */
static int valid_login(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n > 5 && !strcmp(s + n - 5, "[bot]"))
		n -= 5;
	if (n == 0 || n > 255)
		return 0;
	for (i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_.", s[i]))
			return 0;
	return 1;
}

/* A full commit id (SHA-1 or SHA-256), lowercased into the arena. */
static const char *commit_id(isms_arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	char *c;

	if (n != 40 && n != 64)
		return NULL;
	c = isms_arena_strdup(a, s);
	for (i = 0; i < n; i++) {
		if (c[i] >= 'A' && c[i] <= 'F')
			c[i] = (char)(c[i] - 'A' + 'a');
		if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'f')))
			return NULL;
	}
	return c;
}

static int two(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* ISO 8601 / RFC 3339 as the forges write it: 2026-10-01T09:30:00Z,
 * with fractions of a second, or with an offset (+02:00, +0200). */
static int parse_time(long long *out, const char *s)
{
	char day[11];
	long days;
	int hh, mm, ss, oh, om, sign;
	long long t, off = 0;
	const char *p;

	if (strlen(s) < 20)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (isms_date_parse(day, &days) < 0 || (s[10] != 'T' && s[10] != 't'))
		return -1;
	if (two(s + 11, &hh) < 0 || s[13] != ':' || two(s + 14, &mm) < 0 ||
	    s[16] != ':' || two(s + 17, &ss) < 0 || hh > 23 || mm > 59 || ss > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (two(p, &oh) < 0 || oh > 23)
			return -1;
		p += 2;
		if (*p == ':')
			p++;
		if (two(p, &om) < 0 || om > 59)
			return -1;
		p += 2;
		off = sign * (oh * 3600LL + om * 60LL);
	} else {
		return -1;
	}
	if (*p)
		return -1;
	t = days * 86400LL + hh * 3600LL + mm * 60LL + (ss > 59 ? 59 : ss) - off;
	if (t < 0 || t > ISMS_DATE_LATEST)
		return -1;
	*out = t;
	return 0;
}

static const char *format_time(isms_arena *a, long long t)
{
	long days = isms_date_of(t);
	long long s = t - days * 86400LL;
	char day[11];

	isms_date_format(day, days);
	return isms_arena_printf(a, "%sT%02d:%02d:%02dZ", day, (int)(s / 3600),
		(int)(s / 60 % 60), (int)(s % 60));
}

/* An optional time at `n`: *at NULL when absent or null. */
static int time_at(const char **at, long long *t, isms_arena *a,
	const isms_ynode *n, const char *what, isms_error *err)
{
	const char *s = sv(n);

	*at = NULL;
	*t = 0;
	if (none(n))
		return 0;
	if (!s || parse_time(t, s) < 0)
		return fail_at(err, n, "%s is not an ISO 8601 time", what);
	*at = format_time(a, *t);
	return 0;
}

/* A positive number, written as digits. */
static long number(const isms_ynode *n)
{
	const char *s = sv(n);
	long v = 0;

	if (!s || !*s || strlen(s) > 12)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* ---------------------------------------------------------------- collecting */

struct list {
	isms_review_approval *v;
	size_t n, cap;
};

static void list_add(struct list *l, isms_arena *a, const isms_review_approval *ap)
{
	if (l->n == l->cap) {
		isms_review_approval *nv;

		l->cap = l->cap ? 2 * l->cap : 8;
		nv = isms_arena_alloc(a, l->cap * sizeof(*nv));
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n++] = *ap;
}

/* The pull request a JSON names must be the one asked for, and one only. */
static int agree(long *pr, long named, const isms_ynode *where, isms_forge f,
	isms_arena *a, isms_error *err)
{
	if (!named)
		return 0;
	if (*pr && *pr != named)
		return fail_at(err, where, "the JSON is of %s, not %s",
			request_name(a, f, named), request_name(a, f, *pr));
	*pr = named;
	return 0;
}

/* A forge's error reply ({"message": "Not Found", ...}) says what went
 * wrong better than "not a review list". */
static int not_shape(const isms_ynode *n, const char *forge, const char *want,
	isms_arena *a, isms_error *err)
{
	const isms_ynode *m = isms_yaml_get(n, "message");
	const char *s = sv(m);

	if (!s)
		s = sv(isms_yaml_get(n, "error"));
	if (s)
		return fail_at(err, n, "%s says: %s", forge, shown(a, s));
	return fail_at(err, n, "not %s", want);
}

/* ---------------------------------------------------------------- GitHub */

struct verdict {
	const char *login;
	size_t order;            /* the review's place in the JSON */
	int approved;
	isms_review_approval ap;
};

static int cmp_verdict(const void *x, const void *y)
{
	const struct verdict *a = x, *b = y;
	int c = strcasecmp(a->login, b->login);

	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int cmp_order(const void *x, const void *y)
{
	const struct verdict *a = x, *b = y;

	return a->order < b->order ? -1 : a->order > b->order;
}

/* The number at the end of ".../pulls/12", or 0. */
static long pr_of_url(const char *url)
{
	const char *p = url, *last = NULL;
	char *end;
	long n;

	while (p && (p = strstr(p, "/pulls/")))
		last = p++;
	if (!last || last[7] < '0' || last[7] > '9')
		return 0;
	n = strtol(last + 7, &end, 10);
	return *end == '\0' && n > 0 ? n : 0;
}

/* One review into `v`; 0 with v->login NULL when it gives no verdict. */
static int github_review(struct verdict *v, long *pr, isms_arena *a,
	const isms_ynode *r, isms_error *err)
{
	const isms_ynode *st = isms_yaml_get(r, "state");
	const isms_ynode *user = isms_yaml_get(r, "user");
	const isms_ynode *cid = isms_yaml_get(r, "commit_id");
	const char *state = sv(st), *login;

	memset(v, 0, sizeof(*v));
	if (r->kind != ISMS_Y_MAP)
		return fail_at(err, r, "a review is not an object");
	if (!state)
		return fail_at(err, r, "a review without a state");
	if (agree(pr, pr_of_url(sv(isms_yaml_get(r, "pull_request_url"))),
	    isms_yaml_get(r, "pull_request_url"), ISMS_FORGE_GITHUB, a, err) < 0)
		return -1;
	/* Not verdicts: a comment, and a review not yet submitted. */
	if (!strcasecmp(state, "COMMENTED") || !strcasecmp(state, "PENDING"))
		return 0;
	/* A deleted account's reviews have no user: nobody to map. */
	if (none(user))
		return 0;
	if (user->kind != ISMS_Y_MAP)
		return fail_at(err, user, "a review's user is not an object");
	login = sv(isms_yaml_get(user, "login"));
	if (!valid_login(login))
		return fail_at(err, isms_yaml_get(user, "login") ?
			isms_yaml_get(user, "login") : user,
			"a review's user has no GitHub login");
	v->login = isms_arena_strdup(a, login);
	v->approved = !strcasecmp(state, "APPROVED");
	v->ap.login = v->login;
	if (sv(isms_yaml_get(user, "name")))
		v->ap.name = isms_arena_strdup(a, sv(isms_yaml_get(user, "name")));
	if (time_at(&v->ap.at, &v->ap.time, a, isms_yaml_get(r, "submitted_at"),
	    "submitted_at", err) < 0)
		return -1;
	if (!none(cid) && !(v->ap.commit = commit_id(a, sv(cid))))
		return fail_at(err, cid, "commit_id is not a commit id");
	return 0;
}

static int github(struct list *out, long *pr, isms_arena *a,
	const isms_ynode *pages, isms_error *err)
{
	struct verdict *v = NULL;
	size_t n = 0, cap = 0, order = 0, i, p, k;
	int rc = -1;

	for (p = 0; p < pages->n; p++) {
		const isms_ynode *page = pages->items[p];

		if (page->kind != ISMS_Y_SEQ) {
			not_shape(page, "GitHub", "GitHub's review list (an array "
				"of reviews)", a, err);
			goto done;
		}
		for (i = 0; i < page->n; i++) {
			/* gh api --slurp: an array of pages. */
			const isms_ynode *inner = page->items[i];
			size_t m = inner->kind == ISMS_Y_SEQ ? inner->n : 1;

			for (k = 0; k < m; k++) {
				const isms_ynode *r = inner->kind == ISMS_Y_SEQ ?
					inner->items[k] : inner;

				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					if (!(v = realloc(v, cap * sizeof(*v))))
						abort();
				}
				if (github_review(&v[n], pr, a, r, err) < 0)
					goto done;
				v[n].order = order++;
				if (v[n].login)
					n++;
			}
		}
	}
	/* The latest verdict of each reviewer; the list returns in
	 * chronological order, page after page. Sorting keeps this n log n. */
	if (n)
		qsort(v, n, sizeof(*v), cmp_verdict);
	for (i = 0, k = 0; i < n; i++)
		if (i + 1 == n || strcasecmp(v[i].login, v[i + 1].login))
			v[k++] = v[i];
	if (k)
		qsort(v, k, sizeof(*v), cmp_order);
	for (i = 0; i < k; i++)
		if (v[i].approved)
			list_add(out, a, &v[i].ap);
	rc = 0;
done:
	free(v);
	return rc;
}

/* ---------------------------------------------------------------- GitLab */

/* Keep each login's first entry, in order (GitLab lists an approver once;
 * a second entry adds nothing). Sorting keeps this n log n. */
static void first_each(struct list *l)
{
	struct verdict *v;
	size_t i, k;

	if (l->n < 2)
		return;
	if (!(v = calloc(l->n, sizeof(*v))))
		abort();
	for (i = 0; i < l->n; i++) {
		v[i].login = l->v[i].login;
		v[i].order = i;
		v[i].ap = l->v[i];
	}
	qsort(v, l->n, sizeof(*v), cmp_verdict);
	for (i = 0, k = 0; i < l->n; i++)
		if (i == 0 || strcasecmp(v[i].login, v[i - 1].login))
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), cmp_order);
	for (i = 0; i < k; i++)
		l->v[i] = v[i].ap;
	l->n = k;
	free(v);
}

static int gitlab(struct list *out, long *pr, isms_arena *a,
	const isms_ynode *pages, isms_error *err)
{
	const isms_ynode *root = pages->items[0], *by;
	size_t i;

	if (pages->n > 1)
		return fail_at(err, pages->items[1], "more than one JSON value: "
			"GitLab's approvals are one object");
	if (root->kind != ISMS_Y_MAP || !(by = isms_yaml_get(root, "approved_by")))
		return not_shape(root, "GitLab", "GitLab's merge-request approvals "
			"(an object with approved_by)", a, err);
	if (agree(pr, number(isms_yaml_get(root, "iid")),
	    isms_yaml_get(root, "iid"), ISMS_FORGE_GITLAB, a, err) < 0)
		return -1;
	if (by->kind != ISMS_Y_SEQ)
		return fail_at(err, by, "approved_by is not an array");
	for (i = 0; i < by->n; i++) {
		const isms_ynode *it = by->items[i], *user, *un;
		isms_review_approval ap;

		memset(&ap, 0, sizeof(ap));
		user = isms_yaml_get(it, "user");
		if (it->kind != ISMS_Y_MAP || !user || user->kind != ISMS_Y_MAP)
			return fail_at(err, it, "an approval without a user");
		un = isms_yaml_get(user, "username");
		if (!valid_login(sv(un)))
			return fail_at(err, un ? un : user, "an approval's user has "
				"no GitLab username");
		ap.login = isms_arena_strdup(a, sv(un));
		if (sv(isms_yaml_get(user, "name")))
			ap.name = isms_arena_strdup(a, sv(isms_yaml_get(user, "name")));
		if (time_at(&ap.at, &ap.time, a, isms_yaml_get(it, "approved_at"),
		    "approved_at", err) < 0)
			return -1;
		list_add(out, a, &ap);
	}
	first_each(out);
	return 0;
}

/* ---------------------------------------------------------------- parse */

int isms_reviews_parse(isms_review_note **out, isms_arena *a, isms_forge forge,
	long pr, const char *head, const char *json, size_t len, isms_error *err)
{
	isms_ynode *pages;
	isms_review_note *note;
	struct list all = { 0 }, ok = { 0 }, stale = { 0 };
	const isms_ynode *first;
	size_t i;

	*out = NULL;
	if (isms_json_parse(&pages, a, json, len, ISMS_JSON_CONCAT, err) < 0)
		return -1;
	first = pages->items[0];
	if (forge == ISMS_FORGE_ANY)
		forge = first->kind == ISMS_Y_SEQ ? ISMS_FORGE_GITHUB :
			isms_yaml_get(first, "approved_by") ? ISMS_FORGE_GITLAB :
			ISMS_FORGE_ANY;
	if (forge == ISMS_FORGE_ANY)
		return not_shape(first, "the forge", "a forge's review JSON "
			"(GitHub's review array, GitLab's approvals object)", a, err);
	if ((forge == ISMS_FORGE_GITHUB ? github : gitlab)(&all, &pr, a, pages,
	    err) < 0)
		return -1;
	if (head && !(head = commit_id(a, head)))
		return isms_error_set(err, NULL, 0, 0, "the head is not a commit id");
	/* Only GitHub says which commit an approval was of. */
	for (i = 0; i < all.n; i++)
		list_add(forge == ISMS_FORGE_GITHUB && head && (!all.v[i].commit ||
			strcmp(all.v[i].commit, head)) ? &stale : &ok, a, &all.v[i]);
	note = isms_arena_alloc(a, sizeof(*note));
	note->forge = forge;
	note->pull_request = pr;
	note->head = head;
	note->approvals = ok.v;
	note->napprovals = ok.n;
	note->stale = stale.v;
	note->nstale = stale.n;
	*out = note;
	return 0;
}

/* ---------------------------------------------------------------- the note */

/*
 * A YAML double-quoted string (NULL: null). What YAML cannot hold raw, or
 * would read as a line break (U+0085, U+2028, U+2029), is escaped; so a
 * display name survives the round trip whatever its characters.
 */
static void put_str(isms_buf *b, const char *s)
{
	const char *p = s;

	if (!s) {
		isms_buf_puts(b, "null");
		return;
	}
	isms_buf_putc(b, '"');
	while (*p) {
		unsigned long cp;
		size_t n = isms_utf8_seq(p, NULL, &cp);

		if (!n) {
			isms_buf_puts(b, "\\uFFFD");
			p++;
			continue;
		}
		if (cp == '"' || cp == '\\') {
			isms_buf_putc(b, '\\');
			isms_buf_putc(b, (int)cp);
		} else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
		    cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF) {
			isms_buf_printf(b, "\\u%04lX", cp);
		} else {
			isms_buf_add(b, p, n);
		}
		p += n;
	}
	isms_buf_putc(b, '"');
}

static void put_list(isms_buf *b, const char *key,
	const isms_review_approval *v, size_t n)
{
	size_t i;

	isms_buf_printf(b, "%s:%s\n", key, n ? "" : " []");
	for (i = 0; i < n; i++) {
		isms_buf_puts(b, "  - {login: ");
		put_str(b, v[i].login);
		isms_buf_puts(b, ", name: ");
		put_str(b, v[i].name);
		isms_buf_puts(b, ", at: ");
		put_str(b, v[i].at);
		isms_buf_puts(b, ", commit: ");
		put_str(b, v[i].commit);
		isms_buf_puts(b, "}\n");
	}
}

void isms_reviews_note_write(isms_buf *out, const isms_review_note *note)
{
	isms_buf_puts(out, "# isms-hook record-reviews: the forge's approvals of "
		"this commit\n");
	isms_buf_puts(out, "version: 1\n");
	isms_buf_printf(out, "forge: %s\n", isms_forge_name(note->forge));
	isms_buf_printf(out, "pull_request: %ld\n", note->pull_request);
	if (note->merge)
		isms_buf_printf(out, "merge: %s\n", note->merge);
	if (note->head)
		isms_buf_printf(out, "head: %s\n", note->head);
	if (note->recorded)
		isms_buf_printf(out, "recorded: %s\n", note->recorded);
	put_list(out, "approvals", note->approvals, note->napprovals);
	if (note->nstale)
		put_list(out, "stale", note->stale, note->nstale);
}

static int note_commit(const char **out, isms_arena *a, const isms_ynode *n,
	const char *what, isms_error *err)
{
	*out = NULL;
	if (none(n))
		return 0;
	if (!(*out = commit_id(a, sv(n))))
		return fail_at(err, n, "%s is not a commit id", what);
	return 0;
}

static int note_list(isms_review_approval **v, size_t *n, isms_arena *a,
	const isms_ynode *seq, const char *key, isms_error *err)
{
	size_t i;

	*v = NULL;
	*n = 0;
	if (none(seq))
		return 0;
	if (seq->kind != ISMS_Y_SEQ)
		return fail_at(err, seq, "%s is not a list", key);
	*v = isms_arena_alloc(a, (seq->n ? seq->n : 1) * sizeof(**v));
	for (i = 0; i < seq->n; i++) {
		const isms_ynode *it = seq->items[i], *l, *nm;
		isms_review_approval *ap = &(*v)[i];

		if (it->kind != ISMS_Y_MAP)
			return fail_at(err, it, "an item of %s is not a map", key);
		l = isms_yaml_get(it, "login");
		if (!valid_login(sv(l)))
			return fail_at(err, l ? l : it, "an item of %s has no valid "
				"login", key);
		ap->login = sv(l);
		nm = isms_yaml_get(it, "name");
		if (!none(nm) && !(ap->name = sv(nm)))
			return fail_at(err, nm, "name is not text");
		if (time_at(&ap->at, &ap->time, a, isms_yaml_get(it, "at"), "at",
		    err) < 0 || note_commit(&ap->commit, a,
		    isms_yaml_get(it, "commit"), "commit", err) < 0)
			return -1;
	}
	*n = seq->n;
	return 0;
}

int isms_reviews_note_parse(isms_review_note **out, isms_arena *a,
	const char *text, size_t len, isms_error *err)
{
	isms_ynode *root;
	isms_yissue *issues;
	isms_review_note *note;
	const isms_ynode *k;
	const char *forge;
	long long t;

	*out = NULL;
	if (isms_yaml_parse(&root, &issues, a, text, len, 1, err) < 0)
		return -1;
	if (issues)
		return isms_error_set(err, NULL, issues->line, issues->col, "%s",
			issues->msg);
	if (!root || root->kind != ISMS_Y_MAP)
		return fail_at(err, root, "not a review note (a map)");
	k = isms_yaml_get(root, "version");
	if (!sv(k) || strcmp(sv(k), "1"))
		return fail_at(err, k ? k : root, "not a review note of version 1");
	note = isms_arena_alloc(a, sizeof(*note));
	k = isms_yaml_get(root, "forge");
	forge = sv(k);
	if (!forge || isms_forge_parse(&note->forge, forge) < 0)
		return fail_at(err, k ? k : root, "forge is not github or gitlab");
	k = isms_yaml_get(root, "pull_request");
	if (!(note->pull_request = number(k)))
		return fail_at(err, k ? k : root, "pull_request is not a number");
	if (note_commit(&note->merge, a, isms_yaml_get(root, "merge"), "merge",
	    err) < 0 || note_commit(&note->head, a, isms_yaml_get(root, "head"),
	    "head", err) < 0 || time_at(&note->recorded, &t, a,
	    isms_yaml_get(root, "recorded"), "recorded", err) < 0)
		return -1;
	k = isms_yaml_get(root, "approvals");
	if (!k)
		return fail_at(err, root, "no approvals list");
	if (note_list(&note->approvals, &note->napprovals, a, k, "approvals",
	    err) < 0 || note_list(&note->stale, &note->nstale, a,
	    isms_yaml_get(root, "stale"), "stale", err) < 0)
		return -1;
	*out = note;
	return 0;
}

int isms_reviews_of(isms_review_note **out, isms_arena *a, isms_source *src,
	const char *commit, isms_error *err)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_error e = { 0 };
	int rc;

	*out = NULL;
	rc = isms_source_note(&b, src, ISMS_REVIEWS_REF, commit);
	if (rc == ISMS_ENOTFOUND) {
		isms_buf_release(&b);
		return rc;
	}
	if (rc < 0) {
		isms_buf_release(&b);
		return isms_error_set(err, ISMS_REVIEWS_REF, 0, 0, "cannot read "
			"the note of %.7s", commit);
	}
	rc = isms_reviews_note_parse(out, a, b.ptr, b.len, &e);
	isms_buf_release(&b);
	if (rc < 0)
		return isms_error_set(err, ISMS_REVIEWS_REF, e.line, e.col,
			"the note of %.7s: %s", commit, e.msg);
	if (!(*out)->merge || strcasecmp((*out)->merge, commit)) {
		const char *m = (*out)->merge;

		*out = NULL;
		return isms_error_set(err, ISMS_REVIEWS_REF, 0, 0, "the note of "
			"%.7s names %s%.7s: a note copied from another commit proves "
			"nothing", commit, m ? "commit " : "no commit", m ? m : "");
	}
	return 0;
}

/* ---------------------------------------------------------------- record */

/* The note without its `recorded:` line, to tell a re-run that found the
 * same approvals from one that found others. */
static void without_recorded(isms_buf *out, const char *s)
{
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s + 1) : strlen(s);

		if (strncmp(s, "recorded:", 9))
			isms_buf_add(out, s, n);
		s += n;
	}
}

static void put_logins(isms_buf *b, const isms_review_approval *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		isms_buf_printf(b, "%s%s", i ? ", " : "", v[i].login);
}

int isms_reviews_record(isms_buf *log, const isms_reviews_opts *opts,
	const char *json, size_t len, isms_error *err)
{
	isms_arena *a = isms_arena_new();
	isms_source *src = NULL;
	isms_review_note *note;
	isms_buf text = ISMS_BUF_INIT, have = ISMS_BUF_INIT;
	isms_buf t1 = ISMS_BUF_INIT, t2 = ISMS_BUF_INIT;
	char parents[2][41], shortc[8];
	const char *commit, *msg, *head = NULL, *what;
	size_t np, i;
	int rc = -1, same, squash;

	if (isms_source_open(&src, opts->dir, ISMS_SRC_REV,
	    opts->commit ? opts->commit : "HEAD", err) < 0)
		goto done;
	commit = isms_arena_strdup(a, isms_source_commit(src));
	if (isms_source_commit_meta(parents, 2, &np, &msg, a, src, commit) < 0) {
		isms_error_set(err, "", 0, 0, "cannot read commit %s", commit);
		goto done;
	}
	if (opts->head && !(head = commit_id(a, opts->head))) {
		isms_error_set(err, "", 0, 0, "--head \"%s\" is not a full commit id",
			shown(a, opts->head));
		goto done;
	}
	/* A merge commit's second parent is the head it merged. */
	if (!head && np >= 2)
		head = parents[1];
	if (isms_reviews_parse(&note, a, opts->forge, opts->pr, head, json, len,
	    err) < 0) {
		snprintf(err->path, sizeof(err->path), "%s",
			opts->input ? opts->input : "<stdin>");
		goto done;
	}
	if (!note->pull_request)
		note->pull_request = isms_msg_pull_request(msg ? msg : "", &squash);
	if (!note->pull_request) {
		isms_error_set(err, "", 0, 0, "no pull request number: the JSON "
			"names none, nor does the message of %.7s; give --pr N", commit);
		goto done;
	}
	note->merge = commit;
	note->recorded = format_time(a, opts->now >= 0 ? opts->now : isms_date_epoch());
	isms_reviews_note_write(&text, note);

	rc = isms_source_note(&have, src, ISMS_REVIEWS_REF, commit);
	if (rc == 0) {
		without_recorded(&t1, have.ptr);
		without_recorded(&t2, text.ptr);
	}
	same = rc == 0 && t1.len == t2.len && !memcmp(t1.ptr, t2.ptr, t1.len);
	if (!same && isms_source_note_write(src, ISMS_REVIEWS_REF, commit,
	    text.ptr, err) < 0) {
		rc = -1;
		goto done;
	}
	rc = 0;

	memcpy(shortc, commit, 7);
	shortc[7] = '\0';
	what = request_name(a, note->forge, note->pull_request);
	isms_buf_printf(log, "%s", same ? "already recorded: " : "recorded ");
	if (note->napprovals)
		isms_buf_printf(log, "%zu approval%s of %s on %s: ", note->napprovals,
			note->napprovals == 1 ? "" : "s", what, shortc);
	else
		isms_buf_printf(log, "no approval of %s on %s", what, shortc);
	put_logins(log, note->approvals, note->napprovals);
	isms_buf_putc(log, '\n');
	for (i = 0; i < note->nstale; i++) {
		const isms_review_approval *s = &note->stale[i];

		if (s->commit)
			isms_buf_printf(log, "not counted: %s approved %.7s, not the "
				"merged head %.7s\n", s->login, s->commit, note->head);
		else
			isms_buf_printf(log, "not counted: %s approved a commit GitHub "
				"no longer knows, not the merged head %.7s\n", s->login,
				note->head);
	}
done:
	isms_buf_release(&text);
	isms_buf_release(&have);
	isms_buf_release(&t1);
	isms_buf_release(&t2);
	isms_source_free(src);
	isms_arena_free(a);
	return rc;
}
