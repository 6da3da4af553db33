/*
 * render_text.c: the Junos CLI text views.
 *
 * Each view is a few templates that place fields on lines; the words come
 * from the field table.  In a template:
 *   {name}     the field's label, ": ", its value  ("Policy name: p1/4")
 *   {=name}    the value alone
 *   {+name}    the label immediately followed by the value
 *   {?name:T}  T only when the field is present
 * The label is the row's `brief` label in the default and brief views when
 * the row has one, its `label` otherwise; an empty label prints the value
 * alone.  Templates are compiled once into a list of operations.
 *
 * Blank lines (notes/junos-xml.md section 4): one before each session and
 * each summary, one between blocks, none at the very start or the end.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

enum { OP_LIT, OP_VAL, OP_IF };

struct op {
	uint8_t		 kind;
	uint8_t		 field;
	uint16_t	 len;		/* OP_LIT */
	uint16_t	 skip;		/* OP_IF: where to go when absent */
	const char	*lit;
};

#define TMPL_OPS	64

struct tmpl {
	const char	*src;
	uint8_t		 obj;		/* enum field_obj of the fields used */
	uint8_t		 brief;		/* use brief labels */
	uint8_t		 split;		/* next literal starts a new op */
	uint16_t	 n;
	struct op	 ops[TMPL_OPS];
};

/* Default and brief views (identical on the device). */
#define BRIEF_SESSION \
	"{session-identifier}, {policy}, {timeout}, {sess-state}\n" \
	"{?client-name:{client-name}, {group-identifier}, " \
	"{resource-identifier}\n}"
#define FLOW_TUPLE \
	"{=direction}: {=source-address}/{=source-port} --> " \
	"{=destination-address}/{=destination-port};{=protocol}, "
#define BRIEF_WING \
	"  " FLOW_TUPLE "{interface-name}, {pkt-cnt}, {byte-cnt}" \
	"{?dcp-session-id:, {dcp-session-id}}\n"

#define EXTENSIVE_SESSION \
	"{session-identifier}, {status}\n" \
	"{session-flag}\n" \
	"{policy}\n" \
	"{nat-source-pool-name}" \
	"{?application-name:, {application-name}/{=application-value}}\n" \
	"{dynamic-application-name}, \n" \
	"{encryption-traffic-name}\n" \
	"{application-traffic-control-rule-set-name}, " \
	"{application-traffic-control-rule-name}\n" \
	"{configured-timeout}, {timeout}\n" \
	"{sess-state}\n" \
	"{start-time}, {duration}\n" \
	"{?client-name:{client-name}, {group-identifier}, " \
	"{resource-identifier}\n}"
#define EXTENSIVE_WING \
	"   " FLOW_TUPLE "\n" \
	"    {interface-name}, \n" \
	"    {session-token}, {flag}\n" \
	"    {route}, {gateway}, {tunnel-information}\n" \
	"    {port-sequence}, {fin-sequence}, \n" \
	"    {fin-state}, \n" \
	"    {pkt-cnt}, {byte-cnt}\n" \
	"{?dcp-session-id:    {dcp-session-id}\n}"

#define SUMLINE(f, indent)	"{?" f ":" indent "{" f "}\n}"

enum {
	T_BRIEF_SESSION, T_BRIEF_WING, T_EXT_SESSION, T_EXT_WING,
	T_HEADER, T_FOOTER, T_DISPLAYED, T_ACTIVE, T__COUNT
};

#define TMPL(text, object, brief_labels) \
	{ .src = (text), .obj = (object), .brief = (brief_labels) }

