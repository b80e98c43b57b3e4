/*
 * t-gitobj.c - git's object formats parsed by hand (lib/gitobj.c): raw
 * commits, person lines, commit signatures, tree entries and tags, on
 * objects git made (embedded as `git cat-file` printed them; the
 * signatures were checked with `git verify-commit` / `git verify-tag` and
 * the payloads split here with ssh-keygen -Y verify and gpg --verify), on
 * truncated and hand-broken ones; then isms_source_commit_signature and
 * isms_source_tags (lib/git.c) on a repository made with git and signed
 * with ssh-keygen in a temporary folder.
 */
#include "model.h"
#include "tap.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEN(s) (sizeof(s) - 1)

/* A span equals the string `want`. */
static int span_is(const char *p, size_t n, const char *want)
{
	int same = n == strlen(want) && !memcmp(p, want, n);

	if (!same)
		printf("#   got \"%.*s\"\n#  want \"%s\"\n", (int)n, p, want);
	return same;
}

/* A buffer equals the `n` bytes at `want`. */
static int buf_is(const isms_buf *b, const char *want, size_t n)
{
	int same = b->len == n && (n == 0 || !memcmp(b->ptr, want, n));

	if (!same)
		printf("#   got %zu bytes \"%.*s\"\n#  want %zu bytes\n", b->len,
			(int)b->len, b->ptr ? b->ptr : "", n);
	return same;
}

/* ---------------------------------------------------------------- objects */

/* `git commit -S` with gpg.format=ssh (verified by git verify-commit). */
static const char signed_ssh[] =
	"tree 27c6beae450115cb71e506fafface28522a29e4c\n"
	"parent cdbad97716f94844e4dcca199d2a8250afecec01\n"
	"author Ann Author <ann@example.com> 1700000000 +0100\n"
	"committer Cid Committer <cid@example.com> 1700000100 -0530\n"
	"gpgsig -----BEGIN SSH SIGNATURE-----\n"
	" U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgFS0TBaX4IpEUCrvZlCZMGedv/X\n"
	" 2RjdbrTtepPDhhZ6QAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	" AAAAQPdyX0zVI0ODaoek0QkLeFqgjnEhWc2+Jp622W6YQ3IqLj5+fXndk43R4/8y55muxJ\n"
	" phcZfwGAED2+0jawqvKgY=\n"
	" -----END SSH SIGNATURE-----\n"
	"\n"
	"policy: signed with ssh\n";

/* What ssh-keygen -Y verify -n git accepted for it. */
static const char signed_ssh_payload[] =
	"tree 27c6beae450115cb71e506fafface28522a29e4c\n"
	"parent cdbad97716f94844e4dcca199d2a8250afecec01\n"
	"author Ann Author <ann@example.com> 1700000000 +0100\n"
	"committer Cid Committer <cid@example.com> 1700000100 -0530\n"
	"\n"
	"policy: signed with ssh\n";
static const char signed_ssh_sig[] =
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgFS0TBaX4IpEUCrvZlCZMGedv/X\n"
	"2RjdbrTtepPDhhZ6QAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQPdyX0zVI0ODaoek0QkLeFqgjnEhWc2+Jp622W6YQ3IqLj5+fXndk43R4/8y55muxJ\n"
	"phcZfwGAED2+0jawqvKgY=\n"
	"-----END SSH SIGNATURE-----\n";

/* `git commit -S` with gpg: the armor's blank line is a lone space. */
static const char signed_pgp[] =
	"tree d1f24729d5d94f23b2c520a8ca04159f293d6eb7\n"
	"parent f15deb4b2bfd6e2963af48b2f489e00ca642738d\n"
	"author Pat PGP <pat@example.com> 1700000200 +0000\n"
	"committer Pat PGP <pat@example.com> 1700000200 +0000\n"
	"gpgsig -----BEGIN PGP SIGNATURE-----\n"
	" \n"
	" iIYEABYIAC4WIQRzR9XPG2C+DbzWMDUQrMWUXldiaAUCaw/e7hAccGF0QGV4YW1w\n"
	" bGUuY29tAAoJEBCsxZReV2JoEzAA/RhqCMTUhXPRtTG6JKZg7ZjKnI2aQ2pOpnns\n"
	" w9D5L/D/AQDnVGgfYcFv7VLwzUJIyNTwrEaE5TrimEvIbmTBudjwBw==\n"
	" =PVU+\n"
	" -----END PGP SIGNATURE-----\n"
	"\n"
	"pgp signed\n";
static const char signed_pgp_sig[] =
	"-----BEGIN PGP SIGNATURE-----\n"
	"\n"
	"iIYEABYIAC4WIQRzR9XPG2C+DbzWMDUQrMWUXldiaAUCaw/e7hAccGF0QGV4YW1w\n"
	"bGUuY29tAAoJEBCsxZReV2JoEzAA/RhqCMTUhXPRtTG6JKZg7ZjKnI2aQ2pOpnns\n"
	"w9D5L/D/AQDnVGgfYcFv7VLwzUJIyNTwrEaE5TrimEvIbmTBudjwBw==\n"
	"=PVU+\n"
	"-----END PGP SIGNATURE-----\n";

/* A signed merge of a signed tag: mergetag (a signature of its own, in
 * continuation lines) stays in the payload, gpgsig goes. Shortened. */
