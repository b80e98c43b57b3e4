/*
 * repo.h - internal: the git layer. A source (the work tree, the index or
 * a revision's tree, read through libgit2 in lib/git.c only), git's raw
 * objects (lib/gitobj.c), commit messages and trailers (lib/message.c),
 * signatures (lib/sign.c), the approval branch's history (lib/history.c)
 * and the forge's review notes (lib/reviews.c).
 */
#ifndef ISMS_REPO_H
#define ISMS_REPO_H

#include "base.h"

/* ---------------------------------------------------------------- source */

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
/* The source's persistent cache (lib/cache.c), in the git directory's
 * isms/cache/, opened when first asked; saved when the source is freed.
 * After isms_source_no_cache (--no-cache), one that is off. */
isms_cache *isms_source_cache(isms_source *src);
void isms_source_no_cache(isms_source *src);
/*
 * Read `path` (as isms_source_read) and give the blob id of its text in
 * `out`; 0, or < 0 as isms_source_read. Unless `want_text`, a known id
 * is given without reading (1, `buf` untouched): the index's or the
 * tree's, or a work-tree file's as the cache last saw it with the same
 * status (device, inode, size, mode, times), kept here for files changed
 * more than two seconds before they were read.
 */
int isms_source_read_id(isms_buf *buf, char out[41], isms_source *src,
	const char *path, int want_text, isms_error *err);
/* The same for any file of status `st`, kept in cache `c` under `path`:
 * its id as the cache knows it (1), or 0; and read from `fd` (its text
 * in `buf`, its id kept), 0 or -1 with err set (`path` names it). */
struct stat;
int isms_file_known_id(char out[41], isms_cache *c, const struct stat *st,
	const char *path);
int isms_file_read_id(isms_buf *buf, char out[41], isms_cache *c, int fd,
	const struct stat *st, const char *path, isms_error *err);
/* Whether documents are read from the work tree's files (not blobs). */
int isms_source_reads_disk(const isms_source *src);
/* The git blob id of `data` (as `git hash-object` gives it). */
void isms_source_hash(char out[41], const char *data, size_t len);
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

/* The files a commit changed, kept in the persistent cache (lib/memo.c)
 * under a key of the commit's id and the ISMS root: 1 when found whole
 * (a damaged value is a miss). */
int isms_memo_diff_get(isms_delta **d, size_t *n, isms_cache *c,
	const unsigned char *key, isms_arena *a);
void isms_memo_diff_put(isms_cache *c, const unsigned char *key,
	const isms_delta *d, size_t n);

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

#endif
