"""The expert-score template (XLSX) and reading a filled one back for a bulk import.

:func:`template_xlsx` writes the sheet 专家评分 (English: Expert scores): a header row in
the reader's language, one example row (社区编号 ``示例``, ``Example`` in English, skipped when read), then one row
per community waiting for or holding an evaluation, its id and name filled in; a second
sheet explains each column. :func:`read_scores` reads such a file (headers in either
language) into rows for :func:`geo.store.record_evaluations`; every bad cell is reported
with its Excel row and the column's header as written in the file, and nothing is returned
unless every row is good. Rows whose four scores are all empty are skipped (a template row
not filled in).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from geo import i18n
from geo.core import cells
from geo.core.errors import InputError, Problem
from geo.intake import io
from geo.plan.lifecycle import AREA_MAX_POINTS, EVALUATION_AREAS, TOTAL_MAX_POINTS

COLUMNS: tuple[str, ...] = (
    "community_id",
    "name",
    *EVALUATION_AREAS,
    "total",
    "eval_date",
    "expert",
    "comments",
)
"""Template columns, in order (headers ``mgmt.col.<key>``)."""
REQUIRED: tuple[str, ...] = ("community_id", *EVALUATION_AREAS, "eval_date", "expert")
EXAMPLE_IDS = {"zh": "示例", "en": "Example"}
"""社区编号 of the example row in each language, skipped when the file is read."""


def _header(key: str, lang: str) -> str:
    own = f"mgmt.scores.col.{key}"  # the sheet's own header where the table's is too short
    return i18n.t(own if i18n.has(own) else f"mgmt.col.{key}", lang)


def template_xlsx(communities: pd.DataFrame, lang: str = "zh") -> bytes:
    """The expert-score template with the given communities listed.

    Parameters
    ----------
    communities
        ``community_id`` and ``name`` of the communities to score (and, when known, their
        current scores, ``eval_date``, ``expert`` and ``comments`` to correct).
    lang
        Language of the headers, sheet names and help.
    """
    book = Workbook()
    ws = book.active
    ws.title = i18n.t("mgmt.scores.sheet", lang)
    ws.append([_header(k, lang) for k in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    example = [EXAMPLE_IDS[lang], i18n.t("mgmt.scores.example_name", lang), 20, 18.5, 22, 19, None]
    example += [dt.date(2022, 5, 20), i18n.t("mgmt.scores.example_expert", lang)]
    example += [i18n.t("mgmt.scores.example_comment", lang)]
    ws.append(example)
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080")
    for rec in communities.to_dict("records"):
        ws.append([cells.xml_text(_value(rec.get(k))) for k in COLUMNS])
    for j, width in enumerate((16, 22, 12, 12, 16, 12, 10, 12, 14, 40), start=1):
        ws.column_dimensions[chr(64 + j)].width = width
    ws.freeze_panes = "A2"
    help_ws = book.create_sheet(i18n.t("mgmt.scores.help_sheet", lang))
    help_ws.append([i18n.t("mgmt.scores.help_column", lang), i18n.t("mgmt.scores.help_how", lang)])
    for key in COLUMNS:
        help_ws.append(
            [
                _header(key, lang),
                i18n.t(
                    f"mgmt.scores.help.{key}",
                    lang,
                    area_max=f"{AREA_MAX_POINTS:g}",
                    total_max=f"{TOTAL_MAX_POINTS:g}",
                    example=EXAMPLE_IDS[lang],
                ),
            ]
        )
    help_ws.column_dimensions["A"].width = 20
    help_ws.column_dimensions["B"].width = 80
    return cells.workbook_bytes(book)


def _value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value


FORMER_HEADERS: dict[str, tuple[str, ...]] = {
    "elderly_digital": ("Smart help for the elderly",),
    "environment": ("环境保护/垃圾分类", "Environment & waste sorting"),
    "youth_care": ("关爱青少年", "Care for vulnerable youth"),
}
"""Headers of templates downloaded before the areas took the records' names, still read."""


def _header_keys() -> dict[str, str]:
    """Header text in either language (and a former one) to column key."""
    keys = {_header(k, lang).strip().lower(): k for k in COLUMNS for lang in i18n.LANGS}
    keys |= {h.lower(): k for k, former in FORMER_HEADERS.items() for h in former}
    return keys


