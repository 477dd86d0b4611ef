"""The console's pages: the pipeline, a referral and the decision maker's acts on it (the
meetings, mail, action plans and records have modules of their own). Each
handler checks the signed-in person's right first, then calls the application (through
`backend`) and renders a template; it holds no rule of the process itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend, pages_actions, pages_mail, pages_meetings, pages_records, pages_referral
from .access import SignInRequired, require, viewer
from .forms import LONG_TEXT, SHORT_TEXT
from .forms import problem as _problem
from .forms import text as _text
from .forms import too_long as _too_long
from .pages_shared import meeting_act, reference_of, referral_page, to_referral
from .security import post
from .state import console, path_for
from .views import render


async def home(request: Request) -> Response:
    who = viewer(request)
    if who is None:
        raise SignInRequired
    if who.may("pipeline"):
        return RedirectResponse(path_for(request, "pipeline"), status_code=303)
    return render(request, "home.html")


def _state_choices(rows: list[backend.PipelineRow]) -> list[str]:
    return sorted({row.state.value for row in rows})


async def pipeline(request: Request) -> Response:
    who = require(request, "pipeline")
    state = console(request)
    app = state.app
    rows = backend.pipeline(app)
    wanted = request.query_params.get("state") or ""
    choices = _state_choices(rows)
    shown = [r for r in rows if r.state.value == wanted] if wanted else rows
    rows_only = bool(request.headers.get("hx-request"))  # the filter's answer: no banner
    # Messages kept back wait for the Business Manager: said where the day starts, to those
    # who may open held mail.
    waiting = backend.waiting(app) if who.may("kept_mail") and not rows_only else None
    return render(
        request,
        "pipeline_rows.html" if rows_only else "pipeline.html",
        waiting=waiting,
        rows=shown,
        total=len(rows),
        today=app.today(),
        wanted=wanted,
        choices=[(c, app.config.state_label(c)) for c in choices],
        label=app.config.state_label,
        agency=lambda key: backend.agency_name(app.config, key),
    )


async def referral(request: Request) -> Response:
    who = require(request, "referral")
    return referral_page(request, reference_of(request), who.id)


async def place_on_agenda(request: Request, form: FormData) -> Response:
    return meeting_act(request, form, "meeting", backend.place_on_agenda, "agenda")


async def request_more_info(request: Request, form: FormData) -> Response:
    return _act_with_text(
        request, form, "question", "Enter the question for the referrer", "The question",
        backend.request_more_info, "asked",
    )  # fmt: skip


async def decline(request: Request, form: FormData) -> Response:
    return _act_with_text(
        request, form, "reason", "Enter the reason for declining; the referrer is told it",
        "The reason", backend.decline, "declined",
    )  # fmt: skip


def _act_with_text(
    request: Request,
    form: FormData,
    field: str,
    missing: str,
    what: str,
    act: Callable[[Any, str, str, str], object],
    done: str,
) -> Response:
    """A screening act that needs a line of text (the question, the reason): refused with
    the form kept when the text is missing or too long, or the domain says no."""
    who = require(request, "screen")
    reference = reference_of(request)
    text = _text(form, field)
    error = _problem(text, LONG_TEXT, what, missing)
    if error is None:
        try:
            act(console(request).app, reference, who.id, text)
        except backend.UnknownReferral:
            raise HTTPException(404, f"There is no referral {reference}.") from None
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return referral_page(request, reference, who.id, {field: error}, {field: text})
    return to_referral(request, reference, done)


async def add_agency(request: Request, form: FormData) -> Response:
    return _change_agency(request, form, "add")


async def remove_agency(request: Request, form: FormData) -> Response:
    return _change_agency(request, form, "remove")


def _change_agency(request: Request, form: FormData, how: str) -> Response:
    """The Business Manager adds or removes an agency involved, with the reason (audited):
    the form sent back with what was chosen when either is missing or the domain says no."""
    who = require(request, "agencies")
    reference = reference_of(request)
    field, why = f"{how}_agency", f"{how}_reason"
    values = {field: _text(form, field), why: _text(form, why)}
    errors: dict[str, str] = {}
    if not values[field]:
        errors[field] = f"Choose the agency to {how}"
    missing = f"Enter the reason for {'adding' if how == 'add' else 'removing'} the agency"
    if found := _problem(values[why], LONG_TEXT, "The reason", missing):
        errors[why] = found
    if errors:
        return referral_page(request, reference, who.id, errors, values)
    act = backend.add_agency if how == "add" else backend.remove_agency
    try:
        change = act(console(request).app, reference, who.id, values[field], values[why])
    except backend.UnknownReferral:
        raise HTTPException(404, f"There is no referral {reference}.") from None
    except backend.WorkflowError as exc:
        return referral_page(request, reference, who.id, {field: str(exc)}, values)
    done = (
        "agency_removed" if how == "remove" else "agency_asked" if change.asked else "agency_added"
    )
    return to_referral(request, reference, done)


async def decide(request: Request, form: FormData) -> Response:
    who = require(request, "decide")
    reference = reference_of(request)
    values = {
        name: _text(form, name)
        for name in ("review_type", "rationale", "methodology", "lead_reviewer")
    }
    errors: dict[str, str] = {}
    if not values["review_type"]:
        errors["review_type"] = "Choose the decision"
    missing = "Enter the rationale; it goes in the record and to the Panel"
    if found := _problem(values["rationale"], LONG_TEXT, "The rationale", missing):
        errors["rationale"] = found
    if found := _too_long(values["lead_reviewer"], SHORT_TEXT, "The lead reviewer's name"):
        errors["lead_reviewer"] = found
    if errors:
        return referral_page(request, reference, who.id, errors, values)
    try:
        outcome = backend.decide(
            console(request).app,
            reference,
            who.id,
            review_type=values["review_type"],
            rationale=values["rationale"],
            methodology=values["methodology"] or None,
            lead_reviewer=values["lead_reviewer"] or None,
        )
    except backend.UnknownReferral:
        raise HTTPException(404, f"There is no referral {reference}.") from None
    except backend.WorkflowError as exc:
        return referral_page(request, reference, who.id, {"review_type": str(exc)}, values)
    return to_referral(request, reference, "decided" if outcome.decided else "signed")


# ---- meetings -----------------------------------------------------------------------------


# ---- failed mail and chat -----------------------------------------------------------------


def routes() -> list[Route]:
    return [
        Route("/", home, name="home"),
        Route("/pipeline", pipeline, name="pipeline"),
        Route("/referrals/{reference}", referral, name="referral"),
        post("/referrals/{reference}/agenda", place_on_agenda, name="place_on_agenda"),
        post("/referrals/{reference}/more-info", request_more_info, name="request_more_info"),
        post("/referrals/{reference}/decline", decline, name="decline"),
        post("/referrals/{reference}/decision", decide, name="decide"),
        post("/referrals/{reference}/agencies/add", add_agency, name="add_agency"),
        post("/referrals/{reference}/agencies/remove", remove_agency, name="remove_agency"),
        *pages_meetings.routes(),
        *pages_mail.routes(),
        *pages_referral.routes(),
        *pages_actions.routes(),
        *pages_records.routes(),
    ]
