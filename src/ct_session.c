/*
 * ct_session.c: one conntrack entry as a Junos flow session.  The rules
 * (README.md and flowagentd(8) say the same):
 *
 *   session ID       the conntrack ID; conntrack IDs are 32-bit hashes, so
 *                    two live entries may share one (about one pair in
 *                    100,000 entries): the second shows as ID + 2^32 (then
 *                    2 * 2^32...), and keeps that ID while it lives
 *   FPC/PIC          the zone, through the zones map (FPC0 PIC0)
 *   In / Out wing    the original / the reply tuple: NAT shows in Out
 *   ports            TCP, UDP, SCTP, DCCP ports; ICMP: the identifier on
 *                    the initiator's side, type * 256 + code on the other
 *   If, Gateway      the route to the wing's source address (where its
 *                    packets come from): its interface, its next hop or
 *                    the source itself when directly connected
 *   Route            that route's table (254: main)
 *   Session token    the zone;  Flag: conntrack's TCP flags of the
 *                    direction;  FIN state: 1 on the side that closed first
 *   Pkts, Bytes      conntrack accounting of the direction
 *   Policy           the mark, through the marks map ("N/A")
 *   Source NAT pool  Null, or "snat" when the entry is source-NATed
 *   Flags            0xSTATUS/0x0/0x0, conntrack's status bits
 *   Application      from the helper (junos-ftp), else a well-known
 *                    server port; its value 1 for ALG sessions, else 0
 *   Timeout          the remaining conntrack timeout, counting down
 *   Maximum timeout  the sysctl for the protocol and state (ct_proc.c)
 *   Session State    TCP: ESTABLISHED Valid; SYN_SENT, SYN_RECV,
 *                    SYN_SENT2 Pending; FIN_WAIT, CLOSE_WAIT, LAST_ACK,
 *                    TIME_WAIT, CLOSE Invalidated; NONE Init (other).
 *                    SCTP likewise.  Others: Valid once confirmed.  Any
 *                    entry that is dying: Invalidated.
 *   Start time       the entry's start timestamp (nf_conntrack_timestamp),
 *                    else when flowagentd first saw it; seconds since boot
 *   Client/Group/... ct_group.c
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libnetfilter_conntrack/libnetfilter_conntrack_sctp.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "ct.h"

/* Applications by helper, then by protocol and server port. */
static const struct {
	const char	*helper;
	const char	*app;
} ct_helper_apps[] = {
	{ "ftp", "junos-ftp" }, { "tftp", "junos-tftp" },
	{ "sip", "junos-sip" }, { "h323", "junos-h323" },
	{ "RAS", "junos-h323" }, { "Q.931", "junos-h323" },
	{ "pptp", "junos-pptp" }, { "irc", "junos-irc" },
	{ "amanda", "junos-amanda" }, { "sane", "junos-sane" },
	{ "netbios-ns", "junos-nbname" }, { "snmp", "junos-snmp-get" },
};

static const struct {
	uint8_t		 proto;
	uint16_t	 port;
	const char	*app;
} ct_port_apps[] = {
	{ 6, 21, "junos-ftp" }, { 6, 22, "junos-ssh" },
	{ 6, 23, "junos-telnet" }, { 6, 25, "junos-smtp" },
	{ 6, 53, "junos-dns-tcp" }, { 17, 53, "junos-dns-udp" },
	{ 17, 67, "junos-dhcp-server" }, { 17, 69, "junos-tftp" },
	{ 6, 80, "junos-http" }, { 6, 110, "junos-pop3" },
	{ 17, 123, "junos-ntp" }, { 6, 143, "junos-imap" },
	{ 17, 161, "junos-snmp-get" }, { 6, 179, "junos-bgp" },
	{ 6, 443, "junos-https" }, { 17, 514, "junos-syslog" },
	{ 6, 3389, "junos-rdp" }, { 6, 5060, "junos-sip" },
	{ 17, 5060, "junos-sip" },
};

#define ICMP_PROTO	1
#define ICMPV6_PROTO	58

static uint32_t
intern(struct store *st, const char *s)
{
	uint32_t a = store_intern(st, s, strlen(s));

	return a == UINT32_MAX ? 0 : a;
}

