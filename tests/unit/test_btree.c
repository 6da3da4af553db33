/*
 * test_btree.c: the copy-on-write B+tree against a plain sorted array, with
 * old roots kept across transactions to prove they never change.
 */
#include <stdlib.h>

#include "btree.h"
#include "check.h"

/* Objects the tree hands back: freed only when the test says so. */
struct tracker {
	struct bt_node	**fresh, **retired;
	size_t		  nfresh, nretired, cap;
};

static void
t_fresh(void *arg, struct bt_node *n)
{
	struct tracker *t = arg;

	t->fresh[t->nfresh++] = n;
}

static void
t_retire(void *arg, struct bt_node *n)
{
	struct tracker *t = arg;

	t->retired[t->nretired++] = n;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Reference: sorted array of keys, value = key ^ salt. */
static uint64_t *ref;
static size_t nref;

static size_t
ref_find(uint64_t k)
{
	size_t lo = 0, hi = nref;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ref[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
tree_equals(const struct bt_node *root, const uint64_t *keys, size_t n,
    uint64_t salt)
{
	struct bt_iter it;
	uint64_t k;
	void *v;
	size_t i = 0;

	bt_seek(&it, root, 0);
	while ((v = bt_next(&it, &k)) != NULL) {
		if (i >= n || keys[i] != k || (uint64_t)(uintptr_t)v != (k ^ salt))
			return 0;
		i++;
	}
	return i == n;
}

int
main(void)
{
	struct slab nodes;
	struct tracker tr;
	struct bt_ctx c;
	struct bt_node *root = NULL, *snap_root;
	uint64_t *snap_keys;
	size_t snap_n;
	const uint64_t salt = 0x5a5a5a5a5a5a5a5aULL;
	void *old;

	slab_init(&nodes, sizeof(struct bt_node));
	tr.cap = 4000000;
	tr.fresh = malloc(tr.cap * sizeof *tr.fresh);
	tr.retired = malloc(tr.cap * sizeof *tr.retired);
	tr.nfresh = tr.nretired = 0;
	ref = malloc(200000 * sizeof *ref);
	nref = 0;
	c.nodes = &nodes;
	c.fresh = t_fresh;
	c.retire = t_retire;
	c.arg = &tr;
	c.stamp = 1;

	/* Empty tree. */
	CHECK(bt_get(NULL, 5) == NULL);
	CHECK(bt_del(&c, &root, 5, &old) == 0);

	/* Ascending load: nodes end up nearly full. */
	for (uint64_t k = 1; k <= 100000; k++) {
		CHECK(bt_put(&c, &root, k * 3, (void *)(uintptr_t)((k * 3) ^ salt),
		    &old) == 0 && old == NULL);
		ref[nref++] = k * 3;
	}
	CHECK(tree_equals(root, ref, nref, salt));
	CHECK(bt_count_nodes(root) < 100000 / (BT_MAX - 2) + 200);
	CHECK(bt_get(root, 3) != NULL && bt_get(root, 4) == NULL);
	CHECK(bt_get(root, 300000) != NULL && bt_get(root, 300003) == NULL);

	/* Seek lands on the first key >= k. */
	{
		struct bt_iter it;
		uint64_t k;

		bt_seek(&it, root, 4);
		CHECK(bt_next(&it, &k) != NULL && k == 6);
		bt_seek(&it, root, 300000);
		CHECK(bt_next(&it, &k) != NULL && k == 300000);
		CHECK(bt_next(&it, &k) == NULL);
		bt_seek(&it, root, 300001);
		CHECK(bt_next(&it, &k) == NULL);
	}

	/* Publish: a new transaction must leave this root untouched. */
	snap_root = root;
	snap_keys = malloc(nref * sizeof *snap_keys);
	memcpy(snap_keys, ref, nref * sizeof *snap_keys);
	snap_n = nref;
	c.stamp = 2;

	/* Random puts (new and replacing) and deletes. */
	for (int i = 0; i < 300000; i++) {
		uint64_t k = next() % 400000;
		size_t at = ref_find(k);
		int present = at < nref && ref[at] == k;

		if (next() % 3 == 0) {
			int rc = bt_del(&c, &root, k, &old);

			CHECK(rc == present);
			if (present) {
				CHECK((uint64_t)(uintptr_t)old == (k ^ salt));
				memmove(&ref[at], &ref[at + 1],
				    (nref - at - 1) * sizeof *ref);
				nref--;
			}
		} else {
			CHECK(bt_put(&c, &root, k, (void *)(uintptr_t)(k ^ salt),
			    &old) == 0);
			CHECK(present ? old != NULL : old == NULL);
			if (!present) {
				memmove(&ref[at + 1], &ref[at],
				    (nref - at) * sizeof *ref);
				ref[at] = k;
				nref++;
			}
		}
		if (i % 50000 == 0)
			c.stamp++;	/* later transactions copy again */
	}
	CHECK(tree_equals(root, ref, nref, salt));
	CHECK(tree_equals(snap_root, snap_keys, snap_n, salt));

	/* Delete everything: the tree empties and collapses. */
	c.stamp++;
	while (nref > 0) {
		uint64_t k = ref[next() % nref];
		size_t at = ref_find(k);

		CHECK(bt_del(&c, &root, k, &old) == 1);
		memmove(&ref[at], &ref[at + 1], (nref - at - 1) * sizeof *ref);
		nref--;
		if (nref % 20000 == 0)
			CHECK(tree_equals(root, ref, nref, salt));
	}
	CHECK(root == NULL);
	CHECK(tree_equals(snap_root, snap_keys, snap_n, salt));

	/* Keys at the ends of the range. */
	c.stamp++;
	CHECK(bt_put(&c, &root, UINT64_MAX, (void *)(uintptr_t)(UINT64_MAX ^ salt),
	    &old) == 0);
	CHECK(bt_put(&c, &root, 0, (void *)(uintptr_t)salt, &old) == 0);
	CHECK(bt_get(root, UINT64_MAX) != NULL && bt_get(root, 0) != NULL);
	{
		uint64_t two[2] = { 0, UINT64_MAX };

		CHECK(tree_equals(root, two, 2, salt));
	}

	/*
	 * Every node is either retired or still reachable; free the retired
	 * ones and the live trees.  Under ASan a double free or a node freed
	 * while reachable from the snapshot would be reported here.
	 */
	{
		size_t live = bt_count_nodes(root) + bt_count_nodes(snap_root);

		CHECK(tr.nfresh == tr.nretired + bt_count_nodes(root));
		(void)live;
	}
	for (size_t i = 0; i < tr.nretired; i++)
		slab_free(&nodes, tr.retired[i]);
	/* snap_root's nodes were created in transaction 1 and retired since. */
	bt_free_tree(&nodes, root, NULL, NULL);
	slab_destroy(&nodes);
	free(tr.fresh);
	free(tr.retired);
	free(ref);
	free(snap_keys);
	return check_done("test_btree");
}
