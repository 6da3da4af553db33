/* source.c: sources by scheme (see source.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

extern const struct source_ops source_file_ops, source_sample_ops;
extern const struct source_ops source_sim_ops;
extern const struct source_ops source_conntrack_ops;

static const struct source_ops *const source_types[] = {
	&source_file_ops,
	&source_sample_ops,
	&source_sim_ops,
	&source_conntrack_ops,
};

int
source_open(struct source **out, struct store *st, const char *spec,
    char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t slen = colon != NULL ? (size_t)(colon - spec) : strlen(spec);
	struct source *s;

	for (size_t i = 0; i < sizeof source_types / sizeof source_types[0];
	    i++) {
		const struct source_ops *ops = source_types[i];

		if (strlen(ops->scheme) != slen ||
		    strncmp(ops->scheme, spec, slen) != 0)
			continue;
		if ((s = calloc(1, sizeof *s)) == NULL ||
		    (s->spec = strdup(spec)) == NULL) {
			free(s);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		s->ops = ops;
		s->st = st;
		if (ops->open(s, colon != NULL ? colon + 1 : "", err,
		    errlen) != 0) {
			free(s->spec);
			free(s);
			return -1;
		}
		*out = s;
		return 0;
	}
	snprintf(err, errlen, "unknown source '%s' (file:PATH, sample, "
	    "sim:sessions=N,churn=R,seed=S,pics=P or "
	    "conntrack[:key=value,...])", spec);
	return -1;
}

int
source_load(struct source *s, char *err, size_t errlen)
{
	return s->ops->load(s, err, errlen);
}

void
source_close(struct source *s)
{
	if (s == NULL)
		return;
	if (s->ops->close != NULL)
		s->ops->close(s);
	free(s->spec);
	free(s);
}

int
source_fd(struct source *s)
{
	return s->ops->fd != NULL ? s->ops->fd(s) : -1;
}

int
source_poll(struct source *s, char *err, size_t errlen)
{
	return s->ops->poll != NULL ? s->ops->poll(s, err, errlen) : 0;
}

int
source_timeout(struct source *s)
{
	return s->ops->timeout != NULL ? s->ops->timeout(s) : -1;
}

int
source_changed(struct source *s)
{
	return s->ops->changed != NULL ? s->ops->changed(s) : 0;
}

const char *
source_spec(const struct source *s)
{
	return s->spec;
}
