"""Deterministic simulator of the three layers with no public source.

No open dataset gives the positions of China's urban communities (社区), its Youth Homes
(青年之家) or the organisations based in each neighbourhood (驻区单位). The embedded
default dataset therefore simulates them inside the real geography:

- **communities**: :data:`TOTAL_COMMUNITIES` nationally, apportioned over counties in
  proportion to their 2020 urban population (POPU × POPU_URB) by the largest-remainder
  method, placed inside the county polygon with a normal density around the polygon's
  representative point (so denser toward the centre), named after the county's real
  subdistricts (街道; else 镇; else the county) as ``"东华门街道第3社区"``, with a
  lognormal population scaled toward the county's urban population and youth, children
  and elderly counts drawn binomially from the county's census shares;
- **Youth Homes**: hosted by a share of communities that is lower in the west
  (:data:`YOUTH_HOME_SHARE`), placed about 150 m from their community;
- **resident units**: a Poisson number per community (mean :data:`UNITS_PER_COMMUNITY`)
  of the types in :data:`geo.core.layers.UNIT_TYPES`, placed about 300 m around it.

Every county draws from its own random stream, seeded by ``(seed, county code)``, and
the counties are visited in code order, so the same seed gives the same rows, and a run
restricted to some provinces gives exactly the national run's rows for them. Files are
written with fixed Parquet settings, so the same seed gives the same bytes.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.core import regions
from geo.core.errors import InputError
from geo.core.layers import UNIT_TYPES

TOTAL_COMMUNITIES = 110_000
"""Communities simulated nationally (China has about 110,000 urban communities)."""
DEFAULT_SEED = 2021
"""Seed of the shipped default dataset."""
YOUTH_HOME_SHARE: dict[str, float] = {"east": 0.36, "central": 0.33, "west": 0.25}
"""Probability that a community hosts a Youth Home, by region."""
UNITS_PER_COMMUNITY = 4.0
"""Mean number of resident units per community (Poisson)."""
COMMUNITY_MEDIAN_POPULATION = 7_000
"""Median resident population of a simulated community before scaling (persons)."""
COMMUNITY_POPULATION_SIGMA = 0.45
"""Log-scale spread of community populations."""
MIN_COMMUNITY_POPULATION = 800
"""Smallest simulated community (persons)."""
SPREAD_FRACTION = 0.2
"""Standard deviation of community positions as a fraction of √(county area)."""
MAX_SPREAD_KM = 12.0
"""Cap of that standard deviation (km), so large rural counties keep a compact centre."""
YOUTH_HOME_OFFSET_M = 150.0
"""Standard deviation of a Youth Home's offset from its community (metres)."""
UNIT_OFFSET_M = 300.0
"""Standard deviation of a resident unit's offset from its community (metres)."""
COMMUNITIES_PER_SUBDISTRICT = 8
"""Typical number of communities per subdistrict when naming them."""
KM_PER_DEG = 111.32

SIMULATED_LAYERS: frozenset[str] = frozenset({"communities", "youth_homes", "resident_units"})

YOUTH_HOME_KINDS: tuple[str, ...] = (
    "社区青年之家",
    "高校青年之家",
    "企业青年之家",
    "园区青年之家",
    "楼宇青年之家",
)
YOUTH_HOME_KIND_P: tuple[float, ...] = (0.62, 0.10, 0.12, 0.09, 0.07)
YOUTH_HOME_CAPACITIES: tuple[int, ...] = (30, 50, 80, 100, 150, 200)
YOUTH_HOME_CAPACITY_P: tuple[float, ...] = (0.15, 0.30, 0.25, 0.17, 0.08, 0.05)

UNIT_TYPE_P: tuple[float, ...] = (0.12, 0.10, 0.15, 0.10, 0.43, 0.10)
"""Probabilities of :data:`geo.core.layers.UNIT_TYPES` (机关 国企 学校 医院 企业 社会组织)."""

_UNIT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "机关": ("办事处", "派出所", "司法所", "市场监管所", "税务所", "城管中队", "财政所"),
    "国企": ("供电所", "燃气营业厅", "邮政支局", "工商银行支行", "建设银行支行", "移动营业厅",
             "电信营业厅", "公交场站", "自来水营业所"),
    "学校": ("小学", "中学", "幼儿园", "实验小学", "第二小学", "职业中学"),
    "医院": ("社区卫生服务中心", "医院", "中医诊所", "口腔门诊部", "妇幼保健站"),
    "企业": ("科技有限公司", "商贸有限公司", "物业服务有限公司", "餐饮管理有限公司",
             "文化传媒有限公司", "建筑工程有限公司", "物流有限公司"),
    "社会组织": ("社会工作服务站", "志愿者协会", "养老服务中心", "青少年服务中心", "慈善工作站",
                 "文体协会"),
}  # fmt: skip
_FIRM_CHARS = "华信恒达嘉盛瑞丰宏远鑫泰和安新源金德昌隆利通佳顺兴海天云星明祥博创正诚汇联合益"

