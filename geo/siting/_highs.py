"""The HiGHS driver shared by every model: one LP or MIP in column-wise arrays, one run.

:func:`solve` passes a :class:`Program` to :mod:`highspy`, warm-starts it when given a
start, runs it under a time limit with gaps set to zero, and returns an :class:`Outcome`
that keeps HiGHS's status in HiGHS's own words (``modelStatusToString``) next to a
classification into ``"optimal"``, ``"time_limit"``, ``"infeasible"`` and ``"other"``.
Nothing here decides what a run may claim; :func:`geo.siting.result.settle` does, after
the model has checked the solution itself.

Threads. HiGHS keeps one task scheduler per calling thread, created by that thread's
first run with that run's ``threads`` option and refused to any later run asking for
another count (the run ends with status "Not Set"). A run given ``threads`` therefore
runs in a fresh thread of its own, whose scheduler starts with exactly that count and
ends with the thread; runs without ``threads`` use the caller's thread and HiGHS's
default. Checked on highspy 1.8.0 to 1.16.0 (benchmarks/README.md, "Siting claims").
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from geo.analysis.coverage import problem

INF = 1e30
"""HiGHS's infinity for row and column bounds."""

_MIP_ABS_GAP = 1e-7
"""Absolute MIP gap asked of HiGHS (relative gap 0): runs stop only at a proof."""

LOAD_S_PER_NONZERO = 1.5e-6
"""Seconds HiGHS takes to load a model and stop at once, per non-zero (rows and columns
counted as non-zeros too): at a 10 ms limit, 1.9 s for the national capacitated model
(1.7 million non-zeros), 0.5 s for the national backup covering model (537,000) and
0.34 s for the set covering model (237,000) here, 1.1-1.4 µs each, rounded up. HiGHS's
own clock starts after the model is passed, and its first steps do not read it."""

BIG_LOAD_S = 0.1
"""Models whose load is estimated at this or more (about 67,000 non-zeros) are not handed
to HiGHS with less time left than their load (:func:`fits`)."""


@dataclass(frozen=True)
class Program:
    """A linear programme ``min/max cost·x + offset  s.t.  row_lower <= A x <= row_upper``."""

    a: sp.csc_matrix
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray
    maximize: bool
    offset: float = 0.0

    @property
    def is_mip(self) -> bool:
        """Whether any column is integer."""
        return bool(np.asarray(self.integer).any())


@dataclass(frozen=True)
class Outcome:
    """What one HiGHS run returned.

    Attributes
    ----------
    x
        Column values of HiGHS's primal solution, or ``None`` when it has none.
    objective
        HiGHS's objective value of ``x`` (``None`` without ``x``).
    bound
        Dual bound: the MIP dual bound, or the LP optimum; ``None`` when unknown.
    code
        ``"optimal"``, ``"time_limit"``, ``"infeasible"`` or ``"other"``.
    name
        HiGHS's model status in its own words.
    duals
        Row duals of an optimal LP, else ``None``.
    started
        Whether HiGHS ran (``False``: not started, the time left being shorter than the
        model's load; :func:`not_started`).
    load
        The load in seconds :func:`load_seconds` expected of a model not started, else 0.
    """

    x: np.ndarray | None
    objective: float | None
    bound: float | None
    code: str
    name: str
    duals: np.ndarray | None = None
    started: bool = True
    load: float = 0.0


def _new_highs():
    """A ``highspy.Highs`` with its output off, without its start-up banner.

    highspy prints "Running HiGHS …" to the process's standard output while the object is
    being constructed, before ``output_flag`` can be turned off, so that moment alone runs
    with file descriptor 1 pointed at the null device. Otherwise the banner would land in
    the CLI's output and in the app server's log.
    """
    import highspy

    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no usable standard output: nothing to hide
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        return h
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return h


def highs_version() -> str:
    """``"highs <highspy version>"``, the solver name results carry."""
    import importlib.metadata

    try:
        return "highs " + importlib.metadata.version("highspy")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "highs"


def check_threads(threads: object) -> int | None:
    """``threads`` as a positive int, ``None`` for HiGHS's default; else an input error."""
    if threads is None:
        return None
    if isinstance(threads, bool) or not isinstance(threads, int | np.integer) or threads < 1:
        raise problem("threads", column="threads", value=repr(threads))
    return int(threads)


def _set_options(h, time_limit_s: float, threads: int | None, options) -> None:
    import highspy

    wanted: dict[str, object] = {
        "time_limit": max(float(time_limit_s), 1e-3),
        "mip_rel_gap": 0.0,
        "mip_abs_gap": _MIP_ABS_GAP,
    }
    if threads is not None:
        wanted["threads"] = int(threads)
    wanted.update(options or {})
    for name, value in wanted.items():
        if h.setOptionValue(str(name), value) != highspy.HighsStatus.kOk:
            raise problem("highs_option", column="highs_options", name=name, value=value)


