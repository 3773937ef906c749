"""Normalisation, entropy weights, TOPSIS, ranks, explanations and sensitivity."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo import i18n
from geo.analysis import indicators as ind
from geo.analysis import scoring
from geo.core.errors import InputError
from tests import _scoring_data as sd


def test_entropy_weights_match_a_hand_computed_example():
    x = np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 4.0]])
    # column 1 → min-max 0, .5, 1 → p = 0, 1/3, 2/3; column 2 → 0, 0, 1 → p = 0, 0, 1
    e1 = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    d = np.array([1 - e1, 1.0])
    assert scoring.entropy_weights(x, ["benefit", "benefit"]) == pytest.approx(d / d.sum())


def test_entropy_treats_a_cost_column_by_flipping_it():
    x = np.array([[3.0, 1.0], [2.0, 1.0], [1.0, 4.0]])
    expected = scoring.entropy_weights(
        np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 4.0]]), ["benefit"] * 2
    )
    assert scoring.entropy_weights(x, ["cost", "benefit"]) == pytest.approx(expected)


def test_topsis_matches_a_hand_computed_example():
    x = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]])
    z = scoring.normalise(x, ["benefit", "benefit"], "vector")
    c, _ = scoring.topsis(z, np.array([0.5, 0.5]))
    # alternative 3 is ideal; 1 and 2 sit √5 from the ideal and 1 from the anti-ideal (×0.5/√14)
    assert c == pytest.approx([1 / (1 + math.sqrt(5)), 1 / (1 + math.sqrt(5)), 1.0])


def test_topsis_with_a_cost_criterion():
    x = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    z = scoring.normalise(x, ["benefit", "cost"], "vector")
    c, _ = scoring.topsis(z, np.array([0.5, 0.5]))
    assert c == pytest.approx([0.0, 0.5, 1.0])


def test_minmax_flips_cost_indicators():
    z = scoring.normalise(
        np.array([[0.0, 0.0], [5.0, 5.0], [10.0, 10.0]]), ["benefit", "cost"], "minmax"
    )
    assert z[:, 0] == pytest.approx([0, 0.5, 1])
    assert z[:, 1] == pytest.approx([1, 0.5, 0])


def test_rank_normalisation_averages_ties():
    z = scoring.normalise(np.array([[1.0], [1.0], [3.0]]), ["benefit"], "rank")
    assert z[:, 0] == pytest.approx([0.25, 0.25, 1.0])


def test_zscore_has_zero_mean_unit_spread():
    z = scoring.normalise(np.array([[1.0], [2.0], [3.0], [6.0]]), ["benefit"], "zscore")
    assert z.mean() == pytest.approx(0) and z.std() == pytest.approx(1)


def _frame():
    c = sd.communities(300)
    return ind.compute(c, sd.points("youth_homes", 30, 2), sd.points("campuses", 20, 3))


def test_weighted_score_is_the_sum_of_contributions_and_ranks_follow_it():
    r = scoring.score(_frame(), {"youth": 2, "children": 1, "home_distance_m": 1})
    f = r.frame
    assert r.weights.sum() == pytest.approx(1) and r.weights["youth"] == pytest.approx(0.5)
    contrib = f[[c for c in f.columns if c.startswith("contrib_")]].sum(axis=1)
    assert contrib.to_numpy() == pytest.approx(f["score"].to_numpy())
    assert f.loc[f["rank"] == 1, "score"].item() == f["score"].max()
    for _, g in f.groupby("province_code"):
        assert sorted(g["rank_in_province"]) == list(range(1, len(g) + 1))
        assert g.loc[g["rank_in_province"] == 1, "score"].item() == g["score"].max()


@pytest.mark.parametrize("method", ["weighted", "topsis", "entropy"])
def test_an_indicator_no_community_has_is_left_out_of_the_weights(method):
    """Without a Youth Home layer every community's home distance is unknown: it was scored
    as a constant while the weights printed 距最近青年之家=0.100. It is left out, named, and
    the others' weights rescaled; the ranking is that of the weights without it."""
    frame = _frame().assign(home_distance_m=np.nan)
    asked = {"youth": 2, "children": 1, "home_distance_m": 1}
    r = scoring.score(frame, asked, method=method)
    assert r.unmeasured == ("home_distance_m",) and "home_distance_m" not in r.keys
    assert list(r.weights.index) == ["youth", "children"]
    assert r.weights.sum() == pytest.approx(1)
    if method != "entropy":
        assert r.weights["youth"] == pytest.approx(2 / 3)
    assert not [c for c in r.frame.columns if c.endswith("home_distance_m")]
    without = scoring.score(frame, {"youth": 2, "children": 1}, method=method)
    assert r.frame["rank"].tolist() == without.frame["rank"].tolist()
    measured = scoring.score(_frame(), asked, method=method)
    assert measured.unmeasured == () and "home_distance_m" in measured.keys