static const char merge_mergetag[] =
	"tree 9008d9faaa66f9191c45e5f50e54f7300e3e47c2\n"
	"parent 37e0b6de210af6c0799696c35011c5cc49f74d94\n"
	"parent 518c4155ccd9371040fba0a82295c2f4f0bbf6dc\n"
	"author Ann Author <ann@example.com> 1700000000 +0100\n"
	"committer Cid Committer <cid@example.com> 1700000100 -0530\n"
	"mergetag object 518c4155ccd9371040fba0a82295c2f4f0bbf6dc\n"
	" type commit\n"
	" tag vside\n"
	" tagger Tag Ger <tagger@example.com> 1700000100 -0530\n"
	" \n"
	" side signed\n"
	" -----BEGIN SSH SIGNATURE-----\n"
	" AAAA\n"
	" -----END SSH SIGNATURE-----\n"
	"gpgsig -----BEGIN SSH SIGNATURE-----\n"
	" BBBB\n"
	" -----END SSH SIGNATURE-----\n"
	"\n"
	"Merge tag 'vside'\n";

/* An octopus merge of 9 (git merge br1 ... br8). */
static const char octopus[] =
	"tree 309578290966501b6096a6c8b7511495843ac3a0\n"
	"parent 331f3c92dcd030c3ab075197c4deee47b6f9a0fb\n"
	"parent a17428a3593559f75a95e3a93d46cc1f0aab274f\n"
	"parent 7806fcfa96337fa7298bbcb357b9efad24bf2886\n"
	"parent 68878549aaf9433ced2c94c64b74cb3d026a8097\n"
	"parent 01df962dcd93478ac2c68666743fc8396df07083\n"
	"parent d88cb6ecfa234b4f297978a7aa9dc96bcb0f733c\n"
	"parent 7f644f449ac16bb4e3ab72220b4607b3c7346c6b\n"
	"parent 8facf3b8441966bcaacac24580bce327813d6005\n"
	"parent 1a78009f07d077dccc39d670859046e465174bd0\n"
	"author Ann Author <ann@example.com> 1700000000 +0100\n"
	"committer Cid Committer <cid@example.com> 1700000100 -0530\n"
	"\n"
	"Merge octopus\n";

/* Headers git writes but we do not read, a gpgsig-sha256, blank lines. */
static const char odd_headers[] =
	"tree 9008d9faaa66f9191c45e5f50e54f7300e3e47c2\n"
	"parent 4a7d3eba9dfe8401cb9a524de823f325d5f22a6d\n"
	"author Ann Author <ann@example.com> 1700000000 +0100\n"
	"committer Cid Committer <cid@example.com> 1700000100 -0530\n"
	"encoding ISO-8859-1\n"
	"x-custom first\n"
	" continued\n"
	"  twice\n"
	"gpgsig-sha256 -----BEGIN SSH SIGNATURE-----\n"
	" AAAA\n"
	" -----END SSH SIGNATURE-----\n"
	"\n"
	"odd headers\n"
	"\n"
	"\n"
	"with blank lines\n";

/* `git tag -s` with gpg.format=ssh (verified by git verify-tag). */
static const char tag_ssh[] =
	"object 37e0b6de210af6c0799696c35011c5cc49f74d94\n"
	"type commit\n"
	"tag v2\n"
	"tagger Cid Committer <cid@example.com> 1700000100 -0530\n"
	"\n"
	"signed release\n"
	"-----BEGIN SSH SIGNATURE-----\n"
	"U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgFS0TBaX4IpEUCrvZlCZMGedv/X\n"
	"2RjdbrTtepPDhhZ6QAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
	"AAAAQJG6d+npFScRYMjdieIJ9a/jq3vN4ZWy3Of5rlmjPX+IUUAkMdjZ9XfItLFIPIwMvk\n"
	"A2w6wLgqYcnAK3qFT2Qwc=\n"
	"-----END SSH SIGNATURE-----\n";

/* `git cat-file tree HEAD:dir`: a folder and a file. */
static const char tree_dir[] =
	"40000 sub\0^\226i\"\366\224C\222uK_j\201\005\020;\236\333\020\036"
	"100644 y.md\0\227_\276\310%m>\2127\227\347\243a\023\200\362|I\364\254";

/* ---------------------------------------------------------------- commit */

static void test_commit_fields(void)
{
	isms_gitobj_commit c;
	unsigned char raw[ISMS_GITOBJ_RAWSZ];
	char hex[ISMS_GITOBJ_HEXSZ + 1];

	is_int(isms_gitobj_commit_parse(&c, signed_ssh, LEN(signed_ssh)), 0,
		"commit: a signed commit parses");
	is_str(c.tree, "27c6beae450115cb71e506fafface28522a29e4c",
		"commit: the tree line gives the tree id");
	is_int(c.nparents, 1, "commit: one parent line is one parent");
	ok(isms_gitobj_commit_parent(raw, &c, 0) == 0 &&
	   (isms_gitobj_hex(hex, raw), !strcmp(hex,
		"cdbad97716f94844e4dcca199d2a8250afecec01")),
		"commit: the parent is read as 20 bytes of its hex");
	is_int(isms_gitobj_commit_parent(raw, &c, 1), -1,
		"commit: a parent past the last is refused");
	ok(span_is(c.author.name, c.author.name_len, "Ann Author") &&
	   span_is(c.author.email, c.author.email_len, "ann@example.com"),
		"commit: author name and e-mail");
	is_int(c.author.time, 1700000000, "commit: author time");
	is_int(c.author.tz, 60, "commit: author zone +0100 is 60 minutes");
	ok(span_is(c.committer.name, c.committer.name_len, "Cid Committer") &&
	   span_is(c.committer.email, c.committer.email_len, "cid@example.com"),
		"commit: committer name and e-mail, not the author's");
	is_int(c.committer.time, 1700000100, "commit: committer time");
	is_int(c.committer.tz, -330, "commit: committer zone -0530 is -330 minutes");
	ok(span_is(c.message, c.message_len, "policy: signed with ssh\n"),
		"commit: the message is what follows the blank line, gpgsig lines not in it");
	is_int(c.is_signed, 1, "commit: a gpgsig header makes it signed");

	is_int(isms_gitobj_commit_parse(&c, octopus, LEN(octopus)), 0,
		"commit: an octopus merge parses");
	is_int(c.nparents, 9, "commit: an octopus merge has its 9 parents");
	ok(isms_gitobj_commit_parent(raw, &c, 8) == 0 &&
	   (isms_gitobj_hex(hex, raw), !strcmp(hex,
		"1a78009f07d077dccc39d670859046e465174bd0")),
		"commit: the last parent of an octopus is the last parent line");
	is_int(c.is_signed, 0, "commit: without gpgsig, unsigned");
}

