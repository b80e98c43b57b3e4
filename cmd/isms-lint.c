/*
 * isms-lint - check the documents of an ISMS repository.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: isms-lint [-C DIR] [--config FILE] [--now DATE]\n"
	"                 [--staged | --rev REV | --at DATE]\n"
	"                 [--format text|json|sarif|junit|github]\n"
	"                 [--strict] [--color=auto|always|never] [-j N] [PATH...]\n"
	"       isms-lint --list-rules\n"
	"       isms-lint --explain RULE\n"
	"\n"
	"Checks every document of the ISMS: front matter, required sections,\n"
	"owners, links, references, controls and the Statement of Applicability.\n"
	"\n"
	"  -C DIR            run as if started in DIR\n"
	"  --config FILE     use FILE instead of the ISMS root's isms.yml\n"
	"  --now DATE        judge dates as of DATE (YYYY-MM-DD)\n"
	"  --staged          lint the index (what the next commit holds)\n"
	"  --rev REV         lint the tree of a commit\n"
	"  --at DATE         lint the approval branch as it stood at the end of\n"
	"                    DATE, judging dates as of DATE\n"
	"  --format FMT      text (default), json, sarif, junit or github\n"
	"  --strict          warnings also make the exit status 1\n"
	"  --no-cache        neither read nor write the cache in the git directory\n"
	"  --color WHEN      auto (default), always or never; NO_COLOR is honoured\n"
	"  -j N              parse with N threads (default: one per core)\n"
	"  --list-rules      list the rules and their default severities\n"
	"  --explain RULE    explain a rule, with an example and the fix\n"
	"  PATH...           report only findings in these files or folders\n"
	"\n"
	"Exit status: 0 clean, 1 errors found (or warnings with --strict),\n"
	"2 usage, configuration, I/O or repository trouble.\n";

enum { O_CONFIG = 256, O_NO_CACHE, O_NOW, O_STAGED, O_REV, O_AT, O_FORMAT, O_STRICT, O_COLOR,
	O_LIST, O_EXPLAIN, O_HELP, O_VERSION };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "staged", no_argument, NULL, O_STAGED },
	{ "rev", required_argument, NULL, O_REV },
	{ "at", required_argument, NULL, O_AT },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "no-cache", no_argument, NULL, O_NO_CACHE },
	{ "color", optional_argument, NULL, O_COLOR },
	{ "colour", optional_argument, NULL, O_COLOR },
	{ "list-rules", no_argument, NULL, O_LIST },
	{ "explain", required_argument, NULL, O_EXPLAIN },
	CLI_COMMON_OPTIONS,
};

static int list_rules(isms_buf *out)
{
	size_t n, i;
	const isms_rule_info *r = isms_rules(&n);

	for (i = 0; i < n; i++)
		isms_buf_printf(out, "%-26s %-8s %s\n", r[i].id,
			r[i].severity == ISMS_ERROR ? "error" : "warning", r[i].summary);
	return 0;
}

static int explain(isms_buf *out, const char *id)
{
	const isms_rule_info *r = isms_rule_find(id);

	if (!r)
		return cli_unknown("isms-lint", "rule", id,
			isms_rule_suggest(id));
	isms_rule_explain(out, r);
	return 0;
}

int main(int argc, char **argv)
{
	isms_lint_opts opts = ISMS_LINT_OPTS_INIT;
	isms_report report;
	isms_error err = { 0 };
	isms_format fmt = ISMS_FMT_TEXT;
	isms_buf out = ISMS_BUF_INIT, summary = ISMS_BUF_INIT;
	const char *color = "auto", *rev = NULL, *explain_rule = NULL;
	int c, strict = 0, staged = 0, list = 0, rc;

	while ((c = getopt_long(argc, argv, "C:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': opts.dir = optarg; break;
		case 'j': opts.jobs = atoi(optarg); break;
		case O_CONFIG: opts.config = optarg; break;
		case O_NOW:
			if (cli_date(&opts.now, "isms-lint", "now", optarg) < 0)
				return 2;
			break;
		case O_STAGED: staged = 1; break;
		case O_REV: rev = optarg; break;
		case O_AT:
			if (cli_date(&opts.at, "isms-lint", "at", optarg) < 0)
				return 2;
			break;
		case O_FORMAT:
			if (isms_format_parse(&fmt, optarg) < 0) {
				fprintf(stderr, "isms-lint: unknown format '%s' (text, json, "
					"sarif, junit, github)\n", optarg);
				return 2;
			}
			break;
		case O_STRICT: strict = 1; break;
		case O_NO_CACHE: opts.no_cache = 1; break;
		case O_COLOR: color = optarg ? optarg : "always"; break;
		case O_LIST: list = 1; break;
		case O_EXPLAIN: explain_rule = optarg; break;
		case 'h': case O_HELP: fputs(usage, stdout); return 0;
		case O_VERSION: puts("isms-lint " ISMS_VERSION); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (list || explain_rule) {
		rc = list ? list_rules(&out) : explain(&out, explain_rule);
		goto write;
	}
	if (staged + (rev != NULL) + (opts.at >= 0) > 1) {
		fputs("isms-lint: --staged, --rev and --at cannot be combined\n", stderr);
		return 2;
	}
	opts.source = staged ? ISMS_SRC_INDEX : rev ? ISMS_SRC_REV : ISMS_SRC_WORKTREE;
	opts.rev = rev;
	opts.paths = (const char **)argv + optind;
	opts.npaths = (size_t)(argc - optind);
	if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
		fprintf(stderr, "isms-lint: --color must be auto, always or never\n");
		return 2;
	}

	isms_report_init(&report);
	if (isms_lint(&report, &opts, &err) < 0) {
		isms_report_release(&report);
		return cli_trouble("isms-lint", &err);
	}
	isms_report_write(&out, &report, fmt, isms_color_wanted(color, STDOUT_FILENO));
	rc = report.errors || (strict && report.warnings) ? 1 : 0;
	isms_buf_printf(&summary, "isms-lint: %zu document%s, %zu error%s, "
		"%zu warning%s\n", report.documents,
		report.documents == 1 ? "" : "s", report.errors,
		report.errors == 1 ? "" : "s", report.warnings,
		report.warnings == 1 ? "" : "s");
	if (fmt == ISMS_FMT_TEXT && report.n) {
		isms_buf_puts(&summary, "isms-lint: ");
		isms_report_by_rule(&summary, &report);
		isms_buf_putc(&summary, '\n');
	}
	if (report.notes.len)
		fprintf(stderr, "isms-lint: %s", report.notes.ptr);
	isms_report_release(&report);
write:
	/* The report first, then the summary: stdout and stderr often share
	 * a terminal, and the summary closes the run. */
	if (out.len && fwrite(out.ptr, 1, out.len, stdout) != out.len)
		rc = 2;
	isms_buf_release(&out);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("isms-lint: cannot write the report\n", stderr);
		rc = 2;
	}
	if (summary.len)
		fputs(summary.ptr, stderr);
	isms_buf_release(&summary);
	return rc;
}
