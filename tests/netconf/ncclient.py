#!/usr/bin/python3
"""flowagentd's NETCONF server through python3-ncclient, over SSH.

usage: ncclient.py main DATA.xml
       ncclient.py product VIEW EXPECTED.txt

main: the daemon serves DATA.xml.  Logins (key, RSA key, password; wrong
key, wrong password, wrong user refused), capabilities, <get> (whole,
subtree and XPath filters: exactly the selected nodes come back, every
reply valid for the YANG modules by yanglint), the operations in XML,
text and JSON against flowcli on the same file, Junos-style requests,
get-schema, /netconf-state, malformed requests (the right rpc-error, the
session still usable), kill-session, close-session.

product: the daemon serves the product page's data for VIEW; the text of
'show security flow session resource-manager VIEW' must be the page's
byte for byte (EXPECTED.txt), whichever way it is asked.
"""
import json
import os
import sys
import time

# This file's directory goes last: its name must not hide the ncclient
# package.
sys.path.append(sys.path.pop(0))
from nctest import (T, FAS, FAJS, BASE, MON, YANGLIB, JUNOS, JUNOS_FLOW,
                    WITH_DEFAULTS, check, connect, flowcli, to_ele,
                    reply_root, lname, find_local, q, leaves, pic_key, canon,
                    canon_ordered, pretty, flow_sessions, junos_pics,
                    compare_with_file, yanglint_get, diff_text, env)
from lxml import etree
from ncclient.operations import RPCError
from ncclient.transport.errors import AuthenticationError, TransportError

# ------------------------------------------------------------------ helpers

FS_NS = 'xmlns="%s"' % FAS
LEVELS = ("brief", "extensive", "summary")


def rpc_xml(op, inputs, ns=FAS, attrs=""):
    """<op xmlns=ns attrs>inputs</op>; inputs: [(name, value or None)]."""
    body = "".join("<%s/>" % n if v is None else "<%s>%s</%s>" % (n, v, n)
                   for n, v in inputs)
    xmlns = ' xmlns="%s"' % ns if ns else ""
    return "<%s%s%s>%s</%s>" % (op, xmlns, attrs, body, op)


def flowcli_args(inputs):
    """flowcli render options for the same RPC inputs."""
    args = []
    for n, v in inputs:
        if n in LEVELS:
            args += ["--view", n]
        elif n == "format":
            continue
        elif v is None:
            args.append("--" + n)
        else:
            args += ["--" + n, v]
    return args


def output_text(reply):
    root = reply_root(reply)
    out = find_local(root, "output")
    return None if out is None else (out.text or "")


def junos_children(reply):
    """The elements directly in the rpc-reply (Junos XML replies)."""
    return [c for c in reply_root(reply) if isinstance(c.tag, str)]


def bare_xml(args, data):
    out = flowcli("render", "--format", "xml", "--bare", *args, data)
    return list(etree.fromstring(b"<r>" + out + b"</r>"))


def get_data(m, flt=None, **kw):
    r = m.get(filter=flt, **kw) if flt is not None else m.get(**kw)
    return r.data_ele


def valid(data, label):
    ok, msg = yanglint_get(data, label)
    T.ok(ok, "yanglint -t get: " + label, msg)


def still_usable(m, label):
    try:
        d = get_data(m, ("subtree", '<flow-sessions %s><pic><fpc-slot>0'
                         '</fpc-slot><pic-slot>0</pic-slot></pic>'
                         '</flow-sessions>' % FS_NS))
        fs = flow_sessions(d)
        T.ok(fs is not None and [pic_key(p) for p in fs.findall(q("pic"))]
             == [(0, 0)], "session usable after " + label,
             pretty(d))
    except Exception as e:
        T.ok(False, "session usable after " + label, repr(e))


def expect_error(m, label, send, tags):
    """send() must raise RPCError with an error-tag in tags; then the
    session must still answer."""
    try:
        r = send()
        T.ok(False, "%s: rpc-error" % label,
             "no error; reply:\n" + (r.xml if hasattr(r, "xml") else str(r)))
    except RPCError as e:
        T.ok(e.tag in tags, "%s: rpc-error %s" % (label, e.tag if e.tag in
                                                   tags else "|".join(tags)),
             "error-tag %r, type %r, message %r"
             % (e.tag, e.type, e.message))
    except Exception as e:
        T.ok(False, "%s: rpc-error" % label, "raised %r" % (e,))
    still_usable(m, label)


