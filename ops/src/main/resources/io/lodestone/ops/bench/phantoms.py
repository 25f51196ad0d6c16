#!/usr/bin/env python3
"""Phantom swarms for the crawl benchmark: internet conditions on loopback.

Announces info-hashes into a loopback DHT the way real peers do (get_peers for a token, then
announce_peer, from the phantom peer's own 127.x.y.z address to the closest nodes), for peers
that are not really there: their SYNs are dropped, their connects refused, or they accept and
stay silent, answer the BitTorrent handshake and then nothing, trickle, or serve metadata that
does not hash right. Also: hashes nobody serves (asked for with get_peers only) and DHT nodes
that never answer or answer late. Counts every dial (TCP SYN) to a phantom address by sniffing
the loopback interface, so a crawler's dial discipline is measured from the outside.

SYN dropping and refusing need iptables rules on the address ranges below; the caller sets
them up inside a private network namespace (see --print-ranges). All traffic stays on
127.0.0.0/8. Runs until stdin closes or --duration passes. Reads JSON commands on stdin:
  {"cmd": "farm", "nodes": ["127.0.0.1:7000", ...]}  ask the farm for the no-peer hashes
  {"cmd": "report"}                                    print the dial counts
Prints JSON lines: {"ready": true, ...} once announced, then one line per command.
"""

import argparse
import hashlib
import ipaddress
import json
import os
import random
import select
import socket
import struct
import sys
import threading
import time

# Second octet of each kind's /16; the caller's iptables rules use the same.
KINDS = {
    "drop": 100,        # SYN dropped: the connect times out
    "refuse": 101,      # refused: RST
    "silent": 102,      # accepts, never says a word
    "silent_bt": 103,   # answers the BitTorrent handshake, then nothing
    "trickle": 104,     # answers a byte a second
    "wrong": 105,       # serves metadata that does not hash to the info-hash
}
SILENT_NODES = 106      # DHT nodes that answer the testnet only, never us
LATE_NODES = 107        # DHT nodes that answer us seconds late
ASKERS = 108            # where get_peers for no-peer hashes come from
K = 8                   # nodes announced to per hash, as libtorrent does
LISTEN_BACKLOG = 4096
MAX_CONN_SECONDS = 60


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def log(msg):
    sys.stderr.write("phantoms: " + msg + "\n")
    sys.stderr.flush()


# -- bencode ------------------------------------------------------------------

def benc(v):
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode()
    if isinstance(v, bytes):
        return str(len(v)).encode() + b":" + v
    if isinstance(v, list):
        return b"l" + b"".join(benc(x) for x in v) + b"e"
    if isinstance(v, dict):
        items = sorted((k.encode() if isinstance(k, str) else k, x) for k, x in v.items())
        return b"d" + b"".join(benc(k) + benc(x) for k, x in items) + b"e"
    raise TypeError(type(v))


def bdec(data, i=0, depth=0):
    """(value, next index); ValueError on anything malformed."""
    if depth > 32 or i >= len(data):
        raise ValueError("bad bencode")
    c = data[i:i + 1]
    if c == b"i":
        j = data.index(b"e", i)
        return int(data[i + 1:j]), j + 1
    if c == b"l" or c == b"d":
        i += 1
        out = [] if c == b"l" else {}
        while data[i:i + 1] != b"e":
            if c == b"l":
                v, i = bdec(data, i, depth + 1)
                out.append(v)
            else:
                k, i = bdec(data, i, depth + 1)
                v, i = bdec(data, i, depth + 1)
                out[k] = v
            if i >= len(data):
                raise ValueError("bad bencode")
        return out, i + 1
    if c.isdigit():
        j = data.index(b":", i)
        n = int(data[i:j])
        if n < 0 or j + 1 + n > len(data):
            raise ValueError("bad bencode")
        return data[j + 1:j + 1 + n], j + 1 + n
    raise ValueError("bad bencode")


