"""`panelclerk demo`: one referral through the whole life cycle on the embedded defaults
(a SQLite file and the fictional Fenmarsh board), with a simulated clock so that every date
shown is computed by the real rules from today.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from .. import boardfile, services
from ..render import render
from ..store import audit
from ..workflow.distribution import decision_recipients, statutory_recipients
from ..workflow.errors import WorkflowError
from ..workflow.forms import label

LONDON = services._LONDON


class SimClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def to(self, day: dt.date, hour: int = 10) -> None:
        moved = dt.datetime.combine(day, dt.time(hour), LONDON).astimezone(dt.UTC)
        self.now = max(self.now, moved)


def _form(today: dt.date) -> dict[str, Any]:
    """A fictional referral from the hospital's named nurse, with two fields left out."""
    return {
        "referrer.name": "Kim Walsh",
        "referrer.role": "Named Nurse for Safeguarding Children",
        "referrer.agency": "Fenmarsh Hospitals NHS Trust",
        "referrer.email": "kim.walsh@hospitals.fenmarsh.example",
        "referrer.date": today.isoformat(),
        "referrer.lead_consulted": "yes",
        "child.name": "Child A (fictional)",
        "child.date_of_birth": "2012-03-14",
        "child.home_authority": "Fenmarsh County Council",
        "incident.date": (today - dt.timedelta(days=6)).isoformat(),
        "incident.notified_date": (today - dt.timedelta(days=5)).isoformat(),
        "incident.summary": "Admitted with a head injury; earlier bruising seen by two agencies.",
        "incident.outcome": "seriously harmed: potentially life-threatening injury",
        "incident.abuse_or_neglect": "physical abuse suspected",
        "agencies.involved": "police, children's social care, health, education",
        "concerns.criteria": "Regulation 5(2)(b)(ii): seriously harmed, inter-agency concern",
        # child.legal_status and concerns.interagency (and, for the North West,
        # parallel.processes) are left out: the referrer is told which.
    }


