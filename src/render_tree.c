/*
 * render_tree.c: sessions, blocks and summaries as an element tree, one loop
 * over the field table per object.  The emitter makes it XML or JSON.
 * Element names and order: notes/junos-xml.md sections 2 and 3.
 */
#include "render_int.h"

#define BLOCK_ELEMENT		"flow-session-information"
#define SUMMARY_ELEMENT		"flow-session-summary-information"
#define LOWEND_WRAPPER		"security-flow-information"
#define RESULTS_ELEMENT		"multi-routing-engine-results"
#define ITEM_ELEMENT		"multi-routing-engine-item"

static void
tree_fields(struct render_state *st, int first, int end, const void *obj)
{
	struct field_val v;

	for (int i = first; i < end; i++) {
		const struct field *f = &field_table[i];

		if (!field_present(f, obj))
			continue;
		field_format(f, obj, &st->env, &v);
		st->emit->leaf(st, i, &v);
	}
}

/* Keeps one list of same-named elements open at the top of the document. */
static void
tree_top(struct render_state *st, const char *name)
{
	if (st->top_list == name)
		return;
	if (st->top_list != NULL)
		st->emit->list_end(st);
	st->emit->list_begin(st, name);
	st->top_list = name;
}

static void
tree_doc_begin(struct render_state *st)
{
	st->emit->doc_begin(st);
}

/* A chassis cluster's reply: one item per node, in one results element,
 * each item its re-name, then the node's blocks. */
static void
tree_node(struct render_state *st, const struct flow_pic *pic, int begin)
{
	const struct render_emit *e = st->emit;
	struct flow_block b = { .node_name = pic->node_name };

	if (!begin) {
		if (st->top_list != NULL)
			e->list_end(st);
		st->top_list = NULL;
		e->close(st, ITEM_ELEMENT);
		st->in_item = 0;
		return;
	}
	if (!st->in_results) {
		tree_top(st, RESULTS_ELEMENT);
		e->open(st, RESULTS_ELEMENT, EL_PLAIN);
		e->list_begin(st, ITEM_ELEMENT);
		st->outer_top = st->top_list;
		st->in_results = 1;
	}
	st->top_list = NULL;
	e->open(st, ITEM_ELEMENT, EL_PLAIN);
	st->in_item = 1;
	if (pic->node_name != 0) {
		b.present = 1u << BP_NODE;
		tree_fields(st, F_RE_NAME, F_RE_NAME + 1, &b);
	}
}

static void
tree_block_begin(struct render_state *st, const struct flow_block *b)
{
	tree_top(st, BLOCK_ELEMENT);
	st->emit->open(st, BLOCK_ELEMENT, EL_BLOCK);
	tree_fields(st, F_PIC_NAME, F_PIC_NAME + 1, b);
	st->session_list = 0;
}

static void
tree_session(struct render_state *st, const struct flow_session *s)
{
	const struct render_emit *e = st->emit;

	if (!st->session_list) {
		e->list_begin(st, FIELD_SESSION_ELEMENT);
		st->session_list = 1;
	}
	e->open(st, FIELD_SESSION_ELEMENT, EL_STYLED);
	tree_fields(st, F_SESSION_FIRST, F_SESSION_END, s);
	if (flow_is_rm(s)) {
		e->list_begin(st, FIELD_RM_ELEMENT);
		e->open(st, FIELD_RM_ELEMENT, EL_PLAIN);
		tree_fields(st, F_RM_FIRST, F_RM_END, s);
		e->close(st, FIELD_RM_ELEMENT);
		e->list_end(st);
	}
	if (s->nwings > 0) {
		e->list_begin(st, FIELD_WING_ELEMENT);
		for (unsigned i = 0; i < s->nwings; i++) {
			e->open(st, FIELD_WING_ELEMENT, EL_STYLED);
			tree_fields(st, F_WING_FIRST, F_WING_END, &s->wing[i]);
			e->close(st, FIELD_WING_ELEMENT);
		}
		e->list_end(st);
	}
	e->close(st, FIELD_SESSION_ELEMENT);
}

static void
tree_block_end(struct render_state *st, const struct flow_block *b)
{
	if (st->session_list) {
		st->emit->list_end(st);
		st->session_list = 0;
	}
	tree_fields(st, F_DISPLAYED, F_DISPLAYED + 1, b);
	st->emit->close(st, BLOCK_ELEMENT);
}

static void
tree_summary(struct render_state *st, const struct flow_block *b,
    const struct flow_summary *sum, int form)
{
	const struct render_emit *e = st->emit;
	int wrap = form == RENDER_FORM_DISPLAYED && !(b->present & (1u << BP_NAME));

	if (form == RENDER_FORM_ACTIVE) {
		tree_top(st, SUMMARY_ELEMENT);
		e->open(st, SUMMARY_ELEMENT, EL_BLOCK);
		tree_fields(st, F_PIC_NAME, F_PIC_NAME + 1, b);
		tree_fields(st, F_A_UNICAST, F_A_MAX + 1, sum);
		e->close(st, SUMMARY_ELEMENT);
		return;
	}
	if (wrap) {
		/* Low-end devices wrap the filtered summary. */
		tree_top(st, LOWEND_WRAPPER);
		e->open(st, LOWEND_WRAPPER, EL_PLAIN);
		e->list_begin(st, BLOCK_ELEMENT);
	} else
		tree_top(st, BLOCK_ELEMENT);
	e->open(st, BLOCK_ELEMENT, EL_BLOCK);
	tree_fields(st, F_PIC_NAME, F_PIC_NAME + 1, b);
	tree_fields(st, F_D_VALID, F_D_OTHER + 1, sum);
	tree_fields(st, F_DISPLAYED, F_DISPLAYED + 1, b);
	e->close(st, BLOCK_ELEMENT);
	if (wrap) {
		e->list_end(st);
		e->close(st, LOWEND_WRAPPER);
	}
}

static void
tree_doc_end(struct render_state *st)
{
	if (st->in_results) {
		st->emit->list_end(st);		/* the items */
		st->emit->close(st, RESULTS_ELEMENT);
		st->top_list = st->outer_top;
		st->in_results = 0;
	}
	if (st->top_list != NULL)
		st->emit->list_end(st);
	st->top_list = NULL;
	st->emit->doc_end(st);
}

const struct render_backend render_tree_backend = {
	tree_node, tree_doc_begin, tree_block_begin, tree_session,
	tree_block_end, tree_summary, tree_doc_end
};
