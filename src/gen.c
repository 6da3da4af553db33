/* gen.c: deterministic session generator (see gen.h). */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "gen.h"

/* Identifiers above 2^32, as on current devices (17179902569). */
#define GEN_ID_BASE	17179869184ULL

static uint64_t
mix(uint64_t x)
{
	/* splitmix64: one draw per (seed, n, k), so order does not matter. */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint32_t
intern(struct store *st, const char *s)
{
	return store_intern(st, s, strlen(s));
}

int
gen_init(struct gen *g, struct store *st, uint64_t seed, unsigned npics)
{
	static const char *const ifs[8] = {
		"ge-0/0/0.0", "ge-0/0/1.0", "xe-1/0/0.0", "xe-1/0/1.0",
		"reth0.100", "reth1.200", "ge-7/1/0.0", "ge-7/1/1.0"
	};
	static const char *const apps[8] = {
		"junos-http", "junos-https", "junos-dns-udp", "junos-ssh",
		"junos-ftp", "junos-sip", "junos-icmp-all", "junos-ntp"
	};
	static const char *const algs[4] = {
		"FTP ALG", "SIP ALG", "TFTP ALG", "RTSP ALG"
	};
	char buf[64];

	memset(g, 0, sizeof *g);
	g->rng = seed;
	g->npics = npics ? npics : 1;
	for (int i = 0; i < GEN_POOL; i++) {
		snprintf(buf, sizeof buf, "trust-to-untrust-%d/%d", i, i + 4);
		g->policy[i] = intern(st, buf);
	}
	for (int i = 0; i < 8; i++) {
		g->ifname[i] = intern(st, ifs[i]);
		g->app[i] = intern(st, apps[i]);
	}
	for (int i = 0; i < 4; i++)
		g->alg[i] = intern(st, algs[i]);
	g->st_valid = intern(st, "Valid");
	g->st_pending = intern(st, "Pending");
	g->st_invalidated = intern(st, "Invalidated");
	g->st_other = intern(st, "Init");
	g->normal = intern(st, "Normal");
	g->flags = intern(st, "0x40/0x0/0x8003");
	g->null_pool = intern(st, "Null");
	g->dyn = intern(st, "junos:UNKNOWN");
	g->enc = intern(st, " Unknown");
	g->invalid = intern(st, "INVALID");
	g->empty = intern(st, "");
	return 0;
}

uint64_t
gen_id(uint64_t n)
{
	return GEN_ID_BASE + n;
}

void
gen_pic(const struct gen *g, uint64_t n, uint32_t *fpc, uint32_t *pic)
{
	unsigned p = (unsigned)(n % g->npics);

	*fpc = p / 2;
	*pic = p % 2;
}

/*
 * Clients (net 0) come from 198.18.0.0/15, RFC 2544's range for
 * benchmarking network devices, so that there are many of them as on a real
 * firewall; servers (net 1) and NAT addresses (net 2) from the documentation
 * ranges 198.51.100.0/24 and 203.0.113.0/24; IPv6 from 2001:db8::/32.
 */
static void
addr(uint8_t *a, uint8_t *af, int v6, uint8_t net, uint64_t r)
{
	memset(a, 0, 16);
	if (v6) {
		/* 2001:db8:<net>::<r> */
		static const uint8_t pfx[4] = { 0x20, 0x01, 0x0d, 0xb8 };

		memcpy(a, pfx, 4);
		a[5] = net;
		for (int i = 0; i < 6; i++)
			a[10 + i] = (uint8_t)(r >> (8 * i));
		*af = FLOW_AF_INET6;
	} else if (net == 0) {
		a[0] = 198;
		a[1] = (uint8_t)(18 + ((r >> 16) & 1));
		a[2] = (uint8_t)(r >> 8);
		a[3] = (uint8_t)(1 + r % 254);
		*af = FLOW_AF_INET;
	} else {
		a[0] = net == 1 ? 198 : 203;
		a[1] = net == 1 ? 51 : 0;
		a[2] = net == 1 ? 100 : 113;
		a[3] = (uint8_t)(1 + r % 254);
		*af = FLOW_AF_INET;
	}
}

void
gen_session(const struct gen *g, uint64_t n, struct flow_session *s,
    uint32_t *fpc, uint32_t *pic)
{
	uint64_t r = mix(g->rng ^ mix(n)), r2 = mix(r), r3 = mix(r2);
	int v6 = (r & 3) == 0, nat = (r >> 2) % 10 < 3;
	int rm = (r >> 6) % 20 == 0;
	unsigned kind = (unsigned)((r >> 11) % 20);
	uint8_t proto = kind < 14 ? 6 : kind < 19 ? 17 : (v6 ? 58 : 1);
	static const uint16_t ports[8] = { 80, 443, 53, 22, 21, 5060, 0, 123 };
	unsigned app = (unsigned)((r >> 16) % 8), st = (unsigned)((r >> 20) % 100);
	struct flow_wing *in = &s->wing[0], *out = &s->wing[1];

	memset(s, 0, sizeof *s);
	gen_pic(g, n, fpc, pic);
	s->id = gen_id(n);
	s->status = g->normal;
	s->ha_state = g->empty;
	s->session_flag = g->flags;
	s->policy = g->policy[(r >> 24) % GEN_POOL];
	s->nat_pool = g->null_pool;
	s->app_name = g->app[app];
	s->app_value = app + 1;
	s->dyn_app = g->dyn;
	s->encryption = g->enc;
	s->url_category = g->empty;
	s->atc_rule_set = s->atc_rule = g->invalid;
	s->conf_timeout = proto == 6 ? 1800 : 60;
	s->timeout = (uint32_t)(r2 % s->conf_timeout);
	s->sess_state = st < 95 ? g->st_valid : st < 97 ? g->st_invalidated :
	    st < 98 ? g->st_pending : g->st_other;
	s->lsys = s->wan_accel = g->empty;
	s->start_time = (uint32_t)(100000 + r2 % 1000000);
	s->duration = (uint32_t)(r3 % 100000);
	/* The page's fields: not the newer releases' (FP_OFFLOAD on). */
	s->present = ((1u << FP_OFFLOAD) - 1) & ~FLOW_RM_BITS;
	if (rm) {
		s->rm_client = g->alg[(r >> 30) % 4];
		s->rm_group = (uint32_t)(r3 % 1000);
		s->rm_resource = (uint32_t)((r3 >> 10) % 4);
		s->present |= FLOW_RM_BITS;
	}
	s->nwings = 2;

	addr(in->src, &in->src_af, v6, 0, r2);
	addr(in->dst, &in->dst_af, v6, 1, r3 % 1000);
	in->sport = (uint16_t)(1024 + r3 % 64000);
	in->dport = proto == 1 || proto == 58 ? 0 : ports[app] ? ports[app] : 8080;
	in->proto = out->proto = proto;
	in->dir = FLOW_DIR_IN;
	out->dir = FLOW_DIR_OUT;
	memcpy(out->src, in->dst, 16);
	out->src_af = in->dst_af;
	out->sport = in->dport;
	if (nat) {
		/* Source NAT: the reply goes to the translated address. */
		addr(out->dst, &out->dst_af, v6, 2, r3 >> 20);
		out->dport = (uint16_t)(1024 + (r3 >> 8) % 64000);
	} else {
		memcpy(out->dst, in->src, 16);
		out->dst_af = in->src_af;
		out->dport = in->sport;
	}
	for (int w = 0; w < 2; w++) {
		struct flow_wing *x = &s->wing[w];
		uint64_t c = mix(r3 + (uint64_t)w);

		memcpy(x->gateway, x->src, 16);
		x->gw_af = x->src_af;
		x->ifname = g->ifname[(r >> (40 + 3 * w)) % 8];
		x->token = (uint32_t)(6 + w);
		x->flag = 0xc0002620u | (uint32_t)(w == 0);
		x->route = 0x70010u + (uint32_t)w * 0x10000u;
		x->pkts = c % 100000;
		x->bytes = x->pkts * (64 + (c >> 20) % 1400);
		x->cp_id = s->id + 610;
		x->present = (1u << WP_ATTACH_ID) - 1;
	}
}
