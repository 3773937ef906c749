"""Writing and reading the year's records of a plan's communities.

:func:`save_records` stores typed rows of one record type (:mod:`geo.plan.records`) for a plan:
a row whose natural key is already stored with the same values is left alone, one with
other values is updated (version + 1), a new one is inserted — so importing the same
month's sheet twice adds nothing. A value not given (missing: a number or date left blank,
a column the sheet lacks) leaves the stored value as it is, and a new record stores its
default (0, ``""``, no date). Before anything is written the acting user must be allowed
to write every community the rows name (:func:`geo.plan.auth.may_write_community`: a county
account its own county, a province account its province, the centre everything, a viewer
nothing); the communities' county and quota unit are the plan's, read from the database,
never the file's. The rows and one audit entry per inserted or updated record commit in one
transaction, or nothing does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Table, bindparam, func, select, update

from geo.core import localtime
from geo.core.errors import InputError, PermissionDenied, Problem, StaleWrite
from geo.plan import auth
from geo.plan.auth import User
from geo.plan.records import RECORD_TYPES, VALUE_COLUMNS, record_type
from geo.store.db import Store, frame_rows, utcnow
from geo.store.models import AUDIT, FILINGS, PLAN_COMMUNITIES, RECORD_TABLES
from geo.store.users import acting_user

SIMULATED_FILE = "simulated"
"""The source a simulated year's records are saved from (:mod:`geo.plan.year_demo`), kept as
the reason of their audit entries and named in words where a history shows them."""

CARRIED_FILE = "next_cycle:carried"
"""The source of the standing records a next cycle carries over from the plan it continues
(:func:`carry_standing`), kept as the reason of their audit entries and named in words where a
history shows them."""
STANDING_KINDS: tuple[str, ...] = ("homes", "agreements")
"""Record types that stand beyond the year they were entered in (a Youth Home's state, a
co-building agreement), carried into the next cycle with a continued community; activities
and monthly people counts are a year's own work and start afresh."""

_CHUNK = 900
"""Keys per ``IN (…)`` query (SQLite allows 32,766 bound values; PostgreSQL 65,535)."""


@dataclass(frozen=True)
class SaveResult:
    """What :func:`save_records` did.

    Attributes
    ----------
    added, updated, unchanged
        Records inserted, changed, and already stored as given.
    """

    added: int
    updated: int
    unchanged: int


def plan_areas(store: Store, plan_id: int, units: Iterable[str] | None = None) -> pd.DataFrame:
    """The plan's communities with the geography the role checks read: ``community_id``,
    ``name``, ``county_code``, ``quota_unit``, ``status``, and ``filed_on`` (the day, in
    the readers' zone, the centre accepted the unit's filing: from then on the community is
    an action community; ``None`` while its unit's filing is not accepted) and
    ``exited_on`` (the day an exited community left, ``None`` for the others: read as of an
    earlier day it was still in the action). Only those of quota ``units`` when given."""
    where = PLAN_COMMUNITIES.c.plan_id == int(plan_id)
    if units is not None:
        where = where & PLAN_COMMUNITIES.c.quota_unit.in_(list(units))
    with store.read() as conn:
        rows = conn.execute(
            select(
                PLAN_COMMUNITIES.c.community_id,
                PLAN_COMMUNITIES.c.name,
                PLAN_COMMUNITIES.c.county_code,
                PLAN_COMMUNITIES.c.quota_unit,
                PLAN_COMMUNITIES.c.status,
            ).where(where)
        ).all()
        accepted = conn.execute(
            select(FILINGS.c.unit, FILINGS.c.decided_at).where(
                FILINGS.c.plan_id == int(plan_id), FILINGS.c.state == "accepted"
            )
        ).all()
        gone = [str(r.community_id) for r in rows if r.status == "exited"]
        exits: dict[str, Any] = {}
        for i in range(0, len(gone), 500):  # 已退出 is final: its last status change is the exit
            exits |= dict(
                conn.execute(
                    select(AUDIT.c.community_id, func.max(AUDIT.c.at))
                    .where(
                        AUDIT.c.plan_id == int(plan_id),
                        AUDIT.c.action == "status",
                        AUDIT.c.community_id.in_(gone[i : i + 500]),
                    )
                    .group_by(AUDIT.c.community_id)
                ).all()
            )
    out = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=["community_id", "name", "county_code", "quota_unit", "status"],
    )
    days = {u: when.date() for u, at in accepted if (when := localtime.to_local(at))}
    out["filed_on"] = out["quota_unit"].map(days).astype(object)
    out["filed_on"] = out["filed_on"].where(out["filed_on"].notna(), None)
    exit_days = {c: when.date() for c, at in exits.items() if (when := localtime.to_local(at))}
    out["exited_on"] = [exit_days.get(c) for c in out["community_id"]]
    return out


