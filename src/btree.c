/* btree.c: copy-on-write B+tree (see btree.h). */
#include <string.h>

#include "btree.h"

/* First index whose key is >= k (leaves). */
static uint32_t
bt_lower(const struct bt_node *n, uint64_t k)
{
	uint32_t lo = 0, hi = n->n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (n->key[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Child of an inner node that covers k: the last i with key[i] <= k. */
static uint32_t
bt_route(const struct bt_node *n, uint64_t k)
{
	uint32_t lo = 1, hi = n->n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (n->key[mid] <= k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

void *
bt_get(const struct bt_node *n, uint64_t k)
{
	uint32_t i;

	if (n == NULL)
		return NULL;
	while (!n->leaf)
		n = n->ptr[bt_route(n, k)];
	i = bt_lower(n, k);
	return i < n->n && n->key[i] == k ? n->ptr[i] : NULL;
}

void
bt_seek(struct bt_iter *it, const struct bt_node *n, uint64_t k)
{
	it->depth = -1;
	while (n != NULL && it->depth + 1 < BT_DEPTH) {
		it->depth++;
		it->node[it->depth] = n;
		if (n->leaf) {
			it->idx[it->depth] = bt_lower(n, k);
			return;
		}
		it->idx[it->depth] = bt_route(n, k);
		n = n->ptr[it->idx[it->depth]];
	}
	it->depth = -1;
}

/*
 * The stack holds the path to the current leaf.  An inner node on top of the
 * stack means "enter child idx next"; a leaf means "return entry idx next".
 */
void *
bt_next(struct bt_iter *it, uint64_t *key)
{
	while (it->depth >= 0) {
		const struct bt_node *n = it->node[it->depth];
		uint32_t i = it->idx[it->depth];

		if (i >= n->n) {
			if (--it->depth >= 0)
				it->idx[it->depth]++;
			continue;
		}
		if (n->leaf) {
			it->idx[it->depth]++;
			if (key != NULL)
				*key = n->key[i];
			return n->ptr[i];
		}
		if (it->depth + 1 >= BT_DEPTH)
			break;
		it->depth++;
		it->node[it->depth] = n->ptr[i];
		it->idx[it->depth] = 0;
	}
	it->depth = -1;
	return NULL;
}

static struct bt_node *
bt_alloc(struct bt_ctx *c, int leaf)
{
	struct bt_node *n = slab_alloc(c->nodes);

	if (n == NULL)
		return NULL;
	n->stamp = c->stamp;
	n->n = 0;
	n->leaf = leaf;
	c->fresh(c->arg, n);
	return n;
}

/* The writable version of `n`: itself if this transaction made it. */
static struct bt_node *
bt_own(struct bt_ctx *c, struct bt_node *n)
{
	struct bt_node *copy;

	if (n->stamp == c->stamp)
		return n;
	if ((copy = slab_alloc(c->nodes)) == NULL)
		return NULL;
	memcpy(copy, n, offsetof(struct bt_node, key));
	memcpy(copy->key, n->key, n->n * sizeof n->key[0]);
	memcpy(copy->ptr, n->ptr, n->n * sizeof n->ptr[0]);
	copy->stamp = c->stamp;
	c->fresh(c->arg, copy);
	c->retire(c->arg, n);
	return copy;
}

static void
bt_insert_at(struct bt_node *n, uint32_t i, uint64_t k, void *p)
{
	memmove(&n->key[i + 1], &n->key[i], (n->n - i) * sizeof n->key[0]);
	memmove(&n->ptr[i + 1], &n->ptr[i], (n->n - i) * sizeof n->ptr[0]);
	n->key[i] = k;
	n->ptr[i] = p;
	n->n++;
}

static void
bt_remove_at(struct bt_node *n, uint32_t i)
{
	memmove(&n->key[i], &n->key[i + 1], (n->n - i - 1) * sizeof n->key[0]);
	memmove(&n->ptr[i], &n->ptr[i + 1], (n->n - i - 1) * sizeof n->ptr[0]);
	n->n--;
}

/*
 * Splits the full, owned node `n`; the new right sibling is returned.  When
 * the key being inserted lies beyond n's last key (ascending insertion, the
 * usual case for session identifiers) only the last entry moves, so
 * sequential loads leave nodes full rather than half full.
 */
static struct bt_node *
bt_split(struct bt_ctx *c, struct bt_node *n, uint64_t k)
{
	struct bt_node *s;
	uint32_t m = k > n->key[n->n - 1] ? n->n - 1 : n->n / 2;

	if ((s = bt_alloc(c, n->leaf)) == NULL)
		return NULL;
	s->n = n->n - m;
	memcpy(s->key, &n->key[m], s->n * sizeof s->key[0]);
	memcpy(s->ptr, &n->ptr[m], s->n * sizeof s->ptr[0]);
	n->n = m;
	return s;
}

static int
bt_depth(const struct bt_node *n)
{
	int d = 1;

	for (; n != NULL && !n->leaf; n = n->ptr[0])
		d++;
	return d;
}

int
bt_put(struct bt_ctx *c, struct bt_node **rootp, uint64_t k, void *v,
    void **old)
{
	struct bt_node *n, *s, *child;
	uint32_t i;

	*old = NULL;
	if (*rootp == NULL) {
		if ((n = bt_alloc(c, 1)) == NULL)
			return -1;
		n->key[0] = k;
		n->ptr[0] = v;
		n->n = 1;
		*rootp = n;
		return 0;
	}
	if ((n = bt_own(c, *rootp)) == NULL)
		return -1;
	*rootp = n;
	if (n->n == BT_MAX) {
		struct bt_node *r;

		if (bt_depth(n) >= BT_DEPTH - 1 || (r = bt_alloc(c, 0)) == NULL)
			return -1;
		if ((s = bt_split(c, n, k)) == NULL)
			return -1;
		r->key[0] = n->key[0];
		r->ptr[0] = n;
		r->key[1] = s->key[0];
		r->ptr[1] = s;
		r->n = 2;
		*rootp = r;
		n = r;
	}
	while (!n->leaf) {
		i = bt_route(n, k);
		if ((child = bt_own(c, n->ptr[i])) == NULL)
			return -1;
		n->ptr[i] = child;
		if (child->n == BT_MAX) {
			if ((s = bt_split(c, child, k)) == NULL)
				return -1;
			bt_insert_at(n, i + 1, s->key[0], s);
			if (k >= s->key[0])
				child = s;
		}
		if (k < n->key[0])
			n->key[0] = k;
		n = child;
	}
	i = bt_lower(n, k);
	if (i < n->n && n->key[i] == k) {
		*old = n->ptr[i];
		n->ptr[i] = v;
	} else
		bt_insert_at(n, i, k, v);
	return 0;
}

/*
 * Merges the small child i of `n` with a neighbour when both fit in three
 * quarters of a node, so churn does not leave a tree of near-empty nodes.
 */
static int
bt_merge(struct bt_ctx *c, struct bt_node *n, uint32_t i)
{
	struct bt_node *l, *r;
	uint32_t li, ri;

	if (n->n < 2)
		return 0;
	li = i + 1 < n->n ? i : i - 1;
	ri = li + 1;
	l = n->ptr[li];
	r = n->ptr[ri];
	if (l->n + r->n > BT_MAX * 3 / 4)
		return 0;
	if ((l = bt_own(c, l)) == NULL)
		return -1;
	n->ptr[li] = l;
	memcpy(&l->key[l->n], r->key, r->n * sizeof r->key[0]);
	memcpy(&l->ptr[l->n], r->ptr, r->n * sizeof r->ptr[0]);
	/* An inner node's first key is not a bound: take the parent's. */
	if (!l->leaf)
		l->key[l->n] = n->key[ri];
	l->n += r->n;
	c->retire(c->arg, r);
	bt_remove_at(n, ri);
	return 0;
}

static int
bt_del_rec(struct bt_ctx *c, struct bt_node *n, uint64_t k, void **old)
{
	struct bt_node *child;
	uint32_t i;

	if (n->leaf) {
		i = bt_lower(n, k);
		*old = n->ptr[i];
		bt_remove_at(n, i);
		return 0;
	}
	i = bt_route(n, k);
	if ((child = bt_own(c, n->ptr[i])) == NULL)
		return -1;
	n->ptr[i] = child;
	if (bt_del_rec(c, child, k, old) != 0)
		return -1;
	if (child->n == 0) {
		c->retire(c->arg, child);
		bt_remove_at(n, i);
		return 0;
	}
	if (child->n < BT_MAX / 4)
		return bt_merge(c, n, i);
	return 0;
}

int
bt_del(struct bt_ctx *c, struct bt_node **rootp, uint64_t k, void **old)
{
	struct bt_node *n;

	*old = NULL;
	if (bt_get(*rootp, k) == NULL)
		return 0;
	if ((n = bt_own(c, *rootp)) == NULL)
		return -1;
	*rootp = n;
	if (bt_del_rec(c, n, k, old) != 0)
		return -1;
	while (n->n <= 1 && !(n->leaf && n->n == 1)) {
		c->retire(c->arg, n);
		*rootp = n->n == 0 ? NULL : n->ptr[0];
		if ((n = *rootp) == NULL)
			break;
	}
	return 1;
}

void
bt_free_tree(struct slab *nodes, struct bt_node *n,
    void (*freeval)(void *, void *), void *arg)
{
	if (n == NULL)
		return;
	for (uint32_t i = 0; i < n->n; i++) {
		if (n->leaf) {
			if (freeval != NULL)
				freeval(arg, n->ptr[i]);
		} else
			bt_free_tree(nodes, n->ptr[i], freeval, arg);
	}
	slab_free(nodes, n);
}

uint64_t
bt_count_nodes(const struct bt_node *n)
{
	uint64_t c = 1;

	if (n == NULL)
		return 0;
	if (!n->leaf)
		for (uint32_t i = 0; i < n->n; i++)
			c += bt_count_nodes(n->ptr[i]);
	return c;
}
