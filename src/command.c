/*
 * command.c: the "show security flow session ..." command line (see
 * command.h): words to a struct command, and back to a canonical line, the
 * equivalent Junos RPC, or the NETCONF request flowcli sends.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"

#define COMMAND_MAXWORDS	64
#define COMMAND_MAXLINE		4096

#define FLOWAGENT_JUNOS_NS	"urn:flowagent:yang:flowagent-junos"

static const char *const lead[] = { "show", "security", "flow", "session" };

static const struct {
	const char		*name;
	enum render_view	 view;
} levels[] = {
	{ "brief", RENDER_BRIEF },
	{ "extensive", RENDER_EXTENSIVE },
	{ "summary", RENDER_SUMMARY },
};
#define NLEVELS	(sizeof levels / sizeof levels[0])

enum pipe_cmd { PIPE_COUNT, PIPE_DISPLAY, PIPE_NO_MORE };
static const char *const pipe_cmds[] = { "count", "display", "no-more" };
static const char *const displays[] = { "json", "xml" };
static const char *const xml_rpc[] = { "rpc" };

struct words {
	char	*w[COMMAND_MAXWORDS];
	int	 n;
	char	 buf[2 * COMMAND_MAXLINE + 2];
};

/* Splits at white space; '|' is a word of its own, spaced or not. */
static int
split(struct words *ws, const char *line, char *err, size_t errlen)
{
	const char *p = line;
	char *o = ws->buf;

	ws->n = 0;
	if (strlen(line) > COMMAND_MAXLINE) {
		snprintf(err, errlen, "command line too long");
		return -1;
	}
	for (;;) {
		/* The analyzer loses command_parse_argv's line[0] = '\0'. */
		/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.*) */
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		if (ws->n == COMMAND_MAXWORDS) {
			snprintf(err, errlen, "too many words in the command");
			return -1;
		}
		ws->w[ws->n++] = o;
		if (*p == '|')
			*o++ = *p++;
		else
			while (*p != '\0' && *p != '|' &&
			    !isspace((unsigned char)*p))
				*o++ = *p++;
		*o++ = '\0';
	}
}

/*
 * The index of the name `word` stands for: the name itself, or the only one
 * it is a prefix of (Junos's completion).  -1 with a message otherwise.
 */
static int
lookup(const char *word, const char *const *names, int n, const char *what,
    char *err, size_t errlen)
{
	size_t len = strlen(word), used;
	int found = -1, count = 0;

	for (int i = 0; i < n; i++) {
		if (strcmp(word, names[i]) == 0)
			return i;
		if (len > 0 && strncmp(word, names[i], len) == 0) {
			found = i;
			count++;
		}
	}
	if (count == 1)
		return found;
	if (count == 0) {
		snprintf(err, errlen, "syntax error, expecting %s: %s", what,
		    word);
		return -1;
	}
	used = (size_t)snprintf(err, errlen, "'%s' is ambiguous:", word);
	for (int i = 0, k = 0; i < n && used < errlen; i++)
		if (strncmp(word, names[i], len) == 0)
			used += (size_t)snprintf(err + used, errlen - used,
			    "%s %s", k++ > 0 ? "," : "", names[i]);
	return -1;
}

static int
is_pipe(const struct words *ws, int i)
{
	return i < ws->n && strcmp(ws->w[i], "|") == 0;
}

/* The words after "session" up to the first '|': levels and filters. */
static int
parse_args(struct command *c, const struct words *ws, int *ip, char *err,
    size_t errlen)
{
	const char *names[NLEVELS + COMMAND_NFILTERS];
	int nnames = 0, i = *ip;

	for (size_t k = 0; k < NLEVELS; k++)
		names[nnames++] = levels[k].name;
	for (const struct filter_option *o = filter_options; o->name; o++)
		names[nnames++] = o->name;

	for (; i < ws->n && !is_pipe(ws, i); i++) {
		const struct filter_option *o;
		const char *value = NULL;
		int k;

		k = lookup(ws->w[i], names, nnames, "<command>", err, errlen);
		if (k < 0)
			return -1;
		if (k < (int)NLEVELS) {
			if (c->flags & COMMAND_LEVEL) {
				snprintf(err, errlen, "syntax error, one level "
				    "only: %s", levels[k].name);
				return -1;
			}
			c->flags |= COMMAND_LEVEL;
			c->view = levels[k].view;
			c->order[c->norder++] = COMMAND_ARG_LEVEL;
			continue;
		}
		o = &filter_options[k - (int)NLEVELS];
		if (c->filter.set & FILTER_BIT(o->bit)) {
			snprintf(err, errlen, "syntax error, %s given twice",
			    o->name);
			return -1;
		}
		if (o->has_value) {
			if (i + 1 >= ws->n || is_pipe(ws, i + 1)) {
				snprintf(err, errlen, "syntax error, %s needs "
				    "a value", o->name);
				return -1;
			}
			value = ws->w[++i];
			if (strlen(value) >= COMMAND_VALUE_MAX) {
				snprintf(err, errlen, "bad %s '%s'", o->name,
				    value);
				return -1;
			}
		}
		if (filter_set(&c->filter, o->name, value, err, errlen) != 0)
			return -1;
		if (value != NULL)
			strcpy(c->value[o->bit], value);
		c->order[c->norder++] = (uint8_t)o->bit;
	}
	*ip = i;
	return 0;
}

