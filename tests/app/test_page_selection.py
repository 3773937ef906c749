"""AppTest of the selection page: totals add up, a lock lands in the list, the filing table downloads."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Offered(dict):
    """File name → bytes; a file built on click (a callable) is built when read."""

    def __getitem__(self, name: str) -> bytes:
        value = super().__getitem__(name)
        return value() if callable(value) else value


@pytest.fixture
def offered(monkeypatch):
    """Every file the page offers for download: {file name: bytes}."""
    files = _Offered()
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name:
            files[file_name] = data_callable
        return original_deferred(
            self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs
        )

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def open_page(root, **session) -> AppTest:
    """The selection page opened with ``session`` (scope, language) set before its first run."""
    at = AppTest.from_file(str(root / "app.py"), default_timeout=180)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/selection.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def page(root):
    """One Guangdong selection page for the module."""
    return open_page(root, scope_region="east", scope_province="44")


@pytest.fixture
def at(page):
    """The shared page, put back as it was (no manual changes, automatic splits) afterwards."""
    yield page
    page.button(key="sel_clear").click().run()
    for key in ("q_region_manual", "q_by_city"):
        page.checkbox(key=key).uncheck()
    page.text_input(key="sel_ids").input("")
    page.text_input(key="sel_find").input("")
    page.text_input(key="sel_reason").input("")
    page.session_state["sel_map"] = {}  # no map click
    page.run()
    assert not page.session_state["sel_changes"]


def _outsider(at) -> str:
    """A Guangdong community the automatic pick left out (from the candidates table)."""
    final = at.session_state["selection_final"]
    frame = [d.value for d in at.dataframe if "编号" in d.value.columns][0]
    return next(i for i in frame["编号"] if i not in set(final.ids))


def test_quota_totals_add_up_and_the_page_says_so(at):
    assert any("合计一致" in s.value for s in at.success)
    final = at.session_state["selection_final"]
    assert len(final.ids) <= 1000 and int(final.quotas["quota"].sum()) == 1000


def test_quota_table_shows_shares_as_percentages_and_bases_with_separators(at):
    (editor,) = [d for d in at.data_editor if "分配依据值" in d.value.columns]
    config = {k: v.get("type_config") for k, v in json.loads(editor.proto.columns).items()}
    # percentage points with two decimals in every row: 2.13% above 1.80% (Streamlit's
    # "percent" trims each value on its own: 1.8%); the quota table's shares add up to 100
    assert config["占比"] == {"type": "number", "format": "%.2f%%"}
    assert editor.value["占比"].sum() == pytest.approx(100.0)
    assert config["分配依据值"] == {"type": "number", "format": "%,d"}


@pytest.mark.slow
def test_locking_a_community_puts_it_in_the_chosen_list_with_its_reason(at):
    cid = _outsider(at)
    at.text_input(key="sel_ids").input(cid).run()
    at.button(key="sel_lock").click().run()
    assert at.error, "a lock without a reason must be refused"
    assert cid not in at.session_state["selection_final"].ids
    at.text_input(key="sel_reason").input("街道党工委推荐").run()
    at.button(key="sel_lock").click().run()
    assert not at.exception, [e.value for e in at.exception]
    final = at.session_state["selection_final"]
    assert cid in final.ids
    assert final.chosen.set_index("id").at[cid, "locked"]
    diff = [d.value for d in at.dataframe if "理由" in d.value.columns][0]
    assert "街道党工委推荐" in diff.set_index("编号").at[cid, "理由"]


@pytest.mark.slow
def test_a_community_far_down_the_table_is_found_by_name_and_locked(at):
    """The candidates table lists the scope's first 300 by score: a committee could lock
    any other community only by typing its id. It is now found by the words of its name and
    county, picked among the matches and locked."""
    from geo import dataset

    final = at.session_state["selection_final"]
    table = next(d.value for d in at.dataframe if "编号" in d.value.columns)
    comm = dataset.load_layers().communities
    gd = comm.loc[comm["province_code"] == "44"]
    far = gd.loc[~gd["id"].isin(set(table["编号"]) | set(final.ids))].iloc[0]
    at.text_input(key="sel_find").input(f"{far['district']}  {far['name']}").run()
    assert not at.exception, [e.value for e in at.exception]
    (pick,) = [m for m in at.multiselect if m.key.startswith("sel_find_pick:")]
    assert pick.label.startswith("找到 ") and pick.label.endswith("：勾选后锁定或排除")
    label = next(o for o in pick.options if o.endswith(far["id"]))
    assert label == f"{far['name']} · {far['district']} · {far['id']}"
    pick.select(far["id"]).run()
    at.text_input(key="sel_reason").input("街道党工委推荐").run()
    at.button(key="sel_lock").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert far["id"] in at.session_state["selection_final"].ids
    assert at.text_input(key="sel_find").value == ""  # the search went with the lock
    # words nothing matches say so
    at.text_input(key="sel_find").input("没有这样的社区").run()
    assert any("没有社区的名称" in i.value for i in at.info)
    assert not [m for m in at.multiselect if m.key.startswith("sel_find_pick:")]


@pytest.mark.slow
def test_the_english_page_finds_a_community_by_its_countys_english_name(root):
    at = open_page(root, lang="en", scope_region="east", scope_province="44")
    at.text_input(key="sel_find").input("Guangzhou tianhe 天园街道第6").run()
    assert not at.exception, [e.value for e in at.exception]
    (pick,) = [m for m in at.multiselect if m.key.startswith("sel_find_pick:")]
    assert pick.label == f"Communities found: {len(pick.options)}; pick them to lock or exclude"
    assert any(o.startswith("天园街道第6社区 · Tianhe District · C4401") for o in pick.options)


@pytest.mark.slow
def test_a_lock_that_breaks_a_constraint_is_listed_in_the_pages_language(at):
    """The library's violations (codes and English details) reach the page translated."""
    cid = _outsider(at)
    at.number_input(key="c_campus").set_value(0.01).run()  # a campus within 10 m
    try:
        at.text_input(key="sel_ids").input(cid)
        at.text_input(key="sel_reason").input("街道党工委推荐").run()
        at.button(key="sel_lock").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert cid in at.session_state["selection_final"].ids
        shown = next(d.value for d in at.dataframe if "说明" in d.value.columns)
        assert list(shown.columns) == ["编号", "名称", "不满足条件", "说明"]
        assert shown.values.tolist()[0][0] == cid
        assert shown.values.tolist()[0][2:] == ["附近须有高校校区", "10 米内没有高校校区"]
        short = next(w.value for w in at.warning if "未能用满名额" in w.value)
        assert "广东省（缺 " in short and "北京市（缺 " in short and "44 (" not in short
    finally:
        at.number_input(key="c_campus").set_value(0.0).run()


