/*
 * history.c - version history and approval records from git, in one walk.
 *
 * 1. Every commit reachable from the approval branch is read once
 *    (lib/git.c), in topological order, newest first.
 * 2. Each commit is compared with its parent by tree entry ids, on two
 *    threads: a non-merge commit's changed files, and a merge's files that
 *    differ from every parent (an "evil" merge, a conflict resolution).
 * 3. Each commit gets the first-parent commit that brought it in: walking
 *    the first-parent chain from the oldest end, a merge claims every
 *    commit its other parents reach that no older chain commit claimed.
 * 4. Newest first, the changes are handed to the documents whose paths
 *    they touch; a document added where another was deleted (same blob, or
 *    same front matter id) is a rename, and the old path is followed too.
 * Cost grows with commits and changed files, not commits x documents.
 */
#include "repo.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct diffs {
	isms_delta *d;
	size_t n;
};

struct isms_walk {
	isms_history *h;
	isms_source *src;
	const isms_config *cfg;
	const char *prefix;
	isms_commit *c;
	size_t n;
	size_t *owner;           /* chain commit that brought commit i in */
	size_t *chain;           /* the first-parent chain, oldest first */
	size_t nchain;
	size_t *cpos;            /* commit i's place in chain, or NOPARENT */
	struct power *pow;       /* the configurations in force, by chain place */
	size_t npow;
	const char *config_path; /* isms.yml, repository-relative */
	struct diffs *diff;      /* per commit: the changes it made */
	isms_change *judged;     /* per commit: its approval, once judged
	                            (commit[0] set), for every file it changed */
	struct said *said;       /* per commit: what its message says, once read */
	/* tracked paths: open addressing, path -> document index */
	const char **tpath;
	size_t *tdoc;
	size_t tcap, tn;
	struct pending *pend;    /* per document: its changes, counted */
	struct found *found;     /* every change, in walk order */
	size_t nfound, capfound;
	isms_tag *tags;          /* annotated tags by target, once read */
	size_t ntags;
	int tags_read;
};

/* What a commit's message says, read once: a merge's is read for every
 * commit it brought in. */
struct said {
	int read;
	isms_trailer *t;
	size_t nt;
	long pr;
	int squash;
	const char **tickets;    /* the keys ticket_re finds, in order, once */
	size_t ntickets;
};

struct pending {
	size_t n;                /* changes found */
	size_t last;             /* commit of the newest change + 1, or 0 */
};

/* A change found while assembling: the walk learns every document's
 * changes first and then fills arrays of the right size, without one
 * growing array per document (100,000 of them on a large ISMS). */
struct found {
	size_t doc, i;
	const isms_delta *d;
	const char *path;        /* d's path as tracked */
};

/* ---------------------------------------------------------------- paths */

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t *track_slot(struct isms_walk *w, const char *path)
{
	size_t i = hash_str(path) & (w->tcap - 1);

	while (w->tpath[i] && strcmp(w->tpath[i], path))
		i = (i + 1) & (w->tcap - 1);
	return &w->tdoc[i];
}

static void track(struct isms_walk *w, const char *path, size_t doc)
{
	size_t i;

	if (2 * (w->tn + 1) > w->tcap) {
		const char **op = w->tpath;
		size_t *od = w->tdoc, oc = w->tcap;

		w->tcap = w->tcap ? w->tcap * 2 : 1024;
		w->tpath = calloc(w->tcap, sizeof(*w->tpath));
		w->tdoc = calloc(w->tcap, sizeof(*w->tdoc));
		if (!w->tpath || !w->tdoc)
			abort();
		for (i = 0; i < oc; i++)
			if (op[i])
				track(w, op[i], od[i]), w->tn--;
		free(op);
		free(od);
	}
	i = (size_t)(track_slot(w, path) - w->tdoc);
	if (w->tpath[i])
		return;          /* the first document to claim a path keeps it */
	w->tpath[i] = path;
	w->tdoc[i] = doc;
	w->tn++;
}

/* The document tracking `path`, or -1; *as (when asked) the tracked
 * string, one for every change at that path. */
static long tracked_as(struct isms_walk *w, const char *path,
	const char **as)
{
	size_t *slot;

	if (!w->tcap)
		return -1;   /* nothing tracked (no document in scope) */
	slot = track_slot(w, path);
	if (!w->tpath[slot - w->tdoc])
		return -1;
	if (as)
		*as = w->tpath[slot - w->tdoc];
	return (long)*slot;
}

static long tracked(struct isms_walk *w, const char *path)
{
	return tracked_as(w, path, NULL);
}

/* ---------------------------------------------------------------- diffs */

/* A merge's changes are the files whose content differs from every parent:
 * what the merge itself wrote, not what it brought in. */
static int merge_diff(struct diffs *out, struct isms_walk *w, size_t i,
	isms_arena *a, isms_error *err)
{
	const isms_commit *m = &w->c[i];
	isms_delta *d;
	size_t n, k, p, keep = 0;

	for (p = 0; p < m->nparents; p++) {
		if (m->parents[p] == ISMS_NOPARENT)
			return 0;    /* shallow: cannot tell, claim nothing */
		if (!strcmp(w->c[m->parents[p]].tree, m->tree))
			return 0;    /* the merge took one side whole */
	}
	if (isms_source_diff(&d, &n, a, w->src, w->c[m->parents[0]].tree,
	    m->tree, w->prefix, err) < 0)
		return -1;
	for (k = 0; k < n; k++) {
		int differs = 1;

		for (p = 1; p < m->nparents && differs; p++) {
			char blob[41];
			isms_source_blob_at(blob, w->src, w->c[m->parents[p]].tree,
				d[k].path);
			differs = strcmp(blob, d[k].new_blob) != 0;
		}
		if (differs)
			d[keep++] = d[k];
	}
	out->d = d;
	out->n = keep;
	return 0;
}

static int compare(struct isms_walk *w, size_t i, isms_arena *a, isms_error *err)
{
	const isms_commit *c = &w->c[i];
	const char *from = NULL;

	if (c->nparents > 1)
		return merge_diff(&w->diff[i], w, i, a, err);
	/* A root commit, or the last one a shallow clone has, adds all. */
	if (c->nparents == 1 && c->parents[0] != ISMS_NOPARENT) {
		from = w->c[c->parents[0]].tree;
		if (!strcmp(from, c->tree))
			return 0;
	}
	return isms_source_diff(&w->diff[i].d, &w->diff[i].n, a, w->src, from,
		c->tree, w->prefix, err);
}

/*
 * What commit i changed: a tree comparison is the same forever for a
 * commit and an ISMS root, so it is cached; not one at a shallow
 * clone's edge, whose parents the repository may have later.
 */
