/*
 * t-reviews.c - the forge's review record: the JSON parser (lib/json.c),
 * the effective approvals of GitHub's and GitLab's review JSON, the note
 * format and its parser (lib/reviews.c), and git notes (lib/git.c) on real
 * repositories made with the git command line.
 */
#include "model.h"
#include "tap.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static isms_arena *A;
static isms_error err;

#define H1 "1111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222"

/* ---------------------------------------------------------------- helpers */

static isms_ynode *json(const char *s, int flags)
{
	isms_ynode *n = NULL;

	memset(&err, 0, sizeof(err));
	if (isms_json_parse(&n, A, s, strlen(s), flags, &err) < 0)
		return NULL;
	return n;
}

/* Parses to an error at line:col whose message contains `msg`. */
static void json_bad(const char *s, int line, int col, const char *msg,
	const char *name)
{
	isms_ynode *n = (isms_ynode *)1;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_json_parse(&n, A, s, strlen(s), ISMS_JSON_CONCAT, &err);
	if (!ok(rc < 0 && !n && err.line == line && err.col == col &&
	    strstr(err.msg, msg), "json: %s", name))
		printf("#   got rc %d, %d:%d: %s\n", rc, err.line, err.col, err.msg);
}

static isms_review_note *gh(const char *s, long pr, const char *head)
{
	isms_review_note *n = NULL;

	memset(&err, 0, sizeof(err));
	if (isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, pr, head, s, strlen(s),
	    &err) < 0)
		printf("#   %d:%d: %s\n", err.line, err.col, err.msg);
	return n;
}

/* The logins of approvals (or stale ones), comma-separated. */
static const char *logins(const isms_review_approval *v, size_t n)
{
	isms_buf b = ISMS_BUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < n; i++)
		isms_buf_printf(&b, "%s%s", i ? "," : "", v[i].login);
	s = isms_arena_strdup(A, b.ptr ? b.ptr : "");
	isms_buf_release(&b);
	return s;
}

#define APPROVERS(note) ((note) ? logins((note)->approvals, (note)->napprovals) : "(error)")
#define STALE(note) ((note) ? logins((note)->stale, (note)->nstale) : "(error)")

/* A GitHub review as the API sends it, cut to the fields that matter here
 * and a few that do not. */
static const char *review(const char *login, const char *state,
	const char *at, const char *commit)
{
	return isms_arena_printf(A, "{\"id\":1,\"node_id\":\"PRR_x\",\"user\":{"
		"\"login\":\"%s\",\"id\":7,\"type\":\"User\",\"site_admin\":false},"
		"\"body\":\"\",\"state\":\"%s\",\"html_url\":\"https://github.com/o/r/"
		"pull/12#pullrequestreview-1\",\"pull_request_url\":\"https://api."
		"github.com/repos/o/r/pulls/12\",\"author_association\":\"MEMBER\","
		"\"_links\":{\"html\":{\"href\":\"x\"}},\"submitted_at\":\"%s\","
		"\"commit_id\":\"%s\"}", login, state, at, commit);
}

static const char *reviews(const char *a, const char *b, const char *c)
{
	return isms_arena_printf(A, "[%s%s%s%s%s]", a, b ? "," : "", b ? b : "",
		c ? "," : "", c ? c : "");
}

