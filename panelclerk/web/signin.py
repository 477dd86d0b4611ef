"""Signing in: OpenID Connect with the board's identity provider (Microsoft Entra ID, the
board's tenant only; or Sign in with Slack, the board's workspace only), the person matched
to the board file by `oid` -> `teams_user` or Slack's user id -> `slack_user`. Someone the
provider knows but the board file does not is refused and given nothing.

The demo sign-in lists the fictional demo board's people to pick from: create_console turns
it on only for the embedded demo board served on a loopback address.

Inside a Microsoft Teams tab the identity provider's page will not load (it refuses to be
framed), so the tab signs in with Teams' single sign-on: `/teams/sign-in` asks TeamsJS for
the person's token (`authentication.getAuthToken()`, static/teams.js) and posts it to
`/teams/session`, which checks it (`teams_claims`) and matches its `oid` as above.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import clock
from . import backend
from .access import viewer
from .security import CSRF_REFUSED, FRAMED_SITES, post, replace_session, start_session
from .settings import ConsoleSettings, OidcSettings
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
    if request.headers.get("sec-fetch-dest") == "iframe" and _teams_keys(request) is not None:
        # in a Teams tab (a session ran out there): the provider's page cannot be framed
        return RedirectResponse(path_for(request, "teams_sign_in"), status_code=303)
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
        return _not_on_the_board(request, why)
    return _signed_in(request, person, "oidc")


def _not_on_the_board(request: Request, why: str) -> Response:
    """The refusal page; nothing of the board is shown, and the anonymous session keeps no
    trace of who tried."""
    state = console(request)
    old = session_of(request)
    if old is not None:
        state.sessions.end(old)
    replace_session(request, None)
    log.info("console sign-in refused: %s", why)
    return render(request, "refused.html", status_code=403)


NEXT = "panelclerk.next"  # in the anonymous session: the page asked for before signing in


def remember_page(request: Request, page: str | None = None) -> None:
    """Someone signed out asked for a page (a link in a notice, a bookmark), or sent a form
    from one (`page`): keep it in the anonymous session, so that signing in goes on to it
    rather than to the pipeline. Only a path on this console is kept."""
    target = page or request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if _on_this_console(target):
        start_session(request, console(request).sessions).data[NEXT] = target


def _on_this_console(target: str) -> bool:
    return (
        target.startswith("/")
        and not target.startswith(("//", "/sign-in", "/sign-out", "/teams/", "/demo"))
        and "\\" not in target
        and len(target) <= 2000
        and target.isprintable()
    )


def _signed_in(request: Request, person: str, how: str, *, framed: bool = False) -> Response:
    state = console(request)
    before = session_of(request)
    asked = before.data.get(NEXT) if before is not None else None
    session = state.sessions.sign_in(before, person, framed=framed)
    replace_session(request, session)
    backend.record(state.app, backend.SIGN_IN, person, via=how)
    go_to = asked if isinstance(asked, str) and _on_this_console(asked) else None
    return RedirectResponse(go_to or path_for(request, "home"), status_code=303)


# ---- Microsoft Teams tab: single sign-on -----------------------------------------------

# The two issuers of the board's tenant: v1 access tokens (an Application ID URI audience)
# and v2 ones (the client id as audience); which one Teams gets depends on the app
# registration's accessTokenAcceptedVersion.
TEAMS_ISSUERS = (
    "https://sts.windows.net/{tenant}/",
    "https://login.microsoftonline.com/{tenant}/v2.0",
)
# The Teams clients Microsoft documents for pre-authorising a tab's SSO scope: the token's
# `azp` (v2) or `appid` (v1) names the client that asked for it.
TEAMS_CLIENTS = frozenset(
    {
        "1fec8e78-bce4-4aaf-ab1b-5451cc387264",  # Teams desktop and mobile
        "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",  # Teams web
    }
)
TEAMS_SCOPE = "access_as_user"  # the scope the Teams SSO docs have IT define
ALGORITHMS = ["RS256"]
LEEWAY = 120  # seconds of clock skew allowed between Microsoft and this server
KEYS_KEPT = dt.timedelta(hours=6)
KEYS_AGAIN = dt.timedelta(minutes=1)  # a token naming an unknown key: fetched again, not sooner
MAX_TOKEN = 16_384

UNVERIFIED = (
    "Teams gave the console a sign-in it could not verify, so nothing was done. Close the "
    "tab and open it again; if this happens again, tell your IT team."
)
EXPIRED = (
    "Your Teams sign-in had expired, or is not valid yet (this computer's clock may be "
    "wrong). Close the tab and open it again."
)
AUDIENCE = (
    "Teams gave the console a sign-in made for another application, not this console. Your "
    "IT team should check that the Teams app package and the console name the same app "
    "registration."
)
NOT_FROM_TEAMS = (
    "The console accepts a sign-in that Microsoft Teams asked for on your behalf, and this "
    "one was not, so nothing was done. Open the console from its tab in Teams, or sign in in "
    "your browser."
)
UNREACHABLE = (
    "The console could not reach Microsoft to check your sign-in. Try again in a few minutes."
)

Fetch = Callable[[str], Awaitable[Any]]


async def fetch_json(url: str) -> Any:
    import httpx

    async with httpx.AsyncClient(timeout=10.0) as http:
        response = await http.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        return response.json()


class TeamsRefusal(Exception):
    """A Teams token the console does not accept: the words the person is shown."""

    def __init__(self, message: str, why: str, status_code: int = 403) -> None:
        super().__init__(why)
        self.message = message
        self.why = why  # for the log: never the token
        self.status_code = status_code


class TeamsKeys:
    """The tenant's signing keys, found through the identity provider's metadata (its
    `jwks_uri`): kept for KEYS_KEPT, and fetched again when a token names a key not among
    them (Microsoft rolls its keys). Whatever starts a fetch, there is at most one attempt
    every KEYS_AGAIN, successful or not, and one at a time (a lock): a flood of posts during
    an outage, or of made-up key ids, does not become a flood of requests to Microsoft."""

    def __init__(
        self,
        metadata_url: str,
        fetch: Fetch | None = None,
        now: Callable[[], dt.datetime] = clock.running,
    ) -> None:
        self.metadata_url = metadata_url
        self._fetch = fetch
        self._now = now
        self._keys: Any = None  # a joserfc KeySet
        self._fetched: dt.datetime | None = None  # the last fetch that succeeded
        self._tried: dt.datetime | None = None  # the last attempt, recorded before it starts
        self._lock = asyncio.Lock()

    async def key_set(self, *, again: bool = False) -> Any:
        async with self._lock:
            now = self._now()
            age = None if self._fetched is None else now - self._fetched
            due = age is None or age > KEYS_KEPT or again
            if due and (self._tried is None or now - self._tried >= KEYS_AGAIN):
                self._tried = now
                await self._refresh(now)
            if self._keys is None:
                raise TeamsRefusal(UNREACHABLE, "signing keys: not fetched", 503)
            return self._keys

    async def _refresh(self, now: dt.datetime) -> None:
        from joserfc.jwk import KeySet

        fetch = self._fetch or fetch_json
        try:
            metadata = await fetch(self.metadata_url)
            uri = metadata["jwks_uri"]
            if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
                raise ValueError("no jwks_uri in the metadata")
            keys = KeySet.import_key_set(await fetch(uri))
        except Exception as exc:  # the network, the JSON, the keys: all unreachable
            log.warning("the tenant's signing keys could not be fetched: %r", exc)
            return
        self._keys, self._fetched = keys, now


def teams_audiences(settings: ConsoleSettings) -> list[str]:
    """The `aud` a Teams token for this console carries: its Application ID URI (v1 tokens)
    or its client id (v2)."""
    assert settings.oidc is not None
    return [a for a in (settings.teams_resource, settings.oidc.client_id) if a]


async def teams_claims(token: str, keys: TeamsKeys, settings: ConsoleSettings) -> dict[str, Any]:
    """The claims of a Teams SSO token once it is proved: signed by one of the tenant's keys
    (RS256 only), for this console, in date by the product's running clock, asked for by a
    Teams client for the person (`_asked_for_by_teams`), and issued by the board's own
    tenant. Raises TeamsRefusal; a token of another tenant gives the claims with their
    `iss` and `tid` as they are, for the board's matching to refuse as it refuses any other
    sign-in.

    The JOSE work is joserfc's: Authlib's own JOSE library, which Authlib depends on and
    names as the replacement of its deprecated `authlib.jose`."""
    from joserfc import jwt
    from joserfc.errors import (
        ExpiredTokenError,
        InvalidKeyIdError,
        InvalidTokenError,
        JoseError,
    )

    oidc = settings.oidc
    assert oidc is not None and oidc.tenant
    if not token or len(token) > MAX_TOKEN:
        raise TeamsRefusal(UNVERIFIED, "no token, or one too long", 400)
    try:
        try:
            decoded = jwt.decode(token, await keys.key_set(), algorithms=ALGORITHMS)
        except InvalidKeyIdError:
            decoded = jwt.decode(token, await keys.key_set(again=True), algorithms=ALGORITHMS)
    except (JoseError, ValueError) as exc:
        raise TeamsRefusal(UNVERIFIED, f"not verified: {type(exc).__name__}") from None
    claims: dict[str, Any] = dict(decoded.claims)
    try:
        jwt.JWTClaimsRegistry(
            aud={"essential": True, "values": teams_audiences(settings)}
        ).validate({"aud": claims.get("aud")})
    except JoseError:
        raise TeamsRefusal(AUDIENCE, f"audience {claims.get('aud')!r}") from None
    # the running clock: a trial's fixed moment must not keep an expired token in date
    moment = int(clock.running().timestamp())
    timing = jwt.JWTClaimsRegistry(now=moment, leeway=LEEWAY, exp={"essential": True})
    try:
        timing.validate({k: claims[k] for k in ("exp", "nbf", "iat") if k in claims})
    except (ExpiredTokenError, InvalidTokenError):
        raise TeamsRefusal(EXPIRED, "expired or not yet valid") from None
    except JoseError:
        raise TeamsRefusal(UNVERIFIED, "no usable exp claim") from None
    _asked_for_by_teams(claims)
    issuers = {i.format(tenant=oidc.tenant.lower()) for i in TEAMS_ISSUERS}
    if str(claims.get("iss", "")).lower() not in issuers:
        claims["tid"] = None  # another tenant's token, whatever its tid says: refused
    return claims


def _asked_for_by_teams(claims: dict[str, Any]) -> None:
    """A token Teams asked for, for the person, with the scope the tab's SSO defines: not an
    application's own token, nor one another client of the same tenant obtained."""
    if claims.get("idtyp") == "app":
        raise TeamsRefusal(NOT_FROM_TEAMS, "an application's token (idtyp=app)")
    scopes = claims.get("scp")
    if not isinstance(scopes, str) or TEAMS_SCOPE not in scopes.split():
        raise TeamsRefusal(NOT_FROM_TEAMS, f"scope {scopes!r}")
    client = claims.get("azp") if str(claims.get("ver")) == "2.0" else claims.get("appid")
    if not isinstance(client, str) or client.lower() not in TEAMS_CLIENTS:
        raise TeamsRefusal(NOT_FROM_TEAMS, f"client {client!r}")