static int commit_diff(struct isms_walk *w, size_t i, isms_arena *a, isms_error *err)
{
	const isms_commit *c = &w->c[i];
	isms_cache *cache = isms_source_cache(w->src);
	unsigned char key[ISMS_CACHE_KEY];
	size_t p;
	int whole = 1;

	for (p = 0; p < c->nparents; p++)
		whole &= c->parents[p] != ISMS_NOPARENT;
	isms_cache_key_make(key, c->id, isms_hash64(w->prefix, strlen(w->prefix), 1));
	if (whole && isms_memo_diff_get(&w->diff[i].d, &w->diff[i].n, cache, key, a))
		return 0;
	if (compare(w, i, a, err) < 0)
		return -1;
	if (whole)
		isms_memo_diff_put(cache, key, w->diff[i].d, w->diff[i].n);
	return 0;
}

#define DIFF_BLOCK 256

struct diff_workers {
	struct isms_walk *w;
	isms_error err[ISMS_POOL_MAX];
	int failed[ISMS_POOL_MAX];
};

static int diff_one(void *arg, int worker, size_t i)
{
	struct diff_workers *dw = arg;

	if (commit_diff(dw->w, i, dw->w->h->arenas[worker], &dw->err[worker]) == 0)
		return 0;
	dw->failed[worker] = 1;
	return -1;
}

static int diff_all(struct isms_walk *w, isms_error *err)
{
	/* One thread a 64 commits at the most: starting one costs more than
	 * diffing a few trees. */
	int nw = isms_pool_size(w->h->jobs, w->n, 64), t, rc;
	struct diff_workers *dw = calloc(1, sizeof(*dw));

	if (!dw)
		abort();
	dw->w = w;
	for (t = 0; t < nw; t++)
		w->h->arenas[t] = isms_arena_new();
	w->h->narenas = nw;
	/* Consecutive commits in blocks: a commit's parent is usually the next
	 * commit, so its tree is still in this thread's tree cache. */
	rc = isms_pool_run(nw, w->n, DIFF_BLOCK, diff_one, dw);
	for (t = 0; rc < 0 && t < nw; t++)
		if (dw->failed[t]) {
			*err = dw->err[t];
			break;
		}
	free(dw);
	return rc;
}

/* ---------------------------------------------------------------- owners */

/* For every commit, the first-parent chain commit that brought it onto the
 * branch: the oldest chain commit that reaches it. */
static void find_owners(struct isms_walk *w)
{
	size_t *chain, nchain = 0, i, k, *stack, sp;

	chain = malloc((w->n + 1) * sizeof(size_t));
	stack = malloc((w->n + 1) * sizeof(size_t));
	w->chain = malloc((w->n + 1) * sizeof(size_t));
	w->cpos = malloc((w->n + 1) * sizeof(size_t));
	if (!chain || !stack || !w->chain || !w->cpos)
		abort();
	for (i = 0; i < w->n; i++)
		w->owner[i] = w->cpos[i] = ISMS_NOPARENT;
	for (i = 0; w->n && i != ISMS_NOPARENT; ) {
		chain[nchain++] = i;
		i = w->c[i].nparents ? w->c[i].parents[0] : ISMS_NOPARENT;
	}
	for (k = 0; k < nchain; k++) {
		w->chain[k] = chain[nchain - 1 - k];
		w->cpos[w->chain[k]] = k;
	}
	w->nchain = nchain;
	/* A commit is claimed when it is pushed, so it is pushed once and the
	 * stack never holds more than all the commits. */
	while (nchain > 0) {
		size_t m = chain[--nchain], v;

		w->owner[m] = m;
		sp = 0;
		for (v = m;;) {
			for (k = v == m ? 1 : 0; k < w->c[v].nparents; k++) {
				size_t p = w->c[v].parents[k];

				if (p != ISMS_NOPARENT && w->owner[p] == ISMS_NOPARENT) {
					w->owner[p] = m;
					stack[sp++] = p;
				}
			}
			if (sp == 0)
				break;
			v = stack[--sp];
		}
	}
	free(chain);
	free(stack);
}

/* ---------------------------------------------------------------- powers */

/*
 * Who may approve is itself governed. The configuration in force when a
 * change lands is the one of the last *approved* change of the trust
 * files (isms.yml and the signers' key files) before it, so a change to
 * who approves is judged by those who held that power before it, and an
 * unapproved change of isms.yml gives nobody any power. The first
 * isms.yml on the branch bootstraps itself. A caller may fix one
 * configuration for all (isms_history_judge: pre-receive judges a push
 * by the old tip's, --config by a file on disk).
 */
struct power {
	size_t from;             /* first chain place it governs */
	const isms_config *cfg;
	isms_config *owned;      /* cfg, when this power loaded it */
	char tree[41];           /* tree whose key files it trusts, or "" */
	isms_keyring *keys;      /* its signers' keys, once a signature asks */
	isms_keyring *forge;     /* its forges' keys (approval.forge_signers) */
	int keys_tried, forge_tried;
};

static struct power *power_at(const struct isms_walk *w, size_t i)
{
	size_t m = w->owner[i], pos = m == ISMS_NOPARENT ? ISMS_NOPARENT : w->cpos[m];
	size_t lo = 0, hi = w->npow;

