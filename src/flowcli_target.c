/*
 * flowcli_target.c: where flowagentd's NETCONF server is: -H unix:PATH or
 * -H ssh://[USER@]HOST[:PORT], and connecting to a UNIX socket.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowcli.h"

static int
bad(char *err, size_t errlen, const char *spec, const char *why)
{
	snprintf(err, errlen, "bad host '%s': %s", spec, why);
	return -1;
}

/* $USER, else the passwd entry's name: OpenSSH's default login name. */
static int
default_user(char *user, size_t len)
{
	const char *name = getenv("USER");
	struct passwd *pw;

	if ((name == NULL || *name == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		name = pw->pw_name;
	if (name == NULL || *name == '\0' || strlen(name) >= len)
		return -1;
	strcpy(user, name);
	return 0;
}

static int
parse_ssh(struct flowcli_target *t, const char *spec, const char *p,
    char *err, size_t errlen)
{
	const char *at, *end, *hend;
	size_t len;

	t->transport = FLOWCLI_SSH;
	t->port = FLOWCLI_SSH_PORT;
	end = p + strcspn(p, "/");
	if (*end == '/' && end[1] != '\0')
		return bad(err, errlen, spec, "a path after the host");
	if ((at = memchr(p, '@', (size_t)(end - p))) != NULL) {
		len = (size_t)(at - p);
		if (len == 0 || len >= sizeof t->user)
			return bad(err, errlen, spec, "bad user name");
		memcpy(t->user, p, len);
		t->user[len] = '\0';
		p = at + 1;
	} else if (default_user(t->user, sizeof t->user) != 0)
		return bad(err, errlen, spec, "no user name (set USER)");

	/* [v6 address] or a name or v4 address, then an optional :port. */
	if (*p == '[') {
		if ((hend = memchr(p, ']', (size_t)(end - p))) == NULL)
			return bad(err, errlen, spec, "no ']'");
		len = (size_t)(hend - p - 1);
		p++;
		hend++;
	} else {
		hend = memchr(p, ':', (size_t)(end - p));
		if (hend == NULL)
			hend = end;
		len = (size_t)(hend - p);
	}
	if (len == 0 || len >= sizeof t->host)
		return bad(err, errlen, spec, "no host name");
	memcpy(t->host, p, len);
	t->host[len] = '\0';

	if (hend < end) {
		unsigned long port = 0;
		const char *q;

		if (*hend != ':' || hend + 1 == end)
			return bad(err, errlen, spec, "bad port");
		for (q = hend + 1; q < end; q++) {
			if (*q < '0' || *q > '9' || port > 65535)
				return bad(err, errlen, spec, "bad port");
			port = port * 10 + (unsigned long)(*q - '0');
		}
		if (port == 0 || port > 65535)
			return bad(err, errlen, spec, "bad port");
		t->port = (uint16_t)port;
	}
	return 0;
}

int
flowcli_target_parse(struct flowcli_target *t, const char *spec, char *err,
    size_t errlen)
{
	const char *path = NULL;

	memset(t, 0, sizeof *t);
	if (strncmp(spec, "unix:", 5) == 0)
		path = spec + 5;
	else if (spec[0] == '/')
		path = spec;
	else if (strncmp(spec, "ssh://", 6) == 0)
		return parse_ssh(t, spec, spec + 6, err, errlen);
	else
		return bad(err, errlen, spec,
		    "expecting unix:PATH or ssh://[USER@]HOST[:PORT]");

	t->transport = FLOWCLI_UNIX;
	if (*path == '\0')
		return bad(err, errlen, spec, "no socket path");
	if (strlen(path) >= sizeof t->path)
		return bad(err, errlen, spec, "socket path too long");
	strcpy(t->path, path);
	return 0;
}

int
flowcli_target_unix_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd, saved;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun.sun_path, path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}
