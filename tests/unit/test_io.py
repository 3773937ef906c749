"""Readers: every format and encoding, header mapping, coordinate systems, templates."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from geo import i18n
from geo.core import crs
from geo.core.distance import haversine_m
from geo.core.errors import InputError
from geo.core.layers import LAYER_NAMES
from geo.export import templates
from geo.intake import diff, headers, io
from tests._io_helpers import TIANHE, WUHOU, community_frame, points_in, xlsx_bytes


def _codes(exc: pytest.ExceptionInfo) -> set[str]:
    return {p.code for p in exc.value.problems}


def test_gbk_csv_with_chinese_headers_and_bd09_lands_within_20m_of_wgs84_truth(tmp_path: Path):
    truth = community_frame(40)
    blon, blat = crs.convert(truth["经度"], truth["纬度"], "wgs84", "bd09")
    frame = truth.assign(经度=blon.round(7), 纬度=blat.round(7))
    path = tmp_path / "社区名单.csv"
    frame.to_csv(path, index=False, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = io.import_layer(path, "communities", crs="bd09")
    assert result.ok, [str(p) for p in result.problems]
    layer = result.accept()
    moved = haversine_m(layer["lon"], layer["lat"], truth["经度"], truth["纬度"])
    assert moved.max() < 20.0
    assert layer["name"].tolist() == truth["社区名称"].tolist()


def test_bd09_read_as_wgs84_would_be_hundreds_of_metres_off(tmp_path: Path):
    truth = community_frame(10)
    blon, blat = crs.convert(truth["经度"], truth["纬度"], "wgs84", "bd09")
    path = tmp_path / "c.csv"
    truth.assign(经度=blon, 纬度=blat).to_csv(path, index=False)
    layer = io.import_layer(path, "communities", crs="wgs84").frame
    moved = haversine_m(layer["lon"], layer["lat"], truth["经度"], truth["纬度"])
    assert moved.min() > 100.0


def test_utf8_bom_and_tab_separated_csv_read_the_same(tmp_path: Path):
    frame = community_frame(5)
    a, b = tmp_path / "a.csv", tmp_path / "b.tsv"
    frame.to_csv(a, index=False, encoding="utf-8-sig")
    frame.to_csv(b, index=False, sep="\t")
    ta, tb = io.read_table(a), io.read_table(b)
    assert list(ta.frame.columns) == list(frame.columns)
    assert ta.frame.equals(tb.frame)


def test_gb18030_only_characters_decode(tmp_path: Path):
    frame = community_frame(3)
    frame.loc[0, "社区名称"] = "𠀾𠁈社区"  # outside GBK, inside GB18030
    path = tmp_path / "g.csv"
    frame.to_csv(path, index=False, encoding="gb18030")
    assert io.read_table(path).frame.loc[0, "社区名称"] == "𠀾𠁈社区"


def test_blank_lines_and_title_above_csv_header_keep_excel_row_numbers(tmp_path: Path):
    frame = community_frame(3).astype(object)
    frame.loc[1, "常住人口"] = "很多"
    body = frame.to_csv(index=False)
    path = tmp_path / "t.csv"
    path.write_text("\n天河区社区名单\n\n" + body, encoding="utf-8")
    result = io.import_layer(path, "communities")
    bad = [p for p in result.problems if p.code == "not_number"]
    assert [(p.row, p.column) for p in bad] == [(6, "常住人口")]  # header on line 4


def test_ragged_csv_row_is_reported_on_its_line(tmp_path: Path):
    frame = community_frame(4)
    lines = frame.to_csv(index=False).splitlines()
    lines[3] += ",多余,单元格"
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = io.import_layer(path, "communities")
    assert [(p.code, p.row) for p in result.errors] == [("extra_cells", 4)]
    assert result.n_valid == 3


def _xlsx(path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    path.write_bytes(xlsx_bytes(rows, merges))
    return path


def test_xlsx_with_blank_lines_and_merged_title_on_top_reports_excel_rows(tmp_path: Path):
    pts = points_in(TIANHE, 3)
    header = ["编号", "社区名称", "区县", "经度", "纬度", "常住人口"]
    rows = [
        [None] * 6,
        ["天河区社区青春行动候选社区名单", None, None, None, None, None],
        header,
        ["A1", "一社区", "天河区", pts[0, 0], pts[0, 1], 5000],
        ["A2", "二社区", "天河区", pts[1, 0], pts[1, 1], -3],
        ["A3", "三社区", "天河区", pts[2, 0], pts[2, 1], 4000],
    ]
    path = _xlsx(tmp_path / "list.xlsx", rows, merges=("A2:F2",))
    result = io.import_layer(path, "communities")
    assert [(p.code, p.row, p.column) for p in result.errors] == [("negative", 5, "常住人口")]
    assert "title_skipped" in {p.code for p in result.warnings}
    assert result.n_valid == 2


def test_sum_lines_are_skipped_with_a_warning_each_and_rows_keep_their_numbers(tmp_path: Path):
    pts = points_in(TIANHE, 3)
    header = ["编号", "社区名称", "区县", "经度", "纬度", "常住人口"]
    rows = [
        ["天河区候选社区名单", None, None, None, None, None],
        header,
        ["A1", "一社区", "天河区", pts[0, 0], pts[0, 1], 5000],
        ["小 计", None, None, None, None, 5000],  # a district's subtotal, spaces and all
        ["A2", "合计社区", "天河区", pts[1, 0], pts[1, 1], 4000],  # a name, not a sum
        ["A3", "三社区", "天河区", pts[2, 0], pts[2, 1], -3],
        [None, "合计：", None, None, None, 9000],  # first filled cell in the second column
    ]
    result = io.import_layer(_xlsx(tmp_path / "sums.xlsx", rows, merges=("A1:F1",)), "communities")
    skipped = [(p.row, p.params["cell"]) for p in result.warnings if p.code == "total_skipped"]
    assert skipped == [(4, "小计"), (7, "合计：")]
    assert [(p.code, p.row, p.column) for p in result.errors] == [("negative", 6, "常住人口")]
    assert result.n_valid == 2 and "合计社区" in set(result.frame["name"])
    assert list(result.rows) == [3, 5, 6]

    csv_path = tmp_path / "sums.csv"
    csv_path.write_text(community_frame(2).to_csv(index=False) + "Total:,,,,,\n", encoding="utf-8")
    read = io.import_layer(csv_path, "communities")
    assert [p.row for p in read.warnings if p.code == "total_skipped"] == [4]
    assert not read.errors and read.n_valid == 2


def test_xlsx_two_level_merged_header_is_read_from_the_second_line(tmp_path: Path):
    pts = points_in(WUHOU, 2)
    rows = [
        ["编号", "社区名称", "坐标", None, "人口", None],
        [None, None, "经度", "纬度", "常住人口", "青年人口"],
        ["W1", "玉林社区", pts[0, 0], pts[0, 1], 6000, 1800],
        ["W2", "簇桥社区", pts[1, 0], pts[1, 1], 5000, 9000],
    ]
    path = _xlsx(tmp_path / "two.xlsx", rows, merges=("A1:A2", "B1:B2", "C1:D1", "E1:F1"))
    result = io.import_layer(path, "communities")
    assert result.mapping.columns["青年人口"] == "youth"
    assert [(p.code, p.row, p.column) for p in result.errors] == [("impossible", 4, "青年人口")]
    assert result.frame.loc[0, "county_code"] == WUHOU


def test_xlsx_merged_header_without_names_below_is_refused_clearly(tmp_path: Path):
    rows = [["编号", "名称", "坐标", None, "常住人口"], ["1", "甲", 113.3, 23.1, 100]]
    path = _xlsx(tmp_path / "m.xlsx", rows, merges=("C1:D1",))
    with pytest.raises(InputError) as exc:
        io.read_table(path)
    assert _codes(exc) == {"merged_header"}
    assert exc.value.problems[0].row == 1


def test_xlsx_vertically_merged_data_cells_are_filled_down(tmp_path: Path):
    pts = points_in(TIANHE, 2)
    rows = [
        ["编号", "社区名称", "省份", "经度", "纬度", "常住人口"],
        ["A1", "一社区", "广东省", pts[0, 0], pts[0, 1], 5000],
        ["A2", "二社区", None, pts[1, 0], pts[1, 1], 4000],
    ]
    path = _xlsx(tmp_path / "fill.xlsx", rows, merges=("C2:C3",))
    assert io.read_table(path).frame["省份"].tolist() == ["广东省", "广东省"]


def test_xlsx_named_sheet_is_read_and_a_missing_sheet_is_named(tmp_path: Path):
    book = Workbook()
    book.active.append(["说明"])
    ws = book.create_sheet("社区")
    ws.append(["编号", "社区名称", "经度", "纬度", "常住人口"])
    ws.append(["Z1", "甲社区", 113.36, 23.14, 3000])
    path = tmp_path / "s.xlsx"
    book.save(path)
    assert io.read_table(path, sheet="社区").frame["编号"].tolist() == ["Z1"]
    with pytest.raises(InputError) as exc:
        io.read_table(path, sheet="青年之家")
    assert "（现有：Sheet、社区）" in exc.value.problems[0].reason
    # the sheets listed as English writes a list, not with 、
    assert "(sheets: Sheet, 社区)" in i18n.problem_text(exc.value.problems[0], "en")


def test_zipped_shapefile_in_gcj02_with_cpg_imports_to_wgs84(tmp_path: Path):
    truth = points_in(TIANHE, 6, seed=3)
    glon, glat = crs.convert(truth[:, 0], truth[:, 1], "wgs84", "gcj02")
    gdf = gpd.GeoDataFrame(
        {
            "编号": [f"S{i}" for i in range(6)],
            "名称": [f"青年之家{i}号" for i in range(6)],
            "容量": [40] * 6,
        },
        geometry=gpd.points_from_xy(glon, glat),
        crs="EPSG:4326",
    )
    shp = tmp_path / "shp" / "homes.shp"
    shp.parent.mkdir()
    gdf.to_file(shp, engine="pyogrio", encoding="UTF-8")
    assert shp.with_suffix(".cpg").exists()
    archive = tmp_path / "homes.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
    result = io.import_layer(archive, "youth_homes", crs="gcj02")
    assert result.ok, [str(p) for p in result.problems]
    layer = result.accept()
    assert layer["name"].tolist() == [f"青年之家{i}号" for i in range(6)]
    assert haversine_m(layer["lon"], layer["lat"], truth[:, 0], truth[:, 1]).max() < 1.0


def test_zipped_gbk_shapefile_without_cpg_is_decoded_as_gbk(tmp_path: Path):
    gdf = gpd.GeoDataFrame(
        {"编号": ["a", "b"], "名称": ["天河青年之家", "越秀青年之家"], "容量": [30, 40]},
        geometry=gpd.points_from_xy([113.36, 113.27], [23.14, 23.13]),
        crs="EPSG:4326",
    )
    shp = tmp_path / "gbk" / "homes.shp"
    shp.parent.mkdir()
    gdf.to_file(shp, engine="pyogrio", encoding="GBK")
    shp.with_suffix(".cpg").unlink()
    archive = tmp_path / "gbk.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
    table = io.read_table(archive)
    assert list(table.frame.columns) == ["编号", "名称", "容量"]
    assert table.frame["名称"].tolist() == ["天河青年之家", "越秀青年之家"]


def test_projected_prj_is_reprojected_to_wgs84(tmp_path: Path):
    truth = points_in(WUHOU, 4, seed=5)
    gdf = gpd.GeoDataFrame(
        {"id": ["a", "b", "c", "d"], "name": list("甲乙丙丁"), "population": [1000] * 4},
        geometry=gpd.points_from_xy(truth[:, 0], truth[:, 1]),
        crs="EPSG:4326",
    ).to_crs("EPSG:32648")
    path = tmp_path / "utm.gpkg"
    gdf.to_file(path, engine="pyogrio")
    layer = io.import_layer(path, "communities").accept()
    assert haversine_m(layer["lon"], layer["lat"], truth[:, 0], truth[:, 1]).max() < 0.5


def test_geojson_polygons_become_representative_points_with_a_warning(tmp_path: Path):
    pts = points_in(TIANHE, 2)
    polys = [gpd.points_from_xy([x], [y]).buffer(0.002)[0] for x, y in pts]
    gdf = gpd.GeoDataFrame(
        {"id": ["p1", "p2"], "name": ["甲", "乙"], "population": [10, 20]},
        geometry=polys,
        crs="EPSG:4326",
    )
    path = tmp_path / "poly.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    result = io.import_layer(path, "communities")
    assert "not_points" in {p.code for p in result.warnings}
    assert result.ok and result.frame["county_code"].tolist() == [TIANHE, TIANHE]


@pytest.mark.parametrize("ext", [".geojson", ".gpkg"])
def test_a_gis_files_empty_fields_are_empty_cells_not_nan(tmp_path: Path, ext: str):
    """A feature whose name, population or date GDAL reads as null (QGIS leaves a field it
    was not given so) is empty, as a blank cell of a sheet: the name missing, the population
    missing, not a community called "nan" nor 'nan' as a number."""
    pts = points_in(TIANHE, 3)
    gdf = gpd.GeoDataFrame(
        {
            "编号": ["A1", "A2", "A3"],
            "社区名称": ["甲社区", None, "丙社区"],
            "常住人口": [5000.0, 6000.0, None],
            "街道": ["石牌街道", "石牌街道", None],
            "登记日期": pd.to_datetime(["2024-05-01", None, "2024-05-03"]),
        },
        geometry=gpd.points_from_xy(pts[:, 0], pts[:, 1]),
        crs="EPSG:4326",
    )
    path = tmp_path / f"社区{ext}"
    gdf.to_file(path, engine="pyogrio")
    table = io.read_table(path)
    assert table.frame["社区名称"].tolist() == ["甲社区", "", "丙社区"]
    assert table.frame["常住人口"].tolist() == ["5000", "6000", ""]
    assert table.frame["街道"].tolist() == ["石牌街道", "石牌街道", ""]
    assert table.frame["登记日期"].tolist()[1] == ""
    result = io.import_layer(path, "communities")
    found = {(p.row, p.column, p.code) for p in result.problems}
    assert found == {(3, "社区名称", "missing"), (4, "常住人口", "missing")}
    assert "nan" not in result.frame["name"].tolist()


def test_a_gis_layer_with_fields_and_no_feature_says_it_has_no_rows(tmp_path: Path):
    """A GeoPackage layer with its fields and no feature (a template saved empty from QGIS)
    was an internal error (AttributeError: pandas' text methods on an empty number column)."""
    empty = gpd.GeoDataFrame(
        {"编号": ["A1"], "社区名称": ["甲社区"], "常住人口": [5000.0]},
        geometry=gpd.points_from_xy([113.36], [23.13]),
        crs="EPSG:4326",
    ).iloc[0:0]
    path = tmp_path / "社区.gpkg"
    empty.to_file(path, engine="pyogrio")
    with pytest.raises(InputError) as raised:
        io.read_table(path)
    assert [p.code for p in raised.value.problems] == ["empty"], raised.value.problems


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("a.xls", "file_type"),
        ("a.docx", "file_type"),
        ("a.shp", "file_type"),
        ("a.zip", "malformed"),
    ],
)
def test_unusable_files_are_refused_with_one_clear_problem(tmp_path: Path, name: str, code: str):
    path = tmp_path / name
    path.write_bytes(b"not really a file of this kind")
    with pytest.raises(InputError) as exc:
        io.read_table(path)
    assert _codes(exc) == {code}
    assert exc.value.problems[0].file == name


