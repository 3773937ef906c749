"""``geo.store.db.frame_rows`` gives the rows ``DataFrame.to_dict("records")`` gives, value
for value and type for type, on every kind of column a record table is written from."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from geo.store.db import frame_rows


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def test_rows_match_to_dict_with_missing_values_of_every_kind() -> None:
    n = 50
    rng = np.random.default_rng(3)
    text = pd.Series([f"社区{i}" for i in range(n)], dtype="str")
    text[::7] = None
    hours = pd.Series(rng.random(n) * 10)
    hours[::5] = np.nan
    frame = pd.DataFrame(
        {
            "community_id": text,
            "participants": rng.integers(0, 90, n),
            "volunteer_hours": hours,
            "simulated": rng.random(n) > 0.5,
            "date": [dt.date(2021, 1 + i % 12, 1 + i % 28) for i in range(n)],
            "entered_at": pd.Timestamp("2021-07-01 08:00", tz="UTC"),
            "note": pd.Series(["", "备注", None, "=1+1", "x"] * (n // 5), dtype=object),
        }
    )
    expected = frame.to_dict("records")
    got = frame_rows(frame)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert list(have) == list(want)
        assert all(_same(want[k], have[k]) for k in want), (want, have)


def test_an_empty_frame_has_no_rows() -> None:
    assert frame_rows(pd.DataFrame({"a": pd.Series([], dtype="str")})) == []
