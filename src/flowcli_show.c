/*
 * flowcli_show.c: flowcli [-H TARGET] show security flow session ...
 *
 * The line is checked here with the daemon's own parser (command.c), so a
 * bad line costs no connection; then it goes to flowagentd as a Junos
 * <command> over NETCONF, and the <output> text comes back byte for byte
 * what 'flowcli render' prints for the same sessions.  '| display xml rpc'
 * needs no daemon: it prints the request itself, as Junos does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "flowcli.h"

static void
show_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: flowcli [-H TARGET] show security flow session "
	    "[resource-manager]\n"
	    "           [session-identifier ID] [brief|extensive|summary] "
	    "[FILTER VALUE ...]\n"
	    "           ['| display xml' | '| display json' | "
	    "'| display xml rpc' | '| count']\n\n"
	    "Asks flowagentd over NETCONF and prints what the device prints.  "
	    "Keywords\nmay be abbreviated (sh sec fl ses res ext).  TARGET is "
	    "unix:PATH or\nssh://[USER@]HOST[:PORT] (default $FLOWAGENT_HOST, "
	    "else %s).\n\nfilters:\n", FLOWCLI_DEFAULT_HOST);
	for (const struct filter_option *o = filter_options; o->name; o++) {
		char left[48];

		snprintf(left, sizeof left, "%s%s%s", o->name,
		    o->has_value ? " " : "", o->has_value ? o->metavar : "");
		fprintf(fp, "  %-26s %s\n", left, o->help);
	}
}

/* Junos's '| count' counts lines, a last one without its newline too. */
static size_t
count_lines(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return len > 0 && s[len - 1] != '\n' ? n + 1 : n;
}

/* The output as it is, or as '| count' has it. */
/* errno of the first failed write to stdout: later calls clobber it. */
static int emit_errno;

static void
emit(const char *text, size_t len, void *arg)
{
	const struct command *cmd = arg;

	if (cmd->flags & COMMAND_COUNT)
		printf("Count: %zu lines\n", count_lines(text, len));
	else if (fwrite(text, 1, len, stdout) != len && emit_errno == 0)
		emit_errno = errno;
}

/* '| display xml rpc': the request as the CLI prints it. */
static int
local_rpc(const struct command *cmd)
{
	struct sink out;
	size_t len;
	char *text;

	if (sink_mem(&out) != 0 ||
	    command_write_rpc(cmd, &out, COMMAND_RPC_CLI) != 0 ||
	    (text = sink_take(&out, &len)) == NULL) {
		sink_close(&out);
		flowcli_err("out of memory");
		return FLOWCLI_FAIL;
	}
	sink_close(&out);
	emit(text, len, (void *)cmd);
	free(text);
	return FLOWCLI_OK;
}

int
flowcli_show(int argc, char **argv)
{
	struct command cmd;
	struct flowcli_target target;
	char err[600], *request;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		show_usage(stdout);
		return FLOWCLI_OK;
	}
	if (command_parse_argv(&cmd, argc, argv, err, sizeof err) != 0) {
		flowcli_err("%s", err);
		return FLOWCLI_USAGE;
	}
	if (cmd.flags & COMMAND_XML_RPC)
		rc = local_rpc(&cmd);
	else {
		if (flowcli_target_parse(&target, flowcli_host(), err,
		    sizeof err) != 0) {
			flowcli_err("%s", err);
			return FLOWCLI_USAGE;
		}
		if ((request = command_request(&cmd)) == NULL) {
			flowcli_err("out of memory");
			return FLOWCLI_FAIL;
		}
		rc = flowcli_nc_command(&target, request, emit, &cmd);
		free(request);
	}
	if (rc != FLOWCLI_OK)
		return rc;
	if ((fflush(stdout) != 0 || ferror(stdout)) && emit_errno == 0)
		emit_errno = errno != 0 ? errno : EIO;
	if (emit_errno != 0) {
		flowcli_err("write error: %s", strerror(emit_errno));
		return FLOWCLI_FAIL;
	}
	return FLOWCLI_OK;
}
