/*
 * snmp_tables.c: flowSessionTable and flowPicTable of FLOWAGENT-SESSION-MIB,
 * as descriptions for snmp_table.c: columns are rows of a table, most of
 * them a row of the field table (the same description of a field that the
 * CLI text and the XML use).
 */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "render.h"
#include "snmp_mib.h"
#include "snmp_table.h"

/* Session columns. */
enum {
	SK_FIELD,	/* a field of the session or of a wing */
	SK_STATE,	/* flowSessState: valid(1) ... other(4) */
	SK_TEXT,	/* the session's CLI text, default view */
	SK_ADDRTYPE,	/* InetAddressType of the field's address */
	SK_ID8		/* a 64-bit field as FlowSessionId (8 octets) */
};

/* flowSessText follows --junos-release (NULL: the data's release). */
static const char *snmp_release;

static const struct snmp_col session_cols[] = {
	{ 5, ASN_OCTET_STR, SK_ID8, F_SESSION_ID, -1 },
	{ 6, ASN_OCTET_STR, SK_FIELD, F_POLICY, -1 },
	{ 7, ASN_UNSIGNED, SK_FIELD, F_CONF_TIMEOUT, -1 },
	{ 8, ASN_UNSIGNED, SK_FIELD, F_TIMEOUT, -1 },
	{ 9, ASN_INTEGER, SK_STATE, F_SESS_STATE, -1 },
	{ 10, ASN_OCTET_STR, SK_FIELD, F_SESS_STATE, -1 },
	{ 11, ASN_OCTET_STR, SK_FIELD, F_STATUS, -1 },
	{ 12, ASN_OCTET_STR, SK_FIELD, F_SESSION_FLAG, -1 },
	{ 13, ASN_OCTET_STR, SK_FIELD, F_NAT_POOL, -1 },
	{ 14, ASN_OCTET_STR, SK_FIELD, F_APP_NAME, -1 },
	{ 15, ASN_UNSIGNED, SK_FIELD, F_APP_VALUE, -1 },
	{ 16, ASN_OCTET_STR, SK_FIELD, F_RM_CLIENT, -1 },
	{ 17, ASN_UNSIGNED, SK_FIELD, F_RM_GROUP, -1 },
	{ 18, ASN_UNSIGNED, SK_FIELD, F_RM_RESOURCE, -1 },
	{ 19, ASN_UNSIGNED, SK_FIELD, F_START_TIME, -1 },
	{ 20, ASN_UNSIGNED, SK_FIELD, F_DURATION, -1 },
	{ 21, ASN_OCTET_STR, SK_TEXT, -1, -1 },
};

/* A wing's columns, numbered from the wing's first column (30 In, 50 Out). */
static const struct snmp_col wing_cols[] = {
	{ 0, ASN_INTEGER, SK_ADDRTYPE, F_SRC, 0 },
	{ 1, ASN_OCTET_STR, SK_FIELD, F_SRC, 0 },
	{ 2, ASN_UNSIGNED, SK_FIELD, F_SPORT, 0 },
	{ 3, ASN_OCTET_STR, SK_FIELD, F_DST, 0 },
	{ 4, ASN_UNSIGNED, SK_FIELD, F_DPORT, 0 },
	{ 5, ASN_UNSIGNED, SK_FIELD, F_PROTO, 0 },
	{ 6, ASN_OCTET_STR, SK_FIELD, F_IFNAME, 0 },
	{ 7, ASN_UNSIGNED, SK_FIELD, F_TOKEN, 0 },
	{ 8, ASN_UNSIGNED, SK_FIELD, F_FLAG, 0 },
	{ 9, ASN_UNSIGNED, SK_FIELD, F_ROUTE, 0 },
	{ 10, ASN_INTEGER, SK_ADDRTYPE, F_GATEWAY, 0 },
	{ 11, ASN_OCTET_STR, SK_FIELD, F_GATEWAY, 0 },
	{ 12, ASN_UNSIGNED, SK_FIELD, F_TUNNEL, 0 },
	{ 13, ASN_UNSIGNED, SK_FIELD, F_PORT_SEQ, 0 },
	{ 14, ASN_UNSIGNED, SK_FIELD, F_FIN_SEQ, 0 },
	{ 15, ASN_UNSIGNED, SK_FIELD, F_FIN_STATE, 0 },
	{ 16, ASN_COUNTER64, SK_FIELD, F_PKTS, 0 },
	{ 17, ASN_COUNTER64, SK_FIELD, F_BYTES, 0 },
	{ 18, ASN_OCTET_STR, SK_ID8, F_CP_ID, 0 },
	{ 19, ASN_UNSIGNED, SK_FIELD, F_CONN_TAG, 0 },
};

