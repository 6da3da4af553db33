/*
 * flowcli_nc.c: flowcli's NETCONF client (libnetconf2 2.0.24): one session
 * to flowagentd, one flowagent-junos <command>, its <output> text back.
 *
 * The YANG context starts with our two modules from the installed
 * directory (or $FLOWAGENT_YANG_DIR); whatever else the server advertises
 * libnetconf2 fetches with <get-schema>.  No schema search path is given to
 * libnetconf2: it would write every fetched module into it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NC_ENABLED_SSH
#define NC_ENABLED_TLS
#include <nc_client.h>

#include "flowcli.h"

#ifndef FLOWCLI_YANGDIR
#define FLOWCLI_YANGDIR	"/usr/share/yang/modules/flowagent"
#endif

/* A million sessions of text take seconds to render: wait minutes. */
#define SEND_TIMEOUT_MS		(30 * 1000)
#define REPLY_TIMEOUT_MS	(300 * 1000)

static char lasterr[512];
static int debug;

/* libnetconf2's and libyang's messages: kept for ours, shown when
 * FLOWCLI_DEBUG is set. */
static void
print_clb(const struct nc_session *s, NC_VERB_LEVEL level, const char *msg)
{
	(void)s;
	if (debug)
		fprintf(stderr, "flowcli: libnetconf2: %s\n", msg);
	if (level == NC_VERB_ERROR)
		snprintf(lasterr, sizeof lasterr, "%s", msg);
}

const char *
flowcli_nc_lasterr(void)
{
	return lasterr;
}

static const char *
yang_dir(void)
{
	const char *dir = getenv("FLOWAGENT_YANG_DIR");

	return dir != NULL && *dir != '\0' ? dir : FLOWCLI_YANGDIR;
}

static struct ly_ctx *
client_ctx(void)
{
	struct ly_ctx *ctx;
	const char *dir = yang_dir();

	if (ly_ctx_new(NULL, LY_CTX_DISABLE_SEARCHDIR_CWD, &ctx) != LY_SUCCESS)
		return NULL;
	/* A module missing here comes from the server's <get-schema>. */
	if (access(dir, F_OK) == 0 &&
	    ly_ctx_set_searchdir(ctx, dir) == LY_SUCCESS) {
		ly_ctx_load_module(ctx, "flowagent-session", NULL, NULL);
		ly_ctx_load_module(ctx, "flowagent-junos", NULL, NULL);
	}
	lasterr[0] = '\0';
	return ctx;
}

static void
target_name(const struct flowcli_target *t, char *buf, size_t len)
{
	if (t->transport == FLOWCLI_UNIX)
		snprintf(buf, len, "unix:%s", t->path);
	else if (strchr(t->host, ':') != NULL)
		snprintf(buf, len, "ssh://%s@[%s]:%u", t->user, t->host,
		    (unsigned)t->port);
	else
		snprintf(buf, len, "ssh://%s@%s:%u", t->user, t->host,
		    (unsigned)t->port);
}

