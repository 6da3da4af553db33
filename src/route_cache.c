/*
 * route_cache.c: interface lookup by address through the kernel's routing
 * table (see route_cache.h).  libmnl is not required: two raw NETLINK_ROUTE
 * sockets, one asking (blocking, one question at a time) and one listening
 * to the route, address and link groups.
 *
 * The cache is an open-addressing table keyed by (family, address).
 * Emptying it is a generation bump, so a routing change costs O(1).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "route_cache.h"

#define RC_MIN		1024
#define RC_MAX		(1u << 20)	/* entries; past that, start over */

struct rc_entry {
	uint8_t			addr[16];
	uint8_t			af;
	uint32_t		gen;		/* valid when == cache's */
	uint32_t		expires;
	struct route_info	ri;
};

struct route_cache {
	int		 ask, listen;
	uint32_t	 seq, gen, ttl;
	uint32_t	 mask, used;
	struct rc_entry	*tab;
	uint64_t	 asked, hits;
};

static int
rc_socket(int groups, char *err, size_t errlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int flags = SOCK_RAW | SOCK_CLOEXEC | (groups ? SOCK_NONBLOCK : 0);
	int fd;

	sa.nl_groups = (unsigned)groups;
	if ((fd = socket(AF_NETLINK, flags, NETLINK_ROUTE)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		snprintf(err, errlen, "rtnetlink socket: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!groups) {
		/* A kernel that does not answer must not stall the source. */
		struct timeval tv = { .tv_sec = 1 };

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	}
	return fd;
}

struct route_cache *
route_cache_new(unsigned ttl, char *err, size_t errlen)
{
	struct route_cache *rc;

	if ((rc = calloc(1, sizeof *rc)) == NULL ||
	    (rc->tab = calloc(RC_MIN, sizeof *rc->tab)) == NULL) {
		free(rc);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	rc->mask = RC_MIN - 1;
	rc->gen = 1;
	rc->ttl = ttl;
	rc->ask = rc->listen = -1;
	if ((rc->ask = rc_socket(0, err, errlen)) < 0 ||
	    (rc->listen = rc_socket(RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
	    RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE, err,
	    errlen)) < 0) {
		route_cache_free(rc);
		return NULL;
	}
	return rc;
}

void
route_cache_free(struct route_cache *rc)
{
	if (rc == NULL)
		return;
	if (rc->ask >= 0)
		close(rc->ask);
	if (rc->listen >= 0)
		close(rc->listen);
	free(rc->tab);
	free(rc);
}

int
route_cache_fd(const struct route_cache *rc)
{
	return rc->listen;
}

static void
rc_flush(struct route_cache *rc)
{
	if (++rc->gen == 0) {
		memset(rc->tab, 0, (rc->mask + 1) * sizeof *rc->tab);
		rc->gen = 1;
	}
	rc->used = 0;
}

void
route_cache_changes(struct route_cache *rc)
{
	char buf[8192];
	int changed = 0;
	ssize_t n;

	/* What changed does not matter: any change may move any route. */
	while ((n = recv(rc->listen, buf, sizeof buf, 0)) > 0 ||
	    (n < 0 && (errno == EINTR || errno == ENOBUFS)))
		changed = 1;
	if (changed)
		rc_flush(rc);
}

static uint32_t
rc_hash(int af, const uint8_t *a)
{
	uint32_t h = 2166136261u ^ (uint32_t)af;

	for (int i = 0; i < 16; i++)
		h = (h ^ a[i]) * 16777619u;
	return h ^ (h >> 15);
}

/* Asks the kernel; fills ri (ifname "" when there is no route). */
static void
rc_ask(struct route_cache *rc, int af, const uint8_t *addr,
    struct route_info *ri)
{
	struct {
		struct nlmsghdr	nh;
		struct rtmsg	rt;
		char		attrs[64];
	} req;
	struct rtattr *rta;
	size_t alen = af == AF_INET ? 4 : 16;
	char buf[4096];
	uint32_t seq = ++rc->seq;
	int oif = 0;

	memset(ri, 0, sizeof *ri);
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = seq;
	req.rt.rtm_family = (unsigned char)af;
	req.rt.rtm_dst_len = (unsigned char)(alen * 8);
	rta = (struct rtattr *)((char *)&req + NLMSG_LENGTH(sizeof req.rt));
	rta->rta_type = RTA_DST;
	rta->rta_len = (unsigned short)RTA_LENGTH(alen);
	memcpy(RTA_DATA(rta), addr, alen);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.rt) +
	    RTA_ALIGN(rta->rta_len);
	rc->asked++;
	if (send(rc->ask, &req, req.nh.nlmsg_len, 0) < 0)
		return;
	for (;;) {
		ssize_t n = recv(rc->ask, buf, sizeof buf, 0);
		struct nlmsghdr *nh;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n)) {
			struct rtmsg *rt = NLMSG_DATA(nh);
			int len;

			/* An answer to an earlier question that timed out. */
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type != RTM_NEWROUTE)
				return;		/* NLMSG_ERROR: no route */
			len = (int)RTM_PAYLOAD(nh);
			ri->table = rt->rtm_table;
			for (rta = RTM_RTA(rt); RTA_OK(rta, len);
			    rta = RTA_NEXT(rta, len)) {
				if (rta->rta_type == RTA_OIF &&
				    RTA_PAYLOAD(rta) >= sizeof(int))
					memcpy(&oif, RTA_DATA(rta), sizeof oif);
				else if (rta->rta_type == RTA_TABLE &&
				    RTA_PAYLOAD(rta) >= 4)
					memcpy(&ri->table, RTA_DATA(rta), 4);
				else if (rta->rta_type == RTA_GATEWAY &&
				    RTA_PAYLOAD(rta) == alen) {
					memcpy(ri->gw, RTA_DATA(rta), alen);
					ri->gw_af = (uint8_t)af;
				}
			}
			if (oif > 0 && if_indextoname((unsigned)oif,
			    ri->ifname) == NULL)
				ri->ifname[0] = '\0';
			return;
		}
	}
}

