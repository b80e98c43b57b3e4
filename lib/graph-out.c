/*
 * graph-out.c - the process-interaction graph (lib/graph.c) written as
 * DOT, SVG, Mermaid or JSON (isms-render graph, the site, the manual), and
 * any DOT text laid out as SVG.
 *
 * The only file that includes Graphviz's headers. Graphviz reports failure
 * as NULL pointers and non-zero ints, and its messages through agerr()
 * (to stderr unless redirected): isms_graph_svg() converts both once, into
 * this library's -1 and isms_error, and nothing reaches the terminal.
 */
#include "model.h"
#include "repo.h"

#include <gvc.h>

#include <dlfcn.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Graphviz's plugin folder and the plugins' version (the Makefile asks
 * pkg-config). */
#ifndef ISMS_GV_PLUGINS
#define ISMS_GV_PLUGINS "/usr/lib/x86_64-linux-gnu/graphviz"
#endif
#ifndef ISMS_GV_PLUGIN_VERSION
#define ISMS_GV_PLUGIN_VERSION "6"
#endif

int isms_graph_format_parse(isms_graph_format *out, const char *name)
{
	static const char *const names[] = { "dot", "svg", "mermaid", "json", NULL };
	int i = isms_name_index(names, name);

	if (i < 0)
		return -1;
	*out = (isms_graph_format)i;
	return 0;
}

/* ---------------------------------------------------------------- text */

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* The character at `p` as it is, or U+FFFD for a byte that starts no
 * well-formed UTF-8 sequence; the place after it. A control character is
 * a space. */
static const unsigned char *put_char(isms_buf *out, const unsigned char *p)
{
	size_t n;

	if (*p < 0x20 || *p == 0x7f) {
		isms_buf_putc(out, ' ');
		return p + 1;
	}
	if ((n = isms_utf8_seq((const char *)p, NULL, NULL))) {
		isms_buf_add(out, p, n);
		return p + n;
	}
	isms_buf_puts(out, replacement);
	return p + 1;
}

/*
 * A DOT double-quoted string (with the quotes). Inside one, Graphviz reads
 * \" as a quote and, in labels and tooltips, \\ as a backslash and \n as a
 * line break; its other escapes (\N, \G, \l ...) are defused by doubling
 * every backslash. With `wrap`, a space after `wrap` characters of a line
 * becomes a line break (long edge labels stretch the layout).
 */
void isms_dot_str(isms_buf *out, const char *s, size_t wrap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;

	isms_buf_putc(out, '"');
	while (*p) {
		if (*p == '"' || *p == '\\') {
			isms_buf_putc(out, '\\');
			isms_buf_putc(out, *p++);
		} else if (*p == '\n' || (wrap && *p == ' ' && col >= wrap)) {
			isms_buf_puts(out, "\\n");
			p++;
			col = 0;
			continue;
		} else {
			p = put_char(out, p);
		}
		col++;
	}
	isms_buf_putc(out, '"');
}

/*
 * Text inside a Mermaid quoted label. Mermaid decodes "#NN;" entity codes
 * after parsing, so every character that means something to its parser or
 * to the HTML it renders (quotes, brackets, pipes, entity starts, tags,
 * backticks for Markdown strings) is written as one.
 */
static void mermaid_text(isms_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (*p >= 0x20 && strchr("\"#&<>[]{}|`;%\\", *p)) {
			isms_buf_printf(out, "#%d;", *p);
			p++;
		} else {
			p = put_char(out, p);
		}
	}
}

/* ---------------------------------------------------------------- DOT */

static const char dot_head[] =
	"digraph isms {\n"
	"\tgraph [rankdir=TB, nodesep=0.35, ranksep=0.7, "
	"fontname=\"Helvetica,Arial,sans-serif\"];\n"
	"\tnode [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
	"color=\"#4a6fa5\", fontname=\"Helvetica,Arial,sans-serif\", "
	"fontsize=11, target=\"_top\"];\n"
	"\tedge [color=\"#555555\", fontname=\"Helvetica,Arial,sans-serif\", "
	"fontsize=9];\n";

