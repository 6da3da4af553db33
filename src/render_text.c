/*
 * render_text.c: the Junos CLI text views.
 *
 * Each view is a few templates that place fields on lines; the words come
 * from the field table.  In a template:
 *   {name}     the field's label, ": ", its value  ("Policy name: p1/4")
 *   {=name}    the value alone
 *   {+name}    the label immediately followed by the value
 *   {*name}    like {name} with the row's long label, {^name} its brief
 *              one, whatever the template's
 *   {?name:T}  T only when the field is present, {!name:T} when absent
 *   {?@cp:T}   T only when the wing has a CP Session ID in a block with a
 *              PIC header ({!@cp:T}: otherwise), as R3.3 says
 * The label is the row's `brief` label in the default and brief views when
 * the row has one, its `label` otherwise; an empty label prints the value
 * alone.  Templates are compiled once into a list of operations.
 *
 * The text follows the Junos release of the data (render_family): the
 * product page's form (A/B), 12.3 to 17.x (C: Conn Tag, wing lines ending
 * ", "), 18.0 on (D: "HA State", "Session State: Valid", the newer
 * extensive lines).  Rules and their sources: notes/junos-releases.md.
 *
 * Blank lines: one before each session and each summary, one between
 * blocks, none at the very start or the end (R4); in D's extensive view,
 * one before every session, the first too (R8.2); a cluster node's banner
 * (its name, ':', 74 dashes) opens its blocks, one blank line before every
 * banner but the first, and the node's first session is preceded by one
 * (R5).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "render_int.h"

enum { OP_LIT, OP_VAL, OP_IF, OP_IFNOT, OP_IFCP, OP_IFNOTCP };

struct op {
	uint8_t		 kind;
	uint8_t		 field;
	uint16_t	 len;		/* OP_LIT */
	uint16_t	 skip;		/* OP_IF*: where to go when false */
	const char	*lit;
};

#define TMPL_OPS	96

struct tmpl {
	const char	*src;
	uint8_t		 obj;		/* enum field_obj of the fields used */
	uint8_t		 brief;		/* use brief labels */
	uint8_t		 split;		/* next literal starts a new op */
	uint16_t	 n;
	struct op	 ops[TMPL_OPS];
};

#define FLOW_TUPLE \
	"{=direction}: {=source-address}/{=source-port} --> " \
	"{=destination-address}/{=destination-port};{=protocol}, "
#define RM_LINE \
	"{?client-name:{client-name}, {group-identifier}, " \
	"{resource-identifier}\n}"

/* Default and brief views (identical on the device, R2.1). */
#define BRIEF_SESSION_AB \
	"{session-identifier}, {policy}, {?session-state:{session-state}, }" \
	"{timeout}, {sess-state}\n" RM_LINE
#define BRIEF_SESSION_D \
	"{session-identifier}, {policy}, {?session-state:{*session-state}, }" \
	"{timeout}, {*sess-state}\n" RM_LINE
#define BRIEF_WING_AB \
	"  " FLOW_TUPLE "{interface-name}, {pkt-cnt}, {byte-cnt}" \
	"{?dcp-session-id:, {dcp-session-id}}\n"
#define BRIEF_WING_CD \
	"  " FLOW_TUPLE "{?conn-tag:{conn-tag}, }{interface-name}, " \
	"{pkt-cnt}, {byte-cnt}{?@cp:, {dcp-session-id}}{!@cp:, }\n"

/* Extensive view. */
#define EXT_BODY(url) \
	"{session-flag}{?services-offload:, {+services-offload}}\n" \
	"{policy}\n" \
	"{nat-source-pool-name}" \
	"{?application-name:, {application-name}/{=application-value}}\n" \
	"{dynamic-application-name}, " \
	"{?dynamic-nested-application-name:" \
	"{dynamic-nested-application-name}}\n" \
	"{encryption-traffic-name}\n" \
	url \
	"{application-traffic-control-rule-set-name}, " \
	"{application-traffic-control-rule-name}\n" \
	"{configured-timeout}, {timeout}\n" \
	"{sess-state}\n" \
	"{start-time}, {duration}\n" \
	RM_LINE
#define EXT_SESSION_ABC \
	"{session-identifier}, {status}{?session-state:, {^session-state}}\n" \
	EXT_BODY("")
#define EXT_SESSION_D \
	"{session-identifier}, {status}{?session-state:, {session-state}}\n" \
	EXT_BODY("{?url-category-name:{url-category-name}\n}")
