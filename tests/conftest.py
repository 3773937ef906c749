"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="session")
def layers():
    """The embedded national dataset's four layers (loaded once)."""
    from geo import dataset

    return dataset.load_layers()


LOGIN_PASSWORD = "粤青春2021!"
"""Password of the ``gd`` account made by :func:`login_home`."""


@pytest.fixture
def login_home(tmp_path, monkeypatch):
    """A SQLite ``YOUTHMAP_HOME`` in ``tmp_path`` with logins on and one province account
    ``gd`` (password :data:`LOGIN_PASSWORD`); yields the open store."""
    from geo import store

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "gd", LOGIN_PASSWORD, "province", "44")
    yield db
    db.dispose()


def log_in(at, name: str, password: str):  # noqa: ANN001, ANN201 - an AppTest
    """Fill the login form of ``at`` and submit it; returns ``at`` after the run."""
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()
