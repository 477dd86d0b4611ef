"""What is waiting and for whom: the pipeline of open referrals with what is due next, and
what needs the Business Manager's attention.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import bindparam
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session, col, select

from ..store.referrals import aggregate
from ..store.tables import Decision as DecisionRow
from ..store.tables import OutboundMessage, Precis
from ..store.tables import Referral as ReferralRow
from ..workflow.deadlines import Due
from ..workflow.distribution import panel_report_filename
from ..workflow.forms import says_yes
from ..workflow.lifecycle import CLOSED, State
from ..workflow.referral import Referral
from .context import App

PANEL_NOTIFIED = "notification.panel_notified"  # the form's field the pipeline reads
# A referral's columns the pipeline never shows (SQLModel's class attributes are typed as
# their values; these are the mapped columns).
LEFT_OUT = [
    defer(cast(QueryableAttribute[Any], c))
    for c in (ReferralRow.form, ReferralRow.agencies_involved)
]


@dataclass(frozen=True)
class Notice:
    """A statutory notice (DfE, Panel, Ofsted): when it is due and whether it went. The
    notice that carries the National Panel's report (Working Together 2023: the rapid
    review report) is due when the rapid review is, and is named for what it carries."""

    body: str
    status: str  # queued, sent, failed
    due: dt.date
    sent_at: dt.datetime | None
    carries: str | None = None  # "rapid review report"

    def overdue(self, today: dt.date) -> bool:
        return self.status != "sent" and self.due < today

    @property
    def what(self) -> str:
        return f"{self.carries} to the {self.body}" if self.carries else f"{self.body} notice"

    def line(self) -> str:
        """As a referral's page and `status` say it: "rapid review report to the Child
        Safeguarding Practice Review Panel: due 01 Dec 2026, sent 30 Nov 2026"."""
        if self.status == "sent" and self.sent_at is not None:
            went = f"sent {App.local_date(self.sent_at):%d %b %Y}"
        else:
            went = "not sent yet" if self.status in ("queued", "sending") else self.status
        return f"{self.what}: due {self.due:%d %b %Y}, {went}"


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
    notified_on: dt.date | None = None  # when the board heard of the incident (2023)

    def overdue(self, today: dt.date) -> bool:
        return self.next_due is not None and self.next_due.overdue(today)


def _every_and_of_ids(query: Any, column: Any) -> tuple[Any, Any]:
    """A read of every referral's, and of the referrals whose ids are given: each built
    once (SQLAlchemy keys its compiled SQL by a statement's shape, worked out anew for every
    statement built), the ids bound when it runs."""
    return query, query.where(col(column).in_(bindparam("ids", expanding=True)))


_DECISIONS = _every_and_of_ids(select(DecisionRow), DecisionRow.referral_id)
_NOTICES = _every_and_of_ids(
    select(OutboundMessage).where(col(OutboundMessage.kind).startswith("notice:")),
    OutboundMessage.referral_id,
)
_AWAITED = _every_and_of_ids(
    select(Precis.referral_id, Precis.agency_key).where(col(Precis.received_at).is_(None)),
    Precis.referral_id,
)


def pipeline(app: App, *, include_closed: bool = False) -> list[PipelineRow]:
    """Each open referral (every one with `include_closed`) with what is due next. A few
    queries whatever the number of referrals: the closed ones (most, after a few years) are
    left in the database unless asked for, and the decisions, notices and précis awaited
    are read once for all the rows shown, not once a referral."""
    # The form (the largest column, decoded on every read) is left in the database: the
    # pipeline wants one answer from it, read by the database's own JSON path.
    answer = col(ReferralRow.form)[PANEL_NOTIFIED].as_string()
    with app.reading() as uow:
        query = select(ReferralRow, answer).options(*LEFT_OUT).order_by(col(ReferralRow.reference))
        if not include_closed:  # a no-review decision notified is closed too: checked below
            query = query.where(col(ReferralRow.state).not_in([s.value for s in CLOSED]))
        found = list(uow.session.exec(query))
        rows = [row for row, _ in found]
        told = {row.id: says_yes(said) is True for row, said in found}
        return _rows(
            app, uow.session, rows, keep_closed=include_closed, every=include_closed, told=told
        )


