"""Record templates (XLSX/CSV) and the monthly progress report (月报, XLSX and PPTX).

:func:`template_xlsx` gives a county a sheet to fill in for one record type: headers in the
chosen language (Chinese by default) that :func:`geo.plan.records.parse_records` maps back, one
example row, drop-down lists (data validation) for the task area and the other choice
columns, and a second sheet describing the fields. :func:`report_frames` builds the tables
of a province's monthly report from :mod:`geo.plan.progress`; :func:`report_xlsx` and
:func:`report_pptx` write them. Every cell goes through :mod:`geo.core.cells` (text stays
text, never a formula).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from geo import i18n
from geo.core import cells, layers, regions
from geo.core.scope import Scope
from geo.export.labels import place_names, province_name
from geo.export.xlsx import number_format, write_table
from geo.i18n import t
from geo.plan import progress
from geo.plan.evaluation import YES_NO_MEASURES, year_not_over
from geo.plan.records import (
    EXAMPLE_TEXTS,
    EXAMPLES,
    RECORD_TYPES,
    TASK_AREAS,
    example_text_key,
    record_type,
)

_HEAD_FILL = PatternFill("solid", fgColor="FDE9D9")
_REQUIRED_FILL = PatternFill("solid", fgColor="F4B183")
_VALIDATED_ROWS = 5_000
"""Rows of a template that carry the drop-down lists."""


def header(kind: str, name: str, lang: str) -> str:
    """The column header of field ``name`` of ``kind`` in ``lang`` (templates, exports)."""
    return t(f"records.field.{name}", lang)


def choice_label(name: str, code: str, lang: str) -> str:
    """The label of choice ``code`` of field ``name`` in ``lang``."""
    return t(f"records.{name}.{code}", lang)


def example_row(kind: str, lang: str) -> dict[str, object]:
    """The template's example row of record type ``kind`` by field name (choice fields as
    codes), its free text in ``lang`` (:data:`geo.plan.records.EXAMPLE_TEXTS`)."""
    texts = {n: t(example_text_key(kind, n), lang) for n in EXAMPLE_TEXTS.get(kind, ())}
    return {**EXAMPLES[kind], **texts}


def _example(kind: str, lang: str) -> list[object]:
    rt = RECORD_TYPES[kind]
    example = example_row(kind, lang)
    row = []
    for f in rt.fields:
        value = example.get(f.name, "")
        row.append(
            choice_label(f.name, str(value), lang) if f.kind == "choice" and value else value
        )
    return row


def template_note(kind: str, lang: str = "zh", *, filled: bool = False) -> str:
    """How to fill in a template of ``kind``: the header row, the example row (or, when
    ``filled``, the rows given, whose empty required cells are to be filled in) and the
    columns with drop-down lists. The template's note sheet and the page say it."""
    lists = [header(kind, f.name, lang) for f in record_type(kind).fields if f.choices]
    key = "records.template.note_filled" if filled else "records.template.note"
    if not lists:
        return t(f"{key}_plain", lang)
    return t(key, lang, columns=i18n.join(lists, lang))


def _filled(field, value: object, lang: str) -> object:  # noqa: ANN001 - a records Field
    """A prefilled template cell: a choice's label, text without the characters XLSX cannot
    hold, a missing value empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if field.kind == "choice":
        return choice_label(field.name, str(value), lang)
    return cells.xml_text(value)


def pairs_as_agreements(pairs: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Pairs of :func:`geo.analysis.pairing.pair` as campus agreements to record: the rows
    of a prefilled :func:`template_xlsx` of ``agreements``, the signing day left for the
    committee to fill in.

    Parameters
    ----------
    pairs
        ``community_id``, ``campus_id`` and optionally ``university``, ``campus``; pairs
        ``kept`` (agreements already on record) are left out.
    lang
        Language of the prefilled content ("结对共建：<university>（<campus>）").

    Returns
    -------
    pandas.DataFrame
        The agreement fields: ``community_id``, ``kind`` (``campus``), ``partner_id``,
        ``start_date`` (empty), ``content``.
    """
    new = pairs.loc[~pairs["kept"]] if "kept" in pairs else pairs
    names = layers.campus_names(new) if "university" in new else new["campus_id"].astype(str)
    return pd.DataFrame(
        {
            "community_id": new["community_id"].astype(str).to_numpy(),
            "kind": "campus",
            "partner_id": new["campus_id"].astype(str).to_numpy(),
            "start_date": None,
            "content": [t("records.pairing_content", lang, campus=n) for n in names],
        }
    )


def template_frame(kind: str, lang: str = "zh") -> pd.DataFrame:
    """The template of ``kind`` as a frame: the headers and the example row."""
    rt = record_type(kind)
    return pd.DataFrame([_example(kind, lang)], columns=[header(kind, n, lang) for n in rt.names])


def template_csv(kind: str, lang: str = "zh") -> bytes:
    """The template of ``kind`` as CSV (UTF-8 with BOM, so Excel shows the Chinese)."""
    return cells.csv_bytes(template_frame(kind, lang))


