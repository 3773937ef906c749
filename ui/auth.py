"""Login state of a Streamlit session, and the database it talks to.

The database is opened once per server process and URL (``st.cache_resource``); the
logged-in :class:`geo.auth.User` lives in ``st.session_state["user"]``. In the no-login
desktop mode (:func:`geo.auth.login_required` false) every session acts as
:data:`geo.auth.DESKTOP_USER`, a central account.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator

import streamlit as st

from geo import auth, store
from geo.auth import User
from geo.errors import InputError, StoreError
from geo.store import sessions
from ui import state

USER_KEY = "user"
TOKEN_KEY = "session_token"
SESSION_COOKIE = "youthmap_session"
"""Cookie holding the browser's session token (:mod:`geo.store.sessions`): any app process
that receives it resumes the sign-in from the database."""

_COOKIE_JS = """
export default function (component) {
  const { data } = component;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = data.cookie + "; Path=/; SameSite=Strict" + secure;
}
"""


@st.cache_resource(show_spinner=False)
def _cookie_component():
    return st.components.v2.component("youthmap.session_cookie", js=_COOKIE_JS)


def session_cookie() -> str | None:
    """The session token the browser sent with its WebSocket, if any."""
    value = st.context.cookies.get(SESSION_COOKIE)
    return value if isinstance(value, str) and value else None  # AppTest has no browser


def sync_session_cookie() -> None:
    """Once per run (``app.py``): give the browser the session's cookie after a login, or
    delete a cookie whose session is over. The cookie the browser holds is only known from
    its WebSocket's connection, so after a login it is written on every run (it costs an
    empty component)."""
    if not login_required():
        return
    token = st.session_state.get(TOKEN_KEY)
    cookie = session_cookie()
    if token and token != cookie:
        _set_cookie(token)
    elif cookie and not token:
        _set_cookie(None)


def _set_cookie(token: str | None) -> None:
    """Write (or, with ``None``, delete) the session cookie in the browser."""
    value = (
        f"{SESSION_COOKIE}={token}; Max-Age={sessions.SESSION_HOURS * 3600}"
        if token
        else f"{SESSION_COOKIE}=; Max-Age=0"
    )
    _cookie_component()(data={"cookie": value}, key="youthmap_session_cookie")


@st.cache_resource(show_spinner=False)
def _open(url: str) -> store.Store:
    return store.open_store(url)


def db() -> store.Store:
    """The YouthMap database for the current settings (migrated on first use).

    When this session needs a login, every write through it re-reads the acting account
    first (``verify_accounts``): a deactivated account's open session cannot write.
    """
    return dataclasses.replace(_open(store.database_url()), verify_accounts=login_required())


def db_or_stop() -> store.Store:
    """:func:`db`, or the page shows why the database cannot be opened and stops."""
    try:
        opened = db()
    except InputError as exc:
        st.error(state.t("login.db_error", reason=state.plain(exc)))
        st.stop()
        raise  # not reached: st.stop() ends the script run
    if opened.read_only:
        st.warning(state.t("login.db_read_only"))
    return opened


@contextlib.contextmanager
def reachable() -> Iterator[None]:
    """Around a read the page cannot do without (the account, the number of accounts): when
    the database fails (a PostgreSQL restart, a lost connection), the page says so in a
    sentence and stops instead of showing an error; the next run tries again."""
    try:
        yield
    except StoreError:
        st.error(state.t("login.db_down"))
        st.stop()


FORWARD_HEADERS: tuple[str, ...] = ("X-Forwarded-For", "X-Real-Ip", "Forwarded")
"""Headers a reverse proxy adds: a request that carries one came from the network."""


def server_address() -> str | None:
    """The address the server binds (``server.address``; empty: every interface)."""
    return st.get_option("server.address")


def on_network() -> bool:
    """Whether this app is reachable from other machines: bound to a non-loopback address,
    or this session's browser is not on this machine (its own address, or a proxy's
    forwarding header, says so)."""
    if not auth.is_loopback(server_address()):
        return True
    client = st.context.ip_address  # None for a browser on this machine
    if isinstance(client, str) and not auth.is_loopback(client):
        return True
    headers = st.context.headers
    return any(headers.get(h) for h in FORWARD_HEADERS)


def login_required() -> bool:
    """Whether this deployment asks for a login (see :func:`geo.auth.login_required`);
    always on a network (:func:`on_network`)."""
    return auth.login_required(network=on_network())


def refuse_unsafe_serving() -> None:
    """On a network, stop every page while logins are turned off or no account exists
    (:func:`geo.auth.check_serving`), saying how to fix it; does nothing on this machine.

    ``youthmap serve`` makes the same check before the server starts; this one covers a
    server started some other way (``streamlit run app.py --server.address 0.0.0.0``).
    """
    if not on_network():
        return
    with reachable():
        users = store.count_users(db_or_stop())
    try:
        auth.check_serving(server_address(), users, network=True)
    except InputError as exc:
        code = exc.problems[0].code
        st.error(state.t(f"login.{code}"))
        st.stop()


def current_user() -> User | None:
    """The acting user: the logged-in account, the desktop user, or ``None``.

    The logged-in account is read again from the database on every call (a page calls this
    before it offers or makes a write): its role, province and county as they are now; a
    deactivated or deleted account is logged out (and ``None`` returned).
    """
    if not login_required():
        return auth.DESKTOP_USER
    user = st.session_state.get(USER_KEY)
    cookie = session_cookie()
    if user is None and cookie:  # signed in on another process, or before a restart
        with reachable():
            user = sessions.resume_session(db_or_stop(), cookie)
        if user is None:
            return None  # expired, logged out or the account was disabled
        st.session_state[USER_KEY] = user
        st.session_state[TOKEN_KEY] = cookie
    if user is None:
        return None
    with reachable():
        fresh = store.get_user(db_or_stop(), user.name)
    if fresh is None:
        logout()
    elif fresh != user:
        st.session_state[USER_KEY] = fresh
    return fresh


def client_address() -> str | None:
    """The browser's address for the per-client login limits: its own address, or behind a
    reverse proxy on this machine the last address the proxy added to ``X-Forwarded-For``
    (the one the proxy itself saw); ``None`` for a browser on this machine."""
    client = st.context.ip_address
    if isinstance(client, str) and not auth.is_loopback(client):
        return client
    forwarded = st.context.headers.get("X-Forwarded-For") or ""
    last = forwarded.split(",")[-1].strip()
    return last or None


def login(name: str, password: str) -> User | None:
    """Check the credentials; on success remember the user in the session and return it.

    Raises
    ------
    geo.errors.LoginRefused
        Too many failed logins for this name or from this client.
    """
    user = store.authenticate(db(), name, password, client=client_address())
    if user is not None:
        st.session_state[USER_KEY] = user
        st.session_state[TOKEN_KEY] = sessions.open_session(db(), user)
    return user


def logout() -> None:
    """Forget the logged-in user, here and in the database (every process)."""
    st.session_state.pop(USER_KEY, None)
    token = st.session_state.pop(TOKEN_KEY, None) or session_cookie()
    if token:
        with reachable():
            sessions.close_session(db_or_stop(), token)
