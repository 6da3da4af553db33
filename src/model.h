/*
 * model.h: the flow-session data model.
 *
 * A store holds PICs (fpc, pic); a PIC holds sessions keyed by a 64-bit
 * session identifier; a session has one or two wings (In, Out).  Every field
 * of the Junos extensive view has a member here.  Strings that repeat across
 * sessions (policy, interface, application, ALG client...) are interned atoms:
 * 32-bit identifiers resolved with atom_get() (atom.h).  Addresses are binary
 * and printed with inet_ntop().
 *
 * Which optional fields a device sent is kept in the `present` bit masks, so
 * absent elements stay absent in our XML and the text omits what the device
 * omits (CP Session ID on low-end boxes, the Application of a session without
 * one, ...).  The bits are the FP_* / WP_* / SP_* numbers below; the field
 * table (field.h) names the bit of each field.
 */
#ifndef FLOW_MODEL_H
#define FLOW_MODEL_H

#include <stdint.h>

/* Session states as the summary view counts them. */
enum flow_state {
	FLOW_STATE_VALID,
	FLOW_STATE_PENDING,
	FLOW_STATE_INVALIDATED,
	FLOW_STATE_OTHER,
	FLOW_STATE__COUNT
};

enum flow_dir { FLOW_DIR_IN, FLOW_DIR_OUT };

/* Address families as stored: none (empty element), IPv4, IPv6. */
enum flow_af { FLOW_AF_NONE, FLOW_AF_INET, FLOW_AF_INET6 };

/* Presence bits of session fields (struct flow_session.present). */
enum {
	FP_ID, FP_STATUS, FP_HA_STATE, FP_SESSION_FLAG, FP_POLICY, FP_NAT_POOL,
	FP_APP_NAME, FP_APP_VALUE, FP_DYN_APP, FP_ENCRYPTION, FP_URL_CATEGORY,
	FP_ATC_RULE_SET, FP_ATC_RULE, FP_CONF_TIMEOUT, FP_TIMEOUT, FP_SESS_STATE,
	FP_LSYS, FP_WAN_ACCEL, FP_START_TIME, FP_DURATION, FP_SESSION_MASK,
	FP_RM_CLIENT, FP_RM_GROUP, FP_RM_RESOURCE,
	FP_OFFLOAD, FP_DYN_NESTED,
	FP__COUNT
};
#define FLOW_RM_BITS	((1u << FP_RM_CLIENT) | (1u << FP_RM_GROUP) | \
			 (1u << FP_RM_RESOURCE))

/* Presence bits of wing fields (struct flow_wing.present). */
enum {
	WP_DIR, WP_SRC, WP_SPORT, WP_DST, WP_DPORT, WP_PROTO, WP_CONN_TAG,
	WP_IFNAME, WP_TOKEN, WP_FLAG, WP_ROUTE, WP_GATEWAY, WP_TUNNEL,
	WP_PORT_SEQ, WP_FIN_SEQ, WP_FIN_STATE, WP_SEQ_ACK_DIFF, WP_PKTS,
	WP_BYTES, WP_CP_ID,
	/* Newer releases (notes/junos-releases.md R8.2). */
	WP_ATTACH_ID, WP_GW_ENDPOINT, WP_FLOW_COOKIE, WP_VRF, WP_VRF_ZONE,
	WP_POWER_MODE, WP_TUNNEL_ID, WP_TUNNEL_TYPE, WP_TUNNEL_INFO,
	WP__COUNT
};