def decode(data):
    try:
        v, _ = bdec(data)
        return v if isinstance(v, dict) else None
    except (ValueError, IndexError):
        return None


# -- plan -----------------------------------------------------------------------

def addr(kind_octet, i):
    """The i-th address (i >= 1) of a kind's /16, never .0 or .255 in the last octet."""
    return "127.%d.%d.%d" % (kind_octet, (i // 254) % 256, i % 254 + 1)


class Plan:
    """Swarms of phantom peers: each swarm has one kind and 1-3 peers from that kind's pool."""

    def __init__(self, o):
        rnd = random.Random(o.seed)
        mix = {}
        for part in o.mix.split(","):
            k, v = part.split("=")
            if k not in KINDS:
                raise SystemExit("unknown kind " + k)
            mix[k] = float(v)
        total = sum(mix.values())
        kinds = list(mix)
        weights = [mix[k] / total for k in kinds]
        self.swarms = []        # (hash, kind, [peer ip])
        picks = {k: [] for k in kinds}
        for n in range(o.swarms):
            kind = rnd.choices(kinds, weights)[0]
            h = hashlib.sha1(b"phantom %d %d" % (o.seed, n)).digest()
            picks[kind].append((h, rnd.randint(1, 3)))
        for kind, swarms in picks.items():
            peers = sum(c for _, c in swarms)
            pool = max(1, min(60000, round(peers / o.reuse)))
            ips = [addr(KINDS[kind], i + 1) for i in range(pool)]
            for h, c in swarms:
                self.swarms.append((h, kind, rnd.sample(ips, min(c, pool))))
        rnd.shuffle(self.swarms)
        self.no_peer = [hashlib.sha1(b"nobody %d %d" % (o.seed, n)).digest() for n in range(o.no_peer_hashes)]
        self.silent_nodes = [addr(SILENT_NODES, i + 1) for i in range(o.bad_nodes)]
        self.late_nodes = [addr(LATE_NODES, i + 1) for i in range(o.bad_nodes)]


# -- DHT side ------------------------------------------------------------------

class Krpc:
    """One UDP socket on one phantom address, queries pipelined by transaction id."""

    def __init__(self, ip):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, 0))
        self.sock.setblocking(False)
        self.id = hashlib.sha1(ip.encode()).digest()
        self.tid = 0

    def send(self, to, q, args):
        self.tid += 1
        t = struct.pack(">H", self.tid & 0xFFFF)
        args = dict(args, id=self.id)
        self.sock.sendto(benc({"t": t, "y": "q", "q": q, "a": args}), to)
        return t

    def collect(self, want, timeout):
        """Replies by transaction id, for the ids in want, until all came or timeout."""
        got = {}
        end = time.monotonic() + timeout
        while len(got) < len(want) and time.monotonic() < end:
            r, _, _ = select.select([self.sock], [], [], max(0.0, end - time.monotonic()))
            if not r:
                break
            while True:
                try:
                    data, _src = self.sock.recvfrom(65536)
                except BlockingIOError:
                    break
                m = decode(data)
                if m is not None and m.get(b"t") in want:
                    got[m[b"t"]] = m
        return got

    def close(self):
        self.sock.close()


def xor(a, b):
    return int.from_bytes(a, "big") ^ int.from_bytes(b, "big")


def closest(nodes, h):
    return sorted(nodes, key=lambda n: xor(n[2], h))[:K]