def test_filing_table_download_reads_back_with_openpyxl(at, offered):
    at.run()  # offer the files again while the recorder listens
    labels = [b.label for b in at.download_button]
    assert "下载备案表（XLSX）" in labels
    wb = openpyxl.load_workbook(io.BytesIO(offered["备案表.xlsx"]))
    ws = wb["备案表"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["序号", "省份", "城市", "区县", "区县代码", "街道", "社区名称"]
    codes = {ws.cell(r, 5).value for r in range(2, ws.max_row + 1)}
    assert {str(c)[:2] for c in codes} == {"44"}  # each row's county, so it imports as a plan
    ids = {ws.cell(r, header.index("社区编号") + 1).value for r in range(2, ws.max_row + 1)}
    final = at.session_state["selection_final"]
    guangdong = set(final.chosen.loc[final.chosen["province_code"] == "44", "id"])
    assert ids == guangdong and len(ids) > 0
    assert {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)} == {"广东省"}
    partners = [ws.cell(r, header.index("结对高校") + 1).value for r in range(2, ws.max_row + 1)]
    assert any(partners), "Guangdong's chosen communities get partner campuses from the pairing"


@pytest.mark.slow
def test_a_regional_split_set_by_hand_is_respected(at):
    from geo.core import regions

    at.checkbox(key="q_region_manual").check().run()
    for r, n in (("east", 450), ("central", 330), ("west", 220)):
        at.number_input(key=f"q_region_{r}").set_value(n)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    q = at.session_state["selection_final"].quotas
    region = q["unit"].map(lambda u: "west" if u == regions.XPCC_KEY else regions.region_of(u))
    assert q.groupby(region)["quota"].sum().to_dict() == {"central": 330, "east": 450, "west": 220}