_COMMUNITY_COLUMNS = [
    "id", "name", "province", "province_code", "city", "city_code", "district", "county_code",
    "region", "subdistrict", "lon", "lat", "population", "youth", "children", "elderly",
    "elderly_alone_share", "households", "simulated", "approximate",
]  # fmt: skip
_HOME_COLUMNS = [
    "id", "name", "province", "province_code", "city", "city_code", "district", "county_code",
    "region", "lon", "lat", "community_id", "kind", "capacity", "simulated", "approximate",
]  # fmt: skip
_UNIT_COLUMNS = [
    "id", "name", "unit_type", "province", "province_code", "city", "city_code", "district",
    "county_code", "region", "lon", "lat", "community_id", "simulated", "approximate",
]  # fmt: skip


def allocate(weights: np.ndarray, total: int) -> np.ndarray:
    """Apportion ``total`` over ``weights`` by the largest-remainder (Hamilton) method.

    Parameters
    ----------
    weights
        Non-negative weights; NaN counts as zero.
    total
        Integer total to share out.

    Returns
    -------
    numpy.ndarray of int64
        Shares summing exactly to ``total`` (all zero if every weight is zero). Ties in
        the remainders go to the earlier position.
    """
    w = np.nan_to_num(np.asarray(weights, dtype=float), nan=0.0)
    w = np.clip(w, 0.0, None)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    quota = w / w.sum() * total
    base = np.floor(quota).astype(np.int64)
    left = int(total - base.sum())
    order = np.lexsort((np.arange(len(w)), -(quota - base)))
    base[order[:left]] += 1
    return base


