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
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stack import Stack  # noqa: E402
from benchmarks.stclient import StreamlitSession  # noqa: E402

PASSWORD = "Load-test 2026 青年之家"
PLAN = "load 县级记录计划"
"""The plan whose communities the county users upload records for (made by the driver)."""
COUNTY_COMMUNITIES = 3
PAGES = (
    "login",
    "overview",
    "scoring",
    "selection",
    "pairing",
    "management",
    "save draft",
    "records page",
    "records upload",
    "records import",
)
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
    county_users: int = 0
    files: int = 0
    """Record files the records page confirmed imported."""
    files_lost: int = 0
    files_doubled: int = 0
    refused: int = 0
    """Writes the page refused, and pages that stopped, with the database's sentence (each
    then sent again, as its sentence asks)."""
    db_restarted: bool = False
    drafts_at_kill: dict[str, int] | None = None
    """Each load account's saved-work version when the process was killed."""
    drafts_kept: int = 0
    """Of those, still there afterwards at that version or later."""

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


def make_county_plan(url: str, counties: int) -> list[tuple[str, list[str]]]:
    """The county users' plan (:data:`PLAN`): the first communities of the largest county
    of each of ``counties`` provinces, and one county account (``loadc<county>``) each.
    Returns ``(county code, community ids)`` per county."""
    from geo import dataset, store
    from geo.plan.auth import User

    comm = dataset.load_layers().communities
    sizes = comm.groupby(["province_code", "county_code"]).size().rename("n").reset_index()
    biggest = sizes.sort_values(["province_code", "n"], ascending=[True, False])
    codes = biggest.drop_duplicates("province_code")["county_code"].head(counties).tolist()
    chosen = (
        comm[comm["county_code"].isin(codes)]
        .sort_values("id")
        .groupby("county_code")
        .head(COUNTY_COMMUNITIES)
    )
    db = store.open_store(url)
    try:
        if PLAN not in set(store.list_plans(db)["name"]):
            store.create_plan(db, User("loadcentre", "central"), PLAN, chosen)
        for code in codes:
            if store.get_user(db, f"loadc{code}") is None:
                store.create_user(db, f"loadc{code}", PASSWORD, "county", code[:2], code)
    finally:
        db.dispose()
    return [(c, chosen.loc[chosen["county_code"] == c, "id"].tolist()) for c in codes]


def warm(stack: Stack, provinces: list[str]) -> None:
    """Each process draws the round once (its caches filled), straight on its port."""
    for port in stack.ports:
        with StreamlitSession(f"http://127.0.0.1:{port}", timeout=600) as tab:
            tab.login(f"load{provinces[0]}", PASSWORD)
            for page in ("", "scoring", "selection", "pairing", "management", "progress"):
                run = tab.run(page, query=f"province={provinces[0]}")
                if not run.ok:
                    raise RuntimeError(f"warm-up of {page or 'overview'} failed: {run.exceptions}")


def sample_rss(stack: Stack, peak: dict[int, float], stop: threading.Event) -> None:
    while not stop.is_set():
        for port in list(stack.apps):
            with contextlib.suppress(Exception):  # a process that just went away
                peak[port] = max(peak.get(port, 0.0), stack.rss_mb(port))
        stop.wait(1.0)


def check_records(url: str, records_file: Path, cell: Cell) -> None:
    """Each record file the page confirmed: its rows in ``record_activities`` exactly once,
    and one ``record_add`` audit entry per community naming the file."""
    from sqlalchemy import text

    from geo import store

    confirmed = (
        records_file.read_text(encoding="utf-8").splitlines() if records_file.exists() else []
    )
    cell.files = len(confirmed)
    engine = store.make_engine(url)
    with engine.connect() as conn:
        for line in confirmed:
            title, rows = line.rsplit(" ", 1)
            found = conn.execute(
                text("SELECT count(*) FROM record_activities WHERE title LIKE :p"),
                {"p": f"{title}-%"},
            ).scalar_one()
            audits = conn.execute(
                text(
                    "SELECT count(*) FROM audit_log WHERE action = 'record_add' "
                    "AND entity = 'record_activities' AND reason = :f"
                ),
                {"f": f"{title}.csv"},
            ).scalar_one()
            if found < int(rows) or audits < COUNTY_COMMUNITIES:
                cell.files_lost += 1
            elif found > int(rows) or audits > COUNTY_COMMUNITIES:
                cell.files_doubled += 1
    engine.dispose()


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


