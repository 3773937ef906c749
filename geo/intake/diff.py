"""What changes when an imported layer replaces the current one.

Rows are matched by ``id``: ids only in the new layer are *added*, ids only in the old
one *removed*, and ids in both whose points are more than :data:`MOVED_THRESHOLD_M` apart
*moved*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.core.distance import haversine_m

MOVED_THRESHOLD_M = 10.0
"""Two points of the same id closer than this (metres) count as the same place."""


@dataclass(frozen=True)
class LayerDiff:
    """Differences between an old and a new version of a layer.

    Attributes
    ----------
    added, removed
        Ids only in the new, only in the old layer (in layer order).
    moved
        Table of ids in both layers that moved: ``id``, ``old_lon``, ``old_lat``, ``lon``,
        ``lat``, ``moved_m``.
    unchanged
        Count of ids in both layers at the same place.
    """

    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: pd.DataFrame
    unchanged: int

    def counts(self) -> dict[str, int]:
        """``{"added": …, "removed": …, "moved": …, "unchanged": …}``."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "moved": len(self.moved),
            "unchanged": self.unchanged,
        }


def compare(
    old: pd.DataFrame | None, new: pd.DataFrame, moved_threshold_m: float = MOVED_THRESHOLD_M
) -> LayerDiff:
    """Compare two versions of a layer by ``id``.

    Parameters
    ----------
    old
        The layer being replaced (``None`` or empty: every new row is added).
    new
        The layer replacing it.
    moved_threshold_m
        Distance in metres above which a row counts as moved.

    Returns
    -------
    LayerDiff
    """
    new_ids = new["id"].astype(str)
    if old is None or len(old) == 0:
        empty = pd.DataFrame(columns=["id", "old_lon", "old_lat", "lon", "lat", "moved_m"])
        return LayerDiff(tuple(new_ids), (), empty, 0)
    old_ids = old["id"].astype(str)
    old_set, new_set = set(old_ids), set(new_ids)
    added = tuple(i for i in new_ids if i not in old_set)
    removed = tuple(i for i in old_ids if i not in new_set)
    left = pd.DataFrame(
        {
            "id": old_ids.to_numpy(),
            "old_lon": old["lon"].to_numpy(dtype=float),
            "old_lat": old["lat"].to_numpy(dtype=float),
        }
    ).drop_duplicates("id")
    right = pd.DataFrame(
        {
            "id": new_ids.to_numpy(),
            "lon": new["lon"].to_numpy(dtype=float),
            "lat": new["lat"].to_numpy(dtype=float),
        }
    ).drop_duplicates("id")
    both = left.merge(right, on="id", how="inner")
    both["moved_m"] = haversine_m(both["old_lon"], both["old_lat"], both["lon"], both["lat"])
    moved_mask = np.asarray(both["moved_m"] > moved_threshold_m)
    moved = both.loc[moved_mask].reset_index(drop=True)
    return LayerDiff(added, removed, moved, int((~moved_mask).sum()))