def test_bytes_and_path_give_the_same_table(tmp_path: Path):
    path = tmp_path / "c.csv"
    community_frame(4).to_csv(path, index=False)
    from_path = io.read_table(path)
    from_bytes = io.read_table(path.read_bytes(), name="c.csv")
    assert from_path.frame.equals(from_bytes.frame)
    assert from_bytes.file == "c.csv"


def test_headers_map_synonyms_and_notes_in_brackets():
    m = headers.resolve_mapping(
        ["社区名称（全称）", "LNG", "Latitude", "常住人口(人)", "青年人口(14-35岁)", "备注"],
        "communities",
    )
    assert m.columns == {
        "社区名称（全称）": "name",
        "LNG": "lon",
        "Latitude": "lat",
        "常住人口(人)": "population",
        "青年人口(14-35岁)": "youth",
    }
    assert m.unmapped == ("备注",)


def test_headers_containing_one_synonym_map_to_it_and_the_longest_wins():
    m = headers.resolve_mapping(
        ["居委会全称", "青年人口数量", "常住人口总数", "经度gcj", "纬度gcj", "联系电话"],
        "communities",
    )
    assert m.columns == {
        "居委会全称": "name",
        "青年人口数量": "youth",
        "常住人口总数": "population",
        "经度gcj": "lon",
        "纬度gcj": "lat",
    }
    assert headers.resolve_mapping(["index", "taxonomy"], "communities").columns == {}


