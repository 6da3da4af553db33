/*
 * nc_get.c: <get> and <get-config>.
 *
 * The state is ours (flow-sessions, from the store) and the server's
 * (ietf-yang-library, ietf-netconf-monitoring: small libyang trees).
 *
 * An unfiltered <get>, or one that asks for all of flow-sessions, streams
 * the renderer's YANG-shaped XML: no libyang node per field.  A filtered
 * <get> first reads from the filter what it can push down to the store (a
 * PIC, a session identifier, addresses, ports, protocol: nc_filter.c), has
 * the renderer write only those sessions, parses them into libyang and
 * applies the filter itself there, so the answer follows RFC 6241 exactly
 * while a filter on one session never walks the whole store.  Either kind
 * of filter has netconf-filter-timeout to finish: a subtree filter is our
 * code and checks the clock; an XPath filter runs in a process of its own
 * (nc_eval.c), killed when it is late.  Late, the answer is
 * resource-denied.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"

/* The server's own state: yang-library and netconf-state. */
static int
others_tree(struct lyd_node **tree)
{
	struct lyd_node *mon = NULL;
	struct ly_set *set = NULL;

	*tree = NULL;
	if (ly_ctx_get_yanglib_data(ncs.ctx, tree, "%u",
	    ly_ctx_get_change_count(ncs.ctx)) != LY_SUCCESS)
		return -1;
	/* libyang lists the files it read the modules from: paths of this
	 * host, useless to a client, which uses <get-schema>. */
	if (lyd_find_xpath(*tree, "/ietf-yang-library:yang-library/module-set"
	    "/*/location | /ietf-yang-library:modules-state/module/schema",
	    &set) == LY_SUCCESS) {
		for (uint32_t i = 0; i < set->count; i++)
			lyd_free_tree(set->dnodes[i]);
		ly_set_free(set, NULL);
	}
	if (ncs_mon_data(ncs.ctx, &mon) != 0 ||
	    lyd_merge_siblings(tree, mon, LYD_MERGE_DESTRUCT) != LY_SUCCESS) {
		lyd_free_siblings(mon);
		lyd_free_siblings(*tree);
		*tree = NULL;
		return -1;
	}
	return 0;
}

/* A memory buffer that refuses to grow past NCS_TREE_MAX. */
struct capped {
	char	*buf;
	size_t	 len, cap;
};

static int
capped_write(void *arg, const char *p, size_t n)
{
	struct capped *c = arg;

	if (c->len + n + 1 > NCS_TREE_MAX) {
		errno = EFBIG;
		return -1;
	}
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 1 << 16;
		char *b;

		while (cap < c->len + n + 1)
			cap *= 2;
		if ((b = realloc(c->buf, cap)) == NULL)
			return -1;
		c->buf = b;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	c->buf[c->len] = '\0';
	return 0;
}

/* Our sessions that the query may select, as XML appended to `c`: 0, -1,
 * or EFBIG when there are too many for a tree. */
static int
flows_xml(const struct ncs_query *q, struct capped *c)
{
	const struct store_snap *snap = store_acquire(ncs.store);
	struct render_opts ro = { .format = RENDER_YANG,
	    .filter = &q->filter };
	struct sink s;
	int err;

	if (sink_cb(&s, capped_write, c) != 0) {
		store_release(snap);
		return -1;
	}
	render_snap(snap, &ro, &s);
	store_release(snap);
	sink_close(&s);
	if ((err = sink_error(&s)) != 0)
		return err == EFBIG ? EFBIG : -1;
	return 0;
}

/* The same as a libyang tree. */
static int
flows_tree(const struct ncs_query *q, struct lyd_node **tree)
{
	struct capped c = { NULL, 0, 0 };
	int rc;

	*tree = NULL;
	if ((rc = flows_xml(q, &c)) != 0) {
		free(c.buf);
		return rc;
	}
	rc = lyd_parse_data_mem(ncs.ctx, c.buf, LYD_XML,
	    LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, tree) == LY_SUCCESS ? 0 : -1;
	free(c.buf);
	return rc;
}

static struct nc_server_reply *
too_many(void)
{
	return ncs_error(NC_ERR_TOO_BIG, NC_ERR_TYPE_APP, "the filter selects "
	    "too many sessions to evaluate; narrow it by PIC, "
	    "session-identifier, address, port or protocol, ask for whole "
	    "PICs, or use get-flow-session-information");
}

