/*
 * flowcli_render.c: flowcli render [options] [FILE|-]
 *
 * Reads a Junos reply (or our own XML) and writes one view of it, or its
 * YANG state data (--format yang).  The filter options are generated from
 * the filter table, so they are the Junos input names: --source-prefix,
 * --protocol, --resource-manager...
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filter.h"
#include "flowcli.h"
#include "reader.h"
#include "render.h"
#include "store.h"

enum { O_VIEW = 256, O_FORMAT, O_BARE, O_RELEASE, O_HELP, O_FILTER };

static void
render_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: flowcli render [--view default|brief|extensive|summary]\n"
	    "                      [--format text|xml|json|yang] [--bare] "
	    "[filter options] [FILE|-]\n\n"
	    "Reads Junos flow-session XML (a reply of get-flow-session-"
	    "information,\n'show security flow session ... | display xml', "
	    "or flowcli's own XML)\nfrom FILE or standard input and writes "
	    "the chosen view.\n\n"
	    "  --view V        default (the default), brief, extensive, "
	    "summary\n"
	    "  --format F      text (the default), xml, json, or yang: the "
	    "state data\n"
	    "                  /flowagent-session:flow-sessions (any view)\n"
	    "  --bare          xml: no <rpc-reply> envelope\n"
	    "  --junos-release R  the text of Junos release R (default: the "
	    "input's)\n"
	    "\nfilter options:\n");
	for (const struct filter_option *o = filter_options; o->name; o++) {
		char left[48];

		snprintf(left, sizeof left, "--%s%s%s", o->name,
		    o->has_value ? " " : "", o->has_value ? o->metavar : "");
		fprintf(fp, "  %-28s %s\n", left, o->help);
	}
}

int
flowcli_render(int argc, char **argv)
{
	static const struct option base[] = {
		{ "view", required_argument, NULL, O_VIEW },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "bare", no_argument, NULL, O_BARE },
		{ "junos-release", required_argument, NULL, O_RELEASE },
		{ "help", no_argument, NULL, O_HELP },
	};
	const size_t nbase = sizeof base / sizeof base[0];
	struct option longopts[nbase + 32];
	struct render_opts ro = { .view = RENDER_DEFAULT,
	    .format = RENDER_TEXT, .flags = RENDER_ENVELOPE };
	struct filter f;
	struct store *st;
	const struct store_snap *snap;
	struct sink out;
	const char *path = "-";
	char err[600];
	size_t n = nbase;
	int c, rc, fd;

	filter_init(&f);
	memcpy(longopts, base, sizeof base);
	for (const struct filter_option *o = filter_options; o->name; o++) {
		longopts[n].name = o->name;
		longopts[n].has_arg = o->has_value ? required_argument :
		    no_argument;
		longopts[n].flag = NULL;
		longopts[n].val = O_FILTER + (int)(o - filter_options);
		n++;
	}
	memset(&longopts[n], 0, sizeof longopts[n]);

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_VIEW:
			if (render_view_parse(optarg, &ro.view) != 0) {
				flowcli_err("unknown view '%s'", optarg);
				return FLOWCLI_USAGE;
			}
			break;
		case O_FORMAT:
			if (render_format_parse(optarg, &ro.format) != 0) {
				flowcli_err("unknown format '%s'", optarg);
				return FLOWCLI_USAGE;
			}
			break;
		case O_BARE:
			ro.flags &= ~RENDER_ENVELOPE;
			break;
		case O_RELEASE:
			if (!store_release_ok(optarg, strlen(optarg))) {
				flowcli_err("bad release '%s' (as 23.4R1 or "
				    "12.1X47-D15)", optarg);
				return FLOWCLI_USAGE;
			}
			ro.release = optarg;
			break;
		case O_HELP:
			render_usage(stdout);
			return FLOWCLI_OK;
		default:
			if (c < O_FILTER) {
				render_usage(stderr);
				return FLOWCLI_USAGE;
			}
			if (filter_set(&f, filter_options[c - O_FILTER].name,
			    optarg, err, sizeof err) != 0) {
				flowcli_err("%s", err);
				return FLOWCLI_USAGE;
			}
		}
	}
	if (argc - optind > 1) {
		flowcli_err("render takes one input file");
		return FLOWCLI_USAGE;
	}
	if (argc - optind == 1)
		path = argv[optind];
	ro.filter = &f;

	if ((st = store_new()) == NULL) {
		flowcli_err("out of memory");
		return FLOWCLI_FAIL;
	}
	if (strcmp(path, "-") == 0)
		rc = reader_load_fd(st, 0, "<stdin>", READER_REPLACE, err,
		    sizeof err);
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, sizeof err, "%s: %s", path, strerror(errno));
		rc = -1;
	} else {
		rc = reader_load_fd(st, fd, path, READER_REPLACE, err,
		    sizeof err);
		close(fd);
	}
	if (rc != 0) {
		flowcli_err("%s", err);
		store_free(st);
		return FLOWCLI_FAIL;
	}
	snap = store_acquire(st);
	if (sink_fd(&out, STDOUT_FILENO) != 0) {
		flowcli_err("out of memory");
		rc = -1;
	} else {
		render_snap(snap, &ro, &out);
		/* The element alone is what NETCONF embeds; a terminal wants
		 * the line ended. */
		if (ro.format == RENDER_YANG)
			sink_putc(&out, '\n');
		if (sink_close(&out) != 0) {
			flowcli_err("write error: %s", strerror(sink_error(&out)));
			rc = -1;
		}
	}
	store_release(snap);
	store_free(st);
	return rc == 0 ? FLOWCLI_OK : FLOWCLI_FAIL;
}