/* Parents are not limited in number (the walk once kept 64). */
static void test_commit_many_parents(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_gitobj_commit c;
	unsigned char raw[ISMS_GITOBJ_RAWSZ];
	int i, all = 1;

	isms_buf_puts(&b, "tree 309578290966501b6096a6c8b7511495843ac3a0\n");
	for (i = 0; i < 100; i++)
		isms_buf_printf(&b, "parent %040x\n", i);
	isms_buf_puts(&b, "author A <a@x> 1 +0000\ncommitter C <c@x> 2 +0000\n\nm\n");
	is_int(isms_gitobj_commit_parse(&c, b.ptr, b.len), 0,
		"parents: a merge of 100 parses");
	is_int(c.nparents, 100, "parents: all 100 parents are kept, none dropped");
	for (i = 0; i < 100; i++)
		all &= isms_gitobj_commit_parent(raw, &c, (size_t)i) == 0 &&
			raw[19] == i && raw[0] == 0;
	ok(all, "parents: each of the 100 is read in order");
	isms_buf_release(&b);
}

static void test_commit_broken(void)
{
	isms_gitobj_commit c;
	const char *t = "tree 27c6beae450115cb71e506fafface28522a29e4c\n";
	const char *p = "parent cdbad97716f94844e4dcca199d2a8250afecec01\n";
	char buf[512];

	is_int(isms_gitobj_commit_parse(&c, "", 0), -1, "broken: an empty object is no commit");
	is_int(isms_gitobj_commit_parse(&c, NULL, 0), -1,
		"broken: (NULL, 0) is an empty object, refused");
	snprintf(buf, sizeof(buf), "author A <a@x> 1 +0000\n%s\nmsg\n", t);
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a tree line that is not the first line is refused (git: bogus commit)");
	snprintf(buf, sizeof(buf), "%sauthor A <a@x> 1 +0000\n\nmsg\n", p);
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a commit with no tree line is refused");
	snprintf(buf, sizeof(buf), "tree 27c6beae450115cb71e506fafface28522a29e4\n\nm\n");
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a tree id of 39 digits is refused");
	snprintf(buf, sizeof(buf), "tree 27c6beae450115cb71e506fafface28522a29e4cd\n\nm\n");
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a tree id of 41 digits is refused");
	snprintf(buf, sizeof(buf), "tree 27c6beae450115cb71e506fafface28522a29e4g\n\nm\n");
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a tree id with a non-hex digit is refused");
	is_int(isms_gitobj_commit_parse(&c, t, strlen(t) - 1), -1,
		"broken: a tree line without its newline is refused");
	snprintf(buf, sizeof(buf), "%sparent cdbad97716f94844e4dcca199d2a8250afecec0\n\nm\n", t);
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a short parent id is refused (git: bad parents)");
	snprintf(buf, sizeof(buf), "%s%sparent zzbad97716f94844e4dcca199d2a8250afecec01\n\nm\n", t, p);
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: a parent id that is not hex is refused");

	snprintf(buf, sizeof(buf), "TREE 27C6BEAE450115CB71E506FAFFACE28522A29E4C\n\nm\n");
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), -1,
		"broken: the header name is case-sensitive");
	snprintf(buf, sizeof(buf), "tree 27C6BEAE450115CB71E506FAFFACE28522A29E4C\n\nm\n");
	ok(isms_gitobj_commit_parse(&c, buf, strlen(buf)) == 0 &&
	   !strcmp(c.tree, "27c6beae450115cb71e506fafface28522a29e4c"),
		"commit: an upper-case tree id is read, as git does, and lowercased");
	ok(isms_gitobj_commit_parse(&c, t, strlen(t)) == 0 && c.nparents == 0 &&
	   c.author.name_len == 0 && c.committer.time == 0 && c.message_len == 0,
		"commit: a tree line alone is a commit with no parents, people or message");
}

/* Every prefix of a real commit: refused while the tree line or the parent
 * line is cut, else parsed with every span inside the prefix. */
static void test_commit_truncated(void)
{
	isms_gitobj_commit c;
	size_t n, bad = 0, fails = 0;

	for (n = 0; n <= LEN(signed_ssh); n++) {
		char *p = malloc(n ? n : 1);
		int rc;

		memcpy(p, signed_ssh, n);
		rc = isms_gitobj_commit_parse(&c, p, n);
		if (rc < 0)
			fails++;
		/* git: a cut tree line is a bogus commit, a cut parent line
		 * (one that reads "parent " already) bad parents. */
		if ((n < 46 || (n >= 53 && n < 94)) != (rc < 0))
			bad++;
		if (rc == 0 && (c.message < p || c.message + c.message_len > p + n ||
		    c.author.name + c.author.name_len > p + n ||
		    c.committer.email + c.committer.email_len > p + n))
			bad++;
		free(p);
	}
	is_int(fails, 46 + 41, "truncated: refused while the tree line or a parent line is cut");
	is_int(bad, 0, "truncated: once it is whole, every span stays inside the bytes given");

	is_int(isms_gitobj_commit_parse(&c, signed_ssh, 120), 0,
		"truncated: cut inside the author line still parses");
	ok(c.author.name_len == 0 && c.author.email_len == 0 && c.author.time == 0,
		"truncated: a person line cut before its '>' is no person");
	is_int(c.nparents, 1, "truncated: the parent before the cut is kept");
	is_int(isms_gitobj_commit_parse(&c, signed_ssh, LEN(signed_ssh) - 24), 0,
		"truncated: cut before the message parses");
	is_int(c.message_len, 0, "truncated: no blank line yet, no message");
	is_int(c.is_signed, 1, "truncated: the gpgsig header before the cut counts");
}

