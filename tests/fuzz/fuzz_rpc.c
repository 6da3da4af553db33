/*
 * fuzz_rpc.c: NETCONF requests as libnetconf2 hands them to flowagentd.
 *
 * The input is an <rpc> message: ncs_rewrite, then lyd_parse_op
 * (LYD_TYPE_RPC_NETCONF) in a context with the server's modules, as the
 * server does.  On success, the handler logic that needs no session:
 * a flow-session operation or <command> to its render options (rendered
 * against the sample), and a <get>'s filter analysis, with the filter
 * applied to the sample's YANG tree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "nc.h"
#include "reader.h"
#include "sink.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* libxml2 prints encoding errors despite XML_PARSE_NOERROR: not here. */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

#ifndef FUZZ_YANGDIR
#define FUZZ_YANGDIR	"yang"
#endif
#define FUZZ_IETF_DIR	"/usr/share/yuma/modules/ietf"

/* What nc_server.c defines and the handlers share. */
struct ncs_server ncs;

void
ncs_hostname(char *buf, size_t len)
{
	snprintf(buf, len, "fuzz");
}

/* nc_monitoring.c's state: none here (nc_get.c is linked, not fuzzed). */
int
ncs_mon_data(struct ly_ctx *ctx, struct lyd_node **tree)
{
	(void)ctx;
	*tree = NULL;
	return -1;
}

/* nc_eval.c evaluates in a process of its own; here, in this one (the
 * same calls its child makes). */
int64_t
ncs_eval_deadline(void)
{
	return 0;
}

int
ncs_eval_late(int64_t deadline)
{
	(void)deadline;
	return 0;	/* no deadline: 0 */
}

int
ncs_eval_xpath(const char *select, const char *xml, size_t len,
    struct lyd_node **out, char *err, size_t errlen)
{
	struct lyd_node *tree = NULL;
	int rc;

	*out = NULL;
	if (len > 0 && lyd_parse_data_mem(ncs.ctx, xml, LYD_XML,
	    LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, &tree) != LY_SUCCESS) {
		snprintf(err, errlen, "parse");
		return -1;
	}
	rc = ncs_xpath_apply(select, tree, out);
	lyd_free_siblings(tree);
	if (rc != 0)
		snprintf(err, errlen, "xpath");
	return rc;
}

/* nc_conn.c's registry: no sessions here. */
int
ncs_conn_kill(uint32_t id, uint32_t by)
{
	(void)id;
	(void)by;
	return -1;
}

extern const char source_sample_xml[];
extern const size_t source_sample_len;

static struct lyd_node *sample_tree;

static void
fuzz_init(void)
{
	static const char *xpath[] = { "xpath", NULL };
	static const struct {
		const char	*name;
		const char	**features;
	} mods[] = {
		{ "ietf-netconf", xpath },
		{ "ietf-netconf-monitoring", NULL },
		{ "ietf-netconf-with-defaults", NULL },
		{ NCS_MOD_SESSION, NULL },
		{ NCS_MOD_JUNOS, NULL },
	};
	const char *dir = getenv("FLOWAGENT_YANG_DIR");
	const struct store_snap *snap;
	struct render_opts ro = { .format = RENDER_YANG };
	struct sink s;
	char err[256], *xml;

	ly_log_options(0);
	xmlSetGenericErrorFunc(NULL, quiet);
	if (ly_ctx_new(dir != NULL ? dir : FUZZ_YANGDIR,
	    LY_CTX_DISABLE_SEARCHDIR_CWD, &ncs.ctx) != LY_SUCCESS)
		abort();
	ly_ctx_set_searchdir(ncs.ctx, FUZZ_IETF_DIR);
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
		if (ly_ctx_load_module(ncs.ctx, mods[i].name, NULL,
		    mods[i].features) == NULL) {
			fprintf(stderr, "fuzz_rpc: cannot load %s\n",
			    mods[i].name);
			abort();
		}
	ncs.mod_session = ly_ctx_get_module_implemented(ncs.ctx,
	    NCS_MOD_SESSION);
	ncs.mod_junos = ly_ctx_get_module_implemented(ncs.ctx, NCS_MOD_JUNOS);
	if ((ncs.store = store_new()) == NULL ||
	    reader_load_mem(ncs.store, source_sample_xml, source_sample_len,
	    "sample", READER_REPLACE, err, sizeof err) != 0)
		abort();
	/* The sample as <get> sees it (nc_get.c's flows_tree). */
	snap = store_acquire(ncs.store);
	if (sink_mem(&s) != 0)
		abort();
	render_snap(snap, &ro, &s);
	store_release(snap);
	xml = sink_take(&s, NULL);
	sink_close(&s);
	if (xml == NULL || lyd_parse_data_mem(ncs.ctx, xml, LYD_XML,
	    LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, &sample_tree) != LY_SUCCESS)
		abort();
	free(xml);
}

