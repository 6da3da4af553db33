/*
 * btree.h: a copy-on-write B+tree from 64-bit keys to pointers.
 *
 * Published nodes are immutable: a writer copies every node on the path it
 * changes ("owns" it) unless the node was created by the same transaction,
 * so readers walk an old root while the writer builds a new one, without
 * locks.  Nodes a writer replaces are handed to ctx->retire and must be freed
 * only once no reader can hold a root that reaches them (store.c does that).
 */
#ifndef FLOW_BTREE_H
#define FLOW_BTREE_H

#include <stdint.h>

#include "slab.h"

#define BT_MAX		32	/* entries per node */
#define BT_DEPTH	24

struct bt_node {
	uint64_t	 stamp;		/* transaction that created it */
	uint32_t	 n;
	uint32_t	 leaf;
	uint64_t	 key[BT_MAX];	/* inner: lower bound of child i */
	void		*ptr[BT_MAX];	/* inner: children; leaf: values */
};

struct bt_ctx {
	uint64_t	 stamp;		/* current transaction */
	struct slab	*nodes;
	void		(*fresh)(void *arg, struct bt_node *);
	void		(*retire)(void *arg, struct bt_node *);
	void		*arg;
};

struct bt_iter {
	const struct bt_node	*node[BT_DEPTH];
	uint32_t		 idx[BT_DEPTH];
	int			 depth;		/* -1: exhausted */
};

void	*bt_get(const struct bt_node *, uint64_t);
/* Positions `it` on the first key >= `key`. */
void	 bt_seek(struct bt_iter *, const struct bt_node *, uint64_t key);
/* Returns the next value (and its key), NULL at the end. */
void	*bt_next(struct bt_iter *, uint64_t *key);
/* Inserts or replaces; *old gets the replaced value or NULL.  0 or -1. */
int	 bt_put(struct bt_ctx *, struct bt_node **, uint64_t, void *, void **old);
/* Removes `key`; *old gets its value.  1 removed, 0 absent, -1 no memory. */
int	 bt_del(struct bt_ctx *, struct bt_node **, uint64_t, void **old);
/* Frees every node of a tree no reader can reach, and its values. */
void	 bt_free_tree(struct slab *, struct bt_node *,
	    void (*)(void *, void *), void *);
/* Nodes in a tree (for the benchmark's memory figures). */
uint64_t bt_count_nodes(const struct bt_node *);

#endif
