/* filter.c: session selection shared by every front end (see filter.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "filter.h"

const struct filter_option filter_options[] = {
	{ "resource-manager", FILTER_RM, 0, NULL,
	    "only sessions created by the resource manager (ALGs)" },
	{ "session-identifier", FILTER_ID, 1, "ID",
	    "only the session with this identifier" },
	{ "source-prefix", FILTER_SRC, 1, "PREFIX",
	    "source address within PREFIX (a.b.c.d[/len], x:y::z[/len])" },
	{ "destination-prefix", FILTER_DST, 1, "PREFIX",
	    "destination address within PREFIX" },
	{ "source-port", FILTER_SPORT, 1, "PORT", "source port" },
	{ "destination-port", FILTER_DPORT, 1, "PORT", "destination port" },
	{ "protocol", FILTER_PROTO, 1, "PROTO",
	    "protocol, by name (tcp, udp, icmp, ...) or number" },
	{ "interface", FILTER_IF, 1, "IFNAME", "incoming or outgoing interface" },
	{ "application", FILTER_APP, 1, "APP",
	    "application name (junos-ftp, or ftp)" },
	{ "start-identifier", FILTER_START, 1, "ID",
	    "show sessions from this identifier on" },
	{ "count", FILTER_COUNT, 1, "N", "show at most N sessions" },
	{ "node", FILTER_NODE, 1, "0|1|local|primary",
	    "a chassis cluster's node (a box outside a cluster is node 0)" },
	{ NULL, 0, 0, NULL, NULL }
};

void
filter_init(struct filter *f)
{
	memset(f, 0, sizeof *f);
}

static int
filter_number(const char *v, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long n;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
filter_prefix(const char *v, struct filter_prefix *p)
{
	char buf[64], *slash;
	uint64_t len;
	int max;

	if (strlen(v) >= sizeof buf)
		return -1;
	strcpy(buf, v);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	memset(p, 0, sizeof *p);
	if (inet_pton(AF_INET, buf, p->addr) == 1) {
		p->af = FLOW_AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, buf, p->addr) == 1) {
		p->af = FLOW_AF_INET6;
		max = 128;
	} else
		return -1;
	if (slash == NULL)
		len = (uint64_t)max;
	else if (filter_number(slash, (uint64_t)max, &len) != 0)
		return -1;
	p->len = (uint8_t)len;
	return 0;
}

int
filter_set(struct filter *f, const char *name, const char *v, char *err,
    size_t errlen)
{
	const struct filter_option *o;
	uint64_t n;
	int rc = 0;

	for (o = filter_options; o->name != NULL; o++)
		if (strcmp(o->name, name) == 0)
			break;
	if (o->name == NULL) {
		snprintf(err, errlen, "unknown filter '%s'", name);
		return -1;
	}
	if (o->has_value && v == NULL) {
		snprintf(err, errlen, "%s needs a value", name);
		return -1;
	}
	switch (o->bit) {
	case FILTER_RM:
		break;
	case FILTER_ID:
		rc = filter_number(v, UINT64_MAX, &f->id);
		break;
	case FILTER_START:
		rc = filter_number(v, UINT64_MAX, &f->start);
		break;
	case FILTER_COUNT:
		rc = filter_number(v, UINT64_MAX, &f->count);
		break;
	case FILTER_NODE:
		f->node_kind = strcmp(v, "local") == 0 ? FILTER_NODE_LOCAL :
		    strcmp(v, "primary") == 0 ? FILTER_NODE_PRIMARY :
		    FILTER_NODE_NUMBER;
		if (f->node_kind == FILTER_NODE_NUMBER &&
		    (rc = filter_number(v, 999, &n)) == 0)
			f->node = (uint32_t)n;
		break;
	case FILTER_SRC:
		rc = filter_prefix(v, &f->src);
		break;
	case FILTER_DST:
		rc = filter_prefix(v, &f->dst);
		break;
	case FILTER_SPORT:
	case FILTER_DPORT:
		if ((rc = filter_number(v, 65535, &n)) == 0) {
			if (o->bit == FILTER_SPORT)
				f->sport = (uint16_t)n;
			else
				f->dport = (uint16_t)n;
		}
		break;
	case FILTER_PROTO:
		rc = proto_parse(v, strlen(v), &f->proto);
		break;
	case FILTER_IF:
	case FILTER_APP: {
		char *dst = o->bit == FILTER_IF ? f->ifname : f->app;

		if (*v == '\0' || strlen(v) >= sizeof f->ifname)
			rc = -1;
		else
			strcpy(dst, v);
		break;
	}
	}
	if (rc != 0) {
		snprintf(err, errlen, "bad %s '%s'", name, v);
		return -1;
	}
	f->set |= FILTER_BIT(o->bit);
	return 0;
}

static int
prefix_match(const struct filter_prefix *p, uint8_t af, const uint8_t *a)
{
	unsigned full = p->len / 8, rest = p->len % 8;

	if (af != p->af)
		return 0;
	if (memcmp(p->addr, a, full) != 0)
		return 0;
	if (rest != 0) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		if ((p->addr[full] & mask) != (a[full] & mask))
			return 0;
	}
	return 1;
}

static int
wing_match(const struct filter *f, const struct atom_table *atoms,
    const struct flow_wing *w)
{
	if ((f->set & FILTER_BIT(FILTER_SRC)) &&
	    !prefix_match(&f->src, w->src_af, w->src))
		return 0;
	if ((f->set & FILTER_BIT(FILTER_DST)) &&
	    !prefix_match(&f->dst, w->dst_af, w->dst))
		return 0;
	if ((f->set & FILTER_BIT(FILTER_SPORT)) && w->sport != f->sport)
		return 0;
	if ((f->set & FILTER_BIT(FILTER_DPORT)) && w->dport != f->dport)
		return 0;
	if ((f->set & FILTER_BIT(FILTER_PROTO)) && w->proto != f->proto)
		return 0;
	if ((f->set & FILTER_BIT(FILTER_IF)) &&
	    strcmp(atom_str(atoms, w->ifname), f->ifname) != 0)
		return 0;
	return 1;
}

static int
app_match(const struct filter *f, const struct atom_table *atoms,
    const struct flow_session *s)
{
	const char *name;

	if (!(s->present & (1u << FP_APP_NAME)))
		return 0;
	name = atom_str(atoms, s->app_name);
	if (strcmp(name, f->app) == 0)
		return 1;
	/* Junos names predefined applications junos-<name>. */
	return strncmp(name, "junos-", 6) == 0 && strcmp(name + 6, f->app) == 0;
}