def announce_all(plan, nodes, port):
    """Per phantom IP: get_peers to the K closest nodes of each of its hashes, then announce_peer."""
    by_ip = {}
    for h, _kind, ips in plan.swarms:
        for ip in ips:
            by_ip.setdefault(ip, []).append(h)
    ok = failed = 0
    for ip, hashes in by_ip.items():
        k = Krpc(ip)
        try:
            asks = {}
            for h in hashes:
                for n in closest(nodes, h):
                    asks[k.send((n[0], n[1]), "get_peers", {"info_hash": h})] = (n, h)
            replies = k.collect(set(asks), 3.0)
            anns = {}
            for t, (n, h) in asks.items():
                r = replies.get(t, {}).get(b"r")
                if isinstance(r, dict) and b"token" in r:
                    anns[k.send((n[0], n[1]), "announce_peer",
                                {"info_hash": h, "port": port, "token": r[b"token"], "implied_port": 0})] = 1
                else:
                    failed += 1
            done = k.collect(set(anns), 3.0)
            ok += sum(1 for m in done.values() if m.get(b"y") == b"r")
            failed += len(anns) - sum(1 for m in done.values() if m.get(b"y") == b"r")
        finally:
            k.close()
    return ok, failed


def ping_ids(nodes):
    """[(host, port)] -> [(host, port, id)] of the nodes that answered."""
    k = Krpc("127.%d.255.254" % ASKERS)  # beyond any asker addr() gives
    try:
        asks = {k.send(n, "ping", {}): n for n in nodes}
        got = k.collect(set(asks), 3.0)
        out = []
        for t, n in asks.items():
            r = got.get(t, {}).get(b"r")
            if isinstance(r, dict) and isinstance(r.get(b"id"), bytes) and len(r[b"id"]) == 20:
                out.append((n[0], n[1], r[b"id"]))
        return out
    finally:
        k.close()


class BadNode(threading.Thread):
    """A DHT node that answers the testnet (so it is in their tables) and us never or late."""

    def __init__(self, ip, testnet, late, stop):
        super().__init__(daemon=True)
        self.k = Krpc(ip)
        self.testnet = testnet
        self.late = late
        self.stop = stop
        self.delayed = []

    def join_testnet(self):
        for n in random.sample(self.testnet, min(8, len(self.testnet))):
            self.k.send(n, "find_node", {"target": os.urandom(20)})

    def run(self):
        while not self.stop.is_set():
            r, _, _ = select.select([self.k.sock], [], [], 0.2)
            now = time.monotonic()
            while self.delayed and self.delayed[0][0] <= now:
                _, msg, to = self.delayed.pop(0)
                self.k.sock.sendto(msg, to)
            if not r:
                continue
            try:
                data, src = self.k.sock.recvfrom(65536)
            except (BlockingIOError, OSError):
                continue
            m = decode(data)
            if m is None or m.get(b"y") != b"q":
                continue
            reply = benc({"t": m.get(b"t", b""), "y": "r", "r": {"id": self.k.id, "nodes": b""}})
            if src in self.testnet:
                self.k.sock.sendto(reply, src)
            elif self.late and len(self.delayed) < 1000:
                self.delayed.append((now + random.uniform(2, 4), reply, src))


# -- TCP side -------------------------------------------------------------------

def kind_of(ip):
    octet = int(ip.split(".")[1])
    for k, o in KINDS.items():
        if o == octet:
            return k
    return None


