/*
 * nc_eval.c: XPath filters evaluated within a time budget.
 *
 * libyang evaluates an XPath expression to the end, however long it takes
 * (count() of every node, tested at every node, is quadratic; nested, it
 * is cubic), and offers no way to stop it; a thread cannot be cancelled in
 * the middle of it either (its locks, its allocations).  So evaluations run in
 * processes, which can be killed: each in a child forked, for it alone, by
 * an evaluator process.  The evaluator itself is forked from flowagentd at
 * the very start, while flowagentd is still one small thread (fork in a
 * threaded process is unsafe; forking from a loaded store would pin its
 * memory), drops to --user, builds its own libyang context with the same
 * modules, and then only forks.
 *
 * A session thread asking for an evaluation makes a socketpair, passes one
 * end to the evaluator (SCM_RIGHTS), and talks to the child on the other:
 * the child says its pid, reads the expression and the candidate state
 * (XML, as the renderer wrote it), evaluates, and writes back the result
 * (XML).  Past netconf-filter-timeout the session thread kills the child
 * and answers resource-denied; SIGTERM kills every child at once.  A child
 * also has an alarm and an address-space limit of its own, in case its
 * asker is gone.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "nc.h"

#define EVAL_AS_MAX	(2UL << 30)	/* a child's address space */

/* AddressSanitizer reserves terabytes of shadow address space: under it the
 * child's memory is bounded by its deadline alone. */
#if defined(__SANITIZE_ADDRESS__)
#define EVAL_LIMIT_AS	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EVAL_LIMIT_AS	0
#endif
#endif
#ifndef EVAL_LIMIT_AS
#define EVAL_LIMIT_AS	1
#endif
#define EVAL_INFLIGHT	64

static int		 eval_fd = -1;	/* to the evaluator */
static int		 eval_timeout;	/* seconds */
static pthread_mutex_t	 eval_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 eval_stopping;
static struct inflight {
	int	fd;
	pid_t	pid;
} inflight[EVAL_INFLIGHT];

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
ncs_eval_deadline(void)
{
	return mono_ms() + (int64_t)eval_timeout * 1000;
}

int
ncs_eval_late(int64_t deadline)
{
	return mono_ms() >= deadline;
}

