/*
 * isms.h - the library behind isms-lint, isms-render, isms-hook and isms-new.
 *
 * Overview
 * --------
 * An ISMS is a git repository of Markdown documents with YAML front matter.
 * The library reads it from a *source* (the working tree, the index, or the
 * tree of any revision; lib/git.c) into a *model* (lib/model.c): the
 * configuration (isms.yml over an embedded default; lib/config.c), each
 * document split into front matter and body (lib/split.c), the front
 * matter parsed into a small typed tree that keeps file positions
 * (lib/yaml.c), headings, sections and links of the body (lib/md.c), the
 * Statement of Applicability, and the approval branch's history with each
 * change's approvals and their evidence (lib/history.c). The judgements
 * made of it (review state, the last approved change, records and
 * training, SoA decisions, page names) are computed once (lib/facts.c);
 * the lint rules
 * (lib/rules.c, one table) turn them into findings in a report
 * (lib/report.c: text, JSON, SARIF, JUnit, GitHub annotations), and the
 * renderers (lib/site*.c, soa.c, graph.c, diff.c, history-out.c) into
 * pages. doc/ARCHITECTURE.md has the picture and a line on every module.
 *
 * Conventions (after libgit2):
 *   - functions are isms_<module>_<verb>; out-parameters come first;
 *   - int results are 0 on success and negative on failure; on failure the
 *     caller's isms_error says what, and where (path, line, column);
 *   - `T **out` hands ownership to the caller, `const T *` is borrowed;
 *   - objects that live for a whole run are allocated from an isms_arena and
 *     freed all at once with it;
 *   - the library never prints and never exits.
 * Lines and columns are 1-based; 0 means "unknown" / "whole file".
 */
#ifndef ISMS_H
#define ISMS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>

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
/* Escapers for the writers: JSON string body (no quotes), XML/HTML text. */
void isms_buf_json(isms_buf *b, const char *s);
void isms_buf_xml(isms_buf *b, const char *s);
/* A URL path: unreserved characters (RFC 3986) and '/' as they are, every
 * other byte as %XX; raw bytes, so a path that is not UTF-8 is kept. */
void isms_buf_url(isms_buf *b, const char *s);
/* ,"key":"value" (the comma when `comma`), or "key":null for NULL. */
void isms_buf_json_field(isms_buf *b, const char *key, const char *value,
	int comma);
/* "s", escaped: a JSON string. */
void isms_buf_json_str(isms_buf *b, const char *s);

/* ---------------------------------------------------------------- utf8 */

/*
 * UTF-8 (lib/utf8.c). Well-formed means as Unicode defines it: no overlong
 * forms, no surrogates, nothing above U+10FFFF.
 */
/* The length of the well-formed sequence at `s` (1 for an ASCII byte, NUL
 * too), its code point in *cp (`cp` may be NULL); 0 when it is not one.
 * `end` bounds `s`, or NULL for a NUL-terminated string (each byte is
 * checked before the next is read). */
size_t isms_utf8_seq(const char *s, const char *end, unsigned long *cp);
/* Whether the string `s` is well-formed UTF-8 throughout. */
int isms_utf8_valid(const char *s);
/* Append `s` with every byte outside a well-formed sequence as U+FFFD. */
void isms_utf8_repair(isms_buf *out, const char *s);
/* Append code point `cp` (at most U+10FFFF) encoded. */
void isms_utf8_put(isms_buf *out, unsigned long cp);

/* ---------------------------------------------------------------- arena */

/*
 * A bump allocator: many small allocations, one free. Not thread-safe: a
 * thread uses its own arena. Allocation failure aborts.
 */
