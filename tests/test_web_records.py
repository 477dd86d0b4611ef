"""The console's annual report (measures, charts drawn on the server with a table beside each,
the Word download) and data protection (the subject access export, the purge's dry run and
the purge once confirmed), each for those with the right and audited with the person."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import zipfile

import docx

from panelclerk.store.tables import InboundMessage
from panelclerk.web.backend import records

from .test_dataprotection import closed_case
from .web_support import audit_entries, csrf_of, demo_client, kept_message, referral, sign_in


def signature_of(html: str) -> str:
    found = re.search(r'name="dry_run" value="([0-9a-f]+)"', html)
    assert found, "no dry run signature on the page"
    return found.group(1)


def test_the_annual_report_shows_the_measures_with_charts_and_tables(sqlite_app):
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/report")
    assert page.status_code == 200
    text = page.text
    assert "Annual report: April 2026 to March 2027" in text  # the year under way (Nov 2026)
    assert '<option value="2026" selected>April 2026 to March 2027 (under way)</option>' in text
    assert '<option value="2025">April 2025 to March 2026</option>' in text
    assert 'src="/report/2026/charts/measures.svg"' in text
    assert 'src="/report/2026/charts/attendance.svg"' in text
    assert "Each measure, on time" in text and "Meetings attended (target 100%)" in text
    assert 'alt="Bar chart of each measure' in text
    assert 'href="/report"' in text  # in the navigation
    chart = bm.get("/report/2026/charts/measures.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    svg = chart.text
    assert "<svg" in svg and "<script" not in svg and "@font-face" not in svg
    assert "Measures: share on time" in svg  # text kept as text, no font file needed
    assert chart.headers["content-security-policy"].startswith("default-src 'self'")
    assert bm.get("/report/2026/charts/measures.svg").content == chart.content  # stable
    attendance = bm.get("/report/2026/charts/attendance.svg")
    assert attendance.status_code == 200 and "<svg" in attendance.text
    assert bm.get("/report/2026/charts/nothing.svg").status_code == 404
    assert bm.get("/report", params={"year": "1999"}).status_code == 404
    earlier = bm.get("/report", params={"year": "2025"}).text
    assert "Annual report: April 2025 to March 2026" in earlier and "1 April 2025" in earlier
    word = bm.get("/report/2026/measures.docx")
    assert word.status_code == 200
    assert "measures-2026-2027.docx" in word.headers["content-disposition"]
    document = docx.Document(io.BytesIO(word.content))
    assert any("measures" in p.text for p in document.paragraphs)


def test_the_report_is_refused_to_a_member_and_data_protection_to_the_chair(sqlite_app):
    member = demo_client(sqlite_app)
    sign_in(member, "csc_head")
    home = member.get("/").text
    assert "Annual report" not in home and "Data protection" not in home
    for path in ("/report", "/report/2026/charts/measures.svg", "/report/2026/measures.docx"):
        assert member.get(path).status_code == 403, path
    assert member.get("/data-protection").status_code == 403
    chair = demo_client(sqlite_app)
    sign_in(chair, "chair")
    page = chair.get("/report")
    assert page.status_code == 200 and "Data protection" not in page.text
    refused = chair.get("/data-protection")
    assert refused.status_code == 403 and "Business Manager only" in refused.text
    token = csrf_of(page.text)
    reference = referral(sqlite_app)
    export = chair.post(
        "/data-protection/export", data={"csrf_token": token, "reference": reference}
    )
    assert export.status_code == 403
    purge = chair.post("/data-protection/purge", data={"csrf_token": token, "confirm": "yes"})
    assert purge.status_code == 403
    assert audit_entries(sqlite_app, "export") == []
    assert audit_entries(sqlite_app, "purge_mail") == []


def test_the_business_manager_downloads_a_subject_access_export_audited(sqlite_app):
    reference = referral(sqlite_app)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/data-protection")
    assert page.status_code == 200 and 'href="/data-protection"' in page.text
    token = csrf_of(page.text)
    empty = bm.post("/data-protection/export", data={"csrf_token": token})
    assert empty.status_code == 400 and 'href="#reference"' in empty.text
    unknown = bm.post(
        "/data-protection/export", data={"csrf_token": token, "reference": "SCR-1999-999"}
    )
    assert unknown.status_code == 400 and "There is no case SCR-1999-999" in unknown.text
    assert audit_entries(sqlite_app, "export") == []
    download = bm.post(
        "/data-protection/export", data={"csrf_token": token, "reference": reference.lower()}
    )
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/zip")
    assert f'filename="subject-access-{reference}.zip"' in download.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as pack:
        data = json.loads(pack.read(f"subject-access-{reference}.json"))
        readable = docx.Document(io.BytesIO(pack.read(f"subject-access-{reference}.docx")))
    assert data["reference"] == reference and data["exported_by"] == "bm"
    assert data["referral"]["form"]["child.name"] == "Zebedee Quillfeather"
    words = "\n".join(p.text for p in readable.paragraphs) + "\n".join(
        cell.text for table in readable.tables for row in table.rows for cell in row.cells
    )
    # what the Business Manager reads and redacts: labelled fields, dated, plain words
    assert "Review before release" in words and "Zebedee Quillfeather" in words
    assert "received" in words.lower() and "Audit trail" in words
    assert "child.name" not in words  # field ids are given as their labels
    [entry] = audit_entries(sqlite_app, "export")
    assert (entry.actor, entry.reference) == ("bm", reference)


def test_the_business_manager_finds_a_childs_cases_by_name_and_date_of_birth(sqlite_app):
    reference = referral(sqlite_app)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    token = csrf_of(bm.get("/data-protection").text)
    born = {"born-day": "2", "born-month": "5", "born-year": "2013"}
    missing = bm.post("/data-protection/find", data={"csrf_token": token, **born})
    assert missing.status_code == 400 and "Enter the child&#39;s name" in missing.text
    found = bm.post(
        "/data-protection/find",
        data={"csrf_token": token, "child_name": "quillfeather zebedee", **born},
    )
    assert found.status_code == 200
    assert f'href="/referrals/{reference}">{reference}</a>' in found.text
    nobody = bm.post(
        "/data-protection/find",
        data={"csrf_token": token, "child_name": "Someone Else", **born},
    )
    assert "No case is held under that name and date of birth" in nobody.text
    entries = audit_entries(sqlite_app, "find_cases")
    assert [(e.actor, e.details) for e in entries] == [("bm", {"found": 1}), ("bm", {"found": 0})]
    assert "Quillfeather" not in json.dumps([e.details for e in entries])


def test_the_purge_shows_its_dry_run_and_removes_nothing_without_confirmation(
    sqlite_app, clock, tmp_path
):
    reference = closed_case(sqlite_app, clock, tmp_path)
    clock.to(dt.date(2034, 1, 16))  # past the seven years after closure
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/data-protection")
    assert page.status_code == 200
    text = page.text
    assert f"1: {reference}" in text  # the dry run: counts and reference codes only
    assert "Zebedee" not in text
    assert "panelclerk purge" not in text  # a person is never told to run a command
    # seven years after anything happened: the clock is in doubt, though the Business
    # Manager's own sign-in (written by that same clock) is newer
    assert "The clock may be wrong" in text and "confirm the purge below" in text
    assert audit_entries(sqlite_app, "purge_mail") == []  # the dry run changed nothing
    form = {"csrf_token": csrf_of(text), "dry_run": signature_of(text)}
    refused = bm.post("/data-protection/purge", data=form)
    assert refused.status_code == 400 and 'href="#confirm"' in refused.text
    assert "nothing was removed" in refused.text
    # the clock in doubt needs its own acknowledgement, beside the confirmation
    unchecked = bm.post("/data-protection/purge", data={**form, "confirm": "yes"})
    assert unchecked.status_code == 400 and 'href="#clock"' in unchecked.text
    assert 'href="#confirm"' not in unchecked.text
    with sqlite_app.uow() as uow:
        assert uow.referrals.row(reference, lock=False).form.get("_anonymised") is None
    assert audit_entries(sqlite_app, "anonymise") == []
    confirmed = {**form, "confirm": "yes", "clock": "yes"}
    done = bm.post("/data-protection/purge", data=confirmed, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/data-protection"
    shown = bm.get("/data-protection")
    assert "The retention rules are applied" in shown.text and f"1: {reference}" in shown.text
    with sqlite_app.uow() as uow:
        assert uow.referrals.row(reference, lock=False).form.get("_anonymised")
    [anonymised] = audit_entries(sqlite_app, "anonymise")
    assert (anonymised.actor, anonymised.reference) == ("bm", reference)
    [run] = audit_entries(sqlite_app, "purge_mail")
    assert run.actor == "bm"
    assert "Nothing is due for removal today." in shown.text
    # a reload shows the page without the banner; the same form posted again purges nothing
    assert "The retention rules are applied" not in bm.get("/data-protection").text
    again = bm.post("/data-protection/purge", data=confirmed)
    assert again.status_code == 400 and "What is due changed since you looked" in again.text
    assert len(audit_entries(sqlite_app, "purge_mail")) == 1


def test_a_purge_confirmed_for_another_dry_run_is_refused(sqlite_app, clock):
    """The confirmation is of the dry run shown: when what is due has changed since (here
    the clock moved three years on), the purge is refused and the new dry run shown."""
    number = kept_message(sqlite_app)
    bm = demo_client(sqlite_app)
    sign_in(bm, "bm")
    page = bm.get("/data-protection")
    assert "Nothing is due for removal today." in page.text
    looked = records.purge_dry_run(sqlite_app).signature  # what the page showed
    clock.now += dt.timedelta(days=3 * 365)
    sign_in(bm, "bm")  # the session ran out meanwhile
    token = csrf_of(bm.get("/pipeline").text)
    form = {"csrf_token": token, "dry_run": looked, "confirm": "yes", "clock": "yes"}
    refused = bm.post("/data-protection/purge", data=form)
    assert refused.status_code == 400
    assert "What is due changed since you looked: check it again" in refused.text
    assert "The clock may be wrong" in refused.text  # the new dry run, with its warning
    assert signature_of(refused.text) != looked
    assert audit_entries(sqlite_app, "purge_mail") == []
    with sqlite_app.uow() as uow:
        assert uow.session.get(InboundMessage, number).raw  # nothing removed
    # confirmed for the dry run now shown, it goes ahead
    checked = {**form, "dry_run": signature_of(refused.text)}
    done = bm.post("/data-protection/purge", data=checked, follow_redirects=False)
    assert done.status_code == 303
    [run] = audit_entries(sqlite_app, "purge_mail")
    assert run.actor == "bm" and run.details["quarantined"] == 1


def test_the_consoles_purge_and_the_daily_one_at_once_anonymise_each_case_once(
    config, postgres, clock, tmp_path
):
    """On PostgreSQL, two purges at once (the Business Manager's and `serve`'s): the second
    waits for the first and finds nothing left. Both are held at the start (the audit log's
    head locked by another transaction), then let go together."""
    import threading

    from sqlmodel import Session, select

    from panelclerk.application import context, dataprotection
    from panelclerk.store.tables import AuditHead

    app = context.bootstrap(config, postgres.create_database("purge_twice"), clock)
    try:
        reference = closed_case(app, clock, tmp_path)
        clock.to(dt.date(2034, 1, 16))
        results: list[int] = []
        with Session(app.engine) as holder:
            holder.exec(select(AuditHead).with_for_update()).one()
            runs = [
                threading.Thread(
                    target=lambda who=who: results.append(dataprotection.purge(app, who).referrals)
                )
                for who in ("bm", "system")
            ]
            for run in runs:
                run.start()
            time.sleep(0.5)  # both purges reach the lock
            holder.commit()
        for run in runs:
            run.join(30)
        assert sorted(results) == [0, 1]
        [anonymised] = audit_entries(app, "anonymise")
        assert anonymised.reference == reference
        assert len(audit_entries(app, "purge_mail")) == 2
    finally:
        app.engine.dispose()


def test_the_pack_is_made_whatever_characters_a_strangers_mail_carries(sqlite_app):
    """Word cannot hold U+FFFF or a lone surrogate, which anyone can put in an email: the
    pack is made all the same, each shown as a replacement character."""
    from panelclerk import access_pack
    from panelclerk.application import subject_access

    reference = referral(sqlite_app)
    data = subject_access.export(sqlite_app, reference, "bm")
    data["precis"] = [{"agency_key": "police", "text": "before \uffff after \ud800 end"}]
    data["documents"] = [{"id": 1, "filename": "notes\uffff.pdf", "kind": "x", "data": ""}]
    made = access_pack.pack(data, sqlite_app.config)
    with zipfile.ZipFile(io.BytesIO(made)) as pack:
        readable = docx.Document(io.BytesIO(pack.read(f"subject-access-{reference}.docx")))
    words = "\n".join(p.text for p in readable.paragraphs)
    assert "before \ufffd after \ufffd end" in words
