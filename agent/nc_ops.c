/*
 * nc_ops.c: the operations flowagentd answers, one callback each, attached
 * to the operations' schema nodes once every module is loaded.
 *
 * The flow-session operations turn their input into the same render options
 * and filter as flowcli's, and queue a streamed reply (nc_stream.c), so the
 * text in <output> is byte for byte what flowcli render prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "command.h"
#include "nc.h"

struct nc_server_reply *
ncs_error(NC_ERR tag, NC_ERR_TYPE type, const char *fmt, ...)
{
	struct lyd_node *e;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	switch (tag) {
	case NC_ERR_INVALID_VALUE:
	case NC_ERR_OP_NOT_SUPPORTED:
	case NC_ERR_OP_FAILED:
	case NC_ERR_RES_DENIED:
	case NC_ERR_TOO_BIG:
	case NC_ERR_ACCESS_DENIED:
		e = nc_err(ncs.ctx, tag, type);
		break;
	default:
		e = nc_err(ncs.ctx, NC_ERR_OP_FAILED, type);
	}
	if (e == NULL)
		return NULL;
	nc_err_set_msg(e, msg, "en");
	return nc_server_reply_err(e);
}

static struct nc_server_reply *
bad_value(const char *elem, const char *msg)
{
	struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_INVALID_VALUE,
	    NC_ERR_TYPE_APP);

	if (e == NULL)
		return NULL;
	nc_err_set_msg(e, msg, "en");
	if (elem != NULL)
		nc_err_add_bad_elem(e, elem);
	return nc_server_reply_err(e);
}

/* The format attribute (flowagent-junos:format), or NULL. */
static const char *
format_attr(const struct lyd_node *rpc)
{
	struct lyd_meta *m = lyd_find_meta(rpc->meta, ncs.mod_junos,
	    "format");

	return m != NULL ? lyd_get_meta_value(m) : NULL;
}

static int
format_parse(const char *s, enum render_format *f)
{
	if (strcmp(s, "ascii") == 0)
		s = "text";
	return render_format_parse(s, f);
}

/* How a rendered reply is carried, by format. */
static void
reply_body(struct ncs_reply *r, enum render_format f, const char *ns)
{
	r->ro.format = f;
	r->output_ns = ns;
	r->body = f == RENDER_TEXT ? NCS_BODY_TEXT :
	    f == RENDER_JSON ? NCS_BODY_JSON : NCS_BODY_XML;
}

/*
 * get-flow-session-information and get-flow-session-by-identifier: every
 * input leaf is a level, the format, or a filter by its Junos name.
 */
int
ncs_ops_flow_reply(const struct lyd_node *rpc, enum render_view view,
    struct ncs_reply *rp, struct nc_server_reply **err)
{
	struct ncs_reply r;
	enum render_format f = RENDER_XML;
	const struct lyd_node *c;
	const char *fmt;
	char msg[256];
	int levels = 0;

	memset(&r, 0, sizeof r);
	filter_init(&r.filter);
	LY_LIST_FOR(lyd_child(rpc), c) {
		enum render_view v;

		/* Two cases of the choice "level" (RFC 7950 8.3.1). */
		if (render_view_parse(LYD_NAME(c), &v) == 0 && levels++ > 0) {
			struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_BAD_ELEM,
			    NC_ERR_TYPE_PROT, LYD_NAME(c));

			nc_err_set_msg(e, "brief, extensive and summary "
			    "exclude each other", "en");
			*err = nc_server_reply_err(e);
			return -1;
		}
	}
	LY_LIST_FOR(lyd_child(rpc), c) {
		const char *name = LYD_NAME(c);
		const char *v = c->schema != NULL &&
		    (c->schema->nodetype & LYD_NODE_TERM) &&
		    ((const struct lysc_node_leaf *)c->schema)->type->basetype
		    != LY_TYPE_EMPTY ? lyd_get_value(c) : NULL;

		if ((c->flags & LYD_DEFAULT) != 0)
			continue;
		if (render_view_parse(name, &view) == 0 &&
		    strcmp(name, "default") != 0)
			continue;
		if (strcmp(name, "format") == 0) {
			if (format_parse(v, &f) != 0) {
				*err = bad_value(name, "unknown format");
				return -1;
			}
			continue;
		}
		if (filter_set(&r.filter, name, v, msg, sizeof msg) != 0) {
			*err = bad_value(name, msg);
			return -1;
		}
	}
	if ((fmt = format_attr(rpc)) != NULL && format_parse(fmt, &f) != 0) {
		*err = bad_value("format", "unknown format");
		return -1;
	}
	r.ro.view = view;
	r.ro.release = ncs.release;
	reply_body(&r, f, NCS_NS_SESSION);
	*rp = r;
	rp->ro.filter = &rp->filter;
	return 0;
}

