"""Everything the product sends because of a step in the process: the decision to the
distribution list and the statutory bodies (4.6, 5.2, 8.1), the lead reviewer to the Panel,
a request for more information, the agenda pack (7.3) and reminders of due dates. Each
function is one transaction: the outbox rows commit with the change that causes them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Unpack

from sqlmodel import col, select

from .. import chatqueue, documents, links
from ..store import audit
from ..store.tables import (
    ActionItem,
    AgendaItem,
    Document,
    OutboundMessage,
    Precis,
    Recommendation,
)
from ..store.tables import Decision as DecisionRow
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.actions import Rag
from ..workflow.distribution import decision_gaps, decision_recipients, statutory_recipients
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.lifecycle import State
from ..workflow.performance import AT_RISK_WITHIN
from ..workflow.referral import Actor, Submission
from . import actionplans, review
from . import decision as decision_stage
from . import precis as precis_stage
from . import transition as transition_stage
from .context import App, work
from .decision import Decided
from .meetings import meeting_row
from .transition import transition


def _label(app: App, review_type: str) -> str:
    chosen = app.config.review_type(review_type)
    return chosen.label if chosen else review_type


def _store_document(
    uow: UnitOfWork,
    kind: str,
    filename: str,
    data: bytes,
    at: dt.datetime,
    referral_id: int | None = None,
    meeting_id: int | None = None,
) -> Document:
    document = Document(
        kind=kind,
        referral_id=referral_id,
        meeting_id=meeting_id,
        filename=filename,
        content_type=documents.DOCX,
        data=data,
        created_at=at,
    )
    uow.session.add(document)
    uow.session.flush()
    return document


def decide(
    app: App,
    reference: str,
    actor_id: str,
    **submission: Unpack[Submission],
) -> Decided:
    """The decision maker's submission from any front end (chat form, command line): the
    decision or sign-off recorded, and once the decision is made, its email and notices."""
    decided = decision_stage.record_submission(app, reference, actor_id, **submission)
    if decided.decision is not None:
        notify_decision(app, reference)
    return decided


def notify_decision(app: App, reference: str, *, uow: UnitOfWork | None = None) -> list[str]:
    """The decision email with the completed decision record to the distribution list, and
    the notices to the statutory bodies, then the move to notified; one transaction."""
    config, at = app.config, app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        decision = referral.decision
        if decision is None:
            raise WorkflowError(f"{row.reference}: no decision has been recorded")
        assert row.id is not None
        meeting = uow.session.exec(
            select(MeetingRow).where(MeetingRow.date == row.meeting_date)
        ).first()
        attended = list(meeting.attended_agencies) if meeting else []
        recipients = decision_recipients(config, attended, row.referring_agency)
        gaps = decision_gaps(config, attended, row.referring_agency)
        if gaps:
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"The decision on {row.reference} could not be emailed to "
                + "; ".join(gaps)
                + ". Please send it by hand (the decision record is attached to the email "
                "that went to the others), and add them to the board file.",
                referral_id=row.id,
            )
        statutory = statutory_recipients(config, decision.review_type)
        review_label = _label(app, decision.review_type)
        current = uow.session.exec(
            select(Recommendation).where(
                Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
            )
        ).all()
        agency_names = {a.id: a.name for a in config.agencies}
        record = documents.DecisionRecord(
            reference=row.reference,
            form=dict(row.form),
            decision=decision,
            review_label=review_label,
            meeting_date=row.meeting_date,
            recipients=recipients,
            statutory=statutory,
            recommendations=[
                (agency_names.get(r.agency_key, r.agency_key), _label(app, r.review_type), r.counts)
                for r in current
            ],
        )
        form = _store_document(
            uow,
            "decision_record",
            f"{row.reference} decision record.docx",
            documents.decision_record(config, record),
            at,
            referral_id=row.id,
        )
        context: dict[str, Any] = {
            "reference": row.reference,
            "decision": decision,
            "review_label": review_label,
        }
        app.queue_email(
            uow,
            "email/decision.txt.j2",
            kind="decision",
            recipients=[r.email for r in recipients],
            referral_id=row.id,
            attachments=[form],
            at=at,
            meeting_date=row.meeting_date,
            statutory=statutory,
            **context,
        )
        for body in statutory:
            app.queue_email(
                uow,
                "email/statutory_notice.txt.j2",
                kind=f"notice:{body.why}",
                recipients=[body.email],
                referral_id=row.id,
                at=at,
                body=body.why,
                scr=decision.kind == "statutory",
                **context,
            )
        sent_to = [r.email for r in recipients] + [r.email for r in statutory]
        transition(
            app, uow, row, referral, "record_notifications", Actor.system(), at, recipients=sent_to
        )
    return sent_to


def record_lead_reviewer(app: App, reference: str, actor_id: str, lead_reviewer: str) -> None:
    """The lead reviewer, once appointed, goes on the record and to the Panel (8.1)."""
    config, at = app.config, app.clock()
    roles = config.roles_of(actor_id)
    if not roles & {"decision_maker", "business_manager"}:
        raise NotPermitted(
            reference,
            "record_lead_reviewer",
            actor_id,
            ("decision_maker", "business_manager"),
            config.role_titles,
        )
    name = lead_reviewer.strip()
    if not name:
        raise WorkflowError("the lead reviewer's name is empty")
    with work(app) as uow:
        row = uow.referrals.row(reference)
        found = uow.session.exec(
            select(DecisionRow).where(DecisionRow.referral_id == row.id)
        ).first()
        if found is None or found.kind != "statutory":
            raise WorkflowError(
                f"{row.reference}: a lead reviewer follows a decision to "
                f"initiate a {config.terms.case_review}"
            )
        found.lead_reviewer = name
        uow.session.add(found)
        decision = uow.referrals.aggregate(row).decision
        app.queue_email(
            uow,
            "email/lead_reviewer.txt.j2",
            kind="notice:lead reviewer",
            recipients=[config.distribution.national_panel],
            referral_id=row.id,
            at=at,
            reference=row.reference,
            decision=decision,
            lead_reviewer=name,
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="record_lead_reviewer",
            reference=row.reference,
        )


def request_more_info(app: App, reference: str, actor_id: str, question: str) -> None:
    """The Chair's question goes to the referrer by email; the referral waits (4.1, 4.5)."""
    at = app.clock()
    if not question.strip():
        raise WorkflowError("the question for the referrer is empty")
    with work(app) as uow:
        row, referral = uow.referrals.get(reference)
        if not row.referrer_email:
            raise WorkflowError(f"{row.reference}: no referrer email to ask")
        transition(app, uow, row, referral, "request_more_info", app.actor(actor_id), at)
        app.queue_email(
            uow,
            "email/more_info_request.txt.j2",
            kind="more_info_request",
            recipients=[row.referrer_email],
            referral_id=row.id,
            at=at,
            reference=row.reference,
            question=question.strip(),
        )


