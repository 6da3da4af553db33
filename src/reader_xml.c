/*
 * reader_xml.c: libxml2 SAX2 push parser to the store (see reader.h).
 *
 * Elements are known by local name only, so namespaces and prefixes do not
 * matter, but for one thing: the Junos release the reply names in its
 * junos-flow namespace (else its xmlns:junos), kept with the data, since
 * the device's text depends on it (render_text.c).  Outside a block,
 * unknown elements are transparent (rpc-reply, security-flow-
 * information...); inside one they are skipped with their content.  A
 * field is taken only inside the element it belongs to (a <protocol> in a
 * wing, a <policy> in a session).
 *
 * The reply's order is kept: each session and each PIC gets its place
 * (seq), and a session named twice keeps its first place.  A chassis
 * cluster's reply (multi-routing-engine-item, re-name "nodeN") puts each
 * node's PICs under node N + 1.  Summaries come in three envelopes:
 * flow-session-summary-information alone, after a block holding only a
 * PIC id (15.1X49), or in 19.4's flow-session-per-pic (flow-fpc-id,
 * flow-pic-id).  Text before the first line that starts with '<' (console
 * messages, a prompt, the command echoed) is skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include "field.h"
#include "reader.h"

enum {
	K_TRANSPARENT,	/* outside any block: look inside */
	K_IGNORE,	/* skipped with its content */
	K_BLOCK,	/* flow-session-information */
	K_ACTIVE,	/* flow-session-summary-information */
	K_SESSION,	/* flow-session */
	K_RM,		/* resource-manager-information */
	K_WING,		/* flow-information */
	K_LEAF,		/* a field */
	K_NODE,		/* multi-routing-engine-item: one cluster node */
	K_RENAME,	/* its re-name */
	K_PERPIC,	/* flow-session-per-pic (19.4 on) */
	K_FPCID,	/* its flow-fpc-id */
	K_PICID,	/* its flow-pic-id */
	K_BANNER	/* <cli><banner>: the prompt tag, {primary:node0} */
};

struct elem {
	const char		*name;
	uint8_t			 kind;
	const struct field	*f;
};

/* Element names: the field table's, the containers', and aliases. */
#define ELEM_HASH	256
static struct elem	 elems[F__COUNT + 24];
static int		 nelems;
static const struct elem *elem_hash[ELEM_HASH];
static pthread_once_t	 elem_once = PTHREAD_ONCE_INIT;

