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


UNDEFINED = "—"
"""How a figure the data leave undefined (a rate of 0/0) is written, in any language."""


def percent(value: float, digits: int = 1) -> str:
    """``value`` (a share, 0–1) as a percentage, or :data:`UNDEFINED` when it is NaN."""
    if value != value:  # NaN
        return UNDEFINED
    return f"{value:.{digits}%}"


LAYER_ORDER: tuple[str, ...] = ("communities", "youth_homes", "campuses", "resident_units")


def layer_names(names: object, lang: str = DEFAULT_LANG) -> str:
    """The layers ``names`` (e.g. the simulated ones) as one phrase in ``lang``, in the
    app's layer order: "社区、青年之家" or "communities, Youth Homes"."""
    chosen = [n for n in LAYER_ORDER if n in set(names)]  # type: ignore[call-overload]
    words = [t(f"layer.{n}", lang) for n in chosen]
    return "、".join(words) if lang == "zh" else ", ".join(words)


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()