static struct nc_server_reply *
op_flow(struct lyd_node *rpc, struct nc_session *session,
    enum render_view view)
{
	struct nc_server_reply *err;
	struct ncs_reply r;

	if (ncs_ops_flow_reply(rpc, view, &r, &err) != 0)
		return err;
	return ncs_stream_reply(rpc, session, &r);
}

static struct nc_server_reply *
op_flow_information(struct lyd_node *rpc, struct nc_session *session)
{
	return op_flow(rpc, session, RENDER_DEFAULT);
}

static struct nc_server_reply *
op_flow_by_identifier(struct lyd_node *rpc, struct nc_session *session)
{
	struct lyd_node *id;

	/* libnetconf2 does not validate requests: mandatory is ours. */
	if (lyd_find_path(rpc, "session-identifier", 0, &id) != LY_SUCCESS) {
		struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_MISSING_ELEM,
		    NC_ERR_TYPE_PROT, "session-identifier");

		nc_err_set_msg(e, "session-identifier is required", "en");
		return nc_server_reply_err(e);
	}
	return op_flow(rpc, session, RENDER_EXTENSIVE);
}

/* Junos's <command>: a 'show security flow session' line. */
int
ncs_ops_command_reply(const struct lyd_node *rpc, struct ncs_reply *rp,
    struct nc_server_reply **errp)
{
	struct ncs_reply r;
	struct command cmd;
	struct lyd_node *line;
	enum render_format f = RENDER_TEXT;
	const char *fmt;
	char err[256];

	if (lyd_find_path(rpc, "line", 0, &line) != LY_SUCCESS) {
		struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_MISSING_ELEM,
		    NC_ERR_TYPE_PROT, "line");

		*errp = nc_server_reply_err(e);
		return -1;
	}
	if ((fmt = format_attr(rpc)) != NULL && format_parse(fmt, &f) != 0) {
		*errp = bad_value("format", "unknown format");
		return -1;
	}
	if (command_parse(&cmd, lyd_get_value(line), err, sizeof err) != 0) {
		*errp = bad_value("line", err);
		return -1;
	}

	memset(&r, 0, sizeof r);
	r.filter = cmd.filter;
	r.ro.view = cmd.view;
	r.ro.release = ncs.release;
	if (cmd.flags & COMMAND_XML_RPC) {
		/* The equivalent operation, as Junos prints it. */
		struct sink s;
		char *xml;
		int rc;

		if (sink_mem(&s) != 0) {
			*errp = ncs_error(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP,
			    "out of memory");
			return -1;
		}
		rc = command_write_rpc(&cmd, &s, f == RENDER_TEXT ?
		    COMMAND_RPC_CLI : 0);
		xml = sink_take(&s, NULL);
		sink_close(&s);
		if (rc != 0 || xml == NULL) {
			free(xml);
			*errp = bad_value("line", "no operation carries this "
			    "request");
			return -1;
		}
		if (f == RENDER_TEXT) {
			r.head = ncs_text_element("output", NCS_NS_JUNOS, xml);
			free(xml);
		} else
			r.head = xml;
		if (r.head == NULL) {
			*errp = ncs_error(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP,
			    "out of memory");
			return -1;
		}
		r.body = NCS_BODY_RAW;
	} else if (f == RENDER_TEXT) {
		/* The CLI's text of the command: its own display format. */
		reply_body(&r, RENDER_TEXT, NCS_NS_JUNOS);
		r.ro.format = cmd.format;
		if (cmd.format == RENDER_XML)
			r.ro.flags |= RENDER_ENVELOPE;
	} else
		reply_body(&r, f, NCS_NS_JUNOS);
	*rp = r;
	rp->ro.filter = &rp->filter;
	return 0;
}

