/*
 * nc_intercept.c: our definitions of two libyang functions, which take
 * precedence over libyang's for libnetconf2's calls (the executable exports
 * them: -Wl,--export-dynamic-symbol) and hand on to libyang's own.
 *
 * lyd_parse_op: libnetconf2 parses every request with it, and libyang
 * rejects what Junos clients send (an operation without a namespace, an
 * unqualified format attribute, <command> text) before any callback could
 * see it.  Requests are rewritten first (nc_rewrite.c).
 *
 * lyd_print_clb: libnetconf2 prints every reply with it.  A reply queued by
 * nc_stream.c is written by the renderer, 64 KiB at a time, instead.
 *
 * A request libyang refuses gets libnetconf2's generic operation-failed;
 * the error is classified here when parsing fails and the reply corrected
 * as it is printed: operation-not-supported, unknown-element,
 * unknown-namespace or invalid-value (RFC 6241 appendix A), with the
 * element in error-info.
 *
 * ncs_intercept_check() refuses to start when the dynamic linker did not
 * bind libnetconf2 to these (a static or -Bsymbolic build).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "nc.h"

typedef LY_ERR (*parse_op_fn)(const struct ly_ctx *, struct lyd_node *,
    struct ly_in *, LYD_FORMAT, enum lyd_type, struct lyd_node **,
    struct lyd_node **);
typedef LY_ERR (*print_clb_fn)(ly_write_clb, void *, const struct lyd_node *,
    LYD_FORMAT, uint32_t);

static parse_op_fn	real_parse_op;
static print_clb_fn	real_print_clb;
static pthread_once_t	real_once = PTHREAD_ONCE_INIT;

static void
real_init(void)
{
	real_parse_op = (parse_op_fn)dlsym(RTLD_NEXT, "lyd_parse_op");
	real_print_clb = (print_clb_fn)dlsym(RTLD_NEXT, "lyd_print_clb");
}

int
ncs_intercept_check(void)
{
	pthread_once(&real_once, real_init);
	return real_parse_op != NULL && real_print_clb != NULL &&
	    dlsym(RTLD_DEFAULT, "lyd_parse_op") == (void *)lyd_parse_op &&
	    dlsym(RTLD_DEFAULT, "lyd_print_clb") == (void *)lyd_print_clb ?
	    0 : -1;
}

/* Why the last request of this thread failed to parse. */
static __thread struct {
	const char	*tag, *type;
	char		 info[16];	/* bad-element or bad-namespace */
	char		 what[128];
} parse_err;

static void
copy_quoted(const char *msg, const char *after, char *buf, size_t len)
{
	const char *p = strstr(msg, after), *e;

	buf[0] = '\0';
	if (p == NULL || (p = strchr(p, '"')) == NULL ||
	    (e = strchr(p + 1, '"')) == NULL || (size_t)(e - p - 1) >= len)
		return;
	memcpy(buf, p + 1, (size_t)(e - p - 1));
	buf[e - p - 1] = '\0';
}

static void
classify(const struct ly_ctx *ctx)
{
	const char *msg = ly_errmsg(ctx), *path = ly_errpath(ctx), *slash;

	memset(&parse_err, 0, sizeof parse_err);
	if (msg == NULL)
		return;
	if (strstr(msg, "\" not found in the \"") != NULL ||
	    strstr(msg, "Missing XML namespace") != NULL) {
		parse_err.tag = "operation-not-supported";
		parse_err.type = "protocol";
	} else if (strstr(msg, "\" not found as a child of") != NULL) {
		parse_err.tag = "unknown-element";
		parse_err.type = "protocol";
		strcpy(parse_err.info, "bad-element");
		copy_quoted(msg, "Node", parse_err.what,
		    sizeof parse_err.what);
	} else if (strncmp(msg, "No module with namespace", 24) == 0) {
		parse_err.tag = "unknown-namespace";
		parse_err.type = "protocol";
		strcpy(parse_err.info, "bad-namespace");
		copy_quoted(msg, "namespace", parse_err.what,
		    sizeof parse_err.what);
	} else if (strstr(msg, "alue") != NULL ||
	    strstr(msg, "prefix") != NULL || strstr(msg, "type ") != NULL) {
		parse_err.tag = "invalid-value";
		parse_err.type = "protocol";
		if (path != NULL && (slash = strrchr(path, '/')) != NULL &&
		    strlen(slash + 1) < sizeof parse_err.what) {
			strcpy(parse_err.info, "bad-element");
			strcpy(parse_err.what, slash + 1);
			/* Drop the quote, a predicate, a module prefix. */
			parse_err.what[strcspn(parse_err.what, "[\"")] = '\0';
			if (strchr(parse_err.what, ':') != NULL)
				memmove(parse_err.what,
				    strchr(parse_err.what, ':') + 1,
				    strlen(strchr(parse_err.what, ':')));
			/* A filter's select is an attribute of <filter>. */
			if (strcmp(parse_err.what, "get") == 0)
				strcpy(parse_err.what, "filter");
		}
	}
}

