"""Everything a step of the process needs, built once: the application (`App`: the board's
config, the store, the clock, the templates) and the unit of work each step runs in.
Nothing is built at import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from .. import clock
from ..outbox import compose
from ..store import audit
from ..store.engine import ensure_current, make_engine
from ..store.tables import Agency as AgencyRow
from ..store.tables import Board as BoardRow
from ..store.tables import Document, OutboundMessage
from ..store.tables import Meeting as MeetingRow
from ..store.tables import Person as PersonRow
from ..store.uow import UnitOfWork
from ..workflow.config import BoardConfig
from ..workflow.deadlines import Deadlines
from ..workflow.errors import WorkflowError
from ..workflow.referral import Actor

utcnow = clock.now  # the product's one clock (panelclerk.clock)


@dataclass
class App:
    """Everything a command needs, built once by bootstrap(); nothing is built at import."""

    config: BoardConfig
    engine: Engine
    clock: Callable[[], dt.datetime] = utcnow
    board_id: int = 0
    templates_dir: str | None = None  # the board's own templates, searched first
    deadlines: Deadlines = field(init=False)

    def __post_init__(self) -> None:
        self.deadlines = Deadlines(self.config)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine)

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads: never queued behind a writer (see
        `store.engine.reading`)."""
        return UnitOfWork(self.engine, read_only=True)

    def refresh_meetings(self) -> None:
        """The schedule with the meetings the Chair cancelled through the product as well as
        the config's: read again on each pass of the monitor, since another process (the
        command line) may have cancelled one since."""
        with self.uow() as uow:
            stored = uow.session.exec(
                select(col(MeetingRow.date)).where(MeetingRow.status == "cancelled")
            ).all()
        wanted = tuple(sorted(set(self.config.meetings.cancelled) | set(stored)))
        if wanted != self.deadlines.config.meetings.cancelled:
            rule = self.config.meetings.model_copy(update={"cancelled": wanted})
            self.deadlines = Deadlines(self.config.model_copy(update={"meetings": rule}))

    def today(self) -> dt.date:
        return self.local_date(self.clock())

    @staticmethod
    def local_date(at: dt.datetime) -> dt.date:
        """The calendar date in England of a moment: what every deadline counts from."""
        return at.astimezone(LONDON).date()

    def email(self, template: str, **context: Any) -> tuple[str, str, str]:
        """Subject, text and HTML of one email, with the board's words and its own templates."""
        config = self.config
        return compose.render_email(
            template,
            override_dir=self.templates_dir,
            board=config.board,
            terms=config.terms,
            limits=config.time_limits,
            framework=config.framework,
            **context,
        )

    def queue_email(
        self,
        uow: UnitOfWork,
        template: str,
        *,
        kind: str,
        recipients: list[str],
        at: dt.datetime,
        referral_id: int | None = None,
        in_reply_to: str | None = None,
        attachments: Sequence[Document] = (),
        **context: Any,
    ) -> OutboundMessage:
        """One email from a template into the outbox, in the caller's transaction."""
        subject, text, html = self.email(template, **context)
        return compose.queue(
            uow,
            self.config,
            kind=kind,
            recipients=recipients,
            subject=subject,
            text=text,
            html=html,
            referral_id=referral_id,
            in_reply_to=in_reply_to,
            attachments=attachments,
            at=at,
        )

    def actor(self, person_id: str) -> Actor:
        if person_id == "system":
            return Actor.system()
        if self.config.person(person_id) is None:
            raise WorkflowError(f"unknown person {person_id!r}: not in the board config")
        return Actor.of(self.config, person_id)


LONDON: dt.tzinfo = clock.LONDON


def bootstrap(
    config: BoardConfig,
    database_url: str,
    clock: Callable[[], dt.datetime] = utcnow,
    audit_key: audit.AuditKey | None = None,
    *,
    seal_unkeyed: bool = False,
) -> App:
    """The application on its database. The audit key is the one given, else the
    environment's (`audit.require_key`: none refuses before the database is touched); a key
    that is not the log's own, or an upgraded log not yet sealed under it, refuses too.
    A schema older or newer than the code refuses, naming `panelclerk migrate`; a new,
    empty database is created at the newest schema. Nothing else here upgrades."""
    key = audit_key or audit.require_key()
    engine = make_engine(database_url)
    try:
        ensure_current(engine)
        audit.use_key(engine, key)
        with UnitOfWork(engine) as uow:
            if audit.open_with(uow.session, key, clock(), seal=seal_unkeyed):
                uow.commit()
    except BaseException:
        engine.dispose()
        raise
    app = App(config, engine, clock, templates_dir=config.board.templates_dir)
    sync_board(app)
    app.refresh_meetings()
    return app


def sync_board(app: App) -> None:
    """Mirror the config's board, agencies and people into the store (the config wins)."""
    config = app.config
    with app.uow() as uow:
        session = uow.session
        board = session.exec(select(BoardRow)).first()  # one board per database
        if board is None:
            board = BoardRow(
                key=config.reference_prefix.lower(),
                name=config.board.name,
                framework=config.framework.id,
            )
        board.name, board.framework = config.board.name, config.framework.id
        session.add(board)
        session.flush()
        assert board.id is not None
        agencies = {a.key: a for a in session.exec(select(AgencyRow))}
        for agency in config.agencies:
            row = agencies.get(agency.id) or AgencyRow(board_id=board.id, key=agency.id, name="")
            row.name, row.standing_member = agency.name, agency.standing_member
            session.add(row)
        people = {p.key: p for p in session.exec(select(PersonRow))}
        for person in config.people:
            prow = people.get(person.id) or PersonRow(
                board_id=board.id, key=person.id, name="", email=""
            )
            prow.name, prow.email, prow.agency_key = person.name, person.email, person.agency
            prow.roles = list(person.roles)
            session.add(prow)
        uow.commit()
    app.board_id = board.id


@contextmanager
def work(app: App, uow: UnitOfWork | None = None) -> Iterator[UnitOfWork]:
    """The caller's transaction when given (it commits), else a new one committed here."""
    if uow is not None:
        yield uow
        return
    with app.uow() as own:
        yield own
        own.commit()
