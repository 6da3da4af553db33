/*
 * snmp_rtt.c: GET round trips to an SNMP agent (make bench).
 *
 *   snmp_rtt AGENT COMMUNITY COUNT OID...
 *	COUNT sequential GETs of each OID: mean, 99th percentile and max, in
 *	microseconds.  Against a master-local object and one a subagent
 *	serves, the difference of the means is one AgentX round trip.
 *   snmp_rtt --until AGENT COMMUNITY OID VALUE
 *	GETs OID back to back until it reads VALUE: how long any of them
 *	waited (the latency while flowagentd reloads a large snapshot).
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One GET; the value as an integer in *val (if not NULL). */
static int
get(netsnmp_session *ss, const oid *name, size_t len, long *val)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	int ok;

	snmp_add_null_var(pdu, name, len);
	ok = snmp_synch_response(ss, pdu, &resp) == STAT_SUCCESS &&
	    resp != NULL && resp->errstat == SNMP_ERR_NOERROR &&
	    resp->variables != NULL &&
	    resp->variables->type != SNMP_NOSUCHOBJECT &&
	    resp->variables->type != SNMP_NOSUCHINSTANCE;
	if (ok && val != NULL && resp->variables->val.integer != NULL)
		*val = *resp->variables->val.integer;
	if (resp != NULL)
		snmp_free_pdu(resp);
	return ok ? 0 : -1;
}

static netsnmp_session *
open_session(const char *agent, const char *community)
{
	netsnmp_session s, *ss;

	snmp_sess_init(&s);
	s.peername = strdup(agent);
	s.version = SNMP_VERSION_2c;
	s.community = (u_char *)strdup(community);
	s.community_len = strlen(community);
	s.timeout = 10 * 1000000L;
	s.retries = 0;
	if ((ss = snmp_open(&s)) == NULL) {
		snmp_perror("snmp_open");
		exit(1);
	}
	return ss;
}

int
main(int argc, char **argv)
{
	netsnmp_session *ss;
	oid name[MAX_OID_LEN];
	size_t len;

	/* Numeric OIDs only: no MIB files, no configuration files. */
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	init_snmp("snmp_rtt");
	if (argc == 6 && strcmp(argv[1], "--until") == 0) {
		long want = atol(argv[5]), v = -1;
		double max = 0, start = now_us();
		unsigned long n = 0, over1 = 0, over5 = 0;

		ss = open_session(argv[2], argv[3]);
		len = MAX_OID_LEN;
		if (!read_objid(argv[4], name, &len))
			return 2;
		while (v != want) {
			double t = now_us(), d;

			if (get(ss, name, len, &v) != 0)
				v = -1;
			d = now_us() - t;
			n++;
			if (d > max)
				max = d;
			over1 += d > 1000;
			over5 += d > 5000;
			if (now_us() - start > 600e6)
				return 1;
		}
		printf("%lu GETs in %.1f s: max %.0f us, %lu over 1 ms, "
		    "%lu over 5 ms\n", n, (now_us() - start) / 1e6, max,
		    over1, over5);
		return 0;
	}
	if (argc < 5) {
		fprintf(stderr, "usage: snmp_rtt AGENT COMMUNITY COUNT OID...\n"
		    "       snmp_rtt --until AGENT COMMUNITY OID VALUE\n");
		return 2;
	}
	ss = open_session(argv[1], argv[2]);
	for (int a = 4; a < argc; a++) {
		int count = atoi(argv[3]);
		double *t = calloc((size_t)count, sizeof *t), sum = 0;

		len = MAX_OID_LEN;
		if (t == NULL || !read_objid(argv[a], name, &len))
			return 2;
		get(ss, name, len, NULL);	/* warm up */
		for (int i = 0; i < count; i++) {
			double t0 = now_us();

			if (get(ss, name, len, NULL) != 0) {
				fprintf(stderr, "GET %s failed\n", argv[a]);
				return 1;
			}
			t[i] = now_us() - t0;
			sum += t[i];
		}
		qsort(t, (size_t)count, sizeof *t, cmp_double);
		printf("%s mean %.1f p99 %.1f max %.1f\n", argv[a], sum / count,
		    t[count * 99 / 100], t[count - 1]);
		free(t);
	}
	snmp_close(ss);
	return 0;
}
