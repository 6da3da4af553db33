/*
 * source.h: what fills the store.
 *
 * A source is named by a spec: "file:PATH" (a Junos XML snapshot) or
 * "sample" (the bundled example, built in).  Sources only talk to the
 * store; front ends never know which one runs.  A load replaces the store's
 * content in one transaction, so a bad file leaves the previous state.
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
const char	*source_spec(const struct source *);

/* The bundled sample (examples/sample-sessions.xml), built in. */
extern const char	source_sample_xml[];
extern const size_t	source_sample_len;

#endif
