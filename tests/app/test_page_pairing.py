"""AppTest of the pairing page: capacity drives the load table, reasons and downloads show."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from tests._screen import map_frames

APP = "app.py"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _guangzhou_page(root) -> AppTest:
    """The pairing page at Guangzhou scope, run once."""
    at = AppTest.from_file(str(root / APP), default_timeout=180)
    at.session_state["scope_province"] = "44"
    at.session_state["scope_city"] = "4401"
    at.run()
    at.switch_page("pages/pairing.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["scope"].city_code == "4401"
    return at


@pytest.fixture(scope="module")
def guangzhou(root, tmp_path_factory):
    """The pairing page at Guangzhou scope, shared by the tests that set every widget they read."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("YOUTHMAP_HOME", str(tmp_path_factory.mktemp("home")))
        yield _guangzhou_page(root)


def _table(at, header_key, lang="zh"):
    """The table whose columns include the header of ``header_key`` (AppTest has no keys)."""
    header = i18n.t(header_key, lang)
    return next(df.value for df in at.dataframe if header in df.value.columns)


def _load(at, lang="zh"):
    frame = _table(at, "pairing.col.over", lang)
    return frame[i18n.t("pairing.col.assigned", lang)], frame[i18n.t("pairing.col.capacity", lang)]


def test_changing_capacity_changes_the_load_table_within_the_new_capacity(guangzhou):
    at = guangzhou
    at.radio(key="pair_method").set_value("optimal")
    at.number_input(key="pair_capacity").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    assigned, capacity = _load(at)
    assert (capacity == 1).all() and assigned.max() == 1
    [(title, one_each)] = map_frames(at)
    at.number_input(key="pair_capacity").set_value(8).run()
    assigned, capacity = _load(at)
    assert (assigned <= 8).all() and assigned.max() > 1 and (capacity == 8).all()
    [(_, up_to_eight)] = map_frames(at)
    assert title == "结对地图" and up_to_eight != one_each  # the map follows the new pairs


def test_distance_histogram_counts_every_pair_in_its_band(guangzhou):
    at = guangzhou
    at.number_input(key="pair_capacity").set_value(5).run()
    hist = _table(at, "pairing.col.band")
    counts = hist[i18n.t("pairing.histogram.count")]
    pairs = at.session_state["pairing_result"].pairs
    assert counts.sum() == len(pairs) > 0
    assert list(hist[i18n.t("pairing.col.band")])[0].endswith("km")


def test_with_no_pair_the_histogram_says_it_has_no_rows(guangzhou):
    """The XPCC's one community, 24 km from a campus, left the histogram's heading over
    an empty space."""
    at = guangzhou
    at.radio(key="pair_method").set_value("optimal")
    at.number_input(key="pair_capacity").set_value(0).run()  # no campus takes a community
    assert len(at.session_state["pairing_result"].pairs) == 0

    def flat(node):  # the page's elements in the order they are drawn
        kids = getattr(node, "children", None)
        return [node] if not kids else [e for k in sorted(kids) for e in flat(kids[k])]

    drawn = [(e.type, getattr(e, "value", None)) for e in flat(at.main)]
    after = drawn[drawn.index(("subheader", "结对距离分布")) + 1]
    assert after == ("caption", "（无数据）")
    at.number_input(key="pair_capacity").set_value(5).run()


def test_nearest_method_shows_overloaded_campuses(guangzhou):
    at = guangzhou
    at.number_input(key="pair_capacity").set_value(1)
    at.radio(key="pair_method").set_value("nearest").run()
    assert not at.exception, [e.value for e in at.exception]
    assigned, capacity = _load(at)
    assert assigned.max() > 1
    compare = _table(at, "pairing.col.figure").set_index(i18n.t("pairing.col.figure", "zh"))
    over = compare.loc[i18n.t("pairing.figure.campuses_over_capacity", "zh")]
    # figures are text in their unit on screen ("1,234", "95.49%")
    assert over[i18n.t("pairing.col.optimal", "zh")] == "0"
    assert int(over[i18n.t("pairing.col.nearest", "zh")].replace(",", "")) > 0