static char *slurp(const char *rel)
{
	const char *src = getenv("ISMS_SRC");
	char path[PATH_MAX];
	isms_buf b = ISMS_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", src && *src ? src : ".", rel);
	if (!(f = fopen(path, "rb"))) {
		printf("# cannot open %s (set ISMS_SRC)\n", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_add(&b, chunk, n);
	fclose(f);
	return isms_buf_detach(&b);
}

/* ---------------------------------------------------------------- json */

static void test_json(void)
{
	isms_ynode *n;
	const isms_ynode *v;

	n = json("{\"a\": [1, -2.5e+3, true, false, null, \"x\"], \"b\": {}}", 0);
	ok(n && n->kind == ISMS_Y_MAP && n->n == 2, "json: an object is a map");
	v = isms_yaml_get(n, "a");
	ok(v && v->kind == ISMS_Y_SEQ && v->n == 6, "json: an array is a sequence");
	if (v && v->n == 6) {
		is_str(isms_yaml_str(v->items[1]), "-2.5e+3", "json: a number is its text");
		ok(!v->items[1]->quoted && v->items[5]->quoted,
			"json: strings are quoted scalars, numbers are not");
		is_str(isms_yaml_str(v->items[2]), "true", "json: true is a plain scalar");
		ok(v->items[4]->null && !isms_yaml_str(v->items[4]), "json: null is a null scalar");
		is_int(v->items[5]->line * 100 + v->items[5]->col, 139,
			"json: a value's position is line 1, column 39");
	}
	v = isms_yaml_get(n, "b");
	ok(v && v->kind == ISMS_Y_MAP && v->n == 0, "json: {} is an empty map");

	n = json("\"\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\u4E2D \\ud83d\\udc4d\"", 0);
	is_str(isms_yaml_str(n), "\" \\ / \b\f\n\r\t \xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x91\x8D",
		"json: every escape, \\u in the BMP and a surrogate pair decode to UTF-8");
	n = json("\"a\x7F\xC2\x80\xE2\x80\xA8\xEF\xBF\xBE\xF0\x9F\x91\x8D\"", 0);
	is_str(isms_yaml_str(n), "a\x7F\xC2\x80\xE2\x80\xA8\xEF\xBF\xBE\xF0\x9F\x91\x8D",
		"json: raw DEL, U+0080, U+2028 and U+FFFE are kept as they are (libyaml refuses or folds them)");
	n = json("\"a\\u0000b\"", 0);
	ok(n && n->len == 3 && n->str[1] == '\0' && n->str[2] == 'b',
		"json: \\u0000 is kept, and len tells it from the end");
	n = json("\xEF\xBB\xBF [ ]", 0);
	ok(n && n->kind == ISMS_Y_SEQ && n->n == 0, "json: a byte order mark is skipped");

	n = json("[1]\n[2,3][4]", ISMS_JSON_CONCAT);
	ok(n && n->kind == ISMS_Y_SEQ && n->n == 3 && n->items[1]->n == 2 &&
	   n->items[2]->line == 2 && n->items[2]->col == 6,
		"json: concatenated values (gh api --paginate) are a sequence of them");
	n = json("[1]", ISMS_JSON_CONCAT);
	ok(n && n->kind == ISMS_Y_SEQ && n->n == 1 && n->items[0]->kind == ISMS_Y_SEQ,
		"json: one value with ISMS_JSON_CONCAT is a sequence of one");
	{
		/* A long single line: columns keep counting characters. */
		isms_buf b = ISMS_BUF_INIT;
		int i;

		isms_buf_puts(&b, "[");
		for (i = 0; i < 20000; i++)
			isms_buf_printf(&b, "%s{\"k\":\"\xC3\xA9\"}", i ? "," : "");
		isms_buf_puts(&b, ",]");
		json_bad(b.ptr, 1, 1 + 20000 * 10 + 1, "expected a value",
			"an error far along one long line has its column in characters");
		isms_buf_release(&b);
	}

	json_bad("[1, 2,]", 1, 7, "expected a value, found ']'", "a trailing comma is an error");
	json_bad("{\"a\" 1}", 1, 6, "expected ':'", "a missing colon is an error");
	json_bad("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'",
		"a missing comma is an error at the next member");
	json_bad("{a: 1}", 1, 2, "expected a string key", "YAML's plain keys are not JSON");
	json_bad("[\"abc", 1, 2, "unterminated string", "an unterminated string");
	json_bad("[\"a\nb\"]", 1, 4, "line break in a string", "a raw line break in a string");
	json_bad("[\"a\tb\"]", 1, 4, "control character U+0009", "a raw tab in a string");
	json_bad("[\"\\ud83d\"]", 1, 3, "first half of a surrogate pair", "a lone high surrogate");
	json_bad("[\"\\udc4d\"]", 1, 3, "second half", "a lone low surrogate");
	json_bad("[\"\\x41\"]", 1, 3, "unknown escape \\x", "an escape JSON does not have");
	json_bad("[\"\\u12G4\"]", 1, 3, "four hex digits", "a short \\u escape");
	json_bad("[\"\xC3\x28\"]", 1, 3, "invalid UTF-8", "invalid UTF-8");
	json_bad("[\"\xC0\xAF\"]", 1, 3, "invalid UTF-8", "an overlong UTF-8 form");
	json_bad("[\"\xED\xA0\x80\"]", 1, 3, "invalid UTF-8", "a UTF-8 encoded surrogate");
	json_bad("[01]", 1, 3, "expected ',' or ']'", "a leading zero is not a number");
	json_bad("[-]", 1, 2, "invalid number", "a lone minus");
	json_bad("[1.]", 1, 2, "invalid number", "a fraction without digits");
	json_bad("[1e+]", 1, 2, "invalid number", "an exponent without digits");
	json_bad("[nul]", 1, 2, "expected a value", "a misspelt literal");
	json_bad("", 1, 1, "empty", "empty input");
	json_bad(" \n ", 2, 2, "empty", "blank input");
	json_bad("{\"a\": 1,\n \"b\": 2, \"a\": 3}", 2, 10, "duplicate key \"a\" (first at line 1)",
		"a duplicate key is an error at the second one");
	{
		char deep[200];

		memset(deep, '[', 65);
		deep[65] = '\0';
		json_bad(deep, 1, 65, "deeper than 64", "nesting deeper than 64 levels");
	}
	memset(&err, 0, sizeof(err));
	ok(isms_json_parse(&n, A, "[1] [2]", 7, 0, &err) < 0 && err.col == 5 &&
	   strstr(err.msg, "text after the JSON value"),
		"json: without ISMS_JSON_CONCAT a second value is an error");
	memset(&err, 0, sizeof(err));
	ok(isms_json_parse(&n, A, "[1,2,3]", 5, 0, &err) < 0,
		"json: the length is honoured (no reading past it)");
}

/* ---------------------------------------------------------------- GitHub */

static void test_github(void)
{
	isms_review_note *n;
	char *f;

	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("ann", "APPROVED", "2026-10-01T10:00:00Z", H1), NULL), 12, NULL);
	is_str(APPROVERS(n), "jroe,ann", "github: two approvals, oldest first");
	ok(n && n->forge == ISMS_FORGE_GITHUB && n->pull_request == 12 &&
	   n->approvals[0].time == 1790847000 && !n->approvals[0].name &&
	   !strcmp(n->approvals[0].commit, H1) &&
	   !strcmp(n->approvals[0].at, "2026-10-01T09:30:00Z"),
		"github: login, time, commit; GitHub sends no name");

	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("ann", "APPROVED", "2026-10-01T10:00:00Z", H1),
		review("jroe", "CHANGES_REQUESTED", "2026-10-01T11:00:00Z", H1)), 12, NULL);
	is_str(APPROVERS(n), "ann", "github: changes requested after an approval cancel it");
	n = gh(reviews(review("jroe", "CHANGES_REQUESTED", "2026-10-01T09:30:00Z", H1),
		review("jroe", "APPROVED", "2026-10-01T11:00:00Z", H1), NULL), 12, NULL);
	is_str(APPROVERS(n), "jroe", "github: an approval after changes requested counts");
	n = gh(reviews(review("jroe", "DISMISSED", "2026-10-01T09:30:00Z", H1),
		review("ann", "APPROVED", "2026-10-01T10:00:00Z", H1), NULL), 12, NULL);
	is_str(APPROVERS(n), "ann", "github: a dismissed approval does not count");
	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("jroe", "COMMENTED", "2026-10-01T10:00:00Z", H1),
		review("jroe", "PENDING", "2026-10-01T10:30:00Z", H1)), 12, NULL);
	is_str(APPROVERS(n), "jroe", "github: a comment or a pending review after an approval leaves it");
	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("JRoe", "REOPENED_SOMEHOW", "2026-10-01T10:00:00Z", H1), NULL), 12, NULL);
	is_str(APPROVERS(n), "", "github: a state not known here cancels (logins compare without case)");
	n = gh(reviews(review("ann", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("jroe", "APPROVED", "2026-10-01T09:40:00Z", H1),
		review("ann", "APPROVED", "2026-10-01T11:00:00Z", H1)), 12, NULL);
	ok(n && !strcmp(APPROVERS(n), "jroe,ann") &&
	   !strcmp(n->approvals[1].at, "2026-10-01T11:00:00Z"),
		"github: a reviewer's latest approval is the one recorded");
	n = gh("[{\"state\":\"APPROVED\",\"user\":null,\"submitted_at\":\"2026-10-01T09:30:00Z\","
		"\"commit_id\":null}]", 12, NULL);
	is_str(APPROVERS(n), "", "github: a review by a deleted account (user null) is nobody's");
	n = gh("[]", 0, NULL);
	ok(n && n->napprovals == 0 && n->pull_request == 0,
		"github: no reviews, no approvals, no pull request named");
	n = gh(reviews(review("jroe", "approved", "2026-10-01T11:30:00+02:00", H1), NULL, NULL), 0, NULL);
	ok(n && n->pull_request == 12 && !strcmp(APPROVERS(n), "jroe") &&
	   !strcmp(n->approvals[0].at, "2026-10-01T09:30:00Z"),
		"github: the number from pull_request_url; a webhook's lower case; the time in UTC");

	/* Pages. */
	n = gh(isms_arena_printf(A, "[%s]\n[%s]",
		review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("jroe", "CHANGES_REQUESTED", "2026-10-01T11:00:00Z", H1)), 12, NULL);
	is_str(APPROVERS(n), "", "github: gh api --paginate pages are read in order");
	n = gh(isms_arena_printf(A, "[[%s],[%s]]",
		review("ann", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("jroe", "APPROVED", "2026-10-01T11:00:00Z", H1)), 12, NULL);
	is_str(APPROVERS(n), "ann,jroe", "github: gh api --paginate --slurp pages too");

	/* The head that was merged. */
	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1),
		review("ann", "APPROVED", "2026-10-01T10:00:00Z", H2), NULL), 12, H2);
	ok(n && !strcmp(APPROVERS(n), "ann") && !strcmp(STALE(n), "jroe") &&
	   !strcmp(n->head, H2),
		"github: with the head known, an approval of an earlier commit is stale");
	n = gh("[{\"state\":\"APPROVED\",\"user\":{\"login\":\"jroe\"},\"submitted_at\":"
		"\"2026-10-01T09:30:00Z\",\"commit_id\":null}]", 12, H2);
	is_str(STALE(n), "jroe", "github: an approval of a commit GitHub lost is stale");
	n = gh(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z",
		"ABCDEF1111111111111111111111111111111111"), NULL, NULL), 12,
		"abcdef1111111111111111111111111111111111");
	is_str(APPROVERS(n), "jroe", "github: commit ids compare without case");

	/* Not GitHub's reviews. */
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 13, NULL,
		reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1), NULL, NULL),
		strlen(reviews(review("jroe", "APPROVED", "2026-10-01T09:30:00Z", H1), NULL, NULL)),
		&err) < 0 && strstr(err.msg, "of pull request #12, not pull request #13"),
		"github: reviews of another pull request are refused");
	f = "{\"message\": \"Not Found\", \"documentation_url\": \"https://docs.github.com\"}";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 12, NULL, f, strlen(f), &err) < 0 &&
	   !strcmp(err.msg, "GitHub says: Not Found") && err.line == 1 && err.col == 1,
		"github: an error reply says what GitHub said");
	f = "[{\"user\": {\"login\": \"jroe\"}}]";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 12, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "without a state") && err.col == 2,
		"github: a review without a state is an error at the review");
	f = "[{\"state\": \"APPROVED\", \"user\": {\"login\": \"jroe\\n\"}}]";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 12, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "no GitHub login") && err.col == 42,
		"github: a login that is not a login is an error at it");
	f = "[{\"state\": \"APPROVED\", \"user\": {\"login\": \"jroe\"}, \"submitted_at\": \"yesterday\"}]";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 12, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "submitted_at is not an ISO 8601 time"),
		"github: a time that is not a time is an error");
	f = "[{\"state\": \"APPROVED\", \"user\": {\"login\": \"jroe\"}, \"commit_id\": \"abc\"}]";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITHUB, 12, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "commit_id is not a commit id"),
		"github: a commit id that is not one is an error");

	/* The recorded responses of tests/data/reviews. */
	if ((f = slurp("tests/data/reviews/github-approved.json"))) {
		n = gh(f, 0, "6dcb09b5b57875f334f61aebed695e2e4193db5e");
		ok(n && n->pull_request == 12 && !strcmp(APPROVERS(n), "jroe,ann") &&
		   n->nstale == 0, "github: github-approved.json: jroe and ann (bob only commented)");
		free(f);
	}
	if ((f = slurp("tests/data/reviews/github-hostile.json"))) {
		n = gh(f, 12, NULL);
		is_str(APPROVERS(n), "jroe,ann",
			"github: github-hostile.json (surrogate pairs, raw DEL, U+2028, \\/) parses");
		free(f);
	}
	if ((f = slurp("tests/data/reviews/github-paginated.json"))) {
		n = gh(f, 12, NULL);
		is_str(APPROVERS(n), "jroe,ann",
			"github: github-paginated.json: two pages; sam's pending review is no verdict");
		free(f);
	}
}

