/*
 * date.c - civil dates as days since 1970-01-01, and review intervals.
 *
 * Pure proleptic-Gregorian arithmetic: no mktime, no time zone, so a lint
 * gives the same answer on every machine. Review dates are days; nothing in
 * an ISMS needs a time of day.
 */
#include "base.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Beyond this an interval is a typo, and the arithmetic stays in range. */
#define INTERVAL_MAX 100000

/* Floor division for a possibly negative numerator. */
static long floordiv(long a, long b)
{
	return a / b - (a % b < 0);
}

static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(long y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/*
 * Days from 1970-01-01 to y-m-d. Counting from 1 March makes the leap day
 * the last of the year, so each 400-year era has a fixed shape.
 */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;                               /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;       /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int isms_date_parse(const char *s, long *days)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	if (days)
		*days = days_from_civil(y, m, d);
	return 0;
}

void isms_date_format(char out[11], long days)
{
	long y;
	int m, d;

	/* Out of four digits (a runaway interval): clamp rather than overflow. */
	if (days < days_from_civil(0, 1, 1))
		days = days_from_civil(0, 1, 1);
	if (days > days_from_civil(9999, 12, 31))
		days = days_from_civil(9999, 12, 31);
	civil_from_days(days, &y, &m, &d);
	/* Written digit by digit: a site formats one per change it shows. */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* SOURCE_DATE_EPOCH into *t, when it is set (reproducible-builds.org: a
 * decimal count of seconds, taken up to the end of year 9999; anything
 * else is ignored). */
static int source_date_epoch(long long *t)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (!sde || *sde < '0' || *sde > '9')
		return 0;
	errno = 0;
	*t = strtoll(sde, &end, 10);
	return !*end && !errno && *t <= ISMS_DATE_LATEST;
}

long long isms_date_epoch(void)
{
	long long t;

	return source_date_epoch(&t) ? t : (long long)time(NULL);
}

long isms_date_of(long long t)
{
	return (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

long isms_date_today(void)
{
	return isms_date_of(isms_date_epoch());
}

long isms_date_now(long now, long at, long long commit)
{
	long long t;

	if (now >= 0)
		return now;
	if (at >= 0)
		return at;
	if (commit < 0 || source_date_epoch(&t))
		return isms_date_today();
	return isms_date_of(commit);
}

int isms_interval_parse(isms_interval *out, const char *s)
{
	static const struct { const char *name; char unit; } units[] = {
		{ "day", 'd' }, { "week", 'w' }, { "month", 'm' }, { "year", 'y' },
	};
	long n = 0;
	size_t len, i, ulen;
	const char *u;

	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (*s++ - '0');
		if (n > INTERVAL_MAX)
			return -1;
	}
	if (n < 1 || (*s != ' ' && *s != '\t'))
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	u = s;
	while (isalpha((unsigned char)*s))
		s++;
	len = (size_t)(s - u);
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		ulen = strlen(units[i].name);
		if ((len == ulen || (len == ulen + 1 && (u[ulen] | 0x20) == 's'))
		    && !strncasecmp(u, units[i].name, ulen)) {
			if (out) {
				out->n = (int)n;
				out->unit = units[i].unit;
			}
			return 0;
		}
	}
	return -1;
}

/* Add `months` (any sign), clamping the day to the target month's end. */
static long add_months(long days, long months)
{
	long y, t;
	int m, d, dim;

	civil_from_days(days, &y, &m, &d);
	t = y * 12 + (m - 1) + months;
	y = floordiv(t, 12);
	m = (int)(t - y * 12) + 1;
	dim = month_days(y, m);
	if (d > dim)
		d = dim;
	return days_from_civil(y, m, d);
}

static long shift(long days, const isms_interval *iv, long sign)
{
	long n;

	if (!iv)
		return days;
	n = sign * iv->n;
	switch (iv->unit) {
	case 'd': return days + n;
	case 'w': return days + 7 * n;
	case 'm': return add_months(days, n);
	case 'y': return add_months(days, 12 * n);
	default:  return days;
	}
}

long isms_interval_add(long days, const isms_interval *iv)
{
	return shift(days, iv, 1);
}

long isms_interval_sub(long days, const isms_interval *iv)
{
	return shift(days, iv, -1);
}
