/*
 * isms.h - the public interface of the library behind isms-lint,
 * isms-render, isms-hook and isms-new: what the tools in cmd/ call.
 *
 * Overview
 * --------
 * An ISMS is a git repository of Markdown documents with YAML front matter.
 * The library reads it from a *source* (the working tree, the index, or the
 * tree of any revision) into a *model*: the configuration (isms.yml over an
 * embedded default), each document's front matter and body, the Statement
 * of Applicability, and the approval branch's history with each change's
 * approvals and their evidence. The judgements made of it (review state,
 * the last approved change, records and training, SoA decisions, page
 * names) are computed once, in the facts; the lint rules turn them into
 * findings in a report, and the renderers into pages.
 *
 * This header holds what a tool needs to run that: errors, buffers, the
 * report and its formats, the rules' documentation, and one call per job
 * (isms_lint, isms_render_*, isms_hook_*, isms_scaffold_*,
 * isms_reviews_record), each taking an options struct made with its
 * ISMS_*_OPTS_INIT. The model and everything else are internal, declared
 * in three layered headers that only lib/ and the tests include:
 *   lib/base.h   utilities and parsers (arena, files, pool, UTF-8, YAML,
 *                JSON, Markdown, regex, globs, dates, catalog, isms.yml);
 *   lib/repo.h   the git source, raw objects, messages, signatures,
 *                history, the forge's review notes;
 *   lib/model.h  the model, the facts, the rules' runner, the renderers.
 * doc/ARCHITECTURE.md has the picture and a line on every module.
 *
 * Conventions (after libgit2):
 *   - functions are isms_<module>_<verb>; out-parameters come first;
 *   - int results are 0 on success and negative on failure; on failure the
 *     caller's isms_error says what, and where (path, line, column);
 *   - `T **out` hands ownership to the caller, `const T *` is borrowed;
 *   - objects that live for a whole run are allocated from an arena and
 *     freed all at once with it;
 *   - the library never prints and never exits.
 * Lines and columns are 1-based; 0 means "unknown" / "whole file".
 */
#ifndef ISMS_H
#define ISMS_H

#include <stdarg.h>
#include <stddef.h>

#define ISMS_VERSION "0.1.0"

/* ---------------------------------------------------------------- error */

/*
 * What went wrong and where. Filled by a failing call; zeroed by the
 * caller. A parser that goes on after an error (isms.yml's loader, as
 * OpenBSD's doas does) reports every one: the first in path/line/col/msg,
 * the others as lines in `more`, and `count` of them all.
 */
typedef struct isms_error {
	char path[512];   /* repository-relative path, or "" */
	int line, col;    /* 1-based, 0 when unknown */
	char msg[1024];
	int count;        /* errors in all (0 or 1 from most calls) */
	char more[2048];  /* the 2nd and later: "path:line:col: msg\n" each,
	                     as many as fit */
} isms_error;

