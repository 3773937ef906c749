"""A province's or city's own community list, kept on the server, replacing only its area.

A province (two-digit code) or city (four-digit code) uploads its real list of communities;
:func:`save_area_layer` keeps the rows inside that area (the rest are counted, never
written) in the table ``area_layers``, one list per layer and area, replacing the area's
previous upload. Every session then builds its layer with :func:`merge_areas`: the embedded
(or session's) layer with each stored area's communities swapped for the uploaded ones, so
the centre sees what the province uploaded. Rows of an uploaded area carry ``list_area``
(the area's code); the rest of the country keeps its layer and its simulated notice.
"""

from __future__ import annotations

import datetime as dt
import io as _io
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from sqlalchemy import delete, select

from geo.core import layers as _layers
from geo.core import regions
from geo.core.errors import InputError, PermissionDenied
from geo.plan.auth import User
from geo.store.db import Store, utcnow, write_audit
from geo.store.models import AREA_LAYERS
from geo.store.users import acting_user

AREA_COLUMN = "list_area"
"""Column marking rows that come from an area's own uploaded list (the area's code)."""


@dataclass(frozen=True)
class AreaLayer:
    """One stored area list: the area, the file it came from, who uploaded it and when, and
    its rows (no geometry; :func:`merge_areas` makes points of ``lon``/``lat``)."""

    layer: str
    area_code: str
    file_name: str
    rows: int
    uploaded_by: str
    uploaded_at: dt.datetime
    frame: pd.DataFrame


def area_unit(area_code: str) -> str:
    """The quota unit an area belongs to: its province, or the XPCC for its cities (6590)."""
    return regions.XPCC_KEY if area_code.startswith(regions.XPCC_COUNTY_PREFIX) else area_code[:2]


def in_area(county_codes: pd.Series, area_code: str) -> pd.Series:
    """Which county codes lie in area ``area_code`` (province or city). The XPCC's cities
    (6590…) are their own area, not part of Xinjiang's (65): Xinjiang's list once replaced
    them, and Xinjiang's account could replace them."""
    county = county_codes.astype(str)
    inside = county.str.startswith(area_code)
    if area_unit(area_code) != regions.XPCC_KEY:
        inside &= ~county.str.startswith(regions.XPCC_COUNTY_PREFIX)
    return inside


def _may_write(user: User, area_code: str) -> bool:
    if user.role == "central":
        return True
    return user.role == "province" and user.unit == area_unit(area_code)


def planned_not_listed(store: Store, area_code: str, ids: object) -> list[str]:
    """The communities of area ``area_code`` in a saved plan (any status but exited) that a
    list of community ``ids`` does not hold, sorted.

    Kept as the area's list, the list replaces the area's communities: these would then be
    in no layer, and the maps, the pairing and the 备案表 have no place for them (the plans
    themselves do not change). A list re-coding its communities drops them all.
    """
    from geo.store.models import PLAN_COMMUNITIES as PC

    with store.read() as conn:
        rows = conn.execute(
            select(PC.c.community_id, PC.c.county_code).where(PC.c.status != "exited").distinct()
        ).all()
    planned = pd.DataFrame(rows, columns=["community_id", "county_code"])
    planned = planned[in_area(planned["county_code"], area_code)]
    listed = set(pd.Series(list(ids), dtype=object).astype(str))  # type: ignore[call-overload]
    return sorted(set(planned["community_id"].astype(str)) - listed)