def test_explicit_mapping_wins_and_bad_targets_are_reported():
    m = headers.resolve_mapping(
        ["名字", "人数", "X"], "communities", {"名字": "name", "人数": "population", "X": "-"}
    )
    assert m.columns == {"名字": "name", "人数": "population"}
    bad = headers.resolve_mapping(["名字"], "communities", {"名字": "nom", "无此列": "name"})
    assert {p.column for p in bad.problems} == {"名字", "无此列"}


def test_community_id_header_links_youth_homes_to_their_community():
    m = headers.resolve_mapping(["编号", "名称", "社区编号"], "youth_homes")
    assert m.columns == {"编号": "id", "名称": "name", "社区编号": "community_id"}


@pytest.mark.parametrize("layer", LAYER_NAMES)
def test_each_template_reads_back_as_one_valid_row(tmp_path: Path, layer: str):
    path = tmp_path / f"{layer}.xlsx"
    path.write_bytes(templates.template_xlsx(layer))
    result = io.import_layer(path, layer)
    assert result.ok, [str(p) for p in result.problems]
    assert len(result.accept()) == 1
    assert result.frame.loc[0, "county_code"] == "440106"


def test_validation_report_lists_every_problem(tmp_path: Path):
    frame = community_frame(3).astype(object)
    frame.loc[0, "常住人口"] = ""
    path = tmp_path / "c.csv"
    frame.to_csv(path, index=False)
    result = io.import_layer(path, "communities")
    report = tmp_path / "report.xlsx"
    report.write_bytes(templates.report_xlsx(result, "en"))
    problems = pd.read_excel(report, sheet_name="Problems")
    assert problems[["Row", "Column"]].values.tolist() == [[2, "常住人口"]]


