/*
 * filter.h: which sessions a request selects.
 *
 * One filter for every front end.  Options carry Junos's own input names
 * (get-flow-session-information: source-prefix, protocol, ...), so flowcli's
 * long options and the NETCONF RPC's leaves are the same words, set through
 * filter_set() from one table.
 *
 * Address, port, protocol and interface criteria hold when one wing meets all
 * of them (a session matches on its In wing or on its Out wing, so a
 * translated address finds the session too).
 */
#ifndef FLOW_FILTER_H
#define FLOW_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "atom.h"
#include "model.h"

enum {
	FILTER_RM, FILTER_ID, FILTER_SRC, FILTER_DST, FILTER_SPORT,
	FILTER_DPORT, FILTER_PROTO, FILTER_IF, FILTER_APP, FILTER_START,
	FILTER_COUNT, FILTER_NODE, FILTER_PIC
};
#define FILTER_BIT(b)	(1u << (b))
/* Criteria on a single wing. */
#define FILTER_WING_BITS (FILTER_BIT(FILTER_SRC) | FILTER_BIT(FILTER_DST) | \
	FILTER_BIT(FILTER_SPORT) | FILTER_BIT(FILTER_DPORT) | \
	FILTER_BIT(FILTER_PROTO) | FILTER_BIT(FILTER_IF))
/* What does not select sessions by content: paging, the node, the PIC. */
#define FILTER_WHERE_BITS (FILTER_BIT(FILTER_START) | \
	FILTER_BIT(FILTER_COUNT) | FILTER_BIT(FILTER_PIC) | \
	FILTER_BIT(FILTER_NODE))

/* filter.node_kind: `node N`, `node local`, `node primary`. */
enum { FILTER_NODE_NUMBER, FILTER_NODE_LOCAL, FILTER_NODE_PRIMARY };

struct filter_prefix {
	uint8_t		af, len;	/* enum flow_af, prefix length */
	uint8_t		addr[16];
};

struct filter {
	uint32_t		set;		/* FILTER_BIT()s */
	uint64_t		id;
	struct filter_prefix	src, dst;
	uint16_t		sport, dport;
	uint8_t			proto;
	char			ifname[64];
	char			app[64];
	uint64_t		start;		/* first session identifier */
	uint64_t		count;		/* at most this many sessions */
	uint32_t		fpc, pic;
	uint32_t		node;		/* FILTER_NODE_NUMBER's */
	uint8_t			node_kind;
};

struct filter_option {
	const char	*name;		/* Junos input name */
	int		 bit;
	int		 has_value;
	const char	*metavar;
	const char	*help;
};
/* Terminated by a NULL name. */
extern const struct filter_option filter_options[];

void	filter_init(struct filter *);
/* Sets option `name` from `value` (NULL for flags): 0, or -1 and a message. */
int	filter_set(struct filter *, const char *name, const char *value,
	    char *err, size_t errlen);
int	filter_match(const struct filter *, const struct atom_table *,
	    const struct flow_session *);
/* True when the filter selects nothing but resource-manager sessions or
 * nothing at all: the store's per-PIC counts answer a summary. */
int	filter_counts_only(const struct filter *);
/* True when no criterion on content is set (resource-manager included). */
int	filter_is_empty(const struct filter *);
/* Does a PIC of node `node` (0: no cluster, n + 1: node n) pass the node
 * criterion?  `local` and `primary` are the data's (0: node0). */
int	filter_node_match(const struct filter *, uint32_t node, uint32_t local,
	    uint32_t primary);

#endif
