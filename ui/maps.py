"""Drawing a page's map: the map's own page in a frame, with clicks reported back if asked."""

from __future__ import annotations

import folium
import streamlit as st

from geo.export.html import page_html
from geo.maps import CLICK_MESSAGE
from ui import state

FRAME_CLASS = "youthmap-map-frame"
"""CSS class of the frame :func:`show_clickable` draws (``st.iframe`` frames have the
``data-testid`` ``stIFrame``)."""

_CLICK_FRAME_JS = """
export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let frame = parentElement.querySelector("iframe");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = %(frame_class)s;
    // as st.iframe's frames: scripts run, the page reaches the app's own static files
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-downloads");
    frame.style.cssText = "width:100%%;border:none;display:block;";
    parentElement.appendChild(frame);
  }
  frame.title = data.title;
  frame.style.height = data.height + "px";
  if (frame.srcdoc !== data.page) { frame.srcdoc = data.page; }
  const onMessage = (event) => {
    const m = event.data;
    if (event.source !== frame.contentWindow || !m || m.type !== %(message)s) { return; }
    if (!Number.isFinite(m.lat) || !Number.isFinite(m.lng)) { return; }
    setStateValue("last_clicked", {lat: m.lat, lng: m.lng});
  };
  window.addEventListener("message", onMessage);
  return () => window.removeEventListener("message", onMessage);
}
"""


def show(m: folium.Map, *, height: int, title: str) -> None:
    """Draw ``m`` in a frame of the page's width, ``height`` pixels tall.

    The frame holds the map's own page (:func:`geo.export.html.page_html`: Leaflet from
    the app's static files, the data inline) and sends nothing back. ``st_folium`` loads a
    component bundle of its own before drawing and reruns the script with the map's state
    once drawn; neither happens here. The same view sends the same page, so a rerun leaves
    the frame (and the user's zoom) as it is.

    Parameters
    ----------
    m
        The map, not rendered before (it stays so: a copy is rendered).
    height
        Frame height in CSS pixels.
    title
        The frame's accessible name (its ``title`` attribute), e.g. the map's heading.
    """
    st.iframe(page_html(m, title, state.lang()), height=height, alt=title)


@st.cache_resource(show_spinner=False)
def _click_frame():
    js = _CLICK_FRAME_JS % {"frame_class": repr(FRAME_CLASS), "message": repr(CLICK_MESSAGE)}
    # no shadow root: the frame needs no style isolation and stays findable in the page
    return st.components.v2.component("youthmap.click_frame", js=js, isolate_styles=False)


def show_clickable(m: folium.Map, *, height: int, title: str, key: str) -> dict | None:
    """Draw ``m`` as :func:`show` does and return where the user last clicked on it.

    The frame sits in a Streamlit component (``st.components.v2``, no bundle to load): the
    map, made with :func:`geo.maps.report_clicks`, posts each click to it, and the
    component reruns the script with the new position. Nothing is sent back until a click.

    Parameters
    ----------
    m
        The map, not rendered before, with :func:`geo.maps.report_clicks`.
    height
        Frame height in CSS pixels.
    title
        The frame's accessible name.
    key
        Widget key: the last click is kept under it for the session.

    Returns
    -------
    dict or None
        ``{"lat": …, "lng": …}`` of the last click in the basemap's coordinates (GCJ-02
        on AMap tiles), or ``None`` before the first click.
    """
    result = _click_frame()(
        key=key,
        data={"page": page_html(m, title, state.lang()), "title": title, "height": height},
        height=height,
        on_last_clicked_change=lambda: None,
    )
    return result.get("last_clicked")
