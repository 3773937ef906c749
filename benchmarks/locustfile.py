"""Locust users for YouthMap: a provincial committee's round and a county user's round over
Streamlit's WebSocket.

Each virtual user is one browser tab (:class:`benchmarks.stclient.StreamlitSession`): it
gets the proxy's route cookie, signs in with a province account, then repeats the round —
the overview at its province, scoring, quotas and picking, pairing, and the plans page where
it saves a draft plan of its pick under a name of its own. Every page run is reported to
Locust as one request named after the page (time from the request to ``script_finished``);
a run that ends with an exception on the page, or a save the page does not confirm, is a
failure. The name of every draft the page confirmed is appended to ``YOUTHMAP_LOAD_SAVED``
so the driver (``benchmarks/loadtest.py``) can check each is in the database exactly once.

A county user (:class:`CountyUser`, a fixed number of them) signs in with a county account,
opens the year's records page (进展) on the load plan, uploads a month of activity records
of its county's communities (a CSV, through the file uploader's own HTTP upload) and
imports the valid rows; the page must say how many were added. Each confirmed file's
activity titles and row count are appended to ``YOUTHMAP_LOAD_RECORDS``.

Environment: ``YOUTHMAP_LOAD_PASSWORD`` (every load account's password),
``YOUTHMAP_LOAD_PROVINCES`` (space-separated province codes; account ``load<code>``),
``YOUTHMAP_LOAD_SAVED`` (file of saved draft names), ``YOUTHMAP_LOAD_RUN`` (a run label
that makes draft names unique across runs); for county users ``YOUTHMAP_LOAD_COUNTIES``
(space-separated ``county:community,community…``; account ``loadc<county>``),
``YOUTHMAP_LOAD_PLAN`` (the plan's name), ``YOUTHMAP_LOAD_COUNTY_USERS`` (how many),
``YOUTHMAP_LOAD_RECORDS`` (file of imported record titles).
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

COUNTIES = [
    (c.split(":")[0], c.split(":")[1].split(","))
    for c in os.environ.get("YOUTHMAP_LOAD_COUNTIES", "").split()
]
PLAN = os.environ.get("YOUTHMAP_LOAD_PLAN", "")
RECORDS = os.environ.get("YOUTHMAP_LOAD_RECORDS", "")
DB_DOWN = "数据库"
"""What the page's sentence says when the database failed (``login.db_down``,
``mgmt.store_error.*``): a write refused that way is tried again. A page that stopped with
``login.db_down`` (:data:`PAGE_DOWN`) is loaded again, as its sentence asks: it stopped
before its work, and a selection page stopped that way leaves no pick for the round's save."""
PAGE_DOWN = "暂时无法连接数据库"
"""The start of ``login.db_down``: the page stopped before its work and asks for a reload."""
WRITE_TRIES = 30
REFUSED = object()
"""What :meth:`BrowserTab._timed` returns for a write the database refused."""
RECORDS_HEAD = "社区编号,日期,任务领域,活动名称,参与人数,志愿服务时长（小时）,受益儿童,合作方类型\n"

PASSWORD = os.environ.get("YOUTHMAP_LOAD_PASSWORD", "")
PROVINCES = os.environ.get("YOUTHMAP_LOAD_PROVINCES", "44").split()
SAVED = os.environ.get("YOUTHMAP_LOAD_SAVED", "")
RUN = os.environ.get("YOUTHMAP_LOAD_RUN", "run")
ROUND = ("", "scoring", "selection", "pairing", "management")
PAGE_NAMES = {"": "overview"}
_numbers = itertools.count(1)


