/*
 * mkxml.c: writes N generated sessions (gen.h) as Junos XML, extensive
 * view, to standard output: test and benchmark data.
 *
 *   mkxml COUNT [SEED [PICS]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gen.h"
#include "render.h"
#include "store.h"

int
main(int argc, char **argv)
{
	struct render_opts o = { .view = RENDER_EXTENSIVE, .format = RENDER_XML,
	    .flags = RENDER_ENVELOPE };
	unsigned long long n, seed = 1;
	unsigned pics = 4;
	struct flow_session s;
	struct store *st;
	struct sink out;
	struct gen g;
	uint32_t fpc, pic;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: mkxml COUNT [SEED [PICS]]\n");
		return 2;
	}
	n = strtoull(argv[1], NULL, 10);
	if (argc > 2)
		seed = strtoull(argv[2], NULL, 10);
	if (argc > 3)
		pics = (unsigned)strtoul(argv[3], NULL, 10);
	if ((st = store_new()) == NULL || gen_init(&g, st, seed, pics) != 0)
		return 1;
	store_begin(st);
	for (unsigned long long i = 0; i < n; i++) {
		gen_session(&g, i, &s, &fpc, &pic);
		if (store_put(st, fpc, pic, &s) != 0)
			return 1;
	}
	store_commit(st);
	if (sink_fd(&out, STDOUT_FILENO) != 0)
		return 1;
	{
		const struct store_snap *v = store_acquire(st);

		render_snap(v, &o, &out);
		store_release(v);
	}
	if (sink_close(&out) != 0) {
		perror("mkxml");
		return 1;
	}
	store_free(st);
	return 0;
}
