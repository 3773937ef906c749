"""``deploy/check.sh``, the deployment's health check, when it cannot read its settings.

The checks of a running deployment (two app processes behind nginx, PostgreSQL) are
tests/db/test_deploy.py's; this one needs no server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import _paths

CHECK = _paths.ROOT / "deploy" / "check.sh"


def run_check(env_file: Path, cwd: Path, *, path: str | None = None) -> subprocess.CompletedProcess:
    """deploy/check.sh on ``env_file``, run from ``cwd`` with none of this environment's
    YouthMap or Streamlit settings; youthmap is this interpreter's, or, given ``path``, the
    one found on that PATH (never an installed /opt/youthmap, which a test points away)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YOUTHMAP_", "STREAMLIT_"))}
    if path is None:
        env["YOUTHMAP_BIN"] = str(Path(sys.executable).parent / "youthmap")
    else:
        env["PATH"] = path
        env["YOUTHMAP_INSTALLED"] = str(cwd / "opt" / "youthmap" / "venv" / "bin" / "youthmap")
    return subprocess.run(
        ["bash", str(CHECK), str(env_file)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def test_an_unreadable_env_file_is_a_failure_not_a_check_of_the_defaults(tmp_path):
    """Run by a monitoring user who cannot read /etc/youthmap/youthmap.env (mode 600), it
    checked port 8501 and a SQLite database it made in the current folder instead, and
    reported "FAIL database schema is behind: run youthmap db upgrade" about that file."""
    missing = tmp_path / "etc" / "youthmap.env"
    work = tmp_path / "cwd"
    work.mkdir()
    done = run_check(missing, work)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"FAIL config {missing} cannot be read (run as root or as the youthmap user, "
        "or name the file: deploy/check.sh FILE)"
    ]
    assert list(work.iterdir()) == []  # no database made where it was run


def test_a_database_a_newer_youthmap_migrated_is_not_called_behind(tmp_path):
    """After an upgrade rolled back to the old programme without restoring the backup, the
    database is at a schema this YouthMap does not know. check.sh said "FAIL database schema
    is behind: run youthmap db upgrade", and db upgrade then failed as an internal error."""
    from sqlalchemy import text

    from geo import store

    home = tmp_path / "var"
    url = f"sqlite:///{home / 'youthmap.db'}"
    db = store.open_store(url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    db.dispose()
    env_file = tmp_path / "youthmap.env"
    env_file.write_text(f"YOUTHMAP_HOME={home}\n", encoding="utf-8")
    done = run_check(env_file, tmp_path)
    assert done.returncode == 1
    head = store.head_revision()
    assert done.stdout.splitlines()[-1:] == [  # after the app's line
        f"FAIL database schema 0099 (newest {head}; newer than this YouthMap: "
        "use the newer version that wrote it)"
    ]


def test_without_youthmap_on_the_path_it_says_which_program_it_looked_for(tmp_path):
    """Run as root after deploy/README.md's install (the program in /opt/youthmap/venv/bin,
    not on root's PATH), it said "FAIL database deploy/check.sh: line 23: youthmap: command
    not found", a database failure that was none; with the program on PATH it checks."""
    from geo import store

    store.open_store(f"sqlite:///{tmp_path / 'var' / 'youthmap.db'}").dispose()  # up to date
    env_file = tmp_path / "youthmap.env"
    env_file.write_text(f"YOUTHMAP_HOME={tmp_path / 'var'}\n", encoding="utf-8")
    installed = tmp_path / "opt" / "youthmap" / "venv" / "bin" / "youthmap"  # not there

    def check(path: str) -> subprocess.CompletedProcess:
        return run_check(env_file, tmp_path, path=path)

    done = check("/usr/bin:/bin")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1:] == [  # after the app's line
        f"FAIL database not checked: no youthmap program at {installed} "
        f"(set YOUTHMAP_BIN in {env_file})"
    ]
    done = check(f"{Path(sys.executable).parent}:/usr/bin:/bin")
    assert done.stdout.splitlines()[-1].startswith("ok   database sqlite:///"), done.stdout


def test_the_example_settings_left_in_place_are_failures(tmp_path):
    """deploy/youthmap.env installed as shipped (STREAMLIT_SERVER_COOKIE_SECRET=CHANGE-ME,
    the database password CHANGE-ME) or without the cookie secret for two processes: check.sh
    reported every process ok and exit 0 once the role was made with that password, while
    anyone could sign the app's cookies with the secret in this repository, or a browser
    moved to the other process could not upload."""
    from geo import store

    home = tmp_path / "var"
    store.open_store(f"sqlite:///{home / 'youthmap.db'}").dispose()
    shipped = (CHECK.parent / "youthmap.env").read_text(encoding="utf-8")
    assert "STREAMLIT_SERVER_COOKIE_SECRET=CHANGE-ME" in shipped
    assert "youthmap:CHANGE-ME@" in shipped

    def config_lines(text: str) -> list[str]:
        env_file = tmp_path / "youthmap.env"
        env_file.write_text(text, encoding="utf-8")
        done = run_check(env_file, tmp_path)
        assert done.returncode == 1  # no app process runs here either
        return [line for line in done.stdout.splitlines() if line.startswith("FAIL config")]

    make_one = "make one: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
    assert config_lines(shipped) == [
        "FAIL config STREAMLIT_SERVER_COOKIE_SECRET is still the example's CHANGE-ME: anyone "
        f"can sign the app's cookies with it ({make_one})",
        "FAIL config YOUTHMAP_DB_URL still holds the example's password CHANGE-ME",
    ]
    two = f'YOUTHMAP_HOME={home}\nYOUTHMAP_PORTS="8501 8502"\n'
    assert config_lines(two) == [
        "FAIL config STREAMLIT_SERVER_COOKIE_SECRET is not set: each process makes its own, "
        f"and a browser moved to another process cannot upload files ({make_one})"
    ]
    assert config_lines(two + "STREAMLIT_SERVER_COOKIE_SECRET=Zx8-long-random\n") == []
