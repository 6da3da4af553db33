#!/bin/sh
# tests/faults/filter.sh: <get> filters that would take for ever get
# resource-denied within netconf-filter-timeout, leave no CPU burning and
# hold nobody else up (filter.py); SIGTERM during an endless XPath
# evaluation ends flowagentd within 2 s.  Before: the evaluation ran to its
# end (hours), after the client left too, and SIGTERM waited for it.
. "$TESTDATA/lib.sh"
. "$TESTDATA/sources/lib.sh"
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "SKIP: /usr/bin/python3 is missing"
	exit 77
fi
ms() { echo $(( $(date +%s%N) / 1000000 )); }

src_start f --source sim:sessions=2000,seed=7 --netconf-filter-timeout 2
# AddressSanitizer's flowagentd parses and builds trees about 5 times slower.
ldd "$FLOWAGENTD" 2>/dev/null | grep -q libasan && export FILTER_LIMIT=12
timeout -k 5 120 "$PY" -u "$TESTDATA/faults/filter.py" "$work/f.sock" \
    "$(src_pid f)" budget >"$work/py.out" 2>&1
cat "$work/py.out"
_pass=$((_pass + $(grep -c '^ok ' "$work/py.out")))
_fail=$((_fail + $(grep -c '^not ok ' "$work/py.out")))
grep -q '^ok ' "$work/py.out" || fail "filter.py ran no check"
kill -0 "$(src_pid f)" 2>/dev/null && pass "flowagentd alive" ||
    fail "flowagentd died"
src_stop f

# SIGTERM in the middle of an evaluation with a long budget.
src_start t --source sim:sessions=2000,seed=7 --netconf-filter-timeout 600
"$PY" -u "$TESTDATA/faults/filter.py" "$work/t.sock" "$(src_pid t)" term \
    >"$work/term.out" 2>&1 &
client=$!
until_ok 20 grep -q evaluating "$work/term.out" || fail "no evaluation started"
p=$(src_pid t)
t0=$(ms)
kill -TERM "$p"
while kill -0 "$p" 2>/dev/null && [ $(( $(ms) - t0 )) -lt 2000 ]; do
	sleep 0.05
done
if kill -0 "$p" 2>/dev/null; then
	fail "still running 2 s after SIGTERM during an XPath evaluation"
	kill -KILL "$p"
else
	pass "SIGTERM during an XPath evaluation: gone in $(( $(ms) - t0 )) ms"
fi
wait "$p" 2>/dev/null
eval "src_pid_t="
kill "$client" 2>/dev/null
wait "$client" 2>/dev/null
# No evaluation left behind (the evaluator and its children end with it).
sleep 0.5
if pgrep -f "$work/t.sock" >/dev/null; then
	fail "processes left behind: $(pgrep -af "$work/t.sock")"
else
	pass "no process left behind"
fi
done_testing