int
filter_match(const struct filter *f, const struct atom_table *atoms,
    const struct flow_session *s)
{
	if (f == NULL || (f->set & ~FILTER_WHERE_BITS) == 0)
		return f == NULL || !(f->set & FILTER_BIT(FILTER_START)) ||
		    s->id >= f->start;
	if ((f->set & FILTER_BIT(FILTER_START)) && s->id < f->start)
		return 0;
	if ((f->set & FILTER_BIT(FILTER_RM)) && !flow_is_rm(s))
		return 0;
	if ((f->set & FILTER_BIT(FILTER_ID)) && s->id != f->id)
		return 0;
	if ((f->set & FILTER_BIT(FILTER_APP)) && !app_match(f, atoms, s))
		return 0;
	if (f->set & FILTER_WING_BITS) {
		for (unsigned i = 0; i < s->nwings; i++)
			if (wing_match(f, atoms, &s->wing[i]))
				return 1;
		return 0;
	}
	return 1;
}

int
filter_counts_only(const struct filter *f)
{
	return f == NULL || (f->set & ~(FILTER_BIT(FILTER_RM) |
	    FILTER_BIT(FILTER_PIC) | FILTER_BIT(FILTER_NODE))) == 0;
}

int
filter_node_match(const struct filter *f, uint32_t node, uint32_t local,
    uint32_t primary)
{
	uint32_t want;

	if (f == NULL || !(f->set & FILTER_BIT(FILTER_NODE)))
		return 1;
	want = f->node_kind == FILTER_NODE_LOCAL ? local :
	    f->node_kind == FILTER_NODE_PRIMARY ? primary : f->node;
	return (node == 0 ? 0 : node - 1) == want;
}

int
filter_is_empty(const struct filter *f)
{
	return f == NULL || (f->set & ~FILTER_WHERE_BITS) == 0;
}