	if (pos == ISMS_NOPARENT)
		return &w->pow[w->npow - 1];
	while (hi - lo > 1) {    /* the last power with from <= pos */
		size_t mid = lo + (hi - lo) / 2;
		if (w->pow[mid].from <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return &w->pow[lo];
}

static void add_power(struct isms_walk *w, size_t from, const isms_config *cfg,
	isms_config *owned, const char *tree)
{
	struct power *p;

	w->pow = realloc(w->pow, (w->npow + 1) * sizeof(*w->pow));
	if (!w->pow)
		abort();
	p = &w->pow[w->npow++];
	p->from = from;
	p->cfg = cfg;
	p->owned = owned;
	p->keys = p->forge = NULL;
	p->keys_tried = p->forge_tried = 0;
	snprintf(p->tree, sizeof(p->tree), "%s", tree ? tree : "");
}

static int is_trust(const struct isms_walk *w, const char *path)
{
	size_t rl = strlen(w->prefix);

	return !strncmp(path, w->prefix, rl) && isms_config_trust(w->cfg, path + rl);
}

/* The configuration in tree `tree`: its isms.yml over the default, or
 * NULL when it has none or it does not load. */
static isms_config *config_in(struct isms_walk *w, const char *tree)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_config *cfg = NULL;
	char blob[41];

	if (isms_source_blob_at(blob, w->src, tree, w->config_path) == 0 && blob[0] &&
	    isms_source_blob(&text, w->src, blob, NULL) == 0 &&
	    isms_config_load(&cfg, w->config_path, text.ptr, text.len,
		NULL) < 0)
		cfg = NULL;
	isms_buf_release(&text);
	return cfg;
}

static void approve(struct isms_walk *w, isms_change *ch, size_t i,
	isms_arena *a, struct power *pw);

/* Whether chain commit `m` brings in a change of a trust file, and
 * whether all such changes it brings are approved under `pw`. */
static int trust_changes(struct isms_walk *w, size_t m, const size_t *owned,
	size_t nowned, struct power *pw, int *added_config, isms_arena *a)
{
	size_t k, d;
	int any = 0, all = 1;

	*added_config = 0;
	for (k = 0; k < nowned; k++) {
		const struct diffs *ds = &w->diff[owned[k]];

		for (d = 0; d < ds->n; d++) {
			isms_change ch;

			if (!is_trust(w, ds->d[d].path))
				continue;
			any = 1;
			if (!strcmp(ds->d[d].path, w->config_path) && ds->d[d].new_blob[0])
				*added_config = 1;
			if (!pw)
				continue;
			memset(&ch, 0, sizeof(ch));
			ch.author_email = w->c[owned[k]].author_email;
			ch.path = ds->d[d].path;
			approve(w, &ch, owned[k], a, pw);
			all = all && ch.approval != ISMS_APPROVAL_NONE;
		}
	}
	(void)m;
	return any ? (all ? 2 : 1) : 0;
}

static void find_powers(struct isms_walk *w, isms_arena *a)
{
	size_t *first, *list, p, i;
	struct power *cur = NULL;

	if (w->npow)
		return;          /* fixed by isms_history_judge */
	w->config_path = isms_arena_printf(a, "%sisms.yml", w->prefix);
	/* The commits each chain commit brings in, by chain place. */
	first = calloc(w->nchain + 2, sizeof(size_t));
	list = malloc((w->n + 1) * sizeof(size_t));
	if (!first || !list)
		abort();
	for (i = 0; i < w->n; i++)
		if (w->owner[i] != ISMS_NOPARENT)
			first[w->cpos[w->owner[i]] + 2]++;
	for (p = 0; p < w->nchain; p++)
		first[p + 2] += first[p + 1];
	for (i = 0; i < w->n; i++)
		if (w->owner[i] != ISMS_NOPARENT)
			list[first[w->cpos[w->owner[i]] + 1]++] = i;
	/* Now commits of chain place p are list[first[p] .. first[p + 1]). */
	for (p = 0; p < w->nchain; p++) {
		size_t m = w->chain[p], n = first[p + 1] - first[p];
		int added, rc;
		isms_config *cfg;

		rc = trust_changes(w, m, list + first[p], n, cur, &added, a);
		if (!cur && added && (cfg = config_in(w, w->c[m].tree))) {
			/* The first isms.yml on the branch: it governs its own
			 * arrival, and what follows it until an approved change. */
			add_power(w, p, cfg, cfg, w->c[m].tree);
			cur = &w->pow[w->npow - 1];
			rc = trust_changes(w, m, list + first[p], n, cur, &added, a);
		}
		if (cur && rc == 2 && p + 1 < w->nchain) {
			cfg = config_in(w, w->c[m].tree);
			add_power(w, p + 1, cfg ? cfg : cur->cfg, cfg, w->c[m].tree);
			cur = &w->pow[w->npow - 1];
		}
	}
	/* Without any isms.yml on the branch, the caller's configuration. */
	if (!w->npow || w->pow[0].from > 0) {
		struct power keep = { 0 };

		add_power(w, 0, w->cfg, NULL, w->n ? w->c[0].tree : "");
		keep = w->pow[w->npow - 1];
		memmove(w->pow + 1, w->pow, (w->npow - 1) * sizeof(*w->pow));
		w->pow[0] = keep;
	}
	free(first);
	free(list);
}

/* ---------------------------------------------------------------- approval */

static const isms_role *approver_role(const isms_config *cfg, const char *email)
{
	size_t i;

	for (i = 0; email && i < cfg->nroles; i++)
		if (cfg->roles[i].approver && cfg->roles[i].email &&
		    !strcasecmp(cfg->roles[i].email, email))
			return &cfg->roles[i];
	return NULL;
}

struct cands {
	isms_approver a[16];
	size_t n;
	int self;
};

/* An approval by the person of approver role `role` (NULL: none, no
 * approval); one entry a person, with the strongest evidence found. */
static void role_candidate(struct cands *cs, const isms_config *cfg,
	const isms_role *role, const char *name, const char *email,
	const char *author_email, isms_approval_kind source,
	isms_evidence evidence, const char *why)
{
	size_t i;

	if (!role || !email)
		return;
	if (cfg->separation_of_duties && author_email &&
	    !strcasecmp(email, author_email)) {
		cs->self = 1;
		return;
	}
	for (i = 0; i < cs->n; i++)
		if (!strcasecmp(cs->a[i].email, email))
			break;
	if (i == cs->n) {
		if (cs->n == sizeof(cs->a) / sizeof(cs->a[0]))
			return;
		cs->n++;
	} else if (cs->a[i].evidence >= evidence) {
		if (!cs->a[i].why && cs->a[i].evidence == evidence)
			cs->a[i].why = why;
		return;
	}
	cs->a[i] = (isms_approver){ name, email, role->key, source, evidence, 0,
		why };
}

/* An approval by the person of `email`, when an approver role has it. */
static void candidate(struct cands *cs, const isms_config *cfg,
	const char *name, const char *email, const char *author_email,
	isms_approval_kind source, isms_evidence evidence, const char *why)
{
	role_candidate(cs, cfg, approver_role(cfg, email), name, email,
		author_email, source, evidence, why);
}

/* The approver role whose forge login is `login`, or NULL. */
static const isms_role *login_role(const isms_config *cfg, const char *login)
{
	size_t i;

	for (i = 0; login && i < cfg->nroles; i++)
		if (cfg->roles[i].approver && cfg->roles[i].login &&
		    !strcasecmp(cfg->roles[i].login, login))
			return &cfg->roles[i];
	return NULL;
}

/* The forge's review record of the commit `id` (a note CI wrote): each
 * approval by a login an approver role has is a forge review. The pull
 * request it names is the change's, when the message named none. */
static void review_candidates(struct cands *cs, struct isms_walk *w,
	const isms_config *cfg, isms_change *ch, const char *id, isms_arena *a)
{
	isms_review_note *note;
	isms_error e = { 0 };
	size_t k;

	if (isms_reviews_of(&note, a, w->src, id, &e) != 0)
		return;
	if (ch->pr && note->pull_request != ch->pr)
		return;          /* a note about another pull request */
	ch->pr = note->pull_request;
	for (k = 0; k < note->napprovals; k++) {
		const isms_role *r = login_role(cfg, note->approvals[k].login);

		role_candidate(cs, cfg, r, r ? (r->name ? r->name :
			note->approvals[k].login) : NULL, r ? r->email : NULL,
			ch->author_email, ISMS_APPROVAL_REVIEW,
			ISMS_EVIDENCE_FORGE_REVIEW, NULL);
	}
}

static void trailer_candidates(struct cands *cs, const isms_config *cfg,
	isms_arena *a, const struct said *sd, const char *author_email)
{
	const isms_trailer *t = sd->t;
	size_t n = sd->nt, i;

	for (i = 0; i < n; i++) {
		const char *name, *email;

		if (strcasecmp(t[i].key, "Approved-by") &&
		    strcasecmp(t[i].key, "Reviewed-by"))
			continue;
		if (isms_msg_ident(&name, &email, a, t[i].value) == 0)
			candidate(cs, cfg, name, email, author_email,
				ISMS_APPROVAL_TRAILER, ISMS_EVIDENCE_CLAIMED, NULL);
	}
}

/* The text of `rel` (under the ISMS root) in tree `tree`, into `out`. */
static const char *key_text(isms_buf *out, struct isms_walk *w,
	const char *tree, const char *rel, isms_arena *a)
{
	char blob[41];

	isms_buf_truncate(out, 0);
	if (!rel || isms_source_blob_at(blob, w->src, tree, isms_arena_printf(a,
	    "%s%s", w->prefix, rel)) < 0 || !blob[0] ||
	    isms_source_blob(out, w->src, blob, NULL) < 0)
		return NULL;
	return out->ptr;
}

/* The tree whose key files power `pw` trusts: its own, else the tip's. */
static const char *key_tree(const struct isms_walk *w, const struct power *pw)
{
	return pw->tree[0] ? pw->tree : w->c[0].tree;
}

/* The signers' keys of power `pw`, made when a signature first needs
 * them; NULL when it lists none. */
static isms_keyring *power_keys(struct isms_walk *w, struct power *pw,
	isms_arena *a)
{
	isms_buf t1 = ISMS_BUF_INIT, t2 = ISMS_BUF_INIT, t3 = ISMS_BUF_INIT;
	const char *tree = key_tree(w, pw), *s1, *s2, *s3;

	if (pw->keys_tried)
		return pw->keys;
	pw->keys_tried = 1;
	s1 = key_text(&t1, w, tree, pw->cfg->allowed_signers, a);
	s2 = key_text(&t2, w, tree, pw->cfg->revoked_signers, a);
	s3 = key_text(&t3, w, tree, pw->cfg->openpgp_keys, a);
	if ((s1 || s3) && isms_keyring_new(&pw->keys, s1, t1.len, s2, t2.len, s3,
	    t3.len, NULL) < 0)
		pw->keys = NULL;
	isms_buf_release(&t1);
	isms_buf_release(&t2);
	isms_buf_release(&t3);
	return pw->keys;
}

/* The keys of the forges that sign their web merges (each file of
 * approval.forge_signers is armored OpenPGP keys, as GitHub publishes
 * its web-flow key, or allowed_signers lines), revoked ones left out;
 * NULL when there are none. */
static isms_keyring *forge_keys(struct isms_walk *w, struct power *pw,
	isms_arena *a)
{
	isms_buf t = ISMS_BUF_INIT, ssh = ISMS_BUF_INIT, pgp = ISMS_BUF_INIT,
		rv = ISMS_BUF_INIT;
	const char *tree = key_tree(w, pw), *s;
	size_t i;

	if (pw->forge_tried)
		return pw->forge;
	pw->forge_tried = 1;
	for (i = 0; i < pw->cfg->nforge_signers; i++) {
		if (!(s = key_text(&t, w, tree, pw->cfg->forge_signers[i], a)))
			continue;
		isms_buf *to = strstr(s, "-----BEGIN PGP PUBLIC KEY BLOCK-----") ?
			&pgp : &ssh;
		isms_buf_add(to, t.ptr, t.len);
		isms_buf_putc(to, '\n');
	}
	s = key_text(&rv, w, tree, pw->cfg->revoked_signers, a);
	if ((ssh.len || pgp.len) && isms_keyring_new(&pw->forge,
	    ssh.len ? ssh.ptr : NULL, ssh.len, s, rv.len,
	    pgp.len ? pgp.ptr : NULL, pgp.len, NULL) < 0)
		pw->forge = NULL;
	isms_buf_release(&t);
	isms_buf_release(&ssh);
	isms_buf_release(&pgp);
	isms_buf_release(&rv);
	return pw->forge;
}

/* Verify `sig` over `payload`, made at `when`, against `keys` (NULL: the
 * configuration lists none, in the file `listed`) into `v`. */
static void check_sig(isms_verdict *v, isms_keyring *keys, const char *listed,
	const char *payload, size_t plen, const char *sig, size_t slen,
	long long when)
{
	if (!keys) {
		memset(v, 0, sizeof(*v));
		snprintf(v->why, sizeof(v->why), "no keys in %s to check "
			"its signature against", listed);
	} else if (isms_keyring_verify(v, keys, payload, plen, sig, slen, when,
	    NULL) < 0) {
		v->ok = 0;
	}
}

/* Each approver whose key made the good signature `v`: a signed approval. */
static void signers(struct cands *cs, const isms_config *cfg,
	const isms_verdict *v, const char *author_email, isms_approval_kind source)
{
	size_t k;

	for (k = 0; v->ok && k < cfg->nroles; k++) {
		const isms_role *r = &cfg->roles[k];

		if (r->approver && r->email && isms_verdict_names(v, r->email))
			role_candidate(cs, cfg, r, r->name ? r->name : r->email,
				r->email, author_email, source,
				ISMS_EVIDENCE_SIGNED, NULL);
	}
}

static const char *listed(const char *file, const char *key)
{
	return file ? file : key;
}

/*
 * The signature of the commit that brought a change in (a merge, a squash,
 * or the change itself on the chain). Signed by a key the configuration in
 * force lists for an approver: that approver vouched for it. Signed by a
 * forge's key (approval.forge_signers): the forge vouches for who made
 * it, so the claim of its author (a web merge's is the person who pressed
 * the button) is the forge's word. A signature that counts for neither
 * says why, on the claim of the commit's author.
 */
static void signed_candidates(struct cands *cs, struct isms_walk *w,
	struct power *pw, const isms_commit *mc, const char *author_email,
	isms_arena *a)
{
	isms_buf payload = ISMS_BUF_INIT, sig = ISMS_BUF_INIT;
	isms_verdict v, fv;
	const char *why;
	size_t k;

	if (!mc->is_signed)
		return;
	if (isms_source_commit_signature(&payload, &sig, w->src, mc->id, NULL) < 0 ||
	    !sig.len)
		goto done;
	check_sig(&v, power_keys(w, pw, a), listed(pw->cfg->allowed_signers,
		"approval.allowed_signers"), payload.ptr, payload.len, sig.ptr,
		sig.len, mc->time);
	signers(cs, pw->cfg, &v, author_email, ISMS_APPROVAL_MERGE);
	if (v.ok)
		goto done;
	fv.ok = 0;
	if (pw->cfg->nforge_signers)
		check_sig(&fv, forge_keys(w, pw, a), "approval.forge_signers",
			payload.ptr, payload.len, sig.ptr, sig.len, mc->time);
	why = fv.ok ? NULL : pw->cfg->nforge_signers ?
		isms_arena_printf(a, "its signature does not count: %s; "
			"nor as a forge's: %s", v.why, fv.why) :
		isms_arena_printf(a, "its signature does not count: %s", v.why);
	for (k = 0; k < cs->n; k++) {
		isms_approver *ap = &cs->a[k];

		if (ap->evidence != ISMS_EVIDENCE_CLAIMED ||
		    ap->source != ISMS_APPROVAL_MERGE)
			continue;
		if (fv.ok)
			ap->evidence = ISMS_EVIDENCE_FORGE_REVIEW;
		else if (!ap->why)
			ap->why = why;
	}
done:
	isms_buf_release(&payload);
	isms_buf_release(&sig);
}

static int cmp_tag_target(const void *x, const void *y)
{
	return strcmp(((const isms_tag *)x)->target, ((const isms_tag *)y)->target);
}

/*
 * Signed tags on commit `id`: a tag signed by an approver's key is that
 * approver's signed approval of it. A signed tag whose signature does not
 * count is its tagger's claim, saying why; an unsigned tag is no approval
 * (a release tag says nothing about approval).
 */
/* The repository's annotated tags, by target, once. */
static void read_tags(struct isms_walk *w, isms_arena *a)
{
	if (w->tags_read)
		return;
	w->tags_read = 1;
	if (isms_source_tags(&w->tags, &w->ntags, a, w->src, NULL) < 0)
		w->ntags = 0;
	if (w->ntags)
		qsort(w->tags, w->ntags, sizeof(*w->tags), cmp_tag_target);
}

static void tag_candidates(struct cands *cs, struct isms_walk *w,
	struct power *pw, const char *id, const char *author_email, isms_arena *a)
{
	isms_tag key;
	const isms_tag *t;
	isms_verdict v;

