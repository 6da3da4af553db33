/*
 * nc_server.c: the NETCONF front end's life: the libyang context and
 * libnetconf2's server state, the listeners, the start and the stop.
 *
 * libnetconf2 keeps parsing, dispatch and replies; the transport is ours
 * (nc_listen.c, nc_conn.c, nc_ssh.c): every connection is accepted, logged
 * in and relayed by flowagentd, and libnetconf2 sees each session as a
 * socketpair carrying only whole, checked messages.  ncs_bind opens what
 * needs root (before the privilege drop), ncs_run starts the threads
 * (after it, so they never held a capability).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "agent.h"
#include "nc_conn.h"

#define NCS_IETF_YANG_DIR	"/usr/share/yuma/modules/ietf"
#define NCS_SSH_PORT		830
#define NCS_STOP_WAIT		3000	/* ms for sessions to end */

struct ncs_server ncs;

static int	 bound;
__thread int	 ncs_log_quiet;
__thread const int *ncs_log_quiet_if;

static void
nc_log(const struct nc_session *s, NC_VERB_LEVEL level, const char *msg)
{
	uint32_t id = s != NULL ? nc_session_get_id(s) : 0;
	void (*to)(const char *, ...) = log_debug;

	if (ncs_log_quiet || (ncs_log_quiet_if != NULL &&
	    __atomic_load_n(ncs_log_quiet_if, __ATOMIC_RELAXED)))
		to = log_debug;
	else if (level == NC_VERB_ERROR)
		to = log_warnx;
	else if (level == NC_VERB_WARNING)
		to = log_info;
	to("netconf%s%.0u: %s", id ? " session " : "", id, msg);
}

int
ncs_ctx_load(const char *yang_dir, struct ly_ctx **ctx)
{
	static const char *xpath[] = { "xpath", NULL };
	static const struct {
		const char	*name;
		const char	*rev;
		const char	**features;
	} mods[] = {
		{ "ietf-netconf", NULL, xpath },
		{ "ietf-netconf-monitoring", NULL, NULL },
		{ "ietf-netconf-with-defaults", NULL, NULL },
		{ NCS_MOD_SESSION, NULL, NULL },
		{ NCS_MOD_JUNOS, NULL, NULL },
	};

	if (ly_ctx_new(yang_dir, LY_CTX_DISABLE_SEARCHDIR_CWD, ctx) !=
	    LY_SUCCESS)
		return -1;
	ly_ctx_set_searchdir(*ctx, NCS_IETF_YANG_DIR);
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
		if (ly_ctx_load_module(*ctx, mods[i].name, mods[i].rev,
		    mods[i].features) == NULL) {
			log_warnx("netconf: cannot load YANG module %s "
			    "(searched %s and %s)", mods[i].name,
			    yang_dir, NCS_IETF_YANG_DIR);
			return -1;
		}
	return 0;
}

int
ncs_ssh_addr(const char *spec, char *addr, size_t len, unsigned long *port)
{
	char *colon, *end;

	*port = NCS_SSH_PORT;
	if ((size_t)snprintf(addr, len, "%s", spec) >= len)
		return -1;
	if (addr[0] == '[') {
		/* [v6addr]:port */
		char *close = strchr(addr, ']');

		if (close == NULL)
			return -1;
		colon = close[1] == ':' ? close + 1 : NULL;
		if (colon == NULL && close[1] != '\0')
			return -1;
		*close = '\0';
		if (colon != NULL)
			*port = strtoul(colon + 1, NULL, 10);
		memmove(addr, addr + 1, strlen(addr + 1) + 1);
	} else if ((colon = strrchr(addr, ':')) != NULL &&
	    strchr(addr, ':') == colon) {
		*colon = '\0';
		*port = strtoul(colon + 1, &end, 10);
		if (*end != '\0')
			return -1;
	}
	return *port == 0 || *port > 65535 ? -1 : 0;
}

static pthread_mutex_t	 hostname_lock = PTHREAD_MUTEX_INITIALIZER;

/* SIGHUP may change the name while workers answer. */
void
ncs_set_hostname(const char *name)
{
	char buf[sizeof ncs.hostname];

	if (name != NULL)
		snprintf(buf, sizeof buf, "%s", name);
	else if (gethostname(buf, sizeof buf - 1) != 0)
		strcpy(buf, "flowagent");
	buf[sizeof buf - 1] = '\0';
	pthread_mutex_lock(&hostname_lock);
	memcpy(ncs.hostname, buf, sizeof buf);
	pthread_mutex_unlock(&hostname_lock);
}

