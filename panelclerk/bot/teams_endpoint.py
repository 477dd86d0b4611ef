"""The HTTP endpoint verifies the Bot Framework's JWT on every request (the SDK's middleware:
signature, expiry, audience), then, before any work, that the token's issuer is the Bot
Framework or the board's own Entra tenant, that the token was issued for the activity's
serviceUrl, that the activity comes from Teams and, where it names a tenant, from the
board's; and it replies only to Microsoft's Bot Connector hosts (plus any the board
configures), so a forged activity can neither act as a member nor make the bot send case
data elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import web
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration
from microsoft_agents.hosting.core.security import OutboundHostValidator

from .. import faults
from ..application import context as context_stage
from .teams import (
    BOT_FRAMEWORK_ISSUER,
    CHANNEL_ID,
    FIRST_ANSWER_SECONDS,
    TeamsAgent,
    Turn,
    message,
)

log = logging.getLogger("panelclerk.teams")


def issuers(tenant: str | None) -> tuple[str, ...]:
    """Who may sign an incoming activity's token: the Bot Framework, and for a single-tenant
    bot Microsoft Entra for the board's own tenant (v2.0 and v1 issuers). Not the SDK's
    wider default, which trusts Microsoft's first-party tenants as well."""
    if not tenant:
        return (BOT_FRAMEWORK_ISSUER,)
    return (
        BOT_FRAMEWORK_ISSUER,
        f"https://login.microsoftonline.com/{tenant}/v2.0",
        f"https://sts.windows.net/{tenant}/",
    )


def refusal(claims: dict[str, Any], activity: Any, tenant: str | None) -> str | None:
    """Why a request whose token verified must still be refused, before any work: a token
    from another issuer (or another tenant's Entra) or for another serviceUrl; an activity
    not from Teams, or naming a tenant other than the board's."""
    issuer = str(claims.get("iss") or "")
    if issuer.lower() not in {i.lower() for i in issuers(tenant)}:
        return "the token's issuer is neither the Bot Framework nor the board's tenant"
    if not isinstance(activity, dict):
        return "the body is not an activity"
    signed_for = str(claims.get("serviceurl") or claims.get("serviceUrl") or "").rstrip("/")
    if signed_for and signed_for != str(activity.get("serviceUrl") or "").rstrip("/"):
        return "the token was issued for another serviceUrl"
    if activity.get("channelId") != CHANNEL_ID:
        return "the activity does not come from Teams"
    named: list[Any] = []
    data = activity.get("channelData")
    if isinstance(data, dict) and isinstance(data.get("tenant"), dict):
        named.append(data["tenant"].get("id"))
    conversation = activity.get("conversation")
    if isinstance(conversation, dict):
        named.append(conversation.get("tenantId"))
    if tenant and any(t and str(t).lower() != tenant.lower() for t in named):
        return "the activity comes from another tenant than the board's"
    return None


def build_adapter(
    app: context_stage.App,
    app_id: str,
    secret: str,
    *,
    authority: str | None = None,
    validator: OutboundHostValidator | None = None,
) -> tuple[Any, AgentAuthConfiguration]:
    """The SDK's aiohttp CloudAdapter signed in as the bot through MSAL (client secret from
    the environment), and the configuration its JWT middleware checks incoming tokens with."""
    from microsoft_agents.authentication.msal import MsalConnectionManager
    from microsoft_agents.hosting.aiohttp import CloudAdapter

    auth = AgentAuthConfiguration(
        client_id=app_id,
        tenant_id=app.config.chat.teams_tenant,
        client_secret=secret,
        authority=authority,
        anonymous_allowed=False,
        issuers=list(issuers(app.config.chat.teams_tenant)),
        validate_issuer=True,  # the SDK checks it too (off by default there)
    )
    manager = MsalConnectionManager({"SERVICE_CONNECTION": auth})
    adapter = CloudAdapter(
        connection_manager=manager, host_validator=validator or host_validator(app)
    )
    return adapter, auth


def host_validator(app: context_stage.App) -> OutboundHostValidator:
    """Replies go only over https to Microsoft's Bot Connector hosts and those the board
    names, never to a private or loopback address, whatever an activity's serviceUrl says."""
    return OutboundHostValidator(list(app.config.chat.teams_service_hosts) or None, enabled=True)


def web_app(
    adapter: Any,
    agent: TeamsAgent,
    auth: AgentAuthConfiguration,
    first_answer: float = FIRST_ANSWER_SECONDS,
) -> web.Application:
    """The /api/messages endpoint. Every request's JWT is checked before anything else;
    the turn's answer is awaited for at most `first_answer` seconds, after which Teams is
    told 202 and the turn finishes in the background (nothing is dropped)."""
    from microsoft_agents.hosting.aiohttp import jwt_authorization_middleware

    application = web.Application(middlewares=[jwt_authorization_middleware])
    application["agent_configuration"] = auth
    background: set[asyncio.Task[Any]] = set()

    async def on_turn_error(context: Turn, error: Exception) -> None:
        # The SDK's default would post the exception's text into the chat.
        told = await asyncio.to_thread(
            faults.report,
            agent.app,
            "A Teams request",
            error,
            then="The person was told something went wrong on our side.",
        )
        await context.send_activity(message(text=faults.sorry(told)))

    adapter.on_turn_error = on_turn_error

    async def messages(request: web.Request) -> web.StreamResponse:
        identity = request.get("claims_identity")
        claims = getattr(identity, "claims", None) or {}
        try:
            body = await request.json()  # aiohttp keeps the body: the adapter reads it again
        except ValueError:
            return web.Response(status=400)
        refused = refusal(claims, body, agent.app.config.chat.teams_tenant)
        if refused is not None:
            log.warning("teams request refused: %s", refused)
            status = 401 if "token" in refused else 403
            return web.json_response({"error": refused}, status=status)
        task = asyncio.ensure_future(adapter.process(request, agent))
        done, _ = await asyncio.wait({task}, timeout=first_answer)
        if task in done:
            return task.result() or web.Response(status=202)
        background.add(task)
        task.add_done_callback(background.discard)
        log.warning("teams turn still running after %.0f s; answered 202", first_answer)
        return web.Response(status=202)

    application.router.add_post("/api/messages", messages)
    return application


def run_endpoint(
    application: web.Application,
    host: str,
    port: int,
    stop: Callable[[], bool],
    ready: Callable[[int], None] | None = None,
) -> None:
    """Serves the endpoint on its own event loop until `stop()` is true (serve's thread)."""

    async def main() -> None:
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0][1] if runner.addresses else port
        if ready is not None:
            ready(bound)
        while not stop():
            await asyncio.sleep(0.2)
        await runner.cleanup()

    asyncio.run(main())