def subtree_case(m, label, flt, expected):
    """A subtree or XPath filter: the flow-sessions content must be
    exactly `expected` (an element built from the full reply)."""
    try:
        d = get_data(m, flt)
    except Exception as e:
        T.ok(False, label, repr(e))
        return
    valid(d, label)
    others = [lname(c) for c in d if isinstance(c.tag, str)
              and c.tag != q("flow-sessions")]
    T.ok(not others, label + ": nothing but flow-sessions", others)
    fs = flow_sessions(d)
    if expected is None:
        T.ok(fs is None or len(fs) == 0, label + ": no sessions",
             pretty(d))
        return
    T.ok(fs is not None and canon(fs) == canon(expected), label,
         "got:\n%s\nwant:\n%s" % (pretty(fs) if fs is not None else
                                  pretty(d), pretty(expected)))


def build(full_fs, pics):
    """flow-sessions with, for each (fpc, pic), either the whole PIC
    (value True) or its keys plus {session-id: spec}; a session spec is
    True (whole session) or (leaf names, [wing directions])."""
    out = etree.Element(q("flow-sessions"), nsmap={None: FAS})
    byk = {pic_key(p): p for p in full_fs.findall(q("pic"))}
    for pk, spec in pics.items():
        src = byk[pk]
        if spec is True:
            out.append(etree.fromstring(etree.tostring(src)))
            continue
        p = etree.SubElement(out, q("pic"))
        for k in ("node", "fpc-slot", "pic-slot"):
            etree.SubElement(p, q(k)).text = src.findtext(q(k))
        for sid, sspec in spec.items():
            s = next(s for s in src.findall(q("session"))
                     if int(s.findtext(q("session-identifier"))) == sid)
            if sspec is True:
                p.append(etree.fromstring(etree.tostring(s)))
                continue
            names, wings = sspec
            ns = etree.SubElement(p, q("session"))
            for n in ["session-identifier"] + list(names):
                etree.SubElement(ns, q(n)).text = s.findtext(q(n))
            for w in s.findall(q("flow-information")):
                if w.findtext(q("direction")) in wings:
                    ns.append(etree.fromstring(etree.tostring(w)))
    return out


# -------------------------------------------------------------- main mode

def logins():
    for label, kw in (("key (ed25519)", dict(key=env("NC_KEY"))),
                      ("key (RSA)", dict(key=env("NC_KEY_RSA"))),
                      ("password", dict(password=env("NC_PASSWORD")))):
        try:
            m = connect(**kw)
            ok = m.connected and m.session_id is not None
            T.ok(ok, "login by " + label)
            m.close_session()
        except Exception as e:
            T.ok(False, "login by " + label, repr(e))
    refused = (
        ("a key not authorized for the user", dict(key=env("NC_KEY_OTHER"))),
        ("a wrong password", dict(password=env("NC_PASSWORD") + "x")),
        ("an empty password", dict(password="")),
        ("the right password for another user",
         dict(password=env("NC_PASSWORD"), user="nobodyhere")),
        ("the user's key for another user",
         dict(key=env("NC_KEY"), user="intruder")),
    )
    for label, kw in refused:
        try:
            m = connect(timeout=15, **kw)
            T.ok(False, "refused: " + label, "logged in, session %s"
                 % m.session_id)
            m.close_session()
        except AuthenticationError:
            T.ok(True, "refused: " + label)
        except Exception as e:
            T.ok(False, "refused: " + label,
                 "not an authentication error: %r" % (e,))


