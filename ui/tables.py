"""Tables on screen with their Excel download: the one helper every page uses for it.

:func:`table` draws ``st.dataframe`` and, under it, a button that downloads the same
table as XLSX through :func:`geo.export.xlsx.tables_to_xlsx` (bold frozen header, sized
columns). The workbook is built only when the button is clicked, so a rerun costs nothing.
:func:`xlsx_button` offers several tables as one workbook; :func:`dataframe` draws a table
without its button. On screen numbers carry thousands separators and the decimals their
values need (:func:`number_format`), and a missing value shows as an empty cell
(:data:`MISSING`), not as Streamlit's English "None"; in the workbook it is an empty cell too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import streamlit as st

from geo.export import labels
from geo.export.xlsx import number_format as excel_number_format
from geo.export.xlsx import tables_to_xlsx
from ui.state import lang, t

MISSING = ""
"""What a table on screen shows for a missing value: ``st.dataframe(..., placeholder=MISSING)``
(Streamlit's default is the English word "None"). Every table of the pages passes it."""

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheets = Mapping[str, pd.DataFrame]


COORDINATE_WORDS: tuple[str, ...] = ("经度", "纬度", "longitude", "latitude")
"""A column whose header holds one of these (or is ``lon`` / ``lat``) is a coordinate: shown
with five decimals (about a metre), whatever its magnitude."""


PER_VALUE = "per value"
""":func:`number_format`'s answer for a column whose values need different decimals."""

MIXED_FROM: float = 1000
"""A column with fractions below 1 and values from this up is written value by value."""


def number_text(value: object) -> str:
    """One number as text, with the decimals its size needs (see :func:`number_format`):
    ``3940`` → "3,940", ``6785.6508`` → "6,786", ``3.114`` → "3.11", ``0.07061`` → "0.0706";
    a missing or infinite value is empty."""
    if value is None or pd.isna(value) or not np.isfinite(float(value)):
        return MISSING
    x = float(value)
    if x == int(x):
        return f"{int(x):,}"
    size = abs(x)
    return f"{x:,.0f}" if size >= 100 else f"{x:,.2f}" if size >= 1 else f"{x:.4f}"


def number_format(values: pd.Series) -> str | None:
    """How a numeric column shows on screen, chosen from its values (a printf format).

    Whole numbers show with thousands separators (``"%,d"``: 11,423). Other numbers get
    the decimals their values have, at most none from 100 up (metres, people: 6,786), two
    from 1 (kilometres: 3.11) and four below 1 (scores: 0.7042; weights 0.05 and 0.2 show
    as 0.05 and 0.20), the cap set by the column's smallest fractional value. Coordinates
    (:data:`COORDINATE_WORDS`) keep five decimals. Streamlit's default shows every float
    with all its decimals and no separators (6785.6508, 2067781.5).

    A column that mixes fractions below 1 with values from :data:`MIXED_FROM` up (one row
    per indicator: metres, people and shares) gets :data:`PER_VALUE`: each value written
    as :func:`number_text` writes it.

    Parameters
    ----------
    values
        One column of a table (its name is the header shown).

    Returns
    -------
    str or None
        The format, :data:`PER_VALUE`, or ``None`` for a column that is not numeric (text,
        booleans, dates) or has no finite value.
    """
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return None
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    x = np.abs(x[np.isfinite(x)])
    if not len(x):
        return None
    name = str(values.name or "").lower()
    if name in ("lon", "lat") or any(word in name for word in COORDINATE_WORDS):
        return "%.5f"
    fractional = x[x != np.floor(x)]
    if not len(fractional):
        return "%,d"
    smallest = fractional.min()
    cap = 0 if smallest >= 100 else 2 if smallest >= 1 else 4
    if cap == 4 and x.max() >= MIXED_FROM:
        return PER_VALUE
    places = next((d for d in range(cap) if np.allclose(x, np.round(x, d), rtol=0, atol=1e-9)), cap)
    return f"%,.{places}f"


def number_columns(
    frame: pd.DataFrame, column_config: Mapping[str, object] | None = None
) -> dict[str, object]:
    """``column_config`` for ``st.dataframe``: each numeric column shown as
    :func:`number_format` chooses, and the given configuration over it.

    Parameters
    ----------
    frame
        The table as shown.
    column_config
        Columns the page configures itself (bars, check boxes, percentages …): kept as given.

    Returns
    -------
    dict
        Column name → ``st.column_config`` column (or what ``column_config`` held).
    """
    return _config(_formats(frame), column_config)


def _formats(frame: pd.DataFrame) -> dict[str, str]:
    """Column name → :func:`number_format` for each numeric column of ``frame``."""
    out: dict[str, str] = {}
    for name in frame.columns:
        if isinstance(name, str) and name not in out:
            fmt = number_format(frame[name])
            if fmt is not None:
                out[name] = fmt
    return out


def _config(formats: Mapping[str, str], given: Mapping[str, object] | None) -> dict[str, object]:
    out: dict[str, object] = {
        name: st.column_config.TextColumn(alignment="right")
        if fmt == PER_VALUE
        else st.column_config.NumberColumn(format=fmt)
        for name, fmt in formats.items()
    }
    out.update(given or {})
    return out


def in_language(frame: pd.DataFrame, lang_: str, *, values: bool = False) -> pd.DataFrame:
    """``frame`` with the province, city and county names of its place columns (found by
    their headers, :func:`geo.export.labels.place_headers`) in the page's language, and with
    ``values`` its yes/no and coded values in words too (for files: on screen a yes/no
    column is often a check box)."""
    columns = [c for c in frame.columns if c in labels.place_headers()]
    if not values and (lang_ == "zh" or not columns):
        return frame
    if not values:
        return frame.assign(
            **{c: labels.localize_values(frame[[c]], lang_, [c])[c] for c in columns}
        )
    return labels.localize_headed(frame, lang_)


def file_sheets(sheets: Sheets, lang_: str) -> dict[str, pd.DataFrame]:
    """``sheets`` (headed as on screen) as a file holds them: :func:`in_language` with values."""
    return {name: in_language(frame, lang_, values=True) for name, frame in sheets.items()}


def dataframe(frame: pd.DataFrame | pd.Series, *, container=None, **dataframe_kwargs: object):
    """``st.dataframe`` as every table of the app draws it: numbers formatted
    (:func:`number_columns`) and missing values empty (:data:`MISSING`).

    Parameters
    ----------
    frame
        The table, with its display headers.
    container
        Where to draw it (a column, a tab …); default the page.
    **dataframe_kwargs
        Passed to ``st.dataframe``; a ``column_config`` given is kept over the number formats.
        A column of :data:`PER_VALUE` numbers is drawn as right-aligned text (the frame
        given is not changed).

    Returns
    -------
    What ``st.dataframe`` returns (the selection state when ``on_select`` is set).
    """
    where = container if container is not None else st
    if not len(frame) and "on_select" not in dataframe_kwargs:  # Streamlit draws "empty"
        where.caption(t("common.table_empty"))
        return None
    dataframe_kwargs.setdefault("placeholder", MISSING)
    columns = in_language(frame.to_frame() if isinstance(frame, pd.Series) else frame, lang())
    frame = columns
    given = dataframe_kwargs.pop("column_config", None) or {}
    formats = _formats(columns)
    texts = [name for name, fmt in formats.items() if fmt == PER_VALUE and name not in given]
    if texts:
        frame = columns.assign(**{name: columns[name].map(number_text) for name in texts})
    config = _config(formats, given)
    return where.dataframe(frame, column_config=config, **dataframe_kwargs)


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


def excel_format(fmt: str) -> str | None:
    """The Excel number format of a :func:`number_format` (``"%,d"`` → ``"#,##0"``,
    ``"%,.2f"`` → ``"#,##0.00"``, ``"%.5f"`` → ``"0.00000"``); ``None`` for
    :data:`PER_VALUE` (Excel's general format then writes each value as it needs)."""
    if fmt == PER_VALUE:
        return None
    places = int(fmt.split(".")[1][:-1]) if "." in fmt else 0
    return excel_number_format(places, thousands="," in fmt)


def workbook(sheets: Sheets, hide_index: bool = False, lang_: str = "zh") -> bytes:
    """XLSX bytes of ``sheets`` (sheet name → table as shown; headers kept as they are,
    yes/no, coded values and place names in ``lang_``), each number column with the
    decimals and thousands separators it has on screen (:func:`number_format`: 6,786 m and
    a score of 0.7042 in every row, where Excel's general format wrote 6785.6508 and 0.7)."""
    shown = {
        name: in_language(as_shown(frame, hide_index), lang_, values=True)
        for name, frame in sheets.items()
    }
    formats = {
        name: {c: f for c, fmt in _formats(frame).items() if (f := excel_format(fmt))}
        for name, frame in shown.items()
    }
    return tables_to_xlsx(shown, lang=None, formats=formats)


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
    shown_in = lang()  # the file is built later, outside the script run

    def data() -> bytes:
        return workbook(sheets() if callable(sheets) else sheets, hide_index, shown_in)

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
        Downloaded file's name (default: ``sheet``, fit for a file name: the table's title in
        the page's language, 状态看板.xlsx; it was the widget key, mgmt_board.xlsx).
    container
        Where to draw both (a column, a tab …); default the page.
    **dataframe_kwargs
        Passed to :func:`dataframe` (``hide_index``, ``width``, ``column_config``,
        ``on_select`` …).

    Returns
    -------
    What ``st.dataframe`` returns (the selection state when ``on_select`` is set).
    """
    where = container if container is not None else st
    shown = dataframe(frame, container=where, key=key, **dataframe_kwargs)
    xlsx_button(
        {sheet: frame},
        file_name or labels.file_stem(sheet),
        f"{key}_xlsx",
        container=where,
        hide_index=bool(dataframe_kwargs.get("hide_index", False)),
    )
    return shown
