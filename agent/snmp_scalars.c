/*
 * snmp_scalars.c: the scalars of FLOWAGENT-SESSION-MIB: totals over all
 * PICs and the time of the last change.  net-snmp's scalar helper handles
 * the .0 instance and GETNEXT; the handler only computes values.
 */
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "snmp_mib.h"

static struct store *scalar_store;

/* sysUpTime (in the master's time, which a subagent tracks) of the change. */
static u_long
last_change(const struct store_snap *v)
{
	struct timespec now, then = store_snap_changed(v, 1);
	u_long uptime = netsnmp_get_agent_uptime(), ago;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ago = (u_long)(now.tv_sec - then.tv_sec) * 100 +
	    (u_long)((now.tv_nsec - then.tv_nsec) / 10000000);
	return ago < uptime ? uptime - ago : 0;
}

static int
scalar_handler(netsnmp_mib_handler *handler,
    netsnmp_handler_registration *reg, netsnmp_agent_request_info *ri,
    netsnmp_request_info *requests)
{
	int which = (int)(intptr_t)handler->myvoid;
	const struct store_snap *v;
	uint64_t n = 0, c[FLOW_STATE__COUNT];
	u_long val;
	u_char type = ASN_GAUGE;

	(void)reg;
	if (ri->mode != MODE_GET) {
		netsnmp_set_request_error(ri, requests, SNMP_ERR_NOTWRITABLE);
		return SNMP_ERR_NOERROR;
	}
	v = store_acquire(scalar_store);
	switch (which) {
	case FLOW_SCALAR_TOTAL:
		n = store_snap_sessions(v);
		break;
	case FLOW_SCALAR_RM_TOTAL:
	case FLOW_SCALAR_MAX:
		for (uint32_t i = 0; i < store_snap_npics(v); i++) {
			const struct flow_pic *p = store_snap_pic(v, i);

			if (which == FLOW_SCALAR_MAX) {
				n += p->max_sessions;
				continue;
			}
			flow_pic_counts(p, 1, c);
			n += c[0] + c[1] + c[2] + c[3];
		}
		break;
	case FLOW_SCALAR_LAST_CHANGE:
		type = ASN_TIMETICKS;
		n = last_change(v);
		break;
	}
	store_release(v);
	val = n > UINT32_MAX ? UINT32_MAX : (u_long)n;
	snmp_set_var_typed_value(requests->requestvb, type, &val, sizeof val);
	return SNMP_ERR_NOERROR;
}

int
snmp_scalars_register(struct store *st)
{
	static const struct {
		const char	*name;
		int		 which;
	} scalars[] = {
		{ "flowSessionsTotal", FLOW_SCALAR_TOTAL },
		{ "flowSessionsMax", FLOW_SCALAR_MAX },
		{ "flowLastChange", FLOW_SCALAR_LAST_CHANGE },
		{ "flowRmSessionsTotal", FLOW_SCALAR_RM_TOTAL },
	};
	oid base[] = { FLOW_MIB_SCALARS, 0 };
	size_t len = sizeof base / sizeof base[0];

	scalar_store = st;
	for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
		netsnmp_handler_registration *reg;

		base[len - 1] = (oid)scalars[i].which;
		reg = netsnmp_create_handler_registration(scalars[i].name,
		    scalar_handler, base, len, HANDLER_CAN_RONLY);
		if (reg == NULL)
			return -1;
		reg->handler->myvoid = (void *)(intptr_t)scalars[i].which;
		if (netsnmp_register_scalar(reg) != MIB_REGISTERED_OK)
			return -1;
	}
	return 0;
}
