/*
 * snmp_index.h: table indexes as OID suffixes.
 *
 * An index is n sub-identifiers, each with its own maximum (a PIC is fpc.pic;
 * a session fpc.pic and the 8 octets of its identifier).  A request's suffix
 * can be anything a manager sends: too short, too long, out of range.  These
 * functions turn it into the index a GET names, or the first index a GETNEXT
 * must return, in the lexicographic order SNMP defines.  Pure functions of
 * their arguments: no net-snmp, no store.
 */
#ifndef FLOW_SNMP_INDEX_H
#define FLOW_SNMP_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define SNMP_INDEX_MAX	10

struct snmp_index_spec {
	unsigned	n;
	uint32_t	max[SNMP_INDEX_MAX];
};

/* The suffix is exactly one valid index: 0 and key set, else -1. */
int	snmp_index_exact(const struct snmp_index_spec *, const uint64_t *sfx,
	    size_t len, uint32_t *key);
/*
 * The smallest valid index greater than the suffix (or equal to it, when
 * `inclusive` and the suffix is a valid index): 0 and key set, or -1 when
 * there is none.
 */
int	snmp_index_next(const struct snmp_index_spec *, const uint64_t *sfx,
	    size_t len, int inclusive, uint32_t *key);
/* The smallest index greater than key: 0, or -1 when key is the last. */
int	snmp_index_succ(const struct snmp_index_spec *, uint32_t *key);

#endif
