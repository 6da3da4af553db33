/* test_store.c: the store's writer and reader operations. */
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "store.h"

static struct flow_session
mk(struct store *st, uint64_t id, const char *state, int rm)
{
	struct flow_session s;

	memset(&s, 0, sizeof s);
	s.id = id;
	s.present = 1u << FP_ID;
	if (state != NULL) {
		s.sess_state = store_intern(st, state, strlen(state));
		s.present |= 1u << FP_SESS_STATE;
	}
	if (rm) {
		s.rm_client = store_intern(st, "FTP ALG", 7);
		s.present |= FLOW_RM_BITS;
	}
	s.nwings = 1;
	s.wing[0].pkts = id * 7;
	return s;
}

static uint64_t
walk_count(const struct store_snap *v)
{
	struct store_iter it;
	uint64_t n = 0;

	store_iter_seek(&it, v, NULL);
	while (store_iter_next(&it, NULL) != NULL)
		n++;
	return n;
}

int
main(void)
{
	struct store *st = store_new();
	const struct store_snap *v0, *v1, *v2;
	const struct flow_session *s;
	const struct flow_pic *p;
	struct flow_session x;
	struct flow_key k;

	CHECK(st != NULL);
	/* Releases, as they may go into XML namespaces. */
	CHECK(store_release_ok("23.4R1.9", 8));
	CHECK(store_release_ok("12.1X47-D15", 11));
	CHECK(store_release_ok("15.1I0", 6));
	CHECK(!store_release_ok("12", 2));
	CHECK(!store_release_ok(".4R1", 4));
	CHECK(!store_release_ok("23.R1", 5));
	CHECK(!store_release_ok("23.4\"/x", 7));
	CHECK(!store_release_ok("23.4R1", 0));
	CHECK(!store_release_ok("23.4\0R1", 7));
	v0 = store_acquire(st);
	CHECK_U64(store_snap_npics(v0), 0);
	CHECK_U64(store_snap_sessions(v0), 0);

	/* Insert in three PICs, out of order; 64-bit identifiers. */
	store_begin(st);
	x = mk(st, 17179902569ULL, "Valid", 1);
	CHECK(store_put(st, 1, 0, &x) == 0);
	x = mk(st, 5, "Pending", 0);
	CHECK(store_put(st, 0, 1, &x) == 0);
	x = mk(st, 3, "Invalidated", 0);
	CHECK(store_put(st, 0, 1, &x) == 0);
	x = mk(st, 4, "Init", 1);
	CHECK(store_put(st, 0, 1, &x) == 0);
	x = mk(st, UINT64_MAX, NULL, 0);
	CHECK(store_put(st, 0, 1, &x) == 0);
	CHECK(store_pic_edit(st, 0, 0) != NULL);	/* empty PIC */
	/* The writer sees its own changes; readers do not yet. */
	CHECK(store_get(st, 0, 1, 5) != NULL);
	CHECK(store_lookup(v0, 0, 1, 5) == NULL);
	store_commit(st);
	CHECK_U64(store_snap_sessions(v0), 0);

	v1 = store_acquire(st);
	CHECK_U64(store_snap_npics(v1), 3);
	CHECK_U64(store_snap_sessions(v1), 5);
	CHECK_U64(store_snap_pic(v1, 0)->fpc, 0);
	CHECK_U64(store_snap_pic(v1, 0)->pic, 0);
	CHECK_U64(store_snap_pic(v1, 1)->pic, 1);
	CHECK_U64(store_snap_pic(v1, 2)->fpc, 1);
	CHECK_STR(atom_str(store_snap_atoms(v1), store_snap_pic(v1, 2)->name),
	    " on FPC1 PIC0:");
	CHECK(store_snap_pic(v1, 2)->has_header);

	/* Per-PIC counts by state, all and resource-manager only. */
	p = store_snap_pic_find(v1, 0, 1);
	CHECK(p != NULL);
	CHECK_U64(p->nsessions, 4);
	CHECK_U64(p->count[0][FLOW_STATE_VALID], 0);
	CHECK_U64(p->count[0][FLOW_STATE_PENDING], 1);
	CHECK_U64(p->count[0][FLOW_STATE_INVALIDATED], 1);
	CHECK_U64(p->count[0][FLOW_STATE_OTHER], 2);
	CHECK_U64(p->count[1][FLOW_STATE_OTHER], 1);
	CHECK_U64(p->count[1][FLOW_STATE_PENDING], 0);
	p = store_snap_pic_find(v1, 1, 0);
	CHECK_U64(p->count[1][FLOW_STATE_VALID], 1);
	CHECK(store_snap_pic_find(v1, 2, 0) == NULL);

	/* Lookup, ordered walk, first entry after K. */
	s = store_lookup(v1, 1, 0, 17179902569ULL);
	CHECK(s != NULL && s->wing[0].pkts == 17179902569ULL * 7);
	CHECK(store_lookup(v1, 0, 1, 6) == NULL);
	CHECK(store_lookup(v1, 9, 9, 5) == NULL);
	CHECK_U64(walk_count(v1), 5);
	{
		static const uint64_t order[] = { 3, 4, 5, UINT64_MAX,
		    17179902569ULL };
		struct store_iter it;
		int i = 0;

		store_iter_seek(&it, v1, NULL);
		while ((s = store_iter_next(&it, &p)) != NULL && i < 5)
			CHECK_U64(s->id, order[i++]);
		CHECK(i == 5);
	}
	k = (struct flow_key){ 0, 0, 0, 0 };
	s = store_after(v1, &k, &p);
	CHECK(s != NULL && s->id == 3 && p->pic == 1);
	k = (struct flow_key){ 0, 1, 3, 0 };
	s = store_after(v1, &k, NULL);
	CHECK(s != NULL && s->id == 4);
	k = (struct flow_key){ 0, 1, 5, 0 };
	s = store_after(v1, &k, NULL);
	CHECK(s != NULL && s->id == UINT64_MAX);
	k = (struct flow_key){ 0, 1, UINT64_MAX, 0 };
	s = store_after(v1, &k, &p);
	CHECK(s != NULL && s->id == 17179902569ULL && p->fpc == 1);
	k = (struct flow_key){ 1, 0, 17179902569ULL, 0 };
	CHECK(store_after(v1, &k, NULL) == NULL);
	k = (struct flow_key){ UINT32_MAX, UINT32_MAX, UINT64_MAX, 0 };
	CHECK(store_after(v1, &k, NULL) == NULL);
	k = (struct flow_key){ 0, 2, 0, 0 };	/* a PIC that does not exist */
	s = store_after(v1, &k, NULL);
	CHECK(s != NULL && s->id == 17179902569ULL);
	{
		struct store_iter it;

		store_iter_pic(&it, v1, 1, 5);
		CHECK((s = store_iter_next(&it, NULL)) != NULL && s->id == 5);
		CHECK((s = store_iter_next(&it, NULL)) != NULL &&
		    s->id == UINT64_MAX);
		CHECK(store_iter_next(&it, NULL) == NULL);	/* PIC only */
	}

	/* Update changes counts; delete; an aborted transaction is gone. */
	store_begin(st);
	x = mk(st, 5, "Valid", 1);
	CHECK(store_put(st, 0, 1, &x) == 0);
	CHECK(store_del(st, 0, 1, 3) == 1);
	CHECK(store_del(st, 0, 1, 3) == 0);
	CHECK(store_del(st, 7, 7, 3) == 0);
	store_commit(st);
	v2 = store_acquire(st);
	p = store_snap_pic_find(v2, 0, 1);
	CHECK_U64(p->nsessions, 3);
	CHECK_U64(p->count[0][FLOW_STATE_VALID], 1);
	CHECK_U64(p->count[0][FLOW_STATE_PENDING], 0);
	CHECK_U64(p->count[0][FLOW_STATE_INVALIDATED], 0);
	CHECK_U64(p->count[1][FLOW_STATE_VALID], 1);
	CHECK_U64(store_snap_sessions(v2), 4);
	/* The older snapshot is untouched. */
	p = store_snap_pic_find(v1, 0, 1);
	CHECK_U64(p->nsessions, 4);
	CHECK_U64(p->count[0][FLOW_STATE_PENDING], 1);
	CHECK(store_lookup(v1, 0, 1, 3) != NULL);
	CHECK(store_lookup(v2, 0, 1, 3) == NULL);
	CHECK(store_snap_generation(v2) > store_snap_generation(v1));

	store_begin(st);
	for (uint64_t id = 100; id < 5000; id++) {
		x = mk(st, id, "Valid", 0);
		CHECK(store_put(st, 3, 3, &x) == 0);
	}
	CHECK(store_del(st, 0, 1, 4) == 1);
	store_clear(st);
	CHECK(store_get(st, 1, 0, 17179902569ULL) == NULL);
	store_abort(st);
	store_release(v1);
	store_release(v0);
	store_reclaim(st);
	{
		const struct store_snap *v3 = store_acquire(st);

		CHECK(store_snap_generation(v3) == store_snap_generation(v2));
		CHECK_U64(store_snap_sessions(v3), 4);
		CHECK(store_snap_pic_find(v3, 3, 3) == NULL);
		CHECK(store_lookup(v3, 0, 1, 4) != NULL);
		store_release(v3);
	}

	/* Clear and remove a PIC. */
	store_begin(st);
	CHECK(store_pic_remove(st, 0, 0) == 1);
	CHECK(store_pic_remove(st, 0, 0) == 0);
	store_commit(st);
	store_release(v2);
	v2 = store_acquire(st);
	CHECK_U64(store_snap_npics(v2), 2);
	store_release(v2);
	store_begin(st);
	store_clear(st);
	store_commit(st);
	v2 = store_acquire(st);
	CHECK_U64(store_snap_npics(v2), 0);
	CHECK_U64(store_snap_sessions(v2), 0);
	CHECK_U64(walk_count(v2), 0);
	store_release(v2);

	/* A commit with no change publishes nothing new. */
	v2 = store_acquire(st);
	store_begin(st);
	store_commit(st);
	v1 = store_acquire(st);
	CHECK(v1 == v2);
	store_release(v1);
	store_release(v2);

	/* The PIC limit: the transaction fails, and says why. */
	store_begin(st);
	{
		int ok = 1;

		for (uint32_t i = 0; i < STORE_MAX_PICS && ok; i++)
			ok = store_pic_edit(st, 100, i) != NULL;
		CHECK(ok);
		errno = 0;
		CHECK(store_pic_edit(st, 101, 0) == NULL && errno == ENOSPC);
		CHECK(store_commit(st) == -1 && errno == ENOSPC);
		v1 = store_acquire(st);
		CHECK(store_snap_pic_find(v1, 100, 0) == NULL);
		store_release(v1);
	}

	/* Live sessions count down from last_seen and expire at zero. */
	store_begin(st);
	for (uint64_t id = 1; id <= 10; id++) {
		x = mk(st, id, "Valid", 0);
		x.flags = id % 2 ? FLOW_LIVE : 0;
		x.timeout = (uint32_t)(id * 10);
		x.last_seen = 1000;
		CHECK(store_put(st, 0, 0, &x) == 0);
	}
	store_commit(st);
	{
		struct flow_clock c = { .mono = 1035, .boot = 0 };

		v1 = store_acquire(st);
		s = store_lookup(v1, 0, 0, 5);	/* live, 50 s at 1000 */
		CHECK_U64(flow_timeout_now(s, &c), 15);
		s = store_lookup(v1, 0, 0, 3);	/* live, 30 s: run out */
		CHECK_U64(flow_timeout_now(s, &c), 0);
		s = store_lookup(v1, 0, 0, 4);	/* snapshot: as recorded */
		CHECK_U64(flow_timeout_now(s, &c), 40);
		c.mono = 990;	/* seen after the clock was read */
		s = store_lookup(v1, 0, 0, 5);
		CHECK_U64(flow_timeout_now(s, &c), 50);
		store_release(v1);
	}
	store_begin(st);
	CHECK(store_expire(st, 1035) == 2);	/* ids 1 and 3 */
	store_commit(st);
	v1 = store_acquire(st);
	CHECK_U64(store_snap_sessions(v1), 8);
	CHECK(store_lookup(v1, 0, 0, 1) == NULL);
	CHECK(store_lookup(v1, 0, 0, 2) != NULL);
	CHECK(store_lookup(v1, 0, 0, 5) != NULL);
	CHECK_U64(store_snap_pic_find(v1, 0, 0)->count[0][FLOW_STATE_VALID], 8);
	store_release(v1);

	store_free(st);
	return check_done("test_store");
}
