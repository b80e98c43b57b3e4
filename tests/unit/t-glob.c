/*
 * t-glob.c - lib/glob.c: segments, **, classes, base-name and anchored
 * patterns, and no exponential blowup.
 */
#include "model.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define yes(pat, path, name) is_int(isms_glob_match(pat, path), 1, name)
#define no(pat, path, name)  is_int(isms_glob_match(pat, path), 0, name)

static void test_segments(void)
{
	yes("policies/*.md", "policies/access.md", "* matches within a segment");
	no("policies/*.md", "policies/sub/access.md", "* does not cross '/'");
	no("policies/*.md", "x/policies/access.md",
		"a pattern with '/' is anchored at the root");
	yes("policies/*", "policies/.hidden", "* matches a leading dot");
	yes("policies/a*b*c.md", "policies/axxbyyc.md", "several stars in one segment");
	no("policies/a*b*c.md", "policies/axxbyy.md", "several stars need every literal");
	yes("p/?.md", "p/a.md", "? matches one character");
	no("p/?.md", "p/ab.md", "? matches exactly one character");
	no("p/?", "p//", "? does not match '/'");
	yes("p/?.md", "p/\u00e9.md", "? matches one multibyte UTF-8 character");
	yes("p/\\*.md", "p/*.md", "backslash escapes a star");
	no("p/\\*.md", "p/a.md", "an escaped star is literal");
	yes("a/b", "a/b", "a literal path matches itself");
	no("a/b", "a/bc", "a literal path does not match a longer name");
	no("a/b", "a", "a literal path does not match a prefix");
	no("", "a", "an empty pattern matches nothing");
	no("a*", "", "an empty path matches no name pattern");
}

static void test_double_star(void)
{
	yes("**/*.md", "a.md", "**/ matches zero segments");
	yes("**/*.md", "x/y/a.md", "**/ matches several segments");
	no("**/*.md", "x/y/a.txt", "**/*.md still needs the extension");
	yes("policies/**", "policies/a.md", "dir/** matches a file below");
	yes("policies/**", "policies/x/y/z.md", "dir/** matches deep below");
	no("policies/**", "policies", "dir/** does not match dir itself");
	no("policies/**", "processes/a.md", "dir/** does not match a sibling");
	yes("a/**/b.md", "a/b.md", "a/**/b matches with no middle segment");
	yes("a/**/b.md", "a/x/y/b.md", "a/**/b matches with middle segments");
	no("a/**/b.md", "a/x/y/c.md", "a/**/b needs the last segment");
	yes("**", "any/path/at/all.md", "** alone matches everything");
	yes("a**b", "axyb", "** inside a segment is a plain star");
	no("a**b", "ax/yb", "** inside a segment does not cross '/'");
	yes("**/records/**", "isms/records/audits/2026.md",
		"**/dir/** finds the folder at any depth");
	yes("**/**/x.md", "x.md", "consecutive ** both match nothing");
}

static void test_classes(void)
{
	yes("[abc].md", "b.md", "class with listed characters");
	no("[abc].md", "d.md", "class rejects unlisted characters");
	yes("[a-z]x", "qx", "range class matches inside the range");
	no("[a-z]x", "Qx", "range class is case-sensitive");
	yes("[!x].md", "y.md", "[!x] matches other characters");
	no("[!x].md", "x.md", "[!x] rejects x");
	yes("[^x].md", "y.md", "[^x] is accepted as negation too");
	yes("[]]", "]", "']' first in a class is literal");
	yes("[a-]", "-", "'-' last in a class is literal");
	yes("[\u00e0-\u00ff]", "\u00e9", "range class compares UTF-8 characters");
	no("d/[!a]", "d//", "negated class does not match '/'");
	yes("[ab", "[ab", "unterminated class is a literal '['");
	yes("POL-[0-9][0-9][0-9].md", "policies/POL-042.md",
		"classes in a base-name pattern");
}

static void test_basename_and_anchor(void)
{
	yes("README.md", "README.md", "base-name pattern matches at the top");
	yes("README.md", "x/README.md", "base-name pattern matches at depth");
	no("README.md", "README.md.bak", "base-name pattern matches whole names");
	no("README.md", "README.md/x.md", "base-name pattern tests the last segment");
	yes("*.md", "a/b/c.md", "*.md matches .md files at any depth");
	yes("/README.md", "README.md", "leading '/' matches at the top");
	no("/README.md", "x/README.md", "leading '/' anchors to the root");
	yes("/policies/*.md", "policies/a.md", "leading '/' before a path");
	no("/", "a", "'/' alone matches nothing");
	yes("drafts/", "drafts/a.md", "trailing '/' matches below the folder");
	yes("drafts/", "x/drafts/y/a.md", "trailing '/' folder at any depth");
	no("drafts/", "drafts", "trailing '/' does not match a file");
	no("drafts/", "x/drafts.md", "trailing '/' needs the exact folder name");
	yes("x/drafts/", "x/drafts/a.md", "trailing '/' with a path is anchored");
	no("x/drafts/", "y/x/drafts/a.md", "anchored folder is not found at depth");
}

static void test_no_blowup(void)
{
	char path[4096], seg[8];
	size_t n = 0;
	int i;
	clock_t t0 = clock();
	double secs;

	for (i = 0; i < 500; i++) {
		snprintf(seg, sizeof(seg), "d%d/", i % 10);
		memcpy(path + n, seg, strlen(seg));
		n += strlen(seg);
	}
	memcpy(path + n, "b.md", 5);
	no("**/**/**/**/**/**/**/**/**/**/a", path,
		"many ** against a long path: no match");
	yes("**/**/**/**/**/**/**/**/**/**/b.md", path,
		"many ** against a long path: match");
	no("**/d1/**/d2/**/d3/**/d4/**/d5/**/x.md", path,
		"interleaved ** and literals: no match");
	no("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"many stars in one segment: no match");
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ok(secs < 1.0, "pathological patterns finish quickly (%.3f s)", secs);
}

int main(void)
{
	test_segments();
	test_double_star();
	test_classes();
	test_basename_and_anchor();
	test_no_blowup();
	return done_testing();
}
