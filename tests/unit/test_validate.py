"""Row-level validation: every problem kind with its Excel row and the user's column."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo import i18n
from geo.cli import main as cli_main
from geo.core import crs
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.intake import io
from geo.intake.validate import default_counties
from tests._io_helpers import TIANHE, WUHOU, community_frame, points_in
from tests._paths import ROOT


def _import(tmp_path: Path, frame: pd.DataFrame, **kw):
    path = tmp_path / "c.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return io.import_layer(path, "communities", **kw)


def _found(result, code: str) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in result.problems if p.code == code]


@pytest.fixture
def broken() -> pd.DataFrame:
    """Ten communities; rows 3–11 (Excel numbering) each carry one kind of mistake."""
    frame = community_frame(12).astype(object)
    frame.loc[1, "社区名称"] = ""  # row 3: missing
    frame.loc[2, "常住人口"] = "约五千"  # row 4: not a number
    frame.loc[3, "老年人口"] = -5  # row 5: negative
    frame.loc[4, "青年人口"] = 99_999  # row 6: youth > population
    frame.loc[5, "经度"], frame.loc[5, "纬度"] = (
        frame.loc[5, "纬度"],
        frame.loc[5, "经度"],
    )  # row 7: swapped
    frame.loc[6, "经度"], frame.loc[6, "纬度"] = 139.69, 35.69  # row 8: Tokyo
    frame.loc[7, "社区编号"] = frame.loc[0, "社区编号"]  # row 9: duplicate id
    frame.loc[8, ["社区名称", "经度", "纬度"]] = frame.loc[
        9, ["社区名称", "经度", "纬度"]
    ].to_numpy()  # row 10≡11
    wuhou = points_in(WUHOU, 1)[0]
    frame.loc[10, "经度"], frame.loc[10, "纬度"] = wuhou  # row 12: in Chengdu, stated Tianhe
    return frame


@pytest.mark.parametrize(
    ("code", "where", "severity"),
    [
        ("missing", [(3, "社区名称")], "error"),
        ("not_number", [(4, "常住人口")], "error"),
        ("negative", [(5, "老年人口")], "error"),
        ("impossible", [(6, "青年人口")], "error"),
        ("swapped", [(7, "经度/纬度")], "error"),
        ("outside_china", [(8, "经度/纬度")], "error"),
        ("duplicate_id", [(9, "社区编号")], "error"),
        ("duplicate_location", [(11, "社区名称")], "warning"),
        ("outside_stated", [(12, "区县代码")], "warning"),
    ],
)
def test_each_problem_kind_is_reported_at_its_row_and_column(
    tmp_path, broken, code, where, severity
):
    result = _import(tmp_path, broken)
    assert _found(result, code) == where
    assert {p.severity for p in result.problems if p.code == code} == {severity}


def test_errors_block_the_import_and_valid_rows_only_is_explicit(tmp_path, broken):
    result = _import(tmp_path, broken)
    with pytest.raises(InputError) as exc:
        result.accept()
    assert {p.code for p in exc.value.problems} >= {"missing", "swapped", "duplicate_id"}
    valid = result.accept(valid_only=True)
    assert len(valid) == 12 - 7
    assert not valid["id"].duplicated().any()


def test_reasons_come_in_english_when_asked(tmp_path, broken):
    result = _import(tmp_path, broken)
    reasons = {p.code: i18n.problem_text(p, "en") for p in result.problems}
    assert reasons["not_number"] == "“约五千” is not a number"
    assert "larger than the population" in reasons["impossible"]


def test_swapped_rows_are_fixed_on_request_and_land_in_place(tmp_path):
    frame = community_frame(6)
    truth = frame[["经度", "纬度"]].to_numpy(dtype=float)
    frame["经度"], frame["纬度"] = frame["纬度"].copy(), frame["经度"].copy()
    assert _import(tmp_path, frame).fixable_swaps == 6
    fixed = _import(tmp_path, frame, fix_swapped=True)
    assert fixed.ok and len(_found(fixed, "swapped_fixed")) == 6
    layer = fixed.accept()
    assert haversine_m(layer["lon"], layer["lat"], truth[:, 0], truth[:, 1]).max() < 1e-6


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_count_past_any_city_is_refused_at_its_row_not_wrapped_negative(tmp_path):
    """常住人口 1e19 and more became -9,223,372,036,854,775,808 as a whole number and the row
    passed (the negative check had run before); a count is at most a billion, and the row
    that gives more is an error at its row and column, quoted as typed."""
    frame = community_frame(5).astype(object)
    frame.loc[0, "常住人口"] = "1e308"
    frame.loc[1, "常住人口"] = "99999999999999999999"
    frame.loc[2, "常住人口"] = 1_000_000_001
    frame.loc[3, "常住人口"] = 1_000_000_000  # the bound itself (and youth below it)
    result = _import(tmp_path, frame)
    assert _found(result, "too_many") == [(2, "常住人口"), (3, "常住人口"), (4, "常住人口")]
    texts = [i18n.problem_text(p, "zh") for p in result.problems if p.code == "too_many"]
    assert texts[1] == "数量 99999999999999999999 过大（上限 1,000,000,000）"
    valid = result.accept(valid_only=True)
    assert len(valid) == 2 and valid["population"].min() >= 0
    assert valid["population"].max() == 1_000_000_000


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_point_far_beyond_any_map_is_outside_china_quoted_short(tmp_path):
    """1e308 degrees, twice under one name: no overflow while looking for the same name at
    the same place, and the message quotes the number in a few characters."""
    frame = community_frame(3).astype(object)
    frame.loc[[1, 2], "社区名称"] = "同名社区"
    frame.loc[[1, 2], "经度"] = 1e308
    result = _import(tmp_path, frame)
    assert _found(result, "outside_china") == [(3, "经度/纬度"), (4, "经度/纬度")]
    assert not _found(result, "duplicate_location")
    quoted = [p.params["lon"] for p in result.problems if p.code == "outside_china"]
    assert quoted == ["1e+308", "1e+308"]


def test_province_stated_by_name_is_checked(tmp_path):
    frame = community_frame(3).drop(columns="区县代码")
    frame["省份"] = ["广东省", "广东", "四川省"]
    result = _import(tmp_path, frame)
    assert _found(result, "outside_stated") == [(4, "省份")]
    assert "四川省" in next(p.reason for p in result.problems if p.code == "outside_stated")


@pytest.mark.parametrize(
    ("location", "column"),
    [
        ({"区县代码": TIANHE}, "区县代码"),
        ({"省份": "广东省", "区县": "天河区"}, "区县"),
        ({"地址": "广东省广州市天河区石牌街道华师社区"}, "地址"),
    ],
)
def test_rows_without_coordinates_are_placed_at_their_county_and_flagged(
    tmp_path, location, column
):
    frame = pd.DataFrame(
        {
            "编号": ["x1"],
            "名称": ["华师社区"],
            "常住人口": [5000],
            **{k: [v] for k, v in location.items()},
        }
    )
    result = _import(tmp_path, frame)
    assert result.ok, [str(p) for p in result.problems]
    layer = result.accept()
    assert bool(layer.loc[0, "approximate"]) is True
    assert layer.loc[0, "county_code"] == TIANHE
    counties = default_counties()
    poly = counties.loc[counties["code"] == TIANHE, "geometry"].iloc[0]
    assert poly.contains(layer.geometry.iloc[0])
    assert _found(result, "approximate") == [(2, column)]


def test_rows_without_coordinates_or_county_are_errors(tmp_path):
    frame = community_frame(2).astype(object)
    frame.loc[1, ["经度", "纬度", "区县代码"]] = ""
    result = _import(tmp_path, frame)
    assert _found(result, "missing") == [(3, "经度")]


def test_admin_codes_and_region_are_filled_from_the_point(tmp_path):
    frame = community_frame(3, code=WUHOU).drop(columns="区县代码")
    layer = _import(tmp_path, frame).accept()
    assert layer["county_code"].tolist() == [WUHOU] * 3
    assert layer["city_code"].tolist() == ["5101"] * 3
    assert layer["province_code"].tolist() == ["51"] * 3
    assert layer["region"].tolist() == ["west"] * 3


@pytest.mark.parametrize("words", ["西部", "Western", "WEST", "东部"])
def test_a_region_and_province_written_in_either_language_read_back_as_the_code(tmp_path, words):
    """A file YouthMap wrote for people (区域 西部, 省份 Sichuan) read back: the region is its
    code, the province's name follows its code. Before, "西部" or "Western" stayed as written:
    rates by region in English read "东部", raw headers wrote 东部 for east, and an English
    file's provinces came out as "Guangdong" in Chinese tables. A region the file states
    against its province's (东部 for Chengdu) gives way to the province's."""
    frame = community_frame(3, code=WUHOU).assign(区域=words, 省份="Sichuan")
    layer = _import(tmp_path, frame).accept()
    assert layer["region"].tolist() == ["west"] * 3
    assert layer["province"].tolist() == ["四川省"] * 3


@pytest.mark.parametrize(
    ("truth_crs", "chosen"), [("bd09", "wgs84"), ("gcj02", "wgs84"), ("bd09", "gcj02")]
)
def test_points_shifted_off_their_county_suggest_the_system_that_explains_it(
    tmp_path, truth_crs, chosen
):
    pts = points_in(TIANHE, 150, seed=7, margin_m=0)
    lon, lat = crs.convert(pts[:, 0], pts[:, 1], "wgs84", truth_crs)
    frame = pd.DataFrame(
        {
            "编号": range(150),
            "名称": [f"社区{i}" for i in range(150)],
            "区县代码": TIANHE,
            "经度": lon,
            "纬度": lat,
            "常住人口": 1000,
        }
    )
    assert _import(tmp_path, frame, crs=chosen).suggested_crs == truth_crs
    assert _import(tmp_path, frame, crs=truth_crs).suggested_crs is None


def test_missing_required_column_is_a_file_level_error(tmp_path):
    frame = community_frame(3).drop(columns="常住人口")
    with pytest.raises(InputError) as exc:
        _import(tmp_path, frame)
    assert [(p.code, p.row) for p in exc.value.problems] == [("missing_column", None)]


def test_file_without_id_column_gets_ids_from_row_numbers(tmp_path):
    result = _import(tmp_path, community_frame(3).drop(columns="社区编号"))
    assert result.accept()["id"].tolist() == ["R2", "R3", "R4"]
    assert _found(result, "id_generated") == [(None, None)]


def test_a_file_that_marks_rows_simulated_or_approximate_keeps_saying_so(tmp_path):
    """``youthmap demo``'s files say 模拟数据 是; reading one took every row as real data, so
    the results built on it (coverage, sites, maps) no longer said they were simulated."""
    frame = community_frame(4).astype(object)
    frame["模拟数据"] = ["是", "否", "Yes", "也许"]
    frame["位置近似"] = ["否", "是", "", "false"]
    result = _import(tmp_path, frame)
    layer = result.accept()
    assert layer["simulated"].tolist() == [True, False, True, False]
    assert layer["approximate"].tolist() == [False, True, False, False]
    assert _found(result, "not_bool") == [(5, "模拟数据")]  # an empty cell is a plain no
    plain = _import(tmp_path, community_frame(2)).accept()  # no such columns: real, placed
    assert not plain["simulated"].any() and not plain["approximate"].any()


def test_counts_written_with_separators_and_full_width_digits_are_read(tmp_path):
    frame = community_frame(2).astype(object)
    frame.loc[0, "常住人口"] = "１２,３４５"
    frame.loc[1, "常住人口"] = "8,000人"
    layer = _import(tmp_path, frame).accept()
    assert layer["population"].tolist() == [12345, 8000]
    assert layer["population"].dtype == np.int64


def test_coordinates_in_one_cell_are_split_and_bad_cells_named(tmp_path):
    frame = community_frame(5)
    lon, lat = frame.pop("经度"), frame.pop("纬度")
    cells = [f"{x},{y}" for x, y in zip(lon, lat, strict=True)]
    cells[1] = f"{lon[1]}，{lat[1]}"  # a full-width comma
    cells[2] = f"{lon[2]} {lat[2]}"  # a space, as some pickers copy them
    cells[3] = "见附件"  # row 5: not coordinates
    cells[4] = f"{lat[4]},{lon[4]}"  # row 6: latitude first
    frame.insert(2, "经纬度", cells)  # "经纬度" holds 纬度, yet it is both, not the latitude
    result = _import(tmp_path, frame)
    assert result.mapping.columns["经纬度"] == "lonlat"
    assert _found(result, "not_number") == [(5, "经纬度")]
    assert _found(result, "swapped") == [(6, "经纬度")]
    layer = _import(tmp_path, frame, fix_swapped=True).accept(valid_only=True)
    keep = [0, 1, 2, 4]
    assert layer["lon"].tolist() == pytest.approx(lon[keep].tolist())
    assert layer["lat"].tolist() == pytest.approx(lat[keep].tolist())
    assert "经纬度" not in layer.columns  # read into lon and lat, not kept beside them


def test_a_coordinates_cell_beside_lon_and_lat_columns_is_kept_as_an_attribute(tmp_path):
    frame = community_frame(2)
    frame["坐标"] = ["见经度列", "见纬度列"]
    layer = _import(tmp_path, frame).accept()
    assert layer["坐标"].tolist() == ["见经度列", "见纬度列"]
    assert layer["lon"].tolist() == pytest.approx(frame["经度"].tolist())


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        ("104°4'48\"E", "30°39'36\"N", (104.08, 30.66)),
        ("东经104°3′36″", "北纬30°37′48″", (104.06, 30.63)),
        ("E 104° 3.6'", "N 30° 37.8'", (104.06, 30.63)),
        ("104度4分48秒", "30度39分36秒", (104.08, 30.66)),
        ("１０４°４′４８″", "30.66°", (104.08, 30.66)),  # full width; decimal with a degree sign
    ],
)
def test_degrees_minutes_and_seconds_are_read(tmp_path, lon, lat, expected):
    frame = community_frame(1, code=WUHOU).astype(object)
    frame.loc[0, ["经度", "纬度", "区县代码"]] = [lon, lat, ""]
    layer = _import(tmp_path, frame).accept()
    assert (layer.at[0, "lon"], layer.at[0, "lat"]) == pytest.approx(expected)


@pytest.mark.parametrize("bad", ["104°75'", "104°4'61\"", "N104°4'E", "104°4'48''12"])
def test_impossible_degrees_are_not_numbers(tmp_path, bad):
    frame = community_frame(1).astype(object)
    frame.loc[0, "经度"] = bad
    assert _found(_import(tmp_path, frame), "not_number") == [(2, "经度")]


# ---------------------------------------------------------------------------- CLI


def test_cli_validate_exits_0_on_a_valid_file_and_writes_a_report(tmp_path, capsys):
    path = tmp_path / "ok.csv"
    community_frame(5).to_csv(path, index=False, encoding="gbk")
    report = tmp_path / "report.xlsx"
    assert cli_main(["validate", str(path), "--layer", "communities", "--report", str(report)]) == 0
    assert "5 rows, 5 valid, 0 errors" in capsys.readouterr().out
    assert report.exists()


def test_cli_validate_exits_2_with_one_line_per_problem(tmp_path, broken, capsys):
    path = tmp_path / "bad.csv"
    broken.to_csv(path, index=False)
    assert cli_main(["validate", str(path), "--lang", "en"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert "error: bad.csv, row 4, column 常住人口: “约五千” is not a number" in err
    assert sum(line.startswith("error:") for line in err) == 7
    assert not any("Traceback" in line for line in err)


def test_cli_import_writes_the_normalised_layer_and_refuses_errors_unless_valid_only(
    tmp_path, broken
):
    src = tmp_path / "bad.csv"
    broken.to_csv(src, index=False)
    out = tmp_path / "out.geojson"
    assert cli_main(["import", str(src), "--out", str(out)]) == 2
    assert not out.exists()
    assert cli_main(["import", str(src), "--out", str(out), "--valid-only"]) == 0
    written = io.import_layer(out, "communities").accept()
    assert len(written) == 5


def test_cli_map_option_maps_unusual_headers(tmp_path):
    frame = community_frame(3).rename(columns={"社区名称": "称呼", "常住人口": "人头数"})
    path = tmp_path / "m.csv"
    frame.to_csv(path, index=False)
    assert cli_main(["validate", str(path), "--map", "人头数=population"]) == 2  # name unmapped
    assert (
        cli_main(["validate", str(path), "--map", "人头数=population", "--map", "称呼=name"]) == 0
    )
    assert cli_main(["validate", str(path), "--map", "人头数=nope"]) == 2


def test_cli_runs_as_a_module_without_traceback_on_garbage(tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "junk.xlsx" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_problem_code_and_reason_key_is_in_the_catalogue():
    import re

    from geo import i18n

    sources = "".join(
        (ROOT / "geo" / "intake" / f).read_text(encoding="utf-8")
        for f in ("io.py", "validate.py", "headers.py", "_xlsx.py", "_vector.py", "_archive.py")
    )
    codes = set(re.findall(r'code="(\w+)"', sources)) | set(
        re.findall(r'check\.at\([^"]*"(\w+)"', sources)
    )
    reasons = set(re.findall(r'"data\.problem\.(\w+)"', sources))
    assert {"missing", "swapped", "outside_china", "duplicate_id"} <= codes
    assert not [c for c in codes if not i18n.has(f"data.kind.{c}")]
    assert not [r for r in reasons if not i18n.has(f"data.problem.{r}")]
    zh_en = [i18n.catalogue()[f"data.problem.{r}"] for r in reasons]
    assert all(zh != en for zh, en in zh_en)


def test_problems_in_english_hold_no_chinese_reason_text(tmp_path, broken):
    result = _import(tmp_path, broken)
    frame = i18n.problems_frame(result.problems, "en")
    assert list(frame.columns) == ["Severity", "Kind", "File", "Row", "Column", "Reason"]
    for reason in frame["Reason"]:
        text = re.sub(
            r"“[^”]*”|[\u4e00-\u9fff]+(?=\s|,|$)", "", reason
        )  # values quoted from the file
        assert "⟦" not in reason
        assert not re.search(r"[\u3000-\u303f\uff00-\uffef]", text), reason


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_control_characters_in_text_cells_are_dropped():
    """A name with a control character (\\x01, pasted from another system) was kept: invisible
    on the page, dropped by the workbooks, and written as ``_x0001_`` on the slides."""
    from geo.intake import io

    raw = "社区编号,社区名称,经度,纬度,常住人口\nC\x0b1,甲\x01社区\x7f,113.36,23.14,5000\n"
    result = io.import_layer(raw.encode(), "communities", name="c.csv")
    assert result.ok, [p.key for p in result.errors]
    row = result.accept().iloc[0]
    assert (row["id"], row["name"]) == ("C1", "甲社区")


def test_the_places_a_problem_names_are_in_the_readers_language(tmp_path):
    """A point outside its stated county or province, and a row placed at its county, name
    the places in the language of the message: the English said "stated county is 天河区,
    but the point lies in 武侯区" and "placed approximately at 天河区" (README: in English
    province, city and county names are in English)."""
    cjk = re.compile(r"[\u3400-\u9fff]")
    wuhou = points_in(WUHOU, 1)[0]
    frame = pd.DataFrame(
        {
            "编号": ["x1", "x2", "x3"],
            "名称": ["A", "B", "C"],
            "常住人口": [5000, 5000, 5000],
            "经度": [wuhou[0], None, wuhou[0]],
            "纬度": [wuhou[1], None, wuhou[1]],
            "区县代码": [TIANHE, TIANHE, None],
            "省份": [None, None, "广东省"],
        }
    )
    result = _import(tmp_path, frame)
    codes = ("outside_county", "approximate", "outside_province")
    shown = {p.key.rsplit(".", 1)[-1]: p for p in result.problems}
    assert sorted(k for k in shown if k in codes) == sorted(codes)
    english = {k: i18n.problem_text(shown[k], "en") for k in codes}
    assert english == {
        "outside_county": "stated county is Tianhe District, but the point lies in Wuhou District",
        "approximate": "no coordinates; placed approximately at Tianhe District",
        "outside_province": "stated province is Guangdong, but the point lies in Sichuan",
    }
    assert [p for p in result.problems if cjk.search(i18n.problem_text(p, "en"))] == []
    chinese = {k: i18n.problem_text(shown[k], "zh") for k in codes}
    assert chinese["outside_county"] == "所填区县为天河区，但坐标位于武侯区"
    assert chinese["outside_province"] == "所填省份为广东省，但坐标位于四川省"


def test_a_count_larger_than_the_population_is_quoted_in_full(tmp_path):
    """Youth 1,234,567 above a population of 1,000,000 was quoted "1.23457e+06 is larger
    than the population 1e+06": the counts are written in full, grouped as in tables."""
    frame = community_frame(2).astype(object)
    frame.loc[0, "常住人口"], frame.loc[0, "青年人口"] = 1_000_000, 1_234_567
    frame.loc[1, "常住人口"], frame.loc[1, "青年人口"] = 3000, 12000
    result = _import(tmp_path, frame)
    said = [i18n.problem_text(p, "en") for p in result.problems if p.code == "impossible"]
    assert said == [
        "Youth (14-35) 1,234,567 is larger than the population 1,000,000",
        "Youth (14-35) 12,000 is larger than the population 3,000",
    ]
    zh = [i18n.problem_text(p, "zh") for p in result.problems if p.code == "impossible"]
    assert zh[0] == "青年人口（14-35岁） 1,234,567 大于常住人口 1,000,000"
