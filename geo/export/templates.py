"""Excel templates for each layer and the validation report as an Excel workbook.

:func:`template_xlsx` gives a committee a sheet to fill in: Chinese (or English) headers
that :mod:`geo.intake.headers` maps back to the layer's columns, one filled example row, and a
second sheet describing every field. :func:`report_xlsx` writes the problems of an import
(:class:`geo.intake.validate.ImportResult`) with a summary sheet, so the file can be sent back to
whoever prepared it.
"""

from __future__ import annotations

import io as _stdio

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.core import cells
from geo.core.errors import Problem
from geo.core.layers import SCHEMAS
from geo.i18n import t

EXAMPLE_ROWS: dict[str, dict[str, object]] = {
    "communities": {
        "id": "440106001001",
        "name": "石牌街道华师社区",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "county_code": "440106",
        "subdistrict": "石牌街道",
        "lon": 113.35367,
        "lat": 23.13855,
        "population": 8600,
        "youth": 2900,
        "children": 820,
        "elderly": 1030,
        "elderly_alone_share": 0.12,
        "households": 3100,
    },
    "youth_homes": {
        "id": "YH-440106-01",
        "name": "华师社区青年之家",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "county_code": "440106",
        "lon": 113.35410,
        "lat": 23.13790,
        "community_id": "440106001001",
        "kind": "社区阵地",
        "capacity": 60,
    },
    "campuses": {
        "id": "10574-SP",
        "university": "华南师范大学",
        "campus": "石牌校区",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "county_code": "440106",
        "lon": 113.35302,
        "lat": 23.13998,
        "school_type": "本科",
        "nature": "公办",
        "is985": "否",
        "is211": "是",
        "double_first_class": "是",
    },
    "resident_units": {
        "id": "RU-440106-001",
        "name": "天河区人民医院",
        "unit_type": "医院",
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "county_code": "440106",
        "lon": 113.36120,
        "lat": 23.12580,
        "community_id": "440106001001",
    },
}
"""One realistic example row per layer (WGS-84 coordinates)."""

_INTERNAL = {"simulated", "approximate", "region", "province_code", "city_code"}
_HEADER_FILL = PatternFill("solid", fgColor="FDE9D9")
_REQUIRED_FILL = PatternFill("solid", fgColor="F4B183")


def template_columns(layer: str) -> list[str]:
    """The layer columns a template asks for (internal flags and derived codes left out)."""
    return [c.name for c in SCHEMAS[layer] if c.name not in _INTERNAL]


def template_xlsx(layer: str, lang: str = "zh") -> bytes:
    """An XLSX template for ``layer``: headers, one example row, and a field description sheet.

    Parameters
    ----------
    layer
        One of :data:`geo.core.layers.LAYER_NAMES`.
    lang
        ``"zh"`` for Chinese headers (default) or ``"en"``.

    Returns
    -------
    bytes
        The workbook. Reading it back with :func:`geo.intake.io.import_layer` gives one valid row.
    """
    schema = {c.name: c for c in SCHEMAS[layer]}
    names = template_columns(layer)
    book = Workbook()
    ws = book.active
    ws.title = t(f"layer.{layer}", lang)[:31]
    headers = [schema[n].zh if lang == "zh" else schema[n].en for n in names]
    ws.append(headers)
    ws.append([EXAMPLE_ROWS[layer].get(n, "") for n in names])
    bold = Font(bold=True)
    for i, name in enumerate(names, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        cell.fill = _REQUIRED_FILL if schema[name].required else _HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(10, 2 * len(str(cell.value)) + 2)
    ws.freeze_panes = "A2"
    info = book.create_sheet(t("data.example_sheet", lang)[:31])
    info.append([t("data.template_note", lang)])
    info.append([])
    info.append(
        [
            t("data.template.field", lang),
            t("data.template.header", lang),
            t("data.template.need", lang),
            t("data.template.unit", lang),
        ]
    )
    for name in names:
        c = schema[name]
        info.append(
            [
                name,
                c.zh if lang == "zh" else c.en,
                t("data.template.required" if c.required else "data.template.optional", lang),
                c.unit,
            ]
        )
    for cell in info[3]:
        cell.font = bold
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 24
    return cells.workbook_bytes(book)


def report_xlsx(result, lang: str = "zh") -> bytes:
    """The validation report of an import as XLSX: a summary sheet and the problem list.

    Parameters
    ----------
    result
        A :class:`geo.intake.validate.ImportResult`.
    lang
        ``"zh"`` (default) or ``"en"``.

    Returns
    -------
    bytes
        The workbook.
    """
    summary = pd.DataFrame(
        {
            t("data.report.summary", lang): [
                t(f"data.report.{k}", lang)
                for k in ("file", "layer", "crs", "rows", "valid", "errors", "warnings")
            ],
            "": [
                result.file,
                t(f"layer.{result.layer}", lang),
                t(f"data.crs.{result.crs}", lang),
                len(result.frame),
                result.n_valid,
                len(result.errors),
                len(result.warnings),
            ],
        }
    )
    return problems_xlsx(result.problems, lang, summary=summary)


def problems_xlsx(
    problems: list[Problem], lang: str = "zh", summary: pd.DataFrame | None = None
) -> bytes:
    """A list of problems as XLSX (one sheet; a summary sheet first when given)."""
    from geo.i18n import problems_frame

    buffer = _stdio.BytesIO()
    with cells.excel_writer(buffer) as writer:
        if summary is not None:
            cells.write_sheet(writer, summary, t("data.report.summary", lang)[:31])
        cells.write_sheet(
            writer,
            problems_frame(problems, lang),
            t("data.problems", lang)[:31],
            widths=(8, 16, 20, 8, 16, 70),
            freeze_header=True,
        )
    return buffer.getvalue()