static struct nc_server_reply *
op_command(struct lyd_node *rpc, struct nc_session *session)
{
	struct nc_server_reply *err;
	struct ncs_reply r;

	if (ncs_ops_command_reply(rpc, &r, &err) != 0)
		return err;
	return ncs_stream_reply(rpc, session, &r);
}

const char *
ncs_release(const struct store_snap *snap)
{
	uint32_t rel;

	if (ncs.release != NULL)
		return ncs.release;
	if (snap != NULL && (rel = store_snap_release(snap)) != 0)
		return atom_get(store_snap_atoms(snap), rel)->str;
	return RENDER_JUNOS_RELEASE;
}

/* 'show version' for dev.facts: host name, model, version. */
static struct nc_server_reply *
op_software(struct lyd_node *rpc, struct nc_session *session)
{
	struct ncs_reply r;
	enum render_format f = RENDER_XML;
	const char *fmt;
	char *s, host[256], rel[80];
	int n;

	if ((fmt = format_attr(rpc)) != NULL && format_parse(fmt, &f) != 0)
		return bad_value("format", "unknown format");
	ncs_hostname(host, sizeof host);
	/* Written into XML and JSON as is: no markup or quotes in it. */
	for (char *p = host; *p != '\0'; p++)
		if (strchr("<>&\"\\", *p) != NULL || (unsigned char)*p < 0x20)
			*p = '_';
	/* The device's own version: --junos-release, else 23.4R1 (PyEZ
	 * wants 14.2 or later for JSON), whatever release a file names. */
	snprintf(rel, sizeof rel, "%s", ncs.release != NULL ? ncs.release :
	    RENDER_JUNOS_RELEASE);
	memset(&r, 0, sizeof r);
	r.body = NCS_BODY_RAW;
	if (f == RENDER_TEXT) {
		char *text;

		n = asprintf(&text, "Hostname: %s\nModel: flowagent\n"
		    "Junos: %s\n", host, rel);
		if (n >= 0) {
			s = ncs_text_element("output", NCS_NS_JUNOS, text);
			free(text);
			n = s != NULL ? 0 : -1;
		}
	} else if (f == RENDER_JSON)
		n = asprintf(&s, "{\"software-information\":[{"
		    "\"host-name\":[{\"data\":\"%s\"}],"
		    "\"product-model\":[{\"data\":\"flowagent\"}],"
		    "\"product-name\":[{\"data\":\"flowagent\"}],"
		    "\"junos-version\":[{\"data\":\"%s\"}]}]}",
		    host, rel);
	else
		n = asprintf(&s, "<software-information>"
		    "<host-name>%s</host-name>"
		    "<product-model>flowagent</product-model>"
		    "<product-name>flowagent</product-name>"
		    "<junos-version>%s</junos-version>"
		    "<package-information><name>junos</name>"
		    "<comment>JUNOS Software Release [%s]</comment>"
		    "</package-information></software-information>",
		    host, rel, rel);
	if (n < 0)
		return ncs_error(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP,
		    "out of memory");
	r.head = s;
	return ncs_stream_reply(rpc, session, &r);
}

static struct nc_server_reply *
op_kill_session(struct lyd_node *rpc, struct nc_session *session)
{
	struct lyd_node *idn;
	uint32_t id, own = nc_session_get_id(session);

	if (lyd_find_path(rpc, "session-id", 0, &idn) != LY_SUCCESS)
		return nc_server_reply_err(nc_err(ncs.ctx,
		    NC_ERR_MISSING_ELEM, NC_ERR_TYPE_PROT, "session-id"));
	id = (uint32_t)strtoul(lyd_get_value(idn), NULL, 10);
	if (id == own)
		return ncs_error(NC_ERR_INVALID_VALUE, NC_ERR_TYPE_PROT,
		    "a session cannot kill itself: use close-session");
	if (ncs_conn_kill(id, own) != 0)
		return ncs_error(NC_ERR_INVALID_VALUE, NC_ERR_TYPE_PROT,
		    "no session %u", id);
	return nc_server_reply_ok();
}

