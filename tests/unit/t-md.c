/*
 * t-md.c - headings, sections, anchors and links of Markdown bodies.
 */
#include "model.h"
#include "tap.h"

#include <pthread.h>
#include <stdlib.h>

static isms_arena *arena;
static int flags;                  /* ISMS_MD_* of parse_at */

/* Parse `body` (a C string) as if it started at file line `first`. */
static isms_md *parse_at(const char *body, int first)
{
	isms_error err = { 0 };
	isms_md *md = NULL;

	if (isms_md_parse(&md, arena, body, strlen(body), first, flags, &err) != 0) {
		printf("# parse failed: %s\n", err.msg);
		return NULL;
	}
	return md;
}

static isms_md *parse(const char *body)
{
	return parse_at(body, 1);
}

static const char *anchor(const char *text)
{
	static char out[256];
	isms_buf b = ISMS_BUF_INIT;

	isms_md_anchor(&b, text);
	snprintf(out, sizeof(out), "%s", b.ptr ? b.ptr : "");
	isms_buf_release(&b);
	return out;
}

/* ---------------------------------------------------------------- headings */

static void test_levels(void)
{
	isms_md *md = parse(
		"# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n"
		"####### Seven is text\n\n"
		"Setext one\n==========\n\nSetext two\n---\n");

	is_int(md->nheadings, 8, "ATX 1-6 and setext 1-2 are headings, 7 #s are not");
	is_int(md->headings[0].level, 1, "# is level 1");
	is_int(md->headings[5].level, 6, "###### is level 6");
	is_str(md->headings[5].text, "Six", "level 6 text");
	is_int(md->headings[6].level, 1, "=== underline is level 1");
	is_str(md->headings[6].text, "Setext one", "setext text is the text line");
	is_int(md->headings[6].line, 9, "setext heading's line is its text line");
	is_int(md->headings[7].level, 2, "--- underline is level 2");
}

static void test_lines_with_offset(void)
{
	/* A body that starts at file line 9, after front matter. */
	isms_md *md = parse_at("# Title\n\nText.\n\n  ## Indented\n\nSub\n---\n", 9);

	is_int(md->headings[0].line, 9, "first body line is file line 9");
	is_int(md->headings[0].col, 1, "ATX heading at column 1");
	is_int(md->headings[1].line, 13, "body line 5 is file line 13");
	is_int(md->headings[1].col, 3, "indented heading's column is its '#'");
	is_int(md->headings[2].line, 15, "setext heading line offset too");
}

static void test_nested_positions(void)
{
	isms_md *md = parse("> ## Quoted\n\n- ### Listed\n");

	is_int(md->nheadings, 2, "headings inside a quote and a list count");
	is_int(md->headings[0].col, 3, "quoted heading's column follows '> '");
	is_int(md->headings[1].col, 3, "listed heading's column follows '- '");
	is_str(md->headings[1].text, "Listed", "listed heading's text");
}

static void test_text(void)
{
	isms_md *md = parse(
		"# The *emphasised* and **strong** `code` [link](a.md) ![alt](i.png)\n"
		"## A &amp; B \\# not closing ##\n"
		"## <span>inline</span> html\n"
		"Two\nlines\n===\n"
		"#\n");

	is_str(md->headings[0].text, "The emphasised and strong code link ",
		"text joins text, emphasis, code and link text, not image alt");
	is_str(md->headings[1].text, "A & B # not closing",
		"entities and escapes resolved, closing #s dropped");
	is_str(md->headings[2].text, "inline html", "inline HTML tags dropped");
	is_str(md->headings[3].text, "Two lines", "a setext line break reads as a space");
	is_str(md->headings[3].anchor, "twolines",
		"a setext line break vanishes from the anchor, as on GitHub");
	is_str(md->headings[4].text, "", "a lone # is a heading with empty text");
	is_str(md->headings[4].anchor, "", "and an empty anchor");
}

/* ---------------------------------------------------------------- anchors */

