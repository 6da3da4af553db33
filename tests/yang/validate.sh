#!/bin/sh
# YANG: both modules lint without a message, and `flowcli render --format
# yang` is valid flowagent-session state data for the sample, every
# conformance input (and each of its filters), edge cases (edges.xml) and a
# generated store of IPv4 and IPv6 sessions.  Broken instances must fail, so
# the validation is known to bite.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"

IETF=/usr/share/yuma/modules/ietf
if ! command -v yanglint >/dev/null || [ ! -d "$IETF" ]; then
	echo "SKIP: needs yanglint (libyang2-tools) and $IETF (libyuma-base)"
	exit 77
fi
SRCDIR=${SRCDIR:-$TESTDATA/..}
MKXML=${MKXML:-mkxml}
yang="$SRCDIR/yang"
cases="$TESTDATA/conformance/cases"
_tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$_tmp"' EXIT

# -t data: a whole datastore with state (config false) data, fully
# validated (types, list keys and their uniqueness, unknown elements).
# -t get accepts config false too but skips validation: duplicate keys pass.
lint_data() {
	yanglint -p "$IETF" -t data "$yang/flowagent-session.yang" "$1" 2>&1
}

# valid LABEL FILE: yanglint accepts FILE and says nothing.
valid() {
	if _out=$(lint_data "$2") && [ -z "$_out" ]; then pass "$1"; else
		fail "$1"
		echo "$_out" | head -5
	fi
}

# invalid LABEL FILE: yanglint refuses FILE.
invalid() {
	if lint_data "$2" >"$_tmp/lint.out"; then
		fail "$1: accepted"
	else
		pass "$1"
	fi
}

# yang FILE ARGS...: flowcli's YANG output for ARGS, in FILE.
yang() {
	_f=$1
	shift
	"$FLOWCLI" render --format yang "$@" >"$_f" 2>"$_tmp/err" || {
		cat "$_tmp/err"
		return 1
	}
}

# (a) The modules: yanglint prints nothing, not even a warning.
for m in flowagent-session flowagent-junos; do
	if _out=$(yanglint -p "$IETF" "$yang/$m.yang" 2>&1) && [ -z "$_out" ]; then
		pass "yanglint $m.yang: no message"
	else
		fail "yanglint $m.yang:"
		echo "$_out"
	fi
done

# (b) The bundled sample: one element, one line, valid.
sample="$EXAMPLES/sample-sessions.xml"
if yang "$_tmp/sample.xml" "$sample"; then
	valid "sample" "$_tmp/sample.xml"
	top='<flow-sessions xmlns="urn:flowagent:yang:flowagent-session">'
	[ "$(wc -l <"$_tmp/sample.xml")" = 1 ] &&
	    grep -q "^$top<pic>.*</pic></flow-sessions>\$" "$_tmp/sample.xml" &&
	    pass "sample: one flow-sessions element" ||
	    fail "sample: one flow-sessions element"
else
	fail "sample: flowcli render --format yang"
fi

# The validation bites: each break of the sample's output must fail.
# break LABEL SED: the sample's output edited by SED is refused.
break_sample() {
	sed "$2" "$_tmp/sample.xml" >"$_tmp/broken.xml"
	if cmp -s "$_tmp/sample.xml" "$_tmp/broken.xml"; then
		fail "$1: the edit changed nothing"
	else
		invalid "$1 is refused" "$_tmp/broken.xml"
	fi
}
break_sample "a bad address" \
    's|<source-address>200.0.0.10<|<source-address>200.0.0.300<|'
break_sample "an unknown element" 's|<status>|<frob>1</frob><status>|'
break_sample "a bad hex-uint32" 's|<flag>0xc0002621<|<flag>0xC0002621<|'
break_sample "a port out of range" 's|<source-port>41047<|<source-port>70000<|'
break_sample "a bad state" 's|<state>valid<|<state>Valid<|'
break_sample "a duplicate PIC" \
    's|<pic-slot>2</pic-slot>|<pic-slot>1</pic-slot>|'
break_sample "a duplicate wing" 's|<direction>Out<|<direction>In<|'
break_sample "another namespace" 's|flowagent-session">|flowagent-junos">|'

# Every conformance input the reader takes, and each filter of its cases.
for input in "$cases"/*.xml; do
	name=$(basename "$input" .xml)
	"$FLOWCLI" render "$input" >/dev/null 2>&1 || continue
	if yang "$_tmp/case.xml" "$input"; then
		valid "case $name" "$_tmp/case.xml"
	else
		fail "case $name: flowcli render --format yang"
	fi
	for a in "$cases/$name"@*.args; do
		[ -f "$a" ] || continue
		# shellcheck disable=SC2046
		if yang "$_tmp/case.xml" $(cat "$a") "$input"; then
			valid "case $(basename "$a" .args)" "$_tmp/case.xml"
		else
			fail "case $(basename "$a" .args): flowcli"
		fi
	done
done

# Edge cases: a session with its identifier alone, empty addresses, a wing
# without direction and a second In wing, escapes, maximal numbers.
if yang "$_tmp/edges.xml" "$TESTDATA/yang/edges.xml"; then
	valid "edges" "$_tmp/edges.xml"
	id1='<session-identifier>1</session-identifier><state>other</state>'
	grep -q "<session>$id1</session>" "$_tmp/edges.xml" &&
	    pass "edges: identifier and state alone" ||
	    fail "edges: identifier and state alone"
	# The first wing is In (its stored direction) without its empty
	# addresses; the second In wing has no place in the list.
	wing='<flow-information><direction>In</direction>'
	wing="$wing<destination-address>::ffff:192.0.2.1</destination-address>"
	wing="$wing<protocol>99</protocol><flag>0xffffffff</flag>"
	wing="$wing</flow-information></session>"
	grep -q "<session-identifier>2</session-identifier>.*$wing" \
	    "$_tmp/edges.xml" && ! grep -q '2001:db8::1' "$_tmp/edges.xml" &&
	    pass "edges: empty addresses left out, one In wing" ||
	    fail "edges: empty addresses left out, one In wing"
	grep -q '<policy>a&amp;b&lt;c&gt;"d'"'"'/1</policy>' "$_tmp/edges.xml" &&
	    pass "edges: escaped" || fail "edges: escaped"
else
	fail "edges: flowcli render --format yang"
fi

# A generated store: IPv4 and IPv6, several PICs, with and without filters.
if "$MKXML" 3000 7 3 >"$_tmp/gen.in.xml"; then
	if yang "$_tmp/gen.xml" "$_tmp/gen.in.xml"; then
		valid "generated store" "$_tmp/gen.xml"
		[ "$(grep -o '<session>' "$_tmp/gen.xml" | wc -l)" = 3000 ] &&
		    pass "generated store: 3000 sessions" ||
		    fail "generated store: 3000 sessions"
		grep -q '<source-address>[0-9a-f]*:[0-9a-f:]*<' "$_tmp/gen.xml" &&
		    grep -q '<source-address>[0-9.]*<' "$_tmp/gen.xml" &&
		    pass "generated store: IPv4 and IPv6" ||
		    fail "generated store: IPv4 and IPv6"
	else
		fail "generated store: flowcli render --format yang"
	fi
	for args in "--resource-manager" "--protocol udp --count 50" \
	    "--view summary --source-prefix 2001:db8::/32"; do
		# shellcheck disable=SC2086
		if yang "$_tmp/gen.xml" $args "$_tmp/gen.in.xml"; then
			valid "generated store $args" "$_tmp/gen.xml"
		else
			fail "generated store $args: flowcli"
		fi
	done
else
	fail "mkxml"
fi

done_testing
