#!/bin/sh
# flowcli show against flowagentd over NETCONF: every view and display of
# the sample, with filters, equal to flowcli render of the same data; the
# product page's four texts byte for byte; over the UNIX socket and over
# SSH (keys, password, host keys); the errors (daemon down, bad line,
# rpc-error, refused login); and flowcli netconf, the sshd subsystem relay.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
. "$TESTDATA/netconf/lib.sh"

sample="$EXAMPLES/sample-sessions.xml"
export FLOWAGENT_YANG_DIR="$SRCDIR/yang"
unset FLOWAGENT_HOST FLOWCLI_PASSWORD FLOWCLI_DEBUG

# one_line LABEL TEXT: the last command's stderr is one "flowcli: " line
# containing TEXT.
one_line() {
	if [ "$(wc -l <"$work/expect.err")" = 1 ] &&
	    grep -q "^flowcli: .*$2" "$work/expect.err"; then
		pass "$1"
	else
		fail "$1: stderr was"
		cat "$work/expect.err"
	fi
}

# same LABEL FILE1 FILE2
same() {
	if cmp -s "$2" "$3"; then pass "$1"; else
		fail "$1"
		diff "$2" "$3" | head -n 20
	fi
}

nc_setup
nc_start main
sock=$NC_SOCK
port=$NC_PORT
H="unix:$sock"

# remote ARGS...: flowcli show on the daemon, output to $work/got.
remote() {
	"$FLOWCLI" -H "$H" show security flow session "$@" >"$work/got" \
	    2>"$work/got.err"
}

# Every view and display, all sessions and resource-manager's, and some
# filters: what flowcli render prints for the same sessions.
for rm in "" resource-manager; do
	for view in default brief extensive summary; do
		level=$view
		[ $view = default ] && level=
		for display in text xml json; do
			pipe=
			[ $display = text ] || pipe="| display $display"
			label="show${rm:+ $rm}${level:+ $level}${pipe:+ $pipe}"
			remote $rm $level ${pipe:+"$pipe"}
			st=$?
			if [ $st != 0 ]; then
				fail "$label: exit status $st"
				cat "$work/got.err"
				continue
			fi
			"$FLOWCLI" render --view $view --format $display \
			    ${rm:+--$rm} "$sample" >"$work/want"
			same "$label" "$work/want" "$work/got"
		done
	done
done

# filter_case VIEW "RENDER OPTIONS" SHOW WORDS...
filter_case() {
	_view=$1 _opts=$2
	shift 2
	remote "$@"
	_st=$?
	if [ $_st = 0 ]; then
		"$FLOWCLI" render --view $_view $_opts "$sample" >"$work/want"
		same "show $*" "$work/want" "$work/got"
	else
		fail "show $*: exit status $_st"
		cat "$work/got.err"
	fi
}
filter_case default "--protocol tcp" protocol tcp
filter_case extensive "--source-port 41047 --resource-manager" \
    extensive source-port 41047 resource-manager
filter_case summary "--destination-prefix 60.0.0.0/8" \
    summary destination-prefix 60.0.0.0/8
filter_case brief "--interface ge-7/1/1.0" interface ge-7/1/1.0 brief
filter_case default "--application ftp --protocol udp" \
    application ftp protocol udp
filter_case default "--count 0" count 0
filter_case extensive "--session-identifier 410000664" \
    session-identifier 410000664
filter_case brief "--session-identifier 410000664" \
    session-identifier 410000664 brief
filter_case default "--format xml --source-prefix 200.0.0.10" \
    source-prefix 200.0.0.10 "|" display xml
filter_case summary "--format json --resource-manager" \
    res summ "|" disp json "|" no-more

# Abbreviations and the pipe written apart or in one word.
"$FLOWCLI" render --view extensive --resource-manager "$sample" >"$work/want"
"$FLOWCLI" -H "$H" sh sec fl ses res ext >"$work/got" 2>&1
same "sh sec fl ses res ext" "$work/want" "$work/got"
"$FLOWCLI" render --view summary --format xml "$sample" >"$work/want"
"$FLOWCLI" -H "$H" show security flow session summary "|" display xml \
    >"$work/got" 2>&1
