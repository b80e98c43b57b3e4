/*
 * t-templates.c - the files users copy into their ISMS repositories parse
 * with our own YAML parser and have the shape their consumers need:
 * .pre-commit-hooks.yaml (the pre-commit framework), ci/github-actions.yml
 * (GitHub Actions) and ci/gitlab-ci.yml (GitLab CI). Files are read from
 * $ISMS_SRC (default "."). tests/cli/0010-ci-templates.t runs the commands.
 */
#include "model.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static isms_arena *arena;

/* Read and parse `rel` (relative to $ISMS_SRC); NULL when either fails. */
static const isms_ynode *load(const char *rel)
{
	const char *src = getenv("ISMS_SRC");
	char path[4096];
	isms_yissue *issues = NULL;
	isms_ynode *root = NULL;
	isms_error err;
	isms_buf b = ISMS_BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", src && *src ? src : ".", rel);
	f = fopen(path, "rb");
	if (!ok(f != NULL, "%s exists", rel)) {
		printf("#   cannot open %s (set ISMS_SRC to the source tree)\n", path);
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		isms_buf_add(&b, chunk, n);
	fclose(f);
	memset(&err, 0, sizeof(err));
	rc = isms_yaml_parse(&root, &issues, arena, b.ptr ? b.ptr : "", b.len,
		1, &err);
	isms_buf_release(&b);
	if (!ok(rc == 0 && root, "%s parses as YAML", rel))
		printf("#   %s:%d:%d: %s\n", rel, err.line, err.col, err.msg);
	if (!ok(rc == 0 && !issues, "%s has no duplicate key", rel) && issues)
		printf("#   %s:%d:%d: %s\n", rel, issues->line, issues->col,
			issues->msg);
	return rc == 0 ? root : NULL;
}

/* Scalar text, "" for anything else. */
static const char *sv(const isms_ynode *n)
{
	const char *s = isms_yaml_str(n);

	return s ? s : "";
}

static int is_map(const isms_ynode *n)
{
	return n && n->kind == ISMS_Y_MAP;
}

static int is_seq(const isms_ynode *n)
{
	return n && n->kind == ISMS_Y_SEQ;
}

/* The scalar at `key` of `map` equals `want`. */
static int str_is(const isms_ynode *map, const char *key, const char *want)
{
	const char *s = isms_yaml_str(isms_yaml_get(map, key));

	return s && strcmp(s, want) == 0;
}

/* The scalar at `key` of `map` contains `needle`. */
static int str_has(const isms_ynode *map, const char *key, const char *needle)
{
	const char *s = isms_yaml_str(isms_yaml_get(map, key));

	return s && strstr(s, needle) != NULL;
}

/* `seq` is a sequence holding a scalar equal to `want`. */
static int seq_has(const isms_ynode *seq, const char *want)
{
	size_t i;

	if (!is_seq(seq))
		return 0;
	for (i = 0; i < seq->n; i++) {
		const char *s = isms_yaml_str(seq->items[i]);

		if (s && strcmp(s, want) == 0)
			return 1;
	}
	return 0;
}

/* The index of the first item of `seq` (maps) whose `key` contains
 * `needle`, or -1. */
static int find_item(const isms_ynode *seq, const char *key, const char *needle)
{
	size_t i;

	if (!is_seq(seq))
		return -1;
	for (i = 0; i < seq->n; i++)
		if (str_has(seq->items[i], key, needle))
			return (int)i;
	return -1;
}

/* A scalar item of `seq` (a GitLab script) contains `needle`. */
static int script_has(const isms_ynode *seq, const char *needle)
{
	size_t i;

	if (!is_seq(seq))
		return 0;
	for (i = 0; i < seq->n; i++) {
		const char *s = isms_yaml_str(seq->items[i]);

		if (s && strstr(s, needle))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------ pre-commit */

static void test_pre_commit(void)
{
	const isms_ynode *root = load(".pre-commit-hooks.yaml"), *h;
	size_t i;

	ok(is_seq(root) && root->n == 2, "pre-commit: a list of two hooks");
	if (!is_seq(root) || root->n != 2)
		return;
	for (i = 0; i < root->n; i++) {
		h = root->items[i];
		ok(is_map(h) && isms_yaml_str(isms_yaml_get(h, "id")) &&
		   isms_yaml_str(isms_yaml_get(h, "name")) &&
		   isms_yaml_str(isms_yaml_get(h, "description")),
			"pre-commit: hook %zu has an id, a name and a description",
			i + 1);
		ok(str_is(h, "language", "system"),
			"pre-commit: hook %zu runs a preinstalled binary "
			"(language: system)", i + 1);
		ok(str_is(h, "entry", "isms-hook pre-commit"),
			"pre-commit: hook %zu judges what the commit changes "
			"(isms-hook pre-commit)", i + 1);
	}

	h = root->items[0];
	ok(str_is(h, "id", "isms-lint"), "pre-commit: the first hook is isms-lint");
	ok(str_is(h, "files", "\\.md$"),
		"pre-commit: isms-lint runs when Markdown files change");
	ok(str_is(h, "pass_filenames", "false"),
		"pre-commit: isms-lint takes no file names (isms-hook pre-commit "
		"finds what the commit changes)");
	ok(str_is(h, "require_serial", "true"),
		"pre-commit: isms-lint reads the ISMS once, not once per batch");

	h = root->items[1];
	ok(str_is(h, "id", "isms-lint-all"),
		"pre-commit: the second hook is isms-lint-all");
	ok(str_is(h, "pass_filenames", "false") &&
	   str_is(h, "always_run", "true"),
		"pre-commit: isms-lint-all lints the whole ISMS on every commit");
	ok(!isms_yaml_get(h, "files"),
		"pre-commit: isms-lint-all is not limited to some files");
}

/* ------------------------------------------------------ GitHub Actions */

/* Every job that lints or renders first gets the full history and installs
 * the tools job's package (no build in every job). */
static void gh_setup(const char *job, const isms_ynode *j, const isms_ynode *steps)
{
	int co = find_item(steps, "uses", "actions/checkout@");
	int git = find_item(steps, "run", "apt-get install");
	int restore = find_item(steps, "uses", "actions/cache/restore@");
	int inst = find_item(steps, "run", "/tmp/isms-deb/isms.deb");

	ok(co >= 0 && str_is(isms_yaml_get(steps->items[co], "with"),
		"fetch-depth", "0"),
		"github: %s checks out the full history (fetch-depth: 0)", job);
	ok(git >= 0 && git < co && str_has(steps->items[git], "run", " git"),
		"github: %s installs git before the checkout (else no .git)", job);
	ok(find_item(steps, "run", "safe.directory") > co,
		"github: %s trusts the checkout after making it", job);
	ok(str_is(j, "needs", "tools") && restore > git &&
	   str_has(isms_yaml_get(steps->items[restore], "with"), "key",
		"needs.tools.outputs.key") && inst > restore &&
	   find_item(steps, "run", "ci/install-deps") < 0 &&
	   find_item(steps, "run", "make ") < 0,
		"github: %s installs the tools job's package, builds nothing", job);
}

/* The tools job: ISMS_TOOLS_REPO checked first, the package built with
 * make deb only when the cache has none for the commit. */
static void gh_tools(const isms_ynode *tools)
{
	const isms_ynode *steps = isms_yaml_get(tools, "steps");
	int cache, build;

	if (!ok(is_seq(steps) && steps->n > 0, "github: the tools job has steps"))
		return;
	ok(str_has(steps->items[0], "run", "[ -n \"$ISMS_TOOLS_REPO\" ] ||") &&
	   str_has(steps->items[0], "run", "exit 1"),
		"github: the tools job first fails when ISMS_TOOLS_REPO is unset");
	cache = find_item(steps, "uses", "actions/cache@");
	build = find_item(steps, "run", "make -C /tmp/isms -j\"$(nproc)\" deb");
	ok(cache > 0 && build > cache && str_has(steps->items[build], "if",
		"cache-hit != 'true'") &&
	   str_has(steps->items[build], "run", "ci/install-deps"),
		"github: the package is built (make deb) only on a cache miss");
	ok(str_has(isms_yaml_get(tools, "outputs"), "key", "steps.ref.outputs.key"),
		"github: the tools job gives its cache key to the other jobs");
}

static void test_github(void)
{
	const isms_ynode *root = load("ci/github-actions.yml");
	const isms_ynode *on, *env, *jobs, *lint, *pub, *steps, *perm, *st;
	int sarif, up, gh, site, art, dep, pdf;

	if (!ok(is_map(root), "github: the workflow is a map"))
		return;
	on = isms_yaml_get(root, "on");
	ok(is_map(on) && isms_yaml_key(on, "pull_request"),
		"github: runs on pull requests");
	ok(seq_has(isms_yaml_get(isms_yaml_get(on, "push"), "branches"), "main"),
		"github: runs on pushes to main, the approval branch");
	env = isms_yaml_get(root, "env");
	ok(str_has(env, "ISMS_TOOLS_REPO", "vars.ISMS_TOOLS_REPO") &&
	   isms_yaml_str(isms_yaml_get(env, "ISMS_TOOLS_REF")),
		"github: ISMS_TOOLS_REPO (a variable the adopter sets) and "
		"ISMS_TOOLS_REF say which isms to build");
	ok(str_is(isms_yaml_get(root, "permissions"), "contents", "read"),
		"github: the token can only read by default");

	jobs = isms_yaml_get(root, "jobs");
	lint = isms_yaml_get(jobs, "lint");
	pub = isms_yaml_get(jobs, "publish");
	ok(is_map(jobs) && is_map(lint) && is_map(pub),
		"github: jobs lint and publish");
	if (!is_map(lint) || !is_map(pub))
		return;
	gh_tools(isms_yaml_get(jobs, "tools"));

	/* lint */
	steps = isms_yaml_get(lint, "steps");
	ok(isms_yaml_str(isms_yaml_get(lint, "runs-on")) && is_seq(steps),
		"github: lint has runs-on and steps");
	if (!is_seq(steps))
		return;
	gh_setup("lint", lint, steps);
	perm = isms_yaml_get(lint, "permissions");
	ok(str_is(perm, "security-events", "write"),
		"github: lint may upload to code scanning (security-events: write)");
	sarif = find_item(steps, "run", "isms-lint --format sarif > isms.sarif");
	up = find_item(steps, "uses", "github/codeql-action/upload-sarif@");
	gh = find_item(steps, "run", "isms-lint --format github");
	ok(sarif >= 0 && str_has(steps->items[sarif], "run", "|| true"),
		"github: the SARIF report is written whatever the findings");
	ok(up > sarif && str_is(isms_yaml_get(steps->items[up], "with"),
		"sarif_file", "isms.sarif"),
		"github: isms.sarif is uploaded to code scanning");
	ok(gh > up && (size_t)gh == steps->n - 1 &&
	   !str_has(steps->items[gh], "run", "||"),
		"github: the annotations run last and their exit status fails "
		"the job");

	/* publish */
	steps = isms_yaml_get(pub, "steps");
	ok(isms_yaml_str(isms_yaml_get(pub, "runs-on")) && is_seq(steps),
		"github: publish has runs-on and steps");
	if (!is_seq(steps))
		return;
	ok(str_has(pub, "if", "refs/heads/main") &&
	   str_has(pub, "if", "pull_request"),
		"github: publish runs on main only, never for a pull request");
	gh_setup("publish", pub, steps);
	perm = isms_yaml_get(pub, "permissions");
	ok(str_is(perm, "pages", "write") && str_is(perm, "id-token", "write"),
		"github: publish may deploy to Pages (pages, id-token: write)");
	ok(str_is(isms_yaml_get(pub, "environment"), "name", "github-pages"),
		"github: publish deploys to the github-pages environment");
	site = find_item(steps, "run", "isms-render site -o _site");
	art = find_item(steps, "uses", "actions/upload-pages-artifact@");
	dep = find_item(steps, "uses", "actions/deploy-pages@");
	ok(site >= 0 && art > site &&
	   str_is(isms_yaml_get(steps->items[art], "with"), "path", "_site"),
		"github: the site rendered to _site is the Pages artifact");
	pdf = find_item(steps, "run", "isms-render manual --pdf _site/manual.pdf");
	ok(pdf > site && pdf < art &&
	   str_has(steps->items[pdf], "run", "apt-get install") &&
	   str_has(steps->items[pdf], "run", " chromium"),
		"github: manual.pdf, printed with Chromium, is published beside the site");
	st = dep >= 0 ? steps->items[dep] : NULL;
	ok(dep > art && str_is(st, "id", "deployment") &&
	   str_has(isms_yaml_get(pub, "environment"), "url",
		"steps.deployment.outputs.page_url"),
		"github: deploy-pages runs last and its URL is the environment's");
}

/* ------------------------------------------------------ GitLab CI */

static void test_gitlab(void)
{
	const isms_ynode *root = load("ci/gitlab-ci.yml");
	const isms_ynode *stages, *vars, *def, *bs, *job, *lint = NULL, *pages;
	const isms_ynode *art;
	size_t i;
	int bad_stage = 0;

	if (!ok(is_map(root), "gitlab: the pipeline is a map"))
		return;
	stages = isms_yaml_get(root, "stages");
	ok(is_seq(stages) && stages->n == 3 &&
	   strcmp(sv(stages->items[0]), "tools") == 0 &&
	   strcmp(sv(stages->items[1]), "lint") == 0 &&
	   strcmp(sv(stages->items[2]), "publish") == 0,
		"gitlab: stages tools, lint, then publish");
	vars = isms_yaml_get(root, "variables");
	ok(str_is(vars, "GIT_DEPTH", "0"),
		"gitlab: jobs get the full history (GIT_DEPTH: 0)");
	ok(str_is(vars, "ISMS_TOOLS_REPO", "") &&
	   isms_yaml_str(isms_yaml_get(vars, "ISMS_TOOLS_REF")) &&
	   str_is(vars, "ISMS_BRANCH", "main"),
		"gitlab: ISMS_TOOLS_REPO (empty: the adopter sets it), "
		"ISMS_TOOLS_REF and the approval branch are variables");

	def = isms_yaml_get(root, "default");
	bs = isms_yaml_get(def, "before_script");
	ok(script_has(bs, "./.isms-deb/isms.deb") &&
	   !script_has(bs, "ci/install-deps") && !script_has(bs, "make "),
		"gitlab: every job installs the tools job's package, "
		"builds nothing");
	job = isms_yaml_get(root, "tools");
	ok(str_is(job, "stage", "tools") &&
	   script_has(isms_yaml_get(job, "script"), "[ -n \"$ISMS_TOOLS_REPO\" ] ||") &&
	   script_has(isms_yaml_get(job, "script"), "make -C /tmp/isms -j\"$(nproc)\" deb") &&
	   str_has(isms_yaml_get(job, "cache"), "key", "$ISMS_TOOLS_REF") &&
	   is_seq(isms_yaml_get(job, "before_script")) &&
	   isms_yaml_get(job, "before_script")->n == 0,
		"gitlab: the tools job checks ISMS_TOOLS_REPO and builds the "
		"package (make deb) into a cache keyed by ISMS_TOOLS_REF");
	ok(script_has(bs, "refs/remotes/origin/$ISMS_BRANCH"),
		"gitlab: every job fetches the approval branch as origin's");

	/* Jobs: top-level maps with a script. */
	for (i = 0; i < root->n; i++) {
		job = root->items[i];
		if (!is_map(job) || !isms_yaml_get(job, "script"))
			continue;
		if (!seq_has(stages, sv(isms_yaml_get(job, "stage"))))
			bad_stage++;
		art = isms_yaml_get(job, "artifacts");
		if (str_is(isms_yaml_get(art, "reports"), "junit", "isms-junit.xml"))
			lint = job;
	}
	ok(bad_stage == 0, "gitlab: every job names one of the stages");

	ok(lint != NULL, "gitlab: a job reports isms-junit.xml as JUnit");
	if (lint) {
		const isms_ynode *s = isms_yaml_get(lint, "script");

		ok(str_is(lint, "stage", "lint"), "gitlab: ... in stage lint");
		ok(str_is(isms_yaml_get(lint, "artifacts"), "when", "always"),
			"gitlab: the JUnit report is kept when the job fails");
		ok(script_has(s, "isms-lint --format junit > isms-junit.xml || true"),
			"gitlab: the report is written whatever the findings");
		ok(is_seq(s) && s->n == 2 &&
		   strncmp(sv(s->items[1]), "isms-lint", 9) == 0 &&
		   !strstr(sv(s->items[1]), "--format") &&
		   !strstr(sv(s->items[1]), "||"),
			"gitlab: a text run last prints the findings and decides");
	}

	pages = isms_yaml_get(root, "pages");
	ok(is_map(pages), "gitlab: a job named pages");
	if (!is_map(pages))
		return;
	ok(str_is(pages, "stage", "publish"), "gitlab: pages is in stage publish");
	ok(script_has(isms_yaml_get(pages, "script"), "isms-render site -o public"),
		"gitlab: pages renders the site into public");
	ok(script_has(isms_yaml_get(pages, "script"),
		"isms-render manual --pdf public/manual.pdf") &&
	   script_has(isms_yaml_get(pages, "script"), " chromium"),
		"gitlab: manual.pdf, printed with Chromium, is published beside "
		"the site");
	ok(seq_has(isms_yaml_get(isms_yaml_get(pages, "artifacts"), "paths"),
		"public"),
		"gitlab: public is the pages artifact");
	ok(find_item(isms_yaml_get(pages, "rules"), "if",
		"$CI_COMMIT_BRANCH == $ISMS_BRANCH") == 0,
		"gitlab: pages runs on the approval branch only");
}

int main(void)
{
	arena = isms_arena_new();
	test_pre_commit();
	test_github();
	test_gitlab();
	isms_arena_free(arena);
	return done_testing();
}
