/*
 * t-catalog.c - the generated ISO/IEC 27001:2022 catalog and its lookups.
 */
#include "model.h"
#include "tap.h"

#include <string.h>

static void test_controls_in_order(void)
{
	static const struct { const char *theme; int n; } themes[] = {
		{ "Organizational", 37 }, { "People", 8 },
		{ "Physical", 14 }, { "Technological", 34 },
	};
	size_t n, i = 0, t;
	const isms_control *c = isms_catalog_controls(&n);
	int in_order = 1, themed = 1;

	is_int(n, 93, "the catalog has 93 Annex A controls");
	for (t = 0; t < 4; t++) {
		int k;
		for (k = 1; k <= themes[t].n && i < n; k++, i++) {
			char id[16];
			snprintf(id, sizeof(id), "%zu.%d", t + 5, k);
			in_order &= strcmp(c[i].id, id) == 0;
			themed &= strcmp(c[i].theme, themes[t].theme) == 0;
		}
	}
	ok(in_order && i == n, "controls run 5.1..5.37, 6.1..6.8, 7.1..7.14, "
		"8.1..8.34 in the standard's order");
	ok(themed, "themes are Organizational 37, People 8, Physical 14, "
		"Technological 34");
	is_str(c[0].title, "Policies for information security",
		"5.1 has its title");
	is_str(c[92].id, "8.34", "the last control is 8.34");
	for (i = 0; i < n; i++)
		if (!*c[i].title || !*c[i].control_type || !*c[i].properties ||
		    !*c[i].concepts)
			break;
	ok(i == n, "every control has title and attributes filled");
}

static void test_find(void)
{
	const isms_legacy *old = (const isms_legacy *)1;
	const isms_control *c;
	size_t n, i;
	const isms_control *all = isms_catalog_controls(&n);
	int found = 1;

	c = isms_catalog_find("A.5.1", &old);
	ok(c && strcmp(c->id, "5.1") == 0, "A.5.1 is found");
	ok(old == NULL, "a found control clears the legacy out-parameter");
	c = isms_catalog_find("5.1", NULL);
	ok(c && strcmp(c->id, "5.1") == 0, "5.1 is found without the A. prefix");
	c = isms_catalog_find("a.8.34", NULL);
	ok(c && strcmp(c->id, "8.34") == 0, "a lowercase a. prefix is accepted");
	c = isms_catalog_find("A.5.10", NULL);
	ok(c && strcmp(c->id, "5.10") == 0, "5.10 sorts after 5.9, not after 5.1");
	for (i = 0; i < n; i++) {
		char ref[16];
		snprintf(ref, sizeof(ref), "A.%s", all[i].id);
		found &= isms_catalog_find(ref, NULL) == &all[i];
		found &= isms_catalog_find(all[i].id, NULL) == &all[i];
	}
	ok(found, "each of the 93 controls is found by its own id, "
		"with and without A.");
}

static void test_unknown(void)
{
	static const char *const bad[] = {
		"A.5.38", "A.8.35", "A.4.1", "A.9.1", "A.5.01", "A.05.1", "5",
		"A.", "", "A.5.1 ", " A.5.1", "B.5.1", "A.5.1.", "A..5.1",
		"A.5.1a", "AA.5.1", "A.5.-1", "A.99999999999999999999.1",
	};
	const isms_legacy *old = (const isms_legacy *)1;
	size_t i;
	int none = 1;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (isms_catalog_find(bad[i], &old) || old) {
			printf("# unexpectedly known: \"%s\"\n", bad[i]);
			none = 0;
		}
	}
	ok(none, "unknown, malformed, zero-padded and space-padded refs "
		"are unknown and not legacy");
	ok(isms_catalog_find(NULL, &old) == NULL && old == NULL,
		"a NULL ref is unknown");
}

static void test_legacy(void)
{
	const isms_legacy *old = NULL, *all;
	size_t n, i;
	int mapped = 1;

	ok(isms_catalog_find("A.9.2.1", &old) == NULL,
		"a 2013 id is not a 2022 control");
	/* Annex B of ISO/IEC 27002:2022: user registration became 5.16. */
	ok(old && strcmp(old->old_id, "A.9.2.1") == 0 &&
		strcmp(old->new_ids, "5.16") == 0, "A.9.2.1 maps to 5.16");
	isms_catalog_find("A.9.2.2", &old);
	ok(old && strcmp(old->new_ids, "5.18") == 0, "A.9.2.2 maps to 5.18");
	old = NULL;
	isms_catalog_find("9.2.1", &old);
	ok(old && strcmp(old->old_id, "A.9.2.1") == 0,
		"9.2.1 without A. names the same 2013 control");
	old = NULL;
	isms_catalog_find("A.18.2.3", &old);
	ok(old && strcmp(old->new_ids, "5.36;8.8") == 0,
		"A.18.2.3 maps to two controls, 5.36;8.8");
	old = (const isms_legacy *)1;
	isms_catalog_find("A.9.9.9", &old);
	ok(old == NULL, "an unknown three-part id is not legacy");
	isms_catalog_find("A.9.02.1", &old);
	ok(old == NULL, "a zero-padded 2013 id is not legacy");

	all = isms_catalog_legacy(&n);
	is_int(n, 114, "the 2013 table has 114 controls");
	for (i = 0; i < n; i++) {
		char ids[32], *id, *save = NULL;
		isms_catalog_find(all[i].old_id, &old);
		mapped &= old == &all[i];
		snprintf(ids, sizeof(ids), "%s", all[i].new_ids);
		for (id = strtok_r(ids, ";", &save); id;
		     id = strtok_r(NULL, ";", &save))
			mapped &= isms_catalog_find(id, NULL) != NULL;
	}
	ok(mapped, "every 2013 control is found by its id and maps to "
		"known 2022 controls");
}

static void test_clauses(void)
{
	const isms_clause *c, *all;
	size_t n, i;
	int found = 1;

	all = isms_catalog_clauses(&n);
	is_int(n, 41, "clauses 4-10 have 41 numbered headings");
	c = isms_catalog_clause("4.4");
	ok(c && strcmp(c->title, "Information security management system") == 0,
		"clause 4.4 is found with its title");
	ok(isms_catalog_clause("11") == NULL, "clause 11 does not exist");
	ok(isms_catalog_clause("3") == NULL, "clause 3 is not a requirement");
	ok(isms_catalog_clause("4.04") == NULL, "a zero-padded clause is unknown");
	ok(isms_catalog_clause("A.5.1") == NULL, "a control is not a clause");
	ok(isms_catalog_clause(NULL) == NULL, "a NULL clause is unknown");
	for (i = 0; i < n; i++)
		found &= isms_catalog_clause(all[i].id) == &all[i];
	ok(found, "each clause, from 4 to 10.2 and 9.3.3, is found by its id");
}

int main(void)
{
	test_controls_in_order();
	test_find();
	test_unknown();
	test_legacy();
	test_clauses();
	return done_testing();
}