def start_review(
    app: App,
    reference: str,
    actor_id: str,
    on: dt.date | None = None,
    *,
    uow: UnitOfWork | None = None,
) -> Document:
    """The review begins; the lead reviewer's Learning Summary is prepared (NW Appendix B)."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = review.review_step(app, uow, reference, "start_review", actor_id, on)
        assert referral.decision is not None and row.id is not None
        incident = str(row.form.get("incident.date") or "")
        summary = documents.learning_summary(
            app.config,
            row.reference,
            _label(app, referral.decision.review_type),
            referral.decision,
            incident,
        )
        return _store_document(
            uow,
            "learning_summary",
            f"{row.reference} learning summary.docx",
            summary,
            at,
            referral_id=row.id,
        )


# ---- the agenda pack (7.3) -------------------------------------------------------------


def _agenda_entries(
    app: App, uow: UnitOfWork, meeting: MeetingRow
) -> tuple[list[documents.AgendaEntry], list[str], list[ReferralRow]]:
    names = {a.id: a.name for a in app.config.agencies}
    entries, missing, referrals = [], [], []
    items = uow.session.exec(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(col(AgendaItem.id))
    ).all()
    for item in items:
        if item.referral_id is None:
            entries.append(documents.AgendaEntry(None, item.title or "item", ()))
            continue
        row = uow.session.get(ReferralRow, item.referral_id)
        if row is None or row.meeting_date != meeting.date:
            continue  # moved to another meeting
        referrals.append(row)
        precis = uow.session.exec(select(Precis).where(Precis.referral_id == row.id)).all()
        texts = []
        for p in precis:
            texts.append((names.get(p.agency_key, p.agency_key), p.text or "not received"))
            if p.received_at is None:
                missing.append(
                    f"{row.reference}: {names.get(p.agency_key, p.agency_key)} "
                    f"has not sent its {app.config.terms.precis}"
                )
        entries.append(documents.AgendaEntry(row.reference, f"Referral {row.reference}", texts))
    return entries, missing, referrals


def _pack(
    app: App, uow: UnitOfWork, meeting: MeetingRow, agency: str | None = None
) -> tuple[bytes, list[ReferralRow]]:
    """A meeting's agenda pack as the store has it now: the whole pack for members, or for an
    invited agency only the referrals it is involved in or made (6.2: it contributes to
    those; the other cases' précis are not its to see)."""
    entries, _, referrals = _agenda_entries(app, uow, meeting)
    if agency is not None:
        referrals = [
            r for r in referrals if agency in r.agencies_involved or r.referring_agency == agency
        ]
        theirs = {r.reference for r in referrals}
        entries = [e for e in entries if e.reference in theirs]
    start = app.deadlines.meeting(meeting.date).start
    actions = _action_rows(app, uow, meeting.date) if agency is None else []
    pack = documents.agenda_pack(app.config, meeting.date, start, entries, actions)
    return pack, referrals


def _action_rows(app: App, uow: UnitOfWork, day: dt.date) -> list[tuple[str, str, str, str, str]]:
    """The open actions as the members review them (7.4), at risk as of the meeting."""
    track = actionplans.tracker(app)
    rows = []
    for item in uow.session.exec(
        select(ActionItem)
        .where(ActionItem.rag != "complete")
        .order_by(col(ActionItem.plan), col(ActionItem.number))
    ):
        action = actionplans.as_action(item)
        agency = app.config.agency(action.agency)
        rows.append(
            (
                f"{action.key}: {action.text}",
                agency.name if agency else action.agency,
                f"{action.due:%d %b %Y}",
                (
                    action.rag.label
                    if action.rag is Rag.UNRATED
                    else f"{action.rag.value} ({action.rated_on:%d %b %Y})"
                )
                + (f": {item.note}" if item.note else ""),
                ", ".join(track.risks(action, day, AT_RISK_WITHIN)),
            )
        )
    return rows


def rebuild_agenda_packs(app: App, uow: UnitOfWork, meeting_id: int) -> int:
    """Render a meeting's stored agenda packs again from the store as it is now: after a case
    is anonymised its précis must not live on in the copy of the pack (retention)."""
    meeting = uow.session.get(MeetingRow, meeting_id)
    packs = uow.session.exec(
        select(Document).where(
            Document.meeting_id == meeting_id, col(Document.kind).startswith("agenda_pack")
        )
    ).all()
    if meeting is None:
        return 0
    for pack in packs:
        agency = pack.kind.partition(":")[2] or None  # agenda_pack:<agency> for the invited
        pack.data, _ = _pack(app, uow, meeting, agency)
        uow.session.add(pack)
    return len(packs)


def prepare_agenda(app: App, meeting_date: dt.date) -> bool:
    """Ask the Business Manager to confirm the pack; True if asked now."""
    config, at = app.config, app.clock()
    managers = config.people_with_role("business_manager")
    meeting_info = app.deadlines.meeting(meeting_date)
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, meeting_date)
        if meeting.agenda_status != "open":
            return False
        entries, missing, _ = _agenda_entries(app, uow, meeting)
        app.queue_email(
            uow,
            "email/agenda_confirm.txt.j2",
            kind="agenda_confirm",
            recipients=[m.email for m in managers],
            at=at,
            meeting=meeting_info,
            items=len(entries),
            open_actions=len(_action_rows(app, uow, meeting_date)),
            missing=missing,
            meeting_page=links.meeting(app.config, meeting_date),
        )
        meeting.agenda_status = "awaiting_confirmation"
        uow.session.add(meeting)
        audit.append(
            uow.session,
            at=at,
            actor="system",
            action="agenda_prepared",
            details={"meeting": meeting_date.isoformat(), "items": len(entries)},
        )
    return True


