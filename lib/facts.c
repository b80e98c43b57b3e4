/*
 * facts.c - the judgements the ISMS makes, in one place: a document's
 * review, the newest records, who is trained, the SoA's decisions with
 * their implementing documents, a document's page.
 *
 * The rules (lib/rules.c, lib/approval.c) turn these facts into findings
 * and the renderers show them, so that the lint and the site cannot judge
 * one ISMS in two ways. Each part is made on first use, under a lock, and
 * kept in the model's arena: the model is read-only once loaded, so a part
 * never changes once made.
 */
/* For the site's page names, and its one-line readers of front matter. */
#include "site.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Each part as made by its make_*, or NULL (void *: one part() for all). */
struct isms_facts {
	void *reviews;           /* isms_review[m->ndocs] */
	void *in_force;          /* isms_in_force[m->ndocs] */
	void *records;           /* isms_record[ISMS_NRECORDS] */
	void *training;          /* isms_training */
	void *pages;             /* const char *[m->ndocs] */
	void *soa;               /* isms_soa */
	void *slots[ISMS_FACTS_NSLOTS];  /* the other files' (isms_facts_slot) */
};

#define NPARTS (sizeof(struct isms_facts) / sizeof(void *))

/* `lock` guards the making of a model's facts; part_lock[k] the making of
 * every model's k-th part, so that two parts are made at once (the rules
 * run beside each other) while one part is made once. A part's make may
 * ask for another part: the parts depend on each other without a cycle,
 * so the locks are taken in one order. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t part_lock[NPARTS] = {
	[0 ... NPARTS - 1] = PTHREAD_MUTEX_INITIALIZER
};

/*
 * The part at `off` of m's facts, made by `make` on first use. A part
 * is published with release semantics once complete, so a reader that
 * sees it non-NULL without a lock sees all of it. A make allocates from
 * the model's arena, which takes allocations from any thread.
 */