def template_xlsx(kind: str, lang: str = "zh", rows: pd.DataFrame | None = None) -> bytes:
    """An XLSX template for one record type.

    Parameters
    ----------
    kind
        One of :data:`geo.plan.records.RECORD_KINDS`.
    lang
        ``"zh"`` (default) or ``"en"`` headers and choice labels.
    rows
        Rows to fill in instead of the example row, with the record type's field names
        as columns (codes in the choice columns; a missing value an empty cell), e.g.
        :func:`pairs_as_agreements`.

    Returns
    -------
    bytes
        The workbook: the sheet (headers, one example row or ``rows``, drop-down lists on
        the choice columns) and a sheet describing every field. Reading it back with
        :func:`geo.plan.records.read_records` gives one valid row (the example), or ``rows``
        once every required cell left empty is filled in.
    """
    rt = record_type(kind)
    book = Workbook()
    ws = book.active
    ws.title = t(f"records.kind.{kind}", lang)[:31]
    ws.append([header(kind, n, lang) for n in rt.names])
    if rows is None:
        ws.append(_example(kind, lang))
    else:
        for given in rows.to_dict("records"):
            ws.append([_filled(f, given.get(f.name), lang) for f in rt.fields])
    bold = Font(bold=True)
    for i, f in enumerate(rt.fields, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        cell.fill = _REQUIRED_FILL if f.required else _HEAD_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(12, 2 * len(str(cell.value)) + 2)
        if f.kind == "choice":
            labels = ",".join(choice_label(f.name, c, lang) for c in f.choices)
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=not f.required)
            dv.error = t("records.problem.list_choice", lang)
            ws.add_data_validation(dv)
            col = get_column_letter(i)
            dv.add(f"{col}2:{col}{_VALIDATED_ROWS}")
    ws.freeze_panes = "A2"
    info = book.create_sheet(t("data.example_sheet", lang)[:31])
    info.append([template_note(kind, lang, filled=rows is not None)])
    info.append([])
    info.append(
        [
            t("data.template.field", lang),
            t("data.template.header", lang),
            t("data.template.need", lang),
            t("data.template.choices", lang),
        ]
    )
    for cell in info[3]:
        cell.font = bold
    for f in rt.fields:
        need = t("data.template.required" if f.required else "data.template.optional", lang)
        choices = i18n.join((choice_label(f.name, c, lang) for c in f.choices), lang)
        info.append([f.name, header(kind, f.name, lang), need, choices])
    return cells.workbook_bytes(book)


# --------------------------------------------------------------------------- monthly report