def writable(user: User, areas: pd.DataFrame) -> pd.Series:
    """Whether ``user`` may write each community of ``areas`` (:func:`plan_areas`)."""
    return pd.Series(
        [
            auth.may_write_community(user, u, c)
            for u, c in zip(areas["quota_unit"], areas["county_code"], strict=True)
        ],
        index=areas.index,
        dtype=bool,
    )


def refused_rows(user: User, areas: pd.DataFrame, parsed) -> list[Problem]:  # noqa: ANN001
    """Problems (code ``not_yours``) for the valid rows of ``parsed`` (a
    :class:`geo.plan.records.ParsedRecords`) naming a community ``user`` may not write; the rows
    are marked bad so :meth:`~geo.plan.records.ParsedRecords.valid` leaves them out."""
    allowed = set(areas.loc[writable(user, areas), "community_id"])
    frame = parsed.valid()
    mask = ~frame["community_id"].isin(allowed)
    column = parsed.headers.get("community_id", "community_id")
    problems = [
        Problem(
            "records.problem.not_yours",
            file=parsed.file,
            row=int(r),
            column=column,
            code="not_yours",
        )
        for r in frame.loc[mask, "row"]
    ]
    parsed.bad_rows.update(int(r) for r in frame.loc[mask, "row"])
    parsed.problems.extend(problems)
    parsed.problems.sort(key=lambda p: (p.row or 0, p.column or ""))  # listed by row
    return problems


def check_dates(store: Store, plan_id: int, parsed, today: dt.date) -> list[Problem]:  # noqa: ANN001
    """Problems for the valid rows of ``parsed`` dated after ``today`` or after the day their
    community left the plan (errors: the rows are marked bad) or outside the plan's
    implementation phase (warnings), as
    :func:`geo.plan.records.date_problems` finds them; added to ``parsed``."""
    from geo.plan import records as prec

    areas = plan_areas(store, plan_id)
    left = areas.loc[areas["exited_on"].notna()]
    problems = prec.date_problems(
        parsed.valid(),
        parsed.kind,
        today=today,
        year=implementation_year(store, plan_id),
        file=parsed.file,
        headers=parsed.headers,
        exited=dict(zip(left["community_id"].astype(str), left["exited_on"], strict=True)),
    )
    parsed.bad_rows.update(p.row for p in problems if p.severity == "error" and p.row)
    parsed.problems.extend(problems)
    parsed.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return problems


