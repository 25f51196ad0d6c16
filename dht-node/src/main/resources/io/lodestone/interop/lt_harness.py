#!/usr/bin/env python3
"""Lodestone's real-peer harness: drives libtorrent (python3-libtorrent, 2.0.x).

Used by the Java tests through io.lodestone.interop.Libtorrent, which copies this
file to a temp dir and runs it. Every subcommand prints JSON on stdout (one
object per line); logs go to stderr. Every subcommand has a hard time limit.
All network traffic stays on 127.0.0.0/8.

  version                                  {"libtorrent", "python", "executable"}
  create --path P --out F.torrent --format v1|v2|hybrid [--piece-length N]
         [--private] [--tracker URL]... [--comment C] [--file-order sorted|native]
                                           libtorrent's view of the new .torrent
  info --torrent F.torrent [--torrent G]...
                                           libtorrent's view of each .torrent (one line each)
  check --torrent F.torrent --save-path DIR [--timeout S]
                                           {"numPieces", "piecesHave", "isSeed", ...}
  testnet [--nodes N] [--torrents T] [--seeders S] [--seed X] ... [--stop-on-stdin-eof]
                                           loopback DHT of libtorrent nodes; prints
                                           {"ready": true, "manifest": {...}} and runs
                                           until stdin EOF / SIGTERM / --duration
  resolve --bootstrap H:P... --magnets F [--at-once] [--warmup F2] [--timeout S]
                                           a fresh libtorrent session (seeding nothing)
                                           resolves the magnets of file F (one per line)
                                           one after another, or all at once; one line
                                           per magnet {"index", "ms"|"error"}, then
                                           {"summary": {...}}

On failure a subcommand prints {"error": "..."} and exits non-zero (124 on a
hard timeout).

Needs Debian's python3-libtorrent (apt-get install python3-libtorrent), which
only Debian's own interpreter can import.
"""
import argparse
import hashlib
import ipaddress
import json
import os
import queue
import random
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time

