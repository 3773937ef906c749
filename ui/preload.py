"""Import the app's modules once, before any session's script does: ``app.py`` imports
this module first.

Streamlit runs every session's script in a thread of one process. On a server that has
just started, sessions opening at the same moment import the same modules in different
orders, and CPython 3.11's per-module import locks then either report a deadlock
(``_DeadlockError: deadlock detected by _ModuleLock('branca')``) or hand one thread a
half-built module (``ImportError: cannot import name 'auth' from 'ui'``); the page shows
an error. Nine pages opened at once on a fresh server: at least one failed on 6 of 7
starts (2026-12-05).

Importing this module imports every module of ``ui`` and of ``geo`` but the command line and
the migrations, and every library those modules import inside functions (found in their
source, so a new lazy import is covered without a list to keep). Python holds this
module's import lock while it runs, so sessions that start meanwhile wait at their
``import ui.preload`` and then find everything in ``sys.modules``. App.py and every page
import it before anything else (``[tool.ruff.lint.isort]`` keeps it first). Nothing in
it may raise a script-control exception (``st.rerun``): a session waiting on a failed
import goes on with the half-built module (``ui.state.leave_legacy_mode``).

Cost, once per server process: the server's CPU for the first page of a fresh server, on
the 2-core machine of 2026-12-05, before → after: overview 2.9-3.4 → 5.3-5.9 s (three runs
each), coverage 4.7 → 5.7 s, selection 5.0 → 6.5 s. The overview no longer leaves out
scikit-learn and scipy.stats (docs/ENGINEERING.md). Under ``youthmap serve`` the server
pays it before it opens its port (:mod:`ui.launch`), not in a visitor's first page. The
command line never imports this module.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import geo
import ui

FIRST_PARTY: frozenset[str] = frozenset({"geo", "ui"})
"""Packages whose modules :func:`app_modules` lists: :func:`nested_imports` leaves them out."""

SKIPPED: tuple[str, ...] = ("geo.cli", "geo.__main__", "geo.store.migrations", "ui.launch")
"""Modules (and packages) the app never imports: the command line, Alembic's scripts
(Alembic runs them itself when it migrates), and the server's launcher, which imports this
module."""

INDENTED_IMPORT = re.compile(r"^[ \t]+(?:import|from)[ \t]+(?!geo\b|ui\b)\w", re.MULTILINE)
"""An import of a library that may stand inside a function (or in a docstring's prose: the
parse tells them apart). ``geo`` and ``ui`` modules are all imported anyway."""


def app_modules() -> list[str]:
    """Names of the modules of ``ui`` and ``geo`` the app can run (:data:`SKIPPED` left
    out), found on disk without importing anything."""
    names: list[str] = []
    folders = [(Path(package.__file__).parent, package.__name__) for package in (ui, geo)]
    while folders:
        folder, prefix = folders.pop()
        for info in pkgutil.iter_modules([str(folder)], prefix + "."):
            if info.name.startswith(SKIPPED):
                continue
            names.append(info.name)
            if info.ispkg:
                folders.append((folder / info.name.rsplit(".", 1)[1], info.name))
    return sorted(names)


def nested_imports(path: Path) -> Iterator[str]:
    """Libraries imported inside the functions and classes of the source file ``path`` (those
    at the top of the module run when it is imported; ``geo`` and ``ui`` left out). For
    ``from x import y`` both ``x`` and ``x.y`` are given: ``y`` may be a module
    (``from matplotlib import pyplot``); :func:`preload` imports it when it is."""
    source = path.read_text(encoding="utf-8")
    if not INDENTED_IMPORT.search(source):  # most files: no need to parse them
        return
    tree = ast.parse(source)
    bodies = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for top in tree.body:
        if not isinstance(top, bodies):
            continue
        for node in ast.walk(top):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            yield from (n for n in names if n.split(".")[0] not in FIRST_PARTY)


def preload() -> list[str]:
    """Import every module the app can run and the libraries they import lazily.

    Returns
    -------
    list of str
        The names imported, in order.
    """
    done = []
    for name in app_modules():
        module = importlib.import_module(name)
        done.append(name)
        if module.__file__:
            for lazy in nested_imports(Path(module.__file__)):
                parent, _, member = lazy.rpartition(".")
                if parent and _is_attribute(parent, member):
                    continue  # from x import a_function
                importlib.import_module(lazy)
                done.append(lazy)
    return done


def _is_attribute(parent: str, name: str) -> bool:
    """Whether ``name`` of the imported module ``parent`` is something other than a module
    of it (a function, a class, a constant)."""
    module = sys.modules.get(parent)
    if module is None or not hasattr(module, "__path__"):
        return module is not None
    return importlib.util.find_spec(f"{parent}.{name}") is None


MODULES: tuple[str, ...] = tuple(preload())
"""What this process imported for the app, in order."""
