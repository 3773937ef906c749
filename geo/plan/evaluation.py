"""Evidence-based evaluation: a rubric scored from the year's records.

A :class:`Rubric` lists indicators, each a *measure* computed from the records
(:data:`MEASURES`) with the task area it belongs to, a weight, a ``target`` (the value that
earns the indicator's full weight) and a ``threshold`` (below it the indicator is named as a
reason). A community's rubric total is::

    total = 100 · Σ_i w_i · min(x_i / target_i, 1) / Σ_i w_i

and its recommendation is ``continue`` when ``total ≥ continue_at``, ``exit`` when
``total < exit_below``, else ``improve``; the reasons are the indicators below their
threshold (code, value, threshold). :func:`measure` computes every measure for every
community of a plan from the records as of a day; :func:`evaluate` scores them and puts the
experts' scores (:func:`geo.store.evaluations`) beside the evidence. The rubric pre-fills:
once the experts' total is entered the recommendation follows it (same lines, same 0–100
scale), and a community the centre has continued (继续实施) is kept. Rubrics are read from
TOML (:func:`rubric_from_toml`) or saved as numbered versions in the database
(:mod:`geo.store.rubrics`). Vectorised: about 0.1 s for 1,000 communities once the records
are read.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from geo.core.errors import InputError, Problem
from geo.i18n import LANGS, t
from geo.plan.records import TASK_AREAS

MEASURES: tuple[str, ...] = (
    *(f"{a}_months" for a in TASK_AREAS),
    "activities_per_month",
    "volunteer_hours",
    "beneficiaries",
    "campus_visits_per_month",
    "members_registered",
    "people",
    "resident_agreements",
    "home_in_use",
)
"""What an indicator can measure, per community, from the records up to the day:
``<area>_months`` months with an activity in that task area; ``activities_per_month``;
``volunteer_hours``; ``beneficiaries`` (children + elderly + vulnerable youth);
``campus_visits_per_month`` (activities with the campus as partner); ``members_registered``
(League members registered, latest month); ``people`` (cadres + social workers + youth
organisations, latest month); ``resident_agreements`` (co-building agreements with
resident units); ``home_in_use`` (1 when the Youth Home is in use, else 0)."""
YES_NO_MEASURES: frozenset[str] = frozenset({"home_in_use"})
"""The measures of :data:`MEASURES` that are 1 or 0 (yes or no), not a count: a reason
says "the Youth Home is not in use", not "0, below 1"."""
AREAS_AND_OVERALL: tuple[str, ...] = (*TASK_AREAS, "overall")
"""The area an indicator counts toward: a task area, or ``overall`` (venues, resources)."""
RECOMMENDATIONS: tuple[str, ...] = ("continue", "improve", "exit")
TOTAL: str = "national"
"""The ``quota_unit`` of :meth:`Evaluation.summary`'s row over all its communities (every
community of the evaluation, whatever scope it was read in)."""


@dataclass(frozen=True)
class Indicator:
    """One indicator of a rubric.

    Attributes
    ----------
    measure
        One of :data:`MEASURES`.
    area
        One of :data:`AREAS_AND_OVERALL`.
    weight
        Points share (positive).
    target
        Value that earns the full weight (positive).
    threshold
        Below this the indicator is a reason for the recommendation (0 for none).
    """

    measure: str
    area: str
    weight: float
    target: float
    threshold: float = 0.0


@dataclass(frozen=True)
class Rubric:
    """An evaluation rubric: indicators and the recommendation thresholds (0–100).

    Attributes
    ----------
    name
        Rubric name (versions are kept per name).
    indicators
        The indicators.
    continue_at
        Rubric total at or above which the recommendation is ``continue``.
    exit_below
        Rubric total below which the recommendation is ``exit``.
    version
        Version number once saved (0 when not).
    """

    name: str
    indicators: tuple[Indicator, ...]
    continue_at: float = 70.0
    exit_below: float = 50.0
    version: int = 0

    def to_json(self) -> dict[str, Any]:
        """The rubric as plain JSON (how a version is saved)."""
        out = asdict(self)
        out["indicators"] = [asdict(i) for i in self.indicators]
        return out


DEFAULT_RUBRIC = Rubric(
    "社区青春行动评估细则",
    (
        Indicator("after_school_months", "after_school", 15, 10, 4),
        Indicator("elderly_digital_months", "elderly_digital", 15, 10, 4),
        Indicator("environment_months", "environment", 15, 10, 4),
        Indicator("youth_care_months", "youth_care", 15, 10, 4),
        Indicator("campus_visits_per_month", "overall", 10, 2, 0.5),
        Indicator("volunteer_hours", "overall", 10, 2000, 300),
        Indicator("members_registered", "overall", 10, 30, 10),
        Indicator("home_in_use", "overall", 10, 1, 1),
    ),
)
"""The default rubric: months of work in each task area over the year (10 of 12 earns full
points), campus visits, volunteer hours, League members registered, the Youth Home in use."""


def rubric_state(rubric: Rubric) -> str:
    """How a rubric is labelled: ``"saved"`` (a stored version), ``"default"`` (exactly
    :data:`DEFAULT_RUBRIC`), or ``"unsaved"`` (edited, or read from a file)."""
    if rubric.version:
        return "saved"
    named = rubric.name in default_rubric_names()
    return (
        "default"
        if named and replace(rubric, name=DEFAULT_RUBRIC.name) == DEFAULT_RUBRIC
        else "unsaved"
    )


DEFAULT_RUBRIC_NAME_KEY = "records.eval.default_rubric_name"
"""Catalogue key of the default rubric's name: the edge writes the rubric named in its
reader's language (an English rubric file was named 社区青春行动评估细则)."""


