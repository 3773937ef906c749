"""``geo/intake/validate`` and ``geo/siting`` hold no function longer than 80 lines (issue 22):
``validate_table`` was 465 lines with ten ``# section`` comments, now one function per check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests._paths import ROOT

MAX_LINES = 80


def lengths(path: Path) -> dict[str, int]:
    """``qualname`` → lines, decorators and docstring included, of every function in ``path``."""
    out: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                    out[name] = (child.end_lineno or child.lineno) - first + 1
                visit(child, f"{name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return out


def _modules(stem: str) -> list[Path]:
    geo = ROOT / "geo"
    return sorted(
        {*geo.glob(f"{stem}*.py"), *geo.rglob(f"{stem}*/*.py"), *geo.rglob(f"{stem}*.py")}
    )


@pytest.mark.parametrize("stem", ["validate", "siting"])
def test_no_function_is_longer_than_80_lines(stem):
    paths = _modules(stem)
    assert paths, stem
    long = {
        f"{p.relative_to(ROOT)}:{name} ({n} lines)"
        for p in paths
        for name, n in lengths(p).items()
        if n > MAX_LINES
    }
    assert not long, sorted(long)


def test_the_length_counts_decorators_and_docstrings(tmp_path):
    path = tmp_path / "m.py"
    path.write_text(
        '@dec\ndef f():\n    """Doc."""\n    return 1\n\n\nclass C:\n    def g(self):\n        pass\n'
    )
    assert lengths(path) == {"f": 4, "C.g": 2}