def peer_conn(conn, kind, stop):
    """What a phantom of this kind does with an accepted connection; bounded in time and bytes."""
    conn.settimeout(1.0)
    end = time.monotonic() + MAX_CONN_SECONDS
    buf = b""
    try:
        while len(buf) < 68 and time.monotonic() < end and not stop.is_set():
            try:
                d = conn.recv(68 - len(buf))
            except socket.timeout:
                continue
            if not d:
                return
            buf += d
        if kind == "silent" or len(buf) < 68:
            while time.monotonic() < end and not stop.is_set():
                try:
                    if not conn.recv(4096):
                        return
                except socket.timeout:
                    pass
            return
        info_hash = buf[28:48]
        reserved = b"\x00\x00\x00\x00\x00\x10\x00\x00"  # BEP 10
        conn.sendall(b"\x13BitTorrent protocol" + reserved + info_hash + os.urandom(20))
        if kind == "silent_bt":
            while time.monotonic() < end and not stop.is_set():
                try:
                    if not conn.recv(4096):
                        return
                except socket.timeout:
                    pass
            return
        fake = benc({"name": "phantom " + info_hash.hex(), "piece length": 16384, "length": 1,
                     "pieces": os.urandom(20)})
        ext = benc({"m": {"ut_metadata": 3}, "metadata_size": len(fake), "v": "phantom"})
        conn.sendall(struct.pack(">IBB", len(ext) + 2, 20, 0) + ext)
        # answer every ut_metadata request with the fake dict (wrong), or a byte a second (trickle),
        # under the id the asker gave for ut_metadata in its own extension handshake
        their_id = None
        data = b""
        while time.monotonic() < end and not stop.is_set():
            try:
                d = conn.recv(65536)
            except socket.timeout:
                continue
            if not d:
                return
            data += d
            while len(data) >= 4:
                n = struct.unpack(">I", data[:4])[0]
                if n > 1 << 20:
                    return
                if len(data) < 4 + n:
                    break
                msg, data = data[4:4 + n], data[4 + n:]
                if len(msg) < 2 or msg[0] != 20:
                    continue
                body = decode(msg[2:])
                if body is None:
                    continue
                if msg[1] == 0:
                    m = body.get(b"m")
                    if isinstance(m, dict) and isinstance(m.get(b"ut_metadata"), int):
                        their_id = m[b"ut_metadata"]
                elif body.get(b"msg_type") == 0 and their_id:
                    piece = benc({"msg_type": 1, "piece": body.get(b"piece", 0), "total_size": len(fake)}) + fake
                    out = struct.pack(">IBB", len(piece) + 2, 20, their_id) + piece
                    if kind == "wrong":
                        conn.sendall(out)
                    else:
                        for b in out:
                            if time.monotonic() >= end or stop.is_set():
                                return
                            conn.sendall(bytes([b]))
                            time.sleep(1.0)
    except OSError:
        return
    finally:
        conn.close()


def serve_peers(port, stop, accepts, lock):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(LISTEN_BACKLOG)
    srv.settimeout(0.5)
    while not stop.is_set():
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        except OSError:
            return
        ip = conn.getsockname()[0]
        with lock:
            accepts[ip] = accepts.get(ip, 0) + 1
        kind = kind_of(ip)
        if kind is None or threading.active_count() > 2000:
            conn.close()
            continue
        threading.Thread(target=peer_conn, args=(conn, kind, stop), daemon=True).start()


class Sniffer(threading.Thread):
    """Counts dials (distinct SYNs by source port) to each phantom address, seen on lo."""

    def __init__(self, stop):
        super().__init__(daemon=True)
        self.stop = stop
        self.dials = {}
        self.syns = 0
        self.seen = set()
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
        self.sock.bind(("lo", 0))
        self.sock.settimeout(0.5)

    def run(self):
        while not self.stop.is_set():
            try:
                pkt, sa = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if sa[2] == socket.PACKET_OUTGOING or len(pkt) < 14 + 20 + 20:
                continue
            ip = pkt[14:]
            if ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            tcp = ip[ihl:]
            flags = tcp[13]
            if not (flags & 0x02) or (flags & 0x10):
                continue  # SYN without ACK: a dial
            dst = socket.inet_ntoa(ip[16:20])
            if kind_of(dst) is None:
                continue
            src = socket.inet_ntoa(ip[12:16])
            sport, dport = struct.unpack(">HH", tcp[:4])
            key = (src, sport, dst, dport)
            with self.lock:
                self.syns += 1
                if key in self.seen:
                    continue  # a retransmitted SYN of the same dial
                if len(self.seen) < 5_000_000:
                    self.seen.add(key)
                d = "%s:%d" % (dst, dport)
                self.dials[d] = self.dials.get(d, 0) + 1

    def report(self):
        with self.lock:
            counts = sorted(self.dials.values(), reverse=True)
            hist = {}
            for c in counts:
                hist[str(c)] = hist.get(str(c), 0) + 1
            top = sorted(self.dials.items(), key=lambda kv: -kv[1])[:5]
            return {"dials": sum(counts), "syns": self.syns, "addressesDialled": len(counts),
                    "maxDialsPerAddress": counts[0] if counts else 0, "dialsPerAddress": hist,
                    "busiest": [{"address": a, "dials": n} for a, n in top]}


