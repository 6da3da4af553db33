/*
 * render.h: every output of the session store, from one field table.
 *
 * Text (the Junos CLI views default, brief, extensive and summary), Junos-
 * shaped XML, Junos-shaped JSON and the YANG-shaped XML of
 * flowagent-session's operational state are written to a sink as the store
 * is walked: memory use does not grow with the number of sessions.
 */
#ifndef FLOW_RENDER_H
#define FLOW_RENDER_H

#include "filter.h"
#include "model.h"
#include "sink.h"
#include "store.h"

enum render_view {
	RENDER_DEFAULT, RENDER_BRIEF, RENDER_EXTENSIVE, RENDER_SUMMARY
};

/*
 * RENDER_YANG: the container /flowagent-session:flow-sessions
 * (yang/flowagent-session.yang) as one compact XML element, no declaration,
 * for a NETCONF <data>.  Every PIC in range with its unfiltered summaries,
 * and the sessions the filter selects, all fields; the view and the flags
 * do not apply.
 */
enum render_format { RENDER_TEXT, RENDER_XML, RENDER_JSON, RENDER_YANG };

#define RENDER_YANG_NS	"urn:flowagent:yang:flowagent-session"

/* render_opts.flags */
#define RENDER_ENVELOPE	0x01	/* XML: <rpc-reply> ... <cli> as | display xml */
#define RENDER_ACTIVE_SUMMARY 0x02 /* summary: the unfiltered device-wide form */

/*
 * The Junos release in our XML namespaces
 * (http://xml.juniper.net/junos/<release>/junos-flow).  Chosen: tools match
 * on the local names; any release string is accepted on input.
 */
#define RENDER_JUNOS_RELEASE	"23.4R1"
/* The release our XML names when the data names none: one of the product
 * page's form (notes/junos-releases.md R1.2), so the XML reads back as the
 * same text. */
#define RENDER_PAGE_RELEASE	"12.1X47-D15"

struct render_opts {
	enum render_view	 view;
	enum render_format	 format;
	unsigned		 flags;
	const struct filter	*filter;	/* NULL: every session */
	/* The Junos release whose text to write (--junos-release); NULL:
	 * the data's, else the product page's form. */
	const char		*release;
	unsigned		 indent;	/* XML without envelope: depth */
};

/* Writes the snapshot; 0, or -1 when the sink failed (errno in the sink). */
int		 render_snap(const struct store_snap *, const struct render_opts *,
		    struct sink *);
/* One session's text in a view (default, brief or extensive), no blank line
 * before it: what the SNMP text column and single-session replies carry.
 * `release` as in render_opts (NULL: the data's). */
int		 render_session_text(const struct store_snap *,
		    const struct flow_session *, enum render_view,
		    const char *release, struct sink *);

int		 render_view_parse(const char *, enum render_view *);
int		 render_format_parse(const char *, enum render_format *);
const char	*render_view_name(enum render_view);

#endif
