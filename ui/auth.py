"""Login state of a Streamlit session, and the database it talks to.

The database is opened once per server process and URL (``st.cache_resource``); the
logged-in :class:`geo.auth.User` lives in ``st.session_state["user"]``. In the no-login
desktop mode (:func:`geo.auth.login_required` false) every session acts as
:data:`geo.auth.DESKTOP_USER`, a central account.
"""

from __future__ import annotations

import streamlit as st

from geo import auth, store
from geo.auth import User
from geo.errors import InputError
from ui import state

USER_KEY = "user"


@st.cache_resource(show_spinner=False)
def _open(url: str) -> store.Store:
    return store.open_store(url)


def db() -> store.Store:
    """The YouthMap database for the current settings (migrated on first use)."""
    return _open(store.database_url())


def db_or_stop() -> store.Store:
    """:func:`db`, or the page shows why the database cannot be opened and stops."""
    try:
        return db()
    except InputError as exc:
        st.error(state.t("login.db_error", reason=str(exc)))
        st.stop()
        raise  # not reached: st.stop() ends the script run


def login_required() -> bool:
    """Whether this deployment asks for a login (see :func:`geo.auth.login_required`)."""
    return auth.login_required()


def current_user() -> User | None:
    """The acting user: the logged-in account, the desktop user, or ``None``."""
    if not login_required():
        return auth.DESKTOP_USER
    return st.session_state.get(USER_KEY)


def login(name: str, password: str) -> User | None:
    """Check the credentials; on success remember the user in the session and return it."""
    user = store.authenticate(db(), name, password)
    if user is not None:
        st.session_state[USER_KEY] = user
    return user


def logout() -> None:
    """Forget the logged-in user."""
    st.session_state.pop(USER_KEY, None)
