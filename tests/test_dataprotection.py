"""Data protection: retention applied with a fixed clock, the subject access export, the
tamper-evident audit log on the command line, and no personal data in the logs."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os

import docx
import pytest
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import (
    agenda,
    context,
    dataprotection,
    decision,
    decision_notice,
    meetings,
    naming,
    precis,
    referrals,
    screening,
)
from panelclerk.application.inbound.kept import release
from panelclerk.application.inbound.router import Router
from panelclerk.cli import app as cli_app
from panelclerk.mail.maildir import MaildirMailbox
from panelclerk.outbox.delivery import deliver_due
from panelclerk.store import audit
from panelclerk.store.tables import AuditEntry, Document, InboundMessage, OutboundMessage, Precis
from panelclerk.workflow.errors import WorkflowError

from .conftest import COMPLETE_FORM
from .mail import REFERRER, form_body, message, referral
from .models import columns_naming, exported_whole
from .retention import filed_mail_follows_the_store, sent_copies_follow_the_store

NAME = COMPLETE_FORM["child.name"]
POLICE = "ruth.okafor@police.fenmarsh.example"
CSC = "duty@csc.fenmarsh.example"


def closed_case(app, clock, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    Router(app).run_once(box)
    ref = "SCR-2026-001"
    screening.place_on_agenda(app, ref, "chair")
    precis.record_precis(
        app,
        ref,
        "police",
        f"Police knew {NAME}.",
        author_email="ruth.okafor@police.fenmarsh.example",
    )
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, ref, "bm", ["police"])
    clock.to(dt.date(2026, 12, 15))
    decision.record_decision(
        app, ref, "chair", review_type="no_review", rationale=f"Not met for {NAME}."
    )
    decision_notice.notify_decision(app, ref)
    return ref


def test_closed_cases_are_anonymised_when_their_time_comes(app, clock, tmp_path):
    ref = closed_case(app, clock, tmp_path)
    clock.to(dt.date(2033, 12, 1))  # 83 months and a bit: not yet
    assert dataprotection.purge(app).referrals == 0
    clock.to(dt.date(2034, 1, 16))  # past 84 months after closure
    assert dataprotection.purge(app, dry_run=True).referrals == 1
    report = dataprotection.purge(app)
    assert report.referrals == 1
    with app.uow() as uow:
        row = uow.referrals.row(ref, lock=False)
        assert row.state == "notified" and row.reference == ref  # statistics remain
        assert NAME not in json.dumps(row.form) and row.child_key is None
        assert all(p.text == dataprotection.REMOVED for p in uow.session.exec(select(Precis)))
        assert uow.session.exec(select(Document)).all() == []
        assert all(m.raw == b"" for m in uow.session.exec(select(InboundMessage)))
        assert audit.verify(uow.session).ok
        assert "anonymise" in [e.action for e in uow.session.exec(select(AuditEntry))]
    assert dataprotection.purge(app).referrals == 0  # once


def test_an_anonymised_case_leaves_its_childs_name_nowhere_in_the_store(app, clock, tmp_path):
    """Every table and every column, read back after the case is anonymised: the name and
    date of birth are nowhere, whatever route they came in by (the form, a précis, the
    decision's rationale, and a referrer's later email whose subject named the child, which
    our answer repeats)."""
    ref = closed_case(app, clock, tmp_path)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(message(subject=f"[{ref}] one more thing about {NAME}", body="A note.").as_bytes())
    Router(app).run_once(box)
    mail_about_the_child_without_its_reference_code(app, tmp_path)  # file name, no code
    child = (NAME, NAME.split()[1], COMPLETE_FORM["child.date_of_birth"])
    assert "outboundmessage.subject" in columns_naming(app, *child)  # it can see them
    clock.to(dt.date(2034, 1, 16))
    assert dataprotection.purge(app).referrals == 1
    assert columns_naming(app, *child) == []


def test_a_referral_never_completed_can_be_declined_and_then_goes_with_time(app, clock):
    """An incomplete form the referrer never completes cannot reach screening; unless the
    Chair can screen it out, it stays open, and holds the child's details, for ever."""
    form = {k: v for k, v in COMPLETE_FORM.items() if k != "child.legal_status"}
    ref = referrals.receive_referral(app, form).reference
    clock.to(dt.date(2027, 3, 1))  # three months on, still not completed
    screening.decline(app, ref, "chair", "Not completed after three requests.")
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).state == "declined"
    clock.to(dt.date(2034, 3, 2))  # 84 months after it was closed
    assert dataprotection.purge(app).referrals == 1
    assert columns_naming(app, NAME, COMPLETE_FORM["child.date_of_birth"]) == []