/* The tunnel part is the element's in every family (R8.2). */
#define TUNNEL \
	"{?tunnel-id:{tunnel-id}, {tunnel-type}, " \
	"{?tunnel-info:{tunnel-info} }}{!tunnel-id:{tunnel-information}}"
#define EXT_WING_TAIL \
	"    {route}, {gateway}, " TUNNEL "\n" \
	"    {port-sequence}, {fin-sequence}, \n" \
	"    {fin-state}, \n" \
	"    {pkt-cnt}, {byte-cnt}\n"
#define EXT_WING_AB \
	"   " FLOW_TUPLE "\n" \
	"    {interface-name}, \n" \
	"    {session-token}, {flag}\n" \
	EXT_WING_TAIL \
	"{?dcp-session-id:    {dcp-session-id}\n}"
#define EXT_WING_C \
	"   " FLOW_TUPLE "\n" \
	"{?conn-tag:  {conn-tag}, }{!conn-tag:    }{interface-name}, \n" \
	"    {session-token}, {flag}\n" \
	EXT_WING_TAIL \
	"{?@cp:    {dcp-session-id}\n}"
#define EXT_WING_D \
	"   " FLOW_TUPLE "\n" \
	"{?conn-tag:  {conn-tag}, }{!conn-tag:    }" \
	"{?attachment-id:{attachment-id}, {gw-endpoint-id}, {flow-cookie}, }" \
	"{?vrf-name:{vrf-name}, {vrf-zone-name}, }{interface-name}, \n" \
	"    {session-token}, {flag}, \n" \
	"{?power-mode-active:    {power-mode-active} \n}" \
	EXT_WING_TAIL \
	"{?@cp:    {dcp-session-id}\n}"

#define SUMLINE(f, indent)	"{?" f ":" indent "{" f "}\n}"

enum {
	T_BRIEF_SESSION_AB, T_BRIEF_SESSION_D, T_BRIEF_WING_AB,
	T_BRIEF_WING_CD, T_EXT_SESSION_ABC, T_EXT_SESSION_D, T_EXT_WING_AB,
	T_EXT_WING_C, T_EXT_WING_D,
	T_HEADER, T_FOOTER, T_DISPLAYED, T_ACTIVE, T__COUNT
};

/* The templates of each family, by view. */
static const uint8_t fam_brief_session[RENDER_FAM__COUNT] = {
	T_BRIEF_SESSION_AB, T_BRIEF_SESSION_AB, T_BRIEF_SESSION_D
};
static const uint8_t fam_brief_wing[RENDER_FAM__COUNT] = {
	T_BRIEF_WING_AB, T_BRIEF_WING_CD, T_BRIEF_WING_CD
};
static const uint8_t fam_ext_session[RENDER_FAM__COUNT] = {
	T_EXT_SESSION_ABC, T_EXT_SESSION_ABC, T_EXT_SESSION_D
};
static const uint8_t fam_ext_wing[RENDER_FAM__COUNT] = {
	T_EXT_WING_AB, T_EXT_WING_C, T_EXT_WING_D
};

#define TMPL(text, object, brief_labels) \
	{ .src = (text), .obj = (object), .brief = (brief_labels) }