/* ---------------------------------------------------------------- GitLab */

static void test_gitlab(void)
{
	isms_review_note *n = NULL;
	const char *f;
	char *s;

	f = "{\"iid\": 7, \"approved_by\": [{\"user\": {\"username\": \"jroe\", \"name\": \"Jane Roe\"}},"
		"{\"user\": {\"username\": \"ann.lee\", \"name\": \"Ann \\\"Nan\\\" Lee\"}, "
		"\"approved_at\": \"2026-10-01T10:00:00.123Z\"},"
		"{\"user\": {\"username\": \"JROE\", \"name\": \"Jane Roe\"}}]}";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_ANY, 0, H1, f, strlen(f), &err) == 0 &&
	   n->forge == ISMS_FORGE_GITLAB && n->pull_request == 7 &&
	   !strcmp(APPROVERS(n), "jroe,ann.lee") && n->nstale == 0,
		"gitlab: told by its shape; iid; each approver once; never stale (GitLab says no commit)");
	ok(n && !strcmp(n->approvals[0].name, "Jane Roe") && !n->approvals[0].at &&
	   !strcmp(n->approvals[1].at, "2026-10-01T10:00:00Z") &&
	   !strcmp(n->approvals[1].name, "Ann \"Nan\" Lee"),
		"gitlab: names, and approved_at when GitLab sends it");
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITLAB, 8, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "of merge request !7, not merge request !8"),
		"gitlab: approvals of another merge request are refused");
	f = "{\"message\": \"404 Not found\"}";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITLAB, 7, NULL, f, strlen(f), &err) < 0 &&
	   !strcmp(err.msg, "GitLab says: 404 Not found"),
		"gitlab: an error reply says what GitLab said");
	f = "{\"iid\": 7, \"approved_by\": [{\"user\": {\"id\": 3}}]}";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITLAB, 7, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "no GitLab username"),
		"gitlab: an approval without a username is an error");
	f = "[]";
	memset(&err, 0, sizeof(err));
	ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITLAB, 7, NULL, f, strlen(f), &err) < 0 &&
	   strstr(err.msg, "not GitLab's merge-request approvals"),
		"gitlab: GitHub's shape is not GitLab's");
	if ((s = slurp("tests/data/reviews/gitlab-approvals.json"))) {
		memset(&err, 0, sizeof(err));
		ok(isms_reviews_parse(&n, A, ISMS_FORGE_GITLAB, 0, NULL, s, strlen(s), &err) == 0 &&
		   n->pull_request == 7 && !strcmp(APPROVERS(n), "jroe,ann.lee"),
			"gitlab: gitlab-approvals.json: jroe and ann.lee of !7");
		free(s);
	}
}

