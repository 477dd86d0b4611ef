"""The decision (Cambridgeshire 4.4-4.5; Working Together 2023: the three safeguarding
partners jointly): recorded on the referral, with the review type and its rationale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from sqlmodel import col, select

from .. import chatqueue
from ..store import audit
from ..store.tables import Decision as DecisionRow
from ..store.tables import Referral as ReferralRow
from ..store.tables import SignOff
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from ..workflow.errors import NotPermitted, WorkflowError
from ..workflow.lifecycle import DECIDERS, State
from ..workflow.referral import Actor, Decision, Referral, Submission
from .context import App, work
from .transition import transition


def record_decision(
    app: App,
    reference: str,
    actor_id: str,
    *,
    uow: UnitOfWork | None = None,
    **submission: Unpack[Submission],
) -> Decision:
    """The decision maker records the decision (4.4-4.6); only the configured Chair may."""
    at = app.clock()
    actor = app.actor(actor_id)
    if not actor.roles & set(DECIDERS):  # refuse before looking at what was submitted
        raise NotPermitted(reference.upper(), "record_decision", actor_id, DECIDERS, actor.titles)
    if app.config.framework.decision_makers == "partners":
        raise WorkflowError(
            f"the {app.config.terms.decision_maker} decide jointly: each signs "
            "off, and the decision is made when all agree"
        )
    decision = Decision.make(app.config, decided_on=app.today(), decided_by=actor_id, **submission)
    with work(app, uow) as uow:
        row, referral = uow.referrals.get(reference)
        _apply_decision(app, uow, row, referral, actor, decision, at)
    return decision


def _apply_decision(
    app: App,
    uow: UnitOfWork,
    row: ReferralRow,
    referral: Referral,
    actor: Actor,
    decision: Decision,
    at: dt.datetime,
    **details: Any,
) -> None:
    """The move to decided and the decision's row, in the caller's transaction."""
    transition(
        app,
        uow,
        row,
        referral,
        "record_decision",
        actor,
        at,
        decision=decision,
        review_type=decision.review_type,
        methodology=decision.methodology,
        **details,
    )
    assert row.id is not None
    uow.session.add(
        DecisionRow(
            referral_id=row.id,
            review_type=decision.review_type,
            kind=decision.kind,
            methodology=decision.methodology,
            rationale=decision.rationale,
            decided_on=decision.decided_on,
            decided_by=decision.decided_by,
            lead_reviewer=decision.lead_reviewer,
            recorded_at=at,
        )
    )


@dataclass(frozen=True)
class Decided:
    """What a decision submission did: the decision when made, else who is still to agree."""

    reference: str
    decision: Decision | None
    waiting: tuple[str, ...] = ()
    disagreeing: tuple[str, ...] = ()
    # each partner who has signed off, with what, in the board's order: shown when they differ
    signed: tuple[tuple[str, str], ...] = ()

    @property
    def split(self) -> bool:
        return len({what for _, what in self.signed}) > 1

    def outcome(self) -> str:
        """What a sign-off left, said the same on every front end: who is still to sign off
        and, when the partners' sign-offs differ, the split, each with what they chose."""
        if self.decision is not None:
            return f"{self.reference}: decision recorded"
        parts = []
        if self.split:
            parts.append(
                "the sign-offs differ ("
                + "; ".join(f"{name}: {what}" for name, what in self.signed)
                + "), so no decision is made until they agree"
            )
        if self.waiting:
            parts.append(f"still to sign off: {', '.join(self.waiting)}")
        return f"{self.reference}: sign-off recorded; " + "; ".join(parts or ["nothing left"])


def record_submission(
    app: App, reference: str, actor_id: str, **submission: Unpack[Submission]
) -> Decided:
    """The decision maker's submission: the Chair decides alone; the safeguarding partners
    each sign off, and the decision is made when all of them agree (Working Together 2023)."""
    if app.config.framework.decision_makers != "partners":
        decision = record_decision(app, reference, actor_id, **submission)
        return Decided(reference.upper(), decision)
    return sign_off(app, reference, actor_id, **submission)


