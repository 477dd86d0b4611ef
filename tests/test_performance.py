"""The sub-group's effectiveness measures (Cambridgeshire 7.6): what the Business Manager
reports each year, counted from what the product already holds."""

from __future__ import annotations

import datetime as dt
import json

import docx
import pytest
from typer.testing import CliRunner

from panelclerk import boardfile
from panelclerk.application import (
    context,
    decision_notice,
    minutes,
    referrals,
    reports,
    reviewing,
    screening,
)
from panelclerk.application import decision as decision_stage
from panelclerk.application import meetings as meetings_stage
from panelclerk.cli import app as cli_app
from panelclerk.workflow.deadlines import Deadlines
from panelclerk.workflow.errors import WorkflowError
from panelclerk.workflow.performance import (
    CaseRecord,
    Effectiveness,
    MeetingRecord,
    NoticeRecord,
    PrecisRecord,
)

from .conftest import COMPLETE_FORM, another_child

D = dt.date
STANDING = frozenset({"csc", "police", "health", "education", "early_help", "probation"})


def by_name(report):
    return {m.name: m for m in report.measures}


def test_a_years_measures_count_what_was_on_time_and_name_what_was_not(config):
    """April 2026 to March 2027, asked on 20 April 2027: twelve meetings were planned."""
    meetings = [
        MeetingRecord(day, True, STANDING, agenda_sent=day - dt.timedelta(days=8))
        for day in (D(2026, 4, 14), D(2026, 5, 12), D(2026, 6, 9), D(2026, 7, 14))
    ] + [
        # papers out only 3 working days before, and probation sent no one
        MeetingRecord(D(2026, 9, 8), True, STANDING - {"probation"}, agenda_sent=D(2026, 9, 3)),
        # minutes a day late (due 30 Nov)
        MeetingRecord(D(2026, 11, 10), True, STANDING, D(2026, 11, 2), D(2026, 12, 1)),
        MeetingRecord(D(2026, 12, 8), True, STANDING, D(2026, 11, 30), D(2026, 12, 20)),
        MeetingRecord(D(2027, 3, 9), False, frozenset()),  # on the agenda, never held
    ]
    cases = [
        # decided in time; review begun late (due 20 Aug 2026), not yet due to complete
        CaseRecord(
            "SCR-2026-001",
            D(2026, 4, 20),
            D(2026, 4, 20),
            decided_on=D(2026, 5, 20),
            review_type="scr",
            review_started=D(2026, 9, 1),
        ),
        # decided late: notified 1 June, so due 1 July
        CaseRecord(
            "SCR-2026-002",
            D(2026, 6, 2),
            D(2026, 6, 1),
            decided_on=D(2026, 7, 10),
            review_type="no_review",
        ),
        CaseRecord("SCR-2026-003", D(2026, 8, 1), declined=True),  # screened out: no clock
        # never decided, overdue since 15 Oct 2026
        CaseRecord("SCR-2026-004", D(2026, 9, 15), D(2026, 9, 15)),
        # received 1 April 2027: its month runs past today and is not counted yet
        CaseRecord("SCR-2027-001", D(2027, 4, 1), D(2027, 4, 1)),
    ]
    sent = [
        NoticeRecord("SCR-2026-001", "Department for Education", D(2026, 5, 20), D(2026, 5, 21)),
        NoticeRecord("SCR-2026-001", "National SCR Panel", D(2026, 5, 20), D(2026, 6, 10)),
    ]
    report = Effectiveness(config, Deadlines(config)).report(
        D(2026, 4, 1), D(2027, 3, 31), D(2027, 4, 20), meetings, cases, sent
    )
    measures = by_name(report)

    held = measures["planned SCR sub-group meetings held"]
    assert (held.met, held.counted) == (7, 12)
    assert report.unheld == (
        D(2026, 8, 11),
        D(2026, 10, 13),
        D(2027, 1, 12),
        D(2027, 2, 9),
        D(2027, 3, 9),
    )
    assert report.cancelled == ()  # the demo board's cancelled meeting is in August 2027

    papers = measures["agenda and papers sent"]
    assert (papers.met, papers.counted, papers.percent) == (6, 7, 86)
    assert [m.what for m in papers.missed] == ["2026-09-08"]

    minutes = measures["minutes circulated"]
    # held meetings whose minutes were due by now: the four spring ones have none recorded
    assert (minutes.met, minutes.counted) == (1, 7)
    assert [(m.what, m.done) for m in minutes.missed][-1] == ("2026-11-10", D(2026, 12, 1))

    decision = measures["decision by the Independent Chair"]
    assert decision.rule == "within 1 month of the notification"
    assert [(i.what, i.on_time) for i in decision.items] == [
        ("SCR-2026-001", True),
        ("SCR-2026-002", False),
        ("SCR-2026-004", False),  # not decided, and past its date: a miss, not left out
    ]

    notices_ = measures["statutory notices sent"]
    assert [(i.what, i.on_time) for i in notices_.items] == [
        ("SCR-2026-001 to Department for Education", True),
        ("SCR-2026-001 to National SCR Panel", False),  # 21 days
    ]

    begun = measures["review begun"]
    assert [(i.what, i.due, i.done) for i in begun.items] == [
        ("SCR-2026-001", D(2026, 8, 20), D(2026, 9, 1))
    ]  # a decision of no review has nothing to begin
    assert measures["review completed"].counted == 0  # due May 2027

    attendance = {a.agency: (a.attended, a.held, a.percent) for a in report.attendance}
    assert attendance["police"] == (7, 7, 100)
    assert attendance["probation"] == (6, 7, 86)
    assert report.received == 4 and report.declined == 1
    assert report.decisions == (("Serious Case Review", 1), ("No review", 1))


