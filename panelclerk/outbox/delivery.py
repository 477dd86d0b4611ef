"""The transactional outbox's sender: a message is a row written in the same transaction as
the change that causes it (`compose.queue`); this loop delivers due rows with retries and
backoff, and marks each sent only after the server accepted it."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from ..mail.mailbox import Refused, Transport
from ..mail.smtp import PartlyRefused
from ..store.tables import OutboundMessage
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from .compose import build_mime, documents_for
from .headers import HeaderInjection

log = logging.getLogger("panelclerk.outbox")

MAX_ATTEMPTS = 8


@dataclass
class Delivery:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _tell_business_manager(
    uow: UnitOfWork, config: BoardConfig, row: OutboundMessage, now: dt.datetime, what: str
) -> None:
    from .. import chatqueue, links

    chatqueue.tell_business_manager(
        uow.session,
        config,
        now,
        f"An email ({row.kind}, outbox number {row.id}) {what}. Once mended, sending it "
        f"again reaches whoever has not had it: {links.failed(config)}.",
        referral_id=row.referral_id,
    )


def _permanent(exc: Exception) -> bool:
    """Refused for this message, for good (RFC 5321 5yz): the content (552 too big, 554
    rejected as spam) rather than the connection, login or sender, which a fix to the
    config mends for every message and which are therefore waited out."""
    code = getattr(exc, "smtp_code", 0)
    if isinstance(exc, Refused):
        return True
    if isinstance(exc, smtplib.SMTPDataError):
        return code >= 500
    return isinstance(exc, smtplib.SMTPSenderRefused) and code == 552


def _refusals(refused: dict[str, tuple[int, bytes]]) -> tuple[dict[str, str], list[str]]:
    """The recipients refused for good, with the server's words, and those to try again."""
    permanent, temporary = {}, []
    for address, (code, text) in refused.items():
        if code >= 500:
            permanent[address] = f"{code} {text.decode('utf-8', 'replace')[:200]}"
        else:
            temporary.append(address)
    return permanent, temporary


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


# How long a claimed message is left to the sender that claimed it: longer than any one
# send takes (each SMTP step times out in 30 s), so it is never taken over while its sender
# lives; a sender that dies mid-send leaves it to be tried again once the time is up.
LEASE = dt.timedelta(minutes=10)
SENDING = "sending"


@dataclass(frozen=True)
class _Claim:
    id: int
    lease: dt.datetime  # the claim's expiry, written in next_attempt_at: also its token
    raw: bytes
    pending: list[str]


def deliver_due(
    uow_factory: Any, config: BoardConfig, transport: Transport, now: dt.datetime, limit: int = 100
) -> Delivery:
    """Send what is due, one message at a time, in three steps: claim it (status `sending`,
    next_attempt_at the claim's expiry) in a short transaction; hand it to the server with no
    transaction open, so a slow server holds up nobody's writes; record the answer in a second
    short transaction. A claim is taken by one sender only; one left by a sender that died is
    taken again when it expires, so nothing is lost (and the server, if it had the message,
    is handed it a second time only then)."""
    report = Delivery()
    started = time.monotonic()
    for _ in range(limit):
        # The pass's own time moves on as it sends: each claim's expiry counts from when it
        # is made, and a pass long enough to outlive its first claims stops and leaves the
        # rest to the next, so no claim is ever taken while its sender still works on it.
        elapsed = dt.timedelta(seconds=time.monotonic() - started)
        if elapsed > LEASE / 2:
            break
        claim = _claim_next(uow_factory, config, now + elapsed, report)
        if claim is None:
            break
        if claim is _SETTLED:
            continue
        assert isinstance(claim, _Claim)
        refused: dict[str, tuple[int, bytes]] = {}
        error: Exception | None = None
        try:
            transport.send(claim.raw, config.board.mailbox, claim.pending)
        except (PartlyRefused, smtplib.SMTPRecipientsRefused) as exc:
            refused = exc.refused if isinstance(exc, PartlyRefused) else exc.recipients
        except (HeaderInjection, LookupError, OSError, smtplib.SMTPException) as exc:
            error = exc
        elapsed = dt.timedelta(seconds=time.monotonic() - started)
        _record(uow_factory, config, claim, now + elapsed, refused, error, report)
    return report


_SETTLED = object()  # a due row that ended without being sent


