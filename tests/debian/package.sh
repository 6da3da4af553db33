#!/bin/sh
# tests/debian/package.sh: the Debian package, end to end.  Builds it
# (dpkg-buildpackage -b) from a copy of the checkout's files (tracked, and
# new ones git does not ignore: what the next commit would hold, uncommitted
# changes included), installs it with dpkg -i, starts flowagentd as its
# systemd unit would (systemd is not PID 1 here, so no systemctl: ExecStart,
# as User=, in the RuntimeDirectory=), reads it over NETCONF (the packaged
# UNIX socket) and SNMP (a test snmpd on loopback, the daemon pointed at its
# AgentX socket with -x), reloads and stops it, purges the package and
# checks that nothing it created is left.  On any exit the package is
# purged and the machine is as it was.
#
# Runs once per CI run: only as root, from a git checkout (not under make
# distcheck, whose tree has no .git) and not in the sanitizer build
# (ASAN_OPTIONS set, or a flowagentd linked with libasan).
. "$TESTDATA/lib.sh"
SRCDIR=${SRCDIR:-$TESTDATA/..}

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (dpkg -i, dpkg --purge)"
command -v dpkg-buildpackage >/dev/null 2>&1 ||
    skip "no dpkg-buildpackage (Debian package dpkg-dev)"
command -v dh >/dev/null 2>&1 || skip "no dh (Debian package debhelper)"
command -v git >/dev/null 2>&1 || skip "no git"
top=$(cd "$SRCDIR" && pwd -P)
[ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ] ||
    skip "$SRCDIR is not a git checkout (make distcheck): the package test runs from the checkout"
