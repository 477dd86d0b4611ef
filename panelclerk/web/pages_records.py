"""The pages of what the board keeps and reports: the annual report (its measures with a chart
and a table of the same figures, and the Word document), and data protection (a child's
cases found by name and date of birth, the subject access pack as a download, the purge's
dry run, and the purge once confirmed)."""

from __future__ import annotations

import hmac

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import backend, charts
from .access import require
from .forms import SHORT_TEXT, date_fields, text
from .security import post
from .state import console, path_for, session_of
from .views import render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REFERENCE_LENGTH = 40


def _year(request: Request, chosen: str | None) -> backend.ReportYear:
    """The reporting year asked for, or the one under way; a year not offered is a 404."""
    years = backend.report_years(console(request).app)
    if not chosen:
        return years[0]
    for year in years:
        if year.key == chosen:
            return year
    raise HTTPException(404, "There is no report for that year here.")


async def report(request: Request) -> Response:
    require(request, "report")
    app = console(request).app
    year = _year(request, request.query_params.get("year"))
    return render(
        request,
        "report.html",
        year=year,
        years=backend.report_years(app),
        found=backend.annual_report(app, year),
        agency=lambda key: backend.agency_name(app.config, key),
    )


async def report_chart(request: Request) -> Response:
    require(request, "report")
    draw = charts.CHARTS.get(str(request.path_params["chart"]))
    if draw is None:
        raise HTTPException(404, "There is no such chart.")
    year = _year(request, str(request.path_params["year"]))
    svg = draw(backend.annual_report(console(request).app, year))
    return Response(svg, media_type="image/svg+xml")


async def report_document(request: Request) -> Response:
    require(request, "report")
    year = _year(request, str(request.path_params["year"]))
    data = backend.report_document(console(request).app, year)
    name = f"measures-{year.start.year}-{year.start.year + 1}.docx"
    return Response(
        data, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


PURGED = "panelclerk.purged"  # the session's note of the purge just done, shown once
CHANGED = "What is due changed since you looked: check it again. Nothing was removed"
NOTHING_DUE = "Nothing is due for removal; nothing was done"


def _data_protection_page(
    request: Request,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    dry_run: backend.PurgeCounts | None = None,
    found: list[str] | None = None,
) -> Response:
    app = console(request).app
    session = session_of(request)
    purged = session.data.pop(PURGED, None) if session is not None and not errors else None
    return render(
        request,
        "data_protection.html",
        status_code=400 if errors else 200,
        dry_run=dry_run or backend.purge_dry_run(app),
        prefix=app.config.reference_prefix,
        purged=purged,
        errors=errors or {},
        values=values or {},
        banner=None,
        found=found,
    )


async def data_protection(request: Request) -> Response:
    require(request, "data_protection")
    return _data_protection_page(request)


async def export(request: Request, form: FormData) -> Response:
    """Everything held about one case, as a JSON download; the export is audited with the
    person by the application."""
    who = require(request, "data_protection")
    reference = text(form, "reference").upper()
    values = {"reference": reference}
    if not reference:
        return _data_protection_page(
            request, {"reference": "Enter the case's reference code"}, values
        )
    if len(reference) > REFERENCE_LENGTH:
        return _data_protection_page(request, {"reference": "Enter a reference code"}, values)
    try:
        found, data = backend.export_case(console(request).app, reference, who.id)
    except backend.UnknownReferral:
        return _data_protection_page(
            request, {"reference": f"There is no case {reference}"}, values
        )
    except backend.WorkflowError as exc:
        return _data_protection_page(request, {"reference": str(exc)}, values)
    name = f"subject-access-{found}.zip"
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def find(request: Request, form: FormData) -> Response:
    """The cases held about a child, by name and date of birth: for a subject access request
    the Business Manager starts from the person, and the pipeline shows no names. The search
    is audited (the name is not logged); a POST, so the name is in no address or log."""
    who = require(request, "data_protection")
    name = text(form, "child_name")
    born, _, typed = date_fields(form, "born", "")
    values = {"child_name": name, **typed}
    errors: dict[str, str] = {}
    if not name:
        errors["child_name"] = "Enter the child's name"
    elif len(name) > SHORT_TEXT:
        errors["child_name"] = f"The name must be {SHORT_TEXT} characters or fewer"
    if born is None:  # empty or not a real date
        errors["born-day"] = "Enter the child's date of birth, a real date, for example 27 3 2012"
    if errors:
        return _data_protection_page(request, errors, values)
    assert born is not None
    found = backend.find_cases(console(request).app, name, born, who.id)
    return _data_protection_page(request, None, values, found=found)


async def purge(request: Request, form: FormData) -> Response:
    """The retention rules applied now, once the person has confirmed the dry run they were
    shown: the form carries its signature, and the dry run is made again (the clock's check
    too) and must say the same. A clock in doubt needs its own acknowledgement. Done, the
    browser is sent back to the page (a reload shows it again, and purges nothing)."""
    who = require(request, "data_protection")
    app = console(request).app
    now = backend.purge_dry_run(app)
    shown = form.get("dry_run")
    if not isinstance(shown, str) or not hmac.compare_digest(shown, now.signature):
        return _data_protection_page(request, {"confirm": CHANGED}, dry_run=now)
    if not now.anything:
        return _data_protection_page(request, {"confirm": NOTHING_DUE}, dry_run=now)
    errors: dict[str, str] = {}
    if form.get("confirm") != "yes":
        errors["confirm"] = (
            "Confirm that the retention rules are to be applied now; nothing was removed"
        )
    if now.doubt is not None and form.get("clock") != "yes":
        errors["clock"] = (
            "The clock may be wrong: confirm that you have checked it and it is right; "
            "nothing was removed"
        )
    if errors:
        return _data_protection_page(request, errors, dry_run=now)
    purged = backend.purge(app, who.id)
    session = session_of(request)
    if session is not None:
        session.data[PURGED] = purged
    return RedirectResponse(path_for(request, "data_protection"), status_code=303)


def routes() -> list[Route]:
    return [
        Route("/report", report, name="report"),
        Route("/report/{year}/charts/{chart}.svg", report_chart, name="report_chart"),
        Route("/report/{year}/measures.docx", report_document, name="report_document"),
        Route("/data-protection", data_protection, name="data_protection"),
        post("/data-protection/export", export, name="export"),
        post("/data-protection/find", find, name="find_cases"),
        post("/data-protection/purge", purge, name="purge"),
    ]
