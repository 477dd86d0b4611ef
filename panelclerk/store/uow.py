"""The unit of work: one transaction per command, rolled back unless commit() is called."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.engine import Engine

from .audit import AuditedSession
from .engine import reading
from .referrals import ReferralRepository


class UnitOfWork:
    """`read_only`: a transaction that only reads (see `engine.reading`); the database
    refuses a write in it."""

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only

    def __enter__(self) -> UnitOfWork:
        bind = reading(self.engine) if self.read_only else self.engine
        self.session: AuditedSession = AuditedSession(bind, expire_on_commit=False)
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
