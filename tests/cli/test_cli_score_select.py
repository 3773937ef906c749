"""Black-box tests of ``youthmap score`` and ``youthmap select``."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest

from geo.cli._common import display_width
from tests import _scoring_data as sd

INPUTS = [
    "--communities",
    "c.csv",
    "--homes",
    "h.csv",
    "--campuses",
    "cp.csv",
    "--embedded",
    "none",
]
"""The files of the ``files`` fixture, with no embedded layers."""


def _run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    sd.communities(400).drop(columns="geometry").to_csv(d / "c.csv", index=False)
    sd.points("youth_homes", 40, 2).drop(columns="geometry").to_csv(d / "h.csv", index=False)
    sd.points("campuses", 20, 3).drop(columns="geometry").to_csv(d / "cp.csv", index=False)
    return d


def test_score_writes_every_row_with_its_id_score_and_rank(files):
    r = _run(
        "score",
        *INPUTS,
        "--weights",
        "youth=0.6,children=0.4",
        "--out",
        "s.csv",
        "--weights-out",
        "w.csv",
        "--raw-headers",
        cwd=files,
    )
    assert r.returncode == 0, r.stderr
    out = pd.read_csv(files / "s.csv", dtype={"id": str})
    src = pd.read_csv(files / "c.csv", dtype={"id": str})
    assert out["id"].tolist() == src["id"].tolist()
    assert sorted(out["rank"]) == list(range(1, len(src) + 1))
    best = out.loc[out["rank"] == 1, "id"].item()
    assert out.loc[out["id"] == best, "score"].item() == out["score"].max()
    w = pd.read_csv(files / "w.csv").set_index("key")["weight"]
    assert w.to_dict() == pytest.approx({"youth": 0.6, "children": 0.4})
    assert "Youth Homes: h.csv" in r.stdout


@pytest.mark.parametrize("method", ["entropy", "topsis"])
def test_score_methods_run_and_report_their_weights(files, method, monkeypatch, capsys):
    from geo.cli import main

    monkeypatch.chdir(files)
    code = main(
        [
            "score",
            "--communities",
            "c.csv",
            "--embedded",
            "none",
            "--method",
            method,
            "--normalise",
            "rank",
            "--out",
            f"{method}.geojson",
        ]
    )
    assert code == 0
    g = gpd.read_file(files / f"{method}.geojson")
    assert len(g) == 400 and g["score"].between(0, 1).all()
    from geo import i18n

    words = i18n.t(f"scoring.method.{method}", "en")  # the method in words, not its code
    assert f"({words}, Percentile rank)" in capsys.readouterr().out


def test_select_writes_the_chosen_list_quota_table_and_filing(files, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_LANG", "zh")  # the files as a Chinese reader gets them
    (files / "lock.csv").write_text("id,reason\nC00399,街道推荐\n", encoding="utf-8")
    (files / "exclude.csv").write_text("id\nC00000\n", encoding="utf-8")
    r = _run(
        "select",
        *INPUTS,
        "--total",
        "30",
        "--base",
        "urban_communities",
        "--min-per-province",
        "3",
        "--max-per-county",
        "3",
        "--min-spacing-m",
        "800",
        "--lock",
        "lock.csv",
        "--exclude",
        "exclude.csv",
        "--out",
        "chosen.gpkg",
        "--quota-out",
        "q.csv",
        "--filing",
        "f.xlsx",
        "--raw-headers",
        cwd=files,
    )
    assert r.returncode == 0, r.stderr
    chosen = gpd.read_file(files / "chosen.gpkg")
    assert "C00399" in set(chosen["id"]) and "C00000" not in set(chosen["id"])
    q = pd.read_csv(files / "q.csv", dtype={"unit": str})
    assert q["quota"].sum() == 30 and (q.loc[q["quota"] > 0, "quota"] >= 3).all()
    assert "名额合计 30 = 目标 30：是" in r.stdout
    # the quota table lists the units with seats, lined up in terminal columns; the rest are
    # counted in one line (they are all in q.csv)
    lines = r.stdout.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("单位"))
    table = lines[top : next(i for i, line in enumerate(lines) if "未列出" in line)]
    assert len(table) == 1 + (q["quota"] > 0).sum()
    assert len({display_width(line) for line in table}) == 1
    assert f"另有 {(q['quota'] == 0).sum()} 个单位名额为 0" in r.stdout
    assert chosen.groupby("county_code").size().max() <= 3
    ws = openpyxl.load_workbook(files / "f.xlsx")["备案表"]
    assert ws.max_row == len(chosen) + 1


def test_select_reuses_the_score_column_of_a_scored_file(files, monkeypatch, capsys):
    """The scored list as a Chinese reader gets it (综合得分 …) is read back by select."""
    monkeypatch.setenv("YOUTHMAP_LANG", "zh")
    from geo.cli import main

    monkeypatch.chdir(files)
    args = ["--communities", "c.csv", "--embedded", "none"]
    assert main(["score", *args, "--weights", "elderly=1", "--out", "scored.csv"]) == 0
    args[1] = "scored.csv"
    assert main(["select", *args, "--total", "12", "--out", "top.csv"]) == 0
    assert "文件中的综合得分列" in capsys.readouterr().out
    scored = pd.read_csv(files / "scored.csv", dtype={"编号": str}).set_index("编号")
    top = pd.read_csv(files / "top.csv", dtype={"编号": str, "名额单位": str})
    for unit, g in top.groupby("名额单位"):
        pool = scored[scored["名额单位"].astype(str) == str(unit)]
        best = pool.sort_values("综合得分", ascending=False).index[: len(g)]
        assert set(g["编号"]) == set(best)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "nonsense=1"], "unknown indicator 'nonsense'"),
        (["--weights", "youth=abc"], "expected KEY=NUMBER"),
        (["--lock", "missing.csv"], "missing.csv: file not found"),
        (["--lock", "badlock.csv"], "id 'NOPE' is not among the candidates"),
        (["--min-per-province", "50", "--total", "30"], "minimum"),
        (["--max-per-county", "-1"], "--max-per-county must be non-negative"),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem(files, args, message, monkeypatch, capsys):
    from geo.cli import main

    (files / "badlock.csv").write_text("id\nNOPE\n", encoding="utf-8")
    monkeypatch.chdir(files)
    args = [*args, "--lang", "en"]
    code = main(["select", "--communities", "c.csv", "--embedded", "none", "--out", "x.csv", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err
    assert all(line.startswith("error: ") for line in err.strip().splitlines())
    assert not (files / "x.csv").exists()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_select_without_a_youth_home_layer_says_unknown_not_200_km(files, monkeypatch, capsys):
    """No Youth Home or resident-unit layer given (the embedded ones are simulated, so
    ``auto`` leaves them out): the chosen list leaves their distances and counts blank and
    claims neither "hosts one" nor "needs a new one", and the 备案表 says 未知. Before, every
    row read 200,000 m and 需新建青年之家（最近 200.0 公里）, and 0 units nearby."""
    from geo.cli import main

    monkeypatch.chdir(files)
    code = main(
        ["select", "--communities", "c.csv", "--campuses", "cp.csv", "--embedded", "none",
         "--total", "10", "--out", "bare.csv", "--filing", "bare.xlsx", "--lang", "zh"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "已写入 bare.xlsx" in out
    # the weights printed are those used: none for what no community has a value of
    # (it printed 距最近青年之家（米）=0.100 and 周边驻区单位数=0.050, scored as constants)
    (weights,) = [line for line in out.splitlines() if "权重 " in line]
    assert "青年人口（14-35岁）=0.235" in weights and "距最近青年之家" not in weights
    assert "周边驻区单位数" not in weights
    assert (
        "未计入权重（所有社区都没有此项数值，相应图层未使用）：距最近青年之家（米）、周边驻区单位数"
        in out
    )
    chosen = pd.read_csv(files / "bare.csv")
    assert len(chosen) == 10 and chosen["距最近青年之家（米）"].isna().all()
    assert chosen["周边驻区单位数"].isna().all() and chosen["距最近高校（米）"].notna().all()
    assert "需新建青年之家" not in chosen and "已有青年之家" not in chosen
    form = openpyxl.load_workbook(files / "bare.xlsx")["备案表"]
    head = [c.value for c in form[1]]
    status = {form.cell(r, head.index("青年之家情况") + 1).value for r in range(2, 12)}
    assert status == {"未知"}


@pytest.mark.parametrize(
    ("args", "option", "ext"),
    [
        (["score", "--out", "o.csv", "--weights-out", "w.geojson"], "--weights-out", ".geojson"),
        (["select", "--total", "5", "--out", "o.csv", "--quota-out", "q.gpkg"], "--quota-out", ".gpkg"),
        (["select", "--total", "5", "--out", "o.csv", "--filing", "f.txt"], "--filing", ".txt"),
        (["coverage", "--homes", "h.csv", "--out", "o.csv", "--rates-out", "r.txt"], "--rates-out", ".txt"),
        (["site", "--k", "2", "--out", "o.csv", "--assignments-out", "a.geojson"], "--assignments-out", ".geojson"),
    ],
)  # fmt: skip
def test_an_output_of_the_wrong_type_is_refused_before_anything_is_written(
    files, args, option, ext, monkeypatch, capsys
):
    """A table without coordinates asked for as GeoJSON or GeoPackage, or any output
    with an extension its option cannot take: refused by option with exit 2 and no file
    written. Before, a GIS extension ended in "internal error (KeyError)" and exit 70, and
    a .txt was refused only after the main output was written; --filing f.txt wrote an
    XLSX under that name."""
    from geo.cli import main

    run = files / f"wrong_{option.strip('-')}_{ext.strip('.')}"
    run.mkdir()
    for name in ("c.csv", "h.csv"):
        (run / name).write_bytes((files / name).read_bytes())
    monkeypatch.chdir(run)
    embedded = [] if args[0] in ("coverage", "site") else ["--embedded", "none"]
    code = main([args[0], "--communities", "c.csv", *embedded, *args[1:], "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and f"option {option}: unsupported output type {ext}" in err, err
    assert sorted(p.name for p in run.iterdir()) == ["c.csv", "h.csv"]


def test_the_filing_reads_nearby_by_the_picks_own_rule_and_says_what_is_simulated(
    files, monkeypatch, capsys
):
    """``select --home-within-m 500 --filing``: the 备案表 said 附近有青年之家（975 米） where
    the chosen list said 需新建青年之家 (the filing kept its own 1,500 m); and a filing of
    simulated communities, or one measured against the embedded simulated Youth Homes, had
    no word of it. Each row's status is checked against the haversine to the nearest home
    of h.csv."""
    from geo.cli import main

    monkeypatch.chdir(files)
    sim = pd.read_csv(files / "c.csv", dtype=str).assign(simulated="true")
    sim.to_csv(files / "c_sim.csv", index=False)
    args = ["select", "--total", "40", "--home-within-m", "500", "--lang", "zh"]
    assert main([*args, *INPUTS, "--out", "near.csv", "--filing", "near.xlsx"]) == 0
    homes = pd.read_csv(files / "h.csv")
    table = pd.read_excel(files / "near.xlsx", sheet_name="备案表", dtype={"社区编号": str})
    lon, lat = (np.radians(table[c].to_numpy(float))[:, None] for c in ("经度", "纬度"))
    hlon, hlat = (np.radians(homes[c].to_numpy(float))[None, :] for c in ("lon", "lat"))
    a = np.sin((hlat - lat) / 2) ** 2 + np.cos(lat) * np.cos(hlat) * np.sin((hlon - lon) / 2) ** 2
    nearest = (2 * 6_371_008.8 * np.arcsin(np.sqrt(a))).min(axis=1)
    status = table["青年之家情况"]
    assert (status.str.startswith("附近有青年之家") == (nearest <= 500)).all()
    assert (status.str.startswith("需新建青年之家") == (nearest > 500)).all()
    assert (nearest > 500).any() and ((nearest > 500) & (nearest <= 1_500)).any()
    assert "说明" not in openpyxl.load_workbook(files / "near.xlsx").sheetnames  # all real
    inputs = ["--communities", "c_sim.csv", "--campuses", "cp.csv", "--embedded", "all"]
    assert main([*args, *inputs, "--out", "sim.csv", "--filing", "sim.xlsx"]) == 0
    note = pd.read_excel(files / "sim.xlsx", sheet_name="说明").iloc[:, 0].tolist()
    assert note == [
        "数据含模拟社区，仅供演示。",
        "“青年之家情况”一列按模拟的青年之家图层计算，仅供演示。",
    ]
