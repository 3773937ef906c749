"""Every spreadsheet YouthMap writes keeps text as text: formula payloads in names, notes,
reasons and headers never become a formula cell (XLSX) or a field starting with
``= + - @``, a tab or a carriage return (CSV). Numbers stay numbers.

Each writer is called the way the product calls it (the CLI through a real subprocess),
with payloads from the OWASP CSV-injection page, and its output read back with openpyxl
and the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from geo import i18n, store
from geo.analysis import cobuild, scoring, selection
from geo.core import cells
from geo.core.errors import Problem
from geo.export import filing, reports, templates, xlsx
from geo.intake import io as gio
from geo.plan.auth import User
from tests import _paths
from tests import _scoring_data as sd

pytest_plugins = ["tests.pg"]

PAYLOADS = (
    "=1+1",
    '=HYPERLINK("http://127.0.0.1:9/x","点我")',
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
)
"""Text that a spreadsheet would run (or show as an error value) if written raw."""
FILE_PAYLOADS = tuple(p for p in PAYLOADS if not p.startswith(("\t", "\r")))

ROOT = _paths.ROOT


def hostile(n: int = len(PAYLOADS)) -> pd.DataFrame:
    """A table with formula payloads in a text column and a header, beside numbers that
    must stay numbers (negative included)."""
    return pd.DataFrame(
        {
            "id": [f"C{k}" for k in range(n)],
            "name": [PAYLOADS[k % len(PAYLOADS)] for k in range(n)],
            "=2+3": ["header payload"] * n,
            "delta": [-5.5 - k for k in range(n)],
            "count": [-(k + 1) for k in range(n)],
        }
    )


# --------------------------------------------------------------------------- checks


def assert_no_formula(data: bytes) -> openpyxl.Workbook:
    """No formula or error cell in any sheet, in openpyxl's reading and in the raw XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
                assert 't="e"' not in xml, name
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e"), (sheet.title, cell.coordinate, cell.value)
    return book


def cell_values(book: openpyxl.Workbook) -> list:
    return [c.value for s in book.worksheets for row in s.iter_rows() for c in row]


def assert_payloads_kept(book: openpyxl.Workbook, payloads=PAYLOADS) -> None:
    """The payloads are in the workbook as the text they were (tab and CR kept)."""
    values = {v for v in cell_values(book) if isinstance(v, str)}
    for p in payloads:
        assert p in values, p


def assert_numbers_numeric(book: openpyxl.Workbook, sheet: str | None = None) -> None:
    """Negative numbers are numeric cells (``n``), not text and not formulas."""
    sheets = [book[sheet]] if sheet else book.worksheets
    negatives = [
        c
        for s in sheets
        for row in s.iter_rows()
        for c in row
        if isinstance(c.value, int | float) and c.value < 0
    ]
    assert negatives and all(c.data_type == "n" for c in negatives)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def assert_csv_safe(data: bytes) -> list[list[str]]:
    """No field begins with ``= + - @``, tab or CR unless it is a plain number."""
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows
    for row in rows:
        for field in row:
            if field[:1] in ("=", "+", "-", "@", "\t", "\r"):
                assert _NUMBER.match(field), field
    return rows


# --------------------------------------------------------------------------- the helpers


def test_csv_cell_prefixes_only_text_with_a_formula_lead():
    assert [cells.csv_cell(p) for p in PAYLOADS[:5]] == [
        "'=1+1",
        "'" + PAYLOADS[1],
        "'+1+1",
        "'-1+1",
        "'@SUM(A1:A2)",
    ]
    assert cells.csv_cell("\t=1") == "'\t=1" and cells.csv_cell("\r=1") == "'\r=1"
    assert cells.csv_cell(-5) == -5 and cells.csv_cell(-5.5) == -5.5
    assert cells.csv_cell("天河区") == "天河区" and cells.csv_cell("") == ""


def test_csv_uncell_undoes_csv_cell_and_nothing_else():
    for value in (*PAYLOADS, "\t=1", "\r=1", "天河区", "", -5, None):
        assert cells.csv_uncell(cells.csv_cell(value)) == value
    for value in ("'abc", "'s-Hertogenbosch", "a'b", "'", "''=1", "'#N/A", " '=1"):
        assert cells.csv_uncell(value) == value
    assert cells.csv_uncell("'=1+1") == "=1+1" and cells.csv_uncell("'\t=1") == "\t=1"


