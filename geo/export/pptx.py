"""A PowerPoint deck of the presentation story (python-pptx), for committee meetings.

Slides, in order: a title slide; one slide per step of the story (:mod:`geo.export.story`:
national → region → province → chosen communities → coverage gaps and proposed sites),
each with the step's static map, its caption and the scope's key figures; and the filing
list's summary by province as a table. Maps are the static maps of
:mod:`geo.export.static` (boundaries by kind, legend, 审图号 and data sources), rendered at
a modest resolution so a deck builds in well under a minute.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from geo import i18n
from geo.analysis import quota
from geo.core import cells, localtime
from geo.core import scope as _scope
from geo.core.scope import Scope
from geo.export import story
from geo.export.labels import province_name, scope_label
from geo.export.static import figure_bytes

SLIDE_WIDTH_IN: float = 13.333
SLIDE_HEIGHT_IN: float = 7.5
"""16:9 slide size in inches."""

DECK_DPI: int = 110
"""Resolution of the map images in the deck."""

MAP_FIGSIZE_IN: tuple[float, float] = (9.0, 6.6)
"""Size the map figures are drawn at (inches), placed at the left of a slide."""

SUMMARY_MAX_ROWS: int = 16
"""Rows of the filing summary table per slide (continued on further slides)."""


@dataclass(frozen=True)
class DeckInput:
    """What a deck shows.

    Attributes
    ----------
    communities, youth_homes, campuses
        The layers (``lon``/``lat``, ``province_code``, ``region``; communities also ``youth``).
    chosen
        The chosen communities (the filing list, with ``province_code``, ``region`` and
        ``score`` where known), or ``None`` when nothing is chosen yet.
    simulated
        Names of simulated layers (a note is printed on every map).
    seed
        Seed of the simulated layers.
    partners
        Community–campus pairs (``community_id``, ``campus_id``) for the chosen step, or
        ``None`` (the nearest campus is shown).
    city_name
        Name of the view's city, for titles.
    chosen_from
        Name of the saved plan ``chosen`` was read from, or ``None`` (the session's pick):
        :func:`geo.export.story.build_step`.
    """

    communities: pd.DataFrame
    youth_homes: pd.DataFrame
    campuses: pd.DataFrame
    chosen: pd.DataFrame | None = None
    simulated: tuple[str, ...] = ()
    seed: int | None = None
    partners: pd.DataFrame | None = None
    city_name: str | None = None
    chosen_from: str | None = None


def key_figures(data: DeckInput, scope: Scope, lang: str = "zh") -> list[str]:
    """The key figures of ``scope`` as short lines (counts of each layer, chosen, youth).

    Parameters
    ----------
    data
        The deck's layers and chosen list.
    scope
        National, a region, a province or a city.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    list of str
    """
    comm = _scope.apply(data.communities, scope)
    lines = [
        i18n.t("export.fig.communities", lang, n=len(comm)),
        # a list without youth figures says nothing of them rather than "0 young people"
        *(
            [i18n.t("export.fig.youth", lang, n=story.column_total(comm, "youth"))]
            if "youth" in comm
            else []
        ),
        i18n.t("export.fig.homes", lang, n=len(_scope.apply(data.youth_homes, scope))),
        i18n.t("export.fig.campuses", lang, n=len(_scope.apply(data.campuses, scope))),
    ]
    if data.chosen is not None:
        chosen = _scope.apply(data.chosen, scope)
        lines.append(i18n.t("export.fig.chosen", lang, n=len(chosen)))
        if "youth" in chosen and len(chosen):
            youth = story.column_total(chosen, "youth")
            lines.append(i18n.t("export.fig.youth_chosen", lang, n=youth))
        if "province_code" in chosen and scope.level in ("national", "region"):
            lines.append(i18n.t("export.fig.provinces", lang, n=chosen["province_code"].nunique()))
        scores = pd.to_numeric(chosen.get("score", pd.Series(dtype=float)), errors="coerce")
        scores = scores.dropna()
        if len(scores) == len(chosen) and len(chosen):
            lines.append(i18n.t("export.fig.mean_score", lang, score=float(scores.mean())))
        elif len(scores):  # a next cycle's carried communities were not scored again
            lines.append(
                i18n.t(
                    "export.fig.mean_score_some", lang, score=float(scores.mean()), n=len(scores)
                )
            )
    return lines


def filing_summary(chosen: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The chosen list summarised by filing unit (the provinces and the XPCC): count, youth
    and mean score, with a total row.

    Parameters
    ----------
    chosen
        Chosen communities with ``quota_unit``, or ``county_code`` or ``province_code`` to
        find it (and ``youth``, ``score`` when known).
    lang
        Language of the headers and province names.

    Returns
    -------
    pandas.DataFrame
        Columns: unit, chosen, youth, mean score (headers in ``lang``), provinces in code
        order and the XPCC, then the total. A row's mean score is empty unless each of its
        communities has a score (a saved plan read from the layer has none; a next plan's
        carried ones were not scored again): a mean of some would pass for a mean of all. Without any
        score the column is left out; without a ``youth`` column, the youth too.
    """
    c = chosen.copy()
    c["youth"] = pd.to_numeric(c["youth"], errors="coerce") if "youth" in c else 0
    c["score"] = pd.to_numeric(c["score"], errors="coerce") if "score" in c else float("nan")
    c["unscored"] = c["score"].isna()
    # by filing unit: the XPCC files apart from Xinjiang (its 5 were counted in Xinjiang's 20)
    unit = c["quota_unit"].astype(str) if "quota_unit" in c else quota.quota_unit_of(c)
    g = c.groupby(unit.to_numpy(), sort=True).agg(
        chosen=("unscored", "size"),
        youth=("youth", "sum"),
        score=("score", "mean"),
        unscored=("unscored", "sum"),
    )
    g.index = [province_name(str(code), lang) for code in g.index]
    total = pd.DataFrame(
        {
            "chosen": [len(c)],
            "youth": [c["youth"].sum()],
            "score": [c["score"].mean()],
            "unscored": [c["unscored"].sum()],
        },
        index=[i18n.t("export.col.total", lang)],
    )
    out = pd.concat([g, total]).reset_index(names="unit")
    out["youth"] = out["youth"].fillna(0).astype(int)
    out["score"] = out["score"].round(3).where(out.pop("unscored") == 0)
    if out["score"].isna().all():
        out = out.drop(columns="score")
    if "youth" not in chosen:  # a list without youth figures: no column of zeros
        out = out.drop(columns="youth")
    return out.rename(
        columns={
            "unit": i18n.t("export.col.unit", lang),
            "chosen": i18n.t("export.col.chosen", lang),
            "youth": i18n.t("export.col.youth", lang),
            "score": i18n.t("export.col.mean_score", lang),
        }
    )


TITLE_BOX_IN: tuple[float, float, float, float] = (0.3, 0.12, SLIDE_WIDTH_IN - 0.6, 1.0)
"""``(left, top, width, height)`` of a content slide's title, in inches: the slide's width,
ending above the maps and tables (which start 1.25 in down)."""

TITLE_PT: float = 30.0
"""A slide title's size where it fits on one line."""

TITLE_MIN_PT: float = 20.0
"""The smallest a long title is set (it then takes two lines, which the box holds)."""


def title_size_pt(text: str, width_in: float = TITLE_BOX_IN[2]) -> float:
    """The size a slide title is set at: :data:`TITLE_PT`, or smaller (to
    :data:`TITLE_MIN_PT`) so that ``text`` fits on one line of ``width_in`` inches (text
    margins kept; a Latin letter taken as 0.55 em, a Chinese character as 1 em)."""
    from geo.export.static import EM_PER_NARROW_CHAR, text_units

    ems = text_units(text) * EM_PER_NARROW_CHAR * 1.05  # a little slack for wide letters
    room_pt = (width_in - 0.2) * 72  # the frame's left and right insets, 0.1 in each
    return float(max(min(TITLE_PT, math.floor(room_pt / max(ems, 1.0))), TITLE_MIN_PT))


def _title(slide, text: str) -> None:
    """Set a content slide's title in :data:`TITLE_BOX_IN`: the layout's placeholder sat
    at a 4:3 slide's 9 in (off-centre) and 1.25 in high, down to 1.55 in, so a title of two
    lines ran under the map placed at 1.25 in ("Guangdong: chosen communities, their Youth
    Homes and nearest campuses" lost its second line)."""
    shape = slide.shapes.title
    left, top, width, height = TITLE_BOX_IN
    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)
    shape.text = text
    shape.text_frame.word_wrap = True
    size = Pt(title_size_pt(text, width))
    for p in shape.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = size


