/*
 * nc_ssh.c: NETCONF over SSH (RFC 6242), our end of it, with libssh.
 *
 * The connection's I/O thread (nc_conn.c) runs the whole SSH session:
 * the key exchange (blocking, within what is left of the handshake's
 * deadline), then libssh's event loop for the login (password or public
 * key, checked by nc_auth.c), the "session" channel and its "netconf"
 * subsystem, and then the channel's data, which the relay moves.  Only
 * then does libnetconf2 see anything, as an FD session.  One NETCONF
 * channel per SSH connection; other channels, shells, commands and
 * forwarding are refused.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "agent.h"
#include "nc_conn.h"

#define SSH_AUTH_TRIES	3

struct ssh_state {
	ssh_session	 s;
	ssh_channel	 ch;
	ssh_event	 ev;
	int		 fails;		/* failed login attempts */
	int		 authed;
	int		 ready;		/* the netconf subsystem runs */
	int		 sp_events;	/* what ev watches on sp[0] */
	int		 gone;		/* channel closed or EOF */
	struct ssh_server_callbacks_struct	scb;
	struct ssh_channel_callbacks_struct	ccb;
};

int
ncs_ssh_init(void)
{
	return ssh_init() == SSH_OK ? 0 : -1;
}

void
ncs_ssh_fini(void)
{
	ssh_finalize();
}

/* The same login name throughout (RFC 4252 allows a change; we do not). */
static int
same_user(struct ncs_conn *c, const char *user)
{
	if (user == NULL || user[0] == '\0')
		return 0;
	if (c->user[0] == '\0')
		snprintf(c->user, sizeof c->user, "%s", user);
	return strcmp(c->user, user) == 0;
}

static int
auth_password(ssh_session s, const char *user, const char *password,
    void *arg)
{
	struct ncs_conn *c = arg;
	struct ssh_state *st = c->ssh;

	(void)s;
	if (!same_user(c, user) ||
	    ncs_auth_password(c->user, c->peer, password) != 0) {
		st->fails++;
		return SSH_AUTH_DENIED;
	}
	st->authed = 1;
	return SSH_AUTH_SUCCESS;
}

static int
auth_pubkey(ssh_session s, const char *user, struct ssh_key_struct *key,
    char state, void *arg)
{
	struct ncs_conn *c = arg;
	struct ssh_state *st = c->ssh;

	(void)s;
	/* A key offered (NONE) is answered "would do" if it is listed;
	 * one signed (VALID: libssh checked the signature) logs in. */
	if ((state != SSH_PUBLICKEY_STATE_NONE &&
	    state != SSH_PUBLICKEY_STATE_VALID) || !same_user(c, user) ||
	    ncs_auth_pubkey(c->user, c->peer, key) != 0) {
		st->fails++;
		return SSH_AUTH_DENIED;
	}
	if (state == SSH_PUBLICKEY_STATE_VALID)
		st->authed = 1;
	return SSH_AUTH_SUCCESS;
}

static int
subsystem(ssh_session s, ssh_channel ch, const char *name, void *arg)
{
	struct ncs_conn *c = arg;
	struct ssh_state *st = c->ssh;

	(void)s;
	if (ch != st->ch || st->ready || strcmp(name, "netconf") != 0)
		return SSH_ERROR;
	st->ready = 1;
	return SSH_OK;
}

static void
channel_gone(ssh_session s, ssh_channel ch, void *arg)
{
	struct ncs_conn *c = arg;
	struct ssh_state *st = c->ssh;

	(void)s;
	if (ch == st->ch)
		st->gone = 1;
}

static ssh_channel
channel_open(ssh_session s, void *arg)
{
	struct ncs_conn *c = arg;
	struct ssh_state *st = c->ssh;

	if (!st->authed || st->ch != NULL)
		return NULL;
	if ((st->ch = ssh_channel_new(s)) == NULL)
		return NULL;
	memset(&st->ccb, 0, sizeof st->ccb);
	st->ccb.userdata = c;
	st->ccb.channel_subsystem_request_function = subsystem;
	st->ccb.channel_eof_function = channel_gone;
	st->ccb.channel_close_function = channel_gone;
	ssh_callbacks_init(&st->ccb);
	ssh_set_channel_callbacks(st->ch, &st->ccb);
	return st->ch;
}

/* The fds the relay adds to libssh's loop need no callback of their own:
 * the relay looks at everything after each wait. */
static int
fd_event(socket_t fd, int revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)arg;
	return 0;
}

static int
left_ms(const struct ncs_conn *c)
{
	int64_t left = c->deadline - ncs_now_ms();

	return left <= 0 ? 0 : left > 600000 ? 600000 : (int)left;
}

