/*
 * conf.c: flowagentd's options.  One table describes every option: the
 * command line (getopt_long) and the configuration file (one "key value"
 * per line, the long option's name as the key) are read through it, so the
 * two always offer the same settings.  The command line wins over the file.
 */
#include <errno.h>
#include <getopt.h>
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
	    "threads serving NETCONF requests (1-6, default 4)" },
	{ "netconf-idle-timeout", 0, T_INT, C(nc_idle_timeout), 0, NULL, 0,
	    86400, "SECONDS", "close idle NETCONF sessions (0: never)" },
	{ "hostname", 0, T_STR, C(hostname), 0, NULL, 0, 0, "NAME",
	    "the host name NETCONF clients see (default: the system's)" },
	{ "yang-dir", 0, T_STR, C(yang_dir), 0, NULL, 0, 0, "DIR",
	    "where the YANG modules are (default " AGENT_DEFAULT_YANGDIR ")" },
};
#define NOPTS	(sizeof conf_opts / sizeof conf_opts[0])

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

/* Sets option o from v (NULL for a command-line flag). */
static int
conf_set(struct agent_conf *c, const struct conf_opt *o, const char *v,
    int from_file, char *err, size_t errlen)
{
	void *p = (char *)c + o->off;
	char *end;
	long n;

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
	snprintf(err, errlen, "bad value '%s' for %s", v, o->name);
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
		fprintf(stderr, "flowagentd: %s: %s\n", path, strerror(errno));
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
			fprintf(stderr, "flowagentd: %s:%d: unknown option "
			    "'%s'\n", path, lineno, key);
			rc = -1;
			continue;
		}
		if (*val == '\0') {
			fprintf(stderr, "flowagentd: %s:%d: %s needs a "
			    "value\n", path, lineno, key);
			rc = -1;
			continue;
		}
		if (conf_set(c, o, val, 1, err, sizeof err) != 0) {
			fprintf(stderr, "flowagentd: %s:%d: %s\n", path,
			    lineno, err);
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
		if (conf_load_file(c, a) != 0)
			return -1;
	}
	optind = 1;
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
			fprintf(stderr, "flowagentd: %s\n", err);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "flowagentd: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	if (c->log_syslog < 0)
		c->log_syslog = !c->foreground;
	return 0;
}
