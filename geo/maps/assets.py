"""Offline map assets: the JavaScript and CSS that folium would load from CDNs.

folium, its plugins and streamlit-folium reference Leaflet, jQuery, Bootstrap, Font
Awesome, awesome-markers and markercluster on public CDNs, so a map stays an empty grey
box on a network without internet. The same files, vendored from the npm registry with
their licences, live in ``static/vendor/`` beside ``app.py``; Streamlit serves that
folder at ``/app/static/`` (``server.enableStaticServing``).

:func:`localize` rewrites the asset lists of one map and all its children (instance
attributes, never folium's class attributes) to those local URLs; :func:`asset_paths`
gives the local files behind each URL, for exports that inline them into a standalone
HTML file (:func:`inline_assets`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from branca.element import Element

from geo.core._resources import app_root

STATIC_DIR: Path = app_root() / "static"
"""The folder Streamlit serves at ``/app/static/`` (beside ``app.py``)."""

VENDOR_DIR: Path = STATIC_DIR / "vendor"
"""Vendored third-party assets, one folder per npm package with its licence."""

STATIC_URL: str = "/app/static"
"""URL prefix under which Streamlit serves :data:`STATIC_DIR`."""

# CDN file name (last path part of folium's URLs) -> file under static/vendor/.
_BY_FILENAME: dict[str, str] = {
    "leaflet.js": "leaflet/leaflet.js",
    "leaflet.css": "leaflet/leaflet.css",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "jquery.min.js": "jquery/jquery.min.js",
    "bootstrap.bundle.min.js": "bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap.min.css": "bootstrap/css/bootstrap.min.css",
    "leaflet.awesome-markers.js": "leaflet.awesome-markers/leaflet.awesome-markers.js",
    "leaflet.awesome-markers.css": "leaflet.awesome-markers/leaflet.awesome-markers.css",
    "all.min.css": "fontawesome-free/css/all.min.css",
    "leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
    "MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
    "MarkerCluster.Default.css": "leaflet.markercluster/MarkerCluster.Default.css",
    "Control.FullScreen.min.js": "leaflet.fullscreen/Control.FullScreen.js",
    "Control.FullScreen.js": "leaflet.fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
}

# Assets folium lists that YouthMap maps never need (Bootstrap 3 glyphicons, folium's
# rotated-icon CSS): dropped rather than fetched.
_DROPPED: frozenset[str] = frozenset({"bootstrap-glyphicons.css", "leaflet.awesome.rotate.min.css"})

_URL_IN_CSS = re.compile(r"url\((['\"]?)(?!data:|#)([^)'\"]+)\1\)")


def local_url(url: str) -> str | None:
    """The local ``/app/static/vendor/…`` URL serving the same file as a CDN ``url``.

    Parameters
    ----------
    url
        An asset URL as listed by folium or a plugin (``default_js`` / ``default_css``).

    Returns
    -------
    str or None
        The local URL, the same ``url`` when it is already local, or ``None`` when the
        asset is not vendored.
    """
    if not url.startswith(("http://", "https://", "//")):
        return url
    filename = url.rsplit("/", 1)[-1].split("?", 1)[0]
    target = _BY_FILENAME.get(filename)
    return f"{STATIC_URL}/vendor/{target}" if target else None


def _localize_list(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        filename = url.rsplit("/", 1)[-1]
        if filename in _DROPPED:
            continue
        out.append((name, local_url(url) or url))
    return out


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def localize(element: Element) -> None:
    """Point the asset lists of ``element`` and every descendant at vendored files.

    Sets ``default_js`` / ``default_css`` as instance attributes (folium's class
    attributes stay untouched, so maps built elsewhere keep their CDN links). Assets that
    are not vendored keep their URL, so a test of the rendered HTML finds them.

    Parameters
    ----------
    element
        A ``folium.Map`` (or any branca element) with its children attached.
    """
    for item in _walk(element):
        for attr in ("default_js", "default_css"):
            links = getattr(item, attr, None)
            if links:
                setattr(item, attr, _localize_list(list(links)))


def asset_paths() -> dict[str, Path]:
    """Every vendored asset: local URL → file on disk.

    Returns
    -------
    dict
        ``{"/app/static/vendor/leaflet/leaflet.js": Path(...), ...}`` for every file that
        :func:`local_url` can return.
    """
    return {
        f"{STATIC_URL}/vendor/{rel}": VENDOR_DIR / rel for rel in sorted(set(_BY_FILENAME.values()))
    }


def _inline_css(path: Path) -> str:
    text = path.read_text(encoding="utf-8")

    def _resolve(match: re.Match[str]) -> str:
        ref = (path.parent / match.group(2)).resolve()
        if ref.is_file() and ref.suffix in {".png", ".svg", ".woff2"}:
            import base64

            mime = {".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2"}[
                ref.suffix
            ]
            return f"url(data:{mime};base64,{base64.b64encode(ref.read_bytes()).decode()})"
        return match.group(0)

    return _URL_IN_CSS.sub(_resolve, text)


def inline_assets(html: str) -> str:
    """Replace links to vendored assets in a rendered map page by the files' contents.

    Makes a standalone HTML file (for export, e-mail, a projector laptop) that needs no
    server and no internet. Images and fonts referenced from CSS are embedded as data URLs;
    Font Awesome's TrueType fallbacks are dropped (browsers use the WOFF2 files).

    Parameters
    ----------
    html
        The output of ``m.get_root().render()`` for a map built by :mod:`geo.maps`.

    Returns
    -------
    str
        The same page with ``<script src>`` and ``<link rel=stylesheet>`` to local assets
        inlined.
    """
    paths = asset_paths()

    def _script(match: re.Match[str]) -> str:
        path = paths.get(match.group(1))
        if path is None:
            return match.group(0)
        body = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>{body}</script>"

    def _link(match: re.Match[str]) -> str:
        path = paths.get(match.group(1))
        if path is None:
            return match.group(0)
        return f"<style>{_inline_css(path)}</style>"

    html = re.sub(r'<script src="([^"]+)"></script>', _script, html)
    return re.sub(r'<link rel="stylesheet" href="([^"]+)"\s*/?>', _link, html)