def test_what_is_at_risk_is_open_and_due_within_thirty_days_or_overdue(config):
    """7.6: the sub-group raises with the Chair any agencies or actions at risk."""
    today = D(2027, 4, 20)
    cases = [
        CaseRecord(
            "SCR-2026-001",
            D(2026, 5, 1),
            D(2026, 5, 1),
            decided_on=D(2026, 5, 12),
            review_type="scr",
            review_started=D(2026, 7, 1),
        ),  # completes by 12 May
        CaseRecord("SCR-2026-004", D(2026, 9, 15), D(2026, 9, 15)),  # decision overdue
        # a month from 1 April ends on Saturday 1 May: due the Friday before
        CaseRecord("SCR-2027-001", D(2027, 4, 1), D(2027, 4, 1)),
        CaseRecord("SCR-2027-002", D(2027, 4, 21), D(2027, 4, 21)),  # by 21 May: not yet
        CaseRecord("SCR-2027-003", D(2027, 1, 5), declined=True),
    ]
    waiting = [
        PrecisRecord("SCR-2027-001", "police", D(2027, 5, 4), None),
        PrecisRecord("SCR-2027-001", "csc", D(2027, 5, 4), D(2027, 4, 2)),  # arrived
    ]
    risks = Effectiveness(config, Deadlines(config)).at_risk(today, cases, precis=waiting)
    assert [(r.what, r.task, r.due, r.agency) for r in risks] == [
        ("SCR-2026-004", "decision by the Independent Chair", D(2026, 10, 15), None),
        ("SCR-2027-001", "decision by the Independent Chair", D(2027, 4, 30), None),
        ("SCR-2027-001", "précis", D(2027, 5, 4), "police"),
        ("SCR-2026-001", "review completed", D(2027, 5, 12), None),
    ]


def test_a_rapid_review_is_measured_against_its_fifteen_working_days():
    """Working Together 2023: the partnership's measure is the rapid review's window, and
    its reviews must finish within 6 months, as its preset says."""
    wt = boardfile.load_board(None, "working-together-2023")
    cases = [
        CaseRecord(
            "RR-2026-001",
            D(2026, 3, 2),
            D(2026, 3, 2),
            decided_on=D(2026, 3, 20),
            review_type="lcspr",
            review_started=D(2026, 4, 1),
            review_completed=D(2026, 10, 1),
        ),
        CaseRecord(
            "RR-2026-002",
            D(2026, 5, 4),
            D(2026, 5, 4),
            decided_on=D(2026, 6, 1),
            review_type="lcspr",
            review_started=D(2026, 6, 10),
        ),
    ]
    report = Effectiveness(wt, Deadlines(wt)).report(
        D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 10), [], cases
    )
    measures = by_name(report)
    window = measures["rapid review completed"]
    assert window.rule == "within 15 working days of the notification"
    assert [(i.what, i.due, i.on_time) for i in window.items] == [
        ("RR-2026-001", D(2026, 3, 23), True),
        ("RR-2026-002", D(2026, 5, 26), False),  # the 25 May bank holiday counted out
    ]
    assert "decision by the safeguarding partners" not in measures
    completed = measures["review completed"]
    assert completed.rule == "within 6 months of the decision"
    assert [(i.what, i.on_time) for i in completed.items] == [
        ("RR-2026-001", False),  # 1 Oct, due 20 Sep
        ("RR-2026-002", False),  # due 1 Dec, not done
    ]


