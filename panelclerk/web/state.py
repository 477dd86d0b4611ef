"""What every request of the console shares: the application, the settings, the sessions,
the sign-in client and the templates; and the one way a page is rendered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    PackageLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from ..defuse import defused
from . import backend
from .sessions import Session, SessionStore
from .settings import ConsoleSettings

SESSION = "panelclerk.session"  # the scope key of the request's Session (or None)


@dataclass
class Console:
    app: backend.App
    settings: ConsoleSettings
    sessions: SessionStore
    templates: Jinja2Templates
    oauth: Any  # authlib's StarletteOAuth2App, or None without an identity provider
    demo: bool  # the demo sign-in page is on


def console(request: Request) -> Console:
    found: Console = request.app.state.console
    return found


def session_of(request: Request) -> Session | None:
    found: Session | None = request.scope.get(SESSION)
    return found


def _day(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%-d %B %Y}"


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:  # stored as UTC without its zone
        value = value.replace(tzinfo=dt.UTC)
    return f"{value.astimezone(backend.LONDON):%-d %b %Y %H:%M}"


def path_for(request: Request, name: str, **params: Any) -> str:
    """A page's path on this console: links and redirects are relative to the page, so a
    console behind a TLS proxy never links to itself over plain http."""
    # Routes never change while the console runs and a page links to a dozen of them: each
    # path is worked out once (Starlette tries every route in turn), kept with the app.
    known: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = request.app.state.paths
    key = (name, tuple(sorted(params.items())))
    found = known.get(key)
    if found is None:
        if len(known) > 20_000:  # a path per referral and page: bounded all the same
            known.clear()
        found = known[key] = str(request.app.url_path_for(name, **params))
    return found


@pass_context
def _url_for(context: Any, name: str, /, **params: Any) -> str:
    return path_for(context["request"], name, **params)


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("panelclerk.web", "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=select_autoescape(("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship in the package: no stat() of each per page
    )
    env.filters["defused"] = defused
    env.filters["day"] = _day
    env.filters["moment"] = _moment
    env.globals["url_for"] = _url_for
    return Jinja2Templates(env=env)
