/*
 * store.c: versioned session store (see store.h).
 *
 * Each commit publishes a version: the sorted PIC array, and per PIC a
 * copy-on-write B+tree of sessions.  Objects a transaction replaces (tree
 * nodes, sessions, PICs, the PIC array) are "garbage" of the version that
 * preceded the commit: they can be freed once no reader holds that version or
 * an older one.  Versions form a list from oldest to newest, and
 * store_reclaim frees from the oldest end while nobody holds it.
 *
 * A transaction also records everything it allocates ("fresh"), so an abort
 * frees exactly that and the published state is untouched.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* Kinds of objects in the garbage and fresh lists: low bits of the pointer. */
enum { GC_NODE, GC_SESSION, GC_PIC, GC_PICSET, GC_TREE, GC_KINDS };
#define GC_MASK		7u

struct gcvec {
	uintptr_t	*v;
	size_t		 n, cap;
};

struct pic_state {
	struct flow_pic	 pub;		/* first: readers get a flow_pic * */
	uint64_t	 stamp;
	struct bt_node	*root;
	/* The sessions in reply order, built by the first reader that asks
	 * (store_snap_pic_order); it lives and dies with this object. */
	_Atomic(const struct flow_session **) order;
};

struct picset {
	uint64_t	 stamp;
	uint32_t	 n, cap;
	struct pic_state *pic[];
};

struct store_snap {
	uint64_t	 stamp;
	atomic_uint	 refs;
	struct picset	*pics;
	uint64_t	 nsessions;
	uint32_t	 release;	/* atom */
	uint32_t	 cluster[2];	/* local, primary node */
	struct timespec	 changed_rt, changed_mono;
	struct gcvec	 garbage;
	struct store_snap *newer;
	struct store	*store;
};

struct store {
	pthread_mutex_t	 pin_lock;	/* guards cur for store_acquire */
	struct store_snap *cur, *oldest;
	pthread_mutex_t	 write_lock;	/* one writer at a time */
	/* The open transaction. */
	int		 in_txn;
	uint64_t	 stamp;
	struct picset	*pics;
	uint64_t	 nsessions;
	uint32_t	 release, cluster[2];
	int		 dirty;
	int		 failed;	/* out of memory: commit aborts */
	struct gcvec	 fresh, garbage;
	struct bt_ctx	 bt;
	/* Memory. */
	struct slab	 sessions, nodes;
	struct atom_table atoms;
	uint32_t	 st_valid, st_pending, st_invalidated;
};

/* Room for n more entries. */
static int
gc_reserve(struct gcvec *g, size_t n)
{
	if (g->cap - g->n < n) {
		size_t ncap = g->cap ? g->cap : 256;
		uintptr_t *nv;

		while (ncap - g->n < n)
			ncap *= 2;
		if ((nv = realloc(g->v, ncap * sizeof *nv)) == NULL)
			return -1;
		g->v = nv;
		g->cap = ncap;
	}
	return 0;
}

static int
gc_push(struct gcvec *g, void *p, int kind)
{
	if (gc_reserve(g, 1) != 0)
		return -1;
	g->v[g->n++] = (uintptr_t)p | (uintptr_t)kind;
	return 0;
}

static void
store_free_session(void *arg, void *s)
{
	slab_free(&((struct store *)arg)->sessions, s);
}

static void
store_free_obj(struct store *st, uintptr_t e)
{
	void *p = (void *)(e & ~(uintptr_t)GC_MASK);

	switch (e & GC_MASK) {
	case GC_NODE:
		slab_free(&st->nodes, p);
		break;
	case GC_SESSION:
		slab_free(&st->sessions, p);
		break;
	case GC_PIC:
		free((void *)atomic_load(&((struct pic_state *)p)->order));
		free(p);
		break;
	case GC_PICSET:
		free(p);
		break;
	case GC_TREE:
		bt_free_tree(&st->nodes, p, store_free_session, st);
		break;
	}
}