static void test_anchor_rules(void)
{
	isms_buf b = ISMS_BUF_INIT;

	is_str(anchor("Management Intent"), "management-intent",
		"anchor: lowercase, spaces become dashes");
	is_str(anchor("5.1 Policies & Scope!"), "51-policies--scope",
		"anchor: punctuation removed, each space kept as a dash");
	is_str(anchor("Héllo Wörld"), "héllo-wörld", "anchor: non-ASCII letters kept");
	is_str(anchor("ÄB ΣΩ Ærø"), "äb-σω-ærø",
		"anchor: Unicode letters are lowercased, as GitHub does");
	is_str(anchor("\xf0\x9f\x91\xa5 Roles and Responsibilities"),
		"-roles-and-responsibilities",
		"anchor: an emoji is dropped, its space kept (GitHub: #-roles-...)");
	is_str(anchor("5.1 Diagrama (C4 \xe2\x80\x94 N\xc3\xadvel 2)"),
		"51-diagrama-c4--n\xc3\xadvel-2",
		"anchor: an em dash is dropped, its spaces kept (GitHub's example)");
	is_str(anchor("\xc2\xabQuoted\xc2\xbb \xe2\x80\x9csmart\xe2\x80\x9d \xe2\x82\xac" "5 \xc2\xa7 1"),
		"quoted-smart-5--1",
		"anchor: non-ASCII punctuation and symbols are dropped");
	is_str(anchor("Caf\xc3\xa9 na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac \xd9\xa3"),
		"caf\xc3\xa9-na\xc3\xafve-\xe6\x97\xa5\xe6\x9c\xac-\xd9\xa3",
		"anchor: letters of any script and decimal digits are kept");
	is_str(anchor("a\xc2\xa0" "b"), "ab",
		"anchor: a no-break space is dropped, not a dash (only ' ' is)");
	is_str(anchor("snake_case and-dash"), "snake_case-and-dash",
		"anchor: '_' and '-' kept");
	is_str(anchor("tab\there"), "tabhere", "anchor: a tab is removed, not a dash");
	is_str(anchor("A.5.1 (Policies)"), "a51-policies", "anchor: dots and parens removed");
	isms_buf_puts(&b, "doc.md#");
	isms_md_anchor(&b, "Scope");
	is_str(b.ptr, "doc.md#scope", "isms_md_anchor appends to the buffer");
	isms_buf_release(&b);
}

static void test_heading_ids(void)
{
	isms_md *md;
	isms_buf html = ISMS_BUF_INIT;
	const char *body = "# Scope {#sc}\n\n## Plain {#}\n\n## Two {#two .x}  \n"
		"\n## `code` {#c}\n";

	flags = ISMS_MD_HEADING_IDS;
	md = parse(body);
	flags = 0;
	is_str(md->headings[0].anchor, "sc", "heading_ids: {#sc} is the anchor");
	is_str(md->headings[0].text, "Scope", "  and leaves the heading's text");
	is_str(md->headings[1].anchor, "plain-", "an empty {#} is no attribute");
	is_str(md->headings[2].anchor, "two", "classes after the id are allowed");
	is_str(md->headings[2].text, "Two", "  and cut too");
	is_str(md->headings[3].anchor, "c", "after inline code too");
	md = parse(body);
	is_str(md->headings[0].anchor, "scope-sc", "without the flag, GitHub's anchor");
	is_str(md->headings[0].text, "Scope {#sc}", "  and the text as written");
	is_int(isms_md_html(&html, body, strlen(body), 0, ISMS_MD_HEADING_IDS,
		NULL, NULL, NULL), 0, "html with heading ids");
	ok(strstr(html.ptr, "<h1><a id=\"sc\" class=\"anchor\" href=\"#sc\" aria-hidden=\"true\"></a>Scope</h1>") != NULL,
		"the page's id is the attribute's, which is not shown");
	isms_buf_release(&html);
}

