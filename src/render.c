/*
 * render.c: walks a snapshot through the filter and drives the output
 * backend (see render.h).  Lookups by identifier and paging by start
 * identifier go to the store's index; summaries without content criteria
 * come from the per-PIC counts.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

static const char *const view_names[] = {
	[RENDER_DEFAULT] = "default",
	[RENDER_BRIEF] = "brief",
	[RENDER_EXTENSIVE] = "extensive",
	[RENDER_SUMMARY] = "summary",
};

int
render_view_parse(const char *s, enum render_view *v)
{
	for (unsigned i = 0; i < sizeof view_names / sizeof view_names[0]; i++)
		if (strcmp(s, view_names[i]) == 0) {
			*v = (enum render_view)i;
			return 0;
		}
	return -1;
}

const char *
render_view_name(enum render_view v)
{
	return view_names[v];
}

static const char *const format_names[] = {
	[RENDER_TEXT] = "text",
	[RENDER_XML] = "xml",
	[RENDER_JSON] = "json",
	[RENDER_YANG] = "yang",
};

int
render_format_parse(const char *s, enum render_format *f)
{
	for (unsigned i = 0; i < sizeof format_names / sizeof format_names[0];
	    i++)
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum render_format)i;
			return 0;
		}
	return -1;
}

struct render_tag render_tags[F__COUNT];
static pthread_once_t render_tags_once = PTHREAD_ONCE_INIT;

static void
render_tags_build(void)
{
	for (int i = 0; i < F__COUNT; i++) {
		const char *n = field_table[i].name;
		size_t len = strlen(n);
		struct render_tag *t = &render_tags[i];

		t->open[0] = '<';
		memcpy(t->open + 1, n, len);
		t->open[len + 1] = '>';
		t->olen = (uint8_t)(len + 2);
		memcpy(t->close, "</", 2);
		memcpy(t->close + 2, n, len);
		memcpy(t->close + len + 2, ">\n", 2);
		t->clen = (uint8_t)(len + 4);
	}
}

void
render_tags_init(void)
{
	pthread_once(&render_tags_once, render_tags_build);
}

const char render_spaces[65] =
    "                                                                ";

void
render_indent(struct render_state *st)
{
	unsigned n = st->depth * 4;

	sink_write(st->out, render_spaces, n < 64 ? n : 64);
}

const char *
render_style(const struct render_state *st)
{
	return st->o->view == RENDER_EXTENSIVE ? "extensive" : "brief";
}

static void
render_init(struct render_state *st, const struct store_snap *snap,
    const struct render_opts *o, struct sink *out, int large)
{
	uint32_t rel = store_snap_release(snap);

	memset(st, 0, sizeof *st);
	st->o = o;
	st->out = out;
	st->snap = snap;
	/* The release asked for, else the data's, else none: the product
	 * page's form, and our XML names a release of that form, so that
	 * it reads back the same. */
	if (o->release != NULL)
		st->release = o->release;
	else if (rel != 0)
		st->release = atom_get(store_snap_atoms(snap), rel)->str;
	st->family = render_family(st->release);
	if (st->release == NULL)
		st->release = RENDER_PAGE_RELEASE;
	field_env_init(&st->env, store_snap_atoms(snap), large);
	st->emit = o->format == RENDER_JSON ? &render_json_emit :
	    &render_xml_emit;
}

/* Counts by state of the PIC's sessions that the filter selects. */
static void
render_count(const struct store_snap *snap, uint32_t i,
    const struct filter *f, const struct atom_table *atoms, uint64_t *c)
{
	const struct flow_session *s;
	struct store_iter it;

	if (filter_counts_only(f)) {
		flow_pic_counts(store_snap_pic(snap, i),
		    f != NULL && (f->set & FILTER_BIT(FILTER_RM)), c);
		return;
	}
	memset(c, 0, FLOW_STATE__COUNT * sizeof *c);
	store_iter_pic(&it, snap, i,
	    (f->set & FILTER_BIT(FILTER_START)) ? f->start : 0);
	while ((s = store_iter_next(&it, NULL)) != NULL)
		if (filter_match(f, atoms, s))
			c[s->state]++;
}

#define SUMBIT(i)	(1u << (i))

void
render_pic_summary(const struct store_snap *snap, uint32_t i,
    const struct filter *f, const struct atom_table *atoms, int form,
    struct flow_summary *sum, struct flow_block *blk)
{
	const struct flow_pic *pic = store_snap_pic(snap, i);
	const struct flow_summary *rec = &pic->summary;
	int recorded = form == RENDER_FORM_ACTIVE ? FLOW_SUM_ACTIVE :
	    FLOW_SUM_DISPLAYED;
	uint64_t c[FLOW_STATE__COUNT], total;

