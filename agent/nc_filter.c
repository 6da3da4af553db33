/*
 * nc_filter.c: <get> filters.
 *
 * Two jobs.  First, read from a filter what narrows our state so the store
 * can answer it (ncs_query_*): a PIC, a session identifier, wing addresses,
 * ports, protocol, interface.  The query is a superset of what the filter
 * selects; anything not understood just narrows nothing.  Second, apply
 * the filter to a libyang tree of those candidates (ncs_*_apply): XPath by
 * libyang, subtree filtering by RFC 6241 section 6 here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nc.h"

static const char *
node_ns(const struct lyd_node *n)
{
	const struct lyd_node_opaq *o = (const struct lyd_node_opaq *)n;

	if (n->schema != NULL)
		return n->schema->module->ns;
	return o->format == LY_VALUE_XML ? o->name.module_ns : NULL;
}

/* A filter node's value, spaces trimmed; "" for none. */
static const char *
filter_value(const struct lyd_node *n, char *buf, size_t len)
{
	const char *v, *e;

	if (n->schema != NULL) {
		if (!(n->schema->nodetype & LYD_NODE_TERM))
			return "";
		v = lyd_get_value(n);
	} else
		v = ((const struct lyd_node_opaq *)n)->value;
	if (v == NULL)
		return "";
	while (isspace((unsigned char)*v))
		v++;
	e = v + strlen(v);
	while (e > v && isspace((unsigned char)e[-1]))
		e--;
	if ((size_t)(e - v) >= len)
		e = v + len - 1;
	memcpy(buf, v, (size_t)(e - v));
	buf[e - v] = '\0';
	return buf;
}

static int
same_name(const struct lyd_node *f, const struct lyd_node *d)
{
	const char *ns = node_ns(f);

	return strcmp(LYD_NAME(f), LYD_NAME(d)) == 0 &&
	    (ns == NULL || (node_ns(d) != NULL && strcmp(ns, node_ns(d)) == 0));
}

static int
is_ours(const struct lyd_node *f, const char *name)
{
	const char *ns = node_ns(f);

	return strcmp(LYD_NAME(f), name) == 0 &&
	    (ns == NULL || strcmp(ns, NCS_NS_SESSION) == 0);
}

/* The one child of f named `name`, or NULL (none, or several). */
static const struct lyd_node *
only_child(const struct lyd_node *f, const char *name)
{
	const struct lyd_node *c, *found = NULL;

	LY_LIST_FOR(lyd_child(f), c)
		if (is_ours(c, name)) {
			if (found != NULL)
				return NULL;
			found = c;
		}
	return found;
}

/* Content-match leaves of f that the store's filter knows. */
static void
push_leaves(const struct lyd_node *f, struct filter *q)
{
	static const struct {
		const char	*leaf;
		const char	*option;
	} map[] = {
		{ "session-identifier", "session-identifier" },
		{ "application-name", "application" },
		{ "source-address", "source-prefix" },
		{ "destination-address", "destination-prefix" },
		{ "source-port", "source-port" },
		{ "destination-port", "destination-port" },
		{ "protocol", "protocol" },
		{ "interface-name", "interface" },
	};
	const struct lyd_node *c;
	char buf[128], err[128];

	LY_LIST_FOR(lyd_child(f), c) {
		const char *v = filter_value(c, buf, sizeof buf);

		if (*v == '\0' || lyd_child(c) != NULL)
			continue;
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
			if (is_ours(c, map[i].leaf))
				/* A value the store cannot take selects
				 * nothing there: no narrowing, no harm. */
				(void)filter_set(q, map[i].option, v, err,
				    sizeof err);
	}
}

