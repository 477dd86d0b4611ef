"""A page rendered for the person signed in: the board's words, who they are (the board file
as it is now), the form token, and the page's own content."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from .access import viewer
from .state import console, session_of


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    state = console(request)
    session = session_of(request)
    who = viewer(request)
    response: HTMLResponse = state.templates.TemplateResponse(
        request,
        template,
        {
            "board": state.app.config.board,
            "terms": state.app.config.terms,
            "viewer": who,
            "csrf_token": session.csrf if session else "",
            "demo": state.demo,
            **context,
        },
        status_code=status_code,
    )
    return response
