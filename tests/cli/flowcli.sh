#!/bin/sh
# flowcli's interface: exit statuses, one-line messages, stdin, output errors,
# and that its XML and JSON parse.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"

_tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$_tmp"' EXIT
sample="$EXAMPLES/sample-sessions.xml"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# one_line LABEL: the last command's stderr is exactly one "flowcli: " line
# containing the given text.
one_line() {
	if [ "$(wc -l <"$_tmp/expect.err")" = 1 ] &&
	    grep -q "^flowcli: .*$2" "$_tmp/expect.err"; then
		pass "$1"
	else
		fail "$1: stderr was"
		cat "$_tmp/expect.err"
	fi
}

expect "no command" 2 "$FLOWCLI"
expect "--help" 0 "$FLOWCLI" --help
grep -q "^usage: flowcli COMMAND" "$_tmp/expect.out" && pass "usage text" || fail "usage text"
expect "--version" 0 "$FLOWCLI" --version
grep -q "^flowcli [0-9]" "$_tmp/expect.out" && pass "version text" || fail "version text"
expect "unknown command" 2 "$FLOWCLI" frobnicate
one_line "unknown command message" "unknown command 'frobnicate'"
expect "render --junos-release 'x<y'" 2 "$FLOWCLI" render --junos-release 'x<y' \
    "$EXAMPLES/sample-sessions.xml"
one_line "bad release message" "bad release 'x<y'"
expect "render --help" 0 "$FLOWCLI" render --help
for opt in --view --format --resource-manager --source-prefix --destination-prefix \
    --source-port --destination-port --protocol --interface --application \
    --session-identifier --start-identifier --count; do
	grep -q -- "$opt" "$_tmp/expect.out" || fail "render --help lacks $opt"
done
pass "render --help lists every option"

expect "bad view" 2 "$FLOWCLI" render --view terse "$sample"
one_line "bad view message" "unknown view 'terse'"
expect "bad format" 2 "$FLOWCLI" render --format yaml "$sample"
one_line "bad format message" "unknown format 'yaml'"
expect "bad filter value" 2 "$FLOWCLI" render --source-port 99999 "$sample"
one_line "bad filter message" "bad source-port '99999'"
expect "unknown option" 2 "$FLOWCLI" render --frob "$sample"
expect "two inputs" 2 "$FLOWCLI" render "$sample" "$sample"
expect "missing file" 1 "$FLOWCLI" render /nonexistent/sessions.xml
one_line "missing file message" "/nonexistent/sessions.xml: No such file or directory"

printf '<rpc-reply>\n<flow-session-information>\n<flow-session>\n<session-identifier>x1</session-identifier>\n' >"$_tmp/bad.xml"
expect "bad value" 1 "$FLOWCLI" render "$_tmp/bad.xml"
one_line "bad value message names file and line" "bad.xml: line 4: <session-identifier>: 'x1'"
head -c 700 "$sample" >"$_tmp/cut.xml"
expect "truncated input" 1 "$FLOWCLI" render "$_tmp/cut.xml"
one_line "truncated input message" "cut.xml: line [0-9]*: "
if [ -s "$_tmp/expect.out" ]; then fail "truncated input printed output"; else pass "truncated input prints nothing"; fi

# A reply with no flow-session information at all (a device's error reply,
# the wrong command's output): an error, not an empty text.
expect "no flow-session information" 1 "$FLOWCLI" render \
    "$TESTDATA/cli/no-flow-information.xml"
one_line "no flow-session information message" \
    "no Junos flow-session information in .*no-flow-information.xml"
if [ -s "$_tmp/expect.out" ]; then fail "no information printed output"; else pass "no information prints nothing"; fi
# Text before the XML (console messages, a prompt and the command echoed):
# skipped, whole lines; none at all: not XML.
{ printf 'Message from syslogd@srx at Dec  5 06:00:00 ...\n\n'
  printf 'root@srx> show security flow session | display xml \n'
  cat "$sample"; } >"$_tmp/console.xml"
"$FLOWCLI" render "$sample" >"$_tmp/plain.txt"
expect "text before the XML is skipped" 0 "$FLOWCLI" render "$_tmp/console.xml"
cmp -s "$_tmp/expect.out" "$_tmp/plain.txt" &&
    pass "text before the XML: the same output" ||
    fail "text before the XML changes the output"
printf 'error: syntax error, expecting <command>\n' >"$_tmp/notxml.txt"
expect "not XML" 1 "$FLOWCLI" render "$_tmp/notxml.txt"
one_line "not XML message" "not XML: no line starts with '<'"

# stdin, as "-" and as no argument.
"$FLOWCLI" render --view extensive "$sample" >"$_tmp/file.txt"
"$FLOWCLI" render --view extensive - <"$sample" >"$_tmp/dash.txt"
"$FLOWCLI" render --view extensive <"$sample" >"$_tmp/stdin.txt"
cmp -s "$_tmp/file.txt" "$_tmp/dash.txt" && cmp -s "$_tmp/file.txt" "$_tmp/stdin.txt" &&
    pass "stdin reads like a file" || fail "stdin reads like a file"
cat "$sample" | "$FLOWCLI" render --view extensive >"$_tmp/pipe.txt"
cmp -s "$_tmp/file.txt" "$_tmp/pipe.txt" && pass "a pipe reads like a file" || fail "a pipe"

# Output errors are reported, not ignored.
if [ -w /dev/full ]; then
	expect "write error" 1 sh -c "\"$FLOWCLI\" render \"$sample\" >/dev/full"
	one_line "write error message" "write error: No space left on device"
fi

# XML is well-formed and JSON parses, with the elements where tools look.
for view in default extensive summary; do
	"$FLOWCLI" render --format json --view $view "$sample" >"$_tmp/j.json"
	if "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
blocks = d["flow-session-information"]
assert len(blocks) == 3, blocks
assert blocks[0]["flow-fpc-pic-id"][0]["data"] == " on FPC10 PIC1:"
if sys.argv[2] != "summary":
    s = blocks[0]["flow-session"][0]
    assert s["session-identifier"][0]["data"] == "410000664"
    assert s["resource-manager-information"][0]["client-name"][0]["data"] == "FTP ALG"
    assert [w["direction"][0]["data"] for w in s["flow-information"]] == ["In", "Out"]
else:
    assert blocks[0]["displayed-session-valid"][0]["data"] == "1"
' "$_tmp/j.json" $view; then pass "JSON $view parses"; else fail "JSON $view"; fi
	"$FLOWCLI" render --format xml --view $view "$sample" >"$_tmp/x.xml"
	if "$PY" -c '
import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
assert d.documentElement.tagName == "rpc-reply"
assert len(d.getElementsByTagName("flow-session-information")) == 3
' "$_tmp/x.xml"; then pass "XML $view parses"; else fail "XML $view"; fi
done
"$FLOWCLI" render --format xml --bare "$sample" >"$_tmp/bare.xml"
head -1 "$_tmp/bare.xml" | grep -q '^<flow-session-information xmlns=' &&
    pass "--bare drops the envelope" || fail "--bare"
done_testing
