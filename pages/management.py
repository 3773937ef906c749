"""Filing and evaluation: status board, timeline, filing, status updates, evaluations,
exits, history and XLSX exports of a saved plan. Writes are checked in geo.store."""

from __future__ import annotations

import streamlit as st

from geo import auth, scope, store
from ui import auth as uauth
from ui import management as ui
from ui import parts as uparts
from ui import state, tables

t = state.t
lang = state.lang()
st.title(t("mgmt.title"))
ui.show_done()  # the message of a write that landed and reran the page
db = uauth.db_or_stop()
user = uauth.current_user()
if user is None:
    st.warning(t("login.no_users"))
    st.stop()
if not uauth.login_required():
    st.caption(t("mgmt.desktop_mode"))
else:
    st.caption(t("mgmt.signed_in", user=state.plain(user.name), role=t(f"mgmt.role.{user.role}")))
if user.role == "viewer":
    st.info(t("mgmt.read_only"))

plans = store.list_plans(db)
if user.role in ("central", "province"):
    with st.expander(t("mgmt.new_plan"), expanded=plans.empty):
        ui.new_plan(db, user)
if plans.empty:
    st.info(t("mgmt.no_plans"))
    st.stop()

names = dict(zip(plans["id"], plans["name"], strict=True))
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

tabs = st.tabs(
    [
        t(f"mgmt.tab.{k}")
        for k in ("board", "timeline", "filing", "status", "evaluation", "exits", "history")
    ]
)
with tabs[0]:
    by = st.radio(
        t("mgmt.by"),
        ["unit", "region"],
        format_func=lambda k: t(f"mgmt.by.{k}"),
        horizontal=True,
        key="mgmt_by",
    )
    board = store.status_board(db, plan_id, by=by, lang=lang)
    if by == "unit" and sc.level != "national":
        board = board.loc[board.index.isin(shown["quota_unit"].unique())]
    tables.table(store.localize(board, lang), t("mgmt.tab.board"), "mgmt_board")
with tabs[1]:
    ui.timeline(db, user, plan)
with tabs[2]:
    units = sorted(shown["quota_unit"].unique()) if user.role == "central" else [user.unit or ""]
    if user.role in ("central", "province"):
        ui.filing(db, user, plan_id, units)
    if plan["province_code"] is None:
        uparts.states_table(plan_id, t)
        uparts.form_download(plan_id, st.session_state.get("mgmt_unit"), user, t)
    filings = store.filings(db, plan_id).drop(columns=["id", "plan_id"])
    tables.dataframe(store.localize(filings, lang), hide_index=True)
    st.download_button(
        t("mgmt.download_filing"),
        lambda: store.filing_xlsx(db, plan_id, lang),  # made when clicked, not every run
        file_name=f"filing-{plan_id}.xlsx",
        key="mgmt_dl_filing",
    )
with tabs[3]:
    if user.role != "viewer":
        ui.status_updates(db, user, plan_id, mine)
    cols = [
        "community_id",
        "name",
        "quota_unit",
        "county_code",
        "score",
        "rank",
        "status",
        "note",
        "reason",
        "updated_by",
        "updated_at",
    ]
    status = store.localize(shown[cols], lang)
    tables.table(status, t("mgmt.communities"), "mgmt_table", hide_index=True)
with tabs[4]:
    if user.role == "central":
        ui.evaluation(db, user, plan_id, shown)
    summary = store.localize(store.evaluation_summary(db, plan_id, lang), lang)
    tables.dataframe(summary, hide_index=True)
    st.download_button(
        t("mgmt.download_evaluation"),
        lambda: store.evaluation_xlsx(db, plan_id, lang),
        file_name=f"evaluation-{plan_id}.xlsx",
        key="mgmt_dl_eval",
    )
with tabs[5]:
    exits = store.exit_list(db, plan_id)
    if exits.empty:
        st.info(t("mgmt.no_exits"))
    else:
        tables.table(
            store.localize(exits, lang), t("mgmt.tab.exits"), "mgmt_exits", hide_index=True
        )
with tabs[6]:
    labels = dict(
        zip(shown["community_id"], shown["name"] + " · " + shown["community_id"], strict=True)
    )
    cid = st.selectbox(
        t("mgmt.community"),
        list(labels),
        format_func=labels.get,
        key="mgmt_hist_pick",
        placeholder=state.placeholder(labels),
        disabled=not labels,  # a given placeholder keeps Streamlit from disabling it
    )
    if cid:
        history = store.localize(store.history(db, plan_id, cid, lang), lang)
        tables.table(history, t("mgmt.tab.history"), "mgmt_history", hide_index=True)
