"""The presentation story: one large map at a time, from the nation down to proposed sites.

A story is a list of :class:`StepSpec` (cheap: which scope, which kind of step), made by
:func:`story_steps` for a focus province; :func:`build_step` turns one spec into a
:class:`Step` with its point layers and a short caption computed from the data. The same
step draws as an interactive folium map (:func:`step_map`, offline basemap by default) or
as a static map for PNG/PDF/PPTX (:func:`step_figure`).

Steps, in order:

1. ``national`` — the national picture, communities coloured by region;
2. ``region`` — the focus province's region: communities, Youth Homes, campuses;
3. ``province`` — the focus province with its four layers (on the XPCC's scope, the XPCC's
   cities);
4. ``chosen`` — the chosen communities with their nearest Youth Homes and partner
   campuses (from a pairing result when given, else the nearest campus);
5. ``gaps`` — Youth Home coverage gaps and proposed new sites (greedy maximum cover).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import folium
import numpy as np
import pandas as pd

from geo import i18n
from geo.core import distance, regions
from geo.core import scope as _scope
from geo.core.params import STORY_STEP_KINDS as STEP_KINDS
from geo.core.scope import Scope
from geo.export.labels import scope_label, simulated_drawn, simulated_note
from geo.maps import (
    LAYER_SYMBOLS,
    Symbol,
    add_layer_control,
    add_legend,
    add_points,
    base_map,
    thin_points,
)

DEFAULT_FOCUS_PROVINCE: str = "44"
"""Province shown when the sidebar scope names none (广东)."""

REGION_COLORS: dict[str, str] = {"east": "#0077BB", "central": "#EE7733", "west": "#009988"}
"""Colour of each region's communities on the national step (Paul Tol's colour-blind-safe
"vibrant" blue, orange and teal)."""

CHOSEN = Symbol("#CC79A7", "star", edge="#000000", edge_width=1.0)
"""Chosen communities: reddish-purple stars."""
UNCOVERED = Symbol("#D55E00", "triangle_down", edge="#4d1f00")
"""Uncovered communities (as on the coverage page)."""
GAPS = Symbol("#7E2F8E", "circle", edge_width=3.0, hollow=True)
"""Centres of coverage gaps: large purple rings."""
SITES = Symbol("#009E73", "star", edge="#000000", edge_width=1.2)
"""Proposed sites: green stars (as on the coverage page)."""
CHOSEN_COLOR = CHOSEN.color
GAP_COLOR = GAPS.color
SITE_COLOR = SITES.color

HOME_NEAR_M: float = 1_500
"""A Youth Home this close to a chosen community is drawn as its Youth Home."""

CHOSEN_FALLBACK_N: int = 30
"""With no chosen list, the ``chosen`` step shows this many communities (most youth first)."""

STORY_SITES_K: int = 10
"""Proposed new Youth Home sites on the gaps step."""

MAP_POINTS_MAX: int = 40_000
"""Points per layer drawn on the interactive map (the largest kept by youth or sampled)."""


@dataclass(frozen=True)
class StepSpec:
    """Which step: its kind and scope (cheap to make, hashable for caches)."""

    kind: str
    scope: Scope


@dataclass(frozen=True)
class StoryLayer:
    """One point layer of a step.

    Attributes
    ----------
    key
        Stable name (``"communities"``, ``"chosen"``, ``"sites"`` …).
    label
        Legend label in the step's language.
    frame
        Rows with ``lon``/``lat`` (WGS-84) and the tooltip columns.
    color
        CSS colour.
    radius
        Marker radius in pixels (interactive map).
    symbol
        Shape and outline (:class:`geo.maps.Symbol`); a circle of ``color`` when ``None``.
    tooltip
        Columns shown in the tooltip.
    total
        Rows of the layer in the step's scope before thinning for the map; ``None`` when
        ``frame`` holds them all. The legend counts these, not the points drawn.
    """

    key: str
    label: str
    frame: pd.DataFrame
    color: str
    radius: float = 3.0
    tooltip: tuple[str, ...] = ("name",)
    total: int | None = None
    symbol: Symbol | None = None

    @property
    def look(self) -> Symbol:
        """The layer's symbol (a plain circle of its colour unless given)."""
        return self.symbol or Symbol(self.color)

    @property
    def count(self) -> int:
        """Rows of the layer in the step's scope (drawn or not)."""
        return len(self.frame) if self.total is None else self.total


