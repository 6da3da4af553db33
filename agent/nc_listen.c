/*
 * nc_listen.c: the NETCONF server's listening sockets and the thread that
 * accepts on them.
 *
 * Accepting costs nothing but an accept(2): the handshake happens in the
 * connection's own thread (nc_conn.c), so no client, however slow, keeps
 * another from connecting; the registry caps how many may be handshaking
 * at once, in all and per source.  Backlogs are SOMAXCONN.  The UNIX
 * socket is never taken from a live daemon: an existing socket that
 * answers a connect() belongs to one, and we refuse to start.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* struct ucred, accept4 */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "agent.h"
#include "nc_conn.h"

#define LISTENERS	2

static struct listener {
	int			 fd;
	const struct ncs_xport	*xp;
} listeners[LISTENERS];
static int		 nlisteners;
static char		*unix_path;
static int		 wake_fd = -1;
static pthread_t	 thread;
static int		 thread_on;

static int
add_listener(int fd, const struct ncs_xport *xp)
{
	if (nlisteners == LISTENERS) {
		close(fd);
		return -1;
	}
	listeners[nlisteners].fd = fd;
	listeners[nlisteners].xp = xp;
	nlisteners++;
	return 0;
}

/* Is a daemon answering on the UNIX socket `path`? */
static int
unix_alive(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, alive;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0)
		return 0;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	alive = connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0 ||
	    errno == EAGAIN;
	close(fd);
	return alive;
}

int
ncs_listen_unix(const char *path, const char *mode_s, const char *owner,
    const char *group)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t mode = 0660;
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	struct stat sb;
	int fd;

	if (mode_s != NULL) {
		char *end;
		unsigned long m = strtoul(mode_s, &end, 8);

		if (*end != '\0' || m == 0 || m > 07777) {
			log_warnx("netconf: bad socket mode %s", mode_s);
			return -1;
		}
		mode = (mode_t)m;
	}
	if (owner != NULL) {
		struct passwd *pw = getpwnam(owner);

		if (pw == NULL) {
			log_warnx("netconf: no user %s", owner);
			return -1;
		}
		uid = pw->pw_uid;
	}
	if (group != NULL) {
		struct group *gr = getgrnam(group);

		if (gr == NULL) {
			log_warnx("netconf: no group %s", group);
			return -1;
		}
		gid = gr->gr_gid;
	}
	if (strlen(path) >= sizeof sun.sun_path) {
		log_warnx("netconf: %s: path too long for a socket", path);
		return -1;
	}
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			log_warnx("netconf: %s: exists and is not a socket",
			    path);
			return -1;
		}
		if (unix_alive(path)) {
			log_warnx("netconf: %s: in use by a running daemon",
			    path);
			return -1;
		}
		unlink(path);	/* left by a daemon that died */
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		log_warn("netconf: %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (chmod(path, mode) != 0 ||
	    ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(path, uid, gid) != 0) || listen(fd, SOMAXCONN) != 0) {
		log_warn("netconf: %s", path);
		close(fd);
		unlink(path);
		return -1;
	}
	if ((unix_path = strdup(path)) == NULL || add_listener(fd,
	    &ncs_xport_unix) != 0) {
		close(fd);
		unlink(path);
		return -1;
	}
	return 0;
}

int
ncs_listen_tcp(const char *spec)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE };
	struct addrinfo *ai;
	char addr[256], port[8];
	unsigned long p;
	int fd, one = 1, rc;

	if (ncs_ssh_addr(spec, addr, sizeof addr, &p) != 0) {
		log_warnx("netconf: bad address %s (ADDR[:PORT])", spec);
		return -1;
	}
	snprintf(port, sizeof port, "%lu", p);
	if ((rc = getaddrinfo(addr, port, &hints, &ai)) != 0) {
		log_warnx("netconf: %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) != 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
	    listen(fd, SOMAXCONN) != 0) {
		log_warn("netconf: cannot listen on %s", spec);
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	return add_listener(fd, &ncs_xport_ssh);
}

/* Who is at the other end: the address, or the UNIX peer's uid and name. */
static int
peer_of(int fd, const struct ncs_xport *xp, char *peer, size_t plen,
    char *user, size_t ulen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	memset(&ss, 0, sizeof ss);
	user[0] = '\0';
	if (xp == &ncs_xport_unix) {
		struct ucred cr;
		struct passwd pw, *res = NULL;
		char buf[4096];

		len = sizeof cr;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) != 0)
			return -1;
		snprintf(peer, plen, "uid %ld", (long)cr.uid);
		if (getpwuid_r(cr.uid, &pw, buf, sizeof buf, &res) != 0 ||
		    res == NULL) {
			ncs_conn_refused("unix socket: uid %ld has no user "
			    "name", (long)cr.uid);
			return -1;
		}
		snprintf(user, ulen, "%s", pw.pw_name);
		return 0;
	}
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		return -1;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, peer, (socklen_t)plen);
		/* A v4-mapped client is its v4 address. */
		if (strncmp(peer, "::ffff:", 7) == 0 && strchr(peer, '.'))
			memmove(peer, peer + 7, strlen(peer + 7) + 1);
	} else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    peer, (socklen_t)plen);
	return 0;
}

static void *
acceptor(void *arg)
{
	struct pollfd p[LISTENERS + 1];

	(void)arg;
	pthread_setname_np(pthread_self(), "fa-nc-accept");
	for (;;) {
		for (int i = 0; i < nlisteners; i++) {
			p[i].fd = listeners[i].fd;
			p[i].events = POLLIN;
		}
		p[nlisteners].fd = wake_fd;
		p[nlisteners].events = POLLIN;
		if (poll(p, (nfds_t)nlisteners + 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_warn("netconf: poll");
			break;
		}
		if (p[nlisteners].revents)
			break;		/* stopping */
		for (int i = 0; i < nlisteners; i++) {
			char peer[64], user[64];
			int fd;

			if (!p[i].revents)
				continue;
			while ((fd = accept4(listeners[i].fd, NULL, NULL,
			    SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
				if (peer_of(fd, listeners[i].xp, peer,
				    sizeof peer, user, sizeof user) != 0) {
					close(fd);
					continue;
				}
				ncs_conn_accept(fd, listeners[i].xp, peer,
				    user);
			}
			if (errno == EMFILE || errno == ENFILE) {
				/* Out of descriptors: let sessions end
				 * rather than spin on the backlog. */
				ncs_conn_refused("accept: %s",
				    strerror(errno));
				poll(NULL, 0, 100);
			}
		}
	}
	return NULL;
}

int
ncs_listen_start(void)
{
	if ((wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
		return -1;
	if (pthread_create(&thread, NULL, acceptor, NULL) != 0) {
		log_warn("netconf: thread");
		return -1;
	}
	thread_on = 1;
	return 0;
}

void
ncs_listen_stop(void)
{
	uint64_t one = 1;

	if (thread_on) {
		(void)!write(wake_fd, &one, sizeof one);
		pthread_join(thread, NULL);
		thread_on = 0;
	}
	if (wake_fd >= 0) {
		close(wake_fd);
		wake_fd = -1;
	}
	for (int i = 0; i < nlisteners; i++)
		close(listeners[i].fd);
	nlisteners = 0;
	if (unix_path != NULL) {
		unlink(unix_path);
		free(unix_path);
		unix_path = NULL;
	}
}
