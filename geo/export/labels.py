"""Tables in the reader's language: headers, coded values, place names and sheet names.

Analysis functions return tables with machine column names (``distance_m``, ``region``)
and codes (``"west"``, ``True``); every file a user downloads passes through
:func:`localize` on its way out, so a workbook or CSV says 距离（米）and 西部 in Chinese,
"To nearest Youth Home (m)" and "Western" in English. Headers come from one catalogue
(:mod:`geo.locales.tables`, then the layer headers of :data:`geo.core.layers.SCHEMAS`); coded
values from :data:`VALUE_KEYS`; province, city and county names are written in English by
:func:`geo.dataset.places.english_place` (street and community names stay as they are).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from geo import i18n
from geo.core import localtime, regions
from geo.core.layers import SCHEMAS
from geo.dataset.places import english_place
from geo.maps.values import BOOL_KEYS as BOOL_KEYS
from geo.maps.values import PLACE_COLUMNS as PLACE_COLUMNS
from geo.maps.values import VALUE_KEYS as VALUE_KEYS
from geo.maps.values import localize_values as localize_values
from geo.maps.values import place_label as place_label

if TYPE_CHECKING:
    from geo.core.scope import Scope


DERIVED_PREFIXES: tuple[str, ...] = ("contrib_", "estimated_")
"""Prefixes of columns derived from an indicator (``contrib_youth``: the score's part from
youth; ``estimated_youth``: youth filled in from the census), headed
``table.col.<prefix>`` around the indicator's own header."""


def header(column: object, lang: str) -> str:
    """The header of ``column`` in ``lang``: ``table.col.<column>``, else the layer's
    display header, else (``contrib_youth``) the derived header around the indicator's,
    else the column's own name."""
    key = f"table.col.{column}"
    if i18n.has(key):
        return i18n.t(key, lang)
    from geo.export.xlsx import display_headers

    found = display_headers(lang).get(str(column))
    if found is not None:
        return found
    for prefix in DERIVED_PREFIXES:
        if str(column).startswith(prefix) and len(str(column)) > len(prefix):
            inner = header(str(column)[len(prefix) :], lang)
            return i18n.t(f"table.col.{prefix.rstrip('_')}", lang, label=inner)
    return str(column)


def indicator_names(keys: Iterable[str], lang: str) -> list[str]:
    """The names of indicators in ``lang`` (``youth`` → 青年人口（14-35岁） or Youth (14-35)),
    a key no indicator has (one of the user's own columns) as it is: the words of a saved
    plan's ``top_indicators`` (:func:`geo.analysis.scoring.top_contributions`)."""
    from geo.analysis import indicators as ind

    names = []
    for key in keys:
        try:
            names.append(i18n.text(ind.lookup(key).term, lang))
        except KeyError:
            names.append(str(key))
    return names


