/*
 * field_table.c: the rows of the field table (see field.h).  Data only.
 *
 * Labels are the text of the product page (show security flow session
 * resource-manager, default and extensive views) and of the device's summary
 * output; rows without a label appear in XML and JSON only.
 */
#include <stddef.h>

#include "field.h"

static uint64_t
get_timeout(const void *obj, const struct field_env *env)
{
	return flow_timeout_now(obj, &env->clock);
}

static uint64_t
get_duration(const void *obj, const struct field_env *env)
{
	return flow_duration_now(obj, &env->clock);
}

#define S(m)	offsetof(struct flow_session, m)
#define W(m)	offsetof(struct flow_wing, m)
#define B(m)	offsetof(struct flow_block, m)
#define SUM(i)	(offsetof(struct flow_summary, v) + (i) * sizeof(uint64_t))

#define SESSION(id, name, label, brief, type, bit, off) \
	[id] = { name, label, brief, type, FO_SESSION, bit, off, 0, 0, NULL }
#define RM(id, name, label, brief, type, bit, off) \
	[id] = { name, label, brief, type, FO_RM, bit, off, 0, 0, NULL }
#define WING(id, name, label, brief, type, bit, off) \
	[id] = { name, label, brief, type, FO_WING, bit, off, 0, 0, NULL }
#define ADDR(id, name, label, bit, off, af) \
	[id] = { name, label, NULL, FT_ADDR, FO_WING, bit, off, af, 0, NULL }
#define SUMMARY(id, name, label, i) \
	[id] = { name, label, NULL, FT_U64, FO_SUMMARY, i, SUM(i), 0, 0, NULL }

