/*
 * snmp_table.h: one GET/GETNEXT routine for every table of the MIB.
 *
 * A table is described, not coded: its OID, its index (snmp_index.h), its
 * columns (rows of a column table), and three functions over the store: the
 * first row whose index is at least a key, the next row, the index of a
 * row.  Lookups and GETNEXT are O(log n) in the store's ordered index; no
 * row is copied.
 */
#ifndef FLOW_SNMP_TABLE_H
#define FLOW_SNMP_TABLE_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "field.h"
#include "snmp_index.h"
#include "store.h"

struct snmp_row {
	const struct flow_pic		*pic;
	uint32_t			 pic_index;
	const struct flow_session	*s;
	struct store_iter		 it;
};

struct snmp_ctx {
	const struct store_snap		*snap;
	struct field_env		 env;
};

/* A value for a varbind; `p` points into `buf` or at stable data. */
struct snmp_value {
	u_char				 type;
	const void			*p;
	size_t				 len;
	union {
		uint32_t		 u32;
		long			 l;
		struct counter64	 c64;
		uint8_t			 bytes[16];
	}				 buf;
	char				*alloc;		/* freed after use */
};

struct snmp_col {
	uint32_t	 col;
	uint8_t		 asn;		/* ASN_* type of the value */
	uint8_t		 kind;		/* the table's own meaning */
	int16_t		 arg;		/* a field table row, or a number */
	int8_t		 wing;		/* -1: the session; 0 In, 1 Out */
};

struct snmp_table {
	const char		*name;
	oid			 root[MAX_OID_LEN];
	size_t			 root_len;
	struct snmp_index_spec	 index;
	const struct snmp_col	*cols;		/* by column number */
	size_t			 ncols;
	int	(*seek)(struct snmp_ctx *, const uint32_t *key,
		    struct snmp_row *);
	int	(*next)(struct snmp_ctx *, struct snmp_row *);
	void	(*key)(const struct snmp_row *, uint32_t *key);
	/* 1 and *v set, or 0 when the row has no value in this column. */
	int	(*value)(struct snmp_ctx *, const struct snmp_col *,
		    const struct snmp_row *, struct snmp_value *);
};

int	snmp_table_register(const struct snmp_table *, struct store *);

#endif