/* Reads or writes n bytes by the deadline: 0, ETIME, or -1. */
static int
xfer(int fd, void *buf, size_t n, int writing, int64_t deadline)
{
	char *p = buf;

	while (n > 0) {
		struct pollfd pfd = { .fd = fd,
		    .events = writing ? POLLOUT : POLLIN };
		int64_t left = deadline - mono_ms();
		ssize_t r;

		if (left <= 0)
			return ETIME;
		if (poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		r = writing ? send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT) :
		    recv(fd, p, n, MSG_DONTWAIT);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The child: one evaluation, on `fd`.  What it allocated goes with it, but
 * is freed all the same, so that valgrind sees a clean exit. */
static void
child_eval(struct ly_ctx *ctx, int fd)
{
	pid_t pid = getpid();
	uint32_t slen;
	uint64_t xlen;
	char *select = NULL, *xml = NULL, *text = NULL, status = 1;
	const char *msg;
	struct lyd_node *tree = NULL, *result = NULL;
	int64_t forever = INT64_MAX;

	if (xfer(fd, &pid, sizeof pid, 1, forever) != 0 ||
	    xfer(fd, &slen, sizeof slen, 0, forever) != 0 ||
	    (select = malloc((size_t)slen + 1)) == NULL ||
	    xfer(fd, select, slen, 0, forever) != 0 ||
	    xfer(fd, &xlen, sizeof xlen, 0, forever) != 0 ||
	    xlen > NCS_TREE_MAX * 2ULL ||
	    (xml = malloc((size_t)xlen + 1)) == NULL ||
	    xfer(fd, xml, (size_t)xlen, 0, forever) != 0)
		goto out;
	select[slen] = '\0';
	xml[xlen] = '\0';
	if ((xlen == 0 || lyd_parse_data_mem(ctx, xml, LYD_XML,
	    LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, &tree) == LY_SUCCESS) &&
	    ncs_xpath_apply(select, tree, &result) == 0 &&
	    (result == NULL || lyd_print_mem(&text, result, LYD_XML,
	    LYD_PRINT_WITHSIBLINGS | LYD_PRINT_SHRINK) == LY_SUCCESS))
		status = 0;
	msg = status == 0 ? text : ly_errmsg(ctx) != NULL ? ly_errmsg(ctx) :
	    "failed";
	if (xfer(fd, &status, 1, 1, forever) == 0 && msg != NULL)
		(void)xfer(fd, (char *)msg, strlen(msg), 1, forever);
out:
	free(text);
	lyd_free_siblings(result);
	lyd_free_siblings(tree);
	free(xml);
	free(select);
}

/* The evaluator: forks a child per socket it is given, until flowagentd
 * closes its end. */
static void
evaluator(int ctl, const struct agent_conf *conf)
{
	struct ly_ctx *ctx = NULL;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_flags = SA_NOCLDWAIT;	/* children reap themselves */
	sigaction(SIGCHLD, &sa, NULL);
	/* The modules first, with the privileges flowagentd read them with
	 * (--yang-dir may be readable by root alone). */
	if (ncs_ctx_load(conf->yang_dir, &ctx) != 0)
		_exit(1);
	log_set_quiet(1);	/* flowagentd says it all once */
	if ((conf->user != NULL && priv_drop(conf->user) != 0) ||
	    priv_main_drop() != 0)
		_exit(1);
	log_set_quiet(0);
	for (;;) {
		char b;
		struct iovec iov = { &b, 1 };
		union {
			struct cmsghdr	h;
			char		buf[CMSG_SPACE(sizeof(int))];
		} u;
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		    .msg_control = u.buf, .msg_controllen = sizeof u.buf };
		struct cmsghdr *c;
		ssize_t n = recvmsg(ctl, &m, MSG_CMSG_CLOEXEC);
		int fd = -1;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ly_ctx_destroy(ctx);
			_exit(0);	/* flowagentd is gone */
		}
		if ((c = CMSG_FIRSTHDR(&m)) != NULL &&
		    c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof fd);
		if (fd < 0)
			continue;
		if (fork() == 0) {
			struct rlimit as = { EVAL_AS_MAX, EVAL_AS_MAX };

			close(ctl);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (EVAL_LIMIT_AS)
				setrlimit(RLIMIT_AS, &as);
			alarm((unsigned)eval_timeout + 5);
			child_eval(ctx, fd);
			ly_ctx_destroy(ctx);
			_exit(0);
		}
		close(fd);
	}
}

int
ncs_eval_spawn(const struct agent_conf *conf)
{
	int sv[2];
	pid_t pid;

	eval_timeout = conf->nc_filter_timeout;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
		log_warn("netconf: filter evaluator");
		return -1;
	}
	if ((pid = fork()) < 0) {
		log_warn("netconf: filter evaluator");
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		evaluator(sv[1], conf);
		_exit(0);
	}
	close(sv[1]);
	eval_fd = sv[0];
	return 0;
}

static int
inflight_add(int fd)
{
	int slot = -1;

	pthread_mutex_lock(&eval_lock);
	for (int i = 0; i < EVAL_INFLIGHT && !eval_stopping; i++)
		if (inflight[i].fd == 0) {
			inflight[i].fd = fd + 1;	/* 0: free */
			inflight[i].pid = 0;
			slot = i;
			break;
		}
	pthread_mutex_unlock(&eval_lock);
	return slot;
}

static void
inflight_pid(int slot, pid_t pid)
{
	pthread_mutex_lock(&eval_lock);
	inflight[slot].pid = pid;
	pthread_mutex_unlock(&eval_lock);
}

/* Ends the slot's evaluation (kills the child when `kill` or stopping). */
static void
inflight_end(int slot, int kill_it)
{
	pthread_mutex_lock(&eval_lock);
	if (inflight[slot].pid > 0 && (kill_it || eval_stopping))
		kill(inflight[slot].pid, SIGKILL);
	inflight[slot].fd = 0;
	inflight[slot].pid = 0;
	pthread_mutex_unlock(&eval_lock);
}

