/*
 * nc_conn.c: the life of one NETCONF connection (see nc_conn.h): the
 * registry that admits connections within the configured limits, the I/O
 * thread's relay between the client and libnetconf2, and the session
 * thread that makes libnetconf2's calls.
 *
 * The relay keeps to one request at a time with libnetconf2, in the order
 * the client sent them, so that the replies it writes itself (a request
 * that is not well-formed XML, a framing error) take their place among
 * libnetconf2's.  Every wait has a bound: the handshake an absolute
 * deadline from accept, a reply the client does not read the write
 * timeout, an idle session the idle timeout.  What the relay holds is
 * bounded too: one request being decoded, one waiting, one with
 * libnetconf2 (each at most netconf-max-message), and OUT_MAX of reply.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* pthread_setname_np */
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "nc_conn.h"

#define OUT_MAX		(256u << 10)	/* reply held for a slow client */
#define READ_MAX	(64u << 10)

static pthread_mutex_t	 reg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 reg_empty = PTHREAD_COND_INITIALIZER;
static struct ncs_conn	*conns;
static int		 stopping;

int64_t
ncs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
ncs_conn_refused(const char *fmt, ...)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static int64_t last;
	static unsigned quiet;
	char msg[256];
	unsigned n = 0;
	int64_t now = ncs_now_ms();
	va_list ap;

	/* A flood of connections must not become a flood of lines. */
	pthread_mutex_lock(&lock);
	if (now - last < 1000) {
		quiet++;
		pthread_mutex_unlock(&lock);
		return;
	}
	last = now;
	n = quiet;
	quiet = 0;
	pthread_mutex_unlock(&lock);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n > 0)
		log_warnx("netconf: %s (and %u more refused in the last "
		    "second)", msg, n);
	else
		log_warnx("netconf: %s", msg);
}

void
ncs_conn_wake(struct ncs_conn *c)
{
	uint64_t one = 1;

	(void)!write(c->ctl, &one, sizeof one);
}

static void
msg_free(struct ncs_msg *m)
{
	if (m != NULL) {
		free(m->data);
		free(m);
	}
}

static void
conn_free(struct ncs_conn *c)
{
	struct ncs_msg *m;

	while ((m = c->queue) != NULL) {
		c->queue = m->next;
		msg_free(m);
	}
	ncs_frame_free(&c->in);
	free(c->tonc);
	free(c->out);
	if (c->sp[0] >= 0)
		close(c->sp[0]);
	if (c->sp[1] >= 0)
		close(c->sp[1]);
	if (c->fd >= 0)
		close(c->fd);
	close(c->ctl);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
}

static void
conn_unref(struct ncs_conn *c)
{
	struct ncs_conn **p;
	int last;

	pthread_mutex_lock(&reg_lock);
	if ((last = --c->refs == 0)) {
		for (p = &conns; *p != NULL; p = &(*p)->next)
			if (*p == c) {
				*p = c->next;
				break;
			}
		if (conns == NULL)
			pthread_cond_broadcast(&reg_empty);
	}
	pthread_mutex_unlock(&reg_lock);
	if (last)
		conn_free(c);
}

int
ncs_conn_admit_user(struct ncs_conn *c)
{
	int n = 0;

	pthread_mutex_lock(&reg_lock);
	for (struct ncs_conn *o = conns; o != NULL; o = o->next)
		n += o != c && o->authed && strcmp(o->user, c->user) == 0;
	if (n < ncs.max_sessions_user)
		c->authed = 1;
	pthread_mutex_unlock(&reg_lock);
	if (c->authed)
		return 0;
	ncs_conn_refused("user %s from %s: already %d sessions "
	    "(netconf-max-sessions-per-user)", c->user, c->peer, n);
	return -1;
}

/* Sessions, and their end. */

