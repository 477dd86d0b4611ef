"""The console's action plans: the RAG board by plan and agency, adding and rating actions,
and an agency's emailed update read and its ratings applied, as the signed-in person."""

from __future__ import annotations

import datetime as dt

from panelclerk.application import actionplans
from panelclerk.application.inbound.router import Router

from .mail import message
from .web_support import HOSTILE, audit_entries, csrf_of, demo_client, sign_in

PLAN = "Neglect audit 2026"
DUE = dt.date(2027, 6, 30)


def _actions(app) -> None:
    actionplans.add(app, PLAN, "Audit attendance at strategy meetings.", "police", DUE, "bm")
    actionplans.add(app, PLAN, "Review thresholds for referral.", "csc", DUE, "bm")


def _held_update(app, body: str) -> int:
    """An agency's update sent as a new message, held for the Business Manager."""
    msg = message(
        sender="ruth.okafor@police.fenmarsh.example", subject="Action plan update", body=body
    )
    result = Router(app).handle("update-1", msg.as_bytes())
    assert (result.kind, result.outcome) == ("action_update", "held"), result
    from sqlmodel import select

    from panelclerk.store.tables import InboundMessage

    with app.uow() as uow:
        row = uow.session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == "update-1")
        ).one()
        assert row.id is not None
        return row.id


def test_the_board_shows_each_action_by_plan_and_agency_with_its_rating_in_words(sqlite_app):
    _actions(sqlite_app)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/actions")
    assert page.status_code == 200
    text = page.text
    assert PLAN in text and f"{PLAN}/1" in text and f"{PLAN}/2" in text
    assert "Audit attendance at strategy meetings." in text
    assert "Fenmarsh Constabulary" in text and "Fenmarsh Children&#39;s Social Care" in text
    # the word, not the colour alone; a new action nobody has rated is never shown green
    assert 'govuk-tag--grey">Not yet rated</strong>' in text and "Green</strong>" not in text
    assert "30 June 2027" in text and "2 open actions" in text
    assert 'href="/actions"' in text  # in the navigation
    assert "Add the action" in text and "Record the rating" in text
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    seen = chair.get("/actions").text
    assert f"{PLAN}/1" in seen and "Record the rating" not in seen  # the BM's acts


def test_the_rating_banner_names_only_an_action_that_exists(sqlite_app):
    """`/actions?done=rated&key=...` is an address anyone can send: the banner repeats no
    words from it, only the key of an action the board has."""
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    token = csrf_of(bm.get("/actions").text)
    added = {"plan": PLAN, "text": "Audit attendance.", "agency": "police", "due-day": "30"}
    added |= {"due-month": "6", "due-year": "2027", "csrf_token": token}
    assert bm.post("/actions/add", data=added).status_code == 200
    forged = "Your session has ended: sign in again at evil.example"
    for key in (forged, f"{PLAN}/9", ""):
        page = bm.get("/actions", params={"done": "rated", "key": key})
        assert page.status_code == 200
        assert "evil.example" not in page.text and f"{PLAN}/9" not in page.text
        assert "The rating is recorded." in page.text  # the plain banner, without a key
    named = bm.get("/actions", params={"done": "rated", "key": f"{PLAN.lower()}/1"})
    assert f"The rating of {PLAN}/1 is recorded." in named.text  # as the store has it
    assert "govuk-notification-banner" not in bm.get("/actions", params={"done": "x"}).text


def test_the_business_manager_adds_and_rates_an_action_and_each_is_audited(sqlite_app):
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    token = csrf_of(bm.get("/actions").text)
    empty = bm.post("/actions/add", data={"csrf_token": token})
    assert empty.status_code == 400 and 'href="#plan"' in empty.text
    assert 'href="#text"' in empty.text and 'href="#due-day"' in empty.text
    form = {
        "csrf_token": token,
        "plan": PLAN,
        "text": "Audit attendance at strategy meetings.",
        "agency": "police",
        "due-day": "30",
        "due-month": "6",
        "due-year": "2027",
    }
    past = bm.post("/actions/add", data={**form, "due-year": "2025"})
    assert past.status_code == 400 and "has passed" in past.text
    added = bm.post("/actions/add", data=form)
    assert added.status_code == 200
    assert f"The action {PLAN}/1 is added. It shows as not yet rated until its agency" in (
        added.text
    )
    assert f"{PLAN}/1" in added.text
    [entry] = audit_entries(sqlite_app, "add_action")
    assert entry.actor == "bm" and entry.details["action"] == f"{PLAN}/1"
    rate = {"csrf_token": token, "action": f"{PLAN}/1", "rating": "amber", "note": "half done"}
    rated = bm.post("/actions/rate", data=rate)
    assert rated.status_code == 200 and f"The rating of {PLAN}/1 is recorded" in rated.text
    assert 'govuk-tag--orange">Amber</strong>' in rated.text and "half done" in rated.text
    [entry] = audit_entries(sqlite_app, "rate_action")
    assert entry.actor == "bm" and entry.details == {
        "action": f"{PLAN}/1",
        "from": "unrated",
        "to": "amber",
    }
    unknown = bm.post("/actions/rate", data={**rate, "action": f"{PLAN}/9"})
    assert unknown.status_code == 400 and f"There is no action {PLAN}/9" in unknown.text
    assert "panelclerk" not in unknown.text.split("<main")[1]  # a page, never a command
    done = bm.post("/actions/rate", data={**rate, "rating": "complete", "note": ""})
    assert "No open actions." in done.text and "Show complete actions too" in done.text
    everything = bm.get("/actions", params={"all": "1"}).text
    assert 'govuk-tag--blue">Complete</strong>' in everything


