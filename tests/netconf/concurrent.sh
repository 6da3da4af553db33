#!/bin/sh
# 20 NETCONF sessions at once through python3-ncclient, each sending a mix
# of filtered <get>s and get-flow-session-information in text and XML:
# every reply right (see concurrent.py), the daemon alive afterwards.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

nc_need_py ncclient python3-ncclient
nc_need_py lxml python3-lxml
nc_setup

data=$NCDIR/sessions.xml
nc_start main --source "file:$data"
nc_py concurrent.py "$data" 20 40
nc_alive main && pass "flowagentd survived 20 concurrent sessions" ||
    fail "flowagentd died under 20 concurrent sessions"
nc_stop main
done_testing