# Who receives the whole pack: members and those in attendance (6.1, 6.4).
MEMBER_ROLES = frozenset(
    {
        "chair",
        "deputy_chair",
        "business_manager",
        "member",
        "deputy",
        "legal",
        "minute_taker",
        "partner",
    }
)


def confirm_agenda(app: App, meeting_date: dt.date, actor_id: str) -> int:
    """The Business Manager confirms: the pack goes to members; returns how many were sent it."""
    config, at = app.config, app.clock()
    if "business_manager" not in config.roles_of(actor_id):
        raise NotPermitted(
            f"meeting {meeting_date}", "confirm_agenda", actor_id, ("business_manager",)
        )
    info = app.deadlines.meeting(meeting_date)
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, meeting_date)
        if meeting.agenda_status == "sent":
            raise WorkflowError(f"the agenda for {meeting_date:%d %b %Y} was sent already")
        if meeting.status == "cancelled":
            raise WorkflowError(f"the meeting of {meeting_date:%d %b %Y} is cancelled")
        assert meeting.id is not None
        members = _members(config)
        data, referrals = _pack(app, uow, meeting)
        packs: list[tuple[str | None, list[str], bytes]] = [(None, members, data)]
        invited = sorted(
            {a for r in referrals for a in r.agencies_involved}
            | {r.referring_agency for r in referrals if r.referring_agency}
        )
        for guest in invited:
            people = [p.email for p in config.people if p.agency == guest]
            people = [e for e in dict.fromkeys(people) if e not in members]
            if people:
                packs.append((guest, people, _pack(app, uow, meeting, guest)[0]))
        for agency, recipients, pack in packs:
            document = _store_document(
                uow,
                f"agenda_pack:{agency}" if agency else "agenda_pack",
                f"Agenda {meeting_date.isoformat()}.docx",
                pack,
                at,
                meeting_id=meeting.id,
            )
            app.queue_email(
                uow,
                "email/agenda_pack.txt.j2",
                kind="agenda_pack",
                recipients=recipients,
                attachments=[document],
                at=at,
                meeting=info,
                invited=agency is not None,
            )
        sent_to = sum(len(recipients) for _, recipients, _ in packs)
        meeting.agenda_status, meeting.agenda_sent_at = "sent", at
        uow.session.add(meeting)
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="agenda_sent",
            details={
                "meeting": meeting_date.isoformat(),
                "recipients": sent_to,
                "invited_agencies": [a for a, _, _ in packs if a],
            },
        )
    return sent_to


