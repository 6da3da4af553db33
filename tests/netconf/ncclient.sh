#!/bin/sh
# flowagentd's NETCONF server through python3-ncclient over SSH (see
# ncclient.py): logins, <get> with subtree and XPath filters (every reply
# valid by yanglint), the operations in XML, text and JSON against flowcli,
# Junos-style requests, get-schema, malformed requests, kill-session,
# close-session; and the product page's four resource-manager texts byte
# for byte.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

nc_need_py ncclient python3-ncclient
nc_need_py lxml python3-lxml
if ! command -v yanglint >/dev/null 2>&1; then
	echo "SKIP: yanglint is not installed (Debian package libyang2-tools)"
	exit 77
fi
if [ ! -d "$YUMA_IETF" ]; then
	echo "SKIP: no $YUMA_IETF (Debian package libyuma-base)"
	exit 77
fi
nc_setup

data=$NCDIR/sessions.xml
nc_start main --source "file:$data"
nc_py ncclient.py main "$data"
nc_alive main && pass "flowagentd survived the ncclient tests" ||
    fail "flowagentd died during the ncclient tests"
nc_stop main

# The product page: each view from the data the page shows it for.
for view in default brief extensive summary; do
	nc_start "product-$view" --source "file:$CASES/product-$view.xml"
	nc_py ncclient.py product "$view" "$CASES/product-$view.$view.txt"
	nc_stop "product-$view"
done
done_testing
