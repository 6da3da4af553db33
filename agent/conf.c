/*
 * conf.c: flowagentd's options.  One table describes every option: the
 * command line (getopt_long) and the configuration file (one "key value"
 * per line, the long option's name as the key) are read through it, so the
 * two always offer the same settings.  The command line wins over the file.
 * Each option remembers where its value came from (the file's line), so
 * that the checks below (-n, start-up, SIGHUP) can name it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "config.h"

enum { T_FLAG, T_BOOL, T_STR, T_INT, T_LOG };

struct conf_opt {
	const char	*name;		/* long option */
	int		 shortopt;
	int		 type;
	size_t		 off;		/* member of struct agent_conf */
	int		 value;		/* T_FLAG: what the flag stores */
	const char	*key;		/* configuration key: NULL = name,
					   "" = command line only */
	int		 min, max;	/* T_INT */
	const char	*metavar;
	const char	*help;
};

#define C(m)	offsetof(struct agent_conf, m)

static const struct conf_opt conf_opts[] = {
	{ "foreground", 'f', T_FLAG, C(foreground), 1, "", 0, 0, NULL,
	    "stay in the foreground (and log to stderr)" },
	{ "config", 'c', T_STR, C(config), 0, "", 0, 0, "FILE",
	    "read options from FILE" },
	{ "check", 'n', T_FLAG, C(check_only), 1, "", 0, 0, NULL,
	    "check the configuration and the source, then exit" },
	{ "debug", 'd', T_BOOL, C(debug), 1, NULL, 0, 0, NULL,
	    "log debugging messages" },
	{ "log", 0, T_LOG, C(log_syslog), 0, NULL, 0, 0, "stderr|syslog",
	    "where to log (default: stderr in the foreground, else syslog)" },
	{ "source", 's', T_STR, C(source), 0, NULL, 0, 0, "SPEC",
	    "file:PATH (a Junos XML snapshot), sample (the default), "
	    "conntrack[:refresh=N,marks=FILE,zones=FILE] (Linux) or "
	    "sim:sessions=N,churn=R,seed=S,pics=P (simulated sessions)" },
	{ "pidfile", 'p', T_STR, C(pidfile), 0, NULL, 0, 0, "FILE",
	    "write the process id to FILE" },
	{ "no-snmp", 0, T_BOOL, C(snmp), 0, "snmp", 0, 0, NULL,
	    "do not run the SNMP front end (configuration: snmp no)" },
	{ "agentx-socket", 'x', T_STR, C(agentx_socket), 0, NULL, 0, 0, "PATH",
	    "the AgentX master's socket (default " AGENT_DEFAULT_AGENTX ")" },
	{ "agentx-ping-interval", 0, T_INT, C(agentx_ping), 0, NULL, 0, 86400,
	    "SECONDS", "ping the master, and reconnect, this often (15)" },
	{ "no-netconf", 0, T_BOOL, C(netconf), 0, "netconf", 0, 0, NULL,
	    "do not run the NETCONF front end (configuration: netconf no)" },
	{ "netconf-ssh", 0, T_STR, C(nc_ssh), 0, NULL, 0, 0, "ADDR[:PORT]",
	    "serve NETCONF over SSH on ADDR (port 830 by default)" },
	{ "netconf-unix", 0, T_STR, C(nc_unix), 0, NULL, 0, 0, "PATH",
	    "serve NETCONF on the UNIX socket PATH" },
	{ "netconf-unix-mode", 0, T_STR, C(nc_unix_mode), 0, NULL, 0, 0,
	    "MODE", "the socket's mode, octal (default 0660)" },
	{ "netconf-unix-owner", 0, T_STR, C(nc_unix_owner), 0, NULL, 0, 0,
	    "USER", "the socket's owner" },
	{ "netconf-unix-group", 0, T_STR, C(nc_unix_group), 0, NULL, 0, 0,
	    "GROUP", "the socket's group" },
	{ "hostkey", 0, T_STR, C(hostkey), 0, NULL, 0, 0, "FILE",
	    "the SSH host key (a private key file)" },
	{ "authorized-keys", 0, T_STR, C(authorized_keys), 0, NULL, 0, 0,
	    "FILE", "public keys that may log in (%u: the user name)" },
	{ "password-file", 0, T_STR, C(password_file), 0, NULL, 0, 0, "FILE",
	    "user:crypt(3)-hash lines for SSH password logins" },
	{ "netconf-workers", 0, T_INT, C(nc_workers), 0, NULL, 1, 6, "N",
	    "no effect (each session has its own threads); accepted for "
	    "old configurations" },
	{ "netconf-idle-timeout", 0, T_INT, C(nc_idle_timeout), 0, NULL, 0,
	    86400, "SECONDS", "close idle NETCONF sessions (0: never)" },
	{ "netconf-hello-timeout", 0, T_INT, C(nc_hello_timeout), 0, NULL, 1,
	    600, "SECONDS", "from a connection to the end of the client's "
	    "<hello>, SSH login included, at most (10)" },
	{ "netconf-write-timeout", 0, T_INT, C(nc_write_timeout), 0, NULL, 1,
	    86400, "SECONDS", "close a session whose client reads nothing of "
	    "a reply for this long (30)" },
	{ "netconf-max-startups", 0, T_INT, C(nc_max_startups), 0, NULL, 1,
	    10000, "N", "connections still in their handshake, in all (128)" },
	{ "netconf-max-startups-per-source", 0, T_INT,
	    C(nc_max_startups_source), 0, NULL, 1, 10000, "N",
	    "the same, per client address or UNIX user (32)" },
	{ "netconf-max-sessions", 0, T_INT, C(nc_max_sessions), 0, NULL, 1,
	    10000, "N", "NETCONF sessions at once, in all (64)" },
	{ "netconf-max-sessions-per-user", 0, T_INT, C(nc_max_sessions_user),
	    0, NULL, 1, 10000, "N", "the same, per user (32)" },
	{ "netconf-max-message", 0, T_INT, C(nc_max_message), 0, NULL, 4096,
	    1073741824, "BYTES", "the largest request accepted (4194304)" },
	{ "netconf-filter-timeout", 0, T_INT, C(nc_filter_timeout), 0, NULL,
	    1, 3600, "SECONDS", "the longest a <get> filter may take to "
	    "evaluate (10)" },
	{ "hostname", 0, T_STR, C(hostname), 0, NULL, 0, 0, "NAME",
	    "the host name NETCONF clients see (default: the system's)" },
	{ "junos-release", 0, T_STR, C(junos_release), 0, NULL, 0, 0, "R",
	    "answer as Junos release R does (as 23.4R1; default: the "
	    "release of a file source's reply, else the product page's)" },
	{ "yang-dir", 0, T_STR, C(yang_dir), 0, NULL, 0, 0, "DIR",
	    "where the YANG modules are (default " AGENT_DEFAULT_YANGDIR ")" },
	{ "user", 0, T_STR, C(user), 0, NULL, 0, 0, "USER",
	    "started as root, run as USER once the sockets are open, "
	    "keeping CAP_NET_ADMIN alone" },
};
#define NOPTS	(sizeof conf_opts / sizeof conf_opts[0])
_Static_assert(NOPTS <= CONF_MAXOPTS, "raise CONF_MAXOPTS");

