"""Every file a page offers, in both languages: no header, sheet name or coded value left in
the other language.

Each page runs through AppTest at one city's scope (广州 4401), in Chinese and in English,
with every download button caught (:func:`tests._downloads.capture`) and its file built and
read back: workbooks sheet by sheet, CSV files. A sheet called "Sheet1", a header or a
sheet name in the other language, an Excel TRUE/FALSE, an English code (``west``) in a
Chinese file or Chinese text in an English file fails, except in the columns that hold
names from the data (communities, streets, universities, units) and texts quoting them.
GeoJSON files are for GIS software and keep the CLI's field names and codes (README).
The coverage page is also run after a siting run, so its proposed-sites file is checked.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.core.scope import Scope
from geo.export import labels
from tests import _downloads
from tests._paths import ROOT

PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def _run(page: str, lang: str, tmp_path, monkeypatch, then=None, **state: object):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    with _downloads.capture() as found:
        at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=240)
        at.session_state["lang"] = lang
        at.session_state["scope"] = Scope(region="east", province_code="44", city_code="4401")
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        if then is not None:
            then(at)
        assert not at.exception, [e.value for e in at.exception]
        files = {d.file_name: d for d in found}  # the last run's button per file
        problems = _downloads.problems(files, lang)
    return at, files, problems


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_download_is_in_the_pages_language(page, lang, tmp_path, monkeypatch) -> None:
    _, files, problems = _run(page, lang, tmp_path, monkeypatch)
    assert problems == {}, problems
    assert _names_in_another_language(files, lang) == [], sorted(files)


CJK = re.compile(r"[\u3400-\u9fff]")


def _names_in_another_language(files, lang: str) -> list[str]:
    """The files not named in the page's language: in Chinese a name must hold Chinese
    (new_sites.xlsx, mgmt_board.xlsx, youthmap.pptx did not); in English none may, but for
    the 备案表, the official Chinese form offered in both languages."""
    return sorted(
        n
        for n in files
        if not n.startswith("备案表-") and (lang == "zh") != bool(CJK.search(n.rsplit(".", 1)[0]))
    )


@pytest.mark.slow
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_coverage_sites_and_list_files_are_in_the_pages_language(
    lang, tmp_path, monkeypatch, layers
) -> None:
    ids = layers.communities.loc[layers.communities["city_code"] == "4401", "id"].head(30)
    subset = {"name": "ids.csv", "data": ("id\n" + "\n".join(ids) + "\n").encode()}

    def site(at: AppTest) -> None:
        at.number_input(key="site_k").set_value(3).run()
        at.button(key="site_run").click().run()

    _, files, problems = _run(
        "coverage.py",
        lang,
        tmp_path,
        monkeypatch,
        then=site,
        cov_subset_upload=subset,
        subset_source="file",
    )
    named = {labels.sheet(k, lang) + ".xlsx" for k in ("new_sites", "subset_coverage", "gaps")}
    assert named <= set(files), sorted(files)  # 新址建议.xlsx, not new_sites.xlsx
    assert _names_in_another_language(files, lang) == [], sorted(files)
    assert problems == {}, problems


def test_the_check_catches_what_the_issue_saw() -> None:
    """An English-headed workbook with a Sheet1 and "west" fails in Chinese."""
    sheet = _downloads.Sheet("Sheet1", ["coverage_rate", "区域"], [[0.5, "west"], [0.2, True]])
    wrong = _downloads.untranslated(
        [sheet], "zh", free_text=_downloads.FREE_TEXT.__contains__, neutral=_downloads.neutral
    )
    assert wrong == [
        "sheet name 'Sheet1'",
        "Sheet1: header 'coverage_rate'",
        "Sheet1[区域]: value 'west'",
        "Sheet1[区域]: value True",
    ]
    english = _downloads.Sheet("Coverage", ["Region", "Name"], [["西部", "沙面街道第1社区"]])
    wrong = _downloads.untranslated(
        [english], "en", free_text=_downloads.FREE_TEXT.__contains__, neutral=_downloads.neutral
    )
    assert wrong == ["Coverage[Region]: value '西部'"]


@pytest.mark.slow
@pytest.mark.long(
    seconds=85
)  # each writes and reads back the five steps' workbooks (the region's: 3.5 MB)
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_presentation_step_workbook_at_a_city_is_in_the_language(lang, layers) -> None:
    """The 演示 page's XLSX of each step (its layers' rows: campuses with their source
    fields, uncovered communities with distances, gaps, proposed sites) at 成都."""
    from geo.export import story
    from ui.present import view_file

    comm = layers.communities
    chosen = comm[comm["city_code"] == "5101"].nlargest(20, "youth").assign(score=0.5)
    scope = Scope(region="west", province_code="51", city_code="5101")
    files = {}
    for spec in story.story_steps(scope):
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
        name = f"{spec.kind}.xlsx"
        files[name] = _downloads.Download("", "", name, view_file("xlsx", step, None, lang))
    assert len(files) == len(story.STEP_KINDS)
    assert _downloads.problems(files, lang) == {}