/* Our own socket, so that a daemon that is down gets its errno. */
static struct nc_session *
connect_unix(const struct flowcli_target *t, struct ly_ctx *ctx,
    const char *where, int *fdp)
{
	struct nc_session *s;
	int fd;

	if ((fd = flowcli_target_unix_connect(t->path)) < 0) {
		flowcli_err("cannot connect to %s: %s", where, strerror(errno));
		return NULL;
	}
	/* libnetconf2 waits with its own timeouts, as for its sockets. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if ((s = nc_connect_inout(fd, fd, ctx)) == NULL) {
		flowcli_err("%s: no NETCONF session: %s", where,
		    *lasterr ? lasterr : "no hello");
		close(fd);
		return NULL;
	}
	*fdp = fd;
	return s;
}

/* Every error-message of an rpc-reply's <rpc-error>s, one line each. */
static void
print_errors(const struct lyd_node *envp, const char *where)
{
	const struct lyd_node *e, *m;
	int n = 0;

	for (e = envp ? lyd_child(envp) : NULL; e != NULL; e = e->next) {
		const char *msg = NULL, *tag = NULL;

		if (strcmp(LYD_NAME(e), "rpc-error") != 0)
			continue;
		for (m = lyd_child(e); m != NULL; m = m->next)
			if (strcmp(LYD_NAME(m), "error-message") == 0)
				msg = lyd_get_value(m);
			else if (strcmp(LYD_NAME(m), "error-tag") == 0)
				tag = lyd_get_value(m);
		if (msg != NULL)
			flowcli_err("%s", msg);
		else
			flowcli_err("%s: error %s", where,
			    tag ? tag : "without a tag");
		n++;
	}
	if (n == 0)
		flowcli_err("%s: a reply without output", where);
}

struct emitter {
	void	(*fn)(const char *, size_t, void *);
	void	*arg;
};

static int
reply_output(const struct lyd_node *envp, const struct lyd_node *op,
    const char *where, const struct emitter *e)
{
	const struct lyd_node *n;
	const char *text;

	for (n = op ? lyd_child(op) : NULL; n != NULL; n = n->next)
		if (strcmp(LYD_NAME(n), "output") == 0)
			break;
	if (n == NULL) {
		print_errors(envp, where);
		return FLOWCLI_FAIL;
	}
	text = lyd_get_value(n);
	e->fn(text, strlen(text), e->arg);
	return FLOWCLI_OK;
}

static int
run(struct nc_session *s, const char *request, const char *where,
    const struct emitter *e)
{
	struct lyd_node *envp = NULL, *op = NULL;
	struct nc_rpc *rpc;
	uint64_t msgid;
	int rc = FLOWCLI_FAIL;

	lasterr[0] = '\0';
	rpc = nc_rpc_act_generic_xml(request, NC_PARAMTYPE_CONST);
	if (rpc == NULL ||
	    nc_send_rpc(s, rpc, SEND_TIMEOUT_MS, &msgid) != NC_MSG_RPC) {
		flowcli_err("%s: cannot send the request: %s", where,
		    *lasterr ? lasterr : "out of memory");
		nc_rpc_free(rpc);
		return FLOWCLI_FAIL;
	}
	switch (nc_recv_reply(s, rpc, msgid, REPLY_TIMEOUT_MS, &envp, &op)) {
	case NC_MSG_REPLY:
		rc = reply_output(envp, op, where, e);
		break;
	case NC_MSG_WOULDBLOCK:
		flowcli_err("%s: no reply in %d seconds", where,
		    REPLY_TIMEOUT_MS / 1000);
		break;
	default:
		flowcli_err("%s: no valid reply: %s", where,
		    *lasterr ? lasterr : "connection lost");
	}
	lyd_free_all(envp);
	lyd_free_all(op);
	nc_rpc_free(rpc);
	return rc;
}

int
flowcli_nc_command(const struct flowcli_target *t, const char *request,
    void (*emit)(const char *, size_t, void *), void *arg)
{
	const struct emitter e = { emit, arg };
	struct ly_ctx *ctx;
	struct nc_session *s = NULL;
	char where[400], err[600];
	int fd = -1, rc = FLOWCLI_FAIL;

	target_name(t, where, sizeof where);
	debug = getenv("FLOWCLI_DEBUG") != NULL;
	nc_client_init();
	nc_verbosity(debug ? NC_VERB_VERBOSE : NC_VERB_ERROR);
	nc_set_print_clb_session(print_clb);

	if ((ctx = client_ctx()) == NULL) {
		flowcli_err("cannot make a YANG context: %s", lasterr);
		goto done;
	}
	if (t->transport == FLOWCLI_UNIX)
		s = connect_unix(t, ctx, where, &fd);
	else {
		flowcli_ssh_init(t);
		if ((s = flowcli_ssh_connect(t, ctx, err, sizeof err)) == NULL)
			flowcli_err("%s", err);
	}
	if (s == NULL)
		goto done;
	if (ly_ctx_get_module_implemented(ctx, "flowagent-junos") == NULL) {
		flowcli_err("%s: no YANG module flowagent-junos: not in %s, "
		    "and the server does not offer it", where, yang_dir());
		goto done;
	}
	rc = run(s, request, where, &e);

done:
	/* Sends <close-session> and waits for its <ok/>. */
	if (s != NULL)
		nc_session_free(s, NULL);
	if (fd >= 0)
		close(fd);
	ly_ctx_destroy(ctx);
	nc_client_destroy();
	return rc;
}
