#!/bin/sh
# Only the SNMPv3 user with authentication and privacy reads the
# flow-session subtree: not the v2c community, not a user without
# authentication, not the same user without privacy (examples/snmpd.conf's
# policy, with the test's own passwords).
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"

snmp_start
agent_start
wait_agent

rows() {	# rows ARGS...: flow-session instances a walk with ARGS returns
	snmpwalk "$@" -m '' -On -Oq -t 2 -r 0 "$AGENT" $ROOT 2>/dev/null |
	    grep -c "^$ROOT\.[0-9.]* [^N]" || true
}

n=$(rows $V3)
[ "$n" -gt 90 ] && pass "authPriv user reads $n instances" ||
    fail "authPriv user reads $n instances"
n=$(rows -v2c -c public)
[ "$n" = 0 ] && pass "v2c community reads nothing of it" ||
    fail "v2c community reads $n instances"
snmpget -v2c -c public -m '' -Oqv "$AGENT" .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1 &&
    pass "... though it reads sysUpTime (the refusal is the view's)" ||
    fail "v2c community cannot read sysUpTime"
n=$(rows -v3 -l noAuthNoPriv -u plainuser)
[ "$n" = 0 ] && pass "noAuthNoPriv user reads nothing of it" ||
    fail "noAuthNoPriv user reads $n instances"
n=$(rows -v3 -l authNoPriv -u flowuser -a SHA-256 -A $AUTHPASS)
[ "$n" = 0 ] && pass "authNoPriv (no privacy) reads nothing of it" ||
    fail "authNoPriv reads $n instances"
n=$(rows -v3 -l authPriv -u flowuser -a SHA-256 -A wrong-password-1 \
    -x AES -X $PRIVPASS)
[ "$n" = 0 ] && pass "a wrong authentication key reads nothing" ||
    fail "wrong key reads $n instances"
agent_alive && pass "flowagentd alive" || fail "flowagentd died"
done_testing