def ask_farm(plan, farm):
    """get_peers for every no-peer hash from asker addresses to the farm, spread out."""
    for i, h in enumerate(plan.no_peer):
        k = Krpc(addr(ASKERS, i % 60000 + 1))
        try:
            for n in random.sample(farm, min(2, len(farm))):
                k.send(n, "get_peers", {"info_hash": h})
        finally:
            k.close()
        time.sleep(0.002)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--nodes", required=True, help="comma-separated host:port of the testnet's DHT nodes")
    p.add_argument("--swarms", type=int, default=3000)
    p.add_argument("--mix", default="drop=60,refuse=25,silent=15")
    p.add_argument("--reuse", type=float, default=3.0, help="swarms per phantom address, on average")
    p.add_argument("--no-peer-hashes", type=int, default=0)
    p.add_argument("--bad-nodes", type=int, default=0, help="silent and late DHT nodes, this many of each")
    p.add_argument("--port", type=int, default=6999, help="TCP port of every phantom peer")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--duration", type=float, default=1200)
    o = p.parse_args()
    testnet = []
    for hp in o.nodes.split(","):
        h, port = hp.rsplit(":", 1)
        if not ipaddress.ip_address(h).is_loopback:
            raise SystemExit("only 127.0.0.0/8 nodes")
        testnet.append((h, int(port)))
    deadline = time.monotonic() + o.duration
    stop = threading.Event()
    plan = Plan(o)
    lock = threading.Lock()
    accepts = {}
    sniffer = Sniffer(stop)
    sniffer.start()
    threading.Thread(target=serve_peers, args=(o.port, stop, accepts, lock), daemon=True).start()
    bad = [BadNode(ip, testnet, False, stop) for ip in plan.silent_nodes]
    bad += [BadNode(ip, testnet, True, stop) for ip in plan.late_nodes]
    for b in bad:
        b.start()
        b.join_testnet()
    t0 = time.monotonic()
    nodes = ping_ids(testnet)
    ok, failed = announce_all(plan, nodes, o.port)
    kinds = {}
    for _h, kind, _ips in plan.swarms:
        kinds[kind] = kinds.get(kind, 0) + 1
    emit({"ready": True, "swarms": len(plan.swarms), "kinds": kinds,
          "addresses": len({ip for _h, _k, ips in plan.swarms for ip in ips}),
          "announced": ok, "announceFailed": failed, "nodesAnswering": len(nodes),
          "badNodes": len(bad), "seconds": round(time.monotonic() - t0, 1)})
    while time.monotonic() < deadline:
        r, _, _ = select.select([sys.stdin], [], [], 1.0)
        if not r:
            continue
        line = sys.stdin.readline()
        if not line:
            break
        try:
            cmd = json.loads(line)
        except ValueError:
            emit({"error": "not JSON"})
            continue
        if cmd.get("cmd") == "farm":
            farm = []
            for hp in cmd.get("nodes", []):
                h, port = hp.rsplit(":", 1)
                if ipaddress.ip_address(h).is_loopback:
                    farm.append((h, int(port)))
            if farm:
                threading.Thread(target=ask_farm, args=(plan, farm), daemon=True).start()
            emit({"farm": len(farm), "noPeerHashes": len(plan.no_peer)})
        elif cmd.get("cmd") == "report":
            rep = sniffer.report()
            with lock:
                rep["accepts"] = sum(accepts.values())
                rep["maxAcceptsPerAddress"] = max(accepts.values()) if accepts else 0
            emit({"report": rep})
        else:
            emit({"error": "unknown command"})
    stop.set()


if __name__ == "__main__":
    main()
