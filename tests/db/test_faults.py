"""Faults of the deployment: PostgreSQL goes away under a signed-in session and comes back;
under load, an app process is killed and PostgreSQL restarts.

The app process behind nginx keeps running: while the database is down the page says so
in a sentence (no traceback, nothing written), and once it is back the same session's
retry of the same save succeeds, exactly once (one plan, one ``create`` audit entry), with
no restart of the app.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from sqlalchemy import text

from benchmarks.stack import Stack, nginx_binary
from benchmarks.stclient import StreamlitSession
from geo import store
from tests._deps import require
from tests._paths import ROOT

pytest_plugins = ["tests.pg"]  # pg_server / pg_url: one PostgreSQL server per test process

PASSWORD = "广东省团委 filing 2026"


def pg_ctl(server, *args: str) -> None:
    server._run(str(server.bindir / "pg_ctl"), "-D", str(server.data), "-w", *args)


@pytest.fixture
def stack(pg_server, pg_url, tmp_path):
    require("nginx", nginx_binary() is not None, "sudo apt-get install nginx-light")
    db = store.open_store(pg_url)
    store.create_user(db, "gd", PASSWORD, "province", "44")
    db.dispose()
    env = {
        "PATH": "/usr/bin:/bin:/usr/sbin",
        "HOME": str(tmp_path),
        "YOUTHMAP_DB_URL": pg_url,
        "YOUTHMAP_HOME": str(tmp_path / "home"),
    }
    running = Stack(tmp_path / "stack", env, processes=1)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        # the server is shared by this worker's other tests: leave it running
        if not _running(pg_server):
            pg_ctl(pg_server, "-l", str(pg_server.root / "log"), "restart")  # the same options


def _running(server) -> bool:
    return (server.data / "postmaster.pid").exists()


def plans_named(url: str, name: str) -> tuple[int, int]:
    engine = store.make_engine(url)
    with engine.connect() as conn:
        ids = [
            r[0] for r in conn.execute(text("SELECT id FROM plans WHERE name = :n"), {"n": name})
        ]
        audits = conn.execute(
            text(
                "SELECT count(*) FROM audit_log WHERE entity = 'plans' AND action = 'create' "
                "AND entity_id = :i"
            ),
            {"i": str(ids[0]) if ids else "-"},
        ).scalar_one()
    engine.dispose()
    return len(ids), int(audits)


def test_database_restart_fails_the_save_clearly_and_the_retry_succeeds(stack, pg_server, pg_url):
    with StreamlitSession(stack.url, timeout=300) as tab:
        assert tab.login("gd", PASSWORD).ok
        for page in ("", "scoring", "selection", "management"):
            assert tab.run(page, query="province=44").ok
        tab.run(widgets={"mgmt_new_name": "第一稿"}, query="province=44")

        pg_ctl(pg_server, "-m", "fast", "stop")
        try:
            down = tab.run(widgets={"mgmt_create": ("trigger", True)}, query="province=44")
        finally:
            pg_ctl(pg_server, "-l", str(pg_server.root / "log"), "restart")  # the same options
        assert down.status == "FINISHED_SUCCESSFULLY"
        assert not down.exceptions, down.exceptions  # a sentence, not a traceback
        said = " ".join(down.texts)
        assert "数据库" in said and "Traceback" not in said and "psycopg" not in said
        assert plans_named(pg_url, "第一稿") == (0, 0)

        # the same session, the same process: the retry goes through, once
        again = tab.run(widgets={"mgmt_create": ("trigger", True)}, query="province=44")
        assert again.ok, again.exceptions
        assert any("第一稿" in t for t in again.texts), again.texts
    assert plans_named(pg_url, "第一稿") == (1, 1)


@pytest.mark.long(seconds=135)  # a timed Locust run against two app processes
def test_under_load_a_killed_process_and_a_database_restart_lose_nothing():
    """The scripted fault run at a small size (``benchmarks/loadtest.py --kill-after
    --restart-db-after``): six users (one county user) on two processes behind nginx; 20 s
    in, the busiest app process is SIGKILLed, 30 s in PostgreSQL restarts. Its users
    reconnect to the other process still signed in (nobody signs in again), every account's
    saved work is still there at the version it had, no page fails (a write the database
    refused says so in a sentence and is sent again), nothing confirmed is lost or doubled."""
    require("nginx", nginx_binary() is not None, "sudo apt-get install nginx-light")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "loadtest.py"),
            "--users",
            "6",
            "--processes",
            "2",
            "--seconds",
            "45",
            "--kill-after",
            "20",
            "--restart-db-after",
            "30",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    row = re.search(
        r"^\| 2 \| 6 \| process :\d+ SIGKILL at 20 s; PostgreSQL restart at 30 s \| (\d+) \| "
        r"(\d+) \| (\d+) \| (\d+) / (\d+) \|",
        done.stdout,
        re.M,
    )
    assert row, done.stdout
    reconnects, signed_again, _refused, kept, had = map(int, row.groups())
    assert reconnects >= 1 and signed_again == 0
    assert kept == had