static void *
session_thread(void *arg)
{
	struct ncs_conn *c = arg;
	struct nc_session *s = NULL;
	struct nc_pollsession *ps = NULL;
	unsigned handled = 0;
	int full = 0;
	NC_MSG_TYPE r;

	pthread_setname_np(pthread_self(), "fa-nc-session");

	ncs_log_quiet_if = &c->stop;
	ncs_log_quiet = 1;
	r = nc_accept_inout(c->sp[1], c->sp[1], c->user, &s);
	ncs_log_quiet = 0;
	if (r != NC_MSG_HELLO) {
		log_debug("netconf: %s from %s: no NETCONF <hello>", c->user,
		    c->peer);
		s = NULL;
		goto end;
	}
	pthread_mutex_lock(&reg_lock);
	{
		int n = 0;

		for (struct ncs_conn *o = conns; o != NULL; o = o->next)
			n += o->established;
		if (n >= ncs.max_sessions)
			full = 1;
		else {
			c->nc = s;
			c->id = nc_session_get_id(s);
			c->established = 1;
		}
	}
	pthread_mutex_unlock(&reg_lock);
	if (full) {
		ncs_conn_refused("user %s from %s: already %d sessions "
		    "(netconf-max-sessions)", c->user, c->peer,
		    ncs.max_sessions);
		nc_session_free(s, NULL);
		s = NULL;
		goto end;
	}
	if ((ps = nc_ps_new()) == NULL || nc_ps_add_session(ps, s) != 0)
		goto end;
	ncs_mon_session_new(s, c->user, c->xp->mon, c->xp == &ncs_xport_ssh ?
	    c->peer : NULL);
	log_debug("netconf session %u: user %s from %s over %s", c->id,
	    c->user, c->peer, c->xp->name);
	pthread_mutex_lock(&c->lock);
	c->nc_state = NC_RUNNING;
	pthread_mutex_unlock(&c->lock);
	ncs_conn_wake(c);

	for (;;) {
		struct nc_session *x = NULL;
		int pr;

		pthread_mutex_lock(&c->lock);
		while (c->work == handled && !c->stop)
			pthread_cond_wait(&c->cond, &c->lock);
		if (c->stop) {
			pthread_mutex_unlock(&c->lock);
			break;
		}
		pthread_mutex_unlock(&c->lock);
		/* The whole request is in the socketpair, or being
		 * written there: it is read at once. */
		pr = nc_ps_poll(ps, 1000, &x);
		ncs_stream_done();
		if (pr & NC_PSPOLL_TIMEOUT)
			continue;
		if (pr & (NC_PSPOLL_RPC | NC_PSPOLL_BAD_RPC))
			ncs_mon_rpc(s, (pr & NC_PSPOLL_BAD_RPC) != 0,
			    (pr & NC_PSPOLL_REPLY_ERROR) != 0);
		handled++;
		pthread_mutex_lock(&c->lock);
		c->done = handled;
		pthread_mutex_unlock(&c->lock);
		ncs_conn_wake(c);
		if ((pr & (NC_PSPOLL_SESSION_TERM | NC_PSPOLL_NOSESSIONS)) ||
		    nc_session_get_status(s) != NC_STATUS_RUNNING)
			break;
	}
end:
	if (s != NULL) {
		pthread_mutex_lock(&reg_lock);
		c->nc = NULL;
		pthread_mutex_unlock(&reg_lock);
		log_debug("netconf session %u: ended", c->id);
		ncs_mon_session_del(s);
	}
	if (ps != NULL) {
		if (s != NULL)
			nc_ps_del_session(ps, s);
		nc_ps_free(ps);
	}
	if (s != NULL)
		nc_session_free(s, NULL);
	ncs_stream_done();
	ncs_log_quiet_if = NULL;
	/* libnetconf2 is done with its end: the relay sees EOF. */
	pthread_mutex_lock(&c->lock);
	shutdown(c->sp[1], SHUT_RDWR);
	c->nc_state = NC_ENDED;
	pthread_mutex_unlock(&c->lock);
	ncs_conn_wake(c);
	nc_thread_destroy();
	conn_unref(c);
	return NULL;
}

/* The relay: the I/O thread's work. */

static int
queue_add(struct ncs_conn *c, char *data, size_t len, int reply, int close)
{
	struct ncs_msg *m = calloc(1, sizeof *m);

	if (m == NULL) {
		free(data);
		return -1;
	}
	m->data = data;
	m->len = len;
	m->reply = reply;
	m->close = close;
	*c->qtail = m;
	c->qtail = &m->next;
	c->queued += len;
	return 0;
}

/* Our own rpc-error, in its turn among the replies. */
static int
queue_error(struct ncs_conn *c, const char *tag, const char *why, int close)
{
	size_t len;
	char *r = ncs_frame_error(tag, why, c->v11, &len);

	if (r == NULL)
		return -1;
	return queue_add(c, r, len, 1, close);
}