	memset(sum, 0, sizeof *sum);
	if (pic->nsessions == 0 && pic->recorded == recorded) {
		*sum = *rec;
		goto done;
	}
	render_count(snap, i, f, atoms, c);
	total = c[0] + c[1] + c[2] + c[3];
	if (form == RENDER_FORM_DISPLAYED) {
		sum->v[SUM_VALID] = c[0];
		sum->v[SUM_PENDING] = c[1];
		sum->v[SUM_INVALIDATED] = c[2];
		sum->v[SUM_OTHER] = c[3];
		sum->v[SUM_TOTAL] = total;
		sum->present = SUMBIT(SUM_VALID) | SUMBIT(SUM_PENDING) |
		    SUMBIT(SUM_INVALIDATED) | SUMBIT(SUM_OTHER) |
		    SUMBIT(SUM_TOTAL);
	} else {
		sum->v[SUM_UNICAST] = total;
		sum->v[SUM_ACTIVE] = total;
		sum->v[SUM_A_VALID] = c[0];
		sum->v[SUM_A_PENDING] = c[1];
		sum->v[SUM_A_INVALIDATED] = c[2];
		sum->v[SUM_A_OTHER] = c[3];
		sum->v[SUM_MAX] = pic->max_sessions != 0 ? pic->max_sessions :
		    rec->v[SUM_MAX];
		sum->present = SUMBIT(SUM_UNICAST) | SUMBIT(SUM_MULTICAST) |
		    SUMBIT(SUM_FAILED) | SUMBIT(SUM_ACTIVE) |
		    SUMBIT(SUM_A_VALID) | SUMBIT(SUM_A_PENDING) |
		    SUMBIT(SUM_A_INVALIDATED) | SUMBIT(SUM_A_OTHER) |
		    SUMBIT(SUM_MAX);
	}
done:
	blk->count = sum->v[SUM_TOTAL];
	if (sum->present & SUMBIT(SUM_TOTAL))
		blk->present |= 1u << BP_COUNT;
}

static void
render_summary(struct render_state *st, const struct render_backend *b,
    const struct store_snap *snap, uint32_t i, struct flow_block *blk)
{
	const struct flow_pic *pic = store_snap_pic(snap, i);
	struct flow_summary sum;
	int form = (st->o->flags & RENDER_ACTIVE_SUMMARY) ?
	    RENDER_FORM_ACTIVE : RENDER_FORM_DISPLAYED;

	/* A summary read from a device is shown as it came, unless the
	 * caller asks for the other form. */
	if (pic->nsessions == 0 && pic->recorded != FLOW_SUM_NONE &&
	    !(st->o->flags & RENDER_ACTIVE_SUMMARY))
		form = pic->recorded == FLOW_SUM_ACTIVE ? RENDER_FORM_ACTIVE :
		    RENDER_FORM_DISPLAYED;
	render_pic_summary(snap, i, st->o->filter, st->env.atoms, form, &sum,
	    blk);
	b->summary(st, blk, &sum, form);
}

/* The PICs to show, in the order of the reply they came from (else in
 * key order), as indices into the snapshot.  NULL when out of memory. */