def _teams_keys(request: Request) -> TeamsKeys | None:
    found: TeamsKeys | None = getattr(request.app.state, "teams_keys", None)
    return found


def _from_the_console(request: Request, settings: ConsoleSettings) -> None:
    """The tab's post comes from the console's own page: its Origin is the console's. The
    token is the proof of who signs in; this keeps another site from signing a browser in
    with a token of its choosing."""
    expected = settings.origin or f"{request.url.scheme}://{request.url.netloc}".lower()
    origin = request.headers.get("origin", "").lower()
    if request.headers.get("sec-fetch-site") == "cross-site" or origin != expected:
        raise HTTPException(403, CSRF_REFUSED)


async def teams_page(request: Request) -> Response:
    if _teams_keys(request) is None:
        raise HTTPException(404)
    if viewer(request) is not None:
        if request.headers.get("sec-fetch-site") in FRAMED_SITES:
            return RedirectResponse(path_for(request, "home"), status_code=303)
        # Teams loaded the tab (a cross-site request): a redirect would keep the request
        # cross-site, and a cross-site request may not use the Teams session (security.py),
        # so the page goes on to the console itself, by a same-origin navigation (teams.js)
        return render(request, "teams_sign_in.html", go_on=path_for(request, "home"))
    return render(request, "teams_sign_in.html", go_on=None)


