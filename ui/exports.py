"""The "offline HTML" download under a page's map: the same map as one standalone file."""

from __future__ import annotations

import folium
import streamlit as st

from geo.export.html import map_html
from ui.state import t


def html_bytes(m: folium.Map, title: str) -> bytes:
    """The standalone page of ``m`` (assets inlined, opens with no internet), UTF-8."""
    return map_html(m, title).encode("utf-8")


def html_button(m: folium.Map, title: str, stem: str, key: str, container=None) -> None:
    """A download button offering ``m`` as ``{stem}.html``, built when clicked.

    Parameters
    ----------
    m
        The page's map, never rendered itself (``ui.maps.show`` renders a copy).
    title
        The HTML page's title (escaped).
    stem
        File name without extension.
    key
        Widget key.
    container
        Where to draw the button; default the page.
    """
    where = container if container is not None else st
    where.download_button(
        t("common.download_html"),
        lambda: html_bytes(m, title),
        f"{stem}.html",
        "text/html",
        key=key,
        on_click="ignore",
    )
