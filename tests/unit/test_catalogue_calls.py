"""Every catalogue message the code formats is given the values its placeholders name.

``i18n.t(key, lang)`` with no values returns the text as it stands, so a call that forgets
them shows the placeholder to the user: the record templates' note read
"{columns}列可从下拉列表选择" for as long as they existed. This reads the code (not a
run, which would need every page and command in every state) and checks each call whose
key is written out: ``t``/``state.t``/``i18n.t``, the commands' ``say`` and ``help_text``,
``InputError.single`` and ``Problem`` with its ``params`` written out.
"""

from __future__ import annotations

import ast
import re

from geo import i18n
from tests._paths import ROOT

PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:[!:][^{}]*)?\}(?!\})")
PROBLEM_FIELDS = {"file", "row", "column", "code"}
"""``InputError.single``'s own arguments (the rest are the message's values)."""


def _calls(tree: ast.AST):
    """``(key, given values, line)`` of every catalogue call with a written-out key."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name == "Problem":  # Problem(key, ..., params={...}): the dict's keys are given
            params = next((k.value for k in node.keywords if k.arg == "params"), None)
            if node.args and isinstance(params, ast.Dict) and None not in params.keys:
                keys = {k.value for k in params.keys if isinstance(k, ast.Constant)}
                if isinstance(node.args[0], ast.Constant) and len(keys) == len(params.keys):
                    yield node.args[0].value, keys, node.lineno
            continue
        at = {"t": 0, "single": 0, "help_text": 0, "say": 1}.get(name or "")
        if at is None or len(node.args) <= at:
            continue
        arg = node.args[at]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        given = {k.arg for k in node.keywords}
        if None in given:  # **values: not known here
            continue
        key = f"cli.help.{arg.value}" if name == "help_text" else arg.value
        yield key, given - (PROBLEM_FIELDS if name == "single" else set()), node.lineno


def test_every_call_gives_the_values_its_message_names():
    catalogue = i18n.catalogue()
    files = [ROOT / "app.py"]
    for folder in ("geo", "ui", "pages"):
        files += sorted((ROOT / folder).rglob("*.py"))
    missing, checked = [], 0
    for path in files:
        for key, given, line in _calls(ast.parse(path.read_text("utf-8"))):
            pair = catalogue.get(key)
            if pair is None:
                continue
            checked += 1
            need = set(PLACEHOLDER.findall(pair[0])) | set(PLACEHOLDER.findall(pair[1]))
            if need - given:
                rel = path.relative_to(ROOT)
                missing.append(f"{rel}:{line} {key} lacks {sorted(need - given)}")
    assert checked > 1_000  # the calls were found
    assert missing == []
