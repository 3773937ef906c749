"""The load test at a small size (issue 20): 5 Locust users for 30 s against 2 app processes
behind nginx on PostgreSQL, four doing the provincial round and one the county round (a
month of records uploaded) over the WebSocket. It fails on any failed page run and on any
draft or record file lost or doubled (``benchmarks/loadtest.py`` exits 1)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from benchmarks.stack import nginx_binary
from tests._deps import require
from tests._paths import ROOT

pytest_plugins = ["tests.pg"]  # pg_url: a fresh database on this test process's server


@pytest.mark.long(seconds=140)  # a 30 s Locust run against two app processes
def test_five_users_two_processes_no_error_no_lost_write(pg_url):
    require("nginx", nginx_binary() is not None, "sudo apt-get install nginx-light")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "loadtest.py"),
            "--users",
            "5",
            "--processes",
            "2",
            "--seconds",
            "30",
            "--db",
            pg_url,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    row = re.search(r"^\| 2 \| 5 \(1\) \|" + r" (\d+) \|" * 8, done.stdout, re.M)
    assert row, done.stdout
    runs, failed, saved, lost, doubled, files, files_lost, files_doubled = map(int, row.groups())
    assert runs > 5 and failed == 0 and lost == 0 and doubled == 0
    assert files_lost == 0 and files_doubled == 0
    assert saved >= 1  # at least one round reached the save, and it is in the database
    assert files >= 1  # the county user imported a month of records, once
