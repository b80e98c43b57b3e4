/*
 * fuzz-config.c - libFuzzer target: load the input as isms.yml over the
 * embedded default, check the promises isms.h makes about the result or
 * the error, and free it. A broken promise aborts, so the fuzzer reports
 * it like a crash; leaks are reported by ASan's leak checker.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static const char *const default_types[] = { "policy", "process",
	"procedure", "management-review", "internal-audit", "nonconformity",
	"training" };

static void check_config(const isms_config *cfg)
{
	size_t i, j;

	CHECK(cfg->arena && cfg->path && !strcmp(cfg->path, "isms.yml"));
	CHECK(cfg->ticket_re && cfg->ticket_pattern);
	CHECK(cfg->soa && cfg->approval_branch);
	/* A user's types replace or add, never remove. */
	for (i = 0; i < sizeof(default_types) / sizeof(*default_types); i++)
		CHECK(isms_config_type(cfg, default_types[i]));
	for (i = 0; i < cfg->ntypes; i++) {
		const isms_type *t = &cfg->types[i];

		CHECK(t->name && isms_config_type(cfg, t->name));
		for (j = 0; j < t->nfields; j++)
			CHECK(t->fields[j]);
		for (j = 0; j < t->nsections; j++) {
			CHECK(t->sections[j].title && t->sections[j].match);
			CHECK(t->sections[j].re);
			/* The compiled pattern must be usable, whatever it is. */
			CHECK(isms_re_match(t->sections[j].re, "Management Intent",
				17) >= -1);
		}
	}
	for (i = 0; i < cfg->nroles; i++)
		CHECK(cfg->roles[i].key &&
			isms_config_role(cfg, cfg->roles[i].key));
	for (i = 0; i < cfg->nstaff; i++)
		CHECK(cfg->staff[i].email);
	for (i = 0; i < cfg->ninclude; i++)
		CHECK(cfg->include[i]);
	for (i = 0; i < cfg->nexclude; i++)
		CHECK(cfg->exclude[i]);
	CHECK(cfg->review_interval.n >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	isms_config *cfg = (isms_config *)1;
	isms_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = isms_config_load(&cfg, "isms.yml", (const char *)data, size, &err);
	if (rc < 0) {
		CHECK(rc == -1 && cfg == NULL);
		CHECK(err.msg[0] && memchr(err.msg, '\0', sizeof(err.msg)));
		CHECK(!strcmp(err.path, "isms.yml"));
		CHECK(err.line >= 0 && err.col >= 0);
	} else {
		CHECK(rc == 0 && cfg != NULL && !err.msg[0]);
		check_config(cfg);
		isms_config_free(cfg);
	}
	return 0;
}
