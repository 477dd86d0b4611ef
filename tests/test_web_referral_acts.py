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

    short = notified("5", "11", "26")
    assert short.status_code == 400 and "must be a real date" in short.text
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