def record_minutes_sent(
    app: App, meeting_date: dt.date, actor_id: str, on: dt.date | None = None
) -> dt.date:
    """The Business Manager records that a meeting's minutes went out (7.6): the minutes
    stop being due and any reminder still queued is withdrawn."""
    config, at, today = app.config, app.clock(), app.today()
    config.business_manager(actor_id, "record the minutes")
    on = on or today
    if on > today or on < meeting_date:
        raise WorkflowError(
            f"the minutes of {meeting_date:%d %b %Y} cannot have gone out on {on:%d %b %Y}: "
            "give a day between the meeting and today"
        )
    with work(app) as uow:
        meeting = uow.session.exec(
            select(MeetingRow).where(MeetingRow.date == meeting_date)
        ).first()
        if meeting is None or meeting.status != "held":
            raise WorkflowError(f"no meeting held on {meeting_date:%d %b %Y} is on record")
        if meeting.minutes_sent_at is not None:
            raise WorkflowError(
                f"the minutes of {meeting_date:%d %b %Y} were recorded as sent on "
                f"{app.local_date(meeting.minutes_sent_at):%d %b %Y} already"
            )
        meeting.minutes_sent_at = at if on == today else dt.datetime.combine(on, at.timetz())
        uow.session.add(meeting)
        transition_stage.withdraw_reminders(
            uow, None, f"reminder:minutes:{meeting_date.isoformat()}", at, why="minutes_sent"
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="minutes_sent",
            details={"meeting": meeting_date.isoformat(), "on": on.isoformat()},
        )
    return on