def default_rubric_names() -> frozenset[str]:
    """The default rubric's name in every language: a rubric so named with the default's
    indicators reads back as the default (:func:`rubric_state`)."""
    return frozenset(t(DEFAULT_RUBRIC_NAME_KEY, lang) for lang in LANGS)


def rubric_from_json(data: Mapping[str, Any], file: str | None = None) -> Rubric:
    """A rubric from a mapping (TOML or saved JSON), checked field by field.

    Raises
    ------
    InputError
        One problem per bad field, naming the indicator (``indicator[2].weight``).
    """
    problems: list[Problem] = []

    def bad(column: str, reason: str, **params: object) -> None:
        key = f"evaluation.problem.{reason}"
        problems.append(Problem(key, file=file, column=column, code="rubric", params=params))

    def number(value: Any, column: str, positive: bool = False) -> float:
        try:
            x = float(value)
        except (TypeError, ValueError):
            bad(column, "not_number")
            return 0.0
        if not np.isfinite(x) or x < 0 or (positive and x == 0):
            bad(column, "positive" if positive else "non_negative")
        return x

    items = data.get("indicator", data.get("indicators", []))
    if not isinstance(items, list) or not items:
        bad("indicator", "no_indicator")
        items = []
    indicators = []
    for i, item in enumerate(items):
        where = f"indicator[{i + 1}]"
        if not isinstance(item, Mapping):
            bad(where, "not_table")
            continue
        measure = str(item.get("measure", ""))
        if measure not in MEASURES:
            bad(f"{where}.measure", "choice", choices=", ".join(MEASURES))
        area = str(item.get("area", "overall"))
        if area not in AREAS_AND_OVERALL:
            bad(f"{where}.area", "choice", choices=", ".join(AREAS_AND_OVERALL))
        indicators.append(
            Indicator(
                measure,
                area,
                number(item.get("weight"), f"{where}.weight", positive=True),
                number(item.get("target"), f"{where}.target", positive=True),
                number(item.get("threshold", 0), f"{where}.threshold"),
            )
        )
    continue_at = number(data.get("continue_at", 70), "continue_at")
    exit_below = number(data.get("exit_below", 50), "exit_below")
    if exit_below > continue_at or continue_at > 100:
        bad("exit_below", "order")
    name = str(data.get("name", "") or "").strip()
    if not name or len(name) > 200:
        bad("name", "name")
    if problems:
        raise InputError(problems)
    return Rubric(
        name, tuple(indicators), continue_at, exit_below, int(data.get("version", 0) or 0)
    )


def _toml_error(exc: Exception, file: str | None) -> InputError:
    """A TOML file that does not parse: the line and column the parser names."""
    found = re.search(r"at line (\d+), column (\d+)", str(exc))
    if found is None:
        return InputError.single("evaluation.problem.toml", file=file, code="rubric")
    line, col = (int(n) for n in found.groups())
    return InputError.single(
        "evaluation.problem.toml_at", file=file, code="rubric", line=line, col=col
    )


def rubric_from_toml(source: str | bytes, file: str | None = None) -> Rubric:
    """A rubric from TOML text (``name``, ``continue_at``, ``exit_below``, ``[[indicator]]``
    tables with ``measure``, ``area``, ``weight``, ``target``, ``threshold``)."""
    try:
        text = source.decode("utf-8-sig") if isinstance(source, bytes) else source
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _toml_error(exc, file) from None
    return rubric_from_json(data, file)


