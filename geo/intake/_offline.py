"""GDAL's web requests, answered in the process: an upload never makes the server fetch a URL.

A GeoJSON's legacy ``crs`` member of type ``link`` or ``URL`` (at the top or on any
geometry) makes GDAL fetch its ``href`` over HTTP to learn the coordinate system
(``OGRSpatialReference::importFromUrl``). A user's upload could so make the server send a
request to any address it can reach (its own services, the cloud's metadata address): seen
here, a 1 KB GeoJSON made the app request ``http://127.0.0.1:8765/link``. The JSON's text
cannot be screened reliably for it (json-c decodes ``\\u`` escapes in keys and values,
accepts comments and single quotes, and GDAL compares names case-insensitively), and
GDAL has no setting that turns its HTTP client off (``GDAL_HTTP_PROXY`` is bypassed by the
``NO_PROXY`` environment variable).

So every request GDAL's HTTP layer would make (``CPLHTTPFetchEx``) goes to a callback
installed once with ``CPLHTTPSetFetchCallback`` (GDAL ≥ 3.2), which answers with an empty
result without touching the network and notes the URL; the reader then refuses the file
(:func:`watch`). A callback answering ``NULL`` would hand the request on to curl, so the
answer is a zeroed ``CPLHTTPResult`` allocated by GDAL (it frees it). ``/vsicurl/`` and the
other network file systems do not go through this layer; paths and content naming them are
refused before GDAL is called (:mod:`geo.intake._vector`).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import threading
from collections.abc import Iterator
from pathlib import Path

_FETCH = ctypes.CFUNCTYPE(
    ctypes.c_void_p,  # CPLHTTPResult *
    ctypes.c_char_p,  # pszURL
    ctypes.c_void_p,  # papszOptions
    ctypes.c_void_p,  # pfnProgress
    ctypes.c_void_p,  # pProgressArg
    ctypes.c_void_p,  # pfnWrite
    ctypes.c_void_p,  # pWriteArg
    ctypes.c_void_p,  # pUserData
)
RESULT_BYTES = 256
"""Bytes allocated for the empty answer: more than ``sizeof(CPLHTTPResult)`` (72 on 64-bit
systems), all zero: status 0, no data, no headers."""


class _Guard:
    """The installed callback, and the URLs asked for on each thread while watched."""

    def __init__(self, gdal: ctypes.CDLL) -> None:
        self._calloc = gdal.CPLCalloc
        self._calloc.restype = ctypes.c_void_p
        self._calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
        self.local = threading.local()
        self._callback = _FETCH(self._fetch)  # kept referenced for as long as GDAL may call it
        install = gdal.CPLHTTPSetFetchCallback
        install.restype = None
        install.argtypes = [_FETCH, ctypes.c_void_p]
        install(self._callback, None)

    def _fetch(self, url: bytes | None, *_: object) -> int | None:
        asked = getattr(self.local, "urls", None)
        if asked is not None:
            asked.append((url or b"").decode("utf-8", "replace"))
        result: int | None = self._calloc(1, RESULT_BYTES)
        return result


def _loaded_gdal() -> Path | None:
    """The GDAL library pyogrio has loaded: from the process's memory map on Linux (the
    copy in pyogrio's wheel first, should another package have loaded a GDAL of its own),
    else the copy bundled in pyogrio's wheel (macOS ``.dylibs``, Windows ``pyogrio.libs``)."""
    import pyogrio

    package = Path(pyogrio.__file__).resolve().parent
    bundled = (package / ".dylibs", package.parent / "pyogrio.libs")
    maps = Path("/proc/self/maps")
    if maps.exists():
        loaded = {
            Path(fields[5])
            for line in maps.read_text().splitlines()
            if len(fields := line.split(maxsplit=5)) == 6
            and Path(fields[5]).name.startswith("libgdal")
        }
        ranked = sorted(loaded, key=lambda p: (p.resolve().parent not in bundled, str(p)))
        for path in ranked:
            if path.exists():
                return path
    for folder in bundled:
        for pattern in ("libgdal*", "gdal*.dll"):
            for path in sorted(folder.glob(pattern)):
                return path
    return None


_INSTALLING = threading.Lock()
"""Held while the callback is installed: GDAL's setter must not run twice at once, and the
app's sessions read uploads on threads of their own."""


def guard() -> _Guard | None:
    """Install the callback once per process; ``None`` where GDAL's library cannot be found
    (then :func:`installed` says so; the tests require it on the platforms deployed)."""
    with _INSTALLING:
        return _install()


@functools.cache
def _install() -> _Guard | None:
    import pyogrio._ogr  # noqa: F401  (loads GDAL)

    path = _loaded_gdal()
    if path is None:
        return None
    gdal = ctypes.CDLL(str(path))
    if not hasattr(gdal, "CPLHTTPSetFetchCallback"):
        return None
    return _Guard(gdal)


def installed() -> bool:
    """Whether GDAL's web requests are answered in the process (see :func:`guard`)."""
    return guard() is not None


@contextlib.contextmanager
def watch() -> Iterator[list[str]]:
    """Collect the URLs GDAL asks for on this thread inside the ``with`` block.

    Yields
    ------
    list of str
        Filled as GDAL asks; none of them is fetched.
    """
    active = guard()
    urls: list[str] = []
    if active is None:
        yield urls
        return
    previous = getattr(active.local, "urls", None)
    active.local.urls = urls
    try:
        yield urls
    finally:
        active.local.urls = previous
