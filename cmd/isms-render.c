/*
 * isms-render - publish the ISMS: a document's version history with its
 * approval records, the Statement of Applicability, and the
 * process-interaction graph.
 */
#include "cli.h"

#include <getopt.h>
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
	"                   [-o DIR] [--unsafe]\n"
	"       isms-render manual [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [-o FILE] [--unsafe]\n"
	"       isms-render diff [-C DIR] [--config FILE] [--format md|html|json]\n"
	"                   [-o FILE] REV1 REV2\n"
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
	"                    a page per document, running headers): print it to\n"
	"                    PDF from a browser\n"
	"  site              a static web site in DIR (-o, default: site), made\n"
	"                    anew and swapped in when complete: index, a page per\n"
	"                    document with its approvals, lint findings\n"
	"  --unsafe          site: pass raw HTML in documents through\n"
	"  diff REV1 REV2    what changed from REV1 to REV2: documents added,\n"
	"                    removed and changed (versions, approved changes, a\n"
	"                    line diff of the body), SoA decisions, process\n"
	"                    interactions (default format: md)\n"
	"  -C DIR            run as if started in DIR\n"
	"  --config FILE     use FILE instead of the ISMS root's isms.yml\n"
	"  --rev REV         the ISMS (history: the history) at commit REV\n"
	"  --at DATE         the approval branch as it stood at the end of DATE\n"
	"  --format FMT      the output format (history: text or json)\n"
	"  -o FILE           write to FILE instead of standard output\n"
	"\n"
	"Exit status: 0 written, 2 usage, configuration, I/O or repository trouble.\n";

enum { O_CONFIG = 256, O_REV, O_AT, O_FORMAT, O_ALL, O_HELP, O_VERSION, O_NOW,
	O_UNSAFE };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "rev", required_argument, NULL, O_REV },
	{ "at", required_argument, NULL, O_AT },
	{ "now", required_argument, NULL, O_NOW },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "all", no_argument, NULL, O_ALL },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ "unsafe", no_argument, NULL, O_UNSAFE },
	{ NULL, 0, NULL, 0 },
};

static int fail(const isms_error *err)
{
	return cli_trouble("isms-render", err);
}

/* Write `out` to FILE (atomically: a temporary file renamed over it) or
 * to standard output. */
static int emit(const isms_buf *out, const char *file)
{
	isms_buf tmp = ISMS_BUF_INIT;
	FILE *f = stdout;
	int rc = 0;

	if (file) {
		isms_buf_printf(&tmp, "%s.tmp", file);
		if (!(f = fopen(tmp.ptr, "wb"))) {
			perror(file);
			isms_buf_release(&tmp);
			return 2;
		}
	}
	if ((out->len && fwrite(out->ptr, 1, out->len, f) != out->len) ||
	    fflush(f) != 0 || ferror(f))
		rc = 2;
	if (file) {
		if (fclose(f) != 0 || rc || rename(tmp.ptr, file) != 0) {
			remove(tmp.ptr);
			rc = 2;
		}
		isms_buf_release(&tmp);
	}
	if (rc)
		fprintf(stderr, "isms-render: cannot write %s\n", file ? file : "the output");
	return rc;
}

/* What a run has for the user besides the output: its notes (a shallow
 * clone), and a word when the ISMS holds no document at all, so that an
 * empty render is not taken for a broken one. */
static void notes(const isms_buf *lines, size_t documents)
{
	if (lines->len)
		fprintf(stderr, "isms-render: %s", lines->ptr);
	if (!documents)
		fprintf(stderr, "isms-render: 0 documents in scope (isms.yml's "
			"include and exclude)\n");
}

/* Read the ISMS (no rules: only what the render shows); what the model
 * has for the user goes to stderr. */
static int load(isms_model **m, const isms_lint_opts *opts, isms_error *err)
{
	isms_buf lines = ISMS_BUF_INIT;

	if (isms_model_load(m, opts, err) < 0)
		return -1;
	isms_model_notes(&lines, *m);
	notes(&lines, (*m)->ndocs);
	isms_buf_release(&lines);
	return 0;
}