static void test_commit_headers(void)
{
	isms_gitobj_commit c;
	char buf[1024];
	const char *t = "tree 27c6beae450115cb71e506fafface28522a29e4c\n";

	is_int(isms_gitobj_commit_parse(&c, odd_headers, LEN(odd_headers)), 0,
		"headers: encoding, an unknown header with continuations, gpgsig-sha256");
	ok(span_is(c.committer.name, c.committer.name_len, "Cid Committer"),
		"headers: unknown headers do not disturb the ones we read");
	is_int(c.is_signed, 1, "headers: a gpgsig-sha256 header makes it signed");
	ok(span_is(c.message, c.message_len, "odd headers\n\n\nwith blank lines\n"),
		"headers: the message keeps its own blank lines");

	/* Continuation lines are never headers of their own. */
	snprintf(buf, sizeof(buf), "%sx-note first\n author Fake <fake@x> 9 +0000\n"
		" gpgsig nothing\n committer Fake <fake@x> 9 +0000\n"
		"author Real <real@x> 5 +0000\ncommitter Real <real@x> 6 +0000\n\nm\n", t);
	is_int(isms_gitobj_commit_parse(&c, buf, strlen(buf)), 0,
		"continuation: a commit with continuation lines parses");
	ok(span_is(c.author.name, c.author.name_len, "Real") && c.committer.time == 6,
		"continuation: a continuation line that reads like author/committer is skipped");
	is_int(c.is_signed, 0, "continuation: a continuation line reading gpgsig does not sign");

	/* The first author and committer count, as git's commit date does. */
	snprintf(buf, sizeof(buf), "%sauthor One <1@x> 1 +0000\ncommitter One <1@x> 10 +0000\n"
		"author Two <2@x> 2 +0000\ncommitter Two <2@x> 20 +0000\n\nm\n", t);
	ok(isms_gitobj_commit_parse(&c, buf, strlen(buf)) == 0 &&
	   span_is(c.author.name, c.author.name_len, "One") && c.committer.time == 10,
		"headers: a second author or committer line is ignored");

	/* Parents are the lines right after the tree, as git reads them. */
	snprintf(buf, sizeof(buf), "%sauthor A <a@x> 1 +0000\n"
		"parent cdbad97716f94844e4dcca199d2a8250afecec01\n\nm\n", t);
	ok(isms_gitobj_commit_parse(&c, buf, strlen(buf)) == 0 && c.nparents == 0,
		"headers: a parent line after other headers is no parent (git ignores it)");

	snprintf(buf, sizeof(buf), "%sauthor A <a@x> 1 +0000\n\ngpgsig in the message\n", t);
	ok(isms_gitobj_commit_parse(&c, buf, strlen(buf)) == 0 && !c.is_signed,
		"headers: gpgsig in the message does not sign");
	snprintf(buf, sizeof(buf), "%sgpgsigx y\n\nm\n", t);
	ok(isms_gitobj_commit_parse(&c, buf, strlen(buf)) == 0 && !c.is_signed,
		"headers: a header named gpgsigx is not a signature");
}

static void test_ident(void)
{
	isms_gitobj_ident id;

#define IDENT(s) isms_gitobj_ident_parse(&id, s, LEN(s))
	ok(IDENT("Jane Roe <jane@example.com> 1700000000 +0100") == 0 &&
	   span_is(id.name, id.name_len, "Jane Roe") &&
	   span_is(id.email, id.email_len, "jane@example.com") &&
	   id.time == 1700000000 && id.tz == 60,
		"ident: name, e-mail, time and zone");
	ok(IDENT("Jane Roe \t <jane@example.com>") == 0 && id.name_len == 8 &&
	   id.time == 0 && id.tz == 0,
		"ident: blanks before '<' dropped; no date is time 0");
	ok(IDENT("<jane@example.com> 5 +0000") == 0 && id.name_len == 0 && id.time == 5,
		"ident: an empty name");
	ok(IDENT("Jane Roe jane@example.com 5 +0000") == -1 && id.name_len == 0 &&
	   id.email_len == 0 && id.time == 0,
		"ident: no '<' is no person (git shows nothing)");
	ok(IDENT("Jane <jane@example.com 5 +0000") == -1,
		"ident: no '>' is no person");
	ok(IDENT("Eve <a>b@example.com> 7 -0200") == 0 &&
	   span_is(id.email, id.email_len, "a") && id.time == 7 && id.tz == -120,
		"ident: e-mail ends at the first '>', the date follows the last (git)");
	ok(IDENT("Jane <j@x> 99999999999999999999999 +0100") == 0 && id.time == 0,
		"ident: a time past the range is no time");
	ok(IDENT("Jane <j@x> 9223372036854775807 +0000") == 0 &&
	   id.time == 9223372036854775807LL,
		"ident: the largest time is kept");
	ok(IDENT("Jane <j@x> 12 +01") == 0 && id.time == 12 && id.tz == 0,
		"ident: a zone that is not +HHMM is no zone");
	ok(IDENT("Jane <j@x> -12 +0100") == 0 && id.time == 0,
		"ident: a negative time is no time");
	ok(isms_gitobj_ident_parse(&id, NULL, 0) == -1,
		"ident: (NULL, 0) is an empty line");
#undef IDENT
}

