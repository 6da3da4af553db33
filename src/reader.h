/*
 * reader.h: Junos XML replies into the store.
 *
 * Reads `show security flow session ... | display xml` output, NETCONF
 * replies and our own XML: with or without <rpc-reply> and <cli>, any or no
 * namespaces, pretty-printed or compact, leaf values wrapped in newlines,
 * high-end (one block per PIC) and low-end (no PIC header) shapes, both
 * summary forms.  Unknown elements are skipped.
 *
 * Input is fed in chunks of any size (a file, a pipe, a socket).  It is read
 * inside one store transaction: readers of the store see the previous state
 * until reader_finish() commits, and nothing at all of an input that fails.
 * Hostile input is refused: no DTD (so no entities, external or expanding),
 * no network, bounded nesting, value length and input size.
 */
#ifndef FLOW_READER_H
#define FLOW_READER_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct reader;

/* reader_new() flags */
#define READER_REPLACE	0x01	/* the input replaces the store's content */

#define READER_MAX_DEPTH	64
#define READER_MAX_VALUE	4096		/* bytes in one leaf value */
#define READER_MAX_INPUT	(4ULL << 30)	/* default input size limit */

/*
 * Starts reading into `st` (a write transaction: other writers wait until
 * reader_finish or reader_free).  `name` labels error messages.
 */
struct reader	*reader_new(struct store *, unsigned flags, const char *name);
void		 reader_set_max_input(struct reader *, uint64_t bytes);
/* 0, or -1 once the input is known bad (see reader_error). */
int		 reader_feed(struct reader *, const char *, size_t);
/* End of input: commits on success.  0 or -1. */
int		 reader_finish(struct reader *);
/* "line 12: <source-port>: '70000' is not a valid port number" */
const char	*reader_error(const struct reader *);
uint64_t	 reader_sessions(const struct reader *);
/* Frees; an unfinished read is aborted and leaves the store unchanged. */
void		 reader_free(struct reader *);

/* Whole inputs.  Return 0, or -1 with a message "NAME: line N: ..." */
int		 reader_load_fd(struct store *, int fd, const char *name,
		    unsigned flags, char *err, size_t errlen);
int		 reader_load_file(struct store *, const char *path,
		    unsigned flags, char *err, size_t errlen);
int		 reader_load_mem(struct store *, const char *, size_t,
		    const char *name, unsigned flags, char *err, size_t errlen);

#endif
