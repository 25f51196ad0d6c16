#!/usr/bin/env python3
"""A single libtorrent peer for Lodestone's interop tests and download benchmark.

  leech (--torrent F.torrent | --magnet URI) --save DIR --peer H:P [--peer H:P]...
        [--timeout S] [--download-limit B] [--encryption forced|enabled|disabled]
      downloads from exactly the given peers (no DHT, no trackers, TCP only) and
      prints {"ok": true, "seconds", "bytes", "cpuSeconds", "peers"} once every
      piece is verified, or {"error": ...}.
  seed --torrent F.torrent --save DIR [--port P] [--upload-limit B] [--duration S]
        [--encryption forced|enabled|disabled]
      seeds data already on disk (hash-checked first), prints
      {"ready": true, "port": P} and runs until stdin EOF or --duration.

--encryption sets libtorrent's out_enc_policy and in_enc_policy (MSE/PE); forced also
limits allowed_enc_level to rc4, so every connection is RC4-encrypted both ways.
--transport (both commands) is tcp (the default), utp (TCP disabled both ways, so only
uTP can carry a connection) or both.

  relay --torrent F.torrent --save DIR --listen H:P [--upload-limit B] [--duration S]
      joins the torrent with no data, uTP and TCP both on, and waits for peers to
      dial it (a BEP 55 relay between them); prints {"ready": true, "port": P} and
      runs until stdin EOF or --duration.

Progress goes to stderr. Every run has a hard time limit. Loopback only.
Needs Debian's python3-libtorrent (apt-get install python3-libtorrent).
"""
import argparse
import ipaddress
import json
import os
import resource
import sys
import threading
import time

SYSTEM_PYTHON = "/usr/bin/python3"

try:
    import libtorrent as lt