/* diff: the ISMS at REV1 and at REV2, compared. */
static int diff(isms_buf *out, const isms_lint_opts *opts, const char *rev1,
	const char *rev2, isms_diff_format fmt, isms_error *err)
{
	isms_model *m1 = NULL, *m2 = NULL;
	isms_lint_opts o = *opts;
	int rc = -1;

	o.source = ISMS_SRC_REV;
	o.rev = rev1;
	if (load(&m1, &o, err) < 0)
		return -1;
	o.rev = rev2;
	if (load(&m2, &o, err) == 0)
		rc = isms_diff_write(out, m1, m2, rev1, rev2, fmt, err);
	isms_model_free(m1);
	isms_model_free(m2);
	return rc;
}

static int history(isms_buf *out, const isms_lint_opts *opts, const char *arg,
	int all, int json, isms_error *err)
{
	isms_model *m = NULL;
	char *path = NULL;
	int rc = -1;

	if (load(&m, opts, err) < 0)
		goto done;
	if (all) {
		isms_history_write_all(out, m, json);
		rc = 0;
		goto done;
	}
	if (isms_source_path(&path, m->src, opts->dir, arg, err) < 0)
		goto done;
	/* A document's, or a governed file's (isms.yml, soa.yml, keys). */
	if (!isms_history_doc(m->history, path)) {
		isms_error_set(err, path, 0, 0, "not a document or governed file "
			"of the ISMS");
		goto done;
	}
	isms_history_write(out, m, isms_history_doc(m->history, path), json);
	isms_buf_puts(out, json ? "\n" : "");
	rc = 0;
done:
	free(path);
	isms_model_free(m);
	return rc;
}

/*
 * A soa.yml that does not parse would show every control as undecided: that
 * is trouble to report, not a Statement of Applicability to publish.
 */
static int soa_readable(const isms_model *m, isms_error *err)
{
	const isms_problem *p = m->soa_problems;

	if (m->soa_missing) {
		fprintf(stderr, "isms-render: warning: %s does not exist: all "
			"controls are undecided\n", m->soa_path);
		return 0;
	}
	if (m->soa)
		return 0;
	if (p)
		return isms_error_set(err, m->soa_path, p->line, p->line ? p->col : 0,
			"%s", p->msg);
	fprintf(stderr, "isms-render: warning: %s is empty: all controls are "
		"undecided\n", m->soa_path);
	return 0;
}

static int soa(isms_buf *out, const isms_lint_opts *opts, isms_soa_format fmt,
	isms_error *err)
{
	isms_model *m = NULL;
	int rc = -1;

	if (load(&m, opts, err) < 0 || soa_readable(m, err) < 0)
		goto done;
	isms_soa_write(out, m, fmt);
	rc = 0;
done:
	isms_model_free(m);
	return rc;
}

static int graph(isms_buf *out, const isms_lint_opts *opts,
	isms_graph_format fmt, isms_error *err)
{
	isms_model *m = NULL;
	int rc = -1;

	if (load(&m, opts, err) < 0)
		goto done;
	rc = isms_graph_write(out, m, fmt, err);
done:
	isms_model_free(m);
	return rc;
}

/* site: lint and write the site; findings do not fail the render, they
 * are published in it. */
static int site(const isms_lint_opts *opts, const char *dir, int unsafe)
{
	isms_report report;
	isms_error err = { 0 };
	int rc;

	isms_report_init(&report);
	rc = isms_site_render(&report, dir, opts, unsafe, &err);
	if (rc == 0)
		notes(&report.notes, report.documents);
	isms_report_release(&report);
	return rc < 0 ? fail(&err) : 0;
}

/* The whole ISMS as one printable page. */
static int manual(isms_buf *out, const isms_lint_opts *opts, int unsafe,
	isms_error *err)
{
	isms_report report;
	int rc;

	isms_report_init(&report);
	rc = isms_manual_render(&report, out, opts, unsafe, err);
	if (rc == 0)
		notes(&report.notes, report.documents);
	isms_report_release(&report);
	return rc;
}

enum command { HISTORY, SOA, GRAPH, SITE, DIFF, MANUAL };

