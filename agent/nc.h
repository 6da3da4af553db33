/*
 * nc.h: the NETCONF front end's private header, a section per file.
 *
 * libnetconf2 2.0.24 does transport, authentication, framing and dispatch;
 * libyang 2.1.30 parses requests.  Two of their functions are wrapped by
 * ours (nc_intercept.c): lyd_parse_op, to accept what Junos clients send,
 * and lyd_print_clb, to stream large replies from the renderer instead of
 * building a libyang node per field.  Functions here are prefixed ncs_ so
 * they never meet libnetconf2's nc_ names.
 */
#ifndef FLOW_NC_H
#define FLOW_NC_H

#define NC_ENABLED_SSH
#define NC_ENABLED_TLS
#include <libyang/libyang.h>
#include <nc_server.h>

#include "filter.h"
#include "render.h"
#include "store.h"

#define NCS_NS_BASE	"urn:ietf:params:xml:ns:netconf:base:1.0"
#define NCS_NS_SESSION	"urn:flowagent:yang:flowagent-session"
#define NCS_NS_JUNOS	"urn:flowagent:yang:flowagent-junos"
#define NCS_MOD_SESSION	"flowagent-session"
#define NCS_MOD_JUNOS	"flowagent-junos"

struct agent_conf;

/* nc_server.c: what the RPC handlers and the transport share. */
struct ncs_server {
	struct ly_ctx		*ctx;
	struct store		*store;
	const struct lys_module	*mod_session, *mod_junos;
	char			 hostname[256];
	time_t			 started;
	/* The transport's limits (seconds, counts, bytes). */
	int			 hello_timeout, write_timeout, idle_timeout;
	int			 max_startups, max_startups_source;
	int			 max_sessions, max_sessions_user;
	size_t			 max_message;
	int			 ssh_methods;	/* SSH_AUTH_METHOD_*, 0: no SSH */
	const char		*release;	/* --junos-release; NULL: data's */
};
extern struct ncs_server ncs;
/* The Junos release the replies name: --junos-release, else the data's,
 * else RENDER_JUNOS_RELEASE. */
const char *ncs_release(const struct store_snap *);
/* The host name get-software-information reports (set on SIGHUP). */
void	ncs_hostname(char *, size_t);
/* libnetconf2's messages in this thread go to the debug log while
 * ncs_log_quiet is set, or *ncs_log_quiet_if is (what it says of a client
 * that left during its hello, or of a session we closed). */
extern __thread int ncs_log_quiet;
extern __thread const int *ncs_log_quiet_if;

/* nc_intercept.c: 0 when our lyd_parse_op and lyd_print_clb are the ones
 * libnetconf2 calls. */
int	ncs_intercept_check(void);

/* nc_rewrite.c: Junos requests as libyang accepts them.  Returns 1 and a
 * malloc'd message in *out when `in` changed, 0 to pass it on as is. */
int	ncs_rewrite(const char *in, size_t len, char **out);
/* The module whose namespace an un-namespaced operation gets, or NULL. */
const char *ncs_rewrite_ns(const char *op);

/* nc_stream.c: replies written by the renderer as libnetconf2 sends them. */
enum ncs_body {
	NCS_BODY_XML,		/* Junos elements in the rpc-reply */
	NCS_BODY_TEXT,		/* CLI text in <output> */
	NCS_BODY_JSON,		/* JSON, the text of the rpc-reply */
	NCS_BODY_GET,		/* <get>: <data> with other state + ours */
	NCS_BODY_RAW		/* prepared XML elements */
};

struct ncs_reply {
	enum ncs_body		 body;
	struct render_opts	 ro;
	struct filter		 filter;
	const char		*output_ns;	/* <output xmlns=...> */
	char			*head;		/* NCS_BODY_GET: before ours,
						   NCS_BODY_RAW: everything */
	int			 flows;		/* NCS_BODY_GET: render ours */
};

/* Queues `r` (taken) for the reply being built for `rpc`: returns the
 * reply libnetconf2 sends, which our lyd_print_clb fills in. */
struct nc_server_reply *ncs_stream_reply(struct lyd_node *rpc,
	    struct nc_session *, struct ncs_reply *);
/* True when lyd_print_clb must write this tree itself. */
int	ncs_stream_owns(const struct lyd_node *root);
/* Writes the queued reply through libnetconf2's writer. */
int	ncs_stream_write(ssize_t (*clb)(void *, const void *, size_t),
	    void *arg, const struct lyd_node *root);
/* <name xmlns="ns">text, escaped</name>, malloc'd; NULL when out of memory. */
char	*ncs_text_element(const char *name, const char *ns, const char *text);
/* Drops what a reply that was never written left queued. */
void	ncs_stream_done(void);

