#!/usr/bin/python3
"""Check an SNMP walk of FLOWAGENT-SESSION-MIB against the data it serves.

usage: check_walk.py WALK DATA.xml TEXT

WALK is the output of
    snmpbulkwalk -m '' -On -Oq -Ox -Ot -Oe AGENT .1.3.6.1.4.1.8072.9999.9999.7201
DATA.xml the Junos XML the agent loaded, TEXT the output of
    flowcli render --view default DATA.xml

The expected instances are worked out here, from the XML, independently of
the C code: every session and PIC must be there with every value, columns a
session lacks must be absent, and nothing else may be there.  Prints what
differs; exits 1 if anything does.
"""
import socket
import sys
import xml.etree.ElementTree as ET

ROOT = (1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 7201)
SCALARS = ROOT + (1, 1)
PICS = ROOT + (1, 2, 1)
SESSIONS = ROOT + (1, 3, 1)
PROTOS = {"icmp": 1, "igmp": 2, "ipip": 4, "tcp": 6, "egp": 8, "udp": 17,
          "rsvp": 46, "gre": 47, "esp": 50, "ah": 51, "icmp6": 58,
          "ospf": 89, "pim": 103, "sctp": 132}
STATES = {"Valid": 1, "Pending": 2, "Invalidated": 3}


def parse_walk(path):
    """OID tuple -> int or bytes."""
    values, cur, hexbuf = {}, None, None
    for line in open(path, encoding="latin-1"):
        line = line.rstrip("\n")
        if hexbuf is not None:
            done = line.endswith('"')
            hexbuf += line.rstrip('"').split()
            if done:
                values[cur] = bytes(int(h, 16) for h in hexbuf)
                hexbuf = None
            continue
        if not line.startswith("."):
            if line.strip():
                raise SystemExit("unexpected walk line: %r" % line)
            continue
        oid, _, val = line.partition(" ")
        if val.startswith("No more variables left"):
            continue            # the end of the user's view
        cur = tuple(int(x) for x in oid[1:].split("."))
        if val.startswith('"'):
            body = val[1:]
            if body.endswith('"') and (len(body) == 1 or body[-2] == " "):
                values[cur] = bytes(int(h, 16) for h in body[:-1].split())
            else:
                hexbuf = body.split()
        elif val == '""':
            values[cur] = b""
        else:
            values[cur] = int(val.split()[0])
    return values


def local(tag):
    return tag.rsplit("}", 1)[-1]


def text_of(el):
    return (el.text or "").strip("\r\n")


def leaves(el):
    return {local(c.tag): text_of(c) for c in el if len(c) == 0}


def addr(s):
    if s == "":
        return 0, b""
    try:
        return 1, socket.inet_pton(socket.AF_INET, s)
    except OSError:
        return 2, socket.inet_pton(socket.AF_INET6, s)


def id8(n):
    return int(n).to_bytes(8, "big")


def read_data(path):
    """[(fpc, pic, has_header, [session dicts])] by local names."""
    pics = {}
    for el in ET.parse(path).getroot().iter():
        if local(el.tag) != "flow-session-information":
            continue
        key, header = (0, 0), False
        sessions = []
        for c in el:
            name = local(c.tag)
            if name == "flow-fpc-pic-id":
                words = text_of(c).replace(":", "").split()
                key = (int(words[1][3:]), int(words[2][3:]))
                header = True
            elif name == "flow-session":
                s = leaves(c)
                s["wings"] = [leaves(w) for w in c
                              if local(w.tag) == "flow-information"]
                rm = [r for r in c
                      if local(r.tag) == "resource-manager-information"]
                s["rm"] = leaves(rm[0]) if rm else None
                sessions.append(s)
        entry = pics.setdefault(key, {"header": False, "sessions": {}})
        entry["header"] |= header
        for s in sessions:
            entry["sessions"][int(s["session-identifier"])] = s
    return pics


def paragraphs(path):
    """Session id -> its text paragraph from flowcli's default view."""
    out, cur = {}, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("Session ID: "):
            cur = int(line[12:].split(",")[0])
            out[cur] = line
        elif line == "\n" or line.startswith("Total sessions:") or \
                line.startswith("Flow Sessions"):
            cur = None
        elif cur is not None:
            out[cur] += line
    return out