def new_deck(title: str, subtitle: str):  # noqa: ANN201 - a python-pptx Presentation
    """A 16:9 deck (:data:`SLIDE_WIDTH_IN` by :data:`SLIDE_HEIGHT_IN`) with its title slide:
    the meeting deck's, the monthly report's and the evaluation's."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = title
    first.placeholders[1].text = subtitle
    return prs


def _map_slide(prs, fig, title: str) -> None:  # noqa: ANN001 - a matplotlib Figure
    """A slide of one static map under ``title``, as high as the slide allows, centred."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    _title(slide, title)
    image = figure_bytes(fig, "png", DECK_DPI)
    top = Inches(1.25)
    height = Inches(SLIDE_HEIGHT_IN) - top - Inches(0.15)
    width = int(height * fig.get_figwidth() / fig.get_figheight())
    left = max(int((Inches(SLIDE_WIDTH_IN) - width) / 2), 0)
    slide.shapes.add_picture(io.BytesIO(image), left, top, height=height)


def _step_slide(
    prs, data: DeckInput, step: story.Step, lang: str, map_kwargs: Mapping[str, object]
) -> None:
    """One story step: its static map at the left, caption and key figures at the right."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    _title(slide, step.title)
    fig = story.step_figure(
        step, lang, data.simulated, data.seed, figsize_in=MAP_FIGSIZE_IN, **map_kwargs
    )
    image = figure_bytes(fig, "png", DECK_DPI)
    top = Inches(1.25)
    height = Inches(SLIDE_HEIGHT_IN) - top - Inches(0.15)
    slide.shapes.add_picture(io.BytesIO(image), Inches(0.2), top, height=height)
    box = slide.shapes.add_textbox(Inches(9.4), Inches(1.4), Inches(3.7), Inches(5.6))
    tf = box.text_frame
    tf.word_wrap = True
    tf.text = step.caption
    tf.paragraphs[0].runs[0].font.size = Pt(14)
    if step.note:
        p = tf.add_paragraph()
        p.text = step.note
        p.runs[0].font.size = Pt(12)
        p.runs[0].font.italic = True
    p = tf.add_paragraph()
    p.text = i18n.t("export.deck.figures", lang)
    p.runs[0].font.size = Pt(18)
    p.runs[0].font.bold = True
    p.space_before = Pt(12)
    for line in key_figures(data, step.spec.scope, lang):
        p = tf.add_paragraph()
        p.text = "• " + line
        p.runs[0].font.size = Pt(14)
        p.space_before = Pt(4)


def _cell_text(value: object, decimals: int = 3) -> str:
    """A table cell: integers with thousands separators, other numbers with ``decimals``."""
    if pd.isna(value):
        return ""
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):,.{decimals}f}"
    return str(value)


def table_text(table: pd.DataFrame, decimals: Mapping[str, int] | None = None) -> pd.DataFrame:
    """``table``'s cells as the slides write them (:func:`_cell_text`). A column named in
    ``decimals`` takes its decimals from there (a share to 0.1 percentage point: 76.0
    beside 94.2); any other, the decimals its numbers need (:func:`_decimals`): 94.2, not
    94.200."""
    given = decimals or {}

    def places(col: object, values: pd.Series) -> int:
        return (
            given[col] if isinstance(col, str) and col in given else cells.decimals_needed(values)
        )

    return pd.DataFrame(
        {
            i: [_cell_text(v, places(c, table.iloc[:, i])) for v in table.iloc[:, i]]
            for i, c in enumerate(table.columns)
        },
        index=table.index,
    ).set_axis(table.columns, axis=1)


def _table_slides(
    prs,
    table: pd.DataFrame,
    title: str,
    decimals: Mapping[str, int] | None = None,
    rows_per_slide: int = SUMMARY_MAX_ROWS,
    widths_in: Sequence[float] | None = None,
    font_pt: float = 13,
) -> None:
    """``table`` on as many slides as its rows need at ``rows_per_slide`` at most, shared
    evenly, its header on every one; columns of equal width, or ``widths_in`` (inches, summing to the table's
    11.7) where one holds long text."""
    table = table_text(table, decimals)  # decimals by column, over all its rows, before a split
    slides = max(math.ceil(len(table) / rows_per_slide), 1)
    per = max(math.ceil(len(table) / slides), 1)  # as even as can be: 33 rows as 11 + 11 +
    for start in range(0, max(len(table), 1), per):  # 11, not a total row alone after 14 + 14
        part = table.iloc[start : start + per]
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _title(slide, title)
        rows, cols = len(part) + 1, len(part.columns)
        shape = slide.shapes.add_table(
            rows, cols, Inches(0.8), Inches(1.4), Inches(11.7), Emu(Inches(0.33) * rows)
        )
        grid = shape.table
        for j, width in enumerate(widths_in or ()):
            grid.columns[j].width = Inches(width)
        for j, col in enumerate(part.columns):
            grid.cell(0, j).text = str(col)
        for i, row in enumerate(part.itertuples(index=False), start=1):
            for j, value in enumerate(row):
                grid.cell(i, j).text = value
        for i in range(rows):
            for j in range(cols):
                for p in grid.cell(i, j).text_frame.paragraphs:
                    for r in p.runs:
                        r.font.size = Pt(font_pt)


def build_deck(
    data: DeckInput,
    scope: Scope | None = None,
    target: str | Path | None = None,
    *,
    lang: str = "zh",
    boundaries: Mapping | None = None,
    date: _dt.date | None = None,
    progress: Callable[[float], None] | None = None,
    approval_no: str | None = None,
    sources: str | None = None,
) -> bytes | Path:
    """The PPTX deck of ``scope``: one slide per step of the presentation story.

    Parameters
    ----------
    data
        Layers and chosen list (see :class:`DeckInput`).
    scope
        The view (national by default): the story's steps for it
        (:func:`geo.export.story.story_steps`) get a slide each, the chosen communities and the
        coverage gaps included.
    target
        Output ``.pptx`` path, or ``None`` to return the bytes.
    lang
        ``"zh"`` or ``"en"``.
    boundaries
        Boundary frames by level instead of the embedded dataset.
    date
        Date on the title slide (today by default).
    progress
        Called with the fraction done after each map slide.
    approval_no
        Map approval number (审图号) printed on every map; "—" when not given.
    sources
        Data-source note printed on every map (default: the embedded data's sources).

    Returns
    -------
    bytes or pathlib.Path
    """
    scope = scope or Scope()
    subtitle = i18n.t(
        "export.deck.subtitle",
        lang,
        scope=scope_label(scope, lang, data.city_name),
        date=(date or localtime.today()).isoformat(),
    )
    prs = new_deck(i18n.t("export.deck.title", lang), subtitle)
    specs = story.story_steps(scope)
    map_kwargs = {"boundaries": boundaries, "approval_no": approval_no, "sources": sources}
    for i, spec in enumerate(specs, start=1):
        step = story.build_step(
            spec,
            data.communities,
            data.youth_homes,
            data.campuses,
            data.chosen,
            data.partners,
            lang,
            data.city_name if spec.scope.city_code else None,
            data.chosen_from,
        )
        _step_slide(prs, data, step, lang, map_kwargs)
        if progress:
            progress(i / len(specs))
    if data.chosen is not None and len(data.chosen) and "province_code" in data.chosen:
        _table_slides(
            prs,
            filing_summary(_scope.apply(data.chosen, scope), lang),
            i18n.t("export.deck.filing", lang),
        )
    else:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        _title(slide, i18n.t("export.deck.filing", lang))
        box = slide.shapes.add_textbox(Inches(0.8), Inches(2), Inches(11.5), Inches(1))
        box.text_frame.text = i18n.t("export.deck.no_chosen", lang)
    buf = io.BytesIO()
    prs.save(buf)
    if target is None:
        return buf.getvalue()
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return path