	read_tags(w, a);
	if (!w->ntags)
		return;
	memcpy(key.target, id, sizeof(key.target));
	if (!(t = bsearch(&key, w->tags, w->ntags, sizeof(*t), cmp_tag_target)))
		return;
	while (t > w->tags && !strcmp(t[-1].target, id))
		t--;
	for (; t < w->tags + w->ntags && !strcmp(t->target, id); t++) {
		if (!t->sig_len)
			continue;
		check_sig(&v, power_keys(w, pw, a), listed(pw->cfg->allowed_signers,
			"approval.allowed_signers"), t->payload, t->payload_len,
			t->sig, t->sig_len, t->time);
		if (v.ok)
			signers(cs, pw->cfg, &v, author_email, ISMS_APPROVAL_TAG);
		else
			candidate(cs, pw->cfg, t->tagger, t->tagger_email,
				author_email, ISMS_APPROVAL_TAG, ISMS_EVIDENCE_CLAIMED,
				isms_arena_printf(a, "the signature of tag %s does "
					"not count: %s", t->name, v.why));
	}
}

/* How change `ch` of commit i reached the branch, and who approved it,
 * under the configuration `pw` in force when it landed. */
/* What commit i's message says: trailers, pull request, ticket keys. */
static const struct said *said(struct isms_walk *w, size_t i, isms_arena *a)
{
	struct said *sd = &w->said[i];
	const char *msg = w->c[i].message;

	if (sd->read)
		return sd;
	sd->read = 1;
	sd->nt = isms_msg_trailers(&sd->t, a, msg);
	sd->pr = isms_msg_pull_request(msg, &sd->squash);
	if (w->cfg->ticket_re)
		isms_msg_tickets(&sd->tickets, &sd->ntickets, a, w->cfg->ticket_re,
			msg);
	return sd;
}

/* Append to the change's tickets the keys of `sd` it does not have yet,
 * in their order. */
static void add_keys(isms_change *ch, isms_arena *a, const struct said *sd)
{
	const char **all;
	size_t i, k, n = ch->ntickets;

	if (!sd->ntickets)
		return;
	all = isms_arena_alloc(a, (n + sd->ntickets + 1) * sizeof(*all));
	if (n)
		memcpy(all, ch->tickets, n * sizeof(*all));
	for (i = 0; i < sd->ntickets; i++) {
		for (k = 0; k < n && strcmp(all[k], sd->tickets[i]); k++)
			;
		if (k == n)
			all[n++] = sd->tickets[i];
	}
	ch->tickets = all;
	ch->ntickets = n;
}

static void approve(struct isms_walk *w, isms_change *ch, size_t i,
	isms_arena *a, struct power *pw)
{
	const isms_config *cfg = pw->cfg;
	const isms_commit *c = &w->c[i];
	size_t m = w->owner[i], k;
	const isms_commit *mc = m != ISMS_NOPARENT ? &w->c[m] : c;
	const struct said *sc = said(w, i, a), *sm = mc != c ? said(w, m, a) : sc;
	struct cands cs = { .n = 0, .self = 0 };
	int squash, merge = mc->nparents > 1;
	isms_evidence best = ISMS_EVIDENCE_NONE;

	if (mc != c)
		memcpy(ch->merge, mc->id, sizeof(ch->merge));
	ch->landed = mc->time;
	ch->pr = sm->pr;
	squash = sm->squash;
	/* A merge commit is made by its author (GitHub records there the
	 * person who pressed the button); a squash is recorded by its
	 * committer. */
	if (cfg->approve_merge && ch->pr > 0 && (merge || squash))
		candidate(&cs, cfg, merge ? mc->author : mc->committer,
			merge ? mc->author_email : mc->committer_email,
			ch->author_email, ISMS_APPROVAL_MERGE,
			ISMS_EVIDENCE_CLAIMED, NULL);
	if (cfg->approve_trailer) {
		if (mc != c)
			trailer_candidates(&cs, cfg, a, sm, ch->author_email);
		trailer_candidates(&cs, cfg, a, sc, ch->author_email);
	}
	/* The forge's word, on the commit the pull request landed as: the
	 * merge or squash, or (a rebase merge) the change itself. */
	review_candidates(&cs, w, cfg, ch, mc->id, a);
	if (mc != c)
		review_candidates(&cs, w, cfg, ch, c->id, a);
	signed_candidates(&cs, w, pw, mc, ch->author_email, a);
	tag_candidates(&cs, w, pw, mc->id, ch->author_email, a);
	if (mc != c)
		tag_candidates(&cs, w, pw, c->id, ch->author_email, a);
	if (cs.n) {
		ch->approvers = isms_arena_alloc(a, cs.n * sizeof(*ch->approvers));
		memcpy(ch->approvers, cs.a, cs.n * sizeof(*ch->approvers));
		ch->napprovers = cs.n;
		/* A role's strings outlive the configuration that gave them. */
		for (k = 0; k < cs.n; k++) {
			ch->approvers[k].role = isms_arena_strdup(a, cs.a[k].role);
			ch->approvers[k].name = isms_arena_strdup(a, cs.a[k].name);
			ch->approvers[k].email = isms_arena_strdup(a, cs.a[k].email);
		}
	}
	ch->approval = ISMS_APPROVAL_NONE;
	for (k = 0; k < ch->napprovers; k++) {
		isms_approver *ap = &ch->approvers[k];

		ap->counts = ap->evidence >= (cfg->require ? cfg->require :
			ISMS_EVIDENCE_CLAIMED);
		if (ap->counts && ap->evidence > best) {
			best = ap->evidence;
			ch->approval = ap->source;
		}
	}
	ch->evidence = best;
	ch->self_only = !cs.n && cs.self;
	/* The change's tickets: its own message's, then its merge's. */
	ch->tickets = sc->tickets;
	ch->ntickets = sc->ntickets;
	if (mc != c)
		add_keys(ch, a, sm);
}

/* ---------------------------------------------------------------- renames */

/* The `id:` of a document's front matter, cheaply (for rename pairing). */
static char *front_id(isms_source *src, const char *blob, isms_arena *a)
{
	isms_buf text = ISMS_BUF_INIT;
	isms_split sp;
	const char *p, *end;
	char *id = NULL;

	if (!*blob || isms_source_blob(&text, src, blob, NULL) < 0)
		goto done;
	isms_split_text(&sp, text.ptr, text.len);
	if (!sp.has_fm || sp.unterminated)
		goto done;
	for (p = sp.fm, end = sp.fm + sp.fm_len; p < end; ) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (len > 3 && !strncmp(p, "id:", 3)) {
			const char *v = p + 3, *e = p + len;
			while (v < e && (*v == ' ' || *v == '\t' || *v == '"' || *v == '\''))
				v++;
			while (e > v && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '"' ||
			       e[-1] == '\''))
				e--;
			if (e > v)
				id = isms_arena_strndup(a, v, (size_t)(e - v));
			break;
		}
		p += len + 1;
	}
