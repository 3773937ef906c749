"""The notebooks in notebooks/: readable jupytext files, and the worked analysis runs.

Every ``notebooks/*.py`` must parse as a jupytext percent-format notebook that writes back
to the same text (so diffs stay readable) and calls only functions ``geo`` has. The
worked analysis is executed end to end in a real Jupyter kernel (nbclient + ipykernel);
its outputs (filing table, static map, key figures) are checked. The data build notebook
is not run here: ``tests/unit/test_build_data.py`` runs the build it wraps.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import json
import tempfile
from pathlib import Path

import jupytext
import matplotlib.image
import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from geo.export import filing
from tests._paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.py"))
WORKED = ROOT / "notebooks" / "worked_analysis.py"
ARTIFACTS = ROOT / "tests" / "artifacts" / "notebooks"
VERSION_LINES = ("#       format_version:", "#       jupytext_version:")
"""Header lines jupytext adds on writing; the files in the repository leave them out."""


def _code(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _geo_modules(tree: ast.Module) -> dict[str, object]:
    """Names bound by ``from geo import x [as y]`` / ``from geo.p import x`` to modules."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "geo":
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                with contextlib.suppress(ModuleNotFoundError):  # a function or constant
                    out[alias.asname or alias.name] = importlib.import_module(name)
    return out


def test_notebooks_are_there():
    assert {p.name for p in NOTEBOOKS} >= {"build_data.py", "worked_analysis.py"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_percent_format_and_round_trips(path):
    text = path.read_text("utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    nbformat.validate(nb)
    assert nb.metadata["jupytext"]["text_representation"]["format_name"] == "percent"
    assert {c.cell_type for c in nb.cells} == {"markdown", "code"}
    assert nb.cells[0].cell_type == "markdown"  # opens with its title and purpose
    written = jupytext.writes(nb, fmt="py:percent")
    kept = "".join(line for line in written.splitlines(True) if not line.startswith(VERSION_LINES))
    assert kept == text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_calls_only_what_geo_provides(path):
    """Every ``module.name`` of a geo module exists and every call binds to its signature."""
    tree = ast.parse(_code(jupytext.read(path)), filename=str(path))
    modules = _geo_modules(tree)
    assert modules, "the notebook imports nothing from geo"
    problems = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            continue
        module = modules[node.value.id]
        if not hasattr(module, node.attr):
            problems.append(f"{node.value.id}.{node.attr} does not exist")
    for node in ast.walk(tree):
        f = node.func if isinstance(node, ast.Call) else None
        if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)):
            continue
        target = getattr(modules.get(f.value.id), f.attr, None)
        if not (inspect.isfunction(target) or inspect.isclass(target)) or any(
            isinstance(a, ast.Starred) for a in node.args
        ):
            continue
        try:
            inspect.signature(target).bind(
                *node.args, **{k.arg: k.value for k in node.keywords if k.arg}
            )
        except TypeError as exc:
            problems.append(f"line {node.lineno}: {f.value.id}.{f.attr}(...): {exc}")
    assert not problems, "\n".join(problems)


# ---- the worked analysis, executed ---------------------------------------------------


@pytest.fixture(scope="module")
def worked(tmp_path_factory) -> tuple[nbformat.NotebookNode, Path, dict]:
    """The worked analysis executed in a Jupyter kernel, its output folder and figures."""
    out = tmp_path_factory.mktemp("notebook_out")
    nb = jupytext.read(WORKED)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YOUTHMAP_NOTEBOOK_OUT", str(out))
        mp.setenv("MPLBACKEND", "Agg")
        client = NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
        )
        client.execute()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ARTIFACTS / "worked_analysis.ipynb")
    return nb, out, json.loads((out / "summary.json").read_text("utf-8"))


@pytest.mark.slow
def test_worked_analysis_runs_every_cell_without_error(worked):
    nb, _, summary = worked
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert summary["province"] == "51"


@pytest.mark.slow
def test_worked_analysis_fills_the_province_quota(worked):
    _, _, s = worked
    assert 0 < s["province_quota"] == s["city_quota_total"]
    assert s["chosen"] + s["shortfall"] == s["province_quota"]
    assert s["constraint_breaches"] == 0
    assert 0 < s["coverage_rate"] < 1 and 0 < s["youth_rate"] < 1
    assert s["gaps"] > 0


@pytest.mark.slow
def test_worked_analysis_siting_exact_is_at_least_greedy(worked):
    _, _, s = worked
    assert s["sites_exact_objective"] >= s["sites_greedy_objective"] - 1e-6
    assert s["sites_exact_status"] in ("optimal", "time_limit")
    if s["sites_exact_status"] == "optimal":
        assert s["sites_exact_gap"] == pytest.approx(0, abs=1e-9)


