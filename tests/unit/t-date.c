/*
 * t-date.c - lib/date.c: strict ISO dates, leap years, formatting, today
 * with SOURCE_DATE_EPOCH, intervals and month-end clamping.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <time.h>

/* Days for a date known to be valid (or -999999 to make a test fail). */
static long D(const char *s)
{
	long d;

	return isms_date_parse(s, &d) == 0 ? d : -999999;
}

static const char *fmt(long days)
{
	static char out[11];

	isms_date_format(out, days);
	return out;
}

static void test_parse(void)
{
	long d = 12345;

	is_int(isms_date_parse("1970-01-01", &d), 0, "the epoch parses");
	is_int(d, 0, "the epoch is day 0");
	is_int(D("1970-01-02"), 1, "the day after the epoch is day 1");
	is_int(D("1969-12-31"), -1, "the day before the epoch is day -1");
	is_int(D("2000-03-01"), 11017, "2000-03-01 is day 11017");
	is_int(D("2026-03-01"), 20513, "2026-03-01 is day 20513");
	is_int(D("1900-01-01"), -25567, "dates before 1970 are negative");
	is_int(D("0001-01-01"), -719162, "year 1 parses (proleptic Gregorian)");
	is_int(D("9999-12-31"), 2932896, "year 9999 parses");

	d = 777;
	is_int(isms_date_parse("2026-02-30", &d), -1, "30 February is invalid");
	is_int(d, 777, "an invalid date leaves *days untouched");
	is_int(isms_date_parse("2026-13-01", &d), -1, "month 13 is invalid");
	is_int(isms_date_parse("2026-00-10", &d), -1, "month 0 is invalid");
	is_int(isms_date_parse("2026-04-31", &d), -1, "31 April is invalid");
	is_int(isms_date_parse("2026-01-00", &d), -1, "day 0 is invalid");
	is_int(isms_date_parse("2026-1-05", &d), -1, "one-digit month is not strict ISO");
	is_int(isms_date_parse("2026-01-05 ", &d), -1, "trailing space is rejected");
	is_int(isms_date_parse(" 2026-01-05", &d), -1, "leading space is rejected");
	is_int(isms_date_parse("2026-01-05T10:00", &d), -1, "a time part is rejected");
	is_int(isms_date_parse("2026/01/05", &d), -1, "slashes are rejected");
	is_int(isms_date_parse("20260105", &d), -1, "basic format is rejected");
	is_int(isms_date_parse("2026-0a-05", &d), -1, "letters are rejected");
	is_int(isms_date_parse("+026-01-05", &d), -1, "a sign is rejected");
	is_int(isms_date_parse("", &d), -1, "empty string is invalid");
	is_int(isms_date_parse(NULL, &d), -1, "NULL is invalid");
	is_int(isms_date_parse("2026-01-05", NULL), 0, "validation without output");
}

static void test_leap_years(void)
{
	long d;

	is_int(isms_date_parse("2024-02-29", &d), 0, "2024 is a leap year");
	is_int(isms_date_parse("2026-02-29", &d), -1, "2026 is not a leap year");
	is_int(isms_date_parse("2000-02-29", &d), 0, "2000 is a leap year (div by 400)");
	is_int(isms_date_parse("1900-02-29", &d), -1, "1900 is not (div by 100)");
	is_int(isms_date_parse("2100-02-29", &d), -1, "2100 is not (div by 100)");
	is_int(D("2024-03-01") - D("2024-02-28"), 2, "leap February has 29 days");
	is_int(D("2025-01-01") - D("2024-01-01"), 366, "a leap year has 366 days");
	is_int(D("2026-01-01") - D("2025-01-01"), 365, "a common year has 365 days");
}

static void test_format(void)
{
	is_str(fmt(0), "1970-01-01", "day 0 formats as the epoch");
	is_str(fmt(-1), "1969-12-31", "negative days format before the epoch");
	is_str(fmt(D("2024-02-29")), "2024-02-29", "leap day round-trips");
	is_str(fmt(D("0001-01-01")), "0001-01-01", "year 1 is zero-padded");
	is_str(fmt(99999999), "9999-12-31", "far future clamps to 9999-12-31");
	is_str(fmt(-99999999), "0000-01-01", "far past clamps to 0000-01-01");
	{
		long day, bad = 0;
		char out[11];
		for (day = D("1899-12-01"); day < D("2101-02-01"); day++) {
			long back;
			isms_date_format(out, day);
			if (isms_date_parse(out, &back) || back != day)
				bad++;
		}
		is_int(bad, 0, "every day 1899-2101 formats and parses back");
	}
}

