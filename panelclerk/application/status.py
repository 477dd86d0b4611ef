"""What is waiting and for whom: the pipeline of open referrals with what is due next, and
what needs the Business Manager's attention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import col, select

from ..store.tables import Decision as DecisionRow
from ..store.tables import OutboundMessage, Precis
from ..store.tables import Referral as ReferralRow
from ..workflow.deadlines import Due
from ..workflow.forms import says_yes
from ..workflow.lifecycle import State
from ..workflow.referral import Referral
from .context import App


@dataclass(frozen=True)
class Notice:
    """A statutory notice (DfE, Panel, Ofsted): when it is due and whether it went."""

    body: str
    status: str  # queued, sent, failed
    due: dt.date
    sent_at: dt.datetime | None

    def overdue(self, today: dt.date) -> bool:
        return self.status != "sent" and self.due < today


@dataclass(frozen=True)
class PipelineRow:
    reference: str
    state: State
    referring_agency: str | None
    received_on: dt.date
    meeting_date: dt.date | None
    missing: tuple[str, ...]
    precis_waiting: tuple[str, ...]
    next_due: Due | None
    closed: bool
    notices: tuple[Notice, ...] = ()
    review_day: tuple[int, int] | None = None  # (working day reached, of how many)

    def overdue(self, today: dt.date) -> bool:
        return self.next_due is not None and self.next_due.overdue(today)


def pipeline(app: App, *, include_closed: bool = False) -> list[PipelineRow]:
    today = app.today()
    out: list[PipelineRow] = []
    with app.uow() as uow:
        rows = list(uow.session.exec(select(ReferralRow).order_by(col(ReferralRow.reference))))
        notices: dict[int, list[Notice]] = {}
        limit = app.config.time_limits.panel_notification_after_decision
        decided = {d.referral_id: d.decided_on for d in uow.session.exec(select(DecisionRow))}
        sent = uow.session.exec(
            select(OutboundMessage).where(col(OutboundMessage.kind).startswith("notice:"))
        )
        for message in sent:
            if message.referral_id is None or message.referral_id not in decided:
                continue
            on = decided[message.referral_id]
            due = app.deadlines.calendar.after(on, limit) if limit else on
            notices.setdefault(message.referral_id, []).append(
                Notice(message.kind.removeprefix("notice:"), message.status, due, message.sent_at)
            )
        waiting: dict[int, list[str]] = {}
        for p in uow.session.exec(select(Precis).where(col(Precis.received_at).is_(None))):
            waiting.setdefault(p.referral_id, []).append(p.agency_key)
        for row in rows:
            referral = uow.referrals.aggregate(row)
            if referral.closed and not include_closed:
                continue
            assert row.id is not None
            out.append(
                PipelineRow(
                    reference=row.reference,
                    state=referral.state,
                    referring_agency=row.referring_agency,
                    received_on=row.received_on,
                    meeting_date=row.meeting_date,
                    missing=tuple(row.missing),
                    precis_waiting=tuple(sorted(waiting.get(row.id, []))),
                    next_due=app.deadlines.next_due(
                        referral,
                        today,
                        row.notified_on,
                        says_yes(row.form.get("notification.panel_notified")) is True,
                    ),
                    review_day=_review_day(app, referral, row.notified_on, today),
                    closed=referral.closed,
                    notices=tuple(notices.get(row.id, [])),
                )
            )
    return out


@dataclass(frozen=True)
class Attention:
    """What waits for the Business Manager beyond the referrals themselves."""

    quarantined: int
    held: int
    outbox_queued: int
    outbox_failed: int
    chat_failed: int = 0


def attention(app: App) -> Attention:
    from sqlalchemy import func

    from ..store.tables import ChatMessage, InboundMessage, OutboundMessage

    with app.uow() as uow:
        inbound = dict(
            uow.session.exec(
                select(InboundMessage.outcome, func.count())
                .where(col(InboundMessage.released_at).is_(None))
                .group_by(InboundMessage.outcome)
            ).all()
        )
        outbound = dict(
            uow.session.exec(
                select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
            ).all()
        )
        chat_failed = uow.session.exec(
            select(func.count()).select_from(ChatMessage).where(ChatMessage.status == "failed")
        ).one()
    return Attention(
        inbound.get("quarantined", 0),
        inbound.get("held", 0),
        outbound.get("queued", 0),
        outbound.get("failed", 0),
        chat_failed,
    )


def _review_day(
    app: App, referral: Referral, notified_on: dt.date | None, today: dt.date
) -> tuple[int, int] | None:
    from ..workflow.deadlines import PRE_DECISION

    if not app.deadlines.incident_clock or referral.state not in PRE_DECISION:
        return None
    plan = app.deadlines.plan(notified_on or referral.received_on)
    return plan.day(today, app.deadlines.calendar), plan.length
