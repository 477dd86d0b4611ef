"""A meeting cancelled by the Chair when no business is expected (Cambridgeshire 7.6), and a
referral moved to another meeting: the schedule, the agencies and the members follow."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import (
    context,
    meeting_changes,
    meetings,
    minutes,
    precis,
    referrals,
    reports,
    screening,
)
from panelclerk.cli import app as cli_app
from panelclerk.store.tables import AgendaItem, AuditEntry, OutboundMessage, Precis
from panelclerk.store.tables import Meeting as MeetingRow
from panelclerk.workflow.errors import WorkflowError

from .conftest import COMPLETE_FORM

D = dt.date


def outbox(app, kind):
    with app.uow() as uow:
        rows = uow.session.exec(select(OutboundMessage).order_by(OutboundMessage.id))
        return [m for m in rows if m.kind.startswith(kind)]


def test_a_meeting_with_no_business_is_cancelled_and_members_told_the_next(app, clock):
    """11 November 2026: January's meeting has nothing on it. Cancelled, it leaves the
    schedule in this process and in any other that reads the store; reinstated, it returns."""
    with pytest.raises(WorkflowError, match=r"Only the Independent Chair \(or the Business"):
        meeting_changes.cancel_meeting(app, D(2027, 1, 12), "csc_head")
    assert meeting_changes.cancel_meeting(app, D(2027, 1, 12), "chair", "No business.") == D(
        2027, 2, 9
    )
    assert D(2027, 1, 12) not in [m.date for m in app.deadlines.schedule.year_ahead(app.today())]
    other = context.bootstrap(app.config, str(app.engine.url), app.clock)  # `serve`, say
    assert other.deadlines.schedule.find(D(2027, 1, 12)) is None
    [told] = outbox(app, "meeting_cancelled")
    assert {"alex.morgan@fenmarsh-lscb.example", "ruth.okafor@police.fenmarsh.example"} <= set(
        told.recipients
    )  # the Chair and every member
    assert "kim.walsh@hospitals.fenmarsh.example" not in told.recipients
    assert "has cancelled the SCR sub-group meeting of Tuesday 12 January 2027: No business." in (
        " ".join(told.text_body.split())
    )
    assert "The next meeting is on Tuesday 09 February 2027" in told.text_body
    # a referral arriving now goes to the meeting after, not the cancelled one
    clock.to(D(2026, 12, 10))
    receipt = referrals.receive_referral(app, dict(COMPLETE_FORM))
    assert receipt.slot.meeting.date == D(2027, 2, 9)
    with app.uow() as uow:
        actions = [e.action for e in uow.session.exec(select(AuditEntry))]
    assert "cancel_meeting" in actions
    meeting_changes.reinstate_meeting(app, D(2027, 1, 12), "bm")
    assert app.deadlines.schedule.find(D(2027, 1, 12)) is not None
    assert len(outbox(app, "meeting_reinstated")) == 1
    with pytest.raises(WorkflowError, match="was not cancelled here"):
        meeting_changes.reinstate_meeting(app, D(2027, 1, 12), "bm")


def test_a_meeting_with_business_is_refused_naming_it_until_the_referral_is_moved(app, clock):
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")  # 8 December
    precis.record_precis(app, ref, "police", "One incident.", author_email="r@x.example")
    with pytest.raises(
        WorkflowError, match=f"has business on it: {ref}. Move each referral to another"
    ):
        meeting_changes.cancel_meeting(app, D(2026, 12, 8), "chair")
    clock.to(D(2026, 12, 1))  # past the précis reminder date: some were reminded
    precis.send_precis_reminders(app)
    assert meetings.reschedule(app, ref, "chair") == D(2027, 1, 12)
    with app.uow() as uow:
        row = uow.referrals.row(ref, lock=False)
        [item] = uow.session.exec(select(AgendaItem).where(AgendaItem.referral_id == row.id))
        meeting = uow.session.get(MeetingRow, item.meeting_id)
        waiting = uow.session.exec(
            select(Precis).where(Precis.referral_id == row.id, Precis.received_at.is_(None))
        ).all()
    assert (row.meeting_date, row.state, meeting.date) == (
        D(2027, 1, 12),
        "precis_requested",
        D(2027, 1, 12),
    )
    assert waiting and all(p.reminded_at is None for p in waiting)  # reminded again later
    asked = [m for m in outbox(app, "precis_request") if "moved from the meeting" in m.text_body]
    assert len(asked) == len(waiting)  # each agency still owing one, told the new date
    assert "by Tuesday 05 January 2027" in " ".join(asked[0].text_body.split())
    assert not any("police" in r for m in asked for r in m.recipients)  # its précis came
    assert {m.status for m in outbox(app, "precis_reminder")} == {"withdrawn"}
    meeting_changes.cancel_meeting(app, D(2026, 12, 8), "chair")  # nothing on it now
    with pytest.raises(WorkflowError, match="is on the agenda of Tuesday 12 January 2027 already"):
        meetings.reschedule(app, ref, "chair", D(2027, 1, 12))  # its own
    with pytest.raises(WorkflowError, match="No SCR sub-group meeting is planned on Wednesday"):
        meetings.reschedule(app, ref, "chair", D(2027, 1, 13))


def test_a_past_meeting_that_did_not_take_place_is_not_counted_as_missed(app, clock):
    """Recorded afterwards, with nobody told: the year's measures stop counting it."""
    clock.to(D(2026, 11, 20))
    assert minutes.meetings_unrecorded(app) == [D(2026, 11, 10)]
    meeting_changes.cancel_meeting(app, D(2026, 11, 10), "bm")
    assert minutes.meetings_unrecorded(app) == []
    assert outbox(app, "meeting_cancelled") == []
    report = reports.effectiveness(app, D(2026, 11, 1), D(2026, 11, 30))
    assert report.cancelled == (D(2026, 11, 10),)
    assert report.measures[0].counted == 0
    meetings.record_meeting(app, D(2026, 10, 13), "bm", ["csc"])
    with pytest.raises(WorkflowError, match="is on record as held: it cannot be cancelled"):
        meeting_changes.cancel_meeting(app, D(2026, 10, 13), "bm")
    with pytest.raises(
        WorkflowError, match="No SCR sub-group meeting is planned on Wednesday 11 November"
    ):
        meeting_changes.cancel_meeting(app, D(2026, 11, 11), "bm")


