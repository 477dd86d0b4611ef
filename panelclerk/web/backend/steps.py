"""The Business Manager's steps on a referral once it is on its way (the National Panel
notified, the lead reviewer, the review begun and completed, an agency asked again for its
précis) and a referral's documents downloaded: each the application call the command line
makes (`notified`, `lead-reviewer`, `move start_review/complete_review --on`), as the
signed-in person.

`ask_precis_again` composes `precis.queue_precis_email` with its audit entry here: the
application has no "ask again" of its own yet; it belongs in `application/precis.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import select

from ...application import context, notifications, reviewing, screening
from ...application import precis as precis_stage
from ...store import audit
from ...store.tables import Document, Precis
from ...workflow.distribution import agency_contacts
from ...workflow.errors import WorkflowError
from .common import VIEW_REFERRAL, App, agency_name

PRECIS_ASKED_AGAIN = "precis_asked_again"


def record_panel_notification(app: App, reference: str, person_id: str, on: dt.date) -> None:
    """The local authority has notified the National Panel (CLI `notified --on`)."""
    notifications.record_panel_notification(app, reference, person_id, on)


def record_lead_reviewer(app: App, reference: str, person_id: str, name: str) -> None:
    """The lead reviewer (name and agency), on the record and told to the Panel (CLI
    `lead-reviewer`)."""
    reviewing.record_lead_reviewer(app, reference, person_id, name)


def review_started(app: App, reference: str, person_id: str, on: dt.date | None) -> None:
    """The review has begun (its learning summary is made): CLI `move start_review --on`."""
    screening.move(app, reference, "start_review", person_id, on=on)


def review_completed(app: App, reference: str, person_id: str, on: dt.date | None) -> None:
    screening.move(app, reference, "complete_review", person_id, on=on)


def ask_precis_again(app: App, reference: str, person_id: str, agency: str) -> str:
    """One agency whose précis is still awaited is asked for it again by email (as the
    reminder says it), audited with the person; returns the agency's name."""
    config, at = app.config, app.clock()
    config.business_manager(person_id, f"ask an agency for its {config.terms.precis} again")
    name = agency_name(config, agency)
    with context.work(app) as uow:
        row = uow.referrals.row(reference)
        found = uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, Precis.agency_key == agency)
        ).first()
        if found is None or found.received_at is not None:
            raise WorkflowError(f"{row.reference}: no {config.terms.precis} is awaited from {name}")
        if not agency_contacts(config, agency):
            raise WorkflowError(
                f"the board file names nobody at {name} to ask: add a person with that "
                "agency to the board file, or ask them yourself"
            )
        meeting = app.deadlines.meeting(row.meeting_date or app.today())
        precis_stage.queue_precis_email(app, uow, row, agency, meeting, at, reminder=True)
        found.reminded_at = at  # the scheduled reminder would only say it again
        uow.session.add(found)
        audit.append(
            uow.session,
            at=at,
            actor=person_id,
            action=PRECIS_ASKED_AGAIN,
            reference=row.reference,
            details={"agency": agency},
        )
    return name


class UnknownDocument(WorkflowError):
    """No such document of that referral."""


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    data: bytes


def document(app: App, reference: str, number: int, person_id: str) -> Download:
    """One of the referral's documents, its reading audited with the person (a view of the
    referral, naming the document) in the same transaction."""
    with context.work(app) as uow:
        row = uow.referrals.row(reference, lock=False)
        found = uow.session.get(Document, number)
        if found is None or found.referral_id != row.id:
            raise UnknownDocument(f"{row.reference} has no document {number}")
        audit.append(
            uow.session,
            at=app.clock(),
            actor=person_id,
            action=VIEW_REFERRAL,
            reference=row.reference,
            details={"via": "console", "document": number, "kind": found.kind},
        )
        return Download(found.filename, found.content_type, bytes(found.data))
