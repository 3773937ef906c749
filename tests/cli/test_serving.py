"""Where the app listens: this machine only by default; on a network only with logins and an
account. The server tests start the real ``youthmap serve`` process and read the kernel's
table of listening sockets; the refusals are checked before any socket is opened."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from geo import store
from geo.core.errors import InputError
from geo.plan import auth, year_demo
from geo.store.db import HOME_ENV
from tests import _paths
from tests.browser.conftest import free_port

ROOT = _paths.ROOT
APP = str(ROOT / "app.py")
START_TIMEOUT_S = 240  # `make run` makes the demo year first (45 s alone here)


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("", False),
        (None, False),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.10", False),
        ("myhost.example", False),
    ],
)
def test_loopback_addresses(address, loopback):
    assert auth.is_loopback(address) is loopback


def test_network_serving_needs_logins_and_an_account():
    auth.check_serving("127.0.0.1", 0, {"YOUTHMAP_NO_LOGIN": "1"})  # the desktop: fine
    with pytest.raises(InputError) as exc:
        auth.check_serving("0.0.0.0", 3, {"YOUTHMAP_NO_LOGIN": "1"})
    assert exc.value.problems[0].code == "network_no_login"
    with pytest.raises(InputError) as exc:
        auth.check_serving("0.0.0.0", 0, {})
    assert exc.value.problems[0].code == "network_no_account"
    assert "youthmap user add" in str(exc.value)
    auth.check_serving("0.0.0.0", 1, {})  # logins on (forced) and an account: fine
    with pytest.raises(InputError):  # a loopback server behind a proxy is on a network too
        auth.check_serving("127.0.0.1", 0, {}, network=True)


def test_login_is_always_on_on_a_network():
    assert not auth.login_required({})
    assert auth.login_required({}, network=True)
    assert auth.login_required({"YOUTHMAP_NO_LOGIN": "1"}, network=True)


def _listening(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            addr, hex_port = parts[1].split(":")
            if parts[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(addr)
    return found


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("YOUTHMAP_", "STREAMLIT_"))}
    env.update(YOUTHMAP_HOME=str(home), **extra)
    return env


def _plans(home: Path) -> list[str]:
    """Names of the plans in the desktop database under ``home``."""
    db = store.open_store(store.database_url({HOME_ENV: str(home)}))
    try:
        return list(store.list_plans(db)["name"])
    finally:
        db.dispose()


def _make_run(port: int) -> list[str]:
    # the Makefile's own recipe, with this test's interpreter and no install step
    bin_dir = str(Path(sys.executable).parent)
    return ["make", "-s", "-C", str(ROOT), "run", f"PORT={port}", f"BIN={bin_dir}", "STAMP="]


@pytest.mark.parametrize("how", ["youthmap serve", "make run"])
def test_the_app_listens_on_loopback_only_by_default(tmp_path, how):
    """Both ways of starting listen on 127.0.0.1 only. ``make run`` (the README's first
    command) makes the demo year on the fresh database first, as a new user's first run does;
    the ``youthmap serve`` run skips it (45 s of CPU on a 2-core machine, checked once is
    enough; tests/db/test_year_demo.py checks what it makes)."""
    port = free_port()
    cmd = (
        [sys.executable, "-m", "geo", "serve", "--port", str(port)]
        if how == "youthmap serve"
        else _make_run(port)
    )
    out = tmp_path / "serve.log"
    with out.open("wb") as log:
        proc = subprocess.Popen(
            cmd,
            env=_env(tmp_path, **({"YOUTHMAP_DEMO_YEAR": "0"} if how == "youthmap serve" else {})),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert proc.poll() is None, "serve exited"
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not answer on 127.0.0.1")
        listening = _listening(port)
        # 0100007F is 127.0.0.1 in the kernel's little-endian hex; nothing on 0.0.0.0 or ::
        assert listening == {"0100007F"}, listening
        said = out.read_text(encoding="utf-8", errors="replace")
        assert ("演示数据已就绪" in said) == (how == "make run"), said
        plans = _plans(tmp_path)
        assert plans == ([year_demo.DEMO_PLAN_NAME] if how == "make run" else []), plans
        if how == "youthmap serve":
            # stopped as a service manager or `timeout` stops it (SIGTERM to its pid alone):
            # the app went on running as its child, holding the port
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
            assert not _listening(port), "the app still holds its port"
    finally:
        with contextlib.suppress(ProcessLookupError):  # stopped above
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.mark.parametrize(
    ("extra", "says"),
    [({}, "youthmap user add NAME --role central"), ({"YOUTHMAP_NO_LOGIN": "1"}, "请取消该设置")],
)
def test_serve_refuses_a_network_address_without_logins_or_accounts(tmp_path, extra, says):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "serve", "--address", "0.0.0.0", "--port", str(port)],
        env=_env(tmp_path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=60)
    finally:  # a server that started after all is stopped with everything it spawned
        if proc.poll() is None or _listening(port):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2
    assert says in stderr and "Traceback" not in stderr
    assert _listening(port) == set()


@pytest.fixture
def network_address():
    """The app's ``server.address`` set to every interface, as ``streamlit run app.py
    --server.address 0.0.0.0`` would (AppTest runs the script in this process)."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def test_app_on_a_network_without_an_account_shows_only_how_to_make_one(
    tmp_path, monkeypatch, network_address
):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "本应用可从网络访问，必须登录使用，但尚未创建任何账号。请在服务器上运行："
        "youthmap user add 用户名 --role central，或只在本机（127.0.0.1）运行。"
    ]
    assert not at.text_input  # no login form, no page


