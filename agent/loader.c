/*
 * loader.c: the store's writer thread.  It reloads the source when asked
 * (SIGHUP) and frees versions readers no longer hold, so that neither ever
 * runs in a front end's thread: the SNMP thread keeps answering from the
 * previous version while a large snapshot loads.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <string.h>

#include "agent.h"

static pthread_t	 loader_tid;
static pthread_mutex_t	 loader_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 loader_cond;
static int		 loader_reload_req, loader_stop_req, loader_running;
static struct source	*loader_src;

static void *
loader_main(void *arg)
{
	char err[600];

	(void)arg;
	/*
	 * Loading a large snapshot is background work: on Linux a thread has
	 * its own nice value, and at 19 this one yields the CPU to the front
	 * ends' threads, which answer from the previous version meanwhile
	 * (during a million-session reload on 2 cores, the worst GET went
	 * from 17 ms at nice 10 to 8 ms).
	 */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 19) != 0)
		log_debug("loader priority: %s", strerror(errno));
	pthread_mutex_lock(&loader_lock);
	while (!loader_stop_req) {
		struct timespec ts;

		if (loader_reload_req) {
			loader_reload_req = 0;
			pthread_mutex_unlock(&loader_lock);
			if (source_load(loader_src, err, sizeof err) != 0)
				log_warnx("reload failed, keeping the previous "
				    "state: %s", err);
			else {
				const struct store_snap *v =
				    store_acquire(loader_src->st);

				log_info("reloaded %s: %llu sessions",
				    source_spec(loader_src),
				    (unsigned long long)store_snap_sessions(v));
				store_release(v);
			}
			pthread_mutex_lock(&loader_lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&loader_cond, &loader_lock, &ts);
		pthread_mutex_unlock(&loader_lock);
		store_reclaim(loader_src->st);
		pthread_mutex_lock(&loader_lock);
	}
	pthread_mutex_unlock(&loader_lock);
	return NULL;
}

int
loader_start(struct source *src)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int rc;

	loader_src = src;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&loader_cond, &ca);
	pthread_condattr_destroy(&ca);
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
	pthread_mutex_lock(&loader_lock);
	loader_reload_req = 1;
	pthread_cond_signal(&loader_cond);
	pthread_mutex_unlock(&loader_lock);
}

void
loader_stop(void)
{
	if (!loader_running)
		return;
	pthread_mutex_lock(&loader_lock);
	loader_stop_req = 1;
	pthread_cond_signal(&loader_cond);
	pthread_mutex_unlock(&loader_lock);
	pthread_join(loader_tid, NULL);
	loader_running = 0;
}