typedef struct isms_arena isms_arena;
isms_arena *isms_arena_new(void);
void isms_arena_free(isms_arena *a);
void *isms_arena_alloc(isms_arena *a, size_t size);   /* zeroed, aligned */
char *isms_arena_strndup(isms_arena *a, const char *s, size_t n);
char *isms_arena_strdup(isms_arena *a, const char *s);
char *isms_arena_printf(isms_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t isms_arena_size(const isms_arena *a);   /* bytes reserved */

/* ---------------------------------------------------------------- fs */

/*
 * Files and folders (lib/fs.c). On failure each returns -1 with `err` set
 * (the path, "cannot ...: <reason>") and errno kept, so a caller may word
 * its own message.
 */
/* Read the whole file at `path` into `out` (emptied first; the caller's).
 * A read error midway is an error, never a short file. */
int isms_fs_read(isms_buf *out, const char *path, isms_error *err);
/* The same from open file descriptor `fd` (left open; 0 is stdin), read to
 * its end; `name` is the path for `err`. */
int isms_fs_read_fd(isms_buf *out, int fd, const char *name,
	isms_error *err);
/* Make folder `dir` and its missing parents (mkdir -p); one that exists
 * is fine. */
int isms_fs_mkdirs(const char *dir, isms_error *err);
/* Write all `len` bytes of `data` to `fd` (again after EINTR or a short
 * write); -1 with errno set (EIO when nothing could be written). */
int isms_fs_write_fd(int fd, const void *data, size_t len);
/*
 * Replace (or create) `path` with the `len` bytes of `data`, with
 * permissions `mode` exactly (not filtered by the umask): written to a
 * temporary file of a unique name in the same folder, flushed to disk and
 * renamed over `path`. A reader sees the old file or the new one, never
 * half of it; on failure the old file is left and the temporary removed.
 */
int isms_fs_write_atomic(const char *path, const char *data, size_t len,
	int mode, isms_error *err);
/* Create `path`, which must not exist (EEXIST then), with the `len` bytes
 * of `data` and permissions `mode` less the umask; a failed write removes
 * it again. */
int isms_fs_write_new(const char *path, const char *data, size_t len,
	int mode, isms_error *err);
/* Remove the folder `path` and all below it, without following symbolic
 * links; with `keep_top`, only what is inside it. Best effort: what cannot
 * be removed stays. */
void isms_fs_remove_tree(const char *path, int keep_top);

/* ---------------------------------------------------------------- pool */

/*
 * The worker pool (lib/pool.c) that every parallel loop uses, so that -j
 * (isms_lint_opts.jobs) rules them all.
 */
#define ISMS_POOL_MAX 16   /* threads at the most */
/* Work on item `i` as worker `worker` (0 .. threads-1: an index into the
 * caller's per-thread state); non-zero stops the pool. */
typedef int isms_pool_fn(void *arg, int worker, size_t i);
/* How many threads for `n` items: `jobs` (0 or less: one a core), at most
 * ISMS_POOL_MAX, and one per `per_thread` items (0: no such limit). */
int isms_pool_size(int jobs, size_t n, size_t per_thread);
/* Call fn(arg, worker, i) for every i in [0, n) on `threads` threads (the
 * caller's is worker 0), handing out `block` consecutive items at a time.
 * Returns 0, or -1 when a call returned non-zero (then the items not yet
 * begun are skipped; the caller's state says why). */
int isms_pool_run(int threads, size_t n, size_t block, isms_pool_fn *fn,
	void *arg);

/* ---------------------------------------------------------------- yaml */

typedef enum { ISMS_Y_SCALAR, ISMS_Y_SEQ, ISMS_Y_MAP } isms_ykind;

/*
 * A YAML node with its position in the *file* (not in the YAML text).
 * Scalars keep their text as written (no type resolution: `1.3` and "1.3"
 * are both the string 1.3; `quoted` tells them apart). A map has `n` pairs
 * in keys[i] / items[i]; a sequence has `n` items and keys == NULL.
 * Every string is NUL-terminated. Nodes belong to the arena they were
 * parsed into; an alias shares the anchored node (no copy).
 */
typedef struct isms_ynode {
	isms_ykind kind;
	int line, col;
	const char *str;         /* scalar text ("" for empty/null) */
	size_t len;
	int quoted;              /* scalar was single- or double-quoted */
	int null;                /* plain scalar ~, null, Null, NULL or empty */
	size_t n;
	struct isms_ynode **keys;   /* map keys (scalars), or NULL */
	struct isms_ynode **items;  /* map values, or sequence items */
} isms_ynode;

/* A non-fatal problem found while parsing (a duplicate key). */
typedef struct isms_yissue {
	int line, col;
	const char *msg;
	struct isms_yissue *next;
} isms_yissue;

#define ISMS_YAML_MAX_DEPTH 64        /* nesting deeper than this is an error */
#define ISMS_YAML_MAX_NODES 100000    /* nodes, counting alias expansions */

/*
 * Parse one YAML document `text[0..len)` whose first line is line
 * `first_line` of the file (columns are file columns, in characters). On
 * success *out is the root node (NULL for an empty document or a null
 * root), duplicate keys are listed in *issues (`issues` may be NULL; the
 * first key is kept), and 0 is returned. On a syntax error, an alias bomb
 * (more than ISMS_YAML_MAX_NODES nodes or 1 MiB of text once aliases are
 * expanded), nesting deeper than ISMS_YAML_MAX_DEPTH (counted through
 * aliases), a recursive alias or a second document, returns -1 with both
 * outputs NULL and err->line/col/msg set (err->path untouched).
 */
int isms_yaml_parse(isms_ynode **out, isms_yissue **issues, isms_arena *a,
	const char *text, size_t len, int first_line, isms_error *err);

/* The value of key `key` in map `map`, or NULL (also when map isn't one). */
const isms_ynode *isms_yaml_get(const isms_ynode *map, const char *key);
/* The key node of `key` in `map` (for its position), or NULL. */
const isms_ynode *isms_yaml_key(const isms_ynode *map, const char *key);
/* Scalar text, or NULL when `node` is not a non-null scalar. */
const char *isms_yaml_str(const isms_ynode *node);

/* ---------------------------------------------------------------- json */

#define ISMS_JSON_CONCAT 1            /* several values, one after another */
#define ISMS_JSON_MAX_NODES 1000000   /* values (keys included) */

/*
 * Parse JSON (RFC 8259, UTF-8; lib/json.c) into the YAML node tree:
 * objects are maps, arrays sequences, strings quoted scalars (decoded; a
 * "\u0000" is kept, so `len` may exceed strlen), numbers, true and false
 * plain scalars as written, null a null scalar; positions are 1-based
 * lines and columns in characters. libyaml refuses JSON's surrogate-pair
 * escapes and raw U+007F..U+009F, hence this parser. With
 * ISMS_JSON_CONCAT, *out is a sequence of the top-level values (`gh api
 * --paginate` prints its pages as one array after another); otherwise
 * text after the one value is an error. A duplicate key, nesting deeper
 * than ISMS_YAML_MAX_DEPTH or more than ISMS_JSON_MAX_NODES values is an
 * error. Returns 0 with *out arena-owned, or -1 with *out NULL and
 * err->line/col/msg set (err->path untouched).
 */
int isms_json_parse(isms_ynode **out, isms_arena *a, const char *text,
	size_t len, int flags, isms_error *err);

/* ---------------------------------------------------------------- markdown */

typedef struct isms_heading {
	int level;               /* 1..6 */
	int line, col;           /* of the heading in the file */
	const char *text;        /* plain text of the heading */
	const char *anchor;      /* GitHub anchor (duplicates get -1, -2, ...) */
	int end_line;            /* last line of its section (before the next
	                            heading of the same or higher level) */
	int empty;               /* no content before the next heading of the
	                            same or higher level */
} isms_heading;

typedef struct isms_link {
	int line, col;           /* of the link's destination in the file */
	const char *url;         /* destination as written */
	int image;               /* ![...](...) */
} isms_link;

typedef struct isms_md {
	isms_heading *headings;
	size_t nheadings;
	isms_link *links;        /* every link and image, in document order */
	size_t nlinks;
} isms_md;

/*
 * Parse a Markdown body with cmark-gfm whose first line is line
 * `first_line` of the file, and extract headings and links into *out
 * (arena-owned). The cmark tree is freed before returning. Safe to call
 * from several threads at once. No GFM extension is attached: they change
 * no heading, anchor or relative link, cost +94% parse time, and in
 * cmark-gfm 0.29 autolink/strikethrough mutate process-wide state during a
 * parse (not thread-safe). Returns 0, or -1 on allocation failure in cmark.
 */
int isms_md_parse(isms_md **out, isms_arena *a, const char *body, size_t len,
	int first_line, isms_error *err);

/*
 * GitHub's anchor for heading text: lowercase, characters other than
 * letters, digits, '-', '_' and ' ' removed, spaces become '-'. Written
 * into `out` (appended). Duplicates are the caller's business (md.c adds
 * -1, -2, ... as GitHub does).
 */
void isms_md_anchor(isms_buf *out, const char *text);

/*
 * Append to `out` the HTML of a Markdown body, as GitHub shows it: GFM
 * tables, strikethrough, autolinks and task lists; each heading starts
 * with <a id="ANCHOR" class="anchor" href="#ANCHOR"> (the anchors of
 * isms_md_parse, duplicates numbered alike); relative links to "x.md" or
 * "x.md#a" point at "x.html" / "x.html#a". Raw HTML is replaced by a
 * comment and javascript:-like URLs are emptied, unless `unsafe`; invalid
 * UTF-8 becomes U+FFFD. cmark-gfm 0.29's extensions keep process-wide
 * state, so calls are serialised inside; do not call it while another
 * thread runs isms_md_parse. Returns 0, or -1 with err set.
 */
int isms_md_html(isms_buf *out, const char *body, size_t len, int unsafe,
	isms_error *err);

/* ---------------------------------------------------------------- document */

/*
 * A document's text split into front matter and body. The front matter is
 * present when the first line (after an optional UTF-8 BOM) is exactly
 * "---" (trailing spaces/CR allowed) and a later line is "---" or "...".
 * Pointers point into the caller's text.
 */
typedef struct isms_split {
	int has_fm;              /* an opening --- line was found */
	int unterminated;        /* opening --- without a closing line */
	const char *fm;          /* YAML text (between the fences) */
	size_t fm_len;
	int fm_line;             /* file line of fm[0] (2, normally) */
	const char *body;        /* text after the closing fence (or all) */
	size_t body_len;
	int body_line;           /* file line of body[0] */
	int binary;              /* NUL byte seen: not a text document */
} isms_split;

void isms_split_text(isms_split *out, const char *text, size_t len);

/*
 * The front matter's `version` (arena-owned), or NULL. A plain top-level
 * `version: ...` line is read directly (the history reads the version at
 * every change); anything less plain goes through the YAML parser.
 */
const char *isms_text_version(isms_arena *a, const isms_split *sp);

/* ---------------------------------------------------------------- regex */

/* A compiled PCRE2 pattern (UTF, with JIT when available). */
typedef struct isms_re isms_re;
/* Compile; on failure err->msg has PCRE2's message and err->col the offset. */
int isms_re_compile(isms_re **out, const char *pattern, isms_error *err);
/* 1 when `subject` matches, 0 when not, -1 on a matching error. */
int isms_re_match(const isms_re *re, const char *subject, size_t len);
/* Find the first match at or after `start`; sets [*so, *eo). 1/0/-1. */
int isms_re_find(const isms_re *re, const char *subject, size_t len,
	size_t start, size_t *so, size_t *eo);
void isms_re_free(isms_re *re);

/* ---------------------------------------------------------------- glob */

/*
 * Match a repository path against a glob: '*' and '?' stay within one path
 * segment, '**' spans segments, [...] classes. A pattern without '/' is
 * matched against the base name at any depth (as in .gitignore).
 */
int isms_glob_match(const char *pattern, const char *path);

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 for a strict ISO date YYYY-MM-DD; -1 if invalid. */
int isms_date_parse(const char *s, long *days);
/* Format days since the epoch as YYYY-MM-DD into out[11]. */
void isms_date_format(char out[11], long days);
/*
 * The date policy of every tool, in one place. The clock is
 * SOURCE_DATE_EPOCH when set (reproducible-builds.org: decimal seconds),
 * else the system's; isms_date_epoch gives its seconds, isms_date_today
 * its day (UTC). isms_date_now is the day dates are judged by: `now`
 * (--now) when >= 0; else `at` (--at: the ISMS as it stood on that day is
 * judged as of that day) when >= 0; else, for a render, the day of
 * `commit` (the time of the commit read, seconds), so that the same
 * repository state renders the same bytes on any day, unless
 * SOURCE_DATE_EPOCH is set; else (a lint or hook: `commit` < 0) today.
 */
#define ISMS_DATE_LATEST 253402300799LL     /* 9999-12-31T23:59:59Z */
long long isms_date_epoch(void);
/* The day (since 1970-01-01, UTC) of `t`, seconds since the epoch. */
long isms_date_of(long long t);
long isms_date_today(void);
long isms_date_now(long now, long at, long long commit);

/* An interval such as "12 months", "90 days", "2 weeks", "1 year". */
typedef struct isms_interval { int n; char unit; /* 'd' 'w' 'm' 'y' */ } isms_interval;
int isms_interval_parse(isms_interval *out, const char *s);
/* The day `iv` after `days` (months clamp to the month's last day). */
long isms_interval_add(long days, const isms_interval *iv);
/* The day `iv` before `days`. */
long isms_interval_sub(long days, const isms_interval *iv);

/* ---------------------------------------------------------------- catalog */

typedef struct isms_control {
	const char *id;          /* "5.1" ... "8.34" (no "A.") */
	const char *title;
	const char *theme;       /* Organizational | People | Physical | Technological */
	const char *control_type;/* "preventive;detective" ... */
	const char *properties;
	const char *concepts;
} isms_control;

typedef struct isms_legacy {
	const char *old_id;      /* "A.9.2.1" */
	const char *old_title;
	const char *new_ids;     /* "5.18" or "5.36;8.8" */
} isms_legacy;

typedef struct isms_clause { const char *id, *title; } isms_clause;

/* The 93 Annex A controls in the standard's order. */
const isms_control *isms_catalog_controls(size_t *n);
const isms_legacy *isms_catalog_legacy(size_t *n);
const isms_clause *isms_catalog_clauses(size_t *n);

/*
 * Normalise a control reference: "A.5.1", "a.5.1", "5.1" -> the catalog
 * entry. Returns NULL when unknown; then, when `legacy` is not NULL, sets it
 * to the 2013 entry if `ref` names one ("A.9.2.1", "9.2.1").
 */
const isms_control *isms_catalog_find(const char *ref, const isms_legacy **legacy);
const isms_clause *isms_catalog_clause(const char *id);

/* ---------------------------------------------------------------- config */

typedef struct isms_role {
	const char *key, *name, *email;
	const char *login;       /* the person's forge login, or NULL */
	int approver;
} isms_role;

/*
 * How strongly an approval is proven (PRODUCT.md section 6), weakest
 * first: an e-mail that matches an approver role (anyone can write one),
 * the forge's own review record (a note recorded by CI), a signature by a
 * key listed for the approver.
 */
typedef enum {
	ISMS_EVIDENCE_NONE = 0,
	ISMS_EVIDENCE_CLAIMED,
	ISMS_EVIDENCE_FORGE_REVIEW,
	ISMS_EVIDENCE_SIGNED
} isms_evidence;

/* "claimed", "forge-review", "signed" ("none" for NONE). */
const char *isms_evidence_name(isms_evidence e);

typedef struct isms_person { const char *name, *email; } isms_person;

typedef struct isms_section_req {
	const char *title;
	const char *match;       /* pattern as written */
	isms_re *re;
} isms_section_req;

typedef struct isms_type {
	const char *name;
	const char **fields;     /* required fields */
	size_t nfields;
	isms_section_req *sections;
	size_t nsections;
} isms_type;

typedef struct isms_config {
	const char *path;        /* repository-relative path of isms.yml, or NULL */
	const char *organisation;
	const char **include, **exclude;
	size_t ninclude, nexclude;
	isms_interval review_interval;
	isms_role *roles;
	size_t nroles;
	isms_person *staff;
	size_t nstaff;
	isms_type *types;
	size_t ntypes;
	const char *approval_branch;
	int approve_merge, approve_trailer, separation_of_duties;
	isms_evidence require;   /* approval.require: weaker ones do not count */
	/* Paths relative to the ISMS root, or NULL: the OpenSSH allowed
	 * signers (default .isms/allowed_signers), revoked keys, OpenPGP
	 * public keys (armored). */
	const char *allowed_signers, *revoked_signers, *openpgp_keys;
	const char **forge_signers;   /* key files of forges (ISMS root) */
	size_t nforge_signers;
	const char **governed;   /* approval.governed: more controlled files */
	size_t ngoverned;
	isms_interval rec_review, rec_audit, rec_training;
	const char *ticket_pattern;
	isms_re *ticket_re;
	const char *ticket_url;
	int require_tickets;
	/* The tracker's export and the tickets it must account for
	 * (tickets.export, .label, .closed); the starter template set
	 * (`templates`: a folder, NULL for isms-new's; templates_off when
	 * false). */
	const char *tickets_export;   /* relative to the ISMS root, or NULL */
	const char *tickets_label;
	const char **tickets_closed;
	size_t ntickets_closed;
	const char *templates;
	int templates_off;
	const char *soa;         /* path of soa.yml relative to the ISMS root */
	struct isms_arena *arena;
} isms_config;

/*
 * Load the configuration: the embedded default, overlaid with `text` (the
 * contents of isms.yml, `len` bytes, shown in messages as `path`) when text
 * is not NULL. Returns 0 with *out allocated (free with isms_config_free),
 * or -1 with err set to path:line:col and the problem.
 */
int isms_config_load(isms_config **out, const char *path, const char *text,
	size_t len, isms_error *err);
void isms_config_free(isms_config *cfg);
const isms_type *isms_config_type(const isms_config *cfg, const char *name);
const isms_role *isms_config_role(const isms_config *cfg, const char *key);
/* Whether `rel` (relative to the ISMS root) is a document: it matches an
 * include glob and no exclude glob. */
int isms_config_in_scope(const isms_config *cfg, const char *rel);
/* Whether `rel` (relative to the ISMS root) is a trust file, one whose
 * changes change who approves: isms.yml and the signers' key files. */
int isms_config_trust(const isms_config *cfg, const char *rel);
/* Whether `rel` (relative to the ISMS root) is a governed file: isms.yml,
 * the SoA, the signers' key files, or a match of approval.governed. */
int isms_config_governed(const isms_config *cfg, const char *rel);
/* Whether a change of `rel` needs approval: a document or governed file. */
int isms_config_controls(const isms_config *cfg, const char *rel);
/* The embedded default isms.yml (also documented in the README). */
extern const char isms_default_config[];

/* ---------------------------------------------------------------- source */

typedef enum {
	ISMS_SRC_WORKTREE,       /* files on disk */
	ISMS_SRC_INDEX,          /* the staged content */
	ISMS_SRC_REV             /* the tree of a commit */
} isms_source_kind;

/*
 * Where documents are read from. Opening finds the repository upward from
 * `dir` (as git does) and the ISMS root (the nearest folder at or above
 * `dir` holding isms.yml, inside the repository; else the top).
 */
typedef struct isms_source isms_source;

typedef struct isms_file {
	const char *path;        /* repository-relative, '/'-separated */
} isms_file;

int isms_source_open(isms_source **out, const char *dir, isms_source_kind kind,
	const char *rev, isms_error *err);
void isms_source_free(isms_source *src);
/* Repository-relative folder of the ISMS root ("" for the top, else "x/"). */
const char *isms_source_root(const isms_source *src);
/* Absolute path of the work tree top, or NULL for a bare repository. */
const char *isms_source_workdir(const isms_source *src);
/* The commit id (hex) read for ISMS_SRC_REV, else NULL. */
const char *isms_source_commit(const isms_source *src);
/*
 * List the regular files under the ISMS root (symlinks and submodules are
 * skipped; ignored files too, in the work tree) in path order.
 * The array and strings belong to the source.
 */
int isms_source_list(const isms_file **out, size_t *n, isms_source *src,
	isms_error *err);
/*
 * Read a file (repository-relative path) into `buf` (replacing its
 * content). Returns 0, ISMS_ENOTFOUND when the source has no such file, or
 * -1 on other trouble. Safe to call from several threads at once.
 */
#define ISMS_ENOTFOUND (-3)
int isms_source_read(isms_buf *buf, isms_source *src, const char *path,
	isms_error *err);
/*
 * A command-line path `arg` (relative to `dir`, or absolute) as a
 * repository-relative path ("" for the top) in *out (malloc'd, the
 * caller's). -1 with err set when it lies outside the repository.
 */
int isms_source_path(char **out, isms_source *src, const char *dir,
	const char *arg, isms_error *err);

/* The blob id (hex) of `path` in an index or revision source. */
int isms_source_id(char out[41], isms_source *src, const char *path);

/*
 * The files (repository-relative, arena-owned) of an index or revision
 * source whose content differs from tree `tree` (hex; NULL or "" for the
 * empty tree), including the tree's files the source no longer has.
 */
int isms_source_changed(const char ***out, size_t *n, isms_source *src,
	const char *tree);

/* Where git runs this repository's hooks (core.hooksPath honoured;
 * linked worktrees share the common git dir's). malloc'd. */
int isms_source_hooks_dir(char **out, isms_source *src);
/* The git dir (with a trailing '/'). */
const char *isms_source_gitdir(const isms_source *src);

/* Whether the file exists in the source (for link checks). */
int isms_source_exists(isms_source *src, const char *path);

/* A commit as the history walk needs it (lib/git.c). */
#define ISMS_NOPARENT ((size_t)-1)   /* a parent the repository lacks */
typedef struct isms_commit {
	char id[41];
	char tree[41];
	size_t *parents;         /* indexes into the commit array */
	size_t nparents;
	long long time;          /* committer time, epoch seconds */
	const char *author, *author_email;
	const char *committer, *committer_email;
	const char *message;
	int is_signed;           /* has a gpgsig or gpgsig-sha256 header */
} isms_commit;

/*
 * Every commit reachable from `tip` (a revision), tip first, in
 * topological order (children before parents, newer first). A parent the
 * repository does not have (a shallow clone) is ISMS_NOPARENT and sets
 * *shallow. Arena-owned. Returns 0, ISMS_ENOTFOUND when `tip` does not
 * resolve, or -1 with err set.
 */
int isms_source_commits(isms_commit **out, size_t *n, int *shallow,
	isms_arena *a, isms_source *src, const char *tip, isms_error *err);

/* A changed regular file between two trees. */
typedef struct isms_delta {
	const char *path;        /* repository-relative */
	char old_blob[41];       /* "" when added */
	char new_blob[41];       /* "" when deleted */
} isms_delta;

/*
 * The regular files under `prefix` ("" or "dir/") that differ between the
 * trees `from` and `to` (hex tree ids; `from` NULL or "" for the empty
 * tree), found by comparing tree entries by id and descending only into
 * subtrees that differ. Arena-owned; safe to call from several threads.
 */
int isms_source_diff(isms_delta **out, size_t *n, isms_arena *a,
	isms_source *src, const char *from, const char *to, const char *prefix,
	isms_error *err);

/*
 * The full ref name of the approval branch `branch`: refs/heads/BRANCH,
 * else refs/remotes/origin/BRANCH. Returns 0, ISMS_ENOTFOUND when the
 * repository has no commits yet, -1 when it has commits but no such branch.
 */
int isms_source_branch(const char **out, isms_source *src, const char *branch);

/* The commit time (epoch seconds) of revision `rev`; ISMS_ENOTFOUND when
 * it does not resolve. */
int isms_source_commit_time(long long *out, isms_source *src, const char *rev);

/*
 * The signed payload and the signature of commit `commit_hex` (40 hex
 * digits) as git verifies them (isms_gitobj_commit_signature); both the
 * caller's, replaced. Returns 0 (with `sig` empty when the commit is
 * unsigned), ISMS_ENOTFOUND when the repository has no such commit, or -1
 * with err set. Safe to call from several threads at once.
 */
int isms_source_commit_signature(isms_buf *payload, isms_buf *sig,
	isms_source *src, const char *commit_hex, isms_error *err);

/* An annotated tag of a commit, with what its signature covers. */
typedef struct isms_tag {
	const char *name;        /* the ref without "refs/tags/" */
	const char *tag_name;    /* its "tag" header, the name it was made as
	                            (another than `name` when renamed) */
	char id[41];             /* the tag object */
	char target[41];         /* the commit it tags */
	const char *tagger, *tagger_email;   /* "" without a tagger line */
	long long time;          /* the tagger's time, 0 when none */
	const char *payload;     /* the signed part of the tag object */
	size_t payload_len;
	const char *sig;         /* its armored signature, "" when unsigned */
	size_t sig_len;
} isms_tag;

/*
 * The annotated tags under refs/tags/ whose object is a commit, sorted by
 * name, with payload and signature split as git does
 * (isms_gitobj_tag_parse). Left out, as signing no commit: lightweight
 * tags, tags of trees, blobs or tags, dangling refs and tag objects git
 * would not parse.
 * Arena-owned, strings NUL-terminated (payload and sig also have their
 * lengths: they may hold NULs). Returns 0 (*n 0 when none), or -1 with err
 * set. Safe to call from several threads at once.
 */
int isms_source_tags(isms_tag **out, size_t *n, isms_arena *a,
	isms_source *src, isms_error *err);

/* 1 when commit `rev` is `ancestor` or descends from it (a fast-forward
 * from `ancestor`), 0 when not, -1 when either does not resolve. */
int isms_source_descends(isms_source *src, const char *rev, const char *ancestor);

/* Every value of git configuration `key` (such as isms.branch) in the
 * repository's configuration, in order; *out is a malloc'd array of
 * malloc'd strings, NULL-terminated, the caller's (NULL when none). */
int isms_source_config(char ***out, size_t *n, isms_source *src, const char *key);

/* The tree id (hex) of revision `rev`; ISMS_ENOTFOUND when it does not
 * resolve (an unborn HEAD). */
int isms_source_tree(char out[41], isms_source *src, const char *rev);

/* The blob id (hex) of `path` in tree `tree`, or "" when absent. */
int isms_source_blob_at(char out[41], isms_source *src, const char *tree,
	const char *path);

/* ---------------------------------------------------------------- gitobj */

/*
 * git's object formats parsed by hand (lib/gitobj.c), by git's rules: the
 * raw commits and trees of a history walk, and the signed payloads and
 * signatures of commits and tags. Ids are 20 raw bytes or 40 hex digits
 * (SHA-1 repositories); nothing here needs libgit2. Each parser takes any
 * bytes (a hostile repository wrote them), reads only data[0..len), which
 * need not end in a NUL, and allocates nothing: the spans it returns
 * (pointer and length, not NUL-terminated) point into `data`, borrowed
 * for as long as it is.
 */

#define ISMS_GITOBJ_RAWSZ 20
#define ISMS_GITOBJ_HEXSZ 40
#define ISMS_GITOBJ_MODE_TREE 0040000u   /* a tree entry that is a folder */

/* The 20 bytes of the 40 hex digits at `hex` (either case); -1 when one
 * is not a hex digit. */
int isms_gitobj_unhex(unsigned char out[ISMS_GITOBJ_RAWSZ], const char *hex);
/* The 40 lowercase hex digits of `id`, NUL-terminated. */
void isms_gitobj_hex(char out[ISMS_GITOBJ_HEXSZ + 1],
	const unsigned char id[ISMS_GITOBJ_RAWSZ]);

/* A person and a time: "Name <email> 1700000000 +0100". */
typedef struct isms_gitobj_ident {
	const char *name;        /* up to '<', trailing blanks dropped */
	size_t name_len;
	const char *email;       /* between '<' and the first '>' after it */
	size_t email_len;
	long long time;          /* epoch seconds; 0 when absent or too big */
	int tz;                  /* offset from UTC in minutes (+0100: 60);
	                            0 unless written as +HHMM or -HHMM */
} isms_gitobj_ident;

/*
 * Split the person line `line[0..len)` (without its header name and
 * newline) as git's split_ident_line does; the date follows the last '>'.
 * Returns 0, or -1 when there is no "<...>", *out then empty (as git
 * shows such a person: no name, no e-mail, no date).
 */
int isms_gitobj_ident_parse(isms_gitobj_ident *out, const char *line,
	size_t len);

/* A raw commit object, as `git cat-file commit` prints it. */
typedef struct isms_gitobj_commit {
	char tree[ISMS_GITOBJ_HEXSZ + 1];   /* lowercase hex */
	const char *parents;     /* the first parent line's "parent "; read
	                            them with isms_gitobj_commit_parent */
	size_t nparents;         /* no limit, as in git (octopus merges) */
	isms_gitobj_ident author, committer;   /* the first of each; empty
	                                          when missing */
	int is_signed;           /* a gpgsig or gpgsig-sha256 header */
	const char *message;     /* after the blank line ending the headers */
	size_t message_len;      /* 0 when there is none */
} isms_gitobj_commit;

/*
 * Parse the raw commit `data[0..len)` into *out, by git's rules
 * (parse_commit_buffer): the first line is "tree <hex>", the parent lines
 * follow it directly, each "parent <hex>"; the other headers come up to
 * the first empty line, each line starting with a space continuing the
 * header before it (the lines of a gpgsig or mergetag are not headers).
 * Returns 0, or -1 when the tree line or a parent line is missing or
 * malformed (*out then holds nothing of use).
 */
int isms_gitobj_commit_parse(isms_gitobj_commit *out, const char *data,
	size_t len);
/* Parent `i` (0-based) of a parsed commit as 20 bytes; -1 when
 * i >= c->nparents. Constant time: no allocation, no list. */
int isms_gitobj_commit_parent(unsigned char out[ISMS_GITOBJ_RAWSZ],
	const isms_gitobj_commit *c, size_t i);

/*
 * The signed payload and the signature of the raw commit `data[0..len)`
 * as git verifies them (commit.c parse_buffer_signed_by_header, SHA-1):
 * `sig` is the value of the gpgsig header with the one leading space of
 * each continuation line removed (several gpgsig headers are joined);
 * `payload` is the object without that header and its continuation lines,
 * and without any other header whose name starts "gpgsig" (such as
 * gpgsig-sha256) and its lines. Both are the caller's and replaced; `sig`
 * is left empty (len 0) when the commit is unsigned, `payload` then holds
 * the whole object. Returns 0.
 */
int isms_gitobj_commit_signature(isms_buf *payload, isms_buf *sig,
	const char *data, size_t len);

/* An entry of a raw tree: "<octal mode> <name>\0<20-byte id>". */
typedef struct isms_gitobj_tree_entry {
	unsigned mode;           /* 0100644, 0100755, 0120000, 040000, ... */
	const char *name;        /* never empty, holds no NUL */
	size_t len;
	unsigned char id[ISMS_GITOBJ_RAWSZ];
} isms_gitobj_tree_entry;

/*
 * Read the tree entry at *p (end: the end of the tree) into *e and move
 * *p past it. Returns 1, 0 at the end (*p == end), or -1 when the entry
 * is malformed (no mode, a mode that is not 1 to 7 octal digits, no space
 * after it, an empty name, no NUL, fewer than 20 bytes of id); *p and *e
 * are then untouched.
 */
int isms_gitobj_tree_next(isms_gitobj_tree_entry *e, const char **p,
	const char *end);
/* git's order of tree entries: by name, a folder's as if it ended in '/'.
 * Negative, 0 or positive as strcmp. */
int isms_gitobj_tree_cmp(const isms_gitobj_tree_entry *a,
	const isms_gitobj_tree_entry *b);

/* A raw tag object, as `git cat-file tag` prints it. */
typedef struct isms_gitobj_tag {
	char object[ISMS_GITOBJ_HEXSZ + 1];   /* the tagged object, lowercase hex */
	const char *type;        /* its type as written: "commit", "tree", ... */
	size_t type_len;
	const char *name;        /* the "tag" header: the name it was made as */
	size_t name_len;
	int has_tagger;          /* old tags have no tagger line */
	isms_gitobj_ident tagger;   /* empty without one */
	const char *message;     /* after the blank line, up to the signature */
	size_t message_len;
	size_t payload_len;      /* the signed part is data[0..payload_len) */
	const char *sig;         /* data + payload_len: the signature, to the end */
	size_t sig_len;          /* 0 when unsigned */
} isms_gitobj_tag;

/*
 * Parse the raw tag `data[0..len)` into *out, by git's rules
 * (parse_tag_buffer): "object <hex>", "type TYPE", "tag NAME" in this
 * order, then an optional "tagger" line and other headers up to the first
 * empty line, then the message. The signature is git's
 * (parse_signed_buffer): it starts at the last line that begins
 * "-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----",
 * "-----BEGIN PGP MESSAGE-----" or "-----BEGIN SIGNED MESSAGE-----" (x509)
 * and runs to the end; the payload is everything before it. Returns 0, or
 * -1 when the object, type or tag line is missing or malformed.
 */
int isms_gitobj_tag_parse(isms_gitobj_tag *out, const char *data, size_t len);

/* ---------------------------------------------------------------- message */

/*
 * Commit messages (lib/message.c): the subject, git's trailers, the pull or
 * merge request a merge stands for, and tracker keys.
 */

/* One `Key: value` trailer of a message's last paragraph (git's rules). */
typedef struct isms_trailer {
	const char *key, *value;
} isms_trailer;

/*
 * The trailers of `msg` into *out (arena-owned), following git's rules: the
 * last paragraph, when at least one line is a git-generated trailer
 * (Signed-off-by, ...) or one of Approved-by/Reviewed-by/Co-authored-by and
 * at least a quarter of its lines are trailers, or all of them are; a line
 * starting with whitespace continues the one before. Returns the count.
 */
size_t isms_msg_trailers(isms_trailer **out, isms_arena *a, const char *msg);

/* The first line of `msg`, without trailing blanks (arena-owned). */
const char *isms_msg_subject(isms_arena *a, const char *msg);

/*
 * The pull/merge request a commit message stands for: "Merge pull request
 * #12 from ...", "See merge request group/project!12", a subject ending
 * "(#12)". Returns the number, or 0. Sets *squash when it is the "(#12)"
 * form (a squash or rebase merge, not a merge commit).
 */
long isms_msg_pull_request(const char *msg, int *squash);

/*
 * Parse "Name <email>" (as in Approved-by values) into name and email
 * (arena-owned; name may be ""). Returns -1 when there is no <email>.
 */
int isms_msg_ident(const char **name, const char **email, isms_arena *a,
	const char *value);

/*
 * Append to *keys (a NULL-terminated, arena-owned array, deduplicated, in
 * order of first appearance) the tracker keys `re` finds in `msg`.
 */
void isms_msg_tickets(const char ***keys, size_t *n, isms_arena *a,
	const isms_re *re, const char *msg);

/* ---------------------------------------------------------------- sign */

/*
 * Signatures that make an approval `signed` (lib/sign.c; PRODUCT.md
 * section 6): an OpenSSH signature checked with `ssh-keygen -Y` as git
 * does for gpg.format=ssh, or an OpenPGP signature checked with gpg,
 * against keys the caller read out of the repository. The tools (Debian:
 * openssh-client, gnupg) run without a shell, in a private folder, with
 * no agent and no user keyring, and are killed after ISMS_SIGN_TIMEOUT_MS.
 */

#define ISMS_SIGN_TIMEOUT_MS 10000

/* Why a signature is good or not; each not-good one has its `why`. */
typedef enum {
	ISMS_SIG_GOOD = 0,       /* good, by a listed key valid when signed */
	ISMS_SIG_NONE,           /* no signature */
	ISMS_SIG_FORMAT,         /* neither "-----BEGIN SSH SIGNATURE-----"
	                            nor "-----BEGIN PGP SIGNATURE-----" */
	ISMS_SIG_MALFORMED,      /* the armor the tool cannot read */
	ISMS_SIG_UNLISTED,       /* ssh key not in allowed_signers */
	ISMS_SIG_NO_PUBKEY,      /* OpenPGP key not among the keys given */
	ISMS_SIG_EXPIRED,        /* key (or signature) expired at signing time */
	ISMS_SIG_NOT_YET_VALID,  /* allowed_signers valid-after is later */
	ISMS_SIG_REVOKED,        /* key revoked (revocation list, OpenPGP) */
	ISMS_SIG_BAD,            /* does not match the content (tampered) */
	ISMS_SIG_NAMESPACE,      /* ssh signature for another namespace than git */
	ISMS_SIG_TOOL,           /* tool missing, unrunnable or timed out */
	ISMS_SIG_UNVERIFIED      /* the tool refused for another reason */
} isms_sig_status;

/* "good", "none", "unknown-format", "malformed", "unlisted", "no-pubkey",
 * "expired", "not-yet-valid", "revoked", "bad", "namespace", "tool",
 * "unverified" (for JSON). */
const char *isms_sig_status_name(isms_sig_status st);

/*
 * The answer about one signature, held in the struct itself (the caller's;
 * no pointer in it needs freeing).
 */
typedef struct isms_verdict {
	int ok;                  /* 1: good, by a trusted key */
	isms_sig_status status;
	const char *format;      /* "ssh", "openpgp" or "" (static) */
	/* The signer's e-mail, lowercased; when the key stands for several
	 * (an allowed_signers line "a@x,b@x", an OpenPGP key's user ids),
	 * all of them, comma-separated, the one the tool named first. "" when
	 * not ok. Match a role with isms_verdict_names. */
	char principal[512];
	/* Of the key, as the tool prints it: "SHA256:..." for ssh, the
	 * primary key's hex fingerprint for OpenPGP; "" when unknown. Also
	 * set, when known, for a signature that is not ok. */
	char fingerprint[128];
	char why[256];           /* lowercase reason when not ok, else "" */
} isms_verdict;

/* The trusted keys, and a cache of verdicts. */
typedef struct isms_keyring isms_keyring;

/*
 * Make a keyring from texts the caller read out of the repository (all
 * borrowed, any may be NULL): `allowed_signers` (OpenSSH allowed_signers,
 * as git's gpg.ssh.allowedSignersFile: principals, options such as
 * namespaces=, valid-after=, valid-before=, cert-authority, then the key),
 * `revoked` (revoked keys, as git's gpg.ssh.revocationFile: public keys or
 * a KRL from ssh-keygen -k), `openpgp_keys` (armored OpenPGP public keys,
 * several in one text). They are written into a private folder (mkdtemp
 * in $TMPDIR or /tmp, mode 0700), the OpenPGP keys imported into a GNUPGHOME
 * of its own there. When gpg is not installed the keyring is still made
 * and each OpenPGP verdict says so. Returns 0 with *out the caller's (free
 * with isms_keyring_free), or -1 with *out NULL and err set (no private
 * folder; OpenPGP text in which gpg finds no key).
 */
int isms_keyring_new(isms_keyring **out, const char *allowed_signers,
	size_t len, const char *revoked, size_t rlen, const char *openpgp_keys,
	size_t plen, isms_error *err);
/* Remove the private folder and free `k` (NULL is fine). */
void isms_keyring_free(isms_keyring *k);
/* The time limit of each tool run, in ms (default ISMS_SIGN_TIMEOUT_MS);
 * set before sharing `k` between threads. */
void isms_keyring_set_timeout(isms_keyring *k, int ms);

/*
 * Verify `sig` (the armored signature as git stores it: a commit's gpgsig
 * header, the end of a tag) over `payload` (the object without it), made
 * at `when` (the signing commit's or tag's time, epoch seconds; 0 or less:
 * now). ssh: as git runs it, `ssh-keygen -Y find-principals` and then
 * `-Y verify -n git -I PRINCIPAL ... -Overify-time=WHEN [-r revoked]`, so
 * a key whose valid-before has passed still verifies a signature made
 * before it, and a key revoked does not. OpenPGP: gpg --verify with the
 * keys given only (all trusted); a key expired since signing counts, a
 * revoked key does not. Fills *out (the caller's) in every case and
 * returns 0, also when the signature is not good; returns -1 with err
 * set only on trouble of our own (cannot write in the private folder, no
 * pipe), *out then not ok with status ISMS_SIG_TOOL. Verdicts are cached
 * in `k` per (signature, payload, when), except ISMS_SIG_TOOL ones. Safe
 * to call from several threads at once on one keyring.
 */
int isms_keyring_verify(isms_verdict *out, isms_keyring *k,
	const char *payload, size_t plen, const char *sig, size_t slen,
	long long when, isms_error *err);

/* 1 when `v` is ok and `email` (without regard to case) is one of its
 * principals, else 0: how a signer is matched with a role's e-mail. */
int isms_verdict_names(const isms_verdict *v, const char *email);

/* 1 when `k` has a key for `email` (without regard to case): a principal
 * of an allowed_signers line (its patterns and !negations as ssh-keygen
 * reads them), or an e-mail of an OpenPGP key's user id; else 0. For a
 * lint of approver roles that could not sign. */
int isms_keyring_names(const isms_keyring *k, const char *email);

/* ---------------------------------------------------------------- history */

typedef enum {
	ISMS_APPROVAL_NONE = 0,
	ISMS_APPROVAL_MERGE,     /* a pull-request merge by an approver */
	ISMS_APPROVAL_TRAILER,   /* Approved-by/Reviewed-by naming an approver */
	ISMS_APPROVAL_REVIEW,    /* the forge's review record (a note by CI) */
	ISMS_APPROVAL_TAG        /* a signed tag by an approver on the commit */
} isms_approval_kind;

/*
 * One approval of a change: who, in which role, from what record, and
 * how strongly it is proven. `counts` is 0 when the evidence is weaker
 * than approval.require (or, in pre-receive, when the push's authenticated
 * pusher is not the person a claim names): the approval is shown, but the
 * change is not approved by it. `why` says, when not NULL, why the
 * evidence is not stronger (a signature that did not verify, and why).
 */
typedef struct isms_approver {
	const char *name, *email;
	const char *role;        /* the role key it matched */
	isms_approval_kind source;
	isms_evidence evidence;
	int counts;
	const char *why;
} isms_approver;

/* One change of a document: a commit that changed it. */
typedef struct isms_change {
	char commit[41];         /* the changing commit */
	char merge[41];          /* first-parent merge that brought it in, or "" */
	long long time;          /* commit time of the change (epoch seconds) */
	long long landed;        /* when it reached the branch: merge time, or time */
	const char *author, *author_email;
	const char *subject;
	const char *path;        /* the document's path at that change */
	const char *blob;        /* its blob id (hex) after the change, "" if deleted */
	const char *parent_blob; /* before the change, "" if added */
	long pr;                 /* pull/merge request number, or 0 */
	int evil;                /* a merge that changed it against both parents */
	isms_approval_kind approval;   /* how it was approved (NONE: not): the
	                            source of its strongest counting approver */
	isms_evidence evidence;  /* that approver's evidence (NONE: not) */
	isms_approver *approvers;      /* approvers of roles, counting or not */
	size_t napprovers;
	int self_only;           /* approvals named only the change's author */
	const char **tickets;
	size_t ntickets;
	const char *version;     /* the document's version then, once read by
	                            isms_history_read_versions, else NULL */
} isms_change;

/* The changes of one document, newest first. */
typedef struct isms_doc_history {
	const char *path;        /* path at the tip */
	int governed;            /* a governed file (isms.yml, ...), not a document */
	isms_change *changes;
	size_t n;
} isms_doc_history;

typedef struct isms_history {
	char tip[41];            /* commit the walk started from, or "" */
	const char *branch;      /* the approval branch's ref name */
	isms_doc_history *docs;  /* one per document path at the tip, sorted */
	size_t ndocs;
	/* Documents and governed files the branch deleted (or renamed out of
	 * the ISMS) that no path at the tip continues, newest first: each a
	 * change with an empty blob, judged for approval like any other. */
	isms_change *removed;
	size_t nremoved;
	int shallow;             /* history was cut short (shallow clone) */
	size_t commits;          /* commits walked */
	isms_arena *arena;
	isms_arena **arenas;     /* the diff threads' arenas */
	int narenas;
	int jobs;                /* threads for the diffs (0: one a core) */
	struct isms_walk *walk;  /* between begin and finish */
} isms_history;

/*
 * Walk the history of the approval branch (cfg->approval_branch; or, when
 * `tip` is not NULL, from that commit) once, and collect for every
 * document in `paths` (repository-relative paths at the tip, sorted) its
 * changes, how each reached the branch, its approvals and tickets.
 * Renames are followed. An empty repository gives an empty history.
 * Returns 0, or -1 with err set (no such branch, unreadable objects).
 */
int isms_history_load(isms_history **out, isms_source *src,
	const isms_config *cfg, const char *tip, const char **paths,
	size_t npaths, isms_error *err);
/*
 * The same in two steps, so that a caller can overlap the first (reading
 * the commits: one thread, little memory) with work of its own, and run
 * the second (comparing trees on every core) after it.
 */
int isms_history_begin(isms_history **out, isms_source *src,
	const isms_config *cfg, const char *tip, const char **paths,
	size_t npaths, isms_error *err);
int isms_history_finish(isms_history *h, isms_error *err);
/*
 * Between begin and finish: judge every approval with `cfg` (borrowed
 * until finish) and the signers' keys in tree `tree` (hex), instead of
 * the configuration in force at each change (the last approved isms.yml
 * before it landed). pre-receive judges a push by the old tip's; a
 * --config file judges all.
 */
void isms_history_judge(isms_history *h, const isms_config *cfg,
	const char *tree);
void isms_history_free(isms_history *h);
const isms_doc_history *isms_history_doc(const isms_history *h,
	const char *path);
/*
 * The commit of the approval branch's first-parent chain that was the tip
 * at the end of `day` (UTC days since the epoch): the newest first-parent
 * commit whose commit time is on or before that day. Writes its hex id.
 */
int isms_history_at(char out[41], isms_source *src, const char *branch,
	long day, isms_error *err);
/* Read a blob by hex id (for versions at a change). */
int isms_source_blob(isms_buf *buf, isms_source *src, const char *hex,
	isms_error *err);

/* ---------------------------------------------------------------- reviews */

/*
 * The forge's review record (lib/reviews.c): who approved a pull request,
 * as GitHub or GitLab says, kept in git by `isms-hook record-reviews` (run
 * by CI after a merge) as a note on the commit the pull request landed as
 * (the merge, squash or rebase commit), under ISMS_REVIEWS_REF. The note is
 * YAML, documented in isms-hook(1):
 *
 *   # isms-hook record-reviews: the forge's approvals of this commit
 *   version: 1
 *   forge: github
 *   pull_request: 12
 *   merge: 4f9c...            the commit the note is on
 *   head: 8d1e...             the pull request's head that was merged (or absent)
 *   recorded: 2026-10-02T08:00:00Z
 *   approvals:
 *     - {login: "jroe", name: null, at: "2026-10-01T09:30:00Z", commit: "8d1e..."}
 *   stale:                    approvals of an earlier commit: not counted
 *     - {login: "ann", name: null, at: "2026-09-30T16:00:00Z", commit: "77a0..."}
 */
#define ISMS_REVIEWS_REF "refs/notes/isms/reviews"

typedef enum {
	ISMS_FORGE_ANY = 0,      /* tell by the JSON's shape */
	ISMS_FORGE_GITHUB,
	ISMS_FORGE_GITLAB
} isms_forge;

/* "github", "gitlab" -> *out; -1 for any other name. */
int isms_forge_parse(isms_forge *out, const char *name);
/* "github", "gitlab" ("any" for ISMS_FORGE_ANY). */
const char *isms_forge_name(isms_forge f);

/* One approval: the reviewer's latest verdict was to approve. */
typedef struct isms_review_approval {
	const char *login;       /* forge login (GitLab: username), never NULL */
	const char *name;        /* display name, or NULL (GitHub sends none) */
	const char *at;          /* when, as YYYY-MM-DDTHH:MM:SSZ, or NULL
	                            when the forge does not say (GitLab's
	                            approvals, unless they carry approved_at) */
	long long time;          /* `at` in epoch seconds; 0 when at is NULL */
	const char *commit;      /* the commit reviewed (hex), or NULL (GitLab
	                            does not say) */
} isms_review_approval;

typedef struct isms_review_note {
	isms_forge forge;
	long pull_request;       /* GitHub's number, GitLab's iid */
	const char *merge;       /* commit the note is on (hex), or NULL */
	const char *head;        /* the merged head (hex), or NULL: unknown */
	const char *recorded;    /* when CI recorded it (...Z), or NULL */
	isms_review_approval *approvals;   /* they count; oldest first */
	size_t napprovals;
	isms_review_approval *stale;       /* of another commit than `head`:
	                                      they do not count */
	size_t nstale;
} isms_review_note;

/*
 * The effective approvals in a forge's review JSON, computed as the forge
 * does, into *out (arena-owned; merge and recorded left NULL):
 *   - GitHub (`GET /repos/O/R/pulls/N/reviews`, an array; the pages of
 *     `gh api --paginate` one after another, or `--slurp`'s array of
 *     pages): per login, the latest review by submitted_at whose state is
 *     not COMMENTED or PENDING is the reviewer's verdict, and only APPROVED
 *     approves (CHANGES_REQUESTED, DISMISSED and any state not known here
 *     cancel an earlier approval);
 *   - GitLab (`GET /projects/:id/merge_requests/:iid/approvals`, an
 *     object): each approved_by user approves (GitLab removes approvals
 *     itself when they are withdrawn or reset).
 * `forge` ISMS_FORGE_ANY tells them apart by shape. `pr` (0: take it from
 * the JSON: GitHub's pull_request_url, GitLab's iid) must agree with the
 * number the JSON names. With `head` (hex, or NULL), an approval of any
 * other commit (or of an unknown one) is stale: the approver did not see
 * what was merged. A forge's error object ({"message": ...}), another
 * shape, a login that is not a forge login or a time that is not ISO 8601
 * is an error. Returns 0, or -1 with err->line/col/msg set.
 */
int isms_reviews_parse(isms_review_note **out, isms_arena *a, isms_forge forge,
	long pr, const char *head, const char *json, size_t len, isms_error *err);

/* Append the note text of `note` (the format above) to `out`. */
void isms_reviews_note_write(isms_buf *out, const isms_review_note *note);

/*
 * Parse a note's text back into *out (arena-owned): version 1, forge,
 * pull_request and the approvals are required; keys not known here are
 * ignored. Returns 0, or -1 with err->line/col/msg set (err->path
 * untouched).
 */
int isms_reviews_note_parse(isms_review_note **out, isms_arena *a,
	const char *text, size_t len, isms_error *err);

/*
 * For the history: the review note of commit `commit` (full hex), parsed
 * into *out (arena `a`). Returns 0; ISMS_ENOTFOUND when the commit has no
 * note (a repository without ISMS_REVIEWS_REF has none); -1 with err set
 * (path "refs/notes/isms/reviews", line/col in the note) when the note does
 * not parse or names another commit than the one it is on (a copied note
 * proves nothing). The notes ref is listed once per source; safe to call
 * from several threads at once, each with its own arena.
 */
int isms_reviews_of(isms_review_note **out, isms_arena *a, isms_source *src,
	const char *commit, isms_error *err);

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

/*
 * Git notes (lib/git.c). The note of commit `commit_hex` under `notes_ref`
 * into `out` (replacing its content): 0, ISMS_ENOTFOUND when there is none
 * (also when the ref does not exist), -1 when it cannot be read. The ref's
 * notes are listed once per source (commit -> note blob) and looked up from
 * then on; safe to call from several threads at once.
 */
int isms_source_note(isms_buf *out, isms_source *src, const char *notes_ref,
	const char *commit_hex);
/*
 * Write `text` as the note of commit `commit_hex` under `notes_ref`,
 * replacing any note it had (a new commit on the notes ref, as `git notes
 * add -f`). Author and committer: GIT_AUTHOR_* / GIT_COMMITTER_* NAME and
 * EMAIL, else user.name and user.email, else "isms-hook
 * <isms-hook@localhost>". Returns 0, ISMS_ENOTFOUND when the repository has
 * no such commit, or -1 with err set.
 */
int isms_source_note_write(isms_source *src, const char *notes_ref,
	const char *commit_hex, const char *text, isms_error *err);
/*
 * Commit `hex`: the ids of its first `max` parents into parents[], their
 * count into *nparents, and its message (arena `a`'s) into *message (which
 * may be NULL). Returns 0, or ISMS_ENOTFOUND when there is no such commit.
 */
int isms_source_commit_meta(char (*parents)[41], size_t max, size_t *nparents,
	const char **message, isms_arena *a, isms_source *src, const char *hex);

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
	ISMS_RULE_SUPPRESSION_EXPIRED,       /* suppression/expired */
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
/* Whether finding `f` judges the approval branch's history (the rule's
 * `branch`): what a hook leaves to pull requests, CI and the server. */
int isms_finding_on_branch(const isms_finding *f);
/* Append to `out` what `isms-lint --explain` prints for `r`: its explain
 * text between a header and the severity and suppression paragraphs. */
void isms_rule_explain(isms_buf *out, const isms_rule_info *r);

typedef struct isms_report {
	isms_finding *findings;
	size_t n, cap;
	size_t documents;        /* documents checked */
	size_t errors, warnings; /* counted by isms_report_finish */
	isms_buf notes;          /* lines for the user that are not findings
	                            (a shallow clone): the tool prints them */
	isms_arena *arena;       /* owns finding strings */
} isms_report;

void isms_report_init(isms_report *r);
void isms_report_release(isms_report *r);
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

typedef enum {
	ISMS_FMT_TEXT, ISMS_FMT_JSON, ISMS_FMT_SARIF, ISMS_FMT_JUNIT, ISMS_FMT_GITHUB
} isms_format;

int isms_format_parse(isms_format *out, const char *name);
/* Write the report to `out` in `fmt`; color applies to text only. */
void isms_report_write(isms_buf *out, const isms_report *r, isms_format fmt,
	int color);

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

/* A document in scope, with the facts the rules and the renderer need. */
typedef struct isms_doc {
	const char *path;        /* repository-relative */
	int has_fm;              /* front matter present and parsed as a map */
	int fm_line;             /* file line of the first YAML line */
	int body_line;           /* file line of the body's first line */
	const isms_ynode *fm;    /* front matter root (a map), or NULL */
	const char *id, *title, *type, *owner, *version, *status;
	const isms_type *def;    /* the type's definition, or NULL */
	isms_md *md;             /* headings and links, or NULL */
	isms_problem *problems;  /* what reading it found, in order, or NULL */
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
	isms_doc *docs;
	size_t ndocs;
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
	isms_arena *arena;       /* strings and trees of the model */
	isms_arena **arenas;     /* one per worker thread */
	int narenas;
	int jobs;                /* threads, from isms_lint_opts.jobs */
	struct isms_facts *facts;  /* its judgements, made on first use
	                              (lib/facts.c); NULL until then */
	/* The tracker's export (tickets.export), or NULL when none is
	 * configured (lib/tickets.c). */
	struct isms_tickets *tickets;
} isms_model;

/*
 * Read the ISMS named by `opts` (source, configuration, documents, SoA,
 * approval-branch history); a document's text and cmark tree are freed as
 * soon as its facts are extracted. No rule runs: what could not be read is
 * noted in the documents' and the SoA's `problems`, and the lint
 * (isms_lint_model) runs the rules over the model. Returns 0 with *out
 * set, or -1 with err set (configuration trouble, unreadable repository).
 */
struct isms_lint_opts;
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
/* The document at repository-relative `path`, or NULL. */
const isms_doc *isms_model_doc(const isms_model *m, const char *path);
/* Append to `out` the lines a loaded model has for the user that are not
 * findings (a shallow clone's history), each ending in a newline. */
void isms_model_notes(isms_buf *out, const isms_model *m);
/*
 * Call fn(r, d, arg) for every document of `m`, on opts->jobs threads at
 * once (0: one a core), each thread with its own report `r`, merged into
 * `report` at the end. `fn` must be safe to run on several documents at
 * once.
 */
void isms_model_each_doc(isms_model *m, isms_report *report,
	const struct isms_lint_opts *opts,
	void (*fn)(isms_report *r, isms_doc *d, void *arg), void *arg);

/*
 * Run every lint rule (lib/rules.c's table) over the loaded model `m` into
 * `r`: the per-document ones on opts->jobs threads, then those across
 * documents; then drop the findings a document's suppression covers.
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

struct isms_soa;
/* The Statement of Applicability of `m` (isms_soa, below). */
const struct isms_soa *isms_facts_soa(const isms_model *m);

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

/*
 * The templates folder to use without --templates: share/isms/policy-templates
 * in the folder above the running executable's (an installed PREFIX), else
 * the source tree's policy-templates/ when the executable runs from its
 * build folder, else ISMS_PREFIX/share/isms/policy-templates (compiled in,
 * default /usr/local). *out is malloc'd, the caller's. -1 with err set
 * when none exists.
 */
int isms_scaffold_templates(char **out, isms_error *err);

/*
 * Make `path` (relative to opts->dir; created, or an empty folder) a new git
 * repository holding a copy of the templates folder, with the placeholder
 * {{organisation}} filled in (escaped for YAML where it stands in YAML),
 * the template's example dates moved to opts->now, and one first commit
 * "Start the ISMS of NAME" on branch main. *nfiles is the number of files
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

/* ---------------------------------------------------------------- hook */

/* The hook shim (hooks/shim.sh, compiled in); @ISMS_HOOK@ marks where the
 * path of isms-hook goes. */
extern const char isms_hook_shim[];
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

/* --------------------------------------------------- render: soa and graph */

/*
 * The Statement of Applicability (lib/soa.c) and the process-interaction
 * graph (lib/graph.c), for isms-render soa|graph and the site. The writers
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

typedef enum {
	ISMS_SOA_CSV, ISMS_SOA_MD, ISMS_SOA_JSON, ISMS_SOA_HTML
} isms_soa_format;

/* "csv", "md", "json", "html" -> *out; -1 for any other name. */
int isms_soa_format_parse(isms_soa_format *out, const char *name);
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
	                            order, each once */
	size_t ndocs;
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
 * isms_doc_href(doc_href_prefix). Every value is escaped; no script, no
 * style: the page supplies isms_soa_css.
 */
void isms_soa_html(isms_buf *out, const isms_model *m,
	const char *doc_href_prefix);
/* The stylesheet for isms_soa_html (the standalone page inlines it). */
extern const char isms_soa_css[];

typedef enum {
	ISMS_GRAPH_DOT, ISMS_GRAPH_SVG, ISMS_GRAPH_MERMAID, ISMS_GRAPH_JSON
} isms_graph_format;

/* "dot", "svg", "mermaid", "json" -> *out; -1 for any other name. */
int isms_graph_format_parse(isms_graph_format *out, const char *name);

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

/*
 * Write the graph of `m` in `fmt`: DOT (digraph isms, nodes with label,
 * URL to isms_doc_href(""), tooltip), SVG (that DOT laid out by Graphviz's
 * dot engine in-process), Mermaid (flowchart LR, nodes n0, n1, ... in id
 * order, labels entity-encoded), or JSON ({"nodes":[...],"edges":[...]}).
 * Returns 0, or -1 with err set when Graphviz fails (SVG only; `out` is
 * then unchanged). Not thread-safe: Graphviz keeps global error state.
 */
int isms_graph_write(isms_buf *out, const isms_model *m, isms_graph_format fmt,
	isms_error *err);

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
/* Append a page's start: doctype, head (title "TITLE - ORG ISMS", one
 * inline style sheet, nothing external), the site's navigation, <main>. */
void isms_html_begin(isms_buf *out, const char *page, const char *title,
	const char *org);
/* Append a page's end: </main>, `footer` (escaped), </html>. */
void isms_html_end(isms_buf *out, const char *footer);
/* The head of the printable manual: no site navigation, a running header
 * repeated on every printed page. */
void isms_html_begin_manual(isms_buf *out, const char *title, const char *org);

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

struct isms_lint_opts;
/*
 * isms-render site: lint the ISMS named by `opts` into `report`
 * (initialised by the caller; its notes are for the user), read it, and
 * write its site with isms_site_write. Returns 0, or -1 with err set.
 */
int isms_site_render(isms_report *report, const char *outdir,
	const struct isms_lint_opts *opts, int unsafe, isms_error *err);

/*
 * isms-render manual: lint (for the review states), then the whole ISMS
 * as one self-contained printable HTML page into `out`: a contents list,
 * then every document (metadata, body, version history with approvals)
 * starting a new printed page, a running header on every page.
 */
int isms_manual_render(isms_report *report, isms_buf *out,
	const struct isms_lint_opts *opts, int unsafe, isms_error *err);

/* ---------------------------------------------------------------- render: diff */

/*
 * What changed in the ISMS between two revisions (lib/diff.c), for
 * isms-render diff: the input of a management review.
 */

typedef enum { ISMS_DIFF_MD, ISMS_DIFF_HTML, ISMS_DIFF_JSON } isms_diff_format;

/* "md", "html", "json" -> *out; -1 for any other name. */
int isms_diff_format_parse(isms_diff_format *out, const char *name);

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
} isms_lint_opts;

