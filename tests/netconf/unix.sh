#!/bin/sh
# NETCONF over flowagentd's UNIX socket: flowcli -H unix:PATH show (a
# libnetconf2 client) on the built-in sample, the product page's texts byte
# for byte; <get> and the operations through python3-ncclient over the
# socket (see unix.py); the socket's mode and group decide who may connect.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

nc_setup
sample=$EXAMPLES/sample-sessions.xml
# No local modules for flowcli: what it lacks it fetches with <get-schema>.
unset FLOWAGENT_YANG_DIR FLOWAGENT_HOST
# Others may pass through $work to the sockets (nothing else is theirs).
chmod 711 "$work"

# same LABEL WANT GOT
same() {
	if cmp -s "$2" "$3"; then pass "$1"; else
		fail "$1"
		diff "$2" "$3" | head -n 20
	fi
}

nc_start sample			# the built-in sample, the default source
H=unix:$NC_SOCK

mode=$(stat -c %a:%U:%G "$NC_SOCK")
[ "$mode" = 660:root:root ] && pass "the socket is 0660 root:root" ||
    fail "the socket is $mode, want 660:root:root"

# The product page, from the built-in sample.
for view in default summary; do
	lv=$view
	[ $view = default ] && lv=
	"$FLOWCLI" -H "$H" show security flow session resource-manager $lv \
	    >"$work/got" 2>"$work/got.err" || cat "$work/got.err"
	same "flowcli -H unix: show ... resource-manager $lv: the product page" \
	    "$CASES/product-$view.$view.txt" "$work/got"
done
for view in brief extensive; do
	"$FLOWCLI" -H "$H" show security flow session $view \
	    >"$work/got" 2>"$work/got.err" || cat "$work/got.err"
	"$FLOWCLI" render --view $view "$sample" >"$work/want"
	same "flowcli -H unix: show ... $view = flowcli render" \
	    "$work/want" "$work/got"
done
"$FLOWCLI" -H "$H" show security flow session extensive '| display xml' \
    >"$work/got" 2>"$work/got.err" || cat "$work/got.err"
"$FLOWCLI" render --view extensive --format xml "$sample" >"$work/want"
same "flowcli -H unix: show ... extensive | display xml" "$work/want" \
    "$work/got"
grep -q '<session-identifier>410000664</session-identifier>' "$work/got" &&
    pass "the XML has session 410000664" || fail "no session 410000664"

nc_need_py ncclient python3-ncclient
nc_need_py lxml python3-lxml
if command -v yanglint >/dev/null 2>&1 && [ -d "$YUMA_IETF" ]; then
	nc_py unix.py "$sample"
else
	echo "SKIP unix.py: needs yanglint (libyang2-tools), libyuma-base"
fi

# Who may connect: root's group only (0660 root:root) ...
if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1 &&
    getent group nogroup >/dev/null; then
	as_nobody() {
		setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
	}
	expect "nobody may not connect to a 0660 root:root socket" 1 \
	    as_nobody "$FLOWCLI" -H "$H" show security flow session
	grep -q "Permission denied" "$work/expect.err" &&
	    pass "permission denied" || fail "$(cat "$work/expect.err")"
	# ... or the group named.
	nc_start group --netconf-unix-group nogroup --netconf-unix-mode 0660
	mode=$(stat -c %a:%U:%G "$NC_SOCK")
	[ "$mode" = 660:root:nogroup ] && pass "--netconf-unix-group nogroup" ||
	    fail "the socket is $mode, want 660:root:nogroup"
	as_nobody "$FLOWCLI" -H "unix:$NC_SOCK" show security flow session \
	    >"$work/got" 2>"$work/got.err" || cat "$work/got.err"
	"$FLOWCLI" render "$sample" >"$work/want"
	same "a member of the socket's group is served" "$work/want" "$work/got"
	nc_stop group
	nc_start world --netconf-unix-mode 0600
	mode=$(stat -c %a "$NC_SOCK")
	[ "$mode" = 600 ] && pass "--netconf-unix-mode 0600" ||
	    fail "the socket is $mode, want 600"
	expect "nobody may not connect to a 0600 socket" 1 \
	    as_nobody "$FLOWCLI" -H "unix:$NC_SOCK" show security flow session
	nc_stop world
else
	echo "SKIP the permission checks: no setpriv, nobody or nogroup"
fi

nc_alive sample && pass "flowagentd survived" || fail "flowagentd died"
nc_stop sample
done_testing