def referral_status(
    app: App,
    session: Session,
    row: ReferralRow,
    decision: DecisionRow | None,
    awaited: list[str],
) -> PipelineRow:
    """One referral's line of the pipeline, closed or not: its next date due, the précis
    awaited and its statutory notices with their due dates (a referral's page, which has
    read its decision and its précis already: `awaited`, the agencies whose is not in)."""
    assert row.id is not None
    decided = {row.id: decision} if decision is not None else {}
    [found] = _rows(
        app,
        session,
        [row],
        keep_closed=True,
        every=False,
        decisions=decided,
        waiting={row.id: awaited},
        told={row.id: says_yes(row.form.get(PANEL_NOTIFIED)) is True},
    )
    return found


def _rows(
    app: App,
    session: Session,
    rows: list[ReferralRow],
    *,
    keep_closed: bool,
    every: bool,
    decisions: dict[int, DecisionRow] | None = None,
    waiting: dict[int, list[str]] | None = None,
    told: dict[int | None, bool],
) -> list[PipelineRow]:
    """The pipeline's lines for `rows` (`every`: they are all the referrals there are;
    `decisions` and `waiting` (the agencies whose précis is awaited): theirs, when the caller
    has read them; `told`: whether each one's form records the Panel notified)."""
    today = app.today()
    out: list[PipelineRow] = []
    ids = [row.id for row in rows if row.id is not None]

    def of_rows(queries: tuple[Any, Any]) -> Any:  # every referral's: no list of ids
        every_one, of_ids = queries
        return session.exec(every_one) if every else session.exec(of_ids, params={"ids": ids})

    if decisions is None:
        decisions = {d.referral_id: d for d in of_rows(_DECISIONS)}
    notices: dict[int, list[Notice]] = {}
    limit = app.config.time_limits.panel_notification_after_decision
    sent = of_rows(_NOTICES)
    cases = {row.id: row for row in rows}
    for message in sent:
        case = cases.get(message.referral_id)
        if case is None or message.referral_id not in decisions:
            continue
        on = decisions[message.referral_id].decided_on
        due = app.deadlines.calendar.after(on, limit) if limit else on
        carries = None
        report = panel_report_filename(app.config, case.reference)
        if report and any(a.get("filename") == report for a in message.attachments):
            carries = f"{app.config.terms.review_process} report"
            due = app.deadlines.plan(case.notified_on or case.received_on).sign_off_due
        notices.setdefault(message.referral_id, []).append(
            Notice(
                message.kind.removeprefix("notice:"), message.status, due, message.sent_at, carries
            )
        )
    if waiting is None:
        waiting = {}
        for referral_id, agency_key in of_rows(_AWAITED):
            waiting.setdefault(referral_id, []).append(agency_key)
    for row in rows:
        assert row.id is not None
        referral = aggregate(row, decisions.get(row.id))
        if referral.closed and not keep_closed:
            continue
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
                    told[row.id],
                ),
                review_day=_review_day(app, referral, row.notified_on, today),
                notified_on=row.notified_on,
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


def kept(app: App) -> tuple[int, int]:
    """Messages quarantined and held, not yet released: the pipeline's banner, alone."""
    with app.reading() as uow:
        return _kept(uow.session)


def _kept(session: Session) -> tuple[int, int]:
    from sqlalchemy import func

    from ..store.tables import InboundMessage

    counts = dict(
        session.exec(
            select(InboundMessage.outcome, func.count())
            .where(  # by the outcome's index: years of mail are not scanned
                col(InboundMessage.outcome).in_(("quarantined", "held")),
                col(InboundMessage.released_at).is_(None),
            )
            .group_by(InboundMessage.outcome)
        ).all()
    )
    return counts.get("quarantined", 0), counts.get("held", 0)


def attention(app: App) -> Attention:
    from sqlalchemy import func

    from ..store.tables import ChatMessage

    with app.reading() as uow:
        quarantined, held = _kept(uow.session)
        outbound = dict(
            uow.session.exec(
                select(OutboundMessage.status, func.count())
                .where(col(OutboundMessage.status).in_(("queued", "failed")))
                .group_by(OutboundMessage.status)
            ).all()
        )
        chat_failed = uow.session.exec(
            select(func.count()).select_from(ChatMessage).where(ChatMessage.status == "failed")
        ).one()
    return Attention(
        quarantined, held, outbound.get("queued", 0), outbound.get("failed", 0), chat_failed
    )


def _review_day(
    app: App, referral: Referral, notified_on: dt.date | None, today: dt.date
) -> tuple[int, int] | None:
    from ..workflow.deadlines import PRE_DECISION

    if not app.deadlines.incident_clock or referral.state not in PRE_DECISION:
        return None
    plan = app.deadlines.plan(notified_on or referral.received_on)
    return plan.day(today, app.deadlines.calendar), plan.length
