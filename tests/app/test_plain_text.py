"""Text from users reaches other users' messages as text, never as Markdown: checked by
rendering the messages with a CommonMark renderer (markdown-it-py, a dev dependency) and on
the management page through AppTest. The browser test
(tests/browser/test_security_browser.py) shows it in Chromium."""

from __future__ import annotations

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from geo import store
from geo.plan.auth import User
from tests import _paths
from ui import state

APP = str(_paths.APP)
CENTRAL = User("centre", "central")
PAYLOADS = (
    "![x](http://127.0.0.1:9/x.png)",
    "**粗** _斜_ `码` # 标题",
    "[点我](javascript:alert(1)) <img src=x onerror=alert(1)>",
    "$x^2$ :red[红] :material/home:",
    "a\\*b \\\\ 1. 2) - + > | ~~删~~",
)
MD = MarkdownIt("commonmark").enable("strikethrough").enable("table")


@pytest.mark.parametrize("text", PAYLOADS)
def test_plain_text_renders_as_exactly_that_text(text):
    html = MD.render(state.plain(text))
    for tag in ("<img", "<a ", "<strong", "<em", "<code", "<h1", "<ol", "<ul", "<s>", "<del"):
        assert tag not in html, (tag, html)
    inline = MD.parseInline(state.plain(text))[0].children
    assert "".join(c.content for c in inline if c.type == "text") == text


def test_a_stale_note_message_shows_the_other_users_note_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    monkeypatch.delenv("YOUTHMAP_DB_URL", raising=False)
    monkeypatch.delenv("YOUTHMAP_NO_LOGIN", raising=False)
    db = store.open_store()
    chosen = pd.DataFrame({"id": ["GZ1"], "name": ["天河社区"], "county_code": ["440106"]})
    plan = store.create_plan(db, CENTRAL, "2021 第一批", chosen)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/management.py").run()
    at.multiselect(key="mgmt_pick").select("GZ1").run()
    at.text_area(key="mgmt_note_GZ1").input("我的备注").run()
    store.set_note(db, CENTRAL, plan, "GZ1", PAYLOADS[0], 1)  # someone else, meanwhile
    at.button(key="mgmt_save_note").click().run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    assert state.plain(PAYLOADS[0]) in message
    assert "<img" not in MD.render(message)
    db.dispose()
