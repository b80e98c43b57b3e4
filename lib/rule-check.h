/*
 * rule-check.h - the rule table's row and what a rule's function is given,
 * shared by the files that hold rules (lib/rules.c, lib/approval.c) and the
 * unit test that holds the table to its ids (tests/unit/t-rules.c). Not
 * for cmd/: the tools run the rules through isms_lint.
 */
#ifndef ISMS_RULE_CHECK_H
#define ISMS_RULE_CHECK_H

#include "model.h"

/* When a rule's function runs, and what it is given. */
typedef enum {
	ISMS_PHASE_SELF,         /* each document with front matter, reading
	                            only it, isms.yml and the day (a function
	                            is given nothing else: isms_self_fn) */
	ISMS_PHASE_FILE,         /* each document, with front matter or not */
	ISMS_PHASE_DOC,          /* each document with front matter, on the
	                            worker threads */
	ISMS_PHASE_HISTORY,      /* the same, when the approval branch has
	                            changes of it: given its history */
	ISMS_PHASE_REPO          /* once, across documents and files */
} isms_rule_phase;

/* What every rule's function reads besides its document: the model, and
 * lookups built once a run. Read-only while the rules run. */
typedef struct isms_rule_ctx {
	const isms_model *m;
	const isms_doc **by_id;  /* documents with an id, sorted by id */
	size_t nid;
} isms_rule_ctx;

/* A rule's function: `d` (and, in ISMS_PHASE_HISTORY, `dh`) is the
 * document judged; both NULL in ISMS_PHASE_REPO. */
typedef void isms_rule_fn(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh);

/* All an ISMS_PHASE_SELF function reads besides its document: its
 * findings on a document follow from the document's text, isms.yml and
 * the day, so that pre-commit can take them for HEAD's on a document the
 * index does not change (isms_lint_opts.unchanged_as_head). The one thing
 * such a row leaves behind, the document's suppression put in force
 * (rule_fields' check_lint), the runner puts in force itself on the
 * documents whose rows it skips. */
typedef struct isms_self_ctx {
	const isms_config *cfg;
	long now;
} isms_self_ctx;

typedef void isms_self_fn(isms_report *r, const isms_self_ctx *sx,
	isms_doc *d);

#define ISMS_RULE_MAX_IDS 8

/*
 * A row of the rule table: a function, its phase, and the rules it reports
 * (ended by ISMS_NRULES). A function is one rule, or a family sharing one
 * walk (the front matter's keys, soa.yml's rows); a rule judged in two
 * places (field/invalid in documents and in soa.yml) is on two rows. The
 * runner holds a function to its list.
 */
typedef struct isms_rule_row {
	const char *name;        /* the function's, for test messages */
	isms_rule_phase phase;
	isms_rule_fn *fn;        /* NULL in ISMS_PHASE_SELF */
	isms_rule_id ids[ISMS_RULE_MAX_IDS];
	isms_self_fn *self;      /* ISMS_PHASE_SELF's, else NULL */
} isms_rule_row;

/* The rule table (lib/rules.c), in the order the rules run. */
const isms_rule_row *isms_rule_table(size_t *n);

/* The rules of lib/approval.c, which read history and records. */
isms_rule_fn isms_rule_approval, isms_rule_review, isms_rule_version,
	isms_rule_version_staged, isms_rule_records, isms_rule_training,
	isms_rule_governed;

/* The rules of lib/rules-evidence.c: the tracker's export and the starter
 * templates. */
isms_rule_fn isms_rule_tickets, isms_rule_untracked, isms_rule_templates;
/* The rules of lib/rules-records.c: records that say something, KPIs. */
isms_rule_fn isms_rule_record_shapes, isms_rule_record_empty, isms_rule_kpis;

/* The rules of lib/rules-risk.c: sites and risks (PRODUCT.md section 7). */
isms_rule_fn isms_rule_site_unknown, isms_rule_site_uncovered, isms_rule_risk;

#endif
