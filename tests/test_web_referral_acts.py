"""The Business Manager's steps on a referral's page (the National Panel notified by the
local authority, the lead reviewer, the review begun and completed, a précis asked for
again), its statutory notices and documents, and the files it arrived with: each a form with
its token, refused in words when wrong, audited with the person signed in."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from sqlmodel import select

from panelclerk.application import context, decision_notice
from panelclerk.application.inbound.router import Router
from panelclerk.store.tables import InboundMessage

from .mail import AT, BOARD, REFERRER, form_body
from .web_support import (
    audit_entries,
    csrf_of,
    demo_client,
    discussed,
    outbox,
    referral,
    sign_in,
)


def _as(app: context.App, person: str):  # type: ignore[no-untyped-def]
    browser = demo_client(app)
    sign_in(browser, person)
    return browser


def _decided(app: context.App) -> str:
    """A referral discussed and decided upon (a Serious Case Review): notified."""
    reference = discussed(app)
    decision_notice.decide(
        app,
        reference,
        "chair",
        review_type="scr",
        rationale="Criteria met.",
        methodology=None,
        lead_reviewer=None,
    )
    return reference


def _state(app: context.App, reference: str) -> str:
    with app.uow() as uow:
        return uow.referrals.row(reference, lock=False).state


def test_the_business_manager_records_the_panel_notification_and_it_shows(sqlite_app):
    reference = referral(sqlite_app)
    bm = _as(sqlite_app, "bm")
    page = bm.get(f"/referrals/{reference}").text
    assert "Record the notification" in page and "Not recorded" in page
    token = csrf_of(page)
    bad = bm.post(
        f"/referrals/{reference}/panel-notified",
        data={
            "csrf_token": token,
            "notified-day": "31",
            "notified-month": "2",
            "notified-year": "2026",
        },
    )
    assert bad.status_code == 400
    assert "The day the Panel was notified must be a real date" in bad.text
    assert 'href="#notified-day"' in bad.text and 'value="31"' in bad.text
    ahead = bm.post(
        f"/referrals/{reference}/panel-notified",
        data={
            "csrf_token": token,
            "notified-day": "1",
            "notified-month": "1",
            "notified-year": "2027",
        },
    )
    assert ahead.status_code == 400 and "is in the future" in ahead.text
    assert audit_entries(sqlite_app, "record_panel_notification") == []
    done = bm.post(
        f"/referrals/{reference}/panel-notified",
        data={
            "csrf_token": token,
            "notified-day": "10",
            "notified-month": "11",
            "notified-year": "2026",
        },
    )
    assert done.status_code == 200 and "notification to the" in done.text
    assert "10 November 2026" in done.text
    [entry] = audit_entries(sqlite_app, "record_panel_notification")
    assert (entry.actor, entry.reference) == ("bm", reference)
    assert entry.details["on"] == "2026-11-10"


def test_only_the_business_manager_has_the_steps_and_a_member_has_no_page(sqlite_app):
    reference = _decided(sqlite_app)
    chair = _as(sqlite_app, "chair")
    page = chair.get(f"/referrals/{reference}").text
    assert "Record the notification" not in page and "Record the lead reviewer" not in page
    token = csrf_of(page)
    for path, form in (
        ("panel-notified", {}),
        ("lead-reviewer", {"reviewer": "Dr A Shah, Fenmarsh Hospitals"}),
        ("review-started", {}),
        ("review-completed", {}),
        ("precis-again", {"precis_agency": "police"}),
    ):
        refused = chair.post(f"/referrals/{reference}/{path}", data={"csrf_token": token, **form})
        assert refused.status_code == 403, path
        assert "Only the Business Manager may record" in refused.text
    member = _as(sqlite_app, "csc_head")
    assert member.get(f"/referrals/{reference}").status_code == 403
    assert member.get(f"/referrals/{reference}/documents/1").status_code == 403
    assert audit_entries(sqlite_app, "record_lead_reviewer") == []
    assert _state(sqlite_app, reference) == "notified"


def test_the_lead_reviewer_and_the_review_begun_and_completed(sqlite_app, clock):
    reference = _decided(sqlite_app)
    bm = _as(sqlite_app, "bm")
    page = bm.get(f"/referrals/{reference}").text
    assert "Record the lead reviewer" in page and "Record the review as begun" in page
    assert "Record the review as complete" not in page
    token = csrf_of(page)
    empty = bm.post(f"/referrals/{reference}/lead-reviewer", data={"csrf_token": token})
    assert empty.status_code == 400 and "Enter the lead reviewer" in empty.text
    named = bm.post(
        f"/referrals/{reference}/lead-reviewer",
        data={"csrf_token": token, "reviewer": "Dr A Shah, Fenmarsh Hospitals"},
    )
    assert named.status_code == 200 and "The lead reviewer is recorded" in named.text
    assert "Dr A Shah, Fenmarsh Hospitals" in named.text
    [entry] = audit_entries(sqlite_app, "record_lead_reviewer")
    assert (entry.actor, entry.reference) == ("bm", reference)
    assert outbox(sqlite_app, "notice:lead reviewer")

    before = bm.post(  # before the decision (today, 11 Nov 2026): refused in words
        f"/referrals/{reference}/review-started",
        data={
            "csrf_token": token,
            "started-day": "1",
            "started-month": "11",
            "started-year": "2026",
        },
    )
    assert before.status_code == 400 and "give a day between" in before.text
    assert 'href="#started-day"' in before.text
    begun = bm.post(f"/referrals/{reference}/review-started", data={"csrf_token": token})
    assert begun.status_code == 200 and "The review is recorded as begun" in begun.text
    assert _state(sqlite_app, reference) == "review_underway"
    assert "learning summary.docx" in begun.text  # its document, to download
    assert "Record the review as complete" in begun.text

    clock.to(dt.date(2027, 6, 1))
    bm = _as(sqlite_app, "bm")  # a new day, a new session
    token = csrf_of(bm.get(f"/referrals/{reference}").text)
    done = bm.post(
        f"/referrals/{reference}/review-completed",
        data={
            "csrf_token": token,
            "completed-day": "28",
            "completed-month": "5",
            "completed-year": "2027",
        },
    )
    assert done.status_code == 200 and "The review is recorded as complete" in done.text
    assert _state(sqlite_app, reference) == "review_complete"
    moves = [e for e in audit_entries(sqlite_app, "complete_review") if e.reference == reference]
    assert [m.actor for m in moves] == ["bm"]


def test_a_precis_is_asked_for_again_only_while_awaited(sqlite_app):
    from panelclerk.application import precis, screening

    reference = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, reference, "chair")
    precis.record_precis(
        sqlite_app, reference, "police", "Known to us.", author_email="a@police.example"
    )
    bm = _as(sqlite_app, "bm")
    page = bm.get(f"/referrals/{reference}").text
    assert "Ask again" in page
    token = csrf_of(page)
    none = bm.post(f"/referrals/{reference}/precis-again", data={"csrf_token": token})
    assert none.status_code == 400 and 'href="#precis_agency"' in none.text
    received = bm.post(
        f"/referrals/{reference}/precis-again",
        data={"csrf_token": token, "precis_agency": "police"},
    )
    assert received.status_code == 400 and "is awaited from" in received.text
    before = len(outbox(sqlite_app, "precis_reminder"))
    asked = bm.post(
        f"/referrals/{reference}/precis-again", data={"csrf_token": token, "precis_agency": "csc"}
    )
    assert asked.status_code == 200 and "is asked again for its" in asked.text
    [mail] = outbox(sqlite_app, "precis_reminder")[before:]
    assert reference in mail.subject and "Reminder" in mail.subject
    [entry] = audit_entries(sqlite_app, "precis_asked_again")
    assert (entry.actor, entry.reference, entry.details) == ("bm", reference, {"agency": "csc"})


def test_notices_show_their_due_dates_and_a_document_downloads_audited(sqlite_app):
    reference = _decided(sqlite_app)
    bm = _as(sqlite_app, "bm")
    bm.post(
        f"/referrals/{reference}/review-started",
        data={"csrf_token": csrf_of(bm.get(f"/referrals/{reference}").text)},
    )
    chair = _as(sqlite_app, "chair")
    page = chair.get(f"/referrals/{reference}").text
    assert "Statutory notices" in page and "No notice is due yet" not in page
    notices = page.split('id="notices"', 1)[1].split('id="documents"', 1)[0]
    for body in ("Department for Education", "National SCR Panel", "Ofsted"):
        assert body in notices  # each due ten working days after the decision (11 Nov)
    assert notices.count("25 November 2026") == 3
    link = page.split('href="/referrals/' + reference + "/documents/", 1)[1].split('"', 1)[0]
    got = chair.get(f"/referrals/{reference}/documents/{link}")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = got.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="{reference} decision record.docx"' in disposition
    assert got.content[:2] == b"PK"
    views = [e for e in audit_entries(sqlite_app, "view_referral") if e.details.get("document")]
    assert [(v.actor, v.reference, v.details["document"]) for v in views] == [
        ("chair", reference, int(link))
    ]
    other = referral(sqlite_app)  # a document is only ever its own referral's
    assert chair.get(f"/referrals/{other}/documents/{link}").status_code == 404
    assert chair.get(f"/referrals/{reference}/documents/x").status_code == 404


def test_the_attachments_a_referral_arrived_with_are_named_never_opened(sqlite_app):
    msg = EmailMessage()
    msg["From"] = REFERRER
    msg["To"] = BOARD
    msg["Subject"] = "SCR referral"
    msg["Date"] = format_datetime(AT)
    msg["Message-ID"] = "<with-files@test.example>"
    msg.set_content(form_body())
    msg.add_attachment(
        b"SECRET CHRONOLOGY",
        maintype="application",
        subtype="octet-stream",
        filename="chronology.bin",
    )
    result = Router(sqlite_app).handle("with-files", msg.as_bytes())
    assert result.reference, result
    bm = _as(sqlite_app, "bm")
    page = bm.get(f"/referrals/{result.reference}").text
    assert "Attachments it arrived with" in page and "chronology.bin" in page
    assert "SECRET CHRONOLOGY" not in page
    # The names are recorded with the referral: the page does not read the message again.
    with sqlite_app.uow() as uow:
        kept = uow.session.exec(
            select(InboundMessage).where(InboundMessage.reference == result.reference)
        ).one()
        kept.raw = b""
        uow.session.add(kept)
        uow.commit()
    assert "chronology.bin" in bm.get(f"/referrals/{result.reference}").text


def test_a_referral_recorded_before_its_names_were_kept_shows_them_from_its_message(
    sqlite_app,
):
    msg = EmailMessage()
    msg["From"] = REFERRER
    msg["To"] = BOARD
    msg["Subject"] = "SCR referral"
    msg["Date"] = format_datetime(AT)
    msg["Message-ID"] = "<older@test.example>"
    msg.set_content(form_body())
    msg.add_attachment(b"x", maintype="application", subtype="pdf", filename="plan.pdf")
    result = Router(sqlite_app).handle("older", msg.as_bytes())
    with sqlite_app.uow() as uow:
        row = uow.referrals.row(result.reference)
        row.form = {k: v for k, v in row.form.items() if k != "_arrived_with"}
        uow.session.add(row)
        uow.commit()
    page = _as(sqlite_app, "bm").get(f"/referrals/{result.reference}").text
    assert "Attachments it arrived with" in page and "plan.pdf" in page


@pytest.mark.parametrize("person", ["bm", "chair"])
def test_a_referral_without_documents_or_notices_says_so(sqlite_app, person):
    reference = referral(sqlite_app)
    page = _as(sqlite_app, person).get(f"/referrals/{reference}").text
    assert "No notice is due yet" in page and "No document has been made" in page


def test_a_panel_notification_needs_a_four_figure_year_and_a_day_after_the_incident(
    sqlite_app,
):
    reference = referral(sqlite_app)  # the incident was on 2 November 2026
    bm = _as(sqlite_app, "bm")
    token = csrf_of(bm.get(f"/referrals/{reference}").text)

    def notified(day: str, month: str, year: str):  # type: ignore[no-untyped-def]
        return bm.post(
            f"/referrals/{reference}/panel-notified",
            data={
                "csrf_token": token,
                "notified-day": day,
                "notified-month": month,
                "notified-year": year,
            },
        )

    for year in ("26", "0026", "+202"):
        short = notified("5", "11", year)
        assert short.status_code == 400 and "must be a real date" in short.text, year
    early = notified("1", "1", "2020")
    assert early.status_code == 400
    assert "1 January 2020 is before the incident (2 November 2026)" in early.text
    assert audit_entries(sqlite_app, "record_panel_notification") == []


def test_a_possible_second_referral_of_the_same_child_is_named_on_its_page(sqlite_app):
    first = referral(sqlite_app)
    second = referral(sqlite_app)  # the same child's name and date of birth
    page = _as(sqlite_app, "chair").get(f"/referrals/{second}").text
    assert "This may be about the same child as" in page
    assert f'href="/referrals/{first}">{first}</a>' in page


def test_the_decision_limit_shows_while_screening_and_later_meetings_are_marked(sqlite_app):
    reference = referral(sqlite_app)
    page = _as(sqlite_app, "chair").get(f"/referrals/{reference}").text
    # received 11 November, the incident notified on 3 November: one month from then
    assert "Decision due by" in page
    assert "3 December 2026 (at the latest: within 1 month" in page
    assert "8 December 2026 (after the decision is due)" in page


def test_the_chair_moves_a_referral_to_another_meeting_and_the_old_one_can_be_cancelled(
    sqlite_app,
):
    """A meeting with business is cancelled once its referrals are moved: the move is the
    Chair's, from the referral's page, refused in words for a meeting gone by or its own,
    audited with both dates, and each agency still owing a précis is told the new date."""
    from panelclerk.application import screening

    reference = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, reference, "chair", dt.date(2026, 12, 8))
    chair = _as(sqlite_app, "chair")
    page = chair.get(f"/referrals/{reference}").text
    token = csrf_of(page)
    assert "Move to another meeting" in page and 'action="/referrals/' in page
    assert '<option value="2027-01-12">' in page  # another meeting, not its own
    assert '<option value="2026-12-08">' not in page.split('id="move_to"')[1]
    url = f"/referrals/{reference}/meeting"
    refused = chair.post("/meetings/2026-12-08/cancel", data={"csrf_token": token, "reason": "x"})
    assert refused.status_code == 400
    assert (
        f"The meeting of 8 December 2026 has business on it: {reference}. Move each referral "
        "to another meeting first, on the referral&#39;s page." in refused.text
    )
    empty = chair.post(url, data={"csrf_token": token, "move_to": ""})
    assert empty.status_code == 400 and "Choose the meeting to move it to" in empty.text
    assert 'href="#move_to"' in empty.text
    gone = chair.post(url, data={"csrf_token": token, "move_to": "2026-11-10"})
    assert gone.status_code == 400 and (
        "The meeting of Tuesday 10 November 2026 has gone by: choose a meeting after today."
        in gone.text
    )
    own = chair.post(url, data={"csrf_token": token, "move_to": "2026-12-08"})
    assert own.status_code == 400 and (
        f"{reference} is on the agenda of Tuesday 8 December 2026 already: choose another "
        "meeting." in own.text
    )
    bm = _as(sqlite_app, "bm")
    bm_token = csrf_of(bm.get(f"/referrals/{reference}").text)
    assert bm.post(url, data={"csrf_token": bm_token, "move_to": "2027-01-12"}).status_code == 403
    assert audit_entries(sqlite_app, "reschedule") == []
    moved = chair.post(url, data={"csrf_token": token, "move_to": "2027-01-12"})
    assert moved.status_code == 200
    assert "The referral is moved to another meeting; each agency whose" in moved.text
    assert "12 January 2027" in moved.text  # the meeting it is on now
    [entry] = audit_entries(sqlite_app, "reschedule")
    assert entry.actor == "chair" and entry.reference == reference
    assert (entry.details["meeting_date"], entry.details["moved_from"]) == (
        "2027-01-12",
        "2026-12-08",
    )
    told = [m for m in outbox(sqlite_app, "precis_request") if "has moved from" in m.text_body]
    assert told and all("12 January 2027" in " ".join(m.text_body.split()) for m in told)
    january = chair.get("/meetings/2027-01-12").text
    assert reference in january
    done = chair.post(
        "/meetings/2026-12-08/cancel", data={"csrf_token": token, "reason": "No business."}
    )
    assert done.status_code == 200 and "The meeting is cancelled" in done.text
    cancelled = chair.post(url, data={"csrf_token": token, "move_to": "2026-12-08"})
    assert cancelled.status_code == 400 and (
        "The meeting of Tuesday 8 December 2026 is cancelled: choose another meeting."
        in cancelled.text
    )


def test_an_old_tab_cannot_place_a_referral_on_a_meeting_gone_by(sqlite_app):
    """The agenda form posted from a page left open since: a meeting held, or one gone by,
    is refused in words, and no agency is asked for a précis already overdue."""
    from panelclerk.application import meetings

    meetings.record_meeting(sqlite_app, dt.date(2026, 11, 10), "bm", ["csc"])
    reference = referral(sqlite_app)
    chair = _as(sqlite_app, "chair")
    token = csrf_of(chair.get(f"/referrals/{reference}").text)
    held = chair.post(
        f"/referrals/{reference}/agenda", data={"csrf_token": token, "meeting": "2026-11-10"}
    )
    assert held.status_code == 400 and (
        "The meeting of Tuesday 10 November 2026 has gone by: choose a meeting after today."
        in held.text
    )
    assert _state(sqlite_app, reference) == "awaiting_screening"
    assert outbox(sqlite_app, "precis_request") == []
    refused = chair.post(
        f"/referrals/{reference}/decline", data={"csrf_token": token, "reason": "x"}
    )
    assert refused.status_code in (200, 303)
    again = chair.post(
        f"/referrals/{reference}/agenda", data={"csrf_token": token, "meeting": "2027-01-12"}
    )
    assert again.status_code == 400 and (
        f"{reference} is at the stage \u201cdeclined\u201d, so you cannot put it on an agenda "
        "now: that can be done only at the stage \u201cawaiting screening\u201d or"
        in again.text  # the states in the board's words
    )
