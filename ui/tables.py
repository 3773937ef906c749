"""Tables on screen with their Excel download: the one helper every page uses for it.

:func:`table` draws ``st.dataframe`` and, under it, a button that downloads the same
table as XLSX through :func:`geo.export.xlsx.tables_to_xlsx` (bold frozen header, sized
columns). The workbook is built only when the button is clicked, so a rerun costs nothing.
:func:`xlsx_button` offers several tables as one workbook. On screen a missing value shows
as an empty cell (:data:`MISSING`), not as Streamlit's English "None"; in the workbook it is
an empty cell too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from geo.export.xlsx import tables_to_xlsx
from ui.state import t

MISSING = ""
"""What a table on screen shows for a missing value: ``st.dataframe(..., placeholder=MISSING)``
(Streamlit's default is the English word "None"). Every table of the pages passes it."""

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheets = Mapping[str, pd.DataFrame]


def as_shown(frame: pd.DataFrame | pd.Series, hide_index: bool = False) -> pd.DataFrame:
    """The table as the page shows it: a meaningful index (a province, a status …) becomes
    the first column unless the page hides it; a default 0…n-1 index is dropped.

    Parameters
    ----------
    frame
        The frame or series given to ``st.dataframe``.
    hide_index
        Whether the page hides the index.

    Returns
    -------
    pandas.DataFrame
    """
    out = frame.to_frame() if isinstance(frame, pd.Series) else frame
    if hide_index or isinstance(out.index, pd.RangeIndex):
        return out.reset_index(drop=True)
    return out.reset_index()


def workbook(sheets: Sheets, hide_index: bool = False) -> bytes:
    """XLSX bytes of ``sheets`` (sheet name → table as shown; headers kept as they are)."""
    return tables_to_xlsx(
        {name: as_shown(frame, hide_index) for name, frame in sheets.items()}, lang=None
    )


def xlsx_button(
    sheets: Sheets | Callable[[], Sheets],
    file_name: str,
    key: str,
    *,
    label: str | None = None,
    container=None,
    hide_index: bool = False,
) -> None:
    """A download button offering ``sheets`` as one workbook, built when clicked.

    Parameters
    ----------
    sheets
        Sheet name → table, or a function returning them (for tables costly to make).
    file_name
        Name of the downloaded file (``.xlsx`` added when missing).
    key
        Widget key of the button.
    label
        Button label (default: the catalogue's "Download Excel").
    container
        Where to draw the button (a column, an expander …); default the page.
    hide_index
        Whether the tables' indexes are hidden on screen (then not written either).
    """
    where = container if container is not None else st

    def data() -> bytes:
        return workbook(sheets() if callable(sheets) else sheets, hide_index)

    name = file_name if file_name.lower().endswith(".xlsx") else f"{file_name}.xlsx"
    where.download_button(
        label or t("common.download_xlsx"), data, name, XLSX_MIME, key=key, on_click="ignore"
    )


def table(
    frame: pd.DataFrame | pd.Series,
    sheet: str,
    key: str,
    *,
    file_name: str | None = None,
    container=None,
    **dataframe_kwargs: object,
):
    """``st.dataframe(frame, key=key, **dataframe_kwargs)`` and its XLSX download button.

    Parameters
    ----------
    frame
        The table, with its display headers.
    sheet
        Name of the workbook's sheet (e.g. the table's subheader).
    key
        Widget key of the table; the button's is ``f"{key}_xlsx"``.
    file_name
        Downloaded file's name (default: ``key``).
    container
        Where to draw both (a column, a tab …); default the page.
    **dataframe_kwargs
        Passed to ``st.dataframe`` (``hide_index``, ``width``, ``column_config``,
        ``on_select`` …); ``placeholder`` defaults to :data:`MISSING`.

    Returns
    -------
    What ``st.dataframe`` returns (the selection state when ``on_select`` is set).
    """
    where = container if container is not None else st
    dataframe_kwargs.setdefault("placeholder", MISSING)
    shown = where.dataframe(frame, key=key, **dataframe_kwargs)
    xlsx_button(
        {sheet: frame},
        file_name or key,
        f"{key}_xlsx",
        container=where,
        hide_index=bool(dataframe_kwargs.get("hide_index", False)),
    )
    return shown
