/*
 * flowcli_ssh.c: NETCONF over SSH for flowcli: the "netconf" subsystem of
 * flowagentd's SSH endpoint or of an OpenSSH server running flowcli netconf.
 *
 * Authentication: the keys ~/.ssh/id_ed25519, id_ecdsa and id_rsa that have
 * their .pub beside them, then a password ($FLOWCLI_PASSWORD, else asked
 * on the terminal).  Host keys: OpenSSH's StrictHostKeyChecking=accept-new
 * against ~/.ssh/known_hosts: a new host's key is recorded (with a note on
 * stderr), a changed one refuses the connection.  ~ is $HOME.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define NC_ENABLED_SSH
#define NC_ENABLED_TLS
#include <nc_client.h>

#include "flowcli.h"

#define SSH_TIMEOUT_S	10

static char known_hosts[PATH_MAX];
static const char *no_password;		/* why no password was given */
static int hostkey_refused;

static const char *
home(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && *h != '\0')
		return h;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_dir : "/";
}

/* A prompt on the terminal; a terminal that fails us fails the read. */
static void
tty_puts(int fd, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;

	while (len > 0 && (n = write(fd, s, len)) > 0) {
		s += n;
		len -= (size_t)n;
	}
}

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/*
 * Reads a line from the terminal without echo: malloc'd, or NULL.  A
 * signal (^C) interrupts the read; echo comes back before it takes effect.
 */
static char *
read_secret(const char *prompt)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
	    SIGTSTP, SIGTTIN, SIGTTOU };
	struct sigaction sa, saved[sizeof sigs / sizeof sigs[0]];
	struct termios old, quiet;
	char buf[1024], *p = NULL;
	size_t len = 0;
	int fd, restore;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) < 0)
		return NULL;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;	/* no SA_RESTART: read() returns */
	got_signal = 0;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, &saved[i]);
	restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	tty_puts(fd, prompt);
	while (!got_signal && len < sizeof buf - 1 &&
	    read(fd, buf + len, 1) == 1 && buf[len] != '\n')
		len++;
	buf[len] = '\0';
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	tty_puts(fd, "\n");
	close(fd);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &saved[i], NULL);
	if (got_signal)
		raise(got_signal);
	else
		p = strdup(buf);
	explicit_bzero(buf, sizeof buf);
	return p;
}

static char *
password(const char *prompt)
{
	const char *env = getenv("FLOWCLI_PASSWORD");
	char *p;

	if (env != NULL)
		return strdup(env);
	if ((p = read_secret(prompt)) == NULL)
		no_password = "no terminal to ask for a password, and "
		    "FLOWCLI_PASSWORD is not set";
	return p;
}

static char *
password_clb(const char *user, const char *host, void *priv)
{
	char prompt[400];

	(void)priv;
	snprintf(prompt, sizeof prompt, "%s@%s's password: ", user, host);
	return password(prompt);
}

/* Keyboard-interactive: sshd's PAM asks "Password: ". */
static char *
interactive_clb(const char *name, const char *instruction, const char *prompt,
    int echo, void *priv)
{
	(void)name;
	(void)instruction;
	(void)echo;
	(void)priv;
	return password(prompt);
}

static char *
passphrase_clb(const char *path, void *priv)
{
	char prompt[PATH_MAX + 40];

	(void)priv;
	snprintf(prompt, sizeof prompt, "Enter passphrase for key '%s': ",
	    path);
	return read_secret(prompt);
}

static void
note_new_key(const char *host, ssh_session ssh)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	char *fp = NULL;
	size_t hlen;

	if (ssh_get_server_publickey(ssh, &key) == SSH_OK &&
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) == 0)
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
		    hlen);
	if (ssh_session_update_known_hosts(ssh) == SSH_OK)
		flowcli_err("added the host key of %s (%s) to %s", host,
		    fp ? fp : "?", known_hosts);
	else
		flowcli_err("warning: the host key of %s (%s) could not be "
		    "recorded in %s", host, fp ? fp : "?", known_hosts);
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	ssh_key_free(key);
}

