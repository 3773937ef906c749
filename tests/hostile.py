"""The hostile-input corpus of issue 16, generated (no binary is committed).

:func:`build` writes every case into a folder and returns them as :class:`Case` records:
the file to hand the reader (by path on the command line, by name and bytes on the Data
page) and a fragment of the Chinese and English message the user must see. Beside the
cases it plants a *sentinel*: a valid community list whose names hold :data:`SENTINEL`,
at the paths the attacks point to (the target of a VRT's ``SrcDataSource``, the path an
unsanitised ``../../x.geojson`` member resolves to from a temporary folder, the absolute
path a ``/…`` member names). A reader that follows any of them shows the sentinel's rows.

Sizes: the XML bomb is a 24 MiB comment (expat 2.5.0 needs about 15 s for 16 MiB, so the
old reader blows the 10 s cap; compressed it is 25 KB), the zip bomb 600 MiB of zeros in
a 0.6 MB archive (over the 512 MiB member limit) and the ratio bomb 100 MiB in 0.1 MB.
Building the whole corpus takes a few seconds.
"""

from __future__ import annotations

import io as _stdio
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from openpyxl import Workbook

from tests._io_helpers import TIANHE, community_frame, points_in, xlsx_bytes

SENTINEL = "SENTINEL-5f1c9e"
"""Text in every row of the planted file; it must never reach an output or a page."""
TMP_SUBDIR = "work"
"""The readers' temporary folder (``TMPDIR``) inside the corpus folder; ``../../x.geojson``
from a folder made there resolves to :data:`SLIP_TARGET` inside it."""
SLIP_TARGET = "x.geojson"


NAMES: tuple[str, ...] = (
    "vrt_as_geojson",
    "vrt_as_gpkg",
    "vrt_as_csv",
    "vsi_in_content",
    "vsi_path",
    "gdal_pipeline_json",
    "crs_link_geojson",
    "far_cell",
    "far_cell_merged",
    "xml_bomb",
    "xml_comment",
    "xml_entities",
    "zip_bomb",
    "ratio_bomb",
    "zip_slip_relative",
    "zip_slip_absolute",
    "nested_zip",
    "corrupt_deflate_zip",
    "corrupt_deflate_xlsx",
    "two_layer_gpkg",
    "two_shapefile_zip",
    "attribute_only_gpkg",
    "endless_view_gpkg",
    "header_only_csv",
    "open_quote_csv",
    "formula_cells",
)
"""The cases :func:`build` returns, in order (for test parameters before the corpus exists)."""


@dataclass(frozen=True)
class Case:
    """One hostile input.

    Attributes
    ----------
    name
        Short id (test ids).
    path
        The file (its name is the upload's name).
    zh, en
        A fragment of the message each language must show.
    cli_path
        What the command line is given instead of ``path`` (the ``/vsi…`` case), if set.
    """

    name: str
    path: Path
    zh: str
    en: str
    cli_path: str | None = None

    @property
    def argv_path(self) -> str:
        return self.cli_path or str(self.path)


def _sentinel_frame(n: int = 5) -> pd.DataFrame:
    frame = community_frame(n, seed=99)
    frame["社区名称"] = [f"{SENTINEL}-{i}" for i in range(n)]
    return frame


def _sentinel_geojson(path: Path) -> None:
    frame = _sentinel_frame()
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")


def _geojson_bytes(frame: pd.DataFrame) -> bytes:
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    return gdf.to_json().encode()


def _with_property(geojson: bytes, key: str, value: str) -> bytes:
    doc = json.loads(geojson)
    for feature in doc["features"]:
        feature["properties"][key] = value
    return json.dumps(doc, ensure_ascii=False).encode()


def _with_crs_link(geojson: bytes, url: str) -> bytes:
    """The legacy GeoJSON ``crs`` of type ``link``: GDAL fetched its ``href``."""
    doc = json.loads(geojson)
    doc["crs"] = {"type": "link", "properties": {"href": url, "type": "proj4"}}
    return json.dumps(doc, ensure_ascii=False).encode()


