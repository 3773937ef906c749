"""Records of the year of work: activities, people, agreements and Youth Home state.

The action asks each community to combine people, projects, venues and resources
(人员、项目、阵地、资源 "四位一体"). Counties record what happened during the year in four
record types (:data:`RECORD_TYPES`):

- ``activities`` — one activity: community, date, task area (:data:`TASK_AREAS`), title,
  participants, volunteer hours, beneficiaries (children, elderly, vulnerable youth), the
  partner (a campus League branch or a resident unit, by id) and a note;
- ``people`` — per community and month: League cadres, youth social workers, League-affiliated
  youth social organisations serving it, League members registered (报到) in the community;
- ``agreements`` — co-building agreements with resident units and the paired campus's branch
  agreement (partner id, start date, content);
- ``homes`` — the Youth Home's state (planned, built, in use), floor area, opening hours.

Each type has a natural key (:attr:`RecordType.key`): re-uploading a sheet whose rows are
already stored adds nothing. :func:`parse_records` turns a table read by
:func:`geo.intake.io.read_table` (never pandas' own readers) into typed rows and
:class:`geo.core.errors.Problem` objects naming the Excel row and the column as the file spells
it. Problems carry a stable ``code`` (``records.problem.<code>`` in the catalogue); the text
is rendered at the edge. Cost: vectorised pandas parsing, about 0.3 s for 50,000 rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core.errors import InputError, Problem, Term
from geo.core.layers import campus_names
from geo.i18n import LANGS, join, t
from geo.plan.lifecycle import EVALUATION_AREAS

TASK_AREAS: tuple[str, ...] = EVALUATION_AREAS
"""The four task areas: 四点半课堂, 智慧助老, 美丽社区/垃圾分类, 弱势青少年帮扶."""
PARTNER_KINDS: tuple[str, ...] = ("campus", "resident_unit")
"""Who an activity or agreement is with: a campus League branch or a resident unit."""
HOME_STATES: tuple[str, ...] = ("planned", "built", "in_use")
"""A Youth Home's state, in order."""
RECORD_KINDS: tuple[str, ...] = ("activities", "people", "agreements", "homes")
"""The record types, in the order pages list them."""
MAX_COUNT = 100_000
"""Largest count accepted in one cell (participants, beneficiaries, people)."""
MAX_HOURS = 1_000_000.0
"""Largest number of volunteer hours accepted in one activity."""
FIRST_DAY = dt.date(2000, 1, 1)
"""Earliest date accepted (a typo such as 1921 is caught)."""


@dataclass(frozen=True)
class Field:
    """One column of a record type.

    Attributes
    ----------
    name
        Column name in the database and in frames.
    kind
        ``"text"``, ``"int"``, ``"float"``, ``"date"``, ``"month"`` (``YYYY-MM``) or
        ``"choice"``.
    required
        A row without it is refused.
    choices
        Allowed codes of a ``"choice"`` field (their labels are ``records.<name>.<code>``).
    max_chars
        Longest text kept.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_chars: int = 200


@dataclass(frozen=True)
class RecordType:
    """A record type: its fields, natural key and table.

    Attributes
    ----------
    name
        One of :data:`RECORD_KINDS`.
    fields
        Columns in template order (``community_id`` first).
    key
        Columns that identify a record: a row with the same key is the same record.
    table
        Database table name.
    """

    name: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    table: str

    @property
    def names(self) -> list[str]:
        """The field names in order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        return next(f for f in self.fields if f.name == name)