/* ---------------------------------------------------------------- the note */

static isms_review_note *note_of(const char *text)
{
	isms_review_note *n = NULL;

	memset(&err, 0, sizeof(err));
	if (isms_reviews_note_parse(&n, A, text, strlen(text), &err) < 0)
		return NULL;
	return n;
}

static void note_bad(const char *text, int line, const char *msg, const char *name)
{
	isms_review_note *n = (isms_review_note *)1;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_reviews_note_parse(&n, A, text, strlen(text), &err);
	if (!ok(rc < 0 && !n && err.line == line && strstr(err.msg, msg), "note: %s", name))
		printf("#   got rc %d, %d:%d: %s\n", rc, err.line, err.col, err.msg);
}

static void test_note(void)
{
	isms_review_approval ap[2] = {
		{ "jroe", "Jane \"J\" Roe\n\x7F\xC2\x85\xE2\x80\xA8\xEF\xBB\xBF\\", "2026-10-01T09:30:00Z",
		  1790847000, H1 },
		{ "ann", NULL, NULL, 0, NULL },
	};
	isms_review_note in = { ISMS_FORGE_GITHUB, 12, H2, H1, "2026-10-02T08:00:00Z",
		ap, 1, ap + 1, 1 }, *n;
	isms_buf b = ISMS_BUF_INIT;

	isms_reviews_note_write(&b, &in);
	ok(strstr(b.ptr, "version: 1\nforge: github\npull_request: 12\nmerge: " H2 "\nhead: " H1
		"\nrecorded: 2026-10-02T08:00:00Z\napprovals:\n  - {login: \"jroe\", name: ") &&
	   strstr(b.ptr, "\nstale:\n  - {login: \"ann\", name: null, at: null, commit: null}\n"),
		"note: the format documented in isms.h");
	ok(!strchr(strstr(b.ptr, "name: "), '\x7F') && strstr(b.ptr, "\\u2028"),
		"note: characters YAML cannot hold raw, or reads as line breaks, are escaped");
	n = note_of(b.ptr);
	ok(n && n->forge == ISMS_FORGE_GITHUB && n->pull_request == 12 &&
	   !strcmp(n->merge, H2) && !strcmp(n->head, H1) &&
	   !strcmp(n->recorded, "2026-10-02T08:00:00Z") && n->napprovals == 1 &&
	   n->nstale == 1, "note: it parses back");
	ok(n && !strcmp(n->approvals[0].login, "jroe") &&
	   !strcmp(n->approvals[0].name, ap[0].name) &&
	   n->approvals[0].time == 1790847000 && !strcmp(n->approvals[0].commit, H1) &&
	   !n->stale[0].name && !n->stale[0].at && !n->stale[0].commit,
		"note: every field survives the round trip, the name byte for byte");
	isms_buf_release(&b);

	n = note_of("version: 1\nforge: gitlab\npull_request: 7\napprovals: []\n"
		"reviewed_by_robots: yes\n");
	ok(n && n->forge == ISMS_FORGE_GITLAB && n->napprovals == 0 && !n->merge &&
	   !n->head && !n->recorded && !n->nstale,
		"note: a minimal note; keys not known here are ignored");
	n = note_of("version: 1\nforge: github\npull_request: 12\napprovals:\n"
		"  - login: jroe\n    at: 2026-10-01T11:30:00+02:00\n");
	ok(n && n->napprovals == 1 && !strcmp(n->approvals[0].at, "2026-10-01T09:30:00Z"),
		"note: hand-written block style is read too");

	note_bad("- a\n", 1, "not a review note", "a list is not a note");
	note_bad("forge: github\npull_request: 1\napprovals: []\n", 1, "version 1",
		"a note without version 1");
	note_bad("version: 2\nforge: github\npull_request: 1\napprovals: []\n", 1,
		"version 1", "a note of a later version");
	note_bad("version: 1\nforge: gitea\npull_request: 1\napprovals: []\n", 2,
		"forge is not github or gitlab", "a forge not known here");
	note_bad("version: 1\nforge: github\npull_request: twelve\napprovals: []\n", 3,
		"pull_request is not a number", "a pull request that is not a number");
	note_bad("version: 1\nforge: github\npull_request: 1\n", 1, "no approvals list",
		"a note without approvals");
	note_bad("version: 1\nforge: github\npull_request: 1\napprovals:\n  - {login: \"a b\"}\n",
		5, "no valid login", "a login with a space");
	note_bad("version: 1\nforge: github\npull_request: 1\napprovals:\n  - {login: a, at: soon}\n",
		5, "at is not an ISO 8601 time", "a time that is not one");
	note_bad("version: 1\nforge: github\npull_request: 1\nmerge: 123\napprovals: []\n", 4,
		"merge is not a commit id", "a merge that is not a commit id");
	note_bad("version: 1\nforge: github\npull_request: 1\napprovals: []\napprovals:\n  - {login: x}\n",
		5, "duplicate key", "a second approvals list is refused, not ignored");
	note_bad("version: 1\nforge: github\npull_request: 1\napprovals: [\n", 5, "",
		"YAML that does not parse");
}

