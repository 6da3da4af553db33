/*
 * nc_frame.c: what a NETCONF client sends, checked before libnetconf2 sees
 * a byte of it.
 *
 * libnetconf2 2.0.24 trusts its peer's framing: a chunk header of size 0
 * crashes it, a 4 GB header makes it allocate 4 GB, and a message that is
 * not well-formed XML goes unanswered on base:1.0.  So the I/O thread of a
 * connection (nc_conn.c) decodes the client's framing itself (RFC 6242:
 * end-of-message for the <hello> and base:1.0, chunks for base:1.1),
 * strictly and within a size limit, parses each whole message with libxml2
 * (no DTD, no network), and hands libnetconf2 only whole, well-formed
 * messages, re-framed the canonical way.  What fails gets the rpc-error
 * RFC 6241 defines for it (malformed-message, too-big), built here.
 *
 * Nothing here does I/O: the decoder is fed bytes and says where a message
 * ends, so the fuzzer (tests/fuzz/fuzz_frame.c) drives exactly this code.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "nc_frame.h"

#define EOM		"]]>]]>"
#define EOM_LEN		6
#define CHUNK_MAX	4294967295ULL	/* RFC 6242 4.2 */
#define NS_BASE		"urn:ietf:params:xml:ns:netconf:base:1.0"
#define CAP_BASE11	"urn:ietf:params:netconf:base:1.1"

/* Where the chunked decoder is in RFC 6242's grammar. */
enum {
	S_LF,		/* the LF that opens a chunk or end-of-chunks */
	S_HASH,		/* its HASH */
	S_FIRST,	/* DIGIT1, or the second HASH of end-of-chunks */
	S_DIGITS,	/* more digits, or the LF ending the size */
	S_DATA,		/* chunk-data, `chunk` bytes still to come */
	S_END		/* the LF ending end-of-chunks */
};

void
ncs_frame_init(struct ncs_frame *f, size_t max)
{
	memset(f, 0, sizeof *f);
	f->mode = NCS_FRAME_EOM;
	f->max = max;
	f->state = S_LF;
}

void
ncs_frame_free(struct ncs_frame *f)
{
	free(f->msg);
	f->msg = NULL;
	f->len = f->cap = 0;
}

void
ncs_frame_chunked(struct ncs_frame *f)
{
	f->mode = NCS_FRAME_CHUNKED;
	f->state = S_LF;
	f->chunks = 0;
}

static int
append(struct ncs_frame *f, const char *p, size_t n)
{
	if (f->len + n + 1 > f->cap) {
		size_t cap = f->cap ? f->cap : 4096;
		char *m;

		while (cap < f->len + n + 1)
			cap *= 2;
		if ((m = realloc(f->msg, cap)) == NULL)
			return -1;
		f->msg = m;
		f->cap = cap;
	}
	memcpy(f->msg + f->len, p, n);
	f->len += n;
	f->msg[f->len] = '\0';
	return 0;
}

/* End-of-message framing: the message ends before "]]>]]>". */
static int
feed_eom(struct ncs_frame *f, const char *p, size_t n, size_t *used)
{
	/* Look from a little before the new bytes: the delimiter may
	 * straddle two reads. */
	size_t from = f->len > EOM_LEN - 1 ? f->len - (EOM_LEN - 1) : 0;
	size_t old = f->len;
	const char *hit;

	if (append(f, p, n) != 0)
		return NCS_FRAME_NOMEM;
	hit = memmem(f->msg + from, f->len - from, EOM, EOM_LEN);
	if (hit == NULL) {
		*used = n;
		if (f->len > f->max + EOM_LEN - 1)
			return NCS_FRAME_BIG;
		return NCS_FRAME_MORE;
	}
	*used = (size_t)(hit - f->msg) + EOM_LEN - old;
	f->len = (size_t)(hit - f->msg);
	f->msg[f->len] = '\0';
	return f->len > f->max ? NCS_FRAME_BIG : NCS_FRAME_MSG;
}

