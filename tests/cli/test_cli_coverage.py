"""Black-box tests of ``youthmap coverage`` and ``youthmap site``."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from geo.cli import main
from geo.core.distance import haversine_m


def _run(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory, layers):
    d = tmp_path_factory.mktemp("cli_cov")
    c = layers.communities[layers.communities["county_code"] == "440106"]
    h = layers.youth_homes[layers.youth_homes["city_code"] == "4401"]
    u = layers.resident_units[layers.resident_units["county_code"] == "440106"].head(300)
    c.drop(columns="geometry").to_csv(d / "c.csv", index=False)
    h.drop(columns="geometry").head(40).to_csv(d / "h.csv", index=False)
    u[["id", "name", "lon", "lat"]].rename(
        columns={"id": "编号", "lon": "经度", "lat": "纬度"}
    ).to_csv(d / "u.csv", index=False)
    return d


def test_coverage_writes_every_community_with_distance_nearest_id_and_flag(
    files, monkeypatch
) -> None:
    """By default the files are written for a Chinese reader: headers with units, 是/否."""
    monkeypatch.setenv("YOUTHMAP_LANG", "zh")  # the default this module's fixture overrides
    r = _run(
        "coverage",
        "--communities",
        "c.csv",
        "--homes",
        "h.csv",
        "--radius-m",
        "800",
        "--out",
        "cov.csv",
        "--rates-out",
        "rates.xlsx",
        "--by",
        "county",
        cwd=files,
    )
    assert r.returncode == 0, r.stderr
    assert "覆盖" in r.stdout
    c = pd.read_csv(files / "c.csv", dtype={"id": str})
    h = pd.read_csv(files / "h.csv", dtype={"id": str})
    out = pd.read_csv(files / "cov.csv", dtype={"编号": str, "最近青年之家编号": str})
    assert list(out["编号"]) == list(c["id"])
    brute = haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        h["lon"].to_numpy()[None, :],
        h["lat"].to_numpy()[None, :],
    ).min(axis=1)
    np.testing.assert_allclose(out["距最近青年之家（米）"], brute, atol=0.06)
    assert (out["是否覆盖"] == np.where(brute <= 800, "是", "否")).all()
    rates = pd.read_excel(files / "rates.xlsx", sheet_name="覆盖率", dtype={"代码": str})
    assert list(rates["代码"]) == ["440106"] and rates["社区数"].iloc[0] == len(c)
    assert rates["已覆盖社区数"].iloc[0] == (brute <= 800).sum()


def test_site_k_writes_k_candidate_sites_with_wgs84_points(files) -> None:
    r = _run(
        "site",
        "--communities",
        "c.csv",
        "--homes",
        "h.csv",
        "--candidates",
        "u.csv",
        "--radius-m",
        "600",
        "--k",
        "5",
        "--method",
        "exact",
        "--out",
        "s.geojson",
        "--assignments-out",
        "a.csv",
        "--raw-headers",
        cwd=files,
    )
    assert r.returncode == 0, r.stderr
    assert "objective" in r.stdout and "gap" in r.stdout
    assert "Running HiGHS" not in r.stdout + r.stderr  # the solver's banner stays out
    sites = gpd.read_file(files / "s.geojson")
    units = pd.read_csv(files / "u.csv", dtype={"编号": str}).set_index("编号")
    assert len(sites) == 5 and set(sites["id"]) <= set(units.index)
    np.testing.assert_allclose(sites.geometry.x, units.loc[sites["id"], "经度"])
    a = pd.read_csv(files / "a.csv", dtype=str)
    assert set(a["site_id"]) == set(sites["id"])


def test_site_cover_all_covers_every_coverable_community(files) -> None:
    r = _run(
        "site",
        "--communities",
        "c.csv",
        "--cover-all",
        "--radius-m",
        "500",
        "--method",
        "greedy",
        "--out",
        "s.csv",
        "--raw-headers",
        cwd=files,
    )
    assert r.returncode == 0, r.stderr
    c = pd.read_csv(files / "c.csv", dtype={"id": str})
    s = pd.read_csv(files / "s.csv", dtype={"id": str})
    d = haversine_m(
        c["lon"].to_numpy()[:, None],
        c["lat"].to_numpy()[:, None],
        s["lon"].to_numpy()[None, :],
        s["lat"].to_numpy()[None, :],
    )
    assert (d.min(axis=1) <= 500).all()  # communities are their own candidates
    assert len(s) < len(c)


@pytest.mark.parametrize(
    "args, needle",
    [
        (
            ["coverage", "--communities", "missing.csv", "--homes", "h.csv", "--out", "x.csv"],
            "missing.csv",
        ),
        (
            [
                "coverage",
                "--communities",
                "c.csv",
                "--homes",
                "h.csv",
                "--radius-m",
                "-3",
                "--out",
                "x.csv",
            ],
            "option --radius-m: radius",  # the option typed, not the library's radius_m
        ),
        (["coverage", "--communities", "c.csv", "--homes", "h.csv", "--out", "x.txt"], ".txt"),
        (["site", "--communities", "c.csv", "--k", "0", "--out", "x.csv"], "option --k: k must"),
        (
            [
                "site",
                "--communities",
                "c.csv",
                "--candidates",
                "bad.csv",
                "--k",
                "2",
                "--out",
                "x.csv",
            ],
            "row 3",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_per_problem_and_no_traceback(
    files, args, needle, capsys, monkeypatch
) -> None:
    # in-process: the same entry point as the console script, without a slow interpreter start
    (files / "bad.csv").write_text("id,lon,lat\nA,113.3,23.1\nB,113.3,999\n", encoding="utf-8")
    monkeypatch.chdir(files)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2
    assert needle in err
    assert all(line.startswith("error") for line in err.strip().splitlines())


@pytest.mark.parametrize(
    "args",
    [
        ["coverage", "--communities", "nope_c.csv", "--homes", "nope_h.csv", "--out", "x.csv"],
        [
            "site",
            "--communities",
            "nope_c.csv",
            "--homes",
            "nope_h.csv",
            "--candidates",
            "bad.csv",
            "--k",
            "2",
            "--out",
            "x.csv",
        ],
    ],
)
def test_every_bad_input_file_is_named_in_one_run(files, args, capsys, monkeypatch) -> None:
    (files / "bad.csv").write_text("id,lon,lat\nA,113.3,23.1\nB,113.3,999\n", encoding="utf-8")
    monkeypatch.chdir(files)
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    named = {name for name in ("nope_c.csv", "nope_h.csv", "bad.csv") if name in args}
    assert {n for n in named if any(n in line for line in err)} == named
    assert all(line.startswith("error") for line in err)


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


@pytest.mark.parametrize(
    ("weight", "said", "heads"),
    [
        (
            "常住人口",
            "常住人口覆盖率 ",
            ["常住人口", "已覆盖常住人口", "常住人口覆盖率", "未覆盖常住人口"],
        ),
        (
            "population",
            "常住人口覆盖率 ",
            ["常住人口", "已覆盖常住人口", "常住人口覆盖率", "未覆盖常住人口"],
        ),
        ("count", "社区覆盖率 ", []),
    ],
)
def test_coverage_weighted_by_another_column_is_named_as_such(
    files, monkeypatch, capsys, weight, said, heads
) -> None:
    """``--weight population`` said "青年覆盖率 93.2%" over the population's figures and
    headed them 青年人口; ``count`` ended in an internal error; an unknown column read
    "青年覆盖率 —" with exit 0. Now the weight is named, by its header too, and an unknown
    one is refused by --weight."""
    monkeypatch.chdir(files)
    argv = ["coverage", "--communities", "c.csv", "--homes", "h.csv", "--lang", "zh"]
    code = main([*argv, "--out", "w.csv", "--weight", weight, "--rates-out", "wr.csv"])
    out = capsys.readouterr().out
    assert code == 0 and said in out and "青年覆盖率" not in out
    rates = pd.read_csv(files / "wr.csv")
    assert [c for c in rates.columns if c not in ("代码", "名称") and "社区" not in c] == heads
    assert main([*argv, "--out", "w.csv", "--weight", "不存在"]) == 2
    err = capsys.readouterr().err
    assert "c.csv，选项 --weight：社区文件中没有“不存在”列" in err


def test_site_names_its_solver_in_the_readers_language(files, monkeypatch, capsys) -> None:
    """The solver read "lazy-greedy+swap" on a Chinese line; HiGHS keeps its own name."""
    monkeypatch.chdir(files)
    argv = ["site", "--communities", "c.csv", "--k", "2", "--out", "s2.csv"]
    assert main([*argv, "--lang", "zh"]) == 0
    assert "求解器：惰性贪心+交换 · " in capsys.readouterr().out
    assert main([*argv, "--lang", "en", "--method", "exact"]) == 0
    assert "solver: HiGHS 1." in capsys.readouterr().out


def test_rates_of_a_list_without_youth_figures_leave_the_youth_out(files, monkeypatch, capsys):
    """A community list with no youth column: every county row of --rates-out read 青年人口 0,
    已覆盖青年 0, 未覆盖青年 0 beside a blank rate, while the summary said 青年覆盖率 —.
    The youth columns are left out; the communities' figures are as with youth."""
    monkeypatch.chdir(files)
    pd.read_csv(files / "c.csv").drop(columns="youth").to_csv(files / "c_noy.csv", index=False)
    argv = ["coverage", "--homes", "h.csv", "--lang", "zh", "--by", "county", "--out", "n.csv"]
    assert main([*argv, "--communities", "c_noy.csv", "--rates-out", "noy.csv"]) == 0
    assert "青年覆盖率 —" in capsys.readouterr().out
    assert main([*argv, "--communities", "c.csv", "--rates-out", "withy.csv"]) == 0
    bare, full = pd.read_csv(files / "noy.csv"), pd.read_csv(files / "withy.csv")
    assert not [c for c in bare.columns if "青年" in c]
    assert list(bare.columns) == [c for c in full.columns if "青年" not in c]
    pd.testing.assert_frame_equal(bare, full[bare.columns])


def test_rates_in_a_workbook_show_as_percentages_and_keep_the_share(files, monkeypatch):
    """--rates-out rates.xlsx showed 社区覆盖率 0.735294117647059 in Excel's general format
    (the page shows 73.5%); its rates read as percentages to 0.1 point and hold the share."""
    monkeypatch.chdir(files)
    argv = ["coverage", "--communities", "c.csv", "--homes", "h.csv", "--lang", "zh"]
    argv += ["--radius-m", "800", "--by", "county"]
    assert main([*argv, "--out", "p.csv", "--rates-out", "p.xlsx"]) == 0
    sheet = load_workbook(files / "p.xlsx").worksheets[0]
    head = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(head, sheet[2], strict=True)}
    for col in ("社区覆盖率", "青年覆盖率"):
        assert row[col].number_format == "0.0%" and 0 <= row[col].value <= 1
    share = row["已覆盖社区数"].value / row["社区数"].value
    assert row["社区覆盖率"].value == pytest.approx(share, rel=1e-12)
    assert row["社区数"].number_format == "General"  # counts as they were
