"""What a new referral by email costs the store, in SQL statements (issue 29): at most
MAX_STATEMENTS, so a repeated read or a row written on its own cannot creep back. The
checks that make a retry safe stay: the message is looked for among those recorded before
and recorded under its mailbox key in the same commit as the referral it made."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import func, select

from panelclerk.application.inbound.router import Router
from panelclerk.store import audit
from panelclerk.store.tables import AuditEntry, ChatMessage, InboundMessage, OutboundMessage
from panelclerk.store.tables import Referral as ReferralRow

from .mail import REFERRER, form_body, message

# BEGIN; the message seen before?; the next reference; the same child referred before?;
# the referral; the audit head (locked); its chat post; the acknowledgement threaded once?;
# the message and the acknowledgement; the head moved on; the audit entries (one INSERT).
MAX_STATEMENTS = 12


@contextmanager
def statements(engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _referral(name: str) -> bytes:
    return message(REFERRER, "SCR referral", form_body(**{"child.name": name})).as_bytes()


def test_a_new_referral_by_email_costs_at_most_twelve_statements(app):
    router = Router(app)
    router.handle("first", _referral("Child First"))  # the year's counter is made once
    with statements(app.engine) as seen:
        result = router.handle("second", _referral("Child Second"))
    assert (result.kind, result.outcome) == ("referral", "accepted")
    listing = "\n".join(f"{n:2} {s[:120]}" for n, s in enumerate(seen, 1))
    assert len(seen) <= MAX_STATEMENTS, f"{len(seen)} statements:\n{listing}"
    # the retry-safe checks are still made, in the same transaction
    assert any(s.startswith("SELECT") and "inbound_message" in s for s in seen), listing
    assert any(s.startswith("INSERT INTO inbound_message") for s in seen), listing
    assert sum(s.startswith("BEGIN") for s in seen) <= 1, listing  # one transaction

    with app.uow() as uow:
        session = uow.session
        row = session.exec(select(ReferralRow).where(ReferralRow.reference == result.reference))
        referral = row.one()
        recorded = session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == "second")
        ).one()
        assert recorded.reference == referral.reference and recorded.outcome == "accepted"
        assert referral.version == 2 and referral.state != "received"  # one move, as before
        assert (
            session.exec(
                select(func.count()).where(OutboundMessage.referral_id == referral.id)
            ).one()
            == 1
        )
        assert (
            session.exec(select(func.count()).where(ChatMessage.referral_id == referral.id)).one()
            >= 1
        )
        actions = session.exec(
            select(AuditEntry.action)
            .where(AuditEntry.reference == referral.reference)
            .order_by(AuditEntry.seq)
        ).all()
        assert actions == ["receive", "submit_for_screening", "inbound"]
        assert audit.verify(session).ok


def test_the_same_message_again_applies_nothing(app):
    router = Router(app)
    raw = _referral("Child Again")
    first = router.handle("once", raw)
    again = router.handle("twice", raw)
    assert again.outcome == "duplicate" and again.reference == first.reference
    with app.uow() as uow:
        count = uow.session.exec(select(func.count()).select_from(ReferralRow)).one()
        assert count == 1
        assert audit.verify(uow.session).ok


def test_an_entry_appended_is_read_back_in_its_own_transaction(app):
    """The entries are written when the transaction commits, or before it reads the log."""
    with app.uow() as uow:
        audit.append(uow.session, at=app.clock(), actor="system", action="probe_one")
        audit.append(uow.session, at=app.clock(), actor="system", action="probe_two")
        read = uow.session.exec(
            select(AuditEntry.action).where(AuditEntry.action.startswith("probe_"))
        ).all()
        assert sorted(read) == ["probe_one", "probe_two"]
        audit.append(uow.session, at=app.clock(), actor="system", action="probe_three")
        assert audit.verify(uow.session).ok
        uow.commit()
    with app.uow() as uow:
        assert audit.verify(uow.session).ok
        assert (
            uow.session.exec(
                select(func.count()).where(AuditEntry.action.startswith("probe_"))
            ).one()
            == 3
        )


def test_an_entry_rolled_back_leaves_no_trace(app):
    with app.uow() as uow:
        audit.append(uow.session, at=app.clock(), actor="system", action="probe_lost")
        uow.rollback()
        audit.append(uow.session, at=app.clock(), actor="system", action="probe_kept")
        uow.commit()
    with app.uow() as uow:
        actions = uow.session.exec(
            select(AuditEntry.action).where(AuditEntry.action.startswith("probe_"))
        ).all()
        assert actions == ["probe_kept"]
        assert audit.verify(uow.session).ok
