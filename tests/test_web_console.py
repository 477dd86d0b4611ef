"""The console in process (Starlette's TestClient): security headers, sessions, CSRF,
roles on every request, audited views and the demo sign-in's limits."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from starlette.routing import Route

from panelclerk import boardfile
from panelclerk.application import context, meetings, screening
from panelclerk.web.app import create_console
from panelclerk.web.security import CSP
from panelclerk.web.settings import ConsoleSettingError, ConsoleSettings

from .web_support import (
    DECEMBER,
    HOSTILE,
    JANUARY,
    NOVEMBER,
    SECRET,
    TENANT,
    audit_entries,
    client,
    csrf_of,
    demo_client,
    demo_settings,
    discussed,
    entra,
    failures,
    kept_message,
    outbox,
    provider,
    referral,
    sign_in,
)

# ---- headers ---------------------------------------------------------------------------


def test_every_response_has_a_strict_csp_and_pages_are_never_stored(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    reference = referral(sqlite_app)
    pages = ("/sign-in", "/pipeline", f"/referrals/{reference}", "/mail", "/nowhere")
    records = ("/actions", "/report", "/report/2026/charts/measures.svg", "/data-protection")
    for path in (*pages, "/meetings", f"/meetings/{DECEMBER}", "/failed", *records):
        response = browser.get(path)
        headers = response.headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store", path
    directives = dict(d.split(" ", 1) for d in CSP.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no CDN
    assert "unsafe" not in CSP and "http" not in CSP
    # only Teams may frame it (as a tab); no other site, not even the console itself
    assert directives["frame-ancestors"] == (
        "teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft"
    )
    css = browser.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200 and "GDS Transport" not in css.text
    assert "no-store" not in css.headers["cache-control"]


def test_no_page_carries_inline_script_or_a_cdn(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    pages = ("/pipeline", f"/referrals/{reference}", "/mail", f"/mail/{number}", "/meetings")
    for path in (*pages, f"/meetings/{DECEMBER}", "/failed", "/actions", "/report"):
        html = browser.get(path).text
        for script in html.split("<script")[1:]:
            assert 'src="/static/' in script.split(">", 1)[0], script[:80]
        assert "//cdn" not in html and "https://" not in html


def test_another_host_name_is_refused(sqlite_app):
    """A page reached under another name (DNS rebinding onto the loopback demo) is not served."""
    browser = demo_client(sqlite_app)
    assert browser.get("/sign-in", headers={"host": "attacker.example"}).status_code == 400


# ---- sessions --------------------------------------------------------------------------


def test_the_cookie_holds_only_a_signed_id_and_signing_in_gives_a_new_one(sqlite_app):
    browser = demo_client(sqlite_app)
    browser.get("/demo-sign-in")
    before = browser.cookies["panelclerk"]
    page = browser.get("/demo-sign-in")
    browser.post(
        "/demo-sign-in",
        data={"csrf_token": csrf_of(page.text), "person": "bm"},
        follow_redirects=False,
    )
    after = browser.cookies["panelclerk"]
    assert after != before  # no session fixation
    # a random id and its signature, nothing else (a check for the letters "bm" in it failed
    # about once in a hundred runs: a random id can hold them)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+", after)
    response = browser.get("/pipeline")
    assert response.status_code == 200
    set_cookie = browser.get("/sign-out").headers.get("set-cookie")
    assert set_cookie is None  # GET never ends or starts a session by surprise
    raw = client(browser.app)
    forged = after[:-2] + ("yy" if after.endswith("xx") else "xx")  # a forged signature
    raw.cookies.set("panelclerk", forged)
    assert raw.get("/pipeline", follow_redirects=False).status_code == 303


def test_the_session_cookie_attributes(sqlite_app):
    browser = demo_client(sqlite_app)
    header = browser.get("/demo-sign-in").headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    assert "Secure" not in header  # loopback over plain http: the demo
    secure = ConsoleSettings(
        secret=SECRET,
        host="0.0.0.0",
        public_url="https://console.fenmarsh.example",
        oidc=entra("https://login.example"),
    )
    assert secure.secure_cookie and "console.fenmarsh.example" in secure.allowed_hosts


def test_a_session_ends_after_thirty_idle_minutes(sqlite_app, clock):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    clock.now += dt.timedelta(minutes=29)
    assert browser.get("/pipeline").status_code == 200  # each request restarts the wait
    clock.now += dt.timedelta(minutes=29)
    assert browser.get("/pipeline").status_code == 200
    clock.now += dt.timedelta(minutes=31)
    gone = browser.get("/pipeline", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/sign-in"


def test_signing_out_ends_the_session_on_the_server(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    cookie = browser.cookies["panelclerk"]
    page = browser.get("/pipeline")
    out = browser.post("/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert out.status_code == 200 and "signed out" in out.text
    replay = client(browser.app)
    replay.cookies.set("panelclerk", cookie)  # the old cookie, kept by someone
    assert replay.get("/pipeline", follow_redirects=False).status_code == 303
    assert [e.actor for e in audit_entries(sqlite_app, "console_sign_out")] == ["bm"]


# ---- CSRF ------------------------------------------------------------------------------


def test_every_post_route_refuses_a_form_without_the_sessions_token(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    posts = [r for r in browser.app.routes if isinstance(r, Route) and "POST" in (r.methods or ())]
    assert {r.name for r in posts} >= {
        "release",
        "decline",
        "place_on_agenda",
        "request_more_info",
        "decide",
        "confirm_agenda",
        "record_meeting",
        "minutes_sent",
        "cancel_meeting",
        "reinstate_meeting",
        "retry_mail",
        "retry_chat",
        "sign_out",
        "add_action",
        "rate_action",
        "apply_update",
        "export",
        "purge",
        "panel_notified",
        "lead_reviewer",
        "review_started",
        "review_completed",
        "precis_again",
    }
    other = demo_client(sqlite_app)
    other_token = csrf_of(other.get("/demo-sign-in").text)
    for route in posts:
        assert getattr(route, "csrf_checked", False), route.name
        path = route.path.format(reference=reference, message=number, day=DECEMBER)
        form = {"reason": "x", "person": "bm", "question": "x", "agency": "csc"}
        for data in ({}, {"csrf_token": "forged"}, {"csrf_token": other_token}):
            refused = browser.post(path, data={**data, **form})
            assert refused.status_code == 403, (route.name, data)
            assert "Form refused" in refused.text and "nothing was done" in refused.text
    assert browser.get("/mail").text.count("Read message") == 1  # nothing was released
    assert audit_entries(sqlite_app, "release_inbound") == []
    assert audit_entries(sqlite_app, "cancel_meeting") == []
    assert audit_entries(sqlite_app, "purge_mail") == []
    assert audit_entries(sqlite_app, "export") == []


def test_a_cross_site_post_is_refused_even_with_the_token(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    token = csrf_of(browser.get("/pipeline").text)
    refused = browser.post(
        "/sign-out", data={"csrf_token": token}, headers={"sec-fetch-site": "cross-site"}
    )
    assert refused.status_code == 403


# ---- roles -----------------------------------------------------------------------------


def test_roles_decide_every_page_on_the_server(sqlite_app):
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    member = demo_client(sqlite_app)
    sign_in(member, "csc_head")
    home = member.get("/")
    assert home.status_code == 200 and "Held and quarantined" not in home.text
    for path in ("/pipeline", f"/referrals/{reference}", "/mail", f"/mail/{number}"):
        assert member.get(path).status_code == 403, path
    for path in ("/meetings", f"/meetings/{DECEMBER}", "/failed"):
        assert member.get(path).status_code == 403, path
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    page = chair.get("/pipeline")
    assert page.status_code == 200 and "Held and quarantined" not in page.text
    assert chair.get("/mail").status_code == 403
    assert chair.get(f"/mail/{number}").status_code == 403
    assert chair.get("/failed").status_code == 403
    assert "Failed mail and chat" not in page.text and "Meetings" in page.text
    token = csrf_of(page.text)
    refused = chair.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert refused.status_code == 403 and "Only the Business Manager" in refused.text
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    token = csrf_of(bm.get("/pipeline").text)
    declined = bm.post(f"/referrals/{reference}/decline", data={"csrf_token": token, "reason": "x"})
    assert declined.status_code == 403  # screening is the decision maker's
    for act in ("agenda", "more-info", "decision"):
        refused = bm.post(
            f"/referrals/{reference}/{act}",
            data={"csrf_token": token, "question": "x", "review_type": "scr", "rationale": "x"},
        )
        assert refused.status_code == 403 and "Only the Independent Chair" in refused.text, act
    assert "Place on the agenda" not in bm.get(f"/referrals/{reference}").text
    assert audit_entries(sqlite_app, "read_kept") == []  # nobody read the message


def test_someone_taken_out_of_the_board_file_loses_the_console_at_once(sqlite_app):
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    assert chair.get("/pipeline").status_code == 200
    people = tuple(p for p in sqlite_app.config.people if p.id != "chair")
    sqlite_app.config = sqlite_app.config.model_copy(update={"people": people})
    gone = chair.get("/pipeline", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/sign-in"


def test_without_signing_in_every_page_sends_you_to_sign_in(sqlite_app):
    browser = demo_client(sqlite_app)
    reference = referral(sqlite_app)
    for path in ("/", "/pipeline", f"/referrals/{reference}", "/mail", "/mail/1"):
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/sign-in", path
    assert audit_entries(sqlite_app, "view_referral") == []


def test_signing_in_goes_on_to_the_page_a_link_asked_for(sqlite_app):
    reference = referral(sqlite_app)
    browser = demo_client(sqlite_app)  # a link in a chat notice, followed while signed out
    asked = browser.get(f"/referrals/{reference}?from=notice", follow_redirects=False)
    assert asked.headers["location"] == "/sign-in"
    page = browser.get("/demo-sign-in")
    done = browser.post(
        "/demo-sign-in",
        data={"csrf_token": csrf_of(page.text), "person": "chair"},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/referrals/{reference}?from=notice"
    # once only, and never to another site: the next sign-in goes to the pipeline
    other = demo_client(sqlite_app)
    other.get("//attacker.example/x", follow_redirects=False)
    page = other.get("/demo-sign-in")
    again = other.post(
        "/demo-sign-in",
        data={"csrf_token": csrf_of(page.text), "person": "bm"},
        follow_redirects=False,
    )
    assert again.headers["location"] == "/"


def test_a_form_sent_after_the_session_ended_says_what_to_do_and_signing_in_returns(
    sqlite_app,
):
    reference = referral(sqlite_app)
    browser = demo_client(sqlite_app)  # the session ran out while the Chair was typing
    sent = browser.post(
        f"/referrals/{reference}/decline",
        data={"reason": "Criteria not met."},
    )
    assert sent.status_code == 403
    assert "Back button" in sent.text and "nothing was" in sent.text
    page = browser.get("/demo-sign-in")
    done = browser.post(
        "/demo-sign-in",
        data={"csrf_token": csrf_of(page.text), "person": "chair"},
        follow_redirects=False,
    )
    assert done.headers["location"] == f"/referrals/{reference}"
    assert audit_entries(sqlite_app, "decline") == []


# ---- pages -----------------------------------------------------------------------------


def test_the_pipeline_shows_overdue_first_and_filters_by_state(sqlite_app):
    first = referral(sqlite_app)
    late = {"incident.date": "2026-09-29", "incident.notified_date": "2026-09-30"}
    later = referral(sqlite_app, **{"child.name": "Child B", "incident.summary": "", **late})
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    page = browser.get("/pipeline").text
    assert page.count("Overdue") == 1 and page.index(later) < page.index(first)
    only = browser.get("/pipeline", params={"state": "incomplete"}).text
    assert later in only and first not in only
    rows = browser.get("/pipeline", params={"state": "incomplete"}, headers={"hx-request": "1"})
    assert rows.text.startswith('<div id="pipeline-rows">') and "<html" not in rows.text


def test_a_referrals_page_marks_missing_fields_and_its_view_is_audited(sqlite_app):
    reference = referral(sqlite_app, **{"incident.summary": ""})
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    page = browser.get(f"/referrals/{reference.lower()}")
    assert page.status_code == 200
    text = page.text
    assert "Zebedee Quillfeather" in text  # the form as received
    assert "What happened (required)" in text and "Missing" in text
    assert "mark incomplete" in text and "received to incomplete" in text  # the timeline
    [seen] = audit_entries(sqlite_app, "view_referral")
    assert (seen.actor, seen.reference, seen.details) == ("chair", reference, {"via": "console"})
    assert browser.get("/referrals/SCR-1999-999").status_code == 404


def test_the_chair_places_a_referral_on_the_agenda_and_declines_another(sqlite_app):
    onto = referral(sqlite_app)
    out = referral(sqlite_app, **{"child.name": "Child B"})
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    page = browser.get(f"/referrals/{onto}").text
    assert "Place on the agenda" in page and "Decline the referral" in page
    token = csrf_of(page)
    placed = browser.post(f"/referrals/{onto}/agenda", data={"csrf_token": token, "meeting": ""})
    assert placed.status_code == 200 and "The referral is on the agenda" in placed.text
    assert "8 December 2026" in placed.text and "Place on the agenda" not in placed.text
    assert "précis requested" in placed.text  # the agencies are asked, as in chat
    [put] = audit_entries(sqlite_app, "place_on_agenda")
    assert (put.actor, put.reference) == ("chair", onto)
    empty = browser.post(f"/referrals/{out}/decline", data={"csrf_token": token, "reason": " "})
    assert empty.status_code == 400 and "There is a problem" in empty.text
    assert 'href="#reason"' in empty.text
    declined = browser.post(
        f"/referrals/{out}/decline", data={"csrf_token": token, "reason": "Threshold not met."}
    )
    assert declined.status_code == 200 and "declined" in declined.text
    moves = [(e.action, e.actor) for e in audit_entries(sqlite_app, "decline")]
    assert moves == [("decline", "chair")]


def test_the_chair_places_a_referral_on_a_chosen_meeting_and_a_wrong_one_is_explained(
    sqlite_app,
):
    reference = referral(sqlite_app)
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    page = browser.get(f"/referrals/{reference}").text
    assert f'<option value="{JANUARY}">12 January 2027 (after the decision is due)</option>' in page
    token = csrf_of(page)
    wrong = browser.post(
        f"/referrals/{reference}/agenda", data={"csrf_token": token, "meeting": "2027-01-13"}
    )
    assert wrong.status_code == 400 and "There is a problem" in wrong.text
    assert (
        "No SCR sub-group meeting is planned on Wednesday 13 January 2027: choose one of the "
        "board&#39;s meetings."
        in wrong.text
        and 'href="#meeting"' in wrong.text
    )
    assert audit_entries(sqlite_app, "place_on_agenda") == []
    placed = browser.post(
        f"/referrals/{reference}/agenda", data={"csrf_token": token, "meeting": JANUARY}
    )
    assert placed.status_code == 200 and "12 January 2027" in placed.text
    with sqlite_app.uow() as uow:
        assert uow.referrals.row(reference, lock=False).meeting_date == dt.date(2027, 1, 12)
    asked = audit_entries(sqlite_app, "request_precis")
    assert [(e.actor, e.reference) for e in asked] == [("system", reference)]  # as in chat


def test_the_chair_asks_the_referrer_for_more_information(sqlite_app):
    reference = referral(sqlite_app)
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    token = csrf_of(browser.get(f"/referrals/{reference}").text)
    empty = browser.post(f"/referrals/{reference}/more-info", data={"csrf_token": token})
    assert empty.status_code == 400 and 'href="#question"' in empty.text
    assert "Enter the question for the referrer" in empty.text
    asked = browser.post(
        f"/referrals/{reference}/more-info",
        data={"csrf_token": token, "question": "Which school does the child attend?"},
    )
    assert asked.status_code == 200 and "The question is on its way" in asked.text
    assert "more information asked for" in asked.text
    [moved] = audit_entries(sqlite_app, "request_more_info")
    assert (moved.actor, moved.reference) == ("chair", reference)
    [mail] = outbox(sqlite_app, "more_info_request")
    assert mail.recipients == ["kim.walsh@hospitals.fenmarsh.example"]
    assert "Which school does the child attend?" in mail.text_body


def test_the_chair_records_the_decision_and_the_decision_email_is_queued(sqlite_app):
    reference = discussed(sqlite_app)
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    page = browser.get(f"/referrals/{reference}").text
    assert "Record the decision" in page and "Serious Case Review" in page
    token = csrf_of(page)
    empty = browser.post(f"/referrals/{reference}/decision", data={"csrf_token": token})
    assert empty.status_code == 400
    assert 'href="#review_type"' in empty.text and 'href="#rationale"' in empty.text
    refused = browser.post(  # the domain's own check, shown as an error, never a 500
        f"/referrals/{reference}/decision",
        data={
            "csrf_token": token,
            "review_type": "no_review",
            "rationale": "Threshold not met.",
            "lead_reviewer": "Pat Reviewer",
        },
    )
    assert refused.status_code == 400 and "a decision of no review has no lead reviewer" in (
        refused.text
    )
    assert 'value="Threshold not met."' not in refused.text  # a textarea keeps what was typed
    assert "Threshold not met.</textarea>" in refused.text
    done = browser.post(
        f"/referrals/{reference}/decision",
        data={"csrf_token": token, "review_type": "scr", "rationale": "Criteria met: <b>x</b>"},
    )
    assert done.status_code == 200 and "The decision is recorded" in done.text
    assert (
        "Criteria met: &lt;b&gt;x&lt;/b&gt;" in done.text and "Record the decision" not in done.text
    )
    [decided] = audit_entries(sqlite_app, "record_decision")
    assert (decided.actor, decided.reference) == ("chair", reference)
    [email] = outbox(sqlite_app, "decision")
    assert reference in email.subject
    with sqlite_app.uow() as uow:
        assert uow.referrals.row(reference, lock=False).state == "notified"


def test_a_review_type_with_methodologies_needs_one_under_north_west(clock, tmp_path):
    board = boardfile.load_board(None, "north-west-2014")
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'nw.db'}", clock)
    try:
        reference = discussed(app, **{"parallel.processes": "none"})
        browser = demo_client(app)
        sign_in(browser, "chair")
        page = browser.get(f"/referrals/{reference}").text
        assert '<option value="intensive">' in page and 'for="methodology"' in page
        form = {"csrf_token": csrf_of(page), "review_type": "scr", "rationale": "Met."}
        missing = browser.post(f"/referrals/{reference}/decision", data=form)
        assert missing.status_code == 400 and "needs a methodology" in missing.text
        assert '<option value="intensive">' in missing.text  # nothing chosen is kept chosen
        done = browser.post(
            f"/referrals/{reference}/decision", data={**form, "methodology": "targeted"}
        )
        assert done.status_code == 200 and "Serious Case Review, targeted" in done.text
    finally:
        app.engine.dispose()


def test_a_decision_out_of_turn_is_refused_in_words(sqlite_app):
    reference = referral(sqlite_app)  # awaiting screening: not discussed
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    token = csrf_of(browser.get(f"/referrals/{reference}").text)
    refused = browser.post(
        f"/referrals/{reference}/decision",
        data={"csrf_token": token, "review_type": "scr", "rationale": "x"},
    )
    assert refused.status_code == 400 and "so you cannot record the decision now" in refused.text
    assert audit_entries(sqlite_app, "record_decision") == []


def test_under_working_together_each_partner_signs_off_in_the_console(clock, tmp_path):
    board = boardfile.load_board(None, "working-together-2023")
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'rr.db'}", clock)
    try:
        reference = referral(app, **{"incident.notified_date": "2026-11-10"})
        screening.place_on_agenda(app, reference, "partner_la")
        clock.to(dt.date(2026, 11, 26), 12)
        meetings.record_discussion(app, reference, "bm", ["csc", "police", "health"])
        chair = demo_client(app)
        sign_in(chair, "chair")  # no decision maker under this framework
        assert chair.get(f"/referrals/{reference}").status_code == 403
        bm = demo_client(app)
        sign_in(bm, "bm")
        page = bm.get(f"/referrals/{reference}").text
        assert "Record your sign-off" not in page and page.count("Not signed off yet") == 3
        form = {"csrf_token": csrf_of(page), "review_type": "lcspr", "rationale": "learning"}
        refused = bm.post(f"/referrals/{reference}/decision", data=form)
        assert refused.status_code == 403 and "Only the safeguarding partners" in refused.text
        for number, partner in enumerate(("partner_la", "partner_police", "partner_icb")):
            browser = demo_client(app)
            sign_in(browser, partner)
            page = browser.get(f"/referrals/{reference}").text
            assert "Record your sign-off" in page
            form["csrf_token"] = csrf_of(page)
            done = browser.post(f"/referrals/{reference}/decision", data=form)
            assert done.status_code == 200
            if number < 2:
                assert "Your sign-off is recorded" in done.text
                assert done.text.count("Not signed off yet") == 2 - number
        assert "The decision is recorded" in done.text
        assert [e.actor for e in audit_entries(app, "sign_off")] == [
            "partner_la",
            "partner_police",
            "partner_icb",
        ]
        assert len(outbox(app, "decision")) == 1
    finally:
        app.engine.dispose()


# ---- meetings ----------------------------------------------------------------------------


def test_the_meetings_page_lists_each_meeting_with_its_deadlines(sqlite_app):
    browser = demo_client(sqlite_app)
    sign_in(browser, "chair")
    page = browser.get("/meetings")
    assert page.status_code == 200
    text = page.text
    assert text.index("10 November 2026") < text.index("8 December 2026")
    assert "24 November 2026" in text and "1 December 2026" in text  # December's deadlines
    assert "4 January 2027" in text  # its minutes
    assert "Not recorded as held" in text  # November's, yesterday
    assert text.count("Cancelled</strong>") == 1  # August 2027's, in the board file
    assert "10 August 2027" in text and "nothing falls due for it" in text
    notices_cancel = browser.get(f"/meetings/{JANUARY}").text
    assert "Cancel the meeting" in notices_cancel
    assert "Confirm and send the agenda pack" not in notices_cancel  # the Business Manager's
    assert browser.get("/meetings/2027-01-13").status_code == 404
    assert browser.get("/meetings/not-a-day").status_code == 404


def test_the_business_manager_sends_the_agenda_pack(sqlite_app):
    reference = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, reference, "chair", dt.date(2026, 12, 8))
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get(f"/meetings/{DECEMBER}").text
    assert reference in page and "Confirm and send the agenda pack" in page
    token = csrf_of(page)
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    refused = chair.post(
        f"/meetings/{DECEMBER}/agenda", data={"csrf_token": csrf_of(chair.get("/meetings").text)}
    )
    assert refused.status_code == 403 and "Only the Business Manager" in refused.text
    sent = bm.post(f"/meetings/{DECEMBER}/agenda", data={"csrf_token": token})
    assert sent.status_code == 200 and "The agenda pack is on its way" in sent.text
    assert "Confirm and send the agenda pack" not in sent.text
    [entry] = audit_entries(sqlite_app, "agenda_sent")
    assert entry.actor == "bm" and entry.details["meeting"] == DECEMBER
    assert outbox(sqlite_app, "agenda_pack")
    again = bm.post(f"/meetings/{DECEMBER}/agenda", data={"csrf_token": token})
    assert again.status_code == 400 and "was sent already." in again.text


def test_the_business_manager_records_a_meeting_held_and_its_minutes(sqlite_app):
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get(f"/meetings/{NOVEMBER}").text
    assert "Record the meeting as held" in page and "Record the minutes as sent" not in page
    token = csrf_of(page)
    nobody = bm.post(f"/meetings/{NOVEMBER}/held", data={"csrf_token": token})
    assert nobody.status_code == 400 and 'href="#agency"' in nobody.text
    held = bm.post(
        f"/meetings/{NOVEMBER}/held", data={"csrf_token": token, "agency": ["csc", "police"]}
    )
    assert held.status_code == 200 and "recorded as held" in held.text
    [entry] = audit_entries(sqlite_app, "record_meeting")
    assert entry.actor == "bm" and entry.details == {
        "meeting": NOVEMBER,
        "attended": ["csc", "police"],
    }
    assert "Fenmarsh Children&#39;s Social Care, Fenmarsh Constabulary" in held.text
    ahead = bm.post(f"/meetings/{DECEMBER}/held", data={"csrf_token": token, "agency": "csc"})
    assert ahead.status_code == 400 and "has not happened yet" in ahead.text
    bad = {"minutes-day": "31", "minutes-month": "2", "minutes-year": "2026"}
    wrong = bm.post(f"/meetings/{NOVEMBER}/minutes", data={"csrf_token": token, **bad})
    assert wrong.status_code == 400 and "Enter a real date" in wrong.text
    early = {"minutes-day": "9", "minutes-month": "11", "minutes-year": "2026"}
    before = bm.post(f"/meetings/{NOVEMBER}/minutes", data={"csrf_token": token, **early})
    assert before.status_code == 400 and "cannot have gone out on 9 November 2026" in before.text
    sent = bm.post(f"/meetings/{NOVEMBER}/minutes", data={"csrf_token": token})
    assert sent.status_code == 200 and "recorded as sent" in sent.text
    [minutes] = audit_entries(sqlite_app, "minutes_sent")
    assert minutes.actor == "bm" and minutes.details == {"meeting": NOVEMBER, "on": "2026-11-11"}


def test_a_meeting_is_cancelled_with_a_reason_and_reinstated(sqlite_app):
    busy = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, busy, "chair", dt.date(2026, 12, 8))
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    token = csrf_of(chair.get(f"/meetings/{JANUARY}").text)
    empty = chair.post(f"/meetings/{JANUARY}/cancel", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 400 and "Enter the reason for cancelling" in empty.text
    refused = chair.post(
        f"/meetings/{DECEMBER}/cancel", data={"csrf_token": token, "reason": "No business."}
    )
    assert refused.status_code == 400 and f"has business on it: {busy}." in refused.text
    member = demo_client(sqlite_app)
    sign_in(member, "csc_head")
    assert (
        member.post(
            f"/meetings/{JANUARY}/cancel", data={"csrf_token": token, "reason": "x"}
        ).status_code
        == 403
    )
    done = chair.post(
        f"/meetings/{JANUARY}/cancel", data={"csrf_token": token, "reason": "No business."}
    )
    assert done.status_code == 200 and "The meeting is cancelled" in done.text
    assert "Reinstate the meeting" in done.text
    [cancelled] = audit_entries(sqlite_app, "cancel_meeting")
    assert cancelled.actor == "chair" and cancelled.details == {"meeting": JANUARY}
    [told] = outbox(sqlite_app, f"meeting_cancelled:{JANUARY}")
    assert "No business." in told.text_body
    assert chair.get("/meetings").text.count("Cancelled</strong>") == 2
    back = chair.post(f"/meetings/{JANUARY}/reinstate", data={"csrf_token": token})
    assert back.status_code == 200 and "goes ahead again" in back.text
    [reinstated] = audit_entries(sqlite_app, "reinstate_meeting")
    assert reinstated.actor == "chair"
    assert chair.get("/meetings").text.count("Cancelled</strong>") == 1
    in_the_file = chair.post("/meetings/2027-08-10/reinstate", data={"csrf_token": token})
    assert in_the_file.status_code == 400 and "undone there" in in_the_file.text


# ---- failed mail and chat ----------------------------------------------------------------


def test_the_business_manager_sees_failed_mail_and_chat_defused_and_retries(sqlite_app):
    reference = referral(sqlite_app)
    failed_id, chat_id = failures(sqlite_app, reference, error=f"550 no such user {HOSTILE}")
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/failed")
    assert page.status_code == 200
    assert "550 no such user" in page.text and "[2J" in page.text
    assert "\x1b" not in page.text and "\x9b" not in page.text
    assert f"Send message {failed_id} again" in page.text and reference in page.text
    assert "Post every failed chat message again" in page.text
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    token = csrf_of(chair.get("/pipeline").text)
    assert (
        chair.post(f"/failed/mail/{failed_id}/retry", data={"csrf_token": token}).status_code == 403
    )
    assert chair.post("/failed/chat/retry", data={"csrf_token": token}).status_code == 403
    token = csrf_of(page.text)
    retried = bm.post(f"/failed/mail/{failed_id}/retry", data={"csrf_token": token})
    assert retried.status_code == 200 and "queued again" in retried.text
    assert f"Send message {failed_id} again" not in retried.text
    [entry] = audit_entries(sqlite_app, "retry_outbound")
    assert entry.actor == "bm" and entry.details["outbox_id"] == failed_id
    twice = bm.post(f"/failed/mail/{failed_id}/retry", data={"csrf_token": token})
    assert twice.status_code == 400 and "is queued already" in twice.text
    posted = bm.post("/failed/chat/retry", data={"csrf_token": token})
    assert posted.status_code == 200 and "No chat message has failed" in posted.text
    [chat] = audit_entries(sqlite_app, "retry_chat")
    assert chat.actor == "bm" and chat.details == {"chat_messages": 1}
    assert chat_id


def test_the_business_manager_reads_a_kept_message_defused_and_releases_it(sqlite_app):
    number = kept_message(sqlite_app)
    html_only = kept_message(sqlite_app, "stranger-2", html_only=True)
    browser = demo_client(sqlite_app)
    sign_in(browser, "bm")
    listed = browser.get("/mail").text
    assert f"Read message {number}" in listed and "is not in the board file" in listed
    for shown in (browser.get(f"/mail/{number}").text, browser.get(f"/mail/{html_only}").text):
        assert "\x1b" not in shown and "\x9b" not in shown
        assert "<img" not in shown and "<script>alert" not in shown  # never markup
    reading = browser.get(f"/mail/{number}").text
    assert "Please read" in reading and "[2J" in reading and "Second line." in reading
    assert [e.actor for e in audit_entries(sqlite_app, "read_kept")] == ["bm", "bm", "bm"]
    token = csrf_of(reading)
    done = browser.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert done.status_code == 200 and "The message is released" in done.text
    [released] = audit_entries(sqlite_app, "release_inbound")
    assert released.actor == "bm" and released.details["inbound_id"] == number
    assert f"Read message {number}" not in done.text


def test_the_pipeline_tells_the_business_manager_of_messages_held_for_them(sqlite_app):
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    assert "held for you" not in bm.get("/pipeline").text  # nothing waits
    kept_message(sqlite_app)
    one = bm.get("/pipeline").text
    assert "1 message is held for you" in one and "It is quarantined." in one
    kept_message(sqlite_app, "stranger-2")
    page = bm.get("/pipeline").text
    banner = page.split('class="govuk-notification-banner"')[1].split("</div>\n</div>")[0]
    assert "2 messages are held for you" in banner and "All are quarantined." in banner
    link = '<a class="govuk-notification-banner__link" href="/mail">Read the 2 messages</a>'
    assert link in banner
    rows = bm.get("/pipeline", headers={"HX-Request": "true"}).text
    assert "held for you" not in rows  # the filter's answer is the table alone
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    assert "held for you" not in chair.get("/pipeline").text  # not the Chair's to read


def test_failed_mail_names_the_message_and_each_address_not_reached(sqlite_app):
    reference = referral(sqlite_app)
    failed_id, _ = failures(sqlite_app, reference, error="550 5.1.1 mailbox unavailable")
    [declined] = outbox(sqlite_app, "declined")
    [address] = declined.recipients
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/failed").text
    assert (
        f"Message {failed_id}: The email telling the referrer their referral was declined" in page
    )
    assert f"Subject: {declined.subject}" in page
    assert f"<li><strong>{address}</strong>: 550 5.1.1 mailbox unavailable</li>" in page
    assert "reached 0 of 1 recipient</span>" in page and ">None<" not in page
    token = csrf_of(page)
    bm.post(f"/failed/mail/{failed_id}/retry", data={"csrf_token": token})
    twice = bm.post(f"/failed/mail/{failed_id}/retry", data={"csrf_token": token})
    assert twice.status_code == 400
    assert f"Message {failed_id} is queued already. It is tried by itself." in twice.text
    unknown = bm.post("/failed/mail/999/retry", data={"csrf_token": token})
    assert "There is no outbound message number 999." in unknown.text


# ---- the demo sign-in and the identity provider ----------------------------------------


def test_the_demo_sign_in_is_only_for_the_demo_board_on_loopback(sqlite_app, config):
    with pytest.raises(ConsoleSettingError, match="loopback address only"):
        create_console(
            sqlite_app,
            demo_settings(host="0.0.0.0", public_url="https://console.example"),
        )
    other = config.model_copy(
        update={"board": config.board.model_copy(update={"name": "Anyshire LSCB"})}
    )
    real = context.App(other, sqlite_app.engine, sqlite_app.clock, sqlite_app.board_id)
    with pytest.raises(ConsoleSettingError, match="fictional demo board's people"):
        create_console(real, demo_settings())
    with pytest.raises(ConsoleSettingError, match="needs a way to sign in"):
        create_console(sqlite_app, demo_settings(demo=False))
    with provider() as idp:
        web = create_console(sqlite_app, demo_settings(demo=False, oidc=entra(idp.url)))
        browser = client(web)
        assert browser.get("/demo-sign-in").status_code == 404
        assert browser.post("/demo-sign-in", data={"person": "bm"}).status_code in (403, 404)
    assert boardfile.load_board() == config  # the fixture's board is the demo board


def test_settings_refuse_an_unsafe_console():
    with pytest.raises(ConsoleSettingError, match="public_url"):
        ConsoleSettings(secret=SECRET, host="0.0.0.0")
    with pytest.raises(ConsoleSettingError, match="https"):
        ConsoleSettings(secret=SECRET, public_url="http://console.example")
    with pytest.raises(ConsoleSettingError, match="32 bytes"):
        ConsoleSettings(secret=b"short")
    with pytest.raises(ConsoleSettingError, match="tenant"):
        from panelclerk.web.settings import OidcSettings

        OidcSettings("entra", "https://login.example", "id", "secret")


def _through_provider(browser, idp, sub: str) -> httpx.Response:
    """The sign-in's three legs without a browser: our redirect, the provider's form, and
    the provider's redirect back to our callback."""
    start = browser.get("/sign-in/start", follow_redirects=False)
    assert start.status_code == 302 and start.headers["location"].startswith(idp.url)
    assert "code_challenge=" in start.headers["location"]  # PKCE
    answer = httpx.post(start.headers["location"], data={"sub": sub}, follow_redirects=False)
    back = answer.headers["location"]
    assert back.startswith("http://127.0.0.1/sign-in/callback?")
    return browser.get(back.removeprefix("http://127.0.0.1"), follow_redirects=False)


