/*
 * nc_stream.c: replies written by the renderer.
 *
 * An operation's callback does not build its reply as libyang nodes: it
 * queues what to render (ncs_stream_reply) and hands libnetconf2 an output
 * holding one placeholder node.  libnetconf2 prints the reply in the same
 * thread right after the callback returns; our lyd_print_clb recognises the
 * placeholder and writes the rpc-reply itself, the renderer streaming
 * through libnetconf2's own writer (framing, SSH, locking).  Memory does not
 * grow with the reply: a 100,000-session <get> goes out 64 KiB at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"

#define NCS_STREAM_NS	"urn:flowagent:internal:stream"

struct ncs_pending {
	struct ncs_reply	 r;
	const struct store_snap	*snap;
	const struct lyd_node	*marker;
	struct nc_session	*session;
};

/* The reply being built in this thread (libnetconf2 prints it here). */
static __thread struct ncs_pending *pending;

static void
pending_free(struct ncs_pending *p)
{
	if (p == NULL)
		return;
	if (p->snap != NULL)
		store_release(p->snap);
	free(p->r.head);
	free(p);
}

void
ncs_stream_done(void)
{
	pending_free(pending);
	pending = NULL;
}

struct nc_server_reply *
ncs_stream_reply(struct lyd_node *rpc, struct nc_session *session,
    struct ncs_reply *r)
{
	struct ncs_pending *p;
	struct lyd_node *out, *marker;

	ncs_stream_done();
	if ((p = calloc(1, sizeof *p)) == NULL) {
		free(r->head);
		return ncs_error(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP,
		    "out of memory");
	}
	p->r = *r;
	if (p->r.ro.filter != NULL)
		p->r.ro.filter = &p->r.filter;
	p->session = session;
	if (lyd_dup_single(rpc, NULL, LYD_DUP_NO_META, &out) != LY_SUCCESS) {
		pending_free(p);
		return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
		    "cannot build the reply");
	}
	if (lyd_new_opaq2(out, NULL, "stream", NULL, NULL, NCS_STREAM_NS,
	    &marker) != LY_SUCCESS) {
		lyd_free_tree(out);
		pending_free(p);
		return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
		    "cannot build the reply");
	}
	p->marker = marker;
	if (r->body != NCS_BODY_RAW)
		p->snap = store_acquire(ncs.store);
	pending = p;
	return nc_server_reply_data(out, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

int
ncs_stream_owns(const struct lyd_node *root)
{
	return pending != NULL && root != NULL && root->schema == NULL &&
	    lyd_child(root) == pending->marker;
}

/* Where the sink's output goes: libnetconf2's writer, raw or escaped. */
struct writer {
	ssize_t		(*clb)(void *, const void *, size_t);
	void		*arg;
	int		 escape;
	struct nc_session *session;
};

static int
writer_raw(struct writer *w, const char *buf, size_t n)
{
	/* libnetconf2's writer reports success even when the session died:
	 * look at the session, so a gone client stops the render. */
	if (n > 0)
		w->clb(w->arg, buf, n);
	if (nc_session_get_status(w->session) != NC_STATUS_RUNNING) {
		errno = EPIPE;
		return -1;
	}
	return 0;
}

static int
writer_cb(void *arg, const char *buf, size_t n)
{
	struct writer *w = arg;
	char out[16384];
	size_t len = 0;

	if (!w->escape)
		return writer_raw(w, buf, n);
	/* Escaped into a buffer: libnetconf2 then sends large pieces. */
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		size_t rl = 1;

		switch (buf[i]) {
		case '&': rep = "&amp;"; rl = 5; break;
		case '<': rep = "&lt;"; rl = 4; break;
		case '>': rep = "&gt;"; rl = 4; break;
		}
		if (len + rl > sizeof out) {
			if (writer_raw(w, out, len) != 0)
				return -1;
			len = 0;
		}
		if (rep != NULL) {
			memcpy(out + len, rep, rl);
			len += rl;
		} else
			out[len++] = buf[i];
	}
	return writer_raw(w, out, len);
}

static void
put_escaped(struct sink *s, const char *v, int attr)
{
	for (; *v != '\0'; v++) {
		switch (*v) {
		case '&': sink_puts(s, "&amp;"); break;
		case '<': sink_puts(s, "&lt;"); break;
		case '>': sink_puts(s, "&gt;"); break;
		case '"':
			if (attr) {
				sink_puts(s, "&quot;");
				break;
			}
			/* FALLTHROUGH */
		default: sink_putc(s, *v);
		}
	}
}

