/*
 * slab.h: fixed-size object pools.
 *
 * Sessions are a few hundred bytes and there may be millions: a pool carves
 * them out of large blocks with no per-object header, and reuses freed ones.
 * Not thread-safe: only the store's writer allocates and frees.
 */
#ifndef FLOW_SLAB_H
#define FLOW_SLAB_H

#include <stddef.h>

struct slab {
	size_t	 size;		/* object size, rounded up to 16 */
	size_t	 per_block;
	void	*free;		/* free list through the objects */
	void	*blocks;	/* list of blocks, linked through their head */
	char	*next, *end;	/* unused tail of the newest block */
	size_t	 bytes;		/* memory held, blocks included */
};

void	 slab_init(struct slab *, size_t size);
void	*slab_alloc(struct slab *);
void	 slab_free(struct slab *, void *);
void	 slab_destroy(struct slab *);

#endif
