/*
 * test_ct.c: the conntrack source's mapping without a kernel: entries
 * built with libnetfilter_conntrack's setters go through ct_session.c and
 * ct_group.c into a store; the maps parse and refuse what they should.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <unistd.h>

#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#include "../unit/check.h"
#include "ct.h"

static struct store	*st;
static struct ct_ctx	 ctx;

static const char *
str(uint32_t atom)
{
	return atom_str(store_atoms(st), atom);
}

static uint32_t
ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

/* An entry: TCP src:sport -> dst:dport (reply inverted), id, state. */
static struct nf_conntrack *
entry(uint32_t id, const char *src, uint16_t sport, const char *dst,
    uint16_t dport, uint8_t tcpstate)
{
	struct nf_conntrack *ct = nfct_new();

	nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_INET);
	nfct_set_attr_u32(ct, ATTR_IPV4_SRC, ip4(src));
	nfct_set_attr_u32(ct, ATTR_IPV4_DST, ip4(dst));
	nfct_set_attr_u8(ct, ATTR_L4PROTO, IPPROTO_TCP);
	nfct_set_attr_u16(ct, ATTR_PORT_SRC, htons(sport));
	nfct_set_attr_u16(ct, ATTR_PORT_DST, htons(dport));
	nfct_setobjopt(ct, NFCT_SOPT_SETUP_REPLY);
	nfct_set_attr_u32(ct, ATTR_ID, id);
	nfct_set_attr_u8(ct, ATTR_TCP_STATE, tcpstate);
	nfct_set_attr_u32(ct, ATTR_STATUS, IPS_CONFIRMED | IPS_SEEN_REPLY);
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, 100);
	return ct;
}

static void
master_of(struct nf_conntrack *ct, const char *src, uint16_t sport,
    const char *dst, uint16_t dport)
{
	nfct_set_attr_u8(ct, ATTR_MASTER_L3PROTO, AF_INET);
	nfct_set_attr_u8(ct, ATTR_MASTER_L4PROTO, IPPROTO_TCP);
	nfct_set_attr_u32(ct, ATTR_MASTER_IPV4_SRC, ip4(src));
	nfct_set_attr_u32(ct, ATTR_MASTER_IPV4_DST, ip4(dst));
	nfct_set_attr_u16(ct, ATTR_MASTER_PORT_SRC, htons(sport));
	nfct_set_attr_u16(ct, ATTR_MASTER_PORT_DST, htons(dport));
}

/* Locates, builds and stores ct; returns a copy of its stored session.
 * The writer's calls need a transaction, as in the source. */
static const struct flow_session *
put(struct nf_conntrack *ct, struct flow_key *k, int *unresolved)
{
	static struct flow_session copy;
	const struct flow_session *old, *got;
	struct flow_session s;
	int u;

	store_begin(st);
	if (ct_session_locate(&ctx, ct, 1, k, &old) != 0) {
		store_abort(st);
		return NULL;
	}
	u = ct_session_build(&ctx, ct, k, old, &s);
	if (unresolved != NULL)
		*unresolved = u;
	store_put(st, k->fpc, k->pic, &s);
	got = store_get(st, k->fpc, k->pic, k->id);
	memcpy(&copy, got, sizeof copy);
	store_commit(st);
	return &copy;
}

