"""The command line as the Business Manager uses it: JSON for scripts, one-line errors with
a non-zero exit for a wrong config, a disallowed move and an unknown reference code."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from panelclerk.application import context, referrals, screening
from panelclerk.application import meetings as meetings_stage
from panelclerk.cli import app
from panelclerk.outbox import compose
from panelclerk.store.tables import ChatMessage, OutboundMessage

from .conftest import COMPLETE_FORM

runner = CliRunner()


@pytest.fixture
def db(tmp_path, config, clock):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    application = context.bootstrap(config, url, clock)
    application.engine.dispose()
    return url, application


def cli(*args, url=None, today="2026-11-09"):
    base = ["--today", today] + (["--database-url", url] if url else [])
    return runner.invoke(app, [*base, *args])


def test_meetings_json_lists_the_year_with_deadlines(db):
    result = cli("meetings", "--json", "--from", "2026-11-22", url=db[0])
    assert result.exit_code == 0, result.output
    meetings = json.loads(result.stdout)
    assert meetings[0] == {
        "date": "2026-12-08",
        "start": "09:30",
        "submission_deadline": "2026-11-24",
        "precis_due": "2026-12-01",
        "agenda_dispatch": "2026-12-01",
        "minutes_due": "2027-01-04",
        "moved_from": None,
    }
    assert len(meetings) == 11


def test_status_shows_state_next_due_and_overdue(db):
    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM))
    form = {k: v for k, v in COMPLETE_FORM.items() if k != "concerns.interagency"}
    referrals.receive_referral(application, form)
    result = cli("status", "--json", url=url)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["referrals"]
    assert [(r["reference"], r["state"]) for r in rows] == [
        ("SCR-2026-001", "awaiting_screening"),
        ("SCR-2026-002", "incomplete"),
    ]
    assert rows[1]["missing"] == ["concerns.interagency"]
    assert rows[1]["next_due"]["date"] == "2026-11-24" and not rows[1]["overdue"]
    late = cli("status", "--json", url=url, today="2026-12-09")
    assert all(r["overdue"] for r in json.loads(late.stdout)["referrals"])
    table = cli("status", url=url, today="2026-12-09")
    assert "OVERDUE" in table.stdout and "SCR-2026-002" in table.stdout
    assert COMPLETE_FORM["child.name"] not in table.stdout  # no names in the pipeline view


def test_moves_from_the_command_line_and_their_errors(db):
    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM))
    ok = cli("move", "SCR-2026-001", "place_on_agenda", "--as", "chair", url=url)
    assert ok.exit_code == 0, ok.output
    assert "now précis requested" in ok.stdout  # the agencies are asked with the agenda

    refused = cli("move", "SCR-2026-001", "record_notifications", "--as", "bm", url=url)
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "error: SCR-2026-001 is at the stage \u201cprécis requested\u201d, so you cannot record "
        "that the decision was sent out now: that can be done only at the stage "
        "\u201cdecided\u201d."
    )

    unknown = cli("move", "SCR-2026-404", "decline", "--as", "chair", "--reason", "x", url=url)
    assert unknown.exit_code == 3
    assert unknown.stderr.strip() == "error: no referral with reference code 'SCR-2026-404'"

    bare = cli("move", "SCR-2026-001", "decline", "--as", "chair", url=url)
    assert bare.exit_code == 2
    assert bare.stderr.strip() == "error: decline needs --reason: the referrer is told it"

    stranger = cli("move", "SCR-2026-001", "reschedule", "--as", "nobody", url=url)
    assert stranger.exit_code == 1
    assert "unknown person 'nobody'" in stranger.stderr

    referrals.receive_referral(application, dict(COMPLETE_FORM))

    def on_meeting(day: str):
        agenda = ("move", "SCR-2026-002", "place_on_agenda", "--as", "chair", "--meeting", day)
        return cli(*agenda, url=url)

    no_day = on_meeting("31/02/2026")
    assert no_day.exit_code == 2 and no_day.stderr.strip() == (
        "error: --meeting: expected a date like 2026-12-08 or 8/12/2026, got '31/02/2026'"
    )
    english = on_meeting("8/12/2026")
    assert english.exit_code == 0, english.output


def test_dates_are_read_day_first_as_typed_in_england(db):
    iso = cli("meetings", "--json", "--from", "2026-11-22", url=db[0]).stdout
    for typed in ("22/11/2026", "22.11.2026", "22 Nov 2026", "22 November 2026"):
        assert cli("meetings", "--json", "--from", typed, url=db[0]).stdout == iso


def test_check_config_accepts_a_preset_board_and_rejects_a_wrong_one(tmp_path):
    from .test_config import BOARD

    good = tmp_path / "good.toml"
    good.write_text(BOARD)
    result = runner.invoke(app, ["check-config", str(good)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {good}: Test Board (cambridgeshire_2016)")
    assert "warning: Police has no board_member_email: a decision on a referral" in result.stdout
    assert "warning: Police has nobody in the board file: if it attends" in result.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text(BOARD.replace('dfe = "dfe@tb.example"', 'dfe = "not-an-address"'))
    result = runner.invoke(app, ["check-config", str(bad)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (
        f"error: config error in {bad}: distribution.dfe: expected an email "
        "address like name@agency.gov.uk, got 'not-an-address'"
    )


def test_a_wrong_config_stops_every_command(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[board]\nname = 1\n")
    result = runner.invoke(app, ["--config", str(bad), "status"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: config error in {bad}: ")


@pytest.mark.slow
@pytest.mark.parametrize("framework", [None, "north-west-2014", "working-together-2023"])
def test_demo_runs_end_to_end(tmp_path, framework):
    """`make demo` runs `panelclerk demo`; run it as a user would, in a fresh folder."""
    args = [sys.executable, "-m", "panelclerk.cli", "demo", "--data", str(tmp_path / "d")]
    if framework:
        args += ["--framework", framework]
    env = dict(os.environ, COLUMNS="120")
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # the console draws boxes and wraps long lines: read the words, not the layout
    text = " ".join(re.sub("[│╭╮╰╯─]", " ", done.stdout).split())
    if framework == "working-together-2023":
        assert "RR-2026-001" in text and "review complete" in text
        assert "still to sign off" in text and "decision recorded" in text
        assert "State: individual agency summary requested" in text  # never "precis"
        assert "precis requested" not in text
        assert "action plan ratings due by" in text and "action plan update for" in text
        for word in (r"\bSCR\b", r"\bLSCB\b", "Serious Case Review", "Independent Chair"):
            assert not re.search(word, text), word
        return
    for expected in (
        "Referral received",
        "missing",
        "for screening",
        "Put on agenda",
        "requested",
        "Members' recommendations",
        "only the Independent Chair may record the decision",
        "Decision of the Independent Chair",
        "Director of Children's Services",
        "review complete",
        "action plan ratings due by",
        "monitor: action_update - held",
        "chain verified",
    ):
        assert expected in text, expected
    assert "Child A" not in text  # the child's name never reaches chat or the console
    if framework:
        assert "targeted" in text or "intensive" in text


def test_the_business_manager_records_the_serious_incident_notification(db):
    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM))
    args = ["notified", "SCR-2026-001"]
    early = cli(*args, "--as", "bm", "--on", "10/11/2026", url=url, today="2026-11-09")
    assert early.exit_code == 1 and "10 November 2026 is in the future" in early.stderr
    refused = cli(*args, "--as", "csc_head", url=url, today="2026-11-09")
    assert refused.exit_code == 1
    assert "only the Business Manager or the Independent Chair may record" in refused.stderr
    done = cli(*args, "--as", "bm", "--on", "6/11/2026", url=url, today="2026-11-09")
    assert done.exit_code == 0, done.output
    said = " ".join(done.stdout.split())
    assert "notification to the National SCR Panel recorded as sent 06 Nov 2026" in said
    with application.uow() as uow:
        form = uow.referrals.row("SCR-2026-001", lock=False).form
    assert form["notification.panel_notified"] == "yes, 06/11/2026"


def test_status_shows_minutes_due_until_the_business_manager_records_them(db, clock):
    import datetime as dt

    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM))
    screening.place_on_agenda(application, "SCR-2026-001", "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings_stage.record_discussion(application, "SCR-2026-001", "bm", ["csc"])
    due = " ".join(cli("status", url=url, today="2026-12-09").stdout.split())
    assert "minutes of the meeting of 08 Dec 2026 due 04 Jan 2027" in due
    assert "OVERDUE minutes" not in due
    late = " ".join(cli("status", url=url, today="2027-01-05").stdout.split())
    assert "OVERDUE minutes of the meeting of 08 Dec 2026" in late
    listed = json.loads(cli("status", "--json", url=url, today="2027-01-05").stdout)
    assert listed["minutes_due"] == [
        {"meeting": "2026-12-08", "due": "2027-01-04", "overdue": True}
    ]
    done = cli("minutes", "sent", "8/12/2026", "--as", "bm", url=url, today="2027-01-05")
    assert done.exit_code == 0, done.output
    assert "recorded as sent 05 Jan 2027" in " ".join(done.stdout.split())
    assert "minutes of" not in cli("status", url=url, today="2027-01-05").stdout
    again = cli("minutes", "sent", "2026-12-08", "--as", "bm", url=url, today="2027-01-05")
    assert again.exit_code == 1 and "already" in again.stderr


def test_the_decision_from_the_command_line_only_by_the_chair(db, clock):
    """For a board without two-way chat: `panelclerk decide` with the chat form's checks."""
    import datetime as dt

    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM))
    screening.place_on_agenda(application, "SCR-2026-001", "chair")
    clock.to(dt.date(2026, 12, 8), 12)
    meetings_stage.record_discussion(application, "SCR-2026-001", "bm", ["csc", "police"])
    args = ["decide", "SCR-2026-001", "--review-type", "scr", "--rationale", "5(2)(b)(ii) met"]
    refused = cli(*args, "--as", "bm", url=url, today="2026-12-08")
    assert (
        refused.exit_code == 1
        and "only the Independent Chair may record the decision" in refused.stderr
    )
    done = cli(*args, "--as", "chair", url=url, today="2026-12-08")
    assert done.exit_code == 0, done.output
    assert "SCR-2026-001: decision recorded (scr)" in done.stdout
    with application.uow() as uow:
        assert uow.referrals.row("SCR-2026-001", lock=False).state == "notified"
        kinds = [m.kind for m in uow.session.exec(select(OutboundMessage))]
    assert "decision" in kinds and "notice:National SCR Panel" in kinds


