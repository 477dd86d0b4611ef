"""`panelclerk demo`: one referral through the whole life cycle on the embedded defaults: a
SQLite file, a local Maildir as the board's secure mailbox, outbound mail written to a folder,
and the console for chat. A simulated clock makes every date the real rules' answer from today.

Emails really go through the mailbox: each is delivered into the Maildir, the monitor routes
it, and what each person sees by email is read back from the .eml files the outbox wrote.

Over 500 lines on purpose: `run_demo` is one narrated script, read top to bottom as the week
it shows (step 1 to 11); cut into functions, the story would be scattered across them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from sqlmodel import select

from .. import boardfile
from ..application import (
    actionplans,
    agenda,
    context,
    meetings,
    minutes,
    notifications,
    precis,
    reviewing,
    scheduled,
    screening,
    status,
)
from ..application.inbound.kept import quarantined as monitor_quarantined
from ..application.inbound.router import Router
from ..mail.maildir import MaildirMailbox
from ..outbox.delivery import deliver_due
from ..store import audit
from ..store.tables import Precis
from ..workflow.calendar import add_months
from ..workflow.distribution import agency_contacts
from .console import ConsoleSender
from .console import show as show_chat
from .conversations import Conversations
from .views import actions_table

LONDON = context.LONDON
REFERRER = "kim.walsh@hospitals.fenmarsh.example"


class SimClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def to(self, day: dt.date, hour: int = 10) -> None:
        moved = dt.datetime.combine(day, dt.time(hour), LONDON).astimezone(dt.UTC)
        self.now = max(self.now, moved)


def referral_email(today: dt.date, at: dt.datetime, rapid_review: bool = False) -> bytes:
    """A fictional referral from the hospital's named nurse, two required fields left out,
    in the words of the board's framework."""
    kind, criteria = (
        ("Rapid review", "serious child safeguarding case (abuse suspected, seriously harmed)")
        if rapid_review
        else ("SCR", "Regulation 5(2)(b)(ii)")
    )
    msg = EmailMessage()
    msg["From"] = f"Kim Walsh <{REFERRER}>"
    msg["To"] = "secure.mailbox@fenmarsh.example"
    msg["Subject"] = f"{kind} referral: Fenmarsh Hospitals NHS Trust"
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(domain="hospitals.fenmarsh.example")
    msg.set_content(f"""Please find our referral below.

Referrer
Name: Kim Walsh
Role: Named Nurse for Safeguarding Children
Agency: Fenmarsh Hospitals NHS Trust
Email: {REFERRER}
Date of referral: {today:%d/%m/%Y}
Named/designated safeguarding lead consulted: yes

Child
Name: Child A (fictional)
Date of birth: 14/03/2012
Home local authority: Fenmarsh County Council

Date of incident: {today - dt.timedelta(days=6):%d/%m/%Y}
Date board notified: {today - dt.timedelta(days=5):%d/%m/%Y}
What happened: Admitted with a head injury; earlier bruising seen by two agencies.
Outcome for the child: seriously harmed: potentially life-threatening injury
Abuse or neglect known or suspected: physical abuse suspected
Agencies involved: police, children's social care, health, education
Criteria met: {criteria}

Kind regards
Kim Walsh
""")
    return msg.as_bytes()


def reply_email(
    sender: str, subject: str, in_reply_to: str | None, body: str, quoted: str, at: dt.datetime
) -> bytes:
    """An Outlook-style reply: the answer on top, a signature, the quoted original below."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "secure.mailbox@fenmarsh.example"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(
        f"{body}\n\nKind regards\n{sender.split('@')[0].replace('.', ' ').title()}\n\n"
        f"From: Fenmarsh LSCB <scr.subgroup@fenmarsh-lscb.example>\n"
        f"Sent: {at:%d %B %Y %H:%M}\nTo: {sender}\nSubject: {subject}\n\n{quoted}"
    )
    return msg.as_bytes()


class Outbox:
    """Reads back what the outbox wrote, newest first, as the recipient would see it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: set[str] = set()

    def new(self) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
            if path.name not in self.seen:
                self.seen.add(path.name)
                msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
                assert isinstance(msg, EmailMessage)
                found.append(msg)
        return found


