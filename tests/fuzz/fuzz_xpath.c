/*
 * fuzz_xpath.c: ncs_query_xpath, what a <get>'s XPath select pushes down to
 * the store, on the input as the select string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ncs_query q;
	char *sel;

	if ((sel = malloc(len + 1)) == NULL)
		return 0;
	memcpy(sel, data, len);
	sel[len] = '\0';
	memset(&q, 0, sizeof q);
	filter_init(&q.filter);
	(void)ncs_query_xpath(sel, &q);
	if (q.whole && q.others)
		abort();
	free(sel);
	return 0;
}
