/*
 * slab.h: fixed-size object pools.
 *
 * Sessions are a few hundred bytes and there may be millions: a pool carves
 * them out of large aligned blocks with no per-object header, and reuses
 * freed ones.  A block whose objects are all free goes back to the system
 * (one is kept for the next allocation), so the memory a burst took (a
 * slow reader pinning old versions under churn) is returned when it ends.
 * Not thread-safe: only the store's writer allocates and frees.
 */
#ifndef FLOW_SLAB_H
#define FLOW_SLAB_H

#include <stddef.h>

struct slab_block;

struct slab {
	size_t			 size;		/* object size, rounded to 16 */
	size_t			 per_block;
	struct slab_block	*avail;		/* blocks with room */
	struct slab_block	*spare;		/* an empty block, kept */
	struct slab_block	*all;		/* every block */
	size_t			 bytes;		/* memory held, blocks included */
};

void	 slab_init(struct slab *, size_t size);
void	*slab_alloc(struct slab *);
void	 slab_free(struct slab *, void *);
/* Frees every block; the pool may be used again. */
void	 slab_destroy(struct slab *);

#endif
