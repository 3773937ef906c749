"""Fixtures and rules shared by every tier of the suite.

Tests live in one folder per tier; the folder marks them (``pytest -m unit`` …):

* ``unit/`` the library, in process, on real data and real files;
* ``app/`` pages through Streamlit's AppTest;
* ``cli/`` the ``youthmap`` command and other processes as a user starts them (console
  script, ``python -m geo``, notebooks, the installed wheel);
* ``db/`` a real PostgreSQL server (``tests/pg.py``; SQLite beside it);
* ``browser/`` the app in real Chromium (``tests/browser/conftest.py``).

A file goes in the tier of the heaviest thing it needs. Helpers every tier may import sit at
the top of ``tests/`` (``tests/_*.py``, ``tests/pg.py``, ``tests/hostile.py``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests._paths import ROOT

T = TypeVar("T")
TESTS = Path(__file__).resolve().parent
TIERS: tuple[str, ...] = ("unit", "app", "cli", "db", "browser")
"""Test folders, from the fastest to the slowest; each is also a marker."""

_HOME = pytest.StashKey[str]()
_MAIN = sys.modules.get("__main__")
"""The test process's own main module, as it was before any test ran."""


def pytest_configure(config: pytest.Config) -> None:
    """Give this test process (each xdist worker) a database folder of its own.

    Pages and commands that find no ``YOUTHMAP_HOME`` write ``./var`` of the checkout, which
    parallel workers (and a developer's own data) would share; ``YOUTHMAP_DB_URL`` could
    point at a real database. Tests that need either set them themselves.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    home = tempfile.mkdtemp(prefix=f"youthmap-home-{worker}-")
    config.stash[_HOME] = home
    os.environ["YOUTHMAP_HOME"] = home
    os.environ.pop("YOUTHMAP_DB_URL", None)
    # a fault inside a command is raised with its traceback to the test that met it, not
    # said in one line (tests/cli/test_cli_outputs.py checks the line with this unset)
    os.environ["YOUTHMAP_DEBUG"] = "1"
    _scan_components_once()
    _wait_for_scripts_without_polling()
    _compile_each_script_once()
    _hash_passwords_cheaply()
    # python-calamine (a test dependency, tests/_downloads.py) makes pandas warn that its
    # default reader will change; the tests that use pandas.read_excel keep openpyxl's
    import pandas as pd

    pd.set_option("io.excel.xlsx.reader", "openpyxl")


def _compile_each_script_once() -> None:
    """Let every ``AppTest`` run reuse the byte code of the app's scripts.

    ``AppTest.run`` gives each script run a new, empty ``ScriptCache``: every click in a test
    read, parsed (Streamlit's "magic" walks the syntax tree) and compiled ``app.py`` and the
    page again: 612 compilations and 1.9 s of the 31 s of CPU the management and selection
    page tests take, measured here (10 compilations with this). A served app compiles each
    script once per process, as this does now: the byte code is kept per file, its size and
    modification time, and the magic setting. If Streamlit changes the method, its own is kept.
    """
    import inspect

    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    original = ScriptCache.get_bytecode
    if list(inspect.signature(original).parameters) != ["self", "script_path"]:
        return
    compiled: dict[tuple[str, int, int, object], object] = {}

    def get_bytecode(self: ScriptCache, script_path: str) -> object:
        stat = os.stat(script_path)
        key = (
            script_path,
            stat.st_mtime_ns,
            stat.st_size,
            config.get_option("runner.magicEnabled"),
        )
        if key not in compiled:  # two threads compiling one file at once both get valid code
            compiled[key] = original(self, script_path)
        return compiled[key]

    ScriptCache.get_bytecode = get_bytecode


def _hash_passwords_cheaply() -> None:
    """Hash passwords in the test processes with argon2-cffi's profile for tests.

    The suite makes and checks a few hundred accounts' passwords in process; at the app's
    Argon2id parameters (argon2-cffi's default, RFC 9106's low-memory profile: 64 MiB, three
    passes, four lanes) each costs about 0.16 s of CPU here, 23 s of the login tests' 45.
    ``argon2.profiles.CHEAPEST`` is the same Argon2id at the smallest cost, which argon2-cffi
    provides for tests. The servers and commands the tests start run as installed, with the
    app's parameters; ``tests/unit/test_auth.py`` checks those in a fresh interpreter and
    ``tests/db/test_accounts.py`` that a hash with other parameters is replaced at sign-in.
    """
    from argon2 import PasswordHasher, profiles

    from geo.plan import auth

    auth._HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)


def _scan_components_once() -> None:
    """Scan the installed packages for Streamlit components once per test process.

    Every ``AppTest`` builds its own component manager, which walks the metadata of every
    installed distribution (``streamlit.components.v2.manifest_scanner``, about 0.4 s of
    CPU each time, over 300 times in the suite). The packages do not change while the
    tests run, so the first scan's answer is kept and handed to the later managers. The
    served app scans once at start-up and is not touched.
    """
    import functools

    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


def _wait_for_scripts_without_polling() -> None:
    """Let ``AppTest.run`` wait for its script on an event instead of polling every 1 ms.

    Streamlit's ``require_widgets_deltas`` sleeps 1 ms at a time and, on each wake, scans
    every event the run has recorded (one per element drawn) for the end of the script:
    the test thread takes the interpreter lock about a thousand times a second from the
    thread running the page. Waiting on a ``threading.Event`` set by the same end-of-run
    signal (``ScriptRunnerEvent.SHUTDOWN``), with the same timeout and the same error,
    measured here: two page files run alone 85 s → 73 s (mean of two runs each), system
    CPU 17.6 s → 12.4 s. If Streamlit changes the function, its own is kept.
    """
    import inspect
    import threading

    from streamlit.runtime.scriptrunner import ScriptRunnerEvent
    from streamlit.testing.v1 import local_script_runner as lsr

    original = getattr(lsr, "require_widgets_deltas", None)
    if original is None or list(inspect.signature(original).parameters) != ["runner", "timeout"]:
        return

    def require_widgets_deltas(runner: lsr.LocalScriptRunner, timeout: float = 3) -> None:
        done = threading.Event()

        def on_event(sender: object, event: ScriptRunnerEvent, **kwargs: object) -> None:
            if event == ScriptRunnerEvent.SHUTDOWN:
                done.set()

        runner.on_event.connect(on_event, weak=False)
        try:  # connected first, then checked: an end already recorded is not missed
            if runner.script_stopped() or done.wait(timeout):
                return
        finally:
            runner.on_event.disconnect(on_event)
        runner.request_stop()
        runner.join()
        raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")

    lsr.require_widgets_deltas = require_widgets_deltas


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_HOME, None)
    if home:
        shutil.rmtree(home, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its tier, read from the folder it is in; put the ``long`` tests
    at the head of each worker's share (:func:`long_first`)."""
    for item in items:
        try:
            tier = item.path.resolve().relative_to(TESTS).parts[0]
        except ValueError:  # a file outside tests/ (pytester's)
            continue
        if tier in TIERS:
            item.add_marker(tier)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    items[:] = long_first(
        items,
        workers,
        lambda item: item.get_closest_marker("long") is not None,
        lambda item: -item.get_closest_marker("long").kwargs.get("seconds", 60),
    )


def long_first(
    items: list[T],
    workers: int,
    is_long: Callable[[T], bool],
    rank: Callable[[T], int] = lambda _: 0,
) -> list[T]:
    """``items`` reordered so that each of ``workers`` shares begins with long tests.

    ``pytest -n N --dist worksteal`` hands worker *k* the *k*-th contiguous share of the
    collection (``len(rest) // workers_left`` at a time) and, when a worker runs dry, moves
    the tail of another's queue to it. A test of several minutes (the offline bundle's
    install, the presentation workbooks) met late in its share ran on alone while the other
    worker idled: the suite's wall time was that test's end. Here the long tests are dealt
    out in turn to the shares' heads, by ``rank`` (here the longest first, by the seconds its
    ``long`` marker gives); the rest keep their order (a module's tests stay
    together, so module fixtures are built once) and fill the shares up to the sizes the
    scheduler cuts.
    """
    long = sorted((item for item in items if is_long(item)), key=rank)
    rest = [item for item in items if not is_long(item)]
    out: list[T] = []
    for k in range(workers):
        size = (len(items) - len(out)) // (workers - k)
        head = long[k::workers]
        take = max(0, size - len(head))
        out += head + rest[:take]
        rest = rest[take:]
    return out + rest


@pytest.fixture(scope="module", autouse=True)
def _home_per_app_module(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give each AppTest module a ``YOUTHMAP_HOME`` of its own.

    The app saves the user's selection work in the database (the desktop user's too) and
    puts it back in every new session: a scope or a lock one module's page saved would
    otherwise open the next module's pages. Autouse and module-scoped, so it is set before
    the module's own AppTest fixtures run.
    """
    if "app" not in request.path.resolve().relative_to(TESTS).parts[:1]:
        yield
        return
    before = os.environ.get("YOUTHMAP_HOME")
    home = tempfile.mkdtemp(prefix="youthmap-home-module-")
    os.environ["YOUTHMAP_HOME"] = home
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("YOUTHMAP_HOME", None)
        else:
            os.environ["YOUTHMAP_HOME"] = before
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    """Put ``sys.modules["__main__"]`` back after each test.

    AppTest runs a page as the module ``__main__`` and leaves it there. A process started
    later with the ``spawn`` method (a ``multiprocessing.Pool`` in ``tests/db``) then runs
    that page, or AppTest's temporary script already deleted, as its own main module and
    dies while starting; a pool replaces dying workers forever, so the test hung in one
    xdist worker after AppTest tests had run in it. (Module-scoped AppTest fixtures run
    before this one, hence the main module recorded at import.)
    """
    yield
    if _MAIN is not None and sys.modules.get("__main__") is not _MAIN:
        sys.modules["__main__"] = _MAIN


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def layers():
    """The embedded national dataset's four layers (loaded once per worker)."""
    from geo import dataset

    return dataset.load_layers()


LOGIN_PASSWORD = "粤青春2021!"
"""Password of the ``gd`` account made by :func:`login_home`."""


@pytest.fixture
def login_home(tmp_path, monkeypatch):
    """A SQLite ``YOUTHMAP_HOME`` in ``tmp_path`` with logins on and one province account
    ``gd`` (password :data:`LOGIN_PASSWORD`); yields the open store."""
    from geo import store

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "gd", LOGIN_PASSWORD, "province", "44")
    yield db
    db.dispose()


def log_in(at, name: str, password: str):  # noqa: ANN001, ANN201 - an AppTest
    """Fill the login form of ``at`` and submit it; returns ``at`` after the run."""
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()
