/*
 * isms-hook - git hooks that guard an ISMS repository.
 */
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: isms-hook install [--force] [HOOK...]\n"
	"       isms-hook uninstall\n"
	"       isms-hook pre-commit\n"
	"       isms-hook commit-msg FILE\n"
	"       isms-hook pre-push REMOTE URL     (ref lines on standard input)\n"
	"       isms-hook pre-receive             (ref lines on standard input)\n"
	"       isms-hook record-reviews [--forge github|gitlab] [--pr N]\n"
	"                 [--head SHA] [COMMIT]   (review JSON on standard input)\n"
	"\n"
	"  install     write the hook shims (default: pre-commit, commit-msg,\n"
	"              pre-push) into the repository's hooks folder; --force\n"
	"              keeps a hook that is already there and runs it first\n"
	"  uninstall   remove the shims, put back any kept hook\n"
	"  pre-commit  lint what is staged; block the commit on errors\n"
	"  commit-msg  require a tracker key when documents change and\n"
	"              tickets.require_in_commits is set\n"
	"  pre-push    lint each pushed tip; refuse unapproved document changes\n"
	"              pushed straight to the approval branch\n"
	"  pre-receive on a server: refuse an update of the approval branch that\n"
	"              adds unapproved document changes or lint errors\n"
	"  record-reviews\n"
	"              in CI after a merge: write the pull request's approvals,\n"
	"              from the forge's review JSON, as a note on COMMIT\n"
	"              (default HEAD) under refs/notes/isms/reviews\n"
	"\n"
	"Options: -C DIR, --now DATE, --no-cache, --help, --version.\n"
	"Exit status: 0 allowed (record-reviews: recorded), 1 refused, 2 usage\n"
	"or repository trouble.\n";

enum { O_FORCE = 256, O_NO_CACHE, O_NOW, O_HELP, O_VERSION, O_FORGE, O_PR, O_HEAD };

static const struct option longopts[] = {
	{ "force", no_argument, NULL, O_FORCE },
	{ "no-cache", no_argument, NULL, O_NO_CACHE },
	{ "forge", required_argument, NULL, O_FORGE },
	{ "pr", required_argument, NULL, O_PR },
	{ "head", required_argument, NULL, O_HEAD },
	CLI_COMMON_OPTIONS,
};

static int pre_commit(const isms_lint_opts *opts)
{
	isms_report r;
	isms_error err = { 0 };
	isms_buf out = ISMS_BUF_INIT;
	int rc;

	isms_report_init(&r);
	if (isms_hook_pre_commit(&r, opts, &err) < 0) {
		isms_report_release(&r);
		return cli_trouble("isms-hook", &err);
	}
	isms_report_write(&out, &r, ISMS_FMT_TEXT, isms_color_wanted("auto", 2));
	if (out.len)
		fputs(out.ptr, stderr);
	rc = r.errors ? 1 : 0;
	if (rc)
		fprintf(stderr, "isms-hook: commit blocked: %zu error%s in the staged "
			"ISMS (above). Fix them, `git add` the fixes and commit again; "
			"`isms-lint --explain RULE` says how. To commit anyway, "
			"`git commit --no-verify` skips this check (CI and the server "
			"still check).\n", r.errors, r.errors == 1 ? "" : "s");
	isms_buf_release(&out);
	isms_report_release(&r);
	return rc;
}

/* record-reviews: the forge's review JSON on standard input. */
static isms_reviews_opts reviews = { .now = -1, .input = "<stdin>" };

static int record_reviews(const char *dir, const char *commit)
{
	isms_error err = { 0 };
	isms_buf in = ISMS_BUF_INIT, log = ISMS_BUF_INIT;
	int rc;

	if (isatty(0)) {
		fputs("isms-hook: record-reviews reads the forge's review JSON on "
			"standard input (gh api repos/O/R/pulls/N/reviews | isms-hook "
			"record-reviews)\n", stderr);
		return 2;
	}
	reviews.dir = dir;
	reviews.commit = commit;
	if (isms_fs_read_fd(&in, 0, "<stdin>", &err) < 0)
		return cli_trouble("isms-hook", &err);
	rc = isms_reviews_record(&log, &reviews, in.ptr, in.len, &err);
	isms_buf_release(&in);
	fputs(log.ptr, stdout);
	isms_buf_release(&log);
	if (rc < 0)
		return cli_trouble("isms-hook", &err);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("isms-hook: standard output");
		return 2;
	}
	return 0;
}

