"""User-visible strings in Chinese (default) and English.

Strings live in catalogue modules under :mod:`geo.locales`, one per area of the app
(``common``, ``overview``, ``coverage`` …). Each module defines ``STRINGS``, a dict from a
dotted key (``"overview.title"``) to a ``(zh, en)`` pair. :func:`t` looks a key up and
formats it with keyword arguments.

A key missing from the catalogue is returned as ``⟦key⟧`` so that tests walking every page
can find it; it never raises in front of a user.
"""

from __future__ import annotations

import dataclasses
import importlib
import numbers
import pkgutil
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

    from geo.core.errors import Problem

Lang = Literal["zh", "en"]
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"
MISSING_MARK = "⟦{}⟧"
LANG_TAGS: dict[str, str] = {"zh": "zh-CN", "en": "en"}
"""Each language's tag as HTML declares it (``<html lang>``), so that a browser chooses a
Chinese font for Chinese text (not, on some systems, a Japanese font's forms of the same
characters) and a screen reader reads it as Chinese."""


@dataclass(frozen=True)
class Term:
    """A message parameter that is itself words, rendered in the reader's language.

    Either a catalogue ``key`` (``Term("data.crs.gcj02")``) or a pair of texts
    (``Term(zh="常住人口", en="Population")``, e.g. a column label of a schema).
    """

    key: str | None = None
    zh: str = ""
    en: str = ""


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
    if not values:
        return text
    text = text.format(**_grouped(text, values))
    return _ONE_EN.sub(_singular, text) if lang == "en" else text


COUNT_FIELDS: frozenset[str] = frozenset(
    {
        *("n", "total", "rows", "valid", "errors", "warnings", "added", "removed", "updated"),
        *("unchanged", "shown", "covered", "chosen", "recommended", "filed", "carried"),
        *("communities", "homes", "campuses", "need", "sum", "quota", "minimum", "baseline"),
        *("paired", "unpaired", "population", "limit", "found"),
        *("noise", "bad", "continued", "exited", "rest", "caps"),
    }
)
"""Placeholders that hold counts: an integer given for one of them, where the catalogue
gives no format of its own, is written with thousands separators ("1,000 communities"), as
tables and metrics write them, in a message (:func:`t`) as in a problem
(:func:`problem_text`). Row numbers, years, codes and versions are not counts."""


def _grouped(text: str, values: dict[str, object]) -> dict[str, object]:
    """``values`` with the integer counts :data:`COUNT_FIELDS` names grouped by thousands,
    where ``text`` formats them plainly (``{n}``, not ``{n:,}`` or ``{n:.0f}``)."""
    plain = {
        name
        for _, name, spec, conversion in _FORMATTER.parse(text)
        if name in COUNT_FIELDS and not spec and not conversion
    }
    return {
        k: f"{v:,}"
        if k in plain and isinstance(v, numbers.Integral) and not isinstance(v, bool)
        else v
        for k, v in values.items()
    }


_FORMATTER = string.Formatter()


def _singular(m: re.Match[str]) -> str:
    verb = m.group(3) or ""
    return m.group(1) + _SINGULAR_EN[m.group(2)] + _VERB_ONE.get(verb, verb)


_SINGULAR_EN: dict[str, str] = {
    "communities": "community",
    "campuses": "campus",
    "activities": "activity",
    **{
        f"{word}s": word
        for word in (
            *("account", "row", "site", "seat", "warning", "character", "byte", "file"),
            *("replacement", "gap", "error", "column", "version", "province", "problem"),
            *("plan", "pair", "layer", "feature", "day", "cell", "candidate", "minute"),
            *("second", "record", "point", "unit", "evaluation", "filing", "agreement"),
            "connection",
        )
    },
}
"""English plural nouns a count in a message may stand before, and their singular."""
_VERB_ONE: dict[str, str] = {" are": " is", " have": " has", " were": " was"}
"""A verb right after such a count agrees with it: "1 community has"."""
_BETWEEN_EN: tuple[str, ...] = (
    *("new", "more", "valid", "candidate", "expert", "proposed", "simulated", "required"),
    *("launched", "filed", "recommended", "chosen", "scattered", "uncovered"),
    *("nearest", "partner", "agreed", "other"),
)
"""Words that may stand between a count and its noun ("1 new site", "1 more unit has")."""
_ONE_EN = re.compile(
    r"((?<![\d.,])1 (?:(?:"
    + "|".join(_BETWEEN_EN)
    + r") )*)("
    + "|".join(sorted(_SINGULAR_EN, key=len, reverse=True))
    + r")\b( (?:are|have|were)\b)?"
)
"""A count of exactly one before a plural noun, perhaps with a word such as "new" between:
the catalogue's English is in the plural, the usual case, and "1 communities" is written
"1 community" (Chinese has no plural)."""


UNDEFINED = "—"
"""How a figure the data leave undefined (a rate of 0/0) is written, in any language."""


def percent(value: float, digits: int = 1) -> str:
    """``value`` (a share, 0–1) as a percentage, or :data:`UNDEFINED` when it is NaN."""
    if value != value:  # NaN
        return UNDEFINED
    return f"{value:.{digits}%}"


