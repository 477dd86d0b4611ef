"""The Business Manager's filing in the console: the agencies on a referral (added with the
reason, asked for their précis when the others were, removed; a warning when nobody can be
asked) and held or quarantined mail attached to a referral or dismissed with a reason."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import format_datetime

from sqlmodel import select

from panelclerk.application import context, screening
from panelclerk.application.inbound.router import Router
from panelclerk.store.tables import InboundMessage
from panelclerk.workflow.config import Agency

from .mail import AT, BOARD, form_body, message
from .web_support import (
    audit_entries,
    csrf_of,
    demo_client,
    kept_message,
    outbox,
    referral,
    sign_in,
)


def _bm(app: context.App):  # type: ignore[no-untyped-def]
    browser = demo_client(app)
    sign_in(browser, "bm")
    return browser


def _stored(app: context.App, number: int) -> InboundMessage:
    with app.uow() as uow:
        row = uow.session.get(InboundMessage, number)
        assert row is not None
        uow.session.expunge(row)
        return row


def held_from_police(app: context.App, reference: str, key: str = "police-1") -> int:
    """A police officer writes about a referral awaiting screening: held for the Business
    Manager (the police are on the referral)."""
    msg = EmailMessage()
    msg["From"] = "Ruth Okafor <ruth.okafor@police.fenmarsh.example>"
    msg["To"] = BOARD
    msg["Subject"] = f"{reference} further background"
    msg["Date"] = format_datetime(AT)
    msg["Message-ID"] = f"<{key}@police.fenmarsh.example>"
    msg.set_content("We attended the address twice in October.")
    result = Router(app).handle(key, msg.as_bytes())
    assert result.outcome == "held", result
    with app.uow() as uow:
        row = uow.session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == key)
        ).one()
        assert row.id is not None
        return row.id


# ---- the agencies on a referral --------------------------------------------------------


def test_an_agency_added_at_the_precis_stage_is_shown_and_asked_for_its_precis(sqlite_app):
    reference = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, reference, "chair")  # the précis are asked now
    bm = _bm(sqlite_app)
    page = bm.get(f"/referrals/{reference}").text
    assert "Add the agency" in page and "Remove the agency" in page
    token = csrf_of(page)
    missing = bm.post(
        f"/referrals/{reference}/agencies/add",
        data={"csrf_token": token, "add_agency": "probation"},
    )
    assert missing.status_code == 400 and "Enter the reason for adding the agency" in missing.text
    before = len(outbox(sqlite_app, "precis_request"))
    added = bm.post(
        f"/referrals/{reference}/agencies/add",
        data={
            "csrf_token": token,
            "add_agency": "probation",
            "add_reason": "Probation supervised the father.",
        },
    )
    assert added.status_code == 200
    assert "added to the referral and asked for its précis at once" in added.text
    assert "Probation Service, Fenmarsh" in added.text.split("Agencies involved")[1]
    asked = outbox(sqlite_app, "precis_request")[before:]
    assert [m.recipients for m in asked] == [["mark.hughes@probation.example"]]
    assert reference in asked[0].subject
    [entry] = audit_entries(sqlite_app, "add_agency")
    assert (entry.actor, entry.reference) == ("bm", reference)
    assert entry.details["reason"] == "Probation supervised the father."
    assert entry.details["agency"] == "probation" and entry.details["asked_for_precis"]
    again = bm.post(
        f"/referrals/{reference}/agencies/add",
        data={"csrf_token": token, "add_agency": "probation", "add_reason": "Twice."},
    )
    assert again.status_code == 400 and "already involved" in again.text


def test_an_agency_added_before_the_precis_stage_is_not_asked_yet(sqlite_app):
    reference = referral(sqlite_app)
    bm = _bm(sqlite_app)
    token = csrf_of(bm.get(f"/referrals/{reference}").text)
    added = bm.post(
        f"/referrals/{reference}/agencies/add",
        data={"csrf_token": token, "add_agency": "education", "add_reason": "School knew."},
    )
    assert added.status_code == 200 and "The agency is added to the referral." in added.text
    assert outbox(sqlite_app, "precis_request") == []
    screening.place_on_agenda(sqlite_app, reference, "chair")
    asked = {r for m in outbox(sqlite_app, "precis_request") for r in m.recipients}
    assert "tom.evans@learning.fenmarsh.example" in asked  # asked with the others


def test_an_agency_removed_with_a_reason_is_no_longer_awaited(sqlite_app):
    reference = referral(sqlite_app)
    screening.place_on_agenda(sqlite_app, reference, "chair")
    bm = _bm(sqlite_app)
    token = csrf_of(bm.get(f"/referrals/{reference}").text)
    referring = bm.post(
        f"/referrals/{reference}/agencies/remove",
        data={"csrf_token": token, "remove_agency": "acute_trust", "remove_reason": "x"},
    )
    assert referring.status_code == 400 and "the referring agency stays" in referring.text
    removed = bm.post(
        f"/referrals/{reference}/agencies/remove",
        data={
            "csrf_token": token,
            "remove_agency": "police",
            "remove_reason": "Named by mistake: no police involvement.",
        },
    )
    assert removed.status_code == 200 and "taken off the referral" in removed.text
    involved = re.search(r"Agencies involved\s*</dt>\s*<dd[^>]*>([^<]*)</dd>", removed.text)
    assert involved and "Fenmarsh Constabulary" not in involved.group(1)
    assert "Fenmarsh Children&#39;s Social Care" in involved.group(1)
    precis = removed.text.split('id="attached"')[0].split("Précis</h2>")[1]
    assert "Fenmarsh Constabulary" not in precis  # no longer awaited
    [entry] = audit_entries(sqlite_app, "remove_agency")
    assert entry.actor == "bm" and entry.details["reason"].startswith("Named by mistake")


def test_only_the_business_manager_changes_the_agencies(sqlite_app):
    reference = referral(sqlite_app)
    for person in ("csc_head", "chair"):
        other = demo_client(sqlite_app)
        sign_in(other, person)
        token = csrf_of(other.get("/").text)
        for how in ("add", "remove"):
            refused = other.post(
                f"/referrals/{reference}/agencies/{how}",
                data={
                    "csrf_token": token,
                    f"{how}_agency": "police" if how == "remove" else "probation",
                    f"{how}_reason": "x",
                },
            )
            assert refused.status_code == 403, (person, how)
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    assert "Add the agency" not in chair.get(f"/referrals/{reference}").text
    assert audit_entries(sqlite_app, "add_agency") == []
    assert audit_entries(sqlite_app, "remove_agency") == []


def test_the_page_warns_when_an_involved_agency_has_nobody_to_ask(config, clock, tmp_path):
    housing = Agency(id="housing", name="Fenmarsh Homes", aliases=("housing",))
    board = config.model_copy(update={"agencies": (*config.agencies, housing)})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'h.db'}", clock)
    try:
        reference = referral(app)
        bm = _bm(app)
        page = bm.get(f"/referrals/{reference}").text
        assert "names nobody there to ask" not in page
        added = bm.post(
            f"/referrals/{reference}/agencies/add",
            data={"csrf_token": csrf_of(page), "add_agency": "housing", "add_reason": "Tenancy."},
        )
        assert added.status_code == 200
        assert "Fenmarsh Homes is involved, but the board file names nobody there" in added.text
    finally:
        app.engine.dispose()


# ---- held and quarantined mail ---------------------------------------------------------


def test_a_dismissed_message_leaves_the_list_and_stays_in_the_store_with_its_reason(
    sqlite_app,
):
    number = kept_message(sqlite_app)
    bm = _bm(sqlite_app)
    page = bm.get(f"/mail/{number}").text
    assert f"Dismiss message {number}" in page
    token = csrf_of(page)
    missing = bm.post(f"/mail/{number}/dismiss", data={"csrf_token": token})
    assert missing.status_code == 400 and "Enter the reason for dismissing" in missing.text
    done = bm.post(
        f"/mail/{number}/dismiss",
        data={"csrf_token": token, "dismiss_reason": "Marketing mail, nothing about a case."},
    )
    assert done.status_code == 200 and "The message is dismissed" in done.text
    assert f"Read message {number}" not in done.text
    row = _stored(sqlite_app, number)
    assert row.raw and row.outcome == "quarantined"  # kept whole, never deleted
    assert (row.dismissed_by, row.dismissed_reason) == (
        "bm",
        "Marketing mail, nothing about a case.",
    )
    [entry] = audit_entries(sqlite_app, "dismiss_inbound")
    assert entry.actor == "bm" and entry.details == {
        "inbound_id": number,
        "reason": "Marketing mail, nothing about a case.",
    }
    shown = bm.get(f"/mail/{number}").text  # still readable, and says so
    assert "Dismissed by Sam Patel" in shown and "Release message" not in shown
    refused = bm.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert refused.status_code == 400 and "was dismissed" in refused.text
    assert audit_entries(sqlite_app, "release_inbound") == []


def test_a_message_attached_to_a_referral_is_recorded_against_it(sqlite_app):
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)  # from a gmail address: no agency of the board
    bm = _bm(sqlite_app)
    page = bm.get(f"/mail/{number}").text
    assert f"{reference} (the sender&#39;s agency is not on it)" in page
    assert "The sender is from no agency of the board" in page
    token = csrf_of(page)
    unexplained = bm.post(
        f"/mail/{number}/attach", data={"csrf_token": token, "reference": reference}
    )
    assert unexplained.status_code == 400
    assert "the sender&#39;s agency is not on" in unexplained.text
    assert audit_entries(sqlite_app, "attach_inbound") == []
    done = bm.post(
        f"/mail/{number}/attach",
        data={
            "csrf_token": token,
            "reference": reference,
            "attach_reason": "The named nurse writing from home.",
        },
    )
    assert done.status_code == 200 and "The message is attached to this referral" in done.text
    assert (
        f"Read message {number}" in done.text and "The named nurse writing from home." in done.text
    )
    row = _stored(sqlite_app, number)
    assert (row.attached_to, row.reference, row.attached_by) == (reference, reference, "bm")
    assert row.raw
    [entry] = audit_entries(sqlite_app, "attach_inbound")
    assert (entry.actor, entry.reference) == ("bm", reference)
    assert entry.details["reason"] == "The named nurse writing from home."
    assert f"Read message {number}" not in bm.get("/mail").text
    assert f"Attached to {reference} by Sam Patel" in bm.get(f"/mail/{number}").text


def test_a_message_from_an_agency_on_the_referral_is_attached_without_a_reason(sqlite_app):
    reference = referral(sqlite_app)
    number = held_from_police(sqlite_app, reference)
    bm = _bm(sqlite_app)
    page = bm.get(f"/mail/{number}").text
    assert "Fenmarsh Constabulary" in page and "not on it" not in page
    assert f'<option value="{reference}" selected>' in page  # the referral it was about
    done = bm.post(
        f"/mail/{number}/attach", data={"csrf_token": csrf_of(page), "reference": reference}
    )
    assert done.status_code == 200 and f"Read message {number}" in done.text
    [entry] = audit_entries(sqlite_app, "attach_inbound")
    assert entry.details == {"inbound_id": number, "senders_agency_on_it": True}


def test_only_the_business_manager_attaches_or_dismisses(sqlite_app):
    reference = referral(sqlite_app)
    number = kept_message(sqlite_app)
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    token = csrf_of(chair.get("/pipeline").text)
    attach = chair.post(
        f"/mail/{number}/attach",
        data={"csrf_token": token, "reference": reference, "attach_reason": "x"},
    )
    assert attach.status_code == 403 and "Only the Business Manager" in attach.text
    dismiss = chair.post(
        f"/mail/{number}/dismiss", data={"csrf_token": token, "dismiss_reason": "x"}
    )
    assert dismiss.status_code == 403
    row = _stored(sqlite_app, number)
    assert row.attached_to is None and row.dismissed_at is None


def test_an_agency_removed_is_not_added_back_when_more_of_the_form_arrives(sqlite_app):
    from panelclerk.application import referrals as referral_steps

    reference = referral(sqlite_app, **{"incident.summary": ""})  # incomplete: more to come
    referral_steps.remove_agency(sqlite_app, reference, "bm", "police", "Named by mistake.")
    referral_steps.add_information(sqlite_app, reference, {"incident.summary": "Head injury."})
    with sqlite_app.uow() as uow:
        assert "police" not in uow.referrals.row(reference, lock=False).agencies_involved
    referral_steps.add_agency(sqlite_app, reference, "bm", "constabulary", "They were there.")
    with sqlite_app.uow() as uow:
        assert "police" in uow.referrals.row(reference, lock=False).agencies_involved


# ---- held mail in plain words, and what became of a released message ---------------------


def stranger_referral(app: context.App, key: str = "nurse-1") -> int:
    """A nurse sends the referral form from her personal address: quarantined."""
    raw = message(
        "Named Nurse <named.nurse@gmail.example>", "Referral from home", form_body()
    ).as_bytes()
    result = Router(app).handle(key, raw, arrived=AT)
    assert result.outcome == "quarantined", result
    with app.uow() as uow:
        row = uow.session.exec(
            select(InboundMessage).where(InboundMessage.mailbox_key == key)
        ).one()
        assert row.id is not None
        return row.id


def _cells(html: str, number: int) -> list[str]:
    """The cells of message `number`'s row in the held mail list, as text."""
    row = html.split(f"Read message {number}</a>")[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def test_held_mail_says_why_in_plain_words_with_dates_as_elsewhere(sqlite_app):
    reference = referral(sqlite_app)
    stranger = stranger_referral(sqlite_app)
    police = held_from_police(sqlite_app, reference)
    bm = _bm(sqlite_app)
    listed = bm.get("/mail").text
    assert "None" not in listed and "+00:00" not in listed
    kept_as, received, _, linked, why = _cells(listed, stranger)
    assert (kept_as, received, linked) == ("Quarantined", "9 Nov 2026 09:00", "Not linked")
    assert why == (
        "The sender&#39;s address, named.nurse@gmail.example, is not in the board file: no "
        "person or agency of the board uses it."
    )
    kept_as, _, _, linked, why = _cells(listed, police)
    assert (kept_as, linked) == ("Held", reference)
    assert why.startswith("It is about a referral that is at the stage \u201c")
    assert why.endswith("no step takes mail at that stage by itself, so it waits for you.")
    assert "for the Business Manager" not in listed
    page = bm.get(f"/mail/{stranger}").text
    assert "9 Nov 2026 09:00" in page and "+00:00" not in page
    assert "is not in the board file: no person or agency of the board uses it." in page


def test_a_release_says_what_became_of_the_message_and_its_old_page_says_so(sqlite_app):
    number = stranger_referral(sqlite_app)
    bm = _bm(sqlite_app)
    token = csrf_of(bm.get(f"/mail/{number}").text)
    done = bm.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert done.status_code == 200
    [made] = [r for r in _references(sqlite_app)]
    assert "The message is released and routed again." in done.text
    assert f"Message {number}: It is now referral {made}." in done.text
    assert f'href="/referrals/{made}">Go to {made}</a>' in done.text
    assert "released and routed again" not in bm.get("/mail").text  # said once
    old = bm.get(f"/mail/{number}")
    assert old.status_code == 200 and "no quarantined or held message" not in old.text
    said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", old.text))
    assert re.search(
        r"This message was released on 11 November 2026 at \d\d:\d\d by Sam Patel", said
    )
    assert f"It is now referral {made}." in said
    assert f'href="/referrals/{made}">Go to {made}</a>' in old.text
    assert "Release message" not in old.text and "Named Nurse" not in old.text
    again = bm.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert again.status_code == 400
    assert f"Message {number} is no longer held or quarantined: it is accepted now." in again.text


def test_errors_on_the_mail_pages_are_plain_sentences(sqlite_app):
    number = kept_message(sqlite_app)
    bm = _bm(sqlite_app)
    missing = bm.get("/mail/999")
    assert missing.status_code == 404
    assert "There is no quarantined or held message number 999." in missing.text
    token = csrf_of(bm.get(f"/mail/{number}").text)
    bm.post(f"/mail/{number}/dismiss", data={"csrf_token": token, "dismiss_reason": "Spam."})
    refused = bm.post(f"/mail/{number}/release", data={"csrf_token": token})
    assert refused.status_code == 400 and f"Message {number} was dismissed." in refused.text


def _references(app: context.App) -> list[str]:
    from panelclerk.store.tables import Referral

    with app.uow() as uow:
        return [r.reference for r in uow.session.exec(select(Referral))]
