"""Signing in: OpenID Connect with the board's identity provider (Microsoft Entra ID, the
board's tenant only; or Sign in with Slack, the board's workspace only), the person matched
to the board file by `oid` -> `teams_user` or Slack's user id -> `slack_user`. Someone the
provider knows but the board file does not is refused and given nothing.

The demo sign-in lists the fictional demo board's people to pick from: create_console turns
it on only for the embedded demo board served on a loopback address.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend
from .access import viewer
from .security import post, replace_session, start_session
from .settings import OidcSettings
from .state import console, path_for, session_of
from .views import render

log = logging.getLogger("panelclerk.web")

SLACK_USER = "https://slack.com/user_id"
SLACK_TEAM = "https://slack.com/team_id"


def oauth_client(oidc: OidcSettings) -> Any:
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    return oauth.register(
        "board",
        client_id=oidc.client_id,
        client_secret=oidc.client_secret,
        server_metadata_url=oidc.metadata_url,
        client_kwargs={"scope": "openid profile", "code_challenge_method": "S256"},
    )


async def sign_in_page(request: Request) -> Response:
    if viewer(request) is not None:
        return RedirectResponse(path_for(request, "home"), status_code=303)
    state = console(request)
    return render(
        request,
        "sign_in.html",
        provider=state.settings.oidc.title if state.settings.oidc else None,
    )


async def start(request: Request) -> Response:
    state = console(request)
    if state.oauth is None:
        raise HTTPException(404)
    start_session(request, state.sessions)
    settings = state.settings
    if settings.public_url:
        redirect_uri = settings.public_url.rstrip("/") + "/sign-in/callback"
    else:
        redirect_uri = str(request.url_for("sign_in_callback"))
    response: Response = await state.oauth.authorize_redirect(request, redirect_uri)
    return response


def _match(oidc: OidcSettings, claims: dict[str, Any], config: Any) -> tuple[str | None, str]:
    """The board file's person for these claims, or None with why (for the log only)."""
    if oidc.kind == "entra":
        if str(claims.get("tid", "")).lower() != (oidc.tenant or "").lower():
            return None, "another tenant"
        oid = claims.get("oid")
        if not isinstance(oid, str):
            return None, "no oid claim"
        return backend.person_by_sign_in(config, "teams", oid), "oid not in the board file"
    if claims.get(SLACK_TEAM) != oidc.slack_team:  # the workspace is required (settings)
        return None, "another workspace"
    user = claims.get(SLACK_USER) or claims.get("sub")
    if not isinstance(user, str):
        return None, "no user id claim"
    return backend.person_by_sign_in(config, "slack", user), "user id not in the board file"


async def callback(request: Request) -> Response:
    from authlib.integrations.base_client.errors import OAuthError

    state = console(request)
    if state.oauth is None or session_of(request) is None:
        raise HTTPException(400, "The sign-in had expired. Start again from the sign-in page.")
    assert state.settings.oidc is not None
    try:
        token = await state.oauth.authorize_access_token(request)
    except OAuthError as exc:
        log.info("console sign-in did not complete: %s", exc.error)
        raise HTTPException(
            400, "The sign-in did not complete. Start again from the sign-in page."
        ) from None
    claims = token.get("userinfo")
    if not isinstance(claims, dict):
        raise HTTPException(400, "The identity provider did not say who you are.")
    person, why = _match(state.settings.oidc, claims, state.app.config)
    if person is None:
        # nothing of the board: the anonymous session keeps no trace of who tried
        old = session_of(request)
        if old is not None:
            state.sessions.end(old)
        replace_session(request, None)
        log.info("console sign-in refused: %s", why)
        return render(request, "refused.html", status_code=403)
    return _signed_in(request, person, "oidc")


def _signed_in(request: Request, person: str, how: str) -> Response:
    state = console(request)
    session = state.sessions.sign_in(session_of(request), person)
    replace_session(request, session)
    backend.record(state.app, backend.SIGN_IN, person, via=how)
    return RedirectResponse(path_for(request, "home"), status_code=303)


async def demo_page(request: Request) -> Response:
    state = console(request)
    if not state.demo:
        raise HTTPException(404)
    start_session(request, state.sessions)
    config = state.app.config
    people = [(p, sorted(config.roles_of(p.id))) for p in config.people]
    return render(request, "demo_sign_in.html", people=people, error=None)


async def demo_choose(request: Request, form: FormData) -> Response:
    state = console(request)
    if not state.demo:
        raise HTTPException(404)
    chosen = form.get("person")
    config = state.app.config
    if not isinstance(chosen, str) or config.person(chosen) is None:
        people = [(p, sorted(config.roles_of(p.id))) for p in config.people]
        return render(
            request,
            "demo_sign_in.html",
            status_code=400,
            people=people,
            error="Choose the person you want to be",
        )
    return _signed_in(request, chosen, "demo")


async def sign_out(request: Request, form: FormData) -> Response:
    state = console(request)
    session = session_of(request)
    if session is not None:
        if session.person is not None:
            backend.record(state.app, backend.SIGN_OUT, session.person)
        state.sessions.end(session)
    replace_session(request, None)
    return RedirectResponse(path_for(request, "signed_out"), status_code=303)


async def signed_out(request: Request) -> Response:
    return render(request, "signed_out.html")


def routes() -> list[Route]:
    return [
        Route("/sign-in", sign_in_page, name="sign_in"),
        Route("/sign-in/start", start, name="sign_in_start"),
        Route("/sign-in/callback", callback, name="sign_in_callback"),
        Route("/signed-out", signed_out, name="signed_out"),
        Route("/demo-sign-in", demo_page, name="demo_sign_in"),
        post("/demo-sign-in", demo_choose, name="demo_sign_in_choose"),
        post("/sign-out", sign_out, name="sign_out"),
    ]
