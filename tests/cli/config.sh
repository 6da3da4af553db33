#!/bin/sh
# flowagentd's configuration file: every option has a key; -n checks the
# file and what it points to, naming the file and line of each problem;
# SIGHUP re-reads it: a bad file keeps the daemon serving, a new source
# spec switches the data.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
work=$(mktemp -d)
_tmp=$work
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
YANG=${SRCDIR:-$TESTDATA/..}/yang

# Every option of --help but -f, -c, -n, -h, -V is a configuration key.
"$FLOWAGENTD" --help | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}--\([a-z-]*\).*/\2/p' |
    grep -v -x -e foreground -e config -e check -e help -e version >"$work/opts"
[ "$(wc -l <"$work/opts")" -ge 20 ] && pass "--help lists the options" ||
    fail "--help lists $(wc -l <"$work/opts") options"
missing=
while read -r o; do
	k=${o#no-}
	printf '%s x\n' "$k" >"$work/k.conf"
	"$FLOWAGENTD" -n -c "$work/k.conf" 2>&1 | grep -q "unknown option" &&
	    missing="$missing $o"
done <"$work/opts"
[ -z "$missing" ] && pass "every option has a configuration key" ||
    fail "options without a key:$missing"

# A good file, with every file it names.
: >"$work/hostkey"
: >"$work/passwords"
: >"$work/keys"
good() {
	cat <<EOF
# a comment
source sample
snmp no
netconf-unix $work/nc.sock
netconf-unix-mode 0660
netconf-unix-owner root
netconf-unix-group root
netconf-ssh 127.0.0.1:8300
hostkey $work/hostkey
authorized-keys $work/keys/%u
password-file $work/passwords
yang-dir $YANG
hostname fw1
debug no
EOF
}
good >"$work/good.conf"
n=$(wc -l <"$work/good.conf")
expect "-n on a good file" 0 "$FLOWAGENTD" -n -c "$work/good.conf"
grep -qx "configuration OK" "$work/expect.out" &&
    pass "it says configuration OK" || fail "no configuration OK"

# bad LABEL 'KEY VALUE' MESSAGE: the good file plus that line fails -n,
# naming the file, the line, the key and MESSAGE.
bad() {
	{ good; echo "$2"; } >"$work/bad.conf"
	"$FLOWAGENTD" -n -c "$work/bad.conf" >"$work/out" 2>"$work/err"
	st=$?
	want="bad.conf: line $((n + 1)): ${2%% *}: $3"
	if [ "$st" != 0 ] && grep -qF "$want" "$work/err" &&
	    ! grep -q "configuration OK" "$work/out"; then
		pass "$1"
	else
		fail "$1 (exit $st, wanted '$want')"
		cat "$work/err"
	fi
}
bad "unreadable hostkey" "hostkey $work/none" "$work/none: No such file or directory"
bad "unreadable authorized-keys" "authorized-keys $work/none" \
    "$work/none: No such file or directory"
bad "unreadable password-file" "password-file $work/none" \
    "$work/none: No such file or directory"
bad "netconf-ssh address that does not parse" "netconf-ssh 10.0.0:830" \
    "bad address '10.0.0:830'"
bad "netconf-ssh bad port" "netconf-ssh 127.0.0.1:70000" "bad address"
bad "netconf-ssh host name" "netconf-ssh localhost" "bad address"
bad "socket mode not octal" "netconf-unix-mode 0689" "bad mode '0689'"
bad "unknown netconf-unix-owner" "netconf-unix-owner no-such-user-x" \
    "no user 'no-such-user-x'"
bad "unknown netconf-unix-group" "netconf-unix-group no-such-group-x" \
    "no group 'no-such-group-x'"
bad "yang-dir without the modules" "yang-dir $work" \
    "$work/flowagent-session.yang: No such file or directory"
bad "source that does not open" "source file:$work/none.xml" \
    "$work/none.xml: No such file or directory"
bad "unknown source scheme" "source ftp:x" ""
bad "bad value" "netconf-workers 9" "bad value '9'"
{ good; echo "frobnicate 1"; } >"$work/bad.conf"
expect "unknown key" 2 "$FLOWAGENTD" -n -c "$work/bad.conf"
grep -q "bad.conf: line $((n + 1)): unknown option 'frobnicate'" \
    "$work/expect.err" && pass "names the unknown key's line" ||
    fail "unknown key message"
printf 'netconf-unix %s/s\nyang-dir %s\nnetconf-ssh 127.0.0.1\npassword-file %s\n' \
    "$work" "$YANG" "$work/passwords" >"$work/bad.conf"
expect "netconf-ssh without a hostkey" 1 "$FLOWAGENTD" -n -c "$work/bad.conf"
grep -q "bad.conf: line 3: netconf-ssh: needs a hostkey" "$work/expect.err" &&
    pass "names netconf-ssh's line (hostkey)" || fail "no-hostkey message"
printf 'netconf-unix %s/s\nyang-dir %s\nhostkey %s\nnetconf-ssh [::1]:830\n' \
    "$work" "$YANG" "$work/hostkey" >"$work/bad.conf"
expect "netconf-ssh without an auth method" 1 "$FLOWAGENTD" -n -c "$work/bad.conf"
grep -q "bad.conf: line 4: netconf-ssh: needs authorized-keys or password-file" \
    "$work/expect.err" && pass "names netconf-ssh's line (auth)" ||
    fail "no-auth message"
expect "the command line wins, and is named" 1 "$FLOWAGENTD" -n \
    -c "$work/good.conf" --hostkey "$work/none"
grep -q -- "--hostkey: $work/none: No such" "$work/expect.err" &&
    pass "names the option" || fail "command-line message"
expect "settings not in use are not checked" 0 "$FLOWAGENTD" -n \
    -c "$work/good.conf" --no-netconf --hostkey "$work/none"

# The example file is valid when the files it names exist.
mkdir -p "$work/ex"
: >"$work/ex/ssh_host_ed25519_key"
cp "$EXAMPLES/../tests/conformance/cases/multi-pic.xml" "$work/ex/sessions.xml"
sed -e "s|/etc/flowagent/|$work/ex/|; s|/var/lib/flowagent/|$work/ex/|" \
    -e "s|/run/flowagent/|$work/ex/|; s|^netconf-unix-group .*|netconf-unix-group root|" \
    "$EXAMPLES/flowagentd.conf" >"$work/ex.conf"
expect "examples/flowagentd.conf checks out" 0 "$FLOWAGENTD" -n \
    -c "$work/ex.conf" --yang-dir "$YANG"

# SIGHUP.
sock=$work/nc.sock
cat >"$work/run.conf" <<EOF
source sample
netconf-unix $sock
yang-dir $YANG
EOF
"$FLOWAGENTD" -f --no-snmp -c "$work/run.conf" >"$work/log" 2>&1 &
pid=$!
valid() { awk '/^Valid sessions:/ { n += $3 } END { print n + 0 }'; }
total() {
	"$FLOWCLI" -H "unix:$sock" show security flow session summary 2>/dev/null |
	    valid
}
# The valid sessions of a snapshot file.
file_total() { "$FLOWCLI" render --view summary "$1" | valid; }
alive() { kill -0 "$pid" 2>/dev/null; }
until_ok 10 test -S "$sock"
[ "$(total)" = 1 ] && pass "serves the sample" || fail "sample: $(total)"

printf 'source sample\nnetconf-unix %s\nyang-dir %s\nhostkey %s/none\nfrobnicate\n' \
    "$sock" "$YANG" "$work" >"$work/run.conf"
kill -HUP "$pid"
until_ok 10 grep -q "keeping the running configuration" "$work/log" &&
    pass "SIGHUP: a bad file is refused" || fail "bad file not refused"
grep -q "run.conf: line 5: unknown option 'frobnicate'" "$work/log" &&
    pass "SIGHUP: the refusal names the line" || fail "refusal message"
alive && [ "$(total)" = 1 ] && pass "SIGHUP: a bad file keeps the daemon serving" ||
    fail "bad file: not serving"

"$MKXML" 25 7 >"$work/new.xml"
want=$(file_total "$work/new.xml")
printf 'source file:%s\nnetconf-unix %s\nyang-dir %s\nnetconf-workers 2\ndebug yes\nhostname fw2\n' \
    "$work/new.xml" "$sock" "$YANG" >"$work/run.conf"
kill -HUP "$pid"
until_ok 10 grep -q "replaces sample" "$work/log" && [ "$(total)" = "$want" ] &&
    pass "SIGHUP: a new source spec switches the data" ||
    fail "new source: $(total) sessions"
grep -q "run.conf: line 4: netconf-workers: changed; takes effect at restart" \
    "$work/log" && pass "SIGHUP: restart-only settings are named" ||
    fail "no restart message"
grep -q "run.conf: line 5: debug: applied" "$work/log" &&
    pass "SIGHUP: debug applies" || fail "debug not applied"
grep -q "run.conf: line 6: hostname: applied" "$work/log" &&
    pass "SIGHUP: hostname applies" || fail "hostname not applied"

sed -i "1s|.*|source file:$work/none.xml|" "$work/run.conf"
kill -HUP "$pid"
until_ok 10 grep -q "run.conf: line 1: source: .*none.xml: No such file or directory; keeping file:" \
    "$work/log" && pass "SIGHUP: a source that fails keeps the old one" ||
    fail "failing source message"
alive && [ "$(total)" = "$want" ] && pass "SIGHUP: still serving the old source" ||
    fail "old source lost: $(total)"

"$MKXML" 40 9 >"$work/new.xml"
want=$(file_total "$work/new.xml")
sed -i "1s|.*|source file:$work/new.xml|" "$work/run.conf"
kill -HUP "$pid"
until_ok 10 sh -c "grep -q 'reloaded file:.*new.xml: 40 sessions' '$work/log'" &&
    [ "$(total)" = "$want" ] && pass "SIGHUP: the same spec reloads its data" ||
    fail "reload: $(total)"

kill -TERM "$pid"
wait "$pid" && pass "exits cleanly" || fail "exit status"
pid=
done_testing
