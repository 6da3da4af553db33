/*
 * fuzz_reader.c: Junos XML into a fresh store, then every view and format
 * of the result into a memory sink, so renderer bugs surface as well; and
 * the same input fed in chunks must give the same outcome and store.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "render.h"
#include "sink.h"
#include "store.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
render_all(struct store *st)
{
	static const enum render_format formats[] = {
		RENDER_TEXT, RENDER_XML, RENDER_JSON, RENDER_YANG
	};
	const struct store_snap *snap = store_acquire(st);

	for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++)
		for (int v = RENDER_DEFAULT; v <= RENDER_SUMMARY; v++)
			for (unsigned flags = 0; flags < 4; flags++) {
				struct render_opts ro = { .view = v,
				    .format = formats[f], .flags = flags };
				struct sink s;

				if (formats[f] == RENDER_YANG && (v || flags))
					continue;	/* neither applies */
				if (sink_mem(&s) != 0)
					continue;
				render_snap(snap, &ro, &s);
				free(sink_take(&s, NULL));
				sink_close(&s);
			}
	/* The single-session text the SNMP column carries. */
	{
		struct store_iter it;
		const struct flow_session *fs;
		int n = 0;

		store_iter_seek(&it, snap, NULL);
		while ((fs = store_iter_next(&it, NULL)) != NULL && n++ < 4)
			for (int v = RENDER_DEFAULT; v <= RENDER_EXTENSIVE;
			    v++) {
				struct sink s;

				if (sink_mem(&s) != 0)
					continue;
				render_session_text(snap, fs, v, NULL, &s);
				free(sink_take(&s, NULL));
				sink_close(&s);
			}
	}
	store_release(snap);
}

/* The store as XML, to compare two reads; NULL when out of memory. */
static char *
store_xml(struct store *st)
{
	const struct store_snap *snap = store_acquire(st);
	struct render_opts ro = { .view = RENDER_EXTENSIVE,
	    .format = RENDER_XML };
	struct sink s;
	char *xml = NULL;

	if (sink_mem(&s) == 0) {
		render_snap(snap, &ro, &s);
		xml = sink_take(&s, NULL);
		sink_close(&s);
	}
	store_release(snap);
	return xml;
}

/* The same input fed in chunks of 1 to 64 bytes: the same outcome. */
static int
load_chunked(struct store *st, const uint8_t *data, size_t len)
{
	struct reader *r = reader_new(st, READER_REPLACE, "fuzz");
	size_t off = 0, step = len > 0 ? 1 + data[0] % 64 : 1;
	int rc = 0;

	if (r == NULL)
		return -2;
	while (off < len && rc == 0) {
		size_t n = len - off < step ? len - off : step;

		rc = reader_feed(r, (const char *)data + off, n);
		off += n;
	}
	if (rc == 0)
		rc = reader_finish(r);
	reader_free(r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct store *st = store_new(), *st2 = store_new();
	char err[256];
	int rc, rc2;

	if (st == NULL || st2 == NULL)
		goto out;
	rc = reader_load_mem(st, (const char *)data, len, "fuzz",
	    READER_REPLACE, err, sizeof err);
	if (rc == 0)
		render_all(st);
	if ((rc2 = load_chunked(st2, data, len)) != -2) {
		if (rc != rc2)
			abort();
		if (rc == 0) {
			char *a = store_xml(st), *b = store_xml(st2);

			if (a != NULL && b != NULL && strcmp(a, b) != 0)
				abort();
			free(a);
			free(b);
		}
	}
out:
	if (st != NULL)
		store_free(st);
	if (st2 != NULL)
		store_free(st2);
	return 0;
}
