"""The mail kept for a person: quarantined or held messages, listed, read (audited) and
released by the Business Manager, who vouches for what is routed again."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import col, select

from ... import faults
from ...mail.parse import ParseError, parse_email
from ...store import audit
from ...store.tables import InboundMessage
from ...workflow.errors import WorkflowError
from .. import context as context_stage
from .result import Result
from .router import Router


def _removed(inbound_id: int, so: str) -> WorkflowError:
    return WorkflowError(
        f"message {inbound_id}'s content was removed under the retention rules: {so}"
    )


def release(app: context_stage.App, inbound_id: int, actor_id: str) -> Result:
    """The Business Manager vouches for a quarantined or held message: it is routed again,
    past the sender and authentication rules, and the release is audited. A message kept
    back by a fault in our code is only routed again, through every rule: the fault may have
    come before the rules had judged its sender, and releasing it after a fix vouches for
    nobody."""
    app.config.business_manager(actor_id, "release messages")
    with app.uow() as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None:
            raise WorkflowError(f"no inbound message with id {inbound_id}")
        if row.outcome not in ("quarantined", "held"):
            raise WorkflowError(f"message {inbound_id} is {row.outcome}, not quarantined or held")
        if not row.raw:  # routing nothing would record it again as an empty message
            raise _removed(inbound_id, "there is nothing to release")
        uow.session.expunge(row)
    router = Router(app)
    try:
        result = router.handle(row.mailbox_key, row.raw, trusted=row.kind != "fault", row=row)
    except Exception as exc:
        if faults.transient(exc):
            raise
        raise WorkflowError(
            f"message {inbound_id} still could not be processed ({faults.describe(exc)}); "
            "it stays in quarantine"
        ) from exc
    with app.uow() as uow:
        stored = uow.session.get(InboundMessage, inbound_id)
        assert stored is not None
        stored.released_by = actor_id
        uow.session.add(stored)
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="release_inbound",
            reference=result.reference,
            details={"inbound_id": inbound_id, "outcome": result.outcome},
        )
        uow.commit()
    return result


def quarantined(app: context_stage.App) -> list[InboundMessage]:
    with app.uow() as uow:
        rows = list(
            uow.session.exec(
                select(InboundMessage)
                .where(
                    col(InboundMessage.outcome).in_(["quarantined", "held"]),
                    col(InboundMessage.released_at).is_(None),
                )
                .order_by(col(InboundMessage.id))
            )
        )
        for r in rows:
            uow.session.expunge(r)
    return rows


@dataclass(frozen=True)
class Kept:
    """A kept message as the Business Manager reads it, control characters removed."""

    id: int
    outcome: str
    reason: str
    sender: str
    subject: str
    date: str
    attachments: tuple[str, ...]
    text: str


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a terminal's escape codes too


def _plain(text: str) -> str:
    return _CONTROL.sub("?", text)


def read_kept(app: context_stage.App, inbound_id: int, actor_id: str) -> Kept:
    """A quarantined or held message's words, for the Business Manager only (an agency's
    action plan update, a case's late mail): reading one is audited, by its number."""
    app.config.business_manager(actor_id, "read kept messages")
    with context_stage.work(app) as uow:
        row = uow.session.get(InboundMessage, inbound_id)
        if row is None or row.outcome not in ("quarantined", "held"):
            raise WorkflowError(f"no quarantined or held message with id {inbound_id}")
        if not row.raw:
            raise _removed(inbound_id, "there is nothing to read")
        try:
            email = parse_email(row.raw, app.config.mailbox.max_message_bytes)
        except ParseError as exc:
            raise WorkflowError(f"message {inbound_id} cannot be read: {exc}") from None
        audit.append(
            uow.session,
            at=app.clock(),
            actor=actor_id,
            action="read_kept",
            reference=row.reference,
            details={"inbound_id": inbound_id},
        )
        return Kept(
            id=inbound_id,
            outcome=row.outcome,
            reason=_plain(row.reason or ""),
            sender=_plain(
                f"{email.from_name} <{email.from_addr}>" if email.from_name else email.from_addr
            ),
            subject=_plain(email.subject),
            date=email.date.isoformat(" ", "minutes") if email.date else "not given",
            attachments=tuple(_plain(a.filename) for a in email.attachments),
            text=_plain(email.text),
        )
