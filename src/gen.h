/*
 * gen.h: deterministic generator of realistic sessions.
 *
 * The same seed gives the same sessions: IPv4 and IPv6 (a quarter), TCP,
 * UDP and ICMP, source NAT on some, resource-manager (ALG) sessions, every
 * field of the extensive view filled, both wings.  For the benchmark, tests
 * and the simulator source.  Address ranges: see addr() in gen.c.
 */
#ifndef FLOW_GEN_H
#define FLOW_GEN_H

#include <stdint.h>

#include "model.h"
#include "store.h"

#define GEN_POOL	32

struct gen {
	uint64_t	 rng;
	uint32_t	 policy[GEN_POOL], ifname[8], app[8], alg[4];
	uint32_t	 st_valid, st_pending, st_invalidated, st_other;
	uint32_t	 normal, flags, null_pool, dyn, enc, invalid, empty;
	unsigned	 npics;
};

/* Interns the strings it uses in `st`. */
int	gen_init(struct gen *, struct store *, uint64_t seed, unsigned npics);
/* Session number n (any n, in any order: the result depends on n only). */
void	gen_session(const struct gen *, uint64_t n, struct flow_session *,
	    uint32_t *fpc, uint32_t *pic);
/* The identifier gen_session gives session number n. */
uint64_t gen_id(uint64_t n);
/* The PIC of session number n, without generating the session. */
void	gen_pic(const struct gen *, uint64_t n, uint32_t *fpc, uint32_t *pic);

#endif
