/*
 * notify.c: tells systemd how the service is doing (sd_notify(3)), for a
 * unit of Type=notify: ready once the front ends serve, reloading around
 * SIGHUP, stopping on the way out.  Built without libsystemd, or run
 * without $NOTIFY_SOCKET, every call does nothing.
 */
#include "config.h"

#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "agent.h"

/* One state line; a failure is the manager's to notice, not ours. */
static void
notify_send(const char *state)
{
#ifdef HAVE_LIBSYSTEMD
	if (sd_notify(0, state) < 0)
		log_debug("sd_notify %s failed", state);
#else
	(void)state;
#endif
}

void
notify_ready(void)
{
	notify_send("READY=1\nSTATUS=serving");
}

void
notify_reloading(void)
{
	notify_send("RELOADING=1\nSTATUS=reloading");
}

/* The reload is done (or failed and kept the old sessions): ready again. */
void
notify_reloaded(void)
{
	notify_send("READY=1\nSTATUS=serving");
}

void
notify_stopping(void)
{
	notify_send("STOPPING=1\nSTATUS=stopping");
}
