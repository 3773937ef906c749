"""The command line starts without the heavy libraries: ``youthmap --help`` and every
``youthmap COMMAND --help`` build their parsers from :mod:`geo.core.params` alone."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from geo import cli
from tests._paths import ROOT

HEAVY: tuple[str, ...] = (
    "pandas",
    "geopandas",
    "numpy",
    "shapely",
    "pyogrio",
    "pyarrow",
    "pyproj",
    "streamlit",
    "folium",
    "highspy",
    "ortools",
    "networkx",
    "sqlalchemy",
    "alembic",
    "argon2",
    "openpyxl",
    "scipy",
    "sklearn",
    "matplotlib",
)
"""Top-level packages ``import geo.cli`` and building every parser must not import."""

BUILD_EVERY_PARSER = """
import geo.cli
parser = geo.cli.build_parser()
for action in parser._subparsers._group_actions:
    for name, sub in action.choices.items():
        sub.format_help()
print(len(action.choices))
"""


def _imported(code: str) -> tuple[set[str], str]:
    """Top-level packages imported by ``python -X importtime -c code``, and its stdout."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    names = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return names, done.stdout


def test_importing_the_cli_and_building_every_parser_imports_no_heavy_library() -> None:
    imported, out = _imported(BUILD_EVERY_PARSER)
    assert int(out) == len(cli.COMMANDS)
    assert "geo" in imported  # the measurement sees our own imports
    assert sorted(imported & set(HEAVY)) == []


def test_the_measurement_sees_a_heavy_import() -> None:
    imported, _ = _imported("import geo.analysis.coverage")
    assert {"pandas", "numpy"} <= imported


USAGE = {"zh": "用法：youthmap", "en": "usage: youthmap"}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command", [[], *([c.replace("_", "-").rstrip("-")] for c in cli.COMMANDS)]
)
def test_help_of_every_command_answers_with_exit_0(command: list[str], lang: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "YOUTHMAP_LANG"}
    lang_option = [] if lang == "zh" else ["--lang", "en"]  # Chinese by default
    done = subprocess.run(
        [sys.executable, "-m", "geo", *command, "--help", *lang_option],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(USAGE[lang])