int
ct_ctx_init(struct ct_ctx *c, struct store *st)
{
	memset(c, 0, sizeof *c);
	c->st = st;
	c->a_valid = intern(st, "Valid");
	c->a_pending = intern(st, "Pending");
	c->a_invalidated = intern(st, "Invalidated");
	c->a_init = intern(st, "Init");
	c->a_normal = intern(st, "Normal");
	c->a_null = intern(st, "Null");
	c->a_snat = intern(st, "snat");
	c->a_dyn = intern(st, "junos:UNKNOWN");
	/* Devices send " Unknown" (notes/junos-xml.md section 4). */
	c->a_enc = intern(st, " Unknown");
	c->a_invalid = intern(st, "INVALID");
	c->a_noif = intern(st, "N/A");
	ct_proc_timeouts(&c->to);
	ct_ctx_now(c);
	return c->a_noif != 0 ? 0 : -1;
}

void
ct_ctx_now(struct ct_ctx *c)
{
	struct timespec rt, bt;

	store_clock(&c->clock);
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	c->real_boot_ns = ((int64_t)rt.tv_sec - bt.tv_sec) * 1000000000 +
	    (rt.tv_nsec - bt.tv_nsec);
}

/* Has 32-bit ID `id` entries at alias slots (ids above 2^32)? */
static int
alias_has(const struct ct_ctx *c, uint32_t id)
{
	size_t a = 0, b = c->nalias;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (c->alias[m] < id)
			a = m + 1;
		else
			b = m;
	}
	return a < c->nalias && c->alias[a] == id;
}

