"""Login state of a Streamlit session, and the database it talks to.

The database is opened once per server process and URL (``st.cache_resource``); the
logged-in :class:`geo.plan.auth.User` lives in the session under :data:`ui.session.USER`. In the no-login
desktop mode (:func:`geo.plan.auth.login_required` false: no account exists yet) every session
acts as :data:`geo.plan.auth.DESKTOP_USER`, a central account.

A login lasts across a page reload (F5) and a new tab: it starts a server-side session
(:mod:`geo.store.sessions`) whose signed token the browser keeps in the cookie
:data:`COOKIE`, HttpOnly (no page script can read it). Streamlit (1.67) reads cookies
(``st.context.cookies``, sent with the page's WebSocket request) but cannot set one, so the
server does (:mod:`ui.cookie_routes`, served beside the app by ``serve.py``): a login hands
the page a one-time nonce, and a tiny inline component (``st.components.v2``) posts it to
the cookie route, whose answer sets the cookie; after a logout it posts to the route that
clears it. A new browser session resumes from that cookie before the login gate; logout
revokes the session in the database and clears the cookie; a deactivated account's
sessions are revoked with it, and every run checks its session is still live.
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
from collections.abc import Iterator

import streamlit as st

from geo import store
from geo.core import regions
from geo.core.errors import InputError, StoreError
from geo.core.scope import unit_scope
from geo.plan import auth
from geo.plan.auth import User
from geo.store import sessions
from ui import cookie_routes, session, state

USER_KEY = session.USER
TOKEN_KEY = "_login_token"
"""Session key of the signed session token of the logged-in user."""
SCOPE_PENDING_KEY = "_login_open_scope"
"""Session key set at login: the next run opens the scope on the account's province."""
NONCE_KEY = "_login_cookie_nonce"
"""Session key of the one-time nonce the page posts to get the login's cookie."""
CLEAR_KEY = "_login_cookie_clear"
"""Session key set (to a new random id each time) when the browser's session cookie must be
deleted."""
COOKIE = cookie_routes.COOKIE
"""Name of the browser cookie holding the signed session token."""

_COOKIE_JS = """
const posted = new Set();
export default function (component) {
  const { data } = component;
  const post = (path, body) =>
    fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => {});
  if (data.nonce) {
    if (!posted.has(data.nonce)) {
      posted.add(data.nonce);
      post(data.session_path, { nonce: data.nonce });
    }
  } else if (data.clear && !posted.has(data.clear)) {
    posted.add(data.clear);
    post(data.logout_path, {});
  }
}
"""


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
    """Around a read the page cannot do without (the account, its session, the number of
    accounts): when the database fails (a PostgreSQL restart, a lost connection), the page
    says so in a sentence and stops instead of showing an error; the next run tries again."""
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
    """Whether this deployment asks for a login (see :func:`geo.plan.auth.login_required`):
    whenever an account exists, and always on a network (:func:`on_network`)."""
    if on_network():
        return True
    accounts = store.count_users(_open(store.database_url()), active_only=False)
    return auth.login_required(accounts=accounts)


def refuse_unsafe_serving() -> None:
    """On a network, stop every page while logins are turned off or no account exists
    (:func:`geo.plan.auth.check_serving`), saying how to fix it; does nothing on this machine.

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
    deactivated or deleted account, or a session revoked elsewhere (a logout in another
    tab), is logged out (and ``None`` returned).
    """
    if not login_required():
        return auth.DESKTOP_USER
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    token = st.session_state.get(TOKEN_KEY)
    opened = db_or_stop()
    with reachable():
        fresh = (
            sessions.resume_session(opened, token) if token else store.get_user(opened, user.name)
        )
    if fresh is None or fresh.name != user.name:
        logout()
        return None
    if fresh != user:
        st.session_state[USER_KEY] = fresh
    return fresh