def test_english_page_names_unpaired_reasons_and_offers_downloads(root, monkeypatch, tmp_path):
    # The page on its own (AppTest formats the sidebar's options outside the session, in
    # Chinese, so an English app cannot re-run): national scope, the 3,000 most populous
    # communities, far more than their nearest campuses take at capacity 5.
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    at = AppTest.from_file(str(root / "pages" / "pairing.py"), default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "3,000 most populous" in at.info[-1].value
    unpaired = _table(at, "pairing.col.reason", "en")
    assert set(unpaired["Reason"]) <= {
        i18n.t(f"pairing.reason.{r}", "en")
        for r in ("no_campus_in_range", "too_few_in_range", "campuses_full")
    }
    assert "All in-range campuses are full" in set(unpaired["Reason"])
    cobuild = _table(at, "cobuild.col.units", "en")
    assert {"Community ID", "Schools", "Hospitals"} <= set(cobuild.columns)
    assert not [m for m in at.markdown if "⟦" in m.value]
    assert "Download offline map (HTML)" in [b.label for b in at.download_button]


@pytest.mark.parametrize(
    ("lang", "says", "never"),
    [
        ("zh", "高校校区：编号 {id} 出现不止一次", "appears more than once"),
        ("en", "campuses: id {id} appears more than once", "出现不止一次"),
    ],
)
def test_a_pairing_problem_is_shown_in_the_pages_language(
    root, monkeypatch, tmp_path, layers, lang, says, never
):
    # The library raises a message code; the page renders it in its own language (it
    # showed the library's English sentence on Chinese pages before).
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    campuses = layers.campuses
    twice = campuses.iloc[[0, 0, 1]].reset_index(drop=True)
    at = AppTest.from_file(str(root / "pages" / "pairing.py"), default_timeout=180)
    at.session_state["lang"] = lang
    at.session_state["replaced_layers"] = {"campuses": twice}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [error] = [e.value for e in at.error]
    shown = error.replace("\\", "")  # ui.state.plain escapes Markdown punctuation
    assert shown.startswith(i18n.t("pairing.error", lang, reason="")), shown
    assert says.format(id=campuses["id"].iloc[0]) in shown, shown
    assert never not in shown


def test_with_nothing_picked_the_page_pairs_the_saved_plan_less_its_exits(
    root, layers, tmp_path, monkeypatch
) -> None:
    """A committee pairing its filed communities: not Guangzhou's most populous thousands."""
    from tests._plans import saved_plan_home

    ids = saved_plan_home(layers, tmp_path, monkeypatch)
    at = _guangzhou_page(root)
    assert [i.value for i in at.info][0] == (
        "结对对象：已保存的方案“2026 全国第一批 \\<b\\>”中的 5 个社区（已退出的除外）；"
        "在“名额与遴选”页遴选后改为结对本次遴选。"
    )
    assert at.metric[0].label == "已结对社区"
    paired = int(at.metric[0].value.replace(",", ""))
    unpaired = int(at.metric[1].value.replace(",", ""))
    assert paired + unpaired == 5 and ids[0] not in str(at.dataframe[-1].value)


def test_a_failing_database_leaves_the_pairing_page_working(root, tmp_path, monkeypatch) -> None:
    """The page reads the saved plan on every run; the database down (a PostgreSQL restart)
    it pairs as it did before there were plans, and says so, instead of failing."""
    from geo import store
    from geo.core.errors import StoreError

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))

    def down(_db):
        raise StoreError("db_error", "the database is unreachable")

    monkeypatch.setattr(store, "list_plans", down)
    at = _guangzhou_page(root)
    assert at.info[0].value.startswith("尚未遴选试点社区，结对对象为范围内全部"), at.info[0].value


def test_a_saved_plans_campus_agreements_are_kept_and_can_be_switched_off(
    root, layers, tmp_path, monkeypatch
) -> None:
    """A next cycle's carried communities have their campuses: the page keeps the agreed
    pairs (even a campus in another province, which no pairing would choose), counts them,
    and pairs everything afresh when the switch is off. An agreement with a campus the
    layer lacks is said so, not kept."""
    from tests import _downloads
    from tests._plans import agree, saved_plan_home

    ids = saved_plan_home(layers, tmp_path, monkeypatch)
    far = str(layers.campuses.loc[layers.campuses["province_code"] == "31", "id"].iloc[0])
    agree(ids[1], far)
    agree(ids[2], "NO-SUCH-CAMPUS")
    with _downloads.capture() as offered:
        at = _guangzhou_page(root)
    (switch,) = [w for w in at.toggle if w.key == "pair_keep_agreed"]
    assert switch.value is True
    assert switch.label == (
        "保留已签共建协议的结对：1 个社区与高校校区的 1 份协议（方案“2026 全国第一批 \\<b\\>”）"
    )
    assert "另有 1 份协议的校区不在当前高校校区图层中，无法保留。" in [c.value for c in at.caption]
    assert "其中 1 对为保留的已签协议（表中“已有协议”列），其余 4 对为本次结对。" in [
        c.value for c in at.caption
    ]
    pairs = _table(at, "pairing.col.kept")
    row = pairs.loc[pairs["社区编号"] == ids[1]]
    assert row["校区编号"].tolist() == [far] and row["已有协议"].tolist() == [True]
    assert row["距离（米）"].item() > 100_000  # Shanghai from Guangzhou, kept whatever the distance
    assert row["距离排名"].isna().all()  # not ranked: an agreement, not a nearest campus
    # the pairs made now, not the agreement kept, offered as agreements to record
    (button,) = [b for b in at.download_button if b.key == "pair_agreements_template"]
    assert button.label == "下载共建协议导入表（本次结对 4 对）" and not button.disabled
    from geo.plan import records

    (made,) = [d for d in offered if d.key == "pair_agreements_template"]
    parsed = records.read_records(made.content(), "agreements", name=made.file_name)
    assert made.file_name == "结对共建协议导入表.xlsx"
    agreed = parsed.frame.sort_values("community_id")
    assert agreed["community_id"].tolist() == sorted(set(ids[1:6]) - {ids[1]})
    assert set(agreed["kind"]) == {"campus"} and far not in set(agreed["partner_id"])
    assert {p.code for p in parsed.errors} == {"missing"}  # the signing days, to fill in
    # an agreement beyond a capacity of none: kept, and the load table says why it is over
    at.number_input(key="pair_capacity").set_value(0).run()
    assert "1 个校区因已签协议超出容量：协议照旧保留，本次没有再给这些校区结对。" in [
        c.value for c in at.caption
    ]
    at.number_input(key="pair_capacity").set_value(5).run()
    (switch,) = [w for w in at.toggle if w.key == "pair_keep_agreed"]
    switch.set_value(False).run()
    assert not at.exception, [e.value for e in at.exception]
    pairs = _table(at, "pairing.col.kept")
    row = pairs.loc[pairs["社区编号"] == ids[1]]
    assert row["校区编号"].tolist() != [far] and not pairs["已有协议"].any()
