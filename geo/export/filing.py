"""The filing table (备案表) a provincial committee submits, and the chosen-list exports.

The filing table has one row per chosen community with Chinese headers (the form the
central committee collects): province, city, county and its six-digit code, subdistrict,
community, score, rank, reasons, Youth Home status and partner campus when known. The county
code lets the filing be read back as a plan (``youthmap plan import``,
:func:`geo.export.filing_form.read_form`) in either language. The partner campus comes from
a frame the caller passes (pairing is its own module); without one the column is empty.
Likewise the resident units a community co-builds with (:func:`geo.analysis.cobuild.cobuild_table`)
fill a count-by-type column and a sheet of their own in the XLSX.
"""

from __future__ import annotations

import io as _io
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from geo.analysis import cobuild as cb
from geo.core import cells
from geo.core.layers import campus_names
from geo.export.labels import cobuild_headers, cobuild_view, indicator_names
from geo.export.xlsx import write_table
from geo.intake import io

FILING_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("seq", "序号", "No."),
    ("province", "省份", "Province"),
    ("city", "城市", "City"),
    ("district", "区县", "County/district"),
    ("county_code", "区县代码", "County code"),
    ("subdistrict", "街道", "Subdistrict"),
    ("name", "社区名称", "Community"),
    ("id", "社区编号", "Community ID"),
    ("score", "综合得分", "Score"),
    ("rank_in_province", "省内排名", "Rank in province"),
    ("reasons", "推荐理由", "Reasons"),
    ("home_status", "青年之家情况", "Youth Home status"),
    ("partner", "结对高校", "Partner campus"),
    ("cobuild", "共建驻区单位", "Co-building resident units"),
    ("locked", "人工锁定", "Locked by hand"),
    ("lon", "经度", "Longitude"),
    ("lat", "纬度", "Latitude"),
)
"""Filing-table columns: internal key, Chinese header, English header."""

HOME_STATUS = {
    "hosts": ("已建青年之家", "Hosts a Youth Home"),
    "near": ("附近有青年之家（{d:.0f} 米）", "Youth Home nearby ({d:.0f} m)"),
    "new": ("需新建青年之家（最近 {km:.1f} 公里）", "Needs a new Youth Home (nearest {km:.1f} km)"),
    "unknown": ("未知", "Unknown"),
}
SIMULATED_NOTE = (
    "数据含模拟社区，仅供演示。",
    "Includes simulated communities, for demonstration only.",
)
SIMULATED_HOMES_NOTE = (
    "“青年之家情况”一列按模拟的青年之家图层计算，仅供演示。",
    "The Youth Home status column is measured against a simulated Youth Home layer, for "
    "demonstration only.",
)


def reasons(
    chosen: pd.DataFrame, top: int = 3, lang: str = "zh", changes: Mapping[str, str] | None = None
) -> pd.Series:
    """A short reason per chosen community: its top contributing indicators.

    Parameters
    ----------
    chosen
        Chosen rows with ``contrib_<key>`` columns (from the score result), or, for a saved
        plan's rows (:func:`geo.store.communities`), ``top_indicators``: the keys its save
        kept, largest contribution first, joined by commas
        (:func:`geo.analysis.scoring.top_contributions`).
    top
        How many indicators to name.
    lang
        ``"zh"`` or ``"en"``.
    changes
        Id to the reason of a manual lock, appended to that row.

    Returns
    -------
    pandas.Series
        Text per row, aligned with ``chosen``.
    """
    from geo.analysis.scoring import top_contributions

    sep = "、" if lang == "zh" else ", "
    lead = "得分贡献最大：" if lang == "zh" else "Top contributions: "
    best = top_contributions(chosen, top)
    texts = []
    for row_id, keys in zip(chosen["id"].astype(str), best, strict=True):
        parts = []
        if keys:
            parts.append(lead + sep.join(indicator_names(keys, lang)))
        if changes and row_id in changes:
            parts.append(("人工锁定：" if lang == "zh" else "Locked: ") + str(changes[row_id]))
        texts.append("；".join(parts) if lang == "zh" else "; ".join(parts))
    return pd.Series(texts, index=chosen.index, dtype=object)


def home_status(chosen: pd.DataFrame, lang: str = "zh", near_m: float = 1_500) -> pd.Series:
    """Youth Home status per row from ``hosts_home`` and ``home_distance_m``."""
    k = 1 if lang == "en" else 0
    hosts = (
        chosen.get("hosts_home", pd.Series(False, index=chosen.index)).fillna(False).astype(bool)
    )
    dist = pd.to_numeric(
        chosen.get("home_distance_m", pd.Series(float("nan"), index=chosen.index)), errors="coerce"
    )
    out = []
    for h, d in zip(hosts, dist, strict=True):
        if h:
            out.append(HOME_STATUS["hosts"][k])
        elif pd.isna(d):
            out.append(HOME_STATUS["unknown"][k])
        elif d <= near_m:
            out.append(HOME_STATUS["near"][k].format(d=d))
        else:
            out.append(HOME_STATUS["new"][k].format(km=d / 1000))
    return pd.Series(out, index=chosen.index, dtype=object)


