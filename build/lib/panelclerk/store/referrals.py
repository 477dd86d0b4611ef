"""Loading and saving the referral aggregate, and issuing reference codes."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from ..workflow.errors import UnknownReferral
from ..workflow.lifecycle import State
from ..workflow.referral import Decision, Referral
from .tables import Decision as DecisionRow
from .tables import ReferenceCounter
from .tables import Referral as ReferralRow


class ReferralRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def row(self, reference: str, *, lock: bool = True) -> ReferralRow:
        """The row for a reference code, locked for update by default."""
        reference = reference.strip().upper()
        query = select(ReferralRow).where(ReferralRow.reference == reference)
        if lock:
            query = query.with_for_update()
        found = self.session.exec(query).first()
        if found is None:
            raise UnknownReferral(reference)
        return found

    def decision_row(self, row: ReferralRow) -> DecisionRow | None:
        return self.session.exec(
            select(DecisionRow).where(DecisionRow.referral_id == row.id)
        ).first()

    def aggregate(self, row: ReferralRow) -> Referral:
        decision = None
        found = self.decision_row(row)
        if found is not None:
            decision = Decision(
                review_type=found.review_type,
                kind=found.kind,
                rationale=found.rationale,
                decided_on=found.decided_on,
                decided_by=found.decided_by,
                methodology=found.methodology,
                lead_reviewer=found.lead_reviewer,
            )
        return Referral(
            reference=row.reference,
            state=State(row.state),
            received_on=row.received_on,
            paused_from=State(row.paused_from) if row.paused_from else None,
            meeting_date=row.meeting_date,
            decision=decision,
        )

    def get(self, reference: str) -> tuple[ReferralRow, Referral]:
        row = self.row(reference)
        return row, self.aggregate(row)

    def save(self, row: ReferralRow, referral: Referral, at: dt.datetime) -> None:
        row.state = referral.state.value
        row.paused_from = referral.paused_from.value if referral.paused_from else None
        row.meeting_date = referral.meeting_date
        row.version += 1
        row.updated_at = at
        self.session.add(row)

    def next_reference(self, prefix: str, year: int) -> str:
        counter = self.session.exec(
            select(ReferenceCounter)
            .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
            .with_for_update()
        ).first()
        if counter is None:
            counter = ReferenceCounter(prefix=prefix, year=year, last=0)
        counter.last += 1
        self.session.add(counter)
        self.session.flush()
        return f"{prefix}-{year}-{counter.last:03d}"
