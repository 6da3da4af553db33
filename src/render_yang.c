/*
 * render_yang.c: the store as flowagent-session's operational state, the
 * container /flowagent-session:flow-sessions (yang/flowagent-session.yang),
 * in compact XML for a NETCONF <data>.  The module's leaves carry the field
 * table's Junos element names, so a session, a wing and a summary are each
 * a loop over rows, as in render_tree.c; the state enumeration is the one
 * leaf that is not a row.
 */
#include <string.h>

#include "render_int.h"

#define PUT(st, lit)	sink_write((st)->out, (lit), sizeof (lit) - 1)

/* leaf state (typedef session-state), by enum flow_state. */
static const char *const state_names[FLOW_STATE__COUNT] = {
	[FLOW_STATE_VALID] = "valid",
	[FLOW_STATE_PENDING] = "pending",
	[FLOW_STATE_INVALIDATED] = "invalidated",
	[FLOW_STATE_OTHER] = "other",
};

/*
 * One leaf.  Tags are copied as whole 64-byte blocks into reserved slack
 * and the end advanced by their real length, as render_xml.c does; numbers
 * are formatted in place.
 */
static void
yang_leaf(struct render_state *st, int i, const void *obj)
{
	const struct field *f = &field_table[i];
	struct field_val v;
	const char *val;
	size_t vlen;
	char *base, *p;

	if (FIELD_IS_NUMBER(f)) {
		p = base = sink_reserve(st->out, 2 * 64 + FIELD_BUF);
		if (p == NULL)
			return;
		memcpy(p, render_tags[i].open, 64);
		p += render_tags[i].olen;
		p += field_format_number(f, obj, &st->env, p);
	} else {
		field_format(f, obj, &st->env, &v);
		/* inet:ip-address has no empty value: no address, no leaf. */
		if (f->type == FT_ADDR && v.len == 0)
			return;
		val = v.atom != NULL ? v.atom->xml : v.s;
		vlen = v.atom != NULL ? v.atom->xml_len : v.len;
		p = base = sink_reserve(st->out, 2 * 64 + vlen);
		if (p == NULL)
			return;
		memcpy(p, render_tags[i].open, 64);
		p += render_tags[i].olen;
		memcpy(p, val, vlen);
		p += vlen;
	}
	memcpy(p, render_tags[i].close, 64);
	p += render_tags[i].clen - 1;	/* no newline */
	st->out->len += (size_t)(p - base);
}

/*
 * Rows first..end-1 of obj that it has.  With `key`, the first row is the
 * list's key and is written even when absent (the stored value, as the
 * text's "{=direction}"): an entry cannot be without its key.
 */
static void
yang_rows(struct render_state *st, int first, int end, const void *obj,
    int key)
{
	/* "N/A" is no number: the leaf is absent (flowagent-session.yang). */
	for (int i = first; i < end; i++)
		if ((key && i == first) || (field_present(&field_table[i],
		    obj) && !field_na(&field_table[i], obj)))
			yang_leaf(st, i, obj);
}

static void
yang_doc_begin(struct render_state *st)
{
	render_tags_init();
	PUT(st, "<flow-sessions xmlns=\"" RENDER_YANG_NS "\">");
}

/* Keys, then both summaries: the PIC's own, whatever the filter selects. */
static void
yang_block_begin(struct render_state *st, const struct flow_block *b)
{
	static const struct filter rm = { .set = FILTER_BIT(FILTER_RM) };
	const struct flow_pic *pic = store_snap_pic(st->snap, st->pic);
	struct flow_summary sum;
	struct flow_block cnt;
	char buf[FIELD_BUF];

	(void)b;
	PUT(st, "<pic><node>");
	sink_write(st->out, buf, fmt_u64(buf, pic->node != 0 ?
	    pic->node - 1 : 0));
	PUT(st, "</node>");
	if (pic->node_name != 0) {
		const struct atom *a = atom_get(st->env.atoms, pic->node_name);

		PUT(st, "<node-name>");
		sink_write(st->out, a->xml, a->xml_len);
		PUT(st, "</node-name>");
	}
	PUT(st, "<fpc-slot>");
	sink_write(st->out, buf, fmt_u64(buf, pic->fpc));
	PUT(st, "</fpc-slot><pic-slot>");
	sink_write(st->out, buf, fmt_u64(buf, pic->pic));
	PUT(st, "</pic-slot><summary>");
	memset(&cnt, 0, sizeof cnt);
	render_pic_summary(st->snap, st->pic, NULL, st->env.atoms,
	    RENDER_FORM_ACTIVE, &sum, &cnt);
	/* The text prints 0 for a maximum nobody told the store
	 * (flow_pic.max_sessions 0); as data it would be a false limit. */
	if (pic->max_sessions == 0 && !(pic->summary.present & (1u << SUM_MAX)))
		sum.present &= ~(1u << SUM_MAX);
	yang_rows(st, F_A_UNICAST, F_A_MAX + 1, &sum, 0);
	PUT(st, "</summary><resource-manager-summary>");
	memset(&cnt, 0, sizeof cnt);
	render_pic_summary(st->snap, st->pic, &rm, st->env.atoms,
	    RENDER_FORM_DISPLAYED, &sum, &cnt);
	yang_rows(st, F_D_VALID, F_D_OTHER + 1, &sum, 0);
	yang_rows(st, F_DISPLAYED, F_DISPLAYED + 1, &cnt, 0);
	PUT(st, "</resource-manager-summary>");
}

static void
yang_session(struct render_state *st, const struct flow_session *s)
{
	unsigned seen = 0;

	PUT(st, "<session>");
	yang_rows(st, F_SESSION_FIRST, F_SESS_STATE + 1, s, 1);
	PUT(st, "<state>");
	sink_puts(st->out, state_names[s->state]);
	PUT(st, "</state>");
	yang_rows(st, F_SESS_STATE + 1, F_SESSION_END, s, 0);
	if (flow_is_rm(s)) {
		PUT(st, "<" FIELD_RM_ELEMENT ">");
		yang_rows(st, F_RM_FIRST, F_RM_END, s, 0);
		PUT(st, "</" FIELD_RM_ELEMENT ">");
	}
	for (unsigned i = 0; i < s->nwings; i++) {
		const struct flow_wing *w = &s->wing[i];
		unsigned dir = w->dir == FLOW_DIR_OUT ? 2 : 1;

		/* Keyed by direction: a second wing the same way (which the
		 * reader lets through) has no place in the list. */
		if (seen & dir)
			continue;
		seen |= dir;
		PUT(st, "<" FIELD_WING_ELEMENT ">");
		yang_rows(st, F_WING_FIRST, F_WING_END, w, 1);
		PUT(st, "</" FIELD_WING_ELEMENT ">");
	}
	PUT(st, "</session>");
}

static void
yang_block_end(struct render_state *st, const struct flow_block *b)
{
	(void)b;
	PUT(st, "</pic>");
}

static void
yang_doc_end(struct render_state *st)
{
	PUT(st, "</flow-sessions>");
}

/* No summary view: every view gives the sessions and both summaries. */
const struct render_backend render_yang_backend = {
	NULL, yang_doc_begin, yang_block_begin, yang_session, yang_block_end,
	NULL, yang_doc_end
};
