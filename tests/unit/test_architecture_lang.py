"""The library speaks codes, the edge speaks languages: no function of ``geo/`` outside the
edges takes ``lang``.

The edges render text in their reader's language: the command line (``geo/cli``), exports
(``geo/export``), maps (``geo/maps``), the catalogue (``geo/locales``, ``geo/i18n.py``).
Everything else returns data and raises problems as message codes with parameters
(:class:`geo.core.errors.Problem`), rendered at the edge.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests._paths import ROOT

GEO = ROOT / "geo"
EDGES = re.compile(r"^geo/(cli|export|maps|locales)/|^geo/i18n\.py$")


def functions_taking(name: str, path: Path) -> list[str]:
    """``module:qualname`` of every function in ``path`` with a parameter ``name``."""
    found: list[str] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                a = child.args
                if name in [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]:
                    found.append(f"{path.stem}:{prefix}{child.name}")
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def library_functions_taking_lang() -> set[str]:
    return {
        qualname
        for path in sorted(GEO.rglob("*.py"))
        if not EDGES.match(path.relative_to(ROOT).as_posix())
        for qualname in functions_taking("lang", path)
    }


def test_no_library_function_outside_the_edges_takes_lang():
    found = sorted(library_functions_taking_lang())
    assert not found, f"raise a message code or return codes, render at the edge: {found}"


def test_the_scan_sees_methods_and_keyword_only_parameters(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        "def f(a, *, lang='zh'): ...\nclass C:\n    def g(self, lang): ...\ndef h(x): ...\n"
    )
    assert functions_taking("lang", path) == ["m:f", "m:C.g"]
