/*
 * ct_group.c: resource-manager groups, the conntrack source's view of ALG
 * sessions (Junos "Resource information : FTP ALG, 1, 0").
 *
 * A group is a master connection: an entry with a helper (ftp, sip...).
 * Its number is the lowest positive one free when the group appears, and
 * it keeps it while the group lives.  Members and their resource numbers:
 *
 *   - the master itself (the control connection): resource 0;
 *   - each expectation the helper sets up takes the next number (1, 2...);
 *   - an entry created from an expectation (it names its master) joins the
 *     master's group with the number of the expectation whose destination
 *     address, port and protocol it matches, or the next number when none
 *     is known (set up before flowagentd started);
 *   - a member keeps its number for as long as it lives.
 *
 * The client is the helper's name in capitals + " ALG" ("FTP ALG").  A
 * member seen before its master (dump order) gets the name from an
 * expectation or, failing that, a guess from the master's port (the
 * helpers' standard ports), which the caller corrects once the master is
 * seen (ct_groups_client).
 *
 * Groups are found by the master's original tuple, which entries created
 * from an expectation carry in dumps and in their first event (update
 * events name neither master nor, for them, a helper: the stored session
 * keeps its group).  A full dump marks the groups it touches; those it
 * does not touch (nothing of them left) go at its end.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct.h"

#define CT_GROUP_EXPS	8	/* expectations remembered per group */

struct ct_exp {
	uint8_t		af, proto, live;
	uint16_t	dport;
	uint8_t		dst[16];
	uint32_t	resource;
};

struct ct_group {
	struct ct_group	*next;		/* hash chain */
	struct ct_tuple	 key;		/* the master's original tuple */
	uint32_t	 num;
	uint32_t	 client;	/* atom */
	int		 real;		/* client from a helper, not a guess */
	char		 helper[16];
	uint32_t	 next_res;
	uint32_t	 seen;		/* generation of the last dump */
	unsigned	 nexp, oldest;
	struct ct_exp	 exp[CT_GROUP_EXPS];
};

struct ct_groups {
	struct store	 *st;
	struct ct_group **hash;
	uint32_t	  hmask, n;
	struct ct_group **bynum;	/* [num - 1] */
	uint32_t	  nnum, lowfree;
	uint32_t	  gen;
};

/* The Linux helpers' standard ports, for a master not seen yet. */
static const struct {
	uint8_t		 proto;
	uint16_t	 port;
	const char	*helper;
} ct_helper_ports[] = {
	{ 6, 21, "ftp" }, { 17, 69, "tftp" }, { 17, 5060, "sip" },
	{ 6, 5060, "sip" }, { 6, 1720, "h323" }, { 6, 1723, "pptp" },
	{ 6, 6667, "irc" }, { 17, 10080, "amanda" }, { 6, 6566, "sane" },
	{ 17, 137, "netbios-ns" }, { 17, 161, "snmp" },
};

struct ct_groups *
ct_groups_new(struct store *st)
{
	struct ct_groups *gs;

	if ((gs = calloc(1, sizeof *gs)) == NULL ||
	    (gs->hash = calloc(64, sizeof *gs->hash)) == NULL) {
		free(gs);
		return NULL;
	}
	gs->st = st;
	gs->hmask = 63;
	gs->gen = 1;
	return gs;
}

void
ct_groups_free(struct ct_groups *gs)
{
	if (gs == NULL)
		return;
	for (uint32_t i = 0; i < gs->nnum; i++)
		free(gs->bynum[i]);
	free(gs->bynum);
	free(gs->hash);
	free(gs);
}

static uint32_t
tuple_hash(const struct ct_tuple *t)
{
	const uint8_t *p = (const uint8_t *)t;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < sizeof *t; i++)
		h = (h ^ p[i]) * 16777619u;
	return h ^ (h >> 16);
}

static void
addr_of(const struct nf_conntrack *ct, int attr4, int attr6, int af,
    uint8_t *out)
{
	const void *p = nfct_get_attr(ct, af == AF_INET ? attr4 : attr6);

	if (p != NULL)
		memcpy(out, p, af == AF_INET ? 4 : 16);
}

static uint16_t
port_of(const struct nf_conntrack *ct, int attr)
{
	return nfct_attr_is_set(ct, attr) > 0 ?
	    ntohs(nfct_get_attr_u16(ct, attr)) : 0;
}

void
ct_tuple_orig(const struct nf_conntrack *ct, struct ct_tuple *t)
{
	memset(t, 0, sizeof *t);
	t->af = nfct_get_attr_u8(ct, ATTR_ORIG_L3PROTO);
	t->proto = nfct_get_attr_u8(ct, ATTR_ORIG_L4PROTO);
	if (t->af != AF_INET && t->af != AF_INET6)
		return;
	addr_of(ct, ATTR_ORIG_IPV4_SRC, ATTR_ORIG_IPV6_SRC, t->af, t->src);
	addr_of(ct, ATTR_ORIG_IPV4_DST, ATTR_ORIG_IPV6_DST, t->af, t->dst);
	t->sport = port_of(ct, ATTR_ORIG_PORT_SRC);
	t->dport = port_of(ct, ATTR_ORIG_PORT_DST);
}