/* conf_parse's arguments, for conf_reload. */
static int	  conf_argc;
static char	**conf_argv;

void
conf_defaults(struct agent_conf *c)
{
	memset(c, 0, sizeof *c);
	c->log_syslog = -1;
	c->snmp = 1;
	c->agentx_ping = 15;
	c->source = strdup(AGENT_DEFAULT_SOURCE);
	c->agentx_socket = strdup(AGENT_DEFAULT_AGENTX);
	c->netconf = 1;
	c->nc_workers = 4;
	c->nc_hello_timeout = 10;
	c->nc_write_timeout = 30;
	c->nc_max_startups = 128;
	c->nc_max_startups_source = 32;
	c->nc_max_sessions = 64;
	c->nc_max_sessions_user = 32;
	c->nc_max_message = 4 << 20;
	c->nc_filter_timeout = 10;
	c->yang_dir = strdup(AGENT_DEFAULT_YANGDIR);
}

void
conf_free(struct agent_conf *c)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (conf_opts[i].type == T_STR) {
			char **p = (char **)((char *)c + conf_opts[i].off);

			free(*p);
			*p = NULL;
		}
}

static void
conf_usage(FILE *fp)
{
	fprintf(fp, "usage: flowagentd [options]\n\n");
	for (size_t i = 0; i < NOPTS; i++) {
		const struct conf_opt *o = &conf_opts[i];
		char left[64];

		snprintf(left, sizeof left, "%c%c%s--%s%s%s",
		    o->shortopt ? '-' : ' ', o->shortopt ? o->shortopt : ' ',
		    o->shortopt ? ", " : "  ", o->name,
		    o->metavar ? " " : "", o->metavar ? o->metavar : "");
		fprintf(fp, "  %-34s %s\n", left, o->help);
	}
	fprintf(fp, "  %-34s %s\n  %-34s %s\n", "-h, --help", "this help",
	    "-V, --version", "the version");
	fprintf(fp, "\nEvery option but -f, -c and -n can also be set in the "
	    "configuration file,\none per line: the long option's name and "
	    "its value.  See flowagentd(8).\n");
}