@dataclass(frozen=True)
class Step:
    """A built step: scope, title, caption, layers and headline figures."""

    spec: StepSpec
    title: str
    caption: str
    layers: tuple[StoryLayer, ...] = ()
    figures: dict[str, float] = field(default_factory=dict)
    note: str | None = None
    summary: pd.DataFrame | None = None
    """Counts by province (national and region steps) or by city (province step; by
    county-level city on the XPCC's)."""


def focus_province(scope: Scope) -> str:
    """The province the story zooms into: the scope's own, else the first of its region
    (by code), else :data:`DEFAULT_FOCUS_PROVINCE`."""
    if scope.province_code:
        return scope.province_code
    if scope.region:
        codes = sorted(p.code for p in regions.action_provinces() if p.region == scope.region)
        if codes:
            return codes[0]
    return DEFAULT_FOCUS_PROVINCE


def story_steps(scope: Scope | None = None) -> list[StepSpec]:
    """The five steps of the story for the sidebar ``scope``.

    Parameters
    ----------
    scope
        The sidebar scope; its province (or its region's first province, or 广东) is the
        focus. A city scope focuses the last two steps on the city. The XPCC's scope (its
        cities in Xinjiang, :attr:`geo.core.scope.Scope.quota_unit` ``"XPCC"``) is its own
        unit's: the ``province`` step draws the XPCC's cities, not the whole of Xinjiang
        (:func:`geo.core.scope.unit_scope`).

    Returns
    -------
    list of StepSpec
    """
    scope = scope or Scope()
    code = focus_province(scope)
    region = regions.region_of(code)
    province = _scope.unit_scope(scope.quota_unit or code)
    local = (
        Scope(region=region, province_code=code, city_code=scope.city_code)
        if scope.city_code
        else province
    )
    return [
        StepSpec("national", Scope()),
        StepSpec("region", Scope(region=region)),
        StepSpec("province", province),
        StepSpec("chosen", local),
        StepSpec("gaps", local),
    ]


def column_total(frame: pd.DataFrame, col: str) -> int:
    """The whole-number total of ``frame[col]``: 0 without the column, blanks as 0 (a
    community list with no youth figures)."""
    return int(pd.to_numeric(frame[col], errors="coerce").fillna(0).sum()) if col in frame else 0


def _lonlat(frame: pd.DataFrame) -> np.ndarray:
    return frame[["lon", "lat"]].to_numpy(float)


_DATA_TOOLTIPS: dict[str, tuple[str, ...]] = {
    "communities": ("name", "district", "youth"),
    "youth_homes": ("name", "kind"),
    "campuses": ("university", "campus"),
}


def _summary(
    comm: pd.DataFrame, homes: pd.DataFrame, camp: pd.DataFrame, level: str, lang: str
) -> pd.DataFrame:
    """Communities, young people (when the list has them), Youth Homes and campuses by
    ``level`` (province, city, or county for the XPCC's county-level cities)."""
    code = f"{level}_code"

    def by_code(frame: pd.DataFrame, values: pd.Series | None = None) -> pd.Series:
        if code not in frame:
            return pd.Series(dtype=float)
        ones = pd.Series(1, index=frame.index)
        return (ones if values is None else values).groupby(frame[code].astype(str)).sum()

    counts = {"communities": by_code(comm)}
    if "youth" in comm:  # a list without youth figures has no column of zeros
        counts["youth"] = by_code(comm, pd.to_numeric(comm["youth"], errors="coerce").fillna(0))
    out = pd.DataFrame({**counts, "homes": by_code(homes), "campuses": by_code(camp)})
    out = out.fillna(0).astype(int).sort_index()
    names: dict[str, str] = {}
    named = "district" if level == "county" else level  # a county's name is its district's
    if named in comm and code in comm:
        names = comm.groupby(comm[code].astype(str))[named].first().astype(str).to_dict()
    out.insert(0, "name", [names.get(c, c) for c in out.index])
    headers = {
        "code": i18n.t("present.col.code", lang),
        "name": i18n.t(f"common.{level}", lang),
        "communities": i18n.t("layer.communities", lang),
        "youth": i18n.t("export.col.youth", lang),
        "homes": i18n.t("layer.youth_homes", lang),
        "campuses": i18n.t("layer.campuses", lang),
    }
    return out.reset_index(names="code").rename(columns=headers)


