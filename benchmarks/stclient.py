"""A minimal Streamlit browser over the app's own WebSocket protocol (for load tests).

It speaks what the browser speaks: it opens ``/_stcore/stream`` (subprotocol ``streamlit``),
sends :class:`BackMsg` ``rerun_script`` messages (Streamlit's protobuf classes, shipped in
the ``streamlit`` package) with a page and widget values, and reads :class:`ForwardMsg`
messages until ``script_finished``. Each run reports how long it took from the request to
the script's end, which widgets the page drew (by their user key), and any exception the
page showed. Used by ``benchmarks/loadtest.py`` (Locust users) and by the deployment tests.

Widgets are found by the ``key=`` a page gave them: Streamlit's widget id ends in
``-<key>`` when a key was given.
"""

from __future__ import annotations

import contextlib
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

COOKIE_COMPONENT = "youthmap.login_cookie"
"""The app's component that writes the login cookie (``ui.auth.keep_cookie``)."""


@dataclass
class Run:
    """What one script run sent back.

    Attributes
    ----------
    seconds
        From sending the request to ``script_finished``.
    status
        ``script_finished`` status name (``FINISHED_SUCCESSFULLY`` …).
    widgets
        Widget id by user key (and by element id when there is no key).
    kinds
        Element type (``button``, ``text_input`` …) by widget id.
    components
        Data sent to each ``st.components.v2`` component, by component name.
    exceptions
        Messages of ``st.exception`` elements (uncaught page errors).
    texts
        Markdown / text / alert bodies, in order (to check what a page said).
    alerts
        The alert bodies alone (``st.error``, ``st.warning``, ``st.info``, ``st.success``).
    messages
        Number of ForwardMsg received.
    """

    seconds: float
    status: str
    widgets: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    components: dict[str, Any] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    messages: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions


class SessionError(RuntimeError):
    """The connection closed or the run did not finish in time."""


@dataclass(frozen=True)
class UploadedFile:
    """A file the session put on the server (:meth:`StreamlitSession.upload`): the value a
    ``st.file_uploader`` widget is sent."""

    file_id: str
    name: str
    size: int
    upload_url: str


def _element_text(element: Any) -> str | None:
    kind = element.WhichOneof("type")
    if kind in ("markdown", "text"):
        return getattr(element, kind).body
    if kind == "alert":
        return element.alert.body
    return None