def test_the_business_manager_records_a_meeting_with_no_referral_and_its_attendance(app, clock):
    """A meeting that reviewed action plans and discussed no referral is on record too, and
    its minutes fall due; only the Business Manager records it, for a meeting that was."""
    clock.to(D(2026, 11, 12))
    assert meetings_stage.record_meeting(app, D(2026, 11, 10), "bm", ["police", "csc"]) == (
        "csc",
        "police",
    )
    assert meetings_stage.record_meeting(app, D(2026, 11, 10), "bm", ["health"]) == (
        "csc",
        "health",
        "police",
    )
    [due] = minutes.minutes_outstanding(app)
    assert (due.date, due.minutes_due) == (D(2026, 11, 10), D(2026, 11, 30))
    refusals = [
        ("chair", D(2026, 11, 10), ["police"], "only the Business Manager may record"),
        (
            "bm",
            D(2026, 11, 10),
            ["polis"],
            r"names agencies the board file does not have: polis\. The board's",
        ),
        ("bm", D(2026, 11, 10), [], "Name at least one agency"),
        ("bm", D(2026, 12, 8), ["police"], "has not happened yet"),
        (
            "bm",
            D(2026, 11, 11),
            ["police"],
            "No SCR sub-group meeting is scheduled on Wednesday 11",
        ),
    ]
    for who, day, attended, message in refusals:
        with pytest.raises(WorkflowError, match=message):
            meetings_stage.record_meeting(app, day, who, attended)
    report = reports.effectiveness(app, D(2026, 11, 1), D(2026, 11, 30))
    assert {a.agency: a.attended for a in report.attendance}["health"] == 1
    assert {a.agency: a.attended for a in report.attendance}["probation"] == 0


def test_a_meeting_not_on_record_is_pointed_out_until_the_business_manager_records_it(app, clock):
    """The day after a planned meeting that discussed no referral, `status` and the Business
    Manager's App Home say it is not on record; recorded, its minutes fall due instead."""
    from panelclerk.bot.conversations import Conversations

    clock.to(D(2026, 11, 10), 12)
    assert minutes.meetings_unrecorded(app) == [D(2026, 10, 13)]  # not today's, yet
    clock.to(D(2026, 11, 11))
    assert minutes.meetings_unrecorded(app) == [D(2026, 10, 13), D(2026, 11, 10)]
    home = " ".join(Conversations(app).home("bm").lines)
    assert "The meeting of 10 Nov is not on record as held: record who attended" in home
    assert "the page of the meeting of 10 November 2026 in the console" in home
    assert not any("not on record" in line for line in Conversations(app).home("chair").lines)
    meetings_stage.record_meeting(app, D(2026, 11, 10), "bm", ["csc", "police"])
    assert minutes.meetings_unrecorded(app) == [D(2026, 10, 13)]
    assert [m.date for m in minutes.minutes_outstanding(app)] == [D(2026, 11, 10)]
    clock.to(D(2026, 11, 13))  # more than 30 days on, October's is no longer pointed out
    assert minutes.meetings_unrecorded(app) == []
    clock.to(D(2027, 1, 13))
    assert minutes.meetings_unrecorded(app) == [D(2027, 1, 12)]  # not 8 December's


