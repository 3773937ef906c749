"""Load test: Locust users doing a provincial committee's round against the deployment of
``deploy/`` (N app processes behind nginx, one PostgreSQL), over Streamlit's WebSocket.

For each number of app processes and each number of users, a fresh stack
(:class:`benchmarks.stack.Stack`) is started and warmed (each process draws the round once),
then ``locust --headless`` runs ``benchmarks/locustfile.py`` for ``--seconds`` with that many
users, spawned over the first fifth of the run, and stops by itself. Loopback only.

Reported per cell: p50 / p95 of page script time (request to ``script_finished``) per page,
failed page runs, drafts saved, drafts lost (confirmed on the page but not in the database)
or doubled (in the database more than once, or with other than one ``create`` audit entry),
resident memory per process (peak during the run) and memory per additional session
(peak minus the warmed process, divided by the sessions it held).

Exit status 1 when any page failed or any write was lost or doubled (CI runs it small:
``python benchmarks/loadtest.py --users 5 --processes 2 --seconds 30``).

Usage: ``python benchmarks/loadtest.py [--users 10 30 60] [--processes 1 2] [--seconds 30]
[--db URL]`` (default: a private PostgreSQL server from ``tests/pg.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stack import Stack  # noqa: E402
from benchmarks.stclient import StreamlitSession  # noqa: E402

PASSWORD = "Load-test 2026 青年之家"
PAGES = ("login", "overview", "scoring", "selection", "pairing", "management", "save draft")
"""Columns of the time table (also recorded: "type name", and under a kill "reconnect" and
"sign in again")."""


@dataclass
class Cell:
    processes: int
    users: int
    stats: dict[str, dict[str, str]] = field(default_factory=dict)
    failures: int = 0
    requests: int = 0
    saved: int = 0
    lost: int = 0
    doubled: int = 0
    rss_warm: dict[int, float] = field(default_factory=dict)
    rss_peak: dict[int, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    killed: int | None = None

    def count(self, name: str) -> int:
        return int(self.stats.get(name, {}).get("Request Count", 0) or 0)

    @property
    def per_session_mb(self) -> float:
        grown = sum(self.rss_peak[p] - self.rss_warm[p] for p in self.rss_warm)
        return grown / max(self.users, 1)


def make_accounts(url: str, provinces: list[str]) -> None:
    from geo import store

    db = store.open_store(url)
    try:
        for code in provinces:
            if store.get_user(db, f"load{code}") is None:
                store.create_user(db, f"load{code}", PASSWORD, "province", code)
    finally:
        db.dispose()


def warm(stack: Stack, provinces: list[str]) -> None:
    """Each process draws the round once (its caches filled), straight on its port."""
    for port in stack.ports:
        with StreamlitSession(f"http://127.0.0.1:{port}", timeout=600) as tab:
            tab.login(f"load{provinces[0]}", PASSWORD)
            for page in ("", "scoring", "selection", "pairing", "management"):
                run = tab.run(page, query=f"province={provinces[0]}")
                if not run.ok:
                    raise RuntimeError(f"warm-up of {page or 'overview'} failed: {run.exceptions}")


def sample_rss(stack: Stack, peak: dict[int, float], stop: threading.Event) -> None:
    while not stop.is_set():
        for port in list(stack.apps):
            with contextlib.suppress(Exception):  # a process that just went away
                peak[port] = max(peak.get(port, 0.0), stack.rss_mb(port))
        stop.wait(1.0)


def check_writes(url: str, run: str, saved_file: Path, cell: Cell) -> None:
    from sqlalchemy import text

    from geo import store

    confirmed = saved_file.read_text(encoding="utf-8").split() if saved_file.exists() else []
    cell.saved = len(confirmed)
    engine = store.make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, name FROM plans WHERE name LIKE :p"), {"p": f"{run}-%"}
        ).all()
        audits = dict(
            conn.execute(
                text(
                    "SELECT entity_id, count(*) FROM audit_log WHERE entity = 'plans' "
                    "AND action = 'create' GROUP BY entity_id"
                )
            ).all()
        )
    engine.dispose()
    in_db: dict[str, int] = {}
    for _, name in rows:
        in_db[name] = in_db.get(name, 0) + 1
    cell.lost = sum(1 for name in confirmed if name not in in_db)
    cell.doubled = sum(1 for n in in_db.values() if n > 1) + sum(
        1 for pid, _ in rows if audits.get(str(pid), 0) != 1
    )


def run_cell(
    url: str,
    processes: int,
    users: int,
    seconds: int,
    provinces: list[str],
    kill_after: float | None = None,
) -> Cell:
    cell = Cell(processes, users)
    work = Path(tempfile.mkdtemp(prefix=f"youthmap-load-{processes}p{users}u-"))
    env = {
        **os.environ,
        "YOUTHMAP_DB_URL": url,
        "YOUTHMAP_HOME": str(work / "home"),
    }
    env.pop("YOUTHMAP_NO_LOGIN", None)
    stack = Stack(work / "stack", env, processes=processes).start()
    try:
        warm(stack, provinces)
        for port in stack.ports:
            cell.rss_warm[port] = stack.rss_mb(port)
        run = f"load-{uuid.uuid4().hex[:8]}"
        saved = work / "saved.txt"
        stop = threading.Event()
        sampler = threading.Thread(target=sample_rss, args=(stack, cell.rss_peak, stop))
        sampler.start()
        killer = None
        if kill_after is not None:  # a crash in the middle of the run: SIGKILL one process
            cell.killed = stack.ports[0]
            killer = threading.Timer(kill_after, stack.kill, args=(stack.ports[0],))
            killer.start()
        spawn = max(1.0, users / max(1.0, seconds / 5))
        locust_env = {
            **env,
            "YOUTHMAP_LOAD_PASSWORD": PASSWORD,
            "YOUTHMAP_LOAD_PROVINCES": " ".join(provinces),
            "YOUTHMAP_LOAD_SAVED": str(saved),
            "YOUTHMAP_LOAD_RUN": run,
        }
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                f"{spawn:g}",
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "30",
                "--host",
                stack.url,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--exit-code-on-error",
                "0",
            ],
            env=locust_env,
            capture_output=True,
            text=True,
            timeout=seconds + 900,
        )
        stop.set()
        sampler.join()
        if killer is not None:
            killer.join()
        if done.returncode != 0:
            cell.errors.append(done.stderr[-2000:])
        with (work / "locust_stats.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                cell.stats[row["Name"]] = row
        total = cell.stats.get("Aggregated", {})
        cell.requests = int(total.get("Request Count", 0) or 0) - cell.count("reconnect")
        cell.failures = int(total.get("Failure Count", 0) or 0)
        failures = work / "locust_failures.csv"
        if failures.exists():
            cell.errors += failures.read_text(encoding="utf-8").splitlines()[1:6]
        check_writes(url, run, saved, cell)
    finally:
        stack.stop()
    return cell


def pct(cell: Cell, page: str, col: str) -> str:
    row = cell.stats.get(page)
    if not row or not int(row.get("Request Count", 0) or 0):
        return "–"
    return f"{float(row[col]) / 1000:.2f}"


def report(cells: list[Cell], seconds: int, kill_after: float | None = None) -> None:
    load = os.getloadavg()
    print(
        f"\nLocust {seconds} s per cell, loopback, nginx + PostgreSQL; machine: "
        f"{os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    print("\nPage script time, seconds (p50 / p95), request to script_finished:\n")
    head = "| processes | users | " + " | ".join(PAGES) + " |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for c in cells:
        cols = [f"{pct(c, p, '50%')} / {pct(c, p, '95%')}" for p in PAGES]
        print(f"| {c.processes} | {c.users} | " + " | ".join(cols) + " |")
    print(
        "\n| processes | users | page runs | failed | drafts saved | lost | doubled | "
        "RSS per process warm → peak (MB) | MB per added session | killed: reconnects, "
        "signed in again |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for c in cells:
        rss = ", ".join(
            f"{c.rss_warm[p]:.0f} → {c.rss_peak.get(p, c.rss_warm[p]):.0f}" for p in c.rss_warm
        )
        print(
            f"| {c.processes} | {c.users} | {c.requests} | {c.failures} | {c.saved} | "
            f"{c.lost} | {c.doubled} | {rss} | {c.per_session_mb:.1f} | "
            + (
                f"{c.killed} after {kill_after:g} s: {c.count('reconnect')}, "
                f"{c.count('sign in again')} |"
                if c.killed
                else "– |"
            )
        )
    for c in cells:
        for e in c.errors:
            print(f"  {c.processes}p/{c.users}u: {e}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, nargs="+", default=[10, 30, 60])
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument(
        "--kill-after",
        type=float,
        default=None,
        metavar="S",
        help="SIGKILL the first app process S seconds into each run (needs 2+ processes)",
    )
    ap.add_argument("--db", default=None, help="PostgreSQL URL (default: a private server)")
    args = ap.parse_args()
    # stopped from outside (SIGTERM, or SIGINT even when started in the background): unwind,
    # so the app processes, nginx and the private PostgreSQL server are stopped
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(130))
    server = None
    url = args.db
    if url is None:
        from tests.pg import PgServer

        server = PgServer().start()
        url = server.create_database("youthmap_load")
    from geo.core import regions

    provinces = [p.code for p in regions.action_provinces()]
    cells = []
    try:
        make_accounts(url, provinces)
        for processes in args.processes:
            for users in args.users:
                print(f"== {processes} process(es), {users} users", flush=True)
                cells.append(
                    run_cell(url, processes, users, args.seconds, provinces, args.kill_after)
                )
    finally:
        if server is not None:
            server.stop()
    report(cells, args.seconds, args.kill_after)
    bad = any(c.failures or c.lost or c.doubled or c.errors for c in cells)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