static unsigned
name_hash(const char *s)
{
	unsigned h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void
elem_add(const char *name, int kind, const struct field *f)
{
	struct elem *e = &elems[nelems++];
	unsigned i;

	e->name = name;
	e->kind = (uint8_t)kind;
	e->f = f;
	for (i = name_hash(name) % ELEM_HASH; elem_hash[i] != NULL;
	    i = (i + 1) % ELEM_HASH)
		;
	elem_hash[i] = e;
}

static void
elem_init(void)
{
	for (int i = 0; i < F__COUNT; i++)
		if (i != F_RE_NAME)	/* a node's, read below */
			elem_add(field_table[i].name, K_LEAF, &field_table[i]);
	elem_add("flow-session-information", K_BLOCK, NULL);
	elem_add("flow-session-summary-information", K_ACTIVE, NULL);
	elem_add("dcp-flow-session-summary-information", K_BLOCK, NULL);
	elem_add("multi-routing-engine-item", K_NODE, NULL);
	elem_add("re-name", K_RENAME, NULL);
	elem_add("banner", K_BANNER, NULL);
	elem_add("flow-session-per-pic", K_PERPIC, NULL);
	elem_add("flow-fpc-id", K_FPCID, NULL);
	elem_add("flow-pic-id", K_PICID, NULL);
	/* The filtered summary of a flow-session-per-pic. */
	elem_add("dcp-displayed-session-valid", K_LEAF,
	    &field_table[F_D_VALID]);
	elem_add("dcp-displayed-session-pending", K_LEAF,
	    &field_table[F_D_PENDING]);
	elem_add("dcp-displayed-session-invalidated", K_LEAF,
	    &field_table[F_D_INVALIDATED]);
	elem_add("dcp-displayed-session-other", K_LEAF,
	    &field_table[F_D_OTHER]);
	elem_add("dcp-displayed-session-count", K_LEAF,
	    &field_table[F_DISPLAYED]);
	elem_add(FIELD_SESSION_ELEMENT, K_SESSION, NULL);
	elem_add(FIELD_RM_ELEMENT, K_RM, NULL);
	elem_add(FIELD_WING_ELEMENT, K_WING, NULL);
	/* Central-point sessions label their PIC this way. */
	elem_add("dcp-flow-fpc-pic-id", K_LEAF, &field_table[F_PIC_NAME]);
}

static const struct elem *
elem_lookup(const char *name)
{
	for (unsigned i = name_hash(name) % ELEM_HASH; elem_hash[i] != NULL;
	    i = (i + 1) % ELEM_HASH)
		if (strcmp(elem_hash[i]->name, name) == 0)
			return elem_hash[i];
	return NULL;
}

struct frame {
	uint8_t			 kind;
	const struct field	*f;
	void			*obj;		/* K_LEAF: where the value goes */
	const xmlChar		*name;		/* libxml2's dictionary */
};

/* libxml2 interns element names: a pointer identifies a name. */
#define PCACHE_BITS	12
#define PCACHE		(1u << PCACHE_BITS)

struct reader {
	struct store		*st;
	xmlParserCtxtPtr	 ctxt;
	xmlSAXHandler		 sax;
	const char		*name;
	unsigned		 flags;
	int			 failed, finished;
	char			 err[512];
	uint64_t		 fed, max_input;
	uint64_t		 sessions;

	struct frame		 stack[READER_MAX_DEPTH];
	int			 depth;

	/* The block being read. */
	struct {
		int		 keyed;		/* fpc/pic known */
		uint32_t	 fpc, pic;
		uint64_t	 nsessions;
		struct flow_block fb;		/* header, displayed count */
		struct flow_summary sum;
	}			 blk;
	/* PIC (0, 0), the one of a block without header, had a header too. */
	int			 zero_headed;
	/* A block that held only its PIC id: a summary that follows without
	 * one is that PIC's (15.1X49). */
	struct {
		int		 set;
		uint32_t	 fpc, pic, name;
	}			 headed;
	/* flow-session-per-pic: its ids, for the summary inside. */
	struct {
		int		 in, have_fpc, have_pic;
		uint32_t	 fpc, pic;
	}			 perpic;
	/* The cluster node being read (0: none). */
	uint32_t		 node, node_name, nodes;
	uint32_t		 seq, pic_seq;		/* places given */
	int			 saw_info;	/* any flow-session element */
	/* Where the reply's release was found (atom), and the fallback. */
	uint32_t		 release, release_junos;
	/* The node the reply came from and the primary, from the prompt
	 * tag (R5.5); node0 for both without one. */
	uint32_t		 local, primary;
	/* Text before the XML: still skipping, at a line's start (blanks
	 * only since the newline). */
	int			 skipping, line_blank;
	int			 no_info;	/* failed for want of any */

	struct flow_session	 sess;
	int			 wing;		/* index being read, -1 none */

	char			 text[READER_MAX_VALUE];
	size_t			 textlen;

	struct {
		const xmlChar		*name;
		const struct elem	*e;
	}			 pcache[PCACHE];
	/* The last atom each field got: sessions repeat them. */
	uint32_t		 last_atom[F__COUNT];
	uint8_t			 has_last[F__COUNT];
	/* Addresses parsed lately: a wing's gateway is its source, the Out
	 * wing mirrors the In wing, so inet_pton runs once per address. */
	struct {
		uint8_t		 len, af;
		char		 text[46];
		uint8_t		 addr[16];
	}			 addrs[4];
	unsigned		 addr_next;
};

static void
reader_fail(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reader_fail(struct reader *r, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (r->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(r->err, sizeof r->err, "line %d: %s",
	    r->ctxt != NULL ? xmlSAX2GetLineNumber(r->ctxt) : 0, msg);
	r->failed = 1;
	if (r->ctxt != NULL)
		xmlStopParser(r->ctxt);
}

static const struct elem *
reader_elem(struct reader *r, const xmlChar *name)
{
	unsigned i = (unsigned)(((uintptr_t)name * 0x9e3779b97f4a7c15ULL) >>
	    (64 - PCACHE_BITS));
	const struct elem *e;

	if (r->pcache[i].name == name)
		return r->pcache[i].e;
	e = elem_lookup((const char *)name);
	r->pcache[i].name = name;
	r->pcache[i].e = e;
	return e;
}

/* " on FPC10 PIC1:" */
static int
parse_pic_name(const char *s, size_t len, uint32_t *fpc, uint32_t *pic)
{
	const char *p = s, *end = s + len;
	uint64_t v[2];

	for (int i = 0; i < 2; i++) {
		const char *word = i == 0 ? " on FPC" : " PIC";
		size_t wl = strlen(word), digits = 0;

		if ((size_t)(end - p) < wl || memcmp(p, word, wl) != 0)
			return -1;
		p += wl;
		v[i] = 0;
		while (p < end && *p >= '0' && *p <= '9' && digits++ < 9)
			v[i] = v[i] * 10 + (uint64_t)(*p++ - '0');
		if (digits == 0 || digits > 9)
			return -1;
	}
	if (p + 1 != end || *p != ':')
		return -1;
	*fpc = (uint32_t)v[0];
	*pic = (uint32_t)v[1];
	return 0;
}

static void
reader_store_fail(struct reader *r)
{
	if (errno == ENOSPC)
		reader_fail(r, "too many PICs or distinct names (at most %d "
		    "PICs)", STORE_MAX_PICS);
	else
		reader_fail(r, "out of memory");
}

static void
block_begin(struct reader *r, int kind)
{
	memset(&r->blk, 0, sizeof r->blk);
	r->saw_info = 1;
	if (r->perpic.in) {
		/* 19.4's per-PIC wrapper: its ids make the header. */
		if (r->perpic.have_fpc && r->perpic.have_pic) {
			char name[64];
			int len = snprintf(name, sizeof name,
			    " on FPC%u PIC%u:", r->perpic.fpc, r->perpic.pic);

			r->blk.keyed = 1;
			r->blk.fpc = r->perpic.fpc;
			r->blk.pic = r->perpic.pic;
			r->blk.fb.name = store_intern(r->st, name, (size_t)len);
			r->blk.fb.present |= 1u << BP_NAME;
		}
	} else if (kind == K_ACTIVE && r->headed.set) {
		r->blk.keyed = 1;
		r->blk.fpc = r->headed.fpc;
		r->blk.pic = r->headed.pic;
		r->blk.fb.name = r->headed.name;
		r->blk.fb.present |= 1u << BP_NAME;
	}
	r->headed.set = 0;
}

/* Fixes the block's PIC: the header's, or (0, 0) for low-end replies. */
static void
block_key(struct reader *r)
{
	if (!r->blk.keyed) {
		r->blk.keyed = 1;
		r->blk.fpc = r->blk.pic = 0;
	}
}

/* The block's PIC, writable; given its place in the reply when new. */
static struct flow_pic *
block_pic(struct reader *r)
{
	struct flow_pic *p;

	block_key(r);
	p = store_pic_edit_n(r->st, r->node, r->blk.fpc, r->blk.pic);
	if (p == NULL) {
		reader_store_fail(r);
		return NULL;
	}
	if (p->seq == 0)
		p->seq = ++r->pic_seq;
	p->node_name = r->node_name;
	return p;
}

static void
block_end(struct reader *r, int kind)
{
	struct flow_pic *p;
	const uint32_t dmask = (1u << SUM_VALID) | (1u << SUM_PENDING) |
	    (1u << SUM_INVALIDATED) | (1u << SUM_OTHER);

	/* Nothing in it (15.1X49 summaries come between two such): it
	 * prints nothing. */
	if (r->blk.nsessions == 0 && r->blk.fb.present == 0 &&
	    r->blk.sum.present == 0)
		return;
	/* Only a PIC id: the summary that follows may be its. */
	if (kind == K_BLOCK && r->blk.nsessions == 0 &&
	    r->blk.fb.present == (1u << BP_NAME) && r->blk.sum.present == 0) {
		r->headed.set = 1;
		r->headed.fpc = r->blk.fpc;
		r->headed.pic = r->blk.pic;
		r->headed.name = r->blk.fb.name;
	}
	if ((p = block_pic(r)) == NULL)
		return;
	if (r->blk.fb.present & (1u << BP_NAME)) {
		p->has_header = 1;
		p->name = r->blk.fb.name;
		if (r->blk.fpc == 0 && r->blk.pic == 0)
			r->zero_headed = 1;
	} else if (!r->zero_headed) {
		/* Only a low-end reply's single block has no header. */
		p->has_header = 0;
		p->name = 0;
	}
	if (r->blk.fb.present & (1u << BP_COUNT)) {
		/* A summary's total; with sessions, it is derived anyway. */
		r->blk.sum.v[SUM_TOTAL] = r->blk.fb.count;
		r->blk.sum.present |= 1u << SUM_TOTAL;
	}
	if (kind == K_ACTIVE) {
		p->recorded = FLOW_SUM_ACTIVE;
		p->summary = r->blk.sum;
		if (r->blk.sum.present & (1u << SUM_MAX))
			p->max_sessions = r->blk.sum.v[SUM_MAX];
	} else if (r->blk.sum.present & dmask) {
		p->recorded = FLOW_SUM_DISPLAYED;
		p->summary = r->blk.sum;
	}
}

static void
session_end(struct reader *r)
{
	const struct flow_session *old;

	if (!(r->sess.present & (1u << FP_ID))) {
		reader_fail(r, "<flow-session> without <session-identifier>");
		return;
	}
	if (block_pic(r) == NULL)
		return;
	/* Named twice: the last word, in the first place. */
	old = store_get_n(r->st, r->node, r->blk.fpc, r->blk.pic, r->sess.id);
	r->sess.seq = old != NULL && old->seq != 0 ? old->seq : ++r->seq;
	if (store_put_n(r->st, r->node, r->blk.fpc, r->blk.pic, &r->sess) !=
	    0) {
		reader_store_fail(r);
		return;
	}
	r->blk.nsessions++;
	r->sessions++;
}

/* The object a field's value goes into, given where we are. */
static void *
leaf_object(struct reader *r, const struct field *f, int parent)
{
	switch (f->obj) {
	case FO_SESSION:
		return parent == K_SESSION ? &r->sess : NULL;
	case FO_RM:
		return parent == K_RM ? &r->sess : NULL;
	case FO_WING:
		return parent == K_WING ? &r->sess.wing[r->wing] : NULL;
	case FO_BLOCK:
		return parent == K_BLOCK || parent == K_ACTIVE ? &r->blk.fb :
		    NULL;
	default:
		if (parent == K_BLOCK)
			return field_index(f) >= F_D_VALID &&
			    field_index(f) <= F_D_OTHER ? &r->blk.sum : NULL;
		if (parent == K_ACTIVE)
			return field_index(f) >= F_A_UNICAST ? &r->blk.sum :
			    NULL;
		return NULL;
	}
}

static void
leaf_end(struct reader *r, const struct field *f, void *obj)
{
	const char *s = r->text;
	size_t len = r->textlen;
	char msg[200];
	int fi = field_index(f);

	/* Junos NETCONF wraps values in newlines; spaces are data. */
	while (len > 0 && (*s == '\n' || *s == '\r')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (fi == F_PIC_NAME) {
		if (r->blk.nsessions > 0) {
			reader_fail(r, "<%s> after the block's sessions",
			    f->name);
			return;
		}
		if (parse_pic_name(s, len, &r->blk.fpc, &r->blk.pic) != 0) {
			reader_fail(r, "<%s>: '%.*s' is not ' on FPCn PICn:'",
			    f->name, len > 64 ? 64 : (int)len, s);
			return;
		}
		r->blk.keyed = 1;
	}
	if (f->type == FT_ADDR && len > 0 && len < sizeof r->addrs[0].text) {
		unsigned i;

		for (i = 0; i < 4; i++)
			if (r->addrs[i].len == len &&
			    memcmp(r->addrs[i].text, s, len) == 0) {
				memcpy((char *)obj + f->off, r->addrs[i].addr, 16);
				*((uint8_t *)obj + f->aux) = r->addrs[i].af;
				field_mark(f, obj);
				return;
			}
		if (field_parse(f, obj, s, len, store_atoms(r->st), msg,
		    sizeof msg) != 0) {
			reader_fail(r, "%s", msg);
			return;
		}
		i = r->addr_next++ & 3;
		r->addrs[i].len = (uint8_t)len;
		memcpy(r->addrs[i].text, s, len);
		memcpy(r->addrs[i].addr, (char *)obj + f->off, 16);
		r->addrs[i].af = *((uint8_t *)obj + f->aux);
		return;
	}
	if (f->type == FT_ATOM && r->has_last[fi]) {
		const struct atom *a = atom_get(store_atoms(r->st),
		    r->last_atom[fi]);

		if (a->len == len && memcmp(a->str, s, len) == 0) {
			memcpy((char *)obj + f->off, &r->last_atom[fi],
			    sizeof(uint32_t));
			field_mark(f, obj);
			return;
		}
	}
	if (field_parse(f, obj, s, len, store_atoms(r->st), msg,
	    sizeof msg) != 0) {
		reader_fail(r, "%s", msg);
		return;
	}
	if (f->type == FT_ATOM) {
		memcpy(&r->last_atom[fi], (char *)obj + f->off,
		    sizeof(uint32_t));
		r->has_last[fi] = 1;
	}
}

/* "http://xml.juniper.net/junos/REL/<tail>": REL's atom, or 0. */
static uint32_t
release_of(struct reader *r, const xmlChar *uri, const char *tail)
{
	static const char base[] = "http://xml.juniper.net/junos/";
	const char *u = (const char *)uri, *rel, *end;
	size_t tl = strlen(tail);
	uint32_t a;

	if (u == NULL || strncmp(u, base, sizeof base - 1) != 0)
		return 0;
	rel = u + sizeof base - 1;
	end = rel + strlen(rel);
	if ((size_t)(end - rel) <= tl + 1 || strcmp(end - tl, tail) != 0 ||
	    end[-(long)tl - 1] != '/')
		return 0;
	end -= tl + 1;
	if (!store_release_ok(rel, (size_t)(end - rel)))
		return 0;	/* not a release: the reply names none */
	a = store_intern(r->st, rel, (size_t)(end - rel));
	return a == UINT32_MAX ? 0 : a;
}

/* The release a reply names: its first junos-flow namespace, else its
 * first xmlns:junos (R1.1 of the release notes). */
static void
note_release(struct reader *r, const xmlChar *uri, int nns,
    const xmlChar **ns)
{
	if (r->release == 0 && uri != NULL)
		r->release = release_of(r, uri, "junos-flow");
	for (int i = 0; r->release_junos == 0 && i < nns; i++)
		if (ns[2 * i] != NULL &&
		    strcmp((const char *)ns[2 * i], "junos") == 0)
			r->release_junos = release_of(r, ns[2 * i + 1],
			    "junos");
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
    const xmlChar **attrs)
{
	struct reader *r = ctx;
	int parent = r->depth > 0 ? r->stack[r->depth - 1].kind : K_TRANSPARENT;
	const struct elem *e;
	struct frame *fr;

	(void)prefix; (void)nattr; (void)ndef; (void)attrs;
	if (r->failed)
		return;
	if (r->release == 0 || r->release_junos == 0)
		note_release(r, uri, nns, ns);
	if (r->depth == READER_MAX_DEPTH) {
		reader_fail(r, "elements nested deeper than %d",
		    READER_MAX_DEPTH);
		return;
	}
	fr = &r->stack[r->depth++];
	fr->f = NULL;
	fr->kind = K_IGNORE;
	fr->name = localname;
	if (parent == K_IGNORE || parent == K_LEAF)
		return;
	e = reader_elem(r, localname);
	if (e == NULL) {
		fr->kind = parent == K_TRANSPARENT || parent == K_NODE ?
		    K_TRANSPARENT : K_IGNORE;
		return;
	}
	switch (e->kind) {
	case K_NODE:
		if (parent != K_TRANSPARENT)
			return;
		/* Until its re-name says which: the next in order. */
		r->node = ++r->nodes;
		r->node_name = 0;
		break;
	case K_RENAME:
		if (parent != K_NODE)
			return;
		r->textlen = 0;
		break;
	case K_PERPIC:
		if (parent != K_BLOCK)
			return;
		memset(&r->perpic, 0, sizeof r->perpic);
		r->perpic.in = 1;
		r->saw_info = 1;
		break;
	case K_FPCID:
	case K_PICID:
		if (parent != K_PERPIC)
			return;
		r->textlen = 0;
		break;
	case K_BANNER:
		if (parent != K_TRANSPARENT)
			return;
		r->textlen = 0;
		break;
	case K_BLOCK:
	case K_ACTIVE:
		if (parent != K_TRANSPARENT && parent != K_NODE &&
		    parent != K_PERPIC)
			return;
		block_begin(r, e->kind);
		break;
	case K_SESSION:
		if (parent != K_BLOCK)
			return;
		memset(&r->sess, 0, sizeof r->sess);
		r->wing = -1;
		break;
	case K_RM:
		if (parent != K_SESSION)
			return;
		break;
	case K_WING:
		if (parent != K_SESSION)
			return;
		if (r->sess.nwings == 2) {
			reader_fail(r, "more than two <%s> in a session",
			    FIELD_WING_ELEMENT);
			return;
		}
		r->wing = r->sess.nwings++;
		break;
	case K_LEAF:
		if ((fr->obj = leaf_object(r, e->f, parent)) == NULL)
			return;
		fr->f = e->f;
		r->textlen = 0;
		break;
	}
	fr->kind = e->kind;
}

/* The text read, blanks trimmed, as a small number (tail_only: its last
 * digits, as in "node1"): 0, or -1 when it is none. */
static int
text_number(struct reader *r, int tail_only, uint32_t *v)
{
	const char *s = r->text, *e = r->text + r->textlen;
	uint64_t n = 0;

	while (s < e && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\r' ||
	    e[-1] == '\t'))
		e--;
	if (tail_only) {
		const char *d = e;

		while (d > s && d[-1] >= '0' && d[-1] <= '9')
			d--;
		s = d;
	}
	if (s == e || e - s > 9)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*v = (uint32_t)n;
	return 0;
}

/* <re-name>: "node1" is node 1; its name is printed in the banner. */
static void
rename_end(struct reader *r)
{
	const char *s = r->text;
	size_t len = r->textlen;
	uint32_t n;

	while (len > 0 && (*s == '\n' || *s == '\r' || *s == ' ')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' ||
	    s[len - 1] == ' '))
		len--;
	if (len == 0)
		return;
	if (text_number(r, 1, &n) == 0 && n < 1000)
		r->node = n + 1;
	if ((r->node_name = store_intern(r->st, s, len)) == UINT32_MAX) {
		r->node_name = 0;
		reader_store_fail(r);
	}
}

/*
 * The prompt tag of a cluster, "{primary:node0}" or "{secondary:node1}":
 * the node that answered, and the primary (that node, or else the other
 * of the two).  Anything else (a standalone box's empty banner) leaves
 * node0 for both.
 */
static void
banner_end(struct reader *r)
{
	const char *s = r->text, *e = r->text + r->textlen, *colon;
	uint32_t n = 0;

	while (s < e && *s != '{')
		s++;
	if (s == e || (colon = memchr(s, ':', (size_t)(e - s))) == NULL ||
	    e - colon < 7 || strncmp(colon + 1, "node", 4) != 0)
		return;
	for (s = colon + 5; s < e && *s >= '0' && *s <= '9' && n < 1000; s++)
		n = n * 10 + (uint32_t)(*s - '0');
	if (s == colon + 5 || s == e || *s != '}')
		return;
	r->local = n;
	if (colon - r->text >= 8 && strncmp(colon - 7, "primary", 7) == 0)
		r->primary = n;
	else
		r->primary = n == 0 ? 1 : 0;
}

static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct reader *r = ctx;
	struct frame *fr;

	(void)localname; (void)prefix; (void)uri;
	if (r->failed || r->depth == 0)
		return;
	fr = &r->stack[--r->depth];
	switch (fr->kind) {
	case K_LEAF:
		leaf_end(r, fr->f, fr->obj);
		break;
	case K_RENAME:
		rename_end(r);
		break;
	case K_FPCID:
		r->perpic.have_fpc = text_number(r, 0, &r->perpic.fpc) == 0;
		break;
	case K_PICID:
		r->perpic.have_pic = text_number(r, 0, &r->perpic.pic) == 0;
		break;
	case K_BANNER:
		banner_end(r);
		break;
	case K_PERPIC:
		r->perpic.in = 0;
		break;
	case K_NODE:
		r->node = 0;
		r->node_name = 0;
		break;
	case K_SESSION:
		session_end(r);
		break;
	case K_BLOCK:
	case K_ACTIVE:
		block_end(r, fr->kind);
		break;
	}
}

static void
sax_text(void *ctx, const xmlChar *ch, int len)
{
	struct reader *r = ctx;

	if (r->failed || r->depth == 0 ||
	    (r->stack[r->depth - 1].kind != K_LEAF &&
	    r->stack[r->depth - 1].kind != K_RENAME &&
	    r->stack[r->depth - 1].kind != K_FPCID &&
	    r->stack[r->depth - 1].kind != K_PICID &&
	    r->stack[r->depth - 1].kind != K_BANNER))
		return;
	if (r->textlen + (size_t)len > sizeof r->text) {
		reader_fail(r, "<%s> value longer than %d bytes",
		    (const char *)r->stack[r->depth - 1].name,
		    READER_MAX_VALUE);
		return;
	}
	memcpy(r->text + r->textlen, ch, (size_t)len);
	r->textlen += (size_t)len;
}

static void
sax_doctype(void *ctx, const xmlChar *name, const xmlChar *eid,
    const xmlChar *sid)
{
	(void)name; (void)eid; (void)sid;
	/* No DTD: no entity can be declared, so none can expand or fetch. */
	reader_fail(ctx, "<!DOCTYPE> is not allowed");
}

static void
sax_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pid,
    const xmlChar *sid, xmlChar *content)
{
	(void)type; (void)pid; (void)sid; (void)content;
	reader_fail(ctx, "entity declaration '%s' is not allowed",
	    (const char *)name);
}