def restore_columns(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """``frame`` with the columns headed for people (in either language) renamed back to
    their machine names.

    Parameters
    ----------
    frame
        A file YouthMap wrote for people, read back (a scored list given to ``select``).
    columns
        The machine names to look for, in order of preference: where two share a header
        (距最近青年之家（米）), the first one wins. A name already in ``frame`` is not
        taken again.

    Returns
    -------
    pandas.DataFrame
        A frame with the same data (renamed, not copied when nothing matches).
    """
    names: dict[str, str] = {}
    for column in columns:
        for lang in i18n.LANGS:
            names.setdefault(_same(header(column, lang)), column)
    taken = {str(c) for c in frame.columns}
    rename: dict[object, str] = {}
    for col in frame.columns:
        name = names.get(_same(col))
        if name is not None and name not in taken:
            rename[col] = name
            taken.add(name)
    return frame.rename(columns=rename) if rename else frame


def find_column(columns: Iterable[object], column: str, headers: Iterable[str] = ()) -> object:
    """The column of a file read back that holds ``column``: its machine name, its header in
    either language (:func:`header`), or one of ``headers``; ``None`` when none is there.

    Files YouthMap writes for people carry headers in the reader's language; a command that
    reads one back (``select`` a scored list, ``map --pairs``) finds its columns with this.
    """
    wanted = {_same(h) for h in (column, *headers, *(header(column, lang) for lang in i18n.LANGS))}
    return next((c for c in columns if _same(c) in wanted), None)


def _same(text: object) -> str:
    """A header as two spellings of it compare: stripped, NFKC (a file written with
    青年人口(14-35岁), as headers were before they took full-width brackets, is still read
    as 青年人口（14-35岁）)."""
    return unicodedata.normalize("NFKC", str(text)).strip()


PLACE_HEADER_KEYS: tuple[str, ...] = (
    "common.province",
    "common.city",
    "common.county",
    "coverage.col.district",
    "overview.area",
)
"""Catalogue keys of the headers pages give place-name columns (besides :func:`header`)."""


def place_headers() -> set[str]:
    """Headers (both languages) of the place-name columns, for tables already headed."""
    keys = {i18n.t(k, lang) for k in PLACE_HEADER_KEYS for lang in i18n.LANGS}
    return keys | {header(c, lang) for c in PLACE_COLUMNS for lang in i18n.LANGS}


def localize_headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table already headed for display with its yes/no values and the names in its
    place columns (found by :func:`place_headers`) in ``lang``."""
    return localize_values(frame, lang, [c for c in frame.columns if c in place_headers()])


def sheet(name: str, lang: str) -> str:
    """A sheet's name in ``lang`` (``table.sheet.<name>``)."""
    return i18n.t(f"table.sheet.{name}", lang)


def localize(
    frame: pd.DataFrame,
    lang: str,
    *,
    columns: Iterable[str] | None = None,
    places: Iterable[str] = PLACE_COLUMNS,
    headers: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """``frame`` as a user downloads it in ``lang``: values, then headers, translated.

    Parameters
    ----------
    frame
        A result table with machine column names; a ``geometry`` column is dropped.
    lang
        ``"zh"`` or ``"en"``.
    columns
        Columns to keep, in order (default all).
    places
        Columns holding province, city or county names (a table of areas passes
        ``("name",)``).
    headers
        Column → header overrides (a page's own headers, e.g. the pairing columns, whose
        ``distance_m`` is the distance to a campus).
    values
        Column → catalogue key pattern of coded values, besides :data:`VALUE_KEYS`.

    Returns
    -------
    pandas.DataFrame
        A copy with headers from :func:`header`.
    """
    out = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    if columns is not None:
        out = out[[c for c in columns if c in out.columns]]
    out = localize_values(out, lang, places, values)
    own = dict(headers or {})
    return out.rename(columns={c: own.get(str(c)) or header(c, lang) for c in out.columns})


# --------------------------------------------------------------------------- names and labels


def province_name(code: str, lang: str = "zh") -> str:
    """The name of province ``code`` in ``lang`` (``"广东省"``, ``"Guangdong"``); the XPCC's
    for :data:`geo.core.regions.XPCC_KEY` (so also a quota unit's name); a code that is
    neither as it is (:func:`geo.core.regions.unit_term`, which the library's messages
    carry)."""
    return i18n.text(regions.unit_term(code), lang)


def with_english_places(
    frame: pd.DataFrame, columns: Sequence[str] = ("district", "city")
) -> pd.DataFrame:
    """``frame`` with each of its place ``columns`` also in English, as ``<column>_en``
    (成都市龙泉驿区's communities under "Chengdu" and "Longquanyi District"): a search in
    English looks there too (:func:`geo.analysis.selection.find_communities`). Each distinct
    name is put into English once."""
    extra = {}
    for col in columns:
        if col in frame:
            english = {name: english_place(name) for name in frame[col].dropna().unique()}
            extra[f"{col}_en"] = frame[col].map(english)
    return frame.assign(**extra) if extra else frame


def place_names(level: str, lang: str = "zh") -> pd.Series:
    """Names of the embedded ``"city"`` or ``"county"`` boundaries in ``lang``, by code."""
    from geo import dataset

    table = dataset.load_boundaries(level)
    return pd.Series([place_label(n, lang) for n in table["name"]], index=table["code"].astype(str))


def area_name(code: str | None, lang: str = "zh") -> str:
    """The name of an account's or a refusal's area in ``lang``: a province's
    (:func:`province_name`), or a county's with its province's (``"广东省天河区"``,
    ``"Tianhe District, Guangdong"``), from the embedded census table; ``""`` for none, and a
    code the data does not know as it is."""
    code = "" if code is None else str(code)
    if len(code) != 6 or not code.isdigit():
        return province_name(code, lang) if code else ""
    from geo import dataset

    counties = dataset.load_census().set_index("county_code")["name"]
    if code not in counties.index:
        return code
    province, county = province_name(code[:2], lang), place_label(counties[code], lang)
    return f"{province}{county}" if lang == "zh" else f"{county}, {province}"


def plan_name(name: object, lang: str = "zh") -> str:
    """A saved plan's name as shown in ``lang``: the demo plan's
    (:data:`geo.plan.year_demo.DEMO_PLAN_NAME`, made by the app, not typed by a user) in the
    reader's language; any other name as it was given. Display only: the store and the
    command line's ``--plan`` keep the name as saved."""
    from geo.plan.year_demo import DEMO_PLAN_NAME

    text = "" if name is None else str(name)
    return i18n.t("records.demo_plan_name", lang) if text == DEMO_PLAN_NAME else text


def plan_named(names: Iterable[object], given: str) -> int | None:
    """Position among the saved plans' ``names`` of the plan a user named ``given``: the
    name as saved, else the name :func:`plan_name` shows in either language (the demo plan
    listed in English, typed back as listed); ``None`` when no plan has that name."""
    saved = ["" if n is None else str(n) for n in names]
    if given in saved:
        return saved.index(given)
    for i, name in enumerate(saved):
        if given in (plan_name(name, "zh"), plan_name(name, "en")):
            return i
    return None


FILE_NAME_MAX_CHARS = 80
"""Longest file name stem :func:`file_stem` keeps."""


def file_stem(text: object) -> str:
    """``text`` (a plan's name, typed by a user) fit to name a downloaded file: the
    characters no file name may hold on Windows, macOS or Linux (``\\ / : * ? " < > |``
    and control characters) become ``_``, spaces at the ends and dots at the end go, and at
    most :data:`FILE_NAME_MAX_CHARS` characters are kept (``"_"`` when nothing is left)."""
    out = "".join(
        "_" if c in '\\/:*?"<>|' or ord(c) < 32 or ord(c) == 127 else c for c in str(text)
    )
    return out.strip()[:FILE_NAME_MAX_CHARS].strip().rstrip(".") or "_"


def scope_label(scope: Scope, lang: str = "zh", city_name: str | None = None) -> str:
    """A short label of ``scope`` in ``lang``, e.g. ``"广东省 · 广州市"`` or ``"Eastern region"``."""
    if scope.province_code:
        name = province_name(scope.province_code, lang)
        if scope.city_code and city_name:  # the city's name in English in English
            return f"{name} · {place_label(city_name, lang)}"
        return name
    if scope.region:
        names = regions.REGION_NAMES_ZH if lang == "zh" else regions.REGION_NAMES_EN
        return names[scope.region] + ("" if lang == "zh" else " region")
    return "全国" if lang == "zh" else "National"


def layer_headers(layer: str, lang: str = "zh") -> dict[str, str]:
    """Display headers of a layer's columns in ``"zh"`` or ``"en"``."""
    return {c.name: (c.zh if lang == "zh" else c.en) for c in SCHEMAS[layer]}


COBUILD_COLUMNS: tuple[str, ...] = (
    "community_id",
    "community_name",
    "total",
    "nearest_unit",
    "nearest_unit_type",
    "nearest_unit_m",
    "units",
)
"""Columns of the co-building table named by ``cobuild.col.<column>``."""


def cobuild_headers(lang: str = "zh") -> dict[str, str]:
    """Display headers of the co-building table's columns in ``"zh"`` or ``"en"``."""
    from geo.analysis.cobuild import COUNT_COLUMNS

    labels = {c: i18n.t(f"cobuild.col.{c}", lang) for c in COBUILD_COLUMNS}
    labels.update({c: i18n.t(f"cobuild.type.{c}", lang) for c in COUNT_COLUMNS})
    return labels


def rates_headers(lang: str = "zh") -> dict[str, str]:
    """Headers of :func:`geo.analysis.coverage.coverage_rates`' columns that differ from the
    per-community table's: its ``covered`` is a count (已覆盖社区数), not the yes/no 是否覆盖."""
    return {"covered": i18n.t("table.col.communities_covered", lang)}


def cobuild_view(table: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The co-building table (:func:`geo.analysis.cobuild.cobuild_table`) as a reader sees it
    in ``lang``: the units listed per type in words of ``lang``, coded values in words, and
    the :func:`cobuild_headers`."""
    shown = localize_values(i18n.render_terms(table, lang), lang, ())
    return shown.rename(columns=cobuild_headers(lang))


def zone_label(lang: str = i18n.DEFAULT_LANG) -> str:
    """The readers' time zone in words (:mod:`geo.core.localtime`): 北京时间 for Asia/Shanghai,
    else the IANA name with its UTC offset."""
    name = localtime.zone_name()
    if name == localtime.DEFAULT_ZONE:
        return i18n.t("common.zone.beijing", lang)
    return i18n.t("common.zone", lang, zone=name, offset=localtime.utc_offset())


def zone_header(header: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """A time column's header with the readers' zone named once, e.g. ``提交时间（北京时间）``
    or ``Submitted (Beijing time, UTC+8)``: its cells then hold the bare local times
    (:func:`geo.core.localtime.stamp`)."""
    zone = zone_label(lang)
    return f"{header}（{zone}）" if lang == "zh" else f"{header} ({zone})"


def local_time(value: object, lang: str = i18n.DEFAULT_LANG, seconds: bool = False) -> str:
    """A stored (UTC) time in the readers' zone with the zone named, e.g.
    ``2026-12-03 11:26（北京时间）``; ``""`` for a missing value."""
    text_ = localtime.stamp(value, seconds=seconds)
    return i18n.t("common.local_time", lang, time=text_, zone=zone_label(lang)) if text_ else ""


def simulated_drawn(simulated: Iterable[str], drawn: Iterable[str] | None = None) -> list[str]:
    """The simulated layers a map draws: ``simulated`` (the session's, e.g.
    ``Layers.simulated``) less those not in ``drawn`` (the data layers it draws points of;
    ``None``: every one)."""
    shown = None if drawn is None else set(drawn)
    return [name for name in simulated if shown is None or name in shown]


def simulated_note(
    simulated: Iterable[str],
    seed: int | None,
    lang: str = i18n.DEFAULT_LANG,
    drawn: Iterable[str] | None = None,
) -> str | None:
    """The simulated-data note every exported map carries (PNG, PDF, slides, offline HTML):
    "注意：社区、青年之家为模拟数据（种子 2021）…", or ``None`` when the map draws no
    simulated layer.

    Parameters
    ----------
    simulated
        Names of the simulated layers (``"communities"`` …).
    seed
        Their seed, quoted; ``None`` for an imported file's simulated rows (not known).
    lang
        ``"zh"`` or ``"en"``.
    drawn
        The data layers the map draws (see :func:`simulated_drawn`); ``None``: all of
        ``simulated``.
    """
    names = simulated_drawn(simulated, drawn)
    if not names:
        return None
    layers = i18n.layer_names(names, lang)
    if seed is None:
        return i18n.t("export.simulated_note_file", lang, layers=layers)
    return i18n.t("export.simulated_note", lang, layers=layers, seed=seed)