same "| display xml as three words" "$work/want" "$work/got"
"$FLOWCLI" -H "$H" show security flow session "summary|display xml" \
    >"$work/got" 2>&1
same "summary|display xml as one word" "$work/want" "$work/got"

# | count counts the lines the daemon sent.
"$FLOWCLI" render --view extensive "$sample" >"$work/want"
remote extensive "| count"
[ "$(cat "$work/got")" = "Count: $(wc -l <"$work/want" | tr -d ' ') lines" ] &&
    pass "| count" || fail "| count: $(cat "$work/got")"

# FLOWAGENT_HOST stands in for -H.
FLOWAGENT_HOST=$H "$FLOWCLI" show security flow session >"$work/got" 2>&1
"$FLOWCLI" render "$sample" >"$work/want"
same "FLOWAGENT_HOST" "$work/want" "$work/got"

# | display xml rpc prints the request; no daemon needed.
expect "| display xml rpc" 0 "$FLOWCLI" -H unix:/nonexistent/nc.sock \
    show security flow session resource-manager extensive "| display xml rpc"
cat >"$work/want" <<'EOF'
<rpc-reply xmlns:junos="http://xml.juniper.net/junos/23.4R1/junos">
    <rpc>
        <get-flow-session-information>
                <resource-manager/>
                <extensive/>
        </get-flow-session-information>
    </rpc>
    <cli>
        <banner></banner>
    </cli>
</rpc-reply>
EOF
same "| display xml rpc text" "$work/want" "$work/expect.out"

# Errors.  A bad line is refused before any connection (the socket does
# not exist): exit 2, naming the word.
expect "bad word" 2 "$FLOWCLI" -H unix:/nonexistent/nc.sock \
    show security flow session bogus
one_line "bad word message" "syntax error, expecting <command>: bogus"
expect "bad value" 2 "$FLOWCLI" -H "$H" show security flow session \
    source-port 99999
one_line "bad value message" "bad source-port '99999'"
expect "ambiguous word" 2 "$FLOWCLI" -H "$H" show security flow session s
one_line "ambiguous word message" "'s' is ambiguous"
expect "bad display" 2 "$FLOWCLI" -H "$H" show security flow session \
    "| display yaml"
one_line "bad display message" "expecting xml or json: yaml"
expect "bad -H" 2 "$FLOWCLI" -H tcp://x show security flow session
one_line "bad -H message" "bad host 'tcp://x'"

expect "daemon down" 1 "$FLOWCLI" -H "unix:$work/down.sock" \
    show security flow session
one_line "daemon down message" \
    "cannot connect to unix:$work/down.sock: No such file or directory"
# A socket left by a daemon that died: nobody listens on it.
"$PY" -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/stale.sock"
expect "stale socket" 1 "$FLOWCLI" -H "unix:$work/stale.sock" \
    show security flow session
one_line "stale socket message" \
    "cannot connect to unix:$work/stale.sock: Connection refused"
# Not a NETCONF server at all.
"$PY" -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.bind(sys.argv[1])
s.listen(1)
c, _ = s.accept()
c.sendall(b"hello, I am not NETCONF\n")
c.close()' "$work/junk.sock" &
junk_pid=$!
until_ok 10 test -S "$work/junk.sock" || fail "junk server did not start"
expect "not a NETCONF server" 1 timeout 30 "$FLOWCLI" \
    -H "unix:$work/junk.sock" show security flow session
one_line "not a NETCONF server message" \
    "unix:$work/junk.sock: no NETCONF session"
wait $junk_pid

# An rpc-error: a proxy adds a bad word to the line flowcli sent, and the
# daemon's error-message is printed as it is.
"$PY" - "$work/proxy.sock" "$sock" <<'EOF' &
import re, select, socket, sys
srv = socket.socket(socket.AF_UNIX)
srv.settimeout(30)
srv.bind(sys.argv[1])
srv.listen(1)
c, _ = srv.accept()
c.settimeout(None)
u = socket.socket(socket.AF_UNIX)
u.connect(sys.argv[2])
buf, hello, open_c = b"", False, True
chunk = re.compile(rb"\n#(\d+)\n")
def frames():
    # Complete NETCONF 1.1 messages at the head of buf, rewritten.
    global buf
    while True:
        pos, parts = 0, []
        while buf[pos:pos + 4] != b"\n##\n":
            m = chunk.match(buf, pos)
            if not m or len(buf) < m.end() + int(m.group(1)):
                return
            parts.append(buf[m.end():m.end() + int(m.group(1))])
            pos = m.end() + int(m.group(1))
        buf = buf[pos + 4:]
        msg = b"".join(parts).replace(b"<line>show security flow session",
                                      b"<line>show security flow session bogus")
        u.sendall(b"\n#%d\n" % len(msg) + msg + b"\n##\n")