def test_an_agenda_pack_keeps_no_precis_of_an_anonymised_case(app, clock, tmp_path):
    """The pack sent to members is kept with the meeting and quoted every précis on it; the
    case's anonymisation must reach that copy too, and leave the other cases' précis."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    box.deliver(referral())
    Router(app).run_once(box)
    for ref in ("SCR-2026-001", "SCR-2026-002"):
        screening.place_on_agenda(app, ref, "chair")
    author = "ruth.okafor@police.fenmarsh.example"
    precis.record_precis(app, "SCR-2026-001", "police", f"Police knew {NAME}.", author_email=author)
    precis.record_precis(
        app, "SCR-2026-002", "police", "Still open: one call.", author_email=author
    )
    clock.to(dt.date(2026, 11, 30), 9)
    agenda.prepare_agenda(app, dt.date(2026, 12, 8))
    agenda.confirm_agenda(app, dt.date(2026, 12, 8), "bm")

    def pack_text():
        with app.uow() as uow:
            [pack] = uow.session.exec(select(Document).where(Document.kind == "agenda_pack"))
        return "\n".join(p.text for p in docx.Document(io.BytesIO(pack.data)).paragraphs)

    assert f"Police knew {NAME}." in pack_text()
    clock.to(dt.date(2026, 12, 8), 12)
    meetings.record_discussion(app, "SCR-2026-001", "bm", ["police"])
    clock.to(dt.date(2026, 12, 15))
    decision.record_decision(app, "SCR-2026-001", "chair", review_type="no_review", rationale="x")
    decision_notice.notify_decision(app, "SCR-2026-001")
    clock.to(dt.date(2034, 1, 16))
    # the members' pack and the invited hospital's pack (its case alone) both quote it
    assert dataprotection.purge(app, dry_run=True).agenda_packs == 2
    assert f"Police knew {NAME}." in pack_text()  # a dry run changes nothing
    report = dataprotection.purge(app)
    assert (report.referrals, report.agenda_packs) == (1, 2)
    text = pack_text()
    assert NAME not in text and dataprotection.REMOVED in text
    assert "Still open: one call." in text  # the open case's précis stays


def a_strangers_referral_past_its_time(app, clock, tmp_path) -> None:
    """Quarantined (not one of the board's agencies), then emptied by the purge six months on."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(
        message(sender="x@gmail.example", subject="SCR referral", body=form_body()).as_bytes()
    )
    Router(app).run_once(box)
    clock.to(dt.date(2027, 6, 1))
    assert dataprotection.purge(app).quarantined == 1


def test_quarantined_mail_is_not_kept_for_ever(app, clock, tmp_path):
    a_strangers_referral_past_its_time(app, clock, tmp_path)
    with app.uow() as uow:
        [row] = uow.session.exec(select(InboundMessage)).all()
    assert row.raw == b"" and row.reason  # the reason it was held stays
    assert row.sender is None and "x@gmail.example" not in row.reason  # not the stranger
    with app.uow() as uow:  # nor the audit log, which is kept whole for ever
        logged = [(e.actor, e.details) for e in uow.session.exec(select(AuditEntry))]
    assert ("outside sender", {"inbound_id": 1, "kind": "unknown", "outcome": "quarantined"}) in (
        logged
    )
    assert "x@gmail.example" not in json.dumps(logged)