#define NSESSION_COLS	(sizeof session_cols / sizeof session_cols[0])
#define NWING_COLS	(sizeof wing_cols / sizeof wing_cols[0])
static struct snmp_col all_session_cols[NSESSION_COLS + 2 * NWING_COLS];

/*
 * The node in an index is the cluster's node number, 0 outside a cluster;
 * the store's is n + 1 for node n, 0 outside (store.h).
 */
static uint32_t
node_in(const struct snmp_ctx *ctx, uint32_t k)
{
	return store_snap_clustered(ctx->snap) && k < UINT32_MAX ? k + 1 : k;
}

static uint32_t
node_out(const struct flow_pic *p)
{
	return p->node != 0 ? p->node - 1 : 0;
}

/* Index: node, fpc, pic, the identifier's high and low 32 bits. */
static void
key_to_flow(const struct snmp_ctx *ctx, const uint32_t *key,
    struct flow_key *fk)
{
	fk->node = node_in(ctx, key[0]);
	fk->fpc = key[1];
	fk->pic = key[2];
	fk->id = (uint64_t)key[3] << 32 | key[4];
}

static int
session_seek(struct snmp_ctx *ctx, const uint32_t *key, struct snmp_row *row)
{
	struct flow_key fk;

	key_to_flow(ctx, key, &fk);
	store_iter_seek(&row->it, ctx->snap, &fk);
	return (row->s = store_iter_next(&row->it, &row->pic)) != NULL;
}

static int
session_next(struct snmp_ctx *ctx, struct snmp_row *row)
{
	(void)ctx;
	return (row->s = store_iter_next(&row->it, &row->pic)) != NULL;
}

static void
session_key(const struct snmp_row *row, uint32_t *key)
{
	key[0] = node_out(row->pic);
	key[1] = row->pic->fpc;
	key[2] = row->pic->pic;
	key[3] = (uint32_t)(row->s->id >> 32);
	key[4] = (uint32_t)row->s->id;
}

static void
value_id8(struct snmp_value *v, uint64_t id)
{
	for (int i = 0; i < 8; i++)
		v->buf.bytes[i] = (uint8_t)(id >> (56 - 8 * i));
	v->p = v->buf.bytes;
	v->len = 8;
}

/* A field's value in the ASN.1 type of its column. */
static void
value_field(struct snmp_ctx *ctx, const struct snmp_col *c, const void *obj,
    struct snmp_value *v)
{
	const struct field *f = &field_table[c->arg];
	uint64_t n;

	switch (f->type) {
	case FT_ATOM: {
		const struct atom *a = atom_get(ctx->env.atoms,
		    *(const uint32_t *)(const void *)((const char *)obj + f->off));

		v->p = a->str;
		v->len = a->len;
		return;
	}
	case FT_ADDR: {
		uint8_t af = *((const uint8_t *)obj + f->aux);

		v->p = (const uint8_t *)obj + f->off;
		v->len = af == FLOW_AF_INET ? 4 : af == FLOW_AF_INET6 ? 16 : 0;
		return;
	}
	default:
		break;
	}
	n = field_number(f, obj, &ctx->env);
	if (c->asn == ASN_COUNTER64) {
		v->buf.c64.high = (u_long)(n >> 32);
		v->buf.c64.low = (u_long)(n & 0xffffffffu);
		v->p = &v->buf.c64;
		v->len = sizeof v->buf.c64;
	} else {
		v->buf.u32 = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
		v->p = &v->buf.u32;
		v->len = sizeof v->buf.u32;
	}
}

