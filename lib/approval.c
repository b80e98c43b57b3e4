/*
 * approval.c - the rules that read history and records: approvals,
 * reviews, versions, and the records that prove the ISMS runs (management
 * reviews, internal audits, training).
 */
#include "rule-check.h"

#include <stdlib.h>
#include <string.h>

static const char *short_id(const char *hex, char out[8])
{
	memcpy(out, hex, 7);
	out[7] = '\0';
	return out;
}

/* For a change whose approvals are all weaker than approval.require: who
 * approved it, and with what ("" otherwise). */
static const char *weak_note(isms_buf *out, const isms_change *c)
{
	size_t i;

	isms_buf_truncate(out, 0);
	for (i = 0; i < c->napprovers; i++) {
		isms_buf_puts(out, i ? "; " : " (approved only by ");
		isms_buf_printf(out, "%s: ", c->approvers[i].name);
		isms_approver_detail(out, &c->approvers[i], 1);
	}
	isms_buf_puts(out, i ? ")" : "");
	return out->ptr;
}

/* approval/missing and approval/self: the changes since the last approved
 * one. The newest is named; the count says how many there are. */
static void check_approval(isms_report *r, const isms_model *m,
	const char *path, const isms_doc_history *dh)
{
	size_t last = isms_facts_last_approved(dh), i, nself = 0, nmiss = 0;
	const isms_change *self = NULL, *miss = NULL;
	isms_buf weak = ISMS_BUF_INIT;
	char s1[8], s2[8], day[11];

	for (i = 0; i < last; i++) {
		const isms_change *c = &dh->changes[i];
		if (c->self_only) {
			self = self ? self : c;
			nself++;
		} else {
			miss = miss ? miss : c;
			nmiss++;
		}
	}
	if (self) {
		isms_date_format(day, isms_date_of(self->landed));
		isms_report_rule(r, path, 1, 1, ISMS_RULE_APPROVAL_SELF,
			"changed in %s \"%s\" (%s) by %s, approved only by that same "
			"person%s", short_id(self->commit, s1), self->subject, day,
			self->author, nself > 1 ? ", and in more changes" : "");
	}
	if (!miss)
		return;
	isms_date_format(day, isms_date_of(miss->landed));
	if (last < dh->n)
		isms_report_rule(r, path, 1, 1, ISMS_RULE_APPROVAL_MISSING,
			"changed on %s in %s \"%s\" (%s) without approval%s%s; the last "
			"approved change is %s", m->history->branch ?
			m->history->branch + (strncmp(m->history->branch, "refs/heads/", 11)
			? 0 : 11) : "the branch", short_id(miss->commit, s1),
			miss->subject, day, weak_note(&weak, miss),
			nmiss > 1 ? " (and earlier changes)" : "",
			short_id(dh->changes[last].commit, s2));
	else
		isms_report_rule(r, path, 1, 1, ISMS_RULE_APPROVAL_MISSING,
			"never approved: %zu change%s, the latest %s \"%s\" (%s), "
			"reached the branch without approval%s", nmiss,
			nmiss == 1 ? "" : "s", short_id(miss->commit, s1),
			miss->subject, day, weak_note(&weak, miss));
	isms_buf_release(&weak);
}

void isms_rule_approval(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	check_approval(r, cx->m, d->path, dh);
}

/* review/overdue: the review as the facts judge it (isms_review), for
 * every document, with history or not (a planned review that has passed
 * is overdue before the first commit too: the site says so). A document
 * never approved and with no review planned is approval/missing's. */
void isms_rule_review(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	const isms_review *rv = isms_facts_review(m, d);
	const isms_interval *iv = &rv->every;
	char s[8], d1[11], d2[11];

	if (rv->state != ISMS_REVIEW_OVERDUE)
		return;
	if (rv->planned >= 0 && rv->planned < m->now) {
		isms_report_rule(r, d->path, rv->planned_at->line,
			rv->planned_at->col, ISMS_RULE_REVIEW_OVERDUE,
			"the review planned for %s has not happened",
			rv->planned_at->str);
		return;
	}
	isms_date_format(d1, rv->last);
	isms_date_format(d2, rv->due);
	isms_report_rule(r, d->path, 1, 1, ISMS_RULE_REVIEW_OVERDUE,
		"last approved on %s (%s); the review was due by %s (every %d %s%s)",
		d1, short_id(rv->approved->commit, s), d2, iv->n,
		iv->unit == 'd' ? "day" : iv->unit == 'w' ? "week" :
		iv->unit == 'm' ? "month" : "year", iv->n == 1 ? "" : "s");
}

