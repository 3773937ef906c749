"""Indicators a community is scored on.

Every indicator is one numeric column per community, documented in :data:`INDICATORS`
with its unit, its direction (``"benefit"``: more is better, ``"cost"``: less is better)
and where it comes from. :func:`compute` adds them to a communities layer in one
vectorised pass (k-d tree queries on unit vectors, exact great-circle results, no
Python loop over communities).

What the action asks of a chosen community, and so what the indicators read: youth
(14–35) to mobilise, children 6–14 for after-school care (四点半课堂), elderly residents
65+ and one-person-65+ households for smart-elderly help (智慧助老), a Youth Home on site
or within reach, a university campus nearby, resident units (驻区单位) to co-build with, and
whether the city is a provincial capital or sub-provincial city (the first year's focus).

Where a community row lacks youth, children, elderly or the one-person-65+ share, the
county's 2020 census share fills it in (``population × share``) and the boolean column
``estimated_<column>`` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo import i18n
from geo.core import regions
from geo.core.distance import SphereIndex
from geo.core.errors import Term
from geo.core.layers import SCHEMAS, UNIT_TYPES, id_mask, lonlat

Direction = Literal["benefit", "cost"]

CAMPUS_RADIUS_M = 5_000
"""Default radius for counting university campuses around a community (metres)."""
UNIT_RADIUS_M = 1_000
"""Default radius for counting resident units around a community (metres)."""
NO_TARGET_DISTANCE_M = 200_000.0
"""Distance recorded when a layer given is empty (no Youth Home or campus at all), metres.
A layer not given at all leaves the distances and counts unknown (nan): the files and the
备案表 then say so instead of "nearest 200 km" or "0 units nearby"."""

UNIT_TYPE_KEYS: dict[str, str] = {
    "机关": "gov",
    "国企": "soe",
    "学校": "school",
    "医院": "hospital",
    "企业": "enterprise",
    "社会组织": "ngo",
}
"""Resident-unit types (:data:`geo.core.layers.UNIT_TYPES`) and their indicator-key suffixes."""

_UNIT_TYPE_EN = {
    "gov": "government bodies",
    "soe": "state-owned enterprises",
    "school": "schools",
    "hospital": "hospitals",
    "enterprise": "enterprises",
    "ngo": "social organisations",
}


@dataclass(frozen=True)
class Indicator:
    """One scoring indicator.

    Attributes
    ----------
    key
        Column name in the indicator frame, e.g. ``"youth_share"``.
    zh, en
        Label shown to users.
    unit
        Unit of the raw value (``"persons"``, ``"0-1"``, ``"m"``, ``"count"``, ``"0/1"``).
    direction
        ``"benefit"`` (higher is better) or ``"cost"`` (lower is better).
    source
        Where the value comes from, in words.
    default_weight
        Weight in the default weighted sum (0 leaves it out by default).
    """

    key: str
    zh: str
    en: str
    unit: str
    direction: Direction
    source: str
    default_weight: float = 0.0

    @property
    def term(self) -> Term:
        """The label in both languages (rendered at the edge, :func:`geo.i18n.term`)."""
        return Term(zh=self.zh, en=self.en)


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "youth",
        "青年人口（14-35岁）",
        "Youth (14-35)",
        "persons",
        "benefit",
        "community column youth; else population × county census share aged 14-35",
        0.20,
    ),
    Indicator(
        "youth_share", "青年占比", "Youth share", "0-1", "benefit", "youth / population", 0.10
    ),
    Indicator(
        "children",
        "儿童（6-14岁）",
        "Children (6-14)",
        "persons",
        "benefit",
        "community column children; else population × county census share aged 6-14",
        0.15,
    ),
    Indicator(
        "elderly",
        "老年人口（65岁以上）",
        "Elderly (65+)",
        "persons",
        "benefit",
        "community column elderly; else population × county census share 65+",
        0.10,
    ),
    Indicator(
        "elderly_alone_share",
        "独居老人户占比",
        "One-person 65+ household share",
        "0-1",
        "benefit",
        "community column; else county census HHLD_65_1",
        0.05,
    ),
    Indicator(
        "population",
        "常住人口",
        "Population",
        "persons",
        "benefit",
        "community column population",
        0.05,
    ),
    Indicator(
        "home_distance_m",
        "距最近青年之家（米）",
        "Distance to nearest Youth Home (m)",
        "m",
        "cost",
        "great-circle distance; 0 when the community hosts a Youth Home",
        0.10,
    ),
    Indicator(
        "campuses_within",
        "周边高校校区数",
        "Campuses within radius",
        "count",
        "benefit",
        "campuses within the campus radius (default 5 km)",
        0.05,
    ),
    Indicator(
        "campus_distance_m",
        "距最近高校（米）",
        "Distance to nearest campus (m)",
        "m",
        "cost",
        "great-circle distance to the nearest campus",
        0.05,
    ),
    Indicator(
        "units_within",
        "周边驻区单位数",
        "Resident units within radius",
        "count",
        "benefit",
        "resident units within the unit radius (default 1 km)",
        0.05,
    ),
    *(
        Indicator(
            f"units_{k}",
            f"周边驻区单位·{t}",
            f"Resident units: {_UNIT_TYPE_EN[k]}",
            "count",
            "benefit",
            f"resident units of type {t} within the unit radius",
            0.0,
        )
        for t, k in UNIT_TYPE_KEYS.items()
    ),
    Indicator(
        "focus_city",
        "省会或副省级城市",
        "Capital or sub-provincial city",
        "0/1",
        "benefit",
        "geo.core.regions.is_focus_city(city_code): the first year's focus",
        0.10,
    ),
)
"""The built-in indicators, in display order."""

BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}

DEFAULT_WEIGHTS: dict[str, float] = {
    i.key: i.default_weight for i in INDICATORS if i.default_weight
}
"""Weights of the default weighted sum (they add up to 1)."""

ESTIMATED_COLUMNS: tuple[str, ...] = ("youth", "children", "elderly", "elderly_alone_share")
"""Community columns the county census can fill in."""

_NOT_INDICATORS = {c.name for c in SCHEMAS["communities"]} | {
    "geometry",
    "score",
    "rank",
    "rank_in_province",
    "quota_unit",
}


def user_indicators(frame: pd.DataFrame) -> list[Indicator]:
    """Numeric columns of an imported communities file that are not built-in indicators.

    Each becomes a benefit indicator with weight 0 (the user can weigh it in).

    Parameters
    ----------
    frame
        A communities layer as read from the user's file.

    Returns
    -------
    list of Indicator
    """
    out = []
    for col in frame.columns:
        name = str(col)
        if name in _NOT_INDICATORS or name in BY_KEY or name.startswith(("estimated_", "contrib_")):
            continue
        values = (
            pd.to_numeric(frame[col], errors="coerce") if frame[col].dtype == object else frame[col]
        )
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        if values.notna().sum() == 0:
            continue
        out.append(Indicator(name, name, name, "", "benefit", "imported column", 0.0))
    return out


def census_shares(census: pd.DataFrame | None) -> pd.DataFrame:
    """County shares used to estimate missing community values.

    Accepts either a processed census frame with ``youth_share``, ``children_share``,
    ``elderly_share`` and ``elderly_alone_share`` columns, or the raw 2020 census bands
    (``AGES_5-9`` … ``AGES_65P``, ``HHLD_65_1``), keyed by ``county_code`` (or ``CODE``).

    Parameters
    ----------
    census
        County-level census table, or ``None``.

    Returns
    -------
    pandas.DataFrame
        Indexed by six-digit ``county_code`` with the four share columns (0–1; NaN when
        the census does not say).
    """
    cols = ["youth_share", "children_share", "elderly_share", "elderly_alone_share"]
    if census is None or len(census) == 0:
        return pd.DataFrame(columns=cols, index=pd.Index([], name="county_code"))
    c = census.copy()
    key = "county_code" if "county_code" in c else "CODE"
    c["county_code"] = c[key].astype(str).str[:6]

    def col(*names: str) -> pd.Series:
        for n in names:
            if n in c:
                return pd.to_numeric(c[n], errors="coerce")
        return pd.Series(np.nan, index=c.index)

    out = pd.DataFrame({"county_code": c["county_code"]})
    youth = col("youth_share")
    if youth.isna().all() and "AGES_15-19" in c:
        # 14–35 from five-year bands: a fifth of 10–14, 15–19 … 30–34, a fifth of 35–39.
        youth = (
            col("AGES_10-14") / 5
            + col("AGES_15-19")
            + col("AGES_20-24")
            + col("AGES_25-29")
            + col("AGES_30-34")
            + col("AGES_35-39") / 5
        )
    children = col("children_share")
    if children.isna().all() and "AGES_5-9" in c:
        children = col("AGES_5-9") * 4 / 5 + col("AGES_10-14")  # ages 6–14
    out["youth_share"] = youth
    out["children_share"] = children
    out["elderly_share"] = col("elderly_share", "AGES_65P")
    out["elderly_alone_share"] = col("elderly_alone_share", "HHLD_65_1")
    return out.drop_duplicates("county_code").set_index("county_code")[cols]


def compute(
    communities: pd.DataFrame,
    youth_homes: pd.DataFrame | None = None,
    campuses: pd.DataFrame | None = None,
    resident_units: pd.DataFrame | None = None,
    census: pd.DataFrame | None = None,
    campus_radius_m: float = CAMPUS_RADIUS_M,
    unit_radius_m: float = UNIT_RADIUS_M,
) -> pd.DataFrame:
    """Add every built-in indicator column to a communities layer.

    Parameters
    ----------
    communities
        Communities layer (``id``, ``lon``/``lat`` in WGS-84, ``population``, optional
        ``youth``, ``children``, ``elderly``, ``elderly_alone_share``, ``county_code``,
        ``city_code``).
    youth_homes, campuses, resident_units
        The other point layers. When one is ``None``, indicator columns the communities
        already carry (e.g. ``home_distance_m`` from a previous run) are kept; otherwise
        its distances and counts are unknown (nan; scoring fills a column it cannot read
        with its median, so an unknown layer ranks no one). An empty layer gives
        :data:`NO_TARGET_DISTANCE_M` and counts 0.
    census
        County census shares (see :func:`census_shares`) to fill missing community values.
    campus_radius_m, unit_radius_m
        Radii in metres for counting campuses and resident units.

    Returns
    -------
    pandas.DataFrame
        A copy of ``communities`` (same rows, same ``id``) with the indicator columns of
        :data:`INDICATORS`, ``estimated_<col>`` flags for census-filled values, and
        ``hosts_home`` (bool).
    """
    out = communities.copy()
    n = len(out)
    xy = lonlat(out) if n else np.zeros((0, 2))
    pop = pd.to_numeric(out.get("population", pd.Series(np.nan, index=out.index)), errors="coerce")
    out["population"] = pop.astype(float)

    shares = census_shares(census)
    county = out.get("county_code", pd.Series("", index=out.index)).astype(str).str[:6]
    share_of = {
        "youth": "youth_share",
        "children": "children_share",
        "elderly": "elderly_share",
        "elderly_alone_share": "elderly_alone_share",
    }
    for col, share_col in share_of.items():
        current = pd.to_numeric(out.get(col, pd.Series(np.nan, index=out.index)), errors="coerce")
        share = county.map(shares[share_col]) if len(shares) else pd.Series(np.nan, index=out.index)
        share = pd.to_numeric(share, errors="coerce")
        estimate = share if col == "elderly_alone_share" else pop * share
        missing = current.isna() & estimate.notna()
        out[col] = current.where(~missing, estimate).astype(float)
        out[f"estimated_{col}"] = missing.to_numpy()

    with np.errstate(divide="ignore", invalid="ignore"):
        out["youth_share"] = np.where(pop > 0, out["youth"] / pop, np.nan)

    # Youth Homes: distance to the nearest, 0 where the community hosts one.
    hosts = np.zeros(n, dtype=bool)
    if youth_homes is not None and len(youth_homes) and n:
        home_d, _ = SphereIndex(lonlat(youth_homes)).nearest_m(xy)
        if "community_id" in youth_homes:
            hosted = youth_homes["community_id"].dropna().astype(str)
            hosts = id_mask(out["id"].astype(str), hosted)  # in Arrow: isin took each id in turn
        home_d = np.where(hosts, 0.0, home_d)
    elif "home_distance_m" in communities.columns:
        home_d = pd.to_numeric(communities["home_distance_m"], errors="coerce").to_numpy(float)
        if "hosts_home" in communities.columns:
            hosts = (
                communities["hosts_home"]
                .astype(str)
                .str.lower()
                .isin(["true", "1", "是"])
                .to_numpy()
            )
    else:
        home_d = np.full(n, np.nan if youth_homes is None else NO_TARGET_DISTANCE_M)
    out["home_distance_m"] = home_d
    out["hosts_home"] = hosts

    if campuses is not None and len(campuses) and n:
        index = SphereIndex(lonlat(campuses))
        out["campus_distance_m"] = index.nearest_m(xy)[0]
        out["campuses_within"] = index.count_within(xy, campus_radius_m)
    else:
        none = campuses is None  # not given: unknown; given and empty: none at all
        for col, default in (
            ("campus_distance_m", np.nan if none else NO_TARGET_DISTANCE_M),
            ("campuses_within", np.nan if none else 0.0),
        ):
            given = col in communities.columns
            out[col] = pd.to_numeric(communities[col], errors="coerce") if given else default

    for col in ("units_within", *(f"units_{k}" for k in UNIT_TYPE_KEYS.values())):
        given = col in communities.columns and resident_units is None
        unknown = np.nan if resident_units is None else 0.0
        out[col] = (
            pd.to_numeric(communities[col], errors="coerce").fillna(0.0) if given else unknown
        )
    if resident_units is not None and len(resident_units) and n:
        uxy = lonlat(resident_units)
        types = resident_units.get("unit_type", pd.Series("", index=resident_units.index))
        types = types.astype(str).to_numpy()
        total = np.zeros(n, dtype=float)
        known = np.isin(types, list(UNIT_TYPE_KEYS))
        groups = [(UNIT_TYPE_KEYS[t], types == t) for t in UNIT_TYPES if t in UNIT_TYPE_KEYS]
        groups.append((None, ~known))  # types outside the table count in the total only
        for key, sel in groups:
            if not sel.any():
                continue
            counts = SphereIndex(uxy[sel]).count_within(xy, unit_radius_m)
            total += counts
            if key is not None:
                out[f"units_{key}"] = counts
        out["units_within"] = total

    city = out.get("city_code", pd.Series("", index=out.index)).astype(str)
    codes = city.unique()
    focus = {c: float(regions.is_focus_city(c)) if c and c != "nan" else 0.0 for c in codes}
    out["focus_city"] = city.map(focus).astype(float)
    return out


def indicator_table(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The indicator documentation as a table (built-in plus the frame's imported columns).

    Parameters
    ----------
    frame
        A communities frame whose extra numeric columns should be listed, or ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``key, label, unit, direction, source, default_weight``; ``label`` is a
        :class:`geo.core.errors.Term` (render with :func:`geo.i18n.render_terms`).
    """
    items = list(INDICATORS) + (user_indicators(frame) if frame is not None else [])
    return pd.DataFrame(
        [
            {
                "key": i.key,
                "label": i.term,
                "unit": i.unit,
                "direction": i.direction,
                "source": i.source,
                "default_weight": i.default_weight,
            }
            for i in items
        ]
    )


def lookup(key: str, frame: pd.DataFrame | None = None) -> Indicator:
    """The indicator named ``key`` (built-in, or an imported numeric column of ``frame``)."""
    if key in BY_KEY:
        return BY_KEY[key]
    if frame is not None:
        for ind in user_indicators(frame):
            if ind.key == key:
                return ind
    raise KeyError(key)


_LISTED = re.compile(r"\s*(?:,|，|、)\s*")
"""How a list of indicators is joined: commas (keys, English names) or 、 (Chinese names)."""


def keys_named(text: str) -> list[str]:
    """The keys of the indicators ``text`` lists, in its order.

    ``text`` is what a list or a saved plan gives for a community's top-contributing
    indicators: keys joined by commas (``youth,focus_city``, as the store keeps them) or the
    indicators' names in either language (``青年人口（14-35岁）、省会或副省级城市``,
    ``Youth (14-35), Capital or sub-provincial city``, as a list for people writes them).
    A name no built-in indicator has is kept as written (one of the user's own columns).
    """
    names = {i18n.text(ind.term, code): ind.key for ind in INDICATORS for code in i18n.LANGS}
    items = [item for item in _LISTED.split(str(text).strip()) if item]
    return [names.get(item, item) for item in items]
