"""Exact siting runs under short time limits: HiGHS gets only the time that remains, a big
model is not handed to it with less time left than its load, and what comes back is the
heuristic's answer, checked and labelled as time-limited (never "optimal")."""

from __future__ import annotations

import time

import numpy as np
import pytest

from geo.siting import BackupCover, CapacitatedMaxCover, MaxCover, SetCover, _highs
from geo.siting.catalog import SOLVER_KEYS


def _instance(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    pts, sites = rng.random((300, 2)) * 10, rng.random((60, 2)) * 10
    a = (np.hypot(*(pts[:, None, :] - sites[None, :, :]).transpose(2, 0, 1)) < 2.0).astype(float)
    keep = a.sum(axis=1) > 0
    return a[keep], rng.integers(1, 100, int(keep.sum())).astype(float)


def _models(a: np.ndarray, w: np.ndarray) -> dict[str, object]:
    capacity = 0.3 * float((a.T @ w).max())
    return {
        "mclp": MaxCover.from_matrix(a, w, k=6),
        "lscp": SetCover.from_matrix(a, w),
        "lscpb": BackupCover.from_matrix(a, w, k=30),
        "cmclp": CapacitatedMaxCover.from_matrix(a, w, k=6, capacity=capacity),
    }


def test_highs_gets_what_remains_of_its_limit_after_the_load(monkeypatch):
    """Loading the model took 3.4 s nationally (capacitated) whatever the limit, and the
    limit HiGHS was given counted from before it: a 1 s call ran 1 s after the load. With
    the load slowed by 0.3 s, the limit HiGHS runs under is what is left of the call's."""
    a, w = _instance()
    program = SetCover._program(SetCover.from_matrix(a, w)._reduced())
    real_pass, seen = _highs._pass, []

    def slow_pass(h, p):
        time.sleep(0.3)
        real_pass(h, p)
        loaded = time.perf_counter()
        real_run = h.run

        def run():
            seen.append((loaded, float(h.getOptionValue("time_limit")[1])))
            return real_run()

        h.run = run

    monkeypatch.setattr(_highs, "_pass", slow_pass)
    called = time.perf_counter()
    out = _highs.solve(program, 1.0)
    assert len(seen) == 1 and out.x is not None
    loaded, limit = seen[0]
    assert loaded - called >= 0.3 and limit <= 1.0 - 0.3, (limit, loaded - called)


@pytest.mark.parametrize("name", ["mclp", "lscp", "lscpb", "cmclp"])
def test_exact_runs_leave_a_model_too_big_for_the_time_left_to_the_heuristic(monkeypatch, name):
    """With HiGHS's load priced at 10 s a non-zero, no model fits a 5 s limit: HiGHS is not
    started (it would overrun the limit by its load), and the run returns its heuristic's
    answer, feasible, under a true bound, labelled as the time limit reached by the
    heuristic, not by HiGHS (no solver status: HiGHS said nothing)."""
    a, w = _instance()
    model = _models(a, w)[name]
    calls = []
    real = _highs.solve
    monkeypatch.setattr(_highs, "solve", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(_highs, "LOAD_S_PER_NONZERO", 10.0, raising=False)
    result = model.solve("exact", time_limit_s=5.0)
    assert not calls, f"HiGHS ran {len(calls)} times"
    assert result.status == "time_limit" and result.solver_status is None
    assert result.solver in SOLVER_KEYS and result.solver != "trivial"
    sites = np.array([int(s) for s in result.sites], dtype=np.intp)
    if name == "cmclp":
        feasible, objective = model._check((sites, model._site))
    else:
        feasible, objective = model._check(sites)
    assert feasible and result.objective == pytest.approx(objective)
    if name in ("mclp", "cmclp"):  # the heuristics' own bounds (lscpb has none, lscp's LP)
        assert result.bound is not None
    if model.maximize:
        assert result.bound is None or objective <= result.bound * (1 + 1e-9)
    else:
        assert result.bound is None or result.bound <= objective
    assert (result.n_sites == 30) if name == "lscpb" else result.n_sites > 0


def test_capacitated_size_is_that_of_its_program():
    """The capacitated model is priced before it is built: the same size as built."""
    a, w = _instance()
    model = _models(a, w)["cmclp"]
    assert model._size() == _highs.size(model._program())


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lscpb", "cmclp"])
def test_national_exact_runs_at_one_second_are_feasible_and_labelled(layers, monkeypatch, name):
    """All 110,000 embedded communities, 1,000 m, the communities as candidates, 1 s: the
    capacitated model (1.7 million non-zeros, 1.9-3.4 s to load) was handed to HiGHS with
    10 ms left (7 s of solve), the backup covering model (537,000) with whatever remained.
    Every model HiGHS gets must fit the time it is given; the answer covers every community
    (lscpb) or respects every capacity (cmclp), is not called optimal, and names HiGHS's
    words only when HiGHS ran."""
    from geo import siting

    communities = layers.communities
    cands = siting.candidates_from(communities)
    if name == "lscpb":
        model = BackupCover.from_layers(communities, cands, 1000.0)
    else:
        model = CapacitatedMaxCover.from_layers(communities, cands, 1000.0, k=50, capacity=20000)
    given, real = [], _highs.solve
    per_nonzero = getattr(_highs, "LOAD_S_PER_NONZERO", 1.5e-6)

    def spy(program, time_limit_s, *args, **kwargs):
        size = program.a.nnz + sum(program.a.shape)
        given.append((size, per_nonzero * size, float(time_limit_s)))
        return real(program, time_limit_s, *args, **kwargs)

    monkeypatch.setattr(_highs, "solve", spy)
    result = model.solve("exact", time_limit_s=1.0)
    big = getattr(_highs, "BIG_LOAD_S", 0.1)
    late = [g for g in given if g[1] >= big and g[1] > g[2]]
    assert not late, f"models handed to HiGHS with less time than their load: {late}"
    assert result.status == "time_limit"
    assert (result.solver_status is None) == (not result.solver.startswith("highs"))
    position = {c: i for i, c in enumerate(model.candidate_ids)}
    sites = np.array([position[s] for s in result.sites], dtype=np.intp)
    if name == "lscpb":
        feasible, objective = model._check(sites)
        assert feasible and result.extra["p"] == len(sites)
    else:
        feasible, objective = model._check((sites, model._site))
        assert feasible and len(sites) <= 50
    assert result.objective == pytest.approx(objective) and objective > 0
    assert result.bound is None or objective <= result.bound * (1 + 1e-9)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_says_highs_was_not_run_and_why(layers, tmp_path, capsys, monkeypatch, lang):
    """youthmap site --method exact whose model HiGHS had no time to load printed
    "求解器：…贪心… · 状态：达到时间上限（当前最优解）" with nothing saying HiGHS never ran;
    it now says so, with the load it was expected to take, in the reader's language."""
    from geo.cli import main

    communities = layers.communities
    communities = communities[communities["province_code"].astype(str) == "64"]
    communities.drop(columns="geometry").to_csv(tmp_path / "c.csv", index=False)
    monkeypatch.setattr(_highs, "LOAD_S_PER_NONZERO", 10.0, raising=False)
    monkeypatch.chdir(tmp_path)
    args = ["site", "--communities", "c.csv", "--model", "cmclp", "--method", "exact"]
    args += ["--k", "5", "--capacity", "20000", "--time-limit", "5", "--out", "s.csv"]
    assert main([*args, "--lang", lang]) == 0
    out = capsys.readouterr().out
    note = {
        "zh": "注意：剩余时间不足以让 HiGHS 载入这个模型（预计约 ",
        "en": "note: too little time was left for HiGHS to load this model (about ",
    }[lang]
    assert note in out, out
    assert "Time limit reached" not in out  # HiGHS's words only when HiGHS ran
    assert ("达到时间上限" if lang == "zh" else "time limit") in out


def test_a_run_highs_did_not_start_says_what_its_load_was_priced_at(monkeypatch):
    """The result carries the load HiGHS was not given time for (the page and the command
    say it); a run HiGHS solved carries none."""
    a, w = _instance()
    monkeypatch.setattr(_highs, "LOAD_S_PER_NONZERO", 10.0, raising=False)
    for name, model in _models(a, w).items():
        result = model.solve("exact", time_limit_s=5.0)
        assert result.extra.get("highs_load_s", 0.0) > 5.0, (name, dict(result.extra))
    monkeypatch.undo()
    assert "highs_load_s" not in _models(a, w)["mclp"].solve("exact", time_limit_s=5.0).extra
