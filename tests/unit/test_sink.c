/* test_sink.c: the output sinks. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "sink.h"

static char cbuf[300000];
static size_t clen;

static int
collect(void *arg, const char *p, size_t n)
{
	(void)arg;
	if (clen + n > sizeof cbuf) {
		errno = ENOSPC;
		return -1;
	}
	memcpy(cbuf + clen, p, n);
	clen += n;
	return 0;
}

int
main(void)
{
	struct sink s;
	char big[100000], *out;
	size_t len;
	int pfd[2];

	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);

	/* Memory: grows, hands over a NUL-terminated copy. */
	CHECK(sink_mem(&s) == 0);
	sink_puts(&s, "hello ");
	sink_write(&s, big, sizeof big);
	sink_putc(&s, '!');
	out = sink_take(&s, &len);
	CHECK(out != NULL && len == 6 + sizeof big + 1);
	CHECK(memcmp(out, "hello ", 6) == 0 && out[len - 1] == '!' &&
	    out[len] == '\0' && memcmp(out + 6, big, sizeof big) == 0);
	free(out);
	out = sink_take(&s, &len);
	CHECK(out != NULL && len == 0);
	free(out);
	sink_close(&s);

	/* Callback: output larger than the buffer arrives whole, in order. */
	CHECK(sink_cb(&s, collect, NULL) == 0);
	for (int i = 0; i < 2; i++)
		sink_write(&s, big, sizeof big);
	sink_puts(&s, "end");
	CHECK(sink_close(&s) == 0);
	CHECK(clen == 2 * sizeof big + 3);
	CHECK(memcmp(cbuf, big, sizeof big) == 0 &&
	    memcmp(cbuf + sizeof big, big, sizeof big) == 0 &&
	    memcmp(cbuf + 2 * sizeof big, "end", 3) == 0);

	/* A failing callback: the error sticks and output stops. */
	clen = sizeof cbuf - 10;
	CHECK(sink_cb(&s, collect, NULL) == 0);
	sink_write(&s, big, sizeof big);
	CHECK(sink_flush(&s) != 0 && sink_error(&s) == ENOSPC);
	sink_puts(&s, "more");
	CHECK(sink_close(&s) != 0);

	/* File descriptor: through a pipe; then a closed pipe is EPIPE. */
	CHECK(pipe(pfd) == 0);
	CHECK(sink_fd(&s, pfd[1]) == 0);
	sink_puts(&s, "over the pipe");
	CHECK(sink_flush(&s) == 0);
	{
		char rb[64];
		ssize_t n = read(pfd[0], rb, sizeof rb);

		CHECK(n == 13 && memcmp(rb, "over the pipe", 13) == 0);
	}
	close(pfd[0]);
	sink_puts(&s, "nobody reads this");
	CHECK(sink_close(&s) != 0 && sink_error(&s) == EPIPE);
	close(pfd[1]);

	/* FILE *: a full device reports ENOSPC at the end. */
	{
		FILE *fp = fopen("/dev/full", "w");

		if (fp != NULL) {
			setvbuf(fp, NULL, _IONBF, 0);
			CHECK(sink_file(&s, fp) == 0);
			sink_write(&s, big, sizeof big);
			CHECK(sink_close(&s) != 0 && sink_error(&s) == ENOSPC);
			fclose(fp);
		}
	}
	return check_done("test_sink");
}
