/*
 * sink.h: where output goes.
 *
 * Writers append to a sink's buffer; when it fills, the sink flushes it to a
 * file descriptor, a FILE *, or a callback, so output of any size streams
 * through a fixed 64 KiB.  A memory sink grows instead and hands over the
 * result (sink_take).  Errors are sticky: after the first failed write the
 * sink drops output and sink_error() reports errno.
 */
#ifndef FLOW_SINK_H
#define FLOW_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sink {
	char		*buf;
	size_t		 len, cap;
	int		 err;		/* errno of the first failure, or 0 */
	int		(*flush)(struct sink *);
	int		 fd;
	FILE		*fp;
	int		(*cb)(void *, const char *, size_t);
	void		*arg;
	uint64_t	 flushed;	/* bytes handed on so far */
};

int	 sink_fd(struct sink *, int fd);
int	 sink_file(struct sink *, FILE *);
int	 sink_mem(struct sink *);
/* The callback returns 0, or -1 with errno set. */
int	 sink_cb(struct sink *, int (*)(void *, const char *, size_t), void *);
/* Hands everything buffered on; 0, or -1 with the sink's error. */
int	 sink_flush(struct sink *);
/* Flushes and frees the buffer; returns sink_flush()'s result. */
int	 sink_close(struct sink *);
/* Memory sink: the output, NUL-terminated, to free(); the sink is emptied. */
char	*sink_take(struct sink *, size_t *len);
/* Makes room for n bytes; NULL after an error. */
char	*sink_reserve(struct sink *, size_t n);
void	 sink_write_slow(struct sink *, const void *, size_t);

static inline int
sink_error(const struct sink *s)
{
	return s->err;
}

static inline void
sink_write(struct sink *s, const void *p, size_t n)
{
	if (s->len + n <= s->cap) {
		memcpy(s->buf + s->len, p, n);
		s->len += n;
	} else
		sink_write_slow(s, p, n);
}

static inline void
sink_puts(struct sink *s, const char *str)
{
	sink_write(s, str, strlen(str));
}

static inline void
sink_putc(struct sink *s, char c)
{
	if (s->len < s->cap)
		s->buf[s->len++] = c;
	else
		sink_write_slow(s, &c, 1);
}

#endif