/* A whole message from the client. */
static int
on_message(struct ncs_conn *c, char *msg, size_t len)
{
	char why[256];

	if (!c->hello) {
		if (ncs_frame_hello(msg, len, &c->v11, why, sizeof why) != 0) {
			log_info("netconf: %s from %s: bad <hello>: %s",
			    c->user, c->peer, why);
			free(msg);
			return -1;
		}
		c->hello = 1;
		if (c->v11)
			ncs_frame_chunked(&c->in);
		return queue_add(c, msg, len, 0, 0);
	}
	if (ncs_frame_check(msg, len, why, sizeof why) != 0) {
		log_debug("netconf: %s from %s: malformed message: %s",
		    c->user, c->peer, why);
		free(msg);
		return queue_error(c, "malformed-message", why, 0);
	}
	return queue_add(c, msg, len, 0, 0);
}

/* From the client: 1 when something came, 0 when nothing, -1 to close. */
static int
from_client(struct ncs_conn *c)
{
	char buf[READ_MAX];
	ssize_t n;
	size_t off = 0, used;
	int rc;

	if (c->queue != NULL || c->closing || c->in_eof)
		return 0;	/* one request waits already */
	if ((n = c->xp->recv(c, buf, sizeof buf)) <= 0) {
		if (n == 0)
			return 0;
		/* Gone; what it asked for may still be answered. */
		c->in_eof = 1;
		return 1;
	}
	while (off < (size_t)n) {
		rc = ncs_frame_feed(&c->in, buf + off, (size_t)n - off, &used);
		off += used;
		if (rc == NCS_FRAME_MORE)
			break;
		if (rc == NCS_FRAME_MSG) {
			size_t len;
			char *msg = ncs_frame_take(&c->in, &len);

			if (msg == NULL || on_message(c, msg, len) != 0)
				return -1;
			continue;
		}
		if (rc == NCS_FRAME_NOMEM || !c->hello)
			return -1;
		log_info("netconf: %s from %s: %s; closing the session",
		    c->user, c->peer, rc == NCS_FRAME_BIG ?
		    "request over netconf-max-message" :
		    "bad chunked framing");
		c->in_eof = 1;
		return queue_error(c, rc == NCS_FRAME_BIG ? "too-big" :
		    "malformed-message", rc == NCS_FRAME_BIG ?
		    "the request is larger than the server accepts" :
		    "bad chunked framing (RFC 6242 4.2)", 1) != 0 ? -1 : 1;
	}
	return 1;
}

static size_t
out_pending(const struct ncs_conn *c)
{
	return c->out_len - c->out_off;
}