const struct field field_table[F__COUNT] = {
	SESSION(F_SESSION_ID, "session-identifier", "Session ID", NULL,
	    FT_U64, FP_ID, S(id)),
	SESSION(F_STATUS, "status", "Status", NULL,
	    FT_ATOM, FP_STATUS, S(status)),
	/* Chassis clusters and MNHA pairs (Active, Backup, Stand-alone):
	 * "HA State" from 18.0, "State" before (render_text.c's families). */
	SESSION(F_HA_STATE, "session-state", "HA State", "State",
	    FT_ATOM, FP_HA_STATE, S(ha_state)),
	SESSION(F_SESSION_FLAG, "session-flag", "Flags", NULL,
	    FT_ATOM, FP_SESSION_FLAG, S(session_flag)),
	/* An empty element; the text names it after the flags. */
	SESSION(F_OFFLOAD, "services-offload", "services-offload", NULL,
	    FT_FLAG, FP_OFFLOAD, 0),
	/* Already "name/index" on the device. */
	SESSION(F_POLICY, "policy", "Policy name", NULL,
	    FT_ATOM, FP_POLICY, S(policy)),
	SESSION(F_NAT_POOL, "nat-source-pool-name", "Source NAT pool", NULL,
	    FT_ATOM, FP_NAT_POOL, S(nat_pool)),
	SESSION(F_APP_NAME, "application-name", "Application", NULL,
	    FT_ATOM, FP_APP_NAME, S(app_name)),
	SESSION(F_APP_VALUE, "application-value", "", NULL,
	    FT_U32, FP_APP_VALUE, S(app_value)),
	SESSION(F_DYN_APP, "dynamic-application-name", "Dynamic application",
	    NULL, FT_ATOM, FP_DYN_APP, S(dyn_app)),
	SESSION(F_DYN_NESTED, "dynamic-nested-application-name",
	    "Dynamic nested application", NULL,
	    FT_ATOM, FP_DYN_NESTED, S(dyn_nested)),
	/* Devices send " Unknown", leading space: printed as is. */
	SESSION(F_ENCRYPTION, "encryption-traffic-name", "Encryption", NULL,
	    FT_ATOM, FP_ENCRYPTION, S(encryption)),
	SESSION(F_URL_CATEGORY, "url-category-name", "Url-category", NULL,
	    FT_ATOM, FP_URL_CATEGORY, S(url_category)),
	SESSION(F_ATC_RULE_SET, "application-traffic-control-rule-set-name",
	    "Application traffic control rule-set", NULL,
	    FT_ATOM, FP_ATC_RULE_SET, S(atc_rule_set)),
	SESSION(F_ATC_RULE, "application-traffic-control-rule-name", "Rule",
	    NULL, FT_ATOM, FP_ATC_RULE, S(atc_rule)),
	/* Tunnel, GRE, ESP and PIM sessions have "N/A" for both. */
	[F_CONF_TIMEOUT] = { "configured-timeout", "Maximum timeout", NULL,
	    FT_U32, FO_SESSION, FP_CONF_TIMEOUT, S(conf_timeout), 0, FF_NA,
	    NULL },
	[F_TIMEOUT] = { "timeout", "Current timeout", "Timeout", FT_U32,
	    FO_SESSION, FP_TIMEOUT, S(timeout), 0, FF_NA, get_timeout },
	/* The brief line ends in the bare state: "..., Timeout: 1734, Valid". */
	SESSION(F_SESS_STATE, "sess-state", "Session State", "",
	    FT_ATOM, FP_SESS_STATE, S(sess_state)),
	SESSION(F_LSYS, "logical-system", "Logical system", NULL,
	    FT_ATOM, FP_LSYS, S(lsys)),
	SESSION(F_WAN_ACCEL, "wan-acceleration", "WAN acceleration", NULL,
	    FT_ATOM, FP_WAN_ACCEL, S(wan_accel)),
	SESSION(F_START_TIME, "start-time", "Start time", NULL,
	    FT_U32, FP_START_TIME, S(start_time)),
	[F_DURATION] = { "duration", "Duration", NULL, FT_U32,
	    FO_SESSION, FP_DURATION, S(duration), 0, 0, get_duration },
	SESSION(F_SESSION_MASK, "session-mask", "Session mask", NULL,
	    FT_U32, FP_SESSION_MASK, S(session_mask)),

	/* <resource-manager-information> (chosen, notes section 3).  The
	 * brief view prints "Resource information : FTP ALG, 1, 0". */
	RM(F_RM_CLIENT, "client-name", "Client", "Resource information ",
	    FT_ATOM, FP_RM_CLIENT, S(rm_client)),
	RM(F_RM_GROUP, "group-identifier", "Group", "",
	    FT_U32, FP_RM_GROUP, S(rm_group)),
	RM(F_RM_RESOURCE, "resource-identifier", "Resource", "",
	    FT_U32, FP_RM_RESOURCE, S(rm_resource)),

	/* <flow-information>, one per wing. */
	WING(F_DIR, "direction", "", NULL, FT_DIR, WP_DIR, W(dir)),
	ADDR(F_SRC, "source-address", "Source address", WP_SRC, W(src),
	    W(src_af)),
	WING(F_SPORT, "source-port", "Source port", NULL,
	    FT_PORT, WP_SPORT, W(sport)),
	ADDR(F_DST, "destination-address", "Destination address", WP_DST,
	    W(dst), W(dst_af)),
	WING(F_DPORT, "destination-port", "Destination port", NULL,
	    FT_PORT, WP_DPORT, W(dport)),
	WING(F_PROTO, "protocol", "Protocol", NULL,
	    FT_PROTO, WP_PROTO, W(proto)),
	WING(F_CONN_TAG, "conn-tag", "Conn Tag", NULL,
	    FT_HEX32, WP_CONN_TAG, W(conn_tag)),
	/* Newer releases: printed as the device spells them. */
	WING(F_ATTACH_ID, "attachment-id", "Attachment Id", NULL,
	    FT_ATOM, WP_ATTACH_ID, W(attach_id)),
	WING(F_GW_ENDPOINT, "gw-endpoint-id", "GW Endpoint Id", NULL,
	    FT_ATOM, WP_GW_ENDPOINT, W(gw_endpoint)),
	WING(F_FLOW_COOKIE, "flow-cookie", "Flow Cookie", NULL,
	    FT_ATOM, WP_FLOW_COOKIE, W(flow_cookie)),
	WING(F_VRF, "vrf-name", "VRF", NULL, FT_ATOM, WP_VRF, W(vrf)),
	WING(F_VRF_ZONE, "vrf-zone-name", "VRF Zone", NULL,
	    FT_ATOM, WP_VRF_ZONE, W(vrf_zone)),
	WING(F_IFNAME, "interface-name", "Interface", "If",
	    FT_ATOM, WP_IFNAME, W(ifname)),
	WING(F_TOKEN, "session-token", "Session token", NULL,
	    FT_HEX32, WP_TOKEN, W(token)),
	WING(F_FLAG, "flag", "Flag", NULL, FT_HEX32, WP_FLAG, W(flag)),
	WING(F_POWER_MODE, "power-mode-active", "Power-Mode Active", NULL,
	    FT_ATOM, WP_POWER_MODE, W(power_mode)),
	WING(F_ROUTE, "route", "Route", NULL, FT_HEX32, WP_ROUTE, W(route)),
	ADDR(F_GATEWAY, "gateway", "Gateway", WP_GATEWAY, W(gateway),
	    W(gw_af)),
	WING(F_TUNNEL, "tunnel-information", "Tunnel", NULL,
	    FT_U32, WP_TUNNEL, W(tunnel)),
	/* 19.2 on, instead of tunnel-information. */
	WING(F_TUNNEL_ID, "tunnel-id", "Tunnel ID", NULL,
	    FT_ATOM, WP_TUNNEL_ID, W(tunnel_id)),
	WING(F_TUNNEL_TYPE, "tunnel-type", "Tunnel type", NULL,
	    FT_ATOM, WP_TUNNEL_TYPE, W(tunnel_type)),
	WING(F_TUNNEL_INFO, "tunnel-info", "Tunnel info", NULL,
	    FT_ATOM, WP_TUNNEL_INFO, W(tunnel_info)),
	WING(F_PORT_SEQ, "port-sequence", "Port sequence", NULL,
	    FT_U32, WP_PORT_SEQ, W(port_seq)),
	WING(F_FIN_SEQ, "fin-sequence", "FIN sequence", NULL,
	    FT_U32, WP_FIN_SEQ, W(fin_seq)),
	WING(F_FIN_STATE, "fin-state", "FIN state", NULL,
	    FT_U32, WP_FIN_STATE, W(fin_state)),
	WING(F_SEQ_ACK_DIFF, "seq-ack-diff", "Seq-ack diff", NULL,
	    FT_U32, WP_SEQ_ACK_DIFF, W(seq_ack_diff)),
	WING(F_PKTS, "pkt-cnt", "Pkts", NULL, FT_U64, WP_PKTS, W(pkts)),
	WING(F_BYTES, "byte-cnt", "Bytes", NULL, FT_U64, WP_BYTES, W(bytes)),
	/* High-end only. */
	WING(F_CP_ID, "dcp-session-id", "CP Session ID", NULL,
	    FT_U64, WP_CP_ID, W(cp_id)),

	/* A PIC block.  The header is "Flow Sessions" + " on FPC10 PIC1:". */
	[F_PIC_NAME] = { "flow-fpc-pic-id", "Flow Sessions", NULL, FT_ATOM,
	    FO_BLOCK, BP_NAME, B(name), 0, 0, NULL },
	[F_DISPLAYED] = { "displayed-session-count", "Total sessions", NULL,
	    FT_U64, FO_BLOCK, BP_COUNT, B(count), 0, 0, NULL },
	/* A chassis cluster's node (multi-routing-engine-item): its banner
	 * is the name and ':'. */
	[F_RE_NAME] = { "re-name", "", NULL, FT_ATOM, FO_BLOCK, BP_NODE,
	    B(node_name), 0, 0, NULL },

	/* Summary of a filtered request (resource-manager is a filter). */
	SUMMARY(F_D_VALID, "displayed-session-valid", "Valid sessions",
	    SUM_VALID),
	SUMMARY(F_D_PENDING, "displayed-session-pending", "Pending sessions",
	    SUM_PENDING),
	SUMMARY(F_D_INVALIDATED, "displayed-session-invalidated",
	    "Invalidated sessions", SUM_INVALIDATED),
	SUMMARY(F_D_OTHER, "displayed-session-other",
	    "Sessions in other states", SUM_OTHER),

	/* Unfiltered summary: <flow-session-summary-information>. */
	SUMMARY(F_A_UNICAST, "active-unicast-sessions", "Unicast-sessions",
	    SUM_UNICAST),
	SUMMARY(F_A_MULTICAST, "active-multicast-sessions",
	    "Multicast-sessions", SUM_MULTICAST),
	SUMMARY(F_A_OFFLOAD, "active-services-offload-sessions",
	    "Services-offload-sessions", SUM_OFFLOAD),
	SUMMARY(F_A_FAILED, "failed-sessions", "Failed-sessions", SUM_FAILED),
	SUMMARY(F_A_DROP, "active-drop-sessions", "Sessions-in-drop-flow",
	    SUM_DROP),
	SUMMARY(F_A_ACTIVE, "active-sessions", "Sessions-in-use", SUM_ACTIVE),
	SUMMARY(F_A_VALID, "active-session-valid", "Valid sessions",
	    SUM_A_VALID),
	SUMMARY(F_A_PENDING, "active-session-pending", "Pending sessions",
	    SUM_A_PENDING),
	SUMMARY(F_A_INVALIDATED, "active-session-invalidated",
	    "Invalidated sessions", SUM_A_INVALIDATED),
	SUMMARY(F_A_OTHER, "active-session-other", "Sessions in other states",
	    SUM_A_OTHER),
	SUMMARY(F_A_MAX, "max-sessions", "Maximum-sessions", SUM_MAX),
};
