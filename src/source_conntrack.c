/*
 * source_conntrack.c: the Linux conntrack source,
 *
 *   conntrack[:refresh=N,marks=FILE,zones=FILE,rcvbuf=BYTES,route-ttl=N]
 *
 * Sessions are the kernel's conntrack entries in flowagentd's network
 * namespace, mapped by ct_session.c.  A dump of the entries and the
 * expectations (ctnetlink) fills the store at load; then their events
 * (new, update, destroy), read from a non-blocking netlink socket that
 * the loader polls, keep it current.
 *
 * Events carry no counter changes, and entries made before anyone listened
 * send none at all (net.netfilter.nf_conntrack_events=2, the default), so
 * every `refresh` seconds (5) a dump brings counters and timeouts up to
 * date and drops what is gone.  When the kernel drops events (ENOBUFS: the
 * socket's receive buffer, `rcvbuf`, 16 MiB, overflowed) the same dump
 * resynchronises.  A dump is one transaction: sessions whose content
 * changed are put, those it did not list are deleted, so readers see the
 * store before or after it, never half of it.  Events that arrive while a
 * large table dumps are applied as they come, in the same transaction: a
 * dump of 100,000 entries takes half a second, long enough to overflow
 * the socket at tens of thousands of events a second.
 *
 * The library does not log: notices (lost events, at most one line a
 * second; accounting off) come back as poll's message, which the daemon
 * logs.
 *
 * The sockets are plain netlink sockets (no libmnl on the build host);
 * libnetfilter_conntrack parses the messages (nfct_nlmsg_parse,
 * nfexp_nlmsg_parse).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "ct.h"
#include "source.h"

#define CT_BUF		(64 * 1024)
#define CT_BUDGET	256		/* event datagrams per poll */
#define CT_DUMP_EVENTS	64		/* ... per datagram of a dump */
#define CT_DRAIN_MAX	(1 << 20)	/* datagrams dropped before a resync */
#define CT_LOG_MS	1000		/* between two lines about resyncs */

struct ct_source {
	struct ct_ctx	 ctx;
	int		 ev, dump, ep;
	uint32_t	 seq;
	unsigned	 refresh;	/* seconds */
	unsigned	 route_ttl;	/* seconds */
	int		 rcvbuf;
	char		*marks, *zones;
	int		 loaded;
	int		 syncing;	/* a dump's transaction is open */
	int		 lost;		/* events were lost: resync */
	int64_t		 next_sync;	/* ms, CLOCK_MONOTONIC */
	char		 notice[400];
	/* Resyncs: in all, not reported yet, when last reported (ms). */
	uint64_t	 resyncs, unlogged;
	int64_t		 logged;
	/* The keys a dump listed, those whose client was a guess, and
	 * those destroyed while it ran. */
	struct flow_key	*keys, *fix, *dead;
	size_t		 nkeys, capkeys, nfix, capfix, ndead, capdead;
	unsigned char	*buf;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
key_push(struct flow_key **v, size_t *n, size_t *cap, const struct flow_key *k)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		struct flow_key *nv = realloc(*v, ncap * sizeof *nv);

		if (nv == NULL)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = *k;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct flow_key *x = a, *y = b;