def test_the_report_reads_the_store_reviews_from_the_audit_log_and_precis_awaited(app, clock):
    """From the life cycle as it happened: the decision, the review's start (an audited
    move) and an agency's précis still awaited for the next meeting."""
    ref = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(app, ref, "chair")
    clock.to(D(2026, 12, 8), 12)
    meetings_stage.record_discussion(app, ref, "bm", ["csc", "police", "health"])
    clock.to(D(2026, 12, 15))
    decision_stage.record_decision(app, ref, "chair", review_type="scr", rationale="Met.")
    decision_notice.notify_decision(app, ref)
    clock.to(D(2027, 3, 22))  # due 15 March: a week late
    reviewing.start_review(app, ref, "bm")
    told = {**another_child(1), "incident.notified_date": "2027-03-19"}
    later = referrals.receive_referral(app, told).reference
    screening.place_on_agenda(app, later, "chair")  # the April meeting
    report = reports.effectiveness(app, D(2026, 4, 1), D(2027, 3, 31))
    measures = by_name(report)
    assert [(i.what, i.due, i.done) for i in measures["review begun"].items] == [
        (ref, D(2027, 3, 15), D(2027, 3, 22))
    ]
    # notified 3 November: the month ran out on 3 December, before the meeting of the 8th
    assert [(i.what, i.on_time) for i in measures["decision by the Independent Chair"].items] == [
        (ref, False)
    ]
    # the notices are still in the outbox (nothing sent them): due 29 December, missed
    sent = measures["statutory notices sent"]
    assert [(i.due, i.done) for i in sent.items] == [(D(2026, 12, 29), None)] * 3
    risks = {(r.what, r.task, r.agency) for r in report.at_risk}
    assert (later, "précis", "police") in risks
    assert (ref, "review completed", None) not in risks  # due December 2027


