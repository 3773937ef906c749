"""The 备案表 as a form a committee signs, and reading it back as a plan.

:func:`form_xlsx` lays the filing table (:func:`geo.export.filing.filing_table`, Chinese headers)
out as the form the centre collects: the title 社区青春行动实施社区备案表 on top, a line with
填报单位, 填报日期, 联系人 and 电话, then the table with a bold, filled, frozen header row,
a 区县代码 column beside the county's name (so the form reads back as a plan), a reason
wherever no campus was paired, and, only when simulated rows are listed, a note saying so.
Printing is set up for A4 landscape, one page wide, the print area the title down to the
table's last row, every cell of the table ruled, the title and header rows repeated on every
page, and in the footer 第 N 页，共 M 页 and the line to stamp and sign on (:data:`SIGN_LINE`). The weights sheet (权重) has Chinese headers.

:func:`read_form` reads such a file (or any sheet whose header row holds 社区编号, 社区名称
and 区县代码, such as the 备案表 ``youthmap select --filing`` writes, or their English
headers Community ID, Community and County code) back into a chosen list (``id``,
``name``, ``county_code``, ``score``, ``rank``) with the ids as written, for :func:`geo.store.parts.save_part` or
:func:`geo.store.create_plan`; a bad row is reported with its sheet row and column.
"""

from __future__ import annotations

import datetime as dt
import io as _io
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from geo import i18n
from geo.core import cells, layers, regions
from geo.core.errors import InputError, Problem
from geo.export.filing import FILING_COLUMNS

TITLE = "社区青春行动实施社区备案表"
SHEET = "备案表"
WEIGHTS_SHEET = "权重"
HEADER_ROW = 4
"""Sheet row of the table's header (title, unit line and note rows above it)."""
COUNTY_CODE = "区县代码"
NO_PARTNER = "未结对：未运行高校结对，或附近无可结对高校校区"
NO_CAMPUS_LAYER = "未结对：未载入高校校区图层"
NO_LOCATION = "未结对：社区无坐标，无法计算距离"
SIMULATED_NOTE = "说明：本表含模拟社区（演示数据），不得作为正式备案依据。"
SIGN_LINE = "填报单位（盖章）：＿＿＿＿＿＿＿＿＿＿    负责人（签字）：＿＿＿＿＿＿＿＿"
"""The line the form is stamped and signed on: the PDF's under its table on the last page,
the XLSX's in the footer of every printed page."""
WIDTHS = {
    "序号": 6,
    "社区名称": 22,
    "社区编号": 15,
    "推荐理由": 40,
    "结对高校": 28,
    "青年之家情况": 22,
}
WEIGHT_HEADERS = {
    "key": "指标代码",
    "label": "指标",
    "weight": "权重",
    "direction": "方向",
    "cost": "成本型（越小越好）",
    "benefit": "效益型（越大越好）",
    "minmax": "极差标准化",
}
READ_COLUMNS = {
    "社区编号": "id",
    "社区名称": "name",
    COUNTY_CODE: "county_code",
    "综合得分": "score",
    "省内排名": "rank",
}


FORM_HEADERS = {column: header for header, column in READ_COLUMNS.items()}
"""The form's header of each column :func:`read_form` reads (``id`` → 社区编号)."""

_FILING_ENGLISH = {key: en for key, _, en in FILING_COLUMNS}
FORM_HEADERS_EN = {
    column: _FILING_ENGLISH[key]
    for column, key in (
        ("id", "id"),
        ("name", "name"),
        ("county_code", "county_code"),
        ("score", "score"),
        ("rank", "rank_in_province"),
    )
}
"""The same columns as the English filing (``youthmap select --filing --lang en``) heads
them, from :data:`geo.export.filing.FILING_COLUMNS`; :func:`read_form` reads both."""

_READ_ANY = {**READ_COLUMNS, **{h: c for c, h in FORM_HEADERS_EN.items()}}


