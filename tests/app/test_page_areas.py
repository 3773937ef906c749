"""AppTest: a province's own community list replaces only its area, is kept on the server
and is what a second session (the centre's) sees (issue 18)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.plan.auth import User
from geo.store import areas
from tests._paths import APP

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SC = User("sc", "province", "51")
CENTRE = User("centre", "central")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    db = store.open_store()
    store.create_user(db, "sc", "川青春2021!", "province", "51")
    store.create_user(db, "centre", "centre-password-2021", "central")
    yield db
    db.dispose()


CSV = (
    "id,name,province,city,district,county_code,lon,lat,population,youth,children,elderly\n"
    "CD-1,玉林社区,四川省,成都市,武侯区,510107,104.06,30.63,8000,2000,800,900\n"
    "CD-2,望江社区,四川省,成都市,锦江区,510104,104.09,30.63,7000,1800,700,800\n"
    "CD-3,府南社区,四川省,成都市,青羊区,510105,104.05,30.67,6500,1600,650,700\n"
    "GZ-1,天河社区,广东省,广州市,天河区,440106,113.36,23.13,9000,2500,900,1000\n"
)


def _session(user: User, page: str, province: str | None = None, city: str | None = None):
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["user"] = user
    if province:
        at.session_state["scope_region"] = "west"
        at.session_state["scope_province"] = province
        at.session_state["scope_city"] = city
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_a_citys_list_replaces_only_that_city_and_the_centre_sees_it(home, layers):
    c = layers.communities
    chengdu = c[c["county_code"].astype(str).str.startswith("5101")].head(2)
    picked = [*chengdu["id"], *c.loc[c["province_code"] == "44", "id"].head(1)]
    store.create_plan(home, CENTRE, "2021 全国第一批", c[c["id"].isin(picked)])
    at = _session(SC, "pages/data.py", "51", "5101")
    at.session_state["data_upload"] = {"name": "成都社区.csv", "data": CSV.encode()}
    at.run()
    # the list lacks the city's two planned communities: said before it is saved
    warned = " ".join(w.value for w in at.warning)
    assert "这份名单缺少成都市已保存方案中的 2 个社区" in warned, warned
    assert all(i.replace("-", r"\-") in warned for i in sorted(chengdu["id"]))
    # what the button replaces is counted against the city's communities, not only against
    # the session's whole layer (新增 4，移除 110,000 was all it said)
    city = int(layers.communities["county_code"].astype(str).str.startswith("5101").sum())
    captions = " ".join(c.value for c in at.caption)
    assert f"与成都市现有的 {city:,} 个社区相比" in captions, captions
    assert "名单中另有 1 行不在成都市" in captions
    whole = f"{len(layers.communities):,}"
    assert [m.value for m in at.metric] == ["3", f"{city:,}", "0", "0", "4", whole, "0", "0"]
    at.button(key="area_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("成都市的 3 个社区" in s.value for s in at.success)
    assert any("1 行不在成都市" in i.value for i in at.info)

    stored = areas.area_layers(home, "communities")
    assert [(a.area_code, a.rows, a.uploaded_by) for a in stored] == [("5101", 3, "sc")]
    merged = areas.merge_areas(layers.communities, stored)
    county = merged["county_code"].astype(str)
    base = layers.communities["county_code"].astype(str)
    assert sorted(merged.loc[county.str.startswith("5101"), "id"]) == ["CD-1", "CD-2", "CD-3"]
    assert (county.str.startswith("44")).sum() == (base.str.startswith("44")).sum()
    assert len(merged) == len(layers.communities) - base.str.startswith("5101").sum() + 3

    centre = _session(CENTRE, "pages/overview.py")  # a second session, another account
    shown = {m.label: m.value for m in centre.metric}
    assert shown["社区"].replace(",", "") == str(len(merged))


def _shell(user: User, province: str, city: str | None) -> AppTest:
    """The app's first run on a city's scope: the shell's notices (AppTest runs app.py only
    then), with the area lists as they are now."""
    from ui import state

    state.forget_area_token()  # the lists just saved, not the ones read a moment ago
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.session_state["user"] = user
    at.session_state["scope_region"] = "west"
    at.session_state["scope_province"] = province
    at.session_state["scope_city"] = city
    at.run()
    assert not at.exception
    return at


def _notice(user: User, city: str | None) -> str:
    """The simulated-data notice of the shell on 新疆 (and the city ``city``)."""
    return " ".join(i.value for i in _shell(user, "65", city).info if "模拟数据" in i.value)


def test_the_xpccs_cities_are_the_xpccs_own_area_not_xinjiangs(home, layers):
    """The XPCC files on its own line: Xinjiang's account could replace the XPCC's cities'
    communities (6590…) and Xinjiang's own list replaced them; the XPCC's account could not
    keep its own list at all."""
    import pandas as pd

    from geo.core.errors import PermissionDenied

    xj, bt = User("xj", "province", "65"), User("bt", "province", "XPCC")
    store.create_user(home, "xj", "新疆青春2021!", "province", "65")
    store.create_user(home, "bt", "兵团青春2021!", "province", "XPCC")
    rows = pd.DataFrame(
        {
            "id": ["XJ-1", "BT-1"],
            "name": ["乌鲁木齐社区", "石河子社区"],
            "county_code": ["650102", "659001"],
            "lon": [87.6, 86.05],
            "lat": [43.8, 44.3],
            "population": [8000, 6000],
        }
    )
    with pytest.raises(PermissionDenied):
        areas.save_area_layer(home, xj, "communities", "6590", rows, "兵团.csv")
    assert areas.save_area_layer(home, xj, "communities", "65", rows, "新疆.csv") == (1, 1)
    # Xinjiang's list is not the XPCC's: on its cities, and on Xinjiang's whole scope, which
    # holds them, the embedded (simulated) communities are still shown
    assert "社区" in _notice(bt, "6590") and "社区" in _notice(xj, None)
    assert areas.save_area_layer(home, bt, "communities", "6590", rows, "兵团.csv") == (1, 1)
    assert "社区" not in _notice(bt, "6590") and "社区" not in _notice(xj, None)
    stored = {a.area_code: a for a in areas.area_layers(home, "communities")}
    assert stored["65"].frame["id"].tolist() == ["XJ-1"]
    merged = areas.merge_areas(layers.communities, [stored["65"]])  # Xinjiang's list alone
    county = merged["county_code"].astype(str)
    base = layers.communities["county_code"].astype(str)
    assert (county.str.startswith("6590")).sum() == (base.str.startswith("6590")).sum() > 0
    assert merged.loc[
        county.str.startswith("65") & ~county.str.startswith("6590"), "id"
    ].tolist() == ["XJ-1"]


@pytest.mark.slow
def test_a_file_of_simulated_rows_is_not_kept_as_an_areas_real_list(home):
    """Every page names an area's own list as real (非模拟); ``youthmap demo``'s file, whose
    rows say 模拟数据 是, once became one. It is refused with a sentence, nothing stored;
    the same rows marked 否 are kept."""
    simulated = CSV.replace("elderly\n", "elderly,模拟数据\n").replace("\n", ",是\n")
    simulated = simulated.replace("模拟数据,是\n", "模拟数据\n", 1)
    at = _session(SC, "pages/data.py", "51", "5101")
    at.session_state["data_upload"] = {"name": "demo.csv", "data": simulated.encode()}
    at.run()
    at.button(key="area_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "demo\\.csv：有 3 行标为模拟数据：自有社区名单须是真实社区，未保存任何内容"
    ]
    assert areas.area_layers(home, "communities") == []
    at.session_state["data_upload"] = {
        "name": "real.csv",
        "data": simulated.replace(",是", ",否").encode(),
    }
    at.run()
    at.button(key="area_save").click().run()
    assert [a.rows for a in areas.area_layers(home, "communities")] == [3]


@pytest.mark.slow
def test_exports_of_an_area_list_name_it_and_carry_no_simulated_note(home, layers):
    """A city's own list, saved on the server: on the city's scope the general simulated
    notice no longer names the communities (its real rows are listed) beside the area
    notice; the signable 备案表 of a part picked from it names the list (file, uploader)
    and has no simulated-data line."""
    import io

    import openpyxl
    import pandas as pd

    from geo.store import parts
    from tests import _downloads

    table = pd.read_csv(io.StringIO(CSV), dtype=str)
    areas.save_area_layer(home, SC, "communities", "5101", table, "成都社区.csv")
    at = _shell(SC, "51", "5101")  # the shell's notices
    assert [i.value for i in at.info] == [
        "注意：青年之家、驻区单位图层为模拟数据（种子 2021），仅用于演示；请在“数据导入”页导入真实名单。"
    ]
    assert "以下地区使用本地上传的真实社区名单（非模拟）：成都市。" in [c.value for c in at.caption]
    # the city's own list is what its scope shows (its rows get the codes the scope filters on)
    assert {m.label: m.value for m in at.metric}["社区"] == "3"
    parts.save_part(
        home,
        SC,
        "2021 全国第一批",
        table[table["county_code"].str.startswith("51")].assign(score=0.5, rank=[1, 2, 3]),
    )
    with _downloads.capture() as found:
        at = _session(SC, "pages/management.py", "51", "5101")
        form = next(d for d in found if d.file_name == "备案表-四川省.xlsx")
        ws = openpyxl.load_workbook(io.BytesIO(form.content()))["备案表"]
    line = ws["A3"].value or ""
    assert "成都市自有的真实名单（文件 成都社区.csv，sc 于" in line, line
    assert "模拟" not in line.replace("非模拟", "")


def _area_token_script() -> None:
    import streamlit as st

    from ui import state

    st.session_state["token"] = state.area_token()


def test_the_area_lists_identity_is_read_once_a_period_and_afresh_in_the_next(home, monkeypatch):
    """Every page run asks which areas have their own list: one read of the database per
    period of ``AREA_TOKEN_SECONDS``, and a list saved by another session shows from the next
    period on. (The period is part of the cache key, not a ``ttl``: Streamlit's TTL cache let
    an entry expiring between its two age tests raise KeyError into a page.)"""
    import io
    import types

    import pandas as pd

    from ui import state

    clock = [1_000_000.0]
    monkeypatch.setattr(state, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
    at = AppTest.from_function(_area_token_script, default_timeout=60).run()
    assert not at.exception and at.session_state["token"] == ()

    table = pd.read_csv(io.StringIO(CSV), dtype=str)
    areas.save_area_layer(home, SC, "communities", "5101", table, "成都社区.csv")
    clock[0] += state.AREA_TOKEN_SECONDS / 2
    assert at.run().session_state["token"] == ()  # same period: not read again

    clock[0] += state.AREA_TOKEN_SECONDS / 2
    token = at.run().session_state["token"]
    assert not at.exception
    assert (
        [code for code, _ in token]
        == ["5101"]
        == [c for c, _ in areas.area_token(home, "communities")]
    )


@pytest.mark.slow
def test_a_plan_picked_from_a_citys_own_list_is_placed_on_every_progress_map(
    home, layers, tmp_path, monkeypatch
):
    """A plan's communities were placed by the embedded layer's coordinates on the progress
    page's map and the monthly report's and the evaluation's slides: a city's own list's
    communities (ids the embedded layer lacks) were left off every map. They are placed
    where every other page places them: the embedded layer with the stored lists."""
    import io

    import pandas as pd

    from geo.cli import _common, main
    from geo.export import records as er
    from ui import records as ui_records

    table = pd.read_csv(io.StringIO(CSV), dtype={"id": str, "county_code": str})  # as read
    areas.save_area_layer(home, SC, "communities", "5101", table, "成都社区.csv")
    shared = areas.shared_layer(home, layers.communities)
    picked = shared[shared["id"].isin(["CD-1", "CD-2", "CD-3"])]
    assert len(picked) == 3
    store.create_plan(home, CENTRE, "2021 全国第一批", picked[["id", "name", "county_code"]])
    expected = {"CD-1": (104.06, 30.63), "CD-2": (104.09, 30.63), "CD-3": (104.05, 30.67)}

    def placed(frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
        located = frame.dropna(subset=["lon", "lat"])
        return {r.community_id: (r.lon, r.lat) for r in located.itertuples()}

    where = _common.plan_coordinates(home)  # the command line's report and evaluation decks
    assert placed(where[where["community_id"].str.startswith("CD-")]) == expected
    assert len(where) == len(shared) and where["community_id"].is_unique

    drawn: list[pd.DataFrame] = []
    real_map = ui_records.progress_map
    monkeypatch.setattr(
        ui_records,
        "progress_map",
        lambda prog, *a, **k: drawn.append(prog) or real_map(prog, *a, **k),
    )
    from ui import state

    state.forget_area_token()
    _session(SC, "pages/progress.py", "51", "5101")
    assert drawn and placed(drawn[-1]) == expected

    decks: list[pd.DataFrame] = []
    real_deck = er.report_pptx
    monkeypatch.setattr(er, "report_pptx", lambda *a, **k: decks.append(a[5]) or real_deck(*a, **k))
    out = tmp_path / "月报.pptx"
    assert (
        main(["progress", "--plan", "2021 全国第一批", "--province", "51", "--out", str(out)]) == 0
    )
    assert out.stat().st_size > 0 and placed(decks[-1]) == expected


def test_an_id_an_areas_list_reuses_places_its_community_once(home, layers):
    """A city's own list may use an id the embedded layer has elsewhere (another province's
    community): the progress page and the decks then looked the id up twice, and the merge
    counted the community twice. Each id is placed once, by the area's own row."""
    import io

    import pandas as pd

    from geo.cli import _common
    from ui import state

    reused = layers.communities.loc[layers.communities["province_code"] == "44", "id"].iloc[0]
    table = pd.read_csv(io.StringIO(CSV), dtype={"id": str, "county_code": str})
    table.loc[0, "id"] = reused  # 玉林社区, in Chengdu, under a Guangdong community's id
    areas.save_area_layer(home, SC, "communities", "5101", table, "成都社区.csv")
    shared = areas.shared_layer(home, layers.communities)
    assert (shared["id"] == reused).sum() == 2
    where = _common.plan_coordinates(home).set_index("community_id")
    assert where.index.is_unique and tuple(where.loc[reused]) == (104.06, 30.63)
    picked = shared[shared["id"].isin([reused, "CD-2", "CD-3"])].drop_duplicates("id", keep="last")
    store.create_plan(home, CENTRE, "2021 全国第一批", picked[["id", "name", "county_code"]])
    state.forget_area_token()
    at = _session(SC, "pages/progress.py", "51", "5101")
    assert {m.label: m.value for m in at.metric}["行动社区"] == "3"