static void *part(const isms_model *m, size_t off,
	void *(*make)(const isms_model *m))
{
	/* The cache is the one thing a const model lets change: its facts
	 * follow from what it holds and are the same whoever asks first. */
	isms_model *mm = (isms_model *)m;
	struct isms_facts *f = __atomic_load_n(&mm->facts, __ATOMIC_ACQUIRE);
	pthread_mutex_t *pl = &part_lock[off / sizeof(void *)];
	void **slot;
	void *p;

	if (f && (p = __atomic_load_n((void **)((char *)f + off),
	    __ATOMIC_ACQUIRE)))
		return p;
	if (!f) {
		pthread_mutex_lock(&lock);
		if (!(f = mm->facts)) {
			f = isms_arena_alloc(mm->arena, sizeof(*f));
			__atomic_store_n(&mm->facts, f, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&lock);
	}
	slot = (void **)((char *)f + off);
	pthread_mutex_lock(pl);
	if (!(p = __atomic_load_n(slot, __ATOMIC_ACQUIRE))) {
		p = make(m);
		__atomic_store_n(slot, p, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(pl);
	return p;
}

#define PART(m, field, make) \
	part(m, offsetof(struct isms_facts, field), make)

void *isms_facts_slot(const isms_model *m, isms_facts_slot_id slot,
	void *(*make)(const isms_model *m))
{
	if ((unsigned)slot >= ISMS_FACTS_NSLOTS)
		abort();
	return part(m, offsetof(struct isms_facts, slots) +
		(size_t)slot * sizeof(void *), make);
}

static size_t index_of(const isms_model *m, const isms_doc *d)
{
	if (d < m->docs || d >= m->docs + m->ndocs)
		abort();         /* a document of another model */
	return (size_t)(d - m->docs);
}

/* ---------------------------------------------------------------- review */

size_t isms_facts_last_approved(const isms_doc_history *dh)
{
	size_t i;

	for (i = 0; i < dh->n; i++)
		if (dh->changes[i].approval != ISMS_APPROVAL_NONE)
			return i;
	return dh->n;
}

static int retired(const isms_doc *d)
{
	return d->status && !strcmp(d->status, "retired");
}

static void judge_review(isms_review *rv, const isms_model *m,
	const isms_doc *d)
{
	const isms_doc_history *dh = m->history ?
		isms_history_doc(m->history, d->path) : NULL;
	const isms_ynode *nr = isms_yaml_get(d->fm, "next_review");
	const isms_ynode *ri = isms_yaml_get(d->fm, "review_interval");
	size_t n = dh ? dh->n : 0, i;
	isms_interval t;
	long day;

	rv->last = rv->due = rv->planned = -1;
	rv->every = m->cfg->review_interval;
	rv->unapproved = i = dh ? isms_facts_last_approved(dh) : 0;
	if (i < n) {
		rv->approved = &dh->changes[i];
		rv->last = isms_date_of(rv->approved->landed);
	}
	rv->why = !d->has_fm ? "no front matter" : retired(d) ? "retired" :
		!isms_yaml_get(d->fm, "version") && !nr && !ri ? "not reviewed" :
		NULL;
	if (rv->why) {
		rv->state = ISMS_REVIEW_NONE;
		return;
	}
	if (isms_interval_parse(&t, isms_yaml_str(ri)) == 0)
		rv->every = t;
	if (rv->last >= 0)
		rv->due = isms_interval_add(rv->last, &rv->every);
	if (isms_yaml_str(nr) && isms_date_parse(nr->str, &day) == 0) {
		rv->planned = day;
		rv->planned_at = nr;
		if (rv->due < 0 || day < rv->due)
			rv->due = day;
	}
	if (rv->due >= 0 && rv->due < m->now)
		rv->state = ISMS_REVIEW_OVERDUE;
	else if (rv->last < 0)
		rv->state = ISMS_REVIEW_NEVER;
	else if (rv->due - m->now <= ISMS_REVIEW_SOON_DAYS)
		rv->state = ISMS_REVIEW_SOON;
	else
		rv->state = ISMS_REVIEW_CURRENT;
}

static void *make_reviews(const isms_model *m)
{
	isms_review *rv = isms_arena_alloc(m->arena,
		(m->ndocs + 1) * sizeof(*rv));
	size_t i;

	for (i = 0; i < m->ndocs; i++)
		judge_review(&rv[i], m, &m->docs[i]);
	return rv;
}

const isms_review *isms_facts_review(const isms_model *m, const isms_doc *d)
{
	const isms_review *rv = PART(m, reviews, make_reviews);

	return &rv[index_of(m, d)];
}

static isms_in_force judge_in_force(const isms_model *m, const isms_doc *d)
{
	const isms_review *rv = isms_facts_review(m, d);
	const isms_doc_history *dh = isms_history_doc(m->history, d->path);

	if (!rv->approved)
		return ISMS_IN_FORCE_NEVER;
	if (rv->unapproved)
		return ISMS_IN_FORCE_CHANGED;
	/* The text shown is the one the branch's newest change left? The
	 * work tree (or the index) may hold an edit, or a branch the
	 * approval branch has not merged. */
	if (!dh || !dh->n || strcmp(d->blob, dh->changes[0].blob))
		return ISMS_IN_FORCE_UNMERGED;
	return ISMS_IN_FORCE_APPROVED;
}

static void *make_in_force(const isms_model *m)
{
	isms_in_force *v = isms_arena_alloc(m->arena,
		(m->ndocs + 1) * sizeof(*v));
	size_t i;

	for (i = 0; m->history && i < m->ndocs; i++)
		v[i] = judge_in_force(m, &m->docs[i]);
	return v;
}

isms_in_force isms_facts_in_force(const isms_model *m, const isms_doc *d)
{
	const isms_in_force *v;

	isms_facts_review(m, d);   /* made first: parts are made under a lock */
	v = PART(m, in_force, make_in_force);

	return v[index_of(m, d)];
}

/* ---------------------------------------------------------------- records */

static void newest(isms_record *rec, const isms_model *m)
{
	long day;
	size_t i;

	rec->last = rec->due = -1;
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];

		if (!is_type(d, rec->type) || (day = fm_day(d, "date")) < 0 ||
		    day > m->now || day <= rec->last)
			continue;
		rec->last = day;
		rec->doc = d;
	}
	if (rec->last >= 0)
		rec->due = isms_interval_add(rec->last, rec->every);
	rec->overdue = rec->last < 0 || rec->due < m->now;
}

static void *make_records(const isms_model *m)
{
	isms_record *r = isms_arena_alloc(m->arena, ISMS_NRECORDS * sizeof(*r));

	r[ISMS_RECORD_REVIEW] = (isms_record){ "management-review",
		"management review", &m->cfg->rec_review, NULL, 0, 0, 0 };
	r[ISMS_RECORD_AUDIT] = (isms_record){ "internal-audit",
		"internal audit", &m->cfg->rec_audit, NULL, 0, 0, 0 };
	newest(&r[ISMS_RECORD_REVIEW], m);
	newest(&r[ISMS_RECORD_AUDIT], m);
	return r;
}

const isms_record *isms_facts_records(const isms_model *m)
{
	return PART(m, records, make_records);
}

/* ---------------------------------------------------------------- training */

/* Whether a training attendee entry ("a@b" or "Name <a@b>") is `email`. */
static int attendee_is(const char *who, const char *email)
{
	const char *lt = who ? strchr(who, '<') : NULL;
	size_t n = strlen(email);

	return who && (!strcasecmp(who, email) || (lt &&
		!strncasecmp(lt + 1, email, n) && lt[1 + n] == '>'));
}

/* The training records of the period: documents of type training dated
 * from `since` to the model's today, with a list of attendees. */
struct trainings {
	const isms_doc **d;
	long *day;
	size_t n;
};

static void list_trainings(struct trainings *tr, const isms_model *m,
	long since)
{
	size_t i;
	long day;

	tr->d = calloc(m->ndocs + 1, sizeof(*tr->d));
	tr->day = calloc(m->ndocs + 1, sizeof(*tr->day));
	if (!tr->d || !tr->day)
		abort();
	tr->n = 0;
	for (i = 0; i < m->ndocs; i++) {
		const isms_doc *d = &m->docs[i];
		const isms_ynode *att = isms_yaml_get(d->fm, "attendees");

		if (!is_type(d, "training") || (day = fm_day(d, "date")) < since ||
		    day > m->now || !att || att->kind != ISMS_Y_SEQ)
			continue;
		tr->d[tr->n] = d;
		tr->day[tr->n++] = day;
	}
}

/* The newest of the trainings `email` attended, or NULL. */
static const isms_doc *trained_in(const struct trainings *tr,
	const char *email)
{
	const isms_doc *at = NULL;
	long best = -1;
	size_t i, k;

	for (i = 0; i < tr->n; i++) {
		const isms_ynode *att = isms_yaml_get(tr->d[i]->fm, "attendees");

		if (tr->day[i] <= best)
			continue;
		for (k = 0; k < att->n; k++)
			if (attendee_is(isms_yaml_str(att->items[k]), email)) {
				best = tr->day[i];
				at = tr->d[i];
				break;
			}
	}
	return at;
}

static void *make_training(const isms_model *m)
{
	const isms_config *c = m->cfg;
	isms_training *t = isms_arena_alloc(m->arena, sizeof(*t));
	isms_trainee *p = isms_arena_alloc(m->arena,
		(c->nstaff + c->nroles + 1) * sizeof(*p));
	struct trainings tr;
	size_t i, k;

	t->since = isms_interval_sub(m->now, &c->rec_training);
	list_trainings(&tr, m, t->since);
	/* Staff, then the roles' people: a person may hold two roles, or be
	 * listed under staff as well, and is counted once. */
	for (i = 0; i < c->nstaff + c->nroles; i++) {
		isms_trainee q = i < c->nstaff ?
			(isms_trainee){ c->staff[i].name, c->staff[i].email, NULL } :
			(isms_trainee){ c->roles[i - c->nstaff].name,
				c->roles[i - c->nstaff].email, NULL };

		for (k = 0; q.email && k < t->n; k++)
			if (!strcasecmp(p[k].email, q.email))
				break;
		if (!q.email || k < t->n)
			continue;
		q.trained = trained_in(&tr, q.email);
		t->ntrained += q.trained != NULL;
		p[t->n++] = q;
	}
	free(tr.d);
	free(tr.day);
	t->people = p;
	return t;
}

const isms_training *isms_facts_training(const isms_model *m)
{
	return PART(m, training, make_training);
}

/* ---------------------------------------------------------------- pages */

static void *make_pages(const isms_model *m)
{
	const char **pages = isms_arena_alloc(m->arena,
		(m->ndocs + 1) * sizeof(*pages));
	const char *root = isms_source_root(m->src);
	isms_buf b = ISMS_BUF_INIT;
	size_t i;

	for (i = 0; i < m->ndocs; i++) {
		isms_buf_truncate(&b, 0);
		isms_site_page_name(&b, root, m->docs[i].path,
			(const char *const *)m->governed, m->ngoverned);
		pages[i] = isms_arena_strdup(m->arena, b.ptr);
	}
	isms_buf_release(&b);
	return pages;
}

const char *const *isms_facts_pages(const isms_model *m)
{
	return PART(m, pages, make_pages);
}

void isms_doc_page(isms_buf *out, const isms_model *m, const isms_doc *d)
{
	isms_buf_puts(out, isms_facts_pages(m)[index_of(m, d)]);
}

/* ---------------------------------------------------------------- links */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void percent_decode(isms_buf *out, const char *s, size_t n)
{
	const char *end = s + n, *pct;

	/* The runs between escapes as they are, most URLs whole. */
	while ((pct = memchr(s, '%', (size_t)(end - s)))) {
		isms_buf_add(out, s, (size_t)(pct - s));
		s = pct + 1;
		if (end - pct > 2 && hexval(pct[1]) >= 0 && hexval(pct[2]) >= 0) {
			isms_buf_putc(out, hexval(pct[1]) * 16 + hexval(pct[2]));
			s = pct + 3;
		} else {
			isms_buf_putc(out, '%');
		}
	}
	isms_buf_add(out, s, (size_t)(end - s));
}

/* Resolve `rel` against the folder of `from` into `out` (repository
 * relative, no "." or ".."). Returns -1 when it climbs above the top. */
static int resolve(isms_buf *out, const char *from, const char *rel)
{
	const char *slash = strrchr(from, '/'), *p = rel;

	isms_buf_truncate(out, 0);
	if (*rel == '/') {
		while (*p == '/')
			p++;
	} else if (slash) {
		isms_buf_add(out, from, (size_t)(slash - from + 1));
	}
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (out->len == 0)
				return -1;
			out->len--;
			while (out->len > 0 && out->ptr[out->len - 1] != '/')
				out->len--;
			out->ptr[out->len] = '\0';
		} else {
			isms_buf_add(out, p, n);
			if (e)
				isms_buf_putc(out, '/');
		}
		p = e ? e + 1 : p + n;
	}
	return 0;
}