static void
set_value(struct lyd_node *n, const char *v)
{
	struct lyd_node_opaq *o = (struct lyd_node_opaq *)n;
	const struct ly_ctx *ctx = LYD_CTX(n);
	const char *d;

	if (lydict_insert(ctx, v, 0, &d) != LY_SUCCESS)
		return;
	lydict_remove(ctx, o->value);
	o->value = d;
}

/* libnetconf2's operation-failed, corrected from parse_err. */
static void
fix_error(const struct lyd_node *root)
{
	struct lyd_node *err = lyd_child(root), *c, *info, *n;
	const struct lyd_node_opaq *eo = (const struct lyd_node_opaq *)err;

	if (err == NULL || err->schema != NULL ||
	    strcmp(eo->name.name, "rpc-error") != 0)
		return;
	LY_LIST_FOR(lyd_child(err), c) {
		const char *name = ((struct lyd_node_opaq *)c)->name.name;

		if (c->schema != NULL)
			continue;
		if (strcmp(name, "error-tag") == 0)
			set_value(c, parse_err.tag);
		else if (strcmp(name, "error-type") == 0)
			set_value(c, parse_err.type);
	}
	if (parse_err.info[0] != '\0' && parse_err.what[0] != '\0' &&
	    lyd_new_opaq2(err, NULL, "error-info", NULL, eo->name.prefix,
	    eo->name.module_ns, &info) == LY_SUCCESS)
		lyd_new_opaq2(info, NULL, parse_err.info, parse_err.what,
		    eo->name.prefix, eo->name.module_ns, &n);
}

LY_ERR
lyd_parse_op(const struct ly_ctx *ctx, struct lyd_node *parent,
    struct ly_in *in, LYD_FORMAT format, enum lyd_type type,
    struct lyd_node **tree, struct lyd_node **op)
{
	struct ly_in *in2;
	const char *msg;
	char *rewritten;
	LY_ERR rc;

	pthread_once(&real_once, real_init);
	parse_err.tag = NULL;
	if (type != LYD_TYPE_RPC_NETCONF || format != LYD_XML ||
	    ly_in_type(in) != LY_IN_MEMORY ||
	    (msg = ly_in_memory(in, NULL)) == NULL ||
	    ncs_rewrite(msg, strlen(msg), &rewritten) != 1)
		rc = real_parse_op(ctx, parent, in, format, type, tree, op);
	else if (ly_in_new_memory(rewritten, &in2) != LY_SUCCESS) {
		free(rewritten);
		rc = real_parse_op(ctx, parent, in, format, type, tree, op);
	} else {
		rc = real_parse_op(ctx, parent, in2, format, type, tree, op);
		ly_in_free(in2, 0);
		free(rewritten);
	}
	if (rc != LY_SUCCESS && type == LYD_TYPE_RPC_NETCONF)
		classify(ctx);
	return rc;
}

LY_ERR
lyd_print_clb(ly_write_clb clb, void *arg, const struct lyd_node *root,
    LYD_FORMAT format, uint32_t options)
{
	pthread_once(&real_once, real_init);
	if (parse_err.tag != NULL && root != NULL && root->schema == NULL) {
		fix_error(root);
		parse_err.tag = NULL;
	}
	if (format == LYD_XML && ncs_stream_owns(root))
		return ncs_stream_write(clb, arg, root) == 0 ? LY_SUCCESS :
		    LY_ESYS;
	return real_print_clb(clb, arg, root, format, options);
}
