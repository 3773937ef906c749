"""Helpers for the import tests: real county polygons and points inside them."""

from __future__ import annotations

import io as _stdio

import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook

from geo.intake.validate import default_counties

TIANHE = "440106"  # 广州市天河区
WUHOU = "510107"  # 成都市武侯区


def points_in(code: str, n: int, seed: int = 0, margin_m: float = 800.0) -> np.ndarray:
    """``n`` WGS-84 points at least ``margin_m`` inside county ``code`` (``(n, 2)`` lon/lat)."""
    counties = default_counties()
    poly = counties.loc[counties["code"] == code, "geometry"].iloc[0]
    inner = poly.buffer(-margin_m / 111_000)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = inner.bounds
    out: list[tuple[float, float]] = []
    while len(out) < n:
        x = rng.uniform(minx, maxx, 4 * n)
        y = rng.uniform(miny, maxy, 4 * n)
        keep = shapely.contains_xy(inner, x, y)
        out.extend(zip(x[keep], y[keep], strict=True))
    return np.asarray(out[:n])


def community_frame(n: int = 20, code: str = TIANHE, seed: int = 0) -> pd.DataFrame:
    """A clean community list with Chinese headers and WGS-84 points inside ``code``."""
    rng = np.random.default_rng(seed)
    pts = points_in(code, n, seed)
    pop = rng.integers(2_000, 12_000, n)
    return pd.DataFrame(
        {
            "社区编号": [f"C{i:03d}" for i in range(n)],
            "社区名称": [f"测试社区{i}" for i in range(n)],
            "区县代码": code,
            "经度": pts[:, 0].round(7),
            "纬度": pts[:, 1].round(7),
            "常住人口": pop,
            "青年人口": (pop * 0.3).astype(int),
            "老年人口": (pop * 0.12).astype(int),
        }
    )


def xlsx_bytes(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    """A one-sheet workbook holding ``rows`` (first row first), with ``merges`` merged."""
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    buffer = _stdio.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
