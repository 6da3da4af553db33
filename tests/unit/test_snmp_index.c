/*
 * test_snmp_index.c: OID suffixes to table indexes, against a brute-force
 * model of SNMP's lexicographic order on a small index space.
 */
#include "check.h"
#include "snmp_index.h"

/* Lexicographic comparison of sub-identifier strings. */
static int
lexcmp(const uint64_t *a, size_t la, const uint64_t *b, size_t lb)
{
	for (size_t i = 0; i < la && i < lb; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return la < lb ? -1 : la > lb;
}

int
main(void)
{
	/* A small space: 3 positions, maxima 2, 3, 1: 24 indexes. */
	struct snmp_index_spec sp = { 3, { 2, 3, 1 } };
	uint64_t all[24][3], sfx[5];
	uint32_t key[SNMP_INDEX_MAX];
	int n = 0;

	for (uint64_t a = 0; a <= 2; a++)
		for (uint64_t b = 0; b <= 3; b++)
			for (uint64_t c = 0; c <= 1; c++) {
				all[n][0] = a;
				all[n][1] = b;
				all[n][2] = c;
				n++;
			}
	/*
	 * Every suffix of length 0 to 4 with values 0..4 (some out of range):
	 * next must be the first index (in order) greater than the suffix, or
	 * equal when inclusive.
	 */
	for (size_t len = 0; len <= 4; len++) {
		size_t total = 1;

		for (size_t i = 0; i < len; i++)
			total *= 5;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;

			for (size_t i = 0; i < len; i++) {
				sfx[i] = c % 5;
				c /= 5;
			}
			for (int incl = 0; incl < 2; incl++) {
				int want = -1, rc;

				for (int i = 0; i < n && want < 0; i++) {
					int cmp = lexcmp(all[i], 3, sfx, len);

					if (cmp > 0 || (cmp == 0 && incl))
						want = i;
				}
				rc = snmp_index_next(&sp, sfx, len, incl, key);
				if (want < 0)
					CHECK(rc == -1);
				else
					CHECK(rc == 0 && key[0] == all[want][0] &&
					    key[1] == all[want][1] &&
					    key[2] == all[want][2]);
			}
			/* exact: only a valid 3-element suffix */
			{
				int valid = len == 3 && sfx[0] <= 2 &&
				    sfx[1] <= 3 && sfx[2] <= 1;

				CHECK((snmp_index_exact(&sp, sfx, len, key) == 0)
				    == valid);
			}
		}
	}

	/* The real session index: values at and beyond 32 bits. */
	{
		struct snmp_index_spec s4 = { 4, { UINT32_MAX, UINT32_MAX,
		    UINT32_MAX, UINT32_MAX } };
		uint64_t big[4] = { 10, 1, UINT32_MAX, UINT32_MAX };
		uint64_t over[2] = { 10, (uint64_t)UINT32_MAX + 1 };

		CHECK(snmp_index_exact(&s4, big, 4, key) == 0);
		CHECK(snmp_index_next(&s4, big, 4, 0, key) == 0 &&
		    key[0] == 10 && key[1] == 2 && key[2] == 0 && key[3] == 0);
		CHECK(snmp_index_next(&s4, over, 2, 0, key) == 0 &&
		    key[0] == 11 && key[1] == 0);
		big[0] = big[1] = UINT32_MAX;
		CHECK(snmp_index_next(&s4, big, 4, 0, key) == -1);
		CHECK(snmp_index_next(&s4, big, 4, 1, key) == 0);
		CHECK(snmp_index_exact(&s4, over, 2, key) == -1);
		key[0] = key[1] = key[2] = key[3] = UINT32_MAX;
		CHECK(snmp_index_succ(&s4, key) == -1);
	}
	return check_done("test_snmp_index");
}
