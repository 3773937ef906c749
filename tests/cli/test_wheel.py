"""The built wheel, installed in a fresh virtual environment, starts the app with ``youthmap serve``.

The checkout is copied, built offline into a wheel (``pip wheel --no-deps
--no-build-isolation --no-index``: the setuptools of the test's environment) and installed
without dependencies into a new virtual environment that sees the test environment's
packages through a ``.pth`` line (nothing is downloaded). Everything then runs outside the
checkout, without ``PYTHONPATH``: ``geo``, the app, its static files and its data must come
from the installed wheel.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import site
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests._paths import ROOT
from tests.browser.conftest import free_port

LEFT_OUT = (".git", ".venv", "tests", "benchmarks", "notebooks", "docs", "build", "dist", "var")
"""Folders of the checkout the build does not need."""
START_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Installed:
    """A virtual environment holding the built wheel."""

    venv: Path
    wheel: Path
    work: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def env(self) -> dict[str, str]:
        """The environment of a process using the installed wheel (no checkout on the path)."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "YOUTHMAP_DATA")}
        # no demo year on the first `serve` (45 s of CPU on a 2-core machine, not what these
        # tests check): it is made and checked through `make run` in test_serving.py
        return {**env, "YOUTHMAP_HOME": str(self.work / "home"), "YOUTHMAP_DEMO_YEAR": "0"}


def _run(cmd: list[str | Path], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, check=True, timeout=600, **kwargs
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the checkout and install it in a fresh environment."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(*LEFT_OUT, "__pycache__", "*.egg-info", ".*_cache"),
    )
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "--no-index", source, "-w", dist])  # fmt: skip
    (wheel,) = dist.glob("youthmap-*.whl")
    venv = base / "venv"
    _run([sys._base_executable, "-m", "venv", "--without-pip", venv])
    (purelib,) = venv.glob("lib/python3*/site-packages")
    (purelib / "test-environment.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
          "--no-deps", "--no-index", wheel])  # fmt: skip
    work = base / "work"
    (work / "home").mkdir(parents=True)
    return Installed(venv, wheel, work)


def test_the_wheel_carries_the_app_its_static_files_and_data(installed: Installed) -> None:
    code = (
        "import json, geo, geo.dataset as d, geo.maps.assets as a, geo.core._resources as r\n"
        "print(json.dumps([geo.__file__, str(r.app_root()), str(d.DATA_DIR), str(a.STATIC_DIR),"
        " len(d.load_layers().communities)]))"
    )
    done = _run([installed.python, "-c", code], cwd=installed.work, env=installed.env())
    geo_file, app_root, data_dir, static_dir, communities = json.loads(done.stdout)
    site_packages = next(installed.venv.glob("lib/python3*/site-packages"))
    assert Path(geo_file).is_relative_to(site_packages)
    assert Path(app_root) == site_packages / "youthmap_app"
    assert Path(data_dir) == Path(app_root) / "data"
    assert Path(static_dir) == Path(app_root) / "static"
    assert communities > 100_000
    shipped = {p.relative_to(ROOT) for d in ("pages", "ui", "static", "data") for p in
               (ROOT / d).rglob("*") if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    shipped |= {Path("app.py"), Path(".streamlit/config.toml")}
    missing = sorted(str(p) for p in shipped if not (Path(app_root) / p).is_file())
    assert missing == []


@pytest.fixture
def served(installed: Installed) -> Iterator[str]:
    """``youthmap serve`` of the installed wheel on a free loopback port; its URL."""
    port = free_port()
    log = (installed.work / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(installed.venv / "bin" / "youthmap"), "serve", "--port", str(port),
         "--address", "127.0.0.1"],
        cwd=installed.work, env=installed.env(), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # serve starts streamlit as a child: stop the whole group
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert proc.poll() is None, (installed.work / "serve.log").read_text()
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "youthmap serve did not answer in time"
            time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()


def test_youthmap_serve_from_the_wheel_answers_and_serves_its_static_files(
    installed: Installed, served: str
) -> None:
    with urllib.request.urlopen(f"{served}/_stcore/health", timeout=10) as resp:
        assert resp.read() == b"ok"
    with urllib.request.urlopen(served, timeout=10) as resp:
        assert "<title>Streamlit</title>" in resp.read().decode()
    # static/ of the installed app, served because .streamlit/config.toml was read there
    with urllib.request.urlopen(f"{served}/app/static/vendor/leaflet/leaflet.js", timeout=10) as r:
        assert r.read() == (ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").read_bytes()
    assert not (installed.work / "var").exists()  # the database went to YOUTHMAP_HOME


def test_the_installed_app_runs_its_first_page_on_the_installed_data(installed: Installed) -> None:
    code = (
        "import json\n"
        "import streamlit as st\n"
        "from streamlit.testing.v1 import AppTest\n"
        # what the app's .streamlit/config.toml and `youthmap serve` set: this machine only
        # (AppTest runs in this folder, where no config is read; any other address needs
        # an account, and this environment has none)
        "st.config.set_option('server.address', '127.0.0.1')\n"
        "from geo.core._resources import app_root\n"
        "at = AppTest.from_file(str(app_root() / 'app.py'), default_timeout=300).run()\n"
        "print(json.dumps({'exceptions': [e.value for e in at.exception],"
        " 'titles': [t.value for t in at.title], 'metrics': [m.label for m in at.metric]}))"
    )
    done = _run([installed.python, "-c", code], cwd=installed.work, env=installed.env())
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["exceptions"] == []
    assert shown["titles"] == ["总览地图"]
    assert shown["metrics"][:4] == ["社区", "青年之家", "高校校区", "驻区单位"]