int
ncs_query_subtree(const struct lyd_node *filter, struct ncs_query *q)
{
	const struct lyd_node *f, *pic, *session, *wing;
	char a[32], b[32];

	LY_LIST_FOR(filter, f) {
		if (!is_ours(f, "flow-sessions")) {
			q->others = 1;
			continue;
		}
		q->flows = 1;
		if (lyd_child(f) == NULL) {
			q->whole = 1;
			continue;
		}
		if ((pic = only_child(f, "pic")) == NULL)
			continue;
		if (lyd_child(pic) == NULL &&
		    *filter_value(pic, a, sizeof a) == '\0') {
			q->whole = 1;	/* every PIC, whole */
			continue;
		}
		{
			const struct lyd_node *fpc = only_child(pic,
			    "fpc-slot"), *slot = only_child(pic, "pic-slot");

			if (fpc != NULL && slot != NULL &&
			    *filter_value(fpc, a, sizeof a) != '\0' &&
			    *filter_value(slot, b, sizeof b) != '\0') {
				char *e1, *e2;
				unsigned long x = strtoul(a, &e1, 10),
				    y = strtoul(b, &e2, 10);

				if (*e1 == '\0' && *e2 == '\0' &&
				    x <= UINT32_MAX && y <= UINT32_MAX) {
					q->filter.fpc = (uint32_t)x;
					q->filter.pic = (uint32_t)y;
					q->filter.set |= FILTER_BIT(FILTER_PIC);
					/* Nothing but the keys: the whole
					 * PIC, which the store can stream. */
					if (lyd_child(pic)->next != NULL &&
					    lyd_child(pic)->next->next ==
					    NULL && !q->whole)
						q->exact = 1;
				}
			}
		}
		if ((session = only_child(pic, "session")) == NULL)
			continue;
		push_leaves(session, &q->filter);
		if ((wing = only_child(session, "flow-information")) != NULL)
			push_leaves(wing, &q->filter);
	}
	/* Several flow-sessions filters: their union; do not narrow. */
	if (q->flows && q->whole) {
		filter_init(&q->filter);
		q->exact = 0;
	}
	return 0;
}

/*
 * XPath: the common shapes only, in libyang's canonical form:
 * /flowagent-session:flow-sessions/pic[fpc-slot='0'][pic-slot='1']
 *   /session[session-identifier='5']/flow-information[source-port='21']...
 */
static int
xpath_step(const char **pp, char *name, size_t nlen, struct filter *f,
    int *pic_set, uint32_t *fpc, uint32_t *slot)
{
	const char *p = *pp, *s;
	size_t n;

	if (*p != '/')
		return -1;
	p++;
	if (strncmp(p, NCS_MOD_SESSION ":", strlen(NCS_MOD_SESSION) + 1) == 0)
		p += strlen(NCS_MOD_SESSION) + 1;
	for (s = p; *s != '\0' && *s != '/' && *s != '['; s++)
		if (!(isalnum((unsigned char)*s) || *s == '-' || *s == '_'))
			return -1;
	if ((n = (size_t)(s - p)) == 0 || n >= nlen)
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	p = s;
	while (*p == '[') {
		char key[64], val[128], err[128], q;
		const char *k = ++p, *v;

		while (*p != '\0' && *p != '=' && *p != ']')
			p++;
		if (*p != '=' || (size_t)(p - k) >= sizeof key)
			return -1;
		memcpy(key, k, (size_t)(p - k));
		key[p - k] = '\0';
		if (strncmp(key, NCS_MOD_SESSION ":",
		    strlen(NCS_MOD_SESSION) + 1) == 0)
			memmove(key, key + strlen(NCS_MOD_SESSION) + 1,
			    strlen(key + strlen(NCS_MOD_SESSION) + 1) + 1);
		p++;
		/* 'v', "v", or a bare number. */
		q = *p == '\'' || *p == '"' ? *p++ : ']';
		v = p;
		while (*p != '\0' && *p != q)
			p++;
		if (*p != q || (size_t)(p - v) >= sizeof val ||
		    (q != ']' && p[1] != ']'))
			return -1;
		memcpy(val, v, (size_t)(p - v));
		val[p - v] = '\0';
		p += q != ']' ? 2 : 1;
		if (q == ']' && val[strspn(val, "0123456789")] != '\0')
			return -1;
		if (strcmp(name, "pic") == 0 && (strcmp(key, "fpc-slot") == 0 ||
		    strcmp(key, "pic-slot") == 0)) {
			char *e;
			unsigned long x = strtoul(val, &e, 10);

			if (*e != '\0' || x > UINT32_MAX)
				return -1;
			*(key[0] == 'f' ? fpc : slot) = (uint32_t)x;
			*pic_set |= key[0] == 'f' ? 1 : 2;
		} else {
			/* Same mapping as a subtree content match. */
			if (strcmp(key, "source-address") == 0)
				(void)filter_set(f, "source-prefix", val, err,
				    sizeof err);
			else if (strcmp(key, "destination-address") == 0)
				(void)filter_set(f, "destination-prefix", val,
				    err, sizeof err);
			else if (strcmp(key, "session-identifier") == 0 ||
			    strcmp(key, "source-port") == 0 ||
			    strcmp(key, "destination-port") == 0 ||
			    strcmp(key, "protocol") == 0)
				(void)filter_set(f, key, val, err, sizeof err);
			else if (strcmp(key, "interface-name") == 0)
				(void)filter_set(f, "interface", val, err,
				    sizeof err);
			else if (strcmp(name, "pic") == 0 &&
			    strcmp(key, "node") == 0)
				(void)filter_set(f, "node", val, err,
				    sizeof err);
		}
	}
	*pp = p;
	return 0;
}

