"""The action plans' pages: the RAG board by plan and agency, the Business Manager's adding
and rating of actions, and an agency's emailed update read and its ratings applied. Each
handler checks the right first, then calls the application through `backend`."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend
from .access import require
from .forms import LONG_TEXT, date_fields, problem, text, too_long
from .security import post
from .state import console, path_for
from .views import render

PLAN_NAME = 80

BANNERS = {
    "added": "The action is added. It shows as not yet rated until its agency gives a rating.",
    "rated": "The rating is recorded.",
}


def _board(
    request: Request,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    applied: list[backend.AppliedLine] | None = None,
) -> Response:
    app = console(request).app
    everything = request.query_params.get("all") == "1"
    done = request.query_params.get("done", "")
    banner = None if errors else BANNERS.get(done)
    if banner and done in ("rated", "added"):
        # the key as the store has it, and only when it names an action: the address is
        # anyone's to write, and the banner must not repeat words it carries
        found = backend.find_action(app, request.query_params.get("key", ""))
        if found is not None and done == "rated":
            banner = f"The rating of {found.key} is recorded."
        elif found is not None:
            banner = (
                f"The action {found.key} is added. It shows as not yet rated until its agency "
                "gives a rating."
            )
    return render(
        request,
        "actions.html",
        status_code=400 if errors else 200,
        rag_board=backend.actions_board(app, everything),
        agencies=backend.agencies(app.config),
        ratings=backend.RATINGS,
        today=app.today(),
        banner=banner,
        applied=applied,
        errors=errors or {},
        values=values or {},
    )


async def actions(request: Request) -> Response:
    require(request, "actions")
    return _board(request)


async def add_action(request: Request, form: FormData) -> Response:
    who = require(request, "run_actions")
    values = {name: text(form, name) for name in ("plan", "text", "agency")}
    due, date_error, typed = date_fields(form, "due", "by which it is to be done")
    values.update(typed)
    errors: dict[str, str] = {}
    missing = "Enter the plan: a review's reference code, or a plan's name"
    if found := problem(values["plan"], PLAN_NAME, "The plan's name", missing):
        errors["plan"] = found
    missing = "Enter the action, without names"
    if found := problem(values["text"], LONG_TEXT, "The action", missing):
        errors["text"] = found
    if not values["agency"]:
        errors["agency"] = "Choose the agency that owns the action"
    if date_error or due is None:
        errors["due-day"] = date_error or "Enter the date the action is to be done by"
    if errors or due is None:
        return _board(request, errors, values)
    try:
        key = backend.add_action(
            console(request).app, values["plan"], values["text"], values["agency"], due, who.id
        )
    except backend.WorkflowError as exc:
        return _board(request, {"plan": str(exc)}, values)
    done = urlencode({"done": "added", "key": key})
    return RedirectResponse(f"{path_for(request, 'actions')}?{done}", status_code=303)


async def rate_action(request: Request, form: FormData) -> Response:
    who = require(request, "run_actions")
    key, rating, note = text(form, "action"), text(form, "rating"), text(form, "note")
    values = {"action": key, "rating": rating, "note": note}
    errors: dict[str, str] = {}
    if not key:
        errors["action"] = "Choose the action to rate"
    if rating not in backend.RATINGS:
        errors["rating"] = "Choose red, amber, green or complete"
    if found := too_long(note, LONG_TEXT, "The note"):
        errors["note"] = found
    if errors:
        return _board(request, errors, values)
    try:
        rated = backend.rate_action(console(request).app, key, rating, who.id, note or None)
    except backend.WorkflowError as exc:
        return _board(request, {"rating": str(exc)}, values)
    done = urlencode({"done": "rated", "key": rated.key})
    return RedirectResponse(f"{path_for(request, 'actions')}?{done}", status_code=303)


def _number(request: Request) -> int:
    try:
        return int(request.path_params["message"])
    except ValueError:
        raise HTTPException(404, "There is no such action plan update.") from None


def _update_page(request: Request, number: int, person: str, error: str | None = None) -> Response:
    try:
        page = backend.action_update(console(request).app, number, person)
    except backend.WorkflowError as exc:
        raise HTTPException(404, str(exc)) from None
    return render(
        request, "action_update.html", status_code=400 if error else 200, page=page, error=error
    )


async def action_update(request: Request) -> Response:
    who = require(request, "run_actions")
    return _update_page(request, _number(request), who.id)


async def apply_update(request: Request, form: FormData) -> Response:
    who = require(request, "run_actions")
    number = _number(request)
    try:
        applied = backend.apply_update(console(request).app, number, who.id)
    except backend.WorkflowError as exc:
        return _update_page(request, number, who.id, str(exc))
    return _board(request, applied=applied)


def routes() -> list[Route]:
    return [
        Route("/actions", actions, name="actions"),
        post("/actions/add", add_action, name="add_action"),
        post("/actions/rate", rate_action, name="rate_action"),
        Route("/actions/updates/{message}", action_update, name="action_update"),
        post("/actions/updates/{message}/apply", apply_update, name="apply_update"),
    ]