def arrived(box, raw: bytes, when: dt.datetime, folder: str | None = None) -> None:
    """A message in the inbox (or filed by hand in `folder`) that arrived at `when`."""
    if folder is None:
        path = box.root / "new" / box.deliver(raw)
    else:
        path = box.root / f".{folder}" / "cur" / "1700000000.put-there-by-hand:2,S"
        path.write_bytes(raw)
    os.utime(path, (when.timestamp(), when.timestamp()))


def filed(box, folder: str) -> list[str]:
    return sorted(
        p.name for sub in ("cur", "new") for p in (box.root / f".{folder}" / sub).iterdir()
    )


def test_the_mailboxs_own_copies_go_when_the_stores_do(app, clock, tmp_path):
    """The monitor files each original in Processed or Quarantine: a second copy of the
    child's details that the store's purge never reached. Each goes once the store's copy
    has gone under its rule, and not before; mail the store never saw is left alone."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    filed_mail_follows_the_store(
        app,
        clock,
        box,
        deliver=lambda raw, when, folder: arrived(box, raw, when, folder),
        count=lambda folder: len(filed(box, folder)),
    )
    with app.uow() as uow:
        entries = [e for e in uow.session.exec(select(AuditEntry)) if e.action == "clear_mailbox"]
        ids = {m.outcome: m.id for m in uow.session.exec(select(InboundMessage))}
    assert [(e.actor, e.details) for e in entries] == [
        ("system", {"folder": "Quarantine", "removed": 1, "inbound_ids": [ids["quarantined"]]}),
        ("system", {"folder": "Processed", "removed": 1, "inbound_ids": [ids["accepted"]]}),
    ]


def test_the_outbox_folders_copies_go_when_the_stores_record_is_emptied(app, clock, tmp_path):
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")

    def sent_at(when):
        for path in box.outbox.glob("*.eml"):
            os.utime(path, (when.timestamp(),) * 2)

    sent_copies_follow_the_store(
        app,
        clock,
        box,
        deliver=lambda raw, when, folder: arrived(box, raw, when, folder),
        count_sent=lambda: len(list(box.outbox.glob("*.eml"))),
        sent_at=sent_at,
    )


def test_a_removal_that_fails_is_recorded_and_done_by_the_next_purge(app, clock, tmp_path):
    class Refusing(MaildirMailbox):
        refuse = True

        def remove_filed(self, folder, refs):
            if self.refuse:
                raise OSError("read-only file system")
            super().remove_filed(folder, refs)

    box = Refusing(tmp_path / "mb", tmp_path / "ob")
    arrived(box, message(sender="x@gmail.example", subject="hello").as_bytes(), app.clock())
    Router(app).run_once(box)
    clock.to(dt.date(2027, 6, 1))
    dataprotection.purge(app)
    with pytest.raises(OSError):
        dataprotection.clear_mailbox(app, box)
    assert len(filed(box, "Quarantine")) == 1
    box.refuse = False
    assert dataprotection.clear_mailbox(app, box).removed == 1
    assert filed(box, "Quarantine") == []
    with app.uow() as uow:
        cleared = [
            e.details for e in uow.session.exec(select(AuditEntry)) if e.action == "clear_mailbox"
        ]
    assert cleared == [{"folder": "Quarantine", "removed": 1, "inbound_ids": [1]}] * 2


def test_purge_on_the_command_line_clears_the_mailbox_too(tmp_path, monkeypatch, config, clock):
    monkeypatch.chdir(tmp_path)  # the embedded board's Maildir is var/mailbox, from here
    url = f"sqlite:///{tmp_path / 'p.db'}"
    application = context.bootstrap(config, url, clock)
    box = MaildirMailbox("var/mailbox", "var/outbox")
    stranger = message(sender="x@gmail.example", subject="hello", body="hi")
    arrived(box, stranger.as_bytes(), application.clock())
    Router(application).run_once(box)
    application.engine.dispose()
    assert len(filed(box, "Quarantine")) == 1

    args = ["--database-url", url, "--today", "2027-06-01", "purge"]
    result = CliRunner().invoke(cli_app, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    [store, mailbox] = result.stdout.splitlines()
    assert "raw content of 1 quarantined and 0 processed messages" in store
    assert mailbox == (
        "mailbox: 1 filed originals and 0 copies of our own mail whose store copy has gone "
        "would be deleted; 0 older ones are still held in the store and stay; 0 the store "
        "never recorded are left for you to look at"
    )
    assert len(filed(box, "Quarantine")) == 1
    # seven quiet months since the message: the clock is doubted until the person confirms
    result = CliRunner().invoke(cli_app, [*args, "--confirm"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(
        "mailbox: 1 filed originals and 0 copies of our own mail whose store copy has gone "
        "were deleted"
    )
    assert filed(box, "Quarantine") == []


def test_purge_says_when_the_mailbox_could_not_be_cleared(tmp_path, monkeypatch, config, clock):
    """The store's half is done and stays done; the Business Manager is told the mailbox's
    half was not, and the exit status says so to a scheduler."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'p.db'}"
    context.bootstrap(config, url, clock).engine.dispose()
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "mailbox").write_text("not a folder")
    result = CliRunner().invoke(cli_app, ["--database-url", url, "purge"])
    assert result.exit_code == 1
    assert result.stdout.startswith("0 closed cases were anonymised")
    assert result.stderr.startswith(
        "error: the store is done, but the mailbox's own copies were not cleared (FileExistsError"
    )
    assert "run `panelclerk purge` again when the mailbox answers" in result.stderr