def data_layer_of(key: str) -> str:
    """The data layer a step layer is drawn from: ``youth_homes`` and ``campuses`` are
    their own; every other (regions, chosen, uncovered, gaps, sites) comes from the
    communities."""
    return key if key in ("youth_homes", "campuses") else "communities"


def _data_layer(
    key: str, frame: pd.DataFrame, lang: str, radius: float, label: str | None = None
) -> StoryLayer:
    """A step layer of one data layer, in the colour, legend label and tooltip it has everywhere.

    ``frame`` is thinned to :data:`MAP_POINTS_MAX` points; the legend keeps its full count.
    """
    label = label or i18n.t(f"layer.{key}", lang)
    drawn = thin_points(frame, MAP_POINTS_MAX)
    return StoryLayer(
        key,
        label,
        drawn,
        LAYER_SYMBOLS[key].color,
        radius,
        _DATA_TOOLTIPS[key],
        total=len(frame),
        symbol=LAYER_SYMBOLS[key],
    )


def _chosen_layers(
    chosen: pd.DataFrame,
    homes: pd.DataFrame,
    campuses: pd.DataFrame,
    partners: pd.DataFrame | None,
    lang: str,
    example: bool = False,
) -> tuple[list[StoryLayer], dict[str, float]]:
    out: list[StoryLayer] = []
    figures: dict[str, float] = {"chosen": len(chosen)}
    near_homes = homes.iloc[0:0]
    if len(chosen) and len(homes):
        d, idx = distance.nearest(_lonlat(chosen), _lonlat(homes))
        ok = d[:, 0] <= HOME_NEAR_M
        near_homes = homes.iloc[np.unique(idx[ok, 0])]
        figures["with_home"] = int(ok.sum())
    if partners is not None and len(partners) and "campus_id" in partners:
        ids = (
            set(
                partners.loc[
                    partners["community_id"].astype(str).isin(chosen["id"].astype(str)), "campus_id"
                ].astype(str)
            )
            if "community_id" in partners
            else set(partners["campus_id"].astype(str))
        )
        partner = campuses[campuses["id"].astype(str).isin(ids)]
        figures["paired"] = 1
    elif len(chosen) and len(campuses):
        _, idx = distance.nearest(_lonlat(chosen), _lonlat(campuses))
        partner = campuses.iloc[np.unique(idx[:, 0])]
    else:
        partner = campuses.iloc[0:0]
    figures["campuses"] = len(partner)
    out.append(_data_layer("youth_homes", near_homes, lang, 4))
    out.append(
        _data_layer(
            "campuses",
            partner,
            lang,
            6,
            # partners only when pairs were given; else each community's nearest campus
            label=i18n.t(
                "present.layer.partners" if figures.get("paired") else "present.layer.nearest",
                lang,
            ),
        )
    )
    out.append(
        StoryLayer(
            "chosen",
            i18n.t("present.layer.example" if example else "present.layer.chosen", lang),
            chosen,
            CHOSEN.color,
            7,
            ("name", "district", "youth"),
            symbol=CHOSEN,
        )
    )
    return out, figures


