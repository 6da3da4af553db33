/* test_command.c: the "show security flow session ..." command line. */
#include <stdlib.h>

#include "check.h"
#include "command.h"

static struct command c;
static char err[256];

static int
parse(const char *line)
{
	err[0] = '\0';
	return command_parse(&c, line, err, sizeof err);
}

/* The line is refused with a message containing `want`. */
static void
bad(const char *line, const char *want, int lineno)
{
	check_count++;
	if (parse(line) == 0) {
		check_failed++;
		fprintf(stderr, "line %d: '%s' was accepted\n", lineno, line);
	} else if (strstr(err, want) == NULL) {
		check_failed++;
		fprintf(stderr, "line %d: '%s': message [%s] lacks [%s]\n",
		    lineno, line, err, want);
	}
}
#define BAD(line, want)	bad(line, want, __LINE__)

/* The line parses, and its canonical form is `canon`. */
static void
good(const char *line, const char *canon, int lineno)
{
	char *s;

	check_count++;
	if (parse(line) != 0) {
		check_failed++;
		fprintf(stderr, "line %d: '%s': %s\n", lineno, line, err);
		return;
	}
	s = command_line(&c);
	if (s == NULL || strcmp(s, canon) != 0) {
		check_failed++;
		fprintf(stderr, "line %d: '%s' is [%s], expected [%s]\n",
		    lineno, line, s ? s : "(null)", canon);
	}
	free(s);
}
#define GOOD(line, canon) good(line, canon, __LINE__)

static char *
rpc(const char *line, unsigned flags)
{
	struct sink out;
	char *s;

	if (parse(line) != 0) {
		fprintf(stderr, "'%s': %s\n", line, err);
		return NULL;
	}
	if (sink_mem(&out) != 0)
		return NULL;
	if (command_write_rpc(&c, &out, flags) != 0) {
		sink_close(&out);
		return NULL;
	}
	s = sink_take(&out, NULL);
	sink_close(&out);
	return s;
}

#define CHECK_RPC(line, flags, want) do {				\
	char *s_ = rpc(line, flags);					\
	CHECK_STR(s_, want);						\
	free(s_);							\
} while (0)

