# tests/netconf/lib.sh: flowagentd's NETCONF front end for one test
# (sourced after tests/lib.sh).  Everything lives in $work and goes when
# the test exits; the daemons listen on 127.0.0.1 only, on free ports.
#
#   nc_need_py MODULE DEBPKG   skip (77) unless /usr/bin/python3 has MODULE
#   nc_setup                   host key, user keys, password file,
#                              authorized keys (in $work/auth)
#   nc_start NAME [ARGS...]    start flowagentd -f with NETCONF over SSH on a
#                              free port and on a UNIX socket, plus ARGS;
#                              wait until both answer.  Sets NC_PORT,
#                              NC_SOCK, NC_PID, NC_LOG (for NAME)
#   nc_stop NAME               SIGTERM, wait; fails the test unless exit 0
#   nc_alive NAME              the daemon NAME is still running
#   nc_py SCRIPT [ARGS...]     run a Python check (it prints ok/not ok
#                              lines); its results count as this test's
#
# $FLOWAGENTD_WRAPPER, when set, is a command (valgrind ...) that runs the
# daemon (scripts/quickstart test); the daemon then has 120 s to start.
#
# On failure (a "not ok", or exit status other than 0 and 77) every daemon
# log is printed.

work=$(mktemp -d /tmp/flowagent-nc.XXXXXX) || exit 99
FLOWAGENTD=${FLOWAGENTD:-$(dirname "$FLOWCLI")/../agent/flowagentd}
SRCDIR=${SRCDIR:-$TESTDATA/..}
PY=/usr/bin/python3
NCDIR=$TESTDATA/netconf
CASES=$TESTDATA/conformance/cases
YUMA_IETF=/usr/share/yuma/modules/ietf
NC_USER=flowtest
NC_PASSWORD='fl0w-agent pass!'
_tmp=$work
nc_names=
export PYTHONDONTWRITEBYTECODE=1
# Nothing of the real home: no ssh agent, ~/.ssh, ~/.ssh/config.
mkdir -p "$work/home/.ssh" && chmod 700 "$work/home" "$work/home/.ssh"
export HOME="$work/home"
unset SSH_AUTH_SOCK

