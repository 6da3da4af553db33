/*
 * flowagentd.c: one process, one store, its front ends.
 *
 * The store is filled by a source (a snapshot file by default the bundled
 * sample) before the front ends start; the loader thread then owns writing.
 * The main thread runs the SNMP subagent's event loop; the NETCONF server
 * runs its own threads (nc_server.c).  With --user, privileges go once
 * the sockets are open, before the loader thread starts (priv.c).
 * Signal handlers only
 * write a byte to a pipe the loop watches: SIGTERM and SIGINT end the
 * process cleanly, SIGHUP reloads the source.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"

static volatile sig_atomic_t	got_quit, got_hup;
static int			wake_pipe[2] = { -1, -1 };
static struct agent_conf	conf;

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_quit = 1;
	(void)!write(wake_pipe[1], "", 1);
	errno = saved;
}

/* In the main loop: what the signals asked for. */
static void
on_wake(void)
{
	char buf[64];

	while (read(wake_pipe[0], buf, sizeof buf) > 0)
		;
	if (got_hup) {
		got_hup = 0;
		notify_reloading();
		log_info("SIGHUP: reloading");
		if (conf.config != NULL)
			conf_reload(&conf);	/* and the source */
		else
			loader_reload();
		notify_reloaded();
	}
	if (got_quit)
		log_info("terminating");
}

static void
signals_setup(void)
{
	struct sigaction sa;

	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		fatal("pipe");
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A peer gone away is an error on that connection, not our death
	 * (net-snmp writing to a master that closed the AgentX socket). */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
pidfile_write(const char *path)
{
	FILE *fp;

	if (path == NULL)
		return;
	if ((fp = fopen(path, "w")) == NULL)
		fatal("%s", path);
	fprintf(fp, "%ld\n", (long)getpid());
	if (fclose(fp) != 0)
		fatal("%s", path);
}

/* Without a front end, wait for a signal. */
static void
idle_loop(void)
{
	struct pollfd pfd = { .fd = wake_pipe[0], .events = POLLIN };

	while (!got_quit)
		if (poll(&pfd, 1, -1) > 0)
			on_wake();
}

int
main(int argc, char **argv)
{
	struct store *st;
	struct source *src;
	const struct store_snap *v;
	char err[700];
	int rc;

	conf_defaults(&conf);
	if ((rc = conf_parse(&conf, argc, argv)) != 0) {
		conf_free(&conf);
		return rc > 0 ? 0 : 2;
	}
	/* net-snmp reads MIB files named here: none (set before threads). */
	setenv("MIBS", "", 1);
	log_init(conf.log_syslog, conf.debug);

	if (conf_check(&conf) != 0) {
		conf_free(&conf);
		return 1;
	}
	/* While this is one small thread: fork is safe, and pins nothing. */
	if (!conf.check_only && conf.netconf && (conf.nc_ssh != NULL ||
	    conf.nc_unix != NULL) && ncs_eval_spawn(&conf) != 0)
		fatalx("cannot start the NETCONF filter evaluator");
	if ((st = store_new()) == NULL)
		fatalx("out of memory");
	src = NULL;
	if (source_open(&src, st, conf.source, err, sizeof err) != 0 ||
	    source_load(src, err, sizeof err) != 0) {
		char where[600];

		log_warnx("%s: %s", conf_where(&conf, "source", where,
		    sizeof where), err);
		rc = 1;
		goto done;
	}
	if (conf.check_only) {
		printf("configuration OK\n");
		rc = 0;
		goto done;
	}
	v = store_acquire(st);
	log_info("loaded %s: %llu sessions in %u PICs", source_spec(src),
	    (unsigned long long)store_snap_sessions(v),
	    store_snap_npics(v));
	store_release(v);

	if (!conf.foreground && daemon(0, 0) != 0)
		fatal("daemon");
	pidfile_write(conf.pidfile);
	signals_setup();
	if (conf.snmp && snmp_agent_init(&conf, st) != 0)
		fatalx("cannot start the SNMP front end");
	if (conf.netconf && ncs_bind(&conf, st) != 0)
		fatalx("cannot start the NETCONF front end");
	/* Everything that needs root is open: the source (its netlink
	 * socket), AgentX, the NETCONF sockets, and no thread runs yet.  The
	 * loader thread inherits the CAP_NET_ADMIN kept here; the main
	 * thread then lets it go, before the NETCONF threads start (priv.c). */
	if (conf.user != NULL && priv_drop(conf.user) != 0)
		fatalx("cannot run as user %s", conf.user);
	if (loader_start(src) != 0)
		fatal("loader thread");
	if (priv_main_drop() != 0)
		fatalx("cannot drop the main thread's capabilities");
	if (log_start() != 0)
		log_warn("log thread");
	if (conf.netconf && ncs_run() != 0)
		fatalx("cannot start the NETCONF front end");
	notify_ready();

	if (conf.snmp) {
		snmp_agent_loop(wake_pipe[0], on_wake, &got_quit);
		snmp_agent_shutdown();
	} else
		idle_loop();
	notify_stopping();

	if (conf.netconf)
		ncs_stop();
	src = loader_stop();
	if (conf.pidfile != NULL)
		unlink(conf.pidfile);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	rc = 0;
done:
	source_close(src);
	store_free(st);
	conf_free(&conf);
	log_stop();
	return rc;
}