/* Report `why` (reasons, one a line) and map it to the exit status. */
static int verdict(isms_buf *why, const char *what)
{
	int rc = why->len ? 1 : 0;

	if (rc)
		fprintf(stderr, "%sisms-hook: %s\n", why->ptr, what);
	isms_buf_release(why);
	return rc;
}

/* The commands, for "did you mean". */
static const char *const commands[] = { "install", "uninstall", "pre-commit",
	"commit-msg", "pre-push", "pre-receive", "record-reviews", NULL };

int main(int argc, char **argv)
{
	isms_lint_opts opts = ISMS_LINT_OPTS_INIT;
	isms_error err = { 0 };
	isms_buf log = ISMS_BUF_INIT, why = ISMS_BUF_INIT, in = ISMS_BUF_INIT;
	const char *cmd;
	int c, force = 0, rc;

	if (cli_info(argc, argv, "isms-hook", usage))
		return 0;
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	cmd = argv[1];
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': opts.dir = optarg; break;
		case O_FORCE: force = 1; break;
		case O_NOW:
			if (cli_date(&opts.now, "isms-hook", "now", optarg) < 0)
				return 2;
			break;
		case O_NO_CACHE:
			opts.no_cache = 1;
			break;
		case O_FORGE:
			if (isms_forge_parse(&reviews.forge, optarg) < 0) {
				fprintf(stderr, "isms-hook: --forge '%s': github or gitlab\n",
					optarg);
				return 2;
			}
			break;
		case O_PR: {
			char *end;

			reviews.pr = strtol(optarg, &end, 10);
			if (*end || reviews.pr <= 0) {
				fprintf(stderr, "isms-hook: --pr '%s' is not a pull request "
					"number\n", optarg);
				return 2;
			}
			break;
		}
		case O_HEAD: reviews.head = optarg; break;
		case 'h': case O_HELP: fputs(usage, stdout); return 0;
		case O_VERSION: puts("isms-hook " ISMS_VERSION); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;

	if (!strcmp(cmd, "install")) {
		static const char *const dflt[] = { "pre-commit", "commit-msg", "pre-push" };
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		int i;

		self[n > 0 ? n : 0] = '\0';
		for (i = 0; i < argc; i++)
			if (!isms_hook_known(argv[i])) {
				fprintf(stderr, "isms-hook: unknown hook '%s' (pre-commit, "
					"commit-msg, pre-push, pre-receive)\n", argv[i]);
				return 2;
			}
		rc = isms_hook_install(&log, opts.dir, argc ? (const char *const *)argv : dflt,
			argc ? (size_t)argc : 3, force, n > 0 ? self : "isms-hook", &err);
		fputs(log.ptr, stdout);
		isms_buf_release(&log);
		return rc < 0 ? cli_trouble("isms-hook", &err) : 0;
	}
	if (!strcmp(cmd, "uninstall") && argc == 0) {
		rc = isms_hook_uninstall(&log, opts.dir, &err);
		fputs(log.ptr, stdout);
		isms_buf_release(&log);
		return rc < 0 ? cli_trouble("isms-hook", &err) : 0;
	}
	if (!strcmp(cmd, "pre-commit") && argc == 0)
		return pre_commit(&opts);
	if (!strcmp(cmd, "commit-msg") && argc == 1) {
		if (isms_hook_commit_msg(&why, &opts, argv[0], &err) < 0)
			return cli_trouble("isms-hook", &err);
		return verdict(&why, "commit message refused (git keeps it in "
			".git/COMMIT_EDITMSG; `git commit --no-verify` skips this check)");
	}
	if ((!strcmp(cmd, "pre-push") && argc == 2) ||
	    (!strcmp(cmd, "pre-receive") && argc == 0)) {
		int receive = !strcmp(cmd, "pre-receive");

		if (isms_fs_read_fd(&in, 0, "<stdin>", &err) < 0)
			return cli_trouble("isms-hook", &err);
		rc = isms_hook_refs(&why, &opts, in.ptr, receive, &err);
		isms_buf_release(&in);
		if (rc < 0)
			return cli_trouble("isms-hook", &err);
		return verdict(&why, receive ? "push refused: the approval branch "
			"takes only approved, lint-clean changes" : "push refused "
			"(`git push --no-verify` skips this check; the server may not)");
	}
	if (!strcmp(cmd, "record-reviews") && argc <= 1)
		return record_reviews(opts.dir, argc ? argv[0] : NULL);
	if (isms_name_index(commands, cmd) < 0)
		return cli_unknown("isms-hook", "command", cmd,
			isms_suggest_list(cmd, commands));
	fputs(usage, stderr);
	return 2;
}
