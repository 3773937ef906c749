"""A plan's read-side views in the reader's language: units named, columns under the
``management`` catalogue's headers, statuses and filing states in words, and the workbooks.

The data come from :mod:`geo.store.reports` (codes and internal column names); this module
is the edge that renders them for the management page and its downloads.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import pandas as pd

from geo import i18n
from geo.core import localtime
from geo.export import labels
from geo.export.labels import indicator_names, place_names, province_name
from geo.export.xlsx import tables_to_xlsx
from geo.plan.lifecycle import EVALUATION_AREAS, STATUSES
from geo.plan.next_cycle import CARRIED_REASON, EXIT_REASONS, KEEP_REASONS, REFILL_REASON
from geo.plan.year_demo import LAUNCH_REASON
from geo.store import plans, reports
from geo.store.db import Store
from geo.store.records import CARRIED_FILE, SIMULATED_FILE


def status_board(store: Store, plan_id: int, by: str = "unit", lang: str = "zh") -> pd.DataFrame:
    """:func:`geo.store.reports.status_board` with the names in ``lang`` first: ``unit_name``
    by unit (the header the plan's other tables give it), ``name`` by city or county."""
    table = reports.status_board(store, plan_id, by)
    if by == "unit":
        table.insert(0, "unit_name", [province_name(u, lang) for u in table.index])
    elif by in ("city", "county"):
        names = place_names(by, lang)
        table.insert(0, "name", [names.get(str(c), str(c)) for c in table.index])
    return table


def filing_table(store: Store, plan_id: int, lang: str = "zh") -> pd.DataFrame:
    """:func:`geo.store.reports.filing_table` with ``unit_name`` (in ``lang``) after
    ``quota_unit``."""
    out = reports.filing_table(store, plan_id)
    out.insert(2, "unit_name", [province_name(u, lang) for u in out["quota_unit"]])
    return out


def exit_list(store: Store, plan_id: int, lang: str = "zh") -> pd.DataFrame:
    """:func:`geo.store.reports.exit_list` with ``unit_name`` (in ``lang``) after
    ``quota_unit``: the exit list named 51 where its readers look for 四川省."""
    out = reports.exit_list(store, plan_id)
    out.insert(3, "unit_name", [province_name(u, lang) for u in out["quota_unit"]])
    return out


def evaluation_summary(store: Store, plan_id: int, lang: str = "zh") -> pd.DataFrame:
    """:func:`geo.store.reports.evaluation_summary` with each unit's ``name`` in ``lang``; its
    areas' scores and total are the evaluated communities' means, named so (``mean_total``:
    平均总分, not 总分, the header of one community's)."""
    out = reports.evaluation_summary(store, plan_id)
    out.insert(1, "name", [province_name(u, lang) for u in out["unit"]])
    return out.rename(columns={c: f"mean_{c}" for c in (*EVALUATION_AREAS, "total")})


def _column_text(column: str, lang: str) -> str:
    for key in (f"mgmt.col.{column}", f"records.field.{column}"):  # a record's own fields
        if i18n.has(key):
            return i18n.t(key, lang)
    return column


def _value_text(column: str, value: object, lang: str) -> str:
    key = {
        "status": f"mgmt.status.{value}",
        "state": f"mgmt.filing.{value}",
        "record_kind": f"records.kind.{value}",
    }.get(column)
    if key and i18n.has(key):
        return i18n.t(key, lang)
    if column == "reason":
        value = reason_text(value, lang)
    if column == "top_indicators" and value:  # codes in the store, named for the reader
        return i18n.join(indicator_names(str(value).split(","), lang), lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 30 hours, as they were typed, not 30.0
    return "—" if value in (None, "") else str(value)


def history(store: Store, plan_id: int, community_id: str, lang: str | None = None) -> pd.DataFrame:
    """A community's history (:func:`geo.store.reports.history`) with the changed columns
    and statuses named in ``lang``; ``None`` keeps the internal names."""
    if lang is None:
        return reports.history(store, plan_id, community_id)
    words = reports.Wording(
        column=partial(_column_text, lang=lang),
        value=partial(_value_text, lang=lang),
        assign=lambda c, v: i18n.t("mgmt.history.assign", lang, column=c, value=v),
        change=lambda c, a, b: i18n.t("mgmt.history.change", lang, column=c, before=a, after=b),
        join=partial(i18n.join, lang=lang, clauses=True),
    )
    out = reports.history(store, plan_id, community_id, words)
    added = out["action"].str.startswith("record_")
    out.loc[added & out["reason"].eq(SIMULATED_FILE), "reason"] = i18n.t(
        "mgmt.reason.simulated_records", lang
    )
    out.loc[added & out["reason"].eq(CARRIED_FILE), "reason"] = i18n.t(
        "mgmt.reason.carried_records", lang
    )
    return out


_REASONS = {
    LAUNCH_REASON: "mgmt.reason.simulated_launch",
    "模拟：青年之家投入使用": "mgmt.reason.simulated_launch",  # as demo databases once stored it
    **{code: f"mgmt.reason.exit_{basis}" for basis, code in EXIT_REASONS.items()},
    **{code: f"mgmt.reason.keep_{rec}" for rec, code in KEEP_REASONS.items()},
    # as databases once stored them
    "年度评估：细则总分低于退出线": "mgmt.reason.exit_rubric",
    "年度评估：专家总分低于退出线": "mgmt.reason.exit_experts",
    "年度评估：实施期内区县未启动": "mgmt.reason.exit_not_launched",
    CARRIED_REASON: "mgmt.reason.carried",
    REFILL_REASON: "mgmt.reason.refill",
    "下一周期补选（按原名额与约束）": "mgmt.reason.refill",  # as next plans once stored it
}
"""Reasons the app saves itself (not typed by a user), by the catalogue key naming them."""


def reason_text(reason: object, lang: str = "zh") -> object:
    """A stored reason as the reader sees it: the app's own reasons (:data:`_REASONS`, such as
    the demo year's launches) named in ``lang``, anything a user typed as it was typed."""
    key = _REASONS.get(reason) if isinstance(reason, str) else None
    return i18n.t(key, lang) if key else reason


def localize(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Rename internal columns to catalogue headers (``mgmt.col.<name>``) and translate
    status, filing-state, region and audit-action values and the app's own reasons
    (:func:`reason_text`). Stored (UTC) times become the readers' local time
    (:mod:`geo.core.localtime`, Beijing time by default), the zone named in their header.

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
    for col in ("reason", "origin"):
        if col in out.columns:
            out[col] = [reason_text(v, lang) for v in out[col]]
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
                names[col] = labels.zone_header(names[col], lang)
    out = out.rename(columns=names)
    if out.index.name:
        key = f"mgmt.col.{out.index.name}"
        if i18n.has(key):
            out.index.name = i18n.t(key, lang)
    return out


def _workbook(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """The sheets as one workbook (:func:`geo.export.xlsx.tables_to_xlsx`, headers as given)."""
    data = tables_to_xlsx(sheets, lang=None)
    assert isinstance(data, bytes)  # no target: the bytes
    return data


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
    fil.insert(1, "unit_name", [province_name(u, lang) for u in fil["unit"]])  # named, not coded
    return _workbook(
        {
            i18n.t("mgmt.sheet.filing", lang): localize(filing_table(store, plan_id, lang), lang),
            i18n.t("mgmt.sheet.units", lang): localize(fil, lang),
        }
    )


def evaluation_xlsx(store: Store, plan_id: int, lang: str = "zh") -> bytes:
    """The evaluation summary by unit and every evaluation as an XLSX workbook."""
    return _workbook(
        {
            i18n.t("mgmt.sheet.eval_summary", lang): localize(
                evaluation_summary(store, plan_id, lang), lang
            ),
            i18n.t("mgmt.sheet.evaluations", lang): localize(
                reports.evaluations(store, plan_id), lang
            ),
            i18n.t("mgmt.sheet.exits", lang): localize(exit_list(store, plan_id, lang), lang),
        }
    )