/* ---------------------------------------------------------------- signature */

static void test_commit_signature(void)
{
	isms_buf payload = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	isms_gitobj_commit c;
	const char *mt_payload;
	char buf[512];

	is_int(isms_gitobj_commit_signature(&payload, &sig, signed_ssh,
		LEN(signed_ssh)), 0, "signature: an ssh-signed commit splits");
	ok(buf_is(&payload, signed_ssh_payload, LEN(signed_ssh_payload)),
		"signature: the payload is the commit without gpgsig and its lines "
		"(what ssh-keygen -Y verify accepted)");
	ok(buf_is(&sig, signed_ssh_sig, LEN(signed_ssh_sig)),
		"signature: the signature is gpgsig's value, one leading space off each line");

	isms_gitobj_commit_signature(&payload, &sig, signed_pgp, LEN(signed_pgp));
	ok(buf_is(&sig, signed_pgp_sig, LEN(signed_pgp_sig)),
		"signature: an OpenPGP armor's blank line (a lone space) becomes empty "
		"(what gpg --verify accepted)");
	ok(payload.len == LEN(signed_pgp) - 7 - LEN(signed_pgp_sig) - 6 &&
	   strstr(payload.ptr, "+0000\n\npgp signed\n"),
		"signature: the OpenPGP payload loses exactly the header's lines");

	isms_gitobj_commit_signature(&payload, &sig, merge_mergetag,
		LEN(merge_mergetag));
	mt_payload = payload.ptr ? strstr(payload.ptr, "mergetag object") : NULL;
	ok(mt_payload && strstr(payload.ptr, " -----BEGIN SSH SIGNATURE-----\n AAAA\n") &&
	   !strstr(payload.ptr, "BBBB") && !strstr(payload.ptr, "gpgsig"),
		"signature: a mergetag's signature stays in the payload, gpgsig goes");
	ok(buf_is(&sig, "-----BEGIN SSH SIGNATURE-----\nBBBB\n-----END SSH SIGNATURE-----\n",
		LEN("-----BEGIN SSH SIGNATURE-----\nBBBB\n-----END SSH SIGNATURE-----\n")),
		"signature: the signature is gpgsig's, not the mergetag's");

	isms_gitobj_commit_signature(&payload, &sig, odd_headers, LEN(odd_headers));
	ok(sig.len == 0 && !strstr(payload.ptr, "gpgsig-sha256") &&
	   !strstr(payload.ptr, "AAAA") && strstr(payload.ptr, "x-custom first\n continued\n  twice\n"),
		"signature: gpgsig-sha256 is no SHA-1 signature, but leaves the payload with "
		"its lines; other continuations stay");

	isms_gitobj_commit_signature(&payload, &sig, octopus, LEN(octopus));
	ok(sig.len == 0 && buf_is(&payload, octopus, LEN(octopus)),
		"signature: an unsigned commit has no signature and all of it is the payload");

	/* A signature in the message is no signature. */
	snprintf(buf, sizeof(buf), "tree 27c6beae450115cb71e506fafface28522a29e4c\n\n"
		"gpgsig -----BEGIN SSH SIGNATURE-----\n x\n");
	isms_gitobj_commit_signature(&payload, &sig, buf, strlen(buf));
	ok(sig.len == 0 && buf_is(&payload, buf, strlen(buf)),
		"signature: gpgsig lines in the message are message");

	/* Two gpgsig headers: git joins them. */
	snprintf(buf, sizeof(buf), "tree 27c6beae450115cb71e506fafface28522a29e4c\n"
		"gpgsig A\n a2\ngpgsig B\n\nm\n");
	isms_gitobj_commit_signature(&payload, &sig, buf, strlen(buf));
	ok(buf_is(&sig, "A\na2\nB\n", 7) &&
	   buf_is(&payload, "tree 27c6beae450115cb71e506fafface28522a29e4c\n\nm\n", 49),
		"signature: two gpgsig headers are joined, as git does");

	/* Truncated inside the signature: the lines there are taken. */
	isms_gitobj_commit_signature(&payload, &sig, signed_ssh, 260);
	ok(sig.len > 0 && !memcmp(sig.ptr, "-----BEGIN SSH SIGNATURE-----\n", 30) &&
	   isms_gitobj_commit_parse(&c, payload.ptr, payload.len) == 0 && !c.is_signed,
		"signature: a commit cut inside gpgsig splits; the payload is unsigned");

	isms_buf_release(&payload);
	isms_buf_release(&sig);
}

/* ---------------------------------------------------------------- tree */

/* One raw entry "<mode> <name>\0<id of 20 bytes `fill`>" appended to b. */
static void entry(isms_buf *b, const char *mode, const char *name, int fill)
{
	unsigned char id[ISMS_GITOBJ_RAWSZ];

	memset(id, fill, sizeof(id));
	isms_buf_printf(b, "%s %s", mode, name);
	isms_buf_putc(b, '\0');
	isms_buf_add(b, id, sizeof(id));
}

/* The mode isms_gitobj_tree_next reads for `mode` ("%o"), -1 if refused. */
static long mode_of(const char *mode)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_gitobj_tree_entry e;
	const char *p;
	long m;

	entry(&b, mode, "x", 1);
	p = b.ptr;
	m = isms_gitobj_tree_next(&e, &p, b.ptr + b.len) == 1 ? (long)e.mode : -1;
	isms_buf_release(&b);
	return m;
}

