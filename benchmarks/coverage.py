"""Coverage benchmark: every community against every Youth Home, radii 500 m – 5 km.

Times :func:`geo.analysis.coverage.community_coverage` (nearest Youth Home through a k-d tree on
unit vectors) on the embedded national dataset at several radii, beside two peers run in
the same process on the same points:

* scikit-learn's haversine ``BallTree`` nearest query (:func:`geo.core.distance.nearest`),
  whose covered flags must agree exactly;
* brute-force haversine (numpy, all Youth Homes) on a random sample of communities, the
  exact reference for the distances.

Usage::

    .venv/bin/python benchmarks/coverage.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import dataset  # noqa: E402
from geo.analysis import coverage  # noqa: E402
from geo.core import distance  # noqa: E402
from geo.core.layers import lonlat  # noqa: E402

RADII_M = (500, 1_000, 2_000, 3_000, 5_000)
SAMPLE = 2_000


def main() -> int:
    layers = dataset.load_layers()
    c, h = layers.communities, layers.youth_homes
    print(f"{len(c):,} communities × {len(h):,} Youth Homes (embedded, simulated)\n")
    t0 = time.perf_counter()
    bt_d, _ = distance.nearest(lonlat(c), lonlat(h), k=1)
    t_bt = time.perf_counter() - t0
    bt_d = bt_d[:, 0]
    rng = np.random.default_rng(0)
    sample = rng.choice(len(c), SAMPLE, replace=False)
    cs = lonlat(c)[sample]
    hs = lonlat(h)
    t0 = time.perf_counter()
    brute = np.concatenate(
        [
            distance.haversine_m(
                cs[i : i + 200, None, 0], cs[i : i + 200, None, 1], hs[None, :, 0], hs[None, :, 1]
            ).min(axis=1)
            for i in range(0, SAMPLE, 200)
        ]
    )
    t_brute = time.perf_counter() - t0
    print(
        "| radius (m) | YouthMap community_coverage (s) | sklearn haversine BallTree (s) "
        "| covered | same flags as BallTree | max |Δd| vs brute force on sample (m) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in RADII_M:
        t0 = time.perf_counter()
        cov = coverage.community_coverage(c, h, r)
        sec = time.perf_counter() - t0
        flags = cov["covered"].to_numpy()
        same = (flags == (bt_d <= r)).mean()
        err = np.abs(cov["distance_m"].to_numpy()[sample] - brute).max()
        print(f"| {r:,} | {sec:.3f} | {t_bt:.2f} | {flags.mean():.1%} | {same:.4%} | {err:.2e} |")
    print(
        f"\nbrute-force haversine of {SAMPLE:,} sampled communities against all Youth Homes: "
        f"{t_brute:.2f} s (≈{t_brute * len(c) / SAMPLE:.0f} s for all)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
