"""A referral's steps, as a named person: the pipeline, a move, a question to the referrer,
the decision, the Panel told, the lead reviewer, its documents.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from .base import Options, _acting, _day, _fail, _iso, _run, _write_private, app, out, shown


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document for scripts.")] = False,
    include_closed: Annotated[
        bool, typer.Option("--all", help="Include closed referrals.")
    ] = False,
) -> None:
    """The pipeline: each referral, its state, its next due date; overdue in red."""
    from ..application import actionplans
    from ..application import minutes as minutes_stage
    from ..application import status as status_stage
    from ..workflow.forms import label

    opts: Options = ctx.obj
    application = _run(opts.app)
    rows = _run(lambda: status_stage.pipeline(application, include_closed=include_closed))
    mail = status_stage.attention(application)
    minutes = minutes_stage.minutes_outstanding(application)
    risky = [a for a in actionplans.listing(application) if a.risks]
    unrecorded = minutes_stage.meetings_unrecorded(application)
    today = application.today()
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "today": today.isoformat(),
                    "mail": {
                        "quarantined": mail.quarantined,
                        "held": mail.held,
                        "outbox_queued": mail.outbox_queued,
                        "outbox_failed": mail.outbox_failed,
                        "chat_failed": mail.chat_failed,
                    },
                    "minutes_due": [
                        {
                            "meeting": m.date.isoformat(),
                            "due": m.minutes_due.isoformat(),
                            "overdue": m.minutes_due < today,
                        }
                        for m in minutes
                    ],
                    "meetings_not_on_record": [d.isoformat() for d in unrecorded],
                    "actions_at_risk": [
                        {"action": a.action.key, "agency": a.action.agency, "why": list(a.risks)}
                        for a in risky
                    ],
                    "referrals": [
                        {
                            "reference": r.reference,
                            "state": r.state.value,
                            "referring_agency": r.referring_agency,
                            "received_on": _iso(r.received_on),
                            "meeting": _iso(r.meeting_date),
                            "missing": list(r.missing),
                            "precis_waiting": list(r.precis_waiting),
                            "next_due": None
                            if r.next_due is None
                            else {
                                "what": r.next_due.what,
                                "date": r.next_due.date.isoformat(),
                                "rule": r.next_due.rule,
                            },
                            "overdue": r.overdue(today),
                            "review_day": list(r.review_day) if r.review_day else None,
                            "notices": [
                                {
                                    "to": n.body,
                                    "what": n.what,
                                    "status": n.status,
                                    "due": n.due.isoformat(),
                                    "sent": n.sent_at.isoformat() if n.sent_at else None,
                                    "overdue": n.overdue(today),
                                }
                                for n in r.notices
                            ],
                        }
                        for r in rows
                    ],
                },
                ensure_ascii=True,
            ),
            ensure_ascii=True,
        )
        return
    if mail.quarantined or mail.held:
        out.print(
            f"[yellow]{mail.quarantined} quarantined and {mail.held} held "
            "messages wait for you: panelclerk quarantine list[/yellow]"
        )
    if mail.outbox_failed:
        out.print(
            f"[bold red]{mail.outbox_failed} outbound messages FAILED: "
            "panelclerk outbox list[/bold red]"
        )
    if mail.chat_failed:
        out.print(
            f"[bold red]{mail.chat_failed} chat messages FAILED to post: once mended, "
            "panelclerk outbox retry-chat --as ID[/bold red]"
        )
    for meeting in minutes:
        line = (
            f"minutes of the meeting of {meeting.date:%d %b %Y} due {meeting.minutes_due:%d %b %Y}"
            f": once out, panelclerk minutes sent {meeting.date.isoformat()} --as ID"
        )
        out.print(f"[bold red]OVERDUE {line}[/bold red]" if meeting.minutes_due < today else line)
    for day in unrecorded:
        out.print(
            f"the meeting of {day:%d %b %Y} is not on record as held: once held, "
            f"panelclerk attendance {day.isoformat()} AGENCY... --as ID; if it did not take "
            f"place, panelclerk cancel-meeting {day.isoformat()} --as ID",
            soft_wrap=True,
        )
    if risky:
        codes = ", ".join(f"{a.action.key} ({a.risks[0]})" for a in risky)
        out.print(
            f"[yellow]actions at risk: {shown(codes, markup=True)}: "
            "panelclerk actions list[/yellow]",
            soft_wrap=True,
        )
    if not rows:
        out.print("No open referrals.")
        return
    from rich.table import Table  # only for a pipeline with referrals in it

    table = Table(title=f"Referrals, {application.config.board.short_name}, as of {today:%d %b %Y}")
    table.add_column("reference", no_wrap=True)
    for column in ("state", "agency", "meeting", "next due", "waiting for"):
        table.add_column(column)
    for r in rows:
        due = "-"
        if r.next_due is not None:
            due = f"{r.next_due.date:%d %b %Y}: {shown(r.next_due.what, markup=True)}"
            if r.overdue(today):
                due = f"[bold red]OVERDUE {due}[/bold red]"
        unsent = [  # what still has to go, and a report the Panel receives, sent or not
            (
                f"[bold red]{shown(n.what, markup=True)} OVERDUE[/bold red]"
                if n.overdue(today)
                else shown(n.line(), markup=True)
            )
            for n in r.notices
            if n.status != "sent" or n.carries
        ]
        waiting = (
            ", ".join(
                [*(shown(label(f), markup=True) for f in r.missing)]
                + [shown(p, markup=True) for p in r.precis_waiting]
                + unsent
            )
            or "-"
        )
        table.add_row(  # a table cell is markup: each stored piece defused
            shown(r.reference, markup=True),
            shown(application.config.state_label(r.state), markup=True)
            + (f" (day {r.review_day[0]} of {r.review_day[1]})" if r.review_day else ""),
            shown(r.referring_agency or "?", markup=True),
            f"{r.meeting_date:%d %b %Y}" if r.meeting_date else "-",
            due,
            waiting,
        )
    out.print(table)


@app.command()
def move(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="Reference code, e.g. SCR-2026-007.")],
    move_name: Annotated[str, typer.Argument(metavar="MOVE", help="e.g. place_on_agenda")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="Who is acting: a person id from config.")
    ],
    meeting: Annotated[
        str | None, typer.Option(help="Meeting date for place_on_agenda or reschedule.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Reason, for decline.")] = None,
    on: Annotated[
        str | None,
        typer.Option(help="The day a review began or completed, if not today."),
    ] = None,
) -> None:
    """Make one life-cycle move on a referral, as a named person."""
    from ..application import screening
    from ..workflow.lifecycle import MOVES

    opts: Options = ctx.obj
    if move_name not in MOVES:
        _fail(f"unknown move {move_name!r}; moves: {', '.join(MOVES)}", 2)
    if move_name == "decline" and not (reason or "").strip():
        _fail("decline needs --reason: the referrer is told it", 2)
    if on and move_name not in ("start_review", "complete_review"):
        _fail("--on is for start_review and complete_review", 2)
    application = _run(opts.app)
    day = _day(meeting, "--meeting") if meeting else None
    happened = _day(on, "--on") if on else None

    def act() -> None:  # the one dispatcher, as chat and the console use
        details: dict[str, Any] = {"reason": reason} if reason else {}
        if day is not None:
            details["meeting_date"] = day
        if happened is not None:
            details["on"] = happened
        screening.move(application, reference, move_name, actor, **details)

    _run(act)
    with application.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        out.print(
            f"{row.reference}: {move_name.replace('_', ' ')} done; "
            f"now {application.config.state_label(row.state)}",
            soft_wrap=True,
        )
    if move_name == "start_review":
        out.print(
            f"the learning summary is ready: panelclerk documents {row.reference} --out DIR",
            soft_wrap=True,
        )


@app.command("request-info")
def request_info(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    question: Annotated[str, typer.Argument(help="What the referrer is asked.")],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
) -> None:
    """The Chair asks the referrer for more information by email (4.1, 4.5)."""
    from ..application import screening

    application = _run(ctx.obj.app)
    _run(lambda: screening.request_more_info(application, reference, actor, question))
    out.print(f"{reference.upper()}: question queued to the referrer; the referral waits")


@app.command()
def decide(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument(help="Reference code, e.g. SCR-2026-007.")],
    actor: Annotated[
        str, typer.Option("--as", callback=_acting, help="The decision maker's person id.")
    ],
    review_type: Annotated[str, typer.Option(help="A review type id from the config.")],
    rationale: Annotated[str, typer.Option(help="The reasons, as they go in the record.")],
    methodology: Annotated[str | None, typer.Option(help="For an SCR: its method.")] = None,
    lead_reviewer: Annotated[str | None, typer.Option(help="Lead reviewer, if named.")] = None,
) -> None:
    """Record the decision (or a partner's sign-off) without chat, with the chat form's checks.

    For boards whose Teams only posts (webhook mode) or that have no chat at all."""
    from ..application import decision_notice

    opts: Options = ctx.obj
    application = _run(opts.app)

    decided = _run(
        lambda: decision_notice.decide(
            application,
            reference,
            actor,
            review_type=review_type,
            rationale=rationale,
            methodology=methodology,
            lead_reviewer=lead_reviewer,
        )
    )
    if decided.decision is None:
        out.print(decided.outcome(), markup=False)  # a split shows as a split
    else:
        out.print(
            f"{decided.reference}: decision recorded ({decided.decision.review_type}); the "
            "decision email and statutory notices are queued"
        )


@app.command()
def notified(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
    on: Annotated[
        str | None, typer.Option("--on", help="The day it was sent (default: today).")
    ] = None,
) -> None:
    """Record that the local authority notified the National Panel and Ofsted of the
    serious incident; the notification is then no longer due."""
    from ..application import notifications

    application = _run(ctx.obj.app)
    day = _day(on, "--on") if on else application.today()
    _run(lambda: notifications.record_panel_notification(application, reference, actor, day))
    panel = application.config.terms.national_panel
    out.print(f"{reference.upper()}: notification to the {panel} recorded as sent {day:%d %b %Y}")


@app.command("lead-reviewer")
def lead_reviewer(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Argument(help="The lead reviewer's name.")],
    actor: Annotated[str, typer.Option("--as", callback=_acting)],
) -> None:
    """Record the lead reviewer once appointed; the National Panel is told (8.1)."""
    from ..application import reviewing

    application = _run(ctx.obj.app)
    _run(lambda: reviewing.record_lead_reviewer(application, reference, actor, name))
    out.print(f"{reference.upper()}: lead reviewer recorded; the Panel notice is queued")


@app.command()
def documents(
    ctx: typer.Context,
    reference: Annotated[str, typer.Argument()],
    folder: Annotated[Path, typer.Option("--out", help="Where to write them.")] = Path("."),
) -> None:
    """Write a referral's documents (decision record, learning summary) to a folder."""
    from sqlmodel import select

    from ..store.tables import Document

    application = _run(ctx.obj.app)

    def export() -> list[Path]:
        written = []
        with application.uow() as uow:
            row = uow.referrals.row(reference, lock=False)
            for doc in uow.session.exec(select(Document).where(Document.referral_id == row.id)):
                target = folder / Path(doc.filename).name
                _write_private(target, doc.data)
                written.append(target)
        return written

    for path in _run(export):
        out.print(str(path), soft_wrap=True)
