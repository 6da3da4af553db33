#!/bin/sh
# Conformance: every cases/NAME.VIEW.txt is what `flowcli render --view VIEW`
# prints for cases/NAME.xml, byte for byte.  cases/NAME@LABEL.VIEW.txt is the
# same input with the options in cases/NAME@LABEL.args (filters).  And every input survives a round trip: the XML we write,
# read back, gives the same text in every view and the same XML again.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"

cases="$TESTDATA/conformance/cases"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

for expected in "$cases"/*.*.txt; do
	base=${expected%.txt}
	view=${base##*.}
	name=${base%.*}
	input=${name%@*}.xml
	args=
	[ -f "$name.args" ] && args=$(cat "$name.args")
	label="$(basename "$name") --view $view $args"
	# shellcheck disable=SC2086
	if "$FLOWCLI" render --view "$view" $args "$input" >"$tmp/out" 2>"$tmp/err" &&
	    cmp -s "$tmp/out" "$expected"; then
		pass "$label"
	else
		fail "$label"
		diff "$expected" "$tmp/out" | head -20
		cat "$tmp/err"
	fi
done

# Round trips: in every view, the XML we write reads back to the same text,
# and writing it again gives the same XML.
for input in "$cases"/*.xml; do
	label="round trip $(basename "$input")"
	ok=1
	for view in default brief extensive summary; do
		"$FLOWCLI" render --format xml --view $view "$input" >"$tmp/a.xml" || ok=0
		"$FLOWCLI" render --format xml --view $view "$tmp/a.xml" >"$tmp/b.xml" || ok=0
		cmp -s "$tmp/a.xml" "$tmp/b.xml" || { ok=0; diff "$tmp/a.xml" "$tmp/b.xml" | head; }
		"$FLOWCLI" render --view $view "$input" >"$tmp/t1" || ok=0
		"$FLOWCLI" render --view $view "$tmp/a.xml" >"$tmp/t2" || ok=0
		cmp -s "$tmp/t1" "$tmp/t2" || { ok=0; diff "$tmp/t1" "$tmp/t2" | head; }
	done
	[ $ok = 1 ] && pass "$label" || fail "$label"
done
done_testing
