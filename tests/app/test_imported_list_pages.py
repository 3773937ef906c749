"""Every page with an imported 18-row community list whose youth counts are all 0.

The list is read from a CSV file through :func:`geo.intake.io.import_layer`, as the data page
reads an upload, and put in the session as the data page does (``replaced_layers``). Each
page then runs through the app (navigation, sidebar, notices) in both languages at the
list's city and nationally. No page may show a traceback (``stException``); the youth
coverage rate, 0/0 here, shows as "—" with a note, never 100%; the selection page, whose
national total (1,000) is more than the 18 communities, says so in the page's language;
and the notice of simulated data no longer names the communities.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.intake import io
from tests._paths import APP, ROOT
from tests._screen import as_read

PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name != "login.py")
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def imported(layers, tmp_path_factory):
    """18 Guangzhou communities as a committee's CSV file would list them, youth all 0."""
    comm = layers.communities
    rows = comm[comm["city_code"] == "4401"].iloc[::100].head(18)
    assert len(rows) == 18
    table = rows[["id", "name", "province", "city", "district", "lon", "lat", "population"]]
    path = tmp_path_factory.mktemp("list") / "名单.csv"
    table.assign(youth=0).to_csv(path, index=False)
    result = io.import_layer(path, "communities")
    assert result.n_valid == 18, [p.reason for p in result.problems]
    return result.accept()


def _app(imported, lang: str, page: str, city: str | None, tmp_path, monkeypatch) -> AppTest:
    """The app at ``page``; ``at.notices`` holds the app's notices of its first run (AppTest
    keeps the shell's elements of the run before ``switch_page`` only)."""
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=240)
    at.session_state["lang"] = lang
    at.session_state["replaced_layers"] = {"communities": imported}
    at.session_state["scope_province"] = "44" if city else None
    at.session_state["scope_city"] = city
    at.run()
    at.notices = [i.value for i in at.info]
    at.switch_page(f"pages/{page}").run()
    return at


@pytest.mark.slow
@pytest.mark.parametrize("city", ["4401", None])
@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_traceback_with_an_imported_list(
    page, lang, city, imported, tmp_path, monkeypatch
) -> None:
    at = _app(imported, lang, page, city, tmp_path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    notices = [n for n in at.notices if i18n.t("layer.youth_homes", lang) in n]
    assert notices and all(i18n.t("layer.communities", lang) not in n for n in notices)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_youth_coverage_of_no_youth_is_undefined_not_full(
    lang, imported, tmp_path, monkeypatch
) -> None:
    at = _app(imported, lang, "coverage.py", "4401", tmp_path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("coverage.metric.youth_rate", lang)] == "—"
    assert metrics[i18n.t("coverage.metric.communities", lang)] == "18"
    assert i18n.t("coverage.youth_rate_undefined", lang) in [c.value for c in at.caption]
    rates = as_read(at.dataframe[0])  # the rates by county: 0/0 there too
    assert set(rates[i18n.t("coverage.col.youth_rate", lang)]) == {"—"}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_total_above_the_list_is_a_message_in_the_language(
    lang, imported, tmp_path, monkeypatch
) -> None:
    at = _app(imported, lang, "selection.py", None, tmp_path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("18" in e and ("1,000" in e or "1000" in e) for e in errors), errors
    assert all(bool(CJK.search(e)) == (lang == "zh") for e in errors), errors


def test_a_community_named_in_markdown_is_shown_as_typed_on_the_scoring_page(
    layers, tmp_path, monkeypatch
) -> None:
    """The scoring page's explanation named the picked community in a caption as Markdown:
    **粗体** came out bold, [链接](http://x) a live link, $x^2$ a formula."""
    from markdown_it import MarkdownIt

    comm = layers.communities
    rows = comm[comm["city_code"] == "4401"].iloc[::100].head(5)
    name = "**粗体**社区 [链接](http://x) $x^2$"
    table = rows[["id", "name", "lon", "lat", "population", "youth"]].assign(name=name)
    path = tmp_path / "md.csv"
    table.to_csv(path, index=False)
    listed = io.import_layer(path, "communities").accept()
    at = _app(listed, "zh", "scoring.py", "4401", tmp_path, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    (caption,) = [c.value for c in at.caption if "**" in c.value or "粗体" in c.value]
    html = MarkdownIt("commonmark").render(caption)
    assert "<strong" not in html and "<a " not in html and "粗体" in html
