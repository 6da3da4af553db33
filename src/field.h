/*
 * field.h: the field table, one row per field of every output.
 *
 * A row says everything the outputs need about a field: its Junos XML
 * element (also the JSON key), its text labels, its value type and where the
 * value lives.  The XML and JSON writers loop over the rows; the text views
 * are templates that name rows (render_text.c), so a label is written once,
 * here.  Rows are in Junos element order (notes/junos-xml.md section 3).
 *
 * Formatting and parsing belong to the value type (field.c): a new field of
 * an existing type is one row.
 */
#ifndef FLOW_FIELD_H
#define FLOW_FIELD_H

#include <stddef.h>
#include <stdint.h>

#include "atom.h"
#include "model.h"
#include "store.h"

enum field_type {
	FT_U32,		/* decimal */
	FT_U64,		/* decimal */
	FT_HEX32,	/* 0x-prefixed lower-case hex */
	FT_ATOM,	/* interned string, printed as is */
	FT_ADDR,	/* IPv4 or IPv6, inet_ntop; family byte at `aux` */
	FT_PORT,	/* 0..65535 */
	FT_PROTO,	/* IANA number, printed by Junos name when it has one */
	FT_DIR,		/* In / Out */
	FT_FLAG,	/* an empty element: present or not */
};

/* struct field.flags */
#define FF_NA		0x01	/* may be "N/A" (a number the device has not) */

/* The object a row's offset points into. */
enum field_obj {
	FO_SESSION,	/* struct flow_session */
	FO_RM,		/* struct flow_session, resource-manager-information */
	FO_WING,	/* struct flow_wing */
	FO_BLOCK,	/* struct flow_block: a PIC block of the output */
	FO_SUMMARY,	/* struct flow_summary */
};

/* A PIC block as the outputs show it. */
struct flow_block {
	uint32_t	name;		/* atom, flow-fpc-pic-id */
	uint64_t	count;		/* displayed-session-count */
	uint32_t	present;	/* 1 << BP_* */
	uint32_t	node_name;	/* atom, the cluster node's re-name */
};
enum { BP_NAME, BP_COUNT, BP_NODE };

struct field_env;

struct field {
	const char	*name;		/* XML element and JSON key */
	const char	*label;		/* text label (extensive, summary) */
	const char	*brief;		/* label in default/brief if different;
					   "" prints the bare value */
	uint8_t		 type;		/* enum field_type */
	uint8_t		 obj;		/* enum field_obj */
	uint8_t		 bit;		/* presence bit in the object */
	uint16_t	 off;		/* offset of the value */
	uint16_t	 aux;		/* FT_ADDR: offset of the family byte */
	uint8_t		 flags;		/* FF_* */
	/* Computed value (live sessions), or NULL to read `off`. */
	uint64_t	(*get)(const void *, const struct field_env *);
};

/* Row indices, in table order. */
enum {
	F_SESSION_ID, F_STATUS, F_HA_STATE, F_SESSION_FLAG, F_OFFLOAD, F_POLICY,
	F_NAT_POOL, F_APP_NAME, F_APP_VALUE, F_DYN_APP, F_DYN_NESTED,
	F_ENCRYPTION, F_URL_CATEGORY, F_ATC_RULE_SET, F_ATC_RULE,
	F_CONF_TIMEOUT, F_TIMEOUT, F_SESS_STATE, F_LSYS, F_WAN_ACCEL,
	F_START_TIME, F_DURATION, F_SESSION_MASK,
	F_RM_CLIENT, F_RM_GROUP, F_RM_RESOURCE,
	F_DIR, F_SRC, F_SPORT, F_DST, F_DPORT, F_PROTO, F_CONN_TAG,
	F_ATTACH_ID, F_GW_ENDPOINT, F_FLOW_COOKIE, F_VRF, F_VRF_ZONE, F_IFNAME,
	F_TOKEN, F_FLAG, F_POWER_MODE, F_ROUTE, F_GATEWAY, F_TUNNEL,
	F_TUNNEL_ID, F_TUNNEL_TYPE, F_TUNNEL_INFO, F_PORT_SEQ, F_FIN_SEQ,
	F_FIN_STATE, F_SEQ_ACK_DIFF, F_PKTS, F_BYTES, F_CP_ID,
	F_PIC_NAME, F_DISPLAYED, F_RE_NAME,
	F_D_VALID, F_D_PENDING, F_D_INVALIDATED, F_D_OTHER,
	F_A_UNICAST, F_A_MULTICAST, F_A_OFFLOAD, F_A_FAILED, F_A_DROP,
	F_A_ACTIVE, F_A_VALID, F_A_PENDING, F_A_INVALIDATED, F_A_OTHER, F_A_MAX,
	F__COUNT
};

