"""`youthmap pair` as a black box: files in, files and a summary out, exit codes."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main

M_PER_DEG_LAT = 111_195.0


@pytest.fixture
def files(tmp_path):
    comm = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "name": ["甲", "乙", "丙"],
            "lon": [113.0, 113.0, 113.0],
            "lat": [
                23.0 + 900 / M_PER_DEG_LAT,
                23.0 - 1_000 / M_PER_DEG_LAT,
                23.0 + 50_000 / M_PER_DEG_LAT,
            ],
            "population": [5000, 6000, 7000],
            "city_code": ["4401"] * 3,
        }
    )
    camp = pd.DataFrame(
        {
            "id": ["U1", "U2"],
            "university": ["甲大学", "乙大学"],
            "lon": [113.0, 113.0],
            "lat": [23.0, 23.0 - 20_000 / M_PER_DEG_LAT],
            "city_code": ["4401", "4401"],
        }
    )
    c, u = tmp_path / "communities.csv", tmp_path / "campuses.csv"
    comm.to_csv(c, index=False)
    camp.to_csv(u, index=False)
    return c, u, tmp_path


def _pair(communities, campuses, *options: object) -> int:
    """``youthmap pair`` on the two files with further options (paths and numbers as given),
    writing the machine column names a script reads (``--raw-headers``)."""
    args = ["pair", "--communities", str(communities), "--campuses", str(campuses), "--raw-headers"]
    return main([*args, *(str(o) for o in options)])


def test_pair_writes_one_row_per_pair_and_the_unpaired_with_reasons(files, capsys):
    c, u, tmp = files
    out = tmp / "pairs.csv"
    code = _pair(c, u, "--capacity", "1", "--out", out)
    pairs = pd.read_csv(out, dtype={"community_id": str, "campus_id": str})
    unpaired = pd.read_csv(tmp / "pairs_unpaired.csv")
    printed = capsys.readouterr().out
    assert code == 0
    assert pairs[["community_id", "campus_id"]].values.tolist() == [["A", "U1"]]
    assert abs(pairs["distance_m"].iloc[0] - 900) < 1
    assert dict(zip(unpaired["community_id"], unpaired["reason"], strict=True)) == {
        "B": "campuses_full",
        "C": "no_campus_in_range",
    }
    assert "1 paired, 2 unpaired" in printed and "maximum 0.90 km" in printed


def test_larger_max_km_and_capacity_pair_everyone(files, capsys):
    c, u, tmp = files
    out = tmp / "pairs.xlsx"
    code = _pair(
        c, u, "--capacity", "5", "--max-km", "60", "--out", out, "--load-out", tmp / "load.csv"
    )
    assert code == 0
    assert len(pd.read_excel(out)) == 3
    assert pd.read_csv(tmp / "load.csv").set_index("campus_id")["assigned"].sum() == 3


def test_geojson_output_holds_pair_lines(files):
    c, u, tmp = files
    out = tmp / "pairs.geojson"
    assert _pair(c, u, "--out", out) == 0
    gdf = gpd.read_file(out)
    assert set(gdf.geom_type) == {"LineString"} and gdf.crs.to_epsg() == 4326
    assert sorted(gdf["community_id"]) == ["A", "B"]


@pytest.mark.parametrize("ext", [".geojson", ".gpkg"])
def test_same_city_is_a_true_or_false_in_the_map_files(files, ext):
    """GeoJSON and GeoPackage outputs held ``same_city`` as the text "True" and "False"
    (a GIS filter ``same_city = false`` matched nothing); they hold booleans, and an
    unknown city stays empty."""
    import json

    c, u, tmp = files
    camp = pd.read_csv(u, dtype=str)
    camp.loc[1, "city_code"] = "4403"  # U2 in Shenzhen: B's pair is in another city
    camp.to_csv(u, index=False)
    out = tmp / f"pairs{ext}"
    assert _pair(c, u, "--capacity", "1", "--max-km", "60", "--out", out) == 0
    if ext == ".geojson":
        props = {
            f["properties"]["community_id"]: f["properties"]["same_city"]
            for f in json.loads(out.read_text(encoding="utf-8"))["features"]
        }
        assert props == {"A": True, "B": False}
    else:
        gdf = gpd.read_file(out).set_index("community_id")
        assert gdf["same_city"].dtype == bool
        assert gdf["same_city"].to_dict() == {"A": True, "B": False}


def test_nearest_method_ignores_capacity(files, capsys):
    c, u, tmp = files
    code = _pair(c, u, "--capacity", "1", "--method", "nearest", "--out", tmp / "n.csv")
    assert code == 0 and "campuses over capacity 1" in capsys.readouterr().out


def test_bad_options_exit_2_with_one_line_per_problem(files, capsys):
    c, u, tmp = files
    code = _pair(c, u, "--capacity", "-1", "--per-community", "0", "--out", tmp / "x.csv")
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 2 and "--capacity" in err[0] and "--per-community" in err[1]


def test_missing_column_exits_2_naming_the_file(files, capsys):
    c, u, tmp = files
    pd.read_csv(u).drop(columns="lat").to_csv(u, index=False)
    code = _pair(c, u, "--out", tmp / "x.csv")
    err = capsys.readouterr().err
    assert code == 2 and "campuses.csv" in err and "lat" in err and "Traceback" not in err


def test_pair_without_campuses_uses_the_embedded_real_campuses(tmp_path, capsys):
    comm = pd.DataFrame(
        {
            "id": ["GZ1", "GZ2"],
            "name": ["天河社区", "越秀社区"],
            "lon": [113.3612, 113.2806],
            "lat": [23.1247, 23.1252],
            "population": [8000, 6000],
            "city_code": ["4401", "4401"],
        }
    )
    path = tmp_path / "guangzhou.csv"
    comm.to_csv(path, index=False)
    out = tmp_path / "pairs.csv"
    assert main(["pair", "--communities", str(path), "--out", str(out), "--raw-headers"]) == 0
    pairs = pd.read_csv(out, dtype=str)
    assert sorted(pairs["community_id"]) == ["GZ1", "GZ2"]
    assert "3,400 campuses" in capsys.readouterr().out


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_pair_a_saved_plans_part_less_its_exits(tmp_path, monkeypatch, capsys):
    """``pair`` took a communities file only: a committee whose pick is saved exported it by
    hand first; ``map --plan`` could draw the plan but not pair it."""
    from geo import dataset
    from tests._plans import saved_plan_home

    layers = dataset.load_layers()
    ids = saved_plan_home(layers, tmp_path / "home", monkeypatch, name="2026 全国第一批")
    out = tmp_path / "gd.csv"
    argv = ["pair", "--plan", "2026 全国第一批", "--out", str(out), "--raw-headers"]
    assert main([*argv, "--province", "44", "--max-km", "50", "--lang", "zh"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "结对对象：方案“2026 全国第一批”中广东省的 5 个社区（已退出的除外）"
    pairs = pd.read_csv(out, dtype=str)
    assert set(pairs["community_id"]) == set(ids[1:6])  # Guangzhou's, the exited one left out
    # the whole plan, its communities given as a file that lacks two of them
    given = tmp_path / "some.csv"
    layers.communities.loc[layers.communities["id"].isin(ids[:6])].drop(columns="geometry").to_csv(
        given, index=False
    )
    assert main([*argv, "--communities", str(given), "--lang", "en"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[1:3] == [  # after the note that the file's rows are simulated
        "pairing the 5 communities of the plan “2026 全国第一批” (less the exited)",
        "2 communities of the plan are not in the community layer and are left out (give a "
        "layer that holds them with --communities)",
    ]
    # neither a file nor a plan, or a province no one has: one line naming the option
    assert main(["pair", "--out", str(out), "--lang", "zh"]) == 2
    assert capsys.readouterr().err.strip() == (
        "错误：选项 --communities：请用 --communities 给出社区图层，或用 --plan 指定已保存的方案"
    )
    assert main([*argv, "--province", "99", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.strip() == "错误：选项 --province：99 不是省份代码"


def test_pair_a_saved_plan_keeps_its_campus_agreements(tmp_path, monkeypatch, capsys):
    """A next cycle's plan: its carried communities have their campuses on record. ``pair
    --plan`` kept none of them (a fresh pairing for all); now they stay, marked ``kept``,
    and ``--ignore-agreements`` pairs afresh. An agreement naming a campus the layer lacks
    is said so."""
    from geo import dataset
    from tests._plans import agree, saved_plan_home

    layers = dataset.load_layers()
    name = "2026 全国第一批"
    ids = saved_plan_home(layers, tmp_path / "home", monkeypatch, name=name)
    far = str(layers.campuses.loc[layers.campuses["province_code"] == "31", "id"].iloc[0])
    agree(ids[1], far, name)
    agree(ids[2], "NO-SUCH-CAMPUS", name)
    out = tmp_path / "gd.csv"
    argv = ["pair", "--plan", name, "--province", "44", "--out", str(out), "--raw-headers"]
    assert main(argv) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[1:3] == [
        "keeping 1 agreed pair (1 community); --ignore-agreements pairs everything afresh",
        "1 more agreement is with a campus the campus layer lacks and cannot be kept",
    ]
    pairs = pd.read_csv(out, dtype={"community_id": str, "campus_id": str})
    kept = pairs.loc[pairs["kept"]]
    assert kept[["community_id", "campus_id"]].values.tolist() == [[ids[1], far]]
    assert kept["rank"].isna().all() and (pairs.loc[~pairs["kept"], "rank"] >= 1).all()
    assert pairs.loc[~pairs["kept"], "community_id"].nunique() == 4
    # the pairs made now, as agreements to record (the kept one left out), to date and import
    book = tmp_path / "agreements.xlsx"
    assert main([*argv, "--agreements-out", str(book)]) == 0
    said = capsys.readouterr().out
    assert "agreements to record: 4 pairs made now; add the signing days" in said
    from geo.plan import records

    parsed = records.read_records(book, "agreements", name=book.name)
    assert sorted(parsed.frame["community_id"]) == sorted(ids[2:6])
    assert {p.code for p in parsed.errors} == {"missing"}  # the signing days
    assert main([*argv, "--agreements-out", str(tmp_path / "a.csv")]) == 2
    assert "--agreements-out" in capsys.readouterr().err
    assert main([*argv, "--ignore-agreements"]) == 0
    assert "keeping" not in capsys.readouterr().out
    pairs = pd.read_csv(out, dtype={"community_id": str, "campus_id": str})
    assert not pairs["kept"].any() and far not in set(pairs["campus_id"])
    # every community agreed: no pair made now, and no empty file; five with one campus
    for community in ids[2:6]:
        agree(community, far, name)
    assert main([*argv, "--capacity", "3"]) == 0
    assert "1 campus is over capacity through agreements on record: those are kept" in (
        capsys.readouterr().out
    )
    late = tmp_path / "late.xlsx"
    assert main([*argv, "--agreements-out", str(late)]) == 0
    assert f"no pair made now (all are agreements on record): {late} not written" in (
        capsys.readouterr().out
    )
    assert not late.exists()


def test_a_negative_penalty_is_refused_in_the_kilometres_typed(files, capsys):
    """``--other-city-penalty-km -100`` was refused as "must be at least 0, got -100000.0":
    the metres the library was given. It is checked as typed, before any reading."""
    c, u, tmp = files
    code = _pair(c, u, "--other-city-penalty-km", "-100", "--out", tmp / "x.csv")
    err = capsys.readouterr().err
    assert code == 2 and "--other-city-penalty-km" in err and "100000" not in err
