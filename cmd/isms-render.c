/*
 * isms-render - publish the ISMS. This version has the `history` command:
 * a document's version history with its approval records.
 */
#include "isms.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: isms-render history [-C DIR] [--config FILE] [--rev REV | --at DATE]\n"
	"                   [--format text|json] [-o FILE] (PATH | --all)\n"
	"\n"
	"  history PATH      every change of the document on the approval branch:\n"
	"                    commit, date, author, approvers and their roles, how\n"
	"                    it was approved, pull request, tickets, subject and\n"
	"                    the document's version at that change\n"
	"  --all             the history of every document (JSON: an array)\n"
	"  -C DIR            run as if started in DIR\n"
	"  --config FILE     use FILE instead of the ISMS root's isms.yml\n"
	"  --rev REV         the history that led to commit REV\n"
	"  --at DATE         the approval branch as it stood at the end of DATE\n"
	"  --format FMT      text (default) or json\n"
	"  -o FILE           write to FILE instead of standard output\n"
	"\n"
	"Exit status: 0 written, 2 usage, configuration, I/O or repository trouble.\n";

enum { O_CONFIG = 256, O_REV, O_AT, O_FORMAT, O_ALL, O_HELP, O_VERSION, O_NOW };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "rev", required_argument, NULL, O_REV },
	{ "at", required_argument, NULL, O_AT },
	{ "now", required_argument, NULL, O_NOW },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "all", no_argument, NULL, O_ALL },
	{ "help", no_argument, NULL, O_HELP },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int fail(const isms_error *err)
{
	fprintf(stderr, "isms-render: ");
	if (err->path[0])
		fprintf(stderr, err->line ? "%s:%d:%d: " : "%s: ", err->path,
			err->line, err->col);
	fprintf(stderr, "%s\n", err->msg);
	return 2;
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

static int history(isms_buf *out, const isms_lint_opts *opts, const char *arg,
	int all, int json, isms_error *err)
{
	isms_report report;
	isms_model *m = NULL;
	char *path = NULL;
	int rc = -1;

	isms_report_init(&report);
	if (isms_model_load(&m, &report, opts, err) < 0)
		goto done;
	if (report.notes.len)
		fprintf(stderr, "isms-render: %s", report.notes.ptr);
	if (all) {
		isms_history_write_all(out, m, json);
		rc = 0;
		goto done;
	}
	if (isms_source_path(&path, m->src, opts->dir, arg, err) < 0)
		goto done;
	if (!isms_model_doc(m, path)) {
		isms_error_set(err, path, 0, 0, "not a document of the ISMS");
		goto done;
	}
	isms_history_write(out, m, isms_history_doc(m->history, path), json);
	isms_buf_puts(out, json ? "\n" : "");
	rc = 0;
done:
	free(path);
	isms_model_free(m);
	isms_report_release(&report);
	return rc;
}

int main(int argc, char **argv)
{
	isms_lint_opts opts = { 0 };
	isms_error err = { 0 };
	isms_buf out = ISMS_BUF_INIT;
	const char *file = NULL;
	int c, all = 0, json = 0, rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("isms-render " ISMS_VERSION);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "history") != 0) {
		if (argc > 1)
			fprintf(stderr, "isms-render: unknown command '%s'\n", argv[1]);
		fputs(usage, stderr);
		return 2;
	}
	opts.source = ISMS_SRC_WORKTREE;
	opts.at = -1;
	opts.now = -1;
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "C:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': opts.dir = optarg; break;
		case 'o': file = optarg; break;
		case O_CONFIG: opts.config = optarg; break;
		case O_REV: opts.rev = optarg; opts.source = ISMS_SRC_REV; break;
		case O_AT:
		case O_NOW: {
			long day;
			if (isms_date_parse(optarg, &day) < 0) {
				fprintf(stderr, "isms-render: '%s' is not a date "
					"(YYYY-MM-DD)\n", optarg);
				return 2;
			}
			if (c == O_AT)
				opts.at = day;
			else
				opts.now = day;
			break;
		}
		case O_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "isms-render: history formats are text "
					"and json\n");
				return 2;
			}
			json = !strcmp(optarg, "json");
			break;
		case O_ALL: all = 1; break;
		case 'h': case O_HELP: fputs(usage, stdout); return 0;
		case O_VERSION: puts("isms-render " ISMS_VERSION); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (all == (optind < argc) || argc - optind > 1 || (opts.rev && opts.at >= 0)) {
		fputs(usage, stderr);
		return 2;
	}
	if (opts.now < 0)
		opts.now = opts.at >= 0 ? opts.at : isms_date_today();
	if (history(&out, &opts, all ? NULL : argv[optind], all, json, &err) < 0) {
		isms_buf_release(&out);
		return fail(&err);
	}
	rc = emit(&out, file);
	isms_buf_release(&out);
	return rc;
}