/* ---------------------------------------------------------------- git notes */

static char tmp[PATH_MAX];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	rc = system(cmd);
	if (rc != 0)
		printf("# command failed (%d): %s\n", rc, cmd);
	return rc == 0 ? 0 : -1;
}

static const char *rev(const char *repo, const char *r)
{
	char cmd[PATH_MAX + 64], line[64] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "git -C '%s/%s' rev-parse %s", tmp, repo, r);
	if ((p = popen(cmd, "r"))) {
		if (!fgets(line, sizeof(line), p))
			line[0] = '\0';
		pclose(p);
	}
	line[strcspn(line, "\n")] = '\0';
	return isms_arena_strdup(A, line);
}

struct reader {
	isms_source *src;
	const char **commits;
	size_t n;
	int bad;
};

static void *read_all(void *arg)
{
	struct reader *r = arg;
	isms_arena *a = isms_arena_new();
	isms_review_note *n;
	isms_error e;
	size_t i;

	for (i = 0; i < r->n; i++) {
		memset(&e, 0, sizeof(e));
		if (isms_reviews_of(&n, a, r->src, r->commits[i], &e) != 0 ||
		    n->pull_request != (long)(i + 1))
			r->bad++;
	}
	isms_arena_free(a);
	return NULL;
}

static void test_git_notes(void)
{
	isms_source *src = NULL;
	isms_buf b = ISMS_BUF_INIT;
	isms_review_note *n;
	const char *c1, *c2, *dir;
	char note[512];
	int rc;

	dir = isms_arena_printf(A, "%s/r", tmp);
	sh("git init -q -b main '%s' && git -C '%s' commit -q --allow-empty -m one && "
		"git -C '%s' commit -q --allow-empty -m two", dir, dir, dir);
	c1 = rev("r", "HEAD~1");
	c2 = rev("r", "HEAD");
	memset(&err, 0, sizeof(err));
	if (!ok(isms_source_open(&src, dir, ISMS_SRC_REV, "HEAD", &err) == 0,
	    "notes: open the repository"))
		return;
	is_int(isms_source_note(&b, src, ISMS_REVIEWS_REF, c1), ISMS_ENOTFOUND,
		"notes: a repository without the notes ref has no notes");
	is_int(isms_reviews_of(&n, A, src, c1, &err), ISMS_ENOTFOUND,
		"notes: ... and no review note");
	snprintf(note, sizeof(note), "version: 1\nforge: github\npull_request: 1\n"
		"merge: %s\napprovals:\n  - {login: \"jroe\"}\n", c1);
	is_int(isms_source_note_write(src, ISMS_REVIEWS_REF, c1, note, &err), 0,
		"notes: write a note");
	ok(isms_source_note(&b, src, ISMS_REVIEWS_REF, c1) == 0 && !strcmp(b.ptr, note),
		"notes: the list made before the write is listed again: the note reads back");
	ok(isms_reviews_of(&n, A, src, c1, &err) == 0 && n->napprovals == 1 &&
	   !strcmp(n->approvals[0].login, "jroe"), "notes: isms_reviews_of gives its approvals");
	is_int(isms_source_note_write(src, ISMS_REVIEWS_REF,
		"0123456789012345678901234567890123456789", note, &err), ISMS_ENOTFOUND,
		"notes: no note on a commit the repository does not have");
	isms_source_free(src);

	ok(sh("cd '%s' && git notes --ref isms/reviews show %s | grep -q '^merge: %s$'",
		dir, c1, c1) == 0, "notes: git notes --ref isms/reviews show reads it");
	ok(sh("test \"$(git -C '%s' log --format=%%cn refs/notes/isms/reviews)\" = \"${GIT_COMMITTER_NAME:-isms-hook}\"",
		dir) == 0, "notes: the notes commit is by the committer git would name");

	/* A note git copied onto another commit names the first one. */
	sh("git -C '%s' notes --ref isms/reviews copy %s %s", dir, c1, c2);
	src = NULL;
	if (isms_source_open(&src, dir, ISMS_SRC_REV, "HEAD", &err) < 0)
		return;
	memset(&err, 0, sizeof(err));
	rc = isms_reviews_of(&n, A, src, c2, &err);
	ok(rc < 0 && !n && !strcmp(err.path, ISMS_REVIEWS_REF) &&
	   strstr(err.msg, "a note copied from another commit proves nothing"),
		"notes: a note copied to another commit is refused");
	sh("git -C '%s' notes --ref isms/reviews add -f -m 'version: [' %s 2>/dev/null", dir, c2);
	isms_source_free(src);
	src = NULL;
	if (isms_source_open(&src, dir, ISMS_SRC_REV, "HEAD", &err) < 0)
		return;
	memset(&err, 0, sizeof(err));
	rc = isms_reviews_of(&n, A, src, c2, &err);
	ok(rc < 0 && err.line == 2 && strstr(err.msg, "the note of "),
		"notes: a note that does not parse is an error with its line");
	isms_source_free(src);
	isms_buf_release(&b);
}

