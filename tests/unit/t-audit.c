/*
 * t-audit.c - the verdict's pieces that need no repository (lib/audit.c):
 * the sample's PRNG gives SplitMix64's published sequence, so the same
 * seed draws the same documents on every machine; the draw takes only
 * controlled documents, each once; grade keys and their defaults; and
 * isms.yml's audit.grades, with its errors at their line and column.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static void test_rand(void)
{
	unsigned long long st = 0, a, b;

	/* The reference sequence of SplitMix64 seeded with 0 (Vigna's
	 * splitmix64.c), which the README promises. */
	is_int(isms_audit_rand(&st) == 0xe220a8397b1dcdafULL, 1,
		"rand: the first number for seed 0 is SplitMix64's");
	is_int(isms_audit_rand(&st) == 0x6e789e6aa1b965f4ULL, 1,
		"rand: and the second");
	is_int(isms_audit_rand(&st) == 0x06c45d188009454fULL, 1,
		"rand: and the third");
	st = 42;
	a = isms_audit_rand(&st);
	st = 42;
	b = isms_audit_rand(&st);
	ok(a == b, "rand: the same seed, the same number");
}

/* A model of documents of the given types (what the draw reads). */
static isms_model *model_of(const char *const *types, size_t n)
{
	isms_model *m = calloc(1, sizeof(*m));
	size_t i;

	m->docs = calloc(n, sizeof(*m->docs));
	m->ndocs = n;
	for (i = 0; i < n; i++)
		m->docs[i].type = types[i];
	return m;
}

static void model_free(isms_model *m)
{
	free(m->docs);
	free(m);
}

static void test_sample(void)
{
	static const char *const types[] = { "policy", "training", "process",
		"procedure", "management-review", "policy", "policy", "process",
		"nonconformity", "procedure", "policy", "process" };
	isms_model *m = model_of(types, sizeof(types) / sizeof(types[0]));
	size_t a[16], b[16], c[16], pop, n, i, k;
	int controlled = 1, unique = 1, same = 1, differ = 0;

	n = isms_audit_sample(a, 4, &pop, m, 7);
	is_int(n, 4, "sample: 4 drawn when 4 are asked");
	is_int(pop, 9, "sample: from the 9 policies, processes and procedures");
	for (i = 0; i < n; i++) {
		const char *t = m->docs[a[i]].type;
		controlled &= !strcmp(t, "policy") || !strcmp(t, "process") ||
			!strcmp(t, "procedure");
		for (k = 0; k < i; k++)
			unique &= a[k] != a[i];
	}
	ok(controlled, "sample: only controlled documents are drawn");
	ok(unique, "sample: none twice");
	isms_audit_sample(b, 4, &pop, m, 7);
	for (i = 0; i < 4; i++)
		same &= a[i] == b[i];
	ok(same, "sample: the same seed draws the same documents, in order");
	isms_audit_sample(c, 4, &pop, m, 8);
	for (i = 0; i < 4; i++)
		differ |= a[i] != c[i];
	ok(differ, "sample: another seed draws others");
	/* Fixed for ever: a seed printed in an audit report must draw the
	 * same documents with every later version of the tool. */
	ok(a[0] == 5 && a[1] == 7 && a[2] == 3 && a[3] == 9,
		"sample: seed 7 draws documents 5, 7, 3, 9 (got %zu %zu %zu %zu)",
		a[0], a[1], a[2], a[3]);
	n = isms_audit_sample(c, 50, &pop, m, 1);
	is_int(n, 9, "sample: asked for more than there are, all of them");
	model_free(m);
	m = model_of(types + 1, 1);
	is_int(isms_audit_sample(c, 3, &pop, m, 1), 0,
		"sample: no controlled document, nothing drawn");
	model_free(m);
}

