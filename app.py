"""YouthMap — 社区青春行动选点平台: the Streamlit entry point.

Sets up page navigation, the sidebar scope shared by every page (全国 → region →
province → city), the language switch and the basemap choice, and shows a notice whenever
simulated layers are on screen. Pages live in ``pages/``; analysis lives in ``geo/``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo import i18n, regions
from geo.scope import Scope
from ui import auth as uauth
from ui import state

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
    ("pages/present.py", "page.present", ":material/slideshow:"),
)

BASEMAPS: tuple[str, ...] = ("offline", "osm", "amap", "tianditu")

st.set_page_config(page_title="YouthMap 社区青春行动选点平台", page_icon="🗺️", layout="wide")


def _sidebar() -> None:
    with st.sidebar:
        st.selectbox(
            "语言 / Language",
            options=list(i18n.LANGS),
            format_func=lambda k: "中文" if k == "zh" else "English",
            key="lang",
        )
        t = state.t
        st.subheader(t("app.scope"))
        region = st.selectbox(
            t("app.scope.region"),
            options=[None, *regions.REGIONS],
            format_func=lambda k: t("app.scope.national") if k is None else t(f"region.{k}"),
            key="scope_region",
        )
        provinces = [p for p in regions.action_provinces() if region is None or p.region == region]
        codes = [p.code for p in provinces]
        if st.session_state.get("scope_province") not in [None, *codes]:
            st.session_state["scope_province"] = None
        province = st.selectbox(
            t("app.scope.province"),
            options=[None, *codes],
            format_func=lambda c: t("app.scope.all")
            if c is None
            else (regions.province(c).name if state.lang() == "zh" else regions.province(c).name_en),
            key="scope_province",
        )
        city = None
        if province:
            cities = state.boundaries("city")
            cities = cities[cities["province_code"] == province].sort_values("code")
            names = dict(zip(cities["code"], cities["name"], strict=True))
            if st.session_state.get("scope_city") not in [None, *names]:
                st.session_state["scope_city"] = None
            city = st.selectbox(
                t("app.scope.city"),
                options=[None, *names],
                format_func=lambda c: t("app.scope.all") if c is None else names[c],
                key="scope_city",
            )
        st.session_state["scope"] = Scope(region=region, province_code=province, city_code=city)
        st.selectbox(
            t("app.basemap"),
            options=list(BASEMAPS),
            format_func=lambda k: t(f"basemap.{k}"),
            key="basemap",
        )


def _seed_from_url() -> None:
    """Seed language, scope and basemap once per session from a link such as
    ``/?province=44&city=4401&lang=en&basemap=offline`` (bookmarks for meetings, browser tests).
    Unknown values are ignored; the sidebar drops a province or city outside the chosen scope."""
    if st.session_state.get("_url_seeded"):
        return
    st.session_state["_url_seeded"] = True
    allowed = {
        "lang": ("lang", set(i18n.LANGS)),
        "region": ("scope_region", set(regions.REGIONS)),
        "province": ("scope_province", {p.code for p in regions.action_provinces()}),
        "city": ("scope_city", None),
        "basemap": ("basemap", set(BASEMAPS)),
    }
    for param, (key, values) in allowed.items():
        value = st.query_params.get(param)
        if value and (values is None or value in values):
            st.session_state[key] = value


def main() -> None:
    _seed_from_url()
    st.session_state.setdefault("lang", i18n.DEFAULT_LANG)
    st.session_state.setdefault("basemap", "offline")
    _sidebar()
    login = st.Page("pages/login.py", title=state.t("page.login"), icon=":material/login:")
    if uauth.login_required() and uauth.current_user() is None:
        st.navigation([login]).run()  # a shared deployment: nothing but the login page
        return
    pages = [
        st.Page(path, title=state.t(title), icon=icon, default=(i == 0))
        for i, (path, title, icon) in enumerate(PAGES)
        if (HERE / path).exists()
    ]
    nav = st.navigation(pages + ([login] if uauth.login_required() else []))
    simulated = state.layers().simulated
    if simulated:
        st.info(state.t("app.simulated_notice", seed=state.layers().seed), icon="ℹ️")
    nav.run()


main()
