from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator

import pytest

from panelclerk import boardfile
from panelclerk import clock as product_clock
from panelclerk.application import context
from panelclerk.store import audit
from panelclerk.workflow.config import BoardConfig

from .pg import PostgresServer

LONDON = context.LONDON


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
def board() -> BoardConfig:
    """The demo board, loaded once: for tests that only read it (the advice)."""
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


# Wednesday 11 November 2026, 10:00 in London: the day after the November meeting, with the
# December meeting's deadline (24 November) ahead. Every test runs at this moment, whatever
# the machine's date: nothing in the suite may depend on the day it is run.
PINNED = dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON).astimezone(dt.UTC)
_clocks: dict[str, Clock] = {}


def pytest_configure(config: pytest.Config) -> None:
    # The product run as a subprocess reads its moment from here.
    os.environ[product_clock.NOW] = PINNED.isoformat()
    os.environ.pop(product_clock.TODAY, None)
    # The audit log's key, as IT gives it to the service (never a real board's).
    os.environ["PANELCLERK_AUDIT_KEY"] = "panelclerk-test-suite-audit-key-not-secret-0001"
    os.environ.pop("PANELCLERK_AUDIT_KEY_FILE", None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # A hook rather than an autouse fixture, so Hypothesis's tests are pinned too. Each test
    # gets a clock of its own at PINNED, which its `clock` fixture moves; the product's own
    # reads of the time (table defaults, a Maildir delivery) follow it.
    _clocks[item.nodeid] = fixed = Clock(PINNED)
    product_clock.pin(fixed)
    audit.acting_through(None)  # a command line run in an earlier test acted through it


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    product_clock.pin(None)
    _clocks.pop(item.nodeid, None)


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> Clock:
    return _clocks[request.node.nodeid]


@pytest.fixture
def app(config: BoardConfig, database_url: str, clock: Clock) -> Iterator[context.App]:
    application = context.bootstrap(config, database_url, clock)
    yield application
    application.engine.dispose()


def starting_from(config: BoardConfig, clock: Clock, path, day: dt.date) -> context.App:
    """An app on a SQLite file in `path` whose mailbox goes live on `day`."""
    mailbox = config.mailbox.model_copy(update={"start_from": day})
    board = config.model_copy(update={"mailbox": mailbox})
    return context.bootstrap(board, f"sqlite:///{path / 'live.db'}", clock)


@pytest.fixture
def sqlite_app(config: BoardConfig, tmp_path, clock: Clock) -> Iterator[context.App]:
    application = context.bootstrap(config, f"sqlite:///{tmp_path / 'p.db'}", clock)
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
