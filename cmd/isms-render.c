/*
 * isms-render - publish the ISMS: a document's version history with its
 * approval records, the Statement of Applicability, and the
 * process-interaction graph.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: isms-render history [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [--format text|json] [-o FILE] (PATH | --all)\n"
	"       isms-render soa [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [--format csv|md|json|html] [-o FILE]\n"
	"       isms-render graph [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [--format dot|svg|mermaid|json] [-o FILE]\n"
	"       isms-render site [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [-o DIR] [--unsafe] [-q]\n"
	"       isms-render manual [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [-o FILE] [--unsafe] [-q] [--paper a4|letter]\n"
	"                   [--pdf FILE]\n"
	"       isms-render diff [-C DIR] [--config FILE] [--format md|html|json]\n"
	"                   [-o FILE] REV1 REV2\n"
	"       isms-render audit [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [--format md|json|html] [-o FILE] [--sample N [--seed S]]\n"
	"\n"
	"  history PATH      every change of the document on the approval branch:\n"
	"                    commit, date, author, approvers and their roles, how\n"
	"                    it was approved, pull request, tickets, subject and\n"
	"                    the document's version at that change\n"
	"  --all             the history of every document (JSON: an array)\n"
	"  soa               the Statement of Applicability: all 93 Annex A\n"
	"                    controls with their decision, justification, status\n"
	"                    and implementing documents (default format: csv)\n"
	"  graph             the process-interaction graph: processes and their\n"
	"                    inputs and outputs (default format: dot)\n"
	"  manual            the whole ISMS as one printable HTML page (contents,\n"
	"                    heat map, SoA, process graph, a page per document,\n"
	"                    running headers and page numbers)\n"
	"  --paper SIZE      manual: print on a4 (default) or letter\n"
	"  --pdf FILE        manual: print it to FILE with a headless Chromium\n"
	"                    (chromium, chromium-browser, google-chrome on PATH,\n"
	"                    or $ISMS_CHROMIUM); -o FILE then writes the HTML too\n"
	"  site              a static web site in DIR (-o, default: site), made\n"
	"                    anew and swapped in when complete: index, a page per\n"
	"                    document with its approvals, lint findings\n"
	"  --unsafe          site: pass raw HTML in documents through\n"
	"  diff REV1 REV2    what changed from REV1 to REV2: documents added,\n"
	"                    removed and changed (versions, approved changes, a\n"
	"                    line diff of the body), SoA decisions, process\n"
	"                    interactions (default format: md)\n"
	"  audit             the auditor's verdict: each checklist item met, a gap\n"
	"                    or not answerable from the repository, with its\n"
	"                    evidence and owner role, each gap graded major,\n"
	"                    minor or observation (default format: md)\n"
	"  --sample N        audit: also draw N policies, processes and procedures\n"
	"                    for the document-control sample, with their histories\n"
	"  --seed S          the sample's seed (0 to 2^64-1, default 0): the same\n"
	"                    seed draws the same documents on every machine\n"
	"  -C DIR            run as if started in DIR\n"
	"  --config FILE     use FILE instead of the ISMS root's isms.yml\n"
	"  --rev REV         the ISMS (history: the history) at commit REV\n"
	"  --at DATE         the approval branch as it stood at the end of DATE\n"
	"  --now DATE        judge dates as of DATE (default: the rendered\n"
	"                    commit's day, or SOURCE_DATE_EPOCH's)\n"
	"  --format FMT      the output format (history: text or json)\n"
	"  -o FILE           write to FILE instead of standard output\n"
	"  --no-cache        neither read nor write the cache in the git directory\n"
	"  -q                site, manual: no closing line saying what was\n"
	"                    written where\n"
	"  --help            print this usage\n"
	"  --version         print the version\n"
	"Options may stand before or after the command, as in git:\n"
	"isms-render -C DIR --now DATE soa is isms-render soa -C DIR --now DATE.\n"
	"\n"
	"Exit status: 0 written, 2 usage, configuration, I/O or repository trouble.\n";

enum { O_CONFIG = 256, O_REV, O_AT, O_FORMAT, O_ALL, O_HELP, O_VERSION, O_NOW,
	O_UNSAFE, O_SAMPLE, O_SEED, O_PAPER, O_PDF, O_NO_CACHE };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "rev", required_argument, NULL, O_REV },
	{ "at", required_argument, NULL, O_AT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "all", no_argument, NULL, O_ALL },
	{ "unsafe", no_argument, NULL, O_UNSAFE },
	{ "sample", required_argument, NULL, O_SAMPLE },
	{ "seed", required_argument, NULL, O_SEED },
	{ "paper", required_argument, NULL, O_PAPER },
	{ "pdf", required_argument, NULL, O_PDF },
	{ "no-cache", no_argument, NULL, O_NO_CACHE },
	CLI_COMMON_OPTIONS,
};

/* Write `out` to FILE (atomically: a reader sees the old file or the new
 * one) or to standard output. */
