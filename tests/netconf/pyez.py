#!/usr/bin/python3
"""flowagentd through PyEZ (python3-junos-eznc), as a Junos user uses it.

usage: pyez.py DATA.xml EXTENSIVE.txt HOSTNAME

The daemon serves DATA.xml (the product page's data) with --hostname
HOSTNAME; EXTENSIVE.txt is the product page's text of 'show security flow
session resource-manager extensive'.
"""
import json
import sys
import warnings

sys.path.append(sys.path.pop(0))
from nctest import T, env, flowcli, HOST, canon_ordered, diff_text
from lxml import etree
from jnpr.junos import Device
from jnpr.junos.exception import ConnectAuthError, RpcError

DATA, EXTENSIVE, HOSTNAME = sys.argv[1:4]
with open(EXTENSIVE, encoding="utf-8") as f:
    PAGE = f.read()


def device(**kw):
    return Device(host=HOST, port=int(env("NC_PORT")), user=env("NC_USER"),
                  gather_facts=False, **kw)


def strip_ns(e):
    """The XML as PyEZ hands it over has no namespaces; flowcli's has."""
    e = etree.fromstring(etree.tostring(e))
    for x in e.iter():
        if isinstance(x.tag, str):
            x.tag = etree.QName(x).localname
            for k in list(x.attrib):
                v = x.attrib.pop(k)
                x.attrib[etree.QName(k).localname] = v
    return e


def logins():
    for label, kw in (("an RSA key", dict(ssh_private_key_file=env(
                          "NC_KEY_RSA"))),
                      ("an ed25519 key", dict(ssh_private_key_file=env(
                          "NC_KEY"))),
                      ("a password", dict(password=env("NC_PASSWORD")))):
        try:
            dev = device(**kw).open()
            T.ok(dev.connected, "Device(...).open() with " + label)
            dev.close()
        except Exception as e:
            T.ok(False, "Device(...).open() with " + label, repr(e))
    try:
        device(password=env("NC_PASSWORD") + "x").open()
        T.ok(False, "a wrong password raises ConnectAuthError", "logged in")
    except ConnectAuthError:
        T.ok(True, "a wrong password raises ConnectAuthError")
    except Exception as e:
        T.ok(False, "a wrong password raises ConnectAuthError", repr(e))
    try:
        device(ssh_private_key_file=env("NC_KEY_OTHER")).open()
        T.ok(False, "an unauthorized key raises ConnectAuthError",
             "logged in")
    except ConnectAuthError:
        T.ok(True, "an unauthorized key raises ConnectAuthError")
    except Exception as e:
        T.ok(False, "an unauthorized key raises ConnectAuthError", repr(e))


def xml_rpc(dev):
    rsp = dev.rpc.get_flow_session_information(resource_manager=True,
                                               extensive=True)
    T.ok(rsp is not None and rsp.tag == "flow-session-information",
         "get_flow_session_information(resource_manager=True, "
         "extensive=True) returns flow-session-information",
         etree.tostring(rsp)[:300] if rsp is not None else None)
    T.ok(rsp.findtext("flow-fpc-pic-id") == " on FPC10 PIC1:",
         "flow-fpc-pic-id ' on FPC10 PIC1:'", rsp.findtext("flow-fpc-pic-id"))
    s = rsp.find("flow-session")
    T.ok(s is not None and s.findtext("session-identifier") == "410000664"
         and s.findtext("policy") == "p1/4"
         and s.findtext("timeout") == "1682"
         and s.findtext("configured-timeout") == "1800"
         and s.findtext("sess-state") == "Valid"
         and s.findtext("encryption-traffic-name") == " Unknown",
         "session 410000664: policy, timeouts, state, encryption",
         etree.tostring(s)[:600] if s is not None else None)
    T.ok(s is not None and s.findtext(
        "resource-manager-information/client-name") == "FTP ALG",
        "resource-manager-information/client-name FTP ALG")
    wings = s.findall("flow-information") if s is not None else []
    T.ok([w.findtext("direction") for w in wings] == ["In", "Out"]
         and wings[1].findtext("source-address") == "60.0.0.2"
         and wings[1].findtext("byte-cnt") == "803",
         "two wings, Out from 60.0.0.2 with 803 bytes")
    reply = rsp.getparent()
    got = [canon_ordered(strip_ns(e)) for e in reply
           if isinstance(e.tag, str)]
    out = flowcli("render", "--format", "xml", "--bare", "--view",
                  "extensive", "--resource-manager", DATA)
    want = [canon_ordered(strip_ns(e))
            for e in etree.fromstring(b"<r>" + out + b"</r>")]
    T.ok(got == want, "the whole reply (3 PICs) = flowcli render --format "
         "xml --bare", etree.tostring(reply)[:1500])


def text_rpc(dev):
    rsp = dev.rpc.get_flow_session_information({"format": "text"},
                                               resource_manager=True,
                                               extensive=True)
    got = rsp.text if rsp is not None else None
    T.ok(rsp is not None and rsp.tag == "output" and got == PAGE,
         "{'format': 'text'}: the product page's text byte for byte",
         diff_text(PAGE, got or "") if got is not None else rsp)
    for view in ("brief", "summary"):
        rsp = dev.rpc.get_flow_session_information(
            {"format": "text"}, resource_manager=True, **{view: True})
        want = flowcli("render", "--view", view, "--resource-manager",
                       DATA).decode()
        T.ok(rsp is not None and rsp.text == want,
             "{'format': 'text'}, resource_manager, %s = flowcli" % view,
             diff_text(want, rsp.text or "") if rsp is not None else None)


