/*
 * nc_frame.h: NETCONF framing and message checks (nc_frame.c), without
 * I/O and without libnetconf2, for the connection relay and the fuzzer.
 */
#ifndef FLOW_NC_FRAME_H
#define FLOW_NC_FRAME_H

#include <stddef.h>
#include <stdint.h>

enum ncs_frame_mode { NCS_FRAME_EOM, NCS_FRAME_CHUNKED };

enum ncs_frame_rc {
	NCS_FRAME_MORE,		/* all used, no whole message yet */
	NCS_FRAME_MSG,		/* a message ends: ncs_frame_take it */
	NCS_FRAME_BAD,		/* framing error (RFC 6242): give up */
	NCS_FRAME_BIG,		/* over the size limit: give up */
	NCS_FRAME_NOMEM
};

struct ncs_frame {
	int		 mode;
	size_t		 max;		/* the largest message */
	char		*msg;		/* the message so far, NUL-ended */
	size_t		 len, cap;
	int		 state;		/* chunked: grammar position */
	uint64_t	 chunk;		/* size being read, or bytes left */
	unsigned	 chunks;	/* chunks of this message */
};

void	ncs_frame_init(struct ncs_frame *, size_t max);
void	ncs_frame_free(struct ncs_frame *);
/* From now on, base:1.1 chunks (after both <hello>s). */
void	ncs_frame_chunked(struct ncs_frame *);
/* Feeds n bytes; *used says how many were taken (all but after a
 * message's end or an error).  Returns an ncs_frame_rc. */
int	ncs_frame_feed(struct ncs_frame *, const char *, size_t n,
	    size_t *used);
/* The message that just ended (malloc'd, NUL-ended); the decoder starts
 * the next one.  NULL when out of memory. */
char	*ncs_frame_take(struct ncs_frame *, size_t *len);

/* 0 when `msg` is a well-formed <rpc> without DTD, else -1 and why. */
int	ncs_frame_check(const char *msg, size_t len, char *why, size_t wlen);
/* 0 when `msg` is a well-formed <hello>; *v11 when it offers base:1.1. */
int	ncs_frame_hello(const char *msg, size_t len, int *v11, char *why,
	    size_t wlen);

/* Framing for a message of msglen bytes: the header (into buf; 0 bytes
 * for end-of-message framing) and the trailer. */
size_t	ncs_frame_head(char *buf, size_t len, size_t msglen, int chunked);
const char *ncs_frame_tail(int chunked, size_t *len);
/* A framed rpc-reply with one rpc-error (error-tag `tag`) and no
 * message-id, malloc'd. */
char	*ncs_frame_error(const char *tag, const char *text, int chunked,
	    size_t *len);

#endif