static void test_today(void)
{
	long now = (long)(time(NULL) / 86400);
	long t;

	unsetenv("SOURCE_DATE_EPOCH");
	t = isms_date_today();
	ok(t == now || t == now + 1, "today without SOURCE_DATE_EPOCH is the UTC day");

	setenv("SOURCE_DATE_EPOCH", "1772409599", 1);   /* 2026-03-01 23:59:59 */
	is_str(fmt(isms_date_today()), "2026-03-01",
		"SOURCE_DATE_EPOCH sets today (last second of the day)");
	setenv("SOURCE_DATE_EPOCH", "1772409600", 1);
	is_str(fmt(isms_date_today()), "2026-03-02",
		"SOURCE_DATE_EPOCH at midnight UTC is the next day");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	is_int(isms_date_today(), 0, "SOURCE_DATE_EPOCH=0 is the epoch");

	setenv("TZ", "Pacific/Kiritimati", 1);   /* UTC+14 */
	tzset();
	setenv("SOURCE_DATE_EPOCH", "1772409599", 1);
	is_str(fmt(isms_date_today()), "2026-03-01",
		"the local time zone does not shift the day");
	unsetenv("TZ");
	tzset();

	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	t = isms_date_today();
	ok(t == now || t == now + 1, "non-numeric SOURCE_DATE_EPOCH is ignored");
	setenv("SOURCE_DATE_EPOCH", "123abc", 1);
	t = isms_date_today();
	ok(t == now || t == now + 1, "partly numeric SOURCE_DATE_EPOCH is ignored");
	setenv("SOURCE_DATE_EPOCH", "", 1);
	t = isms_date_today();
	ok(t == now || t == now + 1, "empty SOURCE_DATE_EPOCH is ignored");
	setenv("SOURCE_DATE_EPOCH", "-86400", 1);
	t = isms_date_today();
	ok(t == now || t == now + 1, "negative SOURCE_DATE_EPOCH is ignored");
	setenv("SOURCE_DATE_EPOCH", "99999999999999", 1);
	t = isms_date_today();
	ok(t == now || t == now + 1, "SOURCE_DATE_EPOCH past year 9999 is ignored");
	unsetenv("SOURCE_DATE_EPOCH");

	/* The date policy: --now, then --at, then (a render) the commit's
	 * day unless SOURCE_DATE_EPOCH is set, then today. */
	is_int(isms_date_now(100, 200, 86400 * 300LL), 100, "--now wins");
	is_int(isms_date_now(-1, 200, 86400 * 300LL), 200, "then --at");
	is_int(isms_date_now(-1, -1, 86400 * 300LL + 5), 300,
		"then, for a render, the commit's day");
	t = isms_date_now(-1, -1, -1);
	ok(t == now || t == now + 1, "then, for a lint, today");
	setenv("SOURCE_DATE_EPOCH", "1772409600", 1);
	is_str(fmt(isms_date_now(-1, -1, 86400 * 300LL)), "2026-03-02",
		"SOURCE_DATE_EPOCH overrides the commit's day");
	unsetenv("SOURCE_DATE_EPOCH");
}