def save_area_layer(
    store: Store,
    user: User,
    layer: str,
    area_code: str,
    frame: pd.DataFrame,
    file_name: str,
) -> tuple[int, int]:
    """Keep ``frame`` as area ``area_code``'s own ``layer`` (replacing its earlier upload).

    Parameters
    ----------
    store
        Open database.
    user
        The centre, or the province account of the area's province.
    layer
        ``"communities"``.
    area_code
        Province (2 digits) or city (4 digits) code.
    frame
        The accepted layer (with ``county_code``, ``lon``, ``lat``).
    file_name
        The uploaded file's name.

    Returns
    -------
    (kept, outside)
        Rows kept for the area, and rows outside it (left out).

    Raises
    ------
    PermissionDenied
        Not the centre and not the area's province.
    InputError
        No row inside the area (code ``empty``), a layer without ``county_code``, rows
        marked as simulated data (code ``simulated``: an area's list is shown as real), or
        ids another area's stored list uses (code ``duplicate``).
    """
    user = acting_user(store, user)
    if not _may_write(user, area_code):
        raise PermissionDenied(
            f"{user.label()} may not replace the communities of {area_code}", who=user.label()
        )
    if "county_code" not in frame.columns:
        raise InputError.single(
            "store.problem.no_county_column", column="county_code", code="missing"
        )
    table = pd.DataFrame(frame).drop(columns=["geometry"], errors="ignore")
    inside = in_area(table["county_code"], area_code)
    kept, outside = table[inside], int((~inside).sum())
    if kept.empty:
        raise InputError.single(
            "store.problem.area_none_inside",
            n=outside,
            area=area_code,
            file=file_name,
            column="county_code",
            code="empty",
        )
    simulated = (
        int(kept["simulated"].fillna(False).astype(bool).sum()) if "simulated" in kept else 0
    )
    if simulated:  # every page names an area's list as real: a demo file must not become one
        raise InputError.single(
            "store.problem.area_simulated",
            n=simulated,
            file=file_name,
            code="simulated",
        )
    _refuse_taken_ids(store, layer, area_code, kept["id"], file_name)
    buffer = _io.BytesIO()
    kept.reset_index(drop=True).to_parquet(buffer, index=False)
    now = utcnow()
    with store.write() as conn:
        conn.execute(
            delete(AREA_LAYERS).where(
                AREA_LAYERS.c.layer == layer, AREA_LAYERS.c.area_code == area_code
            )
        )
        conn.execute(
            AREA_LAYERS.insert().values(
                layer=layer,
                area_code=area_code,
                file_name=file_name[:200],
                rows=len(kept),
                content=buffer.getvalue(),
                uploaded_by=user.name,
                uploaded_at=now,
            )
        )
        write_audit(
            conn,
            user=user.name,
            action="area_layer",
            entity="area_layers",
            entity_id=f"{layer}:{area_code}",
            before=None,
            after={"file": file_name, "rows": len(kept), "outside": outside},
            at=now,
        )
    return len(kept), outside


def _refuse_taken_ids(
    store: Store, layer: str, area_code: str, ids: pd.Series, file_name: str
) -> None:
    """Refuse a list reusing ids of another area's stored list (one neither inside nor
    around this area: a city's list may repeat its province's ids for its own communities).
    Two cities numbering their communities 1, 2, 3 … made one id name two communities: a
    plan holds a community by its id, so the form listed it twice and progress counted it
    twice."""
    mine = set(ids.astype(str))
    taken: dict[str, list[str]] = {}
    for other in area_layers(store, layer):
        code = other.area_code
        nested = code.startswith(area_code) or area_code.startswith(code)
        if nested and area_unit(code) == area_unit(area_code):  # not Xinjiang and the XPCC
            continue
        same = sorted(mine & set(other.frame["id"].astype(str)))
        if same:
            taken[code] = same
    if taken:
        shown = sorted({i for found in taken.values() for i in found})
        raise InputError.single(
            "store.problem.area_ids_taken",
            file=file_name,
            column="id",
            code="duplicate",
            n=f"{len(shown):,}",
            areas=", ".join(sorted(taken)),
            ids=", ".join(shown[:5]) + (" …" if len(shown) > 5 else ""),
        )


def area_token(store: Store, layer: str) -> tuple[tuple[str, str], ...]:
    """A cheap identity of the stored area lists of ``layer`` (area and upload time), for
    caches: it changes whenever an area uploads again."""
    with store.read() as conn:
        rows = conn.execute(
            select(AREA_LAYERS.c.area_code, AREA_LAYERS.c.uploaded_at)
            .where(AREA_LAYERS.c.layer == layer)
            .order_by(AREA_LAYERS.c.area_code)
        ).all()
    return tuple((r.area_code, r.uploaded_at.isoformat()) for r in rows)


@dataclass(frozen=True)
class AreaList:
    """Which file an area's own list came from, who uploaded it and when (no rows)."""

    area_code: str
    file_name: str
    rows: int
    uploaded_by: str
    uploaded_at: dt.datetime


