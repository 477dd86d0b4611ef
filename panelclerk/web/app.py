"""The console: the Business Manager's and Chair's place to work (DESIGN.md section 5).

`create_console(app, settings)` builds the Starlette application on an application already
bootstrapped; nothing is built at import. Pages are rendered on the server from GOV.UK
Frontend's patterns (vendored: no CDN, no GOV.UK crown or font); scripts only enhance.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match, Mount, Route
from starlette.staticfiles import StaticFiles

from . import backend, pages, signin
from .access import SignInRequired
from .security import CSRF_REFUSED, IGNORED_FRAMED, SIGNED_OUT_FORM, SecurityHeaders, Sessions
from .sessions import SessionStore
from .settings import ConsoleSettingError, ConsoleSettings
from .state import Console, make_templates, path_for
from .views import render

STATIC = Path(__file__).parent / "static"

TITLES = {
    400: "There is a problem",
    403: "You cannot do this",
    404: "Page not found",
    405: "Page not found",
}


def demo_refusal(app: backend.App, settings: ConsoleSettings) -> str | None:
    """Why the demo sign-in may not be turned on here, or None when it may."""
    if not settings.loopback:
        return (
            f"the demo sign-in lets anyone choose who they are, so it is served on a loopback "
            f"address only (127.0.0.1), not {settings.host}"
        )
    if not backend.is_demo_board(app.config):
        return (
            "the demo sign-in lists the fictional demo board's people; this is the board "
            f"{app.config.board.name!r}: sign in with its identity provider instead"
        )
    return None


def create_console(app: backend.App, settings: ConsoleSettings) -> Starlette:
    demo = settings.demo
    if demo:
        why = demo_refusal(app, settings)
        if why is not None:
            raise ConsoleSettingError(f"the console cannot start: {why}")
    if settings.oidc is None and not demo:
        raise ConsoleSettingError(
            "the console needs a way to sign in: the board's identity provider (Microsoft "
            "Entra ID or Slack), or --demo on the embedded demo board"
        )
    console = Console(
        app=app,
        settings=settings,
        sessions=SessionStore(
            settings.secret, settings.idle_timeout, settings.lifetime, settings.max_sessions
        ),
        templates=make_templates(),
        oauth=signin.oauth_client(settings.oidc) if settings.oidc else None,
        demo=demo,
    )
    routes: list[Route | Mount] = [
        *pages.routes(),
        *signin.routes(),
        Route("/favicon.ico", _no_icon),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    web = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders, hsts=settings.secure_cookie),
            Middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts),
            Middleware(Sessions, store=console.sessions, secure=settings.secure_cookie),
        ],
        exception_handlers={
            HTTPException: _http_error,
            SignInRequired: _sign_in_first,
            backend.NotPermitted: _not_permitted,
        },
    )
    web.state.console = console
    web.state.paths = {}  # state.path_for's
    if settings.oidc is not None and settings.oidc.kind == "entra":
        # a Teams tab signs in with the tenant's tokens, checked against its signing keys
        web.state.teams_keys = signin.TeamsKeys(settings.oidc.metadata_url)
    return web


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = exc.status_code
    if code not in TITLES:
        return Response(status_code=code, headers=exc.headers)
    message = exc.detail if exc.detail and exc.detail != _default(code) else None
    return render(
        request,
        "error.html",
        status_code=code,
        title="Form refused" if exc.detail == CSRF_REFUSED else TITLES[code],
        message=message,
    )


def _default(code: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(code).phrase


def form_page(request: Request) -> str | None:
    """The page a form was posted from: the nearest path above the POST's that is a page
    (the console sends no Referer). /referrals/R/decline was sent from /referrals/R."""
    parts = request.url.path.rstrip("/").split("/")
    for end in range(len(parts) - 1, 0, -1):
        candidate = "/".join(parts[:end]) or "/"
        scope = {"type": "http", "path": candidate, "method": "GET"}
        for route in request.app.routes:
            if isinstance(route, Route) and route.matches(scope)[0] == Match.FULL:
                return candidate
    return None


async def _sign_in_first(request: Request, exc: Exception) -> Response:
    if request.method != "GET":
        signin.remember_page(request, form_page(request))
        return render(
            request, "error.html", status_code=403, title="Signed out", message=SIGNED_OUT_FORM
        )
    if request.scope.get(IGNORED_FRAMED):  # a Teams session another site's request rode
        return RedirectResponse(path_for(request, "teams_sign_in"), status_code=303)
    signin.remember_page(request)  # signing in goes on to it
    return RedirectResponse(path_for(request, "sign_in"), status_code=303)


async def _not_permitted(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", status_code=403, title=TITLES[403], message=str(exc))
