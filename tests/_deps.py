"""External dependencies of some tests (Chromium, PostgreSQL), and how hard to fuzz.

`make test` installs them when missing and run as root. On a user's machine without
root the tests that need them skip with a message naming what to install; under CI
(``CI=true``) a missing dependency fails the run instead.
"""

from __future__ import annotations

import os

import pytest


def under_ci() -> bool:
    """Whether the suite runs under CI, where nothing may be skipped for a missing tool."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def examples(full: int) -> int:
    """How many examples a property-based test draws: ``full`` under CI (``make test``,
    ``.ci/run``), an eighth of it (at least 10) in the inner loop (``make check``, a
    developer's ``pytest``), where the same properties are checked on fewer draws."""
    return full if under_ci() else max(10, full // 8)


def require(what: str, available: bool, install_hint: str) -> None:
    """Skip (or, under CI, fail) the calling test when ``what`` is not available."""
    if available:
        return
    message = f"{what} is not available; install it with: {install_hint}"
    if under_ci():
        pytest.fail(message + " (CI=true: a missing dependency fails the run)")
    pytest.skip(message)