done:
	isms_buf_release(&text);
	return id;
}

/*
 * The files a commit deleted, for rename pairing: sorted by old blob and,
 * once asked, by front matter id, each run of equal keys in delta order
 * (so the first deleted file of the commit wins, as git's rename
 * detection does). Built once a commit: pairing n added documents with n
 * deleted files costs n log n, not n x n.
 */
struct dels {
	const isms_delta **by_blob;
	size_t n;
	struct del_id { const char *id; const isms_delta *d; } *by_id;
	size_t nid;
	int ids_made;
};

static int cmp_del_blob(const void *x, const void *y)
{
	const isms_delta *a = *(const isms_delta *const *)x;
	const isms_delta *b = *(const isms_delta *const *)y;
	int c = strcmp(a->old_blob, b->old_blob);

	return c ? c : (a > b) - (a < b);
}

static int cmp_del_id(const void *x, const void *y)
{
	const struct del_id *a = x, *b = y;
	int c = strcmp(a->id, b->id);

	return c ? c : (a->d > b->d) - (a->d < b->d);
}

static void dels_make(struct dels *dl, const struct diffs *ds)
{
	size_t k;

	dl->by_blob = malloc((ds->n + 1) * sizeof(*dl->by_blob));
	if (!dl->by_blob)
		abort();
	for (k = 0; k < ds->n; k++)
		if (!ds->d[k].new_blob[0])
			dl->by_blob[dl->n++] = &ds->d[k];
	qsort(dl->by_blob, dl->n, sizeof(*dl->by_blob), cmp_del_blob);
}