def test_diff_counts_added_removed_and_moved_rows():
    old = pd.DataFrame({"id": ["a", "b", "c"], "lon": [113.30, 113.31, 113.32], "lat": [23.1] * 3})
    new = pd.DataFrame({"id": ["b", "c", "d"], "lon": [113.31, 113.33, 113.34], "lat": [23.1] * 3})
    d = diff.compare(old, new)
    assert d.counts() == {"added": 1, "removed": 1, "moved": 1, "unchanged": 1}
    assert d.added == ("d",) and d.removed == ("a",)
    assert d.moved.loc[0, "moved_m"] == pytest.approx(1024, rel=0.01)


def test_write_table_round_trips_through_the_reader(tmp_path: Path):
    layer = io.import_layer(_csv(tmp_path), "communities").accept()
    for ext in (".csv", ".xlsx", ".geojson", ".gpkg"):
        out = io.write_table(layer, tmp_path / f"out{ext}")
        again = io.import_layer(out, "communities").accept()
        assert again["id"].tolist() == layer["id"].tolist()
        assert np.allclose(again["lon"], layer["lon"])


FORMULA_NAMES = (
    "=1+2",
    "+SUM(A1)",
    "-3+4",
    "@cmd",
    "\tx",
    "\rx",
    "'plain",
    "'s-Hertogenbosch",
    "a'b",
)
"""Names a CSV writer escapes with an apostrophe (the first six) and names that already
hold one, which the reader must leave alone."""