def _sample_in_polygon(
    rng: np.random.Generator, geom: shapely.Geometry, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points inside ``geom`` from a normal around its representative point."""
    if n == 0:
        return np.empty(0), np.empty(0)
    shapely.prepare(geom)
    centre = geom.representative_point()
    cx, cy = centre.x, centre.y
    coslat = max(math.cos(math.radians(cy)), 0.2)
    area_km2 = geom.area * KM_PER_DEG**2 * coslat
    sd_km = min(SPREAD_FRACTION * math.sqrt(max(area_km2, 0.01)), MAX_SPREAD_KM)
    sd_lat = sd_km / KM_PER_DEG
    sd_lon = sd_lat / coslat
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    have = 0
    for attempt in range(60):
        m = max(2 * (n - have), 16)
        if attempt < 40:
            x = cx + rng.normal(0.0, sd_lon, m)
            y = cy + rng.normal(0.0, sd_lat, m)
        else:  # thin or fragmented polygons: fall back to uniform over the bounding box
            minx, miny, maxx, maxy = geom.bounds
            x = rng.uniform(minx, maxx, m)
            y = rng.uniform(miny, maxy, m)
        ok = shapely.contains_xy(geom, x, y)
        xs.append(x[ok])
        ys.append(y[ok])
        have += int(ok.sum())
        if have >= n:
            break
    x = np.concatenate(xs)[:n]
    y = np.concatenate(ys)[:n]
    if len(x) < n:  # never seen in practice; keep the count exact
        x = np.concatenate([x, np.full(n - len(x), cx)])
        y = np.concatenate([y, np.full(n - len(y), cy)])
    return x, y


def _subdistrict_index(subdistricts: pd.DataFrame) -> dict[str, list[str]]:
    """Names to give communities, per county: its 街道, else its 镇, else any unit, by code."""
    ordered = subdistricts.sort_values("code")
    by_county: dict[str, dict[str, list[str]]] = {}
    for county, kind, name in zip(
        ordered["county_code"].tolist(),
        ordered["kind"].tolist(),
        ordered["name"].tolist(),
        strict=True,
    ):
        entry = by_county.setdefault(county, {})
        entry.setdefault(kind, []).append(name)
        entry.setdefault("", []).append(name)
    out: dict[str, list[str]] = {}
    for county, kinds in by_county.items():
        names = kinds.get("街道") or kinds.get("镇")
        out[county] = names if names else kinds[""]
    return out


@lru_cache(maxsize=65_536)
def _root(name: str) -> str:
    for suffix in ("街道办事处", "街道", "镇", "乡", "地区办事处"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _offset(rng: np.random.Generator, lon: np.ndarray, lat: np.ndarray, sd_m: float):
    sd_lat = sd_m / 1000.0 / KM_PER_DEG
    sd_lon = sd_lat / np.maximum(np.cos(np.radians(lat)), 0.2)
    return lon + rng.normal(0.0, 1.0, len(lon)) * sd_lon, lat + rng.normal(
        0.0, 1.0, len(lat)
    ) * sd_lat


def _default_inputs():
    from geo import dataset

    return dataset.load_boundaries("county"), dataset.load_census(), dataset.load_subdistricts()


def simulate(
    seed: int = DEFAULT_SEED,
    county_polygons: gpd.GeoDataFrame | None = None,
    census: pd.DataFrame | None = None,
    subdistricts: pd.DataFrame | None = None,
    total: int = TOTAL_COMMUNITIES,
    provinces: list[str] | None = None,
    city_names: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Simulate communities, Youth Homes and resident units.

    Parameters
    ----------
    seed
        Seed of every random stream (each county uses ``(seed, county code)``).
    county_polygons
        County polygons (``code``, ``name``, geometry); default: the embedded boundaries.
    census
        County indicators from :func:`geo.dataset.build.build_census`; default: embedded.
    subdistricts
        Township-level units per county; default: embedded.
    total
        National number of communities; apportioned over all counties before any
        province filter, so a filtered run gives the national run's rows.
    provinces
        Two-digit province codes to simulate (default: all).
    city_names
        Prefecture names by four-digit code (default: the embedded city boundaries').

    Returns
    -------
    dict
        ``{"communities", "youth_homes", "resident_units"}`` → plain DataFrames (no
        geometry) with the columns of :data:`geo.core.layers.SCHEMAS`, sorted by ``id``.

    Raises
    ------
    InputError
        When ``total`` spread over the country leaves ``provinces`` no community
        (``data.problem.simulate_none``).
    """
    if county_polygons is None or census is None or subdistricts is None:
        dc, dn, ds = _default_inputs()
        county_polygons = dc if county_polygons is None else county_polygons
        census = dn if census is None else census
        subdistricts = ds if subdistricts is None else subdistricts
    if city_names is None:
        city_names = _city_names_default()

    cen = census.sort_values("county_code").reset_index(drop=True)
    cen = cen[cen["county_code"].isin(set(county_polygons["code"]))].reset_index(drop=True)
    counts = allocate(cen["urban_population"].to_numpy(dtype=float), total)
    # a WKB round trip drops any precision grid attached in memory, so results do not
    # depend on whether the polygons were just built or read back from Parquet
    plain = shapely.from_wkb(shapely.to_wkb(np.asarray(county_polygons.geometry.values)))
    geoms = dict(zip(county_polygons["code"], plain, strict=True))
    names = dict(zip(county_polygons["code"], county_polygons["name"], strict=True))
    subs_by_county = _subdistrict_index(subdistricts)
    medians = {
        c: float(np.nanmedian(cen[c].to_numpy(dtype=float)))
        for c in (
            "youth_share",
            "children_share",
            "elderly_share",
            "elderly_alone_share",
            "household_size",
        )
    }
    keep = set(provinces) if provinces else None

    comm_parts: list[dict] = []
    home_parts: list[dict] = []
    unit_parts: list[dict] = []
    kinds_p = np.asarray(YOUTH_HOME_KIND_P)
    cap_p = np.asarray(YOUTH_HOME_CAPACITY_P)
    type_p = np.asarray(UNIT_TYPE_P)

    for row, n in zip(cen.itertuples(index=False), counts, strict=True):
        code = row.county_code
        if n == 0 or (keep is not None and code[:2] not in keep):
            continue
        rng = np.random.default_rng([seed, int(code)])
        lon, lat = _sample_in_polygon(rng, geoms[code], int(n))

        # subdistricts as angular sectors around the centre, numbered within each
        sub_names = subs_by_county.get(code) or [names[code]]
        k = int(min(len(sub_names), max(1, round(n / COMMUNITIES_PER_SUBDISTRICT))))
        pick = np.sort(rng.choice(len(sub_names), size=k, replace=False))
        chosen = [sub_names[i] for i in pick]
        angle = np.arctan2(lat - lat.mean(), lon - lon.mean())
        order = np.argsort(angle, kind="stable")
        lon, lat = lon[order], lat[order]
        sector = (np.arange(n) * k) // n
        number = np.arange(n) - np.searchsorted(sector, sector, side="left") + 1

        def share(name: str, _row=row) -> float:
            v = getattr(_row, name)
            return float(v) if v == v else medians[name]  # NaN check

        draw = rng.lognormal(math.log(COMMUNITY_MEDIAN_POPULATION), COMMUNITY_POPULATION_SIGMA, n)
        scale = np.clip(row.urban_population / draw.sum(), 0.4, 2.5) if draw.sum() > 0 else 1.0
        pop = np.maximum(np.round(draw * scale), MIN_COMMUNITY_POPULATION).astype(np.int64)
        youth = rng.binomial(pop, min(max(share("youth_share"), 0.0), 1.0))
        children = rng.binomial(pop, min(max(share("children_share"), 0.0), 1.0))
        elderly = rng.binomial(pop, min(max(share("elderly_share"), 0.0), 1.0))
        hh_size = share("household_size") * rng.normal(1.0, 0.06, n)
        households = np.maximum(np.round(pop / np.clip(hh_size, 1.2, 6.0)), 1).astype(np.int64)
        alone = np.clip(rng.normal(share("elderly_alone_share"), 0.025, n), 0.0, 1.0).round(4)
        ids = _ids(f"C{code}-", n, 4)
        subname = np.asarray(chosen, dtype=object)[sector]
        comm_names = subname + np.char.add(np.char.add("第", number.astype(str)), "社区").astype(
            object
        )
        comm_parts.append(
            {
                "id": ids, "name": comm_names, "county_code": np.full(n, code, dtype=object), "subdistrict": subname,
                "number": number, "lon": lon, "lat": lat, "population": pop, "youth": youth,
                "children": children, "elderly": elderly, "households": households,
                "elderly_alone_share": alone,
            }
        )  # fmt: skip

        region = regions.region_of(code[:2]) or "east"
        has_home = rng.random(n) < YOUTH_HOME_SHARE.get(region, 0.3)
        h = int(has_home.sum())
        hlon, hlat = _offset(rng, lon[has_home], lat[has_home], YOUTH_HOME_OFFSET_M)
        home_parts.append(
            {
                "id": _ids(f"Y{code}-", h, 4), "county_code": np.full(h, code, dtype=object),
                "name": comm_names[has_home] + "青年之家",
                "community_id": ids[has_home], "lon": hlon, "lat": hlat,
                "kind": rng.choice(len(YOUTH_HOME_KINDS), size=h, p=kinds_p),
                "capacity": np.asarray(YOUTH_HOME_CAPACITIES)[rng.choice(len(YOUTH_HOME_CAPACITIES), size=h, p=cap_p)],
            }
        )  # fmt: skip

        per = rng.poisson(UNITS_PER_COMMUNITY, n)
        u = int(per.sum())
        owner = np.repeat(np.arange(n), per)
        ulon, ulat = _offset(rng, lon[owner], lat[owner], UNIT_OFFSET_M)
        utype = rng.choice(len(UNIT_TYPES), size=u, p=type_p)
        usuffix = rng.integers(0, 1_000_000, u)
        ufirm = rng.integers(0, len(_FIRM_CHARS), (u, 2))
        unit_parts.append(
            {
                "id": _ids(f"R{code}-", u, 5), "county_code": np.full(u, code, dtype=object),
                "community_id": ids[owner], "subdistrict": subname[owner], "lon": ulon,
                "lat": ulat, "type": utype, "suffix": usuffix, "firm0": ufirm[:, 0],
                "firm1": ufirm[:, 1],
            }
        )  # fmt: skip

    if not comm_parts:  # the national total spread over the counties left these none
        raise InputError.single("data.problem.simulate_none", total=f"{total:,}")
    comm = _concat(comm_parts)
    homes = _concat(home_parts)
    units = _concat(unit_parts)
    admin = _admin_table(cen, names, city_names)

    communities = pd.DataFrame(
        {
            "id": comm["id"],
            "name": comm["name"],
            "county_code": comm["county_code"],
            "subdistrict": comm["subdistrict"],
            "lon": comm["lon"].round(6),
            "lat": comm["lat"].round(6),
            "population": comm["population"].astype(np.int64),
            "youth": comm["youth"].astype(np.int64),
            "children": comm["children"].astype(np.int64),
            "elderly": comm["elderly"].astype(np.int64),
            "elderly_alone_share": comm["elderly_alone_share"],
            "households": comm["households"].astype(np.int64),
        }
    )
    communities = _with_admin(communities, admin)[_COMMUNITY_COLUMNS]

    youth_homes = pd.DataFrame(
        {
            "id": homes["id"],
            "name": homes["name"],
            "county_code": homes["county_code"],
            "lon": homes["lon"].round(6),
            "lat": homes["lat"].round(6),
            "community_id": homes["community_id"],
            "kind": np.asarray(YOUTH_HOME_KINDS, dtype=object)[homes["kind"].astype(int)],
            "capacity": homes["capacity"].astype(np.int64),
        }
    )
    youth_homes = _with_admin(youth_homes, admin)[_HOME_COLUMNS]

    resident_units = pd.DataFrame(
        {
            "id": units["id"],
            "name": _unit_names(units),
            "unit_type": np.asarray(UNIT_TYPES, dtype=object)[units["type"].astype(int)],
            "county_code": units["county_code"],
            "lon": units["lon"].round(6),
            "lat": units["lat"].round(6),
            "community_id": units["community_id"],
        }
    )
    resident_units = _with_admin(resident_units, admin)[_UNIT_COLUMNS]
    return {
        "communities": communities.sort_values("id").reset_index(drop=True),
        "youth_homes": youth_homes.sort_values("id").reset_index(drop=True),
        "resident_units": resident_units.sort_values("id").reset_index(drop=True),
    }


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    """``prefix`` + 1-based zero-padded numbers, e.g. ``C110101-0001``, as an object array."""
    if n == 0:
        return np.empty(0, dtype=object)
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, numbers).astype(object)