/* Whether the body changed from `a` to `b` while the version did not:
 * both with front matter and the same version. */
/* Both texts have front matter and the same version: then whether their
 * bodies differ decides version/unchanged. */
static int same_version(const isms_blob_version *a, const isms_blob_version *b)
{
	return a->front && b->front && a->version && b->version &&
		!strcmp(a->version, b->version);
}

/*
 * version/unchanged with --staged: the staged text against HEAD's. The
 * same blob is the same text; only a document the index changes is read
 * again (the model keeps facts, not texts), and HEAD's blob's version is
 * the cache's.
 */
void isms_rule_version_staged(isms_report *r, const isms_rule_ctx *cx,
	isms_doc *d, const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	isms_arena *a;
	isms_buf now = ISMS_BUF_INIT;
	isms_blob_version v0, v1;
	char blob[41], staged[41], b0[41], b1[41];

	if (!m->head_tree[0] || !d->def || !d->version ||
	    !isms_model_staged(m, d->path))
		return;
	isms_source_blob_at(blob, m->src, m->head_tree, d->path);
	if (!*blob || (isms_source_id(staged, m->src, d->path) == 0 &&
	    !strcmp(blob, staged)))
		return;
	a = isms_arena_new();
	if (isms_source_read(&now, m->src, d->path, NULL) == 0 &&
	    isms_blob_version_of(&v0, m->src, blob, a) == 0) {
		isms_text_blob_version(&v1, now.ptr, now.len, a);
		v1.front = 1;
		v1.version = d->version;
		if (same_version(&v0, &v1) &&
		    isms_blob_body_of(b0, m->src, blob) == 0 &&
		    (isms_text_body(b1, now.ptr, now.len), strcmp(b0, b1)))
			isms_report_rule(r, d->path, 1, 1, ISMS_RULE_VERSION_UNCHANGED,
				"the body changed since HEAD, but version is still \"%s\"",
				d->version);
	}
	isms_buf_release(&now);
	isms_arena_free(a);
}

/* version/unchanged: the latest change on the branch against the text
 * before it. */
void isms_rule_version(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	isms_arena *a;
	isms_blob_version v0, v1;
	char s[8], b0[41], b1[41];

	if (m->head_tree[0] || !d->def || !isms_yaml_get(d->fm, "version"))
		return;
	a = isms_arena_new();
	if (isms_blob_version_of(&v0, m->src, dh->changes[0].parent_blob, a) == 0 &&
	    isms_doc_blob_version(&v1, m->src, d, dh->changes[0].blob, a) == 0 &&
	    same_version(&v0, &v1) &&
	    isms_blob_body_of(b0, m->src, dh->changes[0].parent_blob) == 0 &&
	    isms_blob_body_of(b1, m->src, dh->changes[0].blob) == 0 &&
	    strcmp(b0, b1))
		isms_report_rule(r, d->path, 1, 1, ISMS_RULE_VERSION_UNCHANGED,
			"the body changed in %s \"%s\", but version stayed \"%s\"",
			short_id(dh->changes[0].commit, s), dh->changes[0].subject,
			v1.version);
	isms_arena_free(a);
}

/* ---------------------------------------------------------------- records */

static void record_rule(isms_report *r, const isms_model *m,
	const isms_record *rec)
{
	const isms_ynode *date;
	char d1[11], d2[11];

	if (!rec->doc) {
		isms_report_rule(r, m->config_file, 0, 0, ISMS_RULE_RECORD_OVERDUE,
			"no %s on record (a document of type %s with a date)",
			rec->what, rec->type);
		return;
	}
	if (!rec->overdue)
		return;
	date = isms_yaml_get(rec->doc->fm, "date");
	isms_date_format(d1, rec->last);
	isms_date_format(d2, rec->due);
	isms_report_rule(r, rec->doc->path, date->line, date->col,
		ISMS_RULE_RECORD_OVERDUE, "the last %s was on %s; the next was due "
		"by %s", rec->what, d1, d2);
}