static void test_keys(void)
{
	is_int(isms_audit_key_find("record/overdue"), ISMS_RULE_RECORD_OVERDUE,
		"key: a rule id is its constant");
	is_int(isms_audit_key_find("audit/resources"),
		ISMS_NRULES + ISMS_CHECK_RESOURCES, "key: a check follows the rules");
	is_int(isms_audit_key_find("record/overdu"), -1, "key: unknown is -1");
	is_str(isms_audit_key_name(ISMS_NRULES + ISMS_CHECK_PROCESSES),
		"audit/processes", "key: a check's name");
	is_int(isms_audit_default_grade(ISMS_RULE_RECORD_OVERDUE),
		ISMS_GRADE_MAJOR, "grade: no management review is major");
	is_int(isms_audit_default_grade(ISMS_RULE_APPROVAL_MISSING),
		ISMS_GRADE_MAJOR, "grade: an unapproved change is major");
	is_int(isms_audit_default_grade(ISMS_RULE_OWNER_UNKNOWN),
		ISMS_GRADE_MAJOR, "grade: no owner is major");
	is_int(isms_audit_default_grade(ISMS_NRULES + ISMS_CHECK_RESOURCES),
		ISMS_GRADE_MAJOR, "grade: resources never decided is major");
	is_int(isms_audit_default_grade(ISMS_RULE_REVIEW_OVERDUE),
		ISMS_GRADE_MINOR, "grade: an overdue review is minor");
	is_int(isms_audit_default_grade(ISMS_RULE_NONCONFORMITY_OVERDUE),
		ISMS_GRADE_MINOR, "grade: an overdue non-conformity is minor");
	is_int(isms_audit_default_grade(ISMS_RULE_SECTION_MISSING),
		ISMS_GRADE_MINOR, "grade: another error is minor");
	is_int(isms_audit_default_grade(ISMS_RULE_PROCESS_ISOLATED),
		ISMS_GRADE_OBSERVATION, "grade: a warning is an observation");
}

static void test_config(void)
{
	static const char good[] = "audit:\n  grades:\n"
		"    review/overdue: major\n    audit/improvement: minor\n";
	static const char bad[] = "audit:\n  grades:\n"
		"    review/overdu: major\n    record/overdue: fatal\n";
	isms_config *cfg = NULL;
	isms_error err = { 0 };

	ok(isms_config_load(&cfg, "isms.yml", good, strlen(good), &err) == 0,
		"config: audit.grades loads");
	ok(cfg && cfg->audit_grades &&
		cfg->audit_grades[ISMS_RULE_REVIEW_OVERDUE] == ISMS_GRADE_MAJOR &&
		cfg->audit_grades[ISMS_NRULES + ISMS_CHECK_IMPROVEMENT] ==
		ISMS_GRADE_MINOR && !cfg->audit_grades[ISMS_RULE_RECORD_OVERDUE],
		"config: the grades named, the rest left to the default");
	isms_config_free(cfg);
	cfg = NULL;
	ok(isms_config_load(&cfg, "isms.yml", bad, strlen(bad), &err) < 0,
		"config: an unknown rule id or grade is an error");
	ok(strstr(err.msg, "unknown rule \"review/overdu\" in audit.grades; did you mean \"review/overdue\"?") &&
		err.line == 3 && err.col == 5,
		"config: the unknown rule id named at its line and column (%d:%d: %s)",
		err.line, err.col, err.msg);
	ok(strstr(err.more, "4:21: unknown grade \"fatal\" for record/overdue") != NULL,
		"config: the unknown grade too, in the same run");
	isms_config_free(cfg);
	cfg = NULL;
	memset(&err, 0, sizeof(err));
	ok(isms_config_load(&cfg, "isms.yml", "audit: {grade: {}}\n", 19,
		&err) < 0 && strstr(err.msg, "unknown key \"grade\" in audit"),
		"config: an unknown key under audit is an error");
	isms_config_free(cfg);
}

int main(void)
{
	test_rand();
	test_sample();
	test_keys();
	test_config();
	return done_testing();
}
