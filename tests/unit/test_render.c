/* test_render.c: the renderer beyond the conformance files. */
#include <stdlib.h>

#include "check.h"
#include "field.h"
#include "reader.h"
#include "render.h"

static char err[600];

static char *
out(struct store *st, enum render_view view, enum render_format fmt,
    unsigned flags, const struct filter *f)
{
	struct render_opts o = { .view = view, .format = fmt, .flags = flags,
	    .filter = f };
	const struct store_snap *v = store_acquire(st);
	struct sink s;
	char *res;

	sink_mem(&s);
	CHECK(render_snap(v, &o, &s) == 0);
	res = sink_take(&s, NULL);
	sink_close(&s);
	store_release(v);
	return res;
}

static struct flow_session
session(struct store *st, uint64_t id, const char *policy, int rm)
{
	struct flow_session s;
	char e[128];
	const char *vals[][2] = {
		{ "direction", "In" }, { "source-address", "192.0.2.1" },
		{ "source-port", "1000" }, { "destination-address", "198.51.100.2" },
		{ "destination-port", "80" }, { "protocol", "tcp" },
		{ "interface-name", "ge-0/0/0.0" }, { "pkt-cnt", "1" },
		{ "byte-cnt", "60" },
	};

	memset(&s, 0, sizeof s);
	s.id = id;
	s.present = 1u << FP_ID;
	field_parse(field_by_name("policy"), &s, policy, strlen(policy),
	    store_atoms(st), e, sizeof e);
	field_parse(field_by_name("timeout"), &s, "30", 2, store_atoms(st), e,
	    sizeof e);
	field_parse(field_by_name("sess-state"), &s, "Valid", 5,
	    store_atoms(st), e, sizeof e);
	if (rm) {
		field_parse(field_by_name("client-name"), &s, "SIP ALG", 7,
		    store_atoms(st), e, sizeof e);
		field_parse(field_by_name("group-identifier"), &s, "7", 1,
		    store_atoms(st), e, sizeof e);
		field_parse(field_by_name("resource-identifier"), &s, "2", 1,
		    store_atoms(st), e, sizeof e);
	}
	s.nwings = 1;
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
		field_parse(field_by_name(vals[i][0]), &s.wing[0], vals[i][1],
		    strlen(vals[i][1]), store_atoms(st), e, sizeof e);
	return s;
}