while True:
    r, _, _ = select.select([u, c] if open_c else [u], [], [], 30)
    if not r:
        break
    if u in r:
        d = u.recv(65536)
        if not d:
            break
        c.sendall(d)
    if c in r:
        d = c.recv(65536)
        if not d:
            open_c = False
            u.shutdown(socket.SHUT_WR)
            continue
        buf += d
        if not hello:
            i = buf.find(b"]]>]]>")
            if i < 0:
                continue
            u.sendall(buf[:i + 6])
            buf, hello = buf[i + 6:], True
        frames()
c.close()
EOF
proxy_pid=$!
until_ok 10 test -S "$work/proxy.sock" || fail "proxy did not start"
expect "rpc-error" 1 timeout 30 "$FLOWCLI" -H "unix:$work/proxy.sock" \
    show security flow session brief
one_line "rpc-error message" "syntax error, expecting <command>: bogus"
wait $proxy_pid

# flowcli netconf: NETCONF 1.0 on stdin, through the relay, to the daemon.
cat >"$work/hello" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <capabilities>
    <capability>urn:ietf:params:netconf:base:1.0</capability>
  </capabilities>
</hello>]]>]]>
EOF
cat >"$work/rpc" <<'EOF'
<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="101">
  <get-flow-session-information
      xmlns="urn:flowagent:yang:flowagent-session">
    <resource-manager/><extensive/><format>text</format>
  </get-flow-session-information>
</rpc>]]>]]>
EOF
cat >"$work/bye" <<'EOF'
<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="102">
  <close-session/>
</rpc>]]>]]>
EOF
cat "$work/hello" "$work/rpc" "$work/bye" >"$work/relay.in"
expect "netconf relay" 0 timeout 30 "$FLOWCLI" netconf --socket "$sock" \
    <"$work/relay.in"
grep -q '<capability>urn:ietf:params:netconf:base:1.0</capability>' \
    "$work/expect.out" && pass "relay: the daemon's hello" ||
    fail "relay: no hello"
grep -q 'message-id="101"' "$work/expect.out" &&
    grep -q 'Session ID: 410000664, Status: Normal' "$work/expect.out" &&
    pass "relay: the reply to get-flow-session-information" ||
    fail "relay: no reply to get-flow-session-information"
grep -q 'message-id="102"' "$work/expect.out" &&
    grep -q '<ok/>' "$work/expect.out" &&
    pass "relay: the reply to close-session" || fail "relay: no <ok/>"
# End of input without <close-session>: the daemon still answers.
cat "$work/hello" "$work/rpc" >"$work/relay.in"
expect "netconf relay, input ends" 0 timeout 30 "$FLOWCLI" -H "$H" netconf \
    <"$work/relay.in"
grep -q 'message-id="101"' "$work/expect.out" &&
    pass "relay: answered before the end of input" ||
    fail "relay: no reply when input ends"
expect "netconf relay, daemon down" 1 "$FLOWCLI" netconf \
    --socket "$work/down.sock" </dev/null
one_line "netconf relay, daemon down message" \
    "cannot connect to unix:$work/down.sock: No such file or directory"
expect "netconf relay, ssh target" 2 "$FLOWCLI" -H ssh://h netconf </dev/null
expect "netconf relay, argument" 2 "$FLOWCLI" netconf extra </dev/null

# SSH.  HOME is the test's (netconf/lib.sh): keys, known_hosts are ours.
S="ssh://$NC_USER@127.0.0.1:$port"
cp "$NC_KEY" "$HOME/.ssh/id_ed25519"
cp "$NC_KEY.pub" "$HOME/.ssh/id_ed25519.pub"
"$FLOWCLI" render --view extensive --resource-manager "$sample" >"$work/want"
expect "ssh, key" 0 setsid -w "$FLOWCLI" -H "$S" \
    show security flow session resource-manager extensive
