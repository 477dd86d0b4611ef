"""Time is an input: one clock, one setting, and mail dated by when it arrived.

Every test here runs at the suite's pinned moment (conftest.PINNED), or at a moment it names;
CI runs the suite again with the machine's clock moved more than a year ahead, so a test that
read the machine's date would fail there."""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime

from sqlmodel import Session, create_engine, select
from typer.testing import CliRunner

from panelclerk import clock as product_clock
from panelclerk.application import context
from panelclerk.application.inbound.router import Router
from panelclerk.boardfile import _preset_text
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.store.tables import Referral
from panelclerk.workflow.calendar import WorkingCalendar

from .conftest import LONDON, PINNED
from .mail import message, referral


def london(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), LONDON)


def arrived_at(when: dt.datetime, **kwargs) -> bytes:
    """A referral as the board's mail server stored it: its topmost Received header says when
    the server took it (the sender's Date says 9 November whatever)."""
    stamp = format_datetime(when.astimezone(dt.UTC))
    return (
        f"Received: from mx.hospitals.fenmarsh.example by mx.fenmarsh-lscb.example;\r\n {stamp}\r\n"
    ).encode() + referral(**kwargs)


def ingest(tmp_path, today: str, files: dict[str, bytes]) -> list[dict]:
    folder = tmp_path / f"outage-{today}"
    folder.mkdir()
    for name, raw in files.items():
        (folder / name).write_bytes(raw)
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    args = ["--today", today, "--database-url", url, "ingest", str(folder), "--json"]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_product_reads_the_time_in_one_place_and_honours_its_setting(monkeypatch):
    product_clock.pin(None)
    monkeypatch.setenv(product_clock.NOW, "2027-12-24T09:30")
    monkeypatch.delenv(product_clock.TODAY, raising=False)
    assert product_clock.now() == dt.datetime(2027, 12, 24, 9, 30, tzinfo=dt.UTC)  # GMT
    assert context.utcnow() == product_clock.now()
    monkeypatch.setenv(product_clock.NOW, "2028-07-01T09:30")  # summer time: UTC+1
    assert product_clock.now() == dt.datetime(2028, 7, 1, 8, 30, tzinfo=dt.UTC)
    monkeypatch.setenv(product_clock.TODAY, "2028-02-29")  # the shorthand, noon UTC
    assert product_clock.now() == dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)
    assert product_clock.today() == dt.date(2028, 2, 29)


def test_a_clock_setting_that_cannot_be_read_is_named_with_what_it_takes(monkeypatch):
    monkeypatch.setenv(product_clock.NOW, "next tuesday")
    result = CliRunner().invoke(cli_app, ["meetings"])
    assert result.exit_code == 2
    assert "PANELCLERK_NOW: expected a date (YYYY-MM-DD)" in result.stderr
    result = CliRunner().invoke(cli_app, ["--now", "2027-13-01T10:00", "meetings"])
    assert result.exit_code == 2 and "--now: expected a date" in result.stderr


def test_an_outage_backfill_keeps_each_messages_arrival_date(tmp_path):
    """The mailbox was unread from 19 to 27 November. A referral that reached the server on
    20 November met the December meeting's deadline (24 November): it is on that meeting,
    not late, and dated the 20th. The same mail with no record of its arrival is dated the
    day it was read, and so is late."""
    rows = ingest(
        tmp_path,
        "2026-11-27",
        {
            "arrived-20-nov.eml": arrived_at(london(dt.date(2026, 11, 20))),
            "no-arrival.eml": referral(),
        },
    )
    on_time, unknown = rows
    assert (on_time["outcome"], on_time["meeting"]) == ("accepted", "2026-12-08")
    assert (unknown["outcome"], unknown["meeting"]) == ("late", "2027-01-12")
    engine = create_engine(f"sqlite:///{tmp_path / 'backfill.db'}")
    with Session(engine) as session:
        row = session.exec(select(Referral).where(Referral.reference == on_time["reference"]))
        assert row.one().received_on == dt.date(2026, 11, 20)
    engine.dispose()


def test_mail_read_after_the_meeting_it_was_in_time_for_goes_to_the_next_not_as_late(tmp_path):
    [row] = ingest(
        tmp_path, "2026-12-09", {"arrived-20-nov.eml": arrived_at(london(dt.date(2026, 11, 20)))}
    )
    assert (row["outcome"], row["meeting"]) == ("accepted", "2027-01-12")


def test_mail_that_arrived_on_new_years_eve_is_numbered_in_its_own_year(tmp_path):
    rows = ingest(
        tmp_path,
        "2027-01-04",
        {
            "1-new-years-eve.eml": arrived_at(london(dt.date(2026, 12, 31), 23, 30)),
            "2-monday.eml": arrived_at(london(dt.date(2027, 1, 4), 9)),
        },
    )
    assert [r["reference"] for r in rows] == ["SCR-2026-001", "SCR-2027-001"]