PROG = "lt_harness"
INSTALL_HINT = "install the libtorrent Python bindings: apt-get install python3-libtorrent"
SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import libtorrent as lt
except ImportError as _import_error:
    # Debian's python3-libtorrent is only on the system interpreter's path. When
    # started by hand with another python3, hand over to the system one (once).
    if (os.environ.get("LT_HARNESS_REEXEC") != "1" and os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        os.environ["LT_HARNESS_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write("%s: %s\n" % (os.path.basename(__file__), INSTALL_HINT))
    sys.stdout.write(json.dumps({"error": "%s cannot import libtorrent (%s)"
                                 % (sys.executable, _import_error)}) + "\n")
    sys.exit(3)

sys.dont_write_bytecode = True
T0 = time.monotonic()
_OUT_LOCK = threading.Lock()


# ---------------------------------------------------------------------------
# output, logging, time limits
# ---------------------------------------------------------------------------

def emit(obj):
    """One JSON object per stdout line (ASCII only: non-ASCII is \\u-escaped)."""
    line = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    with _OUT_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def log(msg, *args):
    text = msg % args if args else msg
    try:
        sys.stderr.write("[%s %7.2fs] %s\n" % (PROG, time.monotonic() - T0, text))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class HarnessError(Exception):
    """An expected failure: reported as {"error": ...} with exit status 1."""


def arm_hard_timeout(seconds, what):
    """Exit with status 124 after `seconds`, whatever the main thread is doing.

    A timer thread reports the timeout as JSON; SIGALRM with its default action is
    the backstop for the case where libtorrent code holds the interpreter lock.
    """
    def fire():
        log("hard time limit of %.0fs reached (%s); exiting", seconds, what)
        emit({"error": "hard time limit of %.0fs reached (%s)" % (seconds, what), "timeout": True})
        os._exit(124)
    t = threading.Timer(seconds, fire)
    t.daemon = True
    t.start()
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(int(seconds) + 15)


# ---------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------

# What every session of this harness needs on loopback. libtorrent's defaults
# are made for the public internet; the comments say what the default breaks.
LOOPBACK_SETTINGS = {
    # A busy port must fail: by default libtorrent quietly tries port+1..port+10
    # and then lets the OS pick one.
    "listen_system_port_fallback": False,
    "max_retry_port_bind": 0,
    # Never contact the public bootstrap routers (DNS + internet traffic).
    "dht_bootstrap_nodes": "",
    # No multicast, no LAN probing, no router port mapping.
    "enable_lsd": False,
    "enable_upnp": False,
    "enable_natpmp": False,
    "enable_ip_notifier": False,
    # Default: one routing-table entry per /24. All nodes live in 127.0.0.0/24,
    # so routing tables would stay at about one node and nothing bootstraps.
    "dht_restrict_routing_ips": False,
    "dht_restrict_search_ips": False,
    # Default 5 packets/s per source IP, then the IP is ignored for minutes:
    # a test client bursting queries from one socket would be cut off.
    "dht_block_ratelimit": 100000,
    # Default 8000 B/s of DHT replies per node; crawler tests query harder.
    "dht_upload_rate_limit": 10 * 1000 * 1000,
    # Loopback is neither "dark internet" nor subject to BEP 42 id checks;
    # set explicitly so a changed default cannot bite.
    "dht_ignore_dark_internet": False,
    "dht_enforce_node_id": False,
    "dht_prefer_verified_node_ids": False,
    # Default: one connection per IP per torrent; local clients share 127.0.0.1.
    "allow_multiple_connections_per_ip": True,
    # uTP over loopback drops packets with the OS default buffers (~208 KiB).
    "send_socket_buffer_size": 4 << 20,
    "recv_socket_buffer_size": 4 << 20,
}

# A session that must not talk to anybody (create/check).
OFFLINE_SETTINGS = dict(LOOPBACK_SETTINGS, **{
    "enable_dht": False,
    "listen_interfaces": "127.0.0.1:0",
    "enable_outgoing_tcp": False,
    "enable_incoming_tcp": False,
    "enable_outgoing_utp": False,
    "enable_incoming_utp": False,
})


def parse_size(text):
    """'64K', '1.5M', '1G', '12345' -> bytes (binary units)."""
    t = text.strip().upper()
    for suffix in ("IB", "B"):
        if t.endswith(suffix) and len(t) > len(suffix):
            t = t[:-len(suffix)]
            break
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(t[-1:], 1)
    if mult != 1:
        t = t[:-1]
    return int(float(t) * mult)


def hex_or_none(h, present):
    return str(h) if present else None


# ---------------------------------------------------------------------------
# .torrent creation and views
# ---------------------------------------------------------------------------

FORMAT_FLAGS = {
    "v1": lambda: lt.create_torrent.v1_only,
    "v2": lambda: lt.create_torrent.v2_only,
    "hybrid": lambda: 0,
}


def list_content(path):
    """Files of `path` as (torrent path with '/', size), sorted component by component.

    A single file gives [(its name, size)]. Directories are walked depth-first with
    entries sorted by name (code point order == UTF-8 byte order), which is also
    the order of a v2 file tree. Symlinked directories are not followed.
    """
    path = os.path.abspath(path)
    name = os.path.basename(os.path.normpath(path))
    if os.path.isfile(path):
        return [(name, os.path.getsize(path))]
    if not os.path.isdir(path):
        raise HarnessError("no such file or directory: %s" % path)
    out = []

    def walk(directory, rel):
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                walk(e.path, rel + "/" + e.name)
            elif e.is_file():
                out.append((rel + "/" + e.name, e.stat().st_size))
    walk(path, name)
    if not out:
        raise HarnessError("no files under %s" % path)
    return out


def build_torrent(path, fmt, piece_length, private=False, trackers=(), comment=None,
                  file_order="sorted"):
    """Create a .torrent for file/dir `path` with libtorrent; return its bytes.

    Deterministic: no creation date, no creator, no file attributes/mtimes.
    """
    if fmt not in FORMAT_FLAGS:
        raise HarnessError("unknown format %r (v1, v2, hybrid)" % fmt)
    path = os.path.abspath(path)
    fs = lt.file_storage()
    if file_order == "native" and os.path.isdir(path):
        lt.add_files(fs, path)           # libtorrent's own directory walk
        if fs.num_files() == 0:
            raise HarnessError("no files under %s" % path)
    else:
        for rel, size in list_content(path):
            fs.add_file(rel, size)
    ct = lt.create_torrent(fs, piece_length, FORMAT_FLAGS[fmt]())
    if private:
        ct.set_priv(True)
    for tier, url in enumerate(trackers):
        ct.add_tracker(url, tier)
    if comment:
        ct.set_comment(comment)
    try:
        lt.set_piece_hashes(ct, os.path.dirname(path))
    except RuntimeError as e:
        raise HarnessError("hashing %s failed: %s" % (path, e))
    tdict = ct.generate()
    tdict.pop(b"creation date", None)
    tdict.pop(b"created by", None)
    return lt.bencode(tdict)


def is_pad(fs, i):
    return bool(fs.file_flags(i) & lt.file_storage.flag_pad_file)


def torrent_view(ti):
    """libtorrent's view of a torrent_info, pad files left out."""
    ih = ti.info_hashes()
    v1 = hex_or_none(ih.v1, ih.has_v1())
    v2 = hex_or_none(ih.v2, ih.has_v2())
    fs = ti.files()
    files, pads = [], 0
    for i in range(fs.num_files()):
        if is_pad(fs, i):
            pads += 1
            continue
        files.append({"path": fs.file_path(i).replace(os.sep, "/"),
                      "size": fs.file_size(i),
                      "offset": fs.file_offset(i)})
    n = ti.num_pieces()
    return {
        "infoHash": v1,
        "infoHashV2": v2,
        # what the DHT is asked for: v1 and/or the v2 hash truncated to 20 bytes
        "dhtInfoHashes": [h for h in (v1, v2[:40] if v2 else None) if h],
        "version": "hybrid" if v1 and v2 else ("v2" if v2 else "v1"),
        "name": ti.name(),
        "totalSize": sum(f["size"] for f in files),
        "totalSizeWithPadding": ti.total_size(),
        "pieceLength": ti.piece_length(),
        "pieceCount": n,
        "lastPieceSize": ti.piece_size(n - 1) if n else 0,
        "private": bool(ti.priv()),
        "files": files,
        "padFiles": pads,
        "trackers": [t.url for t in ti.trackers()],
        "metadataSize": len(ti.info_section()),
        "magnet": lt.make_magnet_uri(ti),
        "comment": ti.comment() or None,
        "creator": ti.creator() or None,
    }


def load_torrent(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise HarnessError("cannot read %s: %s" % (path, e))
    try:
        return raw, lt.torrent_info(raw)
    except RuntimeError as e:
        raise HarnessError("libtorrent rejects %s: %s" % (path, e))


def cmd_version(_o):
    emit({"libtorrent": lt.__version__, "python": sys.version.split()[0],
          "executable": sys.executable})
    return 0


def cmd_create(o):
    raw = build_torrent(o.path, o.format, o.piece_length, o.private, o.tracker, o.comment,
                        o.file_order)
    out = os.path.abspath(o.out)
    if os.path.dirname(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
    tmp = out + ".tmp%d" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(raw)
    os.replace(tmp, out)
    view = torrent_view(lt.torrent_info(raw))
    view["torrentFile"] = out
    view["torrentSize"] = len(raw)
    emit(view)
    return 0


def cmd_info(o):
    # several files in one run: importing libtorrent costs more than reading a torrent
    for path in o.torrent:
        raw, ti = load_torrent(path)
        view = torrent_view(ti)
        view["torrentFile"] = os.path.abspath(path)
        view["torrentSize"] = len(raw)
        emit(view)
    return 0


def offline_copy(raw, ti):
    """The torrent reduced to info (+ piece layers): no trackers, web seeds or DHT nodes.

    The info dict's bytes are copied as they are, so the info-hash(es) stay the same.
    """
    info = ti.info_section()
    out = b"d4:info" + bytes(info)
    layers = lt.bdecode(raw).get(b"piece layers")
    if layers:
        out += b"12:piece layers" + lt.bencode(layers)
    return lt.torrent_info(out + b"e")


def cmd_check(o):
    raw, ti = load_torrent(o.torrent)
    ti = offline_copy(raw, ti)
    save = os.path.abspath(o.save_path)
    if not os.path.isdir(save):
        raise HarnessError("save path %s is not a directory" % save)
    cat = lt.alert.category_t
    ses = lt.session(dict(OFFLINE_SETTINGS, **{
        "alert_mask": cat.error_notification | cat.status_notification | cat.storage_notification,
        "aio_threads": 2, "hashing_threads": 2, "user_agent": "lt_harness",
    }))
    atp = lt.add_torrent_params()
    atp.ti = ti
    atp.save_path = save
    # not paused, not auto-managed (no queueing), no seed_mode: verify every piece
    atp.flags = (lt.torrent_flags.default_flags & ~lt.torrent_flags.auto_managed
                 & ~lt.torrent_flags.paused & ~lt.torrent_flags.seed_mode)
    h = ses.add_torrent(atp)
    h.force_recheck()
    errors = []
    checking = (lt.torrent_status.checking_files, lt.torrent_status.checking_resume_data)
    end = time.monotonic() + o.timeout
    checked = False
    while True:
        ses.wait_for_alert(100)
        for a in ses.pop_alerts():
            if isinstance(a, lt.torrent_checked_alert):
                checked = True
            elif a.category() & cat.error_notification:
                errors.append(a.message())
        st = h.status()
        if checked and st.state not in checking:
            break
        if time.monotonic() > end:
            raise HarnessError("checking %s did not finish within %ss (state %s, progress %.2f)"
                               % (o.torrent, o.timeout, st.state, st.progress))
    if st.errc and st.errc.value():
        errors.append(st.errc.message())
    have = [i for i, ok in enumerate(st.pieces) if ok]
    n = ti.num_pieces()
    missing = [i for i in range(n) if i >= len(st.pieces) or not st.pieces[i]]
    emit({"numPieces": n, "piecesHave": len(have), "isSeed": bool(st.is_seeding) or len(have) == n,
          "missingPieces": missing[:1000], "errors": errors})
    ses.remove_torrent(h)
    del h, ses
    return 0


# ---------------------------------------------------------------------------
# tiny KRPC client (self-check of the testnet)
# ---------------------------------------------------------------------------

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


def krpc(sock, addr, method, args, tid, timeout=1.0, tries=3):
    """Send one query with BEP 43 "ro": 1 and return the decoded reply dict, or None."""
    msg = benc({"t": tid, "y": "q", "q": method, "a": args, "ro": 1})
    for _ in range(tries):
        sock.sendto(msg, addr)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                data, src = sock.recvfrom(65536)
            except socket.timeout:
                break
            if src != addr:
                continue
            try:
                reply = lt.bdecode(data)
            except RuntimeError:
                continue
            if isinstance(reply, dict) and reply.get(b"t") == tid:
                return reply
    return None


# ---------------------------------------------------------------------------
# testnet
# ---------------------------------------------------------------------------

# Multi-file torrents take a README named for the torrent, a random subset (>= 2) of these and the
# empty file: nested dirs, spaces, non-ASCII (incl. a 4-byte UTF-8 char).
MULTI_DATA_FILES = [
    "data/part 1.bin",
    "data/deep/er/part-2 ü.bin",
    "Ünïcödé/文件 🎵.bin",
    "Ünïcödé/Кириллица/файл.dat",
    "docs/notes – ñ.txt",
]
EMPTY_FILE = "zero/empty.dat"
# The "many" layout: --many-files files with long names, so that the info dict (BEP 9
# metadata) gets large without gigabytes of content. A name stays under 255 UTF-8 bytes.
MANY_DIRS = 16
MAX_MANY_FILES = 20000
MANY_NAME_TAIL = (" a rather long file name – with ünïcödé, 文件 and ✓ – to make the info"
                  " dictionary large without much content, as some real torrents do")


class TorrentPlan:
    def __init__(self, index, o):
        self.index = index
        self.format = o.formats[index % len(o.formats)]
        self.layout = o.layouts[index % len(o.layouts)]
        self.size = o.sizes[index % len(o.sizes)]
        self.piece = o.piece_sizes[index % len(o.piece_sizes)]
        rng = random.Random("lodestone-testnet:%d:torrent:%d" % (o.seed, index))
        self.rng = rng
        if self.layout == "single":
            self.name = "t%03d single ünï.bin" % index
            if index < len(o.names):
                self.name = o.names[index]
            self.files = [("", self.size)]
        elif self.layout == "multi":
            self.name = "t%03d multi Ünïcödé ✓" % index
            chosen = sorted(rng.sample(MULTI_DATA_FILES, rng.randint(2, len(MULTI_DATA_FILES))))
            readme = min(1000, self.size)
            rest = self.size - readme
            cuts = sorted(rng.randrange(rest + 1) for _ in range(len(chosen) - 1))
            parts = [b - a for a, b in zip([0] + cuts, cuts + [rest])]
            # a word only this torrent's file paths hold, so a search can find it by a path alone
            notes = "notes/README leaf%03d.txt" % index
            self.files = [(notes, readme)] + list(zip(chosen, parts)) + [(EMPTY_FILE, 0)]
        else:
            self.name = "t%03d many files ✓" % index
            n = o.many_files
            each, extra = divmod(max(self.size, n), n)
            self.files = [("dir %02d ü/f%05d leaf%03d%s" % (k % MANY_DIRS, k, index, MANY_NAME_TAIL), each + (k < extra))
                          for k in range(n)]


def write_content(plan, content_dir):
    """Write the torrent's files (deterministic bytes); return {torrent path: sha256}."""
    digests = {}
    for rel, size in plan.files:
        tpath = plan.name + "/" + rel if rel else plan.name
        full = os.path.join(content_dir, *tpath.split("/"))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        h = hashlib.sha256()
        with open(full, "wb") as f:
            left = size
            while left:
                buf = plan.rng.randbytes(min(left, 4 << 20))
                f.write(buf)
                h.update(buf)
                left -= len(buf)
        digests[tpath] = h.hexdigest()
    return digests


class Node:
    def __init__(self, index, host, port, node_id):
        self.index, self.host, self.port, self.node_id = index, host, port, node_id
        self.session = None
        self.sockets = set()
        self.handles = []
        self.seeds = []
        self.counters = {}

    @property
    def addr(self):
        return "%s:%d" % (self.host, self.port)


class Stop(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Testnet:
    STAT_KEYS = ("dht.dht_nodes", "dht.dht_node_cache", "dht.dht_torrents", "dht.dht_peers",
                 "dht.dht_messages_in", "dht.dht_messages_out", "dht.dht_messages_in_dropped",
                 "dht.dht_ping_in", "dht.dht_find_node_in", "dht.dht_get_peers_in",
                 "dht.dht_announce_peer_in", "dht.dht_sample_infohashes_in", "dht.dht_get_in",
                 "dht.dht_put_in", "peer.num_peer_connections", "net.sent_payload_bytes",
                 "net.recv_payload_bytes")

    def __init__(self, o):
        self.o = o
        self.rng = random.Random("lodestone-testnet:%d:nodes" % o.seed)
        self.nodes = []
        self.torrents = []
        self.tinfos = []
        self.announces = {}          # dht key hex -> {(receiver index, peer addr)}
        self.peer_connects = {}      # torrent name -> peer connections its seeders made or took, once ready
        self.stats_pending = set()
        self.fatal = None
        self.stop_reason = None
        self.commands = queue.Queue()
        self.dht_replies = []        # (node index, alert) answering a get_peers/sample/live_nodes command
        self.ready = False
        self.in_command = False
        self.port = None

    # -- alerts / polling ---------------------------------------------------
    def poll(self, seconds):
        end = time.monotonic() + seconds
        while True:
            for n in self.nodes:
                for a in n.session.pop_alerts():
                    self.on_alert(n, a)
            if self.fatal:
                raise HarnessError(self.fatal)
            if self.stop_reason:
                raise Stop(self.stop_reason)
            if self.ready and not self.in_command:
                self.run_commands()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(0.05, left))

    def on_alert(self, n, a):
        if isinstance(a, lt.listen_succeeded_alert):
            n.sockets.add(str(a.socket_type))
        elif isinstance(a, lt.listen_failed_alert):
            self.fatal = "listen_failed:node %d cannot listen on %s: %s" % (n.index, n.addr, a.message())
        elif isinstance(a, lt.dht_announce_alert):
            self.announces.setdefault(str(a.info_hash), set()).add((n.index, "%s:%d" % (a.ip, a.port)))
        elif isinstance(a, lt.peer_connect_alert):
            # a peer that passed the handshake for this torrent: a metadata fetch starts with one
            self.peer_connects[a.torrent_name] = self.peer_connects.get(a.torrent_name, 0) + 1
        elif isinstance(a, lt.session_stats_alert):
            vals = a.values
            n.counters = {k: int(vals.get(k, 0)) for k in self.STAT_KEYS}
            self.stats_pending.discard(n.index)
        elif isinstance(a, (lt.dht_get_peers_reply_alert, lt.dht_sample_infohashes_alert,
                            lt.dht_live_nodes_alert)):
            self.dht_replies.append((n.index, a))
        elif isinstance(a, (lt.torrent_error_alert, lt.file_error_alert)):
            self.fatal = "node %d: %s" % (n.index, a.message())
        elif a.category() & lt.alert.category_t.error_notification:
            log("node %d %s: %s", n.index, a.what(), a.message())

    def refresh_stats(self, timeout=3.0):
        self.stats_pending = {n.index for n in self.nodes}
        for n in self.nodes:
            n.session.post_session_stats()
        end = time.monotonic() + timeout
        while self.stats_pending and time.monotonic() < end:
            self.poll(0.02)

    # -- phases -------------------------------------------------------------
    def generate(self):
        o = self.o
        content = os.path.join(o.workdir, "content")
        tdir = os.path.join(o.workdir, "torrents")
        os.makedirs(content, exist_ok=True)
        os.makedirs(tdir, exist_ok=True)
        for i in range(o.torrents):
            plan = TorrentPlan(i, o)
            digests = write_content(plan, content)
            raw = build_torrent(os.path.join(content, plan.name), plan.format, plan.piece,
                                trackers=o.tracker)
            tfile = os.path.join(tdir, "t%03d.torrent" % i)
            with open(tfile, "wb") as f:
                f.write(raw)
            ti = lt.torrent_info(raw)
            view = torrent_view(ti)
            v1, v2 = view["infoHash"], view["infoHashV2"]
            entry = {
                "index": i,
                "name": plan.name,
                "format": plan.format,
                "layout": plan.layout,
                "infoHashV1": v1,
                "infoHashV2": v2,
                "dhtInfoHashes": view["dhtInfoHashes"],
                "magnet": view["magnet"],
                # the least a resolver gets: the btih (v1) or the btmh (v2-only) alone
                "magnetMinimal": ("magnet:?xt=urn:btih:" + v1) if v1
                else ("magnet:?xt=urn:btmh:1220" + v2),
                "totalSize": view["totalSize"],
                "pieceLength": view["pieceLength"],
                "numPieces": view["pieceCount"],
                "metadataSize": view["metadataSize"],
                "files": [{"path": f["path"], "size": f["size"], "sha256": digests[f["path"]]}
                          for f in view["files"]],
                "torrentFile": tfile,
                "savePath": content,
                "contentPath": os.path.join(content, plan.name),
                "seeders": [],
            }
            self.torrents.append(entry)
            self.tinfos.append(ti)
        log("generated %d torrents (%d bytes) in %s", len(self.torrents),
            sum(t["totalSize"] for t in self.torrents), o.workdir)

    def node_address(self, i, port):
        o = self.o
        if o.bind == "ips":
            return str(o.host + i), port
        return str(o.host), port + i

    def start_nodes(self):
        """Start every session; on a busy port (auto port only) start over elsewhere."""
        o = self.o
        attempts = 8 if o.port == 0 else 1
        for attempt in range(attempts):
            port = o.port or self.pick_port()
            try:
                self.start_nodes_on(port)
                self.port = port
                return
            except HarnessError as e:
                if not str(e).startswith("listen_failed:") or attempt == attempts - 1:
                    raise
                log("port %d busy (%s); trying another one", port, e)
                self.close_sessions()
                self.fatal = None

    def pick_port(self):
        """A port free on every node address (TCP and UDP), from outside the ephemeral range."""
        o = self.o
        rnd = random.SystemRandom()
        for _ in range(200):
            base = rnd.randrange(20000, 32000 - o.nodes)
            socks = []
            try:
                for i in range(o.nodes):
                    host, port = self.node_address(i, base)
                    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                        s = socket.socket(socket.AF_INET, kind)
                        socks.append(s)
                        s.bind((host, port))
                return base
            except OSError:
                continue
            finally:
                for s in socks:
                    s.close()
        raise HarnessError("no free port found for %d nodes" % o.nodes)

    def start_nodes_on(self, port):
        o = self.o
        cat = lt.alert.category_t
        for i in range(o.nodes):
            host, p = self.node_address(i, port)
            nid = hashlib.sha1(("lodestone-testnet:%d:node:%d" % (o.seed, i)).encode()).digest()
            n = Node(i, host, p, nid.hex())
            # A fixed node id can only be handed in as saved DHT state ("node-id":
            # id + interface address). libtorrent 2.0 drops it again if the
            # constructor's settings restart the DHT (dht_bootstrap_nodes
            # changes), so the DHT is switched on only after construction.
            params = lt.read_session_params(lt.bencode(
                {b"dht state": {b"node-id": [nid + ipaddress.ip_address(host).packed]}}))
            settings = dict(LOOPBACK_SETTINGS)
            settings.update({
                "enable_dht": False,
                "listen_interfaces": "%s:%d" % (host, p),
                "dht_sample_infohashes_interval": o.sample_interval,
                "dht_announce_interval": o.announce_interval,
                "alert_mask": cat.error_notification | cat.status_notification | cat.dht_notification,
                "alert_queue_size": 10000,
                "aio_threads": 1,
                "hashing_threads": 1,
                "active_limit": 100000, "active_seeds": 100000, "active_dht_limit": 100000,
                "active_tracker_limit": 100000,
                "stop_tracker_timeout": 1,
                "enable_outgoing_utp": not o.no_utp, "enable_incoming_utp": not o.no_utp,
                "user_agent": "lodestone-harness/libtorrent-%s" % lt.__version__,
            })
            settings.update(setting_overrides(o.setting))
            params.settings = settings
            n.session = lt.session(params)
            n.session.apply_settings({"enable_dht": True})
            self.nodes.append(n)
        end = time.monotonic() + 10
        while time.monotonic() < end and not all(len(n.sockets) >= 2 for n in self.nodes):
            self.poll(0.02)
        bad = [n.addr for n in self.nodes if len(n.sockets) < 2 or n.session.listen_port() != n.port]
        if bad:
            raise HarnessError("listen_failed:nodes not listening on their address: %s" % ", ".join(bad))
        log("%d nodes listening (%s .. %s)", len(self.nodes), self.nodes[0].addr, self.nodes[-1].addr)

    def random_target(self):
        return lt.sha1_hash(bytes(self.rng.getrandbits(8) for _ in range(20)))

    def bootstrap(self):
        # Nodes learn about each other through add_dht_node(), not through
        # dht_bootstrap_nodes: libtorrent treats bootstrap nodes as "routers" it
        # never puts in a routing table, and a cold router knows nobody.
        o, k = self.o, len(self.nodes)
        for n in self.nodes:
            others = [m for m in self.nodes if m is not n]
            picks = self.rng.sample(others, min(o.fanout, len(others)))
            ring = self.nodes[(n.index + 1) % k]      # keeps the graph connected
            if ring not in picks:
                picks.append(ring)
            for m in picks:
                n.session.add_dht_node((m.host, m.port))
        self.poll(0.3)
        for n in self.nodes:
            n.session.dht_get_peers(self.random_target())
        need = min(k - 1, 8)
        end = time.monotonic() + o.ready_timeout
        while True:
            self.refresh_stats()
            low = [n for n in self.nodes if n.counters.get("dht.dht_nodes", 0) < need]
            if not low:
                break
            if time.monotonic() > end:
                raise HarnessError("DHT not bootstrapped after %ss: %d node(s) know fewer than %d others"
                                   % (o.ready_timeout, len(low), need))
            for n in low:
                n.session.dht_get_peers(self.random_target())
            self.poll(0.3)
        sizes = [n.counters.get("dht.dht_nodes", 0) for n in self.nodes]
        log("DHT bootstrapped: routing tables min %d / max %d (of %d)", min(sizes), max(sizes), k - 1)

    def seed(self):
        o = self.o
        flags = (lt.torrent_flags.default_flags & ~lt.torrent_flags.auto_managed
                 & ~lt.torrent_flags.paused) | lt.torrent_flags.seed_mode
        handles = {}
        for entry, ti in zip(self.torrents, self.tinfos):
            for r in range(o.replicas[entry["index"] % len(o.replicas)]):
                n = self.nodes[(entry["index"] + r) % o.seeders]
                atp = lt.add_torrent_params()
                atp.ti = ti
                atp.save_path = entry["savePath"]
                atp.flags = flags       # seed_mode: the data was just written, no re-check
                h = n.session.add_torrent(atp)
                n.handles.append(h)
                n.seeds.append(entry["index"])
                entry["seeders"].append(n.addr)
                handles[entry["index"], n.addr] = h
        # Wait until every (torrent, seeder) is stored under every DHT key on
        # enough nodes; force announces for what is missing.
        need = min(3, len(self.nodes) - 1)
        end = time.monotonic() + o.ready_timeout
        # a forced announce right after add_torrent() is lost (the torrent is
        # still starting): first kick after a short pause, then every second
        next_kick = time.monotonic() + 0.2
        while True:
            missing = [(e["index"], s) for e in self.torrents for s in e["seeders"]
                       if any(sum(1 for _, peer in self.announces.get(key, ()) if peer == s) < need
                              for key in e["dhtInfoHashes"])]
            if not missing:
                break
            if time.monotonic() > end:
                raise HarnessError("torrents not announced after %ss: %s" % (o.ready_timeout, missing[:10]))
            if time.monotonic() >= next_kick:
                next_kick = time.monotonic() + 1.0
                for key in missing:
                    handles[key].force_dht_announce()
            self.poll(0.05)
        log("%d torrents announced (each key stored on >= %d nodes per seeder)", len(self.torrents), need)

    def krpc_self_check(self):
        """Ping every node from outside (checks the fixed node ids) and sample it (BEP 51)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        my_id = hashlib.sha1(b"lodestone-harness-probe").digest()
        sampled = set()
        try:
            for n in self.nodes:
                addr = (n.host, n.port)
                r = krpc(sock, addr, "ping", {"id": my_id}, b"pi")
                got = ((r or {}).get(b"r") or {}).get(b"id", b"")
                if got.hex() != n.node_id:
                    raise HarnessError("node %s: KRPC ping answered %r, expected node id %s"
                                       % (n.addr, r, n.node_id))
                r = krpc(sock, addr, "sample_infohashes", {"id": my_id, "target": os.urandom(20)}, b"si")
                s = ((r or {}).get(b"r") or {}).get(b"samples", b"")
                sampled.update(s[i:i + 20].hex() for i in range(0, len(s), 20))
        finally:
            sock.close()
        want = {h for e in self.torrents for h in e["dhtInfoHashes"]}
        return len(want & sampled)

    def manifest(self, timings, coverage):
        o = self.o
        return {
            "version": 1,
            "pid": os.getpid(),
            "libtorrent": lt.__version__,
            "seed": o.seed,
            "workdir": o.workdir,
            "bind": o.bind,
            "port": self.port,
            "durationS": o.duration,
            "bootstrap": [n.addr for n in self.nodes],
            "nodes": [{"index": n.index, "host": n.host, "port": n.port, "addr": n.addr,
                       "nodeId": n.node_id, "seeder": bool(n.seeds), "seeds": n.seeds}
                      for n in self.nodes],
            "torrents": self.torrents,
            "sampleCoverage": coverage,
            "timingsS": timings,
            "settings": dict(LOOPBACK_SETTINGS, dht_sample_infohashes_interval=o.sample_interval,
                             dht_announce_interval=o.announce_interval),
        }

    # -- commands (JSON lines on stdin once ready) ----------------------------
    def run_commands(self):
        while True:
            try:
                cmd = self.commands.get_nowait()
            except queue.Empty:
                return
            reply = {"reply": cmd.get("cmd"), "id": cmd.get("id")}
            self.in_command = True
            try:
                reply.update(self.command(cmd))
                reply["ok"] = True
            except (HarnessError, KeyError, ValueError, TypeError, IndexError, RuntimeError) as e:
                reply.update({"ok": False, "error": "%s: %s" % (type(e).__name__, e)})
            finally:
                self.in_command = False
            emit(reply)

    def command(self, cmd):
        name = cmd.get("cmd")
        if name == "ping":
            return {}
        if name == "stats":
            self.refresh_stats()
            return {"nodes": [dict(n.counters, index=n.index, addr=n.addr) for n in self.nodes]}
        if name == "add_node":
            # make (some) nodes know a DHT node, e.g. the project's own node
            host, port = cmd["addr"].rsplit(":", 1)
            if not ipaddress.ip_address(host).is_loopback:
                raise HarnessError("only 127.0.0.0/8 addresses are allowed")
            targets = cmd.get("nodes") or list(range(len(self.nodes)))
            for i in targets:
                self.nodes[i].session.add_dht_node((host, int(port)))
            return {"nodes": targets}
        if name == "announce":
            for n in self.nodes:
                for h in n.handles:
                    h.force_dht_announce()
            return {}
        if name == "peer_connects":
            # per torrent name, peer connections since the testnet became ready
            return {"byName": dict(self.peer_connects)}
        if name == "stop":
            self.stop_reason = "stop command"
            return {}
        if name == "get_peers":
            # libtorrent's own iterative get_peers lookup, as a client would run it
            n = self.nodes[int(cmd.get("node", 0))]
            a = self.dht_request(n, lt.dht_get_peers_reply_alert, float(cmd.get("timeout", 15)),
                                 lambda: n.session.dht_get_peers(lt.sha1_hash(bytes.fromhex(cmd["info_hash"]))))
            return {"peers": sorted({"%s:%d" % (p[0], p[1]) for p in a.peers()}) if a else [],
                    "completed": a is not None}
        if name == "sample":
            # BEP 51 sample_infohashes sent by libtorrent to any endpoint (e.g. the project's node)
            n = self.nodes[int(cmd.get("node", 0))]
            host, port = cmd["endpoint"].rsplit(":", 1)
            if not ipaddress.ip_address(host).is_loopback:
                raise HarnessError("only 127.0.0.0/8 addresses are allowed")
            target = bytes.fromhex(cmd.get("target") or "00" * 20)
            a = self.dht_request(n, lt.dht_sample_infohashes_alert, float(cmd.get("timeout", 10)),
                                 lambda: n.session.dht_sample_infohashes((host, int(port)), lt.sha1_hash(target)))
            if a is None:
                return {"answered": False}
            return {"answered": True, "samples": sorted(str(h) for h in a.samples),
                    "num": a.num_infohashes, "interval": int(a.interval.total_seconds()),
                    "nodes": a.num_nodes}
        if name == "live_nodes":
            # what the node's routing table holds right now
            n = self.nodes[int(cmd.get("node", 0))]
            a = self.dht_request(n, lt.dht_live_nodes_alert, float(cmd.get("timeout", 5)),
                                 lambda: n.session.dht_live_nodes(lt.sha1_hash(bytes.fromhex(n.node_id))))
            nodes = [{"id": str(x["nid"]), "addr": "%s:%d" % (x["endpoint"][0], x["endpoint"][1])}
                     for x in (a.nodes if a else [])]
            return {"nodes": nodes}
        raise HarnessError("unknown command %r (ping, stats, add_node, announce, get_peers, sample, "
                           "live_nodes, peer_connects, stop)" % name)

    def dht_request(self, n, alert_type, timeout, start):
        """Enable DHT operation alerts on node n, start a request, wait for its alert."""
        cat = lt.alert.category_t
        keep = cat.error_notification | cat.status_notification | cat.connect_notification
        n.session.apply_settings({"alert_mask": keep | cat.dht_operation_notification})
        self.dht_replies = []
        try:
            start()
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                self.poll(0.02)
                for idx, a in self.dht_replies:
                    if idx == n.index and isinstance(a, alert_type):
                        return a
            return None
        finally:
            n.session.apply_settings({"alert_mask": keep})

    def read_stdin(self):
        """Queue JSON commands from stdin; on EOF stop if --stop-on-stdin-eof."""
        try:
            for line in sys.stdin.buffer:
                line = line.strip()
                if not line:
                    continue
                try:
                    cmd = json.loads(line.decode("utf-8"))
                    if not isinstance(cmd, dict):
                        raise ValueError("not an object")
                except ValueError as e:
                    emit({"reply": None, "ok": False, "error": "bad command line: %s" % e})
                    continue
                self.commands.put(cmd)
        except (OSError, ValueError):
            pass
        if self.o.stop_on_stdin_eof:
            self.stop_reason = self.stop_reason or "stdin closed"

    # -- main -----------------------------------------------------------------
    def run(self):
        o = self.o
        timings = {}
        t = time.monotonic()
        self.generate()
        timings["generate"] = round(time.monotonic() - t, 3)
        t = time.monotonic()
        self.start_nodes()
        self.bootstrap()
        timings["bootstrap"] = round(time.monotonic() - t, 3)
        t = time.monotonic()
        if self.torrents:
            self.seed()
        timings["announce"] = round(time.monotonic() - t, 3)
        coverage = self.krpc_self_check()
        timings["total"] = round(time.monotonic() - T0, 3)
        doc = self.manifest(timings, coverage)
        if o.out_manifest:
            tmp = o.out_manifest + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2, ensure_ascii=False)
            os.replace(tmp, o.out_manifest)
        # quieter once ready: announces no longer need to be watched; peer connections are counted
        keep = (lt.alert.category_t.error_notification | lt.alert.category_t.status_notification
                | lt.alert.category_t.connect_notification)
        for n in self.nodes:
            n.session.apply_settings({"alert_mask": keep})
        self.ready = True
        log("ready in %.2fs: %d nodes on port %d, %d torrents", timings["total"], len(self.nodes),
            self.port, len(self.torrents))
        emit({"ready": True, "manifest": doc})
        deadline = time.monotonic() + o.duration
        while time.monotonic() < deadline:
            self.poll(0.2)
        raise Stop("duration of %ss over" % o.duration)

    def close_sessions(self):
        for n in self.nodes:
            n.handles.clear()
            try:
                n.session.pause()
            except RuntimeError:
                pass
        for n in self.nodes:
            n.session = None        # the destructor waits for libtorrent's threads
        self.nodes = []


def cmd_testnet(o):
    if o.nodes < 2:
        raise HarnessError("--nodes must be >= 2")
    if not 0 <= o.seeders <= o.nodes:
        raise HarnessError("--seeders must be between 0 and --nodes")
    if o.torrents and not o.seeders:
        raise HarnessError("torrents need at least one seeder")
    o.replicas = [max(1, min(int(r), o.seeders or 1)) for r in o.replicas.split(",")]
    o.host = ipaddress.ip_address(o.host or ("127.0.0.2" if o.bind == "ips" else "127.0.0.1"))
    last = o.host + (o.nodes - 1 if o.bind == "ips" else 0)
    if o.host.version != 4 or not (o.host.is_loopback and last.is_loopback):
        raise HarnessError("node addresses must stay inside 127.0.0.0/8")
    if o.port and not 1024 <= o.port <= 65535 - o.nodes:
        raise HarnessError("bad --port")
    for url in o.tracker:
        host = url.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise HarnessError("tracker %s: only literal 127.0.0.0/8 addresses are allowed" % url)
    if not 1 <= o.many_files <= MAX_MANY_FILES:
        raise HarnessError("--many-files must be in 1..%d" % MAX_MANY_FILES)
    o.sizes = [parse_size(s) for s in o.sizes.split(",")]
    o.piece_sizes = [0 if s.strip() == "auto" else parse_size(s) for s in o.piece_sizes.split(",")]
    for ps in o.piece_sizes:
        if ps and (ps < 16384 or ps & (ps - 1)):
            raise HarnessError("piece size %d: must be a power of two >= 16K" % ps)
    o.names = []
    if o.names_file:
        with open(o.names_file, encoding="utf-8") as f:
            o.names = [line.strip() for line in f if line.strip()]
        for n in o.names:
            if "/" in n or n in (".", "..") or len(n.encode("utf-8")) > 255:
                raise HarnessError("--names: %r is not a file name" % n)
    o.formats = [f.strip() for f in o.formats.split(",")]
    o.layouts = [f.strip() for f in o.layouts.split(",")]
    if set(o.formats) - set(FORMAT_FLAGS) or set(o.layouts) - {"single", "multi", "many"}:
        raise HarnessError("bad --formats / --layouts")

    own_workdir = o.workdir is None
    o.workdir = os.path.abspath(o.workdir or tempfile.mkdtemp(prefix="lt-testnet-"))
    os.makedirs(o.workdir, exist_ok=True)
    if o.out_manifest:
        o.out_manifest = os.path.abspath(o.out_manifest)
    net = Testnet(o)

    def on_signal(signum, _frame):
        net.stop_reason = net.stop_reason or "signal %d" % signum
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, on_signal)
    threading.Thread(target=net.read_stdin, name="stdin", daemon=True).start()

    rc, reason = 0, None
    try:
        net.run()
    except Stop as s:
        reason = s.reason
        log("stopping: %s", reason)
    except HarnessError as e:
        msg = str(e).replace("listen_failed:", "", 1)
        reason = "error: " + msg
        log("ERROR: %s", msg)
        emit({"ready": False, "error": msg})
        rc = 1
    finally:
        # the session destructors should take well under a second; never hang here
        guard = threading.Timer(30, lambda: (log("shutdown hangs; exiting"), os._exit(1)))
        guard.daemon = True
        guard.start()
        t = time.monotonic()
        if rc == 0:
            net.close_sessions()
        # after a failed start libtorrent's session destructors have been seen to abort (exit
        # 134): nothing is running yet, so skip them and exit plainly below
        if o.out_manifest:
            for p in (o.out_manifest, o.out_manifest + ".tmp"):
                if os.path.exists(p) and not o.keep:
                    os.unlink(p)
        if own_workdir and not o.keep:
            shutil.rmtree(o.workdir, ignore_errors=True)
        log("stopped (sessions closed in %.2fs)", time.monotonic() - t)
        emit({"stopped": True, "reason": reason})
        if rc != 0:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(rc)
    return rc


# ---------------------------------------------------------------------------
# resolve: libtorrent as the resolver to compare with (benchmarks)
# ---------------------------------------------------------------------------

MAX_MAGNETS = 10000


def loopback_endpoint(text):
    host, sep, port = text.rpartition(":")
    try:
        if sep and ipaddress.ip_address(host).is_loopback and 0 < int(port) < 65536:
            return host, int(port)
    except ValueError:
        pass
    raise HarnessError("%r: only a literal 127.0.0.0/8 host:port is allowed" % text)


def resolver_session(o, bootstrap):
    """A session that seeds nothing: DHT from the given nodes, no queueing of the magnets."""
    cat = lt.alert.category_t
    s = dict(LOOPBACK_SETTINGS)
    s.update({
        "listen_interfaces": "127.0.0.1:0",
        "enable_outgoing_utp": not o.no_utp, "enable_incoming_utp": not o.no_utp,
        "alert_mask": cat.error_notification | cat.status_notification,
        "alert_queue_size": 10000,
        # every magnet active at once: libtorrent queues auto-managed torrents beyond these
        "active_limit": 100000, "active_downloads": 100000, "active_dht_limit": 100000,
        "active_tracker_limit": 100000,
        "user_agent": "lt_harness/libtorrent-%s" % lt.__version__,
    })
    ses = lt.session(s)
    for ep in bootstrap:
        ses.add_dht_node(ep)
    return ses


def dht_node_count(ses, timeout=2.0):
    ses.post_session_stats()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ses.wait_for_alert(50)
        for a in ses.pop_alerts():
            if isinstance(a, lt.session_stats_alert):
                return a.values["dht.dht_nodes"]
    return 0


def count_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return min(MAX_MAGNETS, max(1, sum(1 for line in f if line.strip())))
    except (OSError, ValueError):
        return 1


def read_magnets(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    except (OSError, ValueError) as e:
        raise HarnessError("cannot read magnets from %s: %s" % (path, e))


def parse_magnet(m):
    try:
        return lt.parse_magnet_uri(m)
    except RuntimeError as e:
        raise HarnessError("bad magnet %r: %s" % (m, e))


def resolve_group(ses, atps, group, save, timeout, report):
    """Adds the magnets atps[i] for i in group at once; returns ({i: ms}, [failed i])."""
    # upload mode: after the metadata nothing is downloaded before the torrent is removed
    flags = ((lt.torrent_flags.default_flags & ~lt.torrent_flags.auto_managed
              & ~lt.torrent_flags.paused) | lt.torrent_flags.upload_mode)
    started, pending, times, failed = {}, {}, {}, []
    for i in group:
        atp = atps[i]
        atp.save_path = save
        atp.flags = flags
        started[i] = time.monotonic()
        h = ses.add_torrent(atp)
        # libtorrent paces the DHT lookups of new torrents (one every few seconds);
        # a resolver asks for each at once
        h.force_dht_announce()
        pending[h] = i
    end = time.monotonic() + timeout
    while pending and time.monotonic() < end:
        ses.wait_for_alert(10)
        for a in ses.pop_alerts():
            if isinstance(a, lt.metadata_received_alert) and a.handle in pending:
                i = pending.pop(a.handle)
                times[i] = (time.monotonic() - started[i]) * 1000.0
                if report:
                    emit({"index": i, "ms": round(times[i], 3)})
                ses.remove_torrent(a.handle)
    for h, i in pending.items():
        failed.append(i)
        if report:
            emit({"index": i, "error": "no metadata within %ss" % timeout})
        ses.remove_torrent(h)
    return times, failed


def cmd_resolve(o):
    bootstrap = [loopback_endpoint(b) for b in o.bootstrap]
    if not bootstrap:
        raise HarnessError("--bootstrap needs at least one node")
    magnets = read_magnets(o.magnets)
    if not 0 < len(magnets) <= MAX_MAGNETS:
        raise HarnessError("%s: 1..%d magnets expected" % (o.magnets, MAX_MAGNETS))
    warm = read_magnets(o.warmup)[:MAX_MAGNETS] if o.warmup else []
    atps = [parse_magnet(m) for m in magnets]
    warm_atps = [parse_magnet(m) for m in warm]
    save = tempfile.mkdtemp(prefix="lt-resolve-")
    ses = resolver_session(o, bootstrap)
    try:
        # timed from a warm DHT, as the other side of the comparison is
        t = time.monotonic()
        want = min(8, len(bootstrap))
        while dht_node_count(ses) < want:
            if time.monotonic() - t > o.timeout:
                raise HarnessError("DHT not bootstrapped within %ss" % o.timeout)
            time.sleep(0.05)
        log("DHT warm after %.2fs", time.monotonic() - t)
        for i in range(len(warm_atps)):
            resolve_group(ses, warm_atps, [i], save, o.timeout, report=False)
        groups = [list(range(len(atps)))] if o.at_once else [[i] for i in range(len(atps))]
        times, failed = {}, []
        t_all = time.monotonic()
        for group in groups:
            t, f = resolve_group(ses, atps, group, save, o.timeout, report=True)
            times.update(t)
            failed += f
        wall = time.monotonic() - t_all
        emit({"summary": {"magnets": len(atps), "resolved": len(times), "failed": len(failed),
                          "wallSeconds": round(wall, 3), "atOnce": bool(o.at_once)}})
    finally:
        ses.pause()
        del ses
        shutil.rmtree(save, ignore_errors=True)
    return 0


# ---------------------------------------------------------------------------
# command line
# ---------------------------------------------------------------------------

def setting_overrides(pairs):
    """KEY=VALUE strings to a libtorrent settings dict; unknown keys are an error."""
    known = lt.default_settings()
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in known:
            raise HarnessError("bad --setting %r (expected a libtorrent setting KEY=VALUE)" % pair)
        current = known[key]
        if isinstance(current, bool):
            out[key] = value.lower() in ("1", "true", "yes")
        elif isinstance(current, int):
            out[key] = int(value)
        else:
            out[key] = value
    return out


def parse_args(argv):
    p = argparse.ArgumentParser(prog=PROG, description="libtorrent driver for Lodestone's tests")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("version")
    s.add_argument("--timeout", type=float, default=30)

    s = sub.add_parser("create", help="create a .torrent with libtorrent")
    s.add_argument("--path", required=True, help="file or directory to share")
    s.add_argument("--out", required=True, help=".torrent to write")
    s.add_argument("--format", choices=sorted(FORMAT_FLAGS), default="hybrid")
    s.add_argument("--piece-length", type=int, default=0, help="bytes; 0 = libtorrent picks")
    s.add_argument("--private", action="store_true")
    s.add_argument("--tracker", action="append", default=[], help="announce URL (one tier each)")
    s.add_argument("--comment")
    s.add_argument("--file-order", choices=["sorted", "native"], default="sorted",
                   help="sorted: by path components (deterministic); native: lt.add_files' walk")
    s.add_argument("--timeout", type=float, default=600)

    s = sub.add_parser("info", help="libtorrent's view of a .torrent")
    s.add_argument("--torrent", required=True, action="append", help="repeatable: one line each")
    s.add_argument("--timeout", type=float, default=60)

    s = sub.add_parser("check", help="hash-check data against a .torrent")
    s.add_argument("--torrent", required=True)
    s.add_argument("--save-path", required=True, help="directory holding the torrent's name")
    s.add_argument("--timeout", type=float, default=300)

    s = sub.add_parser("resolve", help="time to metadata of magnets with a fresh libtorrent session")
    s.add_argument("--bootstrap", action="append", default=[], metavar="H:P", help="DHT node (repeatable)")
    s.add_argument("--magnets", required=True, help="file with one magnet per line")
    s.add_argument("--at-once", action="store_true", help="add every magnet at once (default: one by one)")
    s.add_argument("--warmup", help="file with magnets resolved one by one first, untimed and unreported")
    s.add_argument("--no-utp", action="store_true", help="TCP only for peer connections")
    s.add_argument("--timeout", type=float, default=60, help="seconds per magnet (at once: in all)")

    s = sub.add_parser("testnet", help="loopback DHT of libtorrent nodes and seeders")
    s.add_argument("--nodes", type=int, default=10)
    s.add_argument("--torrents", type=int, default=3)
    s.add_argument("--seeders", type=int, default=1, help="the first S nodes seed")
    s.add_argument("--replicas", default="1",
                   help="seeders per torrent, or a comma list cycled over the torrents (1,2,3)")
    s.add_argument("--bind", choices=["ips", "ports"], default="ips",
                   help="ips: node i on HOST+i:PORT; ports: node i on HOST:PORT+i")
    s.add_argument("--host", help="first address (127.0.0.2 for ips, 127.0.0.1 for ports)")
    s.add_argument("--port", type=int, default=0, help="0: pick a free one")
    s.add_argument("--fanout", type=int, default=6, help="nodes each node is told about at start")
    s.add_argument("--seed", type=int, default=1, help="makes content, hashes and node ids deterministic")
    s.add_argument("--sizes", default="64K,300K,1M", help="total sizes, cycled over torrents")
    s.add_argument("--piece-sizes", default="auto", help="auto or powers of two >= 16K, cycled")
    s.add_argument("--formats", default="v1,v2,hybrid", help="cycled over torrents")
    s.add_argument("--layouts", default="single,multi",
                   help="cycled over torrents: single, multi, many (--many-files files, long names)")
    s.add_argument("--many-files", type=int, default=2000, help="files of a torrent with layout many")
    s.add_argument("--names", dest="names_file", help="UTF-8 file of torrent names, one a line, for single-file torrents in order"
                   " (release-style names for classifier and Torznab tests)")
    s.add_argument("--tracker", action="append", default=[], help="loopback announce URL for the torrents")
    s.add_argument("--no-utp", action="store_true", help="TCP only for peer connections")
    s.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE",
                   help="override a libtorrent setting of every node (int, true/false or text), "
                        "e.g. dht_upload_rate_limit=2000000000 for benchmarks")
    s.add_argument("--sample-interval", type=int, default=0,
                   help="BEP 51 interval (libtorrent default 21600; 0 = fresh sample per query)")
    s.add_argument("--announce-interval", type=int, default=300)
    s.add_argument("--workdir", help="content + .torrent files (default: temp dir, removed at exit)")
    s.add_argument("--out-manifest", help="also write the manifest here (removed at exit)")
    s.add_argument("--keep", action="store_true", help="keep workdir and manifest at exit")
    s.add_argument("--duration", type=float, default=600, help="seconds to run once ready")
    s.add_argument("--ready-timeout", type=float, default=60, help="max seconds per start-up phase")
    s.add_argument("--stop-on-stdin-eof", action="store_true",
                   help="stop when stdin closes (dies with the parent process)")
    return p.parse_args(argv)


COMMANDS = {"version": cmd_version, "create": cmd_create, "info": cmd_info,
            "check": cmd_check, "testnet": cmd_testnet, "resolve": cmd_resolve}


def main(argv=None):
    o = parse_args(argv)
    if o.command == "testnet":
        limit = o.duration + 4 * o.ready_timeout + 60
    elif o.command == "resolve":
        # one timeout per magnet one by one, or one in all
        limit = o.timeout * (1 if o.at_once else count_lines(o.magnets)) + 60
        if o.warmup:
            limit += o.timeout * count_lines(o.warmup)
    else:
        limit = o.timeout + 10
    arm_hard_timeout(limit, o.command)
    try:
        return COMMANDS[o.command](o)
    except HarnessError as e:
        log("ERROR: %s", e)
        emit({"error": str(e)})
        return 1


if __name__ == "__main__":
    sys.exit(main())