/* The master's original tuple of an entry created from an expectation. */
static int
tuple_master(const struct nf_conntrack *ct, struct ct_tuple *t)
{
	memset(t, 0, sizeof *t);
	if (nfct_attr_is_set(ct, ATTR_MASTER_L3PROTO) <= 0)
		return -1;
	t->af = nfct_get_attr_u8(ct, ATTR_MASTER_L3PROTO);
	t->proto = nfct_get_attr_u8(ct, ATTR_MASTER_L4PROTO);
	if (t->af != AF_INET && t->af != AF_INET6)
		return -1;
	addr_of(ct, ATTR_MASTER_IPV4_SRC, ATTR_MASTER_IPV6_SRC, t->af, t->src);
	addr_of(ct, ATTR_MASTER_IPV4_DST, ATTR_MASTER_IPV6_DST, t->af, t->dst);
	t->sport = port_of(ct, ATTR_MASTER_PORT_SRC);
	t->dport = port_of(ct, ATTR_MASTER_PORT_DST);
	return 0;
}

static void
group_name(struct ct_groups *gs, struct ct_group *g, const char *helper,
    int real)
{
	char name[40];
	size_t i;

	for (i = 0; i < sizeof g->helper - 1 && helper[i] != '\0'; i++)
		g->helper[i] = helper[i];
	g->helper[i] = '\0';
	for (i = 0; g->helper[i] != '\0'; i++)
		name[i] = (char)toupper((unsigned char)g->helper[i]);
	memcpy(name + i, " ALG", 5);
	g->client = store_intern(gs->st, name, i + 4);
	if (g->client == UINT32_MAX)
		g->client = 0;
	g->real = real && g->client != 0;
}

static int
hash_grow(struct ct_groups *gs)
{
	uint32_t ncap = (gs->hmask + 1) * 2;
	struct ct_group **nh;

	if ((nh = calloc(ncap, sizeof *nh)) == NULL)
		return -1;
	for (uint32_t i = 0; i <= gs->hmask; i++)
		for (struct ct_group *g = gs->hash[i], *next; g != NULL;
		    g = next) {
			uint32_t j = tuple_hash(&g->key) & (ncap - 1);

			next = g->next;
			g->next = nh[j];
			nh[j] = g;
		}
	free(gs->hash);
	gs->hash = nh;
	gs->hmask = ncap - 1;
	return 0;
}

/* The lowest free group number, with room for it in bynum. */
static uint32_t
group_number(struct ct_groups *gs)
{
	uint32_t i = gs->lowfree;

	while (i < gs->nnum && gs->bynum[i] != NULL)
		i++;
	if (i == gs->nnum) {
		uint32_t ncap = gs->nnum ? gs->nnum * 2 : 64;
		struct ct_group **nb;

		if ((nb = realloc(gs->bynum, ncap * sizeof *nb)) == NULL)
			return 0;
		memset(nb + gs->nnum, 0, (ncap - gs->nnum) * sizeof *nb);
		gs->bynum = nb;
		gs->nnum = ncap;
	}
	gs->lowfree = i + 1;
	return i + 1;
}

static struct ct_group *
group_get(struct ct_groups *gs, const struct ct_tuple *key, int create)
{
	uint32_t h = tuple_hash(key);
	struct ct_group *g;

	for (g = gs->hash[h & gs->hmask]; g != NULL; g = g->next)
		if (memcmp(&g->key, key, sizeof *key) == 0)
			break;
	if (g != NULL || !create)
		goto found;
	if (gs->n >= gs->hmask + 1 && hash_grow(gs) != 0)
		return NULL;
	if ((g = calloc(1, sizeof *g)) == NULL)
		return NULL;
	if ((g->num = group_number(gs)) == 0) {
		free(g);
		return NULL;
	}
	g->key = *key;
	g->next_res = 1;
	gs->bynum[g->num - 1] = g;
	g->next = gs->hash[h & gs->hmask];
	gs->hash[h & gs->hmask] = g;
	gs->n++;
	for (size_t i = 0; i < sizeof ct_helper_ports /
	    sizeof ct_helper_ports[0]; i++)
		if (ct_helper_ports[i].proto == key->proto &&
		    ct_helper_ports[i].port == key->dport)
			group_name(gs, g, ct_helper_ports[i].helper, 0);
found:
	if (g != NULL)
		g->seen = gs->gen;
	return g;
}

static struct ct_exp *
exp_find(struct ct_group *g, const struct ct_tuple *t)
{
	for (unsigned i = 0; i < g->nexp; i++) {
		struct ct_exp *e = &g->exp[i];

		if (e->af == t->af && e->proto == t->proto &&
		    e->dport == t->dport && memcmp(e->dst, t->dst, 16) == 0)
			return e;
	}
	return NULL;
}