struct flow_wing {
	uint8_t		src[16], dst[16], gateway[16];	/* network order */
	uint64_t	pkts, bytes;
	uint64_t	cp_id;		/* dcp-session-id: "CP Session ID" */
	uint32_t	ifname;		/* atom */
	uint32_t	conn_tag, token, flag, route;
	uint32_t	tunnel, port_seq, fin_seq, fin_state, seq_ack_diff;
	uint32_t	present;	/* 1 << WP_* */
	/* Atoms of newer releases' elements, as the device spells them. */
	uint32_t	attach_id, gw_endpoint, flow_cookie, vrf, vrf_zone;
	uint32_t	power_mode, tunnel_id, tunnel_type, tunnel_info;
	uint16_t	sport, dport;
	uint8_t		src_af, dst_af, gw_af;	/* enum flow_af */
	uint8_t		proto;		/* IANA protocol number */
	uint8_t		dir;		/* enum flow_dir */
};

/* struct flow_session.flags */
#define FLOW_LIVE	0x01	/* timeout/duration count from last_seen */

struct flow_session {
	uint64_t	id;
	uint32_t	present;	/* 1 << FP_* */
	uint32_t	na;		/* 1 << FP_*: the device sent "N/A" */
	uint32_t	seq;		/* place in the reply it came in (1..);
					   0: no reply (live sources) */
	uint32_t	dyn_nested;	/* atom */
	/* atoms */
	uint32_t	status, ha_state, session_flag, policy, nat_pool;
	uint32_t	app_name, dyn_app, encryption, url_category;
	uint32_t	atc_rule_set, atc_rule, sess_state, lsys, wan_accel;
	uint32_t	rm_client;
	/* numbers */
	uint32_t	app_value, conf_timeout, timeout, start_time, duration;
	uint32_t	session_mask, rm_group, rm_resource;
	/*
	 * Live sessions (FLOW_LIVE): `timeout` is the value at `last_seen`
	 * (seconds of CLOCK_MONOTONIC) and start_time is seconds since boot;
	 * readers compute the current timeout and the duration.
	 */
	uint32_t	last_seen;
	uint8_t		state;		/* enum flow_state, from sess_state */
	uint8_t		nwings;		/* 0..2 */
	uint8_t		flags;
	struct flow_wing wing[2];
};

/* Summary counters of a PIC (struct flow_summary.v / .present bits). */
enum {
	SUM_VALID, SUM_PENDING, SUM_INVALIDATED, SUM_OTHER, SUM_TOTAL,
	SUM_UNICAST, SUM_MULTICAST, SUM_OFFLOAD, SUM_FAILED, SUM_DROP,
	SUM_ACTIVE, SUM_A_VALID, SUM_A_PENDING, SUM_A_INVALIDATED, SUM_A_OTHER,
	SUM_MAX,
	SUM__COUNT
};

struct flow_summary {
	uint64_t	v[SUM__COUNT];
	uint32_t	present;	/* 1 << SUM_* */
};

/* Which summary a PIC recorded from its input (struct flow_pic.recorded). */
enum flow_sumform {
	FLOW_SUM_NONE,		/* sessions only: counts come from them */
	FLOW_SUM_DISPLAYED,	/* filtered form: displayed-session-* */
	FLOW_SUM_ACTIVE		/* unfiltered form: flow-session-summary-information */
};

/*
 * A PIC as readers see it.  The counts are kept current by the store on every
 * change: count[0] over all sessions, count[1] over resource-manager sessions.
 */
struct flow_pic {
	uint32_t	node;		/* 0: no cluster; n + 1: node n */
	uint32_t	fpc, pic;
	uint32_t	node_name;	/* atom: <re-name> ("node0"), or 0 */
	uint32_t	seq;		/* place in the reply (1..), 0: none */
	uint32_t	name;		/* atom: " on FPC0 PIC1:" (0: no header) */
	uint8_t		has_header;	/* high-end block with flow-fpc-pic-id */
	uint8_t		recorded;	/* enum flow_sumform */
	uint64_t	count[2][FLOW_STATE__COUNT];
	uint64_t	nsessions;
	uint64_t	max_sessions;	/* 0: unknown */
	struct flow_summary summary;	/* as recorded from the input */
};

static inline int
flow_is_rm(const struct flow_session *s)
{
	return (s->present & FLOW_RM_BITS) != 0;
}

#endif