static void dels_make_ids(struct dels *dl, isms_source *src, isms_arena *a)
{
	size_t k;

	dl->ids_made = 1;
	dl->by_id = malloc((dl->n + 1) * sizeof(*dl->by_id));
	if (!dl->by_id)
		abort();
	for (k = 0; k < dl->n; k++) {
		const char *id = front_id(src, dl->by_blob[k]->old_blob, a);
		if (id) {
			dl->by_id[dl->nid].id = id;
			dl->by_id[dl->nid++].d = dl->by_blob[k];
		}
	}
	qsort(dl->by_id, dl->nid, sizeof(*dl->by_id), cmp_del_id);
}

static void dels_free(struct dels *dl)
{
	free(dl->by_blob);
	free(dl->by_id);
	memset(dl, 0, sizeof(*dl));
}

/* The first untracked deleted file whose key (`key_of`) is `key`, in the
 * sorted run of equal keys; NULL when none. */
static const isms_delta *first_untracked(struct isms_walk *w, const void *base,
	size_t n, size_t size, const char *key,
	const char *(*key_of)(const void *), const isms_delta *(*delta_of)(const void *))
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(key_of((const char *)base + mid * size), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n; lo++) {
		const void *e = (const char *)base + lo * size;
		if (strcmp(key_of(e), key))
			break;
		if (tracked(w, delta_of(e)->path) < 0)
			return delta_of(e);
	}
	return NULL;
}

static const char *blob_key(const void *e)
{
	return (*(const isms_delta *const *)e)->old_blob;
}

static const isms_delta *blob_delta(const void *e)
{
	return *(const isms_delta *const *)e;
}

static const char *id_key(const void *e)
{
	return ((const struct del_id *)e)->id;
}