def _concat(parts: list[dict]) -> dict[str, np.ndarray]:
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _city_names_default() -> dict[str, str]:
    from geo import dataset

    cities = dataset.load_boundaries("city")
    return dict(zip(cities["code"], cities["name"], strict=True))


def _admin_table(
    cen: pd.DataFrame, county_names: dict[str, str], city_names: dict[str, str]
) -> pd.DataFrame:
    codes = cen["county_code"]
    prov = codes.str[:2]
    return pd.DataFrame(
        {
            "county_code": codes,
            "province": [regions.province(p).name if p in _PCODES else "" for p in prov],
            "province_code": prov,
            "city": [city_names.get(c, "") for c in codes.str[:4]],
            "city_code": codes.str[:4],
            "district": codes.map(county_names),
            "region": prov.map(regions.region_of),
        }
    )


_PCODES = {p.code for p in regions.PROVINCES}


def _with_admin(frame: pd.DataFrame, admin: pd.DataFrame) -> pd.DataFrame:
    out = frame.merge(admin, on="county_code", how="left", validate="many_to_one")
    out["simulated"] = True
    out["approximate"] = False
    return out


def _unit_names(units: dict[str, np.ndarray]) -> np.ndarray:
    """Plausible names of resident units, vectorised per type over object arrays."""
    sub = units["subdistrict"].astype(object)
    uniq, inverse = np.unique(sub, return_inverse=True)
    roots = np.array([_root(u) for u in uniq], dtype=object)[inverse]
    chars = np.array(list(_FIRM_CHARS), dtype=object)
    names = np.empty(len(sub), dtype=object)
    for k, kind in enumerate(UNIT_TYPES):
        m = units["type"] == k
        pool = np.array(_UNIT_SUFFIXES[kind], dtype=object)
        suffix = pool[units["suffix"][m] % len(pool)]
        if kind == "企业":
            names[m] = roots[m] + chars[units["firm0"][m]] + chars[units["firm1"][m]] + suffix
            continue
        base = roots[m] + suffix
        if kind == "机关":  # a subdistrict office or a township government
            own = sub[m]
            office = suffix == "办事处"
            street = np.array([x.endswith("街道") for x in own], dtype=bool)
            base[office & street] = own[office & street] + "办事处"
            base[office & ~street] = own[office & ~street] + "人民政府"
        names[m] = base
    return names


def write_layers(layers: dict[str, pd.DataFrame], out_dir: str | Path) -> list[Path]:
    """Write simulated layers as ``<name>.parquet`` (plain Parquet, fixed settings).

    Parameters
    ----------
    layers
        Output of :func:`simulate`.
    out_dir
        Directory to write into (created if missing).

    Returns
    -------
    list of pathlib.Path
        Files written.
    """
    from geo.dataset.parquet import write_parquet

    out = Path(out_dir)
    paths = []
    for name in sorted(layers):
        path = out / f"{name}.parquet"
        write_parquet(layers[name], path)
        paths.append(path)
    return paths