static struct nc_server_reply *
too_late(void)
{
	return ncs_error(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP, "the filter took "
	    "longer than the server allows to evaluate "
	    "(netconf-filter-timeout); simplify or narrow it");
}

static NC_WD_MODE
wd_mode(const struct lyd_node *rpc)
{
	struct lyd_node *n;
	const char *v;

	if (lyd_find_path(rpc, "ietf-netconf-with-defaults:with-defaults", 0,
	    &n) != LY_SUCCESS)
		return NC_WD_EXPLICIT;
	v = lyd_get_value(n);
	if (strcmp(v, "report-all") == 0)
		return NC_WD_ALL;
	if (strcmp(v, "report-all-tagged") == 0)
		return NC_WD_ALL_TAG;
	if (strcmp(v, "trim") == 0)
		return NC_WD_TRIM;
	return NC_WD_EXPLICIT;
}

static struct nc_server_reply *
reply_tree(struct lyd_node *rpc, struct lyd_node *data, NC_WD_MODE wd)
{
	struct lyd_node *out;

	if (lyd_dup_single(rpc, NULL, 0, &out) != LY_SUCCESS) {
		lyd_free_siblings(data);
		return NULL;
	}
	if (lyd_new_any(out, NULL, "data", data, 1, LYD_ANYDATA_DATATREE, 1,
	    NULL) != LY_SUCCESS) {
		lyd_free_siblings(data);
		lyd_free_tree(out);
		return NULL;
	}
	return nc_server_reply_data(out, wd, NC_PARAMTYPE_FREE);
}

static struct nc_server_reply *
get_streamed(struct lyd_node *rpc, struct nc_session *session,
    const struct ncs_query *q)
{
	struct ncs_reply r;
	struct lyd_node *tree = NULL;

	memset(&r, 0, sizeof r);
	r.body = NCS_BODY_GET;
	r.flows = 1;
	r.filter = q->filter;
	r.ro.filter = &r.filter;
	if (q->others) {
		if (others_tree(&tree) != 0 || lyd_print_mem(&r.head, tree,
		    LYD_XML, LYD_PRINT_SHRINK | LYD_PRINT_WITHSIBLINGS) !=
		    LY_SUCCESS) {
			lyd_free_siblings(tree);
			return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
			    "cannot build the server's state");
		}
		lyd_free_siblings(tree);
	}
	return ncs_stream_reply(rpc, session, &r);
}

/* An XPath filter: the candidates (the server's state `others`, taken,
 * then our sessions) as XML, evaluated in the evaluator's time. */
static struct nc_server_reply *
get_xpath(struct lyd_node *rpc, const char *select, const struct ncs_query *q,
    struct lyd_node *others)
{
	struct capped c = { NULL, 0, 0 };
	struct lyd_node *result = NULL;
	char *head = NULL, err[512];
	int rc = 0;

	if (others != NULL) {
		rc = lyd_print_mem(&head, others, LYD_XML,
		    LYD_PRINT_SHRINK | LYD_PRINT_WITHSIBLINGS) != LY_SUCCESS ||
		    capped_write(&c, head, strlen(head)) != 0 ? -1 : 0;
		free(head);
		lyd_free_siblings(others);
	}
	if (rc == 0 && q->flows && (rc = flows_xml(q, &c)) == EFBIG) {
		free(c.buf);
		return too_many();
	}
	if (rc != 0) {
		free(c.buf);
		return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
		    "cannot build the state");
	}
	rc = ncs_eval_xpath(select, c.buf != NULL ? c.buf : "", c.len, &result,
	    err, sizeof err);
	free(c.buf);
	if (rc == ETIME)
		return too_late();
	if (rc != 0)
		return ncs_error(NC_ERR_INVALID_VALUE, NC_ERR_TYPE_APP,
		    "cannot evaluate the filter: %s", err);
	return reply_tree(rpc, result, wd_mode(rpc));
}