def run_demo(console: Console, data: Path, framework: str | None) -> None:
    config = boardfile.load_board(None, framework)
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    start = services.utcnow()
    clock = SimClock(start)
    app = services.bootstrap(config, f"sqlite:///{data / 'panelclerk.db'}", clock)
    terms = config.terms
    chair = config.people_with_role("chair")[0] if config.people_with_role("chair") else None
    decider = chair.id if chair else config.people_with_role("partner")[0].id
    context = {"board": config.board, "terms": terms, "limits": config.time_limits}

    def show(who: str, text: str, style: str = "cyan") -> None:
        console.print(Panel(text.rstrip(), title=who, title_align="left", border_style=style))

    def step(text: str) -> None:
        console.rule(f"[bold]{clock.now.astimezone(LONDON):%a %d %b %Y %H:%M}[/bold]  {text}")

    console.print(f"[bold]{config.board.name}[/bold]: {config.framework.title}")
    console.print(
        f"Database: {data / 'panelclerk.db'} (SQLite); today is {app.today():%A %d %B %Y}"
    )

    step("1. A referral arrives at the secure mailbox, two required fields missing")
    receipt = services.receive_referral(app, _form(app.today()), source="demo")
    ref = receipt.reference
    show(
        "Referrer (email reply)",
        render(
            "email/acknowledgement.txt.j2",
            reference=ref,
            missing=[label(f) for f in receipt.missing],
            slot=receipt.slot,
            **context,
        ),
    )

    clock.to(app.today() + dt.timedelta(days=1), 9)
    step("2. The referrer replies with the missing fields")
    reply = {
        "child.legal_status": "child in need",
        "concerns.interagency": "Bruising seen by school and GP was not shared.",
        "parallel.processes": "Police investigation under way.",
        "referrer.lead_consulted": "yes",
    }
    receipt = services.add_information(app, ref, {k: reply[k] for k in receipt.missing})
    show(
        "Referrer (email reply)",
        render(
            "email/acknowledgement.txt.j2", reference=ref, missing=[], slot=receipt.slot, **context
        ),
    )

    step(f"3. The {terms.decision_maker} is told (chat: reference code, no names)")
    with app.uow() as uow:
        row = uow.referrals.row(ref, lock=False)
        form, involved, agency = dict(row.form), list(row.agencies_involved), row.referring_agency
    show(
        f"{terms.decision_maker} (chat)",
        render(
            "chat/chair_summary.txt.j2",
            reference=ref,
            agency=config.agency(agency).name if agency and config.agency(agency) else "unknown",
            received_on=receipt.slot and app.today(),
            incident_date=form["incident.date"],
            outcome=form["incident.outcome"],
            criteria=form.get("concerns.criteria"),
            involved=[config.agency(a).name for a in involved if config.agency(a)],
            missing=[],
            slot=receipt.slot,
        ),
        "magenta",
    )

    step(f"4. The {terms.decision_maker} puts it on the agenda of the next meeting it can make")
    services.place_on_agenda(app, ref, decider, receipt.slot.meeting.date)
    meeting = app.deadlines.meeting(receipt.slot.meeting.date)
    console.print(f"On the agenda of {meeting.date:%A %d %B %Y} at {meeting.start:%H:%M}.")

    step(f"5. Each involved agency is asked for a {terms.precis}")
    asked = services.request_precis(app, ref)
    for agency_id in asked:
        agency_row = config.agency(agency_id)
        assert agency_row is not None
        show(
            f"{agency_row.name} (email)",
            render(
                "email/precis_request.txt.j2",
                reference=ref,
                agency_name=agency_row.name,
                meeting=meeting,
                **context,
            ),
            "blue",
        )

    clock.to(meeting.precis_reminder)
    step(f"6. Each agency's {terms.precis} arrives by email; one agency is late")
    authors = {p.agency: p.email for p in config.people if p.agency}
    for agency_id in asked[:-1]:
        services.record_precis(
            app,
            ref,
            agency_id,
            "Involvement summarised (fictional).",
            author_email=authors.get(agency_id, config.board.mailbox),
        )
    _status(console, app, "Business Manager (status)")
    clock.to(meeting.precis_due)
    services.record_precis(
        app,
        ref,
        asked[-1],
        "Involvement summarised (fictional).",
        author_email=authors.get(asked[-1], config.board.mailbox),
    )

    clock.to(meeting.date, 12)
    step(f"7. The {terms.group} meets; members recommend (6.3), invited agencies give views")
    attended = sorted({a.id for a in config.agencies if a.standing_member} | set(asked))
    services.record_discussion(app, ref, "bm", attended)
    scr = next(r for r in config.review_types if r.kind == "statutory")
    alternative = next(r for r in config.review_types if r.kind == "alternative")
    method = scr.methodologies[0] if scr.methodologies else None
    members = [p for p in config.people if "member" in p.roles]
    for i, person in enumerate(members):
        choice = scr.id if i % 4 != 3 else alternative.id
        services.record_recommendation(
            app, ref, person.id, choice, methodology=method if choice == scr.id else None
        )
    if len(members) > 3:  # a member changes their mind after discussion: audited
        services.record_recommendation(app, ref, members[3].id, scr.id, methodology=method)
    invited = next((p for p in config.people if p.agency and not p.roles), None)
    if invited is not None:
        services.record_recommendation(app, ref, invited.id, alternative.id)
    counted, views = services.tally(app, ref)
    lines = [
        f"  {config.review_type(k).label if config.review_type(k) else k}: {n}"
        for k, n in counted.most_common()
    ]
    for view in views:
        kind, who = config.review_type(view.review_type), config.agency(view.agency_key)
        lines.append(
            f"  (view, not counted) {who.name if who else view.agency_key}: "
            f"{kind.label if kind else view.review_type}"
        )
    show("Sub-group thread (chat)", "Members' recommendations:\n" + "\n".join(lines), "magenta")

    step(f"8. The decision is deferred ({config.time_limits.decision_deferral_after_meeting})")
    services.move(app, ref, "defer_decision", "system")
    try:
        services.record_decision(
            app, ref, "bm", review_type=scr.id, rationale="x", methodology=method
        )
    except WorkflowError as exc:
        show("Business Manager (chat, refused)", str(exc), "red")
    due = app.deadlines.next_due(_aggregate(app, ref), app.today())
    if due is not None:
        console.print(f"Next due: {due.what} by {due.date:%A %d %B %Y} ({due.rule}).")
        clock.to(due.date, 11)
    step(f"9. The {terms.decision_maker} records the decision")
    decision = services.record_decision(
        app,
        ref,
        decider,
        review_type=scr.id,
        methodology=method,
        rationale="Abuse is suspected, the child was seriously harmed and information held by "
        "school and GP was not shared: Regulation 5(2)(b)(ii) is met.",
        lead_reviewer="To be appointed",
    )
    recipients = decision_recipients(config, services.attended_agencies(app, ref), agency)
    statutory = statutory_recipients(config, decision.review_type)
    show(
        "Distribution list (email)",
        render(
            "email/decision.txt.j2",
            reference=ref,
            recipients=recipients,
            decision=decision,
            review_label=scr.label,
            meeting_date=meeting.date,
            statutory=statutory,
            **context,
        ),
        "green",
    )
    services.move(
        app,
        ref,
        "record_notifications",
        "system",
        recipients=[r.email for r in recipients + statutory],
    )
    for due in app.deadlines.for_referral(_aggregate(app, ref), app.today()):
        console.print(f"Due: {due.what} by {due.date:%A %d %B %Y} ({due.rule}).")

    first = app.deadlines.for_referral(_aggregate(app, ref), app.today())[0]
    clock.to(first.date - dt.timedelta(days=14))
    step("10. The review begins, and later completes")
    services.move(app, ref, "start_review", "bm")
    console.print(f"Review under way from {app.today():%d %B %Y}.")
    end = app.deadlines.for_referral(_aggregate(app, ref), app.today())[0]
    clock.to(end.date - dt.timedelta(days=30))
    services.move(app, ref, "complete_review", "bm")
    console.print(f"Review complete on {app.today():%d %B %Y}.")

    _status(console, app, "Business Manager (status --all)", include_closed=True)
    with app.uow() as uow:
        check = audit.verify(uow.session)
    console.print(
        f"Audit log: {check.entries} entries, chain "
        f"{'verified' if check.ok else 'BROKEN at ' + str(check.broken_at)}."
    )
    console.print(f"Demo data kept in {data.resolve()}")


def _aggregate(app: services.App, reference: str) -> Any:
    with app.uow() as uow:
        return uow.referrals.aggregate(uow.referrals.row(reference, lock=False))


def _status(console: Console, app: services.App, who: str, include_closed: bool = False) -> None:
    today = app.today()
    table = Table(title=who, title_justify="left")
    for column in ("reference", "state", "next due", f"{app.config.terms.precis} waiting for"):
        table.add_column(column)
    for r in services.pipeline(app, include_closed=include_closed):
        due = f"{r.next_due.date:%d %b %Y}: {r.next_due.what}" if r.next_due else "-"
        if r.overdue(today):
            due = f"[bold red]OVERDUE {due}[/bold red]"
        table.add_row(r.reference, r.state.label, due, ", ".join(r.precis_waiting) or "-")
    console.print(table)