/* <rpc-reply> with the request's attributes (RFC 6241 section 4.2). */
static void
envelope_open(struct sink *s, const struct lyd_node *root, int junos,
    const char *release)
{
	const struct lyd_node_opaq *env = (const struct lyd_node_opaq *)root;

	sink_puts(s, "<rpc-reply xmlns=\"" NCS_NS_BASE "\"");
	if (junos) {
		sink_puts(s, " xmlns:junos=\"http://xml.juniper.net/junos/");
		sink_puts(s, release);
		sink_puts(s, "/junos\"");
	}
	for (const struct lyd_attr *a = env->attr; a != NULL; a = a->next) {
		sink_putc(s, ' ');
		if (a->name.prefix != NULL && a->name.module_ns != NULL) {
			sink_puts(s, "xmlns:");
			sink_puts(s, a->name.prefix);
			sink_puts(s, "=\"");
			put_escaped(s, a->name.module_ns, 1);
			sink_puts(s, "\" ");
			sink_puts(s, a->name.prefix);
			sink_putc(s, ':');
		}
		sink_puts(s, a->name.name);
		sink_puts(s, "=\"");
		put_escaped(s, a->value, 1);
		sink_putc(s, '"');
	}
	sink_putc(s, '>');
}

/* The renderer's output, escaped as text, into `s`'s destination. */
static int
render_escaped(struct ncs_pending *p, struct writer *w, struct sink *s)
{
	struct sink t;
	int rc;

	if (sink_flush(s) != 0)
		return -1;
	w->escape = 1;
	if (sink_cb(&t, writer_cb, w) != 0)
		return -1;
	rc = render_snap(p->snap, &p->r.ro, &t);
	if (sink_close(&t) != 0)
		rc = -1;
	w->escape = 0;
	return rc;
}

int
ncs_stream_write(ssize_t (*clb)(void *, const void *, size_t), void *arg,
    const struct lyd_node *root)
{
	struct ncs_pending *p = pending;
	struct writer w = { clb, arg, 0, p->session };
	struct sink s;
	struct render_opts ro;
	int rc = 0;

	if (sink_cb(&s, writer_cb, &w) != 0)
		return -1;
	envelope_open(&s, root, p->r.body == NCS_BODY_XML, ncs_release(p->snap));
	switch (p->r.body) {
	case NCS_BODY_XML:
		rc = render_snap(p->snap, &p->r.ro, &s);
		break;
	case NCS_BODY_TEXT:
		sink_puts(&s, "<output xmlns=\"");
		sink_puts(&s, p->r.output_ns);
		sink_puts(&s, "\">");
		rc = render_escaped(p, &w, &s);
		sink_puts(&s, "</output>");
		break;
	case NCS_BODY_JSON:
		rc = render_escaped(p, &w, &s);
		break;
	case NCS_BODY_GET:
		sink_puts(&s, "<data xmlns=\"" NCS_NS_BASE "\">");
		if (p->r.head != NULL)
			sink_puts(&s, p->r.head);
		if (p->r.flows) {
			ro = p->r.ro;
			ro.format = RENDER_YANG;
			rc = render_snap(p->snap, &ro, &s);
		}
		sink_puts(&s, "</data>");
		break;
	case NCS_BODY_RAW:
		if (p->r.head != NULL)
			sink_puts(&s, p->r.head);
		break;
	}
	sink_puts(&s, "</rpc-reply>");
	if (sink_close(&s) != 0)
		rc = -1;
	ncs_stream_done();
	return rc;
}

char *
ncs_text_element(const char *name, const char *ns, const char *text)
{
	struct sink s;
	char *r;

	if (sink_mem(&s) != 0)
		return NULL;
	sink_putc(&s, '<');
	sink_puts(&s, name);
	sink_puts(&s, " xmlns=\"");
	sink_puts(&s, ns);
	sink_puts(&s, "\">");
	put_escaped(&s, text, 0);
	sink_puts(&s, "</");
	sink_puts(&s, name);
	sink_putc(&s, '>');
	r = sink_error(&s) == 0 ? sink_take(&s, NULL) : NULL;
	sink_close(&s);
	return r;
}