static int
ssh_start(struct ncs_conn *c)
{
	struct ssh_state *st;
	ssh_bind b;
	char key[4096];
	long sec, usec;
	int left;

	if ((st = calloc(1, sizeof *st)) == NULL)
		return -1;
	c->ssh = st;
	if ((st->s = ssh_new()) == NULL || (b = ssh_bind_new()) == NULL)
		return -1;
	/* The host key file is read for each connection, as sshd does:
	 * SIGHUP may have named another. */
	if (ncs_auth_hostkey(key, sizeof key) != 0 ||
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HOSTKEY, key) != SSH_OK ||
	    ssh_bind_accept_fd(b, st->s, c->fd) != SSH_OK) {
		ncs_conn_refused("ssh from %s: %s", c->peer, ssh_get_error(b));
		ssh_bind_free(b);
		return -1;
	}
	ssh_bind_free(b);
	c->fd = -1;	/* the session's now: ssh_free closes it */
	ssh_set_auth_methods(st->s, ncs.ssh_methods);
	memset(&st->scb, 0, sizeof st->scb);
	st->scb.userdata = c;
	st->scb.auth_password_function = auth_password;
	st->scb.auth_pubkey_function = auth_pubkey;
	st->scb.channel_open_request_session_function = channel_open;
	ssh_callbacks_init(&st->scb);
	ssh_set_server_callbacks(st->s, &st->scb);

	/* The key exchange, blocking, within the handshake's deadline. */
	left = left_ms(c);
	sec = left / 1000;
	usec = (long)(left % 1000) * 1000;
	ssh_options_set(st->s, SSH_OPTIONS_TIMEOUT, &sec);
	ssh_options_set(st->s, SSH_OPTIONS_TIMEOUT_USEC, &usec);
	if (left == 0 || ssh_handle_key_exchange(st->s) != SSH_OK) {
		/* Port probes end here too: not worth a warning. */
		log_debug("netconf: ssh from %s: key exchange failed: %s",
		    c->peer, left == 0 ? "timeout" : ssh_get_error(st->s));
		return -1;
	}
	ssh_set_blocking(st->s, 0);
	if ((st->ev = ssh_event_new()) == NULL ||
	    ssh_event_add_session(st->ev, st->s) != SSH_OK ||
	    ssh_event_add_fd(st->ev, c->ctl, POLLIN, fd_event, NULL) != SSH_OK)
		return -1;

	/* Login, channel, subsystem, within the same deadline. */
	while (!st->ready) {
		if ((left = left_ms(c)) == 0) {
			ncs_conn_refused("ssh from %s%s%s: no NETCONF channel "
			    "within %d s (netconf-hello-timeout)", c->peer,
			    c->user[0] ? ", user " : "", c->user,
			    ncs.hello_timeout);
			return -1;
		}
		if (ssh_event_dopoll(st->ev, left) == SSH_ERROR ||
		    !ssh_is_connected(st->s) || st->gone)
			return -1;
		if (st->fails >= SSH_AUTH_TRIES) {
			log_warnx("netconf: user %s from %s: %d failed logins; "
			    "disconnecting", c->user, c->peer, st->fails);
			return -1;
		}
	}
	return 0;
}

static int
ssh_wait(struct ncs_conn *c, int ms)
{
	struct ssh_state *st = c->ssh;
	int rc;

	if (c->sp_events != st->sp_events) {
		if (st->sp_events)
			ssh_event_remove_fd(st->ev, c->sp[0]);
		if (c->sp_events && ssh_event_add_fd(st->ev, c->sp[0],
		    (short)c->sp_events, fd_event, NULL) != SSH_OK)
			return -1;
		st->sp_events = c->sp_events;
	}
	rc = ssh_event_dopoll(st->ev, ms);
	if (rc == SSH_ERROR && errno != EINTR)
		return -1;
	return ssh_is_connected(st->s) ? 0 : -1;
}

static ssize_t
ssh_recv(struct ncs_conn *c, char *buf, size_t len)
{
	struct ssh_state *st = c->ssh;
	int n;

	if (len > INT32_MAX)
		len = INT32_MAX;
	n = ssh_channel_read_nonblocking(st->ch, buf, (uint32_t)len, 0);
	if (n > 0)
		return n;
	if (n == 0 && !st->gone && !ssh_channel_is_eof(st->ch) &&
	    !ssh_channel_is_closed(st->ch))
		return 0;
	return -1;
}

static ssize_t
ssh_send(struct ncs_conn *c, const char *buf, size_t len)
{
	struct ssh_state *st = c->ssh;
	uint32_t win;
	int n;

	if (ssh_channel_is_closed(st->ch) || !ssh_is_connected(st->s))
		return -1;
	/* Never more than the client's window: libssh would wait for it. */
	if ((win = ssh_channel_window_size(st->ch)) == 0)
		return 0;
	if (len > win)
		len = win;
	n = ssh_channel_write(st->ch, buf, (uint32_t)len);
	return n < 0 ? -1 : n;
}

static void
ssh_end(struct ncs_conn *c)
{
	struct ssh_state *st = c->ssh;

	if (st == NULL)
		return;
	if (st->ev != NULL) {
		if (st->sp_events)
			ssh_event_remove_fd(st->ev, c->sp[0]);
		ssh_event_remove_fd(st->ev, c->ctl);
		if (st->s != NULL)
			ssh_event_remove_session(st->ev, st->s);
		ssh_event_free(st->ev);
	}
	if (st->ch != NULL) {
		if (!ssh_channel_is_closed(st->ch))
			ssh_channel_close(st->ch);
		ssh_channel_free(st->ch);
	}
	if (st->s != NULL) {
		if (ssh_is_connected(st->s))
			ssh_disconnect(st->s);
		ssh_free(st->s);
	}
	free(st);
	c->ssh = NULL;
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

const struct ncs_xport ncs_xport_ssh = {
	"ssh", "netconf-ssh", ssh_start, ssh_wait, ssh_recv, ssh_send, ssh_end
};
