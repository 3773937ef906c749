"""Filing and evaluation: status board, timeline, filing, status updates, evaluations,
exits, history and XLSX exports of a saved plan. Writes are checked in geo.store."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import store
from geo.core import scope
from geo.export import labels, reports
from geo.plan import auth
from geo.store.reports import BOARD_KEYS
from ui import auth as uauth
from ui import management as ui
from ui import parts as uparts
from ui import state, tables

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

t = state.t
lang = state.lang()
st.title(t("mgmt.title"))
db = uauth.db_or_stop()
user = uauth.current_user()
if user is None:
    st.warning(t("login.no_users"))
    st.stop()
if not uauth.login_required():
    st.caption(t("mgmt.desktop_mode"))
else:
    st.caption(t("mgmt.signed_in", user=state.plain(user.name), role=uauth.role_label(user)))
if user.role == "viewer":
    st.info(t("mgmt.read_only"))

plans = store.list_plans(db)
if user.role in ("central", "province"):
    with st.expander(ui.new_plan_title(user), expanded=plans.empty):
        ui.new_plan(db, user)
if plans.empty:
    st.info(t("mgmt.no_plans" if user.role != "province" else "mgmt.no_plans_province"))
    st.stop()

names = {i: labels.plan_name(n, lang) for i, n in zip(plans["id"], plans["name"], strict=True)}
plan_id = st.selectbox(
    t("mgmt.plan"),
    list(names)[::-1],
    format_func=names.get,
    key="mgmt_plan",
    placeholder=state.placeholder(names),
)
plan = store.get_plan(db, plan_id)
comm = store.communities(db, plan_id)
sc = state.scope()
shown = scope.apply(comm, sc)
mine = shown.loc[
    [
        auth.may_write_community(user, u, c)
        for u, c in zip(shown["quota_unit"], shown["county_code"], strict=True)
    ]
]

# A keyed, stateful tab bar: an action (a score typed, a status chosen, a download) reruns
# the page and the user stays on the tab where they acted, its message shown there.
keys = ("board", "timeline", "filing", "status", "evaluation", "exits", "history")
tab_labels = [t(f"mgmt.tab.{k}") for k in keys]
tabs = dict(zip(keys, ui.tab_bar(tab_labels, lang), strict=True))
with tabs[keys[ui.open_tab(tab_labels, lang)]]:
    ui.show_done()  # the message of a write that landed and reran the page
with tabs["board"]:
    level = scope.table_level(sc, shown[BOARD_KEYS["city"]].nunique())
    by = st.radio(
        t("mgmt.by"),
        list(BOARD_KEYS),
        index=list(BOARD_KEYS).index({"province": "unit"}.get(level, level)),
        format_func=state.option_labels("mgmt.by"),
        horizontal=True,
        key="mgmt_by",
    )
    board = reports.status_board(db, plan_id, by=by, lang=lang)
    if by != "region" and sc.level != "national":  # the scope's own units, cities, counties
        board = board.loc[board.index.isin(shown[BOARD_KEYS[by]].unique())]
    tables.table(reports.localize(board, lang), t("mgmt.tab.board"), "mgmt_board")
with tabs["timeline"]:
    ui.timeline(db, user, plan)
    if user.role == "central":
        ui.delete_plan(db, user, plan)
with tabs["filing"]:
    units = sorted(shown["quota_unit"].unique()) if user.role == "central" else [user.unit or ""]
    if user.role in ("central", "province"):
        ui.filing(db, user, plan_id, units)
    if plan["province_code"] is None:  # one table of every unit's part and its filing
        uparts.states_table(plan_id, t)
        uparts.form_download(plan_id, st.session_state.get("mgmt_unit"), user, t)
        ui.filings_download(db, plan, lang)
    else:
        ui.filings_table(db, plan, lang)
with tabs["status"]:
    if user.role != "viewer":
        ui.status_updates(db, user, plan_id, mine)
    ui.status_table(shown, lang, user, mine, plan)
with tabs["evaluation"]:
    if user.role == "central":
        ui.evaluation(db, user, plan_id, shown)
        ui.evaluation_import(db, user, plan_id)
    ui.evaluation_table(db, plan, lang)
with tabs["exits"]:
    exits = reports.exit_list(db, plan_id, lang)
    if exits.empty:
        st.info(t("mgmt.no_exits"))
    else:
        tables.table(
            reports.localize(exits, lang), t("mgmt.tab.exits"), "mgmt_exits", hide_index=True
        )
with tabs["history"]:
    ui.history(db, plan_id, shown, lang)
