/* slab.c: fixed-size object pools (see slab.h). */
#include <stdlib.h>

#include "slab.h"

#define SLAB_BLOCK	(256 * 1024)
#define SLAB_HEAD	16	/* block header: next-block pointer, aligned */

void
slab_init(struct slab *s, size_t size)
{
	s->size = (size + 15) & ~(size_t)15;
	s->per_block = (SLAB_BLOCK - SLAB_HEAD) / s->size;
	s->free = s->blocks = NULL;
	s->next = s->end = NULL;
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

void *
slab_alloc(struct slab *s)
{
	void *p;

#ifdef SLAB_MALLOC
	s->bytes += s->size;
	return malloc(s->size);
#endif

	if ((p = s->free) != NULL) {
		s->free = *(void **)p;
		return p;
	}
	if (s->next == s->end) {
		char *b = malloc(SLAB_BLOCK);

		if (b == NULL)
			return NULL;
		*(void **)b = s->blocks;
		s->blocks = b;
		s->next = b + SLAB_HEAD;
		s->end = s->next + s->per_block * s->size;
		s->bytes += SLAB_BLOCK;
	}
	p = s->next;
	s->next += s->size;
	return p;
}

void
slab_free(struct slab *s, void *p)
{
#ifdef SLAB_MALLOC
	s->bytes -= s->size;
	free(p);
	return;
#endif
	*(void **)p = s->free;
	s->free = p;
}

void
slab_destroy(struct slab *s)
{
	void *b, *next;

	for (b = s->blocks; b != NULL; b = next) {
		next = *(void **)b;
		free(b);
	}
	slab_init(s, s->size);
}