static int
session_value(struct snmp_ctx *ctx, const struct snmp_col *c,
    const struct snmp_row *row, struct snmp_value *v)
{
	const struct flow_session *s = row->s;
	const void *obj = s;
	struct sink out;
	uint8_t af;

	if (c->wing >= 0) {
		if (c->wing >= s->nwings)
			return 0;
		obj = &s->wing[c->wing];
	}
	if (c->arg >= 0 && (!field_present(&field_table[c->arg], obj) ||
	    field_na(&field_table[c->arg], obj)))
		return 0;	/* N/A: no instance (the MIB says so) */
	v->type = c->asn;
	switch (c->kind) {
	case SK_FIELD:
		value_field(ctx, c, obj, v);
		return 1;
	case SK_STATE:
		v->buf.l = (long)s->state + 1;
		v->p = &v->buf.l;
		v->len = sizeof v->buf.l;
		return 1;
	case SK_ADDRTYPE:
		/* InetAddressType: unknown(0), ipv4(1), ipv6(2) */
		af = *((const uint8_t *)obj + field_table[c->arg].aux);
		v->buf.l = af == FLOW_AF_INET ? 1 : af == FLOW_AF_INET6 ? 2 : 0;
		v->p = &v->buf.l;
		v->len = sizeof v->buf.l;
		return 1;
	case SK_ID8:
		value_id8(v, field_number(&field_table[c->arg], obj, &ctx->env));
		return 1;
	case SK_TEXT:
		if (sink_mem(&out) != 0)
			return 0;
		render_session_text(ctx->snap, s, RENDER_DEFAULT,
		    snmp_release, &out);
		v->alloc = sink_take(&out, &v->len);
		sink_close(&out);
		if (v->alloc == NULL)
			return 0;
		v->p = v->alloc;
		return 1;
	}
	return 0;
}

static struct snmp_table session_table = {
	.name = "flowSessionTable",
	.root = { FLOW_MIB_SESSION_TABLE },
	.root_len = OID_LENGTH(((oid[]){ FLOW_MIB_SESSION_TABLE })),
	.index = { 5, { 255, UINT32_MAX, UINT32_MAX, UINT32_MAX,
	    UINT32_MAX } },
	.cols = all_session_cols,
	.ncols = sizeof all_session_cols / sizeof all_session_cols[0],
	.seek = session_seek,
	.next = session_next,
	.key = session_key,
	.value = session_value,
};

/* PIC columns. */
enum {
	PK_NAME,	/* "FPC10 PIC1" */
	PK_COUNT,	/* arg: 5 * resource-manager + state, state 4 = total */
	PK_MAX,
	PK_NODE_NAME	/* "node0", "" */
};

static const struct snmp_col pic_cols[] = {
	{ 3, ASN_OCTET_STR, PK_NAME, 0, -1 },
	{ 4, ASN_GAUGE, PK_COUNT, 0, -1 },
	{ 5, ASN_GAUGE, PK_COUNT, 1, -1 },
	{ 6, ASN_GAUGE, PK_COUNT, 2, -1 },
	{ 7, ASN_GAUGE, PK_COUNT, 3, -1 },
	{ 8, ASN_GAUGE, PK_COUNT, 4, -1 },
	{ 9, ASN_GAUGE, PK_COUNT, 5, -1 },
	{ 10, ASN_GAUGE, PK_COUNT, 6, -1 },
	{ 11, ASN_GAUGE, PK_COUNT, 7, -1 },
	{ 12, ASN_GAUGE, PK_COUNT, 8, -1 },
	{ 13, ASN_GAUGE, PK_COUNT, 9, -1 },
	{ 14, ASN_GAUGE, PK_MAX, 0, -1 },
	{ 16, ASN_OCTET_STR, PK_NODE_NAME, 0, -1 },
};

