/*
 * store.h: the session store.
 *
 * One writer, many readers.  A reader pins a snapshot (store_acquire) and
 * sees the whole store as it was at one commit: every session complete, the
 * per-PIC counts matching the rows.  Pinning takes a lock held for a few
 * instructions only, so a reader never waits on the writer, even while a
 * million-session snapshot loads; the writer never waits on readers.
 *
 * The writer works in transactions: store_begin, any number of puts, deletes
 * and PIC edits, then store_commit (readers see all of it at once) or
 * store_abort (readers never see any of it).  Old versions are freed by
 * store_reclaim once no reader holds them; the writer calls it from time to
 * time (commit does too).
 *
 * Lookup by (node, fpc, pic, id), ordered iteration and "first entry after
 * K" are O(log n); the per-PIC counts by state are O(1).  PICs are keyed by
 * (node, fpc, pic): node 0 is a box outside a chassis cluster, n + 1 the
 * cluster's node n; the functions without _n are node 0's.
 *
 * Sessions and PICs read from a device's reply carry their place in it
 * (seq): store_snap_pic_order gives a PIC's sessions in that order, which
 * is the order the device printed them (index order is the key's).
 */
#ifndef FLOW_STORE_H
#define FLOW_STORE_H

#include <stdint.h>
#include <time.h>

#include "atom.h"
#include "btree.h"
#include "model.h"

struct store;
struct store_snap;

struct flow_key {
	uint32_t	fpc, pic;
	uint64_t	id;
	uint32_t	node;		/* last: { fpc, pic, id } is node 0 */
};

/* Clock readings a renderer uses for live sessions (seconds). */
struct flow_clock {
	uint32_t	mono;	/* CLOCK_MONOTONIC: last_seen is on this clock */
	uint32_t	boot;	/* CLOCK_BOOTTIME: start-time is on this clock */
};

struct store	*store_new(void);
void		 store_free(struct store *);
struct atom_table *store_atoms(struct store *);
uint32_t	 store_intern(struct store *, const char *, size_t);
void		 store_clock(struct flow_clock *);

/* Readers. */
const struct store_snap *store_acquire(struct store *);
void		 store_release(const struct store_snap *);
const struct atom_table *store_snap_atoms(const struct store_snap *);
uint64_t	 store_snap_sessions(const struct store_snap *);
uint64_t	 store_snap_generation(const struct store_snap *);
/* When the data last changed (CLOCK_REALTIME and CLOCK_MONOTONIC). */
struct timespec	 store_snap_changed(const struct store_snap *, int monotonic);
uint32_t	 store_snap_npics(const struct store_snap *);
const struct flow_pic *store_snap_pic(const struct store_snap *, uint32_t);
/* Index of the first PIC whose (node, fpc, pic) is >= the given one. */
uint32_t	 store_snap_pic_seek(const struct store_snap *, uint32_t fpc,
		    uint32_t pic);
uint32_t	 store_snap_pic_seek_n(const struct store_snap *, uint32_t node,
		    uint32_t fpc, uint32_t pic);
const struct flow_pic *store_snap_pic_find(const struct store_snap *,
		    uint32_t fpc, uint32_t pic);
const struct flow_pic *store_snap_pic_find_n(const struct store_snap *,
		    uint32_t node, uint32_t fpc, uint32_t pic);
const struct flow_session *store_lookup(const struct store_snap *, uint32_t fpc,
		    uint32_t pic, uint64_t id);
const struct flow_session *store_lookup_n(const struct store_snap *,
		    uint32_t node, uint32_t fpc, uint32_t pic, uint64_t id);
/* The release of the reply the data came from (an atom, 0: none). */
uint32_t	 store_snap_release(const struct store_snap *);
/* A cluster reply's local node (which 0) and primary node (which 1), as
 * its prompt banner told ({primary:node0}); node0 when it did not. */
uint32_t	 store_snap_node(const struct store_snap *, int which);
/* The data is a chassis cluster's (its PICs have nodes). */
int		 store_snap_clustered(const struct store_snap *);
/* A Junos release as Junos writes it (23.4R1.9, 12.1X47-D15): digits, '.',
 * digits, then letters, digits, '.', '-', '_'; at most 64 bytes.  Releases
 * are written as they are into XML namespaces. */
int		 store_release_ok(const char *, size_t);
/*
 * PIC index i's sessions in the order of the reply they came from, when
 * they came from one (else NULL: index order is the only order): built on
 * first use and kept with the PIC.  *n gets the count.
 */
