"""The login form and the logout button: the login page, and what a signed-out browser sees
at any address (a reload of /selection after the session ended shows this form, never
Streamlit's "Page not found")."""

from __future__ import annotations

import streamlit as st

from geo import store
from geo.core.errors import LoginRefused
from ui import auth as uauth
from ui import session, state


def show() -> None:
    """Draw the login page: the signed-in account and a logout button, or the form."""
    t = state.t
    signed_in = not uauth.login_required() or session.get(session.USER) is not None
    st.title(t("login.account_title" if signed_in else "login.title"))
    db = uauth.db_or_stop()
    user = uauth.current_user()
    if user is not None:
        st.success(t("mgmt.signed_in", user=state.plain(user.name), role=uauth.role_label(user)))
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