/* Many notes: git fans the notes tree out into folders; and several
 * threads read the notes of one source at once. */
static void test_fanout(void)
{
	enum { N = 400 };
	isms_source *src = NULL;
	struct reader r[4];
	pthread_t th[4];
	const char *dir = isms_arena_printf(A, "%s/many", tmp);
	const char *imp = isms_arena_printf(A, "%s/import", tmp);
	FILE *f;
	size_t i;
	int t, bad = 0, fanned;

	sh("git init -q -b main '%s'", dir);
	if (!(f = fopen(imp, "w")))
		return;
	for (i = 1; i <= N; i++)
		fprintf(f, "commit refs/heads/main\nmark :%zu\ncommitter A <a@b> %zu +0000\n"
			"data 2\nc\n\n", i, 1700000000 + i);
	fclose(f);
	/* The notes need the commits' ids: a second import, after the first. */
	sh("git -C '%s' fast-import --quiet < '%s'", dir, imp);
	if (!(f = fopen(imp, "w")))
		return;
	fprintf(f, "commit refs/notes/isms/reviews\ncommitter A <a@b> 1800000001 +0000\n"
		"data 5\nnotes\n");
	r[0].commits = isms_arena_alloc(A, N * sizeof(*r[0].commits));
	for (i = 0; i < N; i++) {
		const char *c = rev("many", isms_arena_printf(A, "main~%zu", N - 1 - i));
		const char *text = isms_arena_printf(A, "version: 1\nforge: github\n"
			"pull_request: %zu\nmerge: %s\napprovals: []\n", i + 1, c);

		r[0].commits[i] = c;
		fprintf(f, "N inline %s\ndata %zu\n%s\n", c, strlen(text), text);
	}
	fclose(f);
	sh("git -C '%s' fast-import --quiet < '%s'", dir, imp);
	fanned = sh("git -C '%s' ls-tree refs/notes/isms/reviews | grep -q '^040000 tree .*\t[0-9a-f][0-9a-f]$'",
		dir) == 0;
	ok(fanned, "fanout: %d notes are kept in fan-out folders by git", N);
	memset(&err, 0, sizeof(err));
	if (isms_source_open(&src, dir, ISMS_SRC_REV, "HEAD", &err) < 0)
		return;
	for (t = 0; t < 4; t++) {
		r[t].src = src;
		r[t].commits = r[0].commits;
		r[t].n = N;
		r[t].bad = 0;
		pthread_create(&th[t], NULL, read_all, &r[t]);
	}
	for (t = 0; t < 4; t++) {
		pthread_join(th[t], NULL);
		bad += r[t].bad;
	}
	is_int(bad, 0, "fanout: four threads read all %d notes of one source, each the right one", N);
	isms_source_free(src);
}

int main(void)
{
	const char *base = getenv("TMPDIR");

	A = isms_arena_new();
	test_json();
	test_github();
	test_gitlab();
	test_note();

	snprintf(tmp, sizeof(tmp), "%s/isms-t-reviews-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(tmp)) {
		/* No user configuration: the notes commit is by the environment's
		 * committer, or by isms-hook. */
		setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
		setenv("HOME", tmp, 1);
		setenv("GIT_AUTHOR_NAME", "Jane Roe", 1);
		setenv("GIT_AUTHOR_EMAIL", "jane@example.com", 1);
		setenv("GIT_COMMITTER_NAME", "Jane Roe", 1);
		setenv("GIT_COMMITTER_EMAIL", "jane@example.com", 1);
		test_git_notes();
		test_fanout();
		sh("rm -rf '%s'", tmp);
	}
	isms_arena_free(A);
	return done_testing();
}
