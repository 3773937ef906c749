"""The ``youthmap user`` command: add, passwd, list; bad input exits 2 with one line each."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from geo import store
from geo.cli import main
from geo.plan.auth import User


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    return tmp_path


def run(argv, monkeypatch, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


def test_first_central_account_from_stdin(home, monkeypatch, capsys):
    assert (
        run(
            ["user", "add", "admin", "--role", "central", "--password-stdin"],
            monkeypatch,
            "团中央2021!\n",
        )
        == 0
    )
    assert "created the account admin (Central committee)" in capsys.readouterr().out
    db = store.open_store()
    assert store.authenticate(db, "admin", "团中央2021!") == User("admin", "central")
    db.dispose()


def test_a_new_account_is_named_by_its_role_and_unit_in_either_language(home, monkeypatch, capsys):
    """It read ``sc (province 51)`` in Chinese too: the codes the options take."""
    for lang, argv, said in (
        (
            "zh",
            ["sc", "--role", "province", "--province", "51"],
            "创建账户 sc（省级团委 · 四川省）",
        ),
        ("en", ["bt", "--role", "province", "--province", "XPCC"], "bt (XPCC committee)"),
        ("zh", ["wh", "--role", "county", "--county", "510107"], "wh（县级团委 · 四川省武侯区）"),
        (
            "en",
            ["th", "--role", "county", "--county", "440106"],
            "th (County committee · Tianhe District, Guangdong)",
        ),
    ):
        argv = ["--lang", lang, "user", "add", *argv, "--password-stdin"]
        assert run(argv, monkeypatch, "a-long-password\n") == 0
        out = capsys.readouterr().out
        assert said in out and "(province" not in out, out


def test_province_and_county_accounts_carry_their_codes(home, monkeypatch):
    assert (
        run(
            ["user", "add", "gd", "--role", "province", "--province", "44", "--password-stdin"],
            monkeypatch,
            "password-gd\n",
        )
        == 0
    )
    assert (
        run(
            ["user", "add", "th", "--role", "county", "--county", "440106", "--password-stdin"],
            monkeypatch,
            "password-th\n",
        )
        == 0
    )
    db = store.open_store()
    assert store.get_user(db, "th") == User("th", "county", "44", "440106")
    assert store.get_user(db, "gd") == User("gd", "province", "44")
    db.dispose()


def test_passwd_replaces_the_password(home, monkeypatch):
    run(
        ["user", "add", "gd", "--role", "province", "--province", "44", "--password-stdin"],
        monkeypatch,
        "old-password\n",
    )
    assert run(["user", "passwd", "gd", "--password-stdin"], monkeypatch, "new-password\n") == 0
    db = store.open_store()
    assert store.authenticate(db, "gd", "old-password") is None
    assert store.authenticate(db, "gd", "new-password") is not None
    db.dispose()


def test_list_shows_accounts_and_no_hashes(home, monkeypatch, capsys):
    run(
        ["user", "add", "gd", "--role", "province", "--province", "44", "--password-stdin"],
        monkeypatch,
        "password-gd\n",
    )
    capsys.readouterr()
    assert run(["user", "list"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "gd\tprovince\t44\tGuangdong\tactive" in out and "argon2" not in out


def test_list_names_each_accounts_own_codes_when_roles_are_mixed(home, monkeypatch, capsys):
    for argv, password in (
        (["gd", "--role", "province", "--province", "44"], "password-gd"),
        (["th", "--role", "county", "--county", "440106"], "password-th"),
        (["guest", "--role", "viewer"], "password-guest"),
    ):
        assert run(["user", "add", *argv, "--password-stdin"], monkeypatch, password + "\n") == 0
    capsys.readouterr()
    assert run(["user", "list"], monkeypatch) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "gd\tprovince\t44\tGuangdong\tactive",
        "guest\tviewer\t\t\tactive",
        "th\tcounty\t440106\tTianhe District, Guangdong\tactive",
    ]
    assert run(["user", "list", "--lang", "zh"], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines()[2] == "th\tcounty\t440106\t广东省天河区\t启用"


@pytest.mark.parametrize(
    ("argv", "stdin", "expected"),
    [
        (
            ["user", "add", "gd", "--role", "province", "--password-stdin"],
            "password-gd\n",
            "option --province:",  # named as the option the user gives, not a column
        ),
        (
            ["user", "add", "th", "--role", "county", "--county", "4401", "--password-stdin"],
            "password-th\n",
            "six digits",
        ),
        (
            ["user", "add", "gd", "--role", "central", "--password-stdin"],
            "short\n",
            "error: password must have at least 8 characters",  # no "column password"
        ),
        (["user", "passwd", "nobody", "--password-stdin"], "password-x\n", "no user named"),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(
    home, monkeypatch, capsys, argv, stdin, expected
):
    assert run(argv, monkeypatch, stdin) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())


def test_duplicate_name_exits_2(home, monkeypatch, capsys):
    run(["user", "add", "gd", "--role", "viewer", "--password-stdin"], monkeypatch, "password-gd\n")
    assert (
        run(
            ["user", "add", "gd", "--role", "viewer", "--password-stdin"],
            monkeypatch,
            "password-gd\n",
        )
        == 2
    )
    assert "already exists" in capsys.readouterr().err


def test_console_command_black_box(home):
    env = {**os.environ, "YOUTHMAP_HOME": str(home)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "user",
            "add",
            "admin",
            "--role",
            "central",
            "--password-stdin",
        ],
        input="团中央2021!\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (home / "youthmap.db").exists()


def test_unreachable_server_exits_2_naming_the_database(monkeypatch, capsys):
    monkeypatch.setenv("YOUTHMAP_DB_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:1/youthmap")
    assert run(["user", "list"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "cannot open the database" in err and "secret" not in err and "Traceback" not in err


def _on_a_terminal(argv: list[str], home, typed: list[str]) -> tuple[int, str]:
    """Run ``youthmap ARGV`` on a pseudo-terminal (its controlling terminal, as an admin's
    shell is), type each of ``typed`` after the next prompt ending in a colon; returns the
    exit status and everything the terminal showed."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the terminal as stdin, stdout and /dev/tty
        os.environ["YOUTHMAP_HOME"] = str(home)
        os.environ["YOUTHMAP_LANG"] = "en"
        os.environ.pop("YOUTHMAP_DB_URL", None)
        os.execv(sys.executable, [sys.executable, "-m", "geo", *argv])
    shown = b""

    def read_until(done) -> None:  # noqa: ANN001
        nonlocal shown
        while not done(shown):
            ready, _, _ = select.select([fd], [], [], 120)
            if not ready:
                return  # nothing more comes: the asserts below say what was shown
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the command has ended
                return
            if not chunk:
                return
            shown += chunk

    for n, text in enumerate(typed, start=1):
        read_until(lambda b, n=n: b.count(b":") >= n)
        os.write(fd, text.encode() + b"\n")
    read_until(lambda b: False)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


@pytest.mark.parametrize("option", [["--password-stdin"], []], ids=["password-stdin", "asked"])
def test_a_password_typed_at_a_terminal_is_asked_twice_and_never_shown(home, option):
    """deploy/README.md made the first account with --password-stdin at a root shell: the
    command waited with no prompt, the password typed stood on the screen, and a mistyped
    one was taken as it was (no second entry)."""
    code, shown = _on_a_terminal(
        ["user", "add", "centre", "--role", "central", *option],
        home,
        ["Centre-2026-strong", "Centre-2026-strong"],
    )
    assert code == 0, shown
    assert "Centre-2026-strong" not in shown
    assert (shown.count("password: "), shown.count("again: ")) == (1, 1), shown
    assert "created the account centre" in shown
    db = store.open_store()
    assert store.authenticate(db, "centre", "Centre-2026-strong") == User("centre", "central")
    db.dispose()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
