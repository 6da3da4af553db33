#!/bin/sh
# flowagentd as a daemon: options and configuration file, -n, reload on
# SIGHUP (a bad file keeps the sessions), clean exit on SIGTERM and SIGINT,
# starting before snmpd, running in the background.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"
_tmp=$work
cases="$TESTDATA/conformance/cases"

# Options and configuration.
expect "--help" 0 "$FLOWAGENTD" --help
grep -q -- "--agentx-socket PATH" "$work/expect.out" && pass "--help lists options" ||
    fail "--help lists options"
expect "unknown option" 2 "$FLOWAGENTD" --frobnicate
expect "-n on the sample" 0 "$FLOWAGENTD" -n
grep -qx "configuration OK" "$work/expect.out" && pass "-n says configuration OK" ||
    fail "-n output"
expect "-n, missing source file" 1 "$FLOWAGENTD" -n -s file:/nonexistent/s.xml
grep -q "/nonexistent/s.xml: No such file or directory" "$work/expect.err" &&
    pass "names the missing file" || fail "missing file message"
printf '<rpc-reply>\n<flow-session-information>\n<flow-session><session-identifier>1x</session-identifier>\n</flow-session></flow-session-information></rpc-reply>\n' >"$work/bad.xml"
expect "-n, malformed source" 1 "$FLOWAGENTD" -n -s "file:$work/bad.xml"
grep -q "bad.xml: line 3: <session-identifier>" "$work/expect.err" &&
    pass "names the line of the bad value" || fail "bad source message"
expect "unknown source scheme" 1 "$FLOWAGENTD" -n -s ftp:x
printf '# comment\nsource sample\nfrobnicate 3\n' >"$work/c1.conf"
expect "unknown configuration key" 2 "$FLOWAGENTD" -n -c "$work/c1.conf"
grep -q "c1.conf: line 3: unknown option 'frobnicate'" "$work/expect.err" &&
    pass "names file and line" || fail "config key message"
printf 'agentx-ping-interval soon\n' >"$work/c2.conf"
expect "bad configuration value" 2 "$FLOWAGENTD" -n -c "$work/c2.conf"
grep -q "c2.conf: line 1: agentx-ping-interval: bad value 'soon'" "$work/expect.err" &&
    pass "names the bad value" || fail "config value message"
printf 'source file:/nonexistent/x.xml\nsnmp no\n' >"$work/c3.conf"
expect "command line wins over the file" 0 "$FLOWAGENTD" -n -c "$work/c3.conf" -s sample
expect "unreadable configuration" 2 "$FLOWAGENTD" -n -c /nonexistent/f.conf
# (Its NETCONF files are checked where they exist: tests/cli/config.sh.)
expect "examples/flowagentd.conf parses" 0 "$FLOWAGENTD" -n \
    -c "$EXAMPLES/flowagentd.conf" -s sample --no-netconf

# Started before snmpd: it waits and registers when the master comes.
cp "$cases/multi-pic.xml" "$work/data.xml"
agent_start -s "file:$work/data.xml"
until_ok 5 grep -q "loaded" "$work/flowagentd.log"
agent_alive && pass "runs without a master" || fail "died without a master"
snmp_start
wait_agent
pass "registered once snmpd started"
total() {
	snmpget $V3 -m '' -Oqv -t 1 -r 0 "$AGENT" $ROOT.1.1.1.0 2>/dev/null
}
[ "$(total)" = 3 ] && pass "serves the file" || fail "serves the file: $(total)"

# SIGHUP: a new file is served; a bad one is refused, the sessions stay.
cp "$cases/several-sessions.xml" "$work/data.xml"
cp "$cases/ids64.xml" "$work/data.xml"
kill -HUP "$agent_pid"
until_ok 10 sh -c "[ \"\$(snmpget $V3 -m '' -Oqv -t 1 -r 0 $AGENT $ROOT.1.1.1.0)\" = 3 ] &&
    snmpget $V3 -m '' -Oqv -t 1 -r 0 $AGENT $SESS.6.0.3.0.1.0 | grep -q p1/4" &&
    pass "SIGHUP loads the new file" || fail "SIGHUP reload"
head -c 2000 "$cases/several-sessions.xml" >"$work/data.xml"
kill -HUP "$agent_pid"
until_ok 10 grep -q "reload failed" "$work/flowagentd.log" &&
    pass "a truncated file is refused" || fail "truncated file not refused"
grep "reload failed" "$work/flowagentd.log" | grep -q "data.xml: line [0-9]*: truncated" &&
    pass "the refusal names the line" || fail "refusal message"
snmpget $V3 -m '' -Oqv "$AGENT" $SESS.6.0.3.0.1.0 | grep -q p1/4 &&
    [ "$(total)" = 3 ] && pass "the previous sessions stay" ||
    fail "sessions lost on a bad reload"
echo "not xml at all" >"$work/data.xml"
kill -HUP "$agent_pid"
until_ok 10 sh -c "[ \$(grep -c 'reload failed' '$work/flowagentd.log') -ge 2 ]"
[ "$(total)" = 3 ] && agent_alive && pass "garbage is refused too" ||
    fail "garbage reload"

# SIGTERM and SIGINT: exit 0, pid file removed.
for sig in TERM INT; do
	[ -f "$work/flowagentd.pid" ] || fail "no pid file"
	kill -$sig "$agent_pid"
	wait "$agent_pid"
	st=$?
	agent_pid=
	[ "$st" = 0 ] && pass "exit status 0 on SIG$sig" ||
	    fail "exit status $st on SIG$sig"
	[ ! -e "$work/flowagentd.pid" ] && pass "pid file removed (SIG$sig)" ||
	    fail "pid file left (SIG$sig)"
	agent_start -s sample
	wait_agent
done
agent_stop

# --no-snmp: no front end, still a clean exit.
"$FLOWAGENTD" -f --no-snmp -s sample >"$work/nosnmp.log" 2>&1 &
p=$!
until_ok 5 grep -q loaded "$work/nosnmp.log"
kill -TERM $p
wait $p && pass "--no-snmp runs and exits cleanly" || fail "--no-snmp"

# In the background: detaches, writes its pid file, stops on SIGTERM.
"$FLOWAGENTD" -x "$work/agentx.sock" -p "$work/bg.pid" -s sample
until_ok 5 test -s "$work/bg.pid" && pass "detaches and writes its pid file" ||
    fail "no pid file in the background"
bg=$(cat "$work/bg.pid")
until_ok 10 agent_registered && pass "background daemon serves SNMP" ||
    fail "background daemon does not serve"
kill -TERM "$bg"
until_ok 10 sh -c "! kill -0 $bg 2>/dev/null" && [ ! -e "$work/bg.pid" ] &&
    pass "background daemon stops on SIGTERM" || fail "background stop"
done_testing