def area_lists(store: Store, layer: str = "communities") -> dict[str, AreaList]:
    """Area code → its stored list's file, size, uploader and time (rows not read)."""
    with store.read() as conn:
        rows = conn.execute(
            select(
                AREA_LAYERS.c.area_code,
                AREA_LAYERS.c.file_name,
                AREA_LAYERS.c.rows,
                AREA_LAYERS.c.uploaded_by,
                AREA_LAYERS.c.uploaded_at,
            ).where(AREA_LAYERS.c.layer == layer)
        ).all()
    return {
        r.area_code: AreaList(r.area_code, r.file_name, r.rows, r.uploaded_by, r.uploaded_at)
        for r in rows
    }


def sources(frame: pd.DataFrame, ids: object) -> tuple[list[str], bool]:
    """Where the communities ``ids`` of a merged layer ``frame`` come from: the codes of the
    area lists among them (sorted), and whether any of them is from the base layer (the
    embedded, possibly simulated, one). Ids missing from ``frame`` count as neither."""
    wanted = set(pd.Series(list(ids), dtype=object).astype(str))  # type: ignore[call-overload]
    rows = frame[frame["id"].astype(str).isin(wanted)]
    marks = rows[AREA_COLUMN].fillna("").astype(str) if AREA_COLUMN in rows else None
    if marks is None:
        return [], bool(len(rows))
    return sorted(set(marks[marks != ""])), bool((marks == "").any())


def area_layers(store: Store, layer: str) -> list[AreaLayer]:
    """Every stored area list of ``layer``, provinces before cities."""
    with store.read() as conn:
        rows = conn.execute(select(AREA_LAYERS).where(AREA_LAYERS.c.layer == layer)).all()
    out = [
        AreaLayer(
            r.layer,
            r.area_code,
            r.file_name,
            r.rows,
            r.uploaded_by,
            r.uploaded_at,
            pd.read_parquet(_io.BytesIO(r.content)),
        )
        for r in rows
    ]
    return sorted(out, key=lambda a: (len(a.area_code), a.area_code))


def _with_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """An uploaded list with the province, city and region codes its county codes imply
    where the file gave none (the scope filters on them: a city's own list without a
    ``city_code`` column showed no community on the city's scope)."""
    out = frame.copy()
    county = out["county_code"].astype(str)
    for column, width in (("province_code", 2), ("city_code", 4)):
        given = (
            out[column].fillna("").astype(str) if column in out else pd.Series("", index=out.index)
        )
        out[column] = given.where(given.str.strip() != "", county.str[:width])
    if "region" not in out or out["region"].fillna("").astype(str).eq("").any():
        known = {p.code: p.region for p in regions.action_provinces()}
        given = (
            out["region"].fillna("").astype(str)
            if "region" in out
            else pd.Series("", index=out.index)
        )
        out["region"] = given.where(given != "", out["province_code"].map(known).fillna(""))
    return out


def merge_areas(base: gpd.GeoDataFrame, areas: list[AreaLayer]) -> gpd.GeoDataFrame:
    """``base`` with each area's communities replaced by its own list (the rest unchanged).

    Rows from an area list get :data:`AREA_COLUMN` set to the area's code; other rows have
    it empty. A city's list applied after its province's replaces only the city.
    """
    merged = base.copy()
    merged[AREA_COLUMN] = ""
    for area in areas:
        merged = merged[~in_area(merged["county_code"], area.area_code)]
        own = _layers.to_geodataframe(
            _with_codes(area.frame).assign(**{AREA_COLUMN: area.area_code})
        )
        merged = pd.concat([merged, own], ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=base.crs)


def shared_layer(
    store: Store, base: gpd.GeoDataFrame, layer: str = "communities"
) -> gpd.GeoDataFrame:
    """The layer every session shares: ``base`` with the areas' own lists stored on the
    server (:func:`merge_areas`), or ``base`` itself when none is stored.

    Parameters
    ----------
    store
        The database holding the lists.
    base
        The embedded layer.
    layer
        Which layer's lists.
    """
    stored = area_layers(store, layer)
    return merge_areas(base, stored) if stored else base


def places(layer: pd.DataFrame) -> pd.DataFrame:
    """``community_id``, ``lon``, ``lat``: one place per id of a layer built by
    :func:`merge_areas`. An area's own list may reuse an id found elsewhere; its own row,
    merged last, is kept, so that a lookup by id never counts a community twice."""
    where = pd.DataFrame(layer[["id", "lon", "lat"]]).drop_duplicates("id", keep="last")
    return where.rename(columns={"id": "community_id"}).reset_index(drop=True)