/* '| display xml [rpc]', '| display json', '| count', '| no-more'. */
static int
parse_pipes(struct command *c, const struct words *ws, int i, char *err,
    size_t errlen)
{
	int displayed = 0, k;

	while (i < ws->n) {
		/* parse_args stopped at a '|', and so does every pipe. */
		if (++i >= ws->n) {
			snprintf(err, errlen, "syntax error, expecting <pipe "
			    "command> after '|'");
			return -1;
		}
		k = lookup(ws->w[i], pipe_cmds, 3, "<pipe command>", err,
		    errlen);
		if (k < 0)
			return -1;
		i++;
		switch (k) {
		case PIPE_COUNT:
			c->flags |= COMMAND_COUNT;
			break;
		case PIPE_NO_MORE:
			c->flags |= COMMAND_NO_MORE;
			break;
		case PIPE_DISPLAY:
			if (i >= ws->n || is_pipe(ws, i)) {
				snprintf(err, errlen, "syntax error, expecting "
				    "xml or json after display");
				return -1;
			}
			k = lookup(ws->w[i], displays, 2, "xml or json", err,
			    errlen);
			if (k < 0)
				return -1;
			if (displayed++) {
				snprintf(err, errlen, "syntax error, one "
				    "display only: %s", displays[k]);
				return -1;
			}
			c->format = k == 0 ? RENDER_JSON : RENDER_XML;
			i++;
			if (k == 1 && i < ws->n && !is_pipe(ws, i)) {
				if (lookup(ws->w[i], xml_rpc, 1, "rpc", err,
				    errlen) < 0)
					return -1;
				c->flags |= COMMAND_XML_RPC;
				i++;
			}
			break;
		}
		if (i < ws->n && !is_pipe(ws, i)) {
			snprintf(err, errlen, "syntax error, expecting '|': %s",
			    ws->w[i]);
			return -1;
		}
	}
	return 0;
}

static int
by_identifier(const struct command *c)
{
	return c->filter.set == FILTER_BIT(FILTER_ID);
}

static int
parse_words(struct command *c, const struct words *ws, char *err,
    size_t errlen)
{
	int i;

	memset(c, 0, sizeof *c);
	filter_init(&c->filter);
	c->view = RENDER_DEFAULT;
	c->format = RENDER_TEXT;

	for (i = 0; i < 4; i++) {
		if (i >= ws->n || is_pipe(ws, i)) {
			snprintf(err, errlen, "syntax error, incomplete "
			    "command: expecting '%s'", lead[i]);
			return -1;
		}
		if (lookup(ws->w[i], &lead[i], 1, "<command>", err,
		    errlen) < 0)
			return -1;
	}
	if (parse_args(c, ws, &i, err, errlen) != 0 ||
	    parse_pipes(c, ws, i, err, errlen) != 0)
		return -1;

	/* Junos shows one session in full unless told otherwise. */
	if ((c->filter.set & FILTER_BIT(FILTER_ID)) &&
	    !(c->flags & COMMAND_LEVEL))
		c->view = RENDER_EXTENSIVE;
	if ((c->flags & COMMAND_XML_RPC) &&
	    (c->filter.set & FILTER_BIT(FILTER_ID)) && !by_identifier(c)) {
		snprintf(err, errlen, "syntax error, no RPC takes "
		    "session-identifier with other filters");
		return -1;
	}
	return 0;
}

