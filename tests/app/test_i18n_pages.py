"""Every page in both languages: no string missing from the catalogue (``⟦key⟧``) on screen.

Each page runs on its own through AppTest at one province's scope (广东 44), in Chinese and
in English, with an empty database in ``tmp_path``; every text, label, option and table
header on screen is collected and checked for the missing-key mark of :func:`geo.i18n.t`.
The catalogue itself must have both languages for every key, and in English no title,
header, widget label or table header may hold Chinese (a string that bypassed the catalogue).
Streamlit's own English shows through too unless the page replaces it: every select box and
multiselect must carry a placeholder in the page's language (Streamlit's default is "Choose
an option" whatever the language), no table may hold a missing cell drawn as "None", and
a chart's axis, legend and tooltip names must be in the page's language.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.core.scope import Scope
from tests._paths import ROOT
from tests._screen import chart_labels, none_cells

PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))
TEXT_ELEMENTS = (
    "markdown",
    "title",
    "header",
    "subheader",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "text",
)
LABELLED = (
    "button",
    "selectbox",
    "multiselect",
    "slider",
    "select_slider",
    "number_input",
    "text_input",
    "text_area",
    "radio",
    "checkbox",
    "toggle",
    "metric",
    "expander",
    "tab",
    "date_input",
)
MARK = i18n.MISSING_MARK.format("")[0]
CJK = re.compile(r"[\u3400-\u9fff]")


def _texts(at: AppTest) -> list[str]:
    out: list[str] = []
    for kind in TEXT_ELEMENTS:
        out += [str(getattr(e, "value", "")) for e in at.get(kind)]
    for kind in LABELLED:
        for e in at.get(kind):
            out.append(str(getattr(e, "label", "")))
            out += [str(o) for o in getattr(e, "options", []) or []]
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
    return out


def _labels(at: AppTest) -> list[str]:
    """Titles, headers, widget labels and table headers: text that never comes from data."""
    out = [str(e.value) for kind in ("title", "header", "subheader") for e in at.get(kind)]
    out += [str(getattr(e, "label", "")) for kind in LABELLED for e in at.get(kind)]
    out += [str(c) for frame in at.dataframe for c in frame.value.columns]
    return out


def _placeholders(at: AppTest) -> dict[str, str]:
    """Widget key (or label) → placeholder of every select box and multiselect."""
    return {
        str(w.key or w.label): w.proto.placeholder
        for kind in ("selectbox", "multiselect")
        for w in at.get(kind)
    }


def _none_cells(at: AppTest) -> dict[str, list[str]]:
    """Table (by its first headers) → the columns where a missing value shows as
    Streamlit's English "None" (the page set no ``placeholder``)."""
    return {
        " | ".join(map(str, frame.value.columns[:3])): none_cells(frame)
        for frame in at.dataframe
        if none_cells(frame)
    }


def test_no_spinner_falls_back_to_streamlits_english_text() -> None:
    """``st.spinner()`` without text says "In progress..." whatever the language."""
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    bare = [p.name for p in sources if re.search(r"spinner\(\s*\)", p.read_text("utf-8"))]
    assert bare == []


def test_every_key_has_chinese_and_english() -> None:
    empty = [k for k, (zh, en) in i18n.catalogue().items() if not zh.strip() or not en.strip()]
    assert empty == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_shows_no_missing_string(page: str, lang: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=240)
    at.session_state["lang"] = lang
    at.session_state["scope"] = Scope(region="east", province_code="44")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    missing = sorted({t for t in _texts(at) if MARK in t})
    assert missing == [], missing
    placeholders = _placeholders(at)
    wrong = {
        k: p for k, p in placeholders.items() if not p or bool(CJK.search(p)) != (lang == "zh")
    }
    assert wrong == {}, wrong  # "" is Streamlit's English default
    assert _none_cells(at) == {}
    charts = chart_labels(at)  # tooltips name their fields by the frame's column names
    assert [c for c in charts if bool(CJK.search(c)) != (lang == "zh")] == []
    if lang == "en":  # Chinese in a label means a string written past the catalogue
        chinese = sorted({t for t in _labels(at) if CJK.search(t)})
        assert chinese == [], chinese
        # a second run formats every option box's value again, outside the page's run: a
        # format_func reading the session's language there gave Chinese labels the English
        # options did not hold (ValueError on the scoring, pairing and selection pages)
        at.run()
        assert not at.exception, [e.value for e in at.exception]


def test_no_multiselect_offers_streamlits_english_select_all() -> None:
    """Streamlit's multiselect adds an English "Select all" unless ``select_all=False``."""
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    calls = [
        (p.name, call)
        for p in sources
        for call in re.findall(r"multiselect\((?:[^()]|\([^()]*\))*\)", p.read_text("utf-8"))
    ]
    assert calls  # the pattern still finds the calls
    assert [name for name, call in calls if "select_all=False" not in call] == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_uploaders_own_words_are_replaced_in_the_language(lang) -> None:
    at = AppTest.from_string(
        "from ui import state\nimport streamlit as st\n"
        "st.markdown(state.uploader_css(), unsafe_allow_html=True)"
    )
    at.session_state["lang"] = lang
    at.run()
    css = at.markdown[0].value
    assert 'content: "' + i18n.t("common.upload_button", lang) + '"' in css
    assert i18n.t("common.upload_limit", lang, mb=200) in css  # the configured limit
    assert "stFileUploaderDropzoneInstructions" in css


@pytest.mark.slow
def test_the_year_of_work_reads_in_english_with_the_demo_year(tmp_path, monkeypatch):
    """The filing and progress pages over the demo's plan, records and evaluation, in
    English: no Chinese on screen outside the data (the default rubric's name, the demo
    plan's name and the launches' reason were Chinese the app itself had written). One test
    for both pages, so the demo year is seeded once (about 9 s)."""
    from geo import store
    from geo.plan import year_demo
    from geo.plan.auth import DESKTOP_USER
    from tests._paths import APP

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    db = store.open_store()
    year_demo.seed_demo(db, DESKTOP_USER)
    db.dispose()
    for page in ("management.py", "progress.py"):
        at = AppTest.from_file(str(APP), default_timeout=240)
        at.session_state["lang"] = "en"
        at.session_state["scope_region"] = "west"
        at.session_state["scope_province"] = "51"
        at.run()
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, [e.value for e in at.exception]
        shown = [str(e.value) for kind in TEXT_ELEMENTS for e in at.get(kind)] + _labels(at)
        assert len(shown) > 20, page  # the page drew its tabs, tables and messages
        chinese = sorted({s for s in shown if CJK.search(s)})
        assert chinese == [], (page, chinese)
