/* field.c: formatting and parsing of field values, by type (see field.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"

/*
 * Protocol names as Junos prints them in the flow tuple ("...;tcp") and
 * accepts in `show security flow session protocol NAME`.  Other numbers
 * print as numbers.
 */
static const struct {
	uint8_t		 num;
	const char	*name;
} proto_names[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipip" }, { 6, "tcp" },
	{ 8, "egp" }, { 17, "udp" }, { 46, "rsvp" }, { 47, "gre" },
	{ 50, "esp" }, { 51, "ah" }, { 58, "icmp6" }, { 89, "ospf" },
	{ 103, "pim" }, { 132, "sctp" },
};

const char *
proto_name(uint8_t num)
{
	for (size_t i = 0; i < sizeof proto_names / sizeof proto_names[0]; i++)
		if (proto_names[i].num == num)
			return proto_names[i].name;
	return NULL;
}

static int
parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9 || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int
proto_parse(const char *s, size_t len, uint8_t *num)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof proto_names / sizeof proto_names[0]; i++)
		if (strlen(proto_names[i].name) == len &&
		    strncasecmp(proto_names[i].name, s, len) == 0) {
			*num = proto_names[i].num;
			return 0;
		}
	if (parse_u64(s, len, 255, &v) != 0)
		return -1;
	*num = (uint8_t)v;
	return 0;
}