int
command_parse(struct command *c, const char *line, char *err, size_t errlen)
{
	struct words *ws;
	int rc;

	if ((ws = malloc(sizeof *ws)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = split(ws, line, err, errlen);
	if (rc == 0)
		rc = parse_words(c, ws, err, errlen);
	free(ws);
	return rc;
}

int
command_parse_argv(struct command *c, int argc, char *const *argv, char *err,
    size_t errlen)
{
	char *line;
	size_t len = 1;
	int rc;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if ((line = malloc(len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	line[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i > 0)
			strcat(line, " ");
		strcat(line, argv[i]);
	}
	rc = command_parse(c, line, err, errlen);
	free(line);
	return rc;
}

static void
put_escaped(struct sink *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			sink_puts(out, "&amp;");
			break;
		case '<':
			sink_puts(out, "&lt;");
			break;
		case '>':
			sink_puts(out, "&gt;");
			break;
		default:
			sink_putc(out, *s);
		}
	}
}

static const char *
level_name(enum render_view v)
{
	for (size_t k = 0; k < NLEVELS; k++)
		if (levels[k].view == v)
			return levels[k].name;
	return "brief";
}

/* The filter option whose bit is `bit`. */
static const struct filter_option *
option(int bit)
{
	const struct filter_option *o;

	for (o = filter_options; o->name != NULL; o++)
		if (o->bit == bit)
			break;
	return o;
}

/*
 * The CLI prints the RPC inside a reply, its arguments indented by 16
 * spaces where one would expect 12 (a Junos quirk, kept).
 */
int
command_write_rpc(const struct command *c, struct sink *out, unsigned flags)
{
	const char *rpc = by_identifier(c) ? "get-flow-session-by-identifier" :
	    "get-flow-session-information";
	int cli = flags & COMMAND_RPC_CLI;

	if ((c->filter.set & FILTER_BIT(FILTER_ID)) && !by_identifier(c))
		return -1;
	if (cli)
		sink_puts(out, "<rpc-reply xmlns:junos=\"http://xml.juniper.net"
		    "/junos/" RENDER_JUNOS_RELEASE "/junos\">\n    <rpc>\n"
		    "        ");
	else
		sink_puts(out, "<rpc>");
	sink_putc(out, '<');
	sink_puts(out, rpc);
	sink_puts(out, cli ? ">\n" : ">");
	for (unsigned k = 0; k < c->norder; k++) {
		const struct filter_option *o;

		if (cli)
			sink_puts(out, "                ");
		if (c->order[k] == COMMAND_ARG_LEVEL) {
			sink_putc(out, '<');
			sink_puts(out, level_name(c->view));
			sink_puts(out, "/>");
		} else if (!(o = option(c->order[k]))->has_value) {
			sink_putc(out, '<');
			sink_puts(out, o->name);
			sink_puts(out, "/>");
		} else {
			sink_putc(out, '<');
			sink_puts(out, o->name);
			sink_putc(out, '>');
			put_escaped(out, c->value[o->bit]);
			sink_puts(out, "</");
			sink_puts(out, o->name);
			sink_putc(out, '>');
		}
		if (cli)
			sink_putc(out, '\n');
	}
	if (cli)
		sink_puts(out, "        ");
	sink_puts(out, "</");
	sink_puts(out, rpc);
	if (cli)
		sink_puts(out, ">\n    </rpc>\n    <cli>\n"
		    "        <banner></banner>\n    </cli>\n</rpc-reply>\n");
	else
		sink_puts(out, "></rpc>");
	return 0;
}

static void
write_line(const struct command *c, struct sink *out, int with_count)
{
	sink_puts(out, "show security flow session");
	for (unsigned k = 0; k < c->norder; k++) {
		const struct filter_option *o;

		sink_putc(out, ' ');
		if (c->order[k] == COMMAND_ARG_LEVEL) {
			sink_puts(out, level_name(c->view));
			continue;
		}
		o = option(c->order[k]);
		sink_puts(out, o->name);
		if (o->has_value) {
			sink_putc(out, ' ');
			sink_puts(out, c->value[o->bit]);
		}
	}
	if (c->format == RENDER_XML)
		sink_puts(out, c->flags & COMMAND_XML_RPC ?
		    " | display xml rpc" : " | display xml");
	else if (c->format == RENDER_JSON)
		sink_puts(out, " | display json");
	if (with_count && (c->flags & COMMAND_COUNT))
		sink_puts(out, " | count");
}

/* A memory sink's text, or NULL; the sink is freed either way. */
static char *
take(struct sink *out)
{
	char *s = sink_take(out, NULL);

	sink_close(out);
	return s;
}

char *
command_line(const struct command *c)
{
	struct sink out;

	if (sink_mem(&out) != 0)
		return NULL;
	write_line(c, &out, 1);
	return take(&out);
}

char *
command_request(const struct command *c)
{
	struct sink out;
	char *line;

	if (sink_mem(&out) != 0)
		return NULL;
	write_line(c, &out, 0);
	if ((line = take(&out)) == NULL || sink_mem(&out) != 0) {
		free(line);
		return NULL;
	}
	sink_puts(&out, "<command xmlns=\"" FLOWAGENT_JUNOS_NS "\"><line>");
	put_escaped(&out, line);
	sink_puts(&out, "</line></command>");
	free(line);
	return take(&out);
}
