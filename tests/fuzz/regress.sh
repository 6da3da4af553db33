#!/bin/sh
# regress.sh: every fuzz target's corpus and kept crashes (tests/fuzz/
# corpus/TARGET, tests/fuzz/regress/TARGET) through its LLVMFuzzerTestOneInput,
# built with the ordinary compiler (tests/fuzz/replay_TARGET): none may crash.
set -u
: "${SRCDIR:?}" "${FLOWCLI:?}"
build=$(dirname "$(dirname "$FLOWCLI")")
status=0
for t in reader filter command rewrite xpath snmp_index rpc frame; do
	bin=$build/tests/fuzz/replay_$t
	if [ ! -x "$bin" ]; then
		echo "FAIL: $t: no $bin"
		status=1
		continue
	fi
	if FLOWAGENT_YANG_DIR="$SRCDIR/yang" "$bin" \
	    "$SRCDIR/tests/fuzz/corpus/$t" "$SRCDIR/tests/fuzz/regress/$t"; then
		echo "ok: $t"
	else
		echo "FAIL: $t"
		status=1
	fi
done
exit $status