def test_a_message_whose_content_was_removed_cannot_be_released(app, clock, tmp_path):
    """Routing the emptied record again quarantined it as "empty message", overwrote why it
    was kept, and audited a release of nothing."""
    a_strangers_referral_past_its_time(app, clock, tmp_path)
    with pytest.raises(WorkflowError) as refused:
        release(app, 1, "bm")
    assert str(refused.value) == (
        "message 1's content was removed under the retention rules: there is nothing to release"
    )
    with app.uow() as uow:
        row = uow.session.get(InboundMessage, 1)
        actions = [e.action for e in uow.session.exec(select(AuditEntry))]
    assert row.released_by is None and row.reason.startswith("[address removed] is not an")
    assert "release_inbound" not in actions


def test_our_replies_about_no_case_go_when_the_mail_they_answered_goes(app, clock, tmp_path):
    """A reply to mail we could not place repeats its subject ("Re: about Jane, born ..."),
    and no case's anonymisation would ever reach it."""
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(message(subject=f"question about {NAME}", body="Can we talk?").as_bytes())
    Router(app).run_once(box)
    [reply] = [m for m in outbox_rows(app) if m.kind == "notice"]
    assert NAME in reply.subject
    deliver_due(app.uow, app.config, box.transport(), app.clock())
    clock.to(dt.date(2028, 10, 1))  # 23 months: not yet
    assert dataprotection.purge(app).outbound == 0
    clock.to(dt.date(2029, 1, 15))  # the 24 months of processed mail
    assert dataprotection.purge(app, dry_run=True).outbound == 1
    assert dataprotection.purge(app).outbound == 1
    [reply] = [m for m in outbox_rows(app) if m.kind == "notice"]
    assert NAME not in reply.subject + reply.text_body and reply.html_body is None
    assert dataprotection.purge(app).outbound == 0  # once


def outbox_rows(app):
    with app.uow() as uow:
        return list(uow.session.exec(select(OutboundMessage)))


