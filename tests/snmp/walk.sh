#!/bin/sh
# snmpwalk and snmpbulkwalk of FLOWAGENT-SESSION-MIB through a real snmpd
# return every session and PIC of the data with the right values (checked
# by check_walk.py against the XML itself), in OID order; both walks agree;
# snmptable renders the session table; the text column is flowcli's text.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/snmp/lib.sh"

snmp_start
"$MKXML" 300 7 4 >"$work/generated.xml"
cases="$TESTDATA/conformance/cases"
for data in sample "$cases/multi-pic.xml" "$cases/lowend.xml" \
    "$cases/one-wing.xml" "$cases/ipv6.xml" "$cases/nat.xml" \
    "$cases/ids64.xml" "$cases/states.xml" "$cases/na-values.xml" \
    "$work/generated.xml"; do
	if [ "$data" = sample ]; then
		src=sample
		file="$EXAMPLES/sample-sessions.xml"
	else
		src="file:$data"
		file=$data
	fi
	name=$(basename "$file")
	agent_start --source "$src"
	wait_agent
	"$FLOWCLI" render --view default "$file" >"$work/text"
	snmpbulkwalk $V3 -m '' -On -Oq -Ox -Ot -Oe "$AGENT" $ROOT \
	    >"$work/bulk" 2>"$work/err"
	if "$PY" "$TESTDATA/snmp/check_walk.py" "$work/bulk" "$file" \
	    "$work/text" >"$work/check"; then
		pass "snmpbulkwalk of $name: $(tail -n 1 "$work/check")"
	else
		fail "snmpbulkwalk of $name"
		head -n 30 "$work/check" "$work/err"
	fi
	# snmpwalk (GETNEXT, checks that OIDs increase) gives the same.
	snmpwalk $V3 -m '' -On -Oq -Ox -Ot -Oe "$AGENT" $ROOT \
	    >"$work/walk" 2>"$work/err"
	grep -v "^$ROOT.1.1.3.0 " "$work/walk" >"$work/walk.cmp"
	grep -v "^$ROOT.1.1.3.0 " "$work/bulk" >"$work/bulk.cmp"
	if [ -s "$work/walk.cmp" ] && cmp -s "$work/walk.cmp" "$work/bulk.cmp" &&
	    ! grep -q "not increasing" "$work/err"; then
		pass "snmpwalk of $name equals snmpbulkwalk, in order"
	else
		fail "snmpwalk of $name"
		diff "$work/walk.cmp" "$work/bulk.cmp" | head
		cat "$work/err"
	fi
	agent_alive && pass "flowagentd alive after $name" ||
	    fail "flowagentd died on $name"
	agent_stop
done

# snmptable: the product page's session, by column names from the MIB.
agent_start
wait_agent
snmptable $V3 -Cf '|' -Ci "$AGENT" FLOWAGENT-SESSION-MIB::flowSessionTable \
    >"$work/table" 2>&1
row=$(grep '^0\.10\.1\.0\.410000664|' "$work/table" | head -n 1)
for want in '|410000664|p1/4|1800 seconds|' 'valid|Valid|Normal|0x42/0x0/0x2010103|Null|junos-ftp|1|FTP ALG|1|0|160496 seconds|153 seconds|' \
    '|ipv4|"C8 00 00 0A "|41047|"3C 00 00 02 "|21|6|ge-7/1/0.0|6|c0002621|70010|' \
    '|13 packets|586 octets|410001274|' '|ge-7/1/1.0|7|c0002620|80010|' \
    '|13 packets|803 octets|410001274|0'; do
	case $row in
	*"$want"*) pass "snmptable row has $want" ;;
	*) fail "snmptable row lacks $want"; echo "row: $row" ;;
	esac
done
grep -q '^index|flowSessIdentifier|flowSessPolicy|flowSessConfTimeout|flowSessTimeout|flowSessState|' "$work/table" &&
    pass "snmptable header names the columns" || fail "snmptable header"
snmptable $V3 -Cf '|' -Ci "$AGENT" FLOWAGENT-SESSION-MIB::flowPicTable \
    >"$work/pics" 2>&1
grep -q '^0\.10\.1|FPC10 PIC1|1 sessions|0 sessions|0 sessions|0 sessions|1 sessions|1 sessions|' "$work/pics" &&
    grep -q '^0\.10\.3|FPC10 PIC3|0 sessions|' "$work/pics" &&
    pass "snmptable of the PIC table" || { fail "PIC table"; cat "$work/pics"; }

# The text column, byte for byte, against the product page's default view.
snmpget $V3 -m '' -On -Oq -Ox "$AGENT" "$SESS.21.0.10.1.0.410000664" >"$work/t"
sed -n '3,6p' "$TESTDATA/conformance/cases/product-default.default.txt" >"$work/page"
if "$PY" - "$work/t" "$work/page" <<'PYEOF'
import sys
walk = open(sys.argv[1]).read()
hexpart = walk.split(" ", 1)[1].replace('"', "").split()
got = bytes(int(h, 16) for h in hexpart)
want = open(sys.argv[2], "rb").read()
sys.exit(0 if got == want else 1)
PYEOF
then pass "flowSessText is the product page's text, byte for byte"
else fail "flowSessText"; cat "$work/t"; fi
agent_alive && pass "flowagentd alive" || fail "flowagentd died"
done_testing
