/*
 * ct_proc.c: conntrack's settings under /proc/sys/net/netfilter.  Those
 * files belong to the reader's network namespace, so a flowagentd started
 * with `ip netns exec` reads the namespace it watches.
 *
 * The configured timeout of a session ("Maximum timeout") is the sysctl
 * the kernel applies to the entry's protocol in its current state:
 * nf_conntrack_tcp_timeout_<state>, nf_conntrack_udp_timeout(_stream),
 * nf_conntrack_icmp(v6)_timeout, nf_conntrack_gre_timeout(_stream),
 * nf_conntrack_sctp_timeout_<state>, else nf_conntrack_generic_timeout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnetfilter_conntrack/libnetfilter_conntrack_sctp.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "ct.h"

#define PROC_NF	"/proc/sys/net/netfilter/"

long
ct_proc_sysctl(const char *name)
{
	char path[128], buf[32], *end;
	FILE *f;
	long v;

	snprintf(path, sizeof path, PROC_NF "%s", name);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	v = strtol(buf, &end, 10);
	if (end == buf || v < 0)
		return -1;
	return v;
}

/* The sysctl, or the kernel's default when it is missing (no module). */
static uint32_t
timeout(const char *name, uint32_t dflt)
{
	long v = ct_proc_sysctl(name);

	return v >= 0 && v <= UINT32_MAX ? (uint32_t)v : dflt;
}

void
ct_proc_timeouts(struct ct_timeouts *t)
{
	static const struct {
		int		 state;
		const char	*name;
		uint32_t	 dflt;	/* the kernel's, in seconds */
	} tcp[] = {
		{ TCP_CONNTRACK_SYN_SENT, "syn_sent", 120 },
		{ TCP_CONNTRACK_SYN_RECV, "syn_recv", 60 },
		{ TCP_CONNTRACK_ESTABLISHED, "established", 432000 },
		{ TCP_CONNTRACK_FIN_WAIT, "fin_wait", 120 },
		{ TCP_CONNTRACK_CLOSE_WAIT, "close_wait", 60 },
		{ TCP_CONNTRACK_LAST_ACK, "last_ack", 30 },
		{ TCP_CONNTRACK_TIME_WAIT, "time_wait", 120 },
		{ TCP_CONNTRACK_CLOSE, "close", 10 },
		/* Simultaneous open: the kernel uses syn_sent's. */
		{ TCP_CONNTRACK_SYN_SENT2, "syn_sent", 120 },
	}, sctp[] = {
		{ SCTP_CONNTRACK_CLOSED, "closed", 10 },
		{ SCTP_CONNTRACK_COOKIE_WAIT, "cookie_wait", 3 },
		{ SCTP_CONNTRACK_COOKIE_ECHOED, "cookie_echoed", 3 },
		{ SCTP_CONNTRACK_ESTABLISHED, "established", 210 },
		{ SCTP_CONNTRACK_SHUTDOWN_SENT, "shutdown_sent", 3 },
		{ SCTP_CONNTRACK_SHUTDOWN_RECD, "shutdown_recd", 3 },
		{ SCTP_CONNTRACK_SHUTDOWN_ACK_SENT, "shutdown_ack_sent", 3 },
		{ SCTP_CONNTRACK_HEARTBEAT_SENT, "heartbeat_sent", 30 },
		{ SCTP_CONNTRACK_HEARTBEAT_ACKED, "established", 210 },
	};
	char name[80];

	t->generic = timeout("nf_conntrack_generic_timeout", 600);
	for (int i = 0; i < CT_TCP_STATES; i++)
		t->tcp[i] = t->generic;
	for (int i = 0; i < CT_SCTP_STATES; i++)
		t->sctp[i] = t->generic;
	for (size_t i = 0; i < sizeof tcp / sizeof tcp[0]; i++) {
		snprintf(name, sizeof name, "nf_conntrack_tcp_timeout_%s",
		    tcp[i].name);
		t->tcp[tcp[i].state] = timeout(name, tcp[i].dflt);
	}
	for (size_t i = 0; i < sizeof sctp / sizeof sctp[0]; i++) {
		snprintf(name, sizeof name, "nf_conntrack_sctp_timeout_%s",
		    sctp[i].name);
		t->sctp[sctp[i].state] = timeout(name, sctp[i].dflt);
	}
	t->udp = timeout("nf_conntrack_udp_timeout", 30);
	t->udp_stream = timeout("nf_conntrack_udp_timeout_stream", 120);
	t->icmp = timeout("nf_conntrack_icmp_timeout", 30);
	t->icmpv6 = timeout("nf_conntrack_icmpv6_timeout", 30);
	t->gre = timeout("nf_conntrack_gre_timeout", 30);
	t->gre_stream = timeout("nf_conntrack_gre_timeout_stream", 180);
}
