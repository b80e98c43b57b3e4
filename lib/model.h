/*
 * model.h - internal: the ISMS as read (the model, lib/model.c), the
 * judgements made of it once (the facts, lib/facts.c), the rules' runner
 * and the report's makers, the hooks', isms-new's and the renderers'
 * internals (SoA, graph, HTML frame, site, diff).
 */
#ifndef ISMS_MODEL_H
#define ISMS_MODEL_H

#include "repo.h"

/* ---------------------------------------------------------------- report */

/* Whether finding `f` judges the approval branch's history (the rule's
 * `branch`): what a hook leaves to pull requests, CI and the server. */
int isms_finding_on_branch(const isms_finding *f);
int isms_rule_on_branch(isms_rule_id id);

/* Add a finding of rule `rule`; the rule's default severity is used.
 * Strings are copied. */
void isms_report_rule(isms_report *r, const char *path, int line, int col,
	isms_rule_id rule, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* The same for a rule given by its id as text (a test's); an id no rule
 * has is a bug, and aborts. */
void isms_report_add(isms_report *r, const char *path, int line, int col,
	const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Add a line to the report's notes. */
void isms_report_note(isms_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sort by path, line, column, rule, message; count errors and warnings. */
void isms_report_finish(isms_report *r);

/* ---------------------------------------------------------------- model */

/* Why a file could not be read as the model needs it, and where: the
 * lint reports it as front-matter/missing or front-matter/syntax. */
typedef enum {
	ISMS_PROBLEM_NO_FRONT_MATTER,  /* none, unreadable, or not text */
	ISMS_PROBLEM_SYNTAX            /* front matter (or soa.yml) does not parse */
} isms_problem_kind;

typedef struct isms_problem {
	isms_problem_kind kind;
	int line, col;
	const char *msg;
	struct isms_problem *next;
} isms_problem;

/* A blob's `version`: what every version history shows. */
typedef struct isms_blob_version {
	int front;               /* front matter opened and closed */
	const char *version;     /* its `version`, or NULL */
} isms_blob_version;

/* A document in scope, with the facts the rules and the renderer need. */
typedef struct isms_doc {
	const char *path;        /* repository-relative */
	char blob[41];           /* the blob id of the text read (the index's or
	                            the tree's; the work tree's bytes hashed as
	                            git hash-object does), "" when unreadable */
	int has_fm;              /* front matter present and parsed as a map */
	int fm_line;             /* file line of the first YAML line */
	int body_line;           /* file line of the body's first line */
	const isms_ynode *fm;    /* front matter root (a map), or NULL */
	const char *id, *title, *type, *owner, *version, *status;
	const isms_type *def;    /* the type's definition, or NULL */
	isms_md *md;             /* headings and links, or NULL */
	isms_problem *problems;  /* what reading it found, in order, or NULL */
	/* Its blob's version, when its text was read this run (text_read):
	 * a history's newest change is usually this very blob. */
	isms_blob_version text_version;
	int text_read;
	/* The `lint: {ignore: [...]}` list, when the suppression is in force
	 * (it has a reason, its rules exist, and it has not expired): set by
	 * the lint's rules, NULL in a model that was only loaded. */
	const isms_ynode *ignore;
} isms_doc;

/*
 * The ISMS as read from a source: configuration, documents (sorted by
 * path), and the SoA tree. Everything belongs to the model.
 */
typedef struct isms_model {
	isms_source *src;
	isms_config *cfg;
	const char *config_file; /* isms.yml as findings name it, present or not */
	isms_doc *docs;
	size_t ndocs;
	isms_strindex by_path;   /* the documents by path (isms_model_doc) */
	const char *soa_path;    /* repository-relative path of soa.yml */
	const isms_ynode *soa;   /* its root, or NULL (missing or broken) */
	int soa_missing;
	int soa_empty;           /* it exists but holds nothing */
	isms_problem *soa_problems;  /* unreadable, or YAML trouble; or NULL */
	long now;
	const char **governed;   /* governed files present (isms.yml, soa.yml,
	                            keys, approval.governed), in path order */
	size_t ngoverned;
	struct isms_history *history;  /* approval branch history, or NULL */
	int judge_fixed;         /* one configuration judges every approval */
	char judge_tree[41];     /* whose key files it trusts ("" the tip's) */
	char head_tree[41];      /* --staged: HEAD's tree, to compare against */
	const char **staged;     /* --staged: the paths whose blob the index
	                            changes from HEAD's (all when no HEAD), in
	                            path order */
	size_t nstaged;
	isms_arena *arena;       /* strings and trees of the model */
	isms_arena **arenas;     /* one per worker thread */
	int narenas;
	int jobs;                /* threads, from isms_lint_opts.jobs */
	struct isms_facts *facts;  /* its judgements, made on first use
	                              (lib/facts.c); NULL until then */
	/* The tracker's export (tickets.export), or NULL when none is
	 * configured (lib/tickets.c). */
	struct isms_tickets *tickets;
	/* Work on the documents started while the model loads
	 * (isms_lint_opts.docs_read), which must end before the model is
	 * freed: isms_model_free calls this first (NULL: none). */
	void (*stop)(void *arg);
	void *stop_arg;
} isms_model;

/* ---------------------------------------------------------------- memo */

/*
 * What a blob yields, kept in the persistent cache (lib/memo.c). A
 * document's facts as load_doc reads them (has_fm, lines, problems, front
 * matter, Markdown; not the fields taken from the front matter), under a
 * key of its blob id and the configuration's hash: 1 when found whole.
 */
int isms_memo_doc_get(isms_doc *d, isms_cache *c, const unsigned char *key,
	isms_arena *a);
void isms_memo_doc_put(isms_cache *c, const unsigned char *key,
	const isms_doc *d);

/* Of blob `blob` (hex), read once ever: 0, or -1 when it cannot be read
 * (*v then empty). */
int isms_blob_version_of(isms_blob_version *v, isms_source *src,
	const char *blob, isms_arena *a);
/* Just the version ("" when none, or when the blob is absent). */
const char *isms_version_at(isms_source *src, const char *blob,
	isms_arena *a);
/* Of a text at hand (the index's or the work tree's). */
void isms_text_blob_version(isms_blob_version *v, const char *text,
	size_t len, isms_arena *a);
/* Of document d's text, read this run, whose blob id is d->blob: kept in
 * d and in the cache, so that the blob is not read again for it. */
void isms_doc_text_version(isms_doc *d, isms_source *src, const char *text,
	size_t len, isms_arena *a);
/* isms_blob_version_of, taken from d when `blob` is the text d read. */
int isms_doc_blob_version(isms_blob_version *v, isms_source *src,
	const isms_doc *d, const char *blob, isms_arena *a);
/* The blob id of a blob's body (what follows its front matter), which
 * version/unchanged compares when two versions match; read once ever,
 * apart from the version, since hashing every version would double the
 * reading of a history. 0, or -1 when the blob cannot be read. */
int isms_blob_body_of(char out[41], isms_source *src, const char *blob);
/* The same of a text at hand. */
void isms_text_body(char out[41], const char *text, size_t len);

/*
 * Read the ISMS named by `opts` (source, configuration, documents, SoA,
 * approval-branch history); a document's text and cmark tree are freed as
 * soon as its facts are extracted. No rule runs: what could not be read is
 * noted in the documents' and the SoA's `problems`, and the lint
 * (isms_lint_model) runs the rules over the model. Returns 0 with *out
 * set, or -1 with err set (configuration trouble, unreadable repository).
 */
int isms_model_load(isms_model **out, const struct isms_lint_opts *opts,
	isms_error *err);

/*
 * The configuration every tool reads, one way: `file` (--config, a file on
 * disk) when not NULL, else the isms.yml of `src`'s ISMS root over the
 * embedded default (the default alone when there is none; *found, when
 * not NULL, says whether there was). An unreadable or broken file is
 * trouble with its path, line and column, never the default.
 */
int isms_config_read(isms_config **out, int *found, isms_source *src,
	const char *file, isms_error *err);

/* Only the source and its configuration (no documents, no history, no
 * rules): what a hook needs to know which branch is guarded, or whether
 * a commit touches documents. */
int isms_model_load_config(isms_model **out, const struct isms_lint_opts *opts,
	isms_error *err);
void isms_model_free(isms_model *m);
/* Whether the index changes `path` from HEAD (--staged). */
int isms_model_staged(const isms_model *m, const char *path);
/* The document at repository-relative `path`, or NULL. */
const isms_doc *isms_model_doc(const isms_model *m, const char *path);
/* Append to `out` the lines a loaded model has for the user that are not
 * findings (a shallow clone's history), each ending in a newline. */
void isms_model_notes(isms_buf *out, const isms_model *m);
/*
 * Call first(r, k, arg) for every k below nfirst, then fn(r, d, arg) for
 * every document of `m`, on opts->jobs threads at once (0: one a core),
 * each thread with its own report `r`, merged into `report` at the end.
 * The calls run beside each other: each must be safe to run with any
 * other. (The first ones are the longest, taken first so that the
 * documents fill the threads up to the end.)
 */
void isms_model_each_doc(isms_model *m, isms_report *report,
	const struct isms_lint_opts *opts, size_t nfirst,
	void (*first)(isms_report *r, size_t k, void *arg),
	void (*fn)(isms_report *r, isms_doc *d, void *arg), void *arg);

/*
 * Run every lint rule (lib/rules.c's table) over the loaded model `m` into
 * `r` on opts->jobs threads, the per-document ones once a document, those
 * across documents once, beside them; then drop the findings a document's
 * suppression covers.
 */
void isms_rules_run(isms_report *r, isms_model *m,
	const struct isms_lint_opts *opts);
/*
 * Write a document's version history with its approval records (text, or
 * JSON when `json`), reading its version at each change (lib/history-out.c).
 */
void isms_history_write(isms_buf *out, const isms_model *m,
	const isms_doc_history *dh, int json);
/* One change as a JSON object (the fields of the history JSON). */
void isms_change_json(isms_buf *out, const isms_change *c, const char *version);
/* A commit time as 2026-10-01T12:00:00Z (UTC) into out[21]. */
void isms_time_iso(char out[21], long long t);
/* "merge", "trailer", "forge-review", "tag" or "none". */
const char *isms_approval_name(isms_approval_kind k);
/* What an approval rests on, for people: "ciso, merge" and, when
 * `evidence`, ", signed"; ", below approval.require" when it does not
 * count and "; WHY" when a stronger record did not hold (not escaped:
 * HTML callers escape). */
void isms_approver_detail(isms_buf *out, const isms_approver *a, int evidence);
/* Every document's, in path order (JSON: {"documents":[...]}). */
void isms_history_write_all(isms_buf *out, const isms_model *m, int json);
/* Read the version at every change of every document, on every core
 * (a blob each), into isms_change.version. */
void isms_history_read_versions(const isms_model *m);

/* The front matter keys the rules know, for field/unknown suggestions. */
int isms_field_known(const isms_config *cfg, const char *key);

/* ---------------------------------------------------------------- facts */

/*
 * The judgements the ISMS makes (lib/facts.c), made once per model as of
 * m->now and read by everyone who needs them: the rules turn them into
 * findings, the renderers (site, manual, SoA, graph, diff, dashboard)
 * show them. Each part is made on its first use and kept with the model
 * (in m->arena), so a command pays only for the parts it reads. Safe to
 * call from several threads at once; everything returned is the model's.
 */

typedef enum {
	ISMS_REVIEW_NONE,        /* not a controlled document (`why` says) */
	ISMS_REVIEW_CURRENT,
	ISMS_REVIEW_SOON,        /* due within ISMS_REVIEW_SOON_DAYS */
	ISMS_REVIEW_OVERDUE,
	ISMS_REVIEW_NEVER        /* never approved, and not overdue */
} isms_review_state;

#define ISMS_REVIEW_SOON_DAYS 30

/*
 * A document's review. Controlled documents are reviewed: those with front
 * matter holding a `version`, `next_review` or `review_interval` key (a
 * key without a value counts: the document says it is controlled, and
 * field rules judge the value), unless retired. Records are evidence, not
 * reviewed. One is due `every` after its last approved change reached the
 * approval branch, or on next_review when that comes first.
 */
typedef struct isms_review {
	isms_review_state state;
	const char *why;         /* ISMS_REVIEW_NONE: "no front matter",
	                            "retired" or "not reviewed"; else NULL */
	const isms_change *approved; /* the last approved change, or NULL */
	long last;               /* the day it landed, or -1 */
	size_t unapproved;       /* changes since it (all when none is) */
	isms_interval every;     /* review_interval: the document's or isms.yml's */
	long planned;            /* next_review as a day, or -1 */
	const isms_ynode *planned_at;  /* its value, for a finding's place */
	long due;                /* the earlier of last + every and planned,
	                            or -1 (never approved, nothing planned) */
} isms_review;

/* The index in dh->changes of the newest change with an approval that
 * counts (approval.require), or dh->n: the changes before it are
 * unapproved. For documents and governed files alike. */
size_t isms_facts_last_approved(const isms_doc_history *dh);

/* The review of `d`, a document of `m`. */
const isms_review *isms_facts_review(const isms_model *m, const isms_doc *d);

/*
 * Whether the text of `d` in force (the approval branch's tip) is
 * approved, and is the text read: what a status badge may say. The
 * judgement approval/missing makes (isms_facts_last_approved over the
 * review's history), and the source's text against the branch's newest
 * change of it (the document's blob id). A status "approved" is shown as
 * such only for ISMS_IN_FORCE_APPROVED.
 */
typedef enum {
	ISMS_IN_FORCE_UNKNOWN,   /* no approval branch history to judge by */
	ISMS_IN_FORCE_APPROVED,  /* its newest change has an approval that
	                            counts (approval.require) */
	ISMS_IN_FORCE_CHANGED,   /* approved once, but changes without an
	                            approval landed since (review.unapproved) */
	ISMS_IN_FORCE_NEVER,     /* no change of it was ever approved, or it is
	                            not on the approval branch */
	ISMS_IN_FORCE_UNMERGED   /* the branch's text is approved, but the text
	                            read (work tree, index) is another: an edit,
	                            or a branch not merged yet */
} isms_in_force;

isms_in_force isms_facts_in_force(const isms_model *m, const isms_doc *d);

/* The records that prove the ISMS runs, in isms_facts_records' order. */
enum { ISMS_RECORD_REVIEW, ISMS_RECORD_AUDIT, ISMS_NRECORDS };

typedef struct isms_record {
	const char *type;        /* "management-review", "internal-audit" */
	const char *what;        /* "management review", "internal audit" */
	const isms_interval *every;  /* isms.yml's records.<type> */
	const isms_doc *doc;     /* the newest of the type dated on or before
	                            now (the first in path order on a tie), or
	                            NULL */
	long last;               /* its date, or -1 */
	long due;                /* last + every, or -1 */
	int overdue;             /* none on record, or due before now */
} isms_record;

/* The ISMS_NRECORDS records. */
const isms_record *isms_facts_records(const isms_model *m);

/* Someone who must be trained, and their newest training since `since`. */
typedef struct isms_trainee {
	const char *name;        /* may be NULL */
	const char *email;
	const isms_doc *trained; /* a training record with them in
	                            `attendees` ("a@b" or "Name <a@b>", case
	                            ignored), dated since `since` and not after
	                            now: the newest, or NULL */
} isms_trainee;

/*
 * Training (clause 7.2): everyone on the staff list and every role's
 * person, each e-mail once, whether or not isms.yml has a staff list or
 * the ISMS any training record. None at all (`n` == 0) is a gap too:
 * nobody's competence can be shown.
 */
typedef struct isms_training {
	const isms_trainee *people;  /* staff first, then the roles' people */
	size_t n;
	size_t ntrained;         /* of them, with a training record */
	long since;              /* now - records.training */
} isms_training;

const isms_training *isms_facts_training(const isms_model *m);

/* The site path of each document's page (isms_doc_page), indexed as
 * m->docs. */
const char *const *isms_facts_pages(const isms_model *m);

/*
 * Where a link in document `from`'s body leads (the link/broken rule
 * checks it; the site points it at the target's page): its URL
 * percent-decoded and resolved against `from`'s folder. EXTERNAL: a
 * scheme ("https:", "mailto:") or "//host", or empty; OUTSIDE: it climbs
 * above the repository's top; DOC: a document of the model (t->doc;
 * `from` itself for "#anchor"); FILE: any other path (t->path; it may not
 * exist). t->frag is the decoded fragment ("" for none), t->rest the URL
 * from its "?" or "#" on ("" for none). `t` is reused across calls and
 * released with isms_link_target_release.
 */
typedef enum {
	ISMS_LINK_EXTERNAL, ISMS_LINK_OUTSIDE, ISMS_LINK_DOC, ISMS_LINK_FILE
} isms_link_kind;

typedef struct isms_link_target {
	const isms_doc *doc;
	isms_buf path, frag;
	const char *rest;
	isms_buf dec;            /* scratch */
} isms_link_target;

#define ISMS_LINK_TARGET_INIT { NULL, ISMS_BUF_INIT, ISMS_BUF_INIT, "", \
	ISMS_BUF_INIT }

isms_link_kind isms_facts_link(isms_link_target *t, const isms_model *m,
	const isms_doc *from, const char *url);
void isms_link_target_release(isms_link_target *t);

struct isms_soa;
/* The Statement of Applicability of `m` (isms_soa, below). */
const struct isms_soa *isms_facts_soa(const isms_model *m);

/* ---- sites and risks (PRODUCT.md section 7): facts (lib/facts-risk.c) */

/*
 * A part of the facts made by another file than lib/facts.c: made by
 * `make` on first use, under facts.c's lock (so `make` must not ask for a
 * part not yet made: make those first), and kept with the model.
 */
typedef enum {
	ISMS_FACTS_SITES, ISMS_FACTS_RISKS,          /* lib/facts-risk.c */
	ISMS_FACTS_MINUTES, ISMS_FACTS_KPIS, ISMS_FACTS_FIGURES, /* facts-kpi.c */
	ISMS_FACTS_TICKETS,                          /* lib/facts-tickets.c */
	ISMS_FACTS_TEMPLATES,                        /* lib/facts-template.c */
	ISMS_FACTS_NSLOTS
} isms_facts_slot_id;
void *isms_facts_slot(const isms_model *m, isms_facts_slot_id slot,
	void *(*make)(const isms_model *m));

/*
 * Whether document `d` covers site `site`: it is "applicable approved" -
 * status approved (so neither draft nor retired), not a risk (a risk
 * names the controls that treat it, it implements none) - and it applies
 * at the site: its `sites` list names it, or it has no `sites` (all
 * sites).
 */
int isms_facts_doc_at_site(const isms_doc *d, const char *site);

/* One control a site's kind requires, and who covers it there. */
typedef struct isms_site_need {
	const isms_control *control;
	const isms_doc **docs;   /* applicable approved documents at the site
	                            listing it in `controls`, in path order */
	size_t ndocs;
	int excluded;            /* the SoA excludes it (applicable: false):
	                            it stays required, and a gap when no
	                            document covers it */
} isms_site_need;

typedef struct isms_site_cover {
	const isms_site *site;
	isms_site_need *needs;   /* the kind's controls, in its order */
	size_t n;
	size_t uncovered;        /* needs with no document */
} isms_site_cover;

/* The coverage of every site (site x control -> documents), in isms.yml's
 * order of sites. */
typedef struct isms_sites {
	isms_site_cover *sites;
	size_t n;
	size_t uncovered;        /* site x control pairs with no document */
} isms_sites;

const isms_sites *isms_facts_sites(const isms_model *m);

typedef enum {
	ISMS_TREAT_NONE = 0,     /* no treatment, or not one of the four */
	ISMS_TREAT_MITIGATE, ISMS_TREAT_ACCEPT, ISMS_TREAT_TRANSFER,
	ISMS_TREAT_AVOID
} isms_treatment;

/* "mitigate", "accept", "transfer", "avoid" ("none" for NONE). */
const char *isms_treatment_name(isms_treatment t);

typedef enum {
	ISMS_ACCEPT_NA = 0,      /* not an acceptance */
	ISMS_ACCEPT_APPROVED,    /* its last change on the approval branch was
	                            approved by the person of its owner role */
	ISMS_ACCEPT_UNAPPROVED,  /* it was not (`why` says) */
	ISMS_ACCEPT_PENDING      /* not on the approval branch yet (a new
	                            risk in a pull request), or no history
	                            read: nobody can have approved it */
} isms_acceptance;

/* A risk (type `risk`) as the ISMS judges it. */
typedef struct isms_risk {
	const isms_doc *doc;
	int likelihood, impact;  /* 1-5, or 0 when missing or invalid */
	int score;               /* likelihood x impact, or 0 */
	isms_treatment treatment;
	const isms_control **controls;   /* its `controls`, known ones, each once */
	size_t ncontrols;
	long review;             /* the next review (`review`), or -1 */
	int untreated;           /* score >= risk.threshold without a
	                            treatment, or mitigate with no control */
	int overdue;             /* review before now */
	isms_acceptance acceptance;
	const isms_approver *accepted_by;  /* ISMS_ACCEPT_APPROVED: who */
	const char *why;         /* ISMS_ACCEPT_UNAPPROVED: why not */
} isms_risk;

/* Every risk, in path order, with the heat map (likelihood x impact). */
typedef struct isms_risks {
	isms_risk *risks;
	size_t n;
	int threshold;           /* risk.threshold */
	size_t cells[5][5];      /* [likelihood - 1][impact - 1]: scored risks */
	size_t unscored;         /* risks without a valid likelihood and impact */
	size_t untreated, unaccepted, overdue;
} isms_risks;

const isms_risks *isms_facts_risks(const isms_model *m);
/* The risk `d` is, or NULL when it is no risk. */
const isms_risk *isms_facts_risk(const isms_model *m, const isms_doc *d);

/* ---- end of sites and risks: facts */

/* ------------------------------------------ tracker export and templates */

/*
 * The tracker's export (lib/tickets.c; isms.yml tickets.export): a Jira
 * CSV export (columns "Issue key", "Status", "Resolved", "Labels" found by
 * name, "Labels" repeated once per label; BOM, CRLF, RFC 4180 quoting) or
 * JSON lines {"key","status","resolved","labels"}. The format is the
 * extension's (.csv; .jsonl, .ndjson, .json), else the content's: JSON
 * lines when the first character is '{'.
 */
#define ISMS_TICKETS_MAX_BYTES (64 << 20)   /* a larger export is trouble */

enum { ISMS_TICKETS_CSV, ISMS_TICKETS_JSONL };

typedef struct isms_ticket {
	const char *key;         /* "ISMS-42" */
	const char *status;      /* as the tracker names it; "" when empty */
	const char *resolved;    /* the resolution date as written, or NULL */
	const char **labels;
	size_t nlabels;
	int line, col;           /* where its row (or object) is in the export */
} isms_ticket;

typedef struct isms_tickets {
	const char *path;        /* repository-relative */
	int format;              /* ISMS_TICKETS_CSV or ISMS_TICKETS_JSONL */
	isms_ticket *items;      /* sorted by key, each key once */
	size_t n, cap;
} isms_tickets;

/* The format of the export at `path` holding `text`. */
int isms_tickets_format(const char *path, const char *text, size_t len);
/* Parse an export (arena-owned result). -1 with err set to path, line and
 * column on trouble: a malformed file, a missing column, a key twice, more
 * than ISMS_TICKETS_MAX_BYTES. */
int isms_tickets_parse(isms_tickets **out, isms_arena *a, const char *path,
	const char *text, size_t len, isms_error *err);
/* The ticket of `key` in `t` (which may be NULL), or NULL. */
const isms_ticket *isms_tickets_find(const isms_tickets *t, const char *key);
/* Whether `tk` carries `label` (exactly, as Jira labels are). */
int isms_ticket_labelled(const isms_ticket *tk, const char *label);

/*
 * Tracker facts (lib/facts-tickets.c): each ticket of the export judged
 * once. A ticket is closed when its Resolved field is set or its status is
 * in tickets.closed (case ignored; default Done, Closed, Resolved). A
 * non-conformity is closed when its status is "closed".
 */
typedef enum {
	ISMS_TICKET_NONE,        /* no export configured (or no key) */
	ISMS_TICKET_UNKNOWN,     /* not in the export */
	ISMS_TICKET_OPEN,
	ISMS_TICKET_CLOSED
} isms_ticket_state;

typedef struct isms_ticket_fact {
	const isms_ticket *t;
	int closed;
	int labelled;            /* carries tickets.label */
	const isms_doc *record;  /* the first document (path order) whose
	                            `ticket` names it, or NULL */
} isms_ticket_fact;

typedef struct isms_ticket_facts {
	const isms_tickets *export;  /* m->tickets: NULL when none configured */
	isms_ticket_fact *tickets;   /* one per export ticket, in key order */
	size_t n;
} isms_ticket_facts;

const isms_ticket_facts *isms_facts_tickets(const isms_model *m);
/* The state of tracker key `key`; *fact (may be NULL) its fact or NULL. */
isms_ticket_state isms_facts_ticket(const isms_ticket_fact **fact,
	const isms_model *m, const char *key);
/* "open", "closed", "not in the export" ("" for NONE). */
const char *isms_ticket_state_name(isms_ticket_state s);

/* A non-conformity's record against its ticket: what ticket/unknown and
 * ticket/mismatch report, and the site's improvement log shows. */
typedef enum {
	ISMS_NC_TICKET_NONE,     /* not a non-conformity, no ticket, no export,
	                            or a status that is neither open nor closed */
	ISMS_NC_TICKET_AGREES,
	ISMS_NC_TICKET_UNKNOWN,  /* its ticket is not in the export */
	ISMS_NC_TICKET_STILL_OPEN,   /* closed record, open ticket */
	ISMS_NC_TICKET_CLOSED        /* open record, closed ticket */
} isms_nc_ticket;

isms_nc_ticket isms_facts_nc_ticket(const isms_model *m, const isms_doc *d);

/*
 * Shelf-ware (lib/facts-template.c): how much of a document's body is
 * still the starter template it came from. The template set is isms.yml's
 * `templates` (a folder on disk, relative to the ISMS root's folder in the
 * work tree), else the one isms-new uses (isms_scaffold_templates); none
 * when `templates: false`, when none is found, or when the ISMS root is
 * the template set itself. A document matches the template of its id, else
 * of its path (relative to the ISMS root). Lines are compared with their
 * whitespace collapsed, blank lines left out, the organisation's name read
 * as {{organisation}} and any date (YYYY-MM-DD) as one token; `percent` is
 * the lines the two share (each line of one matched to one of the other)
 * over the lines of the longer of the two.
 */
#define ISMS_TEMPLATE_UNCHANGED_PERCENT 90

typedef struct isms_template_match {
	const char *template;    /* the template's path in the set */
	int by_id;               /* matched by id (else by path) */
	int percent;             /* 0..100 */
	size_t shared, lines;    /* lines in common; of the longer body */
} isms_template_match;

/* The match of `d`, a document of `m`, or NULL (no template set, or no
 * template of its id or path). */
const isms_template_match *isms_facts_template(const isms_model *m,
	const isms_doc *d);
/* The template set the facts compare with (realpath), or NULL. */
const char *isms_facts_template_dir(const isms_model *m);

/* Internal to the facts: the makers of the parts above (made once, under
 * facts.c's lock), the templates' part, and a document's index in m. */
void *isms_facts_make_tickets(const isms_model *m);
void *isms_facts_make_templates(const isms_model *m);
const void *isms_facts_templates(const isms_model *m);
size_t isms_facts_index(const isms_model *m, const isms_doc *d);
/* ------------------------------------------- objectives, KPIs and records */

/*
 * Objectives and KPIs (clause 6.2, 9.1) and what records must say
 * (clause 9.3): the small languages (lib/kpi.c, fuzzed) and their facts
 * (lib/facts-kpi.c), read by the rules (lib/rules-records.c), the
 * dashboard and the audit page.
 */

typedef enum {
	ISMS_CMP_GE, ISMS_CMP_GT, ISMS_CMP_LE, ISMS_CMP_LT, ISMS_CMP_EQ
} isms_cmp;

#define ISMS_KPI_UNIT_MAX 24

/* A KPI's target: ">= 95", "<= 5 days", "< 2 %", "== 0". */
typedef struct isms_target {
	isms_cmp op;
	double value;
	char unit[ISMS_KPI_UNIT_MAX];  /* "days", "%", or "" */
} isms_target;

/* Parse a target. Returns 0, or -1 with *col the 1-based column in `s`
 * of the trouble and *why a sentence (static) saying what is wrong. */
int isms_target_parse(isms_target *out, const char *s, int *col,
	const char **why);
/* Whether value `v` meets target `t`. */
int isms_target_met(const isms_target *t, double v);
/* ">=", ">", "<=", "<", "==". */
const char *isms_cmp_text(isms_cmp op);
/* The target as text, canonical: ">= 95 days", "< 2%". */
void isms_target_format(char *out, size_t n, const isms_target *t);
/* A number as a KPI shows it: whole, or with two decimals. */
void isms_kpi_number(char *out, size_t n, double v);
/* A measured value: a number, optionally followed by its unit ("4 days",
 * "97.5%"). Returns 0, or -1. */
int isms_kpi_value_parse(double *out, const char *s);
/* A frequency: daily, weekly, monthly, quarterly, half-yearly, yearly,
 * annually, or an interval ("2 weeks"). Returns 0, or -1. */
int isms_frequency_parse(isms_interval *out, const char *s);

/* A decision of a management review: a string, or {decision, owner,
 * due, done}. */
typedef struct isms_decision {
	const isms_ynode *at;    /* its list item */
	const char *text;        /* the decision, or NULL */
	const char *owner;       /* a role key, or NULL */
	long due, done;          /* days, or -1 */
} isms_decision;

/* A resource a management review decided: {item, amount?, approved}. */
typedef struct isms_resource {
	const isms_ynode *at;
	const char *item, *amount;   /* amount may be NULL */
	int approved;            /* 1, 0, or -1 when not said */
} isms_resource;

/* What a management review's minutes say, as read once. */
typedef struct isms_minutes {
	const isms_doc *doc;
	long date;               /* -1 when none */
	isms_decision *decisions;
	size_t ndecisions;
	const char *resources_text;  /* `resources` as a sentence, or NULL */
	isms_resource *resources;    /* `resources` as a list */
	size_t nresources, napproved;
	int resources_said;      /* resources present and not empty */
} isms_minutes;

/* The minutes of `d`, or NULL when d is not a management review. */
const isms_minutes *isms_facts_minutes(const isms_model *m, const isms_doc *d);
/* "2 items approved (Security engineer 90,000 EUR; SIEM licence)", the
 * sentence, or "none recorded": what a page says of the resources. */
void isms_minutes_resources(isms_buf *out, const isms_minutes *mn);

/* An evidence field a record leaves empty (record/empty). */
typedef struct isms_record_gap {
	const char *field;
	const isms_ynode *at;    /* the empty value, or NULL when absent */
	const char *why;         /* what it must say */
} isms_record_gap;

#define ISMS_RECORD_GAPS_MAX 8
/* The empty evidence fields of record `d` (none when d is no record);
 * an absent field its type requires is left to field/missing. */
size_t isms_record_gaps(isms_record_gap *out, const isms_doc *d);

/* A measurement record of a KPI. */
typedef struct isms_measurement {
	const isms_doc *doc;
	long day;
	double value;
	int met;                 /* 1 met the target, 0 missed, -1 no target */
} isms_measurement;

/* A KPI (type kpi) with its measurements. */
typedef struct isms_kpi {
	const isms_doc *doc;
	const char *id;
	const isms_ynode *target_at, *every_at;  /* the values, or NULL */
	int has_target;          /* target parsed */
	isms_target target;
	int target_col;          /* when it did not: where, and why */
	const char *target_why;
	int has_every;           /* frequency parsed */
	isms_interval every;
	isms_measurement *m;     /* dated on or before now with a number,
	                            oldest first */
	size_t n;
	const isms_measurement *latest;  /* or NULL */
	long due;                /* the next measurement, or -1 (none yet) */
	int stale;               /* a frequency, and no measurement within it */
	int off_target;          /* the latest measurement misses the target */
} isms_kpi;

typedef struct isms_kpis {
	isms_kpi *kpis;          /* documents of type kpi with an id, by path */
	size_t n;
	const isms_doc **orphans;    /* measurements whose `kpi` names no KPI */
	size_t norphans;
	const isms_doc **bad_values; /* measurements whose value is no number */
	size_t nbad_values;
} isms_kpis;

const isms_kpis *isms_facts_kpis(const isms_model *m);

/* The figures computed from the repository, always on the dashboard. */
enum {
	ISMS_FIG_AUDITS,         /* internal audits done on schedule, % */
	ISMS_FIG_ACTIONS,        /* review decisions done within 90 days, % */
	ISMS_FIG_NC_CLOSE,       /* non-conformity time to close, median days */
	ISMS_FIG_TRAINING,       /* people trained within the interval, % */
	ISMS_FIG_LATENCY,        /* approval latency, median days */
	ISMS_NFIGURES
};

#define ISMS_ACTION_DAYS 90

typedef struct isms_figure {
	const char *key;         /* "audit-completion", ... (page ids) */
	const char *label;
	const char *unit;        /* "%" or "days" */
	const char *none;        /* what it says with nothing to count */
	int known;               /* 0: nothing to count yet */
	double value;
	size_t num, den;         /* a percentage's counts; else num: sample */
	double max;              /* days figures: the longest */
} isms_figure;

typedef struct isms_figures {
	isms_figure fig[ISMS_NFIGURES];
	size_t nc_open, nc_overdue, nc_closed;
} isms_figures;

const isms_figures *isms_facts_figures(const isms_model *m);
/* A figure's value as the dashboard and the verdict say it: "67 % (2 of
 * 3)", "median 4.0 days, max 9.0 days over 3", or its `none`. */
void isms_figure_text(isms_buf *out, const isms_figure *f);

/* The makers of these facts' parts (lib/facts-kpi.c), for lib/facts.c. */
void *isms_facts_make_minutes(const isms_model *m);
void *isms_facts_make_kpis(const isms_model *m);
void *isms_facts_make_figures(const isms_model *m);

/* ---------------------------------------------------------------- audit */

/*
 * The auditor's verdict (lib/audit.c, PRODUCT.md section 7): the
 * checklist an ISO/IEC 27001 auditor walks, each item answered from the
 * facts and the lint findings as met, a gap, or not answerable from the
 * repository, with its evidence; each gap graded as the guide does. Built
 * once per run; the site's audit page, its dashboard and `isms-render
 * audit` all read the one verdict.
 */

typedef enum {
	ISMS_AUDIT_MET,
	ISMS_AUDIT_GAP,
	ISMS_AUDIT_NA            /* not answerable from the repository */
} isms_audit_state;

/* "met", "gap", "not-answerable". */
const char *isms_audit_state_name(isms_audit_state s);

/* A piece of evidence: a document, another file, or a page of the site,
 * with what it shows; `good` is 0 when a gap concerns it. */
typedef struct isms_audit_evidence {
	const isms_doc *doc;     /* the document, or NULL */
	const char *path;        /* its repository path, or another file's */
	const char *page;        /* a site page when neither ("graph.html") */
	const char *commit;      /* a commit it rests on (40 hex), or NULL */
	const char *text;
	int good;
} isms_audit_evidence;

typedef struct isms_audit_gap {
	isms_grade grade;
	int key;                 /* its grade key (isms_audit_key_name) */
	const char *reason;
	const char *path;        /* where, or NULL */
	int line, col;
	const isms_doc *doc;     /* the document at `path`, or NULL */
} isms_audit_gap;

/* Who answers an item, in the auditee's organisation. */
typedef enum {
	ISMS_AUDIT_CISO,
	ISMS_AUDIT_TOP_MANAGEMENT,
	ISMS_AUDIT_FINANCE,
	ISMS_AUDIT_COMPLIANCE
} isms_audit_owner;

/* "ciso", "top-management", "finance", "compliance-manager"; with
 * `label`: "CISO", "top management", "finance", "compliance manager". */
const char *isms_audit_owner_name(isms_audit_owner o, int label);

typedef struct isms_audit_item {
	const char *id;          /* stable: the site's anchor audit-ID */
	const char *title, *question, *clause;
	isms_audit_owner owner;
	isms_audit_state state;
	isms_grade grade;        /* its worst gap's, or NONE */
	const char *reason;      /* its worst gap's reason; NA: why not */
	isms_audit_evidence *evidence;
	size_t nevidence;
	isms_audit_gap *gaps;
	size_t ngaps;
} isms_audit_item;

typedef struct isms_audit {
	long now;
	isms_audit_item *items;  /* in checklist order */
	size_t nitems;
	size_t grades[ISMS_NGRADES];  /* gaps by grade */
	size_t states[3];        /* items by isms_audit_state */
} isms_audit;

/*
 * Build the verdict on `m` from its facts and `findings` (the lint of the
 * same model), grading gaps by isms.yml's audit.grades over the
 * defaults. Every finding is a gap of exactly one item. Everything is
 * allocated in `a` (the caller's); the model and report are borrowed.
 */
void isms_audit_build(isms_audit **out, isms_arena *a, const isms_model *m,
	const isms_report *findings);

/*
 * The document-control sample: `n` controlled documents (types policy,
 * process, procedure, in path order) drawn without replacement with the
 * PRNG seeded by `seed` (isms_audit_rand): the same seed draws the same
 * documents on every machine. Fills idx[0..] with indexes into m->docs,
 * in the order drawn; returns how many (at most n, at most how many
 * controlled documents there are; *population gets that).
 */
size_t isms_audit_sample(size_t *idx, size_t n, size_t *population,
	const isms_model *m, unsigned long long seed);
/* SplitMix64: the next number of the sequence whose state is *state. */
unsigned long long isms_audit_rand(unsigned long long *state);


/* A drawn sample, for the writers (NULL: none asked for). */
typedef struct isms_audit_draw {
	unsigned long long seed;
	size_t asked, population, n;
	const size_t *idx;       /* n indexes into m->docs */
} isms_audit_draw;

/* Write the verdict as the site's audit page (lib/site-audit.c), its
 * links made as from audit.html of a site of the same state, with the
 * sample's version histories when `draw` is not NULL. Returns 0. */
int isms_audit_html(isms_buf *out, const isms_model *m,
	const isms_report *findings, const isms_audit_draw *draw,
	isms_error *err);
/* Write the verdict as Markdown or JSON (man/isms-render.1), with the
 * sample's version histories when `draw` is not NULL. */
void isms_audit_write(isms_buf *out, const isms_audit *v, const isms_model *m,
	const isms_audit_draw *draw, isms_audit_format fmt);

/* ---------------------------------------------------------------- scaffold */

/*
 * The templates folder to use without --templates: share/isms/policy-templates
 * in the folder above the running executable's (an installed PREFIX), else
 * the source tree's policy-templates/ when the executable runs from its
 * build folder, else ISMS_PREFIX/share/isms/policy-templates (compiled in,
 * default /usr/local). *out is malloc'd, the caller's. -1 with err set
 * when none exists.
 */
int isms_scaffold_templates(char **out, isms_error *err);

/* The id prefix of documents of `type` ("POL-" for a policy; a type of
 * isms.yml's own: its name upper-cased and "-"), appended to `out`. */
void isms_scaffold_prefix(isms_buf *out, const char *type);
/* Lowercase ASCII letters and digits of `s`, anything else one '-', none
 * at either end, at most `max` characters, appended to `out`. */
void isms_scaffold_slug(isms_buf *out, const char *s, size_t max);
/* N when `id` is `prefix` followed by 1 to 9 digits N, else 0. */
long isms_scaffold_id_number(const char *id, const char *prefix);
/* The type whose folder holds `rel` (a path relative to the ISMS root):
 * a folder named as a type's folder ("policies", "audits") or as the type
 * ("policy"), case ignored; NULL when none does. */
const char *isms_scaffold_type_of(const char *rel);
/* The value a new document starts with for `field` of a document of
 * `type`, by the field's shape in the lint (lib/rules.c): `today` for
 * dates, [] for lists, "0.1", draft, ...; "" for fields not listed. */
void isms_scaffold_value(isms_buf *out, const isms_config *cfg,
	const char *type, const char *field, const char *today);

/* ---------------------------------------------------------------- adopt */

/*
 * The pure parts of isms-new adopt (lib/adopt.c), for its tests and its
 * fuzz target.
 *
 * A strongdm/comply-style YAML block: the text (after an optional BOM)
 * starts with a `key:` line at column 1, every line up to a line "---" is
 * a `key:` line, an indented or list line, a comment or blank, and that
 * "---" line exists. Returns 1 with *yaml_end the offset of the "---"
 * line and *body the offset after it; 0 when the text is not one.
 */
int isms_adopt_bare_block(size_t *yaml_end, size_t *body, const char *text,
	size_t len);

/*
 * Control ids in a string such as "A.5.29, A.5.30", "5.1; 5.2" or
 * "A.5.17 - Authentication information": each id (A.N.N, N.N or a 2013
 * A.N.N.N) found through the catalog, appended to `ids` as a YAML flow
 * list "[A.5.29, A.5.30]"; an id the catalog lacks is appended to
 * `unknown` ("A.9.9, " each) and kept in the list as written. Returns
 * the number of ids.
 */
size_t isms_adopt_controls(isms_buf *ids, isms_buf *unknown, const char *s);

/*
 * The Markdown SoA tables in a body (its first line is file line
 * `first_line`): each GFM table whose header names a control column
 * ("Control", "ID", "Ref") and an applicability column ("Applicable",
 * "Included"), with optional justification ("Justification", "Reason")
 * and status ("Status", "Implementation") columns, in any order. Each row
 * with a catalog control is appended to `soa` as a soa.yml line
 * "  A.5.1: {applicable: true, status: implemented, justification: ...}";
 * a row that cannot be read is appended to `problems` as
 * "PATH:LINE:COL: message\n". Returns the number of rows written.
 */
size_t isms_adopt_soa_table(isms_buf *soa, isms_buf *problems,
	const char *path, const char *body, size_t len, int first_line);

/* ---------------------------------------------------------------- hook */

/* The hook shim (hooks/shim.sh, compiled in); @ISMS_HOOK@ marks where the
 * path of isms-hook goes. */
extern const char isms_hook_shim[];

/* ---------------------------------------------------------------- render: soa and graph */

/*
 * The Statement of Applicability (lib/soa.c) and the process-interaction
 * graph (lib/graph.c, written by lib/graph-out.c), for isms-render
 * soa|graph and the site. The writers
 * take a loaded model (isms_model_load) and append to `out`; the same model
 * gives the same bytes.
 */

/*
 * The site path of document `d`'s page, appended to `out` (lib/site.c):
 * d's path relative to the ISMS root with a final ".md" replaced by
 * ".html" (".html" appended otherwise); when that is a name of the
 * site's own pages (index.html, soa.html, soa.csv, ...: the site's page
 * table), ".html" appended to the whole path instead (index.md.html).
 * The one place a document's page is named: the site writes the page
 * there, and every link to it is made from it.
 */
void isms_doc_page(isms_buf *out, const isms_model *m, const isms_doc *d);

/*
 * The href of document `d`'s page, appended to `out` (lib/html.c):
 * `prefix` (may be NULL), then isms_doc_page percent-encoded as
 * isms_html_url does (so a file name never becomes a URL scheme such as
 * "javascript:"). Not escaped for HTML: the caller does.
 */
void isms_doc_href(isms_buf *out, const isms_model *m, const isms_doc *d,
	const char *prefix);

/* A document's owner as "ciso (Jane Roe)": the role key, and the role's
 * name from isms.yml when it has one (as the SoA and the graph show it). */
void isms_owner_text(isms_buf *out, const isms_model *m, const char *key);

/* One row of the SoA: a catalog control with its decision. */
typedef struct isms_soa_row {
	const isms_control *control;
	const isms_ynode *key;   /* the key of soa.yml's row deciding it (the
	                            first naming it, as "A.5.1" or "5.1"), or
	                            NULL */
	const isms_ynode *row;   /* that row's value (any shape), or NULL */
	int applicable;          /* 1 yes, 0 no, -1 undecided (no row in
	                            soa.yml, or applicable not true/false) */
	const char *status;      /* as written in soa.yml, or NULL */
	const char *justification; /* non-empty, or NULL */
	int unjustified;         /* soa.yml has a row for it without a
	                            justification (as soa/unjustified) */
	const isms_doc **docs;   /* documents whose `controls` list it
	                            (normalised by isms_catalog_find), in path
	                            order, each once; risks are not among them */
	size_t ndocs;
	/* The risks (type risk) whose `controls` list it: the risks it
	 * treats, in path order. An applicable control with one needs no
	 * written justification (soa/unjustified). */
	const isms_doc **risks;
	size_t nrisks;
} isms_soa_row;

typedef struct isms_soa {
	isms_soa_row *rows;      /* all 93 controls, in catalog order */
	size_t n;
	size_t applicable, excluded, undecided, unjustified;   /* row counts */
} isms_soa;

/*
 * isms_facts_soa(m) is the SoA of `m`: every catalog control, its decision
 * from soa.yml, and the documents listing it. A missing, empty or
 * malformed soa.yml leaves controls undecided (a soa.yml that does not
 * parse is the caller's to refuse: the lint has its front-matter/syntax
 * finding). Rows, strings and documents are the model's.
 */

/*
 * Write the SoA of `m` in `fmt`: CSV (RFC 4180, CRLF, a header row, one row
 * per control), Markdown (a table per theme), JSON ({"controls":[...]}), or
 * HTML (a self-contained page around isms_soa_html, with links relative to
 * the page as if it were at the ISMS root, as the site places it).
 */
void isms_soa_write(isms_buf *out, const isms_model *m, isms_soa_format fmt);

/*
 * The SoA as an HTML fragment for a page: one <section class="isms-soa">
 * with a summary and a table per theme; rows have id="A.5.1" and class
 * soa-undecided / soa-unjustified with a visible marker. Documents link to
 * isms_doc_href(doc_href_prefix), or with a NULL prefix to their articles
 * in the manual (#doc-K). Every value is escaped; no script, no
 * style: the page supplies isms_soa_css.
 */
void isms_soa_html(isms_buf *out, const isms_model *m,
	const char *doc_href_prefix);
/* The stylesheet for isms_soa_html (the standalone page inlines it). */
extern const char isms_soa_css[];

/* An interaction: process nodes[from] hands `what` to nodes[to]. */
typedef struct isms_graph_edge {
	size_t from, to;         /* indexes into isms_graph.nodes */
	const char *what;        /* "" when the entry has none */
} isms_graph_edge;

typedef struct isms_graph {
	const isms_doc **nodes;  /* documents of type process with an id,
	                            sorted by id (a duplicate id: the first in
	                            path order) */
	size_t nnodes;
	isms_graph_edge *edges;  /* sorted by from, to, what; each once */
	size_t nedges;
} isms_graph;

/*
 * Build the process-interaction graph of `m`: an edge A->B for each
 * `outputs: [{to: B, what}]` of A and each `inputs: [{from: A, what}]` of
 * B; an edge declared on both ends with the same `what` is one edge; an
 * entry naming no process of the graph is left out. *out is the caller's:
 * free it with isms_graph_free.
 */
void isms_graph_build(isms_graph **out, const isms_model *m);
void isms_graph_free(isms_graph *g);
/* The index of `d` among g's nodes, or -1 (not a process with an id, or
 * a second document with the id of another). */
long isms_graph_find(const isms_graph *g, const isms_doc *d);
/*
 * The neighbourhood of node `k` of `g`: k and every process it has an
 * edge with, in g's order, and those edges (k's inputs and outputs: the
 * edges of g with k at one end), sorted as g's; *center is k's index in
 * it. From the graph isms_graph_build made, so the site's process pages
 * and the whole graph agree. Free it with isms_graph_free.
 */
void isms_graph_neighbours(isms_graph **out, size_t *center,
	const isms_graph *g, size_t k);

/*
 * Write the graph of `m` in `fmt`: DOT (digraph isms, nodes with label,
 * URL to isms_doc_href(""), tooltip), SVG (that DOT laid out by Graphviz's
 * dot engine in-process), Mermaid (flowchart LR, nodes n0, n1, ... in id
 * order, labels entity-encoded), or JSON ({"nodes":[...],"edges":[...]}).
 * Returns 0, or -1 with err set when Graphviz fails (SVG only; `out` is
 * then unchanged). One layout at a time, from any thread (isms_graph_svg).
 */
int isms_graph_write(isms_buf *out, const isms_model *m, isms_graph_format fmt,
	isms_error *err);

/* ---- sites and risks (PRODUCT.md section 7): the risk -> control graph */
/* Append `s` as a DOT double-quoted string (quotes included; with `wrap`,
 * a space after `wrap` characters of a line breaks it). */
void isms_dot_str(isms_buf *out, const char *s, size_t wrap);
/* Lay out the DOT text `dot` with Graphviz's dot engine and append the
 * SVG to `out`, or the SVG `cache` (may be NULL) keeps for the same text
 * and Graphviz. Returns 0, or -1 with err set. One layout at a time, from
 * any thread. */
int isms_graph_svg(isms_buf *out, isms_cache *cache, const char *dot,
	isms_error *err);
/* The SVG of `svg` without its XML prolog and doctype, to put inside an
 * HTML page: from its <svg, or NULL when there is none. */
const char *isms_svg_element(const isms_buf *svg);
/* The risk -> control graph of `m` as DOT: a node per risk (linked to its
 * page, relative to the site's top) and per control a risk lists (linked
 * to the SoA page's row), an edge from each risk to each of its controls. */
void isms_risk_graph_dot(isms_buf *out, const isms_model *m);
/* ---- end of sites and risks: graph */

/* ---------------------------------------------------------------- render: site */

/*
 * The HTML frame of the site's pages (lib/html.c). A page is named by its
 * site path ("index.html", "policies/x.html"); links between pages are
 * relative, so the site works from any folder, offline.
 */

/* Append `s` (NULL as "") escaped for HTML text and attribute values. */
void isms_html_text(isms_buf *out, const char *s);
/* Append `s` for use in a URL: bytes other than letters, digits and
 * "-._~/" become %XX (safe in an attribute as it is). */
void isms_html_url(isms_buf *out, const char *s);
/* Append the relative URL from the page `from` to the page `to`. */
void isms_html_href(isms_buf *out, const char *from, const char *to);
/* The same, the shortest way: up only out of the folders `from` does not
 * share with `to` ("b.html" from "p/a.html" to "p/b.html"), as a body's
 * own relative links are written. */
void isms_html_rel(isms_buf *out, const char *from, const char *to);
/* Append a page's start: doctype, head (title "TITLE - ORG ISMS", one
 * inline style sheet, nothing external), the site's navigation, <main>. */
void isms_html_begin(isms_buf *out, const char *page, const char *title,
	const char *org);
/* Append a page's end: </main>, `footer` (escaped), </html>. */
void isms_html_end(isms_buf *out, const char *footer);
/* The head of the printable manual: no site navigation; printed on
 * `paper`, with a running header ("ORG ISMS - TITLE", "as of ASOF") and
 * page numbers in the margins of every page, and landscape pages for the
 * elements of class "wide"; the manual's own rules `css` follow. */
void isms_html_begin_manual(isms_buf *out, const char *title, const char *org,
	const char *asof, isms_paper paper, const isms_buf *css);
/* A style rule for the manual's `css`: pages named `page` show `text` at
 * the right of the running header. */
void isms_html_page_right(isms_buf *css, const char *page, const char *text);

/*
 * Write the site of the ISMS in `m` into folder `outdir` (lib/site.c):
 * index.html (documents by type with owner, version, status, last approval
 * and review state), one page per document at its path under the ISMS
 * root with .md replaced by .html (metadata, body, version history with
 * approvals), findings.html (the report `findings`, grouped by file), and
 * a .isms-site marker. Raw HTML in bodies is passed through only when
 * `unsafe`. The pages are written into a new folder beside `outdir` and
 * swapped in at the end: on failure (-1, err set) `outdir` is as it was.
 * An existing `outdir` is replaced only when it is empty or holds the
 * marker. Borrows everything; uses isms_md_html, so one thread at a time.
 */
int isms_site_write(const char *outdir, const isms_model *m,
	const isms_report *findings, int unsafe, isms_error *err);

/*
 * isms-render site: lint the ISMS named by `opts` into `report`
 * (initialised by the caller; its notes are for the user), read it, and
 * write its site with isms_site_write. Returns 0, or -1 with err set.
 */
int isms_site_render(isms_report *report, const char *outdir,
	const struct isms_lint_opts *opts, int unsafe, isms_error *err);

/*
 * isms-render manual: lint (for the review states), then the whole ISMS
 * as one self-contained printable HTML page into `out` (lib/site-manual.c):
 * a contents list, the risk heat map, the Statement of Applicability, the
 * process graph on landscape pages, then every document (metadata with a
 * record's evidence, body, version history with approvals) starting a new
 * printed page; a running header and page numbers on every page.
 */
int isms_manual_render(isms_report *report, isms_buf *out,
	const struct isms_lint_opts *opts, const isms_manual_opts *mo,
	isms_error *err);

/* ---------------------------------------------------------------- render: diff */

/* A body longer than this many lines, or whose differing middle (after
 * the common head and tail) would need a table of more than this many
 * cells, is reported as changed without a line diff. */
#define ISMS_DIFF_MAX_LINES 5000
#define ISMS_DIFF_MAX_CELLS 4000000

/*
 * Append to `out` what changed from model `old` to model `new` (both
 * loaded from revisions with isms_model_load; `old_rev` and `new_rev` are
 * the names the user gave them, shown as they are). Documents are matched
 * by id, or by path when they have none: added, removed, and changed
 * (content or path differs) with their version and status before and
 * after, the changes of `new`'s approval-branch history whose commit is
 * not reachable from `old`'s (with approvers, pull request and tickets),
 * and a line diff of the body (hunks with 3 lines of context); the SoA
 * controls whose decision (applicable, status, justification) changed; the
 * process interactions (from id, to id, what) added and removed. Markdown,
 * JSON (documented in isms-render(1)) or one self-contained HTML page
 * (escaped, no script). The same models give the same bytes. Returns 0,
 * or -1 with err set (unreadable history).
 */
int isms_diff_write(isms_buf *out, const isms_model *old,
	const isms_model *new, const char *old_rev, const char *new_rev,
	isms_diff_format fmt, isms_error *err);

/* ---------------------------------------------------------------- lint */

/* The same, handing the model it read to the caller (who frees it with
 * isms_model_free), for a renderer that needs both. */
int isms_lint_model(isms_report *report, isms_model **out,
	const isms_lint_opts *opts, isms_error *err);

/* ---------------------------------------------------------------- render */

/* isms-render's model: the ISMS named by `opts`, loaded with no rule run
 * (render commands show only what they render); notes for the user (a
 * shallow clone's history, "0 documents in scope") go to `notes`.
 * Returns 0, or -1 with err set. */
int isms_render_load(isms_model **m, isms_buf *notes,
	const isms_lint_opts *opts, isms_error *err);

#endif
