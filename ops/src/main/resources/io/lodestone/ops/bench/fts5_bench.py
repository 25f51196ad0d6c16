#!/usr/bin/env python3
"""The SQLite FTS5 side of `lodestone bench index`.

Loads the corpus the bench wrote (one JSON object per line) into a database shaped like
magnetico's: torrents(name, size, ...) and files(path, size) tables, and an FTS5 index over the
torrent name kept by a trigger. Inserts go in transactions of --batch torrents. Then runs the
query set (each query twice: a first pass to warm the caches, the second one measured) and prints
one JSON object with the figures on stdout.

Only sqlite3 calls are timed (wall and CPU): reading and parsing the corpus lines is not part of
the ingest.
"""
import argparse
import json
import os
import sqlite3
import sys
import time

SCHEMA = [
    "PRAGMA journal_mode=WAL",
    "PRAGMA temp_store=1",
    "PRAGMA foreign_keys=ON",
    """CREATE TABLE torrents (
        id INTEGER PRIMARY KEY,
        info_hash BLOB NOT NULL UNIQUE,
        name TEXT NOT NULL,
        total_size INTEGER NOT NULL CHECK(total_size >= 0),
        discovered_on INTEGER NOT NULL)""",
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        torrent_id INTEGER REFERENCES torrents ON DELETE CASCADE ON UPDATE RESTRICT,
        size INTEGER NOT NULL,
        path TEXT NOT NULL)""",
    "CREATE INDEX files_torrent_id ON files (torrent_id)",
    # punctuation separates words, as in magnetico's index
    """CREATE VIRTUAL TABLE torrents_idx USING fts5(name, content='torrents', content_rowid='id',
        tokenize="porter unicode61 separators ' !""#$%&''()*+,-./:;<=>?@[\\]^_`{|}~'")""",
    """CREATE TRIGGER torrents_idx_ai AFTER INSERT ON torrents BEGIN
        INSERT INTO torrents_idx(rowid, name) VALUES (new.id, new.name); END""",
]

PAGE_SQL = """SELECT t.info_hash, t.name, t.total_size, t.discovered_on,
        (SELECT COUNT(*) FROM files f WHERE f.torrent_id = t.id) AS n_files
    FROM torrents_idx JOIN torrents t ON t.id = torrents_idx.rowid
    WHERE torrents_idx MATCH ? AND t.total_size BETWEEN ? AND ?
    ORDER BY torrents_idx.rank LIMIT ?"""
COUNT_SQL = """SELECT COUNT(*) FROM torrents_idx JOIN torrents t ON t.id = torrents_idx.rowid
    WHERE torrents_idx MATCH ? AND t.total_size BETWEEN ? AND ?"""
MAX_INT64 = (1 << 63) - 1


def match_expression(text):
    """Each word a quoted FTS5 string, all required: user text never reaches the query syntax."""
    words = text.split()
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def ingest(db, corpus_path, batch):
    timed = 0.0
    cpu = 0.0
    count = 0
    rows = []

    def flush():
        nonlocal timed, cpu
        c0 = time.process_time()
        t0 = time.perf_counter()
        db.execute("BEGIN")
        for t in rows:
            cur = db.execute("INSERT INTO torrents (info_hash, name, total_size, discovered_on) VALUES (?, ?, ?, ?)",
                             (bytes.fromhex(t["h"]), t["n"], t["s"], t["d"]))
            tid = cur.lastrowid
            db.executemany("INSERT INTO files (torrent_id, size, path) VALUES (?, ?, ?)",
                           [(tid, f[1], f[0]) for f in t["f"]])
        db.execute("COMMIT")
        timed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        rows.clear()

    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            count += 1
            if len(rows) >= batch:
                flush()
    if rows:
        flush()
    c0 = time.process_time()
    t0 = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    timed += time.perf_counter() - t0
    cpu += time.process_time() - c0
    return count, timed, cpu


def run_queries(db, queries, limit):
    latencies = []
    totals = []
    for q in queries:
        args = (match_expression(q["q"]), q["min"], min(q["max"], MAX_INT64))
        t0 = time.perf_counter_ns()
        db.execute(PAGE_SQL, args + (limit,)).fetchall()
        total = db.execute(COUNT_SQL, args).fetchone()[0]
        latencies.append((time.perf_counter_ns() - t0) // 1000)
        totals.append(total)
    return latencies, totals


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--limit", type=int, default=20)
    a = p.parse_args()
    db = sqlite3.connect(a.db, isolation_level=None)
    for s in SCHEMA:
        db.execute(s)
    count, ingest_seconds, ingest_cpu = ingest(db, a.corpus, a.batch)
    with open(a.queries, encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    run_queries(db, queries, a.limit)  # warm-up pass, not reported
    latencies, totals = run_queries(db, queries, a.limit)
    db.close()
    size = sum(os.path.getsize(a.db + s) for s in ("", "-wal", "-shm") if os.path.exists(a.db + s))
    json.dump({"sqliteVersion": sqlite3.sqlite_version, "torrents": count, "ingestSeconds": ingest_seconds,
               "ingestCpuSeconds": ingest_cpu,
               "diskBytes": size, "latenciesMicros": latencies, "totals": totals}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
