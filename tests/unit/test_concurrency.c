/*
 * test_concurrency.c: one writer churning, readers checking that every
 * snapshot is whole: counts match rows, every session is complete, and a
 * pinned snapshot does not change while the writer goes on.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "check.h"
#include "store.h"

#define READERS		3
#define ROUNDS		400
#define KEYS		20000

static struct store *st;
static atomic_int done;
static atomic_int bad;
static atomic_ulong snapshots;

/* Every field of a session derives from (id, version): checkable. */
static void
fill(struct flow_session *s, uint64_t id, uint32_t version)
{
	memset(s, 0, sizeof *s);
	s->id = id;
	s->present = 1u << FP_ID | 1u << FP_TIMEOUT | 1u << FP_SESS_STATE;
	s->timeout = version;
	s->sess_state = version % 3 == 0 ? 1 : 2;	/* atoms, see main */
	s->nwings = 2;
	for (int w = 0; w < 2; w++) {
		s->wing[w].pkts = id * 31 + version;
		s->wing[w].bytes = (id * 31 + version) * 64;
		s->wing[w].sport = (uint16_t)(id + version);
	}
}

static int
whole(const struct flow_session *s)
{
	for (int w = 0; w < 2; w++)
		if (s->wing[w].pkts != s->id * 31 + s->timeout ||
		    s->wing[w].bytes != s->wing[w].pkts * 64 ||
		    s->wing[w].sport != (uint16_t)(s->id + s->timeout))
			return 0;
	return s->nwings == 2;
}

static uint64_t
check_snapshot(const struct store_snap *v)
{
	uint64_t rows = 0, counted = 0, h = 0;

	for (uint32_t i = 0; i < store_snap_npics(v); i++) {
		const struct flow_pic *p = store_snap_pic(v, i);
		const struct flow_session *s;
		struct store_iter it;
		uint64_t n = 0, prev = 0;

		for (int k = 0; k < FLOW_STATE__COUNT; k++)
			counted += p->count[0][k];
		store_iter_pic(&it, v, i, 0);
		while ((s = store_iter_next(&it, NULL)) != NULL) {
			if (!whole(s) || (n > 0 && s->id <= prev))
				atomic_store(&bad, 1);
			prev = s->id;
			h = h * 1000003 + s->id * 7 + s->timeout;
			n++;
		}
		if (n != p->nsessions)
			atomic_store(&bad, 2);
		rows += n;
	}
	if (rows != counted || rows != store_snap_sessions(v))
		atomic_store(&bad, 3);
	return h;
}

static void *
reader(void *arg)
{
	(void)arg;
	while (!atomic_load(&done)) {
		const struct store_snap *v = store_acquire(st);
		uint64_t h1 = check_snapshot(v);

		/* The writer has moved on by now: this view must not have. */
		if (check_snapshot(v) != h1)
			atomic_store(&bad, 4);
		store_release(v);
		atomic_fetch_add(&snapshots, 1);
	}
	return NULL;
}

int
main(void)
{
	pthread_t tid[READERS];
	struct flow_session s;
	uint64_t rng = 12345;

	st = store_new();
	/* Atoms 1 and 2 are "Valid" and "Pending" (interned by store_new). */
	CHECK(store_intern(st, "Valid", 5) == 1);
	CHECK(store_intern(st, "Pending", 7) == 2);
	for (int i = 0; i < READERS; i++)
		pthread_create(&tid[i], NULL, reader, NULL);
	for (uint32_t round = 1; round <= ROUNDS; round++) {
		store_begin(st);
		for (int j = 0; j < 200; j++) {
			uint64_t id, op;

			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			id = (rng >> 20) % KEYS;
			op = (rng >> 50) % 4;
			if (op == 0)
				store_del(st, (uint32_t)(id % 3), 0, id);
			else {
				fill(&s, id, round);
				store_put(st, (uint32_t)(id % 3), 0, &s);
			}
		}
		if (round % 100 == 0)
			store_clear(st);	/* whole reloads too */
		if (round % 7 == 0)
			store_abort(st);
		else
			store_commit(st);
	}
	atomic_store(&done, 1);
	for (int i = 0; i < READERS; i++)
		pthread_join(tid[i], NULL);
	CHECK(atomic_load(&bad) == 0);
	CHECK(atomic_load(&snapshots) > 0);
	printf("readers checked %lu snapshots\n", atomic_load(&snapshots));
	store_free(st);
	return check_done("test_concurrency");
}
