/*
 * snmp_agent.c: flowagentd as an AgentX subagent of a net-snmp master.
 *
 * The net-snmp library is not thread-safe: it is set up and driven from one
 * thread (the one calling snmp_agent_loop).  Requests are answered from a
 * snapshot of the store, so the writer never holds them up.  When the master
 * goes away the library reconnects every ping interval and registers again.
 *
 * net-snmp's messages come to our log (never blocking, like ours), and its
 * word on registrations is read from them: the master may refuse ours (a
 * subagent already holds the subtree), and the log says so instead of
 * "connected".
 */
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "agent.h"

static void (*agent_wake)(void);
static const char *agentx_path;
static int	 agentx_refused;	/* registrations refused, this time */

/* net-snmp's messages, into our log. */
static int
snmp_log_cb(int major, int minor, void *server, void *client)
{
	const struct snmp_log_message *m = server;
	char msg[512];
	size_t n;

	(void)major;
	(void)minor;
	(void)client;
	if (m == NULL || m->msg == NULL)
		return 0;
	snprintf(msg, sizeof msg, "%s", m->msg);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	if (n == 0)
		return 0;
	if (strstr(msg, "registering pdu failed") != NULL)
		agentx_refused++;
	/* Ours says more (below). */
	if (strstr(msg, "AgentX subagent connected") != NULL)
		return 0;
	if (m->priority <= LOG_WARNING)
		log_warnx("net-snmp: %s", msg);
	else if (m->priority <= LOG_INFO)
		log_info("net-snmp: %s", msg);
	else
		log_debug("net-snmp: %s", msg);
	return 0;
}

/* What became of our registrations, once net-snmp has sent them all. */
static void
snmp_registered(unsigned int reg, void *arg)
{
	(void)reg;
	(void)arg;
	if (agentx_refused > 0)
		log_warnx("AgentX: connected to %s, but the master refused %d "
		    "registration%s: FLOWAGENT-SESSION-MIB is not served "
		    "(another subagent may hold it)", agentx_path,
		    agentx_refused, agentx_refused > 1 ? "s" : "");
	else
		log_info("AgentX: connected to %s; FLOWAGENT-SESSION-MIB "
		    "registered", agentx_path);
	agentx_refused = 0;
}

/* net-snmp has just connected to a master; it sends our registrations
 * right after this, in the same call, so their outcome is looked at from
 * the loop's next turn. */
static int
snmp_connected_cb(int major, int minor, void *server, void *client)
{
	struct timeval now = { 0, 1000 };

	(void)major;
	(void)minor;
	(void)server;
	(void)client;
	agentx_refused = 0;
	snmp_alarm_register_hr(now, 0, snmp_registered, NULL);
	return 0;
}

int
snmp_agent_init(const struct agent_conf *c, struct store *st)
{
	/* Logs go through ours. */
	snmp_disable_log();
	netsnmp_register_loghandler(NETSNMP_LOGHANDLER_CALLBACK, LOG_DEBUG);
	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
	    snmp_log_cb, NULL);
	agentx_path = c->agentx_socket;
	/* No MIB files (Debian ships few; we need none), no configuration
	 * files of net-snmp's, nothing persistent written. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_X_SOCKET, c->agentx_socket);
	if (init_agent("flowagentd") != 0) {
		log_warnx("net-snmp agent initialisation failed");
		return -1;
	}
	/* After init_agent, which sets its default (15 s) over ours; before
	 * init_snmp, which connects and arms the timer with it. */
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, c->agentx_ping);
	netsnmp_register_callback(SNMP_CALLBACK_APPLICATION,
	    SNMPD_CALLBACK_INDEX_START, snmp_connected_cb, NULL,
	    NETSNMP_CALLBACK_LOWEST_PRIORITY);
	if (snmp_scalars_register(st) != 0 ||
	    snmp_tables_register(st, c->junos_release) != 0) {
		log_warnx("registering FLOWAGENT-SESSION-MIB failed");
		return -1;
	}
	log_info("AgentX: subagent of %s (ping and reconnect every %d s)",
	    c->agentx_socket, c->agentx_ping);
	init_snmp("flowagentd");
	return 0;
}

static void
agent_fd_ready(int fd, void *arg)
{
	(void)fd;
	(void)arg;
	agent_wake();
}

void
snmp_agent_loop(int fd, void (*wake)(void), volatile sig_atomic_t *quit)
{
	agent_wake = wake;
	register_readfd(fd, agent_fd_ready, NULL);
	while (!*quit)
		agent_check_and_process(1);
	unregister_readfd(fd);
}

void
snmp_agent_shutdown(void)
{
	snmp_shutdown("flowagentd");
}