def test_a_province_can_pick_within_its_cities_quotas(at):
    province_quota = int(
        at.session_state["selection_final"].quotas.set_index("unit").at["44", "quota"]
    )
    at.checkbox(key="q_by_city").check().run()
    assert not at.exception, [e.value for e in at.exception]
    q = at.session_state["selection_final"].quotas
    assert q["unit"].str.startswith("44").all() and int(q["quota"].sum()) == province_quota
    assert (q["chosen"] <= q["quota"]).all()
    assert int(q.loc[q["unit"].isin(["4401", "4403"]), "quota"].sum()) >= round(
        province_quota * 0.5
    )


@pytest.mark.slow
def test_filing_takes_partners_and_co_building_from_the_pairing_page(at, offered):
    from geo import i18n
    from geo.export import filing

    final = at.session_state["selection_final"]
    guangdong = set(final.chosen.loc[final.chosen["province_code"] == "44", "id"])
    at.switch_page("pages/pairing.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # the pairing page pairs exactly the session's chosen list (in scope)
    assert i18n.t("pairing.source.selection", "zh", n=len(guangdong)) in [i.value for i in at.info]
    at.number_input(key="pair_per").set_value(2).run()
    assert not at.exception, [e.value for e in at.exception]
    res = at.session_state["pairing_result"]
    covered = set(res.pairs["community_id"]) | set(res.unpaired["community_id"])
    assert covered == guangdong
    at.switch_page("pages/selection.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("结对高校" in c.value and "高校结对" in c.value for c in at.caption)
    book = openpyxl.load_workbook(io.BytesIO(offered["备案表.xlsx"]))
    ws = book["备案表"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("社区编号", "结对高校", "共建驻区单位")}
    rows = range(2, ws.max_row + 1)
    partner = {ws.cell(r, col["社区编号"]).value: ws.cell(r, col["结对高校"]).value for r in rows}
    expected = filing.partner_names(res.pairs)
    assert set(partner) == guangdong
    assert all((partner[i] or "") == expected.get(i, "") for i in partner)
    # two campuses per community, as set on the pairing page (the default pairing gives one)
    assert sum("、" in (p or "") for p in partner.values()) >= len(guangdong) // 2
    assert any(ws.cell(r, col["共建驻区单位"]).value for r in rows)
    assert book["共建单位"].max_row == len(guangdong) + 1


@pytest.mark.slow
def test_manual_quota_moves_rebalance_the_rest_and_still_add_up(at):
    from geo import i18n

    # AppTest cannot type into st.data_editor; the edits land in these session keys
    at.session_state["q_overrides"] = {"44": 120}
    at.session_state["q_city_overrides"] = {"4403": 30}
    at.checkbox(key="q_by_city").check().run()
    assert not at.exception, [e.value for e in at.exception]
    city = at.session_state["selection_final"].quotas.set_index("unit")["quota"]
    assert city["4403"] == 30 and int(city.sum()) == 120
    ok = i18n.t("selection.totals_ok", "zh", sum=120, total=120)
    assert ok in [s.value for s in at.success]
    assert i18n.t("selection.totals_ok", "zh", sum=1000, total=1000) in [
        s.value for s in at.success
    ]
    editor = [d.value for d in at.data_editor if "重点城市" in d.value.columns][0]
    row = editor.set_index("单位").loc["4403"]
    assert row["名额"] == 30 and row["人工调整"]
    # the national table re-balanced around Guangdong's 120 and says so
    national = [d.value for d in at.data_editor if "分配依据值" in d.value.columns][0]
    assert national.set_index("单位").at["44", "名额"] == 120 and national["名额"].sum() == 1000
    at.button(key="q_city_reset").click().run()
    at.button(key="q_reset").click().run()
    assert at.session_state["q_overrides"] == {} and at.session_state["q_city_overrides"] == {}


def test_quota_city_quota_and_candidate_tables_download_as_excel(at):
    keys = {b.key for b in at.download_button}
    assert {"dl_quota_xlsx", "dl_city_quota_xlsx", "q_region_auto_xlsx", "cand_table_xlsx"} <= keys
    assert "sel_map_html" in keys


def test_a_click_on_the_map_names_the_nearest_community_to_lock(at):
    [frame] = at.get("bidi_component")
    data = json.loads(frame.proto.json)
    assert data["title"] == "入选社区地图" and data["height"] == 520
    assert "youthmap:click" in data["page"]  # the map tells the component where it was clicked
    assert not [c for c in at.caption if "地图选中" in c.value]
    view = at.session_state["selection_final"].chosen
    target = view[view["province_code"] == "44"].iloc[0]
    # what the component sets when the map posts a click (checked in the browser test)
    at.session_state["sel_map"] = {"last_clicked": {"lat": target["lat"], "lng": target["lon"]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [picked] = [c.value for c in at.caption if "地图选中" in c.value]
    assert f"（{target['id']}），距点击处 0 米" in picked


@pytest.mark.slow
def test_english_city_quota_table_names_the_cities_in_english(root, tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))  # no draft of another test's scope
    at = open_page(root, lang="en", scope_province="51")
    (cities,) = [d.value for d in at.data_editor if "City" in d.value.columns]
    assert dict(zip(cities["Unit"].astype(str), cities["City"], strict=True))["5101"] == "Chengdu"
    assert not cities["City"].str.contains("市").any(), cities["City"].tolist()


@pytest.mark.slow
def test_xinjiangs_city_split_leaves_the_xpcc_out_and_the_xpccs_scope_picks_for_it(
    root, tmp_path, monkeypatch
):
    """The XPCC files on its own line: Xinjiang's city quotas once counted the XPCC's cities
    (新疆生产建设兵团, 6590) and gave them part of Xinjiang's quota. On the XPCC's own scope
    the page names that scope and picks within the XPCC's quota, not split among cities."""
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    at = open_page(root, scope_region="west", scope_province="65")
    (cities,) = [d.value for d in at.data_editor if "城市" in d.value.columns]
    quotas = at.session_state["selection_final"].quotas.set_index("unit")["quota"]
    assert "6590" not in set(cities["单位"].astype(str)) and int(cities["名额"].sum()) == int(
        quotas["65"]
    )
    at.checkbox(key="q_by_city").check().run()
    picked = at.session_state["selection_final"].quotas
    assert not picked["unit"].astype(str).eq("6590").any()
    assert int(picked["quota"].sum()) == int(quotas["65"])

    at = open_page(root, scope_region="west", scope_province="65", scope_city="6590")
    assert any("范围：新疆维吾尔自治区 · 新疆生产建设兵团" in c.value for c in at.caption)
    assert not [d for d in at.data_editor if "城市" in d.value.columns]  # one line, no split
    xpcc = int(at.session_state["selection_final"].quotas.set_index("unit").at["XPCC", "quota"])
    assert f"新疆生产建设兵团的名额（{xpcc} 个）作为一行分配，不再分到各师市。" in [
        c.value for c in at.caption
    ]
    # the part saved from here is the XPCC's, not Xinjiang's
    assert "**新疆生产建设兵团的方案部分**" in [m.value for m in at.markdown]


@pytest.mark.slow
def test_the_filing_tables_default_pairing_keeps_the_agreements_on_record(
    root, layers, tmp_path, monkeypatch, offered
):
    """A community with a campus agreement in the saved plan (a next cycle's carried one)
    was given the nearest campus in the filing table's 结对高校 when the pairing page was not
    visited; it keeps its agreed campus, even in another province."""
    from geo.core.layers import campus_names
    from tests._plans import agree, saved_plan_home

    ids = saved_plan_home(layers, tmp_path, monkeypatch)
    campuses = layers.campuses
    far = campuses.loc[campuses["province_code"] == "31"].head(1)
    agree(ids[1], str(far["id"].item()))
    at = open_page(root, scope_region="east", scope_province="44")
    at.text_input(key="sel_ids").input(ids[1])
    at.text_input(key="sel_reason").input("上一周期延续").run()
    at.button(key="sel_lock").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert ids[1] in at.session_state["selection_final"].ids
    assert "已签共建协议的 1 对结对照旧保留，计入校区容量；其余社区按默认参数结对。" in [
        c.value for c in at.caption
    ]
    ws = openpyxl.load_workbook(io.BytesIO(offered["备案表.xlsx"]))["备案表"]
    header = [c.value for c in ws[1]]
    col = {h: header.index(h) + 1 for h in ("社区编号", "结对高校")}
    partner = {
        ws.cell(r, col["社区编号"]).value: ws.cell(r, col["结对高校"]).value
        for r in range(2, ws.max_row + 1)
    }
    assert partner[ids[1]] == campus_names(far).item()
