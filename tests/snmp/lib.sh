# tests/snmp/lib.sh: a private snmpd master and flowagentd for one test
# (sourced after tests/lib.sh).  snmpd listens on loopback, on a free high
# port, with its own configuration, persistent directory and AgentX socket;
# everything lives in $work and goes when the test exits.
#
#   snmp_start                 start snmpd
#   agent_start ARGS...        start flowagentd -f with ARGS
#   wait_agent                 wait until the subagent answers
#   snmp_stop / agent_stop
#   v3get/v3walk/v3bulkwalk... the tools as the SNMPv3 authPriv user
#
# $FLOWAGENTD_WRAPPER, when set, is a command (valgrind ...) that runs the
# daemon (scripts/quickstart test); the daemon then has 120 s to start.

work=$(mktemp -d /tmp/flowagent-snmp.XXXXXX) || exit 99
mkdir -p "$work/persist"
FLOWAGENTD=${FLOWAGENTD:-$(dirname "$FLOWCLI")/../agent/flowagentd}
MIBBASE=$(ls -d /usr/lib/erlang/lib/snmp-*/mibs 2>/dev/null | head -n 1)
export SNMP_PERSISTENT_DIR="$work/persist"
export MIBDIRS="$MIBBASE:$SRCDIR/mibs"
export MIBS=FLOWAGENT-SESSION-MIB
ROOT=.1.3.6.1.4.1.8072.9999.9999.7201
SESS=$ROOT.1.3.1
PICT=$ROOT.1.2.1
snmpd_pid=
agent_pid=
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

for tool in snmpd snmpget snmpwalk snmpbulkwalk snmptable; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (Debian packages snmp, snmpd)"
		exit 77
	fi
done
if [ -z "$MIBBASE" ]; then
	echo "SKIP: no base MIBs (Debian package erlang-snmp)"
	exit 77
fi

cleanup() {
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
	[ -n "$snmpd_pid" ] && kill "$snmpd_pid" 2>/dev/null && wait "$snmpd_pid" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

AUTHPASS=flowagent-auth-pass
PRIVPASS=flowagent-priv-pass
V3="-v3 -l authPriv -u flowuser -a SHA-256 -A $AUTHPASS -x AES -X $PRIVPASS"

# The master's configuration: examples/snmpd.conf with this test's socket
# and owner, its user created with the test's pass phrases, plus a v2c
# community and an unauthenticated user that may see only the system group.
snmp_config() {
	sed -e "s|unix:/var/agentx/master|unix:$work/agentx.sock|" \
	    -e "s|^agentXPerms .*|agentXPerms 0660 0750|" \
	    -e "s|flowmon|flowuser|g" \
	    "$EXAMPLES/snmpd.conf" >"$work/snmpd.conf"
	cat >>"$work/snmpd.conf" <<EOC
createUser flowuser SHA-256 "$AUTHPASS" AES "$PRIVPASS"
view systemview included .1.3.6.1.2.1.1
createUser plainuser
rouser plainuser noauth -V systemview
rocommunity public 127.0.0.1 -V systemview
EOC
}

snmp_start() {
	[ -f "$work/snmpd.conf" ] || snmp_config
	for _try in 1 2 3 4 5; do
		[ -n "${PORT:-}" ] && [ "$_try" = 1 ] ||
		    PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
		snmpd -f -Lo -C -c "$work/snmpd.conf" -M /dev/null \
		    -p "$work/snmpd.pid" "udp:127.0.0.1:$PORT" \
		    >>"$work/snmpd.log" 2>&1 &
		snmpd_pid=$!
		if until_ok 10 snmpget -v2c -c public -t 1 -r 0 \
		    "127.0.0.1:$PORT" .1.3.6.1.2.1.1.3.0 &&
		    [ -S "$work/agentx.sock" ]; then
			AGENT="127.0.0.1:$PORT"
			return 0
		fi
		kill "$snmpd_pid" 2>/dev/null
		wait "$snmpd_pid" 2>/dev/null
		snmpd_pid=
	done
	echo "snmpd did not start:"
	cat "$work/snmpd.log"
	exit 99
}

snmp_stop() {
	kill "$snmpd_pid" 2>/dev/null
	wait "$snmpd_pid" 2>/dev/null
	snmpd_pid=
}

agent_start() {
	# shellcheck disable=SC2086
	${FLOWAGENTD_WRAPPER:-} "$FLOWAGENTD" -f -x "$work/agentx.sock" \
	    --agentx-ping-interval 1 \
	    -p "$work/flowagentd.pid" "$@" >>"$work/flowagentd.log" 2>&1 &
	agent_pid=$!
}

agent_registered() {
	snmpget $V3 -t 1 -r 0 -Oqv "$AGENT" "$ROOT.1.1.1.0" 2>/dev/null |
	    grep -q '^[0-9]'
}

wait_agent() {
	if ! until_ok ${FLOWAGENTD_WRAPPER:+1}20 agent_registered; then
		echo "flowagentd did not register:"
		cat "$work/flowagentd.log"
		exit 99
	fi
}

agent_stop() {
	kill "$agent_pid" 2>/dev/null
	wait "$agent_pid" 2>/dev/null
	agent_pid=
}

agent_alive() {
	[ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null
}