def test_sign_in_matches_the_entra_object_id_within_the_boards_tenant(sqlite_app):
    with provider() as idp:
        web = create_console(sqlite_app, demo_settings(demo=False, oidc=entra(idp.url)))
        bm = client(web)
        done = _through_provider(bm, idp, "bm")
        assert done.status_code == 303 and done.headers["location"] == "/"
        assert bm.get("/mail").status_code == 200
        for who in ("stranger", "elsewhere"):  # not in the board file; another tenant
            browser = client(web)
            refused = _through_provider(browser, idp, who)
            assert refused.status_code == 403 and "You cannot use this console" in refused.text
            assert "Pat Stranger" not in refused.text and "Sam Patel" not in refused.text
            assert browser.get("/pipeline", follow_redirects=False).status_code == 303
    assert [e.actor for e in audit_entries(sqlite_app, "console_sign_in")] == ["bm"]
    assert TENANT in web.state.console.settings.oidc.tenant


def test_a_callback_without_the_flows_state_is_refused(sqlite_app):
    with provider() as idp:
        web = create_console(sqlite_app, demo_settings(demo=False, oidc=entra(idp.url)))
        browser = client(web)
        forged = browser.get("/sign-in/callback?code=abc&state=xyz")
        assert forged.status_code == 400
        browser.get("/sign-in/start", follow_redirects=False)
        wrong_state = browser.get("/sign-in/callback?code=abc&state=xyz")
        assert wrong_state.status_code == 400 and "did not complete" in wrong_state.text


