"""The commands' summaries write counts as every page does: 1,014, not 1014.

A planner reads ``youthmap validate`` and ``youthmap select`` beside the pages and the
exported tables, which group thousands; a count of 1014 beside 4,070 in the same output
reads like a code. Changsha's 1,014 communities go through the commands that state how
many rows they read, in both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory, layers) -> Path:
    d = tmp_path_factory.mktemp("cli_counts")
    c = layers.communities[layers.communities["city_code"] == "4301"]
    c.drop(columns="geometry").to_csv(d / "c.csv", index=False)
    return d


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "command",
    [
        ["validate", "c.csv", "--layer", "communities"],
        ["import", "c.csv", "--out", "imported.gpkg"],
        ["score", "--communities", "c.csv", "--out", "scores.csv"],
        ["select", "--communities", "c.csv", "--total", "5", "--out", "chosen.csv"],
    ],
    ids=lambda c: c[0] if isinstance(c, list) else c,
)
def test_counts_are_grouped(folder, layers, command, lang, capsys, monkeypatch):
    n = int((layers.communities["city_code"] == "4301").sum())
    assert n >= 1000
    monkeypatch.chdir(folder)
    assert main([*command, "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert f"{n:,}" in out
    assert not re.search(rf"(?<![\w,.]){n}(?![\w,.])", out), out
