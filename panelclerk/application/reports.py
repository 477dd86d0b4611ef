"""The sub-group's effectiveness measures (Cambridgeshire 7.6) over a period, read from the
store: meetings and their attendance, decisions, the audit log's review moves, the statutory
notices and the précis still awaited. Reference codes and dates only: no names."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func
from sqlmodel import col, select

from ..store.tables import ActionItem, AuditEntry, OutboundMessage, Precis
from ..store.tables import Decision as DecisionRow
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Referral as ReferralRow
from ..workflow.lifecycle import State
from ..workflow.performance import (
    CaseRecord,
    Effectiveness,
    MeetingRecord,
    NoticeRecord,
    PrecisRecord,
    Report,
)
from . import actionplans
from .context import App

# Reviews are begun and completed by these moves; the audit log keeps when.
_REVIEW_MOVES = {"start_review": "review_started", "complete_review": "review_completed"}
_AWAITING_PRECIS = (State.ON_AGENDA.value, State.PRECIS_REQUESTED.value)


def _day(app: App, at: dt.datetime | None) -> dt.date | None:
    return app.local_date(at) if at is not None else None


# States a referral reaches only once its form was complete enough to screen.
_UNSCREENED = (State.RECEIVED.value, State.INCOMPLETE.value, State.DECLINED.value)


def _is_referral(row: ReferralRow, screened: set[str]) -> bool:
    """A referral received, rather than a message opened as one because its subject said
    "referral" (a question about the process, a thank-you): it was screened at some point,
    or its form names the child or the incident."""
    if row.state not in _UNSCREENED or row.reference in screened:
        return True
    return any(
        key.startswith(("child.", "incident.")) and value not in (None, "", [], {})
        for key, value in row.form.items()
    )


def effectiveness(app: App, start: dt.date, end: dt.date) -> Report:
    deadlines = app.deadlines
    with app.uow() as uow:
        session = uow.session
        meetings = [
            MeetingRecord(
                date=m.date,
                held=m.status == "held",
                attended=frozenset(m.attended_agencies),
                agenda_sent=_day(app, m.agenda_sent_at),
                minutes_sent=_day(app, m.minutes_sent_at),
            )
            for m in session.exec(select(MeetingRow))
        ]
        decisions = {d.referral_id: d for d in session.exec(select(DecisionRow))}
        reviews: dict[str, dict[str, dt.date]] = {}
        moves = session.exec(
            select(AuditEntry).where(col(AuditEntry.action).in_(list(_REVIEW_MOVES)))
        )
        for entry in moves:
            if entry.reference is None:
                continue
            on = entry.details.get("on")  # the day it happened, when recorded later
            day = dt.date.fromisoformat(on) if on else app.local_date(entry.at)
            reviews.setdefault(entry.reference, {})[_REVIEW_MOVES[entry.action]] = day
        screened = {
            r
            for r in session.exec(
                select(AuditEntry.reference).where(AuditEntry.target_state == "awaiting_screening")
            )
            if r is not None
        }
        cases: list[CaseRecord] = []
        by_id: dict[int, ReferralRow] = {}
        for row in session.exec(select(ReferralRow)):
            assert row.id is not None
            by_id[row.id] = row
            decision = decisions.get(row.id)
            cases.append(
                CaseRecord(
                    reference=row.reference,
                    received_on=row.received_on,
                    notified_on=row.notified_on,
                    declined=row.state == State.DECLINED.value,
                    decided_on=decision.decided_on if decision else None,
                    review_type=decision.review_type if decision else None,
                    **reviews.get(row.reference, {}),
                    referral=_is_referral(row, screened),
                )
            )
        notices = []
        sent = session.exec(
            select(OutboundMessage).where(
                col(OutboundMessage.kind).startswith("notice:"),
                OutboundMessage.kind != "notice:lead reviewer",
                OutboundMessage.status != "withdrawn",
            )
        )
        for m in sent:
            if m.referral_id is None or m.referral_id not in decisions:
                continue
            notices.append(
                NoticeRecord(
                    reference=by_id[m.referral_id].reference,
                    to=m.kind.removeprefix("notice:"),
                    decided_on=decisions[m.referral_id].decided_on,
                    sent=_day(app, m.sent_at) if m.status == "sent" else None,
                )
            )
        precis = []
        for p in session.exec(select(Precis).where(col(Precis.received_at).is_(None))):
            case = by_id.get(p.referral_id)
            if case is None or case.state not in _AWAITING_PRECIS:
                continue
            due = deadlines.precis_due(case.received_on, case.notified_on, case.meeting_date)
            if due is not None:
                precis.append(PrecisRecord(case.reference, p.agency_key, due, None))
        actions = [actionplans.as_action(a) for a in session.exec(select(ActionItem))]
        first = session.exec(select(func.min(AuditEntry.at))).one()
    # Go-live: the first day on record, and never before the mailbox's start_from (mail and
    # meetings before it happened outside the product, which cannot say how they went).
    records_from = app.local_date(first) if first else app.today()
    live = app.config.mailbox.start_from
    if live is not None:
        records_from = max(records_from, live)
    return Effectiveness(app.config, deadlines).report(
        start,
        end,
        app.today(),
        meetings,
        cases,
        notices,
        precis,
        actions,
        records_from=records_from,
    )
