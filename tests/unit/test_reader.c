/*
 * test_reader.c: the Junos XML reader: shapes it accepts, input it refuses
 * (with the line), and that a refused input changes nothing.
 */
#include <stdlib.h>

#include "check.h"
#include "reader.h"
#include "render.h"

#define SESSION(id, extra) \
	"<flow-session><session-identifier>" id "</session-identifier>" \
	"<sess-state>Valid</sess-state>" extra \
	"<flow-information><direction>In</direction>" \
	"<source-address>192.0.2.1</source-address><source-port>1</source-port>" \
	"<destination-address>198.51.100.1</destination-address>" \
	"<destination-port>80</destination-port><protocol>tcp</protocol>" \
	"</flow-information></flow-session>"
#define BLOCK(pic, body) \
	"<flow-session-information><flow-fpc-pic-id> on FPC0 PIC" pic \
	":</flow-fpc-pic-id>" body "</flow-session-information>"

static char err[700];

static int
load(struct store *st, const char *xml)
{
	return reader_load_mem(st, xml, strlen(xml), "t.xml", READER_REPLACE,
	    err, sizeof err);
}

static uint64_t
nsessions(struct store *st)
{
	const struct store_snap *v = store_acquire(st);
	uint64_t n = store_snap_sessions(v);

	store_release(v);
	return n;
}

static char *
text(struct store *st, enum render_view view)
{
	struct render_opts o = { .view = view, .format = RENDER_TEXT };
	const struct store_snap *v = store_acquire(st);
	struct sink s;
	char *out;

	sink_mem(&s);
	render_snap(v, &o, &s);
	out = sink_take(&s, NULL);
	sink_close(&s);
	store_release(v);
	return out;
}

/* Fails, names the line, and leaves the store as it was. */
static void
refused(struct store *st, const char *xml, const char *want)
{
	uint64_t before = nsessions(st);

	CHECK(load(st, xml) != 0);
	if (strstr(err, want) == NULL) {
		fprintf(stderr, "error [%s] lacks [%s]\n", err, want);
		CHECK(!"error message");
	}
	CHECK_U64(nsessions(st), before);
}