def _vrt(target: Path) -> bytes:
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="communities">'
        f"<SrcDataSource>CSV:{target}</SrcDataSource><SrcLayer>{target.stem}</SrcLayer>"
        "<GeometryType>wkbPoint</GeometryType>"
        '<GeometryField encoding="PointFromColumns" x="经度" y="纬度"/>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()


def _rezip(raw: bytes, replace: dict[str, bytes]) -> bytes:
    """The archive ``raw`` with some members' content replaced."""
    out = _stdio.BytesIO()
    with zipfile.ZipFile(_stdio.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = replace.get(info.filename, src.read(info))
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _corrupt_member(raw: bytes, member: str) -> bytes:
    """Flip bytes inside ``member``'s deflate stream (its CRC no longer checked first)."""
    with zipfile.ZipFile(_stdio.BytesIO(raw)) as zf:
        info = zf.getinfo(member)
    data = bytearray(raw)
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 2, start + min(info.compress_size, 40), 3):
        data[i] ^= 0xA5
    return bytes(data)


def _table_rows(n: int = 6) -> list[list[object]]:
    frame = community_frame(n, seed=3)
    return [list(frame.columns), *frame.astype(object).values.tolist()]


def _shapefile_zip(folder: Path, names: tuple[str, ...]) -> bytes:
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, name in enumerate(names):
            frame = community_frame(4, seed=20 + k).rename(
                columns={"社区编号": "id", "社区名称": "name"}
            )
            gdf = gpd.GeoDataFrame(
                frame[["id", "name"]],
                geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
                crs="EPSG:4326",
            )
            shp = folder / f"{name}.shp"
            gdf.to_file(shp, engine="pyogrio", encoding="UTF-8")
            for part in sorted(folder.glob(f"{name}.*")):
                zf.write(part, part.name)
    return out.getvalue()


def _bomb(member: str, size: int) -> bytes:
    out = _stdio.BytesIO()
    zeros = bytes(1 << 20)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(member, "w", force_zip64=True) as fh,
    ):
        for _ in range(size >> 20):
            fh.write(zeros)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = _stdio.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _xml_bomb(comment_bytes: int, filler: bytes = b"a") -> bytes:
    """A workbook whose sheet holds one long comment (a single token, quadratic for expat)."""
    raw = xlsx_bytes(_table_rows())
    with zipfile.ZipFile(_stdio.BytesIO(raw)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    head, sep, rest = sheet.partition(b"<sheetData>")
    body = filler * (comment_bytes // len(filler))
    bomb = head + b"<!--" + body + b"-->" + sep + rest
    return _rezip(raw, {"xl/worksheets/sheet1.xml": bomb})


def _entity_bomb() -> bytes:
    raw = xlsx_bytes(_table_rows())
    with zipfile.ZipFile(_stdio.BytesIO(raw)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    decl = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
        )
        + b"]>"
    )
    body = sheet.replace(b"<t>", b"<t>&i;", 1)
    return _rezip(raw, {"xl/worksheets/sheet1.xml": decl + body})


def _multi_layer_gpkg(path: Path) -> None:
    """Polygons first (with a name and a population, so the old reader took them)."""
    frame = community_frame(6, seed=7)
    polygons = gpd.GeoDataFrame(
        {"名称": [f"片区{i}" for i in range(3)], "常住人口": [1000, 2000, 3000]},
        geometry=[shapely.Point(x, y).buffer(0.01) for x, y in points_in(TIANHE, 3, seed=8)],
        crs="EPSG:4326",
    )
    polygons.to_file(path, layer="boundaries", driver="GPKG", engine="pyogrio")
    points = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    points.to_file(path, layer="communities", driver="GPKG", engine="pyogrio", mode="a")


def _attribute_only_gpkg(path: Path) -> None:
    frame = community_frame(4, seed=9).drop(columns=["经度", "纬度", "区县代码"])
    pyogrio.write_dataframe(frame, path, layer="名单", driver="GPKG")
    with sqlite3.connect(path) as db:  # an attribute table, as GDAL writes it
        assert db.execute("select data_type from gpkg_contents").fetchone()[0] == "attributes"


def _endless_view_gpkg(path: Path) -> None:
    """A 0.1 MB GeoPackage whose one layer is a view counting without end over its one
    stored community: GDAL read rows until the process ran out of memory."""
    frame = community_frame(1, seed=11)
    gdf = gpd.GeoDataFrame(
        frame.drop(columns=["经度", "纬度"]),
        geometry=gpd.points_from_xy(frame["经度"], frame["纬度"]),
        crs="EPSG:4326",
    )
    gdf.to_file(path, layer="stored", driver="GPKG", engine="pyogrio")
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE VIEW 社区 AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT n.i AS fid, s.* FROM n, stored AS s"
        )
        for table in ("gpkg_contents", "gpkg_geometry_columns"):
            db.execute(f"UPDATE {table} SET table_name = '社区' WHERE table_name = 'stored'")
        db.execute("UPDATE gpkg_contents SET identifier = '社区'")
        db.execute("DELETE FROM gpkg_extensions")
    db.close()


