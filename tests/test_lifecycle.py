"""The referral aggregate: allowed moves, roles, decisions (pure, no store)."""

from __future__ import annotations

import datetime as dt

import pytest

from panelclerk.workflow.errors import (
    InvalidDecision,
    MoveNotAllowed,
    NotPermitted,
    WorkflowError,
)
from panelclerk.workflow.lifecycle import MOVES, State
from panelclerk.workflow.referral import Actor, Decision, Referral

AT = dt.datetime(2026, 11, 9, 10, tzinfo=dt.UTC)


def referral(state=State.AWAITING_SCREENING):
    return Referral("SCR-2026-001", state, dt.date(2026, 11, 9))


def test_chair_places_on_agenda_and_the_event_is_recorded(config):
    r = referral()
    event = r.apply(
        "place_on_agenda", Actor.of(config, "chair"), AT, meeting_date=dt.date(2026, 12, 8)
    )
    assert r.state == State.ON_AGENDA and r.meeting_date == dt.date(2026, 12, 8)
    assert (event.source, event.target, event.actor) == (
        State.AWAITING_SCREENING,
        State.ON_AGENDA,
        "chair",
    )


def test_a_move_not_allowed_from_this_state_is_explained(config):
    r = referral(State.RECEIVED)
    with pytest.raises(MoveNotAllowed) as info:
        r.apply("record_decision", Actor.of(config, "chair"), AT)
    assert str(info.value) == (
        "SCR-2026-001 is at the stage \u201creceived\u201d, so you cannot record the decision "
        "now: that can be done only at the stage \u201cdiscussed\u201d or \u201cdecision "
        "pending\u201d."
    )
    assert r.state == State.RECEIVED and not r.events


def test_only_the_decision_maker_decides(config):
    r = referral(State.DECISION_PENDING)
    decision = Decision.make(
        config,
        review_type="scr",
        rationale="met",
        decided_on=dt.date(2026, 12, 15),
        decided_by="csc_head",
    )
    for who in ("csc_head", "bm", "hospital_named_nurse"):
        with pytest.raises(
            NotPermitted, match="only the Independent Chair may record the decision"
        ):
            r.apply("record_decision", Actor.of(config, who), AT, decision=decision)
    r.apply("record_decision", Actor.of(config, "chair"), AT, decision=decision)
    assert r.state == State.DECIDED


def test_more_information_returns_the_referral_where_it_was(config):
    r = referral(State.DECISION_PENDING)
    r.apply("request_more_info", Actor.of(config, "chair"), AT)
    assert r.state == State.MORE_INFO_REQUESTED
    r.apply("receive_more_info", Actor.system(), AT)
    assert r.state == State.DECISION_PENDING


def test_a_referral_asked_about_on_its_agenda_is_not_placed_on_another(config):
    """Found by the chat model: placing it again put it on two agendas (or crashed on the
    same one) and asked every agency for a second précis."""
    chair = Actor.of(config, "chair")
    r = referral()
    r.apply("place_on_agenda", chair, AT, meeting_date=dt.date(2026, 12, 8))
    r.apply("request_more_info", chair, AT)
    with pytest.raises(WorkflowError) as refused:
        r.apply("place_on_agenda", chair, AT, meeting_date=dt.date(2027, 1, 12))
    assert str(refused.value) == (
        "SCR-2026-001: already on the agenda of 08 Dec 2026; it stays there while the "
        "referrer is asked for more information"
    )
    assert r.meeting_date == dt.date(2026, 12, 8)
    r.apply("receive_more_info", Actor.system(), AT)
    assert r.state == State.ON_AGENDA


def test_the_chair_may_screen_a_referral_without_waiting_for_the_answer(config):
    chair = Actor.of(config, "chair")
    r = referral()
    r.apply("request_more_info", chair, AT)
    r.apply("place_on_agenda", chair, AT, meeting_date=dt.date(2026, 12, 8))
    assert (r.state, r.paused_from) == (State.ON_AGENDA, None)


def test_every_state_but_the_closed_ones_has_a_way_on():
    reachable = {State.RECEIVED}
    for move in MOVES.values():
        if move.target:
            reachable.add(move.target)
    assert reachable == set(State)
    sources = {s for m in MOVES.values() for s in m.sources}
    assert set(State) - sources == {State.DECLINED, State.REVIEW_COMPLETE}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"review_type": "full_inquiry"}, "unknown review type 'full_inquiry'"),
        ({"review_type": "scr", "rationale": "  "}, "needs its rationale"),
        ({"review_type": "no_review", "lead_reviewer": "X"}, "no lead reviewer"),
        ({"review_type": "peer_review", "methodology": "intensive"}, "takes no methodology"),
    ],
)
def test_a_decision_must_fit_the_boards_review_types(config, kwargs, message):
    args = {"rationale": "reason", "decided_on": dt.date(2026, 12, 15), "decided_by": "chair"}
    with pytest.raises(InvalidDecision, match=message):
        Decision.make(config, **{**args, **kwargs})


def test_north_west_scr_needs_its_methodology():
    from panelclerk import boardfile

    nw = boardfile.load_board(None, "north-west-2014")
    with pytest.raises(InvalidDecision, match="intensive, targeted"):
        Decision.make(
            nw,
            review_type="scr",
            rationale="r",
            decided_on=dt.date(2026, 12, 15),
            decided_by="chair",
        )
    ok = Decision.make(
        nw,
        review_type="scr",
        methodology="targeted",
        rationale="r",
        decided_on=dt.date(2026, 12, 15),
        decided_by="chair",
    )
    assert ok.kind == "statutory" and ok.starts_review


def test_no_review_decision_closes_at_notification(config):
    r = referral(State.DECISION_PENDING)
    decision = Decision.make(
        config,
        review_type="no_review",
        rationale="not met",
        decided_on=dt.date(2026, 12, 15),
        decided_by="chair",
    )
    r.apply("record_decision", Actor.of(config, "chair"), AT, decision=decision)
    r.apply("record_notifications", Actor.system(), AT)
    assert r.closed
    with pytest.raises(Exception, match="there is none to start"):
        r.apply("start_review", Actor.of(config, "bm"), AT)
