#!/bin/sh
# The manual pages: each renders without a warning (groff -ww), man(1)
# formats it, and flowagentd.conf(5) describes every configuration key.
. "${TESTDATA:-$(dirname "$0")/..}/lib.sh"
work=$(mktemp -d)
_tmp=$work
trap 'rm -rf "$work"' EXIT
doc=${SRCDIR:-$TESTDATA/..}/doc

if ! command -v groff >/dev/null 2>&1; then
	echo "SKIP: no groff"
	exit 77
fi
for page in "$doc"/*.[1-9]; do
	name=${page##*/}
	# mdoc pages start with .Dd; the others are man(7).
	if grep -q '^\.Dd' "$page"; then macros=-mdoc; else macros=-mandoc; fi
	LC_ALL=C.UTF-8 groff -ww -z $macros "$page" >"$work/out" 2>&1
	if [ -s "$work/out" ]; then
		fail "$name renders without warnings"
		cat "$work/out"
	else
		pass "$name renders without warnings"
	fi
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=80 man -l "$page" >"$work/man" 2>"$work/err" &&
		    [ -s "$work/man" ] && ! [ -s "$work/err" ] &&
		    pass "man -l $name" || { fail "man -l $name"; cat "$work/err"; }
	fi
done

# flowagentd.conf(5) has an entry for every key flowagentd accepts.
if [ -n "${FLOWAGENTD:-}" ]; then
	missing=
	for o in $("$FLOWAGENTD" --help |
	    sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}--\([a-z-]*\).*/\2/p' |
	    grep -v -x -e foreground -e config -e check -e help -e version); do
		grep -q "^\.It Ic ${o#no-}\( \|$\)" "$doc/flowagentd.conf.5" ||
		    missing="$missing ${o#no-}"
	done
	[ -z "$missing" ] && pass "flowagentd.conf(5) lists every key" ||
	    fail "flowagentd.conf(5) misses:$missing"
fi
done_testing
