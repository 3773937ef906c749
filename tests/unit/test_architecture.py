"""The rooms of ``geo/`` stand in layers: no import cycle between modules, no import that
runs up a layer (issue 22).

The graph is drawn from the source with :mod:`ast`: every ``import`` and ``from … import``
of a ``geo`` module, those inside functions included (a lazy import is still a dependency),
but not those under ``if TYPE_CHECKING:`` (they never run; annotations only). An import of
a package counts as an import of its ``__init__``; ``from geo.pkg import name`` counts as an
import of ``geo.pkg.name`` when that is a module (of ``geo.pkg``'s ``__init__`` otherwise).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests._paths import ROOT

GEO = ROOT / "geo"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("geo.i18n", "geo.locales"),  # the catalogue: message codes → text, Term
    ("geo.core",),  # errors, params, regions, scope, crs, distance, layers, cells
    ("geo.dataset",),  # the embedded dataset, its build and the simulator
    ("geo.intake",),  # reading, headers, validation, templates
    ("geo.analysis",),  # coverage, gaps, indicators, scoring, quota, selection, pairing
    ("geo.siting",),  # the location models
    ("geo.plan", "geo.store"),  # a plan's lifecycle and year of work, and the database
    ("geo.maps",),  # folium maps
    ("geo.export",),  # files for meetings: static maps, HTML, PPTX, XLSX, the story
    ("geo.cli", "geo.__main__"),  # the command line
)
"""From the bottom up: a module may import from its own layer and the layers below it.

Rooms in one layer (``plan`` and ``store``: a plan's rules and where it is saved) may
import each other, module cycles aside."""


def module_name(path: Path, root: Path) -> str:
    """``geo/intake/io.py`` → ``geo.intake.io``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runs(node: ast.If) -> bool:
    """``False`` for ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``), whose body never runs."""
    test = node.test
    name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
    return name != "TYPE_CHECKING"


def imports_of(path: Path, module: str, modules: set[str]) -> set[str]:
    """The ``geo`` modules ``module`` (at ``path``) imports, at any depth of its code."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and not _runs(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*up, base] if base else up)
                for alias in child.names:  # a module by its name, any other name: the package
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in modules else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in modules and m != module}


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the ``geo`` modules it imports, for every module under ``root / "geo"``."""
    paths = {module_name(p, root): p for p in sorted((root / "geo").rglob("*.py"))}
    modules = set(paths)
    return {m: imports_of(p, m, modules) for m, p in paths.items()}


def layer_of(module: str) -> int | None:
    """The index in :data:`LAYERS` of ``module``'s room (``None``: ``geo`` itself)."""
    for index, rooms in enumerate(LAYERS):
        if any(module == room or module.startswith(room + ".") for room in rooms):
            return index
    return None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """``a → b`` for every import of a module in a higher layer than the importer's."""
    out = []
    for module, targets in graph.items():
        mine = layer_of(module)
        for target in sorted(targets):
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                out.append(f"{module} → {target} ({LAYERS[mine][0]} < {LAYERS[theirs][0]})")
    return sorted(out)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strongconnect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return sorted(found)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(ROOT)


def test_every_module_of_geo_has_a_layer(graph):
    assert not [m for m in graph if m != "geo" and layer_of(m) is None]


def test_no_import_cycle_between_modules(graph):
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" ⇄ ".join(c) for c in found)


def test_no_import_runs_up_a_layer(graph):
    found = upward_imports(graph)
    assert not found, "imports that run up a layer:\n" + "\n".join(found)


def test_the_graph_sees_lazy_imports_and_the_rooms_in_it(graph):
    # a lazy import inside a function (the simulator writes through the dataset's writer)
    assert "geo.dataset.parquet" in graph["geo.dataset.simulate"]
    assert "geo.core.cells" in graph["geo.intake.io"]  # `from geo.core import cells`, lazily
    assert "geo.core.errors" not in graph["geo.i18n"]  # under TYPE_CHECKING only


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "geo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checks_fail_on_a_cycle_and_on_an_upward_import(tmp_path):
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/a.py": "def f():\n    from geo.core import b\n",
            "core/b.py": "from geo.core.a import f\nfrom geo.export import x\n",
            "export/__init__.py": "",
            "export/x.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from geo.cli import main\n",
            "cli/__init__.py": "",
            "cli/main.py": "from . import _common\n",
            "cli/_common.py": "",
        },
    )
    graph = import_graph(root)
    assert cycles(graph) == [["geo.core.a", "geo.core.b"]]
    assert upward_imports(graph) == ["geo.core.b → geo.export.x (geo.core < geo.export)"]
    assert graph["geo.export.x"] == set()  # TYPE_CHECKING only
    assert graph["geo.cli.main"] == {"geo.cli._common"}  # a relative import of a module