/* training/overdue: everyone the facts name (staff and the roles'
 * people) without a training record within records.training, or nobody
 * named at all. The same judgement as the site's audit page and
 * dashboard, with or without a staff list or any training record. */
void isms_rule_training(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	const isms_training *t;
	size_t i;
	char day[11];

	if (!m->ndocs)
		return;
	t = isms_facts_training(m);
	if (!t->n)
		isms_report_rule(r, m->config_file, 0, 0, ISMS_RULE_TRAINING_OVERDUE,
			"isms.yml lists no staff and no role with an e-mail, so "
			"nobody's training can be shown");
	isms_date_format(day, t->since);
	for (i = 0; i < t->n; i++)
		if (!t->people[i].trained)
			isms_report_rule(r, m->config_file, 0, 0,
				ISMS_RULE_TRAINING_OVERDUE, "%s <%s> has no training "
				"record since %s", t->people[i].name ?
				t->people[i].name : "", t->people[i].email, day);
}

/* ---------------------------------------------------------------- governed */

/* A document or governed file that left the ISMS without approval. */
static void rule_removed(isms_report *r, const isms_change *c)
{
	char s[8], day[11];

	if (c->approval != ISMS_APPROVAL_NONE)
		return;
	isms_date_format(day, isms_date_of(c->landed));
	isms_report_rule(r, c->path, 0, 0, c->self_only ? ISMS_RULE_APPROVAL_SELF :
		ISMS_RULE_APPROVAL_MISSING, "removed in %s \"%s\" (%s) by %s without "
		"approval%s", short_id(c->commit, s), c->subject, day, c->author,
		c->self_only ? " (approved only by that same person)" : "");
}

/*
 * Documents that an unapproved change of isms.yml put out of scope: in
 * scope under the configuration of its last approved change, not under
 * the one read now. They left the ISMS as surely as a deleted one.
 */
static void rule_out_of_scope(isms_report *r, const isms_model *m)
{
	const isms_doc_history *dh;
	const isms_file *files;
	isms_buf text = ISMS_BUF_INIT;
	isms_config *was = NULL;
	size_t last, i, n, rl = strlen(isms_source_root(m->src));
	char s[8];

	if (!m->history || !m->cfg->path ||
	    !(dh = isms_history_doc(m->history, m->cfg->path)) || !dh->n ||
	    (last = isms_facts_last_approved(dh)) == 0 || last == dh->n)
		return;
	if (isms_source_blob(&text, m->src, dh->changes[last].blob, NULL) < 0 ||
	    isms_config_load(&was, m->cfg->path, text.ptr,
		text.len, NULL) < 0 ||
	    isms_source_list(&files, &n, m->src, NULL) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		const char *rel = files[i].path + rl;

		if (isms_config_in_scope(was, rel) && !isms_config_in_scope(m->cfg, rel))
			isms_report_rule(r, files[i].path, 0, 0, ISMS_RULE_APPROVAL_MISSING,
				"put out of the ISMS by %s \"%s\", a change of %s without "
				"approval (include/exclude)",
				short_id(dh->changes[last - 1].commit, s),
				dh->changes[last - 1].subject, m->cfg->path);
	}
done:
	isms_config_free(was);
	isms_buf_release(&text);
}

/* approval/missing and approval/self for the governed files, for
 * documents removed (deleted, renamed out of the ISMS) without approval,
 * and for documents an unapproved isms.yml put out of scope. */
void isms_rule_governed(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	size_t i;

	if (!m->history)
		return;
	for (i = 0; i < m->ngoverned; i++) {
		const isms_doc_history *gh = isms_history_doc(m->history,
			m->governed[i]);
		if (gh && gh->n)
			check_approval(r, m, gh->path, gh);
	}
	for (i = 0; i < m->history->nremoved; i++)
		rule_removed(r, &m->history->removed[i]);
	rule_out_of_scope(r, m);
}

/* record/overdue: the management reviews and internal audits. */
void isms_rule_records(isms_report *r, const isms_rule_ctx *cx, isms_doc *d,
	const isms_doc_history *dh)
{
	const isms_model *m = cx->m;
	size_t i;

	if (!m->ndocs)
		return;
	for (i = 0; i < ISMS_NRECORDS; i++)
		record_rule(r, m, &isms_facts_records(m)[i]);
}