def read_list(
    source: str | Path | bytes, name: str | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Read a chosen list (CSV or XLSX: the command line's ``select --out`` in either
    language, a 备案表 (:func:`form_xlsx`, its title lines skipped), or a committee's own
    sheet with ``id``, ``name``, ``county_code``) with the project's reader and its limits
    (:func:`geo.intake.io.read_table`).

    Returns
    -------
    (frame, headers)
        ``frame``: text cells, the columns headed for people renamed to their machine names
        (:data:`geo.store.parts.PART_COLUMNS`), and ``row``, each line's row as the user sees
        it in Excel; ``headers``: machine name → the file's header, for the problems
        (:meth:`InputError.respelled`).
    """
    from geo.export.labels import restore_columns
    from geo.intake import io
    from geo.store.parts import PART_COLUMNS

    raw = io.read_table(source, name=name)
    form = {
        str(c): _READ_ANY[str(c).strip()] for c in raw.frame.columns if str(c).strip() in _READ_ANY
    }
    frame = restore_columns(raw.frame.rename(columns=form), PART_COLUMNS)
    headers = {
        str(new): str(old) for old, new in zip(raw.frame.columns, frame.columns, strict=True)
    }
    return _with_top_indicators(_with_locks(frame)).assign(row=raw.rows), headers


_LOCK_HEADERS = {key: (zh, en) for key, zh, en in FILING_COLUMNS if key in ("locked", "reasons")}
_LOCK_LEADS = ("人工锁定：", "Locked: ")  # how geo.export.filing.reasons writes a lock's reason
_YES = frozenset({"是", "yes", "y", "true", "1", "√", "✓"})


def _with_locks(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``locked`` (bool) and ``lock_reason`` (text) read from a filing's
    人工锁定 (是) and 推荐理由 (the text after 人工锁定：) columns, in either language; the
    frame as it is when it has no 人工锁定 column (a list that says nothing of locks)."""
    zh, en = _LOCK_HEADERS["locked"]
    flag = next((c for c in frame.columns if str(c).strip() in (zh, en)), None)
    if flag is None:
        return frame
    zh, en = _LOCK_HEADERS["reasons"]
    why = next((c for c in frame.columns if str(c).strip() in (zh, en)), None)
    locked = frame[flag].fillna("").astype(str).str.strip().str.lower().isin(_YES)
    texts = frame[why].fillna("").astype(str) if why is not None else pd.Series("", frame.index)

    def reason(text: str) -> str:
        at = [(text.find(lead), lead) for lead in _LOCK_LEADS if lead in text]
        if not at:
            return ""
        i, lead = min(at)
        return text[i + len(lead) :].strip()

    return frame.assign(locked=locked.to_numpy(), lock_reason=[reason(t) for t in texts])


_TOP_LEADS = ("得分贡献最大：", "Top contributions: ")
"""How :func:`geo.export.filing.reasons` leads a row's top indicators."""
_TOP_KEY = re.compile(r"[A-Za-z0-9_]+")


def _with_top_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``top_indicators`` (the keys :func:`geo.store.parts.save_part` keeps)
    read from a filing's 推荐理由 (``得分贡献最大：青年人口（14-35岁）、…`` or, in the English
    filing, ``Top contributions: Youth (14-35), …``): each name back to its indicator's key
    (a name no indicator has, an indicator of the user's own, is its key as written). A row
    whose reason names something else, or more than the store keeps, has ``""`` (its form
    imports as before, without them); the frame is as it is when it carries
    ``top_indicators`` already or has no 推荐理由 column."""
    from geo.analysis import indicators as ind
    from geo.store.db import column_chars
    from geo.store.models import PLAN_COMMUNITIES

    zh, en = _LOCK_HEADERS["reasons"]
    why = next((c for c in frame.columns if str(c).strip() in (zh, en)), None)
    if why is None or "top_indicators" in frame.columns:
        return frame

    def top(text: str) -> str:
        text = text.strip()
        lead = next((lead for lead in _TOP_LEADS if text.startswith(lead)), None)
        if lead is None:
            return ""
        found = ind.keys_named(re.split("；|; ", text[len(lead) :], maxsplit=1)[0])
        joined = ",".join(found)
        fits = len(joined) <= column_chars(PLAN_COMMUNITIES.c.top_indicators)
        return joined if fits and all(_TOP_KEY.fullmatch(k) for k in found) else ""

    return frame.assign(top_indicators=[top(t) for t in frame[why].fillna("").astype(str)])


def form_locks(chosen: pd.DataFrame) -> dict[str, str] | None:
    """The communities a chosen list read by :func:`read_list` or :func:`read_form_headed`
    marks 人工锁定, each with its reason (for :func:`geo.store.parts.save_part`'s ``locks``),
    so a 备案表 imports back with its locks; ``None`` when the list has no 人工锁定 column
    (it says nothing of locks, and a part saved from it keeps the ones it has)."""
    if "locked" not in chosen.columns:
        return None
    ids = chosen["id"].fillna("").astype(str).str.strip()
    locked = chosen["locked"].fillna(False).astype(bool).to_numpy()
    reasons = chosen.get("lock_reason", pd.Series("", index=chosen.index)).fillna("").astype(str)
    return dict(zip(ids[locked], reasons[locked], strict=True))


def not_in_layer(ids: Iterable[object], communities: pd.DataFrame) -> list[str]:
    """The community ``ids`` (of a chosen list, of a plan) the communities layer (``id``)
    does not hold, in their order: a typing slip, or a community of a list not imported.
    Saved, such a community has no place on the maps, in the pairing or on the 备案表."""
    known = set(communities["id"].astype(str))
    wanted = (str(i).strip() for i in ids)
    return list(dict.fromkeys(i for i in wanted if i and i not in known))


def default_unit(unit: str) -> str:
    """The 填报单位 a quota unit's form is signed by when its account's profile names none:
    共青团四川省委, or the XPCC's committee, 共青团新疆生产建设兵团委员会 (it read
    共青团新疆生产建设兵团委)."""
    if unit == regions.XPCC_KEY:
        return f"共青团{regions.XPCC_NAME_ZH}委员会"
    from geo.export.labels import province_name

    return f"共青团{province_name(unit, 'zh')}委"


@dataclass(frozen=True)
class FormHeader:
    """Who files: the lines above the table.

    Attributes
    ----------
    unit
        填报单位, e.g. 共青团四川省委.
    date
        填报日期.
    contact, phone
        联系人 and 电话 (from the account's profile).
    simulated
        Whether simulated communities are listed (the note row is written only then).
    list_notes
        Lines naming the area lists (a province's or city's own real list) the rows come
        from, written on the note row.
    """

    unit: str
    date: dt.date
    contact: str = ""
    phone: str = ""
    simulated: bool = False
    list_notes: tuple[str, ...] = ()


def form_table(table: pd.DataFrame, county_codes: Mapping[str, str]) -> pd.DataFrame:
    """The filing table with 区县代码 after 区县 and every empty 结对高校 given its reason.

    Parameters
    ----------
    table
        From :func:`geo.export.filing.filing_table` (Chinese headers).
    county_codes
        Community id to its six-digit county code.
    """
    # the filing table carries the layer's county code already: the plan's is written
    out = table.reset_index(drop=True).drop(columns=COUNTY_CODE, errors="ignore")
    at = list(out.columns).index("区县") + 1 if "区县" in out.columns else len(out.columns)
    out.insert(at, COUNTY_CODE, [str(county_codes.get(str(i), "")) for i in out["社区编号"]])
    if "结对高校" in out:
        out["结对高校"] = out["结对高校"].map(lambda v: v if str(v or "").strip() else NO_PARTNER)
    return out


def _youth_homes(chosen: pd.DataFrame, youth_homes: pd.DataFrame | None) -> pd.DataFrame:
    """``chosen`` with ``hosts_home`` and ``home_distance_m`` measured to the Youth Home
    layer (rows without coordinates keep what they had)."""
    from geo.core.distance import SphereIndex
    from geo.core.layers import lonlat

    if youth_homes is None or not len(youth_homes):
        return chosen
    out = chosen.copy()
    located = out["lon"].notna() & out["lat"].notna() if "lon" in out else out["id"].isna()
    if not located.any():
        return out
    dist, _ = SphereIndex(lonlat(youth_homes)).nearest_m(
        out.loc[located, ["lon", "lat"]].to_numpy(float)
    )
    hosted = (  # compared in Arrow (id_mask): a set of the homes' ids was built value by value
        youth_homes["community_id"].dropna().astype(str) if "community_id" in youth_homes else []
    )
    hosts = pd.Series(layers.id_mask(out["id"].astype(str), hosted), index=out.index)
    out["home_distance_m"] = pd.Series(float("nan"), index=out.index)
    out.loc[located, "home_distance_m"] = dist
    out.loc[hosts, "home_distance_m"] = 0.0
    out["hosts_home"] = hosts
    return out


def _pairing_text(
    chosen: pd.DataFrame, campuses: pd.DataFrame | None, agreements: pd.DataFrame | None = None
) -> pd.Series:
    """Per community id: its paired campus with the distance (the platform's pairing with
    its default options, :func:`geo.analysis.pairing.pair`, keeping the campus
    ``agreements`` on record whose campus the layer holds: they take their campus's places
    before a refill is paired), or why none was paired, with the nearest campus's
    distance."""
    from geo import i18n
    from geo.analysis import pairing

    ids = chosen["id"].astype(str)
    if campuses is None or not len(campuses):
        return pd.Series(NO_CAMPUS_LAYER, index=ids.to_numpy())
    located = chosen[chosen["lon"].notna() & chosen["lat"].notna()] if "lon" in chosen else None
    texts = pd.Series(NO_LOCATION, index=ids.to_numpy(), dtype=object)
    if located is None or located.empty:
        return texts
    kept = None
    if agreements is not None and len(agreements):
        kept, _ = pairing.agreed_pairs(pairing.campus_agreements(agreements), located, campuses)
    result = pairing.pair(located[["id", "name", "lon", "lat"]], campuses, kept=kept)
    for row in result.pairs.sort_values(["community_id", "rank"]).itertuples():
        name = str(row.university or "")
        if row.campus and str(row.campus) != name:
            name += f"（{row.campus}）"
        texts[str(row.community_id)] = f"{name}，{row.distance_m / 1000:.1f} 公里"
    for row in result.unpaired.itertuples():
        reason = i18n.t(f"pairing.reason.{row.reason}", "zh")
        nearest = f"（最近校区 {row.nearest_m / 1000:.1f} 公里）" if pd.notna(row.nearest_m) else ""
        texts[str(row.community_id)] = f"未结对：{reason}{nearest}"
    return texts


def plan_form_table(
    rows: pd.DataFrame,
    communities: pd.DataFrame,
    *,
    youth_homes: pd.DataFrame | None = None,
    campuses: pd.DataFrame | None = None,
    resident_units: pd.DataFrame | None = None,
    homes: pd.DataFrame | None = None,
    agreements: pd.DataFrame | None = None,
    carried: Collection[str] | None = None,
) -> pd.DataFrame:
    """The form's table of a saved plan part.

    Parameters
    ----------
    rows
        The part's communities as the store keeps them (:func:`geo.store.communities`:
        ``community_id``, ``name``, ``county_code``, ``score``, ``rank``; ``manual`` and
        ``reason`` where kept: a community locked in by hand is 人工锁定 是, its reason in
        推荐理由; ``top_indicators`` where kept: the indicators its score owed most to, named
        in 推荐理由 as the live pick's form names them).
    communities
        The communities layer the part was picked from (names of province, city, county and
        subdistrict, coordinates); a community missing from it keeps the store's name.
    youth_homes, campuses, resident_units
        The other layers: each row's 青年之家情况 (on site, or the nearest one's distance),
        结对高校 (the campus paired by :func:`geo.analysis.pairing.pair` with its distance, or the
        reason none was) and 共建驻区单位 (resident units nearby, counted by type) are
        measured from them. Without the campus layer the pairing column says so.
    homes, agreements
        The plan's Youth Home and co-building agreement records
        (:func:`geo.store.records.records`; a next plan's are those its carried-over
        communities brought): a community on record has its Youth Home's state and its
        agreed campuses written instead of what the layers measure, for a second cycle's
        form would otherwise name a nearest campus over the one it has an agreement with.
    carried
        For a next cycle's plan, the communities it carried over (``params["carried_over"]``,
        :func:`geo.plan.next_cycle.start_next_cycle`): their 推荐理由 says so, the others'
        that they refill a freed place. ``None`` for a first cycle.
    """
    from geo.analysis import cobuild as cb
    from geo.export import filing

    layer = pd.DataFrame(communities).drop(columns=["geometry"], errors="ignore")
    layer = layer[layer["id"].astype(str).isin(set(rows["community_id"].astype(str)))]
    # one row per id (an area's own list may reuse an id the embedded layer has elsewhere):
    # the one in the county the plan gives, else the last (an area's rows are merged last)
    ids, codes = rows["community_id"].astype(str), rows["county_code"].astype(str)
    county = dict(zip(ids, codes, strict=True))
    same = layer["county_code"].astype(str).eq(layer["id"].astype(str).map(county))
    layer = layer.assign(_same=same.to_numpy()).sort_values("_same", kind="stable")
    layer = layer.drop_duplicates("id", keep="last").drop(columns="_same")
    stored = rows.drop(columns=["id"], errors="ignore").rename(
        columns={"community_id": "id", "rank": "rank_in_province"}
    )
    # the indicators the score owed most to when the part was saved: the 推荐理由 the form
    # of the live pick gave (a part saved before the store kept them names none)
    if "top_indicators" not in stored:
        stored["top_indicators"] = ""
    columns = ["id", "name", "county_code", "score", "rank_in_province", "top_indicators"]
    stored = stored[columns]
    chosen = stored.merge(
        layer.drop(columns=columns[1:], errors="ignore"),
        on="id",
        how="left",
    )
    if "province_code" not in chosen:
        chosen["province_code"] = chosen["county_code"].str[:2]
    chosen["province_code"] = chosen["province_code"].fillna(chosen["county_code"].str[:2])
    chosen = _youth_homes(chosen, youth_homes)
    # a community locked in by hand says so, with the reason the store keeps for it
    manual = rows.get("manual", pd.Series(False, index=rows.index)).fillna(False).astype(bool)
    reason = rows.get("reason", pd.Series("", index=rows.index)).fillna("").astype(str)
    locks = dict(zip(ids[manual.to_numpy()], reason[manual.to_numpy()], strict=True))
    chosen["locked"] = chosen["id"].astype(str).isin(set(locks)).to_numpy()
    co = None
    if resident_units is not None and len(resident_units) and "lon" in chosen:
        located = chosen[chosen["lon"].notna() & chosen["lat"].notna()]
        if len(located):
            co = cb.cobuild_table(located, resident_units)
    table = filing.filing_table(chosen, lang="zh", changes=locks, cobuild=co)
    table["结对高校"] = (
        table["社区编号"].astype(str).map(_pairing_text(chosen, campuses, agreements))
    )
    if co is not None:
        none_near = f"{cb.DEFAULT_RADIUS_M:.0f} 米内无驻区单位"
        table["共建驻区单位"] = table["共建驻区单位"].map(lambda v: v or none_near)
    _on_record(table, homes, agreements, campuses)
    if carried is not None:  # a next plan's: carried over, or a refill of a freed place
        from geo.export.reports import reason_text
        from geo.plan.next_cycle import CARRIED_REASON, REFILL_REASON

        kept, refill = (str(reason_text(r, "zh")) for r in (CARRIED_REASON, REFILL_REASON))
        carried = set(carried)
        table["推荐理由"] = [
            kept if c in carried else "；".join(x for x in (refill, v) if x)
            for c, v in zip(
                table["社区编号"].astype(str), table["推荐理由"].fillna(""), strict=True
            )
        ]
    codes = dict(zip(stored["id"].astype(str), stored["county_code"].astype(str), strict=True))
    return form_table(table, codes)


def _on_record(
    table: pd.DataFrame,
    homes: pd.DataFrame | None,
    agreements: pd.DataFrame | None,
    campuses: pd.DataFrame | None,
) -> None:
    """Write into ``table`` (in place) what the records say of a community's Youth Home
    and agreed campuses, where they say anything."""
    ids = table["社区编号"].astype(str)
    if homes is not None and len(homes):
        latest = homes.assign(_id=homes["community_id"].astype(str)).drop_duplicates(
            "_id", keep="last"
        )
        said = {
            c: _dated(f"青年之家{i18n.t(f'records.state.{state}', 'zh')}（记录", since)
            for c, state, since in zip(latest["_id"], latest["state"], latest["since"], strict=True)
        }
        table["青年之家情况"] = [
            said.get(c, v) for c, v in zip(ids, table["青年之家情况"], strict=True)
        ]
    if agreements is not None and len(agreements) and "结对高校" in table:
        agreed = agreements.loc[agreements["kind"].astype(str) == "campus"]
        names = (
            dict(zip(campuses["id"].astype(str), layers.campus_names(campuses), strict=True))
            if campuses is not None and "university" in campuses
            else {}
        )
        said = {}
        for c, group in agreed.groupby(agreed["community_id"].astype(str), sort=False):
            said[c] = "；".join(
                _dated(f"{names.get(str(p), str(p))}（已签共建协议", start)
                for p, start in zip(group["partner_id"], group["start_date"], strict=True)
            )
        table["结对高校"] = [said.get(c, v) for c, v in zip(ids, table["结对高校"], strict=True)]


def _dated(head: str, day: object) -> str:
    """``head`` closed with the day it holds from, when known: ``…，2025-01-10 起）``."""
    known = day is not None and not pd.isna(day) and str(day).strip()
    return f"{head}，{pd.Timestamp(day).date().isoformat()} 起）" if known else f"{head}）"


def form_xlsx(
    table: pd.DataFrame, header: FormHeader, weights: pd.DataFrame | None = None
) -> bytes:
    """The 备案表 as XLSX bytes, laid out and set up for printing (see the module).

    Parameters
    ----------
    table
        From :func:`form_table`.
    header
        The unit, date and contact lines.
    weights
        The score's weights table (``ScoreResult.weights_table("zh")``), written to the
        sheet 权重 with Chinese headers and values.
    """
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ncols = max(len(table.columns), 4)
    last = get_column_letter(ncols)
    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30
    ws["A2"] = (
        f"填报单位：{header.unit}    填报日期：{header.date:%Y年%m月%d日}    "
        f"联系人：{header.contact or '　　　　'}    电话：{header.phone or '　　　　'}"
    )
    ws.merge_cells(f"A2:{last}2")
    notes = [*header.list_notes, *([SIMULATED_NOTE] if header.simulated else [])]
    if notes:
        ws["A3"] = "　".join(notes)
        ws["A3"].font = Font(color="C00000" if header.simulated else "1F4E79")
        ws["A3"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.merge_cells(f"A3:{last}3")
    thin = Side(style="thin", color="808080")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, name in enumerate(table.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=j, value=cells.xml_text(str(name)))
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(str(name), 12)
    edge = Border(top=thin, bottom=thin, left=thin, right=thin)
    top = Alignment(vertical="top", wrap_text=True)
    for i, row in enumerate(table.itertuples(index=False), start=HEADER_ROW + 1):
        for j, value in enumerate(row, start=1):
            if isinstance(value, float) and pd.isna(value):
                value = None
            cell = ws.cell(row=i, column=j, value=cells.xml_text(value))
            cell.border = edge  # printed ruled: Excel prints no gridlines
            cell.alignment = top
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"1:{HEADER_ROW}"
    ws.print_area = f"A1:{last}{HEADER_ROW + max(len(table), 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    # stamped and signed on every printed page, in the footer: the sheet stays the table alone
    # (a line under it would be one more row to whoever reads the form back as a table)
    ws.oddFooter.left.text = SIGN_LINE
    ws.oddFooter.left.size = 8  # 4.3 in of the 10.3 in between margins: clear of the page number
    ws.page_margins.bottom = 1.0
    ws.page_margins.footer = 0.4
    ws.print_options.horizontalCentered = True
    if weights is not None:
        wsheet = book.create_sheet(WEIGHTS_SHEET)
        shown = weights.rename(columns=lambda c: WEIGHT_HEADERS.get(str(c), str(c)))
        shown = shown.map(lambda v: WEIGHT_HEADERS.get(v, v) if isinstance(v, str) else v)
        wsheet.append([str(c) for c in shown.columns])
        for cell in wsheet[1]:
            cell.font = Font(bold=True)
        for row in shown.itertuples(index=False):
            wsheet.append([cells.xml_text(v) for v in row])
    return cells.workbook_bytes(book)


def read_form(data: bytes, file: str | None = None) -> pd.DataFrame:
    """Read a 备案表 (XLSX) back into a chosen list: :func:`read_form_headed`'s frame."""
    return read_form_headed(data, file)[0]


