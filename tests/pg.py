"""A throwaway PostgreSQL server for the store tests, and the backend fixtures.

:class:`PgServer` runs Debian's ``initdb`` (``-A trust``) and ``pg_ctl`` on a temporary
data directory, listening only on a Unix socket directory of its own (no TCP port), as
the ``postgres`` user when the tests run as root (the server refuses to run as root).
``stop()`` shuts it down and removes the directory.

Fixtures (import them into a test module): ``pg_server`` (session-scoped),
``db_url`` (parametrised over ``sqlite`` and ``postgresql``: a fresh, empty database per
test) and ``pg_url`` (PostgreSQL only).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from tests._deps import require

INSTALL_HINT = "sudo apt-get install postgresql (or make system-deps)"


def pg_bindir() -> Path | None:
    """Directory of the newest installed PostgreSQL server binaries, or ``None``."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PgServer:
    """A private PostgreSQL server on a socket directory.

    Parameters
    ----------
    durable
        Keep ``fsync`` on (for benchmarks); tests turn it off for speed.
    """

    def __init__(self, durable: bool = False) -> None:
        self.bindir = pg_bindir()
        if self.bindir is None:
            raise RuntimeError(f"PostgreSQL is not installed; {INSTALL_HINT}")
        self.root = Path(tempfile.mkdtemp(prefix="youthmap-pg-"))
        self.data = self.root / "data"
        self.sock = self.root / "sock"
        self.sock.mkdir()
        self.port = 5432
        self.durable = durable
        self._as_postgres = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        argv = list(cmd)
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, text=True)

    def start(self) -> PgServer:
        """initdb and start; returns self."""
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
            os.chmod(self.root, 0o755)
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
        )
        opts = f"-k {self.sock} -p {self.port} -c listen_addresses='' -c max_connections=100"
        if not self.durable:
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.sock}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host=str(self.sock), port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"
            )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the whole session (skips locally, fails under CI, if missing)."""
    require("PostgreSQL server (initdb)", pg_bindir() is not None, INSTALL_HINT)
    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """URL of a fresh, empty PostgreSQL database."""
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """URL of a fresh, empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'youthmap.db'}"
    return request.getfixturevalue("pg_server").create_database()