def test_app_on_a_network_asks_for_a_login_even_on_the_desktop_database(
    tmp_path, monkeypatch, network_address
):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    db = store.open_store()
    store.create_user(db, "centre", "团中央-2021-一号", "central")
    db.dispose()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert [w.key for w in at.text_input] == ["login_name", "login_password"]


def test_app_on_a_network_refuses_no_login_mode(tmp_path, monkeypatch, network_address):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "1")
    db = store.open_store()
    store.create_user(db, "centre", "团中央-2021-一号", "central")
    db.dispose()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert len(at.error) == 1 and "YOUTHMAP_NO_LOGIN=1" in at.error[0].value
    assert not at.text_input


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ("busy", "端口 {port} 已被另一个程序占用：请停止它，或用 --port 换一个端口"),
        ("--port 99999", "选项 --port：端口须在 1 到 65535 之间"),
        ("--address 192.0.2.10", "选项 --address：192.0.2.10 不是本机的地址"),
    ],
    ids=["port-in-use", "port-out-of-range", "address-not-here"],
)
def test_serve_says_at_once_why_it_cannot_listen(tmp_path, args, says):
    """A port another program holds, out of range, or an address this machine does not have:
    refused before the first run's demo year is made, in the command's language, exit 2.
    It said "Port 8662 is not available" in English with exit 1 after 37 s of demo year
    (which it left behind), or printed Streamlit's traceback (OSError: [Errno 99] Cannot
    assign requested address; OverflowError: bind(): port must be 0-65535)."""
    import socket

    port = free_port()
    home = tmp_path / "var"
    argv = [sys.executable, "-m", "geo", "serve", "--port", str(port)]
    with contextlib.ExitStack() as stack:
        if args == "busy":
            holder = stack.enter_context(socket.socket())
            holder.bind(("127.0.0.1", port))
            holder.listen()
        else:
            argv += args.split()
        if "--address" in args:  # a network address: an account, so only the address is wrong
            db = store.open_store(store.database_url({HOME_ENV: str(home)}))
            store.create_user(db, "centre", "粤青春2021!", "central")
            db.dispose()
        proc = subprocess.Popen(
            argv,
            env=_env(home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            _, stderr = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 2
    assert stderr.startswith("错误：") and says.format(port=port) in stderr
    assert "Traceback" not in stderr and "not available" not in stderr
    if args == "busy":  # refused before anything was made: no demo year, no database
        assert not (home / "youthmap.db").exists()


def _service_command(port: int) -> list[str]:
    """The ExecStart of deploy/systemd/youthmap@.service for ``port``, with this test's
    interpreter in place of the installed program."""
    unit = (ROOT / "deploy" / "systemd" / "youthmap@.service").read_text(encoding="utf-8")
    line = next(x for x in unit.splitlines() if x.startswith("ExecStart="))
    argv = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert argv[:2] == ["/opt/youthmap/venv/bin/youthmap", "serve"], argv
    return [sys.executable, "-m", "geo", *argv[1:]]


def test_the_service_unit_makes_no_demo_year_in_the_shared_database(tmp_path):
    """youthmap@.service started on a database with no account yet (the units enabled a
    step before deploy/README.md's first `youthmap user add`, or a new database) made the
    desktop's first-run demo in it: the seed-2021 national plan, launched, with a simulated
    year of records (45 s before the app answered), in the database every committee then
    works in, and each app process at once. The unit passes --no-demo."""
    port = free_port()
    out = tmp_path / "serve.log"
    with out.open("wb") as log:
        proc = subprocess.Popen(
            _service_command(port),
            env=_env(tmp_path / "var"),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert proc.poll() is None, out.read_text(encoding="utf-8", errors="replace")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not answer")
        assert _plans(tmp_path / "var") == []
        assert "演示" not in out.read_text(encoding="utf-8", errors="replace")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # a loaded machine: stopped, not tested here
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