static void
alias_add(struct ct_ctx *c, uint32_t id)
{
	size_t i = c->nalias;

	if (alias_has(c, id))
		return;
	if (c->nalias == c->capalias) {
		size_t ncap = c->capalias ? c->capalias * 2 : 16;
		uint32_t *na = realloc(c->alias, ncap * sizeof *na);

		/* Without the note, the entry is found at its slot anyway
		 * until the next dump: only other lookups get slower. */
		if (na == NULL)
			return;
		c->alias = na;
		c->capalias = ncap;
	}
	while (i > 0 && c->alias[i - 1] > id) {
		c->alias[i] = c->alias[i - 1];
		i--;
	}
	c->alias[i] = id;
	c->nalias++;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void
ct_session_aliases(struct ct_ctx *c, const struct flow_key *keys, size_t n)
{
	c->nalias = 0;
	for (size_t i = 0; i < n; i++)
		if (keys[i].id >> 32) {
			if (c->nalias == c->capalias) {
				size_t ncap = c->capalias ? c->capalias * 2 :
				    16;
				uint32_t *na = realloc(c->alias,
				    ncap * sizeof *na);

				if (na == NULL)
					break;
				c->alias = na;
				c->capalias = ncap;
			}
			c->alias[c->nalias++] = (uint32_t)keys[i].id;
		}
	if (c->nalias > 1)
		qsort(c->alias, c->nalias, sizeof *c->alias, cmp_u32);
}

static int
has_ports(uint8_t proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
	    proto == IPPROTO_UDPLITE || proto == IPPROTO_SCTP ||
	    proto == IPPROTO_DCCP;
}

/* Is s the session of the entry whose original tuple is t? */
static int
same_tuple(const struct flow_session *s, const struct ct_tuple *t)
{
	const struct flow_wing *w = &s->wing[0];

	if (s->nwings < 1 || w->proto != t->proto ||
	    w->src_af != (t->af == AF_INET ? FLOW_AF_INET : FLOW_AF_INET6) ||
	    memcmp(w->src, t->src, 16) != 0 || memcmp(w->dst, t->dst, 16) != 0)
		return 0;
	return !has_ports(t->proto) ||
	    (w->sport == t->sport && w->dport == t->dport);
}

int
ct_session_locate(struct ct_ctx *c, const struct nf_conntrack *ct,
    int create, struct flow_key *k, const struct flow_session **old)
{
	const struct flow_session *s;
	struct ct_tuple t;
	uint32_t zone = 0, id;
	int aliased, slot = -1;

	*old = NULL;
	if (nfct_attr_is_set(ct, ATTR_ID) <= 0)
		return -1;
	if (nfct_attr_is_set(ct, ATTR_ZONE) > 0)
		zone = nfct_get_attr_u16(ct, ATTR_ZONE);
	ct_map_pic(&c->map, zone, &k->fpc, &k->pic);
	id = nfct_get_attr_u32(ct, ATTR_ID);
	ct_tuple_orig(ct, &t);
	aliased = alias_has(c, id);
	for (int i = 0; i < CT_ALIAS_MAX; i++) {
		k->id = (uint64_t)i << 32 | id;
		if ((s = store_get(c->st, k->fpc, k->pic, k->id)) == NULL) {
			if (slot < 0)
				slot = i;
			if (!aliased)
				break;
			continue;
		}
		if (same_tuple(s, &t)) {
			*old = s;
			return 0;
		}
		aliased = 1;	/* another entry holds this slot */
	}
	if (!create || slot < 0)
		return -1;
	k->id = (uint64_t)slot << 32 | id;
	if (slot > 0)
		alias_add(c, id);
	return 0;
}

void
ct_ctx_free(struct ct_ctx *c)
{
	ct_map_free(&c->map);
	free(c->alias);
	c->alias = NULL;
	c->nalias = c->capalias = 0;
}

const char *
ct_session_app_by_helper(const char *helper)
{
	for (size_t i = 0; i < sizeof ct_helper_apps / sizeof ct_helper_apps[0];
	    i++)
		if (strcmp(ct_helper_apps[i].helper, helper) == 0)
			return ct_helper_apps[i].app;
	return NULL;
}

static const char *
app_by_port(uint8_t proto, uint16_t port)
{
	if (proto == ICMP_PROTO)
		return "junos-icmp-all";
	if (proto == ICMPV6_PROTO)
		return "junos-icmp6-all";
	for (size_t i = 0; i < sizeof ct_port_apps / sizeof ct_port_apps[0];
	    i++)
		if (ct_port_apps[i].proto == proto &&
		    ct_port_apps[i].port == port)
			return ct_port_apps[i].app;
	return NULL;
}

static uint8_t
state_tcp(uint8_t st)
{
	switch (st) {
	case TCP_CONNTRACK_ESTABLISHED:
		return FLOW_STATE_VALID;
	case TCP_CONNTRACK_SYN_SENT:
	case TCP_CONNTRACK_SYN_RECV:
	case TCP_CONNTRACK_SYN_SENT2:
		return FLOW_STATE_PENDING;
	case TCP_CONNTRACK_FIN_WAIT:
	case TCP_CONNTRACK_CLOSE_WAIT:
	case TCP_CONNTRACK_LAST_ACK:
	case TCP_CONNTRACK_TIME_WAIT:
	case TCP_CONNTRACK_CLOSE:
		return FLOW_STATE_INVALIDATED;
	default:
		return FLOW_STATE_OTHER;
	}
}

static uint8_t
state_sctp(uint8_t st)
{
	switch (st) {
	case SCTP_CONNTRACK_ESTABLISHED:
	case SCTP_CONNTRACK_HEARTBEAT_SENT:
	case SCTP_CONNTRACK_HEARTBEAT_ACKED:
		return FLOW_STATE_VALID;
	case SCTP_CONNTRACK_COOKIE_WAIT:
	case SCTP_CONNTRACK_COOKIE_ECHOED:
		return FLOW_STATE_PENDING;
	case SCTP_CONNTRACK_CLOSED:
	case SCTP_CONNTRACK_SHUTDOWN_SENT:
	case SCTP_CONNTRACK_SHUTDOWN_RECD:
	case SCTP_CONNTRACK_SHUTDOWN_ACK_SENT:
		return FLOW_STATE_INVALIDATED;
	default:
		return FLOW_STATE_OTHER;
	}
}

/* State and configured timeout, by protocol (see the top of the file). */
static void
state_of(const struct ct_ctx *c, const struct nf_conntrack *ct,
    uint8_t proto, uint32_t status, uint8_t *state, uint32_t *conf)
{
	const struct ct_timeouts *t = &c->to;
	uint8_t st;

	*state = FLOW_STATE_VALID;
	*conf = t->generic;
	switch (proto) {
	case IPPROTO_TCP:
		st = nfct_attr_is_set(ct, ATTR_TCP_STATE) > 0 ?
		    nfct_get_attr_u8(ct, ATTR_TCP_STATE) : TCP_CONNTRACK_NONE;
		*state = state_tcp(st);
		if (st < CT_TCP_STATES)
			*conf = t->tcp[st];
		break;
	case IPPROTO_SCTP:
		st = nfct_attr_is_set(ct, ATTR_SCTP_STATE) > 0 ?
		    nfct_get_attr_u8(ct, ATTR_SCTP_STATE) : SCTP_CONNTRACK_NONE;
		*state = state_sctp(st);
		if (st < CT_SCTP_STATES)
			*conf = t->sctp[st];
		break;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		*conf = status & IPS_SEEN_REPLY ? t->udp_stream : t->udp;
		break;
	case ICMP_PROTO:
		*conf = t->icmp;
		break;
	case ICMPV6_PROTO:
		*conf = t->icmpv6;
		break;
	case IPPROTO_GRE:
		*conf = status & IPS_SEEN_REPLY ? t->gre_stream : t->gre;
		break;
	}
	if (!(status & IPS_CONFIRMED))
		*state = FLOW_STATE_PENDING;
	if (status & IPS_DYING)
		*state = FLOW_STATE_INVALIDATED;
}

static uint32_t
state_atom(const struct ct_ctx *c, uint8_t state)
{
	switch (state) {
	case FLOW_STATE_VALID:
		return c->a_valid;
	case FLOW_STATE_PENDING:
		return c->a_pending;
	case FLOW_STATE_INVALIDATED:
		return c->a_invalidated;
	default:
		return c->a_init;
	}
}

/* "0xSTATUS/0x0/0x0", through a small cache: statuses repeat. */
static uint32_t
flags_atom(struct ct_ctx *c, uint32_t status)
{
	unsigned slot = (status ^ (status >> 5)) & 31;
	char buf[40];

	if (c->flag_atom[slot] != 0 && c->flag_status[slot] == status)
		return c->flag_atom[slot];
	snprintf(buf, sizeof buf, "0x%x/0x0/0x0", status);
	c->flag_status[slot] = status;
	c->flag_atom[slot] = intern(c->st, buf);
	return c->flag_atom[slot];
}

struct wing_attrs {
	int	src4, src6, dst4, dst6, sport, dport, pkts, bytes, tcpflags;
};

static const struct wing_attrs wing_orig = {
	ATTR_ORIG_IPV4_SRC, ATTR_ORIG_IPV6_SRC, ATTR_ORIG_IPV4_DST,
	ATTR_ORIG_IPV6_DST, ATTR_ORIG_PORT_SRC, ATTR_ORIG_PORT_DST,
	ATTR_ORIG_COUNTER_PACKETS, ATTR_ORIG_COUNTER_BYTES, ATTR_TCP_FLAGS_ORIG
};
static const struct wing_attrs wing_repl = {
	ATTR_REPL_IPV4_SRC, ATTR_REPL_IPV6_SRC, ATTR_REPL_IPV4_DST,
	ATTR_REPL_IPV6_DST, ATTR_REPL_PORT_SRC, ATTR_REPL_PORT_DST,
	ATTR_REPL_COUNTER_PACKETS, ATTR_REPL_COUNTER_BYTES, ATTR_TCP_FLAGS_REPL
};

static void
wing_addr(const struct nf_conntrack *ct, int a4, int a6, int af, uint8_t *out,
    uint8_t *out_af)
{
	const void *p = nfct_get_attr(ct, af == AF_INET ? a4 : a6);

	memset(out, 0, 16);
	*out_af = FLOW_AF_NONE;
	if (p == NULL)
		return;
	memcpy(out, p, af == AF_INET ? 4 : 16);
	*out_af = af == AF_INET ? FLOW_AF_INET : FLOW_AF_INET6;
}

static void
wing_build(struct ct_ctx *c, const struct nf_conntrack *ct, int dir,
    int af, uint8_t proto, uint32_t zone, const struct flow_wing *old,
    struct flow_wing *w)
{
	const struct wing_attrs *a = dir == FLOW_DIR_IN ? &wing_orig :
	    &wing_repl;
	const struct route_info *ri;

	w->dir = (uint8_t)dir;
	w->proto = proto;
	wing_addr(ct, a->src4, a->src6, af, w->src, &w->src_af);
	wing_addr(ct, a->dst4, a->dst6, af, w->dst, &w->dst_af);
	if (has_ports(proto)) {
		if (nfct_attr_is_set(ct, a->sport) > 0)
			w->sport = ntohs(nfct_get_attr_u16(ct, a->sport));
		if (nfct_attr_is_set(ct, a->dport) > 0)
			w->dport = ntohs(nfct_get_attr_u16(ct, a->dport));
	} else if (proto == ICMP_PROTO || proto == ICMPV6_PROTO) {
		/* Junos: the identifier and the request's type and code. */
		uint16_t id = ntohs(nfct_get_attr_u16(ct, ATTR_ICMP_ID));
		uint8_t type = nfct_get_attr_u8(ct, ATTR_ICMP_TYPE);
		uint16_t tc = (uint16_t)(type << 8 |
		    nfct_get_attr_u8(ct, ATTR_ICMP_CODE));

		w->sport = dir == FLOW_DIR_IN ? id : tc;
		w->dport = dir == FLOW_DIR_IN ? tc : id;
	}
	/* Update events carry no counters: the last dump's stay. */
	if (nfct_attr_is_set(ct, a->pkts) > 0) {
		w->pkts = nfct_get_attr_u64(ct, a->pkts);
		w->bytes = nfct_get_attr_u64(ct, a->bytes);
	} else if (old != NULL) {
		w->pkts = old->pkts;
		w->bytes = old->bytes;
	}
	w->token = zone;
	if (proto == IPPROTO_TCP && nfct_attr_is_set(ct, a->tcpflags) > 0) {
		w->flag = nfct_get_attr_u8(ct, a->tcpflags);
		w->fin_state = (w->flag & IP_CT_TCP_FLAG_CLOSE_INIT) != 0;
	}
	w->ifname = c->a_noif;
	if (w->src_af != FLOW_AF_NONE &&
	    (ri = route_cache_get(c->routes, af, w->src,
	    c->clock.mono)) != NULL && ri->ifname[0] != '\0') {
		uint32_t a_if = intern(c->st, ri->ifname);

		if (a_if != 0)
			w->ifname = a_if;
		w->route = ri->table;
		if (ri->gw_af != 0) {
			memcpy(w->gateway, ri->gw, 16);
			w->gw_af = ri->gw_af == AF_INET ? FLOW_AF_INET :
			    FLOW_AF_INET6;
		} else {
			memcpy(w->gateway, w->src, 16);
			w->gw_af = w->src_af;
		}
	}
	w->present = (1u << WP_DIR) | (1u << WP_SRC) | (1u << WP_SPORT) |
	    (1u << WP_DST) | (1u << WP_DPORT) | (1u << WP_PROTO) |
	    (1u << WP_IFNAME) | (1u << WP_TOKEN) | (1u << WP_FLAG) |
	    (1u << WP_ROUTE) | (1u << WP_TUNNEL) | (1u << WP_PORT_SEQ) |
	    (1u << WP_FIN_SEQ) | (1u << WP_FIN_STATE) | (1u << WP_PKTS) |
	    (1u << WP_BYTES);
	if (w->gw_af != FLOW_AF_NONE)
		w->present |= 1u << WP_GATEWAY;
}

int
ct_session_build(struct ct_ctx *c, const struct nf_conntrack *ct,
    const struct flow_key *k, const struct flow_session *old,
    struct flow_session *s)
{
	uint8_t af = nfct_get_attr_u8(ct, ATTR_ORIG_L3PROTO);
	uint8_t proto = nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO);
	uint32_t status = nfct_get_attr_u32(ct, ATTR_STATUS);
	uint32_t zone = 0, mark = 0, start;
	const char *app = NULL, *helper = NULL;
	uint8_t state;
	int alg, unresolved;

	memset(s, 0, sizeof *s);
	if (nfct_attr_is_set(ct, ATTR_ZONE) > 0)
		zone = nfct_get_attr_u16(ct, ATTR_ZONE);
	if (nfct_attr_is_set(ct, ATTR_MARK) > 0)
		mark = nfct_get_attr_u32(ct, ATTR_MARK);
	s->id = k->id;
	s->flags = FLOW_LIVE;
	s->last_seen = c->clock.mono;
	s->nwings = 2;
	for (int w = 0; w < 2; w++)
		wing_build(c, ct, w, af, proto, zone,
		    old != NULL && old->nwings > w ? &old->wing[w] : NULL,
		    &s->wing[w]);

	s->status = c->a_normal;
	s->session_flag = flags_atom(c, status);
	s->policy = ct_map_policy(&c->map, mark);
	s->nat_pool = status & IPS_SRC_NAT ? c->a_snat : c->a_null;
	s->dyn_app = c->a_dyn;
	s->encryption = c->a_enc;
	s->atc_rule_set = s->atc_rule = c->a_invalid;
	state_of(c, ct, proto, status, &state, &s->conf_timeout);
	s->sess_state = state_atom(c, state);
	s->timeout = nfct_attr_is_set(ct, ATTR_TIMEOUT) > 0 ?
	    nfct_get_attr_u32(ct, ATTR_TIMEOUT) : old != NULL ?
	    flow_timeout_now(old, &c->clock) : 0;

	/* Seconds since boot, as Junos's "Start time". */
	start = c->clock.boot;
	if (nfct_attr_is_set(ct, ATTR_TIMESTAMP_START) > 0) {
		int64_t ns = (int64_t)nfct_get_attr_u64(ct,
		    ATTR_TIMESTAMP_START) - c->real_boot_ns;

		if (ns >= 0 && ns / 1000000000 <= c->clock.boot)
			start = (uint32_t)(ns / 1000000000);
	} else if (old != NULL)
		start = old->start_time;
	s->start_time = start;

	unresolved = ct_groups_session(c->groups, ct, old, s);
	alg = (s->present & (1u << FP_RM_GROUP)) != 0;
	if (nfct_attr_is_set(ct, ATTR_HELPER_NAME) > 0)
		helper = nfct_get_attr(ct, ATTR_HELPER_NAME);
	if ((helper == NULL || *helper == '\0') && alg)
		helper = ct_groups_helper(c->groups, s->rm_group);
	if (helper != NULL && *helper != '\0')
		app = ct_session_app_by_helper(helper);
	if (app == NULL)
		app = app_by_port(proto, s->wing[0].dport);
	if (app != NULL && (s->app_name = intern(c->st, app)) != 0) {
		s->app_value = alg;
		s->present |= (1u << FP_APP_NAME) | (1u << FP_APP_VALUE);
	}
	s->present |= (1u << FP_ID) | (1u << FP_STATUS) |
	    (1u << FP_SESSION_FLAG) | (1u << FP_POLICY) | (1u << FP_NAT_POOL) |
	    (1u << FP_DYN_APP) | (1u << FP_ENCRYPTION) |
	    (1u << FP_ATC_RULE_SET) | (1u << FP_ATC_RULE) |
	    (1u << FP_CONF_TIMEOUT) | (1u << FP_TIMEOUT) |
	    (1u << FP_SESS_STATE) | (1u << FP_START_TIME) |
	    (1u << FP_DURATION);
	return unresolved;
}

int
ct_session_changed(const struct flow_session *old,
    const struct flow_session *s)
{
	struct flow_session t;
	int64_t exp_old = (int64_t)old->last_seen + old->timeout;
	int64_t exp_new = (int64_t)s->last_seen + s->timeout;

	/* A timeout that ran down with the clock is no change. */
	if (exp_new - exp_old > 1 || exp_old - exp_new > 1)
		return 1;
	/* memcpy, not assignment: padding must compare equal too. */
	memcpy(&t, s, sizeof t);
	t.timeout = old->timeout;
	t.last_seen = old->last_seen;
	t.state = old->state;
	/* Padding compared on purpose (above): sessions live in zeroed
	 * memory.  NOLINTNEXTLINE(bugprone-suspicious-memory-comparison) */
	return memcmp(&t, old, sizeof t) != 0;
}