def rubric_to_toml(rubric: Rubric) -> str:
    """The rubric as TOML (reads back with :func:`rubric_from_toml`)."""
    lines = [
        f"name = {_quote(rubric.name)}",
        f"continue_at = {rubric.continue_at:g}",
        f"exit_below = {rubric.exit_below:g}",
    ]
    for i in rubric.indicators:
        lines += [
            "",
            "[[indicator]]",
            f"measure = {_quote(i.measure)}",
            f"area = {_quote(i.area)}",
            f"weight = {i.weight:g}",
            f"target = {i.target:g}",
            f"threshold = {i.threshold:g}",
        ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def measure(
    progress: pd.DataFrame,
    activities: pd.DataFrame,
    people: pd.DataFrame,
    agreements: pd.DataFrame,
    asof: dt.date,
    start: dt.date | None = None,
) -> pd.DataFrame:
    """Every measure of :data:`MEASURES` for each community of ``progress``.

    Parameters
    ----------
    progress
        :func:`geo.plan.progress.community_progress` as of ``asof``.
    activities, people, agreements
        The plan's records.
    asof
        Records after this day are ignored.
    start
        First day of the year of work, as given to ``progress``: activities before it are
        ignored (:func:`geo.plan.progress.year_activities`); ``None``: no lower bound.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``community_id``, one column per measure.
    """
    from geo.plan.progress import year_activities

    ids = pd.Index(progress["community_id"], name="community_id")
    act = year_activities(activities, asof, start)
    months = pd.to_datetime(act["date"]).dt.to_period("M")
    out = pd.DataFrame(index=ids)
    for a in TASK_AREAS:
        sel = act["area"] == a
        n = months[sel].groupby(act.loc[sel, "community_id"]).nunique()
        out[f"{a}_months"] = n.reindex(ids, fill_value=0).astype(float)
    prog = progress.set_index("community_id")
    span = max(len(pd.period_range(months.min(), asof, freq="M")) if len(act) else 1, 1)
    out["activities_per_month"] = prog["activities"].reindex(ids).astype(float) / span
    for col in (
        "volunteer_hours",
        "beneficiaries",
        "campus_visits_per_month",
        "members_registered",
    ):
        out[col] = prog[col].reindex(ids).astype(float)
    ppl = people.loc[people["month"] <= pd.Timestamp(asof).strftime("%Y-%m")]
    latest = ppl.sort_values("month").drop_duplicates("community_id", keep="last")
    total = latest.set_index("community_id")[["cadres", "social_workers", "youth_orgs"]].sum(axis=1)
    out["people"] = total.reindex(ids, fill_value=0).astype(float)
    ra = agreements.loc[
        (agreements["kind"] == "resident_unit")
        & (pd.to_datetime(agreements["start_date"]) <= pd.Timestamp(asof))
    ]
    out["resident_agreements"] = ra.groupby("community_id").size().reindex(ids, fill_value=0)
    out["home_in_use"] = (prog["home_state"].reindex(ids) == "in_use").astype(float)
    return out.astype(float)


@dataclass
class Evaluation:
    """A rubric applied to a plan's communities.

    Attributes
    ----------
    sheet
        One row per community: ``community_id``, ``name``, ``quota_unit``, ``county_code``,
        the evidence (``ev_<measure>`` per indicator), the points (``pt_<measure>``),
        ``rubric_total`` (0–100), per-area rubric points ``area_<area>`` (0–100 of that
        area's weight), the experts' ``expert_<area>`` scores and ``expert_total`` (NaN when
        not yet entered), ``recommendation`` (from the experts' total where entered, else
        the rubric's; ``continue`` for a community the centre continued, ``exit`` for one
        it exited or one filed and never launched), ``basis``
        (:data:`BASES`: what the recommendation follows) and ``reasons`` (a list of
        ``(measure, value, threshold)``: the indicators below their threshold).
    rubric
        The rubric used.
    """

    sheet: pd.DataFrame
    rubric: Rubric
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self, total: bool = False) -> pd.DataFrame:
        """By province: ``communities``, ``rubric_total`` (their mean), ``expert_total``
        (the mean of those the experts scored), ``expert_scored`` (how many they scored), and
        how many are recommended to ``continue``, ``improve``, ``exit``. With ``total`` and
        more than one province, a last row over all the communities (``quota_unit``
        :data:`TOTAL`: its means are of the communities, not of the provinces' means)."""
        rows = self._summary(self.sheet.groupby("quota_unit"))
        if total and len(rows) > 1:
            whole = self._summary(self.sheet.assign(quota_unit=TOTAL).groupby("quota_unit"))
            rows = pd.concat([rows, whole], ignore_index=True)
        return rows

    @staticmethod
    def _summary(g: Any) -> pd.DataFrame:
        out = pd.DataFrame(
            {
                "communities": g.size(),
                "rubric_total": g["rubric_total"].mean().round(1),
                "expert_total": g["expert_total"].mean().round(1),
                "expert_scored": g["expert_total"].count(),
            }
        )
        for r in RECOMMENDATIONS:
            out[r] = g["recommendation"].apply(lambda s, r=r: int((s == r).sum()))
        return out.rename_axis("quota_unit").reset_index()

    def exits(self) -> pd.DataFrame:
        """The communities recommended to exit, with their reasons, lowest total first (the
        experts' where the recommendation follows it)."""
        cols = [
            "community_id",
            "name",
            "quota_unit",
            "county_code",
            "rubric_total",
            "expert_total",
            "basis",
            "reasons",
        ]
        cols = [c for c in cols if c in self.sheet]  # a sheet made before ``basis``
        ex = self.sheet.loc[self.sheet["recommendation"] == "exit", cols]
        if "basis" in ex:  # the total the recommendation follows, lowest first
            key = ex["expert_total"].where(ex["basis"] == "experts", ex["rubric_total"])
            ex = ex.assign(_key=key).sort_values(["_key", "community_id"]).drop(columns="_key")
            return ex.reset_index(drop=True)
        return ex.sort_values(["rubric_total", "community_id"]).reset_index(drop=True)