def test_failed_mail_is_shown_once_and_sent_again_only_by_the_business_manager(db, clock):
    url, application = db
    with application.uow() as uow:
        compose.queue(
            uow,
            application.config,
            kind="acknowledgement",
            recipients=["kim.walsh@hospitals.fenmarsh.example"],
            subject="[SCR-2026-001] Referral received",
            text="Thank you.\n",
            at=clock(),
        )
        uow.commit()
    with application.uow() as uow:  # SMTP was down for longer than the retries last
        [ack] = uow.session.exec(select(OutboundMessage))
        ack.status, ack.attempts, ack.last_error = "failed", 8, "ConnectionRefusedError"
        uow.session.add(ack)
        uow.commit()
    status = cli("status", url=url)
    assert status.stdout.count("1 outbound messages FAILED") == 1
    listed = cli("outbox", "list", url=url)
    assert f"{ack.id:>5}  acknowledgement" in listed.stdout and "reached 0 of 1" in listed.stdout
    refused = cli("outbox", "retry", str(ack.id), "--as", "chair", url=url)
    assert refused.exit_code == 1 and "only the Business Manager" in refused.output
    again = cli("outbox", "retry", str(ack.id), "--as", "bm", url=url)
    assert again.exit_code == 0 and "queued again for 1 recipients" in again.stdout
    assert "FAILED" not in cli("status", url=url).stdout
    assert json.loads(cli("outbox", "list", "--json", url=url).stdout)[0]["status"] == "queued"
    with application.uow() as uow:  # a card the bot could not post (removed from the channel)
        uow.session.add(ChatMessage(platform="slack", kind="notice", target="bm", text="x"))
        uow.session.exec(select(ChatMessage)).one().status = "failed"
        uow.commit()
    assert "1 chat messages FAILED to post" in cli("status", url=url).stdout
    assert cli("outbox", "retry-chat", "--as", "chair", url=url).exit_code == 1
    chat = cli("outbox", "retry-chat", "--as", "bm", url=url)
    assert chat.exit_code == 0 and "1 chat messages queued again" in chat.stdout
    assert json.loads(cli("status", "--json", url=url).stdout)["mail"]["chat_failed"] == 0