def save_records(
    store: Store,
    user: User,
    plan_id: int,
    kind: str,
    rows: pd.DataFrame,
    *,
    file: str | None = None,
    simulated: bool = False,
) -> SaveResult:
    """Store records of one type for a plan's communities; idempotent by natural key.

    Parameters
    ----------
    store
        Open database.
    user
        Acting user (checked server-side: see the module docstring).
    plan_id
        The plan whose communities the records are of.
    kind
        One of :data:`geo.plan.records.RECORD_KINDS`.
    rows
        Typed rows (:meth:`geo.plan.records.ParsedRecords.valid` or :func:`geo.plan.records.check_row`):
        the type's fields; other columns are ignored. A missing value (NA, ``None``) is not
        given: a stored record keeps its own, a new one takes the default (:func:`_defaults`).
    file
        The file the rows came from, kept in the audit entries.
    simulated
        Mark the records as simulated (the demo's year).

    Returns
    -------
    SaveResult

    Raises
    ------
    PermissionDenied
        A row names a community the user may not write (nothing is written).
    InputError
        A row names a community that is not in the plan.
    """
    rt = record_type(kind)
    table = RECORD_TABLES[kind]
    user = acting_user(store, user)
    if user.role == "viewer":
        raise PermissionDenied(f"{user.label()} may not enter records", who=user.label())
    frame = rows.loc[:, rt.names].copy()
    areas = plan_areas(store, plan_id).set_index("community_id")
    unknown = sorted(set(frame["community_id"]) - set(areas.index))
    if unknown:
        raise InputError.single(
            "store.problem.records_unknown",
            n=len(unknown),
            plan=plan_id,
            ids=", ".join(unknown[:5]),
            file=file,
            column="community_id",
            code="unknown_community",
        )
    named = areas.loc[sorted(set(frame["community_id"]))]
    denied = named.index[~writable(user, named.reset_index()).to_numpy()]
    if len(denied):
        raise PermissionDenied(
            f"{user.label()} may not write records of {len(denied)} communities outside its "
            f"area: {', '.join(list(denied)[:5])}",
            who=user.label(),
        )
    now = utcnow()
    key_cols = list(rt.key)
    values_cols = VALUE_COLUMNS[kind]
    keys = _keys(frame, key_cols)
    first = ~keys.duplicated().to_numpy()
    frame, keys = frame.loc[first].reset_index(drop=True), keys[first].reset_index(drop=True)
    added = updated = unchanged = 0
    with store.write() as conn:
        existing = _existing(conn, table, plan_id, frame, key_cols)
        where = pd.Series(np.arange(len(existing)), index=_keys(existing, key_cols))
        match = keys.map(where).to_numpy(dtype=float)
        new = np.isnan(match)
        old = existing.iloc[match[~new].astype(int)].reset_index(drop=True)
        mine = frame.loc[~new].reset_index(drop=True)
        for c in values_cols:  # not given: as stored
            kept = mine[c].astype(object).where(mine[c].notna().to_numpy(), old[c])
            mine[c] = _typed(kept, rt.field(c).kind)
        same = np.ones(len(mine), dtype=bool)
        for c in values_cols:
            same &= _equal(old[c], mine[c])
        unchanged = int(same.sum())
        stamp = {
            "plan_id": int(plan_id),
            "simulated": simulated,
            "entered_by": user.name,
            "entered_at": now,
            "version": 1,
        }
        added_rows = _defaults(frame.loc[new], kind)
        inserts = [{**row, **stamp} for row in frame_rows(added_rows)]
        changes = list(zip(frame_rows(old.loc[~same]), frame_rows(mine.loc[~same]), strict=True))
        if inserts:
            conn.execute(table.insert(), inserts)
            _audit_added(conn, user, plan_id, rt.table, added_rows, keys[new], file, now)
            added = len(inserts)
        if changes:
            stmt = (
                update(table)
                .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_v"))
                .values(
                    {
                        **{c: bindparam(c) for c in values_cols},
                        "version": table.c.version + 1,
                        "entered_by": user.name,
                        "entered_at": now,
                    }
                )
            )
            done = conn.execute(
                stmt,
                [
                    {"_id": o["id"], "_v": o["version"], **{c: r[c] for c in values_cols}}
                    for o, r in changes
                ],
            )
            if done.rowcount not in (-1, len(changes)):  # a concurrent writer changed one
                raise StaleWrite(
                    f"{len(changes) - done.rowcount} records were changed by someone else "
                    "since they were read; nothing was written — reload and try again"
                )
            _audit_many(
                conn,
                user,
                plan_id,
                rt.table,
                "record_update",
                [o["id"] for o, _ in changes],
                [o for o, _ in changes],
                [r for _, r in changes],
                file,
                now,
            )
            updated = len(changes)
    return SaveResult(added, updated, unchanged)


