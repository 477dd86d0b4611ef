"""Loading and saving the referral aggregate, and issuing reference codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from ..workflow.errors import UnknownReferral
from ..workflow.lifecycle import State
from ..workflow.referral import Decision, Referral
from .tables import Decision as DecisionRow
from .tables import ReferenceCounter
from .tables import Referral as ReferralRow

# The reads every page and every act makes, built once: SQLAlchemy keys its compiled SQL
# by a statement's shape, a key worked out anew for each statement built.
_BY_REFERENCE = select(ReferralRow).where(ReferralRow.reference == bindparam("reference"))
_BY_REFERENCE_LOCKED = _BY_REFERENCE.with_for_update()
_DECISION_OF = select(DecisionRow).where(DecisionRow.referral_id == bindparam("referral"))


class ReferralRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._created: tuple[object, ReferralRow] | None = None  # (its transaction, the row)

    def added(self, row: ReferralRow) -> None:
        """A referral this transaction creates: `row` finds it without reading it back (the
        transaction that inserted a row holds its lock)."""
        self.session.add(row)
        self._created = (self.session.get_transaction(), row)

    def _created_here(self, reference: str) -> ReferralRow | None:
        if self._created is None:
            return None
        transaction, row = self._created
        if transaction is not self.session.get_transaction() or row.reference != reference:
            return None
        return row if row in self.session else None

    def row(self, reference: str, *, lock: bool = True) -> ReferralRow:
        """The row for a reference code, locked for update by default."""
        reference = reference.strip().upper()
        created = self._created_here(reference)
        if created is not None:
            return created
        query = _BY_REFERENCE_LOCKED if lock else _BY_REFERENCE
        found = self.session.exec(query, params={"reference": reference}).first()
        if found is None:
            raise UnknownReferral(reference)
        return found

    def decision_row(self, row: ReferralRow) -> DecisionRow | None:
        return self.session.exec(_DECISION_OF, params={"referral": row.id}).first()

    def aggregate(self, row: ReferralRow) -> Referral:
        # A row not yet written has no decision: nothing to ask the database.
        return aggregate(row, self.decision_row(row) if row.id is not None else None)

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
        """The next code for the prefix and year: one UPDATE ... RETURNING takes the number
        (and the row's lock); the year's first referral inserts its counter."""
        taken = self.session.execute(
            update(ReferenceCounter)
            .where(col(ReferenceCounter.prefix) == prefix, col(ReferenceCounter.year) == year)
            .values(last=col(ReferenceCounter.last) + 1)
            .returning(col(ReferenceCounter.last))
            .execution_options(synchronize_session="evaluate")  # a counter held stays true
        ).first()
        if taken is not None:
            last = int(taken[0])
        else:
            last = 1
            self.session.add(ReferenceCounter(prefix=prefix, year=year, last=last))
            self.session.flush()
        return f"{prefix}-{year}-{last:03d}"


def aggregate(row: ReferralRow, found: DecisionRow | None) -> Referral:
    """The domain's referral from its row and its decision's row (read by the caller: one
    at a time by the repository, all at once for a list)."""
    decision = None
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
