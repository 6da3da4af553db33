/*
 * nc_rewrite.c: what Junos clients send, as libyang accepts it.
 *
 * PyEZ and ncclient's junos handler send the operation without a namespace
 * (<get-flow-session-information>), put an unqualified format="text" on it,
 * and send CLI lines as the text of <command> (ncclient: in the base
 * namespace).  libyang rejects all three before any callback runs
 * (notes/junos-clients.md).  So, before libyang parses a request:
 *
 *  - an <rpc> without a namespace gets the base namespace;
 *  - an operation without a namespace or in the base namespace whose name
 *    is one of our Junos-compatible operations gets its module's namespace
 *    (its un-namespaced children follow it);
 *  - an unqualified format attribute on it becomes flowagent-junos:format;
 *  - <command>'s text is wrapped in <line>, and a <command> without format
 *    gets format="xml", Junos's default for it.
 *
 * Everything else passes unchanged and gets libyang's normal error.  The
 * message is parsed with libxml2 (no network, no entity substitution, no
 * DTD) only when its first bytes show an operation that may need it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "nc.h"

/* Operations of ours that Junos clients send without a namespace. */
static const struct {
	const char	*name;
	const char	*ns;
} junos_ops[] = {
	{ "get-flow-session-information", NCS_NS_SESSION },
	{ "get-flow-session-by-identifier", NCS_NS_SESSION },
	{ "command", NCS_NS_JUNOS },
	{ "get-software-information", NCS_NS_JUNOS },
};

const char *
ncs_rewrite_ns(const char *op)
{
	for (size_t i = 0; i < sizeof junos_ops / sizeof junos_ops[0]; i++)
		if (strcmp(op, junos_ops[i].name) == 0)
			return junos_ops[i].ns;
	return NULL;
}

static int
is_base(const xmlNs *ns)
{
	return ns == NULL || strcmp((const char *)ns->href, NCS_NS_BASE) == 0;
}

/* Cheap test: does the message name one of our operations at all? */
static int
may_need(const char *in, size_t len)
{
	for (size_t i = 0; i < sizeof junos_ops / sizeof junos_ops[0]; i++)
		if (memmem(in, len, junos_ops[i].name,
		    strlen(junos_ops[i].name)) != NULL)
			return 1;
	/* An <rpc> without any namespace. */
	return memmem(in, len, NCS_NS_BASE, strlen(NCS_NS_BASE)) == NULL;
}

static xmlNode *
first_element(xmlNode *n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* The operation: namespace, format attribute, <command> text. */
static int
rewrite_op(xmlNode *op)
{
	const char *ns = ncs_rewrite_ns((const char *)op->name);
	xmlAttr *fmt;
	xmlNs *own, *jns;
	xmlChar *text, *value = NULL;
	int changed = 0, is_command = strcmp((const char *)op->name,
	    "command") == 0;

	if (ns == NULL || !is_base(op->ns))
		return 0;
	if ((own = xmlNewNs(op, (const xmlChar *)ns, NULL)) == NULL)
		return -1;
	xmlSetNs(op, own);
	changed = 1;

	fmt = xmlHasNsProp(op, (const xmlChar *)"format", NULL);
	if (fmt != NULL && fmt->ns == NULL) {
		value = xmlGetNoNsProp(op, (const xmlChar *)"format");
		xmlRemoveProp(fmt);
	} else if (is_command && fmt == NULL)
		value = xmlStrdup((const xmlChar *)"xml");
	if (value != NULL) {
		jns = xmlNewNs(op, (const xmlChar *)NCS_NS_JUNOS,
		    (const xmlChar *)"fajs");
		if (jns == NULL || xmlNewNsProp(op, jns,
		    (const xmlChar *)"format", value) == NULL) {
			xmlFree(value);
			return -1;
		}
		xmlFree(value);
	}

	if (is_command && first_element(op->children) == NULL) {
		text = xmlNodeGetContent(op);
		while (op->children != NULL) {
			xmlNode *c = op->children;

			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		if (xmlNewTextChild(op, own, (const xmlChar *)"line",
		    text != NULL ? text : (const xmlChar *)"") == NULL) {
			xmlFree(text);
			return -1;
		}
		xmlFree(text);
	}
	return changed;
}

/* libxml2 prints some errors (bad encodings) despite XML_PARSE_NOERROR: a
 * client must not be able to write to our log through it. */
static void
xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
ncs_rewrite(const char *in, size_t len, char **out)
{
	xmlDoc *doc;
	xmlNode *rpc, *op;
	xmlNs *base;
	xmlBuffer *buf;
	xmlSaveCtxt *save;
	int changed = 0;

	*out = NULL;
	if (!may_need(in, len) || len > INT32_MAX)
		return 0;
	/* Per thread in libxml2: set where it is used. */
	xmlSetGenericErrorFunc(NULL, xml_silent);
	doc = xmlReadMemory(in, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL)
		return 0;
	if (doc->intSubset != NULL || (rpc = xmlDocGetRootElement(doc)) ==
	    NULL || strcmp((const char *)rpc->name, "rpc") != 0)
		goto done;
	if (rpc->ns == NULL) {
		if ((base = xmlNewNs(rpc, (const xmlChar *)NCS_NS_BASE,
		    NULL)) == NULL)
			goto done;
		xmlSetNs(rpc, base);
		changed = 1;
	}
	if ((op = first_element(rpc->children)) != NULL) {
		int r = rewrite_op(op);

		if (r < 0) {
			changed = 0;
			goto done;
		}
		changed |= r;
	}
	if (!changed)
		goto done;
	if ((buf = xmlBufferCreate()) == NULL) {
		changed = 0;
		goto done;
	}
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_NO_DECL);
	if (save == NULL || xmlSaveDoc(save, doc) < 0) {
		if (save != NULL)
			xmlSaveClose(save);
		xmlBufferFree(buf);
		changed = 0;
		goto done;
	}
	xmlSaveClose(save);
	{
		/* Without the newline the saver ends the document with. */
		size_t n = (size_t)xmlBufferLength(buf);
		const char *c = (const char *)xmlBufferContent(buf);

		while (n > 0 && c[n - 1] == '\n')
			n--;
		*out = strndup(c, n);
	}
	xmlBufferFree(buf);
	if (*out == NULL)
		changed = 0;
done:
	xmlFreeDoc(doc);
	return changed ? 1 : 0;
}