static int
rc_grow(struct route_cache *rc)
{
	uint32_t ncap = (rc->mask + 1) * 2;
	struct rc_entry *nt, *old = rc->tab;

	if (ncap > RC_MAX || (nt = calloc(ncap, sizeof *nt)) == NULL)
		return -1;
	for (uint32_t i = 0; i <= rc->mask; i++) {
		uint32_t j;

		if (old[i].gen != rc->gen)
			continue;
		j = rc_hash(old[i].af, old[i].addr) & (ncap - 1);
		while (nt[j].gen == rc->gen)
			j = (j + 1) & (ncap - 1);
		nt[j] = old[i];
	}
	rc->tab = nt;
	rc->mask = ncap - 1;
	free(old);
	return 0;
}

const struct route_info *
route_cache_get(struct route_cache *rc, int af, const void *addr,
    uint32_t now)
{
	uint8_t key[16] = { 0 };
	struct rc_entry *e;
	uint32_t i;

	memcpy(key, addr, af == AF_INET ? 4 : 16);
	i = rc_hash(af, key) & rc->mask;
	for (;; i = (i + 1) & rc->mask) {
		e = &rc->tab[i];
		if (e->gen != rc->gen)
			break;
		if (e->af == af && memcmp(e->addr, key, 16) == 0) {
			if ((int32_t)(now - e->expires) < 0) {
				rc->hits++;
				return &e->ri;
			}
			rc_ask(rc, af, key, &e->ri);
			e->expires = now + rc->ttl;
			return &e->ri;
		}
	}
	/* At most half full, so a probe always ends on a free slot. */
	if (rc->used + 1 > (rc->mask + 1) / 2) {
		if (rc_grow(rc) != 0)
			rc_flush(rc);
		return route_cache_get(rc, af, addr, now);
	}
	e->gen = rc->gen;
	e->af = (uint8_t)af;
	memcpy(e->addr, key, 16);
	rc_ask(rc, af, key, &e->ri);
	e->expires = now + rc->ttl;
	rc->used++;
	return &e->ri;
}

void
route_cache_stats(const struct route_cache *rc, uint64_t *asked,
    uint64_t *hits)
{
	*asked = rc->asked;
	*hits = rc->hits;
}
