/*
 * log.c: logging to syslog or stderr.  log_warn adds errno's message, as
 * OpenBSD's daemons do; fatal and fatalx are for start-up only.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "agent.h"

static int		 log_syslog_on;
static int		 log_debug_on;
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;

void
log_init(int to_syslog, int debug)
{
	log_syslog_on = to_syslog;
	log_debug_on = debug;
	if (to_syslog)
		openlog("flowagentd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
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

static void
log_vlog(int pri, const char *fmt, va_list ap, const char *err)
{
	char msg[1024];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_syslog_on) {
		if (err != NULL)
			syslog(pri, "%s: %s", msg, err);
		else
			syslog(pri, "%s", msg);
		return;
	}
	pthread_mutex_lock(&log_lock);
	if (err != NULL)
		fprintf(stderr, "flowagentd: %s: %s\n", msg, err);
	else
		fprintf(stderr, "flowagentd: %s\n", msg);
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
	LOG_BODY(LOG_INFO, NULL);
}

void
log_debug(const char *fmt, ...)
{
	if (log_debug_on)
		LOG_BODY(LOG_DEBUG, NULL);
}

void
fatal(const char *fmt, ...)
{
	const char *e = strerror(errno);

	LOG_BODY(LOG_CRIT, e);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_CRIT, NULL);
	exit(1);
}