class BrowserTab(User):
    """One signed-in browser tab: what both kinds of user share (no task of its own)."""

    abstract = True
    wait_time = between(1, 3)
    account = ""
    query = ""
    signed_in = False
    """Whether a login of this user went through (a reconnect before that is no loss)."""

    def sign_in(self) -> None:
        """Take the proxy's route cookie (and Streamlit's XSRF cookie), connect, sign in."""
        with urllib.request.urlopen(f"{self.host}/", timeout=60) as r:
            pairs = [h.split(";")[0].strip() for h in r.headers.get_all("Set-Cookie") or []]
        self.cookie = "; ".join(p for p in pairs if p) or None
        self.tab = StreamlitSession(self.host, cookies=self.cookie, timeout=300).connect()
        self._timed("login", self._login)

    def _login(self) -> Run:
        run = self.tab.login(self.account, PASSWORD)
        if "login_name" in run.widgets:  # still on the login form: say what the page said
            raise SessionError(f"not signed in: {self.tab.login_texts[-2:]}")
        self.cookie = self.tab.cookies  # the route cookie and the session cookie
        self.signed_in = True
        return run

    def _reconnect(self) -> None:
        """What the browser does when its WebSocket drops: connect again through the proxy
        (same route cookie: the proxy picks a live process) and run the page again. The new
        process resumes the sign-in from the session cookie (``ui.auth.restore_login``); a
        page that shows the login form instead is signed in again ("sign in again")."""
        self.reconnects += 1
        self.tab.close()
        known = self.tab.pages if self.tab.navigated else {}
        self.tab = StreamlitSession(self.host, cookies=self.cookie, timeout=300).connect()
        if known:  # the same app on every process: its pages have the same hashes
            self.tab.pages, self.tab.navigated = dict(known), True
        first = self.tab.run("", query=self.query)
        if "login_name" in first.widgets:  # "sign in again" only once a login had gone through
            self._timed("sign in again" if self.signed_in else "login", self._login)

    def on_stop(self) -> None:
        self.tab.close()

    def _write(self, name: str, call, expect: str | None, page: bool = False) -> Run | None:  # noqa: ANN001
        """A write, or a page (``page``): while the page says the database failed (a
        sentence, no error), wait and send it again, as a user would; each refusal is
        reported as ``<name> refused``."""
        for _ in range(WRITE_TRIES):
            run = self._timed(name, call, expect, refused_ok=True, page=page)
            if run is not REFUSED:
                return run
            time.sleep(2)
        self._timed(name, lambda: (_ for _ in ()).throw(RuntimeError("refused every try")))
        return None

    def _timed(  # noqa: ANN202
        self,
        name: str,
        call,  # noqa: ANN001
        expect: str | None = None,
        refused_ok: bool = False,
        page: bool = False,
    ):
        """Run ``call`` and report it to Locust. When the connection was lost, reconnect
        through the proxy; a ``page`` (a navigation, which names its page) is then run again
        on the new session, anything else (a widget value, a button, an upload made for the
        session that died) is given up without a failure and the round starts again."""
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
                if not page:
                    return None
                start = time.perf_counter()
                run = call()
            said = expect is None or any(expect in t for t in run.texts)
            if expect is None:  # a page: it stopped with the database's sentence
                down = any(PAGE_DOWN in a for a in run.alerts)
            else:  # a write: the page said the database refused it instead of confirming
                down = not said and any(DB_DOWN in t for t in run.texts)
            if not run.ok:
                error = RuntimeError(f"{run.status} {run.exceptions}")
            elif refused_ok and down:
                events.request.fire(
                    request_type="refused",
                    name=f"{name} refused",
                    response_time=run.seconds * 1000,
                    response_length=run.messages,
                    exception=None,
                    context={},
                )
                return REFUSED
            elif not said:
                error = RuntimeError(
                    f"the page did not say {expect!r}: alerts {run.alerts}, last {run.texts[-2:]}"
                )
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


class ProvinceCommittee(BrowserTab):
    """A provincial committee: sign in, then the round, with a pause between pages."""

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.province = PROVINCES[(self.number - 1) % len(PROVINCES)]
        self.query = f"province={self.province}"
        self.rounds = 0
        self.reconnects = 0
        self.account = f"load{self.province}"
        self.sign_in()

    @task
    def round(self) -> None:
        reconnects = self.reconnects
        for page in ROUND:
            ran = self._write(
                PAGE_NAMES.get(page, page),
                lambda p=page: self.tab.run(p, query=self.query),
                expect=None,
                page=True,
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
        saved = self._write(
            "save draft",
            lambda: self.tab.run(widgets={"mgmt_create": ("trigger", True)}, query=self.query),
            expect=name.replace("-", "\\-"),
        )
        if saved is not None and SAVED:
            with open(SAVED, "a", encoding="utf-8") as f:
                f.write(name + "\n")


class CountyUser(BrowserTab):
    """A county user: sign in, then each round upload a month of activity records of its
    county's communities on the records page and import them."""

    fixed_count = int(os.environ.get("YOUTHMAP_LOAD_COUNTY_USERS", "0") or 0)
    _county_numbers = itertools.count(0)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.county, self.communities = COUNTIES[next(self._county_numbers) % len(COUNTIES)]
        self.province = self.county[:2]
        self.query = ""
        self.rounds = 0
        self.reconnects = 0
        self.account = f"loadc{self.county}"
        self.sign_in()

    def month(self, title: str) -> bytes:
        """A month of activities: two per community, each titled ``title-<n>``."""
        rows = [
            f"{cid},2026-11-{day:02d},四点半课堂,{title}-{k}-{day},12,24,10,高校团支部\n"
            for k, cid in enumerate(self.communities)
            for day in (3, 17)
        ]
        return (RECORDS_HEAD + "".join(rows)).encode("utf-8")

    @task
    def round(self) -> None:
        reconnects = self.reconnects
        opened = self._write(
            "records page", lambda: self.tab.run("progress"), expect=None, page=True
        )
        if opened is None or self.reconnects != reconnects:
            return
        if "rec_plan" not in self.tab.widget_values:  # a new session: pick the load plan
            picked = self._timed("records page", lambda: self.tab.run(widgets={"rec_plan": PLAN}))
            if picked is None or self.reconnects != reconnects:
                return
        self.wait()
        self.rounds += 1
        title = f"{RUN}-c{self.number}-r{self.rounds}"
        data = self.month(title)
        rows = data.decode("utf-8").count("\n") - 1

        def upload() -> Run:
            sent = self.tab.upload(f"{title}.csv", data)
            return self.tab.run(widgets={"rec_upload_activities": sent})

        parsed = self._write("records upload", upload, expect=f"有效 {rows} 行")
        if parsed is None or self.reconnects != reconnects:
            return
        imported = self._write(
            "records import",
            lambda: self.tab.run(widgets={"rec_import_activities": ("trigger", True)}),
            expect=f"新增 {rows} 条",
        )
        if imported is not None and RECORDS:
            with open(RECORDS, "a", encoding="utf-8") as f:
                f.write(f"{title} {rows}\n")


if not CountyUser.fixed_count:  # no county users asked for: Locust must not weigh it in
    del CountyUser