def minutes_outstanding(app: App) -> list[Any]:
    """Meetings held whose minutes are not recorded as sent, with their due dates (the
    schedule's Meeting, so that `status` can say when and whether overdue)."""
    with app.uow() as uow:
        held = uow.session.exec(
            select(col(MeetingRow.date)).where(
                MeetingRow.status == "held", col(MeetingRow.minutes_sent_at).is_(None)
            )
        ).all()
    return [app.deadlines.meeting(day) for day in sorted(held)]


def meetings_unrecorded(app: App) -> list[dt.date]:
    """Planned meetings of the last MINUTES_LOOKBACK that are not on record as held: until
    they are, their minutes are never due and the year's measures count them as not held.
    A meeting that discussed a referral is on record already."""
    today = app.today()
    planned = app.deadlines.schedule.between(today - MINUTES_LOOKBACK, today - dt.timedelta(1))
    if not planned:
        return []
    with app.uow() as uow:
        held = set(
            uow.session.exec(
                select(col(MeetingRow.date)).where(
                    MeetingRow.status == "held",
                    col(MeetingRow.date) >= planned[0].date,
                )
            ).all()
        )
    return [m.date for m in planned if m.date not in held]


def _members(config: Any) -> list[str]:
    return list(dict.fromkeys(p.email for p in config.people if MEMBER_ROLES & set(p.roles)))


def _may_cancel(app: App, actor_id: str) -> None:
    """The Chair's decision (7.6: cancelled where no business is anticipated); the Business
    Manager may record it for them."""
    roles = app.actor(actor_id).roles
    if not roles & {"decision_maker", "business_manager"}:
        raise WorkflowError(
            f"only the {app.config.terms.decision_maker} (or the Business Manager for them) "
            "may cancel or reinstate a meeting."
        )