_COMMUNITY = Field("community_id", required=True, max_chars=64)
RECORD_TYPES: dict[str, RecordType] = {
    "activities": RecordType(
        "activities",
        (
            _COMMUNITY,
            Field("date", "date", required=True),
            Field("area", "choice", required=True, choices=TASK_AREAS),
            Field("title", required=True),
            Field("participants", "int"),
            Field("volunteer_hours", "float"),
            Field("children", "int"),
            Field("elderly", "int"),
            Field("vulnerable_youth", "int"),
            Field("partner_kind", "choice", choices=PARTNER_KINDS),
            Field("partner_id", max_chars=64),
            Field("note", max_chars=2000),
        ),
        ("community_id", "date", "area", "title"),
        "record_activities",
    ),
    "people": RecordType(
        "people",
        (
            _COMMUNITY,
            Field("month", "month", required=True),
            Field("cadres", "int"),
            Field("social_workers", "int"),
            Field("youth_orgs", "int"),
            Field("members_registered", "int"),
        ),
        ("community_id", "month"),
        "record_people",
    ),
    "agreements": RecordType(
        "agreements",
        (
            _COMMUNITY,
            Field("kind", "choice", required=True, choices=PARTNER_KINDS),
            Field("partner_id", required=True, max_chars=64),
            Field("start_date", "date", required=True),
            Field("content", max_chars=2000),
        ),
        ("community_id", "kind", "partner_id"),
        "record_agreements",
    ),
    "homes": RecordType(
        "homes",
        (
            _COMMUNITY,
            Field("state", "choice", required=True, choices=HOME_STATES),
            Field("area_m2", "float"),
            Field("opening_hours", max_chars=200),
            Field("since", "date"),
        ),
        ("community_id",),
        "record_homes",
    ),
}
"""Every record type by name."""

EXAMPLES: dict[str, dict[str, object]] = {
    "activities": {
        "community_id": "C440106-0001",
        "date": "2021-06-01",
        "area": "after_school",
        "participants": 12,
        "volunteer_hours": 24,
        "children": 20,
        "elderly": 0,
        "vulnerable_youth": 2,
        "partner_kind": "campus",
        "partner_id": "U0411-1",
    },
    "people": {
        "community_id": "C440106-0001",
        "month": "2021-06",
        "cadres": 2,
        "social_workers": 3,
        "youth_orgs": 1,
        "members_registered": 25,
    },
    "agreements": {
        "community_id": "C440106-0001",
        "kind": "resident_unit",
        "partner_id": "R440106-00001",
        "start_date": "2021-05-20",
    },
    "homes": {
        "community_id": "C440106-0001",
        "state": "in_use",
        "area_m2": 120,
        "since": "2021-06-01",
    },
}
"""One realistic example row per record type (choice fields as codes), its free text apart
(:data:`EXAMPLE_TEXTS`)."""

EXAMPLE_TEXTS: dict[str, tuple[str, ...]] = {
    "activities": ("title", "note"),
    "agreements": ("content",),
    "homes": ("opening_hours",),
}
"""The example row's free-text fields, written in the template's language (catalogue key
:func:`example_text_key`; an English template's example read 四点半课堂作业辅导)."""


def example_text_key(kind: str, name: str) -> str:
    """Catalogue key of the example row's free text ``name`` of record type ``kind``."""
    return f"records.example.{kind}.{name}"


def example_text_spellings(kind: str, name: str) -> tuple[str, ...]:
    """The example row's free text ``name`` as written in each language (Chinese first):
    left as it came in a template of either language, the row is still the example."""
    return tuple(t(example_text_key(kind, name), lang) for lang in LANGS)


VALUE_COLUMNS: dict[str, list[str]] = {
    k: [n for n in rt.names if n not in rt.key] for k, rt in RECORD_TYPES.items()
}
"""For each type, the columns that are not part of the natural key."""


def record_type(kind: str) -> RecordType:
    """The record type ``kind``; :class:`InputError` (code ``record_type``) when unknown."""
    if kind not in RECORD_TYPES:
        raise InputError.single(
            "records.problem.record_type",
            column="type",
            code="record_type",
            kind=kind,
            kinds=", ".join(RECORD_KINDS),
        )
    return RECORD_TYPES[kind]


def header_spellings(name: str) -> tuple[str, ...]:
    """The column header of field ``name`` as written in each language (Chinese first), all
    of them accepted when a file is read back; the edge writes one
    (:func:`geo.export.records.header`)."""
    return tuple(t(f"records.field.{name}", lang) for lang in LANGS)


def choice_spellings(name: str, code: str) -> tuple[str, ...]:
    """The label of choice ``code`` of field ``name`` in each language (Chinese first)."""
    return tuple(t(f"records.{name}.{code}", lang) for lang in LANGS)


