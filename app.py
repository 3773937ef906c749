"""YouthMap — 社区青春行动选点平台: the Streamlit entry point.

Sets up page navigation, the sidebar scope shared by every page (全国 → region →
province → city), the language switch and the basemap choice, and shows a notice whenever
simulated layers are on screen. Pages live in ``pages/``; analysis lives in ``geo/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import ui.preload  # noqa: F401  first: see ui/preload.py

import streamlit as st

from geo import i18n
from geo.core import regions
from geo.core.scope import Scope
from geo.export.labels import place_label, province_name
from ui import areas as uareas
from ui import auth as uauth
from ui import drafts as udrafts
from ui import login as ulogin
from ui import session, state

HERE = Path(__file__).parent

# Pages in menu order: file, title key, icon. (A comment, not a docstring: Streamlit's
# "magic" would print a bare string at the top of every page.)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("pages/overview.py", "page.overview", ":material/map:"),
    ("pages/data.py", "page.data", ":material/upload_file:"),
    ("pages/coverage.py", "page.coverage", ":material/radar:"),
    ("pages/scoring.py", "page.scoring", ":material/leaderboard:"),
    ("pages/selection.py", "page.selection", ":material/checklist:"),
    ("pages/pairing.py", "page.pairing", ":material/school:"),
    ("pages/management.py", "page.management", ":material/assignment_turned_in:"),
    ("pages/progress.py", "page.records", ":material/trending_up:"),
    ("pages/present.py", "page.present", ":material/slideshow:"),
)

BASEMAPS: tuple[str, ...] = ("offline", "osm", "amap", "tianditu")

# The window's title is set in main(), once the language is known (it was Chinese in English)
st.set_page_config(page_icon="🗺️", layout="wide")


def _select(
    label: str,
    options: list[Any],
    format_func: Callable[[Any], str],
    key: str,
    *,
    relabel: bool = False,
) -> str | None:
    """A sidebar select box whose choice survives page switches (see ``ui.state.keep``).

    ``None`` stands for "all" (全国, 全部): Streamlit shows an empty box for a ``None``
    value, so its label is also the placeholder. With ``relabel`` (the language has just
    changed) the value is written again before the box is drawn, which makes Streamlit send
    it to the browser under the new labels; otherwise the browser keeps showing the old
    label, sends it back with the next choice made anywhere in the sidebar, and the box falls
    back to its first option (the scope was lost one click after a language switch).
    """
    state.keep(key)
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    elif relabel:
        st.session_state[key] = st.session_state[key]
    value = st.selectbox(
        label,
        options=options,
        format_func=format_func,
        key=key,
        placeholder=format_func(None) if None in options else state.placeholder(options),
    )
    state.remember(key, value)
    return value


def _relabel_page_choices() -> None:
    """After a language switch, write the page's text choices back before it draws them.

    The page's select boxes, radios and multiselects have the same trouble as the sidebar's
    (see :func:`_select`): the browser keeps the old labels and sends them back with the next
    interaction, which resets each choice to its default. Writing a value back makes
    Streamlit send it under the new labels. Only text values (and lists of text) are
    written: buttons, uploads, tables and maps hold other types, and Streamlit refuses
    writes to them; a text box written back keeps its text.
    """
    for key in list(st.session_state.keys()):
        if key in state.SHELL_DEFAULTS or str(key).startswith("_"):
            continue
        value = st.session_state[key]
        if isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        ):
            st.session_state[key] = value


def _sidebar() -> None:
    with st.sidebar:
        lang = _select(
            "语言 / Language",
            list(i18n.LANGS),
            lambda k: "中文" if k == "zh" else "English",
            "lang",
        )
        relabel = st.session_state.get("_sidebar_lang", lang) != lang
        st.session_state["_sidebar_lang"] = lang
        if relabel:
            _relabel_page_choices()

        # The labels read the language chosen above, never the session: AppTest calls a
        # format_func again outside the run, where the session is not available.
        def t(key: str) -> str:
            return i18n.t(key, lang)

        if lang == "en":
            st.caption(t("app.names_note"))
        st.subheader(t("app.scope"))
        region = _select(
            t("app.scope.region"),
            [None, *regions.REGIONS],
            lambda k: t("app.scope.national") if k is None else t(f"region.{k}"),
            "scope_region",
            relabel=relabel,
        )
        provinces = [p for p in regions.action_provinces() if region is None or p.region == region]
        province = _select(
            t("app.scope.province"),
            [None, *(p.code for p in provinces)],
            lambda c: t("app.scope.all") if c is None else province_name(c, lang),
            "scope_province",
            relabel=relabel,
        )
        city = None
        if province:
            cities = state.boundaries("city")
            cities = cities[cities["province_code"] == province].sort_values("code")
            names = dict(zip(cities["code"], cities["name"], strict=True))
            city = _select(
                t("app.scope.city"),
                [None, *names],
                lambda c: t("app.scope.all") if c is None else place_label(names[c], lang),
                "scope_city",
                relabel=relabel,
            )
        else:  # no city box: forget the city (the address bar would keep it otherwise)
            st.session_state["scope_city"] = None
            state.remember("scope_city", None)
        session.put(session.SCOPE, Scope(region=region, province_code=province, city_code=city))
        _select(
            t("app.basemap"),
            list(BASEMAPS),
            lambda k: t(f"basemap.{k}"),
            "basemap",
            relabel=relabel,
        )


def _province_name(code: str, lang: str) -> str:
    p = regions.province(code)
    return p.name if lang == "zh" else p.name_en


def _login_gate() -> None:
    """Signed out: the login form at every page's address. A reload of /selection after the
    session ended (or expired) shows the form there, never Streamlit's "Page not found", and
    after the login the page asked for opens."""
    title = state.t("page.login")
    gate = [st.Page(ulogin.show, title=title, url_path="login", default=True)]
    gate += [
        st.Page(ulogin.show, title=title, url_path=Path(path).stem, visibility="hidden")
        for path, _, _ in PAGES
    ]
    st.navigation(gate, position="hidden").run()


def main() -> None:
    state.run_through_navigation()
    state.seed_from_url(
        {
            "lang": set(i18n.LANGS),
            "scope_region": set(regions.REGIONS),
            "scope_province": {p.code for p in regions.action_provinces()},
            "scope_city": None,
            "basemap": set(BASEMAPS),
        }
    )
    session.empty_boxes()  # the reason and name boxes a landed write asked to empty
    uauth.restore_login()  # a reload or a new tab: the login kept in the browser's cookie
    udrafts.restore()  # once per login: the account's saved selection work
    _sidebar()
    st.set_page_config(page_title=state.t("app.title"))  # the browser tab's, in the language
    state.sync_url()
    uauth.refuse_unsafe_serving()  # on a network: logins on and an account, or nothing
    signed_out = uauth.login_required() and uauth.current_user() is None
    uauth.keep_cookie()  # after the check above, which may have ended a revoked session
    login = st.Page(  # signed in, the page shows the account and its logout button
        "pages/login.py",
        title=state.t("page.login" if signed_out else "page.account"),
        icon=":material/login:" if signed_out else ":material/account_circle:",
    )
    # Streamlit's own English words (uploaders, typing hints, "No results", a lost
    # connection) in the page's language, and the page's language declared (<html lang>):
    # one element, one gap above the page
    chrome = state.uploader_css() + state.streamlit_words_css() + state.page_language_script()
    st.html(chrome, unsafe_allow_javascript=True)
    if signed_out:
        _login_gate()
        return
    pages = [
        st.Page(path, title=state.t(title), icon=icon, default=(i == 0))
        for i, (path, title, icon) in enumerate(PAGES)
        if (HERE / path).exists()
    ]
    nav = st.navigation(pages + ([login] if uauth.login_required() else []))
    simulated = state.layers().simulated
    if uareas.covers_scope():  # the scope's communities are its own real list
        simulated = simulated - {"communities"}
    if simulated:
        layers = i18n.layer_names(simulated, state.lang())  # the simulated ones only
        seed = state.layers().seed  # None when a file brought simulated rows (seed unknown)
        if seed is None:
            st.info(state.t("app.simulated_file", layers=layers), icon="ℹ️")
        else:
            st.info(state.t("app.simulated_notice", layers=layers, seed=seed), icon="ℹ️")
    uareas.notice(state.t)
    with uauth.reachable():  # the database failed in the middle of the page: a sentence
        nav.run()


main()
