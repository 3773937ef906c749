"""Every entry script imports the app's modules first and leaves Streamlit's legacy mode
first (ui/preload.py, ui/state.py); the browser test opening every page at once on a
fresh server is tests/browser/test_cold_start_browser.py.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests._paths import ROOT

SCRIPTS = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]


def _imports(tree: ast.Module) -> list[ast.stmt]:
    return [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_import_preload_before_anything_else(script: Path) -> None:
    imports = [
        n
        for n in _imports(ast.parse(script.read_text(encoding="utf-8")))
        if not (isinstance(n, ast.ImportFrom) and n.module == "__future__")
    ]
    first_party = [
        n
        for n in imports
        if (n.module if isinstance(n, ast.ImportFrom) else n.names[0].name).split(".")[0]
        not in sys.stdlib_module_names
    ]
    assert isinstance(first_party[0], ast.Import), script.name
    assert first_party[0].names[0].name == "ui.preload", script.name


@pytest.mark.parametrize("script", SCRIPTS[1:], ids=lambda p: p.name)
def test_pages_rerun_a_legacy_run_first(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    after = tree.body[tree.body.index(_imports(tree)[-1]) + 1]
    assert ast.unparse(after) == "state.rerun_if_legacy()", script.name


def test_nested_imports_finds_the_libraries_functions_import(tmp_path: Path) -> None:
    from ui import preload

    source = tmp_path / "m.py"
    source.write_text(
        '"""Notes.\n\n    from the command line, import a file\n"""\n'
        "import json\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import decimal\n"
        "def f():\n    import csv\n    from geo.core import cells\n    from . import x\n"
        "class C:\n    def g(self):\n        from email import message\n",
        encoding="utf-8",
    )
    assert list(preload.nested_imports(source)) == ["csv", "email", "email.message"]


@pytest.mark.slow
def test_preload_imports_the_app_but_not_the_command_line() -> None:
    code = (
        "import sys, ui.preload as p; "
        "print(sorted(m for m in sys.modules if m.startswith(('geo.cli.', 'geo.store.migrations.')))); "
        "print(len(p.MODULES))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "[]"
    from ui import preload

    names = preload.app_modules()
    assert "ui.state" in names and "geo.analysis.coverage" in names
    assert not [n for n in names if n.startswith(preload.SKIPPED)]
    assert int(out[1]) >= len(names)
