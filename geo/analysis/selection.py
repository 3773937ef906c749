"""Choosing the pilot list: top-scored communities per quota unit under constraints.

The automatic pick walks all candidates once in descending score (ties by ``id``) and
takes a community when

* its quota unit (province or XPCC) still has seats,
* it is not excluded,
* its county has fewer than ``max_per_county`` chosen,
* no chosen community lies within ``min_spacing_m`` metres (a k-d tree radius query on
  the sphere blocks the neighbours of every community as it is chosen),
* a campus lies within ``campus_within_m`` metres (when set),
* it hosts a Youth Home or has one within ``home_within_m`` metres (when
  ``home_rule="require"``; with ``"flag"`` it is kept and flagged as needing a new one).

Locked communities are placed first and always kept, even when they break a constraint
(the result lists every such breach); they count against their unit's quota and county
limit, and the automatic pick re-fills around them. Excluded communities are never
chosen. Every manual change (lock or exclude) needs a reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from geo.analysis.scoring import score_order
from geo.core import distance
from geo.core._validation import Integral, Interval, Options, Real, Spec, check_all
from geo.core.errors import InputError, Problem
from geo.core.layers import lonlat
from geo.core.params import SELECTION_DEFAULT_HOME_WITHIN_M as DEFAULT_HOME_WITHIN_M
from geo.core.params import SELECTION_HOME_RULES as HOME_RULES

HomeRule = Literal["ignore", "require", "flag"]


def _metres(key: str = "selection.problem.distance") -> Interval:
    return Interval(Real, 0, None, key=key, type_key=key, column="constraints")


CONSTRAINT_PARAMS: dict[str, Spec] = {
    "max_per_county": [
        None,
        Interval(
            Integral,
            1,
            None,
            key="selection.problem.max_per_county",
            type_key="selection.problem.max_per_county",
            column="constraints",
        ),
    ],
    "min_spacing_m": [None, _metres()],
    "campus_within_m": [None, _metres()],
    "home_within_m": _metres(),
    "home_rule": Options(HOME_RULES, key="selection.problem.home_rule", column="constraints"),
}
"""What the fields of :class:`Constraints` may be (checked when one is made)."""


@dataclass(frozen=True)
class Constraints:
    """Constraints of the automatic pick (``None`` switches one off).

    Attributes
    ----------
    max_per_county
        At most this many chosen communities per county (``county_code``).
    min_spacing_m
        At least this many metres between two chosen communities.
    campus_within_m
        A university campus within this many metres (needs ``campus_distance_m``).
    home_rule
        ``"ignore"``, ``"require"`` (host or be within ``home_within_m`` of a Youth
        Home) or ``"flag"`` (allowed, but flagged as needing a new Youth Home).
    home_within_m
        Distance that counts as near a Youth Home.
    """

    max_per_county: int | None = None
    min_spacing_m: float | None = None
    campus_within_m: float | None = None
    home_rule: HomeRule = "ignore"
    home_within_m: float = DEFAULT_HOME_WITHIN_M

    def __post_init__(self) -> None:
        check_all(self.__dict__, CONSTRAINT_PARAMS)


@dataclass(frozen=True)
class ManualChange:
    """A lock or an exclusion made by hand, with its reason (required)."""

    id: str
    action: Literal["lock", "exclude"]
    reason: str

    def __post_init__(self) -> None:
        if self.action not in ("lock", "exclude"):
            raise InputError.single(
                "selection.problem.action", column="action", value=repr(self.action)
            )
        if not str(self.reason or "").strip():
            raise InputError.single(
                "selection.problem.reason_required", column="reason", code="missing", id=self.id
            )


@dataclass(frozen=True)
class SelectionResult:
    """The chosen list and what happened on the way.

    Attributes
    ----------
    chosen
        One row per chosen community: the candidate's columns plus ``locked`` (bool),
        ``rank_in_unit`` (1-based order of choice by score within its unit),
        ``needs_new_home`` (bool) and ``violations`` (text; only locks can have any).
    quotas
        ``unit, quota, chosen, locked, shortfall, over`` per quota unit.
    violations
        One row per constraint a lock breaks: ``id, constraint, detail``.
    unknown_ids
        Lock or exclude ids that are not candidates.
    """

    chosen: pd.DataFrame
    quotas: pd.DataFrame
    violations: pd.DataFrame
    unknown_ids: tuple[str, ...] = field(default=())

    @property
    def ids(self) -> list[str]:
        """Chosen ids in order of choice."""
        return self.chosen["id"].astype(str).tolist()


def _eligible(
    c: pd.DataFrame, cons: Constraints
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n = len(c)
    campus_ok = np.ones(n, dtype=bool)
    if cons.campus_within_m is not None:
        if "campus_distance_m" not in c.columns:
            raise InputError.single(
                "selection.problem.campus_distances", column="campus_distance_m"
            )
        d = pd.to_numeric(c["campus_distance_m"], errors="coerce").to_numpy(float)
        campus_ok = distance.within_radius(np.nan_to_num(d, nan=np.inf), cons.campus_within_m)
    near_home = np.ones(n, dtype=bool)
    if cons.home_rule != "ignore" or "home_distance_m" in c.columns:
        if "home_distance_m" in c.columns:
            d = pd.to_numeric(c["home_distance_m"], errors="coerce").to_numpy(float)
            near_home = distance.within_radius(np.nan_to_num(d, nan=np.inf), cons.home_within_m)
        elif cons.home_rule != "ignore":
            raise InputError.single("selection.problem.home_distances", column="home_distance_m")
    home_ok = near_home if cons.home_rule == "require" else np.ones(n, dtype=bool)
    return campus_ok, home_ok, near_home, campus_ok & home_ok


def select(
    candidates: pd.DataFrame,
    quotas: Mapping[str, int],
    constraints: Constraints | None = None,
    locks: Iterable[str] = (),
    excludes: Iterable[str] = (),
    unit_column: str = "quota_unit",
) -> SelectionResult:
    """Pick the top-scored communities of every quota unit within its quota.

    Parameters
    ----------
    candidates
        Communities with ``id``, ``lon``/``lat``, ``score``, ``unit_column`` and, for the
        constraints, ``county_code``, ``campus_distance_m`` and ``home_distance_m``.
    quotas
        Quota unit to number of communities.
    constraints
        :class:`Constraints` (default: none).
    locks
        Ids always chosen (placed first, even when they break a constraint).
    excludes
        Ids never chosen (an id both locked and excluded is an error).
    unit_column
        Column naming each community's quota unit.

    Returns
    -------
    SelectionResult

    Raises
    ------
    InputError
        Missing columns, an id both locked and excluded, bad constraints.
    """
    cons = constraints or Constraints()
    need = ["id", "lon", "lat", "score", unit_column]
    if cons.max_per_county is not None:
        need.append("county_code")
    missing = [c for c in need if c not in candidates.columns]
    if missing:
        raise InputError(
            [
                Problem("selection.problem.missing_column", column=m, params={"column": m})
                for m in missing
            ]
        )
    c = candidates.reset_index(drop=True)
    ids = c["id"].astype(str).to_numpy()
    lock_set, excl_set = {str(i) for i in locks}, {str(i) for i in excludes}
    both = sorted(lock_set & excl_set)
    if both:
        raise InputError(
            [
                Problem("selection.problem.locked_and_excluded", column="id", params={"id": i})
                for i in both
            ]
        )
    known = set(ids)
    unknown = tuple(sorted((lock_set | excl_set) - known))
    n = len(c)
    units = c[unit_column].astype(str).to_numpy()
    remaining = {str(k): int(v) for k, v in quotas.items()}
    county = (
        c["county_code"].astype(str).to_numpy() if "county_code" in c.columns else np.full(n, "")
    )
    per_county: dict[str, int] = {}
    xy = lonlat(c)
    campus_ok, home_ok, near_home, ok = _eligible(c, cons)
    score = pd.to_numeric(c["score"], errors="coerce").fillna(-np.inf).to_numpy(float)
    order = score_order(score, ids)
    id_series = pd.Series(ids)
    is_lock = id_series.isin(lock_set).to_numpy()
    is_excl = id_series.isin(excl_set).to_numpy()
    spacing = cons.min_spacing_m or 0
    tree = distance.SphereIndex(xy) if spacing > 0 and n else None
    blocked = np.zeros(n, dtype=bool)
    chosen: list[int] = []
    violations: list[dict] = []

    def take(i: int) -> None:
        chosen.append(i)
        remaining[units[i]] = remaining.get(units[i], 0) - 1
        per_county[county[i]] = per_county.get(county[i], 0) + 1
        if tree is not None:
            blocked[tree.within(xy[i], spacing)] = True

    for i in (
        int(j) for j in order[is_lock[order]]
    ):  # report breaches against the locks placed before
        if cons.max_per_county is not None and per_county.get(county[i], 0) >= cons.max_per_county:
            violations.append(
                {
                    "id": ids[i],
                    "constraint": "max_per_county",
                    "detail": f"county {county[i]} already has {per_county[county[i]]}",
                }
            )
        if blocked[i]:
            violations.append(
                {
                    "id": ids[i],
                    "constraint": "min_spacing_m",
                    "detail": f"closer than {spacing:g} m to another chosen community",
                }
            )
        if not campus_ok[i]:
            violations.append(
                {
                    "id": ids[i],
                    "constraint": "campus_within_m",
                    "detail": f"no campus within {cons.campus_within_m:g} m",
                }
            )
        if not home_ok[i]:
            violations.append(
                {
                    "id": ids[i],
                    "constraint": "home_rule",
                    "detail": f"no Youth Home within {cons.home_within_m:g} m",
                }
            )
        if remaining.get(units[i], 0) <= 0:
            violations.append(
                {
                    "id": ids[i],
                    "constraint": "quota",
                    "detail": f"unit {units[i]} is over its quota",
                }
            )
        take(i)
    cap = cons.max_per_county
    if any(v > 0 for v in remaining.values()):
        open_units = {u for u, v in remaining.items() if v > 0}
        candidate = ok & ~is_lock & ~is_excl & pd.Series(units).isin(open_units).to_numpy()
        for i in order[candidate[order]]:
            u = units[i]
            if remaining[u] <= 0 or blocked[i]:
                continue
            if cap is not None and per_county.get(county[i], 0) >= cap:
                continue
            take(int(i))
            if remaining[u] == 0:
                open_units.discard(u)
                if not open_units:
                    break
    idx = np.array(chosen, dtype=np.intp)
    out = c.iloc[idx].copy()
    out["locked"] = is_lock[idx]
    out["needs_new_home"] = ~near_home[idx]
    v = pd.DataFrame(violations, columns=["id", "constraint", "detail"])
    vtext = v.groupby("id")["constraint"].agg(", ".join) if len(v) else pd.Series(dtype=str)
    vmap = vtext.to_dict()
    out["violations"] = [vmap.get(i, "") for i in out["id"].astype(str)]
    out = out.sort_values(["score", "id"], ascending=[False, True], kind="mergesort")
    out["rank_in_unit"] = out.groupby(unit_column).cumcount() + 1
    counts = out.groupby(unit_column).size()
    locked_counts = out[out["locked"]].groupby(unit_column).size()
    q = pd.DataFrame({"unit": list(quotas)})
    q["quota"] = q["unit"].map({str(k): int(v) for k, v in quotas.items()}).astype(int)
    q["chosen"] = q["unit"].map(counts).fillna(0).astype(int)
    q["locked"] = q["unit"].map(locked_counts).fillna(0).astype(int)
    q["shortfall"] = (q["quota"] - q["chosen"]).clip(lower=0)
    q["over"] = (q["chosen"] - q["quota"]).clip(lower=0)
    return SelectionResult(
        chosen=out.reset_index(drop=True), quotas=q, violations=v, unknown_ids=unknown
    )


def check(chosen: pd.DataFrame, constraints: Constraints) -> pd.DataFrame:
    """Every constraint the chosen list breaks (an independent check of a list).

    Parameters
    ----------
    chosen
        Chosen communities (``id``, ``lon``/``lat``, ``county_code``, distances).
    constraints
        The constraints to check.

    Returns
    -------
    pandas.DataFrame
        ``id, constraint, detail``; empty when the list keeps every constraint.
    """
    rows = []
    cons = constraints
    if cons.max_per_county is not None and "county_code" in chosen:
        counts = chosen["county_code"].astype(str).value_counts()
        for code, k in counts[counts > cons.max_per_county].items():
            rows.append(
                {"id": "", "constraint": "max_per_county", "detail": f"county {code} has {k}"}
            )
    if cons.min_spacing_m and len(chosen) > 1:
        qi, ti, di = distance.pairs_within(lonlat(chosen), lonlat(chosen), cons.min_spacing_m)
        ids = chosen["id"].astype(str).to_numpy()
        for a, b, d in zip(qi, ti, di, strict=True):
            if a < b:
                rows.append(
                    {
                        "id": ids[a],
                        "constraint": "min_spacing_m",
                        "detail": f"{d:.0f} m from {ids[b]}",
                    }
                )
    if cons.campus_within_m is not None and "campus_distance_m" in chosen:
        far = chosen[chosen["campus_distance_m"] > cons.campus_within_m]
        rows += [
            {"id": i, "constraint": "campus_within_m", "detail": ""} for i in far["id"].astype(str)
        ]
    if cons.home_rule == "require" and "home_distance_m" in chosen:
        far = chosen[chosen["home_distance_m"] > cons.home_within_m]
        rows += [{"id": i, "constraint": "home_rule", "detail": ""} for i in far["id"].astype(str)]
    return pd.DataFrame(rows, columns=["id", "constraint", "detail"])


def diff(
    automatic: Iterable[str], final: Iterable[str], changes: Iterable[ManualChange] = ()
) -> pd.DataFrame:
    """The final list against the automatic recommendation.

    Parameters
    ----------
    automatic
        Ids of the automatic pick (no locks, no excludes).
    final
        Ids of the list after manual changes.
    changes
        The manual changes, whose reasons are attached to the ids they name.

    Returns
    -------
    pandas.DataFrame
        ``id, change`` (``"added"`` or ``"removed"``), ``action`` (``lock``/``exclude``/
        ``""`` when the id moved as a knock-on effect) and ``reason``.
    """
    a, f = [str(i) for i in automatic], [str(i) for i in final]
    sa, sf = set(a), set(f)
    by_id = {c.id: c for c in changes}
    rows = [{"id": i, "change": "added"} for i in f if i not in sa]
    rows += [{"id": i, "change": "removed"} for i in a if i not in sf]
    out = pd.DataFrame(rows, columns=["id", "change"])
    out["action"] = out["id"].map(lambda i: by_id[i].action if i in by_id else "")
    out["reason"] = out["id"].map(lambda i: by_id[i].reason if i in by_id else "")
    return out


def apply_changes(
    candidates: pd.DataFrame,
    quotas: Mapping[str, int],
    constraints: Constraints | None,
    changes: Iterable[ManualChange],
    unit_column: str = "quota_unit",
) -> tuple[SelectionResult, SelectionResult, pd.DataFrame]:
    """Automatic pick, the pick with the manual changes, and their diff.

    Returns
    -------
    automatic, final, difference
    """
    changes = list(changes)
    auto = select(candidates, quotas, constraints, unit_column=unit_column)
    final = select(
        candidates,
        quotas,
        constraints,
        locks=[c.id for c in changes if c.action == "lock"],
        excludes=[c.id for c in changes if c.action == "exclude"],
        unit_column=unit_column,
    )
    return auto, final, diff(auto.ids, final.ids, changes)


def read_id_list(frame: pd.DataFrame, file: str | None = None) -> list[str]:
    """Ids from a lock or exclude file (their reasons: :func:`read_reasons`).

    Parameters
    ----------
    frame
        A table with an ``id`` column (or ``编号``/``社区编号``) and optionally ``reason``
        (or ``理由``).
    file
        File name for error messages.

    Returns
    -------
    list of str
        The ids, in file order, without duplicates.
    """
    cols = {str(c).strip(): c for c in frame.columns}
    key = next((cols[k] for k in ("id", "ID", "编号", "社区编号") if k in cols), None)
    if key is None:
        raise InputError.single(
            "selection.problem.ids_missing_column", file=file, column="id", code="missing"
        )
    ids = frame[key].astype(str).str.strip()
    blank = ids.eq("") | ids.eq("nan")
    if blank.any():
        row = int(np.flatnonzero(blank.to_numpy())[0]) + 2
        raise InputError.single(
            "selection.problem.empty_id", file=file, row=row, column=str(key), code="missing"
        )
    return list(dict.fromkeys(ids))


def read_reasons(frame: pd.DataFrame) -> dict[str, str]:
    """Id → reason from a lock file's ``reason`` (or ``理由``, ``原因``) column, ``{}`` when it
    has none (the ids as :func:`read_id_list` finds them)."""
    cols = {str(c).strip(): c for c in frame.columns}
    reason = next((cols[k] for k in ("reason", "理由", "原因") if k in cols), None)
    key = next((cols[k] for k in ("id", "ID", "编号", "社区编号") if k in cols), None)
    if reason is None or key is None:
        return {}
    return dict(zip(frame[key].astype(str).str.strip(), frame[reason].astype(str), strict=True))


def unknown_ids(ids: Iterable[str], known: Iterable[str], file: str | None = None) -> list[Problem]:
    """A problem for each of ``ids`` that is not among ``known`` (a lock or an exclusion of a
    community that is not a candidate), naming ``file`` when the ids came from one."""
    known_set = set(map(str, known))
    return [
        Problem("selection.problem.unknown_id", file=file, column="id", params={"id": i})
        for i in map(str, ids)
        if i not in known_set
    ]


def parse_ids(text: str) -> list[str]:
    """Ids typed by hand: separated by commas (ASCII or Chinese), semicolons, spaces or lines."""
    import re

    return list(dict.fromkeys(s for s in re.split(r"[,，;；\s]+", str(text or "")) if s))


FIND_COLUMNS: tuple[str, ...] = ("name", "subdistrict", "district", "city", "id")
"""The columns :func:`find_communities` looks in (those a frame has)."""


def find_communities(
    candidates: pd.DataFrame,
    text: str,
    limit: int = 50,
    columns: Iterable[str] = FIND_COLUMNS,
) -> tuple[pd.DataFrame, int]:
    """The communities of ``candidates`` a committee names by words, not ids.

    Parameters
    ----------
    candidates
        Communities with ``id`` and any of :data:`FIND_COLUMNS` (a scored frame also has
        ``score``).
    text
        Words separated as in :func:`parse_ids` ("锦官驿 第1", "锦江区 锦官驿"): a community
        matches when every word is in its name, street, county, city or id (case aside).
    limit
        Most rows returned.
    columns
        The columns looked in (those ``candidates`` has), :data:`FIND_COLUMNS` by default;
        a page in English adds its counties' English names.

    Returns
    -------
    tuple of pandas.DataFrame and int
        The matches, the highest ``score`` first (in ``candidates``' order without one), at
        most ``limit`` of them; and how many matched in all.
    """
    words = [w.casefold() for w in parse_ids(text)]
    if not words:
        return candidates.iloc[:0], 0
    cols = [c for c in columns if c in candidates]
    hay = candidates[cols[0]].fillna("").astype(str)
    for c in cols[1:]:  # joined by column (a row-wise join took 4.5 s on 110,000 rows)
        hay = hay + " " + candidates[c].fillna("").astype(str)
    hay = hay.str.casefold()
    mask = np.logical_and.reduce([hay.str.contains(w, regex=False).to_numpy() for w in words])
    found = candidates.loc[mask]
    if "score" in found:
        found = found.sort_values("score", ascending=False, kind="stable", na_position="last")
    return found.head(limit), int(mask.sum())


def add_changes(
    changes: Iterable[ManualChange],
    ids: Iterable[str],
    action: str,
    reason: str,
    known: Iterable[str] | None = None,
) -> list[ManualChange]:
    """The list of manual changes with ``ids`` locked or excluded for ``reason``.

    A later change of the same id replaces the earlier one.

    Raises
    ------
    InputError
        No ids, an empty reason, or ids not among ``known``.
    """
    ids = [str(i) for i in ids]
    if not ids:
        raise InputError.single("selection.problem.none_selected", column="id", code="missing")
    if known is not None and (bad := unknown_ids(ids, known)):
        raise InputError(bad)
    new = [ManualChange(i, action, reason.strip()) for i in ids]  # validates the reason
    out = {c.id: c for c in changes}
    for c in new:
        out.pop(c.id, None)
        out[c.id] = c
    return list(out.values())