def test_cancel_and_reschedule_from_the_command_line(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    application = context.bootstrap(config, url, clock)
    ref = referrals.receive_referral(application, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(application, ref, "chair")
    application.engine.dispose()
    runner = CliRunner()

    def cli(*args):
        return runner.invoke(cli_app, ["--today", "2026-11-11", "--database-url", url, *args])

    refused = cli("cancel-meeting", "8/12/2026", "--as", "chair")
    assert refused.exit_code == 1 and f"has business on it: {ref}" in refused.stderr
    moved = cli("move", ref, "reschedule", "--meeting", "12/1/2027", "--as", "chair")
    assert moved.exit_code == 0, moved.output
    done = cli("cancel-meeting", "8/12/2026", "--as", "chair", "--reason", "Nothing to discuss.")
    assert done.exit_code == 0, done.output
    assert "cancelled; members are told; the next is 12 Jan 2027" in done.stdout
    listed = cli("meetings", "--json", "--from", "2026-11-11")
    assert "2026-12-08" not in listed.stdout and "2027-01-12" in listed.stdout
    back = cli("reinstate-meeting", "2026-12-08", "--as", "chair")
    assert back.exit_code == 0 and "goes ahead" in back.stdout
    assert "2026-12-08" in cli("meetings", "--json", "--from", "2026-11-11").stdout
