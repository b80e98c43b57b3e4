/*
 * base.h - internal: the library's utilities and parsers, below the git
 * layer (lib/repo.h) and the model (lib/model.h): errors' helpers, the
 * arena, files, the worker pool, UTF-8, YAML, JSON, Markdown, the front
 * matter cut, regular expressions, globs, dates, the ISO/IEC 27001
 * catalog and the configuration (isms.yml). Included by lib/ and the
 * tests, never by cmd/ (lib/isms.h is the tools' interface).
 */
#ifndef ISMS_BASE_H
#define ISMS_BASE_H

#include "isms.h"

#include <spawn.h>
#include <stdint.h>
#include <stdio.h>

/* ---------------------------------------------------------------- error */


/* ---------------------------------------------------------------- buf */

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
 * A bump allocator: many small allocations, one free. Allocation failure
 * aborts. An arena from isms_arena_new is for one thread at a time; one
 * from isms_arena_new_shared takes allocations from any thread (a model's,
 * which its facts and pages fill while the workers run).
 */
typedef struct isms_arena isms_arena;
isms_arena *isms_arena_new(void);
isms_arena *isms_arena_new_shared(void);
void isms_arena_free(isms_arena *a);
void *isms_arena_alloc(isms_arena *a, size_t size);   /* zeroed, aligned */
char *isms_arena_strndup(isms_arena *a, const char *s, size_t n);
char *isms_arena_strdup(isms_arena *a, const char *s);
char *isms_arena_printf(isms_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t isms_arena_size(const isms_arena *a);   /* bytes reserved */

/* ---------------------------------------------------------------- strindex */

/*
 * The items of an array found by a string each holds (at byte offset
 * `off` of an item of `size` bytes): open addressing on the string's
 * hash, at most half full, each slot 1 + an item's position or 0.
 */
typedef struct isms_strindex {
	uint32_t *slot;
	size_t cap;              /* a power of two, or 0: nothing indexed */
	const char *items;
	size_t size, off;
} isms_strindex;

/* Room for n items (malloc'd, isms_strindex_release); none added yet. */
void isms_strindex_init(isms_strindex *x, const void *items, size_t size,
	size_t off, size_t n);
/* Add item i, unless an item with the same string is there (the first
 * stays): 1 when added. */
int isms_strindex_add(isms_strindex *x, size_t i);
/* The position of the item whose string is `key`, or -1. */
long isms_strindex_find(const isms_strindex *x, const char *key);
void isms_strindex_release(isms_strindex *x);

/* ---------------------------------------------------------------- fs */

/*
 * Files and folders (lib/fs.c). On failure each returns -1 with `err` set
 * (the path, "cannot ...: <reason>") and errno kept, so a caller may word
 * its own message.
 */
/* Read the whole file at `path` into `out` (emptied first; the caller's).
 * A read error midway is an error, never a short file. */
int isms_fs_read(isms_buf *out, const char *path, isms_error *err);

/* Make folder `dir` and its missing parents (mkdir -p); one that exists
 * is fine. */
int isms_fs_mkdirs(const char *dir, isms_error *err);
/* Write all `len` bytes of `data` to `fd` (again after EINTR or a short
 * write); -1 with errno set (EIO when nothing could be written). */
int isms_fs_write_fd(int fd, const void *data, size_t len);

/* Create `path`, which must not exist (EEXIST then), with the `len` bytes
 * of `data` and permissions `mode` less the umask; a failed write removes
 * it again. */
int isms_fs_write_new(const char *path, const char *data, size_t len,
	int mode, isms_error *err);
/* Remove the folder `path` and all below it, without following symbolic
 * links; with `keep_top`, only what is inside it. Best effort: what cannot
 * be removed stays. */
void isms_fs_remove_tree(const char *path, int keep_top);
/* The regular files in the folder `dir` and below whose names end with
 * `suffix` ("" for all), not following symbolic links; 0 when it cannot be
 * read. */
size_t isms_fs_count(const char *dir, const char *suffix);
/* The regular files under `dir` when it holds nothing else but folders,
 * none empty (no symbolic link, no other kind of file); else -1. */
long isms_fs_plain_files(const char *dir);

/* Tools run with a time limit (lib/sign.c, lib/pdf.c): a monotonic clock
 * in milliseconds, and the spawn attributes of a tool that runs in a
 * process group of its own (so that it is killed whole), no signal
 * blocked and every signal at its default (a caller's SIG_IGN of SIGPIPE
 * stays the caller's). */
long long isms_clock_ms(void);
void isms_spawnattr_group(posix_spawnattr_t *at);

/* ---------------------------------------------------------------- cache */

/*
 * The persistent cache (lib/cache.c): values kept between runs under a
 * key of an object id (20 bytes) and 8 bytes of context (what else the
 * value depends on: a configuration's hash, a folder). One file a kind,
 * in `dir`; read when first asked, written by isms_cache_save when the
 * run added to it (atomically, under a bound: ISMS_CACHE_MAX_BYTES, 256
 * MiB by default). A damaged file, or one of another build, is ignored.
 * Lookups and additions are safe from several threads. A value found
 * stays valid until isms_cache_free. Nothing fails: a cache that cannot
 * be read or written only misses.
 */
typedef struct isms_cache isms_cache;

typedef enum {
	ISMS_CACHE_COMMIT,       /* a commit as parsed (git.c) */
	ISMS_CACHE_DIFF,         /* the files a commit changed (history.c) */
	ISMS_CACHE_VERSION,      /* a blob's version and body hash (memo.c) */
	ISMS_CACHE_DOC,          /* a blob's front matter, headings, links */
	ISMS_CACHE_REPORT,       /* a tree's findings (hook.c) */
	ISMS_CACHE_HTML,         /* a body's HTML and its links (site-doc.c) */
	ISMS_CACHE_TEMPLATE,     /* a starter template's id and lines */
	ISMS_CACHE_WALK,         /* the commits a tip reaches, in order (git.c) */
	ISMS_CACHE_STAT,         /* a work-tree file's blob id, by status */
	ISMS_CACHE_SVG,          /* a graph's SVG, by its DOT text (graph-out.c) */
	ISMS_CACHE_KINDS
} isms_cache_kind;

#define ISMS_CACHE_KEY 28

/* `dir` NULL: a cache that is off (every lookup misses). */
isms_cache *isms_cache_open(const char *dir);
int isms_cache_enabled(const isms_cache *c);
/* The key of object `hex` (40 hex digits) in context `ctx`. */
void isms_cache_key_make(unsigned char key[ISMS_CACHE_KEY], const char *hex,
	uint64_t ctx);
/* 1 with *val, *len set when `key` is cached; else 0. */
int isms_cache_get(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const char **val, size_t *len);
void isms_cache_put(isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY], const void *val, size_t len);
void isms_cache_save(isms_cache *c);
void isms_cache_free(isms_cache *c);
/* A fast 64-bit hash of data (for context keys and checksums). */
uint64_t isms_hash64(const void *data, size_t len, uint64_t seed);

