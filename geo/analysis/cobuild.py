"""Co-building with resident units (驻区单位共建).

A chosen community co-builds with the organisations based near it: government offices,
state-owned enterprises, schools, hospitals, companies and social organisations
(:data:`geo.core.layers.UNIT_TYPES`). This module finds, for each community, the resident
units within a radius (great-circle metres, :func:`geo.core.distance.within`), counts them by
type, and condenses that into a co-building table keyed by community id that the filing
table can join.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.core import distance
from geo.core._validation import Interval, Real, validate_params
from geo.core.errors import InputError, Term
from geo.core.layers import UNIT_TYPES, lonlat, point_problems
from geo.i18n import LANGS, has, join, t

DEFAULT_RADIUS_M = 1_000.0
"""Radius within which a resident unit counts as near a community, in metres."""
OTHER_TYPE = "其他"
"""Count column for units whose ``unit_type`` is not one of :data:`UNIT_TYPES`."""
COUNT_COLUMNS: tuple[str, ...] = (*UNIT_TYPES, OTHER_TYPE)
"""Per-type count columns of :func:`counts_by_type` and :func:`cobuild_table`."""
LISTED_PER_TYPE = 3
"""Units named per type in the co-building table's ``units`` text."""

UNIT_COLUMNS: tuple[str, ...] = ("community_id", "unit_id", "unit_name", "unit_type", "distance_m")


RADIUS = Interval(
    Real,
    0,
    None,
    closed="neither",
    key="cobuild.problem.radius",
    type_key="cobuild.problem.radius",
    column="radius",
)
"""A co-building radius: metres above 0."""


def _check(frame: pd.DataFrame, label: str) -> None:
    problems = point_problems(frame, Term(key=f"cobuild.what.{label}"))
    if problems:
        raise InputError(problems)


@validate_params(radius_m=RADIUS)
def units_within(
    communities: pd.DataFrame, units: pd.DataFrame, radius_m: float = DEFAULT_RADIUS_M
) -> pd.DataFrame:
    """Every resident unit within ``radius_m`` of every community, nearest first.

    Parameters
    ----------
    communities
        Community layer (``id``, ``lon``, ``lat`` in WGS-84).
    units
        Resident-unit layer (``id``, ``name``, ``unit_type``, ``lon``, ``lat``).
    radius_m
        Search radius in metres.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`UNIT_COLUMNS`, one row per (community, unit) pair, sorted by
        community (in the input's order) and distance.
    """
    _check(communities, "communities")
    _check(units, "resident_units")
    if len(communities) == 0 or len(units) == 0:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c == "distance_m" else object) for c in UNIT_COLUMNS}
        )
    qi, ti, dist = distance.pairs_within(lonlat(communities), lonlat(units), radius_m)
    order = np.lexsort((dist, qi))
    qi, ti, dist = qi[order], ti[order], dist[order]

    def text(col: str) -> np.ndarray:  # the pairs' rows only (not the whole layer's)
        if col not in units.columns:
            return np.full(len(ti), "", dtype=object)
        return units[col].iloc[ti].fillna("").astype(str).to_numpy(dtype=object)

    return pd.DataFrame(
        {
            "community_id": communities["id"].astype(str).to_numpy()[qi],
            "unit_id": text("id"),
            "unit_name": text("name"),
            "unit_type": text("unit_type"),
            "distance_m": np.round(dist, 1),
        },
        columns=list(UNIT_COLUMNS),
    )


def counts_by_type(near: pd.DataFrame, community_ids: pd.Series | list[str]) -> pd.DataFrame:
    """Units near each community counted by type.

    Parameters
    ----------
    near
        Output of :func:`units_within`.
    community_ids
        Every community to report, including those with no unit nearby (order kept).

    Returns
    -------
    pandas.DataFrame
        Index ``community_id``; one integer column per :data:`COUNT_COLUMNS` and ``total``.
    """
    ids = pd.Index(pd.Series(community_ids, dtype=object).astype(str), name="community_id")
    kinds = near["unit_type"].where(near["unit_type"].isin(UNIT_TYPES), OTHER_TYPE)
    kind_code = pd.Categorical(kinds, categories=list(COUNT_COLUMNS)).codes.astype(np.int64)
    row = ids.get_indexer(near["community_id"].astype(str))
    ok = row >= 0
    flat = np.bincount(
        row[ok] * len(COUNT_COLUMNS) + kind_code[ok], minlength=len(ids) * len(COUNT_COLUMNS)
    )
    table = pd.DataFrame(
        flat.reshape(len(ids), len(COUNT_COLUMNS)).astype(np.int64),
        index=ids,
        columns=list(COUNT_COLUMNS),
    )
    table["total"] = table.sum(axis=1)
    table.columns.name = None
    return table