static void test_duplicate_anchors(void)
{
	isms_md *md = parse("# Intro\n## Intro\n### intro\n# Other\n# INTRO!\n");

	is_str(md->headings[0].anchor, "intro", "first intro keeps its anchor");
	is_str(md->headings[1].anchor, "intro-1", "second gets -1");
	is_str(md->headings[2].anchor, "intro-2", "third (any level, any case) gets -2");
	is_str(md->headings[3].anchor, "other", "other anchors unaffected");
	is_str(md->headings[4].anchor, "intro-3", "punctuation-only difference is a repeat");
}

static void test_many_duplicates(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_md *md;
	int i, bad = 0;

	for (i = 0; i < 1000; i++)
		isms_buf_puts(&b, "## Same\n");
	md = parse(b.ptr);
	isms_buf_release(&b);
	is_int(md->nheadings, 1000, "a thousand headings");
	for (i = 1; i < 1000; i++) {
		char want[32];
		snprintf(want, sizeof(want), "same-%d", i);
		bad += strcmp(md->headings[i].anchor, want) != 0;
	}
	is_int(bad, 0, "a thousand repeats get -1 ... -999");
}

/* ---------------------------------------------------------------- sections */

static void test_end_lines(void)
{
	isms_md *md = parse_at(
		"# Policy\n"            /* 10 */
		"\n"
		"## Scope\n"            /* 12 */
		"Text.\n"
		"### Detail\n"          /* 14 */
		"More.\n"
		"## Roles\n"            /* 16 */
		"Text.\n"
		"\n", 10);

	is_int(md->headings[0].end_line, 18, "h1 section runs to the last body line");
	is_int(md->headings[1].end_line, 15, "h2 ends before the next h2");
	is_int(md->headings[2].end_line, 15, "h3 ends before the next h2");
	is_int(md->headings[3].end_line, 18, "last section includes trailing blank lines");
}

static void test_end_line_without_newline(void)
{
	isms_md *md = parse("# A\n\ntext");

	is_int(md->headings[0].end_line, 3, "a last line without a line end counts");
}

static void test_empty_sections(void)
{
	isms_md *md = parse(
		"# Policy\n"
		"## Management Intent\n"
		"We intend.\n"
		"## Process Definition\n"
		"## Resource Allocation\n"
		"### Budget\n"
		"## Interaction\n"
		"### Inputs\n"
		"From risk.\n"
		"## Improvement\n"
		"<!-- TODO: write this -->\n"
		"## Rule\n"
		"---\n"
		"## Code\n"
		"    indented code\n"
		"## List\n"
		"- item\n"
		"## Table\n"
		"| a | b |\n|---|---|\n| 1 | 2 |\n"
		"## Html\n"
		"<div>shown</div>\n"
		"\n"
		"## Last\n");

	ok(!md->headings[1].empty, "a paragraph fills a section");
	ok(md->headings[2].empty, "a section followed by a same-level heading is empty");
	ok(md->headings[3].empty, "a section holding only an empty subheading is empty");
	ok(md->headings[4].empty, "that empty subheading is empty");
	ok(!md->headings[5].empty, "a section whose subsection has text is not empty");
	ok(!md->headings[6].empty, "that subsection is not empty");
	ok(md->headings[7].empty, "an HTML comment alone leaves a section empty");
	ok(md->headings[8].empty, "a thematic break alone leaves a section empty");
	ok(!md->headings[9].empty, "a code block fills a section");
	ok(!md->headings[10].empty, "a list fills a section");
	ok(!md->headings[11].empty, "a table fills a section");
	ok(!md->headings[12].empty, "an HTML block that shows something fills a section");
	ok(md->headings[13].empty, "a heading at the end of the file is empty");
	ok(!md->headings[0].empty, "the h1 holding it all is not empty");
}

static void test_empty_nested(void)
{
	isms_md *md = parse("## A\n- ### B\n## C\n> text\n");

	ok(md->headings[0].empty, "a list holding only a heading is no content");
	ok(!md->headings[2].empty, "a quoted paragraph is content");
}