/* Records: values written field by field and read back with every read
 * bounded (a short or damaged value sets `bad`, never reads past end). A
 * string is kept with its terminating NUL and read back in place: it
 * lives as long as the value (the cache's, until isms_cache_free). */
typedef struct isms_rec {
	const char *p, *end;
	int bad;
} isms_rec;

/* The value of `key` as a record to read: 1 with *r set, else 0. */
int isms_cache_rec(isms_rec *r, isms_cache *c, isms_cache_kind kind,
	const unsigned char key[ISMS_CACHE_KEY]);
void isms_rec_u32(isms_buf *b, uint32_t v);
/* A string of `len` bytes, or NULL (s NULL). */
void isms_rec_str(isms_buf *b, const char *s, size_t len);
uint32_t isms_rec_get_u32(isms_rec *r);
/* The next string, in place, or NULL (written as NULL, or bad). */
const char *isms_rec_get_str(isms_rec *r, size_t *len);

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
/* isms_md_parse's and isms_md_html's flags. HEADING_IDS: a heading
 * ending in an attribute "{#id}" has the anchor "id" and its text stops
 * before the attribute (markdown.heading_ids, as Pandoc, Hugo and
 * kramdown read it; GitHub does not, and shows it). */
#define ISMS_MD_HEADING_IDS 1
int isms_md_parse(isms_md **out, isms_arena *a, const char *body, size_t len,
	int first_line, int flags, isms_error *err);