def _gap_layers(
    comm: pd.DataFrame, homes: pd.DataFrame, lang: str
) -> tuple[list[StoryLayer], dict[str, float], str | None]:
    """Uncovered communities, gap centres and proposed sites, if the analysis modules exist."""
    try:
        from geo import siting
        from geo.analysis import coverage, gaps
    except ImportError:  # pragma: no cover - analysis modules land separately
        return [], {}, i18n.t("present.note.no_analysis", lang)
    if not len(comm) or not len(homes):
        return [], {}, i18n.t("present.note.no_data", lang)
    cov = coverage.community_coverage(comm, homes, coverage.DEFAULT_RADIUS_M)
    uncovered = cov[~cov["covered"].astype(bool)]
    figures: dict[str, float] = {
        "coverage": float(cov["covered"].mean()),
        "uncovered": len(uncovered),
        "radius_m": coverage.DEFAULT_RADIUS_M,
    }
    layers = [
        StoryLayer(
            "uncovered",
            i18n.t("present.layer.uncovered", lang),
            uncovered,
            UNCOVERED.color,
            3.5,
            ("name", "youth"),
            symbol=UNCOVERED,
        )
    ]
    if len(uncovered):
        found = gaps.find_gaps(cov)
        centres = pd.DataFrame(found.gaps.drop(columns="geometry"))
        figures["gaps"] = found.n_gaps
        if len(centres):
            tip = tuple(c for c in ("gap_id", "youth_uncovered", "n_communities") if c in centres)
            layers.append(
                StoryLayer(
                    "gaps",
                    i18n.t("present.layer.gaps", lang),
                    centres,
                    GAPS.color,
                    9,
                    tip,
                    symbol=GAPS,
                )
            )
        cands = siting.candidates_from(comm)
        weight = "youth" if "youth" in comm else None  # a list without youth: by count
        model = siting.MaxCover.from_layers(
            comm, cands, coverage.DEFAULT_RADIUS_M, homes, weight, k=STORY_SITES_K
        )
        result = model.solve("greedy")
        sites = model.sites_table(result)
        figures["sites"] = len(sites)
        figures["sites_youth" if weight else "sites_communities"] = float(result.objective)
        layers.append(
            StoryLayer(
                "sites",
                i18n.t("present.layer.sites", lang),
                sites,
                SITES.color,
                8,
                tuple(c for c in ("order", "name") if c in sites),
                symbol=SITES,
            )
        )
    return layers, figures, None