def test_subject_access_export_has_everything_and_is_audited(sqlite_app, clock, tmp_path):
    ref = closed_case(sqlite_app, clock, tmp_path)
    runner = CliRunner()
    url = str(sqlite_app.engine.url)
    refused = runner.invoke(cli_app, ["--database-url", url, "export", ref, "--as", "chair"])
    assert (
        refused.exit_code == 1
        and "only the Business Manager may export what is held about a referral" in refused.stderr
    )
    target = tmp_path / "sar.json"
    done = runner.invoke(
        cli_app, ["--database-url", url, "export", ref, "--as", "bm", "--out", str(target)]
    )
    assert done.exit_code == 0, done.output
    data = json.loads(target.read_text())
    assert data["referral"]["form"]["child.name"] == NAME
    police = next(p for p in data["precis"] if p["agency_key"] == "police")
    assert police["text"] == f"Police knew {NAME}."
    assert data["decision"][0]["review_type"] == "no_review"
    assert data["inbound_messages"] and data["outbound_messages"] and data["documents"]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with sqlite_app.uow() as uow:
        assert "export" in [e.action for e in uow.session.exec(select(AuditEntry))]


def test_a_subject_access_export_holds_every_row_that_names_the_child(sqlite_app, clock, tmp_path):
    """Read back from every column of every table: each row naming the child or their date
    of birth is in the export, and an agenda pack (which quotes other cases too) is named
    there, by meeting and file, for whoever answers the request to consider."""
    app = sqlite_app
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    other = {"child.name": "Ottoline Marchbanks", "child.date_of_birth": "2015-02-03"}
    box.deliver(message(REFERRER, "SCR referral", form_body(**other)).as_bytes())
    Router(app).run_once(box)
    for ref in ("SCR-2026-001", "SCR-2026-002"):
        screening.place_on_agenda(app, ref, "chair")
        precis.record_precis(
            app, ref, "police", f"Police knew the child ({ref}).", author_email=POLICE
        )
    precis.record_precis(app, "SCR-2026-001", "csc", f"Social care knew {NAME}.", author_email=CSC)
    clock.to(dt.date(2026, 11, 30), 9)
    agenda.prepare_agenda(app, dt.date(2026, 12, 8))
    agenda.confirm_agenda(app, dt.date(2026, 12, 8), "bm")
    deliver_due(app.uow, app.config, box.transport(), app.clock())
    assert "document.data" in columns_naming(app, NAME)  # the pack quotes the précis
    mail_about_the_child_without_its_reference_code(app, tmp_path)  # found by name alone
    data = exported_whole(app, "SCR-2026-001", NAME, COMPLETE_FORM["child.date_of_birth"])
    assert [p["meeting"] for p in data["agenda_packs"]] == ["2026-12-08", "2026-12-08"]
    assert "Ottoline" not in json.dumps(data)  # nothing of the other case


def test_documents_are_written_for_their_owner_alone_or_a_line_says_why_not(
    sqlite_app, clock, tmp_path
):
    ref = closed_case(sqlite_app, clock, tmp_path)
    url = str(sqlite_app.engine.url)
    with sqlite_app.uow() as uow:  # the learning summary is kept until the case is purged
        uow.session.add(
            Document(
                kind="learning_summary",
                referral_id=uow.referrals.row(ref).id,
                filename="summary.docx",
                content_type="application/octet-stream",
                data=b"summary",
            )
        )
        uow.commit()
    runner = CliRunner()
    folder = tmp_path / "new" / "docs"
    done = runner.invoke(cli_app, ["--database-url", url, "documents", ref, "--out", str(folder)])
    assert done.exit_code == 0, done.output
    written = list(folder.iterdir())
    assert written and all(oct(p.stat().st_mode & 0o777) == "0o600" for p in written)
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    refused = runner.invoke(
        cli_app, ["--database-url", url, "documents", ref, "--out", str(blocked / "docs")]
    )
    assert refused.exit_code == 1 and refused.stderr.startswith(f"error: cannot write {blocked}")
    assert "Traceback" not in refused.output


def test_audit_verify_on_the_command_line(sqlite_app):
    referrals.receive_referral(sqlite_app, dict(COMPLETE_FORM))
    url = str(sqlite_app.engine.url)
    ok = CliRunner().invoke(cli_app, ["--database-url", url, "audit", "verify"])
    assert ok.exit_code == 0 and "the chain verifies" in ok.stdout
    with sqlite_app.uow() as uow:
        entry = uow.session.exec(select(AuditEntry).where(AuditEntry.seq == 1)).one()
        entry.details = {"edited": True}
        uow.session.add(entry)
        uow.commit()
    broken = CliRunner().invoke(cli_app, ["--database-url", url, "audit", "verify"])
    assert broken.exit_code == 1
    assert broken.stderr.strip() == (
        "error: the audit log is broken at entry 1: the entry was changed after it was written"
    )


