/*
 * t-kpi.c - the small languages of KPIs (lib/kpi.c): targets, measured
 * values and frequencies, with the column of the trouble for a target
 * that does not parse.
 */
#include "model.h"
#include "tap.h"

#include <string.h>

static isms_target u;

static int target(isms_target *t, const char *s)
{
	const char *why;
	int col;

	return isms_target_parse(t, s, &col, &why);
}

/* The column and reason of a bad target. */
static int bad_at(const char *s, int want_col, const char *want_why)
{
	isms_target t;
	const char *why;
	int col;

	if (isms_target_parse(&t, s, &col, &why) == 0)
		return 0;
	if (col != want_col || !why || !strstr(why, want_why)) {
		printf("# %s: column %d, %s\n", s, col, why ? why : "(none)");
		return 0;
	}
	return 1;
}

/* Targets that do not parse: where, and why. */
static const struct {
	const char *text;
	int col;
	const char *why, *what;
} bad[] = {
	{ "", 1, "starts with a comparison", "an empty target" },
	{ "about 95", 1, "starts with a comparison", "no comparison" },
	{ "  95", 3, "starts with a comparison", "a bare number" },
	{ ">= lots", 4, "a number must follow", "no number" },
	{ ">= .5", 4, "a number must follow", "a number starts with a digit" },
	{ "<= 5days", 5, "end before its unit", "a unit glued to the number" },
	{ "<= 1234567890123456", 4, "a number must follow",
	  "more than 15 digits is no KPI's number" },
	{ "<= 5 a unit far too long to be a unit", 6, "too long",
	  "a unit of 24 bytes or more" },
	{ "<= 5 da\x01ys", 8, "control character",
	  "a control character in the unit" },
};

static void test_targets(void)
{
	isms_target t;
	char text[80];
	size_t i;

	ok(target(&t, ">= 95") == 0 && t.op == ISMS_CMP_GE && t.value == 95 &&
		!*t.unit, ">= 95 parses");
	ok(target(&t, "<= 5 days") == 0 && t.op == ISMS_CMP_LE && t.value == 5 &&
		!strcmp(t.unit, "days"), "<= 5 days keeps its unit");
	ok(target(&t, "  <2.5%  ") == 0 && t.op == ISMS_CMP_LT && t.value == 2.5 &&
		!strcmp(t.unit, "%"), "blanks, decimals and a glued %% are fine");
	ok(target(&t, "> -3") == 0 && t.op == ISMS_CMP_GT && t.value == -3,
		"a negative number");
	ok(target(&t, "== 0") == 0 && t.op == ISMS_CMP_EQ && t.value == 0,
		"== 0");
	ok(target(&t, "= 1") == 0 && t.op == ISMS_CMP_EQ, "= is ==");
	target(&t, "<=5 days");
	isms_target_format(text, sizeof(text), &t);
	is_str(text, "<= 5 days", "a target is printed canonically");
	target(&t, "<2.5%");
	isms_target_format(text, sizeof(text), &t);
	is_str(text, "< 2.5%", "decimals (no trailing zero) and %% are printed "
		"without a space");
	ok(isms_target_met(&t, 2.4) && !isms_target_met(&t, 2.5),
		"< is strict");
	/* Found by fuzz-target: a value of 15 digits printed with a trailing
	 * zero had 16, and did not read back. */
	ok(target(&t, "<22222251777777.7") == 0, "a target of 15 digits parses");
	isms_target_format(text, sizeof(text), &t);
	is_str(text, "< 22222251777777.7", "  and prints with no more digits");
	ok(target(&u, text) == 0 && u.value == t.value, "  so it reads back");
	target(&t, ">= 95");
	ok(isms_target_met(&t, 95) && !isms_target_met(&t, 94.99),
		">= is met by an equal value");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(bad_at(bad[i].text, bad[i].col, bad[i].why), "%s: column %d",
			bad[i].what, bad[i].col);
}

static void test_values(void)
{
	double v;

	ok(isms_kpi_value_parse(&v, "97.5") == 0 && v == 97.5, "97.5");
	ok(isms_kpi_value_parse(&v, "4 days") == 0 && v == 4, "4 days");
	ok(isms_kpi_value_parse(&v, "12%") == 0 && v == 12, "12%%");
	ok(isms_kpi_value_parse(&v, "three") < 0, "three is no number");
	ok(isms_kpi_value_parse(&v, "") < 0, "nor is nothing");
	ok(isms_kpi_value_parse(&v, "4days") < 0, "nor a glued unit");
}

static void test_frequencies(void)
{
	isms_interval iv;

	ok(isms_frequency_parse(&iv, "quarterly") == 0 && iv.n == 3 &&
		iv.unit == 'm', "quarterly is 3 months");
	ok(isms_frequency_parse(&iv, "monthly") == 0 && iv.n == 1 &&
		iv.unit == 'm', "monthly");
	ok(isms_frequency_parse(&iv, "annually") == 0 && iv.n == 1 &&
		iv.unit == 'y', "annually");
	ok(isms_frequency_parse(&iv, "2 weeks") == 0 && iv.n == 2 &&
		iv.unit == 'w', "an interval");
	ok(isms_frequency_parse(&iv, "fortnightly") < 0, "fortnightly is not known");
}

int main(void)
{
	test_targets();
	test_values();
	test_frequencies();
	return done_testing();
}
