/*
 * fuzz_rewrite.c: ncs_rewrite, the Junos request rewriting done before
 * libyang sees a request.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "nc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* libxml2 prints encoding errors despite XML_PARSE_NOERROR: not here. */
static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *out = NULL;

	xmlSetGenericErrorFunc(NULL, quiet);
	if (ncs_rewrite((const char *)data, len, &out) == 1) {
		if (out == NULL)
			abort();
		(void)strlen(out);
	}
	free(out);
	return 0;
}
