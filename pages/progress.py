"""Progress of the year (进展): records of each action community, progress by area and on
the map, warnings, the monthly report, the evaluation and the next cycle. Logic in geo/,
widgets in ui.records; every write is checked in geo.store."""

from __future__ import annotations

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import store
from geo.core import localtime, scope
from geo.export import labels
from geo.plan import progress
from geo.store import records as srec
from ui import auth as uauth
from ui import management, state
from ui import records as ui

state.rerun_if_legacy()  # first: a run begun in Streamlit's legacy mode (ui/state.py)

t = state.t
st.title(t("records.title"))
db = uauth.db_or_stop()
user = uauth.current_user()
if user is None:
    st.warning(t("login.no_users"))
    st.stop()

plans = store.list_plans(db)
if plans.empty:
    st.info(t("records.no_plan"))
    ui.demo_button(db, user)
    st.stop()
names = {
    i: labels.plan_name(n, state.lang()) for i, n in zip(plans["id"], plans["name"], strict=True)
}
options = list(names)[::-1]
under_way = srec.plan_under_way(db, localtime.today())  # not a next plan not yet filed
c1, c2, c3 = st.columns([3, 2, 2])
if st.session_state.get("rec_plan") not in options:  # else kept, or the to-do chose it
    st.session_state["rec_plan"] = under_way if under_way in options else options[0]
plan_id = c1.selectbox(
    t("records.plan"),
    options,
    format_func=names.get,
    key="rec_plan",
    placeholder=state.placeholder(names),
)
simulated = srec.has_simulated(db, plan_id)
if simulated:
    st.warning(t("records.simulated"))
today = localtime.today()  # no later: progress as of a day to come counts days not yet lived
latest = srec.reading_day(db, plan_id, today)
asof = c2.date_input(
    t("records.asof"), value=latest, max_value=today, key=f"rec_asof_{plan_id}_{latest}"
)
prog, acts = ui.load(db, plan_id, asof)
shown = scope.apply(prog, state.scope())
levels = list(progress.LEVELS)
level = c3.radio(
    t("records.level"),
    levels,
    index=levels.index(scope.table_level(state.scope(), shown["city_code"].nunique())),
    horizontal=True,
    format_func=state.option_labels("records.level"),
    key="rec_level",
)

# Keyed tabs (as on the filing page): an import or a saved record reruns the page and the
# user stays on the tab where they acted, its message shown there.
keys = ["progress", "warnings", "enter", "report", "evaluation", "next"]
lang = state.lang()
tab_labels = [t(f"records.tab.{k}") for k in keys]
tabs = management.tab_bar(tab_labels, lang, page="rec")
with tabs[management.open_tab(tab_labels, lang, page="rec")]:
    management.show_done()  # the message of a write that landed and reran the page
with tabs[0]:
    ui.progress_panel(shown, level)
with tabs[1]:
    ui.warnings_panel(shown)
with tabs[2]:
    ui.entry_panel(db, user, plan_id)
with tabs[3]:
    ui.report_panel(db, plan_id, shown, acts, asof, simulated)
result = ui.evaluate(db, plan_id, prog, asof, ui.current_rubric(db))
with tabs[4]:
    ui.evaluation_panel(db, user, result, shown, simulated, asof, plan_id, names[plan_id])
with tabs[5]:
    ui.next_panel(db, user, plan_id, names[plan_id], result, asof)
