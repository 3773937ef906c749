"""The plan tables' edge (:mod:`geo.export.reports`) without a database: reasons."""

from __future__ import annotations

import pandas as pd

from geo.export import reports
from geo.plan import year_demo


def test_the_apps_own_reasons_are_named_and_a_users_are_kept_as_typed() -> None:
    frame = pd.DataFrame(
        {
            "community_id": ["A", "B", "C", "D"],
            "reason": [year_demo.LAUNCH_REASON, "模拟：青年之家投入使用", "社区撤并", ""],
        }
    )  # B: the text demo databases made before the code hold
    assert reports.localize(frame, "en")["Reason"].tolist() == [
        "Simulated: Youth Home in use",
        "Simulated: Youth Home in use",
        "社区撤并",
        "",
    ]
    assert reports.localize(frame, "zh")["原因"].tolist() == [
        "模拟：青年之家投入使用",
        "模拟：青年之家投入使用",
        "社区撤并",
        "",
    ]
    assert reports.reason_text(None, "en") is None
