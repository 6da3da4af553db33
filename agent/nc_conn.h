/*
 * nc_conn.h: one client connection of the NETCONF server, shared by the
 * connection relay (nc_conn.c), its transports (UNIX there, SSH in
 * nc_ssh.c) and the listeners (nc_listen.c).
 *
 * A connection has two threads.  The I/O thread owns the client's socket
 * (and its SSH session): it reads, decodes and checks what the client
 * sends (nc_frame.c), writes whole messages to a socketpair whose other end
 * is a libnetconf2 FD session, and copies libnetconf2's replies back to
 * the client, with every deadline and limit enforced there.  The session
 * thread makes the libnetconf2 calls (nc_accept_inout, nc_ps_poll) and is
 * woken only when a whole request waits for it: an idle session costs no
 * CPU, and a client that stops reading holds only its own threads.
 */
#ifndef FLOW_NC_CONN_H
#define FLOW_NC_CONN_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "nc.h"
#include "nc_frame.h"

struct ncs_conn;

/* How the I/O thread reaches its client. */
struct ncs_xport {
	const char	*name;		/* "ssh", "unix" */
	const char	*mon;		/* ietf-netconf-monitoring transport */
	/* Before the NETCONF <hello> (SSH: key exchange, login, channel);
	 * sets c->user.  0, or -1 to drop the connection. */
	int	(*start)(struct ncs_conn *);
	/* Waits up to `ms` for the client, c->sp[0] (events c->sp_events)
	 * and c->ctl.  -1 when the transport failed. */
	int	(*wait)(struct ncs_conn *, int ms);
	/* Bytes from the client: > 0, 0 for none now, -1 when it is gone. */
	ssize_t	(*recv)(struct ncs_conn *, char *, size_t);
	/* Bytes to the client: how many were taken (>= 0), -1 when gone. */
	ssize_t	(*send)(struct ncs_conn *, const char *, size_t);
	/* Closes the client's connection. */
	void	(*end)(struct ncs_conn *);
};

extern const struct ncs_xport ncs_xport_unix, ncs_xport_ssh;

/* A message from the client waiting for its turn. */
struct ncs_msg {
	char		*data;
	size_t		 len;
	int		 reply;		/* data is our framed reply to send */
	int		 close;		/* then close the session */
	struct ncs_msg	*next;
};

struct ncs_conn {
	const struct ncs_xport *xp;
	int		 fd;		/* the client's socket */
	char		 peer[64];	/* its address; "uid N" on UNIX */
	char		 user[64];	/* the login name, once known */
	void		*ssh;		/* nc_ssh.c's state */
	int		 sp[2];		/* [0] the relay's, [1] libnetconf2's */
	int		 sp_events;	/* POLLIN/POLLOUT wanted on sp[0] */
	int		 client_events;	/* the same on the client (UNIX) */
	int		 ctl;		/* eventfd: wakes the I/O thread */

	/* The I/O thread's alone. */
	struct ncs_frame in;
	int		 hello;		/* the client's <hello> arrived */
	int		 hello_sent;	/* and went to libnetconf2 */
	int		 in_eof;	/* the client sends no more */
	int		 nc_eof;	/* libnetconf2's end is closed */
	int		 v11;		/* base:1.1 chunks from then on */
	struct ncs_msg	*queue, **qtail;
	size_t		 queued;	/* bytes in `queue` */
	char		*tonc;		/* what libnetconf2 gets next */
	size_t		 tonc_len, tonc_off;
	char		*out;		/* what the client gets next */
	size_t		 out_len, out_off;
	int		 busy;		/* a request is with libnetconf2 */
	int		 drained;	/* and its reply all read from sp[0] */
	unsigned	 done_seen;
	int		 closing;	/* send what is left, then close */
	int64_t		 deadline;	/* the <hello>'s, in ms */
	int64_t		 progress;	/* when the client last read */
	int64_t		 active;	/* when the last request came */

	/* Shared with the session thread, under lock. */
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	unsigned	 work;		/* requests handed over */
	unsigned	 done;		/* requests answered */
	int		 stop;		/* the session thread must end */
	int		 nc_state;	/* NC_STARTING, NC_RUNNING, NC_ENDED */

	/* Under the registry's lock. */
	struct nc_session *nc;
	uint32_t	 id;		/* libnetconf2's session id */
	int		 established;
	int		 authed;	/* counted for its user */
	int		 killed;
	int		 refs;
	struct ncs_conn	*next;
};

enum { NC_STARTING, NC_RUNNING, NC_ENDED };

/* nc_conn.c */
int64_t	ncs_now_ms(void);
/* Takes a connection accepted on `fd` (its peer and, for UNIX, its user):
 * admits it or closes it.  0 when admitted. */
int	ncs_conn_accept(int fd, const struct ncs_xport *, const char *peer,
	    const char *user);
/* The login is `c->user`: may it have one more session?  0, or -1 logged. */
int	ncs_conn_admit_user(struct ncs_conn *);
/* Wakes the I/O thread. */
void	ncs_conn_wake(struct ncs_conn *);
/* Ends every connection; waits up to `ms` for their threads. */
void	ncs_conn_stop_all(int ms);
/* Logs a refused connection, at most once a second (the rest counted). */
void	ncs_conn_refused(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/* nc_listen.c */
int	ncs_listen_unix(const char *path, const char *mode, const char *owner,
	    const char *group);
int	ncs_listen_tcp(const char *spec);
int	ncs_listen_start(void);
void	ncs_listen_stop(void);

/* nc_ssh.c */
int	ncs_ssh_init(void);
void	ncs_ssh_fini(void);

#endif
