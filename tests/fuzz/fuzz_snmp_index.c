/*
 * fuzz_snmp_index.c: OID suffixes to table indexes.  Input: one byte for
 * the number of positions, one per maximum, then the suffix as 8-byte
 * little-endian sub-identifiers (a short tail is padded).  Checks what the
 * header promises: an exact index is within the maxima, next is greater
 * (or equal, inclusive) and valid, succ is greater.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snmp_index.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
valid(const struct snmp_index_spec *sp, const uint32_t *key)
{
	for (unsigned i = 0; i < sp->n; i++)
		if (key[i] > sp->max[i])
			return 0;
	return 1;
}

/* key against the suffix, in SNMP's lexicographic order. */
static int
cmp(const uint32_t *key, unsigned n, const uint64_t *sfx, size_t len)
{
	for (size_t i = 0; i < n && i < len; i++)
		if (key[i] != sfx[i])
			return key[i] < sfx[i] ? -1 : 1;
	return n < len ? -1 : n > len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct snmp_index_spec sp;
	uint64_t sfx[32];
	uint32_t key[SNMP_INDEX_MAX], k2[SNMP_INDEX_MAX];
	size_t n = 0;

	if (len < 1)
		return 0;
	memset(&sp, 0, sizeof sp);
	sp.n = 1 + data[0] % SNMP_INDEX_MAX;
	data++, len--;
	for (unsigned i = 0; i < sp.n; i++) {
		/* Small maxima mostly, the full range sometimes. */
		if (len == 0)
			sp.max[i] = 3;
		else if (data[0] == 0xff)
			sp.max[i] = UINT32_MAX;
		else
			sp.max[i] = data[0] % 8;
		if (len > 0)
			data++, len--;
	}
	while (len > 0 && n < sizeof sfx / sizeof sfx[0]) {
		uint64_t v = 0;
		size_t m = len < 8 ? len : 8;

		for (size_t i = 0; i < m; i++)
			v |= (uint64_t)data[i] << (8 * i);
		/* Keep small values likely. */
		if (m < 8 || (data[7] & 0x80) == 0)
			v %= 10;
		sfx[n++] = v;
		data += m, len -= m;
	}
	if (snmp_index_exact(&sp, sfx, n, key) == 0 &&
	    (!valid(&sp, key) || cmp(key, sp.n, sfx, n) != 0))
		abort();
	for (int inc = 0; inc <= 1; inc++)
		if (snmp_index_next(&sp, sfx, n, inc, key) == 0) {
			int c = cmp(key, sp.n, sfx, n);

			if (!valid(&sp, key) || c < 0 || (c == 0 && !inc))
				abort();
			memcpy(k2, key, sizeof k2);
			if (snmp_index_succ(&sp, k2) == 0 &&
			    (!valid(&sp, k2) || memcmp(k2, key,
			    sp.n * sizeof k2[0]) == 0))
				abort();
		}
	return 0;
}