@pytest.mark.parametrize("title", ["", "社区名单\n"], ids=["plain", "title_line"])
def test_csv_written_by_youthmap_reads_back_without_its_apostrophes(tmp_path: Path, title: str):
    # the title line sends the file down the careful (csv module) path instead of pandas'
    frame = pd.DataFrame(
        {"id": [f"C{k}" for k in range(len(FORMULA_NAMES))], "name": FORMULA_NAMES, "=h": 1}
    )
    path = io.write_table(frame, tmp_path / "out.csv")
    assert "'=1+2" in path.read_text("utf-8-sig")  # written escaped ...
    bom = "\ufeff".encode()
    path.write_bytes(bom + title.encode() + path.read_bytes().removeprefix(bom))
    back = io.read_table(path).frame
    assert back.columns.tolist() == ["id", "name", "=h"]  # ... read as it was
    assert back["name"].tolist() == list(FORMULA_NAMES)
    # a workbook holds the text as text: no apostrophe is written, none taken off (its
    # reader trims a cell's tab and CR, as it trims spaces)
    book = io.read_table(io.write_table(frame, tmp_path / "out.xlsx")).frame
    assert book["name"].tolist() == list(FORMULA_NAMES[:4]) + ["x", "x"] + list(FORMULA_NAMES[6:])


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    community_frame(5).to_csv(path, index=False)
    return path


