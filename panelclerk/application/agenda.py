"""A meeting's agenda pack (7.3): its entries, prepared, confirmed by the Business Manager
and sent to members and invited agencies, each with what they may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from .. import documents, links
from ..store import audit
from ..store.tables import (
    ActionItem,
    AgendaItem,
    Document,
    Precis,
)
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.actions import Rag
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.meetings import in_words
from ..workflow.performance import AT_RISK_WITHIN
from . import actionplans
from .context import App, work
from .decision_notice import store_document
from .meetings import is_meeting, meeting_row


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
        if not is_meeting(app, uow, meeting_date):
            raise WorkflowError(
                f"No {config.terms.group} meeting is scheduled or convened on "
                f"{in_words(meeting_date, weekday=True)}."
            )
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


def member_addresses(config: Any) -> list[str]:
    """The members' addresses (not invited agencies): whom the agenda pack and a
    cancellation go to."""
    return list(dict.fromkeys(p.email for p in config.people if MEMBER_ROLES & set(p.roles)))


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
        said = in_words(meeting_date)
        if meeting.agenda_status == "sent":
            raise WorkflowError(f"The agenda pack for the meeting of {said} was sent already.")
        if meeting.status == "cancelled":
            raise WorkflowError(f"The meeting of {said} is cancelled: it has no agenda pack.")
        if meeting.status == "held":
            raise WorkflowError(
                f"The meeting of {said} is on record as held: its agenda pack is no longer sent."
            )
        assert meeting.id is not None
        members = member_addresses(config)
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
            document = store_document(
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
