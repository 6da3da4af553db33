#!/bin/sh
# examples/prometheus/snmp.yml works with Debian's prometheus-snmp-exporter:
# a private snmpd on loopback with flowagentd (built-in sample data) behind
# it, the exporter with the example's module (SNMPv3 authPriv as the test's
# user), and a scrape whose flowagent_* metrics are exactly the sample's
# counts with fpc/pic labels, all gauges; an unknown module is an error.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"

EXPORTER=${EXPORTER:-prometheus-snmp-exporter}
if ! command -v "$EXPORTER" >/dev/null 2>&1; then
	echo "SKIP: $EXPORTER is not installed (Debian package prometheus-snmp-exporter)"
	exit 77
fi
. "$TESTDATA/snmp/lib.sh"

exp_pid=
exporter_stop() {
	[ -n "$exp_pid" ] && kill "$exp_pid" 2>/dev/null && wait "$exp_pid" 2>/dev/null
	exp_pid=
}
trap 'exporter_stop; cleanup' EXIT

# http URL OUT: GET URL into OUT, print the HTTP status (000: no answer).
if command -v curl >/dev/null 2>&1; then
	http() {
		curl -sS -m 30 -o "$2" -w '%{http_code}' "$1" 2>>"$work/http.err" ||
		    :
	}
else
	http() {
		"$PY" - "$1" "$2" 2>>"$work/http.err" <<'PYEOF' || echo 000
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=30)
    code, body = r.status, r.read()
except urllib.error.HTTPError as e:
    code, body = e.code, e.read()
open(sys.argv[2], "wb").write(body)
print(code)
PYEOF
	}
