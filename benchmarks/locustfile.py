"""Locust users for YouthMap: a provincial committee's round over Streamlit's WebSocket.

Each virtual user is one browser tab (:class:`benchmarks.stclient.StreamlitSession`): it
gets the proxy's route cookie, signs in with a province account, then repeats the round —
the overview at its province, scoring, quotas and picking, pairing, and the plans page where
it saves a draft plan of its pick under a name of its own. Every page run is reported to
Locust as one request named after the page (time from the request to ``script_finished``);
a run that ends with an exception on the page, or a save the page does not confirm, is a
failure. The name of every draft the page confirmed is appended to ``YOUTHMAP_LOAD_SAVED``
so the driver (``benchmarks/loadtest.py``) can check each is in the database exactly once.

Environment: ``YOUTHMAP_LOAD_PASSWORD`` (every load account's password),
``YOUTHMAP_LOAD_PROVINCES`` (space-separated province codes; account ``load<code>``),
``YOUTHMAP_LOAD_SAVED`` (file of saved draft names), ``YOUTHMAP_LOAD_RUN`` (a run label
that makes draft names unique across runs).
"""

from __future__ import annotations

import itertools
import os
import sys
import time
import urllib.request
from pathlib import Path

from locust import User, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stclient import Run, SessionError, StreamlitSession  # noqa: E402

PASSWORD = os.environ.get("YOUTHMAP_LOAD_PASSWORD", "")
PROVINCES = os.environ.get("YOUTHMAP_LOAD_PROVINCES", "44").split()
SAVED = os.environ.get("YOUTHMAP_LOAD_SAVED", "")
RUN = os.environ.get("YOUTHMAP_LOAD_RUN", "run")
ROUND = ("", "scoring", "selection", "pairing", "management")
PAGE_NAMES = {"": "overview"}
_numbers = itertools.count(1)


class ProvinceCommittee(User):
    """A provincial committee: sign in, then the round, with a pause between pages."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.province = PROVINCES[(self.number - 1) % len(PROVINCES)]
        self.query = f"province={self.province}"
        self.rounds = 0
        self.reconnects = 0
        with urllib.request.urlopen(f"{self.host}/", timeout=60) as r:  # the route cookie
            self.cookie = (r.headers.get("Set-Cookie") or "").split(";")[0] or None
        self.tab = StreamlitSession(self.host, cookies=self.cookie, timeout=300).connect()
        self._timed("login", self._login)

    def _login(self) -> Run:
        run = self.tab.login(f"load{self.province}", PASSWORD)
        if "login_name" in run.widgets:  # still on the login form: say what the page said
            raise SessionError(f"not signed in: {run.texts[-2:]}")
        self.cookie = self.tab.cookies  # the route cookie and the session cookie
        return run

    def _reconnect(self) -> None:
        """What the browser does when its WebSocket drops: connect again through the proxy
        (same route cookie: the proxy picks a live process) and run the page again. The new
        process resumes the sign-in from the session cookie (``ui.auth.restore_login``); a
        page that shows the login form instead is signed in again ("sign in again")."""
        self.reconnects += 1
        self.tab.close()
        self.tab = StreamlitSession(self.host, cookies=self.cookie, timeout=300).connect()
        first = self.tab.run("", query=self.query)
        if "login_name" in first.widgets:
            self._timed("sign in again", self._login)

    def on_stop(self) -> None:
        self.tab.close()

    def _timed(self, name: str, call, expect: str | None = None) -> Run | None:  # noqa: ANN001
        start = time.perf_counter()
        run: Run | None = None
        error: Exception | None = None
        try:
            try:
                run = call()
            except SessionError as lost:
                if "connection lost" not in str(lost):
                    raise
                events.request.fire(
                    request_type="reconnect",
                    name="reconnect",
                    response_time=(time.perf_counter() - start) * 1000,
                    response_length=0,
                    exception=None,
                    context={},
                )
                self._reconnect()
                start = time.perf_counter()
                run = call()
            if not run.ok:
                error = RuntimeError(f"{run.status} {run.exceptions}")
            elif expect is not None and not any(expect in t for t in run.texts):
                error = RuntimeError(f"the page did not say {expect!r}: {run.texts[-3:]}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported to Locust
            error = exc
        elapsed = run.seconds if run is not None else time.perf_counter() - start
        events.request.fire(
            request_type="page",
            name=name,
            response_time=elapsed * 1000,
            response_length=run.messages if run is not None else 0,
            exception=error,
            context={},
        )
        return None if error else run

    @task
    def round(self) -> None:
        reconnects = self.reconnects
        for page in ROUND:
            ran = self._timed(
                PAGE_NAMES.get(page, page), lambda p=page: self.tab.run(p, query=self.query)
            )
            if ran is None or self.reconnects != reconnects:
                return  # a failure, or a new process that lost the pick: start the round again
            self.wait()
        self.rounds += 1
        name = f"{RUN}-u{self.number}-r{self.rounds}"
        typed = self._timed(
            "type name", lambda: self.tab.run(widgets={"mgmt_new_name": name}, query=self.query)
        )
        if typed is None or self.reconnects != reconnects:
            return
        saved = self._timed(
            "save draft",
            lambda: self.tab.run(widgets={"mgmt_create": ("trigger", True)}, query=self.query),
            expect=name.replace("-", "\\-"),
        )
        if saved is not None and SAVED:
            with open(SAVED, "a", encoding="utf-8") as f:
                f.write(name + "\n")