/* ---------------------------------------------------------------- not headings */

static void test_code_blocks(void)
{
	isms_md *md = parse(
		"```\n# fenced\n```\n\n"
		"    # indented\n\n"
		"~~~md\n## tilde\n~~~\n\n"
		"<div>\n# in html\n</div>\n\n"
		"# Real\n");

	is_int(md->nheadings, 1, "headings in code and HTML blocks are not headings");
	is_str(md->headings[0].text, "Real", "the real one is found");
	is_int(md->headings[0].line, 15, "at its line");
}

/* ---------------------------------------------------------------- links */

static const isms_link *link_at(const isms_md *md, size_t i)
{
	static const isms_link none = { 0, 0, "(missing)", 0 };

	return i < md->nlinks ? &md->links[i] : &none;
}

static void test_inline_links(void)
{
	isms_md *md = parse_at(
		"Intro\n"
		"See [risk](../processes/risk.md) and [a](a.md \"title\").\n"
		"Angle [b](<b c.md>) and ![logo](img/logo.png).\n", 5);

	is_int(md->nlinks, 4, "four links");
	is_str(link_at(md, 0)->url, "../processes/risk.md", "inline link URL");
	is_int(link_at(md, 0)->line, 6, "inline link line (with offset)");
	is_int(link_at(md, 0)->col, 12, "inline link column is its destination's");
	is_str(link_at(md, 1)->url, "a.md", "title is not part of the URL");
	is_int(link_at(md, 1)->col, 42, "second link on a line gets its own column");
	is_str(link_at(md, 2)->url, "b c.md", "angle-bracket destination");
	is_int(link_at(md, 2)->col, 12, "angle destination column is after '<'");
	ok(!link_at(md, 1)->image, "a link is not an image");
	ok(link_at(md, 3)->image, "an image is flagged");
	is_int(link_at(md, 3)->col, 33, "image destination column");
}

static void test_same_url_twice(void)
{
	isms_md *md = parse("[a](x.md) [b](x.md)\n");

	is_int(link_at(md, 0)->col, 5, "first of two equal links");
	is_int(link_at(md, 1)->col, 15, "second of two equal links has its own column");
}

static void test_reference_links(void)
{
	isms_md *md = parse_at(
		"Use [the policy][pol] and [ref] and [ref][].\n"
		"\n"
		"[pol]: policies/pol.md \"Title\"\n"
		"  [ref]:\n"
		"    <refs/r.md>\n", 3);

	is_int(md->nlinks, 3, "three reference links");
	is_str(link_at(md, 0)->url, "policies/pol.md", "full reference URL");
	is_int(link_at(md, 0)->line, 5, "reference link's position is its definition's");
	is_int(link_at(md, 0)->col, 8, "definition URL column");
	is_str(link_at(md, 1)->url, "refs/r.md", "shortcut reference URL");
	is_int(link_at(md, 1)->line, 7, "destination on the line after its label");
	is_int(link_at(md, 1)->col, 6, "column after '<'");
	is_int(link_at(md, 2)->line, 7, "collapsed reference finds the same definition");
}

static void test_links_in_blocks(void)
{
	isms_md *md = parse(
		"| Doc | Link |\n"
		"|---|---|\n"
		"| one | [x](same.md) |\n"
		"| two | [y](same.md) [z](z.md) |\n"
		"\n"
		"- item [l](list.md)\n"
		"  - nested [n](nested.md)\n"
		"> quoted [q](q.md)\n"
		"## Heading [h](h.md)\n");

	is_int(md->nlinks, 7, "links in tables, lists, quotes and headings");
	is_int(link_at(md, 0)->line, 3, "table link line");
	is_int(link_at(md, 0)->col, 13, "table link column");
	is_int(link_at(md, 1)->line, 4, "same URL in the next row: its own line");
	is_int(link_at(md, 2)->col, 26, "second link in a cell");
	is_int(link_at(md, 3)->col, 12, "list item link column");
	is_int(link_at(md, 4)->col, 16, "nested list link column");
	is_int(link_at(md, 5)->col, 14, "quoted link column");
	is_int(link_at(md, 6)->line, 9, "link in a heading");
	is_int(link_at(md, 6)->col, 16, "link in a heading column");
}