def _ymd(match: re.Match[str]) -> str:
    """``2021年6月1日`` → ``2021-6-1`` (``2021年6月`` → ``2021-6``)."""
    year, month, day = match.groups()
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def _norm(text: object) -> str:
    """A header or choice as compared: NFKC (full-width brackets as the reader gives them),
    no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def _header_map(kind: str) -> dict[str, str]:
    """Every accepted spelling of each header (field name, Chinese, English) → field."""
    out: dict[str, str] = {}
    for name in RECORD_TYPES[kind].names:
        for spelling in (name, *header_spellings(name)):
            out[_norm(spelling)] = name
    return out


def _choice_map(field: Field) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in field.choices:
        for spelling in (code, *choice_spellings(field.name, code)):
            out[_norm(spelling)] = code
    # the task areas' short names users type: 美丽社区, 垃圾分类, 环境
    for alias, code in _ALIASES.get(field.name, {}).items():
        out[_norm(alias)] = code
    return out


_ALIASES: dict[str, dict[str, str]] = {
    "area": {
        "美丽社区": "environment",
        "垃圾分类": "environment",
        "四点半": "after_school",
        "助老": "elderly_digital",
        "弱势青少年": "youth_care",
        "一对一帮扶": "youth_care",
        "多对一帮扶": "youth_care",
    },
    "partner_kind": {"高校": "campus", "团支部": "campus", "驻区单位": "resident_unit"},
    "kind": {"高校": "campus", "团支部": "campus", "驻区单位": "resident_unit"},
    "state": {"在用": "in_use", "使用中": "in_use", "已建": "built", "筹建": "planned"},
}


@dataclass
class ParsedRecords:
    """Rows of one record file, typed, with the problems found.

    Attributes
    ----------
    kind
        The record type.
    frame
        One row per data line (the type's fields, typed) plus ``row`` (its Excel row).
    problems
        Row and column problems (``error`` rows are left out of :meth:`valid`).
    bad_rows
        Excel rows with at least one error.
    file
        File name.
    headers
        ``{field: header as the file spells it}`` for messages.
    """

    kind: str
    frame: pd.DataFrame
    problems: list[Problem]
    bad_rows: set[int]
    file: str
    headers: dict[str, str]

    @property
    def errors(self) -> list[Problem]:
        """The problems that block their row."""
        return [p for p in self.problems if p.severity == "error"]

    def valid(self) -> pd.DataFrame:
        """The rows without errors (and not repeated within the file)."""
        return self.frame.loc[~self.frame["row"].isin(self.bad_rows)].reset_index(drop=True)


def parse_records(
    table, kind: str, *, communities: Mapping[str, str] | None = None
) -> ParsedRecords:
    """Type and check the rows of a record file read by :func:`geo.intake.io.read_table`.

    Parameters
    ----------
    table
        A :class:`geo.intake.io.RawTable` (text cells and the Excel row of each line).
    kind
        One of :data:`RECORD_KINDS`.
    communities
        ``{community_id: county_code}`` of the plan; a row naming another community is
        refused (code ``unknown_community``). ``None`` skips that check.

    Returns
    -------
    ParsedRecords
        Its frame holds what each line gives: a number or date left blank, or a column
        the file lacks, is missing (NA, ``None``), not 0 or ``""`` (a text left blank in
        a column the file has is ``""``, given empty): :func:`geo.store.records.save_records`
        keeps a stored record's value for it, where a sheet of only the key columns had
        set every stored number to 0.

    Raises
    ------
    InputError
        A required column is missing (one problem per column, code ``missing_column``).
    """
    rt = record_type(kind)
    spellings = _header_map(kind)
    headers: dict[str, str] = {}
    for col in table.frame.columns:
        name = spellings.get(_norm(col))
        if name and name not in headers:
            headers[name] = str(col)
    unknown = [str(c) for c in table.frame.columns if _norm(c) not in spellings]
    missing = [f.name for f in rt.fields if f.required and f.name not in headers]
    if missing:
        raise InputError(
            [
                Problem(
                    "records.problem.missing_column",
                    file=table.file,
                    row=table.header_row,
                    column=header_spellings(m)[0],
                    code="missing_column",
                    params={"column": Term(zh=header_spellings(m)[0], en=header_spellings(m)[1])},
                )
                for m in missing
            ]
        )
    rows = np.asarray(table.rows, dtype=np.int64)
    problems: list[Problem] = [
        Problem(
            "records.problem.unknown_column",
            file=table.file,
            row=table.header_row,
            column=col,
            severity="warning",
            code="unknown_column",
        )
        for col in unknown
    ]
    bad: np.ndarray = np.zeros(len(rows), dtype=bool)
    out: dict[str, object] = {"row": rows}

    def flag(mask: np.ndarray, name: str, code: str, key: str = "", **params: object) -> None:
        """Flag the rows of ``mask`` (the message ``key``, by default the code's own)."""
        nonlocal bad
        for r in rows[mask]:
            problems.append(
                Problem(
                    key or f"records.problem.{code}",
                    file=table.file,
                    row=int(r),
                    column=headers.get(name, name),
                    code=code,
                    params=params,
                )
            )
        bad |= mask

    for f in rt.fields:
        raw = (
            table.frame[headers[f.name]].astype(str).str.strip()
            if f.name in headers
            else pd.Series([""] * len(rows), index=table.frame.index)
        )
        raw = raw.reset_index(drop=True)
        empty = (raw == "").to_numpy()
        if f.required:
            flag(empty, f.name, "missing")
        if f.name not in headers and f.kind in ("text", "choice"):
            out[f.name] = np.full(len(rows), None, dtype=object)  # not given (save_records)
        elif f.kind == "text":
            long = (raw.str.len() > f.max_chars).to_numpy()
            flag(long, f.name, "too_long", limit=f.max_chars)
            nul = raw.str.contains("\x00", regex=False).to_numpy()
            flag(nul, f.name, "nul")
            out[f.name] = raw.to_numpy(dtype=object)
        elif f.kind in ("int", "float"):
            num = pd.to_numeric(raw.str.replace(",", "", regex=False), errors="coerce")
            values = num.to_numpy(dtype=float)
            nan = np.isnan(values) & ~empty
            flag(nan, f.name, "not_number")
            top = MAX_HOURS if f.kind == "float" else MAX_COUNT
            out_of_range = ~np.isnan(values) & ((values < 0) | (values > top))
            flag(out_of_range, f.name, "out_of_range", "records.problem.number_range", high=top)
            # a blank cell, or a column the file lacks, is not given: NaN (NA), which an
            # update leaves as stored and an insert stores as 0 (save_records)
            values = np.where(nan | out_of_range, 0.0, values)
            if f.kind == "int":
                frac = ~np.isnan(values) & (np.floor(values) != values)
                flag(frac, f.name, "not_integer")
                out[f.name] = pd.array(np.floor(values), dtype="Int64")
            else:
                out[f.name] = values
        elif f.kind in ("date", "month"):
            text = raw.str.replace(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日?)?$", _ymd, regex=True)
            text = text.str.slice(0, 10).str.replace("/", "-", regex=False)
            text = text.str.replace(".", "-", regex=False)
            if f.kind == "month":
                text = text.where(~text.str.fullmatch(r"\d{4}-\d{1,2}"), text + "-01")
            dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
            nat = dates.isna().to_numpy() & ~empty
            flag(nat, f.name, "not_month" if f.kind == "month" else "not_date")
            early = (~dates.isna() & (dates < pd.Timestamp(FIRST_DAY))).to_numpy()
            flag(early, f.name, "out_of_range", "records.problem.too_early", day=FIRST_DAY)
            if f.kind == "month":
                out[f.name] = dates.dt.strftime("%Y-%m").fillna("").to_numpy(dtype=object)
            else:
                out[f.name] = np.array(
                    [d.date() if not pd.isna(d) else None for d in dates], dtype=object
                )
        else:  # choice
            mapping = _choice_map(f)
            codes = raw.map(lambda v, m=mapping: m.get(_norm(v), None if v else ""))
            unknown = codes.isna().to_numpy()
            labels = [choice_spellings(f.name, c) for c in f.choices]  # a CSV has no list
            choices = Term(
                zh=join([z for z, _ in labels], "zh"), en=join([e for _, e in labels], "en")
            )
            flag(unknown, f.name, "not_choice", choices=choices)
            out[f.name] = codes.fillna("").to_numpy(dtype=object)
    frame = pd.DataFrame(out)
    if communities is not None:
        known = frame["community_id"].isin(set(communities)).to_numpy()
        outside = ~known & (frame["community_id"] != "").to_numpy()
        example = _is_example(frame, kind)  # the template's own row, left in the sheet
        flag(outside & example, "community_id", "example_row")
        flag(outside & ~example, "community_id", "unknown_community")
        # left as it is in a plan that has its community (the demo's C440106-0001): it was
        # stored as that community's work
        flag(known & _is_example(frame, kind, whole=True), "community_id", "example_kept")
    # the same record twice in one file: the later line is a warning and is not stored again
    dup = frame.duplicated(list(rt.key), keep="first").to_numpy() & ~bad
    for r in rows[dup]:
        problems.append(
            Problem(
                "records.problem.duplicate_in_file",
                file=table.file,
                row=int(r),
                column=None,
                severity="warning",
                code="duplicate_in_file",
            )
        )
    bad_rows = {int(r) for r in rows[bad | dup]}
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return ParsedRecords(kind, frame, problems, bad_rows, table.file, headers)


def _is_example(frame: pd.DataFrame, kind: str, whole: bool = False) -> np.ndarray:
    """Rows whose natural key (with ``whole``, every field) is that of the template's
    example row (:data:`EXAMPLES`); ``frame`` as parsed (numbers, dates, choice codes)."""
    example, texts = EXAMPLES[kind], EXAMPLE_TEXTS.get(kind, ())
    same = np.ones(len(frame), dtype=bool)
    for name in [*example, *texts] if whole else RECORD_TYPES[kind].key:
        column = frame[name]
        if name in texts:  # the template's free text, in either language
            spellings = example_text_spellings(kind, name)
            same &= column.map(str).isin(spellings).fillna(False).to_numpy(dtype=bool)
            continue
        value = example[name]
        if isinstance(value, int | float):  # a number left blank is not given (NA)
            equal = pd.Series(pd.to_numeric(column, errors="coerce") == value, dtype="boolean")
        else:
            equal = pd.Series(column.map(str) == str(value), dtype="boolean")
        same &= equal.fillna(False).to_numpy(dtype=bool)
    return same


DATED_FIELDS: dict[str, str] = {"activities": "date", "people": "month"}
"""The field that says when a record's work was done, by record type. An agreement's start
and a Youth Home's opening may come before the year of work, so they are not checked."""


def date_problems(
    frame: pd.DataFrame,
    kind: str,
    *,
    today: dt.date,
    year: tuple[dt.date, dt.date] | None = None,
    file: str | None = None,
    headers: Mapping[str, str] | None = None,
    exited: Mapping[str, dt.date] | None = None,
) -> list[Problem]:
    """When each record's work was done, against today, the plan's year of work and the
    day its community left the plan.

    A date after ``today`` is an error (work not done yet, or a mistyped year: 2062 for
    2026); a date outside ``year`` is a warning (the record may belong to another plan, or
    the year was mistyped), kept with the record.

    Parameters
    ----------
    frame
        Typed rows with ``row`` (:meth:`ParsedRecords.valid`, :func:`check_row`).
    kind
        Record type; those of :data:`DATED_FIELDS` are checked, and a Youth Home's
        opening day when it is said built or in use (code ``home_future``).
    today
        Today in the readers' zone.
    year
        First and last day of the plan's implementation phase, or ``None``.
    file, headers
        For the problems: the file name and ``{field: header as the file spells it}``.
    exited
        ``{community id: the day it left}`` for the plan's exited communities: the work of
        a day after it is no work of the action, an error (a county's sheet still listing
        a community the centre exited); the work before it can still be entered.

    Returns
    -------
    list of Problem
        Codes ``future`` and ``after_exit`` (errors) and ``outside_year`` (warning), one
        per row.
    """
    if kind == "homes":
        return _home_opened_later(frame, today=today, file=file, headers=headers)
    name = DATED_FIELDS.get(kind)
    if name is None or name not in frame.columns or frame.empty:
        return []
    if name == "month":  # the month's first and last day
        first = pd.to_datetime(frame[name].astype(str) + "-01", errors="coerce")
        last = first + pd.offsets.MonthEnd(0)
    else:
        first = last = pd.to_datetime(frame[name], errors="coerce")
    column = (headers or {}).get(name, header_spellings(name)[0])
    future = (first > pd.Timestamp(today)).to_numpy()  # NaT compares False
    ids = (
        frame["community_id"].astype(str) if "community_id" in frame else pd.Series("", frame.index)
    )
    left = pd.to_datetime(ids.map(dict(exited or {})), errors="coerce").to_numpy()
    gone = (first.to_numpy() > left) & ~future  # NaT (not exited) compares False
    outside = np.zeros(len(frame), dtype=bool)
    if year is not None:
        outside = ((last < pd.Timestamp(year[0])) | (first > pd.Timestamp(year[1]))).to_numpy()
        outside = outside & ~future
    rows = frame["row"].to_numpy()
    problems = [
        Problem(
            "records.problem.future",
            file=file,
            row=int(r),
            column=column,
            code="future",
            params={"today": today.isoformat()},
        )
        for r in rows[future]
    ]
    problems += [
        Problem(
            "records.problem.after_exit",
            file=file,
            row=int(r),
            column=column,
            code="after_exit",
            params={"day": pd.Timestamp(day).date().isoformat()},
        )
        for r, day in zip(rows[gone], left[gone], strict=True)
    ]
    outside &= ~gone
    if year is not None:
        span = {"start": year[0].isoformat(), "end": year[1].isoformat()}
        problems += [
            Problem(
                "records.problem.outside_year",
                file=file,
                row=int(r),
                column=column,
                severity="warning",
                code="outside_year",
                params=span,
            )
            for r in rows[outside]
        ]
    problems.sort(key=lambda p: p.row or 0)
    return problems


def _home_opened_later(
    frame: pd.DataFrame,
    *,
    today: dt.date,
    file: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Errors (code ``home_future``) for the Youth Homes said built or in use since a day
    after ``today``: a home in use since 2099 is a mistyped year, and the evaluation would
    count it in use. A planned home's day is when it is to open, so it may come later."""
    if frame.empty or "since" not in frame.columns or "state" not in frame.columns:
        return []
    since = pd.to_datetime(frame["since"], errors="coerce")
    later = ((since > pd.Timestamp(today)) & frame["state"].isin(["built", "in_use"])).to_numpy()
    column = (headers or {}).get("since", header_spellings("since")[0])
    return [
        Problem(
            "records.problem.home_future",
            file=file,
            row=int(r),
            column=column,
            code="home_future",
            params={"today": today.isoformat()},
        )
        for r in frame["row"].to_numpy()[later]
    ]


PARTNER_FIELDS: dict[str, tuple[str, str]] = {
    "activities": ("partner_kind", "partner_id"),
    "agreements": ("kind", "partner_id"),
}
"""The fields that name a record's partner, by record type: its kind (one of
:data:`PARTNER_KINDS`) and its id."""


def partner_problems(
    frame: pd.DataFrame,
    kind: str,
    *,
    known: Mapping[str, pd.Index],
    file: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Partners the layers do not hold: a campus id that is no campus, a resident unit's id
    that is no resident unit (a typing slip, or the partner of the other kind: a campus's id
    given as a resident unit).

    Warnings, kept with the record: a real partner may be missing from the layers, but
    the evidence of the evaluation names a partner it finds (university and campus) and
    shows an id it does not find as it was typed.

    Parameters
    ----------
    frame
        Typed rows with ``row`` (:meth:`ParsedRecords.valid`, :func:`check_row`).
    kind
        Record type; only those of :data:`PARTNER_FIELDS` are checked.
    known
        The ids the layers hold, by partner kind: ``{"campus": campuses' ids,
        "resident_unit": resident units' ids}``; a kind left out is not checked.
    file, headers
        For the problems: the file name and ``{field: header as the file spells it}``.

    Returns
    -------
    list of Problem
        Code ``partner_unknown`` (warning), one per row, with ``id`` and ``kind`` (the
        partner kind's catalogue term).
    """
    if kind not in PARTNER_FIELDS or frame.empty:
        return []
    kind_field, id_field = PARTNER_FIELDS[kind]
    ids = frame[id_field].fillna("").astype(str).str.strip()
    column = (headers or {}).get(id_field, header_spellings(id_field)[0])
    problems = []
    for partner, index in known.items():
        unknown = (frame[kind_field] == partner).to_numpy() & (ids != "").to_numpy()
        # the layer's ids the rows name first, then the rows' ids among those: pandas'
        # isin of a string column takes its values one by one in Python (ids.isin(index)
        # was 440,266 resident-unit ids converted for each check, seconds for one row)
        held = index[index.isin(ids)]
        unknown &= ~ids.isin(held).to_numpy()
        problems += [
            Problem(
                "records.problem.partner_unknown",
                file=file,
                row=int(r),
                column=column,
                severity="warning",
                code="partner_unknown",
                params={"id": i, "kind": Term(key=f"records.partner.{partner}")},
            )
            for r, i in zip(frame["row"].to_numpy()[unknown], ids[unknown], strict=True)
        ]
    problems.sort(key=lambda p: p.row or 0)
    return problems


def partner_ids(campuses: pd.DataFrame, resident_units: pd.DataFrame) -> dict[str, pd.Index]:
    """The ``known`` partners of :func:`partner_problems`: the ids of the campus layer and
    of the resident-unit layer (each with an ``id`` column)."""
    return {
        "campus": pd.Index(campuses["id"].astype(str)),
        "resident_unit": pd.Index(resident_units["id"].astype(str)),
    }


def partner_choices(
    communities: pd.DataFrame, campuses: pd.DataFrame, resident_units: pd.DataFrame
) -> pd.DataFrame:
    """The partners a committee records for its communities: every campus of their
    provinces and the resident units based in them (each unit's ``community_id``).

    Parameters
    ----------
    communities
        The communities written for: ``community_id``, ``county_code``.
    campuses
        The campus layer: ``id``, ``university``, ``campus``, ``county_code``.
    resident_units
        The resident-unit layer: ``id``, ``name``, and ``community_id`` (without it, the
        units of the communities' counties: ``county_code``).

    Returns
    -------
    pandas.DataFrame
        ``id``, ``kind`` (one of :data:`PARTNER_KINDS`) and ``name`` (university and campus,
        or the unit's name): campuses first, then units, each in id order.
    """
    counties = communities["county_code"].astype(str)
    provinces = set(counties.str[:2])
    camp = campuses.loc[campuses["county_code"].astype(str).str[:2].isin(provinces)]
    if "community_id" in resident_units:
        units = resident_units.loc[resident_units["community_id"].isin(communities["community_id"])]
    else:  # an imported layer need not say its units' communities: the counties' units
        units = resident_units.loc[resident_units["county_code"].astype(str).isin(set(counties))]
    return pd.concat(
        [
            pd.DataFrame(
                {"id": camp["id"].astype(str), "kind": "campus", "name": campus_names(camp)}
            ).sort_values("id"),
            pd.DataFrame(
                {"id": units["id"].astype(str), "kind": "resident_unit", "name": units["name"]}
            ).sort_values("id"),
        ],
        ignore_index=True,
    )


def check_partners(parsed: ParsedRecords, known: Mapping[str, pd.Index]) -> list[Problem]:
    """:func:`partner_problems` of the valid rows of ``parsed``, added to its problems
    (warnings: the rows stay valid)."""
    problems = partner_problems(
        parsed.valid(), parsed.kind, known=known, file=parsed.file, headers=parsed.headers
    )
    parsed.problems.extend(problems)
    parsed.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return problems


def read_records(
    source, kind: str, *, name: str | None = None, communities: Mapping[str, str] | None = None
) -> ParsedRecords:
    """Read a record file (path or bytes) with :func:`geo.intake.io.read_table` and parse it.

    Raises
    ------
    InputError
        The file cannot be read, or a required column is missing.
    """
    from geo.intake import io

    return parse_records(io.read_table(source, name=name), kind, communities=communities)


def check_row(kind: str, values: Mapping[str, object]) -> pd.DataFrame:
    """One record typed in a form, checked as a file line would be (row 2 of a file
    called ``form``); returns it as a one-row frame.

    Raises
    ------
    InputError
        One problem per bad field.
    """
    from geo.intake.io import RawTable

    rt = record_type(kind)
    cells = {n: "" if values.get(n) is None else str(values.get(n)) for n in rt.names}
    table = RawTable(pd.DataFrame([cells]), np.array([2]), "form")
    parsed = parse_records(table, kind)
    if parsed.errors:
        raise InputError(parsed.errors)
    return parsed.valid()