/* The command's --format: history text|json, soa and graph their own. */
static int parse_format(enum command cmd, const char *name, int *fmt)
{
	static const char *const known[] = {
		"text and json", "csv, md, json and html", "dot, svg, mermaid and json"
	};
	isms_soa_format sf = ISMS_SOA_CSV;
	isms_graph_format gf = ISMS_GRAPH_DOT;
	int rc = 0;

	if (cmd == DIFF) {
		isms_diff_format df = ISMS_DIFF_MD;
		if (name && isms_diff_format_parse(&df, name) < 0) {
			fprintf(stderr, "isms-render: diff formats are md, html "
				"and json\n");
			return -1;
		}
		*fmt = (int)df;
		return 0;
	}
	if (cmd == HISTORY && name) {
		rc = strcmp(name, "text") && strcmp(name, "json") ? -1 : 0;
		*fmt = !rc && !strcmp(name, "json");
	} else if (cmd == SOA) {
		rc = name ? isms_soa_format_parse(&sf, name) : 0;
		*fmt = (int)sf;
	} else if (cmd == GRAPH) {
		rc = name ? isms_graph_format_parse(&gf, name) : 0;
		*fmt = (int)gf;
	}
	if (rc < 0)
		fprintf(stderr, "isms-render: %s formats are %s\n",
			cmd == HISTORY ? "history" : cmd == SOA ? "soa" : "graph",
			known[cmd]);
	return rc;
}

int main(int argc, char **argv)
{
	isms_lint_opts opts = { 0 };
	isms_error err = { 0 };
	isms_buf out = ISMS_BUF_INIT;
	const char *file = NULL, *format = NULL;
	enum command cmd;
	int c, all = 0, fmt = 0, rc, unsafe = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("isms-render " ISMS_VERSION);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "history"))
		cmd = HISTORY;
	else if (argc > 1 && !strcmp(argv[1], "soa"))
		cmd = SOA;
	else if (argc > 1 && !strcmp(argv[1], "graph"))
		cmd = GRAPH;
	else if (argc > 1 && !strcmp(argv[1], "site"))
		cmd = SITE;
	else if (argc > 1 && !strcmp(argv[1], "diff"))
		cmd = DIFF;
	else if (argc > 1 && !strcmp(argv[1], "manual"))
		cmd = MANUAL;
	else {
		if (argc > 1)
			fprintf(stderr, "isms-render: unknown command '%s'\n", argv[1]);
		fputs(usage, stderr);
		return 2;
	}
	opts.source = ISMS_SRC_WORKTREE;
	opts.at = -1;
	opts.now = -1;
	opts.commit_day = 1;     /* the same state renders the same bytes */
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "C:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': opts.dir = optarg; break;
		case 'o': file = optarg; break;
		case O_CONFIG: opts.config = optarg; break;
		case O_REV: opts.rev = optarg; opts.source = ISMS_SRC_REV; break;
		case O_AT:
			if (cli_date(&opts.at, "isms-render", "at", optarg) < 0)
				return 2;
			break;
		case O_NOW:
			if (cli_date(&opts.now, "isms-render", "now", optarg) < 0)
				return 2;
			break;
		case O_FORMAT: format = optarg; break;
		case O_ALL: all = 1; break;
		case O_UNSAFE: unsafe = 1; break;
		case 'h': case O_HELP: fputs(usage, stdout); return 0;
		case O_VERSION: puts("isms-render " ISMS_VERSION); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (parse_format(cmd, format, &fmt) < 0)
		return 2;
	if ((cmd == HISTORY && (all == (optind < argc) || argc - optind > 1)) ||
	    (cmd == DIFF && (all || argc - optind != 2 || opts.rev ||
	     opts.at >= 0)) ||
	    (cmd != HISTORY && cmd != DIFF && (all || optind < argc)) ||
	    (opts.rev && opts.at >= 0)) {
		fputs(usage, stderr);
		return 2;
	}
	if (((cmd == SITE || cmd == MANUAL) && format) ||
	    (cmd != SITE && cmd != MANUAL && unsafe)) {
		fputs(usage, stderr);
		return 2;
	}
	if (cmd == SITE)
		return site(&opts, file ? file : "site", unsafe);
	if (cmd == MANUAL)
		rc = manual(&out, &opts, unsafe, &err);
	else if (cmd == HISTORY)
		rc = history(&out, &opts, all ? NULL : argv[optind], all, fmt, &err);
	else if (cmd == DIFF)
		rc = diff(&out, &opts, argv[optind], argv[optind + 1],
			(isms_diff_format)fmt, &err);
	else if (cmd == SOA)
		rc = soa(&out, &opts, (isms_soa_format)fmt, &err);
	else
		rc = graph(&out, &opts, (isms_graph_format)fmt, &err);
	if (rc < 0) {
		isms_buf_release(&out);
		return fail(&err);
	}
	rc = emit(&out, file);
	isms_buf_release(&out);
	return rc;
}