def localize_progress(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A :func:`geo.plan.progress.rollup` or warnings frame with headers and codes in ``lang``."""
    out = frame.copy()
    if "kind" in out:
        out["kind"] = [t(f"records.warn.{k}", lang) for k in out["kind"]]
    if "state" in out:
        out["state"] = [t(f"records.state.{s}", lang) if s else "" for s in out["state"]]
    if "region" in out:
        out["region"] = [t(f"region.{r}", lang) for r in out["region"]]
    shares = set(progress.share_columns())
    for col, places in progress_decimals().items():
        if col in out:
            out[col] = (out[col] * (100 if col in shares else 1)).round(places)
    return out.rename(columns={col: progress_header(col, lang) for col in out.columns})


def progress_decimals() -> dict[str, int]:
    """The decimals :func:`localize_progress` rounds to, by column: shares in percentage
    points and volunteer hours to one, campus visits per month to two. A table of them is
    written with as many, every row alike (83.0 beside 81.1, not 83)."""
    return {
        **dict.fromkeys(progress.share_columns(), 1),
        "volunteer_hours": 1,
        "campus_visits_per_month": 2,
    }


_PROGRESS_HEADERS = {
    "kind": "records.col.warning",
    "code": "records.col.code",
    "name": "records.col.name",
    "days": "records.col.warn_days",
    "month": "records.col.month",
    "partner": "records.col.partner",
    "state": "records.field.state",
}


def progress_header(col: str, lang: str) -> str:
    """The header :func:`localize_progress` gives column ``col`` in ``lang`` (a warning
    kind's column of :func:`geo.plan.progress.warning_counts` is headed by the warning)."""
    if col in progress.WARNING_KINDS:
        return t(f"records.warn.{col}", lang)
    text = t(_PROGRESS_HEADERS.get(col, f"records.col.{col}"), lang)
    return t(f"records.field.{col}", lang) if text.startswith("⟦") else text


NATIONAL: str = progress.NATIONAL
"""The unit of the whole action's monthly report (the central committee's): every
province's communities, broken down by region and by province."""


CODELESS: frozenset[str] = frozenset({NATIONAL, *regions.REGIONS})
"""Report rows whose code is a key, not a code a committee uses: named only."""


def city_level(unit: str) -> str:
    """The level a province's report breaks down by: its cities, which for the XPCC are
    county-level (石河子市 659001, 阿拉尔市 659002 …; by prefecture they were one row,
    新疆生产建设兵团)."""
    return "county" if unit == regions.XPCC_KEY else "city"


def report_scope(unit: str) -> Scope:
    """The map scope of a report's unit: national for :data:`NATIONAL`, else its province
    (Xinjiang for the XPCC, whose cities lie there)."""
    if unit == NATIONAL:
        return Scope()
    return Scope(province_code="65" if unit == regions.XPCC_KEY else unit)


def evaluation_unit(evaluation) -> str:  # noqa: ANN001
    """The unit an :class:`geo.plan.evaluation.Evaluation` covers: its one province's code,
    or :data:`NATIONAL` when it spans several."""
    units = set(evaluation.sheet["quota_unit"].astype(str))
    return units.pop() if len(units) == 1 else NATIONAL


def _map_subtitle(text: str, lang: str, simulated: bool) -> str:
    """A report map's subtitle, saying when the records are simulated (the note under a
    map names simulated layers, not records)."""
    return f"{text} · {t('records.report.simulated', lang)}" if simulated else text


def unit_name(unit: str, lang: str = "zh") -> str:
    """The name of a report's unit in ``lang``: 全国 / National for :data:`NATIONAL`, else
    the province's (:func:`geo.export.labels.province_name`)."""
    return t("app.scope.national", lang) if unit == NATIONAL else province_name(unit, lang)


def report_frames(
    prog: pd.DataFrame, activities: pd.DataFrame, unit: str, month: str
) -> dict[str, pd.DataFrame]:
    """The tables of a monthly report (codes and numbers, not text), in the order the
    report gives them.

    Parameters
    ----------
    prog
        :func:`geo.plan.progress.community_progress` as of the month's last day.
    activities
        The plan's activities.
    unit
        Province code, ``"XPCC"``, or :data:`NATIONAL` for the whole action.
    month
        ``YYYY-MM``.

    Returns
    -------
    dict
        For a province: ``summary`` (one row: the province), ``by_city`` (at
        :func:`city_level`), ``monthly`` (activities per month up to this one),
        ``warnings``. For :data:`NATIONAL`: ``summary`` (one row), ``by_region``,
        ``by_province``, ``monthly``, ``warning_counts`` (each kind by province,
        :func:`geo.plan.progress.warning_counts`) and ``warnings`` (every one).
    """
    mine = prog if unit == NATIONAL else prog.loc[prog["quota_unit"] == unit]
    act = activities.loc[activities["community_id"].isin(mine["community_id"])]
    act = act.loc[pd.to_datetime(act["date"]).dt.strftime("%Y-%m") <= month]
    warned = progress.warnings(mine)
    if unit == NATIONAL:
        return {
            "summary": progress.rollup(mine, NATIONAL),
            "by_region": progress.rollup(mine, "region"),
            "by_province": progress.rollup(mine, "province"),
            "monthly": progress.monthly(act),
            "warning_counts": progress.warning_counts(warned, mine["quota_unit"], total=True),
            "warnings": warned,
        }
    return {
        "summary": progress.rollup(mine, "province"),
        "by_city": progress.rollup(mine, city_level(unit)),
        "monthly": progress.monthly(act),
        "warnings": warned,
    }


def month_end(month: str) -> dt.date:
    """The last day of ``YYYY-MM``."""
    return (pd.Period(month, freq="M").end_time).date()


def report_day(month: str, latest: dt.date) -> dt.date:
    """The day the monthly report of ``month`` (``YYYY-MM``) reads the records as of: the
    month's last day, or ``latest`` (today, the year's end, the day a page reads) when
    earlier. Its figures (active shares, hours, warnings) are the month's, not those of a
    later day under the month's title."""
    return min(month_end(month), latest)


def partner_text(ids: Iterable[object], campuses: pd.DataFrame) -> list[str]:
    """Campus ids as a committee reads them: ``university（campus） · id``
    (:func:`geo.core.layers.campus_names`); an id the campus layer lacks, or an empty one,
    as it is."""
    names = dict(zip(campuses["id"].astype(str), layers.campus_names(campuses), strict=True))
    return [f"{names[str(p)]} · {p}" if str(p) in names else str(p) for p in ids]


def named(
    frame: pd.DataFrame, key: str, lang: str, campuses: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A report table with the place names beside the codes: the unit of the ``summary``
    (四川省, 新疆生产建设兵团, 全国: the code alone read 51 or XPCC), the city of each row of
    the ``by_city`` table, the region or province of each row of the national report's
    tables (a region or 全国 without its key), the responsible county of each warning, and,
    given the ``campuses`` layer, each warning's paired campus by name
    (:func:`partner_text`)."""
    out = frame.copy()
    if key == "warnings" and campuses is not None and "partner" in out:
        out["partner"] = partner_text(out["partner"], campuses)
    if key in ("summary", "by_province", "warning_counts") and "code" in out:
        out.insert(1, "unit", [unit_name(str(c), lang) for c in out["code"]])
    if key == "warning_counts" and "code" in out:  # the last row, over every province: not
        total = out["code"] == NATIONAL  # 全国 (the page's scope may be a region), no code
        out.loc[total, "unit"] = t("records.col.total", lang)
        out["code"] = out["code"].where(~total, "")
    if key == "by_region" and "code" in out:
        out.insert(1, "unit", [t(f"region.{c}", lang) for c in out["code"]])
    if key in ("summary", "by_region") and "code" in out and out["code"].isin(CODELESS).all():
        out = out.drop(columns="code")  # "national", "east": keys, not codes a reader has
    if key == "by_city" and "code" in out:  # cities, or the XPCC's county-level ones
        names = {**place_names("city", lang), **place_names("county", lang)}
        out.insert(1, "unit", [names.get(str(c), str(c)) for c in out["code"]])
    if key == "warnings" and "county_code" in out:
        names = place_names("county", lang)
        at = list(out.columns).index("county_code") + 1
        out.insert(at, "county", [names.get(str(c), str(c)) for c in out["county_code"]])
    return out


SECTIONS: dict[str, str] = {
    "summary": "records.report.summary",
    "by_region": "records.report.by_region",
    "by_province": "records.report.by_province",
    "by_city": "records.report.by_city",
    "monthly": "records.report.month",
    "warning_counts": "records.report.warning_counts",
    "warnings": "records.report.warnings",
}
"""A table of :func:`report_frames` → the catalogue key of its sheet's and slide's title."""


ROLLUPS: tuple[str, ...] = ("by_region", "by_province", "by_city")
"""The tables of :func:`report_frames` that are :func:`geo.plan.progress.rollup`s."""
ROLLUP_FIGURES: tuple[str, ...] = (
    "communities",
    "active_30",
    "active_90",
    "activities",
    "volunteer_hours",
    "beneficiaries",
    "members_registered",
    "campus_visits_per_month",
)
"""A rollup's figures on the report's first slide of it (each row named, no code)."""
ROLLUP_ROWS: int = 14
"""Rows of an area table on one slide: its English headers take up to five lines (32
provinces on three slides)."""
TABLE_WIDTH_IN: float = 11.7
"""Width of a table on a report slide (:func:`geo.export.pptx._table_slides`)."""
NAME_WIDTH_IN: float = 2.1
"""Width of a slide table's place-name column: at an equal share of 1.3 in, "Xinjiang
Production and Construction Corps" took four lines and the last rows ran off the slide."""


def named_widths(columns: int, at: int) -> tuple[float, ...]:
    """Column widths (inches) of a slide table of ``columns`` whose place names are in
    column ``at`` (:data:`NAME_WIDTH_IN`); a code before it gets 0.8 in, the rest share
    what is left."""
    fixed = {at: NAME_WIDTH_IN, **({0: 0.8} if at == 1 else {})}
    rest = (TABLE_WIDTH_IN - sum(fixed.values())) / max(columns - len(fixed), 1)
    return tuple(fixed.get(j, rest) for j in range(columns))


WARNING_WIDTHS_IN: tuple[float, ...] = (2.3, 1.6, 2.3, 1.4, 1.0, 1.5, 1.6)
"""Widths of the warnings' columns on a slide (kind, id, community, county, days, last
activity, Youth Home): at equal widths 青年之家未投入使用 and the names took two lines, and
sixteen rows ran off the slide."""
ROLLUP_AREAS: tuple[str, ...] = tuple(c for c in progress.share_columns() if c[:7] != "active_")
"""A rollup's task-area shares (30 and 90 days), on its second slide."""


def report_xlsx(
    frames: Mapping[str, pd.DataFrame],
    unit: str,
    month: str,
    lang: str = "zh",
    simulated: bool = False,
    campuses: pd.DataFrame | None = None,
) -> bytes:
    """The monthly report as XLSX: a title sheet, then one sheet per table of ``frames``
    (:func:`report_frames`, in its order; the warnings' campuses named when the
    ``campuses`` layer is given)."""
    title = t("records.report.title", lang, province=unit_name(unit, lang), month=month)
    head = pd.DataFrame({title: [t("records.report.simulated", lang) if simulated else ""]})
    places = {progress_header(c, lang): number_format(d) for c, d in progress_decimals().items()}
    buffer = io.BytesIO()
    with cells.excel_writer(buffer) as writer:
        write_table(writer, head, t("records.report.cover", lang)[:31])
        for key, frame in frames.items():
            shown = localize_progress(named(frame, key, lang, campuses), lang)
            write_table(writer, shown, t(SECTIONS[key], lang)[:31], places)
    return buffer.getvalue()


def report_map(
    prog: pd.DataFrame, unit: str, month: str, lang: str = "zh", simulated: bool = False
):  # noqa: ANN201 - a matplotlib Figure, imported when drawn
    """The monthly report's map: the unit's action communities by how recently they were
    active, as on the progress page (:func:`geo.maps.progress.activity_state`), over its
    areas (the provinces nationally, else its cities; the XPCC's county-level ones) shaded
    by their share active in the last 30 days.

    Parameters
    ----------
    prog
        :func:`geo.plan.progress.community_progress` as of the report's day, with ``lon``
        and ``lat`` (rows without are left off the map, not the figures).
    unit, month, lang, simulated
        As :func:`report_xlsx`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from geo.export.static import AreaLayer, PointLayer, static_map
    from geo.maps.progress import (
        AREA_EDGE,
        STATE_SYMBOLS,
        active_areas,
        activity_state,
        state_label,
    )

    mine = prog if unit == NATIONAL else prog.loc[prog["quota_unit"] == unit]
    located = mine.dropna(subset=["lon", "lat"])
    level = "province" if unit == NATIONAL else city_level(unit)
    shaded = active_areas(located, level, lang)
    states = activity_state(located)
    points = [
        PointLayer.of(located.loc[states == key], state_label(key, lang), symbol, size=14)
        for key, symbol in STATE_SYMBOLS.items()
    ]
    areas = AreaLayer(
        shaded, shaded.attrs.get("classes", []), t("records.map.share", lang), AREA_EDGE
    )
    title = t("records.report.title", lang, province=unit_name(unit, lang), month=month)
    subtitle = _map_subtitle(t("records.map", lang), lang, simulated)
    return static_map(
        report_scope(unit), points, title=title, subtitle=subtitle, lang=lang, areas=areas
    )


def report_pptx(
    frames: Mapping[str, pd.DataFrame],
    unit: str,
    month: str,
    lang: str = "zh",
    simulated: bool = False,
    progress_frame: pd.DataFrame | None = None,
) -> bytes:
    """The monthly report as a PPTX deck: a title slide, then one table per section of
    ``frames`` (:func:`report_frames`; nationally the warnings counted by province, not
    listed), each area table as two: its figures (:data:`ROLLUP_FIGURES`) and its task areas
    (:data:`ROLLUP_AREAS`). Given the ``progress_frame`` the tables came from, with ``lon``
    and ``lat``, the map (:func:`report_map`) follows the summary."""
    from geo.export.pptx import _map_slide, _table_slides, new_deck, table_text

    title = t("records.report.title", lang, province=unit_name(unit, lang), month=month)
    prs = new_deck(title, t("records.report.simulated", lang) if simulated else month)
    places = {progress_header(c, lang): d for c, d in progress_decimals().items()}
    # each measure written with its own decimals before it turns into a row of one column
    one = named(frames["summary"], "summary", lang)  # named: its code (44) says no more
    title = t("records.report.summary", lang)
    for cols, suffix in ((ROLLUP_FIGURES, ""), (ROLLUP_AREAS, "records.report.areas")):
        part = localize_progress(one[["unit", *(c for c in cols if c in one)]], lang)
        part = table_text(part, places).T.reset_index()  # a measure a row
        part.columns = ["", title]  # the figures, then the task areas: one slide each
        _table_slides(prs, part, f"{title} · {t(suffix, lang)}" if suffix else title)
    if progress_frame is not None and {"lon", "lat"} <= set(progress_frame.columns):
        fig = report_map(progress_frame, unit, month, lang, simulated)
        _map_slide(prs, fig, t("records.report.map", lang))  # the map has its own title
    for key, frame in frames.items():
        if key == "summary" or (key == "warnings" and "warning_counts" in frames):
            continue  # nationally the slides count the warnings by province: the workbook
            # lists them (hundreds of rows)
        frame = named(frame, key, lang)
        title = t(SECTIONS[key], lang)
        if key in ROLLUPS:  # the figures, then the task areas: a slide holds nine columns,
            # and cut at the eighth the hours and the people served never showed
            for cols, suffix in ((ROLLUP_FIGURES, ""), (ROLLUP_AREAS, "records.report.areas")):
                part = frame[["unit", *(c for c in cols if c in frame)]]
                named_as = f"{title} · {t(suffix, lang)}" if suffix else title
                shown = localize_progress(part, lang)
                wide = named_widths(len(part.columns), 0)
                _table_slides(prs, shown, named_as, places, ROLLUP_ROWS, widths_in=wide, font_pt=12)
            continue
        widths: tuple[float, ...] | None = None
        if key == "warnings":  # a slide's width: the unit is the report's own, the county
            # named, and a Youth Home's state says more than a campus id
            keep = ("kind", "community_id", "name", "county", "days", "last_activity", "state")
            frame = frame[[c for c in keep if c in frame]]
            widths = WARNING_WIDTHS_IN if len(frame.columns) == len(WARNING_WIDTHS_IN) else None
        if key == "warning_counts":  # code, then the province's name
            widths = named_widths(min(len(frame.columns), 8), 1)
        table = localize_progress(frame, lang)
        _table_slides(prs, table.iloc[:, :8], title, places, widths_in=widths)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


__all__ = [
    "EXAMPLES",
    "example_row",
    "evaluation_sheet",
    "evaluation_map",
    "evaluation_stamp",
    "evaluation_title",
    "evaluation_unit",
    "evaluation_pptx",
    "evaluation_summary",
    "evaluation_xlsx",
    "reasons_text",
    "rubric_frame",
    "rubric_label",
    "rubric_name",
    "TASK_AREAS",
    "localize_progress",
    "month_end",
    "NATIONAL",
    "partner_text",
    "report_day",
    "report_frames",
    "report_map",
    "report_pptx",
    "report_scope",
    "report_xlsx",
    "SECTIONS",
    "template_csv",
    "template_frame",
    "template_xlsx",
    "unit_name",
]


# --------------------------------------------------------------------------- evaluation


def _measure_label(measure: str, lang: str) -> str:
    return t(f"records.eval.measure.{measure}", lang)


def reasons_text(reasons: list, lang: str = "zh") -> str:
    """The reasons of a recommendation (``(measure, value, threshold)``) as one line; a
    yes-or-no measure at no (:data:`geo.plan.evaluation.YES_NO_MEASURES`) says so
    ("青年之家未投入使用", not "青年之家投入使用 0，低于 1")."""

    def one(m: str, v: float, th: float) -> str:
        if m in YES_NO_MEASURES and v == 0:
            return t(f"records.eval.reason_no.{m}", lang)
        label = _measure_label(m, lang)
        return t("records.eval.reason", lang, label=label, value=round(v, 2), threshold=th)

    return i18n.join((one(m, v, th) for m, v, th in reasons), lang, clauses=True)


def evaluation_sheet(evaluation, lang: str = "zh") -> pd.DataFrame:  # noqa: ANN001
    """An :class:`geo.plan.evaluation.Evaluation`'s sheet with headers and codes in ``lang``."""
    sheet = evaluation.sheet.copy()
    evidence = [c for c in sheet.columns if c.startswith("ev_")]
    sheet[evidence] = sheet[evidence].astype(float).round(2)  # a rate, as points and totals
    sheet["recommendation"] = [t(f"records.eval.rec.{r}", lang) for r in sheet["recommendation"]]
    sheet["reasons"] = [reasons_text(r, lang) for r in sheet["reasons"]]
    if "basis" in sheet:
        sheet["basis"] = [t(f"records.eval.basis.{b}", lang) for b in sheet["basis"]]
    if "previous_recommendation" in sheet:
        sheet["previous_recommendation"] = [
            t(f"records.eval.rec.{r}", lang) if r else "" for r in sheet["previous_recommendation"]
        ]
    return sheet.rename(columns=_sheet_headers(list(sheet.columns), lang))


def _sheet_headers(columns: list[str], lang: str) -> dict[str, str]:
    """An evaluation sheet's column → its header in ``lang``."""
    names = {
        "community_id": t("records.col.community_id", lang),
        "name": t("records.col.name", lang),
        "quota_unit": t("records.col.quota_unit", lang),
        "county_code": t("records.col.county_code", lang),
        "rubric_total": t("records.eval.rubric_total", lang),
        "expert_total": t("records.eval.expert_total", lang),
        "recommendation": t("records.eval.recommendation", lang),
        "basis": t("records.eval.basis", lang),
        "reasons": t("records.eval.reasons", lang),
        "previous_total": t("records.eval.previous_total", lang),
        "previous_recommendation": t("records.eval.previous_recommendation", lang),
    }
    for col in columns:
        if col.startswith("ev_"):
            names[col] = t("records.eval.evidence", lang, label=_measure_label(col[3:], lang))
        elif col.startswith("pt_"):
            names[col] = t("records.eval.points", lang, label=_measure_label(col[3:], lang))
        elif col.startswith("expert_") and col != "expert_total":
            names[col] = t("records.eval.expert", lang, label=t(f"records.area.{col[7:]}", lang))
        elif col.startswith("area_"):
            key = col[5:]
            label = t(
                "records.eval.area.overall" if key == "overall" else f"records.area.{key}", lang
            )
            names[col] = t("records.eval.area_points", lang, label=label)
    return names


def _evaluation_formats(evaluation, lang: str = "zh") -> dict[str, str]:  # noqa: ANN001
    """Header → the number format of an evaluation's computed figures in every row of the
    workbook: points and totals to two decimals (4.00 beside 12.35), each evidence column
    with the decimals its values need up to two (months 10, campus visits 1.06), a task
    area's points and the summary's means to one. The experts' own scores are as given."""
    sheet = _sheet_headers(list(evaluation.sheet.columns), lang)
    out = {  # evidence: the decimals its values need, to two (months 10, visits 1.06)
        sheet[c]: number_format(cells.decimals_needed(evaluation.sheet[c], 2))
        for c in sheet
        if c.startswith("ev_")
    }
    out.update(
        {
            sheet[c]: number_format(2)
            for c in sheet
            if c.startswith("pt_") or c in ("rubric_total", "previous_total")
        }
    )
    out.update({sheet[c]: number_format(1) for c in sheet if c.startswith("area_")})
    for key in ("mean_rubric_total", "mean_expert_total"):
        out[t(f"records.eval.{key}", lang)] = number_format(1)
    return out


def evaluation_summary(evaluation, lang: str = "zh") -> pd.DataFrame:  # noqa: ANN001
    """The summary by province with headers in ``lang``, and with more than one province a
    last row 合计 / Total over all its communities (no code; not 全国: the page's scope may
    be a region)."""
    s = evaluation.summary(total=True)
    total = s["quota_unit"] == NATIONAL
    s.insert(1, "unit", [province_name(u, lang) for u in s["quota_unit"]])
    s.loc[total, "unit"] = t("records.col.total", lang)
    s["quota_unit"] = s["quota_unit"].where(~total, "")
    names = {
        "quota_unit": t("records.col.quota_unit", lang),
        "unit": t("records.report.province", lang),
        "communities": t("records.col.communities", lang),
        "rubric_total": t("records.eval.mean_rubric_total", lang),  # means, not one's total
        "expert_total": t("records.eval.mean_expert_total", lang),
        "expert_scored": t("records.eval.expert_scored", lang),
        **{r: t(f"records.eval.rec.{r}", lang) for r in ("continue", "improve", "exit")},
    }
    return s.rename(columns=names)


def rubric_frame(rubric, lang: str = "zh") -> pd.DataFrame:  # noqa: ANN001
    """The rubric's indicators as a table in ``lang``."""
    return pd.DataFrame(
        {
            t("records.eval.col.measure", lang): [
                _measure_label(i.measure, lang) for i in rubric.indicators
            ],
            t("records.eval.col.area", lang): [
                t(
                    "records.eval.area.overall"
                    if i.area == "overall"
                    else f"records.area.{i.area}",
                    lang,
                )
                for i in rubric.indicators
            ],
            t("records.eval.col.weight", lang): [i.weight for i in rubric.indicators],
            t("records.eval.col.target", lang): [i.target for i in rubric.indicators],
            t("records.eval.col.threshold", lang): [i.threshold for i in rubric.indicators],
        }
    )


def rubric_name(rubric, lang: str = "zh") -> str:  # noqa: ANN001
    """A rubric's name for the reader: the built-in default's in ``lang``, a rubric a user
    saved or wrote under the name it was given."""
    from geo.plan.evaluation import rubric_state

    if rubric_state(rubric) == "default":
        return t("records.eval.default_rubric_name", lang)
    return str(rubric.name)


def rubric_label(rubric, lang: str = "zh") -> str:  # noqa: ANN001
    """Which rubric an evaluation used: its saved version, the default, or an unsaved one
    (:func:`geo.plan.evaluation.rubric_state`)."""
    from geo.plan.evaluation import rubric_state

    state = rubric_state(rubric)
    if state == "saved":
        return t("records.eval.rubric_version", lang, name=rubric.name, version=rubric.version)
    return t(f"records.eval.rubric_{state}", lang, name=rubric_name(rubric, lang))


EXITS_PER_SLIDE: dict[str, int] = {"zh": 7, "en": 5}
"""Exit-list rows on one slide, by language: each has its reasons, up to three lines in
Chinese and four in English."""
EXIT_WIDTHS_IN: tuple[float, ...] = (1.5, 2.0, 1.2, 0.9, 0.9, 5.2)
"""Widths of the exit list's columns on a slide (id, name, county, the two totals, the
reasons: the longest, six reasons, is about 90 characters)."""


Year = tuple[dt.date, dt.date] | None
"""A plan's year of work: its first and last day, or ``None`` when its timeline has none
(:func:`geo.store.records.implementation_year`)."""


def evaluation_title(evaluation, asof: dt.date, year: Year, lang: str = "zh") -> str:  # noqa: ANN001
    """The evaluation's title: the year's evaluation, or a progress check when it reads a
    year of work that runs on (:func:`geo.plan.evaluation.year_not_over`, the rule the page
    and the command warn by)."""
    key = "progress_title" if year_not_over(asof, year) else "deck_title"
    return t(f"records.eval.{key}", lang, unit=unit_name(evaluation_unit(evaluation), lang))


def evaluation_stamp(asof: dt.date, year: Year, lang: str = "zh") -> list[str]:
    """What the evaluation's files state under its title: the day it reads the records up
    to, as the year's evaluation or a progress check, and the plan's year of work; read
    early, that its exit recommendations are provisional."""
    early = year_not_over(asof, year)
    lines = [t(f"records.eval.asof_{'progress' if early else 'annual'}", lang, asof=asof)]
    if year is None:
        lines.append(t("records.eval.year_unknown", lang))
    else:
        lines.append(t("records.eval.year_of_work", lang, start=year[0], end=year[1]))
        if early:
            lines.append(t("records.eval.provisional", lang, end=year[1]))
    return lines


def evaluation_map(  # noqa: ANN201
    evaluation,  # noqa: ANN001
    located: pd.DataFrame,
    lang: str = "zh",
    simulated: bool = False,
    title: str | None = None,
):
    """The evaluation's map: each community by its recommendation (continue, improve, exit:
    :data:`geo.maps.progress.RECOMMENDATION_SYMBOLS`), nationally when it spans several
    provinces, else its province's.

    Parameters
    ----------
    evaluation
        A :class:`geo.plan.evaluation.Evaluation`.
    located
        ``community_id``, ``lon`` and ``lat`` of its communities (those without are left off
        the map, not the tables).
    lang, simulated
        As :func:`evaluation_xlsx`.
    title
        The map's title (:func:`evaluation_title`); by default the year's evaluation's.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from geo.export.static import PointLayer, static_map
    from geo.maps.progress import RECOMMENDATION_SYMBOLS

    where = located[["community_id", "lon", "lat"]].drop_duplicates("community_id")
    sheet = evaluation.sheet.merge(where, on="community_id", how="left").dropna(
        subset=["lon", "lat"]
    )
    unit = evaluation_unit(evaluation)
    points = [
        PointLayer.of(
            sheet.loc[sheet["recommendation"] == r], t(f"records.eval.rec.{r}", lang), symbol, 14
        )
        for r, symbol in RECOMMENDATION_SYMBOLS.items()
    ]
    title = title or t("records.eval.deck_title", lang, unit=unit_name(unit, lang))
    subtitle = _map_subtitle(rubric_label(evaluation.rubric, lang), lang, simulated)
    return static_map(report_scope(unit), points, title=title, subtitle=subtitle, lang=lang)


def evaluation_pptx(
    evaluation,  # noqa: ANN001
    lang: str = "zh",
    simulated: bool = False,
    located: pd.DataFrame | None = None,
    *,
    asof: dt.date,
    year: Year,
) -> bytes:
    """The evaluation as a PPTX deck for the committee's meeting: a title slide (the
    evaluation or progress check as of ``asof``, the year of work, the rubric used), the
    summary by province (its last row the total), the map of the recommendations when
    ``located`` gives the communities' coordinates (:func:`evaluation_map`), and the exit
    list with each community's county and reasons, said to be provisional in a progress
    check (:func:`evaluation_stamp`).
    """
    from pptx.util import Inches, Pt

    from geo.export.pptx import _map_slide, _table_slides, new_deck

    title = evaluation_title(evaluation, asof, year, lang)
    about = [*evaluation_stamp(asof, year, lang), rubric_label(evaluation.rubric, lang)]
    if simulated:
        about.append(t("records.report.simulated", lang))
    prs = new_deck(title, "\n".join(about))
    below = prs.slides[0].placeholders[1]  # up to five lines, one long: the slide's width
    below.left, below.top, below.width, below.height = (
        Inches(0.8),
        Inches(3.9),
        Inches(11.7),
        Inches(3.2),
    )
    for line in below.text_frame.paragraphs:
        for run in line.runs:
            run.font.size = Pt(18)
    summary = evaluation_summary(evaluation, lang).iloc[:, 1:]  # named: its code says no more
    means = {t(f"records.eval.{k}", lang): 1 for k in ("mean_rubric_total", "mean_expert_total")}
    _table_slides(
        prs,
        summary,
        t("records.eval.summary", lang),
        means,
        ROLLUP_ROWS,
        widths_in=named_widths(len(summary.columns), 0),
        font_pt=12,
    )
    if located is not None:
        fig = evaluation_map(evaluation, located, lang, simulated, title)
        _map_slide(prs, fig, t("records.eval.map", lang))
    exits = evaluation.exits()
    counties = place_names("county", lang)
    listed = pd.DataFrame(
        {
            t("records.col.community_id", lang): exits["community_id"],
            t("records.col.name", lang): exits["name"],
            t("records.col.county", lang): [
                counties.get(str(c), str(c)) for c in exits["county_code"]
            ],
            t("records.eval.rubric_total", lang): exits["rubric_total"],
            t("records.eval.expert_total", lang): exits["expert_total"],
            t("records.eval.reasons", lang): [reasons_text(r, lang) for r in exits["reasons"]],
        }
    )
    early = year_not_over(asof, year)
    _table_slides(
        prs,
        listed,
        t(f"records.eval.{'exits_provisional_slide' if early else 'exits'}", lang),
        rows_per_slide=EXITS_PER_SLIDE.get(lang, 5),
        widths_in=EXIT_WIDTHS_IN,
        font_pt=11,
    )
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def evaluation_xlsx(
    evaluation,  # noqa: ANN001
    lang: str = "zh",
    simulated: bool = False,
    *,
    asof: dt.date,
    year: Year,
) -> bytes:
    """The evaluation as XLSX: first a sheet headed by its title (the year's evaluation or a
    progress check, :func:`evaluation_title`) saying the day it reads the records up to, the
    year of work, the rubric and whether the data are simulated; then the sheet, the summary
    by province, the exit list (named provisional in a progress check), the rubric."""
    buffer = io.BytesIO()
    rubric = evaluation.rubric
    lines = [*evaluation_stamp(asof, year, lang), rubric_label(rubric, lang)]
    if simulated:
        lines.append(t("records.report.simulated", lang))
    exits = evaluation_sheet(
        type(evaluation)(evaluation.exits().assign(recommendation="exit"), rubric), lang
    )
    early = year_not_over(asof, year)
    sheets = {
        "about": pd.DataFrame({evaluation_title(evaluation, asof, year, lang): lines}),
        "sheet": evaluation_sheet(evaluation, lang),
        "summary": evaluation_summary(evaluation, lang),
        "exits_provisional" if early else "exits": exits,
        "rubric": rubric_frame(rubric, lang),
    }
    with cells.excel_writer(buffer) as writer:
        places = _evaluation_formats(evaluation, lang)
        for key, frame in sheets.items():
            write_table(writer, frame, t(f"records.eval.{key}", lang)[:31], places)
    return buffer.getvalue()