def test_a_list_reusing_ids_of_another_areas_list_is_refused(home):
    """Two cities numbering their communities 1, 2, 3 … made one id name two communities (a
    plan holds a community by its id). The second list is refused, naming the ids and the
    area that has them; a city may repeat its own province's ids."""
    import io

    import pandas as pd

    from geo import i18n
    from geo.core.errors import InputError

    table = pd.read_csv(io.StringIO(CSV), dtype={"id": str, "county_code": str})
    chengdu = table[table["county_code"].str.startswith("5101")].assign(id=["1", "2", "3"])
    areas.save_area_layer(home, CENTRE, "communities", "5101", chengdu, "成都.csv")
    guangzhou = table[table["county_code"].str.startswith("4401")].assign(id="2")
    with pytest.raises(InputError) as exc:
        areas.save_area_layer(home, CENTRE, "communities", "4401", guangzhou, "广州.csv")
    (problem,) = exc.value.problems
    assert (problem.code, problem.column, problem.file) == ("duplicate", "id", "广州.csv")
    text = i18n.problems_text(exc.value.problems, "zh")
    assert "有 1 个社区编号已用于地区 5101 的自有名单（2）" in text, text
    assert [a.area_code for a in areas.area_layers(home, "communities")] == ["5101"]
    xj = table.iloc[:1].assign(id="X-1", county_code="650102", province="新疆维吾尔自治区")
    areas.save_area_layer(home, CENTRE, "communities", "65", xj, "新疆.csv")
    xpcc = xj.assign(county_code="659001", province="新疆生产建设兵团")  # the XPCC: its own
    with pytest.raises(InputError):  # area, not inside Xinjiang's
        areas.save_area_layer(home, CENTRE, "communities", "6590", xpcc, "兵团.csv")
    areas.save_area_layer(home, CENTRE, "communities", "51", chengdu, "四川.csv")  # its province
    areas.save_area_layer(
        home, CENTRE, "communities", "4401", guangzhou.assign(id="GZ-2"), "广州.csv"
    )
    assert len(areas.area_layers(home, "communities")) == 4  # 成都, 四川, 新疆, 广州


