"""Session state and cached data shared by all pages."""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from geo import dataset, i18n
from geo.scope import Scope


def lang() -> str:
    """The user's language: ``"zh"`` (default) or ``"en"``."""
    return st.session_state.get("lang", i18n.DEFAULT_LANG)


def t(key: str, /, **values: object) -> str:
    """Translate a catalogue key into the session's language."""
    return i18n.t(key, lang(), **values)


@st.cache_resource(show_spinner=False)
def default_layers() -> dataset.Layers:
    """The embedded dataset's four layers, loaded once per server process."""
    return dataset.load_layers()


@st.cache_resource(show_spinner=False)
def boundaries(level: str) -> gpd.GeoDataFrame:
    """Embedded boundaries at ``level`` (``province``, ``city``, ``county``, ``lines``)."""
    return dataset.load_boundaries(level)


def layers() -> dataset.Layers:
    """The layers this session works on: the embedded ones, with any imported replacements."""
    current = default_layers()
    for name, gdf in st.session_state.get("replaced_layers", {}).items():
        current = current.replace(name, gdf)
    return current


def replace_layer(name: str, gdf: gpd.GeoDataFrame) -> None:
    """Replace one layer for the rest of this session (the data page calls this)."""
    replaced = dict(st.session_state.get("replaced_layers", {}))
    replaced[name] = gdf
    st.session_state["replaced_layers"] = replaced


def scope() -> Scope:
    """The scope chosen in the sidebar."""
    return st.session_state.get("scope", Scope())
