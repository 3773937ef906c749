"""Coded values and place names of the data in the reader's language.

The words a table (:func:`geo.export.labels.localize`) and a map's tooltips
(:func:`geo.maps.base.add_points`) show for the data's values: booleans as 是/否 (Yes/No), the
codes of :data:`VALUE_KEYS` columns as their catalogue words (东部 ↔ Eastern, 社区青年之家 ↔
Community Youth Home), and in English province, city and county names as
:func:`geo.dataset.places.english_place` writes them (street and community names stay as
they are written). One place for both, below the maps and the exports that read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from geo import i18n
from geo.dataset.places import english_place

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
    "reason": "pairing.reason.{}",
    "major_category": "table.value.major_category.{}",
}
"""Column → catalogue key of its coded values (``{}`` is the code)."""

PLACE_COLUMNS: tuple[str, ...] = ("province", "city", "district", "stated_province", "stated_city")
"""Columns holding province, city or county names (English in English; ``stated_*``: the
campus source's own province and city)."""

BOOL_KEYS: dict[bool, str] = {True: "common.yes", False: "common.no"}


def place_label(name: object, lang: str) -> str:
    """``name`` as shown in ``lang``: :func:`geo.dataset.places.english_place` in English, as
    it is in Chinese."""
    if lang == "en":
        return english_place(name)
    return "" if name is None else str(name)


def _yes_no(values: pd.Series, lang: str) -> pd.Series:
    words = {k: i18n.t(v, lang) for k, v in BOOL_KEYS.items()}
    return values.map(lambda v: words.get(bool(v), v) if isinstance(v, bool) else v)


def localize_values(
    frame: pd.DataFrame,
    lang: str,
    places: Iterable[object] = PLACE_COLUMNS,
    values: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` (a copy) with coded values and place names in ``lang``; headers unchanged.

    Booleans become 是/否 (Yes/No), the codes of :data:`VALUE_KEYS` columns their words,
    and in English the names in ``places`` columns their English names. A code with no
    catalogue entry is kept. ``values`` adds or overrides column → key pattern entries of
    :data:`VALUE_KEYS` for one table (the ``name`` of rates by region is a region code).
    """
    out = pd.DataFrame(frame).copy()
    keys = {**VALUE_KEYS, **(values or {})}
    for col in out.columns:
        column = out[col]
        if pd.api.types.is_bool_dtype(column) or column.dtype == object:
            out[col] = _yes_no(column.astype(object), lang)
        key = keys.get(str(col))
        if key is not None:
            out[col] = out[col].map(
                lambda v, key=key: i18n.t(key.format(v), lang) if i18n.has(key.format(v)) else v
            )
    if lang == "en":
        for col in places:
            if col in out.columns:
                out[col] = out[col].map(lambda v: place_label(v, lang) if isinstance(v, str) else v)
    return out