static void write_dot(isms_buf *out, const isms_model *m, const isms_graph *g)
{
	isms_buf t = ISMS_BUF_INIT;
	size_t i;

	isms_buf_puts(out, dot_head);
	for (i = 0; i < g->nnodes; i++) {
		const isms_doc *d = g->nodes[i];

		isms_buf_putc(out, '\t');
		isms_dot_str(out, d->id, 0);
		isms_buf_puts(out, " [label=");
		isms_buf_truncate(&t, 0);
		isms_buf_puts(&t, d->title ? d->title : d->id);
		if (d->owner) {
			isms_buf_putc(&t, '\n');
			isms_owner_text(&t, m, d->owner);
		}
		isms_dot_str(out, t.ptr, 0);
		isms_buf_puts(out, ", URL=");
		isms_buf_truncate(&t, 0);
		isms_doc_href(&t, m, d, "");
		isms_dot_str(out, t.ptr, 0);
		isms_buf_puts(out, ", tooltip=");
		isms_buf_truncate(&t, 0);
		isms_buf_printf(&t, "%s: %s", d->id, d->title ? d->title : "");
		if (d->owner) {
			isms_buf_puts(&t, ", owner ");
			isms_owner_text(&t, m, d->owner);
		}
		isms_dot_str(out, t.ptr, 0);
		isms_buf_puts(out, "];\n");
	}
	for (i = 0; i < g->nedges; i++) {
		const isms_graph_edge *e = &g->edges[i];

		isms_buf_putc(out, '\t');
		isms_dot_str(out, g->nodes[e->from]->id, 0);
		isms_buf_puts(out, " -> ");
		isms_dot_str(out, g->nodes[e->to]->id, 0);
		if (*e->what) {
			isms_buf_puts(out, " [label=");
			isms_dot_str(out, e->what, 24);
			isms_buf_puts(out, ", tooltip=");
			isms_buf_truncate(&t, 0);
			isms_buf_printf(&t, "%s -> %s: %s", g->nodes[e->from]->id,
				g->nodes[e->to]->id, e->what);
			isms_dot_str(out, t.ptr, 0);
			isms_buf_puts(out, "]");
		}
		isms_buf_puts(out, ";\n");
	}
	isms_buf_puts(out, "}\n");
	isms_buf_release(&t);
}

/* ---------------------------------------------------------------- SVG */

/* Graphviz's messages, collected instead of printed (its handler is a
 * process-wide function pointer, hence the static buffer). */
static isms_buf gv_messages = ISMS_BUF_INIT;

static int gv_message(char *msg)
{
	isms_buf_puts(&gv_messages, msg);
	return 0;
}

static int gv_fail(isms_error *err, const char *what)
{
	char *nl;

	/* The first line of what Graphviz said, if it said anything. */
	if (gv_messages.len && (nl = strchr(gv_messages.ptr, '\n')))
		*nl = '\0';
	return isms_error_set(err, "", 0, 0, "graphviz: %s%s%s", what,
		gv_messages.len ? ": " : "", gv_messages.len ? gv_messages.ptr : "");
}

/*
 * Lay out the DOT text `dot` with the dot engine and append the SVG to
 * `out`. Graphviz's conventions end here: 0 or -1 with err set.
 */
/* One Graphviz context for the process: a second context after the first
 * is freed reads the text-layout plugin's freed font cache (a use after
 * free that ASan shows when a site lays out graph.html and risks.html).
 * Freed at exit. Graphviz keeps global state (its error handler, the
 * messages gathered here): one layout at a time, whichever thread asks. */
static GVC_t *gvc_once;
static int gvc_measures;        /* it measures text with this machine's fonts */
static pthread_mutex_t gv_lock = PTHREAD_MUTEX_INITIALIZER;

static void gvc_free(void)
{
	gvFreeContext(gvc_once);
}

const char *isms_svg_element(const isms_buf *svg)
{
	return svg->len ? strstr(svg->ptr, "<svg") : NULL;
}