static void
gc_free_all(struct store *st, struct gcvec *g)
{
	for (size_t i = 0; i < g->n; i++)
		store_free_obj(st, g->v[i]);
	g->n = 0;
}

/*
 * Running out of memory anywhere in a transaction marks it failed, and
 * store_commit then aborts it: a half-applied change is never published.
 */
static int
store_fail(struct store *st, int err)
{
	st->failed = 1;
	errno = err;
	return -1;
}

static int
store_fresh(struct store *st, void *p, int kind)
{
	if (gc_push(&st->fresh, p, kind) != 0)
		return store_fail(st, ENOMEM);
	return 0;
}

static int
store_retire(struct store *st, void *p, int kind)
{
	if (gc_push(&st->garbage, p, kind) != 0)
		return store_fail(st, ENOMEM);
	return 0;
}

/*
 * The tree layer reports what it allocates and what it replaces.  Before a
 * tree operation the lists get room for all it can report (store_reserve),
 * so these cannot fail: every node made is recorded.
 */
static void
store_bt_fresh(void *arg, struct bt_node *n)
{
	store_fresh(arg, n, GC_NODE);
}

static void
store_bt_retire(void *arg, struct bt_node *n)
{
	store_retire(arg, n, GC_NODE);
}

/* Room for what one put or delete can copy, split, merge and replace. */
static int
store_reserve(struct store *st)
{
	if (gc_reserve(&st->fresh, 4 * BT_DEPTH + 8) != 0 ||
	    gc_reserve(&st->garbage, 4 * BT_DEPTH + 8) != 0)
		return store_fail(st, ENOMEM);
	return 0;
}

struct store *
store_new(void)
{
	struct store *st;
	struct store_snap *v;

	if ((st = calloc(1, sizeof *st)) == NULL)
		return NULL;
	if ((v = calloc(1, sizeof *v + 0)) == NULL ||
	    (v->pics = calloc(1, sizeof *v->pics)) == NULL ||
	    atom_init(&st->atoms) != 0) {
		if (v != NULL)
			free(v->pics);
		free(v);
		free(st);
		return NULL;
	}
	pthread_mutex_init(&st->pin_lock, NULL);
	pthread_mutex_init(&st->write_lock, NULL);
	slab_init(&st->sessions, sizeof(struct flow_session));
	slab_init(&st->nodes, sizeof(struct bt_node));
	v->store = st;
	clock_gettime(CLOCK_REALTIME, &v->changed_rt);
	clock_gettime(CLOCK_MONOTONIC, &v->changed_mono);
	st->cur = st->oldest = v;
	st->stamp = 1;
	st->st_valid = atom_intern(&st->atoms, "Valid", 5);
	st->st_pending = atom_intern(&st->atoms, "Pending", 7);
	st->st_invalidated = atom_intern(&st->atoms, "Invalidated", 11);
	st->bt.nodes = &st->nodes;
	st->bt.fresh = store_bt_fresh;
	st->bt.retire = store_bt_retire;
	st->bt.arg = st;
	return st;
}

static void
store_free_picset(struct store *st, struct picset *ps)
{
	for (uint32_t i = 0; i < ps->n; i++) {
		bt_free_tree(&st->nodes, ps->pic[i]->root, store_free_session,
		    st);
		free((void *)atomic_load(&ps->pic[i]->order));
		free(ps->pic[i]);
	}
	free(ps);
}

void
store_free(struct store *st)
{
	struct store_snap *v, *next;

	if (st == NULL)
		return;
	if (st->in_txn)
		store_abort(st);
	for (v = st->oldest; v != NULL; v = next) {
		next = v->newer;
		gc_free_all(st, &v->garbage);
		free(v->garbage.v);
		if (v == st->cur)
			store_free_picset(st, v->pics);
		free(v);
	}
	free(st->fresh.v);
	free(st->garbage.v);
	slab_destroy(&st->sessions);
	slab_destroy(&st->nodes);
	atom_destroy(&st->atoms);
	pthread_mutex_destroy(&st->pin_lock);
	pthread_mutex_destroy(&st->write_lock);
	free(st);
}

