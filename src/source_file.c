/*
 * source_file.c: Junos XML snapshots: a file ("file:PATH") or the bundled
 * sample ("sample").  Values are served as recorded; each load replaces the
 * store's content atomically (see reader.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static const char *
file_kind(mode_t m)
{
	return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? strerror(EISDIR) :
	    S_ISSOCK(m) ? "a socket" : S_ISCHR(m) ? "a character device" :
	    S_ISBLK(m) ? "a block device" : "not a regular file";
}

static int
file_load(struct source *s, char *err, size_t errlen)
{
	struct file_source *f = s->priv;
	struct stat sb;
	int fd, rc;

	/* Remember what was tried, good or bad: a bad file is not retried
	 * until it changes again. */
	f->have = stat(f->path, &f->seen) == 0;
	/* Opened without blocking and refused unless a regular file: a FIFO
	 * there would block the loader (and the daemon's exit) for good. */
	if ((fd = open(f->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", f->path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: %s; a snapshot must be a regular file",
		    f->path, fstat(fd, &sb) != 0 ? strerror(errno) :
		    file_kind(sb.st_mode));
		close(fd);
		return -1;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	rc = reader_load_fd(s->st, fd, f->path, READER_REPLACE, err, errlen);
	close(fd);
	return rc;
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
