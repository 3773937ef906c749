"""Layer helpers of ``geo.core.layers``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.core import layers


def test_id_mask_agrees_with_pandas_isin_on_text_ids_with_gaps() -> None:
    rng = np.random.default_rng(8)
    pool = np.array([f"C{i:05d}" for i in range(5_000)], dtype=object)
    ids = pd.Series(rng.choice(pool, 20_000), dtype="str")
    ids[rng.random(len(ids)) < 0.05] = None
    wanted = list(rng.choice(pool, 3_000)) + [None, "not-an-id"]
    expected = ids.isin(wanted).to_numpy() & ids.notna().to_numpy()
    assert (layers.id_mask(ids, wanted) == expected).all()
    assert (layers.id_mask(ids, set(wanted) - {None}) == expected).all()
    assert (layers.id_mask(ids.astype(object), pd.Index(wanted)) == expected).all()
    assert not layers.id_mask(ids, []).any()