/* accept-new: trust on first use, refuse a change. */
static int
hostkey_clb(const char *host, ssh_session ssh, void *priv)
{
	(void)priv;
	switch (ssh_session_is_known_server(ssh)) {
	case SSH_KNOWN_HOSTS_OK:
		return 0;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		note_new_key(host, ssh);
		return 0;
	case SSH_KNOWN_HOSTS_CHANGED:
		flowcli_err("the host key of %s differs from the one in %s: "
		    "refusing to connect (remove that line if the key was "
		    "changed on purpose)", host, known_hosts);
		break;
	case SSH_KNOWN_HOSTS_OTHER:
		flowcli_err("%s offers a host key of another type than the "
		    "one in %s: refusing to connect", host, known_hosts);
		break;
	default:
		flowcli_err("cannot check the host key of %s: %s", host,
		    ssh_get_error(ssh));
	}
	hostkey_refused = 1;
	return -1;
}

void
flowcli_ssh_init(const struct flowcli_target *t)
{
	static const char *const keys[] = { "id_ed25519", "id_ecdsa",
	    "id_rsa" };
	char priv[PATH_MAX], pub[PATH_MAX + 4];

	nc_client_ssh_set_username(t->user);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		snprintf(priv, sizeof priv, "%s/.ssh/%s", home(), keys[i]);
		snprintf(pub, sizeof pub, "%s.pub", priv);
		if (access(priv, R_OK) == 0 && access(pub, R_OK) == 0)
			nc_client_ssh_add_keypair(pub, priv);
	}
	/* libnetconf2 tries the highest first: keys, then a password. */
	nc_client_ssh_set_auth_pref(NC_SSH_AUTH_PUBLICKEY, 3);
	nc_client_ssh_set_auth_pref(NC_SSH_AUTH_PASSWORD, 2);
	nc_client_ssh_set_auth_pref(NC_SSH_AUTH_INTERACTIVE, 1);
	nc_client_ssh_set_auth_password_clb(password_clb, NULL);
	nc_client_ssh_set_auth_interactive_clb(interactive_clb, NULL);
	nc_client_ssh_set_auth_privkey_passphrase_clb(passphrase_clb, NULL);
	nc_client_ssh_set_auth_hostkey_check_clb(hostkey_clb, NULL);
	snprintf(known_hosts, sizeof known_hosts, "%s/.ssh/known_hosts",
	    home());
}

/* A TCP connection to the first address that answers: fd, or -1. */
static int
tcp_connect(const struct flowcli_target *t, char *err, size_t errlen,
    const char *where)
{
	struct addrinfo hints, *res, *ai;
	char port[8];
	int fd = -1, rc, saved = 0;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%u", (unsigned)t->port);
	if ((rc = getaddrinfo(t->host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "cannot connect to %s: %s", where,
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		snprintf(err, errlen, "cannot connect to %s: %s", where,
		    strerror(saved));
	return fd;
}

struct nc_session *
flowcli_ssh_connect(const struct flowcli_target *t, struct ly_ctx *ctx,
    char *err, size_t errlen)
{
	struct nc_session *s;
	ssh_session ssh;
	unsigned int port = t->port;
	long timeout = SSH_TIMEOUT_S;
	char where[400];
	int fd;

	snprintf(where, sizeof where, "ssh://%s@%s:%u", t->user, t->host,
	    port);
	if ((fd = tcp_connect(t, err, errlen, where)) < 0)
		return NULL;
	if ((ssh = ssh_new()) == NULL) {
		close(fd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ssh_options_set(ssh, SSH_OPTIONS_HOST, t->host);
	ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(ssh, SSH_OPTIONS_USER, t->user);
	ssh_options_set(ssh, SSH_OPTIONS_KNOWNHOSTS, known_hosts);
	ssh_options_set(ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	ssh_options_set(ssh, SSH_OPTIONS_FD, &fd);
	ssh_set_blocking(ssh, 0);

	/* On failure libnetconf2 frees the SSH session and its socket. */
	if ((s = nc_connect_libssh(ssh, ctx)) != NULL)
		return s;
	if (hostkey_refused)
		snprintf(err, errlen, "%s: host key refused", where);
	else if (no_password != NULL)
		snprintf(err, errlen, "%s: authentication refused: %s", where,
		    no_password);
	else if (strstr(flowcli_nc_lasterr(), "uthenticat") != NULL)
		snprintf(err, errlen, "%s: authentication refused", where);
	else
		snprintf(err, errlen, "%s: no NETCONF session: %s", where,
		    *flowcli_nc_lasterr() ? flowcli_nc_lasterr() :
		    "connection lost");
	return NULL;
}
