/*
 * ct.h: the parts of the Linux conntrack source (source_conntrack.c, which
 * owns the netlink sockets): the mark and zone maps (ct_map.c), the kernel's
 * configured timeouts and switches (ct_proc.c), resource-manager groups
 * (ct_group.c) and the mapping of one conntrack entry to a session
 * (ct_session.c).  Interfaces come from route_cache.h.
 *
 * Everything here runs in the loader thread, the store's only writer.
 */
#ifndef FLOW_CT_H
#define FLOW_CT_H

#include <stddef.h>
#include <stdint.h>

#include <libnetfilter_conntrack/libnetfilter_conntrack.h>

#include "route_cache.h"
#include "store.h"

/* ct_map.c: conntrack mark -> "name/index", zone -> (FPC, PIC). */
struct ct_policy {
	uint32_t	mark;
	uint32_t	name;		/* atom */
};
struct ct_zone {
	uint32_t	zone, fpc, pic;
};
struct ct_map {
	struct ct_policy *policy;	/* sorted by mark */
	size_t		 npolicy;
	struct ct_zone	*zone;		/* sorted by zone */
	size_t		 nzone;
	uint32_t	 na;		/* atom "N/A": an unmapped mark */
};

/* Reads both files (NULL: no map); on error *m is untouched. */
int		 ct_map_load(struct ct_map *m, struct store *,
		    const char *marks, const char *zones, char *err,
		    size_t errlen);
void		 ct_map_free(struct ct_map *);
uint32_t	 ct_map_policy(const struct ct_map *, uint32_t mark);
/* FPC0 PIC0 for a zone not in the map. */
void		 ct_map_pic(const struct ct_map *, uint32_t zone, uint32_t *fpc,
		    uint32_t *pic);

/* ct_proc.c: /proc/sys/net/netfilter, read in our network namespace. */
#define CT_TCP_STATES	11
#define CT_SCTP_STATES	10
struct ct_timeouts {
	uint32_t	tcp[CT_TCP_STATES];	/* by TCP_CONNTRACK_* */
	uint32_t	sctp[CT_SCTP_STATES];	/* by SCTP_CONNTRACK_* */
	uint32_t	udp, udp_stream, icmp, icmpv6, gre, gre_stream;
	uint32_t	generic;
};
void		 ct_proc_timeouts(struct ct_timeouts *);
/* A sysctl's value, or -1 when it cannot be read. */
long		 ct_proc_sysctl(const char *name);

/* ct_group.c: resource-manager groups (ALG sessions). */
struct ct_tuple {
	uint8_t		af, proto;
	uint16_t	sport, dport;	/* host order */
	uint8_t		src[16], dst[16];
};
struct ct_groups;

struct ct_groups *ct_groups_new(struct store *);
void		 ct_groups_free(struct ct_groups *);
/* A full dump starts: groups it does not touch go at ct_groups_sweep. */
void		 ct_groups_begin(struct ct_groups *);
void		 ct_groups_sweep(struct ct_groups *);
/*
 * Fills the resource-manager fields of s (client, group, resource) when ct
 * is an ALG entry: one with a helper, or one created from an expectation.
 * Returns 1 when the client is not known yet (the master comes later in
 * the dump: see ct_groups_client), else 0.
 */
int		 ct_groups_session(struct ct_groups *,
		    const struct nf_conntrack *, const struct flow_session *old,
		    struct flow_session *s);
/* The client atom of group `num` (0: not known). */
uint32_t	 ct_groups_client(struct ct_groups *, uint32_t num);
/* The helper name of group `num` ("" if not known). */
const char	*ct_groups_helper(struct ct_groups *, uint32_t num);
/* Expectation events and dumps. */
void		 ct_groups_expect(struct ct_groups *, const struct nf_expect *,
		    int gone);
void		 ct_tuple_orig(const struct nf_conntrack *, struct ct_tuple *);

/* ct_session.c: one entry as a session. */
struct ct_ctx {
	struct store		*st;
	struct ct_map		 map;
	struct ct_timeouts	 to;
	struct ct_groups	*groups;
	struct route_cache	*routes;
	struct flow_clock	 clock;		/* now */
	int64_t			 real_boot_ns;	/* CLOCK_REALTIME - BOOTTIME */
	uint32_t		 a_valid, a_pending, a_invalidated, a_init;
	uint32_t		 a_normal, a_null, a_snat, a_dyn, a_enc;
	uint32_t		 a_invalid, a_noif;
	/* Flags atoms by status, a small cache: statuses repeat. */
	uint32_t		 flag_status[32];
	uint32_t		 flag_atom[32];
	/* 32-bit IDs that more than one entry has (sorted). */
	uint32_t		*alias;
	size_t			 nalias, capalias;
};

/* Entries sharing one conntrack ID, at most (IDs are 32-bit hashes). */
#define CT_ALIAS_MAX	8

int		 ct_ctx_init(struct ct_ctx *, struct store *);
void		 ct_ctx_free(struct ct_ctx *);
/* Reads the clocks: call before a batch of ct_session_build. */
void		 ct_ctx_now(struct ct_ctx *);
/*
 * Where entry ct lives in the store (k) and its stored session (*old, or
 * NULL).  Its ID is the conntrack ID; an entry whose ID another entry
 * already has gets the first free alias, ID + n * 2^32 (create: a new
 * entry may take one).  -1: no ID, or not stored and !create.
 */
int		 ct_session_locate(struct ct_ctx *, const struct nf_conntrack *,
		    int create, struct flow_key *k,
		    const struct flow_session **old);
/* The aliases in use, from a dump's keys. */
void		 ct_session_aliases(struct ct_ctx *, const struct flow_key *,
		    size_t);
/* Builds the session of entry ct at key k; old is its stored version or
 * NULL.  Returns as ct_groups_session. */
int		 ct_session_build(struct ct_ctx *, const struct nf_conntrack *,
		    const struct flow_key *k, const struct flow_session *old,
		    struct flow_session *s);
/* 1 when s differs from old in more than the passing of time. */
int		 ct_session_changed(const struct flow_session *old,
		    const struct flow_session *s);
/* The application for a helper name ("junos-ftp" for "ftp"), or NULL. */
const char	*ct_session_app_by_helper(const char *helper);

#endif
