"""The console's mail pages: held and quarantined mail (read, release, attach to a
referral, dismiss) and failed mail and chat (retry). Each handler checks the signed-in
person's right first, then calls the application through `backend`."""

from __future__ import annotations

import datetime as dt
import re

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend
from .access import require
from .forms import LONG_TEXT
from .forms import problem as _problem
from .forms import text as _text
from .forms import too_long as _too_long
from .pages_shared import banner, to_referral
from .security import post
from .state import console, path_for, session_of
from .views import render

RELEASED = "panelclerk.released"  # the session's note of the release just done, shown once

_SHORT_DATE = re.compile(
    r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})\b"
)


def said(exc: Exception) -> str:
    """An application's refusal as these pages say it: a plain sentence starting with a
    capital, messages by their number, dates as "1 January 2027". The application's words
    stay as they are for the command line ("error: ...")."""
    text = str(exc).strip()
    text = re.sub(
        r"^message (\d+) is (\w+), not quarantined or held$",
        r"message \1 is no longer held or quarantined: it is \2 now",
        text,
    )
    text = re.sub(r"^no (.+?) with id (\d+)", r"there is no \1 number \2", text)
    text = re.sub(r"\bwith id (\d+)", r"number \1", text)
    text = _SHORT_DATE.sub(
        lambda m: f"{dt.datetime.strptime(f'{m[1]} {m[2]} {m[3]}', '%d %b %Y'):%-d %B %Y}", text
    )
    text = re.sub(r"; (\w)", lambda m: f". {m[1].upper()}", text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else f"{text}."


async def kept_mail(request: Request) -> Response:
    require(request, "kept_mail")
    rows = backend.kept_messages(console(request).app)
    released = _just_released(request)
    return render(
        request,
        "mail.html",
        rows=rows,
        released=released,
        banner=None if released else banner(request),
    )


def _just_released(request: Request) -> backend.Released | None:
    """After a release, what became of the message: the release's own answer, noted in the
    session and shown once."""
    session = session_of(request)
    found = session.data.pop(RELEASED, None) if session is not None else None
    done = request.query_params.get("done") == "released"
    return found if done and isinstance(found, backend.Released) else None


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
    gone = backend.released_message(app, number)
    if gone is not None:  # released earlier: what became of it, and where it is now
        return render(
            request,
            "released.html",
            status_code=400 if errors else 200,
            released=gone,
            errors=errors or {},
        )
    try:
        kept = backend.read_kept(app, number, person)
    except backend.WorkflowError as exc:
        raise HTTPException(404, said(exc)) from None
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
        released = backend.release(app, number, who.id)
    except backend.WorkflowError as exc:
        return _message_page(request, number, who.id, {"release": said(exc)})
    session = session_of(request)
    if session is not None:
        session.data[RELEASED] = released
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
            errors[key] = said(exc)
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
            error = said(exc)
    if error is not None:
        return _message_page(
            request, number, who.id, {"dismiss_reason": error}, {"dismiss_reason": reason}
        )
    return RedirectResponse(f"{path_for(request, 'kept_mail')}?done=dismissed", status_code=303)


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
        return _failed_page(request, said(exc))
    return RedirectResponse(f"{path_for(request, 'failed')}?done=retried", status_code=303)


async def retry_chat(request: Request, form: FormData) -> Response:
    who = require(request, "failed")
    try:
        backend.retry_chat(console(request).app, who.id)
    except backend.WorkflowError as exc:
        return _failed_page(request, said(exc))
    return RedirectResponse(f"{path_for(request, 'failed')}?done=chat_retried", status_code=303)


def routes() -> list[Route]:
    return [
        Route("/mail", kept_mail, name="kept_mail"),
        Route("/mail/{message}", kept_message, name="kept_message"),
        post("/mail/{message}/release", release, name="release"),
        post("/mail/{message}/attach", attach_message, name="attach_message"),
        post("/mail/{message}/dismiss", dismiss_message, name="dismiss_message"),
        Route("/failed", failed, name="failed"),
        post("/failed/mail/{message}/retry", retry_mail, name="retry_mail"),
        post("/failed/chat/retry", retry_chat, name="retry_chat"),
    ]