/* Sets option o from v (NULL for a command-line flag); from_file: the
 * line, 0 for the command line. */
static int
conf_set(struct agent_conf *c, const struct conf_opt *o, const char *v,
    int from_file, char *err, size_t errlen)
{
	void *p = (char *)c + o->off;
	char *end;
	long n;

	c->line[o - conf_opts] = from_file ? from_file : -1;
	switch (o->type) {
	case T_FLAG:
		*(int *)p = o->value;
		return 0;
	case T_BOOL:
		if (!from_file) {
			*(int *)p = o->value;
			return 0;
		}
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
		    strcmp(v, "1") == 0)
			*(int *)p = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
		    strcmp(v, "0") == 0)
			*(int *)p = 0;
		else
			break;
		return 0;
	case T_STR:
		if (*v == '\0')
			break;
		free(*(char **)p);
		if ((*(char **)p = strdup(v)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	case T_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < o->min ||
		    n > o->max)
			break;
		*(int *)p = (int)n;
		return 0;
	case T_LOG:
		if (strcmp(v, "syslog") == 0)
			*(int *)p = 1;
		else if (strcmp(v, "stderr") == 0)
			*(int *)p = 0;
		else
			break;
		return 0;
	}
	snprintf(err, errlen, "bad value '%s'", v);
	return -1;
}

static const struct conf_opt *
conf_find_key(const char *key)
{
	for (size_t i = 0; i < NOPTS; i++) {
		const char *k = conf_opts[i].key ? conf_opts[i].key :
		    conf_opts[i].name;

		if (*k != '\0' && strcmp(k, key) == 0)
			return &conf_opts[i];
	}
	return NULL;
}

static int
conf_load_file(struct agent_conf *c, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[4096], err[256];
	int lineno = 0, rc = 0;

	if (fp == NULL) {
		log_warn("%s", path);
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char *key, *val, *e;
		const struct conf_opt *o;

		lineno++;
		if ((e = strchr(line, '#')) != NULL)
			*e = '\0';
		key = line + strspn(line, " \t\r\n");
		if (*key == '\0')
			continue;
		val = key + strcspn(key, " \t\r\n");
		if (*val != '\0')
			*val++ = '\0';
		val += strspn(val, " \t");
		for (e = val + strlen(val); e > val && strchr(" \t\r\n", e[-1]);)
			*--e = '\0';
		if ((o = conf_find_key(key)) == NULL) {
			log_warnx("%s: line %d: unknown option '%s'", path,
			    lineno, key);
			rc = -1;
			continue;
		}
		if (*val == '\0') {
			log_warnx("%s: line %d: %s needs a value", path,
			    lineno, key);
			rc = -1;
			continue;
		}
		if (conf_set(c, o, val, lineno, err, sizeof err) != 0) {
			log_warnx("%s: line %d: %s: %s", path, lineno, key,
			    err);
			rc = -1;
		}
	}
	fclose(fp);
	return rc;
}