def run_demo(console: Console, data: Path, framework: str | None) -> None:
    base = boardfile.load_board(None, framework)
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(mode=0o700, parents=True)
    settings = base.mailbox.model_copy(
        update={"maildir": str(data / "mailbox"), "outbox_dir": str(data / "outbox")}
    )
    config = base.model_copy(
        update={
            "mailbox": settings,
            "chat": base.chat.model_copy(update={"platforms": ("console",)}),
        }
    )
    if config.framework.decision_makers == "partners":  # the demo board as a partnership
        config = config.model_copy(
            update={
                "board": config.board.model_copy(
                    update={
                        "name": "Fenmarsh Safeguarding Children Partnership",
                        "short_name": "Fenmarsh Safeguarding Partnership",
                        "mailbox": "rapid.reviews@fenmarsh-partnership.example",
                    }
                )
            }
        )
    clock = SimClock(context.utcnow())
    app = context.bootstrap(
        config, f"sqlite:///{data / 'panelclerk.db'}", clock, audit.demo_key(data)
    )
    mailbox = MaildirMailbox(data / "mailbox", data / "outbox")
    router = Router(app)
    sent = Outbox(data / "outbox")
    chat = Conversations(app)
    chat_out = ConsoleSender(app, chat, console)
    terms = config.terms
    plural = config.framework.decision_makers == "partners"

    def verb(singular: str, many: str) -> str:
        return many if plural else singular

    chairs = config.deciders
    decider = chairs[0].id

    def step(text: str) -> None:
        console.rule(f"[bold]{clock.now.astimezone(LONDON):%a %d %b %Y %H:%M}[/bold]  {text}")

    def said(who: str, text: str) -> None:
        show_chat(console, who, text, "cyan")

    def mail_in(raw: bytes) -> None:
        mailbox.deliver(raw, clock())
        for result in router.run_once(mailbox):
            detail = f" ({result.detail})" if result.detail else ""
            console.print(
                f"[dim]monitor: {result.kind} {result.reference or '-'} "
                f"{result.outcome}{escape(detail)}[/dim]",
                soft_wrap=True,
            )

    def mail_out(limit: int | None = None) -> list[EmailMessage]:
        deliver_due(app.uow, config, mailbox.transport(), clock())
        messages = sent.new()
        for msg in messages[:limit]:
            body = msg.get_body(preferencelist=("plain",))
            text = body.get_content() if body is not None else ""
            files = [a.get_filename() for a in msg.iter_attachments()]
            attached = f"\n[attached: {', '.join(str(f) for f in files)}]" if files else ""
            console.print(
                Panel(
                    escape(f"Subject: {str(msg['Subject']).strip()}\n\n{text}{attached}"),
                    title=f"{msg['To']} (email)",
                    title_align="left",
                    border_style="blue",
                )
            )
        if limit is not None and len(messages) > limit:
            console.print(f"[dim]... and {len(messages) - limit} more like it[/dim]")
        return messages

    console.print(f"[bold]{config.board.name}[/bold]: {config.framework.title}")
    console.print(
        f"Database {data / 'panelclerk.db'}; mailbox {data / 'mailbox'} (Maildir); "
        f"outbound mail {data / 'outbox'}; chat: this console",
        soft_wrap=True,
    )

    step("0. A designated safeguarding lead asks the bot: should I refer?")
    question = (
        "A 12-year-old was admitted to intensive care with a head injury; the "
        "paediatrician thinks it may be non-accidental. School and the GP had both seen "
        "bruising but did not share it."
    )
    said("Designated safeguarding lead, in a direct message", question)
    show_chat(
        console, "Bot, to the safeguarding lead", chat.on_direct_message("console", "dsl", question)
    )

    step("1. A referral arrives at the secure mailbox, with required fields missing")
    mail_in(referral_email(app.today(), clock(), app.deadlines.incident_clock))
    ack = mail_out()[0]
    reference = str(ack["Subject"]).split("]")[0].strip("[")

    clock.to(app.today() + dt.timedelta(days=1), 9)
    step("2. The referrer replies with the missing fields")
    with app.uow() as uow:
        missing = list(uow.referrals.row(reference, lock=False).missing)
    answers = {
        "child.legal_status": "Child's legal status at the time: child in need",
        "concerns.interagency": "Concerns about how agencies worked together: bruising seen "
        "by school and GP was not shared with social care",
        "parallel.processes": "Parallel processes: police investigation under way",
    }
    body = "\n".join(answers.get(f, f"{f}: see attached") for f in missing)
    mail_in(
        reply_email(
            REFERRER,
            f"RE: {ack['Subject']}",
            ack["Message-ID"],
            body,
            "Thank you for your referral...",
            clock(),
        )
    )
    mail_out()

    step(
        f"3. The {terms.decision_maker} {verb('is', 'are')} told in chat (reference code "
        "only, never names)"
    )
    chat_out.deliver_due(clock())
    with app.uow() as uow:
        notified = uow.referrals.row(reference, lock=False).notified_on
    slot = app.deadlines.slot(app.today(), notified)
    if config.time_limits.notification_within is not None:
        notifications.record_panel_notification(app, reference, "bm", app.today())
        console.print(
            f"The local authority has notified the {terms.national_panel} and Ofsted; the "
            f"Business Manager records it: panelclerk notified {reference} --as bm"
        )

    step(
        f"4. The {terms.decision_maker} {verb('puts', 'put')} it on the agenda; agencies are "
        f"asked for a "
        f"{terms.precis}"
    )
    said(f"{terms.decision_maker} clicks", f"[Put on agenda: {slot.meeting.date:%d %b %Y}]")
    show_chat(
        console,
        f"Bot, to the {terms.decision_maker}",
        chat.on_action(decider, "pc:agenda", f"{reference}|{slot.meeting.key}"),
    )
    meeting = app.deadlines.meeting(slot.meeting.date)
    with app.uow() as uow:
        row_id = uow.referrals.row(reference, lock=False).id
        asked = sorted(
            p.agency_key
            for p in uow.session.exec(select(Precis).where(Precis.referral_id == row_id))
        )
    chat_out.deliver_due(clock())
    requests = mail_out(limit=1)

    clock.to(meeting.precis_reminder, 9)
    step("5. Agencies reply by email; quotes and signatures are stripped; one is late")
    for agency_id in asked[:-1]:
        contact = agency_contacts(config, agency_id)[0]
        request = next(m for m in requests if contact in str(m["To"]))
        mail_in(
            reply_email(
                contact,
                f"RE: {request['Subject']}",
                request["Message-ID"],
                f"Our involvement (fictional): two contacts in 2026 with the family "
                f"in {reference}; no concerns recorded at the time.",
                "Please send a brief précis...",
                clock(),
            )
        )
    mail_out(limit=1)
    reminded = precis.send_precis_reminders(app)
    console.print(f"Reminders sent: {', '.join(a for _, a in reminded) or 'none'}")
    mail_out(limit=1)
    _status(console, app, "Business Manager (status)")
    contact = agency_contacts(config, asked[-1])[0]
    mail_in(
        reply_email(
            contact,
            f"RE: [{reference}] précis",
            None,
            "Our involvement (fictional): one referral in 2025, closed.",
            "",
            clock(),
        )
    )
    mail_out(limit=0)
    chat_out.deliver_due(clock())

    clock.to(app.deadlines.calendar.add_working_days(meeting.agenda_dispatch, -1), 9)
    step("6. The agenda pack is ready: the Business Manager confirms, members receive it")
    scheduled.agenda_jobs(app)
    mail_out()
    agenda.confirm_agenda(app, meeting.date, "bm")
    mail_out(limit=1)

    clock.to(meeting.date, 12)
    step(f"7. The {terms.group} meets; members recommend in the thread (6.3)")
    attended = sorted({a.id for a in config.agencies if a.standing_member} | set(asked))
    meetings.record_discussion(app, reference, "bm", attended)
    scr = next(r for r in config.review_types if r.kind == "statutory")
    alternative = next(r for r in config.review_types if r.kind == "alternative")
    method = scr.methodologies[0] if scr.methodologies else ""
    members = [p for p in config.people if "member" in p.roles]
    for i, person in enumerate(members[:-1]):
        choice = scr.id if i % 4 != 3 else alternative.id
        reply = chat.on_action(
            person.id, "pc:recommend", f"{reference}|{choice}|{method if choice == scr.id else ''}"
        )
        if i < 1:
            show_chat(console, f"Bot, to {person.name}", reply)
    if len(members) > 4:  # a member changes their mind after discussion: audited
        show_chat(
            console,
            f"Bot, to {members[3].name}",
            chat.on_action(members[3].id, "pc:recommend", f"{reference}|{scr.id}|{method}"),
        )
    last = members[-1]
    words = f"Probation's view: we recommend a {terms.case_review}."
    said(f"{last.name}, in the thread", words)
    prompt = chat.on_thread_message(last.id, reference, words)
    show_chat(console, f"Bot, to {last.name}", prompt)
    if prompt.card and prompt.card.buttons:
        show_chat(
            console,
            f"Bot, to {last.name}",
            chat.on_action(last.id, "pc:confirm", prompt.card.buttons[0].value),
        )
    invited = next((p for p in config.people if p.agency and not p.roles), None)
    if invited is not None:
        show_chat(
            console,
            f"Bot, to {invited.name}",
            chat.on_action(invited.id, "pc:recommend", f"{reference}|{alternative.id}"),
        )
    screening.move(app, reference, "defer_decision", "system")
    chat_out.deliver_due(clock())

    step(f"8. The decision is deferred ({config.time_limits.decision_deferral_after_meeting})")
    show_chat(
        console,
        "Bot, to the Business Manager, who tries the decision form",
        chat.on_modal("bm", "pc_decision", reference, {"review_type": scr.id, "rationale": "x"}),
        "red",
    )
    due = next(r.next_due for r in status.pipeline(app) if r.reference == reference)
    if due is not None:
        console.print(f"Next due: {due.what} by {due.date:%A %d %B %Y} ({due.rule}).")
        clock.to(due.date, 9)
    scheduled.decision_reminders(app)
    mail_out(limit=1)
    chat_out.deliver_due(clock())

    clock.to(app.today(), 11)
    step(
        f"9. The {terms.decision_maker} {verb('records', 'record')} the decision; the emails go out"
    )
    show_chat(
        console,
        f"Bot, to the {terms.decision_maker}",
        chat.on_action(decider, "pc:decide", reference),
    )
    decision_values = {
        "review_type": scr.id,
        "methodology": method,
        "rationale": "Abuse is suspected, the child was seriously harmed and information held "
        "by school and GP was not shared.",
        "lead_reviewer": "To be appointed",
    }
    for person in config.deciders:
        show_chat(
            console,
            f"Bot, to {person.name}",
            chat.on_modal(person.id, "pc_decision", reference, decision_values),
        )
    chat_out.deliver_due(clock())
    mail_out(limit=2)
    _export(app, reference, data / "outbox")
    for due in app.deadlines.for_referral(_aggregate(app, reference), app.today()):
        console.print(f"Due: {due.what} by {due.date:%A %d %B %Y} ({due.rule}).")

    first_due = app.deadlines.for_referral(_aggregate(app, reference), app.today())[0]
    [meeting] = minutes.minutes_outstanding(app)
    remind_on = app.deadlines.calendar.add_working_days(meeting.minutes_due, -2)
    clock.to(max(app.today(), remind_on), 9)
    step(f"10. The minutes of the {terms.group} are due: the Business Manager is reminded")
    minutes.minutes_reminders(app)
    chat_out.deliver_due(clock())
    minutes.record_minutes_sent(app, meeting.date, "bm")
    console.print(
        f"The Business Manager sends the minutes and records it: panelclerk minutes sent "
        f"{meeting.date.isoformat()} --as bm"
    )

    clock.to(first_due.date - dt.timedelta(days=14))
    step("11. The review begins, and later completes")
    reviewing.start_review(app, reference, "bm")
    _export(app, reference, data / "outbox")
    console.print(
        f"Review under way from {app.today():%d %B %Y}; the lead reviewer's learning "
        "summary is ready."
    )
    end = app.deadlines.for_referral(_aggregate(app, reference), app.today())[0]
    clock.to(end.date - dt.timedelta(days=30))
    screening.move(app, reference, "complete_review", "bm")
    console.print(f"Review complete on {app.today():%d %B %Y}.")

    step("12. The review's action plan, RAG-rated every quarter (7.4)")
    owners = [a.id for a in config.agencies if a.standing_member and agency_contacts(config, a.id)]
    plan = [
        ("Audit how strategy meetings share what health and schools know.", owners[0], 6),
        ("Refresh training on bruising in non-mobile babies.", owners[1 % len(owners)], 9),
    ]
    for text, owner, months in plan:
        added = actionplans.add(app, reference, text, owner, add_months(app.today(), months), "bm")
        console.print(
            f'panelclerk actions add {reference} "{text}" --agency {owner} '
            f"--due {added.due.isoformat()} --as bm   -> {added.key}",
            soft_wrap=True,
        )
    first = min(
        d
        for d in (actionplans.tracker(app).ask_on(a.action) for a in actionplans.listing(app))
        if d
    )
    clock.to(first, 9)
    actionplans.update_requests(app)  # one of the jobs `serve` runs on each pass
    request = mail_out(limit=1)[0]
    contact = str(request["To"]).split(",")[0].strip()
    mail_in(
        reply_email(
            contact,
            f"RE: {request['Subject']}",
            request["Message-ID"],
            f"{reference}/1: amber, two of three strategy meetings audited; the third is late.",
            "Please send a rating...",
            clock(),
        )
    )
    mail_out(limit=1)
    chat_out.deliver_due(clock())
    [update] = [m for m in monitor_quarantined(app) if m.kind == "action_update"]
    assert update.id is not None
    console.print(
        f"The Business Manager reads it and records it: panelclerk actions apply {update.id} "
        "--as bm"
    )
    for line in actionplans.apply_update(app, update.id, "bm"):
        console.print(f"  {line.key}: {'recorded' if line.recorded else 'left'}, {line.why}")
    console.print(actions_table(config, actionplans.listing(app)))  # `actions list`

    _status(console, app, "Business Manager (status --all)", include_closed=True)
    with app.uow() as uow:
        check = audit.verify(uow.session)
    console.print(
        f"Audit log: {check.entries} entries, chain "
        f"{'verified' if check.ok else 'BROKEN at ' + str(check.broken_at)}."
    )
    console.print(
        f"Outbound mail (open the .eml files and the .docx beside them): "
        f"{(data / 'outbox').resolve()}",
        soft_wrap=True,
    )


