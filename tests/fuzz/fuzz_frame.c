/*
 * fuzz_frame.c: what a NETCONF client sends, as the connection relay
 * decodes it (nc_frame.c): a <hello> with end-of-message framing, then
 * base:1.1 chunks when the hello offers them, fed in pieces of the sizes
 * the input's first bytes say; every whole message is checked as the relay
 * checks it, and the decoder's promises are asserted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "nc_frame.h"

#define FUZZ_MAX	65536

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ncs_frame f;
	size_t off = 0, piece, used;
	int hello = 0, v11 = 0, rc = NCS_FRAME_MORE;
	char why[256];

	if (len < 1)
		return 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	piece = (size_t)data[0] % 17 + 1;	/* 1 to 17 bytes a read */
	data++;
	len--;
	ncs_frame_init(&f, FUZZ_MAX);
	while (off < len && rc != NCS_FRAME_BAD && rc != NCS_FRAME_BIG) {
		size_t n = len - off < piece ? len - off : piece;

		rc = ncs_frame_feed(&f, (const char *)data + off, n, &used);
		if (used > n || (rc == NCS_FRAME_MORE && used != n))
			abort();
		off += used;
		if (rc == NCS_FRAME_MSG) {
			size_t mlen;
			char *msg = ncs_frame_take(&f, &mlen);

			if (msg == NULL || mlen > FUZZ_MAX ||
			    strlen(msg) > mlen)
				abort();
			if (!hello) {
				hello = 1;
				if (ncs_frame_hello(msg, mlen, &v11, why,
				    sizeof why) == 0 && v11)
					ncs_frame_chunked(&f);
			} else
				(void)ncs_frame_check(msg, mlen, why,
				    sizeof why);
			free(msg);
		}
	}
	ncs_frame_free(&f);
	return 0;
}
