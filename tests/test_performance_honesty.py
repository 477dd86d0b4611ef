"""The report says what it counts: a meeting before go-live is not judged late, and a
message that only had "referral" in its subject is not a referral received."""

from __future__ import annotations

import datetime as dt

from panelclerk.application import meetings as meetings_stage
from panelclerk.application import referrals, reports
from panelclerk.workflow.deadlines import Deadlines
from panelclerk.workflow.performance import CaseRecord, Effectiveness, MeetingRecord

from .conftest import COMPLETE_FORM, starting_from

D = dt.date
STANDING = frozenset({"csc", "police", "health", "education", "early_help", "probation"})


def by_name(report):
    return {m.name: m for m in report.measures}


def test_a_meeting_before_go_live_is_not_counted_late(config):
    """Live from 1 October 2026: September's meeting happened outside the product (no agenda
    or minutes on record). It is not a late agenda nor late minutes; its attendance counts."""
    meetings = [
        MeetingRecord(D(2026, 9, 8), True, STANDING),
        MeetingRecord(D(2026, 10, 13), True, STANDING, D(2026, 10, 5), D(2026, 10, 20)),
    ]
    report = Effectiveness(config, Deadlines(config)).report(
        D(2026, 4, 1), D(2027, 3, 31), D(2026, 11, 20), meetings, [], records_from=D(2026, 10, 1)
    )
    measures = by_name(report)
    for name in ("agenda and papers sent", "minutes circulated"):
        assert [(i.what, i.on_time) for i in measures[name].items] == [("2026-10-13", True)]
    assert report.records_from == D(2026, 10, 1)
    assert {a.agency: a.attended for a in report.attendance}["police"] == 2


def test_a_message_that_was_not_a_referral_is_not_counted_as_one(config):
    cases = [
        CaseRecord("SCR-2026-010", D(2026, 11, 2), D(2026, 11, 1)),
        CaseRecord("SCR-2026-011", D(2026, 11, 3), referral=False),  # "Re: referral form?"
        CaseRecord("SCR-2026-012", D(2026, 11, 4), declined=True, referral=False),
    ]
    report = Effectiveness(config, Deadlines(config)).report(
        D(2026, 11, 1), D(2026, 12, 31), D(2027, 1, 20), [], cases
    )
    assert (report.received, report.declined, report.not_referrals) == (1, 0, 2)
    decision = by_name(report)["decision by the Independent Chair"]
    assert [i.what for i in decision.items] == ["SCR-2026-010"]
    assert {r.what for r in report.at_risk} == {"SCR-2026-010"}


def test_the_stores_report_counts_from_go_live_and_only_real_referrals(config, clock, tmp_path):
    """Set up on 11 November, the mailbox went live on 1 December 2026; the Business Manager
    records November's meeting, held before go-live, for its attendance. A question about
    the process, with "referral" in its subject, opened a referral naming no child."""
    app = starting_from(config, clock, tmp_path, D(2026, 12, 1))
    try:
        referrals.receive_referral(app, dict(COMPLETE_FORM))
        referrals.receive_referral(
            app,
            {"referrer.email": "kim.walsh@hospitals.fenmarsh.example", "referrer.name": "Kim"},
            source="email",
        )
        meetings_stage.record_meeting(app, D(2026, 11, 10), "bm", ["police", "csc"])
        clock.to(D(2026, 12, 20))
        report = reports.effectiveness(app, D(2026, 4, 1), D(2027, 3, 31))
    finally:
        app.engine.dispose()
    assert (report.received, report.not_referrals) == (1, 1)
    assert report.records_from == D(2026, 12, 1)
    minutes = by_name(report)["minutes circulated"]  # due 30 November, none on record
    assert "2026-11-10" not in [i.what for i in minutes.items]
    assert {a.agency: a.attended for a in report.attendance}["police"] == 1