/* What the reply would carry, rendered from the sample. */
static void
render_reply(struct ncs_reply *r)
{
	const struct store_snap *snap;
	struct sink s;

	if (r->body != NCS_BODY_RAW && sink_mem(&s) == 0) {
		snap = store_acquire(ncs.store);
		render_snap(snap, &r->ro, &s);
		store_release(snap);
		free(sink_take(&s, NULL));
		sink_close(&s);
	}
	free(r->head);
}

/* ncs_get's filter analysis, then the filter applied to the sample. */
static void
get_filter(const struct lyd_node *rpc)
{
	struct lyd_node *filter, *result = NULL, *content = NULL;
	struct lyd_meta *type, *sel;
	struct ncs_query q;
	const char *select = NULL;
	int rc;

	memset(&q, 0, sizeof q);
	filter_init(&q.filter);
	if (lyd_find_path(rpc, "filter", 0, &filter) != LY_SUCCESS)
		return;
	type = lyd_find_meta(filter->meta, NULL, "ietf-netconf:type");
	if (type != NULL && strcmp(lyd_get_meta_value(type), "xpath") == 0) {
		if ((sel = lyd_find_meta(filter->meta, NULL,
		    "ietf-netconf:select")) == NULL)
			return;
		select = lyd_get_meta_value(sel);
		rc = ncs_query_xpath(select, &q);
	} else if (type != NULL && strcmp(lyd_get_meta_value(type),
	    "subtree") != 0)
		return;
	else {
		const struct lyd_node_any *any =
		    (const struct lyd_node_any *)filter;

		if (any->value_type != LYD_ANYDATA_DATATREE ||
		    (content = any->value.tree) == NULL)
			return;
		rc = ncs_query_subtree(content, &q);
	}
	if (rc != 0)
		return;
	if (q.flows) {
		/* The store's part of the answer, as flows_tree asks it. */
		struct render_opts ro = { .format = RENDER_YANG,
		    .filter = &q.filter };
		const struct store_snap *snap = store_acquire(ncs.store);
		struct sink s;

		if (sink_mem(&s) == 0) {
			render_snap(snap, &ro, &s);
			free(sink_take(&s, NULL));
			sink_close(&s);
		}
		store_release(snap);
	}
	rc = select != NULL ? ncs_xpath_apply(select, sample_tree, &result) :
	    ncs_subtree_apply(content, sample_tree, &result);
	if (rc == 0)
		lyd_free_siblings(result);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct lyd_node *tree = NULL, *op = NULL;
	struct ly_in *in;
	char *msg, *rewritten = NULL;
	const char *name;

	if (ncs.ctx == NULL)
		fuzz_init();
	if ((msg = malloc(len + 1)) == NULL)
		return 0;
	memcpy(msg, data, len);
	msg[len] = '\0';
	/* As nc_intercept.c's lyd_parse_op: the string, to its NUL. */
	if (ncs_rewrite(msg, strlen(msg), &rewritten) == 1) {
		free(msg);
		msg = rewritten;
	}
	if (ly_in_new_memory(msg, &in) != LY_SUCCESS) {
		free(msg);
		return 0;
	}
	if (lyd_parse_op(ncs.ctx, NULL, in, LYD_XML, LYD_TYPE_RPC_NETCONF,
	    &tree, &op) == LY_SUCCESS && op != NULL && op->schema != NULL) {
		struct nc_server_reply *err = NULL;
		struct ncs_reply r;
		int rc = 1;

		name = op->schema->name;
		if (strcmp(name, "get-flow-session-information") == 0)
			rc = ncs_ops_flow_reply(op, RENDER_DEFAULT, &r, &err);
		else if (strcmp(name, "get-flow-session-by-identifier") == 0)
			rc = ncs_ops_flow_reply(op, RENDER_EXTENSIVE, &r,
			    &err);
		else if (strcmp(name, "command") == 0)
			rc = ncs_ops_command_reply(op, &r, &err);
		else if (strcmp(name, "get") == 0)
			get_filter(op);
		if (rc == 0)
			render_reply(&r);
		else if (rc < 0 && err != NULL)
			nc_server_reply_free(err);
	}
	if (op != NULL) {
		/* The operation hangs under the envelope, or apart. */
		struct lyd_node *root = op;

		while (lyd_parent(root) != NULL)
			root = lyd_parent(root);
		if (root != tree)
			lyd_free_all(root);
	}
	lyd_free_all(tree);
	ly_in_free(in, 0);
	free(msg);
	return 0;
}