def _typed(values: pd.Series, kind: str) -> pd.Series:
    """``values`` of a field of kind ``kind`` as the database takes them (Python ints from
    :func:`geo.store.db.frame_rows`, not NumPy's)."""
    if kind == "int":
        return pd.to_numeric(values).astype("Int64")
    if kind == "float":
        return pd.to_numeric(values).astype(float)
    return values


def _defaults(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """``frame`` with the values not given (missing) of a new record filled: numbers 0,
    texts and choices ``""``; dates stay ``None``."""
    out = frame.copy()
    for f in record_type(kind).fields:
        if f.kind == "int":
            out[f.name] = pd.to_numeric(out[f.name]).fillna(0).astype(np.int64)
        elif f.kind == "float":
            out[f.name] = pd.to_numeric(out[f.name]).fillna(0.0).astype(float)
        elif f.kind in ("text", "choice"):
            out[f.name] = out[f.name].astype(object).where(out[f.name].notna().to_numpy(), "")
    return out


def _existing(
    conn: Connection, table: Table, plan_id: int, frame: pd.DataFrame, key_cols: list[str]
) -> pd.DataFrame:
    """The stored records that may share a key with ``frame``'s rows: of its communities and,
    for dated keys, within its dates (a month's sheet reads that month, not the year)."""
    communities = sorted(set(frame["community_id"]))
    where = table.c.plan_id == int(plan_id)
    if "date" in key_cols and len(frame):
        where = where & table.c.date.between(min(frame["date"]), max(frame["date"]))
    parts = []
    for i in range(0, len(communities), _CHUNK):
        result = conn.execute(
            select(table).where(where, table.c.community_id.in_(communities[i : i + _CHUNK]))
        )
        parts.append(pd.DataFrame(result.fetchall(), columns=list(result.keys())))
    if not parts:
        return pd.DataFrame(columns=[c.name for c in table.c])
    return pd.concat(parts, ignore_index=True)


def carry_standing(
    conn: Connection,
    user: User,
    from_plan: int,
    to_plan: int,
    ids: Iterable[str],
    now: dt.datetime,
) -> dict[str, int]:
    """Copy the standing records (:data:`STANDING_KINDS`) of communities ``ids`` from plan
    ``from_plan`` into plan ``to_plan``, inside the caller's transaction (the next cycle's
    plan and what it carries commit together, :func:`geo.plan.next_cycle.start_next_cycle`).

    A community continued into the next cycle keeps its Youth Home and its agreements with
    its campus and resident units: without them its second year read "no Youth Home in use"
    (10 of the default rubric's 100 points) and no co-building partner until its county
    entered them again. Each copy keeps its values and its ``simulated`` mark, is entered by
    ``user`` at ``now`` as version 1, and is audited with :data:`CARRIED_FILE` as its source.

    Returns
    -------
    dict
        Records copied per kind.
    """
    wanted = sorted({str(c) for c in ids})
    out = {}
    for kind in STANDING_KINDS:
        rt, table = RECORD_TYPES[kind], RECORD_TABLES[kind]
        probe = pd.DataFrame({"community_id": wanted})
        rows = _existing(conn, table, from_plan, probe, ["community_id"])
        rows = rows.sort_values(["community_id", "id"]).loc[:, [*rt.names, "simulated"]]
        rows = rows.reset_index(drop=True)
        stamp = {"plan_id": int(to_plan), "entered_by": user.name, "entered_at": now, "version": 1}
        if len(rows):
            conn.execute(table.insert(), [{**row, **stamp} for row in frame_rows(rows)])
            keys = _keys(rows, list(rt.key))
            _audit_added(conn, user, to_plan, rt.table, rows, keys, CARRIED_FILE, now)
        out[kind] = len(rows)
    return out


def _keys(frame: pd.DataFrame, key_cols: list[str]) -> pd.Series:
    """Each row's natural key as one string (dates in ISO form)."""
    out = pd.Series([""] * len(frame), index=frame.index, dtype=object)
    for c in key_cols:
        out = out + "\x1f" + frame[c].map(_text).astype(str)
    return out


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _equal(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Element-wise equality of stored and new values (numbers within 1e-9, dates as days,
    missing and empty alike)."""
    an, bn = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
    if an.notna().all() and bn.notna().all() and len(a):
        return np.isclose(an.to_numpy(dtype=float), bn.to_numpy(dtype=float), atol=1e-9, rtol=0)
    return a.map(_text).to_numpy() == b.map(_text).to_numpy()


def _audit_added(
    conn: Connection,
    user: User,
    plan_id: int,
    entity: str,
    added: pd.DataFrame,
    keys: pd.Series,
    file: str | None,
    now: dt.datetime,
) -> None:
    """One audit entry per community for the records added to it: how many, from which file,
    and their natural keys (one entry per record cost 2.5 s of a 50,000-row import; the
    community's history still shows every record added, with who, when and from where)."""
    per = pd.Series(keys.to_numpy(), index=added["community_id"].to_numpy())
    conn.execute(
        AUDIT.insert(),
        [
            {
                "at": now,
                "user_name": user.name,
                "action": "record_add",
                "entity": entity,
                "entity_id": str(community),
                "plan_id": int(plan_id),
                "community_id": str(community),
                "reason": file or "",
                "before": None,
                "after": {
                    "added": len(group),
                    "file": file or "",
                    "keys": [k.strip("\x1f").split("\x1f") for k in group],
                },
            }
            for community, group in per.groupby(level=0)
        ],
    )


def _audit_many(
    conn: Connection,
    user: User,
    plan_id: int,
    entity: str,
    action: str,
    ids: list[int],
    befores: list[dict[str, Any] | None],
    afters: list[dict[str, Any]],
    file: str | None,
    now: dt.datetime,
) -> None:
    conn.execute(
        AUDIT.insert(),
        [
            {
                "at": now,
                "user_name": user.name,
                "action": action,
                "entity": entity,
                "entity_id": str(i),
                "plan_id": int(plan_id),
                "community_id": str(a["community_id"]),
                "reason": file or "",
                "before": _plain(b) if b is not None else None,
                "after": _plain(a),
            }
            for i, b, a in zip(ids, befores, afters, strict=True)
        ],
    )


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A record as audit JSON: dates as ISO text, numpy numbers as Python numbers (one
    pass, no recursion: records hold flat values)."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, dt.date | dt.datetime):
            out[k] = v.isoformat()
        elif isinstance(v, np.generic):
            out[k] = v.item()
        elif isinstance(v, float) and np.isnan(v):
            out[k] = None
        else:
            out[k] = v
    return out


def records(
    store: Store, plan_id: int, kind: str, units: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every stored record of ``kind`` in the plan (of the communities of quota ``units``
    when given: a province reads its own rows only): the type's fields, ``simulated``,
    ``entered_by``, ``entered_at``, ``version``, ``id``; in the order of the type's natural
    key, the same on every backend (in the order SQLite and PostgreSQL gave them, Tianjin's
    volunteer hours summed to 47,270.50000000001 on one and 47,270.5 on the other, and the
    progress report printed 47,271 and 47,270)."""
    rt = record_type(kind)
    table = RECORD_TABLES[kind]
    where = table.c.plan_id == int(plan_id)
    if units is not None:
        pc = PLAN_COMMUNITIES
        where = where & table.c.community_id.in_(
            select(pc.c.community_id).where(
                pc.c.plan_id == int(plan_id), pc.c.quota_unit.in_(list(units))
            )
        )
    with store.read() as conn:
        key = [table.c[name] for name in rt.key]
        result = conn.execute(select(table).where(where).order_by(*key, table.c.id))
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    if kind == "activities" and len(frame):
        frame["date"] = pd.to_datetime(frame["date"])
    return frame.loc[:, [*rt.names, "simulated", "entered_by", "entered_at", "version", "id"]]


def campus_partners(store: Store, plan_id: int) -> pd.DataFrame:
    """The campuses the plan's communities have a co-building agreement with on record
    (agreements of kind ``campus``): the pairs a meeting's map shows as partners, in the
    form of :func:`geo.analysis.pairing` pairs.

    Returns
    -------
    pandas.DataFrame
        ``community_id``, ``campus_id``, one row per agreement (empty when none is
        recorded).
    """
    table = RECORD_TABLES["agreements"]
    query = (
        select(table.c.community_id, table.c.partner_id)
        .where(table.c.plan_id == int(plan_id), table.c.kind == "campus")
        .order_by(table.c.community_id, table.c.id)
    )
    with store.read() as conn:  # two columns of one kind: read every page run
        rows = conn.execute(query).fetchall()
    return pd.DataFrame(
        [(str(c), str(p)) for c, p in rows], columns=["community_id", "campus_id"], dtype=object
    )


def without_campus(store: Store, plan_id: int, ids: Iterable[str]) -> list[str]:
    """The communities among ``ids`` with no campus agreement on record in the plan (a next
    plan's carried communities whose last cycle signed none): to be paired, in order."""
    agreed = set(campus_partners(store, plan_id)["community_id"])
    return sorted({str(c) for c in ids} - agreed)


def community_records(store: Store, plan_id: int, community_id: str) -> dict[str, pd.DataFrame]:
    """Every stored record of one community of the plan, by type (the evaluation form's
    evidence): ``{kind: frame}`` with the columns of :func:`records`."""
    out: dict[str, pd.DataFrame] = {}
    with store.read() as conn:
        for kind in RECORD_TYPES:
            table = RECORD_TABLES[kind]
            result = conn.execute(
                select(table).where(
                    table.c.plan_id == int(plan_id), table.c.community_id == str(community_id)
                )
            )
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
            if kind == "activities":
                frame["date"] = pd.to_datetime(frame["date"])
            cols = [*RECORD_TYPES[kind].names, "simulated", "entered_by", "entered_at"]
            out[kind] = frame.loc[:, [*cols, "version", "id"]]
    return out


def record_token(store: Store, plan_id: int) -> tuple[tuple[int, int, int], ...]:
    """``(rows, largest id, sum of versions)`` of each record table of the plan, of its
    communities and of its filings: changes whenever a record is added or changed, a
    community launched, evaluated or exited, or a filing decided (a cache key for pages:
    a community launched in another app process is no longer read as filed)."""
    out = []
    with store.read() as conn:
        for table in (*RECORD_TABLES.values(), PLAN_COMMUNITIES, FILINGS):
            row = conn.execute(
                select(
                    func.count(),
                    func.coalesce(func.max(table.c.id), 0),
                    func.coalesce(func.sum(table.c.version), 0),
                ).where(table.c.plan_id == int(plan_id))
            ).one()
            out.append((int(row[0]), int(row[1]), int(row[2])))
    return tuple(out)


def year_start(store: Store, plan_id: int) -> dt.date | None:
    """First day of the plan's implementation phase (its timeline's ``implement``), from
    which a community with no activity counts as idle; ``None`` when the timeline has none."""
    year = implementation_year(store, plan_id)
    return None if year is None else year[0]


def implementation_year(store: Store, plan_id: int) -> tuple[dt.date, dt.date] | None:
    """First and last day of the plan's implementation phase (timeline ``implement``), or
    ``None`` when its timeline has none."""
    from geo.store.plans import plan_timeline

    phase = next((p for p in plan_timeline(store, plan_id) if p.key == "implement"), None)
    return None if phase is None else (phase.start, phase.end)


def newest_activities(store: Store, plan_id: int, ids: Iterable[str]) -> dict[str, dt.date]:
    """The day of each community's newest activity in the plan, for the communities ``ids``
    that have one."""
    table = RECORD_TABLES["activities"]
    wanted = [str(i) for i in ids]
    if not wanted:
        return {}
    with store.read() as conn:
        rows = conn.execute(
            select(table.c.community_id, func.max(table.c.date))
            .where(table.c.plan_id == int(plan_id), table.c.community_id.in_(wanted))
            .group_by(table.c.community_id)
        ).all()
    return {
        str(c): d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10])
        for c, d in rows
        if d is not None
    }


def newest_activity(store: Store, plan_id: int) -> dt.date | None:
    """The day of the plan's newest activity, or ``None`` when it has none."""
    table = RECORD_TABLES["activities"]
    with store.read() as conn:
        day = conn.execute(
            select(func.max(table.c.date)).where(table.c.plan_id == int(plan_id))
        ).scalar()
    if day is None:
        return None
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])


def reading_day(store: Store, plan_id: int, today: dt.date) -> dt.date:
    """The day a plan's records are read as of unless the reader picks another: its newest
    activity (the simulated demo's records end before today), or ``today`` when it has
    none; never after ``today``, nor after its year of work's end once that is over, for a
    record dated later (kept with a warning) is not the year's work and does not count in
    its evaluation."""
    day = min(newest_activity(store, plan_id) or today, today)
    year = implementation_year(store, plan_id)
    return day if year is None else min(day, year[1])


def plan_with_records(store: Store) -> int | None:
    """The newest plan holding a record of the year's own work, an activity or a month's
    people (the plan whose year is under way: a next-cycle plan just started holds none yet,
    only the Youth Homes and agreements it carried over, :data:`STANDING_KINDS`), or
    ``None``."""
    from geo.store.models import PLANS

    own = [RECORD_TABLES[k] for k in RECORD_TABLES if k not in STANDING_KINDS]
    with store.read() as conn:
        for (plan_id,) in conn.execute(select(PLANS.c.id).order_by(PLANS.c.id.desc())):
            for table in own:
                if conn.execute(
                    select(table.c.id).where(table.c.plan_id == plan_id).limit(1)
                ).first():
                    return int(plan_id)
    return None


def plan_under_way(store: Store, today: dt.date) -> int | None:
    """The plan the year's pages and commands open on when none is named: the newest plan
    whose year of work holds ``today`` and has a filing accepted (its communities are the
    action's now, to be launched and recorded); else :func:`plan_with_records` (between two
    years, the one just ended, for its evaluation; the demo's year is past); else ``None``.

    A next plan filed and under way held no activity in its first weeks: the pages opened
    on the year before, its warnings about a year over, and not on the launches waiting."""
    with store.read() as conn:
        accepted = conn.execute(
            select(FILINGS.c.plan_id).where(FILINGS.c.state == "accepted").distinct()
        ).all()
    for plan_id in sorted((int(r.plan_id) for r in accepted), reverse=True):
        year = implementation_year(store, plan_id)
        if year is not None and year[0] <= today <= year[1]:
            return plan_id
    return plan_with_records(store)


def plan_for_day(
    store: Store, day: dt.date, communities: Iterable[str] | None = None
) -> int | None:
    """The plan whose implementation phase (timeline ``implement``) contains ``day``, or
    ``None``: of several, the one holding most of ``communities`` (a sheet's), then the
    newest. A newer plan of another province in the same year took a county's sheet, whose
    communities it did not hold, and every row was refused."""
    from geo.store.plans import list_plans

    wanted = set(communities) if communities is not None else set()
    best: tuple[int, int] | None = None  # (communities held, plan id)
    for plan_id in sorted(list_plans(store)["id"], reverse=True):
        year = implementation_year(store, int(plan_id))
        if year is None or not year[0] <= day <= year[1]:
            continue
        held = len(wanted & set(plan_areas(store, int(plan_id))["community_id"])) if wanted else 0
        if best is None or held > best[0]:
            best = (held, int(plan_id))
    return None if best is None else best[1]


def has_simulated(store: Store, plan_id: int) -> bool:
    """Whether any record of the plan is simulated (pages and reports then say so)."""
    with store.read() as conn:
        for table in RECORD_TABLES.values():
            found = conn.execute(
                select(table.c.id)
                .where(table.c.plan_id == int(plan_id), table.c.simulated.is_(True))
                .limit(1)
            ).first()
            if found:
                return True
    return False


__all__ = [
    "RECORD_TYPES",
    "SaveResult",
    "community_records",
    "has_simulated",
    "newest_activity",
    "reading_day",
    "plan_for_day",
    "plan_under_way",
    "campus_partners",
    "plan_with_records",
    "year_start",
    "plan_areas",
    "record_token",
    "records",
    "refused_rows",
    "check_dates",
    "implementation_year",
    "save_records",
    "writable",
]