	if (x->fpc != y->fpc)
		return x->fpc < y->fpc ? -1 : 1;
	if (x->pic != y->pic)
		return x->pic < y->pic ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Parses "key=value,..." into c. */
static int
ct_spec(struct ct_source *c, const char *arg, char *err, size_t errlen)
{
	char *copy, *p, *save = NULL;
	int rc = 0;

	if ((copy = strdup(arg)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (p = strtok_r(copy, ",", &save); rc == 0 && p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		char *v = strchr(p, '='), *end;
		long n = 0;

		if (v == NULL) {
			snprintf(err, errlen, "conntrack source: '%s' is not "
			    "key=value (keys: refresh, marks, zones, rcvbuf, "
			    "route-ttl)", p);
			rc = -1;
			break;
		}
		*v++ = '\0';
		if (strcmp(p, "marks") == 0 || strcmp(p, "zones") == 0) {
			char **dst = *p == 'm' ? &c->marks : &c->zones;

			free(*dst);
			if (*v == '\0' || (*dst = strdup(v)) == NULL) {
				snprintf(err, errlen, "conntrack source: %s "
				    "needs a file", p);
				rc = -1;
			}
			continue;
		}
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0)
			n = -1;
		if (strcmp(p, "refresh") == 0 && n >= 1 && n <= 3600)
			c->refresh = (unsigned)n;
		else if (strcmp(p, "route-ttl") == 0 && n >= 1 && n <= 86400)
			c->route_ttl = (unsigned)n;
		else if (strcmp(p, "rcvbuf") == 0 && n >= 65536 &&
		    n <= 1L << 30)
			c->rcvbuf = (int)n;
		else if (strcmp(p, "refresh") == 0 ||
		    strcmp(p, "route-ttl") == 0 || strcmp(p, "rcvbuf") == 0) {
			snprintf(err, errlen, "conntrack source: bad %s '%s' "
			    "(refresh 1-3600 s, route-ttl 1-86400 s, rcvbuf "
			    "65536-1073741824 bytes)", p, v);
			rc = -1;
		} else {
			snprintf(err, errlen, "conntrack source: unknown key "
			    "'%s' (refresh, marks, zones, rcvbuf, route-ttl)",
			    p);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

/* The event socket: entries' and expectations' new/update/destroy. */
static int
ct_event_socket(struct ct_source *c, char *err, size_t errlen)
{
	static const int groups[] = {
		NFNLGRP_CONNTRACK_NEW, NFNLGRP_CONNTRACK_UPDATE,
		NFNLGRP_CONNTRACK_DESTROY, NFNLGRP_CONNTRACK_EXP_NEW,
		NFNLGRP_CONNTRACK_EXP_DESTROY,
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_NETFILTER);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		snprintf(err, errlen, "conntrack: netlink socket: %s",
		    strerror(errno));
		goto fail;
	}
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		    &groups[i], sizeof groups[i]) != 0) {
			snprintf(err, errlen, "conntrack events: %s%s",
			    strerror(errno), errno == EPERM ?
			    " (flowagentd needs CAP_NET_ADMIN)" : "");
			goto fail;
		}
	/* Past net.core.rmem_max as root (CAP_NET_ADMIN); else up to it. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &c->rcvbuf,
	    sizeof c->rcvbuf) != 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &c->rcvbuf,
		    sizeof c->rcvbuf);
	c->ev = fd;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
ct_sockets(struct ct_source *c, char *err, size_t errlen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct epoll_event ee = { .events = EPOLLIN };
	struct timeval tv = { .tv_sec = 10 };

	if (ct_event_socket(c, err, errlen) != 0)
		return -1;
	c->dump = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_NETFILTER);
	if (c->dump < 0 ||
	    bind(c->dump, (struct sockaddr *)&sa, sizeof sa) != 0) {
		snprintf(err, errlen, "conntrack: netlink socket: %s",
		    strerror(errno));
		return -1;
	}
	/* A dump that stops answering must not hang the loader. */
	setsockopt(c->dump, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	/* One descriptor for the loader: events and routing changes. */
	if ((c->ep = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
	    epoll_ctl(c->ep, EPOLL_CTL_ADD, c->ev, &ee) != 0 ||
	    epoll_ctl(c->ep, EPOLL_CTL_ADD,
	    route_cache_fd(c->ctx.routes), &ee) != 0) {
		snprintf(err, errlen, "conntrack: epoll: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void ct_close(struct source *);
static int ct_take_events(struct ct_source *, int, char *, size_t);

static int
ct_open(struct source *s, const char *arg, char *err, size_t errlen)
{
	struct ct_source *c;
	long acct, events;

	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->buf = malloc(CT_BUF)) == NULL) {
		if (c != NULL)
			free(c);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->priv = c;
	c->ev = c->dump = c->ep = -1;
	c->refresh = 5;
	c->route_ttl = 60;
	c->rcvbuf = 16 << 20;
	if (ct_spec(c, arg, err, errlen) != 0 ||
	    ct_ctx_init(&c->ctx, s->st) != 0 ||
	    ct_map_load(&c->ctx.map, s->st, c->marks, c->zones, err,
	    errlen) != 0)
		goto fail;
	if ((c->ctx.groups = ct_groups_new(s->st)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((c->ctx.routes = route_cache_new(c->route_ttl, err, errlen)) ==
	    NULL || ct_sockets(c, err, errlen) != 0)
		goto fail;
	acct = ct_proc_sysctl("nf_conntrack_acct");
	events = ct_proc_sysctl("nf_conntrack_events");
	if (acct == 0)
		snprintf(c->notice, sizeof c->notice, "warning: "
		    "net.netfilter.nf_conntrack_acct is 0 in this network "
		    "namespace: packet and byte counts stay 0 (sysctl -w "
		    "net.netfilter.nf_conntrack_acct=1 counts connections "
		    "made after it)");
	else if (events == 0)
		snprintf(c->notice, sizeof c->notice, "warning: "
		    "net.netfilter.nf_conntrack_events is 0: changes show "
		    "only at each refresh (every %u s)", c->refresh);
	return 0;
fail:
	ct_close(s);
	return -1;
}

static void
ct_close(struct source *s)
{
	struct ct_source *c = s->priv;

	if (c == NULL)
		return;
	if (c->ev >= 0)
		close(c->ev);
	if (c->dump >= 0)
		close(c->dump);
	if (c->ep >= 0)
		close(c->ep);
	route_cache_free(c->ctx.routes);
	ct_groups_free(c->ctx.groups);
	ct_ctx_free(&c->ctx);
	free(c->marks);
	free(c->zones);
	free(c->keys);
	free(c->fix);
	free(c->dead);
	free(c->buf);
	free(c);
	s->priv = NULL;
}

/* One entry of a dump: put when changed, remember its key. */
static int
ct_dumped(struct ct_source *c, const struct nlmsghdr *nh)
{
	struct store *st = c->ctx.st;
	struct nf_conntrack *ct;
	const struct flow_session *old;
	struct flow_session s;
	struct flow_key k;
	int rc = 0;

	if ((ct = nfct_new()) == NULL)
		return -1;
	if (nfct_nlmsg_parse(nh, ct) < 0 ||
	    ct_session_locate(&c->ctx, ct, 1, &k, &old) != 0)
		goto done;
	if (ct_session_build(&c->ctx, ct, &k, old, &s) == 1)
		rc = key_push(&c->fix, &c->nfix, &c->capfix, &k);
	if (rc == 0 && (old == NULL || ct_session_changed(old, &s)))
		rc = store_put(st, k.fpc, k.pic, &s);
	if (rc == 0)
		rc = key_push(&c->keys, &c->nkeys, &c->capkeys, &k);
done:
	nfct_destroy(ct);
	return rc;
}

static void
ct_expect(struct ct_source *c, const struct nlmsghdr *nh, int gone)
{
	struct nf_expect *exp;

	if ((exp = nfexp_new()) == NULL)
		return;
	if (nfexp_nlmsg_parse(nh, exp) >= 0)
		ct_groups_expect(c->ctx.groups, exp, gone);
	nfexp_destroy(exp);
}

/* Reads the rest of dump `seq`: the kernel runs one dump at a time. */
static void
ct_dump_drain(struct ct_source *c, uint32_t seq)
{
	for (;;) {
		ssize_t n = recv(c->dump, c->buf, CT_BUF, 0);
		struct nlmsghdr *nh;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (nh = (struct nlmsghdr *)c->buf; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n))
			if (nh->nlmsg_seq == seq &&
			    (nh->nlmsg_type == NLMSG_DONE ||
			    nh->nlmsg_type == NLMSG_ERROR))
				return;
	}
}

/* Dumps the entries (exp 0) or the expectations (exp 1). */
static int
ct_dump(struct ct_source *c, int exp, char *err, size_t errlen)
{
	struct {
		struct nlmsghdr	nh;
		struct nfgenmsg	g;
	} req;
	uint32_t seq = ++c->seq;

	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = sizeof req;
	req.nh.nlmsg_type = exp ?
	    (NFNL_SUBSYS_CTNETLINK_EXP << 8) | IPCTNL_MSG_EXP_GET :
	    (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = seq;
	req.g.nfgen_family = AF_UNSPEC;
	req.g.version = NFNETLINK_V0;
	if (send(c->dump, &req, sizeof req, 0) < 0) {
		snprintf(err, errlen, "conntrack dump: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = recv(c->dump, c->buf, CT_BUF, 0);
		struct nlmsghdr *nh;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "conntrack dump: %s",
			    n < 0 ? strerror(errno) : "end of file");
			return -1;
		}
		for (nh = (struct nlmsghdr *)c->buf; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n)) {
			/* Left over from a dump that failed half-way. */
			if (nh->nlmsg_seq != seq)
				continue;
			if (nh->nlmsg_type == NLMSG_DONE)
				return 0;
			if (nh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nh);

				if (e->error == 0)
					continue;
				snprintf(err, errlen, "conntrack dump: %s",
				    strerror(-e->error));
				return -1;
			}
			if (exp)
				ct_expect(c, nh, 0);
			else if (ct_dumped(c, nh) != 0) {
				snprintf(err, errlen, "conntrack dump: %s",
				    strerror(errno ? errno : ENOMEM));
				ct_dump_drain(c, seq);
				return -1;
			}
		}
		/*
		 * Events keep coming while a large table dumps: apply them
		 * as they come rather than let the socket overflow.  An
		 * event is newer than what the dump has sent, and may be
		 * older than what it sends next, which then wins (but what
		 * was destroyed stays so: see ct_sync).
		 */
		if (ct_take_events(c, CT_DUMP_EVENTS, err, errlen) < 0) {
			ct_dump_drain(c, seq);
			return -1;
		}
	}
}

/* The fixups: members dumped before their master got a guessed client. */
static int
ct_fixups(struct ct_source *c)
{
	struct store *st = c->ctx.st;

	for (size_t i = 0; i < c->nfix; i++) {
		const struct flow_key *k = &c->fix[i];
		const struct flow_session *old;
		struct flow_session s;
		uint32_t client;
		const char *app;

		if ((old = store_get(st, k->fpc, k->pic, k->id)) == NULL)
			continue;
		client = ct_groups_client(c->ctx.groups, old->rm_group);
		if (client == 0 || ((old->present & (1u << FP_RM_CLIENT)) &&
		    old->rm_client == client))
			continue;
		memcpy(&s, old, sizeof s);
		s.rm_client = client;
		s.present |= 1u << FP_RM_CLIENT;
		app = ct_session_app_by_helper(ct_groups_helper(c->ctx.groups,
		    old->rm_group));
		if (app != NULL) {
			s.app_name = store_intern(st, app, strlen(app));
			s.app_value = 1;
			s.present |= (1u << FP_APP_NAME) | (1u << FP_APP_VALUE);
		}
		if (store_put(st, k->fpc, k->pic, &s) != 0)
			return -1;
	}
	return 0;
}

/* Deletes what the dump did not list; removes PICs no longer mapped. */
static int
ct_sweep(struct ct_source *c)
{
	struct store *st = c->ctx.st;
	const struct store_snap *v = store_acquire(st);
	const struct flow_session *s;
	const struct flow_pic *p;
	struct store_iter it;
	size_t j = 0;
	int rc = 0;

	if (c->nkeys > 1)
		qsort(c->keys, c->nkeys, sizeof *c->keys, key_cmp);
	store_iter_seek(&it, v, NULL);
	while (rc == 0 && (s = store_iter_next(&it, &p)) != NULL) {
		struct flow_key k = { p->fpc, p->pic, s->id, 0 };

		while (j < c->nkeys && key_cmp(&c->keys[j], &k) < 0)
			j++;
		if (j < c->nkeys && key_cmp(&c->keys[j], &k) == 0)
			continue;
		if (store_del(st, k.fpc, k.pic, k.id) < 0)
			rc = -1;
	}
	/* PICs: FPC0 PIC0 and the zones map's, each shown even when empty. */
	for (uint32_t i = 0; rc == 0 && i < store_snap_npics(v); i++) {
		const struct flow_pic *q = store_snap_pic(v, i);
		int mapped = q->fpc == 0 && q->pic == 0;

		for (size_t z = 0; !mapped && z < c->ctx.map.nzone; z++)
			mapped = c->ctx.map.zone[z].fpc == q->fpc &&
			    c->ctx.map.zone[z].pic == q->pic;
		if (!mapped) {
			struct flow_key lo = { q->fpc, q->pic, 0, 0 };
			size_t a = 0, b = c->nkeys;

			/* Does the dump have sessions there? */
			while (a < b) {
				size_t m = (a + b) / 2;

				if (key_cmp(&c->keys[m], &lo) < 0)
					a = m + 1;
				else
					b = m;
			}
			if (a == c->nkeys || c->keys[a].fpc != q->fpc ||
			    c->keys[a].pic != q->pic)
				rc = store_pic_remove(st, q->fpc, q->pic) < 0;
		}
	}
	if (rc == 0 && store_snap_pic_find(v, 0, 0) == NULL &&
	    store_pic_edit(st, 0, 0) == NULL)
		rc = -1;
	for (size_t z = 0; rc == 0 && z < c->ctx.map.nzone; z++) {
		const struct ct_zone *q = &c->ctx.map.zone[z];

		if (store_snap_pic_find(v, q->fpc, q->pic) == NULL &&
		    store_pic_edit(st, q->fpc, q->pic) == NULL)
			rc = -1;
	}
	store_release(v);
	return rc;
}

/* A full dump, applied as one transaction. */
static int
ct_sync(struct ct_source *c, char *err, size_t errlen)
{
	struct store *st = c->ctx.st;

	c->next_sync = now_ms() + (int64_t)c->refresh * 1000;
	ct_proc_timeouts(&c->ctx.to);
	ct_ctx_now(&c->ctx);
	if (store_begin(st) != 0) {
		snprintf(err, errlen, "conntrack: %s", strerror(errno));
		return -1;
	}
	ct_groups_begin(c->ctx.groups);
	c->nkeys = c->nfix = c->ndead = 0;
	c->syncing = 1;
	errno = 0;
	if (ct_dump(c, 1, err, errlen) != 0 ||
	    ct_dump(c, 0, err, errlen) != 0) {
		c->syncing = 0;
		store_abort(st);
		return -1;
	}
	c->syncing = 0;
	/*
	 * The kernel writes a dump's next datagram when we read the one
	 * before, so an entry destroyed in between may come after its
	 * destroy event: what was destroyed during the dump stays so.
	 */
	for (size_t i = 0; i < c->ndead; i++)
		if (store_del(st, c->dead[i].fpc, c->dead[i].pic,
		    c->dead[i].id) < 0) {
			snprintf(err, errlen, "conntrack: %s", strerror(errno));
			store_abort(st);
			return -1;
		}
	if (ct_fixups(c) != 0 || ct_sweep(c) != 0 || store_commit(st) != 0) {
		/* store_commit aborts a failed transaction. */
		snprintf(err, errlen, "conntrack: applying a dump: %s",
		    strerror(errno ? errno : ENOMEM));
		return -1;
	}
	ct_groups_sweep(c->ctx.groups);
	ct_session_aliases(&c->ctx, c->keys, c->nkeys);
	return 0;
}

static int
ct_load(struct source *s, char *err, size_t errlen)
{
	struct ct_source *c = s->priv;

	/* Again (SIGHUP): the maps may have changed. */
	if (c->loaded && ct_map_load(&c->ctx.map, s->st, c->marks, c->zones,
	    err, errlen) != 0)
		return -1;
	c->loaded = 1;
	return ct_sync(c, err, errlen);
}

/* One event message.  During a dump, the keys it puts count as listed. */
static int
ct_event(struct ct_source *c, const struct nlmsghdr *nh)
{
	struct store *st = c->ctx.st;
	unsigned subsys = NFNL_SUBSYS_ID(nh->nlmsg_type);
	unsigned type = NFNL_MSG_TYPE(nh->nlmsg_type);
	const struct flow_session *old;
	struct nf_conntrack *ct;
	struct flow_session s;
	struct flow_key k;
	int rc = 0;

	if (subsys == NFNL_SUBSYS_CTNETLINK_EXP) {
		if (type == IPCTNL_MSG_EXP_NEW || type == IPCTNL_MSG_EXP_DELETE)
			ct_expect(c, nh, type == IPCTNL_MSG_EXP_DELETE);
		return 0;
	}
	if (subsys != NFNL_SUBSYS_CTNETLINK ||
	    (type != IPCTNL_MSG_CT_NEW && type != IPCTNL_MSG_CT_DELETE))
		return 0;
	if ((ct = nfct_new()) == NULL)
		return -1;
	if (nfct_nlmsg_parse(nh, ct) < 0 ||
	    ct_session_locate(&c->ctx, ct, type == IPCTNL_MSG_CT_NEW, &k,
	    &old) != 0)
		goto done;
	if (type == IPCTNL_MSG_CT_DELETE) {
		rc = store_del(st, k.fpc, k.pic, k.id) < 0 ? -1 : 0;
		if (rc == 0 && c->syncing)
			rc = key_push(&c->dead, &c->ndead, &c->capdead, &k);
	} else {
		ct_session_build(&c->ctx, ct, &k, old, &s);
		if (old == NULL || ct_session_changed(old, &s))
			rc = store_put(st, k.fpc, k.pic, &s);
		if (rc == 0 && c->syncing)
			rc = key_push(&c->keys, &c->nkeys, &c->capkeys, &k);
	}
done:
	nfct_destroy(ct);
	return rc;
}

/*
 * Applies at most `budget` pending event datagrams in the open
 * transaction.  Returns how many were read (0: none pending), or -1 on an
 * error; sets c->lost when the kernel dropped events.
 */
static int
ct_take_events(struct ct_source *c, int budget, char *err, size_t errlen)
{
	int n = 0;

	while (n < budget) {
		struct sockaddr_nl sa;
		socklen_t salen = sizeof sa;
		ssize_t len = recvfrom(c->ev, c->buf, CT_BUF, 0,
		    (struct sockaddr *)&sa, &salen);
		struct nlmsghdr *nh;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				c->lost = 1;
				continue;
			}
			if (errno == EAGAIN)
				break;
			snprintf(err, errlen, "conntrack events: %s",
			    strerror(errno));
			return -1;
		}
		n++;
		if (sa.nl_pid != 0)	/* only the kernel speaks here */
			continue;
		for (nh = (struct nlmsghdr *)c->buf; NLMSG_OK(nh, (size_t)len);
		    nh = NLMSG_NEXT(nh, len))
			if (ct_event(c, nh) != 0) {
				snprintf(err, errlen, "conntrack events: %s",
				    strerror(errno ? errno : ENOMEM));
				return -1;
			}
	}
	return n;
}

/* Pending events, at most CT_BUDGET datagrams, in one transaction. */
static int
ct_events(struct ct_source *c, char *err, size_t errlen)
{
	struct store *st = c->ctx.st;
	int rc;

	if (store_begin(st) != 0) {
		snprintf(err, errlen, "conntrack: %s", strerror(errno));
		return -1;
	}
	ct_ctx_now(&c->ctx);
	rc = ct_take_events(c, CT_BUDGET, err, errlen);
	if (store_commit(st) != 0 && rc >= 0) {
		snprintf(err, errlen, "conntrack events: %s",
		    strerror(errno ? errno : ENOMEM));
		rc = -1;
	}
	/* A batch that did not apply is lost: a resync repairs it. */
	if (rc < 0)
		c->lost = 1;
	return rc < 0 ? -1 : 0;
}

static int
ct_poll(struct source *s, char *err, size_t errlen)
{
	struct ct_source *c = s->priv;
	int rc = 0;

	*err = '\0';
	route_cache_changes(c->ctx.routes);
	if (ct_events(c, err, errlen) != 0)
		rc = -1;
	if (c->lost) {
		char buf[64];
		int dropped = 0;

		/* What is queued predates the dump that follows: drop it. */
		while (dropped < CT_DRAIN_MAX &&
		    (recv(c->ev, buf, sizeof buf, MSG_TRUNC) >= 0 ||
		    errno == EINTR || errno == ENOBUFS))
			dropped++;
		c->lost = 0;
		if (ct_sync(c, err, errlen) != 0) {
			/* Again in a second, not in a loop. */
			c->next_sync = now_ms() + 1000;
			return -1;
		}
		/* An error reading events (rc) is reported as it is. */
		c->resyncs++;
		c->unlogged++;
	} else if (rc == 0 && now_ms() >= c->next_sync &&
	    ct_sync(c, err, errlen) != 0)
		return -1;
	/* One line a second at most, however often it happens. */
	if (c->unlogged > 0 && c->notice[0] == '\0' &&
	    now_ms() - c->logged >= CT_LOG_MS) {
		const struct store_snap *v = store_acquire(c->ctx.st);

		snprintf(c->notice, sizeof c->notice, "conntrack events lost: "
		    "resynchronised from a full dump, %llu "
		    "sessions (%llu resyncs since the last message, %llu in "
		    "all; a larger rcvbuf= helps)",
		    (unsigned long long)store_snap_sessions(v),
		    (unsigned long long)c->unlogged,
		    (unsigned long long)c->resyncs);
		store_release(v);
		c->unlogged = 0;
		c->logged = now_ms();
	}
	if (rc == 0 && c->notice[0] != '\0') {
		snprintf(err, errlen, "%s", c->notice);
		c->notice[0] = '\0';
		return -1;
	}
	return rc;
}

static int
ct_fd(struct source *s)
{
	struct ct_source *c = s->priv;

	return c->ep;
}

static int
ct_timeout(struct source *s)
{
	struct ct_source *c = s->priv;
	int64_t left = c->next_sync - now_ms();

	if (c->notice[0] != '\0' || c->lost || left <= 0)
		return 0;
	if (c->unlogged > 0 && c->logged + CT_LOG_MS - now_ms() < left)
		left = c->logged + CT_LOG_MS - now_ms();
	if (left <= 0)
		return 0;
	return left > 3600 * 1000 ? 3600 * 1000 : (int)left;
}

const struct source_ops source_conntrack_ops = {
	.scheme = "conntrack", .open = ct_open, .load = ct_load,
	.close = ct_close, .fd = ct_fd, .poll = ct_poll,
	.timeout = ct_timeout
};
