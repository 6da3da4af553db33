# lib.sh: helpers for the shell tests (sourced).  Each check prints one
# "ok"/"not ok" line; done_testing exits 1 if any failed, as the automake
# harness expects.
FLOWCLI=${FLOWCLI:-flowcli}
TESTDATA=${TESTDATA:-$(cd "$(dirname "$0")/.." && pwd)}
EXAMPLES=${EXAMPLES:-$TESTDATA/../examples}
_pass=0
_fail=0

pass() { _pass=$((_pass + 1)); echo "ok - $*"; }
fail() { _fail=$((_fail + 1)); echo "not ok - $*"; }

# expect LABEL STATUS COMMAND...: the command exits with STATUS.
expect() {
	_label=$1 _want=$2
	shift 2
	"$@" >"${_tmp:-/tmp}/expect.out" 2>"${_tmp:-/tmp}/expect.err"
	_got=$?
	if [ "$_got" = "$_want" ]; then pass "$_label"; else
		fail "$_label (exit $_got, wanted $_want)"
		cat "${_tmp:-/tmp}/expect.err"
	fi
}

done_testing() {
	echo "$_pass passed, $_fail failed"
	[ "$_fail" = 0 ]
}

# until_ok SECONDS CMD...: runs CMD (quietly) every 0.1 s until it
# succeeds; fails after SECONDS.  Readiness without sleep-and-hope.
until_ok() {
	_deadline=$(( $(date +%s) + $1 ))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$_deadline" ] && return 1
		sleep 0.1
	done
}
