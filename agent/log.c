/*
 * log.c: logging to syslog or stderr.  log_warn adds errno's message, as
 * OpenBSD's daemons do; fatal and fatalx are for start-up only.
 *
 * Logging never blocks the daemon: a stderr pipe that nobody reads, or a
 * stalled journal, would otherwise stop whichever thread logs next (the
 * NETCONF acceptor, the main loop at SIGTERM).  Once the daemon runs, a
 * thread of its own writes the messages from a bounded queue; when the
 * queue is full a message is dropped and counted, and the count is logged
 * as soon as writing works again (and at exit).  Before that thread starts
 * (and after it stops), stderr is written only when poll(2) says a message
 * fits, else dropped and counted the same way.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* pthread_setname_np, pthread_timedjoin_np */
#endif
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

#define LOG_QUEUE	512		/* messages waiting for the thread */
#define LOG_LEN		1024

struct log_msg {
	int	pri;
	char	text[LOG_LEN];
};

static int		 log_syslog_on;
static int		 log_debug_on;
static int		 log_quiet;		/* warnings only */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 log_cond = PTHREAD_COND_INITIALIZER;
static struct log_msg	 log_q[LOG_QUEUE];
static unsigned		 log_head, log_count;
static unsigned long	 log_dropped;		/* not yet reported */
static unsigned long	 log_dropped_all;
static int		 log_threaded, log_stopping;
static pthread_t	 log_tid;

void
log_init(int to_syslog, int debug)
{
	log_syslog_on = to_syslog;
	log_debug_on = debug;
	if (to_syslog)
		openlog("flowagentd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_set_quiet(int on)
{
	log_quiet = on;
}

int
log_is_debug(void)
{
	return log_debug_on;
}

int
log_is_syslog(void)
{
	return log_syslog_on;
}

/* One line to stderr, whole, or nothing when it would block. */
static int
stderr_try(const char *text)
{
	struct pollfd p = { .fd = STDERR_FILENO, .events = POLLOUT };
	char line[LOG_LEN + 16];
	int n = snprintf(line, sizeof line, "flowagentd: %s\n", text);

	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof line)
		n = sizeof line - 1;
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT))
		return -1;
	return write(STDERR_FILENO, line, (size_t)n) == n ? 0 : -1;
}

/* The writer thread's write: may block, it is all it does. */
static void
emit(int pri, const char *text)
{
	if (log_syslog_on)
		syslog(pri, "%s", text);
	else
		fprintf(stderr, "flowagentd: %s\n", text);
}

static void
dropped_text(char *buf, size_t len, unsigned long n)
{
	snprintf(buf, len, "%lu log message%s dropped: the log was not "
	    "being read", n, n == 1 ? "" : "s");
}

static void *
log_main(void *arg)
{
	struct log_msg m;
	char note[128];
	unsigned long lost;

	(void)arg;
	pthread_setname_np(pthread_self(), "fa-log");
	pthread_mutex_lock(&log_lock);
	for (;;) {
		while (log_count == 0 && log_dropped == 0 && !log_stopping)
			pthread_cond_wait(&log_cond, &log_lock);
		if (log_count == 0 && log_dropped == 0)
			break;
		lost = log_dropped;
		log_dropped = 0;
		if (log_count > 0) {
			m = log_q[log_head];
			log_head = (log_head + 1) % LOG_QUEUE;
			log_count--;
		} else
			m.text[0] = '\0';
		pthread_mutex_unlock(&log_lock);
		if (lost > 0) {
			dropped_text(note, sizeof note, lost);
			emit(LOG_WARNING, note);
		}
		if (m.text[0] != '\0')
			emit(m.pri, m.text);
		pthread_mutex_lock(&log_lock);
	}
	pthread_mutex_unlock(&log_lock);
	return NULL;
}

int
log_start(void)
{
	pthread_mutex_lock(&log_lock);
	log_stopping = 0;
	if (pthread_create(&log_tid, NULL, log_main, NULL) == 0)
		log_threaded = 1;
	pthread_mutex_unlock(&log_lock);
	return log_threaded ? 0 : -1;
}

void
log_stop(void)
{
	struct timespec ts;
	int joined;
	char note[128];

	pthread_mutex_lock(&log_lock);
	if (!log_threaded) {
		pthread_mutex_unlock(&log_lock);
		return;
	}
	log_stopping = 1;
	pthread_cond_signal(&log_cond);
	pthread_mutex_unlock(&log_lock);
	/* What is queued gets a quarter of a second; a writer stuck on a
	 * pipe nobody reads is left behind (exit ends it). */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 250000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	joined = pthread_timedjoin_np(log_tid, NULL, &ts) == 0;
	pthread_mutex_lock(&log_lock);
	if (!joined) {
		pthread_detach(log_tid);
		log_dropped += log_count;
		log_count = 0;
	}
	log_threaded = 0;
	if (log_dropped_all > 0) {
		dropped_text(note, sizeof note, log_dropped_all);
		if (log_syslog_on)
			syslog(LOG_WARNING, "in all, %s", note);
		else
			(void)stderr_try(note);
	}
	pthread_mutex_unlock(&log_lock);
}

static void
log_vlog(int pri, const char *fmt, va_list ap, const char *err)
{
	char text[LOG_LEN];
	int n;

	n = vsnprintf(text, sizeof text, fmt, ap);
	if (err != NULL && n >= 0 && (size_t)n < sizeof text)
		snprintf(text + n, sizeof text - (size_t)n, ": %s", err);
	pthread_mutex_lock(&log_lock);
	if (log_threaded) {
		if (log_count == LOG_QUEUE) {
			log_dropped++;
			log_dropped_all++;
		} else {
			struct log_msg *m =
			    &log_q[(log_head + log_count) % LOG_QUEUE];

			m->pri = pri;
			memcpy(m->text, text, sizeof m->text);
			log_count++;
			pthread_cond_signal(&log_cond);
		}
	} else if (log_syslog_on)
		syslog(pri, "%s", text);
	else if (stderr_try(text) != 0) {
		log_dropped++;
		log_dropped_all++;
	}
	pthread_mutex_unlock(&log_lock);
}

#define LOG_BODY(pri, err) do {					\
	va_list ap;						\
	va_start(ap, fmt);					\
	log_vlog(pri, fmt, ap, err);				\
	va_end(ap);						\
} while (0)

void
log_warn(const char *fmt, ...)
{
	const char *e = strerror(errno);

	LOG_BODY(LOG_WARNING, e);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_WARNING, NULL);
}

void
log_info(const char *fmt, ...)
{
	if (!log_quiet)
		LOG_BODY(LOG_INFO, NULL);
}

void
log_debug(const char *fmt, ...)
{
	if (log_debug_on && !log_quiet)
		LOG_BODY(LOG_DEBUG, NULL);
}

void
fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);

	LOG_BODY(LOG_CRIT, e);
	log_stop();
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_CRIT, NULL);
	log_stop();
	exit(1);
}
