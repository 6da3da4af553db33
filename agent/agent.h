/*
 * agent.h: flowagentd's private header, a section per file.
 */
#ifndef FLOW_AGENT_H
#define FLOW_AGENT_H

#include <signal.h>
#include <stdio.h>

#include "source.h"
#include "store.h"

/* conf.c: options, from the command line and the configuration file. */
#define CONF_MAXOPTS	64
struct agent_conf {
	int	 foreground;
	int	 debug;
	int	 log_syslog;		/* -1: syslog unless in the foreground */
	int	 check_only;
	char	*config;
	char	*source;		/* source spec, see source.h */
	char	*pidfile;
	int	 snmp;			/* run the SNMP front end */
	char	*agentx_socket;
	int	 agentx_ping;		/* seconds between pings/reconnects */
	int	 netconf;		/* run the NETCONF front end */
	char	*nc_ssh;		/* ADDR[:PORT] */
	char	*nc_unix;		/* socket path */
	char	*nc_unix_mode, *nc_unix_owner, *nc_unix_group;
	char	*hostkey;
	char	*authorized_keys;	/* %u: user name */
	char	*password_file;
	int	 nc_workers;		/* accepted, no effect */
	int	 nc_idle_timeout;
	int	 nc_hello_timeout;	/* accept to <hello>, seconds */
	int	 nc_write_timeout;	/* no write progress, seconds */
	int	 nc_max_startups;	/* handshakes under way */
	int	 nc_max_startups_source;
	int	 nc_max_sessions;
	int	 nc_max_sessions_user;
	int	 nc_max_message;	/* bytes */
	int	 nc_filter_timeout;	/* seconds per filter */
	char	*hostname;
	char	*junos_release;		/* the text and XML of; NULL: data's */
	char	*yang_dir;
	char	*user;			/* run as USER, with CAP_NET_ADMIN */
	/* Per option, in conf.c's table order: where its value came from
	 * (the line in `config`; 0: the default; -1: the command line). */
	int	 line[CONF_MAXOPTS];
};

#define AGENT_DEFAULT_SOURCE	"sample"
#define AGENT_DEFAULT_AGENTX	"/var/agentx/master"
#ifndef AGENT_DEFAULT_YANGDIR
#define AGENT_DEFAULT_YANGDIR	"/usr/share/yang/modules/flowagent"
#endif

void	conf_defaults(struct agent_conf *);
/* 0: run; 1: done (help, version); -1: bad options or file (reported). */
int	conf_parse(struct agent_conf *, int argc, char **argv);
void	conf_free(struct agent_conf *);
/* What the syntax does not show: key files readable, addresses, socket
 * owner, YANG modules present...  0, or -1 with each problem logged with
 * the file and line. */
int	conf_check(const struct agent_conf *);
/* Where option `name` (its long name) was set, for messages: "FILE: line
 * N: key", "--name" or "name (default)"; returns buf. */
const char *conf_where(const struct agent_conf *, const char *name,
	    char *buf, size_t len);
/* SIGHUP with -c: parses the file (and the command line) again; when it
 * checks out, applies what can change live to *running and the daemon,
 * logs what waits for a restart; else keeps *running.  Either way, the
 * source is reloaded. */
void	conf_reload(struct agent_conf *running);

/* log.c: to syslog or stderr.  *_warn adds strerror(errno). */
void	log_init(int to_syslog, int debug);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
int	log_is_syslog(void);
int	log_is_debug(void);
/* Only warnings from now on (a child process that repeats the parent). */
void	log_set_quiet(int);
/* From now on a thread of its own writes the log; callers never wait
 * (a full queue drops, counted).  log_stop drains it for at most 250 ms
 * and reports what was dropped. */
int	log_start(void);
void	log_stop(void);

/* loader.c: the writer thread: reloads on request, frees old versions. */
int	loader_start(struct source *);
void	loader_reload(void);
/* Reloads the source, or, when `spec` names another one, opens and loads
 * that in the loader thread and closes the old one; on failure the old one
 * stays.  `where` names the setting in messages. */
void	loader_source(const char *spec, const char *where);
/* Stops the thread; returns the source it had (the caller closes it). */
struct source *loader_stop(void);

/* notify.c: the service's state for systemd (no-ops without libsystemd). */
void	notify_ready(void);
void	notify_reloading(void);
void	notify_reloaded(void);
void	notify_stopping(void);

/* priv.c: started as root, become `user` (its groups too), keeping
 * CAP_NET_ADMIN alone in this thread and those it creates later.  0 (also
 * when already that user), or -1 logged. */
int	priv_drop(const char *user);
/* Once the loader runs: the main thread, and every thread it starts from
 * now on, holds no capability (unless running as root without --user).
 * 0, or -1 logged. */
int	priv_main_drop(void);

/* snmp_agent.c: the AgentX subagent.  Every net-snmp call is made from the
 * thread that runs snmp_agent_loop. */
int	snmp_agent_init(const struct agent_conf *, struct store *);
/* Runs until *quit; calls wake() when `fd` is readable. */
void	snmp_agent_loop(int fd, void (*wake)(void),
	    volatile sig_atomic_t *quit);
void	snmp_agent_shutdown(void);

/* snmp_scalars.c, snmp_tables.c: what the subagent registers. */
int	snmp_scalars_register(struct store *);
int	snmp_tables_register(struct store *, const char *release);

/* nc_server.c: the NETCONF server (its files: nc.h).  ncs_bind opens its
 * sockets (as root), ncs_run starts its threads (after the privilege
 * drop); ncs_start does both. */
int	ncs_bind(const struct agent_conf *, struct store *);
int	ncs_run(void);
int	ncs_start(const struct agent_conf *, struct store *);
/* nc_eval.c: the filter evaluator's process, forked while flowagentd is
 * still one small thread (before the source loads).  0, or -1 logged. */
int	ncs_eval_spawn(const struct agent_conf *);
void	ncs_stop(void);
/* ADDR[:PORT] or [ADDR]:PORT: 0, or -1 when it does not parse. */
int	ncs_ssh_addr(const char *spec, char *addr, size_t len,
	    unsigned long *port);
/* SIGHUP: the host name clients see (NULL: the system's). */
void	ncs_set_hostname(const char *);

/* nc_auth.c: SIGHUP: the key and password files (copied). */
int	ncs_auth_set_paths(const char *hostkey, const char *authorized_keys,
	    const char *password_file);

#endif