LAYER_ORDER: tuple[str, ...] = ("communities", "youth_homes", "campuses", "resident_units")


def join(items: Iterable[object], lang: str = DEFAULT_LANG, *, clauses: bool = False) -> str:
    """``items`` as one phrase written as ``lang`` writes a list: "社区、青年之家" or
    "communities, Youth Homes"; with ``clauses``, parts of a sentence: "甲；乙" or "a; b"."""
    if clauses:
        return ("；" if lang == "zh" else "; ").join(map(str, items))
    return ("、" if lang == "zh" else ", ").join(map(str, items))


def listing(items: Iterable[object]) -> Term:
    """Names (of sheets, layers, files) as one message parameter, joined as the reader's
    language writes a list when the message is rendered (:func:`join`)."""
    words = list(items)
    return Term(zh=join(words, "zh"), en=join(words, "en"))


def layer_names(names: object, lang: str = DEFAULT_LANG) -> str:
    """The layers ``names`` (e.g. the simulated ones) as one phrase in ``lang``, in the
    app's layer order: "社区、青年之家" or "communities, Youth Homes"."""
    chosen = [n for n in LAYER_ORDER if n in set(names)]  # type: ignore[call-overload]
    return join([t(f"layer.{n}", lang) for n in chosen], lang)


def has(key: str) -> bool:
    """Whether ``key`` is in the catalogue."""
    return key in catalogue()


def text(value: Term, lang: str = DEFAULT_LANG) -> str:
    """A :class:`Term` in ``lang``: its catalogue key translated, or its text."""
    if value.key is not None:
        return t(value.key, lang)
    return value.en if lang == "en" else value.zh


def term(value: object, lang: str = DEFAULT_LANG) -> object:
    """A message parameter in ``lang``: a :class:`Term` rendered, else as given."""
    return text(value, lang) if isinstance(value, Term) else value


def problem_text(problem: Problem, lang: str = DEFAULT_LANG) -> str:
    """The reason of ``problem`` in ``lang``: its message code rendered with its parameters.

    A key that is not in the catalogue is a literal text (a message from outside the
    catalogue) and is returned as it is.
    """
    if not has(problem.key):
        return problem.key
    pair = catalogue()[problem.key]
    text = pair[1] if lang == "en" else pair[0]
    values = _Kept(_grouped(text, {name: term(v, lang) for name, v in problem.params.items()}))
    try:  # a placeholder without its value stays as written: never an error in front of a user
        text = text.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return text
    return _ONE_EN.sub(_singular, text) if lang == "en" and values else text


class _Kept(dict):
    """Message values; a missing one is kept as its placeholder."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def problem_where(problem: Problem, lang: str = DEFAULT_LANG) -> str:
    """Where ``problem`` is, in ``lang``: ``file, row N, column C`` or ``file，第 N 行，
    列 C`` (the parts known)."""
    parts = [problem.file] if problem.file else []
    if problem.row is not None:
        parts.append(t("where.row", lang, row=problem.row))
    if problem.column:
        kind = "where.option" if problem.column.startswith("--") else "where.column"
        parts.append(t(kind, lang, column=problem.column))
    return ("，" if lang == "zh" else ", ").join(parts)


def problem_line(problem: Problem, lang: str = DEFAULT_LANG) -> str:
    """``file, row N, column C: reason`` with the place and the reason in ``lang`` (one line
    of the CLI)."""
    text = problem_text(problem, lang)
    if problem.code == "missing_column" and problem.column and problem.column in text:
        # the message names the missing column already: "bad.csv: missing required column:
        # 常住人口 / Population", not "bad.csv, column 常住人口: missing … 常住人口 / …"
        problem = dataclasses.replace(problem, column=None)
    where = problem_where(problem, lang)
    if not where:
        return text
    return f"{where}：{text}" if lang == "zh" else f"{where}: {text}"


def problems_text(problems: list[Problem], lang: str = DEFAULT_LANG) -> str:
    """Every problem on a line of its own, rendered in ``lang``."""
    return "\n".join(problem_line(p, lang) for p in problems)


def problems_frame(problems: list[Problem], lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A table of problems in ``lang``: severity, kind, file, row, column, reason, in the
    order given (pages, the ``validate`` report, the problem workbook)."""
    import pandas as pd

    records = [
        {
            t("data.col.severity", lang): t(f"data.severity.{p.severity}", lang),
            t("data.col.kind", lang): t(f"data.kind.{p.code}", lang),
            t("data.col.file", lang): p.file or "",
            t("data.col.row", lang): p.row,
            t("data.col.column", lang): p.column or "",
            t("data.col.reason", lang): problem_text(p, lang),
        }
        for p in problems
    ]
    columns = [
        t(f"data.col.{c}", lang) for c in ("severity", "kind", "file", "row", "column", "reason")
    ]
    frame = pd.DataFrame(records, columns=columns)
    frame[columns[3]] = frame[columns[3]].astype("Int64")
    return frame


def render_terms(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A copy of ``frame`` with every :class:`Term` cell rendered in ``lang``
    (the library leaves words it composes, such as a gap's place names, as terms)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, Term)).any():
            out[column] = out[column].map(lambda v: term(v, lang))
    return out