static void test_nested_and_odd_links(void)
{
	isms_md *md = parse(
		"[![badge](b.svg)](https://ci.example)\n"
		"\n"
		"<https://auto.example> <mail@example.com>\n"
		"\n"
		"[esc](a\\_b.md) [multi\nline](m.md) [c](\n  next.md)\n");

	is_int(md->nlinks, 7, "nested image, autolinks, odd links");
	is_str(link_at(md, 0)->url, "https://ci.example", "outer link first (document order)");
	is_int(link_at(md, 0)->col, 19, "outer link's destination after the image's");
	ok(link_at(md, 1)->image, "inner image");
	is_int(link_at(md, 1)->col, 11, "inner image's destination");
	is_int(link_at(md, 2)->col, 2, "autolink column is after '<'");
	is_str(link_at(md, 3)->url, "mailto:mail@example.com", "e-mail autolink URL");
	is_int(link_at(md, 3)->col, 25, "e-mail autolink column");
	is_str(link_at(md, 4)->url, "a_b.md", "escapes resolved in the URL");
	is_int(link_at(md, 4)->col, 7, "escaped destination still found");
	is_int(link_at(md, 5)->line, 6, "multi-line link text: destination's line");
	is_int(link_at(md, 5)->col, 7, "multi-line link text: destination's column");
	is_int(link_at(md, 6)->line, 7, "destination on the next line");
	is_int(link_at(md, 6)->col, 3, "destination on the next line: column");
}

static void test_written_differently(void)
{
	isms_md *md = parse(
		"[e](a&amp;b.md) [c](&copy;.md) [r][esc] [x](x.md) `[k](k.md)` [k](k.md)\n"
		"\n"
		"[esc]: foo\\_bar.md\n");

	is_str(link_at(md, 0)->url, "a&b.md", "entities resolved in the URL");
	is_int(link_at(md, 0)->col, 5, "destination with an entity found");
	is_str(link_at(md, 1)->url, "\xc2\xa9.md", "named entity becomes its character");
	is_int(link_at(md, 1)->col, 21, "destination with a non-ASCII entity found");
	is_str(link_at(md, 2)->url, "foo_bar.md", "escape resolved in a definition");
	is_int(link_at(md, 2)->line, 3, "definition with an escape found: line");
	is_int(link_at(md, 2)->col, 8, "definition with an escape found: column");
	is_int(link_at(md, 3)->col, 45, "a link after them keeps its own column");
	is_int(md->nlinks, 5, "a link in a code span is no link");
	is_int(link_at(md, 4)->col, 67, "nor does its \"](\" take a link's place");
}

static void test_links_after_multiline_destination(void)
{
	/* cmark's own inline positions go wrong after a destination that
	 * spans lines; ours come from the source. */
	isms_md *md = parse("[a](\nb.md) text\nmore [c](c.md)\n");

	is_int(link_at(md, 1)->line, 3, "link after a multi-line destination: line");
	is_int(link_at(md, 1)->col, 10, "link after a multi-line destination: column");
}

