"""The hostile-input corpus (:mod:`tests.hostile`) through the command line and the Data page.

Every case must end in a clear message naming what is wrong — exit 2 from ``youthmap
validate`` and ``youthmap import``, an error (or, for row problems, the problem table) on
the Data page — under a 1 GiB address-space cap (command line) and within 10 s each, and
no case may read a file outside the upload: a sentinel file planted where the attacks point
must never show up in any output, written file or page.

The command-line cases run in one worker process (:mod:`tests._hostile_worker`) that sets
the cap before importing anything and runs each command through the ``youthmap`` entry
point; each answer is awaited for 10 s, after which the worker is killed and the case
fails. Importing the program once keeps the 52 runs to a few seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import hostile
from tests._paths import ROOT
from tests.hostile import SENTINEL

APP = str(ROOT / "app.py")
CASE_SECONDS = 10.0
"""Time cap of one case (the worker's answer, the page's script run)."""
STARTUP_SECONDS = 180.0
"""Time allowed for the worker to import the program (not part of any case)."""


class Worker:
    """A ``tests._hostile_worker`` process answering one command per line."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.proc: subprocess.Popen | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> None:
        self.lines = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests._hostile_worker"],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log.open("a"),
            text=True,
            encoding="utf-8",
        )
        threading.Thread(target=self._pump, args=(self.proc, self.lines), daemon=True).start()
        ready = self._answer(STARTUP_SECONDS)
        assert ready == {"ready": True}, f"worker did not start: {self.log.read_text()[-2000:]}"

    @staticmethod
    def _pump(proc: subprocess.Popen, lines: queue.Queue) -> None:
        for line in proc.stdout:
            if line.startswith("{"):
                lines.put(line)
        lines.put(None)

    def _answer(self, timeout: float) -> dict | None:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        return None if line is None else json.loads(line)

    def run(self, argv: list[str]) -> dict:
        """Run one command; ``{"timeout": True}`` (worker killed) past :data:`CASE_SECONDS`,
        ``{"died": …}`` when the worker ended without answering."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        answer = self._answer(CASE_SECONDS)
        if answer is None:
            died = self.proc.poll() is not None
            self.close()
            return {"died": self.log.read_text()[-2000:]} if died else {"timeout": True}
        return answer

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, hostile.Case]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: case for case in hostile.build(folder)}


def _workdir(corpus: dict[str, hostile.Case]) -> Path:
    return next(iter(corpus.values())).path.parent / hostile.TMP_SUBDIR


@pytest.fixture(scope="module")
def worker(corpus: dict[str, hostile.Case]):
    env = dict(os.environ, TMPDIR=str(_workdir(corpus)), PYTHONPATH=str(ROOT))
    w = Worker(env, _workdir(corpus).parent / "worker.log")
    yield w
    w.close()


@pytest.mark.parametrize("name", hostile.NAMES)
def test_validate_refuses_each_hostile_file_clearly_within_caps(name, corpus, worker, tmp_path):
    case = corpus[name]
    answer = worker.run(["validate", case.argv_path])
    assert not answer.get("timeout"), f"{name}: no answer within {CASE_SECONDS:g} s"
    assert "died" not in answer, answer.get("died")
    assert "uncaught" not in answer, answer.get("traceback")
    assert answer["code"] == 2, answer
    assert case.zh in answer["stderr"], answer["stderr"]
    assert "Traceback" not in answer["stderr"]
    assert SENTINEL not in answer["stdout"] + answer["stderr"]


@pytest.mark.parametrize("name", hostile.NAMES)
def test_import_refuses_each_hostile_file_in_english_and_writes_nothing(
    name, corpus, worker, tmp_path
):
    case = corpus[name]
    out = tmp_path / "out.csv"
    answer = worker.run(["import", case.argv_path, "--out", str(out), "--lang", "en"])
    assert not answer.get("timeout"), f"{name}: no answer within {CASE_SECONDS:g} s"
    assert "died" not in answer, answer.get("died")
    assert "uncaught" not in answer, answer.get("traceback")
    assert answer["code"] == 2, answer
    assert case.en in answer["stderr"], answer["stderr"]
    assert SENTINEL not in answer["stdout"] + answer["stderr"]
    assert not out.exists()


def test_console_script_refuses_a_vrt_under_the_memory_cap(corpus):
    """The real ``youthmap`` executable, in its own capped process (startup included, so
    the timeout here is generous; the per-case cap is the worker's)."""
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))

    exe = Path(sys.executable).with_name("youthmap")
    proc = subprocess.run(
        [str(exe), "validate", str(corpus["vrt_as_geojson"].path)],
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        preexec_fn=cap,
        env=dict(os.environ, TMPDIR=str(_workdir(corpus))),
    )
    assert proc.returncode == 2
    assert "虚拟数据源（VRT）" in proc.stderr and SENTINEL not in proc.stdout + proc.stderr


# ---------------------------------------------------------------------------- Data page

PAGE_NAMES = tuple(n for n in hostile.NAMES if n != "vsi_path")  # an upload has no path


def _shown(at: AppTest) -> str:
    """Everything the page shows as text: messages, captions, and every table's cells."""
    parts = []
    for kind in ("error", "warning", "info", "success", "markdown", "caption", "text"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(d.value.to_string() for d in at.dataframe)
    return "\n".join(parts)


@contextlib.contextmanager
def _data_page(corpus) -> Iterator[AppTest]:
    """The data page, with temporary files made where "../../x.geojson" would lead."""
    saved = tempfile.tempdir
    tempfile.tempdir = str(_workdir(corpus))
    try:
        at = AppTest.from_file(APP, default_timeout=180)
        at.run()
        at.switch_page("pages/data.py").run()
        assert not at.exception
        yield at
    finally:
        tempfile.tempdir = saved


@pytest.fixture(scope="module")
def page(corpus):
    with _data_page(corpus) as at:
        yield at


def _upload(at: AppTest, case: hostile.Case, lang: str = "zh") -> str:
    at.session_state["lang"] = lang
    at.session_state["data_upload"] = {"name": case.path.name, "data": case.path.read_bytes()}
    at.run(timeout=CASE_SECONDS)
    assert not at.exception, [e.value for e in at.exception]
    return _shown(at)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_data_page_shows_each_hostile_file_clearly(name, corpus, page):
    case = corpus[name]
    shown = _upload(page, case)
    assert case.zh in shown
    assert SENTINEL not in shown
    accept = [b for b in page.button if b.key == "data_accept_all"]
    assert not accept or accept[0].disabled


@pytest.mark.parametrize("name", ["vrt_as_geojson", "zip_slip_relative", "far_cell"])
def test_data_page_shows_the_reason_in_english(name, corpus, page):
    case = corpus[name]
    try:
        shown = _upload(page, case, lang="en")
    finally:
        page.session_state["lang"] = "zh"
    assert case.en in shown and SENTINEL not in shown


def test_data_page_asks_for_the_layer_and_says_which_was_read(corpus):
    with _data_page(corpus) as page:  # its own: the layer chosen here would stay chosen
        _asks_for_the_layer(corpus, page)


def _asks_for_the_layer(corpus, page: AppTest) -> None:
    case = corpus["two_layer_gpkg"]
    shown = _upload(page, case)
    assert "多个图层" in shown
    [box] = [s for s in page.selectbox if s.label == "文件中的图层"]
    assert box.options == ["boundaries", "communities"] and box.value is None
    box.select("communities").run(timeout=CASE_SECONDS)
    assert not page.exception
    shown = _shown(page)
    assert "已读取图层“communities”；文件中另有：boundaries" in shown
    assert "共 6 行" in shown