void
ncs_hostname(char *buf, size_t len)
{
	pthread_mutex_lock(&hostname_lock);
	snprintf(buf, len, "%s", ncs.hostname);
	pthread_mutex_unlock(&hostname_lock);
}

static int
ssh_endpoint(const struct agent_conf *conf)
{
	if (ncs_auth_setup(conf) != 0)
		return -1;
	ncs.ssh_methods = 0;
	if (conf->authorized_keys != NULL)
		ncs.ssh_methods |= SSH_AUTH_METHOD_PUBLICKEY;
	if (conf->password_file != NULL)
		ncs.ssh_methods |= SSH_AUTH_METHOD_PASSWORD;
	if (ncs.ssh_methods == 0) {
		log_warnx("netconf: --netconf-ssh needs --authorized-keys "
		    "or --password-file");
		return -1;
	}
	return ncs_ssh_init() != 0 ? -1 : ncs_listen_tcp(conf->nc_ssh);
}

int
ncs_bind(const struct agent_conf *conf, struct store *st)
{
	memset(&ncs, 0, sizeof ncs);
	if (conf->nc_ssh == NULL && conf->nc_unix == NULL) {
		log_info("netconf: no endpoint configured "
		    "(--netconf-ssh, --netconf-unix)");
		return 0;
	}
	ncs.store = st;
	ncs.started = time(NULL);
	ncs.hello_timeout = conf->nc_hello_timeout;
	ncs.write_timeout = conf->nc_write_timeout;
	ncs.idle_timeout = conf->nc_idle_timeout;
	ncs.max_startups = conf->nc_max_startups;
	ncs.max_startups_source = conf->nc_max_startups_source;
	ncs.max_sessions = conf->nc_max_sessions;
	ncs.max_sessions_user = conf->nc_max_sessions_user;
	ncs.max_message = (size_t)conf->nc_max_message;
	ncs.release = conf->junos_release;
	ncs_set_hostname(conf->hostname);
	if (ncs_intercept_check() != 0) {
		log_warnx("netconf: libnetconf2 does not call our "
		    "lyd_parse_op/lyd_print_clb (static or -Bsymbolic build?)");
		return -1;
	}
	nc_set_print_clb_session(nc_log);
	nc_verbosity(log_is_debug() ? NC_VERB_VERBOSE : NC_VERB_WARNING);
	if (ncs_ctx_load(conf->yang_dir, &ncs.ctx) != 0 ||
	    ncs_ops_register(ncs.ctx) != 0)
		return -1;
	ncs.mod_session = ly_ctx_get_module_implemented(ncs.ctx,
	    NCS_MOD_SESSION);
	ncs.mod_junos = ly_ctx_get_module_implemented(ncs.ctx, NCS_MOD_JUNOS);
	if (nc_server_init(ncs.ctx) != 0)
		return -1;
	bound = 1;
	nc_server_set_capab_withdefaults(NC_WD_EXPLICIT,
	    NC_WD_ALL | NC_WD_ALL_TAG | NC_WD_TRIM | NC_WD_EXPLICIT);
	/* Our relay enforces the real (absolute) deadline; this is only
	 * libnetconf2's own wait for a <hello> it already has. */
	nc_server_set_hello_timeout((uint16_t)conf->nc_hello_timeout);
	if ((conf->nc_unix != NULL && ncs_listen_unix(conf->nc_unix,
	    conf->nc_unix_mode, conf->nc_unix_owner, conf->nc_unix_group) !=
	    0) || (conf->nc_ssh != NULL && ssh_endpoint(conf) != 0))
		return -1;
	log_info("netconf: serving%s%s%s%s", conf->nc_ssh ? " ssh " : "",
	    conf->nc_ssh ? conf->nc_ssh : "", conf->nc_unix ? " unix " : "",
	    conf->nc_unix ? conf->nc_unix : "");
	return 0;
}

int
ncs_run(void)
{
	if (!bound)
		return 0;
	return ncs_listen_start();
}

int
ncs_start(const struct agent_conf *conf, struct store *st)
{
	return ncs_bind(conf, st) != 0 ? -1 : ncs_run();
}

void
ncs_stop(void)
{
	ncs_eval_stop();
	ncs_listen_stop();
	ncs_conn_stop_all(NCS_STOP_WAIT);
	if (ncs.ctx != NULL && !ncs_conn_active()) {
		nc_server_destroy();
		ly_ctx_destroy(ncs.ctx);
		ncs.ctx = NULL;
	}
	if (ncs.ssh_methods)
		ncs_ssh_fini();
	ncs_auth_free();
	bound = 0;
}
