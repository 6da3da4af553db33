#!/usr/bin/python3
"""<get> and the operations over flowagentd's UNIX socket (python3-ncclient
over the socket), and what /netconf-state says about UNIX and SSH sessions.

usage: unix.py DATA.xml

The daemon serves DATA.xml (the built-in sample: examples/sample-sessions.xml).
"""
import os
import pwd
import sys

sys.path.append(sys.path.pop(0))
from nctest import (T, FAS, MON, env, connect, connect_unix, flowcli, to_ele,
                    reply_root, find_local, q, canon_ordered, junos_pics,
                    compare_with_file, yanglint_get, diff_text, pretty)
from lxml import etree

DATA = sys.argv[1]
FS = 'xmlns="%s"' % FAS


def sessions_state(m):
    d = m.get(filter=("xpath", ({"ncm": MON},
                                "/ncm:netconf-state/ncm:sessions"))).data_ele
    out = {}
    for s in d.iter("{%s}session" % MON):
        tr = s.findtext("{%s}transport" % MON) or ""
        out[s.findtext("{%s}session-id" % MON)] = {
            "user": s.findtext("{%s}username" % MON),
            "transport": tr.split(":")[-1]}
    return d, out


def main():
    try:
        m = connect_unix(env("NC_SOCK"))
    except Exception:
        T.exception("ncclient session over the UNIX socket")
        T.done()
    T.ok(m.connected and m.session_id, "hello over the UNIX socket, "
         "session-id %s" % m.session_id)
    caps = list(m.server_capabilities)
    T.ok("urn:ietf:params:netconf:base:1.1" in caps, "base:1.1 advertised")

    d = m.get().data_ele
    ok, msg = yanglint_get(d, "whole <get> over UNIX")
    T.ok(ok, "yanglint -t get: whole <get> over the UNIX socket", msg)
    fs = d.find(q("flow-sessions"))
    probs = compare_with_file(fs, junos_pics(DATA)) if fs is not None \
        else ["no flow-sessions"]
    T.ok(not probs, "whole <get>: the sample's 3 PICs and session "
         "410000664, every value", "\n".join(probs))

    d = m.get(filter=("subtree", "<flow-sessions %s><pic><session>"
                      "<session-identifier>410000664</session-identifier>"
                      "<policy/><timeout/></session></pic></flow-sessions>"
                      % FS)).data_ele
    s = d.findall(".//" + q("session"))
    T.ok(len(s) == 1 and
         [etree.QName(c).localname for c in s[0]] and
         sorted(etree.QName(c).localname for c in s[0]) ==
         ["policy", "session-identifier", "timeout"]
         and s[0].findtext(q("timeout")) == "1734",
         "subtree filter: session 410000664, policy and timeout only",
         pretty(d))

    for view in ("default", "extensive"):
        lv = "" if view == "default" else "<%s/>" % view
        r = m.dispatch(to_ele("<get-flow-session-information %s>"
                              "<resource-manager/>%s<format>text</format>"
                              "</get-flow-session-information>" % (FS, lv)))
        out = find_local(reply_root(r), "output")
        got = out.text if out is not None else None
        want = flowcli("render", "--view", view, "--resource-manager",
                       DATA).decode()
        T.ok(got == want, "text, resource-manager %s = flowcli render"
             % view, diff_text(want, got or ""))
    r = m.dispatch(to_ele("<get-flow-session-information %s><brief/>"
                          "</get-flow-session-information>" % FS))
    got = [canon_ordered(e) for e in reply_root(r) if isinstance(e.tag, str)]
    out = flowcli("render", "--format", "xml", "--bare", "--view", "brief",
                  DATA)
    want = [canon_ordered(e) for e in etree.fromstring(b"<r>" + out +
                                                       b"</r>")]
    T.ok(got == want, "XML, brief = flowcli render --format xml --bare")

    # Who is who: this UNIX session is the peer's uid, the SSH one the
    # login name.
    me = pwd.getpwuid(os.getuid()).pw_name
    ssh = connect(key=env("NC_KEY"))
    d, st = sessions_state(m)
    u = st.get(str(m.session_id), {})
    T.ok(u.get("user") == me, "/netconf-state: the UNIX session's user is "
         "%s (SO_PEERCRED)" % me, st)
    T.ok(u.get("transport") == "netconf-unix",
         "/netconf-state: the UNIX session's transport is netconf-unix", st)
    v = st.get(str(ssh.session_id), {})
    T.ok(v.get("user") == env("NC_USER") and
         v.get("transport") == "netconf-ssh",
         "/netconf-state: the SSH session's user %s, transport netconf-ssh"
         % env("NC_USER"), st)
    ok, msg = yanglint_get(d, "/netconf-state/sessions")
    T.ok(ok, "yanglint -t get: /netconf-state/sessions", msg)
    r = m.kill_session(str(ssh.session_id))
    T.ok(r.ok, "a UNIX session kills an SSH session")
    r = m.close_session()
    T.ok(r.ok, "close-session over the UNIX socket")


main()
T.done()
