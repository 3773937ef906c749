"""Benchmark: concurrent writers on the YouthMap store, SQLite beside PostgreSQL.

Each writer is a separate process (``spawn``) running :func:`geo.store.stress.run_writer`:
read a random community of a plan, write a note on it with the version it read
(compare-and-set plus an audit entry in one transaction), ``--edits`` times, on
``--rows`` shared rows so writers collide. Rows of the table:

* ``youthmap`` on SQLite (WAL, ``BEGIN IMMEDIATE``) and on PostgreSQL (a private server
  started here with ``fsync`` on, as in production), with 1 and ``--writers`` writers;
* peer: a raw ``sqlite3`` single writer doing the same read, compare-and-set update and
  audit insert per edit with no SQLAlchemy, on a WAL file with the same pragmas.

Every run is checked with :func:`geo.store.stress.check_consistency` (no edit lost, audit
log equals the final state); the table says ``ok`` or the number of problems.
Edits/s counts attempts (landed + refused as stale) over the span from the first writer's
start to the last writer's end.

Usage: ``python benchmarks/concurrency.py [--writers 8] [--edits 500] [--rows 12] [--no-postgres]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import store  # noqa: E402
from geo.plan.auth import User  # noqa: E402
from geo.store import stress  # noqa: E402

CENTRAL = User("bench", "central")


def seed(url: str, rows: int) -> tuple[int, list[str]]:
    """A plan with ``rows`` communities to fight over."""
    db = store.open_store(url)
    ids = [f"C{i:03d}" for i in range(rows)]
    chosen = pd.DataFrame({"id": ids, "name": ids, "county_code": ["440106"] * rows})
    plan_id = store.create_plan(db, CENTRAL, f"bench-{time.time_ns()}", chosen)
    db.dispose()
    return plan_id, ids


def run_store(url: str, writers: int, edits: int, rows: int) -> dict:
    """``writers`` processes against the store at ``url``; one table row."""
    plan_id, ids = seed(url, rows)
    ctx = mp.get_context("spawn")
    with ctx.Pool(writers) as pool:
        results = pool.starmap(
            stress.run_writer, [(url, plan_id, ids, edits, w, 1) for w in range(writers)]
        )
    span = max(r.ended_at for r in results) - min(r.started_at for r in results)
    landed = [e for r in results for e in r.landed]
    problems = stress.check_consistency(url, plan_id, landed)
    errors = sum(len(r.errors) for r in results)
    return {
        "attempts": writers * edits,
        "landed": len(landed),
        "stale": sum(r.stale for r in results),
        "errors": errors,
        "seconds": span,
        "check": "ok" if not problems and not errors else f"{len(problems)} problems",
    }


def run_raw_sqlite(path: Path, edits: int, rows: int) -> dict:
    """The peer: one raw sqlite3 writer doing read + CAS update + audit insert per edit."""
    import json
    import random

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE r (id TEXT PRIMARY KEY, note TEXT, version INTEGER)")
    conn.execute(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, at TEXT, rid TEXT, before TEXT, after TEXT)"
    )
    ids = [f"C{i:03d}" for i in range(rows)]
    conn.executemany("INSERT INTO r VALUES (?, '', 1)", [(i,) for i in ids])
    rng = random.Random(1)
    landed = 0
    start = time.perf_counter()
    for i in range(edits):
        rid = rng.choice(ids)
        note, version = conn.execute("SELECT note, version FROM r WHERE id = ?", (rid,)).fetchone()
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute(
            "UPDATE r SET note = ?, version = version + 1 WHERE id = ? AND version = ?",
            (f"raw-{i}", rid, version),
        )
        if cur.rowcount == 1:
            conn.execute(
                "INSERT INTO a (at, rid, before, after) VALUES (datetime('now'), ?, ?, ?)",
                (
                    rid,
                    json.dumps({"note": note, "version": version}),
                    json.dumps({"note": f"raw-{i}", "version": version + 1}),
                ),
            )
            landed += 1
        conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    audited = conn.execute("SELECT count(*) FROM a").fetchone()[0]
    total_versions = conn.execute("SELECT sum(version - 1) FROM r").fetchone()[0]
    conn.close()
    return {
        "attempts": edits,
        "landed": landed,
        "stale": edits - landed,
        "errors": 0,
        "seconds": seconds,
        "check": "ok" if audited == landed == total_versions else "mismatch",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--edits", type=int, default=500, help="edits per writer")
    parser.add_argument("--rows", type=int, default=12, help="rows the writers share")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="youthmap-bench-"))
    runs: list[tuple[str, str, int, dict]] = []
    for n in (1, args.writers):
        url = f"sqlite:///{tmp / f'store-{n}.db'}"
        runs.append(("youthmap", "SQLite WAL", n, run_store(url, n, args.edits, args.rows)))
    runs.append(
        (
            "raw sqlite3 (peer)",
            "SQLite WAL",
            1,
            run_raw_sqlite(tmp / "raw.db", args.edits, args.rows),
        )
    )

    server = None
    if not args.no_postgres:
        from tests.pg import PgServer, pg_bindir

        if pg_bindir() is None:
            print("PostgreSQL not installed: skipping its rows (apt-get install postgresql)")
        else:
            server = PgServer(durable=True).start()
    try:
        if server is not None:
            for n in (1, args.writers):
                url = server.create_database(f"bench_{n}")
                runs.append(
                    (
                        "youthmap",
                        "PostgreSQL 15 (fsync on)",
                        n,
                        run_store(url, n, args.edits, args.rows),
                    )
                )
    finally:
        if server is not None:
            server.stop()

    print(
        f"{args.edits} edits per writer on {args.rows} shared rows (read, compare-and-set, audit)"
    )
    header = f"{'code':<20} {'backend':<26} {'writers':>7} {'attempts':>8} {'landed':>7} {'stale':>6} {'seconds':>8} {'edits/s':>8} {'landed/s':>8}  check"
    print(header)
    print("-" * len(header))
    for code, backend, n, r in runs:
        print(
            f"{code:<20} {backend:<26} {n:>7} {r['attempts']:>8} {r['landed']:>7} {r['stale']:>6} "
            f"{r['seconds']:>8.2f} {r['attempts'] / r['seconds']:>8.0f} {r['landed'] / r['seconds']:>8.0f}  {r['check']}"
        )


if __name__ == "__main__":
    main()
