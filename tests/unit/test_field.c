/* test_field.c: the field table's integrity and the value types. */
#include <stdlib.h>

#include "check.h"
#include "field.h"

static struct atom_table atoms;

static const char *
fmt(const struct field *f, const void *obj)
{
	static struct field_val v;
	static char out[128];
	struct field_env env;

	field_env_init(&env, &atoms, 0);
	field_format(f, obj, &env, &v);
	memcpy(out, v.s, v.len);
	out[v.len] = '\0';
	field_env_free(&env);
	return out;
}

static int
parse(int fi, void *obj, const char *s)
{
	char err[256];

	return field_parse(&field_table[fi], obj, s, strlen(s), &atoms, err,
	    sizeof err);
}

int
main(void)
{
	struct flow_session s;
	struct flow_wing *w = &s.wing[0];
	char buf[64], err[256];
	size_t sizes[] = { [FO_SESSION] = sizeof(struct flow_session),
	    [FO_RM] = sizeof(struct flow_session),
	    [FO_WING] = sizeof(struct flow_wing),
	    [FO_BLOCK] = sizeof(struct flow_block),
	    [FO_SUMMARY] = sizeof(struct flow_summary) };
	uint8_t proto;

	CHECK(atom_init(&atoms) == 0);

	/* Table: unique names, offsets inside their object, one bit each. */
	for (int i = 0; i < F__COUNT; i++) {
		const struct field *f = &field_table[i];

		CHECK(f->name != NULL);
		CHECK(field_by_name(f->name) == f);
		CHECK(f->off < sizes[f->obj]);
		CHECK(f->bit < 32);
		for (int j = 0; j < i; j++) {
			int same = field_table[j].obj == f->obj ||
			    (field_table[j].obj <= FO_RM && f->obj <= FO_RM);

			CHECK(!(same && field_table[j].bit == f->bit));
		}
	}
	CHECK(field_by_name("no-such-field") == NULL);

	/* Integers against printf. */
	{
		static const uint64_t vals[] = { 0, 1, 9, 10, 99, 100, 101, 999,
		    4294967295ULL, 4294967296ULL, 17179902569ULL,
		    9999999999999999999ULL, UINT64_MAX };

		for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
			char want[32];
			size_t n = fmt_u64(buf, vals[i]);

			snprintf(want, sizeof want, "%" PRIu64, vals[i]);
			buf[n] = '\0';
			CHECK_STR(buf, want);
		}
		buf[fmt_hex32(buf, 0)] = '\0';
		CHECK_STR(buf, "0x0");
		buf[fmt_hex32(buf, 0xc0002621)] = '\0';
		CHECK_STR(buf, "0xc0002621");
		buf[fmt_hex32(buf, UINT32_MAX)] = '\0';
		CHECK_STR(buf, "0xffffffff");
	}

	/* Protocols: Junos names, numbers otherwise. */
	CHECK(proto_parse("tcp", 3, &proto) == 0 && proto == 6);
	CHECK(proto_parse("UDP", 3, &proto) == 0 && proto == 17);
	CHECK(proto_parse("icmp6", 5, &proto) == 0 && proto == 58);
	CHECK(proto_parse("0", 1, &proto) == 0 && proto == 0);
	CHECK(proto_parse("255", 3, &proto) == 0 && proto == 255);
	CHECK(proto_parse("256", 3, &proto) != 0);
	CHECK(proto_parse("tcpx", 4, &proto) != 0);
	CHECK(proto_parse("", 0, &proto) != 0);
	CHECK_STR(proto_name(47), "gre");
	CHECK(proto_name(200) == NULL);

	/* Parsing sets the value and the presence bit; formatting agrees. */
	memset(&s, 0, sizeof s);
	CHECK(parse(F_SESSION_ID, &s, "18446744073709551615") == 0);
	CHECK_U64(s.id, UINT64_MAX);
	CHECK(s.present & (1u << FP_ID));
	CHECK_STR(fmt(&field_table[F_SESSION_ID], &s), "18446744073709551615");
	CHECK(parse(F_SESSION_ID, &s, "18446744073709551616") != 0);
	CHECK(parse(F_SESSION_ID, &s, "-1") != 0);
	CHECK(parse(F_SESSION_ID, &s, "") != 0);
	CHECK(parse(F_SESSION_ID, &s, " 1") != 0);
	CHECK(parse(F_TIMEOUT, &s, "4294967295") == 0);
	CHECK(parse(F_TIMEOUT, &s, "4294967296") != 0);
	CHECK(parse(F_POLICY, &s, "p1/4") == 0);
	CHECK_STR(fmt(&field_table[F_POLICY], &s), "p1/4");
	CHECK(parse(F_ENCRYPTION, &s, " Unknown") == 0);
	CHECK_STR(fmt(&field_table[F_ENCRYPTION], &s), " Unknown");

	memset(w, 0, sizeof *w);
	CHECK(parse(F_SRC, w, "200.0.0.10") == 0 && w->src_af == FLOW_AF_INET);
	CHECK_STR(fmt(&field_table[F_SRC], w), "200.0.0.10");
	CHECK(parse(F_DST, w, "2001:0db8:0000::0001") == 0);
	CHECK(w->dst_af == FLOW_AF_INET6);
	CHECK_STR(fmt(&field_table[F_DST], w), "2001:db8::1");
	CHECK(parse(F_GATEWAY, w, "") == 0 && w->gw_af == FLOW_AF_NONE);
	CHECK_STR(fmt(&field_table[F_GATEWAY], w), "");
	CHECK(parse(F_SRC, w, "200.0.0.256") != 0);
	CHECK(parse(F_SRC, w, "N/A") != 0);
	CHECK(parse(F_SPORT, w, "65535") == 0 && w->sport == 65535);
	CHECK(parse(F_SPORT, w, "65536") != 0);
	CHECK(parse(F_TOKEN, w, "0x6") == 0 && w->token == 6);
	CHECK(parse(F_FLAG, w, "0XC0002621") == 0 && w->flag == 0xc0002621);
	CHECK_STR(fmt(&field_table[F_FLAG], w), "0xc0002621");
	CHECK(parse(F_FLAG, w, "0x100000000") != 0);
	CHECK(parse(F_FLAG, w, "0xg") != 0);
	CHECK(parse(F_FLAG, w, "0x") != 0);
	CHECK(parse(F_DIR, w, "Out") == 0 && w->dir == FLOW_DIR_OUT);
	CHECK_STR(fmt(&field_table[F_DIR], w), "Out");
	CHECK(parse(F_DIR, w, "out") != 0);
	CHECK(parse(F_PROTO, w, "132") == 0);
	CHECK_STR(fmt(&field_table[F_PROTO], w), "sctp");
	CHECK(parse(F_PROTO, w, "253") == 0);
	CHECK_STR(fmt(&field_table[F_PROTO], w), "253");

	/* Messages name the element and the value. */
	CHECK(field_parse(&field_table[F_SPORT], w, "70000", 5, &atoms, err,
	    sizeof err) != 0);
	CHECK_STR(err, "<source-port>: '70000' is not a valid port number");

	/* Live sessions: the getters compute timeout and duration. */
	{
		struct field_env env;
		struct field_val v;

		memset(&s, 0, sizeof s);
		s.flags = FLOW_LIVE;
		s.timeout = 300;
		s.last_seen = 50;
		s.start_time = 40;
		field_env_init(&env, &atoms, 0);
		env.clock.mono = 170;
		env.clock.boot = 100;
		field_format(&field_table[F_TIMEOUT], &s, &env, &v);
		CHECK(v.len == 3 && memcmp(v.s, "180", 3) == 0);
		field_format(&field_table[F_DURATION], &s, &env, &v);
		CHECK(v.len == 2 && memcmp(v.s, "60", 2) == 0);
		field_env_free(&env);
	}
	atom_destroy(&atoms);
	return check_done("test_field");
}