int
main(void)
{
	struct store *st = store_new();
	struct flow_session s;
	struct filter f;
	char *r;

	/* Empty store: nothing, in every format. */
	r = out(st, RENDER_DEFAULT, RENDER_TEXT, 0, NULL);
	CHECK_STR(r, "");
	free(r);
	r = out(st, RENDER_DEFAULT, RENDER_XML, RENDER_ENVELOPE, NULL);
	CHECK_STR(r, "<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/"
	    RENDER_PAGE_RELEASE "/junos\">\n    <cli>\n        <banner>"
	    "</banner>\n    </cli>\n</rpc-reply>\n");
	free(r);
	r = out(st, RENDER_DEFAULT, RENDER_JSON, 0, NULL);
	CHECK_STR(r, "{\n}\n");
	free(r);

	store_begin(st);
	s = session(st, 10, "a<b&c", 0);
	store_put(st, 0, 1, &s);
	s = session(st, 20, "p\"q", 1);
	store_put(st, 0, 1, &s);
	s = session(st, 30, "p3", 0);
	store_put(st, 0, 2, &s);
	store_commit(st);

	/* Strings are escaped for XML and JSON, printed raw in text. */
	r = out(st, RENDER_DEFAULT, RENDER_TEXT, 0, NULL);
	CHECK(strstr(r, "Policy name: a<b&c, Timeout: 30, Valid\n") != NULL);
	free(r);
	r = out(st, RENDER_DEFAULT, RENDER_XML, 0, NULL);
	CHECK(strstr(r, "<policy>a&lt;b&amp;c</policy>") != NULL);
	CHECK(strstr(r, "<flow-session-information xmlns=\"http://xml.juniper"
	    ".net/junos/" RENDER_PAGE_RELEASE "/junos-flow\" xmlns:junos=") != NULL);
	CHECK(strncmp(r, "<flow-session-information", 25) == 0);
	free(r);
	r = out(st, RENDER_DEFAULT, RENDER_JSON, 0, NULL);
	CHECK(strstr(r, "\"policy\" : [{\"data\" : \"p\\\"q\"}]") != NULL);
	CHECK(strstr(r, "\"client-name\" : [{\"data\" : \"SIP ALG\"}]") != NULL);
	free(r);

	/* One session's text: the SNMP column. */
	{
		const struct store_snap *v = store_acquire(st);
		struct sink sk;

		sink_mem(&sk);
		CHECK(render_session_text(v, store_lookup(v, 0, 1, 20),
		    RENDER_DEFAULT, NULL, &sk) == 0);
		r = sink_take(&sk, NULL);
		CHECK_STR(r, "Session ID: 20, Policy name: p\"q, Timeout: 30, "
		    "Valid\nResource information : SIP ALG, 7, 2\n"
		    "  In: 192.0.2.1/1000 --> 198.51.100.2/80;tcp, If: "
		    "ge-0/0/0.0, Pkts: 1, Bytes: 60\n");
		free(r);
		sink_close(&sk);
		store_release(v);
	}

	/* Paging: start identifier and count over all PICs. */
	filter_init(&f);
	filter_set(&f, "start-identifier", "15", err, sizeof err);
	filter_set(&f, "count", "1", err, sizeof err);
	r = out(st, RENDER_BRIEF, RENDER_TEXT, 0, &f);
	CHECK(strstr(r, "Session ID: 20,") != NULL);
	CHECK(strstr(r, "Session ID: 10,") == NULL);
	CHECK(strstr(r, "Session ID: 30,") == NULL);
	CHECK(strstr(r, "Flow Sessions on FPC0 PIC2:\nTotal sessions: 0\n") != NULL);
	free(r);

	/* By identifier: looked up, not scanned. */
	filter_init(&f);
	filter_set(&f, "session-identifier", "30", err, sizeof err);
	r = out(st, RENDER_BRIEF, RENDER_TEXT, 0, &f);
	CHECK_STR(r, "Flow Sessions on FPC0 PIC1:\nTotal sessions: 0\n\n"
	    "Flow Sessions on FPC0 PIC2:\n\nSession ID: 30, Policy name: p3, "
	    "Timeout: 30, Valid\n  In: 192.0.2.1/1000 --> 198.51.100.2/80;tcp, "
	    "If: ge-0/0/0.0, Pkts: 1, Bytes: 60\nTotal sessions: 1\n");
	free(r);

	/* One PIC only (the front ends' pushdown). */
	filter_init(&f);
	f.set |= FILTER_BIT(FILTER_PIC);
	f.fpc = 0;
	f.pic = 2;
	r = out(st, RENDER_SUMMARY, RENDER_TEXT, 0, &f);
	CHECK_STR(r, "Flow Sessions on FPC0 PIC2:\n\nValid sessions: 1\n"
	    "Pending sessions: 0\nInvalidated sessions: 0\n"
	    "Sessions in other states: 0\nTotal sessions: 1\n");
	free(r);
	f.pic = 3;
	r = out(st, RENDER_SUMMARY, RENDER_TEXT, 0, &f);
	CHECK_STR(r, "");
	free(r);

	/* Summary of resource-manager sessions from the counts. */
	filter_init(&f);
	filter_set(&f, "resource-manager", NULL, err, sizeof err);
	r = out(st, RENDER_SUMMARY, RENDER_XML, 0, &f);
	CHECK(strstr(r, "<flow-fpc-pic-id> on FPC0 PIC1:</flow-fpc-pic-id>\n"
	    "    <displayed-session-valid>1</displayed-session-valid>") != NULL);
	free(r);
	/* A content filter scans. */
	filter_init(&f);
	filter_set(&f, "source-port", "1000", err, sizeof err);
	r = out(st, RENDER_SUMMARY, RENDER_TEXT, 0, &f);
	CHECK(strstr(r, "Valid sessions: 2\n") != NULL);
	free(r);

	/* The unfiltered, device-wide summary form. */
	store_begin(st);
	store_pic_edit(st, 0, 1)->max_sessions = 524288;
	store_commit(st);
	r = out(st, RENDER_SUMMARY, RENDER_TEXT, RENDER_ACTIVE_SUMMARY, NULL);
	{
		const char *want = "Flow Sessions on FPC0 PIC1:\n\n"
		    "Unicast-sessions: 2\nMulticast-sessions: 0\n"
		    "Failed-sessions: 0\nSessions-in-use: 2\n"
		    "  Valid sessions: 2\n  Pending sessions: 0\n"
		    "  Invalidated sessions: 0\n  Sessions in other states: 0\n"
		    "Maximum-sessions: 524288\n\nFlow Sessions on FPC0 PIC2:\n";

		CHECK(strncmp(r, want, strlen(want)) == 0);
	}
	free(r);
	r = out(st, RENDER_SUMMARY, RENDER_XML, RENDER_ACTIVE_SUMMARY, NULL);
	CHECK(strstr(r, "<flow-session-summary-information xmlns=") != NULL);
	CHECK(strstr(r, "<max-sessions>524288</max-sessions>") != NULL);
	free(r);

	/*
	 * YANG state data: keys, both summaries (unfiltered, whatever the
	 * filter), then the sessions, rows in table order, state after
	 * sess-state.  A PIC whose sessions the filter leaves out still
	 * appears; a maximum the store does not know is left out.
	 */
	filter_init(&f);
	filter_set(&f, "session-identifier", "20", err, sizeof err);
	r = out(st, RENDER_DEFAULT, RENDER_YANG, 0, &f);
	CHECK_STR(r, "<flow-sessions xmlns=\"" RENDER_YANG_NS "\">"
	    "<pic><node>0</node><fpc-slot>0</fpc-slot><pic-slot>1</pic-slot>"
	    "<summary>"
	    "<active-unicast-sessions>2</active-unicast-sessions>"
	    "<active-multicast-sessions>0</active-multicast-sessions>"
	    "<failed-sessions>0</failed-sessions>"
	    "<active-sessions>2</active-sessions>"
	    "<active-session-valid>2</active-session-valid>"
	    "<active-session-pending>0</active-session-pending>"
	    "<active-session-invalidated>0</active-session-invalidated>"
	    "<active-session-other>0</active-session-other>"
	    "<max-sessions>524288</max-sessions></summary>"
	    "<resource-manager-summary>"
	    "<displayed-session-valid>1</displayed-session-valid>"
	    "<displayed-session-pending>0</displayed-session-pending>"
	    "<displayed-session-invalidated>0</displayed-session-invalidated>"
	    "<displayed-session-other>0</displayed-session-other>"
	    "<displayed-session-count>1</displayed-session-count>"
	    "</resource-manager-summary>"
	    "<session><session-identifier>20</session-identifier>"
	    "<policy>p\"q</policy><timeout>30</timeout>"
	    "<sess-state>Valid</sess-state><state>valid</state>"
	    "<resource-manager-information><client-name>SIP ALG</client-name>"
	    "<group-identifier>7</group-identifier>"
	    "<resource-identifier>2</resource-identifier>"
	    "</resource-manager-information>"
	    "<flow-information><direction>In</direction>"
	    "<source-address>192.0.2.1</source-address>"
	    "<source-port>1000</source-port>"
	    "<destination-address>198.51.100.2</destination-address>"
	    "<destination-port>80</destination-port><protocol>tcp</protocol>"
	    "<interface-name>ge-0/0/0.0</interface-name><pkt-cnt>1</pkt-cnt>"
	    "<byte-cnt>60</byte-cnt></flow-information></session></pic>"
	    "<pic><node>0</node><fpc-slot>0</fpc-slot><pic-slot>2</pic-slot><summary>"
	    "<active-unicast-sessions>1</active-unicast-sessions>"
	    "<active-multicast-sessions>0</active-multicast-sessions>"
	    "<failed-sessions>0</failed-sessions>"
	    "<active-sessions>1</active-sessions>"
	    "<active-session-valid>1</active-session-valid>"
	    "<active-session-pending>0</active-session-pending>"
	    "<active-session-invalidated>0</active-session-invalidated>"
	    "<active-session-other>0</active-session-other></summary>"
	    "<resource-manager-summary>"
	    "<displayed-session-valid>0</displayed-session-valid>"
	    "<displayed-session-pending>0</displayed-session-pending>"
	    "<displayed-session-invalidated>0</displayed-session-invalidated>"
	    "<displayed-session-other>0</displayed-session-other>"
	    "<displayed-session-count>0</displayed-session-count>"
	    "</resource-manager-summary></pic></flow-sessions>");
	free(r);
	/* Unfiltered: every session in key order, escaped; the view does not
	 * matter. */
	r = out(st, RENDER_DEFAULT, RENDER_YANG, 0, NULL);
	{
		const char *want[] = {
		    "<flow-sessions xmlns=", "<pic-slot>1</pic-slot>",
		    "<session><session-identifier>10<",
		    "<policy>a&lt;b&amp;c</policy>",
		    "<session><session-identifier>20<",
		    "<resource-manager-information>",
		    "<pic-slot>2</pic-slot>",
		    "<session><session-identifier>30<",
		    "</session></pic></flow-sessions>",
		};
		const char *p = r;

		for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
			p = p != NULL ? strstr(p, want[i]) : NULL;
			CHECK(p != NULL);
		}
		CHECK(strstr(r, "\n") == NULL);
	}
	{
		char *r2 = out(st, RENDER_SUMMARY, RENDER_YANG,
		    RENDER_ACTIVE_SUMMARY | RENDER_ENVELOPE, NULL);

		CHECK_STR(r2, r);
		free(r2);
	}
	free(r);
	/* Paging: the PIC past the count is its keys and summaries. */
	filter_init(&f);
	filter_set(&f, "count", "1", err, sizeof err);
	r = out(st, RENDER_EXTENSIVE, RENDER_YANG, 0, &f);
	CHECK(strstr(r, "<session-identifier>10<") != NULL);
	CHECK(strstr(r, "<session-identifier>20<") == NULL);
	CHECK(strstr(r, "</resource-manager-summary></pic></flow-sessions>")
	    != NULL);
	free(r);
	/* An empty store: the container alone. */
	{
		struct store *e = store_new();

		r = out(e, RENDER_DEFAULT, RENDER_YANG, 0, NULL);
		CHECK_STR(r, "<flow-sessions xmlns=\"" RENDER_YANG_NS "\">"
		    "</flow-sessions>");
		free(r);
		store_free(e);
	}
	{
		enum render_format fmt;

		CHECK(render_format_parse("yang", &fmt) == 0 &&
		    fmt == RENDER_YANG);
	}

	/* Round trip through our XML, every view, text and XML alike. */
	for (int view = 0; view < 4; view++) {
		char *x1 = out(st, (enum render_view)view, RENDER_XML,
		    RENDER_ENVELOPE, NULL);
		char *t1 = out(st, (enum render_view)view, RENDER_TEXT, 0, NULL);
		struct store *st2 = store_new();
		char *x2, *t2;

		if (view == RENDER_SUMMARY) {
			free(x1);
			x1 = out(st, RENDER_EXTENSIVE, RENDER_XML,
			    RENDER_ENVELOPE, NULL);
		}
		CHECK(reader_load_mem(st2, x1, strlen(x1), "rt", READER_REPLACE,
		    err, sizeof err) == 0);
		t2 = out(st2, (enum render_view)view, RENDER_TEXT, 0, NULL);
		CHECK_STR(t2, t1);
		x2 = out(st2, RENDER_EXTENSIVE, RENDER_XML, RENDER_ENVELOPE, NULL);
		if (view != RENDER_SUMMARY) {
			free(x1);
			x1 = out(st, RENDER_EXTENSIVE, RENDER_XML,
			    RENDER_ENVELOPE, NULL);
		}
		CHECK_STR(x2, x1);
		free(x1);
		free(x2);
		free(t1);
		free(t2);
		store_free(st2);
	}
	store_free(st);
	return check_done("test_render");
}
