"""Times as the user reads them: the store keeps naive UTC, people read their own zone.

Every time YouthMap shows or writes for a reader (filings, history, evaluations, saved
versions, the 备案表's date) is converted here from the stored UTC to the deployment's
zone: ``Asia/Shanghai`` (Beijing time) unless ``YOUTHMAP_TZ`` names another IANA zone
(an unknown name falls back to Beijing time). The zone's name is rendered at the edge with
the catalogue key ``common.zone`` / ``common.zone.beijing``.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

DEFAULT_ZONE = "Asia/Shanghai"
"""The zone used unless ``YOUTHMAP_TZ`` names another."""
ENV = "YOUTHMAP_TZ"

TIME_COLUMNS: frozenset[str] = frozenset(
    {"at", "created_at", "updated_at", "submitted_at", "decided_at", "entered_at", "saved_at"}
)
"""Store columns holding naive-UTC times (converted by :func:`local_frame`)."""


def zone_name() -> str:
    """The IANA name of the readers' zone (``YOUTHMAP_TZ``, default Asia/Shanghai)."""
    name = (os.environ.get(ENV) or "").strip()
    if not name:
        return DEFAULT_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE
    return name


def zone() -> ZoneInfo:
    """The readers' zone as a :class:`zoneinfo.ZoneInfo`."""
    return ZoneInfo(zone_name())


def now() -> dt.datetime:
    """The current time in the readers' zone (aware)."""
    return dt.datetime.now(zone())


def today() -> dt.date:
    """Today's date in the readers' zone (the 备案表's 填报日期, an evaluation's default)."""
    return now().date()


def to_local(value: object) -> dt.datetime | None:
    """A stored time (naive = UTC, or aware) in the readers' zone; ``None`` for a missing
    value."""
    if value is None or value is pd.NaT:
        return None
    if not isinstance(value, dt.datetime) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        moment: dt.datetime = value.to_pydatetime()
    elif isinstance(value, dt.datetime):
        moment = value
    else:
        moment = pd.Timestamp(str(value)).to_pydatetime()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone())


def stamp(value: object, seconds: bool = False) -> str:
    """A stored time as ``YYYY-MM-DD HH:MM`` (``:SS`` with ``seconds``) in the readers'
    zone; ``""`` for a missing value."""
    local = to_local(value)
    if local is None:
        return ""
    return local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def utc_offset() -> str:
    """The zone's current offset from UTC as ``+8`` or ``+5:30``."""
    delta = now().utcoffset() or dt.timedelta(0)
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose :data:`TIME_COLUMNS` hold local time text
    (:func:`stamp`, with seconds)."""
    out = frame.copy()
    for col in out.columns:
        if col in TIME_COLUMNS:
            out[col] = [stamp(v, seconds=True) for v in out[col]]
    return out
