"""What the console's pages share: the banner saying what the last act came to, and a
referral's page (rendered again with the form's errors when an act on it is refused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from . import backend
from .access import require
from .forms import text
from .state import console, path_for
from .views import render


def banner(request: Request) -> str | None:
    """What the last act came to, in the board's words (`?done=` after the redirect)."""
    config = console(request).app.config
    precis, panel = config.terms.precis, config.terms.national_panel
    agency = request.query_params.get("agency", "")
    named = backend.agency_name(config, agency) if config.agency(agency) else "The agency"
    return {
        "agenda": f"The referral is on the agenda and the agencies are asked for their {precis}.",
        "asked": "The question is on its way to the referrer; the referral waits for the answer.",
        "declined": "The referral is declined and the referrer will be told the reason.",
        "decided": (
            "The decision is recorded; the decision email and the statutory notices are on "
            "their way."
        ),
        "signed": "Your sign-off is recorded. The decision is made when every partner agrees.",
        "released": "The message is released and routed again.",
        "attached": (
            "The message is attached to this referral as more information; it is listed "
            "under \u201cMessages attached\u201d."
        ),
        "dismissed": "The message is dismissed with your reason; it is kept, off this list.",
        "agency_added": "The agency is added to the referral.",
        "agency_asked": (
            f"The agency is added to the referral and asked for its {precis} at once."
        ),
        "agency_removed": "The agency is taken off the referral.",
        "agenda_sent": "The agenda pack is on its way to the members and the invited agencies.",
        "held": "The meeting is recorded as held; its minutes are now due.",
        "minutes": "The minutes are recorded as sent; they are no longer due.",
        "cancelled": "The meeting is cancelled; members are told if it was still ahead.",
        "reinstated": "The meeting goes ahead again; members are told.",
        "moved": (
            f"The referral is moved to another meeting; each agency whose {precis} is still "
            "awaited is told the new date it is due."
        ),
        "retried": "The message is queued again for the recipients who do not have it yet.",
        "chat_retried": "The failed chat messages are queued again; the service posts them.",
        "panel_notified": f"The notification to the {panel} is recorded; it is no longer due.",
        "lead_reviewer": f"The lead reviewer is recorded, and the {panel} is told.",
        "review_started": "The review is recorded as begun; its learning summary is below.",
        "review_completed": "The review is recorded as complete.",
        "precis_again": f"{named} is asked again for its {precis}.",
    }.get(request.query_params.get("done", ""))


def reference_of(request: Request) -> str:
    return str(request.path_params["reference"]).upper()


def to_referral(request: Request, reference: str, done: str) -> Response:
    url = path_for(request, "referral", reference=reference)
    return RedirectResponse(f"{url}?done={done}", status_code=303)


def referral_page(
    request: Request,
    reference: str,
    person: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """The referral's page; with errors, the form sent back with what was typed (a 400)."""
    try:
        page = backend.referral_page(console(request).app, reference, person)
    except backend.UnknownReferral:
        raise HTTPException(404, f"There is no referral {reference}.") from None
    return render(
        request,
        "referral.html",
        status_code=400 if errors else 200,
        page=page,
        banner=None if errors else banner(request),
        errors=errors or {},
        values=values or {},
    )


def meeting_act(
    request: Request,
    form: FormData,
    field: str,
    act: Callable[[backend.App, str, str, Any], object],
    done: str,
    *,
    empty: str | None = None,
) -> Response:
    """A referral's act on a meeting chosen from a list of dates (placed on an agenda, moved
    to another meeting), by whoever may screen. `empty`: what to say when none is chosen;
    None when choosing none means the next meeting the referral can make."""
    who = require(request, "screen")
    reference = reference_of(request)
    chosen = text(form, field)
    day = None
    if chosen:
        try:
            day = dt.date.fromisoformat(chosen)
        except ValueError:
            return referral_page(
                request, reference, who.id, {field: "Choose a meeting from the list"}
            )
    elif empty is not None:
        return referral_page(request, reference, who.id, {field: empty}, {field: chosen})
    try:
        act(console(request).app, reference, who.id, day)
    except backend.UnknownReferral:
        raise HTTPException(404, f"There is no referral {reference}.") from None
    except backend.WorkflowError as exc:
        return referral_page(request, reference, who.id, {field: str(exc)}, {field: chosen})
    return to_referral(request, reference, done)
