"""The unit of work: one transaction per command, rolled back unless commit() is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.engine import Engine

from .audit import AuditedSession
from .referrals import ReferralRepository


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> UnitOfWork:
        self.session: AuditedSession = AuditedSession(self.engine, expire_on_commit=False)
        self.referrals = ReferralRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() returns the connection, which rolls back anything not committed, and
        # detaches loaded rows without expiring them, so read helpers can return them.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
