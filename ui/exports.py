"""The "offline HTML" download under a page's map: the same map as one standalone file."""

from __future__ import annotations

from collections.abc import Iterable

import folium
import streamlit as st

from geo.export import labels
from geo.export.html import map_html
from ui.state import lang, layers, t


def html_bytes(
    m: folium.Map, title: str, note: str | None = None, language: str | None = None
) -> bytes:
    """The standalone page of ``m`` (assets inlined, opens with no internet), UTF-8, with
    ``note`` (the simulated-data note) over the map; its words in ``language`` (default
    the page's)."""
    return map_html(m, title, language or lang(), note).encode("utf-8")


def simulated_note(drawn: Iterable[str]) -> str | None:
    """The simulated-data note of a map of this session's layers drawing the data layers
    ``drawn``, as the exported PNG, PDF and slides print it; ``None`` when none of them is
    simulated (the user's own layers)."""
    held = layers()
    return labels.simulated_note(sorted(held.simulated), held.seed, lang(), drawn)


def html_button(
    m: folium.Map, title: str, key: str, container=None, *, drawn: Iterable[str]
) -> None:
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
    drawn
        The data layers the map draws points of (``"communities"``, ``"youth_homes"`` …):
        the page says which of them are simulated (:func:`simulated_note`).
    """
    where = container if container is not None else st
    # read now, in the page's run: the file is made later, when clicked
    note, language = simulated_note(drawn), lang()
    where.download_button(
        t("common.download_html"),
        lambda: html_bytes(m, title, note, language),
        f"{labels.file_stem(title)}.html",
        "text/html",
        key=key,
        on_click="ignore",
    )