static void test_tree(void)
{
	isms_gitobj_tree_entry e;
	const char *p = tree_dir, *end = tree_dir + LEN(tree_dir), *at;
	char hex[ISMS_GITOBJ_HEXSZ + 1];
	isms_buf b = ISMS_BUF_INIT;

	is_int(isms_gitobj_tree_next(&e, &p, end), 1, "tree: the first entry of a real tree");
	isms_gitobj_hex(hex, e.id);
	ok(e.mode == ISMS_GITOBJ_MODE_TREE && span_is(e.name, e.len, "sub") &&
	   !strcmp(hex, "5e966922f6944392754b5f6a8105103b9edb101e"),
		"tree: a folder: mode 40000, its name, its id (as git ls-tree shows)");
	is_int(isms_gitobj_tree_next(&e, &p, end), 1, "tree: the second entry");
	isms_gitobj_hex(hex, e.id);
	ok(e.mode == 0100644 && span_is(e.name, e.len, "y.md") &&
	   !strcmp(hex, "975fbec8256d3e8a3797e7a3611380f27c49f4ac"),
		"tree: a file: mode 100644, its name, its id");
	ok(isms_gitobj_tree_next(&e, &p, end) == 0 && p == end,
		"tree: the end of the tree is 0");

	is_int(mode_of("100644"), 0100644, "mode: 100644 is a file");
	is_int(mode_of("100755"), 0100755, "mode: 100755 is an executable");
	is_int(mode_of("120000"), 0120000, "mode: 120000 is a symlink");
	is_int(mode_of("160000"), 0160000, "mode: 160000 is a submodule");
	is_int(mode_of("40000"), 040000, "mode: 40000 is a folder");
	is_int(mode_of("040000"), 040000, "mode: a zero-padded mode is read (git fsck warns)");
	is_int(mode_of("1234567"), 01234567, "mode: 7 octal digits are read");
	is_int(mode_of("12345670"), -1, "mode: 8 digits are refused");
	is_int(mode_of("100648"), -1, "mode: an 8 is no octal digit");
	is_int(mode_of("10064a"), -1, "mode: a letter is no octal digit");
	is_int(mode_of(""), -1, "mode: an empty mode is refused");

	/* Malformed entries: refused, nothing moved. */
#define REFUSED(bytes, n, what) do { \
	const char *s_ = bytes, *q_ = s_; \
	ok(isms_gitobj_tree_next(&e, &q_, s_ + (n)) == -1 && q_ == s_, what); \
} while (0)
	REFUSED("100644 a.md", 11, "tree: no NUL after the name is refused");
	REFUSED("100644 a.md\0" "0123456789012345678", 12 + 19,
		"tree: an id of 19 bytes is refused (short id)");
	REFUSED("100644 \0" "01234567890123456789", 8 + 20, "tree: an empty name is refused");
	REFUSED("100644", 6, "tree: a mode with no space after it is refused");
	REFUSED("100644a.md\0" "01234567890123456789", 31, "tree: no space between mode and name");
	REFUSED(" a.md\0" "01234567890123456789", 26, "tree: no mode is refused");
#undef REFUSED
	entry(&b, "100644", "a.md", 7);
	entry(&b, "100644", "b.md", 8);
	p = b.ptr;
	at = NULL;
	ok(isms_gitobj_tree_next(&e, &p, b.ptr + b.len - 1) == 1 &&
	   (at = p, isms_gitobj_tree_next(&e, &p, b.ptr + b.len - 1) == -1) && p == at,
		"tree: a last entry cut by one byte is refused after a whole one");
	isms_buf_truncate(&b, 0);
	entry(&b, "100644", "name with spaces.md", 1);
	p = b.ptr;
	ok(isms_gitobj_tree_next(&e, &p, b.ptr + b.len) == 1 &&
	   span_is(e.name, e.len, "name with spaces.md"),
		"tree: a name may hold spaces (only the first ends the mode)");
	isms_buf_release(&b);
}

/* git's order: "a.md" < "a/" (a folder) < "a0", and the file "a" first. */
static void test_tree_order(void)
{
	isms_gitobj_tree_entry file_a = { 0100644, "a", 1, { 0 } };
	isms_gitobj_tree_entry dir_a = { 040000, "a", 1, { 0 } };
	isms_gitobj_tree_entry a_md = { 0100644, "a.md", 4, { 0 } };
	isms_gitobj_tree_entry a0 = { 0100644, "a0", 2, { 0 } };

	ok(isms_gitobj_tree_cmp(&file_a, &a_md) < 0, "order: file a before a.md");
	ok(isms_gitobj_tree_cmp(&a_md, &dir_a) < 0, "order: a.md before folder a (as a/)");
	ok(isms_gitobj_tree_cmp(&dir_a, &a0) < 0, "order: folder a (as a/) before a0");
	ok(isms_gitobj_tree_cmp(&dir_a, &dir_a) == 0, "order: an entry equals itself");
}

/* ---------------------------------------------------------------- tag */

