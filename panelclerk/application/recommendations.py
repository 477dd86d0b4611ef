"""Recommendations (Cambridgeshire 4.3, 6.3): each member's view on whether to start a
review, one current view per agency, and the tally the decision maker reads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import col, select

from .. import chatqueue
from ..store import audit
from ..store.tables import Recommendation
from ..store.uow import UnitOfWork
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.lifecycle import State
from .context import App, work

MORE_INFORMATION = "more_information"


@dataclass(frozen=True)
class RecommendationResult:
    reference: str
    agency: str
    review_type: str
    counts: bool
    replaced: str | None


def record_recommendation(
    app: App,
    reference: str,
    person_id: str,
    review_type: str,
    *,
    methodology: str | None = None,
    text: str | None = None,
    uow: UnitOfWork | None = None,
) -> RecommendationResult:
    """One current recommendation per agency (4.3); only sub-group members count (6.3)."""
    config, at = app.config, app.clock()
    person = config.person(person_id)
    if person is None or person.agency is None:
        raise NotPermitted(
            reference,
            "record_recommendation",
            person_id,
            ("agency_representative",),
        )
    if "chair" in person.roles:  # independent of every agency, and the one who weighs them
        raise WorkflowError(
            f"{reference.upper()}: recommendations come from the agencies' representatives, "
            "not the Independent Chair"
        )
    if review_type != MORE_INFORMATION and config.review_type(review_type) is None:
        choices = ", ".join([r.id for r in config.review_types] + [MORE_INFORMATION])
        raise WorkflowError(f"unknown recommendation {review_type!r}; choose one of: {choices}")
    counts = bool({"member", "deputy", "partner"} & set(person.roles))
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        if referral.state not in (State.DISCUSSED, State.DECISION_PENDING):
            raise WorkflowError(
                f"{row.reference}: recommendations are taken after the meeting "
                f"discussed it; it is {app.config.state_label(referral.state)}"
            )
        previous = uow.session.exec(
            select(Recommendation).where(
                Recommendation.referral_id == row.id,
                Recommendation.agency_key == person.agency,
                col(Recommendation.current).is_(True),
            )
        ).first()
        replaced = None
        if previous is not None:
            if (previous.review_type, previous.methodology) == (review_type, methodology):
                return RecommendationResult(row.reference, person.agency, review_type, counts, None)
            previous.current = False
            replaced = previous.review_type
            uow.session.add(previous)
        assert row.id is not None
        uow.session.add(
            Recommendation(
                referral_id=row.id,
                agency_key=person.agency,
                person_key=person.id,
                review_type=review_type,
                methodology=methodology,
                counts=counts,
                text=text,
                recorded_at=at,
            )
        )
        audit.append(
            uow.session,
            at=at,
            actor=person.id,
            action="record_recommendation",
            reference=row.reference,
            details={
                "agency": person.agency,
                "review_type": review_type,
                "methodology": methodology,
                "counts": counts,
                "replaced": replaced,
            },
        )
        chatqueue.queue(uow.session, app.config, "thread_update", at, referral_id=row.id)
    return RecommendationResult(row.reference, person.agency, review_type, counts, replaced)


def tally(app: App, reference: str) -> tuple[Counter[str], list[Recommendation]]:
    """Members' current recommendations counted by review type, and invited agencies' views."""
    with app.uow() as uow:
        row = uow.referrals.row(reference, lock=False)
        current = list(
            uow.session.exec(
                select(Recommendation).where(
                    Recommendation.referral_id == row.id, col(Recommendation.current).is_(True)
                )
            )
        )
        counted = Counter(r.review_type for r in current if r.counts)
        views = [r for r in current if not r.counts]
    return counted, views