int
conf_parse(struct agent_conf *c, int argc, char **argv)
{
	struct option longopts[NOPTS + 3];
	char shortopts[3 * NOPTS + 8], err[256];
	size_t ns = 0;
	int ch, idx;

	for (size_t i = 0; i < NOPTS; i++) {
		const struct conf_opt *o = &conf_opts[i];
		int arg = o->type == T_FLAG || o->type == T_BOOL ?
		    no_argument : required_argument;

		longopts[i] = (struct option){ o->name, arg, NULL, 256 + (int)i };
		if (o->shortopt) {
			shortopts[ns++] = (char)o->shortopt;
			if (arg == required_argument)
				shortopts[ns++] = ':';
		}
	}
	longopts[NOPTS] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[NOPTS + 1] = (struct option){ "version", no_argument, NULL,
	    'V' };
	memset(&longopts[NOPTS + 2], 0, sizeof longopts[0]);
	memcpy(shortopts + ns, "hV", 3);
	conf_argc = argc;
	conf_argv = argv;

	/* The configuration file first, so that the command line wins. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) &&
		    i + 1 < argc)
			a = argv[++i];
		else if (strncmp(a, "--config=", 9) == 0)
			a += 9;
		else if (strncmp(a, "-c", 2) == 0 && a[2] != '\0')
			a += 2;
		else
			continue;
		free(c->config);
		if ((c->config = strdup(a)) == NULL || conf_load_file(c, a) != 0)
			return -1;
	}
	optind = 0;	/* glibc: start afresh (conf_reload parses again) */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
		const struct conf_opt *o = NULL;

		if (ch == 'h') {
			conf_usage(stdout);
			return 1;
		}
		if (ch == 'V') {
			printf("flowagentd %s\n", PACKAGE_VERSION);
			return 1;
		}
		if (ch >= 256)
			o = &conf_opts[ch - 256];
		else
			for (size_t i = 0; i < NOPTS; i++)
				if (conf_opts[i].shortopt == ch)
					o = &conf_opts[i];
		if (o == NULL) {
			conf_usage(stderr);
			return -1;
		}
		if (o->off == C(config))
			continue;	/* read above */
		if (conf_set(c, o, optarg, 0, err, sizeof err) != 0) {
			log_warnx("--%s: %s", o->name, err);
			return -1;
		}
	}
	if (optind < argc) {
		log_warnx("unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (c->log_syslog < 0)
		c->log_syslog = !c->foreground;
	if (c->check_only)
		c->log_syslog = 0;	/* -n answers on stderr */
	return 0;
}

static const struct conf_opt *
conf_find(const char *name)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(conf_opts[i].name, name) == 0)
			return &conf_opts[i];
	return NULL;
}

const char *
conf_where(const struct agent_conf *c, const char *name, char *buf,
    size_t len)
{
	const struct conf_opt *o = conf_find(name);
	int line = o != NULL ? c->line[o - conf_opts] : 0;

	if (o == NULL)
		snprintf(buf, len, "%s", name);
	else if (line > 0)
		snprintf(buf, len, "%s: line %d: %s", c->config, line,
		    o->key != NULL ? o->key : o->name);
	else if (line < 0)
		snprintf(buf, len, "--%s", o->name);
	else
		snprintf(buf, len, "%s (default)", o->name);
	return buf;
}

/*
 * The checks: what -n, the start and SIGHUP verify beyond the syntax, so
 * that a mistake is named with its line instead of failing later.  A
 * setting is checked when it is in use (the NETCONF ones when NETCONF
 * serves an endpoint), as the front ends would use it.
 */
