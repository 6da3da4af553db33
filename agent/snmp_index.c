/* snmp_index.c: table indexes as OID suffixes (see snmp_index.h). */
#include <string.h>

#include "snmp_index.h"

int
snmp_index_exact(const struct snmp_index_spec *sp, const uint64_t *sfx,
    size_t len, uint32_t *key)
{
	if (len != sp->n)
		return -1;
	for (unsigned i = 0; i < sp->n; i++) {
		if (sfx[i] > sp->max[i])
			return -1;
		key[i] = (uint32_t)sfx[i];
	}
	return 0;
}

/* Increments the first `upto` positions as one number, zeroing the rest. */
static int
index_increment(const struct snmp_index_spec *sp, uint32_t *key, unsigned upto)
{
	for (unsigned i = upto; i < sp->n; i++)
		key[i] = 0;
	while (upto-- > 0) {
		if (key[upto] < sp->max[upto]) {
			key[upto]++;
			return 0;
		}
		key[upto] = 0;
	}
	return -1;
}

int
snmp_index_succ(const struct snmp_index_spec *sp, uint32_t *key)
{
	return index_increment(sp, key, sp->n);
}

int
snmp_index_next(const struct snmp_index_spec *sp, const uint64_t *sfx,
    size_t len, int inclusive, uint32_t *key)
{
	for (unsigned i = 0; i < sp->n; i++) {
		if (i == len) {
			/* A proper prefix: its extension by zeros is greater. */
			for (; i < sp->n; i++)
				key[i] = 0;
			return 0;
		}
		if (sfx[i] > sp->max[i]) {
			/* Nothing starts with this prefix: the next one. */
			return index_increment(sp, key, i);
		}
		key[i] = (uint32_t)sfx[i];
	}
	if (len == sp->n && inclusive)
		return 0;
	/* The suffix is this index or lies inside it: the one after. */
	return index_increment(sp, key, sp->n);
}