static int emit(const isms_buf *out, const char *file)
{
	isms_error err = { 0 };

	if (file)
		return isms_fs_write_atomic(file, out->ptr, out->len,
			0644, &err) < 0 ? cli_trouble("isms-render", &err) : 0;
	if ((out->len && fwrite(out->ptr, 1, out->len, stdout) != out->len) ||
	    fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "isms-render: cannot write the output\n");
		return 2;
	}
	return 0;
}

/* What the command line asked for. */
struct run {
	isms_lint_opts opts;
	const char *file;        /* -o, or NULL */
	const char *format;      /* --format, or NULL */
	int fmt;                 /* the format, parsed by the command */
	int all, unsafe;
	size_t sample;           /* --sample, or 0 */
	unsigned long long seed; /* --seed */
	int seeded;
	int quiet;               /* -q: no summary line (site, manual) */
	isms_paper paper;        /* --paper */
	int papered;
	const char *pdf;         /* --pdf, or NULL */
	char **args;             /* the operands after the command */
	int nargs;
	isms_buf out, notes;
	isms_published done;     /* site, manual: what was written */
	isms_error err;
};

/* Print what a run has for the user besides the output. */
static void notes(const isms_buf *lines)
{
	const char *p, *eol;

	for (p = lines->ptr; (eol = strchr(p, '\n')); p = eol + 1)
		fprintf(stderr, "isms-render: %.*s\n", (int)(eol - p), p);
}

static int history(struct run *r)
{
	return isms_render_history(&r->out, &r->notes, &r->opts,
		r->all ? NULL : r->args[0], r->fmt, &r->err);
}

static int soa(struct run *r)
{
	return isms_render_soa(&r->out, &r->notes, &r->opts,
		(isms_soa_format)r->fmt, &r->err);
}

static int graph(struct run *r)
{
	return isms_render_graph(&r->out, &r->notes, &r->opts,
		(isms_graph_format)r->fmt, &r->err);
}

static int diff(struct run *r)
{
	return isms_render_diff(&r->out, &r->notes, &r->opts, r->args[0],
		r->args[1], (isms_diff_format)r->fmt, &r->err);
}

/* The site and the manual lint what they publish: findings do not fail
 * the render, they are published in it. */
static int published(struct run *r, int site)
{
	return isms_render_published(&r->done, site ? NULL : &r->out, &r->notes,
		r->file ? r->file : "site", &r->opts, r->unsafe, &r->err);
}

static int audit(struct run *r)
{
	return isms_render_audit(&r->out, &r->notes, &r->opts,
		(isms_audit_format)r->fmt, r->sample, r->seed, &r->err);
}

/* The line that closes a site's or manual's run: what was written where. */
static void summary(const struct run *r, int site)
{
	const char *where = r->file ? r->file : site ? "site" : NULL;
	size_t n = strlen(where ? where : ""), docs = r->done.documents;

	if (site)
		fprintf(stderr, "isms-render: wrote %zu page%s to %s%s (%zu "
			"document%s)\n", r->done.pages, r->done.pages == 1 ? "" : "s",
			where, n && where[n - 1] == '/' ? "" : "/", docs,
			docs == 1 ? "" : "s");
	else if (r->pdf)
		fprintf(stderr, "isms-render: printed the manual (%zu document%s) "
			"to %s%s%s\n", docs, docs == 1 ? "" : "s", r->pdf,
			where ? ", its HTML to " : "", where ? where : "");
	else
		fprintf(stderr, "isms-render: wrote the manual (%zu document%s, "
			"%zu KB) to %s\n", docs, docs == 1 ? "" : "s",
			(r->out.len + 1023) / 1024, where ? where : "standard output");
}

static int site(struct run *r) { return published(r, 1); }

/* The manual; with --pdf printed to FILE by the browser found first (so
 * that a missing one fails before the render), and its HTML written only
 * where -o says. */
