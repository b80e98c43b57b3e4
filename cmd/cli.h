/*
 * cli.h - what every tool's main does alike: report trouble the same way.
 */
#ifndef ISMS_CLI_H
#define ISMS_CLI_H

#include "isms.h"

/* "TOOL: path:line:col: message" on stderr; returns exit status 2. */
static inline int cli_trouble(const char *tool, const isms_error *err)
{
	fprintf(stderr, "%s: ", tool);
	if (err->path[0])
		fprintf(stderr, err->line ? "%s:%d:%d: " : "%s: ", err->path,
			err->line, err->col);
	fprintf(stderr, "%s\n", err->msg);
	return 2;
}

#endif