def test_logs_say_reference_codes_never_names(app, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    box = MaildirMailbox(tmp_path / "mb", tmp_path / "ob")
    box.deliver(referral())
    box.deliver(message(subject="RE: SCR-2026-001", body=f"About {NAME}, born 2013.").as_bytes())
    Router(app).run_once(box)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "SCR-2026-001" in logged
    for secret in (
        NAME,
        "Quillfeather",
        COMPLETE_FORM["incident.summary"],
        "born 2013",
        COMPLETE_FORM["referrer.email"],
    ):
        assert secret not in logged, secret


def test_a_clock_years_ahead_does_not_purge_without_confirmation(tmp_path, config, clock):
    """The machine's clock jumps seven years ahead (a dead battery, a mistyped setting):
    `panelclerk purge` says what it saw and what to do, and anonymises nothing until the
    person confirms; `serve`'s daily purge skips and tells the Business Manager instead."""
    from panelclerk.store.tables import ChatMessage

    url = f"sqlite:///{tmp_path / 'ahead.db'}"
    app = context.bootstrap(config, url, clock)
    ref = closed_case(app, clock, tmp_path)
    a_open = referrals.receive_referral(app, dict(COMPLETE_FORM)).reference
    app.engine.dispose()
    args = ["--database-url", url, "--today", "2034-01-16", "purge"]

    refused = CliRunner().invoke(cli_app, args)
    assert refused.exit_code == 1
    said = " ".join(refused.stderr.split())
    assert "nothing was purged: the clock says 16 Jan 2034 12:00 UTC" in said
    assert "newest record in the store" in said and "15 Dec 2026" in said
    assert "Check the machine's clock" in said and "panelclerk purge --confirm" in said
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).form.get("_anonymised") is None
    dry = CliRunner().invoke(cli_app, [*args, "--dry-run"])  # counting changes nothing: allowed
    assert dry.exit_code == 0 and "1 closed cases would be anonymised" in dry.stdout
    assert "warning: the clock says 16 Jan 2034" in " ".join(dry.stderr.split())

    clock.to(dt.date(2034, 1, 16))  # serve's daily purge, the same morning
    assert dataprotection.scheduled_purge(app) is None
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).form.get("_anonymised") is None
        notices_ = [m.text for m in uow.session.exec(select(ChatMessage)) if m.target == "bm"]
    assert any("Today's purge under the retention rules was not run" in (t or "") for t in notices_)

    confirmed = CliRunner().invoke(cli_app, [*args, "--confirm"])
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.startswith("1 closed cases were anonymised")
    with app.uow() as uow:
        assert uow.referrals.row(ref, lock=False).form.get("_anonymised")
        assert uow.referrals.row(a_open, lock=False).form.get("_anonymised") is None
    app.engine.dispose()


def test_the_daily_purge_runs_when_the_store_is_recent(app, clock, tmp_path):
    """A clock within a month of the store's newest record is trusted: the purge runs."""
    a_strangers_referral_past_its_time(app, clock, tmp_path)  # the purge, at June 2027
    clock.to(dt.date(2027, 11, 20))
    box = MaildirMailbox(tmp_path / "mb2", tmp_path / "ob2")
    box.deliver(message(sender="y@gmail.example", subject="hello").as_bytes())
    Router(app).run_once(box)  # mail came in last month
    clock.to(dt.date(2027, 12, 15))
    assert dataprotection.clock_doubt(app) is None
    assert dataprotection.scheduled_purge(app) is not None