static xmlEntityPtr
sax_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	/* Only the five predefined entities exist. */
	return xmlGetPredefinedEntity(name);
}

static void
sax_error(void *ctx, xmlErrorPtr e)
{
	struct reader *r = ctx;
	char msg[300];
	size_t n;

	/* Namespace errors (a prefix never declared, as when a reply is cut
	 * out of its envelope) do not matter: elements go by local name. */
	if (r->failed || e == NULL || e->level < XML_ERR_ERROR ||
	    e->domain == XML_FROM_NAMESPACE)
		return;
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "bad XML");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	snprintf(r->err, sizeof r->err, "line %d: %s", e->line, msg);
	r->failed = 1;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
	xmlInitParser();
}

struct reader *
reader_new(struct store *st, unsigned flags, const char *name)
{
	struct reader *r;

	pthread_once(&elem_once, elem_init);
	pthread_once(&xml_once, xml_init);
	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->st = st;
	r->flags = flags;
	r->name = name != NULL ? name : "input";
	r->max_input = READER_MAX_INPUT;
	r->skipping = r->line_blank = 1;
	r->sax.initialized = XML_SAX2_MAGIC;
	r->sax.startElementNs = sax_start;
	r->sax.endElementNs = sax_end;
	r->sax.characters = sax_text;
	/* The same handler for blanks: otherwise libxml2 tests every text
	 * node with areBlanks() to choose between the two. */
	r->sax.ignorableWhitespace = sax_text;
	r->sax.cdataBlock = sax_text;
	r->sax.internalSubset = sax_doctype;
	r->sax.externalSubset = sax_doctype;
	r->sax.entityDecl = sax_entity;
	r->sax.getEntity = sax_get_entity;
	r->sax.getParameterEntity = sax_get_entity;
	r->sax.serror = sax_error;
	r->ctxt = xmlCreatePushParserCtxt(&r->sax, r, NULL, 0, r->name);
	if (r->ctxt == NULL) {
		free(r);
		return NULL;
	}
	/* No network, no entity substitution, no DTD loading, no HUGE. */
	xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
	store_begin(st);
	if (flags & READER_REPLACE)
		store_clear(st);
	return r;
}