def test_the_xpccs_cities_rank_among_themselves_not_inside_xinjiang():
    """The XPCC files on its own line, so its cities' 省内排名 is within the XPCC (it ranked
    them inside Xinjiang: the XPCC's best community was 182nd), and Xinjiang's own rank
    without them; the explanation counts the same unit."""
    f = _frame().iloc[:40].copy()
    f["province_code"] = "65"
    f["county_code"] = ["659001" if i % 4 == 0 else "650102" for i in range(len(f))]
    r = scoring.score(f)
    out = r.frame.assign(xpcc=f["county_code"].str.startswith("6590").to_numpy())
    assert out["quota_unit"].tolist() == ["XPCC" if x else "65" for x in out["xpcc"]]
    for _, g in out.groupby("xpcc"):
        assert sorted(g["rank_in_province"]) == list(range(1, len(g) + 1))
        assert g.loc[g["rank_in_province"] == 1, "score"].item() == g["score"].max()
    first = out.loc[out["xpcc"], "id"].iloc[0]
    assert set(scoring.explain(r, first)["of"]) == {10}  # the XPCC's 10, not Xinjiang's 40


def test_changing_a_weight_changes_the_ranking():
    f = _frame()
    a = scoring.score(f, {"youth": 1.0, "elderly": 0.1})
    b = scoring.score(f, {"youth": 0.1, "elderly": 1.0})
    assert (
        a.frame.sort_values("rank")["id"].head(10).tolist()
        != b.frame.sort_values("rank")["id"].head(10).tolist()
    )


def test_weights_too_large_to_add_up_are_shares_as_any_others():
    """youth=1e308,children=1e308 summed to inf: every weight became 0 and every score 0,
    with no word of it. Weights are shares of their sum, however large they are."""
    f = _frame()
    huge = scoring.score(f, {"youth": 1e308, "children": 1e308})
    plain = scoring.score(f, {"youth": 1, "children": 1})
    assert huge.weights.to_dict() == pytest.approx({"youth": 0.5, "children": 0.5})
    assert huge.frame["score"].to_numpy() == pytest.approx(plain.frame["score"].to_numpy())
    assert huge.frame["score"].max() > 0


def test_unknown_indicator_and_negative_weight_are_input_errors():
    f = _frame()
    with pytest.raises(InputError) as err:
        scoring.score(f, {"nonsense": 1})
    assert "unknown indicator 'nonsense'" in i18n.problems_text(err.value.problems, "en")
    assert "未知指标 'nonsense'" in i18n.problems_text(err.value.problems, "zh")
    with pytest.raises(InputError) as err:
        scoring.score(f, {"youth": -1})
    assert "non-negative" in i18n.problems_text(err.value.problems, "en")
    with pytest.raises(InputError) as err:
        scoring.score(f, method="nonsense")
    assert [(p.key, p.column) for p in err.value.problems] == [("scoring.problem.method", "method")]
    with pytest.raises(InputError):
        scoring.parse_weights("youth=abc")


def test_imported_numeric_column_can_be_weighed():
    f = _frame()
    f["volunteers"] = np.arange(len(f), dtype=float)
    r = scoring.score(f, {"volunteers": 1})
    assert r.frame.loc[r.frame["rank"] == 1, "id"].item() == f["id"].iloc[-1]