/*
 * The context: only the dot layout and the core renderers (SVG), loaded
 * from Graphviz's plugin folder, without the text-layout plugin. Labels
 * are then measured with Graphviz's own font metrics rather than with the
 * fonts this machine happens to have (a browser draws them with the
 * reader's fonts anyway), so the same DOT text gives the same SVG on every
 * machine, and the SVG can be kept in the cache. It also spares loading
 * Pango, Cairo and fontconfig. Where the plugins are not found, Graphviz's
 * usual context, whose SVG is not cached.
 */
static GVC_t *context(void)
{
	static const char *const libs[][2] = {
		{ "libgvplugin_dot_layout.so." ISMS_GV_PLUGIN_VERSION,
		  "gvplugin_dot_layout_LTX_library" },
		{ "libgvplugin_core.so." ISMS_GV_PLUGIN_VERSION,
		  "gvplugin_core_LTX_library" },
	};
	const char *dir = getenv("GVBINDIR");
	isms_buf file = ISMS_BUF_INIT;
	void *lib[2] = { NULL, NULL };
	GVC_t *gvc;
	size_t i;

	if (!dir || !*dir)
		dir = ISMS_GV_PLUGINS;
	for (i = 0; i < 2; i++) {
		void *h;

		isms_buf_truncate(&file, 0);
		isms_buf_printf(&file, "%s/%s", dir, libs[i][0]);
		if ((h = dlopen(file.ptr, RTLD_NOW | RTLD_LOCAL)))
			lib[i] = dlsym(h, libs[i][1]);
	}
	isms_buf_release(&file);
	if (lib[0] && lib[1] && (gvc = gvContextPlugins(NULL, 0))) {
		for (i = 0; i < 2; i++)
			gvAddLibrary(gvc, lib[i]);
		return gvc;
	}
	gvc_measures = 1;
	return gvContext();
}

/* The cache's key of an SVG: the DOT text's blob id (as git would name
 * it, like every other key of the cache) and Graphviz's version. */
static void svg_key(unsigned char key[ISMS_CACHE_KEY], const char *dot,
	GVC_t *gvc)
{
	const char *v = gvcVersion(gvc);
	char id[41];

	isms_source_hash(id, dot, strlen(dot));
	isms_cache_key_make(key, id, isms_hash64(v ? v : "", v ? strlen(v) : 0, 12));
}

static int graph_svg(isms_buf *out, isms_cache *cache, const char *dot,
	isms_error *err)
{
	agusererrf prev_handler = agseterrf(gv_message);
	agerrlevel_t prev_level = agseterr(AGERR);   /* warnings are not failures */
	GVC_t *gvc = gvc_once;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0;
	unsigned char key[ISMS_CACHE_KEY];
	const char *was;
	size_t was_len;
	int laid_out = 0, rc = -1;

	if (!gvc && (gvc = gvc_once = context()))
		atexit(gvc_free);
	isms_buf_truncate(&gv_messages, 0);
	if (gvc && !gvc_measures) {
		svg_key(key, dot, gvc);
		if (isms_cache_get(cache, ISMS_CACHE_SVG, key, &was, &was_len)) {
			isms_buf_add(out, was, was_len);
			rc = 0;
			goto done;
		}
	}
	if (!gvc) {
		gv_fail(err, "cannot start");
		goto done;
	}
	if (!(g = agmemread(dot))) {
		gv_fail(err, "cannot read the graph");
		goto done;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		gv_fail(err, "the layout failed");
		goto done;
	}
	laid_out = 1;
	if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data) {
		gv_fail(err, "cannot render SVG");
		goto done;
	}
	isms_buf_add(out, data, len);
	if (!gvc_measures)
		isms_cache_put(cache, ISMS_CACHE_SVG, key, data, len);
	rc = 0;
done:
	if (data)
		gvFreeRenderData(data);
	if (laid_out)
		gvFreeLayout(gvc, g);
	if (g)
		agclose(g);
	agseterr(prev_level);
	agseterrf(prev_handler);
	isms_buf_release(&gv_messages);
	return rc;
}

