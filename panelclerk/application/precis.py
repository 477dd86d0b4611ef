"""Précis (Cambridgeshire 4.2): each agency involved is asked for a brief account of its
involvement, reminded before the meeting, and its précis recorded when it comes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import col, select

from .. import chatqueue, links
from ..store import audit
from ..store.tables import AuditEntry, Precis
from ..store.tables import Referral as ReferralRow
from ..store.uow import UnitOfWork
from ..workflow.distribution import agency_contacts
from ..workflow.errors import WorkflowError
from ..workflow.lifecycle import State
from .context import App, work
from .transition import transition, withdraw_reminders


def request_precis(
    app: App, reference: str, actor_id: str = "system", *, uow: UnitOfWork | None = None
) -> list[str]:
    """Each involved agency is asked for a brief précis (4.2); returns the agencies asked."""
    at = app.clock()
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        agencies = sorted(
            {*row.agencies_involved, *([row.referring_agency] if row.referring_agency else [])}
        )
        transition(
            app, uow, row, referral, "request_precis", app.actor(actor_id), at, agencies=agencies
        )
        assert row.id is not None
        meeting = app.deadlines.meeting(referral.meeting_date or app.today())
        for agency in agencies:
            uow.session.add(Precis(referral_id=row.id, agency_key=agency, requested_at=at))
            queue_precis_email(app, uow, row, agency, meeting, at, reminder=False)
    return agencies


def queue_precis_email(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    agency_id: str,
    meeting: Any,
    at: dt.datetime,
    *,
    reminder: bool,
    moved_from: dt.date | None = None,
) -> bool:
    config = app.config
    recipients = agency_contacts(config, agency_id)
    agency = config.agency(agency_id)
    if not recipients or agency is None:
        _no_contact(app, uow, row, agency_id, at)
        return False
    app.queue_email(
        uow,
        "email/precis_request.txt.j2",
        kind="precis_reminder" if reminder else "precis_request",
        recipients=recipients,
        referral_id=row.id,
        at=at,
        reference=row.reference,
        agency_name=agency.name,
        meeting=meeting,
        reminder=reminder,
        moved_from=moved_from,
    )
    return True


def _no_contact(
    app: App, uow: UnitOfWork, row: ReferralRow, agency_id: str, at: dt.datetime
) -> None:
    """An involved agency with nobody configured to ask: the Business Manager is told at
    once in chat, with the referral's page, once for each referral and agency; audited."""
    told = uow.session.exec(
        select(AuditEntry.details).where(
            AuditEntry.reference == row.reference, AuditEntry.action == "precis_no_contact"
        )
    ).all()
    if any(d.get("agency") == agency_id for d in told):
        return
    audit.append(
        uow.session,
        at=at,
        actor="system",
        action="precis_no_contact",
        reference=row.reference,
        details={"agency": agency_id},
    )
    config = app.config
    agency = config.agency(agency_id)
    name = agency.name if agency is not None else agency_id
    chatqueue.tell_business_manager(
        uow.session,
        config,
        at,
        f"{row.reference}: {name} is involved, but the board file names nobody there to ask "
        f"for its {config.terms.precis}, so nobody has been asked. Add a person with that "
        f"agency to the board file, or ask them yourself; "
        f"{links.referral(config, row.reference)}.",
        referral_id=row.id,
    )


def send_precis_reminders(app: App) -> list[tuple[str, str]]:
    """Remind agencies whose précis is outstanding once the reminder date has come."""
    today, at, sent = app.today(), app.clock(), []
    with work(app) as uow:
        waiting = uow.session.exec(
            select(Precis, ReferralRow).where(
                Precis.referral_id == ReferralRow.id,
                col(Precis.received_at).is_(None),
                col(Precis.reminded_at).is_(None),
            )
        ).all()
        for precis, row in waiting:
            if row.meeting_date is None or State(row.state) != State.PRECIS_REQUESTED:
                continue
            meeting = app.deadlines.meeting(row.meeting_date)
            if today < meeting.precis_reminder:
                continue
            if queue_precis_email(app, uow, row, precis.agency_key, meeting, at, reminder=True):
                precis.reminded_at = at
                uow.session.add(precis)
                audit.append(
                    uow.session,
                    at=at,
                    actor="system",
                    action="precis_reminder",
                    reference=row.reference,
                    details={"agency": precis.agency_key},
                )
                sent.append((row.reference, precis.agency_key))
    return sent


def record_precis(
    app: App,
    reference: str,
    agency: str,
    text: str,
    *,
    author_email: str,
    original: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    at = app.clock()
    with work(app, uow) as uow:
        row = uow.referrals.row(reference)
        found = uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency)
        ).first()
        if found is None:
            raise WorkflowError(
                f"{row.reference}: no {app.config.terms.precis} was asked of {agency!r}"
            )
        replaced = found.received_at is not None
        found.text, found.original = text, original or text
        found.received_at, found.author_email = at, author_email
        uow.session.add(found)
        audit.append(
            uow.session,
            at=at,
            actor=author_email,
            action="record_precis",
            reference=row.reference,
            details={"agency": agency, "replaced": replaced},
        )
        chatqueue.queue(uow.session, app.config, "thread_update", at, referral_id=row.id)
        withdraw_reminders(
            uow,
            row,
            "precis_reminder",
            at,
            why="record_precis",
            recipients=agency_contacts(app.config, agency),
        )
