"""The suite's order under xdist (``tests/conftest.py``): every share the work-stealing
scheduler hands a worker begins with long tests, and no test is lost or run twice."""

from __future__ import annotations

import pytest

from tests.conftest import long_first


def _shares(order: list[str], workers: int) -> list[list[str]]:
    """The contiguous shares ``--dist worksteal`` deals out at the start (xdist 3's
    ``WorkStealingScheduling.check_schedule``: ``len(pending) // nodes_remaining`` each)."""
    shares, pending = [], list(order)
    for k in range(workers):
        n = len(pending) // (workers - k)
        shares.append(pending[:n])
        pending = pending[n:]
    return shares


@pytest.mark.parametrize("workers", [1, 2, 3, 4])
@pytest.mark.parametrize("n", [7, 40, 2090])
def test_each_share_starts_with_its_long_tests(workers: int, n: int) -> None:
    items = [f"t{i}" for i in range(n)]
    long = {items[3], items[n // 2], items[-1], items[-2]}
    order = long_first(items, workers, long.__contains__)
    assert sorted(order) == sorted(items)
    shares = _shares(order, workers)
    for k, share in enumerate(shares):
        mine = [t for t in items if t in long][k::workers]
        assert share[: len(mine)] == mine
    rest = [t for t in order if t not in long]
    assert rest == [t for t in items if t not in long]  # the rest keep their order
