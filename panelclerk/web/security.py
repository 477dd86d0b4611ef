"""Every response's security headers, the session cookie, and the CSRF check on every POST.

The Content-Security-Policy allows scripts, styles, images and fonts from the console itself
only (no inline script, no CDN), and framing by Microsoft Teams and the Microsoft 365 hosts
of a Teams tab alone (`FRAME_ANCESTORS`): no other page, not even the console's own, may
frame it. TeamsJS asks Microsoft's CDN for its list of trusted hosts when it starts; the
policy's `connect-src 'self'` refuses that, and TeamsJS falls back to the list it carries.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request, cookie_parser
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .access import SignInRequired
from .sessions import Session, SessionStore
from .state import SESSION, session_of

FRAME_ANCESTORS = "teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft"
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        f"frame-ancestors {FRAME_ANCESTORS}",
    )
)
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = (
    "This form had expired (after a long while on one page, or a sign-out) or did not come "
    "from the console, so nothing was done. Use your browser's Back button: what you typed "
    "is usually still there. Copy it, reload the page, paste it back and send it again."
)
SIGNED_OUT_FORM = (
    "You were signed out after a while without using the console, so nothing was saved. "
    "Use your browser's Back button: what you typed is usually still there. Copy it, sign "
    "in again (you will come back to the same page), paste it back and send it."
)


class SecurityHeaders:
    """Headers on every response; pages (everything but /static/) are never stored."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                if self.hsts:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if static:
                    headers["Cache-Control"] = "private, max-age=3600"
                else:
                    headers["Cache-Control"] = "no-store"
                    headers["Pragma"] = "no-cache"
            await send(message)

        await self.app(scope, receive, send_with_headers)


LAX = "Path=/; HttpOnly; SameSite=Lax"
IGNORED_FRAMED = "panelclerk.ignored_framed"  # scope key: a Teams session was not used
# What a session signed in inside a Teams tab accepts: the console's own pages and the
# person's own typing (`none`); never another site's request, nor a client that does not say.
FRAMED_SITES = frozenset({"same-origin", "none"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1")).strip().lower()
    return None


def framed_may_use(scope: Scope) -> bool:
    """May this request use a session signed in inside a Teams tab? Its partitioned
    `SameSite=None` cookie goes with every request made while Teams is the page on top,
    another app's tab in the same window included (`<img src=/referrals/...>`): only the
    console's own requests (`Sec-Fetch-Site: same-origin`, or `none` for the person's own
    navigation) may use it. The one exception is the tab's own page, `GET /teams/sign-in`,
    which Teams loads cross-site and which goes on to the console by a same-origin
    navigation (signin.teams_page). A request without the header is refused the session:
    every browser Teams runs in sends it."""
    site = _header(scope, b"sec-fetch-site")
    if site in FRAMED_SITES:
        return True
    return scope.get("method") in ("GET", "HEAD") and scope.get("path") == TEAMS_SIGN_IN


TEAMS_SIGN_IN = "/teams/sign-in"
FRAMED = "Path=/; HttpOnly; Secure; SameSite=None; Partitioned"


class Sessions:
    """Finds the request's session from its cookie and sets the cookie when a request
    started, changed or ended one. `scope["session"]` is the session's server-side data
    (Authlib keeps the sign-in flow's state there); never anything in the cookie.

    Two cookie settings, chosen by how the session was signed in, because no one setting
    serves both safely:

    - Signed in inside a Teams tab (`Session.framed`, over https): `SameSite=None; Secure;
      Partitioned`. The tab is an iframe under Teams' own site, where a `SameSite=Lax`
      cookie is never sent and a third-party cookie is kept only if it is partitioned. A
      partitioned cookie is kept in a jar of its own for the Teams site and sent only while
      Teams is the page on top, so another site cannot make the browser use it.
    - Signed in in the browser (the identity provider's redirect, the demo): `SameSite=Lax`
      as before. `SameSite=None` there would let any other site's page load console pages
      with the person's cookie (an `<img>` pointing at a referral would write an audited
      view of it in their name); Lax sends the cookie only when the person opens the link.
    """

    def __init__(self, app: ASGIApp, *, store: SessionStore, secure: bool) -> None:
        self.app = app
        self.store = store
        self.secure = secure
        self.name = "__Host-panelclerk" if secure else "panelclerk"

    def _cookie(self, scope: Scope) -> str | None:
        for key, value in scope.get("headers", []):
            if key == b"cookie":  # parsed leniently: a malformed header is no session
                found = cookie_parser(value.decode("latin-1")).get(self.name)
                if found:
                    return found
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = self._cookie(scope)
        found = self.store.get(cookie, touch=False)
        ignored = found is not None and found.framed and not framed_may_use(scope)
        if ignored:  # another site's request riding a Teams session: signed out, untouched
            found = None
            scope[IGNORED_FRAMED] = True
        elif found is not None:
            self.store.get(cookie)  # its idle clock restarted
        before = found.id if found else None
        scope[SESSION] = found
        scope["session"] = found.data if found else {}

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                now: Session | None = scope.get(SESSION)
                after = now.id if now else None
                if ignored and now is None:
                    pass  # the Teams session's cookie is not another site's to clear
                elif after != before or (cookie and found is None):
                    headers = MutableHeaders(scope=message)
                    for value in self._set(now, found):
                        headers.append("Set-Cookie", value)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def attributes(self, framed: bool) -> str:
        if framed and self.secure:
            return FRAMED
        return LAX + ("; Secure" if self.secure else "")

    def _set(self, session: Session | None, before: Session | None) -> list[str]:
        if session is not None:
            value = self.store.cookie_value(session)
            return [f"{self.name}={value}; {self.attributes(session.framed)}"]
        # clearing: a partitioned cookie is cleared only by a partitioned Set-Cookie, so a
        # cookie whose session is unknown (expired) is cleared in both kinds
        kinds = [before.framed] if before is not None else [False, True]
        if not self.secure:
            kinds = [False]
        return [f"{self.name}=; Max-Age=0; {self.attributes(framed)}" for framed in kinds]


def start_session(request: Request, store: SessionStore) -> Session:
    """The request's session, an anonymous one begun when it has none (sign-in needs one
    for the flow's state and the CSRF token)."""
    session = session_of(request)
    if session is None:
        session = store.new()
        request.scope[SESSION] = session
        request.scope["session"] = session.data
    return session


def replace_session(request: Request, session: Session | None) -> None:
    request.scope[SESSION] = session
    request.scope["session"] = session.data if session else {}


async def checked_form(request: Request) -> FormData:
    """The POST's form, once its CSRF token is the session's own; else a 403."""
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, CSRF_REFUSED)
    session = session_of(request)
    if session is None:  # signed out (or the session ran out) while the form was open
        raise SignInRequired
    form = await request.form(max_files=0, max_fields=50)
    token = form.get(CSRF_FIELD)
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), session.csrf.encode()):
        raise HTTPException(403, CSRF_REFUSED)
    return form


PostHandler = Callable[[Request, FormData], Awaitable[Response]]


def post(path: str, handler: PostHandler, name: str) -> Route:
    """A POST route: the CSRF check runs before the handler, which gets the checked form.
    Every POST route of the console is made here (a test walks the routes to prove it)."""

    async def endpoint(request: Request) -> Response:
        return await handler(request, await checked_form(request))

    endpoint.__name__ = f"csrf_checked_{name}"
    route = Route(path, endpoint, methods=["POST"], name=name)
    route.csrf_checked = True  # type: ignore[attr-defined]
    return route