def json_rpc(dev):
    try:
        got = dev.rpc.get_flow_session_information({"format": "json"},
                                                   resource_manager=True)
        want = json.loads(flowcli("render", "--format", "json",
                                  "--resource-manager", DATA))
        T.ok(isinstance(got, dict) and got == want,
             "{'format': 'json'} parses as JSON, = flowcli --format json",
             json.dumps(got)[:600])
    except Exception as e:
        T.ok(False, "{'format': 'json'} parses as JSON", repr(e))


def cli(dev):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = dev.cli("show security flow session resource-manager "
                      "extensive", format="text")
    T.ok(got == PAGE, "dev.cli('show security flow session "
         "resource-manager extensive'): the product page's text",
         diff_text(PAGE, got) if isinstance(got, str) else repr(got))
    hint = " ".join(str(x.message) for x in w)
    T.ok("rpc.get_flow_session_information(resource_manager=True, "
         "extensive=True)" in hint, "dev.cli's hint names the RPC "
         "(| display xml rpc works)", hint)
    rpc = dev.display_xml_rpc("show security flow session summary")
    T.ok(getattr(rpc, "tag", None) == "get-flow-session-information"
         and [c.tag for c in rpc] == ["summary"],
         "display_xml_rpc('show security flow session summary')",
         etree.tostring(rpc) if hasattr(rpc, "tag") else rpc)
    got = dev.cli("show security flow session summary", warning=False)
    want = flowcli("render", "--view", "summary", DATA).decode()
    T.ok(got == want, "dev.cli('show security flow session summary')",
         diff_text(want, got) if isinstance(got, str) else repr(got))
    got = dev.cli("show security flow session resource-manager",
                  format="xml", warning=False)
    T.ok(getattr(got, "tag", None) == "flow-session-information"
         and got.findtext("flow-session/session-identifier") == "410000664",
         "dev.cli(..., format='xml') returns the XML",
         etree.tostring(got)[:300] if hasattr(got, "tag") else got)


def facts(dev):
    f = dev.facts
    T.ok(f.get("hostname") == HOSTNAME, "facts: hostname %s" % HOSTNAME,
         f.get("hostname"))
    T.ok(bool(f.get("model")), "facts: model", f.get("model"))
    T.ok(bool(f.get("version")), "facts: version", f.get("version"))
    vi = f.get("version_info")
    T.ok(vi is not None and tuple(vi.major) >= (14, 2),
         "facts: version_info parses (JSON needs 14.2 or later)", vi)
    sw = dev.rpc.get_software_information()
    T.ok(sw is not None and sw.findtext("host-name") == HOSTNAME
         and sw.findtext("junos-version") == f.get("version"),
         "get_software_information: host-name, junos-version",
         etree.tostring(sw) if sw is not None else None)


def unknown_rpc(dev):
    try:
        dev.rpc.get_route_information()
        T.ok(False, "get_route_information() raises RpcError",
             "no error")
    except RpcError as e:
        T.ok(True, "get_route_information() raises RpcError (%s)"
             % (getattr(e, "message", "") or "").strip()[:80])
    except Exception as e:
        T.ok(False, "get_route_information() raises RpcError", repr(e))
    try:
        dev.rpc.get_flow_session_information(source_port="70000")
        T.ok(False, "source_port='70000' raises RpcError", "no error")
    except RpcError:
        T.ok(True, "source_port='70000' raises RpcError")
    except Exception as e:
        T.ok(False, "source_port='70000' raises RpcError", repr(e))
    got = dev.cli("show route", warning=False)
    T.ok(isinstance(got, str) and got.startswith("invalid command"),
         "dev.cli('show route'): invalid command", got)
    try:
        rsp = dev.rpc.get_flow_session_information({"format": "text"},
                                                   summary=True)
        T.ok(dev.connected and rsp is not None and "Total sessions" in
             (rsp.text or ""), "the session is usable after the errors")
    except Exception as e:
        T.ok(False, "the session is usable after the errors", repr(e))


def main():
    logins()
    try:
        dev = device(ssh_private_key_file=env("NC_KEY_RSA")).open()
    except Exception as e:
        T.ok(False, "Device.open()", repr(e))
        T.done()
    for fn in (xml_rpc, text_rpc, facts, json_rpc, cli, unknown_rpc):
        try:
            fn(dev)
        except Exception:
            T.exception(fn.__name__)
    dev.close()
    T.ok(not dev.connected, "dev.close()")
    # With a password, as many Junos users log in.
    try:
        with device(password=env("NC_PASSWORD")) as dev:
            rsp = dev.rpc.get_flow_session_information(
                {"format": "text"}, resource_manager=True, extensive=True)
            T.ok(rsp is not None and rsp.text == PAGE,
                 "logged in by password: the same text")
    except Exception as e:
        T.ok(False, "logged in by password", repr(e))


main()
T.done()