static struct tmpl tmpls[T__COUNT] = {
	[T_BRIEF_SESSION] = TMPL(BRIEF_SESSION, FO_SESSION, 1),
	[T_BRIEF_WING] = TMPL(BRIEF_WING, FO_WING, 1),
	[T_EXT_SESSION] = TMPL(EXTENSIVE_SESSION, FO_SESSION, 0),
	[T_EXT_WING] = TMPL(EXTENSIVE_WING, FO_WING, 0),
	[T_HEADER] = TMPL("{?flow-fpc-pic-id:{+flow-fpc-pic-id}\n}",
	    FO_BLOCK, 0),
	[T_FOOTER] = TMPL(SUMLINE("displayed-session-count", ""), FO_BLOCK,
	    0),
	[T_DISPLAYED] = TMPL(
	    SUMLINE("displayed-session-valid", "")
	    SUMLINE("displayed-session-pending", "")
	    SUMLINE("displayed-session-invalidated", "")
	    SUMLINE("displayed-session-other", ""),
	    FO_SUMMARY, 0),
	/* Device capture, vSRX 24.4 (notes section 4). */
	[T_ACTIVE] = TMPL(
	    SUMLINE("active-unicast-sessions", "")
	    SUMLINE("active-multicast-sessions", "")
	    SUMLINE("active-services-offload-sessions", "")
	    SUMLINE("failed-sessions", "")
	    SUMLINE("active-drop-sessions", "")
	    SUMLINE("active-sessions", "")
	    SUMLINE("active-session-valid", "  ")
	    SUMLINE("active-session-pending", "  ")
	    SUMLINE("active-session-invalidated", "  ")
	    SUMLINE("active-session-other", "  ")
	    SUMLINE("max-sessions", ""),
	    FO_SUMMARY, 0),
};

/* Literal text of all templates, labels merged in: built once. */
static char		 lit_arena[8192];
static size_t		 lit_used;
static pthread_once_t	 tmpl_once = PTHREAD_ONCE_INIT;

static void
tmpl_abort(const char *src, const char *why)
{
	/* A template is program text: a mistake in one is a bug. */
	fprintf(stderr, "render_text: bad template (%s): %s\n", why, src);
	abort();
}

/* Appends text to the literal op being built, starting one if needed. */
static void
tmpl_lit(struct tmpl *t, const char *s, size_t len)
{
	struct op *op;

	if (len == 0)
		return;
	if (lit_used + len > sizeof lit_arena)
		tmpl_abort(t->src, "literal arena full");
	op = t->n > 0 && !t->split ? &t->ops[t->n - 1] : NULL;
	t->split = 0;
	if (op == NULL || op->kind != OP_LIT ||
	    op->lit + op->len != lit_arena + lit_used) {
		if (t->n == TMPL_OPS)
			tmpl_abort(t->src, "too many operations");
		op = &t->ops[t->n++];
		op->kind = OP_LIT;
		op->lit = lit_arena + lit_used;
		op->len = 0;
	}
	memcpy(lit_arena + lit_used, s, len);
	lit_used += len;
	op->len += (uint16_t)len;
}

static const struct field *
tmpl_field(struct tmpl *t, const char *name, size_t len)
{
	char buf[64];
	const struct field *f;
	int obj;

	if (len >= sizeof buf)
		tmpl_abort(t->src, "field name too long");
	memcpy(buf, name, len);
	buf[len] = '\0';
	if ((f = field_by_name(buf)) == NULL)
		tmpl_abort(t->src, "unknown field");
	obj = f->obj == FO_RM ? FO_SESSION : f->obj;
	if (obj != t->obj)
		tmpl_abort(t->src, "field of another object");
	return f;
}

static void
tmpl_compile(struct tmpl *t)
{
	uint16_t stack[8];
	int sp = 0;
	const char *p = t->src;

	while (*p != '\0') {
		const char *q;
		const struct field *f;
		const char *label;
		char mode;

		if (*p == '}') {
			if (sp == 0)
				tmpl_abort(t->src, "unbalanced }");
			t->ops[stack[--sp]].skip = t->n;
			/* Text after a condition is not part of it. */
			t->split = 1;
			p++;
			continue;
		}
		if (*p != '{') {
			for (q = p; *q != '\0' && *q != '{' && *q != '}'; q++)
				;
			tmpl_lit(t, p, (size_t)(q - p));
			p = q;
			continue;
		}
		mode = p[1];
		p += (mode == '=' || mode == '+' || mode == '?') ? 2 : 1;
		for (q = p; *q != '}' && *q != ':' && *q != '\0'; q++)
			;
		f = tmpl_field(t, p, (size_t)(q - p));
		if (mode == '?') {
			if (*q != ':' || t->n == TMPL_OPS || sp == 8)
				tmpl_abort(t->src, "bad condition");
			stack[sp++] = t->n;
			t->ops[t->n].kind = OP_IF;
			t->ops[t->n++].field = (uint8_t)field_index(f);
			p = q + 1;
			continue;
		}
		if (*q != '}')
			tmpl_abort(t->src, "missing }");
		label = t->brief && f->brief != NULL ? f->brief : f->label;
		if (mode != '=' && label != NULL && *label != '\0') {
			tmpl_lit(t, label, strlen(label));
			if (mode != '+')
				tmpl_lit(t, ": ", 2);
		}
		if (t->n == TMPL_OPS)
			tmpl_abort(t->src, "too many operations");
		t->ops[t->n].kind = OP_VAL;
		t->ops[t->n++].field = (uint8_t)field_index(f);
		p = q + 1;
	}
	if (sp != 0)
		tmpl_abort(t->src, "unbalanced {?");
}