static void test_interval_parse(void)
{
	isms_interval iv = { 0, 0 };

	is_int(isms_interval_parse(&iv, "12 months"), 0, "\"12 months\" parses");
	ok(iv.n == 12 && iv.unit == 'm', "12 months is n=12 unit m");
	is_int(isms_interval_parse(&iv, "1 month"), 0, "singular \"1 month\" parses");
	ok(iv.n == 1 && iv.unit == 'm', "1 month is n=1 unit m");
	is_int(isms_interval_parse(&iv, "90 days"), 0, "\"90 days\" parses");
	ok(iv.n == 90 && iv.unit == 'd', "90 days is n=90 unit d");
	is_int(isms_interval_parse(&iv, "2 weeks"), 0, "\"2 weeks\" parses");
	ok(iv.n == 2 && iv.unit == 'w', "2 weeks is unit w");
	is_int(isms_interval_parse(&iv, "1 year"), 0, "\"1 year\" parses");
	ok(iv.n == 1 && iv.unit == 'y', "1 year is unit y");
	is_int(isms_interval_parse(&iv, "3 years"), 0, "\"3 years\" parses");
	ok(iv.n == 3 && iv.unit == 'y', "3 years is n=3");
	is_int(isms_interval_parse(&iv, "1 days"), 0, "plural with 1 is accepted");
	is_int(isms_interval_parse(&iv, "6 Months"), 0, "unit is case-insensitive");
	is_int(isms_interval_parse(&iv, "2 YEARS"), 0, "upper-case unit is accepted");
	is_int(isms_interval_parse(&iv, " 12  months "), 0,
		"surrounding and repeated blanks are accepted");

	iv.n = 5;
	iv.unit = 'd';
	is_int(isms_interval_parse(&iv, "12m"), -1, "short form 12m is rejected");
	ok(iv.n == 5 && iv.unit == 'd', "a rejected interval leaves *out untouched");
	is_int(isms_interval_parse(&iv, "90d"), -1, "short form 90d is rejected");
	is_int(isms_interval_parse(&iv, "12months"), -1, "a blank is required before the unit");
	is_int(isms_interval_parse(&iv, "0 days"), -1, "n = 0 is rejected");
	is_int(isms_interval_parse(&iv, "-3 days"), -1, "a negative n is rejected");
	is_int(isms_interval_parse(&iv, "+3 days"), -1, "a sign is rejected");
	is_int(isms_interval_parse(&iv, "1.5 years"), -1, "a fraction is rejected");
	is_int(isms_interval_parse(&iv, "months"), -1, "a unit without n is rejected");
	is_int(isms_interval_parse(&iv, "12"), -1, "n without a unit is rejected");
	is_int(isms_interval_parse(&iv, "12 monthss"), -1, "a double plural is rejected");
	is_int(isms_interval_parse(&iv, "12 mon"), -1, "an abbreviation is rejected");
	is_int(isms_interval_parse(&iv, "3 fortnights"), -1, "an unknown unit is rejected");
	is_int(isms_interval_parse(&iv, "12 months ago"), -1, "trailing words are rejected");
	is_int(isms_interval_parse(&iv, "99999999999999999999 days"), -1,
		"a huge n is rejected, not overflowed");
	is_int(isms_interval_parse(&iv, ""), -1, "empty string is rejected");
	is_int(isms_interval_parse(&iv, NULL), -1, "NULL is rejected");
}

static long add(const char *date, const char *interval)
{
	isms_interval iv;

	if (isms_interval_parse(&iv, interval))
		return -999999;
	return isms_interval_add(D(date), &iv);
}

static long sub(const char *date, const char *interval)
{
	isms_interval iv;

	if (isms_interval_parse(&iv, interval))
		return -999999;
	return isms_interval_sub(D(date), &iv);
}

static void test_interval_arithmetic(void)
{
	is_str(fmt(add("2026-01-31", "1 month")), "2026-02-28",
		"Jan 31 + 1 month clamps to Feb 28");
	is_str(fmt(add("2024-01-31", "1 month")), "2024-02-29",
		"Jan 31 + 1 month clamps to Feb 29 in a leap year");
	is_str(fmt(add("2026-03-31", "1 month")), "2026-04-30",
		"Mar 31 + 1 month clamps to Apr 30");
	is_str(fmt(add("2026-01-15", "12 months")), "2027-01-15",
		"12 months is the same day next year");
	is_str(fmt(add("2026-11-30", "3 months")), "2027-02-28",
		"months carry into the next year");
	is_str(fmt(add("2024-02-29", "1 year")), "2025-02-28",
		"Feb 29 + 1 year clamps to Feb 28");
	is_str(fmt(add("2024-02-29", "4 years")), "2028-02-29",
		"Feb 29 + 4 years stays on Feb 29");
	is_str(fmt(add("2026-03-01", "90 days")), "2026-05-30",
		"90 days are counted as days");
	is_str(fmt(add("2026-12-25", "2 weeks")), "2027-01-08",
		"2 weeks are 14 days across a year end");
	is_str(fmt(sub("2026-03-31", "1 month")), "2026-02-28",
		"Mar 31 - 1 month clamps to Feb 28");
	is_str(fmt(sub("2026-01-15", "1 month")), "2025-12-15",
		"subtracting a month crosses a year boundary");
	is_str(fmt(sub("2028-02-29", "1 year")), "2027-02-28",
		"Feb 29 - 1 year clamps to Feb 28");
	is_str(fmt(sub("2026-03-01", "1 day")), "2026-02-28",
		"1 day before 1 March 2026 is 28 February");
	is_str(fmt(sub("1970-03-01", "1 year")), "1969-03-01",
		"subtraction works before the epoch");
	is_str(fmt(add("2026-06-15", "100000 years")), "9999-12-31",
		"a huge interval formats clamped, without overflow");
	is_int(isms_interval_add(42, NULL), 42, "a NULL interval adds nothing");
	{
		isms_interval iv = { 3, 'x' };
		is_int(isms_interval_add(42, &iv), 42, "an unknown unit adds nothing");
	}
}

int main(void)
{
	test_parse();
	test_leap_years();
	test_format();
	test_today();
	test_interval_parse();
	test_interval_arithmetic();
	return done_testing();
}