static struct tmpl tmpls[T__COUNT] = {
	[T_BRIEF_SESSION_AB] = TMPL(BRIEF_SESSION_AB, FO_SESSION, 1),
	[T_BRIEF_SESSION_D] = TMPL(BRIEF_SESSION_D, FO_SESSION, 1),
	[T_BRIEF_WING_AB] = TMPL(BRIEF_WING_AB, FO_WING, 1),
	[T_BRIEF_WING_CD] = TMPL(BRIEF_WING_CD, FO_WING, 1),
	[T_EXT_SESSION_ABC] = TMPL(EXT_SESSION_ABC, FO_SESSION, 0),
	[T_EXT_SESSION_D] = TMPL(EXT_SESSION_D, FO_SESSION, 0),
	[T_EXT_WING_AB] = TMPL(EXT_WING_AB, FO_WING, 0),
	[T_EXT_WING_C] = TMPL(EXT_WING_C, FO_WING, 0),
	[T_EXT_WING_D] = TMPL(EXT_WING_D, FO_WING, 0),
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
	/* Device capture, vSRX 24.4 (notes section 4); lines by element. */
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

int
render_family(const char *rel)
{
	unsigned major = 0, minor = 0;
	const char *p = rel;

	if (rel == NULL || *p < '0' || *p > '9')
		return RENDER_FAM_AB;
	while (*p >= '0' && *p <= '9' && major < 1000)
		major = major * 10 + (unsigned)(*p++ - '0');
	if (*p++ != '.' || *p < '0' || *p > '9')
		return RENDER_FAM_AB;
	while (*p >= '0' && *p <= '9' && minor < 1000)
		minor = minor * 10 + (unsigned)(*p++ - '0');
	if (major < 12 || (major == 12 && minor < 3))
		return RENDER_FAM_AB;
	return major < 18 ? RENDER_FAM_C : RENDER_FAM_D;
}

/* Literal text of all templates, labels merged in: built once. */
static char		 lit_arena[32768];
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
		p += strchr("=+?!*^", mode) != NULL && mode != '\0' ? 2 : 1;
		if (mode == '?' || mode == '!') {
			int cp = strncmp(p, "@cp:", 4) == 0;

			if (t->n == TMPL_OPS || sp == 8)
				tmpl_abort(t->src, "bad condition");
			if (cp) {
				t->ops[t->n].kind = mode == '?' ? OP_IFCP :
				    OP_IFNOTCP;
				t->ops[t->n].field = F_CP_ID;
				q = p + 3;
			} else {
				for (q = p; *q != ':' && *q != '}' &&
				    *q != '\0'; q++)
					;
				f = tmpl_field(t, p, (size_t)(q - p));
				t->ops[t->n].kind = mode == '?' ? OP_IF :
				    OP_IFNOT;
				t->ops[t->n].field = (uint8_t)field_index(f);
			}
			if (*q != ':')
				tmpl_abort(t->src, "bad condition");
			stack[sp++] = t->n++;
			p = q + 1;
			continue;
		}
		for (q = p; *q != '}' && *q != ':' && *q != '\0'; q++)
			;
		f = tmpl_field(t, p, (size_t)(q - p));
		if (*q != '}')
			tmpl_abort(t->src, "missing }");
		label = mode == '*' ? f->label : mode == '^' ? (f->brief != NULL ?
		    f->brief : f->label) : t->brief && f->brief != NULL ?
		    f->brief : f->label;
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
		case OP_IF:
		case OP_IFNOT:
			i = field_present(&field_table[op->field], obj) ==
			    (op->kind == OP_IF) ? i + 1 : op->skip;
			break;
		default:
			/* A CP Session ID, printed only under a PIC header. */
			i = (st->headed && field_present(&field_table[F_CP_ID],
			    obj)) == (op->kind == OP_IFCP) ? i + 1 : op->skip;
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
	st->started = st->last_blank = st->after_banner = 0;
}

/* A cluster node: "node0:" and 74 dashes (R5.1), a blank line before all
 * but the first. */
static void
text_node(struct render_state *st, const struct flow_pic *pic, int begin)
{
	const struct atom *a;

	if (!begin)
		return;
	text_blank(st);
	if (pic->node_name != 0) {
		a = atom_get(st->env.atoms, pic->node_name);
		sink_write(st->out, a->str, a->len);
	} else {
		char buf[FIELD_BUF];

		sink_puts(st->out, "node");
		sink_write(st->out, buf, fmt_u64(buf, pic->node - 1));
	}
	sink_puts(st->out, ":\n---------------------------------------------"
	    "-----------------------------\n");
	st->started = 1;
	st->last_blank = 0;
	st->after_banner = 1;
}

static void
text_block_begin(struct render_state *st, const struct flow_block *b)
{
	/* A PIC header follows a node's dash line directly (R5.3). */
	if (!st->after_banner)
		text_blank(st);
	st->after_banner = 0;
	st->headed = (b->present & (1u << BP_NAME)) != 0;
	if (st->headed)
		tmpl_run(st, &tmpls[T_HEADER], b);
}

static void
text_session(struct render_state *st, const struct flow_session *s)
{
	int ext = st->o->view == RENDER_EXTENSIVE;
	const struct tmpl *wing = &tmpls[ext ? fam_ext_wing[st->family] :
	    fam_brief_wing[st->family]];

	pthread_once(&tmpl_once, tmpl_init);
	if (ext && st->family == RENDER_FAM_D && !st->last_blank) {
		/* D's extensive view: before every session (R8.2). */
		sink_putc(st->out, '\n');
		st->last_blank = 1;
	} else
		text_blank(st);
	tmpl_run(st, &tmpls[ext ? fam_ext_session[st->family] :
	    fam_brief_session[st->family]], s);
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
	/* The blank line parts the header from the counts: none without
	 * one, as under a node's dashes (R7.5). */
	if (st->headed)
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
	text_node, text_doc_begin, text_block_begin, text_session,
	text_block_end, text_summary, text_doc_end
};