def read_scores(data: bytes, file: str) -> list[dict[str, Any]]:
    """Read a filled expert-score workbook into import rows.

    Returns
    -------
    list of dict
        One per scored row: ``row`` (Excel row number), ``community_id``, the four area
        scores, ``total`` (``None`` when blank), ``eval_date`` (a date), ``expert``,
        ``comments``, as text or numbers; checks of range and plan membership are the
        store's (:func:`geo.store.record_evaluations`).

    Raises
    ------
    InputError
        Not a readable XLSX, a required column missing, or a row with an empty id, a score
        or total that is not a number, or a date that is not one; each problem names the
        file, the Excel row and the column's header as written in the file.
    """
    if not file.lower().endswith((".xlsx", ".xlsm")):
        raise InputError.single(
            "mgmt.scores.problem.not_xlsx", file=file, code="unsupported_format"
        )
    table = io.read_table(data, name=file)
    keys = _header_keys()
    columns = {
        keys[str(c).strip().lower()]: c
        for c in table.frame.columns
        if str(c).strip().lower() in keys
    }
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise InputError(
            [
                Problem(
                    "mgmt.scores.problem.missing_column",
                    file=file,
                    column=_header(k, "zh"),
                    code="missing",
                )
                for k in missing
            ]
        )
    problems: list[Problem] = []
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for i, excel_row in enumerate(table.rows):
        rec = {k: str(table.frame.iloc[i][c]).strip() for k, c in columns.items()}
        row = int(excel_row)
        cid = rec.get("community_id", "")
        if cid.lower() in {v.lower() for v in EXAMPLE_IDS.values()}:
            continue
        if all(not rec.get(a) for a in EVALUATION_AREAS):
            continue  # a listed community nobody scored yet
        if not cid:
            problems.append(
                Problem(
                    "mgmt.scores.problem.no_id",
                    file,
                    row,
                    str(columns["community_id"]),
                    code="missing",
                )
            )
            continue
        if cid in seen:
            problems.append(
                Problem(
                    "mgmt.scores.problem.duplicate",
                    file,
                    row,
                    str(columns["community_id"]),
                    code="duplicate",
                    params={"first": seen[cid]},
                )
            )
            continue
        seen[cid] = row
        item: dict[str, Any] = {"row": row, "community_id": cid}
        for key in (*EVALUATION_AREAS, "total"):
            text = rec.get(key, "")
            if key == "total" and not text:
                item[key] = None
                continue
            try:
                number = float(text)
            except ValueError:
                problems.append(
                    Problem(
                        "mgmt.scores.problem.not_number",
                        file,
                        row,
                        str(columns[key]),
                        code="not_number",
                        params={"value": text},
                    )
                )
                continue
            limit = TOTAL_MAX_POINTS if key == "total" else AREA_MAX_POINTS
            if not 0 <= number <= limit:
                problems.append(
                    Problem(
                        "mgmt.scores.problem.range",
                        file,
                        row,
                        str(columns[key]),
                        code="range",
                        params={"value": text, "max": f"{limit:g}"},
                    )
                )
                continue
            item[key] = number
        day = rec.get("eval_date", "")
        try:
            item["eval_date"] = dt.date.fromisoformat(day[:10])
        except ValueError:
            problems.append(
                Problem(
                    "mgmt.scores.problem.not_date",
                    file,
                    row,
                    str(columns["eval_date"]),
                    code="not_date",
                    params={"value": day},
                )
            )
        item["expert"] = rec.get("expert", "")
        if not item["expert"]:
            problems.append(
                Problem(
                    "mgmt.scores.problem.no_expert",
                    file,
                    row,
                    str(columns["expert"]),
                    code="missing",
                )
            )
        item["comments"] = rec.get("comments", "")
        out.append(item)
    if problems:
        raise InputError(problems)
    if not out:
        raise InputError.single("mgmt.scores.problem.empty", file=file, code="empty")
    return out


def store_column(key: str, lang: str = "zh") -> str:
    """The header of a store column a bulk-import problem names (``community_id``, an area
    key, ``total``, ``expert``, ``eval_date``, ``status``) in ``lang``."""
    return i18n.t(f"mgmt.col.{key}", lang) if i18n.has(f"mgmt.col.{key}") else key
