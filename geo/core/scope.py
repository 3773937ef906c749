"""The geographic scope a page works on: national, a region, a province or a city.

The sidebar sets one :class:`Scope` shared by every page; analyses filter their layers
with :func:`apply`. Layers carry ``region``, ``province_code`` and ``city_code`` columns
(see :mod:`geo.core.layers`); rows without them are kept only at national scope.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.core import regions


@dataclass(frozen=True)
class Scope:
    """National (all ``None``), a region, a province, or a city.

    Attributes
    ----------
    region
        ``"east"``, ``"central"`` or ``"west"``.
    province_code
        Two-digit province code.
    city_code
        Four-digit prefecture code.
    """

    region: str | None = None
    province_code: str | None = None
    city_code: str | None = None

    @property
    def level(self) -> str:
        """``"national"``, ``"region"``, ``"province"`` or ``"city"``."""
        if self.city_code:
            return "city"
        if self.province_code:
            return "province"
        if self.region:
            return "region"
        return "national"

    @property
    def quota_unit(self) -> str | None:
        """The quota unit the scope speaks for: its province's code, ``"XPCC"`` on the XPCC's
        cities (:data:`geo.core.regions.XPCC_CITY_CODE`: they file on their own line, not
        as Xinjiang's), ``None`` above a province."""
        if self.city_code == regions.XPCC_CITY_CODE:
            return regions.XPCC_KEY
        return self.province_code or None


NATIONAL = Scope()


def unit_scope(unit: str) -> Scope:
    """The scope quota unit ``unit`` works on: a province's own (its region and code), or
    for :data:`geo.core.regions.XPCC_KEY` the XPCC's cities in Xinjiang (west, 65,
    :data:`geo.core.regions.XPCC_CITY_CODE`), where its account opens and its story is
    drawn (the XPCC files on its own line: Xinjiang's province is not its scope).

    Parameters
    ----------
    unit
        A province's two-digit code or ``"XPCC"`` (:attr:`Scope.quota_unit`); not checked
        here: the edge that reads it says which units exist.

    Returns
    -------
    Scope
        ``Scope("west", "65", "6590")`` for the XPCC; ``Scope(region, unit)`` else (no region
        for a code no province has).
    """
    if unit == regions.XPCC_KEY:
        province = regions.XPCC_CITY_CODE[:2]
        return Scope(regions.region_of(province), province, regions.XPCC_CITY_CODE)
    return Scope(regions.region_of(unit), unit)


TABLE_LEVELS: tuple[str, ...] = ("region", "province", "city", "county")
"""Levels a table of areas can count at, widest first."""


def table_level(scope: Scope, cities: int) -> str:
    """The level a table of the scope's areas opens at: the provinces nationally and in a
    region, a province's cities, a city's counties; the counties of a province whose
    communities lie in one city (Beijing: its one city would be a one-row table).

    Parameters
    ----------
    scope
        The page's scope.
    cities
        How many cities the scope's rows lie in.

    Returns
    -------
    str
        One of :data:`TABLE_LEVELS`.
    """
    if scope.level == "city" or (scope.level == "province" and cities <= 1):
        return "county"
    return "city" if scope.level == "province" else "province"


def city_name(code: str | None, cities: pd.DataFrame) -> str | None:
    """The name of city ``code`` for :func:`geo.export.labels.scope_label`.

    Parameters
    ----------
    code
        Four-digit prefecture code, or ``None``.
    cities
        City boundaries or any table with ``code`` and ``name`` columns
        (``geo.dataset.load_boundaries("city")``).

    Returns
    -------
    str or None
        ``None`` when ``code`` is empty or not in ``cities``.
    """
    if not code:
        return None
    match = cities.loc[cities["code"].astype(str) == str(code), "name"]
    return str(match.iloc[0]) if len(match) else None


def mask(frame: pd.DataFrame, scope: Scope) -> pd.Series:
    """Boolean mask of the rows of ``frame`` inside ``scope``."""
    keep = pd.Series(True, index=frame.index)
    if scope.city_code:
        keep &= (
            frame.get("city_code", pd.Series("", index=frame.index)).astype(str) == scope.city_code
        )
    elif scope.province_code:
        keep &= (
            frame.get("province_code", pd.Series("", index=frame.index)).astype(str)
            == scope.province_code
        )
    elif scope.region:
        keep &= frame.get("region", pd.Series("", index=frame.index)).astype(str) == scope.region
    return keep


def apply(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """The rows of ``frame`` inside ``scope`` (a view-safe copy of the same type)."""
    if scope.level == "national":
        return frame
    return frame.loc[mask(frame, scope)]