/* Room for n more bytes of reply (beyond OUT_MAX for our own). */
static int
out_reserve(struct ncs_conn *c, size_t n)
{
	if (c->out == NULL && (c->out = malloc(OUT_MAX)) == NULL)
		return -1;
	if (c->out_off > 0 && c->out_len + n > OUT_MAX) {
		memmove(c->out, c->out + c->out_off, out_pending(c));
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	if (c->out_len + n > OUT_MAX) {
		char *o = realloc(c->out, c->out_len + n);

		if (o == NULL)
			return -1;
		c->out = o;
	}
	return 0;
}

static int
nc_running(struct ncs_conn *c)
{
	int st;

	pthread_mutex_lock(&c->lock);
	st = c->nc_state;
	pthread_mutex_unlock(&c->lock);
	return st;
}

/* The next waiting message goes to libnetconf2, or our reply to the
 * client, when its turn has come. */
static int
dispatch(struct ncs_conn *c)
{
	struct ncs_msg *m = c->queue;
	char head[32];
	size_t hl, tl;
	const char *tail;
	int chunked;

	if (m == NULL || c->busy || c->tonc != NULL)
		return 0;
	if (m->reply) {
		if (nc_running(c) != NC_RUNNING || !c->drained)
			return 0;
		if (out_pending(c) == 0)
			c->progress = ncs_now_ms();
		if (out_reserve(c, m->len) != 0)
			return -1;
		memcpy(c->out + c->out_len, m->data, m->len);
		c->out_len += m->len;
		if (m->close)
			c->closing = 1;
	} else {
		/* The <hello> is framed the old way, whatever follows. */
		int request = c->hello_sent;

		chunked = c->v11 && request;
		if (request && nc_running(c) != NC_RUNNING)
			return 0;
		hl = ncs_frame_head(head, sizeof head, m->len, chunked);
		tail = ncs_frame_tail(chunked, &tl);
		if ((c->tonc = malloc(hl + m->len + tl)) == NULL)
			return -1;
		memcpy(c->tonc, head, hl);
		memcpy(c->tonc + hl, m->data, m->len);
		memcpy(c->tonc + hl + m->len, tail, tl);
		c->tonc_len = hl + m->len + tl;
		c->tonc_off = 0;
		c->drained = 0;
		c->active = ncs_now_ms();
		if (request) {
			c->busy = 1;
			pthread_mutex_lock(&c->lock);
			c->work++;
			pthread_cond_signal(&c->cond);
			pthread_mutex_unlock(&c->lock);
		}
		c->hello_sent = 1;
	}
	c->queue = m->next;
	if (c->queue == NULL)
		c->qtail = &c->queue;
	c->queued -= m->len;
	msg_free(m);
	return 1;
}

/* From libnetconf2 (its replies) to the client's buffer. */
static int
from_nc(struct ncs_conn *c)
{
	int got = 0;

	while (!c->nc_eof) {
		size_t room;
		ssize_t n;

		if (out_reserve(c, 0) != 0)
			return -1;
		room = c->out_len - c->out_off < OUT_MAX ?
		    OUT_MAX - (c->out_len - c->out_off) : 0;
		if (room == 0)
			break;
		if (c->out_len + room > OUT_MAX && out_reserve(c, room) != 0)
			return -1;
		n = read(c->sp[0], c->out + c->out_len, room);
		if (n > 0) {
			if (out_pending(c) == 0)
				c->progress = ncs_now_ms();
			c->out_len += (size_t)n;
			got = 1;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			if (!c->busy && c->tonc == NULL &&
			    nc_running(c) == NC_RUNNING)
				c->drained = 1;
			break;
		}
		c->nc_eof = 1;		/* libnetconf2's end is closed */
		got = 1;
	}
	return got;
}

/* To the client. */
static int
to_client(struct ncs_conn *c)
{
	int got = 0;

	while (out_pending(c) > 0) {
		ssize_t n = c->xp->send(c, c->out + c->out_off,
		    out_pending(c));

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		c->out_off += (size_t)n;
		c->progress = ncs_now_ms();
		got = 1;
	}
	if (out_pending(c) == 0)
		c->out_off = c->out_len = 0;
	return got;
}

/* To libnetconf2. */
static int
to_nc(struct ncs_conn *c)
{
	int got = 0;

	while (c->tonc != NULL) {
		ssize_t n = send(c->sp[0], c->tonc + c->tonc_off,
		    c->tonc_len - c->tonc_off, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0)
			return -1;
		got = 1;
		if ((c->tonc_off += (size_t)n) == c->tonc_len) {
			free(c->tonc);
			c->tonc = NULL;
		}
	}
	return got;
}

/* Everything that can move, moved.  0 to go on waiting, -1 to close. */
static int
relay(struct ncs_conn *c)
{
	int64_t now;
	int moved, r;

	do {
		uint64_t ev;
		unsigned done;
		int killed;

		(void)!read(c->ctl, &ev, sizeof ev);
		pthread_mutex_lock(&reg_lock);
		killed = c->killed || stopping;
		pthread_mutex_unlock(&reg_lock);
		if (killed)
			return -1;
		pthread_mutex_lock(&c->lock);
		done = c->done;
		if (c->nc_state == NC_ENDED)
			c->closing = 1;
		pthread_mutex_unlock(&c->lock);
		moved = 0;
		if (done != c->done_seen) {
			c->done_seen = done;
			c->busy = 0;
			moved = 1;
		}
		if ((r = from_nc(c)) < 0)
			return -1;
		moved |= r;
		if (c->nc_eof)
			c->closing = 1;
		if ((r = to_client(c)) < 0)
			return -1;
		moved |= r;
		if ((r = from_client(c)) < 0)
			return -1;
		moved |= r;
		if ((r = dispatch(c)) < 0)
			return -1;
		moved |= r;
		if ((r = to_nc(c)) < 0)
			c->closing = 1;
		else
			moved |= r;
	} while (moved);

	if (out_pending(c) == 0 && (c->closing || (c->in_eof &&
	    c->queue == NULL && !c->busy && c->tonc == NULL)))
		return -1;	/* all said */
	now = ncs_now_ms();
	if (nc_running(c) == NC_STARTING && now >= c->deadline) {
		ncs_conn_refused("%s from %s: no NETCONF session within %d s "
		    "(netconf-hello-timeout)", c->user[0] ? c->user : "client",
		    c->peer, ncs.hello_timeout);
		return -1;
	}
	if (out_pending(c) > 0 &&
	    now - c->progress >= (int64_t)ncs.write_timeout * 1000) {
		log_warnx("netconf session %u: user %s from %s read nothing "
		    "for %d s (netconf-write-timeout); closing it", c->id,
		    c->user, c->peer, ncs.write_timeout);
		return -1;
	}
	if (ncs.idle_timeout > 0 && !c->busy && c->queue == NULL &&
	    out_pending(c) == 0 && nc_running(c) == NC_RUNNING &&
	    now - c->active >= (int64_t)ncs.idle_timeout * 1000) {
		log_info("netconf session %u: idle for %d s; closing it", c->id,
		    ncs.idle_timeout);
		return -1;
	}
	c->client_events = (c->queue == NULL && !c->closing && !c->in_eof ?
	    POLLIN : 0) | (out_pending(c) > 0 ? POLLOUT : 0);
	c->sp_events = c->nc_eof ? 0 : (out_pending(c) < OUT_MAX ? POLLIN : 0) |
	    (c->tonc != NULL ? POLLOUT : 0);
	return 0;
}

/* How long the I/O thread may wait for something to happen. */
static int
relay_timeout(const struct ncs_conn *c)
{
	int64_t now = ncs_now_ms(), t = INT32_MAX, d;

	if (nc_running((struct ncs_conn *)c) == NC_STARTING)
		t = c->deadline - now;
	if (out_pending(c) > 0 && (d = c->progress +
	    (int64_t)ncs.write_timeout * 1000 - now) < t)
		t = d;
	if (ncs.idle_timeout > 0 && (d = c->active +
	    (int64_t)ncs.idle_timeout * 1000 - now) < t)
		t = d;
	return t < 0 ? 0 : t > 60000 ? 60000 : (int)t;
}

static void *
io_thread(void *arg)
{
	struct ncs_conn *c = arg;
	pthread_t t;
	int started = 0;

	pthread_setname_np(pthread_self(), "fa-nc-io");

	if (c->xp->start(c) != 0 || ncs_conn_admit_user(c) != 0)
		goto end;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, c->sp) != 0) {
		log_warn("netconf: socketpair");
		c->sp[0] = c->sp[1] = -1;
		goto end;
	}
	fcntl(c->sp[0], F_SETFL, fcntl(c->sp[0], F_GETFL) | O_NONBLOCK);
	pthread_mutex_lock(&reg_lock);
	c->refs++;
	pthread_mutex_unlock(&reg_lock);
	if (pthread_create(&t, NULL, session_thread, c) != 0) {
		log_warn("netconf: thread");
		pthread_mutex_lock(&reg_lock);
		c->refs--;
		pthread_mutex_unlock(&reg_lock);
		goto end;
	}
	pthread_detach(t);
	started = 1;
	c->progress = c->active = ncs_now_ms();
	while (relay(c) == 0)
		if (c->xp->wait(c, relay_timeout(c)) < 0)
			break;
