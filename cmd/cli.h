/*
 * cli.h - what every tool's main does alike: report trouble the same way.
 */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include "isms.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* "TOOL: path:line:col: message" on stderr, a line for each error when
 * there are several; returns exit status 2. */
static inline int cli_trouble(const char *tool, const isms_error *err)
{
	const char *p, *eol;
	int shown = 1;

	fprintf(stderr, "%s: ", tool);
	if (err->path[0])
		fprintf(stderr, err->line ? "%s:%d:%d: " : "%s: ", err->path,
			err->line, err->col);
	fprintf(stderr, "%s\n", err->msg);
	for (p = err->more; *p && (eol = strchr(p, '\n')); p = eol + 1, shown++)
		fprintf(stderr, "%s: %.*s\n", tool, (int)(eol - p), p);
	if (err->count > shown)
		fprintf(stderr, "%s: ... and %d more errors\n", tool,
			err->count - shown);
	return 2;
}

/* "TOOL: unknown WHAT 'word'", with "; did you mean 'best'?" when `best`
 * (an isms_suggest answer) is not NULL, on stderr; returns exit status 2. */
static inline int cli_unknown(const char *tool, const char *what,
	const char *word, const char *best)
{
	fprintf(stderr, "%s: unknown %s '%s'", tool, what, word);
	if (best)
		fprintf(stderr, "; did you mean '%s'?", best);
	fputc('\n', stderr);
	return 2;
}

/* --OPT's DATE (YYYY-MM-DD) into *day; a bad one says so, the same way in
 * every tool, and is -1. */
static inline int cli_date(long *day, const char *tool, const char *opt,
	const char *arg)
{
	if (isms_date_parse(arg, day) == 0)
		return 0;
	fprintf(stderr, "%s: --%s '%s' is not a date (YYYY-MM-DD)\n", tool, opt,
		arg);
	return -1;
}

/* A tool's option handler for cli_options: option `opt` (getopt_long's
 * answer; optarg holds its argument) into `ctx`; 0 taken, 1 done (--help,
 * --version printed), -1 bad (said so). */
typedef int cli_take_fn(void *ctx, int opt);

/*
 * Every option of the command line into `take`, wherever it stands: before
 * the command, after it or among the operands, as git takes them
 * (`isms-hook -C DIR pre-commit` is `isms-hook pre-commit -C DIR`), and
 * whatever POSIXLY_CORRECT says. After "--" every word is an operand. The
 * operands are moved, in order, to argv[1..*nargs]. Returns 0, or what
 * `take` returned when it was not 0 (1 done, -1 bad).
 */
static inline int cli_options(int *nargs, int argc, char **argv,
	const char *optstring, const struct option *longopts,
	cli_take_fn *take, void *ctx)
{
	char ordered[64] = "+";  /* stop at each operand, take it, go on */
	int n = 0, c, at, rc;

	strncat(ordered, optstring, sizeof(ordered) - 2);
	for (;;) {
		at = optind;
		if ((c = getopt_long(argc, argv, ordered, longopts, NULL)) != -1) {
			if ((rc = take(ctx, c)) != 0)
				return rc;
			continue;
		}
		if (optind >= argc)
			break;
		if (optind == at + 1 && !strcmp(argv[at], "--")) {
			while (optind < argc)
				argv[++n] = argv[optind++];
			break;
		}
		argv[++n] = argv[optind++];   /* a slot already read */
	}
	*nargs = n;
	return 0;
}

/* What every tool's `take` does alike with the options left over: -h or
 * --help (`help`) prints the usage, --version (`version`) the version,
 * both 1; anything else (getopt said what) the usage on stderr, -1. */
static inline int cli_other(int opt, int help, int version, const char *tool,
	const char *usage)
{
	if (opt == 'h' || opt == help)
		return fputs(usage, stdout), 1;
	if (opt == version)
		return printf("%s " ISMS_VERSION "\n", tool), 1;
	fputs(usage, stderr);
	return -1;
}

/* The long options every tool has, last in its table (its enum names
 * O_NOW, O_HELP and O_VERSION). */
#define CLI_COMMON_OPTIONS \
	{ "now", required_argument, NULL, O_NOW }, \
	{ "help", no_argument, NULL, O_HELP }, \
	{ "version", no_argument, NULL, O_VERSION }, \
	{ NULL, 0, NULL, 0 }

#endif