@pytest.mark.slow
def test_a_provinces_own_list_changes_no_units_quota(home, layers):
    """Sichuan's own list of its candidate communities replaces its candidates, not its share
    of the national total: the centre's quota table is the one the embedded layer gives,
    every unit's (a list of 400 candidates took Sichuan from 53 of 1,000 to 4 and gave its
    places to the other units). The apportionment by urban population reads the embedded
    communities, whose population adds up to each county's 2020 urban population."""
    from geo.analysis import quota

    c = layers.communities
    expected = quota.national_quotas(quota.unit_bases(c), quota.DEFAULT_TOTAL)
    expected = expected.set_index("unit")["quota"]
    assert expected["51"] > 40
    sichuan = c[c["province_code"] == "51"].head(30)
    sichuan = sichuan.drop(columns=["geometry", "simulated"], errors="ignore")
    assert areas.save_area_layer(home, SC, "communities", "51", sichuan, "四川社区.csv")[0] == 30
    at = _session(CENTRE, "pages/selection.py")
    got = at.session_state["selection_final"].quotas.set_index("unit")["quota"]
    assert got.loc[expected.index].tolist() == expected.tolist()


def test_the_data_page_does_not_call_a_provinces_own_list_simulated(home, layers):
    """With Sichuan's own list saved, the data page said the communities layer it holds was
    模拟数据 (当前图层：社区 104,599 行（模拟数据）), where the other pages name Sichuan's list as
    real: it says the layer is simulated but for that list, and counts the rows it holds."""
    c = layers.communities
    sichuan = c[c["province_code"] == "51"].head(30)
    sichuan = sichuan.drop(columns=["geometry", "simulated"], errors="ignore")
    areas.save_area_layer(home, SC, "communities", "51", sichuan, "四川社区.csv")
    n = len(c) - int((c["province_code"] == "51").sum()) + 30
    at = _session(SC, "pages/data.py", "51")
    captions = [x.value for x in at.caption]
    assert f"当前图层：社区 {n:,} 行（模拟数据，四川省为本地上传的真实名单）" in captions
