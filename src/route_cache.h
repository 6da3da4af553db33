/*
 * route_cache.h: which interface an address is reached through, asked of
 * the kernel's routing table (RTM_GETROUTE, as `ip route get ADDR` does)
 * and cached by address.
 *
 * The cache empties when routes, addresses or links change (rtnetlink's
 * groups, on a socket the caller polls: route_cache_fd, then
 * route_cache_changes) and its entries expire after a TTL anyway.
 */
#ifndef FLOW_ROUTE_CACHE_H
#define FLOW_ROUTE_CACHE_H

#include <net/if.h>
#include <stdint.h>

struct route_info {
	char		ifname[IF_NAMESIZE];	/* "" when there is no route */
	uint8_t		gw[16];			/* next hop, network order */
	uint8_t		gw_af;			/* AF_INET(6), 0: directly
						   connected */
	uint32_t	table;			/* routing table (254: main) */
};

struct route_cache;

/* ttl: seconds an answer is kept; 0, or NULL with a message. */
struct route_cache *route_cache_new(unsigned ttl, char *err, size_t errlen);
void		 route_cache_free(struct route_cache *);
/* Readable when the routing changed. */
int		 route_cache_fd(const struct route_cache *);
/* Reads the change notices; empties the cache if there were any. */
void		 route_cache_changes(struct route_cache *);
/* The route to addr (4 or 16 bytes, network order) at time `now` (seconds,
 * any monotonic clock).  Borrowed: valid until the next call. */
const struct route_info *route_cache_get(struct route_cache *, int af,
		    const void *addr, uint32_t now);
/* Lookups that went to the kernel, and answers served from the cache. */
void		 route_cache_stats(const struct route_cache *, uint64_t *asked,
		    uint64_t *hits);

#endif
