/*
 * snmp_table.c: GET and GETNEXT for a described table (see snmp_table.h).
 *
 * An instance is table.1.column.index.  GET needs exactly a column and an
 * index of a row that has a value in that column (else noSuchObject for a
 * name that is no column, noSuchInstance otherwise).  GETNEXT returns the
 * first instance after the name in OID order (or at it, when the AgentX
 * request says the start is inclusive): within a column, rows in index order
 * from the first index after the name's suffix; then the following columns
 * from their first row.  Columns are sparse: a row without a value in a
 * column is skipped.  Each request pins one snapshot of the store.
 */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "snmp_table.h"

struct table_reg {
	const struct snmp_table	*t;
	struct store		*st;
};

/*
 * A request's index sub-identifiers.  AgentX carries 32-bit ones, but
 * net-snmp 5.9.3's parser (agentx_parse_int returns int) sign-extends those
 * of 2^31 and above into its 64-bit oid: 4294967295 arrives as 2^64 - 1.
 * The low 32 bits are what the master sent.
 */
static size_t
table_suffix(const oid *name, size_t len, size_t base, uint64_t *sfx)
{
	for (size_t i = base; i < len; i++)
		sfx[i - base] = (uint64_t)name[i] & 0xffffffffu;
	return len - base;
}

static const struct snmp_col *
table_col(const struct snmp_table *t, uint64_t col, int at_least)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (at_least ? t->cols[i].col >= col : t->cols[i].col == col)
			return &t->cols[i];
	return NULL;
}

static void
table_set(netsnmp_variable_list *var, const struct snmp_value *v)
{
	snmp_set_var_typed_value(var, v->type, v->p, v->len);
}

static void
value_done(struct snmp_value *v)
{
	free(v->alloc);
	v->alloc = NULL;
}

/* The row whose index is exactly key. */
static int
table_find(const struct snmp_table *t, struct snmp_ctx *ctx,
    const uint32_t *key, struct snmp_row *row)
{
	uint32_t got[SNMP_INDEX_MAX];

	if (!t->seek(ctx, key, row))
		return 0;
	t->key(row, got);
	return memcmp(got, key, t->index.n * sizeof key[0]) == 0;
}

static void
table_get(const struct snmp_table *t, struct snmp_ctx *ctx,
    netsnmp_agent_request_info *ri, netsnmp_request_info *req)
{
	const oid *name = req->requestvb->name;
	size_t len = req->requestvb->name_length, base = t->root_len + 2;
	uint64_t sfx[MAX_OID_LEN];
	uint32_t key[SNMP_INDEX_MAX];
	const struct snmp_col *c;
	struct snmp_row row;
	struct snmp_value v;

	if (len < base || snmp_oid_compare(name, t->root_len, t->root,
	    t->root_len) != 0 || name[t->root_len] != 1 ||
	    (c = table_col(t, name[t->root_len + 1], 0)) == NULL) {
		netsnmp_set_request_error(ri, req, SNMP_NOSUCHOBJECT);
		return;
	}
	memset(&v, 0, sizeof v);
	if (snmp_index_exact(&t->index, sfx, table_suffix(name, len, base, sfx),
	    key) != 0 ||
	    !table_find(t, ctx, key, &row) || !t->value(ctx, c, &row, &v)) {
		netsnmp_set_request_error(ri, req, SNMP_NOSUCHINSTANCE);
		return;
	}
	table_set(req->requestvb, &v);
	value_done(&v);
}

static void
table_getnext(const struct snmp_table *t, struct snmp_ctx *ctx,
    netsnmp_request_info *req)
{
	const oid *name = req->requestvb->name;
	size_t len = req->requestvb->name_length, entry = t->root_len + 1;
	uint64_t sfx[MAX_OID_LEN];
	uint32_t key[SNMP_INDEX_MAX];
	const struct snmp_col *c = NULL;
	int from_key = 0, cmp;
	struct snmp_row row;
	struct snmp_value v;
	oid out[MAX_OID_LEN];

	/* Where the name stands against table.1: before, in, or past. */
	{
		size_t n = len < t->root_len ? len : t->root_len;

		cmp = snmp_oid_compare(name, n, t->root, n);
		if (cmp == 0)
			cmp = len <= t->root_len ? -1 :
			    name[t->root_len] < 1 ? -1 :
			    name[t->root_len] > 1 ? 1 : 0;
	}
	if (cmp > 0)
		return;
	if (cmp < 0 || len == entry)
		c = t->ncols > 0 ? &t->cols[0] : NULL;
	else {
		c = table_col(t, name[entry], 1);
		if (c != NULL && c->col == name[entry]) {
			size_t n = table_suffix(name, len, entry + 1, sfx);

			if (snmp_index_next(&t->index, sfx, n, req->inclusive,
			    key) == 0)
				from_key = 1;
			else
				c = c + 1 < t->cols + t->ncols ? c + 1 : NULL;
		}
	}
	memset(&v, 0, sizeof v);
	for (; c != NULL && c < t->cols + t->ncols; c++, from_key = 0) {
		int found;

		if (!from_key)
			memset(key, 0, sizeof key);
		for (found = t->seek(ctx, key, &row); found;
		    found = t->next(ctx, &row)) {
			uint32_t k[SNMP_INDEX_MAX];

			if (!t->value(ctx, c, &row, &v))
				continue;
			memcpy(out, t->root, t->root_len * sizeof(oid));
			out[t->root_len] = 1;
			out[entry] = c->col;
			t->key(&row, k);
			for (unsigned i = 0; i < t->index.n; i++)
				out[entry + 1 + i] = k[i];
			snmp_set_var_objid(req->requestvb, out,
			    entry + 1 + t->index.n);
			table_set(req->requestvb, &v);
			value_done(&v);
			return;
		}
	}
	/* Nothing after the name here: the agent moves on to the next
	 * registration (the varbind stays unprocessed). */
}

static int
table_handler(netsnmp_mib_handler *handler,
    netsnmp_handler_registration *reg, netsnmp_agent_request_info *ri,
    netsnmp_request_info *requests)
{
	struct table_reg *tr = handler->myvoid;
	struct snmp_ctx ctx;

	(void)reg;
	ctx.snap = store_acquire(tr->st);
	field_env_init(&ctx.env, store_snap_atoms(ctx.snap), 0);
	for (netsnmp_request_info *req = requests; req; req = req->next) {
		if (req->processed)
			continue;
		switch (ri->mode) {
		case MODE_GET:
			table_get(tr->t, &ctx, ri, req);
			break;
		case MODE_GETNEXT:
			table_getnext(tr->t, &ctx, req);
			break;
		default:
			netsnmp_set_request_error(ri, req, SNMP_ERR_NOTWRITABLE);
			break;
		}
	}
	field_env_free(&ctx.env);
	store_release(ctx.snap);
	return SNMP_ERR_NOERROR;
}

int
snmp_table_register(const struct snmp_table *t, struct store *st)
{
	netsnmp_handler_registration *reg;
	struct table_reg *tr;

	if ((tr = calloc(1, sizeof *tr)) == NULL)
		return -1;
	tr->t = t;
	tr->st = st;
	reg = netsnmp_create_handler_registration(t->name, table_handler,
	    t->root, t->root_len, HANDLER_CAN_RONLY);
	if (reg == NULL) {
		free(tr);
		return -1;
	}
	reg->handler->myvoid = tr;
	reg->handler->data_free = free;
	if (netsnmp_register_handler(reg) != MIB_REGISTERED_OK)
		return -1;
	return 0;
}
