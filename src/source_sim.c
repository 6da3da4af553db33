/*
 * source_sim.c: the simulator, "sim:sessions=N,churn=R,seed=S,pics=P": a
 * live source of generated sessions (gen.h) for demonstrations, tests and
 * load on a machine without a firewall.
 *
 * Sessions are numbered as gen_session numbers them.  Load puts sessions
 * 0 .. N-1 in the store; then the simulated clock runs in ticks of
 * SIM_TICK_MS, and after t ticks C(t) = R * t / SIM_HZ sessions have been
 * created: the store holds exactly the sessions C(t) .. C(t) + N - 1, so
 * each tick removes the oldest and adds as many new ones, in sequence.
 * The ticks due are applied together, SIM_BATCH at most, in one
 * transaction: readers always count N sessions.
 *
 * Sessions are live (FLOW_LIVE): readers see the timeout count down and the
 * duration grow.  A session whose timeout runs out is refreshed, as traffic
 * would keep it open (timeout back to the configured one, more packets),
 * at the start of that simulated second, so none is shown at 0 for longer
 * than the loader takes to wake.  A wheel of per-second buckets (8 bytes a
 * session) says which sessions are due, so a second costs its refreshes.
 *
 * Deterministic: every field of every session after t ticks is a function
 * of (seed, N, R, P, t) and the session's number (sim_make), whatever the
 * order in which ticks were applied or how they were batched.  Only the
 * clock stamps (last_seen, start_time) anchor the simulation to the real
 * clocks of its load, so the timeout and duration a reader computes are
 * deterministic relative to the time since the load.  A load (SIGHUP)
 * starts again from tick 0.  When the machine cannot keep up, the
 * simulation falls behind real time (reported once a minute); it never
 * skips ticks.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"
#include "source.h"

#define SIM_TICK_MS		10
#define SIM_HZ			(1000 / SIM_TICK_MS)
#define SIM_BATCH		10	/* ticks per transaction, at most */
#define SIM_MAX_SESSIONS	10000000
#define SIM_MAX_CHURN		1000000
#define SIM_WARN_MS		60000	/* between "falling behind" reports */
#define SIM_WHEEL		2048	/* seconds: more than any timeout */

/* The sessions (numbers) due for a refresh in one second of the wheel. */
struct sim_bucket {
	uint64_t	*n;
	uint32_t	 len, cap;
};

struct sim {
	uint64_t	 nsess, churn, seed, npics;	/* the spec */
	struct gen	 g;
	int64_t		 base_ms;	/* CLOCK_MONOTONIC ms of tick 0 */
	uint32_t	 mono0, boot0;	/* seconds at tick 0 */
	uint64_t	 tick;		/* ticks applied (committed) */
	/* Refreshes by second modulo SIM_WHEEL: a sweep costs the sessions
	 * it refreshes, not a walk of them all. */
	struct sim_bucket *wheel;
	int		 caught_up, broken;
	int64_t		 warned_ms;
};

static const struct sim_key {
	const char	*name;
	size_t		 off;
	uint64_t	 min, max;
} sim_keys[] = {
	{ "sessions", offsetof(struct sim, nsess), 0, SIM_MAX_SESSIONS },
	{ "churn", offsetof(struct sim, churn), 0, SIM_MAX_CHURN },
	{ "seed", offsetof(struct sim, seed), 0, UINT64_MAX },
	{ "pics", offsetof(struct sim, npics), 1, STORE_MAX_PICS },
};
#define SIM_NKEYS	(sizeof sim_keys / sizeof sim_keys[0])

static int64_t
sim_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sessions created after t ticks. */
static uint64_t
sim_created(const struct sim *m, uint64_t t)
{
	return m->churn * t / SIM_HZ;
}

/* The tick of creation i (0 first): the first t with sim_created(t) > i.
 * Session N + i is born then, and session i removed. */
static uint64_t
sim_tick_of(const struct sim *m, uint64_t i)
{
	return ((i + 1) * SIM_HZ + m->churn - 1) / m->churn;
}