int
main(void)
{
	struct store *st = store_new();
	char *a, *b;
	static char big[200000];

	/* Baseline: two PICs, three sessions. */
	CHECK(load(st, "<rpc-reply>" BLOCK("1", SESSION("1", "") SESSION("2", ""))
	    BLOCK("2", SESSION("3", "")) "</rpc-reply>") == 0);
	CHECK_U64(nsessions(st), 3);

	/* Hostile or broken input: refused with the line, nothing changed. */
	refused(st, "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY x "
	    "SYSTEM \"file:///etc/passwd\">\n]>\n<r>&x;</r>",
	    "line 2: <!DOCTYPE> is not allowed");
	refused(st, "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
	    "\"&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
	    "DOCTYPE");
	refused(st, "<r>\n&unknown;</r>", "line 2:");
	refused(st, "<rpc-reply>\n" BLOCK("1", SESSION("1", "")) "\n<flow",
	    "line 3:");
	refused(st, "<rpc-reply>" BLOCK("1", SESSION("1", "")), "truncated");
	refused(st, "", "empty input");
	refused(st, "just text", "line 1:");
	refused(st, "<a></b>", "line 1:");
	refused(st, "<rpc-reply>\n\n" BLOCK("1",
	    "<flow-session><session-identifier>12x</session-identifier>"
	    "</flow-session>") "</rpc-reply>",
	    "line 3: <session-identifier>: '12x' is not a valid unsigned "
	    "64-bit number");
	refused(st, BLOCK("1", SESSION("1", "<timeout>-5</timeout>")),
	    "<timeout>: '-5'");
	refused(st, BLOCK("1", "<flow-session><policy>p</policy></flow-session>"),
	    "<flow-session> without <session-identifier>");
	refused(st, "<flow-session-information><flow-fpc-pic-id>FPC0"
	    "</flow-fpc-pic-id></flow-session-information>",
	    "is not ' on FPCn PICn:'");
	refused(st, "<flow-session-information>" SESSION("1", "")
	    "<flow-fpc-pic-id> on FPC0 PIC1:</flow-fpc-pic-id>"
	    "</flow-session-information>", "after the block's sessions");
	refused(st, BLOCK("1", "<flow-session><session-identifier>1"
	    "</session-identifier><flow-information/><flow-information/>"
	    "<flow-information/></flow-session>"), "more than two");
	{
		/* Deeper than the reader allows. */
		char deep[2000] = "";

		for (int i = 0; i < 70; i++)
			strcat(deep, "<a>");
		for (int i = 0; i < 70; i++)
			strcat(deep, "</a>");
		refused(st, deep, "nested deeper than 64");
	}
	{
		/* A value over the limit. */
		size_t n = 0;

		n += (size_t)sprintf(big, "%s", "<flow-session-information>"
		    "<flow-session><policy>");
		memset(big + n, 'x', READER_MAX_VALUE + 1);
		n += READER_MAX_VALUE + 1;
		strcpy(big + n, "</policy></flow-session></flow-session-information>");
		refused(st, big, "<policy> value longer than 4096 bytes");
	}
	{
		/* The input size limit. */
		struct reader *r = reader_new(st, READER_REPLACE, "limited");
		const char *x = "<rpc-reply>" BLOCK("1", SESSION("9", ""))
		    "</rpc-reply>";

		reader_set_max_input(r, 20);
		CHECK(reader_feed(r, x, strlen(x)) != 0);
		CHECK(strstr(reader_error(r), "input larger than 20 bytes") != NULL);
		CHECK(reader_finish(r) != 0);
		reader_free(r);
		CHECK_U64(nsessions(st), 3);
	}
	{
		/* Freed before finishing: aborted, store unchanged. */
		struct reader *r = reader_new(st, READER_REPLACE, "gone");

		CHECK(reader_feed(r, "<rpc-reply>", 11) == 0);
		reader_free(r);
		CHECK_U64(nsessions(st), 3);
	}

	/* Chunked: one byte at a time reads the same as all at once. */
	{
		const char *x = "<rpc-reply xmlns:junos=\"http://xml.juniper.net/"
		    "junos/18.2I0/junos\">\n" BLOCK("1", SESSION("7",
		    "<policy>a&amp;b</policy>") SESSION("8", ""))
		    "<cli><banner></banner></cli></rpc-reply>\n";
		struct reader *r;

		CHECK(load(st, x) == 0);
		a = text(st, RENDER_EXTENSIVE);
		r = reader_new(st, READER_REPLACE, "bytes");
		for (size_t i = 0; x[i] != '\0'; i++)
			CHECK(reader_feed(r, x + i, 1) == 0);
		CHECK(reader_finish(r) == 0);
		CHECK_U64(reader_sessions(r), 2);
		reader_free(r);
		b = text(st, RENDER_EXTENSIVE);
		CHECK_STR(b, a);
		CHECK(strstr(a, "Policy name: a&b\n") != NULL);
		free(a);
		free(b);
	}

	/* Namespaces, prefixes, junos:style, newline-wrapped values, CDATA,
	 * unknown elements at every level: all the same data. */
	CHECK(load(st, BLOCK("1", SESSION("5", "<policy>p1/4</policy>"))) == 0);
	a = text(st, RENDER_DEFAULT);
	CHECK(load(st,
	    "<nc:rpc-reply xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\""
	    " xmlns:junos=\"http://xml.juniper.net/junos/12.1X47-D15/junos\">\n"
	    "<extra><x/></extra>\n"
	    "<f:flow-session-information xmlns:f=\"http://xml.juniper.net/junos/"
	    "12.1X47-D15/junos-flow\">\r\n"
	    "<f:flow-fpc-pic-id> on FPC0 PIC1:</f:flow-fpc-pic-id>\n"
	    "<f:flow-session junos:style=\"brief\"><session-spu-id>3</session-spu-id>\n"
	    "<f:session-identifier>\n5\n</f:session-identifier>\n"
	    "<f:sess-state>\r\nValid\r\n</f:sess-state>\n"
	    "<f:policy><![CDATA[p1/4]]></f:policy>\n"
	    "<f:flow-information junos:style=\"brief\"><unknown>1</unknown>"
	    "<direction>\nIn\n</direction>"
	    "<source-address>\n192.0.2.1\n</source-address><source-port>1</source-port>"
	    "<destination-address>198.51.100.1</destination-address>"
	    "<destination-port>80</destination-port><protocol>\ntcp\n</protocol>"
	    "</f:flow-information></f:flow-session>\n"
	    "<displayed-session-count>99</displayed-session-count>"
	    "</f:flow-session-information>\n"
	    "<cli><banner></banner></cli></nc:rpc-reply>") == 0);
	b = text(st, RENDER_DEFAULT);
	CHECK_STR(b, a);
	free(a);
	free(b);

	/* A reply cut out of its envelope: junos: prefix never declared. */
	CHECK(load(st, "<flow-session-information><flow-fpc-pic-id> on FPC0 "
	    "PIC1:</flow-fpc-pic-id><flow-session junos:style=\"brief\">"
	    "<session-identifier>5</session-identifier></flow-session>"
	    "</flow-session-information>") == 0);
	CHECK_U64(nsessions(st), 1);

	/* Fields outside their element are not taken. */
	CHECK(load(st, BLOCK("1", "<policy>stray</policy>" SESSION("6", "")
	    "<protocol>udp</protocol>")) == 0);
	a = text(st, RENDER_DEFAULT);
	CHECK(strstr(a, "stray") == NULL && strstr(a, ";tcp,") != NULL);
	free(a);

	/* The same session twice in one input: the last one wins. */
	CHECK(load(st, BLOCK("1", SESSION("6", "<policy>first</policy>")
	    SESSION("6", "<policy>second</policy>"))) == 0);
	CHECK_U64(nsessions(st), 1);
	a = text(st, RENDER_DEFAULT);
	CHECK(strstr(a, "Policy name: second") != NULL);
	free(a);

	/* Low-end: no header; the PIC is (0, 0) and prints none. */
	CHECK(load(st, "<flow-session-information>" SESSION("1", "")
	    "</flow-session-information>") == 0);
	a = text(st, RENDER_DEFAULT);
	CHECK(strncmp(a, "Session ID: 1, ", 15) == 0);
	CHECK(strstr(a, "Flow Sessions") == NULL);
	free(a);

	/* A reply with no flow-session information is refused; the store
	 * keeps what it had. */
	CHECK(load(st, "<rpc-reply/>") != 0);
	CHECK_U64(nsessions(st), 1);

	/* Without READER_REPLACE the input adds to what is there. */
	CHECK(load(st, BLOCK("1", SESSION("1", ""))) == 0);
	CHECK(reader_load_mem(st, BLOCK("2", SESSION("2", "")),
	    strlen(BLOCK("2", SESSION("2", ""))), "add", 0, err,
	    sizeof err) == 0);
	CHECK_U64(nsessions(st), 2);

	/* More PICs than a store holds: refused, nothing changed. */
	{
		size_t cap = (STORE_MAX_PICS + 1) * 128 + 64, n = 0;
		char *x = malloc(cap);
		uint64_t before = nsessions(st);

		n += (size_t)sprintf(x, "<rpc-reply>");
		for (int i = 0; i <= STORE_MAX_PICS; i++)
			n += (size_t)sprintf(x + n, "<flow-session-information>"
			    "<flow-fpc-pic-id> on FPC%d PIC0:</flow-fpc-pic-id>"
			    "</flow-session-information>", i);
		sprintf(x + n, "</rpc-reply>");
		CHECK(load(st, x) != 0);
		CHECK(strstr(err, "too many PICs") != NULL);
		CHECK_U64(nsessions(st), before);
		free(x);
	}

	/* Files: a missing one is named. */
	CHECK(reader_load_file(st, "/nonexistent/x.xml", READER_REPLACE, err,
	    sizeof err) != 0);
	CHECK_STR(err, "/nonexistent/x.xml: No such file or directory");
	CHECK_U64(nsessions(st), 2);

	store_free(st);
	return check_done("test_reader");
}