/*
 * GitHub's anchor for heading text: lowercase (Unicode), characters other
 * than letters, marks, decimal digits, connector punctuation ('_'), '-'
 * and ' ' removed (emoji and punctuation such as '.', '(' or an em dash
 * go), each space becomes '-'. Appended to `out`. Duplicates are the
 * caller's business (md.c adds -1, -2, ... as GitHub does).
 */
void isms_md_anchor(isms_buf *out, const char *text);

/*
 * Append to `out` the HTML of a Markdown body, as GitHub shows it: GFM
 * tables, strikethrough, autolinks and task lists; each heading starts
 * with <a id="ANCHOR" class="anchor" href="#ANCHOR"> (the anchors of
 * isms_md_parse, duplicates numbered alike); each link's URL is given to
 * `link` (when not NULL), which may append a new one to `out` and return
 * 1 (0 keeps the URL as it is; `arg` is its own). Raw HTML is replaced by a
 * comment and javascript:-like URLs are emptied, unless `unsafe` (which
 * still drops every <meta> tag: isms_html_drop_meta); invalid
 * UTF-8 becomes U+FFFD. cmark-gfm 0.29's extensions keep process-wide
 * state, so the parsing is serialised inside (the walk and the rendering
 * are not); do not call it while another thread runs isms_md_parse.
 * Returns 0, or -1 with err set.
 */
/* Append `html` to `out` without any <meta> start tag (any case, any
 * quoting: its attributes read as a browser reads them), each replaced by
 * an empty comment; what isms_md_html does to raw HTML with `unsafe`. */
void isms_html_drop_meta(isms_buf *out, const char *html, size_t len);
typedef int isms_md_link_fn(isms_buf *out, const char *url, void *arg);
int isms_md_html(isms_buf *out, const char *body, size_t len, int unsafe,
	int flags, isms_md_link_fn *link, void *arg, isms_error *err);

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
/* Append to `out` the `len` bytes of `subject` with every match of `re`
 * replaced by `replacement`, in PCRE2's extended syntax ($1, ${name},
 * \L...\E to lowercase by Unicode). Returns 0, or -1 (a match limit). */
int isms_re_replace(isms_buf *out, const isms_re *re, const char *subject,
	size_t len, const char *replacement);
void isms_re_free(isms_re *re);

/* ---------------------------------------------------------------- glob */

/*
 * Match a repository path against a glob: '*' and '?' stay within one path
 * segment, '**' spans segments, [...] classes. A pattern without '/' is
 * matched against the base name at any depth (as in .gitignore).
 */
int isms_glob_match(const char *pattern, const char *path);

/* ---------------------------------------------------------------- dates */

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
	const char **optional;   /* known, not required (no field/unknown) */
	size_t noptional;
	isms_section_req *sections;
	size_t nsections;
	int ordered;             /* the sections must come in this order */
} isms_type;

/* ---- sites and risks (PRODUCT.md section 7): config */

/* A kind of site (site_kinds: {KIND: {controls: [...]}}): the Annex A
 * controls every site of the kind needs covered. */
typedef struct isms_site_kind {
	const char *name;
	const isms_control **controls;   /* catalog entries, each once */
	size_t ncontrols;
} isms_site_kind;

/* A site (sites: {KEY: {kind, name, provider?}}): where data lives. */
typedef struct isms_site {
	const char *key, *kind, *name;
	const char *provider;    /* or NULL */
	const isms_site_kind *def;   /* its kind, once the load is done */
	int line, col;           /* of its key in isms.yml */
	int kind_line, kind_col; /* of its kind */
} isms_site;

