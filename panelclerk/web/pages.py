"""The console's pages: the pipeline, a referral and the decision maker's acts on it, the
meetings, held and quarantined mail, and failed mail and chat. Each
handler checks the signed-in person's right first, then calls the application (through
`backend`) and renders a template; it holds no rule of the process itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend, pages_actions, pages_records, pages_referral
from .access import SignInRequired, require, viewer
from .forms import LONG_TEXT, SHORT_TEXT
from .forms import date_fields as _date_fields
from .forms import problem as _problem
from .forms import text as _text
from .forms import too_long as _too_long
from .pages_shared import banner, reference_of, referral_page, to_referral
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
    require(request, "pipeline")
    state = console(request)
    app = state.app
    rows = backend.pipeline(app)
    wanted = request.query_params.get("state") or ""
    choices = _state_choices(rows)
    shown = [r for r in rows if r.state.value == wanted] if wanted else rows
    template = "pipeline_rows.html" if request.headers.get("hx-request") else "pipeline.html"
    return render(
        request,
        template,
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
    who = require(request, "screen")
    reference = reference_of(request)
    chosen = _text(form, "meeting")
    day = None
    if chosen:
        try:
            day = dt.date.fromisoformat(chosen)
        except ValueError:
            errors = {"meeting": "Choose a meeting from the list"}
            return referral_page(request, reference, who.id, errors)
    try:
        backend.place_on_agenda(console(request).app, reference, who.id, day)
    except backend.UnknownReferral:
        raise HTTPException(404, f"There is no referral {reference}.") from None
    except backend.WorkflowError as exc:
        return referral_page(request, reference, who.id, {"meeting": str(exc)}, {"meeting": chosen})
    return to_referral(request, reference, "agenda")


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


async def kept_mail(request: Request) -> Response:
    require(request, "kept_mail")
    rows = backend.kept_messages(console(request).app)
    return render(request, "mail.html", rows=rows, banner=banner(request))


def _message_id(request: Request) -> int:
    try:
        return int(request.path_params["message"])
    except ValueError:
        raise HTTPException(404, "There is no such message.") from None


async def kept_message(request: Request) -> Response:
    who = require(request, "kept_mail")
    return _message_page(request, _message_id(request), who.id)


def _message_page(
    request: Request,
    number: int,
    person: str,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """A kept message's page (its reading audited); with errors, the form sent back."""
    app = console(request).app
    try:
        kept = backend.read_kept(app, number, person)
    except backend.WorkflowError as exc:
        raise HTTPException(404, str(exc)) from None
    return render(
        request,
        "message.html",
        status_code=400 if errors else 200,
        kept=kept,
        choices=backend.attach_choices(app, number) if kept.open else [],
        errors=errors or {},
        values=values or {},
    )


async def release(request: Request, form: FormData) -> Response:
    who = require(request, "release_mail")
    number = _message_id(request)
    app = console(request).app
    try:
        backend.release(app, number, who.id)
    except backend.WorkflowError as exc:
        return _message_page(request, number, who.id, {"release": str(exc)})
    return RedirectResponse(f"{path_for(request, 'kept_mail')}?done=released", status_code=303)


async def attach_message(request: Request, form: FormData) -> Response:
    """The message recorded against the referral chosen, as more information for the
    Business Manager; from a sender whose agency is not on it, only with the reason."""
    who = require(request, "file_mail")
    number = _message_id(request)
    values = {"reference": _text(form, "reference"), "attach_reason": _text(form, "attach_reason")}
    errors: dict[str, str] = {}
    if not values["reference"]:
        errors["reference"] = "Choose the referral to attach the message to"
    if found := _too_long(values["attach_reason"], LONG_TEXT, "The reason"):
        errors["attach_reason"] = found
    if not errors:
        try:
            reference = backend.attach(
                console(request).app, number, who.id, values["reference"], values["attach_reason"]
            )
        except backend.WorkflowError as exc:
            key = "attach_reason" if "give the reason" in str(exc) else "reference"
            errors[key] = str(exc)
        else:
            return to_referral(request, reference, "attached")
    return _message_page(request, number, who.id, errors, values)


async def dismiss_message(request: Request, form: FormData) -> Response:
    who = require(request, "file_mail")
    number = _message_id(request)
    reason = _text(form, "dismiss_reason")
    error = _problem(reason, LONG_TEXT, "The reason", "Enter the reason for dismissing the message")
    if error is None:
        try:
            backend.dismiss(console(request).app, number, who.id, reason)
        except backend.WorkflowError as exc:
            error = str(exc)
    if error is not None:
        return _message_page(
            request, number, who.id, {"dismiss_reason": error}, {"dismiss_reason": reason}
        )
    return RedirectResponse(f"{path_for(request, 'kept_mail')}?done=dismissed", status_code=303)


# ---- meetings -----------------------------------------------------------------------------


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
    error = _problem(
        reason, 300, "The reason", "Enter the reason for cancelling; the members are told it"
    )
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


# ---- failed mail and chat -----------------------------------------------------------------


def _failed_page(request: Request, error: str | None = None) -> Response:
    app = console(request).app
    return render(
        request,
        "failed.html",
        status_code=400 if error else 200,
        mail=backend.failed_mail(app),
        chat=backend.failed_chat(app),
        banner=None if error else banner(request),
        error=error,
    )


async def failed(request: Request) -> Response:
    require(request, "failed")
    return _failed_page(request)


async def retry_mail(request: Request, form: FormData) -> Response:
    who = require(request, "failed")
    number = _message_id(request)
    try:
        backend.retry_mail(console(request).app, number, who.id)
    except backend.WorkflowError as exc:
        return _failed_page(request, str(exc))
    return RedirectResponse(f"{path_for(request, 'failed')}?done=retried", status_code=303)


async def retry_chat(request: Request, form: FormData) -> Response:
    who = require(request, "failed")
    try:
        backend.retry_chat(console(request).app, who.id)
    except backend.WorkflowError as exc:
        return _failed_page(request, str(exc))
    return RedirectResponse(f"{path_for(request, 'failed')}?done=chat_retried", status_code=303)


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
        Route("/meetings", meetings, name="meetings"),
        Route("/meetings/{day}", meeting, name="meeting"),
        post("/meetings/{day}/agenda", confirm_agenda, name="confirm_agenda"),
        post("/meetings/{day}/held", record_meeting, name="record_meeting"),
        post("/meetings/{day}/minutes", minutes_sent, name="minutes_sent"),
        post("/meetings/{day}/cancel", cancel_meeting, name="cancel_meeting"),
        post("/meetings/{day}/reinstate", reinstate_meeting, name="reinstate_meeting"),
        Route("/mail", kept_mail, name="kept_mail"),
        Route("/mail/{message}", kept_message, name="kept_message"),
        post("/mail/{message}/release", release, name="release"),
        post("/mail/{message}/attach", attach_message, name="attach_message"),
        post("/mail/{message}/dismiss", dismiss_message, name="dismiss_message"),
        Route("/failed", failed, name="failed"),
        post("/failed/mail/{message}/retry", retry_mail, name="retry_mail"),
        post("/failed/chat/retry", retry_chat, name="retry_chat"),
        *pages_referral.routes(),
        *pages_actions.routes(),
        *pages_records.routes(),
    ]
