"""The session contract: shared session keys are spelled only in ``ui/session.py``."""

from __future__ import annotations

import ast
from pathlib import Path

from tests._paths import ROOT
from ui import session

SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "pages").glob("*.py")),
]


def _session_state_keys(tree: ast.AST) -> list[tuple[int, str]]:
    """String keys used on ``st.session_state`` (``[...]``, ``.get``, ``.pop``, ``.setdefault``)."""

    def is_state(node: ast.AST) -> bool:
        return isinstance(node, ast.Attribute) and node.attr == "session_state"

    found = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and is_state(node.value):
            key = node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop", "setdefault")
            and is_state(node.func.value)
            and node.args
        ):
            key = node.args[0]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            found.append((node.lineno, key.value))
    return found


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def test_shared_session_keys_are_read_and_written_only_through_ui_session():
    spelled = [
        f"{_where(path, line)} {key!r}"
        for path in SOURCES
        if path.name != "session.py"
        for line, key in _session_state_keys(ast.parse(path.read_text(encoding="utf-8")))
        if key in session.KEYS
    ]
    assert not spelled, "use ui.session's accessors:\n" + "\n".join(spelled)


def test_the_pilot_list_key_appears_nowhere_but_the_session_module():
    mentions = [
        _where(path, node.lineno)
        for path in SOURCES
        if path.name != "session.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == session.SELECTION_FINAL
    ]
    assert not mentions, mentions


def test_the_scan_finds_a_key_spelled_out():
    tree = ast.parse('st.session_state["selection_final"] = 1\nst.session_state.get("lang")')
    assert _session_state_keys(tree) == [(1, "selection_final"), (2, "lang")]
