/*
 * ct_fill.c: conntrack entries for the conntrack source's benchmark
 * (tests/bench/ct_bench.sh), made through ctnetlink in batches: `conntrack
 * -I` costs a process and a round trip per entry.
 *
 *   ct_fill fill N            N established TCP entries, 192.0.2.0/24 ->
 *                             198.51.100.10:80, timeout 3600 s
 *   ct_fill churn RATE SECS   RATE events a second for SECS seconds: new
 *                             UDP entries (203.0.113.0/24 -> 198.51.100.20),
 *                             each destroyed 1000 entries later (a new and
 *                             a destroy event each)
 *
 * Run it in the network namespace to fill (ip netns exec).  Requests go
 * without acknowledgements, 200 to a datagram; the kernel reports only
 * failures, which are counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack.h>
#include <libnetfilter_conntrack/libnetfilter_conntrack_tcp.h>

#define BATCH	200
#define MSGMAX	512
#define WINDOW	1000

static int		 fd;
static char		 buf[BATCH * MSGMAX];
static size_t		 used;
static unsigned		 nbatch;
static unsigned long	 failed;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads the kernel's failure reports that are waiting. */
static void
drain(int wait)
{
	char rb[65536];
	ssize_t n;

	while ((n = recv(fd, rb, sizeof rb, wait ? 0 : MSG_DONTWAIT)) > 0) {
		struct nlmsghdr *nh;

		for (nh = (struct nlmsghdr *)rb; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n))
			if (nh->nlmsg_type == NLMSG_ERROR &&
			    ((struct nlmsgerr *)NLMSG_DATA(nh))->error != 0)
				failed++;
		wait = 0;
	}
}

static void
flush(void)
{
	if (used == 0)
		return;
	while (send(fd, buf, used, 0) < 0) {
		if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
			perror("ct_fill: send");
			exit(1);
		}
		drain(0);
	}
	used = 0;
	nbatch = 0;
	drain(0);
}

/* Queues one request for entry ct. */
static void
queue(const struct nf_conntrack *ct, int create)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)(buf + used);
	struct nfgenmsg *g;

	memset(nh, 0, MSGMAX);
	nh->nlmsg_len = NLMSG_LENGTH(sizeof *g);
	nh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) |
	    (create ? IPCTNL_MSG_CT_NEW : IPCTNL_MSG_CT_DELETE);
	nh->nlmsg_flags = NLM_F_REQUEST |
	    (create ? NLM_F_CREATE | NLM_F_EXCL : 0);
	g = NLMSG_DATA(nh);
	g->nfgen_family = AF_INET;
	g->version = NFNETLINK_V0;
	if (nfct_nlmsg_build(nh, ct) < 0) {
		perror("ct_fill: nfct_nlmsg_build");
		exit(1);
	}
	used += NLMSG_ALIGN(nh->nlmsg_len);
	if (++nbatch == BATCH)
		flush();
}

static void
tuple(struct nf_conntrack *ct, uint8_t proto, uint32_t src, uint32_t dst,
    uint16_t sport, uint16_t dport)
{
	nfct_set_attr_u8(ct, ATTR_L3PROTO, AF_INET);
	nfct_set_attr_u32(ct, ATTR_IPV4_SRC, htonl(src));
	nfct_set_attr_u32(ct, ATTR_IPV4_DST, htonl(dst));
	nfct_set_attr_u8(ct, ATTR_L4PROTO, proto);
	nfct_set_attr_u16(ct, ATTR_PORT_SRC, htons(sport));
	nfct_set_attr_u16(ct, ATTR_PORT_DST, htons(dport));
	nfct_setobjopt(ct, NFCT_SOPT_SETUP_REPLY);
}

#define ADDR(a, b, c, d) \
	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static void
fill(unsigned long n)
{
	struct nf_conntrack *ct = nfct_new();
	double t0 = now();

	for (unsigned long i = 0; i < n; i++) {
		nfct_set_attr_u32(ct, ATTR_TIMEOUT, 3600);
		nfct_set_attr_u8(ct, ATTR_TCP_STATE, TCP_CONNTRACK_ESTABLISHED);
		nfct_set_attr_u32(ct, ATTR_STATUS,
		    IPS_SEEN_REPLY | IPS_ASSURED);
		tuple(ct, IPPROTO_TCP, ADDR(192, 0, 2, 1 + i % 250),
		    ADDR(198, 51, 100, 10), (uint16_t)(1024 + i / 250), 80);
		queue(ct, 1);
	}
	flush();
	drain(0);
	printf("created %lu entries in %.2f s (%lu refused)\n", n - failed,
	    now() - t0, failed);
	nfct_destroy(ct);
}

static void
entry(struct nf_conntrack *ct, unsigned long i)
{
	/* 250 sources x 60000 ports: distinct over any run's window. */
	tuple(ct, IPPROTO_UDP, ADDR(203, 0, 113, 1 + i % 250),
	    ADDR(198, 51, 100, 20), (uint16_t)(1024 + (i / 250) % 60000), 53);
}

static void
churn(double rate, double secs)
{
	struct nf_conntrack *ct = nfct_new();
	double t0 = now(), t;
	unsigned long made = 0, killed = 0, ops = 0;

	while ((t = now() - t0) < secs) {
		/* Ops due by now; two events per entry (new, destroy). */
		unsigned long due = (unsigned long)(t * rate);

		while (ops < due) {
			if (made < WINDOW || ops % 2 == 0) {
				nfct_set_attr_u32(ct, ATTR_TIMEOUT, 600);
				entry(ct, made++);
				queue(ct, 1);
			} else {
				struct nf_conntrack *d = nfct_new();

				entry(d, killed++);
				queue(d, 0);
				nfct_destroy(d);
			}
			ops++;
		}
		flush();
		usleep(2000);
	}
	flush();
	/* The last window goes too: the table ends as it began. */
	while (killed < made) {
		struct nf_conntrack *d = nfct_new();

		entry(d, killed++);
		queue(d, 0);
		nfct_destroy(d);
	}
	flush();
	drain(0);
	t = now() - t0;
	printf("%lu events in %.2f s: %.0f events/s (%lu refused)\n",
	    made + killed, t, (made + killed) / t, failed);
	nfct_destroy(ct);
}

int
main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int size = 8 << 20;

	if (argc < 3 || (strcmp(argv[1], "fill") != 0 &&
	    strcmp(argv[1], "churn") != 0) ||
	    (strcmp(argv[1], "churn") == 0 && argc < 4)) {
		fprintf(stderr, "usage: ct_fill fill N | churn RATE SECONDS\n");
		return 2;
	}
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_NETFILTER)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		perror("ct_fill: netlink");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
	if (strcmp(argv[1], "fill") == 0)
		fill(strtoul(argv[2], NULL, 10));
	else
		churn(strtod(argv[2], NULL), strtod(argv[3], NULL));
	return 0;
}