def sign_off(app: App, reference: str, actor_id: str, **submission: Unpack[Submission]) -> Decided:
    config, at = app.config, app.clock()
    actor = app.actor(actor_id)
    if "decision_maker" not in actor.roles:
        raise NotPermitted(
            reference.upper(), "sign_off", actor_id, ("partner",), config.role_titles
        )
    # Checks the content; the decision itself is made when every partner agrees.
    Decision.make(config, decided_on=app.today(), decided_by=actor_id, **submission)
    review_type, rationale = submission["review_type"], submission["rationale"]
    methodology = submission.get("methodology")
    lead_reviewer = submission.get("lead_reviewer")
    partners = config.deciders
    with work(app) as uow:
        row, referral = uow.referrals.get(reference)
        if referral.state not in (State.DISCUSSED, State.DECISION_PENDING):
            raise WorkflowError(
                f"{row.reference}: the {config.terms.decision_maker} sign off "
                f"after the {config.terms.group} met; it is "
                f"{config.state_label(referral.state)}"
            )
        assert row.id is not None
        current = {
            s.person_key: s
            for s in uow.session.exec(
                select(SignOff).where(SignOff.referral_id == row.id, col(SignOff.current).is_(True))
            )
        }
        mine = current.get(actor_id)
        if mine is None or (mine.review_type, mine.methodology) != (review_type, methodology):
            if mine is not None:
                mine.current = False
                uow.session.add(mine)
            mine = SignOff(
                referral_id=row.id,
                person_key=actor_id,
                review_type=review_type,
                methodology=methodology or None,
                rationale=rationale.strip(),
                lead_reviewer=lead_reviewer or None,
                recorded_at=at,
            )
            uow.session.add(mine)
            current[actor_id] = mine
            audit.append(
                uow.session,
                at=at,
                actor=actor_id,
                action="sign_off",
                reference=row.reference,
                details={"review_type": review_type, "methodology": methodology},
            )
            chatqueue.queue(uow.session, config, "thread_update", at, referral_id=row.id)
        waiting = tuple(p.name for p in partners if p.id not in current)
        choices = {(s.review_type, s.methodology) for s in current.values()}
        disagreeing = tuple(
            p.name
            for p in partners
            if p.id in current
            and (current[p.id].review_type, current[p.id].methodology) != (review_type, methodology)
        )
        if waiting or len(choices) > 1:
            signed = tuple(
                (
                    p.name,
                    _choice_label(config, current[p.id].review_type, current[p.id].methodology),
                )
                for p in partners
                if p.id in current
            )
            return Decided(row.reference, None, waiting, disagreeing, signed)
        joint = _joint_rationale([(p.name, current[p.id].rationale) for p in partners])
        reviewer = next((s.lead_reviewer for s in current.values() if s.lead_reviewer), None)
        decision = Decision.make(
            config,
            review_type=review_type,
            rationale=joint,
            decided_on=app.today(),
            decided_by="partners",
            methodology=methodology,
            lead_reviewer=reviewer,
        )
        _apply_decision(
            app, uow, row, referral, actor, decision, at, jointly=[p.id for p in partners]
        )
    return Decided(row.reference, decision)


def _choice_label(config: BoardConfig, review_type: str, methodology: str | None) -> str:
    chosen = config.review_type(review_type)
    label = chosen.label if chosen else review_type
    return f"{label} ({methodology})" if methodology else label


def _joint_rationale(given: Sequence[tuple[str, str]]) -> str:
    """The partners' reasons, one line each in the board's order of partners; partners who
    gave the same reason share its line, so the decision email does not say it three times."""
    said: dict[str, list[str]] = {}
    for name, rationale in given:
        said.setdefault(" ".join(rationale.split()), []).append(name)
    return "\n".join(
        f"{', '.join(names[:-1])} and {names[-1]}: {text}"
        if len(names) > 1
        else f"{names[0]}: {text}"
        for text, names in said.items()
    )