void
reader_set_max_input(struct reader *r, uint64_t bytes)
{
	r->max_input = bytes;
}

/*
 * Skips what comes before the first line whose first non-blank character
 * is '<' (R10.1): returns how much of buf to skip, all of it while the
 * XML has not started.
 */
static size_t
skip_text(struct reader *r, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n')
			r->line_blank = 1;
		else if (c == '<' && r->line_blank) {
			r->skipping = 0;
			return i;
		} else if (c != ' ' && c != '\t' && c != '\r' &&
		    !(c >= 0xbb && c <= 0xef && (c == 0xef || c == 0xbb ||
		    c == 0xbf)))
			r->line_blank = 0;	/* a UTF-8 BOM is blank */
	}
	return len;
}

int
reader_feed(struct reader *r, const char *buf, size_t len)
{
	if (r->failed)
		return -1;
	if (r->skipping) {
		size_t skip = skip_text(r, buf, len);

		r->fed += skip;
		buf += skip;
		len -= skip;
		if (len == 0)
			return 0;
	}
	if (r->fed > r->max_input || len > r->max_input - r->fed) {
		reader_fail(r, "input larger than %llu bytes",
		    (unsigned long long)r->max_input);
		return -1;
	}
	r->fed += len;
	while (len > 0 && !r->failed) {
		int part = len > (1 << 30) ? 1 << 30 : (int)len;

		if (xmlParseChunk(r->ctxt, buf, part, 0) != 0 && !r->failed)
			reader_fail(r, "malformed XML");
		buf += part;
		len -= (size_t)part;
	}
	return r->failed ? -1 : 0;
}