/* Is ct stored, and where? */
static int
find(struct nf_conntrack *ct, struct flow_key *k)
{
	const struct flow_session *old;
	int rc;

	store_begin(st);
	rc = ct_session_locate(&ctx, ct, 0, k, &old) == 0 && old != NULL;
	store_abort(st);
	return rc;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void
test_maps(void)
{
	char dir[] = "/tmp/test_ct.XXXXXX", marks[64], zones[64], err[256];
	struct ct_map m = { 0 };
	uint32_t fpc, pic;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(marks, sizeof marks, "%s/marks", dir);
	snprintf(zones, sizeof zones, "%s/zones", dir);
	write_file(marks,
	    "# policies\n7 trust-to-untrust/4\n0x10  p2/5 # hex\n\n");
	write_file(zones, "5 2 1\n9 10 3\n");
	CHECK(ct_map_load(&m, st, marks, zones, err, sizeof err) == 0);
	CHECK_STR(str(ct_map_policy(&m, 7)), "trust-to-untrust/4");
	CHECK_STR(str(ct_map_policy(&m, 16)), "p2/5");
	CHECK_STR(str(ct_map_policy(&m, 8)), "N/A");
	ct_map_pic(&m, 9, &fpc, &pic);
	CHECK(fpc == 10 && pic == 3);
	ct_map_pic(&m, 1, &fpc, &pic);
	CHECK(fpc == 0 && pic == 0);

	/* Refused, naming the line; the map in use stays. */
	write_file(marks, "7 ok/1\nx bad/2\n");
	CHECK(ct_map_load(&m, st, marks, NULL, err, sizeof err) == -1);
	CHECK(strstr(err, "marks:2: 'x' is not a conntrack mark") != NULL);
	CHECK_STR(str(ct_map_policy(&m, 7)), "trust-to-untrust/4");
	write_file(marks, "7 nameonly\n");
	CHECK(ct_map_load(&m, st, marks, NULL, err, sizeof err) == -1);
	CHECK(strstr(err, "is not NAME/INDEX") != NULL);
	write_file(marks, "7 a/1\n7 b/2\n");
	CHECK(ct_map_load(&m, st, marks, NULL, err, sizeof err) == -1);
	CHECK(strstr(err, "mark 7 is mapped twice") != NULL);
	write_file(zones, "70000 1 1\n");
	CHECK(ct_map_load(&m, st, NULL, zones, err, sizeof err) == -1);
	CHECK(strstr(err, "zones:1:") != NULL);
	CHECK(ct_map_load(&m, st, "/nonexistent/m", NULL, err,
	    sizeof err) == -1);
	CHECK(strstr(err, "No such file") != NULL);
	ct_map_free(&m);
	unlink(marks);
	unlink(zones);
	rmdir(dir);
}

static void
test_session(void)
{
	struct nf_conntrack *ct = entry(1001, "192.0.2.2", 40000,
	    "198.51.100.2", 21, TCP_CONNTRACK_ESTABLISHED);
	const struct flow_session *s;
	struct flow_key k;

	nfct_set_attr_u32(ct, ATTR_MARK, 7);
	nfct_set_attr(ct, ATTR_HELPER_NAME, "ftp");
	s = put(ct, &k, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_U64(s->id, 1001);
	CHECK(k.fpc == 0 && k.pic == 0);
	CHECK_STR(str(s->policy), "N/A");	/* no marks map here */
	CHECK_STR(str(s->sess_state), "Valid");
	CHECK_STR(str(s->status), "Normal");
	CHECK_STR(str(s->nat_pool), "Null");
	CHECK_STR(str(s->session_flag), "0xa/0x0/0x0");
	CHECK_U64(s->conf_timeout, ctx.to.tcp[TCP_CONNTRACK_ESTABLISHED]);
	CHECK_U64(s->timeout, 100);
	CHECK(s->flags & FLOW_LIVE);
	CHECK_STR(str(s->rm_client), "FTP ALG");
	CHECK_U64(s->rm_group, 1);
	CHECK_U64(s->rm_resource, 0);
	CHECK((s->present & FLOW_RM_BITS) == FLOW_RM_BITS);
	CHECK_STR(str(s->app_name), "junos-ftp");
	CHECK_U64(s->app_value, 1);
	CHECK_U64(s->nwings, 2);
	CHECK_U64(s->wing[0].sport, 40000);
	CHECK_U64(s->wing[0].dport, 21);
	CHECK_U64(s->wing[1].sport, 21);
	CHECK_U64(s->wing[1].dport, 40000);
	CHECK(memcmp(s->wing[1].src, s->wing[0].dst, 4) == 0);
	CHECK_U64(s->wing[0].proto, IPPROTO_TCP);
	CHECK(s->wing[1].dir == FLOW_DIR_OUT);

	/* Counters: libnetfilter_conntrack's setters do not set them, only
	 * its parser does; tests/conntrack/ftp.sh checks them for real. */
	nfct_set_attr_u8(ct, ATTR_TCP_STATE, TCP_CONNTRACK_FIN_WAIT);
	s = put(ct, &k, NULL);
	CHECK_STR(str(s->sess_state), "Invalidated");
	CHECK_U64(s->conf_timeout, ctx.to.tcp[TCP_CONNTRACK_FIN_WAIT]);
	nfct_destroy(ct);
}

static void
test_states(void)
{
	static const struct {
		uint8_t		 tcp;
		uint32_t	 status;
		const char	*want;
	} cases[] = {
		{ TCP_CONNTRACK_SYN_SENT, IPS_CONFIRMED, "Pending" },
		{ TCP_CONNTRACK_SYN_RECV, IPS_CONFIRMED, "Pending" },
		{ TCP_CONNTRACK_TIME_WAIT, IPS_CONFIRMED, "Invalidated" },
		{ TCP_CONNTRACK_CLOSE, IPS_CONFIRMED, "Invalidated" },
		{ TCP_CONNTRACK_NONE, IPS_CONFIRMED, "Init" },
		{ TCP_CONNTRACK_ESTABLISHED, 0, "Pending" },
		{ TCP_CONNTRACK_ESTABLISHED, IPS_CONFIRMED | IPS_DYING,
		    "Invalidated" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct nf_conntrack *ct = entry(2000 + (uint32_t)i,
		    "192.0.2.3", (uint16_t)(1000 + i), "198.51.100.3", 80,
		    cases[i].tcp);
		const struct flow_session *s;
		struct flow_key k;

		nfct_set_attr_u32(ct, ATTR_STATUS, cases[i].status);
		s = put(ct, &k, NULL);
		CHECK(s != NULL && strcmp(str(s->sess_state),
		    cases[i].want) == 0);
		CHECK(s != NULL && !(s->present & FLOW_RM_BITS));
		CHECK_STR(str(s->app_name), "junos-http");
		CHECK_U64(s->app_value, 0);
		nfct_destroy(ct);
	}
}

/* The FTP control connection, its expectations and data connections. */
static void
test_groups(void)
{
	struct nf_conntrack *ctl = entry(3001, "192.0.2.9", 41000,
	    "198.51.100.9", 21, TCP_CONNTRACK_ESTABLISHED);
	struct nf_conntrack *d1 = entry(3002, "192.0.2.9", 42000,
	    "198.51.100.9", 60001, TCP_CONNTRACK_ESTABLISHED);
	struct nf_conntrack *d2 = entry(3003, "192.0.2.9", 42001,
	    "198.51.100.9", 60002, TCP_CONNTRACK_ESTABLISHED);
	struct nf_conntrack *x = entry(0, "192.0.2.9", 0, "198.51.100.9",
	    60001, TCP_CONNTRACK_NONE);
	struct nf_expect *exp = nfexp_new();
	const struct flow_session *s;
	struct flow_key k;
	uint32_t group;
	int unresolved;

	nfct_set_attr(ctl, ATTR_HELPER_NAME, "ftp");
	s = put(ctl, &k, NULL);
	group = s->rm_group;
	CHECK(group >= 1);
	CHECK_U64(s->rm_resource, 0);

	/* The helper expects 60001: resource 1, claimed by d1. */
	nfexp_set_attr(exp, ATTR_EXP_MASTER, ctl);
	nfexp_set_attr(exp, ATTR_EXP_EXPECTED, x);
	nfexp_set_attr(exp, ATTR_EXP_HELPER_NAME, "ftp");
	ct_groups_expect(ctx.groups, exp, 0);
	ct_groups_expect(ctx.groups, exp, 1);	/* consumed */
	master_of(d1, "192.0.2.9", 41000, "198.51.100.9", 21);
	master_of(d2, "192.0.2.9", 41000, "198.51.100.9", 21);
	s = put(d2, &k, &unresolved);	/* no expectation seen: next one */
	CHECK_U64(s->rm_group, group);
	CHECK_U64(s->rm_resource, 2);
	CHECK(unresolved == 0);
	s = put(d1, &k, NULL);
	CHECK_U64(s->rm_group, group);
	CHECK_U64(s->rm_resource, 1);
	CHECK_STR(str(s->rm_client), "FTP ALG");
	CHECK_STR(str(s->app_name), "junos-ftp");
	CHECK_U64(s->app_value, 1);

	/* Update events name no master: the member stays. */
	nfct_attr_unset(d1, ATTR_MASTER_L3PROTO);
	s = put(d1, &k, NULL);
	CHECK_U64(s->rm_group, group);
	CHECK_U64(s->rm_resource, 1);

	/* A group with nothing left goes at the end of a dump; its number
	 * is free again. */
	ct_groups_begin(ctx.groups);
	ct_groups_sweep(ctx.groups);
	CHECK_U64(ct_groups_client(ctx.groups, group), 0);

	/* Dump order: a member before its master, on a port no helper is
	 * known for: the client comes with the master (ct_groups_client). */
	{
		struct nf_conntrack *m = entry(3010, "192.0.2.10", 41000,
		    "198.51.100.10", 2121, TCP_CONNTRACK_ESTABLISHED);
		struct nf_conntrack *d = entry(3011, "192.0.2.10", 42000,
		    "198.51.100.10", 60005, TCP_CONNTRACK_ESTABLISHED);
		uint32_t g;

		master_of(d, "192.0.2.10", 41000, "198.51.100.10", 2121);
		s = put(d, &k, &unresolved);
		CHECK(unresolved == 1);
		CHECK(!(s->present & (1u << FP_RM_CLIENT)));
		g = s->rm_group;
		CHECK_U64(g, 1);	/* the lowest free number */
		nfct_set_attr(m, ATTR_HELPER_NAME, "ftp");
		s = put(m, &k, NULL);
		CHECK_U64(s->rm_group, g);
		CHECK_STR(str(ct_groups_client(ctx.groups, g)), "FTP ALG");
		nfct_destroy(m);
		nfct_destroy(d);
	}
	nfexp_destroy(exp);
	nfct_destroy(ctl);
	nfct_destroy(d1);
	nfct_destroy(d2);
	nfct_destroy(x);
}

/* Two live entries with one 32-bit ID. */
static void
test_alias(void)
{
	struct nf_conntrack *a = entry(4242, "192.0.2.20", 1000,
	    "198.51.100.20", 443, TCP_CONNTRACK_ESTABLISHED);
	struct nf_conntrack *b = entry(4242, "192.0.2.21", 1000,
	    "198.51.100.20", 443, TCP_CONNTRACK_ESTABLISHED);
	struct nf_conntrack *c = entry(4242, "192.0.2.22", 1000,
	    "198.51.100.20", 443, TCP_CONNTRACK_ESTABLISHED);
	const struct flow_session *s;
	struct flow_key k;

	s = put(a, &k, NULL);
	CHECK_U64(s->id, 4242);
	s = put(b, &k, NULL);
	CHECK_U64(s->id, (1ULL << 32) + 4242);
	CHECK_U64(k.id, (1ULL << 32) + 4242);
	/* Each is found again, not mistaken for the other. */
	CHECK(find(a, &k) && k.id == 4242);
	CHECK(find(b, &k) && k.id == (1ULL << 32) + 4242);
	/* The first goes; the second keeps its ID; a third takes the free
	 * slot. */
	store_begin(st);
	CHECK(store_del(st, 0, 0, 4242) == 1);
	store_commit(st);
	CHECK(find(b, &k) && k.id == (1ULL << 32) + 4242);
	s = put(c, &k, NULL);
	CHECK_U64(s->id, 4242);
	CHECK(!find(a, &k));
	nfct_destroy(a);
	nfct_destroy(b);
	nfct_destroy(c);
}

static void
test_changed(void)
{
	struct nf_conntrack *ct = entry(5001, "192.0.2.30", 1000,
	    "198.51.100.30", 22, TCP_CONNTRACK_ESTABLISHED);
	const struct flow_session *old;
	struct flow_session s;
	struct flow_key k;

	old = put(ct, &k, NULL);
	CHECK_STR(str(old->app_name), "junos-ssh");
	/* 30 s later, the timeout 30 s lower: no change to store. */
	ctx.clock.mono += 30;
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, 70);
	ct_session_build(&ctx, ct, &k, old, &s);
	CHECK(!ct_session_changed(old, &s));
	/* Traffic: the timeout went back up. */
	nfct_set_attr_u32(ct, ATTR_TIMEOUT, 100);
	ct_session_build(&ctx, ct, &k, old, &s);
	CHECK(ct_session_changed(old, &s));
	ctx.clock.mono -= 30;
	nfct_destroy(ct);
}

int
main(void)
{
	char err[256];

	st = store_new();
	CHECK(ct_ctx_init(&ctx, st) == 0);
	CHECK(ct_map_load(&ctx.map, st, NULL, NULL, err, sizeof err) == 0);
	ctx.groups = ct_groups_new(st);
	/* A routing socket works unprivileged. */
	ctx.routes = route_cache_new(60, err, sizeof err);
	CHECK(ctx.routes != NULL);
	if (ctx.routes == NULL)
		return check_done("test_ct");
	test_maps();
	test_session();
	test_states();
	test_groups();
	test_alias();
	test_changed();
	route_cache_free(ctx.routes);
	ct_groups_free(ctx.groups);
	ct_ctx_free(&ctx);
	store_free(st);
	return check_done("test_ct");
}
