/*
 * nc_rtt.c: times one NETCONF request over flowagentd's UNIX socket, as a
 * client that reads the reply without parsing it (NETCONF 1.0 framing), so
 * the figure is the server's.
 *
 *   nc_rtt SOCKET REPEAT '<get/>'
 *
 * Prints: bytes of the reply, then the best and the median seconds.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define END	"]]>]]>"

static int
sock_open(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		perror(path);
		exit(1);
	}
	return fd;
}

static void
send_all(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0) {
			perror("write");
			exit(1);
		}
		s += w;
		n -= (size_t)w;
	}
}

/* Reads one message; returns its length (without the end mark). */
static size_t
recv_msg(int fd)
{
	static char buf[1 << 16];
	static char tail[8];
	size_t total = 0, tl = 0;

	for (;;) {
		ssize_t r = read(fd, buf, sizeof buf);

		if (r <= 0) {
			fprintf(stderr, "connection closed\n");
			exit(1);
		}
		total += (size_t)r;
		/* The end mark may straddle two reads. */
		if ((size_t)r >= 6) {
			memcpy(tail, buf + r - 6, 6);
			tl = 6;
		} else {
			memmove(tail, tail + (size_t)r, 6 - (size_t)r);
			memcpy(tail + 6 - r, buf, (size_t)r);
			tl = 6;
		}
		if (tl == 6 && memcmp(tail, END, 6) == 0)
			return total - 6;
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	int fd, n;
	double *t;
	size_t bytes = 0;
	char *msg;

	if (argc != 4 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: nc_rtt SOCKET REPEAT RPC-BODY\n");
		return 2;
	}
	fd = sock_open(argv[1]);
	send_all(fd, "<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
	    "<capabilities><capability>urn:ietf:params:netconf:base:1.0"
	    "</capability></capabilities></hello>" END);
	recv_msg(fd);
	if (asprintf(&msg, "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:"
	    "base:1.0\" message-id=\"1\">%s</rpc>" END, argv[3]) < 0)
		return 1;
	if ((t = calloc((size_t)n, sizeof *t)) == NULL)
		return 1;
	for (int i = 0; i < n; i++) {
		double t0 = now();

		send_all(fd, msg);
		bytes = recv_msg(fd);
		t[i] = now() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("%zu %.6f %.6f\n", bytes, t[0], t[n / 2]);
	free(msg);
	free(t);
	close(fd);
	return 0;
}
