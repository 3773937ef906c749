"""Concurrent writers in separate processes, and a writer killed mid-transaction, on SQLite
and on a real PostgreSQL server."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys

import pandas as pd
import pytest
from sqlalchemy import text

from geo import store
from geo.plan.auth import User
from geo.store import stress

pytest_plugins = ["tests.pg"]  # the db_url / pg_server fixtures, one server per session

WRITERS = 8
EDITS_PER_WRITER = 500
ROWS = 12
CENTRAL = User("centre", "central")
POOL_TIMEOUT_S = 600
"""Longest a pool of writer processes may take: a pool whose workers die while starting
replaces them forever, so its result is waited for with a timeout, never without."""


def writer_context() -> mp.context.BaseContext:
    """Processes started from a clean server that has imported the writers' code once.

    Each writer is a separate process with its own engine and connections, as separate app
    processes are; forking them from a ``forkserver`` that preloaded :mod:`geo.store.stress`
    spares each one the second of importing SQLAlchemy, pandas and the store that ``spawn``
    cost (about 30 s of CPU over this file).
    """
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["geo.store.stress"])
    return ctx


def run_pool(func, arglists: list[tuple], processes: int) -> list:
    """``func(*args)`` for every argument tuple in ``processes`` writer processes.

    Raises
    ------
    RuntimeError
        When the pool has not finished within :data:`POOL_TIMEOUT_S` (its workers died while
        starting, e.g. the test process's main module could not be run again).
    """
    with writer_context().Pool(processes) as pool:
        pending = pool.starmap_async(func, arglists)
        try:
            return pending.get(timeout=POOL_TIMEOUT_S)
        except mp.TimeoutError:
            raise RuntimeError(
                f"{processes} {func.__name__} processes gave no result in "
                f"{POOL_TIMEOUT_S} s; workers dying at start (main module "
                f"{getattr(sys.modules['__main__'], '__file__', None)!r}) are replaced forever"
            ) from None


def seed_plan(url: str, rows: int = ROWS) -> tuple[int, list[str]]:
    db = store.open_store(url)
    ids = [f"C{i:03d}" for i in range(rows)]
    counties = ["440106", "440105", "310101", "320102"]
    chosen = pd.DataFrame(
        {"id": ids, "name": ids, "county_code": [counties[i % len(counties)] for i in range(rows)]}
    )
    plan_id = store.create_plan(db, CENTRAL, "stress", chosen)
    db.dispose()
    return plan_id, ids


@pytest.mark.slow
def test_eight_writers_lose_no_edit_and_the_audit_log_matches(db_url):
    plan_id, ids = seed_plan(db_url)
    results = run_pool(
        stress.run_writer,
        [(db_url, plan_id, ids, EDITS_PER_WRITER, w, 7) for w in range(WRITERS)],
        WRITERS,
    )
    assert [r.errors for r in results] == [[]] * WRITERS
    for r in results:
        assert len(r.landed) + r.stale == EDITS_PER_WRITER
    landed = [edit for r in results for edit in r.landed]
    assert sum(r.stale for r in results) > 0  # the writers did collide
    assert stress.check_consistency(db_url, plan_id, landed) == []
    final = store.communities(store.open_store(db_url, upgrade=False), plan_id)
    assert int((final["version"] - 1).sum()) == len(landed)


def test_writer_killed_mid_transaction_leaves_the_database_consistent(db_url):
    plan_id, ids = seed_plan(db_url, rows=2)
    db = store.open_store(db_url, upgrade=False)
    before = store.community(db, plan_id, ids[0])
    audit_before = len(store.audit_log(db, plan_id))
    ctx = writer_context()
    ready = ctx.Event()
    proc = ctx.Process(target=stress.hold_open_transaction, args=(db_url, plan_id, ids[0], ready))
    proc.start()
    try:
        assert ready.wait(60), (
            f"the writer never reached its open transaction (exit code {proc.exitcode})"
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
    finally:
        if proc.is_alive():
            proc.kill()
    assert proc.exitcode == -signal.SIGKILL
    after = store.community(db, plan_id, ids[0])
    assert (after["note"], after["version"]) == (before["note"], before["version"])
    assert len(store.audit_log(db, plan_id)) == audit_before
    # the lock is gone: a normal write lands, and its audit entry is the only new one
    row = store.set_note(db, CENTRAL, plan_id, ids[0], "after the crash", before["version"])
    assert row["version"] == before["version"] + 1
    assert stress.check_consistency(db_url, plan_id, [(ids[0], "after the crash")]) == []
    if db.backend == "sqlite":
        with db.read() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    db.dispose()


def test_app_processes_starting_together_on_an_empty_database_migrate_once(db_url):
    revisions = run_pool(stress.open_revision, [(db_url,)] * 4, 4)
    assert revisions == [store.head_revision()] * 4
    db = store.open_store(db_url, upgrade=False)
    with db.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    db.dispose()


def test_the_wal_conversion_waits_out_another_process_within_the_busy_timeout(tmp_path):
    """``PRAGMA journal_mode=WAL`` on a new file needs it to itself and SQLite runs no busy
    handler for it: app processes opening one new file together failed at once. The
    conversion now waits for the other holder, up to the budget, then says it is locked."""
    import sqlite3
    import threading

    from geo.store.db import use_wal

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of its first write
    cur = sqlite3.connect(path, isolation_level=None).cursor()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(cur, budget_s=0.2)  # the holder outlasts the budget: said, not hidden
    threading.Timer(0.3, holder.rollback).start()
    use_wal(cur, budget_s=30)  # waits for the holder, then converts
    assert cur.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    use_wal(cur, budget_s=0)  # already WAL: nothing to convert, nothing to wait for
    holder.close()
