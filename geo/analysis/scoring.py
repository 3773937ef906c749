"""Scoring communities: normalisation, weighting methods, explanations, sensitivity.

A score turns the indicator columns of :mod:`geo.analysis.indicators` into one number per
community. The steps:

1. **Normalise** every indicator so that higher is better (cost indicators are flipped):

   - ``"minmax"``: ``(x - min) / (max - min)`` (benefit) or ``(max - x) / (max - min)``
     (cost), in [0, 1]; a constant column is 0.
   - ``"rank"``: percentile rank ``(r - 1) / (n - 1)`` with average ranks for ties, in
     [0, 1]; cost indicators use ``1 - rank``.
   - ``"zscore"``: ``(x - mean) / std`` (population std), negated for cost; a constant
     column is 0.
   - ``"vector"``: ``x / sqrt(sum x²)`` (the classical TOPSIS normalisation), negated
     for cost so that the column maximum is still the ideal.

   Missing raw values are replaced by the column median before normalising.

2. **Weigh**:

   - ``"weighted"``: the user's weights, rescaled to add up to 1; score
     ``s_i = Σ_j w_j · z_ij``; contribution of indicator ``j`` is ``w_j · z_ij``.
   - ``"entropy"`` (熵权法): weights from the data. With min-max normalised values
     ``y_ij``, ``p_ij = y_ij / Σ_i y_ij``, entropy ``e_j = -Σ_i p_ij ln p_ij / ln n``
     (``0 ln 0 = 0``), divergence ``d_j = 1 - e_j`` and ``w_j = d_j / Σ_k d_k``; then the
     weighted sum as above. The indicators used are those the user gave a weight
     (by default the default-weighted set).
   - ``"topsis"``: weighted normalised matrix ``v_ij = w_j · z_ij``, ideal ``A⁺_j =
     max_i v_ij``, anti-ideal ``A⁻_j = min_i v_ij``, distances ``D⁺_i``, ``D⁻_i``
     (Euclidean) and closeness ``C_i = D⁻_i / (D⁺_i + D⁻_i)`` (0.5 when both are 0).
     The contribution reported is ``v_ij`` (TOPSIS is not additive).

3. **Rank**: 1 is best, nationally and within the province; ties are broken by ``id``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.analysis import indicators as ind
from geo.core._validation import Options, check_all, validate_params
from geo.core.errors import InputError, Problem, Term
from geo.core.params import SCORING_METHODS as METHODS
from geo.core.params import SCORING_NORMALISATIONS as NORMALISATIONS

SENSITIVITY_STEP = 0.10
"""Relative weight change of the sensitivity view (±10 %)."""


@dataclass(frozen=True)
class ScoreResult:
    """A scored set of communities.

    Attributes
    ----------
    frame
        One row per community, in the input order: ``id``, ``province_code`` and
        ``quota_unit`` (the province code, or ``"XPCC"`` for the XPCC's cities; when
        known), ``score``, ``rank`` (national), ``rank_in_province`` (within the quota
        unit), and ``contrib_<key>`` per indicator.
    weights
        Weight per indicator key actually used (adds up to 1).
    method, normalise
        The method and normalisation used.
    keys
        Indicator keys in order.
    directions
        ``"benefit"``/``"cost"`` per key.
    raw
        Raw indicator values (``n × k``), missing values filled by the column median.
    normalised
        Normalised values (``n × k``), higher is better.
    unmeasured
        Indicators asked for that no community has a value of (a layer not given): left
        out of ``keys`` and ``weights``, the others' weights rescaled to add up to 1.
    """

    frame: pd.DataFrame
    weights: pd.Series
    method: str
    normalise: str
    keys: tuple[str, ...]
    directions: tuple[str, ...]
    raw: np.ndarray = field(repr=False)
    normalised: np.ndarray = field(repr=False)
    unmeasured: tuple[str, ...] = ()

    def weights_table(self, frame: pd.DataFrame | None = None) -> pd.DataFrame:
        """The weights as a table to show and export with the result.

        Returns
        -------
        pandas.DataFrame
            Columns ``key, label, direction, weight, method, normalise``; ``label`` is a
            :class:`geo.core.errors.Term` (render with :func:`geo.i18n.render_terms`).
        """
        rows = []
        for key, direction in zip(self.keys, self.directions, strict=True):
            label = _label(key, frame)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "direction": direction,
                    "weight": float(self.weights[key]),
                    "method": self.method,
                    "normalise": self.normalise,
                }
            )
        return pd.DataFrame(rows)


def _label(key: str, frame: pd.DataFrame | None = None) -> Term:
    """An indicator's label in both languages, or its key when it is not a known indicator."""
    try:
        return ind.lookup(key, frame).term
    except KeyError:
        return Term(zh=key, en=key)


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``"youth=0.3,children=0.2"`` into a dict; bad items raise InputError."""
    out: dict[str, float] = {}
    for item in [s for s in str(text).split(",") if s.strip()]:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise InputError.single(
                "scoring.problem.weights_item",
                column="--weights",
                item=item.strip(),
            ) from None
    return out


def check_weights(
    weights: Mapping[str, float], frame: pd.DataFrame, column: str = "weights"
) -> dict[str, float]:
    """Validate weights against the frame's columns and rescale them to add up to 1.

    Parameters
    ----------
    weights
        Indicator key to non-negative weight (zeros are dropped).
    frame
        The indicator frame the weights apply to.
    column
        Name used in error messages (e.g. ``"--weights"``).

    Returns
    -------
    dict
        Positive weights adding up to 1, in the order given.

    Raises
    ------
    InputError
        Unknown or missing indicator, negative or non-finite weight, or all weights zero.
    """
    problems = []
    known = set(ind.BY_KEY) | {i.key for i in ind.user_indicators(frame)}
    for key, w in weights.items():
        if key not in known:
            code, values = "unknown_indicator", {"key": key, "known": ", ".join(sorted(known))}
        elif key not in frame.columns:
            code, values = "indicator_absent", {"key": key}
        elif not np.isfinite(w) or w < 0:
            code, values = "weight_negative", {"key": key, "value": w}
        else:
            continue
        problems.append(Problem(f"scoring.problem.{code}", column=column, params=values))
    if problems:
        raise InputError(problems)
    positive = {k: float(w) for k, w in weights.items() if w > 0}
    if not positive:
        raise InputError.single("scoring.problem.no_positive_weight", column=column)
    top = max(positive.values())  # relative to the largest: 1e308 + 1e308 is no longer inf
    total = sum(w / top for w in positive.values())
    return {k: (w / top) / total for k, w in positive.items()}


def _fill_median(x: np.ndarray) -> np.ndarray:
    x = np.array(x, dtype=float, copy=True)
    if x.ndim == 1:
        x = x[:, None]
    for j in range(x.shape[1]):
        col = x[:, j]
        bad = ~np.isfinite(col)
        if bad.any():
            med = np.nanmedian(np.where(bad, np.nan, col)) if (~bad).any() else 0.0
            col[bad] = med
    return x


NORMALISATION = Options(NORMALISATIONS, key="scoring.problem.normalise", column="normalise")
"""A normalisation method (:func:`normalise`)."""


def normalise(x: np.ndarray, directions: Sequence[str], method: str = "minmax") -> np.ndarray:
    """Normalise an indicator matrix column by column so that higher is better.

    Parameters
    ----------
    x
        ``(n, k)`` raw values (NaN replaced by the column median).
    directions
        ``"benefit"`` or ``"cost"`` per column.
    method
        ``"minmax"``, ``"rank"``, ``"zscore"`` or ``"vector"`` (see the module docstring).

    Returns
    -------
    numpy.ndarray
        ``(n, k)`` normalised values.
    """
    check_all({"method": method}, {"method": NORMALISATION})
    x = _fill_median(x)
    n = x.shape[0]
    cost = np.array([d == "cost" for d in directions], dtype=bool)
    if n == 0:
        return x
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = hi - lo
        z = (x - lo) / np.where(span > 0, span, 1.0)
        z[:, cost] = 1.0 - z[:, cost]  # (hi - x) / span
        z[:, span <= 0] = 0.0
        return z
    if method == "rank":
        if n == 1:
            return np.zeros_like(x)
        from scipy.stats import rankdata  # 0.6 s to import: only for this method

        r = (rankdata(x, method="average", axis=0) - 1.0) / (n - 1)
        r[:, cost] = 1.0 - r[:, cost]
        return r
    if method == "zscore":
        mu, sd = x.mean(axis=0), x.std(axis=0)
        safe = np.where(sd > 0, sd, 1.0)
        z = (x - mu) / safe
        z[:, sd <= 0] = 0.0
        z[:, cost] = -z[:, cost]
        return z
    norm = np.sqrt((x**2).sum(axis=0))
    z = x / np.where(norm > 0, norm, 1.0)
    return np.where(cost, -z, z)


def entropy_weights(x: np.ndarray, directions: Sequence[str]) -> np.ndarray:
    """Entropy weight method (熵权法) weights of an indicator matrix.

    Parameters
    ----------
    x
        ``(n, k)`` raw indicator values.
    directions
        ``"benefit"`` or ``"cost"`` per column.

    Returns
    -------
    numpy.ndarray
        ``k`` weights adding up to 1 (equal weights if no column varies).
    """
    y = normalise(x, directions, "minmax")
    n, k = y.shape
    if n <= 1:
        return np.full(k, 1.0 / k)
    sums = y.sum(axis=0)
    p = y / np.where(sums > 0, sums, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    e = np.where(sums > 0, e, 1.0)  # a constant column carries no information
    d = np.clip(1.0 - e, 0.0, None)
    if d.sum() <= 0:
        return np.full(k, 1.0 / k)
    return d / d.sum()


def topsis(z: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """TOPSIS closeness of each row to the ideal solution.

    Parameters
    ----------
    z
        ``(n, k)`` normalised values, higher is better in every column.
    w
        ``k`` weights.

    Returns
    -------
    closeness, weighted
        ``n`` closeness values in [0, 1] and the ``(n, k)`` weighted matrix.
    """
    v = z * w
    if len(v) == 0:
        return np.zeros(0), v
    best, worst = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    denom = d_plus + d_minus
    c = np.where(denom > 0, d_minus / np.where(denom > 0, denom, 1.0), 0.5)
    return c, v


def score_order(score: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Row positions by descending score, ties broken by ascending ``id``.

    A stable sort on the score, then only the tied runs are re-sorted by id, so the
    string comparison cost is paid for ties alone.
    """
    score = np.asarray(score, dtype=float)
    order = np.argsort(-score, kind="stable")
    s = score[order]
    tie = np.zeros(len(s), dtype=bool)
    if len(s) > 1:
        eq = s[1:] == s[:-1]
        tie[1:] |= eq
        tie[:-1] |= eq
    if tie.any():
        pos = np.flatnonzero(tie)
        sub = order[pos]
        order[pos] = sub[np.lexsort((np.asarray(ids)[sub].astype(str), -score[sub]))]
    return order