@check("capabilities")
def capabilities(m):
    caps = list(m.server_capabilities)
    T.ok("urn:ietf:params:netconf:base:1.1" in caps, "base:1.1 advertised",
         caps)
    T.ok(any(c.startswith(WITH_DEFAULTS) for c in caps),
         "with-defaults advertised", caps)
    T.ok(any(c.startswith("urn:ietf:params:netconf:capability:xpath:1.0")
             for c in caps), ":xpath advertised (XPath filters work)", caps)
    T.ok(any("module=ietf-netconf-monitoring&" in c for c in caps),
         "module ietf-netconf-monitoring advertised", caps)
    # YANG 1.1 modules are not in the hello (RFC 7950, 5.6.4): the
    # yang-library capability, and the library lists them.
    T.ok(any(c.startswith("urn:ietf:params:netconf:capability:yang-library:")
             for c in caps), "yang-library capability advertised", caps)
    d = get_data(m, ("subtree", '<yang-library xmlns="%s"/>' % YANGLIB))
    valid(d, "<get> /yang-library")
    mods = {}
    for e in d.iter("{%s}module" % YANGLIB):
        mods[e.findtext("{%s}name" % YANGLIB)] = \
            e.findtext("{%s}revision" % YANGLIB)
    for mod, rev in (("flowagent-session", "2026-12-05"),
                     ("flowagent-junos", "2026-11-26")):
        T.ok(mods.get(mod) == rev,
             "/yang-library: %s@%s implemented" % (mod, rev), mods)
    wd = [c for c in caps if c.startswith(WITH_DEFAULTS)]
    if wd:
        T.ok("basic-mode=" in wd[0], "with-defaults has a basic-mode", wd)


def whole_get(m, pics):
    d = get_data(m)
    valid(d, "whole <get>")
    fs = d.find(q("flow-sessions"))
    T.ok(fs is not None, "whole <get> has flow-sessions", pretty(d))
    if fs is None:
        return None
    problems = compare_with_file(fs, pics)
    T.ok(not problems, "whole <get>: every PIC, session, wing and value of "
         "the file, nothing else", "\n".join(problems))
    T.ok(d.find("{%s}netconf-state" % MON) is not None,
         "whole <get> has /netconf-state")
    # The broken-reply check: yanglint must catch a bad reply.
    bad = etree.fromstring(etree.tostring(d))
    s = bad.find(".//" + q("session"))
    etree.SubElement(s, q("no-such-leaf")).text = "1"
    ok, _ = yanglint_get(bad, "broken: unknown leaf")
    T.ok(not ok, "yanglint rejects a reply with an unknown leaf")
    bad = etree.fromstring(etree.tostring(d))
    bad.find(".//" + q("source-port")).text = "70000"
    ok, _ = yanglint_get(bad, "broken: bad port")
    T.ok(not ok, "yanglint rejects a reply with source-port 70000")
    bad = etree.fromstring(etree.tostring(d))
    s = bad.find(".//" + q("session"))
    s.getparent().append(etree.fromstring(etree.tostring(s)))
    ok, _ = yanglint_get(bad, "broken: duplicate session")
    T.ok(not ok, "a reply with a duplicate session is rejected")
    # With-defaults: asked for explicitly, the same data.
    try:
        d2 = get_data(m, ("subtree", "<flow-sessions %s/>" % FS_NS),
                      with_defaults="report-all")
        valid(d2, "<get> with-defaults report-all")
        T.ok(canon(d2.find(q("flow-sessions"))) == canon(fs),
             "with-defaults report-all: the same sessions")
    except Exception as e:
        T.ok(False, "<get> with with-defaults report-all", repr(e))
    return fs