def test_report_from_the_command_line_as_a_table_and_as_json(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    application = context.bootstrap(config, url, clock)
    ref = referrals.receive_referral(application, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(application, ref, "chair")
    clock.to(D(2026, 12, 8), 12)
    meetings_stage.record_discussion(application, ref, "bm", ["csc", "police"])
    application.engine.dispose()
    runner = CliRunner()

    def cli(*args, today="2027-02-20"):
        return runner.invoke(cli_app, ["--today", today, "--database-url", url, *args])

    done = cli("attendance", "12/01/2027", "csc", "education", "--as", "bm")
    assert done.exit_code == 0, done.output
    assert "12 Jan 2027 is recorded as held; attended: csc, education" in done.stdout
    wrong = cli("attendance", "13/01/2027", "csc", "--as", "bm")
    assert wrong.exit_code == 1 and "No SCR sub-group meeting is scheduled" in wrong.stderr

    status = " ".join(cli("status").stdout.split())
    assert "the meeting of 09 Feb 2027 is not on record as held: once held, panelclerk " in status
    assert "12 Jan 2027 is not on record" not in status  # recorded above
    assert json.loads(cli("status", "--json").stdout)["meetings_not_on_record"] == ["2027-02-09"]
    shown = " ".join(cli("report", "--from", "2026-11-01", "--to", "2027-02-20").stdout.split())
    assert "SCR sub-group, Fenmarsh LSCB: 01 Nov 2026 to 20 Feb 2027" in shown
    assert "1 referral received, 0 declined; decided: none" in shown
    assert "panelclerk attendance DATE AGENCY" in shown  # 9 Feb is not on record
    # the first record is the referral of 11 November: 10 November's meeting is not counted
    assert "records begin on 11 Nov 2026: meetings before it are not counted" in shown
    assert "03 Dec 2026 overdue" in shown  # the decision, at risk now
    assert "Zebedee" not in shown and "Quillfeather" not in shown
    data = json.loads(cli("report", "--json", "--to", "2027-02-20").stdout)
    assert (data["from"], data["records_from"]) == ("2026-02-21", "2026-11-11")
    held, _, minutes, *_ = data["measures"]
    assert (held["on_time"], held["counted"], held["per"]) == (2, 3, "meeting")
    assert held["missed"] == [{"what": "2027-02-09", "due": "2027-02-09", "done": None}]
    assert minutes["missed"] == [
        {"what": "2026-12-08", "due": "2027-01-04", "done": None},
        {"what": "2027-01-12", "due": "2027-02-01", "done": None},
    ]
    assert {a["agency"]: a["attended"] for a in data["attendance"]}["education"] == 1
    assert data["at_risk"][0] == {
        "reference": ref,
        "what": "decision by the Independent Chair",
        "agency": None,
        "due": "2026-12-03",
    }
    # the Word copy for the annual report: the same figures, reference codes only
    written = tmp_path / "measures.docx"
    made = cli("report", "--from", "2026-11-01", "--to", "2027-02-20", "--docx", str(written))
    assert made.exit_code == 0, made.output
    assert oct(written.stat().st_mode & 0o777) == "0o600"  # only its owner reads it
    word = docx.Document(str(written))
    measures, attendance, at_risk = (
        [[c.text for c in row.cells] for row in t.rows] for t in word.tables
    )
    assert measures[1][:3] == [
        "planned SCR sub-group meetings held",
        "100% of planned meetings take place",
        "2 of 3 (67%)",
    ]
    assert measures[1][3] == "09 Feb 2027 (not on record as held)"
    assert "Records begin on 11 November 2026" in " ".join(p.text for p in word.paragraphs)
    assert attendance[2] == ["Fenmarsh Constabulary", "1 of 2 (50%)"]
    assert at_risk[1] == [ref, "decision by the Independent Chair", "", "03 Dec 2026"]
    words = " ".join(p.text for p in word.paragraphs) + str(measures + at_risk)
    assert "Zebedee" not in words and "Quillfeather" not in words
    assert word.sections[0].header.paragraphs[0].text.startswith("OFFICIAL-SENSITIVE: reference")
    backwards = cli("report", "--from", "2027-01-01", "--to", "2026-12-01")
    assert backwards.exit_code == 2 and "is before --from" in backwards.stderr


def test_a_review_recorded_late_is_measured_from_the_day_it_began(tmp_path, config, clock):
    """The Business Manager hears a review began a week after the fact: `--on` keeps the
    day it began (7.6 is measured from it), and the command line prepares the lead
    reviewer's Learning Summary as the demo does."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    application = context.bootstrap(config, url, clock)
    ref = referrals.receive_referral(application, dict(COMPLETE_FORM)).reference
    screening.place_on_agenda(application, ref, "chair")
    clock.to(D(2026, 12, 8), 12)
    meetings_stage.record_discussion(application, ref, "bm", ["csc", "police"])
    clock.to(D(2026, 12, 15))
    decision_stage.record_decision(application, ref, "chair", review_type="scr", rationale="Met.")
    decision_notice.notify_decision(application, ref)
    application.engine.dispose()
    runner = CliRunner()

    def cli(*args, today="2027-03-22"):
        return runner.invoke(cli_app, ["--today", today, "--database-url", url, *args])

    early = cli("move", ref, "start_review", "--as", "bm", "--on", "2026-12-01")
    assert early.exit_code == 1
    assert "give a day between the decision (15 Dec 2026) and today" in early.stderr
    wrong = cli("move", ref, "complete_review", "--as", "bm", "--on", "2027-03-01")
    assert wrong.exit_code == 1
    assert (
        "SCR-2026-001 is at the stage \u201cdecision sent\u201d, so you cannot record its "
        "review as complete now: that can be done only at the stage \u201creview underway\u201d."
        in wrong.stderr
    )
    misplaced = cli("move", ref, "place_on_agenda", "--as", "chair", "--on", "2027-03-01")
    assert misplaced.exit_code == 2 and "--on is for start_review" in misplaced.stderr
    begun = cli("move", ref, "start_review", "--as", "bm", "--on", "1/3/2027")
    assert begun.exit_code == 0, begun.output
    assert f"panelclerk documents {ref} --out DIR" in " ".join(begun.stdout.split())
    out = tmp_path / "docs"
    assert cli("documents", ref, "--out", str(out)).exit_code == 0
    assert (out / f"{ref} learning summary.docx").exists()
    data = json.loads(cli("report", "--json", "--from", "2026-04-01", "--to", "2027-03-31").stdout)
    [begun_measure] = [m for m in data["measures"] if m["name"] == "review begun"]
    # due 15 March; begun 1 March though recorded on the 22nd: on time
    assert (begun_measure["on_time"], begun_measure["counted"]) == (1, 1)
    done = cli(
        "move", ref, "complete_review", "--as", "bm", "--on", "2027-11-30", today="2027-12-20"
    )
    assert done.exit_code == 0, done.output
    data = json.loads(cli("report", "--json", today="2027-12-20").stdout)
    [completed] = [m for m in data["measures"] if m["name"] == "review completed"]
    assert (completed["on_time"], completed["counted"]) == (1, 1)  # due 15 Dec 2027