def partner_names(partners: pd.DataFrame) -> pd.Series:
    """Partner campus names per community id, several joined with "、".

    Parameters
    ----------
    partners
        Pairs with ``community_id`` (or ``id``) and ``campus_name``, or ``university``
        with an optional ``campus`` (as :attr:`geo.analysis.pairing.PairingResult.pairs`), in
        preference order (e.g. by ``rank``).

    Returns
    -------
    pandas.Series
        Indexed by community id.
    """
    key = "community_id" if "community_id" in partners else "id"
    if "campus_name" in partners:
        names = partners["campus_name"].fillna("").astype(str)
    elif "university" in partners:
        names = campus_names(partners)
    else:
        return pd.Series(dtype=object)
    frame = pd.DataFrame({"id": partners[key].astype(str).to_numpy(), "name": names.to_numpy()})
    if "rank" in partners:
        frame["rank"] = pd.to_numeric(partners["rank"], errors="coerce").to_numpy()
        frame = frame.sort_values(["id", "rank"], kind="mergesort")
    frame = frame[frame["name"].ne("")]
    return frame.groupby("id", sort=False)["name"].agg(lambda v: "、".join(dict.fromkeys(v)))


def cobuild_summary(cobuild: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """Resident units near each community, counted by type, as short text.

    Parameters
    ----------
    cobuild
        The co-building table (:func:`geo.analysis.cobuild.cobuild_table`): ``community_id`` and
        one count column per unit type.
    lang
        ``"zh"`` or ``"en"`` for the type names.

    Returns
    -------
    pandas.Series
        Indexed by community id, e.g. ``"学校 2、医院 1"``; ``""`` when none is in range.
    """
    labels = cobuild_headers(lang)
    types = [c for c in cb.COUNT_COLUMNS if c in cobuild.columns]
    counts = cobuild[types].to_numpy(dtype=int) if types else None
    sep = "、" if lang == "zh" else ", "
    texts = [
        sep.join(f"{labels[k]} {n}" for k, n in zip(types, row, strict=True) if n > 0)
        for row in (counts if counts is not None else [[]] * len(cobuild))
    ]
    return pd.Series(texts, index=cobuild["community_id"].astype(str).to_numpy(), dtype=object)


def filing_table(
    chosen: pd.DataFrame,
    partners: pd.DataFrame | None = None,
    lang: str = "zh",
    changes: Mapping[str, str] | None = None,
    home_near_m: float = 1_500,
    cobuild: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The filing table (备案表) of a chosen list.

    Parameters
    ----------
    chosen
        Chosen communities (from :func:`geo.analysis.selection.select`), with the community columns,
        ``score``, ``rank_in_province`` and ``contrib_<key>`` where known.
    partners
        Optional pairs (see :func:`partner_names`), e.g. ``geo.analysis.pairing.pair(...).pairs``.
    lang
        ``"zh"`` headers (the form) or ``"en"``.
    changes
        Id to the reason of a manual lock.
    home_near_m
        Distance that counts as "Youth Home nearby".
    cobuild
        Optional co-building table (:func:`geo.analysis.cobuild.cobuild_table`) whose counts by
        type fill the co-building column (:func:`cobuild_summary`).

    Returns
    -------
    pandas.DataFrame
        The :data:`FILING_COLUMNS` with headers in ``lang``, ordered by province then
        score.
    """
    c = chosen.copy()
    if "score" in c and "province_code" in c:
        c = c.sort_values(["province_code", "score"], ascending=[True, False], kind="mergesort")
    elif "score" in c:
        c = c.sort_values("score", ascending=False, kind="mergesort")
    c = c.reset_index(drop=True)
    c["seq"] = range(1, len(c) + 1)
    c["reasons"] = reasons(c, lang=lang, changes=changes)
    c["home_status"] = home_status(c, lang, home_near_m)
    c["partner"] = ""
    if partners is not None and len(partners):
        c["partner"] = c["id"].astype(str).map(partner_names(partners)).fillna("")
    c["cobuild"] = ""
    if cobuild is not None and len(cobuild):
        summary = cobuild_summary(cobuild, lang)
        summary = summary[~summary.index.duplicated()]
        c["cobuild"] = c["id"].astype(str).map(summary).fillna("")
    if "rank_in_province" not in c:
        c["rank_in_province"] = c.get("rank_in_unit", pd.Series(range(1, len(c) + 1)))
    if "locked" in c:
        c["locked"] = c["locked"].map(lambda v: ("是" if lang == "zh" else "yes") if v else "")
    for key, _, _ in FILING_COLUMNS:
        if key not in c:
            c[key] = ""
    if "score" in c:
        c["score"] = pd.to_numeric(c["score"], errors="coerce").round(4)
    k = 2 if lang == "en" else 1
    return c[[col[0] for col in FILING_COLUMNS]].rename(
        columns={col[0]: col[k] for col in FILING_COLUMNS}
    )


def filing_xlsx(
    table: pd.DataFrame,
    weights: pd.DataFrame | None = None,
    simulated: bool = False,
    lang: str = "zh",
    cobuild: pd.DataFrame | None = None,
    adjustments: pd.DataFrame | None = None,
    notes: list[str] | None = None,
    simulated_homes: bool = False,
) -> bytes:
    """The filing table as XLSX bytes (sheet 备案表, plus weights, co-building, changes, note).

    Parameters
    ----------
    table
        From :func:`filing_table`.
    weights
        The weights table of the score used (``ScoreResult.weights_table``), written to a
        second sheet so the filing says how it was scored.
    simulated
        Whether the list includes simulated communities (a note sheet says so).
    lang
        Language of the sheet names and note.
    cobuild
        Optional co-building table (:func:`geo.analysis.cobuild.cobuild_table`), written as
        :func:`geo.export.labels.cobuild_view` shows it to a sheet 共建单位.
    adjustments
        Optional table of the manual changes against the automatic recommendation (with
        their reasons, headers as shown), written to a sheet 人工调整.
    notes
        Lines naming where the rows come from (a province's or city's own real list),
        written to the note sheet (说明) with the simulated-data note when there is one.
    simulated_homes
        Whether the Youth Home status column was measured against a simulated Youth Home
        layer (the note sheet says so).

    Returns
    -------
    bytes
    """
    buf = _io.BytesIO()
    k = 1 if lang == "en" else 0
    widths = (6, 12, 12, 12, 10, 14, 20, 14, 10, 8, 40, 20, 20, 24, 8, 11, 11)
    with cells.excel_writer(buf) as xl:
        cells.write_sheet(xl, table, ("备案表", "Filing")[k], widths=widths[: table.shape[1]])
        # the sheets after the form: sized to their text, header frozen (Excel's default
        # widths cut the Chinese headers and the reasons of the manual changes)
        if weights is not None:
            write_table(xl, weights, ("权重", "Weights")[k])
        if cobuild is not None:
            write_table(xl, cobuild_view(cobuild, lang), ("共建单位", "Co-building")[k])
        if adjustments is not None and len(adjustments):
            write_table(xl, adjustments, ("人工调整", "Manual changes")[k])
        lines = [
            *(notes or []),
            *([SIMULATED_NOTE[k]] if simulated else []),
            *([SIMULATED_HOMES_NOTE[k]] if simulated_homes else []),
        ]
        if lines:
            note = pd.DataFrame({("说明", "Note")[k]: lines})
            write_table(xl, note, ("说明", "Note")[k])
    return buf.getvalue()


def write_filing(table: pd.DataFrame, path: str | Path, **kwargs) -> Path:
    """Write :func:`filing_xlsx` to ``path`` (``.xlsx``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(filing_xlsx(table, **kwargs))
    return path


def chosen_export(chosen: pd.DataFrame) -> pd.DataFrame:
    """The chosen list trimmed for GeoJSON/GeoPackage export (ids and WGS-84 lon/lat kept).

    The score's ``contrib_<key>`` columns give way to one, ``top_indicators``: the keys of
    the indicators each row's score owed most to, largest first, joined by commas
    (:func:`geo.analysis.scoring.top_contributions`), so a part saved from the list
    (``youthmap plan save --from``) names in its 备案表 the reasons the pick's filing gave.
    """
    from geo.analysis.scoring import top_contributions

    keep = [
        c
        for c in chosen.columns
        if c != "geometry" and not str(c).startswith(("contrib_", "estimated_"))
    ]
    out = pd.DataFrame(chosen[keep]).copy()
    if any(str(c).startswith("contrib_") for c in chosen.columns):
        out["top_indicators"] = [",".join(k) for k in top_contributions(chosen)]
    if "home_distance_m" in out and out["home_distance_m"].isna().all():
        # no Youth Home layer was used: whether one is there or must be built is not known
        out = out.drop(columns=["needs_new_home", "hosts_home"], errors="ignore")
    for col in out.columns:
        if out[col].dtype == bool:
            out[col] = out[col].astype(int)
    return out


def write_chosen(chosen: pd.DataFrame, path: str | Path) -> Path:
    """Write the chosen list by extension (``.geojson``, ``.gpkg``, ``.csv``, ``.xlsx``)."""
    return io.write_table(chosen_export(chosen), path)