def _type_spellings(kind: str) -> tuple[str, ...]:
    """A unit type's words in each language (Chinese first); a type the catalogue does not
    know (a user's own, such as 青年协会) is its own word in both."""
    key = f"cobuild.type.{kind}"
    return tuple(t(key, lang) for lang in LANGS) if has(key) else (kind,) * len(LANGS)


def _listing(kinds: dict[str, list[tuple[str, float]]]) -> Term:
    """The units named per type with their distances as a :class:`Term`: "机关：区政府（320 米）、
    街道办（450 米）；医院：…" in Chinese (full-width brackets, as the catalogue's text; it read
    区政府(320 m)), "Government bodies: 区政府 (320 m), 街道办 (450 m); Hospitals: …" in English
    (the names are the data's)."""
    parts = [(_type_spellings(kind), units) for kind, units in kinds.items()]
    zh = join(
        (f"{w[0]}：{join([f'{n}（{d:.0f} 米）' for n, d in u], 'zh')}" for w, u in parts),
        "zh",
        clauses=True,
    )
    en = join(
        (f"{w[1]}: {join([f'{n} ({d:.0f} m)' for n, d in u], 'en')}" for w, u in parts),
        "en",
        clauses=True,
    )
    return Term(zh=zh, en=en)


@validate_params(radius_m=RADIUS)
def cobuild_table(
    communities: pd.DataFrame, units: pd.DataFrame, radius_m: float = DEFAULT_RADIUS_M
) -> pd.DataFrame:
    """The co-building table: per community, nearby units by type and the nearest ones named.

    Parameters
    ----------
    communities
        Community layer (``id``, ``lon``, ``lat``, optionally ``name``).
    units
        Resident-unit layer.
    radius_m
        Search radius in metres.

    Returns
    -------
    pandas.DataFrame
        One row per community, keyed by ``community_id`` (a column, the input's order):
        ``community_name``, one count column per :data:`COUNT_COLUMNS`, ``total``,
        ``nearest_unit``, ``nearest_unit_type``, ``nearest_unit_m`` (empty / NaN when no
        unit is in range) and ``units``: up to :data:`LISTED_PER_TYPE` nearest units per
        type, a :class:`geo.core.errors.Term` (``"机关：区政府（320 米）、街道办（450 米）；医院：…"``
        in Chinese, ``"Government bodies: 区政府 (320 m), …"`` in English) that the edge
        renders with :func:`geo.i18n.render_terms`, or ``""`` when no unit is in range.
    """
    near = units_within(communities, units, radius_m)
    ids = communities["id"].astype(str)
    counts = counts_by_type(near, ids)
    first = near.drop_duplicates("community_id").set_index("community_id")
    listed = near[
        near.groupby(["community_id", "unit_type"]).cumcount().to_numpy() < LISTED_PER_TYPE
    ]
    items: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for cid, kind, name, dist in zip(
        listed["community_id"].to_numpy(dtype=object),
        listed["unit_type"].to_numpy(dtype=object),
        listed["unit_name"].to_numpy(dtype=object),
        listed["distance_m"].to_numpy(dtype=float),
        strict=True,
    ):
        items.setdefault(cid, {}).setdefault(kind, []).append((str(name), dist))
    text = {cid: _listing(kinds) for cid, kinds in items.items()}
    names = (
        communities["name"].fillna("").astype(str)
        if "name" in communities
        else pd.Series("", index=communities.index)
    )
    out = pd.DataFrame({"community_id": ids.to_numpy(), "community_name": names.to_numpy()})
    out = out.join(counts, on="community_id")
    out["nearest_unit"] = out["community_id"].map(first["unit_name"]).fillna("")
    out["nearest_unit_type"] = out["community_id"].map(first["unit_type"]).fillna("")
    out["nearest_unit_m"] = out["community_id"].map(first["distance_m"]).astype(float)
    out["units"] = out["community_id"].map(text).fillna("")
    return out.reset_index(drop=True)