/* First and last+1 rows of each object's fields. */
#define F_SESSION_FIRST	F_SESSION_ID
#define F_SESSION_END	F_RM_CLIENT
#define F_RM_FIRST	F_RM_CLIENT
#define F_RM_END	F_DIR
#define F_WING_FIRST	F_DIR
#define F_WING_END	F_PIC_NAME

extern const struct field field_table[F__COUNT];

/* Container elements around groups of rows. */
#define FIELD_RM_ELEMENT	"resource-manager-information"
#define FIELD_WING_ELEMENT	"flow-information"
#define FIELD_SESSION_ELEMENT	"flow-session"

#define FIELD_ADDR_SMALL	8	/* one session's addresses */
#define FIELD_ADDR_LARGE	4096	/* a whole store's servers */

struct field_addr {
	uint8_t		af, len;
	uint8_t		addr[16];
	char		text[46];
};

/* What formatting needs besides the object. */
struct field_env {
	const struct atom_table	*atoms;
	struct flow_clock	 clock;
	/*
	 * Addresses printed so far, direct-mapped by hash: a wing's gateway
	 * is usually its source, the Out wing mirrors the In wing, and servers
	 * recur across sessions.  inet_ntop formats through sprintf, so a
	 * repeat costs a compare instead of about a microsecond.
	 */
	struct field_addr	*addr;
	unsigned		 addr_mask;	/* slots - 1, a power of 2 */
	struct field_addr	 small[FIELD_ADDR_SMALL];
};

#define FIELD_BUF	48

/* A formatted value: `s`/`len`, and `atom` when it is an interned string. */
struct field_val {
	const char		*s;
	size_t			 len;
	const struct atom	*atom;
	char			 buf[FIELD_BUF];
};

/* `large`: also cache addresses across sessions (a whole-store render). */
void		 field_env_init(struct field_env *, const struct atom_table *,
		    int large);
void		 field_env_free(struct field_env *);
int		 field_present(const struct field *, const void *obj);
/* The device sent "N/A" for this (FF_NA) field. */
int		 field_na(const struct field *, const void *obj);
/* Formats the row's value in `obj`. */
void		 field_format(const struct field *, const void *obj,
		    struct field_env *, struct field_val *);
/* The value of a numeric field (any type but FT_ATOM and FT_ADDR). */
uint64_t	 field_number(const struct field *, const void *obj,
		    const struct field_env *);
/* Numbers (FT_U32, FT_U64, FT_PORT, FT_HEX32) without a field_val: writes
 * at most FIELD_BUF bytes to buf and returns the length. */
size_t		 field_format_number(const struct field *, const void *obj,
		    const struct field_env *, char *buf);
#define FIELD_IS_NUMBER(f) ((f)->type == FT_U32 || (f)->type == FT_U64 || \
	(f)->type == FT_PORT || (f)->type == FT_HEX32)
/*
 * Parses `s` (len bytes) into the row's member of `obj`, interning strings in
 * `atoms`, and sets the presence bit.  Returns 0, or -1 with a message.
 */
int		 field_parse(const struct field *, void *obj, const char *s,
		    size_t len, struct atom_table *, char *err, size_t errlen);
/* Sets the row's presence bit in `obj`. */
void		 field_mark(const struct field *, void *obj);
/* The row named `name`, or NULL. */
const struct field *field_by_name(const char *name);
/* The number of a row. */
static inline int
field_index(const struct field *f)
{
	return (int)(f - field_table);
}

/* Integer formatting used by the writers; return the length. */
size_t		 fmt_u64(char *, uint64_t);
size_t		 fmt_hex32(char *, uint32_t);

/* IANA protocol numbers and the names Junos prints for them. */
const char	*proto_name(uint8_t);
int		 proto_parse(const char *, size_t, uint8_t *);

#endif
