"""The "offline HTML" download under a page's map: the same map as one standalone file."""

from __future__ import annotations

import folium
import streamlit as st

from geo.export import labels
from geo.export.html import map_html
from ui.state import lang, t


def html_bytes(m: folium.Map, title: str) -> bytes:
    """The standalone page of ``m`` (assets inlined, opens with no internet), UTF-8."""
    return map_html(m, title, lang()).encode("utf-8")


def html_button(m: folium.Map, title: str, key: str, container=None) -> None:
    """A download button offering ``m`` as ``{title}.html``, built when clicked (named in
    the page's language, 覆盖地图.html; it was coverage_map.html).

    Parameters
    ----------
    m
        The page's map, never rendered itself (``ui.maps.show`` renders a copy).
    title
        The HTML page's title (escaped) and the file's name.
    key
        Widget key.
    container
        Where to draw the button; default the page.
    """
    where = container if container is not None else st
    where.download_button(
        t("common.download_html"),
        lambda: html_bytes(m, title),
        f"{labels.file_stem(title)}.html",
        "text/html",
        key=key,
        on_click="ignore",
    )