struct nc_server_reply *
ncs_get(struct lyd_node *rpc, struct nc_session *session)
{
	struct lyd_node *filter = NULL, *content = NULL, *tree = NULL;
	struct lyd_node *part, *result = NULL;
	struct lyd_meta *type, *sel;
	struct ncs_query q;
	const char *select = NULL;
	/* The budget covers building the candidates' tree as well. */
	int64_t deadline = ncs_eval_deadline();
	int rc;

	memset(&q, 0, sizeof q);
	filter_init(&q.filter);
	if (lyd_find_path(rpc, "filter", 0, &filter) != LY_SUCCESS) {
		q.flows = q.whole = q.others = 1;
		return get_streamed(rpc, session, &q);
	}
	type = lyd_find_meta(filter->meta, NULL, "ietf-netconf:type");
	if (type != NULL && strcmp(lyd_get_meta_value(type), "xpath") == 0) {
		sel = lyd_find_meta(filter->meta, NULL, "ietf-netconf:select");
		if (sel == NULL) {
			struct lyd_node *e = nc_err(ncs.ctx,
			    NC_ERR_MISSING_ATTR, NC_ERR_TYPE_PROT, "select",
			    "filter");

			nc_err_set_msg(e, "an XPath filter needs select", "en");
			return nc_server_reply_err(e);
		}
		select = lyd_get_meta_value(sel);
		rc = ncs_query_xpath(select, &q);
	} else if (type != NULL && strcmp(lyd_get_meta_value(type),
	    "subtree") != 0) {
		struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_BAD_ATTR,
		    NC_ERR_TYPE_PROT, "type", "filter");

		nc_err_set_msg(e, "filter type must be subtree or xpath", "en");
		return nc_server_reply_err(e);
	} else {
		const struct lyd_node_any *any =
		    (const struct lyd_node_any *)filter;

		if (any->value_type == LYD_ANYDATA_DATATREE)
			content = any->value.tree;
		else if (any->value.str != NULL && any->value.str[0] != '\0') {
			struct lyd_node *e = nc_err(ncs.ctx,
			    NC_ERR_BAD_ELEM, NC_ERR_TYPE_PROT, "filter");

			nc_err_set_msg(e, "a subtree filter holds elements",
			    "en");
			return nc_server_reply_err(e);
		}
		/* An empty filter selects nothing (RFC 6241 6.4.2). */
		if (content == NULL)
			return reply_tree(rpc, NULL, wd_mode(rpc));
		rc = ncs_query_subtree(content, &q);
	}
	if (rc != 0)
		return ncs_error(NC_ERR_INVALID_VALUE, NC_ERR_TYPE_PROT,
		    "bad filter");
	if ((q.whole || q.exact) && !q.others)
		return get_streamed(rpc, session, &q);

	if (q.others && others_tree(&tree) != 0)
		return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
		    "cannot build the server's state");
	if (select != NULL)
		return get_xpath(rpc, select, &q, tree);
	if (q.flows) {
		if ((rc = flows_tree(&q, &part)) != 0) {
			lyd_free_siblings(tree);
			if (rc == EFBIG)
				return too_many();
			return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
			    "cannot build the session state");
		}
		if (lyd_merge_siblings(&tree, part, LYD_MERGE_DESTRUCT) !=
		    LY_SUCCESS) {
			lyd_free_siblings(part);
			lyd_free_siblings(tree);
			return ncs_error(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
			    "cannot merge the state");
		}
	}
	if (ncs_eval_late(deadline)) {
		lyd_free_siblings(tree);
		return too_late();
	}
	rc = ncs_subtree_apply_by(content, tree, &result, deadline);
	lyd_free_siblings(tree);
	if (rc == ETIME)
		return too_late();
	if (rc != 0)
		return ncs_error(NC_ERR_INVALID_VALUE, NC_ERR_TYPE_APP,
		    "cannot evaluate the filter: %s", ly_errmsg(ncs.ctx));
	return reply_tree(rpc, result, wd_mode(rpc));
}

/* All of our state is config false: running holds nothing. */
struct nc_server_reply *
ncs_get_config(struct lyd_node *rpc, struct nc_session *session)
{
	struct lyd_node *src;

	(void)session;
	if (lyd_find_path(rpc, "source/running", 0, &src) != LY_SUCCESS)
		return ncs_error(NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT,
		    "only the running datastore");
	return reply_tree(rpc, NULL, wd_mode(rpc));
}
