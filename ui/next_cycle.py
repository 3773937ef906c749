"""The next cycle on the quota and selection page (名额与遴选).

After the evaluation the centre starts the next cycle on the progress page: a new plan
holding the carried-over communities. Its freed places are filled here, with the same
quotas, constraints, scores and picker as the first pick: loading the next cycle sets the
quota table to the previous plan's quotas, locks the carried-over communities and excludes
the exited ones (:func:`geo.plan.next_cycle.setup`); the pick is then made and adjusted as usual,
and each province writes its replacements into the next plan
(:func:`geo.plan.next_cycle.replacements`, :func:`geo.plan.next_cycle.add_replacements`), which goes
on to the next filing on the management page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import store
from geo.analysis import quota
from geo.export import labels
from geo.plan import next_cycle
from geo.plan.auth import User
from ui import auth as uauth
from ui import management, state, tables
from ui import selection as ssel

t = state.t
PLAN_KEY = "sel_next_plan"
"""Session key of the next-cycle plan loaded into the pick (its id)."""
OPEN_KEY = "sel_next_open"
"""Session key set by :func:`open_refill`: the refill panel opens on its next draw."""


def open_refill(plan_id: int) -> None:
    """Open the selection page with its next-cycle refill unfolded on plan ``plan_id``
    (the account page's to-do leads a province there), ready to be loaded."""
    st.session_state["sel_next_pick"] = int(plan_id)
    st.session_state[OPEN_KEY] = True
    st.switch_page("pages/selection.py")


def _next_plans(db: store.Store) -> dict[int, str]:
    plans = store.list_plans(db)
    return {
        int(i): labels.plan_name(n, state.lang())
        for i, n, p in zip(plans["id"], plans["name"], plans["params"], strict=True)
        if isinstance(p, dict) and p.get("previous_plan") is not None
    }


def _units(user: User, quotas: dict[str, int]) -> set[str]:
    """The quota units ``user`` may add replacements to."""
    if user.role == "central":
        return set(quotas)
    if user.role == "province" and user.unit:
        return {user.unit} & set(quotas)
    return set()


def load_panel(cands: pd.DataFrame) -> None:
    """Offer the next-cycle plans; loading one sets quotas, locks and exclusions."""
    management.show_done()
    db, user = uauth.db(), uauth.current_user()
    plans = _next_plans(db)
    if not plans or user is None:
        return
    loaded = st.session_state.get(PLAN_KEY)
    asked = bool(st.session_state.pop(OPEN_KEY, False))  # by the account page's to-do
    with st.expander(t("next.title"), expanded=loaded is not None or asked):
        st.caption(t("next.help"))
        ids = list(plans)[::-1]
        plan_id = st.selectbox(
            t("next.plan"), ids, format_func=plans.get, key="sel_next_pick", placeholder="—"
        )
        c1, c2 = st.columns(2)
        if plan_id is not None and c1.button(t("next.load"), key="sel_next_load", type="primary"):
            setup = next_cycle.setup(db, int(plan_id))
            if setup is not None:
                units = None if user.role == "central" else _units(user, setup.quotas)
                _load(setup, [str(u) for u in quota.unit_bases(cands)["unit"]], units, cands)
                st.rerun()
        if loaded is not None and c2.button(t("next.unload"), key="sel_next_unload"):
            for key in (PLAN_KEY, ssel.OVERRIDES_KEY, ssel.CHANGES_KEY, "q_total", "q_editor"):
                st.session_state.pop(key, None)
            st.rerun()
        if loaded is not None:
            st.info(t("next.loaded", plan=state.plain(plans.get(loaded, str(loaded)))))


def _load(
    setup: next_cycle.Setup,
    unit_codes: list[str],
    units: set[str] | None = None,
    cands: pd.DataFrame | None = None,
) -> None:
    """Quotas of the previous plan (0 for units it had none in), carried-over communities
    and replacements already written locked, those exited in this cycle or an earlier one
    excluded — each with its reason, as a hand-made change would be. With ``units`` (a
    province's account), only those quota units' communities: another province's locks and
    exits are not its to make, and listed them on its page and in its 备案表's changes."""
    st.session_state[ssel.OVERRIDES_KEY] = {u: setup.quotas.get(u, 0) for u in unit_codes}
    st.session_state["q_total"] = int(sum(setup.quotas.values()))
    st.session_state.pop("q_editor", None)
    carried = set(setup.carried)
    written = [c for c in setup.taken if c not in carried]
    changes = [("lock", c, "next.reason.carried") for c in setup.carried]
    changes += [("lock", c, "next.reason.written") for c in written]
    changes += [("exclude", c, "next.reason.exited") for c in setup.exited]
    changes += [("exclude", c, "next.reason.exited_before") for c in setup.exited_before]
    if units is not None:
        unit_of = dict(setup.taken)
        if cands is not None and len(cands):
            ids = cands["id"].astype(str)
            unit_of = dict(zip(ids, quota.quota_unit_of(cands).astype(str), strict=True)) | unit_of
        # a community of no known unit is kept (it cannot be picked either way)
        changes = [ch for ch in changes if ch[1] not in unit_of or unit_of[ch[1]] in units]
    st.session_state[ssel.CHANGES_KEY] = [
        {"id": c, "action": action, "reason": t(key)} for action, c, key in changes
    ]
    st.session_state[PLAN_KEY] = setup.plan_id


def write_panel(chosen: pd.DataFrame) -> None:
    """The replacements the pick gives for the loaded next plan, and the button that adds
    them (each province its own; the centre every province)."""
    plan_id = st.session_state.get(PLAN_KEY)
    db, user = uauth.db(), uauth.current_user()
    if plan_id is None or user is None:
        return
    setup = next_cycle.setup(db, int(plan_id))
    if setup is None:
        return
    st.subheader(t("next.write_title"))
    units = _units(user, setup.quotas)
    new = next_cycle.replacements(setup, chosen, units)
    free = {u: setup.free(u) for u in sorted(setup.quotas) if setup.free(u)}
    table = pd.DataFrame(
        {
            t("next.col.unit"): [ssel.unit_label(u, state.lang()) for u in free],
            t("next.col.free"): list(free.values()),
            t("next.col.picked"): [int((new["quota_unit"] == u).sum()) for u in free],
        }
    )
    if len(table):
        tables.dataframe(table, hide_index=True)
    if not units:
        st.info(t("next.not_writer"))
        return
    if new.empty:
        st.success(t("next.nothing"))
        return
    if st.button(t("next.write", n=len(new)), key="sel_next_write", type="primary"):
        added = management.attempt(next_cycle.add_replacements, db, user, setup.plan_id, new)
        if added is not None:
            management.done(t("next.written", n=added))
