/*
 * fuzz-target.c - libFuzzer target: any bytes are a KPI's target, a
 * measured value and a frequency (lib/kpi.c). Checks the promises isms.h
 * makes: a target that parses prints back to one that parses to the same
 * comparison, number and unit; one that does not has a column inside the
 * text and a reason. abort() makes a broken promise a finding.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1), text[128];
	isms_target t, u;
	isms_interval iv;
	const char *why;
	double v;
	int col;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (isms_target_parse(&t, s, &col, &why) == 0) {
		CHECK(!why && strlen(t.unit) < ISMS_KPI_UNIT_MAX);
		isms_target_format(text, sizeof(text), &t);
		CHECK(isms_target_parse(&u, text, &col, &why) == 0);
		CHECK(u.op == t.op && !strcmp(u.unit, t.unit));
		isms_target_met(&t, t.value);
	} else {
		CHECK(why && col >= 1 && (size_t)col <= strlen(s) + 1);
	}
	if (isms_kpi_value_parse(&v, s) == 0)
		CHECK(v == v);
	if (isms_frequency_parse(&iv, s) == 0)
		CHECK(iv.n > 0);
	free(s);
	return 0;
}