static int manual(struct run *r)
{
	isms_manual_opts mo = ISMS_MANUAL_OPTS_INIT;
	isms_pdf_opts po = ISMS_PDF_OPTS_INIT;
	isms_buf browser = ISMS_BUF_INIT;
	const char *t = getenv("ISMS_PDF_TIMEOUT");
	int rc;

	mo.paper = r->paper;
	mo.unsafe = r->unsafe;
	if (!r->pdf)
		return isms_render_manual(&r->done, &r->out, &r->notes,
			&r->opts, &mo, &r->err);
	po.browser = getenv("ISMS_CHROMIUM");
	po.timeout = t ? (unsigned)strtoul(t, NULL, 10) : 0;
	rc = isms_pdf_browser(&browser, &po, &r->err);
	if (rc == 0)
		rc = isms_render_manual(&r->done, &r->out, &r->notes,
			&r->opts, &mo, &r->err);
	if (rc == 0)
		rc = isms_pdf_print(r->pdf, &r->out, browser.ptr, &po, &r->err);
	if (rc == 0 && !r->file)
		isms_buf_truncate(&r->out, 0);
	isms_buf_release(&browser);
	return rc;
}

static int history_format(int *fmt, const char *name)
{
	*fmt = !strcmp(name, "json");
	return *fmt || !strcmp(name, "text") ? 0 : -1;
}

static int soa_format(int *fmt, const char *name)
{
	isms_soa_format f;
	int rc = isms_soa_format_parse(&f, name);

	*fmt = (int)f;
	return rc;
}

static int graph_format(int *fmt, const char *name)
{
	isms_graph_format f;
	int rc = isms_graph_format_parse(&f, name);

	*fmt = (int)f;
	return rc;
}

static int diff_format(int *fmt, const char *name)
{
	isms_diff_format f;
	int rc = isms_diff_format_parse(&f, name);

	*fmt = (int)f;
	return rc;
}

static int audit_format(int *fmt, const char *name)
{
	isms_audit_format f;
	int rc = isms_audit_format_parse(&f, name);

	*fmt = (int)f;
	return rc;
}

enum { ARGS_PATH = 1, ARGS_REVS = 2, TAKES_UNSAFE = 4, TAKES_ALL = 8,
	WRITES_DIR = 16, TAKES_SAMPLE = 32, PUBLISHES = 64, TAKES_PAPER = 128 };

/* The commands: what each takes, its formats, and what it runs. */
static const struct command {
	const char *name;
	int (*run)(struct run *);
	int (*format)(int *fmt, const char *name);   /* NULL: no --format */
	const char *formats;     /* their names, for a wrong one */
	int flags;
} commands[] = {
	{ "history", history, history_format, "text and json",
		ARGS_PATH | TAKES_ALL },
	{ "soa", soa, soa_format, "csv, md, json and html", 0 },
	{ "graph", graph, graph_format, "dot, svg, mermaid and json", 0 },
	{ "site", site, NULL, NULL, TAKES_UNSAFE | WRITES_DIR | PUBLISHES },
	{ "manual", manual, NULL, NULL, TAKES_UNSAFE | PUBLISHES | TAKES_PAPER },
	{ "diff", diff, diff_format, "md, html and json", ARGS_REVS },
	{ "audit", audit, audit_format, "md, json and html", TAKES_SAMPLE },
};

/* Whether the operands and options fit command `c`. */
static int usable(const struct command *c, const struct run *r)
{
	const isms_lint_opts *o = &r->opts;

	if (o->rev && o->at >= 0)
		return 0;
	if ((r->all && !(c->flags & TAKES_ALL)) ||
	    (r->unsafe && !(c->flags & TAKES_UNSAFE)) ||
	    (r->quiet && !(c->flags & PUBLISHES)) ||
	    (r->format && !c->format) ||
	    ((r->sample || r->seeded) && !(c->flags & TAKES_SAMPLE)) ||
	    ((r->papered || r->pdf) && !(c->flags & TAKES_PAPER)) ||
	    (r->seeded && !r->sample))
		return 0;
	if (c->flags & ARGS_PATH)
		return r->all ? r->nargs == 0 : r->nargs == 1;
	if (c->flags & ARGS_REVS)
		return r->nargs == 2 && !o->rev && o->at < 0;
	return r->nargs == 0;
}

/* optarg as a decimal number from min to max into *out, or -1 with a
 * message. */