static void test_hostile_references(void)
{
	isms_buf b = ISMS_BUF_INIT;
	isms_md *md;
	int i, k;

	/* 9,000 references to ten 3,000-byte definitions: comparing each
	 * with each would take seconds. */
	for (i = 0; i < 9000; i++)
		isms_buf_puts(&b, "[d9] ");
	isms_buf_puts(&b, "\n\n");
	for (i = 0; i < 10; i++) {
		isms_buf_printf(&b, "[d%d]: ", i);
		for (k = 0; k < 3000; k++)
			isms_buf_putc(&b, 'a');
		isms_buf_printf(&b, "%d\n", i);
	}
	md = parse(b.ptr);
	isms_buf_release(&b);
	is_int(md->nlinks, 9000, "thousands of reference links");
	is_int(link_at(md, 0)->line, 12, "the first finds its definition");
	is_int(link_at(md, 8999)->line, 1,
		"past a comparison budget, a reference link keeps its own line");
	is_int(link_at(md, 8999)->col, 8999 * 5 + 1, "and its own column");
}

/* ---------------------------------------------------------------- input */

static void test_crlf(void)
{
	isms_md *md = parse_at("# Title\r\n\r\nText [a](a.md)\r\n# Next\r\n\r\n", 2);

	is_int(md->nheadings, 2, "CRLF: headings found");
	is_str(md->headings[0].text, "Title", "CRLF: no CR in the text");
	is_int(md->headings[1].line, 5, "CRLF: lines count once per CRLF");
	is_int(md->headings[0].end_line, 4, "CRLF: end line");
	is_int(md->headings[1].end_line, 6, "CRLF: last section to the last line");
	is_int(link_at(md, 0)->line, 4, "CRLF: link line");
	is_int(link_at(md, 0)->col, 10, "CRLF: link column");
}

static void test_lone_cr(void)
{
	isms_md *md = parse("a\rb\r# H\r[x](y)");

	is_int(md->headings[0].line, 3, "a lone CR ends a line, as for cmark");
	is_int(link_at(md, 0)->line, 4, "lone CR: link line");
	is_int(link_at(md, 0)->col, 5, "lone CR: link column");
}

static void test_invalid_utf8(void)
{
	isms_md *md = parse("# Bad \xff\xfe text \xc3\n[l](\x80.md)\n");

	ok(md != NULL, "invalid UTF-8 parses");
	is_int(md ? md->nheadings : 0, 1, "invalid UTF-8: heading found");
	is_str(md->headings[0].anchor, "bad-\xff\xfe-text-\xc3",
		"invalid bytes are kept like letters in the anchor");
	is_int(link_at(md, 0)->col, 5, "invalid UTF-8: link column");
}

static void test_nul_byte(void)
{
	static const char body[] = "# A\0B\n[x](y.md)\n";
	isms_md *md = NULL;

	is_int(isms_md_parse(&md, arena, body, sizeof(body) - 1, 1, 0, NULL), 0,
		"a NUL byte in the body parses");
	is_int(md->nheadings, 1, "NUL byte: heading found");
	is_int(link_at(md, 0)->line, 2, "NUL byte: link line");
}

static void test_empty_body(void)
{
	isms_md *md = NULL;

	is_int(isms_md_parse(&md, arena, "", 0, 7, 0, NULL), 0, "empty body parses");
	is_int(md->nheadings + md->nlinks, 0, "empty body has no headings or links");
	is_int(isms_md_parse(&md, arena, NULL, 0, 1, 0, NULL), 0, "NULL body of length 0 parses");
	md = parse("\n\n\n");
	is_int(md->nheadings, 0, "blank lines have no headings");
}

static void test_not_nul_terminated(void)
{
	/* Exactly sized: ASan reports any read past the end. */
	static const char text[] = "# Head\n[a](b.md)";
	size_t len = sizeof(text) - 1;
	char *body = malloc(len);
	isms_md *md = NULL;

	memcpy(body, text, len);
	is_int(isms_md_parse(&md, arena, body, len, 1, 0, NULL), 0,
		"a body without a NUL terminator parses");
	is_str(link_at(md, 0)->url, "b.md", "the link at its very end is read");
	is_int(md->headings[0].end_line, 2, "and its last line counted");
	free(body);
}

static void test_length_respected(void)
{
	isms_md *md = NULL;

	is_int(isms_md_parse(&md, arena, "# A\n# B\n", 4, 1, 0, NULL), 0,
		"a prefix of a string parses");
	is_int(md->nheadings, 1, "only `len` bytes are read");
}

