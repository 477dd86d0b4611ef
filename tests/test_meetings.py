"""The meeting schedule and the dates hanging off it (Cambridgeshire 7.1-7.3, 7.6)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from panelclerk import boardfile
from panelclerk.workflow.config import parse_config
from panelclerk.workflow.deadlines import Deadlines


def test_monthly_second_tuesday_a_year_ahead_with_cancellation(config):
    meetings = Deadlines(config).schedule.year_ahead(dt.date(2026, 11, 22))
    dates = [m.date for m in meetings]
    assert all(d.weekday() == 1 for d in dates)  # Tuesday mornings
    assert dates[0] == dt.date(2026, 12, 8)
    assert dt.date(2027, 8, 10) not in dates  # cancelled in the demo board's config
    assert len(dates) == 11
    first = meetings[0]
    assert first.submission_deadline == dt.date(2026, 11, 24)  # 10 working days before
    assert first.agenda_dispatch == dt.date(2026, 12, 1)  # 5 working days before
    assert first.minutes_due == dt.date(2027, 1, 4)  # 14 working days, over Christmas


def test_item_after_the_deadline_moves_to_the_next_meeting(config):
    schedule = Deadlines(config).schedule
    on_time = schedule.slot_for(dt.date(2026, 11, 24))
    assert on_time.meeting.date == dt.date(2026, 12, 8) and on_time.missed is None
    late = schedule.slot_for(dt.date(2026, 11, 25))
    assert late.meeting.date == dt.date(2027, 1, 12)
    assert late.missed is not None and late.missed.date == dt.date(2026, 12, 8)


def test_a_meeting_on_a_bank_holiday_moves_to_the_next_working_day():
    data = boardfile.resolve(boardfile._parse_toml(boardfile._preset_text("demo"), "demo"), "demo")
    data["meetings"] = dict(data["meetings"], week_of_month=-1, weekday="monday")
    config = parse_config(data, "test")
    meetings = Deadlines(config).schedule.between(dt.date(2027, 5, 1), dt.date(2027, 6, 30))
    # The last Monday of May 2027 is the Spring bank holiday.
    assert [m.date for m in meetings] == [dt.date(2027, 6, 1), dt.date(2027, 6, 28)]
    assert meetings[0].moved_from == dt.date(2027, 5, 31)


def test_a_meeting_recorded_held_opens_recommendations_on_the_referrals_it_had(sqlite_app, clock):
    """Cambridgeshire 4.3: the meeting discussed what was on its agenda. Recording it held,
    with who attended, is the one step: no separate, hidden `record_discussion` per case."""
    from panelclerk.application import meetings, referrals, screening
    from panelclerk.store.tables import AuditEntry

    from .conftest import COMPLETE_FORM, another_child

    first = referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM)).reference
    second = referrals.receive_referral(sqlite_app, another_child(1)).reference
    for reference in (first, second):
        screening.place_on_agenda(sqlite_app, reference, "chair")
    clock.to(dt.date(2026, 12, 8), 13)
    attended = meetings.record_meeting(sqlite_app, dt.date(2026, 12, 8), "bm", ["police", "csc"])
    assert attended == ("csc", "police")
    with sqlite_app.uow() as uow:
        states = {r: uow.referrals.row(r, lock=False).state for r in (first, second)}
        moves = [
            (e.reference, e.actor, e.details.get("attended"))
            for e in uow.session.exec(select(AuditEntry))
            if e.action == "record_discussion"
        ]
    assert states == {first: "discussed", second: "discussed"}
    assert sorted(moves) == [(first, "bm", ["csc", "police"]), (second, "bm", ["csc", "police"])]
    # recorded again (an agency left out), nothing is discussed twice
    meetings.record_meeting(sqlite_app, dt.date(2026, 12, 8), "bm", ["health"])
    with sqlite_app.uow() as uow:
        again = [e for e in uow.session.exec(select(AuditEntry)) if e.action == "record_discussion"]
    assert len(again) == 2


def test_a_meeting_held_no_longer_offers_its_agenda_pack_and_the_cancel_hint_fits(
    sqlite_app, clock
):
    """On the meeting's day the pack is offered until the meeting is recorded held; a
    meeting gone by is cancelled telling nobody, and its reason box says so."""
    from .web_support import csrf_of, demo_client, sign_in

    clock.to(dt.date(2026, 12, 8), 9)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/meetings/2026-12-08").text
    assert "Confirm and send the agenda pack" in page
    token = csrf_of(page)
    held = bm.post("/meetings/2026-12-08/held", data={"csrf_token": token, "agency": "csc"})
    assert held.status_code == 200 and "recorded as held" in held.text
    assert "Confirm and send the agenda pack" not in held.text
    late = bm.post("/meetings/2026-12-08/agenda", data={"csrf_token": token})
    assert late.status_code == 400 and (
        "The meeting of 8 December 2026 is on record as held: its agenda pack is no longer sent."
        in late.text
    )
    gone = bm.get("/meetings/2026-11-10").text  # past, not recorded as held
    assert "It is past: cancelling records that it did not take place, and tells nobody." in gone
    assert "The reason is kept on record; nobody is told it (300 characters at most)." in gone
    assert "The members are told this reason" not in gone
    empty = bm.post("/meetings/2026-11-10/cancel", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 400 and "Enter the reason for cancelling" in empty.text
    assert "the members are told it" not in empty.text
    ahead = bm.get("/meetings/2027-01-12").text
    assert "The members are told this reason (300 characters at most)." in ahead
    assert "nobody is told" not in ahead


def test_a_referral_goes_only_on_or_to_a_meeting_ahead_and_planned(sqlite_app, clock):
    """Placing or moving, whoever asks (chat, console, command line): a meeting gone by, held
    or cancelled is refused in a sentence, and nothing is asked of the agencies."""
    import pytest

    from panelclerk.application import meeting_changes, meetings, referrals, screening
    from panelclerk.store.tables import AuditEntry, OutboundMessage
    from panelclerk.workflow.errors import WorkflowError

    from .conftest import COMPLETE_FORM

    app = sqlite_app
    reference = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    meetings.record_meeting(app, dt.date(2026, 11, 10), "bm", ["csc"])
    meeting_changes.cancel_meeting(app, dt.date(2027, 1, 12), "chair", "No business.")
    refusals = {
        dt.date(2026, 11, 10): "The meeting of Tuesday 10 November 2026 has gone by: choose a "
        "meeting after today.",
        dt.date(2026, 11, 11): "The meeting of Wednesday 11 November 2026 is today: choose a "
        "meeting after today.",
        dt.date(2027, 1, 12): "The meeting of Tuesday 12 January 2027 is cancelled: choose "
        "another meeting.",
        dt.date(2027, 1, 13): "No SCR sub-group meeting is planned on Wednesday 13 January "
        "2027: choose one of the board's meetings.",
    }
    for day, words in refusals.items():
        with pytest.raises(WorkflowError) as refused:
            screening.place_on_agenda(app, reference, "chair", day)
        assert str(refused.value) == words
    with app.uow() as uow:
        assert uow.referrals.row(reference, lock=False).state == "awaiting_screening"
        sent = uow.session.exec(select(OutboundMessage.kind)).all()
    assert not [kind for kind in sent if kind.startswith("precis")]
    screening.place_on_agenda(app, reference, "chair", dt.date(2026, 12, 8))
    for day in (dt.date(2026, 11, 10), dt.date(2027, 1, 12)):
        with pytest.raises(WorkflowError, match="choose"):
            meetings.reschedule(app, reference, "chair", day)
    assert meetings.reschedule(app, reference, "bm") == dt.date(2027, 2, 9)  # not January's
    with app.uow() as uow:
        [moved] = uow.session.exec(select(AuditEntry).where(AuditEntry.action == "reschedule"))
    assert moved.actor == "bm"
    assert (moved.details["moved_from"], moved.details["meeting_date"]) == (
        "2026-12-08",
        "2027-02-09",
    )
