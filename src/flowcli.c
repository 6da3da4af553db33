/*
 * flowcli.c: flowagent's command-line tool: global options, then dispatch
 * to a command.
 */
#include <getopt.h>
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
	{ "show", "show security flow session ...: ask flowagentd",
	    flowcli_show },
	{ "netconf", "relay stdin/stdout to flowagentd (an sshd subsystem)",
	    flowcli_netconf },
};

static const char *host_opt;

const char *
flowcli_host(void)
{
	const char *env = getenv("FLOWAGENT_HOST");

	if (host_opt != NULL)
		return host_opt;
	if (env != NULL && *env != '\0')
		return env;
	return FLOWCLI_DEFAULT_HOST;
}

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
	    "       flowcli -H TARGET show|netconf [ARGS]\n"
	    "       flowcli --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		fprintf(fp, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(fp, "\n  -H, --host TARGET  flowagentd's NETCONF server: "
	    "unix:PATH or\n                     ssh://[USER@]HOST[:PORT] "
	    "(default $FLOWAGENT_HOST,\n                     else %s)\n",
	    FLOWCLI_DEFAULT_HOST);
	fprintf(fp, "\n'flowcli COMMAND --help' describes a command; "
	    "see also flowcli(1).\n");
}

/* "sh", "sho": Junos lets show be abbreviated, so flowcli does too. */
static int
is_show(const char *word)
{
	size_t len = strlen(word);

	return len > 0 && strncmp(word, "show", len) == 0;
}

/*
 * How many words of argv are flowcli's own options, "-H X" counting two:
 * getopt_long then sees only those, so it needs no "+" (which glibc would
 * keep for the commands' own getopt_long, stopping their permutation).
 */
static int
global_words(int argc, char **argv)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strcmp(argv[i], "-H") == 0 ||
		    strcmp(argv[i], "--host") == 0)
			i++;
		i++;
	}
	return i < argc ? i : argc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, nglobal;

	/* Output to a closed pipe is an error to report, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	nglobal = global_words(argc, argv);
	while ((c = getopt_long(nglobal, argv, "H:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			host_opt = optarg;
			break;
		case 'h':
			usage(stdout);
			return FLOWCLI_OK;
		case 'V':
			printf("flowcli %s\n", PACKAGE_VERSION);
			return FLOWCLI_OK;
		default:
			usage(stderr);
			return FLOWCLI_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return FLOWCLI_USAGE;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(argv[0], cmds[i].name) == 0)
			return cmds[i].run(argc, argv);
	if (is_show(argv[0]))
		return flowcli_show(argc, argv);
	flowcli_err("unknown command '%s' (try flowcli --help)", argv[0]);
	return FLOWCLI_USAGE;
}