def _export(app: context.App, reference: str, folder: Path) -> None:
    """The referral's documents beside the .eml files, as a person would save them."""
    from sqlmodel import select

    from ..store.tables import Document

    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        for doc in uow.session.exec(select(Document).where(Document.referral_id == row.id)):
            (folder / doc.filename).write_bytes(doc.data)


def _label(config: Any, review_type: str) -> str:
    found = config.review_type(review_type)
    return found.label if found else review_type.replace("_", " ")


def _aggregate(app: context.App, reference: str) -> Any:
    with app.uow() as uow:
        return uow.referrals.aggregate(uow.referrals.row(reference, lock=False))


def _status(console: Console, app: context.App, who: str, include_closed: bool = False) -> None:
    today = app.today()
    table = Table(title=who, title_justify="left")
    table.add_column("reference", no_wrap=True)
    for column in ("state", "next due", f"{app.config.terms.precis} waiting for"):
        table.add_column(column)
    for r in status.pipeline(app, include_closed=include_closed):
        due = f"{r.next_due.date:%d %b %Y}: {r.next_due.what}" if r.next_due else "-"
        if r.overdue(today):
            due = f"[bold red]OVERDUE {due}[/bold red]"
        table.add_row(
            r.reference, app.config.state_label(r.state), due, ", ".join(r.precis_waiting) or "-"
        )
    console.print(table)