int isms_graph_svg(isms_buf *out, isms_cache *cache, const char *dot,
	isms_error *err)
{
	int rc;

	pthread_mutex_lock(&gv_lock);
	rc = graph_svg(out, cache, dot, err);
	pthread_mutex_unlock(&gv_lock);
	return rc;
}

/* ---------------------------------------------------------------- Mermaid */

static void write_mermaid(isms_buf *out, const isms_model *m,
	const isms_graph *g)
{
	isms_buf t = ISMS_BUF_INIT;
	size_t i;

	/* Node ids are n0, n1, ... in id order: document ids may hold
	 * characters Mermaid reads as syntax, or words it reserves (end). */
	isms_buf_puts(out, "flowchart LR\n");
	for (i = 0; i < g->nnodes; i++) {
		const isms_doc *d = g->nodes[i];

		isms_buf_printf(out, "    n%zu[\"", i);
		mermaid_text(out, d->title ? d->title : d->id);
		if (d->owner) {
			isms_buf_truncate(&t, 0);
			isms_owner_text(&t, m, d->owner);
			isms_buf_puts(out, "<br>");
			mermaid_text(out, t.ptr);
		}
		isms_buf_puts(out, "\"]\n");
	}
	for (i = 0; i < g->nedges; i++) {
		const isms_graph_edge *e = &g->edges[i];

		isms_buf_printf(out, "    n%zu -->", e->from);
		if (*e->what) {
			isms_buf_puts(out, "|\"");
			mermaid_text(out, e->what);
			isms_buf_puts(out, "\"|");
		}
		isms_buf_printf(out, " n%zu\n", e->to);
	}
	isms_buf_release(&t);
}

/* ---------------------------------------------------------------- JSON */


static void write_json(isms_buf *out, const isms_model *m, const isms_graph *g)
{
	size_t i;

	isms_buf_puts(out, "{\"nodes\":[\n");
	for (i = 0; i < g->nnodes; i++) {
		const isms_doc *d = g->nodes[i];
		const isms_role *role = d->owner ?
			isms_config_role(m->cfg, d->owner) : NULL;

		isms_buf_puts(out, "{");
		isms_buf_json_field(out, "id", d->id, 0);
		isms_buf_json_field(out, "title", d->title, 1);
		isms_buf_json_field(out, "owner", d->owner, 1);
		isms_buf_json_field(out, "owner_name", role && role->name && *role->name ?
			role->name : NULL, 1);
		isms_buf_json_field(out, "path", d->path, 1);
		isms_buf_printf(out, "}%s\n", i + 1 < g->nnodes ? "," : "");
	}
	isms_buf_puts(out, "],\"edges\":[\n");
	for (i = 0; i < g->nedges; i++) {
		const isms_graph_edge *e = &g->edges[i];

		isms_buf_puts(out, "{");
		isms_buf_json_field(out, "from", g->nodes[e->from]->id, 0);
		isms_buf_json_field(out, "to", g->nodes[e->to]->id, 1);
		isms_buf_json_field(out, "what", e->what, 1);
		isms_buf_printf(out, "}%s\n", i + 1 < g->nedges ? "," : "");
	}
	isms_buf_puts(out, "]}\n");
}

/* ---------------------------------------------------------------- write */

int isms_graph_write(isms_buf *out, const isms_model *m, isms_graph_format fmt,
	isms_error *err)
{
	isms_graph *g;
	isms_buf dot = ISMS_BUF_INIT;
	int rc = 0;

	isms_graph_build(&g, m);
	switch (fmt) {
	case ISMS_GRAPH_DOT: write_dot(out, m, g); break;
	case ISMS_GRAPH_SVG:
		write_dot(&dot, m, g);
		rc = isms_graph_svg(out, isms_source_cache(m->src), dot.ptr, err);
		break;
	case ISMS_GRAPH_MERMAID: write_mermaid(out, m, g); break;
	case ISMS_GRAPH_JSON: write_json(out, m, g); break;
	}
	isms_buf_release(&dot);
	isms_graph_free(g);
	return rc;
}