def restore_login() -> None:
    """Resume the login kept in the browser's cookie in a new browser session (a reload, a
    new tab), or open the scope of a login just made: called before the sidebar and the login
    gate, so the page asked for is the page shown. A cookie whose
    session is unknown, expired, revoked or whose account is deactivated is cleared. The
    scope opens on the account's province unless the address asked for a scope."""
    user = st.session_state.get(USER_KEY)
    if user is not None and st.session_state.pop(SCOPE_PENDING_KEY, False):
        open_scope(user)  # just logged in (the sidebar's boxes are not drawn yet this run)
    if USER_KEY in st.session_state or not login_required():
        return
    value = st.context.cookies.get(COOKIE)
    if not isinstance(value, str) or not value:
        return
    with reachable():
        user = sessions.resume_session(db_or_stop(), value)
    if user is None:
        st.session_state[CLEAR_KEY] = secrets.token_hex(8)
        return
    st.session_state[USER_KEY] = user
    st.session_state[TOKEN_KEY] = value
    if not any(p in st.query_params for p in ("region", "province", "city")):
        open_scope(user)


def open_scope(user: User) -> None:
    """Set the sidebar scope to the account's area: a province account's province, a county
    account's city (the sidebar's finest level; it opened on the whole province), or the
    XPCC's cities in Xinjiang for the XPCC's account (it opened on the whole country)."""
    if user.province_code == regions.XPCC_KEY:  # as `youthmap map --province XPCC` draws it
        xpcc = unit_scope(regions.XPCC_KEY)
        scope = (xpcc.region, xpcc.province_code, xpcc.city_code)
    else:
        known = {p.code: p for p in regions.action_provinces()}
        province = known.get(user.province_code or "")
        if province is None:
            return
        city = (user.county_code or "")[:4] if user.role == "county" else ""
        cities = state.boundaries("city")
        known_city = city and city in set(
            cities.loc[cities["province_code"] == province.code, "code"]
        )
        scope = (province.region, province.code, city if known_city else None)
    for key, value in zip(("scope_region", "scope_province", "scope_city"), scope, strict=True):
        st.session_state[key] = value
        state.remember(key, value)


@st.cache_resource(show_spinner=False)
def _cookie_writer():  # noqa: ANN202 - a Streamlit component
    return st.components.v2.component("youthmap.login_cookie", js=_COOKIE_JS, isolate_styles=False)


def keep_cookie() -> None:
    """Have the server set the browser's HttpOnly login cookie after a login (the page posts
    the login's nonce to :data:`ui.cookie_routes.SESSION_PATH`), or clear it after a logout
    (drawn on every run, invisible; the page posts each nonce and each clearing once)."""
    _cookie_writer()(
        key="youthmap_login_cookie",
        data={
            "nonce": st.session_state.get(NONCE_KEY) or "",
            "clear": st.session_state.get(CLEAR_KEY) or "",
            "session_path": cookie_routes.SESSION_PATH,
            "logout_path": cookie_routes.LOGOUT_PATH,
        },
        height=0,
    )


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
    geo.core.errors.LoginRefused
        Too many failed logins for this name or from this client.
    """
    opened = db()
    user = store.authenticate(opened, name, password, client=client_address())
    if user is not None:
        st.session_state[USER_KEY] = user
        token = sessions.start_session(opened, user)
        st.session_state[TOKEN_KEY] = token
        st.session_state[NONCE_KEY] = sessions.hand_off(opened, token)
        st.session_state.pop(CLEAR_KEY, None)
        st.session_state[SCOPE_PENDING_KEY] = True  # the sidebar is drawn: set it next run
    return user


def logout() -> None:
    """End the login: its session is revoked in the database, the cookie is cleared."""
    token = st.session_state.pop(TOKEN_KEY, None)
    st.session_state.pop(USER_KEY, None)
    st.session_state.pop(NONCE_KEY, None)
    st.session_state[CLEAR_KEY] = secrets.token_hex(8)
    if token:
        with reachable():
            sessions.end_session(db(), token)


def role_label(user: User) -> str:
    """The account's role as the pages name it: 省级团委, or 兵团团委 for the XPCC's account
    (a ``province`` account speaking for the XPCC, which is not a province)."""
    if user.role == "province" and user.province_code == regions.XPCC_KEY:
        return state.t("mgmt.role.xpcc")
    return state.t(f"mgmt.role.{user.role}")