def test_the_runnable_entry_serves_only_the_demo(capsys):
    from panelclerk.web.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["--port", "8080"])
    assert stopped.value.code == 2
    assert "only --demo is served this way" in capsys.readouterr().err


def test_sign_in_with_slack_is_for_the_boards_own_workspace_only():
    """Without the workspace, any Slack workspace's user with the same id would be let in."""
    from panelclerk.web.settings import ConsoleSettingError, OidcSettings

    with pytest.raises(ConsoleSettingError, match=r"console\.slack_team"):
        OidcSettings.slack("", "console-app", "secret")
    assert OidcSettings.slack("T0BOARD", "console-app", "secret").slack_team == "T0BOARD"


def test_the_demo_console_migrates_its_own_stale_store_then_serves_it(tmp_path, monkeypatch):
    """`make console` on a demo store left at an older schema: the demo's own throwaway store
    is brought to the newest schema (a board's database still waits for `migrate`)."""
    import uvicorn
    from alembic import command

    from panelclerk.store.engine import alembic_config, make_engine, schema_state
    from panelclerk.web.__main__ import main

    folder = tmp_path / "console-demo"
    url = f"sqlite:///{folder / 'panelclerk.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0011")
    engine.dispose()
    served: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: served.append((web, kw)))
    assert main(["--demo", "--port", "8099", "--data", str(folder)]) == 0
    [(web, options)] = served
    assert options["host"] == "127.0.0.1" and options["port"] == 8099
    engine = make_engine(url)
    try:
        assert schema_state(engine).at_head
    finally:
        engine.dispose()
    browser = client(web)  # type: ignore[arg-type]
    assert browser.get("/demo-sign-in").status_code == 200
