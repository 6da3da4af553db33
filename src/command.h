/*
 * command.h: the Junos command line "show security flow session ...".
 *
 * One grammar for every front end that takes a CLI line: flowcli's show
 * command (an argv vector) and the NETCONF server's Junos <command>
 * operation (one string, as PyEZ and ncclient send it):
 *
 *   show security flow session [resource-manager] [session-identifier ID]
 *       [brief|extensive|summary] [FILTER VALUE ...]
 *       [| display xml [rpc] | display json | count | no-more ...]
 *
 * Filters are the Junos input names of filter.c's table, in any order, set
 * through filter_set().  Keywords may be abbreviated to a unique prefix
 * among the words valid at that point, as on a device ("sh sec fl ses res
 * ext").  A '|' needs no spaces around it.
 */
#ifndef FLOW_COMMAND_H
#define FLOW_COMMAND_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "render.h"
#include "sink.h"

/* command.flags */
#define COMMAND_LEVEL	0x01	/* brief, extensive or summary was given */
#define COMMAND_XML_RPC	0x02	/* | display xml rpc: print the request */
#define COMMAND_COUNT	0x04	/* | count: print "Count: N lines" instead */
#define COMMAND_NO_MORE	0x08	/* | no-more: accepted, no effect */

/* Filters are indexed by their FILTER_* bit, which stay below FILTER_PIC. */
#define COMMAND_NFILTERS	FILTER_PIC
#define COMMAND_VALUE_MAX	64	/* longest filter value, with its NUL */

struct command {
	enum render_view	 view;	/* extensive for a session-identifier */
	enum render_format	 format;
	unsigned		 flags;
	struct filter		 filter;
	/* The arguments in the order typed: FILTER_* bits, or COMMAND_ARG_LEVEL
	 * for the level; the RPC and the canonical line keep that order. */
	uint8_t			 order[COMMAND_NFILTERS + 1];
	unsigned		 norder;
	char			 value[COMMAND_NFILTERS][COMMAND_VALUE_MAX];
};
#define COMMAND_ARG_LEVEL	0xff

/* Parses one line: 0, or -1 with a message naming the bad word. */
int	 command_parse(struct command *, const char *line, char *err,
	    size_t errlen);
/* The same from words (flowcli's argv after its options, from "show"). */
int	 command_parse_argv(struct command *, int argc, char *const *argv,
	    char *err, size_t errlen);

/* command_write_rpc() flags */
#define COMMAND_RPC_CLI	0x01	/* as the CLI prints it: rpc-reply, indented */

/*
 * The equivalent Junos RPC, as '| display xml rpc' shows it:
 * <rpc><get-flow-session-information><resource-manager/><extensive/>
 * </get-flow-session-information></rpc>.  A session-identifier with no
 * other filter is <get-flow-session-by-identifier>.  Returns 0, or -1 when
 * no RPC carries the request (a session-identifier with other filters).
 */
int	 command_write_rpc(const struct command *, struct sink *,
	    unsigned flags);
/* The canonical line: keywords in full, values as typed, then its
 * '| display ...' and '| count'; NULL when out of memory.  The caller frees
 * it. */
char	*command_line(const struct command *);
/* The NETCONF request flowcli sends: <command xmlns=flowagent-junos>
 * <line>the canonical line</line></command>, without '| count' (flowcli
 * counts what it receives).  NULL when out of memory; the caller frees it. */
char	*command_request(const struct command *);

#endif
