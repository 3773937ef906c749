"""The server's routes that set and clear the login cookie, as HttpOnly: no page script
can read the signed session token.

Streamlit (1.67) has no API that sets a cookie from a script run, and a cookie a page
script writes cannot be HttpOnly. ``serve.py`` runs the app as an ``st.App`` with these
routes beside Streamlit's own, on the same origin:

``POST /_youthmap/session``
    After a login the page posts the one-time nonce the script run was given
    (:func:`geo.store.sessions.hand_off`); the answer sets :data:`COOKIE` to the session's
    signed token (:func:`geo.store.sessions.redeem`). An unknown, used or expired nonce
    gets 403 and no cookie.
``POST /_youthmap/logout``
    Revokes the session the cookie names (the script run has revoked it already after a
    logout; this covers a stale cookie) and clears the cookie.

The cookie is HttpOnly, ``SameSite=Strict``, ``Path=/`` and, when the page was served over
HTTPS (directly, or behind the deploy's nginx, which sends ``X-Forwarded-Proto``),
``Secure``. Both routes take only a JSON POST (a cross-site form cannot send one without a
CORS preflight, which they do not answer) and refuse a request whose ``Origin`` is not the
app's own. No Streamlit import: the routes run in the server's event loop, outside any
session, and do their database work in a worker thread.
"""

from __future__ import annotations

import functools
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from geo import store
from geo.store import sessions

COOKIE = "youthmap_session"
"""Name of the browser cookie holding the signed session token."""
SESSION_PATH = "/_youthmap/session"
"""Where the page posts a login's nonce to get the cookie."""
LOGOUT_PATH = "/_youthmap/logout"
"""Where the page posts to clear the cookie."""


@functools.cache
def _open(url: str) -> store.Store:
    return store.open_store(url)


def secure(request: Request) -> bool:
    """Whether the page was served over HTTPS, directly or behind a proxy that says so."""
    forwarded = (request.headers.get("x-forwarded-proto") or "").split(",")[0].strip()
    return request.url.scheme == "https" or forwarded.lower() == "https"


def _same_origin(request: Request) -> bool:
    """A JSON POST from a page of this app (an ``Origin`` header, when sent, names it)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return False
    origin = request.headers.get("origin")
    if not origin:
        return True
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host


async def _session(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    try:
        body = json.loads(await request.body())
    except ValueError:
        return Response(status_code=400)
    nonce = body.get("nonce") if isinstance(body, dict) else None
    if not isinstance(nonce, str):
        return Response(status_code=400)
    db = _open(store.database_url())
    value = await run_in_threadpool(sessions.redeem, db, nonce)
    if value is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE,
        value,
        max_age=sessions.SESSION_TTL_S,
        path="/",
        secure=secure(request),
        httponly=True,
        samesite="strict",
    )
    return response


async def _logout(request: Request) -> Response:
    if not _same_origin(request):
        return Response(status_code=403)
    value = request.cookies.get(COOKIE)
    if value:
        await run_in_threadpool(sessions.end_session, _open(store.database_url()), value)
    response = Response(status_code=204)
    response.delete_cookie(
        COOKIE, path="/", secure=secure(request), httponly=True, samesite="strict"
    )
    return response


ROUTES: list[Route] = [
    Route(SESSION_PATH, _session, methods=["POST"]),
    Route(LOGOUT_PATH, _logout, methods=["POST"]),
]
"""The routes ``serve.py`` adds to Streamlit's."""