static void test_tag(void)
{
	isms_gitobj_tag t;
	char buf[1024];
	size_t sig_at = (size_t)(strstr(tag_ssh, "-----BEGIN") - tag_ssh);
	const char *head = "object 37e0b6de210af6c0799696c35011c5cc49f74d94\n"
		"type commit\ntag v9\n";

	is_int(isms_gitobj_tag_parse(&t, tag_ssh, LEN(tag_ssh)), 0,
		"tag: an ssh-signed tag parses");
	is_str(t.object, "37e0b6de210af6c0799696c35011c5cc49f74d94", "tag: its object");
	ok(span_is(t.type, t.type_len, "commit") && span_is(t.name, t.name_len, "v2"),
		"tag: its type and its name");
	ok(t.has_tagger && span_is(t.tagger.name, t.tagger.name_len, "Cid Committer") &&
	   span_is(t.tagger.email, t.tagger.email_len, "cid@example.com") &&
	   t.tagger.time == 1700000100 && t.tagger.tz == -330,
		"tag: its tagger, time and zone");
	ok(span_is(t.message, t.message_len, "signed release\n"),
		"tag: the message stops where the signature starts");
	ok(t.payload_len == sig_at && t.sig == tag_ssh + sig_at &&
	   t.sig_len == LEN(tag_ssh) - sig_at,
		"tag: payload before the armor, signature from it to the end "
		"(what ssh-keygen -Y verify accepted)");

	snprintf(buf, sizeof(buf), "%stagger T <t@x> 3 +0000\n\nrelease\n", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 && t.sig_len == 0 &&
	   t.payload_len == strlen(buf) && span_is(t.message, t.message_len, "release\n"),
		"tag: an unsigned tag: no signature, all of it the payload");
	snprintf(buf, sizeof(buf), "%s\nold tag\n", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 && !t.has_tagger &&
	   t.tagger.time == 0 && span_is(t.message, t.message_len, "old tag\n"),
		"tag: an old tag without a tagger line parses, no tagger");
	snprintf(buf, sizeof(buf), "%stagger T <t@x> 3 +0000\n\nquoting one:\n"
		"-----BEGIN PGP SIGNATURE-----\nquoted\n-----END PGP SIGNATURE-----\n"
		"-----BEGIN SSH SIGNATURE-----\nreal\n-----END SSH SIGNATURE-----\n", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 &&
	   !strncmp(t.sig, "-----BEGIN SSH SIGNATURE-----\nreal\n", 35) &&
	   strstr(t.message, "quoted") && t.message + t.message_len == t.sig,
		"tag: the signature starts at the last armor line, as git takes it");
	snprintf(buf, sizeof(buf), "%s\nm\n -----BEGIN PGP SIGNATURE-----\nx\n", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 && t.sig_len == 0,
		"tag: an armor line that does not start the line is no signature");
	snprintf(buf, sizeof(buf), "%s\nm\n-----BEGIN PGP MESSAGE-----\nx\n", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 && t.sig_len == 30,
		"tag: git's other armors (PGP MESSAGE) start a signature too");
	snprintf(buf, sizeof(buf), "%s\nm\n-----BEGIN SSH SIGNATURE-----", head);
	ok(isms_gitobj_tag_parse(&t, buf, strlen(buf)) == 0 && t.sig_len == 29,
		"tag: an armor line without its newline at the end still starts one");

	snprintf(buf, sizeof(buf), "object 37e0b6de210af6c0799696c35011c5cc49f74d94\n"
		"tag v9\ntype commit\n\nm\n");
	is_int(isms_gitobj_tag_parse(&t, buf, strlen(buf)), -1,
		"tag: type after tag is refused (git's order)");
	snprintf(buf, sizeof(buf), "object 37e0b6de210af6c0799696c35011c5cc49f74d94\n"
		"type commit\n\nm\n");
	is_int(isms_gitobj_tag_parse(&t, buf, strlen(buf)), -1,
		"tag: a tag without its tag line is refused");
	snprintf(buf, sizeof(buf), "object 37e0b6de\ntype commit\ntag v9\n\nm\n");
	is_int(isms_gitobj_tag_parse(&t, buf, strlen(buf)), -1,
		"tag: a short object id is refused");
	is_int(isms_gitobj_tag_parse(&t, tag_ssh, 55), -1,
		"tag: a tag cut in its type line is refused");
	is_int(isms_gitobj_tag_parse(&t, tag_ssh, 60), -1,
		"tag: a tag cut before its tag line is refused");
	is_int(isms_gitobj_tag_parse(&t, tag_ssh, 67), 0,
		"tag: a tag cut after its tag line parses");
	is_int(isms_gitobj_tag_parse(&t, NULL, 0), -1, "tag: (NULL, 0) is refused");
}

/* ---------------------------------------------------------------- source */

static char tmp[PATH_MAX];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	fflush(stdout);
	rc = system(cmd);
	if (rc != 0)
		printf("# command failed (%d): %s\n", rc, cmd);
	return rc;
}

static void put_file(const char *rel, const char *data, size_t n)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

/* `ssh-keygen -Y verify` of payload and signature against ann's key. */
static int ssh_verifies(const char *payload, size_t plen, const char *sig,
	size_t slen)
{
	char cmd[PATH_MAX + 256];

	put_file("payload", payload, plen);
	put_file("payload.sig", sig, slen);
	snprintf(cmd, sizeof(cmd), "cd %s && ssh-keygen -Y verify -f allowed "
		"-I ann@example.com -n git -s payload.sig < payload >/dev/null 2>&1", tmp);
	fflush(stdout);
	return system(cmd) == 0;
}

