"""Every table a command writes is in the reader's language (issue 21).

``--lang zh`` (the default) and ``--lang en`` write CSV and XLSX with headers (units
included), sheet names, coded values (东部/中部/西部, 是/否, reasons) and, in English, place
names in the language; the files chain (a scored list into ``select``, a chosen list into
``pair``, pairs into ``map``) in either language; ``--raw-headers`` keeps the machine names
for scripts, and GeoJSON always does.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest

from geo.cli import main
from tests import _downloads

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory, layers) -> Path:
    d = tmp_path_factory.mktemp("cli_lang")
    c = layers.communities[layers.communities["county_code"].isin(["640104", "640105"])]
    h = layers.youth_homes[layers.youth_homes["city_code"] == "6401"].head(30)
    c.drop(columns="geometry").to_csv(d / "c.csv", index=False)
    h.drop(columns="geometry").to_csv(d / "h.csv", index=False)
    return d


def _commands(lang: str, ext: str) -> list[list[str]]:
    """The table-writing commands of a planner's day, each reading the files before it."""

    def o(name: str) -> str:
        return f"{lang}_{name}.{ext}"

    inputs = ["--communities", "c.csv", "--homes", "h.csv"]
    return [
        ["coverage", *inputs, "--out", o("cov"), "--rates-out", o("rates"), "--by", "region"],
        ["site", *inputs, "--k", "3", "--out", o("sites"), "--assignments-out", o("links")],
        ["score", *inputs, "--embedded", "all", "--out", o("scores"), "--weights-out", o("w")],
        ["select", "--communities", o("scores"), "--homes", "h.csv", "--embedded", "all"]
        + ["--total", "12", "--out", o("chosen"), "--quota-out", o("quota")]
        + ["--filing", f"{lang}_filing_{ext}.xlsx"],
        ["pair", "--communities", o("chosen"), "--out", o("pairs"), "--load-out", o("load")],
        ["import", "c.csv", "--out", o("import")],
        ["map", "--province", "64", "--step", "chosen", "--chosen", o("chosen")]
        + ["--pairs", o("pairs"), "--out", f"{lang}_{ext}.png"],
    ]


def _problems(paths: list[Path], lang: str) -> dict[str, list[str]]:
    """What in the files is not in ``lang``, by the pages' download check
    (:func:`tests._downloads.problems`: sheet names, headers, coded values, Excel
    TRUE/FALSE, Chinese outside name columns in English)."""
    files = {p.name: _downloads.Download("", "", p.name, p.read_bytes()) for p in paths}
    return _downloads.problems(files, lang)


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_a_command_writes_is_in_the_chosen_language(
    folder, monkeypatch, capsys, lang, ext
):
    monkeypatch.chdir(folder)
    for argv in _commands(lang, ext):
        assert main([*argv, "--lang", lang]) == 0, (argv, capsys.readouterr().err)
    tables = [
        p
        for p in sorted(folder.glob(f"{lang}_*"))
        if (p.name.endswith(f".{ext}") and "_filing_" not in p.name)
        or p.name == f"{lang}_filing_{ext}.xlsx"
    ]
    assert len(tables) == 13, [p.name for p in tables]
    assert _problems(tables, lang) == {}
    for path in tables:
        if path.suffix == ".xlsx":
            sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
            assert all(lang == "en" or CJK.search(name) for name in sheets), sheets
    assert (folder / f"{lang}_{ext}.png").stat().st_size > 50_000  # the map read the files


def test_english_files_name_provinces_cities_and_counties_in_english(folder, monkeypatch):
    monkeypatch.chdir(folder)
    args = ["--communities", "c.csv", "--homes", "h.csv", "--out", "places_en.xlsx"]
    assert main(["coverage", *args, "--lang", "en"]) == 0
    frame = pd.read_excel(folder / "places_en.xlsx", sheet_name="Coverage", dtype=str)
    assert set(frame["Province"]) == {"Ningxia"} and set(frame["City"]) == {"Yinchuan"}
    assert set(frame["County"]) == {"Xingqing District", "Xixia District"}
    assert set(frame["Region"]) == {"Western"} and set(frame["Covered"]) == {"Yes", "No"}
    assert CJK.search(frame["Name"].iloc[0])  # community names stay as written


def test_raw_headers_and_geojson_keep_the_machine_names_for_scripts(folder, monkeypatch):
    monkeypatch.chdir(folder)
    inputs = ["--communities", "c.csv", "--homes", "h.csv"]
    assert main(["coverage", *inputs, "--out", "raw.xlsx", "--raw-headers"]) == 0
    book = openpyxl.load_workbook(folder / "raw.xlsx", read_only=True)
    assert book.sheetnames == ["raw"]
    raw = pd.read_excel(folder / "raw.xlsx")
    assert {"id", "distance_m", "nearest_home_id", "covered", "region"} <= set(raw.columns)
    assert set(raw["covered"]) <= {True, False} and set(raw["region"]) == {"west"}
    assert main(["coverage", *inputs, "--out", "cov.geojson"]) == 0  # --lang zh by default
    gis = gpd.read_file(folder / "cov.geojson")
    assert {"id", "distance_m", "covered"} <= set(gis.columns)


def test_messages_follow_the_language(folder, monkeypatch, capsys):
    monkeypatch.chdir(folder)
    argv = ["coverage", "--communities", "nope.csv", "--homes", "h.csv", "--out", "x.csv"]
    assert main(argv) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main([*argv, "--lang", "en"]) == 2
    assert "file not found" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chosen_list_in_either_language_is_saved_as_the_provinces_part(
    folder, tmp_path, monkeypatch, capsys, lang
):
    """The province's day on the command line: score, select, then ``plan save --from`` the
    chosen list select wrote (编号, 名称, 区县代码 … or ID, Name …); it was refused, "missing
    required column id", unless written with ``--raw-headers``."""
    import io

    from geo import store

    monkeypatch.chdir(folder)
    db = f"sqlite:///{tmp_path / 'plans.db'}"
    inputs = ["--communities", "c.csv", "--homes", "h.csv", "--lang", lang]
    assert main(["score", *inputs, "--embedded", "all", "--out", f"p_{lang}.xlsx"]) == 0
    chosen = f"p_{lang}_chosen.csv"
    select = ["select", "--communities", f"p_{lang}.xlsx", "--homes", "h.csv", "--lang", lang]
    assert main([*select, "--embedded", "all", "--total", "12", "--out", chosen]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Ningxia-2021-plan\n"))
    add = ["user", "add", "nx", "--role", "province", "--province", "64", "--password-stdin"]
    assert main([*add, "--db", db]) == 0
    capsys.readouterr()
    save = ["plan", "save", "--from", chosen, "--plan", "2021 全国第一批", "--province", "64"]
    assert main([*save, "--as", "nx", "--db", db, "--lang", lang]) == 0, capsys.readouterr().err
    written = pd.read_csv(chosen)
    s = store.open_store(db)
    saved = store.communities(s, int(store.list_plans(s)["id"].iloc[0]))
    s.dispose()
    assert sorted(saved["community_id"]) == sorted(written.iloc[:, 0])  # all of it in Ningxia
    assert saved["score"].notna().all() and saved["rank"].notna().all()