class StreamlitSession:
    """One browser tab: a WebSocket session with a Streamlit server.

    Parameters
    ----------
    base_url
        ``http://host:port`` of the app or of the proxy in front of it.
    cookies
        ``Cookie`` header to send (a proxy's route cookie).
    timeout
        Seconds one script run may take.
    """

    def __init__(self, base_url: str, cookies: str | None = None, timeout: float = 120) -> None:
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.cookies = cookies
        self._posted: set[str] = set()
        self.timeout = timeout
        self.base_url = base_url.rstrip("/")
        self.session_id = ""
        """Streamlit's id of this session (from ``new_session``): uploads are addressed to it."""
        self.login_texts: list[str] = []
        """What the page said on the run that submitted the login form."""
        self.pages: dict[str, str] = {}
        """Page script hash by url path name (``""`` is the default page)."""
        self.navigated = False
        """Whether :attr:`pages` came from the app's ``navigation`` message. A run that
        stops before ``st.navigation`` (the database down) sends none, and the pages of
        ``new_session`` are then named by their titles: they do not replace these."""
        self.page_hash = ""
        self.widget_values: dict[str, Any] = {}
        self._known_ids: dict[str, str] = {}
        self.ws: websocket.WebSocket | None = None

    def connect(self) -> StreamlitSession:
        """Open the WebSocket (websocket-client: the socket is read only when a run waits
        for its messages, from the caller's own thread or greenlet; no reader thread of its
        own, which Locust's gevent needs: websockets' sync client closed its socket while its
        reader still watched it, and gevent's event loop aborted the process)."""
        self.ws = websocket.create_connection(
            self.url,
            timeout=self.timeout,
            subprotocols=["streamlit"],
            origin=self.origin,
            cookie=self.cookies,
            enable_multithread=False,
        )
        return self

    def close(self) -> None:
        """Close the WebSocket with its closing handshake (at most 3 s), then the socket."""
        if self.ws is not None:
            ws, self.ws = self.ws, None
            try:
                ws.close(timeout=3)
            except Exception:  # noqa: BLE001 - the connection was already gone
                ws.shutdown()

    def __enter__(self) -> StreamlitSession:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(
        self, page: str | None = None, widgets: dict[str, Any] | None = None, query: str = ""
    ) -> Run:
        """Run a page (url path name, ``None``: the current one) with widget values set.

        ``widgets`` maps a widget's user key to its value (bool, int, float, str, a list of
        str, or ``("trigger", True)`` for a button); values set earlier are sent again, as the
        browser does.
        """
        if self.ws is None:
            raise SessionError("not connected")
        if page is not None:
            self.page_hash = self.pages.get(page, "") if self.pages else ""
            if page and not self.page_hash:
                raise SessionError(f"no page {page!r} (pages: {sorted(self.pages)})")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_script_hash = self.page_hash
        triggers: set[str] = set()
        for key, value in (widgets or {}).items():
            if isinstance(value, tuple) and value and value[0] == "trigger":
                triggers.add(key)
            else:
                self.widget_values[key] = value
        known = {
            **self._known_ids,
            **{k: k for k in [*self.widget_values, *triggers] if k.startswith("$$ID-")},
        }
        for key, value in self.widget_values.items():
            if key in known:
                self._set(state.widget_states.widgets.add(), known[key], value)
        for key in triggers:
            if key not in known:
                raise SessionError(f"no widget {key!r} on the page")
            w = state.widget_states.widgets.add()
            w.id = known[key]
            w.trigger_value = True
        start = time.perf_counter()
        try:
            self.ws.settimeout(self.timeout)  # not what the last read had left
            self.ws.send_bytes(msg.SerializeToString())
        except Exception as exc:  # noqa: BLE001 - the connection closed
            raise SessionError(f"connection lost: {exc!r}") from exc
        done = self._read_until_finished(start)
        self.take_session_cookie(done)
        return done

    @staticmethod
    def _set(w: Any, wid: str, value: Any) -> None:
        w.id = wid
        if isinstance(value, bool):
            w.bool_value = value
        elif isinstance(value, int):
            w.int_value = value
        elif isinstance(value, float):
            w.double_value = value
        elif isinstance(value, str):
            w.string_value = value
        elif isinstance(value, UploadedFile):
            info = w.file_uploader_state_value.uploaded_file_info.add()
            info.file_id, info.name, info.size = value.file_id, value.name, value.size
            info.file_urls.file_id = value.file_id
            info.file_urls.upload_url = value.upload_url
            info.file_urls.delete_url = value.upload_url
        elif isinstance(value, list | tuple):
            w.string_array_value.data.extend(str(v) for v in value)
        else:
            raise TypeError(f"cannot send {type(value).__name__} as a widget value")

    def login(self, name: str, password: str) -> Run:
        """Sign in on the login page (the only page before a login); returns the run after."""
        first = self.run("")
        if "login_name" not in first.widgets:
            raise SessionError(f"no login form: {first.status} {first.exceptions} {first.texts}")
        name_id, password_id = first.widgets["login_name"], first.widgets["login_password"]
        submit = [w for w, k in first.kinds.items() if k == "button"]
        if not submit:
            raise SessionError("no login form on the page")
        sent = self.run(
            widgets={name_id: name, password_id: password, submit[0]: ("trigger", True)}
        )
        self.login_texts = sent.texts
        self.widget_values.pop(password_id, None)
        return self.run("")

    def upload(self, name: str, data: bytes, content_type: str = "text/csv") -> UploadedFile:
        """Put a file on the server for this session, as the browser's file uploader does
        (``PUT /_stcore/upload_file/<session>/<file>``, multipart, with Streamlit's XSRF
        cookie and header; through a proxy the route cookie takes it to this session's
        process). Send the result as the uploader widget's value with :meth:`run`."""
        if not self.session_id:
            raise SessionError("no session yet: run a page first")
        cookies = [c.strip() for c in (self.cookies or "").split(";") if c.strip()]
        xsrf = next((c.split("=", 1)[1] for c in cookies if c.startswith("_streamlit_xsrf=")), "")
        if not xsrf:  # the health check sets it, as the browser's first request does
            req = urllib.request.Request(
                f"{self.base_url}/_stcore/health", headers=self._cookie_header()
            )
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                for header in r.headers.get_all("Set-Cookie") or []:
                    pair = header.split(";")[0].strip()
                    if pair.startswith("_streamlit_xsrf="):
                        xsrf = pair.split("=", 1)[1]
                        cookies.append(pair)
            self.cookies = "; ".join(cookies)
        file_id = str(uuid.uuid4())
        path = f"/_stcore/upload_file/{self.session_id}/{file_id}"
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{file_id}"; '
                f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            data=body,
            method="PUT",
            headers={
                **self._cookie_header(),
                "X-Xsrftoken": xsrf,
                "Origin": self.origin,
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                r.read()
        except OSError as exc:
            said = exc.read()[:200] if isinstance(exc, urllib.error.HTTPError) else b""
            if b"Invalid session_id" in said:  # its process died since the last run: a
                # browser would have seen its WebSocket close and reconnected already
                raise SessionError(f"connection lost: {said!r}") from exc
            raise SessionError(f"upload refused: {exc} {said!r}") from exc
        return UploadedFile(file_id, name, len(data), path)

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": self.cookies} if self.cookies else {}

    def take_session_cookie(self, run: Run) -> None:
        """Do what the app's login-cookie component (``ui.auth.keep_cookie``) does in a
        browser: post a login's nonce to the app's cookie route, or post to its clearing
        route after a logout (each once), and keep the cookie the answer sets or clears;
        the next connection sends it with its WebSocket."""
        data = run.components.get(COOKIE_COMPONENT)
        if not isinstance(data, dict):
            return
        nonce, clear = str(data.get("nonce") or ""), str(data.get("clear") or "")
        if nonce and nonce not in self._posted:
            path, body = str(data["session_path"]), {"nonce": nonce}
        elif not nonce and clear and clear not in self._posted:
            path, body = str(data["logout_path"]), {}
        else:
            return
        self._posted.add(nonce or clear)
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **self._cookie_header()},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                set_cookies = r.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError:
            return  # a used or expired nonce: no cookie
        kept = [c.strip() for c in (self.cookies or "").split(";") if c.strip()]
        for header in set_cookies:
            pair = header.split(";")[0].strip()
            name, _, value = pair.partition("=")
            kept = [c for c in kept if c.split("=", 1)[0] != name]
            if value.strip('"') and "max-age=0" not in header.lower():
                kept.append(pair)
        self.cookies = "; ".join(kept) or None

    def _read_until_finished(self, start: float) -> Run:
        assert self.ws is not None
        run = Run(seconds=0.0, status="")
        widgets: dict[str, str] = {}
        deadline = start + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SessionError(f"the script did not finish within {self.timeout} s")
            try:
                self.ws.settimeout(left)
                raw = self.ws.recv()
            except (TimeoutError, websocket.WebSocketTimeoutException) as exc:
                raise SessionError(f"the script did not finish within {self.timeout} s") from exc
            except Exception as exc:  # noqa: BLE001 - the connection closed
                raise SessionError(f"connection lost: {exc}") from exc
            fm = ForwardMsg()
            fm.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            run.messages += 1
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                ns = fm.new_session
                self.session_id = ns.initialize.session_id or self.session_id
                if not self.navigated:  # until the app's st.navigation has said its pages
                    self.pages = {p.url_pathname: p.page_script_hash for p in ns.app_pages}
                self.page_hash = ns.page_script_hash
            elif kind == "navigation":
                nav = fm.navigation
                self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
                self.navigated = True
                self.page_hash = nav.page_script_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                etype = element.WhichOneof("type")
                if etype == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                    continue
                if etype == "bidi_component":  # a component's data, as its JS receives it
                    comp = element.bidi_component
                    with contextlib.suppress(ValueError):
                        run.components[comp.component_name] = json.loads(comp.json or "null")
                    continue
                text = _element_text(element)
                if text is not None:
                    run.texts.append(text)
                    if etype == "alert":
                        run.alerts.append(text)
                    continue
                inner = getattr(element, etype) if etype else None
                wid = getattr(inner, "id", "") if inner is not None else ""
                if isinstance(wid, str) and wid.startswith("$$ID-"):
                    key = wid.split("-", 2)[2] if wid.count("-") >= 2 else "None"
                    widgets[wid if key == "None" else key] = wid
                    run.kinds[wid] = etype
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # the page asked for a rerun (st.rerun): wait for that one
                run.seconds = time.perf_counter() - start
                run.status = status
                run.widgets = widgets
                self._known_ids = {**self._known_ids, **widgets}
                return run
