#!/bin/sh
# flowagentd through PyEZ (python3-junos-eznc) as a Junos user drives it:
# RPCs in XML, text and JSON, dev.cli(), dev.facts, an unknown RPC (see
# pyez.py).  HOME is the test's own directory: no ~/.ssh/config,
# known_hosts or keys of the real user take part.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

nc_need_py jnpr.junos python3-junos-eznc
nc_need_py ncclient python3-ncclient
nc_setup
# PyEZ's own deprecated idioms under Python 3.11 are not ours to report.
export PYTHONWARNINGS=ignore::SyntaxWarning,ignore::DeprecationWarning

data=$CASES/product-extensive.xml
nc_start main --source "file:$data" --hostname srx-flowagent-test
nc_py pyez.py "$data" "$CASES/product-extensive.extensive.txt" \
    srx-flowagent-test
nc_alive main && pass "flowagentd survived the PyEZ tests" ||
    fail "flowagentd died during the PyEZ tests"
nc_stop main
done_testing