def cancel_meeting(
    app: App, day: dt.date, actor_id: str, reason: str | None = None
) -> dt.date | None:
    """A planned meeting with no business is cancelled (7.6); members are told, with the next
    meeting. A meeting with business is refused, naming it: move that first. One already
    past that did not take place is recorded as cancelled too, without telling anyone, so
    that it is not counted as a meeting missed. Returns the next meeting's date."""
    config, at, today = app.config, app.clock(), app.today()
    _may_cancel(app, actor_id)
    if app.deadlines.schedule.find(day) is None:
        raise WorkflowError(
            f"no {config.terms.group} meeting is planned on {day:%a %d %b %Y}: see "
            "`panelclerk meetings`"
        )
    with work(app) as uow:
        meeting = meeting_row(uow, app.board_id, day)
        on_it = uow.session.exec(
            select(ReferralRow.reference).where(
                ReferralRow.meeting_date == day,
                col(ReferralRow.state).in_([State.ON_AGENDA.value, State.PRECIS_REQUESTED.value]),
            )
        ).all()
        items = uow.session.exec(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == meeting.id, col(AgendaItem.referral_id).is_(None)
            )
        ).all()
        if meeting.status == "held":
            raise WorkflowError(f"the meeting of {day:%d %b %Y} is on record as held")
        if on_it or items or meeting.agenda_status == "sent":
            business = [*sorted(on_it), *([f"{len(items)} other agenda item(s)"] if items else [])]
            listed = ", ".join(business) or "its agenda was sent"
            raise WorkflowError(
                f"the meeting of {day:%d %b %Y} has business: {listed}; move each to another "
                "meeting first, on its page"
            )
        meeting.status, meeting.agenda_status = "cancelled", "open"
        uow.session.add(meeting)
        transition_stage.withdraw_reminders(uow, None, f"reminder:minutes:{day.isoformat()}", at,
                                    why="meeting cancelled")  # fmt: skip
        later = [m for m in app.deadlines.schedule.year_ahead(today) if m.date > max(day, today)]
        if day > today:
            app.queue_email(
                uow,
                "email/meeting_cancelled.txt.j2",
                kind=f"meeting_cancelled:{day.isoformat()}",
                recipients=_members(config),
                at=at,
                meeting_date=day,
                reason=(reason or "").strip()[:300],
                next_meeting=later[0] if later else None,
                cancelled=True,
            )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="cancel_meeting",
            details={"meeting": day.isoformat()},
        )
    app.refresh_meetings()
    return later[0].date if later else None


def reinstate_meeting(app: App, day: dt.date, actor_id: str) -> None:
    """A cancellation undone, while the meeting is still ahead; members are told."""
    at = app.clock()
    _may_cancel(app, actor_id)
    if day <= app.today():
        raise WorkflowError(f"the meeting of {day:%d %b %Y} is not in the future")
    with work(app) as uow:
        meeting = uow.session.exec(select(MeetingRow).where(MeetingRow.date == day)).first()
        if meeting is None or meeting.status != "cancelled":
            raise WorkflowError(
                f"the meeting of {day:%d %b %Y} was not cancelled here (a cancellation in "
                "the board config is undone there)"
            )
        meeting.status = "planned"
        uow.session.add(meeting)
        app.queue_email(
            uow,
            "email/meeting_cancelled.txt.j2",
            kind=f"meeting_reinstated:{day.isoformat()}",
            recipients=_members(app.config),
            at=at,
            meeting_date=day,
            reason="",
            next_meeting=None,
            cancelled=False,
        )
        audit.append(
            uow.session,
            at=at,
            actor=actor_id,
            action="reinstate_meeting",
            details={"meeting": day.isoformat()},
        )
    app.refresh_meetings()


# ---- scheduled jobs ------------------------------------------------------------------------


def scheduled_jobs(app: App) -> None:
    """Every job that runs on a date rather than on an event: each pass of the monitor and
    of `serve` runs them all; each sends what it sends once."""
    app.refresh_meetings()
    precis_stage.send_precis_reminders(app)
    agenda_jobs(app)
    decision_reminders(app)
    minutes_reminders(app)
    actionplans.update_requests(app)


MINUTES_LOOKBACK = dt.timedelta(days=30)