int
ct_groups_session(struct ct_groups *gs, const struct nf_conntrack *ct,
    const struct flow_session *old, struct flow_session *s)
{
	const char *helper = NULL;
	struct ct_tuple key, orig;
	struct ct_group *g;
	uint32_t res, client;
	int master, same;

	if (nfct_attr_is_set(ct, ATTR_HELPER_NAME) > 0) {
		helper = nfct_get_attr(ct, ATTR_HELPER_NAME);
		if (helper != NULL && *helper == '\0')
			helper = NULL;
	}
	master = tuple_master(ct, &key) == 0;
	if (helper == NULL && !master) {
		/* Update events name neither: the member stays as it was. */
		if (old == NULL || !(old->present & (1u << FP_RM_GROUP)))
			return 0;
		s->rm_group = old->rm_group;
		s->rm_resource = old->rm_resource;
		s->rm_client = old->rm_client;
		s->present |= old->present & FLOW_RM_BITS;
		return 0;
	}
	if (!master)
		ct_tuple_orig(ct, &key);
	if ((g = group_get(gs, &key, 1)) == NULL)
		return 0;
	if (helper != NULL && !g->real)
		group_name(gs, g, helper, 1);
	same = old != NULL && (old->present & (1u << FP_RM_GROUP)) &&
	    old->rm_group == g->num;
	if (!master)
		res = 0;
	else if (same)
		res = old->rm_resource;
	else {
		struct ct_exp *e;

		ct_tuple_orig(ct, &orig);
		if ((e = exp_find(g, &orig)) != NULL) {
			res = e->resource;
			/* A consumed expectation is claimed once. */
			if (!e->live)
				*e = g->exp[--g->nexp];
		} else
			res = g->next_res;
	}
	if (res >= g->next_res)
		g->next_res = res + 1;
	client = g->client;
	if (!g->real && same && (old->present & (1u << FP_RM_CLIENT)))
		client = old->rm_client;
	s->rm_group = g->num;
	s->rm_resource = res;
	s->present |= (1u << FP_RM_GROUP) | (1u << FP_RM_RESOURCE);
	if (client != 0) {
		s->rm_client = client;
		s->present |= 1u << FP_RM_CLIENT;
	}
	return !g->real;
}

uint32_t
ct_groups_client(struct ct_groups *gs, uint32_t num)
{
	struct ct_group *g;

	if (num == 0 || num > gs->nnum || (g = gs->bynum[num - 1]) == NULL)
		return 0;
	return g->client;
}

const char *
ct_groups_helper(struct ct_groups *gs, uint32_t num)
{
	struct ct_group *g;

	if (num == 0 || num > gs->nnum || (g = gs->bynum[num - 1]) == NULL)
		return "";
	return g->helper;
}

void
ct_groups_expect(struct ct_groups *gs, const struct nf_expect *exp, int gone)
{
	const struct nf_conntrack *m, *x;
	struct ct_tuple key, t;
	struct ct_group *g;
	struct ct_exp *e;

	if ((m = nfexp_get_attr(exp, ATTR_EXP_MASTER)) == NULL ||
	    (x = nfexp_get_attr(exp, ATTR_EXP_EXPECTED)) == NULL)
		return;
	ct_tuple_orig(m, &key);
	ct_tuple_orig(x, &t);
	if ((g = group_get(gs, &key, !gone)) == NULL)
		return;
	if (!g->real && nfexp_attr_is_set(exp, ATTR_EXP_HELPER_NAME) > 0) {
		const char *h = nfexp_get_attr(exp, ATTR_EXP_HELPER_NAME);

		if (h != NULL && *h != '\0')
			group_name(gs, g, h, 1);
	}
	if ((e = exp_find(g, &t)) != NULL) {
		if (gone)
			e->live = 0;
		return;
	}
	if (gone)
		return;
	if (g->nexp < CT_GROUP_EXPS)
		e = &g->exp[g->nexp++];
	else {
		/* Full: the oldest record goes (round robin). */
		e = &g->exp[g->oldest];
		g->oldest = (g->oldest + 1) % CT_GROUP_EXPS;
	}
	e->af = t.af;
	e->proto = t.proto;
	e->dport = t.dport;
	memcpy(e->dst, t.dst, 16);
	e->live = 1;
	e->resource = g->next_res++;
}

void
ct_groups_begin(struct ct_groups *gs)
{
	gs->gen++;
}

void
ct_groups_sweep(struct ct_groups *gs)
{
	for (uint32_t i = 0; i <= gs->hmask; i++) {
		struct ct_group **pp = &gs->hash[i], *g;

		while ((g = *pp) != NULL) {
			if (g->seen == gs->gen) {
				pp = &g->next;
				continue;
			}
			*pp = g->next;
			gs->bynum[g->num - 1] = NULL;
			if (g->num - 1 < gs->lowfree)
				gs->lowfree = g->num - 1;
			gs->n--;
			free(g);
		}
	}
}
