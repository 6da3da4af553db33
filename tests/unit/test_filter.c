/* test_filter.c: option parsing and matching. */
#include "check.h"
#include "field.h"
#include "filter.h"

static struct atom_table atoms;

static struct flow_session
session(const char *src, uint16_t sport, const char *dst, uint16_t dport,
    uint8_t proto, const char *ifname, const char *osrc, const char *odst)
{
	struct flow_session s;
	char err[128];

	memset(&s, 0, sizeof s);
	s.id = 1000;
	s.nwings = 2;
	for (int w = 0; w < 2; w++) {
		const struct field *fs = &field_table[F_SRC];
		const struct field *fd = &field_table[F_DST];
		const char *a = w == 0 ? src : osrc, *b = w == 0 ? dst : odst;

		field_parse(fs, &s.wing[w], a, strlen(a), &atoms, err, sizeof err);
		field_parse(fd, &s.wing[w], b, strlen(b), &atoms, err, sizeof err);
		s.wing[w].sport = w == 0 ? sport : dport;
		s.wing[w].dport = w == 0 ? dport : sport;
		s.wing[w].proto = proto;
		s.wing[w].ifname = atom_intern(&atoms, ifname, strlen(ifname));
	}
	s.wing[1].ifname = atom_intern(&atoms, "ge-0/0/9.0", 10);
	return s;
}

static int
match1(const char *name, const char *value, const struct flow_session *s)
{
	struct filter f;
	char err[128];

	filter_init(&f);
	if (filter_set(&f, name, value, err, sizeof err) != 0)
		return -1;
	return filter_match(&f, &atoms, s);
}

int
main(void)
{
	struct flow_session a, b;
	struct filter f;
	char err[128];

	CHECK(atom_init(&atoms) == 0);
	/* 192.0.2.10:41047 -> 198.51.100.2:21, reply NATed to 203.0.113.5 */
	a = session("192.0.2.10", 41047, "198.51.100.2", 21, 6, "ge-0/0/0.0",
	    "198.51.100.2", "203.0.113.5");
	b = session("2001:db8::10", 5060, "2001:db8:1::2", 5060, 17,
	    "ge-0/0/1.0", "2001:db8:1::2", "2001:db8::10");

	CHECK(match1("source-prefix", "192.0.2.0/24", &a) == 1);
	CHECK(match1("source-prefix", "192.0.2.10", &a) == 1);
	CHECK(match1("source-prefix", "192.0.3.0/24", &a) == 0);
	CHECK(match1("source-prefix", "192.0.2.8/29", &a) == 1);
	CHECK(match1("source-prefix", "192.0.2.0/29", &a) == 0);
	CHECK(match1("source-prefix", "0.0.0.0/0", &a) == 1);
	CHECK(match1("source-prefix", "0.0.0.0/0", &b) == 0);	/* family */
	/* The translated address finds the session through its Out wing. */
	CHECK(match1("destination-prefix", "203.0.113.5", &a) == 1);
	CHECK(match1("source-prefix", "2001:db8::/32", &b) == 1);
	CHECK(match1("source-prefix", "2001:db8::11/128", &b) == 0);
	CHECK(match1("source-prefix", "2001:db8::/127", &b) == 0);
	CHECK(match1("source-prefix", "2001:db8::10/127", &b) == 1);
	CHECK(match1("source-prefix", "192.0.2.0/33", &a) == -1);
	CHECK(match1("source-prefix", "2001:db8::/129", &b) == -1);
	CHECK(match1("source-prefix", "example.com", &a) == -1);
	CHECK(match1("source-port", "41047", &a) == 1);
	CHECK(match1("source-port", "21", &a) == 1);	/* Out wing */
	CHECK(match1("source-port", "22", &a) == 0);
	CHECK(match1("source-port", "65536", &a) == -1);
	CHECK(match1("destination-port", "21", &a) == 1);
	CHECK(match1("protocol", "tcp", &a) == 1);
	CHECK(match1("protocol", "6", &a) == 1);
	CHECK(match1("protocol", "udp", &a) == 0);
	CHECK(match1("protocol", "udp", &b) == 1);
	CHECK(match1("protocol", "bogus", &a) == -1);
	CHECK(match1("interface", "ge-0/0/0.0", &a) == 1);
	CHECK(match1("interface", "ge-0/0/9.0", &a) == 1);
	CHECK(match1("interface", "ge-0/0/1.0", &a) == 0);
	CHECK(match1("session-identifier", "1000", &a) == 1);
	CHECK(match1("session-identifier", "1001", &a) == 0);
	CHECK(match1("session-identifier", "x", &a) == -1);
	CHECK(match1("start-identifier", "1000", &a) == 1);
	CHECK(match1("start-identifier", "1001", &a) == 0);
	CHECK(match1("no-such-option", "1", &a) == -1);

	/* Wing criteria hold on one wing: this pair is split across two. */
	filter_init(&f);
	CHECK(filter_set(&f, "source-prefix", "192.0.2.10", err, sizeof err) == 0);
	CHECK(filter_set(&f, "source-port", "21", err, sizeof err) == 0);
	CHECK(filter_match(&f, &atoms, &a) == 0);
	CHECK(filter_set(&f, "source-port", "41047", err, sizeof err) == 0);
	CHECK(filter_match(&f, &atoms, &a) == 1);

	/* Application: exact, or without Junos's junos- prefix. */
	a.app_name = atom_intern(&atoms, "junos-ftp", 9);
	a.present |= 1u << FP_APP_NAME;
	CHECK(match1("application", "junos-ftp", &a) == 1);
	CHECK(match1("application", "ftp", &a) == 1);
	CHECK(match1("application", "tftp", &a) == 0);
	CHECK(match1("application", "ftp", &b) == 0);

	/* resource-manager */
	CHECK(match1("resource-manager", NULL, &a) == 0);
	a.present |= FLOW_RM_BITS;
	CHECK(match1("resource-manager", NULL, &a) == 1);

	/* What counts can answer. */
	filter_init(&f);
	CHECK(filter_counts_only(&f) && filter_is_empty(&f));
	CHECK(filter_counts_only(NULL));
	filter_set(&f, "resource-manager", NULL, err, sizeof err);
	CHECK(filter_counts_only(&f) && !filter_is_empty(&f));
	filter_set(&f, "count", "5", err, sizeof err);
	CHECK(!filter_counts_only(&f));
	filter_init(&f);
	filter_set(&f, "protocol", "udp", err, sizeof err);
	CHECK(!filter_counts_only(&f));

	/* Messages. */
	CHECK(filter_set(&f, "source-port", "abc", err, sizeof err) != 0);
	CHECK_STR(err, "bad source-port 'abc'");
	CHECK(filter_set(&f, "interface", NULL, err, sizeof err) != 0);
	CHECK_STR(err, "interface needs a value");
	atom_destroy(&atoms);
	return check_done("test_filter");
}