int
reader_finish(struct reader *r)
{
	if (r->finished)
		return r->failed ? -1 : 0;
	if (!r->failed) {
		if (r->fed == 0)
			reader_fail(r, "empty input");
		else if (r->skipping)
			reader_fail(r, "not XML: no line starts with '<'");
		else if (xmlParseChunk(r->ctxt, NULL, 0, 1) != 0 ||
		    !r->ctxt->wellFormed) {
			/* libxml2 calls this "Extra content at the end". */
			if (r->depth > 0) {
				r->failed = 0;
				reader_fail(r, "truncated: the input ends "
				    "inside <%s>", (const char *)
				    r->stack[r->depth - 1].name);
			} else if (!r->failed)
				reader_fail(r, "malformed XML");
		}
	}
	if (!r->failed && !r->saw_info) {
		reader_fail(r, "no Junos flow-session information");
		r->no_info = 1;
	}
	r->finished = 1;
	if (r->failed) {
		store_abort(r->st);
		return -1;
	}
	store_set_release(r->st, r->release != 0 ? r->release :
	    r->release_junos);
	store_set_nodes(r->st, r->local, r->primary);
	if (store_commit(r->st) != 0) {
		snprintf(r->err, sizeof r->err, "%s", errno == ENOSPC ?
		    "too many PICs or distinct names" : "out of memory");
		r->failed = 1;
		return -1;
	}
	return 0;
}