def build_step(
    spec: StepSpec,
    communities: pd.DataFrame,
    youth_homes: pd.DataFrame,
    campuses: pd.DataFrame,
    chosen: pd.DataFrame | None = None,
    partners: pd.DataFrame | None = None,
    lang: str = "zh",
    city_name: str | None = None,
    chosen_from: str | None = None,
) -> Step:
    """Compute the layers, title and caption of one story step.

    Parameters
    ----------
    spec
        The step (from :func:`story_steps`).
    communities, youth_homes, campuses
        Layers (WGS-84 ``lon``/``lat``, ``region``/``province_code``/``city_code``).
    chosen
        Chosen communities (the selection), or ``None``: the ``chosen`` step then shows the
        province's communities with the most young people and says nothing is chosen.
    partners
        Pairing result (``community_id``, ``campus_id``), or ``None`` for the nearest campus.
    lang
        ``"zh"`` or ``"en"``.
    city_name
        Name of the scope's city, for titles.
    chosen_from
        Name of the saved plan ``chosen`` was read from (none chosen in the session), said
        in the ``chosen`` step's note; ``None`` when ``chosen`` is the session's pick.

    Returns
    -------
    Step

    Raises
    ------
    ValueError
        If ``spec.kind`` is not one of :data:`STEP_KINDS`.
    """
    sc = spec.scope
    label = scope_label(sc, lang, city_name)
    comm = _scope.apply(communities, sc)
    homes = _scope.apply(youth_homes, sc)
    camp = _scope.apply(campuses, sc)
    title = i18n.t(f"present.step.{spec.kind}", lang, scope=label)
    # a community list without youth figures says so rather than "0 young people"
    youth = {"youth": column_total(comm, "youth")} if "youth" in comm else {}
    by_count = "" if youth else "_count"
    if spec.kind == "national":
        layers = [
            StoryLayer(
                f"region_{r}",
                i18n.t(f"region.{r}", lang),
                thin_points(comm[comm["region"] == r], MAP_POINTS_MAX // 3),
                REGION_COLORS[r],
                1.5,
                ("name", "province", "city"),
                total=int((comm["region"] == r).sum()),
            )
            for r in regions.REGIONS
        ]
        counts = {r: int((comm["region"] == r).sum()) for r in regions.REGIONS}
        figures = {"communities": len(comm), **youth, **counts}
        caption = i18n.t(
            f"present.caption.national{by_count}", lang, n=len(comm), **youth, **counts
        )
        summary = _summary(comm, homes, camp, "province", lang)
        return Step(spec, title, caption, tuple(layers), figures, summary=summary)
    if spec.kind in ("region", "province"):
        layers = [  # Youth Homes under the communities, each ~150 m from its own
            _data_layer("youth_homes", homes, lang, 2 if spec.kind == "region" else 2.5),
            _data_layer("communities", comm, lang, 2 if spec.kind == "region" else 2.5),
            _data_layer("campuses", camp, lang, 3 if spec.kind == "region" else 4.5),
        ]
        figures = {"communities": len(comm), **youth, "homes": len(homes), "campuses": len(camp)}
        caption = i18n.t(
            f"present.caption.{spec.kind}{by_count}",
            lang,
            scope=label,
            n=len(comm),
            **youth,
            homes=len(homes),
            campuses=len(camp),
        )
        # by province in a region; by city in a province, by county-level city in the XPCC's
        level = "province" if spec.kind == "region" else "county" if sc.city_code else "city"
        summary = _summary(comm, homes, camp, level, lang)
        return Step(spec, title, caption, tuple(layers), figures, summary=summary)
    if spec.kind == "chosen":
        note = None
        picked = _scope.apply(chosen, sc) if chosen is not None else None
        example = picked is None or not len(picked)
        if example:  # an example, said as one: a meeting must not read it as the pick
            if chosen_from is not None:  # a saved plan with none here (another province's)
                note = i18n.t("present.note.none_here_plan", lang, plan=chosen_from, scope=label)
            elif chosen is not None and len(chosen):
                note = i18n.t("present.note.none_here", lang, scope=label)
            else:
                note = i18n.t("present.note.no_chosen", lang)
            picked = thin_points(comm, CHOSEN_FALLBACK_N)
        elif chosen_from is not None:
            note = i18n.t("present.note.from_plan", lang, plan=chosen_from)
        layers, figures = _chosen_layers(picked, homes, campuses, partners, lang, example)
        if not figures.get("paired"):  # no pairing given (or an example): said as nearest
            title = i18n.t("present.step.chosen_nearest", lang, scope=label)
        kind = "chosen" if figures.get("paired") else "chosen_nearest"
        caption = i18n.t(
            "present.caption.example" if example else f"present.caption.{kind}",
            lang,
            scope=label,
            n=int(figures["chosen"]),
            homes=int(figures.get("with_home", 0)),
            campuses=int(figures["campuses"]),
            near_m=int(HOME_NEAR_M),
        )
        return Step(spec, title, caption, tuple(layers), figures, note)
    if spec.kind == "gaps":
        layers, figures, note = _gap_layers(comm, homes, lang)
        homes_layer = _data_layer("youth_homes", homes, lang, 2.5)
        if figures:
            by_count = "sites_communities" in figures
            caption = i18n.t(
                "present.caption.gaps_count" if by_count else "present.caption.gaps",
                lang,
                scope=label,
                coverage=100 * figures["coverage"],
                radius_m=int(figures["radius_m"]),
                uncovered=int(figures["uncovered"]),
                gaps=int(figures.get("gaps", 0)),
                sites=int(figures.get("sites", 0)),
                youth=int(figures.get("sites_youth", 0)),
                communities=int(figures.get("sites_communities", 0)),
            )
        else:
            caption = note or ""
        return Step(spec, title, caption, (homes_layer, *layers), figures, note)
    raise ValueError(f"step kind must be one of {', '.join(STEP_KINDS)}, not {spec.kind!r}")


def step_workbook(step: Step, lang: str = "zh") -> bytes:
    """The step's rows as the presentation page's XLSX download: :func:`step_tables` in
    ``lang``, the summary as it comes headed, the layers' rows with display headers, codes in
    words and place names in ``lang``, and the note sheet."""
    from geo.export import labels
    from geo.export import xlsx as xxlsx

    tables, notes = step_tables(step, lang)
    shown = {
        name: labels.localize_headed(frame, lang)
        if frame is step.summary
        else labels.localize(frame, lang)
        for name, frame in tables.items()
    }
    return xxlsx.tables_to_xlsx(shown, lang=None, notes=notes)


def step_tables(step: Step, lang: str = "zh") -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The rows of a step as workbook sheets, and a note saying what the step shows.

    Parameters
    ----------
    step
        A built step.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    tables
        The step's summary by area (when it has one), then legend label → the layer's rows
        for each layer drawn in full. A layer thinned for the map is not listed row by row
        (the summary counts it; the Data page and ``youthmap`` export whole layers).
    notes
        One sheet: the step's title and caption, and which layers were left out (see
        :func:`geo.export.xlsx.tables_to_xlsx`).
    """
    tables: dict[str, pd.DataFrame] = {}
    if step.summary is not None:
        tables[i18n.t("present.xlsx.summary", lang)] = step.summary
    lines = [step.title, step.caption]
    # the communities' sheet first, whatever the drawing order (Youth Homes lie under them)
    for layer in sorted(step.layers, key=lambda layer: layer.key != "communities"):
        if layer.count > len(layer.frame):  # a sample: the summary counts them all
            lines.append(i18n.t("present.xlsx.thinned", lang, label=layer.label, n=layer.count))
        elif len(layer.frame):
            tables[layer.label] = layer.frame
    return tables, {i18n.t("present.xlsx.about", lang): "\n".join(lines)}


def step_map(
    step: Step,
    basemap: str = "offline",
    lang: str = "zh",
    height: int | str = "100%",
    **kwargs: object,
) -> folium.Map:
    """The interactive map of ``step``: scope boundaries, its layers, a legend.

    Parameters
    ----------
    step
        A built step.
    basemap
        One of :data:`geo.maps.BASEMAPS` (``"offline"`` works with no internet).
    lang
        ``"zh"`` or ``"en"``.
    height
        Map height (CSS or pixels).
    **kwargs
        Passed to :func:`geo.maps.base_map` (e.g. ``tianditu_key``, ``boundaries``).

    Returns
    -------
    folium.Map
    """
    m = base_map(step.spec.scope, basemap=basemap, lang=lang, height=height, **kwargs)
    items: list[tuple[str, str]] = []
    for layer in step.layers:
        tips = [c for c in layer.tooltip if c in layer.frame.columns]
        if len(layer.frame):
            add_points(
                m,
                layer.frame,
                layer.label,
                layer.color,
                tips,
                lang,
                radius=layer.radius,
                **layer.look.point_kwargs(),
            )
        items.append(
            layer.look.legend(i18n.t("export.count", lang, label=layer.label, n=layer.count))
        )
    add_legend(m, items, title=step.title)
    add_layer_control(m)
    return m


def drawn_layers(step: Step) -> set[str]:
    """The data layers ``step`` draws points of: the simulated-data note of its maps names
    those simulated (its communities, chosen, uncovered, gaps and sites all come from the
    communities layer)."""
    return {data_layer_of(layer.key) for layer in step.layers if len(layer.frame)}


def step_note(
    step: Step, lang: str = "zh", simulated: Sequence[str] = (), seed: int | None = None
) -> str | None:
    """The simulated-data note of ``step``'s maps (:func:`geo.export.labels.simulated_note`
    of the layers it draws), as its static map prints it; ``None`` when it draws none."""
    return simulated_note(simulated, seed, lang, drawn_layers(step))


def step_figure(
    step: Step,
    lang: str = "zh",
    simulated: Sequence[str] = (),
    seed: int | None = None,
    **kwargs: object,
):
    """The static map (matplotlib figure) of ``step``, for PNG, PDF and slides.

    Parameters
    ----------
    step
        A built step.
    lang
        ``"zh"`` or ``"en"``.
    simulated
        Names of the simulated data layers (the session's); the simulated-data note names
        those the step draws (its communities, chosen, uncovered, gaps and sites all come
        from the communities layer).
    seed
        Seed of the simulated layers.
    **kwargs
        Passed to :func:`geo.export.static.static_map`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from geo.export.static import PointLayer, static_map

    size = {"national": 0.8, "region": 1.5}.get(step.spec.kind, 4.0)
    points = [
        PointLayer.of(
            layer.frame, layer.label, layer.look, size * (layer.radius / 2.5) ** 2, layer.count
        )
        for layer in step.layers
    ]
    return static_map(
        step.spec.scope,
        points,
        title=step.title,
        subtitle=step.caption,
        lang=lang,
        simulated=simulated_drawn(simulated, drawn_layers(step)),
        seed=seed,
        **kwargs,
    )
