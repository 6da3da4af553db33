/*
 * render_json.c: the element tree as Junos JSON (| display json): every
 * element is an array of objects, a leaf is [{"data" : "value"}], values are
 * strings, and XML attributes go in an "attributes" member.  PyEZ and other
 * Junos tools index replies this way.
 */
#include <string.h>

#include "render_int.h"

#define JUNOS_NS	"http://xml.juniper.net/junos/"

/* Starts a member or array element: a comma after the previous one. */
static void
json_next(struct render_state *st)
{
	unsigned d = st->depth < RENDER_DEPTH ? st->depth : RENDER_DEPTH - 1;

	sink_puts(st->out, st->first[d] ? "\n" : ",\n");
	st->first[d] = 0;
	render_indent(st);
}

static void
json_push(struct render_state *st)
{
	st->depth++;
	if (st->depth < RENDER_DEPTH)
		st->first[st->depth] = 1;
}

static void
json_pop(struct render_state *st, char c)
{
	st->depth--;
	sink_putc(st->out, '\n');
	render_indent(st);
	sink_putc(st->out, c);
}

static void
json_doc_begin(struct render_state *st)
{
	st->depth = 0;
	sink_putc(st->out, '{');
	json_push(st);
}

static void
json_doc_end(struct render_state *st)
{
	json_pop(st, '}');
	sink_putc(st->out, '\n');
}

static void
json_list(struct render_state *st, const char *name)
{
	json_next(st);
	sink_putc(st->out, '"');
	sink_puts(st->out, name);
	sink_puts(st->out, "\" : [");
	json_push(st);
}

static void
json_list_end(struct render_state *st)
{
	json_pop(st, ']');
}

static void
json_open(struct render_state *st, const char *name, int kind)
{
	struct sink *out = st->out;

	(void)name;
	json_next(st);
	sink_putc(out, '{');
	json_push(st);
	if (kind == EL_BLOCK) {
		json_next(st);
		sink_puts(out, "\"attributes\" : {\"xmlns\" : \"" JUNOS_NS);
		sink_puts(out, st->release);
		sink_puts(out, "/junos-flow\"}");
	} else if (kind == EL_STYLED) {
		json_next(st);
		sink_puts(out, "\"attributes\" : {\"junos:style\" : \"");
		sink_puts(out, render_style(st));
		sink_puts(out, "\"}");
	}
}

static void
json_close(struct render_state *st, const char *name)
{
	(void)name;
	json_pop(st, '}');
}

static void
json_leaf(struct render_state *st, int i, const struct field_val *v)
{
	struct sink *out = st->out;

	json_next(st);
	sink_putc(out, '"');
	sink_puts(out, field_table[i].name);
	sink_puts(out, "\" : [{\"data\" : \"");
	if (v->atom != NULL)
		sink_write(out, v->atom->json, v->atom->json_len);
	else
		sink_write(out, v->s, v->len);
	sink_puts(out, "\"}]");
}

const struct render_emit render_json_emit = {
	json_doc_begin, json_doc_end, json_list, json_list_end, json_open,
	json_close, json_leaf
};
