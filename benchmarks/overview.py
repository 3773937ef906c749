"""Overview benchmark: layer loading, overview page run time (AppTest) and map HTML size.

Prints one table per measure for the embedded dataset, each beside a peer measured in the
same run:

- loading the four layers with ``geo.dataset.load_layers`` beside reading the same Parquet
  files with plain ``pandas.read_parquet`` (no geometry, no checks: a lower bound);
- the overview page (``app.py`` → ``pages/overview.py``) through AppTest at national, one
  province (广东 44) and one city (广州 4401) scope: first run (map built) and re-run
  (cached map), beside the same map built by ``geo.export.overview.overview_map`` alone;
- the map HTML size and build+render time at each scope, beside the naive folium build
  (every point of every layer in the scope as ``folium.GeoJson`` with a
  ``GeoJsonTooltip``, and at city scope also one ``folium.CircleMarker`` per point).

Run: ``.venv/bin/python benchmarks/overview.py`` (about two minutes).
"""

from __future__ import annotations

import time
from pathlib import Path

import folium
import pandas as pd

from geo import dataset
from geo.core.layers import LAYER_NAMES
from geo.core.scope import Scope, apply
from geo.export import overview

ROOT = Path(__file__).resolve().parents[1]
SCOPES: dict[str, Scope] = {
    "national": Scope(),
    "province 44 广东": Scope(province_code="44"),
    "city 4401 广州": Scope(province_code="44", city_code="4401"),
}
WIDGETS: dict[str, dict[str, str]] = {
    "national": {},
    "province 44 广东": {"scope_province": "44"},
    "city 4401 广州": {"scope_province": "44", "scope_city": "4401"},
}
MB = 1_000_000


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bench_load() -> pd.DataFrame:
    _, ours = _timed(lambda: dataset.load_layers())
    files = sorted((ROOT / "data").glob("*.parquet"))
    layer_files = [f for f in files if f.stem in LAYER_NAMES]
    _, plain = _timed(lambda: [pd.read_parquet(f) for f in layer_files])
    _, bnd = _timed(
        lambda: [
            dataset.load_boundaries(level) for level in ("province", "city", "county", "lines")
        ]
    )
    return pd.DataFrame(
        [
            {"what": "geo.dataset.load_layers() (4 layers)", "seconds": ours},
            {"what": "peer: pandas.read_parquet of the 4 layer files", "seconds": plain},
            {"what": "geo.dataset.load_boundaries() x4 levels", "seconds": bnd},
        ]
    )


def bench_page() -> pd.DataFrame:
    from streamlit.testing.v1 import AppTest

    warm = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    _, warmup = _timed(warm.run)  # loads the dataset into the process-wide cache
    rows = [{"scope": "(warm-up: national, includes loading)", "first run s": warmup}]
    layers = dataset.load_layers()
    for label, widgets in WIDGETS.items():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        for key, value in widgets.items():
            at.session_state[key] = value
        _, first = _timed(at.run)
        assert not at.exception, [e.value for e in at.exception]
        _, rerun = _timed(lambda at=at: at.switch_page("pages/overview.py").run())
        _, build = _timed(
            lambda label=label: overview.overview_map(layers, SCOPES[label]).get_root().render()
        )
        rows.append(
            {
                "scope": label,
                "first run s": first,
                "re-run s": rerun,
                "peer: map build+render only s": build,
            }
        )
    return pd.DataFrame(rows)


def _naive_geojson(frame: pd.DataFrame, scope: Scope) -> folium.Map:
    m = folium.Map(location=[35, 105], zoom_start=4)
    for name in LAYER_NAMES:
        layer = apply(frame[name], scope)
        cols = [c for c in overview.TOOLTIP_COLUMNS[name] if c in layer.columns]
        gdf = layer[[*cols, "geometry"]]
        folium.GeoJson(gdf, name=name, tooltip=folium.GeoJsonTooltip(fields=cols)).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def _naive_markers(frame: pd.DataFrame, scope: Scope) -> folium.Map:
    m = folium.Map(location=[35, 105], zoom_start=4)
    for name in LAYER_NAMES:
        group = folium.FeatureGroup(name=name).add_to(m)
        layer = apply(frame[name], scope)
        label = "university" if name == "campuses" else "name"
        for lon, lat, text in zip(layer["lon"], layer["lat"], layer[label], strict=True):
            folium.CircleMarker([lat, lon], radius=3, tooltip=str(text)).add_to(group)
    folium.LayerControl().add_to(m)
    return m


def bench_html() -> pd.DataFrame:
    layers = dataset.load_layers()
    frames = {name: layers.get(name) for name in LAYER_NAMES}
    rows = []
    for label, scope in SCOPES.items():
        counts = overview.layer_counts(layers, scope)
        html_text, secs = _timed(
            lambda scope=scope: overview.overview_map(layers, scope).get_root().render()
        )
        row = {
            "scope": label,
            "points in scope": int(counts.sum()),
            "ours MB": len(html_text.encode()) / MB,
            "ours s": secs,
        }
        if scope.level != "national":  # 590,000 points nationally: hundreds of MB, not attempted
            naive, naive_s = _timed(
                lambda scope=scope: _naive_geojson(frames, scope).get_root().render()
            )
            row.update({"peer GeoJson MB": len(naive.encode()) / MB, "peer GeoJson s": naive_s})
        if scope.level == "city":
            naive, naive_s = _timed(
                lambda scope=scope: _naive_markers(frames, scope).get_root().render()
            )
            row.update(
                {"peer CircleMarker MB": len(naive.encode()) / MB, "peer CircleMarker s": naive_s}
            )
        rows.append(row)
    return pd.DataFrame(rows)


def main() -> None:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    fmt = {"float_format": lambda v: f"{v:,.2f}"}
    print("## Loading the embedded dataset")
    print(bench_load().to_string(index=False, **fmt))
    print("\n## Overview page run time (AppTest)")
    print(bench_page().to_string(index=False, na_rep="", **fmt))
    print("\n## Overview map HTML (m.get_root().render())")
    print(bench_html().to_string(index=False, na_rep="", **fmt))


if __name__ == "__main__":
    main()