def drafts_now(url: str) -> dict[str, int]:
    """Version of each load account's saved work (``drafts``), by account."""
    from sqlalchemy import text

    from geo import store

    engine = store.make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT user_name, version FROM drafts WHERE user_name LIKE 'load%'")
        ).all()
    engine.dispose()
    return {name: int(version) for name, version in rows}


@dataclass
class Faults:
    """What goes wrong in the middle of a run."""

    kill_after: float | None = None
    """SIGKILL the first app process (and its Streamlit server) this many seconds in."""
    restart_db_after: float | None = None
    """Restart PostgreSQL (``pg_ctl restart -m fast``) this many seconds in."""
    restart_db: Callable[[], None] | None = None


def run_cell(
    url: str,
    processes: int,
    users: int,
    seconds: int,
    provinces: list[str],
    counties: list[tuple[str, list[str]]] | None = None,
    county_users: int = 0,
    faults: Faults | None = None,
) -> Cell:
    faults = faults or Faults()
    cell = Cell(processes, users, county_users=county_users if counties else 0)
    work = Path(tempfile.mkdtemp(prefix=f"youthmap-load-{processes}p{users}u-"))
    env = {
        **os.environ,
        "YOUTHMAP_DB_URL": url,
        "YOUTHMAP_HOME": str(work / "home"),
    }
    env.pop("YOUTHMAP_NO_LOGIN", None)
    stack = Stack(work / "stack", env, processes=processes).start()
    timers: list[threading.Timer] = []
    try:
        warm(stack, provinces)
        for port in stack.ports:
            cell.rss_warm[port] = stack.rss_mb(port)
        run = f"load-{uuid.uuid4().hex[:8]}"
        saved, records = work / "saved.txt", work / "records.txt"
        stop = threading.Event()
        sampler = threading.Thread(target=sample_rss, args=(stack, cell.rss_peak, stop))
        sampler.start()
        if faults.kill_after is not None:  # a crash in the middle of the run

            def kill() -> None:
                """SIGKILL the process that opened the most WebSockets so far."""
                streams = [port for route, port in stack.upstreams() if route]
                busiest = max(stack.ports, key=lambda p: streams.count(str(p)))
                cell.drafts_at_kill = drafts_now(url)
                cell.killed = busiest
                stack.kill(busiest)

            timers.append(threading.Timer(faults.kill_after, kill))
        if faults.restart_db_after is not None and faults.restart_db is not None:
            cell.db_restarted = True
            timers.append(threading.Timer(faults.restart_db_after, faults.restart_db))
        for timer in timers:
            timer.start()
        spawn = max(1.0, users / max(1.0, seconds / 5))
        locust_env = {
            **env,
            "YOUTHMAP_LOAD_PASSWORD": PASSWORD,
            "YOUTHMAP_LOAD_PROVINCES": " ".join(provinces),
            "YOUTHMAP_LOAD_SAVED": str(saved),
            "YOUTHMAP_LOAD_RUN": run,
            "YOUTHMAP_LOAD_COUNTIES": " ".join(f"{c}:{','.join(ids)}" for c, ids in counties or []),
            "YOUTHMAP_LOAD_PLAN": PLAN,
            "YOUTHMAP_LOAD_COUNTY_USERS": str(cell.county_users),
            "YOUTHMAP_LOAD_RECORDS": str(records),
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
                "60",
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
        for timer in timers:
            timer.join()
        if done.returncode != 0:
            cell.errors.append(done.stderr[-2000:])
        with (work / "locust_stats.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                cell.stats[row["Name"]] = row
        total = cell.stats.get("Aggregated", {})
        cell.refused = sum(cell.count(n) for n in cell.stats if n.endswith(" refused"))
        cell.requests = (
            int(total.get("Request Count", 0) or 0) - cell.count("reconnect") - cell.refused
        )
        cell.failures = int(total.get("Failure Count", 0) or 0)
        failures = work / "locust_failures.csv"
        if failures.exists():
            cell.errors += failures.read_text(encoding="utf-8").splitlines()[1:6]
        check_writes(url, run, saved, cell)
        check_records(url, records, cell)
        if cell.drafts_at_kill is not None:
            after = drafts_now(url)
            cell.drafts_kept = sum(
                1 for name, v in cell.drafts_at_kill.items() if after.get(name, 0) >= v
            )
    finally:
        for timer in timers:
            timer.cancel()
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)  # its figures are in the cell
    return cell


def pct(cell: Cell, page: str, col: str) -> str:
    row = cell.stats.get(page)
    if not row or not int(row.get("Request Count", 0) or 0):
        return "–"
    return f"{float(row[col]) / 1000:.2f}"


def report(cells: list[Cell], seconds: int, faults: Faults | None = None) -> None:
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
        "\n| processes | users (county) | page runs | failed | drafts saved | lost | doubled | "
        "record files imported | lost | doubled | RSS per process warm → peak (MB) | "
        "MB per added session |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for c in cells:
        rss = ", ".join(
            f"{c.rss_warm[p]:.0f} → {c.rss_peak.get(p, c.rss_warm[p]):.0f}" for p in c.rss_warm
        )
        print(
            f"| {c.processes} | {c.users} ({c.county_users}) | {c.requests} | {c.failures} | "
            f"{c.saved} | {c.lost} | {c.doubled} | {c.files} | {c.files_lost} | "
            f"{c.files_doubled} | {rss} | {c.per_session_mb:.1f} |"
        )
    if faults is not None and any(c.killed or c.db_restarted for c in cells):
        print(
            "\n| processes | users | fault | reconnects | signed in again | refused (database "
            "down), sent again | saved work kept |"
        )
        print("|---|---|---|---|---|---|---|")
        for c in cells:
            said = []
            if c.killed:
                said.append(f"process :{c.killed} SIGKILL at {faults.kill_after:g} s")
            if c.db_restarted:
                said.append(f"PostgreSQL restart at {faults.restart_db_after:g} s")
            kept = (
                f"{c.drafts_kept} / {len(c.drafts_at_kill)}"
                if c.drafts_at_kill is not None
                else "–"
            )
            print(
                f"| {c.processes} | {c.users} | {'; '.join(said)} | {c.count('reconnect')} | "
                f"{c.count('sign in again')} | {c.refused} | {kept} |"
            )
    for c in cells:
        for e in c.errors:
            print(f"  {c.processes}p/{c.users}u: {e}")


def bad(cell: Cell) -> bool:
    """Whether the cell broke a rule: a failed page, a lost or doubled write, a user who had
    to sign in again after a crash, saved work that went back."""
    return bool(
        cell.failures
        or cell.lost
        or cell.doubled
        or cell.files_lost
        or cell.files_doubled
        or cell.errors
        or cell.count("sign in again")
        or (cell.drafts_at_kill is not None and cell.drafts_kept < len(cell.drafts_at_kill))
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, nargs="+", default=[10, 30, 60])
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument(
        "--county-share",
        type=float,
        default=0.1,
        metavar="F",
        help="share of the users doing the county round (at least 1; 0: none)",
    )
    ap.add_argument("--counties", type=int, default=10, help="county accounts to make")
    ap.add_argument(
        "--kill-after",
        type=float,
        default=None,
        metavar="S",
        help="SIGKILL the first app process S seconds into each run (needs 2+ processes)",
    )
    ap.add_argument(
        "--restart-db-after",
        type=float,
        default=None,
        metavar="S",
        help="restart PostgreSQL S seconds into each run (the private server only)",
    )
    ap.add_argument("--db", default=None, help="PostgreSQL URL (default: a private server)")
    args = ap.parse_args()
    # stopped from outside (SIGTERM, or SIGINT even when started in the background): unwind,
    # so the app processes, nginx and the private PostgreSQL server are stopped
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(130))
    if args.restart_db_after is not None and args.db is not None:
        ap.error("--restart-db-after restarts the private server: leave out --db")
    server = None
    url = args.db
    if url is None:
        from tests.pg import PgServer

        server = PgServer().start()
        url = server.create_database("youthmap_load")
    faults = Faults(args.kill_after, args.restart_db_after)
    if server is not None and args.restart_db_after is not None:
        pg = server

        def restart() -> None:
            pg._run(
                str(pg.bindir / "pg_ctl"), "-D", str(pg.data), "-l", str(pg.root / "log"),
                "-m", "fast", "-w", "restart",
            )  # fmt: skip

        faults.restart_db = restart
    from geo.core import regions

    provinces = [p.code for p in regions.action_provinces()]
    cells = []
    try:
        make_accounts(url, provinces)
        counties = make_county_plan(url, args.counties) if args.county_share > 0 else []
        for processes in args.processes:
            for users in args.users:
                county_users = max(1, round(users * args.county_share)) if counties else 0
                print(f"== {processes} process(es), {users} users", flush=True)
                cells.append(
                    run_cell(
                        url,
                        processes,
                        users,
                        args.seconds,
                        provinces,
                        counties,
                        county_users,
                        faults,
                    )  # fmt: skip
                )
    finally:
        if server is not None:
            server.stop()
    report(cells, args.seconds, faults)
    return 1 if any(bad(c) for c in cells) else 0


if __name__ == "__main__":
    sys.exit(main())
