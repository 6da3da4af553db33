/*
 * snmp_agent.c: flowagentd as an AgentX subagent of a net-snmp master.
 *
 * The net-snmp library is not thread-safe: it is set up and driven from one
 * thread (the one calling snmp_agent_loop).  Requests are answered from a
 * snapshot of the store, so the writer never holds them up.  When the master
 * goes away the library reconnects every ping interval and registers again.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"

static void (*agent_wake)(void);

int
snmp_agent_init(const struct agent_conf *c, struct store *st)
{
	/* Logs go where ours go. */
	snmp_disable_log();
	if (log_is_syslog())
		snmp_enable_syslog_ident("flowagentd", LOG_DAEMON);
	else
		snmp_enable_stderrlog();
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
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID,
	    NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, c->agentx_ping);
	if (init_agent("flowagentd") != 0) {
		log_warnx("net-snmp agent initialisation failed");
		return -1;
	}
	if (snmp_scalars_register(st) != 0 || snmp_tables_register(st) != 0) {
		log_warnx("registering FLOWAGENT-SESSION-MIB failed");
		return -1;
	}
	init_snmp("flowagentd");
	log_info("AgentX subagent of %s (ping every %d s)", c->agentx_socket,
	    c->agentx_ping);
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
