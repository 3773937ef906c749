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


def _calls(run) -> int:  # noqa: ANN001 - a function of no arguments
    """Python function calls made by ``run()`` (sys.setprofile), after a first run."""
    import sys

    run()
    calls = 0

    def count(frame, event, arg):  # noqa: ANN001, ANN202 - sys.setprofile's signature
        nonlocal calls
        calls += 1

    sys.setprofile(count)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls


def test_a_few_communities_are_matched_against_a_whole_layer_in_arrow(layers) -> None:
    """A few communities' hosted Youth Homes (the 备案表's 青年之家情况) and place names, and
    a province's indicators, matched their ids against a whole layer with pandas' isin (or
    a set built from it), which takes each of the layer's ids in turn in Python: 0.44 s,
    1.3 s and 0.53 s of CPU for 5 communities against the 35,712 homes, 5 against the
    110,000 communities and Guangdong's 11,423 against the homes. Counted in function
    calls, not seconds: 87,213, 245,231 and 116,877 on the previous commit."""
    from geo.analysis import indicators
    from geo.dataset import places
    from geo.export import filing_form

    comm, homes = layers.communities, layers.youth_homes
    host = comm[comm["id"].isin(homes["community_id"].dropna().head(1))]
    few = pd.concat([host, comm[comm["county_code"] == "440106"].head(4)])
    gd = comm[comm["province_code"] == "44"]
    assert len(homes) > 30_000 and len(comm) > 100_000 and len(gd) > 10_000

    marked = filing_form._youth_homes(few, homes)
    assert marked["hosts_home"].tolist() == [True] + [
        i in set(homes["community_id"]) for i in few["id"].iloc[1:]
    ]
    assert marked["home_distance_m"].iloc[0] == 0.0
    named = places.with_place_names(few[["id", "lon", "lat"]], comm)
    assert named["subdistrict"].tolist() == few["subdistrict"].astype(str).tolist()
    scored = indicators.compute(gd, homes)
    hosts = gd["id"].isin(set(homes["community_id"].dropna())).to_numpy()
    assert (scored["home_distance_m"].to_numpy()[hosts] == 0).all() and hosts.any()

    assert _calls(lambda: filing_form._youth_homes(few, homes)) < 40_000
    assert _calls(lambda: places.with_place_names(few[["id", "lon", "lat"]], comm)) < 100_000
    assert _calls(lambda: indicators.compute(gd, homes)) < 80_000