def test_csv_bytes_quotes_text_and_keeps_numbers_unquoted():
    data = cells.csv_bytes(hostile())
    rows = assert_csv_safe(data)
    assert rows[0][2] == "'=2+3"  # the header too
    text = data.decode("utf-8-sig")
    assert '\n"C0","\'=1+1","header payload",-5.5,-1' in text
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["delta"].dtype.kind == "f" and back["count"].tolist()[:2] == [-1, -2]


def test_xlsx_drops_characters_xml_cannot_hold_instead_of_failing():
    frame = pd.DataFrame({"note": ["a\x00b", "c\x01d\te"], "n": [1, -2]})
    book = assert_no_formula(gio.table_bytes(frame, ".xlsx"))
    assert [c.value for c in book.active["A"]][1:] == ["ab", "cd\te"]


# --------------------------------------------------------------------------- geo writers


@pytest.mark.parametrize("ext", [".csv", ".xlsx"])
def test_write_table_and_table_bytes(tmp_path, ext):
    path = gio.write_table(hostile(), tmp_path / f"out{ext}")
    if ext == ".csv":
        assert path.read_bytes() == gio.table_bytes(hostile(), ext)
        assert_csv_safe(path.read_bytes())
    else:  # (a workbook's bytes hold the time it was saved)
        assert cell_values(assert_no_formula(gio.table_bytes(hostile(), ext)))
        book = assert_no_formula(path.read_bytes())
        assert_payloads_kept(book)
        assert_numbers_numeric(book)


def test_tables_to_xlsx_every_sheet_and_the_note():
    data = xlsx.tables_to_xlsx(
        {"=sheet": hostile(), "second": hostile(3)}, notes={"说明": "=1+1 模拟数据"}, lang="zh"
    )
    book = assert_no_formula(data)
    assert_payloads_kept(book)
    assert_numbers_numeric(book)
    assert "=1+1 模拟数据" in cell_values(book)


@pytest.fixture(scope="module")
def chosen():
    c = sd.communities(60, 3)
    cands, result = scoring.prepare(
        c, sd.points("youth_homes", 20, 4), sd.points("campuses", 10, 5)
    )
    cands = cands.copy()
    cands["name"] = [PAYLOADS[k % len(PAYLOADS)] for k in range(len(cands))]
    res = selection.select(cands, {u: 3 for u in cands["quota_unit"].unique()})
    return res.chosen, result


def test_filing_xlsx_every_sheet(chosen, tmp_path):
    picked, result = chosen
    units = sd.points("resident_units", 80, 6)
    units["name"] = [PAYLOADS[k % len(PAYLOADS)] for k in range(len(units))]
    co = cobuild.cobuild_table(picked, units, radius_m=5_000)
    changes = pd.DataFrame({"社区": ["=1+1"], "变化": ["新增"], "理由": ["-1+1 @x"]})
    table = filing.filing_table(picked, cobuild=co)
    data = filing.filing_xlsx(
        table,
        weights=i18n.render_terms(result.weights_table(), "zh"),
        simulated=True,
        cobuild=co,
        adjustments=changes,
    )
    book = assert_no_formula(data)
    assert_payloads_kept(book, [p for p in PAYLOADS if p in set(picked["name"])])
    assert "-1+1 @x" in cell_values(book)
    written = filing.write_filing(table, tmp_path / "备案表.xlsx").read_bytes()
    assert cell_values(assert_no_formula(written)) == cell_values(
        assert_no_formula(filing.filing_xlsx(table))
    )


def test_chosen_list_export_csv_and_xlsx(chosen, tmp_path):
    picked, _ = chosen
    assert_csv_safe(filing.write_chosen(picked, tmp_path / "chosen.csv").read_bytes())
    book = assert_no_formula(filing.write_chosen(picked, tmp_path / "chosen.xlsx").read_bytes())
    assert set(picked["name"]) <= set(cell_values(book))


