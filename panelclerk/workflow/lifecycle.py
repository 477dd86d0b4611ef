"""The referral's states and the moves between them, with who may make each move.

The table is data: a move names the states it starts from, where it goes and the roles
allowed to make it. "system" is the product acting on a rule (a complete form arriving).
Cambridgeshire Appendix 1, sections 3-5, gives the order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    AWAITING_SCREENING = "awaiting_screening"
    MORE_INFO_REQUESTED = "more_info_requested"
    DECLINED = "declined"
    ON_AGENDA = "on_agenda"
    PRECIS_REQUESTED = "precis_requested"
    DISCUSSED = "discussed"
    DECISION_PENDING = "decision_pending"
    DECIDED = "decided"
    NOTIFIED = "notified"
    REVIEW_UNDERWAY = "review_underway"
    REVIEW_COMPLETE = "review_complete"


CLOSED = frozenset({State.DECLINED, State.REVIEW_COMPLETE})

SYSTEM = "system"
# Derived from the framework by Actor.of: the Chair or a deputy chair under the LSCB
# frameworks; the safeguarding partners under Working Together 2023.
DECISION_MAKER = "decision_maker"
DECIDERS = (DECISION_MAKER,)
STAFF = ("business_manager",)


@dataclass(frozen=True)
class Move:
    name: str
    sources: tuple[State, ...]
    target: State | None  # None: return to the state the referral was paused from
    roles: tuple[str, ...]
    description: str


S = State
MOVES: dict[str, Move] = {
    m.name: m
    for m in (
        Move(
            "mark_incomplete",
            (S.RECEIVED, S.INCOMPLETE),
            S.INCOMPLETE,
            (SYSTEM, *STAFF),
            "required fields are missing; the referrer is told which",
        ),
        Move(
            "submit_for_screening",
            (S.RECEIVED, S.INCOMPLETE),
            S.AWAITING_SCREENING,
            (SYSTEM, *STAFF),
            "the form is complete and goes to the decision maker (4.1)",
        ),
        Move(
            "request_more_info",
            (
                S.AWAITING_SCREENING,
                S.ON_AGENDA,
                S.PRECIS_REQUESTED,
                S.DISCUSSED,
                S.DECISION_PENDING,
            ),
            S.MORE_INFO_REQUESTED,
            (*DECIDERS, *STAFF),
            "the referrer is asked for more information (4.1, 4.5)",
        ),
        Move(
            "receive_more_info",
            (S.MORE_INFO_REQUESTED,),
            None,
            (SYSTEM, *STAFF, *DECIDERS),
            "the information asked for arrived; the referral goes back where it was",
        ),
        Move(
            "decline",
            # an incomplete one too: a form never completed would otherwise stay open, and
            # hold the child's details past every retention rule
            (S.INCOMPLETE, S.AWAITING_SCREENING, S.MORE_INFO_REQUESTED),
            S.DECLINED,
            DECIDERS,
            "the decision maker screens the referral out, with a reason",
        ),
        Move(
            "place_on_agenda",
            (S.AWAITING_SCREENING, S.MORE_INFO_REQUESTED),
            S.ON_AGENDA,
            (*DECIDERS, *STAFF),
            "placed on the agenda of a meeting (4.1)",
        ),
        Move(
            "reschedule",
            (S.ON_AGENDA, S.PRECIS_REQUESTED),
            None,
            (*DECIDERS, *STAFF),
            "moved to another meeting",
        ),
        Move(
            "request_precis",
            (S.ON_AGENDA,),
            S.PRECIS_REQUESTED,
            (SYSTEM, *STAFF),
            "each involved agency is asked for a brief précis (4.2)",
        ),
        Move(
            "record_discussion",
            (S.ON_AGENDA, S.PRECIS_REQUESTED),
            S.DISCUSSED,
            (*STAFF, *DECIDERS),
            "the meeting discussed it; members give recommendations (4.3)",
        ),
        Move(
            "defer_decision",
            (S.DISCUSSED,),
            S.DECISION_PENDING,
            (SYSTEM, *STAFF, *DECIDERS),
            "recommendations are in; the decision is deferred a week (4.4, 4.5)",
        ),
        Move(
            "record_decision",
            (S.DISCUSSED, S.DECISION_PENDING),
            S.DECIDED,
            DECIDERS,
            "the decision maker records the decision (4.4, 4.6)",
        ),
        Move(
            "record_notifications",
            (S.DECIDED,),
            S.NOTIFIED,
            (SYSTEM, *STAFF),
            "the decision went to the distribution list and the statutory bodies (4.6, 5.2)",
        ),
        Move(
            "start_review",
            (S.NOTIFIED,),
            S.REVIEW_UNDERWAY,
            (*STAFF, *DECIDERS),
            "the review decided upon has begun (7.6: within 3 months)",
        ),
        Move(
            "complete_review",
            (S.REVIEW_UNDERWAY,),
            S.REVIEW_COMPLETE,
            (*STAFF, *DECIDERS),
            "the review is complete (7.6: within 12 months)",
        ),
    )
}