def evaluate(
    rubric: Rubric,
    evidence: pd.DataFrame,
    communities: pd.DataFrame,
    experts: pd.DataFrame | None = None,
    previous: pd.DataFrame | None = None,
) -> Evaluation:
    """Score every community with ``rubric`` and recommend continue / improve / exit.

    Parameters
    ----------
    rubric
        The rubric.
    evidence
        :func:`measure` (indexed by ``community_id``).
    communities
        ``community_id``, ``name``, ``quota_unit``, ``county_code`` and optionally
        ``status`` of each community.
    experts
        :func:`geo.store.evaluations` (``community_id`` and the four area scores and
        ``total``); ``None`` when none are entered yet.
    previous
        What the previous cycle said of the communities it carried over
        (:func:`geo.plan.next_cycle.previous_cycle`): its ``previous_total`` and
        ``previous_recommendation`` become columns of the sheet, read beside this year's
        evidence (NaN and ``"new"`` for the others: chosen in this cycle, a refill); they
        do not change the recommendation.
        ``None`` or empty (a first cycle): no such columns.

    Returns
    -------
    Evaluation
    """
    base = communities[["community_id", "name", "quota_unit", "county_code"]]
    base = base.set_index("community_id").reindex(evidence.index)
    sheet = base.copy()
    weights = np.array([i.weight for i in rubric.indicators], dtype=float)
    points = np.zeros((len(sheet), len(rubric.indicators)))
    below = np.zeros_like(points, dtype=bool)
    for j, ind in enumerate(rubric.indicators):
        x = evidence[ind.measure].to_numpy(dtype=float)
        sheet[f"ev_{ind.measure}"] = x
        points[:, j] = ind.weight * np.minimum(x / ind.target, 1.0)
        sheet[f"pt_{ind.measure}"] = points[:, j].round(2)
        below[:, j] = x < ind.threshold
    total = 100.0 * points.sum(axis=1) / weights.sum()
    sheet["rubric_total"] = total.round(2)
    for area in AREAS_AND_OVERALL:
        cols = [j for j, i in enumerate(rubric.indicators) if i.area == area]
        if cols:
            sheet[f"area_{area}"] = (
                100.0 * points[:, cols].sum(axis=1) / weights[cols].sum()
            ).round(1)
    if experts is not None and len(experts):
        ex = experts.drop_duplicates("community_id").set_index("community_id")
        for a in TASK_AREAS:
            sheet[f"expert_{a}"] = ex[a].reindex(sheet.index).astype(float)
        sheet["expert_total"] = ex["total"].reindex(sheet.index).astype(float)
    else:
        for a in TASK_AREAS:
            sheet[f"expert_{a}"] = np.nan
        sheet["expert_total"] = np.nan
    # the rubric pre-fills; the experts' total, once entered, and then the centre's decision
    # to continue (a community it exited is no longer an action community) decide
    expert = sheet["expert_total"].to_numpy(dtype=float)
    scored = ~np.isnan(expert)
    status = (
        communities.drop_duplicates("community_id")
        .set_index("community_id")
        .get("status", pd.Series(dtype=object))
        .reindex(sheet.index)
        .fillna("")
        .astype(str)
        .to_numpy()
    )
    decided = status == "continued"
    left = status == "exited"  # read as of a day before the centre exited it
    idle = (status == "filed") & ~scored  # filed, never launched by its county
    by_score = _recommend(np.where(scored, expert, total), rubric)
    sheet["recommendation"] = np.where(decided, "continue", np.where(left | idle, "exit", by_score))
    sheet["basis"] = np.where(
        decided | left,
        "decision",
        np.where(scored, "experts", np.where(idle, "not_launched", "rubric")),
    )
    if previous is not None and len(previous):
        before = previous.drop_duplicates("community_id").set_index("community_id")
        sheet["previous_total"] = before["previous_total"].reindex(sheet.index).astype(float)
        sheet["previous_recommendation"] = (
            before["previous_recommendation"].reindex(sheet.index).fillna("new").astype(str)
        )
    names = [i.measure for i in rubric.indicators]
    thresholds = [i.threshold for i in rubric.indicators]
    values = evidence[names].to_numpy(dtype=float)
    sheet["reasons"] = [
        [(names[j], float(values[r, j]), float(thresholds[j])) for j in np.flatnonzero(below[r])]
        for r in range(len(sheet))
    ]
    return Evaluation(sheet.reset_index(), rubric)