struct atom_table *
store_atoms(struct store *st)
{
	return &st->atoms;
}

uint32_t
store_intern(struct store *st, const char *s, size_t len)
{
	return atom_intern(&st->atoms, s, len);
}

void
store_clock(struct flow_clock *c)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->mono = (uint32_t)ts.tv_sec;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	c->boot = (uint32_t)ts.tv_sec;
}

/* Readers. */

const struct store_snap *
store_acquire(struct store *st)
{
	struct store_snap *v;

	pthread_mutex_lock(&st->pin_lock);
	v = st->cur;
	atomic_fetch_add_explicit(&v->refs, 1, memory_order_relaxed);
	pthread_mutex_unlock(&st->pin_lock);
	return v;
}

void
store_release(const struct store_snap *cv)
{
	struct store_snap *v = (struct store_snap *)cv;

	if (v != NULL)
		atomic_fetch_sub_explicit(&v->refs, 1, memory_order_release);
}

const struct atom_table *
store_snap_atoms(const struct store_snap *v)
{
	return &v->store->atoms;
}

uint64_t
store_snap_sessions(const struct store_snap *v)
{
	return v->nsessions;
}

uint64_t
store_snap_generation(const struct store_snap *v)
{
	return v->stamp;
}

struct timespec
store_snap_changed(const struct store_snap *v, int monotonic)
{
	return monotonic ? v->changed_mono : v->changed_rt;
}

uint32_t
store_snap_npics(const struct store_snap *v)
{
	return v->pics->n;
}

const struct flow_pic *
store_snap_pic(const struct store_snap *v, uint32_t i)
{
	return i < v->pics->n ? &v->pics->pic[i]->pub : NULL;
}

static int
pic_cmp(const struct flow_pic *p, uint32_t node, uint32_t fpc, uint32_t pic)
{
	if (p->node != node)
		return p->node < node ? -1 : 1;
	if (p->fpc != fpc)
		return p->fpc < fpc ? -1 : 1;
	if (p->pic != pic)
		return p->pic < pic ? -1 : 1;
	return 0;
}

