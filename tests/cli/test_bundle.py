"""The offline install bundle (``make bundle`` → ``scripts/bundle.py``): built without the
network, installed by its ``install.sh`` into a fresh virtual environment inside a network
namespace with no network at all (``unshare -n``, when the tests run as root), and the
installed ``youthmap serve`` answers its health check and draws the overview."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from benchmarks.stack import free_port, wait_healthy
from benchmarks.stclient import StreamlitSession
from tests._deps import require
from tests._paths import ROOT

WHEELHOUSE = ROOT / ".venv" / "wheelhouse"


def no_network() -> list[str]:
    """A command prefix that runs without any network, when this process may make one."""
    usable = os.geteuid() == 0 and shutil.which("unshare")
    if usable and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def _inotify_descriptors(pid: int) -> int:
    """How many inotify descriptors the process ``pid`` and its children hold (Linux)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    links = []
    for p in pids:
        for fd in Path(f"/proc/{p}/fd").iterdir():
            with contextlib.suppress(FileNotFoundError):  # closed since the listing
                links.append(os.readlink(fd))
    return links.count("anon_inode:inotify")


@pytest.mark.long(
    seconds=350
)  # the longest test of the suite (a fresh install of every runtime wheel)
def test_bundle_installs_without_network_and_serves(tmp_path):
    require(
        "the wheelhouse .venv/wheelhouse",
        any(WHEELHOUSE.glob("*.whl")),
        "make wheelhouse (it fills .venv/wheelhouse from requirements.lock)",
    )
    built = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bundle.py"), "--out", str(tmp_path / "dist")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, built.stderr
    (archive,) = (tmp_path / "dist").glob("youthmap-*.tar.gz")
    assert str(archive) in built.stdout
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    (bundle,) = (tmp_path / "unpacked").iterdir()
    assert (bundle / "install.sh").exists() and (bundle / "deploy" / "nginx").is_dir()
    wheels = {p.name.split("-")[0].lower() for p in (bundle / "wheels").glob("*.whl")}
    assert {"youthmap", "streamlit", "geopandas", "sqlalchemy", "psycopg"} <= wheels
    assert not {"pytest", "locust", "playwright", "mypy"} & wheels  # runtime only

    target = tmp_path / "installed"
    env = {
        "PATH": f"{Path(sys._base_executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHON": sys._base_executable,
    }
    install = subprocess.run(
        [*no_network(), "bash", str(bundle / "install.sh"), str(target)],
        capture_output=True,
        text=True,
        timeout=1200,
        env=env,
        cwd=tmp_path,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert f"{target}/bin/youthmap serve" in install.stdout

    port = free_port()
    work = tmp_path / "work"
    work.mkdir()
    server = subprocess.Popen(
        [str(target / "bin" / "youthmap"), "serve", "--port", str(port)],
        cwd=work,
        # no demo year on this first start (45 s of CPU on a 2-core machine): it is made and
        # checked through `make run` in test_serving.py and by tests/db/test_year_demo.py
        env={**env, "YOUTHMAP_HOME": str(work / "var"), "YOUTHMAP_DEMO_YEAR": "0"},
        stdout=(tmp_path / "serve.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout=120)
        with StreamlitSession(f"http://127.0.0.1:{port}", timeout=300) as tab:
            overview = tab.run("")
        assert overview.ok, overview.exceptions
        assert any("模拟数据" in t for t in overview.texts)  # the embedded dataset is there
        # the installed app reads its .streamlit/config.toml: no file watcher after a page run
        # (with one, each session watched and re-walked every imported module: 2.5 times the
        # server's CPU per page load)
        assert _inotify_descriptors(server.pid) == 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.mark.parametrize("python", ["/nonexistent/python3.9"])
def test_install_refuses_another_python(tmp_path, python):
    bundle = tmp_path / "youthmap-0.1.0-py3.11-linux-x86_64"
    (bundle / "wheels").mkdir(parents=True)
    (bundle / "wheels" / "youthmap-0.1.0-py3-none-any.whl").write_bytes(b"")
    shutil.copy2(ROOT / "scripts" / "install.sh", bundle / "install.sh")
    done = subprocess.run(
        ["bash", str(bundle / "install.sh"), str(tmp_path / "t")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHON": python},
    )
    assert done.returncode == 2 and "needs Python 3.11" in done.stderr
    assert not (tmp_path / "t").exists()
