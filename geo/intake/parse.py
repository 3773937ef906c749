"""Numbers and coordinates from the text cells of a user's file.

Committees type numbers as ``12,345``, ``１２３``, ``8,000人`` or ``35%``, and coordinates as
decimal degrees, as degrees, minutes and seconds (``104°4'48"E``) or both in one cell
(``104.0803,30.6566``, as the AMap and Baidu coordinate pickers copy them). Layer validation
(:mod:`geo.intake.validate`) and the candidate-site reader (:mod:`geo.siting.candidates`)
read them with these functions.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Text cells as numbers.

    Plain numbers take the fast path; the rest are cleaned first: full-width digits,
    thousands separators, spaces, a unit (人, 户, °) or a trailing ``%`` (divided by 100).

    Parameters
    ----------
    values
        One column of text cells (other values are read through ``str``).

    Returns
    -------
    numbers, empty
        Floats (NaN where a cell is empty or not a number) and which cells are empty.
    """
    text = values.astype(str)
    try:  # all cells plain numbers: one vectorised cast
        numbers = (
            pc.cast(pa.array(text, type=pa.string()), pa.float64())
            .to_numpy(zero_copy_only=False)
            .copy()
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, copy=True)
    empty = text.str.strip().eq("").to_numpy()
    retry = np.isnan(numbers) & ~empty
    if retry.any():
        rest = text[retry].map(lambda s: unicodedata.normalize("NFKC", s).strip())
        cleaned = rest.str.replace(r"[,\s]|人$|户$|°$", "", regex=True)
        percent = cleaned.str.endswith("%").to_numpy()
        parsed = pd.to_numeric(cleaned.str.rstrip("%"), errors="coerce").to_numpy(dtype=float)
        numbers[retry] = np.where(percent, parsed / 100.0, parsed)
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers, empty


_DMS = re.compile(
    r"""(?P<before>[NSEW]|东经|西经|北纬|南纬)?
    (?P<d>\d+(?:\.\d+)?)(?:°|度)
    (?:(?P<m>\d+(?:\.\d+)?)(?:'|′|’|分))?
    (?:(?P<s>\d+(?:\.\d+)?)(?:"|″|”|''|′′|’’|秒))?
    (?P<after>[NSEW])?""",
    re.VERBOSE | re.IGNORECASE,
)
"""Degrees, minutes and seconds (spaces removed): ``104°4'48"E``, ``北纬30°39′36″``,
``30度39分36秒``. West and south are negative."""


def _dms(text: str) -> float:
    """One coordinate in degrees, minutes and seconds as decimal degrees; NaN when it is not
    one (minutes or seconds of 60 or more, two hemispheres)."""
    match = _DMS.fullmatch(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    if match is None or (match["before"] and match["after"]):
        return np.nan
    minutes, seconds = float(match["m"] or 0), float(match["s"] or 0)
    if minutes >= 60 or seconds >= 60:
        return np.nan
    value = float(match["d"]) + minutes / 60 + seconds / 3600
    side = (match["before"] or match["after"] or "").upper()
    return -value if side in ("S", "W", "西经", "南纬") else value


def parse_degrees(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`parse_numbers` for a coordinate column: cells in degrees, minutes and seconds
    (:data:`_DMS`) are read too.

    Parameters
    ----------
    values
        One column of longitudes or latitudes as text.

    Returns
    -------
    degrees, empty
        Decimal degrees (west and south negative; NaN where empty or unreadable) and which
        cells are empty.
    """
    numbers, empty = parse_numbers(values)
    retry = np.isnan(numbers) & ~empty
    if retry.any():
        numbers[retry] = [_dms(str(v)) for v in values[retry]]
    return numbers, empty


def split_lonlat(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A column of ``lon,lat`` cells (:data:`geo.intake.headers.LONLAT`) as two text columns.

    Parameters
    ----------
    cells
        Text cells each holding a longitude and a latitude, in that order, split at a comma
        or semicolon (either width), else at spaces.

    Returns
    -------
    lon, lat
        Two text columns on ``cells``' index. A cell that does not split in two is kept
        whole as its longitude (where it is reported as not a number) with no latitude.
    """
    text = cells.astype(str).str.strip()
    parts = text.str.split(r"\s*[,，;；]\s*", regex=True)
    by_space = text.str.split(r"\s+", regex=True)
    parts = parts.where(parts.str.len() == 2, by_space)
    two = (parts.str.len() == 2).to_numpy()
    lon = pd.Series(np.where(two, parts.str[0], text), index=cells.index, dtype=object)
    lat = pd.Series(np.where(two, parts.str[1], ""), index=cells.index, dtype=object)
    return lon, lat
