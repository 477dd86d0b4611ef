"""The append-only audit log, hash-chained so that an edited or deleted row is detectable.

Each entry's hash covers its own content and the previous entry's hash. The single
`audit_head` row is updated in the same transaction, which serialises concurrent writers on
PostgreSQL (row lock) as BEGIN IMMEDIATE does on SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from .tables import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(
    prev_hash: str,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    reference: str | None,
    source: str | None,
    target: str | None,
    details: dict[str, Any],
) -> str:
    body = json.dumps(
        [
            prev_hash,
            seq,
            at.astimezone(dt.UTC).isoformat(),
            actor,
            action,
            reference,
            source,
            target,
            details,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    reference: str | None = None,
    source: str | None = None,
    target: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    details = json.loads(json.dumps(details or {}, default=str))
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).first()
    if head is None:
        head = AuditHead(id=1, seq=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    seq = head.seq + 1
    digest = _digest(head.last_hash, seq, at, actor, action, reference, source, target, details)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        reference=reference,
        source_state=source,
        target_state=target,
        details=details,
        prev_hash=head.last_hash,
        hash=digest,
    )
    head.seq = seq
    head.last_hash = digest
    session.add(entry)
    session.add(head)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None  # the seq of the first entry that does not verify
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session) -> ChainCheck:
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))):
        count += 1
        if entry.seq != expected_seq:
            return ChainCheck(count, expected_seq, "an entry is missing")
        if entry.prev_hash != prev:
            return ChainCheck(count, entry.seq, "the link to the previous entry is broken")
        digest = _digest(
            prev,
            entry.seq,
            entry.at,
            entry.actor,
            entry.action,
            entry.reference,
            entry.source_state,
            entry.target_state,
            entry.details,
        )
        if digest != entry.hash:
            return ChainCheck(count, entry.seq, "the entry was changed after it was written")
        prev, expected_seq = entry.hash, expected_seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected_seq - 1 or head.last_hash != prev):
        return ChainCheck(count, expected_seq, "entries after the last one were deleted")
    return ChainCheck(count, None)