static void test_source(void)
{
	const char *base = getenv("TMPDIR");
	isms_buf payload = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	isms_error err = { 0 };
	isms_source *src = NULL;
	isms_arena *a = isms_arena_new();
	isms_tag *tags = NULL;
	char dir[PATH_MAX + 32], signed_hex[64] = "", plain_hex[64] = "";
	size_t n = 0, i;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s/t-gitobj-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmp)) {
		ok(0, "source: a temporary folder");
		return;
	}
	setenv("HOME", tmp, 1);
	setenv("XDG_CONFIG_HOME", tmp, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", tmp, 1);
	setenv("GIT_AUTHOR_NAME", "Ann Lee", 1);
	setenv("GIT_AUTHOR_EMAIL", "ann@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Ann Lee", 1);
	setenv("GIT_COMMITTER_EMAIL", "ann@example.com", 1);
	unsetenv("GIT_DIR");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	/* A repository with an ssh-signed and an unsigned commit; tags:
	 * signed, unsigned, renamed, lightweight, of a tree, of a tag. */
	if (sh("cd %s && ssh-keygen -q -t ed25519 -N '' -C ann -f key && "
	    "printf 'ann@example.com namespaces=\"git\" %%s\\n' \"$(cat key.pub)\" > allowed && "
	    "git init -q -b main r && cd r && "
	    "git config user.name 'Ann Lee' && git config user.email ann@example.com && "
	    "git config gpg.format ssh && git config user.signingkey %s/key && "
	    "echo a > a.md && git add a.md && git commit -q -m plain && "
	    "echo b > b.md && git add b.md && git commit -q -S -m signed && "
	    "git tag -s -m 'signed release' v2 && git tag -a -m 'plain release' v1 HEAD~1 && "
	    "git tag -s -m 'first name' orig && git update-ref refs/tags/renamed orig && "
	    "git tag -d orig >/dev/null && git tag light && "
	    "git tag -a -m 'of a tree' vtree 'HEAD^{tree}' && "
	    "git -c advice.nestedTag=false tag -a -m 'of a tag' vtag v1 && "
	    "git tag -a -m 'in a folder' release/2024 && "
	    "git rev-parse HEAD > ../signed.hex && git rev-parse HEAD~1 > ../plain.hex",
	    tmp, tmp) != 0) {
		ok(0, "source: a signed repository made with git and ssh-keygen");
		isms_arena_free(a);
		return;
	}
	snprintf(dir, sizeof(dir), "%s/signed.hex", tmp);
	if ((f = fopen(dir, "r"))) {
		if (!fgets(signed_hex, sizeof(signed_hex), f))
			signed_hex[0] = '\0';
		fclose(f);
	}
	snprintf(dir, sizeof(dir), "%s/plain.hex", tmp);
	if ((f = fopen(dir, "r"))) {
		if (!fgets(plain_hex, sizeof(plain_hex), f))
			plain_hex[0] = '\0';
		fclose(f);
	}
	signed_hex[strcspn(signed_hex, "\n")] = '\0';
	plain_hex[strcspn(plain_hex, "\n")] = '\0';
	snprintf(dir, sizeof(dir), "%s/r", tmp);
	if (isms_source_open(&src, dir, ISMS_SRC_REV, "HEAD", &err) < 0) {
		ok(0, "source: opening it (%s)", err.msg);
		isms_arena_free(a);
		return;
	}

	is_int(isms_source_commit_signature(&payload, &sig, src, signed_hex, &err), 0,
		"source: the signature of a signed commit is read");
	ok(sig.len > 0 && ssh_verifies(payload.ptr, payload.len, sig.ptr, sig.len),
		"source: its payload and signature verify with ssh-keygen -Y verify -n git");
	ok(sig.len > 0 && payload.len > 0 && payload.ptr[0] == 't' &&
	   ssh_verifies(payload.ptr, payload.len - 1, sig.ptr, sig.len) == 0,
		"source: a payload one byte short does not verify (the check is real)");
	isms_buf_puts(&sig, "x");
	is_int(isms_source_commit_signature(&payload, &sig, src, plain_hex, &err), 0,
		"source: an unsigned commit is read");
	ok(sig.len == 0 && payload.len > 0 && !strncmp(payload.ptr, "tree ", 5),
		"source: an unsigned commit: sig emptied, payload the whole commit");
	is_int(isms_source_commit_signature(&payload, &sig, src,
		"0000000000000000000000000000000000000000", &err), ISMS_ENOTFOUND,
		"source: a commit the repository lacks is ISMS_ENOTFOUND");
	is_int(isms_source_commit_signature(&payload, &sig, src, "HEAD", &err),
		ISMS_ENOTFOUND, "source: what is not 40 hex digits is ISMS_ENOTFOUND");

	is_int(isms_source_tags(&tags, &n, a, src, &err), 0, "tags: listed");
	is_int(n, 4, "tags: the annotated tags of commits only (not lightweight, "
		"not of a tree, not of a tag)");
	ok(n == 4 && !strcmp(tags[0].name, "release/2024") && !strcmp(tags[1].name, "renamed") &&
	   !strcmp(tags[2].name, "v1") && !strcmp(tags[3].name, "v2"),
		"tags: sorted by name, a tag in a folder named with its folder");
	for (i = 0; i < n; i++) {
		isms_tag *t = &tags[i];

		if (!strcmp(t->name, "v2")) {
			is_str(t->target, signed_hex, "tags: v2 tags the signed commit");
			ok(!strcmp(t->tagger, "Ann Lee") && !strcmp(t->tagger_email, "ann@example.com") &&
			   t->time > 1600000000, "tags: v2's tagger and time");
			ok(t->sig_len > 0 && ssh_verifies(t->payload, t->payload_len, t->sig, t->sig_len),
				"tags: v2's payload and signature verify with ssh-keygen");
			ok(strlen(t->id) == 40 && strcmp(t->id, t->target),
				"tags: the tag's own id, not its commit's");
		} else if (!strcmp(t->name, "v1")) {
			ok(!strcmp(t->target, plain_hex) && t->sig_len == 0 && !strcmp(t->sig, "") &&
			   t->payload_len > 0 && strstr(t->payload, "plain release"),
				"tags: v1 is unsigned: empty signature, the whole tag as payload");
		} else if (!strcmp(t->name, "renamed")) {
			is_str(t->tag_name, "orig",
				"tags: a tag under another ref keeps the name it was made as");
		}
	}
	isms_buf_release(&payload);
	isms_buf_release(&sig);
	isms_source_free(src);
	isms_arena_free(a);
	sh("rm -rf %s", tmp);
}

int main(void)
{
	test_commit_fields();
	test_commit_many_parents();
	test_commit_broken();
	test_commit_truncated();
	test_commit_headers();
	test_ident();
	test_commit_signature();
	test_tree();
	test_tree_order();
	test_tag();
	test_source();
	return done_testing();
}