static void
tmpl_init(void)
{
	for (int i = 0; i < T__COUNT; i++)
		tmpl_compile(&tmpls[i]);
}

static void
tmpl_run(struct render_state *st, const struct tmpl *t, const void *obj)
{
	struct sink *out = st->out;
	struct field_val v;

	for (unsigned i = 0; i < t->n;) {
		const struct op *op = &t->ops[i];

		switch (op->kind) {
		case OP_LIT:
			sink_write(out, op->lit, op->len);
			i++;
			break;
		case OP_VAL: {
			const struct field *f = &field_table[op->field];
			char *p;

			if (FIELD_IS_NUMBER(f) &&
			    (p = sink_reserve(out, FIELD_BUF)) != NULL) {
				out->len += field_format_number(f, obj,
				    &st->env, p);
			} else {
				field_format(f, obj, &st->env, &v);
				sink_write(out, v.s, v.len);
			}
			i++;
			break;
		}
		default:
			i = field_present(&field_table[op->field], obj) ?
			    i + 1 : op->skip;
			break;
		}
	}
	st->started = 1;
	st->last_blank = 0;
}

/* A blank line, unless at the very start or right after another. */
static void
text_blank(struct render_state *st)
{
	if (st->started && !st->last_blank) {
		sink_putc(st->out, '\n');
		st->last_blank = 1;
	}
}

static void
text_doc_begin(struct render_state *st)
{
	pthread_once(&tmpl_once, tmpl_init);
	st->started = st->last_blank = 0;
}

static void
text_block_begin(struct render_state *st, const struct flow_block *b)
{
	text_blank(st);
	if (b->present & (1u << BP_NAME))
		tmpl_run(st, &tmpls[T_HEADER], b);
}

static void
text_session(struct render_state *st, const struct flow_session *s)
{
	int ext = st->o->view == RENDER_EXTENSIVE;
	const struct tmpl *wing = &tmpls[ext ? T_EXT_WING : T_BRIEF_WING];

	pthread_once(&tmpl_once, tmpl_init);
	text_blank(st);
	tmpl_run(st, &tmpls[ext ? T_EXT_SESSION : T_BRIEF_SESSION], s);
	for (unsigned i = 0; i < s->nwings; i++)
		tmpl_run(st, wing, &s->wing[i]);
}

static void
text_block_end(struct render_state *st, const struct flow_block *b)
{
	tmpl_run(st, &tmpls[T_FOOTER], b);
}

static void
text_summary(struct render_state *st, const struct flow_block *b,
    const struct flow_summary *sum, int form)
{
	text_block_begin(st, b);
	text_blank(st);
	if (form == RENDER_FORM_ACTIVE)
		tmpl_run(st, &tmpls[T_ACTIVE], sum);
	else {
		tmpl_run(st, &tmpls[T_DISPLAYED], sum);
		tmpl_run(st, &tmpls[T_FOOTER], b);
	}
}

static void
text_doc_end(struct render_state *st)
{
	(void)st;
}

const struct render_backend render_text_backend = {
	text_doc_begin, text_block_begin, text_session, text_block_end,
	text_summary, text_doc_end
};
