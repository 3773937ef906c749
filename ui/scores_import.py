"""Bulk import of expert scores on the management page: template, upload, row-level errors.

The template (:func:`geo.export.score_sheet.template_xlsx`) lists the plan's communities
that are launched or already evaluated, after an example row. A filled sheet is read
(:func:`geo.export.score_sheet.read_scores`) and written in one transaction
(:func:`geo.store.record_evaluations`): every problem is listed with its Excel row and
column, and then nothing is written.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import i18n, store
from geo.core.errors import InputError, Problem
from geo.export import score_sheet
from geo.plan.auth import User
from ui import management, state, tables

t = state.t

DUE = ("launched", "evaluated", "continued", "exited")
"""Statuses whose communities the template lists."""


def _template_rows(db: store.Store, plan_id: int) -> pd.DataFrame:
    comm = store.communities(db, plan_id)
    due = comm.loc[comm["status"].isin(DUE), ["community_id", "name"]]
    ev = store.evaluations(db, plan_id)
    if not ev.empty:
        keep = ["community_id", *score_sheet.EVALUATION_AREAS, "total"]
        keep += ["eval_date", "expert", "comments"]
        due = due.merge(ev[keep], on="community_id", how="left")
    return due


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """The problems of an import: Excel row, column (as headed in the file, or the store's
    column in the reader's language) and reason."""
    lang = state.lang()
    rows = []
    for p in problems:
        column = p.column or ""
        if column in score_sheet.COLUMNS or column == "status":
            column = score_sheet.store_column(column, lang)
        reason = (
            i18n.problem_text(p, lang)
            if i18n.has(p.key)
            else management.problem_text(p)  # a store check's code (too long, NUL …)
        )
        rows.append(
            {
                t("mgmt.scores.col.row"): p.row,
                t("mgmt.scores.col.column"): column,
                t("mgmt.scores.col.reason"): reason,
            }
        )
    frame = pd.DataFrame(rows)
    first = t("mgmt.scores.col.row")
    frame[first] = frame[first].astype("Int64")
    return frame


def panel(db: store.Store, user: User, plan_id: int) -> None:
    """The import panel: template download, upload, import button, result or problems."""
    lang = state.lang()
    with st.expander(t("mgmt.scores.title")):
        st.download_button(
            t("mgmt.scores.template"),
            lambda: score_sheet.template_xlsx(_template_rows(db, plan_id), lang),
            file_name=t("mgmt.scores.template_file", sheet=t("mgmt.scores.sheet")) + ".xlsx",
            key="mgmt_scores_template",
            on_click="ignore",
        )
        upload = st.file_uploader(t("mgmt.scores.upload"), type=["xlsx"], key="mgmt_scores_file")
        if upload is None or not st.button(t("mgmt.scores.import"), key="mgmt_scores_import"):
            return
        try:
            rows = score_sheet.read_scores(upload.getvalue(), upload.name)
            counts = management.attempt(
                store.record_evaluations, db, user, plan_id, rows, upload.name, keep_rows=True
            )
        except InputError as exc:  # every bad row and column at once; nothing was written
            _refused(exc.problems)
            return
        if counts:
            management.done(t("mgmt.scores.imported", file=state.plain(upload.name), **counts))


def _refused(problems: list[Problem]) -> None:
    st.error(t("mgmt.scores.refused", n=len(problems)))
    tables.dataframe(problems_table(problems), hide_index=True, key="mgmt_scores_problems")
