/*
 * nc_monitoring.c: ietf-netconf-monitoring's state (RFC 6022): the
 * capabilities, the schemas get-schema serves, the sessions with their
 * counters, and the server's statistics.  libnetconf2 keeps none of it.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent.h"
#include "nc.h"

#define MON	"/ietf-netconf-monitoring:netconf-state"

struct mon_session {
	uint32_t		 id;
	char			 user[64], host[64], transport[24];
	time_t			 login;
	uint32_t		 in_rpcs, in_bad_rpcs, out_errors;
	struct mon_session	*next;
};

static pthread_mutex_t		 mon_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mon_session	*mon_sessions;
static uint32_t	in_sessions, dropped, in_rpcs, in_bad_rpcs, out_errors;

static void
date_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
ncs_mon_session_new(struct nc_session *s, const char *user,
    const char *transport, const char *host)
{
	struct mon_session *m = calloc(1, sizeof *m);

	if (m == NULL)
		return;
	m->id = nc_session_get_id(s);
	snprintf(m->user, sizeof m->user, "%s", user);
	snprintf(m->host, sizeof m->host, "%s", host != NULL ? host : "");
	snprintf(m->transport, sizeof m->transport, "%s", transport);
	m->login = nc_session_get_start_time(s);
	pthread_mutex_lock(&mon_lock);
	m->next = mon_sessions;
	mon_sessions = m;
	in_sessions++;
	pthread_mutex_unlock(&mon_lock);
}

void
ncs_mon_session_del(struct nc_session *s)
{
	uint32_t id = nc_session_get_id(s);
	NC_SESSION_TERM_REASON why = nc_session_get_term_reason(s);

	pthread_mutex_lock(&mon_lock);
	for (struct mon_session **p = &mon_sessions; *p != NULL;
	    p = &(*p)->next)
		if ((*p)->id == id) {
			struct mon_session *m = *p;

			*p = m->next;
			free(m);
			break;
		}
	if (why != NC_SESSION_TERM_CLOSED && why != NC_SESSION_TERM_KILLED)
		dropped++;
	pthread_mutex_unlock(&mon_lock);
}

void
ncs_mon_rpc(struct nc_session *s, int bad, int error)
{
	uint32_t id = s != NULL ? nc_session_get_id(s) : 0;

	pthread_mutex_lock(&mon_lock);
	in_rpcs += !bad;
	in_bad_rpcs += bad != 0;
	out_errors += error != 0;
	for (struct mon_session *m = mon_sessions; m != NULL; m = m->next)
		if (m->id == id) {
			m->in_rpcs += !bad;
			m->in_bad_rpcs += bad != 0;
			m->out_errors += error != 0;
			break;
		}
	pthread_mutex_unlock(&mon_lock);
}

static int
add(struct lyd_node **tree, const char *path, const char *value)
{
	if (lyd_new_path(*tree, ncs.ctx, path, value, 0,
	    *tree == NULL ? tree : NULL) == LY_SUCCESS)
		return 0;
	log_warnx("netconf: monitoring %s: %s", path, ly_errmsg(ncs.ctx));
	return -1;
}

static int
add_fmt(struct lyd_node **tree, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
add_fmt(struct lyd_node **tree, const char *value, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return add(tree, path, value);
}

int
ncs_mon_data(struct ly_ctx *ctx, struct lyd_node **tree)
{
	const char **cap;
	const struct lys_module *mod;
	uint32_t idx = 0;
	char buf[64], num[6][16];
	int rc = 0;

	*tree = NULL;
	if ((cap = nc_server_get_cpblts_version(ctx, LYS_VERSION_1_0)) ==
	    NULL)
		return -1;
	for (size_t i = 0; cap[i] != NULL; i++) {
		rc |= add(tree, MON "/capabilities/capability", cap[i]);
		lydict_remove(ctx, cap[i]);
	}
	free(cap);
	rc |= add(tree, MON "/datastores/datastore[name='running']", NULL);

	while ((mod = ly_ctx_get_module_iter(ctx, &idx)) != NULL) {
		const char *rev = mod->revision != NULL ? mod->revision : "";

		for (int yin = 0; yin < 2; yin++) {
			const char *f = yin ? "yin" : "yang";

			rc |= add_fmt(tree, mod->ns, MON "/schemas/schema"
			    "[identifier='%s'][version='%s'][format='%s']"
			    "/namespace", mod->name, rev, f);
			rc |= add_fmt(tree, "NETCONF", MON "/schemas/schema"
			    "[identifier='%s'][version='%s'][format='%s']"
			    "/location", mod->name, rev, f);
		}
	}

	pthread_mutex_lock(&mon_lock);
	for (struct mon_session *m = mon_sessions; m != NULL; m = m->next) {
		char base[128];

		snprintf(base, sizeof base, MON "/sessions/session"
		    "[session-id='%u']", m->id);
		date_time(m->login, buf, sizeof buf);
		snprintf(num[0], sizeof num[0], "%u", m->in_rpcs);
		snprintf(num[1], sizeof num[1], "%u", m->in_bad_rpcs);
		snprintf(num[2], sizeof num[2], "%u", m->out_errors);
		rc |= add_fmt(tree, strcmp(m->transport, "netconf-ssh") == 0 ?
		    "ietf-netconf-monitoring:netconf-ssh" :
		    "flowagent-session:netconf-unix",
		    "%s/transport", base);
		rc |= add_fmt(tree, m->user, "%s/username", base);
		if (m->host[0] != '\0')
			rc |= add_fmt(tree, m->host, "%s/source-host", base);
		rc |= add_fmt(tree, buf, "%s/login-time", base);
		rc |= add_fmt(tree, num[0], "%s/in-rpcs", base);
		rc |= add_fmt(tree, num[1], "%s/in-bad-rpcs", base);
		rc |= add_fmt(tree, num[2], "%s/out-rpc-errors", base);
		rc |= add_fmt(tree, "0", "%s/out-notifications", base);
	}
	snprintf(num[0], sizeof num[0], "%u", in_sessions);
	snprintf(num[1], sizeof num[1], "%u", dropped);
	snprintf(num[2], sizeof num[2], "%u", in_rpcs);
	snprintf(num[3], sizeof num[3], "%u", in_bad_rpcs);
	snprintf(num[4], sizeof num[4], "%u", out_errors);
	pthread_mutex_unlock(&mon_lock);
	date_time(ncs.started, buf, sizeof buf);
	rc |= add(tree, MON "/statistics/netconf-start-time", buf);
	rc |= add(tree, MON "/statistics/in-bad-hellos", "0");
	rc |= add(tree, MON "/statistics/in-sessions", num[0]);
	rc |= add(tree, MON "/statistics/dropped-sessions", num[1]);
	rc |= add(tree, MON "/statistics/in-rpcs", num[2]);
	rc |= add(tree, MON "/statistics/in-bad-rpcs", num[3]);
	rc |= add(tree, MON "/statistics/out-rpc-errors", num[4]);
	rc |= add(tree, MON "/statistics/out-notifications", "0");
	if (rc != 0) {
		lyd_free_siblings(*tree);
		*tree = NULL;
		return -1;
	}
	return 0;
}
