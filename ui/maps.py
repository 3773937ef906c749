"""Drawing a page's map: its own HTML page in a frame, or ``st_folium`` where clicks count."""

from __future__ import annotations

import folium
import streamlit as st

from geo.export.html import page_html


def show(m: folium.Map, *, height: int, title: str) -> None:
    """Draw ``m`` in a frame of the page's width, ``height`` pixels tall.

    The frame holds the map's own page (:func:`geo.export.html.page_html`: Leaflet from
    the app's static files, the data inline) and sends nothing back, unlike ``st_folium``,
    which loads a component bundle of its own before drawing and reruns the script with
    the map's state. Use ``st_folium`` only where the page reads a click (selection).

    Parameters
    ----------
    m
        The map, not drawn before (it stays undrawn: a copy is rendered).
    height
        Frame height in CSS pixels.
    title
        The frame's accessible name (its ``title`` attribute), e.g. the map's heading.
    """
    st.iframe(page_html(m, title), height=height, alt=title)
