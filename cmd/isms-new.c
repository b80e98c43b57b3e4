/*
 * isms-new - start an ISMS repository from the templates, or add a document.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: isms-new repo DIR [-C DIR] [--org NAME] [--templates DIR]\n"
	"                [--now DATE]\n"
	"       isms-new doc TYPE TITLE [-C DIR] [--config FILE] [--now DATE]\n"
	"       isms-new adopt [DIR] [--write] [--map OLD=NEW,...] [--now DATE]\n"
	"\n"
	"  repo DIR          make DIR (absent or empty) a new git repository:\n"
	"                    an empty first commit on main, the starter ISMS\n"
	"                    on branch adopt-isms, ready for a pull request\n"
	"  doc TYPE TITLE    add a document of TYPE to the ISMS: next free id,\n"
	"                    the type's required fields and sections; prints\n"
	"                    its path. Nothing is committed.\n"
	"  adopt [DIR]       bring the repository at DIR (default .) into the\n"
	"                    conventions: front matter, isms.yml, soa.yml;\n"
	"                    prints the plan, and what is left to decide\n"
	"  --write           adopt: apply the plan (bodies are never changed)\n"
	"  --map OLD=NEW,... adopt: rename front matter keys (document_id=id)\n"
	"  -C DIR            run as if started in DIR\n"
	"  --org NAME        the organisation (default: Example Ltd)\n"
	"  --templates DIR   copy DIR instead of the installed policy-templates\n"
	"  --config FILE     use FILE instead of the ISMS root's isms.yml\n"
	"  --now DATE        today is DATE (YYYY-MM-DD), for the dates written\n"
	"  --help            print this usage\n"
	"  --version         print the version\n"
	"Options may stand before or after the command, as in git:\n"
	"isms-new --now DATE repo DIR is isms-new repo DIR --now DATE.\n"
	"\n"
	"Exit status: 0 done, 1 (adopt) some file could not be adopted, 2 usage,\n"
	"configuration, I/O or repository trouble.\n";

enum { O_CONFIG = 256, O_ORG, O_TEMPLATES, O_WRITE, O_MAP, O_NOW, O_HELP,
	O_VERSION };

static const struct option longopts[] = {
	{ "config", required_argument, NULL, O_CONFIG },
	{ "org", required_argument, NULL, O_ORG },
	{ "templates", required_argument, NULL, O_TEMPLATES },
	{ "write", no_argument, NULL, O_WRITE },
	{ "map", required_argument, NULL, O_MAP },
	CLI_COMMON_OPTIONS,
};

static int repo(const isms_scaffold_opts *opts, const char *dir,
	isms_error *err)
{
	size_t n;

	if (isms_scaffold_repo(&n, opts, dir, err) < 0)
		return cli_trouble("isms-new", err);
	printf("Made a new ISMS for %s in %s: %zu files, on branch "
		ISMS_SCAFFOLD_BRANCH " over an empty first commit on "
		ISMS_SCAFFOLD_MAIN ".\n"
		"\n"
		"Next steps:\n"
		"  1. Edit isms.yml: the roles (who owns documents, and who approves\n"
		"     changes with approver: true) and the staff to be trained; then\n"
		"     make the documents' owners match the roles. Commit that on\n"
		"     " ISMS_SCAFFOLD_BRANCH ".\n"
		"  2. Push both branches and open a pull request from "
		ISMS_SCAFFOLD_BRANCH " into\n"
		"     " ISMS_SCAFFOLD_MAIN "; an approver merges it (or the merge carries an\n"
		"     Approved-by: trailer): that approves the first version.\n"
		"  3. From then on, change the ISMS through pull requests only.\n"
		"  4. Run isms-lint in %s to see what is left to do.\n",
		opts->org ? opts->org : "Example Ltd", dir, n, dir);
	return 0;
}

static int doc(const isms_scaffold_opts *opts, const char *type,
	const char *title, isms_error *err)
{
	char *path, *id;

	if (isms_scaffold_doc(&path, &id, opts, type, title, err) < 0)
		return cli_trouble("isms-new", err);
	puts(path);
	fprintf(stderr, "isms-new: made %s (%s): set its owner, fill it in, "
		"and bring it in through a pull request\n", path, id);
	free(path);
	free(id);
	return 0;
}

static int adopt(const isms_adopt_opts *opts, isms_error *err)
{
	isms_buf out = ISMS_BUF_INIT;
	int rc = isms_adopt(&out, opts, err);

	if (rc < 0)
		return cli_trouble("isms-new", err);
	fwrite(out.ptr, 1, out.len, stdout);
	isms_buf_release(&out);
	return rc;
}

/* What the command line asked for besides the command. */
struct args {
	isms_scaffold_opts opts;
	isms_adopt_opts aopts;
};