nc_cleanup() {
	_st=$1
	trap - EXIT INT TERM
	for _n in $nc_names; do
		eval "_p=\${nc_pid_$_n:-}"
		[ -n "$_p" ] && nc_kill "$_p"
	done
	if [ "$_st" != 0 ] && [ "$_st" != 77 ] || [ "${_fail:-0}" != 0 ]; then
		for _l in "$work"/*.log; do
			[ -f "$_l" ] || continue
			echo "---- $(basename "$_l") (last 150 lines)"
			tail -n 150 "$_l"
		done
	fi
	[ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
	exit "$_st"
}
trap 'nc_cleanup $?' EXIT
trap 'exit 99' INT TERM

# nc_kill PID: SIGTERM, and SIGKILL if that has not ended it in 15 s.
nc_kill() {
	kill -TERM "$1" 2>/dev/null || return 0
	_d=$(( $(date +%s) + 15 ))
	while kill -0 "$1" 2>/dev/null && [ "$(date +%s)" -lt "$_d" ]; do
		sleep 0.1
	done
	kill -KILL "$1" 2>/dev/null &&
	    echo "flowagentd $1: SIGKILL (still running 15 s after SIGTERM)"
	wait "$1" 2>/dev/null
}

if [ ! -x "$PY" ]; then
	echo "SKIP: /usr/bin/python3 is missing (Debian package python3)"
	exit 77
fi
if [ ! -x "$FLOWAGENTD" ]; then
	echo "flowagentd not built: $FLOWAGENTD"
	exit 99
fi


nc_need_py() {
	if ! "$PY" -c "import $1" 2>/dev/null; then
		echo "SKIP: /usr/bin/python3 cannot import $1 (Debian package $2)"
		exit 77
	fi
}

# A TCP port nobody listens on now (the kernel's choice).
nc_free_port() {
	"$PY" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# nc_keygen TYPE FILE: FILE (private, OpenSSH format) and FILE.pub.
# ssh-keygen when there is one; else python3-cryptography (a dependency of
# paramiko, so present wherever ncclient is).
nc_keygen() {
	if command -v ssh-keygen >/dev/null 2>&1 &&
	    [ -z "${NC_NO_SSH_KEYGEN:-}" ]; then
		case $1 in
		rsa) ssh-keygen -q -t rsa -b 2048 -N '' -C flowagent-test -f "$2" ;;
		*) ssh-keygen -q -t ed25519 -N '' -C flowagent-test -f "$2" ;;
		esac
	else
		"$PY" - "$1" "$2" <<'EOF'
import os, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
k = (rsa.generate_private_key(65537, 2048) if sys.argv[1] == "rsa"
     else ed25519.Ed25519PrivateKey.generate())
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, k.private_bytes(s.Encoding.PEM, s.PrivateFormat.OpenSSH,
                             s.NoEncryption()))
os.close(fd)
with open(sys.argv[2] + ".pub", "wb") as f:
    f.write(k.public_key().public_bytes(s.Encoding.OpenSSH,
                                        s.PublicFormat.OpenSSH)
            + b" flowagent-test\n")
EOF
	fi
}

# nc_crypt PASSWORD: a SHA-512 crypt(3) hash.
nc_crypt() {
	"$PY" -W ignore -c 'import crypt, sys
salt = crypt.mksalt(crypt.METHOD_SHA512)
print(crypt.crypt(sys.argv[1], salt))' "$1" 2>/dev/null ||
	    openssl passwd -6 "$1"
}

nc_setup() {
	mkdir -p "$work/auth" || exit 99
	nc_keygen ed25519 "$work/hostkey" || exit 99
	nc_keygen ed25519 "$work/id_user" || exit 99	# authorized
	nc_keygen rsa "$work/id_user_rsa" || exit 99	# authorized
	nc_keygen ed25519 "$work/id_other" || exit 99	# not authorized
	cat "$work/id_user.pub" "$work/id_user_rsa.pub" >"$work/auth/$NC_USER.keys"
	# Someone else's keys: must not let anyone in as $NC_USER.
	cp "$work/id_other.pub" "$work/auth/intruder.keys"
	_hash=$(nc_crypt "$NC_PASSWORD")
	case $_hash in
	'$6$'*) ;;
	*) echo "could not make a password hash"; exit 99 ;;
	esac
	printf '# test users\nnobodyhere:*\n%s:%s\n' "$NC_USER" "$_hash" \
	    >"$work/auth/passwords"
	chmod 600 "$work/auth/passwords" "$work/hostkey"
	export NC_USER NC_PASSWORD
	export NC_KEY="$work/id_user" NC_KEY_RSA="$work/id_user_rsa"
	export NC_KEY_OTHER="$work/id_other"
	export NC_WORK="$work" SRCDIR TESTDATA NCDIR CASES YUMA_IETF FLOWCLI
}

# nc_ready PORT SOCKET: the SSH server greets and the UNIX socket says
# <hello>: both front ends accept sessions.
nc_ready() {
	"$PY" - "$1" "$2" <<'EOF'
import socket, sys
def greets(family, addr, want):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect(addr)
        got = b""
        while want not in got and len(got) < 65536:
            b = s.recv(4096)
            if not b:
                break
            got += b
        return want in got
    except OSError:
        return False
    finally:
        s.close()
ok = greets(socket.AF_INET, ("127.0.0.1", int(sys.argv[1])), b"SSH-2.0-")
if ok and sys.argv[2]:
    ok = greets(socket.AF_UNIX, sys.argv[2], b"capabilities")
sys.exit(0 if ok else 1)
EOF
}

# nc_var NAME: NAME as part of a shell variable's name.
nc_var() {
	printf %s "$1" | tr -c 'A-Za-z0-9_' _
}

nc_start() {
	_name=$1
	_v=$(nc_var "$1")
	shift
	case " $nc_names " in *" $_v "*) ;; *) nc_names="$nc_names $_v" ;; esac
	NC_LOG=$work/$_name.log
	NC_SOCK=$work/$_name.sock
	for _try in 1 2 3 4 5; do
		NC_PORT=$(nc_free_port) || exit 99
		echo "== start $(date +%T) port $NC_PORT: $*" >>"$NC_LOG"
		# shellcheck disable=SC2086
		${FLOWAGENTD_WRAPPER:-} "$FLOWAGENTD" -f --no-snmp \
		    --yang-dir "$SRCDIR/yang" \
		    --netconf-ssh "127.0.0.1:$NC_PORT" --hostkey "$work/hostkey" \
		    --authorized-keys "$work/auth/%u.keys" \
		    --password-file "$work/auth/passwords" \
		    --netconf-unix "$NC_SOCK" "$@" >>"$NC_LOG" 2>&1 &
		NC_PID=$!
		_deadline=$(( $(date +%s) + ${FLOWAGENTD_WRAPPER:+1}20 ))
		while kill -0 "$NC_PID" 2>/dev/null; do
			if nc_ready "$NC_PORT" "$NC_SOCK" >/dev/null 2>&1; then
				eval "nc_pid_$_v=$NC_PID nc_port_$_v=$NC_PORT"
				export NC_PORT NC_SOCK
				return 0
			fi
			[ "$(date +%s)" -ge "$_deadline" ] && break
			sleep 0.1
		done
		kill "$NC_PID" 2>/dev/null
		wait "$NC_PID" 2>/dev/null
		# Lost a race for the port: try another one.
		grep -qi "in use" "$NC_LOG" || break
	done
	echo "flowagentd ($_name) did not start serving NETCONF; its log:"
	cat "$NC_LOG"
	eval "nc_pid_$_v="
	exit 99
}

nc_stop() {
	_v=$(nc_var "$1")
	eval "_p=\${nc_pid_$_v:-}"
	[ -n "$_p" ] || return 0
	kill -TERM "$_p" 2>/dev/null
	_d=$(( $(date +%s) + 15 ))
	while kill -0 "$_p" 2>/dev/null && [ "$(date +%s)" -lt "$_d" ]; do
		sleep 0.1
	done
	if kill -KILL "$_p" 2>/dev/null; then
		fail "flowagentd ($1) still running 15 s after SIGTERM"
	fi
	wait "$_p"
	_st=$?
	eval "nc_pid_$_v="
	[ "$_st" = 0 ] && pass "flowagentd ($1) exits 0 on SIGTERM" ||
	    fail "flowagentd ($1) exit status $_st on SIGTERM"
	[ ! -e "$work/$1.sock" ] && pass "flowagentd ($1) removed its socket" ||
	    fail "flowagentd ($1) left its UNIX socket behind"
	# Built with --enable-sanitizers: any report fails.
	if grep -q "Sanitizer\|runtime error:" "$work/$1.log"; then
		fail "flowagentd ($1): sanitizer report in its log"
	fi
}

# nc_alive NAME: the daemon is still running.
nc_alive() {
	_v=$(nc_var "$1")
	eval "_p=\${nc_pid_$_v:-}"
	[ -n "$_p" ] && kill -0 "$_p" 2>/dev/null
}

# nc_py SCRIPT [ARGS...]: SCRIPT prints "ok - ..."/"not ok - ..." lines;
# they count as this test's.  A script that dies, or hangs for 150 s,
# fails.
nc_py() {
	_script=$1
	shift
	timeout -k 5 150 "$PY" -u "$NCDIR/$_script" "$@" >"$work/py.out" 2>&1
	_st=$?
	cat "$work/py.out"
	_ok=$(grep -c '^ok ' "$work/py.out")
	_nok=$(grep -c '^not ok ' "$work/py.out")
	_pass=$((_pass + _ok))
	_fail=$((_fail + _nok))
	if [ "$_st" = 124 ] || [ "$_st" = 137 ]; then
		fail "$_script timed out"
	elif [ "$_st" != 0 ] && [ "$_nok" = 0 ]; then
		fail "$_script exited $_st"
	fi
}
