/* flowcli.h: the commands of flowcli, one file each (flowcli_*.c). */
#ifndef FLOWCLI_H
#define FLOWCLI_H

#include <stddef.h>
#include <stdint.h>

struct flowcli_cmd {
	const char	*name;
	const char	*summary;
	int		(*run)(int argc, char **argv);
};

/* Exit statuses. */
#define FLOWCLI_OK	0
#define FLOWCLI_FAIL	1	/* bad input, I/O error, daemon unreachable */
#define FLOWCLI_USAGE	2	/* bad options or command line */

/* Where flowagentd's NETCONF server is when neither -H nor FLOWAGENT_HOST
 * says. */
#define FLOWCLI_DEFAULT_SOCKET	"/run/flowagent/netconf.sock"
#define FLOWCLI_DEFAULT_HOST	"unix:" FLOWCLI_DEFAULT_SOCKET
#define FLOWCLI_SSH_PORT	830

int	flowcli_render(int, char **);
int	flowcli_show(int, char **);
int	flowcli_netconf(int, char **);

void	flowcli_err(const char *, ...) __attribute__((format(printf, 1, 2)));

/* flowcli.c: -H, or FLOWAGENT_HOST, or the default. */
const char *flowcli_host(void);

/* flowcli_target.c: -H's value, unix:PATH or ssh://[user@]host[:port]. */
enum flowcli_transport { FLOWCLI_UNIX, FLOWCLI_SSH };

struct flowcli_target {
	enum flowcli_transport	 transport;
	char			 path[108];	/* sun_path */
	char			 user[64];
	char			 host[256];
	uint16_t		 port;
};

/* 0, or -1 with a message. */
int	flowcli_target_parse(struct flowcli_target *, const char *spec,
	    char *err, size_t errlen);
/* Connects a stream socket to a UNIX path: the fd, or -1 with errno. */
int	flowcli_target_unix_connect(const char *path);

/* flowcli_nc.c: the NETCONF client.  Runs one Junos <command> request on
 * the daemon and hands its <output> text to `emit` (valid during the call
 * only).  Returns FLOWCLI_OK, or FLOWCLI_FAIL after printing why. */
int	flowcli_nc_command(const struct flowcli_target *, const char *request,
	    void (*emit)(const char *, size_t, void *), void *arg);
/* The last error libnetconf2 or libyang reported, or "". */
const char *flowcli_nc_lasterr(void);

/* flowcli_ssh.c: NETCONF over SSH with libnetconf2's client. */
struct ly_ctx;
struct nc_session;
/* Sets the client's SSH user, keys and callbacks. */
void	flowcli_ssh_init(const struct flowcli_target *);
/* Connects and authenticates: the session, or NULL with a message. */
struct nc_session *flowcli_ssh_connect(const struct flowcli_target *,
	    struct ly_ctx *, char *err, size_t errlen);

#endif