/* One option into the args `ctx` (cli_take_fn). */
static int option(void *ctx, int c)
{
	struct args *a = ctx;

	switch (c) {
	case 'C': a->opts.dir = optarg; return 0;
	case O_CONFIG: a->opts.config = optarg; return 0;
	case O_ORG: a->opts.org = optarg; return 0;
	case O_TEMPLATES: a->opts.templates = optarg; return 0;
	case O_WRITE: a->aopts.write = 1; return 0;
	case O_MAP: a->aopts.map = optarg; return 0;
	case O_NOW: return cli_date(&a->opts.now, "isms-new", "now", optarg);
	default: return cli_other(c, O_HELP, O_VERSION, "isms-new", usage);
	}
}

int main(int argc, char **argv)
{
	static const char *const cmds[] = { "repo", "doc", "adopt", NULL };
	struct args a = { .opts = ISMS_SCAFFOLD_OPTS_INIT,
		.aopts = ISMS_ADOPT_OPTS_INIT };
	isms_scaffold_opts opts;
	isms_adopt_opts aopts;
	isms_error err = { 0 };
	const char *cmd;
	char **args;
	int rc, want, nargs, n;

	if ((rc = cli_options(&nargs, argc, argv, "C:h", longopts, option,
	    &a)) != 0)
		return rc < 0 ? 2 : 0;
	opts = a.opts;
	aopts = a.aopts;
	cmd = nargs ? argv[1] : "";
	if (isms_name_index(cmds, cmd) < 0) {
		if (*cmd)
			return cli_unknown("isms-new", "command", cmd,
				isms_suggest_list(cmd, cmds));
		fputs(usage, stderr);
		return 2;
	}
	args = argv + 2;         /* the operands after the command */
	n = nargs - 1;
	if (!strcmp(cmd, "adopt")) {
		if (n > 1 || opts.config || opts.org || opts.templates) {
			fputs("isms-new: adopt takes at most one folder, and no "
				"--config, --org or --templates\n", stderr);
			fputs(usage, stderr);
			return 2;
		}
		aopts.dir = opts.dir;
		aopts.now = opts.now;
		if (n == 1) {
			if (opts.dir && args[0][0] != '/') {
				fputs("isms-new: adopt: give the folder or -C, not both\n",
					stderr);
				return 2;
			}
			aopts.dir = args[0];
		}
		rc = adopt(&aopts, &err);
		goto out;
	}
	if (aopts.write || aopts.map) {
		fputs("isms-new: --write and --map apply to adopt\n", stderr);
		return 2;
	}
	want = !strcmp(cmd, "repo") ? 1 : 2;
	if (n != want) {
		fprintf(stderr, "isms-new: %s takes %s\n", cmd,
			want == 1 ? "one folder: repo DIR" : "a type and a title: "
			"doc TYPE TITLE");
		fputs(usage, stderr);
		return 2;
	}
	if (want == 1 && opts.config) {
		fputs("isms-new: --config applies to doc, not to repo\n", stderr);
		return 2;
	}
	if (want == 2 && (opts.org || opts.templates)) {
		fputs("isms-new: --org and --templates apply to repo, not to doc\n",
			stderr);
		return 2;
	}
	rc = want == 1 ? repo(&opts, args[0], &err)
		: doc(&opts, args[0], args[1], &err);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("isms-new: cannot write to standard output\n", stderr);
		rc = 2;
	}
	return rc;
}