def _recommend(total: np.ndarray, rubric: Rubric) -> np.ndarray:
    """``continue`` at or above the rubric's ``continue_at``, ``exit`` below its
    ``exit_below``, else ``improve`` (the experts' total is read on the same 0–100 scale)."""
    return np.where(
        total >= rubric.continue_at,
        "continue",
        np.where(total < rubric.exit_below, "exit", "improve"),
    )


BASES: tuple[str, ...] = ("rubric", "experts", "decision", "not_launched")
"""What a recommendation follows: the rubric's total from the records, the experts' total
once entered, the centre's decision to continue the community (status 继续实施) or to exit
it (已退出, read as of a day before the exit: the year's outcome recorded), or its
county not having launched it (still 已备案, with no experts' score: recommended to exit,
its place freed, unless the centre continues it)."""


EVIDENCE_GROUPS: tuple[str, ...] = ("projects", "people", "resources", "venue", "rubric")
"""The evaluation form's evidence groups: 项目, 人员, 资源, 阵地 (四位一体) and the rubric."""


def community_evidence(
    area: pd.DataFrame,
    recs: Mapping[str, pd.DataFrame],
    asof: dt.date,
    rubric: Rubric,
    start: dt.date | None = None,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """One community's evidence from the year, for its expert evaluation form.

    Parameters
    ----------
    area
        The community's row of :func:`geo.store.records.plan_areas`.
    recs
        Its records by type (:func:`geo.store.records.community_records`).
    asof
        Records after this day are ignored.
    rubric
        The rubric whose points are suggested beside the experts' scores.
    start
        First day of the year (:func:`geo.store.records.year_start`).

    Returns
    -------
    (items, suggested)
        ``items``: ``group`` (:data:`EVIDENCE_GROUPS`), ``item`` (a code, rendered at the
        edge as ``records.evidence.<item>``), ``value`` (a number, a date, a code or an id;
        ``None`` when not recorded). ``suggested``: ``{task area: points}`` on the experts'
        scale (0 – :data:`geo.plan.lifecycle.AREA_MAX_POINTS`), the rubric's points of that area.
    """
    from geo.plan import progress
    from geo.plan.lifecycle import AREA_MAX_POINTS

    acts, people, agr, homes = (recs[k] for k in ("activities", "people", "agreements", "homes"))
    prog = progress.community_progress(area, acts, people, agr, homes, asof, start=start)
    sheet = evaluate(rubric, measure(prog, acts, people, agr, asof, start), prog).sheet
    row, p = sheet.iloc[0], prog.iloc[0]
    act = progress.year_activities(acts, asof, start)
    months = pd.to_datetime(act["date"]).dt.to_period("M")
    items: list[tuple[str, str, Any]] = []
    for a in TASK_AREAS:
        sel = (act["area"] == a).to_numpy()
        items += [
            ("projects", f"activities_{a}", int(sel.sum())),
            ("projects", f"months_{a}", int(months[sel].nunique())),
        ]
    last = p["last_activity"]
    items += [
        ("projects", "activities", int(len(act))),
        ("projects", "last_activity", None if pd.isna(last) else pd.Timestamp(last).date()),
        ("projects", "participants", int(act["participants"].sum())),
        ("projects", "volunteer_hours", float(act["volunteer_hours"].sum())),
        *(("projects", c, int(act[c].sum())) for c in ("children", "elderly", "vulnerable_youth")),
    ]
    ppl = people.loc[people["month"] <= pd.Timestamp(asof).strftime("%Y-%m")].sort_values("month")
    latest = ppl.iloc[-1] if len(ppl) else None
    items.append(("people", "month", None if latest is None else str(latest["month"])))
    for c in ("cadres", "social_workers", "youth_orgs", "members_registered"):
        items.append(("people", c, None if latest is None else int(latest[c])))
    agr = agr.loc[pd.to_datetime(agr["start_date"]) <= pd.Timestamp(asof)]
    campus = agr.loc[agr["kind"] == "campus"].sort_values("start_date")
    items += [
        ("resources", "campus_partner", campus["partner_id"].iloc[0] if len(campus) else None),
        ("resources", "campus_since", campus["start_date"].iloc[0] if len(campus) else None),
        ("resources", "campus_visits", int(p["campus_visits"])),
        ("resources", "resident_agreements", int((agr["kind"] == "resident_unit").sum())),
    ]
    home = homes.iloc[-1] if len(homes) else None
    for c in ("state", "area_m2", "opening_hours", "since"):
        value = None if home is None or pd.isna(home[c]) or home[c] == "" else home[c]
        items.append(("venue", f"home_{c}", value))
    items += [
        ("rubric", "rubric_total", float(row["rubric_total"])),
        ("rubric", "recommendation", str(row["recommendation"])),
    ]
    suggested = {
        a: round(float(row[f"area_{a}"]) * AREA_MAX_POINTS / 100.0, 1)
        for a in TASK_AREAS
        if f"area_{a}" in sheet
    }
    return pd.DataFrame(items, columns=["group", "item", "value"]), suggested


def year_not_over(asof: dt.date, year: tuple[dt.date, dt.date] | None) -> bool:
    """Whether an evaluation as of ``asof`` reads a year of work that runs on for a month
    or more (``year``: its first and last day, or ``None``). The rubric's targets are a
    year's: read earlier, they recommend exiting most communities, and the page and the
    command say it is a progress check, not the year's evaluation."""
    return year is not None and asof + dt.timedelta(days=31) <= year[1]


def load(store, plan_id: int, rubric: Rubric, asof: dt.date) -> Evaluation:  # noqa: ANN001
    """:func:`evaluate` of a stored plan, as its progress page and ``youthmap evaluate``
    read it: ``rubric`` over the plan's records up to ``asof`` (as :func:`geo.plan.progress.load`),
    the experts' scores and what the previous cycle said of the communities it carried over
    (:func:`geo.plan.next_cycle.previous_cycle`) beside them."""
    from geo import store as st
    from geo.plan import next_cycle, progress
    from geo.store import records as srec

    kinds = ("activities", "people", "agreements", "homes")
    acts, people, agreements, homes = (srec.records(store, plan_id, k) for k in kinds)
    areas = srec.plan_areas(store, plan_id)
    start = srec.year_start(store, plan_id)
    prog = progress.community_progress(areas, acts, people, agreements, homes, asof, start)
    evidence = measure(prog, acts, people, agreements, asof, start)
    previous = next_cycle.previous_cycle(store, plan_id)
    return evaluate(rubric, evidence, prog, st.evaluations(store, plan_id), previous)


__all__ = [
    "load",
    "year_not_over",
    "DEFAULT_RUBRIC",
    "DEFAULT_RUBRIC_NAME_KEY",
    "default_rubric_names",
    "EVIDENCE_GROUPS",
    "community_evidence",
    "rubric_state",
    "MEASURES",
    "BASES",
    "RECOMMENDATIONS",
    "TOTAL",
    "Evaluation",
    "Indicator",
    "Rubric",
    "evaluate",
    "measure",
    "rubric_from_json",
    "rubric_from_toml",
    "rubric_to_toml",
]