async def teams_configure(request: Request) -> Response:
    """The channel tab's configuration page: Teams shows it when the tab is added, and it
    names the page the tab opens (teams.js sets it with TeamsJS)."""
    state = console(request)
    if _teams_keys(request) is None:
        raise HTTPException(404)
    base = (state.settings.origin or f"{request.url.scheme}://{request.url.netloc}").rstrip("/")
    return render(
        request,
        "teams_configure.html",
        content_url=base + path_for(request, "teams_sign_in"),
        website_url=base + "/",
    )


async def teams_session(request: Request) -> Response:
    """The token TeamsJS gave the tab, posted by teams.js: checked, then the person matched
    to the board file by `oid` as every Entra sign-in is; the session is the framed kind."""
    state = console(request)
    _from_the_console(request, state.settings)
    keys = _teams_keys(request)
    oidc = state.settings.oidc
    if keys is None or oidc is None:
        raise HTTPException(404)
    form = await request.form(max_files=0, max_fields=5, max_part_size=MAX_TOKEN + 1)
    token = form.get("token")
    try:
        claims = await teams_claims(token if isinstance(token, str) else "", keys, state.settings)
    except TeamsRefusal as refusal:
        log.info("console sign-in in Teams refused: %s", refusal.why)
        return render(
            request, "teams_refused.html", status_code=refusal.status_code, message=refusal.message
        )
    person, why = _match(oidc, claims, state.app.config)
    if person is None:
        return _not_on_the_board(request, why)
    return _signed_in(request, person, "teams", framed=True)


def _teams_route() -> Route:
    route = Route("/teams/session", teams_session, methods=["POST"], name="teams_session")
    route.csrf_checked = True  # type: ignore[attr-defined]  # its Origin, and the token itself
    return route


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
        Route("/teams/sign-in", teams_page, name="teams_sign_in"),
        Route("/teams/configure", teams_configure, name="teams_configure"),
        _teams_route(),
    ]