def minutes_reminders(app: App) -> list[dt.date]:
    """Two working days before a held meeting's minutes are due, remind the Business
    Manager by email and chat, once; the reminder says "overdue" if that day has passed.
    Minutes due more than MINUTES_LOOKBACK ago get no reminder (a board upgrading from
    before minutes were tracked would get one for every past meeting); `status` still
    lists them until they are recorded."""
    config, today, at = app.config, app.today(), app.clock()
    managers = config.people_with_role("business_manager")
    reminded = []
    for meeting in minutes_outstanding(app):
        if today < app.deadlines.calendar.add_working_days(meeting.minutes_due, -2):
            continue
        if meeting.minutes_due < today - MINUTES_LOOKBACK:
            continue
        kind = f"reminder:minutes:{meeting.date.isoformat()}"
        with work(app) as uow:
            if uow.session.exec(
                select(OutboundMessage.id).where(OutboundMessage.kind == kind)
            ).first():
                continue
            overdue = meeting.minutes_due < today
            app.queue_email(
                uow,
                "email/minutes_reminder.txt.j2",
                kind=kind,
                recipients=[m.email for m in managers],
                at=at,
                meeting=meeting,
                overdue=overdue,
                meeting_page=links.meeting(config, meeting.date),
            )
            chatqueue.tell_business_manager(
                uow.session,
                config,
                at,
                f"The minutes of the {config.terms.group} of {meeting.date:%d %b %Y} "
                f"{'were' if overdue else 'are'} due by {meeting.minutes_due:%d %b %Y}; once "
                f"they are out, record it on {links.meeting(config, meeting.date)}",
            )
            reminded.append(meeting.date)
    return reminded


def agenda_jobs(app: App) -> list[dt.date]:
    """On the working day before papers are due out, ask the Business Manager to confirm."""
    today, asked = app.today(), []
    cal = app.deadlines.calendar
    horizon = today + dt.timedelta(days=21)
    meetings = {m.date: m for m in app.deadlines.schedule.between(today, horizon)}
    with app.uow() as uow:  # and meetings convened for a case (a rapid review's review group)
        for row in uow.session.exec(
            select(MeetingRow).where(
                col(MeetingRow.date) >= today,
                col(MeetingRow.date) <= horizon,
                MeetingRow.status != "cancelled",
            )
        ):
            meetings.setdefault(row.date, app.deadlines.meeting(row.date))
    for meeting in sorted(meetings.values(), key=lambda m: m.date):
        if today >= cal.add_working_days(meeting.agenda_dispatch, -1) and prepare_agenda(
            app, meeting.date
        ):
            asked.append(meeting.date)
    return asked


def decision_reminders(app: App) -> list[str]:
    """Remind the decision maker when the deferral ends (4.5) and as the limit nears."""
    config, today, at = app.config, app.today(), app.clock()
    deciders = config.deciders
    sent = []
    with work(app) as uow:
        rows = uow.session.exec(
            select(ReferralRow).where(
                col(ReferralRow.state).in_([State.DISCUSSED.value, State.DECISION_PENDING.value])
            )
        ).all()
        for row in rows:
            referral = uow.referrals.aggregate(row)
            for due in app.deadlines.for_referral(referral, today, row.notified_on):
                if not due.what.startswith("decision") or due.date > today + dt.timedelta(3):
                    continue
                kind = f"reminder:{due.what}:{due.date.isoformat()}"
                already = uow.session.exec(
                    select(OutboundMessage.id).where(
                        OutboundMessage.kind == kind, OutboundMessage.referral_id == row.id
                    )
                ).first()
                if already is not None:
                    continue
                app.queue_email(
                    uow,
                    "email/due_reminder.txt.j2",
                    kind=kind,
                    recipients=[d.email for d in deciders],
                    referral_id=row.id,
                    at=at,
                    reference=row.reference,
                    what=due.what,
                    due=due.date,
                    rule=due.rule,
                    overdue=due.date < today,
                )
                for decider in deciders:
                    chatqueue.queue(
                        uow.session,
                        config,
                        "reminder",
                        at,
                        referral_id=row.id,
                        target=decider.id,
                        text=f"Overdue: for {row.reference} the {due.what} was due on "
                        f"{due.date:%d %B %Y} ({due.rule})."
                        if due.date < today
                        else f"Reminder: for {row.reference} the {due.what} is due on "
                        f"{due.date:%d %B %Y} ({due.rule}).",
                    )
                sent.append(row.reference)
    return sent