end:
	c->xp->end(c);
	pthread_mutex_lock(&c->lock);
	__atomic_store_n(&c->stop, 1, __ATOMIC_RELAXED);
	if (c->sp[0] >= 0)
		shutdown(c->sp[0], SHUT_RDWR);	/* libnetconf2 sees EOF */
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	(void)started;
	conn_unref(c);
	return NULL;
}

int
ncs_conn_accept(int fd, const struct ncs_xport *xp, const char *peer,
    const char *user)
{
	struct ncs_conn *c;
	pthread_attr_t attr;
	pthread_t t;
	int startups = 0, from = 0, sessions = 0, ok;

	pthread_mutex_lock(&reg_lock);
	for (struct ncs_conn *o = conns; o != NULL; o = o->next) {
		if (o->established)
			sessions++;
		else {
			startups++;
			from += strcmp(o->peer, peer) == 0;
		}
	}
	ok = !stopping && sessions < ncs.max_sessions &&
	    startups < ncs.max_startups && from < ncs.max_startups_source;
	pthread_mutex_unlock(&reg_lock);
	if (!ok) {
		if (sessions >= ncs.max_sessions)
			ncs_conn_refused("%s: already %d sessions "
			    "(netconf-max-sessions)", peer, sessions);
		else if (startups >= ncs.max_startups)
			ncs_conn_refused("%s: already %d connections logging "
			    "in (netconf-max-startups)", peer, startups);
		else if (!stopping)
			ncs_conn_refused("%s: already %d connections logging "
			    "in from there (netconf-max-startups-per-source)",
			    peer, from);
		close(fd);
		return -1;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		close(fd);
		return -1;
	}
	c->xp = xp;
	c->fd = fd;
	c->sp[0] = c->sp[1] = -1;
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	snprintf(c->user, sizeof c->user, "%s", user != NULL ? user : "");
	c->qtail = &c->queue;
	c->drained = 1;
	c->deadline = ncs_now_ms() + (int64_t)ncs.hello_timeout * 1000;
	ncs_frame_init(&c->in, ncs.max_message);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	if ((c->ctl = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		close(fd);
		free(c);
		return -1;
	}
	c->refs = 1;
	pthread_mutex_lock(&reg_lock);
	c->next = conns;
	conns = c;
	pthread_mutex_unlock(&reg_lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, io_thread, c) != 0) {
		log_warn("netconf: thread");
		pthread_attr_destroy(&attr);
		conn_unref(c);
		return -1;
	}
	pthread_attr_destroy(&attr);
	return 0;
}