[ -z "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ] ||
    skip "sanitizer pass: the package test runs in the plain build"
if [ -n "${FLOWAGENTD:-}" ] && ldd "$FLOWAGENTD" 2>/dev/null | grep -q libasan; then
	skip "sanitizer build: the package test runs in the plain build"
fi
if dpkg-query -W -f='${Status}' flowagent 2>/dev/null | grep -qv not-installed; then
	skip "a flowagent package is installed on this machine: not touching it"
fi
[ ! -e /run/flowagent ] || skip "/run/flowagent exists: a flowagentd may be running"
for t in setpriv snmpd; do
	command -v $t >/dev/null 2>&1 || skip "no $t"
done

# The test snmpd and its helpers (its cleanup runs from ours).
. "$TESTDATA/snmp/lib.sh"
_tmp=$work
pkg=$work/pkg
installed=
made_user=
made_rundir=
getent passwd flowagent >/dev/null || made_user=1

# Everything under these trees but what other programs churn meanwhile.
snapshot() {
	find /etc /usr /var /run \( -path /var/tmp -o -path /var/log \
	    -o -path /var/cache -o -path /var/lib/dpkg -o -path /var/lib/apt \
	    -o -path /var/backups -o -path /run/netns -o -path /run/user \
	    -o -path /run/lock -o -path /run/sshd -o -path /var/spool \
	    -o -path '/etc/*-' -o -path /etc/ld.so.cache \) -prune -o -print |
	    sort >"$1"
}

pkg_cleanup() {
	_st=$?
	trap - EXIT INT TERM
	cleanup		# snmp/lib.sh: the daemons, and $work unless KEEP
	if [ -n "$installed" ]; then
		dpkg --purge flowagent >/dev/null 2>&1 ||
		    echo "could not purge flowagent: dpkg --purge flowagent"
	fi
	[ -n "$made_rundir" ] && rm -rf /run/flowagent
	if [ -n "$made_user" ] && getent passwd flowagent >/dev/null; then
		userdel flowagent 2>/dev/null
		getent group flowagent >/dev/null && groupdel flowagent
	fi
	exit "$_st"
}
trap pkg_cleanup EXIT
trap 'exit 99' INT TERM

# dpkg ARGS: dpkg, waiting up to a minute for a concurrent apt or dpkg.
dpkg_wait() {
	_n=0
	until dpkg "$@" >"$work/dpkg.out" 2>&1; do
		_n=$((_n + 1))
		if ! grep -q "lock" "$work/dpkg.out" || [ $_n -ge 60 ]; then
			cat "$work/dpkg.out"
			return 1
		fi
		sleep 1
	done
}

# 1. The package, built in a copy of the tree (never in the checkout:
# dpkg-buildpackage cleans and writes into debian/).
snapshot "$work/before"
mkdir -p "$pkg/flowagent" && chmod 755 "$work"
git -C "$top" ls-files -z -co --exclude-standard |
    (cd "$top" && tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
    tar -C "$pkg/flowagent" -xf - || exit 99
if (cd "$pkg/flowagent" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
    dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1); then
	pass "dpkg-buildpackage -us -uc -b"
else
	fail "dpkg-buildpackage -us -uc -b"
	tail -n 60 "$work/build.log"
	exit 1
fi
deb=$(ls "$pkg"/flowagent_*.deb)
if command -v lintian >/dev/null 2>&1; then
	# Errors fail; warnings are listed.
	if lintian --allow-root "$deb" >"$work/lintian.out" 2>&1; then
		pass "lintian: no error"
	else
		fail "lintian reports errors"
	fi
	cat "$work/lintian.out"
fi

# 2. Installed: the files where the system looks for them.
installed=1
if dpkg_wait -i "$deb"; then pass "dpkg -i $(basename "$deb")"; else
	fail "dpkg -i $(basename "$deb")"
	exit 1
fi
for f in /usr/sbin/flowagentd /usr/bin/flowcli \
    /usr/share/snmp/mibs/FLOWAGENT-SESSION-MIB.txt \
    /usr/share/yang/modules/flowagent/flowagent-session.yang \
    /usr/share/yang/modules/flowagent/flowagent-junos.yang \
    /usr/share/man/man8/flowagentd.8.gz /usr/share/man/man1/flowcli.1.gz \
    /lib/systemd/system/flowagentd.service /usr/lib/sysusers.d/flowagent.conf \
    /etc/flowagent/flowagentd.conf; do
	[ -e "$f" ] && pass "installed $f" || fail "not installed: $f"
done
dpkg-query -W -f='${Conffiles}\n' flowagent |
    grep -q '^ /etc/flowagent/flowagentd.conf ' &&
    pass "/etc/flowagent/flowagentd.conf is a conffile" ||
    fail "/etc/flowagent/flowagentd.conf is not a conffile"
getent passwd flowagent >/dev/null && getent group flowagent >/dev/null &&
    pass "system user and group flowagent" ||
    fail "no system user flowagent"
[ -L /etc/systemd/system/multi-user.target.wants/flowagentd.service ] &&
    pass "flowagentd.service enabled" || fail "flowagentd.service not enabled"
unit=/lib/systemd/system/flowagentd.service
if command -v systemd-analyze >/dev/null 2>&1; then
	systemd-analyze verify "$unit" >"$work/verify.out" 2>&1
	[ ! -s "$work/verify.out" ] && pass "systemd-analyze verify" || {
		fail "systemd-analyze verify"
		cat "$work/verify.out"
	}
fi
expect "flowagentd -n on the packaged configuration" 0 \
    /usr/sbin/flowagentd -n -c /etc/flowagent/flowagentd.conf

# 3. The daemon as the unit runs it: its ExecStart, as its User and Group,
# in its RuntimeDirectory (mode and owner as systemd makes it), under its
# UMask, with no new privileges; pointed at the test snmpd's AgentX socket.
# Not reproduced: the capabilities, namespaces and seccomp filter.
unitval() { sed -n "s/^$1=//p" "$unit" | tail -n 1; }
exec_start=$(unitval ExecStart)
user=$(unitval User)
group=$(unitval Group)
rundir=/run/$(unitval RuntimeDirectory)
[ "$rundir" = /run/flowagent ] || fail "RuntimeDirectory is not flowagent"
snmp_config
# The socket for the daemon's group, as examples/snmpd.conf does it.
sed -i "s|^agentXPerms .*|agentXPerms 0660 0750 root $group|" "$work/snmpd.conf"
export MIBDIRS="$MIBBASE:/usr/share/snmp/mibs"	# the installed MIB
snmp_start
made_rundir=1
install -d -m "$(unitval RuntimeDirectoryMode)" -o "$user" -g "$group" "$rundir"
# shellcheck disable=SC2086
setpriv --reuid="$user" --regid="$group" --init-groups --no-new-privs \
    sh -c "umask $(unitval UMask) && exec $exec_start -x $work/agentx.sock \
    --agentx-ping-interval 1" >>"$work/flowagentd.log" 2>&1 &
agent_pid=$!
wait_agent
pass "flowagentd registered with snmpd as user $user"

sock=$rundir/netconf.sock
until_ok 20 test -S "$sock" || fail "no NETCONF socket $sock"
show() {
	/usr/bin/flowcli -H "unix:$sock" show security flow session summary
}
show >"$work/nc.out" 2>&1
grep -q "Total sessions: 1" "$work/nc.out" &&
    pass "NETCONF (root): show security flow session summary" || {
	fail "NETCONF (root): show security flow session summary"
	cat "$work/nc.out"
}
setpriv --reuid="$user" --regid="$group" --init-groups \
    /usr/bin/flowcli -H "unix:$sock" show security flow session summary \
    >"$work/nc.out" 2>&1
grep -q "Total sessions: 1" "$work/nc.out" &&
    pass "NETCONF (group $group): the socket's group may use it" || {
	fail "NETCONF (group $group): the socket's group may use it"
	cat "$work/nc.out"
}
if setpriv --reuid=nobody --regid=nogroup --clear-groups \
    /usr/bin/flowcli -H "unix:$sock" show security flow session summary \
    >/dev/null 2>&1; then
	fail "NETCONF: user nobody got in"
else
	pass "NETCONF: user nobody is refused"
fi
total=$(snmpget $V3 -OqvU "$AGENT" FLOWAGENT-SESSION-MIB::flowSessionsTotal.0 2>&1)
[ "$total" = 1 ] && pass "SNMP: flowSessionsTotal.0 is 1 (installed MIB)" ||
    fail "SNMP: flowSessionsTotal.0 is '$total'"

# ExecReload, then ExecStop's SIGTERM.
kill -HUP "$agent_pid"
sleep 1
agent_alive && show >/dev/null 2>&1 && pass "alive and serving after SIGHUP" ||
    fail "not serving after SIGHUP"
kill -TERM "$agent_pid"
wait "$agent_pid"
st=$?
agent_pid=
[ "$st" = 0 ] && pass "exits 0 on SIGTERM" || fail "exit status $st on SIGTERM"
[ ! -e "$sock" ] && pass "removed its socket" || fail "left $sock behind"
snmp_stop
rm -rf "$rundir"	# systemd removes the RuntimeDirectory on stop
made_rundir=

# 4. Purged: nothing of it left (the system user stays, as Debian's
# maintainer scripts leave system users; this test removes the one it
# caused).
dpkg-query -L flowagent >"$work/files"
if dpkg_wait --purge flowagent; then
	installed=
	pass "dpkg --purge flowagent"
else
	fail "dpkg --purge flowagent"
fi
left=
while read -r f; do
	[ -e "$f" ] && [ ! -d "$f" ] && left="$left $f"
done <"$work/files"
[ -z "$left" ] && pass "every file of the package removed" ||
    fail "left behind:$left"
if getent passwd flowagent >/dev/null; then
	pass "system user flowagent kept after purge (Debian practice)"
	if [ -n "$made_user" ]; then
		userdel flowagent && { ! getent group flowagent >/dev/null ||
		    groupdel flowagent; } || fail "could not remove user flowagent"
	fi
fi
snapshot "$work/after"
# New or gone: what is the package's or its maintainer scripts' fails;
# the rest, a test running alongside (make -j), is only listed.
ours='flowagent|/etc/systemd/|/lib/systemd/|/usr/share/(snmp|yang|man|doc)/|/sysusers\.d/'
for what in new gone; do
	case $what in
	new) comm -13 "$work/before" "$work/after" >"$work/$what" ;;
	gone) comm -23 "$work/before" "$work/after" >"$work/$what" ;;
	esac
	if grep -E "$ours" "$work/$what" >"$work/$what.ours"; then
		fail "$what under /etc /usr /var /run after the purge:"
		cat "$work/$what.ours"
	else
		pass "nothing $what under /etc /usr /var /run after the purge"
	fi
	grep -vE "$ours" "$work/$what" | sed "s/^/# $what, not the package's: /"
done
done_testing