static unsigned
digits10(uint64_t v)
{
	unsigned n = 1;

	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

/* Two digits at a time, straight into place. */
size_t
fmt_u64(char *buf, uint64_t v)
{
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324252627282930"
	    "31323334353637383940414243444546474849505152535455565758596061"
	    "62636465666768697071727374757677787980818283848586878889909192"
	    "93949596979899";
	unsigned len = digits10(v), n = len;

	/* 32-bit division is cheaper: most values fit. */
	while (v > UINT32_MAX) {
		unsigned i = (unsigned)(v % 100) * 2;

		v /= 100;
		buf[--n] = pairs[i + 1];
		buf[--n] = pairs[i];
	}
	for (uint32_t w = (uint32_t)v; ; ) {
		if (w < 100) {
			v = w;
			break;
		}
		unsigned i = (w % 100) * 2;

		w /= 100;
		buf[--n] = pairs[i + 1];
		buf[--n] = pairs[i];
	}
	while (v >= 100) {
		unsigned i = (unsigned)(v % 100) * 2;

		v /= 100;
		buf[--n] = pairs[i + 1];
		buf[--n] = pairs[i];
	}
	if (v >= 10) {
		buf[--n] = pairs[v * 2 + 1];
		buf[--n] = pairs[v * 2];
	} else
		buf[--n] = (char)('0' + v);
	return len;
}

size_t
fmt_hex32(char *buf, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[8];
	size_t n = sizeof tmp;

	do {
		tmp[--n] = hex[v & 15];
		v >>= 4;
	} while (v != 0);
	buf[0] = '0';
	buf[1] = 'x';
	memcpy(buf + 2, tmp + n, sizeof tmp - n);
	return 2 + sizeof tmp - n;
}

void
field_env_init(struct field_env *env, const struct atom_table *atoms,
    int large)
{
	memset(env, 0, sizeof *env);
	env->atoms = atoms;
	store_clock(&env->clock);
	env->addr = env->small;
	env->addr_mask = FIELD_ADDR_SMALL - 1;
	if (large) {
		/* Zero pages from the kernel: untouched slots cost nothing. */
		struct field_addr *c = calloc(FIELD_ADDR_LARGE, sizeof *c);

		if (c != NULL) {
			env->addr = c;
			env->addr_mask = FIELD_ADDR_LARGE - 1;
		}
	}
}

void
field_env_free(struct field_env *env)
{
	if (env->addr != env->small)
		free(env->addr);
	env->addr = env->small;
}

static const uint32_t *
field_mask(const struct field *f, const void *obj)
{
	switch (f->obj) {
	case FO_SESSION:
	case FO_RM:
		return &((const struct flow_session *)obj)->present;
	case FO_WING:
		return &((const struct flow_wing *)obj)->present;
	case FO_BLOCK:
		return &((const struct flow_block *)obj)->present;
	default:
		return &((const struct flow_summary *)obj)->present;
	}
}

int
field_present(const struct field *f, const void *obj)
{
	return (*field_mask(f, obj) >> f->bit) & 1;
}

int
field_na(const struct field *f, const void *obj)
{
	return (f->flags & FF_NA) && f->obj == FO_SESSION &&
	    ((((const struct flow_session *)obj)->na >> f->bit) & 1);
}

uint64_t
field_number(const struct field *f, const void *obj,
    const struct field_env *env)
{
	const char *p = (const char *)obj + f->off;

	if (field_na(f, obj))
		return 0;
	if (f->get != NULL)
		return f->get(obj, env);
	switch (f->type) {
	case FT_U64:
		return *(const uint64_t *)(const void *)p;
	case FT_PORT:
		return *(const uint16_t *)(const void *)p;
	case FT_PROTO:
	case FT_DIR:
		return *(const uint8_t *)p;
	default:
		return *(const uint32_t *)(const void *)p;
	}
}

static void
field_addr(const struct field *f, const void *obj, struct field_env *env,
    struct field_val *v)
{
	const uint8_t *a = (const uint8_t *)obj + f->off;
	uint8_t af = *((const uint8_t *)obj + f->aux);
	size_t alen = af == FLOW_AF_INET ? 4 : 16;
	uint32_t h = 2166136261u;
	unsigned i;

	if (af == FLOW_AF_NONE) {
		v->s = "";
		v->len = 0;
		return;
	}
	for (size_t k = 0; k < alen; k++)
		h = (h ^ a[k]) * 16777619u;
	i = (h ^ (h >> 16)) & env->addr_mask;
	if (env->addr[i].af != af || memcmp(env->addr[i].addr, a, alen) != 0) {
		if (inet_ntop(af == FLOW_AF_INET ? AF_INET : AF_INET6, a,
		    env->addr[i].text, sizeof env->addr[i].text) == NULL) {
			env->addr[i].af = FLOW_AF_NONE;
			v->s = "";
			v->len = 0;
			return;
		}
		env->addr[i].af = af;
		memcpy(env->addr[i].addr, a, alen);
		env->addr[i].len = (uint8_t)strlen(env->addr[i].text);
	}
	v->s = env->addr[i].text;
	v->len = env->addr[i].len;
}

size_t
field_format_number(const struct field *f, const void *obj,
    const struct field_env *env, char *buf)
{
	if (field_na(f, obj)) {
		memcpy(buf, "N/A", sizeof "N/A");	/* with its NUL, as fmt_u64 */
		return 3;
	}
	if (f->type == FT_HEX32)
		return fmt_hex32(buf, (uint32_t)field_number(f, obj, env));
	return fmt_u64(buf, field_number(f, obj, env));
}

void
field_format(const struct field *f, const void *obj, struct field_env *env,
    struct field_val *v)
{
	const char *name;

	v->atom = NULL;
	v->s = v->buf;
	if (field_na(f, obj)) {
		v->s = "N/A";
		v->len = 3;
		return;
	}
	switch (f->type) {
	case FT_FLAG:
		v->s = "";
		v->len = 0;
		break;
	case FT_ATOM:
		v->atom = atom_get(env->atoms,
		    *(const uint32_t *)(const void *)((const char *)obj + f->off));
		v->s = v->atom->str;
		v->len = v->atom->len;
		break;
	case FT_ADDR:
		field_addr(f, obj, env, v);
		break;
	case FT_HEX32:
		v->len = fmt_hex32(v->buf, (uint32_t)field_number(f, obj, env));
		break;
	case FT_PROTO:
		if ((name = proto_name((uint8_t)field_number(f, obj, env))) != NULL) {
			v->s = name;
			v->len = strlen(name);
		} else
			v->len = fmt_u64(v->buf, field_number(f, obj, env));
		break;
	case FT_DIR:
		v->s = field_number(f, obj, env) == FLOW_DIR_OUT ? "Out" : "In";
		v->len = strlen(v->s);
		break;
	default:
		v->len = fmt_u64(v->buf, field_number(f, obj, env));
		break;
	}
}

static int
parse_hex32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (len == 0 || len > 8)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + (uint64_t)d;
	}
	*out = (uint32_t)v;
	return 0;
}