static int has_scheme(const char *url)
{
	const char *p = url;

	if (url[0] == '/' && url[1] == '/')
		return 1;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

void isms_link_target_release(isms_link_target *t)
{
	isms_buf_release(&t->path);
	isms_buf_release(&t->frag);
	isms_buf_release(&t->dec);
}

isms_link_kind isms_facts_link(isms_link_target *t, const isms_model *m,
	const isms_doc *from, const char *url)
{
	const char *end;

	t->doc = NULL;
	isms_buf_truncate(&t->path, 0);
	isms_buf_truncate(&t->frag, 0);
	if (!url || !*url || has_scheme(url))
		return ISMS_LINK_EXTERNAL;
	end = url + strcspn(url, "?#");
	t->rest = end;
	if (strchr(url, '#') && strchr(url, '#')[1]) {
		const char *hash = strchr(url, '#') + 1;
		percent_decode(&t->frag, hash, strlen(hash));
	}
	if (end == url) {
		t->doc = from;   /* "#anchor", "?query": this document */
		return ISMS_LINK_DOC;
	}
	isms_buf_truncate(&t->dec, 0);
	percent_decode(&t->dec, url, (size_t)(end - url));
	if (resolve(&t->path, from->path, t->dec.ptr) < 0)
		return ISMS_LINK_OUTSIDE;
	if ((t->doc = isms_model_doc(m, t->path.ptr)))
		return ISMS_LINK_DOC;
	return ISMS_LINK_FILE;
}

/* ---------------------------------------------------------------- SoA */

/* The soa.yml row of each catalog control: the first that names it wins
 * (isms-lint reports a second as field/invalid). */
static void find_decisions(isms_soa *soa, const isms_model *m,
	const isms_control *cat)
{
	const isms_ynode *rows = isms_yaml_get(m->soa, "controls");
	size_t i;

	if (!rows || rows->kind != ISMS_Y_MAP)
		return;
	for (i = 0; i < rows->n; i++) {
		const char *key = isms_yaml_str(rows->keys[i]);
		const isms_control *c = key ? isms_catalog_find(key, NULL) : NULL;

		if (c && !soa->rows[c - cat].key) {
			soa->rows[c - cat].key = rows->keys[i];
			soa->rows[c - cat].row = rows->items[i];
		}
	}
}

static void decide(isms_soa_row *r)
{
	const char *s;

	r->applicable = -1;
	/* Not a mapping: isms-lint reports the row's shape (field/invalid),
	 * and the control is undecided. */
	if (!r->row || r->row->kind != ISMS_Y_MAP)
		return;
	s = isms_yaml_str(isms_yaml_get(r->row, "applicable"));
	if (s && !strcmp(s, "true"))
		r->applicable = 1;
	else if (s && !strcmp(s, "false"))
		r->applicable = 0;
	s = isms_yaml_str(isms_yaml_get(r->row, "status"));
	r->status = s && *s ? s : NULL;
	s = isms_yaml_str(isms_yaml_get(r->row, "justification"));
	r->justification = s && *s ? s : NULL;
	/* An applicable control that treats a risk is justified by it
	 * (clause 6.1.3 c: controls determined from the risk treatment). */
	r->unjustified = !r->justification && !(r->applicable == 1 && r->nrisks);
}

/* Count (fill == 0) or record (fill == 1) document `d`, the di-th, in the
 * rows of the controls it lists - a risk among the row's treating risks,
 * any other document among its documents; last[] remembers the last
 * document counted per control, so that "A.5.1" and "5.1" in one list
 * count once. */
static void add_doc(isms_soa *soa, const isms_doc *d, size_t di,
	const isms_control *cat, size_t *last, int fill)
{
	const isms_ynode *c = isms_yaml_get(d->fm, "controls");
	int risk = is_type(d, "risk");
	size_t k;

	/* A retired risk treats nothing any more. */
	if (risk && retired(d))
		return;
	for (k = 0; c && c->kind == ISMS_Y_SEQ && k < c->n; k++) {
		const char *s = isms_yaml_str(c->items[k]);
		const isms_control *ct = s ? isms_catalog_find(s, NULL) : NULL;
		isms_soa_row *r;

		if (!ct || last[ct - cat] == di + 1)
			continue;
		last[ct - cat] = di + 1;
		r = &soa->rows[ct - cat];
		if (risk && fill)
			r->risks[r->nrisks] = d;
		else if (fill)
			r->docs[r->ndocs] = d;
		if (risk)
			r->nrisks++;
		else
			r->ndocs++;
	}
}

/* Which documents list each control: two passes (count, then fill) so that
 * each row's arrays are allocated once, in the documents' path order. */
static void list_documents(isms_soa *soa, const isms_model *m,
	const isms_control *cat)
{
	size_t *last = calloc(soa->n, sizeof(*last));
	size_t i;
	int fill;

	if (!last)
		abort();
	for (fill = 0; fill < 2; fill++) {
		for (i = 0; i < soa->n; i++) {
			isms_soa_row *r = &soa->rows[i];

			if (fill && r->ndocs)
				r->docs = isms_arena_alloc(m->arena,
					r->ndocs * sizeof(*r->docs));
			if (fill && r->nrisks)
				r->risks = isms_arena_alloc(m->arena,
					r->nrisks * sizeof(*r->risks));
			r->ndocs = r->nrisks = 0;
			last[i] = 0;
		}
		for (i = 0; i < m->ndocs; i++)
			add_doc(soa, &m->docs[i], i, cat, last, fill);
	}
	free(last);
}

static void *make_soa(const isms_model *m)
{
	const isms_control *cat;
	isms_soa *soa = isms_arena_alloc(m->arena, sizeof(*soa));
	size_t i;

	cat = isms_catalog_controls(&soa->n);
	soa->rows = isms_arena_alloc(m->arena, soa->n * sizeof(*soa->rows));
	find_decisions(soa, m, cat);
	list_documents(soa, m, cat);
	for (i = 0; i < soa->n; i++) {
		isms_soa_row *r = &soa->rows[i];

		r->control = &cat[i];
		decide(r);
		if (r->applicable == 1)
			soa->applicable++;
		else if (r->applicable == 0)
			soa->excluded++;
		else
			soa->undecided++;
		soa->unjustified += r->unjustified;
	}
	return soa;
}

const isms_soa *isms_facts_soa(const isms_model *m)
{
	return PART(m, soa, make_soa);
}

/* ---------------------------------------------------------------- tracker */

const isms_ticket_facts *isms_facts_tickets(const isms_model *m)
{
	return isms_facts_slot(m, ISMS_FACTS_TICKETS, isms_facts_make_tickets);
}

/* ---------------------------------------------------------------- templates */

const void *isms_facts_templates(const isms_model *m)
{
	return isms_facts_slot(m, ISMS_FACTS_TEMPLATES,
		isms_facts_make_templates);
}

size_t isms_facts_index(const isms_model *m, const isms_doc *d)
{
	return index_of(m, d);
}

/* ---------------------------------------------------------------- KPIs */

const isms_minutes *isms_facts_minutes(const isms_model *m, const isms_doc *d)
{
	const isms_minutes *mn = isms_facts_slot(m, ISMS_FACTS_MINUTES,
		isms_facts_make_minutes);

	mn = &mn[index_of(m, d)];
	return mn->doc ? mn : NULL;
}

const isms_kpis *isms_facts_kpis(const isms_model *m)
{
	/* Made alone: it reads no other part. */
	return isms_facts_slot(m, ISMS_FACTS_KPIS, isms_facts_make_kpis);
}

/* The figures read other parts: made first, so that making the figures
 * under the lock finds them made and takes no lock again. */
const isms_figures *isms_facts_figures(const isms_model *m)
{
	isms_facts_slot(m, ISMS_FACTS_MINUTES,
		isms_facts_make_minutes);
	isms_facts_training(m);
	return isms_facts_slot(m, ISMS_FACTS_FIGURES,
		isms_facts_make_figures);
}