/* ---------------------------------------------------------------- threads */

static const char *thread_body =
	"# Policy\n\n## Intent\n\nText [a](a.md) <https://x.example>.\n\n"
	"## Scope\n\n| a | [b](b.md) |\n|---|---|\n\n[r]: r.md\n[r]\n";

static void *parse_many(void *arg)
{
	isms_arena *a = isms_arena_new();
	int i, *bad = arg;

	for (i = 0; i < 200; i++) {
		isms_md *md = NULL;
		if (isms_md_parse(&md, a, thread_body, strlen(thread_body), 1, 0, NULL) ||
			md->nheadings != 3 || md->nlinks != 4 ||
			strcmp(md->headings[2].anchor, "scope") != 0 ||
			md->links[3].line != 12)
			(*bad)++;
	}
	isms_arena_free(a);
	return NULL;
}

/* Pages render on every core: the extensions' special characters ('~',
 * ':', 'w'), which cmark-gfm keeps process-wide, must hold in each. */
static const char *html_body =
	"# Rules\n\nSee www.example.com and ~~old~~ text, "
	"https://x.example/a too.\n\n| a | b |\n|---|---|\n| ~~c~~ | d |\n\n"
	"- [x] done\n";

static void *render_many(void *arg)
{
	const char *want = ((const char **)arg)[0];
	int i, *bad = (int *)((const char **)arg)[1];

	for (i = 0; i < 300; i++) {
		isms_buf html = ISMS_BUF_INIT;

		if (isms_md_html(&html, html_body, strlen(html_body), 0, 0, NULL,
		    NULL, NULL) || strcmp(html.ptr, want))
			(*bad)++;
		isms_buf_release(&html);
	}
	return NULL;
}

static void test_html_threads(void)
{
	isms_buf want = ISMS_BUF_INIT;
	pthread_t t[4];
	int bad[4] = { 0 }, i, total = 0;
	const char *args[4][2];

	isms_md_html(&want, html_body, strlen(html_body), 0, 0, NULL, NULL, NULL);
	ok(strstr(want.ptr, "<del>old</del>") && strstr(want.ptr,
		"<a href=\"http://www.example.com\">") && strstr(want.ptr,
		"<a href=\"https://x.example/a\">") && strstr(want.ptr, "<table>") &&
		strstr(want.ptr, "checked"), "strikethrough, autolinks, a table, a task");
	for (i = 0; i < 4; i++) {
		args[i][0] = want.ptr;
		args[i][1] = (const char *)&bad[i];
		pthread_create(&t[i], NULL, render_many, args[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += bad[i];
	}
	is_int(total, 0, "four threads rendering at once agree");
	isms_buf_release(&want);
}

static void test_threads(void)
{
	pthread_t t[4];
	int bad[4] = { 0 }, i, total = 0;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, parse_many, &bad[i]);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		total += bad[i];
	}
	is_int(total, 0, "four threads parsing at once, each with its arena, agree");
}

int main(void)
{
	arena = isms_arena_new();
	test_levels();
	test_lines_with_offset();
	test_nested_positions();
	test_text();
	test_anchor_rules();
	test_duplicate_anchors();
	test_heading_ids();
	test_many_duplicates();
	test_end_lines();
	test_end_line_without_newline();
	test_empty_sections();
	test_empty_nested();
	test_code_blocks();
	test_inline_links();
	test_same_url_twice();
	test_reference_links();
	test_links_in_blocks();
	test_nested_and_odd_links();
	test_written_differently();
	test_links_after_multiline_destination();
	test_hostile_references();
	test_crlf();
	test_lone_cr();
	test_invalid_utf8();
	test_nul_byte();
	test_empty_body();
	test_not_nul_terminated();
	test_length_respected();
	test_threads();
	test_html_threads();
	isms_arena_free(arena);
	return done_testing();
}
