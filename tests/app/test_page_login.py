"""AppTest of the login gate and page with seeded accounts (YOUTHMAP_HOME in tmp_path)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import store
from geo.plan.auth import User
from tests._paths import APP as APP_PATH

APP = str(APP_PATH)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    db = store.open_store()
    store.create_user(db, "gd", "粤青春2021!", "province", "44")
    db.dispose()
    return tmp_path


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    return at


def log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_login_required_shows_only_the_login_page(home):
    at = app()
    assert [w.key for w in at.text_input] == ["login_name", "login_password"]
    assert "user" not in at.session_state


def test_wrong_password_is_refused(home):
    at = log_in(app(), "gd", "not the password")
    assert not at.exception
    assert any("不正确" in e.value for e in at.error)
    assert "user" not in at.session_state


def test_right_password_logs_in_and_opens_the_app(home):
    at = log_in(app(), "gd", "粤青春2021!")
    assert not at.exception
    assert at.session_state["user"] == User("gd", "province", "44")
    at.switch_page("pages/management.py").run()
    assert not at.exception
    assert any("gd" in c.value for c in at.caption)


def test_no_account_yet_says_how_to_make_the_first(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.setenv("YOUTHMAP_NO_LOGIN", "0")
    at = app()
    assert any("youthmap user add" in i.value for i in at.info)


def test_desktop_mode_needs_no_login(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    at = app()
    at.switch_page("pages/management.py").run()
    assert not at.exception
    assert "login_name" not in [w.key for w in at.text_input]
    assert any("单机模式" in c.value for c in at.caption)


def test_the_login_page_is_the_account_page_once_signed_in(home):
    at = app()
    assert [t.value for t in at.title] == ["登录"]
    at = log_in(at, "gd", "粤青春2021!")
    at.switch_page("pages/login.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["账号"]  # it showed 登录 above the logout button
    assert [b.label for b in at.button] == ["退出登录"]