static uint32_t
picset_seek(const struct picset *ps, uint32_t node, uint32_t fpc,
    uint32_t pic)
{
	uint32_t lo = 0, hi = ps->n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (pic_cmp(&ps->pic[mid]->pub, node, fpc, pic) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct pic_state *
picset_find(const struct picset *ps, uint32_t node, uint32_t fpc,
    uint32_t pic, uint32_t *index)
{
	uint32_t i = picset_seek(ps, node, fpc, pic);

	if (index != NULL)
		*index = i;
	if (i < ps->n && pic_cmp(&ps->pic[i]->pub, node, fpc, pic) == 0)
		return ps->pic[i];
	return NULL;
}

uint32_t
store_snap_pic_seek_n(const struct store_snap *v, uint32_t node,
    uint32_t fpc, uint32_t pic)
{
	return picset_seek(v->pics, node, fpc, pic);
}

uint32_t
store_snap_pic_seek(const struct store_snap *v, uint32_t fpc, uint32_t pic)
{
	return picset_seek(v->pics, 0, fpc, pic);
}

const struct flow_pic *
store_snap_pic_find_n(const struct store_snap *v, uint32_t node,
    uint32_t fpc, uint32_t pic)
{
	struct pic_state *p = picset_find(v->pics, node, fpc, pic, NULL);

	return p != NULL ? &p->pub : NULL;
}

const struct flow_pic *
store_snap_pic_find(const struct store_snap *v, uint32_t fpc, uint32_t pic)
{
	return store_snap_pic_find_n(v, 0, fpc, pic);
}

const struct flow_session *
store_lookup_n(const struct store_snap *v, uint32_t node, uint32_t fpc,
    uint32_t pic, uint64_t id)
{
	struct pic_state *p = picset_find(v->pics, node, fpc, pic, NULL);

	return p != NULL ? bt_get(p->root, id) : NULL;
}

const struct flow_session *
store_lookup(const struct store_snap *v, uint32_t fpc, uint32_t pic,
    uint64_t id)
{
	return store_lookup_n(v, 0, fpc, pic, id);
}

uint32_t
store_snap_release(const struct store_snap *v)
{
	return v->release;
}

uint32_t
store_snap_node(const struct store_snap *v, int which)
{
	return v->cluster[which != 0];
}

/* A store holds one or the other: a clustered one's last PIC has a node. */
int
store_snap_clustered(const struct store_snap *v)
{
	uint32_t n = store_snap_npics(v);

	return n > 0 && store_snap_pic(v, n - 1)->node != 0;
}

int
store_release_ok(const char *s, size_t len)
{
	size_t i = 0, major, minor;

	if (len == 0 || len > 64)
		return 0;
	for (major = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		major++;
	if (major == 0 || i == len || s[i++] != '.')
		return 0;
	for (minor = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		minor++;
	if (minor == 0)
		return 0;
	for (; i < len; i++)
		if (s[i] == '\0' || strchr(".-_ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789", s[i]) == NULL)
			return 0;
	return 1;
}

static int
seq_cmp(const void *a, const void *b)
{
	const struct flow_session *x = *(const struct flow_session *const *)a;
	const struct flow_session *y = *(const struct flow_session *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

const struct flow_session *const *
store_snap_pic_order(const struct store_snap *v, uint32_t i, uint64_t *n)
{
	struct pic_state *p;
	const struct flow_session **o, **none = NULL, *s;
	struct bt_iter it;
	uint64_t k = 0;
	int any = 0;

	*n = 0;
	if (i >= v->pics->n)
		return NULL;
	p = v->pics->pic[i];
	if ((o = atomic_load(&p->order)) != NULL) {
		*n = p->pub.nsessions;
		return o;
	}
	if (p->pub.nsessions == 0)
		return NULL;
	/* Index order is reply order unless some session says otherwise. */
	bt_seek(&it, p->root, 0);
	while ((s = bt_next(&it, NULL)) != NULL)
		if (s->seq != 0) {
			any = 1;
			break;
		}
	if (!any || (o = malloc(p->pub.nsessions * sizeof *o)) == NULL)
		return NULL;
	bt_seek(&it, p->root, 0);
	while ((s = bt_next(&it, NULL)) != NULL && k < p->pub.nsessions)
		o[k++] = s;
	qsort(o, (size_t)k, sizeof *o, seq_cmp);
	/* Another reader may have built it meanwhile: keep the first. */
	if (!atomic_compare_exchange_strong(&p->order, &none, o)) {
		free(o);
		o = (const struct flow_session **)none;
	}
	*n = k;
	return o;
}

void
store_iter_pic(struct store_iter *it, const struct store_snap *v, uint32_t i,
    uint64_t start)
{
	it->snap = v;
	it->pic = i;
	it->end = i + 1;
	if (i < v->pics->n)
		bt_seek(&it->bt, v->pics->pic[i]->root, start);
	else
		it->bt.depth = -1;
}

void
store_iter_seek(struct store_iter *it, const struct store_snap *v,
    const struct flow_key *k)
{
	it->snap = v;
	it->end = v->pics->n;
	it->pic = k != NULL ? picset_seek(v->pics, k->node, k->fpc, k->pic) :
	    0;
	it->bt.depth = -1;
	if (it->pic >= it->end)
		return;
	if (k != NULL && pic_cmp(&v->pics->pic[it->pic]->pub, k->node, k->fpc,
	    k->pic) == 0)
		bt_seek(&it->bt, v->pics->pic[it->pic]->root, k->id);
	else
		bt_seek(&it->bt, v->pics->pic[it->pic]->root, 0);
}

const struct flow_session *
store_iter_next(struct store_iter *it, const struct flow_pic **picp)
{
	const struct picset *ps = it->snap->pics;
	const struct flow_session *s;

	while (it->pic < it->end) {
		if ((s = bt_next(&it->bt, NULL)) != NULL) {
			if (picp != NULL)
				*picp = &ps->pic[it->pic]->pub;
			return s;
		}
		if (++it->pic < it->end)
			bt_seek(&it->bt, ps->pic[it->pic]->root, 0);
	}
	return NULL;
}

const struct flow_session *
store_after(const struct store_snap *v, const struct flow_key *k,
    const struct flow_pic **picp)
{
	struct store_iter it;
	struct flow_key next = *k;

	if (k->id == UINT64_MAX) {
		/* Nothing after this id in the PIC: start at the next PIC. */
		next.id = 0;
		if (++next.pic == 0 && ++next.fpc == 0 && ++next.node == 0)
			return NULL;
	} else
		next.id++;
	store_iter_seek(&it, v, &next);
	return store_iter_next(&it, picp);
}

/* The writer. */

int
store_begin(struct store *st)
{
	pthread_mutex_lock(&st->write_lock);
	st->in_txn = 1;
	st->stamp++;
	st->bt.stamp = st->stamp;
	st->pics = st->cur->pics;
	st->nsessions = st->cur->nsessions;
	st->release = st->cur->release;
	memcpy(st->cluster, st->cur->cluster, sizeof st->cluster);
	st->dirty = 0;
	st->failed = 0;
	return 0;
}

/* The writable PIC array of this transaction. */
static struct picset *
store_own_picset(struct store *st, uint32_t need)
{
	struct picset *ps = st->pics, *np;
	uint32_t cap;

	if (need > STORE_MAX_PICS) {
		store_fail(st, ENOSPC);
		return NULL;
	}
	if (ps->stamp == st->stamp && ps->cap >= need)
		return ps;
	cap = ps->cap > need ? ps->cap : need;
	if (cap < 8)
		cap = 8;
	if (cap < need * 2 && need > ps->cap)
		cap = need * 2;
	if ((np = malloc(sizeof *np + cap * sizeof np->pic[0])) == NULL) {
		store_fail(st, ENOMEM);
		return NULL;
	}
	np->stamp = st->stamp;
	np->n = ps->n;
	np->cap = cap;
	memcpy(np->pic, ps->pic, ps->n * sizeof ps->pic[0]);
	if (store_fresh(st, np, GC_PICSET) != 0) {
		free(np);
		return NULL;
	}
	if (store_retire(st, ps, GC_PICSET) != 0)
		return NULL;
	st->pics = np;
	st->dirty = 1;
	return np;
}

/* The writable state of PIC (node, fpc, pic), created if `create`. */
static struct pic_state *
store_own_pic(struct store *st, uint32_t node, uint32_t fpc, uint32_t pic,
    int create)
{
	struct pic_state *p, *np;
	struct picset *ps;
	uint32_t i;
	char name[64];
	int len;

	p = picset_find(st->pics, node, fpc, pic, &i);
	if (p != NULL && p->stamp == st->stamp)
		return p;
	if (p == NULL && !create)
		return NULL;
	if ((ps = store_own_picset(st, st->pics->n + (p == NULL))) == NULL)
		return NULL;
	if ((np = malloc(sizeof *np)) == NULL) {
		store_fail(st, ENOMEM);
		return NULL;
	}
	if (store_fresh(st, np, GC_PIC) != 0) {
		free(np);
		return NULL;
	}
	if (p != NULL) {
		np->pub = p->pub;
		np->root = p->root;
		atomic_init(&np->order, NULL);
		if (store_retire(st, p, GC_PIC) != 0)
			return NULL;
		ps->pic[i] = np;
	} else {
		memset(np, 0, sizeof *np);
		atomic_init(&np->order, NULL);
		np->pub.node = node;
		np->pub.fpc = fpc;
		np->pub.pic = pic;
		len = snprintf(name, sizeof name, " on FPC%u PIC%u:", fpc, pic);
		np->pub.name = store_intern(st, name, (size_t)len);
		if (np->pub.name == UINT32_MAX) {
			np->pub.name = 0;
			store_fail(st, ENOSPC);
			return NULL;
		}
		np->pub.has_header = 1;
		memmove(&ps->pic[i + 1], &ps->pic[i],
		    (ps->n - i) * sizeof ps->pic[0]);
		ps->pic[i] = np;
		ps->n++;
	}
	np->stamp = st->stamp;
	st->dirty = 1;
	return np;
}

struct flow_pic *
store_pic_edit_n(struct store *st, uint32_t node, uint32_t fpc, uint32_t pic)
{
	struct pic_state *p = store_own_pic(st, node, fpc, pic, 1);

	return p != NULL ? &p->pub : NULL;
}

struct flow_pic *
store_pic_edit(struct store *st, uint32_t fpc, uint32_t pic)
{
	return store_pic_edit_n(st, 0, fpc, pic);
}

void
store_set_nodes(struct store *st, uint32_t local, uint32_t primary)
{
	if (st->cluster[0] != local || st->cluster[1] != primary) {
		st->cluster[0] = local;
		st->cluster[1] = primary;
		st->dirty = 1;
	}
}

void
store_set_release(struct store *st, uint32_t atom)
{
	if (st->release != atom) {
		st->release = atom;
		st->dirty = 1;
	}
}

static uint8_t
store_state_of(const struct store *st, const struct flow_session *s)
{
	if (!(s->present & (1u << FP_SESS_STATE)))
		return FLOW_STATE_OTHER;
	if (s->sess_state == st->st_valid)
		return FLOW_STATE_VALID;
	if (s->sess_state == st->st_pending)
		return FLOW_STATE_PENDING;
	if (s->sess_state == st->st_invalidated)
		return FLOW_STATE_INVALIDATED;
	return FLOW_STATE_OTHER;
}

static void
pic_count(struct flow_pic *p, const struct flow_session *s, int delta)
{
	p->count[0][s->state] += (uint64_t)(int64_t)delta;
	if (flow_is_rm(s))
		p->count[1][s->state] += (uint64_t)(int64_t)delta;
	p->nsessions += (uint64_t)(int64_t)delta;
}

int
store_put(struct store *st, uint32_t fpc, uint32_t pic,
    const struct flow_session *src)
{
	return store_put_n(st, 0, fpc, pic, src);
}

int
store_put_n(struct store *st, uint32_t node, uint32_t fpc, uint32_t pic,
    const struct flow_session *src)
{
	struct pic_state *p;
	struct flow_session *s;
	void *old;

	if ((p = store_own_pic(st, node, fpc, pic, 1)) == NULL ||
	    store_reserve(st) != 0)
		return -1;
	if ((s = slab_alloc(&st->sessions)) == NULL)
		return store_fail(st, ENOMEM);
	if (store_fresh(st, s, GC_SESSION) != 0) {
		slab_free(&st->sessions, s);
		return -1;
	}
	memcpy(s, src, sizeof *s);
	if (s->nwings > 2)
		s->nwings = 2;
	s->state = store_state_of(st, s);
	if (bt_put(&st->bt, &p->root, s->id, s, &old) != 0 || st->failed)
		return store_fail(st, ENOMEM);
	if (old != NULL) {
		pic_count(&p->pub, old, -1);
		if (store_retire(st, old, GC_SESSION) != 0)
			return -1;
	} else
		st->nsessions++;
	pic_count(&p->pub, s, 1);
	st->dirty = 1;
	return 0;
}

int
store_del(struct store *st, uint32_t fpc, uint32_t pic, uint64_t id)
{
	struct pic_state *p;
	void *old;

	p = picset_find(st->pics, 0, fpc, pic, NULL);
	if (p == NULL || bt_get(p->root, id) == NULL)
		return 0;
	if ((p = store_own_pic(st, 0, fpc, pic, 0)) == NULL ||
	    store_reserve(st) != 0)
		return -1;
	if (bt_del(&st->bt, &p->root, id, &old) != 1 || st->failed)
		return store_fail(st, ENOMEM);
	pic_count(&p->pub, old, -1);
	st->nsessions--;
	st->dirty = 1;
	return store_retire(st, old, GC_SESSION) == 0 ? 1 : -1;
}

const struct flow_session *
store_get_n(struct store *st, uint32_t node, uint32_t fpc, uint32_t pic,
    uint64_t id)
{
	struct pic_state *p = picset_find(st->pics, node, fpc, pic, NULL);

	return p != NULL ? bt_get(p->root, id) : NULL;
}

const struct flow_session *
store_get(struct store *st, uint32_t fpc, uint32_t pic, uint64_t id)
{
	return store_get_n(st, 0, fpc, pic, id);
}

int
store_pic_remove(struct store *st, uint32_t fpc, uint32_t pic)
{
	struct picset *ps;
	struct pic_state *p;
	uint32_t i;

	if (picset_find(st->pics, 0, fpc, pic, &i) == NULL)
		return 0;
	if ((ps = store_own_picset(st, st->pics->n)) == NULL)
		return -1;
	p = ps->pic[i];
	if ((p->root != NULL && store_retire(st, p->root, GC_TREE) != 0) ||
	    store_retire(st, p, GC_PIC) != 0)
		return -1;
	st->nsessions -= p->pub.nsessions;
	memmove(&ps->pic[i], &ps->pic[i + 1], (ps->n - i - 1) * sizeof ps->pic[0]);
	ps->n--;
	st->dirty = 1;
	return 1;
}

void
store_clear(struct store *st)
{
	struct picset *ps = st->pics, *np;

	/* Everything goes at once: O(PICs), not a removal per PIC. */
	if (gc_reserve(&st->garbage, 2 * (size_t)ps->n + 1) != 0) {
		store_fail(st, ENOMEM);
		return;
	}
	if ((np = calloc(1, sizeof *np)) == NULL) {
		store_fail(st, ENOMEM);
		return;
	}
	np->stamp = st->stamp;
	if (store_fresh(st, np, GC_PICSET) != 0) {
		free(np);
		return;
	}
	for (uint32_t i = 0; i < ps->n; i++) {
		if (ps->pic[i]->root != NULL)
			store_retire(st, ps->pic[i]->root, GC_TREE);
		store_retire(st, ps->pic[i], GC_PIC);
	}
	store_retire(st, ps, GC_PICSET);
	st->pics = np;
	st->nsessions = 0;
	st->release = 0;
	st->cluster[0] = st->cluster[1] = 0;
	st->dirty = 1;
}

int64_t
store_expire(struct store *st, uint32_t now)
{
	struct flow_clock c = { .mono = now, .boot = 0 };
	struct flow_key *dead = NULL;
	size_t n = 0, cap = 0;
	int64_t removed = 0;

	for (uint32_t i = 0; i < st->pics->n; i++) {
		struct pic_state *p = st->pics->pic[i];
		const struct flow_session *s;
		struct bt_iter it;

		bt_seek(&it, p->root, 0);
		while ((s = bt_next(&it, NULL)) != NULL) {
			if (!(s->flags & FLOW_LIVE) || flow_timeout_now(s, &c) > 0)
				continue;
			if (n == cap) {
				struct flow_key *nd;

				cap = cap ? cap * 2 : 64;
				if ((nd = realloc(dead, cap * sizeof *nd)) == NULL) {
					free(dead);
					return store_fail(st, ENOMEM);
				}
				dead = nd;
			}
			dead[n].fpc = p->pub.fpc;
			dead[n].pic = p->pub.pic;
			dead[n++].id = s->id;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int rc = store_del(st, dead[i].fpc, dead[i].pic, dead[i].id);

		if (rc < 0) {
			removed = -1;
			break;
		}
		removed += rc;
	}
	free(dead);
	return removed;
}

static void
store_txn_end(struct store *st)
{
	st->fresh.n = 0;
	st->garbage.n = 0;
	st->in_txn = 0;
	pthread_mutex_unlock(&st->write_lock);
}

void
store_abort(struct store *st)
{
	/* Everything made in the transaction goes; nothing published does. */
	for (size_t i = st->fresh.n; i-- > 0;)
		store_free_obj(st, st->fresh.v[i]);
	st->pics = st->cur->pics;
	st->nsessions = st->cur->nsessions;
	store_txn_end(st);
}

static void
store_reclaim_locked(struct store *st)
{
	struct store_snap *v;

	while ((v = st->oldest) != st->cur &&
	    atomic_load_explicit(&v->refs, memory_order_acquire) == 0) {
		gc_free_all(st, &v->garbage);
		free(v->garbage.v);
		st->oldest = v->newer;
		free(v);
	}
}

int
store_commit(struct store *st)
{
	struct store_snap *v, *old;

	if (st->failed) {
		int err = errno;

		store_abort(st);
		errno = err ? err : ENOMEM;
		return -1;
	}
	if (!st->dirty) {
		store_txn_end(st);
		return 0;
	}
	if ((v = calloc(1, sizeof *v)) == NULL) {
		store_abort(st);
		errno = ENOMEM;
		return -1;
	}
	v->stamp = st->stamp;
	v->pics = st->pics;
	v->nsessions = st->nsessions;
	v->release = st->release;
	memcpy(v->cluster, st->cluster, sizeof v->cluster);
	v->store = st;
	clock_gettime(CLOCK_REALTIME, &v->changed_rt);
	clock_gettime(CLOCK_MONOTONIC, &v->changed_mono);
	old = st->cur;
	/* What this transaction replaced dies with the version it replaced. */
	old->garbage = st->garbage;
	st->garbage.v = NULL;
	st->garbage.cap = 0;
	old->newer = v;
	pthread_mutex_lock(&st->pin_lock);
	st->cur = v;
	pthread_mutex_unlock(&st->pin_lock);
	store_reclaim_locked(st);
	store_txn_end(st);
	return 0;
}

void
store_reclaim(struct store *st)
{
	pthread_mutex_lock(&st->write_lock);
	store_reclaim_locked(st);
	pthread_mutex_unlock(&st->write_lock);
}

void
flow_pic_counts(const struct flow_pic *p, int rm, uint64_t c[FLOW_STATE__COUNT])
{
	const uint64_t *v = p->summary.v;

	/* A recorded summary has one set of counts: it answers for both. */
	if (p->nsessions == 0 && p->recorded == FLOW_SUM_DISPLAYED) {
		c[0] = v[SUM_VALID];
		c[1] = v[SUM_PENDING];
		c[2] = v[SUM_INVALIDATED];
		c[3] = v[SUM_OTHER];
	} else if (p->nsessions == 0 && p->recorded == FLOW_SUM_ACTIVE) {
		c[0] = v[SUM_A_VALID];
		c[1] = v[SUM_A_PENDING];
		c[2] = v[SUM_A_INVALIDATED];
		c[3] = v[SUM_A_OTHER];
	} else
		memcpy(c, p->count[rm != 0], sizeof p->count[0]);
}

uint64_t
store_memory(struct store *st)
{
	return st->sessions.bytes + st->nodes.bytes;
}
