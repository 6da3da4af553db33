/*
 * source_file.c: Junos XML snapshots: a file ("file:PATH") or the bundled
 * sample ("sample").  Values are served as recorded; each load replaces the
 * store's content atomically (see reader.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reader.h"
#include "source.h"

struct file_source {
	struct stat	 seen;		/* the file as last loaded (tried) */
	int		 have;
	char		 path[];
};

static int
file_open(struct source *s, const char *path, char *err, size_t errlen)
{
	struct file_source *f;

	if (*path == '\0') {
		snprintf(err, errlen, "file source needs a path (file:PATH)");
		return -1;
	}
	if ((f = calloc(1, sizeof *f + strlen(path) + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	strcpy(f->path, path);
	s->priv = f;
	return 0;
}

static int
file_load(struct source *s, char *err, size_t errlen)
{
	struct file_source *f = s->priv;

	/* Remember what was tried, good or bad: a bad file is not retried
	 * until it changes again. */
	f->have = stat(f->path, &f->seen) == 0;
	return reader_load_file(s->st, f->path, READER_REPLACE, err, errlen);
}

/* A file replaced (rename), rewritten or touched.  A file that is gone or
 * unreadable is no change: the sessions stay as they are. */
static int
file_changed(struct source *s)
{
	struct file_source *f = s->priv;
	struct stat st;

	if (stat(f->path, &st) != 0)
		return 0;
	return !f->have || st.st_ino != f->seen.st_ino ||
	    st.st_dev != f->seen.st_dev || st.st_size != f->seen.st_size ||
	    st.st_mtim.tv_sec != f->seen.st_mtim.tv_sec ||
	    st.st_mtim.tv_nsec != f->seen.st_mtim.tv_nsec;
}

static void
file_close(struct source *s)
{
	free(s->priv);
}

const struct source_ops source_file_ops = {
	.scheme = "file", .open = file_open, .load = file_load,
	.close = file_close, .changed = file_changed
};

static int
sample_open(struct source *s, const char *arg, char *err, size_t errlen)
{
	(void)s;
	if (*arg != '\0') {
		snprintf(err, errlen, "the sample source takes no argument");
		return -1;
	}
	return 0;
}

static int
sample_load(struct source *s, char *err, size_t errlen)
{
	return reader_load_mem(s->st, source_sample_xml, source_sample_len,
	    "sample", READER_REPLACE, err, errlen);
}

const struct source_ops source_sample_ops = {
	.scheme = "sample", .open = sample_open, .load = sample_load
};