/* The options of a plain run: the work tree, no --at, no --now. */
#define ISMS_LINT_OPTS_INIT { .source = ISMS_SRC_WORKTREE, .at = -1, .now = -1 }

/*
 * Lint an ISMS into `report` (initialised by the caller). Returns 0 when
 * the lint ran (findings or not), -1 on trouble (no repository, bad
 * configuration, I/O) with err set.
 */
int isms_lint(isms_report *report, const isms_lint_opts *opts, isms_error *err);
/* The same, handing the model it read to the caller (who frees it with
 * isms_model_free), for a renderer that needs both. */
int isms_lint_model(isms_report *report, isms_model **out,
	const isms_lint_opts *opts, isms_error *err);

/* ---------------------------------------------------------------- render */

/*
 * What isms-render's commands read before they write (lib/render.c); the
 * lines for the user that are not output (a shallow clone's history, "0
 * documents in scope", a warning about soa.yml) are appended to `notes`.
 * isms_render_load: the model, no rules run (render commands show only
 * what they render). isms_render_history: the version history of the
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
int isms_render_load(isms_model **m, isms_buf *notes,
	const isms_lint_opts *opts, isms_error *err);
int isms_render_history(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, const char *path, int json, isms_error *err);
int isms_render_published(isms_buf *manual, isms_buf *notes, const char *dir,
	const isms_lint_opts *opts, int unsafe, isms_error *err);
int isms_render_soa(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	isms_soa_format fmt, isms_error *err);
int isms_render_graph(isms_buf *out, isms_buf *notes,
	const isms_lint_opts *opts, isms_graph_format fmt, isms_error *err);
int isms_render_diff(isms_buf *out, isms_buf *notes, const isms_lint_opts *opts,
	const char *rev1, const char *rev2, isms_diff_format fmt, isms_error *err);

#endif
