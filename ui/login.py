"""The login form and the logout button: the login page, and what a signed-out browser sees
at any address (a reload of /selection after the session ended shows this form, never
Streamlit's "Page not found")."""

from __future__ import annotations

import streamlit as st

from geo import store
from geo.core.errors import LoginRefused
from geo.export.labels import plan_name, province_name
from geo.plan.auth import User
from geo.store import tasks
from ui import auth as uauth
from ui import management, session, state


def show() -> None:
    """Draw the login page: the signed-in account and a logout button, or the form."""
    t = state.t
    signed_in = not uauth.login_required() or session.get(session.USER) is not None
    st.title(t("login.account_title" if signed_in else "login.title"))
    db = uauth.db_or_stop()
    user = uauth.current_user()
    if user is not None:
        st.success(t("mgmt.signed_in", user=state.plain(user.name), role=uauth.role_label(user)))
        with uauth.reachable():
            waiting = tasks.tasks(db, user)
        todo(waiting, user)
        if uauth.login_required() and st.button(t("login.logout"), key="logout"):
            uauth.logout()
            st.rerun()
        st.stop()

    with uauth.reachable():
        no_accounts = store.count_users(db) == 0
    if no_accounts:
        st.info(t("login.no_users"))

    with st.form("login"):
        name = st.text_input(t("login.name"), key="login_name")
        password = st.text_input(t("login.password"), type="password", key="login_password")
        submitted = st.form_submit_button(t("login.submit"))
    if submitted:
        try:
            with uauth.reachable():
                signed_in = uauth.login(name, password)
            if signed_in:
                st.rerun()
            st.error(t("login.failed"))
        except LoginRefused as refused:
            minutes = -(-refused.seconds // 60)
            st.error(
                t(
                    f"login.{refused.reason}.{refused.kind}",
                    seconds=refused.seconds,
                    minutes=minutes,
                )
            )


UNITS_SHOWN = 6
"""Units named in the centre's review task; more are counted."""

GO_TO: dict[str, tuple[str, str, str | None]] = {
    "to_review": ("mgmt", "filing", None),
    "overdue": ("mgmt", "filing", None),
    "late": ("mgmt", "filing", None),
    "to_evaluate": ("mgmt", "evaluation", None),
    "to_next_cycle": ("rec", "next", None),
    "returned": ("mgmt", "filing", None),
    "to_submit": ("mgmt", "filing", None),
    "to_refill": ("sel", "refill", None),
    "waiting": ("mgmt", "filing", None),
    "to_recommend": ("mgmt", "status", "candidate"),
    "to_launch": ("mgmt", "status", "filed"),
    "to_record": ("rec", "enter", None),
    "to_pair": ("rec", "enter", "agreements"),
    "unlaunched": ("rec", "warnings", None),
}
"""Where each task (:data:`geo.store.tasks.TASK_CODES`) is done: the page (the filing page,
``mgmt``, the progress page, ``rec``, or the selection page's next-cycle refill, ``sel``),
its tab, and what it opens on (the status whose communities the status tab offers to pick
first; the record type to enter)."""


def todo(waiting: list[tasks.Task], user: User) -> None:
    """What waits for the account (:func:`geo.store.tasks.tasks`), each task one line, with
    a button that opens the filing page on the task's plan and tab; nothing for a viewer."""
    t, lang = state.t, state.lang()
    if user.role == "viewer":
        return
    st.subheader(t("todo.title"))
    if not waiting:
        st.caption(t("todo.none"))
        return
    sep = "、" if lang == "zh" else ", "
    for task in waiting:
        params = dict(task.params)
        if "units" in params:
            names = [province_name(u, lang) for u in params["units"]]
            more = [t("todo.more")] if len(names) > UNITS_SHOWN else []
            params["units"] = sep.join(names[:UNITS_SHOWN] + more)
        if task.code in ("to_recommend", "unlaunched", "to_refill", "late"):  # a province
            params["unit"] = province_name(str(user.province_code), lang)
        if "reason" in params:
            params["reason"] = state.plain(params["reason"])
        plan = state.plain(plan_name(task.plan, lang))
        say = st.info if task.code in ("waiting", "unlaunched") else st.warning
        say(t(f"todo.{task.code}", plan=plan, **params))
        page, tab, status = GO_TO[task.code]
        if not st.button(t(f"todo.go.{tab}"), key=f"todo_go_{task.plan_id}_{task.code}", icon="➡️"):
            continue
        if page == "sel":
            from ui import next_cycle

            next_cycle.open_refill(task.plan_id)
        else:
            management.open_at(task.plan_id, tab, status, page)