def test_embedded_communities_round_trip_through_csv_without_problems(tmp_path: Path, layers):
    sample = layers.communities.sample(3_000, random_state=1).reset_index(drop=True)
    path = io.write_table(sample, tmp_path / "embedded.csv")
    result = io.import_layer(path, "communities")
    assert result.problems == []
    back = result.accept()
    assert back["id"].tolist() == sample["id"].tolist()
    assert back["county_code"].tolist() == sample["county_code"].astype(str).tolist()
    assert haversine_m(back["lon"], back["lat"], sample["lon"], sample["lat"]).max() < 0.01


def test_preview_map_escapes_user_text_and_draws_errors_apart(tmp_path: Path):
    from geo.maps.data import preview_map

    frame = community_frame(4).astype(object)
    frame.loc[0, "社区名称"] = "<script>alert('x')</script>社区"
    frame.loc[1, "常住人口"] = "?"
    frame.loc[2, ["经度", "纬度"]] = ""
    path = tmp_path / "p.csv"
    frame.to_csv(path, index=False)
    result = io.import_layer(path, "communities")
    html = preview_map(result, lang="zh").get_root().render()
    assert "<script>alert('x')</script>" not in html
    label = "有错误的行"
    assert label in html or label.encode("unicode_escape").decode() in html
    assert bool(result.frame.loc[2, "approximate"])


def test_preview_map_frames_the_valid_rows_not_a_point_off_the_earth(tmp_path: Path):
    """One row at (1e20, -1e20) among valid ones: the map was fitted to it, an empty grey
    world with the valid rows out of sight. It is reported, not drawn, and the map frames
    the valid rows."""
    from geo.maps.data import preview_map

    frame = community_frame(4).astype(object)
    frame.loc[3, ["经度", "纬度"]] = ["1e20", "-1e20"]
    path = tmp_path / "far.csv"
    frame.to_csv(path, index=False)
    result = io.import_layer(path, "communities")
    assert bool(result.error_rows[3])
    m = preview_map(result, lang="zh")
    valid = result.frame.loc[~result.error_rows]
    fit = [c for c in m._children.values() if type(c).__name__ == "FitBounds"][-1]  # the last
    (south, west), (north, east) = fit.bounds
    assert south >= valid["lat"].min() and north <= valid["lat"].max()
    assert west >= valid["lon"].min() and east <= valid["lon"].max()
    assert "1e+20" not in m.get_root().render()
    # with a margin: the rows on the frame's edge were cut in half
    assert fit.options["padding"] == (24, 24) and fit.options["maxZoom"] == 15


def test_table_bytes_give_a_file_the_reader_takes_back(tmp_path: Path):
    layer = io.import_layer(_csv(tmp_path), "communities").accept()
    data = io.table_bytes(layer, ".geojson")
    again = io.import_layer(data, "communities", name="download.geojson").accept()
    assert again["id"].tolist() == layer["id"].tolist()
