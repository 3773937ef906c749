"""The year's evidence beside the expert evaluation form (management page, 评估 tab).

For the community being scored: its activities by task area, hours, people served, the
people per month, its agreements and its Youth Home, read from the records
(:func:`geo.store.records.community_records`) and summed by
:func:`geo.plan.evaluation.community_evidence`, with the rubric's points per task area on the
experts' scale. The numbers are computed in ``geo``; this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from geo.core import localtime
from geo.core.layers import campus_names
from geo.export import records as er
from geo.plan import evaluation as ev
from geo.plan.records import TASK_AREAS
from geo.store import Store, rubrics
from geo.store import records as srec
from ui import state, tables

t = state.t


def _label(item: str) -> str:
    for prefix in ("activities_", "months_"):
        area = item.removeprefix(prefix)
        if item.startswith(prefix) and area in TASK_AREAS:
            return t(f"records.evidence.{prefix}in", area=t(f"records.area.{area}"))
    return t(f"records.evidence.{item}")


def _value(item: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if item == "home_state":
        return t(f"records.state.{value}")
    if item == "campus_partner":
        campuses = state.layers().campuses.set_index("id")  # imported ones too
        if value not in campuses.index:
            return str(value)
        name = campus_names(campuses.loc[[value]]).iloc[0]  # an imported layer: no campus
        return f"{name} · {value}"
    if item == "recommendation":
        return t(f"records.eval.rec.{value}")
    if isinstance(value, dt.date | pd.Timestamp):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def panel(db: Store, plan_id: int, community_id: str) -> dict[str, float]:
    """Draw the community's evidence; return the rubric's suggested points per task area
    (empty when the community has no record)."""
    areas = srec.plan_areas(db, plan_id)
    one = areas.loc[areas["community_id"] == community_id]
    recs = srec.community_records(db, plan_id, community_id)
    asof = srec.reading_day(db, plan_id, localtime.today())
    st.markdown(f"**{t('records.evidence.title')}**")
    if one.empty or not any(len(f) for f in recs.values()):
        st.info(t("records.evidence.none"))
        return {}
    if any(bool(f["simulated"].any()) for f in recs.values() if len(f)):
        st.caption(t("records.evidence.simulated"))
    year = srec.implementation_year(db, plan_id)
    if year is not None and ev.year_not_over(asof, year):  # targets are a whole year's
        st.warning(t("records.evidence.not_over", end=year[1], asof=asof))
    rubric = rubrics.load_rubric(db) or ev.DEFAULT_RUBRIC
    items, suggested = ev.community_evidence(
        one, recs, asof, rubric, start=srec.year_start(db, plan_id)
    )
    st.caption(
        t(
            "records.evidence.asof",
            day=asof.isoformat(),
            rubric=state.plain(er.rubric_name(rubric, state.lang())),
        )
    )
    shown = pd.DataFrame(
        {
            t("records.evidence.group"): [t(f"records.evidence.group.{g}") for g in items["group"]],
            t("records.evidence.item"): [_label(i) for i in items["item"]],
            t("records.evidence.value"): [
                _value(i, v) for i, v in zip(items["item"], items["value"], strict=True)
            ],
        }
    )
    cols = list(shown.columns)
    tables.dataframe(
        shown,
        hide_index=True,
        height=35 * (len(shown) + 1) + 3,  # every row at once, no scrolling inside the table
        column_config={  # the values in view beside the longest English names
            cols[0]: st.column_config.TextColumn(width="small"),
            cols[2]: st.column_config.TextColumn(width="small"),
        },
        key=f"mgmt_evidence_{community_id}",
    )
    return suggested