def build(folder: Path) -> list[Case]:
    """Write the corpus and the sentinel into ``folder``; return the cases.

    Parameters
    ----------
    folder
        An empty folder. ``folder / TMP_SUBDIR`` is made for the readers' ``TMPDIR``.

    Returns
    -------
    list of Case
    """
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / TMP_SUBDIR
    work.mkdir(exist_ok=True)
    sentinel_csv = folder / "sentinel.csv"
    _sentinel_frame().to_csv(sentinel_csv, index=False)
    _sentinel_geojson(work / SLIP_TARGET)  # where "../../x.geojson" lands from work/youthmap-*/
    sentinel_abs = folder / "abs_sentinel.geojson"
    _sentinel_geojson(sentinel_abs)
    valid_geojson = _geojson_bytes(community_frame(4, seed=5))
    files: dict[str, bytes] = {
        "vrt.geojson": _vrt(sentinel_csv),
        "vrt.gpkg": _vrt(sentinel_csv),
        "vrt.csv": _vrt(sentinel_csv),
        "vsi.geojson": _with_property(valid_geojson, "来源", "/vsicurl/http://127.0.0.1:9/x.csv"),
        "pipeline.geojson": json.dumps(
            {
                "type": "gdal_streamed_alg",
                "command_line": f"gdal vector pipeline ! read {sentinel_csv} ! write --of stream streamed_dataset",
            }
        ).encode(),
        "crs_link.geojson": _with_crs_link(valid_geojson, "http://127.0.0.1:9/crs"),
        "far_cell.xlsx": _far_cell(),
        "far_merged.xlsx": _far_cell(merges=("A1:C1", "D2:D3")),
        "xml_bomb.xlsx": _xml_bomb(24 << 20),
        "xml_comment.xlsx": _xml_bomb(6 << 20, filler=b"<a> " * 16 + bytes(range(65, 91))),
        "xml_entities.xlsx": _entity_bomb(),
        "zip_bomb.zip": _bomb("bomb.shp", 600 << 20),
        "ratio_bomb.zip": _bomb("ratio.geojson", 100 << 20),
        "slip_relative.zip": _zip({"../../x.geojson": valid_geojson}),
        "slip_absolute.zip": _zip({str(sentinel_abs): valid_geojson}),
        "nested.zip": _zip({"inner.zip": _shapefile_zip(folder, ("inner",))}),
        "corrupt.zip": _corrupt_member(_shapefile_zip(folder, ("homes",)), "homes.dbf"),
        "corrupt.xlsx": _corrupt_member(xlsx_bytes(_table_rows(200)), "xl/worksheets/sheet1.xml"),
        "two_shapefiles.zip": _shapefile_zip(folder, ("a_sites", "b_sites")),
        "header_only.csv": ("社区编号,社区名称,经度,纬度,常住人口\n").encode(),
        "open_quote.csv": (
            "社区编号,社区名称,经度,纬度,常住人口\n"
            'C1,"甲社区,113.36,23.14,5000\nC2,乙社区,113.37,23.15,6000\n'
        ).encode(),
        "formulas.xlsx": _formulas(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    _multi_layer_gpkg(folder / "two_layers.gpkg")
    _attribute_only_gpkg(folder / "attributes.gpkg")
    _endless_view_gpkg(folder / "endless_view.gpkg")
    f = folder.__truediv__
    cases = [
        Case("vrt_as_geojson", f("vrt.geojson"), "虚拟数据源（VRT）", "virtual dataset (VRT)"),
        Case("vrt_as_gpkg", f("vrt.gpkg"), "虚拟数据源（VRT）", "virtual dataset (VRT)"),
        Case("vrt_as_csv", f("vrt.csv"), "虚拟数据源（VRT）", "virtual dataset (VRT)"),
        Case(
            "vsi_in_content",
            f("vsi.geojson"),
            "引用了 GDAL 虚拟文件系统",
            "refers to a GDAL virtual",
        ),
        Case(
            "vsi_path",
            f("vrt.geojson"),
            "虚拟文件系统（/vsi…）",
            "virtual file system (/vsi…)",
            cli_path=f"/vsizip/{folder / 'nested.zip'}/inner.zip",
        ),
        Case(
            "gdal_pipeline_json",
            f("pipeline.geojson"),
            "无法读取该地理数据文件",
            "cannot read this geodata",
        ),
        Case("crs_link_geojson", f("crs_link.geojson"), "坐标系写成了网址", "web address"),
        Case("far_cell", f("far_cell.xlsx"), "XFD1048576", "XFD1048576"),
        Case("far_cell_merged", f("far_merged.xlsx"), "XFD1048576", "XFD1048576"),
        Case("xml_bomb", f("xml_bomb.xlsx"), "压缩炸弹", "zip bomb"),
        Case("xml_comment", f("xml_comment.xlsx"), "<!--", "<!--"),
        Case("xml_entities", f("xml_entities.xlsx"), "<!DOCTYPE", "<!DOCTYPE"),
        Case("zip_bomb", f("zip_bomb.zip"), "超过上限 512 MB", "more than the 512 MB limit"),
        Case("ratio_bomb", f("ratio_bomb.zip"), "压缩炸弹", "zip bomb"),
        Case("zip_slip_relative", f("slip_relative.zip"), "指向压缩包之外", "points outside"),
        Case("zip_slip_absolute", f("slip_absolute.zip"), "指向压缩包之外", "points outside"),
        Case("nested_zip", f("nested.zip"), "压缩包中还有压缩包", "holds another archive"),
        Case("corrupt_deflate_zip", f("corrupt.zip"), "已损坏，无法解压", "damaged and cannot"),
        Case("corrupt_deflate_xlsx", f("corrupt.xlsx"), "已损坏，无法解压", "damaged and cannot"),
        Case("two_layer_gpkg", f("two_layers.gpkg"), "多个图层", "several layers"),
        Case("two_shapefile_zip", f("two_shapefiles.zip"), "多个图层", "several layers"),
        Case("attribute_only_gpkg", f("attributes.gpkg"), "没有坐标", "no coordinates"),
        Case("endless_view_gpkg", f("endless_view.gpkg"), "不是存储的数据", "not stored data"),
        Case("header_only_csv", f("header_only.csv"), "只有表头", "no data rows"),
        Case("open_quote_csv", f("open_quote.csv"), "第 2 行的双引号没有闭合", "opened in row 2"),
        Case("formula_cells", f("formulas.xlsx"), "必填项", "required value"),
    ]
    assert tuple(c.name for c in cases) == NAMES
    return cases


def _far_cell(merges: tuple[str, ...] = ()) -> bytes:
    """A 5 KB workbook: a valid table, and one filled cell at XFD1048576."""
    book = Workbook()
    ws = book.active
    for row in _table_rows():
        ws.append(row)
    ws["XFD1048576"] = "x"
    for rng in merges:
        ws.merge_cells(rng)
    buffer = _stdio.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _formulas() -> bytes:
    """Formula payloads: live formulas with no cached value where the population goes, and
    names that look like formulas; read as text, never evaluated, the empty ones reported."""
    rows = _table_rows(4)
    rows[1][1] = '=HYPERLINK("http://127.0.0.1:9/x","点击")'
    rows[2][1] = "+cmd|' /C calc'!A0"
    rows[3][1] = "@SUM(1+1)"
    for row in rows[1:]:
        row[5] = '=WEBSERVICE("http://127.0.0.1:9/")'
    return xlsx_bytes(rows)
