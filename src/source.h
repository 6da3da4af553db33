/*
 * source.h: what fills the store.
 *
 * A source is named by a spec: "file:PATH" (a Junos XML snapshot),
 * "sample" (the bundled example, built in), or a live source such as
 * "conntrack[:key=value,...]" or "sim:sessions=N,churn=R,seed=S".  Sources
 * only talk to the store; front ends never know which one runs.  A load
 * replaces the store's content in one transaction, so a bad file leaves the
 * previous state.
 *
 * Every call is made from one thread, flowagentd's loader (the store's only
 * writer): load at start and on SIGHUP; then, for live sources, poll when
 * their fd is readable or their timeout is due; for snapshots, changed once
 * a second, and a load when it says so.
 */
#ifndef FLOW_SOURCE_H
#define FLOW_SOURCE_H

#include <stddef.h>

#include "store.h"

struct source;

struct source_ops {
	const char	*scheme;
	int		(*open)(struct source *, const char *arg, char *err,
			    size_t errlen);
	/* Loads (again), in the calling thread. */
	int		(*load)(struct source *, char *err, size_t errlen);
	void		(*close)(struct source *);
	/* Live sources; NULL members are never called. */
	/* The descriptor the loader waits on, or -1. */
	int		(*fd)(struct source *);
	/* Applies what happened since the last call: events on fd, time
	 * passing (churn, expiry, counter refresh).  0, or -1 with a message
	 * (logged; the store keeps its state). */
	int		(*poll)(struct source *, char *err, size_t errlen);
	/* Milliseconds until poll is due without fd activity; -1: never. */
	int		(*timeout)(struct source *);
	/* Snapshots: 1 when the input changed since the last load. */
	int		(*changed)(struct source *);
};

struct source {
	const struct source_ops	*ops;
	struct store		*st;
	char			*spec;
	void			*priv;
};

/* Opens `spec` for `st`; 0, or -1 with a message. */
int		 source_open(struct source **, struct store *, const char *spec,
		    char *err, size_t errlen);
int		 source_load(struct source *, char *err, size_t errlen);
void		 source_close(struct source *);
/* Live-source calls: -1 / 0 / -1 / 0 for a source without them. */
int		 source_fd(struct source *);
int		 source_poll(struct source *, char *err, size_t errlen);
int		 source_timeout(struct source *);
int		 source_changed(struct source *);
const char	*source_spec(const struct source *);

/* The bundled sample (examples/sample-sessions.xml), built in. */
extern const char	source_sample_xml[];
extern const size_t	source_sample_len;

#endif
