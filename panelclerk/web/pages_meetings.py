"""The console's meeting pages: the year's meetings with their deadlines, and one meeting:
the agenda pack confirmed, the meeting recorded held with who attended, the minutes sent,
cancelled and reinstated; and a referral moved from one meeting's agenda to another's (a
form on the referral's page). Each handler checks the signed-in person's right first."""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend
from .access import require
from .forms import date_fields as _date_fields
from .forms import problem as _problem
from .forms import text as _text
from .pages_shared import banner, meeting_act
from .security import post
from .state import console, path_for
from .views import render


async def meetings(request: Request) -> Response:
    require(request, "meetings")
    app = console(request).app
    return render(
        request,
        "meetings.html",
        rows=backend.meetings(app),
        today=app.today(),
        banner=banner(request),
    )


def _meeting_day(request: Request) -> dt.date:
    try:
        return dt.date.fromisoformat(str(request.path_params["day"]))
    except ValueError:
        raise HTTPException(404, "There is no such meeting.") from None


def _meeting_page(
    request: Request,
    day: dt.date,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    app = console(request).app
    found = backend.meeting(app, day)
    if found is None:
        raise HTTPException(404, f"No meeting is planned or on record on {day:%-d %B %Y}.")
    return render(
        request,
        "meeting.html",
        status_code=400 if errors else 200,
        m=found,
        agencies=backend.agencies(app.config),
        agency=lambda key: backend.agency_name(app.config, key),
        banner=None if errors else banner(request),
        errors=errors or {},
        values=values or {},
    )


async def meeting(request: Request) -> Response:
    require(request, "meetings")
    return _meeting_page(request, _meeting_day(request))


def _to_meeting(request: Request, day: dt.date, done: str) -> Response:
    url = path_for(request, "meeting", day=day.isoformat())
    return RedirectResponse(f"{url}?done={done}", status_code=303)


async def confirm_agenda(request: Request, form: FormData) -> Response:
    who = require(request, "run_meetings")
    day = _meeting_day(request)
    try:
        backend.confirm_agenda(console(request).app, day, who.id)
    except backend.WorkflowError as exc:
        return _meeting_page(request, day, {"agenda": str(exc)})
    return _to_meeting(request, day, "agenda_sent")


async def record_meeting(request: Request, form: FormData) -> Response:
    who = require(request, "run_meetings")
    day = _meeting_day(request)
    attended = [a for a in form.getlist("agency") if isinstance(a, str)]
    if not attended:
        return _meeting_page(request, day, {"agency": "Select each agency that attended"})
    try:
        backend.record_meeting(console(request).app, day, who.id, attended)
    except backend.WorkflowError as exc:
        return _meeting_page(request, day, {"agency": str(exc)})
    return _to_meeting(request, day, "held")


async def minutes_sent(request: Request, form: FormData) -> Response:
    who = require(request, "run_meetings")
    day = _meeting_day(request)
    on, error, typed = _date_fields(form, "minutes")
    if error is None:
        try:
            backend.record_minutes_sent(console(request).app, day, who.id, on)
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return _meeting_page(request, day, {"minutes-day": error}, typed)
    return _to_meeting(request, day, "minutes")


async def cancel_meeting(request: Request, form: FormData) -> Response:
    who = require(request, "cancel_meeting")
    day = _meeting_day(request)
    reason = _text(form, "reason")
    told = "; the members are told it" if day > console(request).app.today() else ""
    error = _problem(reason, 300, "The reason", f"Enter the reason for cancelling{told}")
    if error is None:
        try:
            backend.cancel_meeting(console(request).app, day, who.id, reason)
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return _meeting_page(request, day, {"reason": error}, {"reason": reason})
    return _to_meeting(request, day, "cancelled")


async def reinstate_meeting(request: Request, form: FormData) -> Response:
    who = require(request, "cancel_meeting")
    day = _meeting_day(request)
    try:
        backend.reinstate_meeting(console(request).app, day, who.id)
    except backend.WorkflowError as exc:
        return _meeting_page(request, day, {"reinstate": str(exc)})
    return _to_meeting(request, day, "reinstated")


async def move_meeting(request: Request, form: FormData) -> Response:
    """A referral on an agenda moved to another meeting ahead, from its page: so that the
    meeting it leaves can be cancelled, or the case waits for the next."""
    return meeting_act(
        request, form, "move_to", backend.move_referral, "moved",
        empty="Choose the meeting to move it to",
    )  # fmt: skip


def routes() -> list[Route]:
    return [
        Route("/meetings", meetings, name="meetings"),
        Route("/meetings/{day}", meeting, name="meeting"),
        post("/meetings/{day}/agenda", confirm_agenda, name="confirm_agenda"),
        post("/meetings/{day}/held", record_meeting, name="record_meeting"),
        post("/meetings/{day}/minutes", minutes_sent, name="minutes_sent"),
        post("/meetings/{day}/cancel", cancel_meeting, name="cancel_meeting"),
        post("/meetings/{day}/reinstate", reinstate_meeting, name="reinstate_meeting"),
        post("/referrals/{reference}/meeting", move_meeting, name="move_meeting"),
    ]
