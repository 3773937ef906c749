"""AppTest of the presentation page: stepping forward and back in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.core.scope import Scope
from geo.export import story
from tests._paths import APP
from tests._screen import map_frames


def _page(lang: str, province: str = "44") -> AppTest:
    """The page run on its own (the app shell's sidebar is exercised in test_app)."""
    at = AppTest.from_file(str(APP.parent / "pages" / "present.py"), default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["scope"] = Scope(province_code=province)
    at.run()
    return at


def test_present_page_opens_from_the_app_menu() -> None:
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["scope_province"] = "44"
    at.run()
    at.switch_page("pages/present.py").run()
    assert not at.exception
    assert at.subheader[0].value == "全国：各区域社区分布"


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_present_page_steps_forward_and_back_without_errors(lang: str) -> None:
    at = _page(lang)
    assert not at.exception
    titles = [at.subheader[0].value]
    pages = [map_frames(at)]
    for _ in range(len(story.STEP_KINDS) - 1):
        _button(at, "present_next").click().run()
        assert not at.exception, at.exception
        titles.append(at.subheader[0].value)
        pages.append(map_frames(at))
    # one large map per step, named by the step's title, each step its own picture
    assert [[title for title, _ in frames] for frames in pages] == [[x] for x in titles]
    assert len({frames[0][1] for frames in pages}) == len(pages)
    assert at.session_state["present_step"] == len(story.STEP_KINDS) - 1
    assert _button(at, "present_next").disabled
    _button(at, "present_prev").click().run()
    assert at.session_state["present_step"] == len(story.STEP_KINDS) - 2
    assert len(set(titles)) == len(titles)  # every step has its own title
    text = " ".join(titles + [md.value for md in at.markdown] + [b.label for b in at.button])
    assert i18n.MISSING_MARK[0] not in text


def test_present_page_last_step_names_proposed_sites_in_the_caption() -> None:
    at = _page("zh")
    at.session_state["present_step"] = len(story.STEP_KINDS) - 1
    at.run()
    assert not at.exception
    caption = " ".join(md.value for md in at.markdown)
    assert "建议新建 10 处" in caption


def test_present_page_offers_png_pdf_html_and_xlsx_of_the_current_view() -> None:
    at = _page("en")
    labels = {b.key: b.label for b in at.download_button}
    assert labels == {
        "present_dl_png": "Download PNG",
        "present_dl_pdf": "Download PDF",
        "present_dl_html": "Download offline HTML",
        "present_dl_xlsx": "Download Excel",
    }


def test_each_file_of_the_view_is_what_it_says(layers) -> None:
    from geo.export.html import external_assets
    from ui import present

    spec = story.story_steps(Scope(province_code="64"))[2]  # 宁夏, the province step
    step = story.build_step(spec, layers.communities, layers.youth_homes, layers.campuses)
    m = story.step_map(step)
    files = {
        k: present.view_file(k, step, m, "zh", ("communities",), 2021) for k in present.VIEW_FILES
    }
    assert files["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert files["pdf"][:4] == b"%PDF" and b"NotoSansCJK" in files["pdf"]
    assert external_assets(files["html"].decode("utf-8")) == [] and b"leaflet" in files["html"]
    from tests._html_text import shown_text

    # the offline map says what its PNG and PDF print: the communities drawn are simulated
    assert "注意：社区为模拟数据（种子 2021），仅用于演示，不代表真实位置。" in shown_text(
        files["html"].decode("utf-8")
    )
    real = present.view_file("html", step, m, "zh", ("resident_units",), 2021)  # not drawn
    assert b"youthmap-note" not in real and "模拟" not in "".join(shown_text(real.decode()))
    assert files["xlsx"][:2] == b"PK"
    with pytest.raises(ValueError, match="png"):
        present.view_file("svg", step, m, "zh")


def test_full_screen_mode_hides_the_sidebar_and_moves_the_title_into_the_step_bar() -> None:
    from ui import present

    at = _page("zh")
    assert not any(present.FULLSCREEN_CSS in md.value for md in at.markdown)
    assert any(present.WINDOW_CSS in md.value for md in at.markdown)  # the frame fits too
    at.toggle(key=present.FULLSCREEN_KEY).set_value(True).run()
    assert not at.exception
    assert any(present.FULLSCREEN_CSS in md.value for md in at.markdown)
    assert not any(present.WINDOW_CSS in md.value for md in at.markdown)
    assert not at.subheader  # the title is in the step bar instead
    assert '[data-testid="stSidebar"]' in present.FULLSCREEN_CSS
    assert [map_title for map_title, _ in map_frames(at)] == ["全国：各区域社区分布"]


def test_the_view_files_carry_the_approval_number_typed_on_the_page(monkeypatch) -> None:
    from geo.export import static
    from ui import present

    at = _page("zh", province="46")
    at.text_input(key="present_approval_no").set_value("琼S(2099)001号").run()
    assert not at.exception
    seen: list[list[str]] = []
    real = static.static_map

    def spy(*args, **kwargs):
        fig = real(*args, **kwargs)
        seen.append([t.get_text() for t in fig.texts])
        return fig

    monkeypatch.setattr(static, "static_map", spy)
    notes = {"approval_no": at.text_input(key="present_approval_no").value, "sources": None}
    spec = story.story_steps(Scope(province_code="46"))[0]
    from geo import dataset

    L = dataset.load_layers()
    step = story.build_step(spec, L.communities, L.youth_homes, L.campuses)
    present.view_file("png", step, story.step_map(step), "zh", **notes)
    assert "审图号：琼S(2099)001号" in seen[0]


def test_with_nothing_picked_the_chosen_step_shows_the_saved_plan_less_its_exits(
    layers, tmp_path, monkeypatch
) -> None:
    """A committee opening the page for a meeting, its pick saved and filed earlier: the
    chosen step is the centre's national plan at the scope, not a stand-in of the 30
    communities with the most young people."""
    from tests._plans import saved_plan_home

    saved_plan_home(layers, tmp_path, monkeypatch)
    kinds = [s.kind for s in story.story_steps(Scope(province_code="44"))]
    at = AppTest.from_file(str(APP.parent / "pages" / "present.py"), default_timeout=300)
    at.session_state["scope"] = Scope(province_code="44")
    at.session_state["present_step"] = kinds.index("chosen")
    at.run()
    assert not at.exception
    caption = " ".join(md.value for md in at.markdown)
    assert "广东省：入选 5 个社区" in caption  # Guangdong's six, less the one exited
    # the plan's name is the centre's text: shown as typed, never as markup
    assert [i.value for i in at.info] == [
        "入选社区取自已保存的方案“2026 全国第一批 \\<b\\>”（已退出的除外）。"
    ]
    assert "就近高校校区" in caption and "尚未结对" in caption  # no pairing, no agreement


def test_a_saved_plans_campus_agreements_are_its_partners_in_the_story(
    layers, tmp_path, monkeypatch
) -> None:
    """The plan's communities with a campus agreement on record: the chosen step draws the
    agreed campus as the partner, not the nearest one (nor calls the nearest a partner)."""
    from tests._plans import agree, saved_plan_home

    ids = saved_plan_home(layers, tmp_path, monkeypatch)
    camp = layers.campuses
    far = camp.loc[camp["province_code"] == "44"].iloc[-1]  # not Guangzhou's nearest
    agree(ids[1], str(far["id"]))
    at = AppTest.from_file(str(APP.parent / "pages" / "present.py"), default_timeout=300)
    at.session_state["scope"] = Scope(province_code="44")
    at.session_state["present_step"] = [
        s.kind for s in story.story_steps(Scope(province_code="44"))
    ].index("chosen")
    at.run()
    assert not at.exception
    caption = " ".join(md.value for md in at.markdown)
    assert "广东省：入选 5 个社区" in caption and "结对高校校区 1 个" in caption, caption
    assert "就近" not in caption


def test_the_presentation_reads_a_saved_plans_scores_too(tmp_path, monkeypatch) -> None:
    """The deck's mean score by province comes from the plan (the layer has none)."""
    from tests._plans import scored_plan_home

    ids = scored_plan_home(tmp_path, monkeypatch)

    def script() -> None:
        import streamlit as st

        from geo import dataset
        from ui.present import saved_chosen

        rows, name = saved_chosen(dataset.load_layers().communities)
        st.session_state["got"] = (name, dict(zip(rows["id"], rows["score"], strict=True)))

    at = AppTest.from_function(script, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["got"] == ("2026 第一批", dict(zip(ids, [0.9, 0.6, 0.3], strict=True)))


def test_the_xpccs_account_is_shown_its_own_cities_not_the_whole_of_xinjiang(layers) -> None:
    """The XPCC's account opens on its cities (西部 · 新疆 · 新疆生产建设兵团), yet the third
    step drew the whole of Xinjiang (新疆维吾尔自治区：1,782 个社区…). It is now the XPCC's
    own, as `youthmap map --province XPCC` draws it."""
    xpcc = Scope("west", "65", "6590")
    at = AppTest.from_file(str(APP.parent / "pages" / "present.py"), default_timeout=300)
    at.session_state["scope"] = xpcc
    at.session_state["present_step"] = [s.kind for s in story.story_steps(xpcc)].index("province")
    at.run()
    assert not at.exception
    own = layers.communities["county_code"].astype(str).str.startswith("6590")
    assert at.subheader[0].value == "新疆维吾尔自治区 · 新疆生产建设兵团：社区、青年之家与高校"
    caption = " ".join(md.value for md in at.markdown)
    assert f"新疆维吾尔自治区 · 新疆生产建设兵团：{own.sum():,} 个社区" in caption, caption