def _claim_next(
    uow_factory: Any, config: BoardConfig, now: dt.datetime, report: Delivery
) -> _Claim | object | None:
    with uow_factory() as uow:
        query = (
            select(OutboundMessage)
            .where(
                col(OutboundMessage.status).in_(("queued", SENDING)),
                col(OutboundMessage.next_attempt_at) <= now,
            )
            .order_by(col(OutboundMessage.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = uow.session.exec(query).first()
        if row is None:
            return None
        assert row.id is not None
        done = {*row.delivered_to, *row.refused}
        pending = [r for r in row.recipients if r not in done]
        if not pending:  # nobody left to send to: it ends as it stands
            row.status = "sent" if row.delivered_to else "failed"
            uow.session.add(row)
            uow.commit()
            return _SETTLED
        try:
            raw = build_mime(row, config, documents_for(uow, row))
        except (HeaderInjection, LookupError) as exc:
            _failed(uow, config, row, now, report, exc)
            uow.session.add(row)
            uow.commit()
            return _SETTLED
        lease = now + LEASE
        row.status, row.next_attempt_at = SENDING, lease
        uow.session.add(row)
        uow.commit()
        return _Claim(row.id, lease, raw, pending)


def _failed(
    uow: UnitOfWork,
    config: BoardConfig,
    row: OutboundMessage,
    now: dt.datetime,
    report: Delivery,
    exc: Exception,
) -> None:
    row.status, row.last_error = "failed", str(exc)
    report.failed += 1
    _tell_business_manager(uow, config, row, now, f"could not be sent: {exc}")


def _record(
    uow_factory: Any,
    config: BoardConfig,
    claim: _Claim,
    now: dt.datetime,
    refused: dict[str, tuple[int, bytes]],
    error: Exception | None,
    report: Delivery,
) -> None:
    """The server's answer, in a transaction of its own, on the row still claimed."""
    with uow_factory() as uow:
        mine = (
            select(OutboundMessage)
            .where(
                OutboundMessage.id == claim.id,
                OutboundMessage.status == SENDING,
                OutboundMessage.next_attempt_at == claim.lease,
            )
            .with_for_update()
        )
        row = uow.session.exec(mine).first()
        if row is None:
            _taken_over(uow, claim, refused, error)
            return
        if isinstance(error, HeaderInjection | LookupError):
            _failed(uow, config, row, now, report, error)
        elif error is not None:
            row.attempts += 1
            row.last_error = f"{error.__class__.__name__}: {str(error)[:200]}"
            if _permanent(error):
                row.status = "failed"
                report.failed += 1
                _tell_business_manager(uow, config, row, now, f"was refused: {row.last_error}")
            else:
                _later(uow, config, row, now, report, f"could not be sent: {row.last_error}")
        else:
            _delivered(uow, config, row, now, claim.pending, refused, report)
        uow.session.add(row)
        uow.commit()


def _taken_over(
    uow: UnitOfWork,
    claim: _Claim,
    refused: dict[str, tuple[int, bytes]],
    error: Exception | None,
) -> None:
    """The claim ran out while the server was talking, and another sender took the message
    over: who has it now is still written down, so nobody is sent it a third time."""
    row = uow.session.exec(
        select(OutboundMessage).where(OutboundMessage.id == claim.id).with_for_update()
    ).first()
    log.warning("outbox message %s: the claim ran out before the server answered", claim.id)
    if row is None or error is not None:
        return
    have = [r for r in claim.pending if r not in refused and r not in row.delivered_to]
    if have:
        row.delivered_to = [*row.delivered_to, *have]
        uow.session.add(row)
        uow.commit()


def _delivered(
    uow: UnitOfWork,
    config: BoardConfig,
    row: OutboundMessage,
    now: dt.datetime,
    pending: list[str],
    refused: dict[str, tuple[int, bytes]],
    report: Delivery,
) -> None:
    """The server answered for each recipient: record who has it, who refused it for good,
    and try the temporarily refused again later (only them)."""
    permanent, temporary = _refusals(refused)
    row.attempts += 1
    row.delivered_to = [
        *row.delivered_to,
        *(r for r in pending if r not in refused and r not in row.delivered_to),
    ]
    row.refused = {**row.refused, **permanent}
    if row.delivered_to and not row.sent_at:
        row.sent_at = now
    if permanent:
        _tell_business_manager(
            uow,
            config,
            row,
            now,
            "was refused for "
            + "; ".join(f"{address} ({why})" for address, why in permanent.items())
            + (f", and reached {len(row.delivered_to)} others" if row.delivered_to else ""),
        )
    if temporary:
        row.last_error = f"refused for now for {', '.join(temporary)}: " + "; ".join(
            f"{refused[a][0]}" for a in temporary
        )
        _later(uow, config, row, now, report, f"could not reach {', '.join(temporary)}")
        return
    if row.delivered_to:
        row.status, row.last_error = "sent", None
        report.sent += 1
    else:
        row.status, row.last_error = "failed", "refused for every recipient"
        report.failed += 1


def _later(
    uow: UnitOfWork,
    config: BoardConfig,
    row: OutboundMessage,
    now: dt.datetime,
    report: Delivery,
    what: str,
) -> None:
    """Try again after a backoff; after the last attempt, fail and tell the Business Manager."""
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        report.failed += 1
        _tell_business_manager(uow, config, row, now, f"{what} (after {row.attempts} attempts)")
    else:
        row.status, row.next_attempt_at = "queued", now + _backoff(row.attempts)
        report.retried += 1
