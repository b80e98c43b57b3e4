/*
 * t-facts.c - the model's judgements (lib/facts.c) on tests/data/good
 * brought in through an approved pull request (tests/repo.sh): what each
 * fact holds, that each is made once and shared, from several threads at
 * once too.
 */
#include "model.h"
#include "tap.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char tmp[PATH_MAX];

/* tests/cli/lib.sh's git: no user configuration, fixed people and dates. */
static const char *const git_env[][2] = {
	{ "GIT_CONFIG_NOSYSTEM", "1" },
	{ "GIT_AUTHOR_NAME", "Jane Roe" }, { "GIT_AUTHOR_EMAIL", "jane@example.com" },
	{ "GIT_COMMITTER_NAME", "Jane Roe" },
	{ "GIT_COMMITTER_EMAIL", "jane@example.com" },
	{ "GIT_AUTHOR_DATE", "2026-10-01T12:00:00Z" },
	{ "GIT_COMMITTER_DATE", "2026-10-01T12:00:00Z" },
};

static isms_model *load(const char *dir, long now)
{
	isms_lint_opts o = { 0 };
	isms_error err = { 0 };
	isms_model *m = NULL;

	o.dir = dir;
	o.source = ISMS_SRC_WORKTREE;
	o.at = -1;
	o.now = now;
	if (isms_model_load(&m, &o, &err) < 0)
		printf("# load of %s failed: %s: %s\n", dir, err.path, err.msg);
	return m;
}

static void *review_all(void *arg)
{
	const isms_model *m = arg;
	size_t i;

	for (i = 0; i < m->ndocs; i++)
		isms_facts_review(m, &m->docs[i]);
	return (void *)isms_facts_review(m, &m->docs[0]);
}

static void test_good(const char *dir, long now)
{
	isms_model *m = load(dir, now);
	const isms_doc *pol;
	const isms_review *rv;
	const isms_record *rec;
	const isms_training *t;
	const isms_soa *soa;
	pthread_t tid[4];
	void *got[4];
	size_t i, same = 0;

	if (!ok(m != NULL, "the good ISMS loads"))
		return;
	pol = isms_model_doc(m, "policies/information-security.md");
	ok(pol != NULL, "it has the information security policy");
	if (!pol)
		goto done;
	ok(m->facts == NULL, "a loaded model has made no facts yet");
	for (i = 0; i < 4; i++)
		pthread_create(&tid[i], NULL, review_all, m);
	for (i = 0; i < 4; i++) {
		pthread_join(tid[i], &got[i]);
		same += got[i] == got[0];
	}
	is_int(same, 4, "four threads asking at once get the one review array");
	rv = isms_facts_review(m, pol);
	ok(rv == isms_facts_review(m, pol), "a document's review is made once");
	ok(rv->state == ISMS_REVIEW_CURRENT || rv->state == ISMS_REVIEW_SOON,
		"the policy approved a month ago is within review");
	ok(rv->approved && rv->last >= 0 && !rv->unapproved,
		"its last approved change is the latest");
	is_int(rv->due, isms_interval_add(rv->last, &rv->every),
		"due an interval after it");

	rec = isms_facts_records(m);
	is_str(rec[ISMS_RECORD_REVIEW].doc ? rec[ISMS_RECORD_REVIEW].doc->path :
		"", "records/management-reviews/2026-09.md",
		"the newest management review");
	ok(!rec[ISMS_RECORD_REVIEW].overdue && !rec[ISMS_RECORD_AUDIT].overdue,
		"neither record is overdue");

	t = isms_facts_training(m);
	is_int(t->n, 4, "staff and the roles' people: 4, each once");
	is_int(t->ntrained, 4, "all 4 trained");
	is_str(t->n ? t->people[0].email : "", "ann@example.com",
		"staff come first");

	soa = isms_facts_soa(m);
	ok(soa == isms_facts_soa(m), "the SoA is made once");
	is_int(soa->n, 93, "every Annex A control has a row");
	ok(soa->rows[0].key && soa->rows[0].applicable == 1,
		"A.5.1 is decided applicable, by its soa.yml key");
	ok(soa->rows[0].ndocs > 0, "and lists the documents implementing it");

	is_str(isms_facts_pages(m)[pol - m->docs],
		"policies/information-security.html", "the policy's page");
done:
	isms_model_free(m);
}

/* Two years on, with no staff list and no training record: the roles'
 * people still need training, and records and reviews are overdue. */
static void test_later(const char *dir, long now)
{
	isms_model *m;
	const isms_training *t;
	char cmd[PATH_MAX * 4];

	snprintf(cmd, sizeof(cmd), "cd '%s' && sed -i '/^staff:/,/^  - /d' "
		"isms.yml && rm records/training/*.md", dir);
	ok(system(cmd) == 0, "staff list and training record removed");
	if (!(m = load(dir, now + 730)))
		return;
	t = isms_facts_training(m);
	is_int(t->n, 3, "the 3 roles' people must be trained without a staff list");
	is_int(t->ntrained, 0, "none is");
	ok(isms_facts_records(m)[ISMS_RECORD_AUDIT].overdue,
		"the internal audit is overdue");
	ok(isms_facts_review(m, isms_model_doc(m,
		"policies/information-security.md"))->state == ISMS_REVIEW_OVERDUE,
		"the policy's review is overdue");
	isms_model_free(m);
}

int main(void)
{
	char tmpl[] = "/tmp/isms-t-facts-XXXXXX", cmd[PATH_MAX * 3];
	const char *src = getenv("ISMS_SRC");
	long now;
	size_t i;

	if (!src || !mkdtemp(tmpl) || !realpath(tmpl, tmp) ||
	    isms_date_parse("2026-11-01", &now) < 0) {
		printf("Bail out! needs ISMS_SRC and a temporary folder\n");
		return 1;
	}
	setenv("HOME", tmp, 1);
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	for (i = 0; i < sizeof(git_env) / sizeof(git_env[0]); i++)
		setenv(git_env[i][0], git_env[i][1], 1);
	unsetenv("SOURCE_DATE_EPOCH");
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	snprintf(cmd, sizeof(cmd), "cd '%s' && DATA='%s/tests/data' && "
		". '%s/tests/repo.sh' && new_repo good good >/dev/null", tmp, src,
		src);
	if (system(cmd) != 0) {
		printf("Bail out! cannot make the repository\n");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s/good", tmp);
	test_good(cmd, now);
	test_later(cmd, now);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	return done_testing();
}