/* Chunked framing, strictly: LF HASH size LF data ... LF HASH HASH LF. */
static int
feed_chunked(struct ncs_frame *f, const char *p, size_t n, size_t *used)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];

		switch (f->state) {
		case S_LF:
		case S_END:
			if (c != '\n')
				goto bad;
			i++;
			if (f->state == S_END) {
				f->state = S_LF;
				f->chunks = 0;
				*used = i;
				return NCS_FRAME_MSG;
			}
			f->state = S_HASH;
			break;
		case S_HASH:
			if (c != '#')
				goto bad;
			i++;
			f->state = S_FIRST;
			break;
		case S_FIRST:
			i++;
			if (c == '#' && f->chunks > 0)
				f->state = S_END;
			else if (c >= '1' && c <= '9') {
				f->chunk = c - '0';
				f->state = S_DIGITS;
			} else
				goto bad;
			break;
		case S_DIGITS:
			i++;
			if (c == '\n') {
				f->state = S_DATA;
				break;
			}
			if (c < '0' || c > '9')
				goto bad;
			f->chunk = f->chunk * 10 + (c - '0');
			if (f->chunk > CHUNK_MAX)
				goto bad;
			/* A size past the limit is refused at once, not after
			 * its last digit: the header may never end. */
			if (f->len + f->chunk > f->max) {
				*used = i;
				return NCS_FRAME_BIG;
			}
			break;
		case S_DATA: {
			size_t k = n - i < f->chunk ? n - i : (size_t)f->chunk;

			if (f->len + f->chunk > f->max) {
				*used = i;
				return NCS_FRAME_BIG;
			}
			if (append(f, p + i, k) != 0)
				return NCS_FRAME_NOMEM;
			i += k;
			f->chunk -= k;
			if (f->chunk == 0) {
				f->chunks++;
				f->state = S_LF;
			}
			break;
		}
		}
	}
	*used = n;
	return NCS_FRAME_MORE;
bad:
	*used = i;
	return NCS_FRAME_BAD;
}

int
ncs_frame_feed(struct ncs_frame *f, const char *p, size_t n, size_t *used)
{
	*used = 0;
	if (f->mode == NCS_FRAME_EOM)
		return feed_eom(f, p, n, used);
	return feed_chunked(f, p, n, used);
}

char *
ncs_frame_take(struct ncs_frame *f, size_t *len)
{
	char *m = f->msg;

	if (m == NULL && (m = strdup("")) == NULL)
		return NULL;
	*len = f->len;
	f->msg = NULL;
	f->len = f->cap = 0;
	return m;
}

/* Parses a whole message as libyang will see it: a document without DTD
 * whose root is <root>.  The document, or NULL and why in `why`. */
static xmlDocPtr
parse(const char *msg, size_t len, const char *root, char *why, size_t wlen)
{
	xmlParserCtxtPtr ctx;
	xmlDocPtr doc;
	xmlNodePtr top;

	if (len > INT32_MAX) {
		snprintf(why, wlen, "message too long");
		return NULL;
	}
	if (memchr(msg, '\0', len) != NULL) {
		snprintf(why, wlen, "a NUL byte in the message");
		return NULL;
	}
	if ((ctx = xmlNewParserCtxt()) == NULL) {
		snprintf(why, wlen, "out of memory");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctx, msg, (int)len, NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL || !ctx->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		char *nl;

		snprintf(why, wlen, "not well-formed XML: line %d: %s",
		    e != NULL ? e->line : 0, e != NULL && e->message != NULL ?
		    e->message : "parse error");
		if ((nl = strchr(why, '\n')) != NULL)
			*nl = '\0';
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctx);
		return NULL;
	}
	xmlFreeParserCtxt(ctx);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		snprintf(why, wlen, "a DTD is not allowed");
		goto fail;
	}
	top = xmlDocGetRootElement(doc);
	if (top == NULL || strcmp((const char *)top->name, root) != 0 ||
	    (top->ns != NULL && strcmp((const char *)top->ns->href,
	    NS_BASE) != 0)) {
		snprintf(why, wlen, "the message is not an <%s>", root);
		goto fail;
	}
	return doc;
