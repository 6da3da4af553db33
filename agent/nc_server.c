/*
 * nc_server.c: the NETCONF front end's life: the libyang context, the
 * endpoints, and the threads.
 *
 * Accepting and serving are separate threads.  nc_accept does the SSH key
 * exchange, authentication and <hello> in the calling thread, so acceptors
 * (NCS_ACCEPTORS of them, each handshake bounded by the timeouts set here)
 * can never hold up a session that is already running.  Workers poll the
 * sessions and run the operations; libnetconf2 lets at most 6 threads wait
 * on one poll session, which bounds --netconf-workers.  Acceptors never
 * touch the poll session themselves (nc_ps_add_session waits in the same
 * queue): they hand new sessions to the workers through a short list.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "nc.h"

#define NCS_ACCEPTORS		3
#define NCS_WORKERS_MAX		6
#define NCS_IETF_YANG_DIR	"/usr/share/yuma/modules/ietf"
#define NCS_SSH_PORT		830
#define NCS_STOP_GRACE		3	/* seconds for replies being written */

struct ncs_server ncs;

static atomic_int	 running;

/* Ended sessions waiting to be freed (session_end). */
struct grave {
	struct nc_session	*s;
	time_t			 when;
	struct grave		*next;
};
static pthread_mutex_t	 grave_lock = PTHREAD_MUTEX_INITIALIZER;
static struct grave	*graves;
static pthread_mutex_t	 fresh_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nc_session *fresh[64];	/* accepted, not yet polled */
static int		 nfresh;
static pthread_t	 threads[NCS_ACCEPTORS + NCS_WORKERS_MAX];
static int		 nthreads;
static char		*unix_path;