int
main(void)
{
	char *s;

	/* The product page's four commands. */
	CHECK(parse("show security flow session resource-manager") == 0);
	CHECK(c.view == RENDER_DEFAULT && c.format == RENDER_TEXT);
	CHECK(c.filter.set == FILTER_BIT(FILTER_RM));
	CHECK(c.flags == 0);
	CHECK(parse("show security flow session resource-manager brief") == 0);
	CHECK(c.view == RENDER_BRIEF && (c.flags & COMMAND_LEVEL));
	CHECK(parse("show security flow session resource-manager extensive")
	    == 0);
	CHECK(c.view == RENDER_EXTENSIVE);
	CHECK(parse("show security flow session resource-manager summary")
	    == 0);
	CHECK(c.view == RENDER_SUMMARY);
	CHECK(parse("show security flow session") == 0);
	CHECK(c.filter.set == 0 && c.view == RENDER_DEFAULT);

	/* Filters, in any order, before or after the level. */
	CHECK(parse("show security flow session protocol tcp summary") == 0);
	CHECK(c.view == RENDER_SUMMARY && c.filter.proto == 6);
	CHECK(parse("show security flow session extensive source-port 41047 "
	    "destination-prefix 60.0.0.0/8 resource-manager") == 0);
	CHECK(c.view == RENDER_EXTENSIVE && c.filter.sport == 41047);
	CHECK(c.filter.set == (FILTER_BIT(FILTER_RM) |
	    FILTER_BIT(FILTER_SPORT) | FILTER_BIT(FILTER_DST)));
	CHECK(c.filter.dst.len == 8);
	CHECK(parse("show security flow session interface ge-7/1/0.0 "
	    "application ftp source-prefix 2001:db8::/32 destination-port 21 "
	    "start-identifier 100 count 5") == 0);
	CHECK_STR(c.filter.ifname, "ge-7/1/0.0");
	CHECK_STR(c.filter.app, "ftp");
	CHECK_U64(c.filter.start, 100);
	CHECK_U64(c.filter.count, 5);
	CHECK_U64(c.filter.dport, 21);

	/* A session-identifier shows the session in full by default. */
	CHECK(parse("show security flow session session-identifier 410000664")
	    == 0);
	CHECK(c.view == RENDER_EXTENSIVE && !(c.flags & COMMAND_LEVEL));
	CHECK_U64(c.filter.id, 410000664);
	CHECK(parse("show security flow session session-identifier 1 brief")
	    == 0);
	CHECK(c.view == RENDER_BRIEF);

	/* Pipes. */
	CHECK(parse("show security flow session | display xml") == 0);
	CHECK(c.format == RENDER_XML && !(c.flags & COMMAND_XML_RPC));
	CHECK(parse("show security flow session protocol tcp summary | "
	    "display json") == 0);
	CHECK(c.format == RENDER_JSON && c.view == RENDER_SUMMARY);
	CHECK(parse("show security flow session resource-manager extensive "
	    "| display xml rpc") == 0);
	CHECK(c.format == RENDER_XML && (c.flags & COMMAND_XML_RPC));
	CHECK(parse("show security flow session | no-more") == 0);
	CHECK(c.flags == COMMAND_NO_MORE && c.format == RENDER_TEXT);
	CHECK(parse("show security flow session | count") == 0);
	CHECK(c.flags == COMMAND_COUNT);
	CHECK(parse("show security flow session | display xml | no-more | "
	    "count") == 0);
	CHECK(c.format == RENDER_XML &&
	    c.flags == (COMMAND_NO_MORE | COMMAND_COUNT));
	CHECK(parse("show security flow session summary|display xml") == 0);
	CHECK(c.format == RENDER_XML && c.view == RENDER_SUMMARY);
	CHECK(parse("  show\tsecurity flow  session   brief |display json  ")
	    == 0);
	CHECK(c.format == RENDER_JSON && c.view == RENDER_BRIEF);

	/* Abbreviations: unique prefixes of the words valid there. */
	GOOD("sh sec fl ses res ext",
	    "show security flow session resource-manager extensive");
	GOOD("s s f s su", "show security flow session summary");
	GOOD("show security flow session b",
	    "show security flow session brief");
	GOOD("show security flow session pro udp destination-po 53 | d j",
	    "show security flow session protocol udp destination-port 53 | "
	    "display json");
	GOOD("show security flow session destination-pre 10.0.0.1 | d x r",
	    "show security flow session destination-prefix 10.0.0.1 | "
	    "display xml rpc");
	GOOD("show security flow session source-po 1 | disp xml | no",
	    "show security flow session source-port 1 | display xml");
	GOOD("show security flow session count 3 | c",
	    "show security flow session count 3 | count");
	/* Values are taken as typed, never expanded. */
	GOOD("show security flow session application ftp interface ext",
	    "show security flow session application ftp interface ext");
	GOOD("show security flow session sess 7 summary",
	    "show security flow session session-identifier 7 summary");

	/* Bad lines name the bad word. */
	BAD("", "expecting 'show'");
	BAD("   ", "expecting 'show'");
	BAD("bogus", "syntax error, expecting <command>: bogus");
	BAD("show bogus", "syntax error, expecting <command>: bogus");
	BAD("show security", "incomplete command: expecting 'flow'");
	BAD("show security flow", "expecting 'session'");
	BAD("show security flow | display xml", "expecting 'session'");
	BAD("show security flow session bogus", "<command>: bogus");
	BAD("show security flow session resource-manager bogus",
	    "<command>: bogus");
	BAD("show security flow session s", "'s' is ambiguous:");
	BAD("show security flow session source-p 1", "source-prefix");
	BAD("show security flow session source-p 1", "source-port");
	BAD("show security flow session brief extensive", "one level only: "
	    "extensive");
	BAD("show security flow session summary summary", "one level only");
	BAD("show security flow session source-port", "source-port needs a "
	    "value");
	BAD("show security flow session source-port | display xml",
	    "source-port needs a value");
	BAD("show security flow session source-port 99999",
	    "bad source-port '99999'");
	BAD("show security flow session source-port http",
	    "bad source-port 'http'");
	BAD("show security flow session protocol bogus",
	    "bad protocol 'bogus'");
	BAD("show security flow session source-prefix 10.0.0.0/33",
	    "bad source-prefix '10.0.0.0/33'");
	BAD("show security flow session session-identifier x1",
	    "bad session-identifier 'x1'");
	BAD("show security flow session count -1", "bad count '-1'");
	BAD("show security flow session protocol tcp protocol udp",
	    "protocol given twice");
	BAD("show security flow session resource-manager resource-manager",
	    "resource-manager given twice");
	BAD("show security flow session interface ge-0/0/0.01234567890123"
	    "4567890123456789012345678901234567890123456789", "bad interface");
	BAD("show security flow session |", "expecting <pipe command>");
	BAD("show security flow session | bogus",
	    "expecting <pipe command>: bogus");
	BAD("show security flow session | display", "expecting xml or json");
	BAD("show security flow session | display yaml",
	    "expecting xml or json: yaml");
	BAD("show security flow session | display xml bogus",
	    "expecting rpc: bogus");
	BAD("show security flow session | display json rpc",
	    "expecting '|': rpc");
	BAD("show security flow session | display xml | display json",
	    "one display only: json");
	BAD("show security flow session | count extensive",
	    "expecting '|': extensive");
	BAD("show security flow session | display xml rpc rpc",
	    "expecting '|': rpc");
	BAD("show security flow session session-identifier 1 protocol tcp "
	    "| display xml rpc", "no RPC takes session-identifier");
	{
		char line[5000];

		memset(line, 'a', sizeof line - 1);
		line[sizeof line - 1] = '\0';
		BAD(line, "too long");
	}
	BAD("show security flow session b b b b b b b b b b b b b b b b b b b "
	    "b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b b "
	    "b b b b b b b b b b b b b b b b b b b b b", "too many words");

	/* argv: one word an entry, or a quoted pipe part. */
	{
		char *argv1[] = { "show", "security", "flow", "session",
		    "resource-manager", "extensive", "|", "display", "xml" };
		char *argv2[] = { "sh", "sec", "fl", "ses", "protocol", "tcp",
		    "summary", "| display json" };
		char *argv3[] = { "show", "security", "flow", "session",
		    "bogus" };

		CHECK(command_parse_argv(&c, 9, argv1, err, sizeof err) == 0);
		CHECK(c.view == RENDER_EXTENSIVE && c.format == RENDER_XML);
		CHECK(c.filter.set == FILTER_BIT(FILTER_RM));
		CHECK(command_parse_argv(&c, 8, argv2, err, sizeof err) == 0);
		CHECK(c.view == RENDER_SUMMARY && c.format == RENDER_JSON);
		CHECK(command_parse_argv(&c, 5, argv3, err, sizeof err) != 0);
		CHECK(strstr(err, "bogus") != NULL);
		CHECK(command_parse_argv(&c, 0, argv3, err, sizeof err) != 0);
	}

	/* The equivalent RPC, bare and as the CLI prints it. */
	CHECK_RPC("show security flow session resource-manager extensive", 0,
	    "<rpc><get-flow-session-information><resource-manager/>"
	    "<extensive/></get-flow-session-information></rpc>");
	CHECK_RPC("show security flow session protocol tcp summary", 0,
	    "<rpc><get-flow-session-information><protocol>tcp</protocol>"
	    "<summary/></get-flow-session-information></rpc>");
	CHECK_RPC("show security flow session", 0,
	    "<rpc><get-flow-session-information>"
	    "</get-flow-session-information></rpc>");
	CHECK_RPC("show security flow session interface a&b<c>", 0,
	    "<rpc><get-flow-session-information><interface>a&amp;b&lt;c&gt;"
	    "</interface></get-flow-session-information></rpc>");
	CHECK_RPC("show security flow session session-identifier 410000664", 0,
	    "<rpc><get-flow-session-by-identifier><session-identifier>"
	    "410000664</session-identifier></get-flow-session-by-identifier>"
	    "</rpc>");
	CHECK_RPC("sh sec fl ses res ext | display xml rpc", COMMAND_RPC_CLI,
	    "<rpc-reply xmlns:junos=\"http://xml.juniper.net/junos/"
	    RENDER_JUNOS_RELEASE "/junos\">\n"
	    "    <rpc>\n"
	    "        <get-flow-session-information>\n"
	    "                <resource-manager/>\n"
	    "                <extensive/>\n"
	    "        </get-flow-session-information>\n"
	    "    </rpc>\n"
	    "    <cli>\n"
	    "        <banner></banner>\n"
	    "    </cli>\n"
	    "</rpc-reply>\n");
	CHECK(parse("show security flow session session-identifier 1 "
	    "protocol tcp") == 0);
	{
		struct sink out;

		CHECK(sink_mem(&out) == 0);
		CHECK(command_write_rpc(&c, &out, 0) == -1);
		sink_close(&out);
	}

	/* The request flowcli sends: the canonical line, escaped, no count. */
	CHECK(parse("sh sec fl ses int a&b summ | disp xml | count | no-more")
	    == 0);
	s = command_request(&c);
	CHECK_STR(s, "<command xmlns=\"urn:flowagent:yang:flowagent-junos\">"
	    "<line>show security flow session interface a&amp;b summary | "
	    "display xml</line></command>");
	free(s);
	s = command_line(&c);
	CHECK_STR(s, "show security flow session interface a&b summary | "
	    "display xml | count");
	free(s);

	/* The canonical line parses back to the same command. */
	{
		static const char *const lines[] = {
			"sh sec fl ses res ext | d x",
			"show security flow session source-prefix 10.0.0.0/8 "
			    "count 2 brief | display json",
			"show security flow session session-identifier 9",
		};

		for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
			struct command first;
			char *again;

			CHECK(parse(lines[i]) == 0);
			first = c;
			s = command_line(&first);
			CHECK(s != NULL && parse(s) == 0);
			again = command_line(&c);
			CHECK(again != NULL && strcmp(s, again) == 0);
			CHECK(c.view == first.view && c.format == first.format);
			CHECK(memcmp(&c.filter, &first.filter,
			    sizeof c.filter) == 0);
			free(s);
			free(again);
		}
	}
	return check_done("test_command");
}
