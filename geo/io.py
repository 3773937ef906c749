"""Reading layer files and writing results.

This is the single entry point for files: :func:`read_layer` reads any supported input
into a validated WGS-84 layer, :func:`write_table` writes a result by the output's
extension. Every problem is raised as :class:`geo.errors.InputError` naming file, row and
column.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import crs as crs_mod
from geo.errors import InputError
from geo.layers import SCHEMAS, WGS84, to_geodataframe

WRITE_EXTENSIONS: tuple[str, ...] = (".csv", ".geojson", ".gpkg", ".xlsx")

_SYNONYMS = {
    "编号": "id", "id": "id", "ID": "id",
    "名称": "name", "社区名称": "name", "社区": "name",
    "经度": "lon", "lng": "lon", "longitude": "lon", "x": "lon",
    "纬度": "lat", "latitude": "lat", "y": "lat",
    "省": "province", "省份": "province", "市": "city", "区县": "district",
    "人口": "population", "常住人口": "population", "青年人口": "youth",
}


def _read_frame(path: Path, sheet: str | None) -> pd.DataFrame:
    ext = path.suffix.lower()
    if ext == ".csv":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError.single("cannot decode the file as UTF-8 or GB18030", file=path.name)
        from io import StringIO

        return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    if ext == ".xlsx":
        return pd.read_excel(path, sheet_name=sheet or 0, dtype=str).fillna("")
    if ext in (".geojson", ".json", ".gpkg", ".zip", ".shp"):
        gdf = gpd.read_file(path)
        if gdf.crs is not None and gdf.crs != WGS84:
            gdf = gdf.to_crs(WGS84)
        frame = pd.DataFrame(gdf.drop(columns="geometry"))
        if "lon" not in frame and "lat" not in frame:
            frame["lon"] = gdf.geometry.x
            frame["lat"] = gdf.geometry.y
        return frame
    raise InputError.single(f"unsupported file type {ext!r}", file=path.name)


def read_layer(
    path: str | Path,
    layer: str,
    crs: str = "wgs84",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a layer file into a validated WGS-84 GeoDataFrame.

    Parameters
    ----------
    path
        CSV (UTF-8 or GBK), XLSX, GeoJSON, GeoPackage or zipped Shapefile.
    layer
        One of :data:`geo.layers.LAYER_NAMES`.
    crs
        Coordinate system of the file's coordinates: ``"wgs84"``, ``"gcj02"`` or ``"bd09"``.
    mapping
        Explicit ``{file column: YouthMap column}`` renames, applied before synonyms.
    sheet
        XLSX sheet name (default: the first sheet).

    Returns
    -------
    geopandas.GeoDataFrame
        The layer's columns (see :data:`geo.layers.SCHEMAS`) with ``id`` as string and
        ``lon``/``lat`` in WGS-84.

    Raises
    ------
    InputError
        With one problem per bad file, row or column.
    """
    path = Path(path)
    if layer not in SCHEMAS:
        raise InputError.single(f"unknown layer {layer!r}")
    if not path.exists():
        raise InputError.single("file not found", file=str(path))
    frame = _read_frame(path, sheet)
    renames = dict(mapping or {})
    for col in frame.columns:
        if col not in renames and str(col).strip() in _SYNONYMS:
            renames[col] = _SYNONYMS[str(col).strip()]
    frame = frame.rename(columns=renames)
    problems = []
    for column in SCHEMAS[layer]:
        if column.required and column.name not in frame.columns:
            problems.append(
                InputError.single(f"missing required column {column.name!r}", file=path.name).problems[0]
            )
    if problems:
        raise InputError(problems)
    out = frame.copy()
    out["id"] = out["id"].astype(str)
    for column in SCHEMAS[layer]:
        if column.name in out and column.dtype in ("float", "int"):
            values = pd.to_numeric(out[column.name], errors="coerce")
            bad = values.isna() & out[column.name].astype(str).str.strip().ne("")
            if column.required:
                bad |= values.isna()
            if bad.any():
                row = int(bad.to_numpy().nonzero()[0][0]) + 2
                raise InputError.single("not a number", file=path.name, row=row, column=column.name)
            out[column.name] = values
    lon, lat = crs_mod.convert(out["lon"], out["lat"], crs, "wgs84")
    out["lon"], out["lat"] = lon, lat
    return to_geodataframe(out)


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a result by the output's extension.

    Parameters
    ----------
    frame
        A DataFrame or GeoDataFrame. Point rows without geometry get one from ``lon``/``lat``
        for GeoJSON and GeoPackage.
    path
        ``.csv`` (UTF-8 with BOM, opens in Excel), ``.xlsx``, ``.geojson`` or ``.gpkg``.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in WRITE_EXTENSIONS:
        raise InputError.single(
            f"unsupported output type {ext!r}; use one of {', '.join(WRITE_EXTENSIONS)}", file=path.name
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if ext in (".geojson", ".gpkg"):
        gdf = frame if isinstance(frame, gpd.GeoDataFrame) else to_geodataframe(frame)
        gdf.to_file(path, driver="GeoJSON" if ext == ".geojson" else "GPKG", engine="pyogrio")
        return path
    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if ext == ".csv":
        plain.to_csv(path, index=False, encoding="utf-8-sig")
    else:
        plain.to_excel(path, index=False, engine="openpyxl")
    return path
