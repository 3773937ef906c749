"""Pairing tables in the reader's language: reasons, figure names and headers.

:mod:`geo.analysis.pairing` returns frames of codes (``reason``, method and figure names);
pages and downloads show them through :func:`for_display` and :func:`compare_for_display`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from geo import i18n
from geo.analysis.pairing import LOAD_COLUMNS, METHODS, PAIR_COLUMNS, UNPAIRED_COLUMNS


def column_labels(lang: str = "zh") -> dict[str, str]:
    """Display headers of every pairing column (pairs, unpaired, load, comparison)."""
    names = {*PAIR_COLUMNS, *UNPAIRED_COLUMNS, *LOAD_COLUMNS, "figure", "band", *METHODS}
    return {c: i18n.t(f"pairing.col.{c}", lang) for c in sorted(names)}


def unrank_kept(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with an empty ``rank`` (nullable integers) on the agreements kept: a kept
    pair has no distance rank (:func:`geo.analysis.pairing.pair` gives it 0 to sort it
    first). Pages, workbooks and ``youthmap pair``'s files all show it empty."""
    if "kept" not in frame or "rank" not in frame:
        return frame
    out = frame.copy()
    out["rank"] = out["rank"].astype("Int64").mask(out["kept"].astype(bool))
    return out


def for_display(frame: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """A pairing frame with reasons and headers in ``lang`` (for tables and downloads)."""
    out = unrank_kept(frame).copy()
    if "reason" in out:
        out["reason"] = [i18n.t(f"pairing.reason.{r}", lang) for r in out["reason"]]
    if "same_city" in out:
        out["same_city"] = out["same_city"].astype(object).where(out["same_city"].notna(), None)
    return out.rename(columns=column_labels(lang))


def compare_for_display(
    table: pd.DataFrame, lang: str = "zh", *, text: bool = False
) -> pd.DataFrame:
    """:func:`geo.analysis.pairing.compare` output with figure names and method headers in ``lang``.

    Parameters
    ----------
    table
        :func:`geo.analysis.pairing.compare`'s output.
    lang
        ``"zh"`` or ``"en"``.
    text
        Write each figure as text in its own unit, for a screen (a column mixes counts,
        metres and a share, which no single number format suits): counts and metres with
        thousands separators (``"2,067,782"``), the same-city share as a percentage
        (``"95.49%"``), a missing figure empty. Otherwise the numbers are kept (workbooks).

    Returns
    -------
    pandas.DataFrame
        A figure-name column, then one column per method.
    """
    out = table.copy()
    if text:
        out = pd.DataFrame(
            {m: [_figure_text(row, v) for row, v in table[m].items()] for m in table.columns},
            index=table.index,
        )
    out.index = [i18n.t(f"pairing.figure.{row}", lang) for row in out.index]
    out.index.name = i18n.t("pairing.col.figure", lang)
    return out.rename(columns={m: i18n.t(f"pairing.col.{m}", lang) for m in METHODS}).reset_index()


def _figure_text(row: str, value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    if row.endswith("_share"):
        return f"{float(value):.2%}"
    return f"{float(value):,.0f}"
