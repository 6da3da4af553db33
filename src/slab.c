/* slab.c: fixed-size object pools (see slab.h). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "slab.h"

#define SLAB_BLOCK	(256 * 1024)	/* size and alignment */

/*
 * A block starts with this header; its object is found from an object's
 * address by masking (blocks are SLAB_BLOCK-aligned).  Objects are carved
 * from the block's tail as needed, so a new block's pages are touched only
 * as it fills.
 */
struct slab_block {
	struct slab_block	*prev, *next;	/* in avail, when in it */
	struct slab_block	*all_prev, *all_next;	/* every block */
	void			*free;		/* freed objects, through them */
	unsigned		 inuse;		/* objects handed out */
	unsigned		 carved;	/* objects ever carved */
	int			 listed;	/* in avail */
};
#define SLAB_HEAD	((sizeof(struct slab_block) + 15) & ~(size_t)15)

void
slab_init(struct slab *s, size_t size)
{
	s->size = (size + 15) & ~(size_t)15;
	s->per_block = (SLAB_BLOCK - SLAB_HEAD) / s->size;
	s->avail = s->spare = s->all = NULL;
	s->bytes = 0;
}

/*
 * Under AddressSanitizer every object is its own allocation, so a session
 * freed while a reader could still see it is reported, not silently reused.
 */
#if defined(__SANITIZE_ADDRESS__)
#define SLAB_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_MALLOC 1
#endif
#endif

/* An aligned block straight from the kernel, so that freeing it returns
 * its memory at once (malloc would keep it in its arenas). */
static struct slab_block *
block_new(struct slab *s)
{
	char *p = mmap(NULL, 2 * SLAB_BLOCK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *b;
	size_t head;

	if (p == MAP_FAILED)
		return NULL;
	b = (char *)(((uintptr_t)p + SLAB_BLOCK - 1) &
	    ~(uintptr_t)(SLAB_BLOCK - 1));
	head = (size_t)(b - p);
	if (head > 0)
		munmap(p, head);
	munmap(b + SLAB_BLOCK, SLAB_BLOCK - head);
	s->bytes += SLAB_BLOCK;
	((struct slab_block *)b)->all_prev = NULL;
	((struct slab_block *)b)->all_next = s->all;
	if (s->all != NULL)
		s->all->all_prev = (struct slab_block *)b;
	s->all = (struct slab_block *)b;
	return (struct slab_block *)b;
}

static void
block_release(struct slab *s, struct slab_block *b)
{
	if (b->all_prev != NULL)
		b->all_prev->all_next = b->all_next;
	else
		s->all = b->all_next;
	if (b->all_next != NULL)
		b->all_next->all_prev = b->all_prev;
	munmap(b, SLAB_BLOCK);
	s->bytes -= SLAB_BLOCK;
}

static void
avail_add(struct slab *s, struct slab_block *b)
{
	b->prev = NULL;
	b->next = s->avail;
	if (s->avail != NULL)
		s->avail->prev = b;
	s->avail = b;
	b->listed = 1;
}

static void
avail_del(struct slab *s, struct slab_block *b)
{
	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		s->avail = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
	b->listed = 0;
}

void *
slab_alloc(struct slab *s)
{
	struct slab_block *b;
	void *p;

#ifdef SLAB_MALLOC
	s->bytes += s->size;
	return malloc(s->size);
#endif

	if ((b = s->avail) == NULL) {
		if ((b = s->spare) != NULL)
			s->spare = NULL;
		else if ((b = block_new(s)) == NULL)
			return NULL;
		b->free = NULL;
		b->inuse = b->carved = 0;
		avail_add(s, b);
	}
	if ((p = b->free) != NULL)
		b->free = *(void **)p;
	else
		p = (char *)b + SLAB_HEAD + (size_t)b->carved++ * s->size;
	if (++b->inuse == s->per_block)
		avail_del(s, b);
	return p;
}

void
slab_free(struct slab *s, void *p)
{
	struct slab_block *b;

#ifdef SLAB_MALLOC
	s->bytes -= s->size;
	free(p);
	return;
#endif
	b = (struct slab_block *)((uintptr_t)p & ~(uintptr_t)(SLAB_BLOCK - 1));
	*(void **)p = b->free;
	b->free = p;
	if (!b->listed)
		avail_add(s, b);
	if (--b->inuse > 0)
		return;
	/* All free: keep one such block, return the others. */
	avail_del(s, b);
	if (s->spare == NULL)
		s->spare = b;
	else
		block_release(s, b);
}

void
slab_destroy(struct slab *s)
{
	while (s->all != NULL)
		block_release(s, s->all);
	slab_init(s, s->size);
}