#define NC_ON(c)	((c)->netconf && ((c)->nc_ssh != NULL || \
			    (c)->nc_unix != NULL))
#define SSH_ON(c)	((c)->netconf && (c)->nc_ssh != NULL)
#define UNIX_ON(c)	((c)->netconf && (c)->nc_unix != NULL)

static int
check_readable(const char *path, char *err, size_t len)
{
	FILE *fp = fopen(path, "re");

	if (fp == NULL) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	fclose(fp);
	return 0;
}

static int
check_ssh(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	char addr[256];
	unsigned long port;
	unsigned char a[16];

	if (!SSH_ON(c))
		return 0;
	if (ncs_ssh_addr(v, addr, sizeof addr, &port) != 0 ||
	    (inet_pton(AF_INET, addr, a) != 1 &&
	    inet_pton(AF_INET6, addr, a) != 1)) {
		snprintf(err, len, "bad address '%s' (IPv4 or IPv6 address, "
		    "then :PORT; [ADDR]:PORT for IPv6)", v);
		return -1;
	}
	if (c->hostkey == NULL) {
		snprintf(err, len, "needs a hostkey");
		return -1;
	}
	if (c->authorized_keys == NULL && c->password_file == NULL) {
		snprintf(err, len, "needs authorized-keys or password-file");
		return -1;
	}
	return 0;
}

static int
check_keyfile(const struct agent_conf *c, const char *v, char *err,
    size_t len)
{
	if (!SSH_ON(c) || strstr(v, "%u") != NULL)
		return 0;
	return check_readable(v, err, len);
}

static int
check_mode(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	char *end;
	unsigned long m;

	if (!UNIX_ON(c))
		return 0;
	m = strtoul(v, &end, 8);
	if (*v == '\0' || *end != '\0' || m == 0 || m > 07777) {
		snprintf(err, len, "bad mode '%s' (octal, as 0660)", v);
		return -1;
	}
	return 0;
}

static int
check_owner(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	if (UNIX_ON(c) && getpwnam(v) == NULL) {
		snprintf(err, len, "no user '%s'", v);
		return -1;
	}
	return 0;
}

static int
check_group(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	if (UNIX_ON(c) && getgrnam(v) == NULL) {
		snprintf(err, len, "no group '%s'", v);
		return -1;
	}
	return 0;
}

static int
check_user(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	(void)c;
	if (getpwnam(v) == NULL) {
		snprintf(err, len, "no user '%s'", v);
		return -1;
	}
	return 0;
}

static int
check_release(const struct agent_conf *c, const char *v, char *err,
    size_t len)
{
	(void)c;
	if (store_release_ok(v, strlen(v)))
		return 0;
	snprintf(err, len, "bad release '%s' (as 23.4R1 or 12.1X47-D15)", v);
	return -1;
}

static int
check_yang(const struct agent_conf *c, const char *v, char *err, size_t len)
{
	static const char *mods[] = { "flowagent-session", "flowagent-junos" };
	char path[4096];

	if (!NC_ON(c))
		return 0;
	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++) {
		snprintf(path, sizeof path, "%s/%s.yang", v, mods[i]);
		if (check_readable(path, err, len) != 0)
			return -1;
	}
	return 0;
}

/* Checks, by option; each is given the option's value when it is set. */
static const struct {
	const char	*name;
	int		(*check)(const struct agent_conf *, const char *,
			    char *, size_t);
} conf_checks[] = {
	{ "netconf-ssh", check_ssh },
	{ "hostkey", check_keyfile },
	{ "authorized-keys", check_keyfile },	/* unless it holds %u */
	{ "password-file", check_keyfile },
	{ "netconf-unix-mode", check_mode },
	{ "netconf-unix-owner", check_owner },
	{ "netconf-unix-group", check_group },
	{ "yang-dir", check_yang },
	{ "user", check_user },
	{ "junos-release", check_release },
};