/*
 * Session n as it is at simulated second `now`, and the second of its next
 * refresh.  The first N sessions were there before the load, with gen's
 * timeout and duration; later ones start fresh (full timeout, no age, a
 * few packets).  Each time the timeout runs out the session is refreshed:
 * k refreshes so far, each adding `step` packets to both wings.
 */
static void
sim_make(const struct sim *m, uint64_t n, uint64_t now, struct flow_session *x,
    uint32_t *fpc, uint32_t *pic, uint64_t *next)
{
	uint64_t born, t0, age, conf, e, k, last;
	int fresh = n >= m->nsess;

	gen_session(&m->g, n, x, fpc, pic);
	conf = x->conf_timeout;
	born = fresh ? sim_tick_of(m, n - m->nsess) / SIM_HZ : 0;
	t0 = fresh ? conf : x->timeout;
	age = fresh ? 0 : x->duration;
	e = now - born;
	if (e < t0) {
		k = 0;
		last = born;
		x->timeout = (uint32_t)t0;
		*next = born + t0;
	} else {
		k = 1 + (e - t0) / conf;
		last = born + t0 + (k - 1) * conf;
		x->timeout = (uint32_t)conf;
		*next = last + conf;
	}
	x->flags |= FLOW_LIVE;
	x->last_seen = m->mono0 + (uint32_t)last;
	x->start_time = m->boot0 + (uint32_t)born -
	    (uint32_t)(age < m->boot0 ? age : m->boot0);
	for (int w = 0; w < x->nwings; w++) {
		struct flow_wing *f = &x->wing[w];
		uint64_t base = f->pkts, step = 1 + base % 64;
		uint64_t avg = base != 0 ? f->bytes / base : 64;

		f->pkts = (fresh ? step : base) + k * step;
		f->bytes = f->pkts * avg;
	}
}

/* Puts session n in the bucket of its next refresh, unless it is removed
 * first.  gen's timeouts (60 and 1800 s) are below SIM_WHEEL, so a bucket
 * never holds a refresh of a later turn of the wheel. */
static int
sim_track(const struct sim *m, struct sim_bucket *wheel, uint64_t n,
    uint64_t next)
{
	struct sim_bucket *b = &wheel[next % SIM_WHEEL];

	/* The sweep of a tick comes before its removals; a refresh in the
	 * tick that removes the session would never be seen. */
	if (m->churn > 0 && next * SIM_HZ >= sim_tick_of(m, n))
		return 0;
	if (b->len == b->cap) {
		uint32_t cap = b->cap ? b->cap * 2 : 16;
		uint64_t *nn;

		if ((nn = realloc(b->n, cap * sizeof *nn)) == NULL)
			return -1;
		b->n = nn;
		b->cap = cap;
	}
	b->n[b->len++] = n;
	return 0;
}

static void
sim_wheel_free(struct sim_bucket *wheel)
{
	if (wheel == NULL)
		return;
	for (int i = 0; i < SIM_WHEEL; i++)
		free(wheel[i].n);
	free(wheel);
}

static int
sim_parse(struct sim *m, const char *arg, char *err, size_t errlen)
{
	char *copy, *item, *save = NULL;
	unsigned seen = 0;
	int rc = 0;

	if ((copy = strdup(arg)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* strtok_r skips empty items: "sessions=1,,churn=2" is fine. */
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '='), *end;
		const struct sim_key *k = NULL;
		unsigned long long v;
		size_t i;

		rc = -1;	/* until the item is read */
		if (eq == NULL) {
			snprintf(err, errlen, "sim: '%s' is not key=value "
			    "(sessions=N,churn=R,seed=S,pics=P)", item);
			break;
		}
		*eq = '\0';
		for (i = 0; i < SIM_NKEYS; i++)
			if (strcmp(sim_keys[i].name, item) == 0)
				k = &sim_keys[i];
		if (k == NULL) {
			snprintf(err, errlen, "sim: unknown key '%s' "
			    "(sessions, churn, seed or pics)", item);
			break;
		}
		if (seen & (1u << (k - sim_keys))) {
			snprintf(err, errlen, "sim: %s given twice", k->name);
			break;
		}
		seen |= 1u << (k - sim_keys);
		errno = 0;
		v = strtoull(eq + 1, &end, 10);
		if (eq[1] < '0' || eq[1] > '9' || *end != '\0' ||
		    errno != 0 || v < k->min || v > k->max) {
			snprintf(err, errlen, "sim: %s: '%s' is not a whole "
			    "number from %" PRIu64 " to %" PRIu64, k->name,
			    eq + 1, k->min, k->max);
			break;
		}
		*(uint64_t *)((char *)m + k->off) = v;
		rc = 0;
	}
	free(copy);
	return rc;
}

