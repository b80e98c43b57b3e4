/*
 * cli.h - what every tool's main does alike: report trouble the same way.
 */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include "isms.h"

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

/* --help (-h) or --version as the first word, before any command:
 * printed, and 1; else 0. */
static inline int cli_info(int argc, char **argv, const char *tool,
	const char *usage)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return fputs(usage, stdout), 1;
	if (argc > 1 && !strcmp(argv[1], "--version"))
		return printf("%s " ISMS_VERSION "\n", tool), 1;
	return 0;
}

/* The long options every tool has, last in its table (its enum names
 * O_NOW, O_HELP and O_VERSION). */
#define CLI_COMMON_OPTIONS \
	{ "now", required_argument, NULL, O_NOW }, \
	{ "help", no_argument, NULL, O_HELP }, \
	{ "version", no_argument, NULL, O_VERSION }, \
	{ NULL, 0, NULL, 0 }

#endif