def expected(pics, texts):
    exp = {}
    total = rm_total = 0
    for (fpc, pic), p in sorted(pics.items()):
        counts = [[0] * 4, [0] * 4]
        for sid, s in sorted(p["sessions"].items()):
            st = STATES.get(s.get("sess-state"), 4) \
                if "sess-state" in s else 4
            is_rm = s["rm"] is not None
            counts[0][st - 1] += 1
            if is_rm:
                counts[1][st - 1] += 1
            idx = (0, fpc, pic, sid >> 32, sid & 0xffffffff)

            def put(col, value):
                exp[SESSIONS + (col,) + idx] = value
            put(5, id8(sid))
            for col, name, kind in (
                    (6, "policy", "s"), (7, "configured-timeout", "n"),
                    (8, "timeout", "n"), (10, "sess-state", "s"),
                    (11, "status", "s"), (12, "session-flag", "s"),
                    (13, "nat-source-pool-name", "s"),
                    (14, "application-name", "s"),
                    (15, "application-value", "n"), (19, "start-time", "n"),
                    (20, "duration", "n")):
                if name in s:
                    put(col, s[name].encode() if kind == "s"
                        else int(s[name]))
            if "sess-state" in s:
                put(9, st)
            else:
                put(9, 4)
            if is_rm:
                for col, name, kind in ((16, "client-name", "s"),
                                        (17, "group-identifier", "n"),
                                        (18, "resource-identifier", "n")):
                    if name in s["rm"]:
                        put(col, s["rm"][name].encode() if kind == "s"
                            else int(s["rm"][name]))
            put(21, texts[sid].encode())
            for w, wing in enumerate(s["wings"]):
                base = 30 + 20 * w

                def wput(off, value):
                    put(base + off, value)
                if "source-address" in wing:
                    t, a = addr(wing["source-address"])
                    wput(0, t)
                    wput(1, a)
                if "destination-address" in wing:
                    wput(3, addr(wing["destination-address"])[1])
                if "gateway" in wing:
                    t, a = addr(wing["gateway"])
                    wput(10, t)
                    wput(11, a)
                if "protocol" in wing:
                    p_ = wing["protocol"]
                    wput(5, PROTOS[p_] if p_ in PROTOS else int(p_))
                if "interface-name" in wing:
                    wput(6, wing["interface-name"].encode())
                if "dcp-session-id" in wing:
                    wput(18, id8(wing["dcp-session-id"]))
                for off, name in ((2, "source-port"), (4, "destination-port"),
                                  (12, "tunnel-information"),
                                  (13, "port-sequence"), (14, "fin-sequence"),
                                  (15, "fin-state"), (16, "pkt-cnt"),
                                  (17, "byte-cnt")):
                    if name in wing:
                        wput(off, int(wing[name]))
                for off, name in ((7, "session-token"), (8, "flag"),
                                  (9, "route"), (19, "conn-tag")):
                    if name in wing:
                        wput(off, int(wing[name], 16))
        name = ("FPC%d PIC%d" % (fpc, pic)).encode() if p["header"] else b""
        # Outside a cluster: node 0, no node name.
        exp[PICS + (3, 0, fpc, pic)] = name
        for rm in (0, 1):
            for i in range(4):
                exp[PICS + (4 + 5 * rm + i, 0, fpc, pic)] = counts[rm][i]
            exp[PICS + (8 + 5 * rm, 0, fpc, pic)] = sum(counts[rm])
        exp[PICS + (14, 0, fpc, pic)] = 0
        exp[PICS + (16, 0, fpc, pic)] = b""
        total += sum(counts[0])
        rm_total += sum(counts[1])
    exp[SCALARS + (1, 0)] = total
    exp[SCALARS + (2, 0)] = 0
    exp[SCALARS + (4, 0)] = rm_total
    return exp


def main():
    walk = parse_walk(sys.argv[1])
    exp = expected(read_data(sys.argv[2]), paragraphs(sys.argv[3]))
    bad = 0
    for oid, value in sorted(exp.items()):
        if oid not in walk:
            print("missing", ".".join(map(str, oid)), repr(value))
            bad += 1
        elif walk[oid] != value:
            print("differs", ".".join(map(str, oid)), repr(walk[oid]),
                  "expected", repr(value))
            bad += 1
    for oid in sorted(walk):
        if oid[:len(ROOT)] == ROOT and oid not in exp and \
                oid != SCALARS + (3, 0):
            print("unexpected", ".".join(map(str, oid)), repr(walk[oid]))
            bad += 1
    if SCALARS + (3, 0) not in walk:
        print("missing flowLastChange.0")
        bad += 1
    print("%d instances checked, %d problems" % (len(exp), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