def _ranks(score: np.ndarray, ids: np.ndarray, groups: np.ndarray | None = None) -> np.ndarray:
    """1-based rank by descending score, ties by id; within ``groups`` when given."""
    order = score_order(score, ids)
    rank = np.empty(len(score), dtype=np.int64)
    if groups is None:
        rank[order] = np.arange(1, len(score) + 1)
        return rank
    codes = pd.factorize(np.asarray(groups))[0]
    order = order[np.argsort(codes[order], kind="stable")]
    g = codes[order]
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    first = np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    rank[order] = np.arange(len(g)) - first + 1
    return rank


def _combine(z: np.ndarray, w: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    if method == "topsis":
        return topsis(z, w)
    contrib = z * w
    return contrib.sum(axis=1), contrib


@validate_params(
    method=Options(METHODS, key="scoring.problem.method"), normalise_method=NORMALISATION
)
def score(
    frame: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    method: str = "weighted",
    normalise_method: str = "minmax",
    directions: Mapping[str, str] | None = None,
) -> ScoreResult:
    """Score communities on their indicator columns.

    Parameters
    ----------
    frame
        Indicator frame from :func:`geo.analysis.indicators.compute` (or any frame holding the
        weighted columns), with ``id`` and ideally ``province_code``.
    weights
        Indicator key to weight; default :data:`geo.analysis.indicators.DEFAULT_WEIGHTS`. For
        ``"entropy"`` only the keys are used and the weights come from the data.
    method
        ``"weighted"``, ``"entropy"`` or ``"topsis"``.
    normalise_method
        ``"minmax"``, ``"rank"``, ``"zscore"`` or ``"vector"``.
    directions
        Override ``"benefit"``/``"cost"`` per key (imported columns default to benefit).

    Returns
    -------
    ScoreResult

    Raises
    ------
    InputError
        Unknown method, normalisation or indicator, or bad weights.
    """
    if "id" not in frame.columns:
        raise InputError.single("scoring.problem.missing_id", column="id")
    w = check_weights(dict(weights or ind.DEFAULT_WEIGHTS), frame)
    # an indicator no community has a value of (its layer not given) measures nothing: it
    # was scored as a constant while the weights said 距最近青年之家=0.100
    unmeasured = tuple(
        k for k in w if len(frame) and not pd.to_numeric(frame[k], errors="coerce").notna().any()
    )
    if unmeasured and len(unmeasured) < len(w):
        kept = {k: v for k, v in w.items() if k not in unmeasured}
        w = {k: v / sum(kept.values()) for k, v in kept.items()}
    else:
        unmeasured = ()
    keys = tuple(w)
    dirs = []
    for k in keys:
        d = (directions or {}).get(k) or ind.lookup(k, frame).direction
        dirs.append(d)
    raw = _fill_median(
        np.column_stack([pd.to_numeric(frame[k], errors="coerce").to_numpy(float) for k in keys])
        if len(frame)
        else np.zeros((0, len(keys)))
    )
    z = normalise(raw, dirs, normalise_method)
    wv = entropy_weights(raw, dirs) if method == "entropy" else np.array([w[k] for k in keys])
    s, contrib = _combine(z, wv, method)
    ids = frame["id"].astype(str).to_numpy()
    out = pd.DataFrame({"id": ids}, index=frame.index)
    units = None
    if "province_code" in frame.columns:
        out["province_code"] = frame["province_code"].astype(str).to_numpy()
    if "province_code" in frame.columns or "county_code" in frame.columns:
        from geo.analysis.quota import quota_unit_of

        # ranked within the quota unit: the XPCC's cities file on their own line, so they
        # rank among themselves, not inside Xinjiang
        units = quota_unit_of(frame).to_numpy()
        out["quota_unit"] = units
    out["score"] = s
    out["rank"] = _ranks(s, ids)
    out["rank_in_province"] = _ranks(s, ids, units) if units is not None else out["rank"]
    for j, k in enumerate(keys):
        out[f"contrib_{k}"] = contrib[:, j]
    return ScoreResult(
        frame=out,
        weights=pd.Series(wv, index=list(keys), name="weight"),
        method=method,
        normalise=normalise_method,
        keys=keys,
        directions=tuple(dirs),
        raw=raw,
        normalised=z,
        unmeasured=unmeasured,
    )


def explain(result: ScoreResult, community_id: str) -> pd.DataFrame:
    """Why one community scores what it does.

    Parameters
    ----------
    result
        A :class:`ScoreResult`.
    community_id
        The community's ``id``.

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``key, label`` (a :class:`geo.core.errors.Term`), ``direction, value, normalised, weight,
        contribution, share`` (of the score; NaN for TOPSIS), ``rank_in_province`` of the
        raw indicator (1 = best in its direction) and ``of`` (communities in the province,
        or in the XPCC for its cities).

    Raises
    ------
    KeyError
        If the id is not in the result.
    """
    f = result.frame
    pos = np.flatnonzero(f["id"].to_numpy() == str(community_id))
    if len(pos) == 0:
        raise KeyError(community_id)
    i = int(pos[0])
    if "quota_unit" in f.columns:
        same = f["quota_unit"].to_numpy() == f["quota_unit"].iloc[i]
    else:
        same = np.ones(len(f), dtype=bool)
    zp = result.normalised[same]
    total = float(f["score"].iloc[i])
    rows = []
    for j, key in enumerate(result.keys):
        label = _label(key)
        contrib = float(f[f"contrib_{key}"].iloc[i])
        better = int((zp[:, j] > result.normalised[i, j]).sum())
        rows.append(
            {
                "key": key,
                "label": label,
                "direction": result.directions[j],
                "value": float(result.raw[i, j]),
                "normalised": float(result.normalised[i, j]),
                "weight": float(result.weights[key]),
                "contribution": contrib,
                "share": contrib / total if result.method != "topsis" and total else np.nan,
                "rank_in_province": better + 1,
                "of": int(same.sum()),
            }
        )
    return pd.DataFrame(rows)


TOP_CONTRIBUTIONS = 3
"""How many indicators a chosen community's reason names (the filing's 推荐理由)."""


def top_contributions(frame: pd.DataFrame, top: int = TOP_CONTRIBUTIONS) -> list[tuple[str, ...]]:
    """Per row, the keys of the indicators that contributed most to its score.

    The indicators are ordered by their ``contrib_<key>`` value, largest first; among equal
    contributions the column order of ``frame`` decides (a stable sort). These keys are what
    the filing's 推荐理由 names (:func:`geo.export.filing.reasons`), and what a saved plan
    keeps (``plan_communities.top_indicators``) so its form names the same ones.

    Parameters
    ----------
    frame
        Rows with ``contrib_<key>`` columns (from :func:`score`), else with
        ``top_indicators`` (a saved plan's rows, or a list: keys or names,
        :func:`geo.analysis.indicators.keys_named`); without either, every row gets an
        empty tuple.
    top
        How many keys to keep per row.

    Returns
    -------
    list of tuple of str
        One tuple per row of ``frame``, in its order.
    """
    cols = [str(c) for c in frame.columns if str(c).startswith("contrib_")]
    if not cols:
        if "top_indicators" not in frame.columns:
            return [() for _ in range(len(frame))]
        kept = frame["top_indicators"].fillna("").astype(str)
        return [tuple(ind.keys_named(v))[:top] for v in kept]
    keys = [c[len("contrib_") :] for c in cols]
    values = frame[cols].to_numpy(float)
    return [
        tuple(keys[j] for j in sorted(range(len(cols)), key=lambda j: -row[j])[:top])
        for row in values
    ]


def top_per_group(
    score_values: np.ndarray, ids: np.ndarray, groups: np.ndarray, quotas: Mapping[str, int]
) -> np.ndarray:
    """Boolean mask of the top ``quotas[g]`` rows by score in every group ``g``.

    Parameters
    ----------
    score_values, ids, groups
        Equal-length arrays; ties in score are broken by ``id``.
    quotas
        Number to keep per group (groups not listed keep none).

    Returns
    -------
    numpy.ndarray
        Boolean mask.
    """
    rank = _ranks(np.asarray(score_values, float), np.asarray(ids), np.asarray(groups))
    q = pd.Series(np.asarray(groups)).map(dict(quotas)).fillna(0).to_numpy()
    return rank <= q


def quota_picker(
    ids: np.ndarray, groups: np.ndarray, quotas: Mapping[str, int]
) -> Callable[[np.ndarray], np.ndarray]:
    """A function from scores to the chosen mask "top ``quotas[g]`` of every group ``g``".

    Group codes and per-row quotas are computed once, so the function is cheap to call
    many times (as :func:`sensitivity` does).
    """
    ids = np.asarray(ids)
    codes, uniques = pd.factorize(np.asarray(groups))
    q_row = pd.Series(uniques).map(dict(quotas)).fillna(0).to_numpy()[codes]

    def pick(score_values: np.ndarray) -> np.ndarray:
        return _ranks(np.asarray(score_values, float), ids, codes) <= q_row

    return pick


def sensitivity(
    result: ScoreResult,
    chosen: Callable[[np.ndarray], np.ndarray] | int,
    step: float = SENSITIVITY_STEP,
    draws: int = 20,
    seed: int = 0,
) -> pd.DataFrame:
    """How many of the chosen list change when weights move by ±``step``.

    Each weight in turn is multiplied by ``1 ± step`` (the others unchanged, then all
    rescaled to add up to 1) and the list is picked again; the last rows move every
    weight at once, by a random ±``step`` per indicator (``draws`` draws, seeded),
    reporting the largest and the mean change.

    Parameters
    ----------
    result
        The baseline :class:`ScoreResult` (its method and normalisation are reused).
    chosen
        Either the size ``N`` of a national top-N list, or a function from a score
        array to a boolean chosen mask (e.g. top per province within quota).
    step
        Relative change of a weight (0.1 = ±10 %).
    draws, seed
        Random all-at-once perturbations and their seed.

    Returns
    -------
    pandas.DataFrame
        Columns ``key, label, change, changed, chosen``: ``label`` is a
        :class:`geo.core.errors.Term`; ``changed`` counts communities that enter the list (as
        many leave it).
    """
    ids = result.frame["id"].to_numpy()
    if isinstance(chosen, int | np.integer):
        n_top = int(chosen)

        def pick(s: np.ndarray) -> np.ndarray:
            return _ranks(s, ids) <= n_top

    else:
        pick = chosen
    base_w = result.weights.to_numpy(float)
    base = pick(result.frame["score"].to_numpy(float))
    n_chosen = int(base.sum())

    def changed(w: np.ndarray) -> int:
        w = w / w.sum()
        s, _ = _combine(result.normalised, w, result.method)
        return int((pick(s) & ~base).sum())

    rows = []
    for j, key in enumerate(result.keys):
        label = _label(key)
        for sign in (+1, -1):
            w = base_w.copy()
            w[j] *= 1 + sign * step
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "change": f"{sign * step:+.0%}",
                    "changed": changed(w),
                    "chosen": n_chosen,
                }
            )
    rng = np.random.default_rng(seed)
    counts = [
        changed(base_w * (1 + step * rng.choice([-1.0, 1.0], size=len(base_w))))
        for _ in range(draws)
    ]
    label = Term(zh="全部指标同时变动", en="all weights at once")
    rows.append(
        {
            "key": "*",
            "label": label,
            "change": f"±{step:.0%} max",
            "changed": max(counts, default=0),
            "chosen": n_chosen,
        }
    )
    rows.append(
        {
            "key": "*",
            "label": label,
            "change": f"±{step:.0%} mean",
            "changed": float(np.mean(counts)) if counts else 0.0,
            "chosen": n_chosen,
        }
    )
    return pd.DataFrame(rows)