int
ncs_conn_kill(uint32_t id, uint32_t by)
{
	struct ncs_conn *c;

	pthread_mutex_lock(&reg_lock);
	for (c = conns; c != NULL; c = c->next)
		if (c->nc != NULL && c->id == id && !c->killed)
			break;
	if (c != NULL) {
		/* A reply being written to it stops there. */
		nc_session_set_term_reason(c->nc, NC_SESSION_TERM_KILLED);
		nc_session_set_killed_by(c->nc, by);
		nc_session_set_status(c->nc, NC_STATUS_INVALID);
		c->killed = 1;
		ncs_conn_wake(c);
	}
	pthread_mutex_unlock(&reg_lock);
	return c != NULL ? 0 : -1;
}

void
ncs_conn_stop_all(int ms)
{
	struct timespec ts;
	int rc = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&reg_lock);
	stopping = 1;
	for (struct ncs_conn *c = conns; c != NULL; c = c->next)
		ncs_conn_wake(c);
	while (conns != NULL && rc == 0)
		rc = pthread_cond_timedwait(&reg_empty, &reg_lock, &ts);
	if (conns != NULL)
		log_warnx("netconf: sessions still ending at exit");
	pthread_mutex_unlock(&reg_lock);
}

int
ncs_conn_active(void)
{
	int n;

	pthread_mutex_lock(&reg_lock);
	n = conns != NULL;
	pthread_mutex_unlock(&reg_lock);
	return n;
}

/* UNIX sockets: plain non-blocking reads and writes. */

static int
unix_start(struct ncs_conn *c)
{
	(void)c;
	return 0;
}

static int
unix_wait(struct ncs_conn *c, int ms)
{
	struct pollfd p[3] = {
		{ .fd = c->fd, .events = (short)c->client_events },
		{ .fd = c->sp_events ? c->sp[0] : -1,
		    .events = (short)c->sp_events },
		{ .fd = c->ctl, .events = POLLIN },
	};

	if (poll(p, 3, ms) < 0)
		return errno == EINTR ? 0 : -1;
	/* Hung up while we do not read it: gone all the same. */
	if ((p[0].revents & (POLLHUP | POLLERR)) &&
	    !(c->client_events & POLLIN))
		return -1;
	if (p[1].revents & (POLLHUP | POLLERR))
		c->nc_eof = !(c->sp_events & POLLIN) ? 1 : c->nc_eof;
	return 0;
}

static ssize_t
unix_recv(struct ncs_conn *c, char *buf, size_t len)
{
	ssize_t n;

	do
		n = read(c->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	return n > 0 ? n : -1;
}

static ssize_t
unix_send(struct ncs_conn *c, const char *buf, size_t len)
{
	ssize_t n;

	do
		n = send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	return n;
}

static void
unix_end(struct ncs_conn *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

const struct ncs_xport ncs_xport_unix = {
	"unix", "flowagent-unix", unix_start, unix_wait, unix_recv,
	unix_send, unix_end
};
