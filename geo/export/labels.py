"""Tables in the reader's language: headers, coded values, place names and sheet names.

Analysis functions return tables with machine column names (``distance_m``, ``region``)
and codes (``"west"``, ``True``); every file a user downloads passes through
:func:`localize` on its way out, so a workbook or CSV says 距离（米）and 西部 in Chinese,
"To nearest Youth Home (m)" and "Western" in English. Headers come from one catalogue
(:mod:`geo.locales.tables`, then the layer headers of :data:`geo.core.layers.SCHEMAS`); coded
values from :data:`VALUE_KEYS`; province, city and county names are written in English by
:func:`geo.dataset.places.english_place` (street and community names stay as they are).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo import i18n
from geo.dataset.places import place_label

VALUE_KEYS: dict[str, str] = {
    "region": "region.{}",
    "direction": "scoring.direction.{}",
    "method": "scoring.method.{}",
    "normalise": "scoring.normalise.{}",
    "school_type": "table.value.school_type.{}",
    "nature": "table.value.nature.{}",
    "kind": "table.value.kind.{}",
    "unit_type": "cobuild.type.{}",
    "nearest_unit_type": "cobuild.type.{}",
}
"""Column → catalogue key of its coded values (``{}`` is the code)."""

PLACE_COLUMNS: tuple[str, ...] = ("province", "city", "district")
"""Columns holding province, city or county names (English in English)."""

BOOL_KEYS: dict[bool, str] = {True: "common.yes", False: "common.no"}


def header(column: object, lang: str) -> str:
    """The header of ``column`` in ``lang``: ``table.col.<column>``, else the layer's
    display header, else the column's own name."""
    key = f"table.col.{column}"
    if i18n.has(key):
        return i18n.t(key, lang)
    from geo.export.xlsx import display_headers

    return display_headers(lang).get(str(column), str(column))


PLACE_HEADER_KEYS: tuple[str, ...] = (
    "common.province",
    "common.city",
    "common.county",
    "coverage.col.district",
    "overview.area",
)
"""Catalogue keys of the headers pages give place-name columns (besides :func:`header`)."""


def place_headers() -> set[str]:
    """Headers (both languages) of the place-name columns, for tables already headed."""
    keys = {i18n.t(k, lang) for k in PLACE_HEADER_KEYS for lang in i18n.LANGS}
    return keys | {header(c, lang) for c in PLACE_COLUMNS for lang in i18n.LANGS}


def localize_headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table already headed for display with its yes/no values and the names in its
    place columns (found by :func:`place_headers`) in ``lang``."""
    return localize_values(frame, lang, [c for c in frame.columns if c in place_headers()])


def sheet(name: str, lang: str) -> str:
    """A sheet's name in ``lang`` (``table.sheet.<name>``)."""
    return i18n.t(f"table.sheet.{name}", lang)


def _yes_no(values: pd.Series, lang: str) -> pd.Series:
    words = {k: i18n.t(v, lang) for k, v in BOOL_KEYS.items()}
    return values.map(lambda v: words.get(bool(v), v) if isinstance(v, bool) else v)


def localize_values(
    frame: pd.DataFrame, lang: str, places: Iterable[object] = PLACE_COLUMNS
) -> pd.DataFrame:
    """``frame`` (a copy) with coded values and place names in ``lang``; headers unchanged.

    Booleans become 是/否 (Yes/No), the codes of :data:`VALUE_KEYS` columns their words,
    and in English the names in ``places`` columns their English names. A code with no
    catalogue entry is kept.
    """
    out = pd.DataFrame(frame).copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_bool_dtype(values) or values.dtype == object:
            out[col] = _yes_no(values.astype(object), lang)
        key = VALUE_KEYS.get(str(col))
        if key is not None:
            out[col] = out[col].map(
                lambda v, key=key: i18n.t(key.format(v), lang) if i18n.has(key.format(v)) else v
            )
    if lang == "en":
        for col in places:
            if col in out.columns:
                out[col] = out[col].map(lambda v: place_label(v, lang) if isinstance(v, str) else v)
    return out


def localize(
    frame: pd.DataFrame,
    lang: str,
    *,
    columns: Iterable[str] | None = None,
    places: Iterable[str] = PLACE_COLUMNS,
) -> pd.DataFrame:
    """``frame`` as a user downloads it in ``lang``: values, then headers, translated.

    Parameters
    ----------
    frame
        A result table with machine column names; a ``geometry`` column is dropped.
    lang
        ``"zh"`` or ``"en"``.
    columns
        Columns to keep, in order (default all).
    places
        Columns holding province, city or county names (a table of areas passes
        ``("name",)``).

    Returns
    -------
    pandas.DataFrame
        A copy with headers from :func:`header`.
    """
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if columns is not None:
        out = out[[c for c in columns if c in out.columns]]
    out = localize_values(out, lang, places)
    return out.rename(columns={c: header(c, lang) for c in out.columns})