fi
exporter_up() {
	[ "$(http "http://127.0.0.1:$EXPORT_PORT/" "$work/root")" = 200 ]
}

# The example's module, as the test master's user with its pass phrases.
sed -e "s|username: flowmon|username: flowuser|" \
    -e "s|password: AUTH PASS|password: $AUTHPASS|" \
    -e "s|priv_password: PRIV PASS|priv_password: $PRIVPASS|" \
    "$EXAMPLES/prometheus/snmp.yml" >"$work/snmp.yml"
if "$EXPORTER" --config.file="$work/snmp.yml" --dry-run \
    >"$work/dry-run.log" 2>&1; then
	pass "the exporter accepts examples/prometheus/snmp.yml"
else
	fail "the exporter rejects examples/prometheus/snmp.yml"
	cat "$work/dry-run.log"
fi
# The same module with a wrong privacy pass phrase, for one check below.
sed -e "s|^flowagent:|flowagent_badpriv:|" \
    -e "s|priv_password: .*|priv_password: not-the-priv-pass|" \
    -e "s|^  retries: .*|  retries: 0|" -e "s|^  timeout: .*|  timeout: 2s|" \
    "$work/snmp.yml" >"$work/snmp.yml.bad"
cat "$work/snmp.yml.bad" >>"$work/snmp.yml"
grep -q 'username: flowuser' "$work/snmp.yml" &&
    grep -q "priv_password: $PRIVPASS" "$work/snmp.yml" ||
    fail "the example's auth lines changed: update this test's sed"

snmp_start
agent_start --source sample
wait_agent

# The exporter on a free loopback port; if the port is taken it exits.
for _try in 1 2 3 4 5; do
	EXPORT_PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
	"$EXPORTER" --config.file="$work/snmp.yml" \
	    --web.listen-address="127.0.0.1:$EXPORT_PORT" \
	    >>"$work/exporter.log" 2>&1 &
	exp_pid=$!
	_deadline=$(( $(date +%s) + 15 ))
	while kill -0 "$exp_pid" 2>/dev/null && ! exporter_up &&
	    [ "$(date +%s)" -lt "$_deadline" ]; do
		sleep 0.1
	done
	exporter_up && break
	exporter_stop
done
if [ -z "$exp_pid" ]; then
	echo "prometheus-snmp-exporter did not start:"
	cat "$work/exporter.log" "$work/http.err"
	exit 99
fi
pass "exporter listening on 127.0.0.1:$EXPORT_PORT"

base="http://127.0.0.1:$EXPORT_PORT/snmp?target=$AGENT"
code=$(http "$base&module=flowagent" "$work/scrape")
if [ "$code" = 200 ]; then pass "scrape of module flowagent: HTTP 200"
else fail "scrape of module flowagent: HTTP $code"; cat "$work/scrape"; fi

# Every flowagent_ sample of the scrape, exactly (flowagent_last_change_
# timeticks varies: checked apart).  The sample's PICs are FPC10 PIC1..3
# with one valid session, a resource-manager one, on FPC10 PIC1.
cat >"$work/want" <<'EOF'
flowagent_pic_resource_manager_sessions_invalidated{fpc="10",node="0",pic="1"} 0
flowagent_pic_resource_manager_sessions_invalidated{fpc="10",node="0",pic="2"} 0
flowagent_pic_resource_manager_sessions_invalidated{fpc="10",node="0",pic="3"} 0
flowagent_pic_resource_manager_sessions_other{fpc="10",node="0",pic="1"} 0
flowagent_pic_resource_manager_sessions_other{fpc="10",node="0",pic="2"} 0
flowagent_pic_resource_manager_sessions_other{fpc="10",node="0",pic="3"} 0
flowagent_pic_resource_manager_sessions_pending{fpc="10",node="0",pic="1"} 0
flowagent_pic_resource_manager_sessions_pending{fpc="10",node="0",pic="2"} 0
flowagent_pic_resource_manager_sessions_pending{fpc="10",node="0",pic="3"} 0
flowagent_pic_resource_manager_sessions_valid{fpc="10",node="0",pic="1"} 1
flowagent_pic_resource_manager_sessions_valid{fpc="10",node="0",pic="2"} 0
flowagent_pic_resource_manager_sessions_valid{fpc="10",node="0",pic="3"} 0
flowagent_pic_resource_manager_sessions{fpc="10",node="0",pic="1"} 1
flowagent_pic_resource_manager_sessions{fpc="10",node="0",pic="2"} 0
flowagent_pic_resource_manager_sessions{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions_invalidated{fpc="10",node="0",pic="1"} 0
flowagent_pic_sessions_invalidated{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions_invalidated{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions_max{fpc="10",node="0",pic="1"} 0
flowagent_pic_sessions_max{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions_max{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions_other{fpc="10",node="0",pic="1"} 0
flowagent_pic_sessions_other{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions_other{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions_pending{fpc="10",node="0",pic="1"} 0
flowagent_pic_sessions_pending{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions_pending{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions_valid{fpc="10",node="0",pic="1"} 1
flowagent_pic_sessions_valid{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions_valid{fpc="10",node="0",pic="3"} 0
flowagent_pic_sessions{fpc="10",node="0",pic="1"} 1
flowagent_pic_sessions{fpc="10",node="0",pic="2"} 0
flowagent_pic_sessions{fpc="10",node="0",pic="3"} 0
flowagent_resource_manager_sessions 1
flowagent_sessions 1
flowagent_sessions_max 0
EOF
grep '^flowagent_' "$work/scrape" | grep -v '^flowagent_last_change_timeticks ' |
    LC_ALL=C sort >"$work/got"
LC_ALL=C sort "$work/want" >"$work/want.sorted"
if cmp -s "$work/got" "$work/want.sorted"; then
	pass "the scrape has the sample's counts, labels fpc and pic"
else
	fail "the scrape's flowagent_ samples"
	diff "$work/want.sorted" "$work/got"
fi

# The per-PIC counts agree with flowcli's summary of the same data.
"$FLOWCLI" render --view summary "$EXAMPLES/sample-sessions.xml" |
    awk '/^Flow Sessions on FPC/ { sub(/^FPC/, "", $4); sub(/^PIC/, "", $5);
		sub(/:$/, "", $5); l = "{fpc=\"" $4 "\",node=\"0\",pic=\"" $5 "\"}" }
	/^Valid sessions:/ { print "flowagent_pic_sessions_valid" l, $3 }
	/^Pending sessions:/ { print "flowagent_pic_sessions_pending" l, $3 }
	/^Invalidated sessions:/ { print "flowagent_pic_sessions_invalidated" l, $3 }
	/^Sessions in other states:/ { print "flowagent_pic_sessions_other" l, $5 }
	/^Total sessions:/ { print "flowagent_pic_sessions" l, $3 }' \
    >"$work/summary"
if [ "$(wc -l <"$work/summary")" -eq 15 ] &&
    ! grep -v -x -F -f "$work/got" "$work/summary" >/dev/null; then
	pass "per-PIC metrics agree with flowcli render --view summary"
else
	fail "per-PIC metrics and flowcli's summary"
	cat "$work/summary"
fi

grep -Eq '^flowagent_last_change_timeticks [0-9.e+]+$' "$work/scrape" &&
    pass "flowagent_last_change_timeticks is a number" ||
    fail "flowagent_last_change_timeticks missing"

# Each metric of the module: a HELP line and TYPE gauge, nothing untyped.
n=0
for name in $(grep -E '^ *- name: ' "$EXAMPLES/prometheus/snmp.yml" |
    sed 's/.*name: //'); do
	n=$((n + 1))
	grep -q "^# TYPE $name gauge\$" "$work/scrape" &&
	    grep -Eq "^# HELP $name .{10,}" "$work/scrape" ||
	    { fail "$name: no HELP or not a gauge"; n=-100; }
done
[ "$n" = 15 ] && pass "all 15 metrics are gauges with help" ||
    fail "metrics of the module: $n"
grep -q '^snmp_scrape_pdus_returned' "$work/scrape" &&
    pass "exporter reports its scrape" || fail "no snmp_scrape_pdus_returned"

# An unknown module is an HTTP error, with no metrics.
code=$(http "$base&module=nosuchmodule" "$work/bad")
case $code in
4??) pass "scrape of an unknown module: HTTP $code" ;;
*) fail "scrape of an unknown module: HTTP $code"; cat "$work/bad" ;;
esac
grep -q '^flowagent_' "$work/bad" && fail "unknown module gave metrics"

# A wrong privacy pass phrase: no flowagent_ metrics (the exporter answers
# with an error or with its own metrics only).
code=$(http "$base&module=flowagent_badpriv" "$work/badpriv")
if [ -s "$work/badpriv" ] && ! grep -q '^flowagent_' "$work/badpriv"; then
	pass "wrong privacy pass phrase: no flowagent_ metrics (HTTP $code)"
else
	fail "wrong privacy pass phrase: HTTP $code"
	head -n 20 "$work/badpriv"
fi
agent_alive && pass "flowagentd alive" || fail "flowagentd died"
kill -0 "$exp_pid" 2>/dev/null && pass "exporter alive" ||
    fail "exporter died"
done_testing