def test_a_fault_is_one_line_without_a_traceback_or_a_secret(tmp_path):
    url = "postgresql+psycopg://panelclerk:s3cret-pw@127.0.0.1:1/nowhere"  # nothing listens
    done = subprocess.run(
        [sys.executable, "-m", "panelclerk.cli", "--database-url", url, "status"],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PANELCLERK_DEBUG"},
    )
    assert done.returncode == 75  # EX_TEMPFAIL: try again when the database is back
    assert done.stderr.startswith("error: the database or a server it needs could not be used")
    assert "Traceback" not in done.stderr and "s3cret" not in done.stderr + done.stdout


HOSTILE = "\x1b[2J\x9b2J[red]"  # clears the screen (7-bit and 8-bit CSI), and rich markup


def test_terminal_escapes_in_stored_mail_are_shown_never_obeyed(db, tmp_path):
    """A file name, a sender, a subject or a server's answer can carry ESC sequences that
    clear the Business Manager's screen and hide what follows, or rich markup that recolours
    it: `ingest`, `quarantine list/show` and `outbox list` show each one, visibly, instead."""
    from panelclerk.application.inbound.kept import quarantined
    from panelclerk.store.tables import InboundMessage

    from .mail import REFERRER, message

    url, application = db
    hostile = message(sender=f'"Kim {HOSTILE}" <{REFERRER}>', subject=f"SCR referral {HOSTILE}")
    hostile.add_attachment(
        b"PK\x03\x04",
        maintype="application",
        subtype="octet-stream",
        filename=f"chronology{HOSTILE}.docm",
    )
    folder = tmp_path / "backfill"
    folder.mkdir()
    (folder / f"mail{HOSTILE}.eml").write_bytes(hostile.as_bytes())

    def defused(text: str) -> None:
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert "[red]" in text  # the markup shown as written, not applied

    ingested = cli("ingest", str(folder), url=url)
    assert ingested.exit_code == 0, ingested.output
    defused(ingested.stdout)
    assert "mail\\x1b[2J\\x9b2J[red].eml" in ingested.stdout  # the file name, visibly
    assert "[red].docm: macro-enabled" in ingested.stdout
    [row] = quarantined(application)
    with application.uow() as uow:  # a sender and reason stored as they came (an older
        stored = uow.session.get(InboundMessage, row.id)  # version, another route): unsafe
        stored.sender = f"kim{HOSTILE}@example"
        stored.reason = f"chronology{HOSTILE}.docm: macro-enabled Office files are not accepted"
        uow.session.add(stored)
        uow.commit()
    listed = cli("quarantine", "list", url=url)
    assert listed.exit_code == 0, listed.output
    defused(listed.stdout)
    assert "kim\\x1b[2J\\x9b2J[red]@example" in listed.stdout
    assert "chronology\\x1b[2J\\x9b2J[red].docm" in listed.stdout
    as_json = cli("quarantine", "list", "--json", url=url)
    assert "\x9b" not in as_json.stdout and "\\u009b" in as_json.stdout
    assert json.loads(as_json.stdout)[0]["sender"] == f"kim{HOSTILE}@example"  # data intact
    read = cli("quarantine", "show", str(row.id), "--as", "bm", url=url)
    assert read.exit_code == 0, read.output
    defused(read.stdout)
    assert "Subject: SCR referral" in read.stdout and "2J[red]" in read.stdout
    assert "chronology" in read.stdout and "2J[red].docm" in read.stdout
    with application.uow() as uow:
        compose.queue(
            uow,
            application.config,
            kind="acknowledgement",
            recipients=[REFERRER],
            subject="Referral received",
            text="Thank you.\n",
            at=application.clock(),
        )
        uow.commit()
    with application.uow() as uow:  # the remote server's refusal quotes what it likes
        [sent] = uow.session.exec(select(OutboundMessage))
        sent.status, sent.last_error = "failed", f"550 {HOSTILE} \u202egnp.exe"
        uow.session.add(sent)
        uow.commit()
    failed = cli("outbox", "list", url=url)
    defused(failed.stdout)
    assert "550 \\x1b[2J\\x9b2J[red] \\u202egnp.exe" in failed.stdout


def test_an_act_on_the_command_line_records_the_os_user_beside_the_name_given(db):
    """`--as chair` is a label anyone at the shell can type: the audit log says who typed it."""
    import getpass

    from panelclerk.store.tables import AuditEntry

    url, application = db
    referrals.receive_referral(application, dict(COMPLETE_FORM), referrer_email=None)
    ok = cli("move", "SCR-2026-001", "place_on_agenda", "--as", "chair", url=url)
    assert ok.exit_code == 0, ok.output
    with application.uow() as uow:
        entries = uow.session.exec(select(AuditEntry).order_by(AuditEntry.seq)).all()
    moved = [e for e in entries if e.action == "place_on_agenda"]
    assert moved and all(
        e.details["via"] == f"command line, OS user {getpass.getuser()}" for e in moved
    )
    assert "via" not in entries[0].details  # the referral's receipt, not through the shell
