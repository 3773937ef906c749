"""Read-side views of a plan: status board, exit list, filing table, evaluation summary and
a community's history from the audit log.

Frames use internal column names and codes; :mod:`geo.export.reports` names units, renames
columns to the headers of the ``management`` catalogue and writes the workbooks, in the
reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from geo.plan.lifecycle import EVALUATION_AREAS, STATUSES
from geo.store import plans
from geo.store.db import Store
from geo.store.models import AUDIT, EVALUATIONS

_HIDDEN = frozenset({"version", "updated_at", "updated_by", "id", "plan_id", "password_hash"})


BOARD_KEYS: dict[str, str] = {
    "unit": "quota_unit",
    "region": "region",
    "city": "city_code",
    "county": "county_code",
}
"""What a status board can count by → the plan communities' column it groups on."""


def status_board(store: Store, plan_id: int, by: str = "unit") -> pd.DataFrame:
    """Counts of communities per status, by quota unit (province/XPCC), region, city or
    county.

    Parameters
    ----------
    by
        A key of :data:`BOARD_KEYS`: ``"unit"`` (one row per province and the XPCC),
        ``"region"``, ``"city"`` or ``"county"`` (a province's committee follows its own).

    Returns
    -------
    pandas.DataFrame
        Index named ``by`` (a quota unit's, city's or county's code, or the region); one
        column per status in lifecycle order and ``total``
        (:func:`geo.export.reports.status_board` adds the names in the reader's language).
    """
    comm = plans.communities(store, plan_id)
    table = (
        comm.groupby([BOARD_KEYS[by], "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    table.index.name = by
    return table.astype(int)


def exit_list(store: Store, plan_id: int) -> pd.DataFrame:
    """Exited communities: id, name, unit, county, reason, who and when."""
    comm = plans.communities(store, plan_id)
    out = comm.loc[comm["status"] == "exited"]
    return out[
        ["community_id", "name", "quota_unit", "county_code", "reason", "updated_by", "updated_at"]
    ].reset_index(drop=True)


def filing_table(store: Store, plan_id: int) -> pd.DataFrame:
    """The national filing table: every recommended-or-later community with its unit's filing.

    Returns
    -------
    pandas.DataFrame
        ``region, quota_unit, community_id, name, county_code, score, rank, status,
        filing_state, submitted_by, submitted_at, decided_by, decided_at``
        (:func:`geo.export.reports.filing_table` adds ``unit_name`` in the reader's
        language).
    """
    comm = plans.communities(store, plan_id)
    comm = comm.loc[comm["status"] != "candidate"]
    fil = plans.filings(store, plan_id).set_index("unit")
    out = comm.assign(
        filing_state=comm["quota_unit"].map(fil["state"]),
        submitted_by=comm["quota_unit"].map(fil["submitted_by"]),
        submitted_at=comm["quota_unit"].map(fil["submitted_at"]),
        decided_by=comm["quota_unit"].map(fil["decided_by"]),
        decided_at=comm["quota_unit"].map(fil["decided_at"]),
    )
    cols = [
        "region",
        "quota_unit",
        "community_id",
        "name",
        "county_code",
        "score",
        "rank",
        "status",
        "filing_state",
        "submitted_by",
        "submitted_at",
        "decided_by",
        "decided_at",
    ]
    return out[cols].sort_values(["quota_unit", "rank", "community_id"]).reset_index(drop=True)


def evaluations(store: Store, plan_id: int) -> pd.DataFrame:
    """Every evaluation of the plan joined with its community's name, unit and status."""
    with store.read() as conn:
        rows = conn.execute(select(EVALUATIONS).where(EVALUATIONS.c.plan_id == int(plan_id))).all()
    ev = pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in EVALUATIONS.c])
    comm = plans.communities(store, plan_id)[
        ["community_id", "name", "quota_unit", "county_code", "status"]
    ]
    return comm.merge(ev.drop(columns=["id", "plan_id"]), on="community_id", how="inner")


def evaluation_summary(store: Store, plan_id: int) -> pd.DataFrame:
    """Per quota unit (its code, ``unit``): evaluated count, mean of each task area and of
    the total, continued and exited counts (:func:`geo.export.reports.evaluation_summary`
    adds the units' names)."""
    ev = evaluations(store, plan_id)
    if ev.empty:
        return pd.DataFrame(
            columns=["unit", "evaluated", *EVALUATION_AREAS, "total", "continued", "exited"]
        )
    grouped = ev.groupby("quota_unit")
    out = grouped[[*EVALUATION_AREAS, "total"]].mean().round(2)
    out.insert(0, "evaluated", grouped.size())
    out["continued"] = grouped["status"].apply(lambda s: int((s == "continued").sum()))
    out["exited"] = grouped["status"].apply(lambda s: int((s == "exited").sum()))
    out.index.name = "unit"
    return out.reset_index()


def audit_log(
    store: Store, plan_id: int | None = None, community_id: str | None = None
) -> pd.DataFrame:
    """Audit entries (oldest first), optionally for one plan and one community."""
    query = select(AUDIT).order_by(AUDIT.c.id)
    if plan_id is not None:
        query = query.where(AUDIT.c.plan_id == int(plan_id))
    if community_id is not None:
        query = query.where(AUDIT.c.community_id == str(community_id))
    with store.read() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=[c.name for c in AUDIT.c])


