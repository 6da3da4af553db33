/*
 * ct_map.c: the conntrack source's two maps, each read from a file:
 *
 *   marks=FILE   MARK NAME/INDEX   policy "NAME/INDEX" for conntrack mark
 *                                  MARK (decimal or 0x hex); "N/A" otherwise
 *   zones=FILE   ZONE FPC PIC      conntrack zone ZONE shows on FPC<fpc>
 *                                  PIC<pic>; FPC0 PIC0 otherwise
 *
 * '#' starts a comment; blank lines are ignored.  A line that does not
 * parse, or a key given twice, refuses the whole file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct.h"

#define CT_MAP_MAX	1000000		/* lines; more is a mistake */

/* An unsigned number, decimal or 0x hex, <= max. */
static int
map_number(const char *s, unsigned long max, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* "NAME/INDEX": a non-empty name, a slash, a decimal index. */
static int
map_policy_ok(const char *s)
{
	const char *slash = strrchr(s, '/');

	if (slash == NULL || slash == s || slash[1] == '\0')
		return 0;
	for (const char *p = slash + 1; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	return 1;
}

static int
cmp_policy(const void *a, const void *b)
{
	const struct ct_policy *x = a, *y = b;

	return x->mark < y->mark ? -1 : x->mark > y->mark;
}

static int
cmp_zone(const void *a, const void *b)
{
	const struct ct_zone *x = a, *y = b;

	return x->zone < y->zone ? -1 : x->zone > y->zone;
}

/*
 * Reads one map file: each line's words go to `line`, which returns 0 or
 * sets a message.  Returns 0, or -1 with "FILE:LINE: message".
 */
static int
map_read(const char *path, int nwords,
    int (*line)(void *, char **, char *, size_t), void *arg, char *err,
    size_t errlen)
{
	FILE *f;
	char buf[1024], why[200];
	unsigned lineno = 0;
	int rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && fgets(buf, sizeof buf, f) != NULL) {
		char *w[4], *p, *save = NULL;
		int n = 0;

		lineno++;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path,
			    lineno);
			rc = -1;
			break;
		}
		if ((p = strchr(buf, '#')) != NULL)
			*p = '\0';
		for (p = strtok_r(buf, " \t\r\n", &save); p != NULL && n < 4;
		    p = strtok_r(NULL, " \t\r\n", &save))
			w[n++] = p;
		if (n == 0)
			continue;
		if (n != nwords) {
			snprintf(err, errlen, "%s:%u: want %d words, got %d",
			    path, lineno, nwords, n);
			rc = -1;
		} else if (lineno > CT_MAP_MAX) {
			snprintf(err, errlen, "%s:%u: too many lines", path,
			    lineno);
			rc = -1;
		} else if (line(arg, w, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	fclose(f);
	return rc;
}

struct map_build {
	struct ct_map	*m;
	struct store	*st;
};

/* Room for one more element in an array of n: capacities 16, 32, 64... */
static int
grow(void **v, size_t n, size_t size)
{
	void *nv;

	if (n < 16 ? n != 0 : (n & (n - 1)) != 0)
		return 0;
	if ((nv = realloc(*v, (n < 16 ? 16 : n * 2) * size)) == NULL)
		return -1;
	*v = nv;
	return 0;
}

static int
policy_line(void *arg, char **w, char *why, size_t len)
{
	struct map_build *b = arg;
	struct ct_policy *p;
	uint32_t mark;

	if (map_number(w[0], UINT32_MAX, &mark) != 0) {
		snprintf(why, len, "'%s' is not a conntrack mark", w[0]);
		return -1;
	}
	if (!map_policy_ok(w[1])) {
		snprintf(why, len, "'%s' is not NAME/INDEX", w[1]);
		return -1;
	}
	if (grow((void **)&b->m->policy, b->m->npolicy, sizeof *p) != 0) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	p = &b->m->policy[b->m->npolicy];
	p->mark = mark;
	if ((p->name = store_intern(b->st, w[1], strlen(w[1]))) == UINT32_MAX) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	b->m->npolicy++;
	return 0;
}

static int
zone_line(void *arg, char **w, char *why, size_t len)
{
	struct map_build *b = arg;
	struct ct_zone *z;
	uint32_t zone, fpc, pic;

	if (map_number(w[0], 65535, &zone) != 0) {
		snprintf(why, len, "'%s' is not a conntrack zone (0-65535)",
		    w[0]);
		return -1;
	}
	if (map_number(w[1], 65535, &fpc) != 0 ||
	    map_number(w[2], 65535, &pic) != 0) {
		snprintf(why, len, "FPC and PIC must be numbers 0-65535");
		return -1;
	}
	if (grow((void **)&b->m->zone, b->m->nzone, sizeof *z) != 0) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	z = &b->m->zone[b->m->nzone++];
	z->zone = zone;
	z->fpc = fpc;
	z->pic = pic;
	return 0;
}

/* The key is the first member of both row types. */
static const char *
dup_key(const void *v, size_t n, size_t size)
{
	const char *a = v;

	for (size_t i = 1; i < n; i++)
		if (memcmp(a + (i - 1) * size, a + i * size, 4) == 0)
			return a + i * size;
	return NULL;
}

int
ct_map_load(struct ct_map *m, struct store *st, const char *marks,
    const char *zones, char *err, size_t errlen)
{
	struct ct_map nm = { 0 };
	struct map_build b = { &nm, st };
	const char *d;

	nm.na = store_intern(st, "N/A", 3);
	if ((marks != NULL &&
	    map_read(marks, 2, policy_line, &b, err, errlen) != 0) ||
	    (zones != NULL &&
	    map_read(zones, 3, zone_line, &b, err, errlen) != 0)) {
		ct_map_free(&nm);
		return -1;
	}
	if (nm.npolicy > 0)
		qsort(nm.policy, nm.npolicy, sizeof *nm.policy, cmp_policy);
	if (nm.nzone > 0)
		qsort(nm.zone, nm.nzone, sizeof *nm.zone, cmp_zone);
	/* Two policies for one mark is a mistake worth refusing. */
	if ((d = dup_key(nm.policy, nm.npolicy, sizeof *nm.policy)) != NULL) {
		snprintf(err, errlen, "%s: mark %u is mapped twice", marks,
		    ((const struct ct_policy *)(const void *)d)->mark);
		ct_map_free(&nm);
		return -1;
	}
	if ((d = dup_key(nm.zone, nm.nzone, sizeof *nm.zone)) != NULL) {
		snprintf(err, errlen, "%s: zone %u is mapped twice", zones,
		    ((const struct ct_zone *)(const void *)d)->zone);
		ct_map_free(&nm);
		return -1;
	}
	ct_map_free(m);
	*m = nm;
	return 0;
}

void
ct_map_free(struct ct_map *m)
{
	free(m->policy);
	free(m->zone);
	m->policy = NULL;
	m->zone = NULL;
	m->npolicy = m->nzone = 0;
}

uint32_t
ct_map_policy(const struct ct_map *m, uint32_t mark)
{
	struct ct_policy key = { .mark = mark }, *p;

	p = m->npolicy ? bsearch(&key, m->policy, m->npolicy, sizeof key,
	    cmp_policy) : NULL;
	return p != NULL ? p->name : m->na;
}

void
ct_map_pic(const struct ct_map *m, uint32_t zone, uint32_t *fpc,
    uint32_t *pic)
{
	struct ct_zone key = { .zone = zone }, *z;

	z = m->nzone ? bsearch(&key, m->zone, m->nzone, sizeof key, cmp_zone) :
	    NULL;
	*fpc = z != NULL ? z->fpc : 0;
	*pic = z != NULL ? z->pic : 0;
}