/* Fill `err` (which may be NULL) with this one error and return -1. */
int isms_error_set(isms_error *err, const char *path, int line, int col,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Add one more error to `err` (the first fills it as isms_error_set
 * does); return -1. */
int isms_error_add(isms_error *err, const char *path, int line, int col,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The index of `name` in the NULL-terminated `names`, or -1: how the
 * --format names map to their enums (listed in enum order). */
int isms_name_index(const char *const *names, const char *name);

/*
 * "Did you mean": the candidate closest to `word` (a misspelt command,
 * rule id, key or value), within a third of its length and at most three
 * edits, or the same word in another case; NULL when none is that close.
 * init, then add each candidate; `best` is the answer. isms_suggest_list
 * does it for a NULL-terminated list.
 */
typedef struct isms_suggest {
	const char *word;
	const char *best;        /* the suggestion, or NULL */
	size_t dist, bound;
} isms_suggest;
/* The three arguments of a "%s%s%s" in a message that add "; did you
 * mean "BEST"?" when `best` (evaluated three times) is not NULL. */
#define ISMS_DID_YOU_MEAN(best) (best) ? "; did you mean \"" : "", \
	(best) ? (best) : "", (best) ? "\"?" : ""
void isms_suggest_init(isms_suggest *s, const char *word);
void isms_suggest_add(isms_suggest *s, const char *candidate);
const char *isms_suggest_list(const char *word, const char *const *names);

/* Whether to colour output on `fd` for --color=WHEN (auto, always,
 * never); auto honours NO_COLOR and TERM=dumb. */
int isms_color_wanted(const char *when, int fd);

/* ---------------------------------------------------------------- buf */

/*
 * A growable byte buffer (after git's strbuf). Invariant: after any call,
 * `ptr` is NUL-terminated at ptr[len] and never NULL: an empty buffer
 * (cap == 0, nothing allocated) points at a shared static "" that must not
 * be written to, so `ptr` can always be read as a string.
 * init: make empty; release: free and make empty; detach: hand the bytes to
 * the caller (who frees them; a malloc'd "" when empty) and make empty.
 * A buffer in zeroed memory (calloc, memset) is not initialised: init it.
 * Allocation failure aborts: an out-of-memory lint is not worth a
 * half-written report.
 */
typedef struct isms_buf {
	char *ptr;
	size_t len, cap;
} isms_buf;

extern char isms_buf_slopbuf[];
#define ISMS_BUF_INIT { isms_buf_slopbuf, 0, 0 }
void isms_buf_init(isms_buf *b);
void isms_buf_release(isms_buf *b);
char *isms_buf_detach(isms_buf *b);
void isms_buf_grow(isms_buf *b, size_t extra);
void isms_buf_add(isms_buf *b, const void *data, size_t len);
void isms_buf_puts(isms_buf *b, const char *s);
void isms_buf_putc(isms_buf *b, int c);
void isms_buf_printf(isms_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void isms_buf_vprintf(isms_buf *b, const char *fmt, va_list ap);
void isms_buf_truncate(isms_buf *b, size_t len);

/* ---------------------------------------------------------------- fs */

/* The same from open file descriptor `fd` (left open; 0 is stdin), read to
 * its end; `name` is the path for `err`. */
int isms_fs_read_fd(isms_buf *out, int fd, const char *name,
	isms_error *err);

/*
 * Replace (or create) `path` with the `len` bytes of `data`, with
 * permissions `mode` exactly (not filtered by the umask): written to a
 * temporary file of a unique name in the same folder, flushed to disk and
 * renamed over `path`. A reader sees the old file or the new one, never
 * half of it; on failure the old file is left and the temporary removed.
 */
int isms_fs_write_atomic(const char *path, const char *data, size_t len,
	int mode, isms_error *err);

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 for a strict ISO date YYYY-MM-DD; -1 if invalid. */
int isms_date_parse(const char *s, long *days);

/* ---------------------------------------------------------------- source */

typedef enum {
	ISMS_SRC_WORKTREE,       /* files on disk */
	ISMS_SRC_INDEX,          /* the staged content */
	ISMS_SRC_REV             /* the tree of a commit */
} isms_source_kind;

/* ---------------------------------------------------------------- reviews */

typedef enum {
	ISMS_FORGE_ANY = 0,      /* tell by the JSON's shape */
	ISMS_FORGE_GITHUB,
	ISMS_FORGE_GITLAB
} isms_forge;

/* "github", "gitlab" -> *out; -1 for any other name. */
int isms_forge_parse(isms_forge *out, const char *name);

typedef struct isms_reviews_opts {
	const char *dir;         /* -C; NULL for "." */
	isms_forge forge;        /* --forge, or ISMS_FORGE_ANY */
	long pr;                 /* --pr, or 0: the JSON's, else the message's */
	const char *head;        /* --head, or NULL: a merge's second parent */
	const char *commit;      /* the merge or squash commit; NULL: HEAD */
	const char *input;       /* the JSON's name in messages ("<stdin>") */
	long long now;           /* `recorded`; -1: SOURCE_DATE_EPOCH or the clock */
} isms_reviews_opts;

/*
 * isms-hook record-reviews: compute the approvals in `json` (as
 * isms_reviews_parse; the head is opts->head, else the second parent of a
 * merge commit), and write them as the note of the commit under
 * ISMS_REVIEWS_REF, replacing the note it had (a note that differs only in
 * `recorded` is left as it is). What was recorded, one line, goes to `log`
 * ("recorded 2 approvals of pull request #12 on 4f9c2e1: jroe, ann").
 * Returns 0, or -1 with err set (bad JSON: err->path is opts->input, with
 * line and column; an unknown commit; no pull request number).
 */
int isms_reviews_record(isms_buf *log, const isms_reviews_opts *opts,
	const char *json, size_t len, isms_error *err);

/* ---------------------------------------------------------------- report */

typedef enum { ISMS_OFF = 0, ISMS_WARNING = 1, ISMS_ERROR = 2 } isms_severity;

/*
 * The lint rules, by constant: a finding is made with one of these, so a
 * misspelt rule does not compile. In PRODUCT.md section 3's order, which
 * is the order of the rule documentation (isms_rules) they index; the text
 * of each id is in the comment.
 */
typedef enum isms_rule_id {
	ISMS_RULE_FRONT_MATTER_MISSING,      /* front-matter/missing */
	ISMS_RULE_FRONT_MATTER_SYNTAX,       /* front-matter/syntax */
	ISMS_RULE_FIELD_MISSING,             /* field/missing */
	ISMS_RULE_FIELD_INVALID,             /* field/invalid */
	ISMS_RULE_FIELD_UNKNOWN,             /* field/unknown */
	ISMS_RULE_ID_DUPLICATE,              /* id/duplicate */
	ISMS_RULE_OWNER_UNKNOWN,             /* owner/unknown */
	ISMS_RULE_SECTION_MISSING,           /* section/missing */
	ISMS_RULE_SECTION_EMPTY,             /* section/empty */
	ISMS_RULE_SECTION_ORDER,             /* section/order */
	ISMS_RULE_LINK_BROKEN,               /* link/broken */
	ISMS_RULE_REF_UNKNOWN,               /* ref/unknown */
	ISMS_RULE_PROCESS_ISOLATED,          /* process/isolated */
	ISMS_RULE_CONTROL_UNKNOWN,           /* control/unknown */
	ISMS_RULE_CONTROL_LEGACY,            /* control/legacy */
	ISMS_RULE_SOA_UNDECIDED,             /* soa/undecided */
	ISMS_RULE_SOA_UNJUSTIFIED,           /* soa/unjustified */
	ISMS_RULE_SOA_UNIMPLEMENTED,         /* soa/unimplemented */
	ISMS_RULE_SOA_CONTRADICTION,         /* soa/contradiction */
	ISMS_RULE_REVIEW_OVERDUE,            /* review/overdue */
	ISMS_RULE_APPROVAL_MISSING,          /* approval/missing */
	ISMS_RULE_APPROVAL_SELF,             /* approval/self */
	ISMS_RULE_VERSION_UNCHANGED,         /* version/unchanged */
	ISMS_RULE_RECORD_OVERDUE,            /* record/overdue */
	ISMS_RULE_NONCONFORMITY_OVERDUE,     /* nonconformity/overdue */
	ISMS_RULE_NONCONFORMITY_NO_TICKET,   /* nonconformity/no-ticket */
	ISMS_RULE_TRAINING_OVERDUE,          /* training/overdue */
	ISMS_RULE_RECORD_EMPTY,              /* record/empty */
	ISMS_RULE_KPI_STALE,                 /* kpi/stale */
	ISMS_RULE_KPI_OFF_TARGET,            /* kpi/off-target */
	ISMS_RULE_SUPPRESSION_EXPIRED,       /* suppression/expired */
	/* Sites and risks (PRODUCT.md section 7). */
	ISMS_RULE_SITE_UNKNOWN,              /* site/unknown */
	ISMS_RULE_SITE_UNCOVERED,            /* site/uncovered */
	ISMS_RULE_RISK_UNTREATED,            /* risk/untreated */
	ISMS_RULE_RISK_ACCEPTANCE,           /* risk/acceptance */
	ISMS_RULE_RISK_OVERDUE,              /* risk/overdue */
	/* Tracker evidence and shelf-ware (lib/rules-evidence.c). */
	ISMS_RULE_TICKET_UNKNOWN,            /* ticket/unknown */
	ISMS_RULE_TICKET_MISMATCH,           /* ticket/mismatch */
	ISMS_RULE_TICKET_UNTRACKED,          /* ticket/untracked */
	ISMS_RULE_TEMPLATE_UNCHANGED,        /* template/unchanged */
	ISMS_NRULES
} isms_rule_id;

typedef struct isms_finding {
	const char *path;
	int line, col;
	isms_severity severity;
	isms_rule_id id;
	const char *rule;        /* its id as text, such as "field/invalid" */
	const char *message;
} isms_finding;

/* A rule's documentation (lib/ruletab.c). */
typedef struct isms_rule_info {
	const char *id;
	isms_severity severity;  /* default */
	const char *summary;     /* one line: fires when ... */
	/* The reason in the example suppression, or NULL when the rule cannot
	 * be suppressed in a document's front matter. */
	const char *reason_example;
	const char *explain;     /* paragraphs: why, example, how to fix */
	/* It judges the approval branch's history (approvals, reviews), which
	 * no commit can mend: pull requests, CI and the server see it. */
	int branch;
} isms_rule_info;

/* The rules' documentation, ISMS_NRULES rows indexed by isms_rule_id. */
const isms_rule_info *isms_rules(size_t *n);
/* The rule whose id is `id` (text, as a user or a test gives it), or NULL. */
const isms_rule_info *isms_rule_find(const char *id);
/* The id of the rule closest to the misspelt `id` (isms_suggest), or NULL. */
const char *isms_rule_suggest(const char *id);

/* Append to `out` what `isms-lint --explain` prints for `r`: its explain
 * text between a header and the severity and suppression paragraphs. */
void isms_rule_explain(isms_buf *out, const isms_rule_info *r);
/* Append the rule's anchor on the site's rules page (rules.html#ANCHOR):
 * its id with '/' as '-' ("link-broken"). */
void isms_rule_anchor(isms_buf *out, const isms_rule_info *r);

typedef struct isms_report {
	isms_finding *findings;
	size_t n, cap;
	size_t documents;        /* documents checked */
	size_t errors, warnings; /* counted by isms_report_finish */
	isms_buf notes;          /* lines for the user that are not findings
	                            (a shallow clone): the tool prints them */
	const char *site_url;    /* isms.yml's site.url (no trailing '/'), or
	                            NULL: SARIF's helpUri point into it */
	struct isms_arena *arena;  /* owns finding strings */
} isms_report;

void isms_report_init(isms_report *r);
void isms_report_release(isms_report *r);

typedef enum {
	ISMS_FMT_TEXT, ISMS_FMT_JSON, ISMS_FMT_SARIF, ISMS_FMT_JUNIT, ISMS_FMT_GITHUB
} isms_format;

int isms_format_parse(isms_format *out, const char *name);
/* Append the counts of findings by rule, the most frequent first ("by
 * rule: link/broken 1100, section/missing 41"), or nothing when there
 * are none: where a long report's noise comes from. */
void isms_report_by_rule(isms_buf *out, const isms_report *r);
/* Write the report to `out` in `fmt`; color applies to text only. */
void isms_report_write(isms_buf *out, const isms_report *r, isms_format fmt,
	int color);

/* ---------------------------------------------------------------- scaffold */

/*
 * New ISMS repositories and new documents (lib/scaffold.c), for isms-new.
 * The repository and its first commit are made by the git command (the
 * user's own git, identity and hooks), not by libgit2.
 */
typedef struct isms_scaffold_opts {
	const char *dir;         /* -C: work as if started here; NULL for "." */
	const char *config;      /* doc: --config FILE, or NULL for isms.yml */
	const char *templates;   /* repo: templates folder, or NULL to find it */
	const char *org;         /* repo: organisation, or NULL: "Example Ltd" */
	long now;                /* today, days since the epoch; -1: the
	                            date policy's (isms_date_now) */
} isms_scaffold_opts;

#define ISMS_SCAFFOLD_OPTS_INIT { .now = -1 }

#define ISMS_SCAFFOLD_MAIN "main"          /* the approval branch */
#define ISMS_SCAFFOLD_BRANCH "adopt-isms"  /* the starter ISMS's branch */

/*
 * Make `path` (relative to opts->dir; created, or an empty folder) a new git
 * repository holding a copy of the templates folder, with the placeholder
 * {{organisation}} filled in (escaped for YAML where it stands in YAML),
 * the template's example dates moved to opts->now. Its first version can
 * be approved the normal way: an empty first commit "Start the ISMS
 * repository" on the approval branch ISMS_SCAFFOLD_MAIN, and the starter
 * ISMS committed ("Start the ISMS of NAME") on the branch
 * ISMS_SCAFFOLD_BRANCH, where HEAD is left: a pull request from it into
 * main, merged by an approver, approves it. *nfiles is the number of files
 * copied. On failure everything made is removed again and -1 returned with
 * err set (for a failing git command, git's own message).
 */
int isms_scaffold_repo(size_t *nfiles, const isms_scaffold_opts *opts,
	const char *path, isms_error *err);

/*
 * Add to the ISMS found from opts->dir a new document of `type` (a type of
 * its configuration) titled `title`: the next free id of the type's prefix,
 * the type's required fields (owner left "" for the user to set), and a
 * heading with a line of guidance for each required section, written to
 * the type's folder as a file named after the title. Never overwrites,
 * never commits. *path (repository-relative) and *id are malloc'd, the
 * caller's. -1 with err set on trouble (unknown type, existing file, ...).
 */
int isms_scaffold_doc(char **path, char **id, const isms_scaffold_opts *opts,
	const char *type, const char *title, isms_error *err);

/* ---------------------------------------------------------------- adopt */

/*
 * Bring an existing git repository of Markdown into the conventions
 * (lib/adopt.c, isms-new adopt): the front matter each document lacks
 * (type from its folder or title, title from its first heading, the next
 * free id of its type's prefix, owner, required fields), existing front
 * matter kept and its keys mapped (opts->map, Hugo's keys, comply's block
 * without an opening ---, control lists given as strings), an isms.yml
 * with the owners found as roles and the types' sections taken from the
 * documents' own headings when they differ from the default, and a
 * Markdown SoA table as soa.yml. No byte of a body is changed; an existing
 * isms.yml or soa.yml is never overwritten (the plan says what to add).
 */
typedef struct isms_adopt_opts {
	const char *dir;         /* the repository (or a folder in it); NULL "." */
	const char *map;         /* --map "old=new,..." or NULL */
	int write;               /* apply the plan; else only describe it */
	long now;                /* today (days since the epoch), or -1 */
} isms_adopt_opts;

#define ISMS_ADOPT_OPTS_INIT { .now = -1 }

/*
 * Append the plan (or, with opts->write, what was done) to `out`: file by
 * file, then what is left for a person to decide. Returns 0, 1 when some
 * file could not be adopted (its place and why are in the plan, as
 * PATH:LINE:COL: lines), or -1 with err set on trouble (not a repository,
 * a bad --map, a broken isms.yml, a write that failed).
 */
int isms_adopt(isms_buf *out, const isms_adopt_opts *opts, isms_error *err);

/* ---------------------------------------------------------------- hook */

/* Whether `name` is a hook isms-hook provides. */
int isms_hook_known(const char *name);

/*
 * Install the shims of hooks `names` into the hooks folder of the
 * repository at `dir` (core.hooksPath honoured; linked worktrees share
 * their common dir's), calling isms-hook at `self`. A hook that is not a
 * shim is an error, unless `force`: then it is kept as NAME.isms-kept and
 * run first. Installing twice changes nothing. What was done goes to
 * `log`.
 */
int isms_hook_install(isms_buf *log, const char *dir, const char *const *names,
	size_t n, int force, const char *self, isms_error *err);
/* Remove the shims and put back any kept hook. */
int isms_hook_uninstall(isms_buf *log, const char *dir, isms_error *err);

struct isms_lint_opts;
/*
 * pre-commit: lint the index into `out` (initialised by the caller),
 * keeping the findings the staged change answers for: any in the files it
 * changes, and errors elsewhere that HEAD did not have.
 */
int isms_hook_pre_commit(isms_report *out, const struct isms_lint_opts *opts,
	isms_error *err);
/* commit-msg: why the message in `file` is refused (empty `why`: it is
 * not): empty, or no tracker key when tickets are required and the commit
 * changes documents. Merges and fixups pass. */
int isms_hook_commit_msg(isms_buf *why, const struct isms_lint_opts *opts,
	const char *file, isms_error *err);
/* pre-push (receive = 0) and pre-receive (receive = 1): the ref lines git
 * gives on standard input; why the push is refused, in `why`. */
int isms_hook_refs(isms_buf *why, const struct isms_lint_opts *opts,
	const char *lines, int receive, isms_error *err);

/* ---------------------------------------------------------------- render: soa and graph */

typedef enum {
	ISMS_SOA_CSV, ISMS_SOA_MD, ISMS_SOA_JSON, ISMS_SOA_HTML
} isms_soa_format;

/* "csv", "md", "json", "html" -> *out; -1 for any other name. */
int isms_soa_format_parse(isms_soa_format *out, const char *name);

typedef enum {
	ISMS_GRAPH_DOT, ISMS_GRAPH_SVG, ISMS_GRAPH_MERMAID, ISMS_GRAPH_JSON
} isms_graph_format;

/* "dot", "svg", "mermaid", "json" -> *out; -1 for any other name. */
int isms_graph_format_parse(isms_graph_format *out, const char *name);

/* ---------------------------------------------------------------- render: manual */

/* The paper the manual is printed on: A4 (the default) or US Letter. */
typedef enum { ISMS_PAPER_A4, ISMS_PAPER_LETTER } isms_paper;
/* Their names, "a4" and "letter", NULL-terminated (for a suggestion). */
extern const char *const isms_paper_names[];
/* "a4" or "letter", in any case, -> *out; -1 for any other name. */
int isms_paper_parse(isms_paper *out, const char *name);

/* What isms-render manual writes. */
typedef struct isms_manual_opts {
	isms_paper paper;
	int unsafe;              /* pass raw HTML in documents through */
} isms_manual_opts;

#define ISMS_MANUAL_OPTS_INIT { ISMS_PAPER_A4, 0 }

/*
 * Printing the manual to PDF (lib/pdf.c) with a headless Chromium.
 * isms_pdf_browser finds the browser before anything is rendered:
 * `browser` when set (a path, or a name looked up in PATH), else the
 * first of chromium, chromium-browser, google-chrome and
 * google-chrome-stable on PATH; its path goes into `path`. None is an
 * error that says what to install. isms_pdf_print writes the HTML page
 * `html` into a new temporary folder, has the browser print it, and
 * writes the PDF to `file` atomically (a reader sees the old file or the
 * new one); a browser that fails, writes no PDF or runs longer than
 * `timeout` seconds (its whole process group is killed) is an error.
 * Each returns 0, or -1 with err set.
 */
typedef struct isms_pdf_opts {
	const char *browser;     /* NULL: look on PATH */
	unsigned timeout;        /* seconds; 0: ISMS_PDF_TIMEOUT */
} isms_pdf_opts;

#define ISMS_PDF_OPTS_INIT { NULL, 0 }
#define ISMS_PDF_TIMEOUT 120

int isms_pdf_browser(isms_buf *path, const isms_pdf_opts *po,
	isms_error *err);
int isms_pdf_print(const char *file, const isms_buf *html,
	const char *browser, const isms_pdf_opts *po, isms_error *err);

/* ---------------------------------------------------------------- render: diff */

/*
 * What changed in the ISMS between two revisions (lib/diff.c), for
 * isms-render diff: the input of a management review.
 */

typedef enum { ISMS_DIFF_MD, ISMS_DIFF_HTML, ISMS_DIFF_JSON } isms_diff_format;

/* "md", "html", "json" -> *out; -1 for any other name. */
int isms_diff_format_parse(isms_diff_format *out, const char *name);

/* The auditor's verdict (isms-render audit). */
typedef enum { ISMS_AUDIT_MD, ISMS_AUDIT_JSON, ISMS_AUDIT_HTML } isms_audit_format;
/* "md", "json", "html" -> *out; -1 for any other name. */
int isms_audit_format_parse(isms_audit_format *out, const char *name);

/* ---------------------------------------------------------------- lint */

struct isms_model;

typedef struct isms_lint_opts {
	const char *dir;         /* -C; NULL for "." */
	const char *config;      /* --config FILE, or NULL */
	isms_source_kind source;
	const char *rev;         /* --rev */
	/* The revision whose isms.yml (and signers' keys) judge, instead of
	 * the source's own: pre-receive's old tip. NULL: the source's. */
	const char *judge_rev;
	long at;                 /* --at: day since epoch, or -1 */
	long now;                /* --now: days since epoch; -1: the date
	                            policy's (isms_date_now) */
	int commit_day;          /* without --now, judge as of the commit
	                            read's day (a render), not today */
	const char **paths;      /* PATH filters, relative to `dir` */
	size_t npaths;
	int jobs;                /* threads; 0 for the number of cores */
	int no_cache;            /* --no-cache: neither read nor write the
	                            persistent cache (PRODUCT.md section 10) */
	int no_history;          /* leave out the approval branch's history and
	                            the rules that judge it (pre-commit) */
	/* pre-commit, which compares the index's findings with HEAD's: a
	 * document the index does not change, under an isms.yml it does not
	 * change, is not judged again by the rules that read only the
	 * document, isms.yml and the day (HEAD's findings are its findings).
	 * Only with an index source and a HEAD. */
	int unchanged_as_head;
	/* Called on the loading thread once the documents are read, while
	 * the history is still being read (NULL: nothing): it may start work
	 * of its own that reads the documents and their facts, nothing else
	 * of the model (the site renders the bodies then). */
	void (*docs_read)(struct isms_model *m, void *arg);
	void *docs_read_arg;
} isms_lint_opts;

/* The options of a plain run: the work tree, no --at, no --now. */
#define ISMS_LINT_OPTS_INIT { .source = ISMS_SRC_WORKTREE, .at = -1, .now = -1 }

/*
 * Lint an ISMS into `report` (initialised by the caller). Returns 0 when
 * the lint ran (findings or not), -1 on trouble (no repository, bad
 * configuration, I/O) with err set.
 */
int isms_lint(isms_report *report, const isms_lint_opts *opts, isms_error *err);

/* ---------------------------------------------------------------- render */

/*
 * What isms-render's commands read before they write (lib/render.c); the
 * lines for the user that are not output (a shallow clone's history, "0
 * documents in scope", a warning about soa.yml) are appended to `notes`.
 * isms_render_history: the version history of the
 * document or governed file `path` (relative to opts->dir), or of all
 * (`path` NULL), as text or JSON. isms_render_published: the site into
 * `dir`, or with `manual` the printable manual into it, each linted (its
 * findings are published in it, not a failure). isms_render_soa and
 * isms_render_graph: the SoA and the process graph in a format of theirs;
 * a soa.yml that does not parse is trouble (every control would show
 * undecided), a missing or empty one a warning. isms_render_diff: the
 * ISMS at REV1 and REV2, compared (isms_diff_write). Each returns 0, or -1
 * with err set.
 */
int isms_render_history(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, const char *path, int json, isms_error *err);
/* What isms_render_published wrote, for the line that closes the run. */
typedef struct isms_published {
	size_t documents;        /* the documents published */
	size_t pages;            /* the site's HTML pages (0 for the manual) */
} isms_published;
int isms_render_published(isms_published *done, isms_buf *manual,
	isms_buf *notes, const char *dir, const isms_lint_opts *opts,
	int unsafe, isms_error *err);
/* isms-render manual: the printable manual in `mo`'s paper (the
 * published one of isms_render_published is A4). */
int isms_render_manual(isms_published *done, isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, const isms_manual_opts *mo, isms_error *err);
int isms_render_soa(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	isms_soa_format fmt, isms_error *err);
int isms_render_graph(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, isms_graph_format fmt, isms_error *err);
int isms_render_diff(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	const char *rev1, const char *rev2, isms_diff_format fmt, isms_error *err);
/* isms-render audit: the verdict on the lint of the ISMS, in `fmt`; with
 * sample > 0 the document-control sample of that many documents drawn by
 * `seed`. */
int isms_render_audit(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, isms_audit_format fmt, size_t sample,
	unsigned long long seed, isms_error *err);

#endif
