"""Read-side views of a plan: status board, exit list, filing table, evaluation summary,
a community's history from the audit log, and XLSX export.

Frames use internal column names; :func:`localize` turns them into the headers of the
``management`` string catalogue for pages and exports.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import select

from geo import i18n, localtime, regions
from geo.export import cells
from geo.lifecycle import EVALUATION_AREAS, STATUSES
from geo.store import plans
from geo.store.db import Store
from geo.store.models import AUDIT, EVALUATIONS

_HIDDEN = frozenset({"version", "updated_at", "updated_by", "id", "plan_id", "password_hash"})


def unit_name(unit: str, lang: str = "zh") -> str:
    """Display name of a quota unit: the province, or the XPCC."""
    if unit == regions.XPCC_KEY:
        return regions.XPCC_NAME_ZH if lang == "zh" else regions.XPCC_NAME_EN
    try:
        p = regions.province(unit)
    except KeyError:
        return unit
    return p.name if lang == "zh" else p.name_en


def status_board(store: Store, plan_id: int, by: str = "unit", lang: str = "zh") -> pd.DataFrame:
    """Counts of communities per status, by quota unit (province/XPCC) or by region.

    Parameters
    ----------
    by
        ``"unit"`` (one row per province and the XPCC) or ``"region"``.

    Returns
    -------
    pandas.DataFrame
        Index ``unit`` (with a ``name`` column) or ``region``; one column per status in
        lifecycle order and ``total``.
    """
    comm = plans.communities(store, plan_id)
    key = "quota_unit" if by == "unit" else "region"
    table = (
        comm.groupby([key, "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    table["total"] = table.sum(axis=1)
    table.index.name = "unit" if by == "unit" else "region"
    table = table.astype(int)
    if by == "unit":
        table.insert(0, "name", [unit_name(u, lang) for u in table.index])
    return table


def exit_list(store: Store, plan_id: int) -> pd.DataFrame:
    """Exited communities: id, name, unit, county, reason, who and when."""
    comm = plans.communities(store, plan_id)
    out = comm.loc[comm["status"] == "exited"]
    return out[
        ["community_id", "name", "quota_unit", "county_code", "reason", "updated_by", "updated_at"]
    ].reset_index(drop=True)


def filing_table(store: Store, plan_id: int, lang: str = "zh") -> pd.DataFrame:
    """The national filing table: every recommended-or-later community with its unit's filing.

    Returns
    -------
    pandas.DataFrame
        ``region, quota_unit, unit_name, community_id, name, county_code, score, rank,
        status, filing_state, submitted_by, submitted_at, decided_by, decided_at``.
    """
    comm = plans.communities(store, plan_id)
    comm = comm.loc[comm["status"] != "candidate"]
    fil = plans.filings(store, plan_id).set_index("unit")
    out = comm.assign(
        unit_name=[unit_name(u, lang) for u in comm["quota_unit"]],
        filing_state=comm["quota_unit"].map(fil["state"]),
        submitted_by=comm["quota_unit"].map(fil["submitted_by"]),
        submitted_at=comm["quota_unit"].map(fil["submitted_at"]),
        decided_by=comm["quota_unit"].map(fil["decided_by"]),
        decided_at=comm["quota_unit"].map(fil["decided_at"]),
    )
    cols = [
        "region",
        "quota_unit",
        "unit_name",
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


def evaluation_summary(store: Store, plan_id: int, lang: str = "zh") -> pd.DataFrame:
    """Per quota unit: evaluated count, mean of each task area and of the total, continued
    and exited counts."""
    ev = evaluations(store, plan_id)
    if ev.empty:
        return pd.DataFrame(
            columns=["unit", "name", "evaluated", *EVALUATION_AREAS, "total", "continued", "exited"]
        )
    grouped = ev.groupby("quota_unit")
    out = grouped[[*EVALUATION_AREAS, "total"]].mean().round(2)
    out.insert(0, "evaluated", grouped.size())
    out["continued"] = grouped["status"].apply(lambda s: int((s == "continued").sum()))
    out["exited"] = grouped["status"].apply(lambda s: int((s == "exited").sum()))
    out.index.name = "unit"
    out = out.reset_index()
    out.insert(1, "name", [unit_name(u, lang) for u in out["unit"]])
    return out


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


def _diff(before: Mapping | None, after: Mapping | None, lang: str | None = None) -> str:
    """What an audit entry changed: ``column: before → after`` (``column=value`` for a new
    row); with ``lang``, column names and status / filing-state values in words."""

    def name(k: str) -> str:
        key = f"mgmt.col.{k}"
        return i18n.t(key, lang) if lang and i18n.has(key) else k

    def value(k: str, v: object) -> str:
        key = {"status": f"mgmt.status.{v}", "state": f"mgmt.filing.{v}"}.get(k)
        if lang and key and i18n.has(key):
            return i18n.t(key, lang)
        return "—" if lang and v in (None, "") else str(v)

    before, after = before or {}, after or {}
    if not before:
        return "; ".join(
            f"{name(k)}={value(k, v)}"
            for k, v in after.items()
            if k not in _HIDDEN and k in ("status", "name", "total", "expert")
        )
    parts = [
        f"{name(k)}: {value(k, before.get(k))} → {value(k, after.get(k))}"
        for k in after
        if k not in _HIDDEN and before.get(k) != after.get(k)
    ]
    return "; ".join(parts)


def history(store: Store, plan_id: int, community_id: str, lang: str | None = None) -> pd.DataFrame:
    """A community's history in a plan: when, who, action, reason, what changed.

    Parameters
    ----------
    lang
        ``"zh"`` or ``"en"`` to name the changed columns and statuses in words; ``None``
        keeps the internal names (``status: launched → exited``).
    """
    log = audit_log(store, plan_id, community_id)
    return pd.DataFrame(
        {
            "at": log["at"],
            "user_name": log["user_name"],
            "action": log["action"],
            "reason": log["reason"],
            "changes": [
                _diff(b, a, lang) for b, a in zip(log["before"], log["after"], strict=True)
            ],
        }
    )


def localize(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Rename internal columns to catalogue headers (``mgmt.col.<name>``) and translate
    status, filing-state, region and audit-action values. Stored (UTC) times become the
    readers' local time (:mod:`geo.localtime`, Beijing time by default), the zone named in
    their header.

    A status board (:func:`status_board`: one column per status) calls its ``total`` the
    count of all statuses (``mgmt.col.count_total``), not a score total."""
    out = localtime.local_frame(frame)
    if set(STATUSES) <= set(out.columns) and "total" in out.columns:
        out = out.rename(columns={"total": "count_total"})
    out.columns.name = None
    if "action" in out.columns:
        out["action"] = [
            i18n.t(f"mgmt.action.{v}", lang) if i18n.has(f"mgmt.action.{v}") else v
            for v in out["action"]
        ]
    if out.index.name == "region":
        out.index = [i18n.t(f"region.{v}", lang) if isinstance(v, str) else v for v in out.index]
        out.index.name = "region"
    for col in ("status", "filing_state", "state"):
        if col in out.columns:
            prefix = "mgmt.status." if col == "status" else "mgmt.filing."
            out[col] = [
                i18n.t(prefix + str(v), lang) if isinstance(v, str) else v for v in out[col]
            ]
    if "region" in out.columns:
        out["region"] = [
            i18n.t(f"region.{v}", lang) if isinstance(v, str) else v for v in out["region"]
        ]
    names = {}
    for col in out.columns:
        key = f"mgmt.col.{col}" if col not in STATUSES else f"mgmt.status.{col}"
        if i18n.has(key):
            names[col] = i18n.t(key, lang)
            if col in localtime.TIME_COLUMNS:  # local time, the zone named in the header
                names[col] += (
                    f"（{i18n.zone_label(lang)}）"
                    if lang == "zh"
                    else (f" ({i18n.zone_label(lang)})")
                )
    out = out.rename(columns=names)
    if out.index.name:
        key = f"mgmt.col.{out.index.name}"
        if i18n.has(key):
            out.index.name = i18n.t(key, lang)
    return out


