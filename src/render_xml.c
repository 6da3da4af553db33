/*
 * render_xml.c: the element tree as Junos XML: four spaces per level as the
 * device indents, no XML declaration, empty values as <a></a>.  String
 * values come pre-escaped from their atoms; numbers and addresses need none.
 */
#include <stdio.h>
#include <string.h>

#include "render_int.h"

#define JUNOS_NS	"http://xml.juniper.net/junos/"

static void
xml_doc_begin(struct render_state *st)
{
	render_tags_init();
	if (st->o->flags & RENDER_ENVELOPE) {
		sink_puts(st->out, "<rpc-reply xmlns:junos=\"" JUNOS_NS);
		sink_puts(st->out, st->release);
		sink_puts(st->out, "/junos\">\n");
		st->depth = 1;
	} else
		st->depth = st->o->indent;
}

/* The prompt tag closes the reply: a cluster's names the node that
 * answered and its role (R5.5), a standalone box's is empty. */
static void
xml_doc_end(struct render_state *st)
{
	const struct store_snap *snap = st->snap;
	uint32_t local = store_snap_node(snap, 0);
	char tag[48] = "";

	if (!(st->o->flags & RENDER_ENVELOPE))
		return;
	if (store_snap_clustered(snap))
		snprintf(tag, sizeof tag, "{%s:node%u}",
		    local == store_snap_node(snap, 1) ? "primary" : "secondary",
		    (unsigned)local);
	sink_puts(st->out, "    <cli>\n        <banner>");
	sink_puts(st->out, tag);
	sink_puts(st->out, "</banner>\n    </cli>\n</rpc-reply>\n");
}

static void
xml_list(struct render_state *st, const char *name)
{
	(void)st;
	(void)name;
}

static void
xml_list_end(struct render_state *st)
{
	(void)st;
}

static void
xml_open(struct render_state *st, const char *name, int kind)
{
	struct sink *out = st->out;

	render_indent(st);
	sink_putc(out, '<');
	sink_puts(out, name);
	if (kind == EL_BLOCK) {
		sink_puts(out, " xmlns=\"" JUNOS_NS);
		sink_puts(out, st->release);
		sink_puts(out, "/junos-flow\"");
		if (!(st->o->flags & RENDER_ENVELOPE)) {
			sink_puts(out, " xmlns:junos=\"" JUNOS_NS);
			sink_puts(out, st->release);
			sink_puts(out, "/junos\"");
		}
	} else if (kind == EL_STYLED) {
		sink_puts(out, " junos:style=\"");
		sink_puts(out, render_style(st));
		sink_putc(out, '"');
	}
	sink_write(out, ">\n", 2);
	st->depth++;
}

static void
xml_close(struct render_state *st, const char *name)
{
	st->depth--;
	render_indent(st);
	sink_write(st->out, "</", 2);
	sink_puts(st->out, name);
	sink_write(st->out, ">\n", 2);
}

/*
 * The hot path: indentation and tags are copied as whole 64-byte blocks
 * into reserved slack (a few vector moves) and the end advanced by their
 * real length; variable-length copies of a few bytes cost more than that.
 */
static void
xml_leaf(struct render_state *st, int i, const struct field_val *v)
{
	const char *val = v->atom != NULL ? v->atom->xml : v->s;
	size_t vlen = v->atom != NULL ? v->atom->xml_len : v->len;
	size_t ind = st->depth * 4, start;
	char *base, *p;

	if (ind > 64)
		ind = 64;
	if ((base = sink_reserve(st->out, 3 * 64 + vlen)) == NULL)
		return;
	p = base;
	memcpy(p, render_spaces, 64);
	p += ind;
	memcpy(p, render_tags[i].open, 64);
	p += render_tags[i].olen;
	memcpy(p, val, vlen);
	p += vlen;
	memcpy(p, render_tags[i].close, 64);
	p += render_tags[i].clen;
	start = st->out->len;
	st->out->len = start + (size_t)(p - base);
}

const struct render_emit render_xml_emit = {
	xml_doc_begin, xml_doc_end, xml_list, xml_list_end, xml_open,
	xml_close, xml_leaf
};
