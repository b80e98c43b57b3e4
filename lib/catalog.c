/*
 * catalog.c - look up ISO/IEC 27001 controls and clauses by id.
 *
 * The tables are generated from the CSVs in data/ by data/gen-catalog.c,
 * which checks that every id is dotted decimal without leading zeros and
 * that each table is in strictly ascending numeric order (5.2 < 5.10 <
 * 6.1), which is also the standard's order. So a lookup is a binary
 * search over the generated table itself: no index to build, nothing to
 * lock, safe from any thread. Lookups run for every control of every
 * document, so they must stay cheap.
 */
#include "base.h"

#include <stddef.h>
#include <string.h>

/* search() reads an entry's id through a pointer to the entry. */
_Static_assert(offsetof(isms_control, id) == 0, "id first");
_Static_assert(offsetof(isms_legacy, old_id) == 0, "old_id first");
_Static_assert(offsetof(isms_clause, id) == 0, "id first");

#include "catalog-id.h"

/*
 * Binary search over `n` entries of `size` bytes whose id (a const char *)
 * sits at the start of each entry, `skip` characters in ("A." for 2013).
 */
static const void *search(const void *base, size_t n, size_t size,
	size_t skip, const char *key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *entry = (const char *)base + mid * size;
		const char *id = *(const char *const *)(const void *)entry;
		int c = idcmp(key, id + skip);

		if (c == 0)
			return entry;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const isms_control *isms_catalog_find(const char *ref,
	const isms_legacy **legacy)
{
	const isms_control *tab;
	const isms_legacy *old;
	size_t n;

	if (legacy)
		*legacy = NULL;
	if (!ref)
		return NULL;
	if ((ref[0] == 'A' || ref[0] == 'a') && ref[1] == '.')
		ref += 2;
	if (valid_id(ref, 2, 2)) {
		tab = isms_catalog_controls(&n);
		return search(tab, n, sizeof(*tab), 0, ref);
	}
	/* 2022 ids have two parts, 2013 ids three: no ref can be both. */
	if (legacy && valid_id(ref, 3, 3)) {
		old = isms_catalog_legacy(&n);
		*legacy = search(old, n, sizeof(*old), 2, ref);
	}
	return NULL;
}

const isms_clause *isms_catalog_clause(const char *id)
{
	const isms_clause *tab;
	size_t n;

	if (!id || !valid_id(id, 1, 3))
		return NULL;
	tab = isms_catalog_clauses(&n);
	return search(tab, n, sizeof(*tab), 0, id);
}