/* ---- end of sites and risks: config */

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
	isms_interval nc_due;    /* records.nonconformity-due: a new
	                            non-conformity's due date after raised */
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
	int heading_ids;         /* markdown.heading_ids: {#id} sets an anchor */
	uint64_t hash;           /* of the embedded default and the file's text:
	                            what the cache keys documents' facts by */
	const char *site_url;    /* site.url, without a trailing '/', or NULL */
	const char *soa;         /* path of soa.yml relative to the ISMS root */
	/* audit.grades: an isms_grade per grade key (ISMS_AUDIT_NKEYS of
	 * them, isms_audit_key_find), 0 for the default; NULL when isms.yml
	 * sets none. */
	unsigned char *audit_grades;
	/* rules: an isms_severity + 1 per rule (isms_rule_id), 0 for the
	 * rule's default; NULL when isms.yml sets none. */
	unsigned char *severity;
	/* Sites and risks (PRODUCT.md section 7). */
	isms_site *sites;        /* in isms.yml's order */
	size_t nsites;
	isms_site_kind *site_kinds;   /* the embedded defaults, then isms.yml's */
	size_t nsite_kinds;
	int risk_threshold;      /* risk.threshold: a score (1-25) from which a
	                            risk must be treated */
	/* forge: {kind, url}: where commits and pull requests are shown
	 * (isms_forge_url); ISMS_FORGE_KIND_NONE without the key. */
	int forge_kind;          /* an isms_forge_kind */
	const char *forge_url;   /* http(s)://..., no trailing "/" */
	struct isms_arena *arena;
} isms_config;

/* The forge a repository lives on (isms.yml's forge.kind). */
typedef enum {
	ISMS_FORGE_KIND_NONE = 0,
	ISMS_FORGE_KIND_GITHUB,
	ISMS_FORGE_KIND_GITLAB,
	ISMS_FORGE_KIND_GITEA
} isms_forge_kind;

/* What of the forge a link opens. */
typedef enum {
	ISMS_FORGE_COMMIT,       /* `id`: a commit id (hex) */
	ISMS_FORGE_PULL          /* `id`: a pull/merge request's number */
} isms_forge_page;

/*
 * The forge's web address of a commit or pull request, appended to `out`
 * (not escaped for HTML: the caller does): github URL/commit/SHA and
 * URL/pull/N, gitlab URL/-/commit/SHA and URL/-/merge_requests/N, gitea
 * URL/commit/SHA and URL/pulls/N. The one home of forge addresses.
 * Returns 0, or -1 (nothing appended) when isms.yml names no forge.
 */
int isms_forge_url(isms_buf *out, const isms_config *cfg, isms_forge_page page,
	const char *id);

/*
 * The grades of the auditor's verdict (lib/audit.c), which isms.yml's
 * audit.grades may set per grade key.
 */
/* A gap's grade, weakest first (0: not a gap / the default). */
typedef enum {
	ISMS_GRADE_NONE = 0,
	ISMS_GRADE_OBSERVATION,
	ISMS_GRADE_MINOR,
	ISMS_GRADE_MAJOR
} isms_grade;
#define ISMS_NGRADES 4

/* "observation", "minor", "major" ("none" for NONE). */
const char *isms_grade_name(isms_grade g);

/*
 * The verdict's own checks, for the gaps no lint rule states (the
 * verdict is their one home). Grade keys are the rule ids
 * (isms_rule_id) followed by these: ISMS_NRULES + check.
 */
typedef enum {
	ISMS_CHECK_PROCESSES,        /* audit/processes: no process defined */
	ISMS_CHECK_POLICY,           /* audit/policy: no policy on record */
	ISMS_CHECK_RESOURCES,        /* audit/resources: no management review
	                                ever decided resources */
	ISMS_CHECK_CORRECTIVE_ACTION,/* audit/corrective-action: a closed
	                                non-conformity without one */
	ISMS_CHECK_OBJECTIVES,       /* audit/objectives: no KPI sets a
	                                measurable objective */
	ISMS_CHECK_IMPROVEMENT,      /* audit/improvement: no non-conformity
	                                on record */
	ISMS_NCHECKS
} isms_audit_check;
#define ISMS_AUDIT_NKEYS (ISMS_NRULES + ISMS_NCHECKS)

/* The grade key named `name` (a rule id or an audit/ check id), or -1. */
int isms_audit_key_find(const char *name);
/* The grade key closest to the misspelt `name` (isms_suggest), or NULL. */
const char *isms_audit_key_suggest(const char *name);
/* The name of grade key `key`. */
const char *isms_audit_key_name(int key);
/* The default grade of key `key` (PRODUCT.md section 7; README). */
isms_grade isms_audit_default_grade(int key);

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
/* The site `key` or the site kind `name`, or NULL. */
const isms_site *isms_config_site(const isms_config *cfg, const char *key);
const isms_site_kind *isms_config_site_kind(const isms_config *cfg,
	const char *name);
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

#endif
