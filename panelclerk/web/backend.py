"""The console's one door into the application: every step it takes and every read of the
store goes through here, so that when the application layer moves (`panelclerk/application/`)
only this module's imports change. Pages never import the application, `monitor` or the store.

The reads of one referral (`referral_page`), of the meetings (`meetings`) and of failed mail
and chat (`failed_mail`, `failed_chat`) are read models the application does not have yet;
they belong in `application/` beside `pipeline`. Every act calls the same application
function the chat and the command line call, as the signed-in person.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

# ---- the application: every import of it is here (re-pointed when its modules move) ----
from ..application import context, notices, screening
from ..application import meetings as meetings_stage
from ..application import referrals as referrals_stage
from ..application import status as status_stage
from ..application.deliveries import retry as retry_outbound
from ..application.inbound import kept as kept_mail
from ..application.inbound import result as inbound_result
from ..bot.delivery import retry_failed as retry_failed_chat
from ..store import audit
from ..store.tables import (
    AgendaItem,
    AuditEntry,
    ChatMessage,
    InboundMessage,
    OutboundMessage,
    Precis,
    Recommendation,
    SignOff,
)
from ..store.tables import Decision as DecisionRow
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..workflow.calendar import add_months
from ..workflow.config import BoardConfig
from ..workflow.errors import MoveNotAllowed, NotPermitted, UnknownReferral, WorkflowError
from ..workflow.forms import label as field_label
from ..workflow.lifecycle import MOVES

# ---- end of the application's imports ---------------------------------------------------

App = context.App
PipelineRow = status_stage.PipelineRow
Kept = kept_mail.Kept
Result = inbound_result.Result
LONDON = context.LONDON

__all__ = [
    "LONDON",
    "App",
    "Kept",
    "MoveNotAllowed",
    "NotPermitted",
    "PipelineRow",
    "Result",
    "UnknownReferral",
    "WorkflowError",
]

# The console's own audit actions, in the style of the rest of the log: a verb, the
# reference code, the signed-in person, and no free text.
VIEW_REFERRAL = "view_referral"
SIGN_IN = "console_sign_in"
SIGN_OUT = "console_sign_out"
CONSOLE_ACTIONS = frozenset({VIEW_REFERRAL, SIGN_IN, SIGN_OUT})


def pipeline(app: App) -> list[PipelineRow]:
    """Every open referral, overdue first, then by the next date due."""
    today = app.today()
    rows = status_stage.pipeline(app)
    far = dt.date.max

    def order(row: PipelineRow) -> tuple[int, dt.date, str]:
        due = row.next_due.date if row.next_due else far
        return (0 if row.overdue(today) else 1, due, row.reference)

    return sorted(rows, key=order)


def record(app: App, action: str, person_id: str, **details: Any) -> None:
    """One console event in the audit log (a sign-in, a sign-out), in its own transaction."""
    with context.work(app) as uow:
        audit.append(uow.session, at=app.clock(), actor=person_id, action=action, details=details)


@dataclass(frozen=True)
class FormLine:
    field: str
    label: str
    value: str | None  # None: not given
    required: bool
    missing: bool


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: str
    action: str
    source: str | None
    target: str | None


@dataclass(frozen=True)
class PrecisLine:
    agency: str
    requested_at: dt.datetime
    received_at: dt.datetime | None
    text: str | None


@dataclass(frozen=True)
class DecisionView:
    review_type: str
    methodology: str | None
    rationale: str
    decided_on: dt.date
    decided_by: str
    lead_reviewer: str | None


@dataclass(frozen=True)
class ReviewChoice:
    id: str
    label: str
    kind: str  # statutory, alternative, none
    methodologies: tuple[str, ...]


@dataclass(frozen=True)
class SignOffLine:
    partner: str
    review_type: str
    methodology: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class ReferralPage:
    reference: str
    state: str
    state_id: str
    moves: frozenset[str]  # the moves the referral's state allows (who may: the domain says)
    received_on: dt.date
    notified_on: dt.date | None
    meeting_date: dt.date | None
    referring_agency: str | None
    agencies: tuple[str, ...]
    form: tuple[FormLine, ...]
    declined_reason: str | None
    timeline: tuple[TimelineEntry, ...]
    precis: tuple[PrecisLine, ...]
    tally: tuple[tuple[str, int], ...]
    views: tuple[tuple[str, str], ...]  # invited agencies' views: (agency, review type)
    decision: DecisionView | None
    jointly: bool  # the safeguarding partners each sign off (Working Together 2023)
    sign_offs: tuple[SignOffLine, ...]  # the partners' current sign-offs, when jointly
    waiting_for: tuple[str, ...]  # partners yet to sign off, when jointly
    review_types: tuple[ReviewChoice, ...]
    meeting_choices: tuple[dt.date, ...]  # meetings ahead it may be placed on


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    return text or None


def _form_lines(config: BoardConfig, form: dict[str, Any], missing: list[str]) -> list[FormLine]:
    required = config.form.required
    fields = [*required, *config.form.optional]
    fields += sorted(k for k in form if k not in fields and not k.startswith("_"))
    return [
        FormLine(
            name,
            field_label(name),
            _shown(form.get(name)),
            name in required,
            name in missing or (name in required and _shown(form.get(name)) is None),
        )
        for name in fields
    ]


def agency_name(config: BoardConfig, key: str | None) -> str:
    if key is None:
        return "not known"
    agency = config.agency(key)
    return agency.name if agency else key


def _person_name(config: BoardConfig, key: str) -> str:
    person = config.person(key)
    return person.name if person else key


def referral_page(app: App, reference: str, person_id: str) -> ReferralPage:
    """Everything the console shows of one referral; the view is audited with the person
    who asked, in the same transaction as the read."""
    config = app.config
    with context.work(app) as uow:
        row = uow.referrals.row(reference, lock=False)
        referral = uow.referrals.aggregate(row)
        session = uow.session
        entries = session.exec(
            select(AuditEntry)
            .where(AuditEntry.reference == row.reference)
            .order_by(col(AuditEntry.seq))
        ).all()
        precis = session.exec(
            select(Precis).where(Precis.referral_id == row.id).order_by(col(Precis.agency_key))
        ).all()
        current = session.exec(
            select(Recommendation).where(
                Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
            )
        ).all()
        decision = session.exec(
            select(DecisionRow).where(DecisionRow.referral_id == row.id)
        ).first()
        declined = row.form.get("_declined")
        signed = session.exec(
            select(SignOff).where(SignOff.referral_id == row.id, col(SignOff.current).is_(True))
        ).all()
        by_partner = {s.person_key: s for s in signed}
        jointly = config.framework.decision_makers == "partners"
        page = ReferralPage(
            reference=row.reference,
            state=config.state_label(referral.state.value),
            state_id=referral.state.value,
            moves=frozenset(n for n, m in MOVES.items() if referral.state in m.sources),
            received_on=row.received_on,
            notified_on=row.notified_on,
            meeting_date=row.meeting_date,
            referring_agency=agency_name(config, row.referring_agency),
            agencies=tuple(agency_name(config, a) for a in row.agencies_involved),
            form=tuple(_form_lines(config, row.form, list(row.missing))),
            declined_reason=declined.get("reason") if isinstance(declined, dict) else None,
            timeline=tuple(
                TimelineEntry(
                    e.at,
                    "panelclerk" if e.actor == "system" else _person_name(config, e.actor),
                    e.action.replace("_", " "),
                    config.state_label(e.source_state) if e.source_state else None,
                    config.state_label(e.target_state) if e.target_state else None,
                )
                for e in entries
                if e.action not in CONSOLE_ACTIONS
            ),
            precis=tuple(
                PrecisLine(agency_name(config, p.agency_key), p.requested_at, p.received_at, p.text)
                for p in precis
            ),
            tally=tuple(
                sorted(
                    Counter(
                        _review_label(config, r.review_type) for r in current if r.counts
                    ).items()
                )
            ),
            views=tuple(
                (agency_name(config, r.agency_key), _review_label(config, r.review_type))
                for r in current
                if not r.counts
            ),
            decision=DecisionView(
                _review_label(config, decision.review_type),
                decision.methodology,
                decision.rationale,
                decision.decided_on,
                _person_name(config, decision.decided_by),
                decision.lead_reviewer,
            )
            if decision
            else None,
            jointly=jointly,
            sign_offs=tuple(
                SignOffLine(
                    p.name,
                    _review_label(config, by_partner[p.id].review_type),
                    by_partner[p.id].methodology,
                    by_partner[p.id].recorded_at,
                )
                for p in config.deciders
                if p.id in by_partner
            ),
            waiting_for=tuple(p.name for p in config.deciders if p.id not in by_partner)
            if jointly
            else (),
            review_types=tuple(
                ReviewChoice(r.id, r.label, r.kind, tuple(r.methodologies))
                for r in config.review_types
            ),
            meeting_choices=tuple(_meetings_ahead(app)),
        )
        audit.append(
            session,
            at=app.clock(),
            actor=person_id,
            action=VIEW_REFERRAL,
            reference=row.reference,
            details={"via": "console"},
        )
    return page


def _review_label(config: BoardConfig, review_type: str) -> str:
    found = config.review_type(review_type)
    return found.label if found else review_type


def kept_messages(app: App) -> list[InboundMessage]:
    """Quarantined and held messages, oldest first (the list shows no message's words)."""
    return kept_mail.quarantined(app)


def read_kept(app: App, inbound_id: int, person_id: str) -> Kept:
    """One kept message's headers and text (audited by the application, by its number)."""
    return kept_mail.read_kept(app, inbound_id, person_id)


def release(app: App, inbound_id: int, person_id: str) -> Result:
    return kept_mail.release(app, inbound_id, person_id)


# ---- the decision maker's acts on a referral: each the same application call the chat
# and the command line make, as the signed-in person (who the application checks again)


def _meetings_ahead(app: App) -> list[dt.date]:
    today = app.today()
    return [m.date for m in app.deadlines.schedule.year_ahead(today) if m.date > today]


def place_on_agenda(
    app: App, reference: str, person_id: str, meeting_date: dt.date | None = None
) -> dt.date | None:
    """The decision maker puts the referral on the next meeting it can make (or the one
    chosen), and the agencies are asked for their précis: what the chat's "place on the
    agenda" button does, here in one transaction."""
    with context.work(app) as uow:  # the précis are asked for with it (screening)
        screening.place_on_agenda(app, reference, person_id, meeting_date, uow=uow)
        return uow.referrals.row(reference, lock=False).meeting_date


def request_more_info(app: App, reference: str, person_id: str, question: str) -> None:
    """The question goes to the referrer by email; the referral waits (CLI `request-info`)."""
    notices.request_more_info(app, reference, person_id, question)


def decline(app: App, reference: str, person_id: str, reason: str) -> None:
    screening.move(app, reference, "decline", person_id, reason=reason)


@dataclass(frozen=True)
class DecisionOutcome:
    reference: str
    decided: bool  # False: a partner's sign-off is recorded and others are awaited
    review_type: str | None
    waiting: tuple[str, ...]
    disagreeing: tuple[str, ...]


def decide(
    app: App,
    reference: str,
    person_id: str,
    *,
    review_type: str,
    rationale: str,
    methodology: str | None,
    lead_reviewer: str | None,
) -> DecisionOutcome:
    """The decision (or, under Working Together 2023, one partner's sign-off), with its
    email and statutory notices once made: the chat's decision form and the CLI `decide`."""
    decided = notices.decide(
        app,
        reference,
        person_id,
        review_type=review_type,
        rationale=rationale,
        methodology=methodology,
        lead_reviewer=lead_reviewer,
    )
    made = decided.decision
    return DecisionOutcome(
        decided.reference,
        made is not None,
        _review_label(app.config, made.review_type) if made else None,
        decided.waiting,
        decided.disagreeing,
    )


# ---- meetings -----------------------------------------------------------------------------

PAST_MEETINGS = dt.timedelta(days=92)  # the console lists the last three months' as well


@dataclass(frozen=True)
class MeetingLine:
    date: dt.date
    start: dt.time
    submission_deadline: dt.date
    precis_due: dt.date
    agenda_dispatch: dt.date
    minutes_due: dt.date
    moved_from: dt.date | None
    status: str  # planned, held, cancelled
    scheduled: bool  # on the board's schedule (else convened for a case)
    agenda_status: str  # open, awaiting_confirmation, sent
    agenda_sent_at: dt.datetime | None
    minutes_sent_at: dt.datetime | None
    attended: tuple[str, ...]  # agency ids on record as attending
    referrals: tuple[str, ...]  # reference codes on its agenda
    other_items: int
    past: bool  # before today
    ahead: bool  # after today

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


def _meeting_lines(app: App, first: dt.date, last: dt.date) -> list[MeetingLine]:
    """The meetings between two days: the schedule's, those cancelled (by the board file or
    through the product), and any convened for a case, with what is on record of each."""
    app.refresh_meetings()
    today = app.today()
    deadlines = app.deadlines
    schedule = deadlines.schedule
    planned = {m.date: m for m in schedule.between(first, last)}
    cancelled = {d for d in deadlines.config.meetings.cancelled if first <= d <= last}
    with app.uow() as uow:
        stored = {
            m.date: m
            for m in uow.session.exec(
                select(MeetingRow).where(
                    col(MeetingRow.date) >= first, col(MeetingRow.date) <= last
                )
            )
        }
        items = uow.session.exec(
            select(AgendaItem.meeting_id, ReferralRow.reference)
            .join(ReferralRow, col(AgendaItem.referral_id) == col(ReferralRow.id), isouter=True)
            .where(col(AgendaItem.meeting_id).in_([m.id for m in stored.values()]))
        ).all()
    on_agenda: dict[int, list[str]] = {}
    others: Counter[int] = Counter()
    for meeting_id, reference in items:
        if reference is None:
            others[meeting_id] += 1
        else:
            on_agenda.setdefault(meeting_id, []).append(reference)
    lines = []
    for day in sorted(set(planned) | cancelled | set(stored)):
        info = planned.get(day) or schedule.meeting_on(day)
        row = stored.get(day)
        status = "cancelled" if day in cancelled else (row.status if row else "planned")
        lines.append(
            MeetingLine(
                date=day,
                start=info.start,
                submission_deadline=info.submission_deadline,
                precis_due=info.precis_due,
                agenda_dispatch=info.agenda_dispatch,
                minutes_due=info.minutes_due,
                moved_from=info.moved_from,
                status=status,
                scheduled=day in planned or day in cancelled,
                agenda_status=row.agenda_status if row else "open",
                agenda_sent_at=row.agenda_sent_at if row else None,
                minutes_sent_at=row.minutes_sent_at if row else None,
                attended=tuple(row.attended_agencies) if row else (),
                referrals=tuple(sorted(on_agenda.get(row.id or 0, []))) if row else (),
                other_items=others[row.id or 0] if row else 0,
                past=day < today,
                ahead=day > today,
            )
        )
    return lines


def meetings(app: App) -> list[MeetingLine]:
    """The last three months' meetings and the year ahead, cancelled ones among them."""
    today = app.today()
    horizon = app.config.meetings.horizon_months
    return _meeting_lines(app, today - PAST_MEETINGS, add_months(today, horizon))


def meeting(app: App, day: dt.date) -> MeetingLine | None:
    """One meeting, if it is (or was) one: on the schedule, cancelled, or on record."""
    found = _meeting_lines(app, day, day)
    return found[0] if found else None


def agencies(config: BoardConfig) -> list[tuple[str, str]]:
    return [(a.id, a.name) for a in config.agencies]


def confirm_agenda(app: App, day: dt.date, person_id: str) -> int:
    """The Business Manager sends the agenda pack (CLI `agenda confirm`); how many get it."""
    return notices.confirm_agenda(app, day, person_id)


def record_meeting(app: App, day: dt.date, person_id: str, attended: list[str]) -> tuple[str, ...]:
    """The meeting held, with the agencies that attended (CLI `attendance`)."""
    return meetings_stage.record_meeting(app, day, person_id, attended)


def record_minutes_sent(
    app: App, day: dt.date, person_id: str, on: dt.date | None = None
) -> dt.date:
    """The minutes went out (CLI `minutes sent`); they stop being due."""
    return notices.record_minutes_sent(app, day, person_id, on)


def cancel_meeting(app: App, day: dt.date, person_id: str, reason: str) -> dt.date | None:
    """A planned meeting with no business cancelled (CLI `cancel-meeting`); the next one."""
    return notices.cancel_meeting(app, day, person_id, reason)


def reinstate_meeting(app: App, day: dt.date, person_id: str) -> None:
    """A cancellation undone while the meeting is ahead (CLI `reinstate-meeting`)."""
    notices.reinstate_meeting(app, day, person_id)


# ---- failed mail and chat -----------------------------------------------------------------


@dataclass(frozen=True)
class FailedMail:
    id: int
    kind: str
    reference: str | None
    status: str
    attempts: int
    recipients: int
    delivered: int
    refused: tuple[tuple[str, str], ...]  # (address, the server's words)
    last_error: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class FailedChat:
    id: int
    platform: str
    kind: str
    reference: str | None
    target: str | None
    attempts: int
    last_error: str | None
    created_at: dt.datetime


def _references(uow: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        i: r
        for i, r in uow.session.exec(
            select(ReferralRow.id, ReferralRow.reference).where(col(ReferralRow.id).in_(ids))
        )
        if i is not None
    }


def failed_mail(app: App) -> list[FailedMail]:
    """Outbound mail that failed, or that some recipients' servers refused: what `outbox
    list` shows of them (never the message's words)."""
    with app.uow() as uow:
        rows = [
            r
            for r in uow.session.exec(
                select(OutboundMessage)
                .where(col(OutboundMessage.status).in_(("failed", "sent")))
                .order_by(col(OutboundMessage.id))
            )
            if r.status == "failed" or r.refused
        ]
        refs = _references(uow, {r.referral_id for r in rows if r.referral_id})
    return [
        FailedMail(
            r.id or 0,
            r.kind,
            refs.get(r.referral_id or 0),
            r.status,
            r.attempts,
            len(r.recipients),
            len(r.delivered_to),
            tuple(sorted(r.refused.items())),
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def failed_chat(app: App) -> list[FailedChat]:
    config = app.config
    with app.uow() as uow:
        rows = list(
            uow.session.exec(
                select(ChatMessage)
                .where(ChatMessage.status == "failed")
                .order_by(col(ChatMessage.id))
            )
        )
        refs = _references(uow, {r.referral_id for r in rows if r.referral_id})
    return [
        FailedChat(
            r.id or 0,
            r.platform,
            r.kind,
            refs.get(r.referral_id or 0),
            _person_name(config, r.target) if r.target and config.person(r.target) else r.target,
            r.attempts,
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def retry_mail(app: App, outbox_id: int, person_id: str) -> int:
    """A failed message queued again for those who lack it (CLI `outbox retry`); how many."""
    row = retry_outbound(app, outbox_id, person_id)
    return len(row.recipients) - len(row.delivered_to)


def retry_chat(app: App, person_id: str) -> int:
    """Every failed chat message queued again (CLI `outbox retry-chat`); how many."""
    return retry_failed_chat(app, person_id)


def is_demo_board(config: BoardConfig) -> bool:
    """The embedded fictional demo board (its people and its name), whatever framework the
    demo runs under: the only board whose people may be picked from a list to sign in."""
    from .. import boardfile

    demo = boardfile.load_board()
    return config.board == demo.board and config.people == demo.people


def person_by_sign_in(config: BoardConfig, platform: str, user_id: str) -> str | None:
    """The board file's person with this Entra object id (`teams`) or Slack user id."""
    person = config.person_by_chat(platform, user_id)
    return person.id if person else None


DEMO_STRANGER = b"""From: Named Nurse <named.nurse@gmail.example>
To: scr.subgroup@fenmarsh-lscb.example
Subject: Referral from my personal address \x1b[31murgent\x1b[0m
Date: Mon, 09 Nov 2026 09:00:00 +0000
Message-ID: <demo-stranger@gmail.example>
Content-Type: text/plain; charset=utf-8

I am sending this from home: please see the referral below.
"""


def seed_demo(app: App) -> None:
    """Something to look at on an empty demo database: two referrals (one missing fields)
    and a message from an unknown sender, quarantined. Fictional, like the demo board."""
    from ..application.inbound.router import Router

    if status_stage.pipeline(app, include_closed=True):
        return
    form = {
        "referrer.name": "Kim Walsh",
        "referrer.role": "Named Nurse",
        "referrer.agency": "Fenmarsh Hospitals NHS Trust",
        "referrer.email": "kim.walsh@hospitals.fenmarsh.example",
        "referrer.date": app.today().isoformat(),
        "referrer.lead_consulted": "yes",
        "child.name": "Zebedee Quillfeather",
        "child.date_of_birth": "2013-05-02",
        "child.home_authority": "Fenmarsh County Council",
        "child.legal_status": "child in need",
        "incident.date": app.today().isoformat(),
        "incident.notified_date": app.today().isoformat(),
        "incident.summary": "Head injury; earlier bruising seen by school and GP.",
        "incident.outcome": "seriously harmed",
        "incident.abuse_or_neglect": "physical abuse suspected",
        "agencies.involved": "police, social care, health",
        "concerns.interagency": "Information not shared between school, GP and social care.",
    }
    referrals_stage.receive_referral(app, form)
    referrals_stage.receive_referral(
        app, {k: v for k, v in form.items() if k not in ("incident.summary", "child.name")}
    )
    Router(app).handle("demo-stranger", DEMO_STRANGER)
