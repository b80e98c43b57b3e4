/*
 * gitobj.c - git's object formats, parsed by hand: commits, trees, tags.
 *
 * A history walk reads every commit and many trees; parsing their raw
 * bytes here spares libgit2's object parsing and cache, a third of the
 * walk's cost. The rules are git's own (commit.c parse_commit_buffer,
 * tree-walk.c decode_tree_entry, tag.c parse_tag_buffer, ident.c
 * split_ident_line, and the signature splitting of commit.c and
 * gpg-interface.c), so that what we read is what `git log` and `git
 * verify-commit` read. A hostile repository wrote these bytes: every
 * function reads only data[0..len), which need not end in a NUL, and
 * nothing here includes <git2.h>, so fuzz targets and tests call it as is.
 */
#include "repo.h"

#include <string.h>

/* The value of hex digit `c`, or -1; upper case too, as git's hexval. */
static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int isms_gitobj_unhex(unsigned char out[ISMS_GITOBJ_RAWSZ], const char *hex)
{
	size_t i;

	for (i = 0; i < ISMS_GITOBJ_RAWSZ; i++) {
		int hi = hexval((unsigned char)hex[2 * i]);
		int lo = hi < 0 ? -1 : hexval((unsigned char)hex[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void isms_gitobj_hex(char out[ISMS_GITOBJ_HEXSZ + 1],
	const unsigned char id[ISMS_GITOBJ_RAWSZ])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < ISMS_GITOBJ_RAWSZ; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[ISMS_GITOBJ_HEXSZ] = '\0';
}

/* Whether data[0..len) starts with the string `s`. */
static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
}

/* The end of the line at `p`: its '\n', or `end`. */
static const char *eol_of(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/*
 * "<prefix><40 hex>\n" at *p: copy the id, lowercased, into `hex` (when
 * not NULL) and move *p past the newline. git accepts nothing else for a
 * commit's tree and parents and a tag's object.
 */
static int id_line(char *hex, const char **p, const char *end,
	const char *prefix)
{
	size_t n = strlen(prefix), i;
	const char *s = *p;

	if ((size_t)(end - s) < n + ISMS_GITOBJ_HEXSZ + 1 || memcmp(s, prefix, n) ||
	    s[n + ISMS_GITOBJ_HEXSZ] != '\n')
		return -1;
	s += n;
	for (i = 0; i < ISMS_GITOBJ_HEXSZ; i++) {
		int v = hexval((unsigned char)s[i]);

		if (v < 0)
			return -1;
		if (hex)
			hex[i] = "0123456789abcdef"[v];
	}
	if (hex)
		hex[ISMS_GITOBJ_HEXSZ] = '\0';
	*p = s + ISMS_GITOBJ_HEXSZ + 1;
	return 0;
}

/* An empty object may come as (NULL, 0), as an empty isms_buf holds it:
 * no pointer arithmetic on NULL, not even adding 0. */
#define NOT_NULL(p) ((p) ? (p) : "")

/* git's isspace (sane_ctype): no \v or \f. */
static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int isms_gitobj_ident_parse(isms_gitobj_ident *out, const char *line,
	size_t len)
{
	const char *end, *lt, *gt, *ne, *cp;
	long long t = 0;
	int tz = 0, ok = 1;

	line = NOT_NULL(line);
	end = line + len;
	memset(out, 0, sizeof(*out));
	out->name = out->email = line;
	lt = memchr(line, '<', len);
	gt = lt ? memchr(lt + 1, '>', (size_t)(end - lt - 1)) : NULL;
	if (!gt)
		return -1;
	for (ne = lt; ne > line && space(ne[-1]); ne--)
		;
	out->name_len = (size_t)(ne - line);
	out->email = lt + 1;
	out->email_len = (size_t)(gt - lt - 1);
	/* The date follows the last '>': an e-mail may hold a stray one. */
	for (cp = end; cp[-1] != '>'; cp--)
		;
	while (cp < end && space(*cp))
		cp++;
	if (cp == end || *cp < '0' || *cp > '9')
		return 0;
	for (; cp < end && *cp >= '0' && *cp <= '9'; cp++) {
		int d = *cp - '0';

		/* A date past the range of time_t is none, as git shows it. */
		if (t > (0x7fffffffffffffffLL - d) / 10)
			ok = 0;
		else
			t = t * 10 + d;
	}
	out->time = ok ? t : 0;
	while (cp < end && space(*cp))
		cp++;
	if (end - cp >= 5 && (*cp == '+' || *cp == '-') &&
	    (end - cp == 5 || space(cp[5]))) {
		int i, v = 0;

		for (i = 1; i <= 4 && cp[i] >= '0' && cp[i] <= '9'; i++)
			v = v * 10 + (cp[i] - '0');
		if (i == 5)
			tz = (*cp == '-' ? -1 : 1) * ((v / 100) * 60 + v % 100);
	}
	out->tz = tz;
	return 0;
}

/* ---------------------------------------------------------------- commit */

/* "parent <40 hex>\n": every parent line has this length. */
#define PARENT_LINE (7 + ISMS_GITOBJ_HEXSZ + 1)

int isms_gitobj_commit_parse(isms_gitobj_commit *out, const char *data,
	size_t len)
{
	const char *p = NOT_NULL(data), *end = p + len;
	int has_author = 0, has_committer = 0;

	data = p;
	memset(out, 0, sizeof(*out));
	out->author.name = out->author.email = data;
	out->committer.name = out->committer.email = data;
	out->message = end;
	/* git: the tree comes first, then the parents, one after another. */
	if (id_line(out->tree, &p, end, "tree ") < 0)
		return -1;
	out->parents = p;
	while (starts(p, end, "parent ")) {
		if (id_line(NULL, &p, end, "parent ") < 0)
			return -1;
		out->nparents++;
	}
	/* The other headers up to the blank line; a line starting with a
	 * space continues the header before it (gpgsig, mergetag). */
	while (p < end && *p != '\n') {
		const char *eol = eol_of(p, end);

		if (!has_author && starts(p, eol, "author ")) {
			isms_gitobj_ident_parse(&out->author, p + 7, (size_t)(eol - p - 7));
			has_author = 1;
		} else if (!has_committer && starts(p, eol, "committer ")) {
			isms_gitobj_ident_parse(&out->committer, p + 10,
				(size_t)(eol - p - 10));
			has_committer = 1;
		} else if (starts(p, eol, "gpgsig ") ||
		           starts(p, eol, "gpgsig-sha256 ")) {
			out->is_signed = 1;
		}
		p = eol < end ? eol + 1 : end;
	}
	if (p < end) {
		out->message = p + 1;
		out->message_len = (size_t)(end - p - 1);
	}
	return 0;
}

int isms_gitobj_commit_parent(unsigned char out[ISMS_GITOBJ_RAWSZ],
	const isms_gitobj_commit *c, size_t i)
{
	if (i >= c->nparents)
		return -1;
	return isms_gitobj_unhex(out, c->parents + i * PARENT_LINE + 7);
}

int isms_gitobj_commit_signature(isms_buf *payload, isms_buf *sig,
	const char *data, size_t len)
{
	const char *line = NOT_NULL(data), *end = line + len;
	int in_sig = 0, other = 0;

	isms_buf_truncate(payload, 0);
	isms_buf_truncate(sig, 0);
	/* commit.c parse_buffer_signed_by_header, for SHA-1: the value of
	 * "gpgsig" is the signature; every header starting "gpgsig" (the
	 * gpgsig-sha256 of a repository's SHA-256 twin) is left out of the
	 * payload with its continuation lines. */
	while (line < end) {
		const char *next = eol_of(line, end), *s = NULL;

		next = next < end ? next + 1 : end;
		if (in_sig && line[0] == ' ') {
			s = line + 1;
		} else if (starts(line, end, "gpgsig ")) {
			s = line + 7;
			other = 0;
		} else if (starts(line, end, "gpgsig")) {
			other = 1;
		} else if (other && line[0] != ' ') {
			other = 0;
		}
		if (s) {
			isms_buf_add(sig, s, (size_t)(next - s));
			in_sig = 1;
		} else {
			/* The blank line: the message follows, all of it signed. */
			if (line[0] == '\n')
				next = end;
			if (!other)
				isms_buf_add(payload, line, (size_t)(next - line));
			in_sig = 0;
		}
		line = next;
	}
	return 0;
}

/* ---------------------------------------------------------------- tree */

int isms_gitobj_tree_next(isms_gitobj_tree_entry *e, const char **p,
	const char *end)
{
	const char *s = *p, *nul;
	unsigned mode = 0;
	int digits = 0;

	if (s >= end)
		return 0;
	/* git: octal digits up to the space, at least one; we also refuse
	 * more than 7, which git would wrap into some other mode. */
	while (s < end && *s != ' ') {
		if (*s < '0' || *s > '7' || ++digits > 7)
			return -1;
		mode = mode << 3 | (unsigned)(*s++ - '0');
	}
	if (s == end || !digits)
		return -1;
	s++;
	nul = memchr(s, '\0', (size_t)(end - s));
	if (!nul || nul == s || (size_t)(end - nul - 1) < ISMS_GITOBJ_RAWSZ)
		return -1;
	e->mode = mode;
	e->name = s;
	e->len = (size_t)(nul - s);
	memcpy(e->id, nul + 1, ISMS_GITOBJ_RAWSZ);
	*p = nul + 1 + ISMS_GITOBJ_RAWSZ;
	return 1;
}

int isms_gitobj_tree_cmp(const isms_gitobj_tree_entry *a,
	const isms_gitobj_tree_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = n < a->len ? (unsigned char)a->name[n] :
		a->mode == ISMS_GITOBJ_MODE_TREE ? '/' : 0;
	cb = n < b->len ? (unsigned char)b->name[n] :
		b->mode == ISMS_GITOBJ_MODE_TREE ? '/' : 0;
	return (int)ca - (int)cb;
}

/* ---------------------------------------------------------------- tag */

/* gpg-interface.c: the first lines of the signatures git knows. */
static const char *const sig_starts[] = {
	"-----BEGIN PGP SIGNATURE-----",
	"-----BEGIN PGP MESSAGE-----",
	"-----BEGIN SIGNED MESSAGE-----",   /* x509 (gpgsm) */
	"-----BEGIN SSH SIGNATURE-----",
};

static int sig_line(const char *p, const char *end)
{
	size_t i;

	for (i = 0; i < sizeof(sig_starts) / sizeof(sig_starts[0]); i++)
		if (starts(p, end, sig_starts[i]))
			return 1;
	return 0;
}

int isms_gitobj_tag_parse(isms_gitobj_tag *out, const char *data, size_t len)
{
	const char *p = NOT_NULL(data), *end = p + len, *eol, *line;
	size_t sig_at = len;

	data = p;
	memset(out, 0, sizeof(*out));
	out->type = out->name = data;
	out->tagger.name = out->tagger.email = data;
	out->message = end;
	/* tag.c parse_tag_buffer: object, type and tag in this order. */
	if (id_line(out->object, &p, end, "object ") < 0 || !starts(p, end, "type "))
		return -1;
	eol = eol_of(p, end);
	if (eol == end)
		return -1;
	out->type = p + 5;
	out->type_len = (size_t)(eol - p - 5);
	p = eol + 1;
	if (!starts(p, end, "tag ") || (eol = eol_of(p, end)) == end)
		return -1;
	out->name = p + 4;
	out->name_len = (size_t)(eol - p - 4);
	p = eol + 1;
	/* Old tags have no tagger. */
	if (starts(p, end, "tagger ")) {
		eol = eol_of(p, end);
		isms_gitobj_ident_parse(&out->tagger, p + 7, (size_t)(eol - p - 7));
		out->has_tagger = 1;
		p = eol < end ? eol + 1 : end;
	}
	while (p < end && *p != '\n') {
		eol = eol_of(p, end);
		p = eol < end ? eol + 1 : end;
	}
	/* gpg-interface.c parse_signed_buffer: the signature starts at the
	 * last line that opens one, anywhere in the object. */
	for (line = data; line < end; ) {
		if (sig_line(line, end))
			sig_at = (size_t)(line - data);
		eol = eol_of(line, end);
		line = eol < end ? eol + 1 : end;
	}
	out->payload_len = sig_at;
	out->sig = data + sig_at;
	out->sig_len = len - sig_at;
	if (p < end) {
		out->message = p + 1;
		out->message_len = data + sig_at > p + 1 ?
			(size_t)(data + sig_at - p - 1) : 0;
	}
	return 0;
}