def mail_about_the_child_without_its_reference_code(app, tmp_path) -> None:
    """A referrer's chronology named after the child, sent on its own (quarantined: a macro
    document), and a question about the child by name; neither carries the reference code."""
    box = MaildirMailbox(tmp_path / "later", tmp_path / "later-out")
    chronology = message(subject="chronology as asked", body="Attached.")
    chronology.add_attachment(
        b"PK\x03\x04",
        maintype="application",
        subtype="octet-stream",
        filename=f"{NAME.replace(' ', '_')}_chronology.docm",
    )
    box.deliver(chronology.as_bytes())
    box.deliver(message(subject="a question", body=f"Is there news about {NAME}?").as_bytes())
    results = Router(app).run_once(box)
    assert [(r.outcome, r.reference) for r in results] == [("quarantined", None), ("held", None)]
    assert "_chronology.docm" in results[0].detail  # the reason quotes the file name


def test_the_childs_name_in_a_reason_or_in_mail_without_a_code_goes_with_anonymisation(
    app, clock, tmp_path
):
    """Every column of every table, after the quarantine rule and then the case's own: a
    file name in a stored reason, and mail about the child that carried no reference code,
    no longer name the child."""
    closed_case(app, clock, tmp_path)
    mail_about_the_child_without_its_reference_code(app, tmp_path)
    child = (NAME, NAME.split()[1], COMPLETE_FORM["child.date_of_birth"])
    assert "inbound_message.reason" in columns_naming(app, *child)
    clock.to(dt.date(2027, 6, 20))  # six months on: the quarantined mail's rule
    assert dataprotection.purge(app).quarantined == 2
    with app.uow() as uow:
        reasons = [m.reason for m in uow.session.exec(select(InboundMessage))]
    assert f"{naming.FILE_REMOVED}: macro-enabled Office files are not accepted" in reasons
    assert "inbound_message.reason" not in columns_naming(app, *child)
    clock.to(dt.date(2034, 1, 16))  # past 84 months after closure
    assert dataprotection.purge(app).referrals == 1
    assert columns_naming(app, *child) == []


def test_a_case_anonymised_before_the_mail_rules_leaves_no_name_in_mail_without_a_code(
    config, clock, tmp_path
):
    """A board whose mail rules outlast its case rule: the case's anonymisation itself finds
    the mail about the child that carried no reference code, by name, and empties it."""
    from panelclerk.workflow.durations import Duration

    rules = config.retention.model_copy(
        update={
            "closed_referrals": Duration(12, "months"),
            "quarantined_messages": Duration(36, "months"),
            "processed_messages": Duration(36, "months"),
        }
    )
    board = config.model_copy(update={"retention": rules})
    app = context.bootstrap(board, f"sqlite:///{tmp_path / 'r.db'}", clock)
    closed_case(app, clock, tmp_path)
    mail_about_the_child_without_its_reference_code(app, tmp_path)
    clock.to(dt.date(2028, 1, 16))
    report = dataprotection.purge(app)
    assert (report.referrals, report.quarantined) == (1, 0)
    assert columns_naming(app, NAME, NAME.split()[1], COMPLETE_FORM["child.date_of_birth"]) == []
    app.engine.dispose()


def test_a_subject_access_export_finds_mail_about_the_child_without_its_code(
    sqlite_app, clock, tmp_path
):
    """The quarantined chronology and the question by name carry no reference code: the
    export finds them by the child's name (in the file name, the subject, the body)."""
    ref = closed_case(sqlite_app, clock, tmp_path)
    mail_about_the_child_without_its_reference_code(sqlite_app, tmp_path)
    other = message(subject="about another family", body="Ottoline Marchbanks")
    MaildirMailbox(tmp_path / "later", tmp_path / "later-out").deliver(other.as_bytes())
    Router(sqlite_app).run_once(MaildirMailbox(tmp_path / "later", tmp_path / "later-out"))
    data = exported_whole(sqlite_app, ref, NAME, NAME.split()[1])
    found = [m for m in data["inbound_messages"] if m["reference"] is None]
    assert len(found) == 2 and "Ottoline" not in json.dumps(data)
