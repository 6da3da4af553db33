/*
 * priv.c: --user: from root to an unprivileged user, keeping CAP_NET_ADMIN
 * for the one thread that needs it.
 *
 * priv_drop runs once what needs root is open (the NETCONF sockets, the
 * AgentX connection, the conntrack netlink socket) and before any thread
 * is started, so what it sets is what every thread inherits: the user's
 * groups, gid and uid, a bounding set of CAP_NET_ADMIN alone, and
 * no_new_privs.  The main thread keeps CAP_NET_ADMIN (PR_SET_KEEPCAPS
 * across setresuid, then capset) just long enough to start the loader,
 * which dumps the conntrack table; then priv_main_drop takes it from the
 * main thread too, before the NETCONF threads start, so that they never
 * had it.  The same applies when flowagentd starts unprivileged with
 * capabilities (systemd's AmbientCapabilities): only the loader keeps
 * them.  No capability is ambient: nothing we might exec inherits it.
 * Raw prctl/capset: libcap is not a dependency.
 */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent.h"

#define PRIV_KEEP	CAP_NET_ADMIN

static int	priv_dropped;	/* priv_drop did its work */

static int
priv_capset(__u32 keep)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof data);
	data[0].effective = data[0].permitted = keep;
	return (int)syscall(SYS_capset, &hdr, data);
}

static int
priv_capget(__u32 *eff, __u32 *prm)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &hdr, data) != 0)
		return -1;
	*eff = data[0].effective;
	*prm = data[0].permitted;
	return data[1].effective || data[1].permitted ? -1 : 0;
}

/* The bounding set: everything but PRIV_KEEP (while CAP_SETPCAP holds). */
static void
priv_bound(void)
{
	for (int cap = 0; cap < 64; cap++) {
		if (cap == PRIV_KEEP)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 &&
		    errno == EINVAL)
			break;	/* past the kernel's last capability */
	}
}

int
priv_drop(const char *user)
{
	const struct passwd *pw;
	uid_t uid;
	gid_t gid;
	__u32 eff, prm;
	char *name;

	if ((pw = getpwnam(user)) == NULL) {
		log_warnx("--user: no user '%s'", user);
		return -1;
	}
	uid = pw->pw_uid;
	gid = pw->pw_gid;
	if (geteuid() != 0) {
		if (geteuid() == uid && getuid() == uid)
			return 0;	/* already that user */
		log_warnx("--user %s: needs to start as root", user);
		return -1;
	}
	if ((name = strdup(pw->pw_name)) == NULL)
		return -1;
	priv_bound();
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 ||
	    initgroups(name, gid) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		log_warn("--user %s", name);
		free(name);
		return -1;
	}
	free(name);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0 ||
	    priv_capset(1U << PRIV_KEEP) != 0) {
		log_warn("--user %s: capabilities", user);
		return -1;
	}
	/* Check that it holds: no way back, and nothing but CAP_NET_ADMIN. */
	if (setuid(0) == 0 || priv_capget(&eff, &prm) != 0 ||
	    eff != 1U << PRIV_KEEP || prm != 1U << PRIV_KEEP) {
		log_warnx("--user %s: privileges not dropped", user);
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		log_warn("--user %s: no_new_privs", user);
		return -1;
	}
	priv_dropped = 1;
	log_info("running as user %s (uid %ld, gid %ld), keeping "
	    "CAP_NET_ADMIN only", user, (long)uid, (long)gid);
	return 0;
}

int
priv_main_drop(void)
{
	__u32 eff = 0, prm = 0;

	/* Root without --user asked for root: leave it be. */
	if (!priv_dropped && geteuid() == 0)
		return 0;
	if (priv_capget(&eff, &prm) != 0)
		eff = prm = ~0U;
	if (eff == 0 && prm == 0) {
		(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		return 0;
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 &&
	    errno != EINVAL) {
		log_warn("capabilities: ambient set");
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || priv_capset(0) != 0 ||
	    priv_capget(&eff, &prm) != 0 || eff != 0 || prm != 0) {
		log_warn("capabilities: the main thread keeps some");
		return -1;
	}
	log_debug("capabilities: the loader thread alone keeps its own");
	return 0;
}