def _pass(h, p: Program) -> None:
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(p.a.shape[1]), int(p.a.shape[0])
    lp.col_cost_ = np.asarray(p.cost, dtype=float)
    lp.col_lower_ = np.asarray(p.col_lower, dtype=float)
    lp.col_upper_ = np.asarray(p.col_upper, dtype=float)
    lp.row_lower_ = np.asarray(p.row_lower, dtype=float)
    lp.row_upper_ = np.asarray(p.row_upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = p.a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = p.a.indices.astype(np.int32)
    lp.a_matrix_.value_ = p.a.data.astype(float)
    if p.is_mip:
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        lp.integrality_ = [kinds[bool(f)] for f in p.integer]
    lp.sense_ = highspy.ObjSense.kMaximize if p.maximize else highspy.ObjSense.kMinimize
    lp.offset_ = float(p.offset)
    h.passModel(lp)


def _classify(status) -> str:
    import highspy

    known = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
    }
    return known.get(status, "other")


def _run(p: Program, time_limit_s, start, threads, options) -> Outcome:
    import highspy

    stop = time.perf_counter() + float(time_limit_s)
    h = _new_highs()
    _set_options(h, time_limit_s, threads, options)
    _pass(h, p)
    if start is not None:
        sol = highspy.HighsSolution()
        sol.col_value = np.asarray(start, dtype=float)
        sol.value_valid = True
        h.setSolution(sol)
    if "time_limit" not in (options or {}):  # what remains after the load, not what was given
        h.setOptionValue("time_limit", max(stop - time.perf_counter(), 1e-3))
    h.run()
    status = h.getModelStatus()
    code, name = _classify(status), h.modelStatusToString(status)
    info = h.getInfo()
    has_x = int(info.primal_solution_status) == 2  # kSolutionStatusFeasible
    solution = h.getSolution()
    x = np.asarray(solution.col_value, dtype=float) if has_x else None
    bound: float | None
    if p.is_mip:
        bound = float(info.mip_dual_bound)
    else:
        bound = float(info.objective_function_value) if code == "optimal" else None
    duals = None
    if not p.is_mip and code == "optimal" and solution.dual_valid:
        duals = np.asarray(solution.row_dual, dtype=float)
    objective = float(info.objective_function_value) if has_x else None
    bound = bound if bound is not None and np.isfinite(bound) and abs(bound) < INF else None
    return Outcome(x, objective, bound, code, name, duals)


def solve(
    p: Program,
    time_limit_s: float,
    start: np.ndarray | None = None,
    threads: int | None = None,
    options: Mapping[str, object] | None = None,
) -> Outcome:
    """Run HiGHS once on ``p``.

    Parameters
    ----------
    p
        The programme.
    time_limit_s
        Wall-time limit in seconds from the call: HiGHS's own limit is what remains of it
        once the model and the start are passed (HiGHS's clock starts after them).
    start
        A start for the MIP (all column values), or ``None``.
    threads
        HiGHS threads; when given, the run happens in a fresh thread (module docstring).
    options
        Further HiGHS options by name (e.g. ``{"mip_max_nodes": 100}``).

    Returns
    -------
    Outcome
    """
    if threads is None:
        return _run(p, time_limit_s, start, None, options)
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["out"] = _run(p, time_limit_s, start, threads, options)
        except BaseException as exc:  # re-raised in the caller's thread
            box["err"] = exc

    worker = threading.Thread(target=work, name=f"highs-{threads}-threads", daemon=True)
    worker.start()
    worker.join()
    if "err" in box:
        raise box["err"]  # type: ignore[misc]
    return box["out"]  # type: ignore[return-value]


def load_seconds(nonzeros: int) -> float:
    """Seconds HiGHS is expected to take to load a model of ``nonzeros`` non-zeros (rows
    and columns included) and stop (:data:`LOAD_S_PER_NONZERO`)."""
    return LOAD_S_PER_NONZERO * float(nonzeros)


def size(p: Program) -> int:
    """Non-zeros of ``p`` with its rows and columns, as :func:`load_seconds` counts them."""
    return int(p.a.nnz + p.a.shape[0] + p.a.shape[1])


def fits(nonzeros: int, seconds: float) -> bool:
    """Whether a model of ``nonzeros`` may be handed to HiGHS with ``seconds`` left: a
    small one always (its load is under :data:`BIG_LOAD_S`), a big one when its load fits."""
    load = load_seconds(nonzeros)
    return load < BIG_LOAD_S or load <= seconds


def not_started(load: float) -> Outcome:
    """The outcome of a run not started because the time left was shorter than loading
    the model takes (``load`` seconds expected): no solution, no bound, the time limit
    reached, HiGHS not run."""
    return Outcome(None, None, None, "time_limit", _time_limit_words(), started=False, load=load)


def time_limit_outcome() -> Outcome:
    """The outcome of a run not started because the time limit was reached: no solution,
    no bound, HiGHS's words for its time limit."""
    return Outcome(None, None, None, "time_limit", _time_limit_words())


@functools.cache
def _time_limit_words() -> str:
    import highspy

    return str(_new_highs().modelStatusToString(highspy.HighsModelStatus.kTimeLimit))


def lp_relaxation(p: Program) -> Program:
    """The same programme with every column continuous."""
    return Program(
        p.a,
        p.cost,
        p.col_lower,
        p.col_upper,
        p.row_lower,
        p.row_upper,
        np.zeros(len(p.cost), dtype=bool),
        p.maximize,
        p.offset,
    )