static int
parse_addr(const char *s, size_t len, uint8_t *addr, uint8_t *af)
{
	char buf[64];

	if (len == 0) {
		memset(addr, 0, 16);
		*af = FLOW_AF_NONE;
		return 0;
	}
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, buf, addr) == 1) {
		*af = FLOW_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, addr) == 1) {
		*af = FLOW_AF_INET6;
		return 0;
	}
	return -1;
}

int
field_parse(const struct field *f, void *obj, const char *s, size_t len,
    struct atom_table *atoms, char *err, size_t errlen)
{
	char *p = (char *)obj + f->off;
	uint64_t v;
	uint32_t id;
	const char *what = "number";
	int rc = 0;

	if ((f->flags & FF_NA) && f->obj == FO_SESSION && len == 3 &&
	    memcmp(s, "N/A", 3) == 0) {
		/* Stored as not applicable: printed back as it came. */
		((struct flow_session *)obj)->na |= 1u << f->bit;
		memset(p, 0, f->type == FT_U64 ? 8 : 4);
		field_mark(f, obj);
		return 0;
	}
	if (f->obj == FO_SESSION)
		((struct flow_session *)obj)->na &= ~(1u << f->bit);
	switch (f->type) {
	case FT_FLAG:
		break;
	case FT_ATOM:
		if ((id = atom_intern(atoms, s, len)) == UINT32_MAX) {
			snprintf(err, errlen, "out of memory for <%s>", f->name);
			return -1;
		}
		memcpy(p, &id, sizeof id);
		break;
	case FT_U32:
		if ((rc = parse_u64(s, len, UINT32_MAX, &v)) == 0) {
			uint32_t u = (uint32_t)v;
			memcpy(p, &u, sizeof u);
		}
		what = "unsigned 32-bit number";
		break;
	case FT_U64:
		if ((rc = parse_u64(s, len, UINT64_MAX, &v)) == 0)
			memcpy(p, &v, sizeof v);
		what = "unsigned 64-bit number";
		break;
	case FT_PORT:
		if ((rc = parse_u64(s, len, 65535, &v)) == 0) {
			uint16_t u = (uint16_t)v;
			memcpy(p, &u, sizeof u);
		}
		what = "port number";
		break;
	case FT_HEX32: {
		uint32_t u;

		if ((rc = parse_hex32(s, len, &u)) == 0)
			memcpy(p, &u, sizeof u);
		what = "32-bit hexadecimal number";
		break;
	}
	case FT_PROTO:
		rc = proto_parse(s, len, (uint8_t *)p);
		what = "protocol name or number";
		break;
	case FT_DIR:
		if (len == 2 && memcmp(s, "In", 2) == 0)
			*(uint8_t *)p = FLOW_DIR_IN;
		else if (len == 3 && memcmp(s, "Out", 3) == 0)
			*(uint8_t *)p = FLOW_DIR_OUT;
		else
			rc = -1;
		what = "direction (In or Out)";
		break;
	case FT_ADDR:
		rc = parse_addr(s, len, (uint8_t *)p, (uint8_t *)obj + f->aux);
		what = "IPv4 or IPv6 address";
		break;
	}
	if (rc != 0) {
		snprintf(err, errlen, "<%s>: '%.*s' is not a valid %s", f->name,
		    len > 64 ? 64 : (int)len, s, what);
		return -1;
	}
	field_mark(f, obj);
	return 0;
}

void
field_mark(const struct field *f, void *obj)
{
	*(uint32_t *)(uintptr_t)field_mask(f, obj) |= 1u << f->bit;
}

const struct field *
field_by_name(const char *name)
{
	for (int i = 0; i < F__COUNT; i++)
		if (strcmp(field_table[i].name, name) == 0)
			return &field_table[i];
	return NULL;
}