int
ncs_query_xpath(const char *select, struct ncs_query *q)
{
	static const char *const steps[] = {
		"flow-sessions", "pic", "session", "flow-information"
	};
	const char *p = select;
	char name[64];
	struct filter f;
	int pic_set = 0;
	uint32_t fpc = 0, slot = 0;

	q->flows = strstr(select, NCS_MOD_SESSION ":") != NULL ||
	    strncmp(select, "//", 2) == 0 || strncmp(select, "/*", 2) == 0;
	/* Another module, a union, or a path from anywhere. */
	q->others = strchr(select, '|') != NULL ||
	    strncmp(select, "//", 2) == 0 || strncmp(select, "/*", 2) == 0 ||
	    strstr(select, "ietf-") != NULL;
	if (!q->flows)
		return 0;
	if (strcmp(select, "/" NCS_MOD_SESSION ":flow-sessions") == 0 ||
	    strcmp(select, "/" NCS_MOD_SESSION ":flow-sessions/pic") == 0) {
		q->whole = !q->others;
		return 0;
	}
	filter_init(&f);
	for (size_t i = 0; *p != '\0'; i++) {
		if (xpath_step(&p, name, sizeof name, &f, &pic_set, &fpc,
		    &slot) != 0)
			return 0;	/* not understood: no narrowing */
		if (i < sizeof steps / sizeof steps[0] &&
		    strcmp(name, steps[i]) != 0)
			return 0;
	}
	if (pic_set == 3) {
		f.fpc = fpc;
		f.pic = slot;
		f.set |= FILTER_BIT(FILTER_PIC);
		/* One whole PIC: "/...:flow-sessions/pic[...][...]". */
		q->exact = !q->others && f.set == FILTER_BIT(FILTER_PIC) &&
		    strcmp(name, "pic") == 0;
	}
	q->filter = f;
	return 0;
}

/* RFC 6241 6.2.5: the data nodes under parent that filter siblings fsib
 * select, added under out (or to *first at the top).  Returns 1 when the
 * parent instance is selected. */
static int subtree_level(const struct lyd_node *fsib,
    const struct lyd_node *dfirst, struct lyd_node *out,
    struct lyd_node **first);

static struct lyd_node *
out_first(struct lyd_node *out, struct lyd_node **first)
{
	return out != NULL ? lyd_child(out) : *first;
}

/* Removes o from the output. */
static void
out_drop(struct lyd_node *o, struct lyd_node *out, struct lyd_node **first)
{
	if (out == NULL && *first == o)
		*first = o->next;
	lyd_free_tree(o);
}

/* A list instance holding nothing but its keys selects nothing. */
static int
only_keys(const struct lyd_node *o)
{
	const struct lyd_node *c;

	LY_LIST_FOR(lyd_child(o), c)
		if (c->schema == NULL || !lysc_is_key(c->schema))
			return 0;
	return 1;
}

/* Adds a copy of d (recursive or not) unless one is there already. */
static struct lyd_node *
out_add(const struct lyd_node *d, int recursive, struct lyd_node *out,
    struct lyd_node **first)
{
	struct lyd_node *dup = NULL, *have = NULL;

	if (d->schema != NULL && lysc_is_key(d->schema) && out != NULL)
		return NULL;	/* copied with its list instance */
	if (out_first(out, first) != NULL &&
	    lyd_find_sibling_first(out_first(out, first), d, &have) ==
	    LY_SUCCESS) {
		if (recursive)
			out_drop(have, out, first);
		else
			return have;
	}
	if (lyd_dup_single(d, (struct lyd_node_inner *)out,
	    (recursive ? LYD_DUP_RECURSIVE : 0) | LYD_DUP_WITH_FLAGS,
	    &dup) != LY_SUCCESS)
		return NULL;
	if (out == NULL)
		lyd_insert_sibling(*first, dup, first);
	return dup;
}

