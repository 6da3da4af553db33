/*
 * nc_auth.c: who may log in over SSH.
 *
 * The host key is a private key file.  Public keys come from an OpenSSH
 * authorized_keys file whose path may hold %u, the login name, as sshd's
 * AuthorizedKeysFile does.  Passwords come from a file of user:hash lines,
 * the hashes in crypt(3) form (openssl passwd -6, mkpasswd).  Files are
 * read at each attempt, so edits apply without a restart.  Every refusal
 * is logged with the user and the peer; a peer that fails too often is
 * refused for a while without checking (the limiter below).  SIGHUP may change the paths
 * (ncs_auth_set_paths); paths_lock guards them.
 */
#include <crypt.h>
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libssh/libssh.h>

#include "agent.h"
#include "nc.h"

static char	*hostkey_path;
static char	*keys_path;
static char	*passwords_path;
static pthread_mutex_t paths_lock = PTHREAD_MUTEX_INITIALIZER;

int
ncs_auth_hostkey(char *buf, size_t len)
{
	int rc;

	pthread_mutex_lock(&paths_lock);
	rc = hostkey_path != NULL &&
	    (size_t)snprintf(buf, len, "%s", hostkey_path) < len ? 0 : -1;
	pthread_mutex_unlock(&paths_lock);
	return rc;
}

static void
refused(const char *user, const char *host, const char *how)
{
	log_warnx("netconf: %s login refused for user %s from %s", how, user,
	    host);
}

/*
 * The failure limiter: AUTH_FAIL_MAX failed attempts from one peer address
 * within AUTH_FAIL_WINDOW seconds, and every attempt from it is refused,
 * unchecked, for AUTH_BLOCK seconds (logged once).  A small table, the
 * oldest entry reused: an attacker with many addresses gets no worse than
 * without it.
 */
#define AUTH_FAIL_MAX		10
#define AUTH_FAIL_WINDOW	60
#define AUTH_BLOCK		60
#define AUTH_PEERS		64

static struct auth_peer {
	char	addr[64];		/* "" = free */
	time_t	first;			/* the window's first failure */
	time_t	blocked_until;
	int	fails;
} auth_peers[AUTH_PEERS];
static pthread_mutex_t peers_lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry for `addr` (peers_lock held).  Unless found, NULL or, when
 * `add`, a new one: a free entry, or the one failing longest ago that is
 * not blocked (a flood from many addresses never frees a blocked one). */
static struct auth_peer *
peer_find(const char *addr, time_t now, int add)
{
	struct auth_peer *reuse = NULL;

	for (int i = 0; i < AUTH_PEERS; i++) {
		struct auth_peer *p = &auth_peers[i];

		if (strcmp(p->addr, addr) == 0)
			return p;
		if (p->blocked_until > now)
			continue;
		if (reuse == NULL || p->addr[0] == '\0' ||
		    (reuse->addr[0] != '\0' && p->first < reuse->first))
			reuse = p;
	}
	if (!add || reuse == NULL)
		return NULL;
	memset(reuse, 0, sizeof *reuse);
	snprintf(reuse->addr, sizeof reuse->addr, "%s", addr);
	return reuse;
}

/* Is the peer blocked?  (Logged when it was.) */
static int
peer_blocked(const char *host)
{
	const struct auth_peer *p;
	time_t now = time(NULL);
	int blocked;

	pthread_mutex_lock(&peers_lock);
	p = peer_find(host, now, 0);
	blocked = p != NULL && p->blocked_until > now;
	pthread_mutex_unlock(&peers_lock);
	return blocked;
}

/* A failure from the peer: blocks it at AUTH_FAIL_MAX. */
static void
peer_failed(const char *host)
{
	struct auth_peer *p;
	time_t now = time(NULL);
	int block = 0;

	pthread_mutex_lock(&peers_lock);
	if ((p = peer_find(host, now, 1)) != NULL) {
		if (p->fails == 0 || now - p->first >= AUTH_FAIL_WINDOW) {
			p->first = now;
			p->fails = 0;
		}
		if (++p->fails >= AUTH_FAIL_MAX && p->blocked_until <= now) {
			p->blocked_until = now + AUTH_BLOCK;
			p->fails = 0;
			block = 1;
		}
	}
	pthread_mutex_unlock(&peers_lock);
	if (block)
		log_warnx("netconf: %d failed logins from %s in %d s: refusing "
		    "its logins for %d s", AUTH_FAIL_MAX, host,
		    AUTH_FAIL_WINDOW, AUTH_BLOCK);
}

