"""The Business Manager's steps on a referral's page once it is on its way: the National
Panel notified by the local authority, the lead reviewer, the review begun and completed, an
agency asked again for its précis; and the referral's documents downloaded (the Business
Manager and the decision makers). Each handler checks the right first, then calls the
application through `backend`, as the signed-in person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import backend
from .access import require
from .forms import SHORT_TEXT, date_fields, problem, text
from .pages_shared import reference_of, referral_page, to_referral
from .security import post
from .state import console


def _dated(
    request: Request,
    form: FormData,
    prefix: str,
    what: str,
    act: Callable[[backend.App, str, str, dt.date], object],
    done: str,
) -> Response:
    """A step recorded on a day (today when left empty): the form sent back with what was
    typed and the field named when the date is not a real one, or the domain says no."""
    who = require(request, "review_steps")
    reference = reference_of(request)
    app = console(request).app
    on, error, typed = date_fields(form, prefix)
    if error is not None:
        error = f"{what} must be a real date, for example 12 11 2026, or leave it empty for today"
    else:
        try:
            act(app, reference, who.id, on or app.today())
        except backend.UnknownReferral:
            raise HTTPException(404, f"There is no referral {reference}.") from None
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return referral_page(request, reference, who.id, {f"{prefix}-day": error}, typed)
    return to_referral(request, reference, done)


async def panel_notified(request: Request, form: FormData) -> Response:
    return _dated(
        request, form, "notified", "The day the Panel was notified",
        backend.record_panel_notification, "panel_notified",
    )  # fmt: skip


async def review_started(request: Request, form: FormData) -> Response:
    return _dated(
        request, form, "started", "The day the review began", backend.review_started,
        "review_started",
    )  # fmt: skip


async def review_completed(request: Request, form: FormData) -> Response:
    return _dated(
        request, form, "completed", "The day the review was completed",
        backend.review_completed, "review_completed",
    )  # fmt: skip


async def lead_reviewer(request: Request, form: FormData) -> Response:
    who = require(request, "review_steps")
    reference = reference_of(request)
    name = text(form, "reviewer")
    what = "The lead reviewer's name and agency"
    error = problem(name, SHORT_TEXT, what, "Enter the lead reviewer's name and agency")
    if error is None:
        try:
            backend.record_lead_reviewer(console(request).app, reference, who.id, name)
        except backend.UnknownReferral:
            raise HTTPException(404, f"There is no referral {reference}.") from None
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return referral_page(request, reference, who.id, {"reviewer": error}, {"reviewer": name})
    return to_referral(request, reference, "lead_reviewer")


async def precis_again(request: Request, form: FormData) -> Response:
    who = require(request, "review_steps")
    reference = reference_of(request)
    agency = text(form, "precis_agency")
    app = console(request).app
    error = None
    if not agency:
        error = f"Choose the agency to ask again for its {app.config.terms.precis}"
    else:
        try:
            backend.ask_precis_again(app, reference, who.id, agency)
        except backend.UnknownReferral:
            raise HTTPException(404, f"There is no referral {reference}.") from None
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return referral_page(
            request, reference, who.id, {"precis_agency": error}, {"precis_agency": agency}
        )
    response = to_referral(request, reference, "precis_again")
    response.headers["location"] += f"&agency={quote(agency)}"
    return response


def _attachment(filename: str) -> str:
    """A Content-Disposition that downloads under the document's own name: an ASCII
    fallback (quotes and control characters replaced) and the UTF-8 name (RFC 6266)."""
    plain = "".join(c if " " <= c < "\x7f" and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def download(request: Request) -> Response:
    """One of the referral's documents, its reading audited as a view of the referral."""
    who = require(request, "documents")
    reference = reference_of(request)
    try:
        number = int(request.path_params["document"])
        found = backend.document(console(request).app, reference, number, who.id)
    except (ValueError, backend.UnknownReferral, backend.UnknownDocument):
        raise HTTPException(404, f"There is no such document of {reference}.") from None
    return Response(
        found.data,
        media_type=found.content_type,
        headers={"Content-Disposition": _attachment(found.filename)},
    )


def routes() -> list[Route]:
    return [
        post("/referrals/{reference}/panel-notified", panel_notified, name="panel_notified"),
        post("/referrals/{reference}/lead-reviewer", lead_reviewer, name="lead_reviewer"),
        post("/referrals/{reference}/review-started", review_started, name="review_started"),
        post("/referrals/{reference}/review-completed", review_completed, name="review_completed"),
        post("/referrals/{reference}/precis-again", precis_again, name="precis_again"),
        Route("/referrals/{reference}/documents/{document}", download, name="document"),
    ]