static void
nc_log(const struct nc_session *s, NC_VERB_LEVEL level, const char *msg)
{
	uint32_t id = s != NULL ? nc_session_get_id(s) : 0;

	if (level == NC_VERB_ERROR)
		log_warnx("netconf%s%.0u: %s", id ? " session " : "", id, msg);
	else if (level == NC_VERB_WARNING)
		log_info("netconf%s%.0u: %s", id ? " session " : "", id, msg);
	else
		log_debug("netconf%s%.0u: %s", id ? " session " : "", id, msg);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *
acceptor(void *arg)
{
	(void)arg;
	while (atomic_load(&running)) {
		struct nc_session *s = NULL;
		NC_MSG_TYPE r = nc_accept(200, &s);

		if (r != NC_MSG_HELLO) {
			if (r != NC_MSG_WOULDBLOCK)
				sleep_ms(10);	/* a failed handshake */
			continue;
		}
		ncs_mon_session_new(s);
		log_debug("netconf session %u: user %s", nc_session_get_id(s),
		    nc_session_get_username(s));
		for (;;) {
			pthread_mutex_lock(&fresh_lock);
			if (nfresh < (int)(sizeof fresh / sizeof fresh[0])) {
				fresh[nfresh++] = s;
				s = NULL;
			}
			pthread_mutex_unlock(&fresh_lock);
			if (s == NULL || !atomic_load(&running))
				break;
			sleep_ms(10);	/* workers are behind: wait */
		}
		if (s != NULL) {
			ncs_mon_session_del(s);
			nc_session_free(s, NULL);
		}
	}
	nc_thread_destroy();
	return NULL;
}

static void
session_end(struct nc_session *s)
{
	struct grave *g;

	/*
	 * Two workers may both be told a session ended (each poll sees it
	 * invalid until it leaves the poll session), and a poll may still
	 * look at it just after handing it over.  Only the worker that
	 * removes it owns it, and the session is freed a second later.
	 */
	if (nc_ps_del_session(ncs.ps, s) != 0)
		return;
	ncs_mon_session_del(s);
	log_debug("netconf session %u: ended", nc_session_get_id(s));
	if ((g = malloc(sizeof *g)) == NULL) {
		nc_session_free(s, NULL);
		return;
	}
	g->s = s;
	g->when = time(NULL);
	pthread_mutex_lock(&grave_lock);
	g->next = graves;
	graves = g;
	pthread_mutex_unlock(&grave_lock);
}

/* Frees the ended sessions older than a second (all: `all`). */
static void
graves_sweep(int all)
{
	struct grave *g, **p, *dead = NULL;
	time_t now = time(NULL);

	pthread_mutex_lock(&grave_lock);
	for (p = &graves; (g = *p) != NULL;)
		if (all || now - g->when >= 2) {
			*p = g->next;
			g->next = dead;
			dead = g;
		} else
			p = &g->next;
	pthread_mutex_unlock(&grave_lock);
	while ((g = dead) != NULL) {
		dead = g->next;
		nc_session_free(g->s, NULL);
		free(g);
	}
}

/* Sessions the acceptors handed over join the poll session. */
static void
adopt(void)
{
	struct nc_session *s;

	for (;;) {
		pthread_mutex_lock(&fresh_lock);
		s = nfresh > 0 ? fresh[--nfresh] : NULL;
		pthread_mutex_unlock(&fresh_lock);
		if (s == NULL)
			return;
		if (nc_ps_add_session(ncs.ps, s) != 0) {
			log_warnx("netconf: cannot serve session %u",
			    nc_session_get_id(s));
			ncs_mon_session_del(s);
			nc_session_free(s, NULL);
		}
	}
}

static void *
worker(void *arg)
{
	long idle = 0;

	(void)arg;
	while (atomic_load(&running)) {
		struct nc_session *s = NULL;
		int r;

		adopt();
		graves_sweep(0);
		r = nc_ps_poll(ncs.ps, 10, &s);

		/* A reply queued but never printed (its session failed). */
		ncs_stream_done();
		if (r & (NC_PSPOLL_RPC | NC_PSPOLL_BAD_RPC))
			ncs_mon_rpc(s, (r & NC_PSPOLL_BAD_RPC) != 0,
			    (r & NC_PSPOLL_REPLY_ERROR) != 0);
		if (r & NC_PSPOLL_SSH_CHANNEL) {
			struct nc_session *ns = NULL;

			if (nc_session_accept_ssh_channel(s, &ns) ==
			    NC_MSG_HELLO && ns != NULL) {
				ncs_mon_session_new(ns);
				if (nc_ps_add_session(ncs.ps, ns) != 0) {
					ncs_mon_session_del(ns);
					nc_session_free(ns, NULL);
				}
			}
		}
		if ((r & NC_PSPOLL_SESSION_TERM) && s != NULL)
			session_end(s);
		if ((r & (NC_PSPOLL_NOSESSIONS | NC_PSPOLL_TIMEOUT |
		    NC_PSPOLL_ERROR)) && !(r & NC_PSPOLL_SESSION_TERM)) {
			/* Back off while idle; the poll itself waited 10 ms
			 * when there are sessions. */
			if (r & NC_PSPOLL_NOSESSIONS)
				idle = 20;
			else
				idle = idle < 20 ? idle + 2 : 20;
			sleep_ms(idle);
		} else
			idle = 0;
	}
	nc_thread_destroy();
	return NULL;
}

static int
load_modules(const struct agent_conf *conf)
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

	if (ly_ctx_new(conf->yang_dir, LY_CTX_DISABLE_SEARCHDIR_CWD,
	    &ncs.ctx) != LY_SUCCESS)
		return -1;
	ly_ctx_set_searchdir(ncs.ctx, NCS_IETF_YANG_DIR);
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
		if (ly_ctx_load_module(ncs.ctx, mods[i].name, mods[i].rev,
		    mods[i].features) == NULL) {
			log_warnx("netconf: cannot load YANG module %s "
			    "(searched %s and %s)", mods[i].name,
			    conf->yang_dir, NCS_IETF_YANG_DIR);
			return -1;
		}
	ncs.mod_session = ly_ctx_get_module_implemented(ncs.ctx,
	    NCS_MOD_SESSION);
	ncs.mod_junos = ly_ctx_get_module_implemented(ncs.ctx, NCS_MOD_JUNOS);
	return 0;
}

