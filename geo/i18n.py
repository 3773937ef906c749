"""User-visible strings in Chinese (default) and English.

Strings live in catalogue modules under :mod:`geo.locales`, one per area of the app
(``common``, ``overview``, ``coverage`` …). Each module defines ``STRINGS``, a dict from a
dotted key (``"overview.title"``) to a ``(zh, en)`` pair. :func:`t` looks a key up and
formats it with keyword arguments.

A key missing from the catalogue is returned as ``⟦key⟧`` so that tests walking every page
can find it; it never raises in front of a user.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
MISSING_MARK = "⟦{}⟧"


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """All strings of every catalogue module, merged (keys must not collide)."""
    from geo import locales

    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(locales.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"geo.locales.{info.name}")
        for key, pair in getattr(module, "STRINGS", {}).items():
            if key in merged and merged[key] != pair:
                raise ValueError(f"string key {key!r} defined twice (in geo.locales.{info.name})")
            merged[key] = pair
    return merged


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """Translate ``key`` into ``lang`` (``"zh"`` or ``"en"``) and format it.

    Parameters
    ----------
    key
        Dotted catalogue key, e.g. ``"overview.title"``.
    lang
        ``"zh"`` (default) or ``"en"``.
    **values
        Substituted into ``{name}`` placeholders.

    Returns
    -------
    str
        The string, or ``⟦key⟧`` when the key is unknown.
    """
    pair = catalogue().get(key)
    if pair is None:
        return MISSING_MARK.format(key)
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()