int
ncs_eval_xpath(const char *select, const char *xml, size_t len,
    struct lyd_node **out, char *err, size_t errlen)
{
	int64_t deadline = ncs_eval_deadline();
	uint32_t slen = (uint32_t)strlen(select);
	uint64_t xlen = len;
	char one = 0, status, *text = NULL;
	size_t tlen = 0, tcap = 0;
	int sv[2], slot, rc;
	pid_t pid = 0;
	struct iovec iov = { &one, 1 };
	union {
		struct cmsghdr	h;
		char		buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c;

	memset(&u, 0, sizeof u);	/* the padding goes out too */
	c = CMSG_FIRSTHDR(&m);
	*out = NULL;
	if (eval_fd < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	if ((slot = inflight_add(sv[0])) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[1], sizeof(int));
	rc = sendmsg(eval_fd, &m, MSG_NOSIGNAL) == 1 ? 0 : -1;
	close(sv[1]);
	if (rc == 0 && (rc = xfer(sv[0], &pid, sizeof pid, 0, deadline)) == 0)
		inflight_pid(slot, pid);
	if (rc == 0)
		rc = xfer(sv[0], &slen, sizeof slen, 1, deadline);
	if (rc == 0)
		rc = xfer(sv[0], (void *)select, slen, 1, deadline);
	if (rc == 0)
		rc = xfer(sv[0], &xlen, sizeof xlen, 1, deadline);
	if (rc == 0)
		rc = xfer(sv[0], (void *)xml, len, 1, deadline);
	if (rc == 0)
		rc = xfer(sv[0], &status, 1, 0, deadline);
	/* The result, to its end (the child exits). */
	while (rc == 0) {
		struct pollfd pfd = { .fd = sv[0], .events = POLLIN };
		int64_t left = deadline - mono_ms();
		ssize_t n;

		if (left <= 0) {
			rc = ETIME;
			break;
		}
		if (tlen + 65536 + 1 > tcap) {
			char *t = realloc(text, tcap = tlen + 65536 + 1);

			if (t == NULL) {
				rc = -1;
				break;
			}
			text = t;
		}
		if (poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left) <= 0)
			continue;
		if ((n = recv(sv[0], text + tlen, 65536, MSG_DONTWAIT)) < 0) {
			if (errno != EINTR && errno != EAGAIN)
				rc = -1;
			continue;
		}
		if (n == 0)
			break;
		tlen += (size_t)n;
	}
	close(sv[0]);
	inflight_end(slot, rc != 0);
	if (rc == 0 && text != NULL)
		text[tlen] = '\0';
	snprintf(err, errlen, "%s", rc == ETIME ? "over the time budget" :
	    "the evaluator failed");
	if (rc == 0 && status != 0) {
		snprintf(err, errlen, "%s", text != NULL ? text : "");
		rc = -1;
	} else if (rc == 0 && tlen > 0 && lyd_parse_data_mem(ncs.ctx, text,
	    LYD_XML, LYD_PARSE_ONLY | LYD_PARSE_STRICT, 0, out) != LY_SUCCESS) {
		snprintf(err, errlen, "%s", ly_errmsg(ncs.ctx));
		rc = -1;
	}
	free(text);
	if (rc != 0 && eval_stopping)
		rc = -1;
	return rc;
}

void
ncs_eval_stop(void)
{
	pthread_mutex_lock(&eval_lock);
	eval_stopping = 1;
	for (int i = 0; i < EVAL_INFLIGHT; i++)
		if (inflight[i].fd != 0) {
			if (inflight[i].pid > 0)
				kill(inflight[i].pid, SIGKILL);
			/* The asker's wait ends at once. */
			shutdown(inflight[i].fd - 1, SHUT_RDWR);
		}
	pthread_mutex_unlock(&eval_lock);
	if (eval_fd >= 0) {
		close(eval_fd);
		eval_fd = -1;
	}
}