static const isms_delta *id_delta(const void *e)
{
	return ((const struct del_id *)e)->d;
}

/* Document `doc` was added at `d` in this commit: if a deleted file of the
 * same commit holds the same content or id, that was its old path. */
static void follow_rename(struct isms_walk *w, struct dels *dl,
	const struct diffs *ds, const isms_delta *d, size_t doc, isms_arena *a)
{
	const isms_delta *o;
	const char *id;

	if (!dl->by_blob)
		dels_make(dl, ds);
	if (!dl->n)
		return;
	o = first_untracked(w, dl->by_blob, dl->n, sizeof(*dl->by_blob),
		d->new_blob, blob_key, blob_delta);
	if (!o) {
		if (!dl->ids_made)
			dels_make_ids(dl, w->src, a);
		if (dl->nid && (id = front_id(w->src, d->new_blob, a)))
			o = first_untracked(w, dl->by_id, dl->nid, sizeof(*dl->by_id),
				id, id_key, id_delta);
	}
	if (o)
		track(w, o->path, doc);
}

/* ---------------------------------------------------------------- assemble */

/* Fill `ch` as the change that commit i made with delta `d`, approved
 * (or not) under the configuration in force when it landed. A commit's
 * approval is the same for every file it changes: judged once, shared
 * (its approvers and tickets are read-only from here on). */
static void judge(struct isms_walk *w, size_t i, isms_arena *a)
{
	const isms_commit *c = &w->c[i];
	isms_change *j = &w->judged[i];

	memcpy(j->commit, c->id, sizeof(j->commit));
	j->time = c->time;
	j->author = c->author;
	j->author_email = c->author_email;
	j->subject = isms_msg_subject(a, c->message);
	j->evil = c->nparents > 1;
	approve(w, j, i, a, power_at(w, i));
}

/* Commit i's change of delta d, at `path`: d's own, or the string the
 * walk tracks that path by. */
static void make_change(struct isms_walk *w, isms_change *ch, size_t i,
	const isms_delta *d, const char *path, isms_arena *a)
{
	isms_change *j = &w->judged[i];

	if (!j->commit[0])
		judge(w, i, a);
	*ch = *j;
	ch->path = path;
	ch->blob = d->new_blob;
	ch->parent_blob = d->old_blob;
}

static void add_change(struct isms_walk *w, size_t doc, size_t i,
	const isms_delta *d, const char *path)
{
	if (w->nfound == w->capfound) {
		w->capfound = w->capfound ? w->capfound * 2 : 256;
		w->found = realloc(w->found, w->capfound * sizeof(*w->found));
		if (!w->found)
			abort();
	}
	w->found[w->nfound++] = (struct found){ doc, i, d, path };
	w->pend[doc].n++;
}

/* Whether `path` (repository-relative) is a document or a governed file
 * under the walk's configuration: its removal needs approval. */
static int controlled(const struct isms_walk *w, const char *path)
{
	size_t rl = strlen(w->prefix);

	return !strncmp(path, w->prefix, rl) &&
		isms_config_controls(w->cfg, path + rl);
}

/* A controlled file that commit i deleted and that no tracked path took
 * over (a rename): a removal from the ISMS, which needs approval like
 * any change. */
static void find_removals(struct isms_walk *w, size_t i, isms_arena *a)
{
	const struct diffs *ds = &w->diff[i];
	isms_history *h = w->h;
	size_t k;

	for (k = 0; k < ds->n; k++) {
		const isms_delta *d = &ds->d[k];

		if (d->new_blob[0] || tracked(w, d->path) >= 0 || !controlled(w, d->path))
			continue;
		if (h->nremoved % 16 == 0) {
			h->removed = realloc(h->removed, (h->nremoved + 16) *
				sizeof(*h->removed));
			if (!h->removed)
				abort();
		}
		make_change(w, &h->removed[h->nremoved++], i, d, d->path, a);
	}
}

/*
 * The approvals of the commits that changed files, judged on every core
 * before assemble hands the changes out in order: a commit's approval
 * depends on nothing assemble decides. First what each message says
 * (a merge's is read by every commit it brought in), then each commit.
 * Signatures are checked by one thread (the keys are read when first
 * needed): with a signed commit or an annotated tag, assemble judges.
 */
struct judge_workers {
	struct isms_walk *w;
	int pass;
};

static int judge_one(void *arg, int worker, size_t i)
{
	struct judge_workers *jw = arg;
	struct isms_walk *w = jw->w;
	isms_arena *a = w->h->arenas[worker];

	if (jw->pass == 0)
		said(w, i, a);
	else if (w->diff[i].n)
		judge(w, i, a);
	return 0;
}

static void judge_all(struct isms_walk *w)
{
	struct judge_workers jw = { w, 0 };
	int nw = isms_pool_size(w->h->jobs, w->n, 64);
	size_t i;

	if (nw > w->h->narenas)
		return;
	read_tags(w, w->h->arena);
	for (i = 0; i < w->n; i++)
		if (w->c[i].is_signed)
			return;
	if (w->ntags)
		return;
	isms_pool_run(nw, w->n, DIFF_BLOCK, judge_one, &jw);
	jw.pass = 1;
	isms_pool_run(nw, w->n, DIFF_BLOCK, judge_one, &jw);
}

static void assemble(struct isms_walk *w, isms_arena *a)
{
	isms_change *all;
	size_t i, k, doc;

	for (i = 0; i < w->n; i++) {
		const struct diffs *ds = &w->diff[i];
		struct dels dl = { 0 };

		for (k = 0; k < ds->n; k++) {
			const char *as;
			long t = tracked_as(w, ds->d[k].path, &as);

			if (t < 0)
				continue;
			doc = (size_t)t;
			/* A rename touches two tracked paths of one document in
			 * one commit: that is one change. */
			if (w->pend[doc].last != i + 1) {
				add_change(w, doc, i, &ds->d[k], as);
				w->pend[doc].last = i + 1;
			}
			if (!ds->d[k].old_blob[0])
				follow_rename(w, &dl, ds, &ds->d[k], doc, a);
		}
		dels_free(&dl);
		find_removals(w, i, a);
	}
	/* One block for every document's changes, each newest first as
	 * found. */
	all = w->nfound ? isms_arena_alloc(a, w->nfound * sizeof(*all)) : NULL;
	for (doc = 0; doc < w->h->ndocs; doc++) {
		w->h->docs[doc].changes = w->pend[doc].n ? all : NULL;
		all += w->pend[doc].n;
	}
	for (k = 0; k < w->nfound; k++) {
		isms_doc_history *dh = &w->h->docs[w->found[k].doc];

		/* The same string for every change at one path: the tip's is
		 * the document history's own (dh->path). */
		make_change(w, &dh->changes[dh->n++], w->found[k].i,
			w->found[k].d, w->found[k].path, a);
	}
}

