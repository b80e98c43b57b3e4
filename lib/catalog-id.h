/*
 * catalog-id.h - control and clause ids as dotted decimals, shared by the
 * catalog (lib/catalog.c) and its generator (data/gen-catalog.c), so that
 * the order the generator checks is the order the lookups rely on.
 */
#ifndef ISMS_CATALOG_ID_H
#define ISMS_CATALOG_ID_H

#include <string.h>

/*
 * Whether `s` is dotted decimal with min..max parts, none with a leading
 * zero: "A.5.01" names nothing, rather than silently meaning A.5.1.
 */
static inline int valid_id(const char *s, int min, int max)
{
	int parts = 0;

	for (;;) {
		if (*s < '1' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		parts++;
		if (*s == '\0')
			return parts >= min && parts <= max;
		if (*s++ != '.')
			return 0;
	}
}

/*
 * Numeric order of two valid ids, part by part: without leading zeros a
 * longer number is the larger one, and equal lengths compare as text.
 */
static inline int idcmp(const char *a, const char *b)
{
	while (*a && *b) {
		size_t la = 0, lb = 0;
		int c;

		while (a[la] && a[la] != '.')
			la++;
		while (b[lb] && b[lb] != '.')
			lb++;
		if (la != lb)
			return la < lb ? -1 : 1;
		c = memcmp(a, b, la);
		if (c)
			return c;
		a += la + (a[la] == '.');
		b += lb + (b[lb] == '.');
	}
	return (*a != 0) - (*b != 0);
}

#endif
