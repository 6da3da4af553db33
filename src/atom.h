/*
 * atom.h: interned strings.
 *
 * Policy, interface, application and ALG names repeat across millions of
 * sessions; each distinct string is stored once and sessions hold its 32-bit
 * identifier.  An atom also carries its XML- and JSON-escaped forms, computed
 * once here so the writers never escape per session.
 *
 * atom_intern() may be called from any thread (it takes the table's lock);
 * atom_get() never locks: identifiers index a two-level array whose chunks
 * never move.  Atoms live as long as their table.  Identifier 0 is "".
 */
#ifndef FLOW_ATOM_H
#define FLOW_ATOM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct atom {
	uint32_t	 len, xml_len, json_len;
	const char	*xml;		/* escaped for XML text; == str if clean */
	const char	*json;		/* escaped for a JSON string */
	char		 str[];		/* NUL-terminated */
};

#define ATOM_CHUNK_BITS	12
#define ATOM_CHUNK	(1u << ATOM_CHUNK_BITS)
#define ATOM_DIR	4096		/* at most 16M distinct strings */

struct atom_table {
	pthread_mutex_t	  lock;
	struct atom	**dir[ATOM_DIR];
	uint32_t	  n;		/* atoms in use */
	uint32_t	 *hash;		/* open addressing: id + 1, 0 = free */
	uint32_t	  hmask;
};

int		 atom_init(struct atom_table *);
void		 atom_destroy(struct atom_table *);
/* Returns the atom's identifier, or UINT32_MAX when out of memory/space. */
uint32_t	 atom_intern(struct atom_table *, const char *, size_t);
/* Looks up without inserting: 0 and *id set if known, -1 otherwise. */
int		 atom_find(struct atom_table *, const char *, size_t, uint32_t *);

static inline const struct atom *
atom_get(const struct atom_table *t, uint32_t id)
{
	struct atom **chunk;

	chunk = __atomic_load_n(&t->dir[id >> ATOM_CHUNK_BITS], __ATOMIC_ACQUIRE);
	return chunk[id & (ATOM_CHUNK - 1)];
}

static inline const char *
atom_str(const struct atom_table *t, uint32_t id)
{
	return atom_get(t, id)->str;
}

#endif
