/*
 * bench_yang_tree.c: what flowagentd's streamed <get> saves.  Loads a
 * snapshot, then writes the YANG-shaped state (a) with the renderer and
 * (b) as a libyang data tree, built from that XML and printed, the way a
 * libyang-based server would hold it.  Prints seconds and memory for each.
 *
 *   bench_yang_tree YANGDIR FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libyang/libyang.h>

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
rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *fp = fopen("/proc/self/status", "r");

	while (fp != NULL && fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atol(line + 6);
	if (fp != NULL)
		fclose(fp);
	return kb;
}

int
main(int argc, char **argv)
{
	struct store *st;
	const struct store_snap *snap;
	struct render_opts ro = { .format = RENDER_YANG };
	struct ly_ctx *ctx;
	struct lyd_node *tree = NULL;
	struct sink s;
	unsigned long long n;
	char err[512], *xml, *printed = NULL;
	size_t len;
	double t0, t_render, t_parse, t_print;
	long rss0, rss1;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_yang_tree YANGDIR FILE\n");
		return 2;
	}
	if ((st = store_new()) == NULL || (fd = open(argv[2], O_RDONLY)) < 0 ||
	    reader_load_fd(st, fd, argv[2], READER_REPLACE, err,
	    sizeof err) != 0) {
		fprintf(stderr, "cannot load %s: %s\n", argv[2], err);
		return 1;
	}
	close(fd);
	if (ly_ctx_new(argv[1], 0, &ctx) != LY_SUCCESS ||
	    ly_ctx_set_searchdir(ctx, "/usr/share/yuma/modules/ietf") !=
	    LY_SUCCESS ||
	    ly_ctx_load_module(ctx, "flowagent-session", NULL, NULL) == NULL) {
		fprintf(stderr, "cannot load the YANG module\n");
		return 1;
	}
	snap = store_acquire(st);
	sink_mem(&s);
	t0 = now();
	render_snap(snap, &ro, &s);
	t_render = now() - t0;
	xml = sink_take(&s, &len);
	sink_close(&s);
	n = store_snap_sessions(snap);
	store_release(snap);

	rss0 = rss_kb();
	t0 = now();
	if (lyd_parse_data_mem(ctx, xml, LYD_XML, LYD_PARSE_ONLY |
	    LYD_PARSE_STRICT, 0, &tree) != LY_SUCCESS) {
		fprintf(stderr, "libyang: %s\n", ly_errmsg(ctx));
		return 1;
	}
	t_parse = now() - t0;
	rss1 = rss_kb();
	t0 = now();
	lyd_print_mem(&printed, tree, LYD_XML, LYD_PRINT_SHRINK |
	    LYD_PRINT_WITHSIBLINGS);
	t_print = now() - t0;
	printf("%llu sessions, %zu bytes: renderer %.3f s (64 KiB buffer); "
	    "libyang tree build %.3f s + print %.3f s, tree %ld MB "
	    "(%.0f bytes/session)\n",
	    n, len, t_render, t_parse, t_print, (rss1 - rss0) / 1024,
	    (double)(rss1 - rss0) * 1024.0 / (double)(n ? n : 1));
	free(printed);
	lyd_free_all(tree);
	ly_ctx_destroy(ctx);
	free(xml);
	store_free(st);
	return 0;
}