except ImportError as error:
    if (os.environ.get("LT_PEER_REEXEC") != "1" and os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        os.environ["LT_PEER_REEXEC"] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    print(json.dumps({"error": "cannot import libtorrent: %s" % error}), flush=True)
    sys.exit(3)


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def log(msg):
    sys.stderr.write("lt_peer: %s\n" % msg)
    sys.stderr.flush()


def encryption_settings(mode):
    if not mode:
        return {}
    policy = {"forced": lt.enc_policy.forced, "enabled": lt.enc_policy.enabled,
              "disabled": lt.enc_policy.disabled}[mode]
    level = lt.enc_level.rc4 if mode == "forced" else lt.enc_level.both
    return {"out_enc_policy": int(policy), "in_enc_policy": int(policy), "allowed_enc_level": int(level),
            "prefer_rc4": mode == "forced"}


def transport_settings(transport):
    tcp = transport in (None, "tcp", "both")
    utp = transport in ("utp", "both")
    return {"enable_outgoing_utp": utp, "enable_incoming_utp": utp,
            "enable_outgoing_tcp": tcp, "enable_incoming_tcp": tcp}


def settings(listen, encryption=None, transport=None):
    # libtorrent's defaults are for the internet: no DHT, LSD, UPnP; one
    # connection per IP would refuse local peers sharing 127.0.0.1; TCP only
    # unless --transport says otherwise.
    return {
        "listen_interfaces": listen,
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "enable_ip_notifier": False, "dht_bootstrap_nodes": "",
        "listen_system_port_fallback": False, "max_retry_port_bind": 0,
        "allow_multiple_connections_per_ip": True,
        "send_socket_buffer_size": 4 << 20, "recv_socket_buffer_size": 4 << 20,
        "alert_mask": lt.alert.category_t.error_notification | lt.alert.category_t.status_notification,
        "user_agent": "lodestone-lt-peer/libtorrent-%s" % lt.__version__,
        **encryption_settings(encryption),
        **transport_settings(transport),
    }


def loopback(hostport):
    host, port = hostport.rsplit(":", 1)
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit("only 127.0.0.0/8 peers are allowed: %s" % hostport)
    return host, int(port)


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def hard_limit(seconds):
    def fire():
        emit({"error": "hard time limit of %ss reached" % seconds})
        os._exit(124)
    t = threading.Timer(seconds, fire)
    t.daemon = True
    t.start()


def cmd_leech(o):
    peers = [loopback(p) for p in o.peer]
    ses = lt.session(settings("127.0.0.1:0", o.encryption, o.transport))
    atp = lt.parse_magnet_uri(o.magnet) if o.magnet else lt.add_torrent_params()
    if o.torrent:
        atp.ti = lt.torrent_info(o.torrent)
    atp.save_path = o.save
    atp.flags = lt.torrent_flags.default_flags & ~lt.torrent_flags.auto_managed & ~lt.torrent_flags.paused
    if o.start_at:
        time.sleep(max(0.0, o.start_at - time.time()))  # a benchmark lines the start up with the seeder's
    cpu0, t0 = cpu_seconds(), time.monotonic()
    h = ses.add_torrent(atp)
    if o.download_limit:
        h.set_download_limit(o.download_limit)   # per torrent: session limits exempt local peers
    for p in peers:
        h.connect_peer(p)
    end = t0 + o.timeout
    last_log, last_connect = t0, t0
    progress = []  # (seconds, payload bytes received): the status read each turn anyway
    while time.monotonic() < end:
        ses.wait_for_alert(100)
        for a in ses.pop_alerts():
            if isinstance(a, (lt.torrent_error_alert, lt.file_error_alert)):
                emit({"error": a.message()})
                return 1
        s = h.status()
        progress.append((round(time.monotonic() - t0, 3), s.total_payload_download))
        if s.is_seeding:
            emit({"ok": True, "seconds": round(time.monotonic() - t0, 3), "bytes": s.total_wanted_done,
                  "cpuSeconds": round(cpu_seconds() - cpu0, 3), "payloadDown": s.total_payload_download,
                  "progress": progress})
            return 0
        now = time.monotonic()
        if now - last_connect > 2 and s.num_peers < len(peers):
            for p in peers:
                h.connect_peer(p)
            last_connect = now
        if now - last_log > 2:
            log("%.1f%% %d peers %.1f MB/s" % (s.progress * 100, s.num_peers, s.download_payload_rate / 1e6))
            last_log = now
    s = h.status()
    emit({"error": "not complete within %ss (%.1f%%, %d peers)" % (o.timeout, s.progress * 100, s.num_peers)})
    return 2


def add_torrent(ses, o):
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(o.torrent)
    atp.save_path = o.save
    atp.flags = lt.torrent_flags.default_flags & ~lt.torrent_flags.auto_managed & ~lt.torrent_flags.paused
    h = ses.add_torrent(atp)
    if o.upload_limit:
        h.set_upload_limit(o.upload_limit)       # per torrent: session limits exempt local peers
    return h


def cmd_seed(o):
    ses = lt.session(settings("127.0.0.1:%d" % o.port, o.encryption, o.transport))
    h = add_torrent(ses, o)
    end = time.monotonic() + o.duration
    while not h.status().is_seeding:
        if time.monotonic() > end:
            emit({"error": "data does not check out"})
            return 1
        ses.wait_for_alert(100)
        ses.pop_alerts()
    emit({"ready": True, "port": ses.listen_port()})
    stop = threading.Event()

    def watch_stdin():
        sys.stdin.read()
        stop.set()
    threading.Thread(target=watch_stdin, daemon=True).start()
    while not stop.is_set() and time.monotonic() < end:
        ses.wait_for_alert(200)
        ses.pop_alerts()
    s = h.status()
    emit({"stopped": True, "uploaded": s.total_payload_upload})
    return 0


def cmd_relay(o):
    host, _ = loopback(o.listen)
    ses = lt.session(settings(o.listen, None, "both"))
    h = add_torrent(ses, o)
    emit({"ready": True, "host": host, "port": ses.listen_port()})
    stop = threading.Event()

    def watch_stdin():
        sys.stdin.read()
        stop.set()
    threading.Thread(target=watch_stdin, daemon=True).start()
    end = time.monotonic() + o.duration
    last_log = 0
    while not stop.is_set() and time.monotonic() < end:
        ses.wait_for_alert(200)
        ses.pop_alerts()
        if time.monotonic() - last_log > 2:
            s = h.status()
            log("relay: %d peers, %.1f%%" % (s.num_peers, s.progress * 100))
            last_log = time.monotonic()
    s = h.status()
    emit({"stopped": True, "uploaded": s.total_payload_upload})
    return 0


def main():
    p = argparse.ArgumentParser(prog="lt_peer")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("leech")
    s.add_argument("--torrent")
    s.add_argument("--magnet")
    s.add_argument("--save", required=True)
    s.add_argument("--peer", action="append", default=[])
    s.add_argument("--timeout", type=float, default=120)
    s.add_argument("--download-limit", type=int, default=0)
    s.add_argument("--start-at", type=float, default=0, help="wall-clock time (epoch seconds) to start at")
    s.add_argument("--encryption", choices=["forced", "enabled", "disabled"])
    s.add_argument("--transport", choices=["tcp", "utp", "both"], default="tcp")
    s = sub.add_parser("seed")
    s.add_argument("--torrent", required=True)
    s.add_argument("--save", required=True)
    s.add_argument("--port", type=int, default=0)
    s.add_argument("--upload-limit", type=int, default=0)
    s.add_argument("--duration", type=float, default=600)
    s.add_argument("--encryption", choices=["forced", "enabled", "disabled"])
    s.add_argument("--transport", choices=["tcp", "utp", "both"], default="tcp")
    s = sub.add_parser("relay")
    s.add_argument("--torrent", required=True)
    s.add_argument("--save", required=True)
    s.add_argument("--listen", required=True)
    s.add_argument("--upload-limit", type=int, default=0)
    s.add_argument("--duration", type=float, default=300)
    o = p.parse_args()
    if o.command == "leech" and not (o.torrent or o.magnet):
        p.error("leech needs --torrent or --magnet")
    hard_limit((o.timeout if o.command == "leech" else o.duration) + 30)
    if o.command == "relay":
        return cmd_relay(o)
    return cmd_leech(o) if o.command == "leech" else cmd_seed(o)


if __name__ == "__main__":
    sys.exit(main())