def to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame (sheet names cut to 31 characters; text
    written as text, :mod:`geo.export.cells`)."""
    buf = io.BytesIO()
    with cells.excel_writer(buf) as writer:
        for name, frame in sheets.items():
            keep_index = frame.index.name is not None
            cells.write_sheet(writer, frame, str(name)[:31], index=keep_index)
    return buf.getvalue()


def filing_xlsx(store: Store, plan_id: int, lang: str = "zh") -> bytes:
    """The national filing table and the per-unit filing states as an XLSX workbook."""
    fil = plans.filings(store, plan_id)[
        [
            "unit",
            "state",
            "recommended",
            "filed",
            "reason",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
        ]
    ].rename(columns={"state": "filing_state"})
    fil.insert(1, "unit_name", [unit_name(u, lang) for u in fil["unit"]])  # named, not coded
    return to_xlsx(
        {
            i18n.t("mgmt.sheet.filing", lang): localize(filing_table(store, plan_id, lang), lang),
            i18n.t("mgmt.sheet.units", lang): localize(fil, lang),
        }
    )


def evaluation_xlsx(store: Store, plan_id: int, lang: str = "zh") -> bytes:
    """The evaluation summary by unit and every evaluation as an XLSX workbook."""
    return to_xlsx(
        {
            i18n.t("mgmt.sheet.eval_summary", lang): localize(
                evaluation_summary(store, plan_id, lang), lang
            ),
            i18n.t("mgmt.sheet.evaluations", lang): localize(evaluations(store, plan_id), lang),
            i18n.t("mgmt.sheet.exits", lang): localize(exit_list(store, plan_id), lang),
        }
    )