def test_template_and_validation_report():
    for layer in ("communities", "youth_homes", "campuses", "resident_units"):
        assert_no_formula(templates.template_xlsx(layer, "zh"))
    problems = [
        Problem("=1+1 is not a number", file="=evil.csv", row=2, column="=population"),
        Problem("@SUM(A1)", file="-x.csv", row=3, column="+lat", severity="warning"),
    ]
    book = assert_no_formula(templates.problems_xlsx(problems, "en"))
    assert "=1+1 is not a number" in cell_values(book)
    result = gio.import_layer(
        _csv(
            pd.DataFrame(
                {
                    "id": ["=1", "-2"],
                    "name": ["=A1", "@B"],
                    "lon": [113.3, 113.4],
                    "lat": [23.1, 23.2],
                    "population": ["=1+1", "100"],
                }
            )
        ),
        "communities",
        name="=bad.csv",
    )
    assert result.problems  # the formula in a number column is a problem with its value
    assert_no_formula(templates.report_xlsx(result, "zh"))


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def test_pairing_workbook():
    frame = hostile()
    frame["same_city"] = pd.array(
        [True, None, False, True, True, False, None, True, False], dtype="boolean"
    )
    book = assert_no_formula(
        bytes(xlsx.tables_to_xlsx({"=pairs": frame, "load": hostile(2)}, lang=None))
    )
    assert_payloads_kept(book)
    assert_numbers_numeric(book)


def test_scores_csv_of_the_scoring_page():
    from ui import scoring as sstate

    view = hostile().assign(score=[-0.5] * len(PAYLOADS), rank=range(1, len(PAYLOADS) + 1))
    rows = assert_csv_safe(sstate.scores_csv(view, ["name", "score", "rank", "=2+3"]))
    assert rows[1][1] == "'=1+1" and rows[1][2] == "-0.5"