def filters(m, fs):
    def st(x):
        return ("subtree", "<flow-sessions %s>%s</flow-sessions>"
                % (FS_NS, x))

    def xp(x):
        return ("xpath", ({"fas": FAS}, x))

    allp = {pic_key(p): True for p in fs.findall(q("pic"))}
    cases = [
        ("subtree: the flow-sessions container", st(""), build(fs, allp)),
        ("subtree: one PIC by its keys",
         st("<pic><fpc-slot>1</fpc-slot><pic-slot>0</pic-slot></pic>"),
         build(fs, {(1, 0): True})),
        ("subtree: PICs by fpc-slot only",
         st("<pic><fpc-slot>10</fpc-slot></pic>"),
         build(fs, {(10, 1): True, (10, 2): True, (10, 3): True})),
        ("subtree: an empty PIC",
         st("<pic><fpc-slot>0</fpc-slot><pic-slot>1</pic-slot></pic>"),
         build(fs, {(0, 1): True})),
        ("subtree: a session by identifier (two PICs have 100)",
         st("<pic><session><session-identifier>100</session-identifier>"
            "</session></pic>"),
         build(fs, {(2, 0): {100: True}, (3, 1): {100: True}})),
        ("subtree: a session by PIC and identifier",
         st("<pic><fpc-slot>3</fpc-slot><pic-slot>1</pic-slot><session>"
            "<session-identifier>100</session-identifier></session></pic>"),
         build(fs, {(3, 1): {100: True}})),
        ("subtree: a 64-bit identifier",
         st("<pic><session><session-identifier>18446744073709551615"
            "</session-identifier></session></pic>"),
         build(fs, {(3, 0): {18446744073709551615: True}})),
        ("subtree: a wing by source-address",
         st("<pic><session><flow-information><source-address>192.0.2.20"
            "</source-address></flow-information></session></pic>"),
         build(fs, {(2, 0): {101: ((), ["In"])}})),
        ("subtree: a wing by IPv6 source-address",
         st("<pic><session><flow-information><source-address>"
            "2001:db8:200::2</source-address></flow-information></session>"
            "</pic>"),
         build(fs, {(0, 2): {20000753: ((), ["Out"])}})),
        ("subtree: sessions by policy",
         st("<pic><session><policy>voice/7</policy></session></pic>"),
         build(fs, {(2, 0): {101: True}})),
        ("subtree: selection of two leaves of every session",
         st("<pic><session><session-identifier/><policy/></session></pic>"),
         build(fs, {pk: {int(s.findtext(q("session-identifier"))):
                         (["policy"], []) for s in p.findall(q("session"))}
                    for pk, p in ((pic_key(p), p)
                                  for p in fs.findall(q("pic")))
                    if p.findall(q("session"))})),
        ("subtree: content match and selection together",
         st("<pic><fpc-slot>1</fpc-slot><pic-slot>0</pic-slot><session>"
            "<sess-state>Invalidated</sess-state><timeout/></session>"
            "</pic>"),
         build(fs, {(1, 0): {20000002: (["sess-state", "timeout"], [])}})),
        ("subtree: nothing matches",
         st("<pic><fpc-slot>99</fpc-slot></pic>"), None),
        ("xpath: a session by identifier",
         xp('/fas:flow-sessions/fas:pic/fas:session'
            '[fas:session-identifier="20000003"]'),
         build(fs, {(1, 0): {20000003: True}})),
        ("xpath: a PIC by its keys",
         xp('/fas:flow-sessions/fas:pic[fas:fpc-slot="10"]'
            '[fas:pic-slot="1"]'),
         build(fs, {(10, 1): True})),
        ("xpath: wings by protocol",
         xp('/fas:flow-sessions/fas:pic/fas:session/fas:flow-information'
            '[fas:protocol="icmp"]'),
         build(fs, {(2, 0): {102: ((), ["In", "Out"])}})),
        ("xpath: one leaf of a session",
         xp('/fas:flow-sessions/fas:pic/fas:session'
            '[fas:session-identifier="18446744073709551615"]/fas:policy'),
         build(fs, {(3, 0): {18446744073709551615: (["policy"], [])}})),
        ("xpath: sessions of the resource manager",
         xp('//fas:session[fas:resource-manager-information]'),
         build(fs, {(1, 0): {20000003: True}, (2, 0): {101: True},
                    (10, 1): {410000664: True}})),
        ("xpath: nothing matches",
         xp('/fas:flow-sessions/fas:pic[fas:fpc-slot="99"]'), None),
    ]
    for label, flt, want in cases:
        subtree_case(m, label, flt, want)


