"""Small simulated layers for the scoring, quota and selection tests.

Clustered random points around a few real cities, with the columns of geo/core/layers.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.core import regions
from geo.core.layers import UNIT_TYPES, to_geodataframe

# (province_code, city_code, county codes, lon, lat)
CITIES = (
    ("44", "4401", ("440103", "440104", "440106"), 113.27, 23.13),
    ("44", "4406", ("440604", "440605"), 113.12, 23.02),
    ("42", "4201", ("420102", "420103", "420106"), 114.30, 30.59),
    ("42", "4205", ("420502",), 111.29, 30.70),
    ("51", "5101", ("510104", "510105"), 104.07, 30.67),
    ("65", "6590", ("659001",), 86.04, 44.31),
)


def communities(n: int = 600, seed: int = 1) -> pd.DataFrame:
    """Simulated communities spread over :data:`CITIES`."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n):
        prov, city, counties, lon, lat = CITIES[k % len(CITIES)]
        county = counties[rng.integers(len(counties))]
        pop = int(rng.integers(2_000, 15_000))
        rows.append(
            {
                "id": f"C{k:05d}",
                "name": f"社区{k}",
                "province_code": prov,
                "province": regions.province(prov).name,
                "city_code": city,
                "city": f"城市{city}",
                "county_code": county,
                "district": f"区{county}",
                "subdistrict": f"街道{k % 7}",
                "region": regions.region_of(prov),
                "lon": lon + rng.normal(0, 0.05),
                "lat": lat + rng.normal(0, 0.05),
                "population": pop,
                "youth": int(pop * rng.uniform(0.15, 0.4)),
                "children": int(pop * rng.uniform(0.05, 0.15)),
                "elderly": int(pop * rng.uniform(0.08, 0.25)),
                "elderly_alone_share": float(rng.uniform(0.05, 0.3)),
            }
        )
    return to_geodataframe(pd.DataFrame(rows))


def points(layer: str, n: int, seed: int) -> pd.DataFrame:
    """Simulated Youth Homes, campuses or resident units near the same cities."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n):
        prov, city, counties, lon, lat = CITIES[k % len(CITIES)]
        row = {
            "id": f"{layer[0].upper()}{k:04d}",
            "name": f"{layer}{k}",
            "lon": lon + rng.normal(0, 0.05),
            "lat": lat + rng.normal(0, 0.05),
            "province_code": prov,
            "city_code": city,
        }
        if layer == "campuses":
            row["university"] = f"大学{k}"
        if layer == "resident_units":
            row["unit_type"] = UNIT_TYPES[k % len(UNIT_TYPES)]
        rows.append(row)
    return to_geodataframe(pd.DataFrame(rows))
