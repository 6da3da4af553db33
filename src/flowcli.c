/*
 * flowcli.c: flowagent's command-line tool: dispatches to a command.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "flowcli.h"

static const struct flowcli_cmd cmds[] = {
	{ "render", "print Junos session XML as CLI text, XML or JSON",
	    flowcli_render },
};

void
flowcli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("flowcli: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: flowcli COMMAND [OPTIONS] [ARGS]\n"
	    "       flowcli --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(fp, "\n'flowcli COMMAND --help' describes a command; "
	    "see also flowcli(1).\n");
}

int
main(int argc, char **argv)
{
	/* Output to a closed pipe is an error to report, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return FLOWCLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return FLOWCLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("flowcli %s\n", PACKAGE_VERSION);
		return FLOWCLI_OK;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	flowcli_err("unknown command '%s' (try flowcli --help)", argv[1]);
	return FLOWCLI_USAGE;
}
