"""A folium map as one standalone HTML file that opens with no server and no internet.

Leaflet, its plugins and their CSS (with images and fonts) are inlined from the files
vendored in ``static/vendor/`` (see :mod:`geo.maps.assets`), so the file can be e-mailed
or copied to a projector laptop. Point and boundary data are already inside the page.
Tiles of an online basemap (OpenStreetMap, AMap, Tianditu) still need the internet; the
offline basemap needs nothing.
"""

from __future__ import annotations

import copy
import html as _html
import re
from pathlib import Path

import folium

from geo import i18n
from geo.maps.assets import inline_assets

_EXTERNAL_ASSET = re.compile(
    r"<script[^>]+src=\"(?:https?:)?//[^\"]+\"[^>]*>\s*</script>|"
    r"<link[^>]+href=\"(?:https?:)?//[^\"]+\"[^>]*>",
    re.IGNORECASE,
)


def external_assets(page: str) -> list[str]:
    """The ``<script src>`` and ``<link href>`` tags of ``page`` that load from another host."""
    return _EXTERNAL_ASSET.findall(page)


def _with_head(page: str, title: str | None, lang: str | None = None) -> str:
    """``page`` with its ``<title>`` and, with ``lang``, its language declared on ``<html>``
    (folium writes a bare ``<html>``; :data:`geo.i18n.LANG_TAGS` says why)."""
    if lang is not None:
        page = page.replace("<html>", f'<html lang="{i18n.LANG_TAGS[lang]}">', 1)
    if not title:
        return page
    tag = f"<title>{_html.escape(title)}</title>"
    return page.replace("<head>", f'<head>\n<meta charset="utf-8" />\n{tag}', 1)


NOTE_CLASS = "youthmap-note"
"""Class of the box of the page's note (the simulated-data note), over the map's top edge."""

_NOTE_STYLE = (
    "position:fixed;top:10px;left:50%;transform:translateX(-50%);z-index:1001;"
    "max-width:min(60%,640px);padding:6px 10px;background:rgba(255,255,255,0.92);"
    "border:1px solid #b45309;border-radius:4px;color:#7c2d12;font:13px/1.4 sans-serif;"
    "text-align:center;box-shadow:0 1px 4px rgba(0,0,0,0.25)"
)


def _with_note(page: str, note: str | None) -> str:
    """``page`` with ``note`` (escaped) in a box over the top of the map, first in its body;
    between the zoom buttons (upper left) and the layer switcher (upper right), clear of
    the legend, scale and sources along the bottom."""
    if not note:
        return page
    box = f'<div class="{NOTE_CLASS}" role="note" style="{_NOTE_STYLE}">{_html.escape(note)}</div>'
    head, sep, rest = page.partition("<body>")
    if not sep:
        raise ValueError("the page has no <body> to hold its note")
    return f"{head}<body>\n{box}{rest}"


def _check_undrawn(folium_map: folium.Map) -> None:
    if folium_map.get_root().script._children:
        raise ValueError("the map was rendered before: export or draw an undrawn map")


def page_html(folium_map: folium.Map, title: str | None = None, lang: str | None = None) -> str:
    """The HTML page of ``folium_map`` as the app serves it: assets stay links.

    The page an app frame shows (``st.iframe``): Leaflet and its CSS are loaded from
    the app's ``/app/static/vendor/`` (:mod:`geo.maps.assets`), so a browser fetches them
    once and keeps them in its cache; points and boundaries are inside the page. The same
    undrawn map gives the same page on every call (a frame showing it is not reloaded
    when the app reruns).

    Parameters
    ----------
    folium_map
        A map built by :mod:`geo.maps`, not rendered yet. A copy is rendered, so the map
        can be drawn or exported again.
    title
        Text of the page's ``<title>`` (escaped).
    lang
        The language of the map's words (``"zh"``, ``"en"``), declared on ``<html>``.

    Returns
    -------
    str
        The page.

    Raises
    ------
    ValueError
        If the map was rendered before: rendering it again would create the map twice.
    """
    _check_undrawn(folium_map)
    return _with_head(copy.deepcopy(folium_map).get_root().render(), title, lang)


def map_html(
    folium_map: folium.Map,
    title: str | None = None,
    lang: str | None = None,
    note: str | None = None,
) -> str:
    """The standalone HTML of ``folium_map``: every vendored asset inlined.

    Parameters
    ----------
    folium_map
        A map built by :mod:`geo.maps` (its assets point at the vendored files) and not
        rendered yet. A copy is rendered, so the map can still be drawn afterwards.
    title
        Text of the page's ``<title>`` (escaped).
    lang
        The language of the map's words (``"zh"``, ``"en"``), declared on ``<html>``.
    note
        Text shown on the page in a box over the map (escaped): the simulated-data note
        the map's PNG, PDF and slides print (:func:`geo.export.labels.simulated_note`,
        :func:`geo.export.story.step_note`). ``None``: no box.

    Returns
    -------
    str
        The page. Assets that are not vendored (none for maps built by :mod:`geo.maps`)
        are dropped rather than left to fail, so the page never waits on the network.

    Raises
    ------
    ValueError
        If the map was rendered before (e.g. drawn by ``st_folium``, which renames its
        elements): rendering it again would create the map twice and break the page.
    """
    _check_undrawn(folium_map)
    page = inline_assets(copy.deepcopy(folium_map).get_root().render())
    return _with_note(_with_head(_EXTERNAL_ASSET.sub("", page), title, lang), note)


def export_html(
    folium_map: folium.Map,
    path: str | Path | None = None,
    title: str | None = None,
    lang: str | None = None,
    note: str | None = None,
) -> str | Path:
    """Write ``folium_map`` as one standalone HTML file (see :func:`map_html`).

    Parameters
    ----------
    folium_map
        The map.
    path
        Output file (``.html``); ``None`` returns the page as text.
    title
        Page title.
    lang
        The language of the map's words, declared on ``<html>``.
    note
        The simulated-data note, shown over the map (see :func:`map_html`).

    Returns
    -------
    str or pathlib.Path
        The page when ``path`` is ``None``, else the path written.
    """
    page = map_html(folium_map, title, lang, note)
    if path is None:
        return page
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