/* ---------------------------------------------------------------- load */

static const char *resolve_tip(isms_history *h, isms_source *src,
	const isms_config *cfg, const char *tip, isms_error *err, int *empty)
{
	const char *ref;
	int rc;

	*empty = 0;
	if (tip)
		return tip;
	rc = isms_source_branch(&ref, src, cfg->approval_branch);
	if (rc == ISMS_ENOTFOUND) {
		*empty = 1;
		return NULL;
	}
	if (rc < 0) {
		isms_error_set(err, "", 0, 0, "the approval branch \"%s\" does not "
			"exist (set approval.branch in isms.yml)", cfg->approval_branch);
		return NULL;
	}
	h->branch = isms_arena_strdup(h->arena, ref);
	return ref;
}

static void walk_free(struct isms_walk *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->npow; i++) {
		isms_config_free(w->pow[i].owned);
		isms_keyring_free(w->pow[i].keys);
		isms_keyring_free(w->pow[i].forge);
	}
	free(w->pow);
	free(w->chain);
	free(w->cpos);
	free(w->owner);
	free(w->diff);
	free(w->judged);
	free(w->said);
	free(w->pend);
	free(w->found);
	free(w->tpath);
	free(w->tdoc);
	free(w);
}

int isms_history_begin(isms_history **out, isms_source *src,
	const isms_config *cfg, const char *tip, const char **paths,
	size_t npaths, isms_error *err)
{
	isms_history *h = calloc(1, sizeof(*h));
	struct isms_walk *w = calloc(1, sizeof(*w));
	const char *start;
	size_t i;
	int empty, rc;

	if (!h || !w)
		abort();
	*out = NULL;
	h->arena = isms_arena_new();
	h->docs = isms_arena_alloc(h->arena, (npaths + 1) * sizeof(*h->docs));
	h->ndocs = npaths;
	for (i = 0; i < npaths; i++)
		h->docs[i].path = isms_arena_strdup(h->arena, paths[i]);
	h->walk = w;
	start = resolve_tip(h, src, cfg, tip, err, &empty);
	if (!start) {
		if (!empty)
			goto fail;
		walk_free(h->walk);
		h->walk = NULL;
		*out = h;
		return 0;
	}
	rc = isms_source_commits(&w->c, &w->n, &h->shallow, h->arena, src, start, err);
	if (rc == ISMS_ENOTFOUND)
		isms_error_set(err, "", 0, 0, "unknown revision \"%s\"", start);
	if (rc < 0)
		goto fail;
	if (w->n)
		memcpy(h->tip, w->c[0].id, sizeof(h->tip));
	h->commits = w->n;
	w->h = h;
	w->src = src;
	w->cfg = cfg;
	w->prefix = isms_source_root(src);
	*out = h;
	return 0;
fail:
	isms_history_free(h);
	return -1;
}

int isms_history_finish(isms_history *h, isms_error *err)
{
	struct isms_walk *w = h->walk;
	size_t i;
	int rc = -1;

	if (!w)
		return 0;
	w->owner = malloc((w->n + 1) * sizeof(size_t));
	w->diff = calloc(w->n + 1, sizeof(*w->diff));
	w->judged = calloc(w->n + 1, sizeof(*w->judged));
	w->said = calloc(w->n + 1, sizeof(*w->said));
	w->pend = calloc(h->ndocs + 1, sizeof(*w->pend));
	h->arenas = calloc(ISMS_POOL_MAX, sizeof(*h->arenas));
	if (!w->owner || !w->diff || !w->judged || !w->said || !w->pend ||
	    !h->arenas)
		abort();
	for (i = 0; i < h->ndocs; i++)
		track(w, h->docs[i].path, i);
	find_owners(w);
	if (diff_all(w, err) == 0) {
		find_powers(w, h->arena);
		judge_all(w);
		assemble(w, h->arena);
		rc = 0;
	}
	walk_free(w);
	h->walk = NULL;
	return rc;
}

int isms_history_load(isms_history **out, isms_source *src,
	const isms_config *cfg, const char *tip, const char **paths,
	size_t npaths, isms_error *err)
{
	if (isms_history_begin(out, src, cfg, tip, paths, npaths, err) < 0)
		return -1;
	if (isms_history_finish(*out, err) < 0) {
		isms_history_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

void isms_history_free(isms_history *h)
{
	int t;

	if (!h)
		return;
	walk_free(h->walk);
	for (t = 0; h->arenas && t < h->narenas; t++)
		isms_arena_free(h->arenas[t]);
	free(h->arenas);
	isms_arena_free(h->arena);
	free(h->removed);
	free(h);
}

void isms_history_judge(isms_history *h, const isms_config *cfg,
	const char *tree)
{
	if (h->walk && !h->walk->npow)
		add_power(h->walk, 0, cfg, NULL, tree);
}

const isms_doc_history *isms_history_doc(const isms_history *h,
	const char *path)
{
	size_t lo = 0, hi = h->ndocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(h->docs[mid].path, path);

		if (c == 0)
			return &h->docs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int isms_history_at(char out[41], isms_source *src, const char *branch,
	long day, isms_error *err)
{
	isms_arena *a = isms_arena_new();
	isms_commit *c;
	size_t n, i;
	const char *ref;
	long long end = ((long long)day + 1) * 86400;
	int shallow, rc;

	out[0] = '\0';
	rc = isms_source_branch(&ref, src, branch);
	if (rc < 0) {
		isms_arena_free(a);
		return isms_error_set(err, "", 0, 0, rc == ISMS_ENOTFOUND ?
			"the repository has no commits yet" :
			"the approval branch \"%s\" does not exist", branch);
	}
	if (isms_source_commits(&c, &n, &shallow, a, src, ref, err) < 0) {
		isms_arena_free(a);
		return -1;
	}
	/* Down the first-parent chain to the first commit made by then. */
	for (i = 0; n && i != ISMS_NOPARENT;
	     i = c[i].nparents ? c[i].parents[0] : ISMS_NOPARENT) {
		if (c[i].time < end) {
			memcpy(out, c[i].id, 41);
			break;
		}
	}
	isms_arena_free(a);
	if (!out[0]) {
		char d[11];
		isms_date_format(d, day);
		return isms_error_set(err, "", 0, 0, "the approval branch \"%s\" "
			"has no commit on or before %s", branch, d);
	}
	return 0;
}
