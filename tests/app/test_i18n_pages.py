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

import ast
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


def _css(function: str, lang: str) -> str:
    """What ``ui.state.<function>()`` returns in a session of ``lang``."""
    at = AppTest.from_string(
        "from ui import state\nimport streamlit as st\n"
        f"st.markdown(state.{function}(), unsafe_allow_html=True)"
    )
    at.session_state["lang"] = lang
    at.run()
    return at.markdown[0].value


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_uploaders_own_words_are_replaced_in_the_language(lang) -> None:
    css = _css("uploader_css", lang)
    assert 'content: "' + i18n.t("common.upload_button", lang) + '"' in css
    assert i18n.t("common.upload_limit", lang, mb=200) in css  # the configured limit
    assert "stFileUploaderDropzoneInstructions" in css


BOX = """
import streamlit as st
from ui.numbers import number_box
if "preset" in st.session_state:  # a value the page set under the key, as the evidence does
    st.session_state.setdefault("kept", 3)
cap = number_box("Capacity", 0, 500, 10, 1, key="cap")
km = number_box("Distance", 1.0, 200.0, 15.0, key="km")
count = number_box("Count", 0, 100, None, key="count")
kept = number_box("Kept", 0, 10, key="kept")
st.text(repr((cap, km, count, kept)))
"""


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_number_outside_its_bounds_is_answered_in_the_language_and_the_bound_used(lang):
    """Streamlit's own bounds are refused in the browser in English ("Number is below the
    allowed range", tests/browser/test_pairing_browser.py); the app's boxes check theirs."""
    at = AppTest.from_string(BOX)
    at.session_state["lang"] = lang
    at.session_state["preset"] = True
    at.run()
    assert not at.exception and not at.error and not at.warning
    assert at.text[0].value == "(10, 15.0, None, 3)"  # the kept value, not the bound
    at.number_input(key="cap").set_value(-5)
    at.number_input(key="km").set_value(250.5)
    at.number_input(key="count").set_value(7)
    at.run()
    assert at.text[0].value == "(0, 200.0, 7, 3)"  # each type kept: int, float, int
    said = [e.value for e in at.error]
    assert said == [
        i18n.t("common.number_range", lang, label="Capacity", low="0", high="500", used="0"),
        i18n.t("common.number_range", lang, label="Distance", low="1", high="200", used="200"),
    ]
    assert said[0] == (
        "“Capacity”须在 0 至 500 之间；已按 0 计算。"
        if lang == "zh"
        else "“Capacity” must be between 0 and 500; 0 is used."
    )


def test_no_box_leaves_its_bounds_or_a_counter_to_streamlits_english() -> None:
    """Every number box of the app is bounded by :func:`ui.numbers.number_box`, whose refusal
    is in the page's language; no text box counts characters (``max_chars``): its counter is
    the typing hint's neighbour, which :func:`ui.state.streamlit_words_css` would take for the
    hint and write over; no multiselect has ``max_selections``, whose English message would
    take the place of "No results" and be written over the same way; no page opens a dialog
    (``st.dialog``), which the CSS would take for the lost connection's."""
    sources = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")]
    boxes, bounded, counted = 0, [], []
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = node.func.id if isinstance(node.func, ast.Name) else name
            words = {k.arg for k in node.keywords}
            boxes += name == "number_box"
            bounds = len(node.args) > 1 or words & {"min_value", "max_value"}
            if path.name != "numbers.py" and name == "number_input" and bounds:
                bounded.append(f"{path.name}:{node.lineno}")
            if name in ("text_input", "text_area") and "max_chars" in words:
                counted.append(f"{path.name}:{node.lineno}")
            if name == "multiselect" and "max_selections" in words:
                counted.append(f"{path.name}:{node.lineno}")
            if name == "dialog":  # st.dialog, as a call or a decorator
                counted.append(f"{path.name}:{node.lineno}")
    assert boxes >= 20  # the scan still finds the boxes
    assert bounded == [] and counted == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_streamlits_own_words_are_written_in_the_language(lang) -> None:
    """The typing hints, a search's "No results" and a lost connection's dialog are drawn by
    Streamlit in English: in Chinese the app's CSS writes the catalogue's words over them
    (the browser tests look at them drawn)."""
    css = _css("streamlit_words_css", lang)
    if lang == "en":  # Streamlit's own words stay (with ⌘ on a Mac)
        assert css == ""
        return
    keys = ("hint_enter", "hint_enter_form", "hint_ctrl_enter", "hint_ctrl_enter_form")
    for key in (*keys, "no_results", "connection_lost", "connection_retry"):
        assert f'content: "{i18n.t("common." + key, lang)}";' in css
    hint = '[data-testid="InputInstructions"] > span:first-child'
    assert f"{hint} {{font-size: 0 !important;}}" in css


@pytest.mark.parametrize(("lang", "tag"), [("zh", "zh-CN"), ("en", "en")])
def test_the_app_declares_the_pages_language(lang, tag) -> None:
    """The app's first element holds the CSS over Streamlit's own words and the script that
    sets ``<html lang>`` (tests/browser/test_app_browser.py reads it in the browser)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    first = at.get("html")[0].proto.body
    assert f'<script>document.documentElement.lang = "{tag}";</script>' in first
    assert "stFileUploaderDropzoneInstructions" in first
    assert ("InputInstructions" in first) == (lang == "zh")


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


@pytest.mark.parametrize(
    ("lang", "title"),
    [("zh", "YouthMap 社区青春行动选点平台"), ("en", "YouthMap — Community Youth Action planner")],
)
def test_the_browser_tabs_title_is_in_the_pages_language(lang, title, monkeypatch) -> None:
    """The window's title (``st.set_page_config(page_title=…)``, what the browser's tab and
    a bookmark show) was "YouthMap 社区青春行动选点平台" in English too. AppTest keeps no
    page configuration, so the calls are recorded on their way to Streamlit."""
    import streamlit as st

    titles: list[str] = []
    config = st.set_page_config

    def record(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if kwargs.get("page_title") is not None:
            titles.append(kwargs["page_title"])
        return config(*args, **kwargs)

    monkeypatch.setattr(st, "set_page_config", record)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert titles and titles[-1] == title  # the last call is the one the browser keeps
