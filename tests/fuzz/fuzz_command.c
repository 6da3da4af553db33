/*
 * fuzz_command.c: the input as one Junos command line; on success, the
 * RPC, the canonical line and the NETCONF request it gives, and the
 * canonical line parsed again (it must parse, and print the same).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "sink.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct command c, c2;
	char err[256], *line, *canon;
	struct sink s;

	if ((line = malloc(len + 1)) == NULL)
		return 0;
	memcpy(line, data, len);
	line[len] = '\0';
	if (command_parse(&c, line, err, sizeof err) != 0) {
		free(line);
		return 0;
	}
	free(line);
	for (unsigned flags = 0; flags <= COMMAND_RPC_CLI; flags++)
		if (sink_mem(&s) == 0) {
			(void)command_write_rpc(&c, &s, flags);
			free(sink_take(&s, NULL));
			sink_close(&s);
		}
	free(command_request(&c));
	if ((canon = command_line(&c)) != NULL) {
		char *again;

		/* What we print, we read back, to the same line. */
		if (command_parse(&c2, canon, err, sizeof err) != 0)
			abort();
		if ((again = command_line(&c2)) != NULL &&
		    strcmp(again, canon) != 0)
			abort();
		free(again);
		free(canon);
	}
	return 0;
}
