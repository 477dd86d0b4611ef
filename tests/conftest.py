from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from panelclerk import boardfile, services
from panelclerk.workflow.config import BoardConfig

from .pg import PostgresServer

LONDON = services.LONDON


class Clock:
    """A settable clock: tests move it to the dates the rules care about."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def to(self, day: dt.date, hour: int = 10) -> None:
        self.now = dt.datetime.combine(day, dt.time(hour), LONDON).astimezone(dt.UTC)


@pytest.fixture(scope="session")
def config() -> BoardConfig:
    return boardfile.load_board()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'panelclerk.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"t{next(_names)}")


@pytest.fixture
def clock() -> Clock:
    # Wednesday 11 November 2026, 10:00 in London: the day after the November meeting, with
    # the December meeting's deadline (24 November) ahead.
    return Clock(dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON).astimezone(dt.UTC))


@pytest.fixture
def app(config: BoardConfig, database_url: str, clock: Clock) -> Iterator[services.App]:
    application = services.bootstrap(config, database_url, clock)
    yield application
    application.engine.dispose()


def starting_from(config: BoardConfig, clock: Clock, path, day: dt.date) -> services.App:
    """An app on a SQLite file in `path` whose mailbox goes live on `day`."""
    mailbox = config.mailbox.model_copy(update={"start_from": day})
    board = config.model_copy(update={"mailbox": mailbox})
    return services.bootstrap(board, f"sqlite:///{path / 'live.db'}", clock)


@pytest.fixture
def sqlite_app(config: BoardConfig, tmp_path, clock: Clock) -> Iterator[services.App]:
    application = services.bootstrap(config, f"sqlite:///{tmp_path / 'p.db'}", clock)
    yield application
    application.engine.dispose()


COMPLETE_FORM = {
    "referrer.name": "Kim Walsh",
    "referrer.role": "Named Nurse",
    "referrer.agency": "Fenmarsh Hospitals NHS Trust",
    "referrer.email": "kim.walsh@hospitals.fenmarsh.example",
    "referrer.date": "2026-11-09",
    "referrer.lead_consulted": "yes",
    "child.name": "Zebedee Quillfeather",
    "child.date_of_birth": "2013-05-02",
    "child.home_authority": "Fenmarsh County Council",
    "child.legal_status": "child in need",
    "incident.date": "2026-11-02",
    "incident.notified_date": "2026-11-03",
    "incident.summary": "Head injury; earlier bruising seen by school and GP.",
    "incident.outcome": "seriously harmed",
    "incident.abuse_or_neglect": "physical abuse suspected",
    "agencies.involved": "police, social care, health",
    "concerns.interagency": "Information not shared between school, GP and social care.",
}


def another_child(number: int) -> dict[str, str]:
    """The complete form about a different child each time (a burst of referrals is about
    many children; the same child twice is pointed out to the Business Manager)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters = chr(65 + rest) + letters
        if not number:
            break
    return {**COMPLETE_FORM, "child.name": f"Child {letters}"}