def _plain_value(_column: str, value: object) -> str:
    return str(value)


def _assign(column: str, value: str) -> str:
    return f"{column}={value}"


def _change(column: str, before: str, after: str) -> str:
    return f"{column}: {before} → {after}"


@dataclass(frozen=True)
class Wording:
    """How :func:`history` writes what an audit entry changed. By default the internal
    names (``status: launched → exited``, ``name=…; status=candidate``);
    :mod:`geo.export.reports` gives the reader's language.

    Attributes
    ----------
    column, value
        A changed column's name, and one of its values, as written.
    assign
        One value of a new row: ``(column, value) -> text``.
    change
        One changed value: ``(column, before, after) -> text``.
    join
        The parts of one entry as one text.
    """

    column: Callable[[str], str] = str
    value: Callable[[str, object], str] = _plain_value
    assign: Callable[[str, str], str] = _assign
    change: Callable[[str, str, str], str] = _change
    join: Callable[[Iterable[str]], str] = "; ".join


def _diff(before: Mapping | None, after: Mapping | None, words: Wording) -> list[str]:
    """What an audit entry changed, one part per column: each changed value, or for a new
    row its name, status and the like."""
    before, after = before or {}, after or {}
    if not before:
        return [
            words.assign(words.column(k), words.value(k, v))
            for k, v in after.items()
            if k not in _HIDDEN
            and k in ("status", "name", "total", "expert", "record_kind", "added")
        ]
    return [
        words.change(words.column(k), words.value(k, before.get(k)), words.value(k, after.get(k)))
        for k in after
        if k not in _HIDDEN and before.get(k) != after.get(k)
    ]


def history(
    store: Store,
    plan_id: int,
    community_id: str,
    words: Wording = Wording(),
) -> pd.DataFrame:
    """A community's history in a plan: when, who, action, reason, what changed.

    Parameters
    ----------
    words
        How what changed is written (:class:`Wording`; by default the internal names). The
        records of the year are named by their kind (``record_kind=activities; added=130``
        for an import, the kind and the fields changed for a correction).
    """
    log = audit_log(store, plan_id, community_id)
    changes = []
    for action, entity, before, after in zip(
        log["action"], log["entity"], log["before"], log["after"], strict=True
    ):
        if action == "record_add":  # which kind of record, and how many
            kind = str(entity).removeprefix("record_")
            parts = _diff(None, {"record_kind": kind, "added": (after or {}).get("added")}, words)
        elif action == "record_update":  # which kind, and the fields changed
            kind = str(entity).removeprefix("record_")
            parts = _diff(None, {"record_kind": kind}, words) + _diff(before, after, words)
        else:
            parts = _diff(before, after, words)
        changes.append(words.join(parts))
    return pd.DataFrame(
        {
            "at": log["at"],
            "user_name": log["user_name"],
            "action": log["action"],
            "reason": log["reason"],
            "changes": changes,
        }
    )
