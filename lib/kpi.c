/*
 * kpi.c - the small languages of objectives (clause 6.2) and measurement
 * (clause 9.1): a KPI's target (">= 95", "<= 5 days"), its frequency
 * ("quarterly", "2 weeks") and a measured value ("97.5", "4 days").
 *
 * Parsed once, by the facts (lib/facts-kpi.c); the lint reports what does
 * not parse (field/invalid, with the column of the trouble). Fuzzed by
 * fuzz/fuzz-target.c.
 */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *text; isms_cmp op; } ops[] = {
	{ ">=", ISMS_CMP_GE }, { "<=", ISMS_CMP_LE }, { "==", ISMS_CMP_EQ },
	{ ">", ISMS_CMP_GT }, { "<", ISMS_CMP_LT }, { "=", ISMS_CMP_EQ },
};

const char *isms_cmp_text(isms_cmp op)
{
	switch (op) {
	case ISMS_CMP_GE: return ">=";
	case ISMS_CMP_GT: return ">";
	case ISMS_CMP_LE: return "<=";
	case ISMS_CMP_LT: return "<";
	default: return "==";
	}
}

static int space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A number at s: [+-]digits[.digits], at most ISMS_KPI_DIGITS digits (a
 * KPI is no place for more precision, and no exponent can overflow).
 * Returns the bytes read, 0 when there is no number.
 */
#define ISMS_KPI_DIGITS 15
static size_t number(double *out, const char *s)
{
	char tmp[ISMS_KPI_DIGITS + 4];
	size_t i = 0, digits = 0, n = 0;

	if (s[i] == '-' || s[i] == '+')
		tmp[n++] = s[i++];
	while (s[i] >= '0' && s[i] <= '9') {
		if (++digits > ISMS_KPI_DIGITS)
			return 0;
		tmp[n++] = s[i++];
	}
	if (!digits)
		return 0;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		tmp[n++] = s[i++];
		while (s[i] >= '0' && s[i] <= '9') {
			if (++digits > ISMS_KPI_DIGITS)
				return 0;
			tmp[n++] = s[i++];
		}
	}
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return i;
}

/* A unit: the rest of s, trimmed, printable ASCII or UTF-8, at most
 * ISMS_KPI_UNIT_MAX - 1 bytes. Returns 0, or -1 with *at its offset. */
static int unit(char *out, const char *s, size_t *at)
{
	size_t i = 0, end;

	while (space(s[i]))
		i++;
	end = strlen(s);
	while (end > i && space(s[end - 1]))
		end--;
	if (end - i >= ISMS_KPI_UNIT_MAX) {
		*at = i;
		return -1;
	}
	for (*at = i; *at < end; (*at)++)
		if ((unsigned char)s[*at] < 0x20 || s[*at] == 0x7f)
			return -1;
	memcpy(out, s + i, end - i);
	out[end - i] = '\0';
	return 0;
}

int isms_target_parse(isms_target *out, const char *s, int *col,
	const char **why)
{
	size_t i = 0, k, n, at;

	memset(out, 0, sizeof(*out));
	*col = 1;
	*why = NULL;
	while (space(s[i]))
		i++;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		if (!strncmp(s + i, ops[k].text, strlen(ops[k].text)))
			break;
	if (k == sizeof(ops) / sizeof(ops[0])) {
		*col = (int)i + 1;
		*why = "a target starts with a comparison: >=, >, <=, < or ==";
		return -1;
	}
	out->op = ops[k].op;
	i += strlen(ops[k].text);
	while (space(s[i]))
		i++;
	if (!(n = number(&out->value, s + i))) {
		*col = (int)i + 1;
		*why = "a number must follow the comparison";
		return -1;
	}
	i += n;
	if (s[i] && !space(s[i]) && s[i] != '%') {
		*col = (int)i + 1;
		*why = "the number must end before its unit";
		return -1;
	}
	if (unit(out->unit, s + i, &at) < 0) {
		*col = (int)(i + at) + 1;
		*why = "the unit is too long or holds a control character";
		return -1;
	}
	return 0;
}

int isms_target_met(const isms_target *t, double v)
{
	switch (t->op) {
	case ISMS_CMP_GE: return v >= t->value;
	case ISMS_CMP_GT: return v > t->value;
	case ISMS_CMP_LE: return v <= t->value;
	case ISMS_CMP_LT: return v < t->value;
	default: return v == t->value;
	}
}

void isms_kpi_number(char *out, size_t n, double v)
{
	size_t len;

	/* Up to two decimals, none when the value is whole; no trailing
	 * zero, so that a number read back has no more digits than the one
	 * parsed (a value of 15 digits stays within ISMS_KPI_DIGITS). */
	if (v == (double)(long long)v && v > -1e15 && v < 1e15) {
		snprintf(out, n, "%lld", (long long)v);
		return;
	}
	snprintf(out, n, "%.2f", v);
	if (!strchr(out, '.'))
		return;
	len = strlen(out);
	while (len && out[len - 1] == '0')
		out[--len] = '\0';
	if (len && out[len - 1] == '.')
		out[--len] = '\0';
}

void isms_target_format(char *out, size_t n, const isms_target *t)
{
	char num[40];

	isms_kpi_number(num, sizeof(num), t->value);
	snprintf(out, n, "%s %s%s%s", isms_cmp_text(t->op), num,
		*t->unit && *t->unit != '%' ? " " : "", t->unit);
}

int isms_kpi_value_parse(double *out, const char *s)
{
	char u[ISMS_KPI_UNIT_MAX];
	size_t i = 0, n, at;

	while (space(s[i]))
		i++;
	if (!(n = number(out, s + i)))
		return -1;
	i += n;
	if (s[i] && !space(s[i]) && s[i] != '%')
		return -1;
	return unit(u, s + i, &at);
}

int isms_frequency_parse(isms_interval *out, const char *s)
{
	static const struct { const char *name; isms_interval iv; } names[] = {
		{ "daily", { 1, 'd' } }, { "weekly", { 1, 'w' } },
		{ "monthly", { 1, 'm' } }, { "quarterly", { 3, 'm' } },
		{ "half-yearly", { 6, 'm' } }, { "yearly", { 1, 'y' } },
		{ "annually", { 1, 'y' } },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name)) {
			*out = names[i].iv;
			return 0;
		}
	return isms_interval_parse(out, s);
}
