#!/bin/sh
# Least privilege: flowagentd --user nobody, started as root, runs as
# nobody:nogroup, every thread bounded to CAP_NET_ADMIN (bit 12) with
# no_new_privs, that capability held by the loader thread alone (it dumps
# conntrack), and still serves NETCONF:
# on its UNIX socket (group nogroup: a member gets in, another user does
# not) and over SSH, where a wrong key is refused and logged, and a peer
# that fails too often is refused unchecked for a while (nc_auth.c).
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (to start flowagentd --user nobody)"
	exit 77
fi
for t in setpriv ssh; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "SKIP: no $t (Debian packages util-linux, openssh-client)"
		exit 77
	fi
done
if ! getent passwd nobody >/dev/null || ! getent group nogroup >/dev/null
then
	echo "SKIP: no user nobody or group nogroup"
	exit 77
fi

nc_setup
# nobody reads the keys at each login, and removes its socket at the end.
chgrp -R nogroup "$work"
chmod 771 "$work"
chmod 750 "$work/auth"
chmod 640 "$work/hostkey" "$work/auth"/*
export FLOWAGENT_YANG_DIR="$SRCDIR/yang"

nc_start priv --user nobody --netconf-unix-group nogroup
status=/proc/$NC_PID/status

uid=$(awk '/^Uid:/ { print $2 $3 $4 $5 }' "$status")
gid=$(awk '/^Gid:/ { print $2 $3 $4 $5 }' "$status")
[ "$uid" = 65534655346553465534 ] && pass "runs as uid 65534 (nobody)" ||
    fail "Uid: $(grep '^Uid:' "$status")"
[ "$gid" = 65534655346553465534 ] && pass "runs as gid 65534 (nogroup)" ||
    fail "Gid: $(grep '^Gid:' "$status")"
groups=$(awk '/^Groups:/ { $1 = ""; print }' "$status" | tr -d ' ')
[ "$groups" = 65534 ] && pass "supplementary groups: nobody's (65534)" ||
    fail "Groups: $groups"
# Every thread: nobody, the bounding set CAP_NET_ADMIN alone, no_new_privs,
# nothing ambient; only the loader (it dumps conntrack) holds CAP_NET_ADMIN,
# the others, NETCONF's included, hold nothing.  Looked at idle, then with
# a NETCONF session open (its I/O and session threads).
check_threads() {	# LABEL
	bad=0 loader=0 n=0
	for t in /proc/"$NC_PID"/task/*; do
		n=$((n + 1))
		name=$(cat "$t/comm")
		want=0000000000000000
		[ "$name" = fa-loader ] &&
		    { want=0000000000001000; loader=$((loader + 1)); }
		got=$(awk -v w="$want" '
		    /^Uid:/ && $2 != 65534 { print "Uid " $2 }
		    /^CapEff:/ && $2 != w { print "CapEff " $2 }
		    /^CapPrm:/ && $2 != w { print "CapPrm " $2 }
		    /^CapInh:/ && $2 != "0000000000000000" { print "CapInh " $2 }
		    /^CapAmb:/ && $2 != "0000000000000000" { print "CapAmb " $2 }
		    /^CapBnd:/ && $2 != "0000000000001000" { print "CapBnd " $2 }
		    /^NoNewPrivs:/ && $2 != 1 { print "NoNewPrivs " $2 }' \
		    "$t/status")
		if [ -n "$got" ]; then
			bad=$((bad + 1))
			echo "# thread ${t##*/} ($name): $(echo $got)"
		fi
	done
	[ $loader = 1 ] && pass "$1: one loader thread (fa-loader)" ||
	    fail "$1: $loader loader threads"
	[ $bad = 0 ] && pass "$1: all $n threads: nobody, bounding set CAP_NET_ADMIN, no_new_privs; CAP_NET_ADMIN in the loader alone" ||
	    fail "$1: $bad of $n threads hold more (above)"
}
check_threads idle
/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>")
time.sleep(30)' "$NC_SOCK" &
holder=$!
has_session() { ls /proc/"$NC_PID"/task/*/comm | xargs cat | grep -q fa-nc-session; }
until_ok 10 has_session || fail "no session thread appeared"
check_threads "a session open"
kill $holder
wait $holder 2>/dev/null
grep -q "running as user nobody (uid 65534, gid 65534), keeping CAP_NET_ADMIN only" \
    "$NC_LOG" && pass "the drop is logged" || fail "the drop is not logged"

# The UNIX socket: root, a member of its group; not another user.
sock=$(stat -c %a:%U:%G "$NC_SOCK")
[ "$sock" = 660:root:nogroup ] && pass "the socket is 0660 root:nogroup" ||
    fail "the socket is $sock"
expect "unix: root is served" 0 "$FLOWCLI" -H "unix:$NC_SOCK" \
    show security flow session summary
grep -q "Valid sessions" "$work/expect.out" && pass "unix: root sees sessions" ||
    fail "unix: root sees no sessions"
expect "unix: a member of the socket's group is served" 0 setpriv \
    --reuid 2 --regid 2 --groups 65534 "$FLOWCLI" -H "unix:$NC_SOCK" \
    show security flow session summary
expect "unix: a user outside the group is refused" 1 setpriv \
    --reuid 1 --regid 1 --clear-groups "$FLOWCLI" -H "unix:$NC_SOCK" \
    show security flow session summary
grep -qi "permission denied" "$work/expect.err" &&
    pass "unix: refused for permission" ||
    fail "unix: refused, but not for permission: $(cat "$work/expect.err")"

# SSH: hostkey and authorized keys read as nobody.
sshlogin() {	# KEY: a NETCONF hello over SSH as $NC_USER
	sleep 1 | timeout 20 ssh -F /dev/null -o BatchMode=yes \
	    -o IdentitiesOnly=yes -o PasswordAuthentication=no \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o LogLevel=ERROR -i "$1" -p "$NC_PORT" "$NC_USER@127.0.0.1" \
	    -s netconf 2>"$work/ssh.err" | grep -q capabilities
}
sshlogin "$NC_KEY" && pass "ssh: the user's key logs in" ||
    fail "ssh: the user's key: $(cat "$work/ssh.err")"
sshlogin "$NC_KEY_OTHER" && fail "ssh: a wrong key logs in" ||
    pass "ssh: a wrong key is refused"
grep -q "public key login refused for user $NC_USER from 127.0.0.1" "$NC_LOG" &&
    pass "ssh: the refusal is logged" || fail "ssh: the refusal is not logged"

# The limiter: 10 failures from one address in 60 s, and it is refused,
# unchecked, for 60 s, even with the right key; logged once.
i=1
while [ $i -lt 10 ]; do
	sshlogin "$NC_KEY_OTHER"
	i=$((i + 1))
done
n=$(grep -c "failed logins from 127.0.0.1" "$NC_LOG")
[ "$n" = 1 ] && pass "ssh: 10 failures block the address (logged)" ||
    fail "ssh: 10 failures: $n block messages"
before=$(grep -c "login refused" "$NC_LOG")
sshlogin "$NC_KEY" && fail "ssh: a blocked address logs in" ||
    pass "ssh: a blocked address is refused, even with the right key"
sshlogin "$NC_KEY_OTHER"
after=$(grep -c "login refused" "$NC_LOG")
n=$(grep -c "failed logins from 127.0.0.1" "$NC_LOG")
[ "$before" = "$after" ] && [ "$n" = 1 ] &&
    pass "ssh: blocked attempts are not checked, the block logged once" ||
    fail "ssh: blocked attempts: refusals $before -> $after, $n block messages"
expect "unix: served while SSH blocks the address" 0 "$FLOWCLI" \
    -H "unix:$NC_SOCK" show security flow session summary

nc_alive priv && pass "flowagentd still running" || fail "flowagentd died"
nc_stop priv

# Not root: --user names someone else.
expect "--user unknown: refused by -n" 1 "$FLOWAGENTD" -n --user no-such-user-x
expect "--user, not root: refused at start" 1 setpriv --reuid 1 --regid 1 \
    --clear-groups "$FLOWAGENTD" -f --no-snmp --no-netconf --user nobody
grep -q "needs to start as root" "$work/expect.err" &&
    pass "--user, not root: says why" || fail "--user, not root: no reason"

done_testing
