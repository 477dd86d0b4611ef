"""The referral aggregate: it checks each move against the life cycle and the actor's roles,
changes its own state and records what happened as events. It performs no side effects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NotRequired, TypedDict, Unpack

from .config import BoardConfig
from .errors import InvalidDecision, MoveNotAllowed, NotPermitted, WorkflowError
from .lifecycle import CLOSED, MOVES, SYSTEM, State


@dataclass(frozen=True)
class Actor:
    """Who is acting: a configured person (with their roles), the system, or an outside sender."""

    id: str
    roles: frozenset[str]
    # The board's words for roles, so that a refusal names who may in them.
    titles: Mapping[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def system(cls) -> Actor:
        return cls(SYSTEM, frozenset({SYSTEM}))

    @classmethod
    def of(cls, config: BoardConfig, person_id: str) -> Actor:
        return cls(person_id, config.roles_of(person_id), config.role_titles)


class Submission(TypedDict):
    """What a decision maker submits, from any front end, before it is checked."""

    review_type: str
    rationale: str
    methodology: NotRequired[str | None]
    lead_reviewer: NotRequired[str | None]


@dataclass(frozen=True)
class Decision:
    review_type: str
    kind: str  # statutory, alternative or none: what follows the decision depends on it
    rationale: str
    decided_on: dt.date
    decided_by: str
    methodology: str | None = None
    lead_reviewer: str | None = None

    @classmethod
    def make(
        cls,
        config: BoardConfig,
        *,
        decided_on: dt.date,
        decided_by: str,
        **submission: Unpack[Submission],
    ) -> Decision:
        """A decision checked against the board's review types (Cambridgeshire 4.6, 5.1)."""
        review_type, rationale = submission["review_type"], submission["rationale"]
        methodology = submission.get("methodology")
        lead_reviewer = submission.get("lead_reviewer")
        chosen = config.review_type(review_type)
        if chosen is None:
            choices = ", ".join(r.id for r in config.review_types)
            raise InvalidDecision(f"unknown review type {review_type!r}; choose one of: {choices}")
        methodology = methodology or None
        if chosen.methodologies and methodology not in chosen.methodologies:
            choices = ", ".join(chosen.methodologies)
            raise InvalidDecision(f"{chosen.label} needs a methodology: one of {choices}")
        if not chosen.methodologies and methodology:
            raise InvalidDecision(f"{chosen.label} takes no methodology")
        if not rationale.strip():
            raise InvalidDecision("the decision needs its rationale (it goes to the Panel)")
        if lead_reviewer and chosen.kind == "none":
            raise InvalidDecision("a decision of no review has no lead reviewer")
        return cls(
            review_type=chosen.id,
            kind=chosen.kind,
            rationale=rationale.strip(),
            decided_on=decided_on,
            decided_by=decided_by,
            methodology=methodology,
            lead_reviewer=(lead_reviewer or "").strip() or None,
        )

    @property
    def starts_review(self) -> bool:
        return self.kind != "none"


@dataclass(frozen=True)
class Moved:
    """One accepted move: what the audit log and the outbox are written from."""

    reference: str
    move: str
    source: State
    target: State
    actor: str
    at: dt.datetime
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Referral:
    reference: str
    state: State
    received_on: dt.date
    paused_from: State | None = None
    meeting_date: dt.date | None = None
    decision: Decision | None = None
    events: list[Moved] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """Nothing more is due: declined, review complete, or notified of a no-review decision."""
        if self.state in CLOSED:
            return True
        return (
            self.state == State.NOTIFIED
            and self.decision is not None
            and not self.decision.starts_review
        )

    def _placed_already(self) -> str:
        """A referral asked about after it was placed is on its agenda still: placing it again
        would put it on two agendas and ask every agency for a second précis."""
        when = f"{self.meeting_date:%d %b %Y}" if self.meeting_date else "its meeting"
        if self.paused_from in (State.ON_AGENDA, State.PRECIS_REQUESTED):
            return (
                f"{self.reference}: already on the agenda of {when}; it stays there while "
                "the referrer is asked for more information"
            )
        return (
            f"{self.reference}: already discussed at the meeting of {when}; the decision "
            "follows the referrer's answer"
        )

    def apply(self, move_name: str, actor: Actor, at: dt.datetime, **details: Any) -> Moved:
        """Make a move if the life cycle and the actor's roles allow it."""
        move = MOVES[move_name]
        if self.state not in move.sources:
            raise MoveNotAllowed(
                self.reference, move_name, self.state.value, tuple(s.value for s in move.sources)
            )
        if not (actor.roles & set(move.roles)):
            raise NotPermitted(self.reference, move_name, actor.id, move.roles, actor.titles)
        if move_name == "start_review" and (
            self.decision is None or not self.decision.starts_review
        ):
            raise WorkflowError(
                f"{self.reference}: the decision was no review; there is none to start"
            )
        if (
            move_name == "place_on_agenda"
            and self.state == State.MORE_INFO_REQUESTED
            and self.paused_from not in (None, State.AWAITING_SCREENING)
        ):
            raise WorkflowError(self._placed_already())
        source = self.state
        target = move.target
        if move_name == "place_on_agenda":
            self.paused_from = None  # the Chair screened it without waiting for the answer
        elif move_name == "receive_more_info":
            target = self.paused_from or State.AWAITING_SCREENING
            self.paused_from = None
        elif move_name == "reschedule":
            target = State.ON_AGENDA if self.state == State.ON_AGENDA else self.state
        elif move_name == "request_more_info":
            self.paused_from = source
        assert target is not None
        if move_name in ("place_on_agenda", "reschedule"):
            meeting = details.get("meeting_date")
            if not isinstance(meeting, dt.date):
                raise WorkflowError(f"{self.reference}: {move_name} needs the meeting's date")
            self.meeting_date = meeting
        if move_name == "record_decision":
            decision = details.get("decision")
            if not isinstance(decision, Decision):
                raise InvalidDecision("record_decision needs a decision")
            self.decision = decision
        if move_name == "start_review" and self.decision is not None:
            details.setdefault("review_type", self.decision.review_type)
        self.state = target
        event = Moved(self.reference, move_name, source, target, actor.id, at, dict(details))
        self.events.append(event)
        return event