def test_explanation_lists_each_indicator_with_its_provincial_rank():
    f = _frame()
    r = scoring.score(f)
    cid = r.frame.loc[r.frame["rank"] == 1, "id"].item()
    e = scoring.explain(r, cid)
    assert list(e["key"]) == list(r.keys)
    assert e["contribution"].sum() == pytest.approx(
        r.frame.loc[r.frame["id"] == cid, "score"].item()
    )
    assert (e["rank_in_province"] >= 1).all() and (e["rank_in_province"] <= e["of"]).all()
    with pytest.raises(KeyError):
        scoring.explain(r, "no-such-id")


def test_sensitivity_counts_the_list_changes_a_weight_move_causes():
    # two communities tied apart by 5 %: a +10 % move on b's strength swaps the top one
    f = pd.DataFrame({"id": ["p", "q"], "youth": [1.0, 0.0], "children": [0.0, 1.0]})
    r = scoring.score(f, {"youth": 0.52, "children": 0.48})
    s = scoring.sensitivity(r, 1)
    row = s[(s["key"] == "children") & (s["change"] == "+10%")]
    assert row["changed"].item() == 1
    assert s[(s["key"] == "youth") & (s["change"] == "+10%")]["changed"].item() == 0


def test_every_string_of_the_scoring_and_selection_pages_is_in_both_languages(root):
    import re

    from geo import i18n
    from geo.locales import scoring as loc_scoring
    from geo.locales import selection as loc_selection

    for zh, en in {**loc_scoring.STRINGS, **loc_selection.STRINGS}.values():
        assert zh.strip() and en.strip()
    used = set()
    for rel in (
        "pages/scoring.py",
        "pages/selection.py",
        "ui/scoring.py",
        "ui/selection.py",
        "geo/maps/selection.py",
    ):
        used |= set(re.findall(r'\bt\(\s*"([a-z_.]+)"', (root / rel).read_text(encoding="utf-8")))
    dynamic = {f"scoring.method.{m}" for m in scoring.METHODS} | {
        f"scoring.normalise.{m}" for m in scoring.NORMALISATIONS
    }
    dynamic |= {f"scoring.direction.{d}" for d in ("benefit", "cost")}
    missing = sorted(k for k in used | dynamic if not i18n.has(k))
    assert not missing


def test_quota_picker_keeps_the_top_of_each_group_within_its_quota():
    ids = np.array(["a", "b", "c", "d", "e"])
    groups = np.array(["x", "x", "y", "y", "y"])
    pick = scoring.quota_picker(ids, groups, {"x": 1, "y": 2})
    chosen = pick(np.array([0.1, 0.9, 0.5, 0.5, 0.7]))
    assert ids[chosen].tolist() == ["b", "c", "e"]  # c and d tie: c wins by id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_documentation_gives_unit_direction_and_source_in_words(lang):
    import re

    from geo import i18n
    from ui import scoring as sstate

    frame = sd.communities(30, 3).assign(volunteers=range(30))
    raw = i18n.render_terms(ind.indicator_table(frame), lang)
    doc = sstate.headers(raw, lambda k, **v: i18n.t(k, lang, **v))
    assert len(doc) == len(ind.INDICATORS) + 1  # the imported column is listed too
    cells = doc.astype(str).to_numpy().ravel()
    assert not [c for c in cells if "⟦" in c]
    unit = doc[i18n.t("scoring.col.unit", lang)]
    direction = doc[i18n.t("scoring.col.direction", lang)]
    assert unit.str.len().gt(0).all() and direction.str.len().gt(0).all()
    assert direction.iloc[-1] == i18n.t("scoring.direction.benefit", lang)
    source = doc[i18n.t("scoring.col.source", lang)]
    assert source.nunique() == len(source)  # every indicator says where it comes from
    if lang == "zh":  # no English code left in the Chinese table
        assert not [u for u in unit if re.fullmatch(r"[a-z]+", u)]