const struct flow_session *const *store_snap_pic_order(
		    const struct store_snap *, uint32_t i, uint64_t *n);

struct store_iter {
	const struct store_snap	*snap;
	uint32_t		 pic;	/* index of the PIC being walked */
	uint32_t		 end;	/* stop before this PIC index */
	struct bt_iter		 bt;
};

/* All sessions from key k on (k NULL: from the start), in key order. */
void		 store_iter_seek(struct store_iter *, const struct store_snap *,
		    const struct flow_key *);
/* The sessions of PIC index i whose id is >= start. */
void		 store_iter_pic(struct store_iter *, const struct store_snap *,
		    uint32_t i, uint64_t start);
const struct flow_session *store_iter_next(struct store_iter *,
		    const struct flow_pic **);
/* The first session whose key is strictly greater than k (SNMP GETNEXT). */
const struct flow_session *store_after(const struct store_snap *,
		    const struct flow_key *, const struct flow_pic **);

/*
 * The writer.  Every call below but store_begin needs an open transaction.
 * A call that fails sets errno: ENOMEM, or ENOSPC when a limit is reached
 * (STORE_MAX_PICS PICs, 16M distinct strings); the transaction is then
 * failed and store_commit aborts it.
 */
#define STORE_MAX_PICS	4096
int		 store_begin(struct store *);
int		 store_put(struct store *, uint32_t fpc, uint32_t pic,
		    const struct flow_session *);
int		 store_put_n(struct store *, uint32_t node, uint32_t fpc,
		    uint32_t pic, const struct flow_session *);
/* 1 removed, 0 absent, -1 out of memory. */
int		 store_del(struct store *, uint32_t fpc, uint32_t pic, uint64_t);
const struct flow_session *store_get(struct store *, uint32_t fpc,
		    uint32_t pic, uint64_t);
const struct flow_session *store_get_n(struct store *, uint32_t node,
		    uint32_t fpc, uint32_t pic, uint64_t);
/* The release of the reply being read (an atom; 0: none). */
void		 store_set_release(struct store *, uint32_t atom);
/* Its local and primary cluster nodes. */
void		 store_set_nodes(struct store *, uint32_t local,
		    uint32_t primary);
/*
 * A writable PIC, created with the name " on FPC<fpc> PIC<pic>:" if absent.
 * Change only name, has_header, recorded, max_sessions and summary: the
 * counts belong to the store.
 */
struct flow_pic	*store_pic_edit(struct store *, uint32_t fpc, uint32_t pic);
struct flow_pic	*store_pic_edit_n(struct store *, uint32_t node, uint32_t fpc,
		    uint32_t pic);
int		 store_pic_remove(struct store *, uint32_t fpc, uint32_t pic);
/* Removes every PIC and session (a full reload follows). */
void		 store_clear(struct store *);
/* Removes live sessions whose timeout has run out; returns how many. */
int64_t		 store_expire(struct store *, uint32_t now_mono);
/* Publishes the transaction: 0, or -1 (errno set) when it failed and was
 * aborted instead. */
int		 store_commit(struct store *);
void		 store_abort(struct store *);

void		 store_reclaim(struct store *);

/* Memory held by the store's sessions and tree nodes, in bytes. */
uint64_t	 store_memory(struct store *);

/*
 * A PIC's session counts by state (rm: resource-manager sessions only):
 * those the store keeps, or, for a PIC read from a device's summary (no
 * sessions), the summary's.
 */
void		 flow_pic_counts(const struct flow_pic *, int rm,
		    uint64_t c[FLOW_STATE__COUNT]);

/* Current timeout and duration of a session as the device would show them. */
static inline uint32_t
flow_timeout_now(const struct flow_session *s, const struct flow_clock *c)
{
	uint32_t elapsed;

	if (!(s->flags & FLOW_LIVE) || (int32_t)(c->mono - s->last_seen) <= 0)
		return s->timeout;
	elapsed = c->mono - s->last_seen;
	return elapsed >= s->timeout ? 0 : s->timeout - elapsed;
}

static inline uint32_t
flow_duration_now(const struct flow_session *s, const struct flow_clock *c)
{
	if (!(s->flags & FLOW_LIVE) || c->boot < s->start_time)
		return s->duration;
	return c->boot - s->start_time;
}

#endif
