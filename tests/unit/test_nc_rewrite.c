/*
 * test_nc_rewrite.c: Junos requests as flowagentd rewrites them before
 * libyang parses them (agent/nc_rewrite.c), and requests left alone.
 */
#include <stdlib.h>

#include "check.h"
#include "nc.h"

#define BASE	"urn:ietf:params:xml:ns:netconf:base:1.0"

/* The rewritten message, or "=" when it passes unchanged. */
static char *
rw(const char *in)
{
	char *out = NULL;

	if (ncs_rewrite(in, strlen(in), &out) != 1)
		return strdup("=");
	return out;
}

static void
expect(const char *in, const char *want)
{
	char *got = rw(in);

	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	/* ncclient's junos handler: operation without a namespace. */
	expect("<nc:rpc xmlns:nc=\"" BASE "\" message-id=\"1\">"
	    "<get-flow-session-information><resource-manager/><extensive/>"
	    "</get-flow-session-information></nc:rpc>",
	    "<nc:rpc xmlns:nc=\"" BASE "\" message-id=\"1\">"
	    "<get-flow-session-information xmlns=\"" NCS_NS_SESSION "\">"
	    "<resource-manager/><extensive/>"
	    "</get-flow-session-information></nc:rpc>");
	/* PyEZ's format attribute becomes flowagent-junos:format. */
	expect("<nc:rpc xmlns:nc=\"" BASE "\" message-id=\"2\">"
	    "<get-flow-session-information format=\"text\"><brief/>"
	    "</get-flow-session-information></nc:rpc>",
	    "<nc:rpc xmlns:nc=\"" BASE "\" message-id=\"2\">"
	    "<get-flow-session-information xmlns=\"" NCS_NS_SESSION "\" "
	    "xmlns:fajs=\"" NCS_NS_JUNOS "\" fajs:format=\"text\"><brief/>"
	    "</get-flow-session-information></nc:rpc>");
	/* <command> in the base namespace: text wrapped, Junos's default
	 * format made explicit. */
	expect("<rpc xmlns=\"" BASE "\" message-id=\"3\"><command>"
	    "show security flow session</command></rpc>",
	    "<rpc xmlns=\"" BASE "\" message-id=\"3\"><command xmlns=\""
	    NCS_NS_JUNOS "\" xmlns:fajs=\"" NCS_NS_JUNOS "\" fajs:format="
	    "\"xml\"><line>show security flow session</line></command></rpc>");
	/* CDATA and escapes in the command text survive as text. */
	expect("<rpc xmlns=\"" BASE "\" message-id=\"4\"><command format="
	    "\"text\"><![CDATA[show security flow session | display xml]]>"
	    "</command></rpc>",
	    "<rpc xmlns=\"" BASE "\" message-id=\"4\"><command xmlns=\""
	    NCS_NS_JUNOS "\" xmlns:fajs=\"" NCS_NS_JUNOS "\" fajs:format="
	    "\"text\"><line>show security flow session | display xml</line>"
	    "</command></rpc>");
	/* An <rpc> without any namespace gets the base one. */
	expect("<rpc message-id=\"5\"><get-software-information/></rpc>",
	    "<rpc xmlns=\"" BASE "\" message-id=\"5\">"
	    "<get-software-information xmlns=\"" NCS_NS_JUNOS "\"/></rpc>");

	/* Left alone: already namespaced, standard, unknown, or not XML. */
	expect("<rpc xmlns=\"" BASE "\" message-id=\"6\">"
	    "<get-flow-session-information xmlns=\"" NCS_NS_SESSION "\"/>"
	    "</rpc>", "=");
	expect("<rpc xmlns=\"" BASE "\" message-id=\"7\"><get/></rpc>", "=");
	expect("<rpc xmlns=\"" BASE "\" message-id=\"8\">"
	    "<get-route-information/></rpc>", "=");
	expect("<rpc xmlns=\"" BASE "\" message-id=\"9\"><command", "=");
	expect("<!DOCTYPE rpc [<!ENTITY x \"y\">]><rpc message-id=\"10\">"
	    "<command>&x;</command></rpc>", "=");
	expect("", "=");

	CHECK_STR(ncs_rewrite_ns("command"), NCS_NS_JUNOS);
	CHECK(ncs_rewrite_ns("get") == NULL);
	return check_done("test_nc_rewrite");
}
