"""The action's lifecycle: community statuses, legal transitions, filing, and the timeline.

A community in a plan moves through::

    candidate → recommended → filed → launched → evaluated → continued
                    ↑  ↓                 (any of filed … continued) → exited

- ``candidate → recommended`` and back: the province (or the centre) recommends a community,
  or withdraws it, while its quota unit's filing is not waiting for the centre.
- ``recommended → filed``: only through filing — the province submits its unit's
  recommended list and the centre accepts it (:data:`FILING_STATES`).
- ``filed → launched``: the county (or province, centre) reports the Youth Home running.
- ``launched → evaluated``: recording the expert evaluation moves the community on.
- ``evaluated → continued``: the centre keeps the community after the evaluation.
- ``filed | launched | evaluated | continued → exited``: the centre removes a community
  (dynamic management and exit); a reason is required.

The rules are data (:data:`TRANSITIONS`), checked by :func:`check_transition`; the store
calls it on every status write. The first cycle's timeline (deploy and file May 2021,
implement May 2021–April 2022, evaluate May 2022) is :data:`DEFAULT_TIMELINE`, stored per
plan and editable; no rule reads dates from code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.core.errors import InputError, Problem, Term

STATUSES: tuple[str, ...] = (
    "candidate",
    "recommended",
    "filed",
    "launched",
    "evaluated",
    "continued",
    "exited",
)
"""Community statuses, in lifecycle order."""

FILED_STATUSES: tuple[str, ...] = STATUSES[STATUSES.index("filed") :]
"""A community the centre accepted is counted as filed whatever its status since: launched,
evaluated, continued or exited (a unit with six accepted, four of them launched, has six
filed)."""

ROLES: tuple[str, ...] = ("central", "province", "county", "viewer")
"""Account roles, from most to least powerful (see :mod:`geo.plan.auth`)."""

EVALUATION_AREAS: tuple[str, ...] = ("after_school", "elderly_digital", "environment", "youth_care")
"""The action's four task areas the experts score, named as the year's records name them
(``records.area.<key>``): after-school care (四点半课堂), digital help for the elderly
(智慧助老), environment and waste sorting (美丽社区/垃圾分类) and help for vulnerable young
people (弱势青少年帮扶)."""
AREA_MAX_POINTS = 25.0
"""Highest score of one task area; four areas make :data:`TOTAL_MAX_POINTS`."""
TOTAL_MAX_POINTS = 100.0


@dataclass(frozen=True)
class Transition:
    """One legal status change.

    Attributes
    ----------
    source, target
        Statuses before and after.
    roles
        Roles allowed to make it (the geography check is :mod:`geo.plan.auth`'s).
    reason_required
        Whether the change must carry a non-empty reason.
    via
        ``"direct"`` for a plain status write, ``"filing"`` when only accepting a filing
        may make it, ``"evaluation"`` when only recording an evaluation may make it.
    """

    source: str
    target: str
    roles: frozenset[str]
    reason_required: bool = False
    via: str = "direct"


_WRITERS = frozenset({"central", "province"})
_RUNNERS = frozenset({"central", "province", "county"})
_CENTRE = frozenset({"central"})

TRANSITIONS: tuple[Transition, ...] = (
    Transition("candidate", "recommended", _WRITERS),
    Transition("recommended", "candidate", _WRITERS),
    Transition("recommended", "filed", _CENTRE, via="filing"),
    Transition("filed", "launched", _RUNNERS),
    Transition("launched", "evaluated", _CENTRE, via="evaluation"),
    Transition("evaluated", "continued", _CENTRE),
    Transition("filed", "exited", _CENTRE, reason_required=True),
    Transition("launched", "exited", _CENTRE, reason_required=True),
    Transition("evaluated", "exited", _CENTRE, reason_required=True),
    Transition("continued", "exited", _CENTRE, reason_required=True),
)
"""Every legal transition; anything not listed is refused."""

_BY_PAIR: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITIONS}

FILING_STATES: tuple[str, ...] = ("open", "submitted", "accepted", "returned")
"""States of one quota unit's filing in a plan: ``open`` (nothing submitted yet),
``submitted`` (waiting for the centre; its recommendations are frozen), ``accepted``
(recommended communities became ``filed``), ``returned`` (sent back with a reason)."""

FILING_MOVES: dict[str, frozenset[str]] = {
    "submit": frozenset({"open", "returned", "accepted"}),
    "accept": frozenset({"submitted"}),
    "return": frozenset({"submitted"}),
}
"""Filing action → filing states it may start from."""


class IllegalTransition(InputError):
    """A status or filing change the lifecycle does not allow; nothing was written."""


def transition(source: str, target: str) -> Transition | None:
    """The rule for ``source → target``, or ``None`` when the change is illegal."""
    return _BY_PAIR.get((source, target))


def targets(source: str, role: str | None = None, via: str = "direct") -> list[str]:
    """Statuses reachable from ``source`` in one step.

    Parameters
    ----------
    source
        Current status.
    role
        Only transitions this role may make (all roles when ``None``).
    via
        Only transitions made this way (``"direct"``, ``"filing"``, ``"evaluation"``).

    Returns
    -------
    list of str
        Target statuses in lifecycle order.
    """
    found = {
        t.target
        for t in TRANSITIONS
        if t.source == source and t.via == via and (role is None or role in t.roles)
    }
    return [s for s in STATUSES if s in found]


def _pair(source: str, target: str) -> dict[str, Any]:
    """A status change's two ends as message parameters, in the reader's language."""
    return {
        "source": Term(key=f"mgmt.status.{source}") if source in STATUSES else source,
        "target": Term(key=f"mgmt.status.{target}") if target in STATUSES else target,
    }


@dataclass(frozen=True)
class NextSteps:
    """What may follow one status, for telling a user why a change is not offered.

    Attributes
    ----------
    status
        The current status.
    mine
        Direct changes the role may make.
    others
        Direct changes only other roles may make (``(target, roles)``).
    indirect
        Changes made only through filing or evaluation (``(target, via)``).
    """

    status: str
    mine: tuple[str, ...]
    others: tuple[tuple[str, tuple[str, ...]], ...]
    indirect: tuple[tuple[str, str], ...]

    @property
    def final(self) -> bool:
        """Nothing at all follows this status (已退出)."""
        return not (self.mine or self.others or self.indirect)


def next_steps(source: str, role: str) -> NextSteps:
    """What may follow ``source`` for ``role``, the other roles, and filing or evaluation."""
    mine, others, indirect = [], [], []
    for rule in sorted(TRANSITIONS, key=lambda r: STATUSES.index(r.target)):
        if rule.source != source:
            continue
        if rule.via != "direct":
            indirect.append((rule.target, rule.via))
        elif role in rule.roles:
            mine.append(rule.target)
        else:
            others.append((rule.target, tuple(r for r in ROLES if r in rule.roles)))
    return NextSteps(source, tuple(mine), tuple(others), tuple(indirect))


def check_transition(
    source: str, target: str, role: str, reason: str | None = None, via: str = "direct"
) -> Transition:
    """Check one status change and return its rule.

    Parameters
    ----------
    source, target
        Statuses before and after.
    role
        Role of the acting user.
    reason
        The reason given with the change.
    via
        How the change is made: ``"direct"``, ``"filing"`` or ``"evaluation"``.

    Returns
    -------
    Transition

    Raises
    ------
    IllegalTransition
        Unknown status, a change not in :data:`TRANSITIONS`, one the role may not make,
        one that must go through filing or evaluation, or a missing reason.
    """
    for status in (source, target):
        if status not in STATUSES:
            raise IllegalTransition.single(
                "lifecycle.problem.unknown_status", code="unknown_status", status=status
            )
    rule = transition(source, target)
    if rule is None:
        allowed = targets(source)
        raise IllegalTransition.single(
            "lifecycle.problem.illegal_transition" if allowed else "lifecycle.problem.final_status",
            code="illegal_transition" if allowed else "final_status",
            allowed=tuple(allowed),
            **_pair(source, target),
        )
    if rule.via != via:
        via = rule.via
        raise IllegalTransition.single(
            f"lifecycle.problem.needs_{via}", code=f"needs_{via}", **_pair(source, target)
        )
    if role not in rule.roles:
        raise IllegalTransition.single(
            "lifecycle.problem.role_transition",
            code="role_transition",
            role=Term(key=f"mgmt.role.{role}") if role in ROLES else role,
            roles=tuple(r for r in ROLES if r in rule.roles),
            **_pair(source, target),
        )
    if rule.reason_required and not (reason or "").strip():
        raise IllegalTransition.single(
            "lifecycle.problem.reason_required",
            column="reason",
            code="reason_required",
            **_pair(source, target),
        )
    return rule


def _cannot(move: str, state: str) -> Problem:
    return Problem(
        f"lifecycle.problem.cannot_{move}",
        code="illegal_filing",
        params={"state": Term(key=f"mgmt.filing.{state}") if state in FILING_STATES else state},
    )


def closed_filing_moves(state: str, recommended: int) -> dict[str, Problem]:
    """The filing actions that cannot be taken now, each with the problem saying why.

    A page offers the others and greys these out with their reason, instead of refusing
    them after a click (:func:`check_filing_move` still checks each one when it is taken).

    Parameters
    ----------
    state
        Current filing state (:data:`FILING_STATES`).
    recommended
        Communities of the unit recommended now (a submission needs at least one).

    Returns
    -------
    dict
        Move (``"submit"``, ``"accept"``, ``"return"``) → :class:`geo.core.errors.Problem`,
        for the closed moves only.
    """
    closed = {
        move: _cannot(move, state) for move in FILING_MOVES if state not in FILING_MOVES[move]
    }
    if "submit" not in closed and recommended <= 0:
        closed["submit"] = Problem(
            "lifecycle.problem.nothing_recommended", code="nothing_to_submit"
        )
    return closed


def check_filing_move(state: str, move: str, reason: str | None = None) -> str:
    """Check a filing action and return the filing state it leads to.

    Parameters
    ----------
    state
        Current filing state.
    move
        ``"submit"``, ``"accept"`` or ``"return"``.
    reason
        Required (non-empty) for ``"return"``.

    Raises
    ------
    IllegalTransition
        The move is not allowed from ``state`` or a return has no reason.
    """
    if move not in FILING_MOVES:
        raise IllegalTransition.single(
            "lifecycle.problem.unknown_move", code="unknown_move", move=move
        )
    if state not in FILING_MOVES[move]:
        raise IllegalTransition([_cannot(move, state)])
    if move == "return" and not (reason or "").strip():
        raise IllegalTransition.single(
            "lifecycle.problem.return_reason", column="reason", code="reason_required"
        )
    return {"submit": "submitted", "accept": "accepted", "return": "returned"}[move]


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Phase:
    """One phase of a cycle: a key (``"file"``, ``"implement"``, ``"evaluate"`` …) and
    inclusive start and end dates."""

    key: str
    start: dt.date
    end: dt.date


DEFAULT_TIMELINE: tuple[Phase, ...] = (
    Phase("file", dt.date(2021, 5, 1), dt.date(2021, 5, 31)),
    Phase("implement", dt.date(2021, 5, 1), dt.date(2022, 4, 30)),
    Phase("evaluate", dt.date(2022, 5, 1), dt.date(2022, 5, 31)),
)
"""The first cycle: deploy and file in May 2021, implement May 2021–April 2022, evaluate
in May 2022. A plan stores its own copy; edit that, not this."""


def _in_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def shifted(phases: Iterable[Phase], years: int) -> tuple[Phase, ...]:
    """Every phase of ``phases`` moved by ``years`` (29 February becomes 28 February)."""
    return tuple(Phase(p.key, _in_year(p.start, years), _in_year(p.end, years)) for p in phases)


NAME_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
"""The year a plan's name gives: its first year from 2000 to 2099 standing alone
("2026 全国第一批")."""


def cycle_timeline(name: str, today: dt.date) -> tuple[Phase, ...]:
    """The timeline a new plan starts with: the first cycle's calendar (deploy and file in
    May, implement May to April, evaluate the next May) in the year the plan's name gives
    ("2026 全国第一批" → May 2026 to May 2027), else in ``today``'s year. A plan made in 2026
    is not given the 2021 cycle, whose dates would put it outside every phase and count
    every community idle since 2021. The plan's own timeline stays editable.

    Parameters
    ----------
    name
        The plan's name; its first year from 2000 to 2099 standing alone counts.
    today
        Today in the readers' zone, for a name without a year.
    """
    found = NAME_YEAR.search(name or "")
    year = int(found.group(1)) if found else today.year
    return shifted(DEFAULT_TIMELINE, year - DEFAULT_TIMELINE[0].start.year)


def timeline_to_json(phases: Iterable[Phase]) -> list[dict[str, str]]:
    """Phases as JSON-ready dicts (``key``, ISO ``start`` and ``end``)."""
    return [{"key": p.key, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in phases]


def timeline_from_json(items: Sequence[Mapping[str, object]] | None) -> tuple[Phase, ...]:
    """Parse and check a stored or user-given timeline.

    Parameters
    ----------
    items
        Dicts with ``key``, ``start`` and ``end`` (ISO dates or :class:`datetime.date`);
        ``None`` gives :data:`DEFAULT_TIMELINE`.

    Raises
    ------
    InputError
        A missing key, a date that does not parse, or a phase ending before it starts;
        the row is the phase's position (1-based).
    """
    if items is None:
        return DEFAULT_TIMELINE
    phases: list[Phase] = []
    problems: list[Problem] = []
    for i, item in enumerate(items, start=1):
        key = str(item.get("key") or "").strip()
        if not key:
            problems.append(
                Problem("lifecycle.problem.phase_key", row=i, column="key", code="missing")
            )
            continue
        dates: dict[str, dt.date] = {}
        for col in ("start", "end"):
            value = item.get(col)
            try:
                dates[col] = (
                    value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
                )
            except ValueError:
                problems.append(
                    Problem(
                        "lifecycle.problem.not_date",
                        row=i,
                        column=col,
                        code="not_date",
                        params={"value": repr(value)},
                    )
                )
        if len(dates) == 2:
            if dates["end"] < dates["start"]:
                problems.append(
                    Problem("lifecycle.problem.order", row=i, column="end", code="order")
                )
            else:
                phases.append(Phase(key, dates["start"], dates["end"]))
    if problems:
        raise InputError(problems)
    return tuple(phases)


def phases_on(phases: Iterable[Phase], day: dt.date) -> list[str]:
    """Keys of the phases running on ``day`` (phases may overlap)."""
    return [p.key for p in phases if p.start <= day <= p.end]