same "ssh, key: the text" "$work/want" "$work/expect.out"
one_line "ssh: a new host key is recorded" \
    "added the host key of 127.0.0.1 (SHA256:.*) to $HOME/.ssh/known_hosts"
grep -q "^\[127.0.0.1\]:$port " "$HOME/.ssh/known_hosts" &&
    pass "ssh: known_hosts has the key" || fail "ssh: known_hosts lacks the key"
expect "ssh, known host" 0 setsid -w "$FLOWCLI" -H "$S" \
    show security flow session resource-manager extensive
[ -s "$work/expect.err" ] && fail "ssh, known host: stderr not empty" ||
    pass "ssh, known host: no note"
expect "ssh, user from USER" 0 env USER="$NC_USER" setsid -w "$FLOWCLI" \
    -H "ssh://127.0.0.1:$port" show security flow session resource-manager \
    extensive
same "ssh, user from USER: the text" "$work/want" "$work/expect.out"

mkdir "$HOME/keys-away" && mv "$HOME/.ssh/id_ed25519"* "$HOME/keys-away/"
expect "ssh, password" 0 env FLOWCLI_PASSWORD="$NC_PASSWORD" setsid -w \
    "$FLOWCLI" -H "$S" show security flow session "| display json"
"$FLOWCLI" render --format json "$sample" >"$work/want"
same "ssh, password: the JSON" "$work/want" "$work/expect.out"
expect "ssh, wrong password" 1 env FLOWCLI_PASSWORD=wrong setsid -w \
    "$FLOWCLI" -H "$S" show security flow session
one_line "ssh, wrong password message" "$S: authentication refused"
expect "ssh, no password, no terminal" 1 setsid -w "$FLOWCLI" -H "$S" \
    show security flow session
one_line "ssh, no password message" "authentication refused: no terminal"
cp "$NC_KEY_OTHER" "$HOME/.ssh/id_ed25519"
cp "$NC_KEY_OTHER.pub" "$HOME/.ssh/id_ed25519.pub"
expect "ssh, someone else's key" 1 setsid -w "$FLOWCLI" -H "$S" \
    show security flow session
one_line "ssh, someone else's key message" "authentication refused"

# A host key that changed: refused, whatever the credentials.
cp "$HOME/keys-away/id_ed25519" "$HOME/keys-away/id_ed25519.pub" "$HOME/.ssh/"
cp "$HOME/.ssh/known_hosts" "$work/known_hosts.good"
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$NC_KEY_OTHER.pub")" \
    >"$HOME/.ssh/known_hosts"
expect "ssh, changed host key" 1 setsid -w "$FLOWCLI" -H "$S" \
    show security flow session
grep -q "differs from the one in $HOME/.ssh/known_hosts: refusing" \
    "$work/expect.err" && pass "ssh, changed host key message" ||
    { fail "ssh, changed host key message"; cat "$work/expect.err"; }
[ -s "$work/expect.out" ] && fail "ssh, changed host key: output" ||
    pass "ssh, changed host key: no output"
cp "$work/known_hosts.good" "$HOME/.ssh/known_hosts"

free=$(nc_free_port)
expect "ssh, nobody listening" 1 "$FLOWCLI" -H "ssh://u@127.0.0.1:$free" \
    show security flow session
one_line "ssh, nobody listening message" \
    "cannot connect to ssh://u@127.0.0.1:$free: Connection refused"

nc_alive main && pass "flowagentd survived" || fail "flowagentd died"
nc_stop main

# The product page, byte for byte: each view from the data it shows.
for view in default brief extensive summary; do
	level=$view
	[ $view = default ] && level=
	nc_start "product-$view" --source "file:$CASES/product-$view.xml"
	"$FLOWCLI" -H "unix:$NC_SOCK" show security flow session \
	    resource-manager $level >"$work/got" 2>&1
	same "product page: show ... resource-manager${level:+ $level}" \
	    "$CASES/product-$view.$view.txt" "$work/got"
	nc_stop "product-$view"
done
done_testing