def test_no_spreadsheet_is_written_outside_geo_export_cells():
    """Every writer goes through geo.core.cells: a new raw ``to_csv``/``to_excel``/
    ``ExcelWriter``/``Workbook.save`` anywhere in the product fails here."""
    raw = re.compile(r"\.to_csv\(|\.to_excel\(|ExcelWriter\(|csv\.writer\(|\bbook\.save\(")
    allowed = {
        "geo/core/cells.py",  # the one place
        "geo/dataset/build.py",  # builds data/ from public files, no user text
    }
    offenders = []
    for folder in ("geo", "ui", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed:
                continue
            for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if raw.search(line) and "cells." not in line:
                    offenders.append(f"{rel}:{no}: {line.strip()}")
    for path in [ROOT / "app.py"]:
        assert not raw.search(path.read_text(encoding="utf-8"))
    assert offenders == []


# --------------------------------------------------------------------------- the store


def test_store_filing_and_evaluation_workbooks(db_url):
    db = store.open_store(db_url)
    centre = User("centre", "central")
    picked = pd.DataFrame(
        {
            "id": ["C1", "C2", "C3"],
            "name": ["=1+1", "@SUM(A1)", "-1+1"],
            "county_code": ["440106", "440106", "310101"],
            "score": [-0.5, 0.2, 0.1],
            "rank": [1, 2, 3],
        }
    )
    plan = store.create_plan(db, centre, "=plan", picked)
    for cid in ("C1", "C2"):
        row = store.community(db, plan, cid)
        store.transition(db, centre, plan, cid, "recommended", row["version"])
    filings = store.filings(db, plan).set_index("unit")
    store.submit_filing(db, centre, plan, "44", int(filings.loc["44", "version"]))
    filings = store.filings(db, plan).set_index("unit")
    store.return_filing(db, centre, plan, "44", int(filings.loc["44", "version"]), "=退回")
    row = store.community(db, plan, "C1")
    store.set_note(db, centre, plan, "C1", "+note", row["version"])
    book = assert_no_formula(reports.filing_xlsx(db, plan, "zh"))
    assert {"=1+1", "@SUM(A1)", "=退回"} <= set(cell_values(book))
    # evaluations: a launched community with a comment payload, then exited with a reason
    filings = store.filings(db, plan).set_index("unit")
    store.submit_filing(db, centre, plan, "44", int(filings.loc["44", "version"]))
    filings = store.filings(db, plan).set_index("unit")
    store.accept_filing(db, centre, plan, "44", int(filings.loc["44", "version"]))
    row = store.community(db, plan, "C1")
    store.transition(db, centre, plan, "C1", "launched", row["version"])
    scores = {"after_school": 20, "elderly_digital": 18, "environment": 21, "youth_care": 19}
    store.record_evaluation(
        db,
        centre,
        plan,
        "C1",
        scores,
        eval_date=dt.date(2022, 5, 9),
        expert="=专家",
        comments="@评语",
    )
    row = store.community(db, plan, "C2")
    store.transition(db, centre, plan, "C2", "exited", row["version"], reason="=HYPERLINK(1)")
    book = assert_no_formula(reports.evaluation_xlsx(db, plan, "zh"))
    assert {"=专家", "@评语", "=HYPERLINK(1)"} <= set(cell_values(book))
    db.dispose()


# --------------------------------------------------------------------------- the CLI


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def hostile_communities(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    comm = sd.communities(40, 9)
    comm = pd.DataFrame(comm.drop(columns="geometry", errors="ignore"))
    # a tab or CR at the start of a field does not survive the CSV reader: the file
    # carries the other payloads (the writers' tests above carry all of them)
    comm["name"] = [FILE_PAYLOADS[k % len(FILE_PAYLOADS)] for k in range(len(comm))]
    path = folder / "社区.csv"
    comm.to_csv(path, index=False, encoding="utf-8")
    return path


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_cli_import_output(hostile_communities, ext):
    out = hostile_communities.parent / f"imported.{ext}"
    done = _cli(
        "import",
        str(hostile_communities),
        "--layer",
        "communities",
        "--out",
        str(out),
        cwd=hostile_communities.parent,
    )
    assert done.returncode == 0, done.stderr
    if ext == "csv":
        rows = assert_csv_safe(out.read_bytes())
        assert "'=1+1" in {f for r in rows for f in r}
    else:
        assert_payloads_kept(assert_no_formula(out.read_bytes()), FILE_PAYLOADS)


def test_cli_import_of_its_own_csv_gives_back_the_names(hostile_communities):
    """A CSV the CLI wrote, imported again: the names are the file's, without the
    apostrophe the writer put before a formula lead; one already there stays."""
    folder = hostile_communities.parent
    source = pd.read_csv(hostile_communities, dtype=str, keep_default_na=False)
    source.loc[:2, "name"] = ["'s-Hertogenbosch", "'plain", "a'b"]
    source.to_csv(folder / "源.csv", index=False)
    first, again = folder / "round.csv", folder / "round_again.xlsx"
    for src, out in ((folder / "源.csv", first), (first, again)):
        done = _cli("import", str(src), "--layer", "communities", "--out", str(out), cwd=folder)
        assert done.returncode == 0, done.stderr
    header, *rows = openpyxl.load_workbook(again).active.values
    names = [row[header.index("名称")] for row in rows]
    assert names == source["name"].tolist()
    assert "'=1+1" in first.read_text("utf-8-sig")  # the CSV between stays escaped


def test_cli_select_writes_safe_chosen_list_and_filing(hostile_communities):
    folder = hostile_communities.parent
    done = _cli(
        "select",
        "--communities",
        str(hostile_communities),
        "--total",
        "12",
        "--out",
        str(folder / "chosen.csv"),
        "--filing",
        str(folder / "备案表.xlsx"),
        cwd=folder,
    )
    assert done.returncode == 0, done.stderr
    assert_csv_safe((folder / "chosen.csv").read_bytes())
    assert_no_formula((folder / "备案表.xlsx").read_bytes())


def test_cli_validate_report(hostile_communities):
    folder = hostile_communities.parent
    bad = folder / "=bad.csv"  # the file name lands in the report's first column
    frame = pd.read_csv(hostile_communities, dtype=str, keep_default_na=False)
    frame.loc[0, "population"] = "=1+1"
    frame.to_csv(bad, index=False)
    report = folder / "report.xlsx"
    done = _cli("validate", str(bad), "--layer", "communities", "--report", str(report), cwd=folder)
    assert done.returncode == 2
    book = assert_no_formula(report.read_bytes())
    assert any("=1+1" in str(v) for v in cell_values(book))