def test_a_member_without_the_right_is_refused_every_action_page(sqlite_app):
    _actions(sqlite_app)
    number = _held_update(sqlite_app, f"{PLAN}/1: amber, half done")
    member = demo_client(sqlite_app)
    sign_in(member, "csc_head")
    home = member.get("/")
    assert "Action plans" not in home.text
    for path in ("/actions", f"/actions/updates/{number}"):
        refused = member.get(path)
        assert refused.status_code == 403, path
    token = csrf_of(home.text)
    for path in ("/actions/add", "/actions/rate", f"/actions/updates/{number}/apply"):
        assert member.post(path, data={"csrf_token": token}).status_code == 403, path
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    assert chair.get(f"/actions/updates/{number}").status_code == 403  # its words: the BM's
    refused = chair.post(
        "/actions/rate",
        data={"csrf_token": csrf_of(chair.get("/actions").text), "action": f"{PLAN}/1"},
    )
    assert refused.status_code == 403 and "Only the Business Manager" in refused.text
    assert audit_entries(sqlite_app, "read_kept") == []
    assert audit_entries(sqlite_app, "rate_action") == []


def test_an_agencys_update_is_read_defused_and_its_ratings_applied(sqlite_app, clock):
    _actions(sqlite_app)
    body = f"Hello {HOSTILE}\n{PLAN}/1: amber, half the audit done\n{PLAN}/2: green"
    number = _held_update(sqlite_app, body)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    listed = bm.get("/mail").text
    assert f'href="/actions/updates/{number}"' in listed
    page = bm.get(f"/actions/updates/{number}")
    assert page.status_code == 200
    text = page.text
    assert "\x1b" not in text and "\x9b" not in text and "[2J" in text  # defused
    assert 'govuk-tag--orange">Amber</strong>' in text and "half the audit done" in text
    assert f"Apply the ratings of update {number}" in text
    [read] = audit_entries(sqlite_app, "read_kept")
    assert read.actor == "bm" and read.details == {"inbound_id": number}
    clock.now += dt.timedelta(minutes=10)  # applied later than it came
    applied = bm.post(f"/actions/updates/{number}/apply", data={"csrf_token": csrf_of(text)})
    assert applied.status_code == 200 and "The agency's update is applied" in applied.text
    assert "amber on 11 Nov 2026" in applied.text
    assert "not Fenmarsh Constabulary&#39;s action" in applied.text  # the care service's
    [entry] = audit_entries(sqlite_app, "apply_update")
    assert entry.actor == "bm" and entry.details == {"inbound_id": number, "recorded": 1}
    rated = {e.details["action"]: e.actor for e in audit_entries(sqlite_app, "rate_action")}
    assert rated == {f"{PLAN}/1": "bm"}
    assert bm.get(f"/actions/updates/{number}").status_code == 404  # applied once only
    assert f'href="/actions/updates/{number}"' not in bm.get("/mail").text


def test_an_update_dismissed_from_held_mail_says_so_rather_than_released(sqlite_app):
    from panelclerk.application.inbound import kept

    _actions(sqlite_app)
    number = _held_update(sqlite_app, f"{PLAN}/1: green")
    kept.dismiss(sqlite_app, number, "bm", "sent to us twice")
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get(f"/actions/updates/{number}")
    assert page.status_code == 404
    assert "no longer waiting: it was dismissed" in page.text
    assert "released" not in page.text


def test_a_new_action_is_said_to_be_not_yet_rated_named_by_its_words_and_added_once(sqlite_app):
    """The banner says what the table shows; the rating list tells actions apart by their
    words; the same action sent twice (a double click, or typed again) is refused."""
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    token = csrf_of(bm.get("/actions").text)
    long = (
        "Review the thresholds for referral to children's social care across every partner "
        "agency and report to the board."
    )
    form = {"csrf_token": token, "plan": PLAN, "text": long, "agency": "police"}
    form |= {"due-day": "30", "due-month": "6", "due-year": "2027"}
    added = bm.post("/actions/add", data=form)
    assert added.status_code == 200
    assert f"The action {PLAN}/1 is added. It shows as not yet rated until its agency" in (
        added.text
    )
    assert "rated green" not in added.text and "Not yet rated</strong>" in added.text
    assert (
        f'<option value="{PLAN}/1">{PLAN}/1: Review the thresholds for referral to '
        "children&#39;s social\u2026 (Fenmarsh Constabulary)</option>" in added.text
    )
    again = bm.post("/actions/add", data={**form, "text": long.upper().replace(" ", "  ")})
    assert again.status_code == 400 and (
        f"This action is on the plan already for Fenmarsh Constabulary, as {PLAN}/1: rate that "
        "one, or word this one differently." in again.text
    )
    assert len(audit_entries(sqlite_app, "add_action")) == 1
    other = bm.post("/actions/add", data={**form, "agency": "csc"})  # another agency's
    assert other.status_code == 200 and f"The action {PLAN}/2 is added." in other.text
    past = bm.post("/actions/add", data={**form, "text": "Another.", "due-year": "2020"})
    assert past.status_code == 400 and (
        "The date the action is to be done by, 30 June 2020, has passed: give today or a "
        "later date." in past.text
    )