/* nc_server.c: a libyang context with the server's modules. */
int	ncs_ctx_load(const char *yang_dir, struct ly_ctx **);

/* nc_eval.c: filters evaluated within netconf-filter-timeout, in a
 * process of their own (libyang's evaluation cannot be interrupted).
 * XPath `select` over candidate state (XML): the selected nodes with their
 * ancestors in *out (NULL: none).  0; ETIME when over the budget (the
 * evaluation is killed); -1 on any other failure. */
int	ncs_eval_xpath(const char *select, const char *xml, size_t len,
	    struct lyd_node **out, char *err, size_t errlen);
/* Ends evaluations in flight and the evaluator (SIGTERM). */
void	ncs_eval_stop(void);
/* The deadline (CLOCK_MONOTONIC ms) evaluations started now must meet. */
int64_t	ncs_eval_deadline(void);
/* The deadline has passed. */
int	ncs_eval_late(int64_t deadline);

/* nc_ops.c: the operations. */
int	ncs_ops_register(struct ly_ctx *);
/* What a flow-session operation (view: its default level) or <command>
 * asks for, without a session: 0 and *r set (r->head malloc'd, for
 * ncs_stream_reply), or -1 and the error reply in *err (NULL when out of
 * memory). */
int	ncs_ops_flow_reply(const struct lyd_node *rpc, enum render_view view,
	    struct ncs_reply *r, struct nc_server_reply **err);
int	ncs_ops_command_reply(const struct lyd_node *rpc, struct ncs_reply *r,
	    struct nc_server_reply **err);
/* An rpc-error reply: tag, type and message. */
struct nc_server_reply *ncs_error(NC_ERR tag, NC_ERR_TYPE type,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* nc_get.c: <get> and <get-config>. */
struct nc_server_reply *ncs_get(struct lyd_node *rpc, struct nc_session *);
struct nc_server_reply *ncs_get_config(struct lyd_node *rpc,
	    struct nc_session *);

/* nc_filter.c: a <get> filter: what to push down to the store, and the
 * filter itself applied to a libyang tree. */
struct ncs_query {
	int		flows;		/* our state may be selected */
	int		whole;		/* all of it, nothing else */
	int		exact;		/* the filter below, nothing else */
	int		others;		/* other modules' state may be */
	struct filter	filter;		/* narrows ours (a superset) */
};
int	ncs_query_subtree(const struct lyd_node *filter, struct ncs_query *);
int	ncs_query_xpath(const char *select, struct ncs_query *);
/* The subtree filter applied to `tree`: a new tree (NULL: nothing). */
int	ncs_subtree_apply(const struct lyd_node *filter,
	    const struct lyd_node *tree, struct lyd_node **out);
/* The same, abandoned at `deadline` (CLOCK_MONOTONIC ms): ETIME. */
int	ncs_subtree_apply_by(const struct lyd_node *filter,
	    const struct lyd_node *tree, struct lyd_node **out,
	    int64_t deadline);
int	ncs_xpath_apply(const char *select, const struct lyd_node *tree,
	    struct lyd_node **out);

/* Above this, a filter the store cannot narrow gets too-big: the libyang
 * tree it needs costs about 20 KB and 200 us per session. */
#define NCS_TREE_MAX	(16u << 20)

/* nc_conn.c: kill-session: ends session `id`; 0, or -1 when none. */
int	ncs_conn_kill(uint32_t id, uint32_t by);
/* Connections whose threads have not ended yet. */
int	ncs_conn_active(void);

/* nc_monitoring.c: ietf-netconf-monitoring state and session counters.
 * `transport` is "netconf-ssh" or "flowagent-unix"; `host` the client's
 * address (SSH) or NULL. */
void	ncs_mon_session_new(struct nc_session *, const char *user,
	    const char *transport, const char *host);
void	ncs_mon_session_del(struct nc_session *);
void	ncs_mon_rpc(struct nc_session *, int bad, int error);
int	ncs_mon_data(struct ly_ctx *, struct lyd_node **tree);

/* nc_auth.c: SSH host key, public keys and passwords. */
int	ncs_auth_setup(const struct agent_conf *);
void	ncs_auth_free(void);
/* The host key file's path, into buf: 0, or -1 when none. */
int	ncs_auth_hostkey(char *buf, size_t len);
/* May `user`, connecting from `host`, log in with this key (offered or
 * signed: libssh checks signatures) or password?  0 when yes; refusals
 * are logged and counted against the host. */
int	ncs_auth_pubkey(const char *user, const char *host, ssh_key key);
int	ncs_auth_password(const char *user, const char *host,
	    const char *password);

#endif
