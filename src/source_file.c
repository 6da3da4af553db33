/*
 * source_file.c: Junos XML snapshots: a file ("file:PATH") or the bundled
 * sample ("sample").  Values are served as recorded; each load replaces the
 * store's content atomically (see reader.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "source.h"

static int
file_open(struct source *s, const char *path, char *err, size_t errlen)
{
	if (*path == '\0') {
		snprintf(err, errlen, "file source needs a path (file:PATH)");
		return -1;
	}
	if ((s->priv = strdup(path)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
file_load(struct source *s, char *err, size_t errlen)
{
	return reader_load_file(s->st, s->priv, READER_REPLACE, err, errlen);
}

static void
file_close(struct source *s)
{
	free(s->priv);
}

const struct source_ops source_file_ops = {
	"file", file_open, file_load, file_close
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
	"sample", sample_open, sample_load, NULL
};
