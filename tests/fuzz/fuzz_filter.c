/*
 * fuzz_filter.c: filter_set with names and values from the input, then
 * filter_match against a small generated store (and the renderer's own use
 * of the filter).  Input: lines "name=value" (or "name value"); a line
 * without a separator sets a flag (value NULL).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "gen.h"
#include "render.h"
#include "sink.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_SESSIONS	48

static struct store *st;

static struct store *
store_get_sample(void)
{
	struct gen g;
	struct flow_session s;
	uint32_t fpc, pic;

	if (st != NULL)
		return st;
	if ((st = store_new()) == NULL || gen_init(&g, st, 7, 3) != 0)
		abort();
	store_begin(st);
	for (uint64_t i = 0; i < FUZZ_SESSIONS; i++) {
		gen_session(&g, i, &s, &fpc, &pic);
		if (store_put(st, fpc, pic, &s) != 0)
			abort();
	}
	if (store_commit(st) != 0)
		abort();
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct filter f;
	char err[256], *buf, *line, *next;
	const struct store_snap *snap;
	const struct flow_session *fs;
	struct store_iter it;
	int any = 0;

	if ((buf = malloc(len + 1)) == NULL)
		return 0;
	memcpy(buf, data, len);
	buf[len] = '\0';
	filter_init(&f);
	for (line = buf; line != NULL; line = next) {
		char *v;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if ((v = strpbrk(line, "= ")) != NULL)
			*v++ = '\0';
		if (filter_set(&f, line, v, err, sizeof err) == 0)
			any = 1;
		else if (strnlen(err, sizeof err) == sizeof err)
			abort();	/* an unterminated message */
	}
	free(buf);
	(void)filter_counts_only(&f);
	(void)filter_is_empty(&f);
	if (!any)
		return 0;
	snap = store_acquire(store_get_sample());
	store_iter_seek(&it, snap, NULL);
	while ((fs = store_iter_next(&it, NULL)) != NULL)
		(void)filter_match(&f, store_snap_atoms(snap), fs);
	for (int v = RENDER_DEFAULT; v <= RENDER_SUMMARY; v++) {
		struct render_opts ro = { .view = v, .format = RENDER_TEXT,
		    .filter = &f };
		struct sink s;

		if (sink_mem(&s) != 0)
			break;
		render_snap(snap, &ro, &s);
		free(sink_take(&s, NULL));
		sink_close(&s);
	}
	store_release(snap);
	return 0;
}
