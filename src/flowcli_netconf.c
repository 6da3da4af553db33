/*
 * flowcli_netconf.c: flowcli netconf [--socket PATH]
 *
 * An OpenSSH subsystem: "Subsystem netconf /usr/bin/flowcli netconf" lets
 * sshd authenticate the user, and flowagentd sees that user on its UNIX
 * socket (SO_PEERCRED).  This process only copies bytes, stdin to the socket
 * and the socket to stdout, until the daemon closes; it never parses
 * NETCONF.  End of stdin half-closes the socket, so the daemon still
 * answers what it was sent.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "flowcli.h"

#define RELAY_BUF	65536

/* One direction: what was read from `from` and not yet written to `to`. */
struct relay_dir {
	int	from, to;
	int	eof;
	size_t	off, len;
	char	buf[RELAY_BUF];
};

static void
netconf_usage(FILE *fp)
{
	fprintf(fp, "usage: flowcli netconf [--socket PATH]\n\n"
	    "Relays standard input and output to flowagentd's NETCONF socket "
	    "(an OpenSSH\nsubsystem: 'Subsystem netconf /usr/bin/flowcli "
	    "netconf').  PATH defaults to\nthe -H unix: target, else %s.\n",
	    FLOWCLI_DEFAULT_SOCKET);
}

/* Reads what `d` can take; 1 at end of file, -1 on error. */
static int
relay_read(struct relay_dir *d)
{
	ssize_t n = read(d->from, d->buf, sizeof d->buf);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (n == 0)
		return 1;
	d->off = 0;
	d->len = (size_t)n;
	return 0;
}

static int
relay_write(struct relay_dir *d)
{
	ssize_t n = write(d->to, d->buf + d->off, d->len);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	d->off += (size_t)n;
	d->len -= (size_t)n;
	return 0;
}

/*
 * Copies both ways until the daemon closes.  A side reads only when its
 * buffer is empty, so neither peer can make the relay buffer without bound.
 */
static int
relay(int sock)
{
	struct relay_dir up = { .from = STDIN_FILENO, .to = sock },
	    down = { .from = sock, .to = STDOUT_FILENO };
	struct relay_dir *dirs[2] = { &up, &down };
	struct pollfd pfd[2];
	int shut = 0;

	for (;;) {
		if (up.eof && up.len == 0 && !shut) {
			shutdown(sock, SHUT_WR);
			shut = 1;
		}
		if (down.eof && down.len == 0)
			return FLOWCLI_OK;
		for (int i = 0; i < 2; i++) {
			struct relay_dir *d = dirs[i];

			if (d->len > 0) {
				pfd[i].fd = d->to;
				pfd[i].events = POLLOUT;
			} else {
				pfd[i].fd = d->eof ? -1 : d->from;
				pfd[i].events = POLLIN;
			}
			pfd[i].revents = 0;
		}
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			flowcli_err("poll: %s", strerror(errno));
			return FLOWCLI_FAIL;
		}
		for (int i = 0; i < 2; i++) {
			struct relay_dir *d = dirs[i];
			const char *what;
			int rc;

			if (pfd[i].revents == 0)
				continue;
			if (d->len > 0) {
				what = d == &up ? "writing to the daemon" :
				    "writing to standard output";
				rc = relay_write(d);
			} else {
				what = d == &up ? "reading standard input" :
				    "reading from the daemon";
				if ((rc = relay_read(d)) == 1) {
					d->eof = 1;
					rc = 0;
				}
			}
			if (rc == 0)
				continue;
			/* The daemon went away: still pass on what it sent
			 * (a reply to <close-session>, say) until its end. */
			if (d == &up && d->len > 0) {
				up.eof = 1;
				up.len = 0;
				shut = 1;
				continue;
			}
			if (d == &down && errno == ECONNRESET) {
				down.eof = 1;
				continue;
			}
			flowcli_err("%s: %s", what, strerror(errno));
			return FLOWCLI_FAIL;
		}
	}
}

int
flowcli_netconf(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct flowcli_target target;
	const char *path = NULL;
	char err[600];
	int c, fd, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			path = optarg;
			break;
		case 'h':
			netconf_usage(stdout);
			return FLOWCLI_OK;
		default:
			netconf_usage(stderr);
			return FLOWCLI_USAGE;
		}
	}
	if (optind != argc) {
		flowcli_err("netconf takes no arguments");
		return FLOWCLI_USAGE;
	}
	if (path == NULL) {
		if (flowcli_target_parse(&target, flowcli_host(), err,
		    sizeof err) != 0) {
			flowcli_err("%s", err);
			return FLOWCLI_USAGE;
		}
		if (target.transport != FLOWCLI_UNIX) {
			flowcli_err("netconf relays to a UNIX socket, not %s",
			    flowcli_host());
			return FLOWCLI_USAGE;
		}
		path = target.path;
	}
	if ((fd = flowcli_target_unix_connect(path)) < 0) {
		flowcli_err("cannot connect to unix:%s: %s", path,
		    strerror(errno));
		return FLOWCLI_FAIL;
	}
	/* Only the socket is ours to make non-blocking: stdin may be a
	 * terminal shared with a shell. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	rc = relay(fd);
	close(fd);
	return rc;
}