const char *
reader_error(const struct reader *r)
{
	return r->failed ? r->err : NULL;
}

uint64_t
reader_sessions(const struct reader *r)
{
	return r->sessions;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	if (!r->finished) {
		r->failed = 1;
		store_abort(r->st);
	}
	if (r->ctxt != NULL) {
		if (r->ctxt->myDoc != NULL)
			xmlFreeDoc(r->ctxt->myDoc);
		xmlFreeParserCtxt(r->ctxt);
	}
	free(r);
}

static int
reader_done(struct reader *r, const char *name, char *err, size_t errlen)
{
	int rc = reader_finish(r);

	if (rc != 0 && r->no_info)
		snprintf(err, errlen, "no Junos flow-session information in %s",
		    name);
	else if (rc != 0)
		snprintf(err, errlen, "%s: %s", name, reader_error(r));
	reader_free(r);
	return rc;
}

int
reader_load_fd(struct store *st, int fd, const char *name, unsigned flags,
    char *err, size_t errlen)
{
	struct reader *r;
	char buf[64 * 1024];
	ssize_t n;

	if ((r = reader_new(st, flags, name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "%s: %s", name, strerror(errno));
			reader_free(r);
			return -1;
		}
		if (n == 0 || reader_feed(r, buf, (size_t)n) != 0)
			break;
	}
	return reader_done(r, name, err, errlen);
}

int
reader_load_file(struct store *st, const char *path, unsigned flags,
    char *err, size_t errlen)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = reader_load_fd(st, fd, path, flags, err, errlen);
	close(fd);
	return rc;
}

int
reader_load_mem(struct store *st, const char *buf, size_t len,
    const char *name, unsigned flags, char *err, size_t errlen)
{
	struct reader *r;

	if ((r = reader_new(st, flags, name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	reader_feed(r, buf, len);
	return reader_done(r, name, err, errlen);
}