@check("/netconf-state and get-schema")
def monitoring(m):
    d = get_data(m, ("subtree", '<netconf-state xmlns="%s"><schemas/>'
                     '</netconf-state>' % MON))
    valid(d, "<get> /netconf-state/schemas")
    ids = [s.findtext("{%s}identifier" % MON)
           for s in d.iter("{%s}schema" % MON)]
    for mod in ("flowagent-session", "flowagent-junos"):
        T.ok(mod in ids, "/netconf-state/schemas lists " + mod, ids)
    T.ok(d.find(q("flow-sessions")) is None,
         "the /netconf-state filter returns no flow sessions")
    d = get_data(m, ("xpath", ({"ncm": MON},
                               "/ncm:netconf-state/ncm:sessions")))
    valid(d, "<get> /netconf-state/sessions")
    sids = [s.findtext("{%s}session-id" % MON)
            for s in d.iter("{%s}session" % MON)]
    T.ok(str(m.session_id) in sids,
         "/netconf-state/sessions lists this session", sids)
    r = m.get_schema("flowagent-session")
    text = r.data
    T.ok(text is not None and "module flowagent-session" in text
         and 'namespace "%s"' % FAS in text,
         "get-schema flowagent-session returns the module",
         (text or "")[:300])
    if text:
        sdir = os.path.join(env("NC_WORK"), "schema")
        os.makedirs(sdir, exist_ok=True)
        path = os.path.join(sdir, "flowagent-session.yang")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        import subprocess
        r2 = subprocess.run(["yanglint", "-D", "-p", sdir, "-p",
                             env("YUMA_IETF"), path],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        T.ok(r2.returncode == 0, "the returned module parses (yanglint)",
             r2.stdout.decode())
        T.ok("rpc get-flow-session-information" in text and
             "container flow-sessions" in text,
             "the returned module has the operations and the state")
    r = m.get_schema("flowagent-junos", version="2026-11-26")
    T.ok(r.data is not None and "module flowagent-junos" in r.data,
         "get-schema flowagent-junos@2026-11-26")
    expect_error(m, "get-schema of an unknown module",
                 lambda: m.get_schema("no-such-module"),
                 ("invalid-value",))


def operations(m, data):
    """get-flow-session-information in every format, against flowcli."""
    combos = [
        [("resource-manager", None), ("extensive", None)],
        [("resource-manager", None)],
        [("resource-manager", None), ("brief", None)],
        [("resource-manager", None), ("summary", None)],
        [],
        [("summary", None)],
        [("brief", None), ("protocol", "icmp")],
        [("source-prefix", "192.0.2.0/28"), ("destination-port", "443")],
        [("extensive", None), ("source-prefix", "2001:db8:100::/48")],
        [("application", "junos-ftp")],
        [("interface", "xe-1/0/1.0"), ("brief", None)],
        [("start-identifier", "101"), ("count", "1")],
    ]
    for inputs in combos:
        args = flowcli_args(inputs)
        label = " ".join(args) or "(no inputs)"
        try:
            r = m.dispatch(to_ele(rpc_xml("get-flow-session-information",
                                          inputs + [("format", "text")])))
            got = output_text(r)
            want = flowcli("render", *args, data).decode()
            T.ok(got == want, "text %s = flowcli render" % label,
                 diff_text(want, got or "") if got is not None else r.xml)
        except Exception as e:
            T.ok(False, "text " + label, repr(e))
        try:
            r = m.dispatch(to_ele(rpc_xml("get-flow-session-information",
                                          inputs)))
            got = junos_children(r)
            want = bare_xml(args, data)
            T.ok([canon_ordered(e) for e in got] ==
                 [canon_ordered(e) for e in want],
                 "xml %s = flowcli render --format xml --bare" % label,
                 "got:\n%s\nwant:\n%s" % ("".join(pretty(e) for e in got),
                                          "".join(pretty(e) for e in want)))
        except Exception as e:
            T.ok(False, "xml " + label, repr(e))
        try:
            r = m.dispatch(to_ele(rpc_xml("get-flow-session-information",
                                          inputs + [("format", "json")])))
            root = reply_root(r)
            got = json.loads(root.text or "")
            want = json.loads(flowcli("render", "--format", "json", *args,
                                      data))
            T.ok(got == want, "json %s = flowcli render --format json"
                 % label, json.dumps(got)[:500])
        except Exception as e:
            T.ok(False, "json " + label, repr(e))


@check("resource-manager extensive, XML fields")
def rm_extensive_fields(m):
    r = m.dispatch(to_ele(rpc_xml("get-flow-session-information",
                                  [("resource-manager", None),
                                   ("extensive", None)])))
    root = reply_root(r)
    fsi = root.findall("{%s}flow-session-information" % JUNOS_FLOW)
    T.ok(len(fsi) >= 1, "XML reply: flow-session-information in the "
         "junos-flow namespace directly in rpc-reply", r.xml[:800])
    sess = {}
    for s in root.iter("{%s}flow-session" % JUNOS_FLOW):
        sess[s.findtext("{%s}session-identifier" % JUNOS_FLOW)] = s
    T.ok(sorted(sess) == ["101", "20000003", "410000664"],
         "resource-manager sessions: 20000003, 101, 410000664",
         sorted(sess))
    s = sess.get("410000664")
    if s is None:
        return
    f = {lname(c): c.text for c in s if len(c) == 0}
    T.ok(f.get("policy") == "p1/4" and f.get("timeout") == "1682"
         and f.get("configured-timeout") == "1800"
         and f.get("application-name") == "junos-ftp"
         and f.get("session-flag") == "0x42/0x0/0x2010103",
         "410000664: policy, timeouts, application, flags", f)
    T.ok(s.get("{%s}style" % JUNOS) == "extensive",
         'flow-session junos:style="extensive"', s.attrib)
    rm = s.find("{%s}resource-manager-information" % JUNOS_FLOW)
    T.ok(rm is not None and leaves(rm) == {"client-name": "FTP ALG",
                                           "group-identifier": "1",
                                           "resource-identifier": "0"},
         "410000664: resource-manager-information FTP ALG, 1, 0",
         leaves(rm) if rm is not None else None)
    w = {x.findtext("{%s}direction" % JUNOS_FLOW): leaves(x)
         for x in s.findall("{%s}flow-information" % JUNOS_FLOW)}
    T.ok(sorted(w) == ["In", "Out"], "410000664: two wings", sorted(w))
    i = w.get("In", {})
    T.ok(i.get("source-address") == "200.0.0.10"
         and i.get("source-port") == "41047"
         and i.get("destination-address") == "60.0.0.2"
         and i.get("destination-port") == "21"
         and i.get("protocol") == "tcp"
         and i.get("interface-name") == "ge-7/1/0.0"
         and i.get("session-token") == "0x6"
         and i.get("pkt-cnt") == "13" and i.get("byte-cnt") == "586"
         and i.get("dcp-session-id") == "410001274",
         "410000664 In wing fields", i)


@check("get-flow-session-by-identifier")
def by_identifier(m, data):
    r = m.dispatch(to_ele(rpc_xml("get-flow-session-by-identifier",
                                  [("session-identifier", "101"),
                                   ("format", "text")])))
    want = flowcli("render", "--view", "extensive", "--session-identifier",
                   "101", data).decode()
    got = output_text(r)
    T.ok(got == want, "get-flow-session-by-identifier 101, text = flowcli "
         "render --view extensive --session-identifier 101",
         diff_text(want, got or ""))
    r = m.dispatch(to_ele(rpc_xml("get-flow-session-by-identifier",
                                  [("session-identifier", "20000003")])))
    ids = [e.text for e in reply_root(r).iter(
        "{%s}session-identifier" % JUNOS_FLOW)]
    T.ok(ids == ["20000003"], "get-flow-session-by-identifier 20000003, "
         "XML: that session only", r.xml[:1500])
    r = m.dispatch(to_ele(rpc_xml("get-flow-session-by-identifier",
                                  [("session-identifier", "20000003"),
                                   ("brief", None), ("format", "text")])))
    want = flowcli("render", "--view", "brief", "--session-identifier",
                   "20000003", data).decode()
    got = output_text(r)
    T.ok(got == want, "get-flow-session-by-identifier 20000003 brief, text",
         diff_text(want, got or ""))


@check("Junos-style requests")
def junos_style(m, data):
    want = flowcli("render", "--view", "extensive", "--resource-manager",
                   data).decode()
    r = m.dispatch(to_ele('<get-flow-session-information format="text">'
                          '<resource-manager/><extensive/>'
                          '</get-flow-session-information>'))
    got = output_text(r)
    T.ok(got == want, 'no namespace, format="text" attribute',
         diff_text(want, got or ""))
    r = m.dispatch(to_ele('<command format="text">show security flow '
                          'session resource-manager extensive</command>'))
    got = output_text(r)
    T.ok(got == want, "<command> show security flow session "
         "resource-manager extensive", diff_text(want, got or ""))
    r = m.dispatch(to_ele('<get-flow-session-information>'
                          '<resource-manager/><summary/>'
                          '</get-flow-session-information>'))
    got = junos_children(r)
    want_x = bare_xml(["--view", "summary", "--resource-manager"], data)
    T.ok([canon_ordered(e) for e in got] ==
         [canon_ordered(e) for e in want_x],
         "no namespace, XML: resource-manager summary", r.xml[:1500])
    r = m.dispatch(to_ele("<get-software-information/>"))
    si = find_local(reply_root(r), "software-information")
    f = leaves(si) if si is not None else {}
    T.ok(f.get("host-name") and f.get("product-model")
         and f.get("junos-version"),
         "get-software-information: host-name, product-model, "
         "junos-version", r.xml[:1000])
    r = m.dispatch(to_ele('<get-software-information xmlns="%s"/>' % FAJS))
    T.ok(find_local(reply_root(r), "host-name") is not None,
         "get-software-information in the flowagent-junos namespace",
         r.xml[:1000])


def malformed(m):
    gfsi = "get-flow-session-information"
    cases = [
        ("an unknown element in the operation",
         lambda: m.dispatch(to_ele(rpc_xml(gfsi, [("resource-manager", None),
                                                  ("frobnicate", None)]))),
         ("unknown-element",)),
        ("source-port 70000",
         lambda: m.dispatch(to_ele(rpc_xml(gfsi, [("source-port",
                                                   "70000")]))),
         ("invalid-value",)),
        ("source-prefix 300.0.0.1/8",
         lambda: m.dispatch(to_ele(rpc_xml(gfsi, [("source-prefix",
                                                   "300.0.0.1/8")]))),
         ("invalid-value",)),
        ("format yaml",
         lambda: m.dispatch(to_ele(rpc_xml(gfsi, [("format", "yaml")]))),
         ("invalid-value",)),
        ("two levels (brief and extensive)",
         lambda: m.dispatch(to_ele(rpc_xml(gfsi, [("brief", None),
                                                  ("extensive", None)]))),
         ("bad-element",)),
        ("get-flow-session-by-identifier without session-identifier",
         lambda: m.dispatch(to_ele(rpc_xml("get-flow-session-by-identifier",
                                           [("extensive", None)]))),
         ("missing-element",)),
        ("an unknown operation of flowagent-session",
         lambda: m.dispatch(to_ele('<frobnicate %s/>' % FS_NS)),
         ("operation-not-supported", "unknown-element")),
        ("an operation in an unknown namespace",
         lambda: m.dispatch(to_ele('<frobnicate xmlns="urn:example:nope"/>')),
         ("operation-not-supported", "unknown-element",
          "unknown-namespace")),
        ("an undeclared prefix in an XPath filter",
         lambda: m.get(filter=("xpath", ({}, "/nope:flow-sessions"))),
         ("invalid-value", "bad-attribute", "unknown-namespace")),
        ("an XPath filter in an unknown namespace",
         lambda: m.get(filter=("xpath", ({"x": "urn:example:nope"},
                                         "/x:flow-sessions"))),
         ("invalid-value", "bad-attribute", "unknown-namespace")),
        ("an XPath syntax error",
         lambda: m.get(filter=("xpath", ({"fas": FAS},
                                         "/fas:flow-sessions/fas:pic["))),
         ("invalid-value", "bad-attribute")),
        ("an XPath filter without select",
         lambda: m.dispatch(to_ele('<get xmlns="%s"><filter type="xpath"/>'
                                   '</get>' % BASE)),
         ("missing-attribute", "bad-attribute", "invalid-value")),
        ("a filter of an unknown type",
         lambda: m.dispatch(to_ele('<get xmlns="%s"><filter type="regexp">'
                                   '<flow-sessions %s/></filter></get>'
                                   % (BASE, FS_NS))),
         ("bad-attribute", "invalid-value")),
        ("a subtree filter that is bare text",
         lambda: m.dispatch(to_ele('<get xmlns="%s"><filter type="subtree">'
                                   'flow-sessions</filter></get>' % BASE)),
         ("invalid-value", "bad-element", "malformed-message",
          "unknown-element")),
        ("an unknown element in <get>",
         lambda: m.dispatch(to_ele('<get xmlns="%s"><frobnicate/></get>'
                                   % BASE)),
         ("unknown-element",)),
        ("kill-session of a session that does not exist",
         lambda: m.kill_session("4000000000"),
         ("invalid-value", "operation-failed")),
        ("kill-session of the session itself",
         lambda: m.kill_session(str(m.session_id)),
         ("invalid-value",)),
    ]
    for label, send, tags in cases:
        expect_error(m, label, send, tags)


def kill_and_close():
    try:
        a = connect(key=env("NC_KEY"))
        b = connect(password=env("NC_PASSWORD"))
        bid = b.session_id
        T.ok(a.session_id != bid, "two sessions, two session-ids",
             (a.session_id, bid))
        r = a.kill_session(str(bid))
        T.ok(r.ok, "kill-session of the other session: <ok/>", r.xml)
        dead = False
        deadline = time.time() + 10
        while time.time() < deadline:
            if not b.connected:
                dead = True
                break
            try:
                b.get(filter=("subtree", "<flow-sessions %s/>" % FS_NS))
            except (TransportError, Exception):
                dead = True
                break
            time.sleep(0.2)
        T.ok(dead, "the killed session is gone")
        still_usable(a, "kill-session")
        d = get_data(a, ("xpath", ({"ncm": MON},
                                   "/ncm:netconf-state/ncm:sessions")))
        sids = [s.findtext("{%s}session-id" % MON)
                for s in d.iter("{%s}session" % MON)]
        T.ok(str(bid) not in sids, "/netconf-state no longer lists it",
             sids)
        r = a.close_session()
        T.ok(r.ok, "close-session: <ok/>", r.xml)
        deadline = time.time() + 10
        while a.connected and time.time() < deadline:
            time.sleep(0.1)
        T.ok(not a.connected, "the server closes the transport after "
             "close-session")
    except Exception:
        T.exception("kill-session and close-session")


def main_mode(data):
    pics = junos_pics(data)
    logins()
    try:
        m = connect(key=env("NC_KEY"))
    except Exception:
        T.exception("connect by key")
        T.done()
    capabilities(m)
    fs = None
    try:
        fs = whole_get(m, pics)
    except Exception:
        T.exception("whole <get>")
    if fs is not None:
        try:
            filters(m, fs)
        except Exception:
            T.exception("filters")
    monitoring(m)
    try:
        operations(m, data)
    except Exception:
        T.exception("operations")
    rm_extensive_fields(m)
    by_identifier(m, data)
    junos_style(m, data)
    malformed(m)
    try:
        m.close_session()
    except Exception:
        T.exception("close-session")
    kill_and_close()


# ----------------------------------------------------------- product mode

def product_mode(view, expected_path):
    with open(expected_path, encoding="utf-8") as f:
        want = f.read()
    page = "the product page's resource-manager %s" % view
    level = [] if view == "default" else [(view, None)]
    try:
        m = connect(password=env("NC_PASSWORD"))
    except Exception:
        T.exception("connect by password")
        T.done()
    asks = [
        ("<format>text</format>",
         rpc_xml("get-flow-session-information",
                 [("resource-manager", None)] + level + [("format", "text")])),
        ('Junos style, format="text"',
         rpc_xml("get-flow-session-information",
                 [("resource-manager", None)] + level, ns=None,
                 attrs=' format="text"')),
        ("<command>",
         '<command format="text">show security flow session '
         'resource-manager%s</command>'
         % ("" if view == "default" else " " + view)),
    ]
    for label, xml in asks:
        try:
            got = output_text(m.dispatch(to_ele(xml)))
            T.ok(got == want, "%s: text is %s, byte for byte" % (label, page),
                 diff_text(want, got) if got is not None else "no <output>")
        except Exception as e:
            T.ok(False, "%s: %s" % (label, page), repr(e))
    m.close_session()


if __name__ == "__main__":
    if sys.argv[1] == "main":
        main_mode(sys.argv[2])
    elif sys.argv[1] == "product":
        product_mode(sys.argv[2], sys.argv[3])
    T.done()