/* The time budget: a filter and a state can be made to take long. */
static __thread int64_t	subtree_deadline;
static __thread unsigned subtree_steps;
static __thread int	subtree_late;

static int
late(void)
{
	struct timespec ts;

	if (subtree_late)
		return 1;
	if (subtree_deadline == 0 || ++subtree_steps % 4096 != 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	subtree_late = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 >=
	    subtree_deadline;
	return subtree_late;
}

static int
subtree_level(const struct lyd_node *fsib, const struct lyd_node *dfirst,
    struct lyd_node *out, struct lyd_node **first)
{
	const struct lyd_node *f, *d;
	char buf[256];
	int only_content = 1, any = 0;

	/* Content-match nodes: all must hold on this instance. */
	LY_LIST_FOR(fsib, f) {
		const char *v = filter_value(f, buf, sizeof buf);
		int found = 0;

		if (lyd_child(f) != NULL || *v == '\0') {
			only_content = 0;
			continue;
		}
		LY_LIST_FOR(dfirst, d)
			if (!late() && same_name(f, d) && d->schema != NULL &&
			    (d->schema->nodetype & LYD_NODE_TERM) &&
			    strcmp(lyd_get_value(d), v) == 0)
				found = 1;
		if (!found)
			return 0;
	}
	if (only_content && fsib != NULL) {
		LY_LIST_FOR(dfirst, d)
			out_add(d, 1, out, first);
		return 1;
	}
	LY_LIST_FOR(fsib, f) {
		const char *v = filter_value(f, buf, sizeof buf);

		LY_LIST_FOR(dfirst, d) {
			struct lyd_node *o;

			if (late())
				return any;
			if (!same_name(f, d))
				continue;
			if (lyd_child(f) == NULL) {
				/* Content match or selection node. */
				if (*v != '\0' && (d->schema == NULL ||
				    !(d->schema->nodetype & LYD_NODE_TERM) ||
				    strcmp(lyd_get_value(d), v) != 0))
					continue;
				out_add(d, 1, out, first);
				any = 1;
				continue;
			}
			/* Containment node: into this instance. */
			if ((o = out_add(d, 0, out, first)) == NULL)
				continue;
			if (subtree_level(lyd_child(f), lyd_child(d), o,
			    NULL))
				any = 1;
			else if (lyd_child(o) == NULL || only_keys(o))
				out_drop(o, out, first);
		}
	}
	return any;
}

int
ncs_subtree_apply_by(const struct lyd_node *filter,
    const struct lyd_node *tree, struct lyd_node **out, int64_t deadline)
{
	*out = NULL;
	subtree_deadline = deadline;
	subtree_steps = 0;
	subtree_late = 0;
	subtree_level(filter, tree, NULL, out);
	subtree_deadline = 0;
	if (subtree_late) {
		lyd_free_siblings(*out);
		*out = NULL;
		return ETIME;
	}
	return 0;
}

int
ncs_subtree_apply(const struct lyd_node *filter, const struct lyd_node *tree,
    struct lyd_node **out)
{
	return ncs_subtree_apply_by(filter, tree, out, 0);
}

int
ncs_xpath_apply(const char *select, const struct lyd_node *tree,
    struct lyd_node **out)
{
	struct ly_set *set = NULL;

	*out = NULL;
	if (tree == NULL)
		return 0;
	if (lyd_find_xpath(tree, select, &set) != LY_SUCCESS)
		return -1;
	for (uint32_t i = 0; i < set->count; i++) {
		struct lyd_node *dup, *top;

		if (lyd_dup_single(set->dnodes[i], NULL, LYD_DUP_RECURSIVE |
		    LYD_DUP_WITH_PARENTS | LYD_DUP_WITH_FLAGS, &dup) !=
		    LY_SUCCESS)
			continue;
		for (top = dup; top->parent != NULL;
		    top = (struct lyd_node *)top->parent)
			;
		if (lyd_merge_tree(out, top, LYD_MERGE_DESTRUCT) !=
		    LY_SUCCESS)
			lyd_free_tree(top);
	}
	ly_set_free(set, NULL);
	return 0;
}