def read_form_headed(data: bytes, file: str | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Read a 备案表 (XLSX) back into a chosen list, with the file's headers.

    The form ``plan export`` writes and the filing ``select --filing`` writes (headers in
    Chinese or in English, :data:`FORM_HEADERS`, :data:`FORM_HEADERS_EN`) both read back.

    The workbook is read by the project's reader and its limits (:func:`read_list`, through
    :func:`geo.intake.io.read_table`): the form's title lines are skipped and its header row
    is the one holding 社区编号. (It was opened with openpyxl directly: a 25 KB workbook
    holding a 24 MiB XML comment kept ``plan import --form`` busy for 17 s, the parser's cost
    growing with the square of the comment's length.)

    Returns
    -------
    (frame, headers)
        ``frame``: ``id``, ``name``, ``county_code`` (text, as written), ``score`` and
        ``rank`` (numbers where given), ``row`` (the sheet's row), ``top_indicators`` (what
        推荐理由 names, :func:`_with_top_indicators`) where the form has reasons. ``headers``: each column's
        header as the file spells it (社区编号 or Community ID), for a problem found later
        (:meth:`InputError.respelled`).

    Raises
    ------
    InputError
        Not a readable workbook, no header row, a required column missing, or rows without
        an id or a six-digit county code (one problem per bad row, with its sheet row and
        column).
    """
    label = file or f"{SHEET}.xlsx"
    chosen, read = read_list(data, Path(label).name)
    missing = [c for c in ("id", "name", "county_code") if c not in chosen]
    if missing:  # named in the reader's language (the file may be in either)
        raise InputError(
            [
                Problem(
                    "store.problem.column_missing",
                    file=file,
                    code="missing",
                    params={"column": i18n.Term(zh=FORM_HEADERS[c], en=FORM_HEADERS_EN[c])},
                )
                for c in missing
            ]
        )
    headers = {c: read.get(c, FORM_HEADERS[c]) for c in FORM_HEADERS}
    ids = chosen["id"].fillna("").astype(str).str.strip()
    county = chosen["county_code"].fillna("").astype(str).str.strip()
    problems = []
    for n, cid, code in zip(chosen["row"], ids, county, strict=True):
        if not cid:
            problems.append(
                Problem("store.problem.empty_id", file, int(n), headers["id"], code="missing")
            )
        elif not (len(code) == 6 and code.isdigit()):
            problems.append(
                Problem(
                    "store.problem.county_code",
                    file,
                    int(n),
                    headers["county_code"],
                    params={"county": code},
                )
            )
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": chosen["name"].fillna("").astype(str).str.strip(),
            "county_code": county,
            **{
                c: pd.to_numeric(chosen[c], errors="coerce") if c in chosen else float("nan")
                for c in ("score", "rank")
            },
            "row": chosen["row"].astype(int),
        },
        columns=["id", "name", "county_code", "score", "rank", "row"],
    )
    if "locked" in chosen.columns:  # the form's locks, for form_locks
        frame = frame.assign(locked=chosen["locked"], lock_reason=chosen["lock_reason"])
    if "top_indicators" in chosen.columns:  # what its 推荐理由 named, for the saved part's form
        frame = frame.assign(top_indicators=chosen["top_indicators"].fillna("").astype(str))
    return frame.reset_index(drop=True), headers


PDF_COLUMNS: tuple[str, ...] = (
    "序号", "城市", "区县", "区县代码", "街道", "社区名称", "社区编号",
    "青年之家情况", "结对高校", "共建驻区单位",
)  # fmt: skip
"""The form's columns printed in the PDF (the XLSX keeps all of them)."""
PDF_ROWS_PER_PAGE = 22
PDF_CELL_LINES = 2
"""Lines a PDF cell wraps its text on before it is cut."""
_A4_LANDSCAPE_IN = (11.69, 8.27)


_BREAKS = re.compile(r"(?<=[、，,；;）)])|(?=[（(])")
"""Where a PDF cell's line may break: after 、，； or a closing bracket, before an
opening one; so no number is split across two lines."""


def _cut(value: object, chars: int, lines: int = PDF_CELL_LINES) -> str:
    """``value`` as a PDF cell: wrapped at its breaks (never inside a number) on up to
    ``lines`` lines of ``chars`` characters, an ellipsis only where the last line is full
    (one line of 12 printed a Youth Home's 1062 米 as 106…)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    out: list[str] = [""]
    for piece in (p for p in _BREAKS.split(text) if p):
        while piece:
            room = chars - len(out[-1])
            if len(piece) <= room:
                out[-1] += piece
                piece = ""
            elif out[-1] and len(piece) <= chars:
                out.append("")  # the piece starts the next line
            else:  # longer than a line: split it where the line ends
                out[-1] += piece[:room]
                piece = piece[room:]
                out.append("")
            if len(out) > lines:
                kept = "\n".join(out[:lines]).rstrip()
                return kept[:-1] + "…" if len(kept.splitlines()[-1]) >= chars else kept + "…"
    return "\n".join(line.rstrip() for line in out if line)


def form_pdf(table: pd.DataFrame, header: FormHeader) -> bytes:
    """The 备案表 as a PDF to print and sign: A4 landscape pages, each with the title, the
    unit line and the table header, :data:`PDF_ROWS_PER_PAGE` communities a page, the page
    number at the foot, and a signature line on the last page. Drawn with matplotlib in the
    project's own CJK font (no system font)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from geo.export.static import cjk_font

    family = cjk_font()
    cols = [c for c in PDF_COLUMNS if c in table.columns]
    widths = {
        "社区名称": 18,
        "社区编号": 12,
        "结对高校": 26,
        "青年之家情况": 16,
        "共建驻区单位": 18,
        "街道": 12,
    }
    wide = {"社区名称", "结对高校", "青年之家情况", "共建驻区单位", "街道"}  # CJK: ~2 units a char
    rel = [widths.get(c, 8) for c in cols]
    total = sum(rel)
    pages = max(1, -(-len(table) // PDF_ROWS_PER_PAGE))
    buffer = _io.BytesIO()
    line = (
        f"填报单位：{header.unit}    填报日期：{header.date:%Y年%m月%d日}    "
        f"联系人：{header.contact or '＿＿＿＿'}    电话：{header.phone or '＿＿＿＿'}"
    )
    with plt.rc_context({"font.family": family}), PdfPages(buffer) as pdf:
        for p in range(pages):
            fig = plt.figure(figsize=_A4_LANDSCAPE_IN)
            fig.text(0.5, 0.95, TITLE, ha="center", va="top", fontsize=16, weight="bold")
            fig.text(0.04, 0.905, line, ha="left", va="top", fontsize=9)
            notes = [*header.list_notes, *([SIMULATED_NOTE] if header.simulated else [])]
            if notes:
                fig.text(
                    0.04,
                    0.88,
                    "　".join(notes),
                    ha="left",
                    va="top",
                    fontsize=8,
                    color="#C00000" if header.simulated else "#1F4E79",
                )
            chunk = table.iloc[p * PDF_ROWS_PER_PAGE : (p + 1) * PDF_ROWS_PER_PAGE]
            cells_ = [
                [
                    _cut(v, int(widths.get(c, 8) * (0.8 if c in wide else 1.4)))
                    for c, v in zip(cols, row, strict=True)
                ]
                for row in chunk[cols].itertuples(index=False)
            ]
            ax = fig.add_axes((0.04, 0.1, 0.92, 0.76))
            ax.axis("off")
            drawn = ax.table(
                cellText=cells_ or [[""] * len(cols)],
                colLabels=cols,
                colWidths=[r / total for r in rel],
                loc="upper center",
                cellLoc="left",
            )
            drawn.auto_set_font_size(False)
            drawn.set_fontsize(6.5)
            # every row two lines high: 22 of them and the header fill the table's area
            height = 0.76 / (PDF_ROWS_PER_PAGE + 1)
            for cell in drawn.get_celld().values():
                cell.set_height(height / 0.76)
            for (r, _), cell in drawn.get_celld().items():
                if r == 0:
                    cell.set_text_props(weight="bold")
                    cell.set_facecolor("#DDEBF7")
            if p == pages - 1:
                fig.text(
                    0.04,
                    0.05,
                    SIGN_LINE,
                    fontsize=9,
                )
            fig.text(0.5, 0.02, f"第 {p + 1} 页，共 {pages} 页", ha="center", fontsize=8)
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()