static int
pic_seek(struct snmp_ctx *ctx, const uint32_t *key, struct snmp_row *row)
{
	row->pic_index = store_snap_pic_seek_n(ctx->snap, node_in(ctx, key[0]),
	    key[1], key[2]);
	return (row->pic = store_snap_pic(ctx->snap, row->pic_index)) != NULL;
}

static int
pic_next(struct snmp_ctx *ctx, struct snmp_row *row)
{
	row->pic_index++;
	return (row->pic = store_snap_pic(ctx->snap, row->pic_index)) != NULL;
}

static void
pic_key(const struct snmp_row *row, uint32_t *key)
{
	key[0] = node_out(row->pic);
	key[1] = row->pic->fpc;
	key[2] = row->pic->pic;
}

static int
pic_value(struct snmp_ctx *ctx, const struct snmp_col *c,
    const struct snmp_row *row, struct snmp_value *v)
{
	const struct flow_pic *p = row->pic;
	uint64_t counts[FLOW_STATE__COUNT], n = 0;
	const char *name;
	size_t len;

	v->type = c->asn;
	switch (c->kind) {
	case PK_NAME:
		/* The header's " on FPC10 PIC1:" without " on " and ":". */
		name = p->has_header ? atom_str(ctx->env.atoms, p->name) : "";
		len = strlen(name);
		if (strncmp(name, " on ", 4) == 0) {
			name += 4;
			len -= 4;
		}
		if (len > 0 && name[len - 1] == ':')
			len--;
		v->p = name;
		v->len = len;
		return 1;
	case PK_COUNT:
		flow_pic_counts(p, c->arg >= 5, counts);
		if (c->arg % 5 == 4)
			n = counts[0] + counts[1] + counts[2] + counts[3];
		else
			n = counts[c->arg % 5];
		break;
	case PK_MAX:
		n = p->max_sessions;
		break;
	case PK_NODE_NAME:
		v->p = p->node_name != 0 ? atom_str(ctx->env.atoms,
		    p->node_name) : "";
		v->len = strlen(v->p);
		return 1;
	}
	v->buf.u32 = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	v->p = &v->buf.u32;
	v->len = sizeof v->buf.u32;
	return 1;
}

static struct snmp_table pic_table = {
	.name = "flowPicTable",
	.root = { FLOW_MIB_PIC_TABLE },
	.root_len = OID_LENGTH(((oid[]){ FLOW_MIB_PIC_TABLE })),
	.index = { 3, { 255, UINT32_MAX, UINT32_MAX } },
	.cols = pic_cols,
	.ncols = sizeof pic_cols / sizeof pic_cols[0],
	.seek = pic_seek,
	.next = pic_next,
	.key = pic_key,
	.value = pic_value,
};

int
snmp_tables_register(struct store *st, const char *release)
{
	snmp_release = release;
	size_t n = 0;

	/* The session columns, then each wing's, in column order. */
	for (size_t i = 0; i < NSESSION_COLS; i++)
		all_session_cols[n++] = session_cols[i];
	for (int w = 0; w < 2; w++)
		for (size_t i = 0; i < NWING_COLS; i++) {
			all_session_cols[n] = wing_cols[i];
			all_session_cols[n].col += w == 0 ? FLOW_COL_WING_IN :
			    FLOW_COL_WING_OUT;
			all_session_cols[n++].wing = (int8_t)w;
		}
	if (snmp_table_register(&pic_table, st) != 0 ||
	    snmp_table_register(&session_table, st) != 0)
		return -1;
	return 0;
}
