# tests/sources/lib.sh: flowagentd on one source, read over its NETCONF
# UNIX socket with flowcli (sourced after tests/lib.sh).  Everything lives
# in $work and goes when the test exits; only the daemons started here are
# ever signalled, by pid.
#
#   src_launch NAME ARGS...   start flowagentd -f --no-snmp with its socket
#                             $work/NAME.sock and log $work/NAME.log
#   src_wait NAME             wait until it answers (exit 99 if it does not)
#   src_start NAME ARGS...    both
#   src_pid NAME              its pid
#   src_stop NAME             SIGTERM; fails the test unless it exits 0
#   show NAME WORDS...        flowcli show security flow session WORDS
#   total NAME                the sum of its PICs' "Total sessions"
#   until_ok SECONDS CMD...   poll CMD every 0.1 s until it succeeds
#   holds SECONDS CMD...      CMD keeps succeeding for SECONDS
#   log_grows NAME FROM TEXT  a line after line FROM of NAME's log has TEXT
#
# $FLOWAGENTD_WRAPPER, when set, is a command (valgrind ...) that runs the
# daemon (scripts/quickstart test); the daemon then has 120 s to start.

work=$(mktemp -d /tmp/flowagent-src.XXXXXX) || exit 99
FLOWAGENTD=${FLOWAGENTD:-$(dirname "$FLOWCLI")/../agent/flowagentd}
SRCDIR=${SRCDIR:-$TESTDATA/..}
_tmp=$work
src_names=

if [ ! -x "$FLOWAGENTD" ]; then
	echo "flowagentd not built: $FLOWAGENTD"
	exit 99
fi

src_cleanup() {
	_st=$1
	trap - EXIT INT TERM
	for _n in $src_names; do
		eval "_p=\${src_pid_$_n:-}"
		[ -n "$_p" ] && kill "$_p" 2>/dev/null && wait "$_p" 2>/dev/null
	done
	if [ "$_st" != 0 ] && [ "$_st" != 77 ] || [ "${_fail:-0}" != 0 ]; then
		for _l in "$work"/*.log; do
			[ -f "$_l" ] || continue
			echo "---- $(basename "$_l") (last 60 lines)"
			tail -n 60 "$_l"
		done
	fi
	[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
	exit "$_st"
}
trap 'src_cleanup $?' EXIT
trap 'exit 99' INT TERM


holds() {
	_deadline=$(( $(date +%s) + $1 ))
	shift
	while [ "$(date +%s)" -lt "$_deadline" ]; do
		"$@" >/dev/null 2>&1 || return 1
		sleep 0.1
	done
}

src_launch() {
	_n=$1
	shift
	src_names="$src_names $_n"
	# shellcheck disable=SC2086
	${FLOWAGENTD_WRAPPER:-} "$FLOWAGENTD" -f --no-snmp \
	    --yang-dir "${YANG_DIR:-$SRCDIR/yang}" --netconf-unix "$work/$_n.sock" "$@" \
	    >>"$work/$_n.log" 2>&1 &
	eval "src_pid_$_n=$!"
}

src_pid() {
	eval "echo \${src_pid_$1:-}"
}

show() {
	_n=$1
	shift
	"$FLOWCLI" -H "unix:$work/$_n.sock" show security flow session "$@"
}

src_wait() {
	_p=$(src_pid "$1")
	_deadline=$(( $(date +%s) + ${FLOWAGENTD_WRAPPER:+1}20 ))
	while kill -0 "$_p" 2>/dev/null; do
		show "$1" summary >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -ge "$_deadline" ] && break
		sleep 0.1
	done
	echo "flowagentd ($1) did not start serving; its log:"
	cat "$work/$1.log"
	exit 99
}

src_start() {
	src_launch "$@"
	src_wait "$1"
}

src_stop() {
	_p=$(src_pid "$1")
	kill -TERM "$_p" 2>/dev/null
	wait "$_p"
	_st=$?
	eval "src_pid_$1="
	[ "$_st" = 0 ] && pass "flowagentd ($1) exits 0 on SIGTERM" ||
	    fail "flowagentd ($1) exit status $_st on SIGTERM"
	# Built with --enable-sanitizers: any report fails.
	if grep -q "Sanitizer\|runtime error:" "$work/$1.log"; then
		fail "flowagentd ($1): sanitizer report in its log"
	fi
}

total() {
	show "$1" summary | awk '/^Total sessions:/ { n += $3; seen = 1 }
	    END { if (seen) print n; else exit 1 }'
}

log_lines() {
	wc -l <"$work/$1.log"
}

log_grows() {
	tail -n +"$(( $2 + 1 ))" "$work/$1.log" | grep -q -- "$3"
}
