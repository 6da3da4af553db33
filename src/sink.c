/* sink.c: buffered output to fds, FILEs, callbacks and memory (sink.h). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "sink.h"

#define SINK_BUFSIZE	(64 * 1024)

static int
sink_flush_fd(struct sink *s)
{
	size_t off = 0;

	while (off < s->len) {
		ssize_t n = write(s->fd, s->buf + off, s->len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

static int
sink_flush_file(struct sink *s)
{
	if (fwrite(s->buf, 1, s->len, s->fp) != s->len)
		return -1;
	return 0;
}

static int
sink_flush_cb(struct sink *s)
{
	return s->cb(s->arg, s->buf, s->len);
}

static int
sink_init(struct sink *s, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	if ((s->buf = malloc(cap)) == NULL)
		return -1;
	s->cap = cap;
	return 0;
}

int
sink_fd(struct sink *s, int fd)
{
	if (sink_init(s, SINK_BUFSIZE) != 0)
		return -1;
	s->fd = fd;
	s->flush = sink_flush_fd;
	return 0;
}

int
sink_file(struct sink *s, FILE *fp)
{
	if (sink_init(s, SINK_BUFSIZE) != 0)
		return -1;
	s->fp = fp;
	s->flush = sink_flush_file;
	return 0;
}

int
sink_cb(struct sink *s, int (*cb)(void *, const char *, size_t), void *arg)
{
	if (sink_init(s, SINK_BUFSIZE) != 0)
		return -1;
	s->cb = cb;
	s->arg = arg;
	s->flush = sink_flush_cb;
	return 0;
}

int
sink_mem(struct sink *s)
{
	return sink_init(s, 4096);
}

int
sink_flush(struct sink *s)
{
	if (s->err != 0)
		return -1;
	if (s->flush == NULL || s->len == 0)
		return 0;
	if (s->flush(s) != 0) {
		s->err = errno ? errno : EIO;
		return -1;
	}
	s->flushed += s->len;
	s->len = 0;
	return 0;
}

char *
sink_reserve(struct sink *s, size_t n)
{
	if (s->err != 0)
		return NULL;
	if (s->len + n <= s->cap)
		return s->buf + s->len;
	if (s->flush != NULL && sink_flush(s) != 0)
		return NULL;
	if (s->len + n > s->cap) {
		size_t ncap = s->cap;
		char *nb;

		while (ncap < s->len + n)
			ncap *= 2;
		if ((nb = realloc(s->buf, ncap)) == NULL) {
			s->err = ENOMEM;
			return NULL;
		}
		s->buf = nb;
		s->cap = ncap;
	}
	return s->buf + s->len;
}

void
sink_write_slow(struct sink *s, const void *p, size_t n)
{
	const char *c = p;

	/* Large writes to a flushing sink go through in buffer-sized parts. */
	while (s->flush != NULL && n > s->cap && s->err == 0) {
		size_t part = s->cap - s->len;

		memcpy(s->buf + s->len, c, part);
		s->len += part;
		c += part;
		n -= part;
		sink_flush(s);
	}
	if (sink_reserve(s, n) == NULL)
		return;
	memcpy(s->buf + s->len, c, n);
	s->len += n;
}

int
sink_close(struct sink *s)
{
	int rc = sink_flush(s);

	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
	return rc;
}

char *
sink_take(struct sink *s, size_t *len)
{
	char *out;

	if (sink_reserve(s, 1) == NULL)
		return NULL;
	s->buf[s->len] = '\0';
	out = s->buf;
	if (len != NULL)
		*len = s->len;
	if (sink_init(s, 4096) != 0) {
		s->err = ENOMEM;
		s->buf = NULL;
		s->cap = 0;
	}
	return out;
}
