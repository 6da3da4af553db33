/*
 * bench_core.c: throughput and memory of the core (make bench).
 *
 * Builds a store of N sessions (default 1,000,000; both wings, every field,
 * a quarter IPv6) and reports, per operation, sessions per second and bytes
 * per session.  Beside the XML reader it measures, on the same file in the
 * same run, a bare libxml2 SAX2 pass that only counts elements: the floor
 * any libxml2-based reader sits on.
 *
 *   bench_core [--sessions N] [--dir DIR]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "gen.h"
#include "reader.h"
#include "render.h"
#include "store.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_bytes(void)
{
	long pages = 0, rss = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp != NULL) {
		if (fscanf(fp, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(fp);
	}
	return rss * sysconf(_SC_PAGESIZE);
}

static void
report(const char *what, uint64_t n, double secs, const char *extra)
{
	printf("  %-34s %10.0f sessions/s  %8.1f ns/session%s%s\n", what,
	    (double)n / secs, secs * 1e9 / (double)n, extra ? "  " : "",
	    extra ? extra : "");
	fflush(stdout);
}

static uint64_t
build(struct store *st, const struct gen *g, uint64_t n, uint64_t batch)
{
	struct flow_session s;
	uint32_t fpc, pic;

	for (uint64_t i = 0; i < n; i += batch) {
		store_begin(st);
		for (uint64_t j = i; j < n && j < i + batch; j++) {
			gen_session(g, j, &s, &fpc, &pic);
			if (store_put(st, fpc, pic, &s) != 0) {
				fprintf(stderr, "store_put failed\n");
				exit(1);
			}
		}
		store_commit(st);
	}
	return n;
}

static double
render_to(const struct store_snap *snap, enum render_view v,
    enum render_format f, const char *path)
{
	struct render_opts o = { .view = v, .format = f,
	    .flags = RENDER_ENVELOPE };
	struct sink out;
	double t;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || sink_fd(&out, fd) != 0) {
		perror(path);
		exit(1);
	}
	t = now();
	render_snap(snap, &o, &out);
	if (sink_close(&out) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(sink_error(&out)));
		exit(1);
	}
	t = now() - t;
	close(fd);
	return t;
}

static uint64_t bare_elements;

static void
bare_start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u,
    int nns, const xmlChar **ns, int na, int nd, const xmlChar **a)
{
	(void)ctx; (void)l; (void)p; (void)u; (void)nns; (void)ns; (void)na;
	(void)nd; (void)a;
	bare_elements++;
}

/* libxml2 SAX2, push mode, same chunking as the reader, counting only. */
static double
bare_sax(const char *path)
{
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt;
	char buf[64 * 1024];
	ssize_t n;
	double t = now();
	int fd = open(path, O_RDONLY);

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = bare_start;
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, path);
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		xmlParseChunk(ctxt, buf, (int)n, 0);
	xmlParseChunk(ctxt, NULL, 0, 1);
	xmlFreeParserCtxt(ctxt);
	close(fd);
	return now() - t;
}

/* Snapshot pinning latency while the writer loads. */
static atomic_int lat_stop;
static double lat_max;
static uint64_t lat_n, lat_over_1ms;

