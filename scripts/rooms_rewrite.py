"""Rewrite references to the modules of ``geo/`` that moved into sub-packages (issue 22,
"rooms by job"): imports, dotted names in strings and prose, and ``geo/…`` file paths.

Usage::

    python scripts/rooms_rewrite.py            # every tracked .py/.ipynb/.md/.toml file
    python scripts/rooms_rewrite.py FILE ...   # only these files
    python scripts/rooms_rewrite.py --check    # list what would change, change nothing

It is idempotent (a file already rewritten is left as it is), so it can run again after
merging a branch that still spells the old names. Afterwards run ``ruff check --fix .`` and
``ruff format .`` to sort the imports it splits.

What it rewrites, for every old module ``geo.OLD`` now at ``geo.NEW``:

- ``from geo import OLD`` (also ``as`` and lists mixing moved and unmoved names, in
  parentheses over several lines too) → ``from geo.PKG import OLD``, one statement per
  package;
- ``from geo.OLD import x`` and any dotted ``geo.OLD`` (``import geo.OLD``, strings such as
  ``"geo.OLD.name"`` in ``monkeypatch``, ``:mod:`geo.OLD``` in docs) → ``geo.NEW``;
- a path ``geo/OLD.py`` or ``geo/OLD`` → ``geo/NEW.py`` / ``geo/NEW``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

MOVES: dict[str, str] = {
    # the foundation
    "errors": "core.errors",
    "params": "core.params",
    "_validation": "core._validation",
    "regions": "core.regions",
    "crs": "core.crs",
    "distance": "core.distance",
    "layers": "core.layers",
    "scope": "core.scope",
    "_resources": "core._resources",
    "localtime": "core.localtime",
    "export.cells": "core.cells",
    # the data build and the simulator (geo/dataset.py became geo/dataset/__init__.py)
    "build": "dataset.build",
    "simulate": "dataset.simulate",
    "borders": "dataset.borders",
    "places": "dataset.places",
    # file intake
    "io": "intake.io",
    "_vector": "intake._vector",
    "_xlsx": "intake._xlsx",
    "_archive": "intake._archive",
    "headers": "intake.headers",
    "validate": "intake.validate",
    "templates": "export.templates",  # workbooks in the reader's language: the edge
    "diff": "intake.diff",
    # analysis
    "coverage": "analysis.coverage",
    "gaps": "analysis.gaps",
    "indicators": "analysis.indicators",
    "scoring": "analysis.scoring",
    "presets": "analysis.presets",
    "quota": "analysis.quota",
    "selection": "analysis.selection",
    "pairing": "analysis.pairing",
    "cobuild": "analysis.cobuild",
    # the plan and its year of work
    "lifecycle": "plan.lifecycle",
    "filing": "export.filing",  # the 备案表 in the reader's language: the edge
    "auth": "plan.auth",
    "records": "plan.records",
    "progress": "plan.progress",
    "evaluation": "plan.evaluation",
    "next_cycle": "plan.next_cycle",
    "year_demo": "plan.year_demo",
    # the meeting story and reports
    "story": "export.story",
    "overview": "export.overview",
    # second moves on this branch (a tree rewritten before them is rewritten again)
    "intake.templates": "export.templates",
    "plan.filing": "export.filing",
}
"""Old module (dotted, below ``geo``) → its new place (below ``geo``)."""

SUFFIXES = (".py", ".ipynb", ".md", ".toml")
SELF = Path(__file__).resolve()

_OLD = "|".join(sorted((re.escape(k) for k in MOVES), key=len, reverse=True))
_DOTTED = re.compile(rf"(?<![\w.])geo\.({_OLD})(?!\w)")
_PATH = re.compile(r"(?<![\w/.])geo/(" + _OLD.replace(r"\.", "/") + r")(?![\w/])")
_DATASET_FILE = re.compile(r"(?<![\w/.])geo/dataset\.py\b")
_FROM = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<pkg>geo(?:\.\w+)*)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n#]*?)(?P<tail>[ \t]*(?:#[^\n]*)?)$",
    re.MULTILINE,
)


def _new(old: str) -> str:
    """``geo.OLD`` → ``geo.NEW`` for a dotted name below ``geo`` (as given if it did not move)."""
    return "geo." + MOVES.get(old, old)


def _rewrite_from(match: re.Match[str]) -> str:
    """``from geo[.pkg] import a, b as c`` with each name sent to the package it now lives in."""
    indent, pkg, names, tail = (match.group(g) for g in ("indent", "pkg", "names", "tail"))
    below = pkg[len("geo.") :] if pkg != "geo" else ""
    if below in MOVES:  # ``from geo.OLD import x``: the module moved whole
        return f"{indent}from {_new(below)} import {names}{tail}"
    items = [n.strip() for n in names.strip("()").replace("\n", " ").split(",") if n.strip()]
    moved = [n for n in items if f"{below}.{n.split()[0]}".lstrip(".") in MOVES]
    if not moved:
        return match.group(0)
    groups: dict[str, list[str]] = {}
    for item in items:
        full = f"{below}.{item.split()[0]}".lstrip(".")
        target = _new(full).rpartition(".")[0] if full in MOVES else pkg
        groups.setdefault(target, []).append(item)
    # a noqa comment (E402 after a sys.path set-up) holds for every statement made of the one
    tail_each = tail if "noqa" in tail else ""
    lines = [
        f"{indent}from {target} import {', '.join(group)}{tail_each}"
        for target, group in groups.items()
    ]
    return "\n".join(lines) + ("" if tail_each else tail)


def rewrite_text(text: str) -> str:
    """``text`` with every reference to a moved module rewritten (idempotent)."""
    text = _FROM.sub(_rewrite_from, text)
    text = _DOTTED.sub(lambda m: _new(m.group(1)), text)
    text = _PATH.sub(lambda m: "geo/" + MOVES[m.group(1).replace("/", ".")].replace(".", "/"), text)
    return _DATASET_FILE.sub("geo/dataset/__init__.py", text)


def rewrite_notebook(text: str) -> str:
    """A Jupyter notebook with each cell's source rewritten."""
    notebook = json.loads(text)
    for cell in notebook.get("cells", []):
        source = cell.get("source", [])
        joined = "".join(source) if isinstance(source, list) else source
        new = rewrite_text(joined)
        if new != joined:
            cell["source"] = new.splitlines(keepends=True) if isinstance(source, list) else new
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def rewrite_file(path: Path, *, check: bool = False) -> bool:
    """Rewrite one file in place; ``True`` when it changed (or would, with ``check``)."""
    if path.suffix not in SUFFIXES or path.resolve() == SELF:
        return False
    text = path.read_text(encoding="utf-8")
    new = rewrite_notebook(text) if path.suffix == ".ipynb" else rewrite_text(text)
    if path.suffix == ".ipynb" and json.loads(new) == json.loads(text):
        return False
    if new == text:
        return False
    if not check:
        path.write_text(new, encoding="utf-8")
    return True


def tree_files(root: Path) -> list[Path]:
    """The tracked and untracked-but-not-ignored files of the checkout at ``root``."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [root / name for name in listed if name.endswith(SUFFIXES) and (root / name).is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files (default: the whole tree)")
    parser.add_argument("--check", action="store_true", help="list, change nothing")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1]
    files = args.files or tree_files(root)
    changed = [p for p in files if rewrite_file(p, check=args.check)]
    for path in changed:
        print(path)
    print(f"{len(changed)} file(s) {'to rewrite' if args.check else 'rewritten'}", file=sys.stderr)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