fail:
	xmlFreeDoc(doc);
	return NULL;
}

int
ncs_frame_check(const char *msg, size_t len, char *why, size_t wlen)
{
	xmlDocPtr doc = parse(msg, len, "rpc", why, wlen);

	if (doc == NULL)
		return -1;
	xmlFreeDoc(doc);
	return 0;
}

int
ncs_frame_hello(const char *msg, size_t len, int *v11, char *why,
    size_t wlen)
{
	xmlDocPtr doc = parse(msg, len, "hello", why, wlen);
	xmlNodePtr caps, c;

	*v11 = 0;
	if (doc == NULL)
		return -1;
	for (caps = xmlDocGetRootElement(doc)->children; caps != NULL;
	    caps = caps->next) {
		if (caps->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)caps->name, "capabilities") != 0)
			continue;
		for (c = caps->children; c != NULL; c = c->next) {
			xmlChar *v;
			const char *s, *e;

			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "capability") != 0)
				continue;
			if ((v = xmlNodeGetContent(c)) == NULL)
				continue;
			for (s = (const char *)v; *s == ' ' || *s == '\t' ||
			    *s == '\r' || *s == '\n'; s++)
				;
			e = s + strlen(s);
			while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
			    e[-1] == '\r' || e[-1] == '\n'))
				e--;
			/* libnetconf2's own test (strncmp over the
			 * capability's length): both ends must agree. */
			if (e > s && (size_t)(e - s) <= sizeof CAP_BASE11 - 1 &&
			    memcmp(s, CAP_BASE11, (size_t)(e - s)) == 0)
				*v11 = 1;
			xmlFree(v);
		}
	}
	xmlFreeDoc(doc);
	return 0;
}

size_t
ncs_frame_head(char *buf, size_t len, size_t msglen, int chunked)
{
	int n;

	if (!chunked)
		return 0;
	n = snprintf(buf, len, "\n#%zu\n", msglen);
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

const char *
ncs_frame_tail(int chunked, size_t *len)
{
	*len = chunked ? 4 : EOM_LEN;
	return chunked ? "\n##\n" : EOM;
}

char *
ncs_frame_error(const char *tag, const char *text, int chunked, size_t *len)
{
	static const char fmt[] =
	    "<rpc-reply xmlns=\"" NS_BASE "\"><rpc-error>"
	    "<error-type>rpc</error-type><error-tag>%s</error-tag>"
	    "<error-severity>error</error-severity>"
	    "<error-message xml:lang=\"en\">%s</error-message>"
	    "</rpc-error></rpc-reply>";
	char body[1024], esc[512], head[32], *out;
	size_t e = 0, hl, tl, bl;
	const char *tail;
	int n;

	/* The message is ours, but may quote libxml2 quoting the client. */
	for (const char *p = text; *p != '\0' && e + 7 < sizeof esc; p++) {
		const char *rep = *p == '<' ? "&lt;" : *p == '>' ? "&gt;" :
		    *p == '&' ? "&amp;" : NULL;

		if (rep != NULL) {
			memcpy(esc + e, rep, strlen(rep));
			e += strlen(rep);
		} else if ((unsigned char)*p >= 0x20 || *p == '\t')
			esc[e++] = (unsigned char)*p < 0x80 ? *p : '?';
	}
	esc[e] = '\0';
	n = snprintf(body, sizeof body, fmt, tag, esc);
	if (n < 0 || (size_t)n >= sizeof body)
		return NULL;
	bl = (size_t)n;
	hl = ncs_frame_head(head, sizeof head, bl, chunked);
	tail = ncs_frame_tail(chunked, &tl);
	if ((out = malloc(hl + bl + tl)) == NULL)
		return NULL;
	memcpy(out, head, hl);
	memcpy(out + hl, body, bl);
	memcpy(out + hl + bl, tail, tl);
	*len = hl + bl + tl;
	return out;
}