/* Ours, not libnetconf2's: its default has a use-after-free with
 * libyang 2.1.30 (notes/netconf.md section 5.1). */
static struct nc_server_reply *
op_get_schema(struct lyd_node *rpc, struct nc_session *session)
{
	struct lyd_node *n, *out;
	const struct lys_module *mod;
	const struct lysp_submodule *sub = NULL;
	const char *id, *rev = NULL;
	LYS_OUTFORMAT fmt = LYS_OUT_YANG;
	struct ly_out *o;
	char *text = NULL;

	(void)session;
	if (lyd_find_path(rpc, "identifier", 0, &n) != LY_SUCCESS)
		return nc_server_reply_err(nc_err(ncs.ctx,
		    NC_ERR_MISSING_ELEM, NC_ERR_TYPE_PROT, "identifier"));
	id = lyd_get_value(n);
	if (lyd_find_path(rpc, "version", 0, &n) == LY_SUCCESS &&
	    lyd_get_value(n)[0] != '\0')
		rev = lyd_get_value(n);
	if (lyd_find_path(rpc, "format", 0, &n) == LY_SUCCESS) {
		const char *f = lyd_get_value(n);

		if (strstr(f, "yin") != NULL)
			fmt = LYS_OUT_YIN;
		else if (strstr(f, "yang") == NULL)
			return bad_value("format", "only yang and yin");
	}
	mod = rev != NULL ? ly_ctx_get_module(ncs.ctx, id, rev) :
	    ly_ctx_get_module_implemented(ncs.ctx, id);
	if (mod == NULL && rev == NULL)
		mod = ly_ctx_get_module_latest(ncs.ctx, id);
	if (mod == NULL)
		sub = rev != NULL ? ly_ctx_get_submodule(ncs.ctx, id, rev) :
		    ly_ctx_get_submodule_latest(ncs.ctx, id);
	if (mod == NULL && sub == NULL)
		return bad_value("identifier", "no such schema");
	if (mod != NULL) {
		if (lys_print_mem(&text, mod, fmt, 0) != LY_SUCCESS)
			text = NULL;
	} else if (ly_out_new_memory(&text, 0, &o) == LY_SUCCESS) {
		if (lys_print_submodule(o, sub, fmt, 0, 0) != LY_SUCCESS) {
			ly_out_free(o, NULL, 1);
			text = NULL;
		} else
			ly_out_free(o, NULL, 0);
	}
	if (text == NULL)
		return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
		    "cannot print the schema");
	if (lyd_dup_single(rpc, NULL, 0, &out) != LY_SUCCESS) {
		free(text);
		return NULL;
	}
	if (lyd_new_any(out, NULL, "data", text, 1, LYD_ANYDATA_STRING, 1,
	    NULL) != LY_SUCCESS) {
		free(text);
		lyd_free_tree(out);
		return NULL;
	}
	return nc_server_reply_data(out, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

static const struct {
	const char	*path;
	nc_rpc_clb	 cb;
} ops[] = {
	{ "/ietf-netconf:get", ncs_get },
	{ "/ietf-netconf:get-config", ncs_get_config },
	{ "/ietf-netconf:kill-session", op_kill_session },
	{ "/ietf-netconf-monitoring:get-schema", op_get_schema },
	{ "/flowagent-session:get-flow-session-information",
	    op_flow_information },
	{ "/flowagent-session:get-flow-session-by-identifier",
	    op_flow_by_identifier },
	{ "/flowagent-junos:command", op_command },
	{ "/flowagent-junos:get-software-information", op_software },
};

int
ncs_ops_register(struct ly_ctx *ctx)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		struct lysc_node *n = (struct lysc_node *)lys_find_path(ctx,
		    NULL, ops[i].path, 0);

		if (n == NULL)
			return -1;
		n->priv = (void *)ops[i].cb;
	}
	return 0;
}