static void *
latency_thread(void *arg)
{
	struct store *st = arg;

	while (!atomic_load(&lat_stop)) {
		double t = now(), d;
		const struct store_snap *snap = store_acquire(st);

		(void)store_snap_sessions(snap);
		store_release(snap);
		d = now() - t;
		if (d > lat_max)
			lat_max = d;
		if (d > 1e-3)
			lat_over_1ms++;
		lat_n++;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sessions", required_argument, NULL, 'n' },
		{ "dir", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t n = 1000000;
	const char *dir = "/tmp";
	char path[4096], xmlpath[4096], extra[128];
	struct store *st, *st2;
	struct gen g;
	struct flow_session s;
	const struct store_snap *snap;
	struct store_iter it;
	pthread_t tid;
	long rss0, rss1;
	double t, tgen, tread, tbare;
	uint64_t walked = 0, sum = 0, bytes;
	int c;
	char err[600];

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'n')
			n = strtoull(optarg, NULL, 10);
		else if (c == 'd')
			dir = optarg;
		else
			return 2;
	}
	if (n == 0)
		n = 1;
	{
		char model[256] = "unknown";
		FILE *fp = fopen("/proc/cpuinfo", "r");
		char line[512];

		while (fp != NULL && fgets(line, sizeof line, fp) != NULL)
			if (strncmp(line, "model name", 10) == 0) {
				snprintf(model, sizeof model, "%s",
				    strchr(line, ':') + 2);
				model[strcspn(model, "\n")] = '\0';
				break;
			}
		if (fp != NULL)
			fclose(fp);
		printf("flowagent core benchmark: %llu sessions, %ld cores, %s\n",
		    (unsigned long long)n, sysconf(_SC_NPROCESSORS_ONLN), model);
	}

	/* Generation alone, to take it out of the insert figure. */
	st = store_new();
	gen_init(&g, st, 42, 4);
	t = now();
	for (uint64_t i = 0; i < n; i++) {
		uint32_t fpc, pic;

		gen_session(&g, i, &s, &fpc, &pic);
		sum += s.id;
	}
	tgen = now() - t;
	printf("store\n");
	rss0 = rss_bytes();
	t = now();
	build(st, &g, n, n);
	t = now() - t;
	rss1 = rss_bytes();
	report("insert, one transaction", n, t - tgen, NULL);
	snprintf(extra, sizeof extra, "(RSS %.0f B/session, accounted %.0f)",
	    (double)(rss1 - rss0) / (double)n,
	    (double)store_memory(st) / (double)n);
	printf("  %-34s %10.0f bytes/session %s\n", "memory, both wings",
	    (double)(rss1 - rss0) / (double)n, extra);
	{
		struct store *st3 = store_new();
		struct gen g3;
		uint64_t m = n < 200000 ? n : 200000;

		gen_init(&g3, st3, 42, 4);
		t = now();
		build(st3, &g3, m, 1000);
		t = now() - t - tgen * (double)m / (double)n;
		report("insert, 1000 per transaction", m, t, NULL);
		t = now();
		store_begin(st3);
		for (uint64_t i = 0; i < m; i++) {
			uint32_t fpc, pic;

			gen_session(&g3, i, &s, &fpc, &pic);
			store_del(st3, fpc, pic, s.id);
			if (i % 1000 == 999) {
				store_commit(st3);
				store_begin(st3);
			}
		}
		store_commit(st3);
		t = now() - t - tgen * (double)m / (double)n;
		report("delete, 1000 per transaction", m, t, NULL);
		store_free(st3);
	}

	snap = store_acquire(st);
	t = now();
	store_iter_seek(&it, snap, NULL);
	while (store_iter_next(&it, NULL) != NULL)
		walked++;
	report("ordered walk", walked, now() - t, NULL);
	t = now();
	for (uint64_t i = 0; i < n; i++) {
		struct flow_key k = { (uint32_t)(i % 4) / 2, (uint32_t)(i % 4) % 2,
		    gen_id(i), 0 };

		if (store_lookup(snap, k.fpc, k.pic, k.id) == NULL) {
			fprintf(stderr, "lookup failed\n");
			return 1;
		}
	}
	report("lookup by (fpc, pic, id)", n, now() - t, NULL);

	printf("render (to /dev/null)\n");
	report("text, default view", n, render_to(snap, RENDER_DEFAULT,
	    RENDER_TEXT, "/dev/null"), NULL);
	report("text, extensive view", n, render_to(snap, RENDER_EXTENSIVE,
	    RENDER_TEXT, "/dev/null"), NULL);
	report("XML, extensive view", n, render_to(snap, RENDER_EXTENSIVE,
	    RENDER_XML, "/dev/null"), NULL);
	report("JSON, extensive view", n, render_to(snap, RENDER_EXTENSIVE,
	    RENDER_JSON, "/dev/null"), NULL);
	report("text, summary (counts)", n, render_to(snap, RENDER_SUMMARY,
	    RENDER_TEXT, "/dev/null"), NULL);

	snprintf(xmlpath, sizeof xmlpath, "%s/flowagent-bench-%d.xml", dir,
	    (int)getpid());
	render_to(snap, RENDER_EXTENSIVE, RENDER_XML, xmlpath);
	store_release(snap);
	{
		int fd = open(xmlpath, O_RDONLY);

		bytes = (uint64_t)lseek(fd, 0, SEEK_END);
		close(fd);
	}
	printf("read (%s, %.0f bytes/session)\n", xmlpath,
	    (double)bytes / (double)n);
	/*
	 * The floor and the reader, alternately, three times each, nothing
	 * else running; the best pass of each counts (a shared 2-core VM is
	 * noisy).  The first bare pass also warms the page cache.
	 */
	bare_sax(xmlpath);
	st2 = store_new();
	tbare = tread = 1e30;
	for (int pass = 0; pass < 3; pass++) {
		double tb = bare_sax(xmlpath), tr;

		t = now();
		if (reader_load_file(st2, xmlpath, READER_REPLACE, err,
		    sizeof err) != 0) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		tr = now() - t;
		store_reclaim(st2);
		if (tb < tbare)
			tbare = tb;
		if (tr < tread)
			tread = tr;
	}
	report("bare libxml2 SAX2 pass (best of 3)", n, tbare, NULL);
	snprintf(extra, sizeof extra, "(%.2f x the bare SAX2 pass)",
	    tbare / tread);
	report("XML reader into a store (best of 3)", n, tread, extra);
	/* Again, with a reader thread pinning snapshots all along. */
	atomic_store(&lat_stop, 0);
	pthread_create(&tid, NULL, latency_thread, st2);
	if (reader_load_file(st2, xmlpath, READER_REPLACE, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	atomic_store(&lat_stop, 1);
	pthread_join(tid, NULL);
	store_reclaim(st2);
	printf("  %-34s max %.1f us over %llu pins, %llu over 1 ms\n",
	    "snapshot pin during a reload", lat_max * 1e6,
	    (unsigned long long)lat_n, (unsigned long long)lat_over_1ms);
	snap = store_acquire(st2);
	if (store_snap_sessions(snap) != n) {
		fprintf(stderr, "read back %llu sessions, wrote %llu\n",
		    (unsigned long long)store_snap_sessions(snap),
		    (unsigned long long)n);
		return 1;
	}
	store_release(snap);
	unlink(xmlpath);
	(void)path;
	(void)sum;
	t = now();
	store_free(st2);
	store_free(st);
	printf("  %-34s %.2f s for both stores\n", "free", now() - t);
	return 0;
}
