"""Times shown to readers: stored UTC in the deployment's zone (Beijing by default), the
zone named; ``YOUTHMAP_TZ`` chooses another; the management tables never show UTC."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.core import localtime
from geo.export import labels, reports


def test_stored_utc_is_shown_in_beijing_time_by_default(monkeypatch):
    monkeypatch.delenv("YOUTHMAP_TZ", raising=False)
    stored = dt.datetime(2026, 12, 3, 3, 26, 45)  # naive = UTC, as the store keeps it
    assert localtime.stamp(stored) == "2026-12-03 11:26"
    assert localtime.stamp(stored, seconds=True) == "2026-12-03 11:26:45"
    assert labels.local_time(stored, "zh") == "2026-12-03 11:26（北京时间）"
    assert labels.local_time(stored, "en") == "2026-12-03 11:26 (Beijing time, UTC+8)"
    # a day boundary: 20:00 UTC is already the next day in Beijing
    assert localtime.stamp(dt.datetime(2021, 5, 31, 20, 0)) == "2021-06-01 04:00"
    assert localtime.stamp(None) == "" and localtime.stamp(pd.NaT) == ""


def test_another_zone_is_configurable_and_named_with_its_offset(monkeypatch):
    monkeypatch.setenv("YOUTHMAP_TZ", "Asia/Kolkata")
    stored = dt.datetime(2026, 12, 3, 3, 0)
    assert localtime.stamp(stored) == "2026-12-03 08:30"
    assert labels.zone_label("zh") == "Asia/Kolkata，UTC+5:30"
    monkeypatch.setenv("YOUTHMAP_TZ", "Not/AZone")  # a typo falls back to Beijing time
    assert localtime.zone_name() == "Asia/Shanghai"


def test_management_tables_show_local_times_with_the_zone_in_the_header(monkeypatch):
    monkeypatch.delenv("YOUTHMAP_TZ", raising=False)
    frame = pd.DataFrame(
        {
            "unit": ["51"],
            "submitted_at": [pd.Timestamp("2026-12-03 16:05:00")],
            "decided_at": [pd.NaT],
        }
    )
    zh = reports.localize(frame, "zh")
    assert zh.at[0, "提交时间（北京时间）"] == "2026-12-04 00:05:00"
    assert zh.at[0, "审核时间（北京时间）"] == ""
    en = reports.localize(frame, "en")
    assert en.at[0, "Submitted at (Beijing time, UTC+8)"] == "2026-12-04 00:05:00"
    assert not [c for c in [*zh.columns, *en.columns] if "UTC)" in c and "UTC+" not in c]