int
conf_check(const struct agent_conf *c)
{
	char err[600], where[600];
	int rc = 0;

	for (size_t i = 0; i < sizeof conf_checks / sizeof conf_checks[0];
	    i++) {
		const struct conf_opt *o = conf_find(conf_checks[i].name);
		const char *v = *(char *const *)((const char *)c + o->off);

		if (v == NULL || conf_checks[i].check(c, v, err,
		    sizeof err) == 0)
			continue;
		log_warnx("%s: %s", conf_where(c, o->name, where,
		    sizeof where), err);
		rc = -1;
	}
	return rc;
}

/* Settings SIGHUP applies; the others wait for a restart. */
static const char *conf_live[] = {
	"source", "debug", "hostkey", "authorized-keys", "password-file",
	"hostname",
};

static int
conf_is_live(const char *name)
{
	for (size_t i = 0; i < sizeof conf_live / sizeof conf_live[0]; i++)
		if (strcmp(conf_live[i], name) == 0)
			return 1;
	return 0;
}

static int
conf_differs(const struct conf_opt *o, const struct agent_conf *a,
    const struct agent_conf *b)
{
	const void *pa = (const char *)a + o->off, *pb = (const char *)b + o->off;

	if (o->type == T_STR) {
		const char *sa = *(char *const *)pa, *sb = *(char *const *)pb;

		if (sa == NULL || sb == NULL)
			return sa != sb;
		return strcmp(sa, sb) != 0;
	}
	return *(const int *)pa != *(const int *)pb;
}

void
conf_reload(struct agent_conf *run)
{
	struct agent_conf nc;
	char where[600];
	int debug = run->debug, auth = 0, host = 0, methods = 0;

	log_info("SIGHUP: reading %s", run->config);
	conf_defaults(&nc);
	if (conf_parse(&nc, conf_argc, conf_argv) != 0 ||
	    conf_check(&nc) != 0) {
		log_warnx("SIGHUP: %s has errors (above); keeping the running "
		    "configuration", run->config);
		conf_free(&nc);
		loader_reload();
		return;
	}
	for (size_t i = 0; i < NOPTS; i++) {
		const struct conf_opt *o = &conf_opts[i];

		if ((o->key != NULL && *o->key == '\0') ||
		    !conf_differs(o, run, &nc))
			continue;
		if (!conf_is_live(o->name)) {
			log_warnx("%s: changed; takes effect at restart",
			    conf_where(&nc, o->name, where, sizeof where));
			continue;
		}
		if (o->type == T_STR) {
			char **a = (char **)((char *)run + o->off);
			char **b = (char **)((char *)&nc + o->off);
			char *t = *a;

			if ((*a == NULL) != (*b == NULL) &&
			    (o->off == C(authorized_keys) ||
			    o->off == C(password_file)))
				methods = 1;
			*a = *b;
			*b = t;
			auth |= o->off == C(hostkey) ||
			    o->off == C(authorized_keys) ||
			    o->off == C(password_file);
			host |= o->off == C(hostname);
		} else
			*(int *)((char *)run + o->off) =
			    *(int *)((char *)&nc + o->off);
		if (o->off != C(source))	/* the loader tells */
			log_info("%s: applied", conf_where(&nc, o->name,
			    where, sizeof where));
	}
	memcpy(run->line, nc.line, sizeof run->line);
	if (run->debug != debug)
		log_init(run->log_syslog, run->debug);
	if (auth && ncs_auth_set_paths(run->hostkey, run->authorized_keys,
	    run->password_file) != 0)
		log_warnx("SIGHUP: out of memory setting the key files");
	if (methods)
		log_warnx("SIGHUP: the SSH login methods (keys, passwords) "
		    "take effect at restart");
	if (host)
		ncs_set_hostname(run->hostname);
	/* Reloads the source, or opens and loads the new one. */
	loader_source(run->source, conf_where(run, "source", where,
	    sizeof where));
	conf_free(&nc);
}
