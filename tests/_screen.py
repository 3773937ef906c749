"""What an AppTest table element shows the user, beyond the frame it holds."""

from __future__ import annotations

import pandas as pd

STREAMLIT_MISSING = "None"
"""What Streamlit draws for a missing cell when the page sets no ``placeholder``."""


def as_read(element) -> pd.DataFrame:  # noqa: ANN001 - an AppTest dataframe element
    """The table's cells as the user reads them: each missing value replaced by the
    table's ``placeholder`` (``st.dataframe(..., placeholder=...)``), or by Streamlit's
    "None" when the page set none."""
    value = element.value
    proto = element.proto
    mark = proto.placeholder if proto.HasField("placeholder") else STREAMLIT_MISSING
    return value.astype(object).where(value.notna(), mark)


def none_cells(element) -> list[str]:  # noqa: ANN001 - an AppTest dataframe element
    """Columns of the table where a missing value shows as Streamlit's English "None"."""
    shown, value = as_read(element), element.value
    return [str(c) for c in value.columns if (value[c].isna() & (shown[c] == "None")).any()]