static int
unix_endpoint(const struct agent_conf *conf)
{
	mode_t mode = 0660;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (conf->nc_unix_mode != NULL) {
		char *end;
		unsigned long m = strtoul(conf->nc_unix_mode, &end, 8);

		if (*end != '\0' || m == 0 || m > 07777) {
			log_warnx("netconf: bad socket mode %s",
			    conf->nc_unix_mode);
			return -1;
		}
		mode = (mode_t)m;
	}
	if (conf->nc_unix_owner != NULL) {
		struct passwd *pw = getpwnam(conf->nc_unix_owner);

		if (pw == NULL) {
			log_warnx("netconf: no user %s", conf->nc_unix_owner);
			return -1;
		}
		uid = pw->pw_uid;
	}
	if (conf->nc_unix_group != NULL) {
		struct group *gr = getgrnam(conf->nc_unix_group);

		if (gr == NULL) {
			log_warnx("netconf: no group %s", conf->nc_unix_group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (nc_server_add_endpt("unix", NC_TI_UNIX) != 0 ||
	    nc_server_endpt_set_perms("unix", mode, uid, gid) != 0 ||
	    nc_server_endpt_set_address("unix", conf->nc_unix) != 0) {
		log_warnx("netconf: cannot listen on %s", conf->nc_unix);
		return -1;
	}
	unix_path = strdup(conf->nc_unix);
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
	char addr[256];
	unsigned long port;
	int methods = 0;

	if (ncs_ssh_addr(conf->nc_ssh, addr, sizeof addr, &port) != 0)
		goto bad;
	if (ncs_auth_setup(conf) != 0)
		return -1;
	if (conf->authorized_keys != NULL)
		methods |= NC_SSH_AUTH_PUBLICKEY;
	if (conf->password_file != NULL)
		methods |= NC_SSH_AUTH_PASSWORD;
	if (methods == 0) {
		log_warnx("netconf: --netconf-ssh needs --authorized-keys "
		    "or --password-file");
		return -1;
	}
	if (nc_server_add_endpt("ssh", NC_TI_LIBSSH) != 0 ||
	    nc_server_ssh_endpt_add_hostkey("ssh", "hostkey", -1) != 0 ||
	    nc_server_ssh_endpt_set_auth_methods("ssh", methods) != 0 ||
	    nc_server_ssh_endpt_set_auth_attempts("ssh", 3) != 0 ||
	    nc_server_ssh_endpt_set_auth_timeout("ssh", 10) != 0 ||
	    nc_server_endpt_set_address("ssh", addr) != 0 ||
	    nc_server_endpt_set_port("ssh", (uint16_t)port) != 0) {
		log_warnx("netconf: cannot listen on %s", conf->nc_ssh);
		return -1;
	}
	return 0;
bad:
	log_warnx("netconf: bad address %s (ADDR[:PORT])", conf->nc_ssh);
	return -1;
}

int
ncs_start(const struct agent_conf *conf, struct store *st)
{
	int workers = conf->nc_workers;

	memset(&ncs, 0, sizeof ncs);
	if (conf->nc_ssh == NULL && conf->nc_unix == NULL) {
		log_info("netconf: no endpoint configured "
		    "(--netconf-ssh, --netconf-unix)");
		return 0;
	}
	ncs.store = st;
	ncs.started = time(NULL);
	ncs_set_hostname(conf->hostname);
	if (ncs_intercept_check() != 0) {
		log_warnx("netconf: libnetconf2 does not call our "
		    "lyd_parse_op/lyd_print_clb (static or -Bsymbolic build?)");
		return -1;
	}
	nc_set_print_clb_session(nc_log);
	nc_verbosity(log_is_debug() ? NC_VERB_VERBOSE : NC_VERB_WARNING);
	if (load_modules(conf) != 0 || ncs_ops_register(ncs.ctx) != 0)
		return -1;
	if (nc_server_init(ncs.ctx) != 0)
		return -1;
	nc_server_set_capab_withdefaults(NC_WD_EXPLICIT,
	    NC_WD_ALL | NC_WD_ALL_TAG | NC_WD_TRIM | NC_WD_EXPLICIT);
	nc_server_set_hello_timeout(10);
	nc_server_set_idle_timeout((uint16_t)conf->nc_idle_timeout);
	if ((conf->nc_unix != NULL && unix_endpoint(conf) != 0) ||
	    (conf->nc_ssh != NULL && ssh_endpoint(conf) != 0))
		return -1;
	if ((ncs.ps = nc_ps_new()) == NULL)
		return -1;
	if (workers < 1 || workers > NCS_WORKERS_MAX)
		workers = 4;
	atomic_store(&running, 1);
	for (int i = 0; i < NCS_ACCEPTORS + workers; i++) {
		if (pthread_create(&threads[nthreads], NULL,
		    i < NCS_ACCEPTORS ? acceptor : worker, NULL) != 0) {
			log_warn("netconf: thread");
			return -1;
		}
		nthreads++;
	}
	log_info("netconf: serving%s%s%s%s", conf->nc_ssh ? " ssh " : "",
	    conf->nc_ssh ? conf->nc_ssh : "", conf->nc_unix ? " unix " : "",
	    conf->nc_unix ? conf->nc_unix : "");
	return 0;
}

/*
 * Shuts down every connected stream socket of the process: libnetconf2
 * keeps its sessions' descriptors to itself, and this runs only at exit,
 * after the SNMP front end has closed its AgentX connection.
 */
static void
shutdown_streams(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		int fd = (int)strtol(e->d_name, NULL, 10), type = 0;
		int listening = 0;
		socklen_t len = sizeof type;
		struct sockaddr_storage ss;
		socklen_t slen = sizeof ss;

		if (e->d_name[0] < '0' || e->d_name[0] > '9' ||
		    fd == dirfd(d) ||
		    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
		    type != SOCK_STREAM)
			continue;
		len = sizeof listening;
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening,
		    &len) != 0 || listening ||
		    getsockname(fd, (struct sockaddr *)&ss, &slen) != 0 ||
		    (ss.ss_family != AF_UNIX && ss.ss_family != AF_INET &&
		    ss.ss_family != AF_INET6))
			continue;
		shutdown(fd, SHUT_RDWR);
	}
	closedir(d);
}

void
ncs_stop(void)
{
	struct timespec ts;

	atomic_store(&running, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += NCS_STOP_GRACE;
	for (int i = 0; i < nthreads; i++)
		if (pthread_timedjoin_np(threads[i], NULL, &ts) != 0) {
			/* A worker writing to a client that stopped reading:
			 * libnetconf2 retries such a write for ever. */
			log_warnx("netconf: a client is not reading its reply; "
			    "closing the connections");
			shutdown_streams();
			pthread_join(threads[i], NULL);
		}
	nthreads = 0;
	graves_sweep(1);
	while (nfresh > 0)
		nc_session_free(fresh[--nfresh], NULL);
	if (ncs.ps != NULL) {
		nc_ps_clear(ncs.ps, 1, NULL);
		nc_ps_free(ncs.ps);
		ncs.ps = NULL;
	}
	if (ncs.ctx != NULL) {
		nc_server_destroy();
		ly_ctx_destroy(ncs.ctx);
		ncs.ctx = NULL;
	}
	if (unix_path != NULL) {
		unlink(unix_path);
		free(unix_path);
		unix_path = NULL;
	}
	ncs_auth_free();
}
