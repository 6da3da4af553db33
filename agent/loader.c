/*
 * loader.c: the store's writer thread.  It loads the source again when
 * asked (SIGHUP) or when a snapshot file changes, runs live sources (their
 * events and timers), and frees versions readers no longer hold, so none of
 * it ever runs in a front end's thread: the front ends keep answering from
 * the previous version while a large snapshot loads.
 *
 * SIGHUP may name another source (loader_source): the thread opens and
 * loads it, then closes the old one; a failure keeps the old one.
 *
 * The thread sleeps in poll(2) on a wake-up pipe (requests from the main
 * thread) and the source's descriptor, at most a second at a time.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"

static pthread_t	 loader_tid;
static int		 loader_pipe[2] = { -1, -1 };
static atomic_int	 loader_reload_req, loader_stop_req;
static int		 loader_running;
static struct source	*loader_src;
static pthread_mutex_t	 loader_lock = PTHREAD_MUTEX_INITIALIZER;
static char		*loader_next, *loader_where;	/* loader_source */

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
loader_load(const char *why)
{
	char err[600];

	if (source_load(loader_src, err, sizeof err) != 0)
		log_warnx("%s: reload failed, keeping the previous state: %s",
		    why, err);
	else {
		const struct store_snap *v = store_acquire(loader_src->st);

		log_info("%s: reloaded %s: %llu sessions", why,
		    source_spec(loader_src),
		    (unsigned long long)store_snap_sessions(v));
		store_release(v);
	}
}

/* SIGHUP: the source asked for, or the current one again.  1 when the
 * source changed. */
static int
loader_hup(void)
{
	struct source *ns = NULL;
	char *spec, *where, err[600];
	int changed = 0;

	pthread_mutex_lock(&loader_lock);
	spec = loader_next;
	where = loader_where;
	loader_next = loader_where = NULL;
	pthread_mutex_unlock(&loader_lock);
	if (spec == NULL || strcmp(spec, source_spec(loader_src)) == 0)
		loader_load("SIGHUP");
	else if (source_open(&ns, loader_src->st, spec, err, sizeof err) != 0 ||
	    source_load(ns, err, sizeof err) != 0) {
		log_warnx("%s: %s; keeping %s", where, err,
		    source_spec(loader_src));
		source_close(ns);
	} else {
		const struct store_snap *v = store_acquire(ns->st);

		log_info("SIGHUP: source %s replaces %s: %llu sessions", spec,
		    source_spec(loader_src),
		    (unsigned long long)store_snap_sessions(v));
		store_release(v);
		source_close(loader_src);
		loader_src = ns;
		changed = 1;
	}
	free(spec);
	free(where);
	return changed;
}

static void *
loader_main(void *arg)
{
	int64_t next_tick = now_ms() + 1000, next_poll;
	char err[600];

	(void)arg;
	pthread_setname_np(pthread_self(), "fa-loader");
	/*
	 * Loading a large snapshot is background work: on Linux a thread has
	 * its own nice value, and at 19 this one yields the CPU to the front
	 * ends' threads, which answer from the previous version meanwhile
	 * (during a million-session reload on 2 cores, the worst GET went
	 * from 17 ms at nice 10 to 8 ms).
	 */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 19) != 0)
		log_debug("loader priority: %s", strerror(errno));
	{
		int t = source_timeout(loader_src);

		next_poll = t >= 0 ? now_ms() + t : INT64_MAX;
	}
	while (!atomic_load(&loader_stop_req)) {
		struct pollfd pfd[2] = {
			{ .fd = loader_pipe[0], .events = POLLIN },
			{ .fd = source_fd(loader_src), .events = POLLIN },
		};
		int64_t now = now_ms(), wait = next_tick - now;
		char buf[64];
		int n, due;

		if (next_poll - now < wait)
			wait = next_poll - now;
		n = poll(pfd, pfd[1].fd >= 0 ? 2 : 1, wait < 0 ? 0 : (int)wait);
		if (n < 0 && errno != EINTR)
			log_warn("loader poll");
		if (n > 0 && (pfd[0].revents & POLLIN))
			while (read(loader_pipe[0], buf, sizeof buf) > 0)
				;
		if (atomic_exchange(&loader_reload_req, 0)) {
			int t;

			if (loader_hup())
				pfd[1].revents = 0;	/* the old source's */
			t = source_timeout(loader_src);
			next_poll = t >= 0 ? now_ms() + t : INT64_MAX;
		}
		now = now_ms();
		due = now >= next_poll;
		if ((n > 0 && pfd[1].fd >= 0 && pfd[1].revents != 0) || due) {
			if (source_poll(loader_src, err, sizeof err) != 0)
				log_warnx("source %s: %s",
				    source_spec(loader_src), err);
			{
				int t = source_timeout(loader_src);

				next_poll = t >= 0 ? now_ms() + t : INT64_MAX;
			}
		}
		if (now >= next_tick) {
			next_tick = now + 1000;
			if (source_changed(loader_src))
				loader_load("file changed");
			store_reclaim(loader_src->st);
		}
	}
	return NULL;
}

static void
loader_wake(void)
{
	int saved = errno;

	(void)!write(loader_pipe[1], "", 1);
	errno = saved;
}

int
loader_start(struct source *src)
{
	sigset_t all, old;
	int rc;

	loader_src = src;
	if (pipe2(loader_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	/* Signals are the main thread's business. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&loader_tid, NULL, loader_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	loader_running = 1;
	return 0;
}

void
loader_reload(void)
{
	atomic_store(&loader_reload_req, 1);
	loader_wake();
}

void
loader_source(const char *spec, const char *where)
{
	char *s = strdup(spec), *w = strdup(where);

	pthread_mutex_lock(&loader_lock);
	free(loader_next);
	free(loader_where);
	loader_next = s;
	loader_where = w;
	if (s == NULL || w == NULL) {
		free(s);
		free(w);
		loader_next = loader_where = NULL;	/* just reload */
	}
	pthread_mutex_unlock(&loader_lock);
	loader_reload();
}

struct source *
loader_stop(void)
{
	if (!loader_running)
		return loader_src;
	atomic_store(&loader_stop_req, 1);
	loader_wake();
	pthread_join(loader_tid, NULL);
	loader_running = 0;
	close(loader_pipe[0]);
	close(loader_pipe[1]);
	loader_pipe[0] = loader_pipe[1] = -1;
	free(loader_next);
	free(loader_where);
	loader_next = loader_where = NULL;
	return loader_src;
}