static int number(unsigned long long *out, const char *what,
	unsigned long long min, unsigned long long max)
{
	char *end;

	errno = 0;
	*out = strtoull(optarg, &end, 10);
	if (!*optarg || *end || errno || *optarg == '-' || *out < min ||
	    *out > max) {
		fprintf(stderr, "isms-render: --%s needs a number from %llu to "
			"%llu, not '%s'\n", what, min, max, optarg);
		return -1;
	}
	return 0;
}

/* --paper's SIZE into `r`, or -1 with a message that names the nearest
 * size, or the sizes there are. */
static int paper(struct run *r)
{
	const char *best;

	r->papered = 1;
	if (isms_paper_parse(&r->paper, optarg) == 0)
		return 0;
	if ((best = isms_suggest_list(optarg, isms_paper_names)))
		cli_unknown("isms-render", "paper size", optarg, best);
	else
		fprintf(stderr, "isms-render: unknown paper size '%s' (a4 or "
			"letter)\n", optarg);
	return -1;
}

/* One option into the run `ctx` (cli_take_fn): 0 taken, 1 done (--help,
 * --version), -1 bad. */
static int option(void *ctx, int c)
{
	struct run *r = ctx;
	unsigned long long n;

	switch (c) {
	case 'C': r->opts.dir = optarg; return 0;
	case 'o': r->file = optarg; return 0;
	case O_CONFIG: r->opts.config = optarg; return 0;
	case O_REV: r->opts.rev = optarg; r->opts.source = ISMS_SRC_REV; return 0;
	case O_AT: return cli_date(&r->opts.at, "isms-render", "at", optarg);
	case O_NOW: return cli_date(&r->opts.now, "isms-render", "now", optarg);
	case O_NO_CACHE: r->opts.no_cache = 1; return 0;
	case O_FORMAT: r->format = optarg; return 0;
	case O_ALL: r->all = 1; return 0;
	case O_UNSAFE: r->unsafe = 1; return 0;
	case 'q': r->quiet = 1; return 0;
	case O_SAMPLE: return number(&n, "sample", 1, SIZE_MAX / 16) < 0 ? -1 :
		(r->sample = (size_t)n, 0);
	case O_SEED: r->seeded = 1;
		return number(&r->seed, "seed", 0, ULLONG_MAX);
	case O_PAPER: return paper(r);
	case O_PDF: r->pdf = optarg; return 0;
	default: return cli_other(c, O_HELP, O_VERSION, "isms-render", usage);
	}
}

int main(int argc, char **argv)
{
	static struct run r = { .opts = ISMS_LINT_OPTS_INIT, .out = ISMS_BUF_INIT,
		.notes = ISMS_BUF_INIT };
	const struct command *c = NULL;
	size_t i;
	int rc;

	r.opts.commit_day = 1;   /* the same state renders the same bytes */
	if ((rc = cli_options(&r.nargs, argc, argv, "C:o:qh", longopts, option,
	    &r)) != 0)
		return rc < 0 ? 2 : 0;
	for (i = 0; r.nargs && i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			c = &commands[i];
	if (!c && r.nargs) {
		isms_suggest s;

		isms_suggest_init(&s, argv[1]);
		for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
			isms_suggest_add(&s, commands[i].name);
		return cli_unknown("isms-render", "command", argv[1], s.best);
	}
	if (!c) {
		fputs(usage, stderr);
		return 2;
	}
	r.args = argv + 2;       /* the operands after the command */
	r.nargs--;
	/* Without --format, fmt 0: each command's first format. */
	if (c->format && r.format && c->format(&r.fmt, r.format) < 0) {
		fprintf(stderr, "isms-render: %s formats are %s\n", c->name,
			c->formats);
		return 2;
	}
	if (r.seeded && !r.sample) {
		fprintf(stderr, "isms-render: --seed needs --sample\n");
		return 2;
	}
	if (!usable(c, &r)) {
		fputs(usage, stderr);
		return 2;
	}
	rc = c->run(&r);
	notes(&r.notes);
	if (rc < 0)
		rc = cli_trouble("isms-render", &r.err);
	else if (!(c->flags & WRITES_DIR))
		rc = emit(&r.out, r.file);
	if (rc == 0 && (c->flags & PUBLISHES) && !r.quiet)
		summary(&r, c->flags & WRITES_DIR);
	isms_buf_release(&r.out);
	isms_buf_release(&r.notes);
	return rc;
}