/* keys_path with %u replaced by a safe user name. */
static int
keys_file(const char *user, char *buf, size_t len)
{
	size_t n = 0;

	if (user[0] == '\0' || user[0] == '.' || strchr(user, '/') != NULL)
		return -1;
	for (const char *p = keys_path; *p != '\0'; p++) {
		const char *add = p[0] == '%' && p[1] == 'u' ? user : NULL;
		size_t l = add != NULL ? strlen(add) : 1;

		if (n + l >= len)
			return -1;
		memcpy(buf + n, add != NULL ? add : p, l);
		n += l;
		if (add != NULL)
			p++;
	}
	buf[n] = '\0';
	return 0;
}

/* Does this authorized_keys line hold `key`? */
static int
line_has_key(char *line, ssh_key key)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		enum ssh_keytypes_e t = ssh_key_type_from_name(tok);
		char *b64;
		ssh_key k = NULL;
		int same;

		if (t == SSH_KEYTYPE_UNKNOWN)
			continue;	/* options before the key type */
		if ((b64 = strtok_r(NULL, " \t", &save)) == NULL ||
		    ssh_pki_import_pubkey_base64(b64, t, &k) != SSH_OK)
			return 0;
		same = ssh_key_cmp(k, key, SSH_KEY_CMP_PUBLIC) == 0;
		ssh_key_free(k);
		return same;
	}
	return 0;
}

int
ncs_auth_pubkey(const char *user, const char *host, ssh_key key)
{
	char path[4096], line[16384];
	FILE *fp;
	int ok = 0, bad;

	if (peer_blocked(host))
		return 1;
	pthread_mutex_lock(&paths_lock);
	bad = keys_path == NULL || keys_file(user, path, sizeof path) != 0;
	pthread_mutex_unlock(&paths_lock);
	if (bad || (fp = fopen(path, "re")) == NULL) {
		refused(user, host, "public key");
		peer_failed(host);
		return 1;
	}
	while (!ok && fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '#' && line[0] != '\0')
			ok = line_has_key(line, key);
	}
	fclose(fp);
	if (!ok) {
		refused(user, host, "public key");
		peer_failed(host);
	}
	return ok ? 0 : 1;
}

int
ncs_auth_password(const char *user, const char *host, const char *password)
{
	size_t ulen = strlen(user);
	char line[1024];
	struct crypt_data cd;
	FILE *fp;
	int ok = 0;

	if (peer_blocked(host) || password == NULL)
		return 1;
	pthread_mutex_lock(&paths_lock);
	fp = passwords_path != NULL ? fopen(passwords_path, "re") : NULL;
	pthread_mutex_unlock(&paths_lock);
	if (fp == NULL) {
		refused(user, host, "password");
		peer_failed(host);
		return 1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		char *hash, *got;

		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, user, ulen) != 0 || line[ulen] != ':')
			continue;
		hash = line + ulen + 1;
		memset(&cd, 0, sizeof cd);
		got = crypt_r(password, hash, &cd);
		ok = got != NULL && got[0] != '*' && hash[0] != '\0' &&
		    strcmp(got, hash) == 0;
		break;
	}
	fclose(fp);
	explicit_bzero(&cd, sizeof cd);
	if (!ok) {
		refused(user, host, "password");
		peer_failed(host);
	}
	return ok ? 0 : 1;
}

int
ncs_auth_setup(const struct agent_conf *conf)
{
	if (conf->hostkey == NULL) {
		log_warnx("netconf: --netconf-ssh needs --hostkey");
		return -1;
	}
	if ((hostkey_path = strdup(conf->hostkey)) == NULL)
		return -1;
	if (conf->authorized_keys != NULL &&
	    (keys_path = strdup(conf->authorized_keys)) == NULL)
		return -1;
	if (conf->password_file != NULL &&
	    (passwords_path = strdup(conf->password_file)) == NULL)
		return -1;
	return 0;
}

/* Replaces a path with a copy of `v` (NULL: none). */
static int
set_path(char **p, const char *v)
{
	char *n = NULL;

	if (v != NULL && (n = strdup(v)) == NULL)
		return -1;
	free(*p);
	*p = n;
	return 0;
}

int
ncs_auth_set_paths(const char *hostkey, const char *authorized_keys,
    const char *password_file)
{
	int rc;

	pthread_mutex_lock(&paths_lock);
	rc = set_path(&hostkey_path, hostkey) |
	    set_path(&keys_path, authorized_keys) |
	    set_path(&passwords_path, password_file);
	pthread_mutex_unlock(&paths_lock);
	return rc != 0 ? -1 : 0;
}

void
ncs_auth_free(void)
{
	free(hostkey_path);
	free(keys_path);
	free(passwords_path);
	hostkey_path = keys_path = passwords_path = NULL;
}