static int
sim_open(struct source *s, const char *arg, char *err, size_t errlen)
{
	struct sim *m;

	if ((m = calloc(1, sizeof *m)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->nsess = 1000;
	m->churn = 0;
	m->seed = 1;
	m->npics = 4;
	if (sim_parse(m, arg, err, errlen) != 0 ||
	    gen_init(&m->g, s->st, m->seed, (unsigned)m->npics) != 0) {
		free(m);
		return -1;
	}
	s->priv = m;
	return 0;
}

/* Sessions 0 .. N-1 at tick 0, on a clock starting now. */
static int
sim_load(struct source *s, char *err, size_t errlen)
{
	struct sim *m = s->priv, saved = *m;
	struct sim_bucket *wheel;
	struct flow_session x;
	struct timespec ts;
	uint32_t fpc, pic;
	uint64_t next;
	int64_t now = sim_now_ms();
	int failed = 0;	/* errno then */

	if ((wheel = calloc(SIM_WHEEL, sizeof *wheel)) == NULL) {
		snprintf(err, errlen, "sim: out of memory");
		return -1;
	}
	/* Tick 0 at a whole second of CLOCK_MONOTONIC, the clock readers
	 * count timeouts on, so a refresh comes as the timeout reaches 0. */
	m->base_ms = now - now % 1000;
	m->mono0 = (uint32_t)(m->base_ms / 1000);
	clock_gettime(CLOCK_BOOTTIME, &ts);
	m->boot0 = (uint32_t)ts.tv_sec;

	store_begin(s->st);
	store_clear(s->st);
	/* Every PIC, with sessions or not, as a device lists them. */
	for (uint64_t p = 0; p < m->npics; p++) {
		gen_pic(&m->g, p, &fpc, &pic);
		store_pic_edit(s->st, fpc, pic);
	}
	for (uint64_t n = 0; n < m->nsess && !failed; n++) {
		sim_make(m, n, 0, &x, &fpc, &pic, &next);
		if (store_put(s->st, fpc, pic, &x) != 0 ||
		    sim_track(m, wheel, n, next) != 0)
			failed = errno ? errno : ENOMEM;
	}
	if (failed)
		store_abort(s->st);
	else if (store_commit(s->st) != 0)
		failed = errno;
	if (failed) {
		snprintf(err, errlen, "sim: %s", strerror(failed));
		sim_wheel_free(wheel);
		*m = saved;
		return -1;
	}
	sim_wheel_free(m->wheel);
	m->wheel = wheel;
	m->tick = 0;
	m->caught_up = m->broken = 0;
	m->warned_ms = 0;
	return 0;
}

/* Second `now` begins: the sessions whose timeout runs out are refreshed. */
static int
sim_sweep(struct sim *m, struct store *st, uint64_t now)
{
	struct sim_bucket *b = &m->wheel[now % SIM_WHEEL];
	struct flow_session x;
	uint32_t fpc, pic;
	uint64_t next;

	for (uint32_t i = 0; i < b->len; i++) {
		sim_make(m, b->n[i], now, &x, &fpc, &pic, &next);
		if (store_put(st, fpc, pic, &x) != 0 ||
		    sim_track(m, m->wheel, b->n[i], next) != 0)
			return -1;
	}
	b->len = 0;
	return 0;
}

/* Tick t: the oldest sessions go, as many new ones come. */
static int
sim_step(struct sim *m, struct store *st, uint64_t t)
{
	uint64_t was = sim_created(m, t - 1), now = sim_created(m, t);
	uint64_t gone_end = now < was + m->nsess ? now : was + m->nsess;
	uint64_t new_from = now > was + m->nsess ? now : was + m->nsess;
	struct flow_session x;
	uint32_t fpc, pic;
	uint64_t next;

	for (uint64_t n = was; n < gone_end; n++) {
		gen_pic(&m->g, n, &fpc, &pic);
		if (store_del(st, fpc, pic, gen_id(n)) < 0)
			return -1;
	}
	for (uint64_t n = new_from; n < now + m->nsess; n++) {
		sim_make(m, n, t / SIM_HZ, &x, &fpc, &pic, &next);
		if (store_put(st, fpc, pic, &x) != 0 ||
		    sim_track(m, m->wheel, n, next) != 0)
			return -1;
	}
	return 0;
}

/* Applies the ticks due, SIM_BATCH at most per transaction. */
static int
sim_poll(struct source *s, char *err, size_t errlen)
{
	struct sim *m = s->priv;
	int64_t now = sim_now_ms();
	uint64_t due = (uint64_t)(now - m->base_ms) / SIM_TICK_MS, end, t;
	int failed = 0;	/* errno then */

	if (m->broken || due <= m->tick)
		return 0;
	end = due - m->tick > SIM_BATCH ? m->tick + SIM_BATCH : due;
	store_begin(s->st);
	for (t = m->tick + 1; t <= end && !failed; t++)
		if ((t % SIM_HZ == 0 && sim_sweep(m, s->st, t / SIM_HZ) != 0) ||
		    sim_step(m, s->st, t) != 0)
			failed = errno ? errno : ENOMEM;
	if (failed)
		store_abort(s->st);
	else if (store_commit(s->st) != 0)
		failed = errno;
	if (failed) {
		/* The wheel may hold part of the failed ticks' work: stop
		 * rather than serve a simulation that is no longer one. */
		m->broken = 1;
		snprintf(err, errlen, "%s: the simulation stops until the "
		    "source is loaded again (SIGHUP)", strerror(failed));
		return -1;
	}
	m->tick = end;
	if (end == due)
		m->caught_up = 1;
	else if (due - end > (m->caught_up ? 1 : 10) * SIM_HZ &&
	    (m->warned_ms == 0 || now - m->warned_ms >= SIM_WARN_MS)) {
		/* Until it first catches up, the lag is the front ends'
		 * start-up: only a larger one is news. */
		m->warned_ms = now;
		snprintf(err, errlen, "running %.1f s behind real time: "
		    "churn %" PRIu64 "/s is more than this machine keeps up "
		    "with", (double)(due - end) * SIM_TICK_MS / 1000, m->churn);
		return -1;
	}
	return 0;
}

/* Until the next tick that changes something: a new session or a sweep. */
static int
sim_timeout(struct source *s)
{
	struct sim *m = s->priv;
	uint64_t next = (m->tick / SIM_HZ + 1) * SIM_HZ;
	int64_t ms;

	if (m->broken)
		return -1;
	if (m->churn > 0 && m->nsess > 0) {
		uint64_t t = sim_tick_of(m, sim_created(m, m->tick));

		if (t < next)
			next = t;
	}
	ms = m->base_ms + (int64_t)next * SIM_TICK_MS - sim_now_ms();
	return ms < 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
}

static void
sim_close(struct source *s)
{
	struct sim *m = s->priv;

	sim_wheel_free(m->wheel);
	free(m);
}

const struct source_ops source_sim_ops = {
	.scheme = "sim", .open = sim_open, .load = sim_load,
	.close = sim_close, .poll = sim_poll, .timeout = sim_timeout
};