def candidates(indicator_frame: pd.DataFrame, result: ScoreResult) -> pd.DataFrame:
    """Indicator frame joined with its scores: the candidates :mod:`geo.analysis.selection` picks from.

    Parameters
    ----------
    indicator_frame
        The frame that was scored (same rows, same order).
    result
        Its :class:`ScoreResult`.

    Returns
    -------
    pandas.DataFrame
        ``indicator_frame`` plus ``score``, ``rank``, ``rank_in_province``,
        ``contrib_<key>`` and ``quota_unit`` (province code or ``"XPCC"``).
    """
    from geo.analysis.quota import quota_unit_of

    out = indicator_frame.copy()
    extra = result.frame.drop(columns=["id", "province_code"], errors="ignore")
    for col in extra.columns:
        out[col] = extra[col].to_numpy()
    out["quota_unit"] = quota_unit_of(out).to_numpy()
    return out


def prepare(
    communities: pd.DataFrame,
    youth_homes: pd.DataFrame | None = None,
    campuses: pd.DataFrame | None = None,
    resident_units: pd.DataFrame | None = None,
    census: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    method: str = "weighted",
    normalise_method: str = "minmax",
) -> tuple[pd.DataFrame, ScoreResult]:
    """Indicators, score and candidates in one call (what the CLI and the pages run).

    Parameters
    ----------
    communities, youth_homes, campuses, resident_units, census
        See :func:`geo.analysis.indicators.compute`.
    weights, method, normalise_method
        See :func:`score`.

    Returns
    -------
    candidates, result
        The frame from :func:`candidates` and the :class:`ScoreResult`.
    """
    frame = ind.compute(communities, youth_homes, campuses, resident_units, census)
    result = score(frame, weights, method, normalise_method)
    return candidates(frame, result), result