@pytest.mark.slow
def test_worked_analysis_optimal_pairing_respects_capacity(worked):
    _, _, s = worked
    assert s["over_capacity_optimal"] == 0
    assert s["paired_optimal"] == s["chosen"]  # every chosen community has a campus


@pytest.mark.slow
def test_worked_analysis_writes_the_filing_table_with_partners(worked):
    _, out, s = worked
    headers = {key: zh for key, zh, _ in filing.FILING_COLUMNS}
    table = pd.read_excel(out / "filing_51.xlsx", sheet_name="备案表", dtype=str)
    assert len(table) == s["chosen"] == s["filing_rows"]
    assert list(table.columns) == list(headers.values())
    ids = table[headers["id"]]
    assert ids.is_unique and ids.str.startswith("C51").all()
    partners = table[headers["partner"]].fillna("")
    assert partners.ne("").sum() == s["filing_with_partner"] == s["paired_optimal"]
    cobuild = table[headers["cobuild"]].fillna("")
    assert cobuild.ne("").sum() == s["cobuild_communities"]
    assert cobuild[cobuild.ne("")].str.match(r"^\S+ \d+").all()  # e.g. "学校 2、医院 1"
    units = pd.read_excel(out / "filing_51.xlsx", sheet_name="共建单位")
    assert len(units) == s["chosen"]
    weights = pd.read_excel(out / "filing_51.xlsx", sheet_name="权重")
    assert weights["weight"].sum() == pytest.approx(1.0)


@pytest.mark.slow
def test_worked_analysis_draws_the_static_map(worked):
    _, out, _ = worked
    png = out / "map_51.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(png)
    assert image.shape[0] > 800 and image.shape[1] > 800
    assert image[..., :3].std() > 0.05  # not a blank canvas


@pytest.mark.slow
def test_worked_analysis_writes_every_table_to_one_workbook(worked):
    _, out, s = worked
    sheets = pd.read_excel(out / "analysis_51.xlsx", sheet_name=None)
    assert set(sheets) >= {
        "coverage_by_city",
        "gaps",
        "new_sites",
        "weights",
        "city_quotas",
        "chosen",
        "pairs",
        "pairing_compare",
        "cobuild",
    }
    assert len(sheets["chosen"]) == len(sheets["cobuild"]) == s["chosen"]
    assert len(sheets["pairs"]) == s["paired_optimal"]
    assert len(sheets["gaps"]) == s["gaps"]
    assert sheets["city_quotas"]["quota"].sum() == s["province_quota"]
    assert sheets["pairs"]["community_id"].isin(sheets["chosen"]["id"]).all()


# ---- the year of work, executed -------------------------------------------------------


@pytest.mark.slow
def test_the_year_of_work_notebook_runs_to_the_next_plan_and_its_refill():
    """The year of work in code: the evaluation, the outcome, the next plan with its Youth
    Homes and agreements, the provinces' refill and the previous cycle's word, run in a
    Jupyter kernel on a database of its own."""
    import re

    nb = jupytext.read(ROOT / "notebooks" / "year_of_work.py")
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    left_before = set(Path(tempfile.gettempdir()).glob("youthmap-year-*"))
    client.execute()
    # its database folder goes with it (each run left one in the temporary folder)
    assert set(Path(tempfile.gettempdir()).glob("youthmap-year-*")) <= left_before
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ARTIFACTS / "year_of_work.ipynb")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    said = "".join(o.get("text", "") for c in code for o in c.outputs if o.output_type == "stream")
    assert "125,061 simulated activities" in said
    assert "{'added': 1000, 'updated': 0, 'unchanged': 0}" in said
    kept, left = map(int, re.search(r"outcome: (\d+) continued, (\d+) exited", said).groups())
    assert kept + left == 1000 and left > 0
    carried, homes, agreed = map(
        int,
        re.search(r"(\d+) carried over, \{'homes': (\d+), 'agreements': (\d+)\}", said).groups(),
    )
    # each carried community brings its Youth Home and its resident unit's agreement, and its
    # campus's where the demo's default pairing gave it one (not all: 15 km, 5 a campus)
    assert carried == homes == kept and kept < agreed < 2 * kept
    assert f"refilled {left}; the next plan holds 1,000 communities" in said
    counts = re.search(r"\{'continue': (\d+), 'improve': (\d+)\}", said).groups()
    assert sum(map(int, counts)) == kept  # the previous cycle's word on each carried one