def test_the_monitor_dates_maildir_mail_by_its_delivery_not_by_its_reading(tmp_path, config, clock):
    app = context.bootstrap(config, f"sqlite:///{tmp_path / 'm.db'}", clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(), at=london(dt.date(2026, 11, 24), 16))  # the deadline day
    box.deliver(message(subject="lunch?").as_bytes())  # delivered now, by the clock
    clock.to(dt.date(2026, 11, 26))  # read two days later, after the deadline
    results = Router(app).run_once(box)
    assert [(r.kind, r.outcome, r.meeting) for r in results] == [
        ("unrelated", "held", None),  # delivered first
        ("referral", "accepted", "2026-12-08"),
    ]
    app.engine.dispose()


def test_a_mail_server_clock_ahead_of_ours_never_dates_mail_in_the_future(tmp_path, config, clock):
    app = context.bootstrap(config, f"sqlite:///{tmp_path / 'f.db'}", clock)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral(), at=PINNED + dt.timedelta(days=400))
    [result] = Router(app).run_once(box)
    assert (result.reference, result.meeting) == ("SCR-2026-001", "2026-12-08")
    app.engine.dispose()


def test_yearly_closure_days_close_the_board_every_year():
    board = WorkingCalendar("GB", "ENG", every_year=[(12, 24), (12, 31), (2, 29)])
    for year in (2026, 2027, 2028, 2031):
        for day in (24, 31):
            closed = dt.date(year, 12, day)
            if closed.weekday() < 5:
                assert not board.is_working_day(closed)
                assert board.why_closed(closed) == "board closure day"
    assert not board.is_working_day(dt.date(2028, 2, 29))  # a Tuesday, in a leap year
    assert board.is_working_day(dt.date(2027, 3, 1))  # and nothing in another year
    # the deadline ten working days before the January 2028 meeting counts past them
    assert board.add_working_days(dt.date(2027, 12, 23), 1) == dt.date(2027, 12, 29)


def board_file(tmp_path, calendar: str):
    """The demo board with its [calendar] table replaced."""
    demo = _preset_text("demo")
    start, end = demo.index("[calendar]"), demo.index("[meetings]")
    board = tmp_path / "board.toml"
    board.write_text(demo[:start] + calendar + "\n\n" + demo[end:])
    return board


def test_a_yearly_closure_day_that_is_not_a_day_of_the_year_is_refused(tmp_path):
    board = board_file(tmp_path, '[calendar]\nclosure_days_every_year = ["12-32"]')
    result = CliRunner().invoke(cli_app, ["check-config", str(board)])
    assert result.exit_code == 2
    assert "calendar.closure_days_every_year" in result.stderr
    assert 'expected a day of the year as "MM-DD"' in result.stderr


def check_config(tmp_path, today: str, calendar: str):
    board = board_file(tmp_path, calendar)
    return CliRunner().invoke(cli_app, ["--today", today, "check-config", str(board)])


def test_check_config_warns_when_the_boards_closure_days_run_out_within_the_year(tmp_path):
    one_off = '[calendar]\nclosure_days = ["2026-12-24", "2026-12-31"]'
    result = check_config(tmp_path, "2026-11-11", one_off)
    assert result.exit_code == 0, result.output
    assert (
        "warning: the board's closure days end on 31 December 2026, within the year ahead "
        "(to 11 November 2027)" in result.stdout
    )
    yearly = '[calendar]\nclosure_days_every_year = ["12-24", "12-31"]'
    assert "closure days end" not in check_config(tmp_path, "2027-12-24", yearly).stdout


def test_check_config_counts_the_meetings_of_the_year_from_its_own_today(tmp_path):
    yearly = '[calendar]\nclosure_days_every_year = ["12-24", "12-31"]'
    # the year from 11 November 2026 includes August 2027, cancelled by the Chair
    assert "11 meetings in the year ahead" in check_config(tmp_path, "2026-11-11", yearly).stdout
    assert "12 meetings in the year ahead" in check_config(tmp_path, "2028-02-29", yearly).stdout


def test_check_config_warns_when_the_holidays_package_has_no_bank_holidays_for_the_year(
    tmp_path,
):
    yearly = '[calendar]\nclosure_days_every_year = ["12-24"]'
    result = check_config(tmp_path, "2100-06-01", yearly)
    assert "no bank holidays for GB-ENG in 2101" in result.stdout


def test_a_console_session_runs_out_though_the_boards_moment_is_fixed(monkeypatch):
    """A trial fixes the date the rules see; a session left open still ends after its idle
    minutes, since nothing else would end it."""
    from panelclerk.web.sessions import SessionStore

    product_clock.pin(PINNED)  # as PANELCLERK_NOW does for a trial
    passing = [1000.0]
    monkeypatch.setattr(product_clock.time, "monotonic", lambda: passing[0])
    product_clock.pin(PINNED)
    store = SessionStore(b"k" * 32, dt.timedelta(minutes=30), dt.timedelta(hours=12))
    cookie = store.cookie_value(store.new("bm"))
    passing[0] += 29 * 60
    assert store.get(cookie) is not None
    passing[0] += 31 * 60
    assert store.get(cookie) is None
    assert product_clock.now() == PINNED  # the rules' date has not moved