static uint32_t *
render_pics(const struct store_snap *snap, const struct filter *f,
    uint32_t *n)
{
	uint32_t npics = store_snap_npics(snap), k = 0;
	uint32_t *v = malloc((npics + 1) * sizeof *v);
	int ordered = 0;

	if (v == NULL)
		return NULL;
	for (uint32_t i = 0; i < npics; i++) {
		const struct flow_pic *p = store_snap_pic(snap, i);

		if (f != NULL && (f->set & FILTER_BIT(FILTER_PIC)) &&
		    (p->fpc != f->fpc || p->pic != f->pic))
			continue;
		if (!filter_node_match(f, p->node, store_snap_node(snap, 0),
		    store_snap_node(snap, 1)))
			continue;
		ordered |= p->seq != 0;
		v[k++] = i;
	}
	/* Few PICs: an insertion sort by place (stable: key order among
	 * equals). */
	for (uint32_t i = 1; ordered && i < k; i++) {
		uint32_t x = v[i], j = i;
		uint32_t sx = store_snap_pic(snap, x)->seq;

		while (j > 0 && store_snap_pic(snap, v[j - 1])->seq > sx) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	*n = k;
	return v;
}

/* The sessions of PIC index i the filter selects, at most *remaining. */
static void
render_pic_sessions(struct render_state *st, const struct render_backend *b,
    uint32_t i, struct flow_block *blk, uint64_t *remaining)
{
	const struct store_snap *snap = st->snap;
	const struct filter *f = st->o->filter;
	const struct flow_pic *pic = store_snap_pic(snap, i);
	uint64_t start = f != NULL && (f->set & FILTER_BIT(FILTER_START)) ?
	    f->start : 0, n;
	const struct flow_session *const *order, *s;
	struct store_iter it;

	if (f != NULL && (f->set & FILTER_BIT(FILTER_ID))) {
		s = store_lookup_n(snap, pic->node, pic->fpc, pic->pic, f->id);
		if (s != NULL && *remaining > 0 &&
		    filter_match(f, st->env.atoms, s)) {
			b->session(st, s);
			blk->count++;
			(*remaining)--;
		}
		return;
	}
	if ((order = store_snap_pic_order(snap, i, &n)) != NULL) {
		/* As the reply had them; paging by identifier still pages
		 * by identifier. */
		for (uint64_t k = 0; k < n && *remaining > 0; k++) {
			s = order[k];
			if (s->id < start || !filter_match(f, st->env.atoms, s))
				continue;
			b->session(st, s);
			blk->count++;
			(*remaining)--;
		}
		return;
	}
	store_iter_pic(&it, snap, i, start);
	while (*remaining > 0 && (s = store_iter_next(&it, NULL)) != NULL) {
		if (!filter_match(f, st->env.atoms, s))
			continue;
		b->session(st, s);
		blk->count++;
		(*remaining)--;
	}
}

int
render_snap(const struct store_snap *snap, const struct render_opts *o,
    struct sink *out)
{
	const struct render_backend *b = o->format == RENDER_TEXT ?
	    &render_text_backend : o->format == RENDER_YANG ?
	    &render_yang_backend : &render_tree_backend;
	const struct filter *f = o->filter;
	uint64_t remaining = UINT64_MAX;
	const struct flow_pic *node = NULL;
	struct render_state st;
	uint32_t *pics, npics;

	render_init(&st, snap, o, out,
	    f == NULL || !(f->set & FILTER_BIT(FILTER_ID)));
	if ((pics = render_pics(snap, f, &npics)) == NULL) {
		field_env_free(&st.env);
		return -1;
	}
	if (f != NULL && (f->set & FILTER_BIT(FILTER_COUNT)))
		remaining = f->count;
	b->doc_begin(&st);
	for (uint32_t k = 0; k < npics && sink_error(out) == 0; k++) {
		uint32_t i = pics[k];
		const struct flow_pic *pic = store_snap_pic(snap, i);
		struct flow_block blk = { .name = pic->name,
		    .node_name = pic->node_name };

		/* A chassis cluster's nodes, never merged (R5.4). */
		if (b->node != NULL && (node == NULL ? pic->node != 0 :
		    pic->node != node->node)) {
			if (node != NULL && node->node != 0)
				b->node(&st, node, 0);
			if (pic->node != 0)
				b->node(&st, pic, 1);
		}
		node = pic;
		if (pic->has_header)
			blk.present = 1u << BP_NAME;
		if (pic->node_name != 0)
			blk.present |= 1u << BP_NODE;
		st.pic = i;
		if (o->view == RENDER_SUMMARY && b->summary != NULL) {
			render_summary(&st, b, snap, i, &blk);
			continue;
		}
		b->block_begin(&st, &blk);
		render_pic_sessions(&st, b, i, &blk, &remaining);
		blk.present |= 1u << BP_COUNT;
		b->block_end(&st, &blk);
	}
	if (b->node != NULL && node != NULL && node->node != 0)
		b->node(&st, node, 0);
	b->doc_end(&st);
	free(pics);
	field_env_free(&st.env);
	return sink_error(out) != 0 ? -1 : 0;
}

int
render_session_text(const struct store_snap *snap,
    const struct flow_session *s, enum render_view view, const char *release,
    struct sink *out)
{
	struct render_opts o = { .view = view, .format = RENDER_TEXT,
	    .release = release };
	struct render_state st;

	render_init(&st, snap, &o, out, 0);
	render_text_backend.session(&st, s);
	return sink_error(out) != 0 ? -1 : 0;
}
